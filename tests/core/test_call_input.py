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


# ------------------------------------------------------------------ the caller (issue 21.7)

CALLER = {
    "name": "Elsie Garside",
    "phone": "0113 496 0555",
    "address": {"line1": "4 Canal Row", "town": "Leeds", "postcode": "LS1 4AP"},
    "flags": [{"kind": "vulnerable_victim", "officer_action": "Visit in person; do not leave a card"}],
}


def test_a_caller_is_read_with_the_number_in_e164_and_the_postcode_tidied():
    call = parse_call(
        shipped("default"),
        {
            **GOOD,
            "caller": {
                **CALLER,
                "phone": "(0113) 496-0555",
                "address": {"line1": " 4 Canal Row ", "postcode": "ls14ap"},
            },
        },
    )
    assert call.caller is not None
    assert (call.caller.name, call.caller.phone, call.caller.address) == (
        "Elsie Garside",
        "+441134960555",
        "4 Canal Row, LS1 4AP",
    )
    [flag] = call.caller.flags
    assert (flag.kind, flag.subject, flag.officer_action) == (
        "vulnerable_victim",
        "person",
        "Visit in person; do not leave a card",
    )
    assert call.flags == ("vulnerable_victim",)  # an active flag the pack's rules read too
    assert parse_call(shipped("default"), GOOD).caller is None  # left out: not known
    assert parse_call(shipped("default"), {**GOOD, "caller": None}).caller is None


@pytest.mark.parametrize(
    ("caller", "field", "words"),
    [
        ("Elsie", "caller", "must be an object {name, phone, address, email, flags}"),
        ({}, "caller", "give at least one of name, phone, address or email"),
        ({"email": "elsie at example.org"}, "caller.email", "'elsie at example.org' is not an e-mail address"),
        ({"email": 42}, "caller.email", "must be text, not 42"),
        ({"nmae": "Elsie"}, "caller.nmae", "unknown key; did you mean 'name'?"),
        ({"name": 42}, "caller.name", "must be text, not 42"),
        ({"name": "Elsie\x1b[2J"}, "caller.name", "contains a control character (U+001B) at position 6"),
        ({"name": "Elsie\u202e"}, "caller.name", "bidirectional text control (U+202E)"),
        ({"phone": "12345"}, "caller.phone", "'12345' is not a valid phone number"),
        ({"phone": "not a number"}, "caller.phone", "is not a phone number"),
        ({"address": "4 Canal Row"}, "caller.address", "must be an object {line1, town, postcode}"),
        ({"address": {"town": "Leeds"}}, "caller.address", "give at least the first line or the postcode"),
        (
            {"address": {"line1": "4 Canal Row", "postcode": "LS1"}},
            "caller.address.postcode",
            "'LS1' is not a UK postcode",
        ),
        ({"address": {"line": "4 Canal Row"}}, "caller.address.line", "did you mean 'line1'?"),
        ({"name": "E", "flags": {"kind": "location"}}, "caller.flags", "must be a list"),
        ({"name": "E", "flags": ["location"]}, "caller.flags[0]", "must be an object"),
        ({"name": "E", "flags": [{"kind": "angry"}]}, "caller.flags[0].kind", "unknown flag kind 'angry'"),
        (
            {"name": "E", "flags": [{"kind": "location", "on": "car"}]},
            "caller.flags[0].on",
            "must be one of person, location, phone",
        ),
        (
            {"name": "E", "flags": [{"kind": "location", "officer": "x"}]},
            "caller.flags[0].officer",
            "did you mean 'officer_action'?",
        ),
        (
            {"name": "E", "flags": [{"kind": "location", "inform": "\x00"}]},
            "caller.flags[0].inform",
            "control character (U+0000)",
        ),
    ],
)
def test_a_bad_caller_is_refused_naming_the_field(caller, field, words):
    error = refuse({**GOOD, "caller": caller})
    assert error.field == field and words in error.message, (error.field, error.message)


def test_caller_flags_at_and_over_the_limit():
    from asbdesk.core.call import MAX_CALLER_FLAGS

    flags = [{"kind": "location", "on": "location"}] * MAX_CALLER_FLAGS
    assert (
        len(parse_call(shipped("default"), {**GOOD, "caller": {"name": "E", "flags": flags}}).caller.flags)
        == MAX_CALLER_FLAGS
    )
    error = refuse({**GOOD, "caller": {"name": "E", "flags": [*flags, flags[0]]}})
    assert error.field == "caller.flags" and f"the limit is {MAX_CALLER_FLAGS}" in error.message
