"""VoiceBar: the push-to-talk button and the caption of what was heard, shown when voice works."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QWidget

from kiosk.i18n import tr
from ui.widgets.big_button import BigButton
from ui.widgets.wrap_label import WrapLabel


class VoiceBar(QWidget):
    """ "Bấm để nói" (press to talk) and "Bác vừa nói: …"."""

    talk = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(20, 6, 20, 6)
        self.button = BigButton(kind="primary", action="listen", on_click=self.talk.emit)
        self.caption = WrapLabel(role="muted")
        lay.addWidget(self.button, 1)
        lay.addWidget(self.caption, 2)
        self.listening = False
        self.lang = "vi"
        self.retranslate("vi")

    def set_listening(self, on: bool) -> None:
        """Show whether the microphone is open."""
        self.listening = on
        self.retranslate(self.lang)

    def show_heard(self, words: str) -> None:
        """Show what the recogniser heard."""
        self.caption.set(tr("Bác vừa nói: {words}", self.lang, words=words))

    def clear(self) -> None:
        """Forget the caption."""
        self.caption.set("")
        self.set_listening(False)

    def retranslate(self, lang: str) -> None:
        """Words in ``lang``."""
        self.lang = lang
        self.button.set_label(
            tr("Đang nghe… bác nói đi", lang) if self.listening else tr("Bấm để nói", lang)
        )
