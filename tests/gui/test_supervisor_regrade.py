"""Issue 22.3 on the supervisor's desk, by keys: Ctrl+D offers the values the contact may be
re-graded to (asbdesk's computed value first, the operator's not at all), Up/Down chooses,
Tab to the comment, Ctrl+Enter records: the contact is re-graded, its log amended, the
follow-up in the queue. A contact that cannot be re-graded says why in the dialog."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from sqlalchemy import update

from asbdesk.storage import models as m
from asbdesk.storage import supervision as sv
from tests.gui.keys import CTRL, focused, press, type_text
from tests.gui.test_supervisor import closed, counts, dialog_for, go_to, record, settle, status
from tests.storage.conftest import ANN, NOW, SAM
from tests.storage.helpers import contact

LOWERED = {"risk_level": "standard", "reason": "The caller said the knife was a toy"}


def _lowered(store, elsie):
    return store.save_contact(
        ANN,
        contact(
            NOW - timedelta(hours=3),
            answers={"weapons": True},
            override=LOWERED,
            person_id=elsie.id,
            location_id=elsie.locations[0].id,
        ),
    )


def _offered(qtbot, dialog) -> QComboBox:
    combo = dialog.findChild(QComboBox, "regradeTo")
    qtbot.waitUntil(lambda: combo.currentData() is not None, timeout=10_000)
    return combo


def test_disagree_offers_the_computed_value_first_and_regrades_by_keys(qtbot, open_window, desk_store, elsie):
    saved = _lowered(desk_store, elsie)
    window = open_window()
    go_to(qtbot, window, "override")
    dialog = dialog_for(qtbot, Qt.Key.Key_D)
    combo = _offered(qtbot, dialog)
    assert focused() is combo
    # The operator's Standard is not offered; asbdesk's High is, chosen to start with.
    assert [combo.itemText(i) for i in range(combo.count())] == ["Medium risk", "High risk (computed)"]
    assert combo.currentData() == "high"
    press(qtbot, Qt.Key.Key_Up)
    assert combo.currentData() == "medium"
    press(qtbot, Qt.Key.Key_Down)
    assert combo.currentData() == "high"
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "A knife is a knife until an officer has seen it")
    record(qtbot, window)
    closed(qtbot, window)
    assert (
        f"Override on {saved.reference} disagreed: re-graded: risk level standard -> high, RAG GREEN -> RED; occurrence opened"
        in (status(window))
    )
    log = desk_store.contact_log(SAM, saved.reference)
    assert (log.risk_level, log.rag, log.review_status) == ("high", "red", "disagreed")
    assert "AMENDMENT 1: SUPERVISOR'S RE-GRADE" in log.log_text
    assert counts(desk_store)["occurrence"] == 1  # the follow-up the red RAG needs
    page = go_to(qtbot, window, "occurrence")
    assert page.model.index(0, 1).data() == saved.reference
    assert "AMENDMENT 1" in page.detail.toPlainText()  # the supervisor reads the amended log
    assert "re-graded" in sv.unseen_notices(desk_store, ANN)[0].text
    # A re-grade amends the log for good: Ctrl+Z says so and changes nothing.
    press(qtbot, Qt.Key.Key_Z, CTRL)
    settle(qtbot, window)
    assert status(window).startswith(f"Not undone: disagreed with the override on {saved.reference}")
    assert "a re-grade is not undone here" in status(window)
    assert desk_store.contact_log(SAM, saved.reference).risk_level == "high"


def test_a_contact_that_cannot_be_regraded_says_why_and_keeps_the_comment(qtbot, open_window, desk_store, elsie):
    saved = _lowered(desk_store, elsie)
    with desk_store.engine.begin() as connection:  # saved before asbdesk kept the call (migration 0010)
        connection.execute(update(m.Contact).where(m.Contact.id == saved.contact_id).values(call_input=None))
    window = open_window()
    go_to(qtbot, window, "override")
    dialog = dialog_for(qtbot, Qt.Key.Key_D)
    qtbot.waitUntil(lambda: "cannot be re-graded" in dialog.problem.text(), timeout=10_000)
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "I disagree")
    record(qtbot, window)
    settle(qtbot, window)
    assert dialog.isVisible() and "saved before asbdesk kept the call" in dialog.problem.text()
    assert counts(desk_store)["override"] == 1
    assert desk_store.contact_log(SAM, saved.reference).review_status == "pending"
