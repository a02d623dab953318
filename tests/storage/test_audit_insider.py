"""Issue 13: the seven insider rewrites the security probe made, each now found.

An insider with the database's own tools first switches off the append-only triggers
(migration 0004), then rewrites. Four rewrites keep the chain internally consistent (the
app's own hash function recomputed, heads moved): only a signed checkpoint kept outside
the database finds those. Three change the data itself (a risk level, a deleted contact, a
self-granted role): the row hashes in the audit entries find those without one.
"""

from __future__ import annotations

import base64
import copy
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import delete, select, update

from asbdesk.storage import audit
from asbdesk.storage import models as m
from asbdesk.storage.records import AddressInput, NewPerson
from asbdesk.storage.store import entry_hash, row_digest
from tests.storage.conftest import ADA, ANN, NOW, SAM
from tests.storage.helpers import as_insider, contact

DESK = "ann@desk-01"  # the call handler's chain at her workstation


@pytest.fixture
def keys(tmp_path):
    private, public = tmp_path / "admin.key", tmp_path / "admin.pub"
    audit.generate_keys(private, public)
    return private, public


@pytest.fixture
def trail(store, keys):
    """Three saved contacts and a flag request, then a checkpoint, then one more contact."""
    zoe = store.add_person(
        ANN, NewPerson("Zoë", "Okafor", ("0113 496 0123",), (AddressInput("4 Canal Row", "LS1 4AP", "Leeds"),))
    )
    references = [
        store.save_contact(ANN, contact(NOW - timedelta(days=i), person_id=zoe.id)).reference for i in range(3)
    ]
    checkpoint = audit.make_checkpoint(store, keys[0], NOW)
    references.append(store.save_contact(ANN, contact(NOW, person_id=zoe.id)).reference)  # after it: legitimate growth
    return checkpoint, references


def verified(store, checkpoint, public, fingerprint=None) -> list[str]:
    return list(store.verify_audit(SAM).problems) + audit.check_against(store, checkpoint, public, fingerprint)


def test_an_untouched_trail_verifies_against_its_checkpoint(store, keys, trail):
    checkpoint, _ = trail
    assert verified(store, checkpoint, keys[1]) == []
    assert checkpoint["chains"][DESK]["seq"] == 4  # the person and three saves


def _rechain(connection, first_seq: int, chain: str = DESK) -> None:
    """Recompute every hash from ``first_seq`` on with the app's own function; move the head."""
    table = m.AuditEntry.__table__
    previous = connection.execute(
        select(table.c.hash).where(table.c.chain == chain, table.c.seq == first_seq - 1)
    ).scalar()
    if previous is None:
        previous = "0" * 64
    rows = (
        connection.execute(select(table).where(table.c.chain == chain, table.c.seq >= first_seq).order_by(table.c.seq))
        .mappings()
        .all()
    )
    for row in rows:
        entry = {**row, "prev_hash": previous}
        entry["hash"] = entry_hash(**entry)
        connection.execute(update(table).where(table.c.id == row["id"]).values(prev_hash=previous, hash=entry["hash"]))
        previous = entry["hash"]
    last = rows[-1]["seq"] if rows else first_seq - 1
    connection.execute(update(m.AuditHead.__table__).where(m.AuditHead.chain == chain).values(seq=last, hash=previous))


def _rewrite_recompute(connection) -> None:
    # 1. Edit an entry, recompute the hashes after it with the app's function, move the head.
    connection.execute(
        update(m.AuditEntry).where(m.AuditEntry.chain == DESK, m.AuditEntry.seq == 2).values(username="someone-else")
    )
    _rechain(connection, 2)


def _rewrite_truncate(connection) -> None:
    # 2. Delete a tail (from before the checkpoint on) and move the head back.
    connection.execute(delete(m.AuditEntry).where(m.AuditEntry.chain == DESK, m.AuditEntry.seq >= 4))
    _rechain(connection, 4)


def _rewrite_drop_chain(connection) -> None:
    # 3. Delete a workstation's whole chain, head and all.
    connection.execute(delete(m.AuditEntry).where(m.AuditEntry.chain == DESK))
    connection.execute(delete(m.AuditHead).where(m.AuditHead.chain == DESK))


