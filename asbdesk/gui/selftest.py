"""``asbdesk --self-test``: prove this install works, end to end, without a screen.

Loads every shipped pack, opens a temporary database, takes one scripted call
through the real widgets (keys into the real question view), saves it, reads the
log back from the database, and exits 0 — or non-zero with the reason.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path


def run_self_test() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")  # the offscreen plugin's notices are not errors
    home = tempfile.mkdtemp(prefix="asbdesk-self-test-")
    os.environ["ASBDESK_HOME"] = home
    from PySide6.QtCore import QEventLoop, Qt, QTimer, qInstallMessageHandler
    from PySide6.QtTest import QTest

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
    store = Store.open(f"sqlite:///{home}/self-test.sqlite")
    actor = Actor("self-test", "self-test")
    store.ensure_user(actor.username, "Self test", "call_handler")
    window = DeskWindow()
    window.show()
    window.ready(Engine(packs[DEFAULT_PACK]), ResilientSaver(store, Outbox(Path(home) / "outbox.sqlite")), actor)

    def settle(ms: int) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    try:
        code_entry = window.code.lineEdit()
        assert code_entry is not None  # an editable combo box always has its line edit
        QTest.keyClicks(code_entry, "802")
        QTest.keyClick(code_entry, Qt.Key.Key_Return)
        session = window.session
        if session is None or session.incident_code != "802":
            return fail("picking incident code 802 did not bring up its questions")
        answered = 0
        while session.current is not None and answered < 100:
            question = session.question()
            assert question is not None  # there is a current question
            if question.type == "yes_no":
                QTest.keyClick(window.questions, Qt.Key.Key_Y if question.id == "consent" else Qt.Key.Key_N)
            elif session.is_mandatory(question.id) and question.type == "single":
                QTest.keyClick(window.questions, Qt.Key.Key_1)
            QTest.keyClick(window.questions, Qt.Key.Key_Return)
            answered += 1
        if session.current is not None:
            return fail("the scripted call did not reach the end of the questions")
        window.finish_call()
        deadline = time.monotonic() + 30
        while window.last_saved is None and time.monotonic() < deadline:
            settle(50)
        saved = window.last_saved
        if saved is None or not saved.reference:
            return fail("the log was not saved within 30 s")
        log = store.contact_log(actor, saved.reference)
        if saved.reference not in log.log_text or log.incident_code != "802":
            return fail("the saved log does not hold what was taken")
        if not store.verify_audit().ok:
            return fail("the audit trail of the test database is broken")
    finally:
        window.close()
        store.close()
    print(
        f"asbdesk self-test passed: {len(packs)} packs loaded, one call of {answered} questions saved as {saved.reference}"
    )
    return 0
