"""A contact centre on a primary and a streaming standby (issue 20.6): the primary stops
under load, the standby is promoted, and the desks come back by themselves.

The test runs bench/failover_bench.py at a small size: two private PostgreSQL clusters
made and torn down by it, six workstation processes (five call handlers and a supervisor,
each its own login) on one multi-host URL. It needs PostgreSQL's server programs (initdb,
pg_ctl, pg_basebackup, postgres); without them it skips, saying so, and under CI it fails.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from asbdesk.storage.database import CONNECT_ARGS, StorageError, describe, make_engine
from tests.conftest import REPO
from tests.storage.conftest import PG_URL

BENCH = REPO / "bench" / "failover_bench.py"
EXIT_MISSING = 4  # bench/failover_bench.py: PostgreSQL's server programs are not here


def test_a_standby_promoted_under_load_with_the_desks_running(tmp_path):
    report = tmp_path / "failover.json"
    command = [sys.executable, str(BENCH), "--workstations", "6", "--seconds", "40", "--outage", "5"]
    command += ["--people", "300", "--contacts", "1200", "--think", "1.0", "--json", str(report)]
    with subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as child:
        try:
            stdout, stderr = child.communicate(timeout=600)
        except subprocess.TimeoutExpired:
            child.terminate()  # SIGTERM: the benchmark stops its desks and tears its clusters down
            stdout, stderr = child.communicate(timeout=120)
            pytest.fail(f"the failover benchmark did not finish in 600 s:\n{stdout[-3000:]}\n{stderr[-3000:]}")
    done = subprocess.CompletedProcess(command, child.returncode, stdout, stderr)
    if done.returncode == EXIT_MISSING:
        reason = done.stderr.strip()
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the failover test, but it cannot: {reason}")
        pytest.skip(f"the failover test needs PostgreSQL's server programs: {reason}")
    assert report.exists(), done.stdout + done.stderr
    result = json.loads(report.read_text(encoding="utf-8"))
    printed = done.stdout[-4000:]

    # Nothing lost, nothing twice: every save a desk made is on the promoted primary once,
    # as a contact row and as one audit entry, with a reference of its own.
    assert result["made"] > 0, printed
    assert result["lost"] == 0, printed
    assert result["duplicated"] == 0, printed
    assert result["present_once"] == result["distinct_made"] == result["made"], printed
    assert result["unexpected_rows"] == 0, printed
    assert result["audit_creates_missing"] == 0, printed
    assert result["references_unique"], printed
    assert result["audit_chain_problems"] == [], printed

    # The outage was real: saves made while no server took writes went to the outboxes...
    during = result["phases"]["during"]
    assert during["save"]["outcomes"].get("queued", 0) > 0, printed
    # ... and were delivered: every outbox is empty at the end.
    assert result["outboxes_empty"], printed

    # Every desk came back by itself, the same process: it succeeded after the promotion.
    assert result["all_back_without_restart"], printed
    assert result["desks_not_back"] == [], printed
    after = result["phases"]["after"]
    assert after["save"]["outcomes"] == {"saved": after["save"]["n"]}, printed
    assert after["search"]["outcomes"] == {"database": after["search"]["n"]}, printed

    # What the operator was told while no server took writes names the standby, not a
    # stopped server only (database._connection_hint).
    told = " ".join(result["desks_were_told"])
    assert "no server takes writes: a standby answers, not yet promoted" in told, told
    assert done.returncode == 0, printed


def test_without_postgresqls_server_programs_the_benchmark_says_so():
    """The exit code the test above skips (or, under CI, fails) on, with the reason."""
    env = {**os.environ, "ASBDESK_PG_BIN": "/nonexistent/postgresql/bin"}
    done = subprocess.run(
        [sys.executable, str(BENCH), "--workstations", "2", "--seconds", "5"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    assert done.returncode == EXIT_MISSING, done.stdout + done.stderr
    assert "initdb, pg_ctl, pg_basebackup, postgres" in done.stderr
    assert "/nonexistent/postgresql/bin" in done.stderr


def test_a_multi_host_url_is_described_with_every_host():
    url = "postgresql://desk01@/asbdesk?host=db-a.force.local:5432&host=db-b.force.local:5432&target_session_attrs=read-write"
    assert describe(url) == "shared database db-a.force.local:5432,db-b.force.local:5432/asbdesk"
    assert describe("postgresql://desk01@db-a.force.local/asbdesk") == "shared database db-a.force.local/asbdesk"


def test_a_vanished_server_is_noticed_in_seconds(pg_template):
    """libpq is asked for keepalives and a TCP user timeout, so a connection to a server
    that vanished without closing it is dropped in seconds; the URL's own values win."""
    engine = make_engine(f"{PG_URL}?keepalives_idle=30")
    try:
        with engine.connect() as connection:
            parameters = connection.connection.dbapi_connection.info.get_parameters()  # type: ignore[union-attr]
    finally:
        engine.dispose()
    for name, value in CONNECT_ARGS.items():
        assert parameters[name] == ("30" if name == "keepalives_idle" else str(value))


@pytest.mark.parametrize(("given", "expected"), [("none", None), ("0", 0), ("7", 7)])
def test_prepare_threshold_in_the_url_reaches_psycopg(pg_template, given, expected):
    """Behind PgBouncer in transaction mode (before 1.21) psycopg must not prepare
    statements: ``prepare_threshold=none`` in the URL says so (docs/storage.md)."""
    engine = make_engine(f"{PG_URL}?prepare_threshold={given}")
    try:
        with engine.connect() as connection:
            assert connection.connection.dbapi_connection.prepare_threshold == expected  # type: ignore[union-attr]
    finally:
        engine.dispose()


def test_a_bad_prepare_threshold_is_said_in_words():
    with pytest.raises(StorageError, match="prepare_threshold in the database URL must be a number or 'none'"):
        make_engine("postgresql://desk01@db-a.force.local/asbdesk?prepare_threshold=sometimes")
