"""The learner's progress slip from the real kiosk data: PDF read back, fonts embedded, printed
through a real CUPS PDF queue, and a missing printer that loses nothing."""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from kiosk.clock import FakeClock
from kiosk.db.engine import Database
from kiosk.reports.errors import NoPrinter
from kiosk.session import KioskSession
from lessons.loader import load_library
from lessons.slips import SlipPrinter
from lessons.visit import VisitService

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.helpers.cups import CupsQueue, cups_pdf_queue, wait_for_file  # noqa: E402

__all__ = ["cups_pdf_queue"]


def learner_with_two_lessons(db: Database) -> VisitService:
    lib = load_library()
    visits = VisitService(db, lib, FakeClock(), KioskSession(), "kiosk-test")
    visits.continue_as_guest()
    for lesson in lib.ordered_lessons()[:2]:
        visits.open_lesson(lesson.id).finish()
    return visits


class NoQueue:
    """A print backend with no printer: stands in for a kiosk whose printer is unplugged."""

    def printers(self):  # type: ignore[no-untyped-def]
        return []

    def submit(self, pdf, *, printer=None, title=""):  # type: ignore[no-untyped-def]
        raise NoPrinter("Máy này chưa có máy in.")

    def job_state(self, job):  # type: ignore[no-untyped-def]
        raise AssertionError


def test_slip_pdf_has_the_exact_vietnamese_and_embedded_fonts(
    sqlite_db: Database, tmp_path: Path
) -> None:
    visits = learner_with_two_lessons(sqlite_db)
    facts = visits.slip_facts()
    result = SlipPrinter(
        tmp_path, "Nhà văn hóa phường Hòa Bình", today=date(2026, 11, 22), backend=NoQueue()
    )(facts, "vi")
    assert not result.printed
    assert "Chưa in được" in result.message and facts.code in result.message
    pdf = Path(result.pdf_path)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    for expected in (
        facts.code,
        "Nhà văn hóa phường Hòa Bình",
        "Bật, tắt, sạc và mở khóa điện thoại",
        "Chạm, vuốt, giữ",
        "Chữ to, màn sáng, loa to",
    ):
        assert expected in " ".join(text.split()), expected
    fonts = subprocess.run(
        ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert fonts and all(" yes " in line and "Helvetica" not in line for line in fonts), fonts


@pytest.mark.cups
def test_slip_goes_through_the_cups_queue(
    sqlite_db: Database, tmp_path: Path, cups_pdf_queue: CupsQueue
) -> None:
    visits = learner_with_two_lessons(sqlite_db)
    started = time.time() - 1
    result = SlipPrinter(tmp_path, "Phường Hòa Bình", printer=cups_pdf_queue.name)(
        visits.slip_facts(), "en"
    )
    assert result.printed, result.message
    assert result.message.startswith("Your slip has gone to the printer.")
    printed = wait_for_file(cups_pdf_queue.out_dir, "*.pdf", started, timeout=30)
    assert printed is not None and printed.stat().st_size > 1000
    assert Path(result.pdf_path).is_file()


def test_slip_fits_one_page_and_names_the_practice(sqlite_db: Database, tmp_path: Path) -> None:
    from kiosk.services.progress import AttemptFacts

    visits = learner_with_two_lessons(sqlite_db)
    visits.record_attempt(AttemptFacts("sim-07-vietqr-market", 1, "guided", 7, 7, 1, 2, 95, True))
    result = SlipPrinter(
        tmp_path,
        "Phường Hòa Bình",
        backend=NoQueue(),
        sim_titles=lambda sim_id, lang: f"Bài tập {sim_id[:6]} ({lang})",
    )(visits.slip_facts(), "vi")
    info = subprocess.run(
        ["pdfinfo", result.pdf_path], capture_output=True, text=True, check=True
    ).stdout
    assert "Pages:           1" in info
    text = subprocess.run(
        ["pdftotext", result.pdf_path, "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Bài tập sim-07 (vi)" in " ".join(text.split())
