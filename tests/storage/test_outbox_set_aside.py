"""A poisoned queue (issue 20): a contact the database refuses is set aside with the reason,
the rest are delivered in order; away or busy keeps the order; a set-aside contact is
retried once its cause is fixed, or exported for re-keying. On both backends."""

from __future__ import annotations

import json
import sqlite3
import stat
import sys
from contextlib import closing
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from asbdesk.storage import models as m
from asbdesk.storage.outbox import (
    INVALID_DATA,
    OUTBOX_SCHEMA,
    PERMISSION,
    UNREADABLE,
    USER_INACTIVE,
    Outbox,
    UnknownSetAside,
)
from asbdesk.storage.records import Actor
from asbdesk.storage.store import Store
from tests.storage.conftest import ANN, NOW, SAM
from tests.storage.helpers import contact

ROOT = Actor("root-not-a-user", "desk-01")  # what the probe's offline desk queued under


def delivered_uuids(store: Store) -> list[str]:
    with store.engine.connect() as connection:
        return list(connection.scalars(select(m.Contact.uuid).order_by(m.Contact.id)))


def test_refused_contacts_are_set_aside_and_the_rest_go_in_order(store, tmp_path):
    outbox = Outbox(tmp_path / "outbox.sqlite")
    records = [contact(NOW - timedelta(minutes=10 - n)) for n in range(5)]
    poisoned_log = replace(contact(NOW - timedelta(minutes=3)), log_text="a log with a NUL\x00 in it")
    outbox.put(ROOT, records[0])  # not a user of this database
    outbox.put(ANN, records[1])
    outbox.put(ANN, poisoned_log)  # invalid data
    outbox.put(Actor("gus", "desk-01"), records[2])  # a user deactivated since
    outbox.put(ANN, records[3])
    store.ensure_user("gus", "Gus Handler", "call_handler")
    with store.engine.begin() as connection:
        connection.execute(update(m.User).where(m.User.username == "gus").values(active=False))

    delivered = outbox.flush(store)

    assert [d.uuid for d in delivered] == [records[1].uuid, records[3].uuid]  # in order, none blocked
    assert delivered_uuids(store) == [records[1].uuid, records[3].uuid]
    assert len(outbox) == 0
    aside = {s.uuid: s for s in outbox.set_aside()}
    assert [s.uuid for s in outbox.set_aside()] == [records[0].uuid, poisoned_log.uuid, records[2].uuid]
    assert aside[records[0].uuid].cause == USER_INACTIVE
    assert aside[records[0].uuid].reason == "'root-not-a-user' is not an active user of this database"
    assert aside[records[0].uuid].queued_as == "root-not-a-user" and aside[records[0].uuid].attempts == 1
    assert aside[poisoned_log.uuid].cause == INVALID_DATA and "NUL" in aside[poisoned_log.uuid].reason
    assert aside[records[2].uuid].cause == USER_INACTIVE
    status = outbox.status()
    assert status.waiting == 0 and len(status.need_attention) == 3 and status.last_delivered is not None
    assert outbox.flush(store) == []  # set aside: not tried again by itself
    assert [s.attempts for s in outbox.set_aside()] == [1, 1, 1]

    # The cause fixed (gus active again), a supervisor retries: back in the queue, delivered once.
    with store.engine.begin() as connection:
        connection.execute(update(m.User).where(m.User.username == "gus").values(active=True))
    outbox.retry(records[2].uuid[:8])
    assert len(outbox) == 1
    [again] = outbox.flush(store)
    assert again.uuid == records[2].uuid and again.created
    assert outbox.flush(store) == []
    assert delivered_uuids(store).count(records[2].uuid) == 1
    assert store.verify_audit(SAM).ok


def test_a_role_without_the_right_is_a_permission_refusal(store, tmp_path):
    outbox = Outbox(tmp_path / "outbox.sqlite")
    record = contact(NOW)
    outbox.put(Actor("ada", "admin-01"), record)  # an administrator does not take calls
    assert outbox.flush(store) == []
    [aside] = outbox.set_aside()
    assert aside.cause == PERMISSION and aside.reason == "'ada' (administrator) may not save contacts"


