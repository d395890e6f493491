"""Benchmark of the class dashboard on a city-sized database, SQLite and PostgreSQL side by side.

Loads 100,000 learners in 2,500 classes of 40, 5,000,000 lesson-progress rows (50 per learner,
written lesson by lesson across all learners, so one learner's rows are scattered as they would be
after months of use), and four meetings per class with attendance; then times
:func:`kiosk.services.dashboard.class_dashboard` for one class of 40 (goal: median ≤ 50 ms), plus
``completion_per_module`` and ``attendance_over_time``. Load time is printed separately.
Not part of the test suite; takes a few minutes.

Usage::

    .venv/bin/python bench/bench_dashboard.py
    .venv/bin/python bench/bench_dashboard.py --learners 10000 --per-learner 50   # quicker
    .venv/bin/python bench/bench_dashboard.py --pg-url postgresql+psycopg://u@127.0.0.1/db

Without ``--pg-url`` a throw-away PostgreSQL cluster is started on a loopback port and removed.
"""

from __future__ import annotations

import argparse
import contextlib
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import Table, insert, text

from kiosk.db.engine import Database
from kiosk.db.models import (
    Attendance,
    ClassSession,
    Enrolment,
    Learner,
    LessonProgress,
    SchoolClass,
)
from kiosk.services import dashboard

CLASS_SIZE = 40
LESSONS = [f"m{m}.lesson-{n}" for m in range(1, 8) for n in range(1, 8)] + ["m7.extra"]
MEETINGS = 4
CHUNK = 50_000
T0 = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
STATUSES = ["present", "present", "present", "late", "absent", "excused"]


def _learner_rows(ids: list[uuid.UUID], rng: random.Random) -> Iterator[dict[str, Any]]:
    for i, lid in enumerate(ids):
        yield {
            "id": lid,
            "display_name": f"Học viên {i:06d}",
            "birth_year": 1950 + i % 30,
            "phone": None,
            "centre_id": None,
            "card_code": f"HV-{i:06d}",
            "is_guest": False,
            "created_at": T0,
            "updated_at": T0,
        }


def _progress_rows(
    ids: list[uuid.UUID], per_learner: int, rng: random.Random
) -> Iterator[dict[str, Any]]:
    lessons = (LESSONS * (per_learner // len(LESSONS) + 1))[:per_learner]
    for k, lesson in enumerate(lessons):
        lesson_id = lesson if k < len(LESSONS) else f"{lesson}-{k}"
        for lid in ids:
            done = rng.random() < 0.7
            at = T0 + timedelta(hours=k * 24, seconds=rng.randrange(86_000))
            yield {
                "id": uuid.uuid4(),
                "learner_id": lid,
                "lesson_id": lesson_id,
                "content_version": 1,
                "current_step": rng.randrange(12),
                "furthest_step": 11 if done else rng.randrange(12),
                "status": "completed" if done else "in_progress",
                "quiz_score": rng.randrange(6) if done else None,
                "quiz_total": 5 if done else None,
                "attempts": 1,
                "time_spent_s": rng.randrange(60, 900),
                "started_at": at,
                "updated_at": at,
                "completed_at": at if done else None,
            }


def _class_rows(
    ids: list[uuid.UUID], rng: random.Random
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]], list[uuid.UUID]]:
    shuffled = ids[:]
    rng.shuffle(shuffled)
    classes, enrol, meetings = [], [], []
    class_ids = []
    for c in range(0, len(shuffled), CLASS_SIZE):
        cid = uuid.uuid4()
        class_ids.append(cid)
        classes.append(
            {
                "id": cid,
                "name": f"Lớp {c // CLASS_SIZE:05d}",
                "centre_id": None,
                "instructor_id": None,
                "schedule": "",
                "start_date": date(2026, 1, 5),
                "end_date": None,
                "created_at": T0,
            }
        )
        for lid in shuffled[c : c + CLASS_SIZE]:
            enrol.append(
                {"id": uuid.uuid4(), "class_id": cid, "learner_id": lid, "enrolled_at": T0}
            )
        for n in range(1, MEETINGS + 1):
            meetings.append(
                {
                    "id": uuid.uuid4(),
                    "class_id": cid,
                    "number": n,
                    "date": date(2026, 1, 5) + timedelta(days=7 * n),
                    "lessons_planned": [],
                    "created_at": T0,
                }
            )
    return classes, enrol, meetings, class_ids


