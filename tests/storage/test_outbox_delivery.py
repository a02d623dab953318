"""The outbox as the application uses it: local drafts, delivery status, the sender's
backoff, and `asbdesk outbox status|send` (issue 8)."""

from __future__ import annotations

import json
import time
from datetime import timedelta

from asbdesk.cli import main
from asbdesk.storage.outbox import OUTBOX_SCHEMA, Outbox, OutboxSender, ResilientSaver
from asbdesk.storage.store import Store
from tests.storage.conftest import ANN, NOW
from tests.storage.helpers import contact


def test_drafts_live_in_the_workstations_own_file(tmp_path):
    outbox = Outbox(tmp_path / "outbox.sqlite")
    outbox.save_draft(ANN, "u-1", {"answers": {"q": "first"}})
    outbox.save_draft(ANN, "u-1", {"answers": {"q": "second"}})
    [(uuid, _at, payload)] = outbox.drafts(ANN)
    assert (uuid, payload) == ("u-1", {"answers": {"q": "second"}})
    assert Outbox(tmp_path / "outbox.sqlite").drafts(ANN)[0][2] == payload  # survives a restart
    outbox.discard_draft("u-1")
    assert outbox.drafts(ANN) == []


def test_status_and_cli_status_send(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ASBDESK_HOME", str(tmp_path))
    from asbdesk import paths

    url = f"sqlite:///{tmp_path / 'shared.sqlite'}"
    store = Store.open(url, clock=lambda: NOW)
    store.ensure_user("ann", "Ann Handler", "call_handler")
    outbox = Outbox(paths.outbox_path())
    for days in (2, 1):
        outbox.put(ANN, contact(NOW - timedelta(days=days)))
    status = outbox.status()
    assert status.waiting == 2 and status.oldest is not None and status.last_delivered is None
    assert main(["outbox", "status", "--format", "json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["waiting"] == 2 and shown["last_delivered"] is None
    store.close()
    assert main(["outbox", "send", "--database", url]) == 0
    assert "delivered 2; 0 waiting" in capsys.readouterr().out
    assert outbox.status().waiting == 0 and outbox.status().last_delivered is not None
    # Nothing to reach: the contact stays, the command says why and exits 1.
    outbox.put(ANN, contact(NOW))
    assert main(["outbox", "send", "--database", "postgresql://nobody@127.0.0.1:9/none"]) == 1
    err = capsys.readouterr().err
    assert "not delivered:" in err and outbox.status().waiting == 1


def test_sender_backs_off_while_away_and_delivers_on_a_nudge(tmp_path):
    store = Store.open(f"sqlite:///{tmp_path / 'shared.sqlite'}", clock=lambda: NOW)
    store.ensure_user("ann", "Ann Handler", "call_handler")
    outbox = Outbox(tmp_path / "outbox.sqlite")
    saver = ResilientSaver(store, outbox)
    record = contact(NOW)
    outbox.put(ANN, record)
    sender = OutboxSender(outbox, store, interval=30.0)  # the first try is at once; the next would be 30 s
    sender.start()
    try:
        deadline = time.monotonic() + 10
        while len(outbox) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(outbox) == 0 and sender.rounds == 1
        outbox.put(ANN, contact(NOW + timedelta(minutes=1)))
        sender.nudge()  # a newly queued log: tried now, not in 30 s
        deadline = time.monotonic() + 10
        while len(outbox) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(outbox) == 0
    finally:
        sender.stop()
        sender.join(5)
        store.close()
    assert saver.drafts(ANN) == []


V1_DDL = (  # the outbox file as asbdesk wrote it before it had a version (issue 3)
    "CREATE TABLE outbox (uuid TEXT PRIMARY KEY, username TEXT NOT NULL, workstation TEXT NOT NULL,"
    " payload TEXT NOT NULL, queued_at TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT)",
    "CREATE TABLE caller_cache (person_id INTEGER PRIMARY KEY, payload TEXT NOT NULL)",
)


def test_an_outbox_file_from_before_versions_is_upgraded_with_its_queue_kept(tmp_path):
    import sqlite3
    from contextlib import closing

    path = tmp_path / "outbox.sqlite"
    record = contact(NOW)
    with closing(sqlite3.connect(path)) as db:
        for ddl in V1_DDL:
            db.execute(ddl)
        db.execute(
            "INSERT INTO outbox (uuid, username, workstation, payload, queued_at) VALUES (?, ?, ?, ?, ?)",
            (record.uuid, ANN.username, ANN.workstation, json.dumps(record.to_json()), NOW.isoformat()),
        )
        db.commit()
    outbox = Outbox(path)
    assert outbox.schema_version == OUTBOX_SCHEMA and len(outbox) == 1
    outbox.save_draft(ANN, "d", {})  # the new tables exist
    store = Store.open(f"sqlite:///{tmp_path / 'shared.sqlite'}", clock=lambda: NOW)
    store.ensure_user("ann", "Ann Handler", "call_handler")
    [result] = outbox.flush(store)
    assert result.uuid == record.uuid and len(outbox) == 0
    store.close()
    outbox.close()


def test_an_outbox_file_from_a_newer_asbdesk_is_refused_untouched(tmp_path):
    import sqlite3
    from contextlib import closing

    import pytest

    from asbdesk.storage.outbox import OutboxNewer

    path = tmp_path / "outbox.sqlite"
    with closing(sqlite3.connect(path)) as db:
        db.execute("CREATE TABLE future (x)")
        db.execute("PRAGMA user_version = 99")
        db.commit()
    before = path.read_bytes()
    with pytest.raises(OutboxNewer, match=f"written by a newer asbdesk .schema 99, this one knows {OUTBOX_SCHEMA}."):
        Outbox(path)
    assert path.read_bytes() == before
