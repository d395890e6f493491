"""Offline kiosks: changes recorded in the outbox, sent to the real PostgreSQL server, merged."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from kiosk.clock import FakeClock
from kiosk.db.engine import Database
from kiosk.db.models import (
    Attendance,
    ClassSession,
    HelpRequest,
    KioskSession,
    Learner,
    LessonProgress,
    SchoolClass,
    SessionEnd,
    SimulationAttempt,
    SyncOutbox,
)
from kiosk.services import audit, learners, progress, visits
from kiosk.sync.apply import Change, apply_changes
from kiosk.sync.capture import install_capture, remove_capture
from kiosk.sync.sender import OFFLINE_MESSAGE, OutboxSender, start_in_background
from kiosk.sync.status import SyncStatus
from tests.helpers.pg import PgCluster, free_port

pytestmark = pytest.mark.postgres

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
FACTS = progress.AttemptFacts("sim.dvc-birth", 1, "guided", 5, 5, 1, 0, 120, True)


@pytest.fixture(scope="module")
def server(pg_cluster: PgCluster) -> Iterator[Database]:
    """The ward's central database (one per module: every row has its own UUID)."""
    database = Database(pg_cluster.create_database("sync_server"))
    yield database
    database.dispose()


@pytest.fixture
def kiosk(tmp_path: Path) -> Iterator[Database]:
    """A kiosk's own SQLite database, recording its changes in the outbox."""
    database = Database(f"sqlite:///{tmp_path / 'kiosk.sqlite3'}")
    install_capture(database.sessions)
    yield database
    remove_capture(database.sessions)
    database.dispose()


def _learn(kiosk: Database, now: datetime = NOW) -> uuid.UUID:
    """One learner's visit on a kiosk: every kind of change the learner side makes."""
    with kiosk.transaction() as s:
        visit = visits.start(s, "kiosk-a", now=now)
        who = learners.create_learner(s, "Trần Văn Bình", now=now)
        visits.attach_learner(s, visit, who.id)
        for step in range(4):
            progress.save_step(s, who.id, "m3.what-is-vneid", 1, step, now=now, seconds=20)
        progress.complete(
            s, who.id, "m3.what-is-vneid", 1, now=now, quiz_score=4, quiz_total=5, last_step=5
        )
        progress.record_attempt(s, who.id, FACTS, now=now, kiosk_id="kiosk-a")
        visits.ask_help(s, who.id, now=now, kiosk_id="kiosk-a", where="m3#2")
        visits.end(s, visit, SessionEnd.finished, now=now + timedelta(minutes=9))
    return who.id


def _kinds(kiosk: Database) -> list[str]:
    with kiosk.sessions() as s:
        return sorted(s.scalars(select(SyncOutbox.kind)))


def test_every_learner_side_change_is_in_the_outbox_in_the_same_transaction(
    kiosk: Database,
) -> None:
    """Each synced table gets outbox rows; a rolled-back action leaves none."""
    _learn(kiosk)
    assert set(_kinds(kiosk)) == {
        "kiosk_session",
        "learner",
        "lesson_progress",
        "simulation_attempt",
        "help_request",
    }
    before = len(_kinds(kiosk))
    with kiosk.transaction() as s:  # staff-side tables are not sent by kiosks
        audit.record(s, "print", now=NOW, actor="lan")
    assert len(_kinds(kiosk)) == before
    with pytest.raises(RuntimeError), kiosk.transaction() as s:
        learners.create_guest(s, now=NOW)
        raise RuntimeError("the screen failed")
    assert len(_kinds(kiosk)) == before


def test_sender_pushes_everything_and_marks_it_sent(kiosk: Database, server: Database) -> None:
    """Online: one round trip puts the learner's visit on the server; the status is calm."""
    who = _learn(kiosk)
    seen: list[SyncStatus] = []
    clock = FakeClock(NOW)
    sender = OutboxSender(
        kiosk.sessions, server.url, clock=clock, batch_size=5, on_status=seen.append
    )
    assert sender.status().message.startswith("Đang gửi")
    assert sender.send_all() == len(_kinds(kiosk))
    sender.close()
    assert seen[-1].ok and seen[-1].last_success == NOW
    with server.sessions() as s:
        named = s.get_one(Learner, who)  # created as a guest, named in the same instant
        assert (named.display_name, named.is_guest) == ("Trần Văn Bình", False)
        row = s.scalars(select(LessonProgress).where(LessonProgress.learner_id == who)).one()
        assert (row.furthest_step, row.status.value, row.quiz_score) == (5, "completed", 4)
        assert row.time_spent_s == 80
        visit = s.scalars(select(KioskSession).where(KioskSession.learner_id == who)).one()
        assert visit.end_reason == SessionEnd.finished
        assert (
            s.scalar(
                select(func.count())
                .select_from(SimulationAttempt)
                .where(SimulationAttempt.learner_id == who)
            )
            == 1
        )
        assert (
            s.scalar(
                select(func.count()).select_from(HelpRequest).where(HelpRequest.learner_id == who)
            )
            == 1
        )


