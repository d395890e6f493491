"""Shared test setup: headless Qt, isolated settings and data folders, the gui marker."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault(
    "QT_LOGGING_RULES", "qt.multimedia.*=false;qt.qpa.*=false;qt.text.font.db=false"
)

from tests.helpers.pg import db, db_url, pg_cluster, pg_engine, pg_url  # noqa: F401
from voice.qt.pyside_guard import install as _guard_pyside

_guard_pyside()  # PySide6 6.12 on Python 3.11 drops references to None/True (see the module)


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the real settings or data folders."""
    monkeypatch.setenv("HOCVUSO_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("HOCVUSO_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("HOCVUSO_CACHE_DIR", str(tmp_path / "cache"))
    for key in ("HOCVUSO_DATABASE_URL", "HOCVUSO_LANG", "HOCVUSO_TEXT_SCALE"):
        monkeypatch.delenv(key, raising=False)


@pytest.fixture(scope="session")
def _migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One SQLite file migrated to the newest schema, copied by :func:`sqlite_db` for each test."""
    from kiosk.db.engine import Database

    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    database = Database(f"sqlite:///{path}")
    database.dispose()
    return path


@pytest.fixture
def sqlite_db(_migrated_sqlite: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    """A fresh, migrated SQLite database for one test (a copy of the session template)."""
    import shutil

    from kiosk.db.engine import Database

    path = tmp_path / "test.sqlite3"
    shutil.copyfile(_migrated_sqlite, path)
    database = Database(f"sqlite:///{path}")
    yield database
    database.dispose()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that uses a QApplication as ``gui``."""
    for item in items:
        if "qapp" in getattr(item, "fixturenames", ()) or "qtbot" in getattr(
            item, "fixturenames", ()
        ):
            item.add_marker(pytest.mark.gui)
