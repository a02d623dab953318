from __future__ import annotations

from datetime import timedelta

import pytest
from ruamel.yaml import YAML

from asbdesk.core import conditions
from asbdesk.core.conditions import (
    ANSWER_OPS,
    OPERATORS,
    Condition,
    ConditionError,
    Facts,
    Incident,
    Operator,
    Phase,
    flow,
    in_window,
    operator_table,
    parse_condition,
)
from asbdesk.core.timeutil import months_before, parse_instant
from tests.conftest import REPO
from tests.core.conftest import NOW


def facts(**kw):
    base = dict(
        answers={},
        incident_code="801",
        incident_category="personal",
        channel="phone",
        now=NOW,
        incidents=(Incident(NOW, "801", "personal", ("now",)),),
        level_rank={"standard": 0, "medium": 1, "high": 2},
    )
    base.update(kw)
    return Facts(**base)


@pytest.mark.parametrize(
    ("condition", "answers", "expected"),
    [
        ({"answer": "q", "equals": True}, {"q": True}, True),
        ({"answer": "q", "equals": True}, {"q": False}, False),
        ({"answer": "q", "equals": True}, {}, False),
        ({"answer": "q", "equals": 1}, {"q": True}, False),  # a yes is not the number 1
        ({"answer": "q", "in": ["a", "b"]}, {"q": "b"}, True),
        ({"answer": "q", "in": ["a", "b"]}, {"q": "c"}, False),
        ({"answer": "q", "includes": "x"}, {"q": ("x", "y")}, True),
        ({"answer": "q", "includes": "z"}, {"q": ("x", "y")}, False),
        ({"answer": "q", "answered": True}, {"q": "anything"}, True),
        ({"answer": "q", "answered": False}, {}, True),
        ({"answer": "q", "at_least": 3}, {"q": 3}, True),
        ({"answer": "q", "at_least": 3}, {"q": 2.9}, False),
        ({"answer": "q", "at_most": 3}, {"q": 3}, True),
        ({"answer": "q", "greater_than": 3}, {"q": 3}, False),
        ({"answer": "q", "less_than": 3}, {"q": 2}, True),
        ({"answer": "q", "at_least": 1}, {"q": True}, False),  # booleans are not numbers
        ({"not": {"answer": "q", "equals": True}}, {"q": True}, False),
        ({"all": [{"answer": "q", "equals": True}, {"answer": "r", "equals": "x"}]}, {"q": True, "r": "x"}, True),
        ({"all": [{"answer": "q", "equals": True}, {"answer": "r", "equals": "x"}]}, {"q": True}, False),
        ({"any": [{"answer": "q", "equals": True}, {"answer": "r", "equals": "x"}]}, {"r": "x"}, True),
        ({"always": True}, {}, True),
    ],
)
def test_answer_conditions(condition, answers, expected):
    assert parse_condition(condition).evaluate(facts(answers=answers)) is expected


def test_flag_condition():
    assert parse_condition({"flag": "vulnerable_victim"}).evaluate(facts(flags=frozenset({"vulnerable_victim"})))
    assert not parse_condition({"flag": "vulnerable_victim"}).evaluate(facts())
    assert parse_condition({"flag": "location"}).max_phase() == Phase.QUESTIONS
    with pytest.raises(ConditionError, match="unknown flag kind 'dangerous'"):
        parse_condition({"flag": "dangerous"})


def test_incident_and_channel_conditions():
    f = facts(channel="walk-in")
    assert parse_condition({"incident": {"codes": [801]}}).evaluate(f)  # numbers read as codes
    assert not parse_condition({"incident": {"codes": ["802"]}}).evaluate(f)
    assert parse_condition({"incident": {"categories": ["personal"]}}).evaluate(f)
    assert parse_condition({"channel": "walk_in"}).evaluate(f)  # walk_in and walk-in are the same
    assert not parse_condition({"channel": "phone"}).evaluate(f)


def test_incident_count_includes_current_report_and_window():
    history = [
        Incident(NOW - timedelta(days=10), "802", "nuisance", ("a",)),
        Incident(NOW - timedelta(days=40), "801", "personal", ("b",)),
    ]
    f = facts(incidents=(facts().incidents[0], *history))
    assert parse_condition({"incidents": {"at_least": 2, "within_days": 30}}).evaluate(f)
    assert not parse_condition({"incidents": {"at_least": 3, "within_days": 30}}).evaluate(f)
    assert parse_condition({"incidents": {"at_least": 3}}).evaluate(f)  # no window: all of them
    assert not parse_condition({"incidents": {"at_least": 2, "categories": ["personal"], "within_days": 30}}).evaluate(
        f
    )


