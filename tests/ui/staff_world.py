"""Shared builders for the staff screen tests: a database with accounts, a class of learners, and
the staff window with a fake clock, fake file dialogs and a recording printer."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from kiosk.clock import FakeClock
from kiosk.db.engine import Database
from kiosk.db.models import Role
from kiosk.reports.printing import JobState, Printer, PrintJob
from kiosk.services import accounts, classes, progress, visits
from kiosk.services.accounts import AccountInfo
from kiosk.services.progress import AttemptFacts

ADMIN_PIN, TEACHER_PIN = "246810", "1357"
NAMES = [
    "Nguyễn Thị Hường",
    "Trần Văn Bảy",
    "Lê Thị Ánh Tuyết",
    "Phạm Quốc Khánh",
    "Hoàng Thị Lụa",
    "Võ Văn Đức",
    "Đặng Thị Ngọc Diễm",
    "Bùi Văn Thưởng",
    "Đỗ Thị Hồng Nhung",
    "Huỳnh Tấn Phước",
]


class RecordingPrinter:
    """A print backend that records jobs. Fake in screen tests only; the real CUPS queue is
    exercised by tests/kiosk/test_printing_cups.py."""

    def __init__(self) -> None:
        self.jobs: list[PrintJob] = []

    def printers(self) -> list[Printer]:
        return [Printer("HocVuSoPDF", True)]

    def submit(self, pdf: Path, *, printer: str | None = None, title: str = "") -> PrintJob:
        job = PrintJob(f"HocVuSoPDF-{len(self.jobs) + 1}", printer or "HocVuSoPDF", pdf, title)
        self.jobs.append(job)
        return job

    def job_state(self, job: PrintJob) -> JobState:
        return JobState.COMPLETED


class Files:
    """Answers the file dialogs: the path the test chose (or None for "cancel")."""

    def __init__(self) -> None:
        self.open_path: Path | None = None
        self.save_path: Path | None = None
        self.asked: list[str] = []

    def open(self, title: str, pattern: str) -> Path | None:
        self.asked.append(title)
        return self.open_path

    def save(self, title: str, pattern: str) -> Path | None:
        self.asked.append(title)
        return self.save_path


def seed(
    db: Database, clock: FakeClock, learners: int = 40, *, stuck: bool = True
) -> dict[str, Any]:
    """An admin, an instructor, a class with ``learners`` learners and some progress."""
    now = clock.now()
    with db.transaction() as s:
        admin = accounts.ensure_first_admin(s, "admin", "Nguyễn Văn Quản", ADMIN_PIN, now=now)
        teacher = accounts.create_account(
            s, "co.mai", "Trần Thị Mai", Role.instructor, TEACHER_PIN, now=now, actor=admin
        )
        c = classes.create_class(
            s,
            "Lớp Bình dân học vụ số K1",
            now=now,
            actor=teacher,
            centre="Nhà văn hóa khu phố 3",
            schedule="Thứ 3 và thứ 5, 8 giờ",
            start_date=date(2026, 11, 3),
            end_date=date(2026, 12, 24),
        )
        for i in range(learners):
            base = NAMES[i % len(NAMES)]
            name = base if i < len(NAMES) else f"{base} {i // len(NAMES) + 1}"
            classes.add_learner(s, c.id, name, now=now, actor=teacher, birth_year=1945 + i % 20)
        people = classes.roster(s, c.id)
        if stuck and len(people) >= 4:
            progress.save_step(s, people[0].learner_id, "m1.2", 1, 3, now=now)
            progress.record_attempt(
                s,
                people[0].learner_id,
                AttemptFacts("sim.vietqr", 1, "free", 2, 6, 4, 1, 80, False),
                now=now,
            )
            v = visits.start(s, "may-2", now=now)
            visits.attach_learner(s, v, people[1].learner_id)
            progress.save_step(s, people[1].learner_id, "m2.1", 1, 1, now=now)
            visits.ask_help(s, people[2].learner_id, now=now, where="m1.3")
            progress.complete(s, people[3].learner_id, "m1.1", 1, now=now)
            progress.save_step(s, people[3].learner_id, "m1.2", 1, 2, now=now)
    clock.advance(12 * 60)
    return {"admin": admin, "teacher": teacher, "class": c, "people": people}


def teacher_of(world: dict[str, Any]) -> AccountInfo:
    """The instructor account of a seeded world."""
    t = world["teacher"]
    assert isinstance(t, AccountInfo)
    return t


_LIBRARY: list[Any] = []


def library() -> Any:
    """The bundled lesson library, loaded once per test run."""
    if not _LIBRARY:
        from lessons.loader import load_library

        _LIBRARY.append(load_library())
    return _LIBRARY[0]


def build_window(
    qtbot: Any,
    tmp_path: Path,
    db: Database,
    clock: FakeClock,
    *,
    role: str = "classroom",
    scale: float = 1.0,
    refresh_ms: int = 15000,
    account: AccountInfo | None = None,
) -> tuple[Any, Files, RecordingPrinter]:
    """A shown staff window at 1366×768 with fake dialogs and a recording printer."""
    from ui.staff.staff_window import StaffWindow
    from ui.tasks import Tasks
    from ui.theme import Theme

    files, printer = Files(), RecordingPrinter()
    w = StaffWindow(
        db,
        Theme(scale=scale),
        clock,
        role,
        Tasks(),
        library=library(),
        printer=printer,
        out_dir=tmp_path / "docs",
        open_file=files.open,
        save_file=files.save,
        refresh_ms=refresh_ms,
        account=account,
        kiosk_id="lop-1",
    )
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    return w, files, printer


def sign_in_by_touch(qtbot: Any, w: Any, display_name: str, pin: str) -> int:
    """Tap the name, the PIN digits and "Đăng nhập"; returns the number of taps."""
    from PySide6.QtCore import Qt

    button = next(b for b in w.sign_in.name_buttons if b.text() == display_name)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    for digit in pin:
        qtbot.mouseClick(w.sign_in.keypad.keys[digit], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(w.sign_in.go, Qt.MouseButton.LeftButton)
    return len(pin) + 2
