"""Opening a database: engines, pragmas, migrations, and errors worth telling the user.

Errors are split as qutebrowser's ``misc/sql.py`` does: a :class:`StorageError`
is something the user can understand and act on (the database is down, newer
than this app, a permission is missing); anything else is our bug.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DataError, DBAPIError, OperationalError, ProgrammingError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from asbdesk.core.resources import data_dir
from asbdesk.paths import create_private_file, private_dir

if TYPE_CHECKING:
    from alembic.config import Config

# The newest migration in db/versions (a test checks it). Opening a database that is
# already at this revision needs no Alembic at all, which keeps start-up quick.
SCHEMA_HEAD = "0011_contact_counts"


class StorageError(Exception):
    """A storage problem to tell the user about, in words."""


class DatabaseUnavailable(StorageError):
    """The database cannot be reached (network, server stopped, file locked)."""


class DatabaseBusy(StorageError):
    """Other work held the database (a lock, a serialization conflict) and this was not done.
    Transient: nothing was changed, and trying again (the outbox, the user) is right."""


class DatabaseFault(StorageError):
    """The database is there but cannot do this: read-only, full, damaged, a table missing,
    a permission withheld. Not transient: retrying will not help until someone fixes it.
    ``cause`` names which ('permission', 'read-only', 'schema', ... as ``_FAULTS``): a
    permission withheld concerns what was asked (the outbox sets that contact aside), the
    others the database itself (the outbox keeps its queue in order and waits)."""

    def __init__(self, message: str, cause: str = "other") -> None:
        super().__init__(message)
        self.cause = cause


class DatabaseNewer(StorageError):
    """The database was made by a newer asbdesk; it is left untouched."""


class PermissionDenied(StorageError):
    """The signed-in user may not do this. ``refused`` (who, which permission) when the
    refusal is to be written to the audit trail once the refused transaction is undone."""

    def __init__(self, message: str, refused: tuple[Any, str] | None = None) -> None:
        super().__init__(message)
        self.refused = refused


class NotFound(StorageError):
    pass


class InvalidData(StorageError):
    """What was given cannot be stored (a bad phone number, an empty reason)."""


class BadDatabaseUrl(ValueError):
    """A database URL asbdesk cannot use; the message says why (bad input, not a database
    problem: the CLI exits 2 naming where the URL came from)."""


SUPPORTED_BACKENDS = ("sqlite", "postgresql")


def check_url(url: str) -> URL:
    """``url`` parsed, or :class:`BadDatabaseUrl` in words: asbdesk takes SQLite files and
    PostgreSQL (through psycopg 3), nothing else."""
    from sqlalchemy.exc import ArgumentError

    from asbdesk.core.files import shown

    example = "sqlite:///PATH or postgresql://USER@HOST/DATABASE"
    if not isinstance(url, str) or not url.strip():
        raise BadDatabaseUrl(f"no database URL was given ({example})")
    try:
        parsed = make_url(normalise_url(url))
    except (ArgumentError, ValueError):
        raise BadDatabaseUrl(f"'{shown(url)}' is not a database URL ({example})") from None
    backend = parsed.get_backend_name()
    if backend not in SUPPORTED_BACKENDS:
        raise BadDatabaseUrl(f"'{shown(backend, 40)}': asbdesk works with SQLite and PostgreSQL only ({example})")
    driver = parsed.get_driver_name()
    if backend == "postgresql" and driver != "psycopg":
        raise BadDatabaseUrl(f"'{shown(driver, 40)}': asbdesk connects to PostgreSQL with psycopg 3 ({example})")
    return parsed


def describe(url: str) -> str:
    """A URL fit for the status bar and logs: no password."""
    parsed = check_url(url)
    if parsed.get_backend_name() == "sqlite":
        return f"local database {parsed.database}"
    # A multi-host URL (a primary and its standbys: ?host=a:5432&host=b:5432) names each.
    hosts = parsed.query.get("host")
    if hosts and not parsed.host:
        named = ",".join(hosts) if isinstance(hosts, tuple) else hosts
        return f"shared database {named}/{parsed.database}"
    return f"shared database {parsed.host or 'localhost'}/{parsed.database}"


def normalise_url(url: str) -> str:
    """'postgresql://' and 'postgres://' mean psycopg 3 here."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


