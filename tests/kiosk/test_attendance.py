"""Attendance without Qt: sessions numbered in turn, roll-call, cards, edits and their history."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kiosk.clock import FakeClock
from kiosk.db.engine import Database
from kiosk.db.models import AttendanceMethod, AttendanceStatus, Role
from kiosk.errors import KioskError, NotFound
from kiosk.services import accounts, attendance, classes, learners
from kiosk.services.accounts import AccountInfo

A = AttendanceStatus


@pytest.fixture
def db(tmp_path: Path) -> Database:
    return Database(f"sqlite:///{tmp_path}/t.sqlite3")


@pytest.fixture
def world(db: Database) -> tuple[AccountInfo, AccountInfo, classes.ClassSummary]:
    now = FakeClock().now()
    with db.transaction() as s:
        admin = accounts.ensure_first_admin(s, "admin", "Quản trị", "246810", now=now)
        t = accounts.create_account(
            s, "co.mai", "Cô Mai", Role.instructor, "1357", now=now, actor=admin
        )
        c = classes.create_class(s, "Lớp K1", now=now, actor=t)
        for i in range(5):
            classes.add_learner(s, c.id, f"Học viên {chr(65 + i)}", now=now, actor=t)
        return admin, t, c


def test_cycle() -> None:
    assert [attendance.next_status(s) for s in attendance.CYCLE] == [
        A.late,
        A.absent,
        A.excused,
        A.present,
    ]


def test_sessions_are_numbered(db: Database, world: tuple) -> None:  # type: ignore[type-arg]
    _, t, c = world
    clock = FakeClock()
    with db.transaction() as s:
        assert attendance.next_number(s, c.id) == 1
        one = attendance.open_session(s, c.id, day=date(2026, 11, 3), now=clock.now(), actor=t)
        two = attendance.open_session(s, c.id, day=date(2026, 11, 5), now=clock.now(), actor=t)
        assert (one.number, two.number) == (1, 2)
        assert attendance.next_number(s, c.id) == 3
        with pytest.raises(KioskError):
            attendance.open_session(
                s, c.id, day=date(2026, 11, 5), now=clock.now(), actor=t, number=2
            )
        assert [x.number for x in attendance.sessions_of(s, c.id)] == [2, 1]


def test_roll_call_edit_and_history(db: Database, world: tuple) -> None:  # type: ignore[type-arg]
    admin, t, c = world
    clock = FakeClock()
    with db.transaction() as s:
        sess = attendance.open_session(s, c.id, day=clock.now().date(), now=clock.now(), actor=t)
        lines = attendance.roll(s, sess.id)
        assert all(x.status is None for x in lines) and len(lines) == 5
        marks = {x.learner_id: A.present for x in lines}
        marks[lines[1].learner_id] = A.absent
        assert attendance.save_roll(s, sess.id, marks, now=clock.now(), actor=t) == 5
        assert attendance.save_roll(s, sess.id, marks, now=clock.now(), actor=t) == 0
    clock.advance(3600)
    with db.transaction() as s:
        n = attendance.save_roll(
            s, sess.id, {lines[1].learner_id: A.excused}, now=clock.now(), actor=admin
        )
        assert n == 1
        after = {x.learner_id: x for x in attendance.roll(s, sess.id)}
        info = attendance.get_session(s, sess.id)
        hist = attendance.history(s, sess.id)
    edited = after[lines[1].learner_id]
    assert edited.status == A.excused and edited.recorded_by == "Quản trị"
    assert edited.recorded_at == clock.now()
    assert (info.recorded, info.present) == (5, 4)
    assert hist[0].who == "Quản trị" and hist[0].before == "absent" and hist[0].after == "excused"
    assert hist[0].learner == "Học viên B" and len(hist) == 6


def test_card_scan(db: Database, world: tuple) -> None:  # type: ignore[type-arg]
    _, t, c = world
    clock = FakeClock()
    with db.transaction() as s:
        sess = attendance.open_session(s, c.id, day=clock.now().date(), now=clock.now(), actor=t)
        first = classes.roster(s, c.id)[0]
        typed = first.code.lower().replace("-", " ")
        r = attendance.mark_by_card(s, sess.id, typed, now=clock.now(), actor=t)
        assert r.name == first.name and not r.already
        again = attendance.mark_by_card(s, sess.id, first.code, now=clock.now(), actor=t)
        assert again.already
        line = next(x for x in attendance.roll(s, sess.id) if x.learner_id == first.learner_id)
        assert line.method == AttendanceMethod.card_scan and line.status == A.present
        with pytest.raises(NotFound):
            attendance.mark_by_card(s, sess.id, "HV-AAAAAA", now=clock.now(), actor=t)
        with pytest.raises(KioskError):
            attendance.mark_by_card(s, sess.id, "xin chào", now=clock.now(), actor=t)
        stranger = learners.create_learner(s, "Người ngoài", now=clock.now())
        with pytest.raises(KioskError, match="chưa có tên"):
            attendance.mark_by_card(s, sess.id, stranger.code, now=clock.now(), actor=t)
        with pytest.raises(KioskError):
            attendance.save_roll(s, sess.id, {stranger.id: A.present}, now=clock.now(), actor=t)


def test_edges(db: Database, world: tuple) -> None:  # type: ignore[type-arg]
    import uuid

    from kiosk.db.models import AuditEvent

    _, t, c = world
    clock = FakeClock()
    with db.transaction() as s:
        with pytest.raises(KioskError):
            attendance.open_session(
                s, c.id, day=clock.now().date(), now=clock.now(), actor=t, number=0
            )
        with pytest.raises(NotFound):
            attendance.get_session(s, uuid.uuid4())
        sess = attendance.open_session(s, c.id, day=clock.now().date(), now=clock.now(), actor=t)
        s.add(
            AuditEvent(
                at=clock.now(),
                actor="x",
                action="attendance_save",
                target=f"session:{sess.id}",
                detail={"changes": [{"learner": "not-a-uuid", "after": "present"}]},
            )
        )
        s.flush()
        assert attendance.history(s, sess.id)[0].learner == ""
