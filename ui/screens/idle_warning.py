"""The idle countdown: "Bác còn học không?" Any touch continues; nothing here ends the visit."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.i18n import tr
from ui.screens.base import Screen
from ui.theme import Theme
from ui.widgets.big_button import BigButton
from ui.widgets.wrap_label import WrapLabel


class IdleWarningScreen(Screen):
    """A big countdown and one button, "Tôi vẫn đang học". There is no "end" button on purpose."""

    name = "idle_warning"
    keep_going = Signal()

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(theme, parent)
        self.seconds = 0
        inner, lay = self.column(spacing=30)
        lay.setContentsMargins(60, 40, 60, 40)
        self.question = WrapLabel(role="huge")
        self.question.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.count = WrapLabel(role="huge")
        self.count.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.explain = WrapLabel(role="heading")
        self.explain.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stay = BigButton(kind="go", on_click=self.keep_going.emit)
        lay.addStretch(1)
        for w in (self.question, self.count, self.explain, self.stay):
            lay.addWidget(w)
        lay.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scrolling(inner))
        self.retranslate("vi")

    def set_seconds(self, seconds: int) -> None:
        """Update the countdown."""
        self.seconds = seconds
        self.count.set(str(seconds))

    def retranslate(self, lang: str) -> None:
        """See :meth:`Screen.retranslate`."""
        super().retranslate(lang)
        self.question.set(tr("Bác còn học không?", lang))
        self.explain.set(tr("Bài học của bác đã được lưu. Chạm vào màn hình để học tiếp.", lang))
        self.stay.set_label(tr("Tôi vẫn đang học", lang))

    def speech(self) -> str:
        """See :meth:`Screen.speech`."""
        return tr("Bác còn học không? Bác chạm vào màn hình để học tiếp nhé.", self.lang)

    def handle_action(self, action: str) -> bool:
        """Any spoken command continues."""
        self.keep_going.emit()
        return True
