"""Community classes: create a class, put learners in it, read its roster.

Every change is written to the audit log with who made it.
"""

from __future__ import annotations

import unicodedata
import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.db.engine import vi_fold
from kiosk.db.models import Centre, Enrolment, Learner, SchoolClass, StaffAccount
from kiosk.errors import KioskError, NotFound
from kiosk.services import audit, learners
from kiosk.services.accounts import AccountInfo


@dataclass(frozen=True)
class ClassSummary:
    """A class as the staff screens show it."""

    id: uuid.UUID
    name: str
    centre: str
    instructor: str
    instructor_id: uuid.UUID | None
    schedule: str
    start_date: date | None
    end_date: date | None
    learners: int


@dataclass(frozen=True)
class RosterEntry:
    """One learner of a class."""

    learner_id: uuid.UUID
    code: str
    name: str
    birth_year: int | None
    phone: str
    enrolled_at: datetime


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.split()))


def ensure_centre(session: Session, name: str, *, now: datetime) -> uuid.UUID:
    """The centre with this name, created when new."""
    clean = _nfc(name)
    if not clean:
        raise KioskError("Xin nhập tên điểm học (ví dụ: Nhà văn hóa khu phố 3).")
    row = session.scalar(select(Centre).where(Centre.name == clean))
    if row is None:
        row = Centre(name=clean[:120], created_at=now)
        session.add(row)
        session.flush()
    return row.id


def centres(session: Session) -> list[str]:
    """Names of every centre, sorted."""
    return list(session.scalars(select(Centre.name).order_by(Centre.name)))


def _summary(session: Session, row: SchoolClass) -> ClassSummary:
    centre = session.get(Centre, row.centre_id) if row.centre_id else None
    teacher = session.get(StaffAccount, row.instructor_id) if row.instructor_id else None
    count = session.scalar(select(func.count()).where(Enrolment.class_id == row.id)) or 0
    return ClassSummary(
        row.id,
        row.name,
        centre.name if centre else "",
        teacher.display_name if teacher else "",
        row.instructor_id,
        row.schedule,
        row.start_date,
        row.end_date,
        count,
    )


def create_class(
    session: Session,
    name: str,
    *,
    now: datetime,
    actor: AccountInfo,
    centre: str = "",
    instructor_id: uuid.UUID | None = None,
    schedule: str = "",
    start_date: date | None = None,
    end_date: date | None = None,
) -> ClassSummary:
    """Create a class. The instructor defaults to the person creating it.

    Raises:
        KioskError: no name, or the end date is before the start date.
    """
    clean = _nfc(name)
    if not clean:
        raise KioskError("Xin nhập tên lớp (ví dụ: Lớp Bình dân học vụ số K1).")
    if start_date and end_date and end_date < start_date:
        raise KioskError("Ngày kết thúc phải sau ngày bắt đầu.")
    centre_id = ensure_centre(session, centre, now=now) if centre.strip() else None
    row = SchoolClass(
        name=clean[:120],
        centre_id=centre_id,
        instructor_id=instructor_id or actor.id,
        schedule=_nfc(schedule)[:255],
        start_date=start_date,
        end_date=end_date,
        created_at=now,
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        "class_create",
        now=now,
        actor=actor.display_name,
        actor_id=actor.id,
        target=f"class:{row.id}",
        detail={"name": clean},
    )
    return _summary(session, row)


def get_class(session: Session, class_id: uuid.UUID) -> ClassSummary:
    """One class.

    Raises:
        NotFound: no such class.
    """
    row = session.get(SchoolClass, class_id)
    if row is None:
        raise NotFound("Không tìm thấy lớp này.")
    return _summary(session, row)


def list_classes(session: Session, *, instructor_id: uuid.UUID | None = None) -> list[ClassSummary]:
    """Classes, newest first; only one instructor's when ``instructor_id`` is given."""
    q = select(SchoolClass).order_by(SchoolClass.created_at.desc())
    if instructor_id is not None:
        q = q.where(SchoolClass.instructor_id == instructor_id)
    return [_summary(session, r) for r in session.scalars(q)]


def enrol(
    session: Session,
    class_id: uuid.UUID,
    learner_id: uuid.UUID,
    *,
    now: datetime,
    actor: AccountInfo,
) -> bool:
    """Put an existing learner in a class; False when already there."""
    get_class(session, class_id)
    learners.get(session, learner_id)
    there = session.scalar(
        select(func.count()).where(
            Enrolment.class_id == class_id, Enrolment.learner_id == learner_id
        )
    )
    if there:
        return False
    session.add(Enrolment(class_id=class_id, learner_id=learner_id, enrolled_at=now))
    session.flush()
    audit.record(
        session,
        "enrol",
        now=now,
        actor=actor.display_name,
        actor_id=actor.id,
        target=f"class:{class_id}",
        detail={"learner": str(learner_id)},
    )
    return True


def add_learner(
    session: Session,
    class_id: uuid.UUID,
    name: str,
    *,
    now: datetime,
    actor: AccountInfo,
    birth_year: int | None = None,
    phone: str | None = None,
) -> RosterEntry:
    """Create a named learner (with a new card code) and put them in the class."""
    summary = get_class(session, class_id)
    row = session.get_one(SchoolClass, summary.id)
    info = learners.create_learner(
        session, name, now=now, birth_year=birth_year, phone=phone or None, centre_id=row.centre_id
    )
    session.add(Enrolment(class_id=class_id, learner_id=info.id, enrolled_at=now))
    session.flush()
    audit.record(
        session,
        "learner_add",
        now=now,
        actor=actor.display_name,
        actor_id=actor.id,
        target=f"class:{class_id}",
        detail={"code": info.code},
    )
    return RosterEntry(info.id, info.code, info.display_name or "", birth_year, phone or "", now)


def roster(session: Session, class_id: uuid.UUID) -> list[RosterEntry]:
    """The learners of a class, by name."""
    rows = session.execute(
        select(Learner, Enrolment.enrolled_at)
        .join(Enrolment, Enrolment.learner_id == Learner.id)
        .where(Enrolment.class_id == class_id)
    ).all()
    out = [
        RosterEntry(
            r.id, r.card_code, r.display_name or r.card_code, r.birth_year, r.phone or "", at
        )
        for r, at in rows
    ]
    return sorted(out, key=lambda e: _sort_key(e.name))


def _sort_key(name: str) -> tuple[str, str]:
    """Vietnamese lists sort by given name (the last word), then the whole name."""
    folded = vi_fold(name) or ""
    return (folded.split()[-1] if folded.split() else "", folded)
