"""``python main.py`` with no screen: it starts a private Xvfb, says so, and reaches the kiosk.

This is the real program in a real X server (xcb platform), not Qt's offscreen platform.
"""

from __future__ import annotations

import os
import selectors
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_kiosk_starts_on_xvfb_when_there_is_no_display(tmp_path: Path) -> None:
    if shutil.which("Xvfb") is None:
        if os.environ.get("CI"):
            pytest.fail("Xvfb is required in CI (tools/setup.sh installs it)")
        pytest.skip("Xvfb is not installed")
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    env.update(
        HOCVUSO_DATA_DIR=str(tmp_path / "data"),
        HOCVUSO_CONFIG_DIR=str(tmp_path / "cfg"),
        HOCVUSO_CACHE_DIR=str(tmp_path / "cache"),
    )
    proc = subprocess.Popen(
        [sys.executable, "main.py", "--windowed", "--no-voice"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert proc.stdout is not None
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    lines: list[str] = []
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline and not any("Học vụ số đang chạy" in x for x in lines):
            if sel.select(timeout=1):
                line = proc.stdout.readline()
                if not line:
                    break
                lines.append(line)
    finally:
        proc.terminate()
        proc.wait(20)
        sel.close()
        proc.stdout.close()
    out = "".join(lines)
    assert "Xvfb" in out, out
    assert "Học vụ số đang chạy · 39 bài học · cơ sở dữ liệu sqlite" in out, out
    assert (tmp_path / "data" / "hocvuso.sqlite3").is_file()
