"""Issue 20.1: every role's work, through asbdesk, as that person's own login on a shared
database with the roles applied (``asbdesk db roles --apply``). The storage tests of the
supervisor's desk run as a superuser, to whom no policy applies; these run as the people
the policies are for: what asbdesk does must be exactly what the database allows.
"""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from sqlalchemy import select, text, update

from asbdesk.core.site import Force
from asbdesk.core.vocabulary import SAMPLE_CHECKS
from asbdesk.storage import audit, undo
from asbdesk.storage import models as m
from asbdesk.storage import store as store_module
from asbdesk.storage import supervision as sv
from asbdesk.storage.database import DatabaseFault, InvalidData, PermissionDenied
from asbdesk.storage.records import Actor, AddressInput, FlagRequest, NewPerson
from asbdesk.storage.transfer import import_history
from tests.storage.conftest import NOW, Clock
from tests.storage.helpers import contact
from tests.storage.logins import SharedDatabase

RED_RING_BACK = {"weapons": True, "further_contact": True, "contact_method": "ring_back"}
OVERRIDE = {"grade": "response", "reason": "toy gun, seen by the caller"}
HISTORY = """occurred_at,incident_code,family_name,given_name,phone,address_line1,postcode,town,risk_level,rag,external_reference
2026-10-01T20:00:00Z,802,Holroyd,Isla,0113 496 0555,7 Beck Side,hd1 3lt,Huddersfield,medium,amber,NICHE-1
"""


@pytest.fixture
def force(pg_template):
    """A contact centre: two call handlers, a front counter, a trainer, two supervisors and an
    administrator, each with a login of their own."""
    shared = SharedDatabase(pg_template)
    try:
        for person, role in (
            ("ann", "call_handler"),
            ("bob", "call_handler"),
            ("fran", "front_counter"),
            ("tess", "trainer"),
            ("sam", "supervisor"),
            ("sue", "supervisor"),
            ("ada", "administrator"),
        ):
            shared.add(person, role)
        yield shared
    finally:
        shared.close()


class Desks:
    """Each person's own asbdesk on the shared database, signed in as their login."""

    def __init__(self, force: SharedDatabase, clock: Clock) -> None:
        self.stores = {person: force.store(person, clock=clock) for person in force.logins}
        self.actors = {person: Actor(force.logins[person], f"desk-{person}") for person in force.logins}

    def __getitem__(self, person: str):
        return self.stores[person], self.actors[person]

    def close(self) -> None:
        for store in self.stores.values():
            store.close()


@pytest.fixture
def desks(force):
    desks = Desks(force, Clock())
    yield desks
    desks.close()


def _person(store, actor, family="Okafor"):
    return store.add_person(
        actor, NewPerson("Zoë", family, ("0113 496 0123",), (AddressInput("4 Canal Row", "LS1 4AP", "Leeds"),))
    )


