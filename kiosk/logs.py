"""Logging: a rotating file in the data folder plus the console; a full disk never stops the app."""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path


def setup_logging(log_dir: Path, *, verbose: bool = False) -> Path | None:
    """Log to ``log_dir/hocvuso.log`` (1 MB × 5 files) and stderr; returns the file or None."""
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    console = logging.StreamHandler(sys.stderr)
    console.setFormatter(fmt)
    console.setLevel(logging.INFO if verbose else logging.WARNING)
    root.addHandler(console)
    path = log_dir / "hocvuso.log"
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=5, encoding="utf-8", delay=True
        )
    except OSError as exc:
        logging.getLogger(__name__).error(
            "Không ghi được nhật ký vào %s (%s); chỉ ghi ra màn hình.", log_dir, exc.strerror
        )
        return None
    handler.setFormatter(fmt)
    root.addHandler(handler)
    return path
