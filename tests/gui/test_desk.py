"""The desk, driven by the keyboard as a call handler would (real widgets, offscreen)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from asbdesk.storage import models as m

from tests.storage.conftest import ANN


def focused():
    widget = QApplication.focusWidget()
    assert widget is not None, "no widget has the keyboard focus"  # QTest would abort the process
    return widget


def type_into_focus(qtbot, text: str) -> None:
    qtbot.keyClicks(focused(), text)


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(focused(), key, modifier)


def find_caller(qtbot, desk, typed: str) -> None:
    desk.search.setFocus()
    type_into_focus(qtbot, typed)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: desk.context is not None, timeout=10_000)


def test_flag_banner_and_repeat_status_for_a_flagged_repeat_caller(qtbot, desk, flagged_caller):
    find_caller(qtbot, desk, "0113 496 0123")
    assert desk.flag_banner.isVisible()
    assert "FLAG — LOCATION" in desk.flag_banner.text() and "alley behind the shops" in desk.flag_banner.text()
    assert desk.repeat.text() == "Elsie Garside: 3 incidents in the last 30 days: repeat victim"
    assert desk.person_history.rowCount() == 2
    assert QApplication.focusWidget() in (desk.code, desk.code.lineEdit())  # straight on to the incident code


def test_whole_call_by_keyboard_from_ctrl_n_to_saved_log(qtbot, desk, desk_store, flagged_caller):
    press(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is desk.search
    find_caller(qtbot, desk, "garside")
    type_into_focus(qtbot, "nuisance")
    press(qtbot, Qt.Key.Key_Return)
    assert desk.session.incident_code == "802"
    assert QApplication.focusWidget() is desk.questions
    # Every question by keys alone: mandatory yes/no -> N, mandatory choice -> 1, the rest passed.
    guard = 0
    while desk.session.current is not None and guard < 80:
        guard += 1
        question = desk.session.question()
        if question.mandatory and question.type == "yes_no":
            press(qtbot, Qt.Key.Key_Y if question.id == "consent" else Qt.Key.Key_N)
        elif question.mandatory and question.type == "single":
            press(qtbot, Qt.Key.Key_1)
        elif question.id == "what_happening":
            type_into_focus(qtbot, "Youths kicking the door at night")
        press(qtbot, Qt.Key.Key_Return)
    assert desk.session.current is None and guard < 80
    assert desk.session.answers["what_happening"] == "Youths kicking the door at night"
    assert "Repeat: 3 incidents in the last 30 days: repeat victim" in desk.panel.text()
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: desk.last_saved is not None, timeout=10_000)
    reference = desk.last_saved.reference
    assert reference.startswith("ASB-2026-")
    with desk_store._session() as session:
        row = session.scalar(select(m.Contact).where(m.Contact.reference == reference))
    assert row.person_id == flagged_caller.id and row.incident_code == "802" and row.operator == ANN.username
    assert row.is_repeat is True and row.grade == "response"  # 3 in 30 days: graded Response
    assert f"Reference:            {reference}" in row.log_text
    assert row.log_text == desk.last_log
    assert "Youths kicking the door at night" in row.log_text


def test_mandatory_question_refused_without_answer_or_reason(qtbot, desk):
    desk.code.setFocus()
    type_into_focus(qtbot, "801")
    press(qtbot, Qt.Key.Key_Return)
    assert desk.session.current == "immediate_danger"
    press(qtbot, Qt.Key.Key_Return)
    assert desk.session.current == "immediate_danger"
    assert "must be answered, or a reason recorded" in desk.statusBar().currentMessage()
    desk.session.decline("not_safe_to_ask")
    press(qtbot, Qt.Key.Key_Return)
    assert desk.session.current == "weapons"


def test_answer_updates_the_assessment_panel_at_once(qtbot, desk):
    desk.code.setFocus()
    type_into_focus(qtbot, "802")
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Y)  # immediate danger: yes
    assert "Risk: HIGH RISK" in desk.panel.text()
    assert "EMERGENCY" in desk.panel.text() and "RAG: <b>RED</b>" in desk.panel.text()


def test_finish_refused_while_mandatory_questions_are_open(qtbot, desk):
    desk.code.setFocus()
    type_into_focus(qtbot, "803")
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert desk.last_saved is None
    assert "mandatory question(s) need an answer or a reason" in desk.statusBar().currentMessage()


def test_history_model_passes_qt_model_tester(qtmodeltester, desk, flagged_caller, qtbot):
    find_caller(qtbot, desk, "0113 496 0123")
    qtmodeltester.check(desk.person_history)
    qtmodeltester.check(desk.place_history)


def test_a_vulnerable_flag_on_the_caller_counts_in_the_live_assessment(qtbot, desk, desk_store, flagged_caller):
    from asbdesk.storage.records import FlagRequest

    from tests.storage.conftest import SAM

    flag = desk_store.request_flag(ANN, FlagRequest("vulnerable_victim", negate_risk="Lives alone", person_id=flagged_caller.id))
    desk_store.authorise_flag(SAM, flag.id)
    find_caller(qtbot, desk, "garside")
    assert desk.session.caller.flags == ("location", "vulnerable_victim")
    type_into_focus(qtbot, "nuisance")
    press(qtbot, Qt.Key.Key_Return)
    assert desk.session.assessment.vulnerable
    assert "Vulnerable: <b>YES</b>" in desk.panel.text()
