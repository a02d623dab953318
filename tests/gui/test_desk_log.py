"""The saved log says who called and keeps what the operator recorded (issue 21.7), and the
CONSENT prompts come when the referral they hold back is possible: the desk driven by real
key events to the focused widget, as a call handler drives it."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from asbdesk.core.render import local_time
from tests.gui.keys import (
    ALT,
    CTRL,
    answer_and_next,
    find_caller,
    finish_by_keys,
    focused,
    pass_question,
    pick_code,
    press,
    type_text,
    wait_dialog,
    wait_dialog_closed,
    wait_saved,
)
from tests.gui.test_desk import value_for
from tests.gui.test_desk_close import ANSWERS_802, take_802
from tests.gui.test_documents import pdf_text
from tests.storage.conftest import ANN

# Seed 003 Annex D.1 and the default pack: escalating x significant is high risk; with a
# vulnerable victim SAFEGUARDING fires; high risk shares the case (consent needed).
HIGH_VULNERABLE = {**ANSWERS_802, "vulnerable": True, "dm_pattern": "escalating", "dm_harm": "significant"}


def answer_until(qtbot, desk, answers: dict, stop_at: str, check=None) -> None:
    """Answer by keys (mandatory questions with no given answer get a realistic one) until
    ``stop_at`` is on screen, calling ``check()`` at each question on the way."""
    for _ in range(80):
        question = desk.session.question()
        assert question is not None, f"'{stop_at}' never came up"
        if question.id == stop_at:
            return
        if check is not None:
            check()
        if question.id in answers:
            answer_and_next(qtbot, desk, answers[question.id])
        elif desk.session.is_mandatory():
            answer_and_next(qtbot, desk, value_for(question))
        else:
            pass_question(qtbot, desk)


def write_consent_reason(qtbot, desk, reason: str) -> None:
    """Ctrl+K opens the box for the first CONSENT prompt: type why, Ctrl+Enter records it."""
    press(qtbot, Qt.Key.Key_K, CTRL)
    dialog = wait_dialog(qtbot)
    assert focused() is dialog.text
    type_text(qtbot, reason)
    press(qtbot, Qt.Key.Key_Return, CTRL)
    wait_dialog_closed(qtbot, desk)


def test_consent_prompt_is_not_pinned_before_the_consent_question_and_is_after_a_no(qtbot, desk):
    pick_code(qtbot, desk, "802")
    press(qtbot, Qt.Key.Key_Y)  # immediate danger: EMERGENCY, high risk: the sharing referrals held back
    assert "EMERGENCY" in desk.pinned.text()
    assert {desk.session.referral_for(p) for p in desk.session.held_back()} == {"partnership_system", "case_conference"}

    def not_yet() -> None:
        assert "Referral not made" not in desk.pinned.text(), desk.session.question().id
        assert "Referrals that need the caller’s consent (asked at the close)" in desk.panel.text()
        assert "NOT MADE" not in desk.panel.text()

    answer_until(qtbot, desk, {**HIGH_VULNERABLE, "immediate_danger": True}, "consent", not_yet)
    not_yet()  # the consent question on screen, not yet answered
    press(qtbot, Qt.Key.Key_N)  # no consent
    assert desk.pinned.isVisible() and "Referral not made" in desk.pinned.text()
    assert "Partnership case management system" in desk.pinned.text()
    assert "Referrals not made (no consent)" in desk.panel.text()


def test_an_override_that_lowers_the_risk_keeps_what_was_acknowledged_and_written(qtbot, desk, desk_store):
    pick_code(qtbot, desk, "802")
    answer_until(qtbot, desk, HIGH_VULNERABLE, "consent")
    assert "SAFEGUARDING" in desk.pinned.text()
    press(qtbot, Qt.Key.Key_K, CTRL)  # acknowledge SAFEGUARDING
    assert "Acknowledged: SAFEGUARDING" in desk.message_line.text()
    press(qtbot, Qt.Key.Key_N)  # consent: no
    write_consent_reason(qtbot, desk, "Caller fears the neighbour will find out")
    assert "Recorded in the log" in desk.message_line.text()
    write_consent_reason(qtbot, desk, "No conference without her say: she will ring back")
    assert not desk.session.consent_open()

    press(qtbot, Qt.Key.Key_O, CTRL)  # override: high -> medium, with a reason
    dialog = wait_dialog(qtbot)
    assert focused() is dialog.field
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Up)
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "Offender arrested and bailed away from the street")
    press(qtbot, Qt.Key.Key_R, ALT)
    wait_dialog_closed(qtbot, desk)
    assert desk.session.assessment.level == "medium"
    assert not desk.session.pinned_prompts() and not desk.pinned.isVisible()  # SAFEGUARDING no longer fires

    while desk.session.question() is not None:
        pass_question(qtbot, desk)
    finish_by_keys(qtbot, desk)
    wait_saved(qtbot, desk)
    stored = desk_store.contact_log(ANN, desk.last_saved.reference).log_text
    flat = " ".join(stored.split())
    at = desk.session.acknowledged["high_risk_priority"]
    assert "RECORDED DURING THE CALL" in stored
    assert "[SAFEGUARDING] If victim is identified as high risk of harm and vulnerable" in flat
    assert f"Acknowledged by the operator at {local_time(at)}; the prompt no longer fires" in flat
    assert (
        "[CONSENT] Partnership case management system: not made – Caller fears the neighbour will find out "
        "(the referral is no longer due)"
    ) in flat
    assert "No conference without her say: she will ring back (the referral is no longer due)" in flat
    assert stored == desk.last_log


def test_the_saved_log_says_who_called_and_what_their_flag_says(
    qtbot, desk, desk_store, flagged_caller, caplog, tmp_path
):
    caplog.set_level(logging.DEBUG)
    find_caller(qtbot, desk, "garside")
    take_802(qtbot, desk)
    finish_by_keys(qtbot, desk)
    wait_saved(qtbot, desk)
    stored = desk_store.contact_log(ANN, desk.last_saved.reference).log_text
    caller = [
        "CALLER",
        "  Name:                 Elsie Garside",
        "  Phone:                0113 496 0123",
        "  Address:              4 Canal Row, Leeds, LS1 4AP",
        "  Active flags:         1",
        "  - FLAG: LOCATION (on the address)",
        "    Information to negate risk: Youths gather in the alley behind the shops",
        "    Attending officer: Check the rear alley",
    ]
    lines = stored.splitlines()
    start = lines.index("CALLER")
    assert lines[start : start + len(caller)] == caller
    assert desk.session.caller.person_id == flagged_caller.id

    dialog = wait_dialog(qtbot)  # the log as shown: read to the end by keys, copied, and as a PDF
    assert dialog.text.toPlainText() == stored
    bar = dialog.text.verticalScrollBar()
    assert focused() is dialog.text and bar.value() == 0 < bar.maximum()
    press(qtbot, Qt.Key.Key_End, CTRL)  # the cursor at the end, in view: the page scrolled there
    assert dialog.text.textCursor().atEnd() and bar.value() >= bar.maximum() - 1
    assert dialog.text.viewport().rect().contains(dialog.text.cursorRect())
    press(qtbot, Qt.Key.Key_C, ALT)
    assert QGuiApplication.clipboard().text() == stored
    press(qtbot, Qt.Key.Key_D, ALT)
    pdf = tmp_path / "home" / "documents" / f"{desk.last_saved.reference}.pdf"
    assert str(pdf) in dialog.saved_to.text()
    printed = pdf_text(pdf)
    for line in caller[1:]:
        assert " ".join(line.split()) in printed, line

    # Personal data goes in the graded log, never in the application's own log.
    for said in ("Elsie", "Garside", "496 0123", "4960123", "Canal Row", "LS1 4AP", "rear alley"):
        assert said not in caplog.text, said
