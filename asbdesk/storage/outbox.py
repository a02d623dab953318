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
from collections.abc import Callable, Iterator
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

from asbdesk.core.normalise import NormaliseError, name_key, phone_e164, postcode
from asbdesk.paths import create_private_file, open_private, private_dir
from asbdesk.storage.database import (
    DatabaseBusy,
    DatabaseFault,
    DatabaseUnavailable,
    InvalidData,
    NotFound,
    PermissionDenied,
    StorageError,
)
from asbdesk.storage.records import (
    Actor,
    AddressInput,
    CallerContext,
    ContactRecord,
    HistoryEntry,
    LocationRecord,
    NewCaller,
    NewPerson,
    PersonSummary,
    SaveResult,
)
from asbdesk.storage.signin import QueueAs
from asbdesk.storage.store import Store, refuse_nul

log = logging.getLogger(__name__)

# What the database's refusal of one queued contact was, in a few words (issue 20). Such a
# contact is set aside (kept, never sent again by itself) and the rest are delivered.
USER_INACTIVE, PERMISSION, INVALID_DATA, UNREADABLE = "user not active", "permission", "invalid data", "unreadable"


@dataclass(frozen=True)
class Pending:
    uuid: str
    queued_at: datetime
    attempts: int
    last_error: str | None
    set_aside: bool = False


@dataclass(frozen=True)
class SetAside:
    """A queued contact the database refused, kept until a supervisor retries it (once the
    cause is fixed) or exports it to re-key. ``id`` is what ``asbdesk outbox set-aside``
    takes: the first 8 characters of the contact's uuid."""

    id: str
    uuid: str
    queued_as: str
    workstation: str
    queued_at: datetime
    set_aside_at: datetime
    cause: str  # USER_INACTIVE | PERMISSION | INVALID_DATA | UNREADABLE
    reason: str  # the database's refusal, in words
    attempts: int
    exported_to: str | None
    exported_at: datetime | None

    @property
    def words(self) -> str:
        return f"{self.cause}: {self.reason}"

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "uuid": self.uuid,
            "queued_as": self.queued_as,
            "workstation": self.workstation,
            "queued_at": self.queued_at.isoformat(),
            "set_aside_at": self.set_aside_at.isoformat(),
            "cause": self.cause,
            "reason": self.reason,
            "attempts": self.attempts,
            "exported_to": self.exported_to,
            "exported_at": self.exported_at.isoformat() if self.exported_at else None,
        }


@dataclass(frozen=True)
class OutboxStatus:
    """What waits and how delivery went (``asbdesk outbox status``, the status bar).
    ``waiting``: contacts still to be sent, in order; ``set_aside``: contacts the database
    refused, kept for a supervisor (those not yet exported need attention)."""

    waiting: int
    oldest: datetime | None
    last_error: str | None
    last_delivered: datetime | None
    last_attempt: datetime | None
    set_aside: tuple[SetAside, ...] = ()

    @property
    def need_attention(self) -> tuple[SetAside, ...]:
        return tuple(s for s in self.set_aside if s.exported_at is None)

    def to_json(self) -> dict:
        def iso(moment: datetime | None) -> str | None:
            return moment.isoformat() if moment else None

        return {
            "waiting": self.waiting,
            "oldest": iso(self.oldest),
            "last_error": self.last_error,
            "last_delivered": iso(self.last_delivered),
            "last_attempt": iso(self.last_attempt),
            "need_attention": len(self.need_attention),
            "set_aside": [s.to_json() for s in self.set_aside],
        }


class NotQueued(StorageError):
    """A save that could neither reach the database nor be queued: the call stays open and
    its draft stays on the workstation."""


