from __future__ import annotations

from datetime import timedelta

import pytest

from asbdesk.core.conditions import (
    ConditionError,
    Facts,
    Incident,
    Phase,
    in_window,
    parse_condition,
)
from asbdesk.core.timeutil import months_before, parse_instant
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
