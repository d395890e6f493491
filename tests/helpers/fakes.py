"""Fakes for what cannot run in a test: they record every call so tests can assert on them."""

from __future__ import annotations

from collections.abc import Callable

from voice.api import Heard


class FakeSpeaker:
    """Records what would have been said. Fake because tests must not depend on audio timing;
    tests/voice drives the real espeak-ng."""

    def __init__(self, problem: str | None = None) -> None:
        self.said: list[tuple[str, str]] = []
        self.replays = 0
        self.stops = 0
        self.rate = 140
        self.volume = 0.9
        self._problem = problem

    def say(self, text: str, *, lang: str = "vi") -> None:
        self.said.append((text, lang))

    def replay(self) -> None:
        self.replays += 1

    def stop(self) -> None:
        self.stops += 1

    def set_rate(self, words_per_minute: int) -> None:
        self.rate = words_per_minute

    def set_volume(self, volume: float) -> None:
        self.volume = volume

    @property
    def problem(self) -> str | None:
        return self._problem

    @property
    def last(self) -> str:
        return self.said[-1][0] if self.said else ""


class FakeRecognizer:
    """Delivers commands the test chooses. Fake because a test cannot speak into a microphone;
    tests/voice runs the real vosk recogniser on synthesised audio."""

    def __init__(self, problem: str | None = None) -> None:
        self.listening = False
        self.lang = "vi"
        self._on_heard: Callable[[Heard], None] | None = None
        self._problem = problem

    def start(self, on_heard: Callable[[Heard], None]) -> None:
        self.listening = True
        self._on_heard = on_heard

    def stop(self) -> None:
        self.listening = False

    def set_language(self, lang: str) -> None:
        self.lang = lang

    def hear(self, action: str, text: str) -> None:
        assert self._on_heard is not None, "start() was not called"
        self._on_heard(Heard(action, text, 0.9))

    @property
    def problem(self) -> str | None:
        return self._problem


class FakeSlipMaker:
    """Records slip requests instead of printing. Fake only in screen tests; the printing path is
    tested for real through a CUPS PDF queue in tests/kiosk."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []

    def __call__(self, facts, lang):  # type: ignore[no-untyped-def]
        from lessons.slips import SlipResult

        self.calls.append((facts.code, lang))
        return SlipResult("/dev/null", True, "Đã in phiếu.")
