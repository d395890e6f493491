"""The start-up check of the embedded database: find damage, keep the evidence, restore a backup.

``main.py`` calls :func:`check_and_recover` before it opens the database. A sound file is left
alone. A damaged one (``PRAGMA integrity_check`` fails, SQLite cannot read it at all, or a schema
migration was cut off half way so the app could never open it again) is renamed
with a timestamp (never deleted), the newest backup that itself passes the check is copied into
place, and the :class:`RecoveryReport` carries one plain Vietnamese sentence for the admin screen
and the log. When no good backup exists the kiosk starts with an empty database and says so.
"""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from kiosk import backup
from kiosk.config import Settings

log = logging.getLogger(__name__)


class Recovery(enum.StrEnum):
    """What the start-up check found and did."""

    ok = "ok"
    """The database is sound (or does not exist yet on a new station)."""
    skipped = "skipped"
    """Not a local SQLite database (PostgreSQL): the server looks after itself."""
    restored = "restored"
    """The database was damaged or missing; a backup was put in its place."""
    emptied = "emptied"
    """The database was damaged and no good backup existed; the kiosk starts empty."""
    failed = "failed"
    """The damaged file could not even be moved (read-only disk); nothing was changed."""


@dataclass(frozen=True)
class RecoveryReport:
    """The outcome of :func:`check_and_recover`.

    Attributes:
        status: what happened.
        message: one plain Vietnamese sentence for the admin ("" when all is well).
        problems: what ``integrity_check`` or SQLite reported (for the log).
        moved_aside: where the damaged database now is, if it was moved.
        restored_from: the backup that was copied into place, if any.
    """

    status: Recovery
    message: str = ""
    problems: list[str] = field(default_factory=list)
    moved_aside: Path | None = None
    restored_from: Path | None = None

    @property
    def needs_admin(self) -> bool:
        """True when an admin should read :attr:`message`."""
        return self.status in (Recovery.restored, Recovery.emptied, Recovery.failed)


def _when(path: Path) -> str:
    taken = backup.backup_time(path)
    if taken is None:
        return path.name
    return taken.astimezone().strftime("%H:%M ngày %d/%m/%Y")


def _newest_good(settings: Settings) -> tuple[Path | None, list[Path]]:
    """The newest backup that passes the check, and the damaged ones skipped on the way."""
    bad: list[Path] = []
    for candidate in backup.list_backups(settings):
        if backup.verify(candidate):
            return candidate, bad
        bad.append(candidate)
    return None, bad


_HALF_MIGRATED = ("already exists", "duplicate column name")
"""What SQLite says when a migration runs again over DDL that an interrupted run left behind."""


def _interrupted_migration(settings: Settings) -> str | None:
    """The error of bringing the schema to the newest version, when a power cut during an
    earlier migration left it half done (SQLite commits each DDL statement of a migration on its
    own, so a kill mid-migration leaves tables without the version stamp); None when all is well
    or the problem is something else (locked, read-only: reported when the app opens it)."""
    from kiosk.db.engine import Database
    from kiosk.errors import DatabaseError

    try:
        Database(settings.resolved_database_url).dispose()
    except DatabaseError as exc:
        if any(words in exc.detail for words in _HALF_MIGRATED):
            return exc.detail.splitlines()[0][:300]
    return None


def check_and_recover(settings: Settings, *, now: datetime | None = None) -> RecoveryReport:
    """Check the station's database before it is opened; recover it from a backup if damaged.

    Args:
        settings: the station's settings (database URL, ``data_dir``).
        now: the time for the moved-aside name (tests pass a fixed one).

    Returns:
        A report; show :attr:`RecoveryReport.message` to the admin when
        :attr:`RecoveryReport.needs_admin` is true. Never raises for a damaged or missing file.
    """
    db = backup.database_file(settings)
    if db is None:
        return RecoveryReport(Recovery.skipped)
    current = (now or datetime.now(UTC)).astimezone(UTC)
    if not db.exists():
        if Path(f"{db}-wal").exists():
            # A write-ahead log without its database cannot be replayed: keep it as evidence.
            Path(f"{db}-wal").replace(Path(f"{db}-wal.orphan-{current.strftime(backup.STAMP)}"))
        good, _ = _newest_good(settings)
        if good is None:
            return RecoveryReport(Recovery.ok)
        try:
            backup.install_copy(good, db)
        except OSError as exc:
            log.error("Không khôi phục được %s từ %s: %s", db, good, exc)
            return RecoveryReport(
                Recovery.failed,
                "Không tìm thấy dữ liệu và cũng không chép lại được bản sao lưu. "
                "Nhờ cán bộ kỹ thuật kiểm tra ổ đĩa.",
                [str(exc)],
                restored_from=None,
            )
        msg = (
            f"Không tìm thấy tệp dữ liệu nên máy đã dùng bản sao lưu lúc {_when(good)}. "
            "Những gì học sau lúc đó có thể không còn."
        )
        log.error("%s (%s)", msg, good)
        return RecoveryReport(Recovery.restored, msg, ["database file missing"], None, good)

    problems = backup.integrity_problems(db)
    if not problems:
        interrupted = _interrupted_migration(settings)
        if interrupted is None:
            return RecoveryReport(Recovery.ok)
        problems = [f"interrupted schema migration: {interrupted}"]
    log.error("Cơ sở dữ liệu %s bị hỏng: %s", db, "; ".join(problems[:10]))
    try:
        aside = backup.move_aside(db, "damaged", now=current)
    except OSError as exc:
        msg = (
            "Dữ liệu của máy bị hỏng và không cất sang bên được (ổ đĩa chỉ đọc?). "
            "Nhờ cán bộ kỹ thuật kiểm tra trước khi dùng máy."
        )
        log.error("%s (%s)", msg, exc)
        return RecoveryReport(Recovery.failed, msg, [*problems, str(exc)])
    good, skipped = _newest_good(settings)
    for b in skipped:
        log.error("Bản sao lưu %s cũng bị hỏng; bỏ qua.", b)
    if good is None:
        msg = (
            f"Dữ liệu của máy bị hỏng nên đã được cất sang tệp {aside.name if aside else '?'}. "
            "Không có bản sao lưu tốt nên máy bắt đầu với dữ liệu trống. "
            "Nhờ cán bộ kỹ thuật liên hệ để cứu dữ liệu cũ."
        )
        log.error("%s", msg)
        return RecoveryReport(Recovery.emptied, msg, problems, aside)
    try:
        backup.install_copy(good, db)
    except OSError as exc:
        msg = (
            f"Dữ liệu của máy bị hỏng nên đã được cất sang tệp {aside.name if aside else '?'}, "
            "nhưng không chép lại được bản sao lưu. Máy bắt đầu với dữ liệu trống."
        )
        log.error("%s (%s)", msg, exc)
        return RecoveryReport(Recovery.emptied, msg, [*problems, str(exc)], aside)
    msg = (
        f"Dữ liệu của máy bị hỏng nên đã được cất sang tệp {aside.name if aside else '?'}. "
        f"Máy đã khôi phục bản sao lưu lúc {_when(good)}; "
        "những gì học sau lúc đó có thể không còn."
    )
    log.error("%s", msg)
    return RecoveryReport(Recovery.restored, msg, problems, aside, good)
