"""Lesson progress and simulation attempts: saved after every step, keyed by stable content ids."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kiosk.db.models import LessonProgress, ProgressStatus, SimulationAttempt


@dataclass(frozen=True)
class ProgressInfo:
    """A learner's place in one lesson."""

    lesson_id: str
    content_version: int
    current_step: int
    furthest_step: int
    completed: bool
    quiz_score: int | None
    quiz_total: int | None
    updated_at: datetime
    completed_at: datetime | None


@dataclass(frozen=True)
class AttemptFacts:
    """The facts of one simulation run (never what was typed)."""

    scenario_id: str
    scenario_version: int
    mode: str
    steps_done: int
    steps_total: int
    mistakes: int
    hints_used: int
    duration_s: int
    completed: bool


def _info(row: LessonProgress) -> ProgressInfo:
    return ProgressInfo(
        row.lesson_id,
        row.content_version,
        row.current_step,
        row.furthest_step,
        row.status == ProgressStatus.completed,
        row.quiz_score,
        row.quiz_total,
        row.updated_at,
        row.completed_at,
    )


def _row(session: Session, learner_id: uuid.UUID, lesson_id: str) -> LessonProgress | None:
    # FOR UPDATE: on a shared PostgreSQL server two stations saving the same lesson wait for each
    # other instead of overwriting each other's furthest step (SQLite has one writer; no-op there).
    return session.scalar(
        select(LessonProgress)
        .where(LessonProgress.learner_id == learner_id, LessonProgress.lesson_id == lesson_id)
        .with_for_update()
    )


def _create(session: Session, row: LessonProgress) -> LessonProgress:
    """Add a new progress row, or lock the one another station inserted a moment earlier."""
    if session.get_bind().dialect.name == "sqlite":
        session.add(row)
        return row
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        existing = _row(session, row.learner_id, row.lesson_id)
        if existing is None:
            raise
        return existing
    return row


def save_step(
    session: Session,
    learner_id: uuid.UUID,
    lesson_id: str,
    content_version: int,
    step: int,
    *,
    now: datetime,
    seconds: int = 0,
) -> ProgressInfo:
    """Record that the learner is on ``step`` (0-based) of a lesson.

    The furthest step only grows; a finished lesson stays finished when it is opened again.
    A new content version keeps the place when the step still exists (the caller clamps it).
    """
    row = _row(session, learner_id, lesson_id) or _create(
        session,
        LessonProgress(
            learner_id=learner_id,
            lesson_id=lesson_id,
            content_version=content_version,
            current_step=step,
            furthest_step=step,
            started_at=now,
            updated_at=now,
            attempts=1,
            time_spent_s=0,
        ),
    )
    if row.content_version != content_version:
        row.content_version = content_version
    row.current_step = step
    row.furthest_step = max(row.furthest_step, step)
    row.updated_at = now
    row.time_spent_s += max(0, seconds)
    session.flush()
    return _info(row)


def complete(
    session: Session,
    learner_id: uuid.UUID,
    lesson_id: str,
    content_version: int,
    *,
    now: datetime,
    quiz_score: int | None = None,
    quiz_total: int | None = None,
    last_step: int = 0,
) -> ProgressInfo:
    """Mark a lesson finished, keeping the best check score."""
    row = _row(session, learner_id, lesson_id)
    if row is None:
        save_step(session, learner_id, lesson_id, content_version, last_step, now=now)
        row = _row(session, learner_id, lesson_id)
        assert row is not None
    elif row.status == ProgressStatus.completed:
        row.attempts += 1
    row.status = ProgressStatus.completed
    row.completed_at = row.completed_at or now
    row.updated_at = now
    row.furthest_step = max(row.furthest_step, last_step)
    if quiz_score is not None and (row.quiz_score is None or quiz_score >= row.quiz_score):
        row.quiz_score, row.quiz_total = quiz_score, quiz_total
    session.flush()
    return _info(row)


def of_learner(session: Session, learner_id: uuid.UUID) -> dict[str, ProgressInfo]:
    """Every lesson the learner has touched, by lesson id."""
    rows = session.scalars(select(LessonProgress).where(LessonProgress.learner_id == learner_id))
    return {r.lesson_id: _info(r) for r in rows}


def last_touched(session: Session, learner_id: uuid.UUID) -> ProgressInfo | None:
    """The lesson the learner worked on most recently (to resume)."""
    row = session.scalar(
        select(LessonProgress)
        .where(LessonProgress.learner_id == learner_id)
        .order_by(LessonProgress.updated_at.desc())
        .limit(1)
    )
    return _info(row) if row else None


def record_attempt(
    session: Session,
    learner_id: uuid.UUID,
    facts: AttemptFacts,
    *,
    now: datetime,
    kiosk_id: str = "",
) -> None:
    """Store the facts of one simulation run."""
    session.add(
        SimulationAttempt(
            learner_id=learner_id,
            scenario_id=facts.scenario_id,
            scenario_version=facts.scenario_version,
            mode=facts.mode,
            steps_done=facts.steps_done,
            steps_total=facts.steps_total,
            mistakes=facts.mistakes,
            hints_used=facts.hints_used,
            duration_s=facts.duration_s,
            completed=facts.completed,
            kiosk_id=kiosk_id,
            finished_at=now,
        )
    )
    session.flush()


def attempts_of(session: Session, learner_id: uuid.UUID) -> list[AttemptFacts]:
    """Every simulation run of a learner, oldest first."""
    rows = session.scalars(
        select(SimulationAttempt)
        .where(SimulationAttempt.learner_id == learner_id)
        .order_by(SimulationAttempt.finished_at)
    )
    return [
        AttemptFacts(
            r.scenario_id,
            r.scenario_version,
            r.mode,
            r.steps_done,
            r.steps_total,
            r.mistakes,
            r.hints_used,
            r.duration_s,
            r.completed,
        )
        for r in rows
    ]
