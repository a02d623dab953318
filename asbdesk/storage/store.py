"""The storage API: one session per user action, permissions checked here, frozen records out.

Every method takes the :class:`Actor` doing it; the actor's role is read from the
database, so a permission cannot be had by hiding or showing a button. Every view
of a person's record and every change is appended to the hash-chained audit trail
in the same transaction as the change itself.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import random
import re
import threading
import time
import typing
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, fields, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    Engine,
    Integer,
    String,
    Table,
    and_,
    bindparam,
    cast,
    delete,
    event,
    func,
    literal,
    null,
    or_,
    select,
    text,
    tuple_,
    union_all,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import Session

from asbdesk.core.call import InputError, call_from_json
from asbdesk.core.normalise import (
    NormaliseError,
    email_address,
    looks_like_postcode_prefix,
    name_key,
    phone_e164,
    postcode,
)
from asbdesk.core.render import REFERENCE_PLACEHOLDER, offline_caller_delivered
from asbdesk.core.site import Force
from asbdesk.core.timeutil import months_after
from asbdesk.core.vocabulary import RAG_RATINGS, RECONTACT_METHODS
from asbdesk.storage import models as m
from asbdesk.storage.database import (
    ACCESS_OPTION,
    DatabaseBusy,
    InvalidData,
    NotFound,
    PermissionDenied,
    StorageError,
    classify,
    describe,
    ensure_current,
    make_engine,
    upgrade,
)
from asbdesk.storage.records import (
    PERMISSION_WORDS,
    PERMISSIONS,
    Actor,
    AddressInput,
    AuditReport,
    CallerContext,
    ContactRecord,
    FlagEventRecord,
    FlagRecord,
    FlagRequest,
    HistoryEntry,
    LocationRecord,
    NewCaller,
    NewPerson,
    PersonSummary,
    Publication,
    SaveResult,
    SiteRecord,
    StoredContact,
)

log = logging.getLogger(__name__)

GENESIS = "0" * 64
HISTORY_LIMIT = 200
# The advisory lock a delivery takes while it finds or adds a caller added offline ('asbd' 'nc').
NEW_CALLER_LOCK = 0x61736264_6E63

# A transaction that lost to another (PostgreSQL 40001/40P01, SQLite BUSY/LOCKED) is run
# again from the start this many times in all, with a short random pause, before
# DatabaseBusy reaches the caller.
BUSY_ATTEMPTS = 4
# A SQLite attempt that already waited this long for the lock (busy_timeout) is not run
# again: the wait was the queue, and another one would only keep the desk waiting.
SQLITE_NO_RETRY_AFTER = 5.0


def retried(method: Callable[..., Any]) -> Callable[..., Any]:
    """Run a public Store method again, from the start, when its transaction lost to another.

    Every transaction the method opened was rolled back when DatabaseBusy was raised, so
    running it again is safe. Only the outermost retried call retries (a retried method
    calling another does not multiply the attempts).
    """

    @functools.wraps(method)
    def wrapper(self: Store, *args: Any, **kwargs: Any) -> Any:
        if getattr(self._local, "retrying", False):
            return method(self, *args, **kwargs)
        self._local.retrying = True
        try:
            for attempt in range(1, BUSY_ATTEMPTS + 1):
                started = time.monotonic()
                try:
                    return method(self, *args, **kwargs)
                except DatabaseBusy as error:
                    waited = time.monotonic() - started
                    if attempt == BUSY_ATTEMPTS or (self.backend == "sqlite" and waited >= SQLITE_NO_RETRY_AFTER):
                        log.warning(
                            "%s busy: %s gave up after %d attempt(s)", self.description, method.__name__, attempt
                        )
                        raise DatabaseBusy(f"{error} (tried {attempt} time{'s' if attempt > 1 else ''})") from None
                    log.info("%s busy: running %s again (attempt %d)", self.description, method.__name__, attempt + 1)
                    time.sleep(random.uniform(0.02, 0.1) * attempt)
            raise AssertionError("unreachable")
        finally:
            self._local.retrying = False

    return wrapper


def _table(model: type[m.Base]) -> Table:
    """A model's Table (SQLAlchemy types ``__table__`` as the wider FromClause)."""
    return typing.cast(Table, model.__table__)


def os_account() -> str:
    """The operating-system account running asbdesk: from the process's user id where there
    is one (environment variables such as USER can be set to anything), else the login name."""
    try:
        import pwd

        return pwd.getpwuid(os.getuid()).pw_name
    except (ImportError, KeyError):  # Windows; a uid with no passwd entry (containers)
        import getpass

        return getpass.getuser()


def utc_now() -> datetime:
    return datetime.now(UTC)


CHAIN_LENGTH = 128  # audit_head.chain


def _chain_for(actor: Actor) -> str:
    """The audit chain ``actor`` appends to: ``<login>@<workstation>``, one per person per
    workstation (several people may sign in at one desk). The login is everything before
    the last '@' (a Kerberos login may hold one), so an '@' in the workstation's name is
    replaced and a long name is cut; the shared database's row-level security lets a login
    start and move only chains named for it (roles.py, ``asbdesk_chain_owner``). Chains
    named before this (one per workstation, or 'main') are kept and verified as they are."""
    return f"{actor.username}@{actor.workstation.replace('@', '-')}"[:CHAIN_LENGTH]


def reference_for(year: int, number: int) -> str:
    return f"ASB-{year}-{number:06d}"


# session.info keys: the audited rows written in this transaction and not yet in an audit
# entry, entity -> keys (see AuditedSession and Store._audit); the digests read back in it,
# (entity, key) -> digest, until the row is written again (a save's contact is read once).
WRITTEN = "asbdesk_audit_written"
RETURNED = "asbdesk_audit_returned"  # rows written whole by a statement that returned them: their digests
DIGESTED = "asbdesk_audit_digested"


class AuditedSession(Session):
    """A session that notes every audited row the ORM inserts or changes (issue 20), so the
    next audit entry of the action carries its digest, and a transaction that would commit
    one without an entry is refused (:func:`_refuse_unaudited`). Rows written with Core
    statements are noted by :meth:`Store._wrote`."""


@event.listens_for(AuditedSession, "after_flush")
def _note_written(session: Session, _context: Any) -> None:
    written: dict[str, set[str]] = session.info.setdefault(WRITTEN, {})
    for instance in (*session.new, *session.dirty):
        entity = _ENTITY_OF_MODEL.get(type(instance))
        if entity is None:
            continue
        if instance not in session.new and not session.is_modified(instance, include_collections=False):
            continue
        _, key = AUDITED_ROWS[entity]
        name = ":".join(str(getattr(instance, column)) for column in key)
        written.setdefault(entity, set()).add(name)
        session.info.get(DIGESTED, {}).pop((entity, name), None)


def _refuse_unaudited(session: Session) -> None:
    """Our bug, never the user's: audited rows written after the action's last audit entry
    (the entry must come after every write it vouches for). Raised before commit, so the
    rows are not kept unaudited. Names tables and keys only, never values."""
    session.flush()
    written = {entity: set(keys) for entity, keys in (session.info.get(WRITTEN) or {}).items() if keys}
    for entity, found in (session.info.get(RETURNED) or {}).items():
        if found:
            written.setdefault(entity, set()).update(found)
    if written:
        rows = "; ".join(f"{entity} {', '.join(sorted(keys))}" for entity, keys in sorted(written.items()))
        raise RuntimeError(f"audited rows written without an audit entry after them: {rows}")


