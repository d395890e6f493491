"""Certificates per module, each with a verification code stored in the ``certificate`` table.

A learner earns a module's certificate by finishing every lesson of it. Issuing twice returns the
certificate already issued (same code), so a reprint never makes a second record.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.db.models import Certificate, Learner, LessonProgress, ProgressStatus
from kiosk.errors import KioskError, NotFound
from kiosk.reports import data as docs
from kiosk.services import audit, classes
from kiosk.services.accounts import AccountInfo
from kiosk.services.staff_reports import Curriculum, ModuleSpec

CODE_ALPHABET = "ACDEFHJKMNPRTUVWXY34679"
"""The same unambiguous letters and digits as learner codes."""


@dataclass(frozen=True)
class CertificateInfo:
    """An issued certificate."""

    id: uuid.UUID
    learner_id: uuid.UUID
    learner_code: str
    learner_name: str
    module_id: str
    groups: tuple[str, ...]
    verification_code: str
    issued_at: datetime


def new_verification_code() -> str:
    """A fresh code such as ``CN-7K3Q-9MXT`` (8 unambiguous characters, about 8 × 10¹⁰)."""
    body = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    return f"CN-{body[:4]}-{body[4:]}"


def _info(row: Certificate, learner: Learner) -> CertificateInfo:
    return CertificateInfo(
        row.id,
        row.learner_id,
        learner.card_code,
        learner.display_name or learner.card_code,
        row.module_id,
        tuple(row.groups or ()),
        row.verification_code,
        row.issued_at,
    )


def completed_lessons(session: Session, learner_id: uuid.UUID) -> set[str]:
    """Lesson ids the learner has finished."""
    return set(
        session.scalars(
            select(LessonProgress.lesson_id).where(
                LessonProgress.learner_id == learner_id,
                LessonProgress.status == ProgressStatus.completed,
            )
        )
    )


def has_finished(session: Session, learner_id: uuid.UUID, module: ModuleSpec) -> bool:
    """True when every lesson of the module is finished."""
    return bool(module.lesson_ids) and set(module.lesson_ids) <= completed_lessons(
        session, learner_id
    )


def issue(
    session: Session,
    learner_id: uuid.UUID,
    module: ModuleSpec,
    *,
    now: datetime,
    actor: AccountInfo,
) -> CertificateInfo:
    """Issue (or return the existing) certificate of a module for a learner.

    Raises:
        NotFound: no such learner; KioskError: the module is not finished yet.
    """
    learner = session.get(Learner, learner_id)
    if learner is None:
        raise NotFound("Không tìm thấy học viên.")
    row = session.scalar(
        select(Certificate).where(
            Certificate.learner_id == learner_id, Certificate.module_id == module.id
        )
    )
    if row is not None:
        return _info(row, learner)
    if not has_finished(session, learner_id, module):
        raise KioskError(
            f"{learner.display_name or learner.card_code} chưa học xong "
            f"{module.code}, nên chưa cấp giấy chứng nhận được."
        )
    for _ in range(20):
        code = new_verification_code()
        if not session.scalar(select(func.count()).where(Certificate.verification_code == code)):
            break
    row = Certificate(
        learner_id=learner_id,
        module_id=module.id,
        groups=list(module.groups),
        verification_code=code,
        issued_by=actor.id,
        issued_at=now,
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        "certificate_issue",
        now=now,
        actor=actor.display_name,
        actor_id=actor.id,
        target=f"learner:{learner_id}",
        detail={"module": module.id, "code": code},
    )
    return _info(row, learner)


def verify(session: Session, code: str) -> CertificateInfo:
    """The certificate with this verification code.

    Raises:
        NotFound: no certificate has it (it may be forged).
    """
    row = session.scalar(
        select(Certificate).where(Certificate.verification_code == code.strip().upper())
    )
    if row is None:
        raise NotFound("Không có giấy chứng nhận nào mang mã này.")
    return _info(row, session.get_one(Learner, row.learner_id))


def issue_for_class(
    session: Session, class_id: uuid.UUID, module: ModuleSpec, *, now: datetime, actor: AccountInfo
) -> list[CertificateInfo]:
    """Issue the module's certificate to every learner of the class who finished it."""
    out: list[CertificateInfo] = []
    for entry in classes.roster(session, class_id):
        if has_finished(session, entry.learner_id, module):
            out.append(issue(session, entry.learner_id, module, now=now, actor=actor))
    return out


def documents(
    infos: list[CertificateInfo],
    curriculum: Curriculum,
    *,
    centre: str,
    issued_on: date,
    place: str = "",
) -> list[docs.Certificate]:
    """The printable certificates for issued ones (groups mapped to Decision 757 names)."""
    out: list[docs.Certificate] = []
    for c in infos:
        module = curriculum.module(c.module_id)
        groups = tuple(docs.SKILL_GROUPS_757[g] for g in c.groups if g in docs.SKILL_GROUPS_757)
        out.append(
            docs.Certificate(
                learner_name=c.learner_name,
                learner_code=c.learner_code,
                module_code=module.code,
                module_title=module.title,
                skill_groups=groups,
                verification_code=c.verification_code,
                issued_on=issued_on,
                centre=centre,
                place=place,
                lessons_done=len(module.lesson_ids),
            )
        )
    return out
