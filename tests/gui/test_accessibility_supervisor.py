"""The supervisor's window, its dip sample and reports pages as a screen reader reads them
(issue 23.1, 23.2): real keys to the focused widget, then what Qt hands assistive technology
(QAccessible.queryAccessibleInterface: the name) and what the window announced (its
``announcements``, kept beside each QAccessibleAnnouncementEvent sent)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from asbdesk.core.vocabulary import SAMPLE_CHECK_WORDS, SAMPLE_CHECKS
from asbdesk.gui.sampling import SamplePage
from asbdesk.gui.supervisor import supervisor_window
from asbdesk.storage.records import FlagRequest
from tests.gui.keys import CTRL, focused, press, type_text, wait_dialog, wait_dialog_closed
from tests.storage.conftest import ANN, NOW, SAM
from tests.storage.helpers import contact

NAME = QAccessible.Text.Name
PAGE_KEYS = [getattr(Qt.Key, f"Key_{n}") for n in range(1, 9)]  # Ctrl+1 … Ctrl+8: every tab


def name_of(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    assert interface is not None and interface.isValid(), widget
    return interface.text(NAME)


def unnamed_focusable(window: QWidget) -> list[str]:
    """Every widget of ``window`` that Tab can reach (shown or not: every page) without a name."""
    return [
        f"{type(w).__name__} {w.objectName()!r} in {type(w.parentWidget()).__name__}"
        for w in (window, *window.findChildren(QWidget))
        if w.focusPolicy() & Qt.FocusPolicy.TabFocus and not isinstance(w, QLabel) and not name_of(w).strip()
    ]


def tab_through(qtbot, window: QWidget, presses: int = 30) -> dict[str, str]:
    """Tab through the focus chain from where the keyboard is: each widget met and its name."""
    met = {}
    for _ in range(presses):
        widget = focused()
        met[f"{type(widget).__name__} {widget.objectName()!r} {id(widget)}"] = name_of(widget)
        press(qtbot, Qt.Key.Key_Tab)
    return met


@pytest.fixture
def requested(desk_store, elsie):
    saved = desk_store.save_contact(
        ANN, contact(NOW - timedelta(days=1), person_id=elsie.id, location_id=elsie.locations[0].id)
    )
    return desk_store.request_flag(
        ANN,
        FlagRequest(
            "vulnerable_victim", negate_risk="Lives alone", person_id=elsie.id, linked_references=saved.reference
        ),
    )


@pytest.fixture
def window(qtbot, desk_store, requested):
    """The supervisor's window as the desk opens it: queues, dip sample, reports, active flags."""
    made = supervisor_window(desk_store, SAM, clock=lambda: NOW)
    qtbot.addWidget(made)
    made.show()
    qtbot.waitExposed(made)
    made.activateWindow()
    qtbot.waitUntil(lambda: made.isActiveWindow(), timeout=5_000)
    qtbot.waitUntil(made.idle, timeout=10_000)
    yield made
    qtbot.waitUntil(made.idle, timeout=10_000)


def test_every_focusable_widget_of_every_page_has_a_name(qtbot, window):
    assert unnamed_focusable(window) == []
    for key in PAGE_KEYS:  # each page by its key, then Tab round what it offers
        press(qtbot, key, CTRL)
        qtbot.waitUntil(window.idle, timeout=10_000)
        met = tab_through(qtbot, window, presses=12)
        assert all(name.strip() for name in met.values()), met
    assert unnamed_focusable(window) == []  # what the pages made as they were shown


def test_the_counts_label_says_its_counts(qtbot, window):
    label = window.counts_label
    qtbot.waitUntil(lambda: window.counts is not None, timeout=10_000)
    assert "Flag requests 1" in label.text()
    assert name_of(label) == f"Items waiting in each queue: {label.text()}"


def test_a_decision_is_announced_with_where_the_cursor_is_now(qtbot, window, desk_store, requested):
    press(qtbot, Qt.Key.Key_1, CTRL)
    qtbot.waitUntil(window.idle, timeout=10_000)
    press(qtbot, Qt.Key.Key_U, CTRL)
    wait_dialog(qtbot)
    type_text(qtbot, "Lives alone; cannot hear callers at the door")
    press(qtbot, Qt.Key.Key_Return, CTRL)
    wait_dialog_closed(qtbot, window)
    qtbot.waitUntil(window.idle, timeout=10_000)
    said = window.announcements[-1]
    assert said.startswith(f"Flag {requested.id} authorised") and "Now on: nothing: Flag requests is empty." in said
    assert said == window.notice.text() == window.statusBar().currentMessage()
    assert name_of(window.notice) == f"Just done: {said}"


