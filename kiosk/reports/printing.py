"""Printing through the system queue (CUPS) with its command-line tools, and batches.

``lp`` and ``lpstat`` are used directly (pycups is not needed). Every public call turns a failure
into a typed :class:`~kiosk.reports.errors.PrintError` with one plain Vietnamese sentence. The PDF
is always saved before anything is sent, so a failed print loses nothing: the staff can print the
saved file later or copy it to a USB stick.
"""

from __future__ import annotations

import enum
import os
import re
import shutil
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Protocol

__all__ = [
    "BatchItem",
    "BatchResult",
    "CancelFlag",
    "CupsPrinting",
    "JobState",
    "PrintBackend",
    "PrintJob",
    "PrintOutcome",
    "Printer",
    "ProgressCallback",
    "certificate_items",
    "run_batch",
    "safe_file_part",
    "save_and_print",
    "slip_items",
]

from kiosk.reports.batch import CancelFlag, ProgressCallback
from kiosk.reports.certificate import render_certificate
from kiosk.reports.data import Certificate, ProgressSlip
from kiosk.reports.errors import (
    JobRefused,
    NoPrinter,
    PrintError,
    PrinterUnknown,
    PrintingUnavailable,
)
from kiosk.reports.slip import render_progress_slip


@dataclass(frozen=True)
class Printer:
    """A print queue.

    Attributes:
        name: the CUPS queue name, e.g. ``"HocVuSoPDF"``.
        is_default: the system's default queue.
    """

    name: str
    is_default: bool = False


@dataclass(frozen=True)
class PrintJob:
    """A job accepted by the print queue.

    Attributes:
        job_id: the CUPS request id, e.g. ``"HocVuSoPDF-12"``.
        printer: the queue it went to.
        pdf: the saved file that was sent.
        title: the job title.
    """

    job_id: str
    printer: str
    pdf: Path
    title: str


class JobState(enum.Enum):
    """Where a job is: waiting or printing, done, or not known to the queue (any more)."""

    PENDING = "pending"
    COMPLETED = "completed"
    UNKNOWN = "unknown"


class PrintBackend(Protocol):
    """What the documents need from a print system; the UI tests pass a fake."""

    def printers(self) -> list[Printer]:
        """List the print queues."""
        ...

    def submit(self, pdf: Path, *, printer: str | None = None, title: str = "") -> PrintJob:
        """Send a saved PDF to a queue (the default one when ``printer`` is ``None``)."""
        ...

    def job_state(self, job: PrintJob) -> JobState:
        """Tell where a job is."""
        ...


MSG_UNAVAILABLE = (
    "Máy này chưa sẵn sàng để in (dịch vụ in chưa được cài hoặc chưa chạy). "
    "Phiếu đã được lưu, xin nhờ cán bộ in sau."
)
MSG_NO_PRINTER = "Chưa có máy in nào được cài đặt. Phiếu đã được lưu, xin nhờ cán bộ in sau."
MSG_NO_DEFAULT = "Có nhiều máy in nhưng chưa chọn máy in mặc định. Xin chọn một máy in."
MSG_UNKNOWN = "Không tìm thấy máy in “{name}”. Xin chọn máy in khác. Phiếu đã được lưu."
MSG_REFUSED = "Máy in không nhận lệnh in. Phiếu đã được lưu, xin thử lại hoặc nhờ cán bộ giúp."

_REQUEST_ID = re.compile(r"request id is (\S+)")
_NOT_RUNNING = ("scheduler is not running", "unable to connect", "connection refused")


