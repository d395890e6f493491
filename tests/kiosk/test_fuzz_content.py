"""Fuzzing the content loaders with Hypothesis: bad input always gives ContentInvalid with errors.

A few hundred examples here (under a minute); ``bench/fuzz_content.py`` runs 10,000.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fuzz_content import (
    LESSON_SEEDS,
    SIM_SEEDS,
    base_pack,
    check_lesson_bytes,
    check_pack_bytes,
    check_sim_bytes,
    generated_lesson,
    mutated,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lessons.yamlsrc import ContentInvalid, parse_yaml

FUZZ = settings(
    max_examples=100,
    deadline=5000,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)
BASE_PACK = base_pack()


@FUZZ
@given(mutated(LESSON_SEEDS))
def test_mutated_lessons(raw: bytes) -> None:
    check_lesson_bytes(raw)


@settings(FUZZ, max_examples=60)
@given(generated_lesson())
def test_generated_lessons(raw: bytes) -> None:
    check_lesson_bytes(raw)


@FUZZ
@given(st.binary(max_size=2000))
def test_random_bytes(raw: bytes) -> None:
    check_lesson_bytes(raw)


@settings(FUZZ, max_examples=40)
@given(raw=mutated(SIM_SEEDS))
def test_mutated_simulations(raw: bytes, tmp_path: Path) -> None:
    check_sim_bytes(raw, tmp_path)


@settings(FUZZ, max_examples=25, deadline=20000)
@given(raw=st.data())
def test_mutated_packs(raw: st.DataObject, tmp_path: Path) -> None:
    from fuzz_content import pack_bytes

    check_pack_bytes(raw.draw(pack_bytes(BASE_PACK)), tmp_path)


def test_the_base_pack_is_accepted(tmp_path: Path) -> None:
    assert check_pack_bytes(BASE_PACK, tmp_path) == "valid"


def test_every_seed_is_valid(tmp_path: Path) -> None:
    for seed in LESSON_SEEDS:
        assert check_lesson_bytes(seed.read_bytes()) == "valid", seed
    for seed in SIM_SEEDS[:1]:
        assert check_sim_bytes(seed.read_bytes(), tmp_path) == "valid"


@pytest.mark.parametrize(
    "raw",
    [
        # Found by fuzzing: each crashed or hung the loader before the fixes in lessons/yamlsrc.py.
        b"a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        + b"".join(
            b"%c: &%c [" % (n, n) + b", ".join([b"*%c" % (n - 1)] * 10) + b"]\n"
            for n in range(ord("b"), ord("h"))
        ),
        b"version: " + b"9" * 5000 + b"\n",
        b"id: 2026-13-45\n",
        b"id: !!float abc\n",
        b"&x [*x]\n",
    ],
)
def test_known_bad_inputs_are_content_errors(raw: bytes) -> None:
    with pytest.raises(ContentInvalid) as info:
        parse_yaml(raw, "bad.yaml")
    assert info.value.errors and info.value.errors[0].file == "bad.yaml"


def test_complex_key_that_does_not_construct_is_a_content_error() -> None:
    with pytest.raises(ContentInvalid) as info:
        parse_yaml(b"? [2026-13-45]\n: x\n", "key.yaml")
    assert "chữ" in info.value.errors[0].message


@pytest.mark.parametrize("pattern", [b"[12", b"(", b"a{2,1}"])
def test_invalid_regex_in_a_simulation_is_a_content_error(pattern: bytes, tmp_path: Path) -> None:
    seed = next(p for p in SIM_SEEDS if b"regex: '[12]'" in p.read_bytes())
    raw = seed.read_bytes().replace(b"regex: '[12]'", b"regex: '" + pattern + b"'")
    sims = tmp_path / "simulations"
    sims.mkdir()
    (sims / seed.name).write_bytes(raw)
    from lessons.loader import CONTENT_DIR
    from lessons.sim.loader import load_scenario

    with pytest.raises(ContentInvalid) as err:
        load_scenario(sims / seed.name, CONTENT_DIR)
    assert any("regex" in e.field and e.line > 0 for e in err.value.errors), err.value.errors
