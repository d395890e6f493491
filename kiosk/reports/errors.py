"""Typed errors of the reports package, each with one plain Vietnamese sentence."""

from __future__ import annotations

from kiosk.errors import KioskError


class FontMissing(KioskError):
    """No font that can draw Vietnamese was found on this computer."""


class PrintError(KioskError):
    """Base of every printing failure. The PDF has always been saved before printing starts."""


class PrintingUnavailable(PrintError):
    """The printing service (CUPS, its ``lp`` / ``lpstat`` commands) is missing or not running."""


class NoPrinter(PrintError):
    """The printing service works but no printer is set up."""


class PrinterUnknown(PrintError):
    """The chosen printer does not exist (it was removed or renamed)."""


class JobRefused(PrintError):
    """The printing service refused the job."""
