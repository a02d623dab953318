"""Closing a call by keys: saved means closed, flag requests, the walk-in slip, the log's
outputs, crash recovery of the whole call, offline, and nothing left behind."""

from __future__ import annotations

import gc
import sys
import threading
from datetime import timedelta

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFontInfo
from PySide6.QtWidgets import QApplication

from asbdesk.gui import tasks
from asbdesk.gui.desk import DeskWindow
from asbdesk.storage.outbox import Outbox, ResilientSaver
from asbdesk.storage.store import Store
from tests.gui.keys import (
    ALT,
    CTRL,
    SHIFT,
    answer_and_next,
    find_caller,
    finish_by_keys,
    focused,
    next_question,
    pass_question,
    pick_code,
    press,
    type_text,
    wait_dialog,
    wait_dialog_closed,
    wait_saved,
)
from tests.storage.conftest import ANN, NOW, SAM, drop_pg, fresh_pg_url
from tests.storage.helpers import engine
from tests.storage.proxy import TcpProxy

# A standard 802 call: what a caller typically says, by question (mandatory ones first).
ANSWERS_802 = {
    "immediate_danger": False,
    "weapons": False,
    "before": False,
    "hate": False,
    "vulnerable": False,
    "dm_pattern": "isolated",
    "dm_harm": "low",
    "further_contact": True,
    "contact_method": "ring_back",
    "consent": True,
    "what_happening": "Fireworks at the bus shelter",
    "national_property_damage": False,
}


def take_802(qtbot, desk, stop_at: str | None = None, pick: bool = True) -> None:
    """Pick 802 and answer by keys until the end (or until ``stop_at`` is on screen)."""
    if pick:
        pick_code(qtbot, desk, "802")
    for _ in range(80):
        question = desk.session.question()
        if question is None or question.id == stop_at:
            return
        if question.id in ANSWERS_802:
            answer_and_next(qtbot, desk, ANSWERS_802[question.id])
        else:
            pass_question(qtbot, desk)


def save_by_keys(qtbot, desk) -> None:
    finish_by_keys(qtbot, desk)
    wait_saved(qtbot, desk)


def test_a_saved_contact_is_closed_on_screen(qtbot, desk, desk_store):
    take_802(qtbot, desk)
    save_by_keys(qtbot, desk)
    reference = desk.last_saved.reference
    stored = desk_store.contact_log(ANN, reference)
    wait_dialog(qtbot)
    press(qtbot, Qt.Key.Key_Escape)
    wait_dialog_closed(qtbot, desk)
    press(qtbot, Qt.Key.Key_Backspace, CTRL)  # try to go back and change an answer
    assert "finished and saved" in desk.refusal.text()
    pick_code(qtbot, desk, "801")  # or re-pick the code
    assert desk.session.incident_code == "802" and "finished and saved" in desk.refusal.text()
    finish_by_keys(qtbot, desk)  # Ctrl+Enter again shows the same log; nothing new is saved
    assert desk.last_saved.reference == reference
    assert desk_store.contact_log(ANN, reference) == stored
    assert "Saved: this contact is closed" in desk.questions.position.text()


def test_flag_request_typed_shown_at_once_in_the_log_and_saved(qtbot, desk, desk_store, flagged_caller):
    find_caller(qtbot, desk, "garside")
    take_802(qtbot, desk)
    press(qtbot, Qt.Key.Key_F, CTRL)
    dialog = wait_dialog(qtbot)
    assert focused() is dialog.kind
    press(qtbot, Qt.Key.Key_Home)  # Vulnerable victim
    press(qtbot, Qt.Key.Key_N, ALT)  # Information to negate risk
    type_text(qtbot, "Hard of hearing: text first")
    press(qtbot, Qt.Key.Key_R, ALT)  # Request flag
    wait_dialog_closed(qtbot, desk)
    assert desk.requested_flags.isVisible() and "vulnerable victim on the caller" in desk.requested_flags.text()
    save_by_keys(qtbot, desk)
    assert "FLAGS REQUESTED" in desk.last_log and "Hard of hearing: text first" in desk.last_log
    [flag] = [f for f in desk_store.flags_needing_attention(SAM, NOW.date()) if f.status == "requested"]
    assert (flag.kind, flag.person_id, flag.negate_risk) == (
        "vulnerable_victim",
        flagged_caller.id,
        "Hard of hearing: text first",
    )
    assert desk.last_saved.reference in flag.linked_references


