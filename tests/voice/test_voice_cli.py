"""The functions behind `python main.py voice …` and `doctor`, with the real tools."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import wave
from pathlib import Path

import pytest

from voice.cli import listen_file, prepare, say_to_file
from voice.commands_cli import NO_TEXTS, run_voice_command
from voice.doctor import check_voice
from voice.tts import Synthesizer


def test_prepare_fills_the_cache_with_progress(tmp_path: Path) -> None:
    texts = [("Bước 1: mở VNeID", "vi"), ("Press next", "en"), ("Bước 1: mở VNeID", "vi")]
    calls: list[tuple[int, int]] = []
    written = prepare(texts, tmp_path, "vi", 135, lambda done, total: calls.append((done, total)))
    assert written == 2
    assert calls == [(0, 2), (1, 2), (2, 2)]
    synth = Synthesizer(tmp_path, voice="vi", rate=135)
    assert synth.cached("Bước 1: mở VNeID") is not None
    assert synth.cached("Press next", lang="en") is not None
    assert prepare(texts, tmp_path, "vi", 135, lambda d, t: None) == 0  # all cached now


def test_say_to_file(tmp_path: Path) -> None:
    out = say_to_file("Phí 45.000 đ", "vi-vn-x-south", tmp_path / "x.wav", 135)
    with wave.open(str(out), "rb") as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, 22050)
        assert w.getnframes() / w.getframerate() > 0.5
    assert [p.name for p in tmp_path.iterdir()] == ["x.wav"]  # no cache left behind


def test_listen_file_noise_and_bad_files(
    ko_model: object, ko_model_dir: Path, tmp_path: Path
) -> None:
    quiet = tmp_path / "quiet.wav"
    with wave.open(str(quiet), "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(44100)
        w.writeframes(bytes(4 * 44100))
    assert listen_file(quiet, ko_model_dir, "ko") is None
    bad = tmp_path / "bad.wav"
    bad.write_bytes(b"not a wav")
    with pytest.raises(ValueError, match="WAV"):
        listen_file(bad, ko_model_dir, "ko")


class _Settings:
    """The few settings the voice commands read (kiosk.config.Settings has them all)."""

    def __init__(self, tmp: Path, model: Path | None) -> None:
        self.cache_dir = tmp / "cache"
        self.voice = "vi"
        self.speech_rate = 140
        self.vosk_model_dir = model
        self.language = "vi"


def test_run_voice_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    settings = _Settings(tmp_path, None)
    ns = argparse.Namespace
    assert run_voice_command(ns(voice_command="prepare"), settings) == 2  # type: ignore[arg-type]
    assert NO_TEXTS in capsys.readouterr().err
    code = run_voice_command(ns(voice_command="prepare"), settings, [("Xin chào", "vi")])  # type: ignore[arg-type]
    assert code == 0
    assert "1/1" in capsys.readouterr().err
    out = tmp_path / "one.wav"
    args = ns(voice_command="say", text="Xin chào", voice="vi", out=out)
    assert run_voice_command(args, settings) == 0  # type: ignore[arg-type]
    assert out.read_bytes()[:4] == b"RIFF"
    assert run_voice_command(ns(voice_command="listen", wav=out), settings) == 1  # type: ignore[arg-type]
    assert "chạm" in capsys.readouterr().err  # no model configured: a plain sentence


def test_doctor(tmp_path: Path, ko_model_dir: Path) -> None:
    rows = check_voice(ko_model_dir)
    items = {item: (ok, sentence) for item, ok, sentence in rows}
    assert items["espeak-ng"][0]
    for voice in ("vi", "vi-vn-x-central", "vi-vn-x-south", "en"):
        assert items[f"voice {voice}"][0]
    assert items["vosk model"][0]
    assert "microphone" in items  # QtMultimedia is installed here; no card → a plain sentence
    missing = {item: (ok, s) for item, ok, s in check_voice(tmp_path / "none")}
    assert not missing["vosk model"][0]
    assert "vosk-model-small-vn" in missing["vosk model"][1]


def test_engine_modules_are_qt_free() -> None:
    """STYLE rule 2: the engine modules of voice import no PySide6."""
    code = (
        "import sys\n"
        "import voice.api, voice.audio, voice.asr, voice.cli, voice.commands, voice.commands_cli\n"
        "import voice.doctor, voice.normalize, voice.tts\n"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]\n"
        "assert not bad, bad\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("QT_")}
    subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=Path.cwd())
