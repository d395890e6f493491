"""Presenter mode: the instructor chooses a lesson and steps through it here, while the projector
shows the step at extra-large size (:class:`PresenterWindow`)."""

from __future__ import annotations

import unicodedata

from PySide6.QtWidgets import QHBoxLayout, QListWidget, QVBoxLayout, QWidget

from kiosk.i18n import tr
from lessons.model import Lesson, Step, Text
from lessons.player import FinishedPage, LessonPlayer, QuestionPage, StepPage
from ui.staff.base import StaffScreen
from ui.staff.context import StaffContext
from ui.staff.presenter_window import PresenterWindow
from ui.widgets.wrap_label import WrapLabel


def question_as_step(page: QuestionPage) -> Step:
    """A check question shown on the projector as one step: the question and numbered answers."""

    def both(lang: str) -> str:
        answers = "\n".join(
            f"{i + 1}. {c.text.get(lang)}" for i, c in enumerate(page.question.choices)
        )
        return unicodedata.normalize("NFC", f"{page.question.question.get(lang)}\n{answers}")

    return Step(text=Text(vi=both("vi"), en=both("en")))


class PresenterScreen(StaffScreen):
    """Choose a lesson; back / next; open or close the projected window."""

    name = "staff_presenter"

    def __init__(self, ctx: StaffContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.window_: PresenterWindow | None = None
        self.player: LessonPlayer | None = None
        self.lessons: list[Lesson] = ctx.library.ordered_lessons() if ctx.library else []
        self.title = WrapLabel(role=self.title_role)
        self.choose_label = WrapLabel(role="heading")
        self.chooser = QListWidget()
        self.chooser.setWordWrap(True)
        for les in self.lessons:
            self.chooser.addItem(f"{les.code}  {les.title.get('vi')}")
        self.chooser.currentRowChanged.connect(self.choose)
        self.now_showing = WrapLabel(role="heading")
        self.step_text = WrapLabel(role="info")
        self.b_prev = self.button("", "quiet", self.go_back)
        self.b_next = self.button("", "go", self.go_next)
        self.b_screen = self.button("", "primary", self.toggle_projection)
        self.b_back = self.button("", "quiet", self.back.emit)
        right, right_lay = self.column(spacing=ctx.theme.px(12))
        right_lay.addWidget(self.now_showing)
        right_lay.addWidget(self.step_text)
        steps = QHBoxLayout()
        steps.setSpacing(ctx.theme.px(16))
        steps.addWidget(self.b_prev)
        steps.addWidget(self.b_next)
        right_lay.addLayout(steps)
        right_lay.addWidget(self.b_screen)
        right_lay.addStretch(1)
        left, left_lay = self.column(spacing=ctx.theme.px(8))
        left_lay.addWidget(self.choose_label)
        left_lay.addWidget(self.chooser, 1)
        lay = QVBoxLayout(self)
        m = ctx.theme.px(24)
        lay.setContentsMargins(m, m // 2, m, m // 2)
        if self.large:
            self.chooser.setMinimumHeight(ctx.theme.target_px * 3)
            body, body_lay = self.column(spacing=ctx.theme.px(12))
            for w in (self.title, right, left):
                body_lay.addWidget(w)
            lay.addWidget(self.scrolling(body), 1)
        else:
            mid = QHBoxLayout()
            mid.setSpacing(ctx.theme.px(24))
            mid.addWidget(left, 2)
            mid.addWidget(self.scrolling(right), 3)
            lay.addWidget(self.title)
            lay.addLayout(mid, 1)
        lay.addWidget(self.b_back)
        self.retranslate("vi")

    @property
    def projecting(self) -> bool:
        """True while the projected window is open."""
        return self.window_ is not None and self.window_.isVisible()

    def choose(self, row: int) -> None:
        """Start the lesson in this row at its first step."""
        if 0 <= row < len(self.lessons):
            self.player = LessonPlayer(self.lessons[row])
            self._show()

    def go_next(self) -> None:
        """Next page (a check question moves on without an answer: the class answers aloud)."""
        if self.player is None:
            return
        if isinstance(self.player.page, QuestionPage) and not self.player.page.answered:
            self.player.answer(
                next(i for i, c in enumerate(self.player.page.question.choices) if c.correct)
            )
        self.player.next()
        self._show()

    def go_back(self) -> None:
        """Previous page."""
        if self.player is not None:
            self.player.back()
            self._show()

    def toggle_projection(self) -> None:
        """Open the projected window (second screen if present) or close it."""
        if self.projecting:
            self.close_projection()
        else:
            self.window_ = PresenterWindow(self.ctx.theme, self.ctx.clock)
            on_second = self.window_.present()
            self.message.emit(
                tr("Màn chiếu đã mở trên màn hình thứ hai.", self.lang)
                if on_second
                else tr(
                    "Chỉ có một màn hình: màn chiếu mở thành cửa sổ riêng, anh chị "
                    "kéo nó sang máy chiếu.",
                    self.lang,
                )
            )
            self._show()
        self.retranslate(self.lang)

    def close_projection(self) -> None:
        """Close the projected window."""
        if self.window_ is not None:
            self.window_.close()
            self.window_.deleteLater()
            self.window_ = None

    def _show(self) -> None:
        p = self.player
        if p is None:
            self.now_showing.set(tr("Chọn một bài ở bên trái.", self.lang))
            self.step_text.set("")
            return
        page = p.page
        title = p.lesson.title.get(self.lang)
        if isinstance(page, StepPage):
            step, index, total = page.step, page.index, page.total
            where = tr("Bước {n}/{total}", self.lang, n=index + 1, total=total)
        elif isinstance(page, QuestionPage):
            step, index, total = question_as_step(page), page.index, page.total
            where = tr("Câu hỏi {n}/{total}", self.lang, n=index + 1, total=total)
        else:
            assert isinstance(page, FinishedPage)
            step = Step(text=Text(vi="Hoàn thành bài học!", en="Lesson complete!"))
            index, total = 0, 1
            where = tr("Hết bài", self.lang)
        self.now_showing.set(f"{p.lesson.code} {title} · {where}")
        self.step_text.set(step.text.get(self.lang))
        self.b_prev.setEnabled(p.position > 0)
        self.b_next.setEnabled(not p.finished)
        if self.window_ is not None:
            lib = self.ctx.library
            image = lib.image_path(step.image) if lib is not None and step.image else None
            self.window_.step.show_step(title, step, index, total, image)

    def retranslate(self, lang: str) -> None:
        """See :meth:`Screen.retranslate`."""
        super().retranslate(lang)
        self.title.set(tr("Trình chiếu bài học", lang))
        self.choose_label.set(tr("Chọn bài", lang))
        self.chooser.setAccessibleName(tr("Chọn bài", lang))
        self.b_prev.set_label(tr("‹ Bước trước", lang))
        self.b_next.set_label(tr("Bước sau ›", lang))
        self.b_screen.set_label(
            tr("Đóng màn chiếu", lang) if self.projecting else tr("Mở màn chiếu", lang)
        )
        self.b_back.set_label(tr("‹ Về lớp", lang))
        self._show()
