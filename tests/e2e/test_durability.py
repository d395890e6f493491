"""Power-cut durability: SIGKILL a learner mid-lesson 20 times; nothing promised is lost.

The benchmark ``bench/bench_durability.py`` runs the same harness 100 times.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers_kill import run_trials

pytestmark = pytest.mark.slow


def test_sigkill_mid_lesson_loses_no_committed_step(tmp_path: Path) -> None:
    result = run_trials(tmp_path / "kill", 20, seed=7, max_delay=0.3, early_fraction=0.15)
    assert result.child_errors == []
    assert result.trials == 20
    assert result.integrity_failures == []
    assert result.lost == []
    assert result.promised >= 60, "the children should have saved many steps before the kills"
