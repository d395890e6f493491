"""What the staff screens print, export and watch: data for kiosk.reports, export rows, and the
"who is stuck" overview of a class.

The core never imports lesson content, so the screens pass a :class:`Curriculum` (built from the
lesson library by the UI) wherever module and lesson names are needed.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.db.models import (
    Attendance,
    AttendanceMethod,
    AttendanceStatus,
    AuditEvent,
    ClassSession,
    HelpRequest,
    KioskSession,
    LessonProgress,
    ProgressStatus,
    SimulationAttempt,
)
from kiosk.reports import data as docs
from kiosk.reports.export import AttendanceRow, ProgressRow, RosterRow
from kiosk.services import attendance, audit, classes, dashboard
from kiosk.services.accounts import AccountInfo

MISTAKES_STUCK = 3
"""Mistakes in the latest practice run that flag a learner as stuck."""
HESITATION = timedelta(minutes=10)
"""No progress for this long while a kiosk visit is open flags a learner as stuck."""

METHOD_VI = {
    AttendanceMethod.roll_call: "Điểm danh",
    AttendanceMethod.card_scan: "Quét thẻ",
    AttendanceMethod.kiosk: "Tại máy học",
}


@dataclass(frozen=True)
class ModuleSpec:
    """A module of the curriculum as the reports need it."""

    id: str
    code: str
    title: str
    lesson_ids: tuple[str, ...]
    groups: tuple[str, ...] = ()


@dataclass(frozen=True)
class Curriculum:
    """Modules in order, lesson titles and step counts (built from the lesson library)."""

    modules: tuple[ModuleSpec, ...] = ()
    lesson_titles: Mapping[str, str] = field(default_factory=dict)
    lesson_steps: Mapping[str, int] = field(default_factory=dict)

    def module(self, module_id: str) -> ModuleSpec:
        """The module with this id (KeyError if unknown)."""
        for m in self.modules:
            if m.id == module_id:
                return m
        raise KeyError(module_id)

    @property
    def lessons_total(self) -> int:
        """Lessons in the whole curriculum."""
        return sum(len(m.lesson_ids) for m in self.modules)

    def title(self, lesson_id: str) -> str:
        """A lesson's title, or its id when unknown."""
        return self.lesson_titles.get(lesson_id, lesson_id)


class StuckReason(enum.StrEnum):
    """Why a learner is flagged on the dashboard."""

    mistakes = "mistakes"
    hesitating = "hesitating"
    asked_help = "asked_help"


@dataclass(frozen=True)
class LearnerStatus:
    """One line of the "who is stuck" dashboard."""

    learner_id: uuid.UUID
    code: str
    name: str
    lesson_id: str
    step: int
    updated_at: datetime | None
    at_kiosk: bool
    stuck: tuple[StuckReason, ...]


