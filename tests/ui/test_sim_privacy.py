"""Nothing typed in a simulation is stored: every scenario is played through the real screen with a
distinctive input in every field, the attempts are saved, and the database and log files are then
searched for that input (issue 5, item 6)."""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime
from pathlib import Path

from helpers.fakes import FakeSpeaker
from PySide6.QtWidgets import QLineEdit

from kiosk.clock import FakeClock
from kiosk.services import learners, progress
from lessons.sim.engine import AttemptResult, Enter, Tap
from lessons.sim.loader import load_scenarios
from lessons.sim.script import actions_for
from ui.sim.simulation_screen import SimulationScreen
from ui.theme import Theme

MARKER = "QXZ-PRIV-4417"
NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


def test_typed_values_never_reach_the_database_or_the_logs(
    qtbot,
    sqlite_db,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    log_file = tmp_path / "kiosk.log"
    handler = logging.FileHandler(log_file, encoding="utf-8")
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        with sqlite_db.transaction() as s:
            learner_id: uuid.UUID = learners.create_guest(s, now=NOW).id
        speaker = FakeSpeaker()
        results: list[AttemptResult] = []
        for scenario in load_scenarios().scenarios.values():
            screen = SimulationScreen(
                scenario,
                "free",
                speaker,
                Theme(),
                "vi",
                results.append,
                clock=FakeClock(),
                tick_ms=0,
            )
            qtbot.addWidget(screen)
            for _ in range(60):
                if screen.engine.finished:
                    break
                for fid, widget in list(screen.phone.targets.items()):
                    if isinstance(widget, QLineEdit):
                        widget.setText(MARKER)
                        screen._enter(fid, MARKER)
                screen._tap(screen.engine.current.expect[0].tap)
                for action in actions_for(
                    screen.engine.current, scenario, current=screen.engine.value
                ):
                    if isinstance(action, Enter):
                        screen._enter(action.field, action.value)
                    elif isinstance(action, Tap):
                        screen._tap(action.widget)
            screen._finish()
            screen.stop()
            assert MARKER not in repr(vars(screen.engine))
        assert len(results) == 15 and all(r.completed for r in results)
        assert sum(r.mistakes for r in results) > 15
        for r in results:
            with sqlite_db.transaction() as s:
                progress.record_attempt(
                    s,
                    learner_id,
                    progress.AttemptFacts(
                        r.scenario_id,
                        r.version,
                        r.mode,
                        r.steps_done,
                        r.steps_total,
                        r.mistakes,
                        r.hints_used,
                        int(r.duration_s),
                        r.completed,
                    ),
                    now=NOW,
                )
        with sqlite_db.transaction() as s:
            assert len(progress.attempts_of(s, learner_id)) == 15
    finally:
        root.removeHandler(handler)
        handler.close()
        root.setLevel(old_level)
    sqlite_db.dispose()
    db_path = Path(sqlite_db.url.removeprefix("sqlite:///"))
    files = [p for p in db_path.parent.iterdir() if p.name.startswith(db_path.name)]
    files.append(log_file)
    assert db_path in files
    for path in files:
        assert MARKER.encode() not in path.read_bytes(), path
    assert MARKER not in " ".join(text for text, _ in speaker.said)
