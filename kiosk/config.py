"""Settings: a TOML file in the platform's config folder, then environment overrides.

Order of precedence (last wins): built-in defaults → ``settings.toml`` → ``HOCVUSO_*`` environment
variables → command-line flags (applied by ``main.py`` through :meth:`Settings.with_overrides`).
"""

from __future__ import annotations

import os
import socket
import tomllib
from pathlib import Path
from typing import Any, Literal

import platformdirs
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kiosk.errors import SettingsError

APP = "hocvuso-kiosk"

ENV_PREFIX = "HOCVUSO_"
ENV_FIELDS = {
    "DATABASE_URL": "database_url",
    "LANG": "language",
    "DATA_DIR": "data_dir",
    "CACHE_DIR": "cache_dir",
    "VOICE": "voice",
    "TEXT_SCALE": "text_scale",
    "VOSK_MODEL": "vosk_model_dir",
    "PRINTER": "printer",
    "KIOSK_ID": "kiosk_id",
    "CENTRE": "centre_name",
    "CONTENT_DIR": "content_dir",
    "SERVER_URL": "server_url",
}
"""``HOCVUSO_<KEY>`` environment variables and the setting each overrides."""


def config_dir() -> Path:
    """Where ``settings.toml`` lives (``HOCVUSO_CONFIG_DIR`` or the platform's config folder)."""
    return Path(os.environ.get("HOCVUSO_CONFIG_DIR") or platformdirs.user_config_dir(APP))


class Settings(BaseModel):
    """Every setting of one station. Unknown keys in the file are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    data_dir: Path = Field(default_factory=lambda: Path(platformdirs.user_data_dir(APP)))
    cache_dir: Path = Field(default_factory=lambda: Path(platformdirs.user_cache_dir(APP)))
    database_url: str = ""
    """Empty means the embedded SQLite file ``<data_dir>/hocvuso.sqlite3``."""
    server_url: str = ""
    """A central PostgreSQL server this kiosk syncs to (empty: stand-alone)."""
    content_dir: Path | None = None
    """Lesson content folder; None means the content bundled with the app."""
    language: Literal["vi", "en"] = "vi"
    voice: str = "vi"
    speech_rate: int = Field(default=140, ge=80, le=260)
    volume: float = Field(default=0.9, ge=0.0, le=1.0)
    text_scale: float = Field(default=1.0, ge=1.0, le=2.0)
    idle_help_s: float = Field(default=40.0, ge=5.0, le=600.0)
    idle_reset_s: float = Field(default=180.0, ge=20.0, le=3600.0)
    countdown_s: float = Field(default=20.0, ge=5.0, le=120.0)
    kiosk_id: str = Field(default_factory=socket.gethostname, min_length=1, max_length=64)
    centre_name: str = "Nhà văn hóa phường"
    printer: str = ""
    """CUPS queue name; empty means the system default printer."""
    vosk_model_dir: Path | None = None
    always_listening: bool = False
    backups_keep: int = Field(default=7, ge=1, le=100)

    @property
    def resolved_database_url(self) -> str:
        """The database URL, with the embedded SQLite default filled in."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'hocvuso.sqlite3'}"

    @property
    def log_dir(self) -> Path:
        """Where rotating logs are written."""
        return self.data_dir / "logs"

    @property
    def documents_dir(self) -> Path:
        """Where every printed document is also saved as PDF."""
        return self.data_dir / "documents"

    def with_overrides(self, **values: Any) -> Settings:
        """A copy with some settings replaced (command-line flags); None values are ignored."""
        data = self.model_dump()
        data.update({k: v for k, v in values.items() if v is not None})
        return _validated(data, "command line")


def _validated(data: dict[str, Any], source: str) -> Settings:
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise SettingsError(
            f"Cài đặt '{field}' không hợp lệ ({source}). Nhờ cán bộ kiểm tra tệp cài đặt.",
            f"{field}: {first['msg']}",
        ) from exc


def load_settings(path: Path | None = None, environ: dict[str, str] | None = None) -> Settings:
    """Read the settings file (missing is fine) and apply ``HOCVUSO_*`` environment overrides.

    Args:
        path: the TOML file; defaults to ``<config_dir>/settings.toml``.
        environ: the environment to read (defaults to ``os.environ``).

    Raises:
        SettingsError: the file is not valid TOML or a value is out of range; the message names it.
    """
    env = os.environ if environ is None else environ
    path = path or config_dir() / "settings.toml"
    data: dict[str, Any] = {}
    if path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as exc:
            raise SettingsError(
                f"Không đọc được tệp cài đặt {path}. Nhờ cán bộ kiểm tra tệp này.", str(exc)
            ) from exc
    for key, field in ENV_FIELDS.items():
        value = env.get(ENV_PREFIX + key)
        if value:
            data[field] = value
    return _validated(data, str(path))
