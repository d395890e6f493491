"""Scripted actions derived from a scenario file: the happy path and the scripted mistakes.

The scenario file carries its own script: every field rule has a ``sample`` (or a practice-card
value) that passes, and checks carry ``bad`` values that fail. Tests, the loader and the screen
preview use these helpers to drive the engine without a person.
"""

from __future__ import annotations

from collections.abc import Callable

from lessons.sim.engine import Action, Enter, Tap
from lessons.sim.model import Expect, FieldRule, Scenario, Step


def sample_of(rule: FieldRule, scenario: Scenario) -> str:
    """The value that should pass ``rule``: its sample, else the card value of a ``card`` check."""
    if rule.sample is not None:
        return rule.sample
    for check in rule.checks:
        if check.card is not None:
            return scenario.card_value(check.card) or ""
    return ""


def _empty(_field: str) -> str:
    return ""


def fill(
    rule: FieldRule, value: str, step: Step, current: Callable[[str], str] = _empty
) -> list[Action]:
    """The actions that put ``value`` into the field of ``rule``.

    A checkbox is ticked by a tap, and only when ``current`` (what the engine holds now) says it
    is not ticked yet.
    """
    w = step.screen.widget(rule.field)
    if w is not None and w.kind == "checkbox":
        return [Tap(rule.field)] if bool(value) != bool(current(rule.field)) else []
    return [Enter(rule.field, value)]


def actions_for(
    step: Step,
    scenario: Scenario,
    expect: Expect | None = None,
    current: Callable[[str], str] = _empty,
) -> list[Action]:
    """The right actions on ``step``: fill every field with its sample, then tap the target.

    Args:
        step: the step showing.
        scenario: its scenario (for practice-card values).
        expect: which right action to take (the main one when None).
        current: what the engine holds in a field now (``SimulationEngine.value``).
    """
    exp = expect or step.expect[0]
    out: list[Action] = []
    for rule in exp.fields:
        out += fill(rule, sample_of(rule, scenario) or "x", step, current)
    out.append(Tap(exp.tap))
    return out
