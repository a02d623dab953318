"""Words and layout on a long shift (issue 23.4), by real keys to the focused widget: dates
as "7 Dec 2026 03:03" in local time, phones in the national format, grades in the pack's
words, the history's cells whole, four pinned prompts and the live assessment each with
room to read, and a long message shown whole (OFFLINE and the queued log's title: see
test_desk_offline.py, which takes the database away)."""

from __future__ import annotations

import html
import re
import time
from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import QLocale, QRect, Qt
from PySide6.QtWidgets import QApplication

from asbdesk.gui.words import local_day, local_text, phone_text
from tests.gui.keys import CTRL, find_caller, pick_code, press, type_text, wait_dialog, wait_dialog_closed
from tests.gui.test_desk_log import HIGH_VULNERABLE, answer_until


@pytest.fixture
def london(monkeypatch):
    """The desk's machine in the UK: GMT in winter, BST in summer."""
    monkeypatch.setenv("TZ", "Europe/London")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_a_stored_time_reads_day_month_year_and_local_time(london):
    assert local_text(datetime(2026, 12, 7, 3, 3, tzinfo=UTC)) == "7 Dec 2026 03:03"  # GMT: as stored
    assert local_text(datetime(2026, 7, 7, 23, 30, tzinfo=UTC)) == "8 Jul 2026 00:30"  # BST: the next day
    assert local_text(datetime(2026, 12, 7, 3, 3)) == "7 Dec 2026 03:03"  # no zone: a stored (UTC) time
    assert local_day(date(2027, 1, 31)) == "31 Jan 2027"
    assert [local_day(date(2026, m, 1)).split()[1] for m in range(1, 13)] == [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]  # fmt: skip


def test_the_machines_locale_never_makes_the_month_a_number(london, qapp):
    """A locale whose short form is numeric, or another language: the month is the desk's word."""
    before = QLocale()
    try:
        for name in ("cy_GB", "de_DE", "ja_JP", "C"):
            QLocale.setDefault(QLocale(name))
            assert local_text(datetime(2026, 12, 7, 3, 3, tzinfo=UTC)) == "7 Dec 2026 03:03", name
    finally:
        QLocale.setDefault(before)


def test_phone_numbers_read_in_the_national_format():
    assert phone_text("+441134960636") == "0113 496 0636"
    assert phone_text("+33123456789") == "+33 1 23 45 67 89"  # abroad: as dialled from here
    assert phone_text("not a number") == "not a number"  # shown as stored, never a traceback


def test_the_caller_picker_and_flag_request_show_the_number_as_dialled(qtbot, desk, flagged_caller):
    press(qtbot, Qt.Key.Key_N, CTRL)
    type_text(qtbot, "garside")
    qtbot.waitUntil(lambda: desk.results.count() == 1, timeout=10_000)
    assert desk.results.item(0).text() == "Elsie Garside, 0113 496 0123, 4 Canal Row, LS1 4AP"
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: desk.session.caller.known, timeout=10_000)
    assert "0113 496 0123" in desk.caller_line.text() and "+44" not in desk.caller_line.text()
    press(qtbot, Qt.Key.Key_F, CTRL)  # request a flag: its subjects name the number the same way
    dialog = wait_dialog(qtbot)
    subjects = [dialog.subject.itemText(i) for i in range(dialog.subject.count())]
    assert "the phone number 0113 496 0123" in subjects and not any("+44" in s for s in subjects)
    press(qtbot, Qt.Key.Key_Escape)
    wait_dialog_closed(qtbot, desk)


def cell_is_whole(view, row: int, column: int) -> str | None:
    """Why the cell's text is not shown whole at its column's width and row's height (None: it is)."""
    text = str(view.model().data(view.model().index(row, column)))
    metrics, margin = view.fontMetrics(), view.text_margin()
    room = view.columnWidth(column) - 2 * margin
    widest = max(metrics.horizontalAdvance(word) for word in re.split(r"[\s\u200b]+", text) if word)
    if widest > room:
        return f"{text!r}: a word {widest}px in {room}px"
    needed = metrics.boundingRect(QRect(0, 0, room, 10_000), Qt.TextFlag.TextWordWrap, text).height()
    if needed > view.rowHeight(row):
        return f"{text!r}: {needed}px of lines in a {view.rowHeight(row)}px row"
    return None


