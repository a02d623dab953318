"""Issue 19.6: two authoring mistakes that used to pass validation are refused, each at its line.

- a condition (show_if, or a conditional mandatory) that reads a question asked after it, or
  one the incident code does not ask before it (the order is ``Pack.questions_for``);
- a question or code the national layer reads as hate that does not lead to MANDATORY
  attendance (West Mercia Q8, seed 003 Annex B: "There is a prompt for mandatory action when a
  potential hate crime is identified"; "If Yes, MANDATORY attendance"), unless the pack
  switches that off with a reason and its source, as it would a national rule.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import get_args

import pytest

from asbdesk.core.packs import PackError, load_pack
from asbdesk.core.packs.model import NationalRuleName
from asbdesk.core.packs.national import HATE_ATTENDANCE, SWITCHABLE
from tests.conftest import PACKS
from tests.core.conftest import run, shipped
from tests.core.test_pack_validation import CODES, QUESTIONS, problems, write_pack

ORDER = ": a condition may only read answers to questions asked before it"

# ---------------------------------------------------------------- a condition reads a later question


def test_show_if_on_a_question_asked_later_is_refused_naming_both_lines(tmp_path):
    questions = QUESTIONS.replace("        show_if: {answer: q1, equals: true}\n", "").replace(
        "        type: yes_no\n", "        type: yes_no\n        show_if: {answer: q2, equals: knife}\n"
    )
    # line 8: q1's show_if; line 12: q2, asked after q1
    assert problems(write_pack(tmp_path, questions_yaml=questions)) == [
        "questions.yaml:8: question_sets[main].questions[q1].show_if.answer: reads 'q2' (questions.yaml:12), "
        "which is asked after this question" + ORDER
    ]


def test_a_conditional_mandatory_on_a_later_question_is_refused(tmp_path):
    questions = QUESTIONS.replace(
        "        type: yes_no\n", "        type: yes_no\n        mandatory: {answer: q2, equals: knife}\n"
    )
    assert problems(write_pack(tmp_path, questions_yaml=questions)) == [
        "questions.yaml:8: question_sets[main].questions[q1].mandatory.answer: reads 'q2' (questions.yaml:12), "
        "which is asked after this question" + ORDER
    ]


def test_the_same_condition_on_an_earlier_question_loads(tmp_path):
    # The fixture as shipped: q2 "What type?" shown only after q1 "Were weapons involved?".
    assert load_pack(write_pack(tmp_path)).questions["q2"].show_if is not None


EXTRA_SET = """\
  - id: extra
    title: Extra
    questions:
      - {id: x1, text: Is it still going on?, type: yes_no}
