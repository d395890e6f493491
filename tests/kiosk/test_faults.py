"""Faults a kiosk meets alone: full disk, read-only data folder, database locked by another
process, missing fonts, printer gone mid-job, and logs that must rotate.

Each fault must give a plain Vietnamese message on screen (or in the outcome the screen shows), a
log line, and lose nothing that was saved before; the step on screen can be retried. The disk
faults use real file systems: a tiny tmpfs mounted for the test (the tests run as root here), and
``mount -o remount,ro`` for a read-only folder (``chmod`` does not stop root).
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers.fakes import FakeSpeaker
from pytestqt.qtbot import QtBot

from kiosk import backup
from kiosk.clock import FakeClock
from kiosk.config import Settings
from kiosk.errors import DatabaseError
from kiosk.faults import pin_singletons

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
import main  # noqa: E402

pin_singletons()  # PySide6 6.12 on CPython 3.11 drops None references: see kiosk/faults.py


# ---- real file systems ------------------------------------------------------------------------
def _mount(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["mount", *args], capture_output=True, text=True, check=False)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 6 MB tmpfs mounted for this test, unmounted after it."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    done = _mount("-t", "tmpfs", "-o", "size=6m,mode=0755", "tmpfs", str(disk))
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def _fill(disk: Path) -> Path:
    """Write a file until the disk is full; return it (delete it to free the disk)."""
    filler = disk / "filler.bin"
    with open(filler, "wb") as fh:
        try:
            while True:
                fh.write(b"\0" * 65536)
                fh.flush()
        except OSError as exc:
            assert exc.errno == 28  # ENOSPC
    return filler


# ---- the kiosk on a data folder -----------------------------------------------------------------
def _kiosk(qtbot: QtBot, data: Path) -> main.KioskParts:
    parts = main.build_kiosk(
        Settings(data_dir=data), clock=FakeClock(), speaker=FakeSpeaker(), tick_ms=3_600_000
    )
    qtbot.addWidget(parts.window)
    return parts


def _into_lesson(parts: main.KioskParts, steps: int) -> tuple[uuid.UUID, str]:
    w = parts.window
    w.attract.started.emit()
    w.language.chosen.emit("vi")
    w.identify.guest.emit()
    visitor = w.visits.session.visitor
    assert visitor is not None
    lesson = parts.library.ordered_lessons()[0]
    w.home.open_lesson.emit(lesson.id)
    for _ in range(steps):
        w.step.go_next.emit()
    assert w.visits.writer is not None
    assert w.visits.writer.flush()
    return visitor.learner_id, lesson.id


def _saved_step(dbfile: Path, learner: uuid.UUID, lesson_id: str) -> int | None:
    conn = sqlite3.connect(f"file:{dbfile}?mode=ro", uri=True)
    try:
        row = conn.execute(
            "SELECT furthest_step FROM lesson_progress WHERE learner_id = ? AND lesson_id = ?",
            (learner.hex, lesson_id),
        ).fetchone()
    finally:
        conn.close()
    return None if row is None else int(row[0])


def _next_until_message(qtbot: QtBot, parts: main.KioskParts, words: str) -> None:
    """Press Next (each press saves) until the message bar shows ``words``."""
    w = parts.window
    assert w.visits.writer is not None
    for _ in range(4):
        w.step.go_next.emit()
        w.visits.writer.flush()
        try:
            qtbot.waitUntil(lambda: words in w.messages.message, timeout=3000)
            return
        except AssertionError:
            continue
    raise AssertionError(f"no message with {words!r}; shown: {w.messages.message!r}")


def _errors(caplog: pytest.LogCaptureFixture, words: str) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.levelno >= logging.ERROR and words in r.getMessage()
    ]


def test_full_disk_shows_a_message_logs_and_loses_nothing(
    qtbot: QtBot, small_disk: Path, caplog: pytest.LogCaptureFixture
) -> None:
    parts = _kiosk(qtbot, small_disk / "data")
    learner, lesson_id = _into_lesson(parts, 2)
    dbfile = backup.database_file(parts.settings)
    assert dbfile is not None and _saved_step(dbfile, learner, lesson_id) == 2
    filler = _fill(small_disk)
    _next_until_message(qtbot, parts, "hết chỗ lưu")
    assert _errors(caplog, "hết chỗ lưu")
    assert parts.window.current is parts.window.step  # the lesson goes on
    assert _saved_step(dbfile, learner, lesson_id) == 2  # nothing saved before is lost
    with pytest.raises(backup.BackupError, match="hết chỗ"):  # and backups say so plainly
        backup.backup_now(parts.settings)
    filler.unlink()
    w = parts.window
    assert w.run is not None
    w.step.go_back.emit()  # retry: the step on screen saves again once there is room
    w.step.go_next.emit()
    assert w.visits.writer is not None and w.visits.writer.flush()
    assert _saved_step(dbfile, learner, lesson_id) == w.run.player.step_index
    assert backup.integrity_problems(dbfile) == []
    parts.db.dispose()


def test_read_only_data_folder(
    qtbot: QtBot, small_disk: Path, caplog: pytest.LogCaptureFixture
) -> None:
    parts = _kiosk(qtbot, small_disk / "data")
    learner, lesson_id = _into_lesson(parts, 1)
    dbfile = backup.database_file(parts.settings)
    assert dbfile is not None
    parts.db.dispose()  # no file open for writing, so the kernel lets us remount read-only
    before = dbfile.read_bytes()
    done = _mount("-o", "remount,ro", str(small_disk))
    assert done.returncode == 0, done.stderr
    try:
        _next_until_message(qtbot, parts, "Nhờ cán bộ")
        shown = parts.window.messages.message
        # SQLite says "readonly" when the file is open, "unable to open" when it must reopen it;
        # the engine turns both into one plain sentence.
        assert shown in (
            "Máy không ghi được dữ liệu (thư mục chỉ đọc). Nhờ cán bộ kiểm tra.",
            "Không lưu được dữ liệu. Nhờ cán bộ kiểm tra máy.",
        )
        assert _errors(caplog, shown)
        # A restart on the read-only folder: a plain error, no crash, nothing written.
        with pytest.raises(DatabaseError) as info:
            main.open_database(parts.settings)
        assert info.value.message.startswith("Không mở được cơ sở dữ liệu")
        with pytest.raises(backup.BackupError) as binfo:
            backup.backup_now(parts.settings)
        assert "chỉ đọc" in binfo.value.message or "Không sao lưu được" in binfo.value.message
    finally:
        assert _mount("-o", "remount,rw", str(small_disk)).returncode == 0
    assert dbfile.read_bytes() == before
    assert _saved_step(dbfile, learner, lesson_id) == 1
    w = parts.window
    w.step.go_next.emit()  # retry after the admin fixed the disk
    assert w.visits.writer is not None and w.visits.writer.flush()
    assert w.run is not None and _saved_step(dbfile, learner, lesson_id) == w.run.player.step_index
    parts.db.dispose()


LOCKER = textwrap.dedent("""
    import sqlite3, sys
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("BEGIN EXCLUSIVE")
    print("locked", flush=True)
    sys.stdin.readline()
    conn.execute("ROLLBACK")