def test_walk_in_slip_is_for_the_public(qtbot, desk):
    press(qtbot, Qt.Key.Key_N, CTRL | SHIFT)
    assert desk.session.channel == "walk-in" and desk.channel_label.text().startswith("WALK-IN")
    take_802(qtbot, desk)
    save_by_keys(qtbot, desk)
    slip = desk.last_slip
    assert desk.last_saved.reference in slip and "999" in slip and "101" in slip
    assert "By a ring back" in slip
    for jargon in ("CC3", "Call taker", "re-contact/revisit", "not chosen", "+00:00"):
        assert jargon not in slip, jargon
    assert "Channel:              Walk-in (front counter)" in desk.last_log
    assert (
        desk.log_dialog.buttons["slip"].text() == "Print slip… (Alt+L)" and desk.log_dialog.buttons["slip"].isVisible()
    )


def test_a_new_walk_in_before_the_save_returns_keeps_the_first_slip(qtbot, desk):
    """Issue 7: Ctrl+Shift+N pressed before the save came back lost the slip."""
    press(qtbot, Qt.Key.Key_N, CTRL | SHIFT)
    take_802(qtbot, desk)
    first = desk.session
    gate = threading.Event()
    tasks.write(gate.wait, lambda _: None, lambda _: None)  # hold the write queue, as a slow database does
    finish_by_keys(qtbot, desk)
    press(qtbot, Qt.Key.Key_N, CTRL | SHIFT)  # the next person at the counter, at once
    assert desk.session is not first and desk.last_saved is None
    gate.set()
    wait_saved(qtbot, desk)
    assert desk.last_saved.uuid == first.uuid
    assert desk.last_saved.reference in desk.last_slip and "By a ring back" in desk.last_slip
    assert desk.session.incident_code is None  # the new contact is untouched


def test_log_dialog_mono_local_times_keys_and_pdf_in_documents(qtbot, desk, tmp_path):
    take_802(qtbot, desk)
    save_by_keys(qtbot, desk)
    dialog = wait_dialog(qtbot)
    assert QFontInfo(dialog.text.font()).fixedPitch()
    assert (
        "2026-11-23T" not in dialog.text.toPlainText()
        and "Time:                 23 Nov 2026" in dialog.text.toPlainText()
    )
    keys = [b.text().rsplit("(", 1)[1].rstrip(")") for b in dialog.buttons.values()]
    assert len(keys) == len(set(keys)) and all(k.startswith("Alt+") for k in keys)  # no Alt key claimed twice
    press(qtbot, Qt.Key.Key_D, ALT)  # Save as PDF
    documents = tmp_path / "home" / "documents"
    pdf = documents / f"{desk.last_saved.reference}.pdf"
    assert pdf.read_bytes().startswith(b"%PDF") and str(pdf) in dialog.saved_to.text()
    press(qtbot, Qt.Key.Key_S, ALT)  # Save text
    assert (documents / f"{desk.last_saved.reference}.txt").read_text(encoding="utf-8") == desk.last_log
    press(qtbot, Qt.Key.Key_D, ALT)  # again: a second file, never overwriting
    assert (documents / f"{desk.last_saved.reference}-2.pdf").exists()
    if sys.platform != "win32":  # a log holds personal data: private to the user (issue 13)
        import stat

        for saved in documents.iterdir():
            assert stat.S_IMODE(saved.stat().st_mode) == 0o600, saved


