"""The SQLite engine: pragmas, migrations, time zones, Vietnamese folding, plain errors."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import select, text

from kiosk.db.engine import Database, alembic_config, vi_fold
from kiosk.db.models import Base, Learner
from kiosk.errors import DatabaseError


@pytest.fixture
def db(tmp_path: Path) -> Database:
    d = Database(f"sqlite:///{tmp_path}/t.sqlite3")
    yield d
    d.dispose()


def test_wal_foreign_keys_and_durable_sync(db: Database) -> None:
    with db.engine.connect() as c:
        assert c.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert c.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert c.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL


def test_single_head_and_schema_matches_models(db: Database) -> None:
    script = ScriptDirectory.from_config(alembic_config(db.url))
    assert len(script.get_heads()) == 1
    current, head = db.schema_version()
    assert current == head
    with db.engine.connect() as c:
        tables = {
            r[0] for r in c.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))
        }
    assert set(Base.metadata.tables) <= tables


def test_downgrade_then_upgrade_with_data(db: Database) -> None:
    now = datetime(2026, 11, 22, 8, tzinfo=UTC)
    with db.transaction() as s:
        s.add(Learner(card_code="HV-AAAAAA", created_at=now, updated_at=now))
    cfg = alembic_config(db.url)
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")
    with db.engine.connect() as c:
        assert "learner" not in {
            r[0] for r in c.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))
        }
    db.upgrade()
    with db.transaction() as s:
        s.add(Learner(card_code="HV-CCCCCC", created_at=now, updated_at=now))
    with db.transaction() as s:
        assert s.scalars(select(Learner.card_code)).all() == ["HV-CCCCCC"]


def test_datetimes_come_back_timezone_aware(db: Database) -> None:
    now = datetime(2026, 11, 22, 8, 30, tzinfo=UTC)
    with db.transaction() as s:
        s.add(Learner(card_code="HV-DDDDDD", created_at=now, updated_at=now))
    with db.transaction() as s:
        got = s.scalars(select(Learner)).one().created_at
    assert got == now and got.tzinfo is not None


def test_naive_datetimes_are_refused(db: Database) -> None:
    with pytest.raises(Exception, match="naive"), db.transaction() as s:
        s.add(
            Learner(
                card_code="HV-EEEEEE",
                created_at=datetime(2026, 1, 1),
                updated_at=datetime(2026, 1, 1),
            )
        )
        s.flush()


@pytest.mark.parametrize(
    "raw, folded",
    [("Đặng Thị Hường", "dang thi huong"), ("NGUYỄN", "nguyen"), ("Ước", "uoc"), (None, None)],
)
def test_vi_fold(raw: str | None, folded: str | None) -> None:
    assert vi_fold(raw) == folded


def test_vi_fold_is_available_in_sql(db: Database) -> None:
    with db.engine.connect() as c:
        assert c.execute(text("SELECT vi_fold('Hường')")).scalar() == "huong"


def test_locked_database_is_a_plain_message(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/lock.sqlite3"
    a = Database(url)
    b = Database(url)
    b.engine.dispose()
    b.engine = __import__("kiosk.db.engine", fromlist=["make_engine"]).make_engine(url)
    b.engine.pool._timeout = 0
    import sqlite3

    holder = sqlite3.connect(f"{tmp_path}/lock.sqlite3", timeout=0)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        from sqlalchemy import event

        @event.listens_for(b.engine, "connect")
        def _short(dbapi_conn, _rec):  # type: ignore[no-untyped-def]
            dbapi_conn.execute("PRAGMA busy_timeout=100")

        b.engine.dispose()
        with pytest.raises(DatabaseError) as err, b.transaction() as s:
            s.add(
                Learner(
                    card_code="HV-FFFFFF",
                    created_at=datetime.now(UTC),
                    updated_at=datetime.now(UTC),
                )
            )
        assert "bận" in err.value.message
    finally:
        holder.rollback()
        holder.close()
        a.dispose()
        b.dispose()


def test_schema_changes_are_transactional(db: Database) -> None:
    """A migration cut off half way leaves nothing behind (pysqlite would commit DDL at once)."""
    with pytest.raises(RuntimeError), db.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE half_done (id INTEGER)")
        raise RuntimeError("power cut")
    with db.engine.connect() as c:
        names = {r[0] for r in c.execute(text("SELECT name FROM sqlite_master"))}
    assert "half_done" not in names
