"""Nothing lost: saves that cannot reach the shared database wait in a local outbox.

The outbox is a SQLite file in the user's data folder. A sender delivers each
contact when the database is back; delivery is idempotent by the contact's
client-made uuid, so a contact lands once and only once even if a reply is lost
and it is sent again.
"""

from __future__ import annotations

import json
import logging
import random
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime, timezone
from pathlib import Path

from asbdesk.core.call import HistoryItem
from asbdesk.core.engine import Engine as AssessmentEngine
from asbdesk.core.engine import RepeatResult
from asbdesk.storage.database import DatabaseBusy, DatabaseUnavailable, StorageError
from asbdesk.storage.records import (
    Actor,
    CallerContext,
    ContactRecord,
    FlagRecord,
    HistoryEntry,
    LocationRecord,
    PersonSummary,
    SaveResult,
)
from asbdesk.storage.store import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Pending:
    uuid: str
    queued_at: datetime
    attempts: int
    last_error: str | None


@dataclass(frozen=True)
class OutboxStatus:
    """What waits and how delivery went (``asbdesk outbox status``, the status bar)."""

    waiting: int
    oldest: datetime | None
    last_error: str | None
    last_delivered: datetime | None
    last_attempt: datetime | None

    def to_json(self) -> dict:
        def iso(moment: datetime | None) -> str | None:
            return moment.isoformat() if moment else None

        return {"waiting": self.waiting, "oldest": iso(self.oldest), "last_error": self.last_error,
                "last_delivered": iso(self.last_delivered), "last_attempt": iso(self.last_attempt)}


def _now() -> datetime:
    return datetime.now(timezone.utc)


