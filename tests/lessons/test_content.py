"""Walk ALL shipped lesson content and check its invariants (qutebrowser ``test_configdata`` style).

Every rule here holds for every module, so the test keeps passing (and keeps guarding) as new
lessons, glossary files and illustrations are added. Qt-free and fast: plain YAML, pydantic and
XML only.
"""

from __future__ import annotations

import re
import shutil
import unicodedata
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel

from lessons.loader import CONTENT_DIR, MAX_WORDS, Library, load_library
from lessons.model import Lesson, Text, words

FULL_MODULES = {"m1": 6, "m2": 4, "m3": 6}
"""Modules whose lessons are all written: module id -> number of lessons (curriculum §9)."""

MIN_LESSONS = 10
MIN_STEPS, MAX_STEPS = 4, 10
SVG = "{http://www.w3.org/2000/svg}"
VIEWBOX = "0 0 400 300"
MIN_STROKE = 6.0
MIN_FONT = 36.0


@cache
def _lib() -> Library:
    return load_library()


def _lesson_ids() -> list[str]:
    return sorted(_lib().lessons)


def _yaml_files() -> list[Path]:
    return sorted(CONTENT_DIR.rglob("*.yaml"))


def _texts(obj: object) -> Iterator[Text]:
    """Every :class:`Text` inside a model, however deep."""
    if isinstance(obj, Text):
        yield obj
    elif isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            yield from _texts(getattr(obj, name))
    elif isinstance(obj, list | tuple):
        for item in obj:
            yield from _texts(item)
    elif isinstance(obj, dict):
        for item in obj.values():
            yield from _texts(item)


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?:;])\s+|\n+", text) if s.strip()]


def _images(lib: Library) -> dict[str, list[str]]:
    """Image path -> who uses it (lesson steps and module icons)."""
    used: dict[str, list[str]] = {}
    for m in lib.modules:
        used.setdefault(m.icon, []).append(f"modules.yaml:{m.id}")
    for les in lib.lessons.values():
        for i, step in enumerate(les.steps):
            if step.image:
                used.setdefault(step.image, []).append(f"{les.id} steps[{i}]")
    return used


# --- the library as a whole -------------------------------------------------------------------


def test_library_loads_without_errors() -> None:
    lib = _lib()
    assert not lib.errors, "\n".join(str(e) for e in lib.errors)


def test_every_lesson_file_is_loaded() -> None:
    files = sorted((CONTENT_DIR / "lessons").rglob("*.yaml"))
    assert len(_lib().lessons) == len(files)
    assert len(files) >= MIN_LESSONS


@pytest.mark.parametrize(("module", "count"), sorted(FULL_MODULES.items()))
def test_finished_modules_have_all_their_lessons(module: str, count: int) -> None:
    lessons = _lib().lessons_of(module)
    assert len(lessons) == count
    assert [x.code for x in lessons] == [f"{module[1:]}.{n}" for n in range(1, count + 1)]


def test_modules_with_lessons_are_consistently_ordered() -> None:
    lib = _lib()
    declared = {m.id for m in lib.modules}
    assert {les.module for les in lib.lessons.values()} <= declared
    for m in lib.modules:
        lessons = lib.lessons_of(m.id)
        if not lessons:
            continue
        assert [x.order for x in lessons] == list(range(1, len(lessons) + 1)), m.id
        for les in lessons:
            assert les.code == f"{m.id[1:]}.{les.order}", les.id


def test_suggested_path_and_renames_point_at_lessons() -> None:
    lib = _lib()
    raw = yaml.safe_load((CONTENT_DIR / "modules.yaml").read_text(encoding="utf-8"))
    for lesson_id in raw.get("suggested_path") or []:
        assert lesson_id in lib.lessons, lesson_id
    for new in (raw.get("renamed") or {}).values():
        assert lib.resolve(new) is not None, new


