"""Dip samples without double counting (issue 22), on SQLite and PostgreSQL.

A sample drawn over a period that overlaps an earlier sample leaves out the logs already
sampled unless the supervisor allows them (recorded with the sample and in the audit trail);
an adjacent period is not touched. Compliance counts each log once per checklist item, by
its latest mark, and says what it read: the figures equal plain SQL. Only a "no" has a
note. The THRIVE check is on the logs of packs that ask for THRIVE, and a sampled log
carries what asbdesk's own records say (occurrence, re-contact, THRIVE written)."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from dataclasses import replace
from datetime import timedelta

import pytest
from alembic import command
from sqlalchemy import bindparam, text

from asbdesk.core.vocabulary import BASE_SAMPLE_CHECKS, SAMPLE_CHECKS, THRIVE, THRIVE_CHECK
from asbdesk.storage import models as m
from asbdesk.storage import supervision as sv
from asbdesk.storage.database import InvalidData, alembic_config, make_engine, upgrade
from asbdesk.storage.records import AddressInput, NewPerson
from asbdesk.storage.store import Store
from tests.storage.conftest import ANN, FRAN, NOW, SAM
from tests.storage.helpers import contact

DAY = timedelta(days=1)
# Two fortnights back from NOW: the first [FIRST, MIDDLE), the second [MIDDLE, END).
FIRST = NOW - 28 * DAY
MIDDLE = NOW - 14 * DAY
END = NOW


def _log(store, person, when, actor=ANN, answers=None, pack="default", code="801", rationale=None):
    """A contact as the desk saves it, on ``pack``, with the THRIVE ``rationale`` written."""
    where = {"person_id": person.id, "location_id": person.locations[0].id}
    record = contact(when, code=code, answers=answers, pack=pack, rationale=rationale, **where)
    return store.save_contact(actor, record).reference


@pytest.fixture
def logs(store):
    """Ann's and Fran's logs, one a day (ann) and one every other day (fran) over four weeks."""
    person = store.add_person(
        ANN, NewPerson("Elsie", "Garside", ("0113 496 0123",), (AddressInput("4 Canal Row", "LS1 4AP", "Leeds"),))
    )
    for n in range(28):
        _log(store, person, FIRST + n * DAY + timedelta(hours=9))
        if n % 2:
            _log(store, person, FIRST + n * DAY + timedelta(hours=11), actor=FRAN)
    return person


def _refs(sample) -> set[str]:
    return {i.reference for i in sample.items}


# ------------------------------------------------------------------ no double counting


def test_an_overlapping_sample_leaves_out_logs_already_sampled_an_adjacent_one_does_not(store, logs):
    first = sv.draw_sample(store, SAM, FIRST, MIDDLE, 10, seed=1)
    assert first.overlap_allowed is False and first.left_out == 0
    # The same period again: none of the first sample's logs; it says how many it left out.
    again = sv.draw_sample(store, SAM, FIRST, MIDDLE, 10, seed=1)
    assert not _refs(again) & _refs(first)
    assert again.left_out == 10 and again.overlap_allowed is False
    # An adjacent period (the next fortnight) meets no sample: nothing left out.
    assert sv.sample_overlaps(store, SAM, MIDDLE, END) == {"logs": 21, "already": 0, "samples": []}
    adjacent = sv.draw_sample(store, SAM, MIDDLE, END, 21, seed=1)
    assert adjacent.left_out == 0 and len(adjacent.items) == 21  # every log of the fortnight
    # A period across both: every log sampled so far is left out, the rest are drawn.
    across = sv.sample_overlaps(store, SAM, FIRST + 7 * DAY, END)
    in_week_two = {i.reference for i in (*first.items, *again.items) if i.started_at >= FIRST + 7 * DAY}
    assert across["already"] == len(in_week_two) + 21
    assert [s["id"] for s in across["samples"]] == [first.id, again.id, adjacent.id]
    with pytest.raises(InvalidData, match="a log sampled twice would be marked twice"):
        sv.draw_sample(store, SAM, MIDDLE, END, 5, seed=2)  # all 21 are in the adjacent sample


def test_logs_already_sampled_are_drawn_again_only_when_allowed_and_that_is_recorded(store, logs):
    first = sv.draw_sample(store, SAM, FIRST, MIDDLE, 21, seed=3)  # every log of the fortnight
    with pytest.raises(InvalidData, match=r"all 21 logs .* are already in an overlapping sample \(1\)"):
        sv.draw_sample(store, SAM, FIRST, MIDDLE, 5, seed=3)
    allowed = sv.draw_sample(store, SAM, FIRST, MIDDLE, 5, seed=3, allow_overlap=True)
    assert _refs(allowed) <= _refs(first) and allowed.overlap_allowed is True and allowed.left_out == 0
    assert allowed.items[0].other_samples == (first.id,)
    listed = {s["id"]: s for s in sv.list_samples(store, SAM)}
    assert listed[allowed.id]["overlap_allowed"] is True and listed[first.id]["overlap_allowed"] is False
    assert listed[allowed.id]["of"] == 5 * len(SAMPLE_CHECKS)  # the default pack asks for THRIVE
    with store.engine.connect() as connection:
        entry = connection.execute(
            text("SELECT new FROM audit_entry WHERE action = 'draw' AND entity_id = :id").bindparams(id=str(allowed.id))
        ).scalar_one()
    entry = entry if isinstance(entry, dict) else json.loads(entry)
    assert entry["overlap_allowed"] is True and entry["already_sampled_drawn"] == 5
    assert entry["overlapping_samples"] == [first.id]
    assert store.verify_audit(SAM).ok


def test_a_log_marked_in_two_samples_counts_once_and_its_latest_mark_wins(store, logs, clock):
    first = sv.draw_sample(store, SAM, FIRST, MIDDLE, 21, seed=4)
    second = sv.draw_sample(store, SAM, FIRST, MIDDLE, 21, seed=4, allow_overlap=True)
    log = first.items[0]
    twin = next(i for i in second.items if i.reference == log.reference)
    check = "response_appropriate"
    sv.mark_sample(store, SAM, log.id, check, "no", "graded too low")
    clock.advance(minutes=5)
    sv.mark_sample(store, SAM, twin.id, check, "yes")
    report = sv.compliance(store, SAM, FIRST, MIDDLE)
    row = next(i for i in report.items if i["check"] == check)
    assert (row["yes"], row["no"]) == (1, 0)  # once, by the later mark
    assert report.read == {"samples": 2, "logs": 21, "marks": 2, "counted": 1}
    assert "2 marks read; 1 counted" in report.read_words() and "1 earlier mark" in report.read_words()
    assert all(not o["no_notes"] for o in report.operators)
    ann = next(o for o in report.operators if o["operator"] == log.operator)
    assert ann["sampled"] == 14 and (ann["yes"], ann["no"]) == (1, 0)  # 14 logs, each once
    # Marked again in the first sample, later still: that mark wins, with its note.
    clock.advance(minutes=5)
    sv.mark_sample(store, SAM, log.id, check, "no", "no attendance recorded")
    report = sv.compliance(store, SAM, FIRST, MIDDLE)
    row = next(i for i in report.items if i["check"] == check)
    assert (row["yes"], row["no"]) == (0, 1)
    notes = next(o for o in report.operators if o["operator"] == log.operator)["no_notes"]
    assert [(n["reference"], n["check"], n["note"], n["sample"]) for n in notes] == [
        (log.reference, check, "no attendance recorded", first.id)
    ]


def _bind(store, **times):
    # SQLite keeps times as text in SQLAlchemy's format (binding datetimes is deprecated).
    stored = "%Y-%m-%d %H:%M:%S.%f"
    return {k: v.strftime(stored) for k, v in times.items()} if store.backend == "sqlite" else times


# Each log's latest mark per checklist item, by plain SQL (a window function on both backends).
LATEST = """
    SELECT i.operator, k.check_id, k.answer, c.started_at, c.id AS contact_id
    FROM (
        SELECT k.*, ROW_NUMBER() OVER (
            PARTITION BY i.contact_id, k.check_id ORDER BY k.marked_at DESC, k.id DESC
        ) AS n
        FROM sample_mark k JOIN sample_item i ON i.id = k.item_id
    ) k
    JOIN sample_item i ON i.id = k.item_id
    JOIN contact c ON c.id = i.contact_id
    WHERE k.n = 1 AND c.started_at >= :s AND c.started_at < :e