def _rewrite_delete_everything(connection) -> None:
    # 4. Delete every entry and every head ("intact (0 entries)" before this issue).
    connection.execute(delete(m.AuditEntry))
    connection.execute(delete(m.AuditHead))


CHAIN_REWRITES = {
    "recompute_hashes_and_move_head": _rewrite_recompute,
    "delete_tail_and_move_head_back": _rewrite_truncate,
    "delete_a_workstations_chain": _rewrite_drop_chain,
    "delete_every_row": _rewrite_delete_everything,
}


@pytest.mark.parametrize("rewrite", sorted(CHAIN_REWRITES))
def test_chain_rewrites_fail_against_the_checkpoint(store, keys, trail, rewrite):
    checkpoint, _ = trail
    with store.engine.begin() as connection:
        as_insider(connection)
        CHAIN_REWRITES[rewrite](connection)
    problems = audit.check_against(store, checkpoint, keys[1])
    assert problems, f"{rewrite} went unnoticed against the checkpoint"
    assert any("checkpoint" in p or "fewer than" in p for p in problems)


def test_without_a_checkpoint_a_recomputed_chain_looks_intact(store, keys, trail):
    # Why the checkpoint exists: the chain alone cannot tell a careful rewrite from the truth.
    checkpoint, _ = trail
    with store.engine.begin() as connection:
        as_insider(connection)
        _rewrite_recompute(connection)
    assert store.verify_audit(SAM).ok
    assert "entry 4 differs from the checkpoint (entries up to it were rewritten)" in " ".join(
        audit.check_against(store, checkpoint, keys[1])
    )


@pytest.mark.parametrize("rewrite", ["risk_level_edited", "contact_deleted", "self_granted_administrator"])
def test_changes_to_the_data_itself_are_found(store, keys, trail, rewrite):
    checkpoint, references = trail
    with store.engine.begin() as connection:
        if rewrite == "risk_level_edited":  # 5.
            connection.execute(update(m.Contact).where(m.Contact.reference == references[0]).values(risk_level="high"))
            expected = f"contact {references[0]} differs from its last audit entry: changed outside asbdesk"
        elif rewrite == "contact_deleted":  # 6.
            connection.execute(delete(m.Contact).where(m.Contact.reference == references[1]))
            expected = f"contact {references[1]} is in the audit trail but not in the database: deleted"
        else:  # 7.
            connection.execute(update(m.User).where(m.User.username == "ann").values(role="administrator"))
            expected = "user ann differs from its last audit entry: changed outside asbdesk"
    report = store.verify_audit(SAM)
    assert not report.ok and expected in report.problems
    assert expected in verified(store, checkpoint, keys[1])


def test_a_row_added_outside_asbdesk_is_found(store, trail):
    with store.engine.begin() as connection:
        connection.execute(
            m.User.__table__.insert().values(
                username="mallory", display_name="M", role="administrator", active=True, created_at=NOW
            )
        )
    assert "user mallory has no audit entry: added outside asbdesk" in store.verify_audit(SAM).problems


def test_a_tampered_checkpoint_or_the_wrong_key_is_refused(store, keys, trail, tmp_path):
    checkpoint, _ = trail
    altered = {**checkpoint, "entries": checkpoint["entries"] - 3}
    assert audit.check_against(store, altered, keys[1]) == [
        "the checkpoint's signature does not match its contents: the checkpoint file was altered"
    ]
    other_private, other_public = tmp_path / "other.key", tmp_path / "other.pub"
    audit.generate_keys(other_private, other_public)
    assert audit.check_against(store, checkpoint, other_public) == [
        "the checkpoint was signed with a different key than the one given"
    ]


def test_no_checkpoint_over_a_broken_trail(store, keys, trail):
    from asbdesk.storage.database import InvalidData

    _, references = trail
    with store.engine.begin() as connection:
        connection.execute(update(m.Contact).where(m.Contact.reference == references[0]).values(grade="emergency"))
    with pytest.raises(InvalidData, match="does not verify, so no checkpoint was made"):
        audit.make_checkpoint(store, keys[0], NOW)


def test_the_private_key_is_private_and_never_overwritten(keys):
    import stat

    private, public = keys
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    from asbdesk.storage.database import InvalidData

    with pytest.raises(InvalidData, match="never overwritten"):
        audit.generate_keys(private, public)


