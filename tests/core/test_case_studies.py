"""Seed 003 Annex G's case studies, run through the packs with the facts the seed states.

Where the seed leaves room (it never lists the answers given), the answers below are the
plainest reading of what it says; docs/packs.md ("Case studies") explains each outcome.
"""

from __future__ import annotations

from tests.core.conftest import ago, run
from tests.core.test_engine import SCORE_24


def fired(result) -> set[str]:
    return {p.id for p in result.prompts}


def test_avon_and_somerset_a_intimidated_by_her_neighbour():
    # "A lives alone and felt extremely intimidated by her neighbour ... identified as high-risk
    # ... using the Risk Assessment Matrix (RAM) ... abusive language being used ... A felt
    # particularly vulnerable".
    answers = {
        "q1": True,  # she knows where it comes from: the neighbour opposite
        "q6": "verbal",  # "abusive language being used"
        "q10": True,  # "got drunk regularly", "suspected drug activity"
        "q13": True,  # a long-running problem: repeat incidents
        "q15": True,  # directed at her
        "q17": True,
        "ram_how_affected": "distressed",  # "extremely intimidated"
        "ram_officer_assessment": "high",  # "identified as high-risk ... using the RAM"
        "national_property_damage": False,
    }
    result = run("avon-and-somerset", {"incident_code": "personal", "answers": answers})
    assert result.level == "high" and result.rag == "red"
    assert result.vulnerable  # Q13 yes: automatically a vulnerable victim (Annex B)
    assert result.grade == "ring_back_24h"  # high-risk and vulnerable victims rung back within 24 hours
    assert {"vulnerable_victim", "ring_back", "national.crime_recording.alarm_distress"} <= fired(result)


def test_cambridgeshire_elderly_lady_high_risk_at_the_call_taker_stage():
    # "an elderly lady ... assessed as high risk at the call taker stage and details were entered
    # onto the system ... referred to Adult Social Care and Mental Health ... Form 102 ... MARU".
    answers = {
        "ch_before": True,
        "ch_vulnerable": True,  # elderly: KEEP SAFE (Annex D.1)
        "dm_pattern": "regular",  # "a range of ASB issues"
        "dm_harm": "significant",
        "consent": True,  # her details were entered onto the system: consent given
    }
    result = run("cambridgeshire", {"incident_code": "personal", "answers": answers})
    assert result.level == "high" and result.vulnerable
    referrals = {r.id: r for r in result.referrals}
    assert {"cloud_system", "case_conference", "adult_social_care", "maru_form_102"} <= set(referrals)
    assert referrals["cloud_system"].within_hours == 24
    assert "high_risk_priority" in fired(result) and result.grade == "response"  # officers attend (Annex D.1)
    # Without her consent nothing is entered onto the shared system, but the Form 102 still goes.
    refused = run("cambridgeshire", {"incident_code": "personal", "answers": {**answers, "consent": False}})
    made = {r.id for r in refused.referrals}
    assert "maru_form_102" in made and not {"cloud_system", "adult_social_care"} & made
    assert {"consent.cloud_system", "consent.adult_social_care"} <= fired(refused)


def test_cambridgeshire_not_vulnerable_no_maru():
    result = run("cambridgeshire", {"incident_code": "personal", "answers": {"ch_vulnerable": False}})
    assert "maru_form_102" not in {r.id for r in result.referrals}


def test_sussex_elderly_neighbours_damage_threats_and_repeat():
    # Sussex (no Sussex pack: the default pack): youths "damaged the roses", were "abusive",
    # "returned over the next couple of days, throwing things at the houses, causing damage",
    # threatened to "set fire to the house"; "repeat victimisation of vulnerable people"; "an
    # ASB risk assessment was completed which scored HIGH"; three were charged with harassment.
    answers = {
        **SCORE_24,  # scored HIGH
        "national_property_damage": True,  # what the caller describes, on an ASB code
        "physical_or_verbal": "verbal",  # abuse and threats
        "ram_how_affected": "health_affected",  # "affecting the physical and mental wellbeing"
        "before": True,
        "vulnerable": True,
    }
    history = [{"occurred_at": ago(days=d), "incident_code": "801"} for d in (1, 2)]
    result = run("default", {"incident_code": "801", "answers": answers, "history": history})
    assert result.level == "high" and result.vulnerable
    assert result.repeat.is_repeat  # 3 incidents in the last 30 days, this one counting
    assert {
        "national.crime_recording.criminal_damage",  # prompted by what the caller said, not the code
        "national.crime_recording.alarm_distress",
        "national.crime_recording.harassment",  # the course of conduct the youths were charged with
    } <= fired(result)
    # The same call without the damage described: no criminal damage prompt from code 801.
    quiet = run(
        "default",
        {"incident_code": "801", "answers": {**answers, "national_property_damage": False}, "history": history},
    )
    assert "national.crime_recording.criminal_damage" not in fired(quiet)
