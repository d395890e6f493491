"""Speech synthesis into cached WAV files with espeak-ng (Qt-free engine).

Two backends sit behind the small :class:`Backend` interface:

* :class:`PyttsxBackend`: pyttsx3 2.99 driving libespeak-ng. pyttsx3 has bugs (TECH-NOTES §3): one
  engine used from two threads silently loses files, several ``save_to_file`` per ``runAndWait``
  write only the last one, ``say()`` overwrites the previous WAV. So one process-wide worker thread
  creates the engine inside itself and handles one request at a time, one ``save_to_file`` +
  ``runAndWait`` per file; ``say()`` is never called.
* :class:`EspeakCliBackend`: ``espeak-ng -w FILE``, used when pyttsx3 cannot start or misbehaves
  (no file, an empty or broken file, an exception, a hang), for that file; after a few failures in
  a row, for good.

:class:`Synthesizer` normalises the text (:mod:`voice.normalize`), picks a voice with ranked
fallback (requested → same region → first Vietnamese voice) and keeps a WAV cache keyed by the
sha256 of (text, voice, rate, engine version), where the engine version is the espeak-ng version
plus the normaliser version. Both backends run the same libespeak-ng, so their files are the same
speech (byte-identical at most rates, a few bytes apart at others) and share the cache: a file
written by the fallback is not synthesised again. Volume is not part of the key: it is applied at
playback.

A pyttsx3 bug found here beyond TECH-NOTES §3: about 1 % of ``save_to_file`` + ``runAndWait`` calls
write an empty WAV (44 bytes, header only), 3 of 300 in one run, in a single thread. Every file is
therefore checked, and a bad one is written again by the espeak-ng program.
"""

from __future__ import annotations

import concurrent.futures
import functools
import hashlib
import logging
import os
import queue
import re
import shutil
import subprocess
import threading
import time
import uuid
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from voice.api import Voice
from voice.normalize import NORMALIZER_VERSION, normalize

log = logging.getLogger(__name__)

#: Words per minute for elderly listeners (espeak-ng's own default is 175).
DEFAULT_RATE = 135
MIN_RATE = 80
MAX_RATE = 260
#: The voices the kiosk offers, in the order shown to the learner.
VOICES: tuple[Voice, ...] = (
    Voice("vi", "vi", "Giọng miền Bắc"),
    Voice("vi-vn-x-central", "vi", "Giọng miền Trung"),
    Voice("vi-vn-x-south", "vi", "Giọng miền Nam"),
    Voice("en", "en", "English"),
)
DEFAULT_VOICE = {"vi": "vi", "en": "en"}

NO_ESPEAK = "Máy chưa có giọng đọc, bác vẫn dùng được bằng cách chạm."
NO_VOICE = "Máy chưa có giọng đọc cho ngôn ngữ này, bác vẫn dùng được bằng cách chạm."
SYNTH_FAILED = "Máy chưa đọc được câu này, bác vẫn dùng được bằng cách chạm."
_SYNTH_TIMEOUT = 30.0
_SETTLE_S = 2.0
"""How long a just-written WAV may take to become complete (pyttsx3 returns early under load)."""
#: pyttsx3 failures in a row after which the espeak-ng program is used for good.
FAILURES_BEFORE_SWITCH = 3


class TtsError(Exception):
    """Synthesis failed; ``str(err)`` is a plain Vietnamese sentence for the learner."""


class Backend(Protocol):
    """Writes one WAV file for one text. Implementations may be called from any thread."""

    name: str

    def synthesize(self, text: str, voice: str, rate: int, out: Path) -> None:
        """Write ``text`` spoken by ``voice`` at ``rate`` words per minute to ``out`` (a WAV)."""


def clamp_rate(rate: int) -> int:
    """Keep a speaking rate inside what espeak-ng and elderly listeners can use."""
    return max(MIN_RATE, min(MAX_RATE, int(rate)))


