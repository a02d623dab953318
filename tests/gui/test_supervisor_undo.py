"""After a decision, the cursor goes to an item the supervisor can see is the next one; Ctrl+Z
takes the last decision back (issue 22 item 4). Real key events to whatever has the focus;
the outcome read from the screen and from storage."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from asbdesk.storage import models as m
from asbdesk.storage import supervision as sv
from asbdesk.storage.records import Actor, FlagRequest
from tests.gui.keys import CTRL, press, type_text
from tests.gui.test_supervisor import OVERRIDE, RED_RING_BACK, _save, closed, dialog_for, go_to, record, settle, status
from tests.storage.conftest import ANN, NOW, SAM

SUE = Actor("sue", "desk-03")


@pytest.fixture
def requests(desk_store, elsie):
    """Three flag requests, in the queue's order."""
    return [
        desk_store.request_flag(ANN, FlagRequest(kind, negate_risk=text, person_id=elsie.id))
        for kind, text in (
            ("vulnerable_victim", "Lives alone"),
            ("repeat_victim", "Third call this month"),
            ("warning_marker", "Dog on the premises"),
        )
    ]


@pytest.fixture
def reviews(desk_store, elsie):
    """Three active flags overdue for their monthly review."""
    made = []
    for days in (9, 6, 3):
        flag = desk_store.request_flag(ANN, FlagRequest("vulnerable_victim", negate_risk=f"{days}", person_id=elsie.id))
        desk_store.authorise_flag(SAM, flag.id, "Necessary", review_due=(NOW - timedelta(days=days)).date())
        made.append(flag)
    return made


def decide(qtbot, window, key, text="Written reason") -> None:
    dialog_for(qtbot, key)
    type_text(qtbot, text)
    record(qtbot, window)
    closed(qtbot, window)


def undo(qtbot, window) -> None:
    press(qtbot, Qt.Key.Key_Z, CTRL)
    settle(qtbot, window)


def _status(store, flag_id) -> str:
    return sv.review_detail(store, SAM, "flag-request", flag_id)["flag"]["status"]


def _undone(store) -> list[tuple[str, str]]:
    with store.engine.connect() as connection:
        rows = connection.execute(
            select(m.AuditEntry.entity, m.AuditEntry.new).where(m.AuditEntry.action == "undo").order_by(m.AuditEntry.id)
        ).all()
    return [(entity, new["undid"]) for entity, new in rows]


# ------------------------------------------------------------------ the next row, said


def test_after_a_decision_the_cursor_is_on_the_next_item_and_the_status_bar_says_which(
    qtbot, open_window, desk_store, requests
):
    first, middle, last = requests
    window = open_window()
    page = go_to(qtbot, window, "flag-request")
    press(qtbot, Qt.Key.Key_Down)
    settle(qtbot, window)
    assert page.current_item().id == middle.id
    decide(qtbot, window, Qt.Key.Key_U)  # the middle one
    assert _status(desk_store, middle.id) == "active"
    assert page.current_item().id == last.id  # the one that was below it, not "row 1 again"
    assert status(window) == (
        f"Flag {middle.id} authorised: ann is told; monthly review due {window.flags.model._day_words(NOW.date() + timedelta(days=30))}."
        f" Now on: flag {last.id} — warning marker flag on caller Elsie Garside, requested by ann."
    )
    assert page.detail.toPlainText().startswith("Flag requests: warning marker flag on caller Elsie Garside")
    # Said above the lists too, where it cannot be missed (the status bar may be cut short)...
    assert window.notice.isVisible() and window.notice.text() == status(window)
    press(qtbot, Qt.Key.Key_Up)  # ... until the supervisor moves on
    settle(qtbot, window)
    assert not window.notice.isVisible()
    press(qtbot, Qt.Key.Key_Down)
    settle(qtbot, window)
    decide(qtbot, window, Qt.Key.Key_R)  # the last: the cursor goes to the one above
    assert _status(desk_store, last.id) == "rejected"
    assert page.current_item().id == first.id
    assert status(window).endswith(
        f"Now on: flag {first.id} — vulnerable victim flag on caller Elsie Garside, requested by ann."
    )
    decide(qtbot, window, Qt.Key.Key_R)
    assert page.model.rowCount() == 0
    assert status(window).endswith("Now on: nothing: Flag requests is empty.")


