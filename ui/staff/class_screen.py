"""One class: its roster, adding learners one by one or from a file, and the class's tools."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Signal, SignalInstance
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.i18n import tr
from kiosk.services import classes, roster
from ui.staff.base import StaffScreen
from ui.staff.context import StaffContext
from ui.widgets.wrap_label import WrapLabel


class ClassScreen(StaffScreen):
    """The class page.

    Signals:
        roll_call(uuid.UUID), stuck(uuid.UUID), present(uuid.UUID), documents(uuid.UUID): open
        the class's attendance, "who is stuck", presenter and documents screens.
    """

    name = "staff_class"
    roll_call = Signal(object)
    stuck = Signal(object)
    present = Signal(object)
    documents = Signal(object)

    def __init__(self, ctx: StaffContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.class_id: uuid.UUID | None = None
        self.title = WrapLabel(role=self.title_role)
        self.facts = WrapLabel(role="muted")
        self.roster_title = WrapLabel(role="heading")
        self.people = QListWidget()
        self.people.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.people.setWordWrap(True)
        self.add_title = WrapLabel(role="heading")
        self.new_name = QLineEdit()
        self.new_year = QLineEdit()
        self.new_year.setMaxLength(4)
        self.new_phone = QLineEdit()
        self.new_phone.setMaxLength(15)
        for f in (self.new_name, self.new_year, self.new_phone):
            f.setMinimumHeight(ctx.theme.target_px)
        self.new_name.returnPressed.connect(self.add_one)
        self.add = self.button("", "primary", self.add_one)
        self.import_file = self.button("", "quiet", self.import_roster)
        self.b_roll = self.button("", "go", lambda: self._emit(self.roll_call))
        self.b_stuck = self.button("", "quiet", lambda: self._emit(self.stuck))
        self.b_present = self.button("", "quiet", lambda: self._emit(self.present))
        self.b_docs = self.button("", "quiet", lambda: self._emit(self.documents))
        self.b_back = self.button("", "quiet", self.back.emit)

        form, form_lay = self.column(spacing=ctx.theme.px(10))
        form_lay.addWidget(self.add_title)
        form_lay.addWidget(self.new_name)
        pair = QHBoxLayout()
        pair.addWidget(self.new_year, 1)
        pair.addWidget(self.new_phone, 2)
        form_lay.addLayout(pair)
        form_lay.addWidget(self.add)
        form_lay.addWidget(self.import_file)
        form_lay.addStretch(1)
        left, left_lay = self.column(spacing=ctx.theme.px(8))
        left_lay.addWidget(self.roster_title)
        left_lay.addWidget(self.people, 1)
        tools = QGridLayout()
        tools.setSpacing(ctx.theme.px(12))
        buttons = (self.b_back, self.b_stuck, self.b_present, self.b_docs, self.b_roll)
        lay = QVBoxLayout(self)
        m = ctx.theme.px(24)
        lay.setContentsMargins(m, m // 2, m, m // 2)
        lay.setSpacing(ctx.theme.px(8))
        if self.large:
            self.people.setMinimumHeight(ctx.theme.target_px * 4)
            body, body_lay = self.column(spacing=ctx.theme.px(12))
            for w in (self.title, self.facts, left, form):
                body_lay.addWidget(w)
            for i, b in enumerate(buttons[1:]):
                tools.addWidget(b, i // 2, i % 2)
            body_lay.addLayout(tools)
            lay.addWidget(self.scrolling(body), 1)
            lay.addWidget(self.b_back)
        else:
            mid = QHBoxLayout()
            mid.setSpacing(ctx.theme.px(24))
            mid.addWidget(left, 3)
            mid.addWidget(self.scrolling(form), 2)
            for i, b in enumerate(buttons):
                tools.addWidget(b, 0, i)
            lay.addWidget(self.title)
            lay.addWidget(self.facts)
            lay.addLayout(mid, 1)
            lay.addLayout(tools)
        self.retranslate("vi")

    def _emit(self, signal: SignalInstance) -> None:
        if self.class_id is not None:
            signal.emit(self.class_id)

    def show_class(self, class_id: uuid.UUID) -> None:
        """Show this class."""
        self.class_id = class_id
        self.refresh()

    def refresh(self) -> None:
        """Read the class and its roster."""
        if self.class_id is None:
            return
        cid = self.class_id
        found = self.act(lambda s: (classes.get_class(s, cid), classes.roster(s, cid)))
        if found is None:
            return
        c, people = found
        self.title.set(c.name)
        dates = ""
        if c.start_date and c.end_date:
            dates = tr(
                "từ {start} đến {end}",
                self.lang,
                start=c.start_date.strftime("%d/%m"),
                end=c.end_date.strftime("%d/%m/%Y"),
            )
        bits = [c.centre, c.schedule, dates, tr("Giảng viên: {name}", self.lang, name=c.instructor)]
        self.facts.set(" · ".join(b for b in bits if b))
        self.roster_title.set(tr("Danh sách lớp ({n} người)", self.lang, n=len(people)))
        self.people.clear()
        for i, p in enumerate(people, start=1):
            year = f" · {p.birth_year}" if p.birth_year else ""
            self.people.addItem(f"{i}. {p.name}{year} · {p.code}")

    def add_one(self) -> None:
        """Add the learner typed in the form."""
        if self.class_id is None:
            return
        cid, me = self.class_id, self.ctx.me
        year_text = self.new_year.text().strip()
        if year_text and not (year_text.isdigit() and 1900 <= int(year_text) <= 2100):
            self.message.emit(tr("Năm sinh gồm 4 chữ số, ví dụ 1958.", self.lang))
            return
        added = self.act(
            lambda s: classes.add_learner(
                s,
                cid,
                self.new_name.text(),
                now=self.ctx.clock.now(),
                actor=me,
                birth_year=int(year_text) if year_text else None,
                phone=self.new_phone.text().strip() or None,
            )
        )
        if added is not None:
            self.message.emit(
                tr("Đã thêm {name} (mã {code}).", self.lang, name=added.name, code=added.code)
            )
            for f in (self.new_name, self.new_year, self.new_phone):
                f.clear()
            self.new_name.setFocus()
            self.refresh()

    def import_roster(self) -> None:
        """Ask for a CSV or Excel file and import it; bad lines are listed by number."""
        if self.class_id is None:
            return
        path = self.ctx.open_file(
            tr("Chọn tệp danh sách lớp", self.lang), "Danh sách (*.csv *.xlsx)"
        )
        if path is None:
            return
        cid, me = self.class_id, self.ctx.me
        result = self.act(
            lambda s: roster.import_roster(s, cid, path, now=self.ctx.clock.now(), actor=me)
        )
        if result is None:
            return
        text = tr("Đã thêm {n} người vào lớp.", self.lang, n=len(result.added))
        if result.problems:
            shown = result.problems[:6]
            text += (
                " "
                + tr("Còn {n} dòng chưa nhập được:", self.lang, n=len(result.problems))
                + " "
                + " ".join(p.message for p in shown)
            )
            if len(result.problems) > len(shown):
                text += " …"
        self.message.emit(text)
        self.refresh()

    def retranslate(self, lang: str) -> None:
        """See :meth:`Screen.retranslate`."""
        super().retranslate(lang)
        self.add_title.set(tr("Thêm học viên", lang))
        self.new_name.setPlaceholderText(tr("Họ và tên", lang))
        self.new_year.setPlaceholderText(tr("Năm sinh", lang))
        self.new_phone.setPlaceholderText(tr("Điện thoại (nếu có)", lang))
        self.new_name.setAccessibleName(tr("Họ và tên", lang))
        self.new_year.setAccessibleName(tr("Năm sinh", lang))
        self.new_phone.setAccessibleName(tr("Điện thoại (nếu có)", lang))
        self.people.setAccessibleName(tr("Danh sách lớp", lang))
        self.add.set_label(tr("Thêm vào lớp", lang))
        self.import_file.set_label(tr("Nhập danh sách từ tệp…", lang))
        self.b_roll.set_label(tr("Điểm danh", lang))
        self.b_stuck.set_label(tr("Ai cần giúp", lang))
        self.b_present.set_label(tr("Trình chiếu", lang))
        self.b_docs.set_label(tr("Giấy tờ, xuất dữ liệu", lang))
        self.b_back.set_label(tr("‹ Các lớp", lang))
        if self.class_id is not None:
            self.refresh()
