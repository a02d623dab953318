"""Issue 13: identity from authentication, rights as PostgreSQL roles.

Each person logs in with their own PostgreSQL role; asbdesk's user is current_user. A
call handler's login cannot do a supervisor's work through asbdesk, nor through psql.
"""

from __future__ import annotations

import shutil
import subprocess
import threading
import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from asbdesk.storage import supervision
from asbdesk.storage.database import PermissionDenied
from asbdesk.storage.records import Actor, AddressInput, FlagRequest, NewPerson
from asbdesk.storage.roles import PRIVILEGES, roles_sql
from asbdesk.storage.store import Store
from tests.storage.conftest import NOW, PG_URL, drop_pg, fresh_pg_url
from tests.storage.helpers import contact


def _admin():
    return create_engine(PG_URL, isolation_level="AUTOCOMMIT")


@pytest.fixture
def shared(pg_template):
    """A fresh shared database with asbdesk's roles, and two people with logins of their own."""
    url, name = fresh_pg_url(pg_template)
    suffix = uuid.uuid4().hex[:8]
    handler, supervisor = f"ann_{suffix}", f"sam_{suffix}"
    admin = _admin()
    with admin.connect() as connection:
        connection.exec_driver_sql(f"CREATE ROLE {handler} LOGIN")
        connection.exec_driver_sql(f"CREATE ROLE {supervisor} LOGIN")
    owner = Store.open(url, migrate=False)
    with owner.engine.begin() as connection:
        connection.exec_driver_sql(roles_sql())
        connection.exec_driver_sql(f"GRANT asbdesk_call_handler TO {handler}")
        connection.exec_driver_sql(f"GRANT asbdesk_supervisor TO {supervisor}")
    owner.ensure_user(handler, "Ann Handler", "call_handler")
    owner.ensure_user(supervisor, "Sam Supervisor", "supervisor")
    owner.close()

    def login(role: str) -> str:
        return make_url(url).set(username=role, password=None).render_as_string(hide_password=False)

    yield url, login(handler), login(supervisor), handler, supervisor
    drop_pg(name)
    with admin.connect() as connection:
        for role in (handler, supervisor):
            connection.exec_driver_sql(f"DROP ROLE IF EXISTS {role}")
    admin.dispose()


def test_the_user_is_the_database_login(shared):
    _, handler_url, _, handler, _ = shared
    store = Store.open(handler_url, migrate=False)
    try:
        assert store.identity() == handler
    finally:
        store.close()


def test_a_call_handler_takes_calls_but_cannot_authorise_flags(shared):
    _, handler_url, supervisor_url, _, _ = shared
    ann = Store.open(handler_url, migrate=False)
    sam = Store.open(supervisor_url, migrate=False)
    try:
        me = Actor(ann.identity(), "desk-01")
        zoe = ann.add_person(
            me, NewPerson("Zoë", "Okafor", ("0113 496 0123",), (AddressInput("4 Canal Row", "LS1 4AP", "Leeds"),))
        )
        # rights enough to take a call; a red one, which leaves its occurrence for a supervisor
        saved = ann.save_contact(me, contact(NOW, person_id=zoe.id, answers={"weapons": True}))
        assert saved.reference.startswith("ASB-")
        flag = ann.request_flag(me, FlagRequest("vulnerable_victim", negate_risk="Hard of hearing", person_id=zoe.id))
        with pytest.raises(PermissionDenied):  # through the app
            ann.authorise_flag(me, flag.id, "Necessary: see the request")
        with pytest.raises(PermissionDenied):
            ann.verify_audit(me)
        sam_actor = Actor(sam.identity(), "desk-02")
        assert sam.authorise_flag(sam_actor, flag.id, "Necessary: see the request").status == "active"
        # The supervisor's work, through asbdesk, with the database's grants (issue 10); the
        # call handler is told at their next sign-in and can read only their own notices.
        with pytest.raises(PermissionDenied):
            supervision.review_items(ann, me)
        [item] = supervision.review_items(sam, sam_actor, "occurrence")
        assert supervision.record_occurrence(sam, sam_actor, item.id, "PSO-1").outcome == "recorded"
        assert [n.subject for n in supervision.unseen_notices(ann, me)] == [f"flag {flag.id}"]
        assert supervision.unseen_notices(sam, sam_actor) == []
        assert sam.verify_audit(sam_actor).ok
    finally:
        ann.close()
        sam.close()


