"""Screen: what every learner screen shares — language, speech text, wiping, actions."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLayout, QScrollArea, QVBoxLayout, QWidget

from ui.theme import Theme


class Screen(QWidget):
    """Base of every screen.

    Subclasses implement :meth:`retranslate` (words in the learner's language), :meth:`speech`
    (what is read aloud when the screen appears) and :meth:`clear` (forget everything of the
    learner). :meth:`handle_action` receives action ids from voice commands and keyboard keys.
    """

    name = "screen"

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme
        self.lang = "vi"
        self.setObjectName(self.name)
        self.setAccessibleName(self.name)

    def retranslate(self, lang: str) -> None:
        """Show every word in ``lang``."""
        self.lang = lang

    def speech(self) -> str:
        """The text read aloud when the screen appears."""
        return ""

    def clear(self) -> None:
        """Forget everything of the current learner (idle reset, end of visit)."""

    def handle_action(self, action: str) -> bool:
        """React to an action id (``next``, ``back``, ``answer1`` …); True when handled."""
        return False

    @staticmethod
    def discard(widgets: Iterable[QWidget], layout: QLayout | None = None) -> None:
        """Take widgets off the screen and out of the widget tree at once (not at the next turn
        of the event loop), so nothing of a learner lingers where a walk of the tree finds it."""
        for w in list(widgets):
            if layout is not None:
                layout.removeWidget(w)
            w.hide()
            w.setParent(None)
            w.deleteLater()

    @staticmethod
    def scrolling(inner: QWidget) -> QScrollArea:
        """Wrap content so that nothing is ever clipped at text scale 2.0."""
        area = QScrollArea()
        area.setWidget(inner)
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return area

    @staticmethod
    def column(parent: QWidget | None = None, spacing: int = 20) -> tuple[QWidget, QVBoxLayout]:
        """A plain widget with a vertical layout."""
        w = QWidget(parent)
        lay = QVBoxLayout(w)
        lay.setSpacing(spacing)
        lay.setContentsMargins(0, 0, 0, 0)
        return w, lay
