"""The progress slip: a preview of what will be printed, "In phiếu", and what happened."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.i18n import tr
from ui.screens.base import Screen
from ui.theme import Theme
from ui.widgets.big_button import BigButton
from ui.widgets.qr_view import QrView
from ui.widgets.wrap_label import WrapLabel


class SlipScreen(Screen):
    """Shows the learner code as text and QR, the lessons done, and the print status."""

    name = "slip"
    print_now = Signal()
    done = Signal()

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(theme, parent)
        self.code = ""
        self.done_titles: list[str] = []
        self.next_title: str | None = None
        inner, lay = self.column()
        lay.setContentsMargins(50, 24, 50, 24)
        self.title = WrapLabel(role="title")
        row = QHBoxLayout()
        row.setSpacing(30)
        self.qr = QrView(260)
        col, col_lay = self.column(spacing=8)
        self.code_label = WrapLabel(role="code")
        self.how = WrapLabel(role="body")
        col_lay.addWidget(self.code_label)
        col_lay.addWidget(self.how)
        col_lay.addStretch(1)
        row.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(col, 1)
        self.learned = WrapLabel(role="body")
        self.status = WrapLabel(role="info")
        self.status.hide()
        self.print_button = BigButton(kind="go", on_click=self.print_now.emit)
        self.finish = BigButton(kind="quiet", action="home", on_click=self.done.emit)
        lay.addWidget(self.title)
        lay.addLayout(row)
        lay.addWidget(self.learned)
        lay.addWidget(self.status)
        lay.addWidget(self.print_button)
        lay.addWidget(self.finish)
        lay.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scrolling(inner))
        self.retranslate("vi")

    def show_slip(self, code: str, done_titles: list[str], next_title: str | None) -> None:
        """Fill the preview."""
        self.code, self.done_titles, self.next_title = code, done_titles, next_title
        self.qr.set_text(code)
        self.status.hide()
        self.print_button.setEnabled(True)
        self.retranslate(self.lang)

    def show_status(self, message: str, *, busy: bool = False) -> None:
        """Say what the printer did (or why it did not), in plain words."""
        self.status.set(message)
        self.status.show()
        self.print_button.setEnabled(not busy)

    def retranslate(self, lang: str) -> None:
        """See :meth:`Screen.retranslate`."""
        super().retranslate(lang)
        self.title.set(tr("Phiếu học tập của bác", lang))
        self.code_label.set(self.code)
        self.how.set(
            tr("Lần sau, bác đưa phiếu này vào máy quét hoặc bấm mã này để học tiếp.", lang)
        )
        lines = (
            [tr("Bác đã học xong:", lang)]
            if self.done_titles
            else [tr("Bác chưa học xong bài nào. Không sao, phiếu vẫn giữ chỗ cho bác.", lang)]
        )
        lines += [f"✓ {t}" for t in self.done_titles[-6:]]
        if len(self.done_titles) > 6:
            lines.append(tr("… và {n} bài khác.", lang, n=len(self.done_titles) - 6))
        if self.next_title:
            lines.append(tr("Bài tiếp theo: {title}", lang, title=self.next_title))
        self.learned.set("\n".join(lines))
        self.print_button.set_label(tr("In phiếu", lang))
        self.finish.set_label(tr("Xong, về trang chủ", lang))

    def speech(self) -> str:
        """See :meth:`Screen.speech`."""
        return tr("Đây là phiếu học tập của bác. Bấm nút In phiếu để in ra giấy.", self.lang)

    def clear(self) -> None:
        """Forget the code and the list."""
        self.code, self.done_titles, self.next_title = "", [], None
        self.qr.set_text("")
        self.status.clear()
        self.status.hide()
        self.retranslate(self.lang)

    def handle_action(self, action: str) -> bool:
        """ "Có" prints; home/back leave."""
        if action == "yes":
            self.print_now.emit()
        elif action in ("home", "back", "next"):
            self.done.emit()
        else:
            return False
        return True
