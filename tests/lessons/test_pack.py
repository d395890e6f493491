"""Content packs: validated as a whole, installed atomically, old content kept on any error."""

from __future__ import annotations

import stat
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pack_helpers import LESSON_11, content_copy, set_version_and_steps, zip_folder

from kiosk.clock import FakeClock
from kiosk.config import Settings
from kiosk.db.engine import Database
from kiosk.services import audit, learners, progress
from lessons import pack
from lessons.loader import CONTENT_DIR, load_library
from lessons.pack import PackRejected, active_content_dir, install_pack
from lessons.run import LessonRun

T0 = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
T1 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", kiosk_id="k1")


@pytest.fixture
def db(settings: Settings) -> Database:
    d = Database(settings.resolved_database_url)
    yield d
    d.dispose()


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_good_pack_is_installed_and_audited(
    tmp_path: Path, settings: Settings, db: Database
) -> None:
    src = content_copy(tmp_path)
    set_version_and_steps(src, LESSON_11, 2, 3)
    bundled_before = _tree(CONTENT_DIR)
    report = install_pack(
        zip_folder(src, tmp_path / "pack-2.zip"), settings, db=db, actor="admin", now=T0
    )
    assert active_content_dir(settings) == pack.content_link(settings)
    assert pack.content_link(settings).is_symlink()
    assert report.installed.name == "20261122-090000-000000" and report.previous is None
    assert report.version_changed == {"m1.power-charge-unlock": (1, 2)}
    assert report.lessons == 39 and report.simulations >= 1
    assert "Đã cài gói nội dung pack-2.zip" in report.message
    live = load_library(active_content_dir(settings))
    assert live.errors == [] and len(live.lessons["m1.power-charge-unlock"].steps) == 3
    assert _tree(CONTENT_DIR) == bundled_before  # the bundled content is never touched
    assert not list(settings.data_dir.glob("content.incoming-*"))
    with db.transaction() as s:
        events = audit.entries(s, action="content.import")
    assert len(events) == 1 and events[0].target == "pack-2.zip" and events[0].actor == "admin"
    assert events[0].detail["version_changed"] == {"m1.power-charge-unlock": [1, 2]}


def test_wrapping_folder_is_accepted_and_old_pack_kept(tmp_path: Path, settings: Settings) -> None:
    src = content_copy(tmp_path)
    first = install_pack(zip_folder(src, tmp_path / "a.zip"), settings, now=T0)
    second = install_pack(zip_folder(src, tmp_path / "b.zip", wrap="noi-dung/"), settings, now=T1)
    assert second.previous == first.installed and first.installed.is_dir()
    assert pack.content_link(settings).resolve() == second.installed


def _rejected(zip_path: Path, settings: Settings, db: Database | None = None) -> PackRejected:
    link = pack.content_link(settings)
    before = link.resolve() if link.exists() else None
    with pytest.raises(PackRejected) as info:
        install_pack(zip_path, settings, db=db, now=T1)
    after = link.resolve() if link.exists() else None
    assert before == after, "the live content must not change on a rejected pack"
    assert not list(settings.data_dir.glob("content.incoming-*"))
    assert info.value.errors and "nội dung cũ vẫn được giữ" in info.value.message
    return info.value


def test_bad_lesson_names_file_field_and_line_and_keeps_old_content(
    tmp_path: Path, settings: Settings, db: Database
) -> None:
    src = content_copy(tmp_path)
    good = install_pack(zip_folder(src, tmp_path / "good.zip"), settings, now=T0)
    lesson = src / LESSON_11
    text = lesson.read_text(encoding="utf-8").replace("duration_min: 6", "duration_min: 99")
    lesson.write_text(text, encoding="utf-8")
    line = text.splitlines().index("duration_min: 99") + 1
    exc = _rejected(zip_folder(src, tmp_path / "bad.zip"), settings, db)
    assert [(e.file, e.field, e.line) for e in exc.errors] == [
        ("bad.zip:lessons/m1/1.1-power-charge-unlock.yaml", "duration_min", line)
    ]
    assert pack.content_link(settings).resolve() == good.installed
    with db.transaction() as s:
        events = audit.entries(s, action="content.import_rejected")
    assert len(events) == 1 and events[0].detail["count"] == 1


def test_non_utf8_yaml_is_named(tmp_path: Path, settings: Settings) -> None:
    src = content_copy(tmp_path)
    lesson = src / LESSON_11
    lesson.write_bytes(lesson.read_text(encoding="utf-8").encode("utf-16"))
    exc = _rejected(zip_folder(src, tmp_path / "u16.zip"), settings)
    assert any(
        e.file.endswith("1.1-power-charge-unlock.yaml") and "UTF-8" in e.message for e in exc.errors
    )


def _with(src: Path, out: Path, add: list[tuple[zipfile.ZipInfo | str, bytes]]) -> Path:
    def extra(zf: zipfile.ZipFile) -> None:
        for info, data in add:
            zf.writestr(info, data)

    return zip_folder(src, out, extra=extra)


@pytest.mark.parametrize(
    "name",
    [
        "../evil.yaml",
        "lessons/../../evil.yaml",
        "/etc/evil.yaml",
        "lessons\\..\\evil.yaml",
        "images/./x.svg",
    ],
)
def test_path_traversal_is_rejected(tmp_path: Path, settings: Settings, name: str) -> None:
    src = content_copy(tmp_path)
    exc = _rejected(_with(src, tmp_path / "t.zip", [(name, b"x")]), settings)
    assert any(name in e.file for e in exc.errors)
    assert not (tmp_path / "evil.yaml").exists() and not (settings.data_dir / "evil.yaml").exists()


