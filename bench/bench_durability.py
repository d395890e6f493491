"""Durability benchmark: SIGKILL a learner mid-lesson 100 times (seeded random moments).

Prints the trials run, the steps the children reported committed, the records lost (must be 0) and
the integrity-check failures (must be 0); then kills new stations during their first migration and
checks that each still starts (after ``check_and_recover``). Exit code 1 when anything failed.

    .venv/bin/python bench/bench_durability.py [--trials 100] [--seed 20261122]
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

from helpers_kill import first_start_trials, run_trials  # noqa: E402


def main() -> int:
    """Run the trials and print the figures."""
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--trials", type=int, default=100)
    p.add_argument("--seed", type=int, default=20261122)
    p.add_argument("--max-delay", type=float, default=0.5)
    p.add_argument(
        "--first-trials", type=int, default=30, help="kills during a new station's first migration"
    )
    args = p.parse_args()
    logging.disable(logging.CRITICAL)  # recovered stations log their recovery; the figures suffice
    with tempfile.TemporaryDirectory(prefix="hocvuso-kill-") as tmp:
        r = run_trials(Path(tmp), args.trials, seed=args.seed, max_delay=args.max_delay)
    print(f"trials run:             {r.trials}")
    print(f"killed while starting:  {r.killed_before_ready}")
    print(f"steps promised:         {r.promised}")
    print(f"records lost:           {len(r.lost)}")
    print(f"integrity failures:     {len(r.integrity_failures)}")
    print(f"child errors:           {len(r.child_errors)}")
    print(f"time:                   {r.seconds:.1f} s")
    with tempfile.TemporaryDirectory(prefix="hocvuso-first-") as tmp:
        f = first_start_trials(Path(tmp), args.first_trials, seed=args.seed)
    print(f"first-start kills:      {f.trials} (half-done migrations recovered: {f.half_migrated})")
    print(f"stations not starting:  {len(f.could_not_start)}")
    for line in (r.lost + r.integrity_failures + r.child_errors + f.could_not_start)[:10]:
        print("  ", line)
    bad = r.lost or r.integrity_failures or r.child_errors or f.could_not_start
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
