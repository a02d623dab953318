"""West Yorkshire pack audit findings (seed 002, West Yorkshire Police ASB policy).

Each test names the seed 002 section it checks. Helpers as in test_force_packs.py.
"""

from __future__ import annotations

import pytest

from tests.core.conftest import ago, run, shipped

PACK = "west-yorkshire"
HATE_CODES = ["804", "805", "806", "621", "622"]
HATE_PROMPTS = {
    "hate_crime",
    "non_crime_hate_incident",
    "non_crime_hate_decision",
    "hate_crime_coordinators_gatekeepers",
}

# Seed 002 'ASB Service Standards', Amber: "Victim is also identified as vulnerable through:"
AMBER_VULNERABLE_THROUGH = {
    "ill_health": "Mental or physical ill-health or impairments;",
    "physical_disability": "Physical disability or is suffering from a physical disorder;",
    "age": "Age;",
    "bme_ethnic_tensions": "Part of a BME group where there are raised ethnic tensions in area;",
    "cultural_social": "Cultural or social differences;",
    "domestic_employment": "Domestic or employment circumstances;",
    "religious_political": "Religious or political opinions;",
    "victim_behaviour": "Behaviour carried out by the victim;",
    "drugs_criminality": "Involved in drug related activity or other criminality;",
    "asb_hotspot": "Lives within an ASB hotspot area;",
    "offender_behaviour": "Behaviour towards the victim on the part of an identified offender;",
    "property_damage": "Risk of serious damage to property",
}

# Seed 002 'Assessing vulnerability': "In assessing vulnerability, consideration must also be given to:"
CONSIDERATIONS = [
    "age",
    "mental_disorder",
    "ill_health",
    "background",
    "physical_disability",
    "circumstances",
    "repeat_victim",
    "hatred",
    "victim_views",
]

AMBER_REFERRALS = {
    "safeguarding_unit",
    "asb_unit",
    "external_agencies",
    "crime_prevention",
    "licensing",
    "ward_meetings",
    "diu_tia",
}


def fired(result) -> set[str]:
    return {p.id for p in result.prompts}


def referred(result) -> set[str]:
    return {r.id for r in result.referrals}


# ------------------------------------------- finding 1: the Amber "vulnerable through" list


def test_amber_vulnerable_through_list_is_the_seeds_twelve_items_verbatim():
    # Seed 002 'ASB Service Standards' (Amber): the 12 items, in the seed's order.
    question = shipped(PACK).questions["vulnerable_through"]
    assert question.text == "Victim is also identified as vulnerable through:"
    assert [(o.id, o.label) for o in question.options] == list(AMBER_VULNERABLE_THROUGH.items())
    # It is not the 'Assessing vulnerability' list under another name.
    considerations = {o.label for o in shipped(PACK).questions["vulnerability_factors"].options}
    assert not considerations & set(AMBER_VULNERABLE_THROUGH.values())


@pytest.mark.parametrize("item", list(AMBER_VULNERABLE_THROUGH))
def test_each_amber_item_alone_makes_the_victim_vulnerable_and_amber(item):
    # Seed 002 'ASB Service Standards' (Amber): any one item -> vulnerable -> Amber.
    result = run(PACK, {"incident_code": "802", "answers": {"vulnerable": False, "vulnerable_through": [item]}})
    assert result.vulnerable
    assert (result.level, result.rag, result.grade) == ("medium", "amber", "npt_sergeant")
    assert referred(result) >= AMBER_REFERRALS


def test_no_amber_item_ticked_is_not_vulnerable():
    # The other side of the boundary: the list answered with nothing ticked.
    result = run(PACK, {"incident_code": "802", "answers": {"vulnerable": False, "vulnerable_through": []}})
    assert not result.vulnerable
    assert result.rag == "green"
    assert not AMBER_REFERRALS & referred(result)


# ------------------------------------------- finding 2: considerations are not indicators


@pytest.mark.parametrize("consideration", CONSIDERATIONS)
def test_a_consideration_alone_does_not_make_the_caller_vulnerable(consideration):
    # Seed 002 'Assessing vulnerability': "consideration must also be given to" -- shown and
    # recorded, but on its own it does not make the caller vulnerable (nor Amber, nor referrals).
    result = run(
        PACK, {"incident_code": "802", "answers": {"vulnerable": False, "vulnerability_factors": [consideration]}}
    )
    assert not result.vulnerable
    assert result.rag == "green" and result.grade == "minimum_standards"
    assert not AMBER_REFERRALS & referred(result)
    assert "vulnerability_factors" in {q.id for q in result.questions}  # still shown and recorded
    assert "vulnerability_factors" not in result.ignored_answers