def class_overview(
    session: Session,
    class_id: uuid.UUID,
    now: datetime,
    *,
    hesitation: timedelta = HESITATION,
    mistakes_stuck: int = MISTAKES_STUCK,
) -> list[LearnerStatus]:
    """Each enrolled learner's current lesson and step, and why they look stuck.

    Stuck means: ``mistakes_stuck`` or more mistakes in the latest practice run, no progress for
    ``hesitation`` while a kiosk visit is open, or a help request not yet resolved. Stuck learners
    come first. Five queries whatever the class size.
    """
    people = classes.roster(session, class_id)
    ids = [p.learner_id for p in people]
    latest: dict[uuid.UUID, LessonProgress] = {}
    for row in session.scalars(select(LessonProgress).where(LessonProgress.learner_id.in_(ids))):
        best = latest.get(row.learner_id)
        if best is None or row.updated_at > best.updated_at:
            latest[row.learner_id] = row
    attempts: dict[uuid.UUID, SimulationAttempt] = {}
    for att in session.scalars(
        select(SimulationAttempt).where(SimulationAttempt.learner_id.in_(ids))
    ):
        prev = attempts.get(att.learner_id)
        if prev is None or att.finished_at > prev.finished_at:
            attempts[att.learner_id] = att
    visits: dict[uuid.UUID, datetime] = {}
    for v in session.scalars(
        select(KioskSession).where(
            KioskSession.learner_id.in_(ids), KioskSession.ended_at.is_(None)
        )
    ):
        if v.learner_id is not None:
            visits[v.learner_id] = max(v.started_at, visits.get(v.learner_id, v.started_at))
    asked = set(
        session.scalars(
            select(HelpRequest.learner_id).where(
                HelpRequest.learner_id.in_(ids), HelpRequest.resolved_at.is_(None)
            )
        )
    )
    out: list[LearnerStatus] = []
    for p in people:
        prog = latest.get(p.learner_id)
        reasons: list[StuckReason] = []
        last_run = attempts.get(p.learner_id)
        if last_run is not None and last_run.mistakes >= mistakes_stuck:
            reasons.append(StuckReason.mistakes)
        if p.learner_id in visits:
            last = max(visits[p.learner_id], prog.updated_at if prog else visits[p.learner_id])
            if now - last >= hesitation:
                reasons.append(StuckReason.hesitating)
        if p.learner_id in asked:
            reasons.append(StuckReason.asked_help)
        out.append(
            LearnerStatus(
                p.learner_id,
                p.code,
                p.name,
                prog.lesson_id if prog else "",
                prog.current_step + 1 if prog else 0,
                prog.updated_at if prog else None,
                p.learner_id in visits,
                tuple(reasons),
            )
        )
    return sorted(out, key=lambda s: (not s.stuck, classes._sort_key(s.name)))


def resolve_help(
    session: Session, learner_id: uuid.UUID, *, now: datetime, actor: AccountInfo
) -> int:
    """Mark a learner's open help requests as resolved (the instructor went over); returns how
    many."""
    rows = session.scalars(
        select(HelpRequest).where(
            HelpRequest.learner_id == learner_id, HelpRequest.resolved_at.is_(None)
        )
    ).all()
    for r in rows:
        r.resolved_at = now
    if rows:
        audit.record(
            session,
            "help_resolved",
            now=now,
            actor=actor.display_name,
            actor_id=actor.id,
            target=f"learner:{learner_id}",
        )
    session.flush()
    return len(rows)


# ---- document data ---------------------------------------------------------------------------


def class_header(session: Session, class_id: uuid.UUID, *, ward: str = "") -> docs.ClassInfo:
    """The header every class document prints."""
    c = classes.get_class(session, class_id)
    return docs.ClassInfo(c.name, c.centre, c.instructor, ward)


def _doc_status(status: AttendanceStatus | None) -> docs.AttendanceStatus | None:
    return None if status is None else docs.AttendanceStatus(status.value)


def session_sheet(
    session: Session,
    session_id: uuid.UUID,
    curriculum: Curriculum | None = None,
    *,
    blank: bool = False,
) -> docs.SessionAttendance:
    """The attendance sheet of one session (``blank``: no marks, to fill in by hand)."""
    info = attendance.get_session(session, session_id)
    lines = attendance.roll(session, session_id)
    entries = tuple(
        docs.AttendanceEntry(
            ln.code, ln.name, ln.birth_year, None if blank else _doc_status(ln.status)
        )
        for ln in lines
    )
    topic = ", ".join(curriculum.title(x) if curriculum else x for x in info.lessons_planned)
    return docs.SessionAttendance(
        class_header(session, info.class_id), info.date, info.number, entries, topic
    )


