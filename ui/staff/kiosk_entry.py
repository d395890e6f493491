"""StaffEntry: the only way from a learner's kiosk to the staff screens — the hidden gesture, then
the PIN dialog; the staff window opens only for a right PIN."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from kiosk.clock import Clock
from kiosk.db.engine import Database
from kiosk.services.accounts import AccountInfo
from ui.staff.hidden_gesture import HiddenGesture
from ui.staff.pin_dialog import PinDialog
from ui.theme import Theme

AskPin = Callable[[PinDialog], bool]
"""Shows the dialog and returns True when it was accepted (tests answer it without a loop)."""


def _exec(dialog: PinDialog) -> bool:
    return dialog.exec() == QDialog.DialogCode.Accepted


class StaffEntry(QObject):
    """Watches a kiosk window for the gesture; after a right PIN calls ``open_staff(account)``.

    Args:
        kiosk_window: the learner's window (the gesture is read in its top-right corner).
        open_staff: builds and shows the staff window for the account (``main.py`` passes a
            function that makes a :class:`~ui.staff.staff_window.StaffWindow` with ``account=``).
        ask_pin: shows the PIN dialog modally (the default); tests pass their own.

    Signals:
        opened(AccountInfo): the staff side was opened for this account.
    """

    opened = Signal(object)

    def __init__(
        self,
        kiosk_window: QWidget,
        db: Database,
        theme: Theme,
        clock: Clock,
        open_staff: Callable[[AccountInfo], object],
        *,
        kiosk_id: str = "",
        ask_pin: AskPin | None = None,
    ) -> None:
        super().__init__(kiosk_window)
        self.kiosk_window, self.db, self.theme, self.clock = kiosk_window, db, theme, clock
        self.kiosk_id, self.open_staff = kiosk_id, open_staff
        self.ask_pin = ask_pin or _exec
        self.gesture = HiddenGesture(kiosk_window, clock)
        self.gesture.triggered.connect(self.ask)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.gesture)

    def ask(self) -> None:
        """Show the PIN dialog; open the staff side only when the PIN is right."""
        dialog = PinDialog(
            self.db, self.theme, self.clock, kiosk_id=self.kiosk_id, parent=self.kiosk_window
        )
        try:
            if self.ask_pin(dialog) and dialog.account is not None:
                self.open_staff(dialog.account)
                self.opened.emit(dialog.account)
        finally:
            dialog.deleteLater()

    def remove(self) -> None:
        """Stop watching (the kiosk window is closing)."""
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.gesture)