@functools.cache
def espeak_version(cmd: str = "espeak-ng") -> str | None:
    """Return espeak-ng's version (``"1.51"``), or None when the program is missing."""
    exe = shutil.which(cmd)
    if exe is None:
        return None
    try:
        out = subprocess.run(
            [exe, "--version"], capture_output=True, text=True, timeout=10, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    m = re.search(r"text-to-speech:\s*(\S+)", out)
    return m.group(1) if m else out.strip() or "unknown"


@functools.cache
def installed_voices(cmd: str = "espeak-ng") -> frozenset[str]:
    """Every name ``espeak-ng -v NAME`` accepts: languages, voice files and aliases, lower case."""
    exe = shutil.which(cmd)
    if exe is None:
        return frozenset()
    try:
        out = subprocess.run(
            [exe, "--voices"], capture_output=True, text=True, timeout=10, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    names: set[str] = set()
    for line in out.splitlines()[1:]:
        cols = line.split()
        if len(cols) < 5:
            continue
        names.add(cols[1].lower())
        names.add(cols[4].lower().rsplit("/", 1)[-1])
        names.update(m.lower() for m in re.findall(r"\(([\w-]+) \d+\)", line))
    return frozenset(names)


def resolve_voice(requested: str, lang: str, available: frozenset[str] | set[str]) -> str | None:
    """Pick the voice to use, with ranked fallback.

    Args:
        requested: The voice asked for (``vi-vn-x-south``); may be empty.
        lang: The text's language (``vi``, ``en``).
        available: What :func:`installed_voices` returned.

    Returns:
        The requested voice if installed; else another voice of the same region (``vi-vn-*``);
        else the plain language voice (``vi``); else the first installed voice of the language;
        None if the language has no voice at all.
    """
    requested = requested.lower()
    if requested and requested in available:
        return requested
    parts = requested.split("-")
    if len(parts) >= 2:
        region = "-".join(parts[:2]) + "-"
        same_region = sorted(v for v in available if v.startswith(region))
        if same_region:
            return same_region[0]
    base = parts[0] if parts and parts[0] else lang
    for candidate in (base, lang):
        if candidate in available:
            return candidate
    family = sorted(v for v in available if v.split("-")[0] == lang)
    return family[0] if family else None


def check_wav(path: Path) -> bool:
    """True when ``path`` is a complete 16-bit mono PCM WAV with some audio in it."""
    try:
        with wave.open(str(path), "rb") as w:
            return w.getsampwidth() == 2 and w.getnchannels() == 1 and w.getnframes() > 0
    except (OSError, EOFError, wave.Error):
        return False


class EspeakCliBackend:
    """``espeak-ng -v VOICE -s RATE -w OUT`` with the text on standard input (UTF-8)."""

    name = "espeak-ng-cli"

    def __init__(self, cmd: str = "espeak-ng") -> None:
        """Use the program ``cmd`` (looked up on PATH)."""
        self._cmd = cmd

    def synthesize(self, text: str, voice: str, rate: int, out: Path) -> None:
        """Run espeak-ng once; raise :class:`TtsError` if it fails."""
        exe = shutil.which(self._cmd)
        if exe is None:
            raise TtsError(NO_ESPEAK)
        args = [exe, "-v", voice, "-s", str(rate), "-b", "1", "--stdin", "-w", str(out)]
        try:
            proc = subprocess.run(
                args,
                input=text.encode("utf-8"),
                capture_output=True,
                timeout=_SYNTH_TIMEOUT,
                check=False,
            )
        except (OSError, subprocess.SubprocessError) as err:
            log.error("espeak-ng could not run: %s", err)
            raise TtsError(SYNTH_FAILED) from err
        if proc.returncode != 0:
            log.error("espeak-ng exit %s: %s", proc.returncode, proc.stderr[-500:])
            raise TtsError(SYNTH_FAILED)


@dataclass
class _Job:
    text: str
    voice: str
    rate: int
    out: Path
    future: concurrent.futures.Future[None]


def _quiet_print(*args: Any, **kwargs: Any) -> None:
    log.debug("pyttsx3: %s", " ".join(str(a) for a in args))


class _PyttsxThread(threading.Thread):
    """The one thread that owns the one pyttsx3 engine of the process."""

    def __init__(self) -> None:
        super().__init__(name="pyttsx3-engine", daemon=True)
        self.jobs: queue.Queue[_Job] = queue.Queue()
        self.ready = concurrent.futures.Future[None]()

    def run(self) -> None:
        try:
            import pyttsx3
            import pyttsx3.drivers.espeak as driver

            # pyttsx3 prints "Audio saved to …" on stdout; shadow print in that module only
            # (contextlib.redirect_stdout would swallow other threads' output).
            setattr(driver, "print", _quiet_print)  # noqa: B010
            engine = pyttsx3.init("espeak")
        except Exception as err:
            log.warning("pyttsx3 could not start: %s", err)
            self.ready.set_exception(err)
            return
        self.ready.set_result(None)
        while True:
            job = self.jobs.get()
            if not job.future.set_running_or_notify_cancel():
                continue
            try:
                engine.setProperty("voice", job.voice)
                engine.setProperty("rate", job.rate)
                engine.save_to_file(job.text, str(job.out))
                engine.runAndWait()
            except Exception as err:
                job.future.set_exception(err)
            else:
                job.future.set_result(None)


_thread_lock = threading.Lock()
_thread: _PyttsxThread | None = None


def _engine_thread() -> _PyttsxThread:
    global _thread
    with _thread_lock:
        if _thread is None or not _thread.is_alive():
            _thread = _PyttsxThread()
            _thread.start()
        return _thread


class PyttsxBackend:
    """pyttsx3 on libespeak-ng, through the single engine thread. Callable from any thread."""

    name = "pyttsx3"

    def synthesize(self, text: str, voice: str, rate: int, out: Path) -> None:
        """Queue one file on the engine thread and wait for it (10–15 ms for a sentence).

        Raises:
            TtsError: when pyttsx3 cannot start, raises, hangs or writes no valid WAV.
        """
        worker = _engine_thread()
        try:
            worker.ready.result(timeout=_SYNTH_TIMEOUT)
        except Exception as err:
            raise TtsError(NO_ESPEAK) from err
        job = _Job(text, voice, rate, out, concurrent.futures.Future())
        worker.jobs.put(job)
        try:
            job.future.result(timeout=_SYNTH_TIMEOUT)
        except Exception as err:
            log.error("pyttsx3 failed on %r: %s", text[:60], err)
            raise TtsError(SYNTH_FAILED) from err
        # pyttsx3 2.99 can return from runAndWait() before espeak has finished writing the file
        # (seen under load): give the file a moment to be complete before calling it bad.
        deadline = time.monotonic() + _SETTLE_S
        while not check_wav(out):
            if time.monotonic() > deadline:
                log.error("pyttsx3 wrote no valid WAV for %r", text[:60])
                raise TtsError(SYNTH_FAILED)
            time.sleep(0.02)


class Synthesizer:
    """Text → cached WAV file. Thread-safe; :meth:`synthesize` blocks, so call it off the UI thread.

    Args:
        cache_dir: Folder for the WAV cache (the app passes the platformdirs cache folder).
        backend: ``"auto"`` (pyttsx3, falling back to the espeak-ng program), ``"pyttsx3"``,
            ``"cli"``, or a :class:`Backend` instance (no fallback then).
        voice: Default Vietnamese voice (``vi``, ``vi-vn-x-central``, ``vi-vn-x-south``).
        rate: Default rate in words per minute.
        espeak_cmd: The espeak-ng program (tests point it at a missing one).
    """

    def __init__(
        self,
        cache_dir: Path,
        *,
        backend: str | Backend = "auto",
        voice: str = "vi",
        rate: int = DEFAULT_RATE,
        espeak_cmd: str = "espeak-ng",
    ) -> None:
        self.cache_dir = Path(cache_dir)
        self.voice = voice
        self.rate = clamp_rate(rate)
        self._cmd = espeak_cmd
        self._lock = threading.Lock()
        self._cli = EspeakCliBackend(espeak_cmd)
        self._backend: Backend
        if isinstance(backend, str):
            self._backend = self._cli if backend == "cli" else PyttsxBackend()
        else:
            self._backend = backend
        self._fallback = backend == "auto"
        self._failures = 0
        #: How many files the espeak-ng program wrote because pyttsx3 failed on them.
        self.fallbacks = 0
        version = espeak_version(espeak_cmd)
        self._engine_version = f"espeak-ng {version}; normalizer {NORMALIZER_VERSION}"
        self.problem: str | None = None
        if version is None:
            self.problem = NO_ESPEAK
            log.error("espeak-ng is not installed: %s", NO_ESPEAK)

    @property
    def backend_name(self) -> str:
        """Which backend writes the files now (``pyttsx3`` or ``espeak-ng-cli``)."""
        return self._backend.name

    @property
    def engine_version(self) -> str:
        """The engine version that is part of every cache key."""
        return self._engine_version

    def voices(self) -> list[Voice]:
        """The kiosk's voices that are installed here."""
        available = installed_voices(self._cmd)
        return [v for v in VOICES if v.name in available]

    def pick_voice(self, lang: str = "vi", voice: str | None = None) -> str | None:
        """The voice to use for ``lang`` (see :func:`resolve_voice`)."""
        wanted = voice or (self.voice if lang == "vi" else DEFAULT_VOICE.get(lang, lang))
        return resolve_voice(wanted, lang, installed_voices(self._cmd))

    def speech_text(self, text: str, lang: str = "vi", voice: str | None = None) -> str:
        """The text that is actually synthesised (normalised for the voice's dialect)."""
        return normalize(text, lang, south=bool(voice and voice.endswith("south")))

    def cache_path(self, text: str, *, voice: str, rate: int, lang: str = "vi") -> Path:
        """Where the WAV for these settings lives (it may not exist yet)."""
        spoken = self.speech_text(text, lang, voice)
        key = "\x1f".join((spoken, voice, str(clamp_rate(rate)), self._engine_version))
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()
        return self.cache_dir / digest[:2] / f"{digest}.wav"

    def cached(
        self, text: str, *, lang: str = "vi", voice: str | None = None, rate: int | None = None
    ) -> Path | None:
        """The cached WAV for this text, or None. Cheap: safe to call on the UI thread."""
        chosen = self.pick_voice(lang, voice)
        if chosen is None:
            return None
        path = self.cache_path(text, voice=chosen, rate=rate or self.rate, lang=lang)
        return path if path.is_file() else None

    def synthesize(
        self, text: str, *, lang: str = "vi", voice: str | None = None, rate: int | None = None
    ) -> Path:
        """Return the WAV for ``text``, synthesising it into the cache if needed.

        Raises:
            TtsError: with a plain Vietnamese message (no espeak-ng, no voice, synthesis failed).
        """
        if self.problem:
            raise TtsError(self.problem)
        chosen = self.pick_voice(lang, voice)
        if chosen is None:
            log.error("no espeak-ng voice for language %s", lang)
            raise TtsError(NO_VOICE)
        rate = clamp_rate(rate or self.rate)
        path = self.cache_path(text, voice=chosen, rate=rate, lang=lang)
        if path.is_file():
            return path
        spoken = self.speech_text(text, lang, chosen) or "."
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{uuid.uuid4().hex}.tmp.wav")
        try:
            self._write(spoken, chosen, rate, tmp)
            os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)
        return path

    def _write(self, text: str, voice: str, rate: int, out: Path) -> None:
        backend = self._backend
        try:
            backend.synthesize(text, voice, rate, out)
            if not check_wav(out):
                log.error("%s wrote no valid WAV", backend.name)
                raise TtsError(SYNTH_FAILED)
        except TtsError:
            if not self._fallback or backend is self._cli:
                raise
        else:
            self._failures = 0
            return
        # pyttsx3 misbehaved: this file comes from the espeak-ng program. After a few failures in
        # a row (or when pyttsx3 cannot start at all) the program is used for good.
        with self._lock:
            self.fallbacks += 1
            self._failures += 1
            if self._backend is not self._cli and self._failures >= FAILURES_BEFORE_SWITCH:
                log.warning("pyttsx3 keeps failing; using the espeak-ng program from now on")
                self._backend = self._cli
        out.unlink(missing_ok=True)
        self._cli.synthesize(text, voice, rate, out)
        if not check_wav(out):
            raise TtsError(SYNTH_FAILED)
