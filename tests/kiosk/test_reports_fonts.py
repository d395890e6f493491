"""Font discovery and registration, and the reports package staying Qt-free."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.reports import fonts
from kiosk.reports.errors import FontMissing


def test_finds_a_vietnamese_pair_noto_first() -> None:
    pair = fonts.find_font_pair()
    assert pair.regular.is_file() and pair.bold.is_file()
    assert pair.family in fonts.PREFERRED_FAMILIES
    assert fonts.covers_vietnamese(pair.regular) and fonts.covers_vietnamese(pair.bold)
    if Path("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf").is_file():
        assert pair.family == "Noto Sans"


def test_dejavu_fallback() -> None:
    if not Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf").is_file():
        pytest.skip("fonts-dejavu-core is not installed")
    pair = fonts.find_font_pair(("No Such Family", "DejaVu Sans"))
    assert pair.family == "DejaVu Sans"
    assert pair.bold.name == "DejaVuSans-Bold.ttf"


def test_missing_font_is_a_plain_vietnamese_error() -> None:
    with pytest.raises(FontMissing) as info:
        fonts.find_font_pair(("No Such Family",))
    assert info.value.message.startswith("Máy này chưa có phông chữ tiếng Việt")
    assert "No Such Family" in info.value.detail


def test_a_font_without_vietnamese_is_refused(tmp_path: Path) -> None:
    assert not fonts.covers_vietnamese(tmp_path / "missing.ttf")
    bad = tmp_path / "bad.ttf"
    bad.write_bytes(b"not a font")
    assert not fonts.covers_vietnamese(bad)


def test_register_is_idempotent_and_sets_defaults() -> None:
    from reportlab import rl_config
    from reportlab.graphics import shapes
    from reportlab.pdfbase import pdfmetrics

    first = fonts.register_fonts()
    assert fonts.register_fonts() is first
    assert fonts.font_files() == (first.regular, first.bold)
    assert rl_config.canvas_basefontname == fonts.FONT_REGULAR
    assert shapes.STATE_DEFAULTS["fontName"] == fonts.FONT_REGULAR
    assert pdfmetrics.getFont(fonts.FONT_BOLD).face.filename == str(first.bold)


def test_reports_import_no_qt() -> None:
    code = (
        "import sys\n"
        "import kiosk.reports.attendance, kiosk.reports.cards, kiosk.reports.certificate\n"
        "import kiosk.reports.class_report, kiosk.reports.export, kiosk.reports.printing\n"
        "import kiosk.reports.slip, kiosk.reports.fonts\n"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
