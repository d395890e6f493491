"""Many stations at once on one PostgreSQL server, each a separate OS process (spawn).

The workers are module-level functions so that spawned processes can import them; each opens
its own :class:`Database` on the shared server, like a kiosk or classroom PC would.
"""

from __future__ import annotations

import multiprocessing as mp
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from functools import partial
from multiprocessing.pool import Pool
from multiprocessing.synchronize import Event
from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from kiosk.db.engine import Database
from kiosk.db.models import (
    Attendance,
    AttendanceMethod,
    AttendanceStatus,
    ClassSession,
    LessonProgress,
    SchoolClass,
)
from kiosk.db.pg import run_with_retry
from kiosk.services import learners, progress
from kiosk.sync.apply import Change, apply_changes
from tests.helpers.pg import PgCluster

pytestmark = pytest.mark.postgres

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
LESSON = "m3.what-is-vneid"
STATIONS = 4
WRITES = 25
JOIN_TIMEOUT_S = 120.0

Stations = tuple[Pool, Event]
"""The station processes and their shared start signal."""


@pytest.fixture(scope="module")
def shared_url(pg_cluster: PgCluster) -> Iterator[str]:
    """One ward server database for the module's stations, migrated once."""
    url = pg_cluster.create_database("stations")
    Database(url).dispose()
    yield url


@pytest.fixture(scope="module")
def stations() -> Iterator[Stations]:
    """Up to :data:`STATIONS` spawned station processes, started once for the module (imports
    cost seconds per process), and a shared start signal."""
    ctx = mp.get_context("spawn")
    with ctx.Manager() as manager, ctx.Pool(STATIONS) as pool:
        pool.map(_warm, range(STATIONS), chunksize=1)
        yield pool, manager.Event()  # type: ignore[misc]


def _warm(_: int) -> None:
    """Import this module (and with it SQLAlchemy, psycopg, the services) in a worker."""


def _run(
    stations: Stations, target: Callable[..., Any], arg_sets: list[tuple[Any, ...]]
) -> list[Any]:
    """Run one task per argument tuple on separate station processes, released together."""
    pool, go = stations
    go.clear()
    pending = pool.starmap_async(target, [(go, *args) for args in arg_sets], chunksize=1)
    go.set()
    return pending.get(timeout=JOIN_TIMEOUT_S)


# ----- workers (run in child processes) -------------------------------------------------------


def kiosk_a(go: Event, url: str) -> str:
    """Kiosk A: a new learner does the first four steps of a lesson."""
    go.wait()
    db = Database(url, migrate=False)
    try:
        with db.transaction() as s:
            who = learners.create_learner(s, "Lê Thị Mai", now=NOW)
        for step in range(4):
            with db.transaction() as s:
                progress.save_step(s, who.id, LESSON, 1, step, now=NOW, seconds=30)
        return who.code
    finally:
        db.dispose()


def kiosk_b(go: Event, url: str, typed: str) -> tuple[str | None, int, str]:
    """Kiosk B: the learner types her code and carries on where she stopped."""
    go.wait()
    db = Database(url, migrate=False)
    try:
        with db.transaction() as s:
            who = learners.find_by_code(s, typed)
            mine = progress.of_learner(s, who.id)
            last = progress.last_touched(s, who.id)
            assert last is not None
            progress.save_step(
                s,
                who.id,
                last.lesson_id,
                1,
                last.current_step + 1,
                now=NOW + timedelta(minutes=5),
                seconds=30,
            )
        return (who.display_name, mine[LESSON].furthest_step, last.lesson_id)
    finally:
        db.dispose()


def progress_writer(go: Event, url: str, learner: str, station: int) -> int:
    """One station saving many steps of the same lesson for the same learner, one per action."""
    go.wait()
    db = Database(url, migrate=False)
    who = uuid.UUID(learner)
    try:
        for i in range(WRITES):
            step = (i * STATIONS + station) % 40
            with db.transaction() as s:
                progress.save_step(
                    s, who, LESSON, 1, step, now=NOW + timedelta(seconds=i), seconds=1
                )
        with db.transaction() as s:
            progress.complete(
                s,
                who,
                LESSON,
                1,
                now=NOW + timedelta(hours=1),
                quiz_score=station,
                quiz_total=STATIONS,
                last_step=40 + station,
            )
        return station
    finally:
        db.dispose()


