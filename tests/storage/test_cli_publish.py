"""``asbdesk packs publish`` (issue 19) as an administrator types it, on both backends: the
diff against the pack in force, the training scenarios written for the pack (shipped and the
force's own) run first, a change that flips a scenario refused unless accepted, a roll-back
by publishing an earlier version again; anyone else refused before anything runs."""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import text

from tests.conftest import PACKS, REPO
from tests.storage.helpers import run_cli

RAG_RULE = "    - when: {any: [{level: medium}, {grade: mandatory_attendance}]}"


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("ASBDESK_HOME", str(tmp_path / "home"))


def as_(capsys, store, user, *args):
    url = store.engine.url.render_as_string(hide_password=False)
    return run_cli(capsys, *args, "--user", user, "--database", url)


def force_copy(tmp_path, version: str, *, change: tuple[str, str] | None = None):
    """West Mercia as a force's own folder at ``version``, with one edit."""
    folder = tmp_path / f"v{version}" / "west-mercia"
    shutil.copytree(PACKS / "west-mercia", folder)
    pack_yaml = folder / "pack.yaml"
    pack_yaml.write_text(
        pack_yaml.read_text(encoding="utf-8").replace('version: "1.0"', f'version: "{version}"', 1), encoding="utf-8"
    )
    if change:
        outcome = folder / "outcome.yaml"
        before = outcome.read_text(encoding="utf-8")
        assert change[0] in before
        outcome.write_text(before.replace(change[0], change[1], 1), encoding="utf-8")
    return folder


def own_scenarios(tmp_path):
    """The force's own scenarios: one of the shipped West Mercia ones, under a name of its own."""
    folder = tmp_path / "scenarios"
    folder.mkdir()
    text_ = (REPO / "resources" / "scenarios" / "west-mercia-hate.yaml").read_text(encoding="utf-8")
    (folder / "force-hate-at-home.yaml").write_text(
        text_.replace("id: west-mercia-hate", "id: force-hate-at-home", 1), encoding="utf-8"
    )
    return folder


def test_publish_shows_the_diff_runs_the_scenarios_and_stores_the_pack(capsys, store, tmp_path):
    folder = force_copy(tmp_path, "1.1")
    code, out, err = as_(
        capsys,
        store,
        "ada",
        "packs",
        "publish",
        str(folder),
        "--reason",
        "our questions",
        "--scenarios",
        str(own_scenarios(tmp_path)),
    )
    assert code == 0, err
    assert "Pack in force: default 1.0 (shipped; nothing published yet)" in out
    assert "Pack id: default → west-mercia" in out  # the diff against the pack in force
    assert "Training scenarios written for 'west-mercia': 3" in out
    assert "ok   force-hate-at-home (west-mercia 1.1" in out and "ok   west-mercia-hate (west-mercia 1.1" in out
    assert out.rstrip().endswith("Published west-mercia 1.1 as #1: every desk takes it at its next call.")
    in_force = store.pack_in_force()
    assert (in_force.pack_id, in_force.version, in_force.published_by, in_force.reason) == (
        "west-mercia",
        "1.1",
        "ada",
        "our questions",
    )
    assert sorted(s["id"] for s in in_force.checks["scenarios"]) == [
        "force-hate-at-home",
        "west-mercia-hate",
        "west-mercia-walk-in",
    ]
    assert in_force.checks["accepted_changes"] is False
    code, out, _ = as_(capsys, store, "ada", "packs", "publish", str(folder), "--reason", "again")
    assert code == 0 and "This pack is already in force: nothing published." in out
    assert len(store.publications()) == 1


