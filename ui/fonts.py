"""Load the very font file the PDFs embed, so the screen and the paper match."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtGui import QFontDatabase, QRawFont

from kiosk.reports.errors import FontMissing
from kiosk.reports.fonts import VIETNAMESE_PROBE, find_font_pair

log = logging.getLogger(__name__)

_family: str | None = None


def _qt_covers(path: Path) -> bool:
    """Qt's own check that the file draws every Vietnamese letter (no reportlab at start-up)."""
    raw = QRawFont(str(path), 30)
    return raw.isValid() and all(raw.supportsCharacter(ord(ch)) for ch in VIETNAMESE_PROBE)


def install_fonts() -> str:
    """Register the Vietnamese font pair with Qt once; returns the family name to use.

    With no suitable font on the system, Qt's default is kept and the problem is logged (the
    doctor command reports it in plain words).
    """
    global _family
    if _family is not None:
        return _family
    try:
        pair = find_font_pair(covers=_qt_covers)
    except FontMissing as exc:
        log.error("%s", exc)
        _family = "Sans Serif"
        return _family
    families: list[str] = []
    for path in (pair.regular, pair.bold):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0:
            families += QFontDatabase.applicationFontFamilies(font_id)
        else:
            log.error("Qt không nạp được phông %s", path)
    _family = families[0] if families else pair.family
    return _family