def test_a_refusal_in_a_decision_dialog_is_exposed_and_announced_each_time(qtbot, window):
    press(qtbot, Qt.Key.Key_1, CTRL)
    qtbot.waitUntil(window.idle, timeout=10_000)
    press(qtbot, Qt.Key.Key_R, CTRL)
    dialog = wait_dialog(qtbot)
    assert unnamed_focusable(dialog) == []
    refusal = "reason: write why the flag is refused (the requester is shown it)"
    for times in (1, 2):  # nothing written, twice
        press(qtbot, Qt.Key.Key_Return, CTRL)
        qtbot.waitUntil(window.idle, timeout=10_000)
        assert QApplication.activeModalWidget() is dialog
        assert name_of(dialog.problem) == f"Problem: {refusal}"
        assert list(dialog.announcements) == [refusal] * times
        assert window.announcements[-1] == refusal
    press(qtbot, Qt.Key.Key_Escape)
    wait_dialog_closed(qtbot, window)


def test_the_sample_status_refusal_and_mark_hint_say_their_text(qtbot, window):
    press(qtbot, Qt.Key.Key_6, CTRL)
    page = window.tabs.currentWidget()
    assert isinstance(page, SamplePage)
    assert name_of(page.status) == f"Sample status: {page.status.text()}"
    assert page.status.text() and name_of(page.mark_hint).endswith(page.mark_hint.text())
    press(qtbot, Qt.Key.Key_K, CTRL)  # the checklist, with no log open
    press(qtbot, Qt.Key.Key_Y)
    refusal = page.refusal.text()
    assert refusal.startswith("No log open")
    assert name_of(page.refusal) == f"Refused: {refusal}"
    assert page.announcements[-1] == refusal


def test_a_mark_saved_is_announced_with_the_next_check_and_its_hint(qtbot, desk_store, elsie):
    for days in (1, 2, 3):
        desk_store.save_contact(
            ANN, contact(NOW - timedelta(days=days), person_id=elsie.id, location_id=elsie.locations[0].id)
        )
    page = SamplePage(desk_store, SAM, clock=lambda: NOW)
    qtbot.addWidget(page)
    page.resize(1360, 820)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(lambda: page.isActiveWindow(), timeout=5_000)
    from asbdesk.gui import tasks

    qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=10_000)
    press(qtbot, Qt.Key.Key_D, CTRL)  # draw with the defaults
    qtbot.waitUntil(lambda: page.current_item() is not None, timeout=10_000)
    press(qtbot, Qt.Key.Key_K, CTRL)
    first = SAMPLE_CHECKS.index(page.current_item().checks[0])
    press(qtbot, Qt.Key.Key_Y)
    qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=10_000)
    said = page.announcements[-1]
    assert said.startswith(f"Check {first + 1} saved: Yes. Now on Check {first + 2} of ")
    following = SAMPLE_CHECK_WORDS[SAMPLE_CHECKS[first + 1]]
    assert following in said
    hint = page.rows[first + 1].hint.text()
    assert (f"Hint: {hint}" in said) is bool(hint)


def test_the_reports_status_says_its_text_and_a_run_is_announced(qtbot, window):
    press(qtbot, Qt.Key.Key_7, CTRL)
    page = window.tabs.currentWidget()
    assert name_of(page.status) == f"Reports status: {page.status.text()}"
    press(qtbot, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: bool(page.announcements), timeout=10_000)
    qtbot.waitUntil(window.idle, timeout=10_000)
    assert page.announcements[-1] == page.status.text()
    assert name_of(page.status) == f"Reports status: {page.status.text()}"


def test_the_active_flags_count_says_its_text(qtbot, window):
    press(qtbot, Qt.Key.Key_8, CTRL)
    qtbot.waitUntil(window.idle, timeout=10_000)
    shown = window.flags.shown
    assert shown.text() and name_of(shown) == f"Active flags shown: {shown.text()}"
    assert name_of(window.flags.kind_box.view()) == "Kind of flag"