class Store:
    """A database of callers, contacts, flags, drafts and the audit trail."""

    def __init__(self, engine: Engine, clock: Callable[[], datetime] = utc_now) -> None:
        self.engine = engine
        self.clock = clock
        self.backend = engine.dialect.name
        self.description = describe(str(engine.url))
        # One pool, three ways to begin (see database.make_engine's begin listener).
        self._read_engine = engine.execution_options(**{ACCESS_OPTION: "read"})
        self._write_engine = engine.execution_options(**{ACCESS_OPTION: "write"})
        self._now_engine = engine.execution_options(**{ACCESS_OPTION: "write_now"})
        self._local = threading.local()
        # Views recorded while another connection held SQLite's write lock, written by a
        # background thread as soon as it is free (see _record_view).
        self._pending_views: list[tuple[Actor, str, str, datetime, dict[str, Any] | None]] = []
        self._views_writing = 0  # views taken from the list and not yet committed
        self._views_lock = threading.Lock()
        self._views_thread: threading.Thread | None = None
        self._closed = threading.Event()

    @classmethod
    def open(cls, url: str, *, migrate: bool | None = None, clock: Callable[[], datetime] = utc_now) -> Store:
        """Open a database. A local one is upgraded on start; a shared one must already be current."""
        engine = make_engine(url)
        local = engine.dialect.name == "sqlite"
        try:
            if migrate if migrate is not None else local:
                upgrade(engine)
            else:
                ensure_current(engine)
        except BaseException:
            engine.dispose()  # refused: leave no connection open behind
            raise
        return cls(engine, clock)

    @classmethod
    def open_offline(cls, url: str, *, clock: Callable[[], datetime] = utc_now) -> Store:
        """A shared database that could not be reached at start: the desk opens OFFLINE on
        it (saves queue, callers come from the last copy) and :meth:`ping` tells when it
        is back; its schema is checked then."""
        return cls(make_engine(url), clock)

    def identity(self) -> str:
        """Who is using asbdesk, as authentication says, never a flag on the command line:
        the database's current_user on PostgreSQL (each person logs in with their own
        role), the operating-system account that owns the private file on SQLite."""
        if self.backend == "postgresql":
            with self.engine.connect() as connection:
                return str(connection.execute(text("SELECT current_user")).scalar())
        return os_account()

    def ping(self) -> None:
        """Raise a StorageError unless the database answers and is at this app's schema."""
        ensure_current(self.engine)

    def close(self) -> None:
        self._closed.set()
        thread = self._views_thread
        if thread is not None:
            thread.join(timeout=60)
        if self._pending_views:
            try:
                self._write_pending_views(now=False)
            except StorageError as error:
                log.error(
                    "%d view(s) of records could not be written to the audit trail: %s", len(self._pending_views), error
                )
        self.engine.dispose()

    # ------------------------------------------------------------------ plumbing

    @contextmanager
    def _read(self) -> Iterator[Session]:
        """A read-only transaction. On SQLite a deferred BEGIN: it takes no lock and never
        waits for another connection's write (WAL shows it the last committed state).
        Nothing may be written in it: use :meth:`_write`."""
        with self._transaction(self._read_engine) as session:
            yield session

    @contextmanager
    def _write(self, *, now: bool = False, constraint_errors: bool = False) -> Iterator[Session]:
        """A transaction that changes data: everything in it is written together or not at all.

        On SQLite it takes the write lock at BEGIN (BEGIN IMMEDIATE), so writers queue for
        up to the busy timeout instead of failing half-way; ``now`` does not wait at all
        (DatabaseBusy at once if another connection holds the lock). Public methods that
        use it are :func:`retried`.
        """
        with self._transaction(self._now_engine if now else self._write_engine, constraint_errors) as session:
            yield session

    # Kept for callers outside this module (transfer.py, tests): a write transaction.
    _session = _write

    @contextmanager
    def _transaction(self, engine: Engine, constraint_errors: bool = False) -> Iterator[Session]:
        """``constraint_errors``: pass a constraint violation (IntegrityError) to the caller,
        which decides (save_contact: a repeated delivery); otherwise it is said in words
        like any other database error, without the driver's text (it quotes the values)."""
        try:
            with AuditedSession(engine, expire_on_commit=False) as session, session.begin():
                yield session
                _refuse_unaudited(session)
        except PermissionDenied as error:
            # Undone; now written down: an action refused for want of a role is audited
            # (issue 10), in a transaction of its own after the refused one has ended.
            if error.refused is not None:
                self._audit_refusal(*error.refused)
            raise
        except IntegrityError as error:
            if constraint_errors:
                raise
            log.warning(
                "%s: a database constraint refused the change (%s)", self.description, type(error.orig).__name__
            )
            raise classify(error, self.description) from None
        except (DBAPIError, PoolTimeout) as error:
            storage_error = classify(error, self.description)
            orig = getattr(error, "orig", None) or error
            code = getattr(orig, "sqlstate", None) or getattr(orig, "sqlite_errorname", None) or ""
            # The class and code only: the driver's text can quote the values sent. A view
            # finding SQLite's lock taken is expected (it is written later): not a warning.
            expected = engine is self._now_engine and isinstance(storage_error, DatabaseBusy)
            (log.debug if expected else log.warning)(
                "%s: %s (%s %s)", self.description, type(storage_error).__name__, type(orig).__name__, code
            )
            raise storage_error from None

    def _authorise(self, session: Session, actor: Actor, permission: str) -> str:
        """The actor's role, read from the database in this transaction, if it grants ``permission``."""
        user = session.connection().execute(_ROLE_OF, {"username": actor.username}).first()
        if user is None or not user.active:
            raise PermissionDenied(
                f"'{actor.username}' is not an active user of this database", refused=(actor, permission)
            )
        if user.role not in PERMISSIONS[permission]:
            raise PermissionDenied(
                f"'{actor.username}' ({user.role.replace('_', ' ')}) may not {PERMISSION_WORDS[permission]}",
                refused=(actor, permission),
            )
        return user.role

    def _audit_refusal(self, actor: Actor, permission: str) -> None:
        """Write 'refused: <permission>' to the audit trail, with the command and its target
        where the caller said them (:func:`acting`); a trail that cannot take it (the
        database refuses this login's insert too) is logged, not raised over the refusal."""
        doing = ACTING.get()
        try:
            with self._write() as session:
                self._audit(session, actor, "refused", "permission", permission, None, doing)
        except StorageError as error:
            log.warning("a refused action could not be written to the audit trail (%s)", type(error).__name__)

    def _audit(
        self,
        session: Session,
        actor: Actor,
        action: str,
        entity: str,
        entity_id: Any,
        old: dict[str, Any] | None = None,
        new: dict[str, Any] | None = None,
        at: datetime | None = None,
    ) -> None:
        # The chain's head row is locked until commit, so appends to one chain queue and it
        # never forks; each login at each workstation has its own chain, so workstations never
        # queue, and on a shared database no login can move another's (roles.py).
        connection = session.connection()
        chain = _chain_for(actor)
        heads = _table(m.AuditHead)
        statements = _audit_statements()
        head = connection.execute(statements.head_locked, {"b_chain": chain}).first()
        if head is None:
            insert = pg_insert if self.backend == "postgresql" else sqlite_insert
            connection.execute(
                insert(heads).values(chain=chain, seq=0, hash=GENESIS).on_conflict_do_nothing(index_elements=["chain"])
            )
            head = connection.execute(statements.head_locked, {"b_chain": chain}).first()
        if head is None:  # inserted just above, in this transaction
            raise RuntimeError(f"the audit chain head for {chain!r} could not be created")
        # The hash of each row as written, so `audit verify` finds a row changed, added or
        # deleted outside asbdesk (issues 13, 20): flush pending changes, read them back here.
        # "row" is the entity's own; "rows" every other audited row this action wrote since
        # the last entry (a person's phones and addresses, a flag's event, a contact's work).
        session.flush()
        written = session.info.pop(WRITTEN, None) or {}
        returned: dict[str, dict[str, str]] = session.info.pop(RETURNED, None) or {}
        for entity_written, names in written.items():  # changed since returned: read back
            for name in names:
                returned.get(entity_written, {}).pop(name, None)
        digested: dict[tuple[str, str], str] = session.info.setdefault(DIGESTED, {})
        if entity in AUDITED_ROWS:
            name = str(entity_id)
            written.get(entity, set()).discard(name)
            as_returned = returned.get(entity, {}).pop(name, None)
            if as_returned is not None:
                digested[entity, name] = as_returned
            elif (entity, name) not in digested:
                digested.update(_flat(_digests(connection, {entity: {name}})))
            if (entity, name) in digested:
                new = {**(new or {}), "row": digested[entity, name]}
        vouched = _digests(connection, written)
        for entity_returned, found in returned.items():
            if found:
                vouched.setdefault(entity_returned, {}).update(found)
        if vouched:
            digested.update(_flat(vouched))
            new = {**(new or {}), "rows": vouched}
        entry = {
            "chain": chain,
            "seq": head.seq + 1,
            "at": at or self.clock(),
            "username": actor.username,
            "workstation": actor.workstation,
            "action": action,
            "entity": entity,
            "entity_id": str(entity_id),
            "old": old,
            "new": new,
            "prev_hash": head.hash,
        }
        entry["hash"] = entry_hash(**entry)
        connection.execute(statements.entry_added, entry)
        connection.execute(statements.head_moved, {"b_chain": chain, "b_seq": entry["seq"], "b_hash": entry["hash"]})

    @staticmethod
    def _insert_returned(session: Session, entity: str, rows: dict[str, Any] | list[dict[str, Any]]) -> list[Any]:
        """INSERT audited rows with one Core statement that returns every column as stored;
        the action's next audit entry carries their digests, taken from what was returned
        (as a read back would give them, without one: issue 24.2). The rows returned."""
        _, key = AUDITED_ROWS[entity]
        returned = list(session.connection().execute(_inserted_whole(entity), rows))
        ready: dict[str, str] = session.info.setdefault(RETURNED, {}).setdefault(entity, {})
        digested = session.info.get(DIGESTED, {})
        for row in returned:
            name = _key_name(row._mapping, key)
            ready[name] = _digest_of(row._mapping)
            digested.pop((entity, name), None)
        return returned

    @staticmethod
    def _wrote(session: Session, entity: str, keys: Iterable[Any]) -> None:
        """Note audited rows written with a Core statement (the ORM's are noted by
        AuditedSession): the action's next audit entry carries their digests."""
        names = {str(key) for key in keys}
        session.info.setdefault(WRITTEN, {}).setdefault(entity, set()).update(names)
        digested = session.info.get(DIGESTED, {})
        for name in names:
            digested.pop((entity, name), None)

    def _record_view(self, actor: Actor, entity: str, entity_id: Any, what: dict[str, Any] | None = None) -> None:
        """Append 'actor viewed this' to the audit trail, after the read it records;
        ``what``, when given, says what was shown (e.g. the references of a queue's callers).

        The read ran in a read transaction, so it never waited for a writer. On SQLite the
        view is then written if the write lock is free this instant (no busy wait: any
        wait here is a wait on every pick while another workstation saves); if another
        connection holds it, the view (with the time it happened) is written by a
        background thread as soon as the lock is free, and the caller is not kept waiting.
        A view is never lost: :meth:`close` writes any still queued, waiting for the lock.
        """
        view = (actor, entity, str(entity_id), self.clock(), what)
        if self.backend != "sqlite":
            with self._write() as session:
                self._audit(session, actor, "view", entity, view[2], None, what, at=view[3])
            return
        with self._views_lock:
            self._pending_views.append(view)
        try:
            self._write_pending_views(now=True)
        except DatabaseBusy:
            self._start_views_thread()
        except BaseException:
            # The caller gets the error, not the record: this view did not happen. Views
            # before it (already shown) stay queued.
            with self._views_lock:
                self._pending_views = [v for v in self._pending_views if v is not view]
            raise

    def _write_pending_views(self, *, now: bool) -> None:
        with self._views_lock:
            views, self._pending_views = self._pending_views, []
            self._views_writing += len(views)
        if not views:
            return
        try:
            with self._write(now=now) as session:
                for actor, entity, entity_id, at, what in views:
                    self._audit(session, actor, "view", entity, entity_id, None, what, at=at)
        except BaseException:
            with self._views_lock:
                self._pending_views[:0] = views  # not written: keep them, oldest first
            raise
        finally:
            with self._views_lock:
                self._views_writing -= len(views)

    def _start_views_thread(self) -> None:
        with self._views_lock:
            if self._views_thread is not None and self._views_thread.is_alive():
                return  # it looks at the list again before it stops
            self._views_thread = threading.Thread(target=self._views_writer, name="asbdesk-audit-views", daemon=True)
            self._views_thread.start()

    def _views_writer(self) -> None:
        while not self._closed.is_set():
            with self._views_lock:
                if not self._pending_views:
                    self._views_thread = None
                    return
            try:
                self._write_pending_views(now=False)
            except StorageError as error:
                log.warning("views not yet written to the audit trail (%s); trying again", type(error).__name__)
                self._closed.wait(1.0)
            except Exception:  # our bug: keep the views, say so, try again later
                log.exception("writing views to the audit trail failed")
                self._closed.wait(5.0)

    def wait_for_audit(self, timeout: float = 60.0) -> bool:
        """Wait until every recorded view is in the audit trail (True) or ``timeout`` passes:
        none waiting, and none taken by the writer but not yet committed."""
        deadline = time.monotonic() + timeout
        while (self._pending_views or self._views_writing) and time.monotonic() < deadline:
            thread = self._views_thread
            if self._pending_views and (thread is None or not thread.is_alive()):
                self._start_views_thread()
            time.sleep(0.02)
        return not self._pending_views and not self._views_writing

    # ------------------------------------------------------------------ users

    def role(self, actor: Actor) -> str | None:
        """The actor's role, or None for someone who is not an active user (the desk opens
        the supervisor's queues for a supervisor; every action checks the role again)."""
        with self._read() as session:
            user = session.connection().execute(_ROLE_OF, {"username": actor.username}).first()
            return str(user.role) if user is not None and user.active else None

    def require(self, actor: Actor, permission: str) -> str:
        """Check, before long work, that the actor may do it (PermissionDenied otherwise, in
        words and audited, as every refused action is); the action itself checks again."""
        with self._read() as session:
            return self._authorise(session, actor, permission)

    def has_users(self) -> bool:
        with self._read() as session:
            return bool(session.scalar(select(func.count()).select_from(m.User)))

    @retried
    def add_user(self, actor: Actor | None, username: str, display_name: str, role: str) -> None:
        """Add a user. With no users yet, the first (an administrator) needs no actor."""
        check_user_names(username, display_name)
        if role not in m.ROLES:
            raise InvalidData(f"unknown role '{role}' (roles: {', '.join(m.ROLES)})")
        with self._write() as session:
            if actor is None:
                if self.backend == "postgresql":
                    # Concurrent first `users add` on an empty database: one at a time, so
                    # exactly one becomes the first administrator (SQLite: BEGIN IMMEDIATE).
                    session.execute(text("LOCK TABLE app_user IN SHARE ROW EXCLUSIVE MODE"))
                if session.scalar(select(func.count()).select_from(m.User)):
                    raise PermissionDenied("users exist already: an administrator must add new ones")
                if role != "administrator":
                    raise InvalidData("the first user must be an administrator")
                actor = Actor(username, "setup")
            else:
                self._authorise(session, actor, "manage_users")
            if session.scalar(select(m.User).where(m.User.username == username)):
                raise InvalidData(f"there is already a user '{username}'")
            session.add(
                m.User(username=username, display_name=display_name, role=role, active=True, created_at=self.clock())
            )
            self._audit(session, actor, "create", "user", username, None, {"role": role})

    @retried
    def ensure_user(self, username: str, display_name: str, role: str) -> None:
        """Create or update a user directly (setup scripts, demo data, tests)."""
        check_user_names(username, display_name)
        _refuse_nul_in(role=role)
        with self._write() as session:
            user = session.scalar(select(m.User).where(m.User.username == username))
            if user is None:
                session.add(
                    m.User(
                        username=username, display_name=display_name, role=role, active=True, created_at=self.clock()
                    )
                )
            else:
                user.display_name, user.role, user.active = display_name, role, True
            self._audit(session, Actor(username, "setup"), "ensure", "user", username, None, {"role": role})

    # ------------------------------------------------------------------ the site and the pack in force

    def site(self) -> SiteRecord | None:
        """Who the force is on paper (issue 19), or None before an administrator sets it.
        Anyone may read it: it is what the public reads."""
        with self._read() as session:
            row = session.get(m.Site, 1)
            if row is None:
                return None
            return SiteRecord(Force.from_json(row.force), row.updated_by, row.updated_at, row.audit_key)

    @retried
    def set_site(self, actor: Actor, force: Force) -> SiteRecord:
        """Set the site (administrators only); the change is audited with the old and new values."""
        with self._write() as session:
            self._authorise(session, actor, "manage_site")
            row = session.get(m.Site, 1, with_for_update=True)
            old = dict(row.force) if row is not None else None
            now = self.clock()
            if row is None:
                row = m.Site(id=1, force=force.to_json(), updated_by=actor.username, updated_at=now)
                session.add(row)
            else:
                row.force, row.updated_by, row.updated_at = force.to_json(), actor.username, now
            self._audit(session, actor, "set", "site", 1, {"force": old} if old else None, {"force": force.to_json()})
            return SiteRecord(force, actor.username, now, row.audit_key)

    @retried
    def trust_audit_key(self, actor: Actor, fingerprint: str) -> SiteRecord:
        """Record the fingerprint of the administrator's checkpoint key in the site
        (administrators only, audited; issue 20): `audit verify --checkpoint` then refuses a
        checkpoint signed with any other key. The site must be set first."""
        if not re.fullmatch(r"sha256:[0-9a-f]{64}", fingerprint):
            raise InvalidData(f"fingerprint: '{fingerprint[:80]}' is not 'sha256:' and 64 hexadecimal digits")
        with self._write() as session:
            self._authorise(session, actor, "manage_site")
            row = session.get(m.Site, 1, with_for_update=True)
            if row is None:
                raise InvalidData(
                    "the site is not set: set it first (asbdesk site set FILE), then record the checkpoint key"
                )
            old = row.audit_key
            row.audit_key, row.updated_by, row.updated_at = fingerprint, actor.username, self.clock()
            self._audit(session, actor, "trust", "site", 1, {"audit_key": old}, {"audit_key": fingerprint})
            return SiteRecord(Force.from_json(row.force), row.updated_by, row.updated_at, row.audit_key)

    def pack_in_force(self) -> Publication | None:
        """The newest publication (the pack every desk uses for its next call), or None when
        no pack was ever published here (the desks then use the shipped default)."""
        with self._read() as session:
            row = session.connection().execute(_IN_FORCE).mappings().first()
            return None if row is None else _publication(row)

    def publications(self) -> list[Publication]:
        """Every publication, newest first."""
        with self._read() as session:
            rows = session.connection().execute(_PUBLICATIONS).mappings().all()
            return [_publication(row) for row in rows]

    def publication_files(self, number: int) -> dict[str, str]:
        """The files of one publication (file name -> text), as published."""
        with self._read() as session:
            row = session.get(m.PublishedPack, number)
            if row is None:
                raise NotFound(f"no pack publication number {number}")
            return {str(name): str(text_) for name, text_ in row.files.items()}

    @retried
    def publish_pack(
        self,
        actor: Actor,
        *,
        pack_id: str,
        version: str,
        sha256: str,
        files: dict[str, str],
        reason: str,
        checks: dict[str, Any],
        restores: int | None = None,
    ) -> Publication:
        """Publish a pack's files (administrators only): from the next call on, every desk on
        this database uses it. Audited. A pack id and version name one content: publishing
        other files under a version already published is refused (give it a new version)."""
        reason = _reason("reason", reason, needed="write why this pack is published")
        size = sum(len(text_.encode("utf-8")) for text_ in files.values())
        if size > MAX_PUBLISHED_BYTES:
            raise InvalidData(f"files: {size:,} bytes; a published pack may hold at most {MAX_PUBLISHED_BYTES:,}")
        if len(version) > 16:
            raise InvalidData(f"version: '{version[:20]}…' is longer than 16 characters")
        _refuse_nul_in(pack_id=pack_id, version=version, files=files)
        with self._write() as session:
            self._authorise(session, actor, "publish_pack")
            if self.backend == "postgresql":
                # Two administrators publishing at once: one after the other, so "newest" is
                # well defined (SQLite: BEGIN IMMEDIATE already serialises writers).
                # An advisory lock: LOCK TABLE would need UPDATE rights an administrator does not have.
                session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PUBLISH_LOCK})
            same_version = session.scalars(
                select(m.PublishedPack.sha256).where(
                    m.PublishedPack.pack_id == pack_id, m.PublishedPack.version == version
                )
            ).first()
            if same_version is not None and same_version != sha256:
                raise InvalidData(
                    f"version: pack '{pack_id}' version {version} is already published with other content "
                    "(sha256 " + same_version[:12] + "…): give the changed pack a new version in pack.yaml"
                )
            row = m.PublishedPack(
                pack_id=pack_id,
                version=version,
                sha256=sha256,
                files=dict(files),
                size=size,
                published_by=actor.username,
                published_at=self.clock(),
                reason=reason,
                restores=restores,
                checks=checks,
            )
            session.add(row)
            session.flush()
            self._audit(
                session,
                actor,
                "publish",
                "published_pack",
                row.id,
                None,
                {"pack": pack_id, "version": version, "sha256": sha256, "reason": reason, "restores": restores},
            )
            return Publication(
                row.id, pack_id, version, sha256, size, actor.username, row.published_at, reason, restores, checks
            )

    # ------------------------------------------------------------------ people

    @retried
    def add_person(self, actor: Actor, person: NewPerson) -> PersonSummary:
        _refuse_nul_in(given_name=person.given_name, family_name=person.family_name, phones=person.phones)
        for n, address in enumerate(person.addresses):
            _refuse_nul_in_address(address, f"addresses[{n}]")
        given, family = person.given_name.strip(), person.family_name.strip()
        if not (given or family):
            raise InvalidData("a person needs a name")
        try:
            phones = tuple(dict.fromkeys(phone_e164(p) for p in person.phones))
            addresses = [(a, postcode(a.postcode)) for a in person.addresses]
        except NormaliseError as error:
            raise InvalidData(str(error)) from None
        with self._write() as session:
            self._authorise(session, actor, "write_contact")
            row = m.Person(
                given_name=given,
                family_name=family,
                given_key=name_key(given),
                family_key=name_key(family),
                date_of_birth=person.date_of_birth,
                created_at=self.clock(),
            )
            session.add(row)
            session.flush()
            for number in phones:
                session.add(m.Phone(person_id=row.id, e164=number))
            for address, code in addresses:
                location = self._location(session, address, code)
                session.add(m.PersonLocation(person_id=row.id, location_id=location.id))
            self._audit(
                session, actor, "create", "person", row.id, None, {"phones": len(phones), "addresses": len(addresses)}
            )
            session.flush()
            return self._summaries(session, [row], "new")[0]

    def _location(self, session: Session, address: AddressInput, code: str) -> m.Location:
        _refuse_nul_in_address(address, "address")
        line1 = " ".join(address.line1.split())
        if not line1:
            raise InvalidData("an address needs its first line")
        key, line_key = code.replace(" ", ""), name_key(line1)
        found = session.scalar(
            select(m.Location).where(m.Location.postcode_key == key, m.Location.line1_key == line_key)
        )
        if found:
            return found
        location = m.Location(
            line1=line1,
            town=address.town.strip(),
            postcode=code,
            postcode_key=key,
            line1_key=line_key,
            created_at=self.clock(),
        )
        session.add(location)
        session.flush()
        return location

    @retried
    def find_callers(self, actor: Actor, query: str, limit: int = 20) -> list[PersonSummary]:
        """Search as you type: a phone number (any UK format), a postcode, or a name prefix."""
        query = (query or "").strip()
        refuse_nul("the search", query)
        if len(query) < 2:
            return []
        with self._read() as session:
            self._authorise(session, actor, "read_person")
            connection = session.connection()
            digits = "".join(ch for ch in query if ch.isdigit())
            if len(digits) >= 4 and len(digits) >= len(query.replace(" ", "")) - 3:
                people = connection.execute(
                    _PEOPLE_BY_PHONE, {**_prefix_params(_phone_prefix(query, digits)), "limit": limit}
                ).all()
                return self._summaries(session, people, "phone")
            if looks_like_postcode_prefix(query) and any(ch.isdigit() for ch in query):
                key = "".join(query.split()).upper()
                people = connection.execute(_PEOPLE_BY_POSTCODE, {**_prefix_params(key), "limit": limit}).all()
                return self._summaries(session, people, "postcode")
            whole = name_key(query.replace(",", " "))
            words = whole.split()
            # Each way of reading the query is one index-ordered lookup of at most `limit`,
            # all readings in one round trip (see _name_search).
            params = {"whole_lo": whole, "whole_hi": whole + _TOP, "limit": limit}
            if "," in query:  # "family, given"
                before, _, after = query.partition(",")
                statement, given_first = _PEOPLE_BY_NAME_COMMA
                params.update(_prefix_params(name_key(before), "f2"), **_prefix_params(name_key(after), "g2"))
            elif len(words) >= 2:  # "given family" or "family given"
                statement, given_first = _PEOPLE_BY_NAME_WORDS
                params.update(_prefix_params(words[0], "g2"), **_prefix_params(" ".join(words[1:]), "f2"))
                params.update(_prefix_params(" ".join(words[:-1]), "f3"), **_prefix_params(words[-1], "g3"))
            else:
                statement, given_first = _PEOPLE_BY_NAME
            rows = list(connection.execute(statement, params).all())
            rows.sort(
                key=lambda r: (
                    r.reading,
                    (r.given_key, r.family_key) if r.reading in given_first else (r.family_key, r.given_key),
                )
            )
            found: dict[int, Any] = {}
            for row in rows:
                found.setdefault(row.id, row)
            people = list(found.values())[:limit]
            return self._summaries(session, people, "name")

    def _summaries(self, session: Session, people: Sequence[Any], matched_on: str) -> list[PersonSummary]:
        """People with their numbers, addresses and e-mail addresses, read in one round trip."""
        ids = [p.id for p in people]
        if not ids:
            return []
        phones: dict[int, list[str]] = {}
        locations: dict[int, list[LocationRecord]] = {}
        emails: dict[int, list[str]] = {}
        details = session.connection().execute(_DETAILS, {"ids": ids})
        for kind, person_id, row_id, value, line1, town, code in sorted(details, key=lambda r: (r[0], r[2])):
            if kind == 0:
                phones.setdefault(person_id, []).append(value)
            elif kind == 1:
                locations.setdefault(person_id, []).append(LocationRecord(row_id, line1, town, code))
            else:
                emails.setdefault(person_id, []).append(value)
        return [
            PersonSummary(
                p.id,
                p.given_name,
                p.family_name,
                p.date_of_birth,
                tuple(phones.get(p.id, ())),
                tuple(locations.get(p.id, ())),
                matched_on,
                tuple(emails.get(p.id, ())),
            )
            for p in people
        ]

    @retried
    def caller_context(self, actor: Actor, person_id: int, now: datetime) -> CallerContext:
        """The person's active flags (also on their phones and addresses) and histories.

        Read without waiting for writers; the view is then added to the audit trail (see
        :meth:`_record_view`)."""
        with self._read() as session:
            self._authorise(session, actor, "read_person")
            person = session.connection().execute(_PERSON, {"person_id": person_id}).first()
            if person is None:
                raise NotFound(f"no person with id {person_id}")
            [summary] = self._summaries(session, [person], "id")
            location_ids = [loc.id for loc in summary.locations]
            flags = self._active_flags(session, now, [person_id], list(summary.phones), location_ids)
            history, at_locations = self._histories(session, person_id, location_ids)
        self._record_view(actor, "person", person_id)
        return CallerContext(person=summary, flags=flags, history=history, location_history=at_locations)

    _HISTORY_COLUMNS = (
        m.Contact.id,
        m.Contact.reference,
        m.Contact.started_at,
        m.Contact.channel,
        m.Contact.incident_code,
        m.Contact.category,
        m.Contact.risk_level,
        m.Contact.grade,
        m.Contact.rag,
        m.Contact.person_id,
        m.Contact.location_id,
    )

    def _histories(
        self, session: Session, person_id: int, location_ids: list[int]
    ) -> tuple[tuple[HistoryEntry, ...], tuple[HistoryEntry, ...]]:
        """The person's and their addresses' latest contacts, newest first, in one round trip."""
        if location_ids:
            rows = (
                session.connection().execute(_HISTORIES, {"person_id": person_id, "location_ids": location_ids}).all()
            )
        else:
            rows = session.connection().execute(_PERSON_HISTORY, {"person_id": person_id}).all()
        by_tag: dict[int, list[HistoryEntry]] = {0: [], 1: []}
        for tag, *columns in rows:
            by_tag[tag].append(HistoryEntry(*columns))
        newest = lambda items: tuple(sorted(items, key=lambda h: (h.started_at, h.contact_id), reverse=True))  # noqa: E731
        return newest(by_tag[0]), newest(by_tag[1])

    def _active_flags(
        self, session: Session, now: datetime, person_ids: list[int], phones: list[str], location_ids: list[int]
    ) -> tuple[FlagRecord, ...]:
        # One indexed lookup per subject kind, unioned: an OR across the three columns
        # makes SQLite scan every flag.
        statement = _ACTIVE_FLAGS[bool(phones), bool(location_ids)]
        params = {"now": now, "person_ids": person_ids, "phones": phones, "location_ids": location_ids}
        rows = session.connection().execute(statement, params).all()
        return tuple(_flag_record(f) for f in rows)  # type: ignore[arg-type]  # a Core row has the Flag's columns

    @retried
    def location_flags(
        self, actor: Actor, now: datetime, location_id: int | None = None, phone: str | None = None
    ) -> tuple[FlagRecord, ...]:
        """Active flags on an address or a phone number (a caller not yet matched to a person)."""
        try:
            number = [phone_e164(phone)] if phone else []
        except NormaliseError as error:
            raise InvalidData(str(error)) from None
        with self._read() as session:
            self._authorise(session, actor, "read_person")
            return self._active_flags(session, now, [], number, [location_id] if location_id else [])

    # ------------------------------------------------------------------ contacts

    @retried
    def save_contact(self, actor: Actor, record: ContactRecord) -> SaveResult:
        """Save a finished contact with its flags and audit rows, all or nothing.

        Idempotent by the client-made uuid: a second delivery of the same contact
        (the outbox after a lost reply) returns the first save and writes nothing.
        """
        _refuse_nul_in(
            uuid=record.uuid,
            answers=record.answers,
            log_text=record.log_text,
            assessment=record.assessment,
            actor=(actor.username, actor.workstation),
        )
        for n, request in enumerate(record.flag_requests):
            _refuse_nul_in_flag(request, f"flag_requests[{n}]")
        if record.call is not None:
            _refuse_nul_in(call=record.call)
            _check_kept_call(record.call, record.assessment)
        if record.new_caller is not None:
            new = record.new_caller.person
            _refuse_nul_in(given_name=new.given_name, family_name=new.family_name, phones=new.phones)
            for n, address in enumerate(new.addresses):
                _refuse_nul_in_address(address, f"new_caller.addresses[{n}]")
        try:
            return self._save_contact(actor, record)
        except IntegrityError as error:
            # Two deliveries of one uuid raced; the other one won. Report it.
            existing = self._saved(record.uuid)
            if existing is None:
                raise classify(error, self.description) from None
            return existing

    def _saved(self, uuid: str) -> SaveResult | None:
        with self._read() as session:
            row = session.scalar(select(m.Contact).where(m.Contact.uuid == uuid))
            if row is None:
                return None
            return SaveResult(uuid, row.reference, row.id, False, False, row.person_id, row.location_id)

    def _save_contact(self, actor: Actor, record: ContactRecord) -> SaveResult:
        a = record.assessment
        email = _caller_email(a)
        with self._write(constraint_errors=True) as session:
            self._authorise(session, actor, "write_contact")
            existing = session.connection().execute(_save_statements().by_uuid, {"b_uuid": record.uuid}).first()
            if existing is not None:
                return SaveResult(
                    record.uuid,
                    existing.reference,
                    existing.id,
                    False,
                    False,
                    existing.person_id,
                    existing.location_id,
                    new_caller=(existing.assessment.get("caller_added_offline") or {}).get("outcome"),
                )
            person_id, location_id, flag_requests = record.person_id, record.location_id, record.flag_requests
            log_text, offline = record.log_text, None
            if record.new_caller is not None:
                person_id, location_id, offline = self._offline_caller(session, actor, record.new_caller)
                local = record.new_caller.local_id
                flag_requests = tuple(
                    replace(
                        r,
                        person_id=person_id if r.person_id == local else r.person_id,
                        location_id=location_id if r.location_id == local else r.location_id,
                    )
                    for r in flag_requests
                )
                log_text = offline_caller_delivered(log_text, offline["outcome"])
            reference = reference_for(record.saved_at.year, self._next_reference_number(session))
            override = a.get("override") or {}
            # Written with one Core statement that returns the row as stored (issue 24.2: no
            # unit of work, no read back): its digest for the audit entry is taken from it.
            contact = self._insert_returned(
                session,
                "contact",
                {
                    "uuid": record.uuid,
                    "reference": reference,
                    "channel": a["channel"],
                    "started_at": record.started_at,
                    "saved_at": record.saved_at,
                    "operator": actor.username,
                    "workstation": actor.workstation,
                    "person_id": person_id,
                    "location_id": location_id,
                    "incident_code": a["incident"]["code"],
                    "category": a["incident"]["category"],
                    "pack_id": a["pack"]["id"],
                    "pack_version": a["pack"]["version"],
                    "pack_hash": a["pack"]["hash"],
                    "risk_level": a["risk"]["level"],
                    "grade": a["grade"]["id"],
                    "rag": a["rag"],
                    "is_repeat": bool(a["repeat"]["is_repeat"]),
                    "vulnerable": bool(a["vulnerable"]),
                    "override_field": override.get("field"),
                    "override_reason": override.get("reason"),
                    "review_status": "pending" if override else None,
                    "contact_preference": a.get("contact_preference"),
                    "consent": a.get("consent"),
                    "answers": record.answers,
                    "assessment": {
                        **a,
                        "reference": reference,
                        **({"caller_added_offline": offline} if offline else {}),
                    },
                    "log_text": log_text.replace(REFERENCE_PLACEHOLDER, reference),
                    "call_input": record.call,
                },
            )[0]
            if email is not None and person_id is not None:
                self._keep_email(session, person_id, email)
            flag_ids = [self._insert_flag(session, actor, request, origin=reference).id for request in flag_requests]
            session.connection().execute(_save_statements().draft_dropped, {"b_uuid": record.uuid})
            work = work_for(contact, a)
            if work:
                self._insert_returned(session, "work_item", work)
            self._audit(
                session,
                actor,
                "create",
                "contact",
                reference,
                None,
                {
                    "uuid": record.uuid,
                    "incident_code": contact.incident_code,
                    "risk_level": contact.risk_level,
                    "grade": contact.grade,
                    "rag": contact.rag,
                    "person_id": person_id,
                    "location_id": location_id,
                    "override": override.get("field"),
                    **({"caller_added_offline": offline["outcome"]} if offline else {}),
                },
            )
            log.info(
                "contact %s saved (%s, %s, %d flag request(s))",
                reference,
                contact.risk_level,
                contact.rag,
                len(flag_ids),
            )
            return SaveResult(
                record.uuid,
                reference,
                contact.id,
                True,
                False,
                person_id,
                location_id,
                tuple(flag_ids),
                offline["outcome"] if offline else None,
            )

    def _keep_email(self, session: Session, person_id: int, address: str) -> None:
        """The caller's e-mail address with their record (issue 22.2), as a number is kept:
        once; an address they gave before is not written again. Audited with the contact."""
        emails = _table(m.Email)
        insert = pg_insert if self.backend == "postgresql" else sqlite_insert
        added = session.scalars(
            insert(emails)
            .values(person_id=person_id, address=address)
            .on_conflict_do_nothing(index_elements=["person_id", "address"])
            .returning(emails.c.id)
        ).all()
        self._wrote(session, "email", added)

    def _offline_caller(self, session: Session, actor: Actor, new: NewCaller) -> tuple[int, int | None, dict[str, Any]]:
        """Whom a caller added offline is, decided in the delivering contact's transaction
        (issue 20): the person an earlier contact for them was delivered to; else the person
        with the same phone number (E.164); else the same name (case and accents aside) at
        the same postcode; else a new person, added as :meth:`add_person` adds one. The
        contact's address is found or added. A matched person's own numbers and addresses
        are left as they are (what the caller gave is kept with the contact). Returns the
        person, the address and what was decided (kept in the contact's assessment)."""
        person = new.person
        given, family = person.given_name.strip(), person.family_name.strip()
        if not (given or family):
            raise InvalidData("new_caller: a person needs a name")
        try:
            phones = tuple(dict.fromkeys(phone_e164(p) for p in person.phones))
            addresses = [(a, postcode(a.postcode)) for a in person.addresses]
        except NormaliseError as error:
            raise InvalidData(f"new_caller: {error}") from None
        if self.backend == "postgresql":
            # Two workstations delivering the same caller at once: one after the other, so
            # the second finds the person the first added (SQLite: BEGIN IMMEDIATE).
            session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": NEW_CALLER_LOCK})
        found, how = None, ""
        if new.person_id is not None and session.get(m.Person, new.person_id) is not None:
            found, how = new.person_id, "matched: the person an earlier contact for this caller was delivered to"
        if found is None and phones:
            found = session.scalar(select(func.min(m.Phone.person_id)).where(m.Phone.e164.in_(phones)))
            how = "matched: the same phone number"
        if found is None and addresses:
            found = session.scalar(
                select(func.min(m.Person.id))
                .join(m.PersonLocation, m.PersonLocation.person_id == m.Person.id)
                .join(m.Location, m.Location.id == m.PersonLocation.location_id)
                .where(
                    m.Person.given_key == name_key(given),
                    m.Person.family_key == name_key(family),
                    m.Location.postcode_key.in_([code.replace(" ", "") for _, code in addresses]),
                )
            )
            how = "matched: the same name and postcode"
        locations = [self._location(session, address, code) for address, code in addresses]
        if found is None:
            row = m.Person(
                given_name=given,
                family_name=family,
                given_key=name_key(given),
                family_key=name_key(family),
                date_of_birth=person.date_of_birth,
                created_at=self.clock(),
            )
            session.add(row)
            session.flush()
            for number in phones:
                session.add(m.Phone(person_id=row.id, e164=number))
            for location in dict.fromkeys(locations):
                session.add(m.PersonLocation(person_id=row.id, location_id=location.id))
            self._audit(
                session,
                actor,
                "create",
                "person",
                row.id,
                None,
                {"phones": len(phones), "addresses": len(locations), "added_offline": new.local_id},
            )
            session.flush()
            found, how = row.id, "added as a new person"
        outcome = f"{how} (person {found})"
        details = {"local_id": new.local_id, "added_at": new.added_at.isoformat(), "person_id": found}
        return found, (locations[0].id if locations else None), {**details, "outcome": outcome}

    def _next_reference_number(self, session: Session) -> int:
        # PostgreSQL: a sequence, unique across every workstation, never blocks concurrent
        # savers. SQLite: a counter row, under the write lock the transaction holds.
        statements = _save_statements()
        counted = statements.next_sequence if self.backend == "postgresql" else statements.next_counter
        return int(session.connection().execute(counted).scalar() or 0)

    @retried
    def contact_log(self, actor: Actor, reference: str) -> StoredContact:
        refuse_nul("reference", reference)
        with self._read() as session:
            self._authorise(session, actor, "read_person")
            row = session.scalar(select(m.Contact).where(m.Contact.reference == reference))
            if row is None:
                raise NotFound(f"no contact with reference {reference}")
            found = _stored_contact(row)
        self._record_view(actor, "contact", reference)
        return found

    @retried
    def contacts_between(self, actor: Actor, start: datetime, end: datetime) -> list[StoredContact]:
        """Every contact started in [start, end), oldest first (for export).

        A write transaction: the export is audited in the same transaction as the read."""
        with self._write() as session:
            self._authorise(session, actor, "import_export")
            rows = session.scalars(
                select(m.Contact)
                .where(m.Contact.started_at >= start, m.Contact.started_at < end)
                .order_by(m.Contact.started_at, m.Contact.id)
            ).all()
            self._audit(
                session,
                actor,
                "export",
                "contact",
                f"{start.isoformat()}..{end.isoformat()}",
                None,
                {"count": len(rows)},
            )
            return [_stored_contact(r) for r in rows]

    # ------------------------------------------------------------------ flags

    @retried
    def request_flag(self, actor: Actor, request: FlagRequest) -> FlagRecord:
        _refuse_nul_in_flag(request)
        with self._write() as session:
            flag = self._insert_flag(session, actor, request)
            return _flag_record(flag)

    def _insert_flag(self, session: Session, actor: Actor, request: FlagRequest, origin: str | None = None) -> m.Flag:
        _refuse_nul_in_flag(request)
        self._authorise(session, actor, "request_flag")
        if request.kind not in m.FLAG_KINDS:
            raise InvalidData(f"unknown flag type '{request.kind}' (types: {', '.join(m.FLAG_KINDS)})")
        try:
            number = phone_e164(request.phone) if request.phone else None
        except NormaliseError as error:
            raise InvalidData(str(error)) from None
        if sum(x is not None for x in (request.person_id, number, request.location_id)) != 1:
            raise InvalidData("a flag is on exactly one of: a person, a phone number, an address")
        now = self.clock()
        flag = m.Flag(
            kind=request.kind,
            status="requested",
            person_id=request.person_id,
            phone_e164=number,
            location_id=request.location_id,
            negate_risk=request.negate_risk,
            officer_action=request.officer_action,
            inform=request.inform,
            linked_references=", ".join(x for x in (request.linked_references, origin) if x),
            requested_by=actor.username,
            requested_at=now,
            expires_at=request.expires_at,
        )
        session.add(flag)
        session.flush()
        self._flag_event(session, flag, actor, "requested", {"kind": flag.kind})
        self._audit(session, actor, "request", "flag", flag.id, None, {"kind": flag.kind, "status": "requested"})
        return flag

    def _flag_event(self, session: Session, flag: m.Flag, actor: Actor, action: str, details: dict[str, Any]) -> None:
        session.add(m.FlagEvent(flag_id=flag.id, at=self.clock(), by=actor.username, action=action, details=details))

    def _managed_flag(self, session: Session, actor: Actor, flag_id: int, status: str) -> m.Flag:
        self._authorise(session, actor, "manage_flags")
        flag = session.get(m.Flag, flag_id, with_for_update=True)
        if flag is None:
            raise NotFound(f"no flag with id {flag_id}")
        if flag.status != status:
            raise InvalidData(f"flag {flag_id} is {flag.status}, not {status}")
        return flag

    @retried
    def authorise_flag(self, actor: Actor, flag_id: int, reason: str, review_due: date | None = None) -> FlagRecord:
        """A supervisor authorises a requested flag, saying why it is necessary ("assesses their
        necessity", seed 002 'Authority'); it is reviewed monthly (seed 002 'Record')."""
        reason = _reason("reason", reason, needed="write why the flag is necessary (seed 002 'Authority')")
        with self._write() as session:
            flag = self._managed_flag(session, actor, flag_id, "requested")
            now = self.clock()
            flag.status, flag.authorised_by, flag.authorised_at = "active", actor.username, now
            flag.necessity = reason
            flag.review_due = review_due or months_after(now, 1).date()
            self._flag_event(
                session, flag, actor, "authorised", {"review_due": flag.review_due.isoformat(), "reason": reason}
            )
            self._notify(
                session,
                actor,
                flag.requested_by,
                f"flag {flag.id}",
                f"Your request for a {_words(flag.kind)} flag was authorised by {actor.username}: {reason}",
            )
            self._audit(session, actor, "authorise", "flag", flag.id, {"status": "requested"}, {"status": "active"})
            return _flag_record(flag)

    @retried
    def refuse_flag(self, actor: Actor, flag_id: int, reason: str) -> FlagRecord:
        """A supervisor refuses a requested flag, with a reason the requester is shown."""
        reason = _reason("reason", reason, needed="write why the flag is refused (the requester is shown it)")
        with self._write() as session:
            flag = self._managed_flag(session, actor, flag_id, "requested")
            flag.status, flag.refusal_reason = "rejected", reason
            self._flag_event(session, flag, actor, "refused", {"reason": reason})
            self._notify(
                session,
                actor,
                flag.requested_by,
                f"flag {flag.id}",
                f"Your request for a {_words(flag.kind)} flag was refused by {actor.username}: {reason}",
            )
            self._audit(session, actor, "refuse", "flag", flag.id, {"status": "requested"}, {"status": "rejected"})
            return _flag_record(flag)

    @retried
    def review_flag(self, actor: Actor, flag_id: int, note: str = "", next_review: date | None = None) -> FlagRecord:
        """The monthly review maintains the flag (with a note) and sets the next review date."""
        refuse_nul("note", note)
        with self._write() as session:
            flag = self._managed_flag(session, actor, flag_id, "active")
            old = flag.review_due
            flag.review_due = next_review or months_after(self.clock(), 1).date()
            self._flag_event(
                session, flag, actor, "reviewed", {"review_due": flag.review_due.isoformat(), "note": note.strip()}
            )
            self._audit(
                session,
                actor,
                "review",
                "flag",
                flag.id,
                {"review_due": old.isoformat() if old else None},
                {"review_due": flag.review_due.isoformat()},
            )
            return _flag_record(flag)

    @retried
    def remove_flag(self, actor: Actor, flag_id: int, reason: str) -> FlagRecord:
        reason = _reason(
            "reason", reason, needed="write why the flag is removed (seed 002: a flag is removed only with a reason)"
        )
        with self._write() as session:
            flag = self._managed_flag(session, actor, flag_id, "active")
            flag.status, flag.removed_by, flag.removed_at, flag.removal_reason = (
                "removed",
                actor.username,
                self.clock(),
                reason,
            )
            self._flag_event(session, flag, actor, "removed", {"reason": flag.removal_reason})
            self._audit(
                session,
                actor,
                "remove",
                "flag",
                flag.id,
                {"status": "active"},
                {"status": "removed", "reason": flag.removal_reason},
            )
            return _flag_record(flag)

    def _notify(self, session: Session, actor: Actor, recipient: str, subject: str, text_: str) -> None:
        """Tell ``recipient`` at their next sign-in (a notice), unless they did it themselves."""
        if recipient == actor.username:
            return
        session.add(
            m.Notice(
                recipient=recipient,
                created_at=self.clock(),
                author=actor.username,
                subject=subject,
                text=text_,
                seen_at=None,
            )
        )

    @retried
    def flag_events(self, actor: Actor, flag_id: int) -> list[FlagEventRecord]:
        with self._read() as session:
            self._authorise(session, actor, "read_person")
            rows = session.scalars(
                select(m.FlagEvent).where(m.FlagEvent.flag_id == flag_id).order_by(m.FlagEvent.id)
            ).all()
            return [FlagEventRecord(r.at, r.by, r.action, r.details) for r in rows]

    @retried
    def flags_needing_attention(self, actor: Actor, on: date) -> list[FlagRecord]:
        """Requested flags awaiting a supervisor, and active flags whose review is due."""
        with self._read() as session:
            self._authorise(session, actor, "manage_flags")
            rows = session.scalars(
                select(m.Flag)
                .where(or_(m.Flag.status == "requested", and_(m.Flag.status == "active", m.Flag.review_due <= on)))
                .order_by(m.Flag.id)
            ).all()
            return [_flag_record(f) for f in rows]

    # ------------------------------------------------------------------ drafts

    @retried
    def save_draft(self, actor: Actor, uuid: str, payload: dict[str, Any]) -> None:
        _refuse_nul_in(uuid=uuid, payload=payload)
        with self._write() as session:
            self._authorise(session, actor, "write_contact")
            draft = session.get(m.Draft, uuid)
            if draft is None:
                session.add(
                    m.Draft(
                        uuid=uuid,
                        operator=actor.username,
                        workstation=actor.workstation,
                        updated_at=self.clock(),
                        payload=payload,
                    )
                )
            elif draft.operator != actor.username:
                raise PermissionDenied("this unfinished contact belongs to another operator")
            else:
                draft.payload, draft.updated_at, draft.workstation = payload, self.clock(), actor.workstation

    @retried
    def drafts(self, actor: Actor) -> list[tuple[str, datetime, dict[str, Any]]]:
        with self._read() as session:
            self._authorise(session, actor, "write_contact")
            rows = session.scalars(
                select(m.Draft).where(m.Draft.operator == actor.username).order_by(m.Draft.updated_at)
            ).all()
            return [(d.uuid, d.updated_at, d.payload) for d in rows]

    @retried
    def discard_draft(self, actor: Actor, uuid: str) -> None:
        refuse_nul("uuid", uuid)
        with self._write() as session:
            self._authorise(session, actor, "write_contact")
            session.execute(delete(m.Draft).where(m.Draft.uuid == uuid, m.Draft.operator == actor.username))

    # ------------------------------------------------------------------ audit

    @retried
    def verify_audit(self, actor: Actor | None = None) -> AuditReport:
        """Walk every chain (an edited, inserted or deleted entry shows as a broken link), then
        hold each audited row against the hash its newest audit entry recorded: a person, an
        address, a flag event, a work item, a mark... changed, added or deleted outside
        asbdesk shows too, and so does a row asbdesk writes once written a second time."""
        problems: list[str] = []
        count = 0
        trail = _Recorded()
        with self._read() as session:
            if actor is not None:
                self._authorise(session, actor, "verify_audit")
            heads = {h.chain: h for h in session.scalars(select(m.AuditHead))}
            chains = set(heads) | set(session.scalars(select(m.AuditEntry.chain).distinct()))
            for chain in sorted(chains):
                previous, expected_seq = GENESIS, 1
                entries = session.scalars(
                    select(m.AuditEntry).where(m.AuditEntry.chain == chain).order_by(m.AuditEntry.seq)
                ).yield_per(1000)
                for entry in entries:
                    count += 1
                    if entry.seq != expected_seq:
                        problems.append(f"{chain}: entry {expected_seq} is missing (next is {entry.seq})")
                    if entry.prev_hash != previous:
                        problems.append(f"{chain}: entry {entry.seq} does not follow the entry before it")
                    if audit_hash(entry) != entry.hash:
                        problems.append(f"{chain}: entry {entry.seq} was changed after it was written")
                    previous, expected_seq = entry.hash, entry.seq + 1
                    if entry.action != "view":
                        trail.note(entry)
                head = heads.get(chain)
                if head is None or head.hash != previous or head.seq != expected_seq - 1:
                    problems.append(
                        f"{chain}: the newest entries were deleted (the chain ends before its recorded head)"
                    )
            problems += trail.rewritten()
            rows, hidden = _rows_against_audit(session.connection(), trail)
            problems += rows
        notes = tuple(
            f"{entity}: only the rows this login may read were held against the trail (row-level security)"
            for entity in hidden
        )
        return AuditReport(count, not problems, tuple(problems[:50]), notes)


