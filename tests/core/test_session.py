"""The call as a plain model: keyboard answers, follow-ups, mandatory rules, override, drafts, events."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from asbdesk.core.call import HistoryItem
from asbdesk.core.session import ANSWERS, ASSESSMENT, CODE, OVERRIDE, QUESTION, Caller, CallSession, SessionError, replay

from tests.core.conftest import NOW, engine


def session(pack: str = "default", channel: str = "phone") -> CallSession:
    return CallSession(engine(pack), NOW, channel)


def test_picking_a_code_brings_up_its_question_set():
    s = session()
    assert s.questions() == ()
    s.pick_code("801")
    assert s.current == "immediate_danger"
    assert s.visible_ids()[:2] == ["immediate_danger", "weapons"]
    assert "weapons_type" not in s.visible_ids()


def test_keyboard_yes_no_and_digits_with_follow_ups():
    s = session()
    s.pick_code("801")
    replay(s, ["n", "\n", "y", "\n"])  # immediate danger: no; weapons: yes
    assert s.answers == {"immediate_danger": False, "weapons": True}
    assert s.current == "weapons_type"  # the "What type?" follow-up appeared after a yes
    assert s.assessment.grade == "emergency"
    s.go_to("physical_or_verbal")
    assert s.key("2") and s.answers["physical_or_verbal"] == "verbal"
    assert not s.key("7")  # no seventh option
    assert not s.key("y")  # not a yes/no question


def test_multi_choice_digits_toggle():
    s = session()
    s.pick_code("801")
    s.answer(True, "vulnerable")
    s.go_to("vulnerability_factors")
    s.key("1"), s.key("3"), s.key("1")
    assert s.answers["vulnerability_factors"] == ("ill_health",)
    s.key("3")
    assert "vulnerability_factors" not in s.answers


def test_mandatory_question_cannot_be_passed_without_answer_or_reason():
    s = session()
    s.pick_code("802")
    with pytest.raises(SessionError, match="'Are you in immediate danger\\?' must be answered, or a reason recorded"):
        s.next()
    assert s.current == "immediate_danger"
    s.decline("not_safe_to_ask")
    assert s.next() == "weapons"
    with pytest.raises(SessionError, match="unknown reason 'busy'"):
        s.decline("busy")


def test_optional_question_can_be_passed():
    s = session()
    s.pick_code("802")
    s.go_to("sick_or_injured")
    assert s.next() == "what_happening"


def test_back_and_the_end():
    s = session("west-mercia")
    s.pick_code("personal")
    assert s.back() == "q1"
    s.go_to("q10")
    assert s.next() is None
    assert s.back() == "q10"


def test_current_question_vanishing_moves_to_first_unanswered():
    s = session()
    s.pick_code("801")
    s.answer(True, "weapons")
    s.go_to("weapons_type")
    s.answer(False, "weapons")  # the follow-up disappears under the operator
    assert s.current == "immediate_danger"


def test_wrong_value_is_refused_in_words_and_nothing_changes():
    s = session()
    s.pick_code("801")
    with pytest.raises(SessionError, match="give true or false"):
        s.answer("yes please")
    assert s.answers == {}


def test_override_needs_a_reason():
    s = session("cambridgeshire")
    s.pick_code("personal")
    with pytest.raises(SessionError, match="needs a written reason"):
        s.set_override("risk_level", "high", "   ")
    assert s.override is None
    s.set_override("risk_level", "high", "Caller in tears, neighbour has a key")
    assert s.assessment.level == "high" and s.assessment.override.direction == "raise"
    s.clear_override()
    assert s.assessment.level == "standard"


def test_finish_refuses_open_mandatory_questions_then_renders_the_log():
    s = session("west-mercia")
    s.pick_code("nuisance")
    with pytest.raises(SessionError, match="3 mandatory question\\(s\\) need an answer or a reason"):
        s.finish(NOW + timedelta(minutes=5))
    s.answer("Music all night", "q1")
    s.answer(True, "q5")
    s.answer(True, "q8")
    assessment, text = s.finish(NOW + timedelta(minutes=5))
    assert assessment.grade == "mandatory_attendance"
    assert "If Yes, MANDATORY attendance" in text


def test_caller_history_feeds_the_repeat_rule():
    s = session("cambridgeshire")
    s.set_caller(Caller(7, 3, tuple(HistoryItem(NOW - timedelta(days=d), "nuisance") for d in (2, 9))))
    s.pick_code("personal")
    assert s.assessment.repeat.is_repeat and s.assessment.grade == "response"


def test_events_name_what_changed():
    s = session()
    seen = []
    unsubscribe = s.subscribe(seen.append)
    s.pick_code("801")
    s.answer(False)
    s.next()
    s.set_override("grade", "response", "toy gun")
    unsubscribe()
    s.answer(True, "weapons")
    assert seen == [
        frozenset({CODE, ASSESSMENT, QUESTION}),
        frozenset({ANSWERS, ASSESSMENT}),
        frozenset({QUESTION}),  # moving on needs no reassessment
        frozenset({OVERRIDE, ASSESSMENT}),
    ]  # and nothing after unsubscribing


def test_draft_round_trip_through_json():
    s = session(channel="walk-in")
    s.set_caller(Caller(11, 4, (HistoryItem(NOW - timedelta(days=3), "802", "x-1"),)))
    s.pick_code("801")
    replay(s, ["n", "\n", "y", "\n"])
    s.answer("kitchen knife")
    s.decline("caller_declined", "before")
    s.set_rationale("threat", "knife seen")
    s.set_override("grade", "response", "toy")
    draft = json.loads(json.dumps(s.to_draft()))
    back = CallSession.from_draft(engine("default"), draft)
    assert back.to_draft() == s.to_draft()
    assert back.assessment.to_dict() == s.assessment.to_dict()
    assert back.current == s.current == "weapons_type"


def test_draft_from_another_pack_is_refused():
    draft = session("west-mercia").to_draft()
    with pytest.raises(SessionError, match="taken with pack 'west-mercia', not 'default'"):
        CallSession.from_draft(engine("default"), draft)


def test_unknown_code_and_channel():
    with pytest.raises(SessionError, match="unknown channel 'fax'"):
        CallSession(engine("default"), NOW, "fax")
    with pytest.raises(SessionError, match="'999' is not an incident code of pack 'default'"):
        session().pick_code("999")
