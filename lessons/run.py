"""A lesson being played by one learner: the pure player plus saving after every step.

Saving goes through the caller's database in one short transaction per move, so a power cut loses
at most the step on screen.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.clock import Clock
from kiosk.db.engine import Database
from kiosk.services import progress
from lessons.model import Lesson
from lessons.player import FinishedPage, LessonPlayer, Page, QuestionPage, StepPage


@dataclass(frozen=True)
class ResumePoint:
    """Where a learner comes back into a lesson."""

    step: int
    completed_before: bool


class LessonRun:
    """Play ``lesson`` for ``learner_id``, saving progress after every move."""

    def __init__(
        self,
        db: Database,
        clock: Clock,
        learner_id: uuid.UUID,
        lesson: Lesson,
        write: Callable[[Callable[[], None]], None] | None = None,
    ) -> None:
        """Open the lesson at the learner's saved step (or the first step).

        Args:
            write: how saves run: ``None`` runs them here and now; the kiosk passes
                :meth:`kiosk.writer.BackgroundWriter.submit` so a step change never waits on disk.
        """
        self.db, self.clock, self.learner_id, self.lesson = db, clock, learner_id, lesson
        self._write = write or (lambda job: job())
        with db.transaction() as s:
            saved = progress.of_learner(s, learner_id).get(lesson.id)
        start = 0
        if saved is not None and not saved.completed:
            start = min(saved.current_step, len(lesson.steps) - 1)
        self.resumed = ResumePoint(start, bool(saved and saved.completed))
        self.player = LessonPlayer(lesson, start_step=start)
        self._since = clock.monotonic()
        self._save()

    @property
    def page(self) -> Page:
        """The page on screen."""
        return self.player.page

    def _save(self) -> None:
        now_mono = self.clock.monotonic()
        spent = int(now_mono - self._since)
        self._since = now_mono
        step, now = self.player.step_index, self.clock.now()

        def job() -> None:
            with self.db.transaction() as s:
                progress.save_step(
                    s,
                    self.learner_id,
                    self.lesson.id,
                    self.lesson.version,
                    step,
                    now=now,
                    seconds=spent,
                )

        self._write(job)

    def next(self) -> Page:
        """Forward one page; saves the step, or the completion after the last page."""
        before = self.player.position
        page = self.player.next()
        if self.player.position != before:
            if isinstance(page, FinishedPage):
                self._complete()
            elif isinstance(page, StepPage):
                self._save()
        return page

    def back(self) -> Page:
        """Back one page; saves the step."""
        page = self.player.back()
        if isinstance(page, StepPage):
            self._save()
        return page

    def answer(self, choice: int) -> QuestionPage:
        """Answer the question on screen."""
        return self.player.answer(choice)

    def finish(self) -> FinishedPage:
        """End the lesson now and record it as completed."""
        page = self.player.finish()
        self._complete()
        return page

    def _complete(self) -> None:
        total = len(self.lesson.check) or None
        score = self.player.score if total else None
        now = self.clock.now()

        def job() -> None:
            with self.db.transaction() as s:
                progress.complete(
                    s,
                    self.learner_id,
                    self.lesson.id,
                    self.lesson.version,
                    now=now,
                    quiz_score=score,
                    quiz_total=total,
                    last_step=len(self.lesson.steps) - 1,
                )

        self._write(job)