"""


def test_compliance_figures_equal_plain_sql(store, logs, clock):
    """Per item, per operator and per month, the rates the report gives are the ones plain
    SQL gives over each log's latest mark, with logs in two samples marked differently."""
    one = sv.draw_sample(store, SAM, FIRST, END, 20, seed=5)
    two = sv.draw_sample(store, SAM, FIRST, END, 20, seed=6, allow_overlap=True)
    three = sv.draw_sample(store, SAM, MIDDLE, END, 6, seed=7)  # the rest of the second fortnight
    answers = ("yes", "no", "na", "yes", "yes", "no", "yes")
    n = 0
    for sample in (one, two, three):
        for item in sample.items:
            for check in item.checks:
                answer = answers[n % len(answers)]
                n += 1
                clock.advance(seconds=1)
                sv.mark_sample(store, SAM, item.id, check, answer, f"missing {n}" if answer == "no" else "")
    twice = _refs(one) & _refs(two)
    assert twice, "the test needs logs marked in two samples"
    start, end = FIRST + 3 * DAY, END  # a report period that leaves some sampled logs out
    report = sv.compliance(store, SAM, start, end)
    with store.engine.connect() as connection:
        latest = connection.execute(text(LATEST), _bind(store, s=start, e=end)).all()
        marks_read = connection.execute(
            text(
                "SELECT count(*) FROM sample_mark k JOIN sample_item i ON i.id = k.item_id "
                "JOIN contact c ON c.id = i.contact_id WHERE c.started_at >= :s AND c.started_at < :e"
            ),
            _bind(store, s=start, e=end),
        ).scalar_one()
        sampled = dict(
            connection.execute(
                text(
                    "SELECT i.operator, count(DISTINCT i.contact_id) FROM sample_item i "
                    "JOIN contact c ON c.id = i.contact_id WHERE c.started_at >= :s AND c.started_at < :e "
                    "GROUP BY i.operator"
                ),
                _bind(store, s=start, e=end),
            ).all()
        )
    assert marks_read > len(latest)  # some marks were superseded
    assert report.read["marks"] == marks_read and report.read["counted"] == len(latest)
    assert report.read["logs"] == sum(sampled.values())

    def rate(yes, no):
        return round(yes / (yes + no), 4) if yes + no else None

    by_check = Counter((r.check_id, r.answer) for r in latest)
    for row in report.items:
        yes, no, na = (by_check[row["check"], a] for a in ("yes", "no", "na"))
        assert (row["yes"], row["no"], row["na"], row["rate"]) == (yes, no, na, rate(yes, no)), row
    by_operator = Counter((r.operator, r.answer) for r in latest)
    assert [o["operator"] for o in report.operators] == sorted(sampled)
    for row in report.operators:
        yes, no = by_operator[row["operator"], "yes"], by_operator[row["operator"], "no"]
        assert (row["sampled"], row["yes"], row["no"], row["rate"]) == (
            sampled[row["operator"]],
            yes,
            no,
            rate(yes, no),
        )
        assert len(row["no_notes"]) == no
    month = {r: str(r.started_at)[:7] for r in latest}
    by_month = Counter((month[r], r.answer) for r in latest)
    for row in report.periods:
        yes, no = by_month[row["period"], "yes"], by_month[row["period"], "no"]
        logs_marked = len({r.contact_id for r in latest if month[r] == row["period"]})
        assert (row["sampled"], row["yes"], row["no"], row["rate"]) == (logs_marked, yes, no, rate(yes, no))
    # The text and the CSV carry the same: what was read, who ran it, the notes.
    words = sv.compliance_text(report)
    assert f"{report.read['marks']} marks read; {report.read['counted']} counted" in words
    assert "Run by Sam Supervisor (sam) on 23 Nov 2026" in words
    assert sum(r["no"] for r in report.items) == words.count("\u201cmissing ")
    rows = list(csv.DictReader(io.StringIO(sv.compliance_csv(report))))
    assert sum(r["section"] == "no_note" for r in rows) == sum(r["no"] for r in report.items)
    counts = {r["name"]: int(r["count"]) for r in rows if r["section"] == "report" and r["count"]}
    assert counts == {
        "samples_read": 3,
        "logs_read": sum(sampled.values()),
        "marks_read": marks_read,
        "marks_counted": len(latest),
    }


