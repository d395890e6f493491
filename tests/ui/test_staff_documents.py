"""Documents from the staff screens: preview, print, save a copy, exports read back, a batch of
certificates with progress and cancel; every one leaves an audit event."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from staff_world import TEACHER_PIN, build_window, library, seed, sign_in_by_touch

from kiosk.clock import FakeClock
from kiosk.db.engine import Database
from kiosk.services import attendance, audit, progress

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # tests/ is not a package; make tests.helpers importable
    sys.path.insert(0, str(ROOT))

from tests.helpers.cups import cups_pdf_queue  # noqa: E402

__all__ = ["cups_pdf_queue"]  # the fixture is used by name

needs_poppler = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler missing")


@pytest.fixture
def db(tmp_path: Path) -> Database:
    return Database(f"sqlite:///{tmp_path}/t.sqlite3")


def open_documents(qtbot, tmp_path: Path, db: Database, learners: int = 6):  # type: ignore[no-untyped-def]
    clock = FakeClock()
    world = seed(db, clock, learners=learners)
    with db.transaction() as s:
        attendance.open_session(
            s, world["class"].id, day=clock.now().date(), now=clock.now(), actor=world["teacher"]
        )
    w, files, printer = build_window(qtbot, tmp_path, db, clock)
    sign_in_by_touch(qtbot, w, "Trần Thị Mai", TEACHER_PIN)
    w.open_class(world["class"].id)
    qtbot.mouseClick(w.klass.b_docs, Qt.MouseButton.LeftButton)
    assert w.current is w.documents
    return w, files, printer, world, clock


@needs_poppler
def test_sheet_preview_print_and_copy(qtbot, tmp_path: Path, db: Database) -> None:  # type: ignore[no-untyped-def]
    w, files, printer, _, _ = open_documents(qtbot, tmp_path, db)
    d = w.documents
    assert not d.b_print.isEnabled()
    qtbot.mouseClick(d.b_session, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: d.pdf is not None, timeout=30000)
    assert d.pdf is not None and d.pdf.exists() and d.pdf.parent == tmp_path / "docs"
    assert "1 trang" in d.info.text()
    assert d.preview.pixmap() is not None and not d.preview.pixmap().isNull()
    text = subprocess.run(
        ["pdftotext", str(d.pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Nguyễn Thị Hường" in text
    qtbot.mouseClick(d.b_print, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(printer.jobs) == 1, timeout=10000)
    qtbot.waitUntil(lambda: "máy in" in w.messages.message, timeout=10000)
    files.save_path = tmp_path / "usb" / "copy.pdf"
    files.save_path.parent.mkdir()
    qtbot.mouseClick(d.b_copy, Qt.MouseButton.LeftButton)
    assert files.save_path.read_bytes() == d.pdf.read_bytes()
    for maker in (d.b_month, d.b_report, d.b_cards):
        before = d.pdf
        qtbot.mouseClick(maker, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda before=before: d.pdf != before, timeout=30000)
        assert d.pdf is not None and d.pdf.stat().st_size > 1000
    with w.ctx.db.transaction() as s:
        events = audit.entries(s, actor="Trần Thị Mai")
    kinds = [(e.action, e.detail.get("document")) for e in events]
    assert ("print", "attendance_session") in kinds
    assert [k for k in kinds if k[0] == "save_pdf"].__len__() == 5
    w.ctx.tasks.wait()


def test_exports_read_back(qtbot, tmp_path: Path, db: Database) -> None:  # type: ignore[no-untyped-def]
    w, _, _, _, _ = open_documents(qtbot, tmp_path, db)
    d = w.documents
    d.format_pick.setCurrentIndex(d.format_pick.findData("csv"))
    qtbot.mouseClick(d.b_x_roster, Qt.MouseButton.LeftButton)
    path = d.last_export
    assert path is not None and path.suffix == ".csv"
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][1] == "Họ và tên" and len(rows) == 7
    assert "Nguyễn Thị Hường" in {r[1] for r in rows}
    d.format_pick.setCurrentIndex(d.format_pick.findData("xlsx"))
    qtbot.mouseClick(d.b_x_prog, Qt.MouseButton.LeftButton)
    assert d.last_export is not None and d.last_export.suffix == ".xlsx"
    sheet = load_workbook(d.last_export).active
    assert sheet.title == "Tiến độ" and sheet.cell(1, 3).value == "Học phần"
    assert sheet.max_row == 1 + 6 * len(library().modules)
    qtbot.mouseClick(d.b_x_att, Qt.MouseButton.LeftButton)
    assert "Đã xuất 0 dòng" in w.messages.message
    with w.ctx.db.transaction() as s:
        exports = audit.entries(s, action="export")
    assert {e.detail["document"] for e in exports} == {
        "roster.csv",
        "progress.xlsx",
        "attendance.xlsx",
    }


def finish_module(db: Database, world, clock, module_id: str, how_many: int) -> None:  # type: ignore[no-untyped-def]
    lessons = [x.id for x in library().lessons_of(module_id)]
    with db.transaction() as s:
        for p in world["people"][:how_many]:
            for lesson in lessons:
                progress.complete(s, p.learner_id, lesson, 1, now=clock.now())


def test_certificate_batch_prints_and_can_be_cancelled(qtbot, tmp_path: Path, db: Database) -> None:  # type: ignore[no-untyped-def]
    w, _, printer, world, clock = open_documents(qtbot, tmp_path, db, learners=12)
    d = w.documents
    module_id = library().modules[0].id
    d.module_pick.setCurrentIndex(d.module_pick.findData(module_id))
    qtbot.mouseClick(d.b_certs, Qt.MouseButton.LeftButton)
    assert "Chưa có ai học xong" in w.messages.message
    finish_module(db, world, clock, module_id, 12)
    qtbot.mouseClick(d.b_certs, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: d.last_batch is not None, timeout=60000)
    assert d.last_batch is not None and len(d.last_batch.saved) == 12
    assert len(printer.jobs) == 12 and d.progress_dialog is None
    # a second run reuses the codes; this time it is stopped at once
    d.last_batch = None
    clock.advance(60)
    qtbot.mouseClick(d.b_certs, Qt.MouseButton.LeftButton)
    assert d.progress_dialog is not None
    stop = d.progress_dialog.findChild(QPushButton)
    assert stop is not None and stop.text() == "Dừng lại"
    qtbot.mouseClick(stop, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: d.last_batch is not None, timeout=60000)
    assert d.last_batch is not None and d.last_batch.cancelled
    assert len(d.last_batch.saved) < 12
    with db.transaction() as s:
        issued = audit.entries(s, action="certificate_issue")
        runs = [
            e
            for e in audit.entries(s)
            if str(e.detail.get("document", "")).startswith("certificates")
        ]
    assert len(issued) == 12
    assert runs[0].detail["cancelled"] is True and runs[1].detail["printed"] == 12


@pytest.mark.cups
@needs_poppler
def test_sheet_prints_through_the_real_cups_queue(
    qtbot,
    tmp_path: Path,
    db: Database,  # type: ignore[no-untyped-def]
    cups_pdf_queue,
) -> None:
    import time

    from kiosk.reports.printing import CupsPrinting
    from tests.helpers.cups import wait_for_file

    w, _, _, _, _ = open_documents(qtbot, tmp_path, db)
    w.ctx.printer, w.ctx.printer_name = CupsPrinting(), cups_pdf_queue.name
    d = w.documents
    started = time.time() - 1
    qtbot.mouseClick(d.b_session, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: d.pdf is not None, timeout=30000)
    qtbot.mouseClick(d.b_print, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Đã gửi tới máy in" in w.messages.message, timeout=30000)
    assert d.pdf is not None
    printed = wait_for_file(cups_pdf_queue.out_dir, f"{d.pdf.stem}*.pdf", started, timeout=30)
    assert printed is not None, f"nothing from cups-pdf in {cups_pdf_queue.out_dir}"
    printed.unlink(missing_ok=True)
    with w.ctx.db.transaction() as s:
        job = audit.entries(s, action="print")[0]
    assert job.detail["printer"] == cups_pdf_queue.name