# The rows whose every write is an audit entry carrying the row's hash (issues 13, 20):
# everything a person reads. entity -> (model, the columns an audit entry names it by).
_AUDITED: dict[str, tuple[type[m.Base], tuple[str, ...]]] = {
    "user": (m.User, ("username",)),
    "contact": (m.Contact, ("reference",)),
    "flag": (m.Flag, ("id",)),
    "site": (m.Site, ("id",)),
    "published_pack": (m.PublishedPack, ("id",)),
    "person": (m.Person, ("id",)),
    "phone": (m.Phone, ("id",)),
    "location": (m.Location, ("id",)),
    "person_location": (m.PersonLocation, ("person_id", "location_id")),
    "flag_event": (m.FlagEvent, ("id",)),
    "work_item": (m.WorkItem, ("id",)),
    "notice": (m.Notice, ("id",)),
    "dip_sample": (m.DipSample, ("id",)),
    "sample_item": (m.SampleItem, ("id",)),
    "sample_mark": (m.SampleMark, ("item_id", "check_id")),
    # Migration 0009 (issue 22.2): a caller's e-mail addresses, each try at a re-contact.
    "email": (m.Email, ("id",)),
    "recontact_attempt": (m.RecontactAttempt, ("id",)),
    # Migration 0010 (issue 22.3): each re-grade of a contact.
    "contact_revision": (m.ContactRevision, ("id",)),
}
AUDITED_ROWS: dict[str, tuple[Table, tuple[str, ...]]] = {
    entity: (_table(model), key) for entity, (model, key) in _AUDITED.items()
}
_ENTITY_OF_MODEL: dict[type, str] = {model: entity for entity, (model, _) in _AUDITED.items()}
# Rows asbdesk writes once and never changes: a second digest in the trail for one of them
# is a rewrite, whoever's name the later entry carries (issue 20). asbdesk has no way to
# edit a caller's name, number or address: a new one is a new row.
WRITTEN_ONCE = frozenset(
    {
        "person",
        "phone",
        "location",
        "person_location",
        "flag_event",
        "dip_sample",
        "sample_item",
        "published_pack",
        "email",
        "recontact_attempt",
        "contact_revision",
    }
)