# ------------------------------------------------------------------ issue 20: every table a person reads
#
# Thirteen rewrites, each made twice. Naive: plain SQL as a privileged insider, the audit
# trail left alone. Insider: the same, then the trail made to agree with it: the entry that
# records the row rewritten with the row's new digest (asbdesk's own row_digest), a new row
# slipped into an entry before the checkpoint, a deleted row taken out of every entry,
# every hash after it recomputed with asbdesk's entry_hash and the chain's head moved; for
# the last, the checkpoint file and its public key replaced and the site's key rewritten.
# Each is asserted in the words verify says, naming the row.

SAMSDESK = "sam@desk-02"  # the supervisor's chain at his workstation (login@workstation)
RED_RING_BACK = {"weapons": True, "further_contact": True, "contact_method": "ring_back"}
OVERRIDE = {"grade": "response", "reason": "toy gun, seen by the caller"}


@dataclass
class World:
    person: int
    phone: int
    location: int
    flag: int
    reference: str  # the contact that left work
    green: int  # a green contact's id: no occurrence to record
    recontact: int  # a closed re-contact
    mark: str  # item_id:check
    notice: int
    publication: int
    checkpoint: dict
    public: Path
    fingerprint: str  # the administrator's own copy


@pytest.fixture
def world(store, keys) -> World:
    """Everything a person reads, written through asbdesk; the administrator's key recorded in
    the site; a checkpoint; then one more save (legitimate growth after it)."""
    from asbdesk.storage import supervision as sv
    from asbdesk.storage.records import FlagRequest
    from tests.storage.test_site import FORCE

    private, public = keys
    fingerprint = audit.public_key_fingerprint(public)
    store.set_site(ADA, FORCE)
    store.trust_audit_key(ADA, fingerprint)
    publication = store.publish_pack(
        ADA,
        pack_id="demoshire",
        version="1.0",
        sha256="a" * 64,
        files={"pack.yaml": "id: demoshire\nversion: '1.0'\n"},
        reason="the force's own pack, signed off",
        checks={"scenarios": []},
    )
    zoe = store.add_person(
        ANN, NewPerson("Zoë", "Okafor", ("0113 496 0123",), (AddressInput("4 Canal Row", "LS1 4AP", "Leeds"),))
    )
    request = FlagRequest("vulnerable_victim", negate_risk="Lives alone.", person_id=zoe.id)
    saved = store.save_contact(
        ANN,
        contact(
            NOW - timedelta(days=2),
            person_id=zoe.id,
            location_id=zoe.locations[0].id,
            answers=RED_RING_BACK,
            override=OVERRIDE,
            flag_requests=(request,),
        ),
    )
    green = store.save_contact(ANN, contact(NOW - timedelta(days=1), person_id=zoe.id, answers={}))
    store.authorise_flag(SAM, saved.flag_ids[0], "Lives alone: call takers must know at once.")
    [recontact] = sv.review_items(store, SAM, "recontact")
    sv.allocate_recontact(store, SAM, recontact.id, "PCSO 4471 Dar")
    sv.record_recontact(store, SAM, recontact.id, "reached", note="Spoke to the caller.")
    [override] = sv.review_items(store, SAM, "override")
    sv.review_override(store, SAM, override.id, True, "Agreed: a toy gun seen by the caller.")
    sample = sv.draw_sample(store, SAM, NOW - timedelta(days=7), NOW + timedelta(days=1), 2, seed=1)
    item = sample.items[0].id
    sv.mark_sample(store, SAM, item, "crime_recorded", "no", "no crime recorded for the weapon")
    notices = sv.unseen_notices(store, ANN)
    sv.mark_notices_seen(store, ANN, [n.id for n in notices])
    checkpoint = audit.make_checkpoint(store, private, NOW)
    store.save_contact(ANN, contact(NOW, person_id=zoe.id))
    with store.engine.connect() as connection:
        phone = connection.execute(select(m.Phone.id).where(m.Phone.person_id == zoe.id)).scalar_one()
    return World(
        person=zoe.id,
        phone=phone,
        location=zoe.locations[0].id,
        flag=saved.flag_ids[0],
        reference=saved.reference,
        green=green.contact_id,
        recontact=recontact.id,
        mark=f"{item}:crime_recorded",
        notice=notices[0].id,
        publication=publication.number,
        checkpoint=checkpoint,
        public=public,
        fingerprint=fingerprint,
    )


