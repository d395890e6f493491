"""Printing: the CUPS command-line backend against stand-in ``lp``/``lpstat`` scripts, the
save-first rule, and batches with progress and cancel. The real queue is in test_printing_cups."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest

from kiosk.reports.data import SKILL_GROUPS_757, Certificate, ProgressSlip
from kiosk.reports.errors import (
    FontMissing,
    JobRefused,
    NoPrinter,
    PrintError,
    PrinterUnknown,
    PrintingUnavailable,
)
from kiosk.reports.printing import (
    BatchItem,
    CupsPrinting,
    JobState,
    Printer,
    PrintJob,
    certificate_items,
    run_batch,
    safe_file_part,
    save_and_print,
    slip_items,
)
from kiosk.reports.slip import render_progress_slip


def make_tools(
    folder: Path,
    *,
    queues: str = "HocVuSoPDF",
    default: str | None = "HocVuSoPDF",
    lp_reply: str = "request id is HocVuSoPDF-7 (1 file(s))",
    lp_code: int = 0,
    running: bool = True,
) -> str:
    """Write stand-in ``lpstat`` and ``lp`` scripts that answer like CUPS does; return the PATH.

    ``lp`` records its arguments in ``lp.args`` so the tests can check the exact command line.
    """
    not_running = "" if running else 'echo "lpstat: Scheduler is not running." >&2; exit 1'
    default_line = (
        f'echo "system default destination: {default}"'
        if default
        else 'echo "no system default destination"'
    )
    queue_lines = "\n".join(f'  echo "{q}"' for q in queues.split()) or "  :"
    (folder / "lpstat").write_text(
        f"""#!/bin/sh
{not_running}
case "$1" in
 -r) echo "scheduler is running" ;;
 -e)
{queue_lines}
  ;;
 -d) {default_line} ;;
 -W)
  if [ "$2" = "not-completed" ]; then echo "HocVuSoPDF-7 root 1024 Sun"; fi
  if [ "$2" = "completed" ]; then echo "HocVuSoPDF-3 root 1024 Sun"; fi
  ;;
esac
""",
        encoding="utf-8",
    )
    (folder / "lp").write_text(
        f"""#!/bin/sh
