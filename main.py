"""Học vụ số Kiosk — the composition root.

``python main.py`` starts the learner's kiosk; ``doctor`` checks the station; ``screenshots DIR``
renders every screen; ``voice …`` prepares and tests speech. Every collaborator is built here, in
order, and passed in: the core never reaches for globals.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.clock import Clock, SystemClock
from kiosk.config import Settings, load_settings
from kiosk.errors import KioskError

if TYPE_CHECKING:
    from kiosk.db.engine import Database
    from lessons.loader import Library
    from lessons.sim.loader import SimLibrary
    from ui.kiosk_window import KioskWindow
    from voice.api import Recognizer, Speaker

log = logging.getLogger("hocvuso")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="main.py", description="Học vụ số Kiosk")
    p.add_argument("--windowed", action="store_true", help="a normal window, not full screen")
    p.add_argument("--database", metavar="URL", help="database URL (default: embedded SQLite)")
    p.add_argument("--lang", choices=["vi", "en"], help="default language")
    p.add_argument("--role", choices=["kiosk", "classroom", "office"], default="kiosk")
    p.add_argument("--scale", type=float, help="text scale 1.0–2.0")
    p.add_argument("--content", metavar="DIR", type=Path, help="lesson content folder")
    p.add_argument("--no-voice", action="store_true", help="start without speech")
    p.add_argument("--verbose", action="store_true")
    sub = p.add_subparsers(dest="command")
    sub.add_parser("doctor", help="check database, content, fonts, voices, printers, microphone")
    shots = sub.add_parser("screenshots", help="render every screen to PNG with sample data")
    shots.add_argument("out", type=Path)
    sub.add_parser("backup", help="copy the database to the backups folder now")
    restore = sub.add_parser("restore", help="put a backup back (the current file is kept aside)")
    restore.add_argument("file", type=Path)
    pack = sub.add_parser("import-pack", help="install a content pack (zip) after checking it")
    pack.add_argument("file", type=Path)
    voice = sub.add_parser("voice", help="speech tools")
    vsub = voice.add_subparsers(dest="voice_command", required=True)
    vsub.add_parser("prepare", help="synthesise all narration into the cache")
    say = vsub.add_parser("say", help="write one sentence to a WAV file")
    say.add_argument("text")
    say.add_argument("--voice", default="vi")
    say.add_argument("--out", type=Path, required=True)
    listen = vsub.add_parser("listen", help="print the command decided for a WAV file")
    listen.add_argument("wav", type=Path)
    return p


def settings_from(args: argparse.Namespace) -> Settings:
    """Settings file + environment + command-line flags."""
    return load_settings().with_overrides(
        database_url=args.database,
        language=args.lang,
        text_scale=args.scale,
        content_dir=args.content,
    )


def open_database(settings: Settings) -> Database:
    """The station's database, migrated to the newest schema."""
    from kiosk.db.engine import Database

    return Database(settings.resolved_database_url)


def load_content(settings: Settings) -> Library:
    """The lesson library (bundled unless a content folder is configured)."""
    from lessons.loader import load_library
    from lessons.pack import active_content_dir

    return load_library(active_content_dir(settings))


def load_practice(settings: Settings) -> SimLibrary:
    """The practice simulations (bundled unless a content folder is configured)."""
    from lessons.pack import active_content_dir
    from lessons.sim.loader import load_scenarios

    return load_scenarios(active_content_dir(settings))


@dataclass
class KioskParts:
    """What :func:`build_kiosk` made, for the caller (``main``, the journey test, benchmarks)."""

    window: KioskWindow
    db: Database
    library: Library
    settings: Settings


