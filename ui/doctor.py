"""``python main.py doctor``: is this station ready? Plain words, one line per item."""

from __future__ import annotations

import importlib
import shutil
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.config import Settings
from kiosk.errors import KioskError


@dataclass(frozen=True)
class Finding:
    """One checked item."""

    item: str
    ok: bool
    message: str
    essential: bool = False


def _database(settings: Settings) -> list[Finding]:
    from kiosk.db.engine import Database

    try:
        db = Database(settings.resolved_database_url)
        current, head = db.schema_version()
        db.dispose()
    except KioskError as exc:
        return [Finding("Cơ sở dữ liệu", False, f"{exc.message} ({exc.detail})", True)]
    url = settings.resolved_database_url.split("@")[-1]
    ok = current == head
    return [
        Finding(
            "Cơ sở dữ liệu",
            ok,
            f"{db.dialect}, {url}; phiên bản dữ liệu {current} (mới nhất {head})",
            True,
        )
    ]


def _content(settings: Settings) -> list[Finding]:
    from lessons.loader import load_library
    from lessons.pack import active_content_dir

    root = active_content_dir(settings)
    lib = load_library(root)
    out = [
        Finding(
            "Bài học",
            bool(lib.lessons),
            f"{len(lib.modules)} chủ đề, {len(lib.lessons)} bài học, "
            f"{len(lib.errors)} lỗi nội dung",
            True,
        )
    ]
    out += [Finding("  lỗi nội dung", False, str(e)) for e in lib.errors[:10]]
    try:
        from lessons.sim.loader import load_scenarios

        sims = load_scenarios(root)
        out.append(
            Finding(
                "Bài mô phỏng",
                bool(sims.scenarios),
                f"{len(sims.scenarios)} bài mô phỏng, {len(sims.errors)} lỗi",
            )
        )
    except ImportError:
        pass
    return out


def _fonts() -> list[Finding]:
    from kiosk.reports.fonts import find_font_pair

    try:
        pair = find_font_pair()
    except KioskError as exc:
        return [Finding("Phông chữ", False, exc.message, True)]
    return [Finding("Phông chữ", True, f"{pair.family}: {pair.regular}", True)]


def _voice(settings: Settings) -> list[Finding]:
    try:
        mod = importlib.import_module("voice.doctor")
    except ImportError:
        return [Finding("Giọng đọc", shutil.which("espeak-ng") is not None, "espeak-ng")]
    check: Callable[..., list[tuple[str, bool, str]]] = mod.check_voice
    return [Finding(item, ok, msg) for item, ok, msg in check(settings.vosk_model_dir)]


def _printers(settings: Settings) -> list[Finding]:
    try:
        from kiosk.reports import printing
    except ImportError:
        return [Finding("Máy in", False, "chưa có mô-đun in")]
    cups = printing.CupsPrinting()
    try:
        printers = cups.printers()
    except KioskError as exc:
        return [Finding("Máy in", False, exc.message)]
    if not printers:
        return [Finding("Máy in", False, "Chưa có máy in nào. Phiếu vẫn được lưu thành tệp PDF.")]
    names = ", ".join(p.name + (" (mặc định)" if p.is_default else "") for p in printers)
    return [Finding("Máy in", True, names)]


def _disk(settings: Settings) -> list[Finding]:
    path = settings.data_dir
    while not path.exists() and path != path.parent:
        path = path.parent
    free = shutil.disk_usage(path).free / 1e9
    return [Finding("Chỗ trống", free > 0.5, f"{free:.1f} GB trống ở {settings.data_dir}")]


def findings(settings: Settings) -> list[Finding]:
    """Every check, in the order they are printed."""
    out: list[Finding] = []
    checks: list[Callable[[], list[Finding]]] = [
        lambda: _database(settings),
        lambda: _content(settings),
        _fonts,
        lambda: _voice(settings),
        lambda: _printers(settings),
        lambda: _disk(settings),
    ]
    for check in checks:
        try:
            out += check()
        except Exception as exc:
            out.append(Finding("Kiểm tra", False, f"lỗi khi kiểm tra: {exc}"))
    return out


def run_doctor(settings: Settings) -> int:
    """Print the findings; exit 1 when an essential item (database, content, fonts) fails."""
    from ui.display import ensure_display

    ensure_display(say=False)
    from PySide6.QtCore import QCoreApplication

    _app = QCoreApplication.instance() or QCoreApplication([])
    results = findings(settings)
    print("Học vụ số — kiểm tra máy")
    for f in results:
        mark = "ĐẠT     " if f.ok else "CHƯA ĐẠT"
        print(f"[{mark}] {f.item}: {f.message}")
    bad = [f for f in results if f.essential and not f.ok]
    print("Máy sẵn sàng." if not bad else "Máy chưa sẵn sàng: cần sửa các mục CHƯA ĐẠT ở trên.")
    return 1 if bad else 0
