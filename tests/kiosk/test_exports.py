"""CSV and XLSX exports read back with the csv module and openpyxl."""

from __future__ import annotations

import csv
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kiosk.reports.export import (
    AttendanceRow,
    ProgressRow,
    RosterRow,
    csv_safe,
    export_csv,
    export_rows,
    export_xlsx,
    headers,
)

ROSTER = [
    RosterRow("HV-0001", "Nguyễn Thị Hường", 1954, "0903123456", "Lớp K1", date(2026, 3, 2)),
    RosterRow("HV-0002", "Trần Văn Bảy", None, "", "Lớp K1", None),
    RosterRow("HV-0003", '=HYPERLINK("http://x")', 1960, "+84903123456", "@Lớp", None),
    RosterRow("HV-0004", unicodedata.normalize("NFD", "Lê Thị Ánh Tuyết"), 1949, "-1", "Lớp K1"),
]


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def test_csv_has_bom_and_exact_vietnamese(tmp_path: Path) -> None:
    path = tmp_path / "roster.csv"
    assert export_csv(path, RosterRow, ROSTER) == 4
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = read_csv(path)
    assert rows[0] == ["Mã học viên", "Họ và tên", "Năm sinh", "Điện thoại", "Lớp", "Ngày vào lớp"]
    assert rows[1] == ["HV-0001", "Nguyễn Thị Hường", "1954", "0903123456", "Lớp K1", "2026-03-02"]
    assert rows[2] == ["HV-0002", "Trần Văn Bảy", "", "", "Lớp K1", ""]
    assert rows[4][1] == "Lê Thị Ánh Tuyết"  # NFD in, NFC out


def test_csv_escapes_formula_starts(tmp_path: Path) -> None:
    path = tmp_path / "roster.csv"
    export_csv(path, RosterRow, ROSTER)
    rows = read_csv(path)
    assert rows[3][1] == '\'=HYPERLINK("http://x")'
    assert rows[3][3] == "'+84903123456"
    assert rows[3][4] == "'@Lớp"
    assert rows[4][3] == "'-1"  # text, so escaped
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_csv_safe_leaves_numbers_alone() -> None:
    assert csv_safe(-3) == "-3"
    assert csv_safe(2.5) == "2.5"
    assert csv_safe("\tcmd") == "'\tcmd"
    assert csv_safe(None) == ""
    assert csv_safe(date(2026, 1, 5)) == "2026-01-05"


def test_empty_export_still_has_headers(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    assert export_csv(path, AttendanceRow, []) == 0
    assert read_csv(path) == [headers(AttendanceRow)]


def test_xlsx_roster_bold_header_widths_and_text_not_formulas(tmp_path: Path) -> None:
    path = tmp_path / "roster.xlsx"
    assert export_xlsx(path, RosterRow, ROSTER, "Danh sách lớp K1") == 4
    book = load_workbook(path)
    sheet = book["Danh sách lớp K1"]
    assert [c.value for c in sheet[1]] == headers(RosterRow)
    assert all(c.font.b for c in sheet[1])
    assert sheet["B2"].value == "Nguyễn Thị Hường"
    assert sheet["B5"].value == "Lê Thị Ánh Tuyết"
    assert sheet["C2"].value == 1954
    assert sheet["F2"].value.date() == date(2026, 3, 2)
    assert sheet["F2"].number_format == "dd/mm/yyyy"
    assert sheet["B4"].value == '=HYPERLINK("http://x")'
    assert sheet["B4"].data_type == "s"  # stored as text, never run as a formula
    assert sheet["D4"].data_type == "s"
    assert sheet.column_dimensions["B"].width >= len("Nguyễn Thị Hường")
    assert sheet.freeze_panes == "A2"


def test_attendance_and_progress_exports(tmp_path: Path) -> None:
    attendance = [
        AttendanceRow(date(2026, 3, 14), 5, "HV-0001", "Nguyễn Thị Hường", "có mặt", "quét thẻ"),
        AttendanceRow(date(2026, 3, 14), 5, "HV-0002", "Trần Văn Bảy", "vắng có phép", "điểm danh"),
    ]
    progress = [
        ProgressRow(
            "HV-0001",
            "Nguyễn Thị Hường",
            "M1 – Làm quen với điện thoại",
            4,
            6,
            date(2026, 3, 12),
            "1.5 Cài ứng dụng đúng chỗ",
        )
    ]
    assert progress[0].percent == pytest.approx(66.666, rel=1e-3)
    export_rows(tmp_path / "att.csv", AttendanceRow, attendance)
    export_rows(tmp_path / "att.xlsx", AttendanceRow, attendance, "Điểm danh")
    export_rows(tmp_path / "prog.xlsx", ProgressRow, progress, "Tiến độ")
    rows = read_csv(tmp_path / "att.csv")
    assert rows[2] == [
        "2026-03-14",
        "5",
        "HV-0002",
        "Trần Văn Bảy",
        "vắng có phép",
        "điểm danh",
        "",
    ]
    sheet = load_workbook(tmp_path / "att.xlsx")["Điểm danh"]
    assert sheet["E3"].value == "vắng có phép"
    psheet = load_workbook(tmp_path / "prog.xlsx")["Tiến độ"]
    assert psheet["C2"].value == "M1 – Làm quen với điện thoại"
    assert psheet["G2"].value == "1.5 Cài ứng dụng đúng chỗ"
    with pytest.raises(ValueError):
        export_rows(tmp_path / "x.ods", ProgressRow, progress)
