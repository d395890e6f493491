"""Hypothesis strategies and targets for fuzzing the content loaders (tests and bench share them).

Three kinds of input, each bounded in size so one example cannot run away:

* mutated real files: a bundled lesson or simulation with bytes flipped, cut, duplicated or with
  YAML syntax spliced in (anchors, aliases, tags, flow brackets, tabs, huge numbers, bad dates);
* generated documents: a valid lesson whose fields are replaced by random YAML values;
* content packs: a small valid pack with random members added (odd names, links, random bytes),
  and raw zip bytes mutated.

A target returns normally when the loader accepted the input or raised ``ContentInvalid`` with at
least one error; anything else (another exception, an empty error list) is a failure.
"""

from __future__ import annotations

import contextlib
import copy
import io
import shutil
import stat
import tempfile
import warnings
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

from kiosk.config import Settings
from kiosk.errors import KioskError
from lessons.loader import CONTENT_DIR, Library, _check_lesson, load_library
from lessons.model import Lesson
from lessons.yamlsrc import ContentInvalid, parse_yaml, validate

MAX_EXAMPLE_BYTES = 64 * 1024
"""No generated file is larger than this (the per-example size bound)."""

LESSON_SEEDS = sorted((CONTENT_DIR / "lessons").rglob("*.yaml"))[:12]
SIM_SEEDS = sorted((CONTENT_DIR / "simulations").glob("*.yaml"))[:6]

SPLICES = [
    b"&a ",
    b"*a",
    b"<<: *a\n",
    b"!!python/object:os.system ",
    b"!!binary ",
    b"!!set ",
    b"!!timestamp 2026-13-45",
    b"2026-02-30",
    b"!!float ",
    b"!!int ",
    b"{",
    b"}",
    b"[",
    b"]",
    b": ",
    b"- ",
    b"\t",
    b"---\n",
    b"...\n",
    b"%YAML 1.1\n",
    b"? ",
    b"|\n",
    b">-\n",
    b"'",
    b'"',
    b"\\x",
    b"\\u00",
    b"#",
    b"\n  ",
    b"\n",
    b"~",
    b"null",
    b"true",
    b"1e999",
    b"9" * 5000,
    b"0x" + b"f" * 4500,
    b"\xff\xfe",
    b"\xc3",
    b"\x00",
    b"\xef\xbb\xbf",
    b"\xe2\x80\xa8",
    b"version: 0\n",
    b"steps: []\n",
    b"steps: {}\n",
    b"id: \n",
    b"images/../../../etc/passwd",
    b"&x [*x]",
    b"!<tag:yaml.org,2002:str> ",
    b"=",
]

BAD_REGEXES = [b"[12", b"(", b"*", b"(?P<", b"\\", b"a{2,1}", b"(?<=a+)b", b"[z-a]"]
"""Patterns ``re`` refuses to compile, spliced into a simulation's ``regex:`` checks."""


def _library() -> Library:
    global _LIB
    if _LIB is None:
        _LIB = load_library(CONTENT_DIR)
    return _LIB


_LIB: Library | None = None


@st.composite
def mutated(draw: st.DrawFn, seeds: list[Path], regex: bool = True) -> bytes:
    """A real content file with 1–8 random mutations (``regex``: also break ``regex:`` checks)."""
    data = bytearray(draw(st.sampled_from(seeds)).read_bytes())
    for _ in range(draw(st.integers(1, 8))):
        ops = ["flip", "cut", "dup", "splice", "lines", "truncate", "indent"]
        op = draw(st.sampled_from([*ops, "regex"] if regex else ops))
        pos = draw(st.integers(0, max(0, len(data) - 1)))
        if op == "regex":
            at = bytes(data).find(b"regex: '")
            if at >= 0:
                start = at + len(b"regex: '")
                end = bytes(data).find(b"'", start)
                if end > start:
                    data[start:end] = draw(st.sampled_from(BAD_REGEXES))
        elif op == "flip" and data:
            data[pos] = draw(st.integers(0, 255))
        elif op == "cut":
            del data[pos : pos + draw(st.integers(1, 200))]
        elif op == "dup":
            end = pos + draw(st.integers(1, 400))
            data[pos:pos] = data[pos:end]
        elif op == "splice":
            data[pos:pos] = draw(st.sampled_from(SPLICES))
        elif op == "lines":
            lines = bytes(data).split(b"\n")
            if len(lines) > 2:
                i = draw(st.integers(0, len(lines) - 1))
                j = draw(st.integers(0, len(lines) - 1))
                lines[i], lines[j] = lines[j], lines[i]
                data = bytearray(b"\n".join(lines))
        elif op == "truncate":
            del data[pos:]
        elif op == "indent":
            lines = bytes(data).split(b"\n")
            i = draw(st.integers(0, len(lines) - 1))
            lines[i] = b" " * draw(st.integers(1, 5)) + lines[i]
            data = bytearray(b"\n".join(lines))
    return bytes(data[:MAX_EXAMPLE_BYTES])