def _attendance_rows(
    enrol: list[dict[str, Any]], meetings: list[dict[str, Any]], rng: random.Random
) -> Iterator[dict[str, Any]]:
    by_class: dict[uuid.UUID, list[uuid.UUID]] = {}
    for e in enrol:
        by_class.setdefault(e["class_id"], []).append(e["learner_id"])
    for m in meetings:
        for lid in by_class[m["class_id"]]:
            yield {
                "id": uuid.uuid4(),
                "session_id": m["id"],
                "learner_id": lid,
                "status": rng.choice(STATUSES),
                "method": "roll_call",
                "recorded_by": None,
                "recorded_at": T0,
            }


def _chunks(rows: Iterator[dict[str, Any]], size: int = CHUNK) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for r in rows:
        batch.append(r)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


BIG_TABLES = {"lesson_progress", "attendance"}
"""Tables nothing points at: their keys and indexes are dropped for the load and rebuilt after,
the usual way to bulk-load PostgreSQL (one sort per index instead of millions of inserts)."""


def _load_executemany(db: Database, table: Table, rows: Iterator[dict[str, Any]]) -> int:
    """SQLite: ``executemany`` in one transaction; plain indexes rebuilt after the load."""
    n = 0
    with db.engine.begin() as conn:
        conn.exec_driver_sql("PRAGMA cache_size=-524288")  # 512 MB while loading
        idx = (
            conn.exec_driver_sql(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                "AND tbl_name = ?",
                (table.name,),
            ).all()
            if table.name in BIG_TABLES
            else []
        )
        for name, _ in idx:
            conn.exec_driver_sql(f'DROP INDEX "{name}"')
        for batch in _chunks(rows):
            conn.execute(insert(table), batch)
            n += len(batch)
        for _, sql in idx:
            conn.exec_driver_sql(sql)
    return n


def _load_copy(db: Database, table: Table, rows: Iterator[dict[str, Any]]) -> int:
    """PostgreSQL ``COPY … FROM STDIN`` through psycopg 3 (values adapted by psycopg)."""
    cols = [c.name for c in table.columns]
    n = 0
    with db.engine.begin() as conn:
        raw = conn.connection.driver_connection
        assert raw is not None
        with raw.cursor() as cur:
            rebuild: list[str] = []
            if table.name in BIG_TABLES:
                cur.execute(
                    "SELECT conname, pg_get_constraintdef(oid), contype FROM pg_constraint"
                    " WHERE conrelid = %s::regclass ORDER BY contype DESC",
                    [table.name],
                )
                cons = cur.fetchall()
                cur.execute(
                    "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s", [table.name]
                )
                names = {c[0] for c in cons}
                idx = [(i, d) for i, d in cur.fetchall() if i not in names]
                for name, _ in idx:
                    cur.execute(f'DROP INDEX "{name}"')
                for name, _, _ in cons:  # foreign keys first ('f' > 'p' > 'u' descending)
                    cur.execute(f'ALTER TABLE {table.name} DROP CONSTRAINT "{name}"')
                rebuild = [d for _, d in idx] + [
                    f'ALTER TABLE {table.name} ADD CONSTRAINT "{name}" {d}'
                    for name, d, _ in sorted(cons, key=lambda c: c[2] == "f")
                ]
            with cur.copy(f"COPY {table.name} ({', '.join(cols)}) FROM STDIN") as copy:
                for r in rows:
                    copy.write_row([_pg_value(r[c]) for c in cols])
                    n += 1
            for ddl in rebuild:
                cur.execute(ddl)
    return n


def _pg_value(v: Any) -> Any:
    if isinstance(v, list):
        import json

        return json.dumps(v)
    return v