# How long a SQLite writer waits for another connection's write lock before giving up.
SQLITE_BUSY_TIMEOUT = 30.0
# A writer that must not keep anyone waiting (``asbdesk_access="write_now"``, recording a
# view after a read the operator is looking at) does not wait at all: the lock is free and
# it writes, or SQLITE_BUSY at once and the caller writes later (Store._record_view). A
# wait here is a wait on every pick while another workstation saves (issue 24.2: 250 ms).
SQLITE_NOW_TIMEOUT = 0.0

# Transactions ask for read or write access with an execution option, read by the SQLite
# begin listener below: ``engine.execution_options(asbdesk_access="read")``. Anything
# that does not say is a writer (BEGIN IMMEDIATE), the safe default.
ACCESS_OPTION = "asbdesk_access"


def make_engine(url: str, *, create: bool = True, **kwargs: Any) -> Engine:
    """An engine for ``url``. Statement parameters (names, numbers, answers) are never put
    in SQLAlchemy's error messages or logs (``hide_parameters``), whatever the caller asks.
    A new local database file is made 0600 in a folder made 0700 before SQLite opens it;
    SQLite gives its -wal and -shm files the database file's mode. ``create=False``: no
    folder or file is made first (the caller has checked the file is there)."""
    check_url(url)
    url = normalise_url(url)
    kwargs["hide_parameters"] = True
    backend = make_url(url).get_backend_name()
    if backend == "sqlite":
        database = make_url(url).database
        if create and database and database != ":memory:" and not database.startswith("file:"):
            private_dir(Path(database).parent)
            try:
                create_private_file(database)
            except OSError:
                pass  # e.g. a read-only folder: SQLite reports it in its own words (SQLITE_CANTOPEN)
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT}, **kwargs)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            # Every connection: foreign keys on (off by default in SQLite), WAL so readers
            # never block the writer (STYLE.md habit 8). pysqlite's own transaction
            # handling is switched off so the BEGIN below is the only one.
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute(f"PRAGMA busy_timeout={int(SQLITE_BUSY_TIMEOUT * 1000)}")
            # Reads through the OS page cache without copying, and a 64 MB page cache: a
            # force's years of history is gigabytes, and callers are looked up at random.
            cursor.execute("PRAGMA mmap_size=1073741824")
            cursor.execute("PRAGMA cache_size=-65536")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(connection: Any) -> None:
            access = connection.get_execution_options().get(ACCESS_OPTION, "write")
            if access == "read":
                # Deferred: a reader takes no lock and, under WAL, reads the last committed
                # state while another connection writes; it never waits for the write lock.
                connection.exec_driver_sql("BEGIN")
            elif access == "write_now":
                # A writer that must not wait (recording a view): the lock now or SQLITE_BUSY
                # at once, which the caller handles by writing later.
                connection.exec_driver_sql(f"PRAGMA busy_timeout={int(SQLITE_NOW_TIMEOUT * 1000)}")
                try:
                    connection.exec_driver_sql("BEGIN IMMEDIATE")
                finally:
                    connection.exec_driver_sql(f"PRAGMA busy_timeout={int(SQLITE_BUSY_TIMEOUT * 1000)}")
            else:
                # Take the write lock at BEGIN, so two writers queue instead of failing later
                # (a deferred writer that read first would get SQLITE_BUSY_SNAPSHOT instead).
                connection.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    kwargs.setdefault("pool_pre_ping", True)
    kwargs.setdefault("pool_size", 5)
    kwargs.setdefault("max_overflow", 20)
    # A server that vanishes without closing its connections (a host powered off, a network
    # cut, a managed database failing over) is noticed in seconds, not after the kernel's
    # ~15 minutes of retransmissions: unacknowledged data for 15 s (tcp_user_timeout, ms),
    # or an idle connection's keepalive probes unanswered for 10 + 3 x 5 s, drop it, and
    # the desk queues the save and reconnects to whichever server takes writes. Any of
    # these given in the URL's query wins.
    query = make_url(url).query
    connect_args: dict[str, Any] = {name: value for name, value in CONNECT_ARGS.items() if name not in query}
    if "prepare_threshold" in query:
        connect_args["prepare_threshold"] = _prepare_threshold(query["prepare_threshold"])
    return create_engine(url, connect_args=connect_args, **kwargs)


def _prepare_threshold(value: str | tuple[str, ...]) -> int | None:
    """psycopg prepares a statement run this many times on one connection; ``none`` never
    does. Behind PgBouncer in transaction mode before 1.21 it must be ``none``: a statement
    prepared on one server connection is not there when the next transaction gets another
    (docs/storage.md, "Connection pooling"). A URL's query is text; psycopg wants a number."""
    text_ = (value[-1] if isinstance(value, tuple) else value).strip().lower()
    if text_ in ("none", "off", ""):
        return None
    if not text_.isdigit():
        raise StorageError(f"prepare_threshold in the database URL must be a number or 'none', not '{text_}'")
    return int(text_)