@pytest.mark.parametrize(
    ("statement", "refusal"),
    [
        ("UPDATE flag SET status = 'active'", "permission denied"),
        ("UPDATE audit_entry SET username = 'x'", "permission denied"),
        ("DELETE FROM audit_entry", "permission denied"),
        ("UPDATE app_user SET role = 'administrator'", "permission denied"),
        ("UPDATE contact SET risk_level = 'standard'", "permission denied"),
        # The supervisor's work (issue 10): not closed, told or sampled by a call handler.
        ("UPDATE work_item SET open = false", "permission denied"),
        (
            "INSERT INTO notice (recipient, created_at, author, subject, text) "
            "VALUES ('x', now(), current_user, 'x', 'x')",
            "permission denied",
        ),
        (
            "INSERT INTO dip_sample (period_start, period_end, size, seed, drawn_by, drawn_at) "
            "VALUES (now(), now(), 1, 1, current_user, now())",
            "permission denied",
        ),
        ("UPDATE sample_mark SET answer = 'yes'", "permission denied"),
        # The force's site and published packs (issue 19): an administrator's alone.
        (
            "INSERT INTO site (id, force, updated_by, updated_at) VALUES (1, '{}', current_user, now())",
            "permission denied",
        ),
        ("UPDATE site SET force = '{}'", "permission denied"),
        (
            "INSERT INTO published_pack (pack_id, version, sha256, files, size, published_by, published_at, reason, checks) "
            "VALUES ('x', '1', 'x', '{}', 0, current_user, now(), 'x', '{}')",
            "permission denied",
        ),
        ("DELETE FROM published_pack", "permission denied"),
        (
            "INSERT INTO audit_entry (chain, seq, at, username, workstation, action, entity, entity_id, prev_hash, hash) "
            "VALUES ('x', 1, now(), 'someone_else', 'x', 'create', 'contact', 'x', 'x', 'x')",
            "row-level security",
        ),
    ],
)
def test_through_psql_a_call_handler_can_do_no_more_than_through_asbdesk(shared, statement, refusal):
    _, handler_url, _, _, _ = shared
    engine = create_engine(handler_url)
    try:
        with pytest.raises(DBAPIError, match=refusal), engine.begin() as connection:
            connection.exec_driver_sql(statement)
    finally:
        engine.dispose()


def test_an_administrators_login_sets_the_site_and_publishes_a_pack(shared):
    """Issue 19 on a shared database: the administrators' group has the rights to set the
    site and publish (one at a time, without LOCK TABLE's UPDATE right); the call handler's
    desk reads both."""
    from asbdesk.core.packs.registry import pack_files, resolve_pack
    from asbdesk.core.site import Force

    url, handler_url, _, _, _ = shared
    admin = f"ada_{uuid.uuid4().hex[:8]}"
    engine = _admin()
    with engine.connect() as connection:
        connection.exec_driver_sql(f"CREATE ROLE {admin} LOGIN")
    owner = Store.open(url, migrate=False)
    with owner.engine.begin() as connection:
        connection.exec_driver_sql(f"GRANT asbdesk_administrator TO {admin}")
    owner.ensure_user(admin, "Ada Admin", "administrator")
    owner.close()
    ada = Store.open(make_url(url).set(username=admin).render_as_string(hide_password=False), migrate=False)
    ann = Store.open(handler_url, migrate=False)
    try:
        me = Actor(ada.identity(), "admin-01")
        ada.set_site(me, Force("Demoshire Police", ("1 Example Street",), "LS1 4AP"))
        pack = resolve_pack("west-mercia")
        ada.publish_pack(
            me,
            pack_id=pack.id,
            version=pack.version,
            sha256=pack.content_hash,
            files=pack_files(pack),
            reason="the force's pack",
            checks={},
        )
        assert ann.site().force.name == "Demoshire Police"
        assert ann.pack_in_force().pack_id == "west-mercia"
        assert ann.publication_files(ann.pack_in_force().number) == pack_files(pack)
        with pytest.raises(PermissionDenied):
            ann.set_site(Actor(ann.identity(), "desk-01"), Force("Not the force"))
    finally:
        ada.close()
        ann.close()
        with engine.connect() as connection:
            connection.exec_driver_sql(f"DROP OWNED BY {admin}")
            connection.exec_driver_sql(f"DROP ROLE IF EXISTS {admin}")
        engine.dispose()


