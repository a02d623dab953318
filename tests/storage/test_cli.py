"""The storage commands: db upgrade/status, audit verify, import, export, demo, users."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from asbdesk.cli import main
from asbdesk.storage.store import Store

from tests.storage.conftest import drop_pg, fresh_pg_url
from tests.storage.test_transfer import GOOD


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("ASBDESK_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("ASBDESK_DATABASE_URL", raising=False)
    return tmp_path / "home"


def cli(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    from asbdesk.storage.database import alembic_config

    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def test_db_upgrade_on_a_fresh_local_database(capsys, home):
    head = head_revision()
    assert cli(capsys, "db", "status")[1].endswith(f"schema version empty (needs 'asbdesk db upgrade' to {head})\n")
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
    code, out, err = cli(capsys, "db", "upgrade", "--database", "postgresql://postgres@127.0.0.1:1/none")
    assert code == 3
    assert err.startswith("asbdesk: The shared database 127.0.0.1/none cannot be reached")
    assert "Traceback" not in err


def test_users_import_export_audit(capsys, home, tmp_path):
    assert cli(capsys, "users", "add", "ada", "--name", "Ada Admin", "--role", "administrator")[0] == 0
    code, _, err = cli(capsys, "users", "add", "sam", "--name", "Sam", "--role", "supervisor")
    assert code == 3 and "an administrator must add new ones" in err
    assert cli(capsys, "users", "add", "sam", "--name", "Sam", "--role", "supervisor", "--by", "ada")[0] == 0
    csv_file = tmp_path / "history.csv"
    csv_file.write_text(GOOD, encoding="utf-8")
    code, out, _ = cli(capsys, "import", str(csv_file), "--user", "sam")
    assert code == 0 and out.startswith("Imported 3 contact(s)")
    bad = tmp_path / "bad.csv"
    bad.write_text(GOOD + "2026-11-05T10:00:00Z,801,Ash,,0113,,,,,,Q\n", encoding="utf-8")
    code, out, _ = cli(capsys, "import", str(bad), "--user", "sam")
    assert code == 1 and "line 5: phone: '0113' is not a valid phone number" in out
    code, out, _ = cli(capsys, "export", "--from", "2026-10-01", "--to", "2026-10-31", "--user", "sam", "--format", "json")
    assert code == 0 and len(json.loads(out)) == 2
    code, out, _ = cli(capsys, "audit", "verify")
    assert code == 0 and "audit trail intact" in out
    store = Store.open(f"sqlite:///{home / 'data' / 'asbdesk.sqlite'}")
    with store.engine.begin() as connection:
        connection.execute(text("UPDATE audit_entry SET username = 'nobody' WHERE seq = 2"))
    store.close()
    code, out, _ = cli(capsys, "audit", "verify")
    assert code == 1 and "AUDIT TRAIL BROKEN" in out and "entry 2 was changed" in out


def test_demo_and_no_personal_data_in_the_log_file(capsys, home):
    code, out, _ = cli(capsys, "demo")
    assert code == 0 and "36 fictional people" in out
    assert "already holds demo data" in cli(capsys, "demo")[1]
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
