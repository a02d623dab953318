"""Issue 20: the audit covers every table a person reads, through every write path.

Each of asbdesk's writes leaves the digest of every audited row it wrote in an audit entry
of the same transaction; a write that would not is refused. The checkpoint key's
fingerprint is kept in the site (administrators only, audited). Rows written before
migration 0007 are adopted as they stood at the upgrade.
"""

from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest
from alembic import command
from sqlalchemy import bindparam, select, text, update

from asbdesk.storage import audit
from asbdesk.storage import models as m
from asbdesk.storage import supervision as sv
from asbdesk.storage.database import InvalidData, PermissionDenied, alembic_config, make_engine, upgrade
from asbdesk.storage.records import Actor, AddressInput, FlagRequest, NewPerson
from asbdesk.storage.store import AUDITED_ROWS, Store, _digest_of, recorded_as_of
from asbdesk.storage.transfer import import_history
from tests.storage.conftest import ADA, ANN, NOW, SAM
from tests.storage.helpers import contact, run_cli
from tests.storage.test_site import FORCE

RED_RING_BACK = {"weapons": True, "further_contact": True, "contact_method": "ring_back"}
HISTORY = """occurred_at,incident_code,family_name,given_name,phone,address_line1,postcode,town,external_reference
2026-10-01T20:00:00Z,802,Holroyd,Isla,0113 496 0555,7 Beck Side,HD1 3LT,Huddersfield,NICHE-1
2026-10-20T21:30:00Z,801,Holroyd,Isla,0113 496 0555,7 Beck Side,HD1 3LT,Huddersfield,NICHE-2
"""


def _every_row_recorded(store: Store) -> dict[str, int]:
    """Every row of every audited table has its digest in the trail, and it is the row's own.
    Returns the rows counted per table."""
    counted = {}
    with store._read() as session:
        trail = recorded_as_of(session)
        for entity, (table, key) in AUDITED_ROWS.items():
            rows = session.connection().execute(select(table)).mappings().all()
            for row in rows:
                name = ":".join(str(row[c]) for c in key)
                assert (entity, name) in trail.newest, f"{entity} {name} has no digest in the trail"
                assert trail.newest[entity, name][1] == _digest_of(row), f"{entity} {name}"
            counted[entity] = len(rows)
    return counted


def test_every_write_path_records_every_row_it_writes(store, tmp_path):
    def intact() -> None:
        report = store.verify_audit(SAM)
        assert report.problems == () and report.notes == ()

    store.set_site(ADA, FORCE)
    store.trust_audit_key(ADA, audit.generate_keys(tmp_path / "k", tmp_path / "k.pub"))
    store.publish_pack(
        ADA, pack_id="p", version="1", sha256="b" * 64, files={"pack.yaml": "id: p\n"}, reason="ours", checks={}
    )
    store.add_user(ADA, "cal", "Cal Handler", "call_handler")
    intact()
    zoe = store.add_person(
        ANN,
        NewPerson(
            "Zoë",
            "Okafor",
            ("0113 496 0123", "0114 496 0456"),
            (AddressInput("4 Canal Row", "LS1 4AP", "Leeds"), AddressInput("9 Mill Lane", "BD1 4RL", "Bradford")),
        ),
    )
    # A second person at the same address: the address is not written again, only the link.
    store.add_person(ANN, NewPerson("Amos", "Okafor", (), (AddressInput("4 Canal Row", "LS1 4AP", "Leeds"),)))
    intact()
    requests = (
        FlagRequest("vulnerable_victim", negate_risk="Lives alone.", person_id=zoe.id),
        FlagRequest("location", negate_risk="Alley.", location_id=zoe.locations[0].id),
        FlagRequest("warning_marker", negate_risk="Dog.", phone="0113 496 0123"),
    )
    override = {"grade": "response", "reason": "toy gun"}
    saved = store.save_contact(
        ANN,
        contact(
            NOW - timedelta(days=2), person_id=zoe.id, answers=RED_RING_BACK, override=override, flag_requests=requests
        ),
    )
    store.save_contact(  # the caller's e-mail address is kept with them (issue 22.2)
        ANN,
        contact(
            NOW - timedelta(days=1),
            person_id=zoe.id,
            answers={"further_contact": True, "contact_method": "email"},
            caller={"name": "Zoë Okafor", "email": "zoe@example.org"},
        ),
    )
    intact()
    first, second, third = saved.flag_ids
    store.authorise_flag(SAM, first, "Necessary.")
    store.refuse_flag(SAM, second, "Not necessary.")
    store.authorise_flag(SAM, third, "Necessary.")
    store.review_flag(SAM, first, "still needed")
    store.remove_flag(SAM, third, "moved away")
    intact()
    ring, mail = sorted(sv.review_items(store, SAM, "recontact"), key=lambda i: i.id)
    sv.allocate_recontact(store, SAM, ring.id, "ann")  # a user: told by a notice
    sv.allocate_recontact(store, SAM, mail.id, "PC 4471 Dar")
    sv.record_attempt(store, SAM, ring.id, "no_answer")
    sv.record_recontact(store, SAM, ring.id, "not_reached", sv.LetterFile(tmp_path / "letter.pdf", b"%PDF-1.4"))
    sv.record_recontact(store, SAM, mail.id, "reached")
    [item] = sv.review_items(store, SAM, "override")
    sv.review_override(store, SAM, item.id, False, "A toy gun is a weapon to the caller.")
    [occurrence] = sv.review_items(store, SAM, "occurrence")
    sv.record_occurrence(store, SAM, occurrence.id, "PSO-1")
    intact()
    sample = sv.draw_sample(store, SAM, NOW - timedelta(days=7), NOW + timedelta(days=1), 2, seed=3)
    sv.mark_sample(store, SAM, sample.items[0].id, "crime_recorded", "no", "not recorded")
    sv.mark_sample(store, SAM, sample.items[0].id, "crime_recorded", "yes")  # marked again: the row changes
    sv.mark_notices_seen(store, ANN, [n.id for n in sv.unseen_notices(store, ANN)])
    sv.compliance(store, SAM, NOW - timedelta(days=7), NOW + timedelta(days=1))
    intact()
    assert import_history(store, SAM, io.StringIO(HISTORY)).imported == 2
    store.ensure_user("ann", "Ann H.", "call_handler")
    intact()
    counted = _every_row_recorded(store)
    assert all(counted.values()), counted  # every audited table holds rows, each recorded