def test_window_edges_in_days():
    thirty = NOW - timedelta(days=30)
    assert in_window(thirty, NOW, 30, None)
    assert not in_window(thirty - timedelta(hours=1), NOW, 30, None)
    assert not in_window(thirty - timedelta(seconds=1), NOW, 30, None)
    assert in_window(NOW, NOW, 30, None)
    assert not in_window(NOW + timedelta(seconds=1), NOW, 30, None)  # the future is not history


def test_window_edges_in_calendar_months():
    six = months_before(NOW, 6)
    assert six == NOW.replace(month=5)
    assert in_window(six, NOW, None, 6)
    assert not in_window(six - timedelta(minutes=1), NOW, None, 6)


@pytest.mark.parametrize(
    ("moment", "months", "expected"),
    [
        ("2026-08-31T10:00:00Z", 6, "2026-02-28T10:00:00+00:00"),
        ("2028-08-31T10:00:00Z", 6, "2028-02-29T10:00:00+00:00"),
        ("2026-03-15T00:00:00Z", 6, "2025-09-15T00:00:00+00:00"),
        ("2026-01-31T23:59:00Z", 1, "2025-12-31T23:59:00+00:00"),
    ],
)
def test_months_before_clamps_to_month_end(moment, months, expected):
    assert months_before(parse_instant(moment), months).isoformat() == expected


def test_parse_instant_without_offset_is_utc():
    assert parse_instant("2026-11-23T14:05:00").utcoffset() == timedelta(0)
    with pytest.raises(ValueError, match="not an ISO 8601 time"):
        parse_instant("last tuesday")


def test_later_phase_facts():
    f = facts(level="medium", prompts=frozenset({"p1"}), prompt_kinds=frozenset({"emergency"}), grade="g", rag="amber")
    assert parse_condition({"level": {"at_least": "medium"}}).evaluate(f)
    assert not parse_condition({"level": {"at_least": "high"}}).evaluate(f)
    assert parse_condition({"level": "medium"}).evaluate(f)
    assert parse_condition({"prompt": "p1"}).evaluate(f)
    assert parse_condition({"prompt_kind": "emergency"}).evaluate(f)
    assert parse_condition({"grade": "g"}).evaluate(f)
    assert parse_condition({"rag": ["amber", "red"]}).evaluate(f)
    assert not parse_condition({"rag": "red"}).evaluate(f)


@pytest.mark.parametrize(
    ("condition", "phase"),
    [
        ({"answer": "q", "equals": True}, Phase.QUESTIONS),
        ({"all": [{"answer": "q", "equals": True}, {"repeat": True}]}, Phase.VULNERABILITY),
        ({"not": {"vulnerable": True}}, Phase.LEVELS),
        ({"any": [{"level": "high"}]}, Phase.PROMPTS),
        ({"prompt": "x"}, Phase.GRADING),
        ({"grade": "x"}, Phase.RAG),
        ({"rag": "red"}, Phase.OUTCOMES),
    ],
)
def test_phase_of_a_condition_is_its_latest_fact(condition, phase):
    assert parse_condition(condition).max_phase() == phase


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("q1 == yes", "a condition must be a mapping"),
        ({"answer": "q", "equals": True, "in": ["a"]}, "exactly one of"),
        ({"answer": "q"}, "exactly one of"),
        ({"eval": "__import__('os')"}, "unknown condition operator 'eval'"),
        ({"all": []}, "'all' needs a non-empty list"),
        ({"any": [{"answer": "q", "equals": True}, {"bogus": 1}]}, "unknown condition operator 'bogus'"),
        ({"answer": "q", "at_least": "three"}, "'at_least' needs a number"),
        ({"incidents": {"within_days": 30}}, "'incidents' needs 'at_least'"),
        ({"incidents": {"at_least": 0}}, "at least 1"),
        ({"incidents": {"at_least": 2, "days": 30}}, "unknown key(s) ['days']"),
        ({"incident": {"categories": ["rowdy"]}}, "unknown category 'rowdy'"),
        ({"channel": "email"}, "unknown channel 'email'"),
        ({"level": 3}, "'level' needs a level id"),
        ({"rag": "purple"}, "unknown RAG rating 'purple'"),
        ({"a": 1, "b": 2}, "exactly one operator"),
    ],
)
def test_malformed_conditions_are_named(data, message):
    with pytest.raises(ConditionError) as caught:
        parse_condition(data)
    assert message in str(caught.value)


