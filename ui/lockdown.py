"""Kiosk mode: a frameless, full-screen, always-on-top window that a visitor cannot leave.

:func:`apply_lockdown` sets the window flags, shows the window full screen and installs one
application-wide event filter that:

* swallows the key combinations that would close or switch windows where Qt sees them (Alt+F4,
  Alt+Tab, Alt+Shift+Tab, Alt+Esc, Ctrl+Esc, Ctrl+Q, Ctrl+W, Escape, F11, the Meta/Super key);
  a window manager that grabs a key itself (Alt+Tab on most desktops) never lets Qt see it, which
  is why the kiosk session should run without a desktop (see ``resources/systemd``);
* swallows context menus (a long press on a text box would offer copy and paste);
* refuses every close of the kiosk window until an admin exit has been authorised;
* brings the window back to the front when the application loses activation to another program.

The admin-exit API is two calls:

* ``on_admin_exit_request(reason)``: given to :func:`apply_lockdown`; called (outside the event
  that caused it) when something asks the window to close — a window manager's close, Alt+F4
  reaching Qt — so the caller can open the PIN dialog. Blocked shortcuts do not call it: a curious
  visitor pressing keys sees nothing happen.
* :meth:`Lockdown.authorise_exit`: the hidden-gesture + PIN dialog calls it after the PIN was
  checked; the lock is lifted, the window closes and the application's event loop ends with
  :data:`ADMIN_EXIT_CODE`, which the systemd unit treats as "stay stopped" (any other end of the
  process, a crash included, restarts the kiosk).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

log = logging.getLogger(__name__)

ADMIN_EXIT_CODE = 10
"""Exit status after an authorised admin exit (``RestartPreventExitStatus=`` in the unit)."""

AdminExitRequest = Callable[[str], None]
"""``on_admin_exit_request(reason)``: something asked the window to close (open the PIN dialog)."""

_MOD_MASK = (
    Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.ShiftModifier
    | Qt.KeyboardModifier.MetaModifier
)

BLOCKED_KEYS: dict[tuple[Qt.Key, Qt.KeyboardModifier], str] = {
    (Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier): "Alt+F4",
    (Qt.Key.Key_Tab, Qt.KeyboardModifier.AltModifier): "Alt+Tab",
    (
        Qt.Key.Key_Backtab,
        Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier,
    ): "Alt+Shift+Tab",
    (Qt.Key.Key_Tab, Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier): (
        "Alt+Shift+Tab"
    ),
    (Qt.Key.Key_Escape, Qt.KeyboardModifier.AltModifier): "Alt+Esc",
    (Qt.Key.Key_Escape, Qt.KeyboardModifier.ControlModifier): "Ctrl+Esc",
    (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier): "Escape",
    (Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier): "Ctrl+Q",
    (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier): "Ctrl+W",
    (Qt.Key.Key_F4, Qt.KeyboardModifier.ControlModifier): "Ctrl+F4",
    (Qt.Key.Key_F11, Qt.KeyboardModifier.NoModifier): "F11",
}
"""Key + exact modifiers → a name for the log."""

ALWAYS_BLOCKED = {Qt.Key.Key_Meta: "Meta", Qt.Key.Key_Super_L: "Super", Qt.Key.Key_Super_R: "Super"}
"""Keys blocked with any modifiers (they open the desktop's launcher)."""


def blocked_name(key: int, modifiers: Qt.KeyboardModifier) -> str | None:
    """The name of a blocked key combination, or None when the key may pass."""
    try:
        k = Qt.Key(key)
    except ValueError:
        return None
    if k in ALWAYS_BLOCKED:
        return ALWAYS_BLOCKED[k]
    mods = modifiers & _MOD_MASK
    return BLOCKED_KEYS.get((k, Qt.KeyboardModifier(mods)))


class Lockdown(QObject):
    """The lock on one kiosk window; made by :func:`apply_lockdown`.

    Signals:
        blocked(str): a key combination or a close was refused (its name); for tests and the log.
        exit_authorised(str): :meth:`authorise_exit` was called (who or why).
    """

    blocked = Signal(str)
    exit_authorised = Signal(str)

    def __init__(self, window: QWidget, on_admin_exit_request: AdminExitRequest | None) -> None:
        """Lock ``window``; see :func:`apply_lockdown`."""
        super().__init__(window)
        self.window = window
        self._on_request = on_admin_exit_request
        self._authorised = False
        self._active = True
        self.blocked_count = 0
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
            if isinstance(app, QApplication):
                app.applicationStateChanged.connect(self._state_changed)
        window.installEventFilter(self)

    @property
    def locked(self) -> bool:
        """True until an admin exit is authorised or :meth:`release` is called."""
        return self._active and not self._authorised

    def authorise_exit(self, who: str = "admin") -> None:
        """Lift the lock and close the window; the PIN dialog calls this after the PIN is checked.

        Args:
            who: the staff account or reason, for the log.
        """
        log.warning("Thoát chế độ kiosk được cho phép (%s).", who)
        self._authorised = True
        self.exit_authorised.emit(who)  # main.py ends the event loop with ADMIN_EXIT_CODE
        self.release()
        self.window.close()

    def release(self) -> None:
        """Remove the filters without closing (tests; switching role)."""
        if not self._active:
            return
        self._active = False
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
            if isinstance(app, QApplication):
                app.applicationStateChanged.disconnect(self._state_changed)
        self.window.removeEventFilter(self)

    def _refuse(self, name: str) -> None:
        self.blocked_count += 1
        log.info("Chế độ kiosk: đã chặn %s.", name)
        self.blocked.emit(name)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Swallow leaving shortcuts, context menus and unauthorised closes of the window."""
        if not self.locked:
            return False
        kind = event.type()
        if kind in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride) and isinstance(
            event, QKeyEvent
        ):
            name = blocked_name(event.key(), event.modifiers())
            if name is not None:
                if kind == QEvent.Type.KeyPress:
                    self._refuse(name)
                event.accept()
                return True
            return False
        if kind == QEvent.Type.KeyRelease and isinstance(event, QKeyEvent):
            return blocked_name(event.key(), event.modifiers()) is not None
        if kind == QEvent.Type.ContextMenu:
            return True
        if kind == QEvent.Type.Close and watched is self.window:
            event.ignore()
            self._refuse("close")
            if self._on_request is not None:
                request = self._on_request
                QTimer.singleShot(0, lambda: request("close"))
            return True
        return False

    def _state_changed(self, state: Qt.ApplicationState) -> None:
        if self.locked and state != Qt.ApplicationState.ApplicationActive:
            QTimer.singleShot(0, self._to_front)

    def _to_front(self) -> None:
        app = QApplication.instance()
        if not self.locked or not isinstance(app, QApplication) or app.activeModalWidget():
            return
        self.window.raise_()
        self.window.activateWindow()


def apply_lockdown(
    window: QWidget,
    on_admin_exit_request: AdminExitRequest | None = None,
    *,
    show: bool = True,
) -> Lockdown:
    """Put ``window`` in kiosk mode: frameless, on top, full screen, shortcuts and closes refused.

    Args:
        window: the learner's kiosk window.
        on_admin_exit_request: called with a reason (``"close"``) when something asks the window
            to close; open the hidden-gesture PIN dialog there (or pass None).
        show: call ``showFullScreen()`` (False in tests that show it themselves).

    Returns:
        The lock; give it to the PIN dialog so it can call :meth:`Lockdown.authorise_exit`.
    """
    flags = (
        window.windowFlags()
        | Qt.WindowType.FramelessWindowHint
        | Qt.WindowType.WindowStaysOnTopHint
    )
    window.setWindowFlags(flags)
    window.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
    lock = Lockdown(window, on_admin_exit_request)
    if show:
        window.showFullScreen()
    return lock
