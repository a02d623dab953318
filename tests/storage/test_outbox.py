"""Nothing lost: the shared database goes away mid-session, saves queue locally, and each
log lands exactly once when it is back (real PostgreSQL behind a cuttable proxy)."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from asbdesk.storage import models as m
from asbdesk.storage.database import DatabaseUnavailable
from asbdesk.storage.outbox import Outbox, OutboxSender, ResilientSaver
from asbdesk.storage.records import AddressInput, FlagRequest, NewPerson
from asbdesk.storage.store import Store
from tests.storage.conftest import ANN, NOW, SAM, drop_pg, fresh_pg_url
from tests.storage.helpers import contact, engine
from tests.storage.proxy import TcpProxy


@pytest.fixture
def shared(pg_template):
    url, name = fresh_pg_url(pg_template)
    setup = Store.open(url, migrate=True)
    setup.ensure_user("ann", "Ann Handler", "call_handler")
    setup.ensure_user("sam", "Sam Supervisor", "supervisor")
    setup.close()
    proxy = TcpProxy()
    proxy.start()
    store = Store.open(proxy.url(name))
    yield store, proxy, url
    proxy.cut()
    store.close()
    drop_pg(name)


def contacts_in(url: str) -> list[str]:
    direct = Store.open(url)
    try:
        with direct.engine.connect() as connection:
            return list(connection.scalars(select(m.Contact.uuid).order_by(m.Contact.id)))
    finally:
        direct.close()


def test_database_stopped_mid_session_then_back(shared, tmp_path):
    store, proxy, direct_url = shared
    outbox = Outbox(tmp_path / "outbox.sqlite")
    saver = ResilientSaver(store, outbox)
    before = [contact(NOW - timedelta(hours=h)) for h in (3, 2)]
    assert all(saver.save(ANN, r).reference for r in before)

    proxy.cut()  # the shared database goes away
    with pytest.raises(DatabaseUnavailable, match="shared database .* cannot be reached"):
        store.find_callers(ANN, "anyone")
    during = [contact(NOW - timedelta(minutes=m)) for m in (30, 20, 10)]
    results = [saver.save(ANN, r) for r in during]
    assert all(r.queued and r.reference is None for r in results)
    assert len(outbox) == 3
    assert outbox.flush(store) == []  # still away: nothing delivered, nothing lost
    assert len(outbox) == 3 and outbox.pending()[0].attempts == 1  # the first try stops the round

    proxy.start()  # back
    delivered = outbox.flush(store)
    assert [d.uuid for d in delivered] == [r.uuid for r in during]
    assert all(d.created and d.reference for d in delivered)
    assert len(outbox) == 0
    uuids = contacts_in(direct_url)
    assert sorted(uuids) == sorted(r.uuid for r in before + during)  # each exactly once
    assert store.verify_audit(SAM).ok


def test_a_lost_reply_does_not_duplicate(shared, tmp_path):
    store, _proxy, direct_url = shared
    outbox = Outbox(tmp_path / "outbox.sqlite")
    record = contact(NOW)
    store.save_contact(ANN, record)  # reached the database, but say the reply was lost...
    outbox.put(ANN, record)  # ...so the desk queued it as well
    [again] = outbox.flush(store)
    assert not again.created
    assert contacts_in(direct_url) == [record.uuid]


def test_outbox_survives_a_restart(shared, tmp_path):
    store, proxy, direct_url = shared
    proxy.cut()
    ResilientSaver(store, Outbox(tmp_path / "outbox.sqlite")).save(ANN, contact(NOW))
    proxy.start()
    reopened = Outbox(tmp_path / "outbox.sqlite")  # a new process after a crash
    assert len(reopened) == 1
    reopened.flush(store)
    assert len(contacts_in(direct_url)) == 1


def test_background_sender_delivers(shared, tmp_path):
    store, proxy, direct_url = shared
    outbox = Outbox(tmp_path / "outbox.sqlite")
    proxy.cut()
    ResilientSaver(store, outbox).save(ANN, contact(NOW))
    sender = OutboxSender(outbox, store, interval=0.05)
    sender.start()
    try:
        proxy.start()
        sender.nudge()
        deadline = NOW  # poll on the outbox itself, bounded
        for _ in range(200):
            if len(outbox) == 0:
                break
            sender.join(0.05)
        assert len(outbox) == 0, deadline
    finally:
        sender.stop()
        sender.join(5)
    assert len(contacts_in(direct_url)) == 1


def count(store) -> int:
    with store.engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(m.Contact))


def test_offline_lookup_shows_the_last_copy_marked_incomplete(shared, tmp_path):

    store, proxy, _ = shared
    outbox = Outbox(tmp_path / "outbox.sqlite")
    desk = ResilientSaver(store, outbox)
    person = store.add_person(
        ANN, NewPerson("Vera", "Lumb", ("0161 496 0777",), (AddressInput("9 Moor Row", "M1 1AE"),))
    )
    desk.save(ANN, contact(NOW - timedelta(days=2), person_id=person.id))
    online = desk.caller_context(ANN, person.id, NOW)
    assert online.complete and len(online.history) == 1
    proxy.cut()
    desk.save(ANN, contact(NOW - timedelta(days=1), person_id=person.id))  # queued while offline
    offline = desk.caller_context(ANN, person.id, NOW)
    assert offline.complete is False  # the desk says the history may be incomplete
    assert [h.reference for h in offline.history] == ["(queued)", online.history[0].reference]
    assert engine().caller_repeat(NOW, offline.history_items()).count == 3  # this call + the queued one + the saved one
    with pytest.raises(DatabaseUnavailable):
        desk.caller_context(ANN, person.id + 1, NOW)  # never seen here: nothing to show


def test_a_damaged_queued_contact_is_kept_and_the_rest_still_go(shared, tmp_path):
    store, _, direct_url = shared
    outbox = Outbox(tmp_path / "outbox.sqlite")
    first, second = contact(NOW - timedelta(minutes=2)), contact(NOW - timedelta(minutes=1))
    outbox.put(ANN, first)
    outbox.put(ANN, second)
    with closing(sqlite3.connect(tmp_path / "outbox.sqlite")) as db, db:  # the disk damages the first one
        db.execute("UPDATE outbox SET payload = ? WHERE uuid = ?", ('{"uuid": "x", "started_at": "never"}', first.uuid))
    delivered = outbox.flush(store)
    assert [r.uuid for r in delivered] == [second.uuid]  # the damaged one does not block the queue
    assert contacts_in(direct_url) == [second.uuid]
    [kept] = outbox.pending()  # never dropped: kept, with why it was not sent
    assert kept.uuid == first.uuid and kept.attempts == 1
    assert kept.last_error == "this queued contact cannot be read back; it is kept and was not sent"


def test_the_callers_last_copy_reads_back_typed_and_a_damaged_one_is_ignored(shared, tmp_path):
    store, _, _ = shared
    outbox = Outbox(tmp_path / "outbox.sqlite")
    person = store.add_person(
        ANN, NewPerson("Iris", "Pell", ("0113 496 0123",), (AddressInput("2 Mill Lane", "LS2 7EW"),))
    )
    flag = store.request_flag(ANN, FlagRequest("vulnerable_victim", negate_risk="lives alone", person_id=person.id))
    store.authorise_flag(SAM, flag.id, "Lives alone; targeted twice this month")
    store.save_contact(ANN, contact(NOW - timedelta(days=1), person_id=person.id))
    context = store.caller_context(ANN, person.id, NOW)
    assert context.flags and context.history and context.person.locations
    outbox.remember(context)
    assert outbox.recall(person.id) == context  # every field typed again: dates, tuples, records
    assert [p.name for p in outbox.search_cache("Pell")] == ["Iris Pell"]
    with closing(sqlite3.connect(tmp_path / "outbox.sqlite")) as db, db:
        db.execute("UPDATE caller_cache SET payload = ?", ('{"person": {"id": "not a number"}}',))
    assert outbox.recall(person.id) is None  # as if never kept: the desk says it cannot show the caller
    assert outbox.search_cache("Pell") == []
