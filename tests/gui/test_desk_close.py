"""Closing a call: override, flag request, walk-in slip, the log's outputs, drafts, offline."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import select

from asbdesk.gui.desk import DeskWindow
from asbdesk.gui.dialogs import FlagDialog, OverrideDialog
from asbdesk.storage import models as m
from asbdesk.storage.outbox import Outbox, ResilientSaver
from asbdesk.storage.store import Store

from tests.gui.test_desk import find_caller, press
from tests.storage.conftest import ANN, NOW, SAM, drop_pg, fresh_pg_url
from tests.storage.helpers import engine
from tests.storage.proxy import TcpProxy

MANDATORY_802 = {"immediate_danger": False, "weapons": False, "before": False, "hate": False, "vulnerable": False,
                 "dm_pattern": "isolated", "dm_harm": "low", "further_contact": True, "contact_method": "ring_back", "consent": True}


def start_call(qtbot, desk, code="802"):
    # (The keyboard path is proven in test_desk.py; here the keys go to the code box itself.)
    qtbot.keyClicks(desk.code.lineEdit(), code)
    qtbot.keyClick(desk.code.lineEdit(), Qt.Key.Key_Return)
    assert desk.session.incident_code == code
    for qid, value in MANDATORY_802.items():
        desk.session.answer(value, qid)


def finish(qtbot, desk):
    desk.finish_call()  # what Ctrl+Enter does (test_desk.py presses it)
    qtbot.waitUntil(lambda: desk.last_saved is not None, timeout=10_000)


def test_override_refused_without_a_reason_then_saved_for_review(qtbot, desk, desk_store):
    start_call(qtbot, desk)
    dialog = OverrideDialog(desk, desk.session)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    dialog.value.setCurrentIndex(dialog.value.findData("high"))
    assert not ok.isEnabled()
    dialog.reason.setPlainText("   ")
    assert not ok.isEnabled()
    dialog.reason.setPlainText("Caller whispering: neighbour is outside the door")
    assert ok.isEnabled()
    ok.click()
    assert desk.session.assessment.level == "high" and desk.session.assessment.override.direction == "raise"
    finish(qtbot, desk)
    with desk_store._session() as session:
        row = session.scalar(select(m.Contact))
    assert (row.override_field, row.review_status, row.risk_level) == ("risk_level", "pending", "high")
    assert "Caller whispering" in row.log_text


def test_flag_request_saved_with_the_contact_for_a_supervisor(qtbot, desk, desk_store, flagged_caller):
    find_caller(qtbot, desk, "garside")
    start_call(qtbot, desk)
    dialog = FlagDialog(desk, desk.session.caller, desk.context)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("vulnerable_victim"))
    dialog.fields["negate_risk"].setText("Hard of hearing: text first")
    dialog._accept()
    desk.flag_requests.append(dialog.request)
    finish(qtbot, desk)
    [flag] = [f for f in desk_store.flags_needing_attention(SAM, NOW.date()) if f.status == "requested"]
    assert (flag.kind, flag.person_id, flag.negate_risk) == ("vulnerable_victim", flagged_caller.id, "Hard of hearing: text first")
    assert desk.last_saved.reference in flag.linked_references


def test_walk_in_gives_a_slip_with_reference_and_contact_choice(qtbot, desk):
    press(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert desk.session.channel == "walk-in" and desk.channel_label.text().startswith("WALK-IN")
    start_call(qtbot, desk)
    finish(qtbot, desk)
    assert desk.last_slip.startswith("ANTI-SOCIAL BEHAVIOUR REPORT")
    assert f"Your reference:       {desk.last_saved.reference}" in desk.last_slip
    assert "How we will contact you: A ring back" in desk.last_slip.replace("\n                        ", " ")
    assert "Channel:              Walk-in (front counter)" in desk.last_log


def test_log_saved_as_text_and_pdf(qtbot, desk, tmp_path):
    start_call(qtbot, desk)
    finish(qtbot, desk)
    dialog = desk.log_dialog
    dialog.save_to(str(tmp_path / "log.txt"))
    assert (tmp_path / "log.txt").read_text(encoding="utf-8") == desk.last_log
    dialog.pdf_to(str(tmp_path / "log.pdf"))
    data = (tmp_path / "log.pdf").read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 2000


def test_unfinished_contact_is_offered_back_after_a_crash(qtbot, desk, desk_store, tmp_path):
    start_call(qtbot, desk)
    desk.session.answer("Fireworks at the bus shelter", "what_happening")
    uuid = desk.session.uuid
    qtbot.waitUntil(lambda: any(u == uuid and p["answers"].get("what_happening") for u, _, p in desk_store.drafts(ANN)), timeout=10_000)
    desk.close()  # the crash: nothing saved, the window gone
    again = DeskWindow(clock=lambda: NOW + timedelta(minutes=3))
    qtbot.addWidget(again)
    again.ready(engine("default"), ResilientSaver(desk_store, Outbox(tmp_path / "outbox.sqlite")), ANN)
    again.show()
    qtbot.waitExposed(again)
    qtbot.waitUntil(again.recover_bar.isVisible, timeout=10_000)
    assert "unfinished contact" in again.recover_bar.text()
    again.recover_draft()
    assert again.session.uuid == uuid
    assert again.session.answers["what_happening"] == "Fireworks at the bus shelter"
    assert again.session.answers["contact_method"] == "ring_back"
    assert again.session.incident_code == "802" and again.code.currentData() == "802"


def test_shared_database_away_mid_call_goes_to_the_outbox(qtbot, pg_template, tmp_path):
    url, name = fresh_pg_url(pg_template)
    setup = Store.open(url, migrate=True)
    setup.ensure_user("ann", "Ann Handler", "call_handler")
    setup.close()
    proxy = TcpProxy()
    proxy.start()
    store = Store.open(proxy.url(name), clock=lambda: NOW)
    outbox = Outbox(tmp_path / "outbox.sqlite")
    desk = DeskWindow(clock=lambda: NOW)
    qtbot.addWidget(desk)
    try:
        desk.ready(engine("default"), ResilientSaver(store, outbox), ANN)
        desk.show()
        qtbot.waitExposed(desk)
        desk.activateWindow()
        start_call(qtbot, desk)
        proxy.cut()  # the shared database goes away in the middle of the call
        finish(qtbot, desk)
        assert desk.last_saved.queued and desk.last_saved.reference is None
        assert "outbox" in desk.statusBar().currentMessage()
        assert "OFFLINE: 1 log(s) waiting to send" in desk.status_db.text()
        proxy.start()
        outbox.flush(store)
        assert len(outbox) == 0
    finally:
        desk.close()  # waits for the desk's background work
        proxy.cut()
        store.close()
        drop_pg(name)


def test_calls_leave_nothing_behind(qtbot, desk):
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    from asbdesk.gui import tasks
    from asbdesk.gui.dialogs import LogDialog

    for n in range(3):
        desk.new_contact()
        start_call(qtbot, desk)
        desk.last_saved = None
        finish(qtbot, desk)
    tasks.wait_for_all(10_000)
    qtbot.waitUntil(lambda: not tasks._alive, timeout=5_000)  # every background task reported and let go
    desk.log_dialog.close()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    assert desk.findChildren(LogDialog) == []  # each log dialog deleted itself on close


def test_new_caller_added_from_the_desk_bad_number_refused_in_words(qtbot, desk, desk_store):
    from asbdesk.gui.dialogs import PersonDialog

    dialog = PersonDialog(desk)
    qtbot.addWidget(dialog)
    for key, value in {"given": "Wyn", "family": "Jowett", "phone": "0113 496", "line1": "2 Beck Side", "postcode": "hd1 3lt"}.items():
        dialog.fields[key].setText(value)
    dialog.submit()
    qtbot.waitUntil(lambda: "not a valid phone number" in dialog.problem.text(), timeout=10_000)
    assert dialog.fields["family"].text() == "Jowett"  # nothing typed is lost
    dialog.fields["phone"].setText("0113 496 0999")
    dialog.submit()
    qtbot.waitUntil(lambda: desk.context is not None, timeout=10_000)
    assert desk.context.person.name == "Wyn Jowett"
    assert desk.context.person.locations[0].postcode == "HD1 3LT"
    assert desk.session.caller.person_id == desk.context.person.id


def test_thrive_rationale_goes_into_the_log(qtbot, desk):
    start_call(qtbot, desk)
    desk.thrive["threat"].setText("Neighbour shouting threats through the letterbox")
    desk.thrive["threat"].editingFinished.emit()
    assert "Response" in desk.panel.text() and "Apply minimum standards" in desk.panel.text()
    finish(qtbot, desk)
    assert "Threat:               Neighbour shouting threats through the letterbox" in desk.last_log
