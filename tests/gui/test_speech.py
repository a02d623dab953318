"""Which way the desk speaks to a screen reader (asbdesk.gui.speech, issue 23.2): the
announcement event for Orca 45.2 and later (and Windows), the focused widget's description for
an older Orca, which speaks no announcement (measured with Orca 43.1: scripts/orca_listen.py)."""

from __future__ import annotations

import os
import stat

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication

from asbdesk.gui import speech
from asbdesk.gui.desk import _set_accessible
from tests.gui.keys import CTRL, focused, pick_code, press

DESCRIPTION = QAccessible.Text.Description


@pytest.mark.parametrize(
    ("setting", "platform", "orca", "expected"),
    [
        (None, "linux", (43, 1), speech.DESCRIPTION),
        (None, "linux", (45, 1), speech.DESCRIPTION),  # just before the first that speaks them
        (None, "linux", (45, 2), speech.ANNOUNCEMENT),  # the first that speaks announcements
        (None, "linux", (48, 0), speech.ANNOUNCEMENT),
        (None, "linux", None, speech.ANNOUNCEMENT),  # no Orca here: another screen reader
        (None, "win32", (43, 1), speech.ANNOUNCEMENT),  # UI Automation's notification
        ("description", "win32", None, speech.DESCRIPTION),  # the setting wins
        (" Both ", "linux", (48, 0), speech.BOTH),
        ("announcement", "linux", (43, 1), speech.ANNOUNCEMENT),
        ("loud", "linux", (43, 1), speech.DESCRIPTION),  # not a setting: as if unset
    ],
)
def test_the_way_to_speak_follows_the_setting_then_the_installed_orca(setting, platform, orca, expected):
    assert speech.choose(setting, platform, orca) == expected


def _fake_orca(folder, output: str):
    program = folder / "orca"
    program.write_text(f"#!/bin/sh\necho '{output}'\n")
    program.chmod(program.stat().st_mode | stat.S_IEXEC)
    return program


