"""The screen uses the very font file that the PDFs embed, and it draws Vietnamese."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontInfo

from kiosk.reports.fonts import find_font_pair
from ui.fonts import install_fonts


def test_the_screen_font_is_the_pdf_font(qapp) -> None:  # type: ignore[no-untyped-def]
    family = install_fonts()
    assert family in ("Noto Sans", "DejaVu Sans")
    assert family == find_font_pair().family
    assert QFontInfo(QFont(family)).family() == family
