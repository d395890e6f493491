"""Staff sign-in: the first admin, PIN keypad, lockout message, roles, sign-out."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from staff_world import ADMIN_PIN, TEACHER_PIN, build_window, seed, sign_in_by_touch

from kiosk.clock import FakeClock
from kiosk.db.engine import Database
from kiosk.services import audit, classes


@pytest.fixture
def db(tmp_path: Path) -> Database:
    return Database(f"sqlite:///{tmp_path}/t.sqlite3")


def test_first_run_creates_the_admin(qtbot, tmp_path: Path, db: Database) -> None:  # type: ignore[no-untyped-def]
    clock = FakeClock()
    w, _, _ = build_window(qtbot, tmp_path, db, clock, role="office")
    assert w.current is w.first_admin
    f = w.first_admin
    f.display.setText("Nguyễn Văn Quản")
    f.username.setText("quan.tri")
    f.secret.setText("2468")
    f.again.setText("2469")
    qtbot.mouseClick(f.save, Qt.MouseButton.LeftButton)
    assert "chưa giống nhau" in w.messages.message
    f.again.setText("2468")
    with qtbot.waitSignal(w.screen_shown) as shown:
        qtbot.mouseClick(f.save, Qt.MouseButton.LeftButton)
    assert shown.args == ["staff_sign_in"]
    assert [b.text() for b in w.sign_in.name_buttons] == ["Nguyễn Văn Quản"]
    sign_in_by_touch(qtbot, w, "Nguyễn Văn Quản", "2468")
    assert w.current is w.home and w.home.accounts.isVisible()


def test_wrong_pin_tries_left_then_locked(qtbot, tmp_path: Path, db: Database) -> None:  # type: ignore[no-untyped-def]
    clock = FakeClock()
    seed(db, clock, learners=3)
    w, _, _ = build_window(qtbot, tmp_path, db, clock)
    assert w.current is w.sign_in
    for left in (4, 3, 2, 1):
        sign_in_by_touch(qtbot, w, "Trần Thị Mai", "9999")
        assert f"còn {left} lần thử" in w.messages.message
        assert w.current is w.sign_in
    sign_in_by_touch(qtbot, w, "Trần Thị Mai", "9999")
    assert "tạm khóa" in w.messages.message and "15 phút" in w.messages.message
    sign_in_by_touch(qtbot, w, "Trần Thị Mai", TEACHER_PIN)
    assert "tạm khóa" in w.messages.message and w.current is w.sign_in
    clock.advance(15 * 60)
    sign_in_by_touch(qtbot, w, "Trần Thị Mai", TEACHER_PIN)
    assert w.current is w.home
    assert not w.home.accounts.isVisible()
    with db.transaction() as s:
        acts = [e.action for e in audit.entries(s, actor="Trần Thị Mai")]
    assert acts.count("sign_in_failed") == 4 and "account_locked" in acts and "sign_in" in acts


def test_roles_see_their_classes_and_sign_out(qtbot, tmp_path: Path, db: Database) -> None:  # type: ignore[no-untyped-def]
    clock = FakeClock()
    world = seed(db, clock, learners=3)
    with db.transaction() as s:
        classes.create_class(s, "Lớp của cán bộ khác", now=clock.now(), actor=world["admin"])
    w, _, _ = build_window(qtbot, tmp_path, db, clock, role="classroom")
    sign_in_by_touch(qtbot, w, "Trần Thị Mai", TEACHER_PIN)
    assert [t.accessibleName() for t in w.home.tiles] == ["Lớp Bình dân học vụ số K1"]
    qtbot.mouseClick(w.home.leave, Qt.MouseButton.LeftButton)
    assert w.current is w.sign_in and w.ctx.account is None
    # nothing opens without someone signed in
    w.show_screen(w.audit)
    assert w.current is w.sign_in
    office, _, _ = build_window(qtbot, tmp_path, db, clock, role="office")
    sign_in_by_touch(qtbot, office, "Nguyễn Văn Quản", ADMIN_PIN)
    assert len(office.home.tiles) == 2
    qtbot.mouseClick(office.home.accounts, Qt.MouseButton.LeftButton)
    assert office.current is office.accounts
    assert office.accounts.list.count() == 2


def test_admin_unlocks_from_the_accounts_screen(qtbot, tmp_path: Path, db: Database) -> None:  # type: ignore[no-untyped-def]
    clock = FakeClock()
    world = seed(db, clock, learners=1)
    w, _, _ = build_window(qtbot, tmp_path, db, clock, role="office")
    for _ in range(5):
        sign_in_by_touch(qtbot, w, "Trần Thị Mai", "0000")
    sign_in_by_touch(qtbot, w, "Nguyễn Văn Quản", ADMIN_PIN)
    w.show_screen(w.accounts)
    row = next(i for i, p in enumerate(w.accounts.people) if p.username == "co.mai")
    assert "đang khóa" in w.accounts.list.item(row).text()
    w.accounts.list.setCurrentRow(row)
    qtbot.mouseClick(w.accounts.b_unlock, Qt.MouseButton.LeftButton)
    assert "Đã mở khóa" in w.messages.message
    w.accounts.display.setText("Lê Văn Tư")
    w.accounts.username.setText("tu.le")
    w.accounts.secret.setText("1234")
    qtbot.mouseClick(w.accounts.b_create, Qt.MouseButton.LeftButton)
    assert w.accounts.list.count() == 3
    qtbot.mouseClick(w.home.leave, Qt.MouseButton.LeftButton)
    w.show_screen(w.home)
    assert w.current is w.sign_in
    sign_in_by_touch(qtbot, w, "Trần Thị Mai", TEACHER_PIN)
    assert w.current is w.home and w.ctx.me.id == world["teacher"].id
