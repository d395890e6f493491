"""The command table and the grammar builder (a bad grammar segfaults vosk, so it must never be)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from voice.commands import (
    ACTIONS,
    COMMANDS_EN,
    COMMANDS_KO_TEST,
    COMMANDS_VI,
    GARBAGE_WORDS,
    build_grammar,
    grammar_for,
    match,
    table_for,
)


def test_every_action_has_vietnamese_and_english_phrases() -> None:
    assert set(COMMANDS_VI) == set(ACTIONS) == set(COMMANDS_EN)
    for table in (COMMANDS_VI, COMMANDS_EN):
        assert all(table[a] for a in ACTIONS)


def test_required_phrases() -> None:
    vi = {p: a for a, phrases in COMMANDS_VI.items() for p in phrases}
    for phrase, action in {
        "tiếp theo": "next",
        "tiếp": "next",
        "quay lại": "back",
        "nghe lại": "repeat",
        "nhắc lại": "repeat",
        "trợ giúp": "help",
        "giúp tôi": "help",
        "về trang chủ": "home",
        "có": "yes",
        "không": "no",
        "một": "answer1",
        "bốn": "answer4",
        "gọi nhân viên": "call_staff",
        "chậm hơn": "slower",
        "nhanh hơn": "faster",
    }.items():
        assert vi[phrase] == action
    en = {p: a for a, phrases in COMMANDS_EN.items() for p in phrases}
    assert en["call staff"] == "call_staff"
    assert en["three"] == "answer3"


def test_no_phrase_means_two_actions() -> None:
    for table in (COMMANDS_VI, COMMANDS_EN, COMMANDS_KO_TEST):
        phrases = [p for ps in table.values() for p in ps]
        assert len(phrases) == len(set(phrases))


def test_grammar_is_json_with_phrases_then_garbage() -> None:
    grammar = grammar_for(COMMANDS_VI)
    words = json.loads(grammar)
    assert "tiếp theo" in grammar  # ensure_ascii=False: the letters, not \\u escapes
    assert words[-len(GARBAGE_WORDS) :] == list(GARBAGE_WORDS)
    assert "về trang chủ" in words


def test_empty_grammar_is_refused() -> None:
    with pytest.raises(ValueError, match="trống"):
        build_grammar([])
    with pytest.raises(ValueError):
        build_grammar(["", "   ", "?!"])


def test_match() -> None:
    assert match("tiếp theo", COMMANDS_VI) == "next"
    assert match(" Quay  lại ", COMMANDS_VI) == "back"
    assert match("[unk]", COMMANDS_VI) is None
    assert match("", COMMANDS_VI) is None
    assert match("quay lại tiếp theo", COMMANDS_VI) is None
    assert match("<SPOKEN_NOISE> 다음", COMMANDS_KO_TEST) == "next"
    assert table_for("en") is COMMANDS_EN


@given(st.lists(st.text(max_size=30), max_size=12))
def test_grammar_never_empty_or_malformed(phrases: list[str]) -> None:
    try:
        grammar = build_grammar(phrases)
    except ValueError:
        assert not any(p.strip() for p in phrases) or all(
            not "".join(ch for ch in p if ch.isalnum() or ch in "'<>[]-_") for p in phrases
        )
        return
    decoded = json.loads(grammar)
    assert isinstance(decoded, list)
    real = [w for w in decoded if w not in GARBAGE_WORDS]
    assert real, "at least one real phrase"
    assert all(isinstance(w, str) and w and w == w.strip() for w in decoded)
    assert len(decoded) == len(set(decoded))
