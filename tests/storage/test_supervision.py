"""The supervisor's work in storage (issue 10), on SQLite and PostgreSQL: the queues a saved
contact leaves, flags authorised and reviewed with reasons, overrides reviewed, re-contacts
allocated and closed, occurrences recorded, dip samples and the reports. Every action is
the supervisor's alone, refused in words and audited for anyone else."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select, text

from asbdesk.core.timeutil import months_after
from asbdesk.core.vocabulary import SAMPLE_CHECKS
from asbdesk.storage import models as m
from asbdesk.storage import supervision as sv
from asbdesk.storage.database import InvalidData, NotFound, PermissionDenied
from asbdesk.storage.records import Actor, AddressInput, FlagRequest, NewPerson
from tests.storage.conftest import ADA, ANN, FRAN, NOW, SAM
from tests.storage.helpers import contact

RED_RING_BACK = {"weapons": True, "further_contact": True, "contact_method": "ring_back"}
OVERRIDE = {"grade": "response", "reason": "toy gun, seen by the caller"}


def _person(store, given="Elsie", family="Garside", line1="4 Canal Row", postcode="LS1 4AP"):
    return store.add_person(
        ANN, NewPerson(given, family, ("0113 496 0123",), (AddressInput(line1, postcode, "Leeds"),))
    )


def _save(store, person, when=NOW - timedelta(days=1), actor=ANN, **kwargs):
    return store.save_contact(actor, contact(when, person_id=person.id, location_id=person.locations[0].id, **kwargs))


def _kinds(store):
    return Counter(i.kind for i in sv.review_items(store, SAM))


def test_a_saved_contact_leaves_exactly_the_work_it_needs(store):
    elsie = _person(store)
    _save(store, elsie, answers={})  # green, no override, no further contact: no work
    assert sv.review_counts(store, SAM) == dict.fromkeys(sv.REVIEW_KINDS, 0)
    _save(store, elsie, answers={"further_contact": True, "contact_method": "visit"})  # a visit is not allocated
    assert _kinds(store) == Counter()
    _save(store, elsie, answers={"further_contact": True, "contact_method": "email"})
    saved = _save(store, elsie, answers=RED_RING_BACK, override=OVERRIDE)
    assert _kinds(store) == Counter({"recontact": 2, "override": 1, "occurrence": 1})
    items = sv.review_items(store, SAM, "occurrence")
    assert [i.contact_reference for i in items] == [saved.reference]
    assert sv.review_counts(store, SAM) == {
        "flag-request": 0,
        "flag-review": 0,
        "override": 1,
        "recontact": 2,
        "occurrence": 1,
    }


def test_queues_are_sorted_most_urgent_first(store, clock):
    elsie = _person(store)
    newer = _save(store, elsie, when=NOW - timedelta(days=1), answers={"weapons": True})
    older = _save(store, elsie, when=NOW - timedelta(days=3), answers={"weapons": True})
    assert [i.contact_reference for i in sv.review_items(store, SAM, "occurrence")] == [
        older.reference,
        newer.reference,
    ]
    listed = sv.review_items(store, SAM)
    assert [i.kind for i in listed] == sorted((i.kind for i in listed), key=list(sv.REVIEW_KINDS).index)


def test_a_flag_is_authorised_with_its_necessity_and_due_for_review_a_month_on(store, clock):
    elsie = _person(store)
    flag = store.request_flag(ANN, FlagRequest("vulnerable_victim", negate_risk="Lives alone", person_id=elsie.id))
    assert [i.id for i in sv.review_items(store, SAM, "flag-request")] == [flag.id]
    with pytest.raises(InvalidData, match="reason"):
        store.authorise_flag(SAM, flag.id, "   ")
    active = store.authorise_flag(SAM, flag.id, "Lives alone; cannot hear callers")
    assert (active.status, active.necessity, active.review_due) == (
        "active",
        "Lives alone; cannot hear callers",
        months_after(NOW, 1).date(),
    )
    assert sv.review_items(store, SAM, "flag-request") == []
    # Due on the review date, not the day before (both sides of the boundary).
    assert sv.review_items(store, SAM, "flag-review", on=active.review_due - timedelta(days=1)) == []
    due = sv.review_items(store, SAM, "flag-review", on=active.review_due)
    assert [i.id for i in due] == [flag.id] and "due today" in due[0].summary
    overdue = sv.review_items(store, SAM, "flag-review", on=active.review_due + timedelta(days=2))
    assert "overdue by 2 days" in overdue[0].summary
    # The requester is told.
    [notice] = sv.unseen_notices(store, ANN)
    assert "authorised by sam" in notice.text and "Lives alone; cannot hear callers" in notice.text
    sv.mark_notices_seen(store, ANN, [notice.id])
    assert sv.unseen_notices(store, ANN) == []


def test_maintain_and_remove_at_review(store, clock):
    elsie = _person(store)
    flag = store.request_flag(ANN, FlagRequest("repeat_victim", person_id=elsie.id))
    store.authorise_flag(SAM, flag.id, "Three calls this month")
    clock.advance(days=31)
    kept = sv.decide_flag(store, SAM, "maintain", flag.id, "Still calling weekly")
    assert kept.review_due == months_after(clock.now, 1).date()  # a calendar month: 24 Dec -> 24 Jan
    events = store.flag_events(SAM, flag.id)
    assert events[-1].action == "reviewed" and events[-1].details["note"] == "Still calling weekly"
    with pytest.raises(InvalidData, match="reason"):
        sv.decide_flag(store, SAM, "maintain", flag.id, "")
    removed = sv.decide_flag(store, SAM, "remove", flag.id, "Moved away")
    assert (removed.status, removed.removal_reason) == ("removed", "Moved away")
    with pytest.raises(InvalidData, match="is removed, not active"):
        sv.decide_flag(store, SAM, "remove", flag.id, "again")


def test_a_refused_flag_request_tells_the_requester_why(store):
    elsie = _person(store)
    flag = store.request_flag(FRAN, FlagRequest("warning_marker", negate_risk="Shouted", person_id=elsie.id))
    refused = store.refuse_flag(SAM, flag.id, "One raised voice is not a warning marker")
    assert (refused.status, refused.refusal_reason) == ("rejected", "One raised voice is not a warning marker")
    [notice] = sv.unseen_notices(store, FRAN)
    assert "refused by sam: One raised voice is not a warning marker" in notice.text
    assert sv.unseen_notices(store, ANN) == []  # told to the requester only
    with pytest.raises(InvalidData, match="is rejected, not requested"):
        store.authorise_flag(SAM, flag.id, "changed my mind")


def test_an_override_review_clears_pending_and_reaches_the_operator(store):
    elsie = _person(store)
    saved = _save(store, elsie, answers={"weapons": True}, override=OVERRIDE)
    [item] = sv.review_items(store, SAM, "override")
    detail = sv.review_detail(store, SAM, "override", item.id)
    override = detail["contact"]["override"]
    assert (override["computed"], override["chosen"], override["reason"]) == (
        "emergency",
        "response",
        OVERRIDE["reason"],
    )
    assert detail["contact"]["answers"] == {"weapons": True}
    with pytest.raises(InvalidData, match="comment"):
        sv.review_override(store, SAM, item.id, False, "")
    done = sv.review_override(store, SAM, item.id, False, "A toy gun is still a weapon to the caller: emergency")
    assert (done.open, done.outcome) == (False, "disagreed")
    assert store.contact_log(SAM, saved.reference).review_status == "disagreed"
    assert sv.review_items(store, SAM, "override") == []
    [notice] = sv.unseen_notices(store, ANN)
    assert notice.subject == saved.reference and "sam disagreed with your override of the grade" in notice.text
    with pytest.raises(InvalidData, match="closed already"):
        sv.review_override(store, SAM, item.id, True, "again")
    with pytest.raises(NotFound):
        sv.review_override(store, SAM, item.id + 1000, True, "no such")


def test_a_ring_back_not_reached_needs_its_letter_an_email_does_not(store, tmp_path):
    """The whole of it, attempts first (issue 22.2): tests/storage/test_recontact.py."""
    elsie = _person(store)
    _save(store, elsie, answers={"further_contact": True, "contact_method": "ring_back"})
    _save(store, elsie, answers={"further_contact": True, "contact_method": "email"})
    ring, mail = sv.review_items(store, SAM, "recontact")
    assert "ring back for Elsie Garside" in ring.summary and "not allocated" in ring.summary
    for item in (ring, mail):
        allocated = sv.allocate_recontact(store, SAM, item.id, "PC 4471 Dar")
        assert allocated.assigned_to == "PC 4471 Dar"
    assert "allocated to PC 4471 Dar" in sv.review_items(store, SAM, "recontact")[0].summary
    sv.record_attempt(store, SAM, ring.id, "no_answer")
    sv.record_attempt(store, SAM, mail.id, "email_bounced")
    with pytest.raises(InvalidData, match="letter"):
        sv.record_recontact(store, SAM, ring.id, "not_reached")
    letter = sv.letter_for(store, SAM, ring.id)
    assert (letter.caller_name, letter.address_lines) == ("Elsie Garside", ("4 Canal Row", "Leeds", "LS1 4AP"))
    closed = sv.record_recontact(
        store, SAM, ring.id, "not_reached", sv.LetterFile(tmp_path / "letter.pdf", b"%PDF-1.4 ...")
    )
    assert closed.details["letter"]["file"] == str(tmp_path / "letter.pdf") and closed.outcome == "not_reached"
    assert sv.record_recontact(store, SAM, mail.id, "not_reached").outcome == "not_reached"
    assert sv.review_items(store, SAM, "recontact") == []
    with pytest.raises(InvalidData, match="outcome"):
        sv.record_recontact(store, SAM, ring.id, "maybe")


def test_allocating_to_a_user_tells_them(store):
    elsie = _person(store)
    _save(store, elsie, answers={"further_contact": True, "contact_method": "email"})
    [item] = sv.review_items(store, SAM, "recontact")
    sv.allocate_recontact(store, SAM, item.id, "fran")
    assert "allocated you the re-contact" in sv.unseen_notices(store, FRAN)[0].text


def test_an_occurrence_reference_is_recorded(store):
    elsie = _person(store)
    _save(store, elsie, answers={"weapons": True})
    [item] = sv.review_items(store, SAM, "occurrence")
    with pytest.raises(InvalidData, match="^occurrence: give the occurrence reference$"):
        sv.record_occurrence(store, SAM, item.id, " ")
    with pytest.raises(InvalidData, match="at most 32"):
        sv.record_occurrence(store, SAM, item.id, "X" * 33)
    # Issue 22.6: without the force's pattern, asbdesk's own form: a digit, 4 to 32 characters.
    for wrong in ("x", "PSO", "Sam Jones", "X" * 32):
        with pytest.raises(InvalidData, match=f"^occurrence: '{wrong}' is not an occurrence reference"):
            sv.record_occurrence(store, SAM, item.id, wrong)
    assert sv.record_occurrence(store, SAM, item.id, "X" * 31 + "1").outcome == "recorded"
    assert sv.review_items(store, SAM, "occurrence") == []


def test_an_occurrence_reference_in_the_forces_own_form(store):
    from asbdesk.core.site import Force

    store.set_site(
        ADA, Force("Demoshire Police", occurrence_pattern=r"\d{2}/\d{6}/\d{2}", occurrence_example="13/123456/26")
    )
    elsie = _person(store)
    _save(store, elsie, answers={"weapons": True})
    [item] = sv.review_items(store, SAM, "occurrence")
    with pytest.raises(InvalidData, match=r"not in this force's form of occurrence reference \(e.g. 13/123456/26\)"):
        sv.record_occurrence(store, SAM, item.id, "PSO-26-1")  # asbdesk's default form, not this force's
    assert sv.record_occurrence(store, SAM, item.id, "26/000417/07").outcome == "recorded"


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (lambda s, i: s.authorise_flag(SAM, i, " "), "reason: write why the flag is necessary"),
        (lambda s, i: s.refuse_flag(SAM, i, ""), "reason: write why the flag is refused"),
        (lambda s, i: sv.decide_flag(s, SAM, "maintain", i, " "), "reason: write what the review found"),
        (lambda s, i: s.remove_flag(SAM, i, " "), "reason: write why the flag is removed"),
    ],
)
def test_each_empty_flag_reason_says_what_it_needs(store, call, words):
    elsie = _person(store)
    flag = store.request_flag(ANN, FlagRequest("vulnerable_victim", person_id=elsie.id))
    with pytest.raises(InvalidData, match=f"^{words}"):
        call(store, flag.id)


@pytest.mark.parametrize("who", [ANN, FRAN, ADA, Actor("nobody", "desk-09")])
def test_only_a_supervisor_may_do_a_supervisors_work_and_refusals_are_audited(store, who):
    elsie = _person(store)
    _save(store, elsie, answers=RED_RING_BACK, override=OVERRIDE)
    flag = store.request_flag(ANN, FlagRequest("repeat_victim", person_id=elsie.id))
    items = {i.kind: i.id for i in sv.review_items(store, SAM)}
    attempts = [
        lambda: sv.review_items(store, who),
        lambda: sv.review_counts(store, who),
        lambda: sv.review_detail(store, who, "override", items["override"]),
        lambda: store.authorise_flag(who, flag.id, "I think so"),
        lambda: store.refuse_flag(who, flag.id, "I think not"),
        lambda: sv.review_override(store, who, items["override"], True, "fine by me"),
        lambda: sv.allocate_recontact(store, who, items["recontact"], "me"),
        lambda: sv.record_recontact(store, who, items["recontact"], "reached"),
        lambda: sv.record_attempt(store, who, items["recontact"], "no_answer"),
        lambda: sv.recontact_detail(store, who, items["recontact"]),
        lambda: sv.record_occurrence(store, who, items["occurrence"], "PSO-1"),
        lambda: sv.draw_sample(store, who, NOW - timedelta(days=7), NOW + timedelta(days=1), 1, 1),
        lambda: sv.compliance(store, who, NOW - timedelta(days=7), NOW),
        lambda: sv.hotspots(store, who, NOW - timedelta(days=7), NOW),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied, match=f"'{who.username}'"):
            attempt()
    # Nothing changed, and every refusal is in the audit trail.
    assert sv.review_counts(store, SAM) == {
        "flag-request": 1,
        "flag-review": 0,
        "override": 1,
        "recontact": 1,
        "occurrence": 1,
    }
    with store.engine.connect() as connection:
        refused = (
            connection.execute(
                select(m.AuditEntry.entity_id).where(
                    m.AuditEntry.action == "refused", m.AuditEntry.username == who.username
                )
            )
            .scalars()
            .all()
        )
    assert len(refused) == len(attempts)
    assert set(refused) <= {"supervise", "manage_flags"}
    assert store.verify_audit(SAM).ok


def _sampling_data(store, clock):
    """Two operators' logs over a fortnight: ann 12, fran 4."""
    elsie = _person(store)
    for n in range(12):
        _save(store, elsie, when=NOW - timedelta(days=n + 1, hours=1), answers={})
    for n in range(4):
        _save(store, elsie, when=NOW - timedelta(days=n + 1, hours=2), actor=FRAN, answers={})
    return NOW - timedelta(days=14), NOW + timedelta(days=1)


