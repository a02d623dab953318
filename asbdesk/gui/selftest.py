"""``asbdesk --self-test [--pack ID|DIR]``: prove this install works, end to end, without a screen.

Loads every shipped pack, opens a temporary database, takes one scripted call through
the real widgets (keys to whatever has the focus, as an operator types) on the default
pack or the one given, saves it, reads the log back from the database, and exits 0 — or
non-zero with the reason. CI runs it on every shipped pack.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from asbdesk.core.packs import Pack


def run_self_test(trial: Pack | None = None) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")  # the offscreen plugin's notices are not errors
    home = tempfile.mkdtemp(prefix="asbdesk-self-test-")
    os.environ["ASBDESK_HOME"] = home
    from PySide6.QtCore import QEventLoop, Qt, QTimer, qInstallMessageHandler
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from asbdesk.core.engine import Engine
    from asbdesk.core.packs import PackError
    from asbdesk.core.packs.registry import DEFAULT_PACK, resolve_pack, shipped_pack_ids
    from asbdesk.gui.app import application
    from asbdesk.gui.desk import DeskWindow
    from asbdesk.storage.outbox import Outbox, ResilientSaver
    from asbdesk.storage.records import Actor
    from asbdesk.storage.store import Store

    def fail(reason: str) -> int:
        print(f"asbdesk self-test FAILED: {reason}", file=sys.stderr)
        return 1

    try:
        packs = {pack_id: resolve_pack(pack_id) for pack_id in shipped_pack_ids()}
    except PackError as error:
        return fail(f"a shipped pack does not load: {error}")

    def quiet(mode, context, message) -> None:
        # The offscreen platform says it cannot raise or grab windows: not a failure.
        if "This plugin does not support" not in message:
            print(message, file=sys.stderr)

    qInstallMessageHandler(quiet)
    _app = application()  # held: the QApplication lives for the whole self-test
    pack = trial or packs[DEFAULT_PACK]
    code = "802" if pack.id == DEFAULT_PACK and "802" in pack.codes else next(iter(pack.codes))
    store = Store.open(f"sqlite:///{home}/self-test.sqlite")
    actor = Actor("self-test", "self-test")
    store.ensure_user(actor.username, "Self test", "call_handler")
    window = DeskWindow()
    window.show()
    window.activateWindow()
    window.ready(Engine(pack), ResilientSaver(store, Outbox(Path(home) / "outbox.sqlite")), actor)

    def settle(ms: int) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def focused():
        # Where the operator's keys go: the focused widget (the question view, or the typed
        # answer's box). Offscreen the window may not be active; the question view then.
        widget = QApplication.focusWidget()
        if widget is not None and window.isAncestorOf(widget):
            return widget
        return window.questions.entry if not window.questions.entry.isHidden() else window.questions

    def key(k: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        QTest.keyClick(focused(), k, modifier)

    consent = pack.data.pack.close.consent if pack.data.pack.close else None
    try:
        code_entry = window.code.lineEdit()
        assert code_entry is not None  # an editable combo box always has its line edit
        code_entry.setFocus()
        QTest.keyClicks(code_entry, code)
        QTest.keyClick(code_entry, Qt.Key.Key_Return)
        session = window.session
        if session is None or session.incident_code != code:
            return fail(f"picking incident code {code} of pack '{pack.id}' did not bring up its questions")
        answered = 0
        while session.current is not None and answered < 200:
            question = session.question()
            assert question is not None  # there is a current question
            needed = session.is_mandatory(question.id)
            if question.type == "yes_no":
                key(Qt.Key.Key_Y if question.id == consent else Qt.Key.Key_N)
            elif question.type in ("single", "multi") and needed:
                key(Qt.Key.Key_1)
            elif question.type in ("number", "text", "date") and needed:
                typed = {"number": "0", "date": datetime.now().date().isoformat()}.get(question.type, "self test")
                QTest.keyClicks(focused(), typed)
            # A yes/no or single choice moved on by itself; otherwise Enter (twice on an optional
            # question the desk moved to by itself: the first is taken for habit, issue 23.4).
            for _ in range(2):
                if session.current != question.id:
                    break
                key(Qt.Key.Key_Return)
            answered += 1
        if session.current is not None:
            stuck = session.question()
            return fail(
                f"the scripted call on pack '{pack.id}' did not reach the end of the questions "
                f"(held at '{stuck.id if stuck else None}': {window.refusal.text() or window.questions.position.text()})"
            )
        for _ in range(20):  # each pinned prompt acknowledged (Ctrl+K), as the refusal asks
            window.finish_call()
            if window.last_saved is not None or session.finished is not None:
                break
            if not session.unacknowledged():
                return fail(f"the call on pack '{pack.id}' was refused: {window.refusal.text()}")
            key(Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
        deadline = time.monotonic() + 30
        while window.last_saved is None and time.monotonic() < deadline:
            settle(50)
        saved = window.last_saved
        if saved is None or not saved.reference:
            return fail("the log was not saved within 30 s")
        log = store.contact_log(actor, saved.reference)
        if saved.reference not in log.log_text or log.incident_code != code or log.pack_id != pack.id:
            return fail("the saved log does not hold what was taken")
        if not store.verify_audit().ok:
            return fail("the audit trail of the test database is broken")
    finally:
        window.close()
        store.close()
    print(
        f"asbdesk self-test passed: {len(packs)} packs loaded; on pack {pack.id} {pack.version} "
        f"(sha256:{pack.content_hash[:12]}…), one call of {answered} questions saved as {saved.reference}"
    )
    return 0
