"""StaffScreen: what every staff screen shares — the context, one transaction per action, and
one channel for problems and notices."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from kiosk.db.pg import is_retryable
from kiosk.errors import DatabaseError, KioskError
from kiosk.i18n import tr
from ui.screens.base import Screen
from ui.staff.context import StaffContext
from ui.widgets.big_button import BigButton

log = logging.getLogger(__name__)
T = TypeVar("T")


class StaffScreen(Screen):
    """Base of every staff screen.

    Signals:
        message(str): a problem or a notice for the window's message bar.
        back(): go back to the previous screen.
    """

    message = Signal(str)
    back = Signal()

    def __init__(self, ctx: StaffContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx.theme, parent)
        self.ctx = ctx

    @property
    def large(self) -> bool:
        """True at a large text scale: screens stack their parts in one scrolling column."""
        return self.ctx.theme.scale >= 1.5

    @property
    def title_role(self) -> str:
        """The role of a screen's title: smaller at a large scale, so the body keeps room."""
        return "heading" if self.large else "title"

    def button(
        self, text: str, kind: str = "quiet", on_click: Callable[[], None] | None = None
    ) -> BigButton:
        """A big button at least one touch target high."""
        b = BigButton(text, kind=kind, on_click=on_click)
        b.setMinimumHeight(self.ctx.theme.target_px)
        return b

    def act(self, work: Callable[[Session], T]) -> T | None:
        """Run one user action in one transaction; a typed error goes to the message bar.

        Returns:
            What ``work`` returned, or ``None`` when it failed (nothing was saved).
        """
        try:
            return self._with_retry(work)
        except KioskError as exc:
            log.info("%s", exc)
            self.message.emit(exc.message)
            return None

    def _with_retry(self, work: Callable[[Session], T], attempts: int = 5) -> T:
        """One transaction; run again when another station won a race for the same rows
        (two instructors marking the same learner on a shared server)."""
        for attempt in range(1, attempts + 1):
            try:
                with self.ctx.db.transaction() as s:
                    return work(s)
            except (DBAPIError, DatabaseError) as exc:
                cause = exc if isinstance(exc, DBAPIError) else exc.__cause__
                if (
                    attempt == attempts
                    or not isinstance(cause, DBAPIError)
                    or not is_retryable(cause)
                ):
                    raise
                log.info("Chạy lại việc sau khi trùng với máy khác (lần %d)", attempt)
        raise AssertionError("unreachable")  # pragma: no cover

    def fail(self, exc: Exception) -> None:
        """Report a background failure in plain words."""
        log.error("%s", exc)
        self.message.emit(
            exc.message
            if isinstance(exc, KioskError)
            else tr(
                "Có lỗi nhỏ, việc chưa xong. Anh chị thử lại; nếu vẫn lỗi, xem nhật ký máy.",
                self.lang,
            )
        )

    def refresh(self) -> None:
        """Read fresh data from the database (when the screen is shown)."""

    def stop(self) -> None:
        """Stop timers and background work (when the screen is left or the window closes)."""
