"""The desk's dialogs by keys (issue 23.4): the new-caller form names every bad field at
once, marks each and puts the cursor in the first; Ctrl+Enter confirms in every dialog with
an OK; every focusable widget has a name a screen reader can say."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QLabel, QLineEdit, QWidget

from asbdesk.core.call import RequestedFlag
from asbdesk.gui.dialogs import ConsentDialog, FlagDialog, LogDialog, PersonDialog
from tests.gui.keys import ALT, CTRL, find_caller, focused, pick_code, press, type_text, wait_dialog, wait_dialog_closed
from tests.storage.conftest import ANN

PHONE_WORDS = "'0113 49' is not a valid phone number (check the digits and the area code)"
FIELDS = ("given", "family", "phone", "line1", "town", "postcode")


def spoken_name(widget: QWidget) -> str:
    """The name Qt gives assistive technology (what Orca says), not only accessibleName()."""
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name) if interface is not None else ""


def unnamed_focusable(dialog: QWidget) -> list[str]:
    return [
        f"{type(w).__name__} {w.objectName()!r}"
        for w in dialog.findChildren(QWidget)
        if w.isVisible() and w.focusPolicy() != Qt.FocusPolicy.NoFocus and not spoken_name(w).strip()
    ]


def marked(dialog: PersonDialog) -> set[str]:
    return {key for key, edit in dialog.fields.items() if edit.property("invalid")}


def type_form(qtbot, values: dict[str, str]) -> None:
    """From the first field, each field typed in the form's order, Tab between them."""
    for key in FIELDS:
        type_text(qtbot, values.get(key, ""))
        if key != FIELDS[-1]:
            press(qtbot, Qt.Key.Key_Tab)


def show(qtbot, dialog: QDialog) -> QDialog:
    """A dialog shown and given the keyboard, as a window manager does."""
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: dialog.isActiveWindow() and dialog.isAncestorOf(QApplication.focusWidget()), timeout=5_000)
    return dialog


# ------------------------------------------------------------------ the new-caller form


def test_every_bad_field_is_named_marked_and_the_cursor_goes_to_the_first(qtbot, desk, desk_store):
    press(qtbot, Qt.Key.Key_P, CTRL)
    dialog = wait_dialog(qtbot)
    assert isinstance(dialog, PersonDialog) and focused() is dialog.fields["given"]
    typed = {"phone": "0113 49", "line1": "4 Canal Row", "town": "Leeds", "postcode": "LS1"}
    type_form(qtbot, typed)
    assert focused() is dialog.fields["postcode"]
    press(qtbot, Qt.Key.Key_Return, CTRL)

    assert QApplication.activeModalWidget() is dialog  # refused: the form stays
    assert dialog.problem.text().split("\n") == [
        "Given name or family name: required (one of them at least)",
        f"Phone number: {PHONE_WORDS}",
        "Postcode: 'LS1' is not a UK postcode (e.g. CB1 2AB)",
    ]
    assert marked(dialog) == {"given", "family", "phone", "postcode"}
    assert dialog.fields["phone"].accessibleDescription() == PHONE_WORDS
    assert dialog.fields["postcode"].accessibleDescription() == "'LS1' is not a UK postcode (e.g. CB1 2AB)"
    assert dialog.fields["town"].accessibleDescription() == ""
    assert focused() is dialog.fields["given"]  # the first bad field
    assert {k: e.text() for k, e in dialog.fields.items()} == {"given": "", "family": "", **typed}  # nothing lost
    assert spoken_name(dialog.problem) == dialog.problem.text()  # no fixed name hides the words
    assert desk_store.find_callers(ANN, "Canal") == []

    # The phone put right (Alt+P selects what is there): its mark goes, the others stay.
    press(qtbot, Qt.Key.Key_P, ALT)
    type_text(qtbot, "0113 496 0636")
    press(qtbot, Qt.Key.Key_Enter, CTRL)  # the keypad's Enter as well as Return
    assert marked(dialog) == {"given", "family", "postcode"}
    assert dialog.fields["phone"].accessibleDescription() == ""
    assert f"Phone number: {PHONE_WORDS}" not in dialog.problem.text()
    assert focused() is dialog.fields["given"]

    type_text(qtbot, "Elsie")
    press(qtbot, Qt.Key.Key_O, ALT)
    type_text(qtbot, "ls1 4ap")
    press(qtbot, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: desk.session.caller.known, timeout=15_000)
    wait_dialog_closed(qtbot, desk)
    [added] = desk_store.find_callers(ANN, "0113 496 0636")
    assert (added.given_name, added.family_name) == ("Elsie", "")
    assert [(loc.line1, loc.postcode) for loc in added.locations] == [("4 Canal Row", "LS1 4AP")]


