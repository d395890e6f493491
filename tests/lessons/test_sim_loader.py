"""Broken scenario files are refused with errors naming file, field and line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lessons.sim.loader import CONTENT_DIR, load_scenario, load_scenarios
from lessons.yamlsrc import ContentError, ContentInvalid

SRC = CONTENT_DIR / "simulations" / "sim-07-vietqr-market.yaml"


def broken(tmp_path: Path, old: str, new: str, *, name: str = SRC.name) -> Path:
    """A copy of SIM-07 with one piece of text replaced, in a content folder of its own."""
    root = tmp_path / "content"
    (root / "simulations").mkdir(parents=True)
    shutil.copytree(CONTENT_DIR / "images" / "sim", root / "images" / "sim")
    text = SRC.read_text(encoding="utf-8")
    assert old in text, old
    path = root / "simulations" / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def line_of(path: Path, needle: str) -> int:
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return n
    raise AssertionError(needle)


def errors_of(path: Path) -> list[ContentError]:
    with pytest.raises(ContentInvalid) as exc:
        load_scenario(path, path.parent.parent, label=path.name)
    return exc.value.errors


def test_unknown_field(tmp_path: Path) -> None:
    path = broken(
        tmp_path,
        '    instruction: {vi: "Bác bấm nút Quét',
        '    colour: red\n    instruction: {vi: "Bác bấm nút Quét',
    )
    (err,) = errors_of(path)
    assert err.file == path.name
    assert err.field == "steps[0].colour"
    assert err.line == line_of(path, "colour: red")
    assert "unknown field" in err.message


def test_tap_on_a_missing_widget(tmp_path: Path) -> None:
    path = broken(tmp_path, "      - tap: quet_qr", "      - tap: quet_ma")
    (err,) = errors_of(path)
    assert err.field == "steps[0].expect[0].tap"
    assert err.line == line_of(path, "tap: quet_ma")
    assert "quet_ma" in err.message


def test_goto_to_a_missing_step(tmp_path: Path) -> None:
    path = broken(tmp_path, "            goto: ask-seller", "            goto: nowhere")
    (err,) = errors_of(path)
    assert err.field == "variants[0].replace[0].expect[0].goto"
    assert err.line == line_of(path, "goto: nowhere")


def test_bad_example_that_passes_and_sample_that_fails(tmp_path: Path) -> None:
    path = broken(tmp_path, 'bad: "450000"', 'bad: "45000"')
    (err,) = errors_of(path)
    assert err.field == "steps[2].expect[0].fields[0].checks[1].bad"
    assert err.line == line_of(path, 'bad: "45000"')
    path = broken(tmp_path / "b", 'sample: "Tra banh cuon"', 'sample: "  "')
    (err,) = errors_of(path)
    assert err.field == "steps[3].expect[0].fields[0].sample"


def test_missing_card_key_image_and_keypad_field(tmp_path: Path) -> None:
    path = broken(tmp_path, "              - card: pin", "              - card: pin_code")
    (err,) = errors_of(path)
    assert "pin_code" in err.message and err.field.startswith("steps[5].expect[0].fields[0]")
    path = broken(
        tmp_path / "b",
        "{id: ban_phim, kind: keypad, field: ma_pin}",
        "{id: ban_phim, kind: keypad, field: ma_pinn}",
    )
    (err,) = errors_of(path)
    assert err.field == "steps[5].screen.widgets[1].field"
    path = broken(tmp_path / "c", "image: images/sim/stall-sign.svg", "image: images/sim/none.svg")
    (err,) = errors_of(path)
    assert "none.svg" in err.message and err.field == "steps[1].screen.widgets[0].image"


def test_file_name_duplicates_and_replacements(tmp_path: Path) -> None:
    path = broken(tmp_path, "id: sim-07-vietqr-market", "id: sim-07-other")
    (err,) = errors_of(path)
    assert err.field == "id" and err.line == 1
    path = broken(
        tmp_path / "b", "        - {id: lich_su, kind: tile", "        - {id: quet_qr, kind: tile"
    )
    assert any(e.field == "steps[0].screen.widgets[3]" for e in errors_of(path))
    path = broken(
        tmp_path / "c", "      - id: info\n        screen:", "      - id: infox\n        screen:"
    )
    assert any("infox" in e.message for e in errors_of(path))


def test_schema_rules(tmp_path: Path) -> None:
    path = broken(tmp_path, 'value: "246813", kind: pin', 'value: "246813", kind: id')
    (err,) = errors_of(path)
    assert err.field == "card[3]" and "999" in err.message
    path = broken(
        tmp_path / "b",
        "              - amount: 45000",
        "              - amount: 45000\n                digits: 5",
    )
    (err,) = errors_of(path)
    assert "một quy tắc" in err.message


def test_a_broken_file_is_left_out_and_reported(tmp_path: Path) -> None:
    path = broken(tmp_path, "version: 1", "version: one")
    shutil.copy(CONTENT_DIR / "simulations" / "sim-12-scam-inbox.yaml", path.parent)
    lib = load_scenarios(path.parent.parent)
    assert list(lib.scenarios) == ["sim-12-scam-inbox"]
    (err,) = lib.errors
    assert err.field == "version" and err.line == 2
    assert err.file.endswith("sim-07-vietqr-market.yaml")
