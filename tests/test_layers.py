"""The core is headless: importing every core module loads no Qt; the layer contracts hold."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

QT_FREE_VOICE = (
    "voice.api",
    "voice.tts",
    "voice.normalize",
    "voice.commands",
    "voice.asr",
    "voice.cli",
    "voice.doctor",
)


def core_modules() -> list[str]:
    mods = []
    for pkg in ("kiosk", "lessons"):
        for path in sorted((ROOT / pkg).rglob("*.py")):
            rel = path.relative_to(ROOT).with_suffix("")
            if "migrations" in rel.parts:
                continue
            mods.append(".".join(rel.parts).removesuffix(".__init__"))
    mods += [m for m in QT_FREE_VOICE if (ROOT / (m.replace(".", "/") + ".py")).exists()]
    return mods


def test_core_imports_no_qt() -> None:
    mods = core_modules()
    assert len(mods) > 20
    code = (
        "import importlib, sys\n"
        f"for m in {mods!r}: importlib.import_module(m)\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
        "print('QT:', bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    res = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert res.returncode == 0, res.stdout + res.stderr


def test_import_contracts() -> None:
    exe = Path(sys.executable).parent / "lint-imports"
    res = subprocess.run([str(exe)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert "Contracts: 2 kept, 0 broken" in res.stdout, res.stdout + res.stderr
