"""Interface text in two languages, chosen per learner at the start of each visit.

Messages are written in Vietnamese in the code (the msgid) and looked up in
``resources/i18n/en*.yaml`` for English. Translate first, then format with named placeholders:
``tr("Chào bác {name}", lang, name=...)``. A test scans the code for every ``tr("…")`` and fails when
a message has no English entry or the placeholders differ. Lesson content carries its own languages.
"""

from __future__ import annotations

import functools
import logging
import unicodedata
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

CATALOGUE_DIR = Path(__file__).resolve().parent.parent / "resources" / "i18n"
"""English catalogues: ``en.yaml`` and one ``en.<area>.yaml`` per area (staff, simulations …)."""


@functools.cache
def _english() -> dict[str, str]:
    import yaml  # only when English is first asked for: Vietnamese needs no catalogue

    out: dict[str, str] = {}
    for path in sorted(CATALOGUE_DIR.glob("en*.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:  # pragma: no cover - shipped files
            log.error("Không đọc được bản dịch tiếng Anh %s: %s", path, exc)
            continue
        out.update({unicodedata.normalize("NFC", str(k)): str(v) for k, v in data.items()})
    return out


def tr(msgid: str, lang: str = "vi", /, **values: Any) -> str:
    """The message in ``lang`` (``vi`` or ``en``), formatted with named values.

    A message with no English entry falls back to Vietnamese (and is caught by the catalogue test).
    """
    text = msgid if lang != "en" else _english().get(msgid, msgid)
    return text.format(**values) if values else text


def catalogue() -> dict[str, str]:
    """The English catalogue (for tests and tools)."""
    return dict(_english())
