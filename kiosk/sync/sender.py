"""Send the outbox to the central PostgreSQL server whenever it can be reached.

:class:`OutboxSender` is pure Python: :meth:`OutboxSender.send_once` does one round (used by
tests and the load bench); :meth:`OutboxSender.run` loops until a stop event is set, for a
background thread. A round reads the oldest pending changes from the local database, applies them
on the server in one transaction (:func:`kiosk.sync.apply.apply_changes`), commits there, and only
then marks them sent here. If the kiosk stops between those two commits the changes are sent again
and applying them twice changes nothing.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, case, create_engine, delete, select, update
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from kiosk.clock import Clock, SystemClock
from kiosk.db.models import SyncOutbox
from kiosk.sync.apply import Change, apply_changes
from kiosk.sync.capture import RANK
from kiosk.sync.status import SyncStatus, read_status

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_S = 3
"""Seconds to wait for the server before calling it unreachable (the kiosk never waits on it)."""
REFUSED = "refused: "
"""Prefix of ``last_error`` for changes the server refused; they are not resent automatically."""

OFFLINE_MESSAGE = "Chưa kết nối được máy chủ; các thay đổi vẫn được lưu trên máy này."


@dataclass(frozen=True)
class SendResult:
    """What one round did."""

    sent: int
    refused: int
    error: str


def server_engine(url: str, *, connect_timeout: int = CONNECT_TIMEOUT_S) -> Engine:
    """An engine for the central server with a short connect timeout and a small pool."""
    args: dict[str, object] = {}
    if url.startswith("postgresql"):
        args["connect_timeout"] = connect_timeout
    return create_engine(url, connect_args=args, pool_size=1, max_overflow=1, pool_pre_ping=True)


class OutboxSender:
    """Pushes a kiosk's pending outbox rows to the server.

    Args:
        local: the session factory of the kiosk's own (SQLite) database.
        server_url: the central server's SQLAlchemy URL (``postgresql+psycopg://…``).
        clock: stamps ``sent_at``; injected so tests control it.
        batch_size: changes per server transaction.
        on_status: called with a fresh :class:`SyncStatus` after every round (from the
            sender's thread: a Qt view must hop to its own thread before touching widgets).
        engine_factory: makes the server engine (tests may shorten timeouts).
    """

    def __init__(
        self,
        local: sessionmaker[Session],
        server_url: str,
        *,
        clock: Clock | None = None,
        batch_size: int = 200,
        on_status: Callable[[SyncStatus], None] | None = None,
        engine_factory: Callable[[str], Engine] = server_engine,
    ) -> None:
        self.local = local
        self.server_url = server_url
        self.clock: Clock = clock or SystemClock()
        self.batch_size = batch_size
        self.on_status = on_status
        self._engine_factory = engine_factory
        self._engine: Engine | None = None
        self.last_error = ""

    def _server(self) -> Engine:
        if self._engine is None:
            self._engine = self._engine_factory(self.server_url)
        return self._engine

    def _pending(self) -> list[Change]:
        rank = case(RANK, value=SyncOutbox.kind, else_=len(RANK))
        with self.local.begin() as s:
            rows = s.execute(
                select(SyncOutbox.id, SyncOutbox.kind, SyncOutbox.payload)
                .where(SyncOutbox.sent_at.is_(None), ~SyncOutbox.last_error.startswith(REFUSED))
                .order_by(SyncOutbox.created_at, rank)
                .limit(self.batch_size)
            ).all()
        return [Change(r.id, r.kind, r.payload) for r in rows]

    def send_once(self) -> SendResult:
        """Send at most one batch; never raises for network or server trouble.

        Returns:
            How many changes the server took, how many it refused, and the error ("" if none).
        """
        changes = self._pending()
        if not changes:
            self.last_error = ""
            self._report()
            return SendResult(0, 0, "")
        try:
            with self._server().begin() as conn:
                result = apply_changes(conn, changes)
        except (DBAPIError, SQLAlchemyError, OSError) as exc:
            detail = str(getattr(exc, "orig", exc)).strip().splitlines()
            log.info("sync: server unreachable or failed: %s", detail[:1])
            self.last_error = OFFLINE_MESSAGE
            if self._engine is not None:
                self._engine.dispose()
            ids = [c.id for c in changes]
            with self.local.begin() as s:
                s.execute(
                    update(SyncOutbox)
                    .where(SyncOutbox.id.in_(ids))
                    .values(
                        tries=SyncOutbox.tries + 1, last_error=(detail[0] if detail else "?")[:500]
                    )
                )
            self._report()
            return SendResult(0, 0, self.last_error)
        now = self.clock.now()
        with self.local.begin() as s:
            if result.applied:
                s.execute(
                    update(SyncOutbox)
                    .where(SyncOutbox.id.in_(result.applied))
                    .values(sent_at=now, tries=SyncOutbox.tries + 1, last_error="")
                )
            for cid, reason in result.refused.items():
                log.warning("sync: server refused change %s: %s", cid, reason)
                s.execute(
                    update(SyncOutbox)
                    .where(SyncOutbox.id == cid)
                    .values(tries=SyncOutbox.tries + 1, last_error=(REFUSED + reason)[:500])
                )
        self.last_error = ""
        self._report()
        return SendResult(len(result.applied), len(result.refused), "")

    def send_all(self, max_rounds: int = 1_000_000) -> int:
        """Send batches until nothing is pending or the server fails; returns how many were sent."""
        total = 0
        for _ in range(max_rounds):
            r = self.send_once()
            total += r.sent
            if r.error or (r.sent == 0 and r.refused == 0):
                break
        return total

    def status(self) -> SyncStatus:
        """The status for the on-screen label."""
        with self.local() as s:
            return read_status(s, last_error=self.last_error)

    def _report(self) -> None:
        if self.on_status is not None:
            self.on_status(self.status())

    def run(self, stop: threading.Event, *, interval_s: float = 15.0) -> None:
        """Send until ``stop`` is set: every ``interval_s`` seconds, at once while a backlog drains.

        Meant for a background thread (``threading.Thread(target=sender.run, args=(stop,))``).
        """
        while not stop.is_set():
            r = self.send_once()
            busy = r.sent >= self.batch_size and not r.error
            if not busy:
                stop.wait(interval_s)
        self.close()

    def retry_refused(self) -> int:
        """Put refused changes back in the queue (after an administrator fixed the cause)."""
        with self.local.begin() as s:
            res = s.execute(
                update(SyncOutbox)
                .where(SyncOutbox.sent_at.is_(None), SyncOutbox.last_error.startswith(REFUSED))
                .values(last_error="")
            )
            return int(getattr(res, "rowcount", 0) or 0)

    def resend_since(self, since: datetime) -> int:
        """Queue again every change sent at or after ``since`` (the server was restored from a
        backup older than that). Safe: applying a change twice changes nothing."""
        with self.local.begin() as s:
            res = s.execute(
                update(SyncOutbox).where(SyncOutbox.sent_at >= since).values(sent_at=None)
            )
            return int(getattr(res, "rowcount", 0) or 0)

    def prune_sent(self, before: datetime) -> int:
        """Delete changes the server accepted before ``before`` (keep some weeks for
        :meth:`resend_since`)."""
        with self.local.begin() as s:
            res = s.execute(delete(SyncOutbox).where(SyncOutbox.sent_at < before))
            return int(getattr(res, "rowcount", 0) or 0)

    def close(self) -> None:
        """Close the server connections."""
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None


def start_in_background(sender: OutboxSender, *, interval_s: float = 15.0) -> Callable[[], None]:
    """Run ``sender`` on a daemon thread; returns the function that stops it (and waits).

    Example (composition root)::

        if settings.server_url:
            install_capture(database.sessions)
            sender = OutboxSender(database.sessions, settings.server_url, on_status=show)
            stop_sync = start_in_background(sender)
            ...
            stop_sync()  # at exit
    """
    stop = threading.Event()
    thread = threading.Thread(
        target=sender.run,
        args=(stop,),
        kwargs={"interval_s": interval_s},
        name="hocvuso-sync",
        daemon=True,
    )
    thread.start()

    def _stop() -> None:
        stop.set()
        thread.join(timeout=CONNECT_TIMEOUT_S * 3 + 5)

    return _stop
