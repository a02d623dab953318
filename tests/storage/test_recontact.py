"""Re-contacts that can be carried out (issue 22 item 2), in storage, on SQLite and PostgreSQL:
how to reach the caller in the queue and the detail (the number in the national format,
the address, the e-mail address kept with the caller), each attempt recorded in order, an
outcome only on an allocated item, and the ring-back letter only for a ring back not
reached, never over a file, written only once the outcome is stored."""

from __future__ import annotations

import hashlib
import json
import stat
from datetime import timedelta

import pytest
from sqlalchemy import event, select

from asbdesk.storage import models as m
from asbdesk.storage import supervision as sv
from asbdesk.storage.database import InvalidData, NotFound, PermissionDenied
from asbdesk.storage.records import AddressInput, NewPerson
from asbdesk.storage.store import AuditedSession
from tests.storage.conftest import ANN, NOW, SAM
from tests.storage.helpers import contact

RING_BACK = {"further_contact": True, "contact_method": "ring_back"}
EMAIL = {"further_contact": True, "contact_method": "email"}
PDF = b"%PDF-1.4 a letter for Elsie Garside, 4 Canal Row\n%%EOF\n"


def _elsie(store):
    return store.add_person(
        ANN,
        NewPerson(
            "Elsie", "Garside", ("0113 496 0123", "0114 496 0456"), (AddressInput("4 Canal Row", "LS1 4AP", "Leeds"),)
        ),
    )


def _save(store, person, answers, days=1, caller=None):
    return store.save_contact(
        ANN,
        contact(
            NOW - timedelta(days=days),
            answers=answers,
            person_id=person.id,
            location_id=person.locations[0].id,
            caller=caller,
        ),
    )


def _item(store, reference):
    [item] = [i for i in sv.review_items(store, SAM, "recontact") if i.contact_reference == reference]
    return item


def _ring_back(store, allocated=True):
    elsie = _elsie(store)
    saved = _save(store, elsie, RING_BACK, caller={"name": "Elsie Garside", "phone": "0114 496 0456"})
    item = _item(store, saved.reference)
    if allocated:
        sv.allocate_recontact(store, SAM, item.id, "PC 4471 Dar")
    return item


def _open(store, item_id):
    with store._read() as session:
        work = session.get(m.WorkItem, item_id)
        return work.open, work.outcome, dict(work.details)


def _closes(store):
    with store.engine.connect() as connection:
        return connection.execute(
            select(m.AuditEntry.id).where(m.AuditEntry.action == "close", m.AuditEntry.entity == "recontact")
        ).all()


# ------------------------------------------------------------------ how to reach the caller


def test_the_queue_and_the_detail_say_how_to_reach_the_caller(store):
    elsie = _elsie(store)
    # The call showed her second number (the desk shows the number she rang from): it comes first.
    ring = _save(store, elsie, RING_BACK, days=2, caller={"name": "Elsie Garside", "phone": "0114 496 0456"})
    _save(store, elsie, EMAIL, caller={"name": "Elsie Garside", "email": "Elsie.Garside@Example.ORG"})
    first, second = sv.review_items(store, SAM, "recontact")
    assert first.contact_reference == ring.reference
    assert first.summary == (
        "ring back for Elsie Garside (green), not allocated: "
        "0114 496 0456 · Elsie.Garside@example.org · 4 Canal Row, Leeds, LS1 4AP"  # her e-mail on record
    )
    # No number given on the e-mail call: her first on record.
    assert second.summary.startswith("e-mail for Elsie Garside (green), not allocated: 0113 496 0123 · ")
    assert "Elsie.Garside@example.org" in second.summary  # as given, the domain in lower case
    detail = sv.review_detail(store, SAM, "recontact", first.id)
    caller = detail["caller"]
    assert (caller.name, caller.phones, caller.address) == (
        "Elsie Garside",
        ("+441144960456", "+441134960123"),  # the call's number first, then her others
        "4 Canal Row, Leeds, LS1 4AP",
    )
    assert caller.to_json()["phones"] == ["0114 496 0456", "0113 496 0123"]  # the national format
    assert detail["attempts"] == []
    mailed = sv.review_detail(store, SAM, "recontact", second.id)["caller"]
    assert mailed.email == "Elsie.Garside@example.org"