"""


def test_a_question_in_a_set_asked_later_for_one_code_only(tmp_path):
    # 801 asks main then extra (x1 after q2); 802 asks extra first (x1 before q2).
    codes = CODES.replace("[main]", "[main, extra]") + (
        "  - {code: '802', label: Nuisance ASB, category: nuisance, question_sets: [extra, main]}\n"
    )
    questions = QUESTIONS.replace("{answer: q1, equals: true}", "{answer: x1, equals: true}") + EXTRA_SET
    assert problems(write_pack(tmp_path, codes_yaml=codes, questions_yaml=questions)) == [
        "questions.yaml:14: question_sets[main].questions[q2].show_if.answer: reads 'x1' (questions.yaml:21), "
        "which is asked after this question for incident code '801'" + ORDER
    ]
    fixed = tmp_path / "fixed"
    fixed.mkdir()
    codes = codes.replace("[main, extra]", "[extra, main]")
    assert load_pack(write_pack(fixed, codes_yaml=codes, questions_yaml=questions)).id == "tiny"


def test_a_question_the_code_never_asks_before_it_is_refused(tmp_path):
    # 802 brings up only 'main': its q2 would read x1, which 802 never asks.
    codes = CODES.replace("[main]", "[extra, main]") + (
        "  - {code: '802', label: Nuisance ASB, category: nuisance, question_sets: [main]}\n"
    )
    questions = QUESTIONS.replace("{answer: q1, equals: true}", "{answer: x1, equals: true}") + EXTRA_SET
    assert problems(write_pack(tmp_path, codes_yaml=codes, questions_yaml=questions)) == [
        "questions.yaml:14: question_sets[main].questions[q2].show_if.answer: reads 'x1' (questions.yaml:21), "
        "which incident code '802' does not ask before this question" + ORDER
    ]


def test_a_question_of_the_closing_set_comes_after_the_code_s_own(tmp_path):
    # The closing set (contact and consent) is asked last, after the code's own sets.
    pack = "pack:\n  id: tiny\n  name: Tiny test pack\n  version: '1.0'\n  source: test fixture\n"
    pack += (
        "  close: {question_set: extra}\nlevels:\n  - {id: standard, label: Standard}\n  - {id: high, label: High}\n"
    )
    questions = QUESTIONS.replace("{answer: q1, equals: true}", "{answer: x1, equals: true}") + EXTRA_SET
    assert problems(write_pack(tmp_path, pack_yaml=pack, questions_yaml=questions)) == [
        "questions.yaml:14: question_sets[main].questions[q2].show_if.answer: reads 'x1' (questions.yaml:21), "
        "which is asked after this question" + ORDER
    ]


@pytest.mark.parametrize("pack_id", ["avon-and-somerset", "cambridgeshire", "default", "west-mercia", "west-yorkshire"])
def test_every_shipped_condition_reads_only_earlier_questions(pack_id):
    # The check itself runs at load; here the order is checked again from the pack as loaded.
    # A national follow-up (issue 21.3) may read a question its code never asks: it is then
    # never shown (Cambridgeshire's vehicle noise asks no RAM hate question).
    pack = shipped(pack_id)
    for code in pack.codes:
        seen: set[str] = set()
        asked = {q.id for q in pack.questions_for(code)}
        for question in pack.questions_for(code):
            for condition in (question.show_if, question.mandatory_when):
                read = {r.name for r in condition.refs() if r.kind == "question"} if condition else set()
                if question.id.startswith("national_"):
                    read &= asked
                assert read <= seen, (pack_id, code, question.id, read - seen)
            seen.add(question.id)


# ---------------------------------------------------------------- hate leads to MANDATORY attendance

HATE_QUESTION = """\
      - id: q3
        text: Do you think it is because of who you or your family are?
        type: yes_no
"""
# rules.yaml with West Mercia's chain on q3: the prompt (line 19), the grading rule on it
# (line 16), the response plan for its grade (line 27).
HATE_RULES = """\
matrix:
  title: Matrix
  source: test fixture
  sections:
    - {id: s1, label: Section one, questions: [q1, q2]}
  thresholds:
    - {level: standard, min: 0, max: 4}
    - {level: high, min: 5}
grading:
  source: test fixture
  grades:
    - {id: attend, label: Attend, attendance: true}
    - {id: later, label: Later}
  rules:
    - {when: {level: high}, grade: attend, source: test fixture}
    - {when: {prompt: hate_attendance}, grade: attend, source: test fixture}
  default: later
prompts:
  - id: hate_attendance
    kind: mandatory_attendance
    text: If Yes, MANDATORY attendance
    when: {answer: q3, equals: true}
    source: test fixture
rag:
  source: test fixture
responses:
  - id: attend_now
    when: {grade: attend}
    text: [Officers attend.]
    source: test fixture
national:
  signals:
    hate: {answer: q3, equals: true}
"""
FIX = (
    "; hate must lead to MANDATORY attendance (a prompt, a grading rule on it, a response plan: West Mercia Q8, "
    "seed 003 Annex B) unless 'mandatory_attendance.hate' is switched off under national.switched_off with a "
    "reason and its source"
)
Q3 = "questions.yaml:18: question_sets[main].questions[q3]: a 'yes' to 'q3' is read as hate but "
SWITCH_OFF = """\
  switched_off:
    mandatory_attendance.hate:
      reason: The force grades hate reports by risk like every other call.
      source: force policy, section 4