def test_a_dip_sample_is_reproducible_and_stratified_by_operator(store, clock):
    start, end = _sampling_data(store, clock)
    first = sv.draw_sample(store, SAM, start, end, 6, seed=42)
    # Drawn again over the same logs (logs already sampled allowed, issue 22): the same sample.
    again = sv.draw_sample(store, SAM, start, end, 6, seed=42, allow_overlap=True)
    other = sv.draw_sample(store, SAM, start, end, 6, seed=43, allow_overlap=True)
    refs = [i.reference for i in first.items]
    assert refs == [i.reference for i in again.items]
    assert refs != [i.reference for i in other.items]  # for these seeds (checked): a different draw
    assert Counter(i.operator for i in first.items) == Counter({"ann": 4, "fran": 2})  # in proportion, 12:4
    assert len(set(refs)) == 6
    everything = sv.draw_sample(store, SAM, start, end, 100, seed=1, allow_overlap=True)
    assert len(everything.items) == 16  # asked for more than there are: all of them
    with pytest.raises(InvalidData, match="no logs"):
        sv.draw_sample(store, SAM, NOW + timedelta(days=5), NOW + timedelta(days=6), 5, 1)
    with pytest.raises(InvalidData, match="size"):
        sv.draw_sample(store, SAM, start, end, 0, 1)