def build_kiosk(
    settings: Settings,
    *,
    clock: Clock | None = None,
    speaker: Speaker | None = None,
    recognizer: Recognizer | None = None,
    db: Database | None = None,
    library: Library | None = None,
    tick_ms: int = 1000,
    make_slip: Any = None,
    simulations: SimLibrary | None = None,
) -> KioskParts:
    """Build the learner's kiosk window and everything it needs, in order.

    A QApplication must exist. Tests pass a fake clock and speaker; ``main`` passes the real ones.
    """
    from kiosk.session import IdleMonitor, KioskSession
    from kiosk.writer import BackgroundWriter
    from lessons.slips import SlipPrinter
    from lessons.visit import VisitService
    from ui.fonts import install_fonts
    from ui.kiosk_window import KioskWindow
    from ui.tasks import Tasks
    from ui.theme import Theme
    from voice.api import SilentSpeaker

    clock = clock or SystemClock()
    db = db or open_database(settings)
    library = library or load_content(settings)
    simulations = simulations or load_practice(settings)
    family = install_fonts()
    theme = Theme(scale=settings.text_scale, family=family)
    session = KioskSession(settings.language)
    visits = VisitService(db, library, clock, session, settings.kiosk_id, writer=BackgroundWriter())
    idle = IdleMonitor(
        clock,
        help_after=settings.idle_help_s,
        warn_after=settings.idle_reset_s,
        countdown_s=settings.countdown_s,
    )

    def sim_title(sim_id: str, lang: str) -> str:
        try:
            return simulations.get(sim_id).title.get(lang)
        except KeyError:
            return sim_id

    slip = make_slip or SlipPrinter(
        settings.documents_dir, settings.centre_name, settings.printer, sim_titles=sim_title
    )
    window = KioskWindow(
        visits=visits,
        theme=theme,
        clock=clock,
        speaker=speaker or SilentSpeaker(),
        idle=idle,
        tasks=Tasks(),
        make_slip=slip,
        recognizer=recognizer,
        tick_ms=tick_ms,
        simulations=simulations,
        rate=settings.speech_rate,
        volume=settings.volume,
    )
    return KioskParts(window, db, library, settings)


def _real_speaker(settings: Settings) -> Speaker:
    from voice.api import SilentSpeaker

    try:
        from voice.qt.speaker import QtSpeaker
    except ImportError as exc:  # pragma: no cover - the voice package is part of the app
        log.error("Không nạp được bộ đọc: %s", exc)
        return SilentSpeaker("Máy chưa đọc to được. Bác vẫn học được bằng cách đọc và chạm.")
    return QtSpeaker.from_settings(settings)


@dataclass
class Core:
    """The Qt-free parts of a station, loaded on a worker thread while the attract screen shows."""

    db: Database
    library: Library
    simulations: SimLibrary
    recovery_message: str = ""


def load_core(settings: Settings) -> Core:
    """Check the database (recover a damaged one from a backup), open and migrate it, take the
    day's backup, and load every lesson and simulation. No Qt: runs on a worker thread."""
    from kiosk.backup import backup_if_due
    from kiosk.integrity import check_and_recover

    report = check_and_recover(settings)
    if report.needs_admin:
        log.error("%s", report.message)
    db = open_database(settings)
    backup_if_due(settings)
    return Core(
        db,
        load_content(settings),
        load_practice(settings),
        report.message if report.needs_admin else "",
    )


def _real_recognizer(settings: Settings) -> Recognizer | None:
    """Voice commands when a model folder is configured; None (touch only) otherwise."""
    if settings.vosk_model_dir is None:
        log.info("Chưa cấu hình mô hình nhận giọng nói: chỉ dùng chạm.")
        return None
    try:
        from voice.qt.recognizer import QtRecognizer
    except ImportError as exc:  # pragma: no cover - the voice package is part of the app
        log.error("Không nạp được bộ nhận giọng nói: %s", exc)
        return None
    return QtRecognizer.from_settings(settings)


ADMIN_EXIT_CODE = 10
"""The exit status of an admin-authorised exit; the systemd unit does not restart on it."""


