"""bench/supervisor_bench.py at a tiny size on a real SQLite file and a real PostgreSQL database:
it prints every figure (never checked for speed), finds asbdesk's pages and reports equal to the
hand-SQL baseline's, and leaves every table as it found it but the append-only audit trail,
whose new entries keep their chains whole and name no row the bench deleted."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, func, inspect, select, table, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from asbdesk.storage import models as m
from asbdesk.storage.database import make_engine
from asbdesk.storage.store import AUDITED_ROWS, audit_hash
from tests.conftest import REPO

sys.path.insert(0, str(REPO / "bench"))
from storage_generate import generate

PG_URL = os.environ.get("ASBDESK_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
NUMBER = r"(\d+(?:\.\d+)?)"
LOAD = r"load \d+\.\d\d \d+\.\d\d \d+\.\d\d"
QUEUES = ("flag-request", "flag-review", "override", "recontact", "occurrence")


def _admin():
    return create_engine(PG_URL, isolation_level="AUTOCOMMIT")


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path) -> Iterator[str]:
    """A database of 2,000 people and 10,000 contacts from the storage generator."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'bench.sqlite'}"
        generate(url, 2_000, 10_000, 419765, False, light=True)
        yield url
        return
    admin = _admin()
    try:
        with admin.connect() as connection:
            connection.execute(text("SELECT 1"))
    except OperationalError as error:
        admin.dispose()
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the PostgreSQL tests, but PostgreSQL cannot be reached at {PG_URL}")
        pytest.skip(f"PostgreSQL is not reachable at {PG_URL} ({type(error.orig).__name__})")
    name = f"sb_sup_{uuid.uuid4().hex[:10]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        url = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
        generate(url, 2_000, 10_000, 419765, False, light=True)
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def row_counts(url: str) -> dict[str, int]:
    """Rows in every table of the database (read from the database, not the models)."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            names = inspect(connection).get_table_names()
            return {
                name: int(connection.execute(select(func.count()).select_from(table(name))).scalar() or 0)
                for name in names
            }
    finally:
        engine.dispose()


def figures(pattern: str, out: str) -> list[tuple[str, ...]]:
    found = re.findall(pattern, out)
    assert found, f"no line matching {pattern!r} in:\n{out}"
    return found


def test_supervisor_bench_tiny_prints_figures_equal_reports_and_cleans_up(database):
    before = row_counts(database)
    done = subprocess.run(
        [
            sys.executable,
            str(REPO / "bench" / "supervisor_bench.py"),
            *("--database", database, "--runs", "2", "--per-queue", "150", "--months", "3", "--per-sample", "20"),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        cwd=REPO,
        timeout=300,
        check=False,
    )
    out = done.stdout
    assert done.returncode == 0, out + done.stderr

    # Every queue: the whole opening, the storage part alone and the hand SQL, warm and cold,
    # the target marked, the load beside it, and the hand page the same as asbdesk's.
    for kind in QUEUES:
        [line] = figures(rf"queue {kind} +first +(\d+): (.*)", out)
        assert int(line[0]) == 150, line
        values = re.fullmatch(
            rf"opens +{NUMBER} ms \[(PASS|MISS) < 200\] \(cold +{NUMBER}\); storage alone +{NUMBER} ms "
            rf"\(cold +{NUMBER}\) vs hand SQL +{NUMBER} ms \(cold +{NUMBER}\): +{NUMBER}x warm, +{NUMBER}x cold; "
            rf"same page: yes; {LOAD}",
            line[1],
        )
        assert values, line[1]
        numbers = [float(v) for i, v in enumerate(values.groups()) if i != 1]
        assert all(v > 0 for v in numbers), line
        assert float(values.group(1)) >= float(values.group(4))  # the whole opening includes the storage part

    # The reports: asbdesk and hand SQL, warm and cold, targets, and equal.
    for name in ("compliance", "hotspots"):
        [line] = figures(rf"{name} for a year \(([^)]*)\): (.*)", out)
        values = re.fullmatch(
            rf" *{NUMBER} ms \[(PASS|MISS) < 1000\] \(cold +{NUMBER}\); hand SQL +{NUMBER} ms \(cold +{NUMBER}\): "
            rf"+{NUMBER}x warm, +{NUMBER}x cold; equal: yes; {LOAD}",
            line[1],
        )
        assert values, line[1]
    [read] = figures(r"compliance for a year \((\d+) marks counted of (\d+) on (\d+) logs\)", out)
    counted, marks, logs = map(int, read)
    assert 0 < counted < marks  # logs marked twice: only the latest mark counted
    assert logs > 0
    assert "cleaned up: every row the bench added was deleted; rows per table as before (audit trail aside): yes" in out
    assert "append-only" in out

    # The database as it was, but the audit trail.
    after = row_counts(database)
    trail = ("audit_entry", "audit_head")
    assert {k: v for k, v in after.items() if k not in trail} == {k: v for k, v in before.items() if k not in trail}
    assert after["audit_entry"] > before["audit_entry"]

    # The entries left: both sides' chains, each whole (linked, hashed, its head at its end),
    # naming no audited row (so none the bench deleted).
    engine = make_engine(database)
    try:
        with Session(engine) as session:
            entries = list(
                session.scalars(
                    select(m.AuditEntry)
                    .where(m.AuditEntry.workstation.in_(("supbench", "supbench-hand")))
                    .order_by(m.AuditEntry.chain, m.AuditEntry.seq)
                )
            )
            heads = {h.chain: h for h in session.scalars(select(m.AuditHead))}
    finally:
        engine.dispose()
    chains = {e.chain for e in entries}
    assert chains == {"bench-super@supbench", "bench-super@supbench-hand"}
    for chain in chains:
        previous, seq = "0" * 64, 1
        for entry in (e for e in entries if e.chain == chain):
            assert (entry.seq, entry.prev_hash) == (seq, previous), chain
            assert audit_hash(entry) == entry.hash, (chain, entry.seq)
            assert entry.entity not in AUDITED_ROWS
            assert not (entry.new or {}).keys() & {"row", "rows"}
            previous, seq = entry.hash, seq + 1
        assert (heads[chain].seq, heads[chain].hash) == (seq - 1, previous)
    actions = {(e.workstation, e.action, e.entity) for e in entries}
    for side in ("supbench", "supbench-hand"):
        assert {(side, "report", "compliance"), (side, "report", "hotspots"), (side, "view", "recontact_queue")} <= (
            actions
        )
