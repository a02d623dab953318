"""Bounded, classified input (issue 20.5): every case a probe found exiting 70 (a bug) or
reading without bound now refuses in words, naming the field, before reading or making
anything; nothing is left half-done."""

from __future__ import annotations

import json
import os
import shutil

import pytest

from asbdesk.cli import main
from tests.conftest import PACKS


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("ASBDESK_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("ASBDESK_DATABASE_URL", raising=False)
    return tmp_path / "home"


def run(capsys, *args):
    try:
        code = main(list(args))
    except SystemExit as exit_:
        code = exit_.code
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "internal error" not in err, err
    return code, out, err


def admin(home):
    """This account as the local database's administrator (verify and checkpoint need one)."""
    from asbdesk.storage.store import Store, os_account

    store = Store.open(f"sqlite:///{home / 'data' / 'asbdesk.sqlite'}", migrate=True)
    store.ensure_user(os_account(), "Ada Admin", "administrator")
    store.close()


# ------------------------------------------------------------------ files are bounded before reading


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("/dev/zero", "/dev/zero is not a regular file (a device, pipe or socket is never read)"),
        ("/tmp", "/tmp is a folder, not a file"),
        ("/nowhere/history.csv", "/nowhere/history.csv does not exist"),
    ],
)
def test_import_reads_only_a_regular_file(capsys, path, words):
    code, out, err = run(capsys, "import", path)
    assert (code, out) == (2, "")
    assert err == f"asbdesk: file: {words}\n"


def test_import_refuses_a_file_over_the_limit_before_reading_it(capsys, tmp_path):
    from asbdesk.storage.transfer import MAX_IMPORT_BYTES

    big = tmp_path / "big.csv"
    with big.open("wb") as handle:  # sparse: the size is checked, never the contents read
        handle.truncate(MAX_IMPORT_BYTES + 1)
    code, _out, err = run(capsys, "import", str(big))
    assert code == 2 and f"is {MAX_IMPORT_BYTES + 1:,} bytes; the limit is {MAX_IMPORT_BYTES:,}" in err
    at_limit = tmp_path / "at.csv"
    at_limit.write_text("occurred_at,incident_code,family_name\n", encoding="utf-8")
    code, _out, err = run(capsys, "import", str(at_limit))
    assert "the limit is" not in err  # a file within the limit is read (and judged as CSV)


def test_checkpoint_and_key_files_are_bounded_and_shallow(capsys, home, tmp_path):
    admin(home)
    code, _, _ = run(
        capsys, "audit", "keygen", "--private", str(tmp_path / "a.key"), "--public", str(tmp_path / "a.pub")
    )
    assert code == 0
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    for checkpoint, words in (
        ("/dev/zero", "checkpoint: /dev/zero is not a regular file"),
        (str(deep), "nests more than 8 deep: not an asbdesk checkpoint"),
    ):
        code, _out, err = run(
            capsys, "audit", "verify", "--checkpoint", checkpoint, "--public-key", str(tmp_path / "a.pub")
        )
        assert code == 2 and words in err
    huge = tmp_path / "huge.pem"
    huge.write_bytes(b"A" * 900_000)
    code, _out, err = run(capsys, "audit", "checkpoint", "--key", str(huge))
    assert code == 2 and "the limit is 16,384" in err
    assert len(err) < 300  # the 900 KB key is never echoed


def test_keygen_into_an_unwritable_place_leaves_no_half_key_pair(capsys, tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    private = tmp_path / "a.key"
    code, _out, err = run(
        capsys, "audit", "keygen", "--private", str(private), "--public", str(locked / "no" / "a.pub")
    )
    assert code == 2 and "cannot write" in err and "no keys were made" in err
    assert not private.exists()


# ------------------------------------------------------------------ words, not exit 70


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("export", "--from", "0001-01-01", "--to", "2026-01-01"), "--from: the year 1 is outside 1900-2999"),
        (("export", "--from", "2026-01-01", "--to", "9999-12-31"), "--to: the year 9999 is outside 1900-2999"),
        (("report", "hotspots", "--from", "2026-01-01", "--to", "9999-12-31"), "--to: the year 9999"),
        (("export", "--from", "2026-13-01", "--to", "2026-12-31"), "--from: '2026-13-01' is not a date"),
        (("outbox", "send", "--database", "::::"), "--database: '::::' is not a database URL"),
        (
            ("db", "upgrade", "--database", "garbage://x"),
            "--database: 'garbage': asbdesk works with SQLite and PostgreSQL only",
        ),
        (
            ("db", "status", "--database", "mysql://u@h/db"),
            "--database: 'mysql': asbdesk works with SQLite and PostgreSQL only",
        ),
        (
            ("db", "status", "--database", "postgresql+psycopg2://u@h/db"),
            "asbdesk connects to PostgreSQL with psycopg 3",
        ),
    ],
)
def test_bad_input_that_once_crashed_exits_2_naming_the_field(capsys, args, words):
    code, out, err = run(capsys, *args)
    assert (code, out) == (2, "")
    assert err.startswith("asbdesk: ") and words in err


