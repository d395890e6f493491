"""Playback of cached WAV files with QtMultimedia (QMediaPlayer + QAudioOutput).

With no sound card QMediaPlayer still plays against a silent clock and reaches EndOfMedia
(TECH-NOTES §7), so the sequencing can be tested headless.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer

log = logging.getLogger(__name__)


class WavPlayer(QObject):
    """Plays one WAV at a time; a new :meth:`play` replaces the current one.

    Signals:
        started(str): playback of this file began.
        finished(str): playback of this file reached its end.
        failed(str): the file could not be played (the path).
    """

    started = Signal(str)
    finished = Signal(str)
    failed = Signal(str)

    def __init__(self, volume: float = 1.0, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._output = QAudioOutput(self)
        self._output.setVolume(max(0.0, min(1.0, volume)))
        self._player = QMediaPlayer(self)
        self._player.setAudioOutput(self._output)
        self._current = ""
        self._player.mediaStatusChanged.connect(self._on_status)
        self._player.playbackStateChanged.connect(self._on_state)
        self._player.errorOccurred.connect(self._on_error)

    @property
    def current(self) -> str:
        """The file being played, or "" ."""
        return self._current

    def is_playing(self) -> bool:
        """True while a file is playing."""
        return self._player.playbackState() == QMediaPlayer.PlaybackState.PlayingState

    def play(self, path: Path | str) -> None:
        """Play ``path`` from the start, stopping whatever was playing."""
        url = QUrl.fromLocalFile(str(path))
        self._player.stop()
        self._current = str(path)
        if self._player.source() == url:
            self._player.setPosition(0)
        else:
            self._player.setSource(url)
        self._player.play()

    def stop(self) -> None:
        """Stop now."""
        self._current = ""
        self._player.stop()

    def set_volume(self, volume: float) -> None:
        """Volume 0.0–1.0, applied at once."""
        self._output.setVolume(max(0.0, min(1.0, volume)))

    def volume(self) -> float:
        """The current volume."""
        return float(self._output.volume())

    def _on_state(self, state: QMediaPlayer.PlaybackState) -> None:
        if state == QMediaPlayer.PlaybackState.PlayingState and self._current:
            self.started.emit(self._current)

    def _on_status(self, status: QMediaPlayer.MediaStatus) -> None:
        if status == QMediaPlayer.MediaStatus.EndOfMedia and self._current:
            done, self._current = self._current, ""
            self.finished.emit(done)

    def _on_error(self, error: QMediaPlayer.Error, message: str) -> None:
        log.error("playback failed (%s): %s", error, message)
        if self._current:
            failed, self._current = self._current, ""
            self.failed.emit(failed)
