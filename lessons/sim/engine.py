"""The pure simulation engine: one learner, one run of one scenario, no Qt, no network, no storage.

``SimulationEngine.step(action)`` answers every action with an :data:`Outcome`: :class:`Ok`
(same or next screen), :class:`Mistake` (kind and gentle hint; the run goes on), :class:`Reminder`
(input that looks like real personal data: use the practice card; not a mistake), :class:`Hint`
or :class:`Done`.

What the learner types lives only in memory, only for the current screen, and is wiped on every
transition and at the end. :meth:`SimulationEngine.result` returns facts only (steps, mistakes,
hints, time, completed), never a typed value.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal, Protocol

from lessons.model import Text
from lessons.sim.model import Check, Expect, MistakeRule, Scenario, Screen, Step

Mode = Literal["guided", "free"]
DONE = "done"
"""The ``goto`` target that ends a run."""

SPECIALS = "!@#$^*()–-"
"""Special characters VNeID accepts in a password (content §1.3)."""

_REAL_PHONE = re.compile(r"^(?:0|84)[35789][0-9]{8}$")


class Clock(Protocol):
    """Monotonic time in seconds, injected so tests control it."""

    def now(self) -> float:
        """Seconds since an arbitrary start."""


@dataclass(frozen=True)
class Tap:
    """The learner taps a widget (reserved ids: ``hang_up``, ``answer``, ``safe``, ``scam``)."""

    widget: str


@dataclass(frozen=True)
class Enter:
    """The learner types ``value`` into the field ``field`` (replacing what was there)."""

    field: str
    value: str


@dataclass(frozen=True)
class Wait:
    """The learner does nothing for a long time (the same as a hesitation seen by :meth:`tick`)."""


def HangUp() -> Tap:
    """The red "Tắt máy" button of a call screen."""
    return Tap("hang_up")


def Mark(verdict: Literal["safe", "scam"]) -> Tap:
    """The "An toàn" (``safe``) or "Lừa đảo" (``scam``) button of an inbox item."""
    return Tap(verdict)


Action = Tap | Enter | Wait


@dataclass(frozen=True)
class AttemptResult:
    """The facts of one attempt, for progress, the slip and the instructor. Never what was typed."""

    scenario_id: str
    version: int
    mode: Mode
    steps_done: int
    steps_total: int
    mistakes: int
    hints_used: int
    duration_s: float
    completed: bool


@dataclass(frozen=True)
class Ok:
    """Accepted. ``advanced`` is True when a new screen is showing."""

    screen: Screen
    step_id: str
    advanced: bool


@dataclass(frozen=True)
class Mistake:
    """A typical mistake: explain gently, then the learner tries again (the run never ends here)."""

    kind: str
    hint: Text
    stop: bool
    screen: Screen
    step_id: str


@dataclass(frozen=True)
class Reminder:
    """Input that looked like a real ID or phone number: thrown away; use the practice card."""

    hint: Text


@dataclass(frozen=True)
class Hint:
    """A hint given after hesitation or on request."""

    hint: Text


@dataclass(frozen=True)
class Done:
    """The run is finished."""

    result: AttemptResult


Outcome = Ok | Mistake | Reminder | Hint | Done


@dataclass(frozen=True)
class Expected:
    """What glows in guided mode: the widget to tap (or a field to fill first) and what to say."""

    widget: str
    instruction: Text


REAL_DATA_REMINDER = Text(
    vi="Bác ơi, đây là bài tập. Bác dùng số trên thẻ Dữ liệu tập luyện, "
    "đừng nhập số thật của mình nhé.",
    en="This is only practice. Please use the numbers on the practice card, not your real ones.",
)
WRONG_TAP = Text(vi="Chưa phải chỗ này bác ạ.", en="Not that one yet.")
PASSWORD_RULES = (
    Text(vi="Dài từ 8 đến 20 ký tự", en="8 to 20 characters"),
    Text(vi="Có chữ số", en="A digit"),
    Text(vi="Có chữ in hoa", en="An upper-case letter"),
    Text(vi="Có chữ thường", en="A lower-case letter"),
    Text(vi="Có ký tự đặc biệt ! @ # $ ^ * ( ) –", en="A special character ! @ # $ ^ * ( ) –"),
)


def password_ticks(value: str) -> list[tuple[Text, bool]]:
    """The VNeID password rules with a tick for each one ``value`` already meets."""
    met = (
        8 <= len(value) <= 20,
        any(c.isdigit() for c in value),
        any(c.isupper() for c in value),
        any(c.islower() for c in value),
        any(c in SPECIALS for c in value),
    )
    return list(zip(PASSWORD_RULES, met, strict=True))


def _digits(value: str) -> str:
    return "".join(c for c in value if c.isdigit())


def _plain(value: str) -> str:
    return " ".join(unicodedata.normalize("NFC", value).casefold().split())


def _same(a: str, b: str, *, fold: bool = True) -> bool:
    """Equal as numbers when both are numbers (spaces and dots ignored), else as words (ignoring
    case only when ``fold``)."""
    stripped = re.sub(r"[\s.,]", "", a), re.sub(r"[\s.,]", "", b)
    if stripped[0].isdigit() and stripped[1].isdigit():
        return stripped[0] == stripped[1]
    if fold:
        return _plain(a) == _plain(b)
    return " ".join(a.split()) == " ".join(b.split())


def looks_real(value: str, card_values: tuple[str, ...] = ()) -> bool:
    """True when ``value`` looks like a real ID number (12 digits not starting with 999) or a real
    Vietnamese mobile number that is not on the practice card."""
    compact = re.sub(r"[\s.\-+()]", "", value)
    if not compact.isdigit() or not compact.isascii():
        return False
    if any(_digits(v) == compact for v in card_values):
        return False
    if len(compact) == 12 and not compact.startswith("999"):
        return True
    return bool(_REAL_PHONE.match(compact))


def check_passes(check: Check, value: str, values: dict[str, str], scenario: Scenario) -> bool:
    """Whether ``value`` passes ``check`` (``values`` holds the other fields of the same screen)."""
    if check.exact is not None:
        return _plain(value) == _plain(check.exact)
    if check.digits is not None:
        return value.isascii() and value.isdigit() and len(value) == check.digits
    if check.regex is not None:
        return re.fullmatch(check.regex, value) is not None
    if check.card is not None or check.not_card is not None:
        key = check.card if check.card is not None else check.not_card
        entry = scenario.card_entry(key or "")
        ref = entry.value if entry is not None else ""
        fold = entry is not None and entry.kind == "name"
        return _same(value, ref, fold=fold) == (check.card is not None)
    if check.not_in is not None:
        return not any(_same(value, x) for x in check.not_in)
    if check.nonempty is not None or check.checked is not None:
        return bool(value.strip())
    if check.password is not None:
        return all(ok for _, ok in password_ticks(value))
    if check.same_as is not None:
        return value == values.get(check.same_as, "")
    digits = re.sub(r"[\s.,đ]|VND", "", value, flags=re.IGNORECASE)
    return digits.isdigit() and int(digits) == check.amount


class SimulationEngine:
    """One run of one scenario.

    Args:
        scenario: the validated scenario.
        mode: ``guided`` (the target glows and is spoken) or ``free`` (hints only after a mistake or
            a hesitation).
        clock: an object with ``now()`` returning monotonic seconds.
        variant: the id of a variant to play, or None for the main run.
    """

    def __init__(
        self, scenario: Scenario, mode: Mode, clock: Clock, variant: str | None = None
    ) -> None:
        self.scenario = scenario
        self.mode: Mode = mode
        self.variant = variant
        self._clock = clock
        self._steps, self._main_end = scenario.run_steps(variant)
        self._index = {s.id: i for i, s in enumerate(self._steps)}
        self._card = tuple(e.value for e in scenario.card)
        self._pos = 0
        self._values: dict[str, str] = self._prefill()
        self._started = clock.now()
        self._shown_at = self._started
        self._hinted = False
        self._done_ids: set[str] = set()
        self._mistakes = 0
        self._hints = 0
        self._finished_at: float | None = None

    # -- state -----------------------------------------------------------------------------------
    @property
    def current(self) -> Step:
        """The step showing now (the last one once the run is finished)."""
        return self._steps[self._pos]

    @property
    def screen(self) -> Screen:
        """The screen showing now."""
        return self.current.screen

    @property
    def finished(self) -> bool:
        """True once the run reached its end."""
        return self._finished_at is not None

    def value(self, field: str) -> str:
        """What is typed in ``field`` on the current screen (for drawing it), or ``""``."""
        return self._values.get(field, "")

    def expected(self) -> Expected:
        """What glows in guided mode: the first empty or failing field, else the tap target."""
        exp = self.current.expect[0]
        for rule in exp.fields:
            if self._failing(rule.checks, rule.field) is not None:
                return Expected(rule.field, self.current.instruction)
        return Expected(exp.tap, self.current.instruction)

    def hint_now(self) -> Hint:
        """A hint for the current step, on request or after a hesitation (counted as a hint)."""
        self._hints += 1
        self._hinted = True
        return Hint(self.current.hint or self.current.instruction)

    def tick(self) -> Outcome | None:
        """Call now and then: after a long hesitation, once per screen, a hint (or the step's
        "waited too long" mistake). None when nothing is due."""
        if self.finished or self._hinted:
            return None
        if self._clock.now() - self._shown_at < self.scenario.hesitation_s:
            return None
        return self._waited()

    def result(self) -> AttemptResult:
        """The facts of this attempt so far (final once :attr:`finished`)."""
        end = self._finished_at if self._finished_at is not None else self._clock.now()
        counted = [s for s in self._steps if not s.optional]
        return AttemptResult(
            scenario_id=self.scenario.id,
            version=self.scenario.version,
            mode=self.mode,
            steps_done=len(self._done_ids),
            steps_total=len(counted),
            mistakes=self._mistakes,
            hints_used=self._hints,
            duration_s=round(max(0.0, end - self._started), 3),
            completed=self.finished,
        )

    # -- actions ---------------------------------------------------------------------------------
    def step(self, action: Action) -> Outcome:
        """Apply one learner action and say what happened. Never raises for any action."""
        if self.finished:
            return Done(self.result())
        if isinstance(action, Wait):
            return self._waited()
        if isinstance(action, Enter):
            return self._enter(action)
        return self._tap(action.widget)

    def _enter(self, action: Enter) -> Outcome:
        target = self.screen.widget(action.field)
        if target is None or target not in self.screen.fields():
            return Ok(self.screen, self.current.id, advanced=False)
        if looks_real(action.value, self._card):
            self._values.pop(action.field, None)
            return Reminder(REAL_DATA_REMINDER)
        self._values[action.field] = action.value
        return Ok(self.screen, self.current.id, advanced=False)

    def _tap(self, widget_id: str) -> Outcome:
        step = self.current
        if widget_id not in step.screen.tappable():
            return Ok(step.screen, step.id, advanced=False)
        for exp in step.expect:
            if exp.tap == widget_id:
                return self._try(exp)
        for rule in step.mistakes:
            if rule.tap == widget_id:
                return self._mistake(rule)
        w = step.screen.widget(widget_id)
        if w is not None and w.kind == "checkbox":
            if self._values.pop(widget_id, ""):
                return Ok(step.screen, step.id, advanced=False)
            self._values[widget_id] = "1"
            return Ok(step.screen, step.id, advanced=False)
        self._mistakes += 1
        return Mistake("wrong_target", step.hint or WRONG_TAP, False, step.screen, step.id)

    def _try(self, exp: Expect) -> Outcome:
        step = self.current
        for rule in exp.fields:
            failed = self._failing(rule.checks, rule.field)
            if failed is not None:
                self._mistakes += 1
                self._values.pop(rule.field, None)
                hint = failed.hint or step.hint or step.instruction
                return Mistake(failed.kind, hint, failed.stop, step.screen, step.id)
        if not step.optional:
            self._done_ids.add(step.id)
        target = exp.goto
        if target is None:
            target = self._next_id()
        return self._go(target)

    def _next_id(self) -> str:
        """The next step in order, skipping branch-only steps; ``done`` after the last one."""
        end = self._main_end if self._pos < self._main_end else len(self._steps)
        for step in self._steps[self._pos + 1 : end]:
            if not step.optional:
                return step.id
        return DONE

    def _failing(self, checks: list[Check], field: str) -> Check | None:
        value = self._values.get(field, "")
        for check in checks:
            if not check_passes(check, value, self._values, self.scenario):
                return check
        return None

    def _mistake(self, rule: MistakeRule) -> Outcome:
        self._mistakes += 1
        self._hinted = True
        if rule.goto is not None:
            self._go(rule.goto)
        return Mistake(rule.kind, rule.hint, rule.stop, self.screen, self.current.id)

    def _waited(self) -> Outcome:
        for rule in self.current.mistakes:
            if rule.wait:
                return self._mistake(rule)
        return self.hint_now()

    def _prefill(self) -> dict[str, str]:
        return {w.id: w.value for w in self.screen.fields() if w.value is not None}

    def _go(self, target: str) -> Outcome:
        self._values.clear()
        self._hinted = False
        self._shown_at = self._clock.now()
        if target == DONE or target not in self._index:
            self._finished_at = self._clock.now()
            return Done(self.result())
        self._pos = self._index[target]
        self._values = self._prefill()
        return Ok(self.screen, self.current.id, advanced=True)
