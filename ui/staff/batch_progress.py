"""BatchProgress: the progress and cancel flag shared by a batch running off the UI thread and the
progress dialog that polls it (plain Python, no QObject crosses threads)."""

from __future__ import annotations

import threading


class BatchProgress:
    """Counts written by the worker, read by the UI timer; :attr:`cancel` is set by the dialog."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.done = 0
        self.total = 0
        self.cancel = threading.Event()

    def __call__(self, done: int, total: int) -> None:
        """The :class:`kiosk.reports.printing.ProgressCallback` of ``run_batch``."""
        with self._lock:
            self.done, self.total = done, total

    def read(self) -> tuple[int, int]:
        """(done, total) now."""
        with self._lock:
            return self.done, self.total