def test_a_change_that_flips_a_scenario_is_refused_then_accepted_then_rolled_back(capsys, store, tmp_path):
    scenarios = str(own_scenarios(tmp_path))
    assert as_(capsys, store, "ada", "packs", "publish", str(force_copy(tmp_path, "1.1")), "--reason", "first")[0] == 0
    flipped = force_copy(tmp_path, "1.2", change=(RAG_RULE, "    - when: {level: medium}"))
    code, out, err = as_(
        capsys, store, "ada", "packs", "publish", str(flipped), "--reason", "RAG", "--scenarios", scenarios
    )
    assert code == 1
    assert "RAG rule 2 condition: {any: [{level: medium}, {grade: [mandatory_attendance]}]} → {level: medium}" in out
    assert "FAIL west-mercia-hate: RAG: the scenario expects amber, the pack 'west-mercia' now gives green" in out
    assert "FAIL force-hate-at-home: RAG" in out
    assert "NOT PUBLISHED: 2 scenario(s) no longer give their expected outcome" in err
    assert store.pack_in_force().version == "1.1"  # nothing stored
    code, out, err = as_(
        capsys,
        store,
        "ada",
        "packs",
        "publish",
        str(flipped),
        "--reason",
        "hate calls are green until attended",
        "--scenarios",
        scenarios,
        "--accept-changes",
    )
    assert code == 0, err
    assert "Published west-mercia 1.2 as #2; 2 scenario(s) changed, accepted" in out
    assert store.pack_in_force().checks["accepted_changes"] is True
    code, out, err = as_(capsys, store, "ada", "packs", "publish", "west-mercia@1.1", "--reason", "roll back: RAG")
    assert code == 0, err
    assert "RAG rule 2 condition: {level: medium} → {any: [{level: medium}, {grade: [mandatory_attendance]}]}" in out
    assert "Published west-mercia 1.1 as #3, bringing back #1" in out
    back = store.pack_in_force()
    assert (back.number, back.version, back.restores) == (3, "1.1", 1)
    url = store.engine.url.render_as_string(hide_password=False)
    code, out, _ = run_cli(capsys, "packs", "diff", "west-mercia@1.1", "west-mercia@1.2", "--database", url)
    assert code == 1 and "RAG rule 2 condition" in out  # published versions compared by name


def test_a_version_published_with_other_content_is_refused(capsys, store, tmp_path):
    assert as_(capsys, store, "ada", "packs", "publish", str(force_copy(tmp_path, "1.1")), "--reason", "first")[0] == 0
    other = force_copy(
        tmp_path / "other", "1.1", change=("reason: MANDATORY attendance or medium risk", "reason: Amber")
    )
    code, _out, err = as_(
        capsys, store, "ada", "packs", "publish", str(other), "--reason", "second", "--accept-changes"
    )
    assert code == 2
    assert "version 1.1 is already published with other content" in err and "give the changed pack a new version" in err
    assert len(store.publications()) == 1


@pytest.mark.parametrize("user", ["ann", "sam"])
def test_only_an_administrator_publishes_and_nothing_runs_for_anyone_else(capsys, store, tmp_path, user):
    code, out, err = as_(capsys, store, user, "packs", "publish", str(force_copy(tmp_path, "1.1")), "--reason", "mine")
    assert code == 3
    assert "may not publish policy packs" in err
    assert out == ""  # no diff, no scenarios: refused first
    assert store.pack_in_force() is None
    with store.engine.connect() as connection:
        assert (
            connection.execute(
                text("SELECT count(*) FROM audit_entry WHERE action = 'refused' AND entity_id = 'publish_pack'")
            ).scalar()
            == 1
        )


def test_publishing_an_unknown_version_or_a_bad_folder_is_said_in_words(capsys, store, tmp_path):
    code, _out, err = as_(capsys, store, "ada", "packs", "publish", "west-mercia@9.9", "--reason", "x")
    assert code == 2 and "no published version 'west-mercia@9.9' (published: none" in err
    code, _out, err = as_(capsys, store, "ada", "packs", "publish", str(tmp_path / "nowhere"), "--reason", "x")
    assert code == 2 and "unknown pack" in err
    code, _out, err = as_(
        capsys, store, "ada", "packs", "publish", "default", "--reason", "x", "--scenarios", str(tmp_path / "none")
    )
    assert code == 2 and "--scenarios:" in err and "is not a folder" in err
