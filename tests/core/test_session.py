"""The call as a plain model: keyboard answers, follow-ups, mandatory rules, override, drafts, events."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from asbdesk.core.call import HistoryItem, RequestedFlag
from asbdesk.core.session import (
    ANSWERS,
    ASSESSMENT,
    CODE,
    OVERRIDE,
    QUESTION,
    REFUSAL,
    TYPING,
    Caller,
    CallSession,
    FlagShown,
    PastContact,
    SessionError,
    replay,
)
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
    replay(s, ["n", "y"])  # immediate danger: no; weapons: yes (each moves on by itself)
    assert s.answers == {"immediate_danger": False, "weapons": True}
    assert s.current == "weapons_type"  # the "What type?" follow-up appeared after a yes
    assert s.assessment.grade == "emergency"
    s.go_to("physical_or_verbal")
    assert not s.key("7")  # no seventh option: nothing changes, nothing moves
    assert not s.key("y")  # not a yes/no question
    assert s.current == "physical_or_verbal" and "physical_or_verbal" not in s.answers
    assert s.key("2") and s.answers["physical_or_verbal"] == "verbal"
    ids = s.visible_ids()
    assert s.current == ids[ids.index("physical_or_verbal") + 1]  # a single choice moved on too


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
    with pytest.raises(
        SessionError, match="Question 1, 'Are you in immediate danger\\?', is mandatory: answer it, or Ctrl\\+D"
    ):
        s.next()
    assert s.current == "immediate_danger"
    assert s.refusal is not None and s.refusal.question_id == "immediate_danger"
    s.decline("not_safe_to_ask")
    assert s.next() == "weapons"
    with pytest.raises(SessionError, match="unknown reason 'busy'"):
        s.decline("busy")


def test_optional_question_can_be_passed():
    s = session()
    s.pick_code("802")
    s.go_to("sick_or_injured")
    assert s.next() == "what_happening"


def no_to_the_national_questions(s) -> None:
    """Answer No to the national layer's own questions (a pack that maps no answer to them)."""
    for qid in [q.id for q in s.engine.pack.questions_for(s.incident_code) if q.id.startswith("national_")]:
        s.answer(False, qid)


def test_back_and_the_end():
    s = session("west-mercia")
    s.pick_code("personal")
    assert s.back() == "national_immediate_danger"  # the first question: nothing before it
    s.go_to("national_stalking")  # the national screening comes after West Mercia's ten
    s.answer(False)
    assert s.next() is None
    assert s.back() == "national_stalking"


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
    no_to_the_national_questions(s)
    s.answer("Music all night", "q1")
    with pytest.raises(SessionError, match="Not saved: question 6, '.*', is mandatory \\(and 1 more\\)"):
        s.finish(NOW + timedelta(minutes=5))
    assert s.current == "q5" and s.refusal.question_id == "q5"  # the cursor goes to what the refusal names
    s.answer(True, "q5")
    s.answer(True, "q8")
    with pytest.raises(SessionError, match="acknowledge the MANDATORY ATTENDANCE prompt first \\(Ctrl\\+K\\)"):
        s.finish(NOW + timedelta(minutes=5))
    prompt = s.acknowledge(NOW + timedelta(minutes=4))
    assert prompt.kind == "mandatory_attendance" and s.unacknowledged() == () and s.refusal is None
    assessment, text = s.finish(NOW + timedelta(minutes=5))
    assert assessment.grade == "mandatory_attendance"
    assert "If Yes, MANDATORY attendance" in text
    assert "Acknowledged by the operator at" in text


def test_a_finished_call_is_closed_what_was_saved_is_what_was_shown():
    s = session("west-mercia")
    s.pick_code("nuisance")
    no_to_the_national_questions(s)
    s.answer("Music all night", "q1")
    s.answer(False, "q5")
    s.answer(False, "q8")
    assessment, text = s.finish(NOW)
    for change in (
        lambda: s.answer(True, "q8"),
        lambda: s.pick_code("personal"),
        lambda: s.next(),
        lambda: s.set_override("risk_level", "high", "x"),
        lambda: s.set_rationale("threat", "x"),
        lambda: s.decline("caller_declined", "q2"),
        lambda: s.acknowledge(NOW),
    ):
        with pytest.raises(SessionError, match="finished and saved: the log is closed. Ctrl\\+N"):
            change()
    assert s.finish(NOW + timedelta(hours=1)) == (assessment, text)  # the same log, not a new one
    assert s.answers["q8"] is False


