"""Write behind: database writes that must not hold up the screen run on one worker thread, in order.

A step change shows the next step at once and queues its progress save; the save is on disk a few
milliseconds later, so a power cut still loses at most the step on screen. Reads that must see every
queued write call :meth:`BackgroundWriter.flush` first.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable

log = logging.getLogger(__name__)

Job = Callable[[], None]


class BackgroundWriter:
    """One daemon thread running submitted jobs in submission order.

    Args:
        on_error: called (on the worker thread) with any exception a job raised; the UI hops to its
            own thread to show it. The job is not retried; later jobs still run.
    """

    def __init__(self, on_error: Callable[[Exception], None] | None = None) -> None:
        self._queue: queue.Queue[Job | None] = queue.Queue()
        self._on_error = on_error
        self._thread = threading.Thread(target=self._loop, name="hocvuso-writer", daemon=True)
        self._thread.start()

    def set_error_handler(self, on_error: Callable[[Exception], None]) -> None:
        """Where failures are reported."""
        self._on_error = on_error

    def submit(self, job: Job) -> None:
        """Queue ``job``; returns at once."""
        self._queue.put(job)

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until every job queued so far has run; False on timeout.

        After :meth:`close` there is nothing left to wait for (close runs what was queued).
        """
        if not self._thread.is_alive():
            return True
        done = threading.Event()
        self._queue.put(done.set)
        deadline = time.monotonic() + timeout
        while not done.wait(0.05):
            if not self._thread.is_alive():
                return True
            if time.monotonic() > deadline:
                return False
        return True

    def close(self, timeout: float = 10.0) -> None:
        """Run what is queued, then stop the thread."""
        self._queue.put(None)
        self._thread.join(timeout)

    def _loop(self) -> None:
        while True:
            job = self._queue.get()
            if job is None:
                return
            try:
                job()
            except Exception as exc:
                log.error("Ghi dữ liệu không được: %s", exc)
                if self._on_error is not None:
                    self._on_error(exc)


def run_now(job: Job) -> None:
    """The synchronous "writer": run the job here (tests, tools, the durability harness)."""
    job()