def test_only_the_victims_views_no_longer_gives_seven_referrals():
    # The audit's case: only "Any views expressed by the victim." ticked.
    result = run(PACK, {"incident_code": "801", "answers": {"vulnerability_factors": ["victim_views"]}})
    assert not result.vulnerable and result.rag == "green"
    assert referred(result) == set()


def test_all_considerations_with_the_definition_met_is_vulnerable():
    # Seed 002 'Definition of vulnerability' still decides: the considerations inform it.
    result = run(
        PACK, {"incident_code": "802", "answers": {"vulnerable": True, "vulnerability_factors": CONSIDERATIONS}}
    )
    assert result.vulnerable and result.rag == "amber"


# ------------------------------------------- finding 3: both hate routes agree


def _hate_view(result):
    return (
        fired(result) & (HATE_PROMPTS | {"national.crime_recording.hate"}),
        result.rag,
        result.grade,
        result.vulnerable,
        "hate_crime_coordinators" in referred(result),
    )


@pytest.mark.parametrize("code", HATE_CODES)
def test_hate_code_and_hatred_ticked_on_801_get_the_same_hate_handling(code):
    # Seed 002 'Hate crime', 'Vulnerability question set' (Hate ASB 804-806, Hate crime or
    # incident 621/622) and ASB Service Standards (Amber: Hate Crime Coordinators).
    by_code = run(PACK, {"incident_code": code})
    # Hatred ticked is followed by the national five-strand question (issue 21.3): a "yes".
    by_tick = run(
        PACK, {"incident_code": "801", "answers": {"vulnerability_factors": ["hatred"], "national_hate": True}}
    )
    assert _hate_view(by_code) == _hate_view(by_tick)
    assert HATE_PROMPTS | {"national.crime_recording.hate"} <= fired(by_code)
    assert "hate_crime_coordinators" in referred(by_code)
    assert by_code.rag == "green"  # hate alone: no Amber/Red criterion in the framework


def test_hate_routes_agree_at_amber_too():
    amber = {"vulnerable_through": ["religious_political"]}
    by_code = run(PACK, {"incident_code": "804", "answers": amber})
    by_tick = run(
        PACK, {"incident_code": "801", "answers": {**amber, "vulnerability_factors": ["hatred"], "national_hate": True}}
    )
    assert _hate_view(by_code) == _hate_view(by_tick)
    assert by_code.rag == "amber"


def test_no_hate_no_hate_handling():
    result = run(PACK, {"incident_code": "801", "answers": {"vulnerability_factors": ["victim_views"]}})
    assert not HATE_PROMPTS & fired(result)
    assert "hate_crime_coordinators" not in referred(result)


def test_non_crime_hate_incident_wording_is_the_seeds():
    # Seed 002 'Hate crime'.
    [prompt] = [p for p in run(PACK, {"incident_code": "622"}).prompts if p.id == "non_crime_hate_incident"]
    assert prompt.text.startswith("A non crime hate incident must always be assessed for clear evidence of hostility")
    assert prompt.text.endswith("Under no circumstances must a suspect be ever linked to a non crime hate occurrence.")


# ------------------------------------------- finding 4: DIU, ASBO21 tasking, green criteria


def test_diu_referral_at_amber_only():
    # Seed 002 'ASB Service Standards' (Amber): "DIU to include as part of TIA process;"
    amber = run(PACK, {"incident_code": "802", "answers": {"vulnerable": True}})
    green = run(PACK, {"incident_code": "802", "answers": {"vulnerable": False}})
    [diu] = [r for r in amber.referrals if r.id == "diu_tia"]
    assert diu.text == "Consider referral to: DIU to include as part of TIA process"
    assert "diu_tia" not in referred(green)


