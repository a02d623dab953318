"""Bad headless input is refused with the field named, never half-accepted."""

from __future__ import annotations

import pytest

from asbdesk.core.call import InputError, parse_call
from tests.core.conftest import ago, shipped

GOOD = {"incident_code": "801", "now": "2026-11-23T14:05:00Z"}


def refuse(data: dict) -> InputError:
    with pytest.raises(InputError) as caught:
        parse_call(shipped("default"), data)
    return caught.value


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"incident_code": "999"}, "incident_code", "unknown incident code '999'"),
        ({"incident_code": None}, "incident_code", "is required"),
        ({"now": "yesterday"}, "now", "not an ISO 8601 time"),
        ({"channel": "email"}, "channel", "must be one of phone, walk-in"),
        ({"answers": {"q99": True}}, "answers.q99", "unknown question id 'q99'"),
        ({"answers": {"weapons": "yes"}}, "answers.weapons", "give true or false"),
        ({"answers": {"weapons": 1}}, "answers.weapons", "give true or false"),
        ({"answers": {"dm_harm": "awful"}}, "answers.dm_harm", "'awful' is not an option of 'dm_harm'"),
        ({"answers": {"vulnerability_factors": "age"}}, "answers.vulnerability_factors", "takes a list of option ids"),
        (
            {"answers": {"vulnerability_factors": ["age", "shoe_size"]}},
            "answers.vulnerability_factors",
            "'shoe_size' is not an option",
        ),
        ({"answers": {"what_happening": 42}}, "answers.what_happening", "takes text"),
        ({"answers": []}, "answers", "must be an object"),
        ({"declined": {"consent": "busy"}}, "declined.consent", "unknown reason 'busy'"),
        ({"declined": {"nope": "caller_declined"}}, "declined.nope", "unknown question id"),
        (
            {"answers": {"consent": True}, "declined": {"consent": "caller_declined"}},
            "declined.consent",
            "both answered and declined",
        ),
        ({"history": {}}, "history", "must be a list"),
        ({"history": [{"incident_code": "801"}]}, "history[0].occurred_at", "is required"),
        ({"history": [{"occurred_at": "soon", "incident_code": "801"}]}, "history[0].occurred_at", "not an ISO 8601"),
        ({"history": [{"occurred_at": ago(days=1)}]}, "history[0].incident_code", "must be an incident code"),
        ({"rationale": {"mood": "calm"}}, "rationale.mood", "unknown THRIVE heading"),
        ({"flags": ["grumpy"]}, "flags[0]", "unknown flag kind 'grumpy'"),
        ({"flags": "vulnerable_victim"}, "flags", "must be a list of flag kinds"),
    ],
)
def test_bad_input_names_the_field(change, field, words):
    error = refuse({**GOOD, **change})
    assert error.field == field
    assert words in error.message


def test_not_an_object():
    assert refuse([1, 2]).field == "input"


def test_missing_now():
    assert refuse({"incident_code": "801"}).field == "now"


def test_numeric_code_and_walk_in_spelling_accepted():
    call = parse_call(shipped("default"), {**GOOD, "incident_code": 801, "channel": "Walk_in"})
    assert (call.incident_code, call.channel) == ("801", "walk-in")


def test_answers_are_canonical():
    call = parse_call(
        shipped("default"),
        {**GOOD, "answers": {"vulnerability_factors": ["hatred", "age", "age"], "weapons": None}},
    )
    assert call.answers == {"vulnerability_factors": ("age", "hatred")}  # option order, no repeats; null = unanswered


def test_history_codes_outside_the_pack_are_kept_with_a_warning():
    from tests.core.conftest import run

    result = run("default", {"incident_code": "801", "history": [{"occurred_at": ago(days=2), "incident_code": "XYZ"}]})
    assert result.repeat.count == 2
    assert result.warnings == ("history incident code 'XYZ' is not in pack 'default': counted as category 'other'",)