def test_error_path_points_into_nested_condition():
    with pytest.raises(ConditionError) as caught:
        parse_condition({"any": [{"answer": "q", "equals": True}, {"not": {"bogus": 1}}]})
    assert caught.value.path == ("any", 1, "not")


def test_round_trip_to_data():
    data = {
        "all": [
            {"answer": "q", "in": ["a", "b"]},
            {"incidents": {"at_least": 3, "within_months": 6, "categories": ["personal"]}},
            {"not": {"level": {"at_least": "medium"}}},
        ]
    }
    assert parse_condition(data).to_data() == data


def test_equals_with_a_list_is_refused_not_silently_kept():
    # A regression the lint pass found: the numeric range check had cut the 'equals' type check off.
    from asbdesk.core.conditions import ConditionError, parse_condition

    with pytest.raises(ConditionError, match="'equals' needs true/false, an option id, a number or text"):
        parse_condition({"answer": "q1", "equals": ["a", "b"]})
    with pytest.raises(ConditionError, match="must be a number from"):
        parse_condition({"answer": "q1", "equals": 10**7})
    assert parse_condition({"answer": "q1", "equals": 5}).value == 5


# --------------------------------------------------------------------------- the language as one table (issue 12)

RICH = dict(
    answers={"q13": True, "dm_harm": "moderate", "factors": ("age",), "q4": "x", "people": 5},
    incident_code="405",
    channel="walk-in",
    flags=frozenset({"repeat_victim"}),
    incidents=(
        Incident(NOW, "405", "personal", ("now",)),
        Incident(NOW - timedelta(days=10), "801", "personal", ("a",)),
    ),
    repeat={"three_in_30_days": True},
    score_total=12,
    score_sections={"offence": 12},
    vulnerable=True,
    level="high",
    prompts=frozenset({"hate_attendance"}),
    prompt_kinds=frozenset({"emergency"}),
    grade="response",
    rag="red",
)
JUNK = [[], None, {}, "", 1.5, -1, True, [None], [[]], [{}], {"x": 1}, "q1 == yes", [1, 2]]


def _with(row: Operator, value):
    return {"answer": "q", row.name: value} if row.answer_test else {row.name: value}


@pytest.mark.parametrize("row", OPERATORS, ids=lambda row: row.name)
def test_every_operator_in_the_table_parses_round_trips_evaluates_and_has_its_phase(row):
    condition = parse_condition(row.example)
    assert type(condition) is row.node
    assert parse_condition(condition.to_data()) == condition
    assert condition.phase == row.phase and condition.max_phase() == row.phase
    assert condition.evaluate(facts(**RICH)) is True  # the example holds where its facts do
    # ... and, with none of those facts, only 'always: true' and a 'not' of a missing answer hold.
    assert condition.evaluate(facts()) is (row.name in ("always", "not"))
    assert YAML(typ="safe", pure=True).load(flow(row.example)) == row.example  # the docs' example is the YAML of it
    for junk in JUNK:
        try:
            parsed = parse_condition(_with(row, junk))
        except ConditionError:
            continue
        assert isinstance(parsed, Condition), (row.name, junk)
    for refused in ([], None, {}, [[]]):  # an empty list names nothing; None is no value
        with pytest.raises(ConditionError):
            parse_condition(_with(row, refused))


def test_the_table_gives_each_node_one_phase_and_every_node_a_row():
    phases: dict[type, set[Phase]] = {}
    for row in OPERATORS:
        phases.setdefault(row.node, set()).add(row.phase)
    assert all(len(p) == 1 for p in phases.values()), phases
    nodes = {c for c in vars(conditions).values() if isinstance(c, type) and issubclass(c, Condition)} - {Condition}
    assert nodes == set(phases)
    assert tuple(row.name for row in OPERATORS if row.answer_test) == ANSWER_OPS
    assert "includes_any" in ANSWER_OPS
    assert len({row.name for row in OPERATORS}) == len(OPERATORS)


