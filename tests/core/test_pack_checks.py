"""Issue 19.6: authoring mistakes that used to pass validation are refused, each at its line.

- a condition (show_if, or a conditional mandatory) that reads a question asked after it, or
  one the incident code does not ask before it (the order is ``Pack.questions_for``).
"""

from __future__ import annotations

import pytest

from asbdesk.core.packs import load_pack
from tests.core.conftest import shipped
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
    pack = shipped(pack_id)
    for code in pack.codes:
        seen: set[str] = set()
        for question in pack.questions_for(code):
            for condition in (question.show_if, question.mandatory_when):
                read = {r.name for r in condition.refs() if r.kind == "question"} if condition else set()
                assert read <= seen, (pack_id, code, question.id, read - seen)
            seen.add(question.id)