def test_a_caller_without_a_number_on_record_is_said_so(store):
    nobody = store.add_person(ANN, NewPerson("Uma", "Lumb", (), (AddressInput("2 Beck Side", "HD1 3LT"),)))
    saved = _save(store, nobody, RING_BACK)
    item = _item(store, saved.reference)
    assert item.summary.endswith("not allocated: 2 Beck Side, HD1 3LT")
    unknown = store.save_contact(ANN, contact(NOW - timedelta(days=1), answers=RING_BACK))
    assert _item(store, unknown.reference).summary.endswith(": no number, e-mail or address on record")


def test_the_email_given_on_a_call_is_kept_with_the_caller_once(store):
    elsie = _elsie(store)
    _save(store, elsie, EMAIL, caller={"name": "Elsie Garside", "email": "elsie@example.org"})
    _save(store, elsie, EMAIL, caller={"name": "Elsie Garside", "email": "elsie@example.org"})  # the same: once
    _save(store, elsie, EMAIL, caller={"name": "Elsie Garside", "email": "e.garside@example.net"})
    [found] = store.find_callers(ANN, "Garside")
    assert found.emails == ("elsie@example.org", "e.garside@example.net")  # oldest first
    assert store.caller_context(ANN, elsie.id, NOW).person.emails == found.emails
    with store.engine.connect() as connection:
        assert connection.execute(select(m.Email.address).order_by(m.Email.id)).scalars().all() == [
            "elsie@example.org",
            "e.garside@example.net",
        ]
    # A caller not known: the address stays with the contact (its log), no one to keep it with.
    unknown = store.save_contact(ANN, contact(NOW, answers=EMAIL, caller={"email": "someone@example.org"}))
    assert "E-mail:               someone@example.org" in store.contact_log(SAM, unknown.reference).log_text
    with store.engine.connect() as connection:
        assert len(connection.execute(select(m.Email.id)).all()) == 2
    assert store.verify_audit(SAM).ok


def test_an_email_that_is_not_an_address_is_refused_in_words_at_the_storage_boundary(store):
    elsie = _elsie(store)
    record = contact(NOW, answers=EMAIL, person_id=elsie.id, caller={"email": "elsie@example.org"})
    forged = dict(record.assessment, caller={**record.assessment["caller"], "email": "not an address"})
    from dataclasses import replace

    with pytest.raises(InvalidData, match="caller.email: 'not an address' is not an e-mail address"):
        store.save_contact(ANN, replace(record, assessment=forged))
    with store.engine.connect() as connection:
        assert connection.execute(select(m.Contact.id)).all() == []


def test_reading_the_recontact_queue_is_audited_naming_each_caller_shown(store):
    elsie = _elsie(store)
    one = _save(store, elsie, RING_BACK, days=2)
    two = _save(store, elsie, EMAIL, caller={"email": "elsie@example.org"})
    sv.review_items(store, SAM, "recontact")
    store.wait_for_audit()
    with store.engine.connect() as connection:
        rows = connection.execute(
            select(m.AuditEntry.username, m.AuditEntry.entity_id, m.AuditEntry.new).where(
                m.AuditEntry.action == "view", m.AuditEntry.entity == "recontact_queue"
            )
        ).all()
    [(who, what, new)] = rows
    new = new if isinstance(new, dict) else json.loads(new)
    assert (who, what, new) == ("sam", "2 shown", {"contacts": [one.reference, two.reference]})
    sv.review_items(store, SAM, "occurrence")  # no caller's details shown: no view
    store.wait_for_audit()
    with store.engine.connect() as connection:
        views = connection.execute(
            select(m.AuditEntry.id).where(m.AuditEntry.action == "view", m.AuditEntry.entity == "recontact_queue")
        ).all()
    assert len(views) == 1


# ------------------------------------------------------------------ allocated or not


