"""The write-behind worker: order, flush, failures reported and survived."""

from __future__ import annotations

import threading

from kiosk.writer import BackgroundWriter, run_now


def test_jobs_run_in_order_and_flush_waits_for_them() -> None:
    w = BackgroundWriter()
    gate = threading.Event()
    seen: list[int] = []
    w.submit(gate.wait)
    for i in range(50):
        w.submit(lambda i=i: seen.append(i))
    assert seen == []
    gate.set()
    assert w.flush(5)
    assert seen == list(range(50))
    w.close()


def test_a_failing_job_is_reported_and_later_jobs_still_run() -> None:
    errors: list[Exception] = []
    w = BackgroundWriter(on_error=errors.append)
    seen: list[str] = []

    def boom() -> None:
        raise OSError("disk full")

    w.submit(boom)
    w.submit(lambda: seen.append("after"))
    assert w.flush(5)
    assert [str(e) for e in errors] == ["disk full"] and seen == ["after"]
    w.close()


def test_run_now_runs_in_the_caller() -> None:
    seen: list[str] = []
    run_now(lambda: seen.append(threading.current_thread().name))
    assert seen == [threading.current_thread().name]


def test_close_runs_what_is_queued_and_flush_after_close_returns_at_once() -> None:
    seen: list[int] = []
    w = BackgroundWriter()
    for i in range(5):
        w.submit(lambda i=i: seen.append(i))
    w.close()
    assert seen == [0, 1, 2, 3, 4]
    assert w.flush(timeout=0.5) is True