def test_call_takers_take_calls_keep_their_drafts_and_request_flags(force, desks):
    ann_store, ann = desks["ann"]
    zoe = _person(ann_store, ann)
    assert [p.id for p in ann_store.find_callers(ann, "Okafor")] == [zoe.id]
    assert ann_store.caller_context(ann, zoe.id, NOW).person.id == zoe.id
    ann_store.save_draft(ann, "draft-ann", {"answers": {"weapons": True}})
    saved = ann_store.save_contact(
        ann,
        contact(
            NOW,
            person_id=zoe.id,
            location_id=zoe.locations[0].id,
            answers=RED_RING_BACK,
            override=OVERRIDE,
            uid="draft-ann",
            flag_requests=(FlagRequest("repeat_victim", person_id=zoe.id),),
        ),
    )
    assert saved.created and len(saved.flag_ids) == 1
    assert ann_store.drafts(ann) == []  # the save removed its draft
    flag = ann_store.request_flag(
        ann, FlagRequest("vulnerable_victim", negate_risk="Hard of hearing", person_id=zoe.id)
    )
    assert [e.action for e in ann_store.flag_events(ann, flag.id)] == ["requested"]
    assert ann_store.contact_log(ann, saved.reference).operator == force.logins["ann"]
    # The others at their desks: a walk-in, a training call; nobody sees another's draft.
    for person in ("fran", "tess", "bob"):
        store, actor = desks[person]
        store.save_draft(actor, f"draft-{person}", {"answers": {}})
        store.save_contact(actor, contact(NOW, person_id=zoe.id, answers={"weapons": True}))
        assert [uuid for uuid, _, _ in store.drafts(actor)] == [f"draft-{person}"]
        store.discard_draft(actor, "draft-ann")  # another's: not theirs to discard
        store.discard_draft(actor, f"draft-{person}")
        assert store.drafts(actor) == []
    # The save left the supervisor's work: an override, a ring back and four occurrences.
    sam_store, sam = desks["sam"]
    assert sv.review_counts(sam_store, sam) == {
        "flag-request": 2,
        "flag-review": 0,
        "override": 1,
        "recontact": 1,
        "occurrence": 4,
    }
    assert sam_store.verify_audit(sam).ok


