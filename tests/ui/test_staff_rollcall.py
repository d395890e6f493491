"""Roll-call by touch for 40 learners, by card scan, editing later and the history."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from staff_world import TEACHER_PIN, build_window, seed, sign_in_by_touch

from kiosk.clock import FakeClock
from kiosk.db.engine import Database
from kiosk.db.models import AttendanceMethod, AttendanceStatus
from kiosk.services import attendance

A = AttendanceStatus


@pytest.fixture
def db(tmp_path: Path) -> Database:
    return Database(f"sqlite:///{tmp_path}/t.sqlite3")


def test_forty_learners_by_touch(qtbot, tmp_path: Path, db: Database) -> None:  # type: ignore[no-untyped-def]
    """The whole flow, from the class page to saved: 6 learners not present, 40 + a few taps."""
    clock = FakeClock()
    world = seed(db, clock, learners=40, stuck=False)
    w, _, _ = build_window(qtbot, tmp_path, db, clock)
    sign_in_by_touch(qtbot, w, "Trần Thị Mai", TEACHER_PIN)
    started = time.perf_counter()
    taps = 0
    qtbot.mouseClick(w.home.tiles[0], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(w.klass.b_roll, Qt.MouseButton.LeftButton)
    taps += 2
    roll = w.roll
    assert roll.number.value() == 1
    assert roll.day.date().toPython() == clock.now().date()
    qtbot.mouseClick(roll.open_new, Qt.MouseButton.LeftButton)
    taps += 1
    assert len(roll.rows) == 40 and all(r.status == A.present for r in roll.rows)
    wanted = {3: A.absent, 7: A.late, 12: A.absent, 20: A.excused, 28: A.late, 39: A.absent}
    for index, status in wanted.items():
        row = roll.rows[index]
        roll.roll_area.ensureWidgetVisible(row)
        qtbot.mouseClick(row.buttons[status], Qt.MouseButton.LeftButton)
        taps += 1
    assert "Vắng 3" in roll.counts.text() and "Muộn 2" in roll.counts.text()
    qtbot.mouseClick(roll.save, Qt.MouseButton.LeftButton)
    taps += 1
    elapsed = time.perf_counter() - started
    assert "40 thay đổi" in w.messages.message
    assert taps <= 40 + 5, taps
    assert elapsed < 120
    print(f"roll-call of 40 learners: {taps} taps, {elapsed * 1000:.0f} ms of machine time")
    with db.transaction() as s:
        sess = attendance.sessions_of(s, world["class"].id)[0]
        lines = attendance.roll(s, sess.id)
    got = {i: ln.status for i, ln in enumerate(lines) if ln.status != A.present}
    assert got == wanted
    assert all(
        ln.method == AttendanceMethod.roll_call and ln.recorded_by == "Trần Thị Mai" for ln in lines
    )


def test_card_scan_edit_and_history(qtbot, tmp_path: Path, db: Database) -> None:  # type: ignore[no-untyped-def]
    clock = FakeClock()
    world = seed(db, clock, learners=5, stuck=False)
    w, _, _ = build_window(qtbot, tmp_path, db, clock)
    sign_in_by_touch(qtbot, w, "Trần Thị Mai", TEACHER_PIN)
    w.open_class(world["class"].id)
    qtbot.mouseClick(w.klass.b_roll, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(w.roll.open_new, Qt.MouseButton.LeftButton)
    roll = w.roll
    assert roll.scan.hasFocus() or roll.scan.isVisible()
    first = world["people"][0]
    # mark someone absent first, then their card is scanned: present by card
    row = next(r for r in roll.rows if r.learner_id == first.learner_id)
    qtbot.mouseClick(row.buttons[A.absent], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(roll.save, Qt.MouseButton.LeftButton)
    clock.advance(120)
    roll.scan.setText(first.code.lower())  # a scanner types like a keyboard
    qtbot.keyClick(roll.scan, Qt.Key.Key_Return)
    assert first.name in w.messages.message and row.status == A.present
    assert roll.scan.text() == ""
    roll.scan.setText("HV-AAAAAA")
    qtbot.keyClick(roll.scan, Qt.Key.Key_Return)
    assert "Không tìm thấy thẻ này" in w.messages.message
    roll.scan.setText("xin chào")
    qtbot.keyClick(roll.scan, Qt.Key.Key_Return)
    assert "quét lại" in w.messages.message
    with db.transaction() as s:
        sid = attendance.sessions_of(s, world["class"].id)[0].id
        line = next(x for x in attendance.roll(s, sid) if x.learner_id == first.learner_id)
    assert line.status == A.present and line.method == AttendanceMethod.card_scan
    qtbot.mouseClick(roll.show_history, Qt.MouseButton.LeftButton)
    items = [roll.history.item(i).text() for i in range(roll.history.count())]
    assert "Vắng → Có mặt" in items[0] and "Trần Thị Mai" in items[0]
    # edit later: go back, reopen session 1 from the list
    qtbot.mouseClick(roll.b_back, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(w.klass.b_roll, Qt.MouseButton.LeftButton)
    assert roll.number.value() == 2 and roll.earlier.count() == 1
    roll.earlier.setCurrentRow(0)
    roll._open_earlier()
    assert roll.session is not None and roll.session.number == 1
    assert next(r for r in roll.rows if r.learner_id == first.learner_id).status == A.present


def test_a_staff_action_that_loses_a_race_runs_again(qtbot, tmp_path: Path, db: Database) -> None:  # type: ignore[no-untyped-def]
    """Two stations saving the same rows: the loser's transaction is rolled back and its action
    runs once more, seeing the winner's row (a real unique-key clash in the database)."""
    import uuid as _uuid

    from kiosk.db.models import Centre
    from ui.staff.base import StaffScreen

    clock = FakeClock()
    w, _, _ = build_window(qtbot, tmp_path, db, clock)
    screen: StaffScreen = w.home
    fixed = _uuid.uuid4()
    with db.transaction() as s:
        s.add(Centre(id=fixed, name="Phường Hòa Bình", created_at=clock.now()))
    runs: list[int] = []

    def work(s):  # type: ignore[no-untyped-def]
        runs.append(1)
        if len(runs) == 1:
            s.add(Centre(id=fixed, name="trùng", created_at=clock.now()))  # the lost race
            s.flush()
        return s.get(Centre, fixed).name

    assert screen.act(work) == "Phường Hòa Bình"
    assert len(runs) == 2


