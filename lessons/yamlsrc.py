"""Read YAML content while keeping the line of every field, and validate it against a closed schema.

Every problem becomes a :class:`ContentError` that names the file, the field and the line, in plain
words, so that a content author (or an admin importing a content pack) can find and fix it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

MAX_FILE_BYTES = 512 * 1024
"""A lesson or simulation file larger than this is refused before parsing (content packs, fuzzing)."""

MAX_NODES = 20_000
"""Most values (after expanding aliases) one file may hold; bundled files have under 1,000."""

M = TypeVar("M", bound=BaseModel)

_COMPOSER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's parser when PyYAML has it (about ten times faster), else the pure-Python one."""


@dataclass(frozen=True)
class ContentError:
    """One problem in one content file.

    Attributes:
        file: path of the file as given to the loader.
        field: dotted path of the field, e.g. ``steps[2].text.vi``; empty for the whole file.
        line: 1-based line number, or 0 when unknown.
        message: what is wrong, in plain words.
    """

    file: str
    field: str
    line: int
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        field = f" [{self.field}]" if self.field else ""
        return f"{where}{field}: {self.message}"


class ContentInvalid(Exception):
    """Raised when a content file cannot be loaded; carries every :class:`ContentError` found."""

    def __init__(self, errors: Iterable[ContentError]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(str(e) for e in self.errors))


LineMap = dict[tuple[str | int, ...], int]


def _build(node: yaml.Node, path: tuple[str | int, ...], lines: LineMap, file: str) -> Any:
    """Turn a composed YAML node into plain Python data, recording the line of every path."""
    lines[path] = node.start_mark.line + 1
    if len(lines) > MAX_NODES:  # aliases can expand a small file into billions of values
        raise ContentInvalid(
            [
                ContentError(
                    file,
                    dotted(path),
                    node.start_mark.line + 1,
                    f"Tệp có quá nhiều giá trị (tối đa {MAX_NODES}); kiểm tra các bí danh '*'.",
                )
            ]
        )
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            try:
                key = (
                    yaml.safe_load(yaml.serialize(key_node))
                    if not isinstance(key_node, yaml.ScalarNode)
                    else key_node.value
                )
            except (yaml.YAMLError, ValueError, TypeError, OverflowError):
                key = None  # a complex key that does not even construct: not text either
            if not isinstance(key, str):
                raise ContentInvalid(
                    [
                        ContentError(
                            file,
                            dotted(path),
                            key_node.start_mark.line + 1,
                            "Tên trường phải là chữ (a field name must be text).",
                        )
                    ]
                )
            if key in out:
                raise ContentInvalid(
                    [
                        ContentError(
                            file,
                            dotted((*path, key)),
                            key_node.start_mark.line + 1,
                            f"Trường '{key}' bị lặp lại (field '{key}' appears twice).",
                        )
                    ]
                )
            out[key] = _build(value_node, (*path, key), lines, file)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(v, (*path, i), lines, file) for i, v in enumerate(node.value)]
    # Scalars: let the safe constructor resolve the tag (int, bool, str, null ...).
    loader = yaml.SafeLoader("")
    try:
        value = loader.construct_object(node, deep=True)
    except (ValueError, TypeError, OverflowError) as exc:  # 2026-13-45, !!float abc, 5000 digits
        raise ContentInvalid(
            [
                ContentError(
                    file,
                    dotted(path),
                    node.start_mark.line + 1,
                    f"Giá trị không hợp lệ: {str(exc)[:120]}.",
                )
            ]
        ) from exc
    finally:
        loader.dispose()
    if isinstance(value, str):
        value = unicodedata.normalize("NFC", value)
    return value


