"""Fuzz the content loaders with 10,000 Hypothesis examples; print the count and every failure.

A failure is any exception other than ``ContentInvalid`` (with errors) / ``PackRejected`` from a
loader, or an example that runs longer than ``--hang`` seconds (a SIGALRM stops it).

    .venv/bin/python bench/fuzz_content.py [--total 10000] [--hang 10]
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "kiosk")]

from fuzz_content import (  # noqa: E402
    LESSON_SEEDS,
    SIM_SEEDS,
    base_pack,
    check_lesson_bytes,
    check_pack_bytes,
    check_sim_bytes,
    generated_lesson,
    mutated,
    pack_bytes,
)
from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


class Hang(Exception):
    """An example ran longer than the hang limit."""


def _alarm(_sig: int, _frame: Any) -> None:
    raise Hang


def main() -> int:
    """Run every target, print the figures, exit 1 on any failure."""
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--total", type=int, default=10_000)
    p.add_argument("--hang", type=int, default=10)
    args = p.parse_args()
    logging.disable(logging.CRITICAL)  # rejected packs log an error each; the figures are enough
    share = {
        "mutated lessons": 0.45,
        "generated lessons": 0.20,
        "random bytes": 0.15,
        "mutated simulations": 0.15,
        "content packs": 0.05,
    }
    counts: Counter[str] = Counter()
    outcomes: Counter[str] = Counter()
    failures: list[str] = []
    slowest = 0.0
    signal.signal(signal.SIGALRM, _alarm)
    base = base_pack()
    work = Path(tempfile.mkdtemp(prefix="hocvuso-fuzz-"))

    def guarded(name: str, fn: Callable[[], str], sample: Callable[[], bytes]) -> None:
        nonlocal slowest
        counts[name] += 1
        start = time.monotonic()
        signal.alarm(args.hang)
        try:
            outcomes[fn()] += 1
        except Hang:
            failures.append(f"{name}: HANG > {args.hang}s on {sample()[:120]!r}")
        except Exception as exc:
            tb = traceback.format_exception(exc)[-3:]
            failures.append(
                f"{name}: {type(exc).__name__}: {exc!s:.200} on {sample()[:120]!r}\n{''.join(tb)}"
            )
        finally:
            signal.alarm(0)
            slowest = max(slowest, time.monotonic() - start)

    def run(name: str, strategy: st.SearchStrategy[bytes], target: Callable[[bytes], str]) -> None:
        n = max(1, round(args.total * share[name]))

        @settings(
            max_examples=n,
            deadline=None,
            database=None,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(strategy)
        def body(raw: bytes) -> None:
            guarded(name, lambda: target(raw), lambda: raw)

        t = time.monotonic()
        body()
        print(f"{name:22s} {counts[name]:6d} examples  {time.monotonic() - t:7.1f} s", flush=True)

    run("mutated lessons", mutated(LESSON_SEEDS), check_lesson_bytes)
    run("generated lessons", generated_lesson(), check_lesson_bytes)
    run("random bytes", st.binary(max_size=4000), check_lesson_bytes)
    run("mutated simulations", mutated(SIM_SEEDS), lambda raw: check_sim_bytes(raw, work))
    run("content packs", pack_bytes(base), lambda raw: check_pack_bytes(raw, work))
    total = sum(counts.values())
    print(f"examples:   {total}")
    print(f"outcomes:   {dict(outcomes)}")
    print(f"failures:   {len(failures)}")
    print(f"slowest:    {slowest:.2f} s")
    for f in failures[:20]:
        print("  ", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
