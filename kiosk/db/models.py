"""The data model of DESIGN §3, every table from the start.

All ids are UUIDs so that records made on different kiosks never collide when they meet on one
server. Datetimes are timezone-aware UTC on both SQLite and PostgreSQL. Relationships are
``lazy="raise"``: a screen never triggers a hidden query. Progress keeps a lesson's stable id and
content version, never a foreign key into content.
"""

from __future__ import annotations

import enum
import uuid
from datetime import UTC, date, datetime
from typing import Annotated, Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Dialect,
    Enum,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware datetime stored as UTC; SQLite's naive values come back as UTC-aware."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Refuse naive datetimes; store UTC."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: pass a timezone-aware value (use the Clock)")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Attach UTC to what SQLite returns naive."""
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utcnow() -> datetime:
    """Default for ``created_at`` columns when the caller gives none."""
    return datetime.now(UTC)


uuid_pk = Annotated[uuid.UUID, mapped_column(primary_key=True, default=uuid.uuid4)]
timestamp = Annotated[datetime, mapped_column(UTCDateTime(), default=utcnow)]
"""A required UTC timestamp defaulting to now (``created_at``, ``updated_at``, …)."""
required_name = Annotated[str, mapped_column(String(120))]

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base of every table, with the naming convention Alembic relies on."""

    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        uuid.UUID: Uuid(),
        datetime: UTCDateTime(),
        dict[str, Any]: JSON(),
    }


class Role(enum.StrEnum):
    """What a staff account may do."""

    instructor = "instructor"
    staff = "staff"
    admin = "admin"


class AttendanceStatus(enum.StrEnum):
    """Attendance of one learner at one class session."""

    present = "present"
    late = "late"
    absent = "absent"
    excused = "excused"


class AttendanceMethod(enum.StrEnum):
    """How the attendance was recorded."""

    roll_call = "roll_call"
    card_scan = "card_scan"
    kiosk = "kiosk"


class ProgressStatus(enum.StrEnum):
    """Where a learner is with one lesson."""

    in_progress = "in_progress"
    completed = "completed"


class SessionEnd(enum.StrEnum):
    """Why a kiosk session ended."""

    finished = "finished"
    idle = "idle"
    admin = "admin"


def _enum(e: type[enum.Enum], name: str) -> Enum:
    return Enum(e, name=name, native_enum=False, length=20, validate_strings=True)


class Centre(Base):
    """A ward or commune centre; a deployment has one or many."""

    __tablename__ = "centre"
    id: Mapped[uuid_pk]
    name: Mapped[required_name]
    address: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[timestamp]


class Learner(Base):
    """A learner: minimal personal data, never an ID number. Guests have no name."""

    __tablename__ = "learner"
    id: Mapped[uuid_pk]
    display_name: Mapped[str | None] = mapped_column(String(120))
    birth_year: Mapped[int | None] = mapped_column(Integer)
    phone: Mapped[str | None] = mapped_column(String(20))
    centre_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("centre.id"))
    card_code: Mapped[str] = mapped_column(String(16), unique=True)
    is_guest: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[timestamp]
    updated_at: Mapped[timestamp]

    progress: Mapped[list[LessonProgress]] = relationship(back_populates="learner", lazy="raise")


class StaffAccount(Base):
    """An instructor, staff or admin account; the PIN or password is stored as an argon2 hash."""

    __tablename__ = "staff_account"
    id: Mapped[uuid_pk]
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[required_name]
    role: Mapped[Role] = mapped_column(_enum(Role, "role"))
    secret_hash: Mapped[str] = mapped_column(String(255))
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    centre_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("centre.id"))
    created_at: Mapped[timestamp]


class SchoolClass(Base):
    """A community class led by an instructor."""

    __tablename__ = "school_class"
    id: Mapped[uuid_pk]
    name: Mapped[required_name]
    centre_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("centre.id"))
    instructor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff_account.id"))
    schedule: Mapped[str] = mapped_column(String(255), default="")
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[timestamp]


class Enrolment(Base):
    """A learner in a class."""

    __tablename__ = "enrolment"
    __table_args__ = (UniqueConstraint("class_id", "learner_id"),)
    id: Mapped[uuid_pk]
    class_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("school_class.id", ondelete="CASCADE"))
    learner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("learner.id", ondelete="CASCADE"))
    enrolled_at: Mapped[timestamp]


class ClassSession(Base):
    """One meeting of a class."""

    __tablename__ = "class_session"
    __table_args__ = (UniqueConstraint("class_id", "number"),)
    id: Mapped[uuid_pk]
    class_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("school_class.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    date: Mapped[date] = mapped_column(Date)
    lessons_planned: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[timestamp]


class Attendance(Base):
    """Attendance of one learner at one session; editing keeps who and when."""

    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("session_id", "learner_id"),)
    id: Mapped[uuid_pk]
    session_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("class_session.id", ondelete="CASCADE")
    )
    learner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("learner.id", ondelete="CASCADE"))
    status: Mapped[AttendanceStatus] = mapped_column(_enum(AttendanceStatus, "attendance_status"))
    method: Mapped[AttendanceMethod] = mapped_column(_enum(AttendanceMethod, "attendance_method"))
    recorded_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff_account.id"))
    recorded_at: Mapped[timestamp]


class LessonProgress(Base):
    """A learner's place in one lesson; saved after every step."""

    __tablename__ = "lesson_progress"
    __table_args__ = (UniqueConstraint("learner_id", "lesson_id"),)
    id: Mapped[uuid_pk]
    learner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("learner.id", ondelete="CASCADE"))
    lesson_id: Mapped[str] = mapped_column(String(80))
    content_version: Mapped[int] = mapped_column(Integer)
    current_step: Mapped[int] = mapped_column(Integer, default=0)
    furthest_step: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[ProgressStatus] = mapped_column(
        _enum(ProgressStatus, "progress_status"), default=ProgressStatus.in_progress
    )
    quiz_score: Mapped[int | None] = mapped_column(Integer)
    quiz_total: Mapped[int | None] = mapped_column(Integer)
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    time_spent_s: Mapped[int] = mapped_column(Integer, default=0)
    started_at: Mapped[timestamp]
    updated_at: Mapped[timestamp]
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    learner: Mapped[Learner] = relationship(back_populates="progress", lazy="raise")


