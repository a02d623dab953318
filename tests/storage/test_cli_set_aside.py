"""`asbdesk outbox status` and `asbdesk outbox set-aside list|retry ID|export ID --out FILE`
(issue 20): a poisoned queue as the commands show it, for a supervisor or an administrator
(the role read from the database), exit codes as the README's. On both backends."""

from __future__ import annotations

import json
import stat
import sys
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from asbdesk import paths
from asbdesk.storage import models as m
from asbdesk.storage.outbox import Outbox
from asbdesk.storage.records import Actor
from asbdesk.storage.store import os_account
from tests.storage.conftest import ANN, NOW
from tests.storage.helpers import contact, run_cli

ROOT = Actor("root-not-a-user", "desk-01")


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("ASBDESK_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("ASBDESK_DATABASE_URL", raising=False)
    return tmp_path / "home"


@pytest.fixture
def poisoned(store):
    """The probe's queue: a contact queued under a name the database does not know, then two
    good ones behind it; the first round delivers those and sets the first aside."""
    outbox = Outbox(paths.outbox_path())
    refused = contact(NOW - timedelta(minutes=3))
    outbox.put(ROOT, refused)
    for minutes in (2, 1):
        outbox.put(ANN, contact(NOW - timedelta(minutes=minutes)))
    assert len(outbox.flush(store)) == 2
    return outbox, refused


def db(store) -> str:
    return store.engine.url.render_as_string(hide_password=False)


def test_status_shows_what_needs_attention(capsys, store, poisoned):
    _outbox, refused = poisoned
    code, out, _ = run_cli(capsys, "outbox", "status")
    assert code == 0
    assert "waiting:        0\n" in out
    assert "need attention: 1 (asbdesk outbox set-aside list)\n" in out
    assert (
        f"  {refused.uuid[:8]}  queued as 'root-not-a-user': user not active: "
        "'root-not-a-user' is not an active user of this database\n"
    ) in out
    assert f"while offline:  saves queue here as '{os_account()}'\n" in out  # a local database: the OS account
    code, out, _ = run_cli(capsys, "outbox", "status", "--format", "json")
    shown = json.loads(out)
    assert shown["waiting"] == 0 and shown["need_attention"] == 1 and shown["queue_as"] == os_account()
    [aside] = shown["set_aside"]
    assert (aside["id"], aside["cause"], aside["queued_as"]) == (refused.uuid[:8], "user not active", "root-not-a-user")
    # `outbox send` says what is set aside and exits 1: something remains for a person to decide.
    code, out, err = run_cli(capsys, "outbox", "send", "--database", db(store))
    assert code == 1
    assert out == "delivered 0; 0 waiting; 1 set aside (need attention: asbdesk outbox set-aside list)\n"
    assert f"set aside: {refused.uuid[:8]}: user not active:" in err


def test_a_supervisor_lists_exports_and_retries_a_call_handler_may_not(capsys, store, poisoned, tmp_path):
    _outbox, refused = poisoned
    ident = refused.uuid[:8]
    url = db(store)

    code, _, err = run_cli(capsys, "outbox", "set-aside", "list", "--database", url, "--user", "ann")
    assert code == 3
    assert err == (
        "asbdesk: 'ann' (call handler) may not retry or export contacts set aside in a workstation's outbox\n"
    )
    with store.engine.connect() as connection:  # refused, and the refusal is in the audit trail
        refusals = connection.scalar(
            select(func.count())
            .select_from(m.AuditEntry)
            .where(m.AuditEntry.action == "refused", m.AuditEntry.entity_id == "handle_set_aside")
        )
    assert refusals == 1

    code, out, _ = run_cli(capsys, "outbox", "set-aside", "list", "--database", url, "--user", "sam")
    assert code == 0
    assert out.startswith(f"{ident}  queued ") and "as 'root-not-a-user' on desk-01; set aside " in out
    assert "after 1 attempt\n          user not active: 'root-not-a-user' is not an active user" in out
    code, out, _ = run_cli(
        capsys, "outbox", "set-aside", "list", "--format", "json", "--database", url, "--user", "ada"
    )
    assert code == 0 and [s["uuid"] for s in json.loads(out)] == [refused.uuid]

    code, _, err = run_cli(capsys, "outbox", "set-aside", "retry", "zzzz9999", "--database", url, "--user", "sam")
    assert code == 2
    assert err == f"asbdesk: ID: no set-aside contact 'zzzz9999' in this workstation's outbox (set aside: {ident})\n"

    out_file = tmp_path / "rekey" / "contact.json"
    out_file.parent.mkdir()
    code, out, _ = run_cli(
        capsys, "outbox", "set-aside", "export", ident, "--out", str(out_file), "--database", url, "--user", "ada"
    )
    assert code == 0 and f"{ident} written to {out_file}" in out
    written = json.loads(out_file.read_text(encoding="utf-8"))
    assert written["contact"]["uuid"] == refused.uuid and written["exported_by"] == "ada"
    if sys.platform != "win32":
        assert stat.S_IMODE(out_file.stat().st_mode) == 0o600
    code, _, err = run_cli(
        capsys, "outbox", "set-aside", "export", ident, "--out", str(out_file), "--database", url, "--user", "sam"
    )
    assert code == 2 and err == f"asbdesk: --out: {out_file} exists; asbdesk never overwrites a file\n"
    code, _, err = run_cli(capsys, "outbox", "set-aside", "retry", ident, "--database", url, "--user", "sam")
    assert code == 2 and "asbdesk: ID: " in err and "was exported to" in err
    code, out, _ = run_cli(capsys, "outbox", "status")
    assert "need attention: 0\n" in out
    assert run_cli(capsys, "outbox", "send", "--database", url)[0] == 0  # nothing left to send or decide


def test_retry_puts_it_back_in_the_queue_for_the_workstations_login(capsys, store, poisoned):
    outbox, refused = poisoned
    code, out, _ = run_cli(
        capsys, "outbox", "set-aside", "retry", refused.uuid[:8], "--database", db(store), "--user", "sam"
    )
    assert code == 0
    assert out.startswith(f"{refused.uuid[:8]} is back in the queue, in its place: it is sent as 'root-not-a-user'")
    assert len(outbox) == 1 and outbox.set_aside() == []


def test_the_role_cannot_be_checked_offline_so_nothing_is_done(capsys, poisoned):
    outbox, refused = poisoned
    code, _, err = run_cli(
        capsys, "outbox", "set-aside", "retry", refused.uuid[:8], "--database", "postgresql://sam@127.0.0.1:9/none"
    )
    assert code == 3
    assert err.startswith("asbdesk: The shared database 127.0.0.1/none cannot be reached")
    assert "only the database can say who that is" in err
    assert [s.uuid for s in outbox.set_aside()] == [refused.uuid]  # untouched


def test_bad_command_lines_exit_2(capsys):
    assert run_cli(capsys, "outbox", "set-aside", "export", "abcd1234")[0] == 2  # --out is required
    assert run_cli(capsys, "outbox", "set-aside", "retry")[0] == 2  # the ID is required
