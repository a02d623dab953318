"""bench/storage_bench.py, on a real SQLite file and a real PostgreSQL database.

The hand-written save baseline writes the same rows as ``Store.save_contact`` (the same
tables, columns and values, and audit entries whose chain hash and row digests
``Store.verify_audit`` accepts); the bench, run at a tiny size on a database built by
bench/storage_generate.py, prints its figures with the machine's load, finds both sides
wrote the same number of rows per table, and leaves every table as it found it but the
append-only audit trail, which grows by exactly what the bench says it left. No timing is
asserted.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from asbdesk.storage import models as m
from asbdesk.storage.database import make_engine, upgrade
from asbdesk.storage.records import AddressInput, NewPerson
from asbdesk.storage.store import Store
from tests.conftest import REPO

sys.path.insert(0, str(REPO / "bench"))

import storage_bench as sb

PG_URL = os.environ.get("ASBDESK_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
GENERATE = REPO / "bench" / "storage_generate.py"
BENCH = REPO / "bench" / "storage_bench.py"


def _admin():
    return create_engine(PG_URL, isolation_level="AUTOCOMMIT")


def _pg_reachable() -> None:
    admin = _admin()
    try:
        with admin.connect() as connection:
            connection.execute(text("SELECT 1"))
    except OperationalError as error:
        reason = str(error.orig).strip().splitlines()[0]
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the PostgreSQL tests, but PostgreSQL cannot be reached at {PG_URL}: {reason}")
        pytest.skip(f"PostgreSQL is not reachable at {PG_URL} ({reason})")
    finally:
        admin.dispose()


def _drop(name: str) -> None:
    admin = _admin()
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _pg_url(name: str) -> str:
    return str(make_url(PG_URL).set(database=name).render_as_string(hide_password=False))


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request, tmp_path) -> Iterator[str]:
    """A migrated, empty database of each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.sqlite'}"
        return
    _pg_reachable()
    name = f"sb_empty_{uuid.uuid4().hex[:10]}"
    admin = _admin()
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    try:
        yield _pg_url(name)
    finally:
        _drop(name)


