"""``asbdesk packs show PACK --format text``: the pack in words for a force's policy lead."""

from __future__ import annotations

import io
import re
import subprocess
import sys

import pytest

from asbdesk.cli import main
from asbdesk.core import conditions
from asbdesk.core.conditions import Condition, parse_condition
from asbdesk.core.packs import Pack
from asbdesk.core.packs.describe import _WORDINGS, condition_in_words, pack_outline, pack_text
from asbdesk.core.packs.model import QuestionSet
from asbdesk.core.packs.registry import shipped_pack_ids
from tests.conftest import REPO
from tests.core.conftest import shipped

SHIPPED = ["default", "cambridgeshire", "avon-and-somerset", "west-mercia", "west-yorkshire"]
HEADINGS = [
    "Codes (what each brings up):",
    "Question sets no code brings up:",
    "Question set ",
    "Repeat rules",
    "Vulnerability rules",
    "Level rules",
    "Prompts",
    "Grades (most urgent first):",
    "Grade rules",
    "RAG rules",
    "Responses",
    "Referrals:",
]


def _subclasses(cls: type) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub, *_subclasses(sub)}
    return found


def words(data, pack_id: str = "avon-and-somerset") -> str:
    return condition_in_words(parse_condition(data), shipped(pack_id))


def test_every_condition_class_has_a_wording():
    classes = _subclasses(Condition)
    assert {c for c in vars(conditions).values() if isinstance(c, type) and issubclass(c, Condition)} - {
        Condition
    } <= classes
    missing = sorted(c.__name__ for c in classes if c not in _WORDINGS)
    assert not missing, f"Condition subclass(es) with no wording in asbdesk.core.packs.describe: {missing}"


@pytest.mark.parametrize(
    "data, expected",
    [
        ({"answer": "q2", "equals": True}, 'Q2 "Were weapons involved or mentioned?" is Yes'),
        ({"answer": "q2", "equals": False}, 'Q2 "Were weapons involved or mentioned?" is No'),
        ({"answer": "q6", "equals": "physical"}, 'Q6 "Was the disturbance physical or verbal?" is "physical"'),
        ({"answer": "q6", "in": ["physical", "verbal"]}, 'is either "physical" or "verbal"'),
        ({"answer": "q5", "at_least": 3}, 'Q5 "How many people are involved?" is at least 3'),
        ({"answer": "q5", "greater_than": 3}, "is more than 3"),
        ({"answer": "q5", "less_than": 3}, "is less than 3"),
        ({"answer": "q5", "at_most": 3}, "is at most 3"),
        ({"answer": "q3", "answered": True}, 'Q3 "What type?" is answered'),
        ({"answer": "q3", "answered": False}, "is not answered"),
        ({"always": True}, "always"),
        ({"always": False}, "never"),
        (
            {"all": [{"answer": "q2", "equals": True}, {"answer": "q7", "equals": True}]},
            'Q2 "Were weapons involved or mentioned?" is Yes and Q7 "Are you in immediate danger?" is Yes',
        ),
        (
            {"any": [{"vulnerable": True}, {"all": [{"repeat": True}, {"level": "high"}]}]},
            'the caller is vulnerable or (a repeat rule applies and the risk level is "High risk")',
        ),
        ({"not": {"vulnerable": True}}, "not (the caller is vulnerable)"),
        ({"vulnerable": False}, "the caller is not vulnerable"),
        ({"incident": {"categories": ["personal", "nuisance"]}}, "the incident category is personal or nuisance"),
        ({"incident": {"codes": ["personal"]}}, "the incident code is personal (ASB – Personal)"),
        (
            {"incidents": {"at_least": 3, "within_days": 30}},
            "at least 3 incidents in the last 30 days (this report counts)",
        ),
        (
            {"incidents": {"at_least": 2, "within_months": 6, "categories": ["personal"]}},
            "at least 2 personal incidents in the last 6 calendar months (this report counts)",
        ),
        ({"repeat": True}, "a repeat rule applies"),
        ({"repeat": False}, "no repeat rule applies"),
        ({"repeat": "three_in_30_days"}, "the repeat rule three_in_30_days (repeat victim: 3 in 30 days) applies"),
        ({"score": {"at_least": 12}}, "the total matrix score is at least 12"),
        ({"score": {"section": "offence", "at_least": 2, "at_most": 5}}, 'section "Offence" is from 2 to 5'),
        ({"level": {"at_least": "medium"}}, 'the risk level is "Medium risk" or higher'),
        ({"level": "standard"}, 'the risk level is "Standard risk"'),
        ({"prompt": "vulnerable_victim"}, "the prompt vulnerable_victim (vulnerability) fires"),
        ({"prompt_kind": "emergency"}, "an emergency prompt fires"),
        ({"prompt_kind": "mandatory_attendance"}, "a mandatory attendance prompt fires"),
        ({"grade": "ring_back_24h"}, 'the grade is "Ring back within 24 hours"'),
        ({"grade": ["emergency", "standard"]}, 'the grade is "Emergency" or "Standard response"'),
        ({"rag": ["amber", "red"]}, "the RAG rating is Amber or Red"),
        ({"channel": "walk-in"}, "the report is made in person at the front counter"),
        ({"channel": "phone"}, "the report is by phone"),
        (
            {"flag": "repeat_victim"},
            "there is an active repeat victim flag (on the caller, their phone number or their address)",
        ),
    ],
)
def test_condition_in_words(data, expected):
    assert expected in words(data)