class CupsPrinting:
    """The CUPS command-line tools (``lp``, ``lpstat``) as a :class:`PrintBackend`.

    Args:
        search_path: the ``PATH`` in which to look for ``lp`` and ``lpstat``; the process's own
            ``PATH`` when ``None``.
        timeout: seconds before a command counts as hung.
    """

    def __init__(self, search_path: str | None = None, timeout: float = 15.0) -> None:
        self._search_path = search_path
        self._timeout = timeout

    def _tool(self, name: str) -> str:
        exe = shutil.which(name, path=self._search_path)
        if exe is None:
            raise PrintingUnavailable(MSG_UNAVAILABLE, detail=f"{name} not found")
        return exe

    def _run(self, args: Sequence[str]) -> subprocess.CompletedProcess[str]:
        env = dict(os.environ, LC_ALL="C", LANG="C")
        try:
            result = subprocess.run(
                list(args),
                capture_output=True,
                text=True,
                timeout=self._timeout,
                env=env,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise PrintingUnavailable(MSG_UNAVAILABLE, detail=f"{args[0]} timed out") from exc
        except OSError as exc:
            raise PrintingUnavailable(MSG_UNAVAILABLE, detail=str(exc)) from exc
        text = (result.stdout + result.stderr).lower()
        if any(marker in text for marker in _NOT_RUNNING):
            raise PrintingUnavailable(MSG_UNAVAILABLE, detail=result.stderr.strip())
        return result

    def is_running(self) -> bool:
        """Tell whether the CUPS scheduler answers (``lpstat -r``).

        Raises:
            PrintingUnavailable: ``lpstat`` is not installed.
        """
        out = subprocess.run(
            [self._tool("lpstat"), "-r"],
            capture_output=True,
            text=True,
            timeout=self._timeout,
            env=dict(os.environ, LC_ALL="C", LANG="C"),
            check=False,
        ).stdout
        return "scheduler is running" in out

    def printers(self) -> list[Printer]:
        """List the print queues, the default one marked.

        Raises:
            PrintingUnavailable: no ``lpstat`` or the scheduler is not running.
        """
        lpstat = self._tool("lpstat")
        names = [
            line.split()[0]
            for line in self._run([lpstat, "-e"]).stdout.splitlines()
            if line.strip()
        ]
        default = self.default_printer()
        return [Printer(name, name == default) for name in names]

    def default_printer(self) -> str | None:
        """The name of the system's default queue, or ``None``.

        Raises:
            PrintingUnavailable: no ``lpstat`` or the scheduler is not running.
        """
        out = self._run([self._tool("lpstat"), "-d"]).stdout
        match = re.search(r"system default destination:\s*(\S+)", out)
        return match.group(1) if match else None

    def _choose(self, printer: str | None) -> str:
        queues = self.printers()
        if not queues:
            raise NoPrinter(MSG_NO_PRINTER, detail="lpstat -e listed no queue")
        if printer is not None:
            if printer not in {q.name for q in queues}:
                raise PrinterUnknown(MSG_UNKNOWN.format(name=printer), detail=printer)
            return printer
        for queue in queues:
            if queue.is_default:
                return queue.name
        if len(queues) == 1:
            return queues[0].name
        raise NoPrinter(MSG_NO_DEFAULT, detail=", ".join(q.name for q in queues))

    def submit(self, pdf: Path, *, printer: str | None = None, title: str = "") -> PrintJob:
        """Send a saved PDF to a queue with ``lp -d QUEUE -t TITLE FILE``.

        Args:
            pdf: the saved file.
            printer: the queue; the default (or the only) queue when ``None``.
            title: the job title shown in the queue.

        Returns:
            The accepted job with its CUPS request id.

        Raises:
            FileNotFoundError: ``pdf`` does not exist (save first).
            PrintingUnavailable: CUPS is not installed or not running.
            NoPrinter: no queue, or several and no default.
            PrinterUnknown: ``printer`` is not a queue.
            JobRefused: ``lp`` refused the job.
        """
        if not pdf.is_file():
            raise FileNotFoundError(pdf)
        lp = self._tool("lp")
        queue = self._choose(printer)
        title = title or pdf.stem
        result = self._run([lp, "-d", queue, "-t", title, "--", str(pdf)])
        match = _REQUEST_ID.search(result.stdout)
        if result.returncode != 0 or match is None:
            detail = (result.stderr or result.stdout).strip()
            if "does not exist" in detail.lower():
                raise PrinterUnknown(MSG_UNKNOWN.format(name=queue), detail=detail)
            raise JobRefused(MSG_REFUSED, detail=detail or f"lp exit {result.returncode}")
        return PrintJob(job_id=match.group(1), printer=queue, pdf=pdf, title=title)

    def job_state(self, job: PrintJob) -> JobState:
        """Tell whether a job is still waiting, done, or unknown to the queue.

        Raises:
            PrintingUnavailable: no ``lpstat`` or the scheduler is not running.
        """
        lpstat = self._tool("lpstat")
        for which, state in (
            ("not-completed", JobState.PENDING),
            ("completed", JobState.COMPLETED),
        ):
            out = self._run([lpstat, "-W", which, "-o", job.printer]).stdout
            if any(line.split()[:1] == [job.job_id] for line in out.splitlines()):
                return state
        return JobState.UNKNOWN


@dataclass(frozen=True)
class PrintOutcome:
    """The result of :func:`save_and_print`: the PDF is always there.

    Attributes:
        pdf: the saved file.
        job: the accepted job, or ``None`` when printing failed.
        error: why printing failed (its ``message`` is for the screen), or ``None``.
    """

    pdf: Path
    job: PrintJob | None
    error: PrintError | None

    @property
    def printed(self) -> bool:
        """The job was accepted by the queue."""
        return self.job is not None


def save_and_print(
    render: Callable[[Path], object],
    pdf: Path,
    backend: PrintBackend,
    *,
    printer: str | None = None,
    title: str = "",
) -> PrintOutcome:
    """Save a document as PDF, then send it to a print queue.

    Args:
        render: writes the PDF to the path it is given (e.g. ``lambda p: render_progress_slip(s,
            p)``); its errors (such as :class:`~kiosk.reports.errors.FontMissing`) propagate.
        pdf: where to save.
        backend: the print system.
        printer: the queue, or ``None`` for the default.
        title: the job title.

    Returns:
        The saved path with the job, or with the printing error.
    """
    render(pdf)
    try:
        job = backend.submit(pdf, printer=printer, title=title)
    except PrintError as exc:
        return PrintOutcome(pdf=pdf, job=None, error=exc)
    return PrintOutcome(pdf=pdf, job=job, error=None)


@dataclass(frozen=True)
class BatchItem:
    """One document of a batch.

    Attributes:
        file_name: the PDF file name (without folder), e.g. ``"phieu-HV-0042.pdf"``.
        title: the print job title.
        render: writes the PDF to the path it is given.
    """

    file_name: str
    title: str
    render: Callable[[Path], object]


@dataclass(frozen=True)
class BatchResult:
    """What a batch did.

    Attributes:
        saved: the PDFs written, in order.
        jobs: the print jobs accepted, in order.
        errors: ``(file name, plain message)`` for each document that failed to print.
        cancelled: the batch stopped early because the cancel flag was set.
        total: documents in the batch.
    """

    saved: tuple[Path, ...]
    jobs: tuple[PrintJob, ...]
    errors: tuple[tuple[str, str], ...]
    cancelled: bool
    total: int


def safe_file_part(text: str) -> str:
    """Turn a learner code or name into a safe file-name part (ASCII letters, digits, ``-_.``)."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-.")
    return cleaned or "x"


def slip_items(slips: Sequence[ProgressSlip]) -> list[BatchItem]:
    """Batch items for progress slips, one PDF per learner (``phieu-<code>.pdf``)."""
    return [
        BatchItem(
            file_name=f"phieu-{safe_file_part(s.learner_code)}.pdf",
            title=f"phieu-{safe_file_part(s.learner_code)}",
            render=partial(render_progress_slip, s),
        )
        for s in slips
    ]


def certificate_items(certs: Sequence[Certificate]) -> list[BatchItem]:
    """Batch items for certificates (``chung-nhan-<code>-<module>.pdf``)."""
    items: list[BatchItem] = []
    for c in certs:
        stem = f"chung-nhan-{safe_file_part(c.learner_code)}-{safe_file_part(c.module_code)}"
        items.append(
            BatchItem(file_name=f"{stem}.pdf", title=stem, render=partial(render_certificate, c))
        )
    return items


def run_batch(
    items: Sequence[BatchItem],
    out_dir: Path,
    *,
    backend: PrintBackend | None = None,
    printer: str | None = None,
    progress: ProgressCallback | None = None,
    cancel: CancelFlag | None = None,
) -> BatchResult:
    """Save many documents as PDFs and, with a backend, send each to the queue.

    Meant to run off the UI thread; ``progress`` is called from that thread after every document
    and ``cancel`` is checked before every document. When the print system is missing or has no
    printer, printing stops for the rest of the batch (one error is recorded) but saving goes on.

    Args:
        items: the documents.
        out_dir: the folder for the PDFs (created when missing).
        backend: the print system, or ``None`` to only save.
        printer: the queue, or ``None`` for the default.
        progress: called with (done, total) after each document.
        cancel: stops the batch before the next document once set.

    Returns:
        What was saved and printed, the print errors, and whether it was cancelled.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []
    jobs: list[PrintJob] = []
    errors: list[tuple[str, str]] = []
    printing = backend is not None
    total = len(items)
    for index, item in enumerate(items):
        if cancel is not None and cancel.is_set():
            return BatchResult(tuple(saved), tuple(jobs), tuple(errors), True, total)
        path = out_dir / item.file_name
        item.render(path)
        saved.append(path)
        if printing and backend is not None:
            try:
                jobs.append(backend.submit(path, printer=printer, title=item.title))
            except (PrintingUnavailable, NoPrinter, PrinterUnknown) as exc:
                errors.append((item.file_name, exc.message))
                printing = False
            except PrintError as exc:
                errors.append((item.file_name, exc.message))
        if progress is not None:
            progress(index + 1, total)
    return BatchResult(tuple(saved), tuple(jobs), tuple(errors), False, total)
