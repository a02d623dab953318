"""Storage tests run on real SQLite and a real PostgreSQL (STYLE.md: never assume one is the other).

PostgreSQL: 127.0.0.1:5432, trust auth (ASBDESK_TEST_PG_URL overrides). Each test gets
a fresh database copied from a migrated template. Under CI the PostgreSQL tests fail,
not skip, when the server cannot be reached.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from asbdesk.storage.database import make_engine, upgrade
from asbdesk.storage.records import Actor
from asbdesk.storage.store import Store

PG_URL = os.environ.get("ASBDESK_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
NOW = datetime(2026, 11, 23, 14, 5, tzinfo=UTC)

ANN = Actor("ann", "desk-01")  # call handler
FRAN = Actor("fran", "counter-01")  # front counter
SAM = Actor("sam", "desk-02")  # supervisor
ADA = Actor("ada", "admin-01")  # administrator


@dataclass
class Clock:
    now: datetime = field(default=NOW)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def _admin_engine():
    return create_engine(PG_URL, isolation_level="AUTOCOMMIT")


@pytest.fixture(scope="session")
def pg_template() -> Iterator[str]:
    """A migrated PostgreSQL database used as the template for each test's database."""
    admin = _admin_engine()
    try:
        with admin.connect() as connection:
            connection.execute(text("SELECT 1"))
    except OperationalError as error:
        admin.dispose()
        reason = str(error.orig).strip().splitlines()[0]
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the PostgreSQL tests, but PostgreSQL cannot be reached at {PG_URL}: {reason}")
        pytest.skip(f"PostgreSQL is not reachable at {PG_URL} ({reason}): PostgreSQL storage tests skipped")
    name = f"asbdesk_tmpl_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = str(make_url(PG_URL).set(database=name).render_as_string(hide_password=False))
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    yield name
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path


def fresh_pg_url(template: str) -> tuple[str, str]:
    name = f"asbdesk_t_{uuid.uuid4().hex[:12]}"
    admin = _admin_engine()
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    admin.dispose()
    return str(make_url(PG_URL).set(database=name).render_as_string(hide_password=False)), name


def drop_pg(name: str) -> None:
    admin = _admin_engine()
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> Iterator[str]:
    """A fresh, migrated, empty database of each backend."""
    if request.param == "sqlite":
        path = tmp_path / "asbdesk.sqlite"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
    else:
        url, name = fresh_pg_url(request.getfixturevalue("pg_template"))
        yield url
        drop_pg(name)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(db_url, clock) -> Iterator[Store]:
    store = Store.open(db_url, migrate=True, clock=clock)
    store.ensure_user("ann", "Ann Handler", "call_handler")
    store.ensure_user("fran", "Fran Counter", "front_counter")
    store.ensure_user("sam", "Sam Supervisor", "supervisor")
    store.ensure_user("ada", "Ada Admin", "administrator")
    yield store
    store.close()


@pytest.fixture(autouse=True)
def _sign_in(monkeypatch):
    """Lets tests run the CLI as a named person (tests.storage.helpers.run_cli)."""
    from tests.storage.helpers import SignIn

    SignIn.monkeypatch = monkeypatch
    yield
    SignIn.monkeypatch = None
