"""Load test of offline sync: many simulated kiosks, each with its own SQLite file and outbox,
pushing to one real PostgreSQL server; some kiosks are offline part of the time.

Every kiosk performs ``--events`` learner-side actions (each its own transaction, like a button
push): new guests, visits, lesson steps, completions, practice runs and help requests. While
"offline", a kiosk's sender points at a closed loopback port; afterwards at the real server.
At the end the bench checks that every row the kiosks made is on the server exactly once
(ids compared table by table), that no outbox row is left unsent, and that each lesson's merged
progress equals the kiosk's own. Loopback only; bounded by ``--deadline``.

Usage::

    .venv/bin/python bench/bench_sync_load.py                # 50 kiosks × 1,000 events
    .venv/bin/python bench/bench_sync_load.py --kiosks 5 --events 200
    .venv/bin/python bench/bench_sync_load.py --url postgresql+psycopg://u@127.0.0.1:5432/db

Without ``--url`` a throw-away PostgreSQL cluster is started (as in the tests) and removed.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import random
import shutil
import socket
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select

from kiosk.clock import FakeClock
from kiosk.db.engine import Database
from kiosk.db.models import (
    HelpRequest,
    KioskSession,
    Learner,
    LessonProgress,
    SessionEnd,
    SimulationAttempt,
    SyncOutbox,
)
from kiosk.services import learners, progress, visits
from kiosk.sync.capture import install_capture
from kiosk.sync.sender import OutboxSender

ID_TABLES: dict[str, Any] = {
    "learner": Learner,
    "kiosk_session": KioskSession,
    "simulation_attempt": SimulationAttempt,
    "help_request": HelpRequest,
}
LESSONS = [f"m{m}.lesson-{n}" for m in range(1, 8) for n in range(1, 7)]
CHUNK = 50
"""Events between two send rounds of a kiosk."""


@dataclass
class KioskReport:
    """What one simulated kiosk did and what it still holds locally."""

    kiosk: str
    events: int = 0
    outbox_rows: int = 0
    unsent: int = 0
    offline_rounds: int = 0
    send_rounds: int = 0
    ids: dict[str, list[str]] = field(default_factory=dict)
    progress: dict[tuple[str, str], tuple[int, str]] = field(default_factory=dict)
    error: str = ""


def closed_port() -> int:
    """A loopback port with nothing listening (the "network is down" server)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _one_event(
    s: Any, rng: random.Random, clock: FakeClock, state: dict[str, Any], kiosk: str
) -> None:
    now = clock.now()
    if state["visit"] is None or rng.random() < 0.05:
        if state["visit"] is not None:
            visits.end(s, state["visit"], SessionEnd.finished, now=now)
        state["visit"] = visits.start(s, kiosk, now=now)
        who = learners.create_guest(s, now=now)
        visits.attach_learner(s, state["visit"], who.id)
        state["learner"] = who.id
        return
    who = state["learner"]
    r = rng.random()
    lesson = LESSONS[rng.randrange(len(LESSONS))]
    if r < 0.65:
        progress.save_step(s, who, lesson, 1, rng.randrange(12), now=now, seconds=20)
    elif r < 0.78:
        progress.complete(
            s, who, lesson, 1, now=now, quiz_score=rng.randrange(6), quiz_total=5, last_step=12
        )
    elif r < 0.93:
        facts = progress.AttemptFacts(
            "sim.dvc", 1, "guided", 5, 5, rng.randrange(3), 0, 60, rng.random() < 0.8
        )
        progress.record_attempt(s, who, facts, now=now, kiosk_id=kiosk)
    else:
        visits.ask_help(s, who, now=now, kiosk_id=kiosk, where=lesson)


def run_kiosk(
    index: int,
    template: str,
    folder: str,
    server_url: str,
    events: int,
    offline_from: int,
    offline_to: int,
    deadline: float,
) -> KioskReport:
    """One kiosk: ``events`` actions on its own SQLite file, sending between chunks."""
    kiosk = f"kiosk-{index:02d}"
    path = Path(folder) / f"{kiosk}.sqlite3"
    shutil.copyfile(template, path)
    db = Database(f"sqlite:///{path}", migrate=False)
    install_capture(db.sessions)
    clock = FakeClock(datetime(2026, 11, 23, 7, 0, tzinfo=UTC) + timedelta(seconds=index))
    rng = random.Random(index)
    online = OutboxSender(db.sessions, server_url, clock=clock, batch_size=250)
    offline = OutboxSender(
        db.sessions, f"postgresql+psycopg://k@127.0.0.1:{closed_port()}/x", clock=clock
    )
    report = KioskReport(kiosk)
    state: dict[str, Any] = {"visit": None, "learner": None}
    try:
        for done in range(0, events, CHUNK):
            for _ in range(min(CHUNK, events - done)):
                with db.transaction() as s:
                    _one_event(s, rng, clock, state, kiosk)
                report.events += 1
                clock.advance(rng.uniform(1, 30))
            if offline_from <= done < offline_to:
                report.offline_rounds += 1
                assert offline.send_once().error
            else:
                report.send_rounds += 1
                online.send_once()
        while time.monotonic() < deadline:
            report.send_rounds += 1
            r = online.send_once()
            if r.sent == 0 and not r.error and online.status().pending == 0:
                break
        with db.sessions() as s:
            report.outbox_rows = s.scalar(select(func.count()).select_from(SyncOutbox)) or 0
            report.unsent = (
                s.scalar(
                    select(func.count()).select_from(SyncOutbox).where(SyncOutbox.sent_at.is_(None))
                )
                or 0
            )
            for name, model in ID_TABLES.items():
                report.ids[name] = [str(i) for i in s.scalars(select(model.id))]
            for p in s.scalars(select(LessonProgress)):
                report.progress[(str(p.learner_id), p.lesson_id)] = (
                    p.furthest_step,
                    p.status.value,
                )
    except Exception as exc:  # reported, and counted as a failure of the bench
        report.error = repr(exc)
    finally:
        online.close()
        offline.close()
        db.dispose()
    return report


