"""Every module ends with at least one practice simulation, and every link resolves."""

from __future__ import annotations

from lessons.loader import load_library
from lessons.sim.loader import load_scenarios


def test_each_module_links_existing_simulations_of_its_own_module() -> None:
    lib, sims = load_library(), load_scenarios()
    assert not sims.errors, sims.errors[:3]
    for m in lib.modules:
        assert m.simulations, f"{m.id} has no practice"
        for sim_id in m.simulations:
            scenario = sims.get(sim_id)
            assert scenario.module == m.id, f"{sim_id} belongs to {scenario.module}, not {m.id}"
    linked = {s for m in lib.modules for s in m.simulations}
    assert linked == set(sims.scenarios), "a scenario no module links to"


def test_suggested_path_starts_with_the_on_ramp() -> None:
    lib = load_library()
    path = lib.suggested_path
    assert path[:6] == [x.id for x in lib.lessons_of("m1")]
    assert path[6].startswith("m3.") and path[7].startswith("m3.")
    assert len(set(path)) == len(path)