@pytest.fixture(params=["sqlite", "postgresql"])
def generated_url(request, tmp_path) -> Iterator[str]:
    """A database bench/storage_generate.py built: 300 people, 1,500 contacts."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'bench.sqlite'}"
        extra: list[str] = []
        name = None
    else:
        _pg_reachable()
        name = f"sb_gen_{uuid.uuid4().hex[:10]}"
        url, extra = _pg_url(name).replace("postgresql+psycopg://", "postgresql://"), ["--create"]
    try:
        done = subprocess.run(
            [sys.executable, str(GENERATE), "--database", url, "--people", "300", "--contacts", "1500", *extra],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        yield url
    finally:
        if name is not None:
            _drop(name)


def _rows(connection, table: str, where: str, params: dict) -> list[dict]:
    return [dict(r) for r in connection.execute(text(f"SELECT * FROM {table} WHERE {where}"), params).mappings()]


def test_the_hand_save_writes_the_rows_asbdesk_writes(empty_url):
    engine = make_engine(empty_url)
    upgrade(engine)
    engine.dispose()
    store = Store.open(empty_url, migrate=False, clock=lambda: sb.NOW)
    try:
        store.ensure_user(sb.USER, "Bench Handler", "call_handler")
        store.ensure_user("sam", "Sam Supervisor", "supervisor")
        app, hand_actor = sb.save_actor("app", 0), sb.save_actor("hand", 0)
        person = store.add_person(
            app, NewPerson("Ann", "Example", ("0113 496 0123",), (AddressInput("1 Mill Lane", "LS1 1AA", "Leeds"),))
        )
        records = {side: sb.make_records(40, 5, 1) for side in ("app", "hand")}
        kinds = {kind for r in records["app"] for kind, _, _ in sb.work_rules(r.saved_at, r.assessment)}
        assert kinds == {"override", "occurrence", "recontact"}  # the records leave every kind of work
        hand = sb.HandSQL(store, hand_actor)
        try:
            for app_record, hand_record in zip(records["app"], records["hand"], strict=True):
                store.save_contact(app, app_record)
                hand.save(hand_record)
            hand.context(person.id, sb.NOW, sb.Engine(sb.resolve_pack("default")))  # a view, with its digest
            store.caller_context(app, person.id, sb.NOW)
            store.wait_for_audit(30)
        finally:
            hand.close()

        report = store.verify_audit()
        assert report.ok, report.problems  # both chains, and every row digest either side recorded

        same_but = {"id", "uuid", "reference", "workstation", "assessment", "log_text", "contact_id"}
        with store.engine.connect() as connection:
            by_side = {}
            for side, actor in (("app", app), ("hand", hand_actor)):
                contacts = _rows(connection, "contact", "workstation = :ws ORDER BY id", {"ws": actor.workstation})
                work = _rows(
                    connection,
                    "work_item",
                    "contact_id IN (SELECT id FROM contact WHERE workstation = :ws) ORDER BY contact_id, kind",
                    {"ws": actor.workstation},
                )
                chain = f"{actor.username}@{actor.workstation}"
                entries = _rows(connection, "audit_entry", "chain = :chain ORDER BY seq", {"chain": chain})
                by_side[side] = (contacts, work, entries)
        (app_contacts, app_work, app_entries), (hand_contacts, hand_work, hand_entries) = (
            by_side["app"],
            by_side["hand"],
        )
        assert len(app_contacts) == len(hand_contacts) == 40
        assert len(app_work) == len(hand_work) > 0
        # asbdesk's chain also holds the person it added; the rest entry for entry
        assert [e["action"] for e in app_entries[1:]] == [e["action"] for e in hand_entries]
        for ours, theirs in zip(app_contacts, hand_contacts, strict=True):
            assert {k: v for k, v in ours.items() if k not in same_but} == {
                k: v for k, v in theirs.items() if k not in same_but
            }
            for column in ("assessment", "log_text"):  # the same but for the reference
                assert str(ours[column]).replace(ours["reference"], "R") == str(theirs[column]).replace(
                    theirs["reference"], "R"
                )
        for ours, theirs in zip(app_work, hand_work, strict=True):
            assert {k: v for k, v in ours.items() if k not in same_but} == {
                k: v for k, v in theirs.items() if k not in same_but
            }
        entry_but = {"id", "chain", "workstation", "entity_id", "new", "prev_hash", "hash", "seq"}
        for ours, theirs in zip(app_entries[1:], hand_entries, strict=True):
            assert {k: v for k, v in ours.items() if k not in entry_but} == {
                k: v for k, v in theirs.items() if k not in entry_but
            }
            new_ours, new_theirs = (
                json.loads(e["new"]) if isinstance(e["new"], str) else e["new"] for e in (ours, theirs)
            )
            assert set(new_ours) == set(new_theirs)
            assert set(new_ours.get("rows", {})) == set(new_theirs.get("rows", {}))
    finally:
        store.close()


def _counts(url: str) -> dict[str, int]:
    engine = make_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    try:
        with engine.connect() as connection:
            return {
                t: int(connection.execute(text(f"SELECT count(*) FROM {t}")).scalar() or 0)
                for t in sorted(m.Base.metadata.tables)
            }
    finally:
        engine.dispose()


def _run_bench(url: str, tmp_path: Path, *args: str) -> tuple[str, dict]:
    report = tmp_path / f"bench-{uuid.uuid4().hex[:6]}.json"
    done = subprocess.run(
        [sys.executable, str(BENCH), "--database", url, "--json", str(report), *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout, json.loads(report.read_text(encoding="utf-8"))


def _check_left_as_found(before: dict[str, int], after: dict[str, int], result: dict) -> None:
    audit = ("audit_entry", "audit_head")
    assert {t: n for t, n in after.items() if t not in audit} == {t: n for t, n in before.items() if t not in audit}
    grew = {t: after[t] - before[t] for t in audit if after[t] != before[t]}
    assert grew == result["clean_up"]["left_in_audit"]
    assert result["clean_up"]["other_changes"] == {}


def test_the_bench_runs_small_saves_equal_rows_and_leaves_the_database_as_it_was(generated_url, tmp_path):
    before = _counts(generated_url)
    printed, result = _run_bench(
        generated_url, tmp_path, "--rounds", "6", "--writers", "2", "--saves", "4", "--pace-ms", "5"
    )
    after = _counts(generated_url)
    _check_left_as_found(before, after, result)
    assert after["audit_entry"] > before["audit_entry"]  # views and saves were audited, and stay

    for kind in sb.KINDS:
        figures = result["lookups"]["results"][kind]
        assert figures["app"]["n"] == figures["hand"]["n"] == 6
        assert 0 < figures["app"]["median"] <= figures["app"]["p95"]
        assert len(figures["load_end"]) == 3
    saves = result["saves"]
    assert saves["rows_equal"] and saves["rows"]["app"] == saves["rows"]["hand"]
    writers = 2 if "postgresql" in generated_url else 1
    assert saves["rows"]["app"]["contact"] == writers * (4 + 3) * 2  # two phases, 3 warm saves each
    assert saves["rows"]["app"]["audit_entry"] == saves["rows"]["app"]["contact"]
    assert saves["rows"]["app"]["work_item"] > 0
    assert result["clean_up"]["deleted"]["contact"] == 2 * saves["rows"]["app"]["contact"]
    assert result["clean_up"]["deleted"]["work_item"] == 2 * saves["rows"]["app"]["work_item"]
    assert printed.count("asbdesk median") == 5 and printed.count("hand SQL median") == 5
    assert printed.count("| load ") == 5 and "equal" in printed and "left behind: audit_entry +" in printed

    # Cold: fresh processes, untouched callers; lookups only, and again nothing left but audit.
    before = after
    printed, result = _run_bench(generated_url, tmp_path, "--cold", "--rounds", "4", "--batch", "2")
    _check_left_as_found(before, _counts(generated_url), result)
    assert "fresh process" in printed and "nothing is restarted" in printed and printed.count("| load ") == 3
    assert all(result["lookups"]["results"][k]["hand"]["n"] == 4 for k in sb.KINDS)
    assert "saves" not in result


def test_ctrl_c_during_the_saves_still_cleans_up(generated_url, tmp_path):
    before = _counts(generated_url)
    engine = make_engine(generated_url.replace("postgresql://", "postgresql+psycopg://"))
    report = tmp_path / "interrupted.json"
    command = [sys.executable, str(BENCH), "--database", generated_url, "--no-lookups", "--writers", "2"]
    bench = subprocess.Popen(
        [*command, "--saves", "500", "--pace-ms", "20", "--json", str(report)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a terminal's foreground job
    )
    try:
        deadline = time.monotonic() + 300
        saved = 0
        while saved < 10 and bench.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
            with engine.connect() as connection:
                saved = connection.execute(text("SELECT count(*) FROM contact WHERE operator = 'bench'")).scalar()
        assert saved >= 10, "the bench never saved"
        os.killpg(bench.pid, signal.SIGINT)  # Ctrl+C reaches the bench and its writer processes
        printed, errors = bench.communicate(timeout=300)
    finally:
        if bench.poll() is None:
            os.killpg(bench.pid, signal.SIGKILL)
            bench.wait()
        engine.dispose()
    assert bench.returncode == 130, printed + errors
    assert "interrupted" in printed and "every other table has the row count it had before" in printed
    result = json.loads(report.read_text(encoding="utf-8"))
    assert result["clean_up"]["deleted"]["contact"] >= 10
    _check_left_as_found(before, _counts(generated_url), result)
