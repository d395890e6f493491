"""SimulationScreen: one practice simulation, a large phone beside the practice card.

A permanent "MÔ PHỎNG – TẬP LUYỆN" banner runs across the top, outside the phone, so that no
simulated screen can hide it. The screen only renders the engine's state and forwards taps and
typing; every decision is taken by :class:`lessons.sim.engine.SimulationEngine`. Hints are shown
big and handed to the speaker; the caller's lines of a scam call are spoken as a role-play, and the
red "Tắt máy" button is on every call screen.

Preview: ``python -m ui.sim.simulation_screen sim-07 --scale 2.0 [--lang en] [--free]
[--variant sticker] [--shots DIR]``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QStackedWidget, QVBoxLayout, QWidget

from lessons.model import Text
from lessons.sim.engine import (
    AttemptResult,
    Done,
    Enter,
    Hint,
    Mistake,
    Mode,
    Ok,
    Outcome,
    Reminder,
    SimulationEngine,
    Tap,
)
from lessons.sim.model import Scenario
from ui.screens.base import Screen
from ui.sim.phone_frame import PhoneFrame
from ui.sim.practice_card import PracticeCard
from ui.theme import Theme
from ui.widgets.big_button import BigButton
from ui.widgets.wrap_label import WrapLabel
from voice.api import Speaker

BANNER = "MÔ PHỎNG – TẬP LUYỆN"
"""Shown in Vietnamese in every language: it is the kiosk's safety sign."""

BANNER_EN = " · PRACTICE ONLY"

WORDS = {
    "hint": Text(vi="Gợi ý", en="Hint"),
    "repeat": Text(vi="Nghe lại", en="Listen again"),
    "stop": Text(vi="Dừng lại một chút bác nhé", en="Let's stop for a moment"),
    "retry": Text(vi="Tôi hiểu rồi, thử lại", en="I understand, try again"),
    "done_title": Text(vi="Bác đã làm xong bài tập!", en="You finished the practice!"),
    "finish": Text(vi="Xong", en="Finish"),
    "guided": Text(
        vi="Chế độ có hướng dẫn: nút cần bấm sẽ sáng lên.",
        en="Guided mode: the next thing to press lights up.",
    ),
    "free": Text(vi="Chế độ tự làm: cần thì bấm Gợi ý.", en="On your own: press Hint if needed."),
    "summary": Text(
        vi="Bác làm {done}/{total} bước, nhầm {mistakes} lần, dùng {hints} gợi ý.",
        en="You did {done}/{total} steps, {mistakes} slips, {hints} hints.",
    ),
}


class MonotonicClock(Protocol):
    """The kiosk clock (``kiosk.clock.Clock``): only ``monotonic()`` is used here."""

    def monotonic(self) -> float:
        """Seconds since an arbitrary start."""


class _Seconds:
    """Adapts the kiosk clock to the engine's ``now()`` in monotonic seconds."""

    def __init__(self, clock: MonotonicClock) -> None:
        self._clock = clock

    def now(self) -> float:
        return self._clock.monotonic()


def _system_clock() -> MonotonicClock:
    from kiosk.clock import SystemClock

    return SystemClock()


