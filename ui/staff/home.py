"""The staff home: the classes (an instructor sees their own), and the office tools."""

from __future__ import annotations

import uuid
from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.db.models import Role
from kiosk.i18n import tr
from kiosk.services import classes
from ui.staff.base import StaffScreen
from ui.staff.context import StaffContext
from ui.widgets.big_button import BigButton
from ui.widgets.wrap_label import WrapLabel


class StaffHomeScreen(StaffScreen):
    """Class tiles plus "Lớp mới", "Nhật ký", "Tài khoản" (admins) and "Đăng xuất".

    Signals:
        open_class(uuid.UUID), new_class(), open_audit(), open_accounts(), sign_out().
    """

    name = "staff_home"
    open_class = Signal(object)
    new_class = Signal()
    open_audit = Signal()
    open_accounts = Signal()
    sign_out = Signal()

    def __init__(self, ctx: StaffContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.hello = WrapLabel(role=self.title_role)
        self.list_title = WrapLabel(role="heading")
        self.empty = WrapLabel(role="info")
        inner, self.list_lay = self.column(spacing=ctx.theme.px(12))
        self.tiles: list[BigButton] = []
        self.grid = QGridLayout()
        self.grid.setSpacing(ctx.theme.px(12))
        self.list_lay.addLayout(self.grid)
        self.list_lay.addWidget(self.empty)
        self.list_lay.addStretch(1)
        self.b_new = self.button("", "primary", self.new_class.emit)
        self.audit = self.button("", "quiet", self.open_audit.emit)
        self.accounts = self.button("", "quiet", self.open_accounts.emit)
        self.leave = self.button("", "danger", self.sign_out.emit)
        bar = QVBoxLayout()
        bar.setSpacing(ctx.theme.px(16))
        buttons = (self.b_new, self.audit, self.accounts, self.leave)
        for pair in (buttons,):
            line = QHBoxLayout()
            line.setSpacing(ctx.theme.px(16))
            for b in pair:
                line.addWidget(b)
            bar.addLayout(line)
        lay = QVBoxLayout(self)
        m = ctx.theme.px(24)
        lay.setContentsMargins(m, m // 2, m, m // 2)
        lay.setSpacing(ctx.theme.px(12))
        lay.addWidget(self.hello)
        lay.addWidget(self.list_title)
        lay.addWidget(self.scrolling(inner), 1)
        lay.addLayout(bar)
        self.retranslate("vi")

    def refresh(self) -> None:
        """List the classes: an instructor in a classroom sees their own."""
        me = self.ctx.me
        mine = self.ctx.role == "classroom" and me.role == Role.instructor
        found = (
            self.act(lambda s: classes.list_classes(s, instructor_id=me.id if mine else None)) or []
        )
        for t in self.tiles:
            t.deleteLater()
        self.tiles = []
        columns = 2 if self.ctx.theme.scale < 1.5 else 1
        for i, c in enumerate(found):
            text = tr(
                "{name}\n{centre} · {count} học viên",
                self.lang,
                name=c.name,
                centre=c.centre or tr("Chưa ghi điểm học", self.lang),
                count=c.learners,
            )
            b = self.button(text, "tile", partial(self._open, c.id))
            b.setAccessibleName(c.name)
            self.tiles.append(b)
            self.grid.addWidget(b, i // columns, i % columns)
        self.empty.setVisible(not found)
        self.accounts.setVisible(me.role == Role.admin)
        self.hello.set(tr("Chào {name}", self.lang, name=me.display_name))

    def _open(self, class_id: uuid.UUID) -> None:
        self.open_class.emit(class_id)

    def retranslate(self, lang: str) -> None:
        """See :meth:`Screen.retranslate`."""
        super().retranslate(lang)
        self.list_title.set(tr("Các lớp học", lang))
        self.empty.set(tr("Chưa có lớp nào. Chạm “Lớp mới” để tạo lớp đầu tiên.", lang))
        self.b_new.set_label(tr("Lớp mới", lang))
        self.audit.set_label(tr("Nhật ký", lang))
        self.accounts.set_label(tr("Tài khoản", lang))
        self.leave.set_label(tr("Đăng xuất", lang))
