"""Soak: 10,000 learner sessions with idle resets through the real kiosk window (offscreen).

Each session touches the attract screen, picks a language, identifies (a new guest, or a named
learner by their code), opens a lesson, takes a few steps, then the injected clock moves past the
help offer, the countdown screen and the reset. After every reset every widget is walked (text,
accessible name and description, tool tip, placeholder): no code, name, lesson title or step text
of that session may be left. Resident memory (VmRSS from /proc/self/status) is read after the
warm-up and at the end; it must grow by less than 5 %.

On CPython 3.11 with PySide6 6.12.0 the window aborts the process after about a hundred sessions
unless ``kiosk.faults.pin_singletons()`` ran first (see that module); ``--no-pin`` shows it.

    .venv/bin/python bench/bench_soak.py [--sessions 10000] [--warmup 300]
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "tests" / "e2e")]
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.*=false;qt.qpa.*=false")


def rss_kib() -> int:
    """Resident set size of this process in KiB (``VmRSS`` in /proc/self/status)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS in /proc/self/status")


@dataclass
class SoakResult:
    """The figures of one soak run."""

    sessions: int = 0
    resets: int = 0
    leaks: list[str] = field(default_factory=list)
    rss_after_warmup_kib: int = 0
    rss_end_kib: int = 0
    seconds: float = 0.0

    @property
    def growth(self) -> float:
        """Relative RSS growth from the end of the warm-up to the end (0.01 = 1 %)."""
        return (self.rss_end_kib - self.rss_after_warmup_kib) / max(1, self.rss_after_warmup_kib)


def soak(
    sessions: int, warmup: int, workdir: Path, *, seed: int = 11, trace: int = 0
) -> SoakResult:
    """Run ``warmup`` + ``sessions`` visits through one real window; see the module docstring."""
    from helpers.fakes import FakeSpeaker
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication
    from widget_text import leftovers

    import main
    from kiosk.clock import FakeClock
    from kiosk.config import Settings
    from kiosk.services import learners

    app = QApplication.instance() or QApplication([])
    rng = random.Random(seed)
    settings = Settings(data_dir=workdir / "data", kiosk_id="soak")
    clock = FakeClock()
    speaker = FakeSpeaker()
    parts = main.build_kiosk(settings, clock=clock, speaker=speaker, tick_ms=3_600_000)
    w, lib = parts.window, parts.library
    lessons = lib.ordered_lessons()
    named: list[tuple[str, str]] = []
    with parts.db.transaction() as s:
        for i in range(40):
            name = f"Nguyễn Thị Soak{i:02d}"
            info = learners.create_learner(s, name, now=clock.now())
            named.append((info.code, name))
    result = SoakResult()
    started = time.monotonic()

    def settle() -> None:
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        app.processEvents()
        gc.collect()

    for n in range(warmup + sessions):
        if n == warmup:
            settle()
            result.rss_after_warmup_kib = rss_kib()
        if trace and n % trace == 0:
            settle()
            print(f"  session {n:6d}  RSS {rss_kib() / 1024:7.1f} MiB", flush=True)
        w.attract.started.emit()
        w.language.chosen.emit(rng.choice(["vi", "vi", "en"]))
        if n % 3 == 0:
            code, name = named[rng.randrange(len(named))]
            w.identify.code_entered.emit(code)
            secrets = [code, code.replace("-", ""), name, name.split()[-1]]
        else:
            w.identify.guest.emit()
            visitor = w.visits.session.visitor
            assert visitor is not None, f"session {n}: no visitor after 'guest'"
            secrets = [visitor.code, visitor.code.replace("-", "")]
        lesson = lessons[n % len(lessons)]
        w.home.open_lesson.emit(lesson.id)
        run = w.run
        assert run is not None, f"session {n}: lesson {lesson.id} did not open"
        for _ in range(rng.randint(1, 4)):
            w.step.go_next.emit()
        step = run.player.step_index
        secrets += [
            lesson.title.get("vi"),
            lesson.title.get("en"),
            lesson.steps[step].text.get("vi")[:40],
        ]
        # Idle: the help offer, the countdown screen, then the reset, each on its own tick.
        clock.advance(settings.idle_help_s + 1)
        w.idle.tick()
        clock.advance(settings.idle_reset_s - settings.idle_help_s)
        w.idle.tick()
        if w.current is not w.warning:
            result.leaks.append(f"session {n}: no countdown screen ({w.current.name})")
        clock.advance(settings.countdown_s + 1)
        w.idle.tick()
        result.sessions += 1
        if w.current is w.attract and w.visits.session.visitor is None and w.run is None:
            result.resets += 1
        else:
            result.leaks.append(f"session {n}: not reset ({w.current.name})")
        left = leftovers(w, secrets)
        if left:
            result.leaks.append(f"session {n}: {left[:3]}")
        speaker.said.clear()
        # What the event loop does between two visits in the app: run posted events, including
        # the deferred deletion of widgets the reset removed.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        app.processEvents()
        if len(result.leaks) > 20:
            break
    settle()
    result.rss_end_kib = rss_kib()
    result.seconds = time.monotonic() - started
    w.close()
    parts.db.dispose()
    return result


def main_() -> int:
    """Run the soak and print the figures."""
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--sessions", type=int, default=10_000)
    p.add_argument("--warmup", type=int, default=300)
    p.add_argument("--trace", type=int, default=0, help="print RSS every N sessions")
    p.add_argument(
        "--no-pin",
        action="store_true",
        help="skip kiosk.faults.pin_singletons(): shows the PySide6 6.12 crash",
    )
    args = p.parse_args()
    if not args.no_pin:
        from kiosk.faults import pin_singletons

        print(f"pin_singletons(): {pin_singletons()}")
    shm = Path("/dev/shm")
    base = shm if shm.is_dir() and os.access(shm, os.W_OK) else None
    with tempfile.TemporaryDirectory(prefix="hocvuso-soak-", dir=base) as tmp:
        r = soak(args.sessions, args.warmup, Path(tmp), trace=args.trace)
    print(f"sessions:          {r.sessions - args.warmup} (+{args.warmup} warm-up)")
    print(f"idle resets:       {r.resets}")
    print(f"leftovers found:   {len(r.leaks)}")
    print(f"RSS after warm-up: {r.rss_after_warmup_kib / 1024:.1f} MiB")
    print(f"RSS at end:        {r.rss_end_kib / 1024:.1f} MiB")
    print(f"memory drift:      {r.growth * 100:+.2f} %")
    print(
        f"time:              {r.seconds:.1f} s ({r.seconds / max(1, r.sessions) * 1000:.1f} ms "
        "per session)"
    )
    for leak in r.leaks[:10]:
        print("  ", leak)
    ok = not r.leaks and r.resets == r.sessions and r.growth < 0.05
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main_())
