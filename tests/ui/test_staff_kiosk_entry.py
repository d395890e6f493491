"""A learner's kiosk reaches no staff screen: only the hidden gesture plus a right PIN opens one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from staff_world import TEACHER_PIN, build_window, library, seed

from kiosk.clock import FakeClock
from kiosk.config import load_settings
from kiosk.db.engine import Database
from kiosk.services.accounts import AccountInfo
from ui.staff.base import StaffScreen
from ui.staff.kiosk_entry import StaffEntry
from ui.staff.pin_dialog import PinDialog
from ui.theme import Theme


@pytest.fixture
def db(tmp_path: Path) -> Database:
    return Database(f"sqlite:///{tmp_path}/t.sqlite3")


@pytest.fixture
def kiosk(qtbot, db: Database):  # type: ignore[no-untyped-def]
    from helpers.fakes import FakeSpeaker

    from main import build_kiosk

    clock = FakeClock()
    parts = build_kiosk(
        load_settings(), clock=clock, speaker=FakeSpeaker(), db=db, library=library(), tick_ms=60000
    )
    qtbot.addWidget(parts.window)
    parts.window.resize(1366, 768)
    parts.window.show()
    yield parts.window, clock
    parts.window.timer.stop()
    parts.window.tasks.wait()


def corner_taps(qtbot, window, clock: FakeClock, n: int, gap_s: float = 0.3) -> None:  # type: ignore[no-untyped-def]
    for _ in range(n):
        qtbot.mouseClick(window, Qt.MouseButton.LeftButton, pos=QPoint(window.width() - 20, 20))
        clock.advance(gap_s)


def test_learner_window_holds_no_staff_screen(kiosk) -> None:  # type: ignore[no-untyped-def]
    window, _ = kiosk
    assert window.findChildren(StaffScreen) == []
    assert all(
        "Đăng nhập" not in b.text() for b in window.findChildren(type(window.home.print_slip))
    )


def test_gesture_then_pin(qtbot, tmp_path: Path, db: Database, kiosk) -> None:  # type: ignore[no-untyped-def]
    window, clock = kiosk
    seed(db, clock, learners=2, stuck=False)
    answers: list[str] = []
    opened: list[AccountInfo] = []

    def ask(dialog: PinDialog) -> bool:
        dialog.username.setText("co.mai")
        dialog.pin.setText(answers.pop(0))
        dialog.submit()
        return dialog.result() == PinDialog.DialogCode.Accepted

    staff_windows: list[Any] = []

    def open_staff(account: AccountInfo) -> None:
        opened.append(account)
        w, _, _ = build_window(qtbot, tmp_path, db, clock, account=account)
        staff_windows.append(w)

    entry = StaffEntry(window, db, Theme(), clock, open_staff, kiosk_id="kiosk-1", ask_pin=ask)
    try:
        # four taps, or five too slowly, or five elsewhere: nothing
        corner_taps(qtbot, window, clock, 4)
        clock.advance(5)
        corner_taps(qtbot, window, clock, 5, gap_s=1.0)
        for _ in range(5):
            qtbot.mouseClick(window, Qt.MouseButton.LeftButton, pos=QPoint(400, 400))
        assert not answers and not opened
        # the gesture with a wrong PIN: the dialog stays shut, no staff window
        answers.append("0000")
        clock.advance(5)
        corner_taps(qtbot, window, clock, 5)
        assert not answers and not opened and not staff_windows
        # the gesture with the right PIN opens the staff side at its home screen
        answers.append(TEACHER_PIN)
        clock.advance(5)
        corner_taps(qtbot, window, clock, 5)
        assert [a.username for a in opened] == ["co.mai"]
        assert staff_windows[0].current is staff_windows[0].home
    finally:
        entry.remove()
