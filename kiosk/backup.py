"""Rotating backups of the embedded SQLite database through SQLite's online backup API.

A backup is taken while the kiosk runs (``sqlite3.Connection.backup`` copies a consistent snapshot
even while another connection writes), written under a temporary name, checked with
``PRAGMA integrity_check`` and only then renamed to ``hocvuso-YYYYmmdd-HHMMSS-ffffff.sqlite3`` in
``<data_dir>/backups``. The newest ``Settings.backups_keep`` backups are kept.

A restore never deletes anything: the current database (with its ``-wal`` and ``-shm`` files) is
moved aside under a timestamped name first, then the chosen backup is copied into place.

Nothing here imports Qt; ``main.py`` prints :data:`BACKUP_DONE` / :data:`RESTORE_DONE` and shows
:class:`BackupError.message` when something goes wrong.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy.engine import make_url

from kiosk.config import Settings
from kiosk.errors import DatabaseError

log = logging.getLogger(__name__)

PREFIX = "hocvuso-"
SUFFIX = ".sqlite3"
STAMP = "%Y%m%d-%H%M%S-%f"
SIDE_FILES = ("-wal", "-shm", "-journal")
"""Files SQLite keeps next to a database; they belong to it and move with it."""

BACKUP_DONE = "Đã sao lưu dữ liệu vào tệp {path}."
"""Printed by ``python main.py backup`` (format with ``path=``)."""
RESTORE_DONE = (
    "Đã khôi phục dữ liệu từ {backup}. Dữ liệu cũ vẫn được giữ ở {aside}. "
    "Hãy khởi động lại máy học."
)
"""Printed by ``python main.py restore FILE`` (format with ``backup=`` and ``aside=``)."""
RESTORE_DONE_EMPTY = "Đã khôi phục dữ liệu từ {backup}."
"""Printed by ``restore`` when there was no current database to move aside."""


class BackupError(DatabaseError):
    """A backup could not be made, checked or restored; the message says what to do."""


def database_file(settings: Settings) -> Path | None:
    """The SQLite file of this station, or None when the database is not a local SQLite file."""
    url = make_url(settings.resolved_database_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


def backup_dir(settings: Settings) -> Path:
    """Where backups are written: ``<data_dir>/backups``."""
    return settings.data_dir / "backups"


def _now(now: datetime | None) -> datetime:
    return (now or datetime.now(UTC)).astimezone(UTC)


def _fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (a power cut right after keeps the new name)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def integrity_problems(path: Path) -> list[str]:
    """``PRAGMA integrity_check`` of one SQLite file: an empty list means the file is sound.

    The file is opened read-only when it has no write-ahead log beside it, so checking a backup
    never changes it. Any SQLite error (not a database, truncated, unreadable) is a problem.
    """
    if not path.is_file():
        return [f"không có tệp {path}"]
    has_wal = Path(f"{path}-wal").exists()
    uri = f"file:{path}" + ("" if has_wal else "?mode=ro")
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=10)
    except sqlite3.Error as exc:
        return [str(exc)]
    try:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
        # A file of random bytes can pass integrity_check when its header is intact but the
        # schema is unreadable; reading the schema catches that.
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as exc:
        return [str(exc)]
    finally:
        conn.close()
    result = [str(r[0]) for r in rows]
    return [] if result == ["ok"] else result


def verify(path: Path) -> bool:
    """True when ``path`` is a sound SQLite database (see :func:`integrity_problems`)."""
    return not integrity_problems(path)


def list_backups(settings: Settings) -> list[Path]:
    """Every finished backup, newest first (partial files are never listed)."""
    folder = backup_dir(settings)
    if not folder.is_dir():
        return []
    found = [p for p in folder.glob(f"{PREFIX}*{SUFFIX}") if p.is_file()]
    return sorted(found, key=lambda p: p.name, reverse=True)


def backup_time(path: Path) -> datetime | None:
    """When a backup was taken, read from its name (None for a foreign file name)."""
    stem = path.name.removeprefix(PREFIX).removesuffix(SUFFIX)
    try:
        return datetime.strptime(stem, STAMP).replace(tzinfo=UTC)
    except ValueError:
        return None


def backup_now(settings: Settings, *, now: datetime | None = None) -> Path:
    """Copy the live database into a new, checked backup and drop the oldest beyond the limit.

    Args:
        settings: the station's settings (``data_dir``, ``backups_keep``, database URL).
        now: the time to name the backup after (tests pass a fixed clock); defaults to now.

    Returns:
        The path of the new backup.

    Raises:
        BackupError: no local database, the copy failed (disk full, read-only) or did not verify.
    """
    source = database_file(settings)
    if source is None:
        raise BackupError(
            "Máy này dùng máy chủ dữ liệu chung; việc sao lưu do máy chủ làm.",
            settings.resolved_database_url.split("@")[-1],
        )
    if not source.is_file():
        raise BackupError("Chưa có dữ liệu để sao lưu.", str(source))
    folder = backup_dir(settings)
    final = folder / f"{PREFIX}{_now(now).strftime(STAMP)}{SUFFIX}"
    partial = final.with_name(final.name + ".partial")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        partial.unlink(missing_ok=True)
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=10)
        try:
            dst = sqlite3.connect(partial)
            try:
                src.backup(dst)
                # A backup is one self-contained file: no write-ahead log beside it.
                dst.execute("PRAGMA journal_mode=DELETE")
                dst.commit()
            finally:
                dst.close()
        finally:
            src.close()
        problems = integrity_problems(partial)
        if problems:
            raise BackupError(
                "Bản sao lưu vừa tạo bị lỗi nên đã bị bỏ. Nhờ cán bộ kiểm tra ổ đĩa.",
                "; ".join(problems[:5]),
            )
        _fsync_file(partial)
        partial.replace(final)
        _fsync_dir(folder)
    except (OSError, sqlite3.Error) as exc:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        raise BackupError(_plain(exc), f"{type(exc).__name__}: {exc}") from exc
    except BackupError:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        raise
    log.info("Đã sao lưu cơ sở dữ liệu vào %s", final)
    rotate(settings)
    return final


def _plain(exc: BaseException) -> str:
    text = str(exc).lower()
    if (isinstance(exc, OSError) and exc.errno == 28) or "full" in text or "no space" in text:
        return "Không sao lưu được: máy đã hết chỗ lưu. Nhờ cán bộ giải phóng bộ nhớ."
    if (isinstance(exc, OSError) and exc.errno == 30) or "read-only" in text or "readonly" in text:
        return "Không sao lưu được: thư mục dữ liệu chỉ đọc. Nhờ cán bộ kiểm tra."
    if "locked" in text or "busy" in text:
        return "Không sao lưu được vì dữ liệu đang bận. Máy sẽ thử lại sau."
    return "Không sao lưu được dữ liệu. Nhờ cán bộ kiểm tra máy."


def rotate(settings: Settings) -> list[Path]:
    """Delete the oldest backups beyond ``Settings.backups_keep``; returns what was deleted."""
    old = list_backups(settings)[settings.backups_keep :]
    for path in old:
        try:
            path.unlink()
        except OSError as exc:
            log.warning("Không xóa được bản sao lưu cũ %s: %s", path, exc)
    return old


def backup_if_due(
    settings: Settings, *, now: datetime | None = None, every: timedelta = timedelta(hours=20)
) -> Path | None:
    """Take a backup when the newest is older than ``every`` (call at start and from a timer).

    Never raises: a failed automatic backup is logged and the kiosk keeps running.
    """
    if database_file(settings) is None:
        return None
    current = _now(now)
    newest = next(iter(list_backups(settings)), None)
    taken = backup_time(newest) if newest else None
    if taken is not None and current - taken < every:
        return None
    try:
        return backup_now(settings, now=current)
    except BackupError as exc:
        log.error("Sao lưu tự động không được: %s", exc)
        return None


def move_aside(db: Path, label: str, *, now: datetime | None = None) -> Path | None:
    """Rename ``db`` (and its -wal/-shm files) to ``<db>.<label>-<timestamp>``; never deletes.

    Returns:
        The new path of the database file, or None when there was no file to move.
    """
    if not db.exists():
        for side in SIDE_FILES:
            Path(f"{db}{side}").unlink(missing_ok=True)
        return None
    aside = db.with_name(f"{db.name}.{label}-{_now(now).strftime(STAMP)}")
    db.replace(aside)
    for side in SIDE_FILES:
        extra = Path(f"{db}{side}")
        if extra.exists():
            extra.replace(Path(f"{aside}{side}"))
    _fsync_dir(db.parent)
    log.warning("Đã cất cơ sở dữ liệu %s sang %s", db, aside)
    return aside


def install_copy(backup: Path, db: Path) -> None:
    """Copy a backup into place as the live database (temporary name, fsync, rename)."""
    tmp = db.with_name(db.name + ".restoring")
    shutil.copyfile(backup, tmp)
    _fsync_file(tmp)
    tmp.replace(db)
    _fsync_dir(db.parent)


def restore(settings: Settings, path: Path, *, now: datetime | None = None) -> Path | None:
    """Make ``path`` the live database; the current one is moved aside first (never deleted).

    Run it while the kiosk is stopped (``python main.py restore FILE``).

    Args:
        settings: the station's settings.
        path: a backup file (any sound SQLite file of this application).
        now: the time for the moved-aside name (tests); defaults to now.

    Returns:
        Where the previous database was moved, or None when there was none.

    Raises:
        BackupError: no local database configured, or the backup is missing or damaged (then
            nothing was changed).
    """
    db = database_file(settings)
    if db is None:
        raise BackupError(
            "Máy này dùng máy chủ dữ liệu chung; không khôi phục từ tệp được.",
            settings.resolved_database_url.split("@")[-1],
        )
    path = Path(path)
    problems = integrity_problems(path)
    if problems:
        raise BackupError(
            f"Tệp sao lưu {path.name} bị hỏng hoặc không đọc được; "
            "dữ liệu hiện tại được giữ nguyên.",
            "; ".join(problems[:5]),
        )
    try:
        db.parent.mkdir(parents=True, exist_ok=True)
        aside = move_aside(db, "replaced", now=now)
    except OSError as exc:
        raise BackupError(_plain(exc), f"{type(exc).__name__}: {exc}") from exc
    try:
        install_copy(path, db)
    except OSError as exc:
        if aside is not None:  # put the previous database back: never leave the station empty
            with contextlib.suppress(OSError):
                aside.replace(db)
                for side in SIDE_FILES:
                    if Path(f"{aside}{side}").exists():
                        Path(f"{aside}{side}").replace(Path(f"{db}{side}"))
        Path(f"{db}.restoring").unlink(missing_ok=True)
        raise BackupError(_plain(exc), f"{type(exc).__name__}: {exc}") from exc
    log.warning("Đã khôi phục cơ sở dữ liệu từ %s (bản cũ: %s)", path, aside)
    return aside
