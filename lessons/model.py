"""The closed schema of lesson content: modules, lessons, steps, checks, glossary.

Every model forbids unknown keys. Every learner-facing string is a :class:`Text` with both ``vi`` and
``en``. Illustrations are paths relative to the content folder. See ``lessons/FORMAT.md``.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

FORMAT_VERSION: Literal[1] = 1
"""Version of the content format; a bump ships with a migration function in ``lessons.loader``."""

LESSON_ID = r"^m[1-9]\.[a-z0-9]+(-[a-z0-9]+)*$"
SIM_ID = r"^sim-[0-9]{2}[a-z0-9-]*$"
TERM_ID = r"^[a-z0-9]+(-[a-z0-9]+)*$"

D757_GROUPS = (
    "757-G0.1",
    "757-G0.2",
    "757-G1.1",
    "757-G1.2",
    "757-G1.3",
    "757-Comm",
    "757-Safe",
    "757-Cont",
    "757-Serv",
    "757-AI",
)
"""Decision 757/QĐ-BKHCN skill groups (numbered ones verified; themed ones by name, see content §9)."""
TT02_DOMAINS = ("TT02-D1", "TT02-D2", "TT02-D3", "TT02-D4", "TT02-D5", "TT02-D6")
"""Circular 02/2025/TT-BGDĐT digital-competence domains."""

NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Closed(BaseModel):
    """Base of every content model: unknown keys are errors, values are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Text(Closed):
    """One learner-facing string in both languages."""

    vi: NonEmpty
    en: NonEmpty

    @field_validator("vi", "en")
    @classmethod
    def _nfc(cls, v: str) -> str:
        if unicodedata.normalize("NFC", v) != v:
            raise ValueError("chữ phải ở dạng NFC (text must be NFC-normalised)")
        return v

    def get(self, lang: str) -> str:
        """The text in ``lang`` (``vi`` or ``en``); Vietnamese for anything else."""
        return self.en if lang == "en" else self.vi


class Practice(Closed):
    """An optional 'try it' action on a step: the learner does the gesture on a big target."""

    kind: Literal["tap", "double_tap", "hold", "swipe_left", "swipe_up"]
    prompt: Text


class Step(Closed):
    """One idea on one screen."""

    text: Text
    narration: Text | None = None
    image: NonEmpty | None = None
    practice: Practice | None = None

    def spoken(self, lang: str) -> str:
        """What the speaker reads for this step."""
        return (self.narration or self.text).get(lang)


class Choice(Closed):
    """One big answer button of a check question."""

    text: Text
    correct: bool = False


class Question(Closed):
    """A check question with 2–4 choices and a kind explanation shown after any answer."""

    question: Text
    choices: list[Choice] = Field(min_length=2, max_length=4)
    explain: Text

    @model_validator(mode="after")
    def _one_correct(self) -> Question:
        if sum(c.correct for c in self.choices) != 1:
            raise ValueError("mỗi câu hỏi cần đúng một lựa chọn đúng (exactly one correct choice)")
        return self


class Competencies(Closed):
    """Framework mapping of a lesson."""

    d757: list[Literal[D757_GROUPS]] = Field(min_length=1)  # type: ignore[valid-type]
    tt02: list[Literal[TT02_DOMAINS]] = Field(min_length=1)  # type: ignore[valid-type]


class Lesson(Closed):
    """A 5–10 minute lesson: steps and an optional check."""

    id: Annotated[str, StringConstraints(pattern=LESSON_ID)]
    format: Literal[1] = FORMAT_VERSION
    version: int = Field(ge=1)
    module: Annotated[str, StringConstraints(pattern=r"^m[1-9]$")]
    order: int = Field(ge=1)
    code: Annotated[str, StringConstraints(pattern=r"^[1-9]\.[0-9]+$")]
    title: Text
    goal: Text
    duration_min: int = Field(ge=3, le=15)
    competencies: Competencies
    keywords: list[Text] = Field(default_factory=list)
    glossary: list[Annotated[str, StringConstraints(pattern=TERM_ID)]] = Field(default_factory=list)
    steps: list[Step] = Field(min_length=1, max_length=12)
    check: list[Question] = Field(default_factory=list, max_length=4)

    @model_validator(mode="after")
    def _module_matches(self) -> Lesson:
        if not self.id.startswith(self.module + "."):
            raise ValueError(f"id '{self.id}' phải bắt đầu bằng '{self.module}.'")
        if not self.code.startswith(self.module[1:] + "."):
            raise ValueError(f"code '{self.code}' không khớp với module '{self.module}'")
        return self


class Module(Closed):
    """An ordered group of lessons shown as one tile on the home screen."""

    id: Annotated[str, StringConstraints(pattern=r"^m[1-9]$")]
    order: int = Field(ge=1)
    title: Text
    summary: Text
    icon: NonEmpty
    simulations: list[Annotated[str, StringConstraints(pattern=SIM_ID)]] = Field(
        default_factory=list
    )
    """The practice simulations that end the module, in order."""


class Catalogue(Closed):
    """``modules.yaml``: the module list, plus declared renames and deletions of lesson ids."""

    format: Literal[1] = FORMAT_VERSION
    modules: list[Module] = Field(min_length=1)
    renamed: dict[str, str] = Field(default_factory=dict)
    deleted: list[str] = Field(default_factory=list)
    suggested_path: list[Annotated[str, StringConstraints(pattern=LESSON_ID)]] = Field(
        default_factory=list
    )


class Term(Closed):
    """A glossary entry the learner can tap to see and hear."""

    id: Annotated[str, StringConstraints(pattern=TERM_ID)]
    term: Text
    meaning: Text


class Glossary(Closed):
    """``glossary.yaml``."""

    format: Literal[1] = FORMAT_VERSION
    terms: list[Term]


def words(sentence: str) -> int:
    """Number of words in a sentence (for the plain-words rule)."""
    return len(re.findall(r"\w+(?:[-'’]\w+)*", sentence))
