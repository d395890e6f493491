"""Migrations on SQLite and PostgreSQL: one head, upgrade, downgrade with data, no model drift."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import func, select, text

from kiosk.db.engine import Database, alembic_config
from kiosk.db.health import check_database
from kiosk.db.models import Base, Learner, LessonProgress
from kiosk.services import learners, progress

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


def test_single_head() -> None:
    """The migration tree never forks."""
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    assert len(script.get_heads()) == 1


def test_upgrade_downgrade_upgrade_with_data(db_url: str) -> None:
    """Upgrade head, fill tables, downgrade to base, upgrade head again: the schema comes back."""
    database = Database(db_url)
    current, head = database.schema_version()
    assert current == head
    with database.transaction() as s:
        who = learners.create_learner(s, "Nguyễn Thị Hường", now=NOW)
        progress.save_step(s, who.id, "m1.power-on", 1, 2, now=NOW)
    cfg = alembic_config(db_url)
    with database.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")
    with database.engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() is None
    database.upgrade()
    with database.transaction() as s:
        assert s.scalar(select(func.count()).select_from(Learner)) == 0
        s.add(Learner(id=uuid.uuid4(), card_code="HV-AAAAAA", created_at=NOW, updated_at=NOW))
        s.flush()
        assert s.scalar(select(func.count()).select_from(LessonProgress)) == 0
    assert database.schema_version()[0] == head
    database.dispose()


def test_models_match_migrations(db_url: str) -> None:
    """The ``alembic check`` equivalent: autogenerate finds nothing to add, drop or alter."""
    database = Database(db_url)
    with database.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True, "render_as_batch": True})
        diff = compare_metadata(ctx, Base.metadata)
    database.dispose()
    assert diff == []


def test_check_database_reports_connection_version_and_schema(db_url: str) -> None:
    """``doctor``'s database lines: all green on a migrated database."""
    before = check_database(db_url)
    if db_url.startswith("sqlite"):
        assert before == [("Kết nối cơ sở dữ liệu", False, before[0][2])]
        assert "ứng dụng sẽ tạo" in before[0][2]
        assert not Path(db_url.removeprefix("sqlite:///")).exists()  # checking creates nothing
    else:
        assert before[0][1] is True
        assert before[-1][1] is False  # not migrated yet
    Database(db_url).dispose()
    after = check_database(db_url)
    assert [name for name, _, _ in after] == [
        "Kết nối cơ sở dữ liệu",
        "Phiên bản máy chủ",
        "Phiên bản lược đồ",
    ]
    assert all(ok for _, ok, _ in after), after


@pytest.mark.postgres
def test_check_database_unreachable_server_says_so_quickly() -> None:
    """A closed loopback port is reported, without a password, within the connect timeout."""
    from tests.helpers.pg import free_port

    url = f"postgresql+psycopg://kiosk:secret@127.0.0.1:{free_port()}/hocvuso"
    [(_name, ok, detail)] = check_database(url)
    assert not ok and "secret" not in detail and "127.0.0.1" in detail


def test_check_database_schema_behind_or_ahead_of_the_app(db_url: str) -> None:
    """A database at an older revision asks for a start; one from a newer app says so."""
    database = Database(db_url)
    cfg = alembic_config(db_url)
    with database.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0001")
    behind = check_database(db_url)[-1]
    assert not behind[1] and "0001" in behind[2]
    with database.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    ahead = check_database(db_url)[-1]
    database.dispose()
    assert not ahead[1] and "mới hơn ứng dụng" in ahead[2]


@pytest.mark.parametrize("url", ["not a url", "mysql://u:pw@127.0.0.1/x"])
def test_check_database_refuses_what_it_cannot_check(url: str) -> None:
    """A malformed URL or an unsupported engine is one red line, without a password."""
    [(_name, ok, detail)] = check_database(url)
    assert not ok and "pw" not in detail
