"""Hate by the five monitored strands (issue 21.3): each pack's own hate question names more
than the strands seed 002 monitors (age, gender, health, "any other reason"), so a "yes" to
it is followed by the national five-strand question, and only a "yes" to that (or a hate
code) raises the national hate crime-recording prompt. West Mercia's Q8 "yes" still gets
its MANDATORY attendance (seed 003 Annex B)."""

from __future__ import annotations

import pytest

from tests.core.conftest import run, shipped

HATE_CRIME = "national.crime_recording.hate"
FIVE = "national_hate"

# Each pack's broader question, answered yes, on a code that is not a hate code.
BROAD = {
    "default": ("802", {"hate": True}),
    "avon-and-somerset": ("nuisance", {"ram_hate": True}),
    "cambridgeshire": ("nuisance", {"ram_hate": True}),
    "west-mercia": ("nuisance", {"q8": True}),
    "west-yorkshire": ("802", {"vulnerable": True, "vulnerability_factors": ["hatred"]}),
}


def fired(result) -> dict[str, object]:
    return {p.id: p for p in result.prompts}


@pytest.mark.parametrize("pack_id", sorted(BROAD))
def test_another_reason_is_not_hate_crime_recording(pack_id):
    code, broad = BROAD[pack_id]
    result = run(pack_id, {"incident_code": code, "answers": {**broad, FIVE: False}})
    assert FIVE in {q.id for q in result.questions}  # asked after the broader yes
    assert HATE_CRIME not in fired(result)


@pytest.mark.parametrize("pack_id", sorted(BROAD))
def test_a_monitored_strand_is_hate_crime_recording(pack_id):
    code, broad = BROAD[pack_id]
    result = run(pack_id, {"incident_code": code, "answers": {**broad, FIVE: True}})
    prompt = fired(result)[HATE_CRIME]
    five = shipped(pack_id).questions[FIVE].text
    assert f"answer to '{five}': Yes" in prompt.because


@pytest.mark.parametrize("pack_id", sorted(BROAD))
def test_the_five_strand_question_is_not_asked_without_the_broader_yes(pack_id):
    code, _ = BROAD[pack_id]
    result = run(pack_id, {"incident_code": code, "answers": {FIVE: True}})
    assert FIVE not in {q.id for q in result.questions}
    assert FIVE in result.ignored_answers
    assert HATE_CRIME not in fired(result)


def test_west_mercia_q8_for_any_other_reason_still_gets_mandatory_attendance():
    result = run("west-mercia", {"incident_code": "nuisance", "answers": {"q8": True, FIVE: False}})
    assert "hate_mandatory_attendance" in fired(result)
    assert result.grade == "mandatory_attendance"


def test_default_the_ram_yes_for_age_or_gender_is_not_a_potential_hate_crime():
    other = run("default", {"incident_code": "802", "answers": {"ram_hate": True, FIVE: False}})
    strand = run("default", {"incident_code": "802", "answers": {"ram_hate": True, FIVE: True}})
    assert "hate_identified_mandatory_attendance" not in fired(other)
    assert "hate_identified_mandatory_attendance" in fired(strand)


@pytest.mark.parametrize(("pack_id", "code"), [("default", "804"), ("west-yorkshire", "621")])
def test_a_hate_code_prompts_hate_crime_recording_without_the_question(pack_id, code):
    assert HATE_CRIME in fired(run(pack_id, {"incident_code": code}))
