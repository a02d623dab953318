"""Storage errors told apart: offline (queue), busy (retry), bad data (refuse), fault (fix it).

Real SQLite files and a real PostgreSQL; one table test of ``classify`` with the drivers'
own exception classes. No message (and no log line) ever quotes the data sent.
"""

from __future__ import annotations

import logging
import os
import sqlite3

import psycopg.errors
import pytest
from sqlalchemy import create_engine, event, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DataError, OperationalError, ProgrammingError

from asbdesk.storage import models as m
from asbdesk.storage.database import (
    DatabaseBusy,
    DatabaseFault,
    DatabaseUnavailable,
    InvalidData,
    classify,
)
from asbdesk.storage.records import AddressInput, FlagRequest, NewPerson
from asbdesk.storage.store import Store
from tests.storage.conftest import ANN, NOW, SAM, drop_pg, fresh_pg_url
from tests.storage.helpers import contact

PLANTED = "Quillfeather"  # a name that must never appear in a message or a log line


def count(store: Store, model) -> int:
    with store.engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(model))


def no_planted_name(error: BaseException, caplog) -> None:
    assert PLANTED.lower() not in str(error).lower()
    assert PLANTED.lower() not in caplog.text.lower()


# ------------------------------------------------------------------ the table, with the drivers' own errors


def sqlite_error(code: int, name: str, text_: str = "x") -> OperationalError:
    orig = sqlite3.OperationalError(text_)
    orig.sqlite_errorcode, orig.sqlite_errorname = code, name
    return OperationalError("INSERT INTO person VALUES (?)", (PLANTED,), orig)


def pg_error(sqlstate: str, wrapper=OperationalError) -> Exception:
    return wrapper("INSERT INTO person VALUES (%(n)s)", {"n": PLANTED}, psycopg.errors.lookup(sqlstate)(f"{PLANTED} x"))


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (pg_error("08006"), DatabaseUnavailable),  # connection failure
        (pg_error("57P01"), DatabaseUnavailable),  # admin shutdown
        (pg_error("57P03"), DatabaseUnavailable),  # cannot connect now
        (
            OperationalError("SELECT 1", {}, psycopg.OperationalError(f"connection failed: {PLANTED}")),
            DatabaseUnavailable,
        ),
        (pg_error("40001"), DatabaseBusy),  # serialization failure
        (pg_error("40P01"), DatabaseBusy),  # deadlock
        (pg_error("55P03"), DatabaseBusy),  # lock not available
        (pg_error("22021", DataError), InvalidData),  # character not in repertoire
        (pg_error("22001", DataError), InvalidData),  # string too long
        (pg_error("22P05", DataError), InvalidData),  # untranslatable character (\u0000 in jsonb)
        (DataError("SELECT %s", (PLANTED,), psycopg.DataError(f"NUL {PLANTED}")), InvalidData),  # client-side NUL
        (pg_error("42P01", ProgrammingError), DatabaseFault),  # undefined table
        (pg_error("42501", ProgrammingError), DatabaseFault),  # insufficient privilege
        (pg_error("53100"), DatabaseFault),  # disk full
        (pg_error("25006"), DatabaseFault),  # read-only transaction (a standby)
        (sqlite_error(14, "SQLITE_CANTOPEN"), DatabaseUnavailable),
        (sqlite_error(5, "SQLITE_BUSY"), DatabaseBusy),
        (sqlite_error(517, "SQLITE_BUSY_SNAPSHOT"), DatabaseBusy),
        (sqlite_error(6, "SQLITE_LOCKED"), DatabaseBusy),
        (sqlite_error(18, "SQLITE_TOOBIG"), InvalidData),
        (sqlite_error(8, "SQLITE_READONLY"), DatabaseFault),
        (sqlite_error(13, "SQLITE_FULL"), DatabaseFault),
        (sqlite_error(3, "SQLITE_PERM"), DatabaseFault),
        (sqlite_error(11, "SQLITE_CORRUPT"), DatabaseFault),
        (sqlite_error(26, "SQLITE_NOTADB"), DatabaseFault),
        (sqlite_error(1, "SQLITE_ERROR", "no such table: draft"), DatabaseFault),
    ],
    ids=lambda v: (
        v.__name__
        if isinstance(v, type)
        else getattr(getattr(v, "orig", None), "sqlstate", None)
        or getattr(getattr(v, "orig", None), "sqlite_errorname", None)
        or type(getattr(v, "orig", v)).__name__
    ),
)
def test_classify(error, expected):
    result = classify(error, "shared database db/x")
    assert type(result) is expected
    assert PLANTED.lower() not in str(result).lower()  # neither parameters nor the driver's text
    assert "shared database db/x" in str(result)
    if expected is DatabaseFault:
        assert "kept on this workstation" in str(result) and "will be sent" not in str(result)
        assert "cannot be reached" not in str(result)
    if expected is not DatabaseUnavailable:
        assert "cannot be reached" not in str(result)