def _entries(connection) -> list[dict]:
    table = m.AuditEntry.__table__
    return [dict(r) for r in connection.execute(select(table).order_by(table.c.id)).mappings()]


def _names(entry: dict, entity: str, name: str) -> bool:
    new = entry["new"] or {}
    own = entry["entity"] == entity and entry["entity_id"] == name and "row" in new
    return own or name in (new.get("rows") or {}).get(entity, {})


def _rewrite(connection, entry: dict, new: dict) -> tuple[str, int]:
    connection.execute(update(m.AuditEntry).where(m.AuditEntry.id == entry["id"]).values(new=new))
    return entry["chain"], entry["seq"]


def _rechain_all(connection, touched: list[tuple[str, int]]) -> None:
    for chain in {c for c, _ in touched}:
        _rechain(connection, min(seq for c, seq in touched if c == chain), chain)


def _revouch(connection, entity: str, name: str) -> None:
    """The insider's cover for a changed row: its newest entry rewritten to the row's digest
    as it now is (asbdesk's own function), every hash after it recomputed, the head moved."""
    entry = [e for e in _entries(connection) if _names(e, entity, name)][-1]
    new = copy.deepcopy(entry["new"])
    digest = row_digest(connection, entity, name)
    if entry["entity"] == entity and entry["entity_id"] == name:
        new["row"] = digest
    else:
        new["rows"][entity][name] = digest
    _rechain_all(connection, [_rewrite(connection, entry, new)])


def _slip_in(connection, entity: str, name: str, beside: tuple[str, str]) -> None:
    """The insider's cover for an added row: slipped into the entry (before the checkpoint)
    that records the row it belongs to, as if asbdesk had written it then."""
    entry = next(e for e in _entries(connection) if _names(e, *beside))
    new = copy.deepcopy(entry["new"])
    new.setdefault("rows", {}).setdefault(entity, {})[name] = row_digest(connection, entity, name)
    _rechain_all(connection, [_rewrite(connection, entry, new)])


def _take_out(connection, entity: str, name: str) -> None:
    """The insider's cover for a deleted row: taken out of every entry that records it."""
    touched = []
    for entry in _entries(connection):
        if _names(entry, entity, name):
            new = copy.deepcopy(entry["new"])
            del new["rows"][entity][name]
            touched.append(_rewrite(connection, entry, new))
    _rechain_all(connection, touched)


def _changed(entity: str, name: object) -> str:
    return f"{entity} {name} differs from its last audit entry: changed outside asbdesk"


def _added(entity: str, name: object) -> str:
    return f"{entity} {name} has no audit entry: added outside asbdesk"


def _rewritten_before_checkpoint(entity: str, name: object) -> str:
    return (
        f"{entity} {name}: recorded otherwise in the trail before the checkpoint than when it was taken "
        "(entries before the checkpoint were rewritten)"
    )


def _name(connection, w: World, insider: bool) -> tuple[str, str]:
    connection.execute(update(m.Person).where(m.Person.id == w.person).values(family_name="Okafor-Blake"))
    if insider:
        _revouch(connection, "person", str(w.person))
    return _changed("person", w.person), _rewritten_before_checkpoint("person", w.person)


def _address(connection, w: World, insider: bool) -> tuple[str, str]:
    connection.execute(update(m.Location).where(m.Location.id == w.location).values(line1="4 Canal Row, rear"))
    if insider:
        _revouch(connection, "location", str(w.location))
    return _changed("location", w.location), _rewritten_before_checkpoint("location", w.location)


def _phone(connection, w: World, insider: bool) -> tuple[str, str]:
    connection.execute(update(m.Phone).where(m.Phone.id == w.phone).values(e164="+441134960999"))
    if insider:
        _revouch(connection, "phone", str(w.phone))
    return _changed("phone", w.phone), _rewritten_before_checkpoint("phone", w.phone)