def test_the_demo_and_a_training_sandbox_are_recorded_whole(db_url, tmp_path, monkeypatch):
    from asbdesk.core.packs.registry import resolve_pack
    from asbdesk.storage.demo import build_demo

    store = Store.open(db_url, migrate=True, clock=lambda: NOW)
    try:
        build_demo(store, resolve_pack("default"), NOW)
        assert store.verify_audit().problems == ()
        counted = _every_row_recorded(store)
        assert counted["work_item"] > 0
        # Callers who chose e-mail gave an address; older re-contacts were tried (issue 22.2).
        assert counted["email"] > 0 and counted["recontact_attempt"] > 0
    finally:
        store.close()
    if db_url.startswith("sqlite"):  # a sandbox is a local file, seeded with history and a flag
        from asbdesk.core.scenarios import find_scenario, load_scenario
        from asbdesk.storage.training import discard_sandbox, open_sandbox

        monkeypatch.setenv("ASBDESK_HOME", str(tmp_path / "home"))
        monkeypatch.delenv("ASBDESK_DATABASE_URL", raising=False)
        sandbox = open_sandbox(load_scenario(find_scenario("default-repeat-vulnerable")), "trainee", NOW)
        try:
            assert sandbox.store.verify_audit().problems == ()
            seeded = _every_row_recorded(sandbox.store)
            assert seeded["person"] == 1 and seeded["flag_event"] >= 2 and seeded["contact"] >= 1
        finally:
            discard_sandbox(sandbox)


def test_an_audited_row_written_without_its_entry_is_refused_and_not_kept(store):
    refused = pytest.raises(RuntimeError, match="audited rows written without an audit entry after them: person 1$")
    with refused, store._write() as session:
        session.add(m.Person(given_name="A", family_name="B", given_key="a", family_key="b", created_at=NOW))
    with store._read() as session:
        assert session.scalar(select(m.Person.id)) is None


def test_a_later_entry_of_a_written_once_row_is_a_rewrite_even_in_asbdesks_words(store):
    # (An insider appending "as the application would": tests/storage/test_audit_insider.py.)
    zoe = store.add_person(ANN, NewPerson("Zoë", "Okafor", ("0113 496 0123",)))
    with store.engine.begin() as connection:
        connection.execute(update(m.Person).where(m.Person.id == zoe.id).values(given_name="Zoe"))
    with store._write() as session:  # asbdesk's own _audit records the row as it now is
        store._audit(session, SAM, "update", "person", zoe.id)
    assert store.verify_audit().problems == (
        f"person {zoe.id} was written again (sam@desk-02: entry 1): asbdesk writes a person once, so it was changed "
        "outside asbdesk",
    )


# ------------------------------------------------------------------ the checkpoint key in the site


