"""The sync status label's words (pure: no database)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from kiosk.sync.status import SyncStatus

AT = datetime(2026, 11, 22, 7, 5, tzinfo=UTC)


@pytest.mark.parametrize(
    ("status", "message", "ok"),
    [
        (SyncStatus(0), "Đã gửi hết", True),
        (SyncStatus(3), "Đang gửi 3 thay đổi", False),
        (
            SyncStatus(12, AT, "Chưa kết nối được máy chủ"),
            "Đang chờ mạng để gửi 12 thay đổi",
            False,
        ),
        (SyncStatus(0, None, "", 1), "Có 1 thay đổi máy chủ chưa nhận. Cán bộ sẽ kiểm tra.", False),
    ],
)
def test_messages(status: SyncStatus, message: str, ok: bool) -> None:
    """One calm sentence per state; ``ok`` only when nothing waits and nothing failed."""
    assert status.message == message
    assert status.ok is ok


def test_all_sent_shows_the_local_time() -> None:
    """After a success the label says when, in the station's local time."""
    assert SyncStatus(0, AT).message == f"Đã gửi hết lúc {AT.astimezone():%H:%M}"
