"""New callers while the shared database is away (issue 20): added on the workstation under a
local id, queued with the contact, and on delivery, in the contact's transaction, found
(the same phone number in E.164, or the same name at the same postcode) or added; never
twice. On both backends."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from asbdesk.core.render import OFFLINE_CALLER_PENDING, with_offline_caller
from asbdesk.storage import models as m
from asbdesk.storage.database import DatabaseUnavailable, InvalidData
from asbdesk.storage.outbox import Outbox, ResilientSaver
from asbdesk.storage.records import AddressInput, FlagRequest, NewPerson
from asbdesk.storage.store import Store
from tests.storage.conftest import ANN, NOW, SAM, drop_pg, fresh_pg_url
from tests.storage.helpers import contact
from tests.storage.proxy import TcpProxy

WYN = NewPerson("Wyn", "Jowett", ("0113 496 0999",), (AddressInput("2 Beck Side", "hd1 3lt", "Huddersfield"),))


def people(store: Store) -> int:
    with store.engine.connect() as connection:
        return int(connection.scalar(select(func.count()).select_from(m.Person)) or 0)


def offline_contact(outbox: Outbox, local_id: int, minutes: int = 0, **kwargs):
    """A contact for a caller added offline, as the desk saves it: the local id, and the log
    saying the caller was added offline."""
    record = contact(NOW + timedelta(minutes=minutes), person_id=local_id, location_id=local_id, **kwargs)
    record = replace(record, log_text=with_offline_caller(record.log_text))
    return outbox.with_new_caller(record)


def test_a_caller_added_offline_is_checked_normalised_and_kept_once(tmp_path):
    outbox = Outbox(tmp_path / "outbox.sqlite")
    added = outbox.add_caller(ANN, WYN)
    assert added.id < 0 and added.matched_on == "added offline"
    assert added.phones == ("+441134960999",) and added.locations[0].postcode == "HD1 3LT"
    assert added.locations[0].id == added.id  # the caller's address, under the same local id
    # The same caller again (the same number; or the same name at the same postcode): the same id.
    assert outbox.add_caller(ANN, NewPerson("W", "Other", ("+44 113 496 0999",))).id == added.id
    assert outbox.add_caller(ANN, NewPerson("wyn", "JOWETT", (), (AddressInput("9 Elsewhere", "HD13LT"),))).id == (
        added.id
    )
    other = outbox.add_caller(ANN, NewPerson("Ada", "Jowett", ("0161 496 0111",)))
    assert other.id == added.id - 1
    # Found by the offline lookup, by name, number or postcode, as added offline.
    assert {p.id for p in outbox.search_cache("Jowett")} == {added.id, other.id}
    assert [p.id for p in outbox.search_cache("0113 496 0999")] == [added.id]
    assert outbox.search_cache("HD1")[0].matched_on == "added offline"
    assert Outbox(tmp_path / "outbox.sqlite").new_caller(added.id).person.family_name == "Jowett"  # kept on disk
    for person, words in (
        (NewPerson("Wyn", "Jowett", ("0113 496",)), "not a valid phone number"),
        (NewPerson("Wyn", "Jowett", (), (AddressInput("2 Beck Side", "HD1"),)), "not a UK postcode"),
        (NewPerson(" ", ""), "a person needs a name"),
        (NewPerson("Wyn\x00", "Jowett"), "given_name contains a NUL character"),
    ):
        with pytest.raises(InvalidData, match=words):
            outbox.add_caller(ANN, person)


def test_delivered_as_a_new_person_once_whatever_happens(store, tmp_path):
    outbox = Outbox(tmp_path / "outbox.sqlite")
    local = outbox.add_caller(ANN, WYN).id
    first, second = offline_contact(outbox, local), offline_contact(outbox, local, minutes=30)
    first = replace(first, flag_requests=(FlagRequest("vulnerable_victim", "lives alone", person_id=local),))
    outbox.put(ANN, first)
    outbox.put(ANN, second)
    before = people(store)

    [one, two] = outbox.flush(store)

    assert people(store) == before + 1  # one person for both contacts
    assert one.person_id == two.person_id and one.person_id > 0
    assert one.new_caller == f"added as a new person (person {one.person_id})"
    assert (
        two.new_caller
        == f"matched: the person an earlier contact for this caller was delivered to (person {one.person_id})"
    )
    stored = store.contact_log(ANN, one.reference)
    assert stored.person_id == one.person_id and stored.location_id == one.location_id is not None
    assert "Caller:               added offline on this workstation" in stored.log_text
    assert f"On delivery:          added as a new person (person {one.person_id})" in stored.log_text
    assert OFFLINE_CALLER_PENDING not in stored.log_text
    assert stored.assessment["caller_added_offline"]["local_id"] == local
    context = store.caller_context(ANN, one.person_id, NOW + timedelta(hours=1))
    assert context.person.phones == ("+441134960999",) and context.person.locations[0].postcode == "HD1 3LT"
    assert len(context.history) == 2
    [flag] = [f for f in store.flags_needing_attention(SAM, NOW.date()) if f.status == "requested"]
    assert flag.person_id == one.person_id  # the request named the local id
    # Delivered again (a reply lost): nothing new.
    outbox.put(ANN, first)
    [again] = outbox.flush(store)
    assert not again.created and again.person_id == one.person_id and people(store) == before + 1
    assert store.verify_audit(SAM).ok


def test_matched_by_phone_or_by_name_and_postcode(store, tmp_path):
    known = store.add_person(
        ANN, NewPerson("Wyn", "Jowett", ("01134960999",), (AddressInput("2 Beck Side", "HD1 3LT", "Huddersfield"),))
    )
    other = store.add_person(ANN, NewPerson("Zoë", "Okafor", (), (AddressInput("4 Canal Row", "LS1 4AP"),)))
    outbox = Outbox(tmp_path / "outbox.sqlite")
    by_phone = outbox.add_caller(ANN, NewPerson("Wyn", "J", ("+44 113 496 0999",)))
    by_name = outbox.add_caller(
        ANN, NewPerson("zoe", "OKAFOR", ("0161 496 0111",), (AddressInput("1 New St", "ls14ap"),))
    )
    nobody = outbox.add_caller(ANN, NewPerson("Zoë", "Okafor", (), (AddressInput("4 Canal Row", "M1 1AE"),)))
    for local in (by_phone.id, by_name.id, nobody.id):
        outbox.put(ANN, offline_contact(outbox, local))
    before = people(store)

    phone, name, new = outbox.flush(store)

    assert (phone.person_id, phone.new_caller) == (known.id, f"matched: the same phone number (person {known.id})")
    assert phone.location_id is None  # no address given: the contact has none
    assert (name.person_id, name.new_caller) == (other.id, f"matched: the same name and postcode (person {other.id})")
    assert new.person_id not in (known.id, other.id) and people(store) == before + 1  # another postcode: a new person
    # A matched person's own details are left as they were; the address given is the contact's.
    assert store.caller_context(ANN, other.id, NOW).person.phones == ()
    assert store.contact_log(ANN, name.reference).location_id != other.locations[0].id


def test_a_caller_not_on_this_workstation_is_refused_in_words(tmp_path):
    outbox = Outbox(tmp_path / "outbox.sqlite")
    with pytest.raises(InvalidData, match=r"person_id: the caller added offline \(-7\) is not on this workstation"):
        outbox.with_new_caller(contact(NOW, person_id=-7))


def test_the_desks_saver_adds_offline_and_delivers_when_the_database_is_back(pg_template, tmp_path):
    """Through ResilientSaver, as the desk uses it: the database cut by a proxy."""
    url, name = fresh_pg_url(pg_template)
    setup = Store.open(url, migrate=True)
    setup.ensure_user("ann", "Ann Handler", "call_handler")
    setup.close()
    proxy = TcpProxy()
    proxy.start()
    store = Store.open(proxy.url(name), clock=lambda: NOW)
    outbox = Outbox(tmp_path / "outbox.sqlite")
    saver = ResilientSaver(store, outbox)
    try:
        proxy.cut()
        added = saver.add_person(ANN, WYN)  # the database away: added here
        assert added.id < 0
        assert [p.id for p in saver.find_callers(ANN, "Jowett")] == [added.id]
        context = saver.caller_context(ANN, added.id, NOW)
        assert context.complete is False and context.person.name == "Wyn Jowett"
        queued = saver.save(ANN, offline_contact(outbox, added.id))
        assert queued.queued
        # A second call for the same caller, before delivery: found offline under the same id,
        # the first call in their history.
        assert [h.reference for h in saver.caller_context(ANN, added.id, NOW).history] == ["(queued)"]
        saver.save(ANN, contact(NOW + timedelta(hours=1), person_id=added.id, location_id=added.id))
        proxy.start()
        with pytest.raises(DatabaseUnavailable):  # never asked of the database: a local id
            saver.caller_context(ANN, -99, NOW)
        first, second = outbox.flush(store)
        assert first.person_id == second.person_id > 0
        assert [p.name for p in store.find_callers(ANN, "Jowett")] == ["Wyn Jowett"]  # once
        assert outbox.new_caller(added.id).person_id == first.person_id
    finally:
        proxy.cut()
        store.close()
        drop_pg(name)
