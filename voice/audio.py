"""Small helpers for 16-bit PCM audio, in plain Python (no numpy): read WAVs, resample, loudness.

Qt-free. The recogniser wants 16 kHz mono signed 16-bit little-endian PCM; espeak-ng writes
22 050 Hz mono 16-bit WAVs; microphones give whatever they give. Everything here works on ``bytes``.
"""

from __future__ import annotations

import itertools
import math
import sys
import wave
from array import array
from pathlib import Path

#: The recogniser's sample rate.
ASR_RATE = 16_000


def _samples(pcm: bytes) -> array[int]:
    data = array("h")
    data.frombytes(pcm[: len(pcm) - len(pcm) % 2])
    if sys.byteorder == "big":
        data.byteswap()
    return data


def _to_bytes(data: array[int]) -> bytes:
    if sys.byteorder == "big":
        data = array("h", data)
        data.byteswap()
    return data.tobytes()


def rms(pcm: bytes) -> float:
    """Root-mean-square level of 16-bit PCM, 0 (silence) to 32768."""
    data = _samples(pcm)
    if not data:
        return 0.0
    return math.sqrt(sum(s * s for s in data) / len(data))


def silence(seconds: float, rate: int = ASR_RATE) -> bytes:
    """Return ``seconds`` of 16-bit mono silence."""
    return bytes(2 * round(seconds * rate))


def resample(pcm: bytes, src_rate: int, dst_rate: int = ASR_RATE, channels: int = 1) -> bytes:
    """Mix 16-bit PCM down to mono and resample it by linear interpolation.

    Good enough for speech recognition at 16 kHz; a low-pass filter is not applied.
    """
    data = _samples(pcm)
    if channels > 1:
        frames = len(data) // channels
        data = array(
            "h", (sum(data[i * channels : (i + 1) * channels]) // channels for i in range(frames))
        )
    if src_rate == dst_rate or not data:
        return _to_bytes(data)
    n_out = int(len(data) * dst_rate / src_rate)
    step = src_rate / dst_rate
    last = len(data) - 1
    out = array("h", bytes(2 * n_out))
    for i in range(n_out):
        pos = i * step
        j = int(pos)
        frac = pos - j
        a = data[j if j < last else last]
        b = data[j + 1 if j + 1 < last else last]
        out[i] = int(a + (b - a) * frac)
    return _to_bytes(out)


def read_wav(path: Path) -> tuple[bytes, int, int, int]:
    """Return ``(frames, rate, channels, sample_width)`` of a PCM WAV file.

    Raises:
        wave.Error, EOFError, OSError: when the file is not a readable PCM WAV.
    """
    with wave.open(str(path), "rb") as w:
        return w.readframes(w.getnframes()), w.getframerate(), w.getnchannels(), w.getsampwidth()


def read_wav_for_asr(path: Path) -> bytes:
    """Read a 16-bit PCM WAV (any rate, mono or stereo) as 16 kHz mono 16-bit PCM.

    Raises:
        ValueError: when the samples are not 16-bit.
    """
    frames, rate, channels, width = read_wav(path)
    if width != 2:
        raise ValueError("Tệp âm thanh phải là WAV 16 bit.")
    return resample(frames, rate, ASR_RATE, channels)


def wav_duration(path: Path) -> float:
    """Length of a WAV file in seconds."""
    with wave.open(str(path), "rb") as w:
        return w.getnframes() / float(w.getframerate())


def frame_stats(pcm: bytes, rate: int = ASR_RATE, frame_ms: int = 20) -> list[tuple[float, float]]:
    """Per frame: (RMS level, zero-crossing rate = fraction of samples where the sign flips)."""
    data = _samples(pcm)
    size = max(1, rate * frame_ms // 1000)
    stats: list[tuple[float, float]] = []
    for start in range(0, len(data) - size + 1, size):
        frame = data[start : start + size]
        energy = sum(s * s for s in frame)
        crossings = sum(1 for a, b in itertools.pairwise(frame) if (a < 0) != (b < 0))
        stats.append((math.sqrt(energy / size), crossings / (size - 1 or 1)))
    return stats


def voiced_seconds(
    pcm: bytes, rate: int = ASR_RATE, *, min_rms: float = 120.0, max_zcr: float = 0.3
) -> float:
    """Seconds of frames that sound voiced: loud enough and with a zero-crossing rate below
    ``max_zcr``. Broadband noise (hiss, white noise) crosses zero on about half the samples and
    has none; speech has vowels.
    """
    frames = frame_stats(pcm, rate)
    voiced = sum(1 for level, zcr in frames if level >= min_rms and zcr <= max_zcr)
    return voiced * 0.020
