"""Keep PySide6 6.12 from aborting Python 3.11: make ``None``, ``True`` and ``False`` immortal.

Measured here (PySide6/shiboken6 6.12.0 wheels, CPython 3.11.7): every call of a PySide6 method
that returns nothing (``QTimer.stop()``, ``QObject.setObjectName()``,
``QCoreApplication.processEvents()``, …) leaves ``None`` one reference short, and every Python
``Signal.emit()`` leaves ``True`` one short. The bindings return these singletons without a new
reference, which is harmless on Python 3.12+, where they are immortal (PEP 683). On 3.11 the count
reaches zero after some tens of thousands of calls, and the process aborts with
``Fatal Python error: none_dealloc`` (or ``bool_dealloc``). A kiosk that runs all day hits that.

:func:`install` checks, once, that this PySide6 really drops references, and if so gives the three
singletons a huge number of extra references (:func:`kiosk.faults.pin_singletons`), which is
what Python 3.12 does for them. It is a no-op on 3.12+,
on a fixed PySide6, on non-CPython and on debug builds. Call it once at start-up, before the
QApplication (the composition root should); the voice's Qt classes also call it.
"""

from __future__ import annotations

import logging
import sys

log = logging.getLogger(__name__)

_state: dict[str, bool] = {}


def drops_none_references() -> bool:
    """True when a void PySide6 call leaves ``None`` one reference short (the bug)."""
    from PySide6.QtCore import QObject

    probe = QObject()
    rounds = 32
    for _attempt in range(3):
        before = sys.getrefcount(None)
        for _ in range(rounds):
            probe.setObjectName("probe")
        delta = sys.getrefcount(None) - before
        if delta == 0:
            return False
        if delta == -rounds:
            return True
    return False


def install() -> bool:
    """Make ``None``/``True``/``False`` effectively immortal if this PySide6 needs it.

    The pinning itself is :func:`kiosk.faults.pin_singletons` (shared with the rest of the app);
    this adds the check that the bindings really drop references, and runs once per process.

    Returns:
        True when the work-around is active (now or from an earlier call).
    """
    if "active" in _state:
        return _state["active"]
    active = False
    if (
        sys.implementation.name == "cpython"
        and sys.version_info < (3, 12)
        and not hasattr(sys, "gettotalrefcount")
        and drops_none_references()
    ):
        from kiosk.faults import pin_singletons

        active = pin_singletons()
        if active:
            log.info(
                "PySide6 drops references to None/True/False on this Python; "
                "made them immortal to avoid a crash (use Python 3.12+ or a fixed PySide6)"
            )
    _state["active"] = active
    return active
