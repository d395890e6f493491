"""Find, check and register one Vietnamese-capable font pair (regular + bold) for reportlab.

Noto Sans is preferred, DejaVu Sans is the fallback. Files are found through fontconfig
(``fc-match``) with a fallback to the Debian paths. :func:`register_fonts` registers the pair once,
makes it the canvas and graphics default, so no unembedded Helvetica ends up in a PDF, and returns
the file paths, so the Qt side can load the very same files
(``QFontDatabase.addApplicationFont``).
"""

from __future__ import annotations

import shutil
import subprocess
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.reports.errors import FontMissing

#: reportlab names of the registered pair.
FONT_REGULAR = "HVSans"
FONT_BOLD = "HVSans-Bold"

#: Letters that must all be in the font: every Vietnamese vowel shape with its marks, plus đ/Đ.
VIETNAMESE_PROBE = "ăâđêôơưĂÂĐÊÔƠƯáàảãạấầẩẫậắằẳẵặếềểễệốồổỗộớờởỡợứừửữựíìỉĩịýỳỷỹỵ₫"

_KNOWN_PATHS: dict[str, tuple[tuple[str, str], ...]] = {
    "Noto Sans": (
        (
            "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
            "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
        ),
    ),
    "DejaVu Sans": (
        (
            "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
            "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
        ),
    ),
}
PREFERRED_FAMILIES: tuple[str, ...] = ("Noto Sans", "DejaVu Sans")


@dataclass(frozen=True)
class FontPair:
    """A registered font pair.

    Attributes:
        family: the fontconfig family name, e.g. ``"Noto Sans"``.
        regular: path of the regular TTF file.
        bold: path of the bold TTF file.
        regular_name: reportlab name of the regular face.
        bold_name: reportlab name of the bold face.
    """

    family: str
    regular: Path
    bold: Path
    regular_name: str = FONT_REGULAR
    bold_name: str = FONT_BOLD


_lock = threading.Lock()
_registered: FontPair | None = None


