"""The narration list covers every step, question, glossary entry and simulation string."""

from __future__ import annotations

from lessons.loader import load_library
from lessons.narration import narration
from lessons.sim.loader import load_scenarios


def test_narration_covers_lessons_glossary_and_simulations() -> None:
    lib, sims = load_library(), load_scenarios()
    texts = narration(lib, sims)
    said = {t for t, _ in texts}
    first = lib.ordered_lessons()[0]
    assert first.steps[0].spoken("vi") in said and first.steps[0].spoken("en") in said
    sim = next(iter(sims.scenarios.values()))
    assert sim.title.vi in said and sim.title.en in said
    assert {lang for _, lang in texts} == {"vi", "en"}
    assert len(texts) == len(set(texts))
    steps = sum(len(x.steps) for x in lib.lessons.values())
    assert len(texts) > 2 * (steps + len(lib.glossary))
