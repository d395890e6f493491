"""PracticeHost: a simulation on the kiosk, with a way out that is always in the same place."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.i18n import tr
from ui.screens.base import Screen
from ui.sim.simulation_screen import SimulationScreen
from ui.theme import Theme
from ui.widgets.big_button import BigButton


class PracticeHost(Screen):
    """Holds one :class:`SimulationScreen` and a "leave the practice" button below it."""

    name = "practice"
    leave = Signal()

    def __init__(self, theme: Theme, sim: SimulationScreen, parent: QWidget | None = None) -> None:
        super().__init__(theme, parent)
        self.sim = sim
        self.lang = sim.lang
        self.back = BigButton(kind="quiet", action="back", on_click=self.leave.emit)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 12)
        lay.addWidget(sim, 1)
        lay.addWidget(self.back)
        self.retranslate(self.lang)

    def retranslate(self, lang: str) -> None:
        """See :meth:`Screen.retranslate`."""
        super().retranslate(lang)
        self.sim.retranslate(lang)
        self.back.set_label(tr("‹ Thôi, về danh sách bài", lang))

    def speech(self) -> str:
        """The simulation speaks for itself when it starts."""
        return self.sim.speech()

    def handle_action(self, action: str) -> bool:
        """The simulation's own actions first; "quay lại" leaves."""
        if self.sim.handle_action(action):
            return True
        if action == "back":
            self.leave.emit()
            return True
        return False

    def clear(self) -> None:
        """Stop the simulation (timer, voice); its typed values go with it."""
        self.sim.clear()
        self.sim.stop()
