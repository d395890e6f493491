"""Who is stuck: each learner's lesson and step, stuck learners first; refreshes by itself."""

from __future__ import annotations

import uuid
from functools import partial

from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QListView,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.i18n import tr
from kiosk.services import classes, dashboard, staff_reports
from kiosk.services.staff_reports import LearnerStatus, StuckReason
from ui.staff.base import StaffScreen
from ui.staff.context import StaffContext
from ui.widgets.bar_chart import Bar, BarChart
from ui.widgets.big_button import BigButton
from ui.widgets.wrap_label import WrapLabel

REASONS = {
    StuckReason.mistakes: "làm sai nhiều lần khi thực hành",
    StuckReason.hesitating: "đứng yên hơn 10 phút",
    StuckReason.asked_help: "đã bấm “trợ giúp”",
}


class StuckScreen(StaffScreen):
    """The class dashboard the instructor glances at during practice.

    The timer runs only while the screen is shown (:meth:`refresh` starts it, :meth:`stop` stops
    it); its interval is the ``refresh_ms`` setting.
    """

    name = "staff_stuck"

    def __init__(self, ctx: StaffContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.class_id: uuid.UUID | None = None
        self.statuses: list[LearnerStatus] = []
        self.timer = QTimer(self)
        self.timer.setInterval(ctx.refresh_ms)
        self.timer.timeout.connect(self.reload)
        self.title = WrapLabel(role=self.title_role)
        self.summary = WrapLabel(role="heading")
        self.updated = WrapLabel(role="muted")
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setSpacing(ctx.theme.px(4))
        self.helped_bar = QHBoxLayout()
        self.helped_bar.setSpacing(ctx.theme.px(12))
        self.help_buttons: list[BigButton] = []
        self.b_back = self.button("", "quiet", self.back.emit)
        self.b_now = self.button("", "primary", self.reload)
        bar = QHBoxLayout()
        bar.setSpacing(ctx.theme.px(16))
        bar.addWidget(self.b_back)
        bar.addWidget(self.b_now)
        lay = QVBoxLayout(self)
        m = ctx.theme.px(24)
        lay.setContentsMargins(m, m // 2, m, m // 2)
        lay.setSpacing(ctx.theme.px(8))
        lay.addWidget(self.title)
        lay.addWidget(self.summary)
        lay.addWidget(self.updated)
        self.updated.setVisible(not self.large)
        # The list and the two charts share one scrolling column: nothing is squeezed.
        self.completion = BarChart(ctx.theme)
        self.attendance = BarChart(ctx.theme)
        self.list.setMinimumHeight(ctx.theme.px(220))
        charts = QHBoxLayout()
        charts.setSpacing(ctx.theme.px(24))
        charts.addWidget(self.completion, 3)
        charts.addWidget(self.attendance, 2)
        middle, middle_lay = self.column(spacing=ctx.theme.px(12))
        middle_lay.addWidget(self.list)
        middle_lay.addLayout(charts)
        middle_lay.addStretch(1)
        lay.addWidget(self.scrolling(middle), 1)
        lay.addLayout(self.helped_bar)
        lay.addLayout(bar)
        self.retranslate("vi")

    def refresh(self) -> None:
        """Load now and keep refreshing while shown."""
        self.reload()
        self.timer.start()

    def stop(self) -> None:
        """Stop refreshing."""
        self.timer.stop()

    def reload(self) -> None:
        """Read the overview again."""
        if self.class_id is None:
            return
        cid, now = self.class_id, self.ctx.clock.now()
        found = self.act(
            lambda s: (classes.get_class(s, cid), staff_reports.class_overview(s, cid, now))
        )
        if found is None:
            return
        klass, self.statuses = found
        self._charts(cid)
        self.title.set(
            tr("Ai cần giúp", self.lang)
            if self.large
            else tr("Ai cần giúp · {name}", self.lang, name=klass.name)
        )
        stuck = sum(1 for x in self.statuses if x.stuck)
        self.summary.set(
            tr("{n} người cần giúp", self.lang, n=stuck)
            if stuck
            else tr("Chưa ai cần giúp. Cả lớp đang học tốt.", self.lang)
        )
        self.updated.set(
            tr(
                "Cập nhật lúc {time} · tự làm mới sau mỗi {s} giây",
                self.lang,
                time=now.astimezone().strftime("%H:%M:%S"),
                s=self.ctx.refresh_ms // 1000,
            )
        )
        self.list.clear()
        for b in self.help_buttons:
            self.helped_bar.removeWidget(b)
            b.deleteLater()
        self.help_buttons = []
        for st in self.statuses:
            self._line(st)

    def _module_name(self, module_id: str) -> str:
        try:
            return self.ctx.curriculum.module(module_id).title
        except KeyError:
            return module_id

    def _charts(self, cid: uuid.UUID) -> None:
        """Completion per module and attendance of the last sessions, as big bars."""
        lib = self.ctx.library
        per_module = (
            {m.id: len(lib.lessons_of(m.id)) for m in lib.modules} if lib is not None else None
        )
        found = self.act(
            lambda s: (
                dashboard.completion_per_module(s, cid, per_module),
                dashboard.attendance_over_time(s, cid),
            )
        )
        if found is None:
            return
        modules, meetings = found
        self.completion.set_bars(
            tr("Hoàn thành theo chủ đề", self.lang),
            [
                Bar(
                    self._module_name(m.module_id),
                    m.lessons_completed,
                    max(1, m.learners * (m.lessons_total or 0)),
                    f"{m.percent:.0f}%" if m.percent is not None else "",
                )
                for m in modules
            ],
        )
        self.attendance.set_bars(
            tr("Đi học các buổi gần đây", self.lang),
            [
                Bar(
                    tr("Buổi {n}", self.lang, n=m.number),
                    m.present + m.late,
                    m.enrolled,
                    f"{m.present + m.late}/{m.enrolled}",
                )
                for m in meetings[-6:]
            ],
        )
        self.attendance.setVisible(bool(meetings) and not self.large)
        self.completion.setVisible(not self.large)

    def _line(self, st: LearnerStatus) -> None:
        lesson = self.ctx.curriculum.title(st.lesson_id) if st.lesson_id else ""
        where = (
            tr("{lesson}, bước {step}", self.lang, lesson=lesson, step=st.step)
            if lesson
            else tr("chưa bắt đầu bài nào", self.lang)
        )
        text = f"{st.name} — {where}"
        if st.stuck:
            text += "\n" + tr(
                "Cần giúp: {why}",
                self.lang,
                why=", ".join(tr(REASONS[r], self.lang) for r in st.stuck),
            )
        elif st.at_kiosk:
            text += " · " + tr("đang học", self.lang)
        item = QListWidgetItem(text)
        if st.stuck:
            pal = self.ctx.theme.palette
            item.setBackground(QColor(pal.info_bg))
            item.setForeground(QColor(pal.info_text))
        self.list.addItem(item)
        if StuckReason.asked_help in st.stuck and len(self.help_buttons) < 4:
            done = self.button(
                tr("Đã giúp xong: {name}", self.lang, name=st.name),
                "go",
                partial(self.helped, st.learner_id),
            )
            self.help_buttons.append(done)
            self.helped_bar.addWidget(done)

    def helped(self, learner_id: uuid.UUID) -> None:
        """The instructor went over: close that learner's help requests."""
        me = self.ctx.me
        self.act(
            lambda s: staff_reports.resolve_help(s, learner_id, now=self.ctx.clock.now(), actor=me)
        )
        self.reload()

    def retranslate(self, lang: str) -> None:
        """See :meth:`Screen.retranslate`."""
        super().retranslate(lang)
        self.b_back.set_label(tr("‹ Về lớp", lang))
        self.b_now.set_label(tr("Làm mới ngay", lang))
        self.list.setAccessibleName(tr("Học viên trong lớp", lang))
