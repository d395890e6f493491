"""NavBar: "Quay lại", "Nghe lại", "Tiếp theo" — always the same three, always in the same place."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QWidget

from kiosk.i18n import tr
from ui.widgets.big_button import BigButton


class NavBar(QWidget):
    """The bottom bar of every learner screen. Hidden buttons keep their place (no jumping)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(24)
        self.back = BigButton(kind="quiet", action="back")
        self.repeat = BigButton(kind="primary", action="repeat")
        self.next = BigButton(kind="go", action="next")
        for b in (self.back, self.repeat, self.next):
            lay.addWidget(b, 1)
            sp = b.sizePolicy()
            sp.setRetainSizeWhenHidden(True)
            b.setSizePolicy(sp)
        self.retranslate("vi")

    def retranslate(self, lang: str) -> None:
        """Words in the learner's language."""
        self.back.set_label(tr("‹ Quay lại", lang))
        self.repeat.set_label(tr("Nghe lại", lang))
        self.next.set_label(tr("Tiếp theo ›", lang))
