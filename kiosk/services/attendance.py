"""Class sessions and attendance: roll-call by touch, learner cards scanned, edits with history.

The attendance row keeps the latest status with who recorded it and when; every change is also an
audit event whose target is the session, so the history of a session can be shown line by line.
"""

from __future__ import annotations

import unicodedata
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.db.models import (
    Attendance,
    AttendanceMethod,
    AttendanceStatus,
    AuditEvent,
    ClassSession,
    Enrolment,
    StaffAccount,
)
from kiosk.errors import KioskError, NotFound
from kiosk.services import audit, classes, learners
from kiosk.services.accounts import AccountInfo

CYCLE: tuple[AttendanceStatus, ...] = (
    AttendanceStatus.present,
    AttendanceStatus.late,
    AttendanceStatus.absent,
    AttendanceStatus.excused,
)
"""The order one tap moves through on the roll-call screen (present first: the default)."""


def next_status(status: AttendanceStatus) -> AttendanceStatus:
    """The status after ``status`` in :data:`CYCLE` (wraps round)."""
    return CYCLE[(CYCLE.index(status) + 1) % len(CYCLE)]


@dataclass(frozen=True)
class SessionInfo:
    """One meeting of a class."""

    id: uuid.UUID
    class_id: uuid.UUID
    number: int
    date: date
    lessons_planned: tuple[str, ...]
    recorded: int
    present: int


@dataclass(frozen=True)
class RollLine:
    """One learner on the roll: the recorded status, or ``None`` when not yet recorded."""

    learner_id: uuid.UUID
    code: str
    name: str
    birth_year: int | None
    status: AttendanceStatus | None
    method: AttendanceMethod | None
    recorded_by: str
    recorded_at: datetime | None


@dataclass(frozen=True)
class HistoryLine:
    """One change to a session's attendance."""

    at: datetime
    who: str
    learner: str
    before: str
    after: str
    method: str


@dataclass(frozen=True)
class ScanResult:
    """A scanned card: who it was, and whether they were already marked present."""

    learner_id: uuid.UUID
    name: str
    already: bool


def _info(session: Session, row: ClassSession) -> SessionInfo:
    counts = session.execute(
        select(Attendance.status, func.count())
        .where(Attendance.session_id == row.id)
        .group_by(Attendance.status)
    ).all()
    recorded = sum(int(n) for _, n in counts)
    present = sum(
        int(n) for s, n in counts if s in (AttendanceStatus.present, AttendanceStatus.late)
    )
    return SessionInfo(
        row.id,
        row.class_id,
        row.number,
        row.date,
        tuple(row.lessons_planned or ()),
        recorded,
        present,
    )


def next_number(session: Session, class_id: uuid.UUID) -> int:
    """The number for a new session: the last one plus one (1 for the first)."""
    last = session.scalar(
        select(func.max(ClassSession.number)).where(ClassSession.class_id == class_id)
    )
    return (last or 0) + 1


def open_session(
    session: Session,
    class_id: uuid.UUID,
    *,
    day: date,
    now: datetime,
    actor: AccountInfo,
    number: int | None = None,
    lessons_planned: Sequence[str] = (),
) -> SessionInfo:
    """Open a class session (the number defaults to the next one).

    Raises:
        KioskError: a session with this number already exists.
    """
    classes.get_class(session, class_id)
    num = number if number is not None else next_number(session, class_id)
    if num < 1:
        raise KioskError("Số buổi học phải từ 1 trở lên.")
    taken = session.scalar(
        select(func.count()).where(ClassSession.class_id == class_id, ClassSession.number == num)
    )
    if taken:
        raise KioskError(f"Lớp đã có buổi số {num}. Anh chị mở buổi đó để sửa điểm danh.")
    row = ClassSession(
        class_id=class_id,
        number=num,
        date=day,
        lessons_planned=list(lessons_planned),
        created_at=now,
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        "session_open",
        now=now,
        actor=actor.display_name,
        actor_id=actor.id,
        target=f"session:{row.id}",
        detail={"number": num, "date": day.isoformat()},
    )
    return _info(session, row)


def get_session(session: Session, session_id: uuid.UUID) -> SessionInfo:
    """One class session.

    Raises:
        NotFound: no such session.
    """
    row = session.get(ClassSession, session_id)
    if row is None:
        raise NotFound("Không tìm thấy buổi học này.")
    return _info(session, row)


def sessions_of(session: Session, class_id: uuid.UUID) -> list[SessionInfo]:
    """The sessions of a class, newest first."""
    rows = session.scalars(
        select(ClassSession)
        .where(ClassSession.class_id == class_id)
        .order_by(ClassSession.number.desc())
    )
    return [_info(session, r) for r in rows]


