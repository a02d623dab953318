"""``asbdesk site set|show`` and ``asbdesk packs published`` (issue 19), as an administrator
would type them, on both backends; refused for everyone else, audited."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from asbdesk.core.packs.registry import pack_files, resolve_pack
from tests.storage.conftest import ADA
from tests.storage.helpers import run_cli

SITE_FILE = """\
# The force as the public knows it (docs/site.md)
force:
  name: Demoshire Police
  address:
    - Anti-Social Behaviour Hub
    - 1 Example Street
    - Leeds
  postcode: ls1 4ap
  phone: 0113 496 0999
  email: asb.hub@demoshire.police.example
  website: https://demoshire.police.example
  signatory: Inspector A. Khan, ASB Hub
"""


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("ASBDESK_HOME", str(tmp_path / "home"))


def _url(store):
    return store.engine.url.render_as_string(hide_password=False)


def as_(capsys, store, user, *args):
    return run_cli(capsys, *args, "--user", user, "--database", _url(store))


def site_file(tmp_path, content=SITE_FILE):
    path = tmp_path / "site.yaml"
    path.write_text(content, encoding="utf-8")
    return str(path)


def test_an_administrator_sets_the_site_and_shows_it_as_documented(capsys, store, tmp_path):
    code, out, err = as_(capsys, store, "ada", "site", "set", site_file(tmp_path))
    assert code == 0, err
    assert out.startswith("site set: Demoshire Police")
    code, out, _ = as_(capsys, store, "ada", "site", "show", "--format", "json")
    shown = json.loads(out)
    assert set(shown) == {"force", "pack", "audit_key"}
    assert shown["audit_key"] is None  # no checkpoint key recorded yet (asbdesk audit trust)
    assert shown["force"] == {
        "name": "Demoshire Police",
        "address": ["Anti-Social Behaviour Hub", "1 Example Street", "Leeds"],
        "postcode": "LS1 4AP",
        "phone": "0113 496 0999",
        "email": "asb.hub@demoshire.police.example",
        "website": "https://demoshire.police.example",
        "signatory": "Inspector A. Khan, ASB Hub",
        "occurrence_pattern": None,
        "occurrence_example": None,
    }
    default = resolve_pack("default")
    assert shown["pack"] == {
        "id": "default",
        "version": default.version,
        "sha256": default.content_hash,
        "published_by": None,
        "published_at": None,
    }
    code, out, _ = as_(capsys, store, "ann", "site", "show")  # anyone reads what the public reads
    assert code == 0
    assert "Force:             Demoshire Police" in out
    assert "ASB team phone:    0113 496 0999" in out
    assert "Pack in force:     default 1.0 (shipped; no pack published on this database)" in out


@pytest.mark.parametrize("user", ["ann", "sam"])
def test_only_an_administrator_sets_the_site(capsys, store, tmp_path, user):
    code, _out, err = as_(capsys, store, user, "site", "set", site_file(tmp_path))
    assert code == 3
    assert "may not set the site" in err
    assert store.site() is None
    with store.engine.connect() as connection:
        assert (
            connection.execute(
                text("SELECT count(*) FROM audit_entry WHERE action = 'refused' AND entity_id = 'manage_site'")
            ).scalar()
            == 1
        )


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            SITE_FILE.replace("  address:", "  adress:"),
            "site.yaml:4: force.adress: unknown key; did you mean 'address'?",
        ),
        (SITE_FILE.replace("ls1 4ap", "LS1 4APP"), "site.yaml:8: force.postcode: 'LS1 4APP' is not a UK postcode"),
        (
            SITE_FILE.replace("0113 496 0999", "0113 496"),
            "site.yaml:9: force.phone: '0113 496' is not a valid phone number",
        ),
        (SITE_FILE.replace("0113 496 0999", "01134960999"), "site.yaml:9: force.phone: YAML read this as a number"),
        (
            SITE_FILE.replace("asb.hub@demoshire.police.example", "asb.hub"),
            "site.yaml:10: force.email: 'asb.hub' is not an e-mail address",
        ),
        (
            SITE_FILE.replace("https://demoshire.police.example", "demoshire.police.example"),
            "site.yaml:11: force.website:",
        ),
        (SITE_FILE.replace("  name: Demoshire Police\n", ""), "force.name: is required"),
        (
            SITE_FILE.replace("  postcode: ls1 4ap\n", ""),
            "site.yaml:4: force.postcode: the address and the postcode go together: a letter needs both",
        ),
        (
            SITE_FILE.replace("    - Leeds\n", "    - Leeds\u202e\n"),
            "site.yaml:7: force.address[2]: this text contains a bidirectional text control (U+202E) at position 6",
        ),
        (SITE_FILE + "extra: 1\n", "site.yaml:13: extra: unknown top-level key; the only one is 'force'"),
        ("name: Demoshire Police\n", "site.yaml:1: a site file is a mapping with one key, 'force:'"),
    ],
)
def test_a_bad_site_file_is_refused_at_its_line_in_words_and_nothing_is_stored(
    capsys, store, tmp_path, content, expected
):
    code, _out, err = as_(capsys, store, "ada", "site", "set", site_file(tmp_path, content))
    assert code == 2
    assert expected in err
    assert "Traceback" not in err
    assert store.site() is None


def test_a_missing_or_huge_site_file_is_refused_before_reading(capsys, store, tmp_path):
    code, _out, err = as_(capsys, store, "ada", "site", "set", str(tmp_path / "nowhere.yaml"))
    assert code == 2 and "no such file" in err
    code, _out, err = as_(capsys, store, "ada", "site", "set", "/dev/zero")
    assert code == 2 and "no such file" in err  # not a plain file: never read
    big = tmp_path / "big.yaml"
    big.write_text("force:\n  name: x\n" + "#" * 30_000, encoding="utf-8")
    code, _out, err = as_(capsys, store, "ada", "site", "set", str(big))
    assert code == 2 and "larger than 20,000 bytes" in err


def test_packs_published_lists_each_publication_newest_first(capsys, store):
    for pack_id, reason in (("default", "first"), ("west-mercia", "the force's questions")):
        pack = resolve_pack(pack_id)
        store.publish_pack(
            ADA,
            pack_id=pack.id,
            version=pack.version,
            sha256=pack.content_hash,
            files=pack_files(pack),
            reason=reason,
            checks={},
        )
    code, out, err = as_(capsys, store, "ann", "packs", "published", "--format", "json")
    assert code == 0, err
    listed = json.loads(out)
    assert [(p["id"], p["reason"]) for p in listed] == [("west-mercia", "the force's questions"), ("default", "first")]
    assert set(listed[0]) == {
        "number",
        "id",
        "version",
        "sha256",
        "size",
        "published_by",
        "published_at",
        "reason",
        "restores",
        "checks",
    }
    code, out, _ = as_(capsys, store, "ann", "packs", "published")
    assert out.splitlines()[0].startswith("#2    west-mercia@1.0") and "IN FORCE" in out.splitlines()[0]


def test_the_demo_administrator(capsys):
    code, out, err = run_cli(capsys, "--demo", "--as", "administrator", "site", "show", "--format", "json")
    assert code == 0, err
    assert json.loads(out)["force"]["name"].startswith("Demoshire Police (fictional")
    code, _out, err = run_cli(capsys, "--demo", "--as", "administrator")
    assert code == 2 and "the administrator has no desk" in err


def test_the_demo_of_a_shipped_pack_has_history_in_that_packs_codes(capsys):
    """``--demo --pack ID`` (issue 19): a demo database of its own, its callers' history in the
    pack's incident codes, with the demo site."""
    from datetime import UTC, datetime

    from asbdesk import paths
    from asbdesk.storage.demo import open_demo

    store = open_demo("west-yorkshire", datetime.now(UTC))
    try:
        with store.engine.connect() as connection:
            codes = set(connection.execute(text("SELECT DISTINCT incident_code FROM contact")).scalars())
            packs = set(connection.execute(text("SELECT DISTINCT pack_id FROM contact")).scalars())
        assert codes and codes <= set(resolve_pack("west-yorkshire").codes)
        assert packs == {"west-yorkshire"}
        assert store.site().force.name.startswith("Demoshire Police (fictional")
        assert str(store.engine.url.database).endswith("demo-west-yorkshire.sqlite")
    finally:
        store.close()
    assert paths.demo_database_url("default").endswith("/demo.sqlite")
    code, _out, err = run_cli(capsys, "--demo", "--pack", "no-such", "--as", "supervisor", "review", "list")
    assert code == 2 and "--pack: with --demo, a shipped pack id" in err
