"""PhoneFrame: a large simulated phone that shows one :class:`lessons.sim.model.Screen`.

The body, the status bar and the app header are drawn with QPainter; the content is made of real,
focusable widgets (big buttons, fields, OTP boxes, keypads, QR codes) so that touch, keyboard,
screen readers and tests all work. The frame decides nothing: it reports taps and typing through
``on_tap(widget_id)`` and ``on_enter(field_id, text)``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLayout,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from lessons.model import Text
from lessons.sim.engine import password_ticks
from lessons.sim.loader import CONTENT_DIR
from lessons.sim.model import Screen, Widget
from ui.sim.widgets import OtpBoxes
from ui.theme import Theme
from ui.widgets.big_button import BigButton
from ui.widgets.illustration import Illustration
from ui.widgets.qr_view import QrView
from ui.widgets.wrap_label import WrapLabel

WORDS = {
    "answer": Text(vi="Nghe", en="Answer"),
    "hang_up": Text(vi="Tắt máy", en="Hang up"),
    "safe": Text(vi="An toàn", en="Safe"),
    "scam": Text(vi="Lừa đảo", en="Scam"),
    "calling": Text(vi="Cuộc gọi đến", en="Incoming call"),
    "in_call": Text(vi="Đang nói chuyện", en="In a call"),
    "delete": Text(vi="Xóa", en="Delete"),
    "key": Text(vi="Phím", en="Key"),
    "scan": Text(vi="Quét mã này", en="Scan this code"),
    "sim": Text(vi="MÔ PHỎNG", en="PRACTICE"),
    "address": Text(vi="Địa chỉ trang", en="Page address"),
}
"""The frame's own words (the scenario brings everything else)."""

_BUTTON_KIND = {"primary": "primary", "danger": "danger", "safe": "go"}
_SECRET = ("password",)


def button_kind(widget: Widget) -> str:
    """The BigButton style for a scenario widget."""
    if widget.kind == "tile":
        return "tile"
    if widget.kind in ("list_item", "choice", "checkbox"):
        return "answer"
    return _BUTTON_KIND.get(widget.style, "quiet")


