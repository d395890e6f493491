"""Run work off the GUI thread and get the result back on it.

A small helper in the shape of Anki's ``run_in_background``: ``run(fn, on_done, on_error)`` calls
``fn`` in a worker thread and then ``on_done(result)`` or ``on_error(exception)`` on the thread that
created the helper (the GUI thread). A worker never touches a widget, and never touches Qt at all.

Workers do not emit Qt signals or call Qt at all: they put their callbacks in a
:class:`queue.SimpleQueue`, and a short-interval QTimer drains it on the GUI thread, running only
while jobs are outstanding (at most :data:`POLL_MS` of added latency, no CPU when idle). PySide6
6.12 on Python 3.11 drops references on several paths (see :mod:`voice.qt.pyside_guard`), and this
keeps shiboken out of the worker threads entirely.
"""

from __future__ import annotations

import concurrent.futures
import logging
import queue
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QTimer

log = logging.getLogger(__name__)

T = TypeVar("T")

#: How often the GUI thread looks for finished work while some is outstanding.
POLL_MS = 4


class Background(QObject):
    """A worker pool whose callbacks come back on the GUI thread.

    Args:
        workers: Number of worker threads (1 keeps requests in order).
        name: Prefix of the worker threads' names.
        parent: Qt parent.
    """

    def __init__(
        self, workers: int = 1, name: str = "voice", parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._pool = concurrent.futures.ThreadPoolExecutor(workers, thread_name_prefix=name)
        self._callbacks: queue.SimpleQueue[Callable[[], Any]] = queue.SimpleQueue()
        self._outstanding = 0
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._drain)
        self._closed = False

    @property
    def busy(self) -> bool:
        """True while some job or callback has not run yet."""
        return self._outstanding > 0

    def run(
        self,
        fn: Callable[[], T],
        on_done: Callable[[T], None],
        on_error: Callable[[BaseException], None],
    ) -> concurrent.futures.Future[T] | None:
        """Call ``fn()`` in a worker; then ``on_done(result)`` or ``on_error(exc)`` on this thread.

        Returns None (and calls nothing) once :meth:`close` has been called.
        """
        if self._closed:
            return None
        self._expect()
        future = self._pool.submit(fn)

        def finished(f: concurrent.futures.Future[T]) -> None:
            if f.cancelled():
                return
            exc = f.exception()
            if exc is not None:
                self._callbacks.put(lambda: on_error(exc))
            else:
                result = f.result()
                self._callbacks.put(lambda: on_done(result))

        future.add_done_callback(finished)
        return future

    def submit(self, fn: Callable[[], Any]) -> concurrent.futures.Future[Any] | None:
        """Call ``fn()`` in a worker with no callback (errors are logged)."""
        if self._closed:
            return None

        def logged() -> Any:
            try:
                return fn()
            except Exception:
                log.exception("background job failed")
                raise

        return self._pool.submit(logged)

    def call_soon(self, fn: Callable[[], Any]) -> None:
        """Run ``fn`` on this object's thread at the next poll."""
        if not self._closed:
            self._expect()
            self._callbacks.put(fn)

    def _expect(self) -> None:
        self._outstanding += 1
        if not self._timer.isActive():
            self._timer.start()

    def _drain(self) -> None:
        while True:
            try:
                fn = self._callbacks.get_nowait()
            except queue.Empty:
                break
            self._outstanding -= 1
            if self._closed:
                continue
            try:
                fn()
            except Exception:
                log.exception("callback on the GUI thread failed")
        if self._outstanding <= 0:
            self._outstanding = 0
            self._timer.stop()

    def close(self, wait: bool = True) -> None:
        """Stop accepting work, drop pending jobs and callbacks, and (by default) wait for the
        running job."""
        self._closed = True
        self._pool.shutdown(wait=wait, cancel_futures=True)
        self._timer.stop()
