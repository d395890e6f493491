"""Progress and cancellation for long document runs: small protocols, no Qt.

A worker thread renders; the UI passes a callback (which posts to its own thread) and a
:class:`threading.Event` as the cancel flag.
"""

from __future__ import annotations

from typing import Protocol

from reportlab.platypus import Flowable

from kiosk.errors import KioskError


class ProgressCallback(Protocol):
    """Called after each document of a batch."""

    def __call__(self, done: int, total: int) -> None:
        """Report that ``done`` of ``total`` documents are finished."""
        ...


class CancelFlag(Protocol):
    """Anything with ``is_set()``, e.g. :class:`threading.Event`."""

    def is_set(self) -> bool:
        """``True`` once the batch should stop."""
        ...


class BatchCancelled(KioskError):
    """A combined document was cancelled before it was complete; nothing was saved."""


class ProgressTick(Flowable):  # type: ignore[misc]
    """An invisible flowable placed after each document of a combined PDF.

    When the layout reaches it, it reports progress; when the cancel flag is set it stops the
    build by raising :class:`BatchCancelled`.
    """

    def __init__(
        self,
        done: int,
        total: int,
        progress: ProgressCallback | None,
        cancel: CancelFlag | None,
    ) -> None:
        super().__init__()
        self.done = done
        self.total = total
        self.progress = progress
        self.cancel = cancel
        self.width = self.height = 0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """Takes no space."""
        return 0, 0

    def draw(self) -> None:
        """Report progress, or stop the build when cancelled."""
        if self.cancel is not None and self.cancel.is_set():
            raise BatchCancelled("Đã dừng in theo yêu cầu.", detail=f"{self.done}/{self.total}")
        if self.progress is not None:
            self.progress(self.done, self.total)
