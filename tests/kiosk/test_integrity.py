"""The start-up check: a damaged database is moved aside (never deleted) and a backup restored."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from kiosk import backup
from kiosk.config import Settings
from kiosk.db.engine import Database
from kiosk.integrity import Recovery, check_and_recover
from kiosk.services import learners

T0 = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)


def _station(tmp_path: Path, learners_before: int, learners_after: int) -> tuple[Settings, Path]:
    """A database with a backup taken after ``learners_before`` guests, then more guests."""
    settings = Settings(data_dir=tmp_path / "data", backups_keep=5)
    db = Database(settings.resolved_database_url)
    for _ in range(learners_before):
        with db.transaction() as s:
            learners.create_guest(s, now=T0)
    backup.backup_now(settings, now=T0)
    for _ in range(learners_after):
        with db.transaction() as s:
            learners.create_guest(s, now=T0)
    db.dispose()
    dbfile = backup.database_file(settings)
    assert dbfile is not None
    return settings, dbfile


def _count_learners(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT count(*) FROM learner").fetchone()[0])
    finally:
        conn.close()


def _corrupt(path: Path, offset: int, length: int, seed: int = 7) -> None:
    data = bytearray(path.read_bytes())
    junk = bytes((seed * 31 + i * 17) % 256 for i in range(length))
    data[offset : offset + length] = junk
    with open(path, "r+b") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def test_sound_database_is_left_alone(tmp_path: Path) -> None:
    settings, dbfile = _station(tmp_path, 2, 1)
    before = dbfile.read_bytes()
    report = check_and_recover(settings)
    assert report.status is Recovery.ok and not report.needs_admin and report.message == ""
    assert dbfile.read_bytes() == before


def test_new_station_without_database_is_ok(tmp_path: Path) -> None:
    report = check_and_recover(Settings(data_dir=tmp_path / "fresh"))
    assert report.status is Recovery.ok


def test_corrupt_pages_are_moved_aside_and_backup_restored(tmp_path: Path) -> None:
    settings, dbfile = _station(tmp_path, 3, 2)
    size = dbfile.stat().st_size
    assert size > 8 * 4096
    _corrupt(dbfile, 4096 * 2, size - 4096 * 3)  # every page but the first and the last
    damaged_bytes = dbfile.read_bytes()
    report = check_and_recover(settings, now=T0 + timedelta(hours=1))
    assert report.status is Recovery.restored and report.needs_admin
    assert report.problems
    assert report.moved_aside is not None
    assert report.moved_aside.name == "hocvuso.sqlite3.damaged-20261122-090000-000000"
    assert report.moved_aside.read_bytes() == damaged_bytes  # kept, byte for byte
    assert report.restored_from == backup.list_backups(settings)[0]
    assert "bị hỏng" in report.message and "sao lưu" in report.message
    assert report.moved_aside.name in report.message
    assert _count_learners(dbfile) == 3  # the state of the backup
    assert check_and_recover(settings).status is Recovery.ok
    Database(settings.resolved_database_url).dispose()  # the app opens it


def test_corrupt_header_is_detected(tmp_path: Path) -> None:
    settings, dbfile = _station(tmp_path, 1, 1)
    _corrupt(dbfile, 0, 100)
    report = check_and_recover(settings)
    assert report.status is Recovery.restored
    assert any("not a database" in p or "malformed" in p for p in report.problems)
    assert _count_learners(dbfile) == 1


def test_newest_good_backup_is_chosen_over_a_damaged_newer_one(tmp_path: Path) -> None:
    settings, dbfile = _station(tmp_path, 2, 3)
    newer = backup.backup_dir(settings) / "hocvuso-20261122-100000-000000.sqlite3"
    newer.write_bytes(b"not a database at all" * 100)
    _corrupt(dbfile, 0, 64)
    report = check_and_recover(settings)
    assert report.status is Recovery.restored
    assert report.restored_from is not None and report.restored_from.name.startswith(
        "hocvuso-20261122-080000"
    )
    assert newer.exists()  # damaged backups are skipped, not deleted
    assert _count_learners(dbfile) == 2


def test_damaged_without_backup_starts_empty_and_keeps_the_file(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    db = Database(settings.resolved_database_url)
    with db.transaction() as s:
        learners.create_guest(s, now=T0)
    db.dispose()
    dbfile = backup.database_file(settings)
    assert dbfile is not None
    _corrupt(dbfile, 0, 100)
    report = check_and_recover(settings)
    assert report.status is Recovery.emptied and report.needs_admin
    assert "dữ liệu trống" in report.message
    assert not dbfile.exists() and report.moved_aside is not None and report.moved_aside.exists()
    db = Database(settings.resolved_database_url)  # a fresh, empty database
    with db.transaction() as s:
        assert learners.search(s, "") == []
    db.dispose()


def test_missing_database_with_backups_is_restored(tmp_path: Path) -> None:
    settings, dbfile = _station(tmp_path, 2, 0)
    dbfile.unlink()
    for side in ("-wal", "-shm"):
        Path(f"{dbfile}{side}").unlink(missing_ok=True)
    report = check_and_recover(settings)
    assert report.status is Recovery.restored and "Không tìm thấy" in report.message
    assert _count_learners(dbfile) == 2


def test_postgres_is_skipped(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, database_url="postgresql+psycopg://u@h/db")
    assert check_and_recover(settings).status is Recovery.skipped


def test_half_done_migration_is_recovered(tmp_path: Path) -> None:
    """A power cut during a migration leaves tables but no version stamp (SQLite commits each DDL
    statement of the migration on its own): the app could never open the file again. The start-up
    check sees it, keeps the file and restores the backup."""
    settings, dbfile = _station(tmp_path, 2, 1)
    conn = sqlite3.connect(dbfile)
    conn.execute("DROP TABLE alembic_version")
    conn.commit()
    conn.close()
    report = check_and_recover(settings)
    assert report.status is Recovery.restored
    assert "interrupted schema migration" in report.problems[0]
    assert "already exists" in report.problems[0]
    assert _count_learners(dbfile) == 2
    assert report.moved_aside is not None and report.moved_aside.exists()
    Database(settings.resolved_database_url).dispose()


def test_half_done_first_install_starts_empty(tmp_path: Path) -> None:
    """Killed during the very first migration of a new station: no backup yet, start empty."""
    settings = Settings(data_dir=tmp_path / "data")
    Database(settings.resolved_database_url).dispose()
    dbfile = backup.database_file(settings)
    assert dbfile is not None
    conn = sqlite3.connect(dbfile)
    conn.execute("DROP TABLE alembic_version")
    conn.execute("DROP TABLE lesson_progress")
    conn.commit()
    conn.close()
    report = check_and_recover(settings)
    assert report.status is Recovery.emptied
    Database(settings.resolved_database_url).dispose()
    assert check_and_recover(settings).status is Recovery.ok