# ------------------------------------------------------------------ notes


def test_only_a_no_has_a_note_and_a_mark_made_yes_or_na_clears_it(store, logs):
    sample = sv.draw_sample(store, SAM, FIRST, MIDDLE, 2, seed=8)
    item = sample.items[0].id
    sv.mark_sample(store, SAM, item, "crime_recorded", "no", "prompt fired, no crime recorded")
    with pytest.raises(InvalidData, match="note: only a 'no' has a note"):
        sv.mark_sample(store, SAM, item, "crime_recorded", "na", "prompt fired, no crime recorded")
    sv.mark_sample(store, SAM, item, "crime_recorded", "na")
    assert sv.get_sample(store, SAM, sample.id).items[0].marks == {"crime_recorded": ("na", "")}
    with store.engine.connect() as connection:
        assert connection.execute(text("SELECT note FROM sample_mark")).scalar_one() == ""


# ------------------------------------------------------------------ THRIVE and the records


def test_the_thrive_check_is_on_logs_of_packs_that_ask_for_it(store):
    person = store.add_person(
        ANN, NewPerson("Isla", "Holroyd", ("0113 496 0555",), (AddressInput("7 Mill Lane", "LS6 2QT", "Leeds"),))
    )
    written = {"threat": "neighbour shouting", "harm": "distress", "vulnerability": "lives alone"}
    asks = _log(store, person, NOW - 2 * DAY, rationale=written)  # default: seed 001, THRIVE
    silent = _log(store, person, NOW - 2 * DAY, pack="cambridgeshire", code="personal")  # seed 003: no THRIVE
    sample = sv.draw_sample(store, SAM, NOW - 3 * DAY, NOW, 2, seed=9)
    items = {i.reference: i for i in sample.items}
    assert items[asks].checks == (*BASE_SAMPLE_CHECKS, THRIVE_CHECK) and items[asks].thrive_asked
    assert items[asks].thrive_written == tuple(h for h in THRIVE if h in written)
    assert items[silent].checks == BASE_SAMPLE_CHECKS and not items[silent].thrive_asked
    assert items[silent].thrive_written == ()
    with pytest.raises(InvalidData, match="'cambridgeshire', which does not ask for the THRIVE rationale"):
        sv.mark_sample(store, SAM, items[silent].id, THRIVE_CHECK, "na")
    sv.mark_sample(store, SAM, items[asks].id, THRIVE_CHECK, "no", "investigation, risk and engagement not written")
    assert sv.list_samples(store, SAM)[0]["of"] == len(SAMPLE_CHECKS) + len(BASE_SAMPLE_CHECKS)