def test_supervisors_do_their_work_as_themselves_one_after_another(force, desks, tmp_path):
    ann_store, ann = desks["ann"]
    sam_store, sam = desks["sam"]
    sue_store, sue = desks["sue"]
    zoe = _person(ann_store, ann)
    where = {"person_id": zoe.id, "location_id": zoe.locations[0].id}
    ann_store.save_contact(ann, contact(NOW - timedelta(days=1), answers=RED_RING_BACK, override=OVERRIDE, **where))
    ann_store.save_contact(ann, contact(NOW - timedelta(days=2), answers={"weapons": True}, **where))
    keep = ann_store.request_flag(ann, FlagRequest("vulnerable_victim", negate_risk="Lives alone", person_id=zoe.id))
    refuse = ann_store.request_flag(ann, FlagRequest("warning_marker", negate_risk="Shouted", person_id=zoe.id))

    counts = sv.review_counts(sam_store, sam)
    assert (counts["flag-request"], counts["override"], counts["recontact"], counts["occurrence"]) == (2, 1, 1, 2)
    [request, _] = sv.review_items(sam_store, sam, "flag-request")
    assert sv.review_detail(sam_store, sam, "flag-request", request.id)["flag"]["id"] == keep.id
    # Flags: sam authorises, sue maintains it and later removes it (sam's name stays as authoriser).
    assert sam_store.authorise_flag(sam, keep.id, "Lives alone; cannot hear callers").status == "active"
    assert sam_store.refuse_flag(sam, refuse.id, "One raised voice is not a warning marker").status == "rejected"
    assert sv.decide_flag(sue_store, sue, "maintain", keep.id, "Still calling weekly").status == "active"
    removed = sv.decide_flag(sue_store, sue, "remove", keep.id, "Moved away")
    assert (removed.authorised_by, removed.status) == (force.logins["sam"], "removed")
    assert [e.by for e in ann_store.flag_events(ann, keep.id)] == [
        ann.username,
        sam.username,
        sue.username,
        sue.username,
    ]
    # Work: sam reviews the override and allocates the ring back to ann; sue closes it and records
    # the occurrences (sam's name stays as the one who allocated).
    [override] = sv.review_items(sam_store, sam, "override")
    assert sv.review_detail(sam_store, sam, "override", override.id)["contact"]["override"]["reason"]
    assert sv.review_override(sam_store, sam, override.id, False, "A toy gun is a weapon to the caller").outcome == (
        "disagreed"
    )
    [ring] = sv.review_items(sam_store, sam, "recontact")
    assert ann.username in sv.active_officers(sam_store, sam)
    assert sv.allocate_recontact(sam_store, sam, ring.id, ann.username).assigned_to == ann.username
    attempt = sv.record_attempt(sue_store, sue, ring.id, "no_answer")  # in sue's name, for ann (issue 22.2)
    assert (attempt.attempted_by, attempt.recorded_by) == (ann.username, sue.username)
    assert sv.letter_for(sue_store, sue, ring.id).caller_name == "Zoë Okafor"
    letter = sv.LetterFile(tmp_path / "letter.pdf", b"%PDF-1.4")
    closed = sv.record_recontact(sue_store, sue, ring.id, "not_reached", letter)
    assert (closed.open, closed.outcome) == (False, "not_reached")
    for item in sv.review_items(sue_store, sue, "occurrence"):
        assert sv.record_occurrence(sue_store, sue, item.id, "PSO-1").outcome == "recorded"
    with sam_store.engine.connect() as connection:  # read as sam, through his rights
        assigned_by, closed_by = connection.execute(
            select(m.WorkItem.assigned_by, m.WorkItem.closed_by).where(m.WorkItem.id == ring.id)
        ).one()
    assert (assigned_by, closed_by) == (sam.username, sue.username)
    # Dip sample: sam draws and marks; sue marks the same log again; the reports.
    sample = sv.draw_sample(sam_store, sam, NOW - timedelta(days=7), NOW + timedelta(days=1), 2, seed=7)
    assert {i.operator for i in sample.items} == {ann.username}
    first = sample.items[0].id
    sv.mark_sample(sam_store, sam, first, SAMPLE_CHECKS[0], "yes")
    sv.mark_sample(sue_store, sue, first, SAMPLE_CHECKS[0], "no", "THRIVE not recorded")
    assert sv.get_sample(sue_store, sue, sample.id).items[0].marks[SAMPLE_CHECKS[0]] == ("no", "THRIVE not recorded")
    assert sv.list_samples(sam_store, sam)[0]["marked"] == 1
    report = sv.compliance(sam_store, sam, NOW - timedelta(days=7), NOW + timedelta(days=1))
    assert report.operators[0]["operator"] == ann.username
    assert sv.hotspots(sue_store, sue, NOW - timedelta(days=7), NOW + timedelta(days=1)).codes
    # The requester and the operator are told, and only they read it.
    told = sv.unseen_notices(ann_store, ann)
    assert len(told) == 4 and {n.author for n in told} == {sam.username}
    sv.mark_notices_seen(ann_store, ann, [n.id for n in told])
    assert sv.unseen_notices(ann_store, ann) == []
    bob_store, bob = desks["bob"]
    assert sv.unseen_notices(bob_store, bob) == []
    # Supervisors import, export and verify; the trail verifies against a checkpoint.
    assert import_history(sam_store, sam, io.StringIO(HISTORY)).imported == 1
    assert len(sam_store.contacts_between(sam, NOW - timedelta(days=400), NOW + timedelta(days=1))) == 3
    assert sam_store.verify_audit(sam).ok
    private, public = tmp_path / "admin.key", tmp_path / "admin.pub"
    audit.generate_keys(private, public)
    checkpoint = audit.make_checkpoint(sue_store, private, NOW)
    assert audit.check_against(sam_store, checkpoint, public) == []