def yaml_values() -> st.SearchStrategy[Any]:
    """Any value a YAML document could hold (bounded)."""
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(2**70), 2**70),
        st.floats(allow_nan=True, allow_infinity=True),
        st.text(max_size=60),
        st.dates(),
        st.binary(max_size=20),
    )
    return st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=5),
            st.dictionaries(st.one_of(st.text(max_size=12), st.integers()), inner, max_size=5),
        ),
        max_leaves=30,
    )


_YAML_VALUES = yaml_values()
_DUMPER: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_SEED_DOCS: list[Any] = []


def _seed_docs() -> list[Any]:
    if not _SEED_DOCS:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        _SEED_DOCS.extend(
            yaml.load(p.read_text(encoding="utf-8"), Loader=loader) for p in LESSON_SEEDS
        )
    return _SEED_DOCS


@st.composite
def generated_lesson(draw: st.DrawFn) -> bytes:
    """A valid lesson with a few fields (or nested fields) replaced, added or removed."""
    doc = copy.deepcopy(draw(st.sampled_from(_seed_docs())))
    for _ in range(draw(st.integers(1, 4))):
        target: Any = doc
        path = draw(st.lists(st.integers(0, 20), min_size=0, max_size=3))
        for step in path:
            if isinstance(target, dict) and target:
                key = sorted(target, key=str)[step % len(target)]
                if isinstance(target[key], dict | list) and target[key]:
                    target = target[key]
            elif isinstance(target, list) and target:
                item = target[step % len(target)]
                if isinstance(item, dict | list) and item:
                    target = item
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        if isinstance(target, dict) and target:
            key = draw(st.sampled_from(sorted(target, key=str)))
            if action == "delete":
                del target[key]
            elif action == "replace":
                target[key] = draw(_YAML_VALUES)
            else:
                target[draw(st.text(min_size=1, max_size=10))] = draw(_YAML_VALUES)
        elif isinstance(target, list):
            if action == "delete" and target:
                target.pop()
            else:
                target.append(draw(_YAML_VALUES))
    try:
        raw = yaml.dump(doc, Dumper=_DUMPER, allow_unicode=True, sort_keys=False).encode("utf-8")
    except (yaml.YAMLError, UnicodeEncodeError):
        raw = b"id: [unserialisable"
    return raw[:MAX_EXAMPLE_BYTES]


def check_lesson_bytes(raw: bytes) -> str:
    """Run one lesson file through parsing, validation and the cross-file checks."""
    try:
        data, lines = parse_yaml(raw, "lessons/m1/fuzz.yaml")
        lesson = validate(Lesson, data, lines, "lessons/m1/fuzz.yaml")
    except ContentInvalid as exc:
        assert exc.errors, "ContentInvalid without errors"
        assert all(e.file == "lessons/m1/fuzz.yaml" for e in exc.errors)
        return "invalid"
    problems = _check_lesson(lesson, "lessons/m1/fuzz.yaml", lines, _library())
    return "invalid" if problems else "valid"


