"""HiddenGesture: five quick taps in the top-right corner of a kiosk window open the staff PIN.

Learners never see a staff button; the gesture alone opens nothing but the PIN dialog.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Signal
from PySide6.QtGui import QMouseEvent, QTouchEvent
from PySide6.QtWidgets import QWidget

from kiosk.clock import Clock


class HiddenGesture(QObject):
    """Watches a window's presses; emits :attr:`triggered` after ``taps`` presses inside the
    ``corner`` × ``corner`` pixels at its top-right within ``window_s`` seconds (the injected
    clock). Install with ``app.installEventFilter(gesture)`` or on the window.

    Signals:
        triggered(): the gesture was made.
    """

    triggered = Signal()

    def __init__(
        self,
        window: QWidget,
        clock: Clock,
        *,
        taps: int = 5,
        window_s: float = 3.0,
        corner: int = 120,
    ) -> None:
        super().__init__(window)
        self.window, self.clock = window, clock
        self.taps, self.window_s, self.corner = taps, window_s, corner
        self._times: list[float] = []
        self._last_event: tuple[int, int] | None = None

    def in_corner(self, local: QPoint) -> bool:
        """True when a point of the window is in the top-right corner."""
        return local.y() <= self.corner and local.x() >= self.window.width() - self.corner

    def press(self, local: QPoint) -> bool:
        """Count one press at a window point; True when it completes the gesture."""
        now = self.clock.monotonic()
        if not self.in_corner(local):
            self._times.clear()
            return False
        self._times = [t for t in self._times if now - t <= self.window_s] + [now]
        if len(self._times) >= self.taps:
            self._times.clear()
            self.triggered.emit()
            return True
        return False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Look at presses in the watched window; never eats them."""
        if not isinstance(watched, QWidget) or watched.window() is not self.window:
            return False
        if event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin):
            # a press not accepted by a child is offered to each parent: count it once
            stamp = (int(event.type().value), int(getattr(event, "timestamp", lambda: 0)()))
            if stamp == self._last_event and stamp[1] != 0:
                return False
            self._last_event = stamp
        if event.type() == QEvent.Type.MouseButtonPress and isinstance(event, QMouseEvent):
            self.press(self.window.mapFromGlobal(event.globalPosition().toPoint()))
        elif event.type() == QEvent.Type.TouchBegin and isinstance(event, QTouchEvent):
            points = event.points()
            if points:
                self.press(self.window.mapFromGlobal(points[0].globalPosition().toPoint()))
        return False
