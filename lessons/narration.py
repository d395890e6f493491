"""Every sentence the kiosk can read aloud from content, for ``python main.py voice prepare``."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel

from lessons.loader import Library
from lessons.model import Text
from lessons.player import LessonPlayer
from lessons.sim.loader import SimLibrary


def _texts(node: object) -> Iterator[Text]:
    """Every :class:`Text` inside a content model, depth first."""
    if isinstance(node, Text):
        yield node
    elif isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from _texts(getattr(node, name))
    elif isinstance(node, list | tuple):
        for item in node:
            yield from _texts(item)
    elif isinstance(node, dict):
        for item in node.values():
            yield from _texts(item)


def narration(lib: Library, sims: SimLibrary | None = None) -> list[tuple[str, str]]:
    """(text, lang) for each step and question as the player reads it, each glossary entry, and
    every bilingual string of every simulation (instructions, hints, calls, messages)."""
    out: list[tuple[str, str]] = []
    for lang in ("vi", "en"):
        for lesson in lib.ordered_lessons():
            player = LessonPlayer(lesson)
            for _ in range(player.page_count):
                out.append((player.speech(lang), lang))
                if player.page.__class__.__name__ == "QuestionPage":
                    player.answer(0)
                player.next()
        for term in lib.glossary.values():
            out.append((f"{term.term.get(lang)}. {term.meaning.get(lang)}", lang))
        if sims is not None:
            for scenario in sims.scenarios.values():
                out += [(t.get(lang), lang) for t in _texts(scenario)]
    return list(dict.fromkeys(x for x in out if x[0].strip()))
