"""The engine's rules at their boundaries, on the shipped packs."""

from __future__ import annotations

import pytest

from asbdesk.core.call import InputError, parse_call
from tests.core.conftest import ago, run, shipped

# RAM answers giving an exact total (seed 003 Annex D.3 scores).
SCORE_11 = {"ram_how_often": "frequently", "ram_how_affected": "health_affected"}  # 5 + 6
SCORE_12 = {**SCORE_11, "ram_know_offenders": "yes"}  # + 1
SCORE_23 = {
    "ram_how_often": "frequently",  # 5
    "ram_getting_worse": True,  # 2
    "ram_know_offenders": "know_well",  # 2
    "ram_targeted": "your_family",  # 2
    "ram_hate": True,  # 3
    "ram_perpetrator_history": "currently_harassing",  # 5
    "ram_how_affected": "distressed",  # 4
}
SCORE_24 = {**SCORE_23, "ram_support": "a_few_people"}  # + 1
SCORE_31 = {**SCORE_23, "ram_how_affected": "health_affected", "ram_support": "isolated", "ram_personal_risk": True}


@pytest.mark.parametrize("pack", ["cambridgeshire", "default"])
@pytest.mark.parametrize(
    ("answers", "score", "level"),
    [
        ({}, 0, "standard"),
        (SCORE_11, 11, "standard"),
        (SCORE_12, 12, "medium"),
        (SCORE_23, 23, "medium"),
        (SCORE_24, 24, "high"),
        (SCORE_31, 31, "high"),
    ],
)
def test_matrix_thresholds(pack, answers, score, level):
    code = "personal" if pack == "cambridgeshire" else "802"
    result = run(pack, {"incident_code": code, "answers": answers})
    assert result.score == score
    assert result.matrix_level == level
    assert result.level == level


def test_matrix_sections_add_up():
    result = run("cambridgeshire", {"incident_code": "personal", "answers": SCORE_24})
    assert result.sections == {"offence": 7, "offender": 12, "impact": 5}
    assert result.score_range == (0, 31)


@pytest.mark.parametrize(
    ("pattern", "harm", "level"),
    [
        ("isolated", "low", "standard"),
        ("isolated", "moderate", "standard"),
        ("isolated", "significant", "medium"),
        ("regular", "low", "standard"),
        ("regular", "moderate", "medium"),
        ("regular", "significant", "high"),
        ("escalating", "low", "medium"),
        ("escalating", "moderate", "medium"),
        ("escalating", "significant", "high"),
    ],
)
def test_decision_table_every_cell(pattern, harm, level):
    # Seed 003 Annex D.1 'Guidance on Decision Making'.
    result = run("cambridgeshire", {"incident_code": "nuisance", "answers": {"dm_pattern": pattern, "dm_harm": harm}})
    assert result.decision_level == level
    assert result.level == level


def test_overall_level_is_the_highest_computed():
    answers = {**SCORE_12, "dm_pattern": "regular", "dm_harm": "significant"}  # matrix medium, table high
    result = run("cambridgeshire", {"incident_code": "personal", "answers": answers})
    assert (result.matrix_level, result.decision_level, result.level) == ("medium", "high", "high")
    answers = {**SCORE_24, "dm_pattern": "isolated", "dm_harm": "low"}  # matrix high, table standard
    assert run("cambridgeshire", {"incident_code": "personal", "answers": answers}).level == "high"


def test_officers_assessment_raises_the_level():
    result = run("cambridgeshire", {"incident_code": "personal", "answers": {"ram_officer_assessment": "high"}})
    assert result.computed_level == "high"
    assert "Officer's assessment: HIGH" in result.level_reasons


# ---------------------------------------------------------------- repeat rule


def history(*ages: dict) -> list[dict]:
    return [{"occurred_at": ago(**age), "incident_code": "nuisance"} for age in ages]


@pytest.mark.parametrize(
    ("earlier", "count", "is_repeat"),
    [
        ([{"days": 1}, {"days": 30}], 3, True),  # 30 days exactly: inside
        ([{"days": 1}, {"days": 30, "hours": 1}], 2, False),  # 30 days and one hour: outside
        ([{"days": 1}, {"days": 30, "seconds": 1}], 2, False),
        ([{"days": 29}], 2, False),  # the current report counts as one: 2 < 3
        ([], 1, False),
        ([{"days": 3}, {"days": 10}, {"days": 20}], 4, True),
    ],
)
def test_three_in_30_days(earlier, count, is_repeat):
    # "3 or more incidents of ASB within 30 days ... are graded Response" (seed 003 Annex D.1)
    result = run("cambridgeshire", {"incident_code": "personal", "history": history(*earlier)})
    assert result.repeat.count == count
    assert result.repeat.is_repeat is is_repeat
    assert result.repeat.window_days == 30
    assert (result.grade == "response") is is_repeat
    assert ("repeat_graded_response" in {p.id for p in result.prompts}) is is_repeat


