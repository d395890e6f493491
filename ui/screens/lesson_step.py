"""One step of a lesson: one idea, its picture, and the same three buttons at the bottom."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QVBoxLayout, QWidget

from kiosk.clock import Clock, SystemClock
from kiosk.i18n import tr
from lessons.model import Step
from ui.screens.base import Screen
from ui.theme import Theme
from ui.widgets.illustration import Illustration
from ui.widgets.nav_bar import NavBar
from ui.widgets.practice_pad import PracticePad
from ui.widgets.wrap_label import WrapLabel


class LessonStepScreen(Screen):
    """Shows a :class:`lessons.model.Step`. Emits navigation requests; decides nothing itself."""

    name = "lesson_step"
    go_next = Signal()
    go_back = Signal()
    repeat = Signal()

    def __init__(
        self, theme: Theme, clock: Clock | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(theme, parent)
        self.step: Step | None = None
        self.lesson_title = ""
        self.index, self.total = 0, 0
        self.title = WrapLabel(role="muted")
        self.bar = QProgressBar()
        self.bar.setTextVisible(False)
        self.bar.setFixedHeight(24)  # a thin line of progress; the words say "Bước n/m"
        self.picture = Illustration()
        self.text = WrapLabel(role="heading")
        self.practice_prompt = WrapLabel(role="info")
        self.pad = PracticePad(theme, clock or SystemClock())
        self.pad.done.connect(self._practised)
        body, body_lay = self.column()
        body_lay.addWidget(self.text)
        body_lay.addWidget(self.practice_prompt)
        body_lay.addWidget(self.pad)
        body_lay.addStretch(1)
        mid = QHBoxLayout()
        mid.setSpacing(30)
        mid.addWidget(self.picture, 2)
        mid.addWidget(self.scrolling(body), 3)
        self.mid = mid
        self.nav = NavBar()
        self.nav.next.clicked.connect(self.go_next.emit)
        self.nav.back.clicked.connect(self.go_back.emit)
        self.nav.repeat.clicked.connect(self.repeat.emit)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(40, 16, 40, 16)
        lay.setSpacing(14)
        lay.addWidget(self.title)
        lay.addWidget(self.bar)
        lay.addLayout(mid, 1)
        lay.addWidget(self.nav)

    def show_step(
        self, lesson_title: str, step: Step, index: int, total: int, image: Path | None
    ) -> None:
        """Show step ``index`` (0-based) of ``total``."""
        self.lesson_title, self.step, self.index, self.total = lesson_title, step, index, total
        self.picture.set_path(image)
        self.picture.setVisible(image is not None)
        self.pad.reset(step.practice.kind if step.practice else "tap")
        self.retranslate(self.lang)
        self.nav.next.setFocus()

    def _practised(self) -> None:
        self.practice_prompt.set(tr("Giỏi quá! Bác làm đúng rồi.", self.lang))
        self.practice_prompt.setProperty("role", "good")
        self.practice_prompt.style().unpolish(self.practice_prompt)
        self.practice_prompt.style().polish(self.practice_prompt)

    def retranslate(self, lang: str) -> None:
        """See :meth:`Screen.retranslate`."""
        super().retranslate(lang)
        self.nav.retranslate(lang)
        self.nav.back.setVisible(self.index > 0)
        large = self.theme.scale >= 1.5
        self.mid.setStretch(0, 1 if large else 2)  # at large text the words get the room
        self.mid.setStretch(1, 4 if large else 3)
        if self.step is None:
            for w in (self.title, self.text, self.practice_prompt):
                w.set("")
            self.pad.hide()
            self.practice_prompt.hide()
            return
        self.title.set(
            tr("Bước {n}/{total}", lang, n=self.index + 1, total=self.total)
            + f"  ·  {self.lesson_title}"
        )
        self.bar.setRange(0, self.total)
        self.bar.setValue(self.index + 1)
        self.text.set(self.step.text.get(lang))
        practice = self.step.practice
        self.pad.setVisible(practice is not None)
        self.practice_prompt.setVisible(practice is not None)
        if practice is not None and not self.pad.success:
            self.practice_prompt.setProperty("role", "info")
            self.practice_prompt.set(practice.prompt.get(lang))
        self.pad.setAccessibleName(practice.prompt.get(lang) if practice else "")

    def speech(self) -> str:
        """See :meth:`Screen.speech`."""
        if self.step is None:
            return ""
        extra = f" {self.step.practice.prompt.get(self.lang)}" if self.step.practice else ""
        return self.step.spoken(self.lang) + extra

    def clear(self) -> None:
        """Forget the lesson on screen."""
        self.step, self.lesson_title, self.index, self.total = None, "", 0, 0
        self.picture.set_path(None)
        self.retranslate(self.lang)

    def handle_action(self, action: str) -> bool:
        """Next, back, repeat."""
        signal = {"next": self.go_next, "back": self.go_back, "repeat": self.repeat}.get(action)
        if signal is None:
            return False
        signal.emit()
        return True
