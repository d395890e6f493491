"""The attract screen: what a passer-by sees; one touch anywhere begins."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.i18n import tr
from ui.screens.base import Screen
from ui.theme import Theme
from ui.widgets.big_button import BigButton
from ui.widgets.illustration import Illustration
from ui.widgets.wrap_label import WrapLabel


class AttractScreen(Screen):
    """ "Học vụ số — chạm để bắt đầu". Emits :attr:`started` on any touch."""

    name = "attract"
    started = Signal()

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(theme, parent)
        inner, lay = self.column(spacing=24)
        lay.setContentsMargins(60, 40, 60, 40)
        self.title = WrapLabel(role="huge")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture = Illustration("images/ui/welcome.svg")
        self.subtitle = WrapLabel(role="heading")
        self.subtitle.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.start = BigButton(kind="go", action="next", on_click=self.started.emit)
        lay.addWidget(self.title)
        lay.addWidget(self.picture, 1)
        lay.addWidget(self.subtitle)
        lay.addWidget(self.start)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scrolling(inner))
        self.retranslate("vi")

    def retranslate(self, lang: str) -> None:
        """See :meth:`Screen.retranslate`."""
        super().retranslate(lang)
        self.title.set(tr("Học vụ số", lang))
        self.subtitle.set(
            tr("Học dùng điện thoại và dịch vụ công, từng bước một, có đọc to.", lang)
        )
        self.start.set_label(tr("Chạm vào đây để bắt đầu", lang))

    def speech(self) -> str:
        """See :meth:`Screen.speech`."""
        return tr("Xin chào! Bác chạm vào màn hình để bắt đầu học.", self.lang)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """A touch anywhere starts."""
        self.started.emit()
        event.accept()

    def handle_action(self, action: str) -> bool:
        """See :meth:`Screen.handle_action`."""
        if action in ("next", "yes"):
            self.started.emit()
            return True
        return False
