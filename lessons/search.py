"""Find lessons by a typed or spoken keyword ("I need to pay the hospital"), ignoring tone marks."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kiosk.db.engine import vi_fold
from lessons.loader import Library
from lessons.model import Lesson, Term

STOP_WORDS = {
    "toi",
    "can",
    "muon",
    "lam",
    "sao",
    "the",
    "nao",
    "cach",
    "bac",
    "cho",
    "va",
    "la",
    "i",
    "need",
    "to",
    "how",
    "do",
    "a",
    "my",
    "want",
}
"""Words that say nothing about the topic (folded, both languages)."""


@dataclass(frozen=True)
class Hit:
    """A lesson that matches, with its score (higher first)."""

    lesson: Lesson
    score: int


def _words(text: str) -> list[str]:
    return [w for w in re.findall(r"\w+", vi_fold(text) or "") if w not in STOP_WORDS]


def search(lib: Library, query: str, limit: int = 8) -> list[Hit]:
    """Lessons matching ``query`` in either language, best first.

    Keywords and titles weigh most, then the goal, then glossary terms the lesson uses.
    """
    words = _words(query)
    if not words:
        return []
    phrase = " ".join(words)
    hits = []
    for lesson in lib.ordered_lessons():
        fields: list[tuple[int, str]] = []
        for kw in lesson.keywords:
            fields += [(5, kw.vi), (5, kw.en)]
        fields += [
            (4, lesson.title.vi),
            (4, lesson.title.en),
            (2, lesson.goal.vi),
            (2, lesson.goal.en),
        ]
        for tid in lesson.glossary:
            term: Term | None = lib.glossary.get(tid)
            if term is not None:
                fields += [(1, term.term.vi), (1, term.term.en)]
        score = 0
        for weight, text in fields:
            folded = " ".join(_words(text))
            if phrase and phrase in folded:
                score += weight * 3
            score += weight * sum(1 for w in words if re.search(rf"\b{re.escape(w)}", folded))
        if score:
            hits.append(Hit(lesson, score))
    hits.sort(key=lambda h: -h.score)
    return hits[:limit]


def sorted_terms(lib: Library, lang: str) -> list[Term]:
    """Glossary terms in Vietnamese alphabetical order (a, ă, â, b, … đ after d)."""
    order = "aăâbcdđeêghiklmnoôơpqrstuưvxy"

    def key(term: Term) -> list[int]:
        text = (term.term.get(lang)).casefold()
        base = []
        for ch in text:
            plain = (vi_fold(ch) or ch) if ch not in order else ch
            if ch in order:
                base.append(order.index(ch))
            elif plain and plain[0] in order:
                base.append(order.index(plain[0]))
            else:
                base.append(100 + ord(ch) % 1000)
        return base

    return sorted(lib.glossary.values(), key=key)
