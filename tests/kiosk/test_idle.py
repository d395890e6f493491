"""The idle monitor: two thresholds on an injected clock, and the double-tap guard."""

from __future__ import annotations

from kiosk.clock import FakeClock
from kiosk.session import IdleMonitor, IdleState, KioskSession, Visitor


def make() -> tuple[FakeClock, IdleMonitor, list[str]]:
    clock = FakeClock()
    idle = IdleMonitor(clock, help_after=40, warn_after=180, countdown_s=20)
    events: list[str] = []
    idle.help_offered.connect(lambda: events.append("help"))
    idle.warning_started.connect(lambda n: events.append(f"warn{n}"))
    idle.countdown.connect(lambda n: events.append(f"c{n}"))
    idle.warning_cancelled.connect(lambda: events.append("cancel"))
    idle.expired.connect(lambda: events.append("expired"))
    return clock, idle, events


def run(clock: FakeClock, idle: IdleMonitor, seconds: int) -> None:
    for _ in range(seconds):
        clock.advance(1)
        idle.tick()


def test_paused_monitor_says_nothing() -> None:
    clock, idle, events = make()
    run(clock, idle, 400)
    assert events == []


def test_help_once_then_countdown_then_expiry() -> None:
    clock, idle, events = make()
    idle.resume()
    run(clock, idle, 39)
    assert events == []
    run(clock, idle, 1)
    assert events == ["help"]
    run(clock, idle, 100)
    assert events == ["help"]
    run(clock, idle, 40)
    assert events[1] == "warn20" and idle.state is IdleState.warning
    run(clock, idle, 20)
    assert events[-1] == "expired" and "c1" in events
    assert not idle.running


def test_touch_resets_the_clock() -> None:
    clock, idle, events = make()
    idle.resume()
    for _ in range(10):
        run(clock, idle, 30)
        assert idle.touch()
    assert events == []


def test_double_tap_on_the_warning_does_not_reach_the_screen_below() -> None:
    clock, idle, events = make()
    idle.resume()
    run(clock, idle, 185)
    assert idle.state is IdleState.warning
    assert idle.touch() is False  # first tap: cancels the warning, eaten
    assert events[-1] == "cancel"
    clock.advance(0.2)
    assert idle.touch() is False  # second tap of the double tap: still eaten
    clock.advance(1.0)
    assert idle.touch() is True
    assert idle.running and idle.state is IdleState.active


def test_session_end_forgets_the_visitor_and_language() -> None:
    import uuid

    s = KioskSession("vi")
    seen: list[object] = []
    s.reset.connect(seen.append)
    s.set_language("en")
    s.identify(Visitor(uuid.uuid4(), "HV-AAAAAA", "Lan", False))
    s.end("idle")
    assert s.visitor is None and s.language == "vi" and seen == ["idle"]
