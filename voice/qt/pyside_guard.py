"""Keep PySide6 6.12 from aborting Python 3.11: make ``None``, ``True`` and ``False`` immortal.

Measured here (PySide6/shiboken6 6.12.0 wheels, CPython 3.11.7): every call of a PySide6 method
that returns nothing (``QTimer.stop()``, ``QObject.setObjectName()``,
``QCoreApplication.processEvents()``, …) leaves ``None`` one reference short, and every Python
``Signal.emit()`` leaves ``True`` one short. The bindings return these singletons without a new
reference, which is harmless on Python 3.12+, where they are immortal (PEP 683). On 3.11 the count
reaches zero after some tens of thousands of calls, and the process aborts with
``Fatal Python error: none_dealloc`` (or ``bool_dealloc``). A kiosk that runs all day hits that.

:func:`install` checks, once, that this PySide6 really drops references, and if so gives the three
singletons 2⁴⁰ extra references, which is what Python 3.12 does for them. It is a no-op on 3.12+,
on a fixed PySide6, on non-CPython and on debug builds. Call it once at start-up, before the
QApplication (the composition root should); the voice's Qt classes also call it.
"""

from __future__ import annotations

import ctypes
import logging
import sys

log = logging.getLogger(__name__)

_BOOST = 1 << 40
_state: dict[str, bool] = {}


def _refcount_cell(obj: object) -> ctypes.c_ssize_t:
    # CPython release builds: ob_refcnt is the first field of every object.
    return ctypes.c_ssize_t.from_address(id(obj))


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
        for obj in (None, True, False):
            _refcount_cell(obj).value += _BOOST
        active = True
        log.warning(
            "PySide6 drops references to None/True/False on this Python; "
            "made them immortal to avoid a crash (use Python 3.12+ or a fixed PySide6)"
        )
    _state["active"] = active
    return active
