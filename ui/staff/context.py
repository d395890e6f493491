"""What every staff screen is given: the database, clock, theme, tasks and the person signed in."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.clock import Clock
from kiosk.db.engine import Database
from kiosk.reports.printing import PrintBackend
from kiosk.services.accounts import AccountInfo
from kiosk.services.staff_reports import Curriculum
from lessons.loader import Library
from ui.tasks import Tasks
from ui.theme import Theme

FileChooser = Callable[[str, str], Path | None]
"""``(title, filter) -> path or None``: a file dialog, replaced by a fake in tests."""


@dataclass
class StaffContext:
    """Collaborators shared by the staff screens (built once by :class:`StaffWindow`).

    Attributes:
        role: ``classroom`` (instructors: their own classes) or ``office`` (every class).
        account: the person signed in, or ``None`` before sign-in.
        printer: the print system, or ``None`` when this station only saves PDFs.
        printer_name: the CUPS queue, or ``None`` for the default one.
        out_dir: where every document and export is saved.
        refresh_ms: how often the "who is stuck" dashboard refreshes itself.
        open_file: asks which file to open (roster import).
        save_file: asks where to save a copy (PDF, CSV, XLSX).
    """

    db: Database
    theme: Theme
    clock: Clock
    tasks: Tasks
    role: str
    out_dir: Path
    open_file: FileChooser
    save_file: FileChooser
    library: Library | None = None
    curriculum: Curriculum = field(default_factory=Curriculum)
    printer: PrintBackend | None = None
    printer_name: str | None = None
    kiosk_id: str = ""
    refresh_ms: int = 15000
    account: AccountInfo | None = None

    @property
    def me(self) -> AccountInfo:
        """The person signed in (screens after sign-in only)."""
        assert self.account is not None, "no one is signed in"
        return self.account