def person_dialog(qtbot, desk, calls: list) -> PersonDialog:
    return show(qtbot, PersonDialog(desk, lambda person, dialog: calls.append(person)))


@pytest.mark.parametrize(
    ("typed", "bad"),
    [
        ({"family": "Garside"}, set()),  # one name is enough (the store's rule)
        ({"given": "Elsie"}, set()),
        ({}, {"given", "family"}),
        ({"given": " "}, {"given", "family"}),  # spaces are not a name
        ({"family": "G", "phone": "0113 496 0636"}, set()),
        ({"family": "G", "phone": "0113 496 063"}, {"phone"}),  # one digit short
        ({"family": "G", "phone": "0113 496 06361"}, {"phone"}),  # one digit over
        ({"family": "G", "line1": "4 Canal Row", "postcode": "LS1 4AP"}, set()),
        ({"family": "G", "line1": "4 Canal Row"}, {"postcode"}),
        ({"family": "G", "postcode": "LS1 4AP"}, {"line1"}),
        ({"family": "G", "town": "Leeds"}, {"line1", "postcode"}),  # a town alone would be lost
        ({"family": "G", "line1": "4 Canal Row", "postcode": "LS1 4A"}, {"postcode"}),
    ],
)
def test_the_forms_rules_on_both_sides(qtbot, desk, typed, bad):
    calls: list = []
    dialog = person_dialog(qtbot, desk, calls)
    type_form(qtbot, typed)
    press(qtbot, Qt.Key.Key_Return, CTRL)
    assert marked(dialog) == bad
    assert len(calls) == (0 if bad else 1)
    if bad:
        first = next(key for key in FIELDS if key in bad)
        assert focused() is dialog.fields[first]
        assert all(dialog.fields[key].accessibleDescription() for key in bad)


def test_a_second_ctrl_enter_while_adding_does_not_add_the_caller_twice(qtbot, desk):
    calls: list = []
    dialog = person_dialog(qtbot, desk, calls)
    type_form(qtbot, {"family": "Garside"})
    press(qtbot, Qt.Key.Key_Return, CTRL)
    press(qtbot, Qt.Key.Key_Return, CTRL)
    assert len(calls) == 1 and dialog.problem.text() == "Adding…"
    dialog.refused("the database refused it")  # as the desk calls back
    assert dialog.problem.text() == "the database refused it" and dialog.fields["family"].text() == "Garside"
    press(qtbot, Qt.Key.Key_Return, CTRL)
    assert len(calls) == 2


# ------------------------------------------------------------------ Ctrl+Enter


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Enter])
def test_ctrl_enter_in_the_flag_request_dialog_records_the_request(qtbot, desk, flagged_caller, key):
    find_caller(qtbot, desk, "garside")
    pick_code(qtbot, desk, "801")
    press(qtbot, Qt.Key.Key_F, CTRL)
    dialog = wait_dialog(qtbot)
    assert isinstance(dialog, FlagDialog)
    assert "Ctrl+Enter" in " ".join(label.text() for label in dialog.findChildren(QLabel))
    press(qtbot, Qt.Key.Key_Home)  # Vulnerable victim
    press(qtbot, Qt.Key.Key_N, ALT)
    type_text(qtbot, "Hard of hearing: text first")
    press(qtbot, key, CTRL)
    wait_dialog_closed(qtbot, desk)
    assert desk.session.flag_requests == [
        RequestedFlag(kind="vulnerable_victim", on="person", negate_risk="Hard of hearing: text first")
    ]
    assert "vulnerable victim on the caller" in desk.requested_flags.text()


