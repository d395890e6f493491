"""Typed errors of the core. Each carries one plain Vietnamese sentence for the screen and the log."""

from __future__ import annotations


class KioskError(Exception):
    """Base of every error the UI shows to a person.

    Attributes:
        message: a short, calm sentence in Vietnamese that a learner or staff member understands.
        detail: technical detail for the log (never shown to learners).
    """

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message if not detail else f"{message} ({detail})")
        self.message = message
        self.detail = detail


class SettingsError(KioskError):
    """The settings file or an override is wrong."""


class DatabaseError(KioskError):
    """The database cannot be opened, is locked, damaged or full."""


class NotFound(KioskError):
    """A learner code, class or record does not exist."""