def _forged_authorisation(connection, w: World, insider: bool) -> tuple[str, str]:
    # A flag event saying the supervisor authorised something they never did.
    event = connection.execute(
        m.FlagEvent.__table__.insert()
        .values(flag_id=w.flag, at=NOW, by="sam", action="authorised", details={"reason": "authorise by sam"})
        .returning(m.FlagEvent.id)
    ).scalar_one()
    if insider:
        _slip_in(connection, "flag_event", str(event), ("flag", str(w.flag)))
    return _added("flag_event", event), _rewritten_before_checkpoint("flag_event", event)


def _work_into_queue(connection, w: World, insider: bool) -> tuple[str, str]:
    # An occurrence to record, in the supervisor's queue, for a green incident that needs none.
    item = connection.execute(
        m.WorkItem.__table__.insert()
        .values(kind="occurrence", contact_id=w.green, created_at=NOW, due_at=NOW, open=True, details={"rag": "red"})
        .returning(m.WorkItem.id)
    ).scalar_one()
    if insider:
        reference = connection.execute(select(m.Contact.reference).where(m.Contact.id == w.green)).scalar_one()
        _slip_in(connection, "work_item", str(item), ("contact", reference))
    return _added("work_item", item), _rewritten_before_checkpoint("work_item", item)


def _outcome(connection, w: World, insider: bool) -> tuple[str, str]:
    connection.execute(update(m.WorkItem).where(m.WorkItem.id == w.recontact).values(outcome="declined"))
    if insider:
        _revouch(connection, "work_item", str(w.recontact))
    return _changed("work_item", w.recontact), _rewritten_before_checkpoint("work_item", w.recontact)


def _mark(connection, w: World, insider: bool) -> tuple[str, str]:
    item, check = w.mark.split(":")
    connection.execute(
        update(m.SampleMark)
        .where(m.SampleMark.item_id == int(item), m.SampleMark.check_id == check)
        .values(answer="yes", note="")
    )
    if insider:
        _revouch(connection, "sample_mark", w.mark)
    return _changed("sample_mark", w.mark), _rewritten_before_checkpoint("sample_mark", w.mark)


def _notice_deleted(connection, w: World, insider: bool) -> tuple[str, str]:
    connection.execute(delete(m.Notice).where(m.Notice.id == w.notice))
    if insider:
        _take_out(connection, "notice", str(w.notice))
    return (
        f"notice {w.notice} is in the audit trail but not in the database: deleted",
        "notice: 1 row, fewer than the 2 at the checkpoint: asbdesk never deletes a notice, so 1 was deleted "
        "outside it",
    )


def _role(connection, w: World, insider: bool) -> tuple[str, str]:
    connection.execute(update(m.User).where(m.User.username == "ann").values(role="supervisor"))
    if insider:
        _revouch(connection, "user", "ann")
    return _changed("user", "ann"), _rewritten_before_checkpoint("user", "ann")


def _site(connection, w: World, insider: bool) -> tuple[str, str]:
    force = connection.execute(select(m.Site.force)).scalar_one()
    connection.execute(update(m.Site).values(force={**force, "phone": "+441134960000"}))
    if insider:
        _revouch(connection, "site", "1")
    return _changed("site", 1), _rewritten_before_checkpoint("site", 1)


def _pack_files(connection, w: World, insider: bool) -> tuple[str, str]:
    swapped = {"pack.yaml": "id: demoshire\nversion: '1.0'\n# hate attendance switched off\n"}
    connection.execute(update(m.PublishedPack).where(m.PublishedPack.id == w.publication).values(files=swapped))
    if insider:
        _revouch(connection, "published_pack", str(w.publication))
    return _changed("published_pack", w.publication), _rewritten_before_checkpoint("published_pack", w.publication)


def _entry(connection, w: World, insider: bool) -> tuple[str, str]:
    # An entry's words changed (who did it); the insider recomputes every hash after it.
    connection.execute(
        update(m.AuditEntry).where(m.AuditEntry.chain == DESK, m.AuditEntry.seq == 2).values(username="fran")
    )
    if insider:
        _rechain(connection, 2)
    head = w.checkpoint["chains"][DESK]["seq"]
    return (
        f"{DESK}: entry 2 was changed after it was written",
        f"{DESK}: entry {head} differs from the checkpoint (entries up to it were rewritten)",
    )