Index("ix_lesson_progress_lesson_status", LessonProgress.lesson_id, LessonProgress.status)


class SimulationAttempt(Base):
    """The facts of one practice run: never what the learner typed."""

    __tablename__ = "simulation_attempt"
    id: Mapped[uuid_pk]
    learner_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("learner.id", ondelete="CASCADE"), index=True
    )
    scenario_id: Mapped[str] = mapped_column(String(80))
    scenario_version: Mapped[int] = mapped_column(Integer)
    mode: Mapped[str] = mapped_column(String(10))
    steps_done: Mapped[int] = mapped_column(Integer)
    steps_total: Mapped[int] = mapped_column(Integer)
    mistakes: Mapped[int] = mapped_column(Integer)
    hints_used: Mapped[int] = mapped_column(Integer)
    duration_s: Mapped[int] = mapped_column(Integer)
    completed: Mapped[bool] = mapped_column(Boolean)
    kiosk_id: Mapped[str] = mapped_column(String(64), default="")
    finished_at: Mapped[timestamp]


class KioskSession(Base):
    """One learner's visit to a kiosk, from the first touch to the reset."""

    __tablename__ = "kiosk_session"
    id: Mapped[uuid_pk]
    kiosk_id: Mapped[str] = mapped_column(String(64))
    learner_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("learner.id", ondelete="SET NULL")
    )
    started_at: Mapped[timestamp]
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    end_reason: Mapped[SessionEnd | None] = mapped_column(_enum(SessionEnd, "session_end"))


class HelpRequest(Base):
    """A learner pressed or said "trợ giúp", or the kiosk saw them stuck."""

    __tablename__ = "help_request"
    id: Mapped[uuid_pk]
    learner_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("learner.id", ondelete="CASCADE"), index=True
    )
    kiosk_id: Mapped[str] = mapped_column(String(64), default="")
    where: Mapped[str] = mapped_column(String(120), default="")
    reason: Mapped[str] = mapped_column(String(40), default="asked")
    created_at: Mapped[timestamp]
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class AuditEvent(Base):
    """Who did what, when: every print, export, sign-in, setting change, content import."""

    __tablename__ = "audit_event"
    id: Mapped[uuid_pk]
    at: Mapped[timestamp]
    actor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff_account.id"))
    actor: Mapped[str] = mapped_column(String(120), default="")
    action: Mapped[str] = mapped_column(String(60), index=True)
    target: Mapped[str] = mapped_column(String(255), default="")
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    kiosk_id: Mapped[str] = mapped_column(String(64), default="")


class Certificate(Base):
    """A certificate for a module, mapped to Decision 757 skill groups, with a verification code."""

    __tablename__ = "certificate"
    id: Mapped[uuid_pk]
    learner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("learner.id", ondelete="CASCADE"))
    module_id: Mapped[str] = mapped_column(String(20))
    groups: Mapped[list[str]] = mapped_column(JSON, default=list)
    verification_code: Mapped[str] = mapped_column(String(24), unique=True)
    issued_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff_account.id"))
    issued_at: Mapped[timestamp]


class SyncOutbox(Base):
    """Changes a kiosk made locally, waiting to be sent to the central server (idempotent)."""

    __tablename__ = "sync_outbox"
    id: Mapped[uuid_pk]
    kind: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[timestamp]
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    tries: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")


# Migration 0002: the class dashboard and "resume where I stopped" read a learner's newest rows;
# the extra columns make it covering, so those queries never visit the (scattered) table rows.
Index(
    "ix_lesson_progress_learner_updated",
    LessonProgress.learner_id,
    LessonProgress.updated_at,
    LessonProgress.lesson_id,
    LessonProgress.current_step,
    LessonProgress.status,
)
