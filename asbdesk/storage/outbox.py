"""Nothing lost: saves that cannot reach the shared database wait in a local outbox.

The outbox is a SQLite file in the user's data folder. A sender delivers each
contact when the database is back; delivery is idempotent by the contact's
client-made uuid, so a contact lands once and only once even if a reply is lost
and it is sent again.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from asbdesk.storage.database import DatabaseUnavailable
from asbdesk.storage.records import Actor, ContactRecord, SaveResult
from asbdesk.storage.store import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Pending:
    uuid: str
    queued_at: datetime
    attempts: int
    last_error: str | None


class Outbox:
    """A durable queue of contacts waiting for the shared database."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute(
                "CREATE TABLE IF NOT EXISTS outbox ("
                " uuid TEXT PRIMARY KEY, username TEXT NOT NULL, workstation TEXT NOT NULL,"
                " payload TEXT NOT NULL, queued_at TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,"
                " last_error TEXT)"
            )

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")  # a queued log must survive a power cut
        return db

    def put(self, actor: Actor, record: ContactRecord) -> None:
        with self._connect() as db:
            db.execute(
                "INSERT OR IGNORE INTO outbox (uuid, username, workstation, payload, queued_at) VALUES (?, ?, ?, ?, ?)",
                (record.uuid, actor.username, actor.workstation, json.dumps(record.to_json()), datetime.now(timezone.utc).isoformat()),
            )

    def pending(self) -> list[Pending]:
        with self._connect() as db:
            rows = db.execute("SELECT uuid, queued_at, attempts, last_error FROM outbox ORDER BY queued_at, uuid").fetchall()
        return [Pending(u, datetime.fromisoformat(q), a, e) for u, q, a, e in rows]

    def __len__(self) -> int:
        with self._connect() as db:
            return db.execute("SELECT count(*) FROM outbox").fetchone()[0]

    def flush(self, store: Store) -> list[SaveResult]:
        """Deliver what is waiting, oldest first; stop at the first sign the database is away."""
        delivered = []
        with self._connect() as db:
            rows = db.execute("SELECT uuid, username, workstation, payload FROM outbox ORDER BY queued_at, uuid").fetchall()
        for uuid, username, workstation, payload in rows:
            record = ContactRecord.from_json(json.loads(payload))
            try:
                result = store.save_contact(Actor(username, workstation), record)
            except DatabaseUnavailable as error:
                self._failed(uuid, str(error))
                break
            # Delivered (or found already delivered): only now leave the queue.
            with self._connect() as db:
                db.execute("DELETE FROM outbox WHERE uuid = ?", (uuid,))
            delivered.append(result)
            log.info("outbox delivered one contact (%s)", "new" if result.created else "already saved")
        return delivered

    def _failed(self, uuid: str, error: str) -> None:
        with self._connect() as db:
            db.execute("UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE uuid = ?", (error[:500], uuid))


class ResilientSaver:
    """Save to the shared database, or to the outbox when it cannot be reached."""

    def __init__(self, store: Store, outbox: Outbox) -> None:
        self.store = store
        self.outbox = outbox

    def save(self, actor: Actor, record: ContactRecord) -> SaveResult:
        try:
            return self.store.save_contact(actor, record)
        except DatabaseUnavailable:
            self.outbox.put(actor, record)
            log.warning("shared database unreachable: one contact queued in the outbox")
            return SaveResult(record.uuid, None, None, True, queued=True, person_id=record.person_id, location_id=record.location_id)


class OutboxSender(threading.Thread):
    """Background delivery: tries every ``interval`` seconds until stopped."""

    def __init__(self, outbox: Outbox, store: Store, interval: float = 15.0) -> None:
        super().__init__(name="asbdesk-outbox", daemon=True)
        self.outbox, self.store, self.interval = outbox, store, interval
        self._stop_event = threading.Event()
        self._wake = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            try:
                if len(self.outbox):
                    self.outbox.flush(self.store)
            except Exception:  # keep the sender alive; the error is ours and is logged
                log.exception("outbox sender failed; will retry")
            self._wake.wait(self.interval)
            self._wake.clear()

    def nudge(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stop_event.set()
        self._wake.set()