def test_repeat_result_lists_the_incidents_counted():
    result = run("cambridgeshire", {"incident_code": "personal", "history": history({"days": 2}, {"days": 90})})
    assert [i["occurred_at"] for i in result.repeat.incidents] == [ago(), ago(days=2)]


def test_future_history_is_not_counted():
    result = run("cambridgeshire", {"incident_code": "personal", "history": history({"days": -1}, {"days": 2})})
    assert result.repeat.count == 2


def test_same_incident_from_several_agencies_counts_once():
    reports = [
        {"occurred_at": ago(days=5), "incident_code": "nuisance", "incident_id": "INC-1"},
        {"occurred_at": ago(days=5, hours=2), "incident_code": "nuisance", "incident_id": "INC-1"},
        {"occurred_at": ago(days=9), "incident_code": "nuisance"},
        {"occurred_at": ago(days=9), "incident_code": "nuisance"},  # same time and code: the same report
    ]
    result = run("cambridgeshire", {"incident_code": "personal", "history": reports})
    assert result.repeat.count == 3


# ---------------------------------------------------------------- case review (s104)


def case_review_fired(earlier: list[dict]) -> bool:
    result = run("default", {"incident_code": "802", "history": earlier})
    return "national.case_review" in {p.id for p in result.prompts}


def test_case_review_three_vs_two_complaints_in_six_months():
    two_before = [
        {"occurred_at": ago(days=40), "incident_code": "802"},
        {"occurred_at": ago(days=100), "incident_code": "801"},
    ]
    one_before = two_before[:1]
    assert case_review_fired(two_before)  # 3 with this report
    assert not case_review_fired(one_before)  # 2 with this report


def test_case_review_six_month_edge():
    edge = "2026-05-23T14:05:00+00:00"  # six calendar months before NOW
    just_outside = "2026-05-23T14:04:00+00:00"
    inside = [{"occurred_at": ago(days=3), "incident_code": "802"}, {"occurred_at": edge, "incident_code": "802"}]
    outside = [
        {"occurred_at": ago(days=3), "incident_code": "802"},
        {"occurred_at": just_outside, "incident_code": "802"},
    ]
    assert case_review_fired(inside)
    assert not case_review_fired(outside)


def test_case_review_counts_one_incident_reported_to_several_agencies_once():
    reports = [
        {"occurred_at": ago(days=10), "incident_code": "802", "incident_id": "council-77"},
        {"occurred_at": ago(days=10, hours=1), "incident_code": "802", "incident_id": "council-77"},
    ]
    assert not case_review_fired(reports)


def test_case_review_counts_complaints_logged_under_crime_codes():
    # Criminal damage and assault are behaviour causing harassment, alarm or distress too
    # (2014 Act s105(1)): they count toward the three (issue 21.1).
    crime_codes = [
        {"occurred_at": ago(days=10), "incident_code": "480"},
        {"occurred_at": ago(days=20), "incident_code": "400"},
    ]
    assert case_review_fired(crime_codes)
    assert not case_review_fired(crime_codes[:1])


# ---------------------------------------------------------------- visibility and mandatory


def test_follow_up_only_when_its_condition_holds():
    shown = {q.id for q in run("default", {"incident_code": "801", "answers": {"weapons": False}}).questions}
    assert "weapons_type" not in shown
    shown = {q.id for q in run("default", {"incident_code": "801", "answers": {"weapons": True}}).questions}
    assert {"weapons_type", "weapons_where"} <= shown


def test_answers_to_hidden_questions_are_ignored_and_reported():
    result = run(
        "default",
        {"incident_code": "801", "answers": {"before": False, "targeted": True, "ram_how_often": "frequently"}},
    )
    assert result.ignored_answers == ("targeted",)
    result = run(
        "default",
        {"incident_code": "801", "answers": {"vulnerable": False, "vulnerability_factors": ["age"]}},
    )
    assert result.ignored_answers == ("vulnerability_factors",)
    assert result.vulnerable is False  # a hidden answer never counts


