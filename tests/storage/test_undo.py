"""A supervisor's decision undone within the session (issue 22 item 4), on SQLite and
PostgreSQL: each decision back to the state before it, with a flag event, the requester or
officer told, and an audit entry "undo"; refused in words, nothing written, when the item
changed since, for another supervisor, for a decision of another sign-in, or twice."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from asbdesk.storage import models as m
from asbdesk.storage import supervision as sv
from asbdesk.storage import undo
from asbdesk.storage.database import InvalidData, PermissionDenied
from asbdesk.storage.records import Actor, FlagRequest
from asbdesk.storage.store import Store
from tests.storage.conftest import ANN, NOW, SAM
from tests.storage.test_supervision import RED_RING_BACK, _person, _save

SUE = Actor("sue", "desk-03")  # another supervisor
TODAY = NOW.date()
OVERDUE = TODAY - timedelta(days=6)


@pytest.fixture
def sue(store):
    store.ensure_user("sue", "Sue Supervisor", "supervisor")
    return SUE


@pytest.fixture
def elsie(store):
    return _person(store)


@pytest.fixture
def requested(store, elsie):
    return store.request_flag(ANN, FlagRequest("vulnerable_victim", negate_risk="Lives alone", person_id=elsie.id))


@pytest.fixture
def active(store, requested):
    """Authorised a while ago, overdue for its monthly review now."""
    store.authorise_flag(SAM, requested.id, "Necessary", review_due=OVERDUE)
    return requested


@pytest.fixture
def work(store, elsie):
    saved = _save(store, elsie, answers=RED_RING_BACK)
    return saved, {i.kind: i.id for i in sv.review_items(store, SAM) if i.kind in ("recontact", "occurrence")}


def _flag_row(store, flag_id):
    with store.engine.connect() as connection:
        return connection.execute(select(m.Flag.__table__).where(m.Flag.id == flag_id)).mappings().one()


def _work_row(store, item_id):
    with store.engine.connect() as connection:
        return connection.execute(select(m.WorkItem.__table__).where(m.WorkItem.id == item_id)).mappings().one()


def _audit(store, action="undo"):
    with store.engine.connect() as connection:
        rows = connection.execute(
            select(
                m.AuditEntry.username, m.AuditEntry.entity, m.AuditEntry.entity_id, m.AuditEntry.old, m.AuditEntry.new
            )
            .where(m.AuditEntry.action == action)
            .order_by(m.AuditEntry.id)
        ).all()
    # Without the digests of the rows written, which every entry carries (issue 20).
    return [(*r[:4], {k: v for k, v in (r.new or {}).items() if k not in ("row", "rows")}) for r in rows]


def _events(store, flag_id):
    return [(e.by, e.action, e.details) for e in store.flag_events(SAM, flag_id)]


def _notices(store, who=ANN):
    return [n.text for n in sv.unseen_notices(store, who)]


def _intact(store):
    report = store.verify_audit(SAM)
    assert report.problems == () and report.notes == ()


# ------------------------------------------------------------------ flags


def test_an_authorisation_undone_the_flag_is_a_request_again(store, requested):
    before = dict(_flag_row(store, requested.id))
    decision = undo.decide(store, SAM, "authorise", requested.id, "Lives alone; cannot hear the door")
    assert decision.words == f"authorised flag {requested.id} (vulnerable victim flag on caller Elsie Garside)"
    assert decision.record.status == "active" and decision.undoable
    assert sv.review_counts(store, SAM)["flag-request"] == 0
    done = undo.undo_decision(store, SAM, decision)
    assert done.words == f"Undone: {decision.words}. It waits in Flag requests again."
    assert dict(_flag_row(store, requested.id)) == before  # every column as it was
    assert [i.id for i in sv.review_items(store, SAM, "flag-request")] == [requested.id]
    assert [a for _by, a, _d in _events(store, requested.id)] == ["requested", "authorised", "undone"]
    assert _events(store, requested.id)[-1] == ("sam", "undone", {"undid": "authorised", **_cleared("requested")})
    [(who, entity, entity_id, old, new)] = _audit(store)
    assert (who, entity, entity_id) == ("sam", "flag", str(requested.id))
    assert old["status"] == "active" and old["authorised_by"] == "sam" and old["necessity"]
    assert new["status"] == "requested" and new["undid"] == "authorise" and new["authorised_by"] is None
    notices = _notices(store)
    assert notices[-1] == (
        "sam took back their decision on your request for a vulnerable victim flag (it was authorised): "
        "it waits for a supervisor's decision again."
    )
    store.authorise_flag(SAM, requested.id, "Necessary after all")  # decided afresh, as any request
    _intact(store)


def _cleared(status):
    return {
        "status": status,
        "authorised_by": None,
        "authorised_at": None,
        "review_due": None,
        "necessity": None,
    }


def test_a_refusal_undone_the_flag_is_a_request_again(store, requested):
    decision = undo.decide(store, SAM, "refuse", requested.id, "One call only")
    assert decision.record.status == "rejected"
    undo.undo_decision(store, SAM, decision)
    row = _flag_row(store, requested.id)
    assert (row["status"], row["refusal_reason"]) == ("requested", None)
    assert _events(store, requested.id)[-1] == (
        "sam",
        "undone",
        {"undid": "refused", "status": "requested", "refusal_reason": None},
    )
    assert "(it was refused)" in _notices(store)[-1]
    _intact(store)


def test_a_review_undone_the_review_date_is_the_one_before(store, active):
    assert [i.id for i in sv.review_items(store, SAM, "flag-review")] == [active.id]
    decision = undo.decide(store, SAM, "maintain", active.id, "Still alone")
    assert decision.words.startswith(f"maintained flag {active.id} (")
    assert _flag_row(store, active.id)["review_due"] > TODAY
    done = undo.undo_decision(store, SAM, decision)
    assert _flag_row(store, active.id)["review_due"] == OVERDUE
    assert done.words.endswith(f"It is active with its monthly review due {OVERDUE.day} {OVERDUE:%b %Y} again.")
    assert [i.id for i in sv.review_items(store, SAM, "flag-review")] == [active.id]  # overdue again
    assert _events(store, active.id)[-1] == ("sam", "undone", {"undid": "reviewed", "review_due": OVERDUE.isoformat()})
    [(_, _, _, old, new)] = _audit(store)
    assert set(old) == {"review_due"} and new == {"review_due": OVERDUE.isoformat(), "undid": "maintain"}
    _intact(store)


def test_a_removal_undone_the_flag_is_active_again_with_its_review_date(store, active):
    decision = undo.decide(store, SAM, "remove", active.id, "Moved away")
    assert sv.active_flags(store, SAM) == []
    undo.undo_decision(store, SAM, decision)
    row = _flag_row(store, active.id)
    assert (row["status"], row["review_due"], row["removed_by"], row["removed_at"], row["removal_reason"]) == (
        "active",
        OVERDUE,
        None,
        None,
        None,
    )
    assert [f.id for f in sv.active_flags(store, SAM)] == [active.id]
    _intact(store)


# ------------------------------------------------------------------ work items


def test_an_allocation_undone_the_recontact_is_not_allocated_and_the_officer_told(store, work):
    saved, items = work
    decision = undo.decide(store, SAM, "allocate", items["recontact"], "ann")
    assert decision.words == f"allocated the re-contact on {saved.reference} to ann"
    assert any("allocated you the re-contact" in t for t in _notices(store))
    done = undo.undo_decision(store, SAM, decision)
    assert done.words == f"Undone: {decision.words}. It is not allocated again."
    row = _work_row(store, items["recontact"])
    assert (row["assigned_to"], row["assigned_by"], row["assigned_at"], row["open"]) == (None, None, None, True)
    assert _notices(store)[-1] == f"sam took back the re-contact on {saved.reference} they had allocated to you."
    [(who, entity, entity_id, old, new)] = _audit(store)
    assert (who, entity, entity_id) == ("sam", "recontact", str(items["recontact"]))
    assert (old["assigned_to"], new["assigned_to"], new["undid"]) == ("ann", None, "allocate")
    _intact(store)


def test_a_reallocation_undone_the_officer_before_is_back(store, work, clock):
    _saved, items = work
    sv.allocate_recontact(store, SAM, items["recontact"], "PC 4471 Jones")
    first = dict(_work_row(store, items["recontact"]))
    clock.advance(minutes=5)
    decision = undo.decide(store, SAM, "allocate", items["recontact"], "PS 12 Patel")
    done = undo.undo_decision(store, SAM, decision)
    assert done.words.endswith("It is allocated to PC 4471 Jones again.")
    assert dict(_work_row(store, items["recontact"])) == first


def test_a_reallocation_over_another_supervisors_is_not_written_in_their_name(store, work, sue):
    _saved, items = work
    sv.allocate_recontact(store, SUE, items["recontact"], "PC 4471 Jones")
    decision = undo.decide(store, SAM, "allocate", items["recontact"], "PS 12 Patel")
    with pytest.raises(InvalidData, match="was allocated by sue before you allocated it: an undo cannot write"):
        undo.undo_decision(store, SAM, decision)
    assert _work_row(store, items["recontact"])["assigned_to"] == "PS 12 Patel"
    assert _audit(store) == []


def test_an_occurrence_undone_the_incident_waits_for_its_reference_again(store, work):
    saved, items = work
    before = dict(_work_row(store, items["occurrence"]))
    decision = undo.decide(store, SAM, "occurrence", items["occurrence"], "NICHE-26-0042")
    assert decision.words == f"recorded occurrence NICHE-26-0042 for {saved.reference}"
    assert sv.review_counts(store, SAM)["occurrence"] == 0
    done = undo.undo_decision(store, SAM, decision)
    assert done.words == f"Undone: {decision.words}. It waits in Occurrences again."
    assert dict(_work_row(store, items["occurrence"])) == before  # open, no outcome, no reference
    assert [i.id for i in sv.review_items(store, SAM, "occurrence")] == [items["occurrence"]]
    [(_, entity, _, old, new)] = _audit(store)
    assert entity == "occurrence" and old["open"] is False and new["open"] is True and new["undid"] == "occurrence"
    sv.record_occurrence(store, SAM, items["occurrence"], "NICHE-26-0043")  # recorded afresh
    _intact(store)


# ------------------------------------------------------------------ refused, nothing written


def test_a_flag_changed_since_by_another_supervisor_is_not_undone(store, active, sue):
    decision = undo.decide(store, SAM, "maintain", active.id, "Still alone")
    store.remove_flag(SUE, active.id, "Moved away")  # at another desk
    with pytest.raises(InvalidData) as refused:
        undo.undo_decision(store, SAM, decision)
    assert str(refused.value).startswith(f"flag {active.id} was changed since by sue (removed at ")
    assert str(refused.value).endswith(f"): {decision.words} was not undone")
    assert _flag_row(store, active.id)["status"] == "removed"
    assert _audit(store) == [] and _events(store, active.id)[-1][1] == "removed"


def test_a_flag_changed_outside_asbdesk_is_not_undone(store, active):
    decision = undo.decide(store, SAM, "maintain", active.id, "Still alone")
    with store.engine.begin() as connection:  # the table's owner, with psql
        connection.execute(update(m.Flag).where(m.Flag.id == active.id).values(review_due=TODAY))
    with pytest.raises(InvalidData, match=f"flag {active.id} was changed since outside asbdesk \\(it is active now\\)"):
        undo.undo_decision(store, SAM, decision)
    assert _flag_row(store, active.id)["review_due"] == TODAY


def test_a_recontact_tried_since_its_allocation_keeps_it(store, work):
    _saved, items = work
    decision = undo.decide(store, SAM, "allocate", items["recontact"], "PC 4471 Jones")
    sv.record_attempt(store, SAM, items["recontact"], "no_answer")
    with pytest.raises(InvalidData, match=r"was changed since by sam \(an attempt recorded at .*\): allocated the"):
        undo.undo_decision(store, SAM, decision)
    assert _work_row(store, items["recontact"])["assigned_to"] == "PC 4471 Jones"


def test_a_recontact_closed_since_is_not_undone(store, work, sue):
    _saved, items = work
    decision = undo.decide(store, SAM, "allocate", items["recontact"], "PC 4471 Jones")
    sv.record_recontact(store, SUE, items["recontact"], "declined")
    with pytest.raises(InvalidData, match=r"was changed since by sue \(closed: declined\)"):
        undo.undo_decision(store, SAM, decision)


def test_only_the_supervisor_who_decided_and_only_once(store, requested, sue):
    decision = undo.decide(store, SAM, "authorise", requested.id, "Necessary")
    with pytest.raises(InvalidData) as refused:
        undo.undo_decision(store, SUE, decision)
    assert str(refused.value) == f"{decision.words} was decided by sam: only they can undo it"
    with pytest.raises(PermissionDenied):
        undo.undo_decision(store, ANN, undo.decide(store, ANN, "refuse", requested.id, "x"))
    undo.undo_decision(store, SAM, decision)
    with pytest.raises(InvalidData, match="cannot be undone here: only a decision made in this window since you"):
        undo.undo_decision(store, SAM, decision)
    assert len(_audit(store)) == 1


def test_a_decision_of_another_sign_in_is_not_undone_here(store, db_url, requested, clock):
    decision = undo.decide(store, SAM, "authorise", requested.id, "Necessary")
    other = Store.open(db_url, clock=clock)  # the window opened again, or a command
    try:
        with pytest.raises(InvalidData, match="cannot be undone here"):
            undo.undo_decision(other, SAM, decision)
    finally:
        other.close()
    assert _flag_row(store, requested.id)["status"] == "active"


def test_a_decision_refused_by_storage_keeps_nothing(store, requested):
    with pytest.raises(InvalidData, match="reason"):
        undo.decide(store, SAM, "authorise", requested.id, "  ")
    with pytest.raises(InvalidData, match="not one of"):
        undo.decide(store, SAM, "agree", requested.id, "x")  # an override's review: not undone here
    assert _flag_row(store, requested.id)["status"] == "requested"
