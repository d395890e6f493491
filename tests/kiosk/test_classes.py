"""Classes, the "who is stuck" overview, report data and exports read back."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kiosk.clock import FakeClock
from kiosk.db.engine import Database
from kiosk.db.models import AttendanceStatus, Role
from kiosk.errors import KioskError
from kiosk.reports.export import AttendanceRow, ProgressRow, RosterRow, export_rows
from kiosk.services import accounts, attendance, classes, progress, staff_reports, visits
from kiosk.services.accounts import AccountInfo
from kiosk.services.progress import AttemptFacts
from kiosk.services.staff_reports import Curriculum, ModuleSpec, StuckReason

CURRICULUM = Curriculum(
    (
        ModuleSpec("m1", "M1", "Làm quen điện thoại", ("m1.1", "m1.2"), ("757-G0.1",)),
        ModuleSpec("m2", "M2", "Thông tin và liên lạc", ("m2.1",), ("757-Comm",)),
    ),
    {"m1.1": "Bật máy, sạc pin", "m1.2": "Chạm, vuốt, giữ", "m2.1": "Trang web chính thống"},
)


@pytest.fixture
def db(tmp_path: Path) -> Database:
    return Database(f"sqlite:///{tmp_path}/t.sqlite3")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def teacher(db: Database, clock: FakeClock) -> AccountInfo:
    with db.transaction() as s:
        admin = accounts.ensure_first_admin(s, "admin", "Quản trị", "246810", now=clock.now())
        return accounts.create_account(
            s, "co.mai", "Trần Thị Mai", Role.instructor, "1357", now=clock.now(), actor=admin
        )


def make_class(
    db: Database, clock: FakeClock, teacher: AccountInfo, n: int = 3
) -> classes.ClassSummary:
    with db.transaction() as s:
        c = classes.create_class(
            s,
            "Lớp  Bình dân học vụ số K1",
            now=clock.now(),
            actor=teacher,
            centre="Nhà văn hóa khu phố 3",
            schedule="Thứ 3, thứ 5 · 8 giờ",
            start_date=date(2026, 11, 1),
            end_date=date(2026, 12, 20),
        )
        for i in range(n):
            classes.add_learner(
                s,
                c.id,
                f"Nguyễn Thị Hường {i:02d}",
                now=clock.now(),
                actor=teacher,
                birth_year=1950 + i,
            )
        return classes.get_class(s, c.id)


def test_create_class_and_roster(db: Database, clock: FakeClock, teacher: AccountInfo) -> None:
    c = make_class(db, clock, teacher)
    assert c.name == "Lớp Bình dân học vụ số K1"
    assert c.centre == "Nhà văn hóa khu phố 3" and c.instructor == "Trần Thị Mai"
    assert c.learners == 3
    with db.transaction() as s:
        people = classes.roster(s, c.id)
        assert [p.birth_year for p in people] == [1950, 1951, 1952]
        assert all(p.code.startswith("HV-") for p in people)
        assert [x.id for x in classes.list_classes(s, instructor_id=teacher.id)] == [c.id]
        assert classes.centres(s) == ["Nhà văn hóa khu phố 3"]
        with pytest.raises(KioskError):
            classes.create_class(s, " ", now=clock.now(), actor=teacher)
        with pytest.raises(KioskError):
            classes.create_class(
                s,
                "Lớp",
                now=clock.now(),
                actor=teacher,
                start_date=date(2026, 5, 2),
                end_date=date(2026, 5, 1),
            )
        assert not classes.enrol(s, c.id, people[0].learner_id, now=clock.now(), actor=teacher)


def test_who_is_stuck(db: Database, clock: FakeClock, teacher: AccountInfo) -> None:
    c = make_class(db, clock, teacher, n=4)
    with db.transaction() as s:
        a, b, d, e = (p.learner_id for p in classes.roster(s, c.id))
        progress.save_step(s, a, "m1.1", 1, 2, now=clock.now())
        progress.record_attempt(
            s, a, AttemptFacts("sim.vietqr", 1, "free", 3, 6, 4, 1, 90, False), now=clock.now()
        )
        v = visits.start(s, "kiosk-2", now=clock.now())
        visits.attach_learner(s, v, b)
        progress.save_step(s, b, "m1.2", 1, 0, now=clock.now())
        visits.ask_help(s, d, now=clock.now(), where="m2.1")
        progress.save_step(s, e, "m2.1", 1, 3, now=clock.now())
    clock.advance(11 * 60)
    with db.transaction() as s:
        rows = {r.name[-2:]: r for r in staff_reports.class_overview(s, c.id, clock.now())}
        order = [r.name[-2:] for r in staff_reports.class_overview(s, c.id, clock.now())]
    assert rows["00"].stuck == (StuckReason.mistakes,)
    assert rows["00"].lesson_id == "m1.1" and rows["00"].step == 3
    assert rows["01"].stuck == (StuckReason.hesitating,) and rows["01"].at_kiosk
    assert rows["02"].stuck == (StuckReason.asked_help,)
    assert rows["03"].stuck == () and rows["03"].step == 4
    assert order[-1] == "03"
    with db.transaction() as s:
        assert staff_reports.resolve_help(s, d, now=clock.now(), actor=teacher) == 1
        rows2 = {r.learner_id: r for r in staff_reports.class_overview(s, c.id, clock.now())}
    assert rows2[d].stuck == ()


def test_documents_data_and_exports(
    db: Database, clock: FakeClock, teacher: AccountInfo, tmp_path: Path
) -> None:
    c = make_class(db, clock, teacher, n=3)
    with db.transaction() as s:
        people = classes.roster(s, c.id)
        sess = attendance.open_session(
            s, c.id, day=date(2026, 11, 3), now=clock.now(), actor=teacher, lessons_planned=["m1.1"]
        )
        attendance.save_roll(
            s,
            sess.id,
            {
                people[0].learner_id: AttendanceStatus.present,
                people[1].learner_id: AttendanceStatus.late,
                people[2].learner_id: AttendanceStatus.absent,
            },
            now=clock.now(),
            actor=teacher,
        )
        progress.complete(s, people[0].learner_id, "m1.1", 1, now=clock.now())
        progress.complete(s, people[0].learner_id, "m1.2", 1, now=clock.now())
        progress.save_step(s, people[1].learner_id, "m1.1", 1, 1, now=clock.now())
        sheet = staff_reports.session_sheet(s, sess.id, CURRICULUM)
        month = staff_reports.month_sheet(s, c.id, 2026, 11)
        report = staff_reports.class_report(s, c.id, CURRICULUM, now=clock.now())
        cards = staff_reports.learner_cards(s, c.id)
        roster_rows = staff_reports.roster_rows(s, c.id)
        att_rows = staff_reports.attendance_rows(s, c.id)
        prog_rows = staff_reports.progress_rows(s, c.id, CURRICULUM)
    assert sheet.topic == "Bật máy, sạc pin" and sheet.session_number == 1
    assert [e.status.mark if e.status else "" for e in sheet.entries] == ["C", "M", "V"]
    assert month.session_dates == (date(2026, 11, 3),) and len(month.rows) == 3
    assert report.modules[0].completed == 1 and report.modules[1].completed == 0
    assert report.attendance[0].present == 2 and report.lessons_total == 3
    assert [x.lessons_done for x in report.learners] == [2, 0, 0]
    assert len(cards) == 3 and cards[0].centre == "Nhà văn hóa khu phố 3"
    assert len(prog_rows) == 6 and prog_rows[0].lessons_done == 2
    assert prog_rows[2].current_lesson == "Bật máy, sạc pin"

    export_rows(tmp_path / "roster.csv", RosterRow, roster_rows)
    raw = (tmp_path / "roster.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with (tmp_path / "roster.csv").open(encoding="utf-8-sig", newline="") as fh:
        lines = list(csv.reader(fh))
    assert lines[0][:2] == ["Mã học viên", "Họ và tên"]
    assert lines[1][1] == "Nguyễn Thị Hường 00" and lines[1][4] == "Lớp Bình dân học vụ số K1"

    export_rows(tmp_path / "att.xlsx", AttendanceRow, att_rows, "Điểm danh")
    book = load_workbook(tmp_path / "att.xlsx")
    values = [[c.value for c in r] for r in book.active.iter_rows()]
    assert values[0][4] == "Điểm danh"
    assert [v[4] for v in values[1:]] == ["Có mặt", "Đi muộn", "Vắng"]
    assert values[1][5] == "Điểm danh"

    export_rows(tmp_path / "progress.xlsx", ProgressRow, prog_rows, "Tiến độ")
    book = load_workbook(tmp_path / "progress.xlsx")
    first = [c.value for c in next(book.active.iter_rows(min_row=2, max_row=2))]
    assert first[2] == "M1 Làm quen điện thoại" and first[3] == 2 and first[4] == 2
    assert staff_reports.Curriculum().lessons_total == 0
    assert timedelta(minutes=10) == staff_reports.HESITATION


def test_edges(db: Database, clock: FakeClock, teacher: AccountInfo) -> None:
    import uuid

    from kiosk.errors import NotFound
    from kiosk.services import learners

    c = make_class(db, clock, teacher, n=1)
    with db.transaction() as s:
        with pytest.raises(KioskError):
            classes.ensure_centre(s, "  ", now=clock.now())
        with pytest.raises(NotFound):
            classes.get_class(s, uuid.uuid4())
        someone = learners.create_learner(s, "Tạ Thị Ỷ", now=clock.now())
        assert classes.enrol(s, c.id, someone.id, now=clock.now(), actor=teacher)
        staff_reports.record_output(
            s,
            "export",
            "roster.csv",
            now=clock.now(),
            actor=teacher,
            path=Path("/tmp/x.csv"),
            target=f"class:{c.id}",
        )
        actions, people = staff_reports.audit_choices(s)
    assert "export" in actions and "Trần Thị Mai" in people
    with pytest.raises(KeyError):
        CURRICULUM.module("m9")


def test_attendance_rows_skip_learners_who_left(
    db: Database, clock: FakeClock, teacher: AccountInfo
) -> None:
    from sqlalchemy import delete

    from kiosk.db.models import Enrolment

    c = make_class(db, clock, teacher, n=2)
    with db.transaction() as s:
        people = classes.roster(s, c.id)
        sess = attendance.open_session(
            s, c.id, day=date(2026, 11, 3), now=clock.now(), actor=teacher
        )
        attendance.save_roll(
            s,
            sess.id,
            {p.learner_id: AttendanceStatus.present for p in people},
            now=clock.now(),
            actor=teacher,
        )
        s.execute(delete(Enrolment).where(Enrolment.learner_id == people[0].learner_id))
        rows = staff_reports.attendance_rows(s, c.id)
    assert [r.name for r in rows] == [people[1].name]