def test_only_an_administrator_records_the_checkpoint_key_and_it_is_audited(store, tmp_path):
    fingerprint = audit.generate_keys(tmp_path / "a.key", tmp_path / "a.pub")
    with pytest.raises(InvalidData, match="the site is not set: set it first"):
        store.trust_audit_key(ADA, fingerprint)
    store.set_site(ADA, FORCE)
    for actor in (ANN, SAM):
        with pytest.raises(PermissionDenied, match="may not set the site"):
            store.trust_audit_key(actor, fingerprint)
    with pytest.raises(InvalidData, match="is not 'sha256:' and 64 hexadecimal digits"):
        store.trust_audit_key(ADA, "sha256:beef")
    assert store.trust_audit_key(ADA, fingerprint).audit_key == fingerprint
    store.set_site(ADA, FORCE)  # setting the force again keeps the key
    assert store.site().audit_key == fingerprint
    with store.engine.connect() as connection:
        row = connection.execute(
            text("SELECT username, old, new FROM audit_entry WHERE action = 'trust' AND entity = 'site'")
        ).one()
    new = row.new if isinstance(row.new, dict) else json.loads(row.new)
    assert row.username == "ada" and new["audit_key"] == fingerprint and "row" in new
    assert store.verify_audit().ok
    # A checkpoint signed with another key is refused while this one is recorded.
    audit.generate_keys(tmp_path / "b.key", tmp_path / "b.pub")
    with pytest.raises(InvalidData, match="is not the checkpoint key the site records"):
        audit.make_checkpoint(store, tmp_path / "b.key", NOW)
    assert audit.make_checkpoint(store, tmp_path / "a.key", NOW)["public_key"] == fingerprint


def test_the_key_by_the_command_line_keygen_trust_checkpoint_verify(capsys, store, tmp_path):
    url = store.engine.url.render_as_string(hide_password=False)
    key, pub, point = tmp_path / "admin.key", tmp_path / "admin.pub", tmp_path / "checkpoint.json"
    code, out, _ = run_cli(capsys, "audit", "keygen", "--private", str(key), "--public", str(pub))
    fingerprint = audit.public_key_fingerprint(pub)
    assert code == 0 and f"public key {fingerprint}" in out and "asbdesk audit trust --public-key" in out
    store.set_site(ADA, FORCE)
    code, out, err = run_cli(capsys, "audit", "trust", "--public-key", str(pub), "--user", "sam", "--database", url)
    assert code == 3 and "may not set the site" in err
    code, out, err = run_cli(capsys, "audit", "trust", "--public-key", str(pub), "--user", "ada", "--database", url)
    assert code == 0, err
    assert out.startswith(f"checkpoint key {fingerprint} recorded in the site (audited as 'ada')")
    code, out, _ = run_cli(capsys, "site", "show", "--user", "ada", "--database", url)
    assert f"Checkpoint key:    {fingerprint}" in out
    code, out, err = run_cli(capsys, "audit", "checkpoint", "--key", str(key), "--out", str(point), "--database", url)
    assert code == 0, err
    args = ("audit", "verify", "--database", url, "--checkpoint", str(point), "--public-key", str(pub))
    code, out, _ = run_cli(capsys, *args, "--fingerprint", fingerprint)
    assert code == 0 and "audit trail intact" in out
    assert f"note: checkpoint key {fingerprint}; the site records {fingerprint}; your copy (--fingerprint)" in out
    code, out, _ = run_cli(capsys, *args, "--fingerprint", "sha256:" + "0" * 64)
    assert code == 1 and "not the key of the administrator's copy" in out
    code, out, _ = run_cli(capsys, *args)
    assert code == 0 and "compare it with your own copy of the fingerprint" in out
    code, _, err = run_cli(capsys, "audit", "verify", "--database", url, "--fingerprint", fingerprint)
    assert code == 2 and "--fingerprint: of the key a checkpoint was signed with" in err


# ------------------------------------------------------------------ migration 0007


