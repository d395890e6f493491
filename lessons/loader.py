"""Load the whole content library (modules, lessons, glossary) and check it across files.

A broken file never stops the kiosk: it is left out, and its errors (file, field, line) are kept in
:attr:`Library.errors` for the log, ``doctor`` and the admin screen.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from lessons.model import Catalogue, Glossary, Lesson, Module, Term, words
from lessons.yamlsrc import (
    ContentError,
    ContentInvalid,
    dotted,
    line_of,
    load_model,
    read_yaml,
    validate,
)

log = logging.getLogger(__name__)

CONTENT_DIR = Path(__file__).resolve().parent / "content"
"""The content bundled with the application."""

MAX_WORDS = 25
"""A step sentence longer than this is refused: short sentences for elderly learners."""


@dataclass
class Library:
    """Everything the learner can open, in order, plus the problems found while loading."""

    root: Path
    modules: list[Module] = field(default_factory=list)
    lessons: dict[str, Lesson] = field(default_factory=dict)
    glossary: dict[str, Term] = field(default_factory=dict)
    renamed: dict[str, str] = field(default_factory=dict)
    suggested_path: list[str] = field(default_factory=list)
    errors: list[ContentError] = field(default_factory=list)

    def module(self, module_id: str) -> Module:
        """The module with this id (KeyError if unknown)."""
        for m in self.modules:
            if m.id == module_id:
                return m
        raise KeyError(module_id)

    def lessons_of(self, module_id: str) -> list[Lesson]:
        """Lessons of one module in their order."""
        return sorted(
            (x for x in self.lessons.values() if x.module == module_id), key=lambda x: x.order
        )

    def ordered_lessons(self) -> list[Lesson]:
        """All lessons, module by module."""
        return [les for m in self.modules for les in self.lessons_of(m.id)]

    def resolve(self, lesson_id: str) -> str | None:
        """Follow declared renames; None when the id is unknown or deleted."""
        seen = set()
        while lesson_id in self.renamed and lesson_id not in seen:
            seen.add(lesson_id)
            lesson_id = self.renamed[lesson_id]
        return lesson_id if lesson_id in self.lessons else None

    def next_lesson(self, lesson_id: str) -> Lesson | None:
        """The lesson after this one in the overall order, or None at the end."""
        order = self.ordered_lessons()
        ids = [x.id for x in order]
        if lesson_id not in ids:
            return order[0] if order else None
        i = ids.index(lesson_id)
        return order[i + 1] if i + 1 < len(order) else None

    def image_path(self, rel: str) -> Path:
        """Absolute path of an illustration referenced by content."""
        return self.root / rel


def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root.parent))
    except ValueError:
        return str(path)


def _check_lesson(
    lesson: Lesson, name: str, lines: dict[tuple[str | int, ...], int], lib: Library
) -> list[ContentError]:
    """Cross-file rules: module exists, images exist, glossary terms exist, short sentences."""
    errs: list[ContentError] = []

    def err(loc: tuple[str | int, ...], msg: str) -> None:
        errs.append(ContentError(name, dotted(loc), line_of(lines, loc), msg))

    if lesson.module not in {m.id for m in lib.modules}:
        err(("module",), f"không có module '{lesson.module}' trong modules.yaml")
    for i, step in enumerate(lesson.steps):
        if step.image and not (lib.root / step.image).is_file():
            err(("steps", i, "image"), f"không tìm thấy hình '{step.image}'")
        for lang in ("vi", "en"):
            for sentence in _sentences(step.text.get(lang)):
                if words(sentence) > MAX_WORDS:
                    err(
                        ("steps", i, "text", lang),
                        f"câu dài {words(sentence)} từ (tối đa {MAX_WORDS}): “{sentence[:40]}…”",
                    )
    for i, term in enumerate(lesson.glossary):
        if lib.glossary and term not in lib.glossary:
            err(("glossary", i), f"thuật ngữ '{term}' không có trong glossary")
    return errs


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?:;])\s+|\n+", text) if s.strip()]


def load_library(root: Path = CONTENT_DIR) -> Library:
    """Load every module, lesson and glossary term under ``root``.

    Args:
        root: the content folder (``modules.yaml``, ``glossary/*.yaml``, ``lessons/**.yaml``).

    Returns:
        The library; files with errors are left out and their errors listed in ``errors``.
    """
    lib = Library(root=root)
    modules_file = _rel(root / "modules.yaml", root)
    try:
        data, mod_lines = read_yaml(root / "modules.yaml", label=modules_file)
        cat = validate(Catalogue, data, mod_lines, modules_file)
    except ContentInvalid as exc:
        lib.errors.extend(exc.errors)
        return lib
    lib.modules = sorted(cat.modules, key=lambda m: m.order)
    lib.renamed = dict(cat.renamed)
    for i, m in enumerate(cat.modules):
        if not (root / m.icon).is_file():
            loc = ("modules", i, "icon")
            lib.errors.append(
                ContentError(
                    modules_file,
                    dotted(loc),
                    line_of(mod_lines, loc),
                    f"không tìm thấy hình '{m.icon}'",
                )
            )
    for gpath in sorted((root / "glossary").glob("*.yaml")):
        try:
            gl = load_model(Glossary, gpath, label=_rel(gpath, root))
        except ContentInvalid as exc:
            lib.errors.extend(exc.errors)
            continue
        for t in gl.terms:
            if t.id in lib.glossary:
                lib.errors.append(
                    ContentError(
                        _rel(gpath, root), "terms", 0, f"thuật ngữ '{t.id}' đã có ở tệp khác"
                    )
                )
            lib.glossary[t.id] = t

    for path in sorted((root / "lessons").rglob("*.yaml")):
        name = _rel(path, root)
        try:
            data, lines = read_yaml(path, label=name)
            lesson = validate(Lesson, data, lines, name)
        except ContentInvalid as exc:
            lib.errors.extend(exc.errors)
            continue
        problems = _check_lesson(lesson, name, lines, lib)
        if lesson.id in lib.lessons:
            problems.append(
                ContentError(
                    name, "id", lines.get(("id",), 0), f"id '{lesson.id}' đã dùng ở bài khác"
                )
            )
        if lesson.id in cat.deleted:
            problems.append(
                ContentError(
                    name, "id", lines.get(("id",), 0), f"id '{lesson.id}' đã khai báo là đã xóa"
                )
            )
        if problems:
            lib.errors.extend(problems)
            continue
        lib.lessons[lesson.id] = lesson
    lib.suggested_path = [x for x in cat.suggested_path if x in lib.lessons]
    for e in lib.errors:
        log.warning("Nội dung lỗi / content error: %s", e)
    return lib
