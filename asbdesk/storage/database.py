"""Opening a database: engines, pragmas, migrations, and errors worth telling the user.

Errors are split as qutebrowser's ``misc/sql.py`` does: a :class:`StorageError`
is something the user can understand and act on (the database is down, newer
than this app, a permission is missing); anything else is our bug.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError, ProgrammingError

from asbdesk.core.resources import data_dir

if TYPE_CHECKING:
    from alembic.config import Config

# The newest migration in db/versions (a test checks it). Opening a database that is
# already at this revision needs no Alembic at all, which keeps start-up quick.
SCHEMA_HEAD = "0003"


class StorageError(Exception):
    """A storage problem to tell the user about, in words."""


class DatabaseUnavailable(StorageError):
    """The database cannot be reached (network, server stopped, file locked)."""


class DatabaseNewer(StorageError):
    """The database was made by a newer asbdesk; it is left untouched."""


class PermissionDenied(StorageError):
    """The signed-in user may not do this."""


class NotFound(StorageError):
    pass


class InvalidData(StorageError):
    """What was given cannot be stored (a bad phone number, an empty reason)."""


def describe(url: str) -> str:
    """A URL fit for the status bar and logs: no password."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return f"local database {parsed.database}"
    return f"shared database {parsed.host or 'localhost'}/{parsed.database}"


def normalise_url(url: str) -> str:
    """'postgresql://' and 'postgres://' mean psycopg 3 here."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def make_engine(url: str, **kwargs: Any) -> Engine:
    url = normalise_url(url)
    backend = make_url(url).get_backend_name()
    if backend == "sqlite":
        database = make_url(url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30}, **kwargs)

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
            cursor.execute("PRAGMA busy_timeout=30000")
            # Reads through the OS page cache without copying, and a 64 MB page cache: a
            # force's years of history is gigabytes, and callers are looked up at random.
            cursor.execute("PRAGMA mmap_size=1073741824")
            cursor.execute("PRAGMA cache_size=-65536")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(connection: Any) -> None:
            # Take the write lock at BEGIN, so two writers queue instead of failing later.
            connection.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    kwargs.setdefault("pool_pre_ping", True)
    kwargs.setdefault("pool_size", 5)
    kwargs.setdefault("max_overflow", 20)
    return create_engine(url, connect_args={"connect_timeout": 5}, **kwargs)


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
    except OperationalError as error:
        raise DatabaseUnavailable(f"The {describe(str(engine.url))} cannot be reached: {_reason(error)}") from None


def ensure_current(engine: Engine) -> None:
    """For a shared database: it must be at this app's head (an administrator upgrades it)."""
    try:
        if current_revision(engine) == SCHEMA_HEAD:
            return
        check_not_newer(engine)
        current, head = schema_state(engine)
    except OperationalError as error:
        raise DatabaseUnavailable(f"The {describe(str(engine.url))} cannot be reached: {_reason(error)}") from None
    if current != head:
        raise StorageError(
            f"The {describe(str(engine.url))} is at schema version '{current or 'empty'}' but this asbdesk "
            f"needs '{head}'. An administrator must run 'asbdesk db upgrade' first."
        )


def _reason(error: OperationalError | ProgrammingError) -> str:
    text = str(error.orig) if getattr(error, "orig", None) is not None else str(error)
    return text.strip().splitlines()[0] if text.strip() else type(error).__name__
