"""Accounts (admins): add instructors, staff and admins; unlock, set a new PIN, switch off."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.db.models import Role
from kiosk.i18n import tr
from kiosk.services import accounts
from kiosk.services.accounts import AccountInfo
from ui.staff.base import StaffScreen
from ui.staff.context import StaffContext
from ui.widgets.wrap_label import WrapLabel

ROLE_WORDS = {Role.instructor: "Giảng viên", Role.staff: "Cán bộ", Role.admin: "Quản trị"}


class AccountsScreen(StaffScreen):
    """The list of accounts and what an admin can do with them."""

    name = "staff_accounts"

    def __init__(self, ctx: StaffContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.people: list[AccountInfo] = []
        self.title = WrapLabel(role=self.title_role)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.new_title = WrapLabel(role="heading")
        self.display = QLineEdit()
        self.username = QLineEdit()
        self.role = QComboBox()
        for r in (Role.instructor, Role.staff, Role.admin):
            self.role.addItem(ROLE_WORDS[r], r.value)
        self.secret = QLineEdit()
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        for w in (self.display, self.username, self.role, self.secret):
            w.setMinimumHeight(ctx.theme.target_px)
        self.b_create = self.button("", "primary", self.add)
        self.b_unlock = self.button("", "quiet", self.unlock)
        self.b_reset = self.button("", "quiet", self.reset)
        self.b_off = self.button("", "danger", self.toggle_active)
        self.b_back = self.button("", "quiet", self.back.emit)
        form, fl = self.column(spacing=ctx.theme.px(8))
        fl.addWidget(self.new_title)
        for w in (self.display, self.username, self.role, self.secret):
            fl.addWidget(w)
        fl.addWidget(self.b_create)
        fl.addStretch(1)
        left, ll = self.column(spacing=ctx.theme.px(8))
        ll.addWidget(self.list, 1)
        acts = QGridLayout()
        acts.setSpacing(ctx.theme.px(8))
        for i, b in enumerate((self.b_unlock, self.b_reset, self.b_off)):
            acts.addWidget(b, 0 if ctx.theme.scale < 1.5 else i, i if ctx.theme.scale < 1.5 else 0)
        ll.addLayout(acts)
        lay = QVBoxLayout(self)
        m = ctx.theme.px(24)
        lay.setContentsMargins(m, m // 2, m, m // 2)
        if self.large:
            self.list.setMinimumHeight(ctx.theme.target_px * 3)
            body, body_lay = self.column(spacing=ctx.theme.px(12))
            for part in (self.title, left, form):
                body_lay.addWidget(part)
            lay.addWidget(self.scrolling(body), 1)
        else:
            mid = QHBoxLayout()
            mid.setSpacing(ctx.theme.px(24))
            mid.addWidget(left, 3)
            mid.addWidget(self.scrolling(form), 2)
            lay.addWidget(self.title)
            lay.addLayout(mid, 1)
        lay.addWidget(self.b_back)
        self.retranslate("vi")

    def refresh(self) -> None:
        """List every account with its role and state."""
        self.people = self.act(lambda s: accounts.list_accounts(s, include_inactive=True)) or []
        now = self.ctx.clock.now()
        self.list.clear()
        for p in self.people:
            state = ""
            if not p.active:
                state = " · " + tr("đã ngừng", self.lang)
            elif p.locked_until and p.locked_until > now:
                state = " · " + tr(
                    "đang khóa {m} phút nữa",
                    self.lang,
                    m=accounts.minutes_left(p.locked_until, now),
                )
            self.list.addItem(
                f"{p.display_name} ({p.username}) · {tr(ROLE_WORDS[p.role], self.lang)}{state}"
            )

    def _chosen(self) -> AccountInfo | None:
        row = self.list.currentRow()
        if 0 <= row < len(self.people):
            return self.people[row]
        self.message.emit(tr("Anh chị chạm vào một tài khoản trong danh sách trước.", self.lang))
        return None

    def add(self) -> None:
        """Create the account in the form."""
        me = self.ctx.me
        made = self.act(
            lambda s: accounts.create_account(
                s,
                self.username.text(),
                self.display.text(),
                Role(self.role.currentData()),
                self.secret.text(),
                now=self.ctx.clock.now(),
                actor=me,
            )
        )
        if made is not None:
            for f in (self.display, self.username, self.secret):
                f.clear()
            self.message.emit(tr("Đã tạo tài khoản {name}.", self.lang, name=made.display_name))
            self.refresh()

    def unlock(self) -> None:
        """Open the chosen account at once."""
        who, me = self._chosen(), self.ctx.me
        if (
            who is not None
            and self.act(
                lambda s: accounts.unlock(s, who.username, now=self.ctx.clock.now(), actor=me)
            )
            is not None
        ):
            self.message.emit(tr("Đã mở khóa {name}.", self.lang, name=who.display_name))
            self.refresh()

    def reset(self) -> None:
        """Give the chosen account the PIN typed in the form."""
        who, me = self._chosen(), self.ctx.me
        if who is None:
            return
        if (
            self.act(
                lambda s: accounts.reset_secret(
                    s, who.username, self.secret.text(), now=self.ctx.clock.now(), actor=me
                )
            )
            is not None
        ):
            self.secret.clear()
            self.message.emit(tr("Đã đặt mã PIN mới cho {name}.", self.lang, name=who.display_name))
            self.refresh()

    def toggle_active(self) -> None:
        """Switch the chosen account off, or on again."""
        who, me = self._chosen(), self.ctx.me
        if (
            who is not None
            and self.act(
                lambda s: accounts.set_active(
                    s, who.username, not who.active, now=self.ctx.clock.now(), actor=me
                )
            )
            is not None
        ):
            self.refresh()

    def retranslate(self, lang: str) -> None:
        """See :meth:`Screen.retranslate`."""
        super().retranslate(lang)
        self.title.set(tr("Tài khoản giảng viên và cán bộ", lang))
        self.list.setAccessibleName(tr("Các tài khoản", lang))
        self.new_title.set(tr("Thêm tài khoản", lang))
        for f, word in (
            (self.display, tr("Họ và tên", lang)),
            (self.username, tr("Tên đăng nhập", lang)),
            (self.secret, tr("Mã PIN (4–8 chữ số) hoặc mật khẩu", lang)),
        ):
            f.setPlaceholderText(word)
            f.setAccessibleName(word)
        self.role.setAccessibleName(tr("Vai trò", lang))
        self.b_create.set_label(tr("Tạo tài khoản", lang))
        self.b_unlock.set_label(tr("Mở khóa", lang))
        self.b_reset.set_label(tr("Đặt mã PIN mới", lang))
        self.b_off.set_label(tr("Ngừng / bật lại", lang))
        self.b_back.set_label(tr("‹ Về trang chính", lang))
