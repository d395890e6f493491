"""The command line as a deployer uses it: doctor, screenshots, backup and restore."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    e = {k: v for k, v in os.environ.items() if not k.startswith("HOCVUSO_")}
    e.update(
        HOCVUSO_DATA_DIR=str(tmp_path / "data"),
        HOCVUSO_CONFIG_DIR=str(tmp_path / "cfg"),
        HOCVUSO_CACHE_DIR=str(tmp_path / "cache"),
        QT_QPA_PLATFORM="offscreen",
        **env,
    )
    return subprocess.run(
        [sys.executable, "main.py", *args],
        cwd=ROOT,
        env=e,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_doctor_reports_a_ready_station_in_plain_words(tmp_path: Path) -> None:
    res = run(tmp_path, "doctor")
    assert res.returncode == 0, res.stdout + res.stderr
    out = res.stdout
    assert "7 chủ đề, 39 bài học, 0 lỗi nội dung" in out
    assert "15 bài mô phỏng" in out and "[ĐẠT     ] Phông chữ" in out
    assert "vosk" in out and "Máy sẵn sàng." in out


def test_doctor_names_a_broken_lesson_by_file_field_and_line(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "lessons" / "content", content)
    lesson = next((content / "lessons" / "m1").glob("1.1-*.yaml"))
    lesson.write_text(
        lesson.read_text(encoding="utf-8").replace("duration_min:", "duration:"), encoding="utf-8"
    )
    res = run(tmp_path, "doctor", HOCVUSO_CONTENT_DIR=str(content))
    assert "38 bài học, " in res.stdout
    assert f"{lesson.name}:" in res.stdout and "duration" in res.stdout


def test_doctor_fails_on_an_unreachable_database(tmp_path: Path) -> None:
    res = run(
        tmp_path, "doctor", HOCVUSO_DATABASE_URL="postgresql+psycopg://nobody@127.0.0.1:1/none"
    )
    assert res.returncode == 1
    assert "[CHƯA ĐẠT] Cơ sở dữ liệu" in res.stdout and "Máy chưa sẵn sàng" in res.stdout


def test_backup_then_restore(tmp_path: Path) -> None:
    assert run(tmp_path, "doctor").returncode == 0  # creates and migrates the database
    res = run(tmp_path, "backup")
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith("Đã sao lưu dữ liệu vào tệp ")
    backup = Path(res.stdout.strip().removeprefix("Đã sao lưu dữ liệu vào tệp ").rstrip("."))
    assert backup.is_file()
    res = run(tmp_path, "restore", str(backup))
    assert res.returncode == 0 and "Đã khôi phục dữ liệu" in res.stdout, res.stderr
