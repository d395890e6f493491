"""Speech out with the real espeak-ng: the WAV files, the cache, the backends and the fallbacks."""

from __future__ import annotations

import math
import wave
from array import array
from pathlib import Path

import pytest

from voice.tts import (
    DEFAULT_RATE,
    NO_ESPEAK,
    EspeakCliBackend,
    Synthesizer,
    TtsError,
    installed_voices,
    resolve_voice,
)

TEXT = "Xin chào bác. Hãy bấm nút Tiếp theo để sang bước 2."


class CountingBackend:
    """The real espeak-ng program, counting how often it is asked to write a file."""

    name = "counting-cli"

    def __init__(self) -> None:
        self.calls: list[tuple[str, str, int]] = []
        self._real = EspeakCliBackend()

    def synthesize(self, text: str, voice: str, rate: int, out: Path) -> None:
        self.calls.append((text, voice, rate))
        self._real.synthesize(text, voice, rate, out)


class BrokenBackend:
    """A backend that misbehaves like pyttsx3 can: it writes nothing and says nothing."""

    name = "pyttsx3"

    def synthesize(self, text: str, voice: str, rate: int, out: Path) -> None:
        out.write_bytes(b"")


def wav_facts(path: Path) -> tuple[bytes, int, int, int, float, float]:
    """(first 4 bytes, channels, sample width, rate, seconds, RMS)."""
    head = path.read_bytes()[:4]
    with wave.open(str(path), "rb") as w:
        frames = w.readframes(w.getnframes())
        samples = array("h")
        samples.frombytes(frames)
        level = math.sqrt(sum(s * s for s in samples) / max(1, len(samples)))
        seconds = w.getnframes() / w.getframerate()
        return head, w.getnchannels(), w.getsampwidth(), w.getframerate(), seconds, level


@pytest.mark.parametrize("backend", ["pyttsx3", "cli"])
@pytest.mark.parametrize("voice", ["vi", "vi-vn-x-central", "vi-vn-x-south"])
def test_real_wav(tmp_path: Path, backend: str, voice: str) -> None:
    """Real espeak-ng audio through each backend. pyttsx3 2.99 now and then writes an empty file
    (about 1 in 100, measured); the app's "auto" backend then rewrites it with the espeak-ng
    program (tested below). A forced pyttsx3 backend gets three tries here, each with a fresh
    engine (after a bad file pyttsx3's engine tends to stay bad)."""
    for attempt in range(3):
        synth = Synthesizer(tmp_path / str(attempt), backend=backend, voice=voice)
        try:
            path = synth.synthesize(TEXT)
            break
        except TtsError:
            if backend != "pyttsx3" or attempt == 2:
                raise
    head, channels, width, rate, seconds, level = wav_facts(path)
    assert head == b"RIFF"
    assert (channels, width, rate) == (1, 2, 22050)
    assert seconds > 0.3
    assert level > 300, "not silent"
    assert synth.backend_name == ("pyttsx3" if backend == "pyttsx3" else "espeak-ng-cli")
    assert path.is_relative_to(tmp_path / str(attempt))


def test_english_voice(tmp_path: Path) -> None:
    path = Synthesizer(tmp_path, backend="cli").synthesize("Press next.", lang="en")
    assert wav_facts(path)[4] > 0.3


def test_cache_hit_on_second_call(tmp_path: Path) -> None:
    backend = CountingBackend()
    synth = Synthesizer(tmp_path, backend=backend)
    assert synth.cached(TEXT) is None
    first = synth.synthesize(TEXT)
    second = synth.synthesize(TEXT)
    assert first == second
    assert len(backend.calls) == 1
    assert synth.cached(TEXT) == first
    # the text is normalised before synthesis: "2" is read as a word
    assert backend.calls[0][0].endswith("bước hai.")


def test_rate_and_voice_change_the_file(tmp_path: Path) -> None:
    synth = Synthesizer(tmp_path, backend="cli")
    slow = synth.synthesize(TEXT, rate=120)
    fast = synth.synthesize(TEXT, rate=180)
    south = synth.synthesize(TEXT, rate=120, voice="vi-vn-x-south")
    assert len({slow, fast, south}) == 3
    assert wav_facts(slow)[4] > wav_facts(fast)[4]


def test_slower_default_rate() -> None:
    assert 130 <= DEFAULT_RATE <= 140


def test_concurrent_requests_all_complete(tmp_path: Path) -> None:
    """pyttsx3 lost files when two threads shared an engine; the engine thread serialises them.

    pyttsx3 also writes an empty WAV about once in a hundred files; those are rewritten by the
    espeak-ng program (``fallbacks`` counts them), so every request still gets a real file.
    """
    from concurrent.futures import ThreadPoolExecutor

    synth = Synthesizer(tmp_path, backend="auto")
    texts = [f"Câu số {i}" for i in range(40)]
    with ThreadPoolExecutor(4) as pool:
        paths = list(pool.map(synth.synthesize, texts))
    assert len(set(paths)) == 40
    assert all(wav_facts(p)[4] > 0.3 for p in paths)
    assert synth.fallbacks < 10


def test_backends_share_the_cache(tmp_path: Path) -> None:
    """Both backends run the same libespeak-ng: a file from either is a cache hit for the other."""
    written = Synthesizer(tmp_path, backend="cli").synthesize(TEXT)
    assert Synthesizer(tmp_path, backend="pyttsx3").cached(TEXT) == written


def test_misbehaving_backend_falls_back_to_the_program(tmp_path: Path) -> None:
    synth = Synthesizer(tmp_path, backend="auto")
    synth._backend = BrokenBackend()  # what pyttsx3 did in TECH-NOTES §3 (a lost file)
    path = synth.synthesize(TEXT)
    assert wav_facts(path)[4] > 0.3
    assert synth.fallbacks == 1
    assert synth.backend_name == "pyttsx3"  # one failure: only that file used the program
    for i in range(2):
        synth.synthesize(f"{TEXT} {i}")
    assert synth.fallbacks == 3
    assert synth.backend_name == "espeak-ng-cli"  # three in a row: the program for good


def test_missing_espeak_is_a_plain_problem(tmp_path: Path) -> None:
    synth = Synthesizer(tmp_path, backend="cli", espeak_cmd="espeak-ng-not-installed")
    assert synth.problem == NO_ESPEAK
    with pytest.raises(TtsError, match="chạm"):
        synth.synthesize(TEXT)
    assert synth.cached(TEXT) is None
    assert not list(tmp_path.iterdir())


def test_ranked_voice_fallback() -> None:
    available = installed_voices()
    assert {"vi", "vi-vn-x-central", "vi-vn-x-south", "en"} <= available
    assert resolve_voice("vi-vn-x-south", "vi", available) == "vi-vn-x-south"
    # requested → regional → first vi
    assert resolve_voice("vi-vn-x-south", "vi", {"vi", "vi-vn-x-central"}) == "vi-vn-x-central"
    assert resolve_voice("vi-vn-x-south", "vi", {"vi"}) == "vi"
    assert resolve_voice("", "vi", {"vi-vn-x-central", "en"}) == "vi-vn-x-central"
    assert resolve_voice("vi", "vi", {"en"}) is None


def test_voices_lists_the_kiosk_voices(tmp_path: Path) -> None:
    names = [v.name for v in Synthesizer(tmp_path).voices()]
    assert names == ["vi", "vi-vn-x-central", "vi-vn-x-south", "en"]
