"""Plain, frozen input records for the printed documents.

The services turn database rows into these records; the documents never see ORM objects. Text is
normalised to NFC when drawn, so callers may pass any form.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class SkillGroup:
    """One skill group of the citizen framework (Decision 757/QĐ-BKHCN).

    Attributes:
        code: the project's mapping code, e.g. ``"757-G0.1"`` or ``"757-Safe"``.
        name_vi: the group's name in Vietnamese.
        name_en: the group's name in English (printed second, smaller).
    """

    code: str
    name_vi: str
    name_en: str = ""


def _groups(*items: SkillGroup) -> Mapping[str, SkillGroup]:
    return {g.code: g for g in items}


#: The skill groups the curriculum maps to (see content/vietnam-services.md §9). G0.x and G1.x
#: follow the citizen framework; the themed groups' official numbers are not yet verified.
SKILL_GROUPS_757: Mapping[str, SkillGroup] = _groups(
    SkillGroup("757-G0.1", "Sử dụng thiết bị số", "Using digital devices"),
    SkillGroup("757-G0.2", "Sử dụng phần mềm, ứng dụng", "Using software and apps"),
    SkillGroup("757-G1.1", "Tìm kiếm thông tin trên Internet", "Searching for information"),
    SkillGroup("757-G1.2", "Đánh giá độ tin cậy của thông tin", "Judging reliability"),
    SkillGroup("757-G1.3", "Quản lý dữ liệu, thông tin", "Managing data and information"),
    SkillGroup("757-Comm", "Giao tiếp và kết nối trên môi trường số", "Communicating online"),
    SkillGroup("757-Safe", "An toàn, bảo vệ thông tin cá nhân", "Safety and personal data"),
    SkillGroup("757-Cont", "Tạo nội dung số, kinh doanh trực tuyến", "Digital content, selling"),
    SkillGroup("757-Serv", "Sử dụng dịch vụ công, dịch vụ số", "Public and digital services"),
    SkillGroup("757-AI", "Sử dụng trí tuệ nhân tạo an toàn", "Using AI safely"),
)


@dataclass(frozen=True)
class LessonDone:
    """A finished lesson, as printed on a slip.

    Attributes:
        title: the lesson title (in the learner's language).
        done_on: the day it was finished.
        lesson_id: stable lesson id, e.g. ``"1.3"`` (printed small, optional).
    """

    title: str
    done_on: date
    lesson_id: str = ""


@dataclass(frozen=True)
class SkillProgress:
    """Progress in one skill group: lessons done out of lessons in the curriculum.

    Attributes:
        group: the skill group.
        done: lessons finished that map to this group.
        total: lessons in the curriculum that map to this group (> 0).
    """

    group: SkillGroup
    done: int
    total: int

    @property
    def fraction(self) -> float:
        """Share done, clamped to 0..1."""
        if self.total <= 0:
            return 0.0
        return max(0.0, min(1.0, self.done / self.total))


@dataclass(frozen=True)
class SimulationScore:
    """The facts of one practice simulation: never what was typed, never personal data.

    Attributes:
        title: the simulation's name, e.g. ``"Chuyển tiền bằng mã VietQR"``.
        steps_done: steps completed.
        steps_total: steps in the simulation.
        mistakes: wrong actions.
        hints: hints used.
        completed: finished to the end.
    """

    title: str
    steps_done: int
    steps_total: int
    mistakes: int = 0
    hints: int = 0
    completed: bool = False


@dataclass(frozen=True)
class ProgressSlip:
    """Everything printed on a learner's progress slip.

    Attributes:
        learner_code: the short code printed big and as QR; typing or scanning it resumes.
        learner_name: display name, or ``None`` for a guest ("Khách").
        centre: the centre's name, e.g. ``"Điểm học phường Bến Thành"``.
        issued_on: the slip's date.
        lessons: finished lessons, oldest first (the newest few are printed).
        skills: progress per skill group.
        next_lesson: title of the next lesson, or ``None`` when the course is finished.
        simulations: practice results (facts only).
    """

    learner_code: str
    learner_name: str | None
    centre: str
    issued_on: date
    lessons: tuple[LessonDone, ...] = ()
    skills: tuple[SkillProgress, ...] = ()
    next_lesson: str | None = None
    simulations: tuple[SimulationScore, ...] = ()


@dataclass(frozen=True)
class LearnerCard:
    """One learner card on a card sheet.

    Attributes:
        code: the learner code (printed and encoded in the QR).
        name: the learner's display name.
        centre: centre name printed small on the card (optional).
    """

    code: str
    name: str
    centre: str = ""


@dataclass(frozen=True)
class Certificate:
    """A certificate of completion of one module.

    Attributes:
        learner_name: the learner's display name.
        learner_code: the learner code.
        module_code: e.g. ``"M2"``.
        module_title: e.g. ``"Thông tin và liên lạc"``.
        skill_groups: the 757 skill groups the module covers.
        verification_code: the code that proves the certificate is genuine.
        issued_on: issue date.
        centre: the issuing centre.
        place: the place name printed before the date, e.g. ``"TP. Hồ Chí Minh"``.
        signer_title: the signing office, e.g. ``"TM. UBND phường"``.
        signer_name: the signer's name, or empty to leave the line for a handwritten name.
        lessons_done: number of lessons finished in the module.
    """

    learner_name: str
    learner_code: str
    module_code: str
    module_title: str
    skill_groups: tuple[SkillGroup, ...]
    verification_code: str
    issued_on: date
    centre: str
    place: str = ""
    signer_title: str = "Người phụ trách"
    signer_name: str = ""
    lessons_done: int = 0


class AttendanceStatus(enum.Enum):
    """Attendance status, with the one-letter mark printed on sheets."""

    PRESENT = "present"
    LATE = "late"
    ABSENT = "absent"
    EXCUSED = "excused"

    @property
    def mark(self) -> str:
        """One-letter mark: C (có mặt), M (muộn), V (vắng), P (có phép)."""
        return _MARKS[self]

    @property
    def label_vi(self) -> str:
        """Vietnamese label."""
        return _LABELS_VI[self]


_MARKS = {
    AttendanceStatus.PRESENT: "C",
    AttendanceStatus.LATE: "M",
    AttendanceStatus.ABSENT: "V",
    AttendanceStatus.EXCUSED: "P",
}
_LABELS_VI = {
    AttendanceStatus.PRESENT: "Có mặt",
    AttendanceStatus.LATE: "Đi muộn",
    AttendanceStatus.ABSENT: "Vắng",
    AttendanceStatus.EXCUSED: "Vắng có phép",
}


@dataclass(frozen=True)
class ClassInfo:
    """The header of every class document.

    Attributes:
        class_name: e.g. ``"Lớp Bình dân học vụ số K1"``.
        centre: the centre's name.
        instructor: the instructor's display name.
        ward: the ward / commune printed above the title (optional).
    """

    class_name: str
    centre: str
    instructor: str
    ward: str = ""


@dataclass(frozen=True)
class AttendanceEntry:
    """One learner's line on a session sheet.

    Attributes:
        code: learner code.
        name: display name.
        birth_year: optional birth year.
        status: the recorded status, or ``None`` for a blank sheet filled in by hand.
    """

    code: str
    name: str
    birth_year: int | None = None
    status: AttendanceStatus | None = None


@dataclass(frozen=True)
class SessionAttendance:
    """Attendance sheet for one class session.

    Attributes:
        info: class, centre, instructor.
        session_date: the date of the session.
        session_number: the session's number in the course.
        entries: one line per learner.
        topic: the lessons planned, printed in the header (optional).
    """

    info: ClassInfo
    session_date: date
    session_number: int
    entries: tuple[AttendanceEntry, ...]
    topic: str = ""


@dataclass(frozen=True)
class MonthRow:
    """One learner's line on a month sheet.

    Attributes:
        code: learner code.
        name: display name.
        marks: one status per session date of the sheet (``None`` = not recorded).
    """

    code: str
    name: str
    marks: tuple[AttendanceStatus | None, ...]


@dataclass(frozen=True)
class MonthAttendance:
    """Attendance sheet for a month of sessions.

    Attributes:
        info: class, centre, instructor.
        year: the year.
        month: the month (1-12).
        session_dates: the dates the class met, in order (at most 16).
        rows: one line per learner; each row has one mark per session date.
    """

    info: ClassInfo
    year: int
    month: int
    session_dates: tuple[date, ...]
    rows: tuple[MonthRow, ...]


@dataclass(frozen=True)
class ModuleCompletion:
    """Completion of one module across a class.

    Attributes:
        module_code: e.g. ``"M1"``.
        title: the module's title.
        completed: learners who finished the module.
        enrolled: learners in the class.
    """

    module_code: str
    title: str
    completed: int
    enrolled: int

    @property
    def percent(self) -> float:
        """Completion in percent (0-100)."""
        return 0.0 if self.enrolled <= 0 else 100.0 * self.completed / self.enrolled


@dataclass(frozen=True)
class AttendancePoint:
    """Attendance at one session.

    Attributes:
        session_date: the date.
        present: learners present or late.
        enrolled: learners in the class.
    """

    session_date: date
    present: int
    enrolled: int


@dataclass(frozen=True)
class LearnerSummary:
    """One learner's line in the class report table.

    Attributes:
        code: learner code.
        name: display name.
        lessons_done: lessons finished.
        sessions_attended: sessions present or late.
        current_lesson: where the learner is now (optional).
    """

    code: str
    name: str
    lessons_done: int
    sessions_attended: int
    current_lesson: str = ""


@dataclass(frozen=True)
class ClassReport:
    """A class progress report.

    Attributes:
        info: class, centre, instructor.
        period: the period covered, e.g. ``"Tháng 3/2026"``.
        issued_on: the report's date.
        modules: completion per module (the bar chart).
        attendance: attendance per session over time (the line chart).
        learners: optional per-learner table.
        lessons_total: lessons in the curriculum, for the table's "x / total".
    """

    info: ClassInfo
    period: str
    issued_on: date
    modules: tuple[ModuleCompletion, ...]
    attendance: tuple[AttendancePoint, ...] = ()
    learners: tuple[LearnerSummary, ...] = field(default=())
    lessons_total: int = 0
