"""Run slow work off the UI thread; success and failure come back on the UI thread.

One helper for every background job (slip PDF and printing, batch documents, slow queries), as in
Anki's ``run_in_background``. A worker never touches a widget.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class _Relay(QObject):
    succeeded = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.fn, self.relay = fn, relay
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:
            log.exception("Việc chạy nền bị lỗi")
            self.relay.failed.emit(exc)
        else:
            self.relay.succeeded.emit(result)


class Tasks(QObject):
    """Owns a small thread pool; :meth:`wait` lets tests and shutdown finish what is running."""

    def __init__(self, parent: QObject | None = None, max_threads: int = 2) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max_threads)
        self._relays: set[_Relay] = set()

    def run(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None],
    ) -> None:
        """Run ``fn()`` in the pool; call ``on_done(result)`` or ``on_error(exc)`` on this thread."""
        relay = _Relay()
        self._relays.add(relay)

        def finish(callback: Callable[[Any], None], value: Any) -> None:
            self._relays.discard(relay)
            callback(value)

        relay.succeeded.connect(lambda r: finish(on_done, r))
        relay.failed.connect(lambda e: finish(on_error, e))
        self.pool.start(_Job(fn, relay))

    @property
    def busy(self) -> bool:
        """True while a job runs or its result has not been delivered."""
        return bool(self._relays)

    def wait(self, msecs: int = 30000) -> bool:
        """Block until the pool is idle (shutdown, tests)."""
        return self.pool.waitForDone(msecs)
