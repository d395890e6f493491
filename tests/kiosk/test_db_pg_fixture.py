"""The PostgreSQL fixture's policy when the server is not installed: skip locally, fail in CI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.pg import pg_required

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
def test_needs_pg(pg_url):
    assert pg_url
"""


def _run_probe(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "test_probe.py").write_text(PROBE, encoding="utf-8")
    clean = {k: v for k, v in os.environ.items() if k not in ("CI", "HOCVUSO_REQUIRE_PG")}
    clean.update(
        env,
        HOCVUSO_PG_BINDIR=str(tmp_path / "no-postgres"),
        PYTHONPATH=str(ROOT),
        PYTEST_DISABLE_PLUGIN_AUTOLOAD="1",
    )
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "tests.helpers.pg",
            "-q",
            "-rs",
            "-p",
            "no:cacheprovider",
            "--rootdir",
            str(tmp_path),
            str(tmp_path / "test_probe.py"),
        ],
        capture_output=True,
        text=True,
        env=clean,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )


@pytest.mark.slow
def test_missing_postgres_skips_with_the_reason_locally(tmp_path: Path) -> None:
    """A developer without PostgreSQL sees the tests skipped and how to install it."""
    proc = _run_probe(tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "1 skipped" in proc.stdout and "tools/setup.sh --dev" in proc.stdout


@pytest.mark.slow
def test_missing_postgres_fails_in_ci(tmp_path: Path) -> None:
    """In CI a missing PostgreSQL is an error, never a silent skip."""
    proc = _run_probe(tmp_path, CI="true")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "PostgreSQL is not installed" in proc.stdout and "1 error" in proc.stdout


@pytest.mark.parametrize(
    ("env", "required"),
    [
        ({}, False),
        ({"CI": "true"}, True),
        ({"CI": "false"}, False),
        ({"HOCVUSO_REQUIRE_PG": "1"}, True),
        ({"HOCVUSO_REQUIRE_PG": "0"}, False),
    ],
)
def test_when_postgres_is_required(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], required: bool
) -> None:
    """``CI=true`` or ``HOCVUSO_REQUIRE_PG=1`` turn the skip into a failure."""
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("HOCVUSO_REQUIRE_PG", raising=False)
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    assert pg_required() is required
