"""A real print job through a CUPS PDF queue (cups-pdf) that the session fixture sets up."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from kiosk.reports.data import LessonDone, ProgressSlip
from kiosk.reports.errors import PrinterUnknown
from kiosk.reports.printing import CupsPrinting, JobState, save_and_print
from kiosk.reports.slip import render_progress_slip

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # tests/ is not a package; make tests.helpers importable
    sys.path.insert(0, str(ROOT))

from tests.helpers.cups import CupsQueue, cups_pdf_queue, wait_for_file  # noqa: E402

__all__ = ["cups_pdf_queue"]  # the fixture is used by name

pytestmark = pytest.mark.cups


def test_slip_prints_through_the_cups_pdf_queue(cups_pdf_queue: CupsQueue, tmp_path: Path) -> None:
    slip = ProgressSlip(
        "HV-CUPS1",
        "Nguyễn Thị Hường",
        "Điểm học phường Bến Thành",
        date(2026, 3, 14),
        lessons=(LessonDone("Chạm, vuốt, giữ", date(2026, 3, 10)),),
        next_lesson="Chữ to, màn sáng, loa to",
    )
    cups = CupsPrinting()
    assert cups.is_running()
    assert cups_pdf_queue.name in [p.name for p in cups.printers()]
    title = f"phieu-test-{time.time_ns()}"
    started = time.time() - 1
    outcome = save_and_print(
        lambda p: render_progress_slip(slip, p),
        tmp_path / "phieu.pdf",
        cups,
        printer=cups_pdf_queue.name,
        title=title,
    )
    assert outcome.error is None, outcome.error
    assert outcome.job is not None
    assert re.fullmatch(rf"{cups_pdf_queue.name}-\d+", outcome.job.job_id)
    printed = wait_for_file(cups_pdf_queue.out_dir, f"{title}*.pdf", started, timeout=30)
    assert printed is not None, f"nothing from cups-pdf in {cups_pdf_queue.out_dir}"
    try:
        assert printed.stat().st_size > 1000
        # cups-pdf re-renders through ghostscript, which drops the Unicode text layer:
        # check the page count, not the text.
        info = subprocess.run(
            ["pdfinfo", str(printed)], capture_output=True, text=True, check=True
        ).stdout
        assert re.search(r"^Pages:\s+1$", info, re.M), info
        assert cups.job_state(outcome.job) in (JobState.COMPLETED, JobState.PENDING)
    finally:
        printed.unlink(missing_ok=True)


def test_unknown_queue_on_a_real_cups(cups_pdf_queue: CupsQueue, tmp_path: Path) -> None:
    outcome = save_and_print(
        lambda p: render_progress_slip(
            ProgressSlip("HV-X", None, "Điểm học", date(2026, 3, 14)), p
        ),
        tmp_path / "x.pdf",
        CupsPrinting(),
        printer="KhongCoMayIn",
    )
    assert isinstance(outcome.error, PrinterUnknown)
    assert outcome.pdf.is_file()