@pytest.mark.parametrize(
    ("data", "tasked"),
    [
        ({"answers": {"vulnerable": True}}, True),
        ({"answers": {"vulnerable_through": ["age"]}}, True),
        ({"answers": {"repeat": ["location"]}}, True),
        ({"answers": {"escalation": True}}, True),
        ({"flags": ["repeat_victim"]}, True),
        ({"answers": {"vulnerable": False, "escalation": False, "physical_injury": False}}, False),
        ({"answers": {"vulnerability_factors": ["victim_views"]}}, False),
    ],
)
def test_npt_tasked_with_the_asbo21_full_vulnerability_assessment_when_issues_found(data, tasked):
    # Seed 002 'Full vulnerability risk assessment': "If these questions identify any issues,
    # individuals must task the local NPT ... using the ASBO21 form".
    result = run(PACK, {"incident_code": "802", **data})
    assert ("npt_full_vulnerability_assessment" in referred(result)) is tasked
    if tasked:
        [referral] = [r for r in result.referrals if r.id == "npt_full_vulnerability_assessment"]
        assert "ASBO21 form" in referral.text and referral.to == "Local NPT"


GREEN_REASON = (
    "Green (low level incident): Isolated incident; Incident outside hotspot area; "
    "No risk of physical injury or damage to property; No likelihood of escalation"
)


def test_green_criteria_all_holding_give_the_green_reason():
    # Seed 002 'ASB Service Standards' (Green) and 'Grading' ("Green – are isolated incidents.").
    result = run(
        PACK, {"incident_code": "803", "answers": {"vulnerable": False, "escalation": False, "physical_injury": False}}
    )
    assert result.rag == "green"
    assert result.rag_reasons == (GREEN_REASON,)


@pytest.mark.parametrize(
    "data",
    [
        {"answers": {"vulnerable_through": ["asb_hotspot"]}},  # not outside hotspot area
        {"answers": {"vulnerable_through": ["property_damage"]}},  # risk of damage to property
        {"answers": {"repeat": ["victim"]}},  # not isolated
        {"flags": ["repeat_victim"]},  # not isolated
        {"history": [{"occurred_at": ago(days=30), "incident_code": "803"}]},  # not isolated
    ],
)
def test_a_green_criterion_failing_is_not_green(data):
    # Seed 002 'ASB Service Standards': each failed Green criterion is an Amber one.
    result = run(PACK, {"incident_code": "803", **data})
    assert result.rag == "amber"
    assert GREEN_REASON not in result.rag_reasons


@pytest.mark.parametrize("answer", ["escalation", "physical_injury"])
def test_escalation_or_injury_is_red_not_green(answer):
    # Seed 002 'ASB Service Standards' (Red): likelihood of escalation / risk of physical injury.
    result = run(PACK, {"incident_code": "803", "answers": {answer: True}})
    assert result.rag == "red"
    assert GREEN_REASON not in result.rag_reasons


# ------------------------------------------- finding 5: an active repeat victim flag is repeat


def test_repeat_victim_flag_with_no_history_gets_repeat_handling():
    # Seed 002 ASB Service Standards (Amber: "Repeat: ... Victim") and 'Storm Flag System'
    # (a flag identifies repeat victims on future calls); asbdesk mapping.
    flagged = run(PACK, {"incident_code": "801", "flags": ["repeat_victim"]})
    assert not flagged.repeat.is_repeat  # no history: the count rule alone would not fire
    assert (flagged.level, flagged.rag, flagged.grade) == ("medium", "amber", "npt_sergeant")
    assert "Repeat: Location; or Victim" in flagged.level_reasons
    assert "storm_flag" in fired(flagged)
    assert "npt_full_vulnerability_assessment" in referred(flagged)
    assert referred(flagged) >= AMBER_REFERRALS


@pytest.mark.parametrize("flag", ["warning_marker", "location"])
def test_other_flags_do_not_count_as_repeat(flag):
    result = run(PACK, {"incident_code": "801", "flags": [flag]})
    assert (result.level, result.rag) == ("standard", "green")
    assert "storm_flag" not in fired(result)


def test_every_repeat_condition_in_the_pack_also_accepts_the_flag():
    # Wherever the pack uses repeat, {flag: repeat_victim} is accepted beside it.
    pack = shipped(PACK)
    uses = [r.when.to_data() for r in pack.data.level_rules]
    uses += [p.when.to_data() for p in pack.data.prompts]
    uses += [r.when.to_data() for r in pack.data.referrals]
    uses += [r.when.to_data() for r in pack.data.rag.rules]

    def walk(node):
        if isinstance(node, dict):
            yield node
            for value in node.values():
                yield from walk(value)
        elif isinstance(node, list):
            for value in node:
                yield from walk(value)

    for condition in uses:
        nodes = list(walk(condition))
        if any("repeat" in n for n in nodes):
            assert {"flag": "repeat_victim"} in nodes, condition
