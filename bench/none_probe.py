"""Which Qt operations change None's reference count in this PySide6 (issue 7).

    QT_QPA_PLATFORM=offscreen python bench/none_probe.py

Each operation runs twice to warm up, then 50 times; the change in
sys.getrefcount(None) (after gc.collect) is printed per operation. PySide6 6.12.0
lowered it on every processEvents (a crash follows); 6.11 raises it by a fixed amount
for every QDialog created from Python, with no Python object kept alive.
"""

from __future__ import annotations

import gc
import sys

import PySide6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QTextBrowser


def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv[:1])

    def count() -> int:
        gc.collect()
        return sys.getrefcount(None)

    def probe(name: str, operation, times: int = 50) -> None:
        operation()
        operation()
        objects, before = len(gc.get_objects()), count()
        for _ in range(times):
            operation()
        change, kept = (count() - before) / times, (len(gc.get_objects()) - objects) / times
        print(f"{name:40} None {change:+6.1f} an operation   Python objects kept {kept:+5.1f}")

    dialog = QDialog()
    edit = QLineEdit()
    edit.show()
    browser = QTextBrowser()
    browser.show()

    def show_and_close() -> None:
        dialog.show()
        app.processEvents()
        dialog.close()
        app.processEvents()

    def new_dialog() -> None:
        made = QDialog()
        made.show()
        app.processEvents()
        made.close()
        made.deleteLater()
        app.processEvents()

    print(f"PySide6 {PySide6.__version__}, Python {sys.version.split()[0]}")
    probe("processEvents()", app.processEvents)
    probe("one QDialog shown and closed", show_and_close)
    probe("key press to a line edit", lambda: QTest.keyClick(edit, Qt.Key.Key_A))
    probe("setHtml and repaint", lambda: (browser.setHtml("<b>x</b> y"), browser.repaint()))
    probe("QTimer.singleShot and processEvents", lambda: (QTimer.singleShot(0, lambda: None), app.processEvents()))
    probe("new QDialog shown, closed, deleted", new_dialog)


if __name__ == "__main__":
    main()
