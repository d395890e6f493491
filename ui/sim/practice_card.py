"""PracticeCard: the invented data the learner needs, beside the phone ("Dữ liệu tập luyện")."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from lessons.model import Text
from lessons.sim.model import CardEntry
from ui.widgets.wrap_label import WrapLabel

TITLE = Text(vi="Dữ liệu tập luyện", en="Practice data")
NOTE = Text(
    vi="Số giả, chỉ để tập. Đừng nhập số thật của bác.",
    en="Made-up numbers, for practice only. Never type your real ones.",
)


class PracticeCard(QFrame):
    """A panel listing the practice-card entries: a small label above each big value."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "panel")
        self.setObjectName("practice_card")
        self._lay = QVBoxLayout(self)
        self._lay.setContentsMargins(20, 16, 20, 16)
        self._lay.setSpacing(6)
        self.entries: list[CardEntry] = []
        self.lang = "vi"

    def show_entries(self, entries: list[CardEntry], lang: str, *, big: bool = False) -> None:
        """Show ``entries`` in ``lang`` (all previous rows are removed); ``big`` means a large text
        scale, where values use body size so that long codes still fit."""
        self.entries, self.lang = list(entries), lang
        while self._lay.count():
            item = self._lay.takeAt(0)
            w = item.widget() if item is not None else None
            if w is not None:
                w.deleteLater()
        self._lay.addWidget(WrapLabel(TITLE.get(lang), role="heading"))
        self._lay.addWidget(WrapLabel(NOTE.get(lang), role="muted"))
        for entry in entries:
            self._lay.addSpacing(6)
            self._lay.addWidget(WrapLabel(entry.label.get(lang), role="muted"))
            value = WrapLabel(entry.value, role="body" if big else "heading")
            if big:
                font = value.font()
                font.setBold(True)
                value.setFont(font)
            value.setAccessibleName(f"{entry.label.get(lang)}: {entry.value}")
            self._lay.addWidget(value)
        self.setAccessibleName(TITLE.get(lang))
