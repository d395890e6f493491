"""The audit log: who did what, when."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.db.models import AuditEvent


@dataclass(frozen=True)
class AuditEntry:
    """One line of the audit log."""

    at: datetime
    actor: str
    action: str
    target: str
    detail: dict[str, Any]
    kiosk_id: str


def record(
    session: Session,
    action: str,
    *,
    now: datetime,
    actor: str = "",
    actor_id: uuid.UUID | None = None,
    target: str = "",
    detail: dict[str, Any] | None = None,
    kiosk_id: str = "",
) -> None:
    """Append one event (print, export, sign-in, setting change, content import …)."""
    session.add(
        AuditEvent(
            at=now,
            actor=actor,
            actor_id=actor_id,
            action=action,
            target=target,
            detail=detail or {},
            kiosk_id=kiosk_id,
        )
    )
    session.flush()


def entries(
    session: Session,
    *,
    action: str | None = None,
    actor: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 500,
) -> list[AuditEntry]:
    """The newest events first, filtered."""
    q = select(AuditEvent).order_by(AuditEvent.at.desc()).limit(limit)
    if action:
        q = q.where(AuditEvent.action == action)
    if actor:
        q = q.where(AuditEvent.actor == actor)
    if since:
        q = q.where(AuditEvent.at >= since)
    if until:
        q = q.where(AuditEvent.at < until)
    return [
        AuditEntry(r.at, r.actor, r.action, r.target, dict(r.detail), r.kiosk_id)
        for r in session.scalars(q)
    ]
