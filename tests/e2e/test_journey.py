"""A whole visit in the learner's words, through the real wiring (main.build_kiosk).

Given a guest at the attract screen, when she learns a lesson to the end and walks away, then the
kiosk resets and forgets her; and when she types her code on a second kiosk that shares the
database, she continues where she stopped. Speech and printing are fakes that record calls (no
sound card here; the real speech and print paths have their own tests).
"""

from __future__ import annotations

from pathlib import Path

from helpers.fakes import FakeSlipMaker, FakeSpeaker
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QWidget

import main
from kiosk.clock import FakeClock
from kiosk.config import Settings
from kiosk.services import progress
from ui.kiosk_window import KioskWindow

LEFT = Qt.MouseButton.LeftButton


def start_kiosk(qtbot, settings: Settings, clock: FakeClock, speaker: FakeSpeaker) -> KioskWindow:  # type: ignore[no-untyped-def]
    parts = main.build_kiosk(
        settings, clock=clock, speaker=speaker, make_slip=FakeSlipMaker(), tick_ms=10
    )
    w = parts.window
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    return w


def all_text(w: QWidget) -> str:
    """Every text and accessible name of every widget (screen readers see hidden ones too)."""
    parts = []
    for c in w.findChildren(QWidget):
        text = c.text() if isinstance(c, QLabel | QAbstractButton | QLineEdit) else ""
        parts.append(f"{type(c).__name__}/{c.objectName()}: {text} | {c.accessibleName()}")
    return "\n".join(parts)


def test_guest_learns_goes_idle_and_resumes_on_another_kiosk(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings = Settings(data_dir=tmp_path, idle_help_s=40, idle_reset_s=180, countdown_s=20)
    clock, speaker = FakeClock(), FakeSpeaker()
    a = start_kiosk(qtbot, settings, clock, speaker)

    # Given a guest on the attract screen, when she touches it and picks Vietnamese
    qtbot.mouseClick(a.attract.start, LEFT)
    assert a.current is a.language
    qtbot.mouseClick(a.language.vi, LEFT)
    # and continues as a new guest
    qtbot.mouseClick(a.identify.as_guest, LEFT)
    assert a.current is a.home
    code = a.visits.session.visitor.code  # type: ignore[union-attr]
    assert code in a.home.code_line.text()

    # When she opens the first topic and its first lesson
    qtbot.mouseClick(a.home.tile_buttons[0], LEFT)
    assert a.current is a.module
    qtbot.mouseClick(a.module.buttons[0], LEFT)
    assert a.current is a.step and a.step.index == 0
    # then step 1 is read aloud
    assert speaker.last == a.run.lesson.steps[0].spoken("vi")  # type: ignore[union-attr]

    # When she says "tiếp theo" through every step and answers every question
    lesson = a.run.lesson  # type: ignore[union-attr]
    for _ in range(len(lesson.steps) + len(lesson.check)):
        if a.current is a.check:
            qtbot.mouseClick(a.check.answers[0], LEFT)
            qtbot.mouseClick(a.check.nav.next, LEFT)
        else:
            qtbot.mouseClick(a.step.nav.next, LEFT)
    # then she is congratulated and the lesson is saved as done
    assert a.current is a.celebration
    assert "Chúc mừng" in speaker.last
    a.visits.flush()  # saves are written behind the screen; wait for them before reading
    with a.visits.db.transaction() as s:
        saved = progress.of_learner(s, a.visits.session.visitor.learner_id)  # type: ignore[union-attr]
    assert saved[lesson.id].completed

    # When she starts the next lesson, takes two steps and walks away
    qtbot.mouseClick(a.celebration.go_next, LEFT)
    second = a.run.lesson  # type: ignore[union-attr]
    qtbot.mouseClick(a.step.nav.next, LEFT)
    qtbot.mouseClick(a.step.nav.next, LEFT)
    assert a.step.index == 2
    # then after 40 s the kiosk gently offers help
    clock.advance(41)
    qtbot.waitUntil(lambda: "Bác cần giúp không" in speaker.last)
    # and after 3 minutes it asks if she is still there, counting down
    clock.advance(140)
    qtbot.waitUntil(lambda: a.current is a.warning)
    # and after the countdown it resets to the attract screen and forgets her
    clock.advance(21)
    qtbot.waitUntil(lambda: a.current is a.attract)
    assert a.visits.session.visitor is None and a.run is None
    left = [line for line in all_text(a).splitlines() if code in line or second.title.vi in line]
    assert left == []

    # Given a second kiosk on the same database
    b = start_kiosk(qtbot, settings, FakeClock(), FakeSpeaker())
    qtbot.mouseClick(b.attract.start, LEFT)
    qtbot.mouseClick(b.language.vi, LEFT)
    # When she types her code on the on-screen keys
    keys = {k.text(): k for k in b.identify.keypad.keys}
    for ch in code[3:]:
        qtbot.mouseClick(keys[ch], LEFT)
    qtbot.mouseClick(b.identify.go, LEFT)
    # Then her home offers the lesson she left, and it opens at the step she reached
    assert b.current is b.home
    assert second.title.vi in b.home.resume.text()
    qtbot.mouseClick(b.home.resume, LEFT)
    assert b.current is b.step and b.step.index == 2
    a.close()
    b.close()


def test_double_tap_on_the_warning_keeps_the_visit(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings = Settings(data_dir=tmp_path)
    clock, speaker = FakeClock(), FakeSpeaker()
    w = start_kiosk(qtbot, settings, clock, speaker)
    qtbot.mouseClick(w.attract.start, LEFT)
    qtbot.mouseClick(w.language.vi, LEFT)
    qtbot.mouseClick(w.identify.as_guest, LEFT)
    qtbot.mouseClick(w.home.resume, LEFT)
    qtbot.mouseClick(w.step.nav.next, LEFT)
    clock.advance(settings.idle_reset_s + 1)
    qtbot.waitUntil(lambda: w.current is w.warning)
    qtbot.mouseClick(w.warning.stay, LEFT)  # first tap
    assert w.current is w.step and w.step.index == 1
    qtbot.mouseClick(w.step.nav.next, LEFT)  # the second tap of a double tap lands here: ignored
    assert w.current is w.step and w.step.index == 1
    assert w.visits.session.visitor is not None
    w.close()
