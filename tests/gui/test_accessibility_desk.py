"""The desk as a screen reader reads it (issue 23.1, 23.2): real keys to the focused widget,
then what Qt hands assistive technology for it (QAccessible.queryAccessibleInterface: name,
description) and what the desk announced (DeskWindow.announcements, kept beside each
QAccessibleAnnouncementEvent sent: PySide6 has no hook to read the events themselves)."""

from __future__ import annotations

from PySide6 import QtGui
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from asbdesk.gui.speech import announce
from tests.gui.keys import CTRL, answer_by_keys, find_caller, focused, next_question, pick_code, press
from tests.gui.test_desk import value_for

NAME, DESCRIPTION = QAccessible.Text.Name, QAccessible.Text.Description


def spoken(widget: QWidget) -> tuple[str, str]:
    """The name and description a screen reader is given for ``widget``."""
    interface = QAccessible.queryAccessibleInterface(widget)
    assert interface is not None and interface.isValid(), widget
    return interface.text(NAME), interface.text(DESCRIPTION)


def said_for_question(desk) -> str:
    """The name or, on the caller's e-mail field, the description that carries the question."""
    widget = focused()
    name, description = spoken(widget)
    return description if widget is desk.questions.email else name


def answer_words(question, value) -> str:
    labels = {o.id: o.label for o in question.options}
    if question.type == "yes_no":
        return labels["yes" if value else "no"]
    if question.type == "single":
        return labels[value]
    return ", ".join(labels[o.id] for o in question.options if o.id in value)


def test_a_whole_call_the_focused_widget_says_each_question_and_its_answer(qtbot, desk, flagged_caller):
    find_caller(qtbot, desk, "0113 496 0123")
    pick_code(qtbot, desk, "801")
    seen = 0
    for _ in range(100):
        question = desk.session.question()
        if question is None:
            break
        ids = desk.session.visible_ids()
        number = f"Question {ids.index(question.id) + 1} of {len(ids)}"
        mandatory = desk.session.is_mandatory(question.id)
        said = said_for_question(desk)
        assert said.startswith(number + (", mandatory" if mandatory else "")), said
        assert (", mandatory" in said) is mandatory and said.endswith(question.text), said
        if seen:  # moving on was announced, in the same words
            assert desk.announcements[-1] == said
        value = value_for(question)
        before = len(desk.announcements)
        moved = answer_by_keys(qtbot, desk, value)
        if question.type in ("yes_no", "single", "multi"):
            words = answer_words(question, value)
            if not moved and focused() is desk.questions:  # a multiple choice: still here until Enter
                name, description = spoken(focused())
                ids = desk.session.visible_ids()  # an answer may bring in follow-ups: "of N" changes
                assert name.startswith(f"Question {ids.index(question.id) + 1} of {len(ids)}"), name
                assert name.endswith(question.text) and f"Answer: {words}." in description, description
                first = question.options[0]
                assert description.startswith(f"1 {first.label}, "), description
            said_now = list(desk.announcements)[before:]
            assert f"Answer: {words}" in said_now  # in words, not the key typed
            if moved:  # the answer, then the question it moved on to (said last)
                assert said_now.index(f"Answer: {words}") < len(said_now) - 1
        seen += 1
        if not moved:
            next_question(qtbot)
    assert seen == len(desk.session.visible_ids()) > 20
    name, _ = spoken(focused())
    assert name.startswith("All ") and "questions passed" in name
    assert desk.announcements[-1] == name


def test_a_typed_question_is_said_on_its_entry(qtbot, desk):
    pick_code(qtbot, desk, "801")
    press(qtbot, Qt.Key.Key_N)
    press(qtbot, Qt.Key.Key_Y)  # weapons: yes -> "What type?", typed
    assert focused() is desk.questions.entry
    name, description = spoken(focused())
    assert name.startswith("Question 3 of ") and name.endswith(desk.session.question().text)
    assert description.startswith("type the answer, then Enter. Not answered yet.")


def test_a_refusal_is_exposed_and_announced_each_time(qtbot, desk):
    pick_code(qtbot, desk, "801")
    next_question(qtbot)  # a mandatory question passed without an answer
    words = "Question 1, 'Are you in immediate danger?', is mandatory"
    assert words in desk.refusal.text()
    name, _ = spoken(desk.refusal)
    assert name.startswith("Refused: ") and words in name
    assert desk.announcements[-1].startswith("Refused: ") and words in desk.announcements[-1]
    next_question(qtbot)  # refused again, in the same words: said again
    assert sum(words in said for said in desk.announcements) == 2


def test_risk_rising_a_new_prompt_and_its_acknowledgement_are_announced(qtbot, desk):
    pick_code(qtbot, desk, "802")
    assert not any(said.startswith("Risk now") for said in desk.announcements)
    press(qtbot, Qt.Key.Key_Y)  # immediate danger: yes
    assert "Risk now HIGH RISK" in desk.announcements
    prompt = next(p for p in desk.session.pinned_prompts() if p.kind == "emergency")
    assert f"New prompt. EMERGENCY: {prompt.text} Ctrl+K to acknowledge" in desk.announcements
    name, _ = spoken(desk.pinned)
    assert name.startswith("Prompts to acknowledge: EMERGENCY: ") and prompt.text in name
    press(qtbot, Qt.Key.Key_K, CTRL)
    assert desk.announcements[-1] == "Acknowledged: EMERGENCY"
    assert "acknowledged" in spoken(desk.pinned)[0]
    press(qtbot, Qt.Key.Key_Backspace, CTRL)  # Y moved on: back to it
    before = len(desk.announcements)
    press(qtbot, Qt.Key.Key_N)  # changed to no (and on again): the level falls, and that is said too
    said_now = list(desk.announcements)[before:]
    assert said_now[0] == "Answer: No" and said_now[-1].startswith("Question 2 of ")
    assert any(said.startswith("Risk now") and "HIGH" not in said for said in said_now)