class UnknownSetAside(LookupError):
    """No set-aside contact has this id; the message says which there are."""


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
    # Version 3 (issue 20): a contact the database refused is set aside, not retried in turn.
    Column("set_aside_at", Text),
    Column("cause", Text),
    Column("reason", Text),
    Column("exported_to", Text),
    Column("exported_at", Text),
)
_SET_ASIDE_COLUMNS = ("set_aside_at", "cause", "reason", "exported_to", "exported_at")
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
# Callers added here while the shared database was away (issue 20), under a local id
# (negative); ``person_id`` and ``outcome`` once a contact for them has been delivered.
_new_caller = Table(
    "new_caller",
    _meta,
    Column("local_id", Integer, primary_key=True, autoincrement=False),
    Column("username", Text, nullable=False),
    Column("added_at", Text, nullable=False),
    Column("payload", Text, nullable=False),
    Column("person_id", Integer),
    Column("outcome", Text),
)


def _version_1(db: Connection) -> None:
    for table in (_queue, _cache):
        table.create(db, checkfirst=True)


def _version_2(db: Connection) -> None:
    for table in (_delivery, _draft):
        table.create(db, checkfirst=True)


def _version_3(db: Connection) -> None:
    present = {column["name"] for column in inspect(db).get_columns("outbox")}
    for name in _SET_ASIDE_COLUMNS:
        if name not in present:  # the names are ours, never input
            db.exec_driver_sql(f"ALTER TABLE outbox ADD COLUMN {name} TEXT")
    _new_caller.create(db, checkfirst=True)


# Version 1: the queue and the caller cache (asbdesk before issue 8, no version recorded).
# Version 2: delivery notes and the workstation's drafts.
# Version 3: contacts set aside (why, when, exported where) and callers added offline.
OUTBOX_SCHEMA = 3
_MIGRATIONS: dict[int, Callable[[Connection], None]] = {1: _version_1, 2: _version_2, 3: _version_3}


class OutboxDamaged(DatabaseFault):
    """The workstation's outbox file cannot be read as a database; left untouched."""


class OutboxNewer(StorageError):
    """The outbox file was written by a newer asbdesk; it is left untouched."""


