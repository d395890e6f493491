"""The closed schema of a practice simulation (a safe sandbox copy of a real online service).

A scenario is a list of *steps*. Each step shows one phone *screen* (an app header, a kind such
as ``form`` or ``incoming_call`` and its widgets) and says which action moves the learner on: a tap
on a widget, after the fields of that screen pass their *checks*. Wrong taps and failed checks are
*mistakes* with a kind, a gentle hint and an optional "stop and explain" flag; a mistake never ends
the run. *Variants* swap or add steps (the swapped VietQR sticker, the fake address…).

Every field a learner can type has a ``sample`` (or a practice-card value) that passes its checks,
and every check may carry a ``bad`` example that fails it: the loader proves both, and the tests use
them as the scripted happy path and the scripted mistakes. See ``lessons/sim/README.md``.
"""

from __future__ import annotations

import re
from typing import Annotated, ClassVar, Literal

from pydantic import Field, StringConstraints, field_validator, model_validator

from lessons.model import SIM_ID, Closed, NonEmpty, Text

FORMAT_VERSION = 1
"""Version of the simulation format; a bump ships with a migration in ``lessons.sim.loader``."""

WidgetId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
StepId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]*$")]
KindId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]

ScreenKind = Literal[
    "home",
    "form",
    "otp",
    "keypad",
    "list",
    "qr",
    "camera",
    "dialog",
    "sms",
    "incoming_call",
    "in_call",
    "inbox_item",
    "browser",
    "receipt",
    "notice",
    "chat",
    "card",
]
"""How the phone frame lays a screen out (the widgets decide what is on it)."""

WidgetKind = Literal[
    "label",
    "heading",
    "text",
    "password",
    "digits",
    "otp",
    "amount",
    "button",
    "link",
    "list_item",
    "tile",
    "qr",
    "checkbox",
    "choice",
    "image",
    "keypad",
    "notification",
]
FIELD_KINDS = frozenset({"text", "password", "digits", "otp", "amount"})
"""Widgets the learner types into."""
TAP_KINDS = frozenset(
    {"button", "link", "list_item", "tile", "qr", "checkbox", "choice", "notification", "image"}
)
"""Widgets the learner can tap."""

RESERVED: dict[str, frozenset[str]] = {
    "incoming_call": frozenset({"hang_up", "answer"}),
    "in_call": frozenset({"hang_up"}),
    "inbox_item": frozenset({"safe", "scam"}),
}
"""Buttons the phone frame always draws on some screen kinds ("Tắt máy", "An toàn", "Lừa đảo")."""

CardKind = Literal["id", "phone", "otp", "pin", "password", "code", "name", "money", "text"]


class CardEntry(Closed):
    """One line of the practice card beside the phone ("Dữ liệu tập luyện"). Invented data only."""

    key: WidgetId
    label: Text
    value: NonEmpty
    kind: CardKind = "text"

    @model_validator(mode="after")
    def _invented(self) -> CardEntry:
        digits = "".join(c for c in self.value if c.isdigit())
        if self.kind == "id" and not (len(digits) == 12 and digits.startswith("999")):
            raise ValueError("số định danh tập luyện phải có 12 số và bắt đầu bằng 999")
        if self.kind == "phone" and not digits.startswith("0000"):
            raise ValueError("số điện thoại tập luyện phải bắt đầu bằng 0000 (không phải số thật)")
        return self


class Widget(Closed):
    """One thing on a phone screen."""

    id: WidgetId
    kind: WidgetKind
    text: Text | None = None
    value: str | None = None
    """Pre-filled or displayed value (a name, an amount, an address); shown as is."""
    style: Literal["normal", "primary", "danger", "safe", "warning", "muted"] = "normal"
    length: int | None = Field(default=None, ge=1, le=200)
    """Number of boxes for ``otp``; maximum length for other fields."""
    field: WidgetId | None = None
    """For a ``keypad``: the field its keys type into."""
    image: NonEmpty | None = None
    """For an ``image``: a path under the content folder."""
    disabled: bool = False


class Screen(Closed):
    """What the simulated phone shows during one step."""

    kind: ScreenKind
    app: Text
    """The app header ("VNeID", "NH Tập Luyện", "Tin nhắn", "Zalo"…)."""
    title: Text | None = None
    address: str | None = None
    """The browser address bar (``browser`` screens)."""
    caller: Text | None = None
    """Who calls (``incoming_call``, ``in_call``) or who wrote (``sms``, ``inbox_item``)."""
    widgets: list[Widget] = Field(default_factory=list)

    def widget(self, widget_id: str) -> Widget | None:
        """The widget with this id, or None."""
        for w in self.widgets:
            if w.id == widget_id:
                return w
        return None

    def tappable(self) -> frozenset[str]:
        """Ids of everything the learner can tap here, reserved buttons included."""
        own = {w.id for w in self.widgets if w.kind in TAP_KINDS and not w.disabled}
        return frozenset(own | RESERVED.get(self.kind, frozenset()))

    def fields(self) -> list[Widget]:
        """The widgets the learner types into, in screen order."""
        return [w for w in self.widgets if w.kind in FIELD_KINDS]


