"""Benchmarks of the staff side of attendance; one line per figure.

Run: ``.venv/bin/python bench/bench_attendance.py [--runs N]``. Figures (medians over N runs, after
a warm-up run):

* the roll-call interaction for a class of 40 learners, driven through the real screens offscreen:
  open the session, tap 6 learners as late / absent / excused, save — machine time and taps
  (a person needs about one tap per changed learner, so the human goal of 2 minutes is about the
  taps, not the machine);
* ``save_roll`` of 40 marks in one transaction;
* the data of a 40-row session sheet read from the database plus its PDF (the PDF alone is in
  ``bench_reports.py``, goal ≤ 150 ms);
* ``class_overview`` ("who is stuck") for a class of 40.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "ui"))


def median_ms(fn: Callable[[], object], runs: int) -> float:
    """Median wall time of ``fn`` in milliseconds, after one warm-up call."""
    fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> int:
    """Print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    from staff_world import build_window, seed

    from kiosk.clock import FakeClock
    from kiosk.db.engine import Database
    from kiosk.db.models import AttendanceStatus
    from kiosk.reports.attendance import render_session_attendance
    from kiosk.services import attendance, staff_reports

    app = QApplication.instance() or QApplication([])

    class Bot:
        """The few qtbot calls :func:`build_window` uses, without pytest."""

        def __init__(self) -> None:
            self.widgets: list[object] = []

        def addWidget(self, w: object) -> None:
            self.widgets.append(w)

    A = AttendanceStatus
    wanted = {3: A.absent, 7: A.late, 12: A.absent, 20: A.excused, 28: A.late, 39: A.absent}
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(f"sqlite:///{tmp}/bench.sqlite3")
        clock = FakeClock()
        world = seed(db, clock, learners=40)
        w, _, _ = build_window(Bot(), Path(tmp), db, clock, account=world["teacher"])
        taps = 0

        def roll_call() -> None:
            nonlocal taps
            taps = 0
            w.open_class(world["class"].id)
            QTest.mouseClick(w.klass.b_roll, Qt.MouseButton.LeftButton)
            QTest.mouseClick(w.roll.open_new, Qt.MouseButton.LeftButton)
            taps += 2
            for index, status in wanted.items():
                row = w.roll.rows[index]
                w.roll.roll_area.ensureWidgetVisible(row)
                QTest.mouseClick(row.buttons[status], Qt.MouseButton.LeftButton)
                taps += 1
            QTest.mouseClick(w.roll.save, Qt.MouseButton.LeftButton)
            taps += 1
            app.processEvents()

        t_ui = median_ms(roll_call, args.runs)
        print(
            f"roll-call of 40 learners through the screens: median {t_ui:.0f} ms machine time, "
            f"{taps} taps from the class page (goal: <= 45 taps, under 2 minutes for a person)"
        )

        with db.transaction() as s:
            sid = attendance.sessions_of(s, world["class"].id)[0].id
            people = [x.learner_id for x in attendance.roll(s, sid)]
        flip = [0]

        def save40() -> None:
            flip[0] += 1
            status = A.present if flip[0] % 2 else A.late
            with db.transaction() as s:
                attendance.save_roll(
                    s, sid, dict.fromkeys(people, status), now=clock.now(), actor=world["teacher"]
                )

        print(
            f"save_roll, 40 marks in one transaction: median {median_ms(save40, args.runs):.1f} ms"
        )

        def sheet() -> None:
            with db.transaction() as s:
                data = staff_reports.session_sheet(s, sid)
            render_session_attendance(data)

        print(
            f"session sheet, 40 rows, read + PDF: median {median_ms(sheet, args.runs):.1f} ms "
            "(PDF alone: goal <= 150 ms, see bench_reports.py)"
        )

        def overview() -> None:
            with db.transaction() as s:
                staff_reports.class_overview(s, world["class"].id, clock.now())

        print(
            f"class_overview (who is stuck), 40 learners: median "
            f"{median_ms(overview, args.runs):.1f} ms"
        )
        w.close()
        db.dispose()
    return 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    # PySide6 6.12 on Python 3.11 can crash while the interpreter tears Qt down ("none_dealloc"
    # after many Qt calls); the figures are printed, so leave without the teardown.
    os._exit(code)
