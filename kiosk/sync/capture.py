"""Record every learner-side change in ``sync_outbox``, in the same transaction, without the
services knowing.

:func:`install_capture` hooks a session factory's ``after_flush`` event: each inserted or changed
row of a synced table (:data:`SYNCED`) becomes one outbox row holding a JSON snapshot of the whole
row. Snapshots carry the row's UUID, so the server can apply them idempotently
(:mod:`kiosk.sync.apply`). Only kiosks configured with a ``server_url`` install the hook.
"""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Session, UOWTransaction, sessionmaker

from kiosk.db.models import (
    Attendance,
    Base,
    HelpRequest,
    KioskSession,
    Learner,
    LessonProgress,
    SimulationAttempt,
    SyncOutbox,
    utcnow,
)

SYNCED: tuple[type[Base], ...] = (
    Learner,
    KioskSession,
    LessonProgress,
    SimulationAttempt,
    HelpRequest,
    Attendance,
)
"""The tables a kiosk sends, in dependency order (a learner before anything pointing at it)."""

RANK: dict[str, int] = {cls.__tablename__: i for i, cls in enumerate(SYNCED)}
"""Outbox ``kind`` → position in :data:`SYNCED`, used to order changes made in the same instant."""


def _json(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    return value


def snapshot(obj: Base) -> dict[str, Any]:
    """Every column of a mapped row as JSON-ready values (UUID and dates as ISO strings)."""
    mapper = inspect(obj).mapper
    return {
        col.key: _json(getattr(obj, attr.key))
        for attr in mapper.column_attrs
        for col in attr.columns
    }


def _after_flush(session: Session, _flush: UOWTransaction) -> None:
    changed = [o for o in session.new if isinstance(o, SYNCED)]
    changed += [
        o
        for o in session.dirty
        if isinstance(o, SYNCED) and session.is_modified(o, include_collections=False)
    ]
    if not changed:
        return
    now = utcnow()
    changed.sort(key=lambda o: RANK[o.__tablename__])
    rows = [
        {
            "id": uuid.uuid4(),
            "kind": o.__tablename__,
            "payload": snapshot(o),
            "created_at": now,
            "sent_at": None,
            "tries": 0,
            "last_error": "",
        }
        for o in changed
    ]
    session.connection().execute(insert(SyncOutbox), rows)


def install_capture(factory: sessionmaker[Session]) -> None:
    """Record synced changes made through sessions of ``factory`` in the outbox (idempotent)."""
    if not event.contains(factory, "after_flush", _after_flush):
        event.listen(factory, "after_flush", _after_flush)


def remove_capture(factory: sessionmaker[Session]) -> None:
    """Stop recording (tests, or a kiosk switched to stand-alone)."""
    if event.contains(factory, "after_flush", _after_flush):
        event.remove(factory, "after_flush", _after_flush)