def test_an_outcome_is_recorded_only_on_an_allocated_recontact(store):
    item = _ring_back(store, allocated=False)
    for outcome in ("reached", "declined", "not_reached"):
        with pytest.raises(InvalidData, match=f"recontact {item.id} is not allocated: allocate it to an officer"):
            sv.record_recontact(store, SAM, item.id, outcome)
    with pytest.raises(InvalidData, match="is not allocated"):
        sv.record_attempt(store, SAM, item.id, "no_answer")
    assert _open(store, item.id)[:2] == (True, None)
    sv.allocate_recontact(store, SAM, item.id, "PC 4471 Dar")
    done = sv.record_recontact(store, SAM, item.id, "reached", note="Spoke to Elsie")
    assert (done.open, done.outcome, done.comment) == (False, "reached", "Spoke to Elsie")
    assert sv.review_items(store, SAM, "recontact") == []


# ------------------------------------------------------------------ attempts


def test_attempts_are_recorded_and_listed_in_the_order_they_were_made(store, clock):
    item = _ring_back(store)
    first = sv.record_attempt(store, SAM, item.id, "no_answer", at=NOW - timedelta(hours=3))
    clock.advance(minutes=5)
    third = sv.record_attempt(store, SAM, item.id, "left_voicemail", "Said we would write", at=NOW - timedelta(hours=1))
    clock.advance(minutes=5)
    # Made between the two, recorded after both, by another officer: listed where it was made.
    second = sv.record_attempt(store, SAM, item.id, "no_answer", officer="PCSO 12 Holt", at=NOW - timedelta(hours=2))
    listed = sv.review_detail(store, SAM, "recontact", item.id)["attempts"]
    assert [a.id for a in listed] == [first.id, second.id, third.id]
    assert [(a.attempted_by, a.words, a.note, a.recorded_by) for a in listed] == [
        ("PC 4471 Dar", "no answer", "", "sam"),
        ("PCSO 12 Holt", "no answer", "", "sam"),
        ("PC 4471 Dar", "left voicemail", "Said we would write", "sam"),
    ]
    assert listed[1].recorded_at == NOW + timedelta(minutes=10) and listed[1].attempted_at == NOW - timedelta(hours=2)
    assert sv.recontact_detail(store, SAM, item.id)["attempts"] == listed
    assert "allocated to PC 4471 Dar, 3 attempts: " in _item(store, item.contact_reference).summary
    now = sv.record_attempt(store, SAM, item.id, "wrong_number")  # no time given: now
    assert now.attempted_at == clock.now
    assert store.verify_audit(SAM).ok


@pytest.mark.parametrize(
    ("result", "kwargs", "words"),
    [
        (
            "email_sent",
            {},
            "is a ring back: its attempts are no answer, left voicemail, wrong number, reached, not 'e-mail sent'",
        ),
        ("maybe", {}, "result: 'maybe' is not a result of an attempt"),
        ("no_answer", {"at": NOW + timedelta(minutes=1)}, "at: .* is still to come"),
        ("no_answer", {"at": NOW - timedelta(days=3)}, "at: .* is before the call asking for it"),
        ("no_answer", {"officer": "   "}, "officer: who made the attempt"),
        ("no_answer", {"note": "x" * 2001}, "note: at most 2000 characters"),
    ],
)
def test_an_attempt_that_cannot_be_is_refused_in_words_and_nothing_is_kept(store, result, kwargs, words):
    item = _ring_back(store)
    with pytest.raises(InvalidData, match=words):
        sv.record_attempt(store, SAM, item.id, result, **kwargs)
    assert sv.review_detail(store, SAM, "recontact", item.id)["attempts"] == []


def test_an_email_recontact_has_its_own_attempts(store):
    elsie = _elsie(store)
    saved = _save(store, elsie, EMAIL, caller={"email": "elsie@example.org"})
    item = _item(store, saved.reference)
    sv.allocate_recontact(store, SAM, item.id, "PC 4471 Dar")
    with pytest.raises(InvalidData, match="is an e-mail re-contact: its attempts are e-mail sent, e-mail bounced"):
        sv.record_attempt(store, SAM, item.id, "no_answer")
    assert sv.record_attempt(store, SAM, item.id, "email_sent").words == "e-mail sent"