class PhoneFrame(QWidget):
    """The simulated phone.

    Args:
        theme: sizes and colours.
        on_tap: called with the widget id the learner tapped (``hang_up``, ``safe``… included).
        on_enter: called with a field id and its whole new text whenever the learner types.
        content_dir: where the scenario's image paths start.
    """

    def __init__(
        self,
        theme: Theme,
        on_tap: Callable[[str], None],
        on_enter: Callable[[str, str], None],
        parent: QWidget | None = None,
        *,
        content_dir: Path = CONTENT_DIR,
    ) -> None:
        super().__init__(parent)
        self.theme = theme
        self.content_dir = content_dir
        self.on_tap = on_tap
        self.on_enter = on_enter
        self.lang = "vi"
        self.sim_screen: Screen | None = None
        self.targets: dict[str, QWidget] = {}
        self._ticks: dict[str, WrapLabel] = {}
        self.glowing: str | None = None
        self.setObjectName("phone_frame")
        self.setAccessibleName("phone")
        self._content = QWidget()
        self._content.setObjectName("phone_content")
        self._body = QVBoxLayout(self._content)
        self._body.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        self._scroll = QScrollArea()
        self._scroll.setWidget(self._content)
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._scroll.verticalScrollBar().rangeChanged.connect(lambda _a, _b: self._reveal())
        self._outer = QVBoxLayout(self)
        self._outer.addWidget(self._scroll)
        self._apply_sizes()

    # -- geometry ------------------------------------------------------------------------------
    def bezel(self) -> int:
        """Thickness of the dark phone body around the screen."""
        return 14

    def status_h(self) -> int:
        """Height of the status bar."""
        return self.theme.px(28)

    def header_h(self) -> int:
        """Height of the app header bar."""
        return self.theme.px(50)

    def _apply_sizes(self) -> None:
        b = self.bezel()
        self._outer.setContentsMargins(b, b + self.status_h() + self.header_h(), b, b + 20)
        self._body.setContentsMargins(
            self.theme.px(14), self.theme.px(12), self.theme.px(14), self.theme.px(12)
        )
        self._body.setSpacing(self.theme.px(12))
        self.setMinimumWidth(self.theme.px(300))

    # -- painting ------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the phone body, the status bar and the app header."""
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.theme.palette
        b = self.bezel()
        body = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor("#222222"))
        p.drawRoundedRect(body, self.theme.px(36), self.theme.px(36))
        glass = body.adjusted(b, b, -b, -b - 14)
        p.setBrush(QColor(pal.bg))
        p.drawRoundedRect(glass, self.theme.px(22), self.theme.px(22))
        # status bar
        status = QRectF(glass.left(), glass.top(), glass.width(), self.status_h())
        font = QFont(self.font())
        font.setPixelSize(self.theme.px(18))
        font.setBold(True)
        p.setFont(font)
        p.setPen(QColor(pal.text))
        pad = self.theme.px(20)
        p.drawText(
            status.adjusted(pad, 0, -pad, 0),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            "9:41",
        )
        p.drawText(status, Qt.AlignmentFlag.AlignCenter, WORDS["sim"].get(self.lang))
        batt = QRectF(
            status.right() - pad - self.theme.px(40), status.center().y() - 8, self.theme.px(34), 16
        )
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(QColor(pal.text))
        p.drawRect(batt)
        p.fillRect(batt.adjusted(3, 3, -batt.width() * 0.3, -3), QColor(pal.go))
        # app header
        header = QRectF(glass.left(), status.bottom(), glass.width(), self.header_h())
        p.fillRect(header, QColor(pal.primary))
        if self.sim_screen is not None:
            hfont = QFont(self.font())
            hfont.setPixelSize(self.theme.px(24))
            hfont.setBold(True)
            p.setFont(hfont)
            p.setPen(QColor(pal.primary_text))
            p.drawText(
                header.adjusted(pad, 0, -pad, 0),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                self.sim_screen.app.get(self.lang),
            )
        # home indicator
        bar_w = self.theme.px(120)
        p.fillRect(
            QRectF(body.center().x() - bar_w / 2, body.bottom() - b + 2, bar_w, 5),
            QColor("#DDDDDD"),
        )
        p.end()

    # -- content -------------------------------------------------------------------------------
    def show_screen(self, screen: Screen, lang: str, value: Callable[[str], str]) -> None:
        """Build the content of ``screen`` in ``lang``; ``value`` gives what a field holds."""
        self.sim_screen, self.lang = screen, lang
        self._apply_sizes()
        self.targets.clear()
        self._ticks.clear()
        self.glowing = None
        while self._body.count():
            item = self._body.takeAt(0)
            w = item.widget() if item is not None else None
            if w is not None:
                w.hide()
                w.deleteLater()
            elif item is not None and item.layout() is not None:
                self._clear_layout(item.layout())
        self._build(screen, lang, value)
        self._body.addStretch(1)
        self._scroll.verticalScrollBar().setValue(0)
        self.update()

    def _clear_layout(self, lay: object) -> None:
        if not isinstance(lay, QLayout):
            return
        while lay.count():
            item = lay.takeAt(0)
            w = item.widget() if item is not None else None
            if w is not None:
                w.hide()
                w.deleteLater()

    def _add(self, w: QWidget) -> QWidget:
        self._body.addWidget(w)
        return w

    def _build(self, screen: Screen, lang: str, value: Callable[[str], str]) -> None:
        if screen.kind == "browser" and screen.address:
            bar = WrapLabel(screen.address, role="heading")
            bar.setObjectName("address_bar")
            bar.setAccessibleName(f"{WORDS['address'].get(lang)}: {screen.address}")
            bar.setStyleSheet(
                f"QLabel#address_bar {{ border: 3px solid {self.theme.palette.text};"
                f" border-radius: 10px; padding: 6px; background: #FFFFFF; }}"
            )
            self._add(bar)
        if screen.kind in ("incoming_call", "in_call"):
            self._add(
                WrapLabel(
                    WORDS["calling" if screen.kind == "incoming_call" else "in_call"].get(lang),
                    role="muted",
                )
            )
        if screen.caller is not None:
            self._add(
                WrapLabel(
                    screen.caller.get(lang),
                    role="title" if screen.kind in ("incoming_call", "in_call") else "heading",
                )
            )
        if screen.title is not None:
            self._add(WrapLabel(screen.title.get(lang), role="heading"))
        for widget in screen.widgets:
            self._widget(widget, lang, value)
        if screen.kind == "incoming_call":
            row = QHBoxLayout()
            row.setSpacing(self.theme.px(20))
            row.addWidget(self._button("answer", WORDS["answer"].get(lang), "go"))
            row.addWidget(self._button("hang_up", WORDS["hang_up"].get(lang), "danger"))
            self._body.addSpacing(self.theme.px(20))
            self._body.addLayout(row)
        elif screen.kind == "in_call":
            self._body.addSpacing(self.theme.px(12))
            self._add(self._button("hang_up", WORDS["hang_up"].get(lang), "danger"))
        elif screen.kind == "inbox_item":
            row = QHBoxLayout()
            row.setSpacing(self.theme.px(16))
            row.addWidget(self._button("safe", WORDS["safe"].get(lang), "go"))
            row.addWidget(self._button("scam", WORDS["scam"].get(lang), "danger"))
            self._body.addLayout(row)

    def _button(self, wid: str, text: str, kind: str) -> BigButton:
        btn = BigButton(text, kind=kind, action=wid, on_click=lambda: self.on_tap(wid))
        btn.setObjectName(f"sim_{wid}")
        btn.setMinimumHeight(self.theme.target_px)
        self.targets[wid] = btn
        return btn

    def _caption(self, widget: Widget, lang: str) -> str:
        return widget.text.get(lang) if widget.text is not None else ""

    def _widget(self, widget: Widget, lang: str, value: Callable[[str], str]) -> None:
        caption = self._caption(widget, lang)
        kind = widget.kind
        if kind == "image" and widget.image is not None:
            picture = Illustration()
            picture.set_path(self.content_dir / widget.image, caption)
            picture.setFixedHeight(self.theme.px(170))
            self._add(picture)
            if caption:
                self._add(WrapLabel(caption, role="muted"))
            return
        if kind in ("label", "heading", "image", "notification"):
            role = {"heading": "heading", "notification": "info"}.get(kind, "body")
            if widget.value is not None:
                if caption:
                    self._add(WrapLabel(caption, role="muted"))
                shown = WrapLabel(
                    widget.value, role="info" if widget.style == "warning" else "heading"
                )
                shown.setAccessibleName(f"{caption}: {widget.value}" if caption else widget.value)
                self._add(shown)
            elif caption:
                if widget.style == "danger":
                    role = "info"
                self._add(WrapLabel(caption, role=role))
            return
        if kind in ("text", "password", "digits", "amount", "otp"):
            self._field(widget, caption, lang, value)
            return
        if kind == "keypad":
            self._keypad(widget, lang)
            return
        if kind == "qr":
            qr = QrView(self.theme.px(200))
            qr.set_text(widget.value or widget.id)
            self._body.addWidget(qr, 0, Qt.AlignmentFlag.AlignHCenter)
            btn = self._button(widget.id, caption or WORDS["scan"].get(lang), button_kind(widget))
            self._add(btn)
            return
        text = caption
        if widget.value is not None:
            text = f"{caption}\n{widget.value}" if caption else widget.value
        if kind == "checkbox":
            text = ("☑ " if value(widget.id) else "☐ ") + caption
        btn = self._button(widget.id, text, button_kind(widget))
        btn.setEnabled(not widget.disabled)
        self._add(btn)

    def _field(self, widget: Widget, caption: str, lang: str, value: Callable[[str], str]) -> None:
        if caption:
            self._add(WrapLabel(caption, role="muted"))
        edit: QLineEdit
        if widget.kind == "otp":
            edit = OtpBoxes(self.theme, widget.length or 6, secret=False)
        else:
            edit = QLineEdit()
            if widget.length:
                edit.setMaxLength(widget.length)
            if widget.kind in _SECRET:
                edit.setEchoMode(QLineEdit.EchoMode.Password)
            if widget.kind in ("digits", "amount"):
                edit.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        edit.setObjectName(f"sim_{widget.id}")
        edit.setAccessibleName(caption or widget.id)
        edit.setMinimumHeight(max(edit.minimumHeight(), self.theme.target_px))
        edit.setText(value(widget.id))
        fid = widget.id
        edit.textEdited.connect(lambda text, fid=fid: self._typed(fid, text))
        self.targets[fid] = edit
        self._add(edit)
        if widget.kind == "password":
            ticks = WrapLabel("", role="muted")
            ticks.setObjectName(f"ticks_{fid}")
            self._ticks[fid] = ticks
            self._add(ticks)
            self._show_ticks(fid, edit.text())

    def _typed(self, fid: str, text: str) -> None:
        self._show_ticks(fid, text)
        self.on_enter(fid, text)

    def _show_ticks(self, fid: str, text: str) -> None:
        label = self._ticks.get(fid)
        if label is None:
            return
        rows = [("✓ " if ok else "✗ ") + rule.get(self.lang) for rule, ok in password_ticks(text)]
        label.set("\n".join(rows))

    def set_field(self, fid: str, text: str) -> None:
        """Put ``text`` in a field without reporting it (used to clear a refused entry)."""
        edit = self.targets.get(fid)
        if isinstance(edit, QLineEdit):
            edit.setText(text)
            self._show_ticks(fid, text)

    def _keypad(self, widget: Widget, lang: str) -> None:
        grid = QGridLayout()
        grid.setSpacing(self.theme.px(8))
        keys = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "del", "0"]
        for n, key in enumerate(keys):
            label = WORDS["delete"].get(lang) if key == "del" else key
            btn = BigButton(
                label, kind="quiet", on_click=partial(self._key, widget.field or "", key)
            )
            btn.setAccessibleName(label if key == "del" else f"{WORDS['key'].get(lang)} {key}")
            btn.setObjectName(f"key_{key}")
            btn.setMinimumHeight(self.theme.target_px)
            grid.addWidget(btn, n // 3, n % 3)
        self._body.addLayout(grid)

    def _key(self, fid: str, key: str) -> None:
        edit = self.targets.get(fid)
        if not isinstance(edit, QLineEdit):
            return
        text = edit.text()[:-1] if key == "del" else edit.text() + key
        if edit.maxLength() and len(text) > edit.maxLength():
            return
        edit.setText(text)
        self._typed(fid, text)

    def sync(self, value: Callable[[str], str]) -> None:
        """Show what the engine holds now in every field and tick box, without rebuilding."""
        screen = self.sim_screen
        if screen is None:
            return
        for widget in screen.widgets:
            target = self.targets.get(widget.id)
            if isinstance(target, QLineEdit) and target.text() != value(widget.id):
                self.set_field(widget.id, value(widget.id))
            elif isinstance(target, BigButton) and widget.kind == "checkbox":
                mark = "☑ " if value(widget.id) else "☐ "
                target.set_label(mark + self._caption(widget, self.lang))

    def set_glow(self, widget_id: str | None, *, focus: bool = True) -> None:
        """Light up the widget the learner should use next (guided mode); None turns it off.

        ``focus`` also moves the keyboard focus there (not while the learner is typing).
        """
        old = self.targets.get(self.glowing or "")
        if old is not None:
            old.setStyleSheet("")
            if isinstance(old, OtpBoxes):
                old.glow = False
                old.update()
        self.glowing = widget_id
        target = self.targets.get(widget_id or "")
        if target is None:
            return
        if isinstance(target, OtpBoxes):
            target.glow = True
            target.update()
        colour = self.theme.palette.focus
        cls = "QLineEdit" if isinstance(target, QLineEdit) else "QPushButton"
        target.setStyleSheet(f"{cls} {{ border: 7px solid {colour}; }}")
        if focus:
            target.setFocus()
            QTimer.singleShot(0, self._reveal)

    def _reveal(self) -> None:
        """Scroll the glowing widget into view once the layout has settled."""
        target = self.targets.get(self.glowing or "")
        if target is not None and not isinstance(self.focusWidget(), QLineEdit | OtpBoxes):
            self._body.activate()
            self._content.updateGeometry()
            self._scroll.ensureWidgetVisible(target, 20, self.theme.px(40))
