"""BarChart: big, labelled horizontal bars drawn with the theme's colours (no chart library)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ui.theme import Theme


@dataclass(frozen=True)
class Bar:
    """One bar: a label, a value out of a total, and the words shown at its end."""

    label: str
    value: float
    total: float
    caption: str


class BarChart(QWidget):
    """Horizontal bars, one row each, label on the left, filled share and caption on the right.

    Its accessible name reads every bar, so a screen reader gets the same facts as the eye.
    """

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme
        self.title = ""
        self.bars: list[Bar] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_bars(self, title: str, bars: list[Bar]) -> None:
        """Show ``bars`` under ``title``."""
        self.title, self.bars = title, bars
        self.setAccessibleName(
            ". ".join([title] + [f"{b.label}: {b.caption}" for b in bars]) if bars else title
        )
        self.setFixedHeight(self.sizeHint().height())
        self.update()

    def _row(self) -> int:
        return self.theme.px(44)

    def sizeHint(self) -> QSize:
        """One row per bar plus the title."""
        return QSize(600, self._row() * (len(self.bars) + 1) + self.theme.px(8))

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the title and the bars."""
        p = self.theme.palette
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = QFont(self.theme.family)
        font.setPixelSize(self.theme.px(24))
        bold = QFont(font)
        bold.setBold(True)
        row = self._row()
        painter.setFont(bold)
        painter.setPen(QColor(p.text))
        painter.drawText(QRectF(0, 0, self.width(), row), Qt.AlignmentFlag.AlignVCenter, self.title)
        painter.setFont(font)
        metrics = QFontMetrics(font)
        label_w = max([metrics.horizontalAdvance(b.label) for b in self.bars] + [0]) + 16
        caption_w = max([metrics.horizontalAdvance(b.caption) for b in self.bars] + [0]) + 16
        bar_w = max(40.0, self.width() - label_w - caption_w)
        for i, b in enumerate(self.bars):
            y = row * (i + 1)
            painter.setPen(QColor(p.text))
            painter.drawText(QRectF(0, y, label_w, row), Qt.AlignmentFlag.AlignVCenter, b.label)
            box = QRectF(label_w, y + row * 0.2, bar_w, row * 0.6)
            painter.setPen(QPen(QColor(p.text), 2))
            painter.setBrush(QColor("#FFFFFF"))
            painter.drawRect(box)
            share = 0.0 if b.total <= 0 else max(0.0, min(1.0, b.value / b.total))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(p.go))
            painter.drawRect(
                QRectF(box.x() + 2, box.y() + 2, (box.width() - 4) * share, box.height() - 4)
            )
            painter.setPen(QColor(p.text))
            painter.drawText(
                QRectF(label_w + bar_w + 12, y, caption_w, row),
                Qt.AlignmentFlag.AlignVCenter,
                b.caption,
            )
        painter.end()
