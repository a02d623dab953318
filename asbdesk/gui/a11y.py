"""What a screen reader is given outside the call desk (issue 23.1): the supervisor's window,
the dip sample, the reports and the training desk's own widgets.

The announcement itself is the desk's one helper, :func:`asbdesk.gui.speech.announce`; here are
the two habits every other window shares: a label's accessible name carries its words (never a
fixed name in their place), and what a window announces is kept in its ``announcements``."""

from __future__ import annotations

from collections import deque

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QLabel, QLineEdit, QWidget

from asbdesk.gui.speech import announce

KEPT = 100  # the last things a window announced, as the desk keeps them


def new_announcements() -> deque[str]:
    return deque(maxlen=KEPT)


def plain(text: str, rich: bool = True) -> str:
    """What a label shows as the words a person reads, on one line (``rich``: the text may be
    markup, as a label takes it unless told it is plain text)."""
    if rich and ("<" in text or "&" in text):
        text = QTextDocumentFragment.fromHtml(text).toPlainText()
    return " ".join(text.split())


def show_text(label: QLabel, role: str, text: str) -> None:
    """``text`` on ``label``, and the label named ``role: text`` in plain words: a screen reader
    says what the label says, with what it is (a changed name is told to assistive technology)."""
    if label.text() != text:
        label.setText(text)
    words = plain(text, label.textFormat() != Qt.TextFormat.PlainText)
    name = f"{role}: {words}" if words else role
    if label.accessibleName() != name:
        label.setAccessibleName(name)


def say(window: QWidget, announcements: deque[str], text: str, assertive: bool = False) -> None:
    """Announce ``text`` from the widget with the keyboard when it is in ``window`` (else from
    ``window``), as the desk's ``DeskWindow.say`` does, and keep it in ``announcements``."""
    focus = QApplication.focusWidget()
    target = focus if focus is not None and (focus is window or window.isAncestorOf(focus)) else window
    announce(target, text, assertive)
    announcements.append(text)


def name_inner_parts(widget: QWidget) -> None:
    """The parts Qt makes inside a spin box, date field or combo box (its line edit, its
    popup list) take the field's own name: a screen reader never meets an unnamed one."""
    name = widget.accessibleName()
    if isinstance(widget, QAbstractSpinBox):
        for edit in widget.findChildren(QLineEdit):
            edit.setAccessibleName(name)
    elif isinstance(widget, QComboBox):
        widget.view().setAccessibleName(name)
        inner = widget.lineEdit()
        if inner is not None:
            inner.setAccessibleName(name)
