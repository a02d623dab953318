"""The caller's e-mail address on the desk (issue 22 item 2), by real keys to the focused
widget: asked for when e-mail is the chosen contact, refused in words until it is an
address, saved with the caller and shown in the log's CALLER section; not asked otherwise."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt

from asbdesk.storage import supervision as sv
from tests.gui.keys import CTRL, find_caller, focused, press, type_text, wait_dialog, wait_dialog_closed
from tests.gui.test_desk_close import save_by_keys, take_802
from tests.storage.conftest import ANN, NOW, SAM
from tests.storage.helpers import contact

EMAIL_OPTION = 3  # the default pack's contact_method: 1 a personal visit, 2 a ring back, 3 an email


def to_contact_method(qtbot, desk) -> None:
    find_caller(qtbot, desk, "garside")
    take_802(qtbot, desk, stop_at="contact_method")
    assert desk.session.question().id == "contact_method"
    assert focused() is desk.questions


def finish_and_save(qtbot, desk) -> str:
    take_802(qtbot, desk, pick=False)
    save_by_keys(qtbot, desk)
    wait_dialog(qtbot)  # the log
    press(qtbot, Qt.Key.Key_Escape)
    wait_dialog_closed(qtbot, desk)
    return desk.last_saved.reference


def test_email_chosen_the_address_is_typed_by_keys_checked_and_saved_with_the_caller(
    qtbot, desk, desk_store, flagged_caller
):
    to_contact_method(qtbot, desk)
    assert not desk.questions.email.isVisible()
    press(qtbot, getattr(Qt.Key, f"Key_{EMAIL_OPTION}"))  # the address is asked: no moving on
    assert desk.session.question().id == "contact_method"
    assert desk.questions.email.isVisible() and focused() is desk.questions.email
    assert desk.questions.keys.text().startswith("E-mail chosen: type the caller's e-mail address, then Enter")
    press(qtbot, Qt.Key.Key_Return)  # nothing typed
    assert "the caller chose e-mail: type their e-mail address" in desk.refusal.text()
    assert desk.session.question().id == "contact_method" and focused() is desk.questions.email
    type_text(qtbot, "elsie at example.org")
    press(qtbot, Qt.Key.Key_Return)
    assert "'elsie at example.org' is not an e-mail address" in desk.refusal.text()
    assert focused() is desk.questions.email and desk.questions.email.text() == "elsie at example.org"  # kept
    press(qtbot, Qt.Key.Key_A, CTRL)
    type_text(qtbot, "Elsie.Garside@Example.ORG")
    press(qtbot, Qt.Key.Key_Return)
    assert desk.session.email == "Elsie.Garside@example.org"
    assert desk.session.question().id != "contact_method"  # moved on, one question
    reference = finish_and_save(qtbot, desk)
    assert "  E-mail:               Elsie.Garside@example.org" in desk.last_log.split("CALLER", 1)[1]
    stored = desk_store.contact_log(SAM, reference)
    assert "E-mail:               Elsie.Garside@example.org" in stored.log_text
    [elsie] = desk_store.find_callers(ANN, "garside")
    assert elsie.emails == ("Elsie.Garside@example.org",)
    [item] = sv.review_items(desk_store, SAM, "recontact")
    assert item.contact_reference == reference and "Elsie.Garside@example.org" in item.summary


def test_another_method_asks_for_no_address(qtbot, desk, desk_store, flagged_caller):
    to_contact_method(qtbot, desk)
    press(qtbot, Qt.Key.Key_2)  # a ring back: no address asked, on by itself
    assert not desk.questions.email.isVisible()
    assert desk.session.question().id != "contact_method" and desk.refusal.text() == ""
    finish_and_save(qtbot, desk)
    assert "E-mail:" not in desk.last_log
    assert desk_store.find_callers(ANN, "garside")[0].emails == ()


def test_esc_goes_back_to_the_options_to_choose_another_way(qtbot, desk, flagged_caller):
    to_contact_method(qtbot, desk)
    press(qtbot, getattr(Qt.Key, f"Key_{EMAIL_OPTION}"))
    assert focused() is desk.questions.email
    press(qtbot, Qt.Key.Key_Escape)  # the caller would rather be rung back
    assert focused() is desk.questions
    press(qtbot, Qt.Key.Key_2)  # on by itself
    assert desk.session.answers["contact_method"] == "ring_back" and not desk.questions.email.isVisible()
    assert desk.session.question().id != "contact_method"


def test_the_address_on_the_callers_record_is_offered(qtbot, desk, desk_store, flagged_caller):
    desk_store.save_contact(
        ANN,
        contact(
            NOW - timedelta(days=2),
            person_id=flagged_caller.id,
            answers={"further_contact": True, "contact_method": "email"},
            caller={"name": "Elsie Garside", "email": "elsie@example.org"},
        ),
    )
    to_contact_method(qtbot, desk)
    press(qtbot, getattr(Qt.Key, f"Key_{EMAIL_OPTION}"))
    assert focused() is desk.questions.email
    assert desk.questions.email.text() == "elsie@example.org"
    assert desk.questions.email.selectedText() == "elsie@example.org"  # typing replaces it
    press(qtbot, Qt.Key.Key_Return)  # she confirms it
    assert desk.session.email == "elsie@example.org"
    assert desk.session.question().id != "contact_method"
    press(qtbot, Qt.Key.Key_Backspace, CTRL)  # back to the question: the address recorded is shown
    assert desk.session.question().id == "contact_method"
    assert focused() is desk.questions.email and desk.questions.email.text() == "elsie@example.org"
    assert "recorded: elsie@example.org" in desk.questions.keys.text()
