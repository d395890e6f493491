"""The interfaces the screens talk to. Screens never wait on speech and never import an engine.

The real implementations live in this package (the voice issue); tests use the fakes in
``tests/helpers/fakes.py``, which record calls.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Voice:
    """A voice the speaker can use: ``name`` as the engine knows it, ``lang`` as ``vi``/``en``."""

    name: str
    lang: str
    label: str = ""


class Speaker(Protocol):
    """Speech out. Every method returns at once; synthesis and playback happen elsewhere."""

    def say(self, text: str, *, lang: str = "vi") -> None:
        """Read ``text`` aloud, stopping whatever was being read."""

    def replay(self) -> None:
        """Read the last text again ("Nghe lại"), instantly when it is cached."""

    def stop(self) -> None:
        """Stop speaking now (a new screen, the idle reset)."""

    def set_rate(self, words_per_minute: int) -> None:
        """Change the speaking rate for what is read next."""

    def set_volume(self, volume: float) -> None:
        """Change the volume, 0.0–1.0."""

    @property
    def problem(self) -> str | None:
        """None when speech works, else one plain Vietnamese sentence saying what is off."""


@dataclass(frozen=True)
class Heard:
    """A command decided by the recogniser: ``action`` is a button action id, ``text`` the words."""

    action: str
    text: str
    confidence: float


class Recognizer(Protocol):
    """Speech in. Results arrive through the callback given to :meth:`start`."""

    def start(self, on_heard: Callable[[Heard], None]) -> None:
        """Begin listening (push-to-talk pressed, or always-listening mode)."""

    def stop(self) -> None:
        """Stop listening."""

    def set_language(self, lang: str) -> None:
        """Listen for the command words of ``vi`` or ``en`` (the learner's choice this visit)."""

    @property
    def problem(self) -> str | None:
        """None when listening works, else one plain Vietnamese sentence saying what is off."""


class SilentSpeaker:
    """A speaker for stations with no speech engine: it remembers the text and says why it is quiet."""

    def __init__(self, problem: str | None = None) -> None:
        """``problem`` is the plain sentence shown once (None: silence is intended, e.g. tests)."""
        self._problem = problem
        self.last = ""

    def say(self, text: str, *, lang: str = "vi") -> None:
        """Remember the text; nothing is heard."""
        self.last = text

    def replay(self) -> None:
        """Nothing to replay aloud."""

    def stop(self) -> None:
        """Nothing to stop."""

    def set_rate(self, words_per_minute: int) -> None:
        """Ignored."""

    def set_volume(self, volume: float) -> None:
        """Ignored."""

    @property
    def problem(self) -> str | None:
        """Why the station is silent."""
        return self._problem
