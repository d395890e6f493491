"""Searching the shipped lessons by what a learner would say."""

from __future__ import annotations

import pytest

from lessons.loader import load_library
from lessons.search import search, sorted_terms


@pytest.fixture(scope="module")
def lib():  # type: ignore[no-untyped-def]
    return load_library()


@pytest.mark.parametrize(
    "query, expected",
    [
        ("Tôi cần đóng viện phí", "m5.hospital-tuition"),
        ("vien phi", "m5.hospital-tuition"),
        ("chuyển tiền bằng mã QR", "m5.vietqr-transfer"),
        ("kích hoạt VNeID", "m3.activate-password-passcode"),
        ("tiền điện", "m5.electricity-bill"),
        ("I need to pay the hospital", "m5.hospital-tuition"),
    ],
)
def test_what_learners_say_finds_the_lesson(lib, query: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    hits = search(lib, query)
    assert hits, query
    assert expected in [h.lesson.id for h in hits[:3]], [h.lesson.id for h in hits[:3]]


def test_empty_or_stop_words_find_nothing(lib) -> None:  # type: ignore[no-untyped-def]
    assert search(lib, "") == [] and search(lib, "tôi cần") == []


def test_glossary_sorts_the_vietnamese_way(lib) -> None:  # type: ignore[no-untyped-def]
    terms = [t.term.vi for t in sorted_terms(lib, "vi")]
    firsts = [t[0].lower() for t in terms]
    if "d" in firsts and "đ" in firsts:
        assert max(i for i, c in enumerate(firsts) if c == "d") < firsts.index("đ")
    assert len(terms) == len(lib.glossary)