def test_back_from_the_end_returns_to_the_last_question():
    s = session("west-mercia")
    s.pick_code("nuisance")
    while s.current is not None:
        s.answer(True if s.question().type == "yes_no" else "x") if s.question().mandatory else None
        s.next()
    assert s.at_end
    last = s.visible_ids()[-1]
    assert s.back() == last and not s.at_end


def test_refusal_stays_until_the_operator_acts():
    s = session()
    s.pick_code("801")
    seen = []
    s.subscribe(seen.append)
    with pytest.raises(SessionError):
        s.next()
    assert REFUSAL in seen[-1] and s.refusal is not None
    seen.clear()
    s.key("n")  # answered (and moved on by itself): the refusal goes
    assert s.refusal is None and REFUSAL in seen[0]


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
    past = PastContact("ASB-2026-000007", NOW - timedelta(days=3), "802", "nuisance", "medium", "response", "amber")
    s.set_caller(
        Caller(
            11,
            4,
            (HistoryItem(NOW - timedelta(days=3), "802", "x-1"),),
            flags=(FlagShown("vulnerable_victim", "person", negate_risk="Lives alone"),),
            name="Elsie Garside",
            phone="+441134960123",
            address="4 Canal Row, LS1 4AP",
            person_history=(past,),
            location_history=(past,),
        )
    )
    s.pick_code("801")
    replay(s, ["n", "y"])
    s.answer("kitchen knife")
    s.decline("caller_declined", "before")
    s.set_rationale("threat", "knife seen")
    s.set_override("grade", "response", "toy")
    s.request_flag(RequestedFlag("vulnerable_victim", "person", negate_risk="Lives alone, 84"))
    s.answer(True, "immediate_danger")
    s.acknowledge(NOW)
    s.go_to("weapons_type")
    draft = json.loads(json.dumps(s.to_draft()))
    back = CallSession.from_draft(engine("default"), draft)
    assert back.to_draft() == s.to_draft()
    assert back.assessment.to_dict() == s.assessment.to_dict()
    assert back.current == s.current == "weapons_type"
    # The whole call comes back: who the caller is and what was shown about them.
    assert back.caller == s.caller and back.caller.flags[0].negate_risk == "Lives alone"
    assert back.caller.person_history[0].reference == "ASB-2026-000007"
    assert back.flag_requests == s.flag_requests and back.acknowledged == s.acknowledged
    assert back.rationale == {"threat": "knife seen"}


def test_a_draft_that_cannot_be_read_is_refused_in_words():
    draft = session().to_draft()
    draft["caller"]["person_history"] = [{"reference": "x"}]
    with pytest.raises(SessionError, match="cannot be read back \\(caller.person_history.0.started_at"):
        CallSession.from_draft(engine("default"), draft)


def test_a_draft_from_before_the_context_was_kept_still_opens():
    v1 = {
        "version": 1,
        "uuid": "u",
        "pack": {"id": "default", "version": "1.0", "hash": "h"},
        "started_at": NOW.isoformat(),
        "channel": "phone",
        "incident_code": "802",
        "caller": {"person_id": 3, "location_id": None, "history": [], "flags": ["vulnerable_victim"]},
        "answers": {"immediate_danger": False},
        "declined": {},
        "override": None,
        "rationale": {},
        "current": "weapons",
    }
    back = CallSession.from_draft(engine("default"), v1)
    assert back.caller.flag_kinds == ("vulnerable_victim",) and back.current == "weapons"


def test_draft_from_another_pack_is_refused():
    draft = session("west-mercia").to_draft()
    with pytest.raises(SessionError, match="taken with pack 'west-mercia', not 'default'"):
        CallSession.from_draft(engine("default"), draft)


def test_unknown_code_and_channel():
    with pytest.raises(SessionError, match="unknown channel 'fax'"):
        CallSession(engine("default"), NOW, "fax")
    with pytest.raises(SessionError, match="'999' is not an incident code of pack 'default'"):
        session().pick_code("999")


