"""QtSpeaker and QtRecognizer under pytest-qt, headless and with no sound card.

With no audio device the player times each real WAV from its own length instead of starting Qt's
FFmpeg pipeline (which crashed now and then here without a device), so the sequencing (started →
finished) is tested on real synthesised files; the QtMultimedia path itself needs a sound device.
No sleeps: qtbot.waitSignal/waitUntil.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from voice.api import Heard, Recognizer, Speaker
from voice.asr import CommandDecider
from voice.audio import silence
from voice.qt.mic import NO_MICROPHONE, Microphone, check_microphone
from voice.qt.recognizer import QtRecognizer
from voice.qt.speaker import QtSpeaker
from voice.tts import NO_ESPEAK, Synthesizer

SHORT = "Xin chào bác"


@pytest.fixture
def speaker(tmp_path: Path) -> Iterator[QtSpeaker]:
    sp = QtSpeaker(tmp_path / "cache", backend="cli")
    yield sp
    sp.close()


def test_implements_the_protocols(speaker: QtSpeaker) -> None:
    s: Speaker = speaker
    assert s.problem is None


def test_say_returns_at_once(speaker: QtSpeaker) -> None:
    """say() of uncached text only queues the synthesis: well under 20 ms (typically 0.1 ms).

    The median of several calls is checked so that one scheduler hiccup on a loaded CI machine
    does not fail the test; a call that blocked on synthesis (10–50 ms) would fail it.
    """
    times: list[float] = []
    for i in range(7):
        start = time.perf_counter()
        speaker.say(f"Câu số {i} chưa có trong bộ nhớ đệm")
        times.append(time.perf_counter() - start)
    times.sort()
    assert times[len(times) // 2] < 0.020, [f"{t * 1000:.1f} ms" for t in times]
    speaker.stop()


def test_say_plays_to_the_end(speaker: QtSpeaker, qtbot: QtBot) -> None:
    with qtbot.waitSignal(speaker.ready, timeout=5000) as ready:
        speaker.say(SHORT)
    text, wav = ready.args
    assert text == SHORT and Path(wav).read_bytes()[:4] == b"RIFF"
    with qtbot.waitSignal(speaker.finished, timeout=10000) as finished:
        pass
    assert finished.args == [SHORT]


def test_playback_starts(speaker: QtSpeaker, qtbot: QtBot) -> None:
    with qtbot.waitSignal(speaker.started, timeout=5000) as started:
        speaker.say(SHORT)
    assert started.args == [SHORT]
    assert speaker.is_speaking()
    speaker.stop()
    qtbot.waitUntil(lambda: not speaker.is_speaking(), timeout=2000)


def test_new_say_cancels_the_old(speaker: QtSpeaker, qtbot: QtBot) -> None:
    readied: list[str] = []
    speaker.ready.connect(lambda text, _wav: readied.append(text))
    with qtbot.waitSignal(
        speaker.started, timeout=5000, check_params_cb=lambda t: t == "Câu thứ hai"
    ):
        speaker.say("Câu thứ nhất, khá dài để đọc")
        speaker.say("Câu thứ hai")
    assert readied == ["Câu thứ hai"]


def test_stop_drops_synthesis_under_way(speaker: QtSpeaker, qtbot: QtBot) -> None:
    with qtbot.assertNotEmitted(speaker.ready, wait=300):
        speaker.say("Câu này sẽ bị dừng")
        speaker.stop()


def test_replay_is_instant_when_cached(speaker: QtSpeaker, qtbot: QtBot) -> None:
    with qtbot.waitSignal(speaker.ready, timeout=5000):
        speaker.say(SHORT)
    with qtbot.waitSignal(speaker.ready, timeout=100) as again:
        start = time.perf_counter()
        speaker.replay()  # cached: ready is emitted inside replay()
        elapsed = time.perf_counter() - start
    assert again.args[0] == SHORT
    assert elapsed < 0.050


def test_rate_and_volume(speaker: QtSpeaker, qtbot: QtBot) -> None:
    speaker.set_volume(0.4)
    assert speaker.volume == pytest.approx(0.4, abs=0.01)
    base = speaker.rate
    assert speaker.slower() < base < speaker.faster() + 15
    speaker.set_rate(1000)
    assert speaker.rate == 260
    with qtbot.waitSignal(speaker.ready, timeout=5000) as fast:
        speaker.say(SHORT)
    speaker.set_rate(100)
    with qtbot.waitSignal(speaker.ready, timeout=5000) as slow:
        speaker.say(SHORT)
    assert fast.args[1] != slow.args[1]


def test_no_espeak_is_a_plain_problem(tmp_path: Path, qtbot: QtBot) -> None:
    synth = Synthesizer(tmp_path, backend="cli", espeak_cmd="espeak-ng-not-installed")
    sp = QtSpeaker(tmp_path, synthesizer=synth)
    try:
        assert sp.problem == NO_ESPEAK
        with qtbot.assertNotEmitted(sp.ready, wait=100):
            sp.say(SHORT)  # still returns at once, no crash
    finally:
        sp.close()


class FileSource:
    """An AudioSource that "records" a fixed PCM buffer in 100 ms chunks when started."""

    def __init__(self, pcm: bytes) -> None:
        self.pcm = pcm
        self.problem: str | None = None

    def start(self, on_chunk: Callable[[bytes], None]) -> bool:
        for i in range(0, len(self.pcm), 3200):
            on_chunk(self.pcm[i : i + 3200])
        return True

    def stop(self) -> None:
        pass


def test_push_to_talk_calls_on_heard_on_the_gui_thread(
    ko_decider: CommandDecider, ko_pcm: dict[tuple[str, int], bytes], qtbot: QtBot
) -> None:
    rec = QtRecognizer(
        None, lang="ko", source=FileSource(ko_pcm[("다음", 120)]), decider=ko_decider
    )
    got: list[tuple[Heard, bool]] = []
    try:
        r: Recognizer = rec
        assert r.problem is None
        rec.start(lambda h: got.append((h, threading.current_thread() is threading.main_thread())))
        with qtbot.waitSignal(rec.heard, timeout=5000):
            rec.stop()
        assert got and got[0][0].action == "next" and got[0][1]
    finally:
        rec.close()


def test_always_listening_decides_each_utterance(
    ko_decider: CommandDecider, ko_pcm: dict[tuple[str, int], bytes], qtbot: QtBot
) -> None:
    stream = silence(0.5) + ko_pcm[("다시", 120)] + silence(0.8) + ko_pcm[("다음", 175)]
    stream += silence(0.8)
    rec = QtRecognizer(
        None, lang="ko", source=FileSource(stream), decider=ko_decider, always_listening=True
    )
    got: list[str] = []
    try:
        rec.start(lambda h: got.append(h.action))
        qtbot.waitUntil(lambda: len(got) == 2, timeout=5000)
        assert got == ["repeat", "next"]
        rec.stop()
    finally:
        rec.close()


def test_noise_is_nothing_heard(ko_decider: CommandDecider, qtbot: QtBot) -> None:
    rec = QtRecognizer(None, lang="ko", source=FileSource(silence(1.0)), decider=ko_decider)
    try:
        rec.start(lambda h: pytest.fail(f"heard {h}"))
        with qtbot.waitSignal(rec.nothing_heard, timeout=5000):
            rec.stop()
    finally:
        rec.close()


def test_model_loads_in_the_background(ko_model: object, ko_model_dir: Path, qtbot: QtBot) -> None:
    """The constructor returns at once; the model is fetched in the worker and `ready` fires.

    (The session already loaded the model, which is shared per process, so this does not load it a
    second time; the first load in a kiosk takes about 1–3 s in the same worker.)
    """
    start = time.perf_counter()
    rec = QtRecognizer(ko_model_dir, lang="ko", source=FileSource(b""))
    try:
        assert time.perf_counter() - start < 0.2
        assert not rec.is_ready
        with qtbot.waitSignal(rec.ready, timeout=20000):
            pass
        assert rec.problem is None
    finally:
        rec.close()


def test_no_model_is_a_plain_problem(tmp_path: Path) -> None:
    rec = QtRecognizer(tmp_path / "missing", source=FileSource(b""))
    try:
        assert rec.problem is not None and "chạm" in rec.problem
        rec.start(lambda h: pytest.fail("no model, nothing heard"))
        assert not rec.is_listening
    finally:
        rec.close()


def test_no_microphone_is_a_plain_problem(qtbot: QtBot) -> None:
    """This machine has no sound card (CI): the microphone reports it instead of crashing."""
    problem = check_microphone()
    mic = Microphone()
    if problem is None:
        pytest.skip("this machine has a microphone")
    assert problem == NO_MICROPHONE
    assert mic.problem == NO_MICROPHONE
    assert mic.start(lambda chunk: None) is False


def test_pyside_guard_keeps_none_alive() -> None:
    """PySide6 6.12 on 3.11 drops a None reference per void call; the guard makes None immortal."""
    import sys

    from PySide6.QtCore import QObject

    from voice.qt import pyside_guard

    active = pyside_guard.install()
    if sys.version_info >= (3, 12):
        assert not active
        return
    assert active == pyside_guard.drops_none_references()
    probe = QObject()
    for _ in range(1000):
        probe.setObjectName("x")
    if active:
        assert sys.getrefcount(None) > 1 << 39  # far from zero whatever the bindings drop


def test_silent_clock_times_a_real_wav(qtbot: QtBot, tmp_path: Path) -> None:
    from voice.qt.player import WavPlayer, wav_seconds

    wav = Synthesizer(tmp_path, backend="cli").synthesize(SHORT)
    player = WavPlayer(silent=True)
    assert wav_seconds(wav) > 0.3
    with qtbot.waitSignal(player.started, timeout=1000):
        player.play(wav)
    assert player.is_playing()
    with qtbot.waitSignal(player.finished, timeout=5000) as done:
        pass
    assert done.args == [str(wav)] and not player.is_playing()
    with qtbot.waitSignal(player.failed, timeout=1000):
        player.play(tmp_path / "missing.wav")
