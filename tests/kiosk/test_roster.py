"""Roster import from CSV and XLSX: NFC names, bad rows reported by line, the rest imported."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from openpyxl import Workbook

from kiosk.clock import FakeClock
from kiosk.db.engine import Database
from kiosk.db.models import Role
from kiosk.errors import KioskError
from kiosk.services import accounts, classes, roster
from kiosk.services.accounts import AccountInfo


@pytest.fixture
def db(tmp_path: Path) -> Database:
    return Database(f"sqlite:///{tmp_path}/t.sqlite3")


@pytest.fixture
def setup(db: Database) -> tuple[AccountInfo, classes.ClassSummary]:
    now = FakeClock().now()
    with db.transaction() as s:
        admin = accounts.ensure_first_admin(s, "admin", "Quản trị", "246810", now=now)
        t = accounts.create_account(
            s, "co.mai", "Cô Mai", Role.instructor, "1357", now=now, actor=admin
        )
        return t, classes.create_class(s, "Lớp K1", now=now, actor=t, centre="Khu phố 3")


NFD_NAME = unicodedata.normalize("NFD", "Lê Thị Ánh Tuyết")


def test_csv_with_bad_rows(
    db: Database, setup: tuple[AccountInfo, classes.ClassSummary], tmp_path: Path
) -> None:
    teacher, klass = setup
    text = (
        "Họ và tên,Năm sinh,Điện thoại\n"  # line 1: header
        "Nguyễn Thị Hường,1956,0912 345 678\n"  # 2 good
        f"{NFD_NAME},1949,\n"  # 3 good, NFD in the file
        ",1950,0900000000\n"  # 4 no name
        "Trần Văn Bảy,năm mươi,\n"  # 5 bad year
        "\n"  # 6 blank: skipped silently
        "Phạm Quốc Khánh,1961,12ab\n"  # 7 bad phone
        "Võ Văn Đức,,+84 987 654 321\n"  # 8 good, no year
        "Nguyễn Thị Hường,1956,\n"  # 9 duplicate of line 2
    )
    path = tmp_path / "danh-sach.csv"
    path.write_text(text, encoding="utf-8-sig")
    with db.transaction() as s:
        result = roster.import_roster(s, klass.id, path, now=FakeClock().now(), actor=teacher)
        people = classes.roster(s, klass.id)
    assert [p.line for p in result.problems] == [4, 5, 7, 9]
    assert "Dòng 5" in result.problems[1].message and "năm sinh" in result.problems[1].message
    assert "đã có trong lớp" in result.problems[3].message
    assert len(result.added) == 3
    names = {p.name for p in people}
    assert "Lê Thị Ánh Tuyết" in names
    assert all(unicodedata.is_normalized("NFC", n) for n in names)
    phones = {p.name: p.phone for p in people}
    assert phones["Nguyễn Thị Hường"] == "0912345678" and phones["Võ Văn Đức"] == "0987654321"


def test_xlsx_without_header_and_semicolon_csv(
    db: Database, setup: tuple[AccountInfo, classes.ClassSummary], tmp_path: Path
) -> None:
    teacher, klass = setup
    book = Workbook()
    sheet = book.active
    sheet.append(["Hoàng Thị Lụa", 1955, "0905111222"])
    sheet.append(["Đặng Thị Ngọc Diễm", 2200, None])
    sheet.append([NFD_NAME, None, None])
    book.save(tmp_path / "lop.xlsx")
    (tmp_path / "lop2.csv").write_text("Tên;Năm sinh\nBùi Văn Thưởng;1960\n", encoding="utf-8")
    with db.transaction() as s:
        r1 = roster.import_roster(
            s, klass.id, tmp_path / "lop.xlsx", now=FakeClock().now(), actor=teacher
        )
        r2 = roster.import_roster(
            s, klass.id, tmp_path / "lop2.csv", now=FakeClock().now(), actor=teacher
        )
    assert [a.name for a in r1.added] == ["Hoàng Thị Lụa", "Lê Thị Ánh Tuyết"]
    assert [p.line for p in r1.problems] == [2]
    assert [a.name for a in r2.added] == ["Bùi Văn Thưởng"] and not r2.problems


def test_unreadable_files(
    db: Database, setup: tuple[AccountInfo, classes.ClassSummary], tmp_path: Path
) -> None:
    teacher, klass = setup
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "b.xlsx").write_bytes(b"not a workbook")
    with db.transaction() as s:
        for name in ("a.txt", "b.xlsx", "missing.csv"):
            with pytest.raises(KioskError):
                roster.import_roster(
                    s, klass.id, tmp_path / name, now=FakeClock().now(), actor=teacher
                )


def test_parse_edges() -> None:
    rows = [
        ["Ho ten", "Nam sinh", "SDT"],
        ["Trần Văn 2", "1950", ""],
        ["Ngô Văn Lực", "1950.0", ""],
        ["Lý Văn Ửng", "", "84912345678"],
    ]
    good, bad = roster.parse_rows(rows, this_year=2026)
    assert [g.name for g in good] == ["Ngô Văn Lực", "Lý Văn Ửng"] or len(bad) == 2
    assert good[-1].phone == "0912345678"
    many = [["Tên"]] + [[f"Người thứ {chr(65 + i % 26)}"] for i in range(roster.MAX_ROWS + 1)]
    good, bad = roster.parse_rows(many, this_year=2026)
    assert len(good) == roster.MAX_ROWS and "quá dài" in bad[-1].message


def test_cells_in_other_encodings(tmp_path: Path) -> None:
    # an old Excel on Windows saves Vietnamese as cp1258
    (tmp_path / "a.csv").write_bytes("Tên\tNăm sinh\nLê Văn Tám\t1955\n".encode("cp1258"))
    cells = roster.read_cells(tmp_path / "a.csv")
    assert cells[1] == ["Lê Văn Tám", "1955"]
    book = Workbook()
    book.active.append(["Hoàng Thị Lụa", 1955.0])
    book.save(tmp_path / "b.xlsx")
    assert roster.read_cells(tmp_path / "b.xlsx")[0] == ["Hoàng Thị Lụa", "1955"]


def test_whole_floats_from_excel_are_integers() -> None:
    assert roster._cell_text(1955.0) == "1955" and roster._cell_text("x") == "x"
