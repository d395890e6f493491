"""Database checks for ``python main.py doctor``: connection, server version, schema revision."""

from __future__ import annotations

from pathlib import Path

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from kiosk.db.engine import alembic_config

CONNECT_TIMEOUT_S = 5
"""How long ``doctor`` waits for a PostgreSQL server before calling it unreachable."""


def _redacted(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "?"


def check_database(url: str) -> list[tuple[str, bool, str]]:
    """Check one database the way ``doctor`` reports it.

    Args:
        url: a SQLAlchemy URL (``sqlite:///…`` or ``postgresql+psycopg://…``).

    Returns:
        ``(check name, passed, plain detail)`` for: the connection, the server version and the
        schema revision compared with the newest migration the code knows. When the connection
        fails (or a SQLite file does not exist yet: checking never creates it), only the
        connection line is returned. Passwords never appear in the detail.
    """
    shown = _redacted(url)
    try:
        u = make_url(url)
    except ArgumentError as exc:
        return [("Kết nối cơ sở dữ liệu", False, f"Địa chỉ không hợp lệ: {exc}")]
    backend = u.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        return [
            (
                "Kết nối cơ sở dữ liệu",
                False,
                f"Không hỗ trợ loại {backend}: dùng SQLite hoặc PostgreSQL",
            )
        ]
    if (
        backend == "sqlite"
        and u.database
        and u.database != ":memory:"
        and not Path(u.database).exists()
    ):
        return [
            (
                "Kết nối cơ sở dữ liệu",
                False,
                f"Chưa có tệp {u.database}; ứng dụng sẽ tạo khi khởi động",
            )
        ]
    connect_args: dict[str, object] = (
        {"connect_timeout": CONNECT_TIMEOUT_S}
        if backend == "postgresql"
        else {"timeout": CONNECT_TIMEOUT_S}
    )
    engine = create_engine(url, connect_args=connect_args, pool_pre_ping=False)
    results: list[tuple[str, bool, str]] = []
    try:
        with engine.connect() as conn:
            results.append(("Kết nối cơ sở dữ liệu", True, f"Đã kết nối {shown}"))
            if backend == "sqlite":
                version = str(conn.execute(text("select sqlite_version()")).scalar_one())
                results.append(("Phiên bản máy chủ", True, f"SQLite {version}"))
            else:
                num = int(conn.execute(text("show server_version_num")).scalar_one())
                version = str(conn.execute(text("show server_version")).scalar_one())
                ok = num >= 130000
                results.append(
                    (
                        "Phiên bản máy chủ",
                        ok,
                        f"PostgreSQL {version}" + ("" if ok else " (cần PostgreSQL 13 trở lên)"),
                    )
                )
            current = MigrationContext.configure(conn).get_current_revision()
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0:1]
        return [
            (
                "Kết nối cơ sở dữ liệu",
                False,
                f"Không kết nối được {shown}: {reason[0] if reason else exc}",
            )
        ]
    finally:
        engine.dispose()
    script = ScriptDirectory.from_config(alembic_config(url))
    head = script.get_current_head()
    known = {rev.revision for rev in script.walk_revisions()}
    if current is not None and current not in known:
        results.append(
            (
                "Phiên bản lược đồ",
                False,
                f"Cơ sở dữ liệu ở phiên bản {current}, mới hơn ứng dụng này ({head}): "
                "cập nhật ứng dụng trên máy này",
            )
        )
    elif current == head:
        results.append(("Phiên bản lược đồ", True, f"Đúng phiên bản mới nhất ({head})"))
    elif current is None:
        results.append(
            (
                "Phiên bản lược đồ",
                False,
                f"Chưa có lược đồ; ứng dụng sẽ tạo khi khởi động (mới nhất: {head})",
            )
        )
    else:
        results.append(
            (
                "Phiên bản lược đồ",
                False,
                f"Đang ở {current}, mới nhất là {head}: khởi động ứng dụng để nâng cấp",
            )
        )
    return results