def month_sheet(
    session: Session, class_id: uuid.UUID, year: int, month: int
) -> docs.MonthAttendance:
    """The attendance sheet of a month: one column per session that month (at most 16)."""
    first = date(year, month, 1)
    after = date(year + month // 12, month % 12 + 1, 1)
    sess = session.scalars(
        select(ClassSession)
        .where(
            ClassSession.class_id == class_id, ClassSession.date >= first, ClassSession.date < after
        )
        .order_by(ClassSession.date, ClassSession.number)
    ).all()[:16]
    marks: dict[tuple[uuid.UUID, uuid.UUID], AttendanceStatus] = {
        (a.session_id, a.learner_id): a.status
        for a in session.scalars(
            select(Attendance).where(Attendance.session_id.in_([s.id for s in sess]))
        )
    }
    rows = tuple(
        docs.MonthRow(
            e.code, e.name, tuple(_doc_status(marks.get((s.id, e.learner_id))) for s in sess)
        )
        for e in classes.roster(session, class_id)
    )
    return docs.MonthAttendance(
        class_header(session, class_id), year, month, tuple(s.date for s in sess), rows
    )


def learner_cards(session: Session, class_id: uuid.UUID) -> list[docs.LearnerCard]:
    """One card per learner of the class."""
    c = classes.get_class(session, class_id)
    return [docs.LearnerCard(e.code, e.name, c.centre) for e in classes.roster(session, class_id)]


def _completed(session: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, set[str]]:
    done: dict[uuid.UUID, set[str]] = {i: set() for i in ids}
    for learner_id, lesson_id in session.execute(
        select(LessonProgress.learner_id, LessonProgress.lesson_id).where(
            LessonProgress.learner_id.in_(ids), LessonProgress.status == ProgressStatus.completed
        )
    ):
        done[learner_id].add(lesson_id)
    return done


def completion_per_module(
    session: Session, class_id: uuid.UUID, curriculum: Curriculum
) -> list[docs.ModuleCompletion]:
    """Learners of the class who finished each module."""
    ids = [e.learner_id for e in classes.roster(session, class_id)]
    done = _completed(session, ids)
    return [
        docs.ModuleCompletion(
            m.code,
            m.title,
            sum(1 for i in ids if m.lesson_ids and set(m.lesson_ids) <= done[i]),
            len(ids),
        )
        for m in curriculum.modules
    ]


def attendance_over_time(session: Session, class_id: uuid.UUID) -> list[docs.AttendancePoint]:
    """Learners present (or late) at each session, oldest first (from the dashboard service)."""
    return [
        docs.AttendancePoint(p.date, p.came, p.enrolled)
        for p in dashboard.attendance_over_time(session, class_id)
    ]


def class_report(
    session: Session,
    class_id: uuid.UUID,
    curriculum: Curriculum,
    *,
    now: datetime,
    period: str = "",
) -> docs.ClassReport:
    """The class progress report with its two charts and a per-learner table."""
    today = now.date()
    people = classes.roster(session, class_id)
    ids = [e.learner_id for e in people]
    done = _completed(session, ids)
    sess_ids = list(
        session.scalars(select(ClassSession.id).where(ClassSession.class_id == class_id))
    )
    attended: dict[uuid.UUID, int] = dict.fromkeys(ids, 0)
    for a in session.scalars(select(Attendance).where(Attendance.session_id.in_(sess_ids))):
        if (
            a.status in (AttendanceStatus.present, AttendanceStatus.late)
            and a.learner_id in attended
        ):
            attended[a.learner_id] += 1
    overview = {s.learner_id: s for s in class_overview(session, class_id, now)}
    table = tuple(
        docs.LearnerSummary(
            e.code,
            e.name,
            len(done[e.learner_id]),
            attended[e.learner_id],
            curriculum.title(overview[e.learner_id].lesson_id)
            if overview[e.learner_id].lesson_id
            else "",
        )
        for e in people
    )
    return docs.ClassReport(
        class_header(session, class_id),
        period or f"Tháng {today.month}/{today.year}",
        today,
        tuple(completion_per_module(session, class_id, curriculum)),
        tuple(attendance_over_time(session, class_id)),
        table,
        curriculum.lessons_total,
    )


# ---- export rows -----------------------------------------------------------------------------


def roster_rows(session: Session, class_id: uuid.UUID) -> list[RosterRow]:
    """The roster of a class for CSV / XLSX."""
    c = classes.get_class(session, class_id)
    return [
        RosterRow(e.code, e.name, e.birth_year, e.phone, c.name, e.enrolled_at.date())
        for e in classes.roster(session, class_id)
    ]


def attendance_rows(session: Session, class_id: uuid.UUID) -> list[AttendanceRow]:
    """Every recorded attendance of a class for CSV / XLSX, session by session."""
    c = classes.get_class(session, class_id)
    people = {e.learner_id: e for e in classes.roster(session, class_id)}
    rows: list[AttendanceRow] = []
    q = (
        select(ClassSession, Attendance)
        .join(Attendance, Attendance.session_id == ClassSession.id)
        .where(ClassSession.class_id == class_id)
        .order_by(ClassSession.number)
    )
    for s, a in session.execute(q):
        e = people.get(a.learner_id)
        if e is None:
            continue
        rows.append(
            AttendanceRow(
                s.date,
                s.number,
                e.code,
                e.name,
                docs.AttendanceStatus(a.status.value).label_vi,
                METHOD_VI[a.method],
                c.name,
            )
        )
    rows.sort(key=lambda r: (r.session_number, classes._sort_key(r.name)))
    return rows


def progress_rows(
    session: Session, class_id: uuid.UUID, curriculum: Curriculum
) -> list[ProgressRow]:
    """Each learner's progress in each module for CSV / XLSX."""
    people = classes.roster(session, class_id)
    ids = [e.learner_id for e in people]
    progress: dict[uuid.UUID, list[LessonProgress]] = {i: [] for i in ids}
    for row in session.scalars(select(LessonProgress).where(LessonProgress.learner_id.in_(ids))):
        progress[row.learner_id].append(row)
    out: list[ProgressRow] = []
    for e in people:
        for m in curriculum.modules:
            mine = [r for r in progress[e.learner_id] if r.lesson_id in m.lesson_ids]
            done = sum(1 for r in mine if r.status == ProgressStatus.completed)
            last = max(mine, key=lambda r: r.updated_at) if mine else None
            current = next(
                (
                    r
                    for r in sorted(mine, key=lambda r: r.updated_at, reverse=True)
                    if r.status == ProgressStatus.in_progress
                ),
                None,
            )
            out.append(
                ProgressRow(
                    e.code,
                    e.name,
                    f"{m.code} {m.title}",
                    done,
                    len(m.lesson_ids),
                    last.updated_at.date() if last else None,
                    curriculum.title(current.lesson_id) if current else "",
                )
            )
    return out


def record_output(
    session: Session,
    action: str,
    document: str,
    *,
    now: datetime,
    actor: AccountInfo,
    path: Path | None = None,
    target: str = "",
    detail: Mapping[str, Any] | None = None,
) -> None:
    """Write the audit event of a print, a saved PDF or an export.

    Args:
        action: ``print`` | ``save_pdf`` | ``export``.
        document: what it was, e.g. ``attendance_session``, ``roster.csv``.
    """
    extra: dict[str, Any] = {"document": document}
    if path is not None:
        extra["file"] = str(path)
    extra.update(detail or {})
    audit.record(
        session,
        action,
        now=now,
        actor=actor.display_name,
        actor_id=actor.id,
        target=target,
        detail=extra,
    )


def audit_choices(session: Session) -> tuple[list[str], list[str]]:
    """The actions and the people that appear in the audit log (for its filters), sorted."""
    actions = sorted(set(session.scalars(select(AuditEvent.action).distinct())))
    people = sorted(set(session.scalars(select(AuditEvent.actor).distinct())) - {""})
    return actions, people
