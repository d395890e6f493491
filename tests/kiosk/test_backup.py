"""Backups through SQLite's online backup API: rotation, checks, restore compared row by row."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from kiosk import backup
from kiosk.config import Settings
from kiosk.db.engine import Database
from kiosk.db.models import SessionEnd
from kiosk.services import audit, learners, progress, visits

T0 = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)


def _settings(tmp_path: Path, keep: int = 3) -> Settings:
    return Settings(data_dir=tmp_path / "data", backups_keep=keep, kiosk_id="test-kiosk")


def _fill(db: Database, n: int, now: datetime) -> None:
    """Real rows in several tables, through the services."""
    for i in range(n):
        with db.transaction() as s:
            guest = learners.create_guest(s, now=now)
            named = learners.create_learner(s, f"Nguyễn Thị Hường {i}", now=now)
            vid = visits.start(s, "test-kiosk", now=now)
            visits.attach_learner(s, vid, guest.id)
            progress.save_step(s, guest.id, "m1.1", 1, i % 5, now=now, seconds=30)
            progress.complete(
                s, named.id, "m1.2", 2, now=now, quiz_score=3, quiz_total=4, last_step=4
            )
            visits.end(s, vid, SessionEnd.finished, now=now)
            audit.record(s, "test.fill", now=now, target=str(i), detail={"i": i, "chữ": "ư"})


def dump(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, sorted, read with plain sqlite3."""
    conn = sqlite3.connect(path)
    try:
        tables = [
            r[0]
            for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")
        ]
        out = {}
        for t in tables:
            rows = conn.execute(f'SELECT * FROM "{t}"').fetchall()
            out[t] = sorted(rows, key=repr)
        return out
    finally:
        conn.close()


def test_backup_is_verified_named_and_rotated(tmp_path: Path) -> None:
    settings = _settings(tmp_path, keep=3)
    db = Database(settings.resolved_database_url)
    _fill(db, 2, T0)
    made = [backup.backup_now(settings, now=T0 + timedelta(minutes=i)) for i in range(5)]
    db.dispose()
    kept = backup.list_backups(settings)
    assert kept == list(reversed(made[2:]))  # newest first, only three kept
    assert not made[0].exists() and not made[1].exists()
    assert made[-1].name == "hocvuso-20261122-080400-000000.sqlite3"
    assert backup.backup_time(made[-1]) == T0 + timedelta(minutes=4)
    for p in kept:
        assert backup.verify(p)
        assert not Path(f"{p}-wal").exists()  # a backup is one self-contained file
    assert not list(backup.backup_dir(settings).glob("*.partial"))


def test_backup_while_a_writer_holds_the_database(tmp_path: Path) -> None:
    """The online API copies a consistent snapshot while another connection is mid-transaction."""
    settings = _settings(tmp_path)
    db = Database(settings.resolved_database_url)
    _fill(db, 3, T0)
    dbfile = backup.database_file(settings)
    assert dbfile is not None
    writer = sqlite3.connect(dbfile)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute(
        "INSERT INTO audit_event (id, at, actor, action, target, detail, kiosk_id) "
        "VALUES (X'00112233445566778899AABBCCDDEEFF', '2026-01-01', '', 'uncommitted', "
        "'', '{}', '')"
    )
    path = backup.backup_now(settings, now=T0)
    writer.rollback()
    writer.close()
    rows = dump(path)["audit_event"]
    assert len(rows) == 3 and {r[4] for r in rows} == {"test.fill"}
    db.dispose()


def test_restore_brings_back_every_table_row_by_row(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    db = Database(settings.resolved_database_url)
    _fill(db, 4, T0)
    dbfile = backup.database_file(settings)
    assert dbfile is not None
    path = backup.backup_now(settings, now=T0)
    db.dispose()
    before = dump(dbfile)
    assert sum(len(v) for v in before.values()) > 20
    assert len(before["learner"]) == 8 and len(before["lesson_progress"]) == 8

    # The kiosk goes on: more learners, a deleted row.
    db = Database(settings.resolved_database_url)
    _fill(db, 2, T0 + timedelta(days=1))
    with db.transaction() as s:
        s.execute(__import__("sqlalchemy").text("DELETE FROM audit_event WHERE target = '0'"))
    db.dispose()
    assert dump(dbfile) != before

    aside = backup.restore(settings, path, now=T0 + timedelta(days=2))
    assert aside is not None and aside.exists()
    assert aside.name == "hocvuso.sqlite3.replaced-20261124-080000-000000"
    assert dump(dbfile) == before
    assert len(dump(aside)["learner"]) == 12  # the replaced data is kept, not deleted
    # And the app opens the restored database (Alembic sees it at head).
    db = Database(settings.resolved_database_url)
    with db.transaction() as s:
        assert len(learners.search(s, "Hường")) == 4
    db.dispose()


def test_restore_refuses_a_damaged_backup_and_changes_nothing(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    db = Database(settings.resolved_database_url)
    _fill(db, 1, T0)
    db.dispose()
    dbfile = backup.database_file(settings)
    assert dbfile is not None
    before = dump(dbfile)
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    with pytest.raises(backup.BackupError) as info:
        backup.restore(settings, bad)
    assert "bị hỏng" in info.value.message
    assert dump(dbfile) == before
    assert not list(dbfile.parent.glob("*.replaced-*"))


def test_backup_without_a_database_says_so(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    with pytest.raises(backup.BackupError) as info:
        backup.backup_now(settings)
    assert info.value.message == "Chưa có dữ liệu để sao lưu."
    pg = settings.with_overrides(database_url="postgresql+psycopg://u:secret@host/db")
    with pytest.raises(backup.BackupError) as info:
        backup.backup_now(pg)
    assert "secret" not in str(info.value)


def test_backup_if_due_takes_one_a_day(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    db = Database(settings.resolved_database_url)
    _fill(db, 1, T0)
    assert backup.backup_if_due(settings, now=T0) is not None
    assert backup.backup_if_due(settings, now=T0 + timedelta(hours=2)) is None
    assert backup.backup_if_due(settings, now=T0 + timedelta(hours=21)) is not None
    assert len(backup.list_backups(settings)) == 2
    db.dispose()
