"""Whom a workstation queues as while the shared database is away (issue 20): the login last
signed in to that database from here, remembered at every sign-in (the desk and every
command), per database as the workstation reaches it; no one, never the OS account."""

from __future__ import annotations

import json

import pytest

from asbdesk import paths
from asbdesk.storage import signin
from asbdesk.storage.store import Store, os_account
from tests.storage.conftest import NOW
from tests.storage.helpers import run_cli


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("ASBDESK_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("ASBDESK_DATABASE_URL", raising=False)
    return tmp_path / "home"


def test_no_one_remembered_queues_as_no_one(home):
    queue_as = signin.remembered("postgresql://db.force.example/asbdesk")
    assert queue_as == signin.QueueAs(None, confirmed=False)
    assert "no one has signed in to this database on this workstation" in queue_as.words()


def test_remembered_per_database_as_reached_from_here(home):
    signin.remember("postgresql+psycopg://ann_x@db.force.example:5433/asbdesk", "ann_x", NOW)
    assert signin.remembered("postgresql://ann_x@DB.force.example:5433/asbdesk") == signin.QueueAs(
        "ann_x", confirmed=False, since=NOW
    )
    assert signin.remembered("postgresql://ann_x:secret@db.force.example:5433/asbdesk").login == "ann_x"
    # Another port (another server), another login named in the URL, another database: not this memory.
    assert signin.remembered("postgresql://ann_x@db.force.example:5432/asbdesk").login is None
    assert signin.remembered("postgresql://bob@db.force.example:5433/asbdesk").login is None
    assert signin.remembered("postgresql://ann_x@db.force.example:5433/training").login is None
    assert (
        "'ann_x' (the login last signed in on this workstation"
        in signin.remembered("postgresql://ann_x@db.force.example:5433/asbdesk").words()
    )
    stored = json.loads((home / "config" / "identity.json").read_text(encoding="utf-8"))
    assert "secret" not in json.dumps(stored) and stored["postgresql://ann_x@db.force.example:5433/asbdesk"] == {
        "account": os_account(),
        "login": "ann_x",
        "at": NOW.isoformat(),
    }


def test_a_memory_from_before_issue_20_is_read_when_it_fits_the_url(home):
    """asbdesk kept the login under the database's description ("shared database host/db"),
    which names no port and no login: read only when the URL names no login, or the same."""
    (home / "config").mkdir(parents=True)
    (home / "config" / "identity.json").write_text(
        json.dumps({"shared database db.force.example/asbdesk": {"account": os_account(), "login": "ann_x"}}),
        encoding="utf-8",
    )
    assert signin.remembered("postgresql://db.force.example/asbdesk").login == "ann_x"
    assert signin.remembered("postgresql://ann_x@db.force.example/asbdesk").login == "ann_x"
    assert signin.remembered("postgresql://bob@db.force.example/asbdesk").login is None


def test_another_os_account_or_a_damaged_file_is_no_memory(home, monkeypatch):
    signin.remember("postgresql://db.force.example/asbdesk", "ann_x")
    from asbdesk.storage import store as store_module

    with monkeypatch.context() as patched:  # undone at the end of the block only (ASBDESK_HOME stays)
        patched.setattr(store_module, "os_account", lambda: "someone-else")
        assert signin.remembered("postgresql://db.force.example/asbdesk").login is None
    (home / "config" / "identity.json").write_text("{not json", encoding="utf-8")
    assert signin.remembered("postgresql://db.force.example/asbdesk").login is None
    signin.remember("postgresql://db.force.example/asbdesk", "ann_x")  # written afresh, whole
    assert signin.remembered("postgresql://db.force.example/asbdesk").login == "ann_x"


def test_a_local_database_is_always_the_os_account(home, tmp_path):
    assert signin.remembered(f"sqlite:///{tmp_path / 'x.sqlite'}") == signin.QueueAs(os_account(), confirmed=True)
    store = Store.open(f"sqlite:///{tmp_path / 'x.sqlite'}")
    try:
        assert signin.sign_in(store) == os_account()
    finally:
        store.close()
    assert not (home / "config" / "identity.json").exists()  # nothing to remember


def test_every_command_that_signs_in_remembers_the_login(capsys, home, pg_template):
    """The probe's workstation was set up by commands, never by a desk online: the memory
    was written by the desk's start only, so its offline start queued as the OS account."""
    from tests.storage.conftest import drop_pg, fresh_pg_url

    url, name = fresh_pg_url(pg_template)
    try:
        code, _, err = run_cli(
            capsys, "users", "add", "postgres", "--name", "DB Owner", "--role", "administrator", "--database", url
        )
        assert code == 0, err
        remembered = signin.remembered(url)
        assert remembered.login == "postgres"  # the database login, whatever the OS account
        assert remembered.since is not None and not remembered.confirmed
        assert (paths.config_dir() / "identity.json").is_file()
    finally:
        drop_pg(name)
