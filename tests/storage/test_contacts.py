"""Contacts, references, caller context, flags, drafts and the audit trail (both backends)."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import delete, func, select, update

from asbdesk.storage import models as m
from asbdesk.storage.database import InvalidData, NotFound, PermissionDenied
from asbdesk.storage.records import AddressInput, FlagRequest, NewPerson
from tests.storage.conftest import ADA, ANN, FRAN, NOW, SAM
from tests.storage.helpers import as_insider, contact, engine


@pytest.fixture
def zoe(store):
    return store.add_person(
        ANN, NewPerson("Zoë", "Okafor", ("0113 496 0123",), (AddressInput("4 Canal Row", "LS1 4AP", "Leeds"),))
    )


def count(store, model) -> int:
    with store.engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(model))


# ------------------------------------------------------------------ references and saving


def test_references_are_unique_and_formatted(store, zoe):
    refs = [store.save_contact(ANN, contact(NOW - timedelta(hours=i), person_id=zoe.id)).reference for i in range(5)]
    assert refs == [f"ASB-2026-{n:06d}" for n in range(1, 6)]


def test_save_is_idempotent_by_uuid(store, zoe):
    record = contact(NOW, person_id=zoe.id)
    first = store.save_contact(ANN, record)
    again = store.save_contact(ANN, record)
    assert first.created and not again.created
    assert again.reference == first.reference
    assert count(store, m.Contact) == 1


def test_saved_log_has_the_reference_and_everything_the_assessment_said(store, zoe):
    record = contact(
        NOW, person_id=zoe.id, answers={"weapons": True}, override={"grade": "response", "reason": "toy gun"}
    )
    result = store.save_contact(ANN, record)
    saved = store.contact_log(ANN, result.reference)
    assert f"Reference:            {result.reference}" in saved.log_text
    assert "[allocated when the log is saved]" not in saved.log_text
    assert (saved.grade, saved.risk_level, saved.rag) == ("response", "high", "red")
    assert (saved.override_field, saved.override_reason, saved.review_status) == (
        "grade",
        "toy gun",
        "pending",
    )
    assert saved.assessment["pack"]["hash"] == engine().pack.content_hash
    assert saved.answers == {"weapons": True}
    assert saved.operator == "ann" and saved.workstation == "desk-01"


def test_a_save_is_all_or_nothing(store, zoe):
    bad_flag = FlagRequest("not_a_flag", person_id=zoe.id)
    with pytest.raises(InvalidData, match="unknown flag type 'not_a_flag'"):
        store.save_contact(ANN, contact(NOW, person_id=zoe.id, flag_requests=(bad_flag,)))
    assert count(store, m.Contact) == 0
    assert count(store, m.Flag) == 0
    assert store.verify_audit(SAM).ok


def test_flag_requested_with_a_contact_links_its_reference(store, zoe):
    request = FlagRequest("vulnerable_victim", negate_risk="Call back on the landline", person_id=zoe.id)
    result = store.save_contact(FRAN, contact(NOW, person_id=zoe.id, flag_requests=(request,)))
    [flag] = store.flags_needing_attention(SAM, NOW.date())
    assert flag.id == result.flag_ids[0]
    assert flag.status == "requested" and flag.requested_by == "fran"
    assert result.reference in flag.linked_references


@pytest.mark.parametrize(
    "hostile",
    [
        'It\'s "bad"; DROP TABLE contact; --',
        "x" * 10_000,
        "Shouting 😡🔥 at 3am 🚨",
        "يصرخون في الشارع כל לילה",
    ],
)
def test_hostile_strings_round_trip_verbatim(store, zoe, hostile):
    record = contact(NOW, person_id=zoe.id, answers={"what_happening": hostile})
    saved = store.contact_log(ANN, store.save_contact(ANN, record).reference)
    assert saved.answers["what_happening"] == hostile
    assert hostile[:60] in saved.log_text.replace("\n", " ").replace("  ", " ") or len(hostile) > 60


@pytest.mark.parametrize("hostile", ["\u202eright-to-left override\u202c", "shouting\x00 at night"])
def test_control_and_bidi_characters_are_refused_before_storage(store, zoe, hostile):
    # Issue 13: refused at the boundary (headless input, import, the desk), nothing stored.
    from asbdesk.core.call import InputError

    with pytest.raises(
        InputError, match="answers.what_happening: contains a (control character|bidirectional text control)"
    ):
        contact(NOW, person_id=zoe.id, answers={"what_happening": hostile})
    assert count(store, m.Contact) == 0


# ------------------------------------------------------------------ caller context


def test_caller_context_history_and_repeat_boundary(store, zoe):
    for days in (1, 12):
        store.save_contact(ANN, contact(NOW - timedelta(days=days), person_id=zoe.id, location_id=zoe.locations[0].id))
    edge = store.save_contact(ANN, contact(NOW - timedelta(days=30), person_id=zoe.id))
    ctx = store.caller_context(ANN, zoe.id, NOW)
    assert [h.started_at for h in ctx.history] == [NOW - timedelta(days=d) for d in (1, 12, 30)]  # newest first
    repeat = engine().caller_repeat(NOW, ctx.history_items())  # the core counts what storage read
    assert repeat.count == 4 and repeat.is_repeat  # this call + 3 in 30 days
    with store.engine.begin() as connection:  # no Store method moves a saved contact: raw SQL
        connection.execute(
            update(m.Contact)
            .where(m.Contact.id == edge.contact_id)
            .values(started_at=NOW - timedelta(days=30, hours=1))
        )
    ctx = store.caller_context(ANN, zoe.id, NOW)
    assert (
        engine().caller_repeat(NOW, ctx.history_items()).count == 3
    )  # 30 days and one hour: outside; still 3 with this call


def test_not_a_repeat_with_one_earlier_incident(store, zoe):
    store.save_contact(ANN, contact(NOW - timedelta(days=3), person_id=zoe.id))
    ctx = store.caller_context(ANN, zoe.id, NOW)
    repeat = engine().caller_repeat(NOW, ctx.history_items())
    assert (repeat.count, repeat.is_repeat) == (2, False)


def test_location_history_includes_other_callers_at_the_address(store, zoe):
    neighbour = store.add_person(ANN, NewPerson("Ray", "Lund", (), (AddressInput("4 Canal Row", "LS1 4AP"),)))
    store.save_contact(
        ANN, contact(NOW - timedelta(days=2), person_id=neighbour.id, location_id=neighbour.locations[0].id)
    )
    ctx = store.caller_context(ANN, zoe.id, NOW)
    assert ctx.history == ()
    assert [h.person_id for h in ctx.location_history] == [neighbour.id]


def test_flags_on_person_phone_and_address_show_only_when_active(store, zoe, clock):
    person_flag = store.request_flag(
        ANN, FlagRequest("vulnerable_victim", negate_risk="Deaf: text first", person_id=zoe.id)
    )
    phone_flag = store.request_flag(
        ANN, FlagRequest("warning_marker", officer_action="Dog at address", phone="+44 113 496 0123")
    )
    place_flag = store.request_flag(ANN, FlagRequest("location", inform="PCSO Dunn", location_id=zoe.locations[0].id))
    expiring = store.request_flag(
        ANN, FlagRequest("repeat_victim", person_id=zoe.id, expires_at=NOW + timedelta(days=1))
    )
    assert store.caller_context(ANN, zoe.id, NOW).flags == ()  # requested, not yet authorised
    for flag in (person_flag, phone_flag, place_flag, expiring):
        store.authorise_flag(SAM, flag.id, "Necessary: see the request")
    shown = store.caller_context(ANN, zoe.id, NOW).flags
    assert {f.id for f in shown} == {person_flag.id, phone_flag.id, place_flag.id, expiring.id}
    assert {f.subject for f in shown} == {"person", "phone", "location"}
    assert store.caller_context(ANN, zoe.id, NOW + timedelta(days=2)).flags.__len__() == 3  # one expired
    store.remove_flag(SAM, place_flag.id, "Neighbour moved away")
    assert place_flag.id not in {f.id for f in store.caller_context(ANN, zoe.id, NOW).flags}


def test_unknown_person(store):
    with pytest.raises(NotFound):
        store.caller_context(ANN, 999, NOW)


# ------------------------------------------------------------------ flags


def test_flag_life_cycle_and_history(store, zoe, clock):
    flag = store.request_flag(ANN, FlagRequest("vulnerable_victim", person_id=zoe.id))
    active = store.authorise_flag(SAM, flag.id, "Necessary: see the request")
    assert active.status == "active" and active.authorised_by == "sam"
    assert active.review_due == date(2026, 12, 23)  # monthly review (seed 002 'Record')
    clock.advance(days=31)
    assert [f.id for f in store.flags_needing_attention(SAM, clock.now.date())] == [flag.id]
    reviewed = store.review_flag(SAM, flag.id)
    assert reviewed.review_due == date(2027, 1, 24)  # a month after the review (24 Dec)
    assert store.flags_needing_attention(SAM, clock.now.date()) == []
    with pytest.raises(InvalidData, match="removed only with a reason"):
        store.remove_flag(SAM, flag.id, "  ")
    removed = store.remove_flag(SAM, flag.id, "PSO closed")
    assert (removed.status, removed.removal_reason) == ("removed", "PSO closed")
    assert [e.action for e in store.flag_events(ANN, flag.id)] == ["requested", "authorised", "reviewed", "removed"]


def test_only_a_supervisor_authorises_or_removes(store, zoe):
    flag = store.request_flag(FRAN, FlagRequest("vulnerable_victim", person_id=zoe.id))
    for actor in (ANN, FRAN, ADA):
        with pytest.raises(PermissionDenied):
            store.authorise_flag(actor, flag.id, "Necessary: see the request")
    store.authorise_flag(SAM, flag.id, "Necessary: see the request")
    with pytest.raises(PermissionDenied):
        store.remove_flag(ANN, flag.id, "not mine to remove")


def test_flag_needs_exactly_one_subject(store, zoe):
    with pytest.raises(InvalidData, match="exactly one of"):
        store.request_flag(ANN, FlagRequest("location", person_id=zoe.id, location_id=zoe.locations[0].id))
    with pytest.raises(InvalidData, match="not a valid phone number"):
        store.request_flag(ANN, FlagRequest("warning_marker", phone="12345"))


def test_deactivated_user_loses_access(store, zoe):
    with store.engine.begin() as connection:  # an administrator's direct change: no Store method deactivates
        connection.execute(update(m.User).where(m.User.username == "ann").values(active=False))
    with pytest.raises(PermissionDenied, match="not an active user"):
        store.find_callers(ANN, "zoe")


# ------------------------------------------------------------------ drafts


def test_drafts_survive_and_go_on_save(store, zoe):
    store.save_draft(ANN, "u-1", {"answers": {"weapons": False}})
    store.save_draft(ANN, "u-1", {"answers": {"weapons": False, "hate": True}})
    assert [(u, p) for u, _, p in store.drafts(ANN)] == [("u-1", {"answers": {"weapons": False, "hate": True}})]
    assert store.drafts(FRAN) == []
    with pytest.raises(PermissionDenied):
        store.save_draft(FRAN, "u-1", {"answers": {}})
    store.save_contact(ANN, contact(NOW, person_id=zoe.id, uid="u-1"))
    assert store.drafts(ANN) == []


# ------------------------------------------------------------------ audit


def test_views_and_changes_are_audited(store, zoe):
    store.caller_context(ANN, zoe.id, NOW)
    with store.engine.connect() as connection:
        rows = connection.execute(
            select(m.AuditEntry.action, m.AuditEntry.entity, m.AuditEntry.username).order_by(m.AuditEntry.seq)
        ).all()
    assert ("view", "person", "ann") in rows
    assert ("create", "person", "ann") in rows
    assert store.verify_audit(SAM).ok


@pytest.mark.parametrize("tamper", ["edit", "delete_middle", "delete_last", "reorder"])
def test_audit_tampering_is_detected(store, zoe, tamper):
    for i in range(3):
        store.save_contact(ANN, contact(NOW - timedelta(days=i), person_id=zoe.id))
    before = store.verify_audit(SAM)
    assert before.ok and before.entries >= 8
    desk = m.AuditEntry.chain == "ann@desk-01"  # the call handler's chain at her workstation: person + 3 saves
    with store.engine.begin() as connection:  # an insider's tampering: raw SQL on purpose
        as_insider(connection)
        last = connection.scalar(select(func.max(m.AuditEntry.seq)).where(desk))
        assert last == 4
        if tamper == "edit":
            connection.execute(update(m.AuditEntry).where(desk, m.AuditEntry.seq == 3).values(username="someone-else"))
        elif tamper == "delete_middle":
            connection.execute(delete(m.AuditEntry).where(desk, m.AuditEntry.seq == 2))
        elif tamper == "delete_last":
            connection.execute(delete(m.AuditEntry).where(desk, m.AuditEntry.seq == last))
        else:
            connection.execute(
                update(m.AuditEntry).where(desk, m.AuditEntry.seq == 2).values(at=NOW - timedelta(days=400))
            )
    report = store.verify_audit(SAM)
    assert not report.ok
    assert report.problems
    assert all(re.search(r"entry \d+|newest entries|has no audit entry", p) for p in report.problems)


@pytest.mark.parametrize("statement", ["UPDATE audit_entry SET username = 'nobody'", "DELETE FROM audit_entry"])
def test_the_database_refuses_to_change_or_delete_audit_entries(store, zoe, statement):
    # Migration 0004: append-only is enforced by the database, whoever connects.
    store.save_contact(ANN, contact(NOW, person_id=zoe.id))
    with pytest.raises(Exception, match="audit entries are append-only"), store.engine.begin() as connection:
        connection.exec_driver_sql(statement)
    assert store.verify_audit(SAM).ok


def test_audit_verify_needs_permission(store):
    with pytest.raises(PermissionDenied):
        store.verify_audit(ANN)


def test_each_person_at_each_workstation_keeps_their_own_chain(store, zoe):
    from asbdesk.storage.records import Actor

    store.save_contact(Actor("ann", "desk-07"), contact(NOW, person_id=zoe.id))
    store.save_contact(Actor("ann", "desk-08"), contact(NOW, person_id=zoe.id))
    store.save_contact(Actor("fran", "desk-08"), contact(NOW, person_id=zoe.id))  # another person, same desk
    with store.engine.connect() as connection:
        chains = dict(connection.execute(select(m.AuditHead.chain, m.AuditHead.seq)).all())
    assert chains["ann@desk-07"] == 1 and chains["ann@desk-08"] == 1 and chains["fran@desk-08"] == 1
    assert store.verify_audit(SAM).ok
    with store.engine.begin() as connection:  # an insider deletes a whole chain's head: its entries are orphans
        connection.execute(delete(m.AuditHead).where(m.AuditHead.chain == "ann@desk-08"))
    report = store.verify_audit(SAM)
    assert not report.ok and report.problems == (
        "ann@desk-08: the newest entries were deleted (the chain ends before its recorded head)",
    )


@pytest.mark.parametrize(
    ("username", "workstation", "chain"),
    [
        ("ann", "desk-01", "ann@desk-01"),
        ("jsmith@FORCE.POLICE.UK", "desk-01", "jsmith@FORCE.POLICE.UK@desk-01"),  # a Kerberos login
        ("ann", "odd@host", "ann@odd-host"),  # an '@' in the workstation would move the owner
        ("ann", "d" * 300, "ann@" + "d" * 124),  # the column's 128 characters, the login kept whole
    ],
)
def test_a_chain_is_named_for_its_login_and_workstation(username, workstation, chain):
    from asbdesk.storage.records import Actor
    from asbdesk.storage.roles import chain_owner
    from asbdesk.storage.store import _chain_for

    assert _chain_for(Actor(username, workstation)) == chain
    assert chain_owner(chain) == username
    assert chain_owner("desk-01") is None  # named before chains were bound to logins


def test_flags_for_a_caller_not_yet_matched(store, zoe):
    flag = store.request_flag(
        ANN, FlagRequest("warning_marker", officer_action="Attend in pairs", phone="0113 496 0123")
    )
    store.authorise_flag(SAM, flag.id, "Necessary: see the request")
    place = store.request_flag(
        ANN, FlagRequest("location", negate_risk="Alley behind shops", location_id=zoe.locations[0].id)
    )
    store.authorise_flag(SAM, place.id, "Necessary: see the request")
    assert [f.id for f in store.location_flags(ANN, NOW, phone="+44 113 4960123")] == [flag.id]
    assert [f.id for f in store.location_flags(ANN, NOW, location_id=zoe.locations[0].id)] == [place.id]
    with pytest.raises(InvalidData, match="not a valid phone number"):
        store.location_flags(ANN, NOW, phone="999")


def test_the_stored_log_says_who_called_and_what_their_flag_says(store, zoe):
    """Issue 21.7: the log kept in the database (either backend) carries the CALLER section,
    the flag's instructions as the store holds them, and the accented name byte for byte."""
    from asbdesk.core.call import address_line
    from asbdesk.core.render import render_text
    from asbdesk.core.session import Caller, CallSession, FlagShown
    from asbdesk.storage.records import ContactRecord

    flag = store.request_flag(
        ANN,
        FlagRequest(
            "vulnerable_victim",
            negate_risk="Lives alone",
            officer_action="Visit in person; do not leave a card",
            inform="NPT sergeant",
            person_id=zoe.id,
        ),
    )
    store.authorise_flag(SAM, flag.id, "Necessary: see the request")
    context = store.caller_context(ANN, zoe.id, NOW)
    where = context.person.locations[0]
    session = CallSession(engine(), NOW, operator="ann")
    session.set_caller(  # as the desk keeps what it showed (asbdesk.gui.desk.caller_from_context)
        Caller(
            person_id=zoe.id,
            location_id=where.id,
            name=context.person.name,
            phone=context.person.phones[0],
            address=address_line(where.line1, where.town, where.postcode),
            flags=tuple(FlagShown(f.kind, f.subject, f.negate_risk, f.officer_action, f.inform) for f in context.flags),
        )
    )
    session.pick_code("802")
    assessment = session.engine.assess(session.call(NOW))
    record = ContactRecord(
        uuid="7d0c8f0e-2b8e-4d7e-9a51-0f3c2a1b9e21",
        started_at=NOW,
        saved_at=NOW + timedelta(minutes=6),
        assessment=assessment.to_dict(),
        answers={},
        log_text=render_text(assessment),
        person_id=zoe.id,
        location_id=where.id,
    )
    saved = store.contact_log(ANN, store.save_contact(ANN, record).reference)
    lines = saved.log_text.splitlines()
    start = lines.index("CALLER")
    assert lines[start : start + 9] == [
        "CALLER",
        "  Name:                 Zoë Okafor",
        "  Phone:                0113 496 0123",
        "  Address:              4 Canal Row, Leeds, LS1 4AP",
        "  Active flags:         1",
        "  - FLAG: VULNERABLE VICTIM (on the caller)",
        "    Information to negate risk: Lives alone",
        "    Attending officer: Visit in person; do not leave a card",
        "    Inform: NPT sergeant",
    ]
    assert saved.assessment["caller"]["phone"] == "+441134960123"
    assert saved.assessment["caller"]["flags"][0]["officer_action"] == "Visit in person; do not leave a card"