@given(
    st.dictionaries(st.text("abcdef", min_size=1, max_size=3), st.integers(1, 40), min_size=1, max_size=6),
    st.integers(1, 80),
)
def test_allocation_sums_to_the_size_and_never_exceeds_a_stratum(strata, size):
    share = sv._allocate(strata, size)
    assert sum(share.values()) == min(size, sum(strata.values()))
    assert all(0 <= share[op] <= strata[op] for op in strata)
    if size >= len(strata):
        assert all(share[op] >= 1 for op in strata)  # every operator is represented


def test_marks_and_the_compliance_report_agree_with_counts_by_hand(store, clock):
    start, end = _sampling_data(store, clock)
    sample = sv.draw_sample(store, SAM, start, end, 8, seed=7)
    answers = ["yes", "no", "na", "yes", "yes"]
    for n, item in enumerate(sample.items):
        for k, check in enumerate(SAMPLE_CHECKS):
            answer = answers[(n + k) % len(answers)]
            sv.mark_sample(store, SAM, item.id, check, answer, "missing" if answer == "no" else "")
    with pytest.raises(InvalidData, match="say what was missing"):
        sv.mark_sample(store, SAM, sample.items[0].id, "crime_recorded", "no")
    with pytest.raises(InvalidData, match="check"):
        sv.mark_sample(store, SAM, sample.items[0].id, "made_up", "yes")
    # Marked again: replaced, not added.
    sv.mark_sample(store, SAM, sample.items[0].id, SAMPLE_CHECKS[0], "yes")
    report = sv.compliance(store, SAM, start, end)
    by_hand = text(
        "SELECT k.check_id, k.answer, count(*) FROM sample_mark k JOIN sample_item i ON i.id = k.item_id "
        "JOIN contact c ON c.id = i.contact_id WHERE c.started_at >= :s AND c.started_at < :e "
        "GROUP BY k.check_id, k.answer"
    )
    per_operator = text(
        "SELECT i.operator, k.answer, count(*) FROM sample_mark k JOIN sample_item i ON i.id = k.item_id "
        "GROUP BY i.operator, k.answer"
    )
    # SQLite keeps times as text in SQLAlchemy's format (Python 3.12+ deprecates binding datetimes).
    stored = "%Y-%m-%d %H:%M:%S.%f"
    bind = (
        {"s": start.strftime(stored), "e": end.strftime(stored)}
        if store.backend == "sqlite"
        else {"s": start, "e": end}
    )
    with store.engine.connect() as connection:
        counted = {(c, a): n for c, a, n in connection.execute(by_hand, bind)}
        operators = {(o, a): n for o, a, n in connection.execute(per_operator)}
    for row in report.items:
        yes, no, na = (counted.get((row["check"], a), 0) for a in ("yes", "no", "na"))
        assert (row["yes"], row["no"], row["na"]) == (yes, no, na)
        assert row["rate"] == (round(yes / (yes + no), 4) if yes + no else None)
    assert sum(r["yes"] + r["no"] + r["na"] for r in report.items) == 8 * len(SAMPLE_CHECKS)
    for row in report.operators:
        yes, no = operators.get((row["operator"], "yes"), 0), operators.get((row["operator"], "no"), 0)
        assert (row["yes"], row["no"], row["rate"]) == (yes, no, round(yes / (yes + no), 4))
    assert {r["operator"]: r["sampled"] for r in report.operators} == dict(Counter(i.operator for i in sample.items))
    assert [p["period"] for p in report.periods] == sorted({i.started_at.strftime("%Y-%m") for i in sample.items})
    csv_text = sv.compliance_csv(report)
    assert csv_text.splitlines()[0] == ",".join(sv.COMPLIANCE_CSV_COLUMNS)
    notes = sum(len(o["no_notes"]) for o in report.operators)
    assert notes == sum(r["no"] for r in report.items)  # every "no" listed with its note
    report_rows = 7  # period, who ran it, when, samples, logs and marks read, marks counted
    assert (
        len(csv_text.splitlines())
        == 1 + report_rows + len(report.items) + len(report.operators) + len(report.periods) + notes
    )
    # A period with no sampled logs: counts of zero and no rate, not a division by zero.
    empty = sv.compliance(store, SAM, NOW + timedelta(days=10), NOW + timedelta(days=20))
    assert all(r["rate"] is None and r["yes"] == 0 for r in empty.items) and empty.operators == ()


