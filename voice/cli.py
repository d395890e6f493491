"""What ``python main.py voice prepare|say|listen`` runs (Qt-free).

The composition root parses the command line and calls these functions; they print nothing and
raise :class:`voice.tts.TtsError` / :class:`voice.asr.ModelProblem` with plain Vietnamese messages.
"""

from __future__ import annotations

import logging
import shutil
import wave
from collections.abc import Callable, Iterable
from pathlib import Path

from voice.asr import CommandDecider, ModelProblem
from voice.audio import read_wav_for_asr
from voice.tts import DEFAULT_RATE, Synthesizer, TtsError

log = logging.getLogger(__name__)

BAD_WAV = "Không đọc được tệp âm thanh này (cần tệp WAV 16 bit)."


def prepare(
    texts: Iterable[tuple[str, str]],
    cache_dir: Path,
    voice: str = "vi",
    rate: int = DEFAULT_RATE,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Synthesise all narration into the WAV cache, so the kiosk speaks with no delay.

    Args:
        texts: ``(text, lang)`` pairs (``lang`` is ``vi`` or ``en``); duplicates are done once.
        cache_dir: The cache folder the app's speaker uses.
        voice: The Vietnamese voice (English texts use the English voice).
        rate: Words per minute.
        progress: Called as ``progress(done, total)`` after each text, and once as
            ``(0, total)`` first.

    Returns:
        How many WAV files were newly written (already cached texts are not counted).

    Raises:
        TtsError: when espeak-ng is missing or a text cannot be synthesised.
    """
    unique = list(dict.fromkeys((t, lang) for t, lang in texts if t.strip()))
    synth = Synthesizer(cache_dir, voice=voice, rate=rate)
    if synth.problem:
        raise TtsError(synth.problem)
    total = len(unique)
    if progress:
        progress(0, total)
    written = 0
    for done, (text, lang) in enumerate(unique, start=1):
        if synth.cached(text, lang=lang) is None:
            synth.synthesize(text, lang=lang)
            written += 1
        if progress:
            progress(done, total)
    return written


def say_to_file(
    text: str, voice: str = "vi", out_path: Path | str = "out.wav", rate: int = DEFAULT_RATE
) -> Path:
    """Write one sentence to ``out_path`` as a WAV (22 050 Hz mono 16-bit).

    ``voice`` may be a voice (``vi-vn-x-south``) or a language (``en``); the text is normalised
    as the kiosk does. Returns ``out_path``.

    Raises:
        TtsError: espeak-ng missing or synthesis failed.
    """
    lang = "en" if voice.split("-")[0] == "en" else "vi"
    out = Path(out_path)
    cache = out.parent / f".{out.name}.voice-cache"
    try:
        synth = Synthesizer(cache, voice=voice, rate=rate)
        wav = synth.synthesize(text, lang=lang, voice=voice)
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(wav, out)
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    return out


def listen_file(wav_path: Path | str, model_dir: Path | str | None, lang: str = "vi") -> str | None:
    """Return the action id that the recogniser decides for a WAV file, or None.

    Args:
        wav_path: A 16-bit PCM WAV, any sample rate, mono or stereo.
        model_dir: The vosk model folder (from the settings).
        lang: Which command table: ``vi``, ``en`` (``ko`` for the Korean test model).

    Raises:
        ModelProblem: the model folder is missing or broken (checked before vosk is called).
        ValueError: the file is not a readable 16-bit WAV.
    """
    try:
        pcm = read_wav_for_asr(Path(wav_path))
    except (OSError, EOFError, ValueError, wave.Error) as err:
        log.error("cannot read %s: %s", wav_path, err)
        raise ValueError(BAD_WAV) from err
    decider = CommandDecider.from_folder(model_dir, lang)
    heard = decider.decide(pcm)
    return heard.action if heard else None


__all__ = ["ModelProblem", "TtsError", "listen_file", "prepare", "say_to_file"]