def load(
    db: Database, learners_n: int, per_learner: int, seed: int = 7
) -> tuple[float, list[uuid.UUID]]:
    """Fill the database; returns (seconds, class ids)."""
    rng = random.Random(seed)
    ids = [uuid.UUID(int=rng.getrandbits(128), version=4) for _ in range(learners_n)]
    classes, enrol, meetings, class_ids = _class_rows(ids, rng)
    put = _load_copy if db.dialect == "postgresql" else _load_executemany
    t = time.perf_counter()
    if db.dialect == "sqlite":
        with db.engine.connect() as conn:  # bulk load only: the station keeps synchronous=FULL
            conn.exec_driver_sql("PRAGMA synchronous=OFF")
    put(db, Learner.__table__, _learner_rows(ids, rng))  # type: ignore[arg-type]
    put(db, SchoolClass.__table__, iter(classes))  # type: ignore[arg-type]
    put(db, Enrolment.__table__, iter(enrol))  # type: ignore[arg-type]
    put(db, ClassSession.__table__, iter(meetings))  # type: ignore[arg-type]
    put(db, Attendance.__table__, _attendance_rows(enrol, meetings, rng))  # type: ignore[arg-type]
    put(
        db,
        LessonProgress.__table__,  # type: ignore[arg-type]
        _progress_rows(ids, per_learner, rng),
    )
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE" if db.dialect == "postgresql" else "ANALYZE"))
    return time.perf_counter() - t, class_ids


def median_ms(
    db: Database, fn: Callable[..., Any], class_ids: list[uuid.UUID], runs: int
) -> tuple[float, float]:
    """Median and worst of ``runs`` calls, each on another class, in its own session."""
    times = []
    for i in range(runs + 3):
        cid = class_ids[(i * 7919) % len(class_ids)]
        with db.sessions() as s:
            t = time.perf_counter()
            out = fn(s, cid)
            dt = (time.perf_counter() - t) * 1000
        assert out
        if i >= 3:  # the first runs warm the caches
            times.append(dt)
    return statistics.median(times), max(times)


def bench_engine(url: str, learners_n: int, per_learner: int, runs: int) -> dict[str, Any]:
    """Load one engine and time the three dashboard queries."""
    db = Database(url)
    seconds, class_ids = load(db, learners_n, per_learner)
    with db.sessions() as s:
        lines = dashboard.class_dashboard(s, class_ids[0])
        assert len(lines) == CLASS_SIZE and all(x.current_lesson for x in lines)
    result = {
        "engine": db.dialect,
        "load_s": seconds,
        "dashboard": median_ms(db, dashboard.class_dashboard, class_ids, runs),
        "modules": median_ms(db, dashboard.completion_per_module, class_ids, runs),
        "attendance": median_ms(db, dashboard.attendance_over_time, class_ids, runs),
    }
    db.dispose()
    return result


@contextlib.contextmanager
def _pg(url: str) -> Iterator[str]:
    if url:
        yield url
        return
    from tests.helpers.pg import running_cluster

    with running_cluster() as cluster:
        yield cluster.create_database("bench_dashboard")


def main(argv: list[str] | None = None) -> int:
    """Run both engines and print one table."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--learners", type=int, default=100_000)
    ap.add_argument("--per-learner", type=int, default=50)
    ap.add_argument("--runs", type=int, default=25)
    ap.add_argument("--pg-url", default="")
    ap.add_argument("--goal-ms", type=float, default=50.0)
    args = ap.parse_args(argv)
    results = []
    with tempfile.TemporaryDirectory(prefix="hocvuso-bench-") as tmp:
        results.append(
            bench_engine(
                f"sqlite:///{tmp}/bench.sqlite3", args.learners, args.per_learner, args.runs
            )
        )
    with _pg(args.pg_url) as url:
        results.append(bench_engine(url, args.learners, args.per_learner, args.runs))
    rows = args.learners * args.per_learner
    print(
        f"\n{args.learners:,} learners, {rows:,} progress rows, classes of {CLASS_SIZE}, "
        f"median (worst) of {args.runs} runs on different classes"
    )
    print(f"{'':28}" + "".join(f"{r['engine']:>22}" for r in results))
    print(f"{'bulk load (s)':28}" + "".join(f"{r['load_s']:>22.1f}" for r in results))
    for key, label in (
        ("dashboard", "class_dashboard (ms)"),
        ("modules", "completion_per_module (ms)"),
        ("attendance", "attendance_over_time (ms)"),
    ):
        print(
            f"{label:28}" + "".join(f"{f'{r[key][0]:.1f} ({r[key][1]:.1f})':>22}" for r in results)
        )
    ok = all(r["dashboard"][0] <= args.goal_ms for r in results)
    print(
        f"goal: class_dashboard median ≤ {args.goal_ms:.0f} ms on both engines: "
        f"{'met' if ok else 'NOT met'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