"""


def hate_pack(tmp_path: Path, rules: str = HATE_RULES, codes: str = CODES) -> Path:
    return write_pack(tmp_path, questions_yaml=QUESTIONS + HATE_QUESTION, rules_yaml=rules, codes_yaml=codes)


def test_a_hate_question_with_the_whole_chain_loads(tmp_path):
    pack = load_pack(hate_pack(tmp_path))
    assert "hate_attendance" in {p.id for p in pack.prompts}


@pytest.mark.parametrize(
    ("old", "new", "gap"),
    [
        # the issue's case: the prompt, its grading rule and the response removed
        (
            "    when: {answer: q3, equals: true}\n    source: test fixture\n",
            "    when: {answer: q1, equals: true}\n    source: test fixture\n",
            "fires no mandatory_attendance prompt",
        ),
        (
            "    - {when: {prompt: hate_attendance}, grade: attend, source: test fixture}\n",
            "    - {when: {prompt: other}, grade: attend, source: test fixture}\n",
            "fires 'hate_attendance' (rules.yaml:19) but no grading rule on it sets the grade",
        ),
        (
            "{id: attend, label: Attend, attendance: true}",
            "{id: attend, label: Attend, attendance: false}",
            "fires 'hate_attendance' (rules.yaml:19), graded 'Attend' (rules.yaml:16), a grade where police do not attend",
        ),
        (
            "    when: {grade: attend}\n",
            "    when: {grade: later}\n",
            "fires 'hate_attendance' (rules.yaml:19), graded 'Attend' (rules.yaml:16), but no response plan follows",
        ),
    ],
    ids=["no-prompt", "no-grading-rule", "grade-without-attendance", "no-response"],
)
def test_a_hate_question_that_does_not_lead_to_mandatory_attendance_is_refused(tmp_path, old, new, gap):
    assert old in HATE_RULES
    found = problems(hate_pack(tmp_path, HATE_RULES.replace(old, new, 1)))
    assert found[-1] == Q3 + gap + FIX
    assert all(p == Q3 + gap + FIX or "prompt 'other'" in p for p in found)  # 'other' is also unknown


def test_the_rule_switched_off_with_a_reason_and_source_loads(tmp_path):
    rules = HATE_RULES.replace("    when: {grade: attend}\n", "    when: {grade: later}\n") + SWITCH_OFF
    pack = load_pack(hate_pack(tmp_path, rules))
    assert pack.data.national.switched_off[HATE_ATTENDANCE].source == "force policy, section 4"


def test_switching_it_off_needs_a_written_reason_and_a_source(tmp_path):
    rules = HATE_RULES + "  switched_off:\n    mandatory_attendance.hate: {reason: not here, source: x}\n"
    found = problems(hate_pack(tmp_path, rules))
    assert found == [
        "rules.yaml:35: national.switched_off.mandatory_attendance.hate.reason: String should have at least 20 "
        "characters (found 'not here')",
        "rules.yaml:35: national.switched_off.mandatory_attendance.hate.source: String should have at least 3 "
        "characters (found 'x')",
    ]


HATE_CODE = "  - {code: '621', label: Hate crime or incident, category: other, question_sets: [main], offence: hate}\n"


def test_a_hate_code_without_mandatory_attendance_is_refused_at_its_offence(tmp_path):
    found = problems(hate_pack(tmp_path, codes=CODES + HATE_CODE))
    assert found == [
        "codes.yaml:6: codes[621].offence: code '621' (offence: hate) fires no mandatory_attendance prompt" + FIX
    ]
    fixed = tmp_path / "fixed"
    fixed.mkdir()
    rules = HATE_RULES.replace(
        "    when: {answer: q3, equals: true}\n",
        "    when: {any: [{answer: q3, equals: true}, {incident: {codes: ['621']}}]}\n",
    )
    assert load_pack(hate_pack(fixed, rules, CODES + HATE_CODE)).codes["621"].offence == "hate"


def test_a_hate_question_asked_for_some_codes_only_names_them(tmp_path):
    # The prompt fires only on 801; 802 asks q3 too and gets no MANDATORY attendance.
    codes = CODES + "  - {code: '802', label: Nuisance ASB, category: nuisance, question_sets: [main]}\n"
    rules = HATE_RULES.replace(
        "    when: {answer: q3, equals: true}\n",
        "    when: {all: [{answer: q3, equals: true}, {incident: {codes: ['801']}}]}\n",
    )
    assert problems(hate_pack(tmp_path, rules, codes)) == [
        Q3 + "fires no mandatory_attendance prompt (for incident code '802')" + FIX
    ]


def test_a_pack_that_reads_no_hate_answer_and_has_no_hate_code_is_not_concerned(tmp_path):
    # The national layer asks its own hate question there; the pack has nothing of its own to check.
    assert load_pack(write_pack(tmp_path)).id == "tiny"


# ---------------------------------------------------------------- the shipped packs


def _copy(tmp_path: Path, pack_id: str) -> Path:
    folder = tmp_path / pack_id
    shutil.copytree(PACKS / pack_id, folder)
    return folder


def _line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def _cut(path: Path, start: str, lines: int) -> None:
    """Remove ``lines`` lines from the one containing ``start``."""
    rows = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, row in enumerate(rows) if start in row)
    path.write_text("".join(rows[:at] + rows[at + lines :]), encoding="utf-8")


def test_west_mercia_q8_without_its_prompt_grade_rule_and_response_is_refused(tmp_path):
    # The issue's silent mistake: Q8's prompt, grading rule and response plan removed.
    folder = _copy(tmp_path, "west-mercia")
    outcome = folder / "outcome.yaml"
    text = outcome.read_text(encoding="utf-8")
    for removed in (
        # the prompt
        "  - id: hate_mandatory_attendance\n    kind: mandatory_attendance\n    text: If Yes, MANDATORY attendance\n"
        "    when: {answer: q8, equals: true}\n",
        "    source: \"Seed 003 Annex B (West Mercia, 8): 'There is a prompt for mandatory action when a potential "
        "hate crime is identified'\"\n",
        # the grading rule on it
        "    - when: {prompt: hate_mandatory_attendance}\n      grade: mandatory_attendance\n"
        "      source: Seed 003 Annex B (West Mercia, 8)\n",
    ):
        assert removed in text
        text = text.replace(removed, "", 1)
    text = text.replace("  rules:\n  default: standard", "  default: standard")
    text = text[: text.index("responses:")]  # its only response plan
    outcome.write_text(text, encoding="utf-8")
    line = _line_of(folder / "questions.yaml", "- id: q8")
    assert problems(folder) == [
        f"questions.yaml:{line}: question_sets[west_mercia].questions[q8]: a 'yes' to 'q8' with a 'yes' to "
        "'national_hate' is read as hate but fires no mandatory_attendance prompt" + FIX
    ]


def test_west_yorkshire_needs_its_switch_off(tmp_path):
    folder = _copy(tmp_path, "west-yorkshire")
    _cut(folder / "outcome.yaml", "  switched_off:", 12)
    found = problems(folder)
    codes = folder / "codes.yaml"
    assert [p.split(": ", 2)[:2] for p in found] == [
        *(
            [f"codes.yaml:{_line_of(codes, needle)}", f"codes[{code}].offence"]
            for code in ("804", "805", "806", "621", "622")
            for needle in (f'code: "{code}"',)
        ),
        [
            f"questions.yaml:{_line_of(folder / 'questions.yaml', '- id: vulnerability_factors')}",
            "question_sets[vulnerability].questions[vulnerability_factors]",
        ],
    ]
    assert (
        "'hatred' ticked in 'vulnerability_factors' with a 'yes' to 'national_hate' is read as hate but fires no "
        "mandatory_attendance" in found[-1]
    )


@pytest.mark.parametrize("pack_id", ["avon-and-somerset", "cambridgeshire", "west-yorkshire"])
def test_a_shipped_switch_off_cites_the_seeds(pack_id):
    off = shipped(pack_id).data.national.switched_off[HATE_ATTENDANCE]
    assert "West Mercia" in off.reason and len(off.reason) >= 20
    assert off.source.startswith("Seed 00") and "asbdesk reading" in off.source


@pytest.mark.parametrize("pack_id", ["default", "west-mercia"])
def test_the_packs_that_follow_west_mercia_keep_the_rule_on(pack_id):
    assert HATE_ATTENDANCE not in shipped(pack_id).data.national.switched_off


@pytest.mark.parametrize(
    ("code", "answers"),
    [("801", {"hate": True}), ("802", {"ram_hate": True, "national_hate": True}), ("621", {}), ("804", {})],
    ids=["west-mercia-question", "ram-question", "hate-crime-code", "hate-asb-code"],
)
def test_every_hate_route_in_the_default_pack_leads_to_mandatory_attendance(code, answers):
    result = run("default", {"incident_code": code, "answers": answers})
    assert "mandatory_attendance" in {p.kind for p in result.prompts}
    assert result.grade == "response"
    assert any("MANDATORY attendance" in line for line in result.response)
    calm = run("default", {"incident_code": "802", "answers": {"hate": False, "ram_hate": False}})
    assert "mandatory_attendance" not in {p.kind for p in calm.prompts}


def test_what_a_pack_may_switch_off_is_the_national_rules_and_the_hate_check():
    assert get_args(NationalRuleName) == SWITCHABLE


# ---------------------------------------------------------------- emergency -> risk of injury (issue 21.4)

# The answer that makes a call an Emergency in each pack, on a code of its own.
EMERGENCY = {
    "default": ("802", {"immediate_danger": True}),
    "avon-and-somerset": ("nuisance", {"q7": True}),
    "cambridgeshire": ("nuisance", {"national_immediate_danger": True}),
    "west-mercia": ("nuisance", {"national_immediate_danger": True}),
    "west-yorkshire": ("802", {"national_immediate_danger": True}),
}


@pytest.mark.parametrize("pack_id", sorted(EMERGENCY))
def test_an_emergency_is_rated_as_a_risk_of_physical_injury_in_every_pack(pack_id):
    code, answers = EMERGENCY[pack_id]
    calm = run(pack_id, {"incident_code": code})
    emergency = run(pack_id, {"incident_code": code, "answers": answers})
    assert (calm.level, calm.rag) == ("standard", "green")
    assert emergency.grade == shipped(pack_id).emergency_grade
    assert (emergency.level, emergency.rag) == ("high", "red")
    said = " ".join([*emergency.rag_reasons, *emergency.response])
    assert "no risk of physical injury" not in said.lower()


def test_avon_and_somerset_weapons_raise_the_level_as_well():
    result = run("avon-and-somerset", {"incident_code": "nuisance", "answers": {"q2": True}})
    assert (result.grade, result.level, result.rag) == ("emergency", "high", "red")


def test_an_emergency_left_at_standard_risk_beside_the_green_plan_is_refused(tmp_path):
    folder = _copy(tmp_path, "west-yorkshire")
    assessment = folder / "assessment.yaml"
    text = assessment.read_text(encoding="utf-8")
    old = "{any: [{answer: physical_injury, equals: true}, {answer: national_immediate_danger, equals: true}]}"
    assert old in text
    assessment.write_text(text.replace(old, "{answer: physical_injury, equals: true}"), encoding="utf-8")
    _cut(folder / "outcome.yaml", "{not: {answer: national_immediate_danger, equals: true}}", 1)
    [problem] = [str(i) for i in _issues(folder)]
    assert "a 'yes' to 'national_immediate_danger' makes the call an Emergency but the rating or plan" in problem
    assert (
        "'Green (low level incident): Isolated incident; Incident outside hotspot area; No risk of physical" in problem
    )


def test_an_emergency_beside_a_green_no_risk_of_injury_rating_is_refused(tmp_path):
    folder = _copy(tmp_path, "west-yorkshire")
    _cut(folder / "outcome.yaml", "{not: {answer: national_immediate_danger, equals: true}}", 1)
    [problem] = [str(i) for i in _issues(folder)]
    assert "makes the call an Emergency but the rating or plan beside it says 'Green (low level incident)" in problem
    assert "No risk of physical injury" in problem


def _issues(folder: Path):
    with pytest.raises(PackError) as caught:
        load_pack(folder)
    return caught.value.issues


# ---------------------------------------------------------------- the lower items (issue 21.6)


def test_cambridgeshire_high_risk_calls_the_joint_case_conference_within_72_hours():
    # Seed 003 Annex E s6: "within 72 hours", beside the constabulary's own 24 (s7).
    high = run("cambridgeshire", {"incident_code": "personal", "answers": {"ram_officer_assessment": "high"}})
    medium = run("cambridgeshire", {"incident_code": "personal", "answers": {"ram_officer_assessment": "medium"}})
    due = {r.id: r.within_hours for r in high.referrals} | {w.id: None for w in high.withheld_referrals}
    assert "joint_case_conference" in due and "case_conference" in due
    rule = next(r for r in shipped("cambridgeshire").data.referrals if r.id == "joint_case_conference")
    assert (rule.within_hours, rule.requires_consent) == (72, True)
    assert "joint_case_conference" not in {r.id for r in medium.referrals} | {w.id for w in medium.withheld_referrals}


@pytest.mark.parametrize("pack_id", ["default", "cambridgeshire"])
def test_no_police_attendance_required_as_a_grade_name_is_marked_as_asbdesks(pack_id):
    source = shipped(pack_id).data.grading.source
    assert "'No police attendance required' as the name of a grade is asbdesk wording" in source


def test_west_yorkshire_says_why_crime_codes_get_the_green_minimum_standards():
    source = shipped("west-yorkshire").data.grading.source
    assert "The Green grade serves the crime codes too" in source and "asbdesk reading" in source
    assert run("west-yorkshire", {"incident_code": "480"}).grade == "minimum_standards"