def test_not_reached_needs_an_attempt_and_none_that_reached_the_caller(store, tmp_path):
    item = _ring_back(store)
    letter = sv.LetterFile(tmp_path / "letter.pdf", PDF)
    with pytest.raises(InvalidData, match="no attempt is recorded on recontact .*: record each attempt first"):
        sv.record_recontact(store, SAM, item.id, "not_reached", letter)
    sv.record_attempt(store, SAM, item.id, "no_answer", at=NOW - timedelta(hours=2))
    sv.record_attempt(store, SAM, item.id, "reached", at=NOW - timedelta(hours=1))
    with pytest.raises(InvalidData, match="outcome: the attempt of .* by PC 4471 Dar reached the caller"):
        sv.record_recontact(store, SAM, item.id, "not_reached", letter)
    assert not letter.path.exists()
    assert sv.record_recontact(store, SAM, item.id, "reached").outcome == "reached"


# ------------------------------------------------------------------ the letter


def test_a_ring_back_not_reached_is_closed_with_its_letter_written_after_the_outcome(store, tmp_path):
    item = _ring_back(store)
    sv.record_attempt(store, SAM, item.id, "no_answer")
    with pytest.raises(InvalidData, match="the letter must be produced"):
        sv.record_recontact(store, SAM, item.id, "not_reached")
    letter = sv.letter_for(store, SAM, item.id)
    assert (letter.caller_name, letter.address_lines, letter.officer) == (
        "Elsie Garside",
        ("4 Canal Row", "Leeds", "LS1 4AP"),
        "PC 4471 Dar",
    )
    path = tmp_path / "letter.pdf"
    seen = []

    def stored_first(session, *_):  # the moment the file appears, the outcome is in the transaction
        seen.append(path.exists())

    event.listen(AuditedSession, "before_commit", stored_first)
    try:
        done = sv.record_recontact(store, SAM, item.id, "not_reached", sv.LetterFile(path, PDF))
    finally:
        event.remove(AuditedSession, "before_commit", stored_first)
    assert seen == [True]  # written inside the outcome's transaction, before it committed
    assert path.read_bytes() == PDF and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert done.details["letter"] == {"file": str(path), "sha256": hashlib.sha256(PDF).hexdigest()}
    assert _open(store, item.id)[:2] == (False, "not_reached")
    with pytest.raises(InvalidData, match="closed already"):
        sv.letter_for(store, SAM, item.id)


@pytest.mark.parametrize("outcome", ["reached", "declined"])
def test_no_letter_when_the_caller_was_reached_or_declined(store, tmp_path, outcome):
    item = _ring_back(store)
    sv.record_attempt(store, SAM, item.id, "reached")
    with pytest.raises(InvalidData, match="reached the caller"):
        sv.letter_for(store, SAM, item.id)
    path = tmp_path / "letter.pdf"
    words = "the caller was reached" if outcome == "reached" else "the caller declined"
    with pytest.raises(InvalidData, match=f"letter: {words}: the letter is for a ring back not reached"):
        sv.record_recontact(store, SAM, item.id, outcome, sv.LetterFile(path, PDF))
    assert not path.exists() and _open(store, item.id)[0]
    assert sv.record_recontact(store, SAM, item.id, outcome).outcome == outcome


def test_no_letter_for_an_email_recontact(store, tmp_path):
    elsie = _elsie(store)
    saved = _save(store, elsie, EMAIL, caller={"email": "elsie@example.org"})
    item = _item(store, saved.reference)
    sv.allocate_recontact(store, SAM, item.id, "PC 4471 Dar")
    sv.record_attempt(store, SAM, item.id, "email_bounced")
    with pytest.raises(InvalidData, match="is an e-mail re-contact: the letter is for a ring back not reached"):
        sv.letter_for(store, SAM, item.id)
    path = tmp_path / "letter.pdf"
    with pytest.raises(InvalidData, match="is an e-mail re-contact: the letter is for a ring back not reached"):
        sv.record_recontact(store, SAM, item.id, "not_reached", sv.LetterFile(path, PDF))
    assert not path.exists() and _open(store, item.id)[0]
    assert sv.record_recontact(store, SAM, item.id, "not_reached").outcome == "not_reached"  # no letter needed


