"""The learner's visit as a state machine, and the two-threshold idle monitor. No Qt.

Screens subscribe to the psygnal events here; the Qt layer calls :meth:`IdleMonitor.tick` from a
timer and :meth:`IdleMonitor.touch` on every input. Time comes from an injected :class:`Clock`.
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass

from psygnal import Signal

from kiosk.clock import Clock


class IdleState(enum.Enum):
    """Where the visit is on the idle scale."""

    active = "active"
    help_offered = "help_offered"
    warning = "warning"


class IdleMonitor:
    """Two thresholds: a gentle spoken offer of help, then a countdown screen and a reset.

    Events:
        help_offered(): once, after ``help_after`` seconds without input.
        warning_started(seconds_left: int): the countdown screen should appear.
        countdown(seconds_left: int): each tick during the countdown.
        warning_cancelled(): the learner touched the screen during the countdown.
        expired(): the countdown ran out: reset to attract.
    """

    help_offered = Signal()
    warning_started = Signal(int)
    countdown = Signal(int)
    warning_cancelled = Signal()
    expired = Signal()

    def __init__(
        self,
        clock: Clock,
        *,
        help_after: float = 40.0,
        warn_after: float = 180.0,
        countdown_s: float = 20.0,
        guard_s: float = 0.8,
    ) -> None:
        """Create a monitor; it is paused until :meth:`resume` (the attract screen is not a visit).

        Args:
            clock: the injected clock.
            help_after: seconds without input before the offer of help.
            warn_after: seconds without input before the countdown screen.
            countdown_s: length of the countdown.
            guard_s: after the warning is cancelled, input is ignored this long, so a double tap
                on the warning cannot reach the screen beneath it.
        """
        self.clock = clock
        self.help_after, self.warn_after, self.countdown_s = help_after, warn_after, countdown_s
        self.guard_s = guard_s
        self._last = clock.monotonic()
        self._guard_until = 0.0
        self._state = IdleState.active
        self._running = False
        self._last_count = -1

    @property
    def state(self) -> IdleState:
        """The current idle state."""
        return self._state

    @property
    def running(self) -> bool:
        """True while a visit is being watched."""
        return self._running

    def resume(self) -> None:
        """Start watching (a visit began)."""
        self._running = True
        self._state = IdleState.active
        self._last = self.clock.monotonic()

    def pause(self) -> None:
        """Stop watching (attract screen, staff screens)."""
        self._running = False
        self._state = IdleState.active

    def touch(self) -> bool:
        """Record input. Returns False when the input must be ignored (the double-tap guard)."""
        now = self.clock.monotonic()
        if now < self._guard_until:
            return False
        self._last = now
        if self._state is IdleState.warning:
            self._state = IdleState.active
            self._guard_until = now + self.guard_s
            self.warning_cancelled.emit()
            return False
        self._state = IdleState.active
        return True

    def tick(self) -> None:
        """Look at the clock and emit whatever is due. Call about once a second."""
        if not self._running:
            return
        idle = self.clock.monotonic() - self._last
        if self._state is IdleState.active and self.help_after <= idle < self.warn_after:
            self._state = IdleState.help_offered
            self.help_offered.emit()
        if self._state is not IdleState.warning and idle >= self.warn_after:
            self._state = IdleState.warning
            self._last_count = int(self.countdown_s)
            self.warning_started.emit(self._last_count)
        if self._state is IdleState.warning:
            left = max(0, round(self.warn_after + self.countdown_s - idle))
            if left != self._last_count:
                self._last_count = left
                self.countdown.emit(left)
            if left <= 0:
                self._running = False
                self._state = IdleState.active
                self.expired.emit()


@dataclass(frozen=True)
class Visitor:
    """Who is at the kiosk now: kept in memory only for the visit."""

    learner_id: uuid.UUID
    code: str
    display_name: str | None
    is_guest: bool


class KioskSession:
    """One visit: language, the identified learner, and the visit record id.

    Events:
        language_changed(lang: str)
        visitor_changed(visitor: Visitor | None)
        reset(reason: str): everything of the visitor is gone; screens clear themselves.
    """

    language_changed = Signal(str)
    visitor_changed = Signal(object)
    reset = Signal(str)

    def __init__(self, default_language: str = "vi") -> None:
        """Create an empty session in the kiosk's default language."""
        self.default_language = default_language
        self.language = default_language
        self.visitor: Visitor | None = None
        self.visit_id: uuid.UUID | None = None

    def set_language(self, lang: str) -> None:
        """The learner picked a language on the language screen."""
        if lang not in ("vi", "en"):
            raise ValueError(lang)
        if lang != self.language:
            self.language = lang
            self.language_changed.emit(lang)

    def identify(self, visitor: Visitor) -> None:
        """The learner continued as a guest or entered a code."""
        self.visitor = visitor
        self.visitor_changed.emit(visitor)

    def end(self, reason: str) -> None:
        """Forget the visitor and return to the default language; listeners wipe their widgets."""
        self.visitor = None
        self.visit_id = None
        if self.language != self.default_language:
            self.language = self.default_language
            self.language_changed.emit(self.language)
        self.visitor_changed.emit(None)
        self.reset.emit(reason)