class Outbox:
    """A durable queue of contacts waiting for the shared database, the last copy of each
    caller seen here, callers added here while it was away, and the workstation's own
    drafts (an unfinished call survives a crash whether or not the shared database is up:
    issue 8)."""

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
                _MIGRATIONS[step](db)
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
        waiting_only = _queue.c.set_aside_at.is_(None)
        with self._connect() as db:
            waiting, oldest = db.execute(select(func.count(), func.min(_queue.c.queued_at)).where(waiting_only)).one()
            notes = dict(db.execute(select(_delivery.c.key, _delivery.c.value)).all())

        def when(value: str | None) -> datetime | None:
            return datetime.fromisoformat(value) if value else None

        return OutboxStatus(
            waiting,
            when(oldest),
            notes.get("last_error"),
            when(notes.get("last_delivered")),
            when(notes.get("last_attempt")),
            tuple(self.set_aside()),
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
        """Every contact in the outbox, set aside or not, in the order they were queued."""
        with self._connect() as db:
            rows = db.execute(
                select(
                    _queue.c.uuid, _queue.c.queued_at, _queue.c.attempts, _queue.c.last_error, _queue.c.set_aside_at
                ).order_by(_queue.c.queued_at, _queue.c.uuid)
            ).all()
        return [Pending(u, datetime.fromisoformat(q), a, e, s is not None) for u, q, a, e, s in rows]

    def __len__(self) -> int:
        """How many wait to be sent (not those set aside)."""
        with self._connect() as db:
            return int(
                db.execute(select(func.count()).select_from(_queue).where(_queue.c.set_aside_at.is_(None))).scalar_one()
            )

    def flush(self, store: Store) -> list[SaveResult]:
        """Deliver what is waiting, oldest first (in order: the uuid is the idempotency key,
        so a contact lands once even if a reply was lost).

        A contact the database refuses (the user not active, a permission withheld,
        invalid data) or that cannot be read back is set aside with the reason, and the
        rest still go (issue 20). When the database is away or busy, or has a fault of its
        own (read-only, full, a table missing), the round stops at that contact, in order,
        and records why. Raises nothing for a storage problem (the status says it), so a
        sender keeps going."""
        delivered = []
        with self._connect() as db:
            rows = db.execute(
                select(_queue.c.uuid, _queue.c.username, _queue.c.workstation, _queue.c.payload)
                .where(_queue.c.set_aside_at.is_(None))
                .order_by(_queue.c.queued_at, _queue.c.uuid)
            ).all()
            if rows:
                self._note(db, last_attempt=_now().isoformat())
        for uuid, username, workstation, payload in rows:
            try:
                record = self._resolved(ContactRecord.from_json(json.loads(payload)))
            except ValueError:  # damaged on disk: kept (never dropped), said, and the rest still go
                self._set_aside(
                    uuid, UNREADABLE, "this queued contact cannot be read back; it is kept and was not sent"
                )
                continue
            actor = Actor(username, workstation)
            try:
                result = store.save_contact(actor, record)
            except StorageError as error:
                cause = _refusal(store, actor, error)
                if cause is None:  # away, busy, or the database's own fault: kept, in order, with why
                    self._failed(uuid, str(error))
                    break
                self._set_aside(uuid, cause, str(error))
                log.warning("outbox: one contact set aside (%s)", cause)
                continue
            # Delivered (or found already delivered): only now leave the queue.
            with self._connect() as db:
                db.execute(delete(_queue).where(_queue.c.uuid == uuid))
                if record.new_caller is not None and result.person_id is not None:
                    db.execute(
                        update(_new_caller)
                        .where(_new_caller.c.local_id == record.new_caller.local_id)
                        .values(person_id=result.person_id, outcome=result.new_caller)
                    )
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

    def _set_aside(self, uuid: str, cause: str, reason: str) -> None:
        with self._connect() as db:
            db.execute(
                update(_queue)
                .where(_queue.c.uuid == uuid)
                .values(
                    attempts=_queue.c.attempts + 1,
                    last_error=reason[:500],
                    set_aside_at=_now().isoformat(),
                    cause=cause,
                    reason=reason[:500],
                )
            )

    # ------------------------------------------------------------------ set aside (a supervisor's)

    def set_aside(self) -> list[SetAside]:
        """The contacts the database refused, in the order they were queued."""
        with self._connect() as db:
            rows = db.execute(
                select(
                    _queue.c.uuid,
                    _queue.c.username,
                    _queue.c.workstation,
                    _queue.c.queued_at,
                    _queue.c.set_aside_at,
                    _queue.c.cause,
                    _queue.c.reason,
                    _queue.c.attempts,
                    _queue.c.exported_to,
                    _queue.c.exported_at,
                )
                .where(_queue.c.set_aside_at.is_not(None))
                .order_by(_queue.c.queued_at, _queue.c.uuid)
            ).all()
        return [
            SetAside(
                uuid[:8],
                uuid,
                username,
                workstation,
                datetime.fromisoformat(queued),
                datetime.fromisoformat(aside),
                cause or PERMISSION,
                reason or "",
                attempts,
                exported_to,
                datetime.fromisoformat(exported_at) if exported_at else None,
            )
            for (uuid, username, workstation, queued, aside, cause, reason, attempts, exported_to, exported_at) in rows
        ]

    def find_set_aside(self, ident: str) -> SetAside:
        """The set-aside contact whose uuid starts with ``ident`` (its id, or more of its uuid)."""
        ident = ident.strip().lower()
        kept = self.set_aside()
        found = [s for s in kept if len(ident) >= 4 and s.uuid.lower().startswith(ident)]
        if len(found) == 1:
            return found[0]
        known = ", ".join(s.id for s in kept) or "none"
        if found:
            raise UnknownSetAside(f"'{ident}' is the start of more than one set-aside contact: give more of it")
        raise UnknownSetAside(f"no set-aside contact '{ident}' in this workstation's outbox (set aside: {known})")

    def retry(self, ident: str) -> SetAside:
        """Put a set-aside contact back in the queue, in its place (its cause fixed: a user made
        active again, a right granted). An exported one is not: it may have been re-keyed."""
        found = self.find_set_aside(ident)
        if found.exported_at is not None:
            raise UnknownSetAside(
                f"'{found.id}' was exported to {found.exported_to} for re-keying; it is not sent again, "
                "which could save it twice"
            )
        with self._connect() as db:
            db.execute(
                update(_queue)
                .where(_queue.c.uuid == found.uuid)
                .values(set_aside_at=None, cause=None, reason=None, last_error=None)
            )
        return found

    def export(self, ident: str, path: Path, by: str, now: datetime | None = None) -> SetAside:
        """Write a set-aside contact to ``path`` as JSON for a supervisor to re-key: made 0600,
        never over an existing file (FileExistsError). The contact stays in the outbox,
        marked exported (it no longer needs attention, and is not sent again)."""
        found = self.find_set_aside(ident)
        with self._connect() as db:
            payload = db.execute(select(_queue.c.payload).where(_queue.c.uuid == found.uuid)).scalar_one()
        try:
            contact: dict | None = ContactRecord.from_json(json.loads(payload)).to_json()
        except ValueError:
            contact = None
        moment = now or _now()
        document = {
            "what": "a contact saved at an asbdesk workstation while the shared database was away, refused on "
            "delivery and set aside: re-key it, then keep this file as the force keeps logs",
            "exported_at": moment.isoformat(),
            "exported_by": by,
            "set_aside": found.to_json(),
            "contact": contact,
            **({"payload_as_stored": payload} if contact is None else {}),
        }
        with open_private(path, "x", encoding="utf-8") as handle:
            json.dump(document, handle, indent=2, ensure_ascii=False)
            handle.write("\n")
        with self._connect() as db:
            db.execute(
                update(_queue)
                .where(_queue.c.uuid == found.uuid)
                .values(exported_to=str(path), exported_at=moment.isoformat())
            )
        return replace(found, exported_to=str(path), exported_at=moment)

    # ------------------------------------------------------------------ callers seen and added here

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
        """Callers seen on this workstation (and those added here offline) whose name,
        number or postcode matches ``text``."""
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
                found.append(replace(person, matched_on="added offline" if person.id < 0 else "offline copy"))
        return found[:limit]

    def queued_for(self, person_id: int) -> list[ContactRecord]:
        """Contacts queued here for a person (a local id: a caller added offline)."""
        with self._connect() as db:
            rows = db.execute(select(_queue.c.payload).order_by(_queue.c.queued_at)).all()
        records = []
        for (payload,) in rows:
            try:
                records.append(ContactRecord.from_json(json.loads(payload)))
            except ValueError:
                continue  # damaged: set aside by the sender, not history
        return [r for r in records if r.person_id == person_id]

    def add_caller(self, actor: Actor, person: NewPerson, now: datetime | None = None) -> PersonSummary:
        """A caller added while the shared database is away (issue 20): checked as the
        database would (a name; a valid number, a UK postcode: refused in words), kept here
        under a local id and findable by the offline lookup. The same caller added again
        here (the same number, or the same name at the same postcode) is the same local id."""
        checked = _checked(person)
        phones = set(checked.phones)
        key = (name_key(checked.given_name), name_key(checked.family_name))
        codes = {a.postcode for a in checked.addresses}
        with self._connect() as db:
            for local_id, payload in db.execute(select(_new_caller.c.local_id, _new_caller.c.payload)).all():
                try:
                    known = NewCaller.from_json(json.loads(payload)).person
                except ValueError:
                    continue
                same_name = (name_key(known.given_name), name_key(known.family_name)) == key
                if phones & set(known.phones) or (same_name and codes & {a.postcode for a in known.addresses}):
                    return _summary(local_id, known)
            lowest = db.execute(select(func.min(_new_caller.c.local_id))).scalar()
            local_id = min(int(lowest or 0), 0) - 1
            caller = NewCaller(local_id, checked, now or _now())
            db.execute(
                _new_caller.insert().values(
                    local_id=local_id,
                    username=actor.username,
                    added_at=caller.added_at.isoformat(),
                    payload=json.dumps(caller.to_json()),
                )
            )
            summary = _summary(local_id, checked)
            context = CallerContext(person=summary, flags=(), history=(), location_history=(), complete=False)
            db.execute(
                sqlite_insert(_cache)
                .values(person_id=local_id, payload=json.dumps(context.to_json()))
                .prefix_with("OR REPLACE")
            )
        log.info("a caller was added offline (local id %d)", local_id)
        return summary

    def new_caller(self, local_id: int) -> NewCaller | None:
        """A caller added here offline, with the person an earlier contact for them was
        delivered to (if one was)."""
        with self._connect() as db:
            row = db.execute(
                select(_new_caller.c.payload, _new_caller.c.person_id).where(_new_caller.c.local_id == local_id)
            ).first()
        if row is None:
            return None
        caller = NewCaller.from_json(json.loads(row[0]))
        return replace(caller, person_id=row[1]) if row[1] is not None else caller

    def with_new_caller(self, record: ContactRecord) -> ContactRecord:
        """A contact whose caller was added here offline carries the caller's details (and,
        once an earlier contact for them was delivered, that person)."""
        local = record.new_caller.local_id if record.new_caller else record.person_id
        if local is None or local >= 0:
            return record
        caller = self.new_caller(local)
        if caller is None:
            raise InvalidData(f"person_id: the caller added offline ({local}) is not on this workstation")
        return replace(record, new_caller=caller)

    def _resolved(self, record: ContactRecord) -> ContactRecord:
        if record.new_caller is None or record.new_caller.person_id is not None:
            return record
        caller = self.new_caller(record.new_caller.local_id)
        if caller is None or caller.person_id is None:
            return record
        return replace(record, new_caller=replace(record.new_caller, person_id=caller.person_id))


def _refusal(store: Store, actor: Actor, error: StorageError) -> str | None:
    """Why the database refused this contact (it is set aside), or None when the database
    could not take anything now (away, busy, a fault of its own: the queue waits, in order)."""
    if isinstance(error, PermissionDenied):
        try:
            active = store.role(actor) is not None
        except StorageError:
            active = True
        return PERMISSION if active else USER_INACTIVE
    if isinstance(error, InvalidData | NotFound):
        return INVALID_DATA
    if isinstance(error, DatabaseFault) and error.cause == "permission":
        return PERMISSION  # e.g. row-level security: a contact in another login's name
    return None


def _checked(person: NewPerson) -> NewPerson:
    """``person`` as the database will take it, or InvalidData naming what is wrong."""
    for field_name, value in (("given_name", person.given_name), ("family_name", person.family_name)):
        refuse_nul(field_name, value)
    for n, number in enumerate(person.phones):
        refuse_nul(f"phones[{n}]", number)
    given, family = person.given_name.strip(), person.family_name.strip()
    if not (given or family):
        raise InvalidData("a person needs a name")
    try:
        phones = tuple(dict.fromkeys(phone_e164(p) for p in person.phones))
        addresses = []
        for n, a in enumerate(person.addresses):
            for part, value in (("line1", a.line1), ("postcode", a.postcode), ("town", a.town)):
                refuse_nul(f"addresses[{n}].{part}", value)
            line1 = " ".join(a.line1.split())
            if not line1:
                raise InvalidData("an address needs its first line")
            addresses.append(AddressInput(line1, postcode(a.postcode), a.town.strip()))
    except NormaliseError as error:
        raise InvalidData(str(error)) from None
    return NewPerson(given, family, phones, tuple(addresses), person.date_of_birth)


def _summary(local_id: int, person: NewPerson) -> PersonSummary:
    locations = tuple(LocationRecord(local_id, a.line1, a.town, a.postcode) for a in person.addresses[:1])
    return PersonSummary(
        local_id, person.given_name, person.family_name, person.date_of_birth, person.phones, locations, "added offline"
    )


class ResilientSaver:
    """Save to the shared database, or to the outbox when it cannot be reached; look a
    caller up, or fall back to the last copy seen, marked incomplete; add a caller, or keep
    them here until the database is back.

    ``queue_as``: whom saves may be queued under (the desk's start says, :mod:`signin`):
    a desk that cannot name its login queues nothing (issue 20). None: under whoever saves
    (a sandbox, a test)."""

    def __init__(self, store: Store, outbox: Outbox, queue_as: QueueAs | None = None) -> None:
        self.store = store
        self.outbox = outbox
        self.queue_as = queue_as
        self._sign_in_lock = threading.Lock()

    def caller_context(self, actor: Actor, person_id: int, now: datetime) -> CallerContext:
        if person_id < 0:  # added here offline: only this workstation knows them until delivered
            return self._offline_context(person_id, DatabaseUnavailable("this caller was added offline"))
        try:
            context = self.store.caller_context(actor, person_id, now)
        except DatabaseUnavailable as error:
            return self._offline_context(person_id, error)
        self.outbox.remember(context)
        return context

    def _offline_context(self, person_id: int, error: StorageError) -> CallerContext:
        cached = self.outbox.recall(person_id)
        if cached is None:
            raise error
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

    def save(self, actor: Actor, record: ContactRecord) -> SaveResult:
        record = self.outbox.with_new_caller(record)
        if self.queue_as is not None and not self.queue_as.confirmed:
            try:
                self.sign_in()  # back since an offline start? the database says who this is first
            except StorageError:
                pass  # still away (the save below says so, or queues)
        try:
            result = self.store.save_contact(actor, record)
        except (DatabaseUnavailable, DatabaseBusy) as error:
            login = self.queue_as.login if self.queue_as is not None else actor.username
            if login is None:
                raise NotQueued(
                    f"{error} No one has signed in to this database on this workstation, so the call cannot be "
                    "queued under anyone's name. It is kept here (nothing is lost): save it again once the "
                    "database is back."
                ) from None
            if login != actor.username:
                raise NotQueued(
                    f"{error} This workstation queues as '{login}', not '{actor.username}'. The call is kept here "
                    "(nothing is lost)."
                ) from None
            self.outbox.put(actor, record)
            log.warning("shared database unreachable: one contact queued in the outbox")
            result = SaveResult(
                record.uuid, None, None, True, queued=True, person_id=record.person_id, location_id=record.location_id
            )
        self.outbox.discard_draft(record.uuid)  # saved or safely queued: no longer unfinished
        return result

    def add_person(self, actor: Actor, person: NewPerson) -> PersonSummary:
        """Add a caller to the shared database; while it cannot be reached, on this
        workstation (a local id), delivered with the contact (issue 20)."""
        try:
            return self.store.add_person(actor, person)
        except DatabaseUnavailable:
            return self.outbox.add_caller(actor, person)

    def find_callers(self, actor: Actor, text: str) -> list[PersonSummary]:
        """Search the shared database; while it is away, the callers seen on this
        workstation (their last copy) and those added here, so a repeat caller is still
        recognised."""
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
        """Whether the shared database answers now (checks its schema when it comes back);
        after an offline start, the first answer also says who is signed in."""
        try:
            self.store.ping()
            if self.queue_as is not None and not self.queue_as.confirmed:
                self.sign_in()
        except StorageError:
            return False
        return True

    def sign_in(self) -> str:
        """Ask the database who this is (remembered for the next offline start); from now on
        saves are made and queued as that login."""
        from asbdesk.storage import signin

        with self._sign_in_lock:
            login = signin.sign_in(self.store)
            self.queue_as = QueueAs(login, confirmed=True)
        return login


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
