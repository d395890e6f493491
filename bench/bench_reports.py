"""Benchmarks of the printed documents; one line per figure.

Run: ``.venv/bin/python bench/bench_reports.py [--runs N]``. Each figure is the median of N runs
after a warm-up run (the warm-up pays for imports and font registration).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from kiosk.reports.attendance import render_session_attendance
from kiosk.reports.data import (
    SKILL_GROUPS_757,
    AttendanceEntry,
    AttendanceStatus,
    ClassInfo,
    LessonDone,
    ProgressSlip,
    SessionAttendance,
    SimulationScore,
    SkillProgress,
)
from kiosk.reports.printing import run_batch, slip_items
from kiosk.reports.slip import render_progress_slip, render_slip_batch

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Võ", "Đặng", "Bùi", "Đỗ"]
MIDDLE = ["Thị", "Văn", "Thị Ngọc", "Quốc", "Thị Thu"]
GIVEN = ["Hường", "Bảy", "Tuyết", "Khánh", "Lụa", "Thưởng", "Diễm", "Phước", "Nguyệt", "Lực"]


def name(i: int) -> str:
    return f"{FAMILY[i % 10]} {MIDDLE[i % 5]} {GIVEN[(i // 10) % 10]}"


def slip(i: int) -> ProgressSlip:
    g = SKILL_GROUPS_757
    start = date(2026, 3, 1)
    return ProgressSlip(
        learner_code=f"HV-{i:05d}",
        learner_name=name(i) if i % 4 else None,
        centre="Điểm học phường Bến Thành",
        issued_on=date(2026, 3, 14),
        lessons=tuple(
            LessonDone(f"Bài {k + 1}: Chạm, vuốt, giữ", start + timedelta(days=k)) for k in range(6)
        ),
        skills=(
            SkillProgress(g["757-G0.1"], 4, 4),
            SkillProgress(g["757-G0.2"], 1, 2),
            SkillProgress(g["757-G1.1"], 1, 3),
            SkillProgress(g["757-Safe"], 0, 12),
        ),
        next_lesson="Zalo: nhắn tin, gửi ảnh, gọi video",
        simulations=(SimulationScore("Chuyển tiền bằng mã VietQR", 8, 10, 1, 2),),
    )


def sheet() -> SessionAttendance:
    statuses = list(AttendanceStatus)
    return SessionAttendance(
        ClassInfo("Lớp Bình dân học vụ số K1", "Nhà văn hóa khu phố 3", "Trần Thị Mai"),
        date(2026, 3, 14),
        5,
        tuple(
            AttendanceEntry(f"HV-{i:04d}", name(i), 1950 + i % 20, statuses[i % 4])
            for i in range(40)
        ),
    )


def median_ms(fn: Callable[[], object], runs: int) -> float:
    """Median wall-clock milliseconds of ``fn`` over ``runs`` runs after one warm-up run."""
    fn()  # warm-up
    times = []
    cpu = []
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    _last_cpu[0] = statistics.median(cpu) * 1000
    return statistics.median(times) * 1000


_last_cpu = [0.0]


def cpu_note(scale: float = 1.0, unit: str = "ms") -> str:
    """The CPU time of the last measurement: on a shared machine wall time includes waiting."""
    return f"; CPU {_last_cpu[0] * scale:.{2 if unit == 's' else 1}f} {unit}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15, help="timed runs per figure")
    parser.add_argument("--batch-runs", type=int, default=3, help="timed runs of the batch")
    args = parser.parse_args()
    one = slip(1)
    t_slip = median_ms(lambda: render_progress_slip(one), args.runs)
    print(
        f"slip PDF (A5): median {t_slip:.1f} ms over {args.runs} runs{cpu_note()} (goal <= 80 ms)"
    )
    data = sheet()
    t_sheet = median_ms(lambda: render_session_attendance(data), args.runs)
    print(
        f"attendance sheet, 40 rows: median {t_sheet:.1f} ms over {args.runs} runs{cpu_note()} "
        f"(goal <= 150 ms)"
    )
    slips = [slip(i) for i in range(1000)]
    with tempfile.TemporaryDirectory() as tmp:

        def batch() -> None:
            result = run_batch(slip_items(slips), Path(tmp))
            assert len(result.saved) == 1000

        t_batch = median_ms(batch, args.batch_runs) / 1000
    print(
        f"batch of 1,000 slips, one PDF each (run_batch): median {t_batch:.2f} s over "
        f"{args.batch_runs} runs{cpu_note(0.001, 's')} (goal <= 30 s)"
    )
    done: list[int] = []
    t_one = (
        median_ms(
            lambda: render_slip_batch(slips, progress=lambda d, t: done.append(d)),
            args.batch_runs,
        )
        / 1000
    )
    print(
        f"batch of 1,000 slips in one PDF (render_slip_batch): median {t_one:.2f} s over "
        f"{args.batch_runs} runs{cpu_note(0.001, 's')} (goal <= 30 s)"
    )


if __name__ == "__main__":
    main()