def test_hotspots_rank_repeat_locations_and_callers(store, clock):
    elsie = _person(store)
    ben = _person(store, "Ben", "Ashdown", "9 Mill Lane", "BD1 4RL")
    one_off = _person(store, "Uma", "Lumb", "2 Beck Side", "HD1 3LT")
    for days in (1, 2, 9):
        _save(store, elsie, when=NOW - timedelta(days=days), answers={})
    for days in (3, 4):
        _save(store, ben, when=NOW - timedelta(days=days), code="802", answers={})
    _save(store, one_off, when=NOW - timedelta(days=5), answers={})
    report = sv.hotspots(store, SAM, NOW - timedelta(days=14), NOW + timedelta(days=1))
    assert [(r["postcode"], r["count"]) for r in report.locations] == [("LS1 4AP", 3), ("BD1 4RL", 2)]
    assert [(r["caller"], r["count"]) for r in report.callers] == [("Elsie Garside", 3), ("Ben Ashdown", 2)]
    assert report.districts == ("LS1", "BD1", "HD1")
    assert sum(report.heat["LS1"].values()) == 3
    week_of_9_days_ago = (NOW - timedelta(days=9)).isocalendar()
    assert report.heat["LS1"][f"{week_of_9_days_ago[0]}-W{week_of_9_days_ago[1]:02d}"] >= 1
    assert [(c["code"], c["count"]) for c in report.codes] == [("801", 4), ("802", 2)]
    csv_rows = sv.hotspots_csv(report).splitlines()
    assert csv_rows[0] == "table,rank,name,week,count"
    assert 'repeat_location,1,"4 Canal Row, Leeds, LS1 4AP",,3' in csv_rows


