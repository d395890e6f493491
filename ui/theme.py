"""One theme owns every size and colour; screens use object names and roles, never literals.

The stylesheet is generated from tokens and the live text scale (1.0–2.0), and re-applied to the
whole application when the scale changes. Contrast of every text/background pair is checked ≥ 7:1.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from string import Template

BASE_TEXT_PX = 30
"""Body text at scale 1.0 (DESIGN: ≥ 28 px)."""
MIN_TARGET_PX = 72
"""Touch targets at scale 1.0 (DESIGN: ≥ 64 px)."""


@dataclass(frozen=True)
class Palette:
    """Colour tokens (hex). Every ``*_text`` colour is used on the matching background."""

    bg: str = "#FFFDF6"
    text: str = "#111111"
    muted_text: str = "#3A3A3A"
    panel: str = "#F1ECDD"
    primary: str = "#0A4A86"
    primary_text: str = "#FFFFFF"
    go: str = "#0F5A2A"
    go_text: str = "#FFFFFF"
    quiet: str = "#E4E0D4"
    quiet_text: str = "#111111"
    danger: str = "#9E1B14"
    danger_text: str = "#FFFFFF"
    focus: str = "#C25E00"
    good_bg: str = "#DDF2E3"
    good_text: str = "#0B3D1C"
    info_bg: str = "#FFF1C7"
    info_text: str = "#2B2100"
    banner_bg: str = "#111111"
    banner_text: str = "#FFE14D"


def _lin(c: float) -> float:
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(hex_colour: str) -> float:
    """WCAG relative luminance of ``#RRGGBB``."""
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return 0.2126 * _lin(r) + 0.7152 * _lin(g) + 0.0722 * _lin(b)


def contrast(fg: str, bg: str) -> float:
    """WCAG contrast ratio between two colours (1–21)."""
    a, b = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def text_pairs(p: Palette) -> list[tuple[str, str, str]]:
    """Every (name, foreground, background) pair the stylesheet uses for text."""
    return [
        ("body", p.text, p.bg),
        ("muted", p.muted_text, p.bg),
        ("panel", p.text, p.panel),
        ("primary", p.primary_text, p.primary),
        ("go", p.go_text, p.go),
        ("quiet", p.quiet_text, p.quiet),
        ("danger", p.danger_text, p.danger),
        ("good", p.good_text, p.good_bg),
        ("info", p.info_text, p.info_bg),
        ("banner", p.banner_text, p.banner_bg),
        ("focus-on-bg", p.text, p.bg),
    ]


