"""Run work off the GUI thread and get the result back on it.

A small helper in the shape of Anki's ``run_in_background``: ``run(fn, on_done, on_error)`` calls
``fn`` in a worker thread and then ``on_done(result)`` or ``on_error(exception)`` on the thread that
created the helper (the GUI thread). A worker never touches a widget.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Qt, Signal, Slot

log = logging.getLogger(__name__)

T = TypeVar("T")


class _Invoker(QObject):
    """Lives in the GUI thread; runs the callables posted to it there."""

    posted = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.posted.connect(self._run, Qt.ConnectionType.QueuedConnection)

    @Slot(object)
    def _run(self, fn: Callable[[], None]) -> None:
        try:
            fn()
        except Exception:
            log.exception("callback on the GUI thread failed")


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
        self._invoker = _Invoker(self)
        self._closed = False

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
        future = self._pool.submit(fn)

        def finished(f: concurrent.futures.Future[T]) -> None:
            if f.cancelled():
                return
            exc = f.exception()
            if exc is not None:
                self._post(lambda: on_error(exc))
            else:
                result = f.result()
                self._post(lambda: on_done(result))

        future.add_done_callback(finished)
        return future

    def call_soon(self, fn: Callable[[], Any]) -> None:
        """Run ``fn`` on this object's thread at the next turn of the event loop."""
        self._post(fn)

    def _post(self, fn: Callable[[], Any]) -> None:
        if not self._closed:
            # RuntimeError: the invoker was already deleted with its parent.
            with contextlib.suppress(RuntimeError):
                self._invoker.posted.emit(fn)

    def close(self, wait: bool = True) -> None:
        """Stop accepting work, drop pending jobs and (by default) wait for the running one."""
        self._closed = True
        self._pool.shutdown(wait=wait, cancel_futures=True)
