"""Turn the lesson library into the plain :class:`Curriculum` the core's reports use."""

from __future__ import annotations

from kiosk.services.staff_reports import Curriculum, ModuleSpec
from lessons.loader import Library


def curriculum_from(library: Library | None, lang: str = "vi") -> Curriculum:
    """Modules in order with their lessons, skill groups, lesson titles and step counts."""
    if library is None:
        return Curriculum()
    modules: list[ModuleSpec] = []
    titles: dict[str, str] = {}
    steps: dict[str, int] = {}
    for m in library.modules:
        lessons = library.lessons_of(m.id)
        groups: list[str] = []
        for lesson in lessons:
            titles[lesson.id] = lesson.title.get(lang)
            steps[lesson.id] = len(lesson.steps)
            for g in lesson.competencies.d757:
                if g not in groups:
                    groups.append(g)
        modules.append(
            ModuleSpec(
                m.id, f"M{m.order}", m.title.get(lang), tuple(x.id for x in lessons), tuple(groups)
            )
        )
    return Curriculum(tuple(modules), titles, steps)
