"""The training desk's own widgets as a screen reader reads them (issue 23.1, 23.2): the
scenario picker, the banner, the caller's words and the scorecard. Real keys to the focused
widget; then what Qt hands assistive technology (QAccessible.queryAccessibleInterface)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication

from asbdesk.gui.documents import TRAINING_LINE
from asbdesk.gui.training import ScenarioPicker, load_shipped
from tests.gui.keys import find_caller, focused, pick_code, press
from tests.gui.test_accessibility_supervisor import name_of, tab_through, unnamed_focusable
from tests.gui.test_training import read_scorecard, scenario, take_call, training_desk  # noqa: F401 (fixtures)

NAME = QAccessible.Text.Name


def flat(text: str) -> str:
    return " ".join(text.split())


def test_the_picker_names_every_stop_and_says_the_objectives_of_the_scenario_chosen(qtbot):
    scenarios, _problems = load_shipped()
    picker = ScenarioPicker(scenarios)
    qtbot.addWidget(picker)
    picker.show()
    qtbot.waitExposed(picker)
    picker.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is picker.table, timeout=5_000)
    assert unnamed_focusable(picker) == []
    assert all(tab_through(qtbot, picker, presses=6).values())
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=5_000)
    picker.table.setFocus()
    qtbot.waitUntil(lambda: focused() is picker.table, timeout=5_000)
    for row, chosen in enumerate(scenarios):
        said = name_of(picker.objectives)
        assert said.startswith(f"Learning objectives: {chosen.data.title} (pack {chosen.pack.name})"), said
        assert flat(" · ".join(chosen.data.objectives)) in said
        # Every cell of the row, the empty ones too ("Rare, high harm" for most), says something.
        for column in range(picker.table.columnCount()):
            cell = QAccessible.queryAccessibleInterface(picker.table).focusChild()
            assert cell is not None and cell.text(NAME).strip(), (row, column)
            press(qtbot, Qt.Key.Key_Right)
        press(qtbot, Qt.Key.Key_Home)
        if row + 1 < len(scenarios):
            press(qtbot, Qt.Key.Key_Down)
    assert any(not picker.table.item(r, 3).text() for r in range(picker.table.rowCount()))


def test_the_banner_and_the_callers_words_say_their_text(qtbot, training_desk, scenario):  # noqa: F811
    desk = training_desk(scenario)
    banner, pane = desk.training.banner, desk.training.pane
    assert name_of(banner) == f"{TRAINING_LINE}: {flat(banner.text())}"
    assert name_of(pane.now) == f"Caller says, to this question: {flat(pane.current_text())}"
    find_caller(qtbot, desk, scenario.data.caller.phone)
    pick_code(qtbot, desk, scenario.data.expected.incident_code)
    reply = scenario.data.script.replies[desk.session.question().id].says
    assert reply in name_of(pane.now)
    assert name_of(pane.now) == f"Caller says, to this question: {flat(pane.current_text())}"


def test_the_score_is_announced_as_the_scorecard_opens(qtbot, training_desk, scenario):  # noqa: F811
    desk = training_desk(scenario)
    take_call(qtbot, desk, scenario, scenario.answers())
    card = read_scorecard(qtbot, desk)
    assert unnamed_focusable(card) == []
    said = list(card.announcements)
    assert said == [name_of(card.score)]
    assert said[0].startswith(f"Score {card.card.score} per cent: ") and scenario.data.title in said[0]


def test_the_trainers_results_window_names_every_stop(qtbot, training_desk, scenario):  # noqa: F811
    from asbdesk.gui.training import TrainerWindow
    from asbdesk.storage.training import Results

    desk = training_desk(scenario)
    take_call(qtbot, desk, scenario, scenario.answers())
    read_scorecard(qtbot, desk)
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: desk.training.result is not None, timeout=10_000)
    window = TrainerWindow(Results())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow(), timeout=5_000)
    assert unnamed_focusable(window) == []
    assert all(tab_through(qtbot, window, presses=6).values())
