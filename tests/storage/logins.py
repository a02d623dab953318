"""A force's shared database for tests: asbdesk's roles applied (``roles_sql``), and people
who each sign in with a PostgreSQL login of their own, a member of their role's group, as
the database administrator sets them up (docs/storage.md)."""

from __future__ import annotations

import uuid

from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import make_url

from asbdesk.storage.roles import GROUP, roles_sql
from asbdesk.storage.store import Store
from tests.storage.conftest import PG_URL, drop_pg, fresh_pg_url


class SharedDatabase:
    """A fresh PostgreSQL database made from the migrated template, with the roles applied.
    Login roles are cluster-wide, so each name carries a suffix of its own (tests run in
    parallel); :meth:`close` drops the database and the logins."""

    def __init__(self, template: str) -> None:
        self.url, self.name = fresh_pg_url(template)
        self.suffix = uuid.uuid4().hex[:6]
        self.logins: dict[str, str] = {}  # person -> login
        self._engines: dict[str, Engine] = {}
        self.owner = Store.open(self.url, migrate=False)
        with self.owner.engine.begin() as connection:
            connection.exec_driver_sql(roles_sql())

    def add(self, person: str, role: str, *, user: bool = True) -> str:
        """A login for ``person`` in ``role``'s group, and (``user``) the asbdesk user of the same name."""
        login = f"{person}_{self.suffix}"
        admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as connection:
                connection.exec_driver_sql(f"CREATE ROLE {login} LOGIN")
        finally:
            admin.dispose()
        with self.owner.engine.begin() as connection:
            connection.exec_driver_sql(f"GRANT {GROUP[role]} TO {login}")
        if user:
            self.owner.ensure_user(login, person.title(), role)
        self.logins[person] = login
        return login

    def url_of(self, person: str) -> str:
        url = make_url(self.url).set(username=self.logins[person], password=None)
        return url.render_as_string(hide_password=False)

    def store(self, person: str, **kwargs) -> Store:
        return Store.open(self.url_of(person), migrate=False, **kwargs)

    def engine(self, person: str) -> Engine:
        """A plain SQLAlchemy engine signed in as ``person``: psql's rights, not asbdesk's.
        One per person, of one connection: the server's connections are shared."""
        if person not in self._engines:
            self._engines[person] = create_engine(self.url_of(person), pool_size=1, max_overflow=0)
        return self._engines[person]

    def close(self) -> None:
        for engine in self._engines.values():
            engine.dispose()
        self.owner.close()
        drop_pg(self.name)
        admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as connection:
                for login in self.logins.values():
                    connection.exec_driver_sql(f"DROP ROLE IF EXISTS {login}")
        finally:
            admin.dispose()
