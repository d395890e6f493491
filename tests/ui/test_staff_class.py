"""The class page: a new class, learners one by one, a roster file with bad rows."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from staff_world import TEACHER_PIN, build_window, seed, sign_in_by_touch

from kiosk.clock import FakeClock
from kiosk.db.engine import Database
from kiosk.services import audit, classes


@pytest.fixture
def db(tmp_path: Path) -> Database:
    return Database(f"sqlite:///{tmp_path}/t.sqlite3")


def test_new_class_learners_and_roster_file(qtbot, tmp_path: Path, db: Database) -> None:  # type: ignore[no-untyped-def]
    clock = FakeClock()
    seed(db, clock, learners=0, stuck=False)
    w, files, _ = build_window(qtbot, tmp_path, db, clock)
    sign_in_by_touch(qtbot, w, "Trần Thị Mai", TEACHER_PIN)
    qtbot.mouseClick(w.home.b_new, Qt.MouseButton.LeftButton)
    form = w.new_class
    qtbot.mouseClick(form.save, Qt.MouseButton.LeftButton)
    assert "Xin nhập tên lớp" in w.messages.message and w.current is form
    form.class_name.setText("Lớp học vụ số K2 — phường Bến Thành")
    form.centre.setText("Nhà văn hóa khu phố 5")
    form.schedule.setText("Thứ 7, 14 giờ")
    with qtbot.waitSignal(w.screen_shown):
        qtbot.mouseClick(form.save, Qt.MouseButton.LeftButton)
    page = w.klass
    assert w.current is page and page.title.text() == "Lớp học vụ số K2 — phường Bến Thành"
    assert "Nhà văn hóa khu phố 5" in page.facts.text()
    page.new_name.setText("Đặng Thị Ngọc Diễm")
    page.new_year.setText("19x8")
    qtbot.mouseClick(page.add, Qt.MouseButton.LeftButton)
    assert "4 chữ số" in w.messages.message
    page.new_year.setText("1958")
    page.new_phone.setText("0912 345 678")
    qtbot.mouseClick(page.add, Qt.MouseButton.LeftButton)
    assert "Đã thêm Đặng Thị Ngọc Diễm" in w.messages.message
    assert page.people.count() == 1 and "1958" in page.people.item(0).text()
    roster_file = tmp_path / "lop.csv"
    roster_file.write_text(
        "Họ và tên,Năm sinh,Điện thoại\nTrần Văn Bảy,1950,\n,1951,\n"
        "Lê Thị Ánh Tuyết,2999,\nVõ Văn Đức,,0987654321\n",
        encoding="utf-8-sig",
    )
    files.open_path = None
    qtbot.mouseClick(page.import_file, Qt.MouseButton.LeftButton)
    assert page.people.count() == 1
    files.open_path = roster_file
    qtbot.mouseClick(page.import_file, Qt.MouseButton.LeftButton)
    msg = w.messages.message
    assert "Đã thêm 2 người" in msg and "Dòng 3" in msg and "Dòng 4" in msg
    assert page.people.count() == 3
    with db.transaction() as s:
        found = classes.list_classes(s)
        acts = {e.action for e in audit.entries(s)}
    assert found[0].learners == 3
    assert {"class_create", "learner_add", "roster_import"} <= acts