def test_a_sampled_log_says_what_the_occurrence_and_recontact_work_items_say(store):
    person = store.add_person(
        ANN, NewPerson("Ben", "Holroyd", ("0113 496 0777",), (AddressInput("33 Canal Wharf", "LS11 5PS", "Leeds"),))
    )
    red = _log(
        store, person, NOW - 2 * DAY, answers={"weapons": True, "further_contact": True, "contact_method": "ring_back"}
    )
    waiting = _log(store, person, NOW - 2 * DAY, answers={"weapons": True})
    green = _log(store, person, NOW - 2 * DAY)
    work = {(i.kind, i.contact_reference): i.id for i in sv.review_items(store, SAM)}
    sv.record_occurrence(store, SAM, work["occurrence", red], "PSO-26-004417")
    sv.allocate_recontact(store, SAM, work["recontact", red], "PCSO 4471 Dar")
    sv.record_recontact(store, SAM, work["recontact", red], "reached", note="spoke to her")
    items = {i.reference: i for i in sv.draw_sample(store, SAM, NOW - 3 * DAY, NOW, 3, seed=10).items}
    assert items[red].occurrence is not None and items[red].occurrence["reference"] == "PSO-26-004417"
    assert items[red].occurrence["open"] is False and items[red].occurrence["by"] == "sam"
    assert items[red].recontact is not None and items[red].recontact["outcome"] == "reached"
    assert items[red].recontact["assigned_to"] == "PCSO 4471 Dar" and items[red].recontact["method"] == "ring_back"
    assert items[waiting].occurrence is not None and items[waiting].occurrence["open"] is True
    assert items[waiting].recontact is None
    assert items[green].occurrence is None and items[green].recontact is None


