"""The desk: one call from Ctrl+N to the saved, graded log, keyboard only.

A thin Qt view over :class:`asbdesk.core.session.CallSession`. The session holds the
whole call — the caller and what was shown about them, answers, THRIVE, override,
flag requests, acknowledged prompts, the last refusal — and the window only mirrors
it (STYLE.md habit 5), so a recovered draft shows exactly what was on screen.
Storage work runs off the GUI thread; the session is pure Python and answers within
a frame.
"""

from __future__ import annotations

import html
import itertools
from collections import deque
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QCompleter,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from asbdesk.core.vocabulary import MUST_ACKNOWLEDGE, RAG_RATINGS, THRIVE
from asbdesk.gui import speech, tasks
from asbdesk.gui.domain import late as _late
from asbdesk.gui.domain import said_in_words as _said_in_words
from asbdesk.gui.history_model import HistoryModel, HistoryView
from asbdesk.gui.i18n import QT_TRANSLATE_NOOP, refusal_words
from asbdesk.gui.speech import announce
from asbdesk.gui.words import (
    flag_kind_words,
    flag_subject_words,
    local_text,
    phone_text,
    prompt_kind_words,
    repeat_words,
)

if TYPE_CHECKING:  # the engine, pydantic and SQLAlchemy load after the window has painted
    from asbdesk.core.engine import Assessment, Engine
    from asbdesk.core.session import Caller, CallSession
    from asbdesk.core.site import Force
    from asbdesk.gui.dialogs import LogDialog
    from asbdesk.gui.training import TrainingContext
    from asbdesk.storage.in_force import PackInUse
    from asbdesk.storage.outbox import OutboxSender, ResilientSaver
    from asbdesk.storage.records import Actor, CallerContext, PersonSummary, Publication, SaveResult


# Colour backs up the words (RISK: HIGH ...), never replaces them. The levels are the
# pack's own (two, three or more): the lowest is green, the highest red, any between amber.
LOWEST_COLOUR, MIDDLE_COLOUR, HIGHEST_COLOUR = "#1b5e20", "#8a5300", "#b00020"
RAG_WORDS: dict[str, str] = {rating: rating.upper() for rating in RAG_RATINGS}
# THRIVE headings with their Alt keys: Alt+T, Alt+H, Alt+K, Alt+I, Alt+V, Alt+E.
# Marked for translators here, translated where shown (the THRIVE form).
_THRIVE_WORDS = {
    "threat": QT_TRANSLATE_NOOP("DeskWindow", "&Threat"),
    "harm": QT_TRANSLATE_NOOP("DeskWindow", "&Harm"),
    "risk": QT_TRANSLATE_NOOP("DeskWindow", "Ris&k"),
    "investigation": QT_TRANSLATE_NOOP("DeskWindow", "&Investigation"),
    "vulnerability": QT_TRANSLATE_NOOP("DeskWindow", "&Vulnerability"),
    "engagement": QT_TRANSLATE_NOOP("DeskWindow", "&Engagement"),
}
THRIVE_LABELS = tuple((heading, _THRIVE_WORDS[heading]) for heading in THRIVE)


def level_colour(rank: int, count: int) -> str:
    """The colour for a level by its rank among the pack's ``count`` levels (0 the lowest)."""
    if rank <= 0:
        return LOWEST_COLOUR
    return HIGHEST_COLOUR if rank >= count - 1 else MIDDLE_COLOUR


def utc_now() -> datetime:
    return datetime.now(UTC)


def _set_accessible(widget: QWidget, name: str | None = None, description: str | None = None) -> None:
    """Only a real change is set (Qt tells assistive technology of each one)."""
    if name is not None and widget.accessibleName() != name:
        widget.setAccessibleName(name)
    if description is not None and widget.accessibleDescription() != description:
        if speech.still_says(widget, description):
            return  # an announcement before these same words: putting them back alone would make
            # a screen reader behind the keys drop the announcement as out of date (Orca does)
        widget.setAccessibleDescription(description)


def _set_text(label: QLabel, text: str) -> None:
    """Only a real change touches the label: a QLabel given new text asks the whole
    window to lay itself out again, which on every key cost more than the key itself."""
    if label.text() != text:
        label.setText(text)


class AnswerEdit(QLineEdit):
    """A typed answer. Enter submits it here and goes no further (the question view
    must not see the same Enter and move on a second time: issue 7, "a question is
    skipped after every text answer"); Ctrl+Backspace goes back a question."""

    submitted = Signal()
    back = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt)
        if (
            event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            event.accept()
            self.submitted.emit()
            return
        if event.key() == Qt.Key.Key_Backspace and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            event.accept()
            self.back.emit()
            return
        super().keyPressEvent(event)


class EmailEdit(AnswerEdit):
    """The caller's e-mail address, asked for when e-mail is the contact they chose (issue
    22.2): Enter records it (checked) and moves on, Esc goes back to the options to choose
    another way, Ctrl+Backspace back a question."""

    escaped = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt)
        if event.key() == Qt.Key.Key_Escape and not event.modifiers():
            event.accept()
            self.escaped.emit()
            return
        super().keyPressEvent(event)