def test_a_supervisor_undoes_each_of_their_decisions_as_their_own_login(force, desks):
    """Issue 22.4: every undo writes only what the supervisor's grants allow, clearing only
    their own name (the names trigger), as their login; another's allocation is not written
    back in that supervisor's name."""
    ann_store, ann = desks["ann"]
    sam_store, sam = desks["sam"]
    sue_store, sue = desks["sue"]
    zoe = _person(ann_store, ann)
    where = {"person_id": zoe.id, "location_id": zoe.locations[0].id}
    ann_store.save_contact(ann, contact(NOW - timedelta(days=1), answers=RED_RING_BACK, **where))
    flag = ann_store.request_flag(ann, FlagRequest("vulnerable_victim", negate_risk="Lives alone", person_id=zoe.id))
    for action in ("authorise", "refuse"):
        decision = undo.decide(sam_store, sam, action, flag.id, "Reason")
        undo.undo_decision(sam_store, sam, decision)
        assert sv.review_items(sam_store, sam, "flag-request")[0].id == flag.id
    sam_store.authorise_flag(sam, flag.id, "Necessary")
    for action in ("maintain", "remove"):
        decision = undo.decide(sam_store, sam, action, flag.id, "Reason")
        undo.undo_decision(sam_store, sam, decision)
    assert [f.id for f in sv.active_flags(sam_store, sam)] == [flag.id]
    items = {i.kind: i.id for i in sv.review_items(sam_store, sam) if i.kind in ("recontact", "occurrence")}
    undo.undo_decision(sam_store, sam, undo.decide(sam_store, sam, "allocate", items["recontact"], ann.username))
    undo.undo_decision(sam_store, sam, undo.decide(sam_store, sam, "occurrence", items["occurrence"], "PSO-1"))
    assert sv.review_counts(sam_store, sam)["occurrence"] == 1
    sv.allocate_recontact(sue_store, sue, items["recontact"], "PC 1 Dar")
    decision = undo.decide(sam_store, sam, "allocate", items["recontact"], "PC 2 Holt")
    with pytest.raises(InvalidData, match=f"allocated by {sue.username} before you allocated it"):
        undo.undo_decision(sam_store, sam, decision)
    with sam_store.engine.connect() as connection:  # read as sam, through his rights
        undone = connection.execute(
            select(m.AuditEntry.entity).where(m.AuditEntry.action == "undo").order_by(m.AuditEntry.id)
        ).all()
    assert [e for (e,) in undone] == ["flag"] * 4 + ["recontact", "occurrence"]
    assert sam_store.verify_audit(sam).ok


def test_an_administrator_manages_users_the_site_packs_history_and_the_trail(force, desks):
    ada_store, ada = desks["ada"]
    ada_store.add_user(ada, "newcomer", "New Comer", "call_handler")
    ada_store.set_site(ada, Force("Demoshire Police", ("1 Example Street",), "LS1 4AP"))
    ada_store.publish_pack(
        ada,
        pack_id="x",
        version="1",
        sha256="0" * 64,
        files={"pack.yaml": "id: x"},
        reason="the force's pack",
        checks={},
    )
    assert import_history(ada_store, ada, io.StringIO(HISTORY)).imported == 1
    assert len(ada_store.contacts_between(ada, NOW - timedelta(days=400), NOW)) == 1
    assert ada_store.verify_audit(ada).ok
    ann_store, _ = desks["ann"]
    assert ann_store.site().updated_by == ada.username and ann_store.pack_in_force().published_by == ada.username


def test_the_first_administrator_adds_herself_then_the_others_as_her_own_login(pg_template):
    """README's "Set up a force", steps 1 and 2, on a database with the roles applied."""
    shared = SharedDatabase(pg_template)
    try:
        ada_login = shared.add("ada", "administrator", user=False)
        ann_login = shared.add("ann", "call_handler", user=False)
        ada_store, ann_store = shared.store("ada"), shared.store("ann")
        try:
            with pytest.raises(PermissionDenied):  # not while no administrator has added her
                ann_store.add_user(Actor(ann_login, "desk"), ann_login, "Ann", "call_handler")
            ada_store.add_user(None, ada_login, "Ada Admin", "administrator")
            ada_store.add_user(Actor(ada_login, "admin"), ann_login, "Ann Handler", "call_handler")
            assert ann_store.role(Actor(ann_login, "desk")) == "call_handler"
            assert ada_store.verify_audit(Actor(ada_login, "admin")).ok
        finally:
            ada_store.close()
            ann_store.close()
    finally:
        shared.close()


