"""Celebration: the lesson is done. Kind words, the score without judgement, what to do next."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.i18n import tr
from ui.screens.base import Screen
from ui.theme import Theme
from ui.widgets.big_button import BigButton
from ui.widgets.illustration import Illustration
from ui.widgets.wrap_label import WrapLabel


class CelebrationScreen(Screen):
    """ "Bác đã học xong!" with next lesson, print slip and home."""

    name = "celebration"
    next_lesson = Signal()
    print_slip = Signal()
    go_home = Signal()

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(theme, parent)
        self.lesson_title = ""
        self.next_title: str | None = None
        self.score: tuple[int, int] | None = None
        inner, lay = self.column()
        lay.setContentsMargins(60, 30, 60, 30)
        self.picture = Illustration("images/ui/celebrate.svg")
        self.picture.setMinimumHeight(200)
        self.title = WrapLabel(role="huge")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail = WrapLabel(role="heading")
        self.detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.go_next = BigButton(kind="go", action="next", on_click=self.next_lesson.emit)
        self.slip = BigButton(kind="primary", on_click=self.print_slip.emit)
        self.home = BigButton(kind="quiet", action="home", on_click=self.go_home.emit)
        for w in (self.picture, self.title, self.detail, self.go_next, self.slip, self.home):
            lay.addWidget(w)
        lay.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scrolling(inner))

    def show_result(
        self, lesson_title: str, score: tuple[int, int] | None, next_title: str | None
    ) -> None:
        """Fill in the lesson just finished and the next one."""
        self.lesson_title, self.score, self.next_title = lesson_title, score, next_title
        self.retranslate(self.lang)

    def retranslate(self, lang: str) -> None:
        """See :meth:`Screen.retranslate`."""
        super().retranslate(lang)
        self.title.set(tr("Bác đã học xong!", lang))
        lines = [tr("Bài: {title}", lang, title=self.lesson_title)] if self.lesson_title else []
        if self.score:
            lines.append(
                tr(
                    "Bác trả lời đúng {right} trên {total} câu.",
                    lang,
                    right=self.score[0],
                    total=self.score[1],
                )
            )
        self.detail.set("\n".join(lines))
        self.go_next.set_label(
            tr("Bài tiếp theo: {title}", lang, title=self.next_title) if self.next_title else ""
        )
        self.go_next.setVisible(bool(self.next_title))
        self.slip.set_label(tr("In phiếu học tập", lang))
        self.home.set_label(tr("Về trang chủ", lang))

    def speech(self) -> str:
        """See :meth:`Screen.speech`."""
        text = tr("Chúc mừng bác đã học xong bài {title}!", self.lang, title=self.lesson_title)
        if self.score:
            text += " " + tr(
                "Bác trả lời đúng {right} trên {total} câu.",
                self.lang,
                right=self.score[0],
                total=self.score[1],
            )
        return text

    def clear(self) -> None:
        """Forget the result."""
        self.lesson_title, self.score, self.next_title = "", None, None
        self.retranslate(self.lang)

    def handle_action(self, action: str) -> bool:
        """Next lesson or home."""
        if action == "next" and self.next_title:
            self.next_lesson.emit()
        elif action in ("home", "back"):
            self.go_home.emit()
        else:
            return False
        return True
