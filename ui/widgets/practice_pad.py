"""PracticePad: a big target where the learner tries a gesture (tap, double tap, hold, swipe)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.clock import Clock
from ui.theme import Theme

HOLD_S = 1.5
DOUBLE_TAP_S = 0.6
SWIPE_PX = 120


class PracticePad(QWidget):
    """Recognises one gesture kind; emits :attr:`done` when the learner does it right.

    Times come from the injected clock, so tests press, advance the clock and release.
    """

    done = Signal()
    attempted = Signal(str)

    def __init__(self, theme: Theme, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme, self.clock = theme, clock
        self.kind = "tap"
        self.success = False
        self._press_at: float | None = None
        self._press_pos = QPointF()
        self._last_tap = -10.0
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._resize()
        theme.changed.connect(self._resize)

    def _resize(self) -> None:
        self.setFixedHeight(self.theme.px(180))

    def reset(self, kind: str) -> None:
        """Wait for a new gesture of ``kind``."""
        self.kind, self.success = kind, False
        self._press_at = None
        self._last_tap = -10.0
        self.update()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Start of a gesture."""
        self._press_at = self.clock.monotonic()
        self._press_pos = event.position()
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """End of a gesture: decide what it was."""
        if self._press_at is None:
            return
        held = self.clock.monotonic() - self._press_at
        move = event.position() - self._press_pos
        self._press_at = None
        if move.x() <= -SWIPE_PX and abs(move.y()) < abs(move.x()):
            gesture = "swipe_left"
        elif move.y() <= -SWIPE_PX and abs(move.x()) < abs(move.y()):
            gesture = "swipe_up"
        elif held >= HOLD_S:
            gesture = "hold"
        else:
            now = self.clock.monotonic()
            gesture = "double_tap" if now - self._last_tap <= DOUBLE_TAP_S else "tap"
            self._last_tap = now
        self.attempted.emit(gesture)
        if gesture == self.kind or (self.kind == "double_tap" and gesture == "double_tap"):
            self.success = True
            self.update()
            self.done.emit()
        event.accept()

    def keyPressEvent(self, event: object) -> None:
        """Keyboard users complete the practice with Space or Enter."""
        from PySide6.QtGui import QKeyEvent

        if isinstance(event, QKeyEvent) and event.key() in (Qt.Key.Key_Space, Qt.Key.Key_Return):
            self.success = True
            self.update()
            self.done.emit()
            return
        super().keyPressEvent(event)  # type: ignore[arg-type]

    def paintEvent(self, event: QPaintEvent) -> None:
        """A big round target; green with a tick once done."""
        p = self.theme.palette
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = min(self.width(), self.height()) * 0.42
        centre = QRectF(self.width() / 2 - r, self.height() / 2 - r, 2 * r, 2 * r)
        painter.setPen(QPen(QColor(p.text), 6))
        painter.setBrush(QColor(p.go if self.success else p.primary))
        painter.drawEllipse(centre)
        if self.success:
            painter.setPen(
                QPen(QColor(p.go_text), 12, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
            )
            c = centre.center()
            painter.drawPolyline(
                [
                    QPointF(c.x() - r * 0.4, c.y()),
                    QPointF(c.x() - r * 0.1, c.y() + r * 0.3),
                    QPointF(c.x() + r * 0.45, c.y() - r * 0.35),
                ]
            )
        if self.hasFocus():
            painter.setPen(QPen(QColor(p.focus), 5))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(self.rect().adjusted(3, 3, -3, -3))
        painter.end()
