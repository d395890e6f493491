"""After a crash, the kiosk comes back on the attract screen with nothing of the last learner,
and the learner's saved place is still in the database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from helpers.fakes import FakeSpeaker
from pytestqt.qtbot import QtBot
from widget_text import leftovers, widget_texts

from kiosk.clock import FakeClock
from kiosk.config import Settings
from kiosk.integrity import Recovery, check_and_recover

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
import main  # noqa: E402


def test_new_window_after_a_crash_shows_attract_and_no_learner(
    qtbot: QtBot, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    proc = subprocess.Popen(
        [sys.executable, str(HERE / "helpers_crash.py"), str(data)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert proc.stdout is not None
    line = proc.stdout.readline().split()
    os.kill(proc.pid, signal.SIGKILL)  # the crash: no end_visit, no clean shutdown
    proc.wait(timeout=30)
    proc.stdout.close()
    assert line and line[0] == "code", "the crashing kiosk did not reach the lesson"
    code, lesson_id, step = line[1], line[2], int(line[3])
    assert step == 2

    settings = Settings(data_dir=data)
    assert check_and_recover(settings).status is Recovery.ok  # main.py's start sequence
    parts = main.build_kiosk(settings, clock=FakeClock(), speaker=FakeSpeaker())
    w = parts.window
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    assert w.current is w.attract
    assert w.visits.session.visitor is None and w.run is None
    assert widget_texts(w), "the walk should see the attract screen's texts"
    assert leftovers(w, [code, code.replace("-", "")]) == []

    # The learner's place survived the crash: their code brings them back to step 2.
    w.attract.started.emit()
    w.language.chosen.emit("vi")
    w.identify.code_entered.emit(code)
    assert w.visits.session.visitor is not None and w.visits.session.visitor.code == code
    w.home.open_lesson.emit(lesson_id)
    assert w.run is not None and w.run.player.step_index == step
    parts.db.dispose()
