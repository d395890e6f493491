"""BigButton: a large touch target with words, an accessible name and a style kind."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QSizePolicy, QWidget


class BigButton(QPushButton):
    """A push button sized for unsteady fingers.

    Args:
        text: the words on the button (always words, never an icon alone).
        kind: ``primary`` | ``go`` | ``quiet`` | ``danger`` | ``tile`` | ``answer`` (theme styles).
        action: the action id it triggers (voice commands map to the same ids).
        on_click: called when pressed.
    """

    def __init__(self, text: str = "", *, kind: str = "quiet", action: str = "",
                 on_click: Callable[[], None] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setProperty("kind", kind)
        self.action = action
        self.setAccessibleName(text)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        if on_click is not None:
            self.clicked.connect(on_click)

    def set_label(self, text: str) -> None:
        """Change the words and the accessible name together."""
        self.setText(text)
        self.setAccessibleName(text)

    def set_kind(self, kind: str, verdict: str = "") -> None:
        """Change the style kind (and an optional verdict for answers) and re-polish."""
        self.setProperty("kind", kind)
        self.setProperty("verdict", verdict)
        self.style().unpolish(self)
        self.style().polish(self)
