"""Home: the learner's code, "Học tiếp" (the suggested next lesson), and modules as big tiles."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.i18n import tr
from ui.screens.base import Screen
from ui.theme import Theme
from ui.widgets.big_button import BigButton
from ui.widgets.wrap_label import WrapLabel


@dataclass(frozen=True)
class Tile:
    """One module tile."""

    module_id: str
    title: str
    done: int
    total: int


@dataclass(frozen=True)
class HomeModel:
    """What the home screen shows (in the learner's language already)."""

    code: str
    name: str | None
    next_lesson_id: str | None
    next_lesson_title: str | None
    tiles: list[Tile]
    groups: list[tuple[str, int, int]] = field(default_factory=list)
    """(skill group name, lessons done, lessons in the group) — Decision 757 groups."""


class HomeScreen(Screen):
    """The learner's home."""

    name = "home"
    open_module = Signal(str)
    open_lesson = Signal(str)
    print_slip = Signal()
    finish = Signal()
    open_glossary = Signal()
    open_search = Signal()

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(theme, parent)
        self.model: HomeModel | None = None
        inner, lay = self.column()
        lay.setContentsMargins(40, 20, 40, 20)
        self.hello = WrapLabel(role="title")
        self.code_line = WrapLabel(role="heading")
        self.resume = BigButton(kind="go", action="next", on_click=self._resume)
        self.search = BigButton(kind="primary", on_click=self.open_search.emit)
        self.tiles_box = QWidget()
        self.grid = QGridLayout(self.tiles_box)
        self.grid.setSpacing(16)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.tile_buttons: list[BigButton] = []
        lay.addWidget(self.hello)
        lay.addWidget(self.code_line)
        lay.addWidget(self.resume)
        lay.addWidget(self.search)
        lay.addWidget(self.tiles_box)
        self.skills_title = WrapLabel(role="heading")
        self.skills = WrapLabel(role="body")
        lay.addWidget(self.skills_title)
        lay.addWidget(self.skills)
        lay.addStretch(1)
        bottom = QHBoxLayout()
        bottom.setSpacing(24)
        self.glossary = BigButton(kind="quiet", on_click=self.open_glossary.emit)
        self.slip = BigButton(kind="primary", on_click=self.print_slip.emit)
        self.done = BigButton(kind="danger", on_click=self.finish.emit)
        for b in (self.glossary, self.slip, self.done):
            bottom.addWidget(b)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 16)
        outer.addWidget(self.scrolling(inner), 1)
        bar = QWidget()
        bar.setLayout(bottom)
        bottom.setContentsMargins(40, 0, 40, 0)
        outer.addWidget(bar)
        self.retranslate("vi")

    def _resume(self) -> None:
        if self.model and self.model.next_lesson_id:
            self.open_lesson.emit(self.model.next_lesson_id)

    def show_model(self, model: HomeModel) -> None:
        """Fill the screen for this learner."""
        self.model = model
        self.discard(self.tile_buttons, self.grid)
        self.tile_buttons = []
        for i, t in enumerate(model.tiles):
            label = tr(
                "{title}\n{done} trên {total} bài đã xong",
                self.lang,
                title=t.title,
                done=t.done,
                total=t.total,
            )
            b = BigButton(label, kind="tile", on_click=partial(self.open_module.emit, t.module_id))
            b.setAccessibleName(label.replace("\n", ". "))
            self.tile_buttons.append(b)
            self.grid.addWidget(b, i // 2, i % 2)
        self.retranslate(self.lang)

    def retranslate(self, lang: str) -> None:
        """See :meth:`Screen.retranslate`."""
        super().retranslate(lang)
        m = self.model
        if m and m.name:
            self.hello.set(tr("Chào bác {name}!", lang, name=m.name))
        else:
            self.hello.set(tr("Chào bác!", lang))
        self.code_line.set(tr("Mã học của bác: {code}", lang, code=m.code) if m else "")
        if m and m.next_lesson_title:
            self.resume.set_label(tr("Học tiếp: {title}", lang, title=m.next_lesson_title))
            self.resume.show()
        else:
            self.resume.set_label("")
            self.resume.hide()
        self.search.set_label(tr("Tìm bài theo việc bác cần", lang))
        groups = m.groups if m else []
        self.skills_title.set(tr("Kỹ năng của bác", lang) if groups else "")
        self.skills.set(
            "\n".join(
                tr("{group}: {done}/{total} bài", lang, group=g, done=d, total=t)
                for g, d, t in groups
            )
        )
        self.skills_title.setVisible(bool(groups))
        self.skills.setVisible(bool(groups))
        self.glossary.set_label(tr("Từ điển", lang))
        self.slip.set_label(tr("In phiếu học tập", lang))
        self.done.set_label(tr("Kết thúc", lang))

    def speech(self) -> str:
        """See :meth:`Screen.speech`."""
        if self.model and self.model.next_lesson_title:
            return tr(
                "Bác bấm nút màu xanh lá để học tiếp bài {title}, hoặc chọn một chủ đề.",
                self.lang,
                title=self.model.next_lesson_title,
            )
        return tr("Bác chọn một chủ đề để học.", self.lang)

    def clear(self) -> None:
        """Forget the learner."""
        self.model = None
        self.discard(self.tile_buttons, self.grid)
        self.tile_buttons = []
        self.retranslate(self.lang)

    def handle_action(self, action: str) -> bool:
        """ "Tiếp theo" resumes the suggested lesson; answer N opens module N."""
        if action == "next" and self.model and self.model.next_lesson_id:
            self._resume()
            return True
        if action.startswith("answer") and self.model:
            i = int(action[-1]) - 1
            if 0 <= i < len(self.model.tiles):
                self.open_module.emit(self.model.tiles[i].module_id)
                return True
        return False
