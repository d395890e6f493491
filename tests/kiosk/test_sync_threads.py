"""A kiosk keeps working while its sender thread writes to the same SQLite file.

The learner's screen saves progress (read, then write) while the background sender marks rows
sent. Neither may fail with "database is locked": the learner must never see a save fail
because the kiosk was syncing.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kiosk.db.engine import Database
from kiosk.errors import DatabaseError
from kiosk.services import learners, progress
from kiosk.sync.capture import install_capture
from kiosk.sync.sender import OutboxSender, start_in_background
from tests.helpers.pg import PgCluster

pytestmark = pytest.mark.postgres

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
SAVES = 400


@pytest.fixture
def server(pg_cluster: PgCluster) -> Iterator[Database]:
    """A central database for this test."""
    database = Database(pg_cluster.create_database("sync_threads"))
    yield database
    database.dispose()


def test_saves_never_fail_while_the_sender_thread_writes(tmp_path: Path, server: Database) -> None:
    """400 saves on the screen's thread while the sender drains the outbox continuously."""
    kiosk = Database(f"sqlite:///{tmp_path / 'kiosk.sqlite3'}")
    install_capture(kiosk.sessions)
    with kiosk.transaction() as s:
        who = learners.create_guest(s, now=NOW).id
    sender = OutboxSender(kiosk.sessions, server.url, batch_size=10)
    stop = start_in_background(sender, interval_s=0.0)
    failures: list[str] = []
    try:
        for i in range(SAVES):
            try:
                with kiosk.transaction() as s:
                    progress.save_step(s, who, f"m1.lesson-{i % 25}", 1, i % 9, now=NOW)
            except DatabaseError as exc:
                failures.append(exc.detail)
    finally:
        stop()
    assert sender.send_all() >= 0
    sender.close()
    kiosk.dispose()
    assert failures == [], f"{len(failures)} of {SAVES} saves failed: {set(failures)}"