def test_the_whole_call_comes_back_after_a_crash(qtbot, desk, desk_store, flagged_caller, tmp_path):
    find_caller(qtbot, desk, "garside")
    take_802(qtbot, desk, stop_at="what_happening")
    type_text(qtbot, "Fireworks at the bus shelter")
    next_question(qtbot)
    take_802(qtbot, desk, stop_at="consent", pick=False)  # the crash comes before the last answer
    press(qtbot, Qt.Key.Key_T, CTRL)
    type_text(qtbot, "Rockets aimed at windows")
    press(qtbot, Qt.Key.Key_F, CTRL)
    wait_dialog(qtbot)
    press(qtbot, Qt.Key.Key_N, ALT)
    type_text(qtbot, "Elderly, lives alone")
    press(qtbot, Qt.Key.Key_R, ALT)
    wait_dialog_closed(qtbot, desk)
    uuid = desk.session.uuid
    outbox = desk.saver.outbox  # drafts are kept in the workstation's own file (issue 8)
    qtbot.waitUntil(lambda: any(u == uuid and p["flag_requests"] for u, _, p in outbox.drafts(ANN)), timeout=10_000)
    desk.close()  # the crash: nothing saved, the window gone

    again = DeskWindow(clock=lambda: NOW + timedelta(minutes=3))
    qtbot.addWidget(again)
    again.resize(1360, 820)
    again.ready(engine("default"), ResilientSaver(desk_store, outbox), ANN)
    again.show()
    qtbot.waitExposed(again)
    again.activateWindow()
    qtbot.waitUntil(again.recover_bar.isVisible, timeout=10_000)
    qtbot.waitUntil(lambda: focused() is again.search, timeout=5_000)
    press(qtbot, Qt.Key.Key_R, CTRL)
    assert again.session.uuid == uuid
    # The caller and everything shown about them, not only the answers.
    assert "Elsie Garside" in again.caller_line.text()
    assert again.flag_banner.isVisible() and "alley behind the shops" in again.flag_banner.text()
    assert again.person_history.rowCount() == 2
    assert "repeat victim" in again.repeat.text()
    assert again.thrive["threat"].text() == "Rockets aimed at windows"
    assert "Elderly, lives alone" in again.requested_flags.text()
    assert again.session.answers["what_happening"] == "Fireworks at the bus shelter"
    assert again.session.incident_code == "802" and again.code.currentData() == "802"
    press(qtbot, Qt.Key.Key_T, CTRL)
    press(qtbot, Qt.Key.Key_Tab)  # leaving THRIVE boxes, filled or empty, wipes nothing
    press(qtbot, Qt.Key.Key_Tab)
    assert again.session.rationale == {"threat": "Rockets aimed at windows"}
    press(qtbot, Qt.Key.Key_Escape)
    assert desk.session.question().id == "consent" and focused() is again.questions  # where the call was
    take_802(qtbot, again, pick=False)
    save_by_keys(qtbot, again)
    stored = desk_store.contact_log(ANN, again.last_saved.reference)
    assert stored.person_id == flagged_caller.id and "Rockets aimed at windows" in stored.log_text


def reopen_after_crash(qtbot, desk, desk_store) -> DeskWindow:
    """The desk gone without a save (the crash); a new one on the same workstation, Ctrl+R."""
    outbox = desk.saver.outbox
    desk.close()
    again = DeskWindow(clock=lambda: NOW + timedelta(minutes=3))
    qtbot.addWidget(again)
    again.resize(1360, 820)
    again.ready(engine("default"), ResilientSaver(desk_store, outbox), ANN)
    again.show()
    qtbot.waitExposed(again)
    again.activateWindow()
    qtbot.waitUntil(again.recover_bar.isVisible, timeout=10_000)
    qtbot.waitUntil(lambda: focused() is again.search, timeout=5_000)
    press(qtbot, Qt.Key.Key_R, CTRL)
    return again


def test_an_answer_typed_but_not_yet_entered_comes_back_in_its_entry_after_a_crash(qtbot, desk, desk_store):
    """Issue 23.4: "every answer and note are back" includes the text typed into the answer
    and not yet Entered: back in the entry of that question, the question still unanswered."""
    take_802(qtbot, desk, stop_at="what_happening")
    assert focused() is desk.questions.entry
    type_text(qtbot, "Fireworks at the bus sh")  # the crash comes mid-word
    uuid = desk.session.uuid
    outbox = desk.saver.outbox
    qtbot.waitUntil(
        lambda: any(u == uuid and p.get("typing") for u, _, p in outbox.drafts(ANN)),
        timeout=10_000,
    )
    again = reopen_after_crash(qtbot, desk, desk_store)
    assert again.session.uuid == uuid and again.session.question().id == "what_happening"
    assert "what_happening" not in again.session.answers  # not an answer: only typed
    assert focused() is again.questions.entry and again.questions.entry.text() == "Fireworks at the bus sh"
    name, description = again.questions.entry.accessibleName(), again.questions.entry.accessibleDescription()
    assert name.endswith(again.session.question().text) and "Not answered yet" in description
    press(qtbot, Qt.Key.Key_End)
    type_text(qtbot, "elter")  # carry on typing where the crash left off, then Enter
    press(qtbot, Qt.Key.Key_Return)
    assert again.session.answers["what_happening"] == "Fireworks at the bus shelter"
    assert again.session.question().id != "what_happening" and again.session.typing == ""


