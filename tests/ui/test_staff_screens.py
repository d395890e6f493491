"""Every staff screen at 1366×768, text scale 1.0 and 2.0: accessible names, touch targets of at
least 64 px, and a screenshot of each (kept in ``$HOCVUSO_SHOTS`` when set, for design review)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QWidget,
)
from staff_world import TEACHER_PIN, build_window, seed

from kiosk.clock import FakeClock
from kiosk.db.engine import Database
from ui.staff.base import StaffScreen

TARGET_AT_1 = 64


def problems(screen: StaffScreen, scale: float) -> list[str]:
    """Interactive widgets without a name or smaller than a touch target."""
    found: list[str] = []
    kinds = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView)
    for w in screen.findChildren(QWidget):
        if not isinstance(w, kinds) or not w.isVisibleTo(screen):
            continue
        if w.parent() is not None and isinstance(w.parent(), QAbstractSpinBox):
            continue  # the spin box's own line edit
        if (
            isinstance(w, QAbstractButton)
            and w.parent() is not None
            and type(w.parent()).__name__ in ("QTableCornerButton",)
        ):
            continue
        if not w.accessibleName():
            found.append(
                f"{screen.name}: {type(w).__name__} '{getattr(w, 'text', str)()}' "
                "has no accessible name"
            )
        if not isinstance(w, QAbstractItemView) and w.height() < TARGET_AT_1 * scale:
            found.append(f"{screen.name}: {w.accessibleName()} is {w.height()} px high")
    return found


@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_every_staff_screen(qtbot, tmp_path: Path, scale: float) -> None:  # type: ignore[no-untyped-def]
    db = Database(f"sqlite:///{tmp_path}/t.sqlite3")
    clock = FakeClock()
    out = Path(os.environ.get("HOCVUSO_SHOTS") or tmp_path / "shots")
    out.mkdir(parents=True, exist_ok=True)
    first, _, _ = build_window(qtbot, tmp_path, db, clock, scale=scale)
    shots: list[Path] = []
    issues: list[str] = []

    def snap(window, name: str) -> None:  # type: ignore[no-untyped-def]
        qtbot.waitUntil(lambda: not window.ctx.tasks.busy, timeout=30000)
        QApplication.processEvents()  # let new widgets be laid out before the grab
        path = out / f"staff-{name}-{scale}.png"
        assert window.grab().save(str(path))
        shots.append(path)
        issues.extend(problems(window.current, scale))

    snap(first, "first_admin")
    first.close()
    world = seed(db, clock, learners=40)
    w, _, _ = build_window(qtbot, tmp_path, db, clock, scale=scale)
    w.sign_in.refresh()
    snap(w, "sign_in")
    w.sign_in.choose("co.mai")
    w.sign_in.pin.setText(TEACHER_PIN)
    w.sign_in.submit()
    snap(w, "home")
    w.show_screen(w.new_class)
    snap(w, "new_class")
    w.open_class(world["class"].id)
    snap(w, "class")
    w.klass.roll_call.emit(world["class"].id)
    snap(w, "roll_open")
    w.roll.open_session()
    snap(w, "roll_call")
    w.klass.stuck.emit(world["class"].id)
    snap(w, "stuck")
    w.show_screen(w.presenter)
    w.presenter.chooser.setCurrentRow(2)
    snap(w, "presenter")
    w.presenter.toggle_projection()
    projected = w.presenter.window_
    assert projected is not None
    projected.resize(1366, 768)
    projected.grab().save(str(out / f"staff-projector-{scale}.png"))
    w.presenter.close_projection()
    w.klass.documents.emit(world["class"].id)
    w.documents.make_session_sheet()
    snap(w, "documents")
    w.show_screen(w.audit)
    snap(w, "audit")
    w.ctx.account = world["admin"]
    w.show_screen(w.accounts)
    snap(w, "accounts")
    assert len(shots) == 12 and all(p.stat().st_size > 5000 for p in shots)
    assert not issues, "\n".join(issues)
