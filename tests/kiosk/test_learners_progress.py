"""Learners and progress services (SQLite; the PostgreSQL runs live in the data-layer suite)."""

from __future__ import annotations

import pytest

from kiosk.clock import FakeClock
from kiosk.db.engine import Database
from kiosk.db.models import SessionEnd
from kiosk.errors import KioskError, NotFound
from kiosk.services import audit, learners, progress, visits


@pytest.fixture
def db(sqlite_db: Database) -> Database:
    return sqlite_db


def test_guest_codes_are_unique_readable_and_found_however_typed(db: Database) -> None:
    clock = FakeClock()
    with db.transaction() as s:
        codes = {learners.create_guest(s, now=clock.now()).code for _ in range(200)}
    assert len(codes) == 200
    code = sorted(codes)[0]
    assert code.startswith("HV-") and len(code) == 9
    assert not set(code[3:]) & set("0O1IL25SZ8B")
    for typed in (code, code.lower(), code.replace("-", " "), code[3:], f"  {code.lower()}\n"):
        with db.transaction() as s:
            assert learners.find_by_code(s, typed).code == code


@pytest.mark.parametrize("typed", ["", "HV-12", "HV-ABCDEFG", "xin chào"])
def test_bad_codes_get_a_kind_message(db: Database, typed: str) -> None:
    with pytest.raises(KioskError) as err, db.transaction() as s:
        learners.find_by_code(s, typed)
    assert "Mã học viên" in err.value.message


def test_unknown_code(db: Database) -> None:
    with pytest.raises(NotFound) as err, db.transaction() as s:
        learners.find_by_code(s, "HV-AAAAAA")
    assert "Không tìm thấy mã HV-AAAAAA" in err.value.message


def test_named_learner_search_ignores_marks(db: Database) -> None:
    clock = FakeClock()
    with db.transaction() as s:
        learners.create_learner(s, "  Nguyễn   Thị Hường ", now=clock.now())
        learners.create_learner(s, "Đặng Văn Bình", now=clock.now())
    with db.transaction() as s:
        assert [x.display_name for x in learners.search(s, "huong")] == ["Nguyễn Thị Hường"]
        assert [x.display_name for x in learners.search(s, "DANG")] == ["Đặng Văn Bình"]


def test_progress_furthest_step_only_grows_and_completion_keeps_best_score(db: Database) -> None:
    clock = FakeClock()
    with db.transaction() as s:
        lid = learners.create_guest(s, now=clock.now()).id
    with db.transaction() as s:
        progress.save_step(s, lid, "m1.x", 1, 3, now=clock.now(), seconds=20)
        p = progress.save_step(s, lid, "m1.x", 1, 1, now=clock.now(), seconds=5)
    assert (p.current_step, p.furthest_step, p.completed) == (1, 3, False)
    with db.transaction() as s:
        progress.complete(
            s, lid, "m1.x", 1, now=clock.now(), quiz_score=2, quiz_total=3, last_step=5
        )
        p = progress.complete(
            s, lid, "m1.x", 1, now=clock.now(), quiz_score=1, quiz_total=3, last_step=5
        )
    assert p.completed and p.quiz_score == 2 and p.furthest_step == 5
    with db.transaction() as s:
        assert progress.last_touched(s, lid).lesson_id == "m1.x"  # type: ignore[union-attr]


def test_attempt_facts_round_trip(db: Database) -> None:
    clock = FakeClock()
    facts = progress.AttemptFacts("sim-07", 1, "guided", 7, 7, 2, 1, 95, True)
    with db.transaction() as s:
        lid = learners.create_guest(s, now=clock.now()).id
        progress.record_attempt(s, lid, facts, now=clock.now(), kiosk_id="k1")
    with db.transaction() as s:
        assert progress.attempts_of(s, lid) == [facts]


def test_visit_and_audit_records(db: Database) -> None:
    clock = FakeClock()
    with db.transaction() as s:
        vid = visits.start(s, "kiosk-1", now=clock.now())
        lid = learners.create_guest(s, now=clock.now()).id
        visits.attach_learner(s, vid, lid)
        visits.ask_help(s, lid, now=clock.now(), kiosk_id="kiosk-1", where="lesson_step")
        visits.end(s, vid, SessionEnd.idle, now=clock.now())
        audit.record(
            s, "print", now=clock.now(), actor="Cô Lan", target="slip", detail={"pages": 1}
        )
    with db.transaction() as s:
        [entry] = audit.entries(s, action="print")
    assert (entry.actor, entry.target, entry.detail) == ("Cô Lan", "slip", {"pages": 1})
