"""Process-level guards against faults that would otherwise crash a kiosk left alone for months.

:func:`pin_singletons` works around a reference-counting bug found by the soak benchmark:
PySide6 6.12.0 (the ``cp310-abi3`` wheel) on CPython 3.11 drops one reference to ``None`` on every
call of a method that returns nothing (``QLabel.setText``, ``QWidget.setToolTip``, ``clear`` …) and
one reference to ``True`` on every ``Signal.emit``. When the count reaches zero CPython aborts the
whole process ("Fatal Python error: none_dealloc: deallocating None"); the kiosk window does about
450 such calls per learner session, so the app died after roughly a hundred sessions. CPython 3.12
made these objects immortal, which hides the bug; on 3.11 we do the same by adding a very large
number to their reference counts once, at start, before any Qt call.
"""

from __future__ import annotations

import ctypes
import logging
import sys

log = logging.getLogger(__name__)

PIN = 1 << 52
"""Added to each singleton's reference count: 4.5e15 lost references before any harm (the kiosk
loses about 450 per session), and far below the 2**63 limit of ``Py_ssize_t``."""

SINGLETONS: tuple[object, ...] = (None, True, False, Ellipsis, NotImplemented)


def needs_pinning() -> bool:
    """True on CPython before 3.12, where None/True/False can be freed by a buggy extension."""
    return sys.implementation.name == "cpython" and sys.version_info < (3, 12)


def pin_singletons() -> bool:
    """Make None, True, False, Ellipsis and NotImplemented effectively immortal (CPython < 3.12).

    Call it first thing in ``main`` and in the test suite's ``conftest.py``. It is idempotent
    enough (each call adds :data:`PIN` again, still far from overflow) and does nothing on
    CPython 3.12 or newer, where these objects are immortal already.

    Returns:
        True when the counts were raised; False when nothing was needed or the object layout was
        not the expected one (then nothing is changed and a warning is logged).
    """
    if not needs_pinning():
        return False
    for obj in SINGLETONS:
        before = sys.getrefcount(obj)
        cell = ctypes.c_ssize_t.from_address(id(obj))  # ob_refcnt: first field of PyObject
        # The counts move a little between two reads (None is used everywhere), so compare loosely.
        if abs(cell.value - before) > 64:
            log.warning("Không ghim được %r: cấu trúc đối tượng khác dự kiến.", obj)
            return False
        cell.value += PIN
        if abs(sys.getrefcount(obj) - before - PIN) > 64:  # pragma: no cover - checked above
            cell.value -= PIN
            log.warning("Không ghim được %r.", obj)
            return False
    return True