# ------------------------------------------------------------------ migration 0008


def test_samples_drawn_before_0008_keep_their_digests_and_their_logs_are_left_out(db_url, clock):
    """A sample drawn and marked before 0008 (here: written at 0006 and adopted into the trail
    by 0007, as a real one is): upgraded, the trail still holds (the new columns are empty and
    left out of its digest), the sample says nothing of overlap, and a new draw over its
    period leaves its logs out."""
    store = Store.open(db_url, migrate=True, clock=clock)
    store.ensure_user("ann", "Ann Handler", "call_handler")
    store.ensure_user("sam", "Sam Supervisor", "supervisor")
    person = store.add_person(
        ANN, NewPerson("Elsie", "Garside", ("0113 496 0123",), (AddressInput("4 Canal Row", "LS1 4AP", "Leeds"),))
    )
    for n in range(6):  # saved as before 0010 too: no call kept (0010's downgrade would drop it)
        where = {"person_id": person.id, "location_id": person.locations[0].id}
        store.save_contact(ANN, replace(contact(NOW - (n + 1) * DAY, **where), call=None))
    store.close()
    engine = make_engine(db_url)
    config = alembic_config(db_url)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0006")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO dip_sample (period_start, period_end, size, seed, drawn_by, drawn_at) "
                "VALUES (:s, :e, 3, 1, 'sam', :e)"
            ).bindparams(bindparam("s", NOW - 7 * DAY, type_=m.Instant), bindparam("e", NOW + DAY, type_=m.Instant))
        )
        connection.execute(
            text(
                "INSERT INTO sample_item (sample_id, contact_id, operator, position) "
                "SELECT 1, id, operator, id FROM contact WHERE id <= 3"
            )
        )
        connection.execute(
            text(
                "INSERT INTO sample_mark (item_id, check_id, answer, note, marked_by, marked_at) "
                "VALUES (1, 'crime_recorded', 'no', 'none recorded', 'sam', :at)"
            ).bindparams(bindparam("at", NOW, type_=m.Instant))
        )
    upgrade(engine)
    engine.dispose()
    store = Store.open(db_url, migrate=True, clock=clock)
    try:
        report = store.verify_audit(SAM)
        assert report.ok, report.problems
        old = sv.get_sample(store, SAM, 1)
        assert old.overlap_allowed is None and old.left_out is None
        assert old.items[0].marks == {"crime_recorded": ("no", "none recorded")}
        new = sv.draw_sample(store, SAM, NOW - 7 * DAY, NOW + DAY, 6, seed=2)
        assert new.left_out == 3 and not _refs(new) & _refs(old) and len(new.items) == 3
        assert store.verify_audit(SAM).ok
    finally:
        store.close()