DATA_REWRITES = {
    "01 a name edited": _name,
    "02 an address edited": _address,
    "03 a phone number edited": _phone,
    "04 a flag event forged (authorised by the supervisor)": _forged_authorisation,
    "05 a work item added to the supervisor's queue": _work_into_queue,
    "06 a work item's outcome changed": _outcome,
    "07 a dip-sample mark changed": _mark,
    "08 a notice deleted": _notice_deleted,
    "09 a user's role changed": _role,
    "10 the site changed": _site,
    "11 a published pack's files swapped": _pack_files,
    "12 an audit entry rewritten": _entry,
}


def _forged_checkpoint(store, private: Path) -> dict:
    """The insider's own checkpoint over the trail as they left it, signed with their own key
    (asbdesk's make_checkpoint without its check of the site's key: the insider has the code)."""
    key = audit._load_private(private)
    forged = {
        "version": audit.CHECKPOINT_VERSION,
        "made_at": NOW.isoformat(),
        "database": store.description,
        **audit._state(store),
        "public_key": audit.fingerprint(key.public_key()),
    }
    forged["signature"] = base64.b64encode(key.sign(audit._signed_body(forged))).decode("ascii")
    return forged


def test_an_untouched_world_verifies_with_its_checkpoint_and_both_key_anchors(store, world):
    assert store.verify_audit(SAM).problems == ()
    assert audit.check_against(store, world.checkpoint, world.public, world.fingerprint) == []
    assert set(world.checkpoint["rows"]) >= {"person", "phone", "location", "flag_event", "work_item", "sample_mark"}
    assert world.checkpoint["buckets"]["notice"]  # the trail's record of each notice, summarised


@pytest.mark.parametrize("rewrite", sorted(DATA_REWRITES))
def test_a_naive_rewrite_is_found_by_verify_naming_the_row(store, world, rewrite):
    with store.engine.begin() as connection:
        as_insider(connection)
        without, _ = DATA_REWRITES[rewrite](connection, world, insider=False)
    assert without in store.verify_audit(SAM).problems
    assert without in verified(store, world.checkpoint, world.public, world.fingerprint)


@pytest.mark.parametrize("rewrite", sorted(DATA_REWRITES))
def test_an_insider_rewrite_passes_verify_alone_and_is_found_against_the_checkpoint(store, world, rewrite):
    with store.engine.begin() as connection:
        as_insider(connection)
        _, against = DATA_REWRITES[rewrite](connection, world, insider=True)
    assert store.verify_audit(SAM).problems == ()  # the trail agrees with the rows: verify alone is blind
    problems = audit.check_against(store, world.checkpoint, world.public, world.fingerprint)
    assert against in problems, problems


def test_13_naive_a_checkpoint_and_key_replaced_is_refused_by_the_sites_record(store, world, tmp_path):
    # The insider rewrites an entry, recomputes the chain, and replaces the checkpoint file and
    # its public key with their own, made over the rewritten trail. The site's record is left.
    with store.engine.begin() as connection:
        as_insider(connection)
        _entry(connection, world, insider=True)
    own_private, own_public = tmp_path / "own.key", tmp_path / "own.pub"
    own = audit.generate_keys(own_private, own_public)
    forged = _forged_checkpoint(store, own_private)
    assert store.verify_audit(SAM).problems == ()
    expected = (
        f"the checkpoint was signed with key {own}, not the checkpoint key the site records ({world.fingerprint}, "
        "set by ada): the checkpoint and its public key were replaced"
    )
    assert audit.check_against(store, forged, own_public) == [expected]  # without the administrator's copy
    assert expected in audit.check_against(store, forged, own_public, world.fingerprint)


def test_13_insider_a_checkpoint_key_and_the_sites_record_replaced_is_refused_by_the_administrators_copy(
    store, world, tmp_path
):
    own_private, own_public = tmp_path / "own.key", tmp_path / "own.pub"
    own = audit.generate_keys(own_private, own_public)
    with store.engine.begin() as connection:
        as_insider(connection)
        _entry(connection, world, insider=True)
        connection.execute(update(m.Site).values(audit_key=own))  # the site's record of the key too
        _revouch(connection, "site", "1")
    forged = _forged_checkpoint(store, own_private)
    assert store.verify_audit(SAM).problems == ()
    assert audit.check_against(store, forged, own_public) == []  # the database alone is no anchor any more
    assert audit.check_against(store, forged, own_public, world.fingerprint) == [
        f"the checkpoint was signed with key {own}, not the key of the administrator's copy ({world.fingerprint}): "
        "the checkpoint and its public key were replaced"
    ]


