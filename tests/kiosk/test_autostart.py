"""The systemd unit and the desktop autostart entry, filled by tools/install-autostart.sh."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from ui.lockdown import ADMIN_EXIT_CODE

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tools" / "install-autostart.sh"


def _install(dest: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    user = subprocess.run(["id", "-un"], capture_output=True, text=True, check=True).stdout.strip()
    return subprocess.run(
        [
            "bash",
            str(SCRIPT),
            "--user",
            user,
            "--both",
            "--dest",
            str(dest),
            "--display",
            ":7",
            *extra,
        ],
        capture_output=True,
        text=True,
        check=True,
    )


def test_installer_fills_both_templates(tmp_path: Path) -> None:
    _install(tmp_path)
    unit = (tmp_path / "hocvuso-kiosk.service").read_text(encoding="utf-8")
    desktop = (tmp_path / "hocvuso-kiosk.desktop").read_text(encoding="utf-8")
    assert "@" not in unit.replace("hocvuso-kiosk", "") and "@" not in desktop
    cfg = configparser.ConfigParser(interpolation=None, strict=False)
    cfg.optionxform = str  # type: ignore[assignment,method-assign]
    cfg.read_string(unit)
    svc = cfg["Service"]
    assert svc["Restart"] == "always"
    assert svc["RestartPreventExitStatus"] == str(ADMIN_EXIT_CODE)
    assert svc["ExecStart"] == f"{ROOT}/.venv/bin/python {ROOT}/main.py --role kiosk"
    assert svc["User"]
    assert "DISPLAY=:7" in unit and "QT_QPA_PLATFORM=xcb" in unit
    assert cfg["Install"]["WantedBy"] == "graphical.target"
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read_string(desktop)
    d = entry["Desktop Entry"]
    assert d["Type"] == "Application"
    assert d["Exec"] == (
        f'/bin/sh "{ROOT}/resources/autostart/run-kiosk.sh" "{ROOT}/.venv/bin/python"'
    )


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze")
def test_unit_passes_systemd_analyze_verify(tmp_path: Path) -> None:
    _install(tmp_path)
    out = subprocess.run(
        ["systemd-analyze", "verify", str(tmp_path / "hocvuso-kiosk.service")],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr


def test_desktop_loop_restarts_after_a_crash_and_stops_after_admin_exit(tmp_path: Path) -> None:
    """run-kiosk.sh starts the app again after any exit but the admin's status 10."""
    runs = tmp_path / "runs"
    fake = tmp_path / "python"
    fake.write_text(
        f"#!/bin/sh\necho run >> {runs}\n"
        f"[ $(wc -l < {runs}) -ge 2 ] && exit {ADMIN_EXIT_CODE}\nkill -9 $$\n"
    )
    fake.chmod(0o755)
    out = subprocess.run(
        ["/bin/sh", str(ROOT / "resources/autostart/run-kiosk.sh"), str(fake)],
        capture_output=True,
        text=True,
        timeout=30,
        env=dict(os.environ),
    )
    assert out.returncode == 0
    assert runs.read_text().count("run") == 2  # crashed once (SIGKILL), restarted, admin exit
    assert "restarting" in out.stderr


def test_dry_run_changes_nothing(tmp_path: Path) -> None:
    out = _install(tmp_path / "never", "--dry-run")
    assert not (tmp_path / "never").exists()
    assert "ExecStart=" in out.stdout and "Exec=/bin/sh" in out.stdout