@pytest.mark.parametrize(("text", "char"), [("a\x00b", "U+0000"), ("a\u202eb", "U+202E"), ("a\ud800b", "U+D800")])
def test_the_desk_refuses_control_characters_in_a_typed_answer(text, char):
    """The desk answers through normalise_answer, as headless input does (issue 13.2)."""
    import re

    s = session()
    s.pick_code("801")
    with pytest.raises(SessionError, match=re.escape(f"({char}) at position 2")):
        s.answer(text, "weapons_type")
    assert "weapons_type" not in s.answers
    s.answer("a\tknife\nin the bag", "weapons_type")
    assert s.answers["weapons_type"] == "a\tknife\nin the bag"


def test_the_desk_refuses_a_typed_answer_over_the_limit():
    from asbdesk.core.call import MAX_TEXT_CHARS

    s = session()
    s.pick_code("801")
    with pytest.raises(SessionError, match=f"the limit is {MAX_TEXT_CHARS:,}"):
        s.answer("x" * (MAX_TEXT_CHARS + 1), "weapons_type")


def test_the_desk_refuses_control_characters_in_every_typed_text():
    # Issue 13: the THRIVE rationale, an override reason and a flag request's text pass the
    # same check as answers; refused in words, nothing changed.
    s = session()
    s.pick_code("801")
    with pytest.raises(SessionError, match="Threat contains a bidirectional text control \\(U\\+202E\\) at position 5"):
        s.set_rationale("threat", "knif\u202eefink")
    with pytest.raises(SessionError, match="The reason contains a control character \\(U\\+0000\\)"):
        s.set_override("risk_level", "high", "toy\x00gun")
    assert s.rationale == {} and s.override is None
    s.set_rationale("threat", "line one\r\nline two")  # pasted from Windows: fine
    assert s.rationale["threat"] == "line one\r\nline two"


@pytest.mark.parametrize(("days", "is_repeat"), [(29, True), (31, False)])
def test_the_repeat_status_before_and_after_the_code_is_the_cores(days, is_repeat):
    # The default pack's rule: 3 or more incidents in 30 days, the call being taken counting
    # as one (seed 003 Annex D.1). Storage only reads the history; the session counts it.
    s = session()
    s.set_caller(Caller(7, 3, tuple(HistoryItem(NOW - timedelta(days=d), "801") for d in (2, days))))
    before = s.caller_repeat(NOW)
    assert (before.count, before.is_repeat) == (3 if is_repeat else 2, is_repeat)
    s.pick_code("801")
    assert s.caller_repeat(NOW) == s.assessment.repeat
    assert (s.assessment.repeat.count, s.assessment.repeat.is_repeat) == (before.count, is_repeat)
    restored = CallSession.from_draft(engine("default"), json.loads(json.dumps(s.to_draft())))
    assert restored.caller_repeat(NOW).is_repeat is is_repeat  # a recovered call still says it


def test_the_log_says_who_the_desk_showed_and_what_their_flag_says():
    # Issue 21.7: the caller picked on the desk, with the flag's instructions as shown.
    s = session("west-mercia")
    s.set_caller(
        Caller(
            person_id=7,
            name="Elsie Garside",
            phone="+441134960123",
            address="4 Canal Row, Leeds, LS1 4AP",
            flags=(FlagShown("vulnerable_victim", "person", officer_action="Visit in person; do not leave a card"),),
        )
    )
    s.pick_code("nuisance")
    text = render_log(s)
    assert (
        "  Name:                 Elsie Garside\n"
        "  Phone:                0113 496 0123\n"
        "  Address:              4 Canal Row, Leeds, LS1 4AP\n"
        "  Active flags:         1\n"
        "  - FLAG: VULNERABLE VICTIM (on the caller)\n"
        "    Attending officer: Visit in person; do not leave a card\n"
    ) in text
    assert "caller not known" not in text
    unknown = session("west-mercia")
    unknown.pick_code("nuisance")
    assert "CALLER\n  caller not known\n" in render_log(unknown)


def render_log(s: CallSession) -> str:
    from asbdesk.core.render import render_text

    return render_text(s.engine.assess(s.call(NOW)))


