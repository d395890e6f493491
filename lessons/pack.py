"""Content packs: an admin imports new or updated lessons and simulations as one zip file.

The pack is checked as a whole before anything changes:

1. the zip itself: no path traversal (``..``, absolute paths, backslashes), no links or device
   files, no encrypted members, only content file types, at most :data:`MAX_FILES` files,
   :data:`MAX_MEMBER_BYTES` per file and :data:`MAX_TOTAL_BYTES` in all, and no member that
   inflates more than :data:`MAX_RATIO` times (zip bombs); sizes are counted while extracting,
   never trusted from the zip's header;
2. the extracted folder (a sibling of the live content, so the final rename stays on one disk) is
   loaded with :func:`lessons.loader.load_library` and :func:`lessons.sim.loader.load_scenarios`;
   one error anywhere rejects the whole pack, and every error names file, field and line;
3. the new folder becomes live with one atomic rename of a symbolic link
   (``<data_dir>/content`` → ``content-packs/<timestamp>``); the previous content stays on disk.
   The bundled content is never touched.

Progress on a lesson whose ``version`` changed is kept: the saved step is clamped to the new
lesson's last step when it is opened again (:class:`lessons.run.LessonRun`), its
``content_version`` is updated on the next save, and a finished lesson stays finished. Lessons a
pack removes keep their progress rows (keyed by the stable lesson id), so they come back if a later
pack restores them. Every import, accepted or rejected, is written to the audit log.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import stat
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from kiosk.config import Settings
from kiosk.db.engine import Database
from kiosk.errors import KioskError
from kiosk.services import audit
from lessons.loader import CONTENT_DIR, Library, load_library
from lessons.yamlsrc import MAX_FILE_BYTES, ContentError, ContentInvalid

log = logging.getLogger(__name__)

MAX_FILES = 2000
"""Most files a pack may hold (the bundled content has about 200)."""
MAX_MEMBER_BYTES = 4 * 1024 * 1024
"""Largest single file once extracted (YAML files are further limited to ``MAX_FILE_BYTES``)."""
MAX_TOTAL_BYTES = 64 * 1024 * 1024
"""Largest pack once extracted."""
MAX_RATIO = 50
"""A member that inflates more than this many times its compressed size is a bomb."""
RATIO_FLOOR = 64 * 1024
"""Small members are not ratio-checked (a short YAML file can compress very well)."""
KEEP_PACKS = 3
"""Installed packs kept on disk (the live one and the previous ones, for going back)."""

TOP_LEVEL = {
    "modules.yaml",
    "lessons",
    "simulations",
    "images",
    "glossary",
    "README.md",
    "README.txt",
    "CHANGES.md",
}
SUFFIXES = {".yaml", ".svg", ".png", ".jpg", ".jpeg", ".webp", ".md", ".txt"}
_BAD_CHARS = re.compile(r"[\x00-\x1f\\:*?\"<>|]")


@dataclass(frozen=True)
class PackReport:
    """What an accepted import changed.

    Attributes:
        pack: the zip file's name.
        installed: the folder that is now live.
        previous: the folder that was live before (None when the bundled content was in use).
        lessons: lessons in the new content.
        simulations: simulations in the new content.
        added: lesson ids that are new.
        removed: lesson ids no longer present (their progress is kept).
        version_changed: lesson id → (old version, new version).
    """

    pack: str
    installed: Path
    previous: Path | None
    lessons: int
    simulations: int
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    version_changed: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def message(self) -> str:
        """One plain sentence for the admin."""
        return (
            f"Đã cài gói nội dung {self.pack}: {self.lessons} bài học, "
            f"{self.simulations} bài mô phỏng ({len(self.added)} bài mới, "
            f"{len(self.version_changed)} bài cập nhật). Tiến độ của học viên được giữ."
        )


class PackRejected(ContentInvalid, KioskError):
    """The pack was refused; nothing changed. ``errors`` names every problem (file, field, line)."""

    def __init__(self, pack: str, errors: list[ContentError]) -> None:
        ContentInvalid.__init__(self, errors)
        self.message = (
            f"Gói nội dung {pack} không cài được ({len(errors)} lỗi); "
            "nội dung cũ vẫn được giữ nguyên."
        )
        self.detail = "\n".join(str(e) for e in errors[:50])


def content_link(settings: Settings) -> Path:
    """``<data_dir>/content``: the live imported content (a link to one installed pack)."""
    return settings.data_dir / "content"


def packs_dir(settings: Settings) -> Path:
    """``<data_dir>/content-packs``: every installed pack, one folder each."""
    return settings.data_dir / "content-packs"


def active_content_dir(settings: Settings) -> Path:
    """The content folder the kiosk should load: configured, else imported, else bundled."""
    if settings.content_dir is not None:
        return settings.content_dir
    link = content_link(settings)
    if link.exists() and (link / "modules.yaml").is_file():
        return link
    return CONTENT_DIR


# ---- step 1: the zip ------------------------------------------------------------------------
def _member_problem(info: zipfile.ZipInfo) -> str | None:
    """Why one zip member may not be extracted, or None."""
    name = info.filename
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        return "liên kết (symlink) không được phép trong gói"
    if stat.S_IFMT(mode) not in (0, stat.S_IFREG, stat.S_IFDIR):
        return "tệp đặc biệt không được phép trong gói"
    if info.flag_bits & 0x1:
        return "tệp có mật khẩu không được phép"
    if name.startswith("/") or _BAD_CHARS.search(name):
        return "đường dẫn không hợp lệ (tuyệt đối hoặc có ký tự lạ)"
    parts = name.removesuffix("/").split("/") if info.is_dir() else name.split("/")
    if any(p in ("..", ".", "") for p in parts):
        return "đường dẫn ra ngoài thư mục gói ('..') không được phép"
    if info.is_dir():
        return None
    if PurePosixPath(name).suffix.lower() not in SUFFIXES:
        return f"loại tệp '{PurePosixPath(name).suffix or name}' không được phép"
    if info.file_size > MAX_MEMBER_BYTES:
        return f"tệp quá lớn ({info.file_size} byte, tối đa {MAX_MEMBER_BYTES})"
    if PurePosixPath(name).suffix.lower() == ".yaml" and info.file_size > MAX_FILE_BYTES:
        return f"tệp YAML quá lớn ({info.file_size} byte, tối đa {MAX_FILE_BYTES})"
    if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        return "tệp nén bất thường (nghi là bom nén)"
    return None


def _strip_prefix(names: list[str]) -> str:
    """A single wrapping folder (``pack/modules.yaml``) is allowed; return it ("" if none)."""
    if "modules.yaml" in names:
        return ""
    tops = {PurePosixPath(n).parts[0] for n in names if PurePosixPath(n).parts}
    if len(tops) == 1:
        top = next(iter(tops))
        if f"{top}/modules.yaml" in names:
            return top + "/"
    return ""


def _check_zip(zf: zipfile.ZipFile, pack: str) -> tuple[list[zipfile.ZipInfo], str]:
    """Every member to extract and the wrapping folder; raises PackRejected listing all problems."""
    errors: list[ContentError] = []
    infos = zf.infolist()
    if len(infos) > MAX_FILES:
        raise PackRejected(
            pack,
            [ContentError(pack, "", 0, f"gói có quá nhiều tệp ({len(infos)}, tối đa {MAX_FILES})")],
        )
    seen: set[str] = set()
    total = 0
    for info in infos:
        problem = _member_problem(info)
        if problem:
            errors.append(ContentError(f"{pack}:{info.filename}", "", 0, problem))
            continue
        key = info.filename.rstrip("/").casefold()
        if key in seen:
            errors.append(ContentError(f"{pack}:{info.filename}", "", 0, "tệp bị lặp lại"))
        seen.add(key)
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        errors.append(
            ContentError(
                pack, "", 0, f"gói quá lớn khi giải nén ({total} byte, tối đa {MAX_TOTAL_BYTES})"
            )
        )
    files = [i for i in infos if not i.is_dir()]
    prefix = _strip_prefix([i.filename for i in files])
    if not errors:
        if not any(i.filename == prefix + "modules.yaml" for i in files):
            errors.append(ContentError(pack, "", 0, "gói thiếu tệp modules.yaml ở thư mục gốc"))
        for i in files:
            top = PurePosixPath(i.filename.removeprefix(prefix)).parts[0]
            if top not in TOP_LEVEL:
                errors.append(
                    ContentError(
                        f"{pack}:{i.filename}",
                        "",
                        0,
                        f"'{top}' không thuộc cấu trúc gói (modules.yaml, "
                        "lessons/, simulations/, images/, glossary/)",
                    )
                )
    if errors:
        raise PackRejected(pack, errors)
    return files, prefix


def _extract(
    zf: zipfile.ZipFile, files: list[zipfile.ZipInfo], prefix: str, dest: Path, pack: str
) -> None:
    """Extract with our own size accounting (a lying header cannot get past the limits)."""
    total = 0
    for info in files:
        rel = PurePosixPath(info.filename.removeprefix(prefix))
        target = dest.joinpath(*rel.parts)
        if not target.resolve().is_relative_to(dest.resolve()):
            raise PackRejected(
                pack,
                [ContentError(f"{pack}:{info.filename}", "", 0, "đường dẫn ra ngoài thư mục gói")],
            )
        target.parent.mkdir(parents=True, exist_ok=True)
        written = 0
        try:
            with zf.open(info) as src, open(target, "xb") as out:
                while chunk := src.read(64 * 1024):
                    written += len(chunk)
                    total += len(chunk)
                    if written > min(MAX_MEMBER_BYTES, info.file_size) or total > MAX_TOTAL_BYTES:
                        raise PackRejected(
                            pack,
                            [
                                ContentError(
                                    f"{pack}:{info.filename}",
                                    "",
                                    0,
                                    "tệp giải nén lớn hơn khai báo (nghi là bom nén)",
                                )
                            ],
                        )
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
        except (
            zipfile.BadZipFile,
            zipfile.LargeZipFile,
            NotImplementedError,
            EOFError,
            ValueError,
            OSError,
        ) as exc:
            if isinstance(exc, OSError) and not isinstance(exc, FileExistsError):
                raise
            raise PackRejected(
                pack,
                [
                    ContentError(
                        f"{pack}:{info.filename}", "", 0, f"không giải nén được tệp ({exc})"
                    )
                ],
            ) from exc


# ---- step 2: the content --------------------------------------------------------------------
def _renamed(errors: list[ContentError], staging: Path, pack: str) -> list[ContentError]:
    """Name files as inside the pack (``pack.zip:lessons/m1/x.yaml``), not the staging folder."""
    out = []
    for e in errors:
        f = e.file
        for prefix in (str(staging) + os.sep, staging.name + os.sep):
            if f.startswith(prefix):
                f = f"{pack}:{f.removeprefix(prefix)}"
                break
        out.append(ContentError(f, e.field, e.line, e.message))
    return out


def validate_folder(root: Path, pack: str = "") -> tuple[Library, int]:
    """Load a content folder as the kiosk would; raise if anything in it is wrong.

    Returns:
        The library and the number of simulations.

    Raises:
        PackRejected: every error of every file (file, field, line).
    """
    label = pack or root.name
    try:
        lib = load_library(root)
    except Exception as exc:  # a loader bug must not crash the admin's import
        log.exception("Lỗi không mong đợi khi kiểm tra bài học của gói %s", label)
        raise PackRejected(
            label, [ContentError(label, "lessons", 0, f"không kiểm tra được bài học ({exc})")]
        ) from exc
    errors = list(lib.errors)
    sims = 0
    if (root / "simulations").is_dir():
        from lessons.sim.loader import load_scenarios

        try:
            slib = load_scenarios(root)
        except Exception as exc:  # e.g. re.error from a broken 'regex' check
            log.exception("Lỗi không mong đợi khi kiểm tra mô phỏng của gói %s", label)
            raise PackRejected(
                label,
                _unexpected_sim_errors(root, label)
                or [
                    ContentError(
                        label, "simulations", 0, f"không kiểm tra được bài mô phỏng ({exc})"
                    )
                ],
            ) from exc
        errors += slib.errors
        sims = len(slib.scenarios)
        for m in lib.modules:
            for sim in m.simulations:
                if not any(k.startswith(sim) for k in slib.scenarios):
                    errors.append(
                        ContentError(
                            f"{root.name}{os.sep}modules.yaml",
                            f"modules[{m.id}].simulations",
                            0,
                            f"không có bài mô phỏng '{sim}'",
                        )
                    )
    if not lib.lessons and not errors:
        errors.append(ContentError(label, "", 0, "gói không có bài học nào"))
    if errors:
        raise PackRejected(label, _renamed(errors, root, label))
    return lib, sims


def _unexpected_sim_errors(root: Path, label: str) -> list[ContentError]:
    """Name the simulation files whose loading raises something other than ContentInvalid."""
    from lessons.sim.loader import load_scenario

    found = []
    for path in sorted((root / "simulations").glob("*.yaml")):
        try:
            load_scenario(path, root, label=path.name)
        except ContentInvalid:
            continue
        except Exception as exc:  # this is the report of exactly that
            found.append(
                ContentError(
                    f"{label}:simulations/{path.name}",
                    "",
                    0,
                    f"không kiểm tra được tệp ({type(exc).__name__}: {exc})",
                )
            )
    return found


# ---- step 3: the swap -----------------------------------------------------------------------
def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _swap(settings: Settings, staging: Path, stamp: str) -> tuple[Path, Path | None]:
    """Make ``staging`` the live content with one atomic rename of the ``content`` link."""
    link = content_link(settings)
    final = packs_dir(settings) / stamp
    staging.replace(final)
    previous: Path | None = None
    if link.is_symlink():
        previous = link.resolve()
    elif link.exists():
        # A plain folder from an older install: keep it next to the packs, never delete it.
        previous = packs_dir(settings) / f"{stamp}-before"
        link.replace(previous)
    tmp_link = link.with_name(f".content-{stamp}.link")
    tmp_link.unlink(missing_ok=True)
    tmp_link.symlink_to(final.relative_to(link.parent))
    tmp_link.replace(link)  # rename(2) over the old link: readers see old or new, never neither
    _fsync_dir(link.parent)
    return final, previous


def _prune(settings: Settings, live: Path) -> None:
    packs = sorted((p for p in packs_dir(settings).iterdir() if p.is_dir()), reverse=True)
    for old in packs[KEEP_PACKS:]:
        if old != live:
            shutil.rmtree(old, ignore_errors=True)


def _diff(old: Library, new: Library) -> tuple[list[str], list[str], dict[str, tuple[int, int]]]:
    added = sorted(set(new.lessons) - set(old.lessons))
    removed = sorted(set(old.lessons) - set(new.lessons))
    changed = {
        k: (old.lessons[k].version, new.lessons[k].version)
        for k in sorted(set(old.lessons) & set(new.lessons))
        if old.lessons[k].version != new.lessons[k].version
    }
    return added, removed, changed


def _audit(
    db: Database | None,
    action: str,
    *,
    now: datetime,
    actor: str,
    target: str,
    detail: dict[str, object],
    kiosk_id: str,
) -> None:
    if db is None:
        return
    try:
        with db.transaction() as s:
            audit.record(
                s,
                action,
                now=now,
                actor=actor,
                target=target,
                detail=dict(detail),
                kiosk_id=kiosk_id,
            )
    except KioskError as exc:
        log.error("Không ghi được nhật ký kiểm tra cho %s: %s", target, exc)


def install_pack(
    zip_path: Path,
    settings: Settings,
    *,
    db: Database | None = None,
    actor: str = "",
    now: datetime | None = None,
) -> PackReport:
    """Check a content pack as a whole and make it the live content, atomically.

    Args:
        zip_path: the pack.
        settings: the station's settings (``data_dir``, ``kiosk_id``).
        db: where the audit event goes (None: not recorded, for tools and tests).
        actor: the admin's name for the audit log.
        now: the time (tests pass a fixed one).

    Returns:
        What changed; the kiosk loads :func:`active_content_dir` at its next start.

    Raises:
        PackRejected: the pack is bad; ``errors`` names every problem and nothing changed.
        KioskError: the disk is full or read-only (nothing changed either).
    """
    when = (now or datetime.now(UTC)).astimezone(UTC)
    stamp = when.strftime("%Y%m%d-%H%M%S-%f")
    pack = zip_path.name
    packs_dir_ = packs_dir(settings)
    staging = settings.data_dir / f"content.incoming-{stamp}"
    try:
        try:
            packs_dir_.mkdir(parents=True, exist_ok=True)
            staging.mkdir(parents=True)
        except OSError as exc:
            raise KioskError(
                "Không cài được gói: thư mục dữ liệu không ghi được "
                "(đầy hoặc chỉ đọc). Nội dung cũ vẫn được giữ.",
                str(exc),
            ) from exc
        try:
            with zipfile.ZipFile(zip_path) as zf:
                files, prefix = _check_zip(zf, pack)
                _extract(zf, files, prefix, staging, pack)
        except (
            zipfile.BadZipFile,
            zipfile.LargeZipFile,
            EOFError,
            ValueError,
            zlib.error,
            NotImplementedError,
        ) as exc:
            raise PackRejected(
                pack, [ContentError(pack, "", 0, f"không phải tệp zip hợp lệ ({exc})")]
            ) from exc
        except OSError as exc:
            if not zip_path.is_file():
                raise PackRejected(
                    pack, [ContentError(pack, "", 0, "không tìm thấy tệp gói")]
                ) from exc
            raise KioskError(
                "Không cài được gói: máy hết chỗ hoặc không ghi được. Nội dung cũ vẫn được giữ.",
                str(exc),
            ) from exc
        new_lib, sims = validate_folder(staging, pack)
        old_lib = load_library(active_content_dir(settings))
        added, removed, changed = _diff(old_lib, new_lib)
        try:
            installed, previous = _swap(settings, staging, stamp)
        except OSError as exc:
            raise KioskError(
                "Không cài được gói: không đổi được thư mục nội dung. Nội dung cũ vẫn được giữ.",
                str(exc),
            ) from exc
    except PackRejected as exc:
        log.error("Gói nội dung %s bị từ chối: %s", pack, exc.detail)
        _audit(
            db,
            "content.import_rejected",
            now=when,
            actor=actor,
            target=pack,
            detail={"errors": [str(e) for e in exc.errors[:20]], "count": len(exc.errors)},
            kiosk_id=settings.kiosk_id,
        )
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    _prune(settings, installed)
    report = PackReport(
        pack, installed, previous, len(new_lib.lessons), sims, added, removed, changed
    )
    log.warning("%s", report.message)
    _audit(
        db,
        "content.import",
        now=when,
        actor=actor,
        target=pack,
        detail={
            "lessons": report.lessons,
            "simulations": sims,
            "added": added,
            "removed": removed,
            "version_changed": {k: list(v) for k, v in changed.items()},
            "installed": installed.name,
        },
        kiosk_id=settings.kiosk_id,
    )
    return report