def test_the_installed_orca_version_is_asked_of_orca_itself(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    assert speech.orca_version() is None  # none on the PATH
    _fake_orca(tmp_path, "43.1")
    assert speech.orca_version() == (43, 1)
    _fake_orca(tmp_path, "orca 46")
    assert speech.orca_version() == (46, 0)
    _fake_orca(tmp_path, "unknown")
    assert speech.orca_version() is None


def test_the_installed_orca_version_is_read_where_orca_installed_it_without_running_orca(tmp_path, monkeypatch):
    """Issue 24.2: no Orca process (0.2 s of a core) while the desk starts, where Orca's own
    orca_platform.py is found under its prefix; elsewhere Orca is asked, as above."""
    bin_folder = tmp_path / "bin"
    bin_folder.mkdir()
    monkeypatch.setenv("PATH", str(bin_folder))
    _fake_orca(bin_folder, "99.9")  # what running it would say
    platform = tmp_path / "lib" / "python3" / "dist-packages" / "orca" / "orca_platform.py"
    platform.parent.mkdir(parents=True)
    platform.write_text('__version__   = "$Revision$"\nversion     = "43.1"\n', encoding="utf-8")
    assert speech.orca_version() == (43, 1)
    platform.write_text('version = "45.2"\n', encoding="utf-8")
    assert speech.orca_version() == (45, 2)
    platform.write_text("# no version here\n", encoding="utf-8")
    assert speech.orca_version() == (99, 9)  # unreadable: Orca is asked
    other = tmp_path / "lib64" / "python3.12" / "site-packages" / "orca" / "orca_platform.py"
    other.parent.mkdir(parents=True)
    other.write_text('version = "47.0"\n', encoding="utf-8")
    assert speech.orca_version() == (99, 9)  # two Orcas under the prefix: which one runs is Orca's to say
    platform.unlink()
    assert speech.orca_version() == (47, 0)  # a site-packages install (Fedora, Arch)


@pytest.fixture
def described(monkeypatch):
    monkeypatch.setenv(speech.VARIABLE, speech.DESCRIPTION)
    assert speech.mode() == speech.DESCRIPTION


def settle(qtbot) -> None:
    """One turn of the event loop: the words go into the description after the window's own."""
    qtbot.wait(20)
    QApplication.processEvents()


def test_for_an_older_orca_a_refusal_is_put_before_the_focused_widgets_own_words(qtbot, desk, described):
    pick_code(qtbot, desk, "801")
    own = QAccessible.queryAccessibleInterface(focused()).text(DESCRIPTION)
    press(qtbot, Qt.Key.Key_Return, CTRL)  # finish with mandatory questions open: refused
    settle(qtbot)
    said = QAccessible.queryAccessibleInterface(focused()).text(DESCRIPTION)
    assert said.startswith("Refused: ") and desk.announcements[-1] in said, said
    assert said.endswith(own), (said, own)  # what the widget said before is kept after it
    press(qtbot, Qt.Key.Key_Return, CTRL)  # refused again: said again (a new description)
    settle(qtbot)
    again = QAccessible.queryAccessibleInterface(focused()).text(DESCRIPTION)
    assert again.startswith("Refused: ") and again.endswith(own) and again.count("Refused: ") == 1, again


def test_for_an_older_orca_the_risk_and_a_new_prompt_are_said_on_the_question(qtbot, desk, described):
    pick_code(qtbot, desk, "802")
    press(qtbot, Qt.Key.Key_Y)  # immediate danger: yes -> EMERGENCY pinned, risk HIGH
    settle(qtbot)
    said = QAccessible.queryAccessibleInterface(focused()).text(DESCRIPTION)
    assert "Risk now HIGH RISK" in said and "New prompt. EMERGENCY: " in said, said


def test_for_an_older_orca_a_key_that_moves_on_says_the_answer_and_leaves_the_question_to_the_name(
    qtbot, desk, described
):
    """Y answers and moves on by itself (issue 23.4): the answer and the prompt go in the
    description; the next question, which the widget's new name says, not a second time."""
    pick_code(qtbot, desk, "802")
    press(qtbot, Qt.Key.Key_Y)
    settle(qtbot)
    interface = QAccessible.queryAccessibleInterface(focused())
    name, said = interface.text(QAccessible.Text.Name), interface.text(DESCRIPTION)
    assert name.startswith("Question 2 of ") and said.startswith("Answer: Yes "), said
    assert "New prompt. EMERGENCY: " in said and name not in said, (name, said)


def test_with_announcements_the_description_is_the_widgets_own(qtbot, desk, monkeypatch):
    monkeypatch.setenv(speech.VARIABLE, speech.ANNOUNCEMENT)
    pick_code(qtbot, desk, "801")
    press(qtbot, Qt.Key.Key_Return, CTRL)
    settle(qtbot)
    assert desk.announcements[-1].startswith("Refused: ")
    assert "Refused" not in QAccessible.queryAccessibleInterface(focused()).text(DESCRIPTION)


def test_the_tests_speak_one_way_whatever_orca_this_machine_has():
    assert os.environ.get(speech.VARIABLE) == speech.ANNOUNCEMENT


def test_for_an_older_orca_moving_on_is_said_once_by_the_new_name(qtbot, desk, described):
    """Orca speaks a changed name on the focused widget: the same words are not put in its
    description as well (they would be said twice)."""
    pick_code(qtbot, desk, "801")
    press(qtbot, Qt.Key.Key_N)  # immediate danger: no, and on by itself (issue 23.4)
    settle(qtbot)
    name = QAccessible.queryAccessibleInterface(focused()).text(QAccessible.Text.Name)
    assert name.startswith("Question 2 of ") and desk.announcements[-1] == name
    assert name not in QAccessible.queryAccessibleInterface(focused()).text(DESCRIPTION)


def test_for_an_older_orca_the_window_does_not_put_its_own_words_back_over_an_announcement(qtbot, desk, described):
    """A second description change so soon makes a screen reader that is behind drop the
    first as out of date (Orca 43 under load never said the refusal): the window's own
    unchanged words are not set again after the announcement before them."""
    pick_code(qtbot, desk, "801")
    press(qtbot, Qt.Key.Key_Return, CTRL)  # refused
    settle(qtbot)
    said = focused().accessibleDescription()
    assert said.startswith("Refused: ")
    own = focused().property("asbdesk_own_description")
    assert own and said.endswith(own)
    _set_accessible(focused(), description=own)  # as the question view redraws, nothing changed
    assert focused().accessibleDescription() == said
    _set_accessible(focused(), description="Y Yes, N No. Answer: Yes.")  # a real change is set
    assert focused().accessibleDescription() == "Y Yes, N No. Answer: Yes."