class QuestionView(QWidget):
    """One generic view for every question the engine shows (not a class per question).

    Keys: Y/N, 1-9, Up/Down + Space for options (options may be many and long: the
    list wraps and scrolls to the highlighted one): a yes/no or single choice moves on by
    itself (issue 23.4), a multiple choice and typed answers then Enter, Enter to move on,
    Ctrl+Backspace back (also from "all questions passed")."""

    refused = Signal(str)
    speak = Signal(str)  # words for a screen reader to say now (the desk announces them)
    # True while one key is handled, False after: what it makes the desk say is said together
    # (an answer's key says the answer, then the question it moved on to)
    holding = Signal(bool)

    def __init__(self) -> None:
        super().__init__()
        self.session: CallSession | None = None
        self.highlight = 0
        # What a screen reader was last told: the question on screen and its answer in words.
        self._spoken_question: str | None = None
        self._spoken_answer = ""
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(self.tr("Question"))
        self.position = QLabel()
        self.position.setObjectName("questionPosition")
        self.text = QLabel()
        self.text.setObjectName("questionText")
        self.text.setWordWrap(True)
        self.help = QLabel()
        self.help.setObjectName("questionHelp")
        self.help.setWordWrap(True)
        self.options = QListWidget()
        self.options.setAccessibleName(self.tr("Options"))
        self.options.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.options.setWordWrap(True)  # long labels wrap instead of being cut off
        self.options.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.options.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.entry = AnswerEdit()
        self.entry.setAccessibleName(self.tr("Answer"))
        self.entry.submitted.connect(self._commit_text)
        self.entry.back.connect(self._back)
        # Typed but not yet Entered: kept in the draft (a crash loses none of it, issue 23.4)
        self.entry.textEdited.connect(self._typed)
        # The caller's e-mail address, under the contact-preference options when e-mail is chosen.
        self.email_label = QLabel(self.tr("The caller's e-mail address:"))
        self.email_label.setObjectName("emailLabel")
        self.email = EmailEdit()
        self.email.setObjectName("callerEmail")
        self.email.setAccessibleName(self.tr("The caller's e-mail address"))
        self.email.setPlaceholderText(self.tr("e.g. name@example.org: type it, then Enter"))
        self.email_label.setBuddy(self.email)
        self.email.submitted.connect(self._commit_email)
        self.email.back.connect(self._back)
        self.email.escaped.connect(self.setFocus)
        self._email_shown = False
        self.keys = QLabel()
        self.keys.setObjectName("keyHint")
        self.keys.setWordWrap(True)
        layout = QVBoxLayout(self)
        for widget in (self.position, self.text, self.help):
            layout.addWidget(widget)
        layout.addWidget(self.options, 1)
        layout.addWidget(self.email_label)
        layout.addWidget(self.email)
        layout.addWidget(self.entry)
        layout.addWidget(self.keys)
        layout.addStretch(0)

    def bind(self, session: CallSession) -> None:
        self.session = session
        self.highlight = 0
        self._spoken_question = None
        self.refresh()

    def _answer_words(self, question, answer: object, declined: str | None, reasons: dict[str, str]) -> str:
        """The answer as a screen reader says it: the options' own words, never the key typed."""
        labels = {o.id: o.label for o in question.options}
        if declined:
            return self.tr("not answered, {0}").format(reasons.get(declined, declined.replace("_", " ")))
        if answer is None or answer == () or answer == "":
            return ""
        if isinstance(answer, bool):
            return labels.get("yes" if answer else "no", self.tr("yes") if answer else self.tr("no"))
        if isinstance(answer, tuple):
            return ", ".join(labels.get(a, str(a)) for a in answer)
        if isinstance(answer, float):
            return f"{answer:g}"
        return labels.get(answer, str(answer)) if isinstance(answer, str) else str(answer)

    def _expose(self, question, number: str, text: str, answer_words: str) -> None:
        """The focused widget carries the question (issue 23.1): its name says the number, whether
        it is mandatory and the text; its description the keys and options and the answer."""
        session = self.session
        assert session is not None
        said = number
        if session.is_mandatory(question.id):
            said += self.tr(", mandatory")
        if question.audience == "operator":
            said += self.tr(", your judgement")
        said += f": {text}"
        if question.type == "yes_no":
            keys = ", ".join(f"{'Y' if o.id == 'yes' else 'N'} {o.label}" for o in question.options)
        elif question.type in ("single", "multi"):
            keys = ", ".join(f"{n} {o.label}" for n, o in enumerate(question.options, 1))
            if question.type == "multi":
                keys += self.tr(" (several may be chosen: each key toggles one)")
        else:
            keys = self.tr("type the answer, then Enter")
        state = self.tr("Answer: {0}").format(answer_words) if answer_words else self.tr("Not answered yet")
        description = f"{keys}. {state}."
        if question.help:
            description += f" {question.help}"
        _set_accessible(self, said, description)
        _set_accessible(self.entry, said, description)
        _set_accessible(self.email, description=said)
        if question.id != self._spoken_question:
            if self._spoken_question is not None:  # the first question comes with the focus moving to it
                self.speak.emit(said)
            self._spoken_question = question.id
            self._spoken_answer = answer_words
        elif answer_words != self._spoken_answer:
            self._spoken_answer = answer_words
            if answer_words and question.type in ("yes_no", "single", "multi"):
                self.speak.emit(self.tr("Answer: {0}").format(answer_words))
            elif not answer_words:
                self.speak.emit(self.tr("Not answered"))

    def refresh(self) -> None:
        # Whether the operator is here must be read before the entry is shown or hidden:
        # hiding the focused entry hands the focus to the next widget in the chain.
        in_email = self.email.hasFocus()
        owns_focus = self.hasFocus() or self.entry.hasFocus() or in_email
        session = self.session
        question = session.question() if session else None
        if session is None or question is None:
            self._show_no_question(owns_focus)
            return
        ids = session.visible_ids()
        position = number = self.tr("Question {0} of {1}").format(ids.index(question.id) + 1, len(ids))
        if session.is_mandatory(question.id):
            position += self.tr(" — mandatory")
        if question.audience == "operator":
            position += self.tr(" (your judgement)")
        _set_text(self.position, position)
        text = question.text_in_person if session.channel == "walk-in" and question.text_in_person else question.text
        _set_text(self.text, text)
        self.text.setAccessibleName(self.tr("Question: {0}").format(text))
        _set_text(self.help, question.help or "")
        self.help.setVisible(bool(question.help))
        answer = session.answers.get(question.id)
        declined = session.declined.get(question.id)
        if question.type in ("yes_no", "single", "multi"):
            chosen = (
                set(answer)
                if isinstance(answer, tuple)
                else {("yes" if answer else "no") if isinstance(answer, bool) else answer}
            )
            same = self.options.property("question") == question.id and self.options.count() == len(question.options)
            if self.options.property("question") != question.id:
                self.highlight = 0  # a new question (moved on by an answer's key too): from its first option
            self.highlight = min(self.highlight, len(question.options) - 1)
            if not same:  # a new question: new rows; the same one: only the marks change
                self.options.clear()
                self.options.setProperty("question", question.id)
            for n, option in enumerate(question.options, 1):
                key = (
                    ("Y" if option.id == "yes" else "N") if question.type == "yes_no" else str(n) if n <= 9 else "Space"
                )
                # A check box the keys drive (Space, Y/N, digits): shown and announced as
                # checked or not, never toggled by Qt itself behind the session's back.
                item = self.options.item(n - 1) if same else QListWidgetItem()
                if not same:
                    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                if item.text() != (label := f"[{key}]  {option.label}"):
                    item.setText(label)
                check = Qt.CheckState.Checked if option.id in chosen else Qt.CheckState.Unchecked
                if item.data(Qt.ItemDataRole.CheckStateRole) != check:
                    item.setCheckState(check)
                item.setData(
                    Qt.ItemDataRole.AccessibleTextRole,
                    (self.tr("chosen: {0}") if option.id in chosen else self.tr("not chosen: {0}")).format(
                        option.label
                    ),
                )
                if not same:
                    self.options.addItem(item)
            self.options.setCurrentRow(self.highlight)
            self.options.scrollToItem(self.options.currentItem())
            self.options.show()
            self.entry.hide()
            keys = self.tr("Y / N") if question.type == "yes_no" else f"1–{min(9, len(question.options))}"
            if question.type == "multi":
                keys += self.tr(" · Up/Down + Space (toggle), then Enter")
            elif session.moves_on_by_itself(question):
                keys += self.tr(" or Up/Down + Space: moves on by itself")
            else:
                keys += self.tr(" · Up/Down + Space")
        else:
            self.options.hide()
            self.entry.show()
            shown = "" if answer is None else (f"{answer:g}" if isinstance(answer, float) else str(answer))
            if self.entry.text() != (shown := session.typing or shown):  # typed, not yet Entered: kept
                self.entry.setText(shown)
            keys = self.tr("type, then Enter")
        reasons = {r.id: r.label for r in session.pack.data.pack.decline_reasons}  # the pack's own
        state = (
            self.tr("   Declined: {0}").format(reasons.get(declined, declined.replace("_", " "))) if declined else ""
        )
        self._expose(question, number, text, self._answer_words(question, answer, declined, reasons))
        wants_email = question.id == session.email_question() and session.email_wanted()
        newly = self._show_email(wants_email)
        if wants_email:
            _set_text(
                self.keys,
                self.tr(
                    "E-mail chosen: type the caller's e-mail address, then Enter · Esc back to the options ({keys})"
                ).format(keys=keys)
                + (self.tr(" · recorded: {0}").format(session.email) if session.email else ""),
            )
        else:
            _set_text(
                self.keys,
                self.tr("{keys} · Enter next · Ctrl+Backspace back · Ctrl+D {reasons}{state}").format(
                    keys=keys, reasons=" / ".join(reasons.values()), state=state
                ),
            )
        if owns_focus:
            if wants_email and (newly or in_email or session.email is None):
                self.email.setFocus()  # the address is what is asked now
            else:
                (self.entry if question.type in ("text", "number", "date") else self).setFocus()

    def _show_email(self, wanted: bool) -> bool:
        """Show (with what was typed before, or the address on the caller's record) or hide
        the e-mail field; returns whether it has just come into view."""
        session = self.session
        newly = wanted and not self._email_shown
        if newly and session is not None:
            self.email.setText(session.email or session.caller.email or "")
            self.email.selectAll()
        self._email_shown = wanted
        self.email_label.setVisible(wanted)
        self.email.setVisible(wanted)
        return newly

    def _commit_email(self) -> None:
        session = self.session
        if session is None or session.question() is None:
            return
        text = self.email.text()
        if not self._do(lambda: session.set_email(text)):
            return
        self._next()

    def _show_no_question(self, owns_focus: bool = False) -> None:
        session = self.session
        self.help.hide()
        self.options.hide()
        self.entry.hide()
        self._show_email(False)
        _set_text(self.keys, "")
        if session is None or session.incident_code is None:
            _set_text(self.position, "")
            _set_text(self.text, self.tr("Pick the incident code to bring up its questions."))
            self._spoken_question = None
        elif session.finished is not None:
            _set_text(self.position, self.tr("Saved: this contact is closed"))
            _set_text(
                self.text, self.tr("The log is saved as shown. Ctrl+N starts a new contact, Ctrl+Shift+N a walk-in.")
            )
        else:
            _set_text(self.position, self.tr("All {0} questions passed").format(len(session.visible_ids())))
            _set_text(self.text, self.tr("Ctrl+Enter to finish and save · Ctrl+Backspace back to the last question"))
        said = f"{self.position.text()}: {self.text.text()}" if self.position.text() else self.text.text()
        _set_accessible(self, said, "")
        _set_accessible(self.entry, self.tr("Answer"), "")
        if session is not None and session.incident_code is not None and self._spoken_question != "":
            if self._spoken_question is not None:
                self.speak.emit(said)
            self._spoken_question = ""  # the end of the questions: a question after it is said again
        if owns_focus:
            self.setFocus()

    def _typed(self, text: str) -> None:
        session = self.session
        if session is not None and session.question() is not None:
            self._do(lambda: session.set_typing(text))

    def _commit_text(self) -> None:
        self.holding.emit(True)
        try:
            self._commit_typed()
        finally:
            self.holding.emit(False)

    def _commit_typed(self) -> None:
        session = self.session
        question = session.question() if session else None
        if session is None or question is None:
            return
        raw = self.entry.text().strip()
        value: object = raw or None
        if raw and question.type == "number":
            try:
                value = float(raw) if "." in raw else int(raw)
            except ValueError:
                self.refused.emit(self.tr("'{0}' is not a number: type digits, e.g. 3").format(raw))
                return
        if not self._do(lambda: session.answer(value)):
            return
        self._next()

    def _do(self, action: Callable[[], object]) -> bool:
        try:
            action()
        except Exception as error:  # SessionError: said in words
            if not _said_in_words(error):
                raise
            self.refused.emit(refusal_words(error))
            return False
        return True

    def _next(self) -> None:
        self.highlight = 0
        if self.session is not None:
            self._do(self.session.next)

    def _back(self) -> None:
        self.highlight = 0
        if self.session is not None:
            self._do(self.session.back)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt)
        self.holding.emit(True)
        try:
            self._key(event)
        finally:
            self.holding.emit(False)

    def _key(self, event: QKeyEvent) -> None:
        session = self.session
        if session is None or session.incident_code is None:
            return super().keyPressEvent(event)
        key, mods = event.key(), event.modifiers()
        control = bool(mods & Qt.KeyboardModifier.ControlModifier)
        if key == Qt.Key.Key_Backspace and control:
            self._back()
            return
        question = session.question()
        if question is None:
            return super().keyPressEvent(event)
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not control:
            self._next()
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and question.options:
            step = -1 if key == Qt.Key.Key_Up else 1
            self.highlight = max(0, min(len(question.options) - 1, self.highlight + step))
            self.options.setCurrentRow(self.highlight)
            self.options.scrollToItem(self.options.currentItem())
        elif key == Qt.Key.Key_Space and question.options:
            self._do(lambda: session.choose(question.options[self.highlight].id))
        elif event.text() and not control and event.text().isprintable():
            if event.text().isdigit() and question.type == "multi":
                self.highlight = max(0, min(len(question.options) - 1, int(event.text()) - 1))
            self._do(lambda: session.key(event.text()))  # a yes/no or single choice moves on by itself
        else:
            super().keyPressEvent(event)


