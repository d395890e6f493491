"""The kiosk's sync status: a few plain words for a small, calm label on screen."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.db.models import SyncOutbox


@dataclass(frozen=True)
class SyncStatus:
    """Where sending stands.

    Attributes:
        pending: changes recorded here and not yet on the server.
        last_success: when the server last accepted a batch (None: never, or unknown).
        last_error: why the last attempt failed, in plain Vietnamese ("" when it worked).
        refused: changes the server refused (they need an administrator; never retried silently
            forever, see :mod:`kiosk.sync.sender`).
    """

    pending: int
    last_success: datetime | None = None
    last_error: str = ""
    refused: int = 0

    @property
    def ok(self) -> bool:
        """Nothing waiting and nothing wrong."""
        return self.pending == 0 and not self.last_error and not self.refused

    @property
    def message(self) -> str:
        """One short, calm sentence for the status label (times in the station's local time)."""
        if self.refused:
            return f"Có {self.refused} thay đổi máy chủ chưa nhận. Cán bộ sẽ kiểm tra."
        if self.pending and self.last_error:
            return f"Đang chờ mạng để gửi {self.pending} thay đổi"
        if self.pending:
            return f"Đang gửi {self.pending} thay đổi"
        if self.last_success is not None:
            return f"Đã gửi hết lúc {self.last_success.astimezone():%H:%M}"
        return "Đã gửi hết"


def read_status(session: Session, *, last_error: str = "") -> SyncStatus:
    """The status as the outbox shows it (pending, refused, newest ``sent_at``).

    Args:
        session: a session on the kiosk's local database.
        last_error: the sender's last plain error, if it knows one.
    """
    pending = (
        session.scalar(
            select(func.count()).select_from(SyncOutbox).where(SyncOutbox.sent_at.is_(None))
        )
        or 0
    )
    refused = (
        session.scalar(
            select(func.count())
            .select_from(SyncOutbox)
            .where(SyncOutbox.sent_at.is_(None), SyncOutbox.last_error.like("refused:%"))
        )
        or 0
    )
    last = session.scalar(select(func.max(SyncOutbox.sent_at)))
    return SyncStatus(int(pending) - int(refused), last, last_error, int(refused))
