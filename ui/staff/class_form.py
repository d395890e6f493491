"""A new class: name, centre, schedule and dates. The instructor is the person creating it."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QDateEdit, QFormLayout, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from kiosk.i18n import tr
from kiosk.services import classes
from ui.staff.base import StaffScreen
from ui.staff.context import StaffContext
from ui.widgets.wrap_label import WrapLabel


def to_date(value: QDate) -> date:
    """A Qt date as a Python date."""
    return date(value.year(), value.month(), value.day())


def to_qdate(value: date) -> QDate:
    """A Python date as a Qt date."""
    return QDate(value.year, value.month, value.day)


class NewClassScreen(StaffScreen):
    """The form for a new class.

    Signals:
        created(uuid.UUID): the class was saved.
    """

    name = "staff_new_class"
    created = Signal(object)

    def __init__(self, ctx: StaffContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.title = WrapLabel(role=self.title_role)
        self.class_name = QLineEdit()
        self.centre = QLineEdit()
        self.schedule = QLineEdit()
        self.start = QDateEdit()
        self.end = QDateEdit()
        for d in (self.start, self.end):
            d.setCalendarPopup(True)
            d.setDisplayFormat("dd/MM/yyyy")
        self.labels = [WrapLabel(role="body") for _ in range(5)]
        form = QFormLayout()
        form.setVerticalSpacing(ctx.theme.px(12))
        for label, field in zip(
            self.labels,
            (self.class_name, self.centre, self.schedule, self.start, self.end),
            strict=True,
        ):
            field.setMinimumHeight(ctx.theme.target_px)
            form.addRow(label, field)
        self.save = self.button("", "go", self.submit)
        self.cancel = self.button("", "quiet", self.back.emit)
        bar = QHBoxLayout()
        bar.addWidget(self.cancel)
        bar.addWidget(self.save)
        inner, inner_lay = self.column()
        inner_lay.addLayout(form)
        inner_lay.addStretch(1)
        lay = QVBoxLayout(self)
        m = ctx.theme.px(24)
        lay.setContentsMargins(m, m // 2, m, m // 2)
        lay.addWidget(self.title)
        lay.addWidget(self.scrolling(inner), 1)
        lay.addLayout(bar)
        self.retranslate("vi")

    def refresh(self) -> None:
        """Empty fields; the dates start today and eight weeks on."""
        today = self.ctx.clock.now().date()
        for f in (self.class_name, self.centre, self.schedule):
            f.clear()
        self.start.setDate(to_qdate(today))
        self.end.setDate(to_qdate(today).addDays(56))
        self.class_name.setFocus()

    def submit(self) -> None:
        """Save the class."""
        me = self.ctx.me
        made = self.act(
            lambda s: classes.create_class(
                s,
                self.class_name.text(),
                now=self.ctx.clock.now(),
                actor=me,
                centre=self.centre.text(),
                schedule=self.schedule.text(),
                start_date=to_date(self.start.date()),
                end_date=to_date(self.end.date()),
            )
        )
        if made is not None:
            self.created.emit(made.id)

    def retranslate(self, lang: str) -> None:
        """See :meth:`Screen.retranslate`."""
        super().retranslate(lang)
        self.title.set(tr("Tạo lớp mới", lang))
        words = (
            tr("Tên lớp", lang),
            tr("Điểm học", lang),
            tr("Lịch học", lang),
            tr("Ngày bắt đầu", lang),
            tr("Ngày kết thúc", lang),
        )
        fields = (self.class_name, self.centre, self.schedule, self.start, self.end)
        for label, word, field in zip(self.labels, words, fields, strict=True):
            label.set(word)
            field.setAccessibleName(word)
        self.class_name.setPlaceholderText(tr("ví dụ: Lớp Bình dân học vụ số K1", lang))
        self.centre.setPlaceholderText(tr("ví dụ: Nhà văn hóa khu phố 3", lang))
        self.schedule.setPlaceholderText(tr("ví dụ: Thứ 3 và thứ 5, 8 giờ sáng", lang))
        self.save.set_label(tr("Lưu lớp", lang))
        self.cancel.set_label(tr("Quay lại", lang))