def test_the_picked_caller_is_announced_with_repeat_and_flag_instructions(qtbot, desk, flagged_caller):
    find_caller(qtbot, desk, "0113 496 0123")
    said = next(s for s in desk.announcements if s.startswith("Caller: "))
    assert said.startswith("Caller: Elsie Garside. Elsie Garside: 3 incidents in the last 30 days")
    assert "repeat victim" in said
    assert "Flag location on the address" in said
    assert "Negate risk: Youths gather in the alley behind the shops" in said
    assert "Attending officer: Check the rear alley" in said
    _, description = spoken(desk.flag_banner)
    assert "Check the rear alley" in description and "alley behind the shops" in description


def test_every_focusable_widget_on_the_desk_has_a_name(qtbot, desk, flagged_caller):
    find_caller(qtbot, desk, "0113 496 0123")
    pick_code(qtbot, desk, "801")
    focusable = [
        w
        for w in desk.findChildren(QWidget)
        if w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.isEnabled() and not isinstance(w, QLabel)
    ]
    assert desk.code.lineEdit() in focusable and desk.history_tabs.tabBar() in focusable
    nameless = [f"{type(w).__name__} {w.objectName()!r}" for w in focusable if not spoken(w)[0].strip()]
    assert nameless == []
    # And as the keys reach them: Tab through the whole chain, each stop named.
    start = focused()
    for _ in range(40):
        press(qtbot, Qt.Key.Key_Tab)
        assert spoken(focused())[0].strip(), focused()
        if focused() is start:
            break


def test_announce_sends_the_announcement_event(qapp):
    widget = QWidget()
    event = announce(widget, "Risk now HIGH", assertive=True)
    assert isinstance(event, QtGui.QAccessibleAnnouncementEvent)
    assert event.message() == "Risk now HIGH" and event.object() is widget
    assert event.politeness() == QAccessible.AnnouncementPoliteness.Assertive
    assert announce(widget, "Answer: yes").politeness() == QAccessible.AnnouncementPoliteness.Polite


def test_announce_without_the_event_says_it_in_the_description(qtbot, desk, monkeypatch):
    """PySide6 before 6.8: the words go before the focused widget's own description (Qt tells
    assistive technology the description changed), at the end of this turn of the event loop."""
    monkeypatch.delattr(QtGui, "QAccessibleAnnouncementEvent")
    pick_code(qtbot, desk, "801")
    own = focused().accessibleDescription()
    assert announce(focused(), "Refused: question 1 is mandatory") is None
    qtbot.waitUntil(lambda: focused().accessibleDescription().startswith("Refused: question 1 is mandatory"))
    assert focused().accessibleDescription().endswith(own)


def test_announcements_come_from_the_widget_with_the_keyboard(qtbot, desk, monkeypatch):
    sent = []
    monkeypatch.setattr("asbdesk.gui.desk.announce", lambda widget, text, assertive=False: sent.append(widget))
    pick_code(qtbot, desk, "801")
    next_question(qtbot)
    assert sent and sent[-1] is QApplication.focusWidget() is desk.questions


def test_an_answer_and_the_question_it_moved_on_to_are_one_announcement(qtbot, desk, monkeypatch):
    """A screen reader starting on a new announcement cuts the one it is saying: Y's answer,
    the risk it raises and the next question are sent as one, in that order (issue 23.4)."""
    sent = []
    monkeypatch.setattr(
        "asbdesk.gui.desk.announce", lambda widget, text, assertive=False: sent.append((widget, text, assertive))
    )
    pick_code(qtbot, desk, "802")
    sent.clear()
    press(qtbot, Qt.Key.Key_Y)  # immediate danger: yes -> HIGH RISK, EMERGENCY, and on to question 2
    assert len(sent) == 1
    widget, text, assertive = sent[0]
    assert widget is focused() is desk.questions and assertive  # the risk rising is urgent
    assert text.startswith("Answer: Yes. New prompt. EMERGENCY: ") and "Risk now HIGH RISK." in text
    assert text.endswith(spoken(desk.questions)[0]) and spoken(desk.questions)[0].startswith("Question 2 of ")
    sent.clear()
    press(qtbot, Qt.Key.Key_Down)  # a key that says nothing sends nothing
    assert sent == []


def test_enter_after_a_one_key_answer_does_not_skip_the_next_question(qtbot, desk):
    """Enter pressed out of habit after Y (which already moved on) is refused in words on the
    optional question now in front, and announced; a second Enter passes it."""
    pick_code(qtbot, desk, "802")
    while desk.session.current != "extremely_frightened":
        question = desk.session.question()
        answer_by_keys(qtbot, desk, False if question.type == "yes_no" else value_for(question))
        if desk.session.current == question.id:
            next_question(qtbot)
    press(qtbot, Qt.Key.Key_N)
    assert desk.session.current == "someone_to_support" and not desk.session.is_mandatory()
    next_question(qtbot)  # the habit
    assert desk.session.current == "someone_to_support" and "someone_to_support" not in desk.session.declined
    words = "is not answered yet (the desk moved on by itself after your answer): Y or N to answer it"
    assert words in desk.refusal.text() and "Enter again to pass it" in desk.refusal.text()
    assert desk.announcements[-1].startswith("Refused: ") and words in desk.announcements[-1]
    next_question(qtbot)  # meant: passed, unanswered
    assert desk.session.current != "someone_to_support" and "someone_to_support" not in desk.session.answers
