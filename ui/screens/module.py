"""A module's lessons as a list of big buttons, marked when done; its practice at the end."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.i18n import tr
from ui.screens.base import Screen
from ui.theme import Theme
from ui.widgets.big_button import BigButton
from ui.widgets.nav_bar import NavBar
from ui.widgets.wrap_label import WrapLabel


@dataclass(frozen=True)
class LessonItem:
    """One lesson in the list."""

    lesson_id: str
    code: str
    title: str
    minutes: int
    done: bool


@dataclass(frozen=True)
class ModuleModel:
    """What the module screen shows."""

    title: str
    summary: str
    lessons: list[LessonItem]
    practices: list[tuple[str, str]] = field(default_factory=list)
    """(simulation id, title) of the practices that end the module."""


class ModuleScreen(Screen):
    """Lessons of one module."""

    name = "module"
    open_lesson = Signal(str)
    open_simulation = Signal(str)
    go_back = Signal()

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(theme, parent)
        self.model: ModuleModel | None = None
        inner, self.lay = self.column(spacing=14)
        self.lay.setContentsMargins(40, 20, 40, 20)
        self.title = WrapLabel(role="title")
        self.summary = WrapLabel(role="body")
        self.lay.addWidget(self.title)
        self.lay.addWidget(self.summary)
        self.buttons: list[BigButton] = []
        self.lay.addStretch(1)
        self.nav = NavBar()
        self.nav.back.clicked.connect(self.go_back.emit)
        self.nav.next.hide()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 16)
        outer.addWidget(self.scrolling(inner), 1)
        self.nav.setContentsMargins(40, 0, 40, 0)
        outer.addWidget(self.nav)

    def show_model(self, model: ModuleModel) -> None:
        """Fill the list."""
        self.model = model
        self.discard(self.buttons, self.lay)
        self.buttons = []
        for i, item in enumerate(model.lessons):
            mark = "✓ " if item.done else ""
            label = tr(
                "{mark}Bài {code}: {title} ({minutes} phút)",
                self.lang,
                mark=mark,
                code=item.code,
                title=item.title,
                minutes=item.minutes,
            )
            b = BigButton(
                label, kind="tile", on_click=partial(self.open_lesson.emit, item.lesson_id)
            )
            self.buttons.append(b)
            self.lay.insertWidget(2 + i, b)
        for j, (sim_id, title) in enumerate(model.practices):
            label = tr("Luyện tập: {title}", self.lang, title=title)
            sim = BigButton(
                label, kind="primary", on_click=partial(self.open_simulation.emit, sim_id)
            )
            self.buttons.append(sim)
            self.lay.insertWidget(2 + len(model.lessons) + j, sim)
        self.retranslate(self.lang)

    def retranslate(self, lang: str) -> None:
        """See :meth:`Screen.retranslate`."""
        super().retranslate(lang)
        self.nav.retranslate(lang)
        self.title.set(self.model.title if self.model else "")
        self.summary.set(self.model.summary if self.model else "")

    def speech(self) -> str:
        """See :meth:`Screen.speech`."""
        if not self.model:
            return ""
        return tr("{title}. Bác chọn một bài để học.", self.lang, title=self.model.title)

    def clear(self) -> None:
        """Forget the list."""
        self.model = None
        self.discard(self.buttons, self.lay)
        self.buttons = []

    def handle_action(self, action: str) -> bool:
        """ "Quay lại" goes home; answer N opens lesson N."""
        if action in ("back", "home"):
            self.go_back.emit()
            return True
        if action.startswith("answer") and self.model:
            i = int(action[-1]) - 1
            if 0 <= i < len(self.model.lessons):
                self.open_lesson.emit(self.model.lessons[i].lesson_id)
                return True
        return False
