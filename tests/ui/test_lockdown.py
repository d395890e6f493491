"""Kiosk mode on the real window: frameless, full screen, leaving shortcuts and closes refused."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from helpers.fakes import FakeSpeaker
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from kiosk.clock import FakeClock
from kiosk.config import Settings
from ui.lockdown import Lockdown, apply_lockdown, blocked_name

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
import main

K = Qt.Key
M = Qt.KeyboardModifier


@pytest.fixture
def kiosk(qtbot: QtBot, tmp_path: Path) -> main.KioskParts:
    parts = main.build_kiosk(
        Settings(data_dir=tmp_path / "data"), clock=FakeClock(), speaker=FakeSpeaker()
    )
    qtbot.addWidget(parts.window)
    yield parts
    parts.db.dispose()


def _press(target: QWidget, key: Qt.Key, mods: Qt.KeyboardModifier = M.NoModifier) -> bool:
    """Send a key press the way Qt delivers it; True when someone accepted (swallowed) it."""
    ev = QKeyEvent(QEvent.Type.KeyPress, key, mods)
    QApplication.sendEvent(target, ev)
    return ev.isAccepted()


@pytest.mark.parametrize(
    ("key", "mods", "name"),
    [
        (K.Key_F4, M.AltModifier, "Alt+F4"),
        (K.Key_Tab, M.AltModifier, "Alt+Tab"),
        (K.Key_Backtab, M.AltModifier | M.ShiftModifier, "Alt+Shift+Tab"),
        (K.Key_Q, M.ControlModifier, "Ctrl+Q"),
        (K.Key_W, M.ControlModifier, "Ctrl+W"),
        (K.Key_Escape, M.NoModifier, "Escape"),
        (K.Key_F11, M.NoModifier, "F11"),
        (K.Key_Super_L, M.MetaModifier, "Super"),
    ],
)
def test_leaving_shortcuts_are_named(key: Qt.Key, mods: Qt.KeyboardModifier, name: str) -> None:
    assert blocked_name(key, mods) == name


@pytest.mark.parametrize(
    ("key", "mods"),
    [
        (K.Key_Right, M.NoModifier),
        (K.Key_Tab, M.NoModifier),
        (K.Key_Space, M.NoModifier),
        (K.Key_A, M.NoModifier),
        (K.Key_Q, M.NoModifier),
        (K.Key_F5, M.NoModifier),
        (K.Key_Return, M.NoModifier),
        (K.Key_1, M.KeypadModifier),
    ],
)
def test_learning_keys_pass(key: Qt.Key, mods: Qt.KeyboardModifier) -> None:
    assert blocked_name(key, mods) is None


def test_window_is_frameless_fullscreen_and_shortcuts_are_swallowed(
    qtbot: QtBot, kiosk: main.KioskParts
) -> None:
    w = kiosk.window
    requests: list[str] = []
    lock = apply_lockdown(w, requests.append)
    qtbot.waitExposed(w)
    assert w.windowFlags() & Qt.WindowType.FramelessWindowHint
    assert w.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    assert w.isFullScreen()
    target = w.attract
    with qtbot.waitSignal(lock.blocked, check_params_cb=lambda n: n == "Alt+F4"):
        assert _press(target, K.Key_F4, M.AltModifier)
    for key, mods in [
        (K.Key_Tab, M.AltModifier),
        (K.Key_Q, M.ControlModifier),
        (K.Key_W, M.ControlModifier),
        (K.Key_Escape, M.NoModifier),
        (K.Key_F11, M.NoModifier),
    ]:
        assert _press(target, key, mods)
    assert lock.blocked_count == 6
    assert w.isVisible() and w.isFullScreen()
    assert requests == []  # keys alone never open the PIN dialog
    lock.release()


def test_close_is_refused_until_admin_authorises(qtbot: QtBot, kiosk: main.KioskParts) -> None:
    w = kiosk.window
    requests: list[str] = []
    lock = apply_lockdown(w, requests.append)
    qtbot.waitExposed(w)
    assert w.close() is False
    assert w.isVisible()
    qtbot.waitUntil(lambda: requests == ["close"])
    assert lock.locked
    with qtbot.waitSignal(lock.exit_authorised):
        lock.authorise_exit("admin:test")
    assert not lock.locked
    qtbot.waitUntil(lambda: not w.isVisible())


def test_lockdown_keeps_learning_keys_working(qtbot: QtBot, kiosk: main.KioskParts) -> None:
    """The window's own key actions (→ next) still reach it through the lock."""
    w = kiosk.window
    lock: Lockdown = apply_lockdown(w, None)
    qtbot.waitExposed(w)
    w.attract.started.emit()
    w.language.chosen.emit("vi")
    w.identify.guest.emit()
    lesson = kiosk.library.ordered_lessons()[0]
    w.home.open_lesson.emit(lesson.id)
    assert w.run is not None and w.run.player.step_index == 0
    _press(w.step, K.Key_Right)
    assert w.run.player.step_index == 1
    assert lock.blocked_count == 0
    lock.release()