def test_option_labels_not_ids_and_codes_with_labels():
    assert words({"answer": "contact_method", "equals": "visit"}, "west-yorkshire").endswith('is "A personal visit"')
    grouped = words(
        {"any": [{"answer": "repeat", "includes": "location"}, {"answer": "repeat", "includes": "victim"}]},
        "west-yorkshire",
    )
    assert grouped == 'repeat includes "Location" or "Victim"'
    codes = words({"incident": {"codes": ["804", "805", "806", "621", "622"]}}, "west-yorkshire")
    assert codes == "the incident code is 804, 805, 806 (Hate ASB) or 621, 622 (Hate crime or incident)"


@pytest.mark.parametrize("pack_id", sorted(set(SHIPPED) | set(shipped_pack_ids())))
def test_pack_text_is_readable(pack_id):
    pack = shipped(pack_id)
    text = pack_text(pack)
    lines = text.splitlines()
    too_long = [line for line in lines if len(line) > 100]
    assert not too_long, too_long
    assert "{" not in text and "}" not in text, "conditions must be in words, not JSON"
    assert "Condition condition" not in text  # the fallback for an unworded condition
    for heading in HEADINGS:
        assert any(line.startswith(heading) for line in lines), heading
    assert lines[0] == f"{pack.name} ({pack.id} {pack.version})"
    # Every part of the pack is there: each code, question, prompt, grade and response.
    for code in pack.data.codes:
        assert f"  {code.code} {code.label}" in text
    for qset in pack.data.question_sets:
        assert f"Question set {qset.id}: {qset.title}" in text
    assert text.count("Shown when ") == sum(
        1 for s in pack.data.question_sets for q in s.questions if q.show_if is not None
    )
    for prompt in pack.prompts:
        assert f"  {prompt.id} [" in text
    for grade in pack.grade_order:
        assert f"  {grade.id}: {grade.label}" in text
    for plan in pack.data.responses:
        assert f"  {plan.id}" in text
    for referral in pack.data.referrals:
        assert f"  {referral.id}: to " in text
    rules = (
        *pack.data.vulnerability,
        *pack.data.level_rules,
        *pack.prompts,
        *pack.data.grading.rules,
        *pack.data.rag.rules,
        *pack.data.responses,
        *pack.data.referrals,
    )
    assert text.count("When ") + text.count("Always.") >= len(rules)
    # Shipped packs bring up every question set (test_shipped_packs.py).
    assert "Question sets no code brings up: none" in text


