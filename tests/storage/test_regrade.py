"""Issue 22.3: a supervisor who disagrees with an override re-grades the contact, on SQLite
and PostgreSQL. The call as it was taken is assessed again with the supervisor's value; the
contact takes the new risk level, grade and RAG; both assessments are kept; the log is
amended (its saved text untouched, the amendment after it); the follow-up the new grade
needs is opened; the operator is told. Refused in words, with nothing changed, when the
call cannot be assessed again as it was taken."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from asbdesk.storage import models as m
from asbdesk.storage import supervision as sv
from asbdesk.storage.database import InvalidData
from asbdesk.storage.records import AddressInput, NewPerson
from tests.storage.conftest import ANN, NOW, SAM
from tests.storage.helpers import contact

WEAPONS = {"weapons": True}  # the default pack computes HIGH risk, grade Emergency, RAG red
LOWERED = {"risk_level": "standard", "reason": "The caller said the knife was a toy"}
RAISED = {"risk_level": "high", "reason": "She sounded terrified; I think it is worse"}
RING_BACK = {"further_contact": True, "contact_method": "ring_back"}


def _saved(store, answers, override):
    elsie = store.add_person(ANN, NewPerson("Elsie", "Garside", (), (AddressInput("4 Canal Row", "LS1 4AP", "Leeds"),)))
    record = contact(
        NOW - timedelta(hours=2),
        answers=answers,
        override=override,
        person_id=elsie.id,
        location_id=elsie.locations[0].id,
    )
    saved = store.save_contact(ANN, record)
    [item] = [i for i in sv.review_items(store, SAM, "override") if i.contact_reference == saved.reference]
    return saved, item, record.log_text


def _row(store, reference):
    with store.engine.connect() as connection:
        return connection.execute(select(m.Contact).where(m.Contact.reference == reference)).one()


def _work(store, contact_id):
    with store.engine.connect() as connection:
        rows = connection.execute(select(m.WorkItem).where(m.WorkItem.contact_id == contact_id)).all()
    return {row.kind: row for row in rows}


def _kinds(store, contact_id):
    with store.engine.connect() as connection:
        return Counter(connection.scalars(select(m.WorkItem.kind).where(m.WorkItem.contact_id == contact_id)))


def test_disagreeing_with_a_lowered_risk_regrades_the_contact_and_opens_its_occurrence(store, clock):
    saved, item, logged = _saved(store, WEAPONS, LOWERED)
    before = _row(store, saved.reference)
    assert (before.risk_level, before.grade, before.rag) == ("standard", "emergency", "green")
    assert set(_work(store, saved.contact_id)) == {"override"}  # green: no occurrence at the save

    done = sv.review_override(store, SAM, item.id, False, "A knife is a knife until an officer has seen it")

    assert (done.open, done.outcome) == (False, "disagreed")
    regrade = done.regrade
    assert regrade is not None
    assert (regrade.number, regrade.field, regrade.from_value, regrade.to_value) == (
        1,
        "risk_level",
        "standard",
        "high",
    )
    assert regrade.before == {"risk_level": "standard", "grade": "emergency", "rag": "green"}
    assert regrade.after == {"risk_level": "high", "grade": "emergency", "rag": "red"}
    assert regrade.follow_up == ("occurrence",)
    row = _row(store, saved.reference)
    assert (row.risk_level, row.grade, row.rag, row.review_status) == ("high", "emergency", "red", "disagreed")
    # Both kept: the contact's own assessment is the one the operator saved; the revision the new one.
    assert row.assessment["risk"]["level"] == "standard" and row.assessment["rag"] == "green"
    with store.engine.connect() as connection:
        [revision] = connection.execute(select(m.ContactRevision)).all()
    assert (revision.made_by, revision.reason) == ("sam", "A knife is a knife until an officer has seen it")
    assert revision.assessment["risk"]["level"] == "high" and revision.assessment["rag"] == "red"
    assert revision.assessment["override"] is None  # the supervisor chose what asbdesk computed
    # Amended, never rewritten: the log as saved, then the amendment.
    saved_text = logged.replace("[allocated when the log is saved]", saved.reference)
    assert row.log_text.startswith(saved_text.rstrip("\n"))
    amendment = row.log_text[len(saved_text.rstrip("\n")) :]
    assert amendment == "\n\n" + revision.amendment + "\n"
    assert "AMENDMENT 1: SUPERVISOR'S RE-GRADE" in amendment
    assert "override of the risk\n                        level (computed High risk, chosen Standard risk)" in amendment
    assert "Risk level:           STANDARD RISK -> HIGH RISK" in amendment
    assert "RAG:                  GREEN -> RED" in amendment
    assert "Grade:                Emergency" in amendment and "Emergency ->" not in amendment  # unchanged
    assert "A knife is a knife" in amendment and "an occurrence for this red incident, due at once" in amendment
    assert store.contact_log(SAM, saved.reference).log_text == row.log_text  # what every reader shows
    # The follow-up is in the queue, due now.
    occurrence = _work(store, saved.contact_id)["occurrence"]
    assert occurrence.open and occurrence.due_at == clock()
    assert [i.contact_reference for i in sv.review_items(store, SAM, "occurrence")] == [saved.reference]
    # The operator is told what changed.
    [notice] = sv.unseen_notices(store, ANN)
    assert "sam disagreed with your override of the risk level" in notice.text
    assert "re-graded: risk level standard -> high, RAG GREEN -> RED; occurrence opened" in notice.text
    # Audited, and the trail still verifies (the contact's new digest is in it).
    assert store.verify_audit(SAM).ok


def test_the_supervisor_may_choose_another_level_than_the_computed_one(store):
    saved, item, _ = _saved(store, {}, RAISED)  # computed STANDARD, raised to HIGH: red, occurrence open
    assert set(_work(store, saved.contact_id)) == {"override", "occurrence"}
    done = sv.review_override(store, SAM, item.id, False, "Worried, yes; in danger, no: medium", to="medium")
    row = _row(store, saved.reference)
    assert row.risk_level == "medium" and done.regrade.to_value == "medium"
    assert done.regrade.follow_up == ()  # the occurrence already opened at the save is not opened twice
    assert _kinds(store, saved.contact_id) == Counter({"override": 1, "occurrence": 1})
    with store.engine.connect() as connection:
        [revision] = connection.execute(select(m.ContactRevision)).all()
    # The supervisor's own value stands as an override of the computed level, with their reason.
    assert revision.assessment["override"]["chosen"] == "medium"
    assert revision.assessment["override"]["reason"] == "Worried, yes; in danger, no: medium"
    assert "Follow-up opened:\n    none" in row.log_text


def test_a_regrade_keeps_the_caller_s_recontact_once(store):
    saved, item, _ = _saved(store, {**WEAPONS, **RING_BACK}, LOWERED)
    assert set(_work(store, saved.contact_id)) == {"override", "recontact"}
    done = sv.review_override(store, SAM, item.id, False, "A weapon was described: high")
    assert done.regrade.follow_up == ("occurrence",)
    assert _kinds(store, saved.contact_id) == Counter({"override": 1, "recontact": 1, "occurrence": 1})


@pytest.mark.parametrize(
    ("to", "says"),
    [
        ("standard", "the operator chose risk level standard; to disagree, choose another risk level"),
        ("extreme", "'extreme' is not a risk level of pack default"),
    ],
)
def test_a_value_that_is_no_disagreement_is_refused_and_nothing_changes(store, to, says):
    saved, item, _ = _saved(store, WEAPONS, LOWERED)
    with pytest.raises(InvalidData, match=says):
        sv.review_override(store, SAM, item.id, False, "I disagree", to=to)
    with pytest.raises(InvalidData, match="only when you disagree"):
        sv.review_override(store, SAM, item.id, True, "I agree", to="high")
    row = _row(store, saved.reference)
    assert (row.risk_level, row.review_status) == ("standard", "pending")
    assert [i.id for i in sv.review_items(store, SAM, "override")] == [item.id]


def test_agreeing_changes_no_grade_and_amends_nothing(store):
    saved, item, _ = _saved(store, WEAPONS, LOWERED)
    text = _row(store, saved.reference).log_text
    done = sv.review_override(store, SAM, item.id, True, "The officer saw it was a toy")
    assert done.regrade is None
    row = _row(store, saved.reference)
    assert (row.risk_level, row.rag, row.review_status, row.log_text) == ("standard", "green", "agreed", text)


def test_a_contact_saved_without_its_call_cannot_be_regraded_and_says_why(store):
    saved, item, _ = _saved(store, WEAPONS, LOWERED)
    with store.engine.begin() as connection:  # as a contact saved before migration 0010 is
        connection.execute(update(m.Contact).where(m.Contact.id == saved.contact_id).values(call_input=None))
    with pytest.raises(InvalidData, match="saved before asbdesk kept the call as it was taken"):
        sv.review_override(store, SAM, item.id, False, "A knife is a knife")
    assert _row(store, saved.reference).review_status == "pending"


def test_a_call_that_no_longer_gives_what_was_saved_is_not_regraded(store):
    saved, item, _ = _saved(store, WEAPONS, LOWERED)
    row = _row(store, saved.reference)
    changed = {**row.call_input, "answers": {}}  # the kept call tampered with: it no longer gives the saved values
    with store.engine.begin() as connection:
        connection.execute(update(m.Contact).where(m.Contact.id == saved.contact_id).values(call_input=changed))
    with pytest.raises(InvalidData, match="assessing the call again as it was taken gives risk level standard"):
        sv.review_override(store, SAM, item.id, False, "A knife is a knife")
    assert _row(store, saved.reference).risk_level == "standard"


def test_a_damaged_kept_call_is_refused_at_the_save_in_words(store):
    record = contact(NOW, answers=WEAPONS)
    with pytest.raises(InvalidData, match="the call kept with the contact cannot be read: call.now"):
        store.save_contact(ANN, record.__class__(**{**record.__dict__, "call": {**record.call, "now": "yesterday"}}))
    with pytest.raises(InvalidData, match="call.incident_code: the call kept is for code 802"):
        store.save_contact(
            ANN, record.__class__(**{**record.__dict__, "call": {**record.call, "incident_code": "802"}})
        )
