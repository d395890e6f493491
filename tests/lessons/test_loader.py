"""Loader errors name the file, the field and the right line, and a broken lesson is left out.

Each test writes a tiny content tree under ``tmp_path``, breaks one thing in the lesson file and
checks the single error it produces. Qt-free.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from lessons.loader import Library, load_library
from lessons.yamlsrc import ContentError

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 300">'
    '<rect width="400" height="300" fill="#FFF8E1"/></svg>\n'
)

MODULES = """\
format: 1
modules:
  - id: m1
    order: 1
    title: {vi: "Làm quen điện thoại", en: "Smartphone basics"}
    summary: {vi: "Bật máy, chạm, vuốt.", en: "Power on, tap, swipe."}
    icon: images/m1.svg
renamed: {}
deleted: []
suggested_path: []
"""

GLOSSARY = """\
format: 1
terms:
  - id: otp
    term: {vi: "Mã OTP", en: "OTP code"}
    meaning: {vi: "Mã dùng một lần.", en: "A one-time code."}
"""

LESSON = """\
id: m1.sample
version: 1
module: m1
order: 1
code: "1.1"
title: {vi: "Bài mẫu", en: "Sample lesson"}
goal: {vi: "Bác học một điều.", en: "You learn one thing."}
duration_min: 5
competencies:
  d757: ["757-G0.1"]
  tt02: ["TT02-D5"]
glossary: [otp]
steps:
  - text: {vi: "Bước một.", en: "Step one."}
    image: images/pic.svg
  - text: {vi: "Bước hai.", en: "Step two."}
check:
  - question: {vi: "Đúng không?", en: "Right?"}
    choices:
      - {text: {vi: "Đúng", en: "Yes"}, correct: true}
      - {text: {vi: "Sai", en: "No"}}
    explain: {vi: "Không sao cả.", en: "No problem."}
"""

NAME = "content/lessons/m1/1.1-sample.yaml"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    (root / "images").mkdir(parents=True)
    (root / "glossary").mkdir()
    (root / "lessons" / "m1").mkdir(parents=True)
    (root / "modules.yaml").write_text(MODULES, encoding="utf-8")
    (root / "glossary" / "core.yaml").write_text(GLOSSARY, encoding="utf-8")
    (root / "images" / "m1.svg").write_text(SVG, encoding="utf-8")
    (root / "images" / "pic.svg").write_text(SVG, encoding="utf-8")
    return root


def _load(root: Path, text: str) -> Library:
    (root / "lessons" / "m1" / "1.1-sample.yaml").write_text(text, encoding="utf-8")
    return load_library(root)


def _line(text: str, needle: str) -> int:
    """1-based line of the first line containing ``needle``."""
    for n, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return n
    raise AssertionError(f"{needle!r} not in the lesson text")


def _only_error(lib: Library) -> ContentError:
    assert "m1.sample" not in lib.lessons, "a broken lesson must be left out"
    assert len(lib.errors) == 1, "\n".join(str(e) for e in lib.errors)
    err = lib.errors[0]
    assert err.file == NAME
    return err


def test_the_sample_lesson_loads(root: Path) -> None:
    lib = _load(root, LESSON)
    assert lib.errors == []
    assert list(lib.lessons) == ["m1.sample"]


def test_unknown_key(root: Path) -> None:
    text = LESSON.replace(
        "    image: images/pic.svg\n", "    image: images/pic.svg\n    colour: red\n"
    )
    err = _only_error(_load(root, text))
    assert err.field == "steps[0].colour"
    assert err.line == _line(text, "colour: red")
    assert "unknown field" in err.message


def test_missing_english(root: Path) -> None:
    text = LESSON.replace('title: {vi: "Bài mẫu", en: "Sample lesson"}', 'title: {vi: "Bài mẫu"}')
    err = _only_error(_load(root, text))
    assert err.field == "title.en"
    assert err.line == _line(text, "title:")
    assert "missing" in err.message


def test_bad_framework_code(root: Path) -> None:
    text = LESSON.replace('d757: ["757-G0.1"]', 'd757: ["757-G9.9"]')
    err = _only_error(_load(root, text))
    assert err.field == "competencies.d757[0]"
    assert err.line == _line(text, "757-G9.9")
    assert "not allowed" in err.message


def test_broken_yaml(root: Path) -> None:
    text = LESSON.replace('en: "You learn one thing."}', 'en: "You learn one thing."}}')
    err = _only_error(_load(root, text))
    assert err.field == ""
    assert err.line == _line(text, "goal:")
    assert "YAML" in err.message


def test_missing_image(root: Path) -> None:
    text = LESSON.replace("images/pic.svg", "images/nowhere.svg")
    err = _only_error(_load(root, text))
    assert err.field == "steps[0].image"
    assert err.line == _line(text, "images/nowhere.svg")
    assert "images/nowhere.svg" in err.message


def test_unknown_glossary_term(root: Path) -> None:
    text = LESSON.replace("glossary: [otp]", "glossary: [otp-code]")
    err = _only_error(_load(root, text))
    assert err.field == "glossary[0]"
    assert err.line == _line(text, "glossary:")


def test_two_correct_answers(root: Path) -> None:
    wrong = '{text: {vi: "Sai", en: "No"}}'
    text = LESSON.replace(wrong, wrong[:-1] + ", correct: true}")
    err = _only_error(_load(root, text))
    assert err.field == "check[0]"
    assert err.line == _line(text, "- question:")
    assert "correct" in err.message


def test_too_long_sentence(root: Path) -> None:
    long_vi = "Bác " + " ".join(["bấm"] * 30) + "."
    text = LESSON.replace('{vi: "Bước hai."', f'{{vi: "{long_vi}"')
    err = _only_error(_load(root, text))
    assert err.field == "steps[1].text.vi"
    assert err.line == _line(text, long_vi)


def test_duplicate_id_in_another_file(root: Path) -> None:
    (root / "lessons" / "m1" / "1.2-copy.yaml").write_text(
        LESSON.replace('code: "1.1"', 'code: "1.2"').replace("order: 1\n", "order: 2\n"),
        encoding="utf-8",
    )
    lib = _load(root, LESSON)
    assert list(lib.lessons) == ["m1.sample"]
    [err] = lib.errors
    assert err.file == "content/lessons/m1/1.2-copy.yaml"
    assert err.field == "id"
    assert err.line == 1


def test_missing_module_icon_names_the_line(tmp_path: Path) -> None:
    import shutil

    from lessons.loader import CONTENT_DIR, load_library

    root = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, root)
    (root / "images" / "modules" / "m2.svg").unlink()
    lib = load_library(root)
    [err] = [e for e in lib.errors if e.field.endswith("icon")]
    text = (root / "modules.yaml").read_text(encoding="utf-8").splitlines()
    assert err.field == "modules[1].icon" and "m2.svg" in text[err.line - 1]