printf '%s\\n' "$@" > "{folder}/lp.args"
echo "{lp_reply}"
exit {lp_code}
""",
        encoding="utf-8",
    )
    for tool in ("lpstat", "lp"):
        (folder / tool).chmod(0o755)
    return str(folder)


@pytest.fixture
def pdf(tmp_path: Path) -> Path:
    path = tmp_path / "slip.pdf"
    path.write_bytes(b"%PDF-1.4\n%%EOF\n")
    return path


def slip(code: str = "HV-0042") -> ProgressSlip:
    return ProgressSlip(
        code,
        "Nguyễn Thị Hường",
        "Điểm học phường Bến Thành",
        date(2026, 3, 14),
        next_lesson="Chạm, vuốt, giữ",
    )


def test_lists_printers_and_the_default(tmp_path: Path) -> None:
    cups = CupsPrinting(make_tools(tmp_path, queues="Office HocVuSoPDF"))
    assert cups.printers() == [Printer("Office", False), Printer("HocVuSoPDF", True)]
    assert cups.default_printer() == "HocVuSoPDF"
    assert cups.is_running()


def test_submit_runs_lp_with_queue_title_and_file(tmp_path: Path, pdf: Path) -> None:
    cups = CupsPrinting(make_tools(tmp_path))
    job = cups.submit(pdf, title="Phiếu học tập HV-0042")
    assert job == PrintJob("HocVuSoPDF-7", "HocVuSoPDF", pdf, "Phiếu học tập HV-0042")
    args = (tmp_path / "lp.args").read_text(encoding="utf-8").splitlines()
    assert args == ["-d", "HocVuSoPDF", "-t", "Phiếu học tập HV-0042", "--", str(pdf)]


def test_job_state(tmp_path: Path, pdf: Path) -> None:
    cups = CupsPrinting(make_tools(tmp_path))
    assert cups.job_state(PrintJob("HocVuSoPDF-7", "HocVuSoPDF", pdf, "t")) is JobState.PENDING
    assert cups.job_state(PrintJob("HocVuSoPDF-3", "HocVuSoPDF", pdf, "t")) is JobState.COMPLETED
    assert cups.job_state(PrintJob("HocVuSoPDF-99", "HocVuSoPDF", pdf, "t")) is JobState.UNKNOWN


def test_only_queue_is_used_without_a_default(tmp_path: Path, pdf: Path) -> None:
    cups = CupsPrinting(make_tools(tmp_path, default=None))
    assert cups.submit(pdf).printer == "HocVuSoPDF"


def test_several_queues_and_no_default_asks_to_choose(tmp_path: Path, pdf: Path) -> None:
    cups = CupsPrinting(make_tools(tmp_path, queues="A B", default=None))
    with pytest.raises(NoPrinter, match="chọn máy in"):
        cups.submit(pdf)


def test_no_lp_installed(tmp_path: Path, pdf: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    cups = CupsPrinting(str(empty))
    with pytest.raises(PrintingUnavailable) as info:
        cups.submit(pdf)
    assert "chưa sẵn sàng để in" in info.value.message
    with pytest.raises(PrintingUnavailable):
        cups.printers()


def test_scheduler_not_running(tmp_path: Path, pdf: Path) -> None:
    cups = CupsPrinting(make_tools(tmp_path, running=False))
    with pytest.raises(PrintingUnavailable):
        cups.submit(pdf)


def test_no_printer_configured(tmp_path: Path, pdf: Path) -> None:
    cups = CupsPrinting(make_tools(tmp_path, queues="", default=None))
    with pytest.raises(NoPrinter) as info:
        cups.submit(pdf)
    assert info.value.message.startswith("Chưa có máy in nào")


def test_unknown_printer(tmp_path: Path, pdf: Path) -> None:
    cups = CupsPrinting(make_tools(tmp_path))
    with pytest.raises(PrinterUnknown, match="Không tìm thấy máy in “Tầng 2”"):
        cups.submit(pdf, printer="Tầng 2")


def test_job_refused(tmp_path: Path, pdf: Path) -> None:
    cups = CupsPrinting(
        make_tools(tmp_path, lp_reply="lp: Error - Destination not accepting jobs.", lp_code=1)
    )
    with pytest.raises(JobRefused) as info:
        cups.submit(pdf)
    assert "không nhận lệnh in" in info.value.message
    assert "not accepting" in info.value.detail


def test_submit_needs_the_saved_file(tmp_path: Path) -> None:
    cups = CupsPrinting(make_tools(tmp_path))
    with pytest.raises(FileNotFoundError):
        cups.submit(tmp_path / "missing.pdf")


def test_save_and_print_keeps_the_pdf_when_printing_fails(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    target = tmp_path / "out" / "phieu.pdf"
    outcome = save_and_print(
        lambda p: render_progress_slip(slip(), p), target, CupsPrinting(str(empty)), title="phieu"
    )
    assert not outcome.printed
    assert isinstance(outcome.error, PrintingUnavailable)
    assert target.read_bytes().startswith(b"%PDF-")


def test_save_and_print_success(tmp_path: Path) -> None:
    target = tmp_path / "phieu.pdf"
    outcome = save_and_print(
        lambda p: render_progress_slip(slip(), p),
        target,
        CupsPrinting(make_tools(tmp_path)),
        title="phieu",
    )
    assert outcome.printed and outcome.error is None
    assert outcome.job is not None and outcome.job.pdf == target


def test_save_and_print_lets_a_font_error_through(tmp_path: Path) -> None:
    def render(_: Path) -> None:
        raise FontMissing("Máy này chưa có phông chữ tiếng Việt để in.")

    with pytest.raises(FontMissing):
        save_and_print(render, tmp_path / "x.pdf", CupsPrinting(make_tools(tmp_path)))


class FakeBackend:
    """Accepts every job, or refuses some, and records what it was sent."""

    def __init__(self, refuse: set[str] | None = None, fail_with: PrintError | None = None) -> None:
        self.sent: list[Path] = []
        self.refuse = refuse or set()
        self.fail_with = fail_with

    def printers(self) -> list[Printer]:
        return [Printer("Fake", True)]

    def submit(self, pdf: Path, *, printer: str | None = None, title: str = "") -> PrintJob:
        if self.fail_with is not None:
            raise self.fail_with
        if pdf.name in self.refuse:
            raise JobRefused("Máy in không nhận lệnh in.")
        self.sent.append(pdf)
        return PrintJob(f"Fake-{len(self.sent)}", printer or "Fake", pdf, title)

    def job_state(self, job: PrintJob) -> JobState:
        return JobState.COMPLETED


def test_batch_of_slips_reports_progress_and_prints_each(tmp_path: Path) -> None:
    slips = [slip(f"HV-{i:04d}") for i in range(5)]
    seen: list[tuple[int, int]] = []
    backend = FakeBackend()
    result = run_batch(
        slip_items(slips),
        tmp_path / "batch",
        backend=backend,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert seen == [(i, 5) for i in range(1, 6)]
    assert [p.name for p in result.saved] == [f"phieu-HV-{i:04d}.pdf" for i in range(5)]
    assert all(p.read_bytes().startswith(b"%PDF-") for p in result.saved)
    assert len(result.jobs) == 5 and backend.sent == list(result.saved)
    assert not result.cancelled and result.errors == ()


def test_batch_cancel_stops_before_the_next_document(tmp_path: Path) -> None:
    cancel = threading.Event()

    def progress(done: int, total: int) -> None:
        if done == 3:
            cancel.set()

    result = run_batch(
        slip_items([slip(f"HV-{i}") for i in range(10)]), tmp_path, progress=progress, cancel=cancel
    )
    assert result.cancelled
    assert len(result.saved) == 3 and result.total == 10
    assert sorted(p.name for p in tmp_path.glob("*.pdf")) == [f"phieu-HV-{i}.pdf" for i in range(3)]


def test_batch_keeps_saving_when_a_job_is_refused(tmp_path: Path) -> None:
    backend = FakeBackend(refuse={"phieu-HV-1.pdf"})
    result = run_batch(slip_items([slip(f"HV-{i}") for i in range(3)]), tmp_path, backend=backend)
    assert len(result.saved) == 3 and len(result.jobs) == 2
    assert result.errors == (("phieu-HV-1.pdf", "Máy in không nhận lệnh in."),)


def test_batch_without_printer_stops_printing_once_but_saves_all(tmp_path: Path) -> None:
    backend = FakeBackend(fail_with=NoPrinter("Chưa có máy in nào được cài đặt."))
    result = run_batch(slip_items([slip(f"HV-{i}") for i in range(4)]), tmp_path, backend=backend)
    assert len(result.saved) == 4 and result.jobs == ()
    assert len(result.errors) == 1


def test_certificate_batch_items(tmp_path: Path) -> None:
    cert = Certificate(
        "Trần Văn Bảy",
        "HV-0001",
        "M1",
        "Làm quen với điện thoại",
        (SKILL_GROUPS_757["757-G0.1"],),
        "ABCD-1234",
        date(2026, 4, 2),
        "Điểm học phường Bến Thành",
    )
    items = certificate_items([cert])
    assert items[0].file_name == "chung-nhan-HV-0001-M1.pdf"
    result = run_batch(items, tmp_path)
    assert result.saved[0].read_bytes().startswith(b"%PDF-")


def test_batch_item_render_errors_propagate(tmp_path: Path) -> None:
    def broken(_: Path) -> None:
        raise FontMissing("Máy này chưa có phông chữ tiếng Việt để in.")

    with pytest.raises(FontMissing):
        run_batch([BatchItem("a.pdf", "a", broken)], tmp_path)


def test_safe_file_part() -> None:
    assert safe_file_part("HV-0042") == "HV-0042"
    assert safe_file_part("../Hường 1") == "H-ng-1"
    assert safe_file_part("///") == "x"