def test_text_typed_then_cleared_leaves_nothing_to_bring_back(qtbot, desk, desk_store):
    take_802(qtbot, desk, stop_at="what_happening")
    type_text(qtbot, "Fire")
    for _ in range(4):
        press(qtbot, Qt.Key.Key_Backspace)
    uuid = desk.session.uuid
    outbox = desk.saver.outbox
    qtbot.wait(400)  # the draft written since (250 ms)
    qtbot.waitUntil(lambda: any(u == uuid for u, _, _ in outbox.drafts(ANN)), timeout=10_000)
    assert desk.session.typing == ""
    again = reopen_after_crash(qtbot, desk, desk_store)
    assert again.session.question().id == "what_happening" and again.questions.entry.text() == ""


def test_shared_database_away_mid_call_queued_then_delivered_by_the_desk(qtbot, pg_template, tmp_path):
    """The desk's own sender delivers the outbox when the database is back: nobody calls flush."""
    url, name = fresh_pg_url(pg_template)
    setup = Store.open(url, migrate=True)
    setup.ensure_user("ann", "Ann Handler", "call_handler")
    setup.ensure_user("sam", "Sam Supervisor", "supervisor")
    setup.close()
    proxy = TcpProxy()
    proxy.start()
    store = Store.open(proxy.url(name), clock=lambda: NOW)
    outbox = Outbox(tmp_path / "outbox.sqlite")
    desk = DeskWindow(clock=lambda: NOW)
    qtbot.addWidget(desk)
    try:
        desk.ready(engine("default"), ResilientSaver(store, outbox), ANN)
        assert desk.outbox_sender is not None and desk.outbox_sender.is_alive()
        desk.show()
        qtbot.waitExposed(desk)
        desk.activateWindow()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is desk.search, timeout=5_000)
        take_802(qtbot, desk)
        proxy.cut()  # the shared database goes away in the middle of the call
        save_by_keys(qtbot, desk)
        assert desk.last_saved.queued and desk.last_saved.reference is None
        assert "outbox" in desk.message_line.text()
        qtbot.waitUntil(
            lambda: "OFFLINE" in desk.status_db.text() and "1 log(s) waiting" in desk.status_db.text(), timeout=15_000
        )
        assert outbox.drafts(ANN) == []  # safely queued: no longer an unfinished contact
        proxy.start()  # back: the desk notices, and its sender delivers
        qtbot.waitUntil(lambda: len(outbox) == 0, timeout=30_000)
        qtbot.waitUntil(
            lambda: "connected" in desk.status_db.text() and "last sent" in desk.status_db.text(), timeout=15_000
        )
        status = outbox.status()
        assert status.waiting == 0 and status.last_delivered is not None
        [saved] = store.contacts_between(SAM, NOW - timedelta(days=1), NOW + timedelta(days=1))
        assert saved.uuid == desk.last_saved.uuid
    finally:
        desk.close()  # stops the sender and waits for the desk's background work
        proxy.cut()
        store.close()
        drop_pg(name)


def test_desk_opens_offline_keeps_drafts_locally_and_comes_online_by_itself(qtbot, pg_template, tmp_path, monkeypatch):
    """The shared database is down at launch: the desk still opens (through the app's own
    start-up), finds a caller seen before from the last copy, keeps the draft locally, and
    comes online by itself when the database returns."""
    from asbdesk.gui.app import open_backend
    from asbdesk.storage.records import Actor, AddressInput, NewPerson

    url, name = fresh_pg_url(pg_template)
    setup = Store.open(url, migrate=True, clock=lambda: NOW)
    login = setup.identity()  # the desk signs in as the database login (issue 13)
    setup.ensure_user(login, "Ann Handler", "call_handler")
    person = setup.add_person(
        Actor(login, "desk-01"),
        NewPerson("Nell", "Ormerod", ("0113 496 0456",), (AddressInput("1 Mill Yard", "LS2 7HZ", "Leeds"),)),
    )
    setup.close()
    proxy = TcpProxy()
    proxy.start()
    monkeypatch.setenv("ASBDESK_DATABASE_URL", proxy.url(name))
    # A first session, online, sees the caller: the workstation keeps the last copy.
    engine_, saver, actor, using, _force = open_backend(False)
    assert actor.username == login
    saver.caller_context(actor, person.id, NOW)
    saver.store.close()
    proxy.cut()
    engine_, saver, actor, using, _force = open_backend(False)  # down at launch: no exception
    assert actor.username == login  # who the database said this account is, remembered
    desk = DeskWindow(clock=lambda: NOW)
    qtbot.addWidget(desk)
    try:
        desk.resize(1360, 820)
        desk.ready(engine_, saver, actor, using, _force)
        desk.show()
        qtbot.waitExposed(desk)
        desk.activateWindow()
        qtbot.waitUntil(lambda: "OFFLINE" in desk.status_db.text(), timeout=15_000)
        find_caller(qtbot, desk, "Ormerod")
        assert "OFFLINE: history may be incomplete" in desk.repeat.text()
        take_802(qtbot, desk, stop_at="what_happening")
        qtbot.waitUntil(lambda: any(u == desk.session.uuid for u, _, _ in saver.outbox.drafts(actor)), timeout=10_000)
        take_802(qtbot, desk, pick=False)
        save_by_keys(qtbot, desk)
        assert desk.last_saved.queued
        proxy.start()
        qtbot.waitUntil(lambda: len(saver.outbox) == 0, timeout=30_000)
        qtbot.waitUntil(lambda: "connected" in desk.status_db.text(), timeout=15_000)
    finally:
        desk.close()
        proxy.cut()
        saver.store.close()
        drop_pg(name)