def dotted(path: Iterable[str | int]) -> str:
    """A field path as people read it: ``steps[2].text.vi``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def read_yaml(path: Path, *, label: str | None = None) -> tuple[Any, LineMap]:
    """Parse one YAML file into plain data (strings NFC-normalised) and a map of field lines.

    Args:
        path: the file to read.
        label: how to name the file in errors (defaults to the path).

    Returns:
        The data and a map from field path tuples to 1-based line numbers.

    Raises:
        ContentInvalid: the file is missing, too large, not UTF-8, or not valid YAML.
    """
    name = label or str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ContentInvalid(
            [ContentError(name, "", 0, f"Không đọc được tệp ({exc.strerror}).")]
        ) from exc
    return parse_yaml(raw, name)


def parse_yaml(raw: bytes, name: str) -> tuple[Any, LineMap]:
    """Parse YAML bytes (see :func:`read_yaml`)."""
    if len(raw) > MAX_FILE_BYTES:
        raise ContentInvalid(
            [ContentError(name, "", 0, f"Tệp quá lớn ({len(raw)} byte, tối đa {MAX_FILE_BYTES}).")]
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ContentInvalid(
            [
                ContentError(
                    name, "", 0, "Tệp không phải văn bản UTF-8 (the file is not UTF-8 text)."
                )
            ]
        ) from exc
    try:
        node = yaml.compose(text, Loader=_COMPOSER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        raise ContentInvalid(
            [ContentError(name, "", line, f"Lỗi cú pháp YAML: {exc.problem or exc}.")]
        ) from exc
    except (yaml.YAMLError, RecursionError, ValueError) as exc:
        raise ContentInvalid([ContentError(name, "", 0, f"Lỗi cú pháp YAML: {exc}.")]) from exc
    if node is None:
        raise ContentInvalid([ContentError(name, "", 1, "Tệp trống (the file is empty).")])
    lines: LineMap = {}
    try:
        data = _build(node, (), lines, name)
    except RecursionError as exc:
        raise ContentInvalid([ContentError(name, "", 0, "Tệp lồng nhau quá sâu.")]) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 0
        raise ContentInvalid(
            [ContentError(name, "", line, f"Giá trị không hợp lệ: {exc}.")]
        ) from exc
    return data, lines


def line_of(lines: LineMap, loc: tuple[str | int, ...]) -> int:
    """The line of the deepest known ancestor of ``loc`` (a missing field points at its parent)."""
    for n in range(len(loc), -1, -1):
        if loc[:n] in lines:
            return lines[loc[:n]]
    return 0


_MESSAGES = {
    "extra_forbidden": "trường này không có trong mẫu (unknown field)",
    "missing": "thiếu trường bắt buộc (required field is missing)",
    "string_type": "phải là chữ (must be text)",
    "int_type": "phải là số nguyên (must be a whole number)",
    "int_parsing": "phải là số nguyên (must be a whole number)",
    "bool_type": "phải là true hoặc false",
    "list_type": "phải là một danh sách (must be a list)",
    "dict_type": "phải là một nhóm trường (must be a mapping)",
    "model_type": "phải là một nhóm trường (must be a mapping)",
    "literal_error": "giá trị không được phép (value not allowed)",
    "too_short": "quá ít mục (too few items)",
    "too_long": "quá nhiều mục (too many items)",
    "string_too_short": "không được để trống (must not be empty)",
}


def _clean_loc(loc: tuple[str | int, ...], lines: LineMap) -> tuple[str | int, ...]:
    """Drop the union tags pydantic inserts into a location, keeping real fields and the last part."""
    out: tuple[str | int, ...] = ()
    for i, part in enumerate(loc):
        if (*out, part) in lines or i == len(loc) - 1:
            out = (*out, part)
    return out


def validate(model: type[M], data: Any, lines: LineMap, name: str) -> M:
    """Validate plain data against a closed pydantic model.

    Raises:
        ContentInvalid: with one :class:`ContentError` per problem, each naming field and line.
    """
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = []
        for err in exc.errors(include_url=False):
            loc = _clean_loc(tuple(p for p in err["loc"] if isinstance(p, str | int)), lines)
            base = _MESSAGES.get(err["type"], "")
            detail = err["msg"]
            if err["type"] == "value_error":
                detail = detail.removeprefix("Value error, ")
                message = detail
            else:
                message = f"{base} — {detail}" if base else detail
            errors.append(ContentError(name, dotted(loc), line_of(lines, loc), message))
        raise ContentInvalid(errors) from exc


def load_model(model: type[M], path: Path, *, label: str | None = None) -> M:
    """Read and validate one file in one call."""
    name = label or str(path)
    data, lines = read_yaml(path, label=name)
    return validate(model, data, lines, name)
