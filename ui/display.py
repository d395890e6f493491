"""Find a screen to draw on: the real display, else a private Xvfb, else Qt's offscreen platform."""

from __future__ import annotations

import atexit
import logging
import os
import shutil
import subprocess
from pathlib import Path

log = logging.getLogger(__name__)


def ensure_display(say: bool = True) -> str:
    """Make sure Qt has somewhere to draw, and say which.

    Returns:
        ``"display"`` (a real one), ``"xvfb"`` (a virtual screen started here) or ``"offscreen"``.
    """
    if os.environ.get("QT_QPA_PLATFORM"):
        return os.environ["QT_QPA_PLATFORM"]
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return "display"
    xvfb = shutil.which("Xvfb")
    if xvfb:
        for n in range(99, 120):
            if Path(f"/tmp/.X{n}-lock").exists():
                continue
            proc = subprocess.Popen(
                [xvfb, f":{n}", "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            try:
                proc.wait(timeout=0.5)
            except subprocess.TimeoutExpired:
                os.environ["DISPLAY"] = f":{n}"
                atexit.register(proc.terminate)
                msg = (
                    f"Không có màn hình: đang chạy trên màn hình ảo Xvfb :{n} "
                    f"(no display: running on Xvfb :{n})."
                )
                log.info(msg)
                if say:
                    print(msg, flush=True)
                return "xvfb"
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    msg = "Không có màn hình và không có Xvfb: chạy ẩn (offscreen)."
    log.info(msg)
    if say:
        print(msg, flush=True)
    return "offscreen"
