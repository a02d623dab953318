"""The walk-in slip as printed (PDF, then a PNG of its page for the README).

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/slip_sample.py && pdftoppm -png -r 60 -singlefile \
        docs/screenshots/slip.pdf docs/screenshots/desk-slip && rm docs/screenshots/slip.pdf
"""

from __future__ import annotations

import os
import sys
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from asbdesk.core.engine import Engine
from asbdesk.core.packs.registry import resolve_pack
from asbdesk.core.session import CallSession
from asbdesk.core.slip import walk_in_slip
from asbdesk.gui.dialogs import LogDialog
from asbdesk.storage.demo import DEMO_FORCE

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


def main() -> None:
    app = QApplication(sys.argv[:1])
    session = CallSession(Engine(resolve_pack("west-yorkshire")), datetime(2026, 11, 23, 14, 5, tzinfo=UTC), "walk-in")
    session.pick_code("802")
    for qid in session.visible_ids():
        question = session.pack.questions[qid]
        if question.type == "yes_no":
            session.answer(False, qid)
        elif question.type == "single" and qid in session.visible_ids():
            session.answer(question.options[0].id, qid)
    a = session.engine.assess(session.call(session.started_at))
    text = walk_in_slip(a, "ASB-2026-000417", session.pack, force=DEMO_FORCE)  # the demo's site (issue 19)
    print(text)
    dialog = LogDialog(None, text)
    dialog.pdf_to(str(OUT / "slip.pdf"), text)
    app.quit()


if __name__ == "__main__":
    main()