def test_calls_leave_nothing_behind_and_none_keeps_its_references(qtbot, desk):
    """PySide6 6.12.0 on Python 3.11 dropped None's reference count on every processEvents
    (then aborted): many calls through the desk must leave it where it was."""
    from asbdesk.gui.dialogs import LogDialog

    def one_call() -> None:
        press(qtbot, Qt.Key.Key_N, CTRL)
        take_802(qtbot, desk)
        desk.last_saved = None
        save_by_keys(qtbot, desk)
        wait_dialog(qtbot)
        press(qtbot, Qt.Key.Key_Escape)
        wait_dialog_closed(qtbot, desk)
        for _ in range(20):
            QApplication.processEvents()

    one_call()
    gc.collect()  # earlier tests' garbage freed now, not counted as a fall during the calls
    before = sys.getrefcount(None)
    for _ in range(12):
        one_call()
    tasks.wait_for_all(10_000)
    qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=5_000)  # every background task reported and let go
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    assert len(desk.findChildren(LogDialog)) == 1  # one log dialog, reused call after call
    # Never falling: the 6.12.0 fault lost ~44 references a call (over 500 here), then
    # aborted. (PySide6 6.11 itself keeps some a call, more or fewer with what ran before
    # in the process: harmless, measured by bench/desk_bench.py, not bounded here.)
    gc.collect()
    # From Python 3.12 None is immortal: its count means nothing there and cannot reach zero.
    change = sys.getrefcount(None) - before
    assert change > -150 or sys.version_info >= (3, 12), change


def test_new_caller_by_keys_bad_number_refused_in_words_nothing_lost(qtbot, desk, desk_store):
    press(qtbot, Qt.Key.Key_P, CTRL)
    dialog = wait_dialog(qtbot)
    for text in ("Wyn", "Jowett", "0113 496", "2 Beck Side", "Huddersfield", "hd1 3lt"):
        type_text(qtbot, text)
        press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_D, ALT)  # Add caller
    qtbot.waitUntil(lambda: "not a valid phone number" in dialog.problem.text(), timeout=10_000)
    assert dialog.fields["family"].text() == "Jowett"  # nothing typed is lost
    problem = dialog.problem.geometry()
    from PySide6.QtWidgets import QDialogButtonBox

    box = dialog.findChild(QDialogButtonBox).geometry()
    assert problem.bottom() < box.top()  # the message never runs over OK/Cancel
    press(qtbot, Qt.Key.Key_P, ALT)  # back to the phone number
    dialog.fields["phone"].selectAll()
    type_text(qtbot, "0113 496 0999")
    press(qtbot, Qt.Key.Key_D, ALT)
    qtbot.waitUntil(lambda: desk.session.caller.known, timeout=10_000)
    assert desk.session.caller.name == "Wyn Jowett" and desk.session.caller.address.endswith("HD1 3LT")


def test_thrive_rationale_goes_into_the_log(qtbot, desk):
    take_802(qtbot, desk)
    press(qtbot, Qt.Key.Key_T, CTRL)
    type_text(qtbot, "Neighbour shouting threats through the letterbox")
    press(qtbot, Qt.Key.Key_Escape)
    save_by_keys(qtbot, desk)
    assert "Threat:               Neighbour shouting threats through the letterbox" in desk.last_log


def test_panel_scrolls_by_keyboard(qtbot, desk):
    desk.resize(1100, 520)
    pick_code(qtbot, desk, "801")
    press(qtbot, Qt.Key.Key_N)
    press(qtbot, Qt.Key.Key_Y)  # weapons: many prompts and a long response
    bar = desk.panel.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=5_000)
    start = bar.value()
    press(qtbot, Qt.Key.Key_PageDown, ALT)
    assert bar.value() > start
    press(qtbot, Qt.Key.Key_PageUp, ALT)
    assert bar.value() == start


