"""Microphone capture at 16 kHz mono signed 16-bit with QtMultimedia's QAudioSource.

No microphone (or one that cannot give that format) is a plain Vietnamese problem, never a crash.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QIODevice, QObject
from PySide6.QtMultimedia import QAudioDevice, QAudioFormat, QAudioSource, QMediaDevices, QtAudio

from voice.audio import ASR_RATE

log = logging.getLogger(__name__)

NO_MICROPHONE = "Máy chưa có micrô, bác vẫn dùng được bằng cách chạm."
BAD_FORMAT = "Micrô của máy không thu được âm thanh phù hợp, bác vẫn dùng được bằng cách chạm."
MIC_FAILED = "Micrô không hoạt động, bác vẫn dùng được bằng cách chạm."


class AudioSource(Protocol):
    """Something that delivers 16 kHz mono 16-bit PCM chunks (the microphone, or a test file)."""

    def start(self, on_chunk: Callable[[bytes], None]) -> bool:
        """Start delivering chunks to ``on_chunk`` (on the GUI thread); False if it cannot."""

    def stop(self) -> None:
        """Stop delivering chunks."""

    @property
    def problem(self) -> str | None:
        """None when it works, else a plain Vietnamese sentence."""


def asr_format() -> QAudioFormat:
    """The format the recogniser wants: 16 kHz, mono, signed 16-bit."""
    fmt = QAudioFormat()
    fmt.setSampleRate(ASR_RATE)
    fmt.setChannelCount(1)
    fmt.setSampleFormat(QAudioFormat.SampleFormat.Int16)
    return fmt


def check_microphone(device: QAudioDevice | None = None) -> str | None:
    """None when a microphone can record 16 kHz mono 16-bit, else a plain Vietnamese sentence."""
    if device is None:
        if not QMediaDevices.audioInputs():
            log.warning("no audio input device")
            return NO_MICROPHONE
        device = QMediaDevices.defaultAudioInput()
    if device.isNull():
        log.warning("no default audio input device")
        return NO_MICROPHONE
    if not device.isFormatSupported(asr_format()):
        log.warning("microphone %s cannot record 16 kHz mono int16", device.description())
        return BAD_FORMAT
    return None


class Microphone(QObject):
    """The default (or a given) microphone as an :class:`AudioSource`.

    Args:
        device: The input device; the system default when None.
        parent: Qt parent.
    """

    def __init__(self, device: QAudioDevice | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._device = device
        self._source: QAudioSource | None = None
        self._io: QIODevice | None = None
        self._on_chunk: Callable[[bytes], None] | None = None
        self._problem = check_microphone(device)

    @property
    def problem(self) -> str | None:
        """None when the microphone works, else a plain Vietnamese sentence."""
        return self._problem

    def start(self, on_chunk: Callable[[bytes], None]) -> bool:
        """Start recording; chunks arrive on the GUI thread. False (and a problem) if it cannot."""
        if self._problem:
            return False
        self.stop()
        device = self._device or QMediaDevices.defaultAudioInput()
        self._source = QAudioSource(device, asr_format(), self)
        self._on_chunk = on_chunk
        io = self._source.start()
        if io is None or self._source.error() != QtAudio.Error.NoError:
            log.error("microphone failed to start: %s", self._source.error())
            self._problem = MIC_FAILED
            self.stop()
            return False
        self._io = io
        io.readyRead.connect(self._read)
        return True

    def stop(self) -> None:
        """Stop recording (safe to call when not recording)."""
        if self._io is not None:
            self._read()
        if self._source is not None:
            self._source.stop()
            self._source.deleteLater()
        self._source = None
        self._io = None
        self._on_chunk = None

    def _read(self) -> None:
        if self._io is None or self._on_chunk is None:
            return
        data = bytes(self._io.readAll().data())
        if data:
            self._on_chunk(data)
