"""The pure lesson player: next, back, repeat, answer, finish, resume at a step. No Qt, no database.

A lesson is a list of pages: its steps, then its check questions (if any). The player never shows
a fail screen: a wrong answer gets the same kind explanation as a right one, and the learner moves on.
"""

from __future__ import annotations

from dataclasses import dataclass

from lessons.model import Lesson, Question, Step


@dataclass(frozen=True)
class StepPage:
    """A step on screen: ``index`` is 0-based, ``total`` the number of steps."""

    index: int
    total: int
    step: Step


@dataclass(frozen=True)
class QuestionPage:
    """A check question on screen, with the learner's answer once given."""

    index: int
    total: int
    question: Question
    chosen: int | None = None

    @property
    def answered(self) -> bool:
        """True once the learner has chosen an answer."""
        return self.chosen is not None

    @property
    def correct(self) -> bool:
        """True when the chosen answer is the right one."""
        return self.chosen is not None and self.question.choices[self.chosen].correct


@dataclass(frozen=True)
class FinishedPage:
    """The lesson is done: the celebration screen."""

    score: int
    total: int


Page = StepPage | QuestionPage | FinishedPage


class LessonPlayer:
    """Walks one lesson. Every method returns the page now on screen."""

    def __init__(self, lesson: Lesson, *, start_step: int = 0) -> None:
        """Start at ``start_step`` (resume); a step past the end is clamped to the last step."""
        self.lesson = lesson
        self._answers: list[int | None] = [None] * len(lesson.check)
        self._pos = max(0, min(start_step, len(lesson.steps) - 1))

    @property
    def page_count(self) -> int:
        """Steps plus questions."""
        return len(self.lesson.steps) + len(self.lesson.check)

    @property
    def position(self) -> int:
        """0-based page number; equals :attr:`page_count` once finished."""
        return self._pos

    @property
    def finished(self) -> bool:
        """True after the last page."""
        return self._pos >= self.page_count

    @property
    def step_index(self) -> int:
        """The step to save as progress (the last step while in the check)."""
        return min(self._pos, len(self.lesson.steps) - 1)

    @property
    def page(self) -> Page:
        """The page on screen now."""
        n_steps = len(self.lesson.steps)
        if self._pos < n_steps:
            return StepPage(self._pos, n_steps, self.lesson.steps[self._pos])
        q = self._pos - n_steps
        if q < len(self.lesson.check):
            return QuestionPage(q, len(self.lesson.check), self.lesson.check[q], self._answers[q])
        return FinishedPage(self.score, len(self.lesson.check))

    @property
    def score(self) -> int:
        """Right answers so far."""
        return sum(
            1
            for q, a in zip(self.lesson.check, self._answers, strict=True)
            if a is not None and q.choices[a].correct
        )

    @property
    def can_go_next(self) -> bool:
        """False on an unanswered question (the learner answers first) and once finished."""
        page = self.page
        if isinstance(page, QuestionPage):
            return page.answered
        return not isinstance(page, FinishedPage)

    def next(self) -> Page:
        """Go forward one page when allowed."""
        if self.can_go_next:
            self._pos += 1
        return self.page

    def back(self) -> Page:
        """Go back one page (never before the first step)."""
        if self._pos > 0:
            self._pos -= 1
        return self.page

    def go_to(self, step: int) -> Page:
        """Jump to a step (resume)."""
        self._pos = max(0, min(step, len(self.lesson.steps) - 1))
        return self.page

    def answer(self, choice: int) -> QuestionPage:
        """Answer the question on screen; the first answer counts, later taps just show feedback.

        Raises:
            ValueError: not on a question, or ``choice`` is out of range.
        """
        page = self.page
        if not isinstance(page, QuestionPage):
            raise ValueError("not on a question")
        if not 0 <= choice < len(page.question.choices):
            raise ValueError(f"choice {choice} out of range")
        if self._answers[page.index] is None:
            self._answers[page.index] = choice
        return QuestionPage(page.index, page.total, page.question, choice)

    def finish(self) -> FinishedPage:
        """Skip to the end (a lesson with no check, or "Hoàn thành")."""
        self._pos = self.page_count
        page = self.page
        assert isinstance(page, FinishedPage)
        return page

    def speech(self, lang: str) -> str:
        """What is read aloud for the page on screen."""
        page = self.page
        if isinstance(page, StepPage):
            return page.step.spoken(lang)
        if isinstance(page, QuestionPage):
            q = page.question
            options = " ".join(f"{i + 1}. {c.text.get(lang)}." for i, c in enumerate(q.choices))
            return f"{q.question.get(lang)} {options}"
        return ""
