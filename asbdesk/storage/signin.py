"""Who this workstation saves and queues as, when the shared database cannot say.

On a shared PostgreSQL database the operator is the database login (``current_user``,
issue 13). While the database answers, every sign-in (the desk's start, its return after
an offline start, any ``asbdesk`` command) is remembered here, per database as the
workstation reaches it; a desk that starts while the database is away queues its saves
under that login, and the database checks it again (row-level security) on delivery.

A workstation no one has signed in on from here knows no login: it queues nothing
(never under the operating-system account, which the database does not know; issue 20),
and says so. On a local SQLite database the operator is always the operating-system
account that owns the file.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import URL, make_url

from asbdesk import paths
from asbdesk.storage.database import classify, describe, normalise_url

if TYPE_CHECKING:
    from asbdesk.storage.store import Store

log = logging.getLogger(__name__)

IDENTITY_FILE = "identity.json"


@dataclass(frozen=True)
class QueueAs:
    """Whom a desk saves and queues as. ``login`` None: no one has signed in to this database
    on this workstation, so nothing may be queued. ``confirmed``: the database said so at
    this start (else remembered from an earlier sign-in, at ``since``)."""

    login: str | None
    confirmed: bool
    since: datetime | None = None

    def words(self) -> str:
        """Whom saves queue as, in words (``asbdesk outbox status``; the desk says the same)."""
        if self.login is None:
            return (
                "no one has signed in to this database on this workstation, so a save cannot be queued under "
                "anyone's name: calls are kept here as drafts until it is back"
            )
        if self.confirmed:
            return f"saves queue here as '{self.login}'"
        when = f", {self.since.astimezone().strftime('%d %b %Y %H:%M')}" if self.since else ""
        return f"saves queue here as '{self.login}' (the login last signed in on this workstation{when})"


def database_key(url: str | URL) -> str:
    """One database as this workstation reaches it, never with its password: the backend,
    the login the URL names (if any), host, port and database. Two databases that share a
    host and a name (another port, another server) are two keys."""
    parsed = make_url(normalise_url(url) if isinstance(url, str) else url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        where = str(Path(database).resolve()) if database and database != ":memory:" else database
        return f"sqlite:{where}"
    host = (parsed.host or "localhost").lower()
    return f"{parsed.get_backend_name()}://{parsed.username or ''}@{host}:{parsed.port or 5432}/{parsed.database or ''}"


def _file() -> Path:
    return paths.config_dir() / IDENTITY_FILE


def _read() -> dict[str, Any]:
    try:
        known = json.loads(_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return known if isinstance(known, dict) else {}


def remember(url: str | URL, login: str, now: datetime | None = None) -> None:
    """Keep ``login`` as the one that signed in to ``url``'s database from this workstation.
    Written whole to a new file, then moved over the old one: a crash never leaves half."""
    from asbdesk.storage.store import os_account

    key = database_key(url)
    known = _read()
    entry = known.get(key)
    if isinstance(entry, dict) and entry.get("login") == login and entry.get("account") == os_account():
        return
    known[key] = {"account": os_account(), "login": login, "at": (now or datetime.now(UTC)).isoformat()}
    target = _file()
    temporary = target.with_name(f".{target.name}.{os.getpid()}")
    with paths.open_private(temporary, "w", encoding="utf-8") as handle:
        json.dump(known, handle, indent=1, sort_keys=True)
    os.replace(temporary, target)


def remembered(url: str | URL) -> QueueAs:
    """Whom a desk that cannot reach ``url``'s database queues as: on a local database the
    operating-system account; on a shared one the login last signed in to it from here
    (read also from the key asbdesk used before issue 20, the database's description,
    when its login is the one the URL names or the URL names none); else no one."""
    from asbdesk.storage.store import os_account

    parsed = make_url(normalise_url(url) if isinstance(url, str) else url)
    if parsed.get_backend_name() == "sqlite":
        return QueueAs(os_account(), confirmed=True)
    known = _read()
    entry = known.get(database_key(parsed))
    if not _usable(entry, os_account()):
        older: Any = known.get(describe(parsed.render_as_string(hide_password=True)))
        usable = _usable(older, os_account()) and parsed.username in (None, older["login"])
        entry = older if usable else None
    if entry is None:
        return QueueAs(None, confirmed=False)
    try:
        since = datetime.fromisoformat(entry["at"]) if entry.get("at") else None
    except (TypeError, ValueError):
        since = None
    return QueueAs(str(entry["login"]), confirmed=False, since=since)


def _usable(entry: Any, account: str) -> bool:
    return (
        isinstance(entry, dict)
        and entry.get("account") == account
        and isinstance(entry.get("login"), str)
        and bool(entry["login"])
    )


def sign_in(store: Store) -> str:
    """The database's word on who is using asbdesk (``Store.identity``), remembered for the
    next time this workstation cannot reach it: a StorageError when it cannot say. A memory
    that cannot be written is logged, not raised: the sign-in itself stands."""
    from sqlalchemy.exc import DBAPIError
    from sqlalchemy.exc import TimeoutError as PoolTimeout

    try:
        login = store.identity()
    except (DBAPIError, PoolTimeout) as error:
        raise classify(error, store.description) from None
    if store.backend != "sqlite":
        try:
            remember(store.engine.url, login)
        except OSError as error:
            log.warning("the login could not be remembered on this workstation (%s)", type(error).__name__)
    return login
