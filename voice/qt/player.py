"""Play cached WAV files: QtMultimedia when the station has a sound device, a silent clock when not.

With no audio output at all (a kiosk whose speakers are unplugged, a headless test machine) there
is nothing to hear, but the screens still rely on "started" and "finished" to sequence speech. The
player then times each file from the WAV's own length instead of starting Qt's FFmpeg pipeline:
doing that with no device crashed the process here now and then (a native playback thread, about
one run in ten of the playback tests).
"""

from __future__ import annotations

import logging
import wave
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QTimer, QUrl, Signal
from PySide6.QtMultimedia import QAudioOutput, QMediaDevices, QMediaPlayer

log = logging.getLogger(__name__)

_shared: tuple[QMediaPlayer, QAudioOutput] | None = None


def _shared_player() -> tuple[QMediaPlayer, QAudioOutput]:
    """One media player for the whole process, owned by the application and never destroyed
    while it runs (destroying one soon after a playback is another way to upset the backend)."""
    global _shared
    if _shared is None:
        owner = QCoreApplication.instance()
        output = QAudioOutput(owner)
        player = QMediaPlayer(owner)
        player.setAudioOutput(output)
        _shared = (player, output)
    return _shared


def wav_seconds(path: Path | str) -> float:
    """The length of a WAV file in seconds (0 when it cannot be read)."""
    try:
        with wave.open(str(path), "rb") as w:
            return w.getnframes() / float(w.getframerate() or 1)
    except (OSError, EOFError, wave.Error):
        return 0.0


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

    def __init__(
        self, volume: float = 1.0, parent: QObject | None = None, *, silent: bool | None = None
    ) -> None:
        """Args: the volume, the parent, and ``silent`` (None: silent when no device exists)."""
        super().__init__(parent)
        self._volume = max(0.0, min(1.0, volume))
        self._current = ""
        self.silent = not QMediaDevices.audioOutputs() if silent is None else silent
        self._clock = QTimer(self)
        self._clock.setSingleShot(True)
        self._clock.timeout.connect(self._silent_end)
        self._player: QMediaPlayer | None = None
        self._output: QAudioOutput | None = None
        if not self.silent:
            self._player, self._output = _shared_player()
            self._output.setVolume(self._volume)
            self._player.mediaStatusChanged.connect(self._on_status)
            self._player.playbackStateChanged.connect(self._on_state)
            self._player.errorOccurred.connect(self._on_error)
        else:
            log.info("Không có thiết bị âm thanh: giọng đọc chạy theo đồng hồ im lặng.")

    def close(self) -> None:
        """Stop and let go of the shared player (it stays alive for the next speaker)."""
        self.stop()
        if self._player is not None:
            self._player.mediaStatusChanged.disconnect(self._on_status)
            self._player.playbackStateChanged.disconnect(self._on_state)
            self._player.errorOccurred.disconnect(self._on_error)
            self._player = None

    @property
    def current(self) -> str:
        """The file being played ("" when idle)."""
        return self._current

    def is_playing(self) -> bool:
        """True while a file plays."""
        if self._player is None:
            return self._clock.isActive()
        return self._player.playbackState() == QMediaPlayer.PlaybackState.PlayingState

    def play(self, path: Path | str) -> None:
        """Play ``path`` from the start, replacing whatever plays now."""
        if self._player is None:
            self._clock.stop()
            seconds = wav_seconds(path)
            if seconds <= 0:
                self._current = ""
                self.failed.emit(str(path))
                return
            self._current = str(path)
            self.started.emit(self._current)
            self._clock.start(max(1, round(seconds * 1000)))
            return
        url = QUrl.fromLocalFile(str(path))
        self._player.stop()
        self._current = str(path)
        if self._player.source() == url:
            self._player.setPosition(0)
        else:
            self._player.setSource(url)
        self._player.play()

    def stop(self) -> None:
        """Stop playing now."""
        self._current = ""
        self._clock.stop()
        if self._player is not None:
            self._player.stop()

    def set_volume(self, volume: float) -> None:
        """Change the volume, 0.0–1.0."""
        self._volume = max(0.0, min(1.0, volume))
        if self._output is not None:
            self._output.setVolume(self._volume)

    def volume(self) -> float:
        """The volume, 0.0–1.0."""
        return self._volume

    def _silent_end(self) -> None:
        if self._current:
            done, self._current = self._current, ""
            self.finished.emit(done)

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
