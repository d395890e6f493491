"""A real CUPS PDF queue for the printing tests.

The session-scoped fixture :func:`cups_pdf_queue` starts ``cupsd`` when it is not running, adds a
``cups-pdf`` queue named :data:`QUEUE`, and on teardown removes the queue and stops the scheduler,
but only what it started itself. It skips (with the reason) only when CUPS or cups-pdf is not
installed or the scheduler cannot be started here.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

QUEUE = "HocVuSoPDF"
CUPSD = "/usr/sbin/cupsd"
PPD_CANDIDATES = (
    "/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd",
    "/usr/share/ppd/cups-pdf/CUPS-PDF_noopt.ppd",
)
CUPS_PDF_CONF = Path("/etc/cups/cups-pdf.conf")
START_TIMEOUT = 10.0
ENV = dict(os.environ, LC_ALL="C", LANG="C")


@dataclass(frozen=True)
class CupsQueue:
    """A ready cups-pdf queue.

    Attributes:
        name: the queue name to pass to ``lp -d``.
        out_dir: where cups-pdf writes the printed PDFs for the current user.
    """

    name: str
    out_dir: Path


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(args), capture_output=True, text=True, env=ENV, timeout=30, check=False
    )


def scheduler_running() -> bool:
    """``lpstat -r`` says the scheduler is running (its exit code is 0 either way)."""
    return "scheduler is running" in _run("lpstat", "-r").stdout


def cups_pdf_out_dir() -> Path:
    """The folder cups-pdf writes to for this user (its ``Out`` setting, ``${HOME}`` expanded)."""
    out = "${HOME}/PDF"
    if CUPS_PDF_CONF.is_file():
        for line in CUPS_PDF_CONF.read_text(encoding="utf-8", errors="replace").splitlines():
            parts = line.split(None, 1)
            if len(parts) == 2 and parts[0] == "Out":
                out = parts[1].strip()
    home = pwd.getpwuid(os.getuid()).pw_dir
    return Path(out.replace("${HOME}", home))


def wait_for_file(folder: Path, pattern: str, newer_than: float, timeout: float) -> Path | None:
    """Poll ``folder`` for a file matching ``pattern`` modified after ``newer_than``.

    cups-pdf is an external process, so a bounded poll with a deadline is the only way to know
    when it has finished writing; a file counts once its size stops changing.
    """
    deadline = time.monotonic() + timeout
    last: tuple[Path, int] | None = None
    while time.monotonic() < deadline:
        found = [p for p in folder.glob(pattern) if p.stat().st_mtime >= newer_than]
        if found:
            newest = max(found, key=lambda p: p.stat().st_mtime)
            size = newest.stat().st_size
            if last == (newest, size) and size > 0:
                return newest
            last = (newest, size)
        time.sleep(0.1)
    return None


def _unavailable(reason: str) -> None:
    """Skip on a developer machine without CUPS; fail in CI, where the setup installs it."""
    if os.environ.get("CI") or os.environ.get("HOCVUSO_REQUIRE_CUPS"):
        pytest.fail(f"CUPS is required here: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def cups_pdf_queue() -> Iterator[CupsQueue]:
    """Yield a working cups-pdf queue, setting up (and later removing) what is missing."""
    for tool in ("lpstat", "lpadmin", "lp"):
        if shutil.which(tool) is None:
            _unavailable(
                f"CUPS client tool {tool!r} is not installed (apt-get install cups-client)"
            )
    ppd = next((p for p in PPD_CANDIDATES if Path(p).is_file()), None)
    if ppd is None:
        _unavailable("cups-pdf is not installed (apt-get install printer-driver-cups-pdf)")
    started: subprocess.Popen[bytes] | None = None
    if not scheduler_running():
        if not Path(CUPSD).is_file():
            _unavailable(f"{CUPSD} is not installed (apt-get install cups)")
        try:
            started = subprocess.Popen(
                [CUPSD, "-f"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
        except OSError as exc:
            _unavailable(f"cupsd could not be started: {exc}")
        deadline = time.monotonic() + START_TIMEOUT
        while not scheduler_running():
            if started.poll() is not None or time.monotonic() > deadline:
                code = started.poll()
                if code is None:
                    started.terminate()
                    started.wait(10)
                _unavailable(f"cupsd did not start (exit code {code}); are we root?")
            time.sleep(0.05)
    added = False
    if QUEUE not in _run("lpstat", "-e").stdout.split():
        result = _run("lpadmin", "-p", QUEUE, "-v", "cups-pdf:/", "-E", "-P", ppd)
        if result.returncode != 0:
            if started is not None:
                started.terminate()
                started.wait(10)
            pytest.fail(f"lpadmin could not add the {QUEUE} queue: {result.stderr.strip()}")
        added = True
    try:
        yield CupsQueue(name=QUEUE, out_dir=cups_pdf_out_dir())
    finally:
        if added:
            _run("lpadmin", "-x", QUEUE)
        if started is not None:
            started.terminate()
            try:
                started.wait(10)
            except subprocess.TimeoutExpired:
                started.kill()
                started.wait(10)
