"""What a learner's visit does, in plain Python: identify, home, open a lesson, finish, the slip data.

The Qt window calls these and shows the plain results; nothing here knows about widgets.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from kiosk.clock import Clock
from kiosk.db.engine import Database
from kiosk.db.models import SessionEnd
from kiosk.errors import KioskError
from kiosk.services import learners, progress, visits
from kiosk.session import KioskSession, Visitor
from kiosk.writer import BackgroundWriter
from lessons.loader import Library
from lessons.model import Lesson
from lessons.run import LessonRun
from lessons.summary import GroupProgress, ModuleProgress, group_progress, module_progress
from lessons.summary import next_lesson as suggest_next


@dataclass(frozen=True)
class HomeData:
    """Everything the home screen shows for one learner."""

    visitor: Visitor
    modules: list[ModuleProgress]
    next_lesson: Lesson | None
    groups: list[GroupProgress]


@dataclass(frozen=True)
class SlipFacts:
    """What goes on a progress slip (language-independent facts)."""

    code: str
    display_name: str | None
    done: list[tuple[Lesson, str]]
    """Completed lessons with the ISO date they were completed."""
    groups: list[GroupProgress]
    next_lesson: Lesson | None
    simulations: list[progress.AttemptFacts]


class VisitService:
    """The learner-side operations of one kiosk."""

    def __init__(
        self,
        db: Database,
        library: Library,
        clock: Clock,
        session: KioskSession,
        kiosk_id: str,
        writer: BackgroundWriter | None = None,
    ) -> None:
        """Wire the service to the station's database, content, clock and session state.

        Args:
            writer: where lesson progress saves run (write-behind); None saves synchronously.
        """
        self.db, self.library, self.clock = db, library, clock
        self.session, self.kiosk_id = session, kiosk_id
        self.writer = writer

    def flush(self) -> None:
        """Wait for queued progress saves (before any read that must see them)."""
        if self.writer is not None and not self.writer.flush():
            raise KioskError("Máy đang lưu chậm. Bác chờ một chút rồi thử lại nhé.")

    def begin(self) -> None:
        """A learner touched the attract screen: open a visit record."""
        with self.db.transaction() as s:
            self.session.visit_id = visits.start(s, self.kiosk_id, now=self.clock.now())

    def _identify(self, info: learners.LearnerInfo) -> Visitor:
        visitor = Visitor(info.id, info.code, info.display_name, info.is_guest)
        if self.session.visit_id is not None:
            with self.db.transaction() as s:
                visits.attach_learner(s, self.session.visit_id, info.id)
        self.session.identify(visitor)
        return visitor

    def continue_as_guest(self) -> Visitor:
        """Create a guest learner with a fresh code."""
        with self.db.transaction() as s:
            info = learners.create_guest(s, now=self.clock.now())
        return self._identify(info)

    def resume_by_code(self, typed: str) -> Visitor:
        """Find a learner by the code typed or scanned.

        Raises:
            kiosk.errors.KioskError: not a code, or unknown (the message says so kindly).
        """
        with self.db.transaction() as s:
            info = learners.find_by_code(s, typed)
        return self._identify(info)

    def home(self) -> HomeData:
        """Progress per module and the suggested next lesson for the current learner."""
        visitor = self._visitor()
        self.flush()
        with self.db.transaction() as s:
            prog = progress.of_learner(s, visitor.learner_id)
        return HomeData(
            visitor,
            module_progress(self.library, prog),
            suggest_next(self.library, prog),
            group_progress(self.library, prog),
        )

    def completed_ids(self) -> set[str]:
        """Lesson ids the current learner has finished."""
        self.flush()
        with self.db.transaction() as s:
            prog = progress.of_learner(s, self._visitor().learner_id)
        return {k for k, v in prog.items() if v.completed}

    def open_lesson(self, lesson_id: str) -> LessonRun:
        """Start or resume a lesson (progress is saved from the first step)."""
        resolved = self.library.resolve(lesson_id)
        if resolved is None:
            raise KeyError(lesson_id)
        self.flush()
        return LessonRun(
            self.db,
            self.clock,
            self._visitor().learner_id,
            self.library.lessons[resolved],
            write=self.writer.submit if self.writer else None,
        )

    def ask_help(self, where: str) -> None:
        """The learner pressed or said "trợ giúp"."""
        visitor = self.session.visitor
        if visitor is None:
            return
        with self.db.transaction() as s:
            visits.ask_help(
                s, visitor.learner_id, now=self.clock.now(), kiosk_id=self.kiosk_id, where=where
            )

    def record_attempt(self, facts: progress.AttemptFacts) -> None:
        """Store the facts of a finished or abandoned simulation run."""
        with self.db.transaction() as s:
            progress.record_attempt(
                s, self._visitor().learner_id, facts, now=self.clock.now(), kiosk_id=self.kiosk_id
            )

    def slip_facts(self, learner_id: uuid.UUID | None = None) -> SlipFacts:
        """The facts for the current learner's progress slip."""
        visitor = self._visitor() if learner_id is None else None
        lid = learner_id or (visitor.learner_id if visitor else None)
        assert lid is not None
        self.flush()
        with self.db.transaction() as s:
            info = learners.get(s, lid)
            prog = progress.of_learner(s, lid)
            sims = progress.attempts_of(s, lid)
        done = sorted(
            (
                (self.library.lessons[k], v.completed_at.date().isoformat())
                for k, v in prog.items()
                if v.completed and v.completed_at and k in self.library.lessons
            ),
            key=lambda pair: pair[1],
        )
        return SlipFacts(
            info.code,
            info.display_name,
            done,
            group_progress(self.library, prog),
            suggest_next(self.library, prog),
            sims,
        )

    def end(self, reason: SessionEnd) -> None:
        """Close the visit record and forget the visitor (listeners wipe their widgets)."""
        self.flush()
        if self.session.visit_id is not None:
            with self.db.transaction() as s:
                visits.end(s, self.session.visit_id, reason, now=self.clock.now())
        self.session.end(reason.value)

    def _visitor(self) -> Visitor:
        if self.session.visitor is None:
            raise RuntimeError("no learner identified")
        return self.session.visitor