def test_away_or_busy_keeps_the_order_and_sets_nothing_aside(tmp_path):
    """A fault of the database itself (here a table missing) is not the contact's: the queue
    waits in order, as it does while the database is away."""
    store = Store.open(f"sqlite:///{tmp_path / 'shared.sqlite'}", clock=lambda: NOW)
    store.ensure_user("ann", "Ann Handler", "call_handler")
    outbox = Outbox(tmp_path / "outbox.sqlite")
    first, second = contact(NOW - timedelta(minutes=2)), contact(NOW - timedelta(minutes=1))
    outbox.put(ANN, first)
    outbox.put(ANN, second)
    with closing(sqlite3.connect(tmp_path / "shared.sqlite")) as db:
        db.execute("PRAGMA foreign_keys=OFF")
        for table in ("flag_event", "flag", "work_item", "contact"):
            db.execute(f"DROP TABLE {table}")
        db.commit()
    try:
        assert outbox.flush(store) == []
    finally:
        store.close()
    assert outbox.set_aside() == [] and len(outbox) == 2
    assert [p.attempts for p in outbox.pending()] == [1, 0]  # stopped at the first, in order
    assert "does not have the tables" in (outbox.status().last_error or "")


def test_a_damaged_contact_is_set_aside_unreadable_and_exported_as_stored(store, tmp_path):
    outbox = Outbox(tmp_path / "outbox.sqlite")
    first, second = contact(NOW - timedelta(minutes=2)), contact(NOW - timedelta(minutes=1))
    outbox.put(ANN, first)
    outbox.put(ANN, second)
    with closing(sqlite3.connect(tmp_path / "outbox.sqlite")) as db, db:
        db.execute("UPDATE outbox SET payload = ? WHERE uuid = ?", ('{"uuid": "x"}', first.uuid))
    assert [d.uuid for d in outbox.flush(store)] == [second.uuid]
    [aside] = outbox.set_aside()
    assert aside.cause == UNREADABLE
    out = tmp_path / "aside.json"
    outbox.export(aside.id, out, by="sam")
    written = json.loads(out.read_text(encoding="utf-8"))
    assert written["contact"] is None and written["payload_as_stored"] == '{"uuid": "x"}'


def test_export_is_private_never_overwrites_and_stops_retries(store, tmp_path):
    outbox = Outbox(tmp_path / "outbox.sqlite")
    record = contact(NOW)
    outbox.put(ROOT, record)
    outbox.flush(store)
    [aside] = outbox.set_aside()
    out = tmp_path / "rekey.json"
    exported = outbox.export(aside.id, out, by="sam", now=NOW)
    written = json.loads(out.read_text(encoding="utf-8"))
    assert written["contact"]["uuid"] == record.uuid and written["contact"]["log_text"] == record.log_text
    assert written["set_aside"]["reason"] == aside.reason and written["exported_by"] == "sam"
    if sys.platform != "win32":
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert exported.exported_to == str(out)
    before = out.read_bytes()
    with pytest.raises(FileExistsError):
        outbox.export(aside.id, out, by="sam")
    assert out.read_bytes() == before
    status = outbox.status()
    assert status.need_attention == () and len(status.set_aside) == 1  # kept, no longer needing attention
    with pytest.raises(UnknownSetAside, match="was exported to .* for re-keying"):
        outbox.retry(aside.id)


def test_unknown_and_ambiguous_ids_are_said_in_words(tmp_path):
    outbox = Outbox(tmp_path / "outbox.sqlite")
    with pytest.raises(UnknownSetAside, match="no set-aside contact 'abcd1234' .*set aside: none"):
        outbox.find_set_aside("abcd1234")
    with closing(sqlite3.connect(tmp_path / "outbox.sqlite")) as db, db:
        for uuid in ("abcd1111-0000", "abcd2222-0000"):
            db.execute(
                "INSERT INTO outbox (uuid, username, workstation, payload, queued_at, set_aside_at, cause, reason)"
                " VALUES (?, 'ann', 'desk-01', '{}', ?, ?, 'permission', 'refused')",
                (uuid, NOW.isoformat(), NOW.isoformat()),
            )
    with pytest.raises(UnknownSetAside, match="more than one"):
        outbox.find_set_aside("abcd")
    assert outbox.find_set_aside("ABCD2222").uuid == "abcd2222-0000"


