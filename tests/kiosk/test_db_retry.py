"""run_with_retry on both engines: a lost race is run again, anything else is raised at once."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from kiosk.db.engine import Database
from kiosk.db.models import Learner, LessonProgress
from kiosk.db.pg import is_retryable, run_with_retry

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


def _learner(code: str) -> Learner:
    return Learner(id=uuid.uuid4(), card_code=code, created_at=NOW, updated_at=NOW)


def test_a_unique_clash_is_run_again_and_then_succeeds(db_url: str) -> None:
    """The first run clashes on the learner code (as if another station won); the second wins."""
    database = Database(db_url)
    calls: list[int] = []

    def work(s: Session) -> int:
        calls.append(1)
        s.add(_learner("HV-AAAAAA"))
        if len(calls) == 1:
            s.add(_learner("HV-AAAAAA"))
        s.flush()
        return len(calls)

    assert run_with_retry(database.sessions, work) == 2
    with database.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Learner)) == 1
    database.dispose()


def test_other_failures_are_not_retried_and_retries_are_bounded(db_url: str) -> None:
    """A foreign-key failure is raised on the first run; a clash every time stops after N."""
    database = Database(db_url)
    calls: list[int] = []

    def orphan(s: Session) -> None:
        calls.append(1)
        s.add(
            LessonProgress(
                learner_id=uuid.uuid4(),
                lesson_id="m1.x",
                content_version=1,
                started_at=NOW,
                updated_at=NOW,
            )
        )
        s.flush()

    with pytest.raises(IntegrityError):
        run_with_retry(database.sessions, orphan)
    assert len(calls) == 1

    def always(s: Session) -> None:
        calls.append(1)
        s.add_all([_learner("HV-CCCCCC"), _learner("HV-CCCCCC")])
        s.flush()

    calls.clear()
    with pytest.raises(IntegrityError):
        run_with_retry(database.sessions, always, attempts=3)
    assert len(calls) == 3
    database.dispose()


def test_only_database_errors_count() -> None:
    """A plain Python error is never a lost race."""
    assert not is_retryable(ValueError("x"))
    assert not is_retryable(DBAPIError("stmt", {}, Exception("boom")))
