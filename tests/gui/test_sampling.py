"""The supervisor's dip-sampling page (issues 10.2 and 22), driven as a supervisor drives it:
real key events to whatever has the focus. The sample drawn is the one storage draws with the
same seed, both operators are in it, marks made by keys exactly as the on-screen hint says
are the marks stored (the slip of issue 22 cannot happen), a "no" needs a note and only a
"no" keeps one, a period already sampled is asked about, the hints read asbdesk's own
records, the log is the stored one and cannot be changed, and a call handler is refused in
words."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QPlainTextEdit

from asbdesk.core.vocabulary import SAMPLE_CHECK_WORDS, SAMPLE_CHECKS
from asbdesk.gui import sampling, tasks
from asbdesk.gui.sampling import SamplePage
from asbdesk.gui.words import local_day
from asbdesk.storage import supervision
from asbdesk.storage.records import Actor, AddressInput, NewPerson
from tests.gui.keys import ALT, CTRL, SHIFT, focused, press, type_text, wait_dialog, wait_dialog_closed
from tests.storage.conftest import ANN, NOW, SAM
from tests.storage.helpers import contact

BOB = Actor("bob", "desk-03")
REFERENCE = re.compile(r"ASB-\d{4}-\d{6}")
# The period the page offers by default: the last 30 days, today included.
START = datetime.combine(NOW.date() - timedelta(days=29), time(), UTC)
END = datetime.combine(NOW.date(), time(), UTC) + timedelta(days=1)


@pytest.fixture
def logs(desk_store):
    """Ann's 8 logs and Bob's 4 in the last fortnight; one of Ann's fired a crime-recording
    prompt, one asked for a ring-back, one is red; and one log from before the period."""
    desk_store.ensure_user("bob", "Bob Handler", "call_handler")
    person = desk_store.add_person(
        ANN, NewPerson("Elsie", "Garside", ("0113 496 0123",), (AddressInput("4 Canal Row", "LS1 4AP", "Leeds"),))
    )
    where = {"person_id": person.id, "location_id": person.locations[0].id}
    special = {
        0: {"hate": True, "national_hate": True},  # Q8, then a monitored strand: hate crime recording
        1: {"further_contact": True, "contact_method": "ring_back"},
        2: {"weapons": True},
    }
    saved = {}
    for n in range(8):
        answers = special.get(n, {})
        result = desk_store.save_contact(ANN, contact(NOW - timedelta(days=n + 1, hours=1), answers=answers, **where))
        saved[result.reference] = ("ann", answers)
    for n in range(4):
        result = desk_store.save_contact(BOB, contact(NOW - timedelta(days=n + 1, hours=2), answers={}, **where))
        saved[result.reference] = ("bob", {})
    desk_store.save_contact(ANN, contact(NOW - timedelta(days=45), answers={}, **where))  # before the period
    return saved


@pytest.fixture
def page_for(qtbot, desk_store):
    made = []

    def make(actor: Actor = SAM) -> SamplePage:
        page = SamplePage(desk_store, actor, clock=lambda: NOW)
        qtbot.addWidget(page)
        made.append(page)
        page.resize(1360, 820)
        page.show()
        qtbot.waitExposed(page)
        page.activateWindow()
        qtbot.waitUntil(lambda: page.isActiveWindow(), timeout=5_000)
        qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=10_000)  # the samples drawn before, listed
        return page

    yield make
    qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=10_000)  # nothing reports to a closed page


@pytest.fixture
def page(page_for, logs):
    return page_for(SAM)


def shown_references(page: SamplePage) -> list[str]:
    """The references the list of sampled logs shows, in its order."""
    return [REFERENCE.search(page.logs.item(row).text()).group(0) for row in range(page.logs.count())]


def wait_drawn(qtbot, page: SamplePage, count: int) -> None:
    qtbot.waitUntil(lambda: page.status.text().startswith(f"0 of {count} logs fully marked"), timeout=10_000)
    qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=10_000)


def wait_saved(qtbot, page: SamplePage) -> None:
    qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=10_000)
    qtbot.waitUntil(lambda: not any("Saving" in row.answer.text() for row in page.rows), timeout=10_000)


def draw_by_keys(qtbot, page: SamplePage, size: str, seed: str) -> None:
    """Ctrl+Shift+D to the draw row; Tab past From and To to Size and Seed; Enter draws."""
    press(qtbot, Qt.Key.Key_D, CTRL | SHIFT)
    assert focused() is page.from_date
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is page.to_date
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is page.size_box
    press(qtbot, Qt.Key.Key_A, CTRL)
    type_text(qtbot, size)
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is page.seed_box
    press(qtbot, Qt.Key.Key_A, CTRL)
    type_text(qtbot, seed)
    press(qtbot, Qt.Key.Key_Return)


def marks_stored(desk_store, page: SamplePage, position: int) -> dict[str, tuple[str, str]]:
    assert page.sample is not None
    stored = supervision.get_sample(desk_store, SAM, page.sample.id)
    return stored.items[position - 1].marks


# ------------------------------------------------------------------ drawing


def test_drawing_by_keys_gives_storages_own_draw_with_both_operators(qtbot, page, desk_store, logs):
    assert focused() is page.from_date  # the page opens at the draw row
    assert page.from_date.date().toPython() == START.date() and page.to_date.date().toPython() == NOW.date()
    assert page.size_box.value() == 20
    draw_by_keys(qtbot, page, "6", "4242")
    wait_drawn(qtbot, page, 6)

    drawn = shown_references(page)
    again = supervision.draw_sample(desk_store, SAM, START, END, 6, 4242, allow_overlap=True)  # same call, data
    assert drawn == [item.reference for item in again.items]
    assert {logs[reference][0] for reference in drawn} == {"ann", "bob"}  # stratified: both operators
    lines = [page.logs.item(row).text() for row in range(page.logs.count())]
    assert any(" · ann · " in line for line in lines) and any(" · bob · " in line for line in lines)
    assert "seed 4242" in page.status.text()
    # The sample is listed with its seed, so it can be drawn again; the cursor is on the checklist.
    qtbot.waitUntil(lambda: page.samples.count() == 1, timeout=5_000)
    assert "seed 4242" in page.samples.item(0).text()
    assert focused() is page.rows[0]


def test_the_seed_shown_draws_the_same_sample_again(qtbot, page, desk_store):
    seed = page.seed_box.value()  # the number on screen: written down, the draw can be repeated
    assert seed > 0
    press(qtbot, Qt.Key.Key_D, CTRL)  # Ctrl+D from the draw row, with what it shows
    wait_drawn(qtbot, page, 12)  # asked for 20 of 12 in the period: every one of them
    first = shown_references(page)
    again = supervision.draw_sample(desk_store, SAM, START, END, 20, seed, allow_overlap=True)
    assert again.items[0].reference == first[0]

    press(qtbot, Qt.Key.Key_D, CTRL | SHIFT)
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_A, CTRL)
    type_text(qtbot, "5")
    press(qtbot, Qt.Key.Key_Return)  # Enter in the size box draws: every log is sampled already
    wait_dialog(qtbot)
    press(qtbot, Qt.Key.Key_A, ALT)  # allowed again, on purpose
    wait_drawn(qtbot, page, 5)
    five = shown_references(page)
    assert five == [
        i.reference for i in supervision.draw_sample(desk_store, SAM, START, END, 5, seed, allow_overlap=True).items
    ]

    # Every sample drawn is listed (newest first) and opens from the list by keys.
    qtbot.waitUntil(lambda: page.samples.count() == 3, timeout=5_000)  # two here, one by storage above
    assert "logs already sampled allowed" in page.samples.item(0).text()
    press(qtbot, Qt.Key.Key_L, CTRL)
    assert focused() is page.samples
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: page.logs.count() == 12, timeout=5_000)
    assert shown_references(page) == first
    press(qtbot, Qt.Key.Key_Return)  # Enter on a sample: to its logs; on a log: to its checklist
    assert focused() is page.logs
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Return)
    assert focused() is page.rows[0]
    assert first[1] in page.log_title.text()


def test_a_period_with_no_logs_is_refused_in_words(qtbot, page):
    press(qtbot, Qt.Key.Key_D, CTRL | SHIFT)  # the cursor at From's year: the date is typed whole
    type_text(qtbot, "2020-01-01")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "2020-1-31")
    assert page.from_date.text() == "2020-01-01" and page.to_date.text() == "2020-01-31"
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.refusal.isVisible(), timeout=10_000)
    assert "no logs were taken between 2020-01-01 and 2020-01-31" in page.refusal.text()
    assert page.logs.count() == 0


# ------------------------------------------------------------------ marking


def hint_keys(page: SamplePage) -> str:
    """The hint the checklist shows: the test follows it key by key."""
    shown = page.mark_hint.text()
    assert shown == sampling.MARK_HINT
    assert shown.startswith("Y yes · A not applicable · N no, then type what was missing and press Enter")
    return shown


def test_marking_by_keys_exactly_as_the_hint_says(qtbot, page, desk_store):
    """Ctrl+6's page: draw, Ctrl+K, then the hint's keys: N, type what was missing, Enter."""
    press(qtbot, Qt.Key.Key_D, CTRL)
    wait_drawn(qtbot, page, 12)
    hint_keys(page)
    press(qtbot, Qt.Key.Key_K, CTRL)
    assert focused() is page.rows[0]
    press(qtbot, Qt.Key.Key_N)  # "N no,"
    assert focused() is page.note_edits[0] and page.note_edits[0].isVisible()
    assert "waiting for the note" in page.rows[0].answer.text()
    type_text(qtbot, "Nothing recorded about attendance")  # "then type what was missing"
    press(qtbot, Qt.Key.Key_Return)  # "and press Enter"
    wait_saved(qtbot, page)
    assert marks_stored(desk_store, page, 1) == {SAMPLE_CHECKS[0]: ("no", "Nothing recorded about attendance")}
    assert focused() is page.rows[1]  # on to the next check
    assert marks_stored(desk_store, page, 2) == {}  # no other log touched
    press(qtbot, Qt.Key.Key_Y)  # "Y yes"
    press(qtbot, Qt.Key.Key_A)  # "A not applicable"
    wait_saved(qtbot, page)
    assert marks_stored(desk_store, page, 1) == {
        SAMPLE_CHECKS[0]: ("no", "Nothing recorded about attendance"),
        SAMPLE_CHECKS[1]: ("yes", ""),
        SAMPLE_CHECKS[2]: ("na", ""),
    }
    assert focused() is page.rows[3]
    assert not page.note_edits[1].isVisible() and not page.note_edits[2].isVisible()
    assert not page.refusal.isVisible()
    assert page.logs.item(0).text().endswith("· 3/6 marked")  # the default pack asks for THRIVE
    assert "3 of 72 checks marked" in page.samples.item(0).text()  # the sample's line counts them too

    # "Up/Down between checks"; a mark made again replaces the one stored.
    press(qtbot, Qt.Key.Key_Up)
    press(qtbot, Qt.Key.Key_Up)
    assert focused() is page.rows[1]
    press(qtbot, Qt.Key.Key_N)
    type_text(qtbot, "Ring back asked for, none recorded")
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Down)
    assert focused() is page.rows[3]
    for key in (Qt.Key.Key_Y, Qt.Key.Key_A, Qt.Key.Key_Y):
        press(qtbot, key)
    wait_saved(qtbot, page)
    assert marks_stored(desk_store, page, 1) == {
        SAMPLE_CHECKS[0]: ("no", "Nothing recorded about attendance"),
        SAMPLE_CHECKS[1]: ("no", "Ring back asked for, none recorded"),
        SAMPLE_CHECKS[2]: ("na", ""),
        SAMPLE_CHECKS[3]: ("yes", ""),
        SAMPLE_CHECKS[4]: ("na", ""),
        SAMPLE_CHECKS[5]: ("yes", ""),
    }
    assert page.status.text().startswith("1 of 12 logs fully marked")

    # Ctrl+Down: the next log, the cursor on its first check.
    press(qtbot, Qt.Key.Key_Down, CTRL)
    assert page.logs.currentRow() == 1 and focused() is page.rows[0]
    press(qtbot, Qt.Key.Key_Y)
    wait_saved(qtbot, page)
    assert marks_stored(desk_store, page, 2) == {SAMPLE_CHECKS[0]: ("yes", "")}
    press(qtbot, Qt.Key.Key_Up, CTRL)
    assert page.logs.currentRow() == 0
    assert focused() is page.rows[0]  # all six marked: the checklist opens at its top


def test_the_slip_of_issue_22_saves_what_was_meant(qtbot, page, desk_store):
    """The sequence that slipped before (Ctrl+K, N, Tab, a note, Enter): Tab stays in the
    note, the note's letters answer nothing, and Enter saves the first check's "no"."""
    press(qtbot, Qt.Key.Key_D, CTRL)
    wait_drawn(qtbot, page, 12)
    press(qtbot, Qt.Key.Key_K, CTRL)
    press(qtbot, Qt.Key.Key_N)
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is page.note_edits[0]
    assert "Tab stays in the note" in page.refusal.text()
    type_text(qtbot, "Nothing recorded about attendance")
    press(qtbot, Qt.Key.Key_Return)
    wait_saved(qtbot, page)
    stored = supervision.get_sample(desk_store, SAM, page.sample.id)
    assert stored.items[0].marks == {SAMPLE_CHECKS[0]: ("no", "Nothing recorded about attendance")}
    assert all(not item.marks for item in stored.items[1:])
    assert not page.refusal.isVisible()


def test_a_letter_typed_on_a_check_answers_nothing(qtbot, page, desk_store):
    press(qtbot, Qt.Key.Key_D, CTRL)
    wait_drawn(qtbot, page, 12)
    press(qtbot, Qt.Key.Key_K, CTRL)
    type_text(qtbot, "gov")  # a note typed with the cursor on a check
    assert focused() is page.rows[0]
    assert "'v' does nothing on a check, and nothing was marked" in page.refusal.text()
    wait_saved(qtbot, page)
    assert marks_stored(desk_store, page, 1) == {}


def test_a_note_is_cleared_when_the_answer_no_longer_needs_it(qtbot, page, desk_store):
    press(qtbot, Qt.Key.Key_D, CTRL)
    wait_drawn(qtbot, page, 12)
    press(qtbot, Qt.Key.Key_K, CTRL)
    press(qtbot, Qt.Key.Key_N)
    type_text(qtbot, "Graded too low")
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Up)
    press(qtbot, Qt.Key.Key_A)  # re-marked not applicable: the note goes with the "no"
    wait_saved(qtbot, page)
    assert marks_stored(desk_store, page, 1) == {SAMPLE_CHECKS[0]: ("na", "")}
    assert not page.note_edits[0].isVisible() and page.note_edits[0].text() == ""
    press(qtbot, Qt.Key.Key_Up)
    press(qtbot, Qt.Key.Key_N)  # a new "no" starts from an empty note
    assert page.note_edits[0].text() == ""
    type_text(qtbot, "Graded too low again")
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Up)
    press(qtbot, Qt.Key.Key_Y)  # and yes clears it too
    wait_saved(qtbot, page)
    assert marks_stored(desk_store, page, 1) == {SAMPLE_CHECKS[0]: ("yes", "")}


def test_esc_in_the_note_cancels_the_no_and_enter_without_a_note_is_refused(qtbot, page, desk_store):
    press(qtbot, Qt.Key.Key_D, CTRL)
    wait_drawn(qtbot, page, 12)
    press(qtbot, Qt.Key.Key_K, CTRL)
    press(qtbot, Qt.Key.Key_N)
    press(qtbot, Qt.Key.Key_Return)  # no note: refused, the cursor stays
    assert "A 'no' needs a note" in page.refusal.text() and SAMPLE_CHECK_WORDS[SAMPLE_CHECKS[0]] in page.refusal.text()
    assert focused() is page.note_edits[0]
    type_text(qtbot, "half a tho")
    press(qtbot, Qt.Key.Key_Escape)
    assert focused() is page.rows[0] and not page.note_edits[0].isVisible()
    assert page.rows[0].answer.text() == "Not marked"
    wait_saved(qtbot, page)
    assert marks_stored(desk_store, page, 1) == {}


def test_a_note_typed_is_kept_while_moving_between_logs(qtbot, page, desk_store):
    press(qtbot, Qt.Key.Key_D, CTRL)
    wait_drawn(qtbot, page, 12)
    press(qtbot, Qt.Key.Key_N)  # the cursor is on check 1 after the draw
    assert focused() is page.note_edits[0]
    type_text(qtbot, "Response slow")
    press(qtbot, Qt.Key.Key_Down, CTRL)
    assert not page.note_edits[0].isVisible()  # the next log's check 1 has no "no"
    press(qtbot, Qt.Key.Key_Up, CTRL)
    assert page.note_edits[0].text() == "Response slow"  # nothing typed is lost
    assert "waiting for the note" in page.rows[0].answer.text()
    press(qtbot, Qt.Key.Key_K, CTRL)
    assert focused() is page.rows[0]
    press(qtbot, Qt.Key.Key_N)  # back in the note, as typed
    assert page.note_edits[0].text() == "Response slow"
    press(qtbot, Qt.Key.Key_Return)
    wait_saved(qtbot, page)
    assert marks_stored(desk_store, page, 1) == {SAMPLE_CHECKS[0]: ("no", "Response slow")}
    assert not page.refusal.isVisible()


def test_a_mark_storage_refuses_is_said_in_words_and_the_note_is_kept(qtbot, page, desk_store):
    press(qtbot, Qt.Key.Key_D, CTRL)
    wait_drawn(qtbot, page, 12)
    press(qtbot, Qt.Key.Key_N)
    assert focused() is page.note_edits[0]
    too_long = "The response was slow. " * 100  # 2,300 characters: storage takes 2,000 at most
    QApplication.clipboard().setText(too_long)
    press(qtbot, Qt.Key.Key_V, CTRL)  # pasted, as a long note would be
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.refusal.isVisible(), timeout=10_000)
    wait_saved(qtbot, page)
    assert "Not saved: note: at most 2000 characters" in page.refusal.text()
    assert focused() is page.note_edits[0]  # back to the note, every word of it still there
    assert page.note_edits[0].text() == too_long
    assert "waiting for the note" in page.rows[0].answer.text()
    assert marks_stored(desk_store, page, 1) == {}
    press(qtbot, Qt.Key.Key_A, CTRL)
    type_text(qtbot, "Slow")
    press(qtbot, Qt.Key.Key_Return)  # the "no" still waiting: saved with the shorter note
    wait_saved(qtbot, page)
    assert marks_stored(desk_store, page, 1) == {SAMPLE_CHECKS[0]: ("no", "Slow")}
    assert not page.refusal.isVisible()


# ------------------------------------------------------------------ a period sampled before


def test_a_period_already_sampled_is_asked_about_before_drawing(qtbot, page, desk_store):
    draw_by_keys(qtbot, page, "5", "11")
    wait_drawn(qtbot, page, 5)
    five = set(shown_references(page))
    press(qtbot, Qt.Key.Key_D, CTRL | SHIFT)
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_A, CTRL)
    type_text(qtbot, "20")
    press(qtbot, Qt.Key.Key_Return)
    box = wait_dialog(qtbot)
    assert "5 of the 12 logs taken from" in box.text()
    period = f"{local_day(START.date())} to {local_day(NOW.date())}"  # as a person reads a day: "25 Oct 2026"
    assert box.text() == (
        f"5 of the 12 logs taken from {period} are already in an overlapping sample: "
        f"sample 1 ({period}, drawn by sam) holds 5."
    )
    assert "Enter draws from the 7 not yet sampled" in box.informativeText()
    press(qtbot, Qt.Key.Key_Escape)  # Esc: nothing drawn
    wait_dialog_closed(qtbot, page)
    assert page.status.text() == "Not drawn: nothing was changed"
    assert focused() is page.from_date
    assert len(supervision.list_samples(desk_store, SAM)) == 1
    press(qtbot, Qt.Key.Key_D, CTRL)
    wait_dialog(qtbot)
    press(qtbot, Qt.Key.Key_Return)  # Enter: the seven not yet sampled
    wait_drawn(qtbot, page, 7)
    assert not set(shown_references(page)) & five
    assert "5 logs already sampled left out" in page.status.text()
    qtbot.waitUntil(lambda: "5 already sampled left out" in page.samples.item(0).text(), timeout=5_000)
    stored = supervision.get_sample(desk_store, SAM, page.sample.id)
    assert (stored.overlap_allowed, stored.left_out) == (False, 5)
    # Every log sampled now: Enter has nothing to leave out, Alt+A allows them (recorded).
    press(qtbot, Qt.Key.Key_D, CTRL)
    box = wait_dialog(qtbot)
    assert "Every log of the period is already sampled" in box.informativeText()
    press(qtbot, Qt.Key.Key_A, ALT)
    wait_drawn(qtbot, page, 12)
    assert supervision.get_sample(desk_store, SAM, page.sample.id).overlap_allowed is True
    assert "also in sample" in page.log_title.text()


# ------------------------------------------------------------------ hints from the records


def test_hints_from_the_record_sit_beside_the_checks(qtbot, page, logs):
    press(qtbot, Qt.Key.Key_D, CTRL)
    wait_drawn(qtbot, page, 12)
    seen = {}
    for _ in range(page.logs.count()):
        reference = REFERENCE.search(page.log_title.text()).group(0)
        seen[reference] = [row.hint.text() for row in page.rows]
        press(qtbot, Qt.Key.Key_Down, CTRL)
    for reference, (_operator, answers) in logs.items():
        if reference not in seen:
            continue  # the log from before the period
        hints = seen[reference]
        crime = "A crime-recording prompt fired on this call"
        assert (hints[3] == crime) is bool(answers.get("hate")), (reference, hints)
        assert hints[1].startswith("The caller asked for a ring back") is bool(answers.get("further_contact"))
        if answers.get("further_contact"):
            assert hints[1].endswith("not allocated yet (it waits in the re-contacts queue)")
        assert ("an occurrence is required" in hints[2]) is bool(answers.get("weapons")), hints
        if answers.get("weapons"):
            assert hints[2] == "RED: an occurrence is required; none recorded yet (it waits in the occurrences queue)"
        assert (
            hints[5] == "THRIVE absent: nothing written under any of the 6 headings (the default pack asks for THRIVE)"
        )


def test_hints_say_what_was_recorded_and_thrive_is_checked_where_the_pack_asks(qtbot, page_for, desk_store):
    """An occurrence recorded, a ring back reached, THRIVE written in part: the hints say so;
    a log taken on a pack that does not ask for THRIVE has five checks."""
    person = desk_store.add_person(
        ANN, NewPerson("Ben", "Holroyd", ("0113 496 0777",), (AddressInput("33 Canal Wharf", "LS11 5PS", "Leeds"),))
    )
    where = {"person_id": person.id, "location_id": person.locations[0].id}
    red = desk_store.save_contact(
        ANN,
        contact(
            NOW - timedelta(days=2),
            answers={"weapons": True, "further_contact": True, "contact_method": "ring_back"},
            rationale={"threat": "a knife was seen", "harm": "fear"},
            **where,
        ),
    ).reference
    other = desk_store.save_contact(
        ANN, contact(NOW - timedelta(days=3), code="personal", pack="cambridgeshire", **where)
    ).reference
    work = {(i.kind, i.contact_reference): i.id for i in supervision.review_items(desk_store, SAM)}
    supervision.record_occurrence(desk_store, SAM, work["occurrence", red], "PSO-26-004417")
    supervision.allocate_recontact(desk_store, SAM, work["recontact", red], "PCSO 4471 Dar")
    supervision.record_recontact(desk_store, SAM, work["recontact", red], "reached")
    page = page_for(SAM)
    press(qtbot, Qt.Key.Key_D, CTRL)
    wait_drawn(qtbot, page, 2)
    rows = {REFERENCE.search(page.logs.item(n).text()).group(0): n for n in range(page.logs.count())}

    def open_log(reference: str) -> None:
        press(qtbot, Qt.Key.Key_G, CTRL)  # the sampled logs, Up/Down opens one
        while page.logs.currentRow() != rows[reference]:
            press(qtbot, Qt.Key.Key_Down if page.logs.currentRow() < rows[reference] else Qt.Key.Key_Up)
        assert reference in page.log_title.text()

    open_log(red)
    hints = {row.check: row.hint.text() for row in page.rows if row.isVisible()}
    assert hints["occurrence_created"].startswith("RED: occurrence PSO-26-004417 recorded by sam on 23 Nov 2026")
    assert hints["recontact_completed"].startswith("The caller asked for a ring back: reached (recorded by sam on")
    assert hints["thrive_recorded"] == (
        "THRIVE written under 2 of 6 headings (threat, harm); missing: risk, investigation, vulnerability, "
        "engagement (the default pack asks for THRIVE)"
    )
    assert page.rows[5].accessibleName().startswith("Check 6 of 6: The THRIVE rationale was recorded")
    open_log(other)
    assert not page.rows[5].isVisible()  # cambridgeshire (seed 003) does not ask for THRIVE
    assert page.rows[4].accessibleName().startswith("Check 5 of 5")
    press(qtbot, Qt.Key.Key_K, CTRL)
    for _ in range(5):
        press(qtbot, Qt.Key.Key_Y)
    qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=10_000)
    assert page.logs.item(rows[other]).text().endswith("· 5/5 marked")
    assert focused() is page.rows[4]  # the last check that applies: Down goes no further


def test_each_check_is_named_for_assistive_technology(qtbot, page):
    press(qtbot, Qt.Key.Key_D, CTRL)
    wait_drawn(qtbot, page, 12)
    for n, (row, note, check) in enumerate(zip(page.rows, page.note_edits, SAMPLE_CHECKS, strict=True), 1):
        assert row.accessibleName() == f"Check {n} of 6: {SAMPLE_CHECK_WORDS[check]}"
        assert "Not marked" in row.accessibleDescription()
        assert row.accessibleDescription().endswith(f"{sampling.MARK_HINT}.")  # the keys, read out
        assert SAMPLE_CHECK_WORDS[check] in note.accessibleName()
        assert note.accessibleDescription() == sampling.NOTE_HINT
    press(qtbot, Qt.Key.Key_Y)
    wait_saved(qtbot, page)
    assert page.rows[0].accessibleDescription().startswith("✔ Yes (saved)")


# ------------------------------------------------------------------ the log


def test_the_log_shown_is_the_stored_log_and_cannot_be_changed(qtbot, page, desk_store):
    press(qtbot, Qt.Key.Key_D, CTRL)
    wait_drawn(qtbot, page, 12)
    reference = shown_references(page)[0]
    stored = desk_store.contact_log(SAM, reference).log_text
    qtbot.waitUntil(lambda: page.log.toPlainText() == stored, timeout=10_000)
    assert isinstance(page.log, QPlainTextEdit) and page.log.isReadOnly()
    press(qtbot, Qt.Key.Key_R, CTRL)
    assert focused() is page.log
    type_text(qtbot, "tampered")
    press(qtbot, Qt.Key.Key_Backspace)
    press(qtbot, Qt.Key.Key_Delete)
    press(qtbot, Qt.Key.Key_V, CTRL)
    assert page.log.toPlainText() == stored
    # The log follows the list: Ctrl+Down from the log too.
    press(qtbot, Qt.Key.Key_Down, CTRL)
    second = shown_references(page)[1]
    qtbot.waitUntil(lambda: page.log.toPlainText() == desk_store.contact_log(SAM, second).log_text, timeout=10_000)
    assert second in page.log_title.text()


# ------------------------------------------------------------------ refusals


def test_a_call_handler_is_refused_in_words(qtbot, page_for, logs, desk_store):
    page = page_for(ANN)
    qtbot.waitUntil(lambda: page.refusal.isVisible(), timeout=10_000)
    assert "'ann' (call handler) may not do a supervisor's work" in page.refusal.text()
    press(qtbot, Qt.Key.Key_D, CTRL)
    qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=10_000)
    assert "may not do a supervisor's work" in page.refusal.text()
    assert page.logs.count() == 0
    assert supervision.list_samples(desk_store, SAM) == []  # nothing was drawn


# ------------------------------------------------------------------ the keys


def test_every_command_is_an_action_with_its_own_shortcut(page):
    keys = [action.shortcut().toString() for action in page.actions()]
    assert all(keys) and len(keys) == len(set(keys)), keys
    forbidden = {f"Ctrl+{n}" for n in range(1, 10)} | {"F5", "Ctrl+Shift+C", "Ctrl+Shift+P", "Ctrl+Shift+H"}
    assert not set(keys) & forbidden
    doc = sampling.__doc__ or ""
    for key in keys:
        assert key in doc, f"{key} is not in the module's list of keys"
    assert QKeySequence("Ctrl+D").toString() in keys