# A published pack's files together (the loader's own limit for a pack folder).
MAX_PUBLISHED_BYTES = 5_000_000
PUBLISH_LOCK = 0x61736264_7075  # the advisory lock publications take one at a time ('asbd' 'pu')


def _publication(row: Any) -> Publication:
    return Publication(
        int(row.id),
        row.pack_id,
        row.version,
        row.sha256,
        int(row.size),
        row.published_by,
        row.published_at,
        row.reason,
        row.restores,
        dict(row.checks or {}),
    )


def _canonical(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    return value


# Columns added to an audited table after its rows were first hashed: left out of the
# digest while empty, so the rows' earlier digests still hold (site.audit_key, 0007;
# dip_sample.overlap_allowed and left_out, 0008; contact.call_input, 0010).
_LATER_COLUMNS = frozenset({"audit_key", "overlap_allowed", "left_out", "call_input"})


def _digest_of(row: Any) -> str:
    body = json.dumps(
        {key: _canonical(value) for key, value in row.items() if value is not None or key not in _LATER_COLUMNS},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        default=str,
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def _key_name(row: Any, key: tuple[str, ...]) -> str:
    """The name an audit entry gives a row: its key's values, joined by ':'."""
    return ":".join(str(row[column]) for column in key)


def _key_values(table: Table, key: tuple[str, ...], names: Iterable[str]) -> list[Any]:
    """The keys of the rows named (as _key_name writes them), typed for a bound IN: a value
    each for a one-column key, a tuple each for a composite one."""
    values: list[Any] = []
    for name in names:
        parts = name.split(":", len(key) - 1)
        if len(parts) != len(key):
            continue
        try:
            typed = tuple(
                int(part) if isinstance(table.c[column].type, Integer) else part
                for column, part in zip(key, parts, strict=True)
            )
        except ValueError:
            continue  # not a row's name (an export's date range): no row has it
        values.append(typed[0] if len(key) == 1 else typed)
    return values


@dataclass(frozen=True)
class _AuditStatements:
    head_locked: Any  # the chain's head, locked until commit
    entry_added: Any
    head_moved: Any


@functools.cache
def _audit_statements() -> _AuditStatements:
    """The statements every audit entry runs, built once (issue 24.2: not rebuilt and
    re-keyed for the statement cache at every audited write)."""
    heads = _table(m.AuditHead)
    chain = heads.c.chain == bindparam("b_chain")
    return _AuditStatements(
        head_locked=select(heads.c.seq, heads.c.hash).where(chain).with_for_update(),
        entry_added=_table(m.AuditEntry).insert(),
        head_moved=update(heads).where(chain).values(seq=bindparam("b_seq"), hash=bindparam("b_hash")),
    )


@dataclass(frozen=True)
class _SaveStatements:
    by_uuid: Any  # a contact already saved under the client's uuid
    draft_dropped: Any
    next_sequence: Any  # PostgreSQL's reference number
    next_counter: Any  # SQLite's


@functools.cache
def _save_statements() -> _SaveStatements:
    """The statements of :meth:`Store.save_contact`, built once."""
    contact, drafts = _table(m.Contact), _table(m.Draft)
    counter = _table(m.Counter)
    return _SaveStatements(
        by_uuid=select(
            contact.c.id, contact.c.reference, contact.c.person_id, contact.c.location_id, contact.c.assessment
        ).where(contact.c.uuid == bindparam("b_uuid")),
        draft_dropped=delete(drafts).where(drafts.c.uuid == bindparam("b_uuid")),
        next_sequence=text("SELECT nextval('contact_reference_seq')"),
        next_counter=update(counter)
        .where(counter.c.name == "contact_reference")
        .values(value=counter.c.value + 1)
        .returning(counter.c.value),
    )


@functools.cache
def _inserted_whole(entity: str) -> Any:
    """INSERT into an audited table returning every column as stored, built once."""
    table, _ = AUDITED_ROWS[entity]
    return table.insert().returning(*table.c)


@functools.cache
def _rows_named(entity: str) -> Any:
    """SELECT the rows of an audited table by key, built once (a bound, expanding IN): the
    statement is compiled once, not at every audited write."""
    table, key = AUDITED_ROWS[entity]
    keys: Any = bindparam("keys", expanding=True)
    column = table.c[key[0]] if len(key) == 1 else tuple_(*(table.c[c] for c in key))
    return select(table).where(column.in_(keys))


def _flat(found: dict[str, dict[str, str]]) -> dict[tuple[str, str], str]:
    """entity -> key -> digest as (entity, key) -> digest."""
    return {(entity, name): digest for entity, digests in found.items() for name, digest in digests.items()}


def row_digest(connection: Any, entity: str, entity_id: Any) -> str | None:
    """SHA-256 of one audited row's columns as the database holds them, or None if absent."""
    return _digests(connection, {entity: {str(entity_id)}}).get(entity, {}).get(str(entity_id))


def _digests(connection: Any, written: dict[str, set[str]]) -> dict[str, dict[str, str]]:
    """The digests of audited rows, entity -> key -> SHA-256: one query per table. A row
    this login cannot read back (row-level security) or that is gone has none."""
    found: dict[str, dict[str, str]] = {}
    for entity, names in sorted(written.items()):
        if not names:
            continue
        table, key = AUDITED_ROWS[entity]
        values = _key_values(table, key, names)
        if not values:
            continue
        for row in connection.execute(_rows_named(entity), {"keys": values}).mappings():
            found.setdefault(entity, {})[_key_name(row, key)] = _digest_of(row)
    return found


class _Recorded:
    """What the audit trail says of each audited row: whether any entry names it, the digest
    its newest entry recorded (newest by entry id: for one row, ids follow commit order, as
    each writer holds the row's lock until it commits; clocks may differ between
    workstations), and, for rows asbdesk writes once, every digest ever recorded."""

    def __init__(self) -> None:
        self.named: set[tuple[str, str]] = set()
        self.newest: dict[tuple[str, str], tuple[int, str]] = {}
        self.once: dict[tuple[str, str], dict[str, tuple[int, str, int]]] = {}

    def note(self, entry: m.AuditEntry) -> None:
        new = entry.new if isinstance(entry.new, dict) else {}
        if entry.entity in AUDITED_ROWS:
            self.named.add((entry.entity, entry.entity_id))
            if isinstance(new.get("row"), str):
                self._digest(entry, entry.entity, entry.entity_id, new["row"])
        rows = new.get("rows")
        for entity, digests in rows.items() if isinstance(rows, dict) else ():
            if entity not in AUDITED_ROWS or not isinstance(digests, dict):
                continue
            for name, digest in digests.items():
                self.named.add((entity, str(name)))
                if isinstance(digest, str):
                    self._digest(entry, entity, str(name), digest)

    def _digest(self, entry: m.AuditEntry, entity: str, name: str, digest: str) -> None:
        key = (entity, name)
        if key not in self.newest or entry.id > self.newest[key][0]:
            self.newest[key] = (entry.id, digest)
        if entity in WRITTEN_ONCE:
            self.once.setdefault(key, {}).setdefault(digest, (entry.id, entry.chain, entry.seq))

    def rewritten(self) -> list[str]:
        """Rows asbdesk writes once that the trail records with two contents."""
        problems = []
        for (entity, name), digests in sorted(self.once.items()):
            if len(digests) > 1:
                _, chain, seq = max(digests.values())
                problems.append(
                    f"{entity} {name} was written again ({chain}: entry {seq}): asbdesk writes a "
                    f"{_words(entity)} once, so it was changed outside asbdesk"
                )
        return problems


def recorded_as_of(session: Session, heads: dict[str, int] | None = None) -> _Recorded:
    """What the trail records of each audited row, from the entries up to ``heads`` (chain ->
    last sequence number, as a checkpoint holds them; chains not in it left out), or from
    every entry."""
    trail = _Recorded()
    entries = select(m.AuditEntry).where(m.AuditEntry.action != "view").order_by(m.AuditEntry.id)
    for entry in session.scalars(entries).yield_per(1000):
        if heads is None or entry.seq <= heads.get(entry.chain, 0):
            trail.note(entry)
    return trail


BUCKETS = 4096  # per audited table in a checkpoint: small enough a file, rows named on a mismatch


def bucket_of(entity: str, name: str) -> str:
    return hashlib.sha256(f"{entity}\x00{name}".encode()).hexdigest()[:3]


def row_buckets(trail: _Recorded) -> dict[str, dict[str, str]]:
    """The rows' recorded digests in a Merkle-style summary for a checkpoint (issue 20):
    entity -> bucket (the first 3 hex digits of the SHA-256 of the row's name) -> SHA-256 of
    the bucket's "name digest" lines, sorted, cut to 16 hex digits. A row whose entries before
    the checkpoint were rewritten, added or removed changes its bucket: the bucket names it.
    Finding a rewrite rests on the heads (whole SHA-256 hashes); the buckets say where it is,
    so 64 bits each keep the file small."""
    lines: dict[str, dict[str, list[str]]] = {}
    for (entity, name), (_, digest) in trail.newest.items():
        lines.setdefault(entity, {}).setdefault(bucket_of(entity, name), []).append(f"{name} {digest}")
    return {
        entity: {
            bucket: hashlib.sha256("\n".join(sorted(rows)).encode()).hexdigest()[:16]
            for bucket, rows in sorted(buckets.items())
        }
        for entity, buckets in sorted(lines.items())
    }


# Row-level security is on for this login and no permissive policy of its lets it read every
# row (asbdesk's roles: contacts and flags are read by all, a notice by its recipient and
# author only).
_HIDDEN = text(
    "SELECT row_security_active(:t) AND NOT EXISTS ("
    " SELECT 1 FROM pg_policies p WHERE p.schemaname = current_schema() AND p.tablename = :t"
    " AND p.permissive = 'PERMISSIVE' AND p.cmd IN ('SELECT', 'ALL') AND p.qual = 'true'"
    " AND ('public' = ANY (p.roles) OR EXISTS ("
    "  SELECT 1 FROM unnest(p.roles) AS r(name) WHERE pg_has_role(current_user, r.name, 'MEMBER'))))"
)


def rows_hidden(connection: Any, table: str) -> bool:
    """On PostgreSQL: may this login not read every row of ``table`` (row-level security)?"""
    return connection.dialect.name == "postgresql" and bool(connection.execute(_HIDDEN, {"t": table}).scalar())


def _rows_against_audit(connection: Any, trail: _Recorded) -> tuple[list[str], list[str]]:
    """Rows changed, added or deleted outside asbdesk: each row against its newest entry.
    Also the tables whose rows this login may not all read (PostgreSQL row-level security:
    a notice is its recipient's and its author's), where a row missing is not a deletion."""
    problems: list[str] = []
    hidden: list[str] = []
    for entity, (table, key) in AUDITED_ROWS.items():
        present: set[str] = set()
        for row in connection.execute(select(table)).mappings():
            name = _key_name(row, key)
            present.add(name)
            newest = trail.newest.get((entity, name))
            if newest is None and (entity, name) not in trail.named:
                problems.append(f"{entity} {name} has no audit entry: added outside asbdesk")
            elif newest is not None and newest[1] != _digest_of(row):
                problems.append(f"{entity} {name} differs from its last audit entry: changed outside asbdesk")
        if rows_hidden(connection, table.name):
            hidden.append(entity)
            continue
        for kind, name in sorted(trail.newest):
            if kind == entity and name not in present:
                problems.append(f"{kind} {name} is in the audit trail but not in the database: deleted")
    return problems, hidden


def entry_hash(
    *,
    seq: int,
    at: datetime,
    username: str,
    workstation: str,
    action: str,
    entity: str,
    entity_id: str,
    old: Any,
    new: Any,
    prev_hash: str,
    **_: Any,
) -> str:
    """SHA-256 of an audit entry's fields and the hash of the entry before it."""
    moment = at.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds")
    body = json.dumps(
        [seq, moment, username, workstation, action, entity, entity_id, old, new, prev_hash],
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        default=str,
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def audit_hash(entry: m.AuditEntry) -> str:
    return entry_hash(
        seq=entry.seq,
        at=entry.at,
        username=entry.username,
        workstation=entry.workstation,
        action=entry.action,
        entity=entry.entity,
        entity_id=entry.entity_id,
        old=entry.old,
        new=entry.new,
        prev_hash=entry.prev_hash,
    )


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def refuse_nul(field: str, value: Any) -> None:
    """InvalidData naming the field if a text in ``value`` (nested dicts and lists too) has
    a NUL character: PostgreSQL cannot store one and SQLite would cut the text at it in
    places. Checked before any SQL, so both backends refuse it alike and nothing is stored."""
    if isinstance(value, str):
        if "\x00" in value:
            raise InvalidData(f"{field} contains a NUL character")
        surrogate = _LONE_SURROGATE.search(value)
        if surrogate is not None:  # no UTF-8 for it: the driver would fail with an encoding error
            raise InvalidData(
                f"{field} contains a lone surrogate (U+{ord(surrogate.group()):04X}) at position "
                f"{surrogate.start() + 1}: not text that can be stored"
            )
    elif isinstance(value, dict):
        for key, item in value.items():
            name = f"{field}.{str(key).replace(chr(0), '?')}"
            refuse_nul(name, key)
            refuse_nul(name, item)
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            refuse_nul(f"{field}[{index}]", item)


# A username is the database login (PostgreSQL: current_user) or the operating-system
# account: letters, digits and . _ - @, at most 64 (the column's width on both backends).
_USERNAME = re.compile(r"[^\W][\w.@-]{0,63}")


def check_user_names(username: str, display_name: str) -> None:
    """InvalidData, naming the field, for a username or display name that cannot be a user's
    on either backend: empty, too long, a control character, a lone surrogate, spaces or
    punctuation in a login name."""
    from asbdesk.core.call import InputError, check_text
    from asbdesk.core.files import shown

    if not isinstance(username, str) or not _USERNAME.fullmatch(username):
        raise InvalidData(
            f"username: '{shown(username, 64)}' is not a login name (1 to 64 letters, digits and . _ - @, "
            "starting with a letter or digit: the same as the database login)"
        )
    if not isinstance(display_name, str) or not display_name.strip():
        raise InvalidData("name: a user's full name is needed")
    try:
        check_text(display_name, "name", 200)
    except InputError as error:
        raise InvalidData(str(error)) from None
    if "\n" in display_name or "\r" in display_name or "\t" in display_name:
        raise InvalidData("name: must be one line")


# What the user is doing, for the audit row of a refusal (issue 22.6): {"command": the
# command's words, "target": the id it names, or None}. Set by the command line.
ACTING: ContextVar[dict[str, Any] | None] = ContextVar("asbdesk_acting", default=None)


@contextmanager
def acting(command: str, target: str | None) -> Iterator[None]:
    """While inside, a refusal's audit row names ``command`` and ``target``."""
    token = ACTING.set({"command": command, "target": target})
    try:
        yield
    finally:
        ACTING.reset(token)


def _reason(field: str, value: str | None, limit: int = 2000, needed: str = "write the reason") -> str:
    """A supervisor's reason or comment: required, of a sane length; refused naming the
    field and saying in its own words what it needs (``needed``, e.g. "name the officer")."""
    text_ = (value or "").strip()
    if not text_:
        raise InvalidData(f"{field}: {needed}")
    if len(text_) > limit:
        raise InvalidData(f"{field}: at most {limit} characters ({len(text_)} given)")
    refuse_nul(field, text_)
    return text_


def _words(identifier: str) -> str:
    return identifier.replace("_", " ")


def work_for(contact: Any, assessment: dict[str, Any], since: datetime | None = None) -> list[dict[str, Any]]:
    """The supervisor's work a saved contact leaves (issue 10), as work_item rows; the same
    rules fill the table for contacts saved before it existed (migration 0005).

    Due times are asbdesk's: a red or amber incident "must be immediately referred to NPT
    supervision" (seed 002 'Grading'), so its occurrence is due at once; an override review
    and an allocated re-contact within a day. ``since``: when the work arises, if not when the
    contact was saved (a supervisor's re-grade, issue 22.3). ``contact``: the contact as
    stored (a model or a row: its id, saved_at, review_status, override_field and rag)."""
    saved = since or contact.saved_at
    next_day = saved + timedelta(days=1)
    work: list[dict[str, Any]] = []

    def item(kind: str, due: datetime, details: dict[str, Any]) -> None:
        work.append(
            {
                "kind": kind,
                "contact_id": contact.id,
                "created_at": saved,
                "due_at": due,
                "open": True,
                "details": details,
            }
        )

    if contact.review_status == "pending":
        item("override", next_day, {"field": contact.override_field})
    if contact.rag in RAG_RATINGS[1:]:  # amber and red
        item("occurrence", saved, {"rag": contact.rag})
    method = assessment.get("contact_method")
    if method in RECONTACT_METHODS:
        # How to reach the caller, as the call recorded it (issue 22.2): the queue reads it
        # from this small JSON, not from each contact's whole assessment (10-14 KB apiece).
        caller = assessment.get("caller") or {}
        reach = {key: caller[key] for key in ("phone", "email") if isinstance(caller.get(key), str)}
        item("recontact", next_day, {"method": method, **reach})
    return work


def _caller_email(assessment: dict[str, Any]) -> str | None:
    """The e-mail address the caller gave, from the assessment's caller (the log's CALLER
    section), checked again at the storage boundary; None when none was given."""
    caller = assessment.get("caller")
    typed = caller.get("email") if isinstance(caller, dict) else None
    if typed is None:
        return None
    if not isinstance(typed, str):
        raise InvalidData("caller.email: must be text")
    try:
        return email_address(typed)
    except NormaliseError as error:
        raise InvalidData(f"caller.email: {error}") from None


def _check_kept_call(kept: dict[str, Any], assessment: dict[str, Any]) -> None:
    """The call kept with a contact (issue 22.3) reads back, and is the call assessed."""
    try:
        call = call_from_json(kept)
    except InputError as error:
        raise InvalidData(f"the call kept with the contact cannot be read: {error}") from None
    incident = assessment.get("incident")
    code = incident.get("code") if isinstance(incident, dict) else None
    if call.incident_code != code:
        raise InvalidData(
            f"call.incident_code: the call kept is for code {call.incident_code}, the assessment for {code}"
        )


def _refuse_nul_in(**fields: Any) -> None:
    for name, value in fields.items():
        refuse_nul(name, value)


def _refuse_nul_in_flag(request: FlagRequest, field: str = "flag") -> None:
    for name in ("kind", "negate_risk", "officer_action", "inform", "linked_references", "phone"):
        refuse_nul(f"{field}.{name}", getattr(request, name))


def _refuse_nul_in_address(address: AddressInput, field: str) -> None:
    for name in ("line1", "town", "postcode"):
        refuse_nul(f"{field}.{name}", getattr(address, name))


def _prefix(column: Any, prefix: str) -> Any:
    """column starts with prefix, as a range the index can use on both backends."""
    return and_(column >= prefix, column < prefix + "\U0010ffff")


def _phone_prefix(query: str, digits: str) -> str:
    stripped = query.strip()
    if stripped.startswith("+"):
        return "+" + digits
    if stripped.startswith("00"):
        return "+" + digits[2:]
    if digits.startswith("0"):
        return "+44" + digits[1:]
    if digits.startswith("44"):
        return "+" + digits
    return "+44" + digits


def _flag_record(flag: m.Flag) -> FlagRecord:
    subject = "person" if flag.person_id is not None else "phone" if flag.phone_e164 else "location"
    return FlagRecord(
        id=flag.id,
        kind=flag.kind,
        status=flag.status,
        subject=subject,
        person_id=flag.person_id,
        phone_e164=flag.phone_e164,
        location_id=flag.location_id,
        negate_risk=flag.negate_risk,
        officer_action=flag.officer_action,
        inform=flag.inform,
        linked_references=flag.linked_references,
        requested_by=flag.requested_by,
        requested_at=flag.requested_at,
        authorised_by=flag.authorised_by,
        review_due=flag.review_due,
        expires_at=flag.expires_at,
        removal_reason=flag.removal_reason,
        necessity=flag.necessity,
        refusal_reason=flag.refusal_reason,
    )


def _stored_contact(row: m.Contact) -> StoredContact:
    return StoredContact(**{f.name: getattr(row, f.name) for f in fields(StoredContact)})


# ------------------------------------------------------------------ read statements
#
# The read paths' statements, built once with bind parameters: each call only binds its
# values, so SQLAlchemy finds the compiled SQL in its cache without building the
# statement (and its cache key) again. Rows are read with Core, not as ORM objects.

_TOP = "\U0010ffff"  # see _prefix


def _prefix_params(prefix: str, name: str = "key") -> dict[str, str]:
    """The values for :func:`_prefix_bound` ``name``: starts with ``prefix``."""
    return {f"{name}_lo": prefix, f"{name}_hi": prefix + _TOP}


def _prefix_bound(column: Any, name: str = "key") -> Any:
    """:func:`_prefix` with the range's ends bound at execution (see :func:`_prefix_params`)."""
    return and_(column >= bindparam(f"{name}_lo"), column < bindparam(f"{name}_hi"))


def _build_read_statements() -> None:
    global _ROLE_OF, _PERSON, _PEOPLE_BY_PHONE, _PEOPLE_BY_POSTCODE, _DETAILS
    global _PEOPLE_BY_NAME, _PEOPLE_BY_NAME_COMMA, _PEOPLE_BY_NAME_WORDS, _PERSON_HISTORY, _HISTORIES, _ACTIVE_FLAGS
    global _PUBLICATIONS, _IN_FORCE

    _ROLE_OF = select(m.User.role, m.User.active).where(m.User.username == bindparam("username"))
    published = _table(m.PublishedPack)
    listed = [c for c in published.c if c.name != "files"]  # the files are read one publication at a time
    _PUBLICATIONS = select(*listed).order_by(published.c.id.desc())
    _IN_FORCE = _PUBLICATIONS.limit(1)

    limit = bindparam("limit", type_=Integer)
    person = (m.Person.id, m.Person.given_name, m.Person.family_name, m.Person.date_of_birth)
    family, given = m.Person.family_key, m.Person.given_key
    _PERSON = select(*person).where(m.Person.id == bindparam("person_id"))
    by_phone = select(m.Phone.person_id).where(_prefix_bound(m.Phone.e164)).distinct().limit(limit)
    _PEOPLE_BY_PHONE = select(*person).where(m.Person.id.in_(by_phone)).order_by(family, given)
    by_postcode = (
        select(m.PersonLocation.person_id)
        .join(m.Location, m.Location.id == m.PersonLocation.location_id)
        .where(_prefix_bound(m.Location.postcode_key))
        .limit(limit)
    )
    _PEOPLE_BY_POSTCODE = select(*person).where(m.Person.id.in_(by_postcode)).order_by(family, given)

    def empty(name: str) -> Any:
        return cast(null(), String).label(name)

    ids: Any = bindparam("ids", expanding=True)

    # A person's numbers (0), addresses (1) and e-mail addresses (2: migration 0009), in one
    # round trip; ``value`` is the number or the e-mail address.
    def held(kind: int, model: Any, value: Any) -> Any:
        """A person's numbers or e-mail addresses, as rows of the details' union."""
        return select(
            literal(kind).label("kind"),
            model.person_id,
            model.id,
            value.label("value"),
            empty("line1"),
            empty("town"),
            empty("postcode"),
        ).where(model.person_id.in_(ids))

    _DETAILS = union_all(
        held(0, m.Phone, m.Phone.e164),
        select(
            literal(1).label("kind"),
            m.PersonLocation.person_id,
            m.Location.id,
            empty("value"),
            m.Location.line1,
            m.Location.town,
            m.Location.postcode,
        )
        .join(m.Location, m.Location.id == m.PersonLocation.location_id)
        .where(m.PersonLocation.person_id.in_(ids)),
        held(2, m.Email, m.Email.address),
    )

    # Name search: the readings of the query (see Store.find_callers), each read in the
    # order of its index; the second element is the readings ordered given name first.
    def by_name(*options: tuple[Any, tuple[Any, Any]]) -> tuple[Any, frozenset[int]]:
        columns = (*person, family, given)
        parts = [
            select(literal(n).label("reading"), *columns).where(condition).order_by(*order).limit(limit).subquery()
            for n, (condition, order) in enumerate(options)
        ]
        given_first = frozenset(n for n, (_, order) in enumerate(options) if order[0] is given)
        return union_all(*(select(part) for part in parts)), given_first

    readings = [(_prefix_bound(family, "whole"), (family, given)), (_prefix_bound(given, "whole"), (given, family))]
    _PEOPLE_BY_NAME = by_name(*readings)
    _PEOPLE_BY_NAME_COMMA = by_name(
        *readings, (and_(_prefix_bound(family, "f2"), _prefix_bound(given, "g2")), (family, given))
    )
    _PEOPLE_BY_NAME_WORDS = by_name(
        *readings,
        (and_(_prefix_bound(given, "g2"), _prefix_bound(family, "f2")), (family, given)),
        (and_(_prefix_bound(family, "f3"), _prefix_bound(given, "g3")), (family, given)),
    )

    def latest(tag: int, condition: Any) -> Any:
        return (
            select(literal(tag).label("tag"), *Store._HISTORY_COLUMNS)
            .where(condition)
            .order_by(m.Contact.started_at.desc())
            .limit(HISTORY_LIMIT)
            .subquery()
        )

    mine = latest(0, m.Contact.person_id == bindparam("person_id"))
    _PERSON_HISTORY = union_all(select(mine))
    _HISTORIES = union_all(
        select(mine), select(latest(1, m.Contact.location_id.in_(bindparam("location_ids", expanding=True))))
    )

    # Active flags: one indexed lookup per subject kind, unioned (an OR across the three
    # columns makes SQLite scan every flag); keyed by (any phones, any addresses).
    flag = m.Flag
    live = and_(flag.status == "active", or_(flag.expires_at.is_(None), flag.expires_at > bindparam("now")))
    flag_columns = (
        flag.id,
        flag.kind,
        flag.status,
        flag.person_id,
        flag.phone_e164,
        flag.location_id,
        flag.negate_risk,
        flag.officer_action,
        flag.inform,
        flag.linked_references,
        flag.requested_by,
        flag.requested_at,
        flag.authorised_by,
        flag.review_due,
        flag.expires_at,
        flag.removal_reason,
        flag.necessity,
        flag.refusal_reason,
    )
    _ACTIVE_FLAGS = {}
    for phones in (False, True):
        for locations in (False, True):
            lookups = [select(flag.id).where(flag.person_id.in_(bindparam("person_ids", expanding=True)), live)]
            if phones:
                lookups.append(select(flag.id).where(flag.phone_e164.in_(bindparam("phones", expanding=True)), live))
            if locations:
                lookups.append(
                    select(flag.id).where(flag.location_id.in_(bindparam("location_ids", expanding=True)), live)
                )
            _ACTIVE_FLAGS[phones, locations] = (
                select(*flag_columns).where(flag.id.in_(union_all(*lookups))).order_by(flag.id)
            )


_ROLE_OF: Any
_PUBLICATIONS: Any
_IN_FORCE: Any
_PERSON: Any
_PEOPLE_BY_PHONE: Any
_PEOPLE_BY_POSTCODE: Any
_DETAILS: Any
_PEOPLE_BY_NAME: tuple[Any, frozenset[int]]
_PEOPLE_BY_NAME_COMMA: tuple[Any, frozenset[int]]
_PEOPLE_BY_NAME_WORDS: tuple[Any, frozenset[int]]
_PERSON_HISTORY: Any
_HISTORIES: Any
_ACTIVE_FLAGS: dict[tuple[bool, bool], Any]
_build_read_statements()


__all__ = ["StorageError", "Store", "audit_hash", "reference_for"]
