"""A quick soak: 200 visits with idle resets through the real window leave nothing behind.

``bench/bench_soak.py`` runs 10,000. The memory bound is looser here because 200 visits are too
few to average out the allocator's steps.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.faults import pin_singletons

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from bench_soak import soak

pytestmark = pytest.mark.slow


def test_200_sessions_leave_no_learner_and_little_memory(qtbot: QtBot, tmp_path: Path) -> None:
    pin_singletons()  # PySide6 6.12 on CPython 3.11 drops None references: see kiosk/faults.py
    result = soak(200, 40, tmp_path)
    assert result.leaks == []
    assert result.sessions == 240 and result.resets == 240
    assert result.growth < 0.05, f"RSS grew {result.growth:.1%}"
