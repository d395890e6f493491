"""The instructor's class dashboard: a few aggregate queries, fast on a city-sized database.

Each function runs a bounded number of SQL statements whatever the class size (no query per
learner), reading through the indexes on ``enrolment (class_id, learner_id)``,
``lesson_progress (learner_id, updated_at)`` and ``attendance (session_id, learner_id)``.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Label, Select, case, func, select
from sqlalchemy.orm import Session

from kiosk.db.models import (
    Attendance,
    AttendanceStatus,
    ClassSession,
    Enrolment,
    Learner,
    LessonProgress,
    ProgressStatus,
)


@dataclass(frozen=True)
class LearnerLine:
    """One learner on the class dashboard.

    Attributes:
        learner_id: the learner.
        code: the card code (``HV-K7M3TX``).
        name: the display name (None for a guest).
        lessons_completed: how many lessons the learner has finished (any module).
        current_lesson: the lesson touched most recently (None: not started).
        current_step: the step reached in that lesson (0-based).
        last_activity: when the learner last saved progress anywhere.
    """

    learner_id: uuid.UUID
    code: str
    name: str | None
    lessons_completed: int
    current_lesson: str | None
    current_step: int | None
    last_activity: datetime | None


@dataclass(frozen=True)
class ModuleCompletion:
    """How far a class is with one module.

    Attributes:
        module_id: ``m1`` … ``m7`` (the part of the lesson id before the first dot).
        learners: learners enrolled in the class.
        learners_started: learners who opened at least one lesson of the module.
        lessons_completed: completed (learner, lesson) pairs in the module.
        lessons_total: lessons in the module, when the caller said (from the content library).
        percent: ``lessons_completed`` out of ``learners × lessons_total`` (None without a total).
    """

    module_id: str
    learners: int
    learners_started: int
    lessons_completed: int
    lessons_total: int | None
    percent: float | None


@dataclass(frozen=True)
class SessionAttendance:
    """Attendance of one class meeting."""

    session_id: uuid.UUID
    number: int
    date: date
    present: int
    late: int
    absent: int
    excused: int
    enrolled: int

    @property
    def came(self) -> int:
        """Present or late."""
        return self.present + self.late


def module_of(lesson_id: str) -> str:
    """The module part of a stable lesson id (``m3.what-is-vneid`` → ``m3``)."""
    return lesson_id.split(".", 1)[0]


def _members(class_id: uuid.UUID) -> Select[uuid.UUID]:
    return select(Enrolment.learner_id).where(Enrolment.class_id == class_id)


def class_dashboard(session: Session, class_id: uuid.UUID) -> list[LearnerLine]:
    """Every enrolled learner with lessons completed, current lesson and last activity, by name.

    Two statements: the roster, and one windowed pass over the members' progress rows.
    """
    done = case((LessonProgress.status == ProgressStatus.completed, 1), else_=0)
    ranked = (
        select(
            LessonProgress.learner_id,
            LessonProgress.lesson_id,
            LessonProgress.current_step,
            LessonProgress.updated_at,
            func.sum(done).over(partition_by=LessonProgress.learner_id).label("done"),
            func.row_number()
            .over(
                partition_by=LessonProgress.learner_id,
                order_by=(LessonProgress.updated_at.desc(), LessonProgress.lesson_id),
            )
            .label("rn"),
        )
        .where(LessonProgress.learner_id.in_(_members(class_id)))
        .subquery()
    )
    latest = {
        r.learner_id: r
        for r in session.execute(
            select(
                ranked.c.learner_id,
                ranked.c.lesson_id,
                ranked.c.current_step,
                ranked.c.updated_at,
                ranked.c.done,
            ).where(ranked.c.rn == 1)
        )
    }
    roster = session.execute(
        select(Learner.id, Learner.card_code, Learner.display_name)
        .join(Enrolment, Enrolment.learner_id == Learner.id)
        .where(Enrolment.class_id == class_id)
    ).all()
    lines: list[LearnerLine] = []
    for lid, code, name in roster:
        p = latest.get(lid)
        updated = p.updated_at if p is not None else None
        lines.append(
            LearnerLine(
                lid,
                code,
                name,
                int(p.done) if p is not None else 0,
                p.lesson_id if p is not None else None,
                int(p.current_step) if p is not None else None,
                updated,
            )
        )
    lines.sort(key=lambda x: ((x.name or "~").casefold(), x.code))
    return lines


def completion_per_module(
    session: Session,
    class_id: uuid.UUID,
    lessons_per_module: Mapping[str, int] | None = None,
) -> list[ModuleCompletion]:
    """Per module: learners who started it and lessons completed, for one class.

    Args:
        session: the caller's session.
        class_id: the class.
        lessons_per_module: ``{"m1": 6, …}`` from the content library, to compute percentages
            (``kiosk`` does not read content itself). Modules listed here appear even when
            nobody has started them.

    Returns:
        One line per module, in module order (``m1`` before ``m2`` … ``m10``).
    """
    learners_n = (
        session.scalar(
            select(func.count()).select_from(Enrolment).where(Enrolment.class_id == class_id)
        )
        or 0
    )
    done = case((LessonProgress.status == ProgressStatus.completed, 1), else_=0)
    module = _module_sql(session, LessonProgress.lesson_id).label("module")
    per_module = session.execute(
        select(module, func.count(func.distinct(LessonProgress.learner_id)), func.sum(done))
        .where(LessonProgress.learner_id.in_(_members(class_id)))
        .group_by(module)
    ).all()
    started: dict[str, int] = dict.fromkeys(lessons_per_module or {}, 0)
    completed: dict[str, int] = dict.fromkeys(started, 0)
    for m, n_learners, n_done in per_module:
        started[m] = int(n_learners)
        completed[m] = int(n_done or 0)
    out: list[ModuleCompletion] = []
    for m in sorted(started, key=_module_order):
        total = (lessons_per_module or {}).get(m)
        pct = 100.0 * completed[m] / (learners_n * total) if total and learners_n else None
        out.append(
            ModuleCompletion(
                m,
                learners_n,
                started[m],
                completed[m],
                total,
                None if pct is None else round(pct, 1),
            )
        )
    return out


def _module_sql(session: Session, lesson_id: Any) -> ColumnElement[str]:
    """:func:`module_of` in SQL, so that grouping by module happens in the database."""
    if session.get_bind().dialect.name == "postgresql":
        return func.split_part(lesson_id, ".", 1)
    cut = func.instr(lesson_id, ".")
    return case((cut > 0, func.substr(lesson_id, 1, cut - 1)), else_=lesson_id)


def _module_order(module_id: str) -> tuple[int, str]:
    digits = "".join(ch for ch in module_id if ch.isdigit())
    return (int(digits) if digits else 10**6, module_id)


def attendance_over_time(session: Session, class_id: uuid.UUID) -> list[SessionAttendance]:
    """Each meeting of the class in order, with how many came, were late, absent or excused."""
    enrolled = (
        session.scalar(
            select(func.count()).select_from(Enrolment).where(Enrolment.class_id == class_id)
        )
        or 0
    )

    def n(status: AttendanceStatus) -> Label[Any]:
        return func.sum(case((Attendance.status == status, 1), else_=0)).label(status.value)

    rows = session.execute(
        select(
            ClassSession.id,
            ClassSession.number,
            ClassSession.date,
            n(AttendanceStatus.present),
            n(AttendanceStatus.late),
            n(AttendanceStatus.absent),
            n(AttendanceStatus.excused),
        )
        .outerjoin(Attendance, Attendance.session_id == ClassSession.id)
        .where(ClassSession.class_id == class_id)
        .group_by(ClassSession.id, ClassSession.number, ClassSession.date)
        .order_by(ClassSession.number)
    ).all()
    return [
        SessionAttendance(
            r[0],
            r[1],
            r[2],
            int(r[3] or 0),
            int(r[4] or 0),
            int(r[5] or 0),
            int(r[6] or 0),
            enrolled,
        )
        for r in rows
    ]
