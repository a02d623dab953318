"""The supervisor's commands (issue 10) on SQLite and PostgreSQL: review list, flags,
overrides, recontact, occurrences, sample and report. Bad input exits 2 naming the field;
a call handler is refused in words (exit 3) and the refusal is audited."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from asbdesk.core.site import Force
from asbdesk.storage import models as m
from asbdesk.storage import supervision as sv
from asbdesk.storage.records import FlagRequest
from tests.storage.conftest import ADA, ANN, NOW, SAM
from tests.storage.helpers import run_cli
from tests.storage.test_supervision import OVERRIDE, RED_RING_BACK, _person, _save


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("ASBDESK_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("ASBDESK_DATABASE_URL", raising=False)


@pytest.fixture
def work(store):
    """A red call with an override and a ring back, and a flag request."""
    elsie = _person(store)
    saved = _save(store, elsie, answers=RED_RING_BACK, override=OVERRIDE)
    flag = store.request_flag(ANN, FlagRequest("vulnerable_victim", negate_risk="Lives alone", person_id=elsie.id))
    items = {i.kind: i.id for i in sv.review_items(store, SAM)}
    return saved, flag, items


def sam(capsys, store, *args):
    return run_cli(capsys, *args, "--user", "sam", "--database", _url(store))


def ann(capsys, store, *args):
    return run_cli(capsys, *args, "--user", "ann", "--database", _url(store))


def _url(store):
    return store.engine.url.render_as_string(hide_password=False)


def test_review_list_as_json_has_the_documented_shape(capsys, store, work):
    saved, flag, _items = work
    code, out, _ = sam(capsys, store, "review", "list", "--format", "json")
    assert code == 0
    listed = json.loads(out)
    assert {i["kind"] for i in listed} == {"flag-request", "override", "recontact", "occurrence"}
    assert all(set(i) == {"kind", "id", "contact_reference", "created_at", "due_at", "summary"} for i in listed)
    assert [i["id"] for i in listed if i["kind"] == "flag-request"] == [flag.id]
    code, out, _ = sam(capsys, store, "review", "list", "--kind", "override", "--format", "json")
    assert [(i["kind"], i["contact_reference"]) for i in json.loads(out)] == [("override", saved.reference)]
    code, out, _ = sam(capsys, store, "review", "list", "--kind", "occurrence")
    assert code == 0 and saved.reference in out and "occurrence" in out


def test_each_decision_by_command(capsys, store, work, tmp_path):
    saved, flag, items = work
    code, out, _ = sam(capsys, store, "flags", "authorise", str(flag.id), "--reason", "Lives alone")
    assert (code, out.startswith(f"flag {flag.id}: active; next review ")) == (0, True)
    code, out, _ = sam(capsys, store, "flags", "maintain", str(flag.id), "--reason", "Still needed")
    assert code == 0
    code, out, _ = sam(capsys, store, "flags", "remove", str(flag.id), "--reason", "Moved away")
    assert (code, out) == (0, f"flag {flag.id}: removed\n")
    code, out, _ = sam(
        capsys, store, "overrides", "review", str(items["override"]), "--agree", "--comment", "Right call"
    )
    assert (code, out) == (0, f"override {items['override']} on {saved.reference}: agreed\n")
    code, out, _ = sam(capsys, store, "recontact", "allocate", str(items["recontact"]), "--to", "PC 4471 Dar")
    assert "allocated to PC 4471 Dar" in out
    code, out, _ = sam(capsys, store, "recontact", "attempt", str(items["recontact"]), "--result", "no-answer")
    assert code == 0 and out.endswith("by PC 4471 Dar: no answer\n")
    code, out, err = sam(capsys, store, "recontact", "outcome", str(items["recontact"]), "--not-reached")
    assert code == 2 and "letter" in err  # a ring back not reached needs its letter
    letter = tmp_path / "letter.pdf"
    code, out, err = sam(
        capsys, store, "recontact", "outcome", str(items["recontact"]), "--not-reached", "--letter", str(letter)
    )
    assert code == 2 and "no site is set on this database" in err  # the force's address is needed (issue 19)
    store.set_site(ADA, Force("Demoshire Police", ("1 Example Street", "Leeds"), "LS1 4AP"))
    code, out, err = sam(
        capsys, store, "recontact", "outcome", str(items["recontact"]), "--not-reached", "--letter", str(letter)
    )
    assert code == 0, err
    assert letter.read_bytes().startswith(b"%PDF") and f"letter for posting written to {letter}" in out
    code, out, _ = sam(capsys, store, "occurrences", "record", str(items["occurrence"]), "--reference", "PSO-26-1")
    assert code == 0 and "recorded as PSO-26-1" in out
    code, out, _ = sam(capsys, store, "review", "list", "--format", "json")
    assert json.loads(out) == []


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("flags", "authorise", "999", "--reason", "x"), "no flag with id 999"),
        (("flags", "authorise", "1", "--reason", "  "), "reason"),
        (("flags", "authorise", "one", "--reason", "x"), "ID must be a whole number"),
        (("overrides", "review", "1", "--comment", "x"), "--agree"),
        (("recontact", "allocate", "1", "--to", ""), "officer"),
        (("sample", "draw", "--from", "2026-13-01", "--to", "2026-11-30", "--size", "5", "--seed", "1"), "--from"),
        (("sample", "draw", "--from", "2026-11-30", "--to", "2026-11-01", "--size", "5", "--seed", "1"), "--to"),
        (("sample", "draw", "--from", "2026-11-01", "--to", "2026-11-30", "--size", "0", "--seed", "1"), "--size"),
        (("sample", "mark", "1", "--check", "made_up", "--yes"), "--check"),
        (("report", "compliance", "--from", "yesterday", "--to", "2026-11-30"), "--from"),
    ],
)
def test_bad_input_exits_2_naming_the_field(capsys, store, work, args, field):
    code, _out, err = sam(capsys, store, *args)
    assert code == 2 and field in err and "Traceback" not in err


def test_a_call_handler_is_refused_each_supervisor_command_and_it_is_audited(capsys, store, work):
    _saved, flag, items = work
    commands = [
        ("review", "list"),
        ("flags", "authorise", str(flag.id), "--reason", "x"),
        ("overrides", "review", str(items["override"]), "--agree", "--comment", "x"),
        ("recontact", "allocate", str(items["recontact"]), "--to", "me"),
        ("occurrences", "record", str(items["occurrence"]), "--reference", "x"),
        ("sample", "draw", "--from", "2026-11-01", "--to", "2026-11-30", "--size", "5", "--seed", "1"),
        ("report", "compliance", "--from", "2026-11-01", "--to", "2026-11-30"),
        ("report", "hotspots", "--from", "2026-11-01", "--to", "2026-11-30"),
    ]
    for command in commands:
        code, _out, err = ann(capsys, store, *command)
        assert code == 3, command
        assert "'ann' (call handler) may not" in err and "Traceback" not in err
    with store.engine.connect() as connection:
        refused = connection.execute(
            select(m.AuditEntry.new).where(m.AuditEntry.action == "refused").order_by(m.AuditEntry.id)
        ).all()
    # Each refusal's row names the command and what it was aimed at (issue 22.6), never the
    # text typed with it.
    assert [row.new for row in refused] == [
        {"command": "review list", "target": None},
        {"command": "flags authorise", "target": str(flag.id)},
        {"command": "overrides review", "target": str(items["override"])},
        {"command": "recontact allocate", "target": str(items["recontact"])},
        {"command": "occurrences record", "target": str(items["occurrence"])},
        {"command": "sample draw", "target": None},
        {"command": "report compliance", "target": None},
        {"command": "report hotspots", "target": None},
    ]
    assert len(sv.review_items(store, SAM)) == 4  # nothing changed


def test_sample_and_reports_by_command(capsys, store, work):
    day = (NOW - timedelta(days=1)).date().isoformat()
    period = ("--from", day, "--to", NOW.date().isoformat())
    code, out, _ = sam(capsys, store, "sample", "draw", *period, "--size", "3", "--seed", "9", "--format", "json")
    drawn = json.loads(out)
    assert code == 0 and len(drawn["items"]) == 1 and drawn["seed"] == 9
    item = drawn["items"][0]["item"]
    code, _out, err = sam(capsys, store, "sample", "mark", str(item), "--check", "response_appropriate", "--no")
    assert code == 2 and "note" in err
    assert (
        sam(capsys, store, "sample", "mark", str(item), "--check", "response_appropriate", "--no", "--note", "x")[0]
        == 0
    )
    assert sam(capsys, store, "sample", "mark", str(item), "--check", "assessment_retained", "--yes")[0] == 0
    code, out, _ = sam(capsys, store, "report", "compliance", *period)
    report = json.loads(out)
    assert set(report) >= {"items", "operators"}
    rows = {r["check"]: r for r in report["items"]}
    assert (rows["response_appropriate"]["no"], rows["assessment_retained"]["rate"]) == (1, 1.0)
    [operator] = report["operators"]
    notes = operator.pop("no_notes")
    assert operator == {"operator": "ann", "sampled": 1, "yes": 1, "no": 1, "rate": 0.5}
    assert [(n["check"], n["note"], n["marked_by"]) for n in notes] == [("response_appropriate", "x", "sam")]
    assert report["run_by"] == "sam" and report["read"] == {"samples": 1, "logs": 1, "marks": 2, "counted": 2}
    code, out, _ = sam(capsys, store, "report", "compliance", *period, "--format", "csv")
    parsed = list(csv.DictReader(io.StringIO(out)))
    assert [r["rate_percent"] for r in parsed if r["section"] == "operator"] == ["50.0"]
    assert [(r["name"], r["reference"], r["note"]) for r in parsed if r["section"] == "no_note"] == [
        ("ann", drawn["items"][0]["reference"], "x")
    ]
    code, out, _ = sam(capsys, store, "report", "compliance", *period, "--format", "text")
    assert code == 0 and "Run by Sam Supervisor (sam) on " in out and "1 sampled log, 2 marks read" in out
    assert '"NO" NOTES BY OPERATOR, FOR FEEDBACK' in out and "\u201cx\u201d (sam, " in out
    # Only a "no" has a note; a second sample of the period leaves the sampled log out...
    code, _out, err = sam(
        capsys, store, "sample", "mark", str(item), "--check", "crime_recorded", "--yes", "--note", "y"
    )
    assert code == 2 and "note: only a 'no' has a note" in err
    code, _out, err = sam(capsys, store, "sample", "draw", *period, "--size", "3", "--seed", "9")
    assert code == 2 and "already in an overlapping sample (1)" in err
    # ... unless the supervisor says so, and the sample says it.
    code, out, _ = sam(capsys, store, "sample", "draw", *period, "--size", "3", "--seed", "9", "--allow-overlap")
    assert code == 0 and "logs already in an overlapping sample were allowed (--allow-overlap)" in out
    code, out, _ = sam(capsys, store, "report", "hotspots", *period, "--format", "json")
    hot = json.loads(out)
    assert (
        hot["incident_codes"] == [{"rank": 1, "code": "801", "count": 1}] and hot["districts"][0]["district"] == "LS1"
    )
    code, out, _ = sam(capsys, store, "report", "hotspots", *period, "--format", "csv")
    assert out.splitlines()[0] == "table,rank,name,week,count"
    code, out, _ = sam(capsys, store, "sample", "list")
    assert "1 logs, seed 9, 2 of 6 checks marked" in out  # the default pack asks for THRIVE: six checks
    assert "seed 9, logs already sampled allowed, 0 of 6 checks marked" in out


def test_the_demo_database_as_the_demo_supervisor(capsys):
    """`asbdesk --demo --as supervisor ...`: the demo's fictional data, its supervisor's work."""
    code, out, err = run_cli(capsys, "--demo", "--as", "supervisor", "review", "list", "--format", "json")
    assert code == 0, err
    kinds = {i["kind"] for i in json.loads(out)}
    assert kinds == {"flag-request", "flag-review", "override", "recontact", "occurrence"}
    code, _out, err = run_cli(capsys, "--demo", "review", "list")  # the demo call handler
    assert code == 3 and "'demo' (call handler) may not" in err
    code, _out, err = run_cli(capsys, "--demo", "review", "list", "--database", "sqlite:////tmp/x.sqlite")
    assert code == 2 and "--database" in err


def test_demo_is_honoured_by_every_command_that_reads_a_database_or_refused_in_words(capsys, tmp_path):
    # Issue 22.6: `audit verify` and `export` ignored --demo; now each command either runs on
    # the demo database as its demo user or says why it will not.
    code, out, err = run_cli(capsys, "--demo", "--as", "supervisor", "audit", "verify")
    assert code == 0, err
    code, out, err = run_cli(
        capsys, "--demo", "--as", "supervisor", "export", "--from", "2000-01-01", "--to", "2999-12-31"
    )
    assert code == 0, err
    rows = out.splitlines()
    assert rows[0].startswith("reference,") and len(rows) > 10  # the demo's months of contacts
    assert "demo-counter" in out  # saved by the demo's front-counter user
    code, _out, err = run_cli(capsys, "--demo", "export", "--from", "2026-01-01", "--to", "2026-01-31")
    assert code == 3, err  # the demo call handler may not export
    for command, words in (
        (("db", "status"), "--demo: not with 'db'"),
        (("outbox", "status"), "--demo: not with 'outbox'"),
        (("demo",), "--demo: not with 'demo'"),
        (("packs", "list"), "--demo: not with 'packs', which reads no database"),
    ):
        code, _out, err = run_cli(capsys, "--demo", *command)
        assert code == 2 and words in err, (command, err)
    code, _out, err = run_cli(
        capsys, "--demo", "--as", "supervisor", "export", "--from", "2026-01-01", "--to", "2026-01-31", "--user", "sam"
    )
    assert code == 2 and "--user: not with --demo" in err


def test_overrides_review_disagree_regrades_to_the_value_given_and_says_what_changed(capsys, store, work):
    saved, _flag, items = work  # the operator chose Response; asbdesk computed Emergency
    code, _, err = sam(
        capsys, store, "overrides", "review", str(items["override"]), "--disagree", "--comment", "x", "--to", "response"
    )
    assert code == 2 and "to: the operator chose grade response; to disagree, choose another grade" in err
    code, _, err = sam(
        capsys, store, "overrides", "review", str(items["override"]), "--agree", "--comment", "x", "--to", "emergency"
    )
    assert code == 2 and "only when you disagree" in err
    code, out, _ = sam(
        capsys,
        store,
        "overrides",
        "review",
        str(items["override"]),
        "--disagree",
        "--comment",
        "A gun the caller saw is a gun until an officer has seen it",
        "--to",
        "emergency",
    )
    assert code == 0
    assert out.splitlines() == [
        f"override {items['override']} on {saved.reference}: disagreed",
        f"{saved.reference} re-graded: grade response -> emergency; no follow-up opened",
        "the log is amended (amendment 1); the operator is told",
    ]
    assert store.contact_log(SAM, saved.reference).grade == "emergency"
