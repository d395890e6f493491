"""Identify: continue as a new guest, or type or scan the code printed on a slip or card."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from kiosk.i18n import tr
from ui.screens.base import Screen
from ui.theme import Theme
from ui.widgets.big_button import BigButton
from ui.widgets.code_keypad import CodeKeypad
from ui.widgets.wrap_label import WrapLabel


class IdentifyScreen(Screen):
    """Guest or code. A USB scanner types the code and presses Enter into the code field."""

    name = "identify"
    guest = Signal()
    code_entered = Signal(str)

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(theme, parent)
        inner, lay = self.column()
        lay.setContentsMargins(50, 24, 50, 24)
        self.title = WrapLabel(role="title")
        self.as_guest = BigButton(kind="go", on_click=self.guest.emit)
        self.or_label = WrapLabel(role="heading")
        row = QHBoxLayout()
        row.setSpacing(16)
        self.code = QLineEdit()
        self.code.setMaxLength(12)
        self.code.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code.returnPressed.connect(self._submit)
        self.go = BigButton(kind="primary", on_click=self._submit)
        row.addWidget(self.code, 2)
        row.addWidget(self.go, 1)
        self.keypad = CodeKeypad()
        self.keypad.typed.connect(lambda c: self.code.insert(c))
        self.keypad.erased.connect(self.code.backspace)
        self.message = WrapLabel(role="info")
        self.message.hide()
        lay.addWidget(self.title)
        lay.addWidget(self.as_guest)
        lay.addSpacing(12)
        lay.addWidget(self.or_label)
        lay.addLayout(row)
        lay.addWidget(self.message)
        lay.addWidget(self.keypad)
        lay.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scrolling(inner))
        self.retranslate("vi")

    def _submit(self) -> None:
        text = self.code.text().strip()
        if text:
            self.code_entered.emit(text)

    def show_problem(self, message: str) -> None:
        """Show why the code did not work (kind words, never blame)."""
        self.message.set(message)
        self.message.show()

    def retranslate(self, lang: str) -> None:
        """See :meth:`Screen.retranslate`."""
        super().retranslate(lang)
        self.title.set(tr("Bác đã học ở đây lần nào chưa?", lang))
        self.as_guest.set_label(tr("Tôi học lần đầu – bắt đầu ngay", lang))
        self.or_label.set(tr("Hoặc nhập mã trên phiếu học tập của bác:", lang))
        self.code.setAccessibleName(tr("Mã học viên", lang))
        self.code.setPlaceholderText("HV-…")
        self.go.set_label(tr("Học tiếp", lang))
        self.keypad.retranslate(tr("Xóa", lang))

    def speech(self) -> str:
        """See :meth:`Screen.speech`."""
        return tr(
            "Nếu bác học lần đầu, bấm nút màu xanh lá. Nếu bác có phiếu học tập, "
            "hãy đưa mã vạch vào máy quét, hoặc bấm từng chữ của mã.",
            self.lang,
        )

    def clear(self) -> None:
        """Forget the typed code and any message."""
        self.code.clear()
        self.message.clear()
        self.message.hide()

    def handle_action(self, action: str) -> bool:
        """ "Tiếp theo" or "có" continues as a guest."""
        if action in ("next", "yes", "answer1"):
            self.guest.emit()
            return True
        return False
