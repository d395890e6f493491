"""Build content-pack zips for the tests: the bundled content, changed by a test."""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

from lessons.loader import CONTENT_DIR

LESSON_11 = Path("lessons/m1/1.1-power-charge-unlock.yaml")


def content_copy(tmp: Path, name: str = "src") -> Path:
    """A copy of the bundled content to change."""
    dest = tmp / name
    shutil.copytree(CONTENT_DIR, dest)
    return dest


def zip_folder(
    folder: Path,
    out: Path,
    *,
    wrap: str = "",
    extra: Callable[[zipfile.ZipFile], None] | None = None,
) -> Path:
    """Zip every file of ``folder`` (optionally under one wrapping folder), then add ``extra``."""
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                zf.write(path, wrap + path.relative_to(folder).as_posix())
        if extra is not None:
            extra(zf)
    return out


def set_version_and_steps(content: Path, rel: Path, version: int, keep_steps: int) -> None:
    """Give one lesson a new version and only its first ``keep_steps`` steps (text edit)."""
    import yaml

    path = content / rel
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["version"] = version
    data["steps"] = data["steps"][:keep_steps]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
