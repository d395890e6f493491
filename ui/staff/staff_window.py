"""The instructor's and the office's window: sign-in first, then classes and tools.

``main.py`` builds it for ``--role classroom`` and ``--role office``; a kiosk opens it only after
the hidden gesture and the PIN dialog (then ``account`` is passed in and sign-in is skipped).
"""

from __future__ import annotations

import logging
import uuid
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QFileDialog, QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from kiosk.clock import Clock
from kiosk.db.engine import Database
from kiosk.i18n import tr
from kiosk.reports.printing import PrintBackend
from kiosk.services import accounts
from kiosk.services.accounts import AccountInfo
from lessons.loader import Library
from ui.staff.accounts_screen import AccountsScreen
from ui.staff.audit_log import AuditScreen
from ui.staff.base import StaffScreen
from ui.staff.class_form import NewClassScreen
from ui.staff.class_screen import ClassScreen
from ui.staff.context import FileChooser, StaffContext
from ui.staff.curriculum import curriculum_from
from ui.staff.documents import DocumentsScreen
from ui.staff.first_admin import FirstAdminScreen
from ui.staff.home import StaffHomeScreen
from ui.staff.presenter import PresenterScreen
from ui.staff.rollcall import RollCallScreen
from ui.staff.signin import SignInScreen
from ui.staff.stuck import StuckScreen
from ui.tasks import Tasks
from ui.theme import Theme
from ui.widgets.message_bar import MessageBar

log = logging.getLogger(__name__)

ROLES = ("classroom", "office")


def _open_dialog(title: str, pattern: str) -> Path | None:
    path, _ = QFileDialog.getOpenFileName(None, title, "", pattern)
    return Path(path) if path else None


def _save_dialog(title: str, pattern: str) -> Path | None:
    path, _ = QFileDialog.getSaveFileName(None, title, "", pattern)
    return Path(path) if path else None