def test_learner_card_held_up_to_the_webcam_marks_present(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, db: Database
) -> None:
    """The camera's frames are a real QR image of the learner's code (no webcam here); the
    decoding, the de-duplication and the marking are the real ones."""
    import io

    import segno
    from PySide6.QtGui import QImage

    clock = FakeClock()
    world = seed(db, clock, learners=3, stuck=False)
    w, _, _ = build_window(qtbot, tmp_path, db, clock)
    sign_in_by_touch(qtbot, w, "Trần Thị Mai", TEACHER_PIN)
    w.open_class(world["class"].id)
    qtbot.mouseClick(w.klass.b_roll, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(w.roll.open_new, Qt.MouseButton.LeftButton)
    roll = w.roll
    qtbot.mouseClick(roll.b_camera, Qt.MouseButton.LeftButton)  # no webcam on this machine
    assert "Không thấy máy ảnh" in w.messages.message and not roll.camera.running
    second = world["people"][1]
    row = next(r for r in roll.rows if r.learner_id == second.learner_id)
    qtbot.mouseClick(row.buttons[A.absent], Qt.MouseButton.LeftButton)
    buf = io.BytesIO()
    segno.make(second.code, error="m").save(buf, kind="png", scale=6, border=4)
    frame = QImage()
    frame.loadFromData(buf.getvalue())
    roll.camera.frame(frame)
    assert row.status == A.present and second.name in w.messages.message
    with db.transaction() as s:
        sid = attendance.sessions_of(s, world["class"].id)[0].id
        line = next(x for x in attendance.roll(s, sid) if x.learner_id == second.learner_id)
    assert line.method == AttendanceMethod.card_scan