def test_a_decision_in_one_queue_leaves_the_cursor_of_another_where_it_was(
    qtbot, open_window, desk_store, requests, reviews
):
    window = open_window()
    review_page = go_to(qtbot, window, "flag-review")
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Down)
    settle(qtbot, window)
    assert review_page.current_item().id == reviews[2].id
    request_page = go_to(qtbot, window, "flag-request")
    decide(qtbot, window, Qt.Key.Key_U)  # the first request
    assert request_page.current_item().id == requests[1].id
    go_to(qtbot, window, "flag-review")
    assert review_page.current_item().id == reviews[2].id  # not moved by the decision in Ctrl+1
    assert status(window).startswith(f"Flag {requests[0].id} authorised")  # still the decision's words
    assert f"flag {reviews[2].id}" not in status(window) and f"flag {reviews[0].id}" not in status(window)
    go_to(qtbot, window, "flag-request")
    assert request_page.current_item().id == requests[1].id  # and not moved again coming back


def test_an_item_decided_at_another_desk_meanwhile_the_cursor_goes_to_the_next_and_says_so(
    qtbot, open_window, desk_store, reviews
):
    desk_store.ensure_user("sue", "Sue Supervisor", "supervisor")
    window = open_window()
    page = go_to(qtbot, window, "flag-review")
    press(qtbot, Qt.Key.Key_Down)
    settle(qtbot, window)
    assert page.current_item().id == reviews[1].id
    sv.decide_flag(desk_store, SUE, "remove", reviews[1].id, "Moved away")  # at another desk
    press(qtbot, Qt.Key.Key_F5)
    settle(qtbot, window)
    assert page.current_item().id == reviews[2].id  # the one below it, never silently another
    assert status(window).startswith(f"flag {reviews[1].id} — vulnerable victim flag on caller Elsie Garside: ")
    assert (
        f"is no longer in Flag reviews due: decided meanwhile, or no longer listed. Now on: flag {reviews[2].id}"
        in (status(window))
    )


# ------------------------------------------------------------------ Ctrl+Z


def test_ctrl_z_takes_back_an_authorisation_and_the_cursor_goes_to_it(qtbot, open_window, desk_store, requests):
    window = open_window()
    page = go_to(qtbot, window, "flag-request")
    undo_action = window.actions_by_name["undo"]
    assert undo_action.text() == "Undo last decision" and undo_action.shortcut().toString() == "Ctrl+Z"
    undo(qtbot, window)
    assert status(window) == "Nothing left to undo in this window."
    decide(qtbot, window, Qt.Key.Key_U, "Lives alone; cannot hear the door")
    assert _status(desk_store, requests[0].id) == "active"
    assert (
        undo_action.statusTip()
        == f"Undo: authorised flag {requests[0].id} (vulnerable victim flag on caller Elsie Garside)"
    )
    assert page.current_item().id == requests[1].id
    undo(qtbot, window)
    assert _status(desk_store, requests[0].id) == "requested"
    assert page.current_item().id == requests[0].id  # back in the queue, chosen
    assert status(window) == (
        f"Undone: authorised flag {requests[0].id} (vulnerable victim flag on caller Elsie Garside). It waits in "
        f"Flag requests again. Now on: flag {requests[0].id} — vulnerable victim flag on caller Elsie Garside, "
        "requested by ann."
    )
    assert _undone(desk_store) == [("flag", "authorise")]
    assert any("took back their decision" in n.text for n in sv.unseen_notices(desk_store, ANN))
    undo(qtbot, window)  # nothing before it
    assert status(window) == "Nothing left to undo in this window."
    assert _status(desk_store, requests[0].id) == "requested" and len(_undone(desk_store)) == 1


