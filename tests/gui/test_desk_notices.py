"""What a supervisor decided reaches the operator at their next sign-in (issue 10): the
desk counts the notices in the status bar and Ctrl+Shift+M reads them, marking them seen."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from asbdesk.storage import supervision as sv
from tests.gui.keys import CTRL, SHIFT, press
from tests.storage.conftest import ANN, NOW, SAM
from tests.storage.helpers import contact


def test_a_supervisors_decisions_are_read_at_the_next_sign_in(qtbot, desk_for, desk_store, flagged_caller):
    # flagged_caller: ann requested a location flag and sam authorised it. Sam also
    # disagrees with an override ann made.
    desk_store.save_contact(
        ANN,
        contact(
            NOW - timedelta(days=1),
            person_id=flagged_caller.id,
            answers={"weapons": True},
            override={"grade": "response", "reason": "toy gun"},
        ),
    )
    [item] = sv.review_items(desk_store, SAM, "override")
    sv.review_override(desk_store, SAM, item.id, False, "Weapons mean emergency, toy or not")
    desk = desk_for("default")
    qtbot.waitUntil(lambda: desk.notices_label.text() == "2 NOTICE(S): Ctrl+Shift+M", timeout=10_000)
    assert not desk.actions_by_name["supervisor"].isEnabled()  # a call handler has no queues
    press(qtbot, Qt.Key.Key_M, CTRL | SHIFT)
    box = QApplication.activeModalWidget()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), QMessageBox), timeout=5_000)
    box = QApplication.activeModalWidget()
    assert "Weapons mean emergency, toy or not" in box.text() and "authorised by sam" in box.text()
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: sv.unseen_notices(desk_store, ANN) == [], timeout=10_000)
    assert desk.notices_label.text() == ""


def test_a_supervisor_signing_in_gets_the_queues(qtbot, desk_store, tmp_path):
    from asbdesk.gui.desk import DeskWindow
    from asbdesk.storage.outbox import Outbox, ResilientSaver
    from tests.storage.helpers import engine

    window = DeskWindow(clock=lambda: NOW)
    qtbot.addWidget(window)
    window.ready(engine("default"), ResilientSaver(desk_store, Outbox(tmp_path / "outbox.sqlite")), SAM)
    window.show()
    qtbot.waitUntil(
        lambda: window.supervisor_window is not None and window.supervisor_window.isVisible(), timeout=10_000
    )
    assert window.actions_by_name["supervisor"].isEnabled()
    window.supervisor_window.close()
    window.close()