# libpq connection parameters for a shared database (see make_engine).
CONNECT_ARGS: dict[str, int] = {
    "connect_timeout": 5,  # seconds, for each host of a multi-host URL in turn
    "keepalives": 1,
    "keepalives_idle": 10,
    "keepalives_interval": 5,
    "keepalives_count": 3,
    "tcp_user_timeout": 15000,
}


def alembic_config(url: str) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(data_dir("db")))
    config.set_main_option("sqlalchemy.url", normalise_url(url).replace("%", "%%"))
    return config


def current_revision(engine: Engine) -> str | None:
    """The database's schema revision, or None when it has none, read with plain SQL."""
    with engine.connect() as connection:
        try:
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except (OperationalError, ProgrammingError) as error:
            if "alembic_version" in str(error):
                return None  # no schema yet
            raise


def schema_state(engine: Engine) -> tuple[str | None, str]:
    """(the database's revision or None if empty, this app's head revision)."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config(str(engine.url)))
    head = script.get_current_head()
    if head is None:  # pragma: no cover - db/versions ships with the package
        raise RuntimeError("no migrations found in db/versions")
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    return current, head


def check_not_newer(engine: Engine) -> None:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config(str(engine.url)))
    current, head = schema_state(engine)
    if current is None:
        return
    try:
        script.get_revision(current)
    except Exception:  # alembic raises several resolution errors for an unknown id
        raise DatabaseNewer(
            f"The {describe(str(engine.url))} has schema version '{current}', made by a newer asbdesk "
            f"(this version knows up to '{head}'). It has been left untouched: update asbdesk on this "
            "workstation."
        ) from None


def upgrade(engine: Engine) -> tuple[str | None, str]:
    """Bring the schema to this app's head; refuse a newer database. Returns (before, after)."""
    try:
        if current_revision(engine) == SCHEMA_HEAD:
            return SCHEMA_HEAD, SCHEMA_HEAD  # current: nothing to do, Alembic not needed
        check_not_newer(engine)
        before, head = schema_state(engine)
        if before != head:
            from alembic import command

            config = alembic_config(str(engine.url))
            with engine.begin() as connection:
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
        return before, head
    except (DBAPIError, PoolTimeout) as error:
        raise classify(error, describe(str(engine.url))) from None


def ensure_current(engine: Engine) -> None:
    """For a shared database: it must be at this app's head (an administrator upgrades it)."""
    try:
        if current_revision(engine) == SCHEMA_HEAD:
            return
        check_not_newer(engine)
        current, head = schema_state(engine)
    except (DBAPIError, PoolTimeout) as error:
        raise classify(error, describe(str(engine.url))) from None
    if current != head:
        raise StorageError(
            f"The {describe(str(engine.url))} is at schema version '{current or 'empty'}' but this asbdesk "
            f"needs '{head}'. An administrator must run 'asbdesk db upgrade' first."
        )


# ---------------------------------------------------------------------- telling errors apart
#
# One place turns a driver error into a StorageError the user can act on. The message is
# a fixed sentence plus the error's code (SQLSTATE or SQLite result code): never the
# driver's text, which can quote the values sent (names, addresses, answers).
#
#   what happened                               PostgreSQL SQLSTATE              SQLite result code               -> class
#   cannot connect, connection lost             08xxx, 57P01-57P03, no SQLSTATE  CANTOPEN                         -> DatabaseUnavailable
#                                               on a psycopg OperationalError
#   another transaction won / held the lock     40001, 40P01, 55P03, 57014       BUSY, LOCKED, SCHEMA, PROTOCOL   -> DatabaseBusy
#                                               53300 (too many connections),
#                                               pool checkout timed out
#   a value the database cannot take            22xxx (22021/22P05 bad character, TOOBIG, MISMATCH                -> InvalidData
#                                               22001 too long, ...), client-side
#                                               DataError (NUL in text); 23xxx
#   read-only, full, damaged, missing table,    42xxx, 42501, 53100, 25006,      READONLY, FULL, PERM, CORRUPT,   -> DatabaseFault
#   permission, anything else                   58xxx, XXxxx, others             NOTADB, IOERR, "no such table",
#                                                                                others