def run_worker(
    indices: list[int], template: str, folder: str, server_url: str, events: int, deadline: float
) -> list[KioskReport]:
    """One process: its kiosks as threads. A third of kiosks are offline for a while."""
    results: list[KioskReport] = []
    lock = threading.Lock()

    def one(i: int) -> None:
        flaky = i % 3 == 0
        lo, hi = (events // 5, events * 3 // 5) if flaky else (0, 0)
        r = run_kiosk(i, template, folder, server_url, events, lo, hi, deadline)
        with lock:
            results.append(r)

    threads = [threading.Thread(target=one, args=(i,)) for i in indices]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def verify(server_url: str, reports: list[KioskReport]) -> dict[str, int]:
    """Compare every kiosk's rows with the server's: missing, duplicated, mismatched."""
    db = Database(server_url, migrate=False)
    figures: dict[str, int] = defaultdict(int)
    with db.sessions() as s:
        for name, model in ID_TABLES.items():
            local = [i for r in reports for i in r.ids.get(name, [])]
            server = [str(i) for i in s.scalars(select(model.id))]
            figures["rows"] += len(local)
            figures["lost"] += len(set(local) - set(server))
            figures["duplicates"] += len(server) - len(set(server))
            figures["unexpected"] += len(set(server) - set(local))
        merged = {
            (str(p.learner_id), p.lesson_id): (p.furthest_step, p.status.value)
            for p in s.scalars(select(LessonProgress))
        }
        for r in reports:
            for key, value in r.progress.items():
                figures["progress_rows"] += 1
                if merged.get(key) != value:
                    figures["progress_mismatch"] += 1
    db.dispose()
    figures["unsent"] = sum(r.unsent for r in reports)
    figures["errors"] = sum(1 for r in reports if r.error)
    return figures


def main(argv: list[str] | None = None) -> int:
    """Run the bench and print the figures; exit status 1 if anything was lost or doubled."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--kiosks", type=int, default=50)
    ap.add_argument("--events", type=int, default=1000)
    ap.add_argument("--processes", type=int, default=max(1, min(4, os.cpu_count() or 1)))
    ap.add_argument("--deadline", type=float, default=600.0, help="seconds for the whole run")
    ap.add_argument("--url", default="", help="an existing PostgreSQL database (else throw-away)")
    args = ap.parse_args(argv)

    if args.url:
        return _run(args, args.url)
    from tests.helpers.pg import running_cluster

    with running_cluster() as cluster:
        return _run(args, cluster.create_database("sync_load"))


def _scratch() -> str | None:
    """Kiosk files go on tmpfs when there is one: the bench measures syncing, not local fsync."""
    return "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None


def _run(args: argparse.Namespace, url: str) -> int:
    Database(url).dispose()
    folder = tempfile.mkdtemp(prefix="hocvuso-sync-load-", dir=_scratch())
    try:
        template = str(Path(folder) / "template.sqlite3")
        Database(f"sqlite:///{template}").dispose()
        deadline_wall = time.monotonic() + args.deadline
        groups = [list(range(k, args.kiosks, args.processes)) for k in range(args.processes)]
        t0 = time.perf_counter()
        ctx = mp.get_context("spawn")
        with ctx.Pool(len(groups)) as pool:
            # each worker gets the remaining time as its own monotonic deadline
            jobs = [
                pool.apply_async(
                    _worker_entry,
                    (g, template, folder, url, args.events, deadline_wall - time.monotonic()),
                )
                for g in groups
            ]
            reports = [r for j in jobs for r in j.get(timeout=args.deadline + 60)]
        elapsed = time.perf_counter() - t0
        figures = verify(url, reports)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    events = sum(r.events for r in reports)
    outbox = sum(r.outbox_rows for r in reports)
    offline = sum(1 for r in reports if r.offline_rounds)
    print(
        f"kiosks: {len(reports)} ({offline} offline part of the time), processes: {args.processes}"
    )
    print(
        f"events: {events}  outbox rows: {outbox}  elapsed: {elapsed:.1f} s  "
        f"events/s: {events / elapsed:.0f}  outbox rows/s: {outbox / elapsed:.0f}"
    )
    print(
        f"id-keyed rows compared: {figures['rows']}  lost: {figures['lost']}  "
        f"duplicates: {figures['duplicates']}  unexpected: {figures['unexpected']}"
    )
    print(
        f"progress rows compared: {figures['progress_rows']}  "
        f"mismatched: {figures['progress_mismatch']}  unsent outbox rows: {figures['unsent']}  "
        f"kiosk errors: {figures['errors']}"
    )
    for r in reports:
        if r.error:
            print(f"  {r.kiosk}: {r.error}")
    bad = (
        figures["lost"]
        or figures["duplicates"]
        or figures["unexpected"]
        or figures["progress_mismatch"]
        or figures["unsent"]
        or figures["errors"]
        or events != args.kiosks * args.events
    )
    print("RESULT:", "FAIL" if bad else "OK — every event arrived exactly once")
    return 1 if bad else 0


def _worker_entry(
    indices: list[int], template: str, folder: str, url: str, events: int, seconds_left: float
) -> list[KioskReport]:
    return run_worker(indices, template, folder, url, events, time.monotonic() + seconds_left)


if __name__ == "__main__":
    sys.exit(main())
