"""Every active flag on the supervisor's window (issue 22 item 4, Ctrl+8), driven by the
keyboard: real key events to whatever has the focus; the outcome read from the screen and
from storage, never set."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit

from asbdesk.gui import supervisor as gui
from asbdesk.gui.supervisor_flags import FlagsPage
from asbdesk.storage import supervision as sv
from asbdesk.storage.records import AddressInput, FlagRequest, NewPerson
from tests.gui.keys import ALT, CTRL, focused, press, type_text
from tests.gui.test_supervisor import dialog_for, record, settle, status
from tests.storage.conftest import ANN, NOW, SAM

TODAY = NOW.date()


def _flag(store, request, days):
    flag = store.request_flag(ANN, request)
    store.authorise_flag(SAM, flag.id, "Necessary", review_due=TODAY + timedelta(days=days))
    return flag


@pytest.fixture
def flags(desk_store):
    """Active flags due for review yesterday, today, in 7 days and in 8 days, in three
    districts; and a request, which is not active."""
    elsie = desk_store.add_person(
        ANN, NewPerson("Elsie", "Garside", ("0113 496 0123",), (AddressInput("4 Canal Row", "LS1 4AP", "Leeds"),))
    )
    ben = desk_store.add_person(
        ANN, NewPerson("Ben", "Holroyd", (), (AddressInput("33 Canal Wharf", "LS11 5PS", "Leeds"),))
    )
    carys = desk_store.add_person(
        ANN, NewPerson("Carys", "O'Hara", ("0117 496 0662",), (AddressInput("33 Mill Lane", "BD1 4RL", "Bradford"),))
    )
    made = {
        "yesterday": _flag(desk_store, FlagRequest("vulnerable_victim", person_id=elsie.id), -1),
        "today": _flag(desk_store, FlagRequest("warning_marker", phone="0117 496 0662"), 0),
        "week": _flag(desk_store, FlagRequest("location", location_id=ben.locations[0].id), 7),
        "later": _flag(desk_store, FlagRequest("repeat_victim", person_id=carys.id), 8),
    }
    desk_store.request_flag(ANN, FlagRequest("repeat_victim", person_id=elsie.id))
    return made


def to_flags(qtbot, window) -> FlagsPage:
    press(qtbot, Qt.Key.Key_8, CTRL)
    settle(qtbot, window)
    page = window.flags
    assert window.tabs.currentWidget() is page
    assert focused() is page.table
    return page


def listed(page) -> list[int]:
    return [page.model.item(row).id for row in range(page.model.rowCount())]


def cells(page, row) -> list[str]:
    return [page.model.index(row, column).data() for column in range(page.model.columnCount())]


def test_ctrl_8_lists_every_active_flag_the_soonest_review_first(qtbot, open_window, flags):
    window = open_window()
    page = to_flags(qtbot, window)
    assert window.tabs.tabText(window.tabs.currentIndex()) == "Active flags"
    assert listed(page) == [flags[k].id for k in ("yesterday", "today", "week", "later")]  # not the request
    assert cells(page, 0) == [
        f"OVERDUE {gui.local_day(TODAY - timedelta(days=1))}",
        str(flags["yesterday"].id),
        "vulnerable victim",
        "caller Elsie Garside",
        "LS1",
        "sam",
    ]
    assert cells(page, 1)[0] == gui.local_day(TODAY)  # due today: not overdue
    assert cells(page, 1)[3] == "phone number 0117 496 0662"  # as people dial it
    assert cells(page, 1)[4] == "BD1"  # by its caller's address
    assert page.shown.text() == "4 active flags"
    shown = page.detail.toPlainText()
    assert shown.startswith(
        f"Active flag {flags['yesterday'].id}: vulnerable victim flag on caller Elsie Garside (LS1)"
    )
    assert "Authorised by:         sam" in shown and "History" in shown
    press(qtbot, Qt.Key.Key_Down)
    settle(qtbot, window)
    assert page.current_item().id == flags["today"].id
    assert page.detail.toPlainText().startswith(f"Active flag {flags['today'].id}: warning marker flag on phone number")
    press(qtbot, Qt.Key.Key_End)  # the last flag, as in the queues (not the row's last column)
    assert page.current_item().id == flags["later"].id
    press(qtbot, Qt.Key.Key_Home)
    assert page.current_item().id == flags["yesterday"].id


def test_filter_by_kind_and_by_review_due_by_keys_at_the_boundaries(qtbot, open_window, flags):
    window = open_window()
    page = to_flags(qtbot, window)
    press(qtbot, Qt.Key.Key_U, ALT)  # the review due
    assert isinstance(focused(), QComboBox) and focused() is page.due_box
    press(qtbot, Qt.Key.Key_Down)  # Overdue: yesterday's, not today's
    settle(qtbot, window)
    assert page.due_box.currentText() == "Overdue"
    assert listed(page) == [flags["yesterday"].id]
    press(qtbot, Qt.Key.Key_Down)  # Due within 7 days: today's and 7 days on, not 8
    settle(qtbot, window)
    assert page.due_box.currentText() == "Due within 7 days"
    assert listed(page) == [flags["today"].id, flags["week"].id]
    assert page.shown.text() == "2 active flags · review due within 7 days"
    # Yesterday's flag filtered out: the cursor on the first listed, without a word (it went nowhere).
    assert page.current_item().id == flags["today"].id and "no longer" not in status(window)
    press(qtbot, Qt.Key.Key_Down)  # Due later: 8 days on
    settle(qtbot, window)
    assert listed(page) == [flags["later"].id]
    press(qtbot, Qt.Key.Key_K, ALT)  # the kind, with the window kept
    assert focused() is page.kind_box
    press(qtbot, Qt.Key.Key_W)  # the first letter: warning marker
    settle(qtbot, window)
    assert page.kind_box.currentText() == "warning marker"
    assert listed(page) == [] and page.shown.text() == "No active flags like that"
    assert "No active flag is listed." in page.detail.toPlainText()
    press(qtbot, Qt.Key.Key_U, ALT)
    press(qtbot, Qt.Key.Key_Home)  # all review dates
    settle(qtbot, window)
    assert listed(page) == [flags["today"].id]


def test_filter_by_area_typed_enter_goes_to_the_list(qtbot, open_window, flags):
    window = open_window()
    page = to_flags(qtbot, window)
    press(qtbot, Qt.Key.Key_A, ALT)
    assert isinstance(focused(), QLineEdit) and focused() is page.area_edit
    type_text(qtbot, "ls1")
    settle(qtbot, window)  # read once the typing stops
    assert listed(page) == [flags["yesterday"].id]  # LS1, not LS11
    type_text(qtbot, "1")
    settle(qtbot, window)
    assert listed(page) == [flags["week"].id]
    assert page.shown.text() == "1 active flag · area LS11"
    press(qtbot, Qt.Key.Key_Return)
    assert focused() is page.table and page.current_item().id == flags["week"].id


def test_an_area_that_is_not_one_is_said_on_the_page_and_lists_nothing(qtbot, open_window, flags):
    window = open_window()
    page = to_flags(qtbot, window)
    press(qtbot, Qt.Key.Key_A, ALT)
    type_text(qtbot, "LS1%")
    settle(qtbot, window)
    assert page.shown.text().startswith("area: 'LS1%' is not a postcode district (e.g. LS6)")
    assert listed(page) == [] and "Traceback" not in page.shown.text()
    assert not window.actions_by_name["maintain"].isEnabled()


def test_maintain_then_remove_from_the_list_the_cursor_goes_to_the_next(qtbot, open_window, desk_store, flags):
    window = open_window()
    page = to_flags(qtbot, window)
    press(qtbot, Qt.Key.Key_Down)  # today's
    settle(qtbot, window)
    dialog_for(qtbot, Qt.Key.Key_M)
    type_text(qtbot, "Still shouting at callers; keep it")
    record(qtbot, window)
    settle(qtbot, window)
    review = sv.review_detail(desk_store, SAM, "flag-review", flags["today"].id)["flag"]["review_due"]
    assert review == (NOW + timedelta(days=30)).date()  # a month on (seed 002: monthly)
    # Maintained, it is listed later now; the cursor is on the flag that was below it.
    assert page.current_item().id == flags["week"].id
    assert status(window).startswith(f"Flag {flags['today'].id} maintained: next review due ")
    assert f"Now on: flag {flags['week'].id} — location flag on address 33 Canal Wharf, LS11 5PS." in status(window)
    assert page.detail.toPlainText().startswith(f"Active flag {flags['week'].id}: ")
    dialog_for(qtbot, Qt.Key.Key_X)
    type_text(qtbot, "Alley gated by the council")
    record(qtbot, window)
    settle(qtbot, window)
    assert sv.review_detail(desk_store, SAM, "flag-review", flags["week"].id)["flag"]["status"] == "removed"
    assert flags["week"].id not in listed(page)
    assert page.current_item().id == flags["later"].id
    assert f"Now on: flag {flags['later'].id} — " in status(window)


def test_a_call_handler_is_refused_in_words(qtbot, open_window, flags):
    window = open_window(actor=ANN)
    page = to_flags(qtbot, window)
    assert page.shown.text().startswith("'ann' (call handler) may not do a supervisor's work")
    assert listed(page) == []
    assert "Traceback" not in page.detail.toPlainText()