def test_offline_kiosk_keeps_working_then_sends_when_the_server_returns(
    kiosk: Database, server: Database
) -> None:
    """A closed port: the error is plain, nothing is lost; later the same rows go through."""
    _learn(kiosk)
    offline = OutboxSender(kiosk.sessions, f"postgresql+psycopg://x@127.0.0.1:{free_port()}/x")
    result = offline.send_once()
    assert result.error == OFFLINE_MESSAGE and result.sent == 0
    status = offline.status()
    assert status.message == f"Đang chờ mạng để gửi {status.pending} thay đổi"
    offline.close()
    who = _learn(kiosk, NOW + timedelta(hours=1))  # still working on its own database
    online = OutboxSender(kiosk.sessions, server.url, clock=FakeClock(NOW))
    assert online.send_all() == len(_kinds(kiosk))
    online.close()
    assert online.status().pending == 0
    with kiosk.sessions() as s:
        assert min(s.scalars(select(SyncOutbox.tries))) >= 1
    with server.sessions() as s:
        assert s.get(Learner, who) is not None


def _server_rows(s: Session, who: uuid.UUID) -> list[Any]:
    rows: list[Any] = []
    keyed: list[tuple[Any, Any]] = [
        (Learner, Learner.id),
        (LessonProgress, LessonProgress.learner_id),
        (KioskSession, KioskSession.learner_id),
        (SimulationAttempt, SimulationAttempt.learner_id),
        (HelpRequest, HelpRequest.learner_id),
    ]
    for model, key in keyed:
        for r in s.scalars(select(model).where(key == who)):
            rows.append({c.key: getattr(r, c.key) for c in model.__table__.columns})
    return sorted(rows, key=str)


def test_applying_a_change_twice_changes_nothing(kiosk: Database, server: Database) -> None:
    """The whole outbox applied again (a lost acknowledgement) leaves the server as it was."""
    who = _learn(kiosk)
    with kiosk.sessions() as s:
        changes = [
            Change(o.id, o.kind, o.payload)
            for o in s.scalars(select(SyncOutbox).order_by(SyncOutbox.created_at))
        ]
    with server.engine.begin() as conn:
        assert len(apply_changes(conn, changes).applied) == len(changes)
    with server.sessions() as s:
        first = _server_rows(s, who)
    with server.engine.begin() as conn:
        apply_changes(conn, changes)
        apply_changes(conn, list(reversed(changes[1:])))
    with server.sessions() as s:
        assert _server_rows(s, who) == first


def _progress(learner: uuid.UUID, **kw: Any) -> Change:
    row: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "learner_id": str(learner),
        "lesson_id": "m4.dvc-login",
        "content_version": 1,
        "current_step": 0,
        "furthest_step": 0,
        "status": "in_progress",
        "quiz_score": None,
        "quiz_total": None,
        "attempts": 1,
        "time_spent_s": 0,
        "started_at": NOW.isoformat(),
        "updated_at": NOW.isoformat(),
        "completed_at": None,
    }
    row.update({k: v.isoformat() if isinstance(v, datetime) else v for k, v in kw.items()})
    return Change(uuid.uuid4(), "lesson_progress", row)


def _learner(who: uuid.UUID) -> Change:
    return Change(
        uuid.uuid4(),
        "learner",
        {
            "id": str(who),
            "display_name": None,
            "birth_year": None,
            "phone": None,
            "centre_id": str(uuid.uuid4()),
            "card_code": f"HV-{uuid.uuid4().hex[:6].upper()}",
            "is_guest": True,
            "created_at": NOW.isoformat(),
            "updated_at": NOW.isoformat(),
        },
    )


def test_a_snapshot_from_an_older_app_without_some_columns_applies(server: Database) -> None:
    """Missing keys (an older kiosk) take the column's absence; unknown kinds are refused."""
    who = uuid.uuid4()
    old = _learner(who)
    del old.payload["phone"]  # type: ignore[attr-defined]
    odd = Change(uuid.uuid4(), "certificate", {"id": str(uuid.uuid4())})
    with server.engine.begin() as conn:
        res = apply_changes(conn, [old, odd])
    assert res.applied == [old.id] and list(res.refused) == [odd.id]
    with server.sessions() as s:
        assert s.get_one(Learner, who).phone is None


