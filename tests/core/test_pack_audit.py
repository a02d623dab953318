"""The pack audit's findings (items 1-30): one test per contradiction or omission fixed,
each naming the seed it follows, and one that no shipped pack still carries the old,
unmarked phrases.

Helpers as in test_force_packs.py and test_west_yorkshire.py.
"""

from __future__ import annotations

import re

import pytest

from asbdesk.core.packs.describe import MARKERS
from asbdesk.core.packs.national import RULES
from asbdesk.core.packs.registry import shipped_pack_ids
from tests.conftest import PACKS
from tests.core.conftest import ago, run, seeds_or_skip, shipped

OLD_PHRASES = ("wording ours", "built from that sentence", "asbdesk label", "issue 2")


def fired(result) -> set[str]:
    return {p.id for p in result.prompts}


def referred(result) -> set[str]:
    return {r.id for r in result.referrals}


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("**", "")).strip()


@pytest.fixture(scope="module")
def seeds() -> str:
    return " ".join(_normalise(p.read_text(encoding="utf-8")) for p in sorted(seeds_or_skip().glob("00*.txt")))


def _marked(source: str | None) -> bool:
    return any(marker in (source or "") for marker in MARKERS)


# ------------------------------------------------------------ no old, unmarked phrases


def _sources(node, path=""):
    """Every 'source' string anywhere in the pack's data, with where it is."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "source" and isinstance(value, str):
                yield f"{path}.source", value
            else:
                yield from _sources(value, f"{path}.{key}")
    elif isinstance(node, (list, tuple)):
        for i, value in enumerate(node):
            yield from _sources(value, f"{path}[{i}]")


@pytest.mark.parametrize("pack_id", shipped_pack_ids())
def test_no_source_keeps_an_old_unmarked_phrase(pack_id):
    # Items 1, 16, 17, 20, 21: "wording ours", "(question built from that sentence)",
    # "asbdesk label" and "issue 2" are replaced by the markers 'packs show' counts.
    pack = shipped(pack_id)
    found = [
        (where, phrase)
        for where, source in _sources(pack.data.model_dump(mode="json"))
        for phrase in OLD_PHRASES
        if phrase in source
    ]
    found += [(f"national.{r.name}", p) for r in RULES for p in OLD_PHRASES if p in r.source]
    for path in sorted((PACKS / pack_id).glob("*.yaml")):  # grade descriptions and comments too
        text = path.read_text(encoding="utf-8")
        found += [(path.name, p) for p in OLD_PHRASES if p in text]
    assert found == []


# ------------------------------------------------------------ West Yorkshire (seed 002)

WY = "west-yorkshire"
RED = {"vulnerable": False, "escalation": True, "critical_incident": False, "physical_injury": False}


def test_wy_red_keeps_the_amber_referrals_it_does_not_replace():
    # Item 2. Seed 002 ASB Service Standards, Red: "Above applies except:" and "Mandatory
    # referral to aforementioned units and district SPIN meeting".
    result = run(WY, {"incident_code": "802", "answers": RED})
    assert result.rag == "red"
    made = referred(result)
    assert {"external_agencies", "crime_prevention", "licensing", "ward_meetings", "diu_tia"} <= made
    assert "mandatory_units" in made
    assert not {"safeguarding_unit", "asb_unit"} & made  # replaced by the mandatory referral
    assert "asbdesk reading" in next(r for r in shipped(WY).data.referrals if r.id == "mandatory_units").source


@pytest.mark.parametrize(
    ("method", "plans"),
    [
        ("ring_back", {"further_contact_endorsed", "requested_contact", "ring_back_letter"}),
        ("email", {"further_contact_endorsed", "requested_contact"}),
        ("visit", {"further_contact_endorsed", "visit"}),
    ],
)
def test_wy_requested_contact_plans(method, plans, seeds):
    # Item 3. Seed 002 'Ring Backs and Reassurance Visits': "If they give a positive response,
    # the log is endorsed accordingly." and the supervisor allocating the ring back or email.
    result = run(WY, {"incident_code": "802", "answers": {"further_contact": True, "contact_method": method}})
    contact = {"further_contact_endorsed", "requested_contact", "ring_back_letter", "visit"}
    assert set(result.response_ids) & contact == plans
    for plan in shipped(WY).data.responses:
        if plan.id in {"further_contact_endorsed", "requested_contact"}:
            assert all(_normalise(line) in seeds for line in plan.text), plan.id


def test_wy_no_further_contact_no_contact_plans():
    result = run(WY, {"incident_code": "802", "answers": {"further_contact": False}})
    assert not {"further_contact_endorsed", "requested_contact"} & set(result.response_ids)


def test_wy_grade_and_rag_at_the_call_are_marked_as_asbdesk_mapping():
    # Item 4. Seed 002 'Initial Contact' (THRIVE) and 'Initial risk assessment' (RAG in ASVAT).
    data = shipped(WY).data
    assert "asbdesk mapping" in data.grading.source
    assert "asbdesk mapping" in data.rag.source
    assert all("asbdesk mapping" in rule.source for rule in data.grading.rules)


def test_wy_red_reason_does_not_claim_damage_to_property(seeds):
    # Item 5. 'Risk of serious damage to property' is an Amber item (seed 002 ASB Service
    # Standards); the Red rating follows the Red criteria.
    result = run(WY, {"incident_code": "802", "answers": RED})
    [reason] = [r for r in result.rag_reasons if r.startswith("Red")]
    assert "damage to property" not in reason
    assert _normalise(reason) in seeds


def test_wy_all_three_red_criteria_are_mandatory():
    # Item 8. Seed 002 ASB Service Standards, Red: the three criteria, none optional.
    questions = shipped(WY).questions
    assert all(questions[q].mandatory for q in ("escalation", "critical_incident", "physical_injury"))


def test_wy_hate_prompt_source_is_marked():
    # Item 6. Seed 002 'Hate crime': the list joined into one sentence.
    [prompt] = [p for p in shipped(WY).data.prompts if p.id == "hate_crime"]
    assert "asbdesk wording (the seed's list joined into one sentence)" in prompt.source


# ------------------------------------------------------------ Cambridgeshire (seed 003 Annex D, E)

CAMBS = "cambridgeshire"
NON_CRIME_301 = (
    "non crime 301 reports will be completed by staff attending victim centred ASB where, after risk "
    "assessment, the victim is identified as vulnerable."
)


def test_cambs_301_line_not_printed_when_no_one_attends():
    # Item 11. Seed 003 Annex D.1: "completed by staff attending"; standard risk: "No police
    # attendance required".
    result = run(CAMBS, {"incident_code": "personal", "answers": {"ch_vulnerable": True}})
    assert (result.level, result.grade) == ("standard", "no_attendance")
    assert NON_CRIME_301 not in result.response
    assert "vulnerable_non_crime_301" not in fired(result)


def test_cambs_301_line_printed_when_officers_attend():
    answers = {"ch_vulnerable": True, "dm_pattern": "regular", "dm_harm": "moderate"}
    result = run(CAMBS, {"incident_code": "personal", "answers": answers})
    assert (result.level, result.grade) == ("medium", "response")
    assert NON_CRIME_301 in result.response


def test_cambs_301_line_follows_a_grade_override():
    answers = {"ch_vulnerable": True, "dm_pattern": "regular", "dm_harm": "moderate"}
    override = {"grade": "no_attendance", "reason": "Caller asked for no visit; details taken in full."}
    result = run(CAMBS, {"incident_code": "personal", "answers": answers, "override": override})
    assert result.grade == "no_attendance"
    assert NON_CRIME_301 not in result.response


def test_cambs_annex_e_wording_is_verbatim(seeds):
    # Item 13. Seed 003 Annex E s6 and s7.
    data = shipped(CAMBS).data
    texts = [p.text for p in data.prompts if p.id in {"one_agency_high_risk", "medium_towards_high"}]
    texts += [r.text for r in data.referrals if r.id in {"constabulary_profile", "case_conference"}]
    assert len(texts) == 4
    assert all(_normalise(t) in seeds for t in texts)


def test_cambs_one_agency_high_risk_shown_when_other_agencies_are_involved():
    # Item 13. Annex E s6: "Where one agency rates a victim as high risk, then all agencies
    # will treat as such."
    involved = run(CAMBS, {"incident_code": "personal", "answers": {"ram_other_agencies": "Housing officer"}})
    alone = run(CAMBS, {"incident_code": "personal", "answers": {}})
    assert "one_agency_high_risk" in fired(involved)
    assert "one_agency_high_risk" not in fired(alone)


def test_cambs_medium_case_prompts_communications_between_agencies():
    # Item 13. Annex E s6: "medium towards high risk by any agency ... communications between agencies".
    answers = {"dm_pattern": "regular", "dm_harm": "moderate"}
    assert "medium_towards_high" in fired(run(CAMBS, {"incident_code": "personal", "answers": answers}))
    assert "medium_towards_high" not in fired(run(CAMBS, {"incident_code": "personal", "answers": {}}))


HIGH_VULNERABLE = {"ch_vulnerable": True, "dm_pattern": "escalating", "dm_harm": "significant", "consent": True}


def test_cambs_high_risk_vulnerable_victim_profile_and_case_conference_chair():
    # Item 13. Annex E s7: "Input all high risk vulnerable ASB victims within 24 hours ... the
    # Duty Inspector/ Sector Commander"; case conference chair, else "the Duty Inspector or NPT Sergeant".
    result = run(CAMBS, {"incident_code": "personal", "answers": HIGH_VULNERABLE})
    referrals = {r.id: r for r in result.referrals}
    assert referrals["constabulary_profile"].within_hours == 24
    assert "Duty Inspector/ Sector Commander" in referrals["constabulary_profile"].text
    assert "Where they are not available the Duty Inspector or NPT Sergeant will be responsible." in (
        referrals["case_conference"].text
    )
    refused = run(CAMBS, {"incident_code": "personal", "answers": {**HIGH_VULNERABLE, "consent": False}})
    assert "constabulary_profile" not in referred(refused)
    assert "consent.constabulary_profile" in fired(refused)


def test_cambs_not_vulnerable_no_constabulary_profile():
    answers = {**HIGH_VULNERABLE, "ch_vulnerable": False}
    assert "constabulary_profile" not in referred(run(CAMBS, {"incident_code": "personal", "answers": answers}))


@pytest.mark.parametrize("pack_id", ["cambridgeshire", "default"])
def test_decision_guidance_questions_are_marked(pack_id):
    # Item 9. Seed 003 Annex D.1: the table's options verbatim, the question wording asbdesk's.
    questions = shipped(pack_id).questions
    assert all("asbdesk wording" in (questions[q].source or "") for q in ("dm_pattern", "dm_harm"))


@pytest.mark.parametrize("pack_id", ["cambridgeshire", "avon-and-somerset", "west-mercia"])
def test_nsira_codes_cite_section_2(pack_id):
    # Item 10. The NSIRA 2012 box is in seed 003 section 2 (after para 20), not section 3.
    for code in shipped(pack_id).data.codes:
        if code.category in {"personal", "nuisance", "environmental"} and "NSIRA" in code.source:
            assert "section 2" in code.source and " s3 " not in code.source


@pytest.mark.parametrize("pack_id", ["cambridgeshire", "avon-and-somerset", "default"])
def test_officers_assessment_raising_the_level_is_marked(pack_id):
    # Item 12. Seed 003 Annex D.3 gives the assessment beside the score, with no rule between them.
    rules = [r for r in shipped(pack_id).data.level_rules if r.id in {"officer_medium", "officer_high"}]
    assert len(rules) == 2 and all("asbdesk reading" in r.source for r in rules)


# ------------------------------------------------------------ Avon and Somerset (seed 003 Annex B)

AS = "avon-and-somerset"


@pytest.mark.parametrize(
    "data",
    [
        {"flags": ["repeat_victim"]},
        {
            "history": [
                {"occurred_at": ago(days=3), "incident_code": "personal"},
                {"occurred_at": ago(days=10), "incident_code": "nuisance"},
            ]
        },
    ],
)
def test_as_repeat_victim_gets_the_24_hour_call_back_referral(data):
    # Item 14. Seed 003 'Improved service to callers' (100% of vulnerable and repeat victims):
    # the referral agrees with the grade and the prompt.
    result = run(AS, {"incident_code": "personal", "answers": {"q13": False}, **data})
    assert result.grade == "ring_back_24h"
    assert "ring_back" in fired(result)
    assert "ring_back_24h" in referred(result)


def test_as_not_repeat_no_call_back_referral():
    result = run(AS, {"incident_code": "personal", "answers": {"q13": False}})
    assert result.grade == "standard" and "ring_back_24h" not in referred(result)


def test_as_readings_are_marked():
    # Item 15. Seed 003 Annex B gives Q16 no condition and Q6 no option labels.
    questions = shipped(AS).questions
    assert "asbdesk reading" in questions["q16"].source
    assert "asbdesk wording" in questions["q6"].source


# ------------------------------------------------------------ West Mercia (seed 003 Annex B)


@pytest.mark.parametrize(("q2", "q5", "prompted"), [(False, True, True), (True, False, True), (False, False, False)])
def test_wm_q5_means_it_happened_before(q2, q5, prompted):
    # Item 18. Seed 003 Annex B (West Mercia 5): "Have you or your family had problems like
    # this before (Y/N)" feeds the national harassment rule as Q2 does.
    result = run("west-mercia", {"incident_code": "personal", "answers": {"q1": "x", "q2": q2, "q5": q5, "q8": False}})
    assert ("national.crime_recording.harassment" in fired(result)) is prompted
    assert "asbdesk mapping" in shipped("west-mercia").data.national.source


# ------------------------------------------------------------ the default pack

DEFAULT = "default"
NO_DANGER = {"immediate_danger": False, "weapons": False, "before": False, "hate": False}


def test_default_has_no_rule_making_a_consideration_an_indicator():
    # Item 23. Seed 002 'Assessing vulnerability': considerations, not indicators (as in West Yorkshire).
    assert "vulnerability_factor" not in {r.id for r in shipped(DEFAULT).data.vulnerability}


def test_default_no_attendance_grade_never_prints_attendance_standards():
    # Item 26. Seed 003 Annex D.1 (standard risk: "No police attendance required") against
    # seed 002 Green "Apply minimum standards for attendance at an ASB call".
    result = run(DEFAULT, {"incident_code": "802", "answers": {**NO_DANGER, "vulnerable": False}})
    assert result.grade == "no_attendance"
    assert "Apply minimum standards for attendance at an ASB call" not in result.response
    assert "Apply re-contact/revisit policy" in result.response


def test_default_red_applies_the_plans_above_except_the_sergeant():
    # Item 25. Seed 002 ASB Service Standards: Amber "Above applies in conjunction with the
    # following:", Red "Above applies except:".
    answers = {**NO_DANGER, "vulnerable": False, "ram_officer_assessment": "high"}
    result = run(DEFAULT, {"incident_code": "802", "answers": answers})
    assert (result.rag, result.grade) == ("red", "response")
    for line in (
        "Apply minimum standards for attendance at an ASB call",
        "Apply re-contact/revisit policy",
        "Include CPS in the problem solving plan.",
        "Allocate to an Inspector",
    ):
        assert line in result.response
    assert "Allocate to an NPT sergeant; and" not in result.response


def test_default_amber_has_the_whole_amber_plan():
    result = run(DEFAULT, {"incident_code": "802", "answers": {**NO_DANGER, "vulnerable": True}})
    assert result.rag == "amber"
    for line in (
        "Allocate to an NPT sergeant; and",
        "Devise communication strategy to maintain and improve confidence in the community;",
        "Trigger plan to arrest for ASB breaches and/or early intervention plan for identified offenders; and",
        "Include CPS in the problem solving plan.",
    ):
        assert line in result.response
    assert "Allocate to an Inspector" not in result.response


def test_default_hate_crime_coordinators_referral_is_the_amber_wording(seeds):
    # Item 28. Seed 002 ASB Service Standards (Amber): "Hate Crime Coordinators, where appropriate;".
    result = run(DEFAULT, {"incident_code": "802", "answers": {**NO_DANGER, "hate": True, "national_hate": True}})
    [referral] = [r for r in result.referrals if r.id == "hate_crime_coordinator"]
    assert referral.text == "Consider referral to: Hate Crime Coordinators, where appropriate"
    assert (
        "asbdesk mapping" in next(r for r in shipped(DEFAULT).data.referrals if r.id == "hate_crime_coordinator").source
    )


def test_default_visit_plan_is_the_seeds(seeds):
    # Item 29. Seed 002 'Ring Backs and Reassurance Visits' (a personal visit).
    answers = {**NO_DANGER, "further_contact": True, "contact_method": "visit"}
    result = run(DEFAULT, {"incident_code": "802", "answers": answers})
    assert "visit" in result.response_ids
    [plan] = [p for p in shipped(DEFAULT).data.responses if p.id == "visit"]
    assert all(_normalise(line) in seeds for line in plan.text)


@pytest.mark.parametrize(
    ("kind", "item_id"),
    [
        ("question", "extremely_frightened"),  # item 20
        ("question", "violence_in_progress"),  # item 21
        ("level_rule", "risk_of_physical_injury"),  # item 22
        ("referral", "asb_unit_weekly_review"),  # item 27
    ],
)
def test_default_readings_are_marked(kind, item_id):
    data = shipped(DEFAULT)
    if kind == "question":
        source = data.questions[item_id].source
    elif kind == "level_rule":
        source = next(r for r in data.data.level_rules if r.id == item_id).source
    else:
        source = next(r for r in data.data.referrals if r.id == item_id).source
    assert _marked(source), (item_id, source)


def test_default_rag_amber_on_repeat_is_marked():
    # Item 24. Seed 002 'Grading': Amber "two or more incidents"; this pack's repeat is 3 in 30 days.
    [rule] = [r for r in shipped(DEFAULT).data.rag.rules if r.rating == "amber" and "repeat" in r.when.to_data()]
    assert "asbdesk mapping" in rule.source


# ------------------------------------------------------------ national layer


@pytest.mark.parametrize("name", ["crime_recording.harassment", "stalking_screening", "emergency"])
def test_national_course_of_conduct_and_violence_in_progress_are_marked(name):
    # Item 30. 'Two or more' (a course of conduct) is the Protection from Harassment Act 1997,
    # and 'violence in progress' is not in the seeds.
    [rule] = [r for r in RULES if r.name == name]
    assert "asbdesk mapping" in rule.source