def test_the_unknown_operator_message_lists_the_table():
    with pytest.raises(ConditionError) as caught:
        parse_condition({"bogus": 1})
    names = sorted([*(row.name for row in OPERATORS if not row.answer_test), "answer"])
    assert str(caught.value) == f"unknown condition operator 'bogus' (known: {', '.join(names)})"
    with pytest.raises(ConditionError, match="'includes_any' tests an answer: write it beside 'answer: <question id>'"):
        parse_condition({"includes_any": ["a"]})


def test_the_docs_table_is_the_operator_table():
    docs = (REPO / "docs" / "packs.md").read_text(encoding="utf-8")
    assert operator_table() in docs, "docs/packs.md: paste asbdesk.core.conditions.operator_table() in"
    for row in OPERATORS:
        assert f"{row.name}:" in docs or f"`{row.name}`" in docs, row.name


@pytest.mark.parametrize("key", ["flag", "channel", "grade", "rag"])
def test_an_empty_list_is_refused_with_a_message_not_a_crash(key):
    with pytest.raises(ConditionError) as caught:
        parse_condition({key: []})
    assert f"'{key}' needs one" in str(caught.value) and "not an empty list" in str(caught.value)
    assert caught.value.path == (key,)


@pytest.mark.parametrize(
    ("data", "path"),
    [
        ({"incident": {"codes": []}}, ("incident", "codes")),
        ({"incidents": {"at_least": 2, "categories": []}}, ("incidents", "categories")),
        ({"answer": "q", "includes_any": []}, ("includes_any",)),
        ({"answer": "q", "includes_any": ["a", 3]}, ("includes_any", 1)),
        ({"answer": "q", "in": ["a", ["b"]]}, ("in", 1)),
        ({"repeat": ""}, ("repeat",)),
        ({"score": {"at_least": 1, "section": ""}}, ("score", "section")),
        ({"level": ""}, ("level",)),
    ],
)
def test_lists_and_names_that_say_nothing_are_refused_at_their_place(data, path):
    with pytest.raises(ConditionError) as caught:
        parse_condition(data)
    assert caught.value.path == path


def test_flag_and_channel_lists_mean_any_of_them():
    flag = parse_condition({"flag": ["vulnerable_victim", "repeat_victim"]})
    assert flag.evaluate(facts(flags=frozenset({"repeat_victim"})))
    assert flag.evaluate(facts(flags=frozenset({"vulnerable_victim", "location"})))
    assert not flag.evaluate(facts(flags=frozenset({"location"})))
    assert not flag.evaluate(facts())
    assert flag.to_data() == {"flag": ["vulnerable_victim", "repeat_victim"]}
    assert parse_condition({"flag": "location"}).to_data() == {"flag": "location"}  # one stays one
    with pytest.raises(ConditionError, match="unknown flag kind 'dangerous'"):
        parse_condition({"flag": ["location", "dangerous"]})

    channel = parse_condition({"channel": ["walk_in", "Phone"]})  # each normalised
    assert channel.to_data() == {"channel": ["walk-in", "phone"]}
    assert channel.evaluate(facts(channel="walk-in")) and channel.evaluate(facts(channel="phone"))
    assert not parse_condition({"channel": ["walk-in"]}).evaluate(facts(channel="phone"))
    assert parse_condition({"channel": "walk in"}).to_data() == {"channel": "walk-in"}


def test_includes_any():
    condition = parse_condition({"answer": "factors", "includes_any": ["age", "disability"]})
    assert condition.evaluate(facts(answers={"factors": ("disability", "other")}))
    assert not condition.evaluate(facts(answers={"factors": ("other",)}))
    assert not condition.evaluate(facts(answers={"factors": "age"}))  # not a multiple-choice answer
    assert not condition.evaluate(facts())
    assert [(r.kind, r.name, r.question, r.path) for r in condition.refs()] == [
        ("question", "factors", None, ("answer",)),
        ("option", "age", "factors", ("includes_any", 0)),
        ("option", "disability", "factors", ("includes_any", 1)),
    ]
    assert condition.to_data() == {"answer": "factors", "includes_any": ["age", "disability"]}