def test_one_login_cannot_stop_another_workstation_by_moving_its_chain(force, desks):
    """The probe of issue 20: as a call handler, ``update audit_head set seq=1 where
    chain<>'<mine>'`` made every other workstation fail to save (23505). Now it moves no
    head but the login's own, and the others save as before."""
    ann_store, ann = desks["ann"]
    sam_store, sam = desks["sam"]
    zoe = _person(ann_store, ann)
    sam_store.save_contact(sam, contact(NOW, person_id=zoe.id))
    with sam_store.engine.connect() as connection:
        heads = connection.execute(select(m.AuditHead.chain, m.AuditHead.seq, m.AuditHead.hash)).all()
    mine = store_module._chain_for(ann)
    # Ann has another chain of her own (from her setup), which cannot go back to 1: refused.
    with pytest.raises(Exception, match="moves only forward"), force.engine("ann").begin() as connection:
        connection.execute(text("UPDATE audit_head SET seq = 1 WHERE chain <> :mine"), {"mine": mine})
    # Another's chains only: none is hers to move.
    with force.engine("ann").begin() as connection:
        others = "UPDATE audit_head SET seq = 1 WHERE asbdesk_chain_owner(chain) IS DISTINCT FROM :me"
        assert connection.execute(text(others), {"me": ann.username}).rowcount == 0
    with sam_store.engine.connect() as connection:
        assert connection.execute(select(m.AuditHead.chain, m.AuditHead.seq, m.AuditHead.hash)).all() == heads
    # An entry in another's chain, which would take its next number: refused.
    with pytest.raises(Exception, match="row-level security"), force.engine("ann").begin() as connection:
        connection.execute(
            text(
                "INSERT INTO audit_entry (chain, seq, at, username, workstation, action, entity, entity_id, "
                "prev_hash, hash) SELECT :theirs, 2, now(), :me, 'x', 'x', 'x', 'x', 'x', 'x'"
            ),
            {"theirs": store_module._chain_for(sam), "me": ann.username},
        )
    assert sam_store.save_contact(sam, contact(NOW, person_id=zoe.id)).created
    assert sam_store.caller_context(sam, zoe.id, NOW).person.id == zoe.id
    assert sam_store.verify_audit(sam).ok


def test_two_people_at_one_workstation_keep_a_chain_each(force, desks):
    ann_store, _ = desks["ann"]
    bob_store, _ = desks["bob"]
    ann, bob = Actor(force.logins["ann"], "desk-07"), Actor(force.logins["bob"], "desk-07")
    zoe = _person(ann_store, ann)
    bob_store.save_contact(bob, contact(NOW, person_id=zoe.id))
    ann_store.save_contact(ann, contact(NOW, person_id=zoe.id))
    sam_store, sam = desks["sam"]
    with sam_store.engine.connect() as connection:
        heads = dict(connection.execute(select(m.AuditHead.chain, m.AuditHead.seq)).all())
    assert heads[f"{ann.username}@desk-07"] == 2 and heads[f"{bob.username}@desk-07"] == 1
    assert sam_store.verify_audit(sam).ok


def test_chains_named_before_logins_were_bound_still_verify(force, desks, tmp_path, monkeypatch):
    """A database written by an earlier asbdesk has one chain per workstation ('desk-01'),
    by whoever signed in there. Its chains are kept, frozen (no login owns them), and the
    trail and its checkpoints verify across the change."""
    ann_store, ann = desks["ann"]
    sam_store, sam = desks["sam"]
    monkeypatch.setattr(store_module, "_chain_for", lambda actor: actor.workstation)
    zoe = _person(force.owner, Actor(ann.username, "desk-01"))
    for who in (ann, sam):  # the earlier asbdesk, before its roles bound chains to logins
        force.owner.save_contact(Actor(who.username, "desk-01"), contact(NOW, person_id=zoe.id))
    private, public = tmp_path / "admin.key", tmp_path / "admin.pub"
    audit.generate_keys(private, public)
    before = audit.make_checkpoint(force.owner, private, NOW)
    assert before["chains"]["desk-01"]["seq"] == 3
    monkeypatch.undo()
    ann_store.save_contact(Actor(ann.username, "desk-01"), contact(NOW, person_id=zoe.id))
    with force.engine("ann").begin() as connection:  # the old chain is nobody's to move now
        assert connection.execute(update(m.AuditHead).where(m.AuditHead.chain == "desk-01").values(seq=0)).rowcount == 0
    assert sam_store.verify_audit(sam).ok
    assert audit.check_against(sam_store, before, public) == []
    assert audit.make_checkpoint(sam_store, private, NOW)["chains"][f"{ann.username}@desk-01"]["seq"] == 1


