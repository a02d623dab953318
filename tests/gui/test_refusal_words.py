"""A core refusal on the desk in the installed language (issue 23.3): the core raises it with a
message id (asbdesk/core/messages.py), the desk translates it in the context "Refusal".

The translation here is a test's own (a .ts written in tmp_path, compiled with
pyside6-lrelease), not the shipped Welsh file, whose refusals a Welsh speaker has yet to
write: the keys are real, pressed on the focused widget.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest
from PySide6.QtCore import Qt, QTranslator

from asbdesk.core import messages
from asbdesk.core.messages import Message
from asbdesk.gui.i18n import refusal_words, translated
from tests.gui.keys import CTRL, finish_by_keys, next_question, pick_code, press, shown_question

WELSH = {
    messages.MANDATORY: "Mae cwestiwn {number}, '{text}', yn orfodol: atebwch ef, neu Ctrl+D i gofnodi pam na ofynnwyd",
    messages.NOT_SAVED_PICK_CODE: "Dewiswch y cod digwyddiad yn gyntaf: daw ei gwestiynau i fyny ohonynt eu hunain.",
    messages.THE_REASON: "Y rheswm",
    messages.UNKNOWN_CODE: "Nid yw '{cod}' yn god digwyddiad",  # a field the template does not give
}


def _tool(name: str) -> str:
    beside = Path(sys.executable).parent / name
    return str(beside if beside.exists() else shutil.which(name) or name)


@pytest.fixture
def test_welsh(qapp, tmp_path):
    """A translator holding WELSH, installed on the application; removed afterwards."""
    root = ElementTree.Element("TS", version="2.1", language="cy_GB")
    context = ElementTree.SubElement(root, "context")
    ElementTree.SubElement(context, "name").text = messages.CONTEXT
    for source, translation in WELSH.items():
        message = ElementTree.SubElement(context, "message")
        ElementTree.SubElement(message, "source").text = source
        ElementTree.SubElement(message, "translation").text = translation
    ts, qm = tmp_path / "refusals_cy.ts", tmp_path / "refusals_cy.qm"
    ElementTree.ElementTree(root).write(ts, encoding="utf-8", xml_declaration=True)
    subprocess.run([_tool("pyside6-lrelease"), str(ts), "-qm", str(qm)], check=True, capture_output=True)
    translator = QTranslator()
    assert translator.load(str(qm)), "the test's .qm did not load"
    qapp.installTranslator(translator)
    yield translator
    qapp.removeTranslator(translator)


def _mandatory_refused(qtbot, desk) -> str:
    pick_code(qtbot, desk, "801")
    assert shown_question(desk) == "immediate_danger"
    next_question(qtbot)  # Enter on a mandatory question left blank
    assert shown_question(desk) == "immediate_danger" and desk.refusal.isVisible()
    return desk.session.question().text


def test_a_mandatory_question_refused_in_english_without_a_translation(qtbot, desk):
    text = _mandatory_refused(qtbot, desk)
    assert desk.refusal.text() == (
        f"Question 1, '{text}', is mandatory: answer it, or Ctrl+D to record why it was not asked"
    )
    assert desk.refusal.accessibleName().startswith("Refused: Question 1,")


def test_a_mandatory_question_refused_in_the_installed_language(qtbot, test_welsh, desk):
    text = _mandatory_refused(qtbot, desk)
    welsh = f"Mae cwestiwn 1, '{text}', yn orfodol: atebwch ef, neu Ctrl+D i gofnodi pam na ofynnwyd"
    assert desk.refusal.text() == welsh  # the pack's question stays the pack's words
    assert welsh in desk.refusal.accessibleName()
    assert str(desk.session.refusal.words).startswith("Question 1,")  # the session keeps the English


def test_saving_before_the_code_is_picked_refused_in_the_installed_language(qtbot, test_welsh, desk):
    finish_by_keys(qtbot, desk)  # Ctrl+Enter with no incident code picked
    assert desk.last_saved is None and desk.refusal.isVisible()
    assert desk.refusal.text() == WELSH[messages.NOT_SAVED_PICK_CODE]


def test_saving_before_the_code_is_picked_refused_in_english_without_it(qtbot, desk):
    press(qtbot, Qt.Key.Key_Return, CTRL)
    assert desk.refusal.text() == "Pick the incident code first: its questions come up by themselves."


def test_a_refusal_inside_a_refusal_is_translated_with_it(test_welsh):
    inner = Message(
        messages.TEXT_UNSAFE_CHARACTER, {"what": Message(messages.A_CONTROL_CHARACTER), "code": 27, "position": 8}
    )
    outer = Message(messages.TYPED_TEXT_REFUSED, {"what": Message(messages.THE_REASON), "problem": inner})
    # Only "The reason" has a Welsh translation here: the rest stays English, nothing lost.
    assert translated(outer) == "Y rheswm contains a control character (U+001B) at position 8"
    assert str(outer) == "The reason contains a control character (U+001B) at position 8"


def test_a_translation_that_names_the_wrong_field_falls_back_to_english(test_welsh):
    error = messages.Refused(messages.UNKNOWN_CODE, code="999", pack="default")
    assert refusal_words(error) == "'999' is not an incident code of pack 'default'"


def test_words_without_a_message_id_are_shown_as_they_are(test_welsh):
    assert refusal_words(ValueError("plain {words}")) == "plain {words}"
    assert refusal_words(messages.Refused("Not saved: {x}")) == "Not saved: {x}"