# SQLite primary result codes (the low byte of an extended code).
_SQLITE_NAMES = {
    1: "SQLITE_ERROR",
    3: "SQLITE_PERM",
    5: "SQLITE_BUSY",
    6: "SQLITE_LOCKED",
    7: "SQLITE_NOMEM",
    8: "SQLITE_READONLY",
    9: "SQLITE_INTERRUPT",
    10: "SQLITE_IOERR",
    11: "SQLITE_CORRUPT",
    13: "SQLITE_FULL",
    14: "SQLITE_CANTOPEN",
    15: "SQLITE_PROTOCOL",
    17: "SQLITE_SCHEMA",
    18: "SQLITE_TOOBIG",
    19: "SQLITE_CONSTRAINT",
    20: "SQLITE_MISMATCH",
    23: "SQLITE_AUTH",
    26: "SQLITE_NOTADB",
}

_KEPT = "Nothing was changed in it; what was entered is kept on this workstation."

_FAULTS = {
    # what is wrong, in words (completes "The local database x ...")
    "read-only": "is read-only, so nothing can be saved to it",
    "full": "is on a full disk (or has reached its size limit), so nothing more can be saved to it",
    "permission": "refused this account the access it needs",
    "damaged": "is damaged or is not an asbdesk database",
    "schema": "does not have the tables or columns this asbdesk expects (a table is missing or the schema was changed)",
    "disk": "could not be read or written by the operating system (a disk or file-system error)",
    "memory": "ran out of memory",
    "other": "reported a fault it cannot recover from",
}

_BAD_VALUES = {
    "character": "a text contains a character the database cannot store",
    "too long": "a text or value is longer than the database allows",
    "number": "a number is out of the range the database allows",
    "date": "a date or time is not valid",
    "rule": "a value breaks a rule of the database (a link to a record that does not exist, or a duplicate)",
    "other": "a value is not valid for the database",
}


def classify(error: BaseException, where: str = "database") -> StorageError:
    """The StorageError for a SQLAlchemy/driver error: what the user sees and what code does next.

    ``where`` names the database in words (see :func:`describe`). The message carries only
    a fixed sentence and the error's code, never the driver's text or any SQL parameter.
    """
    if isinstance(error, StorageError):
        return error
    if isinstance(error, PoolTimeout):
        return DatabaseBusy(
            f"The {where} has no free connection: every one is busy with other work (pool timeout). "
            "Nothing was changed; try again in a moment."
        )
    orig = getattr(error, "orig", None) or error
    sqlstate = getattr(orig, "sqlstate", None)
    sqlite_code = getattr(orig, "sqlite_errorcode", None)
    if sqlstate is not None or _is_postgresql(orig):
        return _classify_postgresql(error, orig, sqlstate, where)
    if sqlite_code is not None or type(orig).__module__.startswith("sqlite3"):
        return _classify_sqlite(error, orig, sqlite_code, where)
    if getattr(error, "connection_invalidated", False) or isinstance(error, OperationalError):
        return DatabaseUnavailable(f"The {where} cannot be reached ({type(orig).__name__}).")
    return DatabaseFault(f"The {where} {_FAULTS['other']} ({type(orig).__name__}). {_KEPT}")


def _is_postgresql(orig: BaseException) -> bool:
    return type(orig).__module__.split(".")[0] in ("psycopg", "psycopg2")


def _classify_postgresql(error: BaseException, orig: BaseException, sqlstate: str | None, where: str) -> StorageError:
    code = f"SQLSTATE {sqlstate}" if sqlstate else type(orig).__name__
    if sqlstate is None:
        # No SQLSTATE: libpq itself failed (could not connect, connection lost), or psycopg
        # refused a value before sending it (a NUL character in text).
        if type(orig).__name__ == "DataError" or isinstance(error, DataError):
            return InvalidData(f"The {where} refused a value ({code}): {_BAD_VALUES['character']}; nothing was saved.")
        if (
            isinstance(error, OperationalError)
            or getattr(error, "connection_invalidated", False)
            or type(orig).__name__
            in (
                "OperationalError",
                "InterfaceError",
            )
        ):
            return DatabaseUnavailable(f"The {where} cannot be reached ({_connection_hint(orig)}).")
        return DatabaseFault(f"The {where} {_FAULTS['other']} ({code}). {_KEPT}")
    klass = sqlstate[:2]
    if klass == "08" or sqlstate in ("57P01", "57P02", "57P03"):
        return DatabaseUnavailable(
            f"The {where} cannot be reached ({code}: the connection failed or was closed by the server)."
        )
    if sqlstate in ("40001", "40P01", "55P03", "57014", "53300") or klass == "40":
        return DatabaseBusy(
            f"The {where} is busy with other changes ({code}: a conflicting transaction or lock). "
            "Nothing was changed; try again in a moment."
        )
    if klass in ("22", "23"):
        what = _named(sqlstate, _BAD_VALUE_STATES)
        return InvalidData(f"The {where} refused a value ({code}): {_BAD_VALUES[what]}; nothing was saved.")
    what = _named(sqlstate, _FAULT_STATES)
    return DatabaseFault(f"The {where} {_FAULTS[what]} ({code}). {_KEPT}", what)