@pytest.mark.parametrize("pack_id", SHIPPED)
def test_asbdesk_items_are_marked_and_counted(pack_id):
    pack = shipped(pack_id)
    d = pack.data
    sources = [
        d.pack.source,
        d.public.source if d.public else None,
        *(c.source for c in d.codes),
        *(s.source for s in d.question_sets),
        *(q.source for s in d.question_sets for q in s.questions),
        d.matrix.source if d.matrix else None,
        d.decision_table.source if d.decision_table else None,
        *(r.source for r in d.repeat_rules),
        *(r.source for r in d.vulnerability),
        *(r.source for r in d.level_rules),
        *(p.source for p in pack.prompts),
        d.grading.source,
        *(r.source for r in d.grading.rules),
        d.rag.source,
        *(r.source for r in d.rag.rules),
        *(r.source for r in d.responses),
        *(r.source for r in d.referrals),
        # the national layer as the pack inherits it
        d.national.case_review.source,
        d.national.source,
        *(off.source for off in d.national.switched_off.values()),
        *(q.source for qset in (pack.safety_set, pack.national_set) if qset for q in qset.questions),
    ]
    said = sum(1 for s in sources if s and re.search(r"asbdesk (mapping|reading|wording)", s, re.I))
    marks = pack_outline(pack).marks
    # Every item whose source says so is marked, and more besides (the national layer's
    # wording, wording for the public marked in a comment: tests/core/test_provenance.py).
    assert len(marks) > said
    text = pack_text(pack)
    lines = text.splitlines()
    count = re.match(r"(\d+) items? (is|are) asbdesk's own mapping, reading or wording", lines[1])
    assert count and int(count.group(1)) == len(marks)
    body = lines[next(i for i, line in enumerate(lines) if line.startswith("Source: ")) :]
    marked = [line for line in body if re.search(r"\[(asbdesk( mapping| reading| wording)?|no seed cited)\]", line)]
    assert len(marked) == len(marks)


def test_known_wordings_in_avon_and_somerset():
    text = pack_text(shipped("avon-and-somerset"))
    assert 'Shown when Q2 "Were weapons involved or mentioned?" is Yes.' in text
    # Q3's source says the condition is an asbdesk reading: the question is marked.
    assert "  Q3 (text): What type? [asbdesk reading]" in text
    assert "Q2 (yes/no, MANDATORY): Were weapons involved or mentioned?" in text
    # The repeat rule's source says asbdesk mapping.
    repeat = text[text.index("  three_in_30_days") :].split("Source:")[0]
    assert "[asbdesk mapping]" in repeat
    assert "Matrix: Risk Assessment Matrix (RAM) (scores 0-31)" in text
    assert "Score 24 or more: High risk" in text
    assert "- Currently harassing the complainant (score 4)" in text or "(score " in text
    assert 'When the caller is vulnerable or the risk level is "High risk" or a repeat rule applies' in text


def test_known_wordings_in_west_yorkshire():
    text = pack_text(shipped("west-yorkshire"))
    assert 'Shown when further_contact "Would you like further contact from..." is Yes.' in text
    assert 'When the risk level is "Medium level" or higher.' in text
    assert "When the RAG rating is Amber or Red." in text
    assert '  red_escalation -> "High level": The nature of the circumstances may result in escalation' in text
    assert "Otherwise: Green" in text


def test_question_sets_no_code_brings_up_are_listed():
    pack = shipped("default")
    close_set = pack.data.pack.close.question_set
    orphan = QuestionSet(
        id="orphan",
        title="Asked by nobody",
        questions=pack.data.question_sets[0].questions[:1],
    )
    data = pack.data.model_copy(update={"question_sets": (*pack.data.question_sets, orphan)})
    text = pack_text(Pack(data, pack.folder, pack.content_hash))
    line = next(line for line in text.splitlines() if line.startswith("Question sets no code brings up:"))
    assert line == "Question sets no code brings up: orphan"
    assert close_set not in line  # the closing set is asked in every call
    assert "Question set orphan: Asked by nobody" in text


def test_describe_imports_neither_qt_nor_the_database():
    code = (
        "import sys, asbdesk.core.packs.describe\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'PyQt6', 'sqlalchemy')]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO)


def test_cli_packs_show_text(capsys):
    code = main(["packs", "show", "default", "--format", "text"], stdin=io.StringIO(""))
    out, err = capsys.readouterr()
    assert code == 0 and not err
    assert out.rstrip("\n") == pack_text(shipped("default"))
    assert all(len(line) <= 100 for line in out.splitlines())
    assert "{" not in out
    assert "Question sets no code brings up: none" in out
    assert "Matrix: Risk Assessment Matrix (RAM) (scores 0-31)" in out


@pytest.mark.parametrize(
    ("pack_id", "said"),
    [
        ("default", "THRIVE rationale asked on every call (the dip sample checks it)\n    Source: Seed 001"),
        (
            "west-yorkshire",
            "THRIVE rationale asked on every call (the dip sample checks it)\n    Source: Seed 002 'Initial Contact'",
        ),
        ("cambridgeshire", "THRIVE rationale: not asked by this pack"),
    ],
)
def test_the_text_says_whether_the_pack_asks_for_thrive(pack_id, said):
    # Issue 22: the dip sample's THRIVE check is on the logs of packs that ask for it.
    assert said in pack_text(shipped(pack_id))
