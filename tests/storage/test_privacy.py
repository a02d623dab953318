"""Privacy (issue 13): database errors never carry what was sent (names in stderr, stdout,
the log file or a message shown to the user), and what asbdesk creates is readable by the
user only (folders 0700, files 0600), on a real run from a fresh ASBDESK_HOME."""

from __future__ import annotations

import logging
import os
import sqlite3
import stat
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from asbdesk import paths
from asbdesk.cli import configure_logging
from asbdesk.storage import database
from asbdesk.storage.database import StorageError, make_engine
from asbdesk.storage.outbox import Outbox
from asbdesk.storage.records import NewPerson
from asbdesk.storage.store import Store
from asbdesk.storage.transfer import import_history
from tests.storage.conftest import ADA, ANN, NOW
from tests.storage.helpers import contact, run_cli

PLANTED = "Zebedee Quistgaard"  # must appear in no output, log line or message
CSV_HEADER = "occurred_at,incident_code,family_name,given_name,external_reference\n"

posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


@pytest.fixture
def home(tmp_path, monkeypatch):
    home = tmp_path / "fresh" / "home"  # neither exists yet: asbdesk makes both
    monkeypatch.setenv("ASBDESK_HOME", str(home))
    monkeypatch.delenv("ASBDESK_DATABASE_URL", raising=False)
    return home


def cli(capsys, *args):
    return run_cli(capsys, *args)


def assert_nowhere(home: Path, caplog, *texts: str) -> None:
    """PLANTED (or any part of it) in none of: the texts given (stdout, stderr, messages),
    the log file, any log record of any logger."""
    log_file = home / "logs" / "asbdesk.log"
    logged = log_file.read_text(encoding="utf-8") if log_file.exists() else ""
    for where, content in [
        *((f"output {n}", t) for n, t in enumerate(texts)),
        ("asbdesk.log", logged),
        ("log records", caplog.text),
    ]:
        for part in (PLANTED, *PLANTED.split()):
            assert part.lower() not in content.lower(), f"{part!r} found in {where}: {content[:2000]}"


def planted_csv(tmp_path: Path, family: str = PLANTED) -> Path:
    path = tmp_path / "history.csv"
    path.write_text(CSV_HEADER + f"2026-10-01T20:00:00Z,802,{family},Isla,NICHE-1\n", encoding="utf-8")
    return path


def add_admin(capsys, url: str) -> None:
    code, _, err = cli(
        capsys,
        "users",
        "add",
        "ada",
        "--name",
        "Ada Admin",
        "--role",
        "administrator",
        "--by",
        "ada",
        "--database",
        url,
    )
    assert code == 0, err


def refuse_people(url: str, how: str) -> None:
    """A trigger that makes the database refuse a new person, quoting the name it was given
    in its own error text where it can: what a hostile or odd database can do."""
    engine = make_engine(url)
    try:
        _create_refusal(engine, how)
    finally:
        engine.dispose()


def _create_refusal(engine, how: str) -> None:
    with engine.begin() as connection:
        if engine.dialect.name == "sqlite":
            body = (
                "SELECT json_extract('{}', NEW.family_name)"
                if how == "driver-text"  # "JSON path error near '<name>'"
                else "SELECT RAISE(ABORT, 'refused by a rule')"
            )  # IntegrityError, the name only in the parameters
            connection.exec_driver_sql(f"CREATE TRIGGER refuse BEFORE INSERT ON person BEGIN {body}; END")
        else:
            errcode = "23514" if how == "constraint" else "XX000"
            connection.exec_driver_sql(
                "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                f"RAISE EXCEPTION 'refused: %%', NEW.family_name USING ERRCODE = '{errcode}', DETAIL = NEW.family_name; END $$"
            )
            connection.exec_driver_sql(
                "CREATE TRIGGER refuse BEFORE INSERT ON person FOR EACH ROW EXECUTE FUNCTION refuse()"
            )


# ------------------------------------------------------------------ no name in any output


@pytest.mark.parametrize("how", ["constraint", "driver-text"])
def test_import_refused_by_the_database_shows_no_name(capsys, caplog, home, tmp_path, db_url, how):
    caplog.set_level(logging.DEBUG)
    add_admin(capsys, db_url)
    refuse_people(db_url, how)
    code, out, err = cli(capsys, "import", str(planted_csv(tmp_path)), "--user", "ada", "--database", db_url)
    assert code == 3, err
    assert err.startswith("asbdesk: The ") and "database" in err and "internal error" not in err
    assert_nowhere(home, caplog, out, err)
    # The same through the storage API: the exception the desk would show.
    store = Store.open(db_url)
    try:
        with pytest.raises(StorageError) as raised, planted_csv(tmp_path).open(encoding="utf-8") as stream:
            import_history(store, ADA, stream)
    finally:
        store.close()
    assert_nowhere(home, caplog, str(raised.value), repr(raised.value), str(raised.value.__cause__ or ""))