@pytest.mark.parametrize("width", [1360, 1000])
def test_the_history_says_risk_and_grade_in_words_and_cuts_no_cell(qtbot, desk, flagged_caller, width, london):
    desk.resize(width, 820)
    find_caller(qtbot, desk, "garside")
    view, model = desk.history_views[0], desk.person_history
    qtbot.waitUntil(lambda: model.rowCount() == 2, timeout=5_000)
    QApplication.processEvents()
    rows = [[model.data(model.index(r, c)) for c in range(model.columnCount())] for r in range(model.rowCount())]
    grades = {row[2] for row in rows}
    assert grades == {"No police attendance required"}  # the pack's words, not "no_attendance"
    assert {row[1] for row in rows} == {"Standard risk"}
    # A reference may break after its hyphens on screen; read out and in its tooltip it is whole.
    for role in (Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole):
        assert re.fullmatch(r"ASB-\d{4}-\d{6}", model.data(model.index(0, 3), role))
    assert all(re.fullmatch(r"\d{1,2} [A-Z][a-z]{2} \d{4} \d\d:\d\d", row[0]) for row in rows), rows
    # Every cell whole: wide enough for its longest word, tall enough for its lines; the
    # category (one word) on one line, at least as wide as its longest text.
    cut = [why for r in range(model.rowCount()) for c in range(6) if (why := cell_is_whole(view, r, c))]
    assert cut == []
    metrics = view.fontMetrics()
    longest = max(metrics.horizontalAdvance(row[5]) for row in rows)
    assert view.columnWidth(5) >= longest + 2 * view.text_margin()
    if width == 1360:  # at the desk's own size all six columns fit the pane: nothing off to the side
        assert view.horizontalScrollBar().maximum() == 0
        assert sum(view.columnWidth(c) for c in range(6)) <= view.viewport().width()


def test_four_pinned_prompts_and_the_assessment_each_keep_room_to_read(qtbot, desk):
    """An emergency, then safeguarding, then two referrals held back for want of consent:
    four prompts pinned by keys on one call. Each part keeps its minimum, the prompts scroll
    in their own box with every word of each, the newest on top, and Ctrl+K takes the top one."""
    pick_code(qtbot, desk, "802")
    answer_until(qtbot, desk, {**HIGH_VULNERABLE, "immediate_danger": True}, "consent")
    press(qtbot, Qt.Key.Key_N)  # no consent: both sharing referrals pinned as CONSENT
    pinned = desk.session.pinned_prompts()
    assert sorted(p.kind for p in pinned) == ["consent", "consent", "emergency", "safeguarding"]
    QApplication.processEvents()
    box, label, panel = desk.pinned_box, desk.pinned, desk.panel
    lines = label.fontMetrics().lineSpacing()
    assert box.isVisible() and panel.isVisible()
    assert box.minimumHeight() >= 8 * lines and box.height() >= box.minimumHeight()
    assert panel.minimumHeight() >= 12 * panel.fontMetrics().lineSpacing()
    assert panel.height() >= panel.minimumHeight()
    # The scroll area holds the whole text of every prompt: nothing cut mid-sentence.
    assert box.widget() is label and label.height() >= label.heightForWidth(label.width())
    shown = label.text()
    for prompt in pinned:
        assert html.escape(prompt.text) in shown, prompt.kind
    bar = box.verticalScrollBar()
    assert bar.value() == 0  # the newest in view
    header = box.header.text()
    assert box.header.isVisible() and header.startswith("4 prompt(s) pinned, the newest first")
    assert ("more below" in header) == (bar.maximum() > 0)  # says when there is more to scroll to
    # Newest first: the CONSENT prompts (the last raised), then SAFEGUARDING, then EMERGENCY.
    order = [shown.index(word) for word in ("CONSENT", "SAFEGUARDING", "EMERGENCY")]
    assert order == sorted(order)
    press(qtbot, Qt.Key.Key_K, CTRL)  # the top prompt to acknowledge: SAFEGUARDING, above EMERGENCY
    assert desk.announcements[-1] == "Acknowledged: SAFEGUARDING"
    press(qtbot, Qt.Key.Key_K, CTRL)
    assert desk.announcements[-1] == "Acknowledged: EMERGENCY"
    # The box scrolls by keys once Tab reaches it.
    if bar.maximum() > 0:
        box.setFocus()  # as Tab from the Finish button brings it
        press(qtbot, Qt.Key.Key_PageDown)
        assert bar.value() > 0


def test_the_prompts_box_is_reached_by_tab_and_named_by_its_words(qtbot, desk):
    pick_code(qtbot, desk, "802")
    press(qtbot, Qt.Key.Key_Y)  # immediate danger: EMERGENCY pinned
    qtbot.waitUntil(desk.pinned_box.isVisible, timeout=5_000)
    for _ in range(10):
        press(qtbot, Qt.Key.Key_Tab)
        if QApplication.focusWidget() is desk.pinned_box:
            break
    assert QApplication.focusWidget() is desk.pinned_box
    assert desk.pinned_box.accessibleName().startswith("Prompts to acknowledge: EMERGENCY: ")


def test_a_long_message_is_shown_whole_and_said(qtbot, desk):
    desk.resize(1000, 820)  # a narrow middle column: the words wrap, none is cut
    pick_code(qtbot, desk, "802")
    press(qtbot, Qt.Key.Key_O, CTRL)  # override: the desk then says where it goes
    wait_dialog(qtbot)
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Up)
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "Caller says the man has left the street")
    press(qtbot, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    wait_dialog_closed(qtbot, desk)
    said = "Override recorded: it goes to a supervisor for review."
    line = desk.message_line
    QApplication.processEvents()
    assert line.isVisible() and line.text() == said and said in desk.announcements
    assert line.wordWrap() and line.height() >= line.heightForWidth(line.width())
    needed = line.fontMetrics().horizontalAdvance(said)
    assert needed > line.contentsRect().width()  # long for the line: it wraps rather than elides
    assert desk.statusBar().currentMessage() == ""  # never the status bar, which cut it short