def test_an_existing_file_is_never_written_over_and_nothing_is_recorded(store, tmp_path):
    item = _ring_back(store)
    sv.record_attempt(store, SAM, item.id, "no_answer")
    path = tmp_path / "letter.pdf"
    path.write_bytes(b"an earlier letter")
    with pytest.raises(InvalidData, match="exists already: a letter is never written over another file"):
        sv.record_recontact(store, SAM, item.id, "not_reached", sv.LetterFile(path, PDF))
    assert path.read_bytes() == b"an earlier letter"
    assert _open(store, item.id)[:2] == (True, None) and _closes(store) == []


def test_a_letter_refused_by_the_store_leaves_no_file(store, tmp_path):
    item = _ring_back(store)
    sv.record_attempt(store, SAM, item.id, "no_answer")
    path = tmp_path / "letter.pdf"
    with pytest.raises(PermissionDenied):  # not a supervisor
        sv.record_recontact(store, ANN, item.id, "not_reached", sv.LetterFile(path, PDF))
    with pytest.raises(NotFound):
        sv.record_recontact(store, SAM, item.id + 99, "not_reached", sv.LetterFile(path, PDF))
    assert not path.exists()

    def refuse(session, *_):  # the database refuses at the very end: the commit
        raise RuntimeError("the database refused the commit")

    event.listen(AuditedSession, "before_commit", refuse)
    try:
        with pytest.raises(RuntimeError, match="refused the commit"):
            sv.record_recontact(store, SAM, item.id, "not_reached", sv.LetterFile(path, PDF))
    finally:
        event.remove(AuditedSession, "before_commit", refuse)
    assert not path.exists()  # written in the transaction, removed when it did not commit
    assert _open(store, item.id)[:2] == (True, None) and _closes(store) == []
    sv.record_recontact(store, SAM, item.id, "not_reached", sv.LetterFile(path, PDF))
    assert path.read_bytes() == PDF


def test_a_closed_recontact_takes_no_outcome_and_no_letter(store, tmp_path):
    item = _ring_back(store)
    sv.record_recontact(store, SAM, item.id, "declined")
    path = tmp_path / "letter.pdf"
    with pytest.raises(InvalidData, match="closed already"):
        sv.record_recontact(store, SAM, item.id, "not_reached", sv.LetterFile(path, PDF))
    with pytest.raises(InvalidData, match="closed already"):
        sv.record_attempt(store, SAM, item.id, "no_answer")
    assert not path.exists()


@pytest.mark.parametrize("who", [ANN])
def test_attempts_and_the_detail_are_a_supervisors(store, who):
    item = _ring_back(store)
    for attempt in (
        lambda: sv.record_attempt(store, who, item.id, "no_answer"),
        lambda: sv.recontact_detail(store, who, item.id),
        lambda: sv.letter_for(store, who, item.id),
    ):
        with pytest.raises(PermissionDenied, match="'ann' \\(call handler\\) may not do a supervisor's work"):
            attempt()
    assert sv.review_detail(store, SAM, "recontact", item.id)["attempts"] == []


# ------------------------------------------------------------------ migration 0009


def test_migration_0009_adds_the_tables_to_a_database_at_0007_and_takes_them_away(db_url):
    from alembic import command
    from sqlalchemy import inspect

    from asbdesk.storage.database import SCHEMA_HEAD, alembic_config, make_engine, schema_state, upgrade
    from asbdesk.storage.store import Store

    engine = make_engine(db_url)
    config = alembic_config(db_url)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0007")
    assert not {"email", "recontact_attempt"} & set(inspect(engine).get_table_names())
    assert upgrade(engine) == ("0007", SCHEMA_HEAD)
    assert {"email", "recontact_attempt"} <= set(inspect(engine).get_table_names())
    assert schema_state(engine) == (SCHEMA_HEAD, SCHEMA_HEAD)
    engine.dispose()
    store = Store.open(db_url, migrate=True, clock=lambda: NOW)
    try:
        store.ensure_user("ann", "Ann Handler", "call_handler")
        store.ensure_user("sam", "Sam Supervisor", "supervisor")
        item = _ring_back(store)
        sv.record_attempt(store, SAM, item.id, "no_answer")
        assert store.verify_audit(SAM).ok
    finally:
        store.close()
