"""The site and published packs (issue 19) on both backends: administrators only, audited,
the newest publication in force, a version naming one content."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from asbdesk.core.packs.registry import files_digest, materialise, pack_files, resolve_pack
from asbdesk.core.site import Force
from asbdesk.storage.database import InvalidData, PermissionDenied
from tests.storage.conftest import ADA, ANN, SAM

FORCE = Force(
    name="Demoshire Police",
    address=("ASB Hub", "1 Example Street", "Leeds"),
    postcode="LS1 4AP",
    phone="+441134960999",
    email="asb@demoshire.police.uk",
    website="https://www.demoshire.police.uk",
    signatory="Inspector A. Khan",
)


def publish(store, pack, actor=ADA, reason="the force's own pack, signed off", **extra):
    return store.publish_pack(
        actor,
        pack_id=pack.id,
        version=pack.version,
        sha256=pack.content_hash,
        files=pack_files(pack),
        reason=reason,
        checks={"scenarios": []},
        **extra,
    )


def test_no_site_until_an_administrator_sets_it(store):
    assert store.site() is None
    record = store.set_site(ADA, FORCE)
    assert record.updated_by == "ada"
    assert store.site().force == FORCE  # read back whole, the phone still in E.164
    assert store.site().force.phone_words == "0113 496 0999"


@pytest.mark.parametrize("actor", [ANN, SAM], ids=["call handler", "supervisor"])
def test_only_an_administrator_sets_the_site_and_a_refusal_is_audited(store, actor):
    with pytest.raises(PermissionDenied, match="may not set the site"):
        store.set_site(actor, FORCE)
    assert store.site() is None
    with store.engine.connect() as connection:
        refused = (
            connection.execute(
                text("SELECT entity_id FROM audit_entry WHERE action = 'refused' AND username = :u"),
                {"u": actor.username},
            )
            .scalars()
            .all()
        )
    assert refused == ["manage_site"]


def test_every_change_of_the_site_is_audited_with_old_and_new(store):
    store.set_site(ADA, FORCE)
    store.set_site(ADA, Force(name="Demoshire Constabulary"))
    with store.engine.connect() as connection:
        rows = connection.execute(
            text("SELECT action, old, new FROM audit_entry WHERE entity = 'site' ORDER BY id")
        ).all()
    assert [r.action for r in rows] == ["set", "set"]
    import json

    def loaded(value):
        return json.loads(value) if isinstance(value, str) else value

    assert loaded(rows[0].old) is None
    assert loaded(rows[1].old)["force"]["name"] == "Demoshire Police"
    assert loaded(rows[1].new)["force"]["name"] == "Demoshire Constabulary"
    assert store.verify_audit().ok


def test_a_site_changed_outside_asbdesk_is_found_by_verify(store):
    store.set_site(ADA, FORCE)
    with store.engine.begin() as connection:
        connection.execute(text("UPDATE site SET updated_by = 'mallory'"))
    report = store.verify_audit()
    assert not report.ok
    assert any("site 1 differs" in p for p in report.problems)


def test_nothing_published_means_no_pack_in_force(store):
    assert store.pack_in_force() is None
    assert store.publications() == []


def test_the_newest_publication_is_in_force_and_an_earlier_one_can_be_brought_back(store, tmp_path):
    default, mercia = resolve_pack("default"), resolve_pack("west-mercia")
    first = publish(store, default)
    second = publish(store, mercia, reason="West Mercia's questions")
    assert store.pack_in_force().number == second.number
    assert store.pack_in_force().pack_id == "west-mercia"
    back = publish(store, default, reason="roll back: the new pack refused a walk-in", restores=first.number)
    in_force = store.pack_in_force()
    assert (in_force.number, in_force.pack_id, in_force.restores) == (back.number, "default", first.number)
    assert [p.number for p in store.publications()] == [back.number, second.number, first.number]
    files = store.publication_files(second.number)
    assert files == pack_files(mercia)
    loaded = materialise(files, "west-mercia", second.sha256, tmp_path)
    assert loaded.content_hash == mercia.content_hash
    assert store.verify_audit().ok


def test_a_version_names_one_content(store, tmp_path):
    import shutil

    from asbdesk.core.packs import load_pack

    publish(store, resolve_pack("west-mercia"))
    copy = tmp_path / "west-mercia"
    shutil.copytree(resolve_pack("west-mercia").folder, copy)
    questions = copy / "questions.yaml"
    questions.write_text(questions.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    changed = load_pack(copy)
    with pytest.raises(InvalidData, match="version 1.0 is already published with other content"):
        publish(store, changed)
    assert len(store.publications()) == 1


def test_only_an_administrator_publishes(store):
    with pytest.raises(PermissionDenied, match="may not publish policy packs"):
        publish(store, resolve_pack("default"), actor=SAM)
    assert store.pack_in_force() is None


def test_a_publication_needs_a_reason(store):
    with pytest.raises(InvalidData, match="reason"):
        publish(store, resolve_pack("default"), reason="  ")


def test_the_digest_of_the_files_is_the_loaders_hash():
    for pack_id in ("default", "cambridgeshire"):
        pack = resolve_pack(pack_id)
        raw = {name: text_.encode("utf-8") for name, text_ in pack_files(pack).items()}
        assert files_digest(raw) == pack.content_hash


def test_published_files_that_do_not_match_their_hash_are_refused(tmp_path):
    from asbdesk.core.packs import PackError

    pack = resolve_pack("default")
    files = pack_files(pack)
    files["pack.yaml"] = files["pack.yaml"].replace("1.0", "1.1", 1)
    with pytest.raises(PackError, match="do not match their sha256"):
        materialise(files, "default", pack.content_hash, tmp_path)


# ------------------------------------------------------------------ what a workstation uses (in_force)


def test_a_desk_uses_the_pack_in_force_and_remembers_it_for_an_offline_start(store, tmp_path):
    from asbdesk.storage import in_force

    cache = tmp_path / "cache"
    nothing = in_force.choose(store, None, cache)
    assert (nothing.pack.id, nothing.publication, nothing.trial) == ("default", None, False)
    published = publish(store, resolve_pack("west-mercia"))
    using = in_force.choose(store, None, cache)
    assert (using.pack.id, using.publication.number, using.trial) == ("west-mercia", published.number, False)
    # The database is away at the next start: the pack last in force, from the cache.
    offline = in_force.choose_offline(store.description, None, cache)
    assert (offline.pack.id, offline.pack.content_hash, offline.trial) == ("west-mercia", published.sha256, False)
    assert in_force.choose_offline("another database", None, cache).pack.id == "default"


def test_a_pack_asked_for_is_a_trial_unless_it_is_what_is_in_force(store, tmp_path):
    from asbdesk.storage import in_force

    cache = tmp_path / "cache"
    assert not in_force.choose(store, "default", cache).trial  # nothing published: the default is no trial
    assert in_force.choose(store, "west-yorkshire", cache).trial
    publish(store, resolve_pack("west-yorkshire"))
    assert not in_force.choose(store, "west-yorkshire", cache).trial
    trial = in_force.choose(store, "default", cache)
    assert trial.trial and trial.log_line().startswith("TRIAL PACK: default 1.0 (sha256:")
    assert trial.log_line().endswith("\n  is not the pack in force on this database (west-yorkshire 1.0)")


def test_a_published_version_is_named_id_at_version(store, tmp_path):
    from asbdesk.storage import in_force

    cache = tmp_path / "cache"
    publish(store, resolve_pack("west-mercia"))
    pack, publication = in_force.resolve("west-mercia@1.0", store, cache)
    assert (pack.id, publication.version) == ("west-mercia", "1.0")
    with pytest.raises(
        in_force.UnknownPublication, match=r"no published version 'west-mercia@9.9' \(published: west-mercia@1.0\)"
    ):
        in_force.resolve("west-mercia@9.9", store, cache)


def test_a_newer_publication_is_found_for_the_next_call(store, tmp_path):
    from asbdesk.storage import in_force

    cache = tmp_path / "cache"
    publish(store, resolve_pack("default"))
    using = in_force.choose(store, None, cache)
    assert in_force.newer_in_force(store, using) is None
    newer = publish(store, resolve_pack("west-mercia"))
    assert in_force.newer_in_force(store, using).number == newer.number


def test_the_site_is_remembered_on_the_workstation_for_training_and_offline(store, tmp_path):
    from asbdesk.storage import in_force

    cache = tmp_path / "cache"
    in_force.remember(store.description, cache, force=FORCE, keep_publication=True)
    assert in_force.remembered_force(store.description, cache) == FORCE
    assert in_force.remembered_force("another database", cache) is None
    (cache / "in-force.json").write_text("{not json", encoding="utf-8")
    assert in_force.remembered_force(store.description, cache) is None  # a damaged copy is no site, not a crash


def test_a_contacts_pack_wording_comes_from_its_publication(store, tmp_path):
    from asbdesk.storage import in_force

    cache = tmp_path / "cache"
    mercia = resolve_pack("west-mercia")
    publish(store, mercia)
    assert (
        in_force.pack_of_contact(store, "west-mercia", mercia.content_hash, cache).content_hash == mercia.content_hash
    )
    assert in_force.pack_of_contact(store, "cambridgeshire", "0" * 64, cache).id == "cambridgeshire"  # shipped
    assert in_force.pack_of_contact(store, "../../etc", "0" * 64, cache) is None  # never a folder by that name
