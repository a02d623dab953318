"""The caller's e-mail address on the call (issue 22 item 2): asked for when e-mail is the
chosen contact (the pack's close.contact_preference, option `email`), checked, refused in
words, carried into the log's CALLER section and the draft; not asked otherwise."""

from __future__ import annotations

import json

import pytest

from asbdesk.core.call import parse_call
from asbdesk.core.render import render_text
from asbdesk.core.session import EMAIL, Caller, CallSession, SessionError
from tests.core.conftest import NOW, engine, shipped


def at_contact_method(pack: str = "default") -> CallSession:
    s = CallSession(engine(pack), NOW)
    s.set_caller(Caller(person_id=7, name="Elsie Garside", phone="+441134960123", address="4 Canal Row, LS1 4AP"))
    s.pick_code("801")
    s.answer(True, "further_contact")
    s.go_to("contact_method")
    return s


@pytest.mark.parametrize("pack", ["default", "west-yorkshire"])
def test_email_chosen_the_address_is_needed_before_moving_on(pack):
    s = at_contact_method(pack)
    assert s.email_question() == "contact_method"
    s.choose("email")
    assert s.email_wanted()
    number = s.visible_ids().index("contact_method") + 1
    with pytest.raises(SessionError, match=f"Question {number}: the caller chose e-mail: type their e-mail address"):
        s.next()
    assert s.current == "contact_method" and s.refusal.question_id == "contact_method"
    with pytest.raises(SessionError, match="The caller's e-mail address: 'elsie at example' is not an e-mail address"):
        s.set_email("elsie at example")
    assert s.email is None and s.current == "contact_method"
    s.set_email(" Elsie.Garside@Example.ORG ")
    assert s.email == "Elsie.Garside@example.org" and s.refusal is None
    assert s.next() != "contact_method"


def test_another_method_asks_for_no_address_and_the_log_carries_none():
    s = at_contact_method()
    s.choose("ring_back")
    assert not s.email_wanted()
    assert s.current != "contact_method"  # moved on by itself: nothing asked
    s.go_to("contact_method")
    s.choose("email")
    assert s.current == "contact_method"  # e-mail asks for the address: the call stays here
    s.set_email("elsie@example.org")
    s.choose("ring_back")  # changed their mind: the address is kept on the session, not in the log
    assert s.call(NOW).caller.email is None
    s.go_to("contact_method")
    s.choose("email")
    assert s.call(NOW).caller.email == "elsie@example.org"


def test_the_address_is_in_the_log_under_caller_and_the_assessment():
    s = at_contact_method()
    s.choose("email")
    s.set_email("elsie@example.org")
    assessment = s.engine.assess(s.call(NOW))
    text = render_text(assessment)
    caller = text[text.index("CALLER") : text.index("\n\n", text.index("CALLER"))]
    assert caller.splitlines()[1:5] == [
        "  Name:                 Elsie Garside",
        "  Phone:                0113 496 0123",
        "  Address:              4 Canal Row, LS1 4AP",
        "  E-mail:               elsie@example.org",
    ]
    assert assessment.to_dict()["caller"]["email"] == "elsie@example.org"


def test_finish_is_refused_while_the_address_is_missing():
    s = at_contact_method()
    s.choose("email")
    s.go_to("immediate_danger")  # jumped away without typing it
    while s.unanswered_mandatory():  # every other mandatory question passed with a reason
        s.decline("caller_declined", s.unanswered_mandatory()[0])
    with pytest.raises(SessionError, match="Not saved: Question .*: the caller chose e-mail"):
        s.finish(NOW)
    assert s.current == "contact_method"


def test_a_draft_keeps_the_address():
    s = at_contact_method()
    s.choose("email")
    s.set_email("elsie@example.org")
    back = CallSession.from_draft(s.engine, json.loads(json.dumps(s.to_draft())))
    assert back.email == "elsie@example.org" and back.email_wanted()
    old = {k: v for k, v in s.to_draft().items() if k != "email"}  # a draft from before issue 22
    assert CallSession.from_draft(s.engine, old).email is None


def test_events_name_the_email():
    s = at_contact_method()
    s.choose("email")
    seen = []
    s.subscribe(seen.append)
    s.set_email("elsie@example.org")
    assert EMAIL in seen[-1]


def test_a_pack_without_an_email_option_never_asks():
    s = CallSession(engine("cambridgeshire"), NOW)
    assert s.email_question() is None
    assert not s.email_wanted()


def test_the_headless_caller_may_give_an_email():
    call = parse_call(
        shipped("default"),
        {
            "incident_code": "801",
            "now": NOW.isoformat(),
            "answers": {},
            "caller": {"name": "Elsie Garside", "email": "Elsie@Example.org"},
        },
    )
    assert call.caller.email == "Elsie@example.org"
