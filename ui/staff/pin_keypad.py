"""PinKeypad: big digit keys that type into a PIN field (touch screens with no keyboard)."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QLineEdit, QWidget

from kiosk.i18n import tr
from ui.theme import Theme
from ui.widgets.big_button import BigButton


class PinKeypad(QWidget):
    """Keys 1–9, "Xóa" (erase), 0 and "Xóa hết" (clear) laid out like a phone, typing into
    ``field``."""

    def __init__(self, field: QLineEdit, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(theme.px(10))
        self.keys: dict[str, BigButton] = {}
        for i, digit in enumerate("123456789"):
            self.keys[digit] = self._key(digit, theme)
            grid.addWidget(self.keys[digit], i // 3, i % 3)
        self.erase = BigButton(tr("Xóa", "vi"), kind="quiet", on_click=self.field.backspace)
        self.clear = BigButton(tr("Xóa hết", "vi"), kind="quiet", on_click=self.field.clear)
        self.keys["0"] = self._key("0", theme)
        for b in (self.erase, self.clear):
            b.setMinimumHeight(theme.target_px)
        grid.addWidget(self.clear, 3, 0)
        grid.addWidget(self.keys["0"], 3, 1)
        grid.addWidget(self.erase, 3, 2)
        for column in range(3):
            grid.setColumnStretch(column, 1)

    def _key(self, digit: str, theme: Theme) -> BigButton:
        b = BigButton(digit, kind="tile", on_click=lambda: self.field.insert(digit))
        b.setAccessibleName(tr("Số {digit}", "vi", digit=digit))
        b.setMinimumHeight(theme.target_px)
        return b

    def retranslate(self, lang: str) -> None:
        """Words in ``lang``."""
        self.erase.set_label(tr("Xóa", lang))
        self.clear.set_label(tr("Xóa hết", lang))
        for digit, b in self.keys.items():
            b.setAccessibleName(tr("Số {digit}", lang, digit=digit))
