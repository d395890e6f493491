"""Kill harness for the durability test and benchmark: SIGKILL a learner mid-lesson, check nothing
reported as saved was lost.

The child (``python helpers_kill.py child DB SIDEFILE``) is a real process using the real
``Database`` (WAL, synchronous=FULL, Alembic at open), the real ``LessonRun`` and the kiosk's
write-behind worker. It plays lessons step by step as fast as it can. Only AFTER a save's
transaction has returned does it append a line to the side file and ``fsync`` it, so every line is
a promise: that step is committed.

The parent (:func:`run_trials`) starts a child, waits a bounded random time from a seeded RNG, kills
it with SIGKILL, then opens the database as the app would (WAL recovery), runs
``PRAGMA integrity_check`` and checks that every promised step is in the database. Sleeps here are
in the parent only, to choose the moment of the kill.
"""

from __future__ import annotations

import contextlib
import os
import random
import select
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LESSON_FILES = [
    "lessons/content/lessons/m1/1.1-power-charge-unlock.yaml",
    "lessons/content/lessons/m1/1.2-tap-swipe-hold.yaml",
    "lessons/content/lessons/m1/1.3-text-brightness-volume.yaml",
]


# ---- the child --------------------------------------------------------------------------------
def child(db_path: Path, side_path: Path) -> None:
    """Play lessons forever, writing each committed step to the side file after it commits.

    Saves go through the kiosk's write-behind worker (``kiosk.writer.BackgroundWriter``), as in
    the app: the promise for a step is a job queued right behind that step's save on the same
    worker, so it runs only after the save's transaction has returned, and never if it failed.
    """
    sys.path.insert(0, str(ROOT))
    from kiosk.clock import SystemClock
    from kiosk.db.engine import Database
    from kiosk.services import learners
    from kiosk.writer import BackgroundWriter
    from lessons.model import Lesson
    from lessons.player import FinishedPage, QuestionPage, StepPage
    from lessons.run import LessonRun
    from lessons.yamlsrc import read_yaml, validate

    lessons = []
    for rel in LESSON_FILES:
        data, lines = read_yaml(ROOT / rel)
        lessons.append(validate(Lesson, data, lines, rel))
    clock = SystemClock()
    db = Database(f"sqlite:///{db_path}")
    fd = os.open(side_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    failed: list[Exception] = []
    writer = BackgroundWriter(on_error=failed.append)

    def write_promise(line: str) -> None:
        if failed:  # a save failed: promise nothing more, and say so on stderr
            raise SystemExit(f"save failed: {failed[0]!r}")
        os.write(fd, (line + "\n").encode())
        os.fsync(fd)

    def promise(line: str) -> None:
        writer.submit(lambda: write_promise(line))

    print(f"ready {os.getpid()}", flush=True)
    moves = 0
    while True:
        with db.transaction() as s:
            who = learners.create_guest(s, now=clock.now())
        write_promise(f"learner {who.id.hex}")
        for lesson in lessons:
            run = LessonRun(db, clock, who.id, lesson, write=writer.submit)
            promise(f"step {who.id.hex} {lesson.id} {run.player.step_index}")
            while True:
                page = run.next()
                moves += 1
                if moves % 4 == 0:
                    writer.flush()  # a learner reads each step: the queue never grows long
                if isinstance(page, StepPage):
                    promise(f"step {who.id.hex} {lesson.id} {page.index}")
                elif isinstance(page, QuestionPage | FinishedPage):
                    run.finish()
                    promise(f"done {who.id.hex} {lesson.id}")
                    break
            writer.flush()


def zygote() -> None:
    """Import everything once, then fork a fresh child per ``spawn DB SIDE ERR`` line on stdin.

    Each child is a separate process that opens the database itself (nothing is open in the
    zygote when it forks); the zygote only saves the 1 s of imports per trial. ``reap PID`` waits
    for a killed child and answers ``reaped PID STATUS``.
    """
    sys.path.insert(0, str(ROOT))
    import importlib

    for module in ("kiosk.db.engine", "kiosk.services.learners", "lessons.run", "lessons.yamlsrc"):
        importlib.import_module(module)  # warm imports, shared with every forked child

    out = sys.stdout
    for line in sys.stdin:
        cmd = line.split()
        if cmd and cmd[0] == "spawn":
            pid = os.fork()
            if pid == 0:
                err = os.open(cmd[3], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
                os.dup2(err, 2)
                try:
                    child(Path(cmd[1]), Path(cmd[2]))
                finally:
                    os._exit(3)
            out.write(f"pid {pid}\n")
            out.flush()
        elif cmd and cmd[0] == "reap":
            _, status = os.waitpid(int(cmd[1]), 0)
            out.write(f"reaped {cmd[1]} {status}\n")
            out.flush()


# ---- the parent -------------------------------------------------------------------------------
@dataclass
class TrialsResult:
    """What :func:`run_trials` saw."""

    trials: int = 0
    promised: int = 0
    """Lines in the side files: steps the child was told were committed."""
    lost: list[str] = field(default_factory=list)
    """Promised records missing from the database (must stay empty)."""
    integrity_failures: list[str] = field(default_factory=list)
    killed_before_ready: int = 0
    child_errors: list[str] = field(default_factory=list)
    seconds: float = 0.0


def read_promises(side: Path) -> list[list[str]]:
    """Complete lines of a side file (a line cut by the kill has no newline and is ignored)."""
    text = side.read_text(encoding="utf-8") if side.exists() else ""
    complete = text if text.endswith("\n") else text[: text.rfind("\n") + 1]
    return [line.split() for line in complete.splitlines() if line]


def missing(db: Path, promises: list[list[str]]) -> list[str]:
    """Promised records that are not in the database."""
    conn = sqlite3.connect(db)
    try:
        learners = {r[0] for r in conn.execute("SELECT id FROM learner")}
        rows = {
            (r[0], r[1]): (int(r[2]), str(r[3]))
            for r in conn.execute(
                "SELECT learner_id, lesson_id, furthest_step, status FROM lesson_progress"
            )
        }
    finally:
        conn.close()
    lost = []
    for p in promises:
        if p[0] == "learner" and p[1] not in learners:
            lost.append(" ".join(p))
        elif p[0] == "step":
            got = rows.get((p[1], p[2]))
            if got is None or got[0] < int(p[3]):
                lost.append(" ".join(p) + f" (db: {got})")
        elif p[0] == "done":
            got = rows.get((p[1], p[2]))
            if got is None or got[1] != "completed":
                lost.append(" ".join(p) + f" (db: {got})")
    return lost


def integrity(db: Path) -> list[str]:
    """``PRAGMA integrity_check`` after opening read-write (which replays the WAL, as the app)."""
    conn = sqlite3.connect(db, timeout=10)
    try:
        rows = [str(r[0]) for r in conn.execute("PRAGMA integrity_check")]
    finally:
        conn.close()
    return [] if rows == ["ok"] else rows


class _Zygote:
    """The parent's handle on the zygote process (line protocol over pipes, with timeouts)."""

    def __init__(self, errlog: Path) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        with open(errlog, "wb") as err:
            self.proc = subprocess.Popen(
                [sys.executable, str(Path(__file__).resolve()), "zygote"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=err,
                cwd=ROOT,
                env=env,
            )
        self._buf = b""

    def send(self, line: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write((line + "\n").encode())
        self.proc.stdin.flush()

    def expect(self, word: str, timeout: float) -> list[str]:
        """The next line starting with ``word`` (other lines are skipped)."""
        assert self.proc.stdout is not None
        fd = self.proc.stdout.fileno()
        deadline = time.monotonic() + timeout
        while True:
            while b"\n" in self._buf:
                line, self._buf = self._buf.split(b"\n", 1)
                parts = line.decode().split()
                if parts and parts[0] == word:
                    return parts
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no '{word}' line from the zygote")
            ready, _, _ = select.select([fd], [], [], left)
            if ready:
                chunk = os.read(fd, 4096)
                if not chunk:
                    raise EOFError("the zygote exited")
                self._buf += chunk

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        if self.proc.stdout is not None:
            self.proc.stdout.close()


def run_trials(
    workdir: Path,
    trials: int,
    *,
    seed: int = 20261122,
    max_delay: float = 0.35,
    early_fraction: float = 0.1,
) -> TrialsResult:
    """Kill a working child ``trials`` times at seeded random moments; check after every kill.

    Args:
        workdir: a folder for the database, the side files and the children's stderr.
        trials: how many children to start and kill.
        seed: the RNG seed, so a failing run can be replayed.
        max_delay: the longest wait (seconds) after the child is ready before the kill.
        early_fraction: share of trials (after the first) killed at a random moment while the
            child opens the database (connection set-up, Alembic check) instead of mid-lesson.
    """
    rng = random.Random(seed)
    workdir.mkdir(parents=True, exist_ok=True)
    db = workdir / "kiosk.sqlite3"
    result = TrialsResult()
    promises: list[list[str]] = []
    started = time.monotonic()
    zyg = _Zygote(workdir / "zygote.err")
    try:
        for n in range(trials):
            side = workdir / f"committed-{n:03d}.txt"
            errlog = workdir / f"child-{n:03d}.err"
            zyg.send(f"spawn {db} {side} {errlog}")
            pid = int(zyg.expect("pid", 60)[1])
            if n > 0 and rng.random() < early_fraction:
                time.sleep(rng.uniform(0.0, 0.05))
                result.killed_before_ready += 1
            else:
                zyg.expect("ready", 60)
                time.sleep(rng.uniform(0.0, max_delay))
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            zyg.send(f"reap {pid}")
            status = int(zyg.expect("reaped", 60)[2])
            if not (os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL):
                result.child_errors.append(errlog.read_text(errors="replace")[-2000:])
            result.trials += 1
            if not db.exists():
                continue
            problems = integrity(db)
            if problems:
                result.integrity_failures.append(f"trial {n}: {problems[:3]}")
            promises.extend(read_promises(side))
            result.lost = missing(db, promises)
    finally:
        zyg.close()
    result.promised = len(promises)
    result.seconds = time.monotonic() - started
    return result


@dataclass
class FirstStartResult:
    """What :func:`first_start_trials` saw."""

    trials: int = 0
    half_migrated: int = 0
    """Kills that left a schema the app could not open by itself."""
    could_not_start: list[str] = field(default_factory=list)
    """Stations that still could not open their database after ``check_and_recover``."""


def first_start_trials(
    workdir: Path, trials: int, *, seed: int = 5, max_delay: float = 0.15
) -> FirstStartResult:
    """Kill a brand-new station while it creates its database, then start it as main.py does.

    Each trial uses a fresh data folder; the child is killed at a random moment during the first
    Alembic migration. The restart runs ``check_and_recover`` and opens the database: it must
    always come up (an interrupted migration is moved aside and the station starts again).
    """
    sys.path.insert(0, str(ROOT))
    from kiosk.config import Settings
    from kiosk.db.engine import Database
    from kiosk.errors import DatabaseError
    from kiosk.integrity import Recovery, check_and_recover

    rng = random.Random(seed)
    result = FirstStartResult()
    workdir.mkdir(parents=True, exist_ok=True)
    zyg = _Zygote(workdir / "zygote-first.err")
    try:
        for n in range(trials):
            data = workdir / f"station-{n:03d}"
            data.mkdir(parents=True)
            db = data / "hocvuso.sqlite3"
            zyg.send(f"spawn {db} {data / 'side.txt'} {data / 'child.err'}")
            pid = int(zyg.expect("pid", 60)[1])
            time.sleep(rng.uniform(0.0, max_delay))
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            zyg.send(f"reap {pid}")
            zyg.expect("reaped", 60)
            result.trials += 1
            settings = Settings(data_dir=data)
            report = check_and_recover(settings)
            if report.status is not Recovery.ok:
                result.half_migrated += 1
            try:
                Database(settings.resolved_database_url).dispose()
            except DatabaseError as exc:
                result.could_not_start.append(f"trial {n}: {exc.detail.splitlines()[0][:200]}")
    finally:
        zyg.close()
    return result


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "child":
        child(Path(sys.argv[2]), Path(sys.argv[3]))
    elif sys.argv[1:] == ["zygote"]:
        zygote()
    else:
        sys.exit("usage: helpers_kill.py child DB SIDEFILE | zygote")
