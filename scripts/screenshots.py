"""Screenshots of the real desk for the README, made in a real window.

Run under Xvfb:  xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python scripts/screenshots.py
It builds the demo database in a temporary ASBDESK_HOME, opens the desk as the demo
operator, looks up a flagged repeat caller, takes part of a call by keys, and saves
PNGs to docs/screenshots/.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "xcb")
os.environ["ASBDESK_HOME"] = tempfile.mkdtemp(prefix="asbdesk-shots-")

from PySide6.QtCore import QEventLoop, Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from asbdesk.gui.app import open_backend, style_sheet  # noqa: E402
from asbdesk.gui.desk import DeskWindow  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


def settle(ms: int = 400) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_for(condition, timeout_ms: int = 15000) -> None:
    waited = 0
    while not condition() and waited < timeout_ms:
        settle(100)
        waited += 100
    if not condition():
        raise SystemExit("the desk did not get there in time")


def keys(widget, text: str) -> None:
    QTest.keyClicks(widget, text)


def key(widget, k, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    # Xvfb has no window manager to give focus, so keys go to the widget that would have it.
    QTest.keyClick(widget, k, modifier)


def shot(window: DeskWindow, name: str) -> None:
    settle()
    path = OUT / name
    window.grab().save(str(path))
    print(f"saved {path}")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    app.setStyleSheet(style_sheet())
    window = DeskWindow()
    window.resize(1360, 820)
    window.show()
    window.ready(*open_backend(demo=True, pack_id="default"))
    settle()
    # The demo's first person is a flagged repeat caller.
    window.activateWindow()
    keys(window.search, "Amira")
    key(window.search, Qt.Key.Key_Return)
    wait_for(lambda: window.context is not None)
    shot(window, "desk-caller.png")
    keys(window.code.lineEdit(), "personal")
    key(window.code.lineEdit(), Qt.Key.Key_Return)
    for press in (Qt.Key.Key_N, Qt.Key.Key_Return, Qt.Key.Key_Y):  # not in danger; weapons: yes
        key(window.questions, press)
    shot(window, "desk-question.png")
    window.session.answer(True, "hate")
    window.session.go_to("dm_pattern")
    window.session.key("2")
    settle()
    shot(window, "desk-assessment.png")


if __name__ == "__main__":
    main()
