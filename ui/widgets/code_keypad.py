"""CodeKeypad: big on-screen keys for typing a learner code on a touch screen with no keyboard."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QWidget

from kiosk.services.learners import CODE_ALPHABET
from ui.widgets.big_button import BigButton


class CodeKeypad(QWidget):
    """One key for each letter or digit a code can contain, plus "Xóa" (delete)."""

    typed = Signal(str)
    erased = Signal()

    def __init__(self, columns: int = 8, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setSpacing(10)
        grid.setContentsMargins(0, 0, 0, 0)
        self.keys: list[BigButton] = []
        for i, ch in enumerate(sorted(CODE_ALPHABET, key=lambda c: (c.isdigit(), c))):
            b = BigButton(ch, kind="quiet", on_click=partial(self.typed.emit, ch))
            b.setAccessibleName(ch)
            self.keys.append(b)
            grid.addWidget(b, i // columns, i % columns)
        self.erase = BigButton("⌫", kind="danger", on_click=self.erased.emit)
        n = len(self.keys)
        grid.addWidget(self.erase, n // columns, n % columns, 1, columns - n % columns)

    def retranslate(self, erase_label: str) -> None:
        """The delete key's words."""
        self.erase.set_label(erase_label)
