"""Small widgets the simulated phone is built from: OTP boxes and a big tick box."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QLineEdit, QWidget

from ui.theme import Theme


class OtpBoxes(QLineEdit):
    """A code field drawn as separate boxes, one digit per box (OTP, PIN, passcode).

    It is still a line edit underneath, so the keyboard, screen readers and tests work as usual.
    """

    def __init__(
        self, theme: Theme, length: int, *, secret: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.theme = theme
        self.length = length
        self.secret = secret
        self.glow = False
        self.setMaxLength(length)
        self.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        self.setMinimumHeight(theme.px(84))

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw one box per digit, the typed digits (or dots) inside, the next box highlighted."""
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.theme.palette
        p.fillRect(self.rect(), QColor(pal.bg))
        if self.glow:
            p.setPen(QPen(QColor(pal.focus), 7))
            p.drawRoundedRect(QRectF(self.rect()).adjusted(4, 4, -4, -4), 12, 12)
        gap = self.theme.px(8)
        room = self.width() - 24.0
        box = min((room - gap * (self.length - 1)) / self.length, self.height() - 18.0)
        left = (self.width() - (box * self.length + gap * (self.length - 1))) / 2
        top = (self.height() - box) / 2
        font = QFont(self.font())
        font.setPixelSize(int(box * 0.6))
        font.setBold(True)
        p.setFont(font)
        text = self.text()
        for i in range(self.length):
            r = QRectF(left + i * (box + gap), top, box, box)
            active = self.hasFocus() and i == min(len(text), self.length - 1)
            pen = QPen(QColor(pal.focus if active else pal.text), 5 if active else 3)
            p.setPen(pen)
            p.setBrush(QColor("#FFFFFF"))
            p.drawRoundedRect(r, 8, 8)
            if i < len(text):
                p.setPen(QColor(pal.text))
                p.drawText(r, Qt.AlignmentFlag.AlignCenter, "•" if self.secret else text[i])
        p.end()
