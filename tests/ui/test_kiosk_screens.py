"""The learner's screens under pytest-qt: names, targets, keyboard, scale, speech, wiping."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from helpers.fakes import FakeSlipMaker, FakeSpeaker
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QLineEdit, QWidget

import main
from kiosk.clock import FakeClock
from kiosk.config import Settings
from ui.kiosk_window import KioskWindow
from ui.widgets.big_button import BigButton


@pytest.fixture
def kiosk(qtbot, tmp_path, sqlite_db) -> Iterator[tuple[KioskWindow, FakeSpeaker, FakeClock]]:  # type: ignore[no-untyped-def]
    clock, speaker = FakeClock(), FakeSpeaker()
    parts = main.build_kiosk(
        Settings(data_dir=tmp_path),
        clock=clock,
        speaker=speaker,
        db=sqlite_db,
        make_slip=FakeSlipMaker(),
        tick_ms=60_000,
    )
    w = parts.window
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    yield w, speaker, clock
    w.close()


def interactive(screen: QWidget) -> list[QWidget]:
    return [
        w
        for w in screen.findChildren(QWidget)
        if isinstance(w, QAbstractButton | QLineEdit) and w.isVisibleTo(screen)
    ]


def walk_to_check(w: KioskWindow) -> None:
    w.attract.started.emit()
    w.language.chosen.emit("vi")
    w.identify.guest.emit()
    lesson = next(x for x in w.visits.library.ordered_lessons() if x.check)
    w.home.open_lesson.emit(lesson.id)
    assert w.run is not None
    w.run.player.go_to(len(lesson.steps) - 1)
    w.step.go_next.emit()


def every_screen(w: KioskWindow) -> Iterator[str]:
    yield "attract"
    w.attract.started.emit()
    yield "language"
    w.language.chosen.emit("vi")
    yield "identify"
    w.identify.guest.emit()
    yield "home"
    w.home.open_module.emit("m1")
    yield "module"
    w.module.open_lesson.emit(w.module.model.lessons[1].lesson_id)  # type: ignore[union-attr]
    yield "lesson_step"
    walk_to_check(w)
    yield "check"
    w.check.answered.emit(0)
    yield "check"
    assert w.run is not None
    w.run.finish()
    w._render()
    yield "celebration"
    w.celebration.print_slip.emit()
    yield "slip"
    w._warn(20)
    yield "idle_warning"


def test_every_control_is_named_big_and_reachable_by_keyboard(kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    w, _, _ = kiosk
    for name in every_screen(w):
        qtbot.waitUntil(lambda: w.current.isVisible())
        assert w.current.name == name
        controls = interactive(w.current)
        assert controls, name
        for c in controls:
            assert c.accessibleName().strip(), f"{name}: {type(c).__name__} has no name"
            if isinstance(c, BigButton) and c.isVisible():
                assert c.height() >= 64, f"{name}: '{c.text()}' is {c.height()} px high"
            assert c.focusPolicy() & Qt.FocusPolicy.TabFocus, f"{name}: {c.accessibleName()}"


def test_tab_reaches_every_button_of_the_home_screen(kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    w, _, _ = kiosk
    w.attract.started.emit()
    w.language.chosen.emit("vi")
    w.identify.guest.emit()
    targets = {id(b) for b in interactive(w.home) if b.isVisible()}
    w.home.resume.setFocus()
    seen: set[int] = set()
    for _ in range(len(targets) * 3):
        focused = w.focusWidget()
        if focused is not None:
            seen.add(id(focused))
        qtbot.keyClick(focused or w, Qt.Key.Key_Tab)
    assert targets <= seen


def test_each_screen_speaks_when_shown_and_new_screen_replaces_old_speech(kiosk) -> None:  # type: ignore[no-untyped-def]
    w, speaker, _ = kiosk
    assert "chạm vào màn hình" in speaker.last
    w.attract.started.emit()
    assert "tiếng Việt" in speaker.last
    w.language.chosen.emit("en")
    assert speaker.said[-1][1] == "en" and "first time" in speaker.last
    w.step.repeat.emit()
    assert speaker.replays == 1


@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_no_label_is_clipped_at_any_scale(kiosk, qtbot, scale: float) -> None:  # type: ignore[no-untyped-def]
    w, _, _ = kiosk
    w.theme.set_scale(scale)
    for name in every_screen(w):
        qtbot.waitUntil(lambda: w.current.isVisible())
        for _ in range(6):  # nested layouts settle over a few turns of the event loop
            QApplication.processEvents()
        for label in w.current.findChildren(QLabel):
            if (
                not label.isVisible()
                or not label.text()
                or (label.pixmap() is not None and not label.pixmap().isNull())
            ):
                continue
            if label.wordWrap():
                need = label.heightForWidth(label.width())
                assert need <= label.height() + 2, (
                    f"{name} @ {scale}: '{label.text()[:30]}' needs {need}px, has {label.height()}"
                )
            else:
                assert label.sizeHint().width() <= label.width() + 2, f"{name}: {label.text()}"


def test_scale_change_applies_live(kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    w, _, _ = kiosk
    w.attract.started.emit()
    before = w.language.vi.height()
    w.language.bigger.click()
    w.language.bigger.click()
    qtbot.waitUntil(lambda: w.language.vi.height() > before)
    assert w.theme.scale == 1.5
    assert "150%" in w.language.size_label.text()


def test_wrong_code_is_explained_kindly(kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    w, speaker, _ = kiosk
    w.attract.started.emit()
    w.language.chosen.emit("vi")
    qtbot.keyClicks(w.identify.code, "HV-ACDEFH")
    qtbot.keyClick(w.identify.code, Qt.Key.Key_Return)
    assert w.current is w.identify
    assert "Không tìm thấy mã HV-ACDEFH" in w.identify.message.text()
    assert "Không tìm thấy" in speaker.last


def test_on_screen_keypad_types_a_code(kiosk) -> None:  # type: ignore[no-untyped-def]
    w, _, _ = kiosk
    w.attract.started.emit()
    w.language.chosen.emit("vi")
    keys = {b.text(): b for b in w.identify.keypad.keys}
    for ch in "AC3":
        keys[ch].click()
    w.identify.keypad.erase.click()
    assert w.identify.code.text() == "AC"


def test_keyboard_and_voice_actions_match_the_buttons(kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    w, speaker, _ = kiosk
    w.attract.started.emit()
    w.language.chosen.emit("vi")
    w.identify.guest.emit()
    w.home.resume.click()
    assert w.current is w.step and w.step.index == 0
    qtbot.keyClick(w.step, Qt.Key.Key_Right)
    assert w.step.index == 1
    from voice.api import Heard

    w.on_heard(Heard("back", "quay lại", 0.9))
    assert w.step.index == 0
    assert "Bác vừa nói: quay lại" in w.messages.text.text()
    w.on_heard(Heard("repeat", "nghe lại", 0.9))
    assert speaker.replays == 1
    w.on_heard(Heard("help", "trợ giúp", 0.9))
    assert "Cán bộ sẽ đến giúp" in speaker.last


def test_print_slip_runs_in_background_and_reports(kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    w, speaker, _ = kiosk
    w.attract.started.emit()
    w.language.chosen.emit("vi")
    w.identify.guest.emit()
    w.home.print_slip.emit()
    assert w.current is w.slip and w.slip.code.startswith("HV-")
    w.slip.print_button.click()
    qtbot.waitUntil(lambda: speaker.last == "Đã in phiếu.")
    assert w.slip.status.text() == "Đã in phiếu."
    assert w.make_slip.calls == [(w.slip.code, "vi")]  # type: ignore[union-attr]


def test_printing_by_voice_is_confirmed_aloud_first(kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    from voice.api import Heard

    w, speaker, _ = kiosk
    w.attract.started.emit()
    w.language.chosen.emit("vi")
    w.identify.guest.emit()
    w.home.print_slip.emit()
    w.on_heard(Heard("yes", "có", 0.9))
    assert "Bác muốn in phiếu phải không" in speaker.last
    assert w.make_slip.calls == []  # type: ignore[union-attr]
    w.on_heard(Heard("no", "không", 0.9))
    assert speaker.last == "Dạ, không in nữa." and w.make_slip.calls == []  # type: ignore[union-attr]
    w.on_heard(Heard("yes", "có", 0.9))
    w.on_heard(Heard("yes", "có", 0.9))
    qtbot.waitUntil(lambda: len(w.make_slip.calls) == 1)  # type: ignore[union-attr]


def test_learner_sets_reading_speed_and_volume_for_the_visit_only(kiosk) -> None:  # type: ignore[no-untyped-def]
    w, speaker, _ = kiosk
    w.attract.started.emit()
    w.language.slower.click()
    w.language.slower.click()
    w.language.louder.click()
    assert speaker.rate == 100 and speaker.volume == 1.0
    assert speaker.last == "Tôi sẽ đọc to thế này."
    from kiosk.db.models import SessionEnd

    w.end_visit(SessionEnd.idle)
    assert (speaker.rate, speaker.volume) == (140, 0.9)


def test_push_to_talk_listens_in_the_learners_language(qtbot, tmp_path, sqlite_db) -> None:  # type: ignore[no-untyped-def]
    from helpers.fakes import FakeRecognizer

    rec = FakeRecognizer()
    parts = main.build_kiosk(
        Settings(data_dir=tmp_path),
        clock=FakeClock(),
        speaker=FakeSpeaker(),
        recognizer=rec,
        db=sqlite_db,
        make_slip=FakeSlipMaker(),
        tick_ms=60_000,
    )
    w = parts.window
    qtbot.addWidget(w)
    w.show()
    assert w.voice_bar.isVisible()
    w.attract.started.emit()
    w.language.chosen.emit("en")
    assert rec.lang == "en"
    w.voice_bar.button.click()
    assert rec.listening and "Listening" in w.voice_bar.button.text()
    rec.hear("answer1", "one")  # on the identify screen "one" continues as a guest
    assert w.current is w.home
    assert "You said: one" in w.voice_bar.caption.text()
    w.close()


def test_without_a_model_voice_is_off_and_said_once(qtbot, tmp_path, sqlite_db) -> None:  # type: ignore[no-untyped-def]
    from helpers.fakes import FakeRecognizer

    rec = FakeRecognizer(problem="Chưa có mô hình nhận giọng nói. Bác dùng màn hình cảm ứng nhé.")
    parts = main.build_kiosk(
        Settings(data_dir=tmp_path),
        clock=FakeClock(),
        speaker=FakeSpeaker(),
        recognizer=rec,
        db=sqlite_db,
        tick_ms=60_000,
    )
    w = parts.window
    qtbot.addWidget(w)
    w.show()
    assert not w.voice_bar.isVisible()
    assert "Chưa có mô hình nhận giọng nói" in w.messages.text.text()
    w.close()


def test_spoken_need_searches_and_call_staff_asks_for_help(kiosk) -> None:  # type: ignore[no-untyped-def]
    from voice.api import Heard

    w, speaker, _ = kiosk
    w.attract.started.emit()
    w.language.chosen.emit("vi")
    w.identify.guest.emit()
    w.on_heard(Heard("need1", "viện phí", 0.9))
    assert w.current is w.search
    assert w.search.results and w.search.results[0][0] == "m5.hospital-tuition"
    assert "Bài học về “Đóng viện phí”" in speaker.last
    w.on_heard(Heard("call_staff", "gọi nhân viên", 0.9))
    assert "Cán bộ sẽ đến giúp" in speaker.last
