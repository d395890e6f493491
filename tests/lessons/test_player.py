"""The pure lesson player and the saving LessonRun: next, back, repeat, answer, finish, resume."""

from __future__ import annotations

import pytest

from kiosk.clock import FakeClock
from kiosk.db.engine import Database
from kiosk.services import learners, progress
from lessons.model import Lesson
from lessons.player import FinishedPage, LessonPlayer, QuestionPage, StepPage
from lessons.run import LessonRun

T = {"vi": "Một câu.", "en": "One sentence."}


def lesson(steps: int = 3, questions: int = 2, version: int = 1) -> Lesson:
    return Lesson.model_validate(
        {
            "id": "m1.sample",
            "version": version,
            "module": "m1",
            "order": 1,
            "code": "1.1",
            "title": {"vi": "Bài mẫu", "en": "Sample"},
            "goal": T,
            "duration_min": 5,
            "competencies": {"d757": ["757-G0.1"], "tt02": ["TT02-D5"]},
            "steps": [
                {
                    "text": {"vi": f"Bước {i}.", "en": f"Step {i}."},
                    "narration": {"vi": f"Đọc bước {i}.", "en": f"Read step {i}."},
                }
                for i in range(steps)
            ],
            "check": [
                {
                    "question": {"vi": f"Câu {q}?", "en": f"Q{q}?"},
                    "choices": [
                        {"text": {"vi": "Đúng", "en": "Right"}, "correct": True},
                        {"text": {"vi": "Sai", "en": "Wrong"}},
                    ],
                    "explain": T,
                }
                for q in range(questions)
            ],
        }
    )


def test_walks_steps_then_questions_then_finishes() -> None:
    p = LessonPlayer(lesson())
    assert isinstance(p.page, StepPage) and p.page.index == 0 and p.page.total == 3
    assert p.speech("vi") == "Đọc bước 0." and p.speech("en") == "Read step 0."
    p.next()
    p.next()
    page = p.next()
    assert isinstance(page, QuestionPage) and not page.answered
    assert "1. Đúng." in p.speech("vi") and "2. Sai." in p.speech("vi")
    assert not p.can_go_next and p.next() == page  # must answer first
    answered = p.answer(1)
    assert answered.answered and not answered.correct
    assert p.answer(0).chosen == 0  # later taps show feedback, the first answer counts
    p.next()
    p.answer(0)
    done = p.next()
    assert isinstance(done, FinishedPage) and (done.score, done.total) == (1, 2)
    assert p.finished and p.next() == done


def test_back_stops_at_the_first_step_and_resume_clamps() -> None:
    p = LessonPlayer(lesson(), start_step=99)
    assert p.position == 2
    p.back()
    p.back()
    assert p.back().index == 0  # type: ignore[union-attr]
    assert p.go_to(-5).index == 0  # type: ignore[union-attr]


def test_answer_off_a_question_is_refused() -> None:
    p = LessonPlayer(lesson())
    with pytest.raises(ValueError, match="not on a question"):
        p.answer(0)
    p.go_to(2)
    p.next()
    with pytest.raises(ValueError, match="out of range"):
        p.answer(5)


def test_no_check_lesson_finishes_after_last_step() -> None:
    p = LessonPlayer(lesson(questions=0))
    for _ in range(3):
        page = p.next()
    assert isinstance(page, FinishedPage) and page.total == 0


def test_run_saves_every_step_and_resumes_where_left(sqlite_db: Database) -> None:
    clock = FakeClock()
    with sqlite_db.transaction() as s:
        lid = learners.create_guest(s, now=clock.now()).id
    run = LessonRun(sqlite_db, clock, lid, lesson())
    clock.advance(30)
    run.next()
    clock.advance(30)
    run.next()
    with sqlite_db.transaction() as s:
        saved = progress.of_learner(s, lid)["m1.sample"]
    assert (saved.current_step, saved.furthest_step, saved.completed) == (2, 2, False)
    again = LessonRun(sqlite_db, clock, lid, lesson())
    assert again.resumed.step == 2 and isinstance(again.page, StepPage)
    assert again.page.index == 2


def test_run_records_completion_with_score(sqlite_db: Database) -> None:
    clock = FakeClock()
    with sqlite_db.transaction() as s:
        lid = learners.create_guest(s, now=clock.now()).id
    run = LessonRun(sqlite_db, clock, lid, lesson())
    run.player.go_to(2)
    run.next()
    run.answer(0)
    run.next()
    run.answer(1)
    assert isinstance(run.next(), FinishedPage)
    with sqlite_db.transaction() as s:
        saved = progress.of_learner(s, lid)["m1.sample"]
    assert saved.completed and (saved.quiz_score, saved.quiz_total) == (1, 2)
    reopened = LessonRun(sqlite_db, clock, lid, lesson())
    assert reopened.resumed.completed_before and reopened.page.index == 0  # type: ignore[union-attr]


def test_new_content_version_keeps_the_place_within_bounds(sqlite_db: Database) -> None:
    clock = FakeClock()
    with sqlite_db.transaction() as s:
        lid = learners.create_guest(s, now=clock.now()).id
    run = LessonRun(sqlite_db, clock, lid, lesson(steps=6))
    run.player.go_to(5)
    run.back()
    run.next()
    shorter = LessonRun(sqlite_db, clock, lid, lesson(steps=3, version=2))
    assert shorter.page.index == 2  # type: ignore[union-attr]
    with sqlite_db.transaction() as s:
        assert progress.of_learner(s, lid)["m1.sample"].content_version == 2
