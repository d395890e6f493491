"""Sign-in: tap your name (or type your username), then your PIN on big keys."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from kiosk.i18n import tr
from kiosk.services import accounts
from kiosk.services.accounts import AccountError, AccountInfo
from ui.staff.base import StaffScreen
from ui.staff.context import StaffContext
from ui.staff.pin_keypad import PinKeypad
from ui.widgets.big_button import BigButton
from ui.widgets.wrap_label import WrapLabel


def attempt_sign_in(
    ctx: StaffContext, s: Session, username: str, secret: str
) -> AccountInfo | AccountError:
    """Check a PIN inside the caller's transaction; a failure is returned, not raised, so that
    the failed try (and a lock) is saved when the transaction commits."""
    try:
        return accounts.sign_in(s, username, secret, now=ctx.clock.now(), kiosk_id=ctx.kiosk_id)
    except AccountError as exc:
        return exc


class SignInScreen(StaffScreen):
    """Who are you, and your PIN.

    Signals:
        signed_in(AccountInfo): the PIN was right.
    """

    name = "staff_sign_in"
    signed_in = Signal(object)

    def __init__(self, ctx: StaffContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.title = WrapLabel(role=self.title_role)
        self.pick = WrapLabel(role="heading")
        people, self.people_lay = self.column(spacing=ctx.theme.px(12))
        self.people_lay.addStretch(1)
        self.name_buttons: list[BigButton] = []
        self.username = QLineEdit()
        self.username.setMinimumHeight(ctx.theme.target_px)
        self.pin_label = WrapLabel(role="heading")
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMinimumHeight(ctx.theme.target_px)
        self.pin.returnPressed.connect(self.submit)
        self.keypad = PinKeypad(self.pin, ctx.theme)
        self.go = self.button("", "go", self.submit)
        left, left_lay = self.column(spacing=ctx.theme.px(12))
        left_lay.addWidget(self.pick)
        left_lay.addWidget(people if self.large else self.scrolling(people), 1)
        left_lay.addWidget(self.username)
        right, right_lay = self.column(spacing=ctx.theme.px(10))
        right_lay.addWidget(self.pin_label)
        right_lay.addWidget(self.pin)
        right_lay.addWidget(self.keypad)
        right_lay.addWidget(self.go)
        right_lay.addStretch(1)
        row = QHBoxLayout()
        row.setSpacing(ctx.theme.px(40))
        row.addWidget(self.scrolling(left) if self.large else left, 1)
        row.addWidget(self.scrolling(right) if self.large else right, 1)
        lay = QVBoxLayout(self)
        m = ctx.theme.px(24)
        lay.setContentsMargins(m, m // 2, m, m // 2)
        lay.addWidget(self.title)
        lay.addLayout(row, 1)
        self.retranslate("vi")

    def refresh(self) -> None:
        """List the active accounts as big name buttons."""
        people = self.act(accounts.list_accounts) or []
        for b in self.name_buttons:
            b.deleteLater()
        self.name_buttons = []
        for i, p in enumerate(people):
            b = self.button(p.display_name, "tile", on_click=partial(self.choose, p.username))
            self.name_buttons.append(b)
            self.people_lay.insertWidget(i, b)
        self.pin.clear()

    def choose(self, username: str) -> None:
        """Pick the person whose name was tapped; the PIN comes next."""
        self.username.setText(username)
        self.pin.clear()
        self.pin.setFocus()

    def submit(self) -> None:
        """Check the PIN; a wrong one says how many tries are left, a lock how long."""
        user, secret = self.username.text().strip(), self.pin.text()
        if not user:
            self.message.emit(tr("Anh chị chạm vào tên mình trước nhé.", self.lang))
            return
        result = self.act(lambda s: attempt_sign_in(self.ctx, s, user, secret))
        self.pin.clear()
        if isinstance(result, AccountError):
            self.message.emit(result.message)
        elif isinstance(result, AccountInfo):
            self.signed_in.emit(result)

    def retranslate(self, lang: str) -> None:
        """See :meth:`Screen.retranslate`."""
        super().retranslate(lang)
        self.title.set(
            tr("Đăng nhập", lang)
            if self.large
            else tr("Đăng nhập dành cho giảng viên và cán bộ", lang)
        )
        self.pick.set(tr("Chạm vào tên của anh chị", lang))
        self.username.setPlaceholderText(tr("hoặc gõ tên đăng nhập", lang))
        self.username.setAccessibleName(tr("Tên đăng nhập", lang))
        self.pin_label.set(tr("Mã PIN hoặc mật khẩu", lang))
        self.pin.setAccessibleName(tr("Mã PIN hoặc mật khẩu", lang))
        self.keypad.retranslate(lang)
        self.go.set_label(tr("Đăng nhập", lang))

    def clear(self) -> None:
        """Forget what was typed."""
        self.username.clear()
        self.pin.clear()
