"""The services on both engines: learners, progress, audit, visits (SQLite file and PostgreSQL)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kiosk.db.models import HelpRequest, KioskSession, SessionEnd
from kiosk.errors import KioskError, NotFound
from kiosk.services import audit, learners, progress, visits

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


def test_learner_created_found_by_code_and_name(db: Session) -> None:
    """A named learner is found by the typed code and by a toneless search."""
    who = learners.create_learner(db, "  Nguyễn   Thị Hường ", now=NOW, birth_year=1958)
    learners.create_guest(db, now=NOW)
    assert who.display_name == "Nguyễn Thị Hường" and not who.is_guest
    typed = who.code.replace("-", " ").lower()
    assert learners.find_by_code(db, typed).id == who.id
    assert [x.id for x in learners.search(db, "huong")] == [who.id]
    assert learners.get(db, who.id).created_at == NOW
    with pytest.raises(NotFound):
        learners.find_by_code(db, "HV-AAAAAA")
    with pytest.raises(KioskError):
        learners.create_learner(db, "   ", now=NOW)


def test_progress_furthest_step_completion_and_best_score(db: Session) -> None:
    """The furthest step only grows; a finished lesson stays finished with its best score."""
    who = learners.create_guest(db, now=NOW)
    progress.save_step(db, who.id, "m1.power-on", 1, 3, now=NOW, seconds=30)
    later = NOW + timedelta(minutes=2)
    back = progress.save_step(db, who.id, "m1.power-on", 1, 1, now=later, seconds=10)
    assert (back.current_step, back.furthest_step) == (1, 3)
    newer = progress.save_step(db, who.id, "m1.power-on", 2, 2, now=later)
    assert (newer.content_version, newer.furthest_step) == (2, 3)
    done = progress.complete(
        db, who.id, "m1.power-on", 2, now=later, quiz_score=3, quiz_total=5, last_step=6
    )
    assert done.completed and done.furthest_step == 6 and done.completed_at == later
    again = progress.complete(
        db, who.id, "m1.power-on", 2, now=later + timedelta(hours=1), quiz_score=2, quiz_total=5
    )
    assert again.quiz_score == 3 and again.completed_at == later
    progress.complete(db, who.id, "m1.tap-swipe", 2, now=later + timedelta(hours=2), last_step=4)
    mine = progress.of_learner(db, who.id)
    assert set(mine) == {"m1.power-on", "m1.tap-swipe"}
    last = progress.last_touched(db, who.id)
    assert last is not None and last.lesson_id == "m1.tap-swipe"
    assert progress.last_touched(db, learners.create_guest(db, now=NOW).id) is None


def test_progress_for_an_unknown_learner_is_refused(db: Session) -> None:
    """A foreign-key failure is not mistaken for another station's row (both engines)."""
    with pytest.raises(IntegrityError):
        progress.save_step(db, uuid.uuid4(), "m1.power-on", 1, 0, now=NOW)


def test_simulation_attempts_keep_facts_in_order(db: Session) -> None:
    """Attempts come back oldest first with their facts."""
    who = learners.create_guest(db, now=NOW)
    for i, done in enumerate((False, True)):
        facts = progress.AttemptFacts("sim.vneid-login", 1, "guided", 3 + i, 5, 2 - i, 1, 90, done)
        progress.record_attempt(
            db, who.id, facts, now=NOW + timedelta(minutes=i), kiosk_id="kiosk-a"
        )
    got = progress.attempts_of(db, who.id)
    assert [a.completed for a in got] == [False, True]
    assert got[1].steps_done == 4


def test_audit_entries_filtered_newest_first(db: Session) -> None:
    """The audit log filters by action, actor and time."""
    for i, action in enumerate(("print", "export", "print")):
        audit.record(
            db,
            action,
            now=NOW + timedelta(minutes=i),
            actor="lan",
            target=f"t{i}",
            detail={"n": i},
            kiosk_id="office",
        )
    prints = audit.entries(db, action="print")
    assert [e.target for e in prints] == ["t2", "t0"]
    assert audit.entries(
        db, actor="lan", since=NOW + timedelta(minutes=1), until=NOW + timedelta(minutes=2)
    )[0].detail == {"n": 1}
    assert audit.entries(db, actor="nobody") == []


def test_visit_and_help_request(db: Session) -> None:
    """A visit is opened, linked to a learner, closed once; a help request is stored."""
    who = learners.create_guest(db, now=NOW)
    visit = visits.start(db, "kiosk-a", now=NOW)
    visits.attach_learner(db, visit, who.id)
    visits.end(db, visit, SessionEnd.idle, now=NOW + timedelta(minutes=3))
    visits.end(db, visit, SessionEnd.admin, now=NOW + timedelta(minutes=9))
    visits.ask_help(db, who.id, now=NOW, kiosk_id="kiosk-a", where="m3.what-is-vneid#2")
    db.flush()
    row = db.get_one(KioskSession, visit)
    assert (row.learner_id, row.end_reason) == (who.id, SessionEnd.idle)
    assert row.ended_at == NOW + timedelta(minutes=3)
    helps = db.scalars(select(HelpRequest)).all()
    assert [(h.kiosk_id, h.reason) for h in helps] == [("kiosk-a", "asked")]