def test_a_url_from_the_environment_is_named_as_such(capsys, monkeypatch):
    monkeypatch.setenv("ASBDESK_DATABASE_URL", "nonsense")
    code, _out, err = run(capsys, "db", "status")
    assert code == 2 and err.startswith("asbdesk: ASBDESK_DATABASE_URL: 'nonsense'")


def test_a_long_value_is_cut_in_the_message(capsys):
    code, _out, err = run(capsys, "export", "--from", "x" * 100_000, "--to", "2026-01-01")
    assert code == 2 and "(99,960 more characters)" in err and len(err) < 200


def test_db_status_makes_nothing(capsys, home, tmp_path):
    code, out, _ = run(capsys, "db", "status")
    assert code == 1 and "no database there yet" in out
    code, out, _ = run(capsys, "db", "status", "--database", f"sqlite:///{tmp_path / 'new' / 'x.sqlite'}")
    assert code == 1
    assert not home.exists() and not (tmp_path / "new").exists()


def test_a_damaged_outbox_is_said_not_a_crash(capsys, home):
    (home / "data").mkdir(parents=True)
    (home / "data" / "outbox.sqlite").write_bytes(os.urandom(4096))
    code, out, err = run(capsys, "outbox", "status")
    assert code == 3 and out == ""
    assert "cannot be read" in err and "Nothing was changed in it" in err


def test_users_add_refuses_names_no_backend_can_hold(capsys, home):
    admin(home)
    for username, name, words in (
        ("", "Ann", "username: '' is not a login name"),
        ("ann smith", "Ann", "username: 'ann smith' is not a login name"),
        ("a" * 65, "Ann", "is not a login name"),
        ("ann", "", "name: a user's full name is needed"),
        ("ann", "A\x07nn", "name: contains a control character (U+0007) at position 2"),
        ("ann", "x" * 201, "name: is 201 characters long; the limit is 200"),
    ):
        code, _out, err = run(capsys, "users", "add", username, "--name", name, "--role", "call_handler")
        assert code == 2 and words in err, err
    code, _out, _ = run(capsys, "users", "add", "a" * 64, "--name", "x" * 200, "--role", "call_handler")
    assert code == 0  # both limits, met exactly


def test_bidi_controls_are_refused_in_pack_text_at_their_line(capsys, tmp_path):
    folder = tmp_path / "west-mercia"
    shutil.copytree(PACKS / "west-mercia", folder)
    questions = folder / "questions.yaml"
    text = questions.read_text(encoding="utf-8")
    assert "text: What exactly is happening?" in text
    questions.write_text(
        text.replace("text: What exactly is happening?", 'text: "What exactly is \\u202ehappening?"'), "utf-8"
    )
    line = 1 + text.splitlines().index(next(x for x in text.splitlines() if "What exactly is happening?" in x))
    code, out, _ = run(capsys, "packs", "validate", str(folder))
    assert code == 1
    assert f"questions.yaml:{line}:" in out and "a bidirectional text control (U+202E) at position 17" in out


def test_every_draft_version_is_read_or_refused_in_words():
    from asbdesk.core.engine import Engine
    from asbdesk.core.packs.registry import resolve_pack
    from asbdesk.core.session import CallSession, SessionError

    engine = Engine(resolve_pack("default"))
    v1 = {
        "version": 1,
        "uuid": "u-1",
        "started_at": "2026-11-23T14:05:00+00:00",
        "channel": "phone",
        "pack": {"id": "default", "version": "1.0"},
        "incident_code": None,
        "answers": {},
        "declined": {},
        "override": None,
        "rationale": {},
        "current": None,
    }
    session = CallSession.from_draft(engine, v1)  # a version-1 draft with no caller (KeyError before)
    assert session.caller.person_id is None
    for bad in ({"version": 99}, {"version": "two"}, [], "x"):
        with pytest.raises(SessionError, match="different version of asbdesk"):
            CallSession.from_draft(engine, bad)  # type: ignore[arg-type]
    assert json.dumps(v1)  # the fixture is plain JSON, as drafts are stored
