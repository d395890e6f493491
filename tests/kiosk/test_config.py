"""Settings: defaults, the TOML file, environment overrides, plain errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config import Settings, load_settings
from kiosk.errors import SettingsError


def test_defaults_use_embedded_sqlite_in_the_data_folder(tmp_path: Path) -> None:
    s = load_settings(tmp_path / "missing.toml", environ={})
    assert s.language == "vi"
    assert s.resolved_database_url.startswith("sqlite:///")
    assert s.resolved_database_url.endswith("hocvuso.sqlite3")
    assert 1.0 <= s.text_scale <= 2.0
    assert s.idle_help_s < s.idle_reset_s


def test_file_then_environment_then_flags(tmp_path: Path) -> None:
    f = tmp_path / "settings.toml"
    f.write_text(
        'language = "en"\nidle_help_s = 30\ncentre_name = "Phường Hòa Bình"\n', encoding="utf-8"
    )
    s = load_settings(
        f,
        environ={
            "HOCVUSO_DATABASE_URL": "sqlite:////tmp/x.db",
            "HOCVUSO_DATA_DIR": str(tmp_path / "d"),
        },
    )
    assert (s.language, s.idle_help_s, s.centre_name) == ("en", 30, "Phường Hòa Bình")
    assert s.database_url == "sqlite:////tmp/x.db"
    assert s.data_dir == tmp_path / "d"
    s2 = s.with_overrides(language="vi", text_scale=None)
    assert s2.language == "vi" and s2.text_scale == s.text_scale


@pytest.mark.parametrize(
    "text, field",
    [
        ("text_scale = 3.5\n", "text_scale"),
        ("unknown_key = 1\n", "unknown_key"),
        ('language = "fr"\n', "language"),
    ],
)
def test_bad_values_name_the_setting(tmp_path: Path, text: str, field: str) -> None:
    f = tmp_path / "settings.toml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(SettingsError) as err:
        load_settings(f, environ={})
    assert field in err.value.message
    assert "Cài đặt" in err.value.message


def test_broken_toml_is_a_plain_message(tmp_path: Path) -> None:
    f = tmp_path / "settings.toml"
    f.write_text("language = \n", encoding="utf-8")
    with pytest.raises(SettingsError) as err:
        load_settings(f, environ={})
    assert "Không đọc được tệp cài đặt" in err.value.message


def test_settings_are_frozen() -> None:
    s = Settings()
    with pytest.raises(Exception):  # noqa: B017 - pydantic's frozen error type
        s.language = "en"  # type: ignore[misc]
