"""Load the very font file the PDFs embed, so the screen and the paper match."""

from __future__ import annotations

import logging

from PySide6.QtGui import QFontDatabase

from kiosk.reports.errors import FontMissing
from kiosk.reports.fonts import find_font_pair

log = logging.getLogger(__name__)

_family: str | None = None


def install_fonts() -> str:
    """Register the Vietnamese font pair with Qt once; returns the family name to use.

    With no suitable font on the system, Qt's default is kept and the problem is logged (the
    doctor command reports it in plain words).
    """
    global _family
    if _family is not None:
        return _family
    try:
        pair = find_font_pair()
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
