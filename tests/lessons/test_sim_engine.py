"""The simulation engine on its own: outcomes, guided targets, hesitation, reminders, scoring,
privacy of typed values, and robustness against any action sequence."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons.model import Text
from lessons.sim.engine import (
    REAL_DATA_REMINDER,
    WRONG_TAP,
    AttemptResult,
    Done,
    Enter,
    HangUp,
    Hint,
    Mark,
    Mistake,
    Ok,
    Reminder,
    SimulationEngine,
    Tap,
    Wait,
    check_passes,
    looks_real,
    password_ticks,
)
from lessons.sim.loader import load_scenarios
from lessons.sim.model import Check, Scenario

LIB = load_scenarios()


@dataclass
class FakeClock:
    """A clock the test moves by hand."""

    t: float = 1000.0

    def now(self) -> float:
        return self.t


def T(vi: str, en: str = "") -> dict[str, str]:
    return {"vi": vi, "en": en or vi}


def mini(**over: Any) -> Scenario:
    """A small scenario built in code, to reach every rule of the engine."""
    data: dict[str, Any] = {
        "id": "sim-99-test",
        "version": 3,
        "module": "m1",
        "title": T("Thử"),
        "goal": T("Thử"),
        "persona": T("Bà Lan"),
        "end": T("Hết"),
        "hesitation_s": 10,
        "card": [
            {"key": "id_number", "label": T("Số"), "value": "999 000 111 222", "kind": "id"},
            {"key": "phone", "label": T("Máy"), "value": "0000 111 222", "kind": "phone"},
            {"key": "name", "label": T("Tên"), "value": "Trần Thị Mai", "kind": "name"},
        ],
        "steps": [
            {
                "id": "a",
                "instruction": T("Nhập", "Type"),
                "screen": {
                    "kind": "form",
                    "app": T("App"),
                    "widgets": [
                        {"id": "f_exact", "kind": "text"},
                        {"id": "f_name", "kind": "text"},
                        {"id": "f_pw", "kind": "password"},
                        {"id": "f_again", "kind": "password"},
                        {"id": "f_money", "kind": "amount"},
                        {"id": "f_pre", "kind": "text", "value": "sẵn"},
                        {"id": "tick", "kind": "checkbox"},
                        {"id": "ok", "kind": "button"},
                        {"id": "off", "kind": "button", "disabled": True},
                        {"id": "oops", "kind": "button"},
                        {"id": "other", "kind": "button"},
                        {"id": "note", "kind": "label"},
                    ],
                },
                "expect": [
                    {
                        "tap": "ok",
                        "fields": [
                            {
                                "field": "f_exact",
                                "sample": "Xin Chào",
                                "checks": [
                                    {"exact": "xin  chào", "kind": "k_exact", "hint": T("đúng chữ")}
                                ],
                            },
                            {"field": "f_name", "checks": [{"card": "name", "kind": "k_name"}]},
                            {
                                "field": "f_pw",
                                "sample": "Ab1!abcd",
                                "checks": [{"password": True, "kind": "k_pw"}],
                            },
                            {
                                "field": "f_again",
                                "sample": "Ab1!abcd",
                                "checks": [{"same_as": "f_pw", "kind": "k_same"}],
                            },
                            {
                                "field": "f_money",
                                "sample": "45.000 đ",
                                "checks": [{"amount": 45000, "kind": "k_money"}],
                            },
                            {"field": "f_pre", "sample": "sẵn", "checks": [{"nonempty": True}]},
                            {"field": "tick", "checks": [{"checked": True, "kind": "k_tick"}]},
                        ],
                    },
                    {"tap": "other", "goto": "c"},
                ],
                "mistakes": [{"tap": "oops", "kind": "k_oops", "hint": T("ôi"), "stop": True}],
            },
            {
                "id": "b",
                "instruction": T("Bấm"),
                "hint": T("gợi ý b"),
                "screen": {"kind": "incoming_call", "app": T("Gọi")},
                "expect": [{"tap": "hang_up"}],
                "mistakes": [
                    {"wait": True, "kind": "k_wait", "hint": T("chờ lâu")},
                    {"tap": "answer", "kind": "k_answer", "hint": T("đừng"), "goto": "c"},
                ],
            },
            {
                "id": "c",
                "instruction": T("Chọn"),
                "optional": True,
                "screen": {"kind": "inbox_item", "app": T("Hộp thư")},
                "expect": [{"tap": "scam", "goto": "b"}],
            },
            {
                "id": "d",
                "instruction": T("Xong"),
                "screen": {
                    "kind": "notice",
                    "app": T("App"),
                    "widgets": [{"id": "fin", "kind": "button"}],
                },
                "expect": [{"tap": "fin"}],
            },
        ],
    }
    data.update(over)
    return Scenario.model_validate(data)


def fill_a(engine: SimulationEngine) -> None:
    for action in (
        Enter("f_exact", "Xin Chào"),
        Enter("f_name", "trần thị mai"),
        Enter("f_pw", "Ab1!abcd"),
        Enter("f_again", "Ab1!abcd"),
        Enter("f_money", "45.000 đ"),
        Tap("tick"),
    ):
        assert isinstance(engine.step(action), Ok)


def test_a_full_run_with_branches_and_scoring() -> None:
    clock = FakeClock()
    engine = SimulationEngine(mini(), "free", clock)
    assert engine.value("f_pre") == "sẵn"
    fill_a(engine)
    clock.t += 30
    out = engine.step(Tap("ok"))
    assert isinstance(out, Ok) and out.advanced and out.step_id == "b"
    assert engine.value("f_exact") == ""
    out = engine.step(Tap("answer"))
    assert isinstance(out, Mistake) and out.kind == "k_answer" and out.step_id == "c"
    assert isinstance(engine.step(Mark("scam")), Ok)
    assert engine.current.id == "b"
    out = engine.step(HangUp())
    assert isinstance(out, Ok) and out.step_id == "d"
    clock.t += 12.5
    done = engine.step(Tap("fin"))
    assert isinstance(done, Done)
    assert done.result == AttemptResult(
        scenario_id="sim-99-test",
        version=3,
        mode="free",
        steps_done=3,
        steps_total=3,
        mistakes=1,
        hints_used=0,
        duration_s=42.5,
        completed=True,
    )
    assert engine.finished
    assert engine.step(Tap("fin")) == done
    assert engine.tick() is None
    with pytest.raises(dataclasses.FrozenInstanceError):
        done.result.mistakes = 0  # type: ignore[misc]


@pytest.mark.parametrize(
    ("field", "bad", "kind"),
    [
        ("f_exact", "xin chao", "k_exact"),
        ("f_name", "Tran Thi Mai", "k_name"),
        ("f_pw", "abcdefgh", "k_pw"),
        ("f_again", "Ab1!abcX", "k_same"),
        ("f_money", "450000", "k_money"),
        ("f_pre", "  ", "invalid_value"),
    ],
)
def test_each_rule_reports_its_mistake_and_clears_only_that_field(
    field: str, bad: str, kind: str
) -> None:
    engine = SimulationEngine(mini(), "free", FakeClock())
    fill_a(engine)
    engine.step(Enter(field, bad))
    out = engine.step(Tap("ok"))
    assert isinstance(out, Mistake) and out.kind == kind and not out.stop
    assert engine.value(field) == ""
    assert engine.current.id == "a"
    if kind == "invalid_value":
        assert out.hint == engine.current.instruction


def test_checkbox_toggles_and_unticked_box_is_a_mistake() -> None:
    engine = SimulationEngine(mini(), "free", FakeClock())
    fill_a(engine)
    assert engine.value("tick") == "1"
    engine.step(Tap("tick"))
    assert engine.value("tick") == ""
    out = engine.step(Tap("ok"))
    assert isinstance(out, Mistake) and out.kind == "k_tick"


def test_wrong_taps_and_harmless_taps() -> None:
    engine = SimulationEngine(mini(), "guided", FakeClock())
    out = engine.step(Tap("oops"))
    assert isinstance(out, Mistake) and out.stop and out.hint.vi == "ôi"
    out = engine.step(Tap("other_unknown"))
    assert isinstance(out, Ok) and not out.advanced
    assert isinstance(engine.step(Tap("off")), Ok)
    assert isinstance(engine.step(Tap("note")), Ok)
    assert isinstance(engine.step(Enter("ok", "1")), Ok)
    assert isinstance(engine.step(Enter("nothing", "1")), Ok)
    fill_a(engine)
    engine.step(Tap("ok"))
    engine.step(Tap("answer"))
    out = engine.step(Tap("safe"))
    assert isinstance(out, Mistake) and out.kind == "wrong_target" and out.hint == WRONG_TAP
    assert engine.result().mistakes == 3


def test_guided_mode_glows_on_the_first_unfinished_field_then_the_button() -> None:
    engine = SimulationEngine(mini(), "guided", FakeClock())
    exp = engine.expected()
    assert exp.widget == "f_exact" and exp.instruction.en == "Type"
    engine.step(Enter("f_exact", "xin chào"))
    assert engine.expected().widget == "f_name"
    fill_a(engine)
    assert engine.expected().widget == "ok"


def test_hesitation_gives_one_hint_per_screen_from_the_clock() -> None:
    clock = FakeClock()
    engine = SimulationEngine(mini(), "free", clock)
    clock.t += 9
    assert engine.tick() is None
    clock.t += 2
    out = engine.tick()
    assert isinstance(out, Hint) and out.hint == engine.current.instruction
    clock.t += 100
    assert engine.tick() is None
    assert engine.result().hints_used == 1
    assert isinstance(engine.hint_now(), Hint)
    assert engine.result().hints_used == 2


def test_waiting_too_long_is_the_steps_own_mistake() -> None:
    clock = FakeClock()
    engine = SimulationEngine(mini(), "free", clock)
    fill_a(engine)
    engine.step(Tap("ok"))
    out = engine.step(Wait())
    assert isinstance(out, Mistake) and out.kind == "k_wait"
    assert isinstance(engine.hint_now(), Hint)
    assert engine.hint_now().hint.vi == "gợi ý b"


def test_real_looking_numbers_get_a_reminder_and_are_not_kept() -> None:
    engine = SimulationEngine(mini(), "free", FakeClock())
    for real in ("079058012345", "0912 345 678", "84912345678", "+84 912 345 678"):
        out = engine.step(Enter("f_exact", real))
        assert out == Reminder(REAL_DATA_REMINDER)
        assert engine.value("f_exact") == ""
    assert engine.result().mistakes == 0
    for fine in ("999000111222", "0000 111 222", "12345", "Lan@2024", ""):
        assert isinstance(engine.step(Enter("f_exact", fine)), Ok)


def test_looks_real() -> None:
    assert looks_real("001058012345")
    assert looks_real("0387 654 321")
    assert not looks_real("999058012345")
    assert not looks_real("0912345678", ("0912 345 678",))
    assert not looks_real("0212345678")
    assert not looks_real("abc")
    assert not looks_real("٠٩١٢٣٤٥٦٧٨")


def test_password_ticks() -> None:
    ticks = password_ticks("abc")
    assert [ok for _, ok in ticks] == [False, False, False, True, False]
    assert all(ok for _, ok in password_ticks("Lan@2024vn"))
    assert isinstance(ticks[0][0], Text)


def test_card_and_list_rules() -> None:
    sc = mini()
    assert check_passes(Check(card="id_number"), "999000111222", {}, sc)
    assert not check_passes(Check(card="id_number"), "999000111223", {}, sc)
    assert check_passes(Check(not_card="id_number"), "TL-1", {}, sc)
    assert not check_passes(Check(card="missing"), "x", {}, sc)
    assert check_passes(Check(not_in=["123456"]), "805316", {}, sc)
    assert not check_passes(Check(not_in=["123456"]), "123 456", {}, sc)
    assert check_passes(Check(digits=6), "123456", {}, sc)
    assert not check_passes(Check(digits=6), "12345a", {}, sc)
    assert check_passes(Check(regex="[12]"), "2", {}, sc)
    assert not check_passes(Check(amount=45000), "bốn lăm", {}, sc)


def test_variants_swap_and_prepend_steps() -> None:
    sc = LIB.get("sim-07")
    engine = SimulationEngine(sc, "guided", FakeClock(), "sticker")
    assert engine.variant == "sticker"
    with pytest.raises(KeyError):
        SimulationEngine(sc, "guided", FakeClock(), "nope")


def test_sim07_extra_zero_is_caught_and_the_run_continues() -> None:
    sc = LIB.get("sim-07")
    clock = FakeClock()
    engine = SimulationEngine(sc, "guided", clock)
    assert engine.expected().widget == "quet_qr"
    engine.step(Tap("quet_qr"))
    engine.step(Tap("ma_qr_sap"))
    assert engine.expected().widget == "so_tien"
    engine.step(Enter("so_tien", "450000"))
    out = engine.step(Tap("tiep_tuc"))
    assert isinstance(out, Mistake) and out.kind == "extra_zero"
    assert "bốn mươi lăm" in out.hint.vi
    engine.step(Enter("so_tien", "45.000"))
    assert isinstance(engine.step(Tap("tiep_tuc")), Ok)
    assert engine.current.id == "content"


action_st = st.one_of(
    st.builds(
        Tap,
        st.sampled_from(
            [
                "ok",
                "oops",
                "other",
                "tick",
                "hang_up",
                "answer",
                "safe",
                "scam",
                "fin",
                "off",
                "note",
                "zzz",
            ]
        ),
    ),
    st.builds(
        Enter,
        st.sampled_from(["f_exact", "f_name", "f_pw", "f_again", "f_money", "x"]),
        st.text(max_size=14),
    ),
    st.just(Wait()),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(action_st, max_size=40), st.lists(st.floats(0, 50), max_size=40))
def test_random_actions_only_ever_give_outcomes(actions: list[Any], gaps: list[float]) -> None:
    clock = FakeClock()
    engine = SimulationEngine(mini(), "free", clock)
    for i, action in enumerate(actions):
        clock.t += gaps[i] if i < len(gaps) else 1
        out = engine.step(action)
        assert isinstance(out, Ok | Mistake | Reminder | Hint | Done)
        tick = engine.tick()
        assert tick is None or isinstance(tick, Mistake | Hint)
        assert engine.expected().widget
    result = engine.result()
    assert 0 <= result.steps_done <= result.steps_total
    assert result.duration_s >= 0


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(sorted(LIB.scenarios)),
    st.lists(
        st.tuples(
            st.booleans(), st.integers(0, 30), st.text(alphabet="0123456789Aa@ ", max_size=13)
        ),
        max_size=30,
    ),
)
def test_random_actions_on_shipped_scenarios(
    sim_id: str, moves: list[tuple[bool, int, str]]
) -> None:
    engine = SimulationEngine(LIB.scenarios[sim_id], "guided", FakeClock())
    for tap, index, text in moves:
        screen = engine.screen
        if tap:
            ids = sorted(screen.tappable())
            out = engine.step(Tap(ids[index % len(ids)]) if ids else Wait())
        else:
            fields = screen.fields()
            out = engine.step(Enter(fields[index % len(fields)].id, text) if fields else Wait())
        assert isinstance(out, Ok | Mistake | Reminder | Hint | Done)