""")


def test_database_locked_by_another_process(
    qtbot: QtBot, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    parts = _kiosk(qtbot, tmp_path / "data")
    learner, lesson_id = _into_lesson(parts, 1)
    dbfile = backup.database_file(parts.settings)
    assert dbfile is not None
    locker = subprocess.Popen(
        [sys.executable, "-c", LOCKER, str(dbfile)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert locker.stdout is not None and locker.stdout.readline().strip() == "locked"
        w = parts.window
        w.step.go_next.emit()  # the save waits for the lock (busy_timeout), then gives up
        qtbot.waitUntil(lambda: "đang bận" in w.messages.message, timeout=30_000)
        assert _errors(caplog, "đang bận")
    finally:
        assert locker.stdin is not None
        locker.stdin.write("\n")
        locker.stdin.close()
        locker.wait(timeout=30)
        if locker.stdout is not None:
            locker.stdout.close()
    assert _saved_step(dbfile, learner, lesson_id) == 1  # nothing lost
    w.step.go_back.emit()
    w.step.go_next.emit()  # retry once the other process let go
    assert w.visits.writer is not None and w.visits.writer.flush()
    assert w.run is not None and _saved_step(dbfile, learner, lesson_id) == w.run.player.step_index
    parts.db.dispose()


FONTLESS = textwrap.dedent("""
    import logging, sys
    from pathlib import Path
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    from kiosk.errors import KioskError
    from kiosk.reports.fonts import find_font_pair
    try:
        find_font_pair()
    except KioskError as exc:
        logging.error("%s", exc.message)
        print("MESSAGE", exc.message)
        sys.exit(0)
    print("FOUND a font")
    sys.exit(3)
