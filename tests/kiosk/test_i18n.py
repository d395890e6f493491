"""Every interface message written as tr("…") has an English entry with the same placeholders."""

from __future__ import annotations

import ast
import string
import unicodedata
from pathlib import Path

from kiosk.i18n import catalogue, tr

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("kiosk", "lessons", "ui", "voice")


def msgids() -> dict[str, str]:
    """Every literal first argument of a ``tr(...)`` call in the code, with where it is."""
    found: dict[str, str] = {}
    for pkg in PACKAGES:
        for path in (ROOT / pkg).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Name)
                    and node.func.id == "tr"
                    and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)
                ):
                    found[node.args[0].value] = f"{path.relative_to(ROOT)}:{node.lineno}"
    from ui.screens.search import NEEDS  # translated through a variable: tr(need, lang)

    found.update({need: "ui/screens/search.py:NEEDS" for need in NEEDS})
    return found


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_there_are_messages_to_check() -> None:
    assert len(msgids()) > 40


def test_every_message_has_english_with_same_placeholders() -> None:
    english = catalogue()
    missing = {m: where for m, where in msgids().items() if m not in english}
    assert not missing, "no English for:\n" + "\n".join(f"{w}: {m}" for m, w in missing.items())
    wrong = {m: english[m] for m in msgids() if fields(m) != fields(english[m])}
    assert not wrong, f"placeholders differ: {wrong}"


def test_catalogue_is_nfc_and_has_no_stale_entries() -> None:
    english = catalogue()
    for key, value in english.items():
        assert unicodedata.normalize("NFC", value) == value
        assert value.strip(), key
    import yaml

    learner = yaml.safe_load((ROOT / "resources" / "i18n" / "en.yaml").read_text(encoding="utf-8"))
    stale = set(learner) - set(msgids())
    assert not stale, f"en.yaml entries no code uses: {sorted(stale)[:5]}"


def test_tr_formats_after_translating() -> None:
    assert tr("Chào bác {name}!", "vi", name="Lan") == "Chào bác Lan!"
    assert tr("Chào bác {name}!", "en", name="Lan") == "Hello, Lan!"
    assert tr("một câu không có trong danh mục", "en") == "một câu không có trong danh mục"