def test_symlink_member_is_rejected(tmp_path: Path, settings: Settings) -> None:
    src = content_copy(tmp_path)
    info = zipfile.ZipInfo("images/link.svg")
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    exc = _rejected(_with(src, tmp_path / "l.zip", [(info, b"/etc/passwd")]), settings)
    assert any("symlink" in e.message for e in exc.errors)


def test_zip_bomb_is_rejected(tmp_path: Path, settings: Settings) -> None:
    src = content_copy(tmp_path)
    bomb = _with(src, tmp_path / "bomb.zip", [("images/bomb.svg", b"\0" * (3 * 1024 * 1024))])
    assert bomb.stat().st_size < 2 * 1024 * 1024
    exc = _rejected(bomb, settings)
    assert any("bom nén" in e.message and "bomb.svg" in e.file for e in exc.errors)


def test_oversized_and_too_many_files_are_rejected(
    tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = content_copy(tmp_path)
    big = _with(src, tmp_path / "big.zip", [("images/big.png", bytes(range(256)) * 40_000)])
    monkeypatch.setattr(pack, "MAX_MEMBER_BYTES", 1024 * 1024)
    exc = _rejected(big, settings)
    assert any("quá lớn" in e.message and "big.png" in e.file for e in exc.errors)
    monkeypatch.setattr(pack, "MAX_FILES", 50)
    exc = _rejected(zip_folder(src, tmp_path / "many.zip"), settings)
    assert "quá nhiều tệp" in exc.errors[0].message


def test_lying_header_cannot_get_past_the_limits(tmp_path: Path, settings: Settings) -> None:
    """A member whose header claims fewer bytes than it holds is refused while extracting."""
    src = content_copy(tmp_path)
    z = _with(src, tmp_path / "lie.zip", [("images/lie.svg", b"<svg>" + b"a" * 5000 + b"</svg>")])
    data = bytearray(z.read_bytes())
    # Patch the uncompressed size in the central directory entry of the last member to 10.
    cd = data.rfind(b"PK\x01\x02")
    data[cd + 24 : cd + 28] = (10).to_bytes(4, "little")
    z.write_bytes(bytes(data))
    exc = _rejected(z, settings)
    assert any("lie.svg" in e.file for e in exc.errors)


def test_other_rejections(tmp_path: Path, settings: Settings) -> None:
    not_zip = tmp_path / "x.zip"
    not_zip.write_bytes(b"not a zip")
    assert "zip" in _rejected(not_zip, settings).errors[0].message
    src = content_copy(tmp_path)
    (src / "modules.yaml").unlink()
    assert (
        "modules.yaml"
        in _rejected(zip_folder(src, tmp_path / "nm.zip"), settings).errors[0].message
    )
    src2 = content_copy(tmp_path, "src2")
    exc = _rejected(_with(src2, tmp_path / "exe.zip", [("images/run.sh", b"#!/bin/sh")]), settings)
    assert "không được phép" in exc.errors[0].message
    exc = _rejected(_with(src2, tmp_path / "top.zip", [("scripts/a.txt", b"x")]), settings)
    assert "không thuộc cấu trúc gói" in exc.errors[0].message
    assert (
        _rejected(tmp_path / "missing.zip", settings).errors[0].message == "không tìm thấy tệp gói"
    )


def test_progress_is_kept_when_a_lesson_version_changes(
    tmp_path: Path, settings: Settings, db: Database
) -> None:
    """A learner on step 6 of version 1; version 2 has 3 steps: they resume on its last step,
    the furthest step is kept, and a finished lesson stays finished."""
    clock = FakeClock()
    old = load_library(CONTENT_DIR).lessons["m1.power-charge-unlock"]
    done_old = load_library(CONTENT_DIR).lessons["m1.tap-swipe-hold"]
    with db.transaction() as s:
        who = learners.create_guest(s, now=clock.now()).id
        progress.save_step(s, who, old.id, old.version, 6, now=clock.now())
        progress.complete(s, who, done_old.id, done_old.version, now=clock.now(), last_step=3)
    src = content_copy(tmp_path)
    set_version_and_steps(src, LESSON_11, 2, 3)
    set_version_and_steps(src, Path("lessons/m1/1.2-tap-swipe-hold.yaml"), 5, 2)
    install_pack(zip_folder(src, tmp_path / "v2.zip"), settings, now=T0)
    lib = load_library(active_content_dir(settings))
    new = lib.lessons[old.id]
    assert new.version == 2 and len(new.steps) == 3
    run = LessonRun(db, clock, who, new)
    assert run.player.step_index == 2 and not run.resumed.completed_before
    again = LessonRun(db, clock, who, lib.lessons[done_old.id])
    assert again.resumed.completed_before
    with db.transaction() as s:
        rows = progress.of_learner(s, who)
    assert rows[old.id].content_version == 2 and rows[old.id].current_step == 2
    assert rows[old.id].furthest_step == 6  # history is not rewritten
    assert rows[done_old.id].completed and rows[done_old.id].content_version == 5


def test_a_loader_crash_is_a_rejection_not_a_crash(tmp_path: Path, settings: Settings) -> None:
    """An invalid regex in a simulation is a named content error (file, field, line); the module
    that links the broken simulation is named too, and the old content stays."""
    src = content_copy(tmp_path)
    sim = src / "simulations" / "sim-03-judicial-record.yaml"
    sim.write_bytes(sim.read_bytes().replace(b"regex: '[12]'", b"regex: '[12'"))
    exc = _rejected(zip_folder(src, tmp_path / "re.zip"), settings)
    first = exc.errors[0]
    assert first.file == "re.zip:simulations/sim-03-judicial-record.yaml"
    assert first.field.endswith(".regex") and first.line > 0
    assert "regex" in first.message
    assert [e.file for e in exc.errors[1:]] == ["re.zip:modules.yaml"]