def _mark(
    session: Session,
    *,
    session_id: uuid.UUID,
    learner: uuid.UUID,
    status: AttendanceStatus,
    at: datetime,
) -> None:
    """A naive roll-call write, as a screen does it: read, then insert or update."""
    row = session.scalar(
        select(Attendance).where(
            Attendance.session_id == session_id, Attendance.learner_id == learner
        )
    )
    if row is None:
        session.add(
            Attendance(
                session_id=session_id,
                learner_id=learner,
                status=status,
                method=AttendanceMethod.roll_call,
                recorded_at=at,
            )
        )
    else:
        row.status, row.recorded_at = status, at
    session.flush()


def roll_caller(go: Event, url: str, session_id: str, who: list[str], station: int) -> int:
    """A classroom PC marking every learner of one session, each mark its own action."""
    go.wait()
    db = Database(url, migrate=False)
    sid = uuid.UUID(session_id)
    try:
        statuses = list(AttendanceStatus)
        for i, learner in enumerate(who):
            status = statuses[(i + station) % len(statuses)]
            at = NOW + timedelta(seconds=station)
            run_with_retry(
                db.sessions,
                partial(_mark, session_id=sid, learner=uuid.UUID(learner), status=status, at=at),
            )
        return station
    finally:
        db.dispose()


def attendance_pusher(go: Event, url: str, session_id: str, who: list[str], station: int) -> int:
    """A kiosk pushing card-scan attendance through the sync merge, all at once."""
    go.wait()
    db = Database(url, migrate=False)
    try:
        for i, learner in enumerate(who):
            at = NOW + timedelta(minutes=(i * 7 + station * 3) % 11)
            change = Change(
                uuid.uuid4(),
                "attendance",
                {
                    "id": str(uuid.uuid4()),
                    "session_id": session_id,
                    "learner_id": learner,
                    "status": list(AttendanceStatus)[station % 4].value,
                    "method": "card_scan",
                    "recorded_by": None,
                    "recorded_at": at.isoformat(),
                },
            )
            with db.engine.begin() as conn:
                res = apply_changes(conn, [change])
                assert not res.refused, res.refused
        return station
    finally:
        db.dispose()


# ----- tests ----------------------------------------------------------------------------------


def test_learner_starts_on_kiosk_a_and_resumes_on_kiosk_b(
    shared_url: str, stations: Stations
) -> None:
    """What kiosk A saved is what kiosk B shows, and B carries on from there."""
    [code] = _run(stations, kiosk_a, [(shared_url,)])
    typed = code.lower().replace("-", " ")
    [(name, furthest, lesson)] = _run(stations, kiosk_b, [(shared_url, typed)])
    assert (name, furthest, lesson) == ("Lê Thị Mai", 3, LESSON)
    db = Database(shared_url, migrate=False)
    with db.transaction() as s:
        who = learners.find_by_code(s, code)
        info = progress.of_learner(s, who.id)[LESSON]
    db.dispose()
    assert (info.current_step, info.furthest_step) == (4, 4)


def test_concurrent_progress_writes_never_lose_an_update(
    shared_url: str, stations: Stations
) -> None:
    """Four stations × 25 saves of one lesson: one row, every second counted, the best kept."""
    db = Database(shared_url, migrate=False)
    with db.transaction() as s:
        who = learners.create_guest(s, now=NOW).id
    _run(stations, progress_writer, [(shared_url, str(who), k) for k in range(STATIONS)])
    with db.transaction() as s:
        rows = s.scalars(select(LessonProgress).where(LessonProgress.learner_id == who)).all()
    db.dispose()
    [row] = rows
    assert row.time_spent_s == STATIONS * WRITES  # no lost increment
    assert row.furthest_step == 40 + STATIONS - 1
    assert row.status.value == "completed" and row.quiz_score == STATIONS - 1
    assert row.attempts == STATIONS  # one completion, then STATIONS - 1 re-completions


