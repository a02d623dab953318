"""asbdesk's own names for flags, prompts and the repeat status, in the desk's language
(asbdesk.gui.words): in English they read exactly as the core's words in the log."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import QLocale

from asbdesk.core.engine import RepeatResult
from asbdesk.core.render import repeat_status
from asbdesk.core.vocabulary import FLAG_KINDS, FLAG_SUBJECT_WORDS, FLAG_SUBJECTS, PROMPT_KINDS, RAG_RATINGS
from asbdesk.gui import i18n
from asbdesk.gui.words import flag_kind_words, flag_subject_words, prompt_kind_words, repeat_words
from asbdesk.storage.records import FlagRequest
from tests.storage.conftest import ANN, NOW, SAM
from tests.storage.helpers import contact


def repeat(count: int, window: int | None = 30, is_repeat: bool = False) -> RepeatResult:
    return RepeatResult("r", "repeat victim", is_repeat, count, 3, window, (), None)


@pytest.mark.parametrize(
    "result",
    [repeat(1), repeat(2), repeat(3, is_repeat=True), repeat(4, is_repeat=True), repeat(1, None), repeat(5, None)],
)
def test_in_english_the_repeat_status_reads_as_in_the_log(qapp, result):
    assert repeat_words(result) == repeat_status(result)


def test_in_english_flags_and_prompts_are_named_as_in_the_vocabulary(qapp):
    assert [flag_kind_words(k) for k in FLAG_KINDS] == [k.replace("_", " ") for k in FLAG_KINDS]
    assert [flag_subject_words(s) for s in FLAG_SUBJECTS] == [FLAG_SUBJECT_WORDS[s] for s in FLAG_SUBJECTS]
    assert [prompt_kind_words(k) for k in PROMPT_KINDS] == [k.replace("_", " ") for k in PROMPT_KINDS]
    assert flag_kind_words("not_a_kind") == "not a kind"  # an id asbdesk does not know: in words


def test_on_a_welsh_desk_they_are_welsh(qapp):
    i18n.install_translation(qapp, QLocale("cy_GB"))
    try:
        assert flag_kind_words("vulnerable_victim") != "vulnerable victim"
        assert flag_subject_words("person") != "caller"
        assert prompt_kind_words("emergency") != "emergency"
        said = repeat_words(repeat(4, is_repeat=True))
        assert "incidents" not in said and said.startswith("4 ") and said.endswith(": repeat victim")
    finally:
        i18n.install_translation(qapp, QLocale(QLocale.Language.English))


# ------------------------------------------------------------------ the supervisor's words (issue 23.3)


def test_in_english_the_supervisors_words_read_as_the_cores_and_storages(qapp):
    from asbdesk.core.vocabulary import (
        FLAG_DUE,
        FLAG_DUE_WORDS,
        OVERRIDE_FIELDS,
        RECONTACT_ATTEMPT_RESULTS,
        RECONTACT_ATTEMPT_WORDS,
        RECONTACT_METHODS,
        REVIEW_KIND_WORDS,
        REVIEW_KINDS,
        SAMPLE_CHECK_WORDS,
        SAMPLE_CHECKS,
    )
    from asbdesk.gui import words
    from asbdesk.storage.models import WORK_OUTCOMES
    from asbdesk.storage.supervision import METHOD_WORDS

    assert [words.review_kind_words(k) for k in REVIEW_KINDS] == [REVIEW_KIND_WORDS[k] for k in REVIEW_KINDS]
    assert [words.flag_due_words(d) for d in FLAG_DUE] == [FLAG_DUE_WORDS[d] for d in FLAG_DUE]
    assert [words.sample_check_words(c) for c in SAMPLE_CHECKS] == [SAMPLE_CHECK_WORDS[c] for c in SAMPLE_CHECKS]
    assert [words.method_words(m) for m in RECONTACT_METHODS] == [METHOD_WORDS[m] for m in RECONTACT_METHODS]
    assert [words.attempt_words(r) for r in RECONTACT_ATTEMPT_RESULTS] == [
        RECONTACT_ATTEMPT_WORDS[r] for r in RECONTACT_ATTEMPT_RESULTS
    ]
    assert [words.outcome_words(o) for o in WORK_OUTCOMES] == [o.replace("_", " ") for o in WORK_OUTCOMES]
    assert [words.field_words(f) for f in OVERRIDE_FIELDS] == [f.replace("_", " ") for f in OVERRIDE_FIELDS]
    assert [words.rag_words(r) for r in RAG_RATINGS] == list(RAG_RATINGS)
    # every id the tables name is one of the vocabulary's: none spelt wrong, none missing
    assert set(words._REVIEW_KIND_WORDS) == set(REVIEW_KINDS)
    assert set(words._SAMPLE_CHECK_WORDS) == set(SAMPLE_CHECKS)
    assert set(words._ATTEMPT_WORDS) == set(RECONTACT_ATTEMPT_RESULTS)
    assert set(words._OUTCOME_WORDS) == set(WORK_OUTCOMES)
    assert words.method_words("carrier_pigeon") == "carrier pigeon"  # an id asbdesk does not know: in words


def _queue(store, on=None):
    from asbdesk.storage import supervision as sv

    return sv.review_items(store, SAM, on=on)


def test_in_english_every_queue_items_summary_reads_as_storage_words_it(qapp, desk_store, elsie, flagged_caller):
    """summary_words(item) from the item's facts == ReviewItem.summary (the CLI's), for every
    kind of item: flag requests on a caller and a phone, reviews due today and overdue by
    one and by several days, an override, re-contacts allocated or not, with 0, 1 and 2
    attempts, for a caller named and one not identified, and an occurrence."""
    from asbdesk.gui.words import summary_words
    from asbdesk.storage import supervision as sv

    ring_back = {"weapons": True, "further_contact": True, "contact_method": "ring_back"}
    saved = desk_store.save_contact(
        ANN,
        contact(
            NOW - timedelta(days=1),
            person_id=elsie.id,
            location_id=elsie.locations[0].id,
            answers=ring_back,
            override={"grade": "response", "reason": "toy gun, seen by the caller"},
        ),
    )
    desk_store.save_contact(ANN, contact(NOW - timedelta(days=2), answers=ring_back))  # no caller identified
    desk_store.request_flag(ANN, FlagRequest("vulnerable_victim", negate_risk="Lives alone", person_id=elsie.id))
    desk_store.request_flag(ANN, FlagRequest("warning_marker", negate_risk="Threats", phone="0113 496 0777"))
    seen: list[str] = []

    def check(items):
        assert items
        for item in items:
            assert item.facts, item
            assert summary_words(item) == item.summary
            seen.append(item.kind)

    check(_queue(desk_store))
    recontacts = sv.review_items(desk_store, SAM, "recontact")
    assert any("caller not identified" in i.summary for i in recontacts)
    mine = next(i for i in recontacts if i.contact_reference == saved.reference)
    sv.allocate_recontact(desk_store, SAM, mine.id, "PC 4471 Jones")
    for attempts in (1, 2):
        sv.record_attempt(desk_store, SAM, mine.id, "no_answer", "")
        (item,) = [i for i in sv.review_items(desk_store, SAM, "recontact") if i.id == mine.id]
        assert f"{attempts} attempt" in item.summary
        check([item])
    (flag,) = sv.active_flags(desk_store, SAM)
    assert summary_words(flag) == flag.summary
    for late in (0, 1, 3):
        reviews = sv.review_items(desk_store, SAM, "flag-review", on=flag.review_due + timedelta(days=late))
        check(reviews)
    assert set(seen) == {"flag-request", "flag-review", "override", "recontact", "occurrence"}
    said = [summary_words(i) for i in _queue(desk_store, on=flag.review_due + timedelta(days=3))]
    assert any(s.endswith("monthly review overdue by 3 days") for s in said), said


def test_on_a_welsh_desk_a_queue_items_summary_is_welsh(qapp, desk_store, elsie):
    from asbdesk.gui.words import review_kind_words, summary_words

    desk_store.request_flag(ANN, FlagRequest("vulnerable_victim", negate_risk="Lives alone", person_id=elsie.id))
    (item,) = _queue(desk_store)
    i18n.install_translation(qapp, QLocale("cy_GB"))
    try:
        said = summary_words(item)
        assert "Elsie Garside" in said and "ann" in said, said  # names and who, as stored
        assert "flag on" not in said and "requested by" not in said and "vulnerable victim" not in said, said
        assert review_kind_words("flag-request") != "Flag requests"
    finally:
        i18n.install_translation(qapp, QLocale(QLocale.Language.English))
    assert summary_words(item) == item.summary


def test_in_english_a_decision_reads_as_storage_words_it_for_the_undo(qapp, desk_store, elsie):
    """decision_words(decision) from its facts == Decision.words, for every decision Ctrl+Z
    undoes; and why one cannot be undone, likewise."""
    from dataclasses import replace

    from asbdesk.gui.words import decision_words, why_not_words
    from asbdesk.storage import supervision as sv
    from asbdesk.storage import undo

    ring_back = {"weapons": True, "further_contact": True, "contact_method": "ring_back"}
    desk_store.save_contact(
        ANN, contact(NOW - timedelta(days=1), person_id=elsie.id, location_id=elsie.locations[0].id, answers=ring_back)
    )
    first = desk_store.request_flag(
        ANN, FlagRequest("vulnerable_victim", negate_risk="Lives alone", person_id=elsie.id)
    )
    second = desk_store.request_flag(ANN, FlagRequest("warning_marker", negate_risk="Threats", phone="0113 496 0777"))
    items = {i.kind: i.id for i in sv.review_items(desk_store, SAM)}
    decisions = [
        undo.decide(desk_store, SAM, "authorise", first.id, "Lives alone; cannot hear the door"),
        undo.decide(desk_store, SAM, "refuse", second.id, "One call only"),
        undo.decide(desk_store, SAM, "maintain", first.id, "Still alone"),
        undo.decide(desk_store, SAM, "remove", first.id, "Moved away"),
        undo.decide(desk_store, SAM, "allocate", items["recontact"], "PS 12 Patel"),
        undo.decide(desk_store, SAM, "occurrence", items["occurrence"], "NICHE-26-0042"),
    ]
    for decision in decisions:
        assert decision.facts, decision
        assert decision_words(decision) == decision.words
        assert why_not_words(decision) is None
    changed = replace(
        decisions[0], undoable=False, why_not=f"flag {first.id} was changed at another desk while you decided it"
    )
    assert why_not_words(changed) == changed.why_not
    assert [d.words.split(" ")[0] for d in decisions] == [
        "authorised",
        "refused",
        "maintained",
        "removed",
        "allocated",
        "recorded",
    ]
    i18n.install_translation(qapp, QLocale("cy_GB"))
    try:
        said = decision_words(decisions[0])
        assert said.startswith(f"awdurdodwyd baner {first.id} (") and "Elsie Garside" in said, said
        assert "flag" not in said, said
    finally:
        i18n.install_translation(qapp, QLocale(QLocale.Language.English))


@pytest.mark.parametrize(
    ("read", "run_at"),
    [
        ({"samples": 1, "logs": 1, "marks": 1, "counted": 1}, NOW),
        ({"samples": 2, "logs": 14, "marks": 72, "counted": 70}, NOW),
        ({"samples": 2, "logs": 3, "marks": 4, "counted": 3}, None),  # one earlier mark left out; not yet run
        ({"samples": 0, "logs": 0, "marks": 0, "counted": 0}, NOW),
    ],
)
def test_in_english_the_compliance_reports_read_line_reads_as_storage_words_it(qapp, read, run_at):
    from asbdesk.gui.reports import read_words, run_words
    from asbdesk.storage.supervision import ComplianceReport

    report = ComplianceReport(NOW, NOW, (), (), (), read, "sam", "Sam Supervisor", run_at)
    assert read_words(report) == report.read_words()
    assert run_words(report) == report.run_words()


def test_on_a_welsh_desk_the_compliance_reports_read_line_is_welsh(qapp):
    from asbdesk.gui.reports import read_words, run_words
    from asbdesk.storage.supervision import ComplianceReport

    read = {"samples": 1, "logs": 6, "marks": 13, "counted": 12}
    report = ComplianceReport(NOW, NOW, (), (), (), read, "sam", "Sam Supervisor", NOW)
    i18n.install_translation(qapp, QLocale("cy_GB"))
    try:
        said = f"{run_words(report)}. {read_words(report)}"
        assert said.startswith("Rhedwyd gan Sam Supervisor (sam) ar "), said
        assert "1 sampl, 6 " in said and "1 marc cynharach" in said, said
        assert "read" not in said and "counted" not in said, said
    finally:
        i18n.install_translation(qapp, QLocale(QLocale.Language.English))
