"""The language screen: Tiếng Việt or English, and the text size, before anything else."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.i18n import tr
from ui.screens.base import Screen
from ui.theme import Theme
from ui.widgets.big_button import BigButton
from ui.widgets.wrap_label import WrapLabel


class LanguageScreen(Screen):
    """Two huge language buttons and "Chữ to hơn / Chữ nhỏ hơn"."""

    name = "language"
    chosen = Signal(str)
    speech_rate = Signal(int)
    """-1 slower, +1 faster."""
    speech_volume = Signal(int)
    """-1 quieter, +1 louder."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(theme, parent)
        inner, lay = self.column()
        lay.setContentsMargins(60, 30, 60, 30)
        self.title = WrapLabel(role="title")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.vi = BigButton("Tiếng Việt", kind="go", on_click=lambda: self.chosen.emit("vi"))
        self.en = BigButton("English", kind="primary", on_click=lambda: self.chosen.emit("en"))
        self.size_label = WrapLabel(role="heading")
        self.size_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        row = QHBoxLayout()
        row.setSpacing(24)
        self.smaller = BigButton(kind="quiet", on_click=lambda: self._scale(-0.25))
        self.bigger = BigButton(kind="quiet", on_click=lambda: self._scale(+0.25))
        row.addWidget(self.smaller)
        row.addWidget(self.bigger)
        self.voice_label = WrapLabel(role="heading")
        self.voice_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        voice_row = QHBoxLayout()
        voice_row.setSpacing(24)
        self.slower = BigButton(
            kind="quiet", action="slower", on_click=lambda: self.speech_rate.emit(-1)
        )
        self.faster = BigButton(
            kind="quiet", action="faster", on_click=lambda: self.speech_rate.emit(+1)
        )
        self.quieter = BigButton(kind="quiet", on_click=lambda: self.speech_volume.emit(-1))
        self.louder = BigButton(kind="quiet", on_click=lambda: self.speech_volume.emit(+1))
        for b in (self.slower, self.faster, self.quieter, self.louder):
            voice_row.addWidget(b)
        lay.addWidget(self.title)
        lay.addWidget(self.vi)
        lay.addWidget(self.en)
        lay.addSpacing(20)
        lay.addWidget(self.size_label)
        lay.addLayout(row)
        lay.addSpacing(20)
        lay.addWidget(self.voice_label)
        lay.addLayout(voice_row)
        lay.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scrolling(inner))
        self.retranslate("vi")

    def _scale(self, delta: float) -> None:
        self.theme.set_scale(self.theme.scale + delta)
        self.retranslate(self.lang)

    def retranslate(self, lang: str) -> None:
        """See :meth:`Screen.retranslate`. The title is in both languages."""
        super().retranslate(lang)
        self.title.set("Bác chọn ngôn ngữ  ·  Choose a language")
        self.size_label.set(tr("Cỡ chữ: {percent}%", lang, percent=int(self.theme.scale * 100)))
        self.smaller.set_label(tr("Chữ nhỏ hơn", lang))
        self.bigger.set_label(tr("Chữ to hơn", lang))
        self.voice_label.set(tr("Giọng đọc", lang))
        self.slower.set_label(tr("Đọc chậm hơn", lang))
        self.faster.set_label(tr("Đọc nhanh hơn", lang))
        self.quieter.set_label(tr("Nhỏ tiếng", lang))
        self.louder.set_label(tr("To tiếng", lang))
        self.smaller.setEnabled(self.theme.scale > 1.0)
        self.bigger.setEnabled(self.theme.scale < 2.0)

    def speech(self) -> str:
        """See :meth:`Screen.speech`."""
        return "Bác chọn tiếng Việt hay tiếng Anh. Choose Vietnamese or English."

    def handle_action(self, action: str) -> bool:
        """ "Có"/"một" picks Vietnamese, "hai" English."""
        if action in ("answer1", "yes", "next"):
            self.chosen.emit("vi")
        elif action == "answer2":
            self.chosen.emit("en")
        else:
            return False
        return True
