"""Driving the desk as a call handler does: real key events to whatever has the focus.

Nothing here sets the state a key should set: tests read the screen (and the session,
to assert) but only ever press keys.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier
NONE = Qt.KeyboardModifier.NoModifier


def focused():
    widget = QApplication.focusWidget()
    assert widget is not None, "no widget has the keyboard focus"  # QTest would abort the process
    return widget


# Keys pressed so far (a test may reset it): ``keys`` counts every key but the characters
# of typed text, which ``characters`` counts (the README's "keys a call takes")
PRESSED = {"keys": 0, "characters": 0}


def press(qtbot, key, modifier=NONE) -> None:
    PRESSED["keys"] += 1
    qtbot.keyClick(focused(), key, modifier)


def type_text(qtbot, text: str) -> None:
    PRESSED["characters"] += len(text)
    qtbot.keyClicks(focused(), text)


def find_caller(qtbot, desk, typed: str) -> None:
    """Ctrl+N puts the cursor in the search box; type, Enter takes the first match."""
    press(qtbot, Qt.Key.Key_N, CTRL)
    assert focused() is desk.search
    type_text(qtbot, typed)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: desk.session.caller.known, timeout=10_000)


def pick_code(qtbot, desk, typed: str) -> None:
    """From the caller the cursor is in the code box; from anywhere else Ctrl+I. Type, Enter."""
    if focused() not in (desk.code, desk.code.lineEdit()):
        press(qtbot, Qt.Key.Key_I, CTRL)  # the incident code, from anywhere
    assert focused() in (desk.code, desk.code.lineEdit()), focused()
    type_text(qtbot, typed)
    press(qtbot, Qt.Key.Key_Return)


def shown_question(desk) -> str:
    """The question id the screen shows, read from the screen's own words."""
    question = desk.session.question()
    assert question is not None, desk.questions.position.text()
    shown = desk.questions.text.text()
    assert shown in (question.text, question.text_in_person), (shown, question.text)
    return question.id


def answer_by_keys(qtbot, desk, value, email: str = "caller@example.org") -> bool:
    """Answer the question on screen with the keys for ``value``, and no Enter. Returns whether
    the desk moved on by itself: a yes/no (Y/N) or a single choice (its digit) does (issue
    23.4), so True; a multiple choice, a typed answer, and e-mail chosen as the contact (the
    desk then asks for the caller's address, and ``email`` is typed: issue 22.2) stay on the
    question for Enter, so False. :func:`answer_and_next` presses Enter only when needed."""
    question = desk.session.question()
    if question.type == "yes_no":
        press(qtbot, Qt.Key.Key_Y if value else Qt.Key.Key_N)
    elif question.type == "single":
        n = [o.id for o in question.options].index(value) + 1
        press(qtbot, getattr(Qt.Key, f"Key_{n}"))
        if desk.questions.email.isVisible():
            assert desk.session.current == question.id, "e-mail chosen: the desk waits for the address"
            assert focused() is desk.questions.email, focused()
            type_text(qtbot, email)
    elif question.type == "multi":
        for option in value:
            n = [o.id for o in question.options].index(option) + 1
            press(qtbot, getattr(Qt.Key, f"Key_{n}"))
    else:
        assert focused() is desk.questions.entry, focused()
        type_text(qtbot, str(value))
    moved = desk.session.current != question.id
    assert moved is (question.type == "yes_no" or (question.type == "single" and not desk.questions.email.isVisible()))
    return moved


def answer_and_next(qtbot, desk, value, email: str = "caller@example.org") -> None:
    """Answer the question on screen and go on to the next: Enter only after an answer that
    needs it (a multiple choice, a typed answer, an e-mail address)."""
    if not answer_by_keys(qtbot, desk, value, email):
        next_question(qtbot)


def next_question(qtbot) -> None:
    """Enter: submit a typed answer or a multiple choice and move on, or pass the question."""
    press(qtbot, Qt.Key.Key_Return)


def pass_question(qtbot, desk) -> None:
    """Enter past the question on screen, unanswered. Reached by an answer's own key,
    the first Enter is held as one pressed out of habit (issue 23.4): said, then Enter again."""
    qid = desk.session.current
    next_question(qtbot)
    if desk.session.current == qid:
        assert "is not answered yet (the desk moved on by itself after your answer)" in desk.refusal.text()
        next_question(qtbot)
    assert desk.session.current != qid


def finish_by_keys(qtbot, desk) -> None:
    press(qtbot, Qt.Key.Key_Return, CTRL)


def wait_saved(qtbot, desk) -> None:
    qtbot.waitUntil(lambda: desk.last_saved is not None, timeout=10_000)


def wait_dialog(qtbot):
    """The modal dialog a key opened, once it has the keyboard (as a window manager gives it)."""

    def ready() -> bool:
        dialog = QApplication.activeModalWidget()
        widget = QApplication.focusWidget()
        return dialog is not None and widget is not None and dialog.isAncestorOf(widget)

    qtbot.waitUntil(ready, timeout=5_000)
    return QApplication.activeModalWidget()


def wait_dialog_closed(qtbot, desk) -> None:
    qtbot.waitUntil(
        lambda: (
            QApplication.activeModalWidget() is None
            and QApplication.focusWidget() is not None
            and desk.isAncestorOf(QApplication.focusWidget())
        ),
        timeout=5_000,
    )
