"""Each force pack does what its source says (seed cited beside each test)."""

from __future__ import annotations

import pytest

from tests.core.conftest import ago, run, shipped


def shown(result) -> list[str]:
    return [q.id for q in result.questions]


# ------------------------------------------------------------ West Mercia (seed 003 Annex B)


def test_west_mercia_hate_prompt_gives_mandatory_attendance():
    result = run("west-mercia", {"incident_code": "personal", "answers": {"q8": True, "national_hate": True}})
    # Q8 "yes" then a monitored strand: the crime-recording prompt comes with it (NCRS, seed 000).
    assert [(p.id, p.kind) for p in result.prompts] == [
        ("national.crime_recording.hate", "crime_recording"),
        ("hate_mandatory_attendance", "mandatory_attendance"),
    ]
    assert result.prompts[1].text == "If Yes, MANDATORY attendance"
    assert (result.grade, result.grade_label) == ("mandatory_attendance", "MANDATORY attendance")


def test_west_mercia_no_hate_no_mandatory_attendance():
    result = run("west-mercia", {"incident_code": "personal", "answers": {"q8": False}})
    assert result.prompts == ()
    assert result.grade == "standard"


def test_west_mercia_ten_questions_and_follow_up():
    pack = shipped("west-mercia")
    assert len(pack.question_sets["west_mercia"].questions) == 10
    assert "q6" not in shown(run("west-mercia", {"incident_code": "nuisance", "answers": {"q5": False}}))
    assert "q6" in shown(run("west-mercia", {"incident_code": "nuisance", "answers": {"q5": True}}))
    asked = shown(run("west-mercia", {"incident_code": "nuisance"}))
    # The nine shown before any answer, between the national safety question and the national
    # screening (West Mercia's questions give no answer for them).
    assert asked[1:10] == ["q1", "q2", "q3", "q4", "q5", "q7", "q8", "q9", "q10"]
    assert asked[0] == "national_immediate_danger"
    assert asked[10:] == [
        "national_violence",
        "national_property_damage",
        "national_alarm_distress",
        "national_stalking",
    ]


# ------------------------------------------------------------ Avon and Somerset (seed 003 Annex B)


def test_avon_q13_yes_is_a_vulnerable_victim():
    yes = run("avon-and-somerset", {"incident_code": "nuisance", "answers": {"q13": True}})
    no = run("avon-and-somerset", {"incident_code": "nuisance", "answers": {"q13": False}})
    assert yes.vulnerable is True and no.vulnerable is False
    assert yes.grade == "ring_back_24h" and no.grade == "standard"
    [referral] = yes.referrals
    assert referral.within_hours == 24


def test_avon_eighteen_questions_with_if_yes_follow_ups():
    assert len(shipped("avon-and-somerset").question_sets["avon_and_somerset"].questions) == 18
    nothing = shown(run("avon-and-somerset", {"incident_code": "personal"}))
    assert not {"q3", "q4", "q14", "q15", "q16", "q18"} & set(nothing)
    after_yes = shown(
        run(
            "avon-and-somerset",
            {"incident_code": "personal", "answers": {"q2": True, "q13": True, "q15": True, "q17": True}},
        )
    )
    assert {"q3", "q4", "q14", "q15", "q16", "q18"} <= set(after_yes)
    not_targeted = shown(
        run("avon-and-somerset", {"incident_code": "personal", "answers": {"q13": True, "q15": False}})
    )
    assert "q16" not in not_targeted


@pytest.mark.parametrize("question", ["q2", "q7"])
def test_avon_weapons_or_immediate_danger_is_an_emergency(question):
    result = run("avon-and-somerset", {"incident_code": "personal", "answers": {question: True}})
    assert result.grade == "emergency"
    assert "emergency" in {p.kind for p in result.prompts}


def test_avon_high_risk_victims_rung_back_within_24_hours():
    from tests.core.test_engine import SCORE_24

    result = run("avon-and-somerset", {"incident_code": "personal", "answers": SCORE_24})
    assert result.level == "high" and result.rag == "red"
    assert result.grade == "ring_back_24h"
    assert any("100% of high-risk victims back within 24 hours" in line for line in result.response)


