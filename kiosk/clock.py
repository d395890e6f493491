"""Time, injected: the idle timer and every timestamp read a clock object that tests control."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Monotonic seconds for durations and a timezone-aware wall clock for records."""

    def monotonic(self) -> float:
        """Seconds from an arbitrary start; never goes backwards."""

    def now(self) -> datetime:
        """The current time, timezone-aware (UTC)."""


class SystemClock:
    """The real clock."""

    def monotonic(self) -> float:
        """See :meth:`Clock.monotonic`."""
        return time.monotonic()

    def now(self) -> datetime:
        """See :meth:`Clock.now`."""
        return datetime.now(UTC)


class FakeClock:
    """A clock that only moves when told to (tests, benchmarks, the soak run)."""

    def __init__(self, start: datetime | None = None) -> None:
        self._mono = 1000.0
        self._wall = start or datetime(2026, 11, 22, 8, 0, tzinfo=UTC)

    def monotonic(self) -> float:
        """See :meth:`Clock.monotonic`."""
        return self._mono

    def now(self) -> datetime:
        """See :meth:`Clock.now`."""
        return self._wall

    def advance(self, seconds: float) -> None:
        """Move both clocks forward."""
        self._mono += seconds
        self._wall += timedelta(seconds=seconds)