def test_a_value_too_long_on_postgresql_shows_no_name(capsys, caplog, home, tmp_path, pg_template):
    from tests.storage.conftest import drop_pg, fresh_pg_url

    caplog.set_level(logging.DEBUG)
    url, name = fresh_pg_url(pg_template)
    try:
        add_admin(capsys, url)
        long_name = " ".join([PLANTED] * 12)  # 227 characters: the column holds 200 (SQLSTATE 22001)
        code, out, err = cli(
            capsys, "import", str(planted_csv(tmp_path, long_name)), "--user", "ada", "--database", url
        )
        assert code == 3 and "22001" in err and "longer than the database allows" in err, err
        assert_nowhere(home, caplog, out, err)
        store = Store.open(url)
        try:
            store.ensure_user("ann", "Ann Handler", "call_handler")
            with pytest.raises(StorageError) as raised:
                store.add_person(ANN, NewPerson("Isla", long_name))
        finally:
            store.close()
        assert "22001" in str(raised.value)
        assert_nowhere(home, caplog, str(raised.value))
    finally:
        drop_pg(name)


def test_a_locked_sqlite_database_shows_no_name(capsys, caplog, home, tmp_path, monkeypatch):
    caplog.set_level(logging.DEBUG)
    url = f"sqlite:///{tmp_path / 'locked.sqlite'}"
    add_admin(capsys, url)
    monkeypatch.setattr(database, "SQLITE_BUSY_TIMEOUT", 0.2)
    holder = sqlite3.connect(tmp_path / "locked.sqlite", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    try:
        code, out, err = cli(capsys, "import", str(planted_csv(tmp_path)), "--user", "ada", "--database", url)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert code == 3 and "is busy" in err and "SQLITE_BUSY" in err, err
    assert_nowhere(home, caplog, out, err)


def test_engines_hide_statement_parameters(db_url):
    engine = make_engine(db_url, hide_parameters=False)  # asked for, and refused
    try:
        with pytest.raises(DBAPIError) as raised, engine.begin() as connection:
            # NOT NULL: the name is sent as a parameter and the insert fails.
            connection.execute(
                text("INSERT INTO person (given_name, family_name) VALUES (:g, :f)"), {"g": "Isla", "f": PLANTED}
            )
    finally:
        engine.dispose()
    assert "parameters hidden" in str(raised.value)
    assert PLANTED not in str(raised.value.statement) and "[parameters: (" not in str(raised.value)
    assert PLANTED not in str(database.classify(raised.value, "database"))


def test_outbox_engine_hides_parameters(tmp_path):
    outbox = Outbox(tmp_path / "outbox.sqlite")
    try:
        assert outbox.engine.hide_parameters
    finally:
        outbox.close()


def test_log_file_tracebacks_carry_no_message(home, capsys):
    configure_logging()
    log = logging.getLogger("asbdesk.test_privacy")
    try:
        try:
            raise KeyError(PLANTED)
        except KeyError as inner:
            raise ValueError(f"while handling {PLANTED}") from inner
    except ValueError:
        log.exception("something failed")
    for handler in logging.getLogger("asbdesk").handlers:
        handler.flush()
    logged = (home / "logs" / "asbdesk.log").read_text(encoding="utf-8")
    assert "something failed" in logged and "builtins.ValueError (message not logged)" in logged
    assert "builtins.KeyError (message not logged)" in logged and "test_privacy.py" in logged  # frames kept
    assert PLANTED not in logged


def test_an_internal_error_shows_no_message(capsys, caplog, home, tmp_path, monkeypatch):
    import asbdesk.storage.transfer as transfer

    def broken(*_args, **_kwargs):
        raise RuntimeError(f"cannot handle {PLANTED}")

    monkeypatch.delenv("ASBDESK_DEBUG", raising=False)
    monkeypatch.setattr(transfer, "import_history", broken)
    code, out, err = cli(capsys, "users", "add", "ada", "--name", "Ada Admin", "--role", "administrator", "--by", "ada")
    code, out, err = cli(capsys, "import", str(planted_csv(tmp_path)), "--user", "ada")
    assert code == 70 and "internal error (builtins.RuntimeError)" in err
    assert_nowhere(home, caplog, out, err)


# ------------------------------------------------------------------ files and folders private to the user


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def usual_umask():
    old = os.umask(0o022)  # the usual umask, under which these files were 0644 in 0755 folders
    yield
    os.umask(old)


@posix_only
def test_everything_a_real_run_creates_is_private(capsys, home, tmp_path, usual_umask):
    # The CLI: a new local database (the users command), an import, an export, the demo, the log.
    assert (
        cli(capsys, "users", "add", "sam", "--name", "Sam Supervisor", "--role", "administrator", "--by", "sam")[0] == 0
    )
    history = tmp_path / "history.csv"
    history.write_text(CSV_HEADER + "2026-10-01T20:00:00Z,802,Holroyd,Isla,NICHE-1\n", encoding="utf-8")
    assert cli(capsys, "import", str(history), "--user", "sam")[0] == 0
    export = tmp_path / "export.csv"
    assert (
        cli(capsys, "export", "--from", "2026-10-01", "--to", "2026-10-31", "--user", "sam", "--output", str(export))[0]
        == 0
    )
    overwritten = tmp_path / "old-export.json"
    overwritten.write_text("[]", encoding="utf-8")
    overwritten.chmod(0o644)
    assert (
        cli(
            capsys,
            "export",
            "--from",
            "2026-10-01",
            "--to",
            "2026-10-31",
            "--user",
            "sam",
            "--format",
            "json",
            "--output",
            str(overwritten),
        )[0]
        == 0
    )
    assert cli(capsys, "demo")[0] == 0
    documents = paths.documents_dir()  # where the desk saves logs and PDFs

    # The desk: a saved contact (database open: its -wal and -shm exist), the outbox written.
    store = Store.open(paths.local_database_url())
    outbox = Outbox(paths.outbox_path())
    watcher = sqlite3.connect(paths.outbox_path())  # keeps the outbox's -wal/-shm while we look
    try:
        store.ensure_user("ann", "Ann Handler", "call_handler")
        store.save_contact(ANN, contact(NOW))
        outbox.put(ANN, contact(NOW))
        watcher.execute("SELECT count(*) FROM outbox").fetchone()
        assert len(outbox) == 1
        data = home / "data"
        expected_files = [
            data / "asbdesk.sqlite",
            data / "asbdesk.sqlite-wal",
            data / "asbdesk.sqlite-shm",
            data / "outbox.sqlite",
            data / "outbox.sqlite-shm",
            data / "demo.sqlite",
            home / "logs" / "asbdesk.log",
            export,
            overwritten,
        ]
        for path in expected_files:
            assert path.is_file(), path
            assert mode(path) == 0o600, f"{path}: {oct(mode(path))}"
        for folder in (tmp_path / "fresh", home, data, home / "logs", home / "config", documents):
            assert folder.is_dir(), folder
            assert mode(folder) == 0o700, f"{folder}: {oct(mode(folder))}"
        # And nothing else under the home is less private.
        for path in home.rglob("*"):
            assert mode(path) == (0o700 if path.is_dir() else 0o600), f"{path}: {oct(mode(path))}"
    finally:
        watcher.close()
        outbox.close()
        store.close()
    assert export.read_text(encoding="utf-8").startswith("reference,")


@posix_only
def test_a_rotated_log_file_is_private_too(home, usual_umask):
    configure_logging()
    [handler] = [
        h for h in logging.getLogger("asbdesk").handlers if getattr(h, "baseFilename", "").startswith(str(home))
    ]
    logging.getLogger("asbdesk.test_privacy").info("before the rollover")
    handler.doRollover()
    logging.getLogger("asbdesk.test_privacy").info("after the rollover")
    for path in (home / "logs" / "asbdesk.log", home / "logs" / "asbdesk.log.1"):
        assert mode(path) == 0o600, path


@posix_only
def test_existing_folders_are_left_alone(tmp_path, usual_umask):
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    shared.chmod(0o755)
    made = paths.private_dir(shared / "asbdesk" / "data")
    assert mode(shared) == 0o755  # not ours: unchanged
    assert mode(shared / "asbdesk") == 0o700 and mode(made) == 0o700


@posix_only
def test_new_sqlite_database_files_are_private(tmp_path, usual_umask):
    url = f"sqlite:///{tmp_path / 'new' / 'db.sqlite'}"
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql("CREATE TABLE t (x TEXT)")
            connection.exec_driver_sql("INSERT INTO t VALUES ('x')")
        for suffix in ("", "-wal", "-shm"):
            assert mode(tmp_path / "new" / f"db.sqlite{suffix}") == 0o600, suffix
        assert mode(tmp_path / "new") == 0o700
    finally:
        engine.dispose()