""")


def test_missing_font_gives_a_plain_message(tmp_path: Path) -> None:
    """No font files at all (a private mount namespace hides /usr/share/fonts under an empty
    tmpfs, and fontconfig gets an empty configuration): printing explains, it does not crash."""
    if shutil.which("unshare") is None or os.geteuid() != 0:
        pytest.skip("needs root and unshare to hide the fonts")
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">'
        f"<fontconfig><cachedir>{tmp_path}/fc-cache</cachedir></fontconfig>\n",
        encoding="utf-8",
    )
    env = {**os.environ, "FONTCONFIG_FILE": str(conf), "PYTHONPATH": str(ROOT)}
    script = tmp_path / "fontless.py"
    script.write_text(FONTLESS, encoding="utf-8")
    out = subprocess.run(
        [
            "unshare",
            "-m",
            "--propagation",
            "unchanged",
            "sh",
            "-c",
            # Make this namespace's mounts private before hiding the fonts, so nothing can
            # propagate to the host. (unshare's own default does the same but fails outright
            # inside a chroot, where / is not a mount point; there this exits 97 and skips.)
            "mount --make-rprivate / 2>/dev/null || exit 97; "
            'mount -t tmpfs tmpfs /usr/share/fonts && exec "$0" "$1"',
            sys.executable,
            str(script),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    if out.returncode == 97:
        pytest.skip("cannot make a private mount namespace here (a chroot: / is no mount point)")
    if "mount" in out.stderr and out.returncode != 0 and "MESSAGE" not in out.stdout:
        pytest.skip(f"cannot hide the fonts here: {out.stderr.strip()}")
    assert out.returncode == 0, out.stdout + out.stderr
    assert "MESSAGE Máy này chưa có phông chữ tiếng Việt" in out.stdout
    assert "ERROR Máy này chưa có phông chữ tiếng Việt" in out.stderr
    assert Path("/usr/share/fonts/truetype").is_dir()  # hidden for the child only


def test_logs_rotate(tmp_path: Path) -> None:
    from kiosk.logs import setup_logging

    root = logging.getLogger()
    before = list(root.handlers)
    level = root.level
    try:
        path = setup_logging(tmp_path / "logs")
        assert path is not None
        handler = next(
            h for h in root.handlers if isinstance(h, logging.handlers.RotatingFileHandler)
        )
        log = logging.getLogger("hocvuso.test")
        line = "Nhật ký thử xoay vòng — " + "x" * 200
        for _ in range(handler.maxBytes // 200 + 500):
            log.warning(line)
        handler.flush()
        rotated = sorted(p.name for p in (tmp_path / "logs").iterdir())
        assert "hocvuso.log.1" in rotated and "hocvuso.log" in rotated
        assert (tmp_path / "logs" / "hocvuso.log").stat().st_size <= handler.maxBytes
        assert len(rotated) <= handler.backupCount + 1
    finally:
        for h in list(root.handlers):
            if h not in before:
                root.removeHandler(h)
                h.close()
        root.setLevel(level)


# ---- printing ---------------------------------------------------------------------------------
from tests.helpers.cups import (  # noqa: E402
    PPD_CANDIDATES,
    CupsQueue,
    cups_pdf_queue,
    wait_for_file,
)

__all__ = ["cups_pdf_queue"]  # the fixture is used by name

FAULT_QUEUE = "HocVuSoFault"


@pytest.fixture
def fault_queue(cups_pdf_queue: CupsQueue) -> Iterator[str]:
    """A cups-pdf queue of our own, so that stopping it never disturbs other printing tests."""
    ppd = next(p for p in PPD_CANDIDATES if Path(p).is_file())
    added = subprocess.run(
        ["lpadmin", "-p", FAULT_QUEUE, "-v", "cups-pdf:/", "-E", "-P", ppd],
        capture_output=True,
        text=True,
        check=False,
    )
    assert added.returncode == 0, added.stderr
    try:
        yield FAULT_QUEUE
    finally:
        subprocess.run(["cancel", "-a", FAULT_QUEUE], capture_output=True, check=False)
        subprocess.run(["lpadmin", "-x", FAULT_QUEUE], capture_output=True, check=False)


def _facts() -> object:
    from lessons.visit import SlipFacts

    return SlipFacts(
        code="HV-FAULT1", display_name=None, done=[], groups=[], next_lesson=None, simulations=[]
    )


def test_printer_refusing_jobs_gives_a_plain_message_and_keeps_the_pdf(
    fault_queue: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from lessons.slips import SlipPrinter

    subprocess.run(["cupsreject", fault_queue], check=True)
    result = SlipPrinter(tmp_path / "docs", "Nhà văn hóa phường", fault_queue)(_facts(), "vi")
    assert not result.printed
    assert result.message.startswith("Chưa in được:") and "HV-FAULT1" in result.message
    assert "đã được lưu lại" in result.message
    assert Path(result.pdf_path).is_file() and Path(result.pdf_path).stat().st_size > 1000
    assert any("In phiếu không được" in r.getMessage() for r in caplog.records)


def test_printer_stopped_mid_job_keeps_the_job_and_the_pdf(
    fault_queue: str, tmp_path: Path, cups_pdf_queue: CupsQueue
) -> None:
    """The queue is stopped (paper out, cable pulled): the job waits in the queue, the PDF is
    kept, and the job prints once the printer is back."""
    import time

    from kiosk.reports.printing import CupsPrinting, JobState, PrintJob
    from lessons.slips import SlipPrinter

    subprocess.run(["cupsdisable", fault_queue], check=True)
    started = time.time()
    result = SlipPrinter(tmp_path / "docs", "Nhà văn hóa phường", fault_queue)(_facts(), "vi")
    assert Path(result.pdf_path).is_file()
    jobs = subprocess.run(
        ["lpstat", "-o", fault_queue], capture_output=True, text=True, check=False
    ).stdout
    assert jobs.strip(), "the job must wait in the stopped queue, not vanish"
    job_id = jobs.split()[0]
    job = PrintJob(job_id=job_id, printer=fault_queue, pdf=Path(result.pdf_path), title="")
    assert CupsPrinting().job_state(job) is JobState.PENDING
    subprocess.run(["cupsenable", fault_queue], check=True)
    printed = wait_for_file(cups_pdf_queue.out_dir, "*.pdf", started - 1, timeout=60)
    assert printed is not None, "the waiting job printed once the printer came back"


# ---- PySide6 6.12 on CPython 3.11: lost references to None ------------------------------------
DROPPER = textwrap.dedent("""
    import os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    if sys.argv[1] == "pin":
        from kiosk.faults import pin_singletons
        assert pin_singletons() or sys.version_info >= (3, 12)
    from PySide6.QtWidgets import QApplication, QLabel
    from PySide6.QtCore import QObject, Signal
    app = QApplication([])
    label = QLabel()
    class O(QObject):
        s = Signal(str)
    o = O()
    o.s.connect(lambda _: None)
    before = sys.getrefcount(None)
    for _ in range(1000):
        label.setText("x")
    print("drop", before - sys.getrefcount(None), flush=True)
    for _ in range(int(sys.argv[2])):
        label.setText("x")
        o.s.emit("y")
    print("survived", flush=True)
""")


def test_pinned_singletons_survive_the_pyside_reference_bug(tmp_path: Path) -> None:
    """Without the pin the same loop aborts the process ("deallocating None") on CPython 3.11."""
    script = tmp_path / "dropper.py"
    script.write_text(DROPPER, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    pinned = subprocess.run(
        [sys.executable, str(script), "pin", "200000"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert pinned.returncode == 0, pinned.stderr[-2000:]
    assert "survived" in pinned.stdout
    bare = subprocess.run(
        [sys.executable, str(script), "bare", "200000"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    drop = int(bare.stdout.split()[1]) if bare.stdout.startswith("drop") else 0
    if drop and sys.version_info < (3, 12):
        assert bare.returncode != 0 and "deallocating" in bare.stderr  # why the pin exists