def test_hotspot_ties_rank_together_and_are_never_cut(store, clock):
    # Issue 22.6: three places with 2 contacts each and one with 3; the top 2 shows all four,
    # ranked 1, 2, 2, 2 (a place tied with the last one shown is shown).
    places = [
        _person(store, f"Caller{n}", f"Family{n}", f"{n} Mill Lane", postcode)
        for n, postcode in enumerate(("BD1 4RL", "HD1 3LT", "LS1 4AP", "WF1 2AB"), 1)
    ]
    for n, person in enumerate(places):
        for days in range(3 if n == 3 else 2):
            _save(store, person, when=NOW - timedelta(days=days + 1, hours=n), answers={})
    period = (NOW - timedelta(days=14), NOW + timedelta(days=1))
    report = sv.hotspots(store, SAM, *period, top=2)
    assert [(r["rank"], r["postcode"], r["count"]) for r in report.locations] == [
        (1, "WF1 2AB", 3),
        (2, "BD1 4RL", 2),
        (2, "HD1 3LT", 2),
        (2, "LS1 4AP", 2),
    ]
    assert [r["rank"] for r in sv.hotspots(store, SAM, *period, top=1).locations] == [1]  # no tie at the cut
    assert [r["rank"] for r in report.callers] == [1, 2, 2, 2]
    assert 'repeat_location,2,"1 Mill Lane, Leeds, BD1 4RL",,2' in sv.hotspots_csv(report).splitlines()


