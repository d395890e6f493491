"""Kiosk benchmarks (issue 2): cold start vs a bare QApplication, and step-change latency.

Run: ``.venv/bin/python bench/bench_kiosk.py``. Offscreen Qt, a temporary SQLite database, speech
off. Prints one line per figure with its goal.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

BARE = """
import sys
from PySide6.QtWidgets import QApplication, QMainWindow, QLabel
app = QApplication([])
w = QMainWindow(); w.setCentralWidget(QLabel("Học vụ số")); w.resize(1366, 768); w.show()
app.processEvents()
print("ready", flush=True)
"""

KIOSK = """
import sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
app = QApplication([])
from ui.boot import BootWindow, boot_theme
boot = BootWindow(boot_theme(1.0))
boot.resize(1366, 768); boot.show()
app.processEvents()
assert boot.attract.start.isVisible()
print("ready", flush=True)          # the attract screen is up and takes touches
import main
from kiosk.config import Settings
settings = Settings(data_dir=Path(sys.argv[1]))
def done(core):
    print("core", flush=True)       # database open, every lesson loaded: the kiosk can go on
    app.quit()
boot.ready.connect(done)
boot.load(lambda: main.load_core(settings))
app.exec()
"""


def _time_to_ready(code: str, arg: str, marks: tuple[str, ...] = ("ready",)) -> list[float]:
    """Seconds from spawning the process to each line in ``marks`` on its output."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", code, arg],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stdout is not None
    out = []
    for mark in marks:
        line = proc.stdout.readline()
        assert line.strip() == mark, line
        out.append(time.perf_counter() - t0)
    proc.wait(timeout=60)
    return out


def cold_start(runs: int = 9) -> tuple[float, float, float]:
    """Median seconds: bare window, kiosk attract screen interactive, kiosk core loaded."""
    marks = ("ready", "core")
    with tempfile.TemporaryDirectory() as tmp:
        _time_to_ready(KIOSK, tmp, marks)  # the first run creates and migrates the database
        bare, attract, core = [], [], []
        for _ in range(runs):
            bare.append(_time_to_ready(BARE, tmp)[0])
            a, c = _time_to_ready(KIOSK, tmp, marks)
            attract.append(a)
            core.append(c)
    return statistics.median(bare), statistics.median(attract), statistics.median(core)


def step_change(scale: float, moves: int = 300) -> float:
    """p95 milliseconds from "Tiếp theo"/"Quay lại" to the new step laid out."""
    from PySide6.QtWidgets import QApplication

    from voice.qt.pyside_guard import install

    install()
    app = QApplication.instance() or QApplication([])
    import main
    from kiosk.clock import FakeClock
    from kiosk.config import Settings
    from voice.api import SilentSpeaker

    with tempfile.TemporaryDirectory() as tmp:
        parts = main.build_kiosk(
            Settings(data_dir=Path(tmp), text_scale=scale),
            clock=FakeClock(),
            speaker=SilentSpeaker(),
        )
        w = parts.window
        w.resize(1366, 768)
        w.show()
        w.attract.started.emit()
        w.language.chosen.emit("vi")
        w.identify.guest.emit()
        lesson = max(parts.library.ordered_lessons(), key=lambda x: len(x.steps))
        w.home.open_lesson.emit(lesson.id)
        app.processEvents()
        times = []
        for i in range(moves):
            forward = (i // (len(lesson.steps) - 1)) % 2 == 0
            t0 = time.perf_counter()
            (w.step.go_next if forward else w.step.go_back).emit()
            app.processEvents()
            w.step.grab()  # force a full paint of the new step
            times.append((time.perf_counter() - t0) * 1000)
        w.close()
        parts.db.dispose()
    times.sort()
    return times[int(len(times) * 0.95) - 1]


def main_() -> None:
    bare, attract, core = cold_start()
    print(
        f"cold start: bare window {bare * 1000:.0f} ms, kiosk attract screen interactive "
        f"{attract * 1000:.0f} ms, ratio {attract / bare:.2f}x (goal ≤ 1.5x); "
        f"database and {''}lessons loaded behind it at {core * 1000:.0f} ms"
    )
    for scale in (1.0, 2.0):
        print(
            f"step change p95 at scale {scale}: {step_change(scale):.1f} ms (goal ≤ 16 ms, "
            "includes saving progress to SQLite)"
        )


if __name__ == "__main__":
    main_()
