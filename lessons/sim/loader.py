"""Load the practice simulations and check each one beyond its schema.

Cross-checks, each naming file, field and line: the file name matches the id; widget ids are unique
on a screen; every tap, field and keypad points at a widget of that screen; every ``goto`` and every
replaced step exists; every card key exists; every image exists; every sample passes its checks and
every ``bad`` example fails the check it sits on.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from lessons.sim.engine import DONE, check_passes
from lessons.sim.model import FIELD_KINDS, FieldRule, Scenario, Step
from lessons.sim.script import sample_of
from lessons.yamlsrc import (
    ContentError,
    ContentInvalid,
    LineMap,
    dotted,
    line_of,
    read_yaml,
    validate,
)

log = logging.getLogger(__name__)

CONTENT_DIR = Path(__file__).resolve().parent.parent / "content"
"""The content folder bundled with the application (``simulations/`` and ``images/`` inside)."""

Loc = tuple[str | int, ...]


@dataclass
class SimLibrary:
    """Every scenario that loaded, by id, and the problems of the files that did not."""

    root: Path
    scenarios: dict[str, Scenario] = field(default_factory=dict)
    errors: list[ContentError] = field(default_factory=list)

    def get(self, sim_id: str) -> Scenario:
        """The scenario with this id, or the first whose id starts with it (``sim-07``)."""
        if sim_id in self.scenarios:
            return self.scenarios[sim_id]
        for key in sorted(self.scenarios):
            if key.startswith(sim_id):
                return self.scenarios[key]
        raise KeyError(sim_id)


class _Checker:
    def __init__(self, sc: Scenario, name: str, lines: LineMap, root: Path, stem: str) -> None:
        self.sc, self.name, self.lines, self.root, self.stem = sc, name, lines, root, stem
        self.errors: list[ContentError] = []

    def err(self, loc: Loc, msg: str) -> None:
        self.errors.append(ContentError(self.name, dotted(loc), line_of(self.lines, loc), msg))

    def run(self) -> list[ContentError]:
        sc = self.sc
        if sc.id != self.stem:
            self.err(("id",), f"id '{sc.id}' phải trùng tên tệp '{self.stem}'")
        ids = [s.id for s in sc.steps]
        all_ids = set(ids) | {s.id for v in sc.variants for s in (*v.prepend, *v.extra)}
        self._unique(ids, ("steps",))
        keys = [e.key for e in sc.card]
        self._unique(keys, ("card",))
        for i, step in enumerate(sc.steps):
            self.step(step, ("steps", i), all_ids)
        for v, var in enumerate(sc.variants):
            for part in ("prepend", "extra"):
                for k, step in enumerate(getattr(var, part)):
                    self.step(step, ("variants", v, part, k), all_ids)
            for k, step in enumerate(var.replace):
                loc: Loc = ("variants", v, "replace", k)
                if step.id not in ids:
                    self.err((*loc, "id"), f"không có bước '{step.id}' để thay")
                self.step(step, loc, all_ids)
        return self.errors

    def _unique(self, ids: list[str], loc: Loc) -> None:
        for i, x in enumerate(ids):
            if x in ids[:i]:
                self.err((*loc, i), f"'{x}' bị lặp lại")

    def step(self, step: Step, loc: Loc, all_ids: set[str]) -> None:
        screen = step.screen
        wids = [w.id for w in screen.widgets]
        self._unique(wids, (*loc, "screen", "widgets"))
        taps = screen.tappable()
        for j, w in enumerate(screen.widgets):
            wloc: Loc = (*loc, "screen", "widgets", j)
            if w.kind == "keypad" and (w.field is None or w.field not in wids):
                self.err((*wloc, "field"), f"bàn phím '{w.id}' không trỏ tới ô nhập nào")
            if w.image is not None and not (self.root / w.image).is_file():
                self.err((*wloc, "image"), f"không tìm thấy hình '{w.image}'")
        for j, exp in enumerate(step.expect):
            eloc: Loc = (*loc, "expect", j)
            if exp.tap not in taps:
                self.err((*eloc, "tap"), f"trên màn hình không có nút '{exp.tap}' để bấm")
            self.goto(exp.goto, (*eloc, "goto"), all_ids)
            for k, rule in enumerate(exp.fields):
                self.field_rule(rule, step, (*eloc, "fields", k))
        for j, m in enumerate(step.mistakes):
            mloc: Loc = (*loc, "mistakes", j)
            if m.tap is not None and m.tap not in taps:
                self.err((*mloc, "tap"), f"trên màn hình không có nút '{m.tap}' để bấm")
            if m.tap is not None and any(e.tap == m.tap for e in step.expect):
                self.err((*mloc, "tap"), f"'{m.tap}' vừa là lỗi vừa là hành động đúng")
            self.goto(m.goto, (*mloc, "goto"), all_ids)

    def goto(self, target: str | None, loc: Loc, all_ids: set[str]) -> None:
        if target is not None and target != DONE and target not in all_ids:
            self.err(loc, f"không có bước '{target}' để chuyển tới")

    def field_rule(self, rule: FieldRule, step: Step, loc: Loc) -> None:
        w = step.screen.widget(rule.field)
        if w is None or (w.kind not in FIELD_KINDS and w.kind != "checkbox"):
            self.err((*loc, "field"), f"trên màn hình không có ô nhập '{rule.field}'")
            return
        for k, check in enumerate(rule.checks):
            for key in (check.card, check.not_card):
                if key is not None and self.sc.card_value(key) is None:
                    self.err((*loc, "checks", k), f"thẻ tập luyện không có mục '{key}'")
                    return
            if check.same_as is not None and step.screen.widget(check.same_as) is None:
                self.err((*loc, "checks", k, "same_as"), f"không có ô '{check.same_as}'")
                return
        sample = sample_of(rule, self.sc) or ("1" if w.kind == "checkbox" else "")
        others = self._samples(step)
        for k, check in enumerate(rule.checks):
            if not check_passes(check, sample, others, self.sc):
                self.err((*loc, "sample"), f"giá trị mẫu không qua kiểm tra số {k + 1}")
            if check.bad is not None and check_passes(check, check.bad, others, self.sc):
                self.err((*loc, "checks", k, "bad"), "ví dụ sai 'bad' lại qua được kiểm tra này")

    def _samples(self, step: Step) -> dict[str, str]:
        return {r.field: sample_of(r, self.sc) for r in step.expect[0].fields}


def load_scenario(path: Path, root: Path = CONTENT_DIR, *, label: str | None = None) -> Scenario:
    """Read, validate and cross-check one scenario file.

    Raises:
        ContentInvalid: naming file, field and line of every problem.
    """
    name = label or str(path)
    data, lines = read_yaml(path, label=name)
    sc = validate(Scenario, data, lines, name)
    errors = _Checker(sc, name, lines, root, path.stem).run()
    if errors:
        raise ContentInvalid(errors)
    return sc


def load_scenarios(root: Path = CONTENT_DIR) -> SimLibrary:
    """Load every ``simulations/*.yaml`` under ``root``; broken files are left out and reported."""
    lib = SimLibrary(root=root)
    for path in sorted((root / "simulations").glob("*.yaml")):
        name = str(path.relative_to(root.parent)) if path.is_relative_to(root.parent) else str(path)
        try:
            sc = load_scenario(path, root, label=name)
        except ContentInvalid as exc:
            lib.errors.extend(exc.errors)
            log.warning("simulation left out: %s", exc)
            continue
        if sc.id in lib.scenarios:
            lib.errors.append(ContentError(name, "id", line_of({}, ()), f"id '{sc.id}' bị trùng"))
            continue
        lib.scenarios[sc.id] = sc
    return lib