def test_progress_conflict_keeps_furthest_step_completion_and_best_score(server: Database) -> None:
    """Two kiosks' rows for one lesson merge the same way in either order."""
    t1, t2 = NOW + timedelta(minutes=5), NOW + timedelta(minutes=9)
    results = []
    for order in (1, -1):
        who = uuid.uuid4()
        a = _progress(
            who, current_step=7, furthest_step=7, updated_at=t2, time_spent_s=300, content_version=2
        )
        b = _progress(
            who,
            current_step=3,
            furthest_step=4,
            status="completed",
            quiz_score=4,
            quiz_total=5,
            completed_at=t1,
            updated_at=t1,
            attempts=2,
            started_at=NOW - timedelta(days=1),
        )
        with server.engine.begin() as conn:
            res = apply_changes(conn, [_learner(who), *[a, b][::order]])
            assert not res.refused
        with server.sessions() as s:
            r = s.scalars(select(LessonProgress).where(LessonProgress.learner_id == who)).one()
            results.append(
                (
                    r.current_step,
                    r.furthest_step,
                    r.status.value,
                    r.quiz_score,
                    r.quiz_total,
                    r.completed_at,
                    r.attempts,
                    r.time_spent_s,
                    r.content_version,
                    r.updated_at,
                    r.started_at,
                )
            )
    assert (
        results[0]
        == results[1]
        == (7, 7, "completed", 4, 5, t1, 2, 300, 2, t2, NOW - timedelta(days=1))
    )


def test_attendance_conflict_keeps_the_latest_record(server: Database) -> None:
    """Roll-call on a classroom PC and a card scan on a kiosk: the later one wins, either order."""
    with server.transaction() as s:
        klass = SchoolClass(name="Lớp tối thứ Ba", created_at=NOW)
        s.add(klass)
        s.flush()
        meeting = ClassSession(class_id=klass.id, number=1, date=date(2026, 11, 24), created_at=NOW)
        s.add(meeting)
        s.flush()
        meeting_id = meeting.id
    for order in (1, -1):
        who = uuid.uuid4()

        def mark(status: str, at: datetime, method: str, who: uuid.UUID = who) -> Change:
            return Change(
                uuid.uuid4(),
                "attendance",
                {
                    "id": str(uuid.uuid4()),
                    "session_id": str(meeting_id),
                    "learner_id": str(who),
                    "status": status,
                    "method": method,
                    "recorded_by": str(uuid.uuid4()),
                    "recorded_at": at.isoformat(),
                },
            )

        early = mark("absent", NOW, "roll_call")
        late = mark("late", NOW + timedelta(minutes=20), "card_scan")
        with server.engine.begin() as conn:
            apply_changes(conn, [_learner(who), *[early, late][::order]])
        with server.sessions() as s:
            row = s.scalars(select(Attendance).where(Attendance.learner_id == who)).one()
            assert (row.status.value, row.method.value, row.recorded_by) == (
                "late",
                "card_scan",
                None,
            )


def test_a_refused_change_does_not_block_the_others(
    kiosk: Database, server: Database, pg_engine: Engine
) -> None:
    """A learner code another kiosk already used is refused alone, and said so on screen."""
    who = _learn(kiosk)
    with kiosk.sessions() as s:
        code = s.get_one(Learner, who).card_code
    taken = _learner(uuid.uuid4())
    taken.payload["card_code"] = code  # type: ignore[index]
    with server.engine.begin() as conn:
        apply_changes(conn, [taken])
    sender = OutboxSender(kiosk.sessions, server.url)
    sender.send_all()
    status = sender.status()
    sender.close()
    assert status.refused >= 1 and "chưa nhận" in status.message
    with server.sessions() as s:  # the visit went through without the learner row
        assert s.get(Learner, who) is None
    assert sender.retry_refused() == status.refused


def test_resend_after_a_server_restore_and_prune(kiosk: Database, server: Database) -> None:
    """Sent changes can be queued again (safe: idempotent) and pruned once old enough."""
    who = _learn(kiosk)
    sender = OutboxSender(kiosk.sessions, server.url, clock=FakeClock(NOW))
    total = sender.send_all()
    with server.sessions() as s:
        before = _server_rows(s, who)
    assert sender.resend_since(NOW) == total
    assert sender.status().pending == total
    assert sender.send_all() == total
    with server.sessions() as s:
        assert _server_rows(s, who) == before
    assert sender.prune_sent(NOW) == 0
    assert sender.prune_sent(NOW + timedelta(seconds=1)) == total
    sender.close()


def test_background_sender_drains_the_outbox(kiosk: Database, server: Database) -> None:
    """The thread helper sends what is pending and stops when asked."""
    _learn(kiosk)
    sent = threading.Event()

    def seen(status: SyncStatus) -> None:
        if status.pending == 0:
            sent.set()

    sender = OutboxSender(kiosk.sessions, server.url, on_status=seen)
    stop = start_in_background(sender, interval_s=0.05)
    try:
        assert sent.wait(timeout=30)
    finally:
        stop()
    assert sender.status().ok