# ------------------------------------------------------------ West Yorkshire (seed 002)

STORM_CODES = ["801", "802", "803", "804", "805", "806", "621", "622", "405", "480", "481", "400", "403", "401"]


def test_west_yorkshire_every_storm_code_brings_up_the_question_set():
    pack = shipped("west-yorkshire")
    assert sorted(pack.codes) == sorted(STORM_CODES)
    for code in STORM_CODES:
        assert "vulnerability" in pack.codes[code].question_sets
        assert "vulnerable" in shown(run("west-yorkshire", {"incident_code": code}))
    assert [pack.codes[c].category for c in ("801", "802", "803")] == ["personal", "nuisance", "environmental"]


def test_west_yorkshire_green_amber_red():
    green = run("west-yorkshire", {"incident_code": "802", "answers": {"vulnerable": False}})
    amber = run("west-yorkshire", {"incident_code": "802", "answers": {"vulnerable_through": ["age"]}})
    red = run("west-yorkshire", {"incident_code": "802", "answers": {"physical_injury": True}})
    assert (green.rag, green.grade) == ("green", "minimum_standards")
    assert (amber.rag, amber.grade) == ("amber", "npt_sergeant")
    assert (red.rag, red.grade) == ("red", "inspector")
    assert "Allocate to an Inspector" in red.response and "Allocate to an NPT sergeant; and" not in red.response
    assert "Allocate to an NPT sergeant; and" in amber.response


def test_west_yorkshire_two_incidents_make_amber():
    two = run(
        "west-yorkshire", {"incident_code": "801", "history": [{"occurred_at": ago(days=60), "incident_code": "801"}]}
    )
    one = run(
        "west-yorkshire", {"incident_code": "801", "history": [{"occurred_at": ago(days=120), "incident_code": "801"}]}
    )
    assert two.repeat.is_repeat and two.rag == "amber"
    assert not one.repeat.is_repeat and one.rag == "green"


@pytest.mark.parametrize(
    ("method", "label"), [("visit", "A personal visit"), ("ring_back", "A ring back"), ("email", "An email")]
)
def test_west_yorkshire_contact_preference(method, label):
    result = run(
        "west-yorkshire", {"incident_code": "803", "answers": {"further_contact": True, "contact_method": method}}
    )
    assert result.contact_preference == label
    letter = any("send a letter to the victim" in line for line in result.response)
    assert letter is (method == "ring_back")


def test_west_yorkshire_hate_codes_prompt_and_refer():
    result = run("west-yorkshire", {"incident_code": "805"})
    assert "hate_crime" in {p.id for p in result.prompts}
    assert any(r.to == "Hate Crime Co-ordinators" for r in result.referrals)


# ------------------------------------------------------------ Cambridgeshire (seed 003 Annex D)


def test_cambridgeshire_vehicle_noise_has_no_question_set():
    # No Cambridgeshire question set; the national layer's questions still apply to every call.
    assert shown(run("cambridgeshire", {"incident_code": "vehicle_noise"})) == [
        "national_immediate_danger",
        "national_violence",
        "national_property_damage",
        "national_alarm_distress",
        "consent",
        "child_protection",  # shown until the caller consents (seed 003 Annex D.3)
    ]


def test_cambridgeshire_keep_safe_prompts_beside_the_vulnerability_question():
    help_text = shipped("cambridgeshire").questions["ch_vulnerable"].help
    for line in [
        "K – Keep the Victim safe",
        "E – Economic issues?",
        "S – Sickness / disability?",
        "E – Environmental Issues?",
    ]:
        assert line in help_text


def test_cambridgeshire_high_risk_referrals_within_24_and_72_hours():
    # Seed 003 Annex E s6 (entry within 24 hours; the joint agency conference within 72) and
    # s7 (the constabulary's own conference within 24).
    high = {"dm_pattern": "regular", "dm_harm": "significant", "consent": True}
    result = run("cambridgeshire", {"incident_code": "personal", "answers": high})
    due = {r.id: r.within_hours for r in result.referrals}
    assert due == {"duty_manager": None, "cloud_system": 24, "case_conference": 24, "joint_case_conference": 72}
