"""The theme: contrast ≥ 7:1 for every text colour pair, sizes from tokens, a clamped live scale."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ui.theme import BASE_TEXT_PX, MIN_TARGET_PX, Palette, Theme, contrast, text_pairs

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("name, fg, bg", text_pairs(Palette()))
def test_every_text_pair_is_aaa(name: str, fg: str, bg: str) -> None:
    assert contrast(fg, bg) >= 7.0, f"{name}: {contrast(fg, bg):.2f}"


def test_contrast_formula_on_known_values() -> None:
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)


def test_base_sizes_meet_the_design() -> None:
    assert BASE_TEXT_PX >= 28 and MIN_TARGET_PX >= 64


def test_scale_is_clamped_and_announced() -> None:
    t = Theme()
    seen: list[float] = []
    t.changed.connect(lambda: seen.append(t.scale))
    t.set_scale(3.0)
    t.set_scale(0.5)
    t.set_scale(1.0)
    assert seen == [2.0, 1.0]
    assert Theme(scale=2.0).body_px == 2 * Theme().body_px


def test_stylesheet_sizes_follow_the_scale() -> None:
    small, big = Theme(scale=1.0).stylesheet(), Theme(scale=2.0).stylesheet()
    assert f"font-size: {BASE_TEXT_PX}px" in small and f"font-size: {2 * BASE_TEXT_PX}px" in big


def test_screens_hold_no_literal_colours_or_font_sizes() -> None:
    offenders = []
    for path in (ROOT / "ui" / "screens").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if re.search(r"#[0-9A-Fa-f]{6}\b|font-size|setPointSize|setPixelSize", text):
            offenders.append(path.name)
    assert not offenders