# What a PostgreSQL SQLSTATE means for the user, first match wins: five characters name one
# state, two name its class.
_BAD_VALUE_STATES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("22021", "22P05", "22024"), "character"),
    (("22001",), "too long"),
    (("22003", "22012"), "number"),
    (("22007", "22008"), "date"),
    (("23",), "rule"),
)
_FAULT_STATES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("42501", "28000", "28P01"), "permission"),
    (("42",), "schema"),
    (("25006",), "read-only"),
    (("53100", "54000", "54001"), "full"),
    (("53200",), "memory"),
    (("58",), "disk"),
    (("XX001", "XX002"), "damaged"),
)
# SQLite primary result codes (sqlite3.h) and what they mean for the user.
_SQLITE_FAULTS = {
    8: "read-only",
    13: "full",
    3: "permission",
    23: "permission",
    11: "damaged",
    26: "damaged",
    10: "disk",
    7: "memory",
}


def _named(sqlstate: str, rules: tuple[tuple[tuple[str, ...], str], ...]) -> str:
    return next((name for codes, name in rules if sqlstate in codes or sqlstate[:2] in codes), "other")


def _classify_sqlite(error: BaseException, orig: BaseException, sqlite_code: int | None, where: str) -> StorageError:
    primary = sqlite_code & 0xFF if sqlite_code is not None else None
    name = (
        _SQLITE_NAMES.get(primary, getattr(orig, "sqlite_errorname", None) or type(orig).__name__)
        if primary
        else type(orig).__name__
    )
    if primary == 14:
        return DatabaseUnavailable(f"The {where} cannot be reached ({name}: the file or its folder cannot be opened).")
    if primary in (5, 6, 15, 17):
        return DatabaseBusy(
            f"The {where} is busy: another program or workstation held its write lock too long ({name}). "
            "Nothing was changed; try again in a moment."
        )
    if primary in (18, 20):
        what = "too long" if primary == 18 else "other"
        return InvalidData(f"The {where} refused a value ({name}): {_BAD_VALUES[what]}; nothing was saved.")
    if primary == 19:
        return InvalidData(f"The {where} refused a value ({name}): {_BAD_VALUES['rule']}; nothing was saved.")
    if primary is None and type(orig).__name__ == "ProgrammingError":
        return InvalidData(f"The {where} refused a value ({name}): {_BAD_VALUES['character']}; nothing was saved.")
    reason = str(orig).lower()
    schema = primary == 1 and any(words in reason for words in ("no such table", "no such column", "has no column"))
    what = "schema" if schema else _SQLITE_FAULTS.get(primary or 0, "other")
    return DatabaseFault(f"The {where} {_FAULTS[what]} ({name}). {_KEPT}", what)


def _connection_hint(orig: BaseException) -> str:
    """libpq's reason as one of a few fixed phrases (its text is never shown as is)."""
    text = str(orig).lower()
    for needles, phrase in (
        # A multi-host URL with target_session_attrs=read-write (docs/storage.md, "A primary
        # and a standby"): libpq found servers, but none takes writes. First: libpq lists
        # every host's failure, and the primary's "connection refused" says less than this.
        (
            ("session is read-only", "server is in hot standby mode"),
            "no server takes writes: a standby answers, not yet promoted",
        ),
        (("connection refused",), "connection refused: is the server running?"),
        (("timeout", "timed out"), "no answer in time"),
        (("could not translate host name", "name or service not known", "nodename nor servname"), "unknown host name"),
        (
            ("password authentication failed", "no pg_hba.conf entry", "authentication"),
            "the server refused the sign-in",
        ),
        (("does not exist",), "the server does not know this database or user name"),
        (
            (
                "server closed the connection",
                "terminating connection",
                "connection is lost",
                "consuming input failed",
                "connection is closed",
                "ssl syscall",
                "broken pipe",
                "reset by peer",
            ),
            "the connection was lost",
        ),
    ):
        if any(n in text for n in needles):
            return phrase
    return f"no connection: {type(orig).__name__}"