def test_migration_0007_adopts_the_rows_written_before_it(db_url):
    """A database at 0006 whose people, work and notices have no row digests: upgraded, the
    trail records each as it stood, and a change after it is found."""
    engine = make_engine(db_url)
    with engine.begin() as connection:
        command.downgrade(_config(db_url, connection), "0006")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO person (id, given_name, family_name, given_key, family_key, created_at) "
                "VALUES (7, 'Isla', 'Holroyd', 'isla', 'holroyd', :at)"
            ).bindparams(_at(NOW)),
        )
        connection.execute(text("INSERT INTO phone (person_id, e164) VALUES (7, '+441134960555')"))
        connection.execute(
            text(
                "INSERT INTO notice (recipient, created_at, author, subject, text) "
                "VALUES ('ann', :at, 'sam', 'flag 1', 'Your request was authorised')"
            ).bindparams(_at(NOW)),
        )
    upgrade(engine)
    engine.dispose()
    store = Store.open(db_url, migrate=True)
    try:
        report = store.verify_audit()
        assert report.ok, report.problems
        assert _every_row_recorded(store) == {**dict.fromkeys(AUDITED_ROWS, 0), "person": 1, "phone": 1, "notice": 1}
        with store.engine.connect() as connection:
            adopted = connection.execute(
                text("SELECT chain, action, entity_id FROM audit_entry WHERE chain = 'upgrade-0007' ORDER BY seq")
            ).all()
        assert [tuple(r) for r in adopted] == [
            ("upgrade-0007", "adopt", "0007 person 1"),
            ("upgrade-0007", "adopt", "0007 phone 1"),
            ("upgrade-0007", "adopt", "0007 notice 1"),
        ]
        with store.engine.begin() as connection:
            connection.execute(text("UPDATE person SET family_name = 'Holroyd-Smith' WHERE id = 7"))
        assert store.verify_audit().problems == ("person 7 differs from its last audit entry: changed outside asbdesk",)
    finally:
        store.close()


def _at(when):
    # Bound through asbdesk's column type: sqlite3's own datetime adapter is deprecated (3.12).
    return bindparam("at", when, type_=m.Instant)


def _config(url, connection):
    config = alembic_config(url)
    config.attributes["connection"] = connection
    return config


def test_a_column_added_later_leaves_the_rows_earlier_digests_alone():
    # site.audit_key (0007): a site hashed before it, with the column empty, hashes the same.
    before = {"id": 1, "force": {"name": "Demoshire Police"}, "updated_by": "ada", "updated_at": NOW}
    assert _digest_of({**before, "audit_key": None}) == _digest_of(before)
    assert _digest_of({**before, "audit_key": "sha256:" + "1" * 64}) != _digest_of(before)


# ------------------------------------------------------------------ row-level security


def test_a_supervisors_verify_reads_every_row_it_holds_against_the_trail(pg_template):
    """A notice is read by its recipient and author, and by the verifiers (roles.py): a
    supervisor's verify on a shared database holds every notice, another's too, against the
    trail, and a notice deleted outside asbdesk is found by it; a call handler's login reads
    only its own notices."""
    import uuid

    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    from asbdesk.storage.roles import roles_sql
    from tests.storage.conftest import PG_URL, drop_pg, fresh_pg_url

    url, name = fresh_pg_url(pg_template)
    login = f"sam_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f"CREATE ROLE {login} LOGIN")
    owner = Store.open(url, migrate=False, clock=lambda: NOW)
    try:
        with owner.engine.begin() as connection:
            connection.exec_driver_sql(roles_sql())
            connection.exec_driver_sql(f"GRANT asbdesk_supervisor TO {login}")
        owner.ensure_user(login, "Sam", "supervisor")
        owner.ensure_user("sam2", "Another Supervisor", "supervisor")
        owner.ensure_user("ann", "Ann", "call_handler")
        flag = owner.request_flag(
            ANN, FlagRequest("vulnerable_victim", negate_risk="Alone.", person_id=None, phone="0113 496 0123")
        )
        owner.authorise_flag(Actor("sam2", "desk-09"), flag.id, "Necessary.")  # a notice sam2 -> ann
        assert owner.verify_audit().notes == ()  # the tables' owner reads every row
        supervisor = Store.open(make_url(url).set(username=login).render_as_string(hide_password=False))
        try:
            report = supervisor.verify_audit(Actor(login, "desk-02"))
            assert report.ok, report.problems
            assert report.notes == ()  # nothing hidden from a verifier
            with owner.engine.begin() as connection:
                connection.exec_driver_sql("DELETE FROM notice")
            report = supervisor.verify_audit(Actor(login, "desk-02"))
            assert any(p.startswith("notice ") and "deleted" in p for p in report.problems), report.problems
        finally:
            supervisor.close()
    finally:
        owner.close()
        drop_pg(name)
        with admin.connect() as connection:
            connection.exec_driver_sql(f"DROP ROLE IF EXISTS {login}")
        admin.dispose()


def test_a_samples_overlap_columns_added_later_leave_its_earlier_digest_alone():
    # dip_sample.overlap_allowed and left_out (0008, issue 22): a sample hashed before them
    # hashes the same with them empty; a sample drawn since carries them in its digest.
    before = {"id": 1, "period_start": NOW, "period_end": NOW, "size": 3, "seed": 1, "drawn_by": "sam"}
    assert _digest_of({**before, "overlap_allowed": None, "left_out": None}) == _digest_of(before)
    assert _digest_of({**before, "overlap_allowed": False, "left_out": 0}) != _digest_of(before)
