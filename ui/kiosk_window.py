"""The learner's kiosk window: one stack of screens, driven by the core's session and idle events.

It builds nothing itself: ``main.py`` passes every collaborator in (constructor injection), so tests
build the same window with a fake clock, a fake speaker and a temporary database.
"""

from __future__ import annotations

import logging
from typing import Protocol

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from kiosk.clock import Clock
from kiosk.db.models import SessionEnd
from kiosk.errors import KioskError
from kiosk.i18n import tr
from kiosk.services.progress import AttemptFacts
from kiosk.session import IdleMonitor
from lessons.player import FinishedPage, QuestionPage, StepPage
from lessons.run import LessonRun
from lessons.search import search as search_lessons
from lessons.search import sorted_terms
from lessons.sim.engine import AttemptResult
from lessons.sim.loader import SimLibrary
from lessons.slips import SlipResult
from lessons.summary import group_name
from lessons.visit import SlipFacts, VisitService
from ui.screens.attract import AttractScreen
from ui.screens.base import Screen
from ui.screens.celebration import CelebrationScreen
from ui.screens.check import CheckScreen
from ui.screens.glossary import Entry, GlossaryScreen
from ui.screens.home import HomeModel, HomeScreen, Tile
from ui.screens.identify import IdentifyScreen
from ui.screens.idle_warning import IdleWarningScreen
from ui.screens.language import LanguageScreen
from ui.screens.lesson_step import LessonStepScreen
from ui.screens.module import LessonItem, ModuleModel, ModuleScreen
from ui.screens.practice_host import PracticeHost
from ui.screens.search import SearchScreen
from ui.screens.slip import SlipScreen
from ui.tasks import Tasks
from ui.theme import Theme
from ui.widgets.message_bar import MessageBar
from ui.widgets.voice_bar import VoiceBar
from ui.widgets.wrap_label import WrapLabel
from voice.api import Heard, Recognizer, Speaker

log = logging.getLogger(__name__)

KEY_ACTIONS = {
    Qt.Key.Key_Right: "next",
    Qt.Key.Key_PageDown: "next",
    Qt.Key.Key_Left: "back",
    Qt.Key.Key_PageUp: "back",
    Qt.Key.Key_F5: "repeat",
    Qt.Key.Key_Home: "home",
    Qt.Key.Key_F1: "help",
    Qt.Key.Key_1: "answer1",
    Qt.Key.Key_2: "answer2",
    Qt.Key.Key_3: "answer3",
    Qt.Key.Key_4: "answer4",
}
"""Keyboard shortcuts; Tab and Space/Enter reach every button as usual."""


class SlipMaker(Protocol):
    """Makes the slip PDF and sends it to the printer (runs off the UI thread)."""

    def __call__(self, facts: SlipFacts, lang: str) -> SlipResult:
        """Render, save and print; never raises for a printer problem (the outcome says it)."""


