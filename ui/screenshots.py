"""``python main.py screenshots DIR``: every learner screen at text scale 1.0 and 2.0, as PNG.

Runs on a throw-away database with a guest learner and the bundled lessons, on a fake clock, with
speech off, so the pictures are the same every time. Used for design review and for the README.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable
from pathlib import Path

from kiosk.clock import FakeClock
from kiosk.config import Settings

log = logging.getLogger(__name__)

SIZE = (1366, 768)


def _walk(parts: object, shot: Callable[[str], None]) -> None:
    from ui.kiosk_window import KioskWindow

    w = parts.window  # type: ignore[attr-defined]
    assert isinstance(w, KioskWindow)
    lib = parts.library  # type: ignore[attr-defined]
    shot("01-attract")
    w.attract.started.emit()
    shot("02-language")
    w.language.chosen.emit("vi")
    shot("03-identify")
    w.identify.code.setText("HV-XXXX")
    w.identify.go.click()
    shot("04-identify-wrong-code")
    w.identify.clear()
    w.identify.guest.emit()
    shot("05-home")
    w.home.open_search.emit()
    w.search.query.emit("viện phí")
    shot("05a-search")
    w.home.open_glossary.emit()
    if w.glossary.entries:
        w.glossary.pick(w.glossary.entries[0])
    shot("05b-glossary")
    w.home.open_module.emit("m5")
    practice_buttons = [b for b in w.module.buttons if b.property("kind") == "primary"]
    if practice_buttons:
        practice_buttons[0].click()
        shot("05c-practice")
    w._go_home()
    first = lib.ordered_lessons()[0]
    w.home.open_module.emit(first.module)
    shot("06-module")
    practice = next(
        (les for les in lib.ordered_lessons() if any(s.practice for s in les.steps)), first
    )
    w.module.open_lesson.emit(practice.id)
    shot("07-lesson-step")
    idx = next((i for i, s in enumerate(practice.steps) if s.practice), None)
    if idx is not None and w.run is not None:
        w.run.player.go_to(idx)
        w._render()
        shot("08-lesson-practice")
    checked = next((les for les in lib.ordered_lessons() if les.check), first)
    w.home.open_lesson.emit(checked.id)
    assert w.run is not None
    w.run.player.go_to(len(checked.steps) - 1)
    w.run.next()
    w._render()
    shot("09-check")
    w.check.answered.emit(1)
    shot("10-check-answered")
    w.run.finish()
    w._render()
    shot("11-celebration")
    w.celebration.print_slip.emit()
    shot("12-slip")
    w._warn(18)
    shot("13-idle-warning")
    w._keep_going()
    w.end_visit(__import__("kiosk.db.models", fromlist=["SessionEnd"]).SessionEnd.finished)


def take_screenshots(out: Path, settings: Settings, scales: tuple[float, ...] = (1.0, 2.0)) -> int:
    """Render every screen to ``out/<name>@<scale>.png``; returns the process exit code."""
    from ui.display import ensure_display

    ensure_display(say=False)
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    import main
    from voice.api import SilentSpeaker

    out.mkdir(parents=True, exist_ok=True)
    count = 0
    for scale in scales:
        with tempfile.TemporaryDirectory() as tmp:
            s = settings.with_overrides(data_dir=Path(tmp), database_url="", text_scale=scale)
            parts = main.build_kiosk(
                s, clock=FakeClock(), speaker=SilentSpeaker(), make_slip=lambda facts, lang: None
            )
            w = parts.window
            w.resize(*SIZE)
            w.show()

            def shot(name: str, w: object = w, scale: float = scale) -> None:
                nonlocal count
                for _ in range(6):  # nested layouts settle over a few turns of the event loop
                    app.processEvents()
                path = out / f"{name}@{scale:.1f}.png"
                w.grab().save(str(path))  # type: ignore[attr-defined]
                count += 1

            _walk(parts, shot)
            w.close()
            parts.db.dispose()
    print(f"Đã lưu {count} ảnh màn hình vào {out}")
    return 0
