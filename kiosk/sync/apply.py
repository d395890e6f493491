"""Apply kiosk changes on the central server: idempotent by row UUID, with written merge rules.

Rules (DESIGN §9, issue 8):

* **learner**: the newest ``updated_at`` wins for name, birth year, phone and guest flag (on a
  tie, a named learner beats the guest it was made from).
* **lesson_progress** (one row per learner and lesson, whichever station made it): the furthest
  step is the largest; completed stays completed with the earliest ``completed_at``; the best quiz
  score is kept with its total; ``current_step`` and ``content_version`` follow the newest
  ``updated_at``; attempts and time spent keep the larger figure.
* **attendance** (one row per session and learner): the record with the latest ``recorded_at``
  wins entirely.
* **kiosk_session**: an end, once known, is kept; a learner, once linked, is kept.
* **simulation_attempt**, **help_request**: facts; inserted once, a resolution is kept.

Every rule uses only "largest", "earliest", "latest" or "first known", so applying the same
snapshot twice, or two snapshots in either order, gives the same row.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, Uuid, case, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from kiosk.db.models import (
    Attendance,
    Centre,
    HelpRequest,
    KioskSession,
    Learner,
    LessonProgress,
    ProgressStatus,
    SimulationAttempt,
    StaffAccount,
    UTCDateTime,
)


@dataclass(frozen=True)
class Change:
    """One outbox row to apply: which table, and the row's JSON snapshot."""

    id: uuid.UUID
    kind: str
    payload: Mapping[str, Any]


@dataclass(frozen=True)
class ApplyResult:
    """What happened to a batch: the ids applied, and the ids refused with the reason."""

    applied: list[uuid.UUID]
    refused: dict[uuid.UUID, str]


_TABLES = {
    m.__tablename__: m.__table__
    for m in (Learner, LessonProgress, SimulationAttempt, KioskSession, HelpRequest, Attendance)
}


def _values(kind: str, payload: Mapping[str, Any]) -> dict[str, Any]:
    """Turn a JSON snapshot back into typed column values (UUIDs, datetimes, dates)."""
    table = _TABLES[kind]
    out: dict[str, Any] = {}
    for col in table.columns:
        if col.key not in payload:
            continue
        v = payload[col.key]
        if v is not None:
            if isinstance(col.type, UTCDateTime):
                v = datetime.fromisoformat(v)
            elif isinstance(col.type, Uuid):
                v = uuid.UUID(v)
        out[col.key] = v
    return out


def _insert(conn: Connection, table: Any) -> Any:
    mod = postgresql if conn.dialect.name == "postgresql" else sqlite
    return mod.insert(table)


def _greatest(conn: Connection, a: Any, b: Any) -> ColumnElement[Any]:
    return func.greatest(a, b) if conn.dialect.name == "postgresql" else func.max(a, b)


def _newer(
    conn: Connection, e: ColumnElement[Any], t: ColumnElement[Any], new: Any, old: Any
) -> ColumnElement[Any]:
    """``new`` when the incoming timestamp ``e`` is later than the stored ``t``, ``old`` when
    earlier, the larger of the two on a tie (so the order of arrival never matters)."""
    return case((e > t, new), (e < t, old), else_=_greatest(conn, new, old))


def _existing_or_null(model: Any, value: uuid.UUID | None) -> Any:
    """A foreign key the server may not know (a kiosk-only centre or staff): NULL if unknown."""
    if value is None:
        return None
    return select(model.id).where(model.id == value).scalar_subquery()


