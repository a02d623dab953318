"""The supervisor's dip-sampling page (issue 10.2), driven as a supervisor drives it: real key
events to whatever has the focus. The sample drawn is the one storage draws with the same
seed, both operators are in it, marks made by keys are the marks stored, a "no" needs a note,
the log is the stored one and cannot be changed, and a call handler is refused in words."""

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
from asbdesk.storage import supervision
from asbdesk.storage.records import Actor, AddressInput, NewPerson
from tests.gui.keys import CTRL, SHIFT, focused, press, type_text
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
    again = supervision.draw_sample(desk_store, SAM, START, END, 6, 4242)  # the same call, same data
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
    assert supervision.draw_sample(desk_store, SAM, START, END, 20, seed).items[0].reference == first[0]

    press(qtbot, Qt.Key.Key_D, CTRL | SHIFT)
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_A, CTRL)
    type_text(qtbot, "5")
    press(qtbot, Qt.Key.Key_Return)  # Enter in the size box draws
    wait_drawn(qtbot, page, 5)
    five = shown_references(page)
    assert five == [i.reference for i in supervision.draw_sample(desk_store, SAM, START, END, 5, seed).items]

    # Every sample drawn is listed (newest first) and opens from the list by keys.
    qtbot.waitUntil(lambda: page.samples.count() == 3, timeout=5_000)  # two here, one by storage above
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


def test_marks_made_by_keys_are_stored_and_a_no_needs_a_note(qtbot, page, desk_store):
    press(qtbot, Qt.Key.Key_D, CTRL)
    wait_drawn(qtbot, page, 12)
    assert focused() is page.rows[0]

    press(qtbot, Qt.Key.Key_Y)  # check 1: yes, and on to check 2
    assert focused() is page.rows[1]
    press(qtbot, Qt.Key.Key_A)  # check 2: not applicable
    assert focused() is page.rows[2]
    press(qtbot, Qt.Key.Key_N)  # check 3: no, without a note: refused, the cursor in the note
    assert page.refusal.isVisible()
    assert "needs a note" in page.refusal.text() and SAMPLE_CHECK_WORDS[SAMPLE_CHECKS[2]] in page.refusal.text()
    assert focused() is page.note_edits[2]
    wait_saved(qtbot, page)
    assert marks_stored(desk_store, page, 1) == {SAMPLE_CHECKS[0]: ("yes", ""), SAMPLE_CHECKS[1]: ("na", "")}

    type_text(qtbot, "No occurrence on the log")
    press(qtbot, Qt.Key.Key_Return)  # Enter saves the "no" with its note
    assert focused() is page.rows[3]
    wait_saved(qtbot, page)
    assert not page.refusal.isVisible()
    assert marks_stored(desk_store, page, 1) == {
        SAMPLE_CHECKS[0]: ("yes", ""),
        SAMPLE_CHECKS[1]: ("na", ""),
        SAMPLE_CHECKS[2]: ("no", "No occurrence on the log"),
    }
    assert page.logs.item(0).text().endswith("· 3/5 marked")
    assert "3 of 60 checks marked" in page.samples.item(0).text()  # the sample's line counts them too

    # Up goes back a check; a mark made again replaces the one stored.
    press(qtbot, Qt.Key.Key_Up)
    press(qtbot, Qt.Key.Key_Up)
    assert focused() is page.rows[1]
    press(qtbot, Qt.Key.Key_Y)
    press(qtbot, Qt.Key.Key_Down)
    assert focused() is page.rows[3]
    press(qtbot, Qt.Key.Key_Y)
    press(qtbot, Qt.Key.Key_A)
    wait_saved(qtbot, page)
    assert marks_stored(desk_store, page, 1) == {
        SAMPLE_CHECKS[0]: ("yes", ""),
        SAMPLE_CHECKS[1]: ("yes", ""),
        SAMPLE_CHECKS[2]: ("no", "No occurrence on the log"),
        SAMPLE_CHECKS[3]: ("yes", ""),
        SAMPLE_CHECKS[4]: ("na", ""),
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
    assert focused() is page.rows[0]  # all five marked: the checklist opens at its top


def test_a_note_typed_is_kept_while_moving_between_logs(qtbot, page, desk_store):
    press(qtbot, Qt.Key.Key_D, CTRL)
    wait_drawn(qtbot, page, 12)
    press(qtbot, Qt.Key.Key_Tab)  # from check 1 to its note
    assert focused() is page.note_edits[0]
    type_text(qtbot, "Response slow")
    press(qtbot, Qt.Key.Key_Down, CTRL)
    assert page.note_edits[0].text() == ""  # the next log's own note
    press(qtbot, Qt.Key.Key_Up, CTRL)
    assert page.note_edits[0].text() == "Response slow"  # nothing typed is lost
    press(qtbot, Qt.Key.Key_K, CTRL)
    assert focused() is page.rows[0]
    press(qtbot, Qt.Key.Key_N)  # the note is there: the "no" is saved with it at once
    wait_saved(qtbot, page)
    assert marks_stored(desk_store, page, 1) == {SAMPLE_CHECKS[0]: ("no", "Response slow")}
    assert not page.refusal.isVisible()


def test_a_mark_storage_refuses_is_said_in_words_and_the_note_is_kept(qtbot, page, desk_store):
    press(qtbot, Qt.Key.Key_D, CTRL)
    wait_drawn(qtbot, page, 12)
    press(qtbot, Qt.Key.Key_E, CTRL)  # to the note on the check the cursor was on
    assert focused() is page.note_edits[0]
    too_long = "The response was slow. " * 100  # 2,300 characters: storage takes 2,000 at most
    QApplication.clipboard().setText(too_long)
    press(qtbot, Qt.Key.Key_V, CTRL)  # pasted, as a long note would be
    press(qtbot, Qt.Key.Key_Tab, SHIFT)
    assert focused() is page.rows[0]
    press(qtbot, Qt.Key.Key_N)
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


def test_hints_from_the_record_sit_beside_the_checks(qtbot, page, logs):
    press(qtbot, Qt.Key.Key_D, CTRL)
    wait_drawn(qtbot, page, 12)
    seen = {}
    for _ in range(page.logs.count()):
        reference = REFERENCE.search(page.log_title.text()).group(0)
        seen[reference] = [row.hint.text() for row in page.rows]
        press(qtbot, Qt.Key.Key_Down, CTRL)
    for reference, (_operator, answers) in logs.items():
        hints = seen[reference]
        crime = "A crime-recording prompt fired on this call"
        assert (hints[3] == crime) is bool(answers.get("hate")), (reference, hints)
        assert (hints[1] == "The caller asked for further contact") is bool(answers.get("further_contact"))
        assert ("an occurrence is required" in hints[2]) is bool(answers.get("weapons")), hints
        if answers.get("weapons"):
            assert hints[2].startswith("RED")


def test_each_check_is_named_for_assistive_technology(qtbot, page):
    press(qtbot, Qt.Key.Key_D, CTRL)
    wait_drawn(qtbot, page, 12)
    for n, (row, note, check) in enumerate(zip(page.rows, page.note_edits, SAMPLE_CHECKS, strict=True), 1):
        assert row.accessibleName() == f"Check {n} of 5: {SAMPLE_CHECK_WORDS[check]}"
        assert "Not marked" in row.accessibleDescription()
        assert SAMPLE_CHECK_WORDS[check] in note.accessibleName()
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