class Check(Closed):
    """One validation rule on a field, with the mistake it reports when it fails.

    Exactly one rule key is set: ``exact``, ``digits`` (that many digits, nothing else), ``regex``,
    ``card`` (equals the practice-card value with that key), ``not_card``, ``not_in``, ``nonempty``,
    ``password`` (8–20 characters, digit, upper, lower, special), ``same_as`` (another field),
    ``amount`` (the number, ignoring dots and spaces) or ``checked`` (a ticked checkbox).
    """

    exact: str | None = None
    digits: int | None = Field(default=None, ge=1, le=20)
    regex: str | None = None
    card: WidgetId | None = None
    not_card: WidgetId | None = None
    not_in: list[str] | None = None
    nonempty: Literal[True] | None = None
    password: Literal[True] | None = None
    same_as: WidgetId | None = None
    amount: int | None = Field(default=None, ge=0)
    checked: Literal[True] | None = None
    kind: KindId = "invalid_value"
    hint: Text | None = None
    """Spoken when the check fails; the step's hint when absent."""
    stop: bool = False
    bad: str | None = None
    """An example value that fails this check (the scripted mistake; proved by the loader)."""

    RULES: ClassVar[tuple[str, ...]] = (
        "exact",
        "digits",
        "regex",
        "card",
        "not_card",
        "not_in",
        "nonempty",
        "password",
        "same_as",
        "amount",
        "checked",
    )

    @field_validator("regex")
    @classmethod
    def _compiles(cls, v: str | None) -> str | None:
        if v is not None:
            try:
                re.compile(v)
            except re.error as exc:
                raise ValueError(f"biểu thức regex không hợp lệ ({exc})") from exc
        return v

    @model_validator(mode="after")
    def _one_rule(self) -> Check:
        n = sum(getattr(self, r) is not None for r in self.RULES)
        if n != 1:
            raise ValueError(f"mỗi kiểm tra cần đúng một quy tắc trong {', '.join(self.RULES)}")
        return self


class FieldRule(Closed):
    """The checks one field must pass before the expected tap moves on."""

    field: WidgetId
    checks: list[Check] = Field(min_length=1)
    sample: str | None = None
    """A value that passes every check (defaults to the practice-card value of a ``card`` check)."""


class Expect(Closed):
    """An action that moves the learner on: tap ``tap`` once every field rule passes."""

    tap: WidgetId
    fields: list[FieldRule] = Field(default_factory=list)
    goto: StepId | None = None
    """The next step (a branch); the next one in the list when absent; ``done`` ends the run."""


class MistakeRule(Closed):
    """A typical wrong action on this step and the gentle hint it gets."""

    tap: WidgetId | None = None
    wait: Literal[True] | None = None
    """The learner waits too long (the code expires, the SMS never comes)."""
    kind: KindId
    hint: Text
    stop: bool = False
    """"Stop and explain": the screen shows the explanation big and waits for the learner."""
    goto: StepId | None = None
    """Show a consequence screen (the fake installer…); its step leads back."""

    @model_validator(mode="after")
    def _one_trigger(self) -> MistakeRule:
        if (self.tap is None) == (self.wait is None):
            raise ValueError("lỗi cần đúng một trong 'tap' hoặc 'wait'")
        return self


class Step(Closed):
    """One screen and what the learner does there."""

    id: StepId
    screen: Screen
    instruction: Text
    """What to do, spoken in guided mode while the target glows."""
    hint: Text | None = None
    """Said after a hesitation or a wrong tap without a hint of its own (else the instruction)."""
    say: list[Text] = Field(default_factory=list)
    """Lines read aloud when the screen appears (the caller's voice in a call role-play)."""
    expect: list[Expect] = Field(min_length=1)
    """The first entry is the main path (what glows); the others are also right (branches)."""
    mistakes: list[MistakeRule] = Field(default_factory=list)
    optional: bool = False
    """Reached only through a ``goto`` (a mini-flow, a consequence screen): the normal order skips
    it, and it is not counted in the score."""


class Variant(Closed):
    """Another run of the same scenario.

    ``prepend`` steps come first; ``replace`` steps take the place of base steps with the same id;
    ``extra`` steps come after the base steps and are reached through a ``goto`` (they end the run
    when they have no ``goto``). A ``standalone`` variant plays only its prepend and extra steps.
    """

    id: StepId
    title: Text
    prepend: list[Step] = Field(default_factory=list)
    replace: list[Step] = Field(default_factory=list)
    extra: list[Step] = Field(default_factory=list)
    standalone: bool = False


class Scenario(Closed):
    """One practice simulation (``lessons/content/simulations/<id>.yaml``)."""

    id: Annotated[str, StringConstraints(pattern=SIM_ID)]
    format: Literal[1] = 1
    version: int = Field(ge=1)
    module: Annotated[str, StringConstraints(pattern=r"^m[1-9]$")]
    lesson: str | None = None
    """The curriculum number it practises ("3.3")."""
    title: Text
    goal: Text
    persona: Text
    story: Text | None = None
    card: list[CardEntry] = Field(default_factory=list)
    hesitation_s: int = Field(default=25, ge=5, le=300)
    steps: list[Step] = Field(min_length=1)
    variants: list[Variant] = Field(default_factory=list)
    end: Text
    """The closing card: what was practised, and for scams the official report channels."""

    def card_entry(self, key: str) -> CardEntry | None:
        """The practice-card entry with this key, or None."""
        for entry in self.card:
            if entry.key == key:
                return entry
        return None

    def card_value(self, key: str) -> str | None:
        """The practice-card value with this key, or None."""
        entry = self.card_entry(key)
        return entry.value if entry is not None else None

    def variant(self, variant_id: str) -> Variant:
        """The variant with this id (KeyError if unknown)."""
        for v in self.variants:
            if v.id == variant_id:
                return v
        raise KeyError(variant_id)

    def run_steps(self, variant_id: str | None = None) -> tuple[list[Step], int]:
        """The steps of one run, in order, and how many of them form the main line.

        Steps after the main line (a variant's ``extra`` steps) are reached only by ``goto``.
        """
        if variant_id is None:
            return list(self.steps), len(self.steps)
        v = self.variant(variant_id)
        swap = {s.id: s for s in v.replace}
        base = [] if v.standalone else [swap.get(s.id, s) for s in self.steps]
        main = [*v.prepend, *base]
        return [*main, *v.extra], len(main)
