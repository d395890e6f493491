"""RollRow: one learner on the roll-call screen — the name and four big status buttons."""

from __future__ import annotations

import uuid
from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QGridLayout, QWidget

from kiosk.db.models import AttendanceStatus
from kiosk.i18n import tr
from kiosk.services.attendance import CYCLE
from ui.theme import Theme
from ui.widgets.big_button import BigButton
from ui.widgets.wrap_label import WrapLabel

LABELS = {
    AttendanceStatus.present: "Có mặt",
    AttendanceStatus.late: "Muộn",
    AttendanceStatus.absent: "Vắng",
    AttendanceStatus.excused: "Có phép",
}
KINDS = {
    AttendanceStatus.present: "go",
    AttendanceStatus.late: "primary",
    AttendanceStatus.absent: "danger",
    AttendanceStatus.excused: "primary",
}


class RollRow(QWidget):
    """One tap on a status sets it (present is chosen from the start).

    Signals:
        changed(uuid.UUID, AttendanceStatus): the status was tapped.
    """

    changed = Signal(object, object)

    def __init__(
        self,
        learner_id: uuid.UUID,
        number: int,
        name: str,
        status: AttendanceStatus,
        theme: Theme,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.learner_id, self.learner_name = learner_id, name
        self.status = status
        self.label = WrapLabel(f"{number}. {name}", role="body")
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[AttendanceStatus, BigButton] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(theme.px(8))
        stacked = theme.scale >= 1.5
        grid.addWidget(self.label, 0, 0, 1, 4 if stacked else 1)
        for i, st in enumerate(CYCLE):
            b = BigButton(kind="quiet", on_click=partial(self.set_status, st, emit=True))
            b.setCheckable(True)
            b.setMinimumHeight(theme.target_px)
            self.group.addButton(b)
            self.buttons[st] = b
            grid.addWidget(b, 1 if stacked else 0, i if stacked else i + 1)
        grid.setColumnStretch(0, 3 if not stacked else 1)
        self.set_status(status)
        self.retranslate("vi")

    def set_status(self, status: AttendanceStatus, *, emit: bool = False) -> None:
        """Show ``status`` as chosen (the chosen button is coloured, the others quiet)."""
        self.status = status
        for st, b in self.buttons.items():
            b.setChecked(st == status)
            b.set_kind(KINDS[st] if st == status else "quiet")
        if emit:
            self.changed.emit(self.learner_id, status)

    def retranslate(self, lang: str) -> None:
        """Words and accessible names in ``lang``."""
        for st, b in self.buttons.items():
            b.set_label(tr(LABELS[st], lang))
            b.setAccessibleName(
                tr("{name}: {status}", lang, name=self.learner_name, status=tr(LABELS[st], lang))
            )
