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
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import (
    Column,
    Connection,
    Integer,
    MetaData,
    Table,
    Text,
    create_engine,
    delete,
    event,
    func,
    inspect,
    select,
    update,
)
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.pool import NullPool

from asbdesk.paths import create_private_file, private_dir
from asbdesk.storage.database import DatabaseBusy, DatabaseFault, DatabaseUnavailable, StorageError
from asbdesk.storage.records import (
    Actor,
    CallerContext,
    ContactRecord,
    HistoryEntry,
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

        return {
            "waiting": self.waiting,
            "oldest": iso(self.oldest),
            "last_error": self.last_error,
            "last_delivered": iso(self.last_delivered),
            "last_attempt": iso(self.last_attempt),
        }


def _now() -> datetime:
    return datetime.now(UTC)


def _pragmas(dbapi_connection, _record) -> None:
    dbapi_connection.isolation_level = None  # the BEGIN IMMEDIATE below is the only one
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")  # a queued log must survive a power cut
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


# The outbox file's own small schema, versioned (PRAGMA user_version) and migrated in
# order like the main database: a file from an earlier asbdesk is upgraded on open, one
# from a newer asbdesk is refused untouched. SQLAlchemy Core, bound parameters only.
_meta = MetaData()
_queue = Table(
    "outbox",
    _meta,
    Column("uuid", Text, primary_key=True),
    Column("username", Text, nullable=False),
    Column("workstation", Text, nullable=False),
    Column("payload", Text, nullable=False),
    Column("queued_at", Text, nullable=False),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("last_error", Text),
)
_cache = Table(
    "caller_cache", _meta, Column("person_id", Integer, primary_key=True), Column("payload", Text, nullable=False)
)
_delivery = Table("delivery", _meta, Column("key", Text, primary_key=True), Column("value", Text))
_draft = Table(
    "draft",
    _meta,
    Column("uuid", Text, primary_key=True),
    Column("username", Text, nullable=False),
    Column("updated_at", Text, nullable=False),
    Column("payload", Text, nullable=False),
)

# Version 1: the queue and the caller cache (asbdesk before issue 8, no version recorded).
# Version 2: delivery notes and the workstation's drafts.
OUTBOX_SCHEMA = 2
_MIGRATIONS: dict[int, tuple[Table, ...]] = {1: (_queue, _cache), 2: (_delivery, _draft)}


class OutboxDamaged(DatabaseFault):
    """The workstation's outbox file cannot be read as a database; left untouched."""


class OutboxNewer(StorageError):
    """The outbox file was written by a newer asbdesk; it is left untouched."""


class Outbox:
    """A durable queue of contacts waiting for the shared database, the last copy of each
    caller seen here, and the workstation's own drafts (an unfinished call survives a
    crash whether or not the shared database is up: issue 8)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        private_dir(self.path.parent)
        self._refuse_newer()
        # Private to the user: the file is made 0600 before SQLite opens it (its -wal and
        # -shm files take the same mode), and statement parameters never go in an error.
        try:
            create_private_file(self.path)
        except OSError:
            pass  # e.g. a read-only folder: SQLite says so when it opens the file
        # A connection per use, closed after it (NullPool): nothing is left open behind.
        self.engine = create_engine(
            f"sqlite:///{self.path}", poolclass=NullPool, connect_args={"timeout": 30}, hide_parameters=True
        )
        event.listen(self.engine, "connect", _pragmas)
        event.listen(self.engine, "begin", lambda connection: connection.exec_driver_sql("BEGIN IMMEDIATE"))
        self._migrate()

    def _refuse_newer(self) -> None:
        """Read the version read-only, before anything (even the switch to WAL) writes."""
        if not self.path.exists():
            return
        import sqlite3
        from contextlib import closing

        try:
            with closing(sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)) as db:
                version = db.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as error:  # not a database, or damaged (issue 20: said, not a crash)
            raise OutboxDamaged(
                f"The outbox {self.path} cannot be read ({error}): it is damaged or not an asbdesk outbox. "
                "Nothing was changed in it. Move it aside (rename it) and tell your IT team: the logs it "
                "may hold can be recovered from it; asbdesk then starts a new one."
            ) from None
        if version > OUTBOX_SCHEMA:
            raise OutboxNewer(
                f"The outbox {self.path} was written by a newer asbdesk (schema {version}, this one knows "
                f"{OUTBOX_SCHEMA}); it has been left untouched: update asbdesk on this workstation."
            )

    def _migrate(self) -> None:
        with self._connect() as db:
            version = db.exec_driver_sql("PRAGMA user_version").scalar() or 0
            if version == 0 and inspect(db).has_table("outbox"):
                version = 1  # made before the outbox had a version
            for step in range(version + 1, OUTBOX_SCHEMA + 1):
                for table in _MIGRATIONS[step]:
                    table.create(db, checkfirst=True)
            if version != OUTBOX_SCHEMA:
                db.exec_driver_sql(f"PRAGMA user_version = {int(OUTBOX_SCHEMA)}")

    @contextmanager
    def _connect(self) -> Iterator[Connection]:
        with self.engine.begin() as connection:
            yield connection

    def close(self) -> None:
        self.engine.dispose()

    @property
    def schema_version(self) -> int:
        with self._connect() as db:
            return int(db.exec_driver_sql("PRAGMA user_version").scalar() or 0)

    # ------------------------------------------------------------------ drafts (local)

    def save_draft(self, actor: Actor, uuid: str, payload: dict) -> None:
        with self._connect() as db:
            db.execute(
                sqlite_insert(_draft)
                .values(uuid=uuid, username=actor.username, updated_at=_now().isoformat(), payload=json.dumps(payload))
                .prefix_with("OR REPLACE")
            )

    def drafts(self, actor: Actor) -> list[tuple[str, datetime, dict]]:
        """The operator's unfinished contacts on this workstation, oldest first."""
        with self._connect() as db:
            rows = db.execute(
                select(_draft.c.uuid, _draft.c.updated_at, _draft.c.payload)
                .where(_draft.c.username == actor.username)
                .order_by(_draft.c.updated_at)
            ).all()
        found = []
        for u, t, p in rows:
            try:  # one unreadable draft must not hide the others (issue 20): it is set aside, counted
                found.append((u, datetime.fromisoformat(t), json.loads(p)))
            except (TypeError, ValueError):
                log.warning("an unfinished contact on this workstation cannot be read and is set aside")
        return found

    def discard_draft(self, uuid: str) -> None:
        with self._connect() as db:
            db.execute(delete(_draft).where(_draft.c.uuid == uuid))

    # ------------------------------------------------------------------ delivery

    def _note(self, db: Connection, **values: str | None) -> None:
        for key, value in values.items():
            db.execute(sqlite_insert(_delivery).values(key=key, value=value).prefix_with("OR REPLACE"))

    def status(self) -> OutboxStatus:
        with self._connect() as db:
            waiting, oldest = db.execute(select(func.count(), func.min(_queue.c.queued_at))).one()
            notes = dict(db.execute(select(_delivery.c.key, _delivery.c.value)).all())

        def when(value: str | None) -> datetime | None:
            return datetime.fromisoformat(value) if value else None

        return OutboxStatus(
            waiting,
            when(oldest),
            notes.get("last_error"),
            when(notes.get("last_delivered")),
            when(notes.get("last_attempt")),
        )

    def put(self, actor: Actor, record: ContactRecord) -> None:
        with self._connect() as db:
            db.execute(
                sqlite_insert(_queue)
                .values(
                    uuid=record.uuid,
                    username=actor.username,
                    workstation=actor.workstation,
                    payload=json.dumps(record.to_json()),
                    queued_at=_now().isoformat(),
                )
                .prefix_with("OR IGNORE")
            )

    def pending(self) -> list[Pending]:
        with self._connect() as db:
            rows = db.execute(
                select(_queue.c.uuid, _queue.c.queued_at, _queue.c.attempts, _queue.c.last_error).order_by(
                    _queue.c.queued_at, _queue.c.uuid
                )
            ).all()
        return [Pending(u, datetime.fromisoformat(q), a, e) for u, q, a, e in rows]

    def __len__(self) -> int:
        with self._connect() as db:
            return int(db.execute(select(func.count()).select_from(_queue)).scalar_one())

    def flush(self, store: Store) -> list[SaveResult]:
        """Deliver what is waiting, oldest first (in order: the reference is the
        idempotency key, so a contact lands once even if a reply was lost). Stops at the
        first contact that cannot be delivered now and records why; raises nothing for a
        storage problem (the status says it), so a sender keeps going."""
        delivered = []
        with self._connect() as db:
            rows = db.execute(
                select(_queue.c.uuid, _queue.c.username, _queue.c.workstation, _queue.c.payload).order_by(
                    _queue.c.queued_at, _queue.c.uuid
                )
            ).all()
            if rows:
                self._note(db, last_attempt=_now().isoformat())
        for uuid, username, workstation, payload in rows:
            try:
                record = ContactRecord.from_json(json.loads(payload))
            except ValueError:  # damaged on disk: kept (never dropped) and said, the rest still go
                self._failed(uuid, "this queued contact cannot be read back; it is kept and was not sent")
                continue
            try:
                result = store.save_contact(Actor(username, workstation), record)
            except StorageError as error:  # away, busy, refused, or a fault: kept, in order, with why
                self._failed(uuid, str(error))
                break
            # Delivered (or found already delivered): only now leave the queue.
            with self._connect() as db:
                db.execute(delete(_queue).where(_queue.c.uuid == uuid))
                self._note(db, last_delivered=_now().isoformat(), last_error=None)
            delivered.append(result)
            log.info("outbox delivered one contact (%s)", "new" if result.created else "already saved")
        return delivered

    def _failed(self, uuid: str, error: str) -> None:
        with self._connect() as db:
            db.execute(
                update(_queue)
                .where(_queue.c.uuid == uuid)
                .values(attempts=_queue.c.attempts + 1, last_error=error[:500])
            )
            self._note(db, last_error=error[:500])

    def remember(self, context: CallerContext) -> None:
        with self._connect() as db:
            db.execute(
                sqlite_insert(_cache)
                .values(person_id=context.person.id, payload=json.dumps(context.to_json()))
                .prefix_with("OR REPLACE")
            )

    def recall(self, person_id: int) -> CallerContext | None:
        with self._connect() as db:
            row = db.execute(select(_cache.c.payload).where(_cache.c.person_id == person_id)).first()
        return _cached_context(row[0]) if row else None

    def search_cache(self, text: str, limit: int = 20) -> list[PersonSummary]:
        """Callers seen on this workstation whose name, number or postcode matches ``text``."""
        needle = "".join(text.lower().split())
        digits = "".join(c for c in text if c.isdigit()).lstrip("0")
        if not needle:
            return []
        found = []
        with self._connect() as db:
            rows = db.execute(select(_cache.c.payload)).all()
        for (payload,) in rows:
            cached = _cached_context(payload)
            if cached is None:
                continue
            person = cached.person
            names = person.name.lower().replace(" ", "")
            postcodes = [p.postcode.lower().replace(" ", "") for p in person.locations]
            phones = [p.lstrip("+").removeprefix("44") for p in person.phones]
            if (
                needle in names
                or person.family_name.lower().startswith(text.strip().lower())
                or any(needle and pc.startswith(needle) for pc in postcodes)
                or (len(digits) >= 4 and any(digits in p for p in phones))
            ):
                found.append(replace(person, matched_on="offline copy"))
        return found[:limit]

    def queued_for(self, person_id: int) -> list[ContactRecord]:
        with self._connect() as db:
            rows = db.execute(select(_queue.c.payload).order_by(_queue.c.queued_at)).all()
        records = [ContactRecord.from_json(json.loads(r[0])) for r in rows]
        return [r for r in records if r.person_id == person_id]


class ResilientSaver:
    """Save to the shared database, or to the outbox when it cannot be reached; look a
    caller up, or fall back to the last copy seen, marked incomplete."""

    def __init__(self, store: Store, outbox: Outbox) -> None:
        self.store = store
        self.outbox = outbox

    def caller_context(self, actor: Actor, person_id: int, now: datetime) -> CallerContext:
        try:
            context = self.store.caller_context(actor, person_id, now)
        except DatabaseUnavailable:
            cached = self.outbox.recall(person_id)
            if cached is None:
                raise
            # Add what was saved here while offline: the repeat rule counts it too.
            queued = tuple(
                HistoryEntry(
                    0,
                    "(queued)",
                    r.started_at,
                    r.assessment["channel"],
                    r.assessment["incident"]["code"],
                    r.assessment["incident"]["category"],
                    r.assessment["risk"]["level"],
                    r.assessment["grade"]["id"],
                    r.assessment["rag"],
                    r.person_id,
                    r.location_id,
                )
                for r in self.outbox.queued_for(person_id)
            )
            history = tuple(sorted(queued + cached.history, key=lambda h: h.started_at, reverse=True))
            return replace(cached, history=history, complete=False)
        self.outbox.remember(context)
        return context

    def save(self, actor: Actor, record: ContactRecord) -> SaveResult:
        try:
            result = self.store.save_contact(actor, record)
        except (DatabaseUnavailable, DatabaseBusy):
            self.outbox.put(actor, record)
            log.warning("shared database unreachable: one contact queued in the outbox")
            result = SaveResult(
                record.uuid, None, None, True, queued=True, person_id=record.person_id, location_id=record.location_id
            )
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


def _cached_context(payload: str) -> CallerContext | None:
    """A caller's last copy kept here; one that cannot be read back (damaged, or kept by
    another version) is as if never kept: the desk then says the caller cannot be shown."""
    try:
        return CallerContext.from_json(json.loads(payload))
    except ValueError:  # bad JSON, or pydantic's ValidationError
        log.warning("outbox: a caller's cached copy could not be read and was ignored")
        return None