class AssessmentView(QTextBrowser):
    """The live assessment as rich text. A text browser lays its document out inside its
    own viewport, so new text does not make the whole window lay itself out again (a
    word-wrapped QLabel in a scroll area did, on every key: issue 7's key-to-paint)."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("assessment")
        self.setAccessibleName(self.tr("Live assessment (PgUp/PgDn, or Alt+PgUp/Alt+PgDn from anywhere)"))
        self.setOpenLinks(False)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._html = ""

    def setText(self, html_text: str) -> None:  # noqa: N802 (Qt's name, as QLabel)
        if html_text == self._html:
            return
        bar = self.verticalScrollBar()
        position = bar.value()
        self._html = html_text
        self.setHtml(html_text)
        bar.setValue(min(position, bar.maximum()))  # an answer does not throw the reader back to the top

    def text(self) -> str:
        """The HTML last set (as QLabel.text)."""
        return self._html


# Lines of text each part of the right-hand column keeps however many prompts are pinned
# (issue 23.4): the prompts scroll within their box, the assessment within its own.
PROMPTS_MIN_LINES = 8
ASSESSMENT_MIN_LINES = 12


class PromptsBox(QScrollArea):
    """The pinned prompts, newest first, in a box of their own that scrolls (PgUp/PgDn once
    Tab reaches it): as tall as its prompts up to its share of the column, never less than
    :data:`PROMPTS_MIN_LINES`, and never squeezing the live assessment below its own minimum."""

    def __init__(self, label: QLabel) -> None:
        super().__init__()
        self.setObjectName("pinnedBox")
        self.label = label
        # Above the box: how many prompts, and whether more are below the ones in view.
        self.header = QLabel()
        self.header.setObjectName("pinnedCount")
        self.header.setWordWrap(True)
        self.header.hide()
        self.count = 0
        self.setWidget(label)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def content_height(self) -> int:
        """The height the prompts' whole text takes at the box's width."""
        bar = self.verticalScrollBar()
        width = self.width() - 2 * self.frameWidth() - (bar.sizeHint().width() if bar.isVisible() else 0)
        height = self.label.heightForWidth(max(width, 100))
        return height if height > 0 else self.label.sizeHint().height()

    def fit(self) -> None:
        """No taller than the prompts need, no shorter than the minimum (or the prompts, if less)."""
        frame = 2 * self.frameWidth()
        content = self.content_height()
        least = self.label.fontMetrics().lineSpacing() * PROMPTS_MIN_LINES
        if self.maximumHeight() != content + frame:
            self.setMaximumHeight(content + frame)
        if self.minimumHeight() != min(content, least) + frame:
            self.setMinimumHeight(min(content, least) + frame)
        self.show_count()

    def show_count(self) -> None:
        """'4 prompts pinned, the newest first' and, when they do not all fit, how to read the rest."""
        below = self.content_height() > self.viewport().height() + 1 and self.viewport().height() > 0
        text = self.tr("{0} prompt(s) pinned, the newest first").format(self.count)
        if below:
            text += self.tr(" — more below: Tab to them, then PgDn")
        _set_text(self.header, text)
        self.header.setVisible(not self.isHidden() and self.count > 0)

    def setVisible(self, visible: bool) -> None:  # noqa: N802 (Qt)
        super().setVisible(visible)
        self.header.setVisible(visible and self.count > 0)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt)
        super().resizeEvent(event)
        self.fit()


class DeskWindow(QMainWindow):
    """The call handler's screen. Call :meth:`ready` once the pack and database are open."""

    first_painted = Signal()  # the operator sees the window: heavier work may start

    def __init__(self, clock: Callable[[], datetime] = utc_now, training: TrainingContext | None = None) -> None:
        super().__init__()
        self.clock = clock
        # Training mode (issue 11): a scenario on a sandbox; the context's hooks below put
        # TRAINING — NOT A REAL CALL on the window, the log and the slip, and score the call.
        self.training = training
        self.setWindowTitle(self.tr("asbdesk — {0}").format(training.title) if training is not None else "asbdesk")
        self.engine: Engine | None = None
        self.saver: ResilientSaver | None = None
        self.actor: Actor | None = None
        self.session: CallSession | None = None
        self._unsubscribe: Callable[[], None] | None = None
        self.last_saved: SaveResult | None = None
        self.last_log = ""
        self.last_slip = ""
        self.last_slips: dict[str, str] = {}  # the slip in each language the pack offers (issue 23.3)
        self.recoverable: dict | None = None
        self._shortcut_keys: set[int] = set()
        self.built = False
        self.log_dialog: LogDialog | None = None
        self.installEventFilter(self)  # until the first paint only (see eventFilter)
        self.outbox_sender: OutboxSender | None = None  # not 'sender': that is QObject.sender()
        self.online = True
        self.outbox_status = None
        self._polling = False
        self._closed = False  # closed: a status read still in flight is dropped when it returns
        self.notices: list = []  # unseen notices from supervisors (issue 10)
        self.supervisor_window: QMainWindow | None = None
        self.open_supervisor_on_sign_in = True  # a supervisor signing in sees the queues at once
        # The force's own desk (issue 19): the pack in use (published, shipped, or on trial),
        # a newer publication waiting for the next call, and the site for the slip and PDFs.
        self.pack_in_use: PackInUse | None = None
        self.next_pack: tuple[Publication, Engine, PackInUse] | None = None
        self.force: Force | None = None
        # The last words announced to a screen reader, newest last (issue 23.1): what a
        # test, or a support engineer, can read back of what was said.
        self.announcements: deque[str] = deque(maxlen=100)
        self._spoken_refusal: object = None
        self._spoken_caller: tuple | None = None
        self._spoken_level: str | None = None
        self._spoken_prompts: set[str] = set()
        # Words held while one key is handled, said together after it (see _hold_speech)
        self._held_words: list[tuple[str, bool]] | None = None
        self._pick_when_ready = False  # Enter pressed in the caller search before ready()
        self._early_words: tuple[str, int] | None = None  # told before the widgets were built
        self.tell(self.tr("Opening the database and the policy pack…"))

    def build(self) -> None:
        """Make the desk's widgets. The app calls it just after the window's first paint
        (the operator sees a window at once); :meth:`ready` makes sure it has run."""
        if self.built:
            return
        self.built = True
        self._build()

    # ------------------------------------------------------------------ layout

    def _build(self) -> None:
        self.recover_bar = QPushButton()
        self.recover_bar.setObjectName("recoverBar")
        self.recover_bar.setAccessibleName(self.tr("Carry on with the unfinished contact"))
        self.recover_bar.clicked.connect(self.recover_draft)
        self.recover_bar.hide()
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Caller: phone number, name or postcode"))
        self.search.setAccessibleName(self.tr("Find caller by phone, name or postcode"))
        self.results = QListWidget()
        self.results.setAccessibleName(self.tr("Matching callers"))
        self.results.setMaximumHeight(120)
        self.caller_line = QLabel()
        self.caller_line.setObjectName("callerLine")
        self.caller_line.setWordWrap(True)
        self.flag_banner = QLabel()
        self.flag_banner.setObjectName("flagBanner")
        self.flag_banner.setWordWrap(True)
        self.flag_banner.setAccessibleName(self.tr("Active flags"))
        self.flag_banner.hide()
        self.requested_flags = QLabel()
        self.requested_flags.setObjectName("requestedFlags")
        self.requested_flags.setWordWrap(True)
        self.requested_flags.hide()
        self.repeat = QLabel()
        self.repeat.setObjectName("repeatStatus")
        self.repeat.setWordWrap(True)
        self.person_history = HistoryModel()
        self.place_history = HistoryModel()
        self.history_tabs = QTabWidget()
        self.history_tabs.setAccessibleName(self.tr("Caller's and address history"))
        self.history_views: list[HistoryView] = []
        for model, title in (
            (self.person_history, self.tr("Caller's history")),
            (self.place_history, self.tr("Address history")),
        ):
            view = HistoryView(model)  # every cell whole: wide enough, or wrapped (issue 23.4)
            view.setAccessibleName(title)
            self.history_tabs.addTab(view, title)
            self.history_views.append(view)
        left = QWidget()
        column = QVBoxLayout(left)
        for widget in (
            self.search,
            self.results,
            self.caller_line,
            self.flag_banner,
            self.requested_flags,
            self.repeat,
        ):
            column.addWidget(widget)
        column.addWidget(self.history_tabs, 1)

        self.code = QComboBox()
        self.code.setEditable(True)
        self.code.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.code.setAccessibleName(self.tr("Incident code"))
        self._code_entry().setPlaceholderText(self.tr("Incident code: type to filter"))
        self._code_entry().setAccessibleName(self.tr("Incident code: type to filter, Enter to pick"))
        self.code.view().setAccessibleName(self.tr("Incident codes"))
        self.refusal = QLabel()
        self.refusal.setObjectName("refusal")
        self.refusal.setWordWrap(True)
        self.refusal.setAccessibleName(self.tr("Refused"))  # with the refusal's words once there is one
        self.refusal.hide()
        self.questions = QuestionView()
        # What the desk has to say (saved, queued, acknowledged, a pack published...): whole,
        # word-wrapped, and spoken (issue 23.4); a status bar cut such words short.
        self.message_line = QLabel()
        self.message_line.setObjectName("messageLine")
        self.message_line.setWordWrap(True)
        self.message_line.setTextFormat(Qt.TextFormat.PlainText)
        self.message_line.setAccessibleName(self.tr("Message"))
        self.message_line.hide()
        self._message_timer = QTimer(self, singleShot=True)
        self._message_timer.timeout.connect(lambda: self.tell(""))
        self.finish = QPushButton(self.tr("Finish and save (Ctrl+Enter)"))
        self.finish.setAccessibleName(self.tr("Finish and save the graded log"))
        self.finish.clicked.connect(self.finish_call)
        middle = QWidget()
        centre = QVBoxLayout(middle)
        centre.addWidget(self.recover_bar)
        centre.addWidget(self.code)
        centre.addWidget(self.refusal)
        centre.addWidget(self.questions, 1)
        centre.addWidget(self.message_line)
        centre.addWidget(self.finish)

        # Prompts that decide whether someone is sent stay here, above everything that
        # scrolls, until acknowledged by key (issue 7).
        self.pinned = QLabel()
        self.pinned.setObjectName("pinnedPrompts")
        self.pinned.setWordWrap(True)
        self.pinned.setAccessibleName(self.tr("Prompts to acknowledge: none"))
        self.pinned.setTextFormat(Qt.TextFormat.RichText)
        self.pinned_box = PromptsBox(self.pinned)
        self.pinned_box.setAccessibleName(self.tr("Prompts to acknowledge: none"))
        self.pinned_box.hide()
        self._prompt_seen: dict[str, int] = {}  # when each prompt was first pinned: newest shown first
        self.panel = AssessmentView()
        self.panel.setMinimumHeight(self.panel.fontMetrics().lineSpacing() * ASSESSMENT_MIN_LINES)

        # THRIVE: the operator's rationale, in the log under these headings (seed 001).
        self.thrive: dict[str, QLineEdit] = {}
        right = QWidget()
        side = QVBoxLayout(right)
        side.addWidget(self.pinned_box.header)
        side.addWidget(self.pinned_box, 1)  # both share the column; each keeps its minimum
        side.addWidget(self.panel, 1)
        self.thrive_box = QWidget()
        form = QFormLayout(self.thrive_box)
        for heading, label_text in THRIVE_LABELS:
            edit = QLineEdit()
            edit.setAccessibleName(self.tr("THRIVE {0}").format(heading))
            edit.textEdited.connect(lambda text, h=heading: self._rationale(h, text))
            self.thrive[heading] = edit
            label = QLabel(QCoreApplication.translate("DeskWindow", label_text))
            label.setBuddy(edit)  # Alt+T, Alt+H, Alt+K, Alt+I, Alt+V, Alt+E
            form.addRow(label, edit)
        hint = QLabel(self.tr("THRIVE rationale: Ctrl+T · Esc back to the question"))
        hint.setObjectName("keyHint")
        form.addRow(hint)
        side.addWidget(self.thrive_box)

        split = QSplitter()
        for column_widget in (left, middle, right):
            split.addWidget(column_widget)
        split.setSizes([520, 440, 400])  # the history's six columns want the room
        # OFFLINE across the whole window, with what it means (issue 23.4).
        self.offline_banner = QLabel()
        self.offline_banner.setObjectName("offlineBanner")
        self.offline_banner.setWordWrap(True)
        self.offline_banner.hide()
        window = QWidget()
        whole = QVBoxLayout(window)
        whole.setContentsMargins(0, 0, 0, 0)
        whole.addWidget(self.offline_banner)
        whole.addWidget(split, 1)
        self.setCentralWidget(window)
        # One tab chain through the screen, in the order of a call; the tables come last
        # and Tab leaves them.
        chain = [
            self.search,
            self.results,
            self.code,
            self.questions,
            self.finish,
            self.pinned_box,
            self.panel,
            *self.thrive.values(),
            *self.history_views,
        ]
        for first, second in itertools.pairwise(chain):
            self.setTabOrder(first, second)

        self._search_timer = QTimer(self, singleShot=True, interval=200)
        self._search_timer.timeout.connect(self._run_search)
        # Every change reaches the draft, coalesced over 250 ms: a burst of keys is one
        # write, and the write (on a worker thread) does not compete with the next key for
        # the interpreter. A crash loses at most the last quarter second.
        self._draft_timer = QTimer(self, singleShot=True, interval=250)
        self._draft_timer.timeout.connect(self._save_draft)
        self.search.textEdited.connect(lambda _: self._search_timer.start())
        self.search.returnPressed.connect(self._pick_first_result)
        self.results.itemActivated.connect(lambda item: self._load_caller(item.data(Qt.ItemDataRole.UserRole)))
        self.code.activated.connect(self._pick_code)
        self._code_entry().returnPressed.connect(self._pick_typed_code)
        self.questions.refused.connect(self._show_refusal_text)
        self.questions.speak.connect(self.say)
        self.questions.holding.connect(self._hold_speech)
        self._build_actions()
        self.channel_label = QLabel()
        self.channel_label.setObjectName("channel")
        self.statusBar().addPermanentWidget(self.channel_label)
        self.status_db = QLabel()
        self.statusBar().addPermanentWidget(self.status_db)
        self.notices_label = QLabel()
        self.notices_label.setObjectName("notices")
        self.statusBar().addPermanentWidget(self.notices_label)
        self.trial_label = QLabel()
        self.trial_label.setObjectName("trialPack")
        self.trial_label.hide()
        self.statusBar().insertPermanentWidget(0, self.trial_label)
        # The desk's shortcuts must work while the cursor is in a text box, where Qt
        # would otherwise let the box claim keys such as Ctrl+K (delete to end of line).
        for edit in self._text_boxes():
            edit.installEventFilter(self)
        if self.training is not None:
            self.training.attach(self)  # the banner, the "Caller says" pane, key presses counted
        if self._early_words is not None:
            self.tell(*self._early_words)
            self._early_words = None
        # The operator can type the caller's number or name as soon as the desk is on screen,
        # while the pack and the database are still opening: ready() then runs the search
        # (and the pick, if Enter was pressed) on what was typed (issue 24.2).
        self.search.setFocus()

    def _build_actions(self) -> None:
        """Every command is a QAction in a menu: discoverable, one shortcut each."""
        call = self.menuBar().addMenu(self.tr("Call"))
        view = self.menuBar().addMenu(self.tr("View"))
        self.actions_by_name: dict[str, QAction] = {}

        def add(menu, name: str, text: str, keys: list[str], slot: Callable[[], None]) -> None:
            action = QAction(text, self)
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(lambda _checked=False, run=slot: run())
            menu.addAction(action)
            self.addAction(action)
            self.actions_by_name[name] = action
            for sequence in action.shortcuts():
                self._shortcut_keys.add(sequence[0].toCombined())  # type: ignore[index]  # QKeySequence supports [] at run time

        add(call, "new", self.tr("New contact (phone)"), ["Ctrl+N"], self.new_contact)
        add(
            call,
            "walk_in",
            self.tr("New walk-in (front counter)"),
            ["Ctrl+Shift+N"],
            lambda: self.new_contact("walk-in"),
        )
        add(call, "new_person", self.tr("New caller…"), ["Ctrl+P"], self.open_new_person)
        add(call, "recover", self.tr("Carry on with the unfinished contact"), ["Ctrl+R"], self.recover_draft)
        call.addSeparator()
        add(call, "decline", self.tr("Not answered: record why…"), ["Ctrl+D"], self.decline)
        add(call, "acknowledge", self.tr("Acknowledge the pinned prompt"), ["Ctrl+K"], self.acknowledge_prompt)
        add(call, "override", self.tr("Override risk level or grade…"), ["Ctrl+O"], self.open_override)
        add(call, "flag", self.tr("Request a flag…"), ["Ctrl+F"], self.open_flag_request)
        add(call, "code", self.tr("Incident code"), ["Ctrl+I"], self._focus_code)
        add(call, "thrive", self.tr("THRIVE rationale"), ["Ctrl+T"], lambda: self.thrive["threat"].setFocus())
        call.addSeparator()
        add(call, "finish", self.tr("Finish and save"), ["Ctrl+Return", "Ctrl+Enter"], self.finish_call)
        add(view, "questions", self.tr("Back to the question"), ["Ctrl+E"], self._focus_question)
        add(view, "panel_down", self.tr("Scroll the assessment down"), ["Alt+PgDown"], lambda: self._scroll_panel(1))
        add(view, "panel_up", self.tr("Scroll the assessment up"), ["Alt+PgUp"], lambda: self._scroll_panel(-1))
        view.addSeparator()
        add(view, "notices", self.tr("Notices from your supervisor…"), ["Ctrl+Shift+M"], self.show_notices)
        add(view, "supervisor", self.tr("Supervisor's queues…"), ["Ctrl+Shift+Q"], self.open_supervisor)
        self.actions_by_name["supervisor"].setEnabled(False)  # for a signed-in supervisor only

    def _text_boxes(self) -> list[QLineEdit]:
        """Every text box of the desk, named (a search of the widget tree took 2-3 ms of the
        desk's start, issue 24.2; a test checks the list against that search)."""
        return [
            self.search,
            self._code_entry(),
            self.questions.entry,
            self.questions.email,
            *self.thrive.values(),
        ]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt)
        if watched is self and event.type() == QEvent.Type.Paint:
            self.removeEventFilter(self)  # once: no Python on the window's every event after
            QTimer.singleShot(0, self.first_painted.emit)  # once this paint has reached the screen
            return False
        key_event = event if isinstance(event, QKeyEvent) else None
        if (
            key_event is not None
            and event.type() == QEvent.Type.ShortcutOverride
            and key_event.keyCombination().toCombined() in self._shortcut_keys
        ):
            event.ignore()  # not the text box's: let the window's action have it
            return True
        if (
            key_event is not None
            and event.type() == QEvent.Type.KeyPress
            and key_event.key() == Qt.Key.Key_Escape
            and watched in self.thrive.values()
        ):
            self._focus_question()
            return True
        return super().eventFilter(watched, event)

    # ------------------------------------------------------------------ wiring

    def _backend(self) -> tuple[Engine, ResilientSaver, Actor]:
        """The pack's engine, the storage and the operator: present once ready() has run
        (before that the desk's actions are off, so no handler reaches here)."""
        if self.engine is None or self.saver is None or self.actor is None:
            raise RuntimeError("the desk is not ready yet")
        return self.engine, self.saver, self.actor

    def _call(self) -> CallSession:
        """The contact on screen: the mirrors run only on a bound session's changes."""
        if self.session is None:
            raise RuntimeError("no contact is bound to the desk")
        return self.session

    def _code_entry(self) -> QLineEdit:
        entry = self.code.lineEdit()  # an editable combo box always has its line edit
        if entry is None:
            raise RuntimeError("the incident code box is not editable")
        return entry

    def ready(
        self,
        engine: Engine,
        saver: ResilientSaver,
        actor: Actor,
        pack_in_use: PackInUse | None = None,
        force: Force | None = None,
    ) -> None:
        self.build()
        self.saver, self.actor, self.force = saver, actor, force
        self._use_pack(engine, pack_in_use)
        self._show_status_line()
        self.tell(self.tr("Ready: Ctrl+N for a new contact, Ctrl+Shift+N for a walk-in"), 5000)
        typed, pick = self.search.text(), self._pick_when_ready
        self._pick_when_ready = False
        self.new_contact()
        if typed:  # typed while the desk was opening: searched (and picked) now
            self.search.setText(typed)
            self._search_timer.start()
            if pick:
                self._pick_first_result()
        tasks.run(lambda: saver.drafts(actor), self._offer_draft, lambda _message: None)
        tasks.run(lambda: signed_in(saver.store, actor), self._signed_in, lambda _message: None)
        # The outbox is delivered by the desk itself, from now until it closes.
        from asbdesk.storage.outbox import OutboxSender

        self.outbox_sender = OutboxSender(saver.outbox, saver.store)
        self.outbox_sender.start()
        self._status_timer = QTimer(self, interval=3000)
        self._status_timer.timeout.connect(self._poll_status)
        self._status_timer.start()
        self._poll_status()

    def _use_pack(self, engine: Engine, pack_in_use: PackInUse | None) -> None:
        """Take calls on ``engine``'s pack from the next call on (the call under way, if any,
        keeps the engine it began with: its session holds it)."""
        self.engine, self.pack_in_use = engine, pack_in_use
        trial = pack_in_use is not None and pack_in_use.trial
        self.trial_label.setVisible(trial)
        if trial:
            self.trial_label.setText(self.tr("TRIAL PACK: {0} {1}").format(engine.pack.id, engine.pack.version))
        pack = engine.pack
        labels = {c: pack.codes[c].label for c in pack.codes}
        grades = {g: grade.label for g, grade in pack.grades.items()}  # the words the graded log uses
        for model in (self.person_history, self.place_history):
            model.set_labels(labels, grades, pack.level_labels)
        self.code.clear()
        by_label: dict[str, list[str]] = {}
        for code in pack.codes.values():
            by_label.setdefault(code.label, []).append(code.code)
        for code in pack.codes.values():
            twins = [c for c in by_label[code.label] if c != code.code]
            # Codes the source lists under one label (seed 002: "Hate ASB (Codes 804, 805,
            # 806)") are told apart by their number; say so rather than show three alike.
            note = self.tr("  (same label as {0}: pick by your force's code)").format(", ".join(twins)) if twins else ""
            self.code.addItem(f"{code.code} — {code.label}{note}", code.code)
        self.code.setCurrentIndex(-1)
        completer = QCompleter(self.code.model(), self.code)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.code.setCompleter(completer)
        if (popup := completer.popup()) is not None:
            popup.setAccessibleName(self.tr("Incident codes matching what is typed"))

    def _take_newer_pack(self) -> None:
        """At a new call: a pack published since the last one is in force from this call on."""
        if self.next_pack is None:
            return
        publication, engine, pack_in_use = self.next_pack
        self.next_pack = None
        self._use_pack(engine, pack_in_use)
        self._show_status_line()
        self.tell(
            self.tr("Pack {pack} {version} in force from this call (published by {who} at {when})").format(
                pack=publication.pack_id,
                version=publication.version,
                who=publication.published_by,
                when=local_text(publication.published_at),
            ),
            20000,
        )

    def new_contact(self, channel: str = "phone") -> None:
        if self.engine is None:
            return
        self._take_newer_pack()
        if channel == "walk-in" and not self.engine.pack.walk_in_ready:
            self.tell(
                self.tr(
                    "Pack '{0}' has no wording for the public, so it cannot print a walk-in slip: "
                    "use a pack with a 'public' block for the front counter."
                ).format(self.engine.pack.id),
                15000,
            )
            return
        engine, _, _actor = self._backend()
        session = _late().session.CallSession(engine, self.clock(), channel, operator=self._operator())
        self._bind(session)
        self.search.clear()
        self.results.clear()
        self.code.setCurrentIndex(-1)
        self.code.setEditText("")
        self.search.setFocus()

    def say(self, text: str, assertive: bool = False) -> None:
        """Announce ``text`` to a screen reader from the widget with the keyboard (see
        :func:`announce`) and keep it in :attr:`announcements`."""
        self.announcements.append(text)
        if self._held_words is not None:
            self._held_words.append((text, assertive))
        else:
            self._announce(text, assertive)

    def _announce(self, text: str, assertive: bool) -> None:
        focus = QApplication.focusWidget()
        target = focus if focus is not None and (focus is self or self.isAncestorOf(focus)) else self
        announce(target, text, assertive)

    def _hold_speech(self, holding: bool) -> None:
        """While one key at the question is handled, what it makes the desk say is held, then
        said as one announcement, in order (issue 23.4): a screen reader starting on the next
        announcement cuts the one it is saying, so Y's "Answer: Yes", a risk it raises and the
        question it moved on to would otherwise leave only the last one heard.
        :attr:`announcements` keeps each part. Said through the focused widget's description
        (an older Orca: :mod:`asbdesk.gui.speech`), the parts go one by one: that way gathers
        one turn's words itself and leaves out the question the widget's new name says."""
        if holding:
            if self._held_words is None:
                self._held_words = []
            return
        held, self._held_words = self._held_words or [], None
        if not held:
            return
        if speech.mode() != speech.ANNOUNCEMENT:
            for words, assertive in held:
                self._announce(words, assertive)
            return
        parts = [words if words[-1:] in (".", "?", "!", ":") else f"{words}." for words, _ in held[:-1]]
        self._announce(" ".join([*parts, held[-1][0]]), any(assertive for _, assertive in held))

    def tell(self, text: str, timeout: int = 0) -> None:
        """Show ``text`` whole on the message line and say it (issue 23.4); it goes after
        ``timeout`` ms (0: it stays until the next). Before the desk is built: once it is."""
        if not self.built:
            # Said on the message line once it is built (just after the first paint): a
            # status bar made for it now would be laid out and painted twice (issue 24.2).
            self._early_words = (text, timeout)
            return
        self.statusBar().clearMessage()
        self._message_timer.stop()
        _set_text(self.message_line, text)
        _set_accessible(self.message_line, self.tr("Message: {0}").format(text) if text else self.tr("Message"))
        self.message_line.setVisible(bool(text))
        if text:
            self.say(text)
            if timeout > 0:
                self._message_timer.start(timeout)

    def _bind(self, session: CallSession) -> None:
        """Show ``session``: the window mirrors it from now on."""
        if self._unsubscribe is not None:
            self._unsubscribe()
        self.session = session
        # A recovered or new contact: what it already shows is not news to be announced.
        self._spoken_refusal = session.refusal
        self._spoken_caller = self._caller_key(session.caller)
        self._spoken_level = session.assessment.level_label if session.assessment is not None else None
        self._spoken_prompts = {p.id for p in session.pinned_prompts()}
        self._prompt_seen = {p.id: 0 for p in session.pinned_prompts()}  # a recovered call: in the pack's order
        self._unsubscribe = session.subscribe(self._session_changed)
        self.channel_label.setText(
            self.tr("WALK-IN (front counter)") if session.channel == "walk-in" else self.tr("PHONE")
        )
        self.questions.bind(session)
        self._mirror_caller()
        self._mirror_flag_requests()
        self._mirror_rationale()
        self._mirror_refusal()
        self._show_assessment(session.assessment)
        if self.training is not None:
            self.training.bound(session)

    def _session_changed(self, aspects: frozenset[str]) -> None:
        s = _late().session
        if aspects == {s.TYPING}:  # a character typed into an answer: only the draft needs it
            self._draft_soon()
            return
        if aspects & {s.CALLER}:
            self._mirror_caller()
        if s.FLAGS in aspects:
            self._mirror_flag_requests()
        if aspects & {s.QUESTION, s.ANSWERS, s.REFUSAL, s.FINISHED, s.CODE, s.EMAIL}:
            self.questions.refresh()
            self._mirror_refusal()
        if s.RATIONALE in aspects:
            self._mirror_rationale()
        if aspects & {s.ASSESSMENT, s.OVERRIDE, s.ACKNOWLEDGED, s.CONSENT}:
            self._show_assessment(self._call().assessment)
        if self.training is not None:
            self.training.changed(self._call(), aspects)  # the caller's reply to the question now on screen
        if s.FINISHED not in aspects:
            self._draft_soon()  # every change reaches the draft

    # ------------------------------------------------------------------ caller

    def _run_search(self) -> None:
        if self.saver is None:
            return  # still opening: ready() searches for what was typed
        text = self.search.text()
        _, saver, actor = self._backend()
        tasks.run(lambda: saver.find_callers(actor, text), self._show_results, self._failed)

    def _show_results(self, people: list[PersonSummary]) -> None:
        self.results.clear()
        for person in people:
            place = person.locations[0] if person.locations else None
            where = f", {place.line1}, {place.postcode}" if place else ""
            phone = f", {phone_text(person.phones[0])}" if person.phones else ""
            self.results.addItem(f"{person.name}{phone}{where}")
            self.results.item(self.results.count() - 1).setData(Qt.ItemDataRole.UserRole, person.id)
        if people:
            self.results.setCurrentRow(0)

    def _show_then_pick_first(self, people: list[PersonSummary]) -> None:
        self._show_results(people)
        self._pick_first_result()

    def _pick_first_result(self) -> None:
        if self.saver is None:
            self._pick_when_ready = True  # Enter while the desk was opening: ready() picks
            return
        if self._search_timer.isActive():
            self._search_timer.stop()
            text = self.search.text()
            _, saver, actor = self._backend()
            tasks.run(lambda: saver.find_callers(actor, text), self._show_then_pick_first, self._failed)
            return
        item = self.results.currentItem()
        if item is not None:
            self._load_caller(item.data(Qt.ItemDataRole.UserRole))

    def _load_caller(self, person_id: int) -> None:
        _, saver, actor = self._backend()
        now, session = self.clock(), self.session
        tasks.run(
            lambda: saver.caller_context(actor, person_id, now),
            lambda c: self._show_caller(c, session),
            self._failed,
        )

    def _show_caller(self, context: CallerContext, session: CallSession | None = None) -> None:
        if session is not None and session is not self.session:
            return  # the operator has moved on to another contact
        try:
            self._call().set_caller(caller_from_context(context))
        except Exception as error:  # SessionError: said in words (a closed contact)
            if not _said_in_words(error):
                raise
            self._show_refusal_text(refusal_words(error))
            return
        self.code.setFocus()

    def _mirror_caller(self) -> None:
        caller: Caller = self._call().caller
        if not caller.known:
            self.caller_line.setText("")
            self.flag_banner.hide()
            self.repeat.setText(self.tr("No caller picked yet."))
            self.person_history.set_rows(())
            self.place_history.set_rows(())
            return
        phone = f" · {phone_text(caller.phone)}" if caller.phone else ""
        address = f" · {caller.address}" if caller.address else ""
        self.caller_line.setText(f"<b>{html.escape(caller.name)}</b>{html.escape(phone + address)}")
        if caller.flags:
            lines = []
            for flag in caller.flags:
                parts = [
                    self.tr("<b>FLAG — {kind}</b> (on the {subject})").format(
                        kind=html.escape(flag_kind_words(flag.kind).upper()),
                        subject=html.escape(flag_subject_words(flag.subject)),
                    )
                ]
                parts += [f"{label}: {html.escape(value)}" for label, value in self._instructions(flag)]
                lines.append("<br>".join(parts))
            self.flag_banner.setText("<br><br>".join(lines))
            # Everything the banner shows, in plain words: a screen reader reads it all.
            self.flag_banner.setAccessibleDescription(self._flag_words(caller))
            self.flag_banner.show()
        else:
            self.flag_banner.hide()
        self._mirror_repeat()
        self.person_history.set_rows(caller.person_history)
        self.place_history.set_rows(caller.location_history)
        if (key := self._caller_key(caller)) != self._spoken_caller:
            self._spoken_caller = key
            words = [self.tr("Caller: {0}").format(caller.name), self.repeat.text()]
            if caller.flags:
                words.append(self._flag_words(caller))
            self.say(". ".join(w for w in words if w), assertive=bool(caller.flags))

    @staticmethod
    def _caller_key(caller: Caller) -> tuple | None:
        return (caller.person_id, caller.name, caller.flags) if caller.known else None

    def _instructions(self, flag: Any) -> list[tuple[str, str]]:
        """A flag's instructions that are filled in, each with its label (seed 002 "Record")."""
        return [
            (label, value)
            for label, value in (
                (self.tr("Negate risk"), flag.negate_risk),
                (self.tr("Attending officer"), flag.officer_action),
                (self.tr("Inform"), flag.inform),
                (self.tr("Linked"), flag.linked_references),
            )
            if value
        ]

    def _flag_words(self, caller: Caller) -> str:
        """The caller's active flags with their instructions, as a screen reader says them."""
        said = []
        for flag in caller.flags:
            parts = [
                self.tr("Flag {kind} on the {subject}").format(
                    kind=flag_kind_words(flag.kind), subject=flag_subject_words(flag.subject)
                )
            ]
            parts += [f"{label}: {value.rstrip('.')}" for label, value in self._instructions(flag)]
            said.append(". ".join(parts))
        return ". ".join(said)

    def _mirror_repeat(self) -> None:
        caller = self._call().caller
        if not caller.known:
            return
        incomplete = "" if caller.complete else self.tr(" — OFFLINE: history may be incomplete")
        status = repeat_words(self._call().caller_repeat(self.clock()))
        _set_text(self.repeat, f"{caller.name}: {status}{incomplete}")

    def _mirror_flag_requests(self) -> None:
        requests = self._call().flag_requests
        self.requested_flags.setVisible(bool(requests))
        self.requested_flags.setText("\n".join(self.tr("Flag requested: {0}").format(r.line()) for r in requests))

    def _mirror_rationale(self) -> None:
        for heading, edit in self.thrive.items():
            text = self._call().rationale.get(heading, "")
            if edit.text() != text:
                edit.setText(text)

    def _mirror_refusal(self) -> None:
        refusal = self._call().refusal
        self.refusal.setVisible(refusal is not None)
        _set_text(self.refusal, refusal_words(refusal) if refusal else "")
        _set_accessible(
            self.refusal, self.tr("Refused: {0}").format(refusal_words(refusal)) if refusal else self.tr("Refused")
        )
        if refusal is not self._spoken_refusal:  # each refusal is a new one, even in the same words
            self._spoken_refusal = refusal
            if refusal is not None:
                self.say(self.tr("Refused: {0}").format(refusal_words(refusal)), assertive=True)

    def _show_refusal_text(self, message: str) -> None:
        """A refusal the session does not hold (a bad number typed): shown and said the same way."""
        self.refusal.setText(message)
        self.refusal.show()
        _set_accessible(self.refusal, self.tr("Refused: {0}").format(message))
        held = self.session.refusal if self.session is not None else None
        if held is None or refusal_words(held) != message:  # the session's own was said as it came
            self.say(self.tr("Refused: {0}").format(message), assertive=True)

    # ------------------------------------------------------------------ the call

    def _pick_code(self, index: int) -> None:
        code = self.code.itemData(index)
        if code is None:
            return
        try:
            self._call().pick_code(code)
        except Exception as error:  # SessionError: said in words
            if not _said_in_words(error):
                raise
            self._show_refusal_text(refusal_words(error))
            return
        self._focus_question()

    def _pick_typed_code(self) -> None:
        """Enter in the code box picks the first code whose text contains what was typed."""
        typed = self.code.currentText().strip().lower()
        for index in range(self.code.count()):
            if typed and typed in self.code.itemText(index).lower():
                self.code.setCurrentIndex(index)
                self._pick_code(index)
                return
        self._show_refusal_text(
            self.tr("No incident code matches '{0}': type part of a code or its name").format(typed)
        )

    def _focus_question(self) -> None:
        question = self.session.question() if self.session else None
        if question is not None and question.type in ("text", "number", "date"):
            self.questions.entry.setFocus()
        else:
            self.questions.setFocus()
        self.questions.refresh()

    def _focus_code(self) -> None:
        self.code.setFocus()
        self._code_entry().selectAll()  # typing replaces the code shown

    def _back_from_dialog(self) -> None:
        """A dialog closed: the desk takes the keyboard back, at the question."""
        self.activateWindow()
        self._focus_question()

    def _scroll_panel(self, direction: int) -> None:
        bar = self.panel.verticalScrollBar()
        bar.setValue(bar.value() + direction * bar.pageStep())

    def decline(self) -> None:
        """Ctrl+D: why there is no answer ("caller declined", "not safe to ask"). The dialog
        is window-modal but not a nested event loop: the desk keeps running under it."""
        session = self.session
        question = session.question() if session is not None else None
        if session is None or question is None:
            return
        from PySide6.QtWidgets import QInputDialog

        reasons = self._backend()[0].pack.data.pack.decline_reasons
        dialog = QInputDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setWindowTitle(self.tr("Not answered"))
        dialog.setLabelText(self.tr("Why is there no answer to '{0}'?").format(question.text))
        dialog.setComboBoxItems([r.label for r in reasons])
        dialog.setComboBoxEditable(False)
        question_id = session.current

        def chosen(label: str) -> None:
            self._try(lambda: session.decline(next(r.id for r in reasons if r.label == label), question_id))

        dialog.textValueSelected.connect(chosen)
        dialog.finished.connect(lambda _result: self._back_from_dialog())
        dialog.open()

    def acknowledge_prompt(self) -> None:
        """Ctrl+K: acknowledge the first pinned prompt; once all are acknowledged, write why a
        referral was not made for want of consent (or the lawful basis for sharing it)."""
        if self.session is None:
            return
        if not self.session.unacknowledged() and self.session.consent_open() and self.session.finished is None:
            from asbdesk.gui.dialogs import ConsentDialog

            prompt = self.session.consent_open()[0]
            self._open_dialog(
                ConsentDialog(self, self.session, prompt),
                self.tr("Recorded in the log: the referral's consent decision."),
            )
            return
        session = self.session
        still_open = {p.id for p in session.unacknowledged()}
        first = next((p.id for p in self._pinned_in_order() if p.id in still_open), None)  # the top one
        acknowledged = self._try(lambda: session.acknowledge(self.clock(), first))
        kind = getattr(acknowledged, "kind", None)  # the prompt acknowledged, or None
        if kind is not None:
            self.tell(self.tr("Acknowledged: {0}").format(prompt_kind_words(kind).upper()), 6000)

    def _try(self, action: Callable[[], object]) -> object:
        try:
            return action()
        except Exception as error:  # SessionError: said in words
            if not _said_in_words(error):
                raise
            self._show_refusal_text(refusal_words(error))
            return None

    def _show_assessment(self, a: Assessment | None) -> None:
        self._show_pinned()
        if a is None:
            self.panel.setText("<p>" + html.escape(self.tr("The assessment appears here as answers come in.")) + "</p>")
            return
        self._mirror_repeat()
        if a.level_label != self._spoken_level:
            if self._spoken_level is not None:  # a change of level, not the first one shown
                self.say(self.tr("Risk now {0}").format(a.level_label.upper()), assertive=True)
            self._spoken_level = a.level_label
        esc = html.escape
        level_rank = self.engine.pack.level_rank if self.engine is not None else {}  # the pack's own levels
        colour = level_colour(level_rank.get(a.level, 0), len(level_rank))
        rows = [f"<h2 style='color:{colour}'>" + esc(self.tr("Risk: {0}").format(a.level_label.upper())) + "</h2>"]
        operator = esc(self._call().operator or self.tr("the operator"))
        if a.override is not None:
            o = a.override
            if o.field == "risk_level":
                computed = a.level_labels.get(o.computed, o.computed).upper()
                rows.append(
                    self.tr(
                        "<p class='override'><b>OVERRIDDEN</b> by {operator}: computed {computed}, chosen "
                        "{chosen}. Reason: {reason} (for supervisor review)</p>"
                    ).format(
                        operator=operator,
                        computed=esc(computed),
                        chosen=esc(a.level_label.upper()),
                        reason=esc(o.reason),
                    )
                )
            else:
                rows.append(
                    self.tr(
                        "<p class='override'><b>GRADE OVERRIDDEN</b> by {operator}: computed {computed}, chosen "
                        "{chosen}. Reason: {reason} (for supervisor review)</p>"
                    ).format(
                        operator=operator,
                        computed=esc(self._backend()[0].pack.grades[o.computed].label),
                        chosen=esc(a.grade_label),
                        reason=esc(o.reason),
                    )
                )
        if a.section_labels:
            sections = ", ".join(f"{esc(a.section_labels[s])} {v}" for s, v in a.sections.items())
            rows.append(
                self.tr("<p>Matrix score <b>{score}</b> of {top} ({sections})</p>").format(
                    score=a.score, top=a.score_range[1], sections=sections
                )
            )
        if a.decision_table:
            rows.append(
                "<p>"
                + esc(
                    self.tr("Decision table: {0}").format(
                        a.level_labels[a.decision_level] if a.decision_level else self.tr("not completed")
                    )
                )
                + "</p>"
            )
        if a.override is not None and a.override.field == "risk_level":
            rows.append("<p>" + esc(self.tr("Computed level: {0}").format(a.level_labels[a.computed_level])) + "</p>")
        rows.append("<p>" + esc(self.tr("Repeat: {0}").format(repeat_words(a.repeat))) + "</p>")
        vulnerable = self.tr("YES") if a.vulnerable else self.tr("no indicator recorded")
        rows.append(self.tr("<p>Vulnerable: <b>{0}</b></p>").format(esc(vulnerable)))
        for prompt in a.prompts:
            if prompt.kind in MUST_ACKNOWLEDGE or prompt.kind == "consent":
                continue  # shown pinned above
            rows.append(
                f"<p class='prompt'><b>{esc(prompt_kind_words(prompt.kind).upper())}</b>: {esc(prompt.text)}"
                f"{self._raised_by(prompt)}<br><small>{esc(prompt.source)}</small></p>"
            )
        grade = esc(a.grade_label) + (esc(self.tr(" (overridden)")) if a.grade != a.computed_grade else "")
        rows.append(
            self.tr("<p>Grade: <b>{grade}</b> · RAG: <b>{rag}</b></p>").format(grade=grade, rag=RAG_WORDS[a.rag])
        )
        if a.response:
            rows.append(
                "<p><b>"
                + esc(self.tr("Response"))
                + "</b></p><ul>"
                + "".join(f"<li>{esc(line)}</li>" for line in a.response)
                + "</ul>"
            )
        if a.referrals:
            rows.append(
                "<p><b>"
                + esc(self.tr("Referrals"))
                + "</b></p><ul>"
                + "".join(f"<li>{esc(r.line())}</li>" for r in a.referrals)
                + "</ul>"
            )
        if a.withheld_referrals and not self._call().consent_due():
            # The caller has not been asked yet: no "not made" until they have (issue 21.7).
            waiting = self.tr("Referrals that need the caller’s consent (asked at the close)")
            rows.append(
                f"<p><b>{esc(waiting)}</b></p><ul>"
                + "".join(f"<li>{esc(w.to)}</li>" for w in a.withheld_referrals)
                + "</ul>"
            )
        elif a.withheld_referrals:
            rows.append(
                "<p><b>"
                + esc(self.tr("Referrals not made (no consent)"))
                + "</b></p><ul>"
                + "".join(f"<li>{esc(w.line())}</li>" for w in a.withheld_referrals)
                + "</ul>"
            )
        if a.unanswered_mandatory:
            rows.append(
                "<p>"
                + esc(self.tr("Still needed: {0} mandatory question(s)").format(len(a.unanswered_mandatory)))
                + "</p>"
            )
        self.panel.setText("".join(rows))

    def _raised_by(self, prompt) -> str:
        """What raised a national prompt (the answers, the code, each complaint counted), as
        the log says it: "Raised by: ..." (issue 21)."""
        if not prompt.because:
            return ""
        return "<br>" + html.escape(self.tr("Raised by: {0}").format("; ".join(prompt.because)))

    def _pinned_in_order(self) -> list:
        """The pinned prompts as shown: the newest first (those pinned together in the pack's order)."""
        session = self.session
        pinned = session.pinned_prompts() if session is not None else ()
        return sorted(pinned, key=lambda p: -self._prompt_seen.get(p.id, 0))

    def _show_pinned(self) -> None:
        session = self.session
        pinned = session.pinned_prompts() if session is not None else ()
        self.pinned_box.setVisible(bool(pinned))
        if session is None or not pinned:
            _set_accessible(self.pinned, self.tr("Prompts to acknowledge: none"), "")
            _set_accessible(self.pinned_box, self.tr("Prompts to acknowledge: none"))
            return
        newest = max(self._prompt_seen.values(), default=0) + 1
        new = [p.id for p in pinned if p.id not in self._prompt_seen]
        for prompt_id in new:
            self._prompt_seen[prompt_id] = newest
        pinned = tuple(self._pinned_in_order())
        esc = html.escape
        rows, said = [], []
        for prompt in pinned:
            at = session.acknowledged.get(prompt.id)
            if prompt.kind == "consent":
                state = self.tr("Ctrl+K to write why (or the lawful basis for sharing)")
            elif at:
                state = self.tr("✔ acknowledged {0}").format(local_text(at))
            else:
                state = self.tr("Ctrl+K to acknowledge")
            kind = prompt_kind_words(prompt.kind).upper()
            rows.append(
                f"<p><b>⚠ {esc(kind)}</b>: {esc(prompt.text)}"
                f"{self._raised_by(prompt)}<br><small>{esc(prompt.source)}</small><br>"
                + (esc(state) if at else f"<b>{esc(state)}</b>")
                + "</p>"
            )
            said.append(f"{kind}: {prompt.text} ({state.lstrip('✔ ')})")
            if prompt.id not in self._spoken_prompts:
                self._spoken_prompts.add(prompt.id)
                self.say(
                    self.tr("New prompt. {kind}: {text} {state}").format(kind=kind, text=prompt.text, state=state), True
                )
        text = "".join(rows)
        self.pinned_box.count = len(pinned)
        if text != self.pinned.text():
            self.pinned.setText(text)
            self.pinned_box.fit()  # only on a change: measuring the prompts' text is not free
        if new:
            self.pinned_box.verticalScrollBar().setValue(0)  # the newest, at the top, in view
        # Its words as its name, not a fixed label over them (issue 23.1).
        name = self.tr("Prompts to acknowledge: {0}").format("; ".join(said))
        _set_accessible(self.pinned, name)
        _set_accessible(self.pinned_box, name, self.tr("PgUp/PgDn scroll the prompts; Ctrl+K acknowledges the top one"))
        still_open = any(p.id not in session.acknowledged for p in pinned)  # consent prompts are never acknowledged
        if self.pinned.property("open") != still_open:
            self.pinned.setProperty("open", still_open)
            self.pinned.style().unpolish(self.pinned)  # the style sheet reads the property
            self.pinned.style().polish(self.pinned)

    def _save_draft(self) -> None:
        session = self.session
        if session is None or self.saver is None or session.finished is not None:
            return
        _, saver, actor = self._backend()
        draft = session.to_draft()
        tasks.write(lambda: saver.save_draft(actor, draft["uuid"], draft), lambda _: None, self._draft_failed)

    def _draft_soon(self) -> None:
        """Within 250 ms of the first change not yet kept: a timer already running is
        not restarted, so a steady stream of keys cannot put the draft off for ever."""
        if not self._draft_timer.isActive():
            self._draft_timer.start()

    def _draft_failed(self, message: str) -> None:
        self.tell(self.tr("The unfinished contact could not be kept on this workstation: {0}").format(message), 15000)

    def finish_call(self) -> None:
        session = self.session
        if session is None:
            return
        now = self.clock()
        try:
            assessment, text = session.finish(now)
        except Exception as error:  # SessionError: said in words; the session holds the refusal
            if not _said_in_words(error):
                raise
            self._focus_question()
            return
        if self.training is not None:
            text = self.training.mark(text)  # TRAINING — NOT A REAL CALL heads the log saved, shown, printed
        using = self.pack_in_use
        trial = using.log_line() if using is not None else None
        if trial is not None and using is not None and session.pack.content_hash == using.pack.content_hash:
            text = f"{trial}\n{text}"  # TRIAL PACK heads every log taken on a pack not in force (issue 19)
        if session.caller.person_id is not None and session.caller.person_id < 0:
            text = _late().render.with_offline_caller(text)  # found or added on delivery (issue 20)
        if self.last_saved is not None and self.last_saved.uuid == session.uuid:
            self._open_log(session)  # already saved: show the same log again
            return
        records = _late().records
        caller = session.caller
        record = records.ContactRecord(
            uuid=session.uuid,
            started_at=session.started_at,
            saved_at=now,
            assessment=assessment.to_dict(),
            answers={k: list(v) if isinstance(v, tuple) else v for k, v in session.answers.items()},
            log_text=text,
            person_id=caller.person_id,
            location_id=caller.location_id,
            call=_late().call_to_json(session.finished.call) if session.finished is not None else None,
            flag_requests=tuple(
                records.FlagRequest(
                    kind=r.kind,
                    negate_risk=r.negate_risk,
                    officer_action=r.officer_action,
                    inform=r.inform,
                    linked_references=r.linked_references,
                    person_id=caller.person_id if r.on == "person" else None,
                    location_id=caller.location_id if r.on == "location" else None,
                    phone=caller.phone if r.on == "phone" else None,
                )
                for r in session.flag_requests
            ),
        )
        _, saver, actor = self._backend()
        self.tell(self.tr("Saving…"))

        # The save carries the session it saves: a new contact started before it returns
        # (Ctrl+Shift+N at the counter) does not change what is saved or printed.
        tasks.write(
            lambda: saver.save(actor, record),
            lambda result: self._saved(session, assessment, text, result),
            lambda message: self._save_failed(session, message),
        )

    def _save_failed(self, session: CallSession, message: str) -> None:
        session.reopen()  # nothing was stored or queued: the call stays open to correct
        if session is self.session:
            self._show_refusal_text(self.tr("Not saved: {0}").format(message))
        else:
            self.tell(self.tr("An earlier contact was NOT saved: {0}").format(message))

    def _saved(self, session: CallSession, assessment: Assessment, text: str, result: SaveResult) -> None:
        render = _late().render
        self.last_saved = result
        reference = result.reference or f"(queued: {result.uuid[:8]})"
        if result.queued:
            self.tell(self.tr("Shared database unreachable: the log is kept in the outbox and will be sent."), 15000)
            self.last_log = text
        else:
            self.last_log = text.replace(render.REFERENCE_PLACEHOLDER, result.reference or "")
            self.tell(self.tr("Saved {0}").format(result.reference), 15000)
        self.last_slip = ""
        self.last_slips = {}
        if session.channel == "walk-in":
            slip = _late().slip
            try:
                # Each language the pack offers, the force's default first (issue 23.3): the
                # log dialog's Alt+W chooses the one the person asks for.
                self.last_slips = {
                    lang: slip.walk_in_slip(assessment, reference, session.pack, force=self.force, language=lang)
                    for lang in session.pack.public_languages
                }
            except slip.SlipError as error:
                self.last_slips = {}
                self.tell(self.tr("Saved, but no slip can be printed: {0}").format(refusal_words(error)), 15000)
            if self.training is not None:
                self.last_slips = {lang: self.training.mark(text) for lang, text in self.last_slips.items()}
            self.last_slip = next(iter(self.last_slips.values()), "")
        if result.queued and self.outbox_sender is not None:
            self.outbox_sender.nudge()
        self._open_log(session)
        self._later(100, self._poll_status)  # after the log is on screen: nothing waits on it
        if self.training is not None:
            self.training.saved(session, assessment)  # scored; the scorecard follows the log

    def _later(self, ms: int, then: Callable[[], object]) -> None:
        """``then`` in ``ms``, unless the window has gone by then: the timer is the window's
        child (a window closed and deleted first must not be called back)."""
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.timeout.connect(then)
        timer.timeout.connect(timer.deleteLater)
        timer.start(ms)

    def _log_dialog(self) -> LogDialog:
        """The graded log's dialog, made once, at the first log shown. (Made ahead, while the
        desk was idle, it crashed PySide6 6.11 under Python 3.13 when a training desk was
        closed and deleted before its first call: tests/gui/test_training.py.)"""
        if self.log_dialog is None:
            from asbdesk.gui.dialogs import LogDialog

            self.log_dialog = LogDialog(self)
            self.log_dialog.finished.connect(lambda _result: self._back_from_dialog())
        return self.log_dialog

    def _open_log(self, session: CallSession) -> None:
        reference = self.last_saved.reference if self.last_saved else None
        name = reference or session.uuid[:8]
        self.log_dialog = self._log_dialog()
        self.log_dialog.show_log(
            self.last_log, self.last_slip, name, header=self._force_name(session), slips=self.last_slips
        )
        if reference is None:  # queued: no reference yet, so the caller and the time name it (issue 23.4)
            caller = session.caller.name if session.caller.known else self.tr("caller not identified")
            self.log_dialog.setWindowTitle(
                self.tr("Graded log, queued to send: {caller}, {when}").format(
                    caller=caller, when=local_text(session.started_at)
                )
            )
        if self.training is not None:
            self.log_dialog.setWindowTitle(self.tr("{0}: graded log {1}").format(self.training.title, name))
        self.log_dialog.open()

    def _force_name(self, session: CallSession) -> str:
        """Who the force is on paper: the site's name, else the pack's wording for the public."""
        if self.force is not None:
            return self.force.name
        public = session.pack.data.public
        return " ".join(public.force.split()) if public is not None else ""

    def _poll_status(self) -> None:
        """Is the shared database there, and what waits? Read off the GUI thread."""
        saver = self.saver
        if saver is None or self._polling or self._closed:
            return
        self._polling = True

        def done(result) -> None:
            self._polling = False
            if not self._closed:  # the window (and its labels) may be gone by now
                self._show_status(*result)

        def failed(_message: str) -> None:
            self._polling = False

        using = self.pack_in_use
        tasks.run(lambda: (saver.online(), saver.outbox.status(), *_in_force_now(saver, using)), done, failed)

    def _show_status(self, online: bool, status, newer=None, force: Force | bool | None = False) -> None:
        if online and not self.online and self.outbox_sender is not None:
            self.outbox_sender.nudge()  # back: deliver what waits now, not at the next retry
        self.online = online
        self._signed_in_now()
        self.outbox_status = status
        self._mirror_offline()
        if force is not False:  # read from the database just now (False: not read)
            self.force = force  # type: ignore[assignment]
        if newer is not None and (self.next_pack is None or self.next_pack[0].number != newer[0].number):
            self.next_pack = newer
            self.tell(
                self.tr("Pack {0} {1} published: in force from your next call").format(
                    newer[0].pack_id, newer[0].version
                ),
                20000,
            )
        self._show_status_line()

    def _offline_words(self) -> str:
        """What OFFLINE means for the operator now, in a sentence (issue 23.4)."""
        saver = self.saver
        if saver is not None and saver.queue_as is not None and saver.queue_as.login is None:
            return self.tr(
                "OFFLINE — the shared database cannot be reached, and no one has signed in to it on this "
                "workstation: calls cannot be sent and are kept here as unfinished contacts until it is back "
                "(Ctrl+R carries on with one). History and flags shown may be out of date."
            )
        return self.tr(
            "OFFLINE — the shared database cannot be reached. Calls are kept on this workstation and sent "
            "when it is back; history and flags shown may be out of date."
        )

    def _mirror_offline(self) -> None:
        """The OFFLINE banner across the window while the database is away, said as it comes and goes."""
        if self.online:
            if self.offline_banner.isVisibleTo(self):
                self.offline_banner.hide()
                self.tell(self.tr("Back online: the shared database can be reached again."), 15000)
            return
        words = self._offline_words()
        if self.offline_banner.text() != words or not self.offline_banner.isVisibleTo(self):
            self.offline_banner.setText(words)
            self.offline_banner.setAccessibleName(words)
            self.offline_banner.show()
            self.say(words, assertive=True)

    def _operator(self) -> str | None:
        """Who takes the calls: the database login, or None while no one is known (a desk that
        started offline on a workstation no one has signed in on: issue 20)."""
        _, saver, actor = self._backend()
        if saver.queue_as is not None and saver.queue_as.login is None:
            return None
        return actor.username

    def _signed_in_now(self) -> None:
        """Back after an offline start, the database has said who this is (ResilientSaver.online):
        the desk saves as that login from now on, the call on screen included."""
        _, saver, actor = self._backend()
        login = saver.queue_as.login if saver.queue_as is not None and saver.queue_as.confirmed else None
        if login is None or login == actor.username:
            return
        from asbdesk.storage.records import Actor

        self.actor = Actor(login, actor.workstation)
        if self.session is not None:
            self.session.set_operator(login)
        self.tell(self.tr("The shared database is back: signed in as {0}").format(login), 10000)

    def _show_status_line(self) -> None:
        engine, saver, actor = self._backend()
        where = saver.store.description
        if self.online:
            state = self.tr("connected")
        elif saver.queue_as is not None and saver.queue_as.login is None:
            state = self.tr(
                "OFFLINE: callers from the last copy; no one has signed in to this database on this workstation, "
                "so saves cannot be queued: calls are kept here as drafts until it is back"
            )
        elif saver.queue_as is not None and not saver.queue_as.confirmed:
            since = saver.queue_as.since
            state = self.tr(
                "OFFLINE: callers from the last copy; saves queue here as {0} (the login last signed in on this "
                "workstation{1})"
            ).format(actor.username, f", {local_text(since)}" if since else "")
        else:
            state = self.tr("OFFLINE: callers from the last copy; saves queue here as {0}").format(actor.username)
        status = self.outbox_status
        if status is not None and status.waiting:
            state += self.tr(" · {0} log(s) waiting to send").format(status.waiting)
        attention = status.need_attention if status is not None else ()
        if attention:
            state += self.tr(" · {0} need attention ({1}; set aside for a supervisor)").format(
                len(attention), attention[0].words
            )
        if status is not None and status.last_delivered is not None:
            state += self.tr(" · last sent {0}").format(local_text(status.last_delivered))
        pack = (
            self.pack_in_use.words()
            if self.pack_in_use is not None
            else self.tr("pack {0} {1}").format(engine.pack.id, engine.pack.version)
        )
        operator = self._operator() or self.tr("not known until the database answers")
        self.status_db.setText(
            self.tr("{where} ({state}) · operator {operator} · {pack}").format(
                where=where, state=state, operator=operator, pack=pack
            )
        )

    # ------------------------------------------------------------------ override, flags, drafts

    def open_override(self) -> None:
        if self.session is None or self.session.assessment is None:
            self._show_refusal_text(self.tr("Pick the incident code first: there is nothing to override yet."))
            return
        from asbdesk.gui.dialogs import OverrideDialog

        self._open_dialog(
            OverrideDialog(self, self.session), self.tr("Override recorded: it goes to a supervisor for review.")
        )

    def open_flag_request(self) -> None:
        if self.session is None:
            return
        from asbdesk.gui.dialogs import FlagDialog

        self._open_dialog(
            FlagDialog(self, self.session), self.tr("Flag requested: a supervisor authorises it once the log is saved.")
        )

    def _open_dialog(self, dialog, accepted: str) -> None:
        """Window-modal without a nested event loop; the keyboard comes back to the question."""

        def done(result: int) -> None:
            if result == dialog.DialogCode.Accepted:
                self.tell(accepted, 8000)
            self._back_from_dialog()

        dialog.finished.connect(done)
        dialog.open()

    def _rationale(self, heading: str, text: str) -> None:
        session = self.session
        if session is not None:
            self._try(lambda: session.set_rationale(heading, text))

    def open_new_person(self) -> None:
        """A caller not yet known: add them, then carry on as if found."""
        if self.saver is None:
            return
        from asbdesk.gui.dialogs import PersonDialog

        dialog = PersonDialog(self, self.add_person)
        dialog.finished.connect(self._back_from_person)
        dialog.open()

    def _back_from_person(self, result: int) -> None:
        """The new-caller box closed: the desk takes the keyboard back (the code box once the
        caller added is shown, the search if none was)."""
        self.activateWindow()
        if result != 1:  # QDialog.DialogCode.Accepted
            self.search.setFocus()

    def add_person(self, person, dialog) -> None:
        _, saver, actor = self._backend()

        def added(summary) -> None:
            dialog.accept()
            self._load_caller(summary.id)

        # While the shared database is away the caller is added on this workstation and found
        # or added there when the contact is delivered (issue 20).
        tasks.write(lambda: saver.add_person(actor, person), added, dialog.refused)

    def _offer_draft(self, drafts: list) -> None:
        """Offer the newest unfinished contact this pack can read back; one that cannot be
        read (a damaged file, an older asbdesk, another pack) is set aside and said, and
        never hides the others (issue 20)."""
        if not drafts or self.engine is None:
            return
        session_module = _late().session
        unreadable: list[str] = []
        offered = None
        for _uuid, updated, payload in reversed(drafts):
            try:
                session_module.CallSession.from_draft(self.engine, payload)
            except session_module.SessionError as error:
                unreadable.append(refusal_words(error))
                continue
            offered = (updated, payload)
            break
        if unreadable:
            self.tell(
                self.tr("{0} unfinished contact(s) kept here cannot be carried on with: {1}").format(
                    len(unreadable), unreadable[0]
                ),
                20000,
            )
        if offered is None:
            return
        updated, payload = offered
        self.recoverable = payload
        self.recover_bar.setText(
            self.tr("An unfinished contact from {0} was kept: Ctrl+R to carry on with it").format(local_text(updated))
        )
        self.recover_bar.show()

    def recover_draft(self) -> None:
        if not self.recoverable:
            return
        try:
            session = _late().session.CallSession.from_draft(self.engine, self.recoverable)
        except Exception as error:  # SessionError: said in words
            if not _said_in_words(error):
                raise
            self._show_refusal_text(refusal_words(error))
            return
        self._bind(session)
        self.code.setCurrentIndex(self.code.findData(session.incident_code) if session.incident_code else -1)
        self.recover_bar.hide()
        self.recoverable = None
        self._focus_question()
        self.tell(self.tr("Unfinished contact restored: the caller, every answer and note are back."), 8000)

    def _failed(self, message: str) -> None:
        self.tell(message, 15000)

    # ------------------------------------------------------------------ sign-in: notices, supervisor

    def _signed_in(self, found: tuple[str | None, list]) -> None:
        """What supervisors decided about this operator's requests and overrides since they last
        looked (issue 10), and the supervisor's queues for a supervisor."""
        role, notices = found
        self.notices = notices
        self._show_notice_count()
        if notices:
            self.tell(self.tr("{0} notice(s) from your supervisor: Ctrl+Shift+M to read").format(len(notices)), 15000)
        if role == "supervisor":
            self.actions_by_name["supervisor"].setEnabled(True)
            if self.open_supervisor_on_sign_in:
                self.open_supervisor()

    def _show_notice_count(self) -> None:
        _set_text(
            self.notices_label, self.tr("{0} NOTICE(S): Ctrl+Shift+M").format(len(self.notices)) if self.notices else ""
        )

    def show_notices(self) -> None:
        """Read the notices; once shown they are marked seen."""
        from PySide6.QtWidgets import QMessageBox

        if not self.notices:
            self.tell(self.tr("No new notices from your supervisor."), 5000)
            return
        _engine, saver, actor = self._backend()
        notices, self.notices = self.notices, []
        self._show_notice_count()
        text = "\n\n".join(f"{local_text(n.created_at)} — {n.subject}\n{n.text}" for n in notices)
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Notices from your supervisor"), text, parent=self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        from asbdesk.storage.supervision import mark_notices_seen

        ids = [n.id for n in notices]
        tasks.write(lambda: mark_notices_seen(saver.store, actor, ids), lambda _r: None, self._failed)

    def open_supervisor(self) -> None:
        """The supervisor's queues, dip sample and reports, in a window of their own."""
        if not self.actions_by_name["supervisor"].isEnabled():
            return
        if self.supervisor_window is None:
            from asbdesk.gui.supervisor import supervisor_window

            _engine, saver, actor = self._backend()
            self.supervisor_window = supervisor_window(saver.store, actor, self.clock)
        self.supervisor_window.show()
        self.supervisor_window.raise_()
        self.supervisor_window.activateWindow()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt)
        if self.supervisor_window is not None:
            self.supervisor_window.close()
        # Let drafts and saves in flight finish before the window (and the app) goes.
        if self.built and self._draft_timer.isActive():
            self._draft_timer.stop()
            self._save_draft()
        self._closed = True
        if self.built and self.saver is not None:
            self._status_timer.stop()  # no status read starts after the window has closed
        tasks.wait_for_all(10_000)
        if self.outbox_sender is not None:
            self.outbox_sender.stop()
            self.outbox_sender.join(5)
            self._backend()[1].outbox.close()
        if self.training is not None:
            self.training.closed()  # the sandbox goes with the window
        super().closeEvent(event)


