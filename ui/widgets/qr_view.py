"""QrView: a QR code drawn from text with segno, crisp at any size."""

from __future__ import annotations

import io

import segno
from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QLabel, QWidget


class QrView(QLabel):
    """Shows ``text`` as a QR code (error correction M, quiet zone kept)."""

    def __init__(self, size: int = 240, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._size = size
        self.text_value = ""
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setFixedSize(size, size)

    def set_text(self, text: str) -> None:
        """Encode ``text``; an empty string clears the picture."""
        self.text_value = text
        if not text:
            self.clear()
            self.setAccessibleName("")
            return
        buf = io.BytesIO()
        segno.make(text, error="m").save(buf, kind="png", scale=8, border=4)
        pix = QPixmap()
        pix.loadFromData(buf.getvalue(), "PNG")
        self.setPixmap(
            pix.scaled(
                self._size,
                self._size,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.FastTransformation,
            )
        )
        self.setAccessibleName(f"QR {text}")
