"""Find a lesson by what the learner needs: big ready-made needs, or a typed word."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from kiosk.i18n import tr
from ui.screens.base import Screen
from ui.theme import Theme
from ui.widgets.big_button import BigButton
from ui.widgets.nav_bar import NavBar
from ui.widgets.wrap_label import WrapLabel

NEEDS = (
    "Đóng viện phí",
    "Chuyển tiền bằng mã QR",
    "Trả tiền điện",
    "Kích hoạt VNeID",
    "Dịch vụ công",
    "Cuộc gọi lừa đảo",
    "Zalo",
    "Mã OTP",
)
"""Ready-made needs, in Vietnamese; English learners see them translated."""


class SearchScreen(Screen):
    """Need buttons, a text field (a keyboard or scanner can type), and the matching lessons."""

    name = "search"
    query = Signal(str)
    open_lesson = Signal(str)
    go_back = Signal()

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(theme, parent)
        self.results: list[tuple[str, str]] = []
        inner, self.lay = self.column(spacing=14)
        self.title = WrapLabel(role="title")
        grid = QGridLayout()
        grid.setSpacing(12)
        self.need_buttons: list[tuple[str, BigButton]] = []
        for i, need in enumerate(NEEDS):
            b = BigButton(kind="tile", on_click=partial(self._ask_need, need))
            self.need_buttons.append((need, b))
            grid.addWidget(b, i // 2, i % 2)
        row = QHBoxLayout()
        self.field = QLineEdit()
        self.field.returnPressed.connect(lambda: self._ask(self.field.text()))
        self.find_button = BigButton(kind="primary", on_click=lambda: self._ask(self.field.text()))
        row.addWidget(self.field, 3)
        row.addWidget(self.find_button, 1)
        self.found = WrapLabel(role="heading")
        self.result_box, self.result_lay = self.column(spacing=12)
        self.result_buttons: list[BigButton] = []
        self.lay.addWidget(self.title)
        self.lay.addLayout(grid)
        self.lay.addLayout(row)
        self.lay.addWidget(self.found)
        self.lay.addWidget(self.result_box)
        self.lay.addStretch(1)
        self.nav = NavBar()
        self.nav.next.hide()
        self.nav.repeat.hide()
        self.nav.back.clicked.connect(self.go_back.emit)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(40, 16, 40, 16)
        lay.addWidget(self.scrolling(inner), 1)
        lay.addWidget(self.nav)
        self.retranslate("vi")

    def _ask_need(self, need: str) -> None:
        self._ask(tr(need, self.lang))

    def _ask(self, text: str) -> None:
        if text.strip():
            self.query.emit(text.strip())

    def show_results(self, asked: str, results: list[tuple[str, str]]) -> None:
        """Show (lesson id, label) pairs for what was asked."""
        self.discard(self.result_buttons, self.result_lay)
        self.result_buttons = []
        self.results = results
        for lesson_id, label in results:
            b = BigButton(label, kind="go", on_click=partial(self.open_lesson.emit, lesson_id))
            self.result_buttons.append(b)
            self.result_lay.addWidget(b)
        self.found.set(
            tr("Bài học về “{asked}”:", self.lang, asked=asked)
            if results
            else tr(
                "Chưa tìm thấy bài về “{asked}”. Bác thử từ khác, hoặc hỏi cán bộ.",
                self.lang,
                asked=asked,
            )
        )

    def retranslate(self, lang: str) -> None:
        """See :meth:`Screen.retranslate`."""
        super().retranslate(lang)
        self.nav.retranslate(lang)
        self.title.set(tr("Bác cần làm gì?", lang))
        for need, b in self.need_buttons:
            b.set_label(tr(need, lang))
        self.field.setAccessibleName(tr("Gõ việc bác cần", lang))
        self.field.setPlaceholderText(tr("Gõ việc bác cần", lang))
        self.find_button.set_label(tr("Tìm", lang))

    def speech(self) -> str:
        """See :meth:`Screen.speech`."""
        if self.results:
            return self.found.text()
        return tr("Bác cần làm gì? Bác chạm vào một việc, hoặc gõ vào ô trống.", self.lang)

    def clear(self) -> None:
        """Forget what was asked and found."""
        self.field.clear()
        self.show_results("", [])
        self.found.set("")
        self.results = []

    def handle_action(self, action: str) -> bool:
        """ "Quay lại" leaves; answer N opens result N."""
        if action in ("back", "home"):
            self.go_back.emit()
            return True
        if action.startswith("answer") and self.results:
            i = int(action[-1]) - 1
            if 0 <= i < len(self.results):
                self.open_lesson.emit(self.results[i][0])
                return True
        return False