class StaffWindow(QMainWindow):
    """Sign-in, then the staff screens in one stack with one message bar.

    Args:
        db: the station's database.
        theme: the theme (its scale is the staff's text scale).
        clock: the clock (tests pass a FakeClock).
        role: ``classroom`` (an instructor's PC: their own classes first) or ``office``.
        tasks: the background-work helper.
        library: the lesson library (presenter mode, module names in reports).
        printer: the print system (``CupsPrinting()``), or ``None`` to only save PDFs.
        printer_name: the CUPS queue, or ``None`` for the default.
        out_dir: where documents and exports are saved (``settings.documents_dir``).
        kiosk_id: this station's id, written into audit events.
        refresh_ms: the "who is stuck" refresh interval.
        open_file / save_file: file dialogs (tests pass fakes).
        account: an account already signed in (the kiosk's PIN dialog); skips sign-in.

    Signals:
        screen_shown(str): the name of the screen now on top.
        signed_out(): the person signed out (a kiosk closes the window then).
    """

    screen_shown = Signal(str)
    signed_out = Signal()

    def __init__(
        self,
        db: Database,
        theme: Theme,
        clock: Clock,
        role: str,
        tasks: Tasks,
        *,
        library: Library | None = None,
        printer: PrintBackend | None = None,
        printer_name: str | None = None,
        out_dir: Path | None = None,
        kiosk_id: str = "",
        refresh_ms: int = 15000,
        open_file: FileChooser | None = None,
        save_file: FileChooser | None = None,
        account: AccountInfo | None = None,
    ) -> None:
        super().__init__()
        if role not in ROLES:
            raise ValueError(f"role must be one of {ROLES}, not {role!r}")
        self.ctx = StaffContext(
            db=db,
            theme=theme,
            clock=clock,
            tasks=tasks,
            role=role,
            out_dir=out_dir or Path.home() / "HocVuSo",
            open_file=open_file or _open_dialog,
            save_file=save_file or _save_dialog,
            library=library,
            curriculum=curriculum_from(library),
            printer=printer,
            printer_name=printer_name,
            kiosk_id=kiosk_id,
            refresh_ms=refresh_ms,
            account=account,
        )
        self.setWindowTitle(tr("Học vụ số · Giảng viên và cán bộ", "vi"))
        self.setAccessibleName(tr("Học vụ số · Giảng viên và cán bộ", "vi"))
        self.setMinimumSize(1024, 700)
        self.messages = MessageBar(theme)
        self.stack = QStackedWidget()
        central = QWidget()
        lay = QVBoxLayout(central)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.messages)
        lay.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        c = self.ctx
        self.sign_in = SignInScreen(c)
        self.first_admin = FirstAdminScreen(c)
        self.home = StaffHomeScreen(c)
        self.new_class = NewClassScreen(c)
        self.klass = ClassScreen(c)
        self.roll = RollCallScreen(c)
        self.stuck = StuckScreen(c)
        self.presenter = PresenterScreen(c)
        self.documents = DocumentsScreen(c)
        self.audit = AuditScreen(c)
        self.accounts = AccountsScreen(c)
        self.screens: list[StaffScreen] = [
            self.sign_in,
            self.first_admin,
            self.home,
            self.new_class,
            self.klass,
            self.roll,
            self.stuck,
            self.presenter,
            self.documents,
            self.audit,
            self.accounts,
        ]
        for s in self.screens:
            self.stack.addWidget(s)
            s.message.connect(self.messages.show_message)
        self._wire()
        self.apply_theme()
        theme.changed.connect(self.apply_theme)
        if account is not None:
            self.show_screen(self.home)
        elif not self._has_admin():
            self.show_screen(self.first_admin)
        else:
            self.show_screen(self.sign_in)

    def _has_admin(self) -> bool:
        with self.ctx.db.transaction() as s:
            return accounts.has_admin(s)

    def _wire(self) -> None:
        self.sign_in.signed_in.connect(self._signed_in)
        self.first_admin.created.connect(lambda: self.show_screen(self.sign_in))
        self.home.open_class.connect(self.open_class)
        self.home.new_class.connect(lambda: self.show_screen(self.new_class))
        self.home.open_audit.connect(lambda: self.show_screen(self.audit))
        self.home.open_accounts.connect(lambda: self.show_screen(self.accounts))
        self.home.sign_out.connect(self.sign_out)
        self.new_class.created.connect(self.open_class)
        self.new_class.back.connect(lambda: self.show_screen(self.home))
        self.klass.back.connect(lambda: self.show_screen(self.home))
        self.klass.roll_call.connect(self._roll)
        self.klass.stuck.connect(self._stuck)
        self.klass.present.connect(lambda _cid: self.show_screen(self.presenter))
        self.klass.documents.connect(self._documents)
        below_class: tuple[StaffScreen, ...] = (
            self.roll,
            self.stuck,
            self.presenter,
            self.documents,
        )
        for screen in below_class:
            screen.back.connect(lambda: self.show_screen(self.klass))
        below_home: tuple[StaffScreen, ...] = (self.audit, self.accounts)
        for screen in below_home:
            screen.back.connect(lambda: self.show_screen(self.home))

    def apply_theme(self) -> None:
        """Re-apply the stylesheet at the current scale."""
        self.setStyleSheet(self.ctx.theme.stylesheet())

    @property
    def current(self) -> StaffScreen:
        """The screen on top."""
        w = self.stack.currentWidget()
        assert isinstance(w, StaffScreen)
        return w

    def show_screen(self, screen: StaffScreen) -> None:
        """Leave the current screen (its timers stop) and show ``screen`` with fresh data."""
        before = self.stack.currentWidget()
        if isinstance(before, StaffScreen) and before is not screen:
            before.stop()
        self.messages.clear_message()
        if screen not in (self.sign_in, self.first_admin) and self.ctx.account is None:
            screen = self.sign_in
        self.stack.setCurrentWidget(screen)
        screen.refresh()
        self.screen_shown.emit(screen.name)

    def _signed_in(self, account: AccountInfo) -> None:
        self.ctx.account = account
        self.show_screen(self.home)

    def sign_out(self) -> None:
        """Forget the person and go back to sign-in."""
        self.presenter.close_projection()
        self.current.stop()
        self.ctx.account = None
        self.sign_in.clear()
        self.show_screen(self.sign_in)
        self.signed_out.emit()

    def open_class(self, class_id: uuid.UUID) -> None:
        """Show one class."""
        self.klass.class_id = class_id
        self.show_screen(self.klass)

    def _roll(self, class_id: uuid.UUID) -> None:
        self.roll.class_id, self.roll.session = class_id, None
        self.show_screen(self.roll)

    def _stuck(self, class_id: uuid.UUID) -> None:
        self.stuck.class_id = class_id
        self.show_screen(self.stuck)

    def _documents(self, class_id: uuid.UUID) -> None:
        self.documents.class_id = class_id
        self.show_screen(self.documents)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Stop timers, close the projector window, let background work finish."""
        for s in self.screens:
            s.stop()
        self.presenter.close_projection()
        self.ctx.tasks.wait(10000)
        super().closeEvent(event)
