"""WrapLabel: a word-wrapped label with a theme role, readable by screen readers."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


class WrapLabel(QLabel):
    """A label that wraps, never clips, and carries a style role (title, heading, body …)."""

    def __init__(
        self, text: str = "", *, role: str = "body", parent: QWidget | None = None
    ) -> None:
        super().__init__(text, parent)
        self.setProperty("role", role)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.setAccessibleName(text)

    def set(self, text: str) -> None:
        """Set the text and the accessible name together (nothing to lay out when unchanged)."""
        if text != self.text():
            self.setText(text)
        if text != self.accessibleName():
            self.setAccessibleName(text)