def _staff_window(
    db: Database, settings: Settings, role: str, account: Any = None, library: Library | None = None
) -> Any:
    """The instructor's and staff's window (classroom, office, or opened from a kiosk)."""
    from kiosk.reports.printing import CupsPrinting
    from ui.fonts import install_fonts
    from ui.staff.staff_window import StaffWindow
    from ui.tasks import Tasks
    from ui.theme import Theme

    return StaffWindow(
        db,
        Theme(scale=settings.text_scale, family=install_fonts()),
        SystemClock(),
        role,
        Tasks(),
        library=library or load_content(settings),
        printer=CupsPrinting(),
        printer_name=settings.printer or None,
        out_dir=settings.documents_dir,
        kiosk_id=settings.kiosk_id,
        account=account,
    )


def _staff_entry(parts: KioskParts, settings: Settings, holder: dict[str, Any]) -> Any:
    """The hidden gesture (5 taps in the top-right corner) plus a PIN opens the staff side.

    The learner's visit ends first (nothing of the learner stays on screen), the kiosk window
    steps aside while staff work, and comes back when they sign out.
    """
    from kiosk.db.models import SessionEnd
    from ui.staff.kiosk_entry import StaffEntry

    w = parts.window

    def open_staff(account: Any) -> None:
        w.end_visit(SessionEnd.admin)
        staff = _staff_window(parts.db, settings, account.role.value, account, parts.library)
        holder["staff"] = staff

        def back() -> None:
            staff.close()
            holder.pop("staff", None)
            w.showFullScreen() if "lock" in holder else w.show()

        staff.signed_out.connect(back)
        w.hide()
        staff.showFullScreen() if "lock" in holder else staff.show()

    return StaffEntry(w, parts.db, w.theme, SystemClock(), open_staff, kiosk_id=settings.kiosk_id)


def _admin_exit(parts: KioskParts, settings: Settings, lock: Any) -> None:
    """Something asked the locked kiosk to close: only an admin's PIN lets it."""
    from kiosk.db.models import Role
    from ui.staff.pin_dialog import PinDialog

    dialog = PinDialog(
        parts.db,
        parts.window.theme,
        SystemClock(),
        kiosk_id=settings.kiosk_id,
        allowed=(Role.admin,),
        parent=parts.window,
    )
    if dialog.exec() and dialog.account is not None:
        lock.authorise_exit(dialog.account.username)
    dialog.deleteLater()


def _start_sync(parts: KioskParts, settings: Settings) -> Any:
    """An offline-capable kiosk: record changes in the outbox, send them when the server answers."""
    from kiosk.sync.capture import install_capture
    from kiosk.sync.sender import OutboxSender, start_in_background

    install_capture(parts.db.sessions)
    sender = OutboxSender(
        parts.db.sessions,
        settings.server_url,
        on_status=lambda st: parts.window.sync_changed.emit(st.message),
    )
    return start_in_background(sender)


def _hourly_backup(parts: KioskParts, settings: Settings) -> None:
    """Check every hour whether the day's backup is due (runs off the UI thread)."""
    from PySide6.QtCore import QTimer

    from kiosk.backup import backup_if_due

    timer = QTimer(parts.window)
    timer.setInterval(3_600_000)
    timer.timeout.connect(
        lambda: parts.window.tasks.run(
            lambda: backup_if_due(settings), lambda _p: None, lambda exc: log.error("%s", exc)
        )
    )
    timer.start()


def run_staff(args: argparse.Namespace, settings: Settings) -> int:
    """``--role classroom`` or ``--role office``: the staff window behind a sign-in."""
    from ui.display import ensure_display

    ensure_display()
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Học vụ số")
    window = _staff_window(open_database(settings), settings, args.role)
    window.resize(1366, 768)
    window.show() if args.windowed else window.showMaximized()
    print(f"Học vụ số ({args.role}) đang chạy", flush=True)
    return int(app.exec())