# ------------------------------------------------------------------ NUL characters: refused before any SQL, both backends


def test_nul_in_a_name_is_refused_before_any_sql(store, caplog):
    statements: list[str] = []
    event.listen(store.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    with pytest.raises(InvalidData) as raised:
        store.add_person(ANN, NewPerson(f"{PLANTED}\x00", "Okafor"))
    assert str(raised.value) == "given_name contains a NUL character"
    with pytest.raises(InvalidData, match=r"^addresses\[0\]\.line1 contains a NUL character$"):
        store.add_person(ANN, NewPerson(PLANTED, "Okafor", addresses=(AddressInput("4 Canal\x00Row", "LS1 4AP"),)))
    assert statements == []  # not one statement was sent
    no_planted_name(raised.value, caplog)
    assert count(store, m.Person) == 0


def test_nul_in_an_answer_is_refused_and_nothing_is_stored(store, caplog):
    # The boundary refuses it first (issue 13); the store refuses it too, whoever calls it.
    from dataclasses import replace

    record = contact(NOW, answers={"what_happening": f"{PLANTED} shouting at night"})
    record = replace(record, answers={"what_happening": f"{PLANTED} shouting\x00 at night"})
    with pytest.raises(InvalidData) as raised:
        store.save_contact(ANN, record)
    assert str(raised.value) == "answers.what_happening contains a NUL character"
    no_planted_name(raised.value, caplog)
    assert count(store, m.Contact) == 0 and count(store, m.Flag) == 0


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda s: s.request_flag(
                ANN, FlagRequest("vulnerable_victim", officer_action="call\x00first", person_id=1)
            ),
            "flag.officer_action contains a NUL character",
        ),
        (
            lambda s: s.save_contact(
                ANN, contact(NOW, flag_requests=(FlagRequest("vulnerable_victim", inform="x\x00", person_id=1),))
            ),
            "flag_requests[0].inform contains a NUL character",
        ),
        (lambda s: s.remove_flag(SAM, 1, "gone\x00"), "reason contains a NUL character"),
        (
            lambda s: s.save_draft(ANN, "u-1", {"answers": {"who": "a\x00b"}}),
            "payload.answers.who contains a NUL character",
        ),
        (
            lambda s: s.add_user(None, "ada", "Ada\x00", "administrator"),
            "name: contains a control character (U+0000) at position 4",
        ),
        (lambda s: s.find_callers(ANN, "Oka\x00"), "the search contains a NUL character"),
    ],
)
def test_nul_refused_in_every_text_written(store, call, message):
    with pytest.raises(InvalidData) as raised:
        call(store)
    assert str(raised.value) == message
    assert count(store, m.Flag) == 0 and count(store, m.Draft) == 0


def test_nul_in_a_log_text_is_refused(store):
    record = contact(NOW)
    record = type(record)(**{**record.__dict__, "log_text": record.log_text + "\x00"})
    with pytest.raises(InvalidData, match="^log_text contains a NUL character$"):
        store.save_contact(ANN, record)


# ------------------------------------------------------------------ schema faults, both backends


