"""PostgreSQL helpers for many stations on one server: retry a unit of work that lost a race.

Two stations can both see "no attendance row yet" and both insert one; the second insert breaks
the unique constraint. Under ``REPEATABLE READ`` or ``SERIALIZABLE`` the loser gets a
serialization failure; two stations locking in different orders get a deadlock. In every case
nothing was saved, and running the same action again (it now sees the winner's row and updates
it) is the correct answer. :func:`run_with_retry` does that around one unit of work.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)

T = TypeVar("T")

RETRYABLE_SQLSTATES = frozenset(
    {
        "23505",  # unique_violation: another station inserted the same natural key first
        "40001",  # serialization_failure
        "40P01",  # deadlock_detected
    }
)


def is_retryable(exc: BaseException) -> bool:
    """Whether ``exc`` means "another station won a race; nothing was saved; try again"."""
    if not isinstance(exc, DBAPIError):
        return False
    state = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
    if state in RETRYABLE_SQLSTATES:
        return True
    # SQLite: a UNIQUE failure from a concurrent writer on the same file.
    return isinstance(exc, IntegrityError) and "UNIQUE constraint failed" in str(exc.orig)


def run_with_retry(
    sessions: sessionmaker[Session], work: Callable[[Session], T], *, attempts: int = 5
) -> T:
    """Run ``work`` in its own transaction, again (up to ``attempts`` times) if it lost a race.

    Args:
        sessions: the station's session factory.
        work: one user action; it must do all its reading inside the given session, so that a
            second run sees what the winning station saved.
        attempts: how many times to try before giving up.

    Returns:
        What ``work`` returned, after its transaction committed.

    Raises:
        DBAPIError: still failing after ``attempts`` runs, or a failure that is not a race.
    """
    for attempt in range(1, attempts + 1):
        try:
            with sessions.begin() as session:
                return work(session)
        except DBAPIError as exc:
            if attempt == attempts or not is_retryable(exc):
                raise
            log.info(
                "retrying a unit of work after a lost race (%s), attempt %d",
                type(exc.orig).__name__,
                attempt + 1,
            )
    raise AssertionError("unreachable")  # pragma: no cover
