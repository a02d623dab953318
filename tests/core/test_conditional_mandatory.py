"""A question's ``mandatory`` may be a condition, as XLSForm's ``required`` (issue 12 item 3)."""

from __future__ import annotations

import pytest

from asbdesk.core.conditions import AnswerTest
from asbdesk.core.engine import Engine
from asbdesk.core.packs import load_pack
from asbdesk.core.packs.describe import pack_text
from asbdesk.core.render import render_text
from asbdesk.core.session import CallSession, SessionError
from tests.core.conftest import NOW
from tests.core.test_pack_validation import QUESTIONS, problems, write_pack

# q3 is always shown; it is mandatory only when q1 (weapons) is answered yes.
CONDITIONAL = QUESTIONS + (
    "      - id: q3\n"
    "        text: Where are the weapons now?\n"
    "        type: text\n"
    "        mandatory: {answer: q1, equals: true}\n"
)


def _session(tmp_path, questions: str = CONDITIONAL) -> CallSession:
    session = CallSession(Engine(load_pack(write_pack(tmp_path, questions_yaml=questions))), NOW)
    session.pick_code("801")
    return session


def test_the_condition_is_kept_and_written_back_as_the_pack_wrote_it(tmp_path):
    pack = load_pack(write_pack(tmp_path, questions_yaml=CONDITIONAL))
    q3, q1 = pack.questions["q3"], pack.questions["q1"]
    assert q3.mandatory_when == AnswerTest("q1", "equals", True)
    assert q3.model_dump()["mandatory"] == {"answer": "q1", "equals": True}
    assert q1.mandatory is False and q1.model_dump()["mandatory"] is False  # a plain bool stays a bool
    text = pack_text(pack)
    assert "conditionally MANDATORY" in text
    assert 'Mandatory when Q1 "Were weapons involved or mentioned?" is Yes.' in text


def test_mandatory_while_its_condition_holds_refuses_to_move_on(tmp_path):
    s = _session(tmp_path)
    s.answer(True, "q1")
    s.go_to("q3")
    assert s.is_mandatory("q3")
    assert "q3" in s.unanswered_mandatory()
    with pytest.raises(SessionError, match="'Where are the weapons now\\?', is mandatory"):
        s.next()
    assert s.current == "q3"
    asked = {q.id: q for q in s.assessment.questions}
    assert asked["q3"].mandatory is True and asked["q1"].mandatory is False
    assert "[q3] * Where are the weapons now?" in render_text(s.assessment)  # marked, and listed unanswered
    s.answer("in the car", "q3")
    assert s.next() != "q3" and "q3" not in s.unanswered_mandatory()


def test_not_mandatory_while_its_condition_does_not_hold(tmp_path):
    s = _session(tmp_path)
    s.answer(False, "q1")
    s.go_to("q3")
    assert not s.is_mandatory("q3")
    assert s.next() not in ("q3", None)  # passed without an answer, on to the national questions
    assert "q3" not in s.unanswered_mandatory()
    assert {q.id: q.mandatory for q in s.assessment.questions}["q3"] is False
    assert "[q3]" not in render_text(s.assessment)  # an optional blank is only counted


def test_unanswered_condition_question_leaves_it_optional(tmp_path):
    s = _session(tmp_path)
    assert not s.is_mandatory("q3")  # q1 not yet answered: 'equals: true' does not hold
    s.answer(True, "q1")
    assert s.is_mandatory("q3")  # ... and it becomes mandatory as soon as it does
    s.answer(None, "q1")
    assert not s.is_mandatory("q3")


@pytest.mark.parametrize(
    ("mandatory", "expected"),
    [
        (
            "{answer: q9, equals: true}",
            "question_sets[main].questions[q3].mandatory.answer: unknown question 'q9'",
        ),
        (
            "{grade: attend}",
            "question_sets[main].questions[q3].mandatory: refers to something decided after the question "
            "visibility (it needs RAG rules)",
        ),
        (
            "{answer: q2, equals: gun}",
            "question_sets[main].questions[q3].mandatory: 'q2' has no option(s) ['gun']",
        ),
        (
            "{flag: []}",
            "question_sets[main].questions[q3].mandatory: 'flag' needs one flag kind or a non-empty list of them, "
            "not an empty list (at flag)",
        ),
        (
            "yes",  # YAML 1.2: text, not true
            "question_sets[main].questions[q3].mandatory: 'mandatory' must be true, false or a condition",
        ),
    ],
    ids=["unknown-question", "later-phase", "unknown-option", "empty-list", "text"],
)
def test_a_bad_mandatory_condition_is_refused_at_load_naming_where(tmp_path, mandatory, expected):
    questions = CONDITIONAL.replace("mandatory: {answer: q1, equals: true}", f"mandatory: {mandatory}")
    [problem] = problems(write_pack(tmp_path, questions_yaml=questions))
    assert problem.startswith("questions.yaml:")
    assert expected in problem


def test_always_false_is_plainly_not_mandatory(tmp_path):
    questions = CONDITIONAL.replace("mandatory: {answer: q1, equals: true}", "mandatory: {always: false}")
    pack = load_pack(write_pack(tmp_path, questions_yaml=questions))
    assert pack.questions["q3"].mandatory is False  # never a truthy Always(False)