def test_a_missing_table_is_a_fault_not_offline(store, db_url, caplog):
    with store.engine.begin() as connection:
        connection.execute(text("DROP TABLE draft"))
    with pytest.raises(DatabaseFault) as raised:
        store.save_draft(ANN, "u-1", {"caller": PLANTED})
    message = str(raised.value)
    assert not isinstance(raised.value, DatabaseUnavailable)
    assert "does not have the tables or columns this asbdesk expects" in message
    assert "kept on this workstation" in message and "cannot be reached" not in message
    no_planted_name(raised.value, caplog)
    with pytest.raises(DatabaseFault):
        store.drafts(ANN)
    assert store.find_callers(ANN, "okafor") == []  # the rest of the database still works


# ------------------------------------------------------------------ SQLite: read-only


def test_a_read_only_sqlite_database_is_a_fault(sqlite_template, tmp_path, caplog):
    # Tests may run as root, which ignores file modes: PRAGMA query_only gives SQLite's own
    # SQLITE_READONLY for every write, as a read-only file does.
    path = tmp_path / "asbdesk.sqlite"
    path.write_bytes(sqlite_template.read_bytes())
    store = Store.open(f"sqlite:///{path}")
    try:
        store.ensure_user("ann", "Ann Handler", "call_handler")
        event.listen(store.engine, "connect", lambda dbapi, _rec: dbapi.execute("PRAGMA query_only=ON"))
        store.engine.dispose()  # new connections, all read-only
        with pytest.raises(DatabaseFault) as raised:
            store.add_person(ANN, NewPerson(PLANTED, "Okafor"))
        assert "is read-only" in str(raised.value) and "SQLITE_READONLY" in str(raised.value)
        assert "kept on this workstation" in str(raised.value) and "cannot be reached" not in str(raised.value)
        no_planted_name(raised.value, caplog)
        assert store.find_callers(ANN, "okafor") == []  # reads still work
    finally:
        store.close()


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0, reason="root ignores file modes: covered by query_only above"
)
def test_a_read_only_sqlite_file_is_a_fault(sqlite_template, tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "asbdesk.sqlite"
    path.write_bytes(sqlite_template.read_bytes())
    store = Store.open(f"sqlite:///{path}")
    store.ensure_user("ann", "Ann Handler", "call_handler")
    store.close()
    path.chmod(0o444)
    folder.chmod(0o555)
    try:
        with pytest.raises(DatabaseFault):
            store = Store.open(f"sqlite:///{path}")
            store.add_person(ANN, NewPerson("Zoë", "Okafor"))
    finally:
        folder.chmod(0o755)
        path.chmod(0o644)


# ------------------------------------------------------------------ PostgreSQL


@pytest.fixture
def pg_store(pg_template, clock):
    url, name = fresh_pg_url(pg_template)
    store = Store.open(url, clock=clock)
    store.ensure_user("ann", "Ann Handler", "call_handler")
    store.ensure_user("sam", "Sam Supervisor", "supervisor")
    yield store, url
    store.close()
    drop_pg(name)


def test_a_serialization_failure_is_retried_then_succeeds(pg_store, monkeypatch, caplog):
    store, _ = pg_store
    # 40001 from the database on the first attempt only: the counter lives outside the
    # failed transaction (decremented by the test's hook before each new attempt).
    with store.engine.begin() as connection:
        connection.execute(text("CREATE TABLE conflicts_left (n integer)"))
        connection.execute(text("INSERT INTO conflicts_left VALUES (1)"))
        connection.execute(
            text("""
            CREATE FUNCTION conflict_once() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF (SELECT n FROM conflicts_left) > 0 THEN
                    RAISE EXCEPTION 'could not serialize access due to concurrent update' USING ERRCODE = '40001';
                END IF;
                RETURN NEW;
            END $$""")
        )
        connection.execute(
            text("CREATE TRIGGER conflict BEFORE INSERT ON contact FOR EACH ROW EXECUTE FUNCTION conflict_once()")
        )
    attempts = []
    original = Store._save_contact

    def counting(self, actor, record):
        attempts.append(1)
        if len(attempts) == 2:  # the first attempt failed: the conflict is over
            with self.engine.begin() as connection:
                connection.execute(text("UPDATE conflicts_left SET n = 0"))
        return original(self, actor, record)

    monkeypatch.setattr(Store, "_save_contact", counting)
    caplog.set_level(logging.INFO, logger="asbdesk.storage.store")
    result = store.save_contact(ANN, contact(NOW, answers={"what_happening": PLANTED}))
    assert result.created and len(attempts) == 2
    assert count(store, m.Contact) == 1
    assert store.verify_audit(SAM).ok
    assert "running save_contact again" in caplog.text
    assert PLANTED.lower() not in caplog.text.lower()


def test_a_lasting_serialization_failure_becomes_busy_not_offline(pg_store, caplog):
    store, _ = pg_store
    with store.engine.begin() as connection:
        connection.execute(
            text("""
            CREATE FUNCTION always_conflict() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'could not serialize access' USING ERRCODE = '40001'; END $$""")
        )
        connection.execute(
            text("CREATE TRIGGER conflict BEFORE INSERT ON contact FOR EACH ROW EXECUTE FUNCTION always_conflict()")
        )
    with pytest.raises(DatabaseBusy) as raised:
        store.save_contact(ANN, contact(NOW, answers={"what_happening": PLANTED}))
    assert not isinstance(raised.value, DatabaseUnavailable)
    assert "SQLSTATE 40001" in str(raised.value) and "tried 4 times" in str(raised.value)
    no_planted_name(raised.value, caplog)
    assert count(store, m.Contact) == 0


def test_two_serializable_transactions_conflict_and_the_loser_is_busy(pg_store):
    store, url = pg_store
    serializable = create_engine(make_url(url), isolation_level="SERIALIZABLE")
    insert = "INSERT INTO draft (uuid, operator, workstation, updated_at, payload) VALUES (:u, 'ann', 'x', now(), '{}')"
    try:
        with serializable.connect() as a, serializable.connect() as b:
            ta, tb = a.begin(), b.begin()
            a.execute(text("SELECT count(*) FROM draft")).scalar()
            b.execute(text("SELECT count(*) FROM draft")).scalar()
            a.execute(text(insert), {"u": "a"})
            b.execute(text(insert), {"u": "b"})
            ta.commit()
            with pytest.raises(OperationalError) as raised:
                tb.commit()
    finally:
        serializable.dispose()
    assert raised.value.orig.sqlstate == "40001"
    assert isinstance(classify(raised.value, store.description), DatabaseBusy)


def test_a_value_too_long_is_invalid_data_without_the_value(pg_store, caplog):
    store, _ = pg_store
    with pytest.raises(InvalidData) as raised:
        store.add_person(ANN, NewPerson(PLANTED * 30, "Okafor"))
    assert "SQLSTATE 22001" in str(raised.value) and "longer than the database allows" in str(raised.value)
    no_planted_name(raised.value, caplog)


def test_a_nul_reaching_postgresql_is_invalid_data_not_a_crash(pg_store, caplog):
    store, _ = pg_store
    # Past the Store's own check (e.g. import code writing through _write): psycopg's DataError.
    with pytest.raises(InvalidData) as raised, store._write() as session:
        session.execute(text("SELECT CAST(:v AS text)"), {"v": f"{PLANTED}\x00"})
    no_planted_name(raised.value, caplog)


def test_connection_refused_is_unavailable():
    with pytest.raises(DatabaseUnavailable, match="cannot be reached .*connection refused") as raised:
        Store.open("postgresql://postgres@127.0.0.1:1/none")
    assert "127.0.0.1/none" in str(raised.value)


def test_no_privilege_is_a_fault_not_offline(pg_store):
    store, url = pg_store
    role = "asbdesk_nopriv_" + make_url(url).database[-8:]
    with store.engine.begin() as connection:
        connection.execute(text(f'CREATE ROLE "{role}" LOGIN'))
        connection.execute(text(f'REVOKE ALL ON ALL TABLES IN SCHEMA public FROM "{role}"'))
    try:
        with pytest.raises(DatabaseFault, match="refused this account the access it needs .*SQLSTATE 42501"):
            Store.open(make_url(url).set(username=role).render_as_string(hide_password=False))
    finally:
        with store.engine.begin() as connection:
            connection.execute(text(f'DROP ROLE "{role}"'))