def test_ctrl_enter_with_nothing_to_flag_does_nothing_but_say_why(qtbot, desk):
    pick_code(qtbot, desk, "801")  # no caller found
    press(qtbot, Qt.Key.Key_F, CTRL)
    dialog = wait_dialog(qtbot)
    press(qtbot, Qt.Key.Key_Return, CTRL)
    assert QApplication.activeModalWidget() is dialog and desk.session.flag_requests == []
    assert dialog.problem.text().startswith("Find the caller first")


def dialogs_with_ok(qtbot, desk) -> list[QDialog]:
    """Every desk dialog that has an OK button, shown over a call with a caller."""
    from asbdesk.gui.dialogs import OverrideDialog

    prompt = SimpleNamespace(id="consent.shared_system", text="Share on the shared system: consent refused")
    return [
        show(qtbot, PersonDialog(desk, lambda person, dialog: None)),
        show(qtbot, OverrideDialog(desk, desk.session)),
        show(qtbot, ConsentDialog(desk, desk.session, prompt)),
        show(qtbot, FlagDialog(desk, desk.session)),
    ]


def test_every_dialog_with_an_ok_takes_ctrl_enter_and_says_so(qtbot, desk, flagged_caller):
    find_caller(qtbot, desk, "garside")
    pick_code(qtbot, desk, "802")
    for dialog in dialogs_with_ok(qtbot, desk):
        keys = {s.key().toString() for s in dialog.findChildren(QShortcut) if s.isEnabled()}
        assert {"Ctrl+Return", "Ctrl+Enter"} <= keys, type(dialog).__name__
        words = " ".join(w.text() for w in [*dialog.findChildren(QLabel), *dialog.findChildren(QAbstractButton)])
        assert "Ctrl+Enter" in words, type(dialog).__name__
        dialog.close()
    assert QKeySequence("Ctrl+Enter") != QKeySequence("Ctrl+Return")  # two keys, both bound


# ------------------------------------------------------------------ names


def test_the_sweep_finds_an_unnamed_field():
    dialog = QDialog()
    edit = QLineEdit(dialog)
    dialog.show()
    assert unnamed_focusable(dialog) == ["QLineEdit ''"]
    edit.setAccessibleName("Family name")
    assert unnamed_focusable(dialog) == []
    dialog.close()


def test_every_focusable_widget_of_every_dialog_has_a_name(qtbot, desk, flagged_caller):
    find_caller(qtbot, desk, "garside")
    pick_code(qtbot, desk, "802")
    dialogs = [*dialogs_with_ok(qtbot, desk), show(qtbot, LogDialog(desk, "LOG", "SLIP", "test"))]
    for dialog in dialogs:
        assert unnamed_focusable(dialog) == [], type(dialog).__name__
        problem = dialog.findChild(QLabel, "problem")
        if problem is not None:
            problem.setText("Postcode: 'LS1' is not a UK postcode")
            assert spoken_name(problem) == "Postcode: 'LS1' is not a UK postcode", type(dialog).__name__
        dialog.close()


def test_the_logs_saved_to_line_is_shown_with_its_words_only(qtbot, desk):
    dialog = show(qtbot, LogDialog(desk, "LOG", "", "test"))
    assert not dialog.saved_to.isVisible()  # empty: not there to be focused unnamed
    press(qtbot, Qt.Key.Key_C, ALT)  # copy
    assert dialog.saved_to.isVisible() and spoken_name(dialog.saved_to) == "Copied: paste it into command and control."
    assert unnamed_focusable(dialog) == []
    dialog.show_log("NEXT LOG")
    assert not dialog.saved_to.isVisible()