def test_keys_in_a_steady_stream_do_not_put_the_draft_off(qtbot, desk):
    """Drafts are coalesced over 250 ms, from the first change not yet kept."""
    pick_code(qtbot, desk, "802")
    outbox = desk.saver.outbox
    for n in range(12):  # a key every 100 ms for 1.2 s: the draft is written meanwhile
        press(qtbot, Qt.Key.Key_Y if n % 2 else Qt.Key.Key_N)
        qtbot.wait(100)
        if any(u == desk.session.uuid for u, _, _ in outbox.drafts(ANN)):
            break
    assert any(u == desk.session.uuid for u, _, _ in outbox.drafts(ANN)) and n < 11


def test_a_database_fault_is_said_in_words_and_the_call_is_kept(qtbot, desk, desk_store):
    """Not "will be sent": a fault (here a missing table) is not an outage. The call stays
    open on screen, nothing is queued, and the draft stays on this workstation."""
    import sqlite3
    from contextlib import closing

    take_802(qtbot, desk)
    uuid = desk.session.uuid
    outbox = desk.saver.outbox
    qtbot.waitUntil(lambda: any(u == uuid for u, _, _ in outbox.drafts(ANN)), timeout=10_000)
    path = desk_store.engine.url.database
    with closing(sqlite3.connect(path)) as db:
        db.execute("PRAGMA foreign_keys=OFF")
        db.execute("DROP TABLE flag_event")
        db.execute("DROP TABLE flag")
        db.execute("DROP TABLE contact")
        db.commit()
    finish_by_keys(qtbot, desk)
    qtbot.waitUntil(lambda: desk.refusal.text().startswith("Not saved:"), timeout=10_000)
    assert "will be sent" not in desk.refusal.text() and desk.last_saved is None
    assert desk.session.finished is None  # reopened: the operator can carry on or try again
    assert len(outbox) == 0 and any(u == uuid for u, _, _ in outbox.drafts(ANN))


def test_a_referral_not_made_for_want_of_consent_is_explained_by_keys(qtbot, desk, desk_store):
    # Seed 003 para 34: high risk, consent refused: the shared-system entry and the case
    # conference are not made; the desk will not save until the operator writes why (or the
    # lawful basis for sharing anyway), and what they wrote is in the saved log.
    high = {**ANSWERS_802, "dm_pattern": "escalating", "dm_harm": "significant", "consent": False}
    pick_code(qtbot, desk, "802")
    for _ in range(80):
        question = desk.session.question()
        if question is None:
            break
        if question.id in high:
            answer_and_next(qtbot, desk, high[question.id])
        else:
            pass_question(qtbot, desk)
    assert desk.pinned.isVisible() and "Referral not made" in desk.pinned.text()
    finish_by_keys(qtbot, desk)
    assert "Not saved: the referral to Partnership case management system was not made" in desk.refusal.text()
    assert desk.last_saved is None

    press(qtbot, Qt.Key.Key_K, CTRL)
    dialog = wait_dialog(qtbot)
    assert focused() is dialog.text
    type_text(qtbot, "no")
    press(qtbot, Qt.Key.Key_Return, CTRL)
    assert "at least 10 characters" in dialog.problem.text()  # refused in words, dialog stays
    type_text(qtbot, " - caller fears the neighbour will find out")
    press(qtbot, Qt.Key.Key_Return, CTRL)
    wait_dialog_closed(qtbot, desk)

    press(qtbot, Qt.Key.Key_K, CTRL)  # the second one: share it on a lawful basis
    dialog = wait_dialog(qtbot)
    press(qtbot, Qt.Key.Key_D, ALT)
    assert focused() is dialog.choice
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_W, ALT)
    type_text(qtbot, "Safeguarding: children at the address")
    press(qtbot, Qt.Key.Key_Return, CTRL)
    wait_dialog_closed(qtbot, desk)
    assert not desk.session.consent_open() and not desk.pinned.isVisible()

    save_by_keys(qtbot, desk)
    stored = " ".join(desk_store.contact_log(ANN, desk.last_saved.reference).log_text.split())
    assert "NOT MADE (consent refused) – no - caller fears the neighbour will find out" in stored
    assert "[shared without consent: Safeguarding: children at the address]" in stored
