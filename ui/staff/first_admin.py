"""First run: no admin yet, so the station asks for one (name, username, PIN twice)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLineEdit, QVBoxLayout, QWidget

from kiosk.i18n import tr
from kiosk.services import accounts
from ui.staff.base import StaffScreen
from ui.staff.context import StaffContext
from ui.widgets.wrap_label import WrapLabel


class FirstAdminScreen(StaffScreen):
    """Create the station's first admin account.

    Signals:
        created(): the admin exists now; sign-in comes next.
    """

    name = "staff_first_admin"
    created = Signal()

    def __init__(self, ctx: StaffContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.title = WrapLabel(role=self.title_role)
        self.explain = WrapLabel(role="info")
        self.display = QLineEdit()
        self.username = QLineEdit()
        self.secret = QLineEdit()
        self.again = QLineEdit()
        for f in (self.secret, self.again):
            f.setEchoMode(QLineEdit.EchoMode.Password)
        self.labels = [WrapLabel(role="body") for _ in range(4)]
        form = QFormLayout()
        form.setVerticalSpacing(ctx.theme.px(10))
        for label, f in zip(
            self.labels, (self.display, self.username, self.secret, self.again), strict=True
        ):
            f.setMinimumHeight(ctx.theme.target_px)
            form.addRow(label, f)
        self.save = self.button("", "go", self.submit)
        inner, il = self.column(spacing=ctx.theme.px(12))
        il.addWidget(self.explain)
        il.addLayout(form)
        il.addWidget(self.save)
        il.addStretch(1)
        lay = QVBoxLayout(self)
        m = ctx.theme.px(24)
        lay.setContentsMargins(m, m // 2, m, m // 2)
        lay.addWidget(self.title)
        lay.addWidget(self.scrolling(inner), 1)
        self.retranslate("vi")

    def submit(self) -> None:
        """Create the admin when the two PINs match."""
        if self.secret.text() != self.again.text():
            self.message.emit(
                tr("Hai lần nhập mã PIN chưa giống nhau. Anh chị nhập lại nhé.", self.lang)
            )
            return
        made = self.act(
            lambda s: accounts.ensure_first_admin(
                s,
                self.username.text(),
                self.display.text(),
                self.secret.text(),
                now=self.ctx.clock.now(),
            )
        )
        if made is not None:
            for f in (self.display, self.username, self.secret, self.again):
                f.clear()
            self.message.emit(
                tr(
                    "Đã tạo tài khoản quản trị {name}. Mời đăng nhập.",
                    self.lang,
                    name=made.display_name,
                )
            )
            self.created.emit()

    def retranslate(self, lang: str) -> None:
        """See :meth:`Screen.retranslate`."""
        super().retranslate(lang)
        self.title.set(tr("Chào mừng! Tạo tài khoản quản trị đầu tiên", lang))
        self.explain.set(
            tr(
                "Máy này chưa có quản trị viên. Người quản trị tạo tài khoản cho "
                "giảng viên và cán bộ, và mở khóa khi có người nhập sai mã PIN.",
                lang,
            )
        )
        words = (
            tr("Họ và tên", lang),
            tr("Tên đăng nhập", lang),
            tr("Mã PIN (4–8 chữ số) hoặc mật khẩu", lang),
            tr("Nhập lại", lang),
        )
        for label, f, word in zip(
            self.labels, (self.display, self.username, self.secret, self.again), words, strict=True
        ):
            label.set(word)
            f.setAccessibleName(word)
        self.username.setPlaceholderText(tr("ví dụ: quan.tri", lang))
        self.save.set_label(tr("Tạo tài khoản", lang))
