"""Illustration: an SVG from the content folder, scaled to fit, with its words for screen readers."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QSizePolicy, QWidget

log = logging.getLogger(__name__)

RESOURCES = Path(__file__).resolve().parent.parent.parent / "resources"


class Illustration(QWidget):
    """Draws one SVG, keeping its aspect ratio; draws nothing when the file is missing or broken."""

    def __init__(self, path: str | Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._renderer: QSvgRenderer | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(160, 120)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        if path is not None:
            self.set_path(Path(path) if Path(path).is_absolute() else RESOURCES / path)

    def set_path(self, path: Path | None, description: str = "") -> None:
        """Show another picture (None clears it)."""
        self._renderer = None
        if path is not None:
            renderer = QSvgRenderer(str(path))
            if renderer.isValid():
                self._renderer = renderer
            else:
                log.warning("Không vẽ được hình %s", path)
        self.setAccessibleName(description)
        self.update()

    @property
    def has_picture(self) -> bool:
        """True when an SVG is loaded."""
        return self._renderer is not None

    def sizeHint(self) -> QSize:
        """About 400 × 300, the content format's viewBox."""
        return QSize(400, 300)

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the SVG centred and scaled to fit."""
        if self._renderer is None:
            return
        view = self._renderer.defaultSize()
        if view.isEmpty():
            return
        ratio = min(self.width() / view.width(), self.height() / view.height())
        w, h = view.width() * ratio, view.height() * ratio
        target = QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._renderer.render(painter, target)
        painter.end()