# The outbox file as asbdesk wrote it at schema 2 (issue 8), table by table.
V2_DDL = (
    "CREATE TABLE outbox (uuid TEXT NOT NULL, username TEXT NOT NULL, workstation TEXT NOT NULL, payload TEXT NOT "
    "NULL, queued_at TEXT NOT NULL, attempts INTEGER DEFAULT '0' NOT NULL, last_error TEXT, PRIMARY KEY (uuid))",
    "CREATE TABLE caller_cache (person_id INTEGER NOT NULL, payload TEXT NOT NULL, PRIMARY KEY (person_id))",
    'CREATE TABLE delivery ("key" TEXT NOT NULL, value TEXT, PRIMARY KEY ("key"))',
    "CREATE TABLE draft (uuid TEXT NOT NULL, username TEXT NOT NULL, updated_at TEXT NOT NULL, payload TEXT NOT "
    "NULL, PRIMARY KEY (uuid))",
    "PRAGMA user_version = 2",
)


def test_a_schema_2_outbox_is_upgraded_with_its_queue_drafts_and_notes_kept(store, tmp_path):
    path = tmp_path / "outbox.sqlite"
    refused, fine = contact(NOW - timedelta(minutes=2)), contact(NOW - timedelta(minutes=1))
    with closing(sqlite3.connect(path)) as db:
        for ddl in V2_DDL:
            db.execute(ddl)
        for actor, record, attempts in ((ROOT, refused, 12), (ANN, fine, 0)):  # the probe's stuck queue
            db.execute(
                "INSERT INTO outbox (uuid, username, workstation, payload, queued_at, attempts, last_error)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    record.uuid,
                    actor.username,
                    actor.workstation,
                    json.dumps(record.to_json()),
                    record.saved_at.isoformat(),
                    attempts,
                    "'root-not-a-user' is not an active user of this database" if attempts else None,
                ),
            )
        db.execute("INSERT INTO draft VALUES ('d-1', 'ann', ?, '{\"answers\": {}}')", (NOW.isoformat(),))
        db.execute("INSERT INTO delivery VALUES ('last_attempt', ?)", (NOW.isoformat(),))
        db.commit()

    outbox = Outbox(path)

    assert outbox.schema_version == OUTBOX_SCHEMA == 3
    assert len(outbox) == 2 and outbox.set_aside() == []
    assert [p.attempts for p in outbox.pending()] == [12, 0]
    assert outbox.drafts(ANN)[0][0] == "d-1" and outbox.status().last_attempt == NOW
    assert [d.uuid for d in outbox.flush(store)] == [fine.uuid]  # the stuck queue moves at last
    [aside] = outbox.set_aside()
    assert aside.uuid == refused.uuid and aside.cause == USER_INACTIVE and aside.attempts == 13
    reopened = Outbox(path)  # upgraded once: opening again changes nothing
    assert reopened.schema_version == 3 and [s.uuid for s in reopened.set_aside()] == [refused.uuid]


def test_the_database_refusing_a_contact_in_another_logins_name_sets_it_aside(pg_template, tmp_path):
    """Row-level security (issue 13) refuses a contact queued under another login than the one
    delivering it: that contact is set aside (permission), the login's own is delivered."""
    import uuid as uuid_module

    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    from asbdesk.storage.roles import roles_sql
    from tests.storage.conftest import PG_URL, drop_pg, fresh_pg_url

    url, name = fresh_pg_url(pg_template)
    handler = f"ann_{uuid_module.uuid4().hex[:8]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f"CREATE ROLE {handler} LOGIN")
    owner = Store.open(url, migrate=False)
    with owner.engine.begin() as connection:
        connection.exec_driver_sql(roles_sql())
        connection.exec_driver_sql(f"GRANT asbdesk_call_handler TO {handler}")
    owner.ensure_user(handler, "Ann Handler", "call_handler")
    owner.ensure_user("sam", "Sam Supervisor", "supervisor")
    owner.close()
    store = Store.open(make_url(url).set(username=handler).render_as_string(hide_password=False), migrate=False)
    outbox = Outbox(tmp_path / "outbox.sqlite")
    theirs, mine = contact(NOW - timedelta(minutes=2)), contact(NOW - timedelta(minutes=1))
    try:
        outbox.put(SAM, theirs)  # sam may save contacts, but not through ann's login
        outbox.put(Actor(handler, "desk-01"), mine)
        assert [d.uuid for d in outbox.flush(store)] == [mine.uuid]
        [aside] = outbox.set_aside()
        assert aside.uuid == theirs.uuid and aside.cause == PERMISSION
        assert "refused this account the access it needs (SQLSTATE 42501)" in aside.reason
    finally:
        store.close()
        drop_pg(name)
        with admin.connect() as connection:
            connection.exec_driver_sql(f"DROP ROLE IF EXISTS {handler}")
        admin.dispose()