def _in_force_now(saver: ResilientSaver, using: PackInUse | None) -> tuple:
    """Off the GUI thread, at each status poll: a publication newer than the one the desk
    uses (laid out and loaded, ready for the next call), and the site as it is now. Nothing
    when the database is away (the desk keeps what it has)."""
    from asbdesk import paths
    from asbdesk.core.engine import Engine
    from asbdesk.storage import in_force
    from asbdesk.storage.database import StorageError

    if using is None:
        return ()
    store = saver.store
    try:
        cache = paths.cache_dir()
        force = store.site()
        in_force.remember(store.description, cache, force=force.force if force else None, keep_publication=True)
        newer = None if using.trial else in_force.newer_in_force(store, using)
        if newer is not None:
            pack = in_force.load_publication(store, newer, cache)
            in_force.remember(store.description, cache, publication=newer, keep_site=True)
            return (newer, Engine(pack), in_force.PackInUse(pack, newer, newer, trial=False)), (
                force.force if force else None
            )
        return None, (force.force if force else None)
    except StorageError:
        return ()


def signed_in(store, actor: Actor) -> tuple[str | None, list]:
    """Off the GUI thread, once ready: the operator's role and unseen notices."""
    from asbdesk.storage.supervision import unseen_notices

    return store.role(actor), unseen_notices(store, actor)


def caller_from_context(context: CallerContext) -> Caller:
    """What the desk shows about a caller, as the session keeps it (and the draft)."""
    late = _late()
    s = late.session
    person = context.person
    location = person.locations[0] if person.locations else None

    def past(entries) -> tuple:
        return tuple(
            s.PastContact(
                e.reference, e.started_at, e.incident_code, e.category, e.risk_level, e.grade, e.rag, e.channel
            )
            for e in entries
        )

    return s.Caller(
        person_id=person.id,
        location_id=location.id if location else None,
        history=context.history_items(),
        address_history=context.address_items(),
        flags=tuple(
            s.FlagShown(f.kind, f.subject, f.negate_risk, f.officer_action, f.inform, f.linked_references)
            for f in context.flags
        ),
        name=person.name,
        phone=person.phones[0] if person.phones else None,
        address=late.address_line(location.line1, location.town, location.postcode) if location else "",
        person_history=past(context.history),
        location_history=past(context.location_history),
        complete=context.complete,
        email=person.emails[-1] if person.emails else None,  # the newest on record, offered when e-mail is chosen
    )
