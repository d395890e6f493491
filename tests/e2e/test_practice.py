"""A practice simulation opened from the kiosk: banner, a way out, facts recorded, wiped on reset.

Speech is a recording fake (no sound card here); the simulation engine and screens are real.
"""

from __future__ import annotations

from pathlib import Path

from helpers.fakes import FakeSlipMaker, FakeSpeaker
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

import main
from kiosk.clock import FakeClock
from kiosk.config import Settings
from kiosk.services import progress

LEFT = Qt.MouseButton.LeftButton


def test_practice_from_the_module_list_and_back(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    clock, speaker = FakeClock(), FakeSpeaker()
    parts = main.build_kiosk(
        Settings(data_dir=tmp_path),
        clock=clock,
        speaker=speaker,
        make_slip=FakeSlipMaker(),
        tick_ms=60_000,
    )
    w = parts.window
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.mouseClick(w.attract.start, LEFT)
    qtbot.mouseClick(w.language.vi, LEFT)
    qtbot.mouseClick(w.identify.as_guest, LEFT)
    qtbot.mouseClick(w.home.tile_buttons[4], LEFT)  # Thanh toán số
    practice = [b for b in w.module.buttons if b.text().startswith("Luyện tập:")]
    assert len(practice) == 4 and "VietQR" in practice[0].text()

    qtbot.mouseClick(practice[0], LEFT)
    host = w.practice
    assert host is not None and w.current is host
    banners = [lb.text() for lb in host.findChildren(QLabel) if lb.objectName() == "sim_banner"]
    assert banners and "MÔ PHỎNG – TẬP LUYỆN" in banners[0]
    assert speaker.said, "the practice speaks its first instruction"
    qtbot.mouseClick(host.sim.hint_button, LEFT)
    qtbot.mouseClick(host.back, LEFT)
    assert w.current is w.module and w.practice is None
    with parts.db.transaction() as s:
        [attempt] = progress.attempts_of(s, w.visits.session.visitor.learner_id)  # type: ignore[union-attr]
    assert attempt.scenario_id.startswith("sim-07") and not attempt.completed
    assert attempt.hints_used >= 1

    qtbot.mouseClick(w.module.buttons[-1], LEFT)  # open another practice, then walk away
    assert w.practice is not None
    w.end_visit(__import__("kiosk.db.models", fromlist=["SessionEnd"]).SessionEnd.idle)
    assert w.practice is None and w.current is w.attract
    assert not [x for x in w.findChildren(QWidget) if x.objectName() == "sim_banner"]
    w.close()