def _class_session(db: Database, learners_n: int) -> tuple[str, list[str]]:
    with db.transaction() as s:
        klass = SchoolClass(name="Lớp sáng thứ Năm", created_at=NOW)
        s.add(klass)
        s.flush()
        meeting = ClassSession(class_id=klass.id, number=1, date=date(2026, 11, 26), created_at=NOW)
        s.add(meeting)
        who = [str(learners.create_guest(s, now=NOW).id) for _ in range(learners_n)]
        s.flush()
        return str(meeting.id), who


def test_concurrent_roll_calls_keep_one_row_per_learner(
    shared_url: str, stations: Stations
) -> None:
    """Four PCs marking the same 15 learners at once: no constraint error, the last one wins."""
    db = Database(shared_url, migrate=False)
    session_id, who = _class_session(db, 15)
    _run(stations, roll_caller, [(shared_url, session_id, who, k) for k in range(STATIONS)])
    with db.transaction() as s:
        rows = s.scalars(
            select(Attendance).where(Attendance.session_id == uuid.UUID(session_id))
        ).all()
    db.dispose()
    assert len(rows) == len(who)
    statuses = list(AttendanceStatus)
    for row in rows:
        i = who.index(str(row.learner_id))
        station = round((row.recorded_at - NOW).total_seconds())
        assert row.status == statuses[(i + station) % len(statuses)]  # a whole write, not a mix


def test_concurrent_attendance_sync_keeps_the_latest_record(
    shared_url: str, stations: Stations
) -> None:
    """Four kiosks pushing marks for the same session at once: the latest ``recorded_at`` wins."""
    db = Database(shared_url, migrate=False)
    session_id, who = _class_session(db, 20)
    _run(stations, attendance_pusher, [(shared_url, session_id, who, k) for k in range(STATIONS)])
    with db.transaction() as s:
        got = {
            str(a.learner_id): a
            for a in s.scalars(
                select(Attendance).where(Attendance.session_id == uuid.UUID(session_id))
            )
        }
        dupes = (
            s.scalar(
                select(func.count())
                .select_from(Attendance)
                .where(Attendance.session_id == uuid.UUID(session_id))
            )
            or 0
        )
    db.dispose()
    assert dupes == len(who) == len(got)
    for i, learner in enumerate(who):
        best = max((i * 7 + k * 3) % 11 for k in range(STATIONS))
        assert got[learner].recorded_at == NOW + timedelta(minutes=best)
        winners = {
            list(AttendanceStatus)[k % 4] for k in range(STATIONS) if (i * 7 + k * 3) % 11 == best
        }
        assert got[learner].status in winners


def test_insert_race_takes_the_other_stations_row(shared_url: str) -> None:
    """Station B starts the same lesson while A's new row is not committed yet: B waits, then
    updates A's row instead of failing on the unique constraint (in-process, for coverage)."""
    db = Database(shared_url, migrate=False)
    with db.transaction() as s:
        who = learners.create_guest(s, now=NOW).id
    a = db.sessions()
    a.begin()
    progress.save_step(a, who, "m5.race", 1, 2, now=NOW, seconds=5)
    got: dict[str, progress.ProgressInfo] = {}

    def station_b() -> None:
        with db.transaction() as s:
            got["b"] = progress.save_step(s, who, "m5.race", 1, 4, now=NOW, seconds=7)

    b = threading.Thread(target=station_b)
    b.start()
    deadline = time.monotonic() + 20
    with db.engine.connect() as watch:  # bounded poll of the server: is B waiting on A's lock?
        while not watch.scalar(text("SELECT count(*) FROM pg_locks WHERE NOT granted")):
            assert time.monotonic() < deadline, "station B never waited for A"
            time.sleep(0.01)
    a.commit()
    a.close()
    b.join(timeout=20)
    assert not b.is_alive()
    with db.transaction() as s:
        rows = s.scalars(select(LessonProgress).where(LessonProgress.learner_id == who)).all()
    db.dispose()
    assert [(r.furthest_step, r.time_spent_s) for r in rows] == [(4, 12)]
    assert got["b"].furthest_step == 4
