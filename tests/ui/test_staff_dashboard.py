"""Who is stuck (refreshes itself, timer stops on leave), presenter mode and the audit log."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from staff_world import TEACHER_PIN, build_window, library, seed, sign_in_by_touch

from kiosk.clock import FakeClock
from kiosk.db.engine import Database
from kiosk.services import audit, visits


@pytest.fixture
def db(tmp_path: Path) -> Database:
    return Database(f"sqlite:///{tmp_path}/t.sqlite3")


def test_stuck_dashboard_refreshes_itself(qtbot, tmp_path: Path, db: Database) -> None:  # type: ignore[no-untyped-def]
    clock = FakeClock()
    world = seed(db, clock, learners=6)
    w, _, _ = build_window(qtbot, tmp_path, db, clock, refresh_ms=50)
    sign_in_by_touch(qtbot, w, "Trần Thị Mai", TEACHER_PIN)
    w.open_class(world["class"].id)
    qtbot.mouseClick(w.klass.b_stuck, Qt.MouseButton.LeftButton)
    st = w.stuck
    assert st.timer.isActive() and st.timer.interval() == 50
    assert st.summary.text() == "3 người cần giúp"
    assert "làm sai nhiều lần" in st.list.item(0).text()
    assert len(st.help_buttons) == 1
    # the class dashboard's charts: completion per topic, attendance per session
    assert st.completion.isVisible() and len(st.completion.bars) == 7
    assert st.completion.accessibleName().startswith("Hoàn thành theo chủ đề")
    assert all(b.total > 0 for b in st.completion.bars)
    late = world["people"][4]
    with db.transaction() as s:
        visits.ask_help(s, late.learner_id, now=clock.now(), where="m2.1")
    qtbot.waitUntil(lambda: st.summary.text() == "4 người cần giúp", timeout=5000)
    assert len(st.help_buttons) == 2
    qtbot.mouseClick(st.help_buttons[0], Qt.MouseButton.LeftButton)
    assert st.summary.text() == "3 người cần giúp"
    qtbot.mouseClick(st.b_back, Qt.MouseButton.LeftButton)
    assert w.current is w.klass and not st.timer.isActive()


def test_presenter_controls_stay_here(qtbot, tmp_path: Path, db: Database) -> None:  # type: ignore[no-untyped-def]
    clock = FakeClock()
    world = seed(db, clock, learners=1)
    w, _, _ = build_window(qtbot, tmp_path, db, clock)
    sign_in_by_touch(qtbot, w, "Trần Thị Mai", TEACHER_PIN)
    w.open_class(world["class"].id)
    qtbot.mouseClick(w.klass.b_present, Qt.MouseButton.LeftButton)
    p = w.presenter
    lesson = library().ordered_lessons()[0]
    p.chooser.setCurrentRow(0)
    qtbot.mouseClick(p.b_screen, Qt.MouseButton.LeftButton)
    assert p.projecting and p.window_ is not None
    projected = p.window_.step
    assert projected.theme.scale == 2.0 and not projected.nav.isVisible()
    assert projected.text.text() == lesson.steps[0].text.get("vi")
    qtbot.mouseClick(p.b_next, Qt.MouseButton.LeftButton)
    assert projected.index == 1 and projected.text.text() == lesson.steps[1].text.get("vi")
    qtbot.mouseClick(p.b_prev, Qt.MouseButton.LeftButton)
    assert projected.index == 0
    for _ in range(len(lesson.steps) + len(lesson.check) + 1):
        p.go_next()
    assert not p.b_next.isEnabled()
    assert "Một màn hình" in w.messages.message or "một màn hình" in w.messages.message
    qtbot.mouseClick(p.b_screen, Qt.MouseButton.LeftButton)
    assert not p.projecting
    p.toggle_projection()
    w.close()
    assert not p.projecting


def test_audit_log_filters(qtbot, tmp_path: Path, db: Database) -> None:  # type: ignore[no-untyped-def]
    clock = FakeClock()
    seed(db, clock, learners=2)
    w, _, _ = build_window(qtbot, tmp_path, db, clock, role="office")
    sign_in_by_touch(qtbot, w, "Trần Thị Mai", "0000")
    clock.advance(60)
    sign_in_by_touch(qtbot, w, "Nguyễn Văn Quản", "246810")
    qtbot.mouseClick(w.home.audit, Qt.MouseButton.LeftButton)
    a = w.audit
    with db.transaction() as s:
        total = len(audit.entries(s))
    assert a.table.rowCount() == total
    a.action.setCurrentIndex(a.action.findData("sign_in_failed"))
    qtbot.mouseClick(a.apply, Qt.MouseButton.LeftButton)
    assert a.table.rowCount() == 1 and a.table.item(0, 2).text() == "Nhập sai mã PIN"
    assert a.table.item(0, 1).text() == "Trần Thị Mai"
    a.action.setCurrentIndex(0)
    a.person.setCurrentIndex(a.person.findData("Nguyễn Văn Quản"))
    qtbot.mouseClick(a.apply, Qt.MouseButton.LeftButton)
    people = {a.table.item(r, 1).text() for r in range(a.table.rowCount())}
    assert people == {"Nguyễn Văn Quản"}
    a.until.setDate(a.until.date().addDays(-2))
    qtbot.mouseClick(a.apply, Qt.MouseButton.LeftButton)
    assert a.table.rowCount() == 0 and "0 việc" in a.count.text()