class KioskWindow(QMainWindow):
    """The learner-facing window.

    Signals:
        screen_shown(str): the name of the screen now on top (tests and the journey wait on it).
    """

    screen_shown = Signal(str)
    _write_failed = Signal(object)
    sync_changed = Signal(str)
    """A new sync status sentence (emitted from the sender's thread; shown on the UI thread)."""

    def __init__(
        self,
        *,
        visits: VisitService,
        theme: Theme,
        clock: Clock,
        speaker: Speaker,
        idle: IdleMonitor,
        tasks: Tasks,
        make_slip: SlipMaker | None = None,
        recognizer: Recognizer | None = None,
        tick_ms: int = 1000,
        simulations: SimLibrary | None = None,
        rate: int = 140,
        volume: float = 0.9,
    ) -> None:
        super().__init__()
        self.visits, self.theme, self.clock, self.speaker = visits, theme, clock, speaker
        self.idle, self.tasks, self.make_slip = idle, tasks, make_slip
        self.recognizer = recognizer
        self.run: LessonRun | None = None
        self._module_id: str | None = None
        self._before_warning: Screen | None = None
        self.simulations = simulations
        self.practice: PracticeHost | None = None
        self._slip_facts: SlipFacts | None = None
        self._next_id: str | None = None
        self.setWindowTitle("Học vụ số")
        self.setAccessibleName("Học vụ số")
        self.setMinimumSize(1024, 700)

        self.stack = QStackedWidget()
        self.messages = MessageBar(theme)
        self.voice_bar = VoiceBar()
        self.voice_bar.setVisible(recognizer is not None and not recognizer.problem)
        self.voice_bar.talk.connect(self._toggle_listening)
        self._pending: str | None = None
        self.rate, self.volume = rate, volume
        self.start_rate, self.start_volume = rate, volume
        central = QWidget()
        lay = QVBoxLayout(central)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.messages)
        lay.addWidget(self.voice_bar)
        lay.addWidget(self.stack, 1)
        self.sync_status = WrapLabel(role="muted")
        self.sync_status.setObjectName("sync_status")
        self.sync_status.hide()
        lay.addWidget(self.sync_status)
        self.sync_changed.connect(self._show_sync)
        self.setCentralWidget(central)

        self.attract = AttractScreen(theme)
        self.language = LanguageScreen(theme)
        self.identify = IdentifyScreen(theme)
        self.home = HomeScreen(theme)
        self.module = ModuleScreen(theme)
        self.step = LessonStepScreen(theme, clock)
        self.check = CheckScreen(theme)
        self.celebration = CelebrationScreen(theme)
        self.slip = SlipScreen(theme)
        self.warning = IdleWarningScreen(theme)
        self.glossary = GlossaryScreen(theme)
        self.search = SearchScreen(theme)
        self.screens: list[Screen] = [
            self.attract,
            self.language,
            self.identify,
            self.home,
            self.module,
            self.step,
            self.check,
            self.celebration,
            self.slip,
            self.warning,
            self.glossary,
            self.search,
        ]
        for s in self.screens:
            self.stack.addWidget(s)
        self._connect()
        if visits.writer is not None:
            self._write_failed.connect(self._fail)
            visits.writer.set_error_handler(self._write_failed.emit)
        self.apply_theme()
        theme.changed.connect(self.apply_theme)

        self.timer = QTimer(self)
        self.timer.setInterval(tick_ms)
        self.timer.timeout.connect(self.idle.tick)
        self.timer.start()
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self._show(self.attract)
        if recognizer is not None and recognizer.problem:
            self.messages.show_message(recognizer.problem, speak=False)
        elif speaker.problem:
            self.messages.show_message(speaker.problem, speak=False)

    # ---- wiring -------------------------------------------------------------------------
    def _connect(self) -> None:
        self.attract.started.connect(self._start_visit)
        self.language.chosen.connect(self._choose_language)
        self.language.speech_rate.connect(self._change_rate)
        self.language.speech_volume.connect(self._change_volume)
        self.identify.guest.connect(self._guest)
        self.identify.code_entered.connect(self._code)
        self.home.open_module.connect(self._open_module)
        self.home.open_lesson.connect(self._open_lesson)
        self.home.print_slip.connect(self._show_slip)
        self.home.finish.connect(lambda: self.end_visit(SessionEnd.finished))
        self.home.open_glossary.connect(self._open_glossary)
        self.home.open_search.connect(lambda: self._show(self.search))
        self.glossary.chosen.connect(
            lambda text: self.speaker.say(text, lang=self.visits.session.language)
        )
        self.glossary.go_back.connect(self._go_home)
        self.search.query.connect(self._search)
        self.search.open_lesson.connect(self._open_lesson)
        self.search.go_back.connect(self._go_home)
        self.module.open_lesson.connect(self._open_lesson)
        self.module.open_simulation.connect(self._simulation)
        self.module.go_back.connect(self._go_home)
        self.step.go_next.connect(self._next)
        self.step.go_back.connect(self._back)
        self.step.repeat.connect(self.speaker.replay)
        self.check.answered.connect(self._answer)
        self.check.go_next.connect(self._next)
        self.check.go_back.connect(self._back)
        self.check.repeat.connect(self.speaker.replay)
        self.celebration.next_lesson.connect(self._next_lesson)
        self.celebration.print_slip.connect(self._show_slip)
        self.celebration.go_home.connect(self._go_home)
        self.slip.print_now.connect(self._print_slip)
        self.slip.done.connect(self._go_home)
        self.warning.keep_going.connect(self._keep_going)
        self.idle.help_offered.connect(self._offer_help)
        self.idle.warning_started.connect(self._warn)
        self.idle.countdown.connect(self.warning.set_seconds)
        self.idle.warning_cancelled.connect(self._keep_going)
        self.idle.expired.connect(lambda: self.end_visit(SessionEnd.idle))
        self.visits.session.language_changed.connect(self._retranslate)

    def _show_sync(self, message: str) -> None:
        """A small, calm line at the bottom: how sending to the ward's server is going."""
        self.sync_status.set(message)
        self.sync_status.setVisible(bool(message))

    def apply_theme(self) -> None:
        """Re-apply the stylesheet at the current scale to the whole window."""
        self.setStyleSheet(self.theme.stylesheet())

    @property
    def current(self) -> Screen:
        """The screen on top."""
        w = self.stack.currentWidget()
        assert isinstance(w, Screen)
        return w

    def _show(self, screen: Screen, *, speak: bool = True) -> None:
        screen.retranslate(self.visits.session.language)
        self.stack.setCurrentWidget(screen)
        if speak:
            self.speaker.say(screen.speech(), lang=self.visits.session.language)
        self.screen_shown.emit(screen.name)

    def _retranslate(self, lang: str) -> None:
        for s in self.screens:
            s.retranslate(lang)
        self.voice_bar.retranslate(lang)
        if self.recognizer is not None:
            self.recognizer.set_language(lang)

    def _fail(self, exc: Exception) -> None:
        message = (
            exc.message
            if isinstance(exc, KioskError)
            else tr(
                "Có lỗi nhỏ. Bác thử lại nhé; nếu vẫn lỗi, nhờ cán bộ giúp.",
                self.visits.session.language,
            )
        )
        log.error("%s", exc)
        self.messages.show_message(message)
        self.speaker.say(message, lang=self.visits.session.language)

    # ---- input ----------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Every touch, click or key press counts as activity; the double-tap guard eats some."""
        kind = event.type()
        if (
            kind in (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin, QEvent.Type.KeyPress)
            and isinstance(watched, QWidget)
            and watched.window() is self
        ):
            if not self.idle.touch():
                return True
            if kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
                action = KEY_ACTIONS.get(Qt.Key(event.key()))
                if action and self.do_action(action):
                    return True
        return super().eventFilter(watched, event)

    def do_action(self, action: str) -> bool:
        """Run an action id (voice command or key) the same way its button does."""
        if action == "repeat":
            self.speaker.replay()
            return True
        if action in ("slower", "faster"):
            self._change_rate(-1 if action == "slower" else +1)
            return True
        if action == "print" and self.current is self.slip:
            self._print_slip()
            return True
        if action.startswith("need") and self.visits.session.visitor is not None:
            from ui.screens.search import NEEDS

            index = int(action.removeprefix("need")) - 1
            if 0 <= index < len(NEEDS):
                self._show(self.search, speak=False)
                self._search(tr(NEEDS[index], self.visits.session.language))
                return True
        if action == "call_staff":
            action = "help"
        if action == "help" and self.visits.session.visitor is not None:
            self.visits.ask_help(self.current.name)
            msg = tr(
                "Bác đừng lo. Cán bộ sẽ đến giúp bác. Bác cũng có thể bấm Nghe lại.",
                self.visits.session.language,
            )
            self.messages.show_message(msg)
            self.speaker.say(msg, lang=self.visits.session.language)
            return True
        if (
            action == "home"
            and self.visits.session.visitor is not None
            and self.current not in (self.home, self.warning)
        ):
            self._go_home()
            return True
        return self.current.handle_action(action)

    def on_heard(self, heard: Heard) -> None:
        """A voice command: show what was heard, then act as the button would.

        Printing cannot be undone, so a spoken "có" on the slip screen is confirmed aloud first.
        """
        self.idle.touch()
        lang = self.visits.session.language
        self.voice_bar.set_listening(False)
        self.voice_bar.show_heard(heard.text)
        self.messages.show_message(tr("Bác vừa nói: {words}", lang, words=heard.text), speak=False)
        if self._pending is not None:
            pending, self._pending = self._pending, None
            if heard.action == "yes":
                self.do_action(pending)
            else:
                self.speaker.say(tr("Dạ, không in nữa.", lang), lang=lang)
            return
        if heard.action == "yes" and self.current is self.slip:
            self._pending = "print"
            self.speaker.say(
                tr("Bác muốn in phiếu phải không? Bác nói “có” để in, “không” để thôi.", lang),
                lang=lang,
            )
            return
        self.do_action(heard.action)

    def _toggle_listening(self) -> None:
        if self.recognizer is None:
            return
        if self.voice_bar.listening:
            self.recognizer.stop()
            self.voice_bar.set_listening(False)
        else:
            self.speaker.stop()
            self.recognizer.start(self.on_heard)
            self.voice_bar.set_listening(True)

    def _change_rate(self, step: int) -> None:
        self.rate = max(80, min(220, self.rate + 20 * step))
        self.speaker.set_rate(self.rate)
        self.speaker.say(
            tr("Tôi sẽ đọc thế này.", self.visits.session.language),
            lang=self.visits.session.language,
        )

    def _change_volume(self, step: int) -> None:
        self.volume = max(0.2, min(1.0, round(self.volume + 0.2 * step, 2)))
        self.speaker.set_volume(self.volume)
        self.speaker.say(
            tr("Tôi sẽ đọc to thế này.", self.visits.session.language),
            lang=self.visits.session.language,
        )

    # ---- the visit ----------------------------------------------------------------------
    def _start_visit(self) -> None:
        try:
            self.visits.begin()
        except KioskError as exc:
            self._fail(exc)
            return
        self.idle.resume()
        self._show(self.language)

    def _choose_language(self, lang: str) -> None:
        self.visits.session.set_language(lang)
        self._show(self.identify)

    def _guest(self) -> None:
        try:
            self.visits.continue_as_guest()
        except KioskError as exc:
            self._fail(exc)
            return
        self._go_home()

    def _code(self, typed: str) -> None:
        try:
            self.visits.resume_by_code(typed)
        except KioskError as exc:
            self.identify.show_problem(exc.message)
            self.speaker.say(exc.message, lang=self.visits.session.language)
            return
        self._go_home()

    def _go_home(self) -> None:
        self.run = None
        self._close_practice()
        try:
            data = self.visits.home()
        except KioskError as exc:
            self._fail(exc)
            return
        lang = self.visits.session.language
        lib = self.visits.library
        tiles = [
            Tile(m.module_id, lib.module(m.module_id).title.get(lang), m.done, m.total)
            for m in data.modules
            if m.total
        ]
        nxt = data.next_lesson
        groups = [(group_name(g.group, lang), g.done, g.total) for g in data.groups]
        self.home.show_model(
            HomeModel(
                data.visitor.code,
                data.visitor.display_name,
                nxt.id if nxt else None,
                nxt.title.get(lang) if nxt else None,
                tiles,
                groups,
            )
        )
        self._show(self.home)

    def _open_glossary(self) -> None:
        lang = self.visits.session.language
        terms = sorted_terms(self.visits.library, lang)
        self.glossary.show_entries([Entry(t.term.get(lang), t.meaning.get(lang)) for t in terms])
        self._show(self.glossary)

    def _search(self, asked: str) -> None:
        lang = self.visits.session.language
        hits = search_lessons(self.visits.library, asked)
        self.search.show_results(
            asked,
            [
                (
                    h.lesson.id,
                    tr(
                        "Bài {code}: {title}",
                        lang,
                        code=h.lesson.code,
                        title=h.lesson.title.get(lang),
                    ),
                )
                for h in hits[:4]
            ],
        )
        self.speaker.say(self.search.speech(), lang=lang)

    def _open_module(self, module_id: str) -> None:
        lang = self.visits.session.language
        lib = self.visits.library
        module = lib.module(module_id)
        done = self.visits.completed_ids()
        items = [
            LessonItem(x.id, x.code, x.title.get(lang), x.duration_min, x.id in done)
            for x in lib.lessons_of(module_id)
        ]
        practices: list[tuple[str, str]] = []
        for sim_id in module.simulations if self.simulations else []:
            try:
                practices.append((sim_id, self.simulations.get(sim_id).title.get(lang)))  # type: ignore[union-attr]
            except KeyError:
                log.warning("Không có bài mô phỏng %s", sim_id)
        self._module_id = module_id
        self.module.show_model(
            ModuleModel(module.title.get(lang), module.summary.get(lang), items, practices)
        )
        self._show(self.module)

    def _simulation(self, sim_id: str) -> None:
        """Open a practice simulation (guided: the next target glows and is spoken)."""
        if self.simulations is None or self.visits.session.visitor is None:
            return
        from ui.sim.simulation_screen import SimulationScreen

        self._close_practice()
        self.speaker.stop()
        sim = SimulationScreen(
            self.simulations.get(sim_id),
            "guided",
            self.speaker,
            self.theme,
            self.visits.session.language,
            self._practice_done,
            clock=self.clock,
        )
        host = PracticeHost(self.theme, sim)
        host.leave.connect(self._leave_practice)
        self.practice = host
        self.stack.addWidget(host)
        self._show(host, speak=False)

    def _record(self, result: AttemptResult) -> None:
        try:
            self.visits.record_attempt(
                AttemptFacts(
                    result.scenario_id,
                    result.version,
                    str(result.mode),
                    result.steps_done,
                    result.steps_total,
                    result.mistakes,
                    result.hints_used,
                    int(result.duration_s),
                    result.completed,
                )
            )
        except KioskError as exc:
            self._fail(exc)

    def _practice_done(self, result: AttemptResult) -> None:
        self._record(result)
        self._close_practice()
        self._back_to_module()

    def _leave_practice(self) -> None:
        host = self.practice
        if host is not None and host.sim.result is None:
            tried = host.sim.engine.result()
            if tried.steps_done or tried.mistakes or tried.hints_used:
                self._record(tried)  # an unfinished run still counts as tried
        self._close_practice()
        self._back_to_module()

    def _close_practice(self) -> None:
        host, self.practice = self.practice, None
        if host is not None:
            host.clear()
            Screen.discard([host], self.stack.layout())

    def _back_to_module(self) -> None:
        if self._module_id:
            self._open_module(self._module_id)
        else:
            self._go_home()

    def _open_lesson(self, lesson_id: str) -> None:
        try:
            self.run = self.visits.open_lesson(lesson_id)
        except (KioskError, KeyError) as exc:
            self._fail(
                exc
                if isinstance(exc, KioskError)
                else KioskError(
                    tr(
                        "Bài này không mở được. Bác chọn bài khác nhé.",
                        self.visits.session.language,
                    )
                )
            )
            return
        self._render()

    def _render(self) -> None:
        run = self.run
        if run is None:
            return
        page = run.page
        lang = self.visits.session.language
        if isinstance(page, StepPage):
            image = self.visits.library.image_path(page.step.image) if page.step.image else None
            self.step.show_step(
                run.lesson.title.get(lang), page.step, page.index, page.total, image
            )
            self._show(self.step)
        elif isinstance(page, QuestionPage):
            self.check.show_page(page)
            self._show(self.check)
        elif isinstance(page, FinishedPage):
            nxt = self.visits.library.next_lesson(run.lesson.id)
            self.celebration.show_result(
                run.lesson.title.get(lang),
                (page.score, page.total) if page.total else None,
                nxt.title.get(lang) if nxt else None,
            )
            self._next_id = nxt.id if nxt else None
            self._show(self.celebration)

    def _next(self) -> None:
        if self.run is None:
            return
        try:
            self.run.next()
        except KioskError as exc:
            self._fail(exc)
            return
        self._render()

    def _back(self) -> None:
        if self.run is None:
            return
        if self.run.player.position == 0:
            if self._module_id:
                self._open_module(self._module_id)
            else:
                self._go_home()
            return
        try:
            self.run.back()
        except KioskError as exc:
            self._fail(exc)
            return
        self._render()

    def _answer(self, choice: int) -> None:
        if self.run is None:
            return
        page = self.run.answer(choice)
        self.check.show_page(page)
        self.speaker.say(self.check.speech(), lang=self.visits.session.language)

    def _next_lesson(self) -> None:
        nxt = self._next_id
        if nxt:
            self._open_lesson(nxt)

    # ---- the slip -----------------------------------------------------------------------
    def _show_slip(self) -> None:
        lang = self.visits.session.language
        try:
            facts = self.visits.slip_facts()
        except KioskError as exc:
            self._fail(exc)
            return
        self._slip_facts = facts
        self.slip.show_slip(
            facts.code,
            [les.title.get(lang) for les, _ in facts.done],
            facts.next_lesson.title.get(lang) if facts.next_lesson else None,
        )
        self._show(self.slip)

    def _print_slip(self) -> None:
        lang = self.visits.session.language
        facts = self._slip_facts
        if facts is None or self.make_slip is None:
            self.slip.show_status(tr("Máy này chưa nối máy in. Bác nhớ mã của mình nhé.", lang))
            return
        self.slip.show_status(tr("Đang in phiếu, bác chờ một chút…", lang), busy=True)
        maker = self.make_slip

        def done(outcome: SlipResult) -> None:
            self.slip.show_status(outcome.message)
            self.speaker.say(outcome.message, lang=lang)

        def failed(exc: Exception) -> None:
            msg = (
                exc.message
                if isinstance(exc, KioskError)
                else tr("Không in được phiếu. Bác nhớ mã của mình, hoặc nhờ cán bộ in giúp.", lang)
            )
            self.slip.show_status(msg)
            self.speaker.say(msg, lang=lang)

        self.tasks.run(lambda: maker(facts, lang), done, failed)

    # ---- idle ---------------------------------------------------------------------------
    def _offer_help(self) -> None:
        msg = tr(
            "Bác cần giúp không? Bác bấm Nghe lại, hoặc nói “nhắc lại” để nghe lại.",
            self.visits.session.language,
        )
        self.messages.show_message(msg)
        self.speaker.say(msg, lang=self.visits.session.language)

    def _warn(self, seconds: int) -> None:
        if self.current is not self.warning:
            self._before_warning = self.current
        self.warning.set_seconds(seconds)
        self._show(self.warning)

    def _keep_going(self) -> None:
        back = self._before_warning or self.home
        self._before_warning = None
        if self.current is self.warning:
            self._show(back)

    def end_visit(self, reason: SessionEnd) -> None:
        """End the visit: close the record, wipe every screen and all memory of the learner."""
        self.speaker.stop()
        try:
            self.visits.end(reason)
        except KioskError as exc:
            log.error("Không ghi được lúc kết thúc: %s", exc)
            self.visits.session.end(reason.value)
        self.run = None
        self._module_id = None
        self._next_id = None
        self._slip_facts = None
        self._before_warning = None
        self._close_practice()
        for s in self.screens:
            s.clear()
        for i in range(self.stack.count() - 1, -1, -1):
            w = self.stack.widget(i)
            if w is not None and w not in self.screens:
                Screen.discard([w], self.stack.layout())
        self.messages.clear_message()
        self.voice_bar.clear()
        self._pending = None
        if self.recognizer is not None:
            self.recognizer.stop()
        self.speaker.set_rate(self.start_rate)
        self.speaker.set_volume(self.start_volume)
        self.rate, self.volume = self.start_rate, self.start_volume
        self.idle.pause()
        self._show(self.attract)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Stop the timer and let background jobs finish."""
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.tasks.wait(10000)
        if self.visits.writer is not None:
            self.visits.writer.close()  # runs what is queued, then the thread ends
        super().closeEvent(event)