def test_ctrl_z_takes_back_each_decision_newest_first_across_the_queues(qtbot, open_window, desk_store, elsie, reviews):
    saved = _save(desk_store, elsie, answers=RED_RING_BACK)
    window = open_window()
    go_to(qtbot, window, "flag-review")
    decide(qtbot, window, Qt.Key.Key_M, "Still alone")  # maintain the first
    decide(qtbot, window, Qt.Key.Key_X, "Moved away")  # remove the next
    go_to(qtbot, window, "recontact")
    decide(qtbot, window, Qt.Key.Key_L, "PC 4471 Jones")
    go_to(qtbot, window, "occurrence")
    dialog_for(qtbot, Qt.Key.Key_E)
    type_text(qtbot, "NICHE-26-0042")
    record(qtbot, window)
    closed(qtbot, window)
    assert [e.words.split(" ")[0] for e in window.undo_stack] == ["maintained", "removed", "allocated", "recorded"]
    undo(qtbot, window)  # the occurrence
    assert status(window).startswith(f"Undone: recorded occurrence NICHE-26-0042 for {saved.reference}.")
    assert "Now on: " + saved.reference in status(window)
    assert sv.review_counts(desk_store, SAM)["occurrence"] == 1
    undo(qtbot, window)  # the allocation
    (item,) = sv.review_items(desk_store, SAM, "recontact")
    assert item.details["assigned_to"] is None
    undo(qtbot, window)  # the removal
    assert sv.review_detail(desk_store, SAM, "flag-review", reviews[1].id)["flag"]["status"] == "active"
    undo(qtbot, window)  # the review
    flag = sv.review_detail(desk_store, SAM, "flag-review", reviews[0].id)["flag"]
    assert flag["review_due"] == (NOW - timedelta(days=9)).date()
    assert _undone(desk_store) == [
        ("occurrence", "occurrence"),
        ("recontact", "allocate"),
        ("flag", "remove"),
        ("flag", "maintain"),
    ]
    assert sv.review_counts(desk_store, SAM)["flag-review"] == 3


def test_an_override_review_is_not_undone_and_ctrl_z_says_so_then_goes_on(
    qtbot, open_window, desk_store, elsie, requests
):
    _save(desk_store, elsie, answers={"weapons": True}, override=OVERRIDE)
    window = open_window()
    go_to(qtbot, window, "flag-request")
    decide(qtbot, window, Qt.Key.Key_U)
    go_to(qtbot, window, "override")
    decide(qtbot, window, Qt.Key.Key_G, "Fair")
    undo(qtbot, window)
    assert status(window).startswith("Not undone: agreed with the override on ASB-")
    assert (
        "(an override's review is not undone here: the operator has been told). Ctrl+Z now undoes the decision "
        "before it: authorised flag" in (status(window))
    )
    assert sv.review_counts(desk_store, SAM)["override"] == 0  # still agreed
    undo(qtbot, window)
    assert _status(desk_store, requests[0].id) == "requested"


def test_a_decision_changed_since_at_another_desk_is_not_undone_in_words(qtbot, open_window, desk_store, requests):
    desk_store.ensure_user("sue", "Sue Supervisor", "supervisor")
    window = open_window()
    go_to(qtbot, window, "flag-request")
    decide(qtbot, window, Qt.Key.Key_U)
    sv.decide_flag(desk_store, SUE, "maintain", requests[0].id, "Reviewed at once")  # at another desk
    undo(qtbot, window)
    assert status(window).startswith(f"Not undone: flag {requests[0].id} was changed since by sue (reviewed at ")
    assert status(window).endswith("was not undone. There is no decision before it to undo.")
    assert _status(desk_store, requests[0].id) == "active" and _undone(desk_store) == []
    assert window.undo_stack == []


def test_ctrl_z_on_the_active_flags_takes_back_a_review(qtbot, open_window, desk_store, reviews):
    window = open_window()
    press(qtbot, Qt.Key.Key_8, CTRL)
    settle(qtbot, window)
    page = window.flags
    decide(qtbot, window, Qt.Key.Key_M, "Still alone")
    assert page.current_item().id == reviews[1].id
    undo(qtbot, window)
    flag = sv.review_detail(desk_store, SAM, "flag-review", reviews[0].id)["flag"]
    assert flag["review_due"] == (NOW - timedelta(days=9)).date()
    assert page.current_item().id == reviews[0].id
    assert status(window).startswith(f"Undone: maintained flag {reviews[0].id} (")
    assert f"Now on: flag {reviews[0].id} — " in status(window)
