"""Kiosk sessions (visits) and help requests."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy.orm import Session

from kiosk.db.models import HelpRequest, KioskSession, SessionEnd


def start(session: Session, kiosk_id: str, *, now: datetime) -> uuid.UUID:
    """Open a visit record when a learner first touches the kiosk."""
    row = KioskSession(kiosk_id=kiosk_id, started_at=now)
    session.add(row)
    session.flush()
    return row.id


def attach_learner(session: Session, visit_id: uuid.UUID, learner_id: uuid.UUID) -> None:
    """Link the visit to the learner once identified."""
    session.get_one(KioskSession, visit_id).learner_id = learner_id


def end(session: Session, visit_id: uuid.UUID, reason: SessionEnd, *, now: datetime) -> None:
    """Close the visit (finished, idle reset, admin)."""
    row = session.get(KioskSession, visit_id)
    if row is not None and row.ended_at is None:
        row.ended_at, row.end_reason = now, reason


def ask_help(
    session: Session,
    learner_id: uuid.UUID,
    *,
    now: datetime,
    kiosk_id: str = "",
    where: str = "",
    reason: str = "asked",
) -> None:
    """Record that a learner asked for help or looks stuck (the instructor's dashboard reads it)."""
    session.add(
        HelpRequest(
            learner_id=learner_id,
            kiosk_id=kiosk_id,
            where=where[:120],
            reason=reason,
            created_at=now,
        )
    )
    session.flush()