def _fc_match(pattern: str) -> tuple[str, Path] | None:
    """Ask fontconfig for the best file for ``pattern``; ``None`` without fontconfig."""
    exe = shutil.which("fc-match")
    if exe is None:
        return None
    try:
        out = subprocess.run(
            [exe, "-f", "%{family}|%{file}", pattern],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    family, _, file = out.partition("|")
    if not file:
        return None
    return family.split(",")[0].strip(), Path(file.strip())


def _is_ttf(path: Path) -> bool:
    return path.suffix.lower() == ".ttf" and path.is_file()


def _candidates(family: str) -> list[tuple[Path, Path]]:
    """Regular/bold file pairs for one family: fontconfig's answer first, then known paths."""
    found: list[tuple[Path, Path]] = []
    regular = _fc_match(f"{family}:style=Regular")
    bold = _fc_match(f"{family}:style=Bold")
    if (
        regular is not None
        and bold is not None
        and regular[0] == family
        and bold[0] == family
        and _is_ttf(regular[1])
        and _is_ttf(bold[1])
    ):
        found.append((regular[1], bold[1]))
    for reg, bld in _KNOWN_PATHS.get(family, ()):
        pair = (Path(reg), Path(bld))
        if pair not in found and _is_ttf(pair[0]) and _is_ttf(pair[1]):
            found.append(pair)
    return found


_parsed: dict[tuple[Path, str], Any] = {}


def _load(path: Path, name: str) -> Any:
    """Parse a TTF once as a reportlab TTFont named ``name``; ``None`` when it is not a font."""
    key = (path, name)
    if key not in _parsed:
        from reportlab.pdfbase.ttfonts import TTFont

        try:
            _parsed[key] = TTFont(name, str(path))
        except Exception:  # reportlab raises TTFError, struct or OS errors on a bad file
            _parsed[key] = None
    return _parsed[key]


def _covers(font: Any) -> bool:
    cmap: dict[int, int] = font.face.charToGlyph
    return all(ord(ch) in cmap for ch in VIETNAMESE_PROBE)


def covers_vietnamese(path: Path) -> bool:
    """Tell whether the TTF at ``path`` has a glyph for every letter of :data:`VIETNAMESE_PROBE`.

    Args:
        path: a TrueType font file.

    Returns:
        ``True`` when every probe letter is mapped to a glyph.
    """
    font = _load(Path(path), "HVProbe")
    return font is not None and _covers(font)


def find_font_pair(
    families: tuple[str, ...] = PREFERRED_FAMILIES,
    covers: Callable[[Path], bool] | None = None,
) -> FontPair:
    """Find the first family in ``families`` that is installed and draws Vietnamese.

    Args:
        families: fontconfig family names in order of preference.
        covers: the coverage test (default :func:`covers_vietnamese`, which loads reportlab; the
            Qt side passes a check of its own so that start-up does not import reportlab).

    Returns:
        The pair of file paths (not yet registered).

    Raises:
        FontMissing: no family is installed with both faces covering Vietnamese.
    """
    tried: list[str] = []
    for family in families:
        for regular, bold in _candidates(family):
            tried.append(f"{regular}, {bold}")
            if covers is not None:
                ok = covers(regular) and covers(bold)
            else:
                # Parse under the final names, so that register_fonts reuses these very objects.
                reg_font = _load(regular, FONT_REGULAR)
                bold_font = _load(bold, FONT_BOLD)
                ok = (
                    reg_font is not None
                    and bold_font is not None
                    and _covers(reg_font)
                    and _covers(bold_font)
                )
            if ok:
                return FontPair(family=family, regular=regular, bold=bold)
    raise FontMissing(
        "Máy này chưa có phông chữ tiếng Việt để in. "
        "Xin nhờ cán bộ kỹ thuật cài gói phông Noto Sans hoặc DejaVu Sans.",
        detail=f"families={families!r} tried={tried!r}",
    )


def register_fonts() -> FontPair:
    """Register the Vietnamese font pair with reportlab once and make it the default everywhere.

    Safe to call from many threads and many times; the first call does the work.

    Returns:
        The registered pair; its ``regular``/``bold`` paths are the files for the Qt side.

    Raises:
        FontMissing: see :func:`find_font_pair`.
    """
    global _registered
    with _lock:
        if _registered is not None:
            return _registered
        pair = find_font_pair()
        from reportlab import rl_config
        from reportlab.graphics import shapes
        from reportlab.lib.fonts import addMapping
        from reportlab.lib.styles import ParagraphStyle
        from reportlab.pdfbase import pdfmetrics
        from reportlab.platypus import tables

        pdfmetrics.registerFont(_load(pair.regular, FONT_REGULAR))
        pdfmetrics.registerFont(_load(pair.bold, FONT_BOLD))
        for italic in (0, 1):
            addMapping(FONT_REGULAR, 0, italic, FONT_REGULAR)
            addMapping(FONT_REGULAR, 1, italic, FONT_BOLD)
        # The canvas starts every page with this font, and every Drawing uses STATE_DEFAULTS:
        # left as Helvetica they put an unused, unembedded Helvetica into each PDF.
        # Table cells and paragraph styles copied the old default when reportlab was imported.
        rl_config.canvas_basefontname = FONT_REGULAR
        shapes.STATE_DEFAULTS["fontName"] = FONT_REGULAR
        tables.CellStyle.fontname = FONT_REGULAR
        ParagraphStyle.defaults["fontName"] = FONT_REGULAR
        ParagraphStyle.defaults["bulletFontName"] = FONT_REGULAR
        # Binary streams instead of ASCII85: smaller files, and about 40 % less time per slip.
        rl_config.useA85 = 0
        _registered = pair
        return pair


def font_files() -> tuple[Path, Path]:
    """Return the regular and bold TTF paths used in the PDFs, for ``addApplicationFont``.

    Raises:
        FontMissing: see :func:`find_font_pair`.
    """
    pair = register_fonts()
    return pair.regular, pair.bold