def test_hidden_answers_are_not_scored(tmp_path):
    # The RAM's 'Reasons:' follow-up aside, scored questions are never hidden in shipped
    # packs, so check with code vehicle_noise, which brings up no question set at all.
    result = run("cambridgeshire", {"incident_code": "vehicle_noise", "answers": SCORE_24})
    assert result.score == 0
    assert set(result.ignored_answers) == set(SCORE_24)


NO_NATIONAL = {
    "cambridgeshire": {
        "national_immediate_danger": False,
        "national_violence": False,
        "national_property_damage": False,
        "national_alarm_distress": False,
    },
}


def test_unanswered_mandatory_and_declined():
    result = run("cambridgeshire", {"incident_code": "personal"})
    # The national safety question first, the code's questions, the national screening
    # (Cambridgeshire maps no answer to them), then consent.
    assert result.unanswered_mandatory == (
        "national_immediate_danger",
        "ch_before",
        "ch_vulnerable",
        "dm_pattern",
        "dm_harm",
        "national_violence",
        "national_property_damage",
        "national_alarm_distress",
        "consent",
    )
    result = run(
        "cambridgeshire",
        {
            "incident_code": "personal",
            "answers": {
                "ch_before": True,
                "ch_vulnerable": False,
                "dm_pattern": "isolated",
                "dm_harm": "low",
                **NO_NATIONAL["cambridgeshire"],
            },
            "declined": {"consent": "caller_declined"},
        },
    )
    assert result.unanswered_mandatory == ()
    consent = next(q for q in result.questions if q.id == "consent")
    assert consent.declined == "caller declined"


def test_mandatory_follow_up_counts_only_when_shown():
    base = {"immediate_danger": False, "weapons": False, "before": False, "hate": False, "vulnerable": False}
    result = run("default", {"incident_code": "802", "answers": {**base, "further_contact": False}})
    assert "contact_method" not in result.unanswered_mandatory
    result = run("default", {"incident_code": "802", "answers": {**base, "further_contact": True}})
    assert "contact_method" in result.unanswered_mandatory


# ---------------------------------------------------------------- override


def test_lowering_override_is_recorded_and_marked_for_review():
    result = run(
        "cambridgeshire",
        {
            "incident_code": "personal",
            "answers": SCORE_24,
            "override": {"risk_level": "medium", "reason": "Known to the NPT"},
        },
    )
    assert result.computed_level == "high"
    assert result.level == "medium"
    assert result.override.direction == "lower"
    assert result.override.needs_review is True
    assert (result.override.computed, result.override.chosen) == ("high", "medium")
    assert result.grade == "response"  # grading follows the chosen level
    assert result.rag == "amber"


def test_raising_override():
    result = run(
        "cambridgeshire",
        {"incident_code": "personal", "override": {"risk_level": "high", "reason": "caller frightened"}},
    )
    assert result.override.direction == "raise"
    assert result.level == "high"
    assert result.grade == "response"


def test_grade_override():
    result = run(
        "default",
        {
            "incident_code": "802",
            "answers": {"weapons": True},
            "override": {"grade": "response", "reason": "weapon was a toy"},
        },
    )
    assert result.computed_grade == "emergency"
    assert result.grade == "response"
    assert result.override.direction == "lower"


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"risk_level": "medium"}, "override.reason"),
        ({"risk_level": "medium", "reason": "   "}, "override.reason"),
        ({"risk_level": "severe", "reason": "x"}, "override.risk_level"),
        ({"grade": "later", "reason": "x"}, "override.grade"),
        ({"risk_level": "high", "grade": "response", "reason": "x"}, "override"),
        ({"reason": "x"}, "override"),
    ],
)
def test_bad_override_is_refused(override, field):
    with pytest.raises(InputError) as caught:
        parse_call(shipped("default"), {"incident_code": "801", "now": ago(), "override": override})
    assert caught.value.field == field


# ---------------------------------------------------------------- prompts and grades (default pack)


def prompt_ids(result) -> set[str]:
    return {p.id for p in result.prompts}


@pytest.mark.parametrize("answer", ["immediate_danger", "weapons", "violence_in_progress"])
def test_emergency_prompt_and_grade(answer):
    result = run("default", {"incident_code": "802", "answers": {answer: True}})
    assert "national.emergency" in prompt_ids(result)
    assert result.grade == "emergency"
    assert result.level == "high"
    assert result.rag == "red"