# --- files -------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", _yaml_files(), ids=lambda p: str(p.relative_to(CONTENT_DIR)))
def test_every_content_file_is_nfc(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", text), f"{path} is not NFC-normalised"


def test_lesson_ids_are_unique_across_files() -> None:
    ids = Counter(
        yaml.safe_load(p.read_text(encoding="utf-8"))["id"]
        for p in (CONTENT_DIR / "lessons").rglob("*.yaml")
    )
    assert [i for i, n in ids.items() if n > 1] == []


def test_glossary_ids_are_unique_across_files() -> None:
    ids = Counter(
        t["id"]
        for p in (CONTENT_DIR / "glossary").glob("*.yaml")
        for t in yaml.safe_load(p.read_text(encoding="utf-8"))["terms"]
    )
    assert [i for i, n in ids.items() if n > 1] == []
    assert len(_lib().glossary) == sum(ids.values())


def test_lesson_files_are_named_and_placed_by_module_and_code() -> None:
    for path in sorted((CONTENT_DIR / "lessons").rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert path.parent.name == data["module"], path
        assert path.name.startswith(f"{data['code']}-"), path


def test_glossary_terms_have_both_languages() -> None:
    for term in _lib().glossary.values():
        for text in _texts(term):
            assert text.vi.strip() and text.en.strip(), term.id
            assert unicodedata.is_normalized("NFC", text.vi + text.en), term.id


# --- each lesson -------------------------------------------------------------------------------


@pytest.fixture(params=_lesson_ids())
def lesson(request: pytest.FixtureRequest) -> Lesson:
    return _lib().lessons[request.param]


def test_lesson_has_four_to_ten_steps(lesson: Lesson) -> None:
    assert MIN_STEPS <= len(lesson.steps) <= MAX_STEPS


def test_every_string_has_both_languages_and_is_nfc(lesson: Lesson) -> None:
    texts = list(_texts(lesson))
    # title, goal, and at least one text per step
    assert len(texts) >= 2 + len(lesson.steps)
    for text in texts:
        assert isinstance(text.vi, str) and text.vi.strip()
        assert isinstance(text.en, str) and text.en.strip()
        assert unicodedata.is_normalized("NFC", text.vi)
        assert unicodedata.is_normalized("NFC", text.en)


def test_no_step_sentence_is_too_long(lesson: Lesson) -> None:
    for i, step in enumerate(lesson.steps):
        for lang in ("vi", "en"):
            for sentence in _sentences(step.text.get(lang)):
                assert words(sentence) <= MAX_WORDS, f"{lesson.id} steps[{i}].{lang}: {sentence}"


def test_lesson_is_illustrated(lesson: Lesson) -> None:
    assert any(step.image for step in lesson.steps), lesson.id


def test_glossary_ids_used_exist(lesson: Lesson) -> None:
    missing = [t for t in lesson.glossary if t not in _lib().glossary]
    assert missing == [], f"{lesson.id}: {missing}"


def test_check_questions_have_exactly_one_correct_answer(lesson: Lesson) -> None:
    assert len(lesson.check) == 0 or 2 <= len(lesson.check) <= 4, lesson.id
    for q in lesson.check:
        assert 2 <= len(q.choices) <= 4
        assert sum(c.correct for c in q.choices) == 1, q.question.vi
        assert q.explain.vi.strip() and q.explain.en.strip()


def test_finished_lessons_have_a_check() -> None:
    for module in FULL_MODULES:
        for les in _lib().lessons_of(module):
            assert 2 <= len(les.check) <= 4, les.id


def test_gesture_lesson_practises_tap_hold_and_swipe() -> None:
    les = _lib().lessons["m1.tap-swipe-hold"]
    kinds = {s.practice.kind for s in les.steps if s.practice}
    assert {"tap", "hold"} <= kinds
    assert kinds & {"swipe_left", "swipe_up"}


# --- illustrations -----------------------------------------------------------------------------


@pytest.mark.parametrize("rel", sorted(_images(_lib())))
def test_image_exists_and_is_a_simple_svg(rel: str) -> None:
    path = CONTENT_DIR / rel
    assert path.is_file(), f"{rel} used by {_images(_lib())[rel]} is missing"
    root = ET.parse(path).getroot()
    assert root.tag == f"{SVG}svg", f"{rel}: the root element is not <svg>"
    assert root.get("viewBox", "").split() == VIEWBOX.split(), f"{rel}: viewBox must be {VIEWBOX}"
    for el in root.iter():
        if (sw := el.get("stroke-width")) is not None:
            assert float(sw) >= MIN_STROKE, f"{rel}: stroke-width {sw} < {MIN_STROKE}"
        if el.tag == f"{SVG}text":
            size = float(el.get("font-size", "0"))
            assert size >= MIN_FONT, f"{rel}: text size {size} < {MIN_FONT}"
        assert el.tag not in (f"{SVG}image", f"{SVG}script", f"{SVG}foreignObject"), rel


# --- the checks can fail -----------------------------------------------------------------------


def test_a_too_long_sentence_is_refused_with_file_field_and_line(tmp_path: Path) -> None:
    root = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, root)
    target = next((root / "lessons" / "m1").glob("1.1-*.yaml"))
    lines = target.read_text(encoding="utf-8").splitlines(keepends=True)
    n = next(i for i, line in enumerate(lines) if line.lstrip().startswith("- text: {vi: "))
    long_vi = " ".join(["Bác"] + ["bấm"] * (MAX_WORDS + 4)) + "."
    lines[n] = re.sub(r'\{vi: "[^"]*"', f'{{vi: "{long_vi}"', lines[n], count=1)
    target.write_text("".join(lines), encoding="utf-8")
    lesson_id = yaml.safe_load(target.read_text(encoding="utf-8"))["id"]

    lib = load_library(root)

    assert lesson_id not in lib.lessons
    errs = [e for e in lib.errors if e.file.endswith(f"lessons/m1/{target.name}")]
    assert [(e.field, e.line) for e in errs] == [("steps[0].text.vi", n + 1)]
    assert str(MAX_WORDS) in errs[0].message
    # and the test's own walker agrees
    assert words(long_vi) > MAX_WORDS