def check_sim_bytes(raw: bytes, workdir: Path) -> str:
    """Run one simulation file through the simulation loader (as a file named like a seed)."""
    from lessons.sim.loader import load_scenario

    sims = workdir / "simulations"
    sims.mkdir(parents=True, exist_ok=True)
    path = sims / SIM_SEEDS[0].name
    path.write_bytes(raw)
    try:
        load_scenario(path, CONTENT_DIR, label="simulations/fuzz.yaml")
    except ContentInvalid as exc:
        assert exc.errors, "ContentInvalid without errors"
        return "invalid"
    return "valid"


# ---- content packs ----------------------------------------------------------------------------
def small_pack_folder(dest: Path) -> Path:
    """A small valid content folder: modules.yaml, one module icon, one lesson, its images."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(CONTENT_DIR / "modules.yaml", dest / "modules.yaml")
    shutil.copytree(CONTENT_DIR / "images", dest / "images")
    (dest / "lessons" / "m1").mkdir(parents=True)
    shutil.copy(LESSON_SEEDS[0], dest / "lessons" / "m1" / LESSON_SEEDS[0].name)
    return dest


MEMBER_NAMES = st.one_of(
    st.sampled_from(
        [
            "../x.yaml",
            "/abs.yaml",
            "lessons/../../x.yaml",
            "lessons/m1/new.yaml",
            "images/a.svg",
            "lessons\\m1\\w.yaml",
            "modules.yaml",
            "lessons/m1/",
            "x/y/z.txt",
            "glossary/g.yaml",
            "simulations/sim-99.yaml",
            "lessons//m1/a.yaml",
            "lessons/./a.yaml",
            "C:/w.yaml",
            "lessons/m1/a.yml",
            "images/\x00.svg",
            "LESSONS/M1/A.YAML",
        ]
    ),
    st.text(min_size=1, max_size=30),
)


@st.composite
def pack_bytes(draw: st.DrawFn, base: bytes) -> bytes:
    """The small valid pack with random members added, or its raw bytes mutated."""
    if draw(st.booleans()):
        buf = io.BytesIO(base)
        with zipfile.ZipFile(buf, "a", zipfile.ZIP_DEFLATED) as zf:
            for _ in range(draw(st.integers(1, 4))):
                info = zipfile.ZipInfo(draw(MEMBER_NAMES))
                kind = draw(st.sampled_from(["file", "link", "fifo", "plain"]))
                mode = {
                    "file": stat.S_IFREG | 0o644,
                    "link": stat.S_IFLNK | 0o777,
                    "fifo": stat.S_IFIFO | 0o644,
                    "plain": 0o644,
                }[kind]
                info.external_attr = mode << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                payload = draw(
                    st.one_of(
                        st.binary(max_size=300), mutated(LESSON_SEEDS[:2]).map(lambda b: b[:4000])
                    )
                )
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")  # duplicate names are part of the fuzz
                    with contextlib.suppress(ValueError, UnicodeEncodeError):
                        zf.writestr(info, payload)
        return buf.getvalue()
    data = bytearray(base)
    for _ in range(draw(st.integers(1, 6))):
        pos = draw(st.integers(0, len(data) - 1))
        data[pos] = draw(st.integers(0, 255))
    return bytes(data)


def base_pack() -> bytes:
    """The small valid pack as zip bytes."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = small_pack_folder(Path(tmp) / "p")
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    zf.write(path, path.relative_to(folder).as_posix())
        return buf.getvalue()


def check_pack_bytes(raw: bytes, workdir: Path) -> str:
    """Install one pack into a fresh data folder; accepted or rejected with named errors."""
    from lessons.pack import PackRejected, install_pack

    data = workdir / "data"
    shutil.rmtree(data, ignore_errors=True)
    zpath = workdir / "fuzz.zip"
    zpath.write_bytes(raw)
    current = workdir / "current"
    if not current.exists():
        small_pack_folder(current)
    # The "current" content is the small folder, so comparing versions stays fast.
    settings = Settings(data_dir=data, kiosk_id="fuzz", content_dir=current)
    try:
        install_pack(zpath, settings, now=datetime(2026, 11, 22, tzinfo=UTC))
    except PackRejected as exc:
        assert exc.errors, "PackRejected without errors"
        return "invalid"
    except KioskError as exc:
        assert exc.message
        return "invalid"
    return "valid"
