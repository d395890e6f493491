"""Show the attract screen at once; open the database and load the lessons behind it.

The attract screen needs only Qt and the theme. Everything slow (SQLAlchemy, Alembic, parsing and
validating every lesson) runs on a worker thread while a passer-by already sees the kiosk. A touch
that comes before the kiosk is ready is remembered and honoured the moment it is.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QMainWindow

from kiosk.i18n import tr
from ui.screens.attract import AttractScreen
from ui.tasks import Tasks
from ui.theme import Theme

log = logging.getLogger(__name__)


def boot_theme(scale: float) -> Theme:
    """The attract screen's theme: the preferred family by name (fontconfig finds the same file
    the PDFs embed), so the first frame waits for no font search. The kiosk window that follows
    registers the exact file (:func:`ui.fonts.install_fonts`)."""
    from kiosk.reports.fonts import PREFERRED_FAMILIES

    return Theme(scale=scale, family=PREFERRED_FAMILIES[0])


class BootWindow(QMainWindow):
    """The attract screen on its own, shown while the core loads.

    Signals:
        ready(object): the worker's result, delivered on the UI thread.
        failed(object): the worker's exception.
    """

    ready = Signal(object)
    failed = Signal(object)

    def __init__(self, theme: Theme) -> None:
        super().__init__()
        self.theme = theme
        self.touched = False
        self.setWindowTitle("Học vụ số")
        self.attract = AttractScreen(theme)
        self.attract.started.connect(self._touch)
        self.setCentralWidget(self.attract)
        self.setStyleSheet(theme.stylesheet())
        self.tasks = Tasks(self, max_threads=1)

    def _touch(self) -> None:
        self.touched = True
        self.attract.start.set_label(tr("Đang chuẩn bị, bác chờ một chút…", self.attract.lang))

    def load(self, work: Callable[[], Any]) -> None:
        """Run ``work()`` on the worker thread; emit :attr:`ready` or :attr:`failed`."""
        self.tasks.run(work, self.ready.emit, self.failed.emit)
