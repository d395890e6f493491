"""The simulation screen under pytest-qt: SIM-07 (VietQR, the extra-zero slip) and SIM-12 (scam
inbox) driven through the real widgets to the finish callback, plus the banner, the guided glow,
spoken hints and role-play, the real-number reminder, hesitation and accessibility."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from helpers.fakes import FakeSpeaker
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLineEdit, QWidget

from kiosk.clock import FakeClock
from lessons.sim.engine import AttemptResult
from lessons.sim.loader import load_scenarios
from lessons.sim.script import actions_for
from ui.sim.simulation_screen import BANNER, SimulationScreen
from ui.theme import Theme

LIB = load_scenarios()


class Harness:
    """A simulation screen with a fake speaker and clock, and what it reported."""

    def __init__(
        self,
        qtbot,
        sim: str,
        mode: str = "guided",
        *,
        scale: float = 1.0,  # type: ignore[no-untyped-def]
        variant: str | None = None,
        lang: str = "vi",
    ) -> None:
        self.qtbot = qtbot
        self.speaker = FakeSpeaker()
        self.clock = FakeClock()
        self.results: list[AttemptResult] = []
        self.theme = Theme(scale=scale)
        self.screen = SimulationScreen(
            LIB.get(sim),
            mode,
            self.speaker,
            self.theme,  # type: ignore[arg-type]
            lang,
            self.results.append,
            clock=self.clock,
            variant=variant,
            tick_ms=0,
        )
        qtbot.addWidget(self.screen)
        self.screen.resize(1366, 768)
        self.screen.show()
        qtbot.waitExposed(self.screen)

    def target(self, widget_id: str) -> QWidget:
        return self.screen.phone.targets[widget_id]

    def click(self, widget_id: str) -> None:
        w = self.target(widget_id)
        assert w.isEnabled(), widget_id
        self.qtbot.mouseClick(w, Qt.MouseButton.LeftButton)

    def type(self, field: str, text: str) -> None:
        edit = self.target(field)
        assert isinstance(edit, QLineEdit)
        edit.clear()
        self.qtbot.keyClicks(edit, text)  # ASCII only: keyClicks aborts on other characters

    def key(self, digit: str) -> None:
        btn = self.screen.phone.findChild(QAbstractButton, f"key_{digit}")
        assert btn is not None
        self.qtbot.mouseClick(btn, Qt.MouseButton.LeftButton)

    def step_id(self) -> str:
        return self.screen.engine.current.id

    def said(self) -> str:
        return " | ".join(text for text, _ in self.speaker.said)


@pytest.fixture
def make(qtbot) -> Iterator[type[Harness]]:  # type: ignore[no-untyped-def]
    made: list[Harness] = []

    def factory(*args, **kwargs) -> Harness:  # type: ignore[no-untyped-def]
        h = Harness(qtbot, *args, **kwargs)
        made.append(h)
        return h

    yield factory  # type: ignore[misc]
    for h in made:
        h.screen.stop()


def test_sim07_vietqr_with_the_extra_zero_slip_to_the_finish(make) -> None:  # type: ignore[no-untyped-def]
    h = make("sim-07", "guided")
    assert h.screen.banner.text() == BANNER
    assert h.screen.phone.glowing == "quet_qr"
    assert "Quét mã QR" in h.said()
    h.click("quet_qr")
    h.qtbot.waitUntil(lambda: h.step_id() == "scan")
    h.click("ma_qr_sap")
    h.qtbot.waitUntil(lambda: h.step_id() == "info")
    assert h.screen.phone.glowing == "so_tien"
    h.type("so_tien", "450000")
    assert h.screen.phone.glowing == "so_tien"  # still not right: the field keeps glowing
    h.click("tiep_tuc")
    h.qtbot.waitUntil(lambda: "bốn mươi lăm" in h.screen.message.text())
    assert "Đếm số không" in h.speaker.said[-1][0]
    assert h.step_id() == "info"
    assert h.screen.message.isVisible()
    h.type("so_tien", "45000")
    assert h.screen.phone.glowing == "tiep_tuc"
    h.click("tiep_tuc")
    h.qtbot.waitUntil(lambda: h.step_id() == "content")
    h.type("noi_dung", "Tra banh cuon")
    h.click("tiep_tuc")
    h.qtbot.waitUntil(lambda: h.step_id() == "confirm")
    h.click("xac_nhan")
    h.qtbot.waitUntil(lambda: h.step_id() == "pin")
    for digit in "246813":
        h.key(digit)
    assert isinstance(h.target("ma_pin"), QLineEdit)
    h.click("dong_y")
    h.qtbot.waitUntil(lambda: h.step_id() == "success")
    h.click("di_luon")
    h.qtbot.waitUntil(lambda: "chờ cô Hoa" in h.screen.message.text())
    h.click("cho_xem")
    h.qtbot.waitUntil(lambda: h.screen.stack.currentIndex() == 2)
    assert h.screen.banner.isVisible()
    assert "1/1" not in h.screen.end_summary.text()
    h.qtbot.mouseClick(h.screen.finish, Qt.MouseButton.LeftButton)
    h.qtbot.waitUntil(lambda: len(h.results) == 1)
    result = h.results[0]
    assert result.completed and result.mode == "guided"
    assert (result.steps_done, result.steps_total, result.mistakes) == (7, 7, 2)
    h.qtbot.mouseClick(h.screen.finish, Qt.MouseButton.LeftButton)
    assert len(h.results) == 1


def test_sim07_sticker_stops_and_explains_with_the_banner_still_there(make) -> None:  # type: ignore[no-untyped-def]
    h = make("sim-07", "free", variant="sticker")
    h.click("quet_qr")
    h.click("ma_qr_sap")
    h.qtbot.waitUntil(lambda: h.step_id() == "info")
    assert h.screen.phone.glowing is None
    h.type("so_tien", "45000")
    h.click("tiep_tuc")
    h.qtbot.waitUntil(lambda: h.screen.stack.currentIndex() == 1)
    assert "không khớp biển hàng" in h.screen.stop_text.text()
    assert h.screen.banner.isVisible()
    h.qtbot.mouseClick(h.screen.retry, Qt.MouseButton.LeftButton)
    h.qtbot.waitUntil(lambda: h.screen.stack.currentIndex() == 0)
    h.click("dung_lai")
    h.qtbot.waitUntil(lambda: h.step_id() == "ask-seller")


def test_sim12_inbox_through_the_real_buttons_to_the_finish(make) -> None:  # type: ignore[no-untyped-def]
    h = make("sim-12", "free")
    assert h.target("safe").accessibleName() == "An toàn"
    assert h.target("scam").accessibleName() == "Lừa đảo"
    h.click("safe")
    h.qtbot.waitUntil(lambda: "không gửi đường link" in h.screen.message.text())
    assert h.step_id() == "item-1-bank-sms"
    h.click("scam")
    h.qtbot.waitUntil(lambda: h.step_id() == "item-1-flag")
    h.click("gio_gui")
    h.qtbot.waitUntil(lambda: h.screen.engine.result().mistakes == 2)
    for _ in range(40):
        if h.screen.engine.finished:
            break
        step = h.screen.engine.current
        target = step.expect[0].tap
        h.click(target)
    h.qtbot.waitUntil(lambda: h.screen.stack.currentIndex() == 2)
    assert "156" in h.screen.end_text.text()
    h.qtbot.mouseClick(h.screen.finish, Qt.MouseButton.LeftButton)
    h.qtbot.waitUntil(lambda: len(h.results) == 1)
    result = h.results[0]
    assert result.completed and result.mode == "free"
    assert result.steps_done == result.steps_total == 15
    assert result.mistakes == 2


def test_scam_call_is_a_spoken_role_play_and_hang_up_is_always_there(make) -> None:  # type: ignore[no-untyped-def]
    h = make("sim-11", "guided")
    assert h.target("hang_up").accessibleName() == "Tắt máy"
    h.click("answer")
    h.qtbot.waitUntil(lambda: h.step_id() == "caller")
    assert "Nguyễn Thị Lan" in h.speaker.said[-1][0]
    assert h.screen.handle_action("hang_up")
    h.qtbot.waitUntil(lambda: h.step_id() == "zalo")
    h.click("link_apk")
    h.qtbot.waitUntil(lambda: h.screen.stack.currentIndex() == 1)
    assert h.step_id() == "fake-install"
    assert h.screen.handle_action("next")
    h.click("huy")
    h.qtbot.waitUntil(lambda: h.step_id() == "zalo")


def test_real_looking_number_is_refused_with_a_reminder(make) -> None:  # type: ignore[no-untyped-def]
    h = make("sim-01", "free")
    h.click("dong")
    h.click("vneid")
    h.click("kich_hoat")
    h.qtbot.waitUntil(lambda: h.step_id() == "identity")
    h.type("so_dien_thoai", "0912345678")
    h.qtbot.waitUntil(lambda: "thẻ Dữ liệu tập luyện" in h.screen.message.text())
    edit = h.target("so_dien_thoai")
    assert isinstance(edit, QLineEdit) and edit.text() == ""
    assert h.screen.engine.value("so_dien_thoai") == ""
    assert h.screen.engine.result().mistakes == 0


def test_password_ticks_and_hesitation_hint_from_the_clock(make) -> None:  # type: ignore[no-untyped-def]
    h = make("sim-01", "free")
    scenario = h.screen.scenario
    while h.step_id() != "password":
        for action in actions_for(h.screen.engine.current, scenario, current=h.screen.engine.value):
            h.screen._handle(h.screen.engine.step(action))
    h.type("mat_khau", "abc")
    ticks = h.screen.phone._ticks["mat_khau"].text()
    assert "✗ Có chữ số" in ticks and "✓ Có chữ thường" in ticks
    h.type("mat_khau", "Lan@2024vn")
    assert "✗" not in h.screen.phone._ticks["mat_khau"].text()
    before = len(h.speaker.said)
    h.screen.tick()
    assert len(h.speaker.said) == before
    h.clock.advance(scenario.hesitation_s + 1)
    h.screen.tick()
    assert len(h.speaker.said) == before + 1
    assert h.screen.engine.result().hints_used == 1
    h.qtbot.mouseClick(h.screen.hint_button, Qt.MouseButton.LeftButton)
    assert h.screen.engine.result().hints_used == 2
    h.qtbot.mouseClick(h.screen.repeat_button, Qt.MouseButton.LeftButton)
    assert h.speaker.replays == 1


@pytest.mark.parametrize("sim", ["sim-01", "sim-02", "sim-08", "sim-11", "sim-12"])
def test_every_interactive_widget_is_named_and_big_enough(make, sim: str) -> None:  # type: ignore[no-untyped-def]
    h = make(sim, "guided")
    scenario = h.screen.scenario
    for _ in range(40):
        h.qtbot.wait(1)
        for w in h.screen.findChildren(QWidget):
            if isinstance(w, QAbstractButton | QLineEdit) and w.isVisibleTo(h.screen):
                assert w.accessibleName().strip(), (h.step_id(), w.objectName())
                assert w.height() >= 64 or w.minimumHeight() >= 64, (h.step_id(), w.objectName())
        assert h.screen.banner.isVisibleTo(h.screen)
        if h.screen.engine.finished:
            break
        for action in actions_for(h.screen.engine.current, scenario, current=h.screen.engine.value):
            h.screen._handle(h.screen.engine.step(action))
    assert h.screen.engine.finished


def test_english_and_scale_two(make) -> None:  # type: ignore[no-untyped-def]
    h = make("sim-07", "guided", lang="en", scale=2.0)
    assert h.screen.banner.text().startswith(BANNER)
    assert h.screen.title.text() == "Paying by VietQR at a market stall"
    assert h.target("quet_qr").accessibleName() == "Scan QR"
    assert h.target("quet_qr").minimumHeight() >= 128
    h.screen.retranslate("vi")
    assert h.target("quet_qr").accessibleName() == "Quét mã QR"
    h.theme.set_scale(1.0)
    assert h.target("quet_qr").minimumHeight() < 128
    assert h.screen.hint_button.minimumHeight() >= 64
    h.screen.clear()
    assert h.speaker.stops == 1


def test_guided_glow_moves_on_without_stealing_focus_while_typing(make) -> None:  # type: ignore[no-untyped-def]
    h = make("sim-01", "guided")
    scenario = h.screen.scenario
    while h.step_id() != "password":
        for action in actions_for(h.screen.engine.current, scenario, current=h.screen.engine.value):
            h.screen._handle(h.screen.engine.step(action))
    first = h.target("mat_khau")
    first.setFocus()
    h.qtbot.keyClicks(first, "Lan@2024vn")
    assert isinstance(first, QLineEdit) and first.text() == "Lan@2024vn"
    assert h.screen.phone.glowing == "nhap_lai"
    second = h.target("nhap_lai")
    assert isinstance(second, QLineEdit) and second.text() == ""
    h.qtbot.keyClicks(second, "Lan@2024")
    h.click("tiep_tuc")
    h.qtbot.waitUntil(lambda: "giống nhau" in h.screen.message.text())
    assert second.text() == "" and first.text() == "Lan@2024vn"
    assert h.step_id() == "password"


def test_stop_and_clear_can_be_called_twice(make) -> None:  # type: ignore[no-untyped-def]
    h = make("sim-14", "free")
    h.screen.clear()
    h.screen.stop()
    h.screen.stop()
    h.theme.set_scale(1.5)
    assert not h.screen._timer.isActive()
