"""Power-cut durability: SIGKILL a learner mid-lesson 20 times; nothing promised is lost.

The benchmark ``bench/bench_durability.py`` runs the same harness 100 times.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers_kill import run_trials

pytestmark = pytest.mark.slow


def test_sigkill_mid_lesson_loses_no_committed_step(tmp_path: Path) -> None:
    result = run_trials(tmp_path / "kill", 20, seed=7, max_delay=0.5, early_fraction=0.15)
    assert result.child_errors == []
    assert result.trials == 20
    assert result.integrity_failures == []
    assert result.lost == []
    assert result.promised >= 20, "the children should have saved steps before the kills"


def test_killed_during_the_first_migration_the_station_still_starts(tmp_path: Path) -> None:
    from helpers_kill import first_start_trials

    result = first_start_trials(tmp_path / "first", 12, seed=3)
    assert result.trials == 12
    assert result.could_not_start == []
