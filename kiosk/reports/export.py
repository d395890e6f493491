"""CSV and XLSX exports of rosters, attendance and progress.

CSV files are UTF-8 with a byte-order mark, so Excel opens Vietnamese text correctly, and text
cells that a spreadsheet would run as a formula (starting with ``= + - @``, a tab or a carriage
return) are prefixed with an apostrophe. XLSX files have a bold, frozen header row, sensible
column widths and real dates; their text cells are always stored as text, never as formulas.
"""

from __future__ import annotations

import csv
import dataclasses
import os
import tempfile
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

#: Characters that make a spreadsheet treat a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | float | date | None


def _h(header: str) -> dict[str, str]:
    return {"header": header}


@dataclass(frozen=True)
class RosterRow:
    """One learner of a class roster."""

    code: str = field(metadata=_h("Mã học viên"))
    name: str = field(metadata=_h("Họ và tên"))
    birth_year: int | None = field(default=None, metadata=_h("Năm sinh"))
    phone: str = field(default="", metadata=_h("Điện thoại"))
    class_name: str = field(default="", metadata=_h("Lớp"))
    enrolled_on: date | None = field(default=None, metadata=_h("Ngày vào lớp"))


@dataclass(frozen=True)
class AttendanceRow:
    """One learner at one session."""

    session_date: date = field(metadata=_h("Ngày"))
    session_number: int = field(metadata=_h("Buổi số"))
    code: str = field(metadata=_h("Mã học viên"))
    name: str = field(metadata=_h("Họ và tên"))
    status: str = field(metadata=_h("Điểm danh"))
    method: str = field(default="", metadata=_h("Cách ghi nhận"))
    class_name: str = field(default="", metadata=_h("Lớp"))


@dataclass(frozen=True)
class ProgressRow:
    """One learner's progress in one module."""

    code: str = field(metadata=_h("Mã học viên"))
    name: str = field(metadata=_h("Họ và tên"))
    module: str = field(metadata=_h("Học phần"))
    lessons_done: int = field(metadata=_h("Bài đã học"))
    lessons_total: int = field(metadata=_h("Tổng số bài"))
    last_activity: date | None = field(default=None, metadata=_h("Lần học gần nhất"))
    current_lesson: str = field(default="", metadata=_h("Đang học bài"))

    @property
    def percent(self) -> float:
        """Share of the module done, in percent."""
        return 0.0 if self.lessons_total <= 0 else 100.0 * self.lessons_done / self.lessons_total


def headers(row_type: type[Any]) -> list[str]:
    """The column headers of a row dataclass, in field order.

    Args:
        row_type: a dataclass type whose fields have a ``header`` in their metadata (the field
            name is used when missing).
    """
    return [f.metadata.get("header", f.name) for f in dataclasses.fields(row_type)]


def _values(row: object) -> list[Cell]:
    values: list[Cell] = []
    for f in dataclasses.fields(row):  # type: ignore[arg-type]
        value = getattr(row, f.name)
        if isinstance(value, str):
            value = unicodedata.normalize("NFC", value)
        elif hasattr(value, "value") and isinstance(value.value, str):  # an Enum
            value = value.value
        values.append(value)
    return values


def csv_safe(value: Cell) -> str:
    """Format one value for CSV, neutralising text that a spreadsheet would run as a formula.

    Numbers stay numbers (``-3`` is not escaped); dates become ``yyyy-mm-dd``; text starting with
    one of :data:`FORMULA_STARTS` gets a leading apostrophe.
    """
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | float):
        return str(value)
    text = unicodedata.normalize("NFC", value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def _atomic_target(path: Path) -> tuple[int, Path]:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=path.suffix, dir=path.parent)
    return fd, Path(tmp)


def export_csv(path: Path, row_type: type[Any], rows: Iterable[object]) -> int:
    """Write rows as a CSV file (UTF-8 with BOM, comma-separated, CRLF line ends).

    Args:
        path: the file to write (replaced atomically).
        row_type: the row dataclass, for the headers (also when there are no rows).
        rows: instances of ``row_type``.

    Returns:
        The number of data rows written.
    """
    fd, tmp = _atomic_target(path)
    count = 0
    try:
        with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(headers(row_type))
            for row in rows:
                writer.writerow([csv_safe(v) for v in _values(row)])
                count += 1
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return count


def _width(value: Cell) -> int:
    if value is None:
        return 0
    if isinstance(value, date):
        return 10
    return len(str(value))


def export_xlsx(
    path: Path,
    row_type: type[Any],
    rows: Iterable[object],
    sheet_title: str = "Dữ liệu",
) -> int:
    """Write rows as an XLSX workbook with one sheet.

    Args:
        path: the file to write (replaced atomically).
        row_type: the row dataclass, for the headers.
        rows: instances of ``row_type``.
        sheet_title: the sheet's name (cut to Excel's 31 characters).

    Returns:
        The number of data rows written.
    """
    book = Workbook(write_only=False)
    sheet = book.active
    sheet.title = unicodedata.normalize("NFC", sheet_title)[:31]
    head = headers(row_type)
    sheet.append(head)
    bold = Font(bold=True)
    for cell in sheet[1]:
        cell.font = bold
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    widths = [len(h) for h in head]
    count = 0
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(_values(row), start=1):
            cell = sheet.cell(row=r, column=c, value=value)
            if isinstance(value, str):
                # openpyxl turns text starting with "=" into a formula; keep it text.
                cell.data_type = "s"
            elif isinstance(value, datetime):
                cell.number_format = "dd/mm/yyyy hh:mm"
            elif isinstance(value, date):
                cell.number_format = "dd/mm/yyyy"
            widths[c - 1] = max(widths[c - 1], _width(value))
        count += 1
    for c, w in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(c)].width = min(60, max(8, w + 2))
    sheet.freeze_panes = "A2"
    fd, tmp = _atomic_target(path)
    os.close(fd)
    try:
        book.save(tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return count


def export_rows(path: Path, row_type: type[Any], rows: Sequence[object], title: str = "") -> int:
    """Write rows as CSV or XLSX, chosen by the file's suffix (``.csv`` or ``.xlsx``).

    Raises:
        ValueError: another suffix.
    """
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return export_csv(path, row_type, rows)
    if suffix == ".xlsx":
        return export_xlsx(path, row_type, rows, title or "Dữ liệu")
    raise ValueError(f"unsupported export format: {path.suffix}")
