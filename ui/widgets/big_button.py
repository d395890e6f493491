"""BigButton: a large touch target with words that wrap, an accessible name and a style kind.

Qt's push button never wraps its text, so long labels (a lesson title at text scale 2.0) would be
cut off. BigButton draws its words with a word-wrapped label inside and grows in height instead.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    QWidget,
)

LEFT_KINDS = ("tile", "answer")


class BigButton(QPushButton):
    """A push button sized for unsteady fingers.

    Args:
        text: the words on the button (always words, never an icon alone).
        kind: ``primary`` | ``go`` | ``quiet`` | ``danger`` | ``tile`` | ``answer`` (theme styles).
        action: the action id it triggers (voice commands map to the same ids).
        on_click: called when pressed.
    """

    def __init__(
        self,
        text: str = "",
        *,
        kind: str = "quiet",
        action: str = "",
        on_click: Callable[[], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.action = action
        self._label = QLabel()
        self._label.setWordWrap(True)
        self._label.setTextFormat(Qt.TextFormat.PlainText)
        self._label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._label.setObjectName("big_button_label")
        self._box = QHBoxLayout(self)
        self._box.setContentsMargins(14, 8, 14, 8)
        self._box.addWidget(self._label)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.set_kind(kind)
        self.set_label(text)
        if on_click is not None:
            # clicked(bool) would fill the first default argument of a lambda: call with none.
            self.clicked.connect(lambda _checked=False: on_click())

    def text(self) -> str:
        """The words on the button."""
        return self._label.text()

    def setText(self, text: str) -> None:
        """Set the words (kept in the inner label so they wrap); unchanged words cost nothing."""
        if text != self._label.text():
            self._label.setText(text)
            self.updateGeometry()

    def set_label(self, text: str) -> None:
        """Change the words and the accessible name together."""
        self.setText(text)
        name = text.replace("\n", ". ")
        if name != self.accessibleName():
            self.setAccessibleName(name)

    def set_kind(self, kind: str, verdict: str = "") -> None:
        """Change the style kind (and an optional verdict for answers) and re-polish."""
        for w in (self, self._label):
            w.setProperty("kind", kind)
            w.setProperty("verdict", verdict)
        align = Qt.AlignmentFlag.AlignLeft if kind in LEFT_KINDS else Qt.AlignmentFlag.AlignHCenter
        self._label.setAlignment(align | Qt.AlignmentFlag.AlignVCenter)
        for w in (self, self._label):
            w.style().unpolish(w)
            w.style().polish(w)

    def event(self, event: QEvent) -> bool:
        """After the theme's stylesheet is applied, the layout must ask for our size again."""
        handled = super().event(event)
        if event.type() in (QEvent.Type.Polish, QEvent.Type.StyleChange, QEvent.Type.FontChange):
            self.updateGeometry()
        return handled

    def changeEvent(self, event: QEvent) -> None:
        """Grey the words when the button is disabled."""
        if event.type() == QEvent.Type.EnabledChange:
            self._label.setProperty("off", not self.isEnabled())
            self._label.style().unpolish(self._label)
            self._label.style().polish(self._label)
        super().changeEvent(event)

    def hasHeightForWidth(self) -> bool:
        """The height depends on how the words wrap."""
        return True

    def _styled(self, inner: QSize) -> QSize:
        """What the style (the theme's padding, border and min-height) makes of ``inner``."""
        opt = QStyleOptionButton()
        self.initStyleOption(opt)
        size = self.style().sizeFromContents(QStyle.ContentsType.CT_PushButton, opt, inner, self)
        return size.expandedTo(QSize(0, self.minimumHeight()))

    def heightForWidth(self, width: int) -> int:
        """Tall enough for the wrapped words and never below the theme's minimum target."""
        m = self._box.contentsMargins()
        inner_w = max(1, width - m.left() - m.right() - 24)
        inner_h = self._label.heightForWidth(inner_w) + m.top() + m.bottom()
        return self._styled(QSize(inner_w, inner_h)).height()

    def sizeHint(self) -> QSize:
        """Wide enough for the words on one line when there is room."""
        hint = self._label.sizeHint()
        m = self._box.contentsMargins()
        size = self._styled(
            QSize(hint.width() + m.left() + m.right(), hint.height() + m.top() + m.bottom())
        )
        return QSize(size.width(), max(size.height(), self.heightForWidth(size.width())))

    def minimumSizeHint(self) -> QSize:
        """Narrow is fine (the words wrap), short is not."""
        return QSize(80, self._styled(QSize(40, self._label.fontMetrics().height())).height())