def _apply_one(conn: Connection, kind: str, payload: Mapping[str, Any]) -> None:
    v = _values(kind, payload)
    table = _TABLES[kind]
    ins = _insert(conn, table)
    if kind == "learner":
        v["centre_id"] = _existing_or_null(Centre, v.get("centre_id"))
        stmt = ins.values(v)
        ex, t = stmt.excluded, table.c
        stmt = stmt.on_conflict_do_update(
            index_elements=[t.id],
            set_={
                k: ex[k] for k in ("display_name", "birth_year", "phone", "is_guest", "updated_at")
            },
            # on a tie, a named snapshot beats a guest one: create_learner() names the new guest
            # in the same instant, and the result must not depend on the order of arrival.
            where=(ex.updated_at > t.updated_at)
            | ((ex.updated_at == t.updated_at) & t.is_guest & ~ex.is_guest),
        )
    elif kind == "lesson_progress":
        stmt = ins.values(v)
        ex, t = stmt.excluded, table.c
        done = ProgressStatus.completed.value
        either_done = (ex.status == done) | (t.status == done)
        better = t.quiz_score.is_(None) | (
            ex.quiz_score.is_not(None) & (ex.quiz_score > t.quiz_score)
        )
        stmt = stmt.on_conflict_do_update(
            index_elements=[t.learner_id, t.lesson_id],
            set_={
                "furthest_step": _greatest(conn, t.furthest_step, ex.furthest_step),
                "current_step": _newer(
                    conn, ex.updated_at, t.updated_at, ex.current_step, t.current_step
                ),
                "content_version": _newer(
                    conn, ex.updated_at, t.updated_at, ex.content_version, t.content_version
                ),
                "status": case((either_done, done), else_=t.status),
                "completed_at": case(
                    (t.completed_at.is_(None), ex.completed_at),
                    (ex.completed_at.is_(None), t.completed_at),
                    (ex.completed_at < t.completed_at, ex.completed_at),
                    else_=t.completed_at,
                ),
                "quiz_score": case((better, ex.quiz_score), else_=t.quiz_score),
                "quiz_total": case((better, ex.quiz_total), else_=t.quiz_total),
                "attempts": _greatest(conn, t.attempts, ex.attempts),
                "time_spent_s": _greatest(conn, t.time_spent_s, ex.time_spent_s),
                "updated_at": _greatest(conn, t.updated_at, ex.updated_at),
                "started_at": case(
                    (ex.started_at < t.started_at, ex.started_at), else_=t.started_at
                ),
            },
        )
    elif kind == "attendance":
        v["recorded_by"] = _existing_or_null(StaffAccount, v.get("recorded_by"))
        stmt = ins.values(v)
        ex, t = stmt.excluded, table.c
        stmt = stmt.on_conflict_do_update(
            index_elements=[t.session_id, t.learner_id],
            set_={k: ex[k] for k in ("status", "method", "recorded_by", "recorded_at")},
            where=ex.recorded_at > t.recorded_at,
        )
    elif kind == "kiosk_session":
        stmt = ins.values(v)
        ex, t = stmt.excluded, table.c
        stmt = stmt.on_conflict_do_update(
            index_elements=[t.id],
            set_={
                "learner_id": func.coalesce(t.learner_id, ex.learner_id),
                "ended_at": func.coalesce(t.ended_at, ex.ended_at),
                "end_reason": func.coalesce(t.end_reason, ex.end_reason),
            },
        )
    elif kind == "help_request":
        stmt = ins.values(v)
        ex, t = stmt.excluded, table.c
        stmt = stmt.on_conflict_do_update(
            index_elements=[t.id],
            set_={"resolved_at": func.coalesce(t.resolved_at, ex.resolved_at)},
        )
    elif kind == "simulation_attempt":
        stmt = ins.values(v).on_conflict_do_nothing(index_elements=[table.c.id])
    else:  # pragma: no cover - guarded by apply_changes
        raise ValueError(kind)
    conn.execute(stmt)


def apply_changes(conn: Connection, changes: Sequence[Change]) -> ApplyResult:
    """Apply a batch inside the caller's transaction on ``conn`` (the caller commits).

    The batch is tried whole first; if a row breaks a constraint (a learner code that another
    kiosk already gave to someone else, a class session the server does not know), the batch is
    applied one change at a time inside savepoints so that only the broken changes are refused.

    Returns:
        Which changes were applied and which were refused (with the database's reason).
    """
    known = [c for c in changes if c.kind in _TABLES]
    refused = {c.id: f"không biết loại thay đổi {c.kind}" for c in changes if c.kind not in _TABLES}
    try:
        with conn.begin_nested():
            for c in known:
                _apply_one(conn, c.kind, c.payload)
        return ApplyResult([c.id for c in known], refused)
    except IntegrityError:
        pass
    applied: list[uuid.UUID] = []
    for c in known:
        try:
            with conn.begin_nested():
                _apply_one(conn, c.kind, c.payload)
            applied.append(c.id)
        except IntegrityError as exc:
            refused[c.id] = str(exc.orig).strip().splitlines()[0]
    return ApplyResult(applied, refused)