_QSS = Template("""
QWidget { background: $bg; color: $text; font-family: "$family"; font-size: ${body}px; }
QLabel { background: transparent; }
QLabel[role="title"] { font-size: ${h1}px; font-weight: 700; }
QLabel[role="heading"] { font-size: ${h2}px; font-weight: 700; }
QLabel[role="body"] { font-size: ${body}px; }
QLabel[role="muted"] { font-size: ${small}px; color: $muted_text; }
QLabel[role="huge"] { font-size: ${huge}px; font-weight: 800; }
QLabel[role="code"] { font-size: ${huge}px; font-weight: 800; letter-spacing: 4px; }
QLabel[role="good"] { background: $good_bg; color: $good_text; border-radius: 12px;
                      padding: ${pad}px; font-size: ${body}px; }
QLabel[role="info"] { background: $info_bg; color: $info_text; border-radius: 12px;
                      padding: ${pad}px; font-size: ${body}px; }
QLabel[role="banner"] { background: $banner_bg; color: $banner_text; font-weight: 800;
                        font-size: ${small}px; padding: 6px; }
QFrame[role="panel"] { background: $panel; border-radius: 16px; }
QPushButton { min-height: ${target}px; padding: 8px ${pad}px; border-radius: 14px;
              font-size: ${body}px; font-weight: 700; border: 3px solid transparent;
              background: $quiet; color: $quiet_text; }
QPushButton[kind="primary"] { background: $primary; color: $primary_text; }
QPushButton[kind="go"] { background: $go; color: $go_text; }
QPushButton[kind="danger"] { background: $danger; color: $danger_text; }
QPushButton[kind="tile"] { background: $panel; color: $text; text-align: left;
                           padding: ${pad}px; border: 3px solid $quiet; }
QPushButton[kind="answer"] { background: $panel; color: $text; text-align: left;
                             border: 3px solid $quiet; }
QPushButton[kind="answer"][verdict="right"] { background: $good_bg; color: $good_text;
                                              border: 4px solid $go; }
QPushButton[kind="answer"][verdict="chosen"] { border: 4px solid $primary; }
QLabel#big_button_label { background: transparent; color: $quiet_text; font-size: ${body}px;
                          font-weight: 700; }
QLabel#big_button_label[kind="primary"] { color: $primary_text; }
QLabel#big_button_label[kind="go"] { color: $go_text; }
QLabel#big_button_label[kind="danger"] { color: $danger_text; }
QLabel#big_button_label[kind="tile"], QLabel#big_button_label[kind="answer"] { color: $text; }
QLabel#big_button_label[verdict="right"] { color: $good_text; }
QLabel#big_button_label[off="true"] { color: $muted_text; }
QPushButton:focus { border: 5px solid $focus; }
QPushButton:disabled { background: $quiet; color: $muted_text; }
QLineEdit { min-height: ${target}px; font-size: ${h2}px; padding: 4px 12px;
            border: 3px solid $text; border-radius: 10px; background: #FFFFFF; color: $text; }
QLineEdit:focus { border: 5px solid $focus; }
QProgressBar { min-height: ${bar}px; border: 2px solid $text; border-radius: 8px;
               background: #FFFFFF; color: $text; text-align: center; font-size: ${small}px; }
QProgressBar::chunk { background: $go; border-radius: 6px; }
QScrollArea { border: none; }
QScrollBar:vertical { width: ${scroll}px; background: $quiet; }
QScrollBar::handle:vertical { background: $muted_text; min-height: 40px; border-radius: 6px; }
""")


class Event:
    """A tiny callback list (``connect``/``disconnect``/``emit``): the theme is needed on the first
    frame, before heavier event libraries are worth importing."""

    def __init__(self) -> None:
        self._slots: list[Callable[[], None]] = []

    def connect(self, slot: Callable[[], None]) -> None:
        """Call ``slot()`` on every change."""
        self._slots.append(slot)

    def disconnect(self, slot: Callable[[], None]) -> None:
        """Stop calling ``slot``."""
        self._slots.remove(slot)

    def emit(self) -> None:
        """Tell every listener."""
        for slot in list(self._slots):
            slot()


@dataclass
class Theme:
    """The live theme: palette, font family and text scale.

    Events:
        changed(): the scale or palette changed; the app re-applies :meth:`stylesheet`.
    """

    palette: Palette = field(default_factory=Palette)
    scale: float = 1.0
    family: str = "Noto Sans"
    changed: Event = field(default_factory=Event, compare=False, repr=False)

    def __post_init__(self) -> None:
        self.scale = self._clamp(self.scale)

    @staticmethod
    def _clamp(scale: float) -> float:
        return round(max(1.0, min(2.0, scale)), 2)

    def set_scale(self, scale: float) -> None:
        """Change the text scale (clamped to 1.0–2.0) and tell every listener."""
        scale = self._clamp(scale)
        if scale != self.scale:
            self.scale = scale
            self.changed.emit()

    def px(self, base: float) -> int:
        """A size in pixels at the current scale."""
        return round(base * self.scale)

    @property
    def body_px(self) -> int:
        """Body text size now."""
        return self.px(BASE_TEXT_PX)

    @property
    def target_px(self) -> int:
        """Minimum touch target height now."""
        return self.px(MIN_TARGET_PX)

    def stylesheet(self) -> str:
        """The whole application stylesheet at the current scale."""
        p = self.palette
        return _QSS.substitute(
            family=self.family,
            body=self.body_px,
            h1=self.px(BASE_TEXT_PX * 1.6),
            h2=self.px(BASE_TEXT_PX * 1.25),
            small=self.px(BASE_TEXT_PX * 0.94),
            huge=self.px(BASE_TEXT_PX * 2.0),
            target=self.target_px,
            pad=self.px(16),
            bar=28,
            scroll=self.px(22),
            **p.__dict__,
        )
