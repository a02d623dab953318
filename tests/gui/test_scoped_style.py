"""Issue 24.2: the style sheet is put on the widgets its rules can select, as each is polished,
not on the whole application (any application sheet made every widget slower to build). What a
person sees must not change: the rules reach the widgets they name, with their pseudo-states and
property conditions, and widgets no rule names are left to the application's own style."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from asbdesk.gui import style
from asbdesk.gui.app import style_sheet
from tests.gui.keys import find_caller
from tests.gui.test_style import drawn_contrast


def commonest_colour(widget) -> QColor:
    """The widget's background as drawn (as tests/gui/test_style.py measures it)."""
    return drawn_contrast(widget)[2]


def test_every_rule_of_the_desks_sheet_is_read_with_its_selectors():
    sheet = style_sheet()
    found = style.rules(sheet)
    assert len(found) == sheet.count("{")  # one selector a rule in ui/desk.qss (no braces in its comments)
    assert [r.text for r in style.rules("QLabel#a, QPushButton { padding: 1px; }")] == [
        "QLabel#a {padding: 1px;}",
        "QPushButton {padding: 1px;}",
    ]
    named = {(rule.kind, rule.name) for rule in found}
    assert ("QLabel", "flagBanner") in named and ("QPushButton", None) in named and ("QLineEdit", None) in named
    assert all(rule.text.endswith("}") and "{" in rule.text for rule in found)


def test_a_selector_naming_no_widget_class_is_refused():
    with pytest.raises(ValueError, match="names no widget class"):
        style.rules("#flagBanner { color: red; }")


def test_the_application_has_no_sheet_of_its_own_and_the_desk_its_rules_where_they_apply(qtbot, desk, flagged_caller):
    assert QApplication.instance().styleSheet() == ""
    assert isinstance(QApplication.instance().style(), style.ScopedSheets)
    find_caller(qtbot, desk, "garside")
    qtbot.waitUntil(lambda: desk.flag_banner.isVisible(), timeout=5_000)
    assert "QLabel#flagBanner" in desk.flag_banner.styleSheet()
    assert "QLabel#refusal" not in desk.flag_banner.styleSheet()
    assert commonest_colour(desk.flag_banner).name() == "#8b0000"  # drawn as the sheet says
    assert "QPushButton {" in desk.finish.styleSheet()  # a type rule reaches every button
    unnamed = [label for label in desk.findChildren(QLabel) if not label.objectName()]
    assert unnamed and all(label.styleSheet() == "" for label in unnamed)  # no rule names them


def test_a_property_condition_and_a_later_repolish_still_style_the_widget(qtbot):
    # As the new-caller form marks a field it refused (dialogs.py): property, then repolish.
    box = QWidget()
    qtbot.addWidget(box)
    layout = QVBoxLayout(box)
    edit = QLineEdit("LS1 4AP")
    button = QPushButton("Save")
    layout.addWidget(edit)
    layout.addWidget(button)
    box.show()
    qtbot.waitExposed(box)
    plain = commonest_colour(edit).name()
    edit.setProperty("invalid", True)
    edit.style().unpolish(edit)
    edit.style().polish(edit)
    edit.update()
    assert commonest_colour(edit).name() == "#fdecea" != plain