def test_one_key_answers_move_on_a_multiple_choice_and_typed_answers_wait_for_enter():
    s = session()
    s.pick_code("801")
    s.key("n")
    assert s.current == "weapons"  # yes/no: on by itself
    s.back()
    s.key("y")  # a question answered before: its key again changes the answer and moves on
    assert s.answers["immediate_danger"] is True and s.current == "weapons"
    s.key("y")
    assert s.current == "weapons_type"
    s.answer("knife")  # a typed answer does not move on: Enter (next) does
    assert s.current == "weapons_type"
    s.answer(True, "vulnerable")
    s.go_to("vulnerability_factors")
    options = [o.id for o in s.question().options]
    s.key("1"), s.key("3")  # a multiple choice stays for more
    assert s.current == "vulnerability_factors"
    assert s.answers["vulnerability_factors"] == (options[0], options[2])
    s.choose(options[0])
    assert s.current == "vulnerability_factors" and s.answers["vulnerability_factors"] == (options[2],)


def test_enter_out_of_habit_after_a_one_key_answer_does_not_pass_the_next_question():
    """Y moved on by itself; the Enter pressed after it, as before, is not taken as passing the
    optional question now in front: it is refused in words, and a second Enter passes it."""
    s = session()
    s.pick_code("802")
    s.go_to("extremely_frightened")
    s.key("n")
    optional = s.current
    assert optional is not None and not s.is_mandatory(optional) and optional not in s.answers
    number = s.visible_ids().index(optional) + 1
    with pytest.raises(SessionError, match=f"Question {number} is not answered yet \\(the desk moved on by itself"):
        s.next()
    assert s.current == optional and s.refusal.question_id == optional and optional not in s.declined
    assert s.next() != optional  # Enter again: passed, as an optional question may be
    assert optional not in s.answers and optional not in s.declined


def test_only_the_first_enter_right_after_a_one_key_answer_is_held():
    s = session()
    s.pick_code("802")
    s.go_to("extremely_frightened")
    s.key("n")
    optional = s.current
    s.back()
    s.next()  # moved here by Enter on an answered question, not by a key: Enter passes as before
    assert s.current == optional
    assert s.next() != optional
    s.go_to("sick_or_injured")
    assert s.next() == "what_happening"  # an optional question reached by go_to: passed at once


def test_a_mandatory_question_reached_by_a_key_is_refused_as_before():
    s = session()
    s.pick_code("801")
    s.key("n")
    assert s.current == "weapons" and s.is_mandatory("weapons")
    with pytest.raises(SessionError, match="Question 2, 'Were weapons involved or mentioned\\?', is mandatory"):
        s.next()
    assert s.current == "weapons"


def test_text_typed_not_entered_is_kept_in_the_draft_and_comes_back_unanswered():
    s = session()
    s.pick_code("801")
    replay(s, ["n", "y"])
    assert s.current == "weapons_type"
    seen = []
    s.subscribe(seen.append)
    s.set_typing("kitchen kn")
    assert s.typing == "kitchen kn" and seen[-1] == frozenset({TYPING})
    draft = json.loads(json.dumps(s.to_draft()))
    assert draft["typing"] == {"weapons_type": "kitchen kn"}
    back = CallSession.from_draft(engine("default"), draft)
    assert back.current == "weapons_type" and back.typing == "kitchen kn"
    assert "weapons_type" not in back.answers  # in the entry, not an answer
    back.answer("kitchen knife")  # Entered: no longer only typed
    assert back.typing == "" and back.to_draft()["typing"] == {}


def test_text_typed_then_left_goes_with_the_question():
    s = session()
    s.pick_code("801")
    replay(s, ["n", "y"])
    s.set_typing("kitchen")
    s.back()
    assert s.typing == "" and s.to_draft()["typing"] == {}
    s.next()
    assert s.typing == ""  # not brought back on returning: the screen dropped it too
    s.go_to("immediate_danger")
    s.set_typing("ignored")  # not a typed question: nothing kept
    assert s.typing == ""


def test_a_draft_with_typing_for_another_question_puts_nothing_back():
    s = session()
    s.pick_code("801")
    draft = json.loads(json.dumps(s.to_draft()))
    draft["typing"] = {"weapons_type": "knife"}  # not the question in front
    assert CallSession.from_draft(engine("default"), draft).typing == ""
