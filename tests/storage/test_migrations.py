"""Schema versions: upgrade from the first revision, refuse a newer database, match the models."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from asbdesk.storage.database import DatabaseNewer, StorageError, alembic_config, make_engine, schema_state, upgrade
from asbdesk.storage.models import Base
from asbdesk.storage.store import Store
from tests.storage.conftest import drop_pg, fresh_pg_url

FIRST_REVISION = "0001"


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request, tmp_path):
    """A database with no schema at all."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.sqlite'}"
    else:
        request.getfixturevalue("pg_template")
        url, name = fresh_pg_url("template0")
        yield url
        drop_pg(name)


def test_upgrade_an_empty_database_to_head(empty_url):
    engine = make_engine(empty_url)
    before, head = upgrade(engine)
    assert before is None
    assert schema_state(engine) == (head, head)
    assert {"contact", "person", "flag", "audit_entry", "draft"} <= set(inspect(engine).get_table_names())
    engine.dispose()


def test_upgrade_a_database_file_from_the_first_revision(empty_url):
    engine = make_engine(empty_url)
    config = alembic_config(empty_url)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, FIRST_REVISION)
    with engine.begin() as connection:  # data written at the first revision survives every later one
        connection.execute(
            text(
                "INSERT INTO app_user (username, display_name, role, active, created_at) "
                "VALUES ('old', 'Old User', 'supervisor', true, '2026-01-01 00:00:00')"
            )
        )
    upgrade(engine)
    current, head = schema_state(engine)
    assert current == head
    with engine.connect() as connection:
        assert (
            connection.execute(text("SELECT display_name FROM app_user WHERE username = 'old'")).scalar() == "Old User"
        )
    engine.dispose()


def test_migrations_match_the_models(empty_url):
    engine = make_engine(empty_url)
    upgrade(engine)
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection, opts={"compare_type": False}), Base.metadata)
    assert diff == []
    engine.dispose()


def test_a_newer_database_is_refused_and_left_untouched(empty_url):
    engine = make_engine(empty_url)
    upgrade(engine)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    tables_before = sorted(inspect(engine).get_table_names())
    with pytest.raises(DatabaseNewer, match="made by a newer asbdesk.*left untouched"):
        Store.open(empty_url, migrate=True)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == "9999_future"
    assert sorted(inspect(engine).get_table_names()) == tables_before
    engine.dispose()


def test_shared_database_behind_the_app_is_refused_with_instructions(empty_url):
    engine = make_engine(empty_url)
    engine.dispose()
    with pytest.raises(StorageError, match="An administrator must run 'asbdesk db upgrade' first"):
        Store.open(empty_url, migrate=False)


def test_local_database_is_upgraded_on_open(tmp_path):
    path = tmp_path / "fresh" / "asbdesk.sqlite"
    store = Store.open(f"sqlite:///{path}")
    assert Path(path).is_file()
    current, head = schema_state(store.engine)
    assert current == head
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    store.close()


def test_schema_head_constant_matches_the_migrations():
    from alembic.script import ScriptDirectory

    from asbdesk.storage.database import SCHEMA_HEAD

    assert ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head() == SCHEMA_HEAD