class Outbox:
    """A durable queue of contacts waiting for the shared database, and the workstation's
    own drafts (an unfinished call survives a crash whether or not the shared database is
    up: issue 8)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute("CREATE TABLE IF NOT EXISTS delivery (key TEXT PRIMARY KEY, value TEXT)")
            db.execute(
                "CREATE TABLE IF NOT EXISTS draft (uuid TEXT PRIMARY KEY, username TEXT NOT NULL,"
                " updated_at TEXT NOT NULL, payload TEXT NOT NULL)"
            )
            db.execute(
                "CREATE TABLE IF NOT EXISTS outbox ("
                " uuid TEXT PRIMARY KEY, username TEXT NOT NULL, workstation TEXT NOT NULL,"
                " payload TEXT NOT NULL, queued_at TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,"
                " last_error TEXT)"
            )
            # The last context seen for each caller, shown (marked incomplete) while offline.
            db.execute("CREATE TABLE IF NOT EXISTS caller_cache (person_id INTEGER PRIMARY KEY, payload TEXT NOT NULL)")

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        # Closed on leaving (sqlite3's own context manager only ends the transaction).
        with closing(sqlite3.connect(self.path, timeout=30, isolation_level=None)) as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")  # a queued log must survive a power cut
            yield db

    # ------------------------------------------------------------------ drafts (local)

    def save_draft(self, actor: Actor, uuid: str, payload: dict) -> None:
        with self._connect() as db:
            db.execute(
                "INSERT OR REPLACE INTO draft (uuid, username, updated_at, payload) VALUES (?, ?, ?, ?)",
                (uuid, actor.username, _now().isoformat(), json.dumps(payload)),
            )

    def drafts(self, actor: Actor) -> list[tuple[str, datetime, dict]]:
        """The operator's unfinished contacts on this workstation, oldest first."""
        with self._connect() as db:
            rows = db.execute("SELECT uuid, updated_at, payload FROM draft WHERE username = ? ORDER BY updated_at",
                              (actor.username,)).fetchall()
        return [(u, datetime.fromisoformat(t), json.loads(p)) for u, t, p in rows]

    def discard_draft(self, uuid: str) -> None:
        with self._connect() as db:
            db.execute("DELETE FROM draft WHERE uuid = ?", (uuid,))

    # ------------------------------------------------------------------ delivery

    def _note(self, db: sqlite3.Connection, **values: str | None) -> None:
        for key, value in values.items():
            db.execute("INSERT OR REPLACE INTO delivery (key, value) VALUES (?, ?)", (key, value))

    def status(self) -> OutboxStatus:
        with self._connect() as db:
            waiting, oldest = db.execute("SELECT count(*), min(queued_at) FROM outbox").fetchone()
            notes = dict(db.execute("SELECT key, value FROM delivery").fetchall())

        def when(value: str | None) -> datetime | None:
            return datetime.fromisoformat(value) if value else None

        return OutboxStatus(waiting, when(oldest), notes.get("last_error"), when(notes.get("last_delivered")),
                            when(notes.get("last_attempt")))

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
        """Deliver what is waiting, oldest first (in order: the reference is the
        idempotency key, so a contact lands once even if a reply was lost). Stops at the
        first contact that cannot be delivered now and records why; raises nothing for a
        storage problem (the status says it), so a sender keeps going."""
        delivered = []
        with self._connect() as db:
            rows = db.execute("SELECT uuid, username, workstation, payload FROM outbox ORDER BY queued_at, uuid").fetchall()
            if rows:
                self._note(db, last_attempt=_now().isoformat())
        for uuid, username, workstation, payload in rows:
            record = ContactRecord.from_json(json.loads(payload))
            try:
                result = store.save_contact(Actor(username, workstation), record)
            except StorageError as error:  # away, busy, refused, or a fault: kept, in order, with why
                self._failed(uuid, str(error))
                break
            # Delivered (or found already delivered): only now leave the queue.
            with self._connect() as db:
                db.execute("DELETE FROM outbox WHERE uuid = ?", (uuid,))
                self._note(db, last_delivered=_now().isoformat(), last_error=None)
            delivered.append(result)
            log.info("outbox delivered one contact (%s)", "new" if result.created else "already saved")
        return delivered

    def _failed(self, uuid: str, error: str) -> None:
        with self._connect() as db:
            db.execute("UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE uuid = ?", (error[:500], uuid))
            self._note(db, last_error=error[:500])


    def remember(self, context: CallerContext) -> None:
        with self._connect() as db:
            db.execute(
                "INSERT OR REPLACE INTO caller_cache (person_id, payload) VALUES (?, ?)",
                (context.person.id, json.dumps(context_to_json(context))),
            )

    def recall(self, person_id: int) -> CallerContext | None:
        with self._connect() as db:
            row = db.execute("SELECT payload FROM caller_cache WHERE person_id = ?", (person_id,)).fetchone()
        return context_from_json(json.loads(row[0])) if row else None

    def search_cache(self, text: str, limit: int = 20) -> list[PersonSummary]:
        """Callers seen on this workstation whose name, number or postcode matches ``text``."""
        needle = "".join(text.lower().split())
        digits = "".join(c for c in text if c.isdigit()).lstrip("0")
        if not needle:
            return []
        found = []
        with self._connect() as db:
            rows = db.execute("SELECT payload FROM caller_cache").fetchall()
        for (payload,) in rows:
            person = context_from_json(json.loads(payload)).person
            names = person.name.lower().replace(" ", "")
            postcodes = [p.postcode.lower().replace(" ", "") for p in person.locations]
            phones = [p.lstrip("+").removeprefix("44") for p in person.phones]
            if (needle in names or person.family_name.lower().startswith(text.strip().lower())
                    or any(needle and pc.startswith(needle) for pc in postcodes)
                    or (len(digits) >= 4 and any(digits in p for p in phones))):
                found.append(replace(person, matched_on="offline copy"))
        return found[:limit]

    def queued_for(self, person_id: int) -> list[ContactRecord]:
        with self._connect() as db:
            rows = db.execute("SELECT payload FROM outbox ORDER BY queued_at").fetchall()
        records = [ContactRecord.from_json(json.loads(r[0])) for r in rows]
        return [r for r in records if r.person_id == person_id]


