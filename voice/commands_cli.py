"""``python main.py voice prepare|say|listen``: the argparse glue around :mod:`voice.cli`.

Qt-free. ``voice`` may not import ``lessons`` (they are sibling layers), so the composition root
passes the narration texts for ``prepare``.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, TextIO

from voice.asr import ModelProblem
from voice.cli import listen_file, prepare, say_to_file
from voice.tts import TtsError

if TYPE_CHECKING:
    from kiosk.config import Settings

log = logging.getLogger(__name__)

NO_TEXTS = "Chưa có danh sách câu cần chuẩn bị giọng đọc."


def progress_bar(stream: TextIO | None = None, width: int = 30) -> _Bar:
    """A text progress bar for :func:`voice.cli.prepare` (``[#####     ] 12/40``) on stderr."""
    return _Bar(stream, width)


class _Bar:
    def __init__(self, stream: TextIO | None, width: int) -> None:
        self._stream = stream
        self.width = width

    @property
    def stream(self) -> TextIO:
        return self._stream or sys.stderr

    def __call__(self, done: int, total: int) -> None:
        filled = self.width * done // total if total else self.width
        bar = "#" * filled + " " * (self.width - filled)
        end = "\n" if done >= total else ""
        self.stream.write(f"\r[{bar}] {done}/{total}{end}")
        self.stream.flush()


def run_voice_command(
    args: argparse.Namespace,
    settings: Settings,
    texts: Iterable[tuple[str, str]] | None = None,
) -> int:
    """Run ``voice prepare``, ``voice say TEXT --voice V --out FILE`` or ``voice listen FILE``.

    Args:
        args: Parsed arguments: ``voice_command`` and, per command, ``text``/``voice``/``out`` or
            ``wav``.
        settings: The station's settings (cache folder, voice, rate, model folder, language).
        texts: For ``prepare``: every ``(text, lang)`` the kiosk will read aloud.

    Returns:
        The exit code: 0 done, 1 a plain problem (printed on stderr), 2 a usage problem.
    """
    command = args.voice_command
    try:
        if command == "prepare":
            if texts is None:
                print(NO_TEXTS, file=sys.stderr)
                return 2
            written = prepare(
                texts,
                settings.cache_dir / "speech",
                voice=settings.voice,
                rate=settings.speech_rate,
                progress=progress_bar(),
            )
            print(f"Đã chuẩn bị {written} câu mới.")
            return 0
        if command == "say":
            out = say_to_file(args.text, args.voice, args.out, settings.speech_rate)
            print(out)
            return 0
        if command == "listen":
            action = listen_file(args.wav, settings.vosk_model_dir, settings.language)
            if action:
                print(action)
            return 0
    except (TtsError, ModelProblem, ValueError) as err:
        log.error("voice %s: %s", command, err)
        print(err, file=sys.stderr)
        return 1
    print(f"Lệnh không rõ: {command}", file=sys.stderr)
    return 2
