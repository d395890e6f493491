"""QtSpeaker: the real :class:`voice.api.Speaker`.

``say()`` returns at once. A cached WAV plays immediately; otherwise the text is synthesised in a
worker thread (:class:`voice.qt.background.Background`) and the file comes back on the GUI thread,
where it is played only if no newer ``say()``/``stop()`` happened meanwhile (a generation counter:
the newest request wins, older results are dropped).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from voice.api import Voice
from voice.qt import pyside_guard
from voice.qt.background import Background
from voice.qt.player import WavPlayer
from voice.tts import DEFAULT_RATE, Synthesizer, TtsError, clamp_rate

if TYPE_CHECKING:
    from kiosk.config import Settings

log = logging.getLogger(__name__)

#: How much "Chậm hơn" / "Nhanh hơn" change the rate, in words per minute.
RATE_STEP = 15


class QtSpeaker(QObject):
    """Speech out for the screens.

    Args:
        cache_dir: The WAV cache folder (the app passes the platformdirs cache folder).
        voice: Vietnamese voice: ``vi``, ``vi-vn-x-central`` or ``vi-vn-x-south``.
        rate: Words per minute (default slower than espeak-ng's 175, for elderly listeners).
        volume: 0.0–1.0.
        backend: ``auto``, ``pyttsx3`` or ``cli`` (see :class:`voice.tts.Synthesizer`).
        synthesizer: Use this one instead of building one (tests, sharing a cache).
        parent: Qt parent.

    Signals:
        ready(str, str): (text, wav path) a WAV for the newest request is ready.
        started(str): playback of this text began.
        finished(str): playback of this text reached its end.
        problem_changed(str): a new problem sentence (say it once, then work by touch).
    """

    ready = Signal(str, str)
    started = Signal(str)
    finished = Signal(str)
    problem_changed = Signal(str)

    def __init__(
        self,
        cache_dir: Path,
        *,
        voice: str = "vi",
        rate: int = DEFAULT_RATE,
        volume: float = 1.0,
        backend: str = "auto",
        synthesizer: Synthesizer | None = None,
        parent: QObject | None = None,
    ) -> None:
        pyside_guard.install()
        super().__init__(parent)
        self._synth = synthesizer or Synthesizer(cache_dir, backend=backend, voice=voice, rate=rate)
        self._background = Background(1, "tts", self)
        self._player = WavPlayer(volume, self)
        self._player.started.connect(self._on_started)
        self._player.finished.connect(self._on_finished)
        self._generation = 0
        self._texts: dict[str, str] = {}
        self._last: tuple[str, str] | None = None
        self._problem: str | None = self._synth.problem
        self._synth.voices()  # lists the installed voices now, not during the first say()
        if self._problem:
            log.error("speech out is off: %s", self._problem)

    @classmethod
    def from_settings(cls, settings: Settings, parent: QObject | None = None) -> QtSpeaker:
        """Build the station's speaker: cache in ``<cache_dir>/speech``, voice, rate and volume."""
        return cls(
            Path(settings.cache_dir) / "speech",
            voice=settings.voice,
            rate=settings.speech_rate,
            volume=settings.volume,
            parent=parent,
        )

    # -- Speaker protocol -------------------------------------------------------------------

    def say(self, text: str, *, lang: str = "vi") -> None:
        """Read ``text`` aloud, stopping whatever was being read. Returns at once."""
        self._generation += 1
        generation = self._generation
        self._player.stop()
        self._last = (text, lang)
        if self._synth.problem or not text.strip():
            return
        cached = self._synth.cached(text, lang=lang)
        if cached is not None:
            self._play(generation, text, cached)
            return
        synth = self._synth
        rate = synth.rate
        voice = synth.voice

        def work() -> Path:
            return synth.synthesize(
                text, lang=lang, voice=voice if lang == "vi" else None, rate=rate
            )

        self._background.run(
            work,
            lambda path: self._play(generation, text, path),
            lambda err: self._on_error(generation, err),
        )

    def replay(self) -> None:
        """Read the last text again; instant when it is cached (it is, once it was read)."""
        if self._last is not None:
            self.say(self._last[0], lang=self._last[1])

    def stop(self) -> None:
        """Stop speaking now and drop any synthesis still under way."""
        self._generation += 1
        self._player.stop()

    def set_rate(self, words_per_minute: int) -> None:
        """Change the rate for what is read next (kept between 80 and 260)."""
        self._synth.rate = clamp_rate(words_per_minute)

    def set_volume(self, volume: float) -> None:
        """Change the volume, 0.0–1.0, at once."""
        self._player.set_volume(volume)

    @property
    def problem(self) -> str | None:
        """None when speech works, else one plain Vietnamese sentence."""
        return self._problem

    # -- extras for the settings and the big buttons -----------------------------------------

    @property
    def rate(self) -> int:
        """The current rate in words per minute."""
        return self._synth.rate

    @property
    def volume(self) -> float:
        """The current volume, 0.0–1.0."""
        return self._player.volume()

    @property
    def voice(self) -> str:
        """The Vietnamese voice in use."""
        return self._synth.voice

    def slower(self) -> int:
        """ "Chậm hơn": lower the rate one step; returns the new rate."""
        self.set_rate(self._synth.rate - RATE_STEP)
        return self._synth.rate

    def faster(self) -> int:
        """ "Nhanh hơn": raise the rate one step; returns the new rate."""
        self.set_rate(self._synth.rate + RATE_STEP)
        return self._synth.rate

    def set_voice(self, name: str) -> None:
        """Choose the Vietnamese voice (``vi``, ``vi-vn-x-central``, ``vi-vn-x-south``)."""
        self._synth.voice = name

    def voices(self) -> list[Voice]:
        """The kiosk voices installed on this machine."""
        return self._synth.voices()

    def is_speaking(self) -> bool:
        """True while audio is playing."""
        return self._player.is_playing()

    def close(self) -> None:
        """Stop, and wait for the synthesis thread to finish (call before the app quits)."""
        self.stop()
        self._background.close(wait=True)
        self._player.close()

    # -- internals -----------------------------------------------------------------------------

    def _play(self, generation: int, text: str, path: Path) -> None:
        if generation != self._generation:
            log.debug("dropping stale speech for %r", text[:40])
            return
        self._texts[str(path)] = text
        self.ready.emit(text, str(path))
        self._player.play(path)

    def _on_started(self, path: str) -> None:
        self.started.emit(self._texts.get(path, ""))

    def _on_finished(self, path: str) -> None:
        self.finished.emit(self._texts.get(path, ""))

    def _on_error(self, generation: int, err: BaseException) -> None:
        message = str(err) if isinstance(err, TtsError) else "Máy chưa đọc được câu này."
        log.error("speech failed: %s", err)
        if message != self._problem:
            self._problem = message
            self.problem_changed.emit(message)
