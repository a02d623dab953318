"""Qt habits (issue 12 item 5): a screen reader reads an accessible name or description
aloud as it is, so neither may carry HTML (tags, &entities;): plain words only."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QWidget

from asbdesk.gui.supervisor import supervisor_window
from tests.gui.keys import find_caller, pick_code
from tests.storage.conftest import NOW, SAM

TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")
ENTITY = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")


def html_in_accessible_text(window: QWidget) -> list[str]:
    found = []
    for widget in (window, *window.findChildren(QWidget)):
        for what, text in (("name", widget.accessibleName()), ("description", widget.accessibleDescription())):
            if TAG.search(text) or ENTITY.search(text):
                found.append(f"{type(widget).__name__} {widget.objectName()!r} {what}: {text!r}")
    return found


def test_the_pattern_finds_html():
    assert TAG.search("<b>FLAG</b>") and ENTITY.search("Smith &amp; Sons")
    assert not TAG.search("Risk < 3 and > 1") and not ENTITY.search("R&eason and A & B")


def test_no_html_in_the_desks_accessible_text(qtbot, desk, flagged_caller):
    find_caller(qtbot, desk, "0113 496 0123")  # the flag banner: rich text on screen
    pick_code(qtbot, desk, "801")
    qtbot.waitUntil(lambda: desk.session.question() is not None, timeout=5_000)
    assert desk.flag_banner.accessibleDescription()  # said, in words
    assert html_in_accessible_text(desk) == []


def test_no_html_in_the_supervisors_accessible_text(qtbot, desk_store, flagged_caller):
    window = supervisor_window(desk_store, SAM, clock=lambda: NOW)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(300)  # the queues load off the GUI thread
    assert html_in_accessible_text(window) == []
