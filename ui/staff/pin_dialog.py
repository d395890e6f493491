"""PinDialog: the staff PIN asked on a kiosk after the hidden gesture; nothing opens without it."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from kiosk.clock import Clock
from kiosk.db.engine import Database
from kiosk.db.models import Role
from kiosk.errors import KioskError
from kiosk.i18n import tr
from kiosk.services import accounts
from kiosk.services.accounts import AccountError, AccountInfo
from ui.staff.pin_keypad import PinKeypad
from ui.theme import Theme
from ui.widgets.big_button import BigButton
from ui.widgets.wrap_label import WrapLabel


class PinDialog(QDialog):
    """Asks for a staff username and PIN; :attr:`account` is set only when they are right.

    Args:
        allowed: the roles that may pass (all staff roles when empty).
    """

    def __init__(
        self,
        db: Database,
        theme: Theme,
        clock: Clock,
        *,
        kiosk_id: str = "",
        allowed: tuple[Role, ...] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db, self.clock, self.kiosk_id, self.allowed = db, clock, kiosk_id, allowed
        self.account: AccountInfo | None = None
        self.setWindowTitle(tr("Dành cho cán bộ", "vi"))
        self.setAccessibleName(tr("Dành cho cán bộ", "vi"))
        self.setStyleSheet(theme.stylesheet())
        self.title = WrapLabel(
            tr("Phần này dành cho cán bộ. Xin nhập tên đăng nhập và mã PIN.", "vi"), role="heading"
        )
        self.problem = WrapLabel(role="info")
        self.problem.hide()
        self.username = QLineEdit()
        self.username.setPlaceholderText(tr("Tên đăng nhập", "vi"))
        self.username.setAccessibleName(tr("Tên đăng nhập", "vi"))
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setAccessibleName(tr("Mã PIN", "vi"))
        self.pin.setPlaceholderText(tr("Mã PIN", "vi"))
        self.pin.returnPressed.connect(self.submit)
        for f in (self.username, self.pin):
            f.setMinimumHeight(theme.target_px)
        self.keypad = PinKeypad(self.pin, theme)
        self.ok = BigButton(tr("Vào", "vi"), kind="go", on_click=self.submit)
        self.cancel = BigButton(tr("Quay lại", "vi"), kind="quiet", on_click=self.reject)
        for b in (self.ok, self.cancel):
            b.setMinimumHeight(theme.target_px)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel)
        buttons.addWidget(self.ok)
        lay = QVBoxLayout(self)
        lay.setSpacing(theme.px(12))
        for w in (self.title, self.problem, self.username, self.pin, self.keypad):
            lay.addWidget(w)
        lay.addLayout(buttons)

    def submit(self) -> None:
        """Check the PIN; stay open with a plain message when it is wrong."""
        user, secret = self.username.text().strip(), self.pin.text()
        self.pin.clear()
        try:
            with self.db.transaction() as s:
                try:
                    result: AccountInfo | AccountError = accounts.sign_in(
                        s, user, secret, now=self.clock.now(), kiosk_id=self.kiosk_id
                    )
                except AccountError as exc:
                    result = exc
        except KioskError as exc:
            self._say(exc.message)
            return
        if isinstance(result, AccountError):
            self._say(result.message)
            return
        if self.allowed and not result.can(*self.allowed):
            self._say(tr("Tài khoản này không được mở phần này.", "vi"))
            return
        self.account = result
        self.accept()

    def _say(self, text: str) -> None:
        self.problem.set(text)
        self.problem.show()
