"""A check question: big numbered answer buttons, a kind explanation, never a fail screen."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.i18n import tr
from lessons.player import QuestionPage
from ui.screens.base import Screen
from ui.theme import Theme
from ui.widgets.big_button import BigButton
from ui.widgets.nav_bar import NavBar
from ui.widgets.wrap_label import WrapLabel


class CheckScreen(Screen):
    """Shows a :class:`lessons.player.QuestionPage`; "Tiếp theo" appears once answered."""

    name = "check"
    answered = Signal(int)
    go_next = Signal()
    go_back = Signal()
    repeat = Signal()

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(theme, parent)
        self.page: QuestionPage | None = None
        top = QHBoxLayout()
        self.heading = WrapLabel(role="muted")
        top.addWidget(self.heading)
        inner, self.lay = self.column(spacing=16)
        self.question = WrapLabel(role="title")
        self.lay.addWidget(self.question)
        self.answers: list[BigButton] = []
        for i in range(4):
            b = BigButton(
                kind="answer", action=f"answer{i + 1}", on_click=partial(self.answered.emit, i)
            )
            self.answers.append(b)
            self.lay.addWidget(b)
        self.feedback = WrapLabel(role="good")
        self.lay.addWidget(self.feedback)
        self.lay.addStretch(1)
        self.nav = NavBar()
        self.nav.next.clicked.connect(self.go_next.emit)
        self.nav.back.clicked.connect(self.go_back.emit)
        self.nav.repeat.clicked.connect(self.repeat.emit)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(40, 16, 40, 16)
        lay.addLayout(top)
        lay.addWidget(self.scrolling(inner), 1)
        lay.addWidget(self.nav)

    def show_page(self, page: QuestionPage) -> None:
        """Show a question, answered or not."""
        self.page = page
        self.retranslate(self.lang)

    def retranslate(self, lang: str) -> None:
        """See :meth:`Screen.retranslate`."""
        super().retranslate(lang)
        self.nav.retranslate(lang)
        page = self.page
        if page is None:
            self.question.set("")
            self.heading.set("")
            for b in self.answers:
                b.set_label("")
                b.hide()
            self.feedback.set("")
            self.feedback.hide()
            return
        self.heading.set(
            tr(
                "Câu hỏi {n}/{total} — không tính điểm, bác cứ thử nhé",
                lang,
                n=page.index + 1,
                total=page.total,
            )
        )
        self.question.set(page.question.question.get(lang))
        for i, b in enumerate(self.answers):
            if i < len(page.question.choices):
                choice = page.question.choices[i]
                b.set_label(f"{i + 1}.  {choice.text.get(lang)}")
                verdict = ""
                if page.answered and choice.correct:
                    verdict = "right"
                elif page.chosen == i:
                    verdict = "chosen"
                b.set_kind("answer", verdict)
                b.show()
            else:
                b.hide()
        if page.answered:
            opening = (
                tr("Đúng rồi! Bác giỏi quá.", lang)
                if page.correct
                else tr("Chưa đúng, không sao cả. Đáp án đúng được tô xanh.", lang)
            )
            self.feedback.set(f"{opening} {page.question.explain.get(lang)}")
            self.feedback.show()
        else:
            self.feedback.hide()
        self.nav.next.setVisible(page.answered)
        if page.answered:
            self.nav.next.setFocus()

    def speech(self) -> str:
        """See :meth:`Screen.speech`: the question and its numbered answers, or the feedback."""
        page = self.page
        if page is None:
            return ""
        if page.answered:
            return self.feedback.text()
        q = page.question
        options = " ".join(f"{i + 1}. {c.text.get(self.lang)}." for i, c in enumerate(q.choices))
        return f"{q.question.get(self.lang)} {options}"

    def clear(self) -> None:
        """Forget the question."""
        self.page = None
        self.retranslate(self.lang)

    def handle_action(self, action: str) -> bool:
        """answer1–4, next, back, repeat."""
        if action.startswith("answer") and self.page is not None:
            i = int(action[-1]) - 1
            if 0 <= i < len(self.page.question.choices):
                self.answered.emit(i)
                return True
            return False
        signal = {"next": self.go_next, "back": self.go_back, "repeat": self.repeat}.get(action)
        if signal is None or (action == "next" and not (self.page and self.page.answered)):
            return False
        signal.emit()
        return True
