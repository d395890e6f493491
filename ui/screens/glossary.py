"""The word list: tap a word to see and hear what it means."""

from __future__ import annotations

from dataclasses import dataclass
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
class Entry:
    """One word and its meaning, already in the learner's language."""

    term: str
    meaning: str


class GlossaryScreen(Screen):
    """Every glossary term as a big button; the chosen meaning shows at the top and is read aloud."""

    name = "glossary"
    chosen = Signal(str)
    go_back = Signal()

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(theme, parent)
        self.entries: list[Entry] = []
        self.current_entry: Entry | None = None
        self.title = WrapLabel(role="title")
        self.meaning = WrapLabel(role="info")
        self.meaning.hide()
        inner, self.lay = self.column(spacing=12)
        self.lay.setContentsMargins(40, 0, 40, 0)
        self.buttons: list[BigButton] = []
        self.lay.addStretch(1)
        self.nav = NavBar()
        self.nav.next.hide()
        self.nav.back.clicked.connect(self.go_back.emit)
        self.nav.repeat.clicked.connect(
            lambda: self.current_entry and self.chosen.emit(self.speech())
        )
        lay = QVBoxLayout(self)
        lay.setContentsMargins(40, 16, 40, 16)
        lay.addWidget(self.title)
        lay.addWidget(self.meaning)
        lay.addWidget(self.scrolling(inner), 1)
        lay.addWidget(self.nav)

    def show_entries(self, entries: list[Entry]) -> None:
        """Fill the list (already sorted)."""
        self.clear()
        self.entries = entries
        for i, e in enumerate(entries):
            b = BigButton(e.term, kind="tile", on_click=partial(self.pick, e))
            self.buttons.append(b)
            self.lay.insertWidget(i, b)
        self.retranslate(self.lang)

    def pick(self, entry: Entry) -> None:
        """Show and read one meaning."""
        self.current_entry = entry
        self.meaning.set(f"{entry.term}: {entry.meaning}")
        self.meaning.show()
        self.chosen.emit(self.speech())

    def retranslate(self, lang: str) -> None:
        """See :meth:`Screen.retranslate`."""
        super().retranslate(lang)
        self.nav.retranslate(lang)
        self.title.set(tr("Từ điển: bác chạm vào một từ để nghe giải thích", lang))

    def speech(self) -> str:
        """The chosen word and its meaning, or how to use the screen."""
        if self.current_entry is not None:
            return f"{self.current_entry.term}. {self.current_entry.meaning}"
        return tr("Bác chạm vào một từ để nghe giải thích.", self.lang)

    def clear(self) -> None:
        """Forget the list and the chosen word."""
        self.discard(self.buttons, self.lay)
        self.buttons, self.entries, self.current_entry = [], [], None
        self.meaning.set("")
        self.meaning.hide()

    def handle_action(self, action: str) -> bool:
        """ "Quay lại" leaves."""
        if action in ("back", "home"):
            self.go_back.emit()
            return True
        return False