def run_kiosk(args: argparse.Namespace, settings: Settings) -> int:
    """Show the attract screen at once, load the core behind it, then run the kiosk."""
    from ui.display import ensure_display

    ensure_display()
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Học vụ số")
    from ui.boot import BootWindow, boot_theme

    boot = BootWindow(boot_theme(settings.text_scale))
    show = boot.show if args.windowed else boot.showFullScreen
    boot.resize(1366, 768)
    show()
    holder: dict[str, Any] = {}

    def ready(core: Core) -> None:
        speaker = None if args.no_voice else _real_speaker(settings)
        recognizer = None if args.no_voice else _real_recognizer(settings)
        parts = build_kiosk(
            settings,
            speaker=speaker,
            recognizer=recognizer,
            db=core.db,
            library=core.library,
            simulations=core.simulations,
        )
        holder["parts"] = parts
        if parts.library.errors:
            log.warning("%d lỗi nội dung; các bài lỗi đã được bỏ qua.", len(parts.library.errors))
        if core.recovery_message:
            parts.window.messages.show_message(core.recovery_message, speak=False)
        parts.window.resize(boot.size())
        if args.windowed:
            parts.window.show()
        else:
            from ui.lockdown import apply_lockdown

            lock = apply_lockdown(parts.window, lambda _reason: _admin_exit(parts, settings, lock))
            lock.exit_authorised.connect(lambda _who: app.exit(ADMIN_EXIT_CODE))
            holder["lock"] = lock
        holder["entry"] = _staff_entry(parts, settings, holder)
        if settings.server_url:
            holder["stop_sync"] = _start_sync(parts, settings)
        if boot.touched:
            parts.window.attract.started.emit()
        boot.close()
        _hourly_backup(parts, settings)
        print(
            f"Học vụ số đang chạy · {len(parts.library.lessons)} bài học · "
            f"cơ sở dữ liệu {parts.db.dialect}",
            flush=True,
        )

    def failed(exc: Exception) -> None:
        message = exc.message if isinstance(exc, KioskError) else str(exc)
        log.error("Không khởi động được: %s", exc)
        boot.attract.subtitle.set(message)
        boot.attract.start.set_label("Nhờ cán bộ kiểm tra máy (python main.py doctor)")

    boot.ready.connect(ready)
    boot.failed.connect(failed)
    boot.load(lambda: load_core(settings))
    return int(app.exec())


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the process exit code."""
    import os

    os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.*=false;qt.qpa.*=false")
    args = _parser().parse_args(argv)
    try:
        settings = settings_from(args)
    except KioskError as exc:
        print(exc.message, file=sys.stderr)
        print(exc.detail, file=sys.stderr)
        return 2
    from kiosk.logs import setup_logging

    setup_logging(settings.log_dir, verbose=args.verbose)
    from voice.qt.pyside_guard import install as guard_pyside

    guard_pyside()  # PySide6 6.12 on Python 3.11 drops references to None/True: see the module
    try:
        if args.command == "doctor":
            from ui.doctor import run_doctor

            return run_doctor(settings)
        if args.command == "screenshots":
            from ui.screenshots import take_screenshots

            return take_screenshots(args.out, settings)
        if args.command == "voice":
            from voice.commands_cli import run_voice_command

            texts = None
            if args.voice_command == "prepare":
                from lessons.narration import narration

                texts = narration(load_content(settings), load_practice(settings))
            return run_voice_command(args, settings, texts=texts)
        if args.command == "backup":
            from kiosk.backup import BACKUP_DONE, backup_now

            print(BACKUP_DONE.format(path=backup_now(settings)))
            return 0
        if args.command == "restore":
            from kiosk.backup import RESTORE_DONE, RESTORE_DONE_EMPTY, restore

            aside = restore(settings, args.file)
            print(
                RESTORE_DONE.format(backup=args.file, aside=aside)
                if aside
                else RESTORE_DONE_EMPTY.format(backup=args.file)
            )
            return 0
        if args.command == "import-pack":
            from lessons.pack import PackRejected, install_pack

            try:
                report = install_pack(
                    args.file, settings, db=open_database(settings), actor="command line"
                )
            except PackRejected as exc:
                print(exc.message, file=sys.stderr)
                for err in exc.errors:
                    print(f"  {err}", file=sys.stderr)
                return 1
            print(report.message)
            return 0
        if args.role in ("classroom", "office"):
            return run_staff(args, settings)
        return run_kiosk(args, settings)
    except KioskError as exc:
        log.error("%s", exc)
        print(exc.message, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
