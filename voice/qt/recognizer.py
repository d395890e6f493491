"""QtRecognizer: the real :class:`voice.api.Recognizer`.

Push-to-talk: ``start(on_heard)`` when the big button is pressed, ``stop()`` when it is released;
the audio is decoded in a worker thread while it is spoken (so little is left at the release), and
decided there and ``on_heard`` is called on the GUI thread
if a command was recognised. Always-listening: ``start`` once; each utterance the
:class:`voice.asr.Segmenter` cuts out is decided the same way until ``stop``.

The model folder is checked at once (cheap); the model itself (about 1 s, hundreds of MB) is loaded
in the worker thread. No model, a broken model or no microphone sets :attr:`problem` to one plain
Vietnamese sentence and listening does nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from voice.api import Heard
from voice.asr import (
    MIN_CONFIDENCE,
    CommandDecider,
    Segmenter,
    Utterance,
    check_model_dir,
    shared_model,
)
from voice.commands import table_for
from voice.qt import pyside_guard
from voice.qt.background import Background
from voice.qt.mic import MIC_FAILED, AudioSource, Microphone

if TYPE_CHECKING:
    from kiosk.config import Settings

log = logging.getLogger(__name__)


class QtRecognizer(QObject):
    """Speech in for the screens.

    Args:
        model_dir: The vosk model folder from the settings (None: not configured).
        lang: The command table (``vi``, ``en``; ``ko`` only for tests).
        source: Where audio comes from; the default microphone when None.
        decider: An already loaded decider (tests share one; then ``model_dir`` is not read).
        always_listening: Decide every utterance between :meth:`start` and :meth:`stop`.
        min_confidence: Minimum word confidence for a command.
        parent: Qt parent.

    Signals:
        heard(object): a :class:`voice.api.Heard` was decided (after ``on_heard`` was called).
        nothing_heard(): an utterance decided nothing (silence, noise, not a command).
        listening_changed(bool): listening started or stopped.
        ready(): the model is loaded.
        problem_changed(str): a new problem sentence.
    """

    heard = Signal(object)
    nothing_heard = Signal()
    listening_changed = Signal(bool)
    ready = Signal()
    problem_changed = Signal(str)

    def __init__(
        self,
        model_dir: Path | str | None,
        *,
        lang: str = "vi",
        source: AudioSource | None = None,
        decider: CommandDecider | None = None,
        always_listening: bool = False,
        min_confidence: float = MIN_CONFIDENCE,
        parent: QObject | None = None,
    ) -> None:
        pyside_guard.install()
        super().__init__(parent)
        self._background = Background(1, "asr", self)
        self._source: AudioSource = source if source is not None else Microphone(parent=self)
        self._decider = decider
        self._lang = lang
        self._min_confidence = min_confidence
        self.always_listening = always_listening
        self._segmenter = Segmenter()
        self._buffer: list[bytes] = []
        self._pending: list[bytes] = []
        self._listening = False
        self._on_heard: Callable[[Heard], None] | None = None
        self._utterance: Utterance | None = None
        self._problem: str | None = None
        if decider is None:
            self._problem = check_model_dir(model_dir)
            if self._problem is None:
                self._background.run(
                    lambda: CommandDecider(
                        shared_model(model_dir),
                        table_for(lang),
                        min_confidence=min_confidence,
                        lang=lang,
                    ),
                    self._on_loaded,
                    self._on_load_failed,
                )
        if self._problem is None and self._source.problem:
            self._problem = self._source.problem
        if self._problem:
            log.warning("voice input is off: %s", self._problem)

    @classmethod
    def from_settings(cls, settings: Settings, parent: QObject | None = None) -> QtRecognizer:
        """Build the station's recogniser: model folder, language, always-listening mode."""
        return cls(
            settings.vosk_model_dir,
            lang=settings.language,
            always_listening=settings.always_listening,
            parent=parent,
        )

    # -- Recognizer protocol -----------------------------------------------------------------

    def start(self, on_heard: Callable[[Heard], None]) -> None:
        """Begin listening; ``on_heard`` is called on the GUI thread for each command."""
        if self._problem or self._listening:
            return
        self._on_heard = on_heard
        self._buffer = []
        self._segmenter.reset()
        self._utterance = None
        if not self.always_listening and self._decider is not None:
            self._utterance = self._decider.utterance()  # decoded while it is spoken
        self._listening = True
        if not self._source.start(self._on_chunk):
            self._listening = False
            self._set_problem(self._source.problem or MIC_FAILED)
            return
        self.listening_changed.emit(True)

    def stop(self) -> None:
        """Stop listening. In push-to-talk mode, what was recorded is decided now."""
        if not self._listening:
            return
        self._source.stop()
        self._listening = False
        self.listening_changed.emit(False)
        utterance, self._utterance = self._utterance, None
        if utterance is not None:
            self._background.run(utterance.finish, self._deliver, self._on_decide_failed)
        elif not self.always_listening and self._buffer:
            self._submit(b"".join(self._buffer))
        self._buffer = []
        self._segmenter.reset()

    @property
    def problem(self) -> str | None:
        """None when listening works, else one plain Vietnamese sentence."""
        return self._problem

    # -- extras --------------------------------------------------------------------------------

    @property
    def is_ready(self) -> bool:
        """True once the model is loaded."""
        return self._decider is not None

    @property
    def is_listening(self) -> bool:
        """True between :meth:`start` and :meth:`stop`."""
        return self._listening

    def set_language(self, lang: str) -> None:
        """Listen for the commands of ``lang`` (``vi``/``en``) from now on."""
        self._lang = lang
        if self._decider is not None:
            self._decider = CommandDecider(
                self._decider.model,
                table_for(lang),
                min_confidence=self._min_confidence,
                lang=lang,
            )

    def decide_pcm(self, pcm16k: bytes) -> None:
        """Decide one utterance of 16 kHz mono 16-bit PCM as if it had just been spoken."""
        self._submit(pcm16k)

    def close(self) -> None:
        """Stop listening and wait for the worker thread (call before the app quits)."""
        self.stop()
        self._background.close(wait=True)

    # -- internals -----------------------------------------------------------------------------

    def _on_chunk(self, pcm: bytes) -> None:
        if not self._listening:
            return
        if self.always_listening:
            for segment in self._segmenter.feed(pcm):
                self._submit(segment)
        elif self._utterance is not None:
            utterance = self._utterance
            self._background.submit(lambda: utterance.feed(pcm))
        else:
            self._buffer.append(pcm)

    def _submit(self, pcm: bytes) -> None:
        decider = self._decider
        if decider is None:
            if self._problem is None:
                self._pending.append(pcm)  # decided once the model is loaded
            return
        self._background.run(lambda: decider.decide(pcm), self._deliver, self._on_decide_failed)

    def _deliver(self, heard: Heard | None) -> None:
        if heard is None:
            self.nothing_heard.emit()
            return
        if self._on_heard is not None:
            self._on_heard(heard)
        self.heard.emit(heard)

    def _on_loaded(self, decider: CommandDecider) -> None:
        self._decider = decider
        if self._lang != decider.lang:
            self.set_language(self._lang)
        self.ready.emit()
        pending, self._pending = self._pending, []
        for pcm in pending:
            self._submit(pcm)

    def _on_load_failed(self, err: BaseException) -> None:
        log.error("vosk model failed to load: %s", err)
        self._pending = []
        self._set_problem(str(err))

    def _on_decide_failed(self, err: BaseException) -> None:
        log.error("recognition failed: %s", err)
        self.nothing_heard.emit()

    def _set_problem(self, message: str) -> None:
        if message != self._problem:
            self._problem = message
            self.problem_changed.emit(message)
