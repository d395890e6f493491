"""Every shipped simulation loads, plays its scripted happy path to the end, and catches every
scripted mistake with its hint before going on to the end (STYLE rule 14)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from pydantic import BaseModel

from lessons.model import Catalogue, Text
from lessons.sim.engine import (
    Done,
    Enter,
    Mistake,
    Ok,
    Reminder,
    SimulationEngine,
    Tap,
    looks_real,
)
from lessons.sim.loader import CONTENT_DIR, SimLibrary, load_scenarios
from lessons.sim.model import Check, MistakeRule, Scenario, Step
from lessons.sim.script import actions_for, fill, sample_of
from lessons.yamlsrc import load_model


@dataclass
class FakeClock:
    """A clock the test moves by hand."""

    t: float = 100.0

    def now(self) -> float:
        return self.t


LIB: SimLibrary = load_scenarios()
SCENARIOS = sorted(LIB.scenarios.values(), key=lambda s: s.id)
RUNS = [(s, v) for s in SCENARIOS for v in [None, *(x.id for x in s.variants)]]


def _run_id(run: tuple[Scenario, str | None]) -> str:
    return f"{run[0].id}:{run[1] or 'main'}"


def play_to_end(engine: SimulationEngine, limit: int = 80) -> Done:
    """Drive the engine with the scripted right actions until it is done."""
    for _ in range(limit):
        for action in actions_for(engine.current, engine.scenario, current=engine.value):
            outcome = engine.step(action)
            assert not isinstance(outcome, Reminder), action
        if isinstance(outcome, Done):
            return outcome
    raise AssertionError(f"{engine.scenario.id} did not finish")


def happy_steps(scenario: Scenario, variant: str | None) -> list[str]:
    """The ids of the steps the happy path visits."""
    engine = SimulationEngine(scenario, "free", FakeClock(), variant)
    seen = []
    while not engine.finished:
        seen.append(engine.current.id)
        for action in actions_for(engine.current, scenario, current=engine.value):
            engine.step(action)
    return seen


def advance_to(engine: SimulationEngine, step_id: str) -> None:
    while engine.current.id != step_id:
        for action in actions_for(engine.current, engine.scenario, current=engine.value):
            engine.step(action)
        assert not engine.finished


def test_all_content_loads_without_errors() -> None:
    assert LIB.errors == []
    assert len(SCENARIOS) == 15
    ids = [s.id[:6] for s in SCENARIOS]
    assert ids == [f"sim-{n:02d}" for n in range(1, 16)]


def test_every_module_ends_with_a_practice() -> None:
    assert {s.module for s in SCENARIOS} == {f"m{n}" for n in range(1, 8)}


def test_the_variants_of_section_10_are_there() -> None:
    want = {
        "sim-05": "fake-address",
        "sim-07": "sticker",
        "sim-08": "bank-officer",
        "sim-11": "installer",
        "sim-03": "unpaid",
        "sim-09": "amount-differs",
        "sim-10": "no-app",
    }
    for prefix, variant in want.items():
        assert variant in {v.id for v in LIB.get(prefix).variants}


def _texts(obj: object) -> Iterator[Text]:
    if isinstance(obj, Text):
        yield obj
    elif isinstance(obj, list | tuple):
        for x in obj:
            yield from _texts(x)
    elif isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            yield from _texts(getattr(obj, name))


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.id)
def test_texts_are_bilingual_nfc_and_practice_data_is_invented(scenario: Scenario) -> None:
    texts = list(_texts(scenario))
    assert len(texts) > 10
    for t in texts:
        assert t.vi and t.en
        assert unicodedata.normalize("NFC", t.vi) == t.vi
    for entry in scenario.card:
        assert not looks_real(entry.value), entry.value
        if entry.kind == "id":
            assert re.sub(r"\D", "", entry.value).startswith("999")


@pytest.mark.parametrize("run", RUNS, ids=_run_id)
def test_happy_path_reaches_done(run: tuple[Scenario, str | None]) -> None:
    scenario, variant = run
    clock = FakeClock()
    engine = SimulationEngine(scenario, "free", clock, variant)
    done = play_to_end(engine)
    result = done.result
    assert result.completed
    assert result.mistakes == 0
    assert result.hints_used == 0
    assert result.scenario_id == scenario.id
    assert 0 < result.steps_done <= result.steps_total
    if variant is None:
        assert result.steps_done == result.steps_total


def scripted_mistakes(
    scenario: Scenario, variant: str | None
) -> Iterator[tuple[str, str, MistakeRule | tuple[str, Check]]]:
    """(case id, step id, rule) for every mistake written in the file, on the happy path."""
    visited = set(happy_steps(scenario, variant))
    steps, _ = scenario.run_steps(variant)
    for step in steps:
        if step.id not in visited:
            continue
        for rule in step.mistakes:
            yield f"{step.id}:{rule.kind}", step.id, rule
        for fr in step.expect[0].fields:
            for check in fr.checks:
                if check.bad is not None:
                    yield f"{step.id}:{fr.field}:{check.kind}", step.id, (fr.field, check)


MISTAKE_CASES = [
    pytest.param(s, v, step_id, rule, id=f"{s.id[:6]}:{v or 'main'}:{case}")
    for s, v in RUNS
    for case, step_id, rule in scripted_mistakes(s, v)
]


@pytest.mark.parametrize(("scenario", "variant", "step_id", "rule"), MISTAKE_CASES)
def test_scripted_mistake_is_caught_then_the_run_goes_on(
    scenario: Scenario, variant: str | None, step_id: str, rule: MistakeRule | tuple[str, Check]
) -> None:
    clock = FakeClock()
    engine = SimulationEngine(scenario, "free", clock, variant)
    advance_to(engine, step_id)
    step: Step = engine.current
    if isinstance(rule, MistakeRule):
        kind = rule.kind
        hint = rule.hint
        if rule.wait:
            outcome = engine.tick()
            assert outcome is None
            clock.t += scenario.hesitation_s + 1
            outcome = engine.tick()
        else:
            outcome = engine.step(Tap(rule.tap or ""))
    else:
        field, check = rule
        kind = check.kind
        hint = check.hint or step.hint or step.instruction
        exp = step.expect[0]
        for fr in exp.fields:
            value = check.bad if fr.field == field else (sample_of(fr, scenario) or "x")
            for action in fill(fr, value or "", step, engine.value):
                engine.step(action)
        outcome = engine.step(Tap(exp.tap))
    assert isinstance(outcome, Mistake), outcome
    assert outcome.kind == kind
    assert outcome.hint == hint
    assert engine.result().mistakes == 1
    assert not engine.finished
    assert play_to_end(engine).result.completed


def test_every_section_10_flow_has_mistakes_on_most_steps() -> None:
    for scenario in SCENARIOS:
        steps = [s for s in scenario.steps if not s.optional]
        with_mistakes = [
            s
            for s in steps
            if s.mistakes or any(c.bad for f in s.expect[0].fields for c in f.checks)
        ]
        assert len(with_mistakes) * 2 >= len(steps), scenario.id


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.id)
def test_any_other_button_gets_a_gentle_hint_and_the_run_goes_on(scenario: Scenario) -> None:
    for step_id in happy_steps(scenario, None):
        probe = SimulationEngine(scenario, "free", FakeClock())
        advance_to(probe, step_id)
        step = probe.current
        right = {e.tap for e in step.expect}
        for other in sorted(step.screen.tappable() - right):
            widget = step.screen.widget(other)
            if widget is not None and widget.kind == "checkbox":
                continue
            engine = SimulationEngine(scenario, "free", FakeClock())
            advance_to(engine, step_id)
            outcome = engine.step(Tap(other))
            assert isinstance(outcome, Mistake), (step_id, other)
            assert outcome.hint.vi and outcome.hint.en
            assert play_to_end(engine).result.completed


def test_distinctive_input_never_reaches_the_result() -> None:
    marker = "ZZQX-7731-unique"
    for scenario in SCENARIOS:
        engine = SimulationEngine(scenario, "guided", FakeClock())
        for _ in range(60):
            if engine.finished:
                break
            for field in engine.screen.fields():
                engine.step(Enter(field.id, marker))
            for action in actions_for(engine.current, scenario, current=engine.value):
                engine.step(action)
        assert marker not in repr(engine.result())
        assert marker not in repr(vars(engine))


def test_simulations_named_in_modules_yaml_exist() -> None:
    catalogue = load_model(Catalogue, CONTENT_DIR / "modules.yaml")
    named = [(m.id, sim_id) for m in catalogue.modules for sim_id in m.simulations]
    assert {sim_id for _, sim_id in named} == set(LIB.scenarios)
    for module_id, sim_id in named:
        assert LIB.scenarios[sim_id].module == module_id, (module_id, sim_id)


def test_content_dir_is_the_bundled_one() -> None:
    assert (CONTENT_DIR / "simulations").is_dir()
    assert isinstance(LIB.get("sim-07"), Scenario)
    with pytest.raises(KeyError):
        LIB.get("sim-99")
    assert isinstance(Ok, type) and isinstance(Done, type)