class ResilientSaver:
    """Save to the shared database, or to the outbox when it cannot be reached; look a
    caller up, or fall back to the last copy seen, marked incomplete."""

    def __init__(self, store: Store, outbox: Outbox) -> None:
        self.store = store
        self.outbox = outbox

    def caller_context(self, actor: Actor, person_id: int, now: datetime, engine: AssessmentEngine) -> CallerContext:
        try:
            context = self.store.caller_context(actor, person_id, now, engine)
        except DatabaseUnavailable:
            cached = self.outbox.recall(person_id)
            if cached is None:
                raise
            # Add what was saved here while offline, then recount the repeat rule.
            queued = tuple(
                HistoryEntry(0, "(queued)", r.started_at, r.assessment["channel"], r.assessment["incident"]["code"],
                             r.assessment["incident"]["category"], r.assessment["risk"]["level"], r.assessment["grade"]["id"],
                             r.assessment["rag"], r.person_id, r.location_id)
                for r in self.outbox.queued_for(person_id)
            )
            history = tuple(sorted(queued + cached.history, key=lambda h: h.started_at, reverse=True))
            results = engine.repeat_results(now, [HistoryItem(h.started_at, h.incident_code, h.reference) for h in history])
            return replace(
                cached, history=history, repeat=engine.primary_repeat(results, 1 + len(history)), repeat_rules=results, complete=False
            )
        self.outbox.remember(context)
        return context

    def save(self, actor: Actor, record: ContactRecord) -> SaveResult:
        try:
            result = self.store.save_contact(actor, record)
        except (DatabaseUnavailable, DatabaseBusy):
            self.outbox.put(actor, record)
            log.warning("shared database unreachable: one contact queued in the outbox")
            result = SaveResult(record.uuid, None, None, True, queued=True, person_id=record.person_id, location_id=record.location_id)
        self.outbox.discard_draft(record.uuid)  # saved or safely queued: no longer unfinished
        return result

    def find_callers(self, actor: Actor, text: str) -> list[PersonSummary]:
        """Search the shared database; while it is away, the callers seen on this
        workstation (their last copy), so a repeat caller is still recognised."""
        try:
            return self.store.find_callers(actor, text)
        except DatabaseUnavailable:
            return self.outbox.search_cache(text)

    def save_draft(self, actor: Actor, uuid: str, payload: dict) -> None:
        """Drafts go to the workstation's own file, up or down: a crash loses nothing."""
        self.outbox.save_draft(actor, uuid, payload)

    def drafts(self, actor: Actor) -> list[tuple[str, datetime, dict]]:
        return self.outbox.drafts(actor)

    def online(self) -> bool:
        """Whether the shared database answers now (checks its schema when it comes back)."""
        try:
            self.store.ping()
        except StorageError:
            return False
        return True


class OutboxSender(threading.Thread):
    """Background delivery from the desk's start to its exit. After a failed round it
    waits longer each time (``interval`` doubling up to ``ceiling``, with jitter so a
    room of workstations does not retry in step); a :meth:`nudge` (the database is back,
    a log was queued) tries at once."""

    def __init__(self, outbox: Outbox, store: Store, interval: float = 2.0, ceiling: float = 60.0) -> None:
        super().__init__(name="asbdesk-outbox", daemon=True)
        self.outbox, self.store, self.interval, self.ceiling = outbox, store, interval, ceiling
        self._stop_event = threading.Event()
        self._wake = threading.Event()
        self.rounds = 0

    def run(self) -> None:
        delay = self.interval
        while not self._stop_event.is_set():
            try:
                waiting = len(self.outbox)
                if waiting:
                    self.outbox.flush(self.store)
                    self.rounds += 1
                    delay = self.interval if len(self.outbox) == 0 else min(self.ceiling, delay * 2)
                else:
                    delay = self.interval
            except Exception:  # keep the sender alive; the error is ours and is logged
                log.exception("outbox sender failed; will retry")
                delay = min(self.ceiling, delay * 2)
            self._wake.wait(delay * random.uniform(0.8, 1.2))
            self._wake.clear()

    def nudge(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stop_event.set()
        self._wake.set()


def context_to_json(context: CallerContext) -> dict:
    return json.loads(json.dumps(asdict(context), default=lambda v: v.isoformat()))


def context_from_json(data: dict) -> CallerContext:
    def when(value: str | None) -> datetime | None:
        return datetime.fromisoformat(value) if value else None

    person = data["person"]
    summary = PersonSummary(
        person["id"], person["given_name"], person["family_name"],
        date.fromisoformat(person["date_of_birth"]) if person["date_of_birth"] else None,
        tuple(person["phones"]), tuple(LocationRecord(**loc) for loc in person["locations"]), person["matched_on"],
    )
    flags = tuple(
        FlagRecord(**{**f, "requested_at": when(f["requested_at"]), "expires_at": when(f["expires_at"]),
                      "review_due": date.fromisoformat(f["review_due"]) if f["review_due"] else None})
        for f in data["flags"]
    )

    def entries(items: list[dict]) -> tuple[HistoryEntry, ...]:
        return tuple(HistoryEntry(**{**h, "started_at": when(h["started_at"])}) for h in items)

    def repeat(r: dict) -> RepeatResult:
        return RepeatResult(**{**r, "incidents": tuple(r["incidents"])})

    return CallerContext(
        summary, flags, entries(data["history"]), entries(data["location_history"]),
        repeat(data["repeat"]), tuple(repeat(r) for r in data["repeat_rules"]), data["complete"],
    )