def test_migration_0005_gives_contacts_saved_before_it_their_open_work(store):
    """Contacts saved before the supervisor's tables existed get their work when upgraded."""
    from alembic import command

    from asbdesk.storage.database import alembic_config, upgrade

    elsie = _person(store)
    _save(store, elsie, answers=RED_RING_BACK, override=OVERRIDE)
    _save(store, elsie, answers={})
    before = sorted((i.kind, i.contact_reference) for i in sv.review_items(store, SAM))
    config = alembic_config(str(store.engine.url.render_as_string(hide_password=False)))
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0004")
    upgrade(store.engine)
    after = sorted((i.kind, i.contact_reference) for i in sv.review_items(store, SAM))
    assert after == before and len(after) == 3


@pytest.mark.parametrize("kind", ["flag-request", "flag-review", "override", "recontact", "occurrence"])
def test_a_queue_read_a_page_at_a_time_is_the_whole_queue_in_order(store, clock, kind):
    elsie = _person(store)
    for n in range(7):
        # Two at the same moment each time: the page boundary falls between equal due times.
        for _ in range(2):
            _save(store, elsie, when=NOW - timedelta(days=10 - n), answers=RED_RING_BACK, override=OVERRIDE)
            flag = store.request_flag(ANN, FlagRequest("repeat_victim", person_id=elsie.id))
            if kind == "flag-review":
                store.authorise_flag(SAM, flag.id, "Needed", review_due=(NOW - timedelta(days=n)).date())
        clock.advance(minutes=1)
    whole = sv.review_items(store, SAM, kind)
    assert len(whole) == 14
    pages, after = [], None
    while True:
        page = sv.review_items(store, SAM, kind, limit=3, after=after)
        pages += page
        if len(page) < 3:
            break
        after = page[-1]
    assert [i.id for i in pages] == [i.id for i in whole]
    # An item closed at another desk between two pages neither hides nor repeats another.
    first = sv.review_items(store, SAM, kind, limit=3)
    if kind == "override":
        sv.review_override(store, SAM, first[0].id, True, "Agreed")
        rest = sv.review_items(store, SAM, kind, after=first[-1])
        assert [i.id for i in first + rest] == [i.id for i in whole]
    with pytest.raises(InvalidData, match="one queue"):
        sv.review_items(store, SAM, limit=3)
