"""Preview a saved PDF: its first page as a PNG (poppler's ``pdftoppm``) and its page count.

Runs off the UI thread (through :class:`ui.tasks.Tasks`); the screen loads the PNG afterwards.
Qt's own PDF module is not installed on the stations, so poppler does the drawing.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Preview:
    """A rendered first page (``png`` is ``None`` when poppler is missing) and the page count."""

    pdf: Path
    png: Path | None
    pages: int


def page_count(pdf: Path) -> int:
    """Pages in a PDF (``pdfinfo``; 0 when unknown)."""
    tool = shutil.which("pdfinfo")
    if tool is None:
        return 0
    out = subprocess.run(
        [tool, str(pdf)], capture_output=True, text=True, timeout=30, check=False
    ).stdout
    found = re.search(r"^Pages:\s+(\d+)", out, re.MULTILINE)
    return int(found.group(1)) if found else 0


def render_preview(pdf: Path, dpi: int = 50) -> Preview:
    """Draw the first page of ``pdf`` next to it as ``<name>.preview.png``."""
    tool = shutil.which("pdftoppm")
    pages = page_count(pdf)
    if tool is None:
        return Preview(pdf, None, pages)
    stem = pdf.with_suffix(".preview")
    subprocess.run(
        [tool, "-png", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile", str(pdf), str(stem)],
        capture_output=True,
        timeout=60,
        check=True,
    )
    png = stem.parent / f"{stem.name}.png"
    return Preview(pdf, png if png.exists() else None, pages)