# ------------------------------------------------------------------ what a checkpoint cannot see
#
# An insider who can write the database as asbdesk does may instead append, after the
# checkpoint, an entry of their own that records the changed row, as a supervisor's or
# administrator's legitimate change would be recorded. Nothing before the checkpoint is
# touched, so neither the heads nor the buckets differ. What still shows: a row asbdesk
# writes once (a person, phone, address, flag event, published pack...) recorded with a
# second content, and a deleted row (asbdesk deletes none). The rest (docs/storage.md
# "Audit trail") is stopped by the database's roles, not found by verify.

APPENDED_FOUND = {
    "01 a name edited": "person {person} was written again ({chain}: entry {seq}): asbdesk writes a person once, "
    "so it was changed outside asbdesk",
    "02 an address edited": "location {location} was written again ({chain}: entry {seq}): asbdesk writes a "
    "location once, so it was changed outside asbdesk",
    "03 a phone number edited": "phone {phone} was written again ({chain}: entry {seq}): asbdesk writes a phone "
    "once, so it was changed outside asbdesk",
    "08 a notice deleted": "notice {notice} is in the audit trail but not in the database: deleted",
    "11 a published pack's files swapped": "published_pack {publication} was written again ({chain}: entry {seq}): "
    "asbdesk writes a published pack once, so it was changed outside asbdesk",
}
APPENDED_UNSEEN = (
    "04 a flag event forged (authorised by the supervisor)",
    "05 a work item added to the supervisor's queue",
    "06 a work item's outcome changed",
    "07 a dip-sample mark changed",
    "09 a user's role changed",
    "10 the site changed",
)


def _append_forged(connection, entity: str, name: str) -> int:
    """An entry appended at the end of the supervisor's chain recording the row as it now
    is, hashed with asbdesk's function, the head moved: what asbdesk itself would write."""
    head = connection.execute(select(m.AuditHead.seq, m.AuditHead.hash).where(m.AuditHead.chain == SAMSDESK)).one()
    entry = {
        "chain": SAMSDESK,
        "seq": head.seq + 1,
        "at": NOW,
        "username": "sam",
        "workstation": SAMSDESK,
        "action": "update",
        "entity": entity,
        "entity_id": name,
        "old": None,
        "new": {"row": row_digest(connection, entity, name)},
        "prev_hash": head.hash,
    }
    entry["hash"] = entry_hash(**entry)
    connection.execute(m.AuditEntry.__table__.insert().values(**entry))
    connection.execute(
        update(m.AuditHead).where(m.AuditHead.chain == SAMSDESK).values(seq=entry["seq"], hash=entry["hash"])
    )
    return entry["seq"]


APPENDED_ROW = {  # the table of the row each rewrite touches
    "01 a name edited": "person",
    "02 an address edited": "location",
    "03 a phone number edited": "phone",
    "04 a flag event forged (authorised by the supervisor)": "flag_event",
    "05 a work item added to the supervisor's queue": "work_item",
    "06 a work item's outcome changed": "work_item",
    "07 a dip-sample mark changed": "sample_mark",
    "08 a notice deleted": "notice",
    "09 a user's role changed": "user",
    "10 the site changed": "site",
    "11 a published pack's files swapped": "published_pack",
}


@pytest.mark.parametrize("rewrite", sorted(APPENDED_ROW))
def test_a_forged_entry_appended_after_the_checkpoint(store, world, rewrite):
    entity = APPENDED_ROW[rewrite]
    with store.engine.begin() as connection:
        as_insider(connection)
        naive, _ = DATA_REWRITES[rewrite](connection, world, insider=False)
        name = naive.split(" ")[1]  # the row verify named
        seq = _append_forged(connection, entity, name)
    problems = verified(store, world.checkpoint, world.public, world.fingerprint)
    if rewrite in APPENDED_UNSEEN:
        assert problems == [], f"{rewrite}: now found ({problems}): update docs/storage.md"
    else:
        expected = APPENDED_FOUND[rewrite].format(chain=SAMSDESK, seq=seq, **vars(world))
        assert expected in store.verify_audit(SAM).problems  # found without a checkpoint
        assert expected in problems
