"""PresenterWindow: the projected view — the lesson step at extra-large size, no controls."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.clock import Clock
from kiosk.i18n import tr
from ui.screens.lesson_step import LessonStepScreen
from ui.theme import Theme

PROJECTOR_SCALE = 2.0


class PresenterWindow(QWidget):
    """A top-level window showing a :class:`LessonStepScreen` with its own theme at scale 2.0.

    It goes full screen on the second screen when there is one, else it is an ordinary window
    (the instructor drags it to the projector). Its navigation bar is hidden: the controls stay on
    the instructor's window.
    """

    def __init__(self, theme: Theme, clock: Clock) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.theme = Theme(
            palette=replace(theme.palette), scale=PROJECTOR_SCALE, family=theme.family
        )
        self.setWindowTitle(tr("Màn chiếu", "vi"))
        self.setAccessibleName(tr("Màn chiếu", "vi"))
        self.step = LessonStepScreen(self.theme, clock)
        self.step.nav.hide()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.step)
        self.setStyleSheet(self.theme.stylesheet())

    def present(self) -> bool:
        """Show on the second screen (full screen) if there is one; True when it did."""
        screens = QGuiApplication.screens()
        if len(screens) > 1:
            target = screens[1]
            self.setScreen(target)
            self.setGeometry(target.geometry())
            self.showFullScreen()
            return True
        self.resize(1280, 720)
        self.show()
        return False
