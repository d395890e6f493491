"""Open the database (embedded SQLite or PostgreSQL), bring its schema to the newest version, and
hand out one transaction per user action.
"""

from __future__ import annotations

import logging
import sqlite3
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from kiosk.errors import DatabaseError

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def vi_fold(text: str | None) -> str | None:
    """Fold Vietnamese text for search: no tone marks, đ → d, case-folded ("Đặng" → "dang")."""
    if text is None:
        return None
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return bare.replace("đ", "d").replace("Đ", "D").casefold()


def _sqlite_on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    dbapi_conn.isolation_level = None  # the driver opens no transactions; "begin" below does
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.close()
    dbapi_conn.create_function("vi_fold", 1, vi_fold, deterministic=True)


def alembic_config(url: str) -> Config:
    """An Alembic config pointing at the project's migrations and this database."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def make_engine(url: str) -> Engine:
    """Create an engine with the project's per-connection setup (pragmas, vi_fold)."""
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        if u.database and u.database != ":memory:":
            Path(u.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 10})
        event.listen(engine, "connect", _sqlite_on_connect)
        # pysqlite commits DDL on its own, so a power cut in the middle of a migration could
        # leave half a schema. Take transactions over (SQLAlchemy's pysqlite recipe): every
        # unit of work, migrations included, is one real SQLite transaction. IMMEDIATE takes the
        # write lock at the start, so a read-then-write save waits for the sync sender (busy
        # timeout) instead of failing when the sender committed in between.
        event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN IMMEDIATE"))
    else:
        engine = create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5)

        @event.listens_for(engine, "connect")
        def _pg_connect(dbapi_conn: Any, _record: Any) -> None:
            # PostgreSQL folds through unaccent-free SQL: a function defined by the migrations.
            pass

    return engine


class Database:
    """The one database of a station: engine, session factory, schema at the newest migration."""

    def __init__(self, url: str, *, migrate: bool = True) -> None:
        self.url = url
        try:
            self.engine = make_engine(url)
            if migrate:
                self.upgrade()
        except (OperationalError, sqlite3.Error) as exc:
            raise DatabaseError(
                "Không mở được cơ sở dữ liệu. Nhờ cán bộ kiểm tra máy.", str(exc)
            ) from exc
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    def upgrade(self) -> None:
        """Run every migration the database has not seen (``alembic upgrade head``)."""
        cfg = alembic_config(self.url)
        with self.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")

    def schema_version(self) -> tuple[str | None, str | None]:
        """(the database's current revision, the newest revision the code knows)."""
        head = ScriptDirectory.from_config(alembic_config(self.url)).get_current_head()
        with self.engine.connect() as conn:
            current = MigrationContext.configure(conn).get_current_revision()
        return current, head

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work ("a button push"): commits on success, rolls back on error.

        Raises:
            DatabaseError: the database is locked, full, read-only or gone; nothing was saved.
        """
        try:
            with self.sessions.begin() as session:
                yield session
        except OperationalError as exc:
            raise DatabaseError(_plain(exc), str(exc.orig)) from exc
        except SQLAlchemyError:
            raise

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


def _plain(exc: OperationalError) -> str:
    text = str(exc.orig).lower()
    if "locked" in text or "busy" in text:
        return "Cơ sở dữ liệu đang bận. Bác chờ một chút rồi thử lại nhé."
    if "disk" in text or "full" in text:
        return "Máy đã hết chỗ lưu. Nhờ cán bộ giải phóng bộ nhớ; bài học vẫn tiếp tục được."
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return "Máy không ghi được dữ liệu (thư mục chỉ đọc). Nhờ cán bộ kiểm tra."
    return "Không lưu được dữ liệu. Nhờ cán bộ kiểm tra máy."
