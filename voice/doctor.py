"""``doctor``: is everything the voice needs on this machine? Answers in plain Vietnamese.

Qt-free at import; the microphone check imports :mod:`voice.qt.mic` only when PySide6's
QtMultimedia is installed.
"""

from __future__ import annotations

import importlib.util
import logging
from pathlib import Path

from voice.asr import check_model_dir
from voice.tts import VOICES, espeak_version, installed_voices

log = logging.getLogger(__name__)

#: Where a deployer puts the Vietnamese model (documented in the README).
MODEL_HINT = (
    "Tải vosk-model-small-vn từ https://alphacephei.com/vosk/models trên một máy khác, "
    "giải nén rồi chép thư mục vào đường dẫn mô hình trong phần cài đặt."
)


def check_voice(model_dir: Path | str | None) -> list[tuple[str, bool, str]]:
    """Check speech out and speech in.

    Args:
        model_dir: The vosk model folder from the settings (None when not set).

    Returns:
        ``(item, ok, sentence)`` rows: espeak-ng, each kiosk voice, the vosk model folder and, when
        Qt Multimedia is available, the microphone.
    """
    rows: list[tuple[str, bool, str]] = []
    version = espeak_version()
    if version is None:
        rows.append(("espeak-ng", False, "Chưa cài espeak-ng: máy sẽ không đọc to được."))
    else:
        rows.append(("espeak-ng", True, f"Đã có espeak-ng {version}."))
    available = installed_voices()
    for voice in VOICES:
        ok = voice.name in available
        sentence = (
            f"Có {voice.label.lower()} ({voice.name})."
            if ok
            else f"Thiếu {voice.label.lower()} ({voice.name}) trong espeak-ng."
        )
        rows.append((f"voice {voice.name}", ok, sentence))
    problem = check_model_dir(model_dir)
    if problem is None:
        rows.append(("vosk model", True, f"Đã có mô hình giọng nói ở {model_dir}."))
    else:
        rows.append(("vosk model", False, f"{problem} {MODEL_HINT}"))
    if importlib.util.find_spec("PySide6") and importlib.util.find_spec("PySide6.QtMultimedia"):
        from voice.qt.mic import check_microphone

        mic_problem = check_microphone()
        if mic_problem is None:
            rows.append(("microphone", True, "Đã có micrô."))
        else:
            rows.append(("microphone", False, mic_problem))
    for item, ok, sentence in rows:
        if not ok:
            log.warning("doctor: %s: %s", item, sentence)
    return rows
