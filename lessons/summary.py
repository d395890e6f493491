"""What the home screen and the slip show: progress per module and per skill group, the next lesson."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.services.progress import ProgressInfo
from lessons.loader import Library
from lessons.model import D757_GROUPS, Lesson

GROUP_NAMES = {
    "757-G0.1": ("Dùng thiết bị số", "Using digital devices"),
    "757-G0.2": ("Dùng phần mềm, ứng dụng", "Using apps"),
    "757-G1.1": ("Tìm thông tin trên mạng", "Finding information"),
    "757-G1.2": ("Đánh giá thông tin", "Judging information"),
    "757-G1.3": ("Quản lý thông tin", "Managing information"),
    "757-Comm": ("Liên lạc trên mạng", "Keeping in touch"),
    "757-Safe": ("An toàn trên mạng", "Staying safe"),
    "757-Cont": ("Tạo nội dung, bán hàng", "Content and selling"),
    "757-Serv": ("Dịch vụ công, dịch vụ số", "Public and digital services"),
    "757-AI": ("Dùng AI an toàn", "Using AI safely"),
}
"""Short names of the Decision 757/QĐ-BKHCN skill groups for the home screen."""


def group_name(code: str, lang: str) -> str:
    """The short name of a skill group in ``lang``."""
    vi, en = GROUP_NAMES.get(code, (code, code))
    return en if lang == "en" else vi


@dataclass(frozen=True)
class ModuleProgress:
    """One tile on the home screen."""

    module_id: str
    done: int
    total: int
    started: int


@dataclass(frozen=True)
class GroupProgress:
    """Progress in one Decision 757 skill group."""

    group: str
    done: int
    total: int


def module_progress(lib: Library, prog: dict[str, ProgressInfo]) -> list[ModuleProgress]:
    """Completed and started lessons per module, in module order."""
    out = []
    for m in lib.modules:
        lessons = lib.lessons_of(m.id)
        done = sum(1 for x in lessons if x.id in prog and prog[x.id].completed)
        started = sum(1 for x in lessons if x.id in prog and not prog[x.id].completed)
        out.append(ModuleProgress(m.id, done, len(lessons), started))
    return out


def group_progress(lib: Library, prog: dict[str, ProgressInfo]) -> list[GroupProgress]:
    """Completed lessons per skill group (a lesson counts for every group it names)."""
    out = []
    for g in D757_GROUPS:
        lessons = [x for x in lib.lessons.values() if g in x.competencies.d757]
        if lessons:
            done = sum(1 for x in lessons if x.id in prog and prog[x.id].completed)
            out.append(GroupProgress(g, done, len(lessons)))
    return out


def next_lesson(lib: Library, prog: dict[str, ProgressInfo]) -> Lesson | None:
    """The lesson to suggest: an unfinished started one, else the first not done on the path."""
    started = sorted(
        (p for p in prog.values() if not p.completed and p.lesson_id in lib.lessons),
        key=lambda p: p.updated_at,
        reverse=True,
    )
    if started:
        return lib.lessons[started[0].lesson_id]
    path = lib.suggested_path or [x.id for x in lib.ordered_lessons()]
    for lesson_id in path:
        if lesson_id not in prog or not prog[lesson_id].completed:
            return lib.lessons[lesson_id]
    for lesson in lib.ordered_lessons():
        if lesson.id not in prog or not prog[lesson.id].completed:
            return lesson
    return None
