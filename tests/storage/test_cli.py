"""The storage commands: db upgrade/status, audit verify, import, export, demo, users."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from asbdesk.cli import main
from asbdesk.storage.store import Store
from tests.storage.conftest import drop_pg, fresh_pg_url
from tests.storage.helpers import as_insider, run_cli
from tests.storage.test_transfer import GOOD


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("ASBDESK_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("ASBDESK_DATABASE_URL", raising=False)
    return tmp_path / "home"


def cli(capsys, *args):
    return run_cli(capsys, *args)


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    from asbdesk.storage.database import alembic_config

    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def test_db_upgrade_on_a_fresh_local_database(capsys, home):
    head = head_revision()
    code, out, _ = cli(capsys, "db", "status")  # looks only: makes no folder and no file (issue 20)
    assert code == 1 and out.endswith("no database there yet ('asbdesk db upgrade' or the desk makes it)\n")
    assert not (home / "data").exists() and not (home / "logs").exists()
    code, out, _ = cli(capsys, "db", "upgrade")
    assert code == 0 and f"upgraded from empty to schema version {head}" in out
    assert (home / "data" / "asbdesk.sqlite").is_file()
    assert f"already at schema version {head}" in cli(capsys, "db", "upgrade")[1]


def test_db_upgrade_on_an_empty_postgresql_database(capsys, pg_template):
    url, name = fresh_pg_url("template0")
    try:
        code, out, _ = cli(capsys, "db", "upgrade", "--database", url)
        assert code == 0 and "shared database 127.0.0.1/" in out and "upgraded from empty" in out
        store = Store.open(url, migrate=False)  # a shared database at head opens without migrating
        store.close()
    finally:
        drop_pg(name)


def test_unreachable_database_exit_3_in_words(capsys):
    code, _out, err = cli(capsys, "db", "upgrade", "--database", "postgresql://postgres@127.0.0.1:1/none")
    assert code == 3
    assert err.startswith("asbdesk: The shared database 127.0.0.1/none cannot be reached")
    assert "Traceback" not in err


def test_users_import_export_audit(capsys, home, tmp_path):
    assert cli(capsys, "users", "add", "ada", "--name", "Ada Admin", "--role", "administrator", "--by", "ada")[0] == 0
    code, _, err = cli(capsys, "users", "add", "sam", "--name", "Sam", "--role", "supervisor", "--by", "sam")
    assert code == 3 and "'sam' is not an active user" in err  # sam is not a user yet, let alone an administrator
    assert cli(capsys, "users", "add", "sam", "--name", "Sam", "--role", "supervisor", "--by", "ada")[0] == 0
    csv_file = tmp_path / "history.csv"
    csv_file.write_text(GOOD, encoding="utf-8")
    code, out, _ = cli(capsys, "import", str(csv_file), "--user", "sam")
    assert code == 0 and out.startswith("Imported 3 contact(s)")
    bad = tmp_path / "bad.csv"
    bad.write_text(GOOD + "2026-11-05T10:00:00Z,801,Ash,,0113,,,,,,Q\n", encoding="utf-8")
    code, out, _ = cli(capsys, "import", str(bad), "--user", "sam")
    assert code == 1 and "line 5: phone: '0113' is not a valid phone number" in out
    code, out, _ = cli(
        capsys, "export", "--from", "2026-10-01", "--to", "2026-10-31", "--user", "sam", "--format", "json"
    )
    assert code == 0 and len(json.loads(out)) == 2
    code, out, _ = cli(capsys, "audit", "verify")
    assert code == 0 and "audit trail intact" in out
    store = Store.open(f"sqlite:///{home / 'data' / 'asbdesk.sqlite'}")
    with store.engine.begin() as connection:
        as_insider(connection)
        connection.execute(text("UPDATE audit_entry SET username = 'nobody' WHERE seq = 2"))
    store.close()
    code, out, _ = cli(capsys, "audit", "verify")
    assert code == 1 and "AUDIT TRAIL BROKEN" in out and "entry 2 was changed" in out


def test_demo_and_no_personal_data_in_the_log_file(capsys, home):
    code, out, _ = cli(capsys, "demo")
    assert code == 0 and "36 fictional people" in out
    assert "already holds demo data" in cli(capsys, "demo")[1]
    code, out, _ = cli(capsys, "demo", "--reset")  # the file, -wal and -shm removed, made afresh
    assert code == 0 and "36 fictional people" in out
    log = (home / "logs" / "asbdesk.log").read_text(encoding="utf-8")
    assert "contact ASB-" in log  # the log is written...
    store = Store.open(f"sqlite:///{home / 'data' / 'demo.sqlite'}")
    with store.engine.connect() as connection:
        names = [r[0] for r in connection.execute(text("SELECT family_name FROM person"))]
        numbers = [r[0] for r in connection.execute(text("SELECT e164 FROM phone"))]
        places = [r[0] for r in connection.execute(text("SELECT line1 FROM location"))]
    store.close()
    for private in names + numbers + places:  # ...and holds nothing about anyone
        assert private not in log


def test_audit_checkpoint_by_the_command_line_finds_a_recomputed_rewrite(capsys, home, tmp_path):
    # Issue 13: keygen, checkpoint, an insider's careful rewrite, verify --checkpoint exits 1.
    from sqlalchemy import update

    from asbdesk.storage import models as m
    from asbdesk.storage.store import os_account
    from tests.storage.helpers import contact

    url = f"sqlite:///{tmp_path / 'audit.sqlite'}"
    store = Store.open(url, migrate=True)
    store.ensure_user("ann", "Ann Handler", "call_handler")
    from tests.storage.conftest import ANN, NOW

    for _ in range(3):
        store.save_contact(ANN, contact(NOW))
    store.close()
    key, pub, point = tmp_path / "admin.key", tmp_path / "admin.pub", tmp_path / "checkpoint.json"
    code, out, _ = cli(capsys, "audit", "keygen", "--private", str(key), "--public", str(pub))
    assert code == 0 and "public key sha256:" in out
    # Verifying and checkpointing are a supervisor's or administrator's (issue 20): this
    # account is not a user yet, so both are refused (exit 3) and the refusal is audited.
    code, _, err = cli(capsys, "audit", "verify", "--database", url)
    assert code == 3 and "is not an active user" in err
    store = Store.open(url)
    store.ensure_user(os_account(), "Ada Admin", "administrator")
    store.close()
    code, out, _ = cli(capsys, "audit", "checkpoint", "--key", str(key), "--out", str(point), "--database", url)
    assert code == 0 and "Checkpoint of 6 entries" in out  # 1 user, 3 contacts, 1 refusal, 1 user
    args = ("audit", "verify", "--database", url, "--checkpoint", str(point), "--public-key", str(pub))
    code, out, _ = cli(capsys, *args)
    assert code == 0 and "intact (6 entries) and against the checkpoint" in out
    store = Store.open(url)
    with store.engine.begin() as connection:  # rewrite entry 2 and recompute every hash after it
        from tests.storage.test_audit_insider import DESK, _rechain

        as_insider(connection)
        connection.execute(
            update(m.AuditEntry).where(m.AuditEntry.chain == DESK, m.AuditEntry.seq == 2).values(username="x")
        )
        _rechain(connection, 2)
    store.close()
    assert cli(capsys, "audit", "verify", "--database", url)[0] == 0  # the chain alone looks intact
    code, out, _ = cli(capsys, *args)
    assert code == 1 and "entry 3 differs from the checkpoint" in out
    code, _, err = cli(capsys, "audit", "verify", "--database", url, "--checkpoint", str(point))
    assert code == 2 and "--checkpoint and --public-key go together" in err


def test_who_you_are_comes_from_your_login_not_a_flag(capsys, home, monkeypatch, tmp_path):
    # Issue 13: '--user' was taken on trust; anyone at a shell exported as a supervisor.
    from asbdesk.storage import store as store_module

    monkeypatch.setattr(store_module, "os_account", lambda: "ann")  # the operating-system account
    code, _, err = cli(capsys, "users", "add", "ada", "--name", "Ada", "--role", "administrator")
    assert code == 2 and "the first user must be you ('ann')" in err
    assert main(["users", "add", "ann", "--name", "Ann", "--role", "administrator"]) == 0
    capsys.readouterr()
    assert main(["users", "add", "cal", "--name", "Cal Handler", "--role", "call_handler"]) == 0  # as ann
    capsys.readouterr()
    monkeypatch.setattr(store_module, "os_account", lambda: "cal")
    code = main(["export", "--from", "2026-10-01", "--to", "2026-10-31", "--user", "sam"])  # claims to be sam
    out, err = capsys.readouterr()
    assert code == 2 and "--user sam: you are signed in as 'cal'" in err and out == ""
    code = main(["export", "--from", "2026-10-01", "--to", "2026-10-31"])  # as cal: a call handler
    out, err = capsys.readouterr()
    assert code == 3 and "'cal' (call handler) may not import or export" in err and out == ""