@pytest.mark.skipif(shutil.which("psql") is None, reason="the psql client is not installed")
def test_psql_itself_refuses_the_call_handler(shared):
    _, handler_url, _, handler, _ = shared
    database = make_url(handler_url).database
    done = subprocess.run(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-U",
            handler,
            "-d",
            database,
            "-v",
            "ON_ERROR_STOP=1",
            "-c",
            "UPDATE flag SET status = 'active'",
        ],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode != 0 and "permission denied for table flag" in done.stderr


def test_the_first_administrator_is_made_exactly_once_under_concurrency(pg_template):
    # The probe made 1, 5 and 2 administrators in three trials of 8 concurrent first adds.
    url, name = fresh_pg_url(pg_template)
    try:
        for trial in range(3):
            store = Store.open(url, migrate=False)
            with store.engine.begin() as connection:
                connection.execute(text("DELETE FROM app_user"))
            start = threading.Barrier(8)
            made, refused = [], []

            def first(n: int, start=start, store=store, trial=trial, made=made, refused=refused) -> None:
                start.wait()
                try:
                    store.add_user(None, f"admin{trial}_{n}", "Admin", "administrator")
                    made.append(n)
                except PermissionDenied:
                    refused.append(n)

            threads = [threading.Thread(target=first, args=(n,)) for n in range(8)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(60)
            with store.engine.connect() as connection:
                admins = connection.execute(text("SELECT count(*) FROM app_user WHERE role = 'administrator'")).scalar()
            store.close()
            assert (len(made), len(refused), admins) == (1, 7, 1)
    finally:
        drop_pg(name)


def test_db_roles_prints_the_sql_and_applies_it(capsys, pg_template):
    from asbdesk.cli import main

    assert main(["db", "roles"]) == 0
    printed = capsys.readouterr().out
    assert (
        "CREATE ROLE asbdesk_call_handler NOLOGIN" in printed
        and "GRANT UPDATE (status, authorised_by," in printed
        and "ON flag TO asbdesk_supervisor;" in printed
    )
    assert "%" not in printed  # psql reads it as is; the driver would take '%' for a parameter
    assert "UPDATE ON audit_entry" not in printed  # nobody may change an audit entry
    url, name = fresh_pg_url(pg_template)
    try:
        assert main(["db", "roles", "--apply", "--database", url]) == 0
        assert "asbdesk roles and rights applied" in capsys.readouterr().out
        engine = create_engine(url)
        with engine.connect() as connection:
            policies = connection.execute(
                text("SELECT count(*) FROM pg_policies WHERE policyname LIKE 'asbdesk_%'")
            ).scalar()
        engine.dispose()
        assert policies == sum(
            len(rights) for table in PRIVILEGES.values() if table.secured for rights in table.rights.values()
        )
    finally:
        drop_pg(name)
    assert main(["db", "roles", "--apply", "--database", "sqlite:///x.sqlite"]) == 2
