"""Import a class roster from a CSV or XLSX file.

Columns: name, birth year, phone (optional). A header row is recognised in Vietnamese or English
("Họ và tên", "Năm sinh", "Điện thoại" …); without one the columns are taken in that order. Names
are NFC-normalised. A bad row is reported by its line number and the rest are imported.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import uuid
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy.orm import Session

from kiosk.db.engine import vi_fold
from kiosk.errors import KioskError
from kiosk.services import audit, classes
from kiosk.services.accounts import AccountInfo

MAX_ROWS = 2000
_NAME_HEADERS = {"ho va ten", "ho ten", "ten", "name", "full name", "hoc vien", "ten hoc vien"}
_YEAR_HEADERS = {"nam sinh", "birth year", "birth_year", "year", "nam"}
_PHONE_HEADERS = {"dien thoai", "so dien thoai", "sdt", "phone", "dt", "so dt"}


@dataclass(frozen=True)
class RosterLine:
    """One good line of a roster file."""

    line: int
    name: str
    birth_year: int | None
    phone: str


@dataclass(frozen=True)
class RowProblem:
    """A line that was left out, and why (one plain sentence)."""

    line: int
    message: str


@dataclass(frozen=True)
class ImportResult:
    """What an import did."""

    added: tuple[classes.RosterEntry, ...]
    problems: tuple[RowProblem, ...]


def _cells_csv(data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1258", errors="replace")
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    if "\t" in sample and sample.count("\t") > sample.count(delimiter):
        delimiter = "\t"
    return [list(row) for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _cells_xlsx(path: Path) -> list[list[str]]:
    book = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        out: list[list[str]] = []
        for row in sheet.iter_rows(values_only=True):
            out.append(["" if v is None else _cell_text(v) for v in row])
        return out
    finally:
        book.close()


def _cell_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_cells(path: Path) -> list[list[str]]:
    """The cells of the first sheet of a ``.csv`` or ``.xlsx`` file, row by row.

    Raises:
        KioskError: another kind of file, or it cannot be read.
    """
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            return _cells_csv(path.read_bytes())
        if suffix == ".xlsx":
            return _cells_xlsx(path)
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
        raise KioskError(
            "Không đọc được tệp danh sách. Anh chị kiểm tra lại tệp.", str(exc)
        ) from exc
    raise KioskError("Chỉ nhận tệp .csv hoặc .xlsx (Excel).")


def _columns(header: Sequence[str]) -> tuple[int, int | None, int | None] | None:
    keys = [(vi_fold(h) or "").strip().rstrip(":").strip() for h in header]
    name = next((i for i, k in enumerate(keys) if k in _NAME_HEADERS), None)
    if name is None:
        return None
    year = next((i for i, k in enumerate(keys) if k in _YEAR_HEADERS), None)
    phone = next((i for i, k in enumerate(keys) if k in _PHONE_HEADERS), None)
    return name, year, phone


def _phone(text: str) -> str | None:
    if not text:
        return ""
    digits = re.sub(r"[\s.\-()]", "", text)
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    if not digits.isdigit() or not 9 <= len(digits) <= 11:
        return None
    return digits


def parse_rows(
    rows: Iterable[Sequence[str]], *, this_year: int
) -> tuple[list[RosterLine], list[RowProblem]]:
    """Check every row; line numbers are the file's (1 = the first line).

    Args:
        rows: the cells of each line.
        this_year: the current year, to check birth years.
    """
    good: list[RosterLine] = []
    problems: list[RowProblem] = []
    cols: tuple[int, int | None, int | None] = (0, 1, 2)
    for line, raw in enumerate(rows, start=1):
        cells = [unicodedata.normalize("NFC", str(c)).strip() for c in raw]
        if not any(cells):
            continue
        if line == 1:
            found = _columns(cells)
            if found is not None:
                cols = found
                continue
        if len(good) >= MAX_ROWS:
            problems.append(RowProblem(line, f"Tệp quá dài: chỉ nhận {MAX_ROWS} người một lần."))
            break

        def cell(i: int | None, cells: list[str] = cells) -> str:
            return cells[i] if i is not None and i < len(cells) else ""

        name = " ".join(cell(cols[0]).split())
        year_text, phone_text = cell(cols[1]), cell(cols[2])
        if not name:
            problems.append(RowProblem(line, f"Dòng {line}: thiếu họ tên."))
            continue
        if len(name) > 120 or any(ch.isdigit() for ch in name):
            problems.append(RowProblem(line, f"Dòng {line}: họ tên “{name[:40]}” không hợp lệ."))
            continue
        year: int | None = None
        if year_text:
            if not year_text.isdigit() or not 1900 <= int(year_text) <= this_year:
                problems.append(
                    RowProblem(
                        line, f"Dòng {line}: năm sinh “{year_text}” không hợp lệ (ví dụ: 1958)."
                    )
                )
                continue
            year = int(year_text)
        phone = _phone(phone_text)
        if phone is None:
            problems.append(
                RowProblem(line, f"Dòng {line}: số điện thoại “{phone_text}” không hợp lệ.")
            )
            continue
        good.append(RosterLine(line, name, year, phone))
    return good, problems


def import_roster(
    session: Session, class_id: uuid.UUID, path: Path, *, now: datetime, actor: AccountInfo
) -> ImportResult:
    """Read a roster file and add every good line to the class as a new learner.

    A person already in the class (same name and birth year) is reported, not added twice.

    Raises:
        KioskError: the file cannot be read at all (nothing is imported).
    """
    lines, problems = parse_rows(read_cells(path), this_year=now.year)
    present = {(vi_fold(e.name), e.birth_year) for e in classes.roster(session, class_id)}
    added: list[classes.RosterEntry] = []
    for ln in lines:
        key = (vi_fold(ln.name), ln.birth_year)
        if key in present:
            problems.append(RowProblem(ln.line, f"Dòng {ln.line}: {ln.name} đã có trong lớp."))
            continue
        present.add(key)
        added.append(
            classes.add_learner(
                session,
                class_id,
                ln.name,
                now=now,
                actor=actor,
                birth_year=ln.birth_year,
                phone=ln.phone or None,
            )
        )
    audit.record(
        session,
        "roster_import",
        now=now,
        actor=actor.display_name,
        actor_id=actor.id,
        target=f"class:{class_id}",
        detail={"file": path.name, "added": len(added), "problems": len(problems)},
    )
    problems.sort(key=lambda p: p.line)
    return ImportResult(tuple(added), tuple(problems))