def roll(session: Session, session_id: uuid.UUID) -> list[RollLine]:
    """Every enrolled learner with what has been recorded for this session, by name."""
    info = get_session(session, session_id)
    marks = {
        a.learner_id: a
        for a in session.scalars(select(Attendance).where(Attendance.session_id == session_id))
    }
    who = {i: n for i, n in session.execute(select(StaffAccount.id, StaffAccount.display_name))}
    out: list[RollLine] = []
    for e in classes.roster(session, info.class_id):
        a = marks.get(e.learner_id)
        out.append(
            RollLine(
                e.learner_id,
                e.code,
                e.name,
                e.birth_year,
                a.status if a else None,
                a.method if a else None,
                who.get(a.recorded_by, "") if a and a.recorded_by else "",
                a.recorded_at if a else None,
            )
        )
    return out


def _enrolled(session: Session, class_id: uuid.UUID) -> set[uuid.UUID]:
    return set(session.scalars(select(Enrolment.learner_id).where(Enrolment.class_id == class_id)))


def save_roll(
    session: Session,
    session_id: uuid.UUID,
    marks: Mapping[uuid.UUID, AttendanceStatus],
    *,
    now: datetime,
    actor: AccountInfo,
    method: AttendanceMethod = AttendanceMethod.roll_call,
) -> int:
    """Record (or change) the status of each learner given; unchanged ones are left alone.

    Returns:
        How many learners' records were created or changed.

    Raises:
        KioskError: a learner is not in this class.
    """
    info = get_session(session, session_id)
    enrolled = _enrolled(session, info.class_id)
    existing = {
        a.learner_id: a
        for a in session.scalars(select(Attendance).where(Attendance.session_id == session_id))
    }
    changes: list[dict[str, str]] = []
    for learner_id, status in marks.items():
        if learner_id not in enrolled:
            raise KioskError("Có người không thuộc lớp này trong danh sách điểm danh.")
        row = existing.get(learner_id)
        if row is None:
            session.add(
                Attendance(
                    session_id=session_id,
                    learner_id=learner_id,
                    status=status,
                    method=method,
                    recorded_by=actor.id,
                    recorded_at=now,
                )
            )
            changes.append({"learner": str(learner_id), "before": "", "after": status.value})
        elif row.status != status:
            changes.append(
                {"learner": str(learner_id), "before": row.status.value, "after": status.value}
            )
            row.status, row.method = status, method
            row.recorded_by, row.recorded_at = actor.id, now
    session.flush()
    if changes:
        audit.record(
            session,
            "attendance_save",
            now=now,
            actor=actor.display_name,
            actor_id=actor.id,
            target=f"session:{session_id}",
            detail={"method": method.value, "changes": changes},
        )
    return len(changes)


def mark_by_card(
    session: Session, session_id: uuid.UUID, typed: str, *, now: datetime, actor: AccountInfo
) -> ScanResult:
    """Mark the learner whose card was scanned (or typed) present, by card scan.

    Raises:
        KioskError: the text is not a card code, or the learner is not in this class;
        NotFound: no learner has this code.
    """
    text = unicodedata.normalize("NFC", typed).strip()
    try:
        found = learners.find_by_code(session, text)
    except NotFound:
        raise NotFound(
            "Không tìm thấy thẻ này. Anh chị quét lại, hoặc chạm vào tên học viên trong danh sách."
        ) from None
    except KioskError:
        raise KioskError(
            "Không đọc được mã trên thẻ. Anh chị quét lại chậm hơn, hoặc chạm "
            "vào tên học viên trong danh sách."
        ) from None
    info = get_session(session, session_id)
    if found.id not in _enrolled(session, info.class_id):
        raise KioskError(
            f"{found.display_name or found.code} chưa có tên trong lớp này. "
            "Anh chị thêm vào lớp trước nhé."
        )
    row = session.scalar(
        select(Attendance).where(
            Attendance.session_id == session_id, Attendance.learner_id == found.id
        )
    )
    already = row is not None and row.status == AttendanceStatus.present
    if not already:
        save_roll(
            session,
            session_id,
            {found.id: AttendanceStatus.present},
            now=now,
            actor=actor,
            method=AttendanceMethod.card_scan,
        )
    return ScanResult(found.id, found.display_name or found.code, already)


def history(session: Session, session_id: uuid.UUID) -> list[HistoryLine]:
    """Every change to this session's attendance, newest first."""
    names = {e.learner_id: e.name for e in roll(session, session_id)}
    events = session.scalars(
        select(AuditEvent)
        .where(AuditEvent.action == "attendance_save", AuditEvent.target == f"session:{session_id}")
        .order_by(AuditEvent.at.desc())
    )
    out: list[HistoryLine] = []
    for ev in events:
        method = str(ev.detail.get("method", ""))
        for ch in ev.detail.get("changes", []):
            try:
                learner = names.get(uuid.UUID(ch["learner"]), "")
            except (KeyError, ValueError):
                learner = ""
            out.append(
                HistoryLine(
                    ev.at, ev.actor, learner, ch.get("before", ""), ch.get("after", ""), method
                )
            )
    return out
