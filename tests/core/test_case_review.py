"""The ASB Case Review counted as the Act counts (issue 21.1) and harassment from the
caller's account of a course of conduct (issue 21.2), on every shipped pack.

2014 Act s104(1)(a): a complaint by "that person, or any other person"; s104(4): three
qualifying complaints in six months; s105(1): behaviour causing harassment, alarm or
distress, whatever it was logged as; s104(11): made within one month of the behaviour.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from asbdesk.core.call import InputError, parse_call
from asbdesk.core.packs.national import CASE_REVIEW_ASSUMED
from tests.conftest import PACKS
from tests.core.conftest import engine, shipped

PACK_IDS = sorted(p.name for p in PACKS.iterdir() if p.is_dir())
CASE_REVIEW = "national.case_review"
HARASSMENT = "national.crime_recording.harassment"
# Six calendar months before 23 Dec 2026 is 23 Jun 2026: 183 days.
NOW = datetime(2026, 12, 23, 14, 5, tzinfo=UTC)


def first_code(pack_id: str) -> str:
    return shipped(pack_id).data.codes[0].code


def assess(pack_id: str, **data: Any):
    data = {"incident_code": first_code(pack_id), "now": NOW.isoformat(), **data}
    return engine(pack_id).assess(parse_call(shipped(pack_id), data))


def complaint(days: float, code: str, **more: Any) -> dict[str, Any]:
    return {"occurred_at": (NOW - timedelta(days=days)).isoformat(), "incident_code": code, **more}


def prompt(result, prompt_id: str):
    return next((p for p in result.prompts if p.id == prompt_id), None)


@pytest.mark.parametrize("pack_id", PACK_IDS)
def test_three_complaints_meet_it_and_two_do_not(pack_id):
    code = first_code(pack_id)
    two_before = [complaint(10, code), complaint(50, code)]
    assert prompt(assess(pack_id, history=two_before), CASE_REVIEW) is not None  # 3 with this report
    assert prompt(assess(pack_id, history=two_before[:1]), CASE_REVIEW) is None  # 2 with this report


@pytest.mark.parametrize("pack_id", PACK_IDS)
def test_six_calendar_months_day_182_counts_and_day_184_does_not(pack_id):
    code = first_code(pack_id)
    assert prompt(assess(pack_id, history=[complaint(10, code), complaint(182, code)]), CASE_REVIEW) is not None
    assert prompt(assess(pack_id, history=[complaint(10, code), complaint(184, code)]), CASE_REVIEW) is None


@pytest.mark.parametrize("pack_id", PACK_IDS)
def test_a_neighbours_complaint_at_the_address_counts(pack_id):
    code = first_code(pack_id)
    mine = [complaint(10, code, incident_id="REF-1")]
    neighbour = [complaint(30, code, incident_id="REF-2")]
    assert prompt(assess(pack_id, history=mine), CASE_REVIEW) is None
    fired = prompt(assess(pack_id, history=mine, address_history=neighbour), CASE_REVIEW)
    assert fired is not None
    # The prompt names what it counted, whose it was, and what it assumed.
    assert fired.because[0].startswith("this report (2026-12-23)")
    assert any("REF-1 (the caller's)" in line for line in fired.because)
    assert any("REF-2 (at the caller's address, by another person)" in line for line in fired.because)
    assert CASE_REVIEW_ASSUMED in fired.text


@pytest.mark.parametrize("pack_id", PACK_IDS)
def test_one_incident_reported_by_the_caller_and_at_the_address_counts_once(pack_id):
    code = first_code(pack_id)
    mine = [complaint(10, code, incident_id="REF-1")]
    same = [complaint(10, code, incident_id="REF-1")]  # the caller's own, seen again at the address
    assert prompt(assess(pack_id, history=mine, address_history=same), CASE_REVIEW) is None
    twice_at_address = [complaint(30, code, incident_id="N-9"), complaint(29, code, incident_id="N-9")]
    assert prompt(assess(pack_id, address_history=twice_at_address), CASE_REVIEW) is None
    assert prompt(assess(pack_id, address_history=[*twice_at_address, *mine]), CASE_REVIEW) is not None


@pytest.mark.parametrize(("pack_id", "code"), [("default", "480"), ("default", "400"), ("west-yorkshire", "401")])
def test_complaints_under_crime_codes_count(pack_id, code):
    history = [complaint(10, code), complaint(40, "405")]
    assert prompt(assess(pack_id, history=history), CASE_REVIEW) is not None
    assert prompt(assess(pack_id, history=history[:1]), CASE_REVIEW) is None


def test_a_complaint_made_more_than_a_month_after_the_behaviour_does_not_qualify():
    late = complaint(20, "802", behaviour_at=(NOW - timedelta(days=60)).isoformat())  # made 40 days after
    in_time = complaint(20, "802", behaviour_at=(NOW - timedelta(days=45)).isoformat())  # made 25 days after
    known = complaint(40, "802", behaviour_at=(NOW - timedelta(days=41)).isoformat())
    assert prompt(assess("default", history=[late, known]), CASE_REVIEW) is None
    fired = prompt(assess("default", history=[in_time, known]), CASE_REVIEW)
    assert fired is not None
    assert CASE_REVIEW_ASSUMED in fired.text  # this report's own behaviour date is not known


def test_behaviour_after_the_complaint_is_refused_in_words():
    wrong = complaint(20, "802", behaviour_at=(NOW - timedelta(days=10)).isoformat())
    with pytest.raises(InputError) as caught:
        assess("default", address_history=[wrong])
    assert caught.value.field == "address_history[0].behaviour_at"
    assert "after the complaint was made" in caught.value.message


def test_address_history_is_checked_like_history():
    with pytest.raises(InputError) as caught:
        assess("default", address_history=[{"incident_code": "802"}])
    assert caught.value.field == "address_history[0].occurred_at"


# ---------------------------------------------------------------- course of conduct (21.2)

# Each pack's answer meaning "someone is repeatedly following, watching or contacting me".
STALKING_ANSWER = {
    "default": {"ram_perpetrator_history": "currently_harassing"},
    "avon-and-somerset": {"ram_perpetrator_history": "currently_harassing"},
    "cambridgeshire": {"ram_perpetrator_history": "currently_harassing"},
    "west-mercia": {"national_stalking": True},
    "west-yorkshire": {"national_stalking": True},
}
# A code in each pack that is neither harassment nor personal: only the answer can raise it.
NOT_PERSONAL = {
    "default": "802",
    "avon-and-somerset": "nuisance",
    "cambridgeshire": "nuisance",
    "west-mercia": "nuisance",
    "west-yorkshire": "802",
}


@pytest.mark.parametrize("pack_id", PACK_IDS)
def test_a_first_call_describing_a_course_of_conduct_prompts_harassment(pack_id):
    code = NOT_PERSONAL[pack_id]
    assert prompt(assess(pack_id, incident_code=code), HARASSMENT) is None
    fired = prompt(assess(pack_id, incident_code=code, answers=STALKING_ANSWER[pack_id]), HARASSMENT)
    assert fired is not None
    [question_id] = STALKING_ANSWER[pack_id]
    text = shipped(pack_id).questions[question_id].text
    assert fired.because == (f"answer to '{text}': " + _label(pack_id, question_id),)


def _label(pack_id: str, question_id: str) -> str:
    question = shipped(pack_id).questions[question_id]
    value = STALKING_ANSWER[pack_id][question_id]
    option = "yes" if value is True else value
    return next(o.label for o in question.options if o.id == option)
