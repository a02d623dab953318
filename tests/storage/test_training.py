"""Training storage (issue 11): the sandbox database and the results store, on real SQLite."""

from __future__ import annotations

import csv
import dataclasses
import io
import os
import sqlite3
import stat
import uuid
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from asbdesk import paths
from asbdesk.core.call import Call
from asbdesk.core.engine import Engine
from asbdesk.core.render import render_text
from asbdesk.core.scenarios import Item, Scenario, Scorecard, find_scenario, load_scenario
from asbdesk.storage.database import InvalidData, StorageError
from asbdesk.storage.records import ContactRecord
from asbdesk.storage.store import Store
from asbdesk.storage.training import (
    Results,
    ResultsNewer,
    Sandbox,
    SandboxRefused,
    check_sandbox_url,
    discard_sandbox,
    open_sandbox,
    training_dir,
)

NOW = datetime(2026, 11, 23, 14, 5, tzinfo=UTC)


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("ASBDESK_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("ASBDESK_DATABASE_URL", raising=False)
    return tmp_path / "home"


def scenario(name: str) -> Scenario:
    return load_scenario(find_scenario(name))


def with_flags(base: Scenario, *flags: dict) -> Scenario:
    from asbdesk.core.scenarios import ScenarioFlag

    caller = base.data.caller.model_copy(update={"flags": tuple(ScenarioFlag(**f) for f in flags)})
    return dataclasses.replace(base, data=base.data.model_copy(update={"caller": caller}))


def sandbox_file(sandbox: Sandbox) -> Path:
    assert sandbox.url.startswith("sqlite:///")
    return Path(sandbox.url.removeprefix("sqlite:///"))


# ------------------------------------------------------------------ the sandbox


def test_sandbox_is_seeded_as_the_scenario_says():
    s = scenario("default-repeat-vulnerable")
    box = open_sandbox(s, "tara", NOW)
    try:
        file = sandbox_file(box)
        assert file.parent == training_dir()
        assert file.name.startswith("sandbox-default-repeat-vulnerable-")
        if os.name == "posix":
            assert stat.S_IMODE(training_dir().stat().st_mode) == 0o700
            assert stat.S_IMODE(file.stat().st_mode) == 0o600
        assert box.store.role(box.actor) == "call_handler"
        assert box.store.role(dataclasses.replace(box.actor, username="training-supervisor")) == "supervisor"

        found = box.store.find_callers(box.actor, "0121 496 0623")
        assert [(p.given_name, p.family_name) for p in found] == [("Keith", "Dobbs")]
        assert found[0].id == box.person_id
        assert box.phone == "+441214960623"
        assert [loc.postcode for loc in found[0].locations] == ["B23 5XQ"]
        assert box.location_id == found[0].locations[0].id

        context = box.store.caller_context(box.actor, box.person_id, NOW)
        assert len(context.history) == len(s.data.caller.history) == 2
        days = sorted((NOW - h.started_at).days for h in context.history)
        assert days == [8, 21]
        assert {h.channel for h in context.history} == {"phone"}
        assert [(f.kind, f.status, f.subject) for f in context.flags] == [("vulnerable_victim", "active", "person")]
        assert context.flags[0].negate_risk.startswith("Learning disability")
        assert context.flags[0].authorised_by == "training-supervisor"
    finally:
        discard_sandbox(box)


def test_flags_go_on_the_address_or_the_phone_as_the_scenario_says():
    s = with_flags(
        scenario("west-mercia-hate"),
        {"kind": "location", "on": "location", "negate_risk": "Youths gather at the rear."},
        {"kind": "warning_marker", "on": "phone", "officer_action": "Attend in pairs."},
    )
    box = open_sandbox(s, "tara", NOW)
    try:
        at_address = box.store.location_flags(box.actor, NOW, location_id=box.location_id)
        on_phone = box.store.location_flags(box.actor, NOW, phone="0121 496 0417")
        assert [(f.kind, f.subject) for f in at_address] == [("location", "location")]
        assert [(f.kind, f.subject) for f in on_phone] == [("warning_marker", "phone")]
        assert box.person_id is not None
        context = box.store.caller_context(box.actor, box.person_id, NOW)
        assert sorted(f.kind for f in context.flags) == ["location", "warning_marker"]
        assert all(f.status == "active" for f in context.flags)
        assert len(context.history) == 1
    finally:
        discard_sandbox(box)


def test_reports_at_the_address_are_seeded_as_other_peoples_and_counted_for_the_case_review():
    # Issue 21.1: the scenario's address_history goes in as contacts at the caller's address
    # with no caller named; the desk counts them toward the ASB Case Review, not the repeat rule.
    from asbdesk.core.call import Call
    from asbdesk.core.engine import Engine
    from asbdesk.gui.desk import caller_from_context

    s = scenario("west-yorkshire-case-review-neighbours")
    box = open_sandbox(s, "tara", NOW)
    try:
        context = box.store.caller_context(box.actor, box.person_id, NOW)
        assert len(context.history) == 1
        others = [h for h in context.location_history if h.person_id is None]
        assert sorted((NOW - h.started_at).days for h in others) == [15, 40]
        assert {h.location_id for h in others} == {box.location_id}
        caller = caller_from_context(context)
        call = Call("802", NOW, history=caller.history, address_history=caller.address_history)
        result = Engine(s.pack).assess(call)
        assert "national.case_review" in {p.id for p in result.prompts}
        assert result.repeat.is_repeat is False
        alone = Engine(s.pack).assess(Call("802", NOW, history=caller.history))
        assert "national.case_review" not in {p.id for p in alone.prompts}
    finally:
        discard_sandbox(box)


def test_walk_in_scenario_signs_the_trainee_in_at_the_front_counter():
    s = scenario("west-mercia-walk-in")
    box = open_sandbox(s, "tara", NOW)
    try:
        assert box.store.role(box.actor) == "front_counter"
    finally:
        discard_sandbox(box)


def test_the_trainee_saves_a_contact_in_the_sandbox():
    s = scenario("west-mercia-hate")
    box = open_sandbox(s, "tara", NOW)
    try:
        assessment = Engine(s.pack).assess(s.expected_call(NOW))
        saved = box.store.save_contact(
            box.actor,
            ContactRecord(
                uuid=str(uuid.uuid4()),
                started_at=NOW,
                saved_at=NOW + timedelta(minutes=5),
                assessment=assessment.to_dict(),
                answers=dict(s.answers()),
                log_text=render_text(assessment),
                person_id=box.person_id,
                location_id=box.location_id,
            ),
        )
        assert saved.created and saved.reference
        assert box.store.contact_log(box.actor, saved.reference).operator == "tara"
        assert box.person_id is not None
        context = box.store.caller_context(box.actor, box.person_id, NOW + timedelta(minutes=6))
        assert len(context.history) == 2
        assert context.history[0].reference == saved.reference
    finally:
        discard_sandbox(box)


def test_discard_deletes_the_sandbox_and_its_wal_and_shm():
    box = open_sandbox(scenario("west-mercia-hate"), "tara", NOW)
    file = sandbox_file(box)
    box.store.find_callers(box.actor, "Lumb")  # used
    assert file.exists()
    discard_sandbox(box)
    for suffix in ("", "-wal", "-shm", "-journal"):
        assert not Path(f"{file}{suffix}").exists()
    assert list(training_dir().glob("sandbox-*")) == []


def test_each_attempt_gets_a_new_file_and_an_existing_one_is_refused():
    s = scenario("west-mercia-hate")
    first, second = open_sandbox(s, "tara", NOW), open_sandbox(s, "tara", NOW)
    try:
        assert first.url != second.url
        with pytest.raises(SandboxRefused, match="already exists"):
            open_sandbox(s, "tara", NOW, url=first.url)
    finally:
        discard_sandbox(first)
        discard_sandbox(second)


def test_a_sandbox_at_a_given_url_in_the_training_folder():
    url = f"sqlite:///{training_dir() / 'mine.sqlite'}"
    box = open_sandbox(scenario("west-mercia-hate"), "tara", NOW, url=url)
    assert box.url == url
    discard_sandbox(box)
    assert not (training_dir() / "mine.sqlite").exists()


def test_reserved_and_empty_trainee_names_are_refused():
    s = scenario("west-mercia-hate")
    with pytest.raises(InvalidData, match="keeps for itself"):
        open_sandbox(s, "training-supervisor", NOW)
    with pytest.raises(InvalidData, match="needs a name"):
        open_sandbox(s, "  ", NOW)


# ------------------------------------------------------------------ refusals


def test_a_shared_database_is_refused_in_words():
    for url in ("postgresql://asb@db.force.local/asbdesk", "postgresql+psycopg://u@h/d", "mysql://u@h/d"):
        with pytest.raises(SandboxRefused, match="shared database is never a training sandbox"):
            check_sandbox_url(url)
    with pytest.raises(SandboxRefused, match="shared database is never a training sandbox"):
        open_sandbox(scenario("west-mercia-hate"), "tara", NOW, url="postgresql://asb@db.force.local/asbdesk")


def test_the_live_database_is_refused_however_it_is_spelt(home, monkeypatch):
    live = paths.local_database_url()
    with pytest.raises(SandboxRefused, match="is the live database"):
        check_sandbox_url(live)
    live_file = Path(live.removeprefix("sqlite:///"))
    odd = f"sqlite:///{live_file.parent / 'training' / '..' / live_file.name}"
    with pytest.raises(SandboxRefused, match="is the live database"):
        check_sandbox_url(odd)
    # The live database set in the environment, in the training folder itself, and a link to it.
    moved = training_dir() / "live.sqlite"
    monkeypatch.setenv("ASBDESK_DATABASE_URL", f"sqlite:///{moved}")
    with pytest.raises(SandboxRefused, match="is the live database"):
        check_sandbox_url(f"sqlite+pysqlite:///{moved}")
    moved.write_bytes(b"")
    if hasattr(os, "link"):
        os.link(moved, training_dir() / "alias.sqlite")
        with pytest.raises(SandboxRefused, match="is the live database"):
            check_sandbox_url(f"sqlite:///{training_dir() / 'alias.sqlite'}")
    if hasattr(os, "symlink"):
        os.symlink(moved, training_dir() / "symlink.sqlite")
        with pytest.raises(SandboxRefused, match="is the live database"):
            check_sandbox_url(f"sqlite:///{training_dir() / 'symlink.sqlite'}")


def test_the_demo_database_is_refused_in_words():
    with pytest.raises(SandboxRefused, match="is the demo database"):
        check_sandbox_url(paths.demo_database_url())


def test_a_file_outside_the_training_folder_is_refused_in_words(tmp_path):
    for url in (
        f"sqlite:///{tmp_path / 'elsewhere.sqlite'}",
        f"sqlite:///{training_dir() / 'sub' / 'deeper.sqlite'}",
        "sqlite:///relative.sqlite",
    ):
        with pytest.raises(SandboxRefused, match="outside the training folder"):
            check_sandbox_url(url)
    assert not (tmp_path / "elsewhere.sqlite").exists()
    for url in ("sqlite://", "sqlite:///:memory:", "not a url"):
        with pytest.raises(SandboxRefused, match="training folder"):
            check_sandbox_url(url)
    with pytest.raises(SandboxRefused, match="results file"):
        check_sandbox_url(f"sqlite:///{training_dir() / 'results.sqlite'}")
    check_sandbox_url(f"sqlite:///{training_dir() / 'fine.sqlite'}")  # a sandbox: accepted


def test_the_live_database_is_untouched_by_a_sandbox():
    live_url = paths.database_url()
    live_file = Path(live_url.removeprefix("sqlite:///"))
    store = Store.open(live_url, migrate=True)
    store.ensure_user("ann", "Ann Handler", "call_handler")
    store.close()
    for suffix in ("-wal", "-shm"):
        assert not Path(f"{live_file}{suffix}").exists() or Path(f"{live_file}{suffix}").stat().st_size == 0
    before = {p.name: p.read_bytes() for p in live_file.parent.glob(f"{live_file.name}*")}
    before_mtime = live_file.stat().st_mtime_ns

    s = scenario("default-repeat-vulnerable")
    box = open_sandbox(s, "tara", NOW)
    assessment = Engine(s.pack).assess(s.expected_call(NOW))
    box.store.save_contact(
        box.actor,
        ContactRecord(
            uuid=str(uuid.uuid4()),
            started_at=NOW,
            saved_at=NOW,
            assessment=assessment.to_dict(),
            answers=dict(s.answers()),
            log_text=render_text(assessment),
            person_id=box.person_id,
        ),
    )
    discard_sandbox(box)

    after = {p.name: p.read_bytes() for p in live_file.parent.glob(f"{live_file.name}*")}
    assert after == before
    assert live_file.stat().st_mtime_ns == before_mtime


# ------------------------------------------------------------------ results


def card(name: str, *met: tuple[str, bool], elapsed_s: float | None = 300.0, keys: int | None = 120) -> Scorecard:
    return Scorecard(
        name, tuple(Item(item, "x", "x" if ok else "y", ok) for item, ok in met), elapsed_s=elapsed_s, keys=keys
    )


def fill(results: Results) -> None:
    at = NOW
    for trainee, name, met in (
        ("tara", "west-mercia-hate", [("grade", True), ("risk level", True), ("prompt acknowledged: hate", False)]),
        ("tara", "default-repeat-vulnerable", [("grade", False), ("risk level", True)]),
        ("uma", "west-mercia-hate", [("grade", False), ("risk level", False), ("prompt acknowledged: hate", False)]),
        ("tara", "west-mercia-hate", [("grade", True), ("risk level", True), ("prompt acknowledged: hate", True)]),
    ):
        at += timedelta(minutes=10)
        results.record(name, trainee, at - timedelta(minutes=7), card(name, *met), finished_at=at)


def test_results_recorded_and_read_back(home):
    results = Results()
    assert results.path == training_dir() / "results.sqlite"
    assert results.schema_version == 1
    if os.name == "posix":
        assert stat.S_IMODE(results.path.stat().st_mode) == 0o600
    c = card("west-mercia-hate", ("grade", True), ("RAG", False), elapsed_s=251.5, keys=88)
    started = NOW - timedelta(minutes=5)
    recorded = results.record("west-mercia-hate", "tara", started, c, finished_at=NOW)
    assert recorded.score == c.score == 50
    assert recorded.items == tuple(c.to_json()["items"])
    [back] = Results().all()
    assert back == recorded
    assert back.started_at == started and back.finished_at == NOW
    assert (back.elapsed_s, back.keys) == (251.5, 88)
    fresh = results.record("west-mercia-hate", "uma", started, card("west-mercia-hate", ("grade", True)))
    assert fresh.finished_at.tzinfo is not None
    assert [r.trainee for r in results.all()] == ["tara", "uma"]  # oldest first
    assert [r.trainee for r in results.all(trainee="uma")] == ["uma"]
    assert results.all(scenario="nope") == []
    results.close()


def test_summaries_by_trainee_and_by_scenario(home):
    results = Results()
    fill(results)
    scores = [r.score for r in results.all()]
    assert scores == [67, 50, 0, 100]  # 2 of 3, 1 of 2, 0 of 3, 3 of 3
    assert results.by_trainee() == [
        {
            "trainee": "tara",
            "attempts": 3,
            "average": round((67 + 50 + 100) / 3, 1),
            "best": 100,
            "last_at": NOW + timedelta(minutes=40),
        },
        {"trainee": "uma", "attempts": 1, "average": 0.0, "best": 0, "last_at": NOW + timedelta(minutes=30)},
    ]
    assert results.by_scenario() == [
        {
            "scenario": "default-repeat-vulnerable",
            "attempts": 1,
            "average": 50.0,
            "best": 50,
            "last_at": NOW + timedelta(minutes=20),
        },
        {
            "scenario": "west-mercia-hate",
            "attempts": 3,
            "average": round((67 + 0 + 100) / 3, 1),
            "best": 100,
            "last_at": NOW + timedelta(minutes=40),
        },
    ]


def test_most_missed_first(home):
    results = Results()
    fill(results)
    top = results.most_missed()
    # Equal misses: the higher share of attempts first.
    assert [m["item"] for m in top] == ["prompt acknowledged: hate", "grade", "risk level"]
    assert [m["missed"] for m in top] == [2, 2, 1]
    assert [m["attempts"] for m in top] == [3, 4, 4]
    assert top[0]["rate"] == pytest.approx(2 / 3, abs=0.001)
    assert results.most_missed(limit=1) == top[:1]


def test_csv_one_row_per_result_and_spreadsheet_safe(home):
    results = Results()
    fill(results)
    results.record(
        "west-mercia-hate",
        '=HYPERLINK("http://x","y")',
        NOW,
        card("west-mercia-hate", ("grade", False), ("RAG", False), elapsed_s=None, keys=None),
        finished_at=NOW + timedelta(hours=1),
    )
    text = results.csv()
    assert text.splitlines()[0] == "finished_at,trainee,scenario,score,elapsed_s,keys,missed"
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 5
    assert rows[0] == {
        "finished_at": (NOW + timedelta(minutes=10)).isoformat(),
        "trainee": "tara",
        "scenario": "west-mercia-hate",
        "score": "67",
        "elapsed_s": "300.0",
        "keys": "120",
        "missed": "prompt acknowledged: hate",
    }
    last = rows[-1]
    assert last["trainee"] == '\'=HYPERLINK("http://x","y")'
    assert last["missed"] == "grade; RAG"
    assert (last["elapsed_s"], last["keys"]) == ("", "")


def test_a_results_file_from_a_newer_version_is_refused_untouched(home):
    path = training_dir() / "results.sqlite"
    Results(path).close()
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA user_version = 7")
    db.close()
    before = path.read_bytes()
    with pytest.raises(ResultsNewer, match="newer asbdesk .*schema 7.*left untouched"):
        Results()
    assert path.read_bytes() == before
    assert issubclass(ResultsNewer, StorageError)


def test_a_results_file_that_is_not_a_database_is_refused_in_words(home):
    path = training_dir() / "results.sqlite"
    path.write_bytes(b"this is not a database, just text" * 100)
    with pytest.raises(StorageError, match="cannot be read"):
        Results()


def test_results_at_an_explicit_path(tmp_path):
    path = tmp_path / "elsewhere" / "r.sqlite"
    results = Results(path)
    results.record("s", "t", NOW, card("s", ("grade", True)), finished_at=NOW)
    assert [r.score for r in Results(path).all()] == [100]


def test_history_contacts_are_assessed_with_the_scenarios_pack():
    s = scenario("west-mercia-hate")
    box = open_sandbox(s, "tara", NOW)
    try:
        assert box.person_id is not None
        context = box.store.caller_context(box.actor, box.person_id, NOW)
        [history] = context.history
        assert history.incident_code == "personal"
        expected = Engine(s.pack).assess(Call("personal", history.started_at, "phone", {}))
        assert (history.grade, history.risk_level) == (expected.grade, expected.level)
        log = box.store.contact_log(box.actor, history.reference)
        assert log.pack_id == "west-mercia"
        assert log.operator == "training-history"
    finally:
        discard_sandbox(box)


def test_a_caller_the_store_refuses_is_named_with_the_scenario_and_leaves_no_file():
    base = scenario("west-mercia-hate")
    caller = base.data.caller.model_copy(update={"phone": "0000"})
    s = dataclasses.replace(base, data=base.data.model_copy(update={"caller": caller}))
    with pytest.raises(InvalidData, match="scenario west-mercia-hate: the caller cannot be put in the sandbox"):
        open_sandbox(s, "tara", NOW)
    assert list(training_dir().glob("sandbox-*")) == []


def test_sandboxes_left_by_a_killed_desk_are_swept_a_day_on_results_never(tmp_path, monkeypatch):
    import os
    from datetime import UTC, datetime, timedelta

    from asbdesk.storage.training import STALE_AFTER, sweep_stale_sandboxes, training_dir

    monkeypatch.setenv("ASBDESK_HOME", str(tmp_path / "sweep-home"))
    folder = training_dir()
    now = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
    names = (
        "sandbox-x-old.sqlite",
        "sandbox-x-old.sqlite-wal",
        "outbox-sandbox-x-old.sqlite",
        "sandbox-y-new.sqlite",
        "results.sqlite",
    )
    for name in names:
        (folder / name).write_bytes(b"x")
    just_over = (now - STALE_AFTER - timedelta(seconds=1)).timestamp()
    just_under = (now - STALE_AFTER + timedelta(seconds=1)).timestamp()
    for name in (*names[:3], "results.sqlite"):
        os.utime(folder / name, (just_over, just_over))
    os.utime(folder / "sandbox-y-new.sqlite", (just_under, just_under))
    assert sweep_stale_sandboxes(now) == 3
    assert sorted(p.name for p in folder.iterdir()) == ["results.sqlite", "sandbox-y-new.sqlite"]


def test_a_miss_that_follows_from_another_is_not_a_miss_of_its_own(home):
    """Issue 22.5: the trainer's 'most missed' and each attempt's misses count the mistakes
    themselves; an item that follows from another, or that the desk does for the trainee, is
    neither missed nor an attempt at it. Results recorded before (no 'counted') still count."""
    results = Results()
    scored = Scorecard(
        "west-mercia-hate",
        (
            Item("answers as the caller gave them", "12 of 12", "11 of 12", False, key="answers"),
            Item("grade", "MANDATORY attendance", "Standard response", False, key="grade", follows="answers"),
            Item("questions asked", "3 asked", "3 asked", True, key="questions", free="the desk asks them"),
            Item("THRIVE written", "6 of 6 headings", "6 of 6 headings", True, key="thrive"),
        ),
    )
    assert scored.score == 50  # 1 of the 2 counted items
    recorded = results.record("west-mercia-hate", "tara", NOW, scored, finished_at=NOW)
    assert recorded.missed() == ("answers as the caller gave them",)
    assert recorded.score == 50
    with closing(sqlite3.connect(results.path)) as db, db:  # a row written before issue 22.5
        db.execute(
            "INSERT INTO result (scenario, trainee, started_at, finished_at, score, items) VALUES (?, ?, ?, ?, ?, ?)",
            (
                "west-mercia-hate",
                "uma",
                NOW.isoformat(),
                (NOW + timedelta(minutes=1)).isoformat(),
                50,
                '[{"item": "grade", "met": false}, {"item": "RAG", "met": true}]',
            ),
        )
    legacy = Results().all(trainee="uma")[0]
    assert legacy.missed() == ("grade",)
    top = {m["item"]: m for m in results.most_missed()}
    assert set(top) == {"answers as the caller gave them", "grade"}
    assert top["grade"]["attempts"] == 1  # the attempt where it followed does not count it


def test_the_scorecard_csv_names_scenario_trainee_date_and_score_on_every_row():
    from asbdesk.storage.training import SCORECARD_COLUMNS, scorecard_csv

    s = scenario("west-mercia-hate")
    from asbdesk.core import scenarios as core

    attempt = core.parse_attempt(s, {**s.attempt_input(), "answers": {**s.answers(), "q8": False}})
    card = core.score(s, attempt.call, (), 300, trainee="tara")
    rows = list(csv.DictReader(io.StringIO(scorecard_csv(card))))
    assert tuple(rows[0]) == SCORECARD_COLUMNS
    assert len(rows) == len(card.items)
    taken = attempt.call.now.astimezone().strftime("%Y-%m-%d %H:%M")
    assert {(r["scenario"], r["trainee"], r["date"], r["score"]) for r in rows} == {
        ("west-mercia-hate", "tara", taken, str(card.score))
    }
    results = {r["item"]: r["result"] for r in rows}
    assert results["answers as the caller gave them"] == "missed" and results["grade"] == "follows"
