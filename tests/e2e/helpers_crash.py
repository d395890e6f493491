"""A kiosk process that a test crashes mid-lesson: ``python helpers_crash.py DATA_DIR``.

It builds the real window offscreen on ``DATA_DIR``, identifies a guest, opens the first lesson,
steps forward twice (each step saved; the write-behind queue is flushed first), prints
``code <learner code> <lesson id> <step>`` and waits to be killed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main(data_dir: Path) -> None:
    """Run the learner into a lesson, report, then hang until SIGKILL."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
    from helpers.fakes import FakeSpeaker
    from PySide6.QtWidgets import QApplication

    import main as app_main
    from kiosk.clock import FakeClock
    from kiosk.config import Settings

    app = QApplication(sys.argv[:1])
    parts = app_main.build_kiosk(
        Settings(data_dir=data_dir), clock=FakeClock(), speaker=FakeSpeaker()
    )
    w = parts.window
    w.show()
    w.attract.started.emit()
    w.language.chosen.emit("vi")
    w.identify.guest.emit()
    visitor = w.visits.session.visitor
    assert visitor is not None
    lesson = parts.library.ordered_lessons()[0]
    w.home.open_lesson.emit(lesson.id)
    w.step.go_next.emit()
    w.step.go_next.emit()
    assert w.run is not None
    if w.visits.writer is not None:  # saves are write-behind: report only what is on disk
        assert w.visits.writer.flush()
    print(f"code {visitor.code} {lesson.id} {w.run.player.step_index}", flush=True)
    app.exec()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