class SimulationScreen(Screen):
    """Plays one scenario on a simulated phone.

    Args:
        scenario: the scenario to play.
        mode: ``"guided"`` or ``"free"``, or a factory returning a ready engine.
        speaker: speech out; hints, instructions and the caller's lines go through ``say``.
        theme: sizes and colours (text scale 1.0–2.0).
        lang: ``vi`` or ``en``.
        on_finished: called once with the attempt's facts when the learner taps "Xong".
        clock: the kiosk clock (``monotonic()``); the system clock when None.
        variant: a scenario variant id (the swapped sticker…), or None for the main run.
        tick_ms: how often to check for a long hesitation; 0 turns the timer off (tests call
            :meth:`tick` themselves).
    """

    name = "simulation"

    def __init__(
        self,
        scenario: Scenario,
        mode: Mode | Callable[[], SimulationEngine],
        speaker: Speaker,
        theme: Theme,
        lang: str,
        on_finished: Callable[[AttemptResult], None],
        *,
        clock: MonotonicClock | None = None,
        variant: str | None = None,
        tick_ms: int = 1000,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(theme, parent)
        self.scenario = scenario
        self.speaker = speaker
        self.on_finished = on_finished
        self.lang = lang
        if callable(mode):
            self.engine = mode()
        else:
            self.engine = SimulationEngine(
                scenario, mode, _Seconds(clock or _system_clock()), variant
            )
        self.result: AttemptResult | None = None
        self._reported = False
        self.message_text: Text | None = None

        self.banner = WrapLabel(BANNER, role="banner")
        self.banner.setObjectName("sim_banner")
        self.title = WrapLabel("", role="heading")
        self.phone = PhoneFrame(theme, self._tap, self._enter)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.phone)
        stop_page, stop_lay = self.column(spacing=24)
        self.stop_title = WrapLabel("", role="heading")
        self.stop_text = WrapLabel("", role="info")
        self.retry = BigButton("", kind="primary", action="retry", on_click=self._retry)
        for w in (self.stop_title, self.stop_text, self.retry):
            stop_lay.addWidget(w)
        stop_lay.addStretch(2)
        self.stack.addWidget(self.scrolling(stop_page))
        end_page, end_lay = self.column(spacing=24)
        self.end_title = WrapLabel("", role="title")
        self.end_text = WrapLabel("", role="good")
        self.end_summary = WrapLabel("", role="body")
        self.finish = BigButton("", kind="go", action="finish", on_click=self._finish)
        for w in (self.end_title, self.end_text, self.end_summary, self.finish):
            end_lay.addWidget(w)
        end_lay.addStretch(1)
        self.end_area = self.scrolling(end_page)
        self.stack.addWidget(self.end_area)

        self.mode_label = WrapLabel("", role="muted")
        self.message = WrapLabel("", role="info")
        self.message.setObjectName("sim_message")
        self.hint_button = BigButton("", kind="quiet", action="help", on_click=self.ask_hint)
        self.repeat_button = BigButton(
            "", kind="quiet", action="repeat", on_click=self.speaker.replay
        )
        for name, btn in (
            ("sim_hint", self.hint_button),
            ("sim_repeat", self.repeat_button),
            ("sim_retry", self.retry),
            ("sim_finish", self.finish),
        ):
            btn.setObjectName(name)
            btn.setMinimumHeight(theme.target_px)
        self.card = PracticeCard()
        side, side_lay = self.column(spacing=14)
        side_lay.addWidget(self.mode_label)
        side_lay.addWidget(self.message)
        buttons = QHBoxLayout()
        self.buttons = buttons
        buttons.setSpacing(14)
        buttons.addWidget(self.hint_button)
        buttons.addWidget(self.repeat_button)
        side_lay.addLayout(buttons)
        side_lay.addWidget(self.card)
        side_lay.addStretch(1)
        self.side = self.scrolling(side)

        self.row = QHBoxLayout()
        self.row.setSpacing(28)
        self.row.addWidget(self.stack, 5)
        self.row.addWidget(self.side, 4)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(10)
        lay.addWidget(self.banner)
        inner = QVBoxLayout()
        inner.setContentsMargins(28, 4, 28, 16)
        inner.setSpacing(10)
        inner.addWidget(self.title)
        inner.addLayout(self.row, 1)
        lay.addLayout(inner, 1)

        self._timer = QTimer(self)
        self._timer.setInterval(max(tick_ms, 1))
        self._timer.timeout.connect(self.tick)
        if tick_ms > 0:
            self._timer.start()
        self.retranslate(lang)
        self._show_step(speak=True)
        theme.changed.connect(self._rescale)
        self._listening = True

    def _rescale(self) -> None:
        """The text scale changed: lay everything out again at the new size."""
        for btn in (self.hint_button, self.repeat_button, self.retry, self.finish):
            btn.setMinimumHeight(self.theme.target_px)
        self.retranslate(self.lang)

    # -- rendering -------------------------------------------------------------------------------
    def retranslate(self, lang: str) -> None:
        """Show every word in ``lang`` (the banner stays Vietnamese, with English added)."""
        super().retranslate(lang)
        self.banner.set(BANNER + (BANNER_EN if lang == "en" else ""))
        self.title.set(self.scenario.title.get(lang))
        self.mode_label.set(WORDS[self.engine.mode].get(lang))
        self.hint_button.set_label(WORDS["hint"].get(lang))
        self.repeat_button.set_label(WORDS["repeat"].get(lang))
        self.retry.set_label(WORDS["retry"].get(lang))
        self.finish.set_label(WORDS["finish"].get(lang))
        self.stop_title.set(WORDS["stop"].get(lang))
        self.end_title.set(WORDS["done_title"].get(lang))
        big = self.theme.scale >= 1.5
        self.card.show_entries(self.scenario.card, lang, big=big)
        self.row.setStretch(0, 1 if big else 5)
        self.row.setStretch(1, 1 if big else 4)
        self.buttons.setDirection(
            QHBoxLayout.Direction.TopToBottom if big else QHBoxLayout.Direction.LeftToRight
        )
        self.mode_label.setVisible(not big)
        self.title.setProperty("role", "muted" if big else "heading")
        self.title.style().unpolish(self.title)
        self.title.style().polish(self.title)
        if self.message_text is not None:
            self.message.set(self.message_text.get(lang))
        if not self.engine.finished:
            self.phone.show_screen(self.engine.screen, lang, self.engine.value)
            self._glow()

    def _show_step(self, *, speak: bool) -> None:
        step = self.engine.current
        self.phone.show_screen(step.screen, self.lang, self.engine.value)
        guided = self.engine.mode == "guided"
        self._set_message(step.instruction if guided else None)
        self._glow()
        if speak:
            lines = [t.get(self.lang) for t in step.say]
            if guided:
                lines.append(step.instruction.get(self.lang))
            if lines:
                self.speaker.say(" ".join(lines), lang=self.lang)

    def _glow(self, *, focus: bool = True) -> None:
        if self.engine.mode == "guided" and not self.engine.finished:
            self.phone.set_glow(self.engine.expected().widget, focus=focus)
        else:
            self.phone.set_glow(None)

    def _set_message(self, text: Text | None) -> None:
        self.message_text = text
        self.message.set(text.get(self.lang) if text is not None else "")
        self.message.setVisible(text is not None)

    def speech(self) -> str:
        """See :meth:`Screen.speech`: the current instruction."""
        return self.engine.current.instruction.get(self.lang)

    # -- learner input ---------------------------------------------------------------------------
    def _tap(self, widget_id: str) -> None:
        before = self.engine.current.id
        outcome = self.engine.step(Tap(widget_id))
        same = isinstance(outcome, Mistake) and outcome.step_id == before
        if same:
            self.phone.sync(self.engine.value)
        self._handle(outcome, same_screen=same)

    def _enter(self, field: str, text: str) -> None:
        outcome = self.engine.step(Enter(field, text))
        if isinstance(outcome, Reminder):
            self.phone.set_field(field, "")
            self._handle(outcome)
        elif self.engine.mode == "guided":
            self._glow(focus=False)

    def ask_hint(self) -> None:
        """The learner asks for help ("Gợi ý" or the voice command)."""
        if not self.engine.finished:
            self._handle(self.engine.hint_now())

    def tick(self) -> None:
        """Check for a long hesitation (called by the timer, or by tests)."""
        outcome = self.engine.tick()
        if outcome is not None:
            self._handle(outcome)

    def _handle(self, outcome: Outcome, *, same_screen: bool = False) -> None:
        if isinstance(outcome, Ok):
            if outcome.advanced:
                self._show_step(speak=True)
            else:
                self.phone.sync(self.engine.value)
                self._glow(focus=False)
            return
        if isinstance(outcome, Done):
            self._done(outcome.result)
            return
        hint = outcome.hint
        self._set_message(hint)
        self.speaker.say(hint.get(self.lang), lang=self.lang)
        if isinstance(outcome, Mistake):
            if not same_screen:  # a field mistake keeps the screen; only the field is wiped
                self.phone.show_screen(self.engine.screen, self.lang, self.engine.value)
            self._glow()
            if outcome.stop:
                self.stop_text.set(hint.get(self.lang))
                self._set_message(None)
                self.side.hide()
                self.stack.setCurrentIndex(1)
                self.retry.setFocus()
        elif isinstance(outcome, Hint | Reminder):
            self._glow()

    def _retry(self) -> None:
        self.stack.setCurrentIndex(0)
        self.side.show()
        self._glow()

    def _done(self, result: AttemptResult) -> None:
        self.result = result
        self._timer.stop()
        self.phone.set_glow(None)
        self._set_message(None)
        end = self.scenario.end.get(self.lang)
        self.end_text.set(end)
        self.end_summary.set(
            WORDS["summary"]
            .get(self.lang)
            .format(
                done=result.steps_done,
                total=result.steps_total,
                mistakes=result.mistakes,
                hints=result.hints_used,
            )
        )
        self.side.hide()
        self.stack.setCurrentIndex(2)
        self.finish.setFocus()
        QTimer.singleShot(0, lambda: self.end_area.ensureWidgetVisible(self.finish))
        self.speaker.say(f"{WORDS['done_title'].get(self.lang)} {end}", lang=self.lang)

    def _finish(self) -> None:
        if self.result is not None and not self._reported:
            self._reported = True
            self.on_finished(self.result)

    def handle_action(self, action: str) -> bool:
        """Voice and keyboard: ``repeat``, ``help``, ``hang_up``, ``next`` (retry / finish)."""
        if action == "repeat":
            self.speaker.replay()
        elif action == "help":
            self.ask_hint()
        elif action == "hang_up" and "hang_up" in self.engine.screen.tappable():
            self._tap("hang_up")
        elif action == "next" and self.stack.currentIndex() == 1:
            self._retry()
        elif action == "next" and self.stack.currentIndex() == 2:
            self._finish()
        else:
            return False
        return True

    def clear(self) -> None:
        """Stop the timer and the voice; nothing typed survives the screen (the engine's values
        live only in memory and the engine goes with the screen)."""
        self._timer.stop()
        self.speaker.stop()

    def stop(self) -> None:
        """Stop the hesitation timer and stop listening to the theme (the screen is leaving)."""
        self._timer.stop()
        if self._listening:
            self._listening = False
            self.theme.changed.disconnect(self._rescale)


