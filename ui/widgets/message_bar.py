"""MessageBar: the one place where problems and notices reach the person at the screen."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QHBoxLayout, QWidget

from ui.theme import Theme
from ui.widgets.big_button import BigButton
from ui.widgets.wrap_label import WrapLabel

log = logging.getLogger("hocvuso.messages")


class MessageBar(QWidget):
    """A calm yellow bar at the top with the message and a "Đã hiểu" button. Also logs it."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme
        lay = QHBoxLayout(self)
        lay.setContentsMargins(20, 10, 20, 10)
        self.text = WrapLabel(role="info")
        self.ok = BigButton("Đã hiểu", kind="quiet", on_click=self.clear_message)
        lay.addWidget(self.text, 1)
        lay.addWidget(self.ok)
        self.hide()

    @property
    def message(self) -> str:
        """The message shown now ("" when hidden)."""
        return self.text.text() if self.isVisible() or self.text.text() else ""

    def show_message(self, message: str, *, speak: bool = True) -> None:
        """Show a message and log it. ``speak`` is a hint to the caller (the bar never speaks)."""
        log.info("Thông báo: %s", message)
        self.text.set(message)
        self.show()

    def clear_message(self) -> None:
        """Hide the bar and forget the text."""
        self.text.set("")
        self.hide()