def test_a_refusal_by_the_database_reaches_the_operator_in_words(force):
    """asbdesk's own check passes (the user is a supervisor in asbdesk) but the login is only
    in the call handlers' group: the database refuses, and the desk says so in words."""
    login = force.add("mo", "call_handler")
    force.owner.ensure_user(login, "Mo", "supervisor")
    ann_store = force.store("ann")
    mo_store = force.store("mo")
    try:
        ann = Actor(force.logins["ann"], "desk-ann")
        zoe = _person(ann_store, ann)
        flag = ann_store.request_flag(ann, FlagRequest("repeat_victim", person_id=zoe.id))
        with pytest.raises(DatabaseFault, match="refused this account the access it needs .SQLSTATE 42501."):
            mo_store.authorise_flag(Actor(login, "desk-mo"), flag.id, "Necessary")
        with pytest.raises(PermissionDenied):  # asbdesk's own refusal, as before, for a call handler
            ann_store.authorise_flag(ann, flag.id, "Necessary")
    finally:
        ann_store.close()
        mo_store.close()


def test_a_supervisor_regrades_another_s_call_as_their_own_login(force, desks):
    """Issue 22.3 through the policies: sam, a supervisor, disagrees with ann's lowered risk;
    the contact is re-graded and its log amended as sam, the revision is sam's, the
    occurrence the new RAG needs is opened for ann's call, and ann is told. A call handler
    cannot amend a log, nor may anyone rewrite one."""
    ann_store, ann = desks["ann"]
    sam_store, sam = desks["sam"]
    zoe = _person(ann_store, ann)
    where = {"person_id": zoe.id, "location_id": zoe.locations[0].id}
    lowered = {"risk_level": "standard", "reason": "The caller said the knife was a toy"}
    saved = ann_store.save_contact(
        ann, contact(NOW - timedelta(hours=1), answers={"weapons": True}, override=lowered, **where)
    )
    [item] = sv.review_items(sam_store, sam, "override")
    done = sv.review_override(sam_store, sam, item.id, False, "A knife is a knife until an officer has seen it")
    assert done.regrade.after == {"risk_level": "high", "grade": "emergency", "rag": "red"}
    assert done.regrade.follow_up == ("occurrence",)
    [occurrence] = sv.review_items(sam_store, sam, "occurrence")
    assert occurrence.contact_reference == saved.reference
    log = ann_store.contact_log(ann, saved.reference)
    assert (log.risk_level, log.rag) == ("high", "red") and "AMENDMENT 1: SUPERVISOR'S RE-GRADE" in log.log_text
    with sam_store.engine.connect() as connection:
        assert connection.scalar(select(m.ContactRevision.made_by)) == sam.username
    assert "re-graded" in sv.unseen_notices(ann_store, ann)[0].text
    assert sam_store.verify_audit(sam).ok
    # The database's own rule, whatever the client: amend only, and only supervisors.
    with sam_store.engine.connect() as connection, pytest.raises(Exception, match="amended, never rewritten"):
        connection.execute(update(m.Contact).where(m.Contact.id == saved.contact_id).values(log_text="rewritten"))
    with ann_store.engine.connect() as connection, pytest.raises(Exception, match="permission denied"):
        connection.execute(
            update(m.Contact).where(m.Contact.id == saved.contact_id).values(log_text=m.Contact.log_text + "\nmine")
        )