def _main(argv: list[str]) -> int:
    """Preview with sample data: ``python -m ui.sim.simulation_screen sim-07 --scale 2.0``."""
    import argparse
    import os

    from PySide6.QtWidgets import QApplication

    from lessons.sim.loader import load_scenarios
    from lessons.sim.script import actions_for
    from ui.fonts import install_fonts

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("sim", nargs="?", default="sim-07")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--lang", default="vi")
    parser.add_argument("--free", action="store_true")
    parser.add_argument("--variant", default=None)
    parser.add_argument("--size", default="1366x768")
    parser.add_argument("--shots", default="", help="save a PNG of every step into this folder")
    args = parser.parse_args(argv)
    if args.shots:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    theme = Theme(scale=args.scale, family=install_fonts())
    app.setStyleSheet(theme.stylesheet())

    class _PrintSpeaker:
        problem = None

        def say(self, text: str, *, lang: str = "vi") -> None:
            print(f"[nói] {text}")

        def replay(self) -> None: ...

        def stop(self) -> None: ...

        def set_rate(self, words_per_minute: int) -> None: ...

        def set_volume(self, volume: float) -> None: ...

    scenario = load_scenarios().get(args.sim)
    screen = SimulationScreen(
        scenario,
        "free" if args.free else "guided",
        _PrintSpeaker(),
        theme,
        args.lang,
        lambda r: print(r),
        variant=args.variant,
        tick_ms=0 if args.shots else 1000,
    )
    width, height = (int(x) for x in args.size.split("x"))
    screen.resize(width, height)
    screen.show()
    if not args.shots:
        return app.exec()
    n = 0
    while n < 60:
        for _ in range(3):
            app.processEvents()
        tag = screen.engine.current.id if not screen.engine.finished else "end"
        screen.grab().save(
            os.path.join(args.shots, f"{scenario.id[:6]}-{args.scale}-{n:02d}-{tag}.png")
        )
        if screen.engine.finished:
            break
        for action in actions_for(screen.engine.current, scenario, current=screen.engine.value):
            if isinstance(action, Enter):
                screen._enter(action.field, action.value)
                screen.phone.set_field(action.field, action.value)
            elif isinstance(action, Tap):
                screen._tap(action.widget)
        n += 1
    return 0


if __name__ == "__main__":
    raise SystemExit(_main(sys.argv[1:]))
