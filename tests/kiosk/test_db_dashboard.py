"""The class dashboard queries, on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

from sqlalchemy.orm import Session

from kiosk.db.models import (
    Attendance,
    AttendanceMethod,
    AttendanceStatus,
    ClassSession,
    Enrolment,
    SchoolClass,
)
from kiosk.services import dashboard, learners, progress

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


def _klass(db: Session, names: list[str]) -> tuple[uuid.UUID, list[uuid.UUID]]:
    klass = SchoolClass(name="Lớp chiều thứ Hai", created_at=NOW)
    db.add(klass)
    db.flush()
    ids = []
    for name in names:
        who = learners.create_learner(db, name, now=NOW)
        db.add(Enrolment(class_id=klass.id, learner_id=who.id, enrolled_at=NOW))
        ids.append(who.id)
    db.flush()
    return klass.id, ids


def test_class_dashboard_lines(db: Session) -> None:
    """Completed count, the lesson touched last and when; a learner with nothing yet; outsiders
    not shown."""
    class_id, (an, binh, chi) = _klass(db, ["An", "Bình", "Chi"])
    progress.complete(db, an, "m1.power-on", 1, now=NOW, last_step=5)
    progress.complete(db, an, "m1.tap-swipe", 1, now=NOW + timedelta(hours=1), last_step=5)
    progress.save_step(db, an, "m2.zalo", 1, 3, now=NOW + timedelta(hours=2))
    progress.save_step(db, binh, "m1.power-on", 1, 1, now=NOW + timedelta(hours=3))
    outsider = learners.create_learner(db, "Dũng", now=NOW).id
    progress.complete(db, outsider, "m1.power-on", 1, now=NOW)
    lines = dashboard.class_dashboard(db, class_id)
    assert [
        (x.name, x.lessons_completed, x.current_lesson, x.current_step, x.last_activity)
        for x in lines
    ] == [
        ("An", 2, "m2.zalo", 3, NOW + timedelta(hours=2)),
        ("Bình", 0, "m1.power-on", 1, NOW + timedelta(hours=3)),
        ("Chi", 0, None, None, None),
    ]
    assert lines[0].learner_id == an and lines[1].learner_id == binh and lines[2].learner_id == chi


def test_completion_per_module(db: Session) -> None:
    """Started learners and completed lessons per module; percentages from the lesson counts."""
    class_id, (a, b) = _klass(db, ["A", "B"])
    progress.complete(db, a, "m1.power-on", 1, now=NOW)
    progress.complete(db, b, "m1.power-on", 1, now=NOW)
    progress.save_step(db, b, "m1.tap-swipe", 1, 2, now=NOW)
    progress.complete(db, a, "m10.extra", 1, now=NOW)
    progress.save_step(db, b, "intro", 1, 0, now=NOW)
    got = dashboard.completion_per_module(db, class_id, {"m1": 4, "m2": 5})
    assert [
        (m.module_id, m.learners, m.learners_started, m.lessons_completed, m.percent) for m in got
    ] == [
        ("m1", 2, 2, 2, 25.0),
        ("m2", 2, 0, 0, 0.0),
        ("m10", 2, 1, 1, None),
        ("intro", 2, 1, 0, None),
    ]
    assert dashboard.completion_per_module(db, uuid.uuid4()) == []


def test_module_of() -> None:
    """The module is the part of a stable lesson id before the first dot."""
    assert dashboard.module_of("m3.what-is-vneid") == "m3"
    assert dashboard.module_of("intro") == "intro"


def test_attendance_over_time(db: Session) -> None:
    """Each meeting in order with its counts, a meeting with no roll yet shows zeros."""
    class_id, ids = _klass(db, ["A", "B", "C"])
    meetings = []
    for n in (2, 1):
        m = ClassSession(class_id=class_id, number=n, date=date(2026, 11, 20 + n), created_at=NOW)
        db.add(m)
        meetings.append(m)
    db.flush()
    second, first = meetings
    for who, status in zip(
        ids, (AttendanceStatus.present, AttendanceStatus.late, AttendanceStatus.absent), strict=True
    ):
        db.add(
            Attendance(
                session_id=first.id,
                learner_id=who,
                status=status,
                method=AttendanceMethod.roll_call,
                recorded_at=NOW,
            )
        )
    db.flush()
    got = dashboard.attendance_over_time(db, class_id)
    assert [
        (s.number, s.present, s.late, s.absent, s.excused, s.came, s.enrolled) for s in got
    ] == [(1, 1, 1, 1, 0, 2, 3), (2, 0, 0, 0, 0, 0, 3)]
    assert got[1].session_id == second.id and got[0].date == date(2026, 11, 21)