def test_no_emergency_without_cause():
    result = run("default", {"incident_code": "802", "answers": {"immediate_danger": False, "weapons": False}})
    assert "national.emergency" not in prompt_ids(result)
    assert result.grade == "no_attendance"
    assert result.rag == "green"


def test_hate_gives_mandatory_attendance_and_crime_recording_prompt():
    # Q8's "yes" is MANDATORY attendance; the five-strand "yes" after it is hate crime recording.
    result = run("default", {"incident_code": "802", "answers": {"hate": True, "national_hate": True}})
    kinds = {p.kind for p in result.prompts}
    assert {"mandatory_attendance", "crime_recording"} <= kinds
    assert result.grade == "response"
    assert any(r.to == "Hate Crime Co-ordinators" for r in result.referrals)


def test_crime_recording_prompts_by_code():
    assert "national.crime_recording.criminal_damage" in prompt_ids(run("default", {"incident_code": "480"}))
    assert "national.crime_recording.assault" in prompt_ids(run("default", {"incident_code": "403"}))
    assert "national.crime_recording.alarm_distress" in prompt_ids(run("default", {"incident_code": "401"}))
    assert not {p.kind for p in run("default", {"incident_code": "803"}).prompts} & {"crime_recording"}


def test_harassment_needs_a_course_of_conduct():
    once = run("default", {"incident_code": "405", "answers": {"before": False}})
    twice = run("default", {"incident_code": "405", "answers": {"before": True}})
    from_history = run(
        "default", {"incident_code": "405", "history": [{"occurred_at": ago(days=50), "incident_code": "405"}]}
    )
    assert "national.crime_recording.harassment" not in prompt_ids(once)
    assert "national.crime_recording.harassment" in prompt_ids(twice)
    assert "national.crime_recording.harassment" in prompt_ids(from_history)


def test_stalking_screening_shows_four():
    result = run(
        "default", {"incident_code": "405", "history": [{"occurred_at": ago(days=50), "incident_code": "405"}]}
    )
    [prompt] = [p for p in result.prompts if p.kind == "stalking_screening"]
    assert "Fixated, Obsessive, Unwanted, Repeated" in prompt.text
    assert "national.stalking_screening" not in prompt_ids(run("default", {"incident_code": "405"}))
    assert "national.stalking_screening" in prompt_ids(
        run("default", {"incident_code": "802", "answers": {"extremely_frightened": True}})
    )


def test_vulnerability_and_rag_amber():
    result = run("default", {"incident_code": "801", "answers": {"vulnerable": True, "vulnerability_factors": ["age"]}})
    assert result.vulnerable
    # Audit finding 23: a consideration ('Assessing vulnerability', seed 002) is not a second
    # indicator; the call handler's judgement is the one reason.
    assert result.vulnerability_reasons == ("Call handler: the victim is vulnerable (KEEP SAFE factors)",)
    assert result.rag == "amber"
    assert "full_vulnerability_assessment" in prompt_ids(result)


def test_not_every_caller_is_vulnerable():
    # "avoid a risk-averse approach that classes every victim as vulnerable" (seed 003 para 42)
    result = run("default", {"incident_code": "801", "answers": {"vulnerable": False, "before": True}})
    assert result.vulnerable is False


def test_contact_preference_and_consent_in_result():
    result = run(
        "default",
        {"incident_code": "803", "answers": {"further_contact": True, "contact_method": "ring_back", "consent": True}},
    )
    assert result.contact_preference == "A ring back"
    assert result.consent is True
    assert any("letter to the victim" in line for line in result.response)


def test_walk_in_channel_is_recorded():
    assert run("default", {"incident_code": "803", "channel": "walk-in"}).channel == "walk-in"


@pytest.mark.parametrize("pack", ["default", "west-yorkshire"])
def test_an_active_vulnerable_flag_counts_in_the_assessment(pack):
    # Seed 002: the decision must take account of the "Storm vulnerability flag".
    flagged = run(pack, {"incident_code": "802", "flags": ["vulnerable_victim"]})
    warning_only = run(pack, {"incident_code": "802", "flags": ["warning_marker"]})
    assert flagged.vulnerable and "vulnerable victim flag" in flagged.vulnerability_reasons[0]
    assert flagged.rag == "amber"
    assert not warning_only.vulnerable
