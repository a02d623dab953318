"""The supervisor's dip sample (issues 10.2 and 22): draw a reproducible random sample of logs
from a period, stratified by operator, read each sampled log beside the checklist and mark it.

A thin view over :mod:`asbdesk.storage.supervision` (``sample_overlaps``, ``draw_sample``,
``list_samples``, ``get_sample``, ``mark_sample``): every read and every mark runs off the GUI
thread, each mark is saved the moment it is made, and a refusal (a "no" without a note, a
call handler at the page, a database out of reach) is said in words on the page. A note typed
is kept, per log and per check, until it is saved: moving between checks, logs or samples
loses nothing. The log is shown read-only, as stored; opening one is a view of a person's
record (audited).

Keys (each a QAction on the page, one shortcut each):

    Ctrl+D              draw a sample from the From / To / Size / Seed row (or Enter in the row)
    Ctrl+Shift+D        to the draw row (From; Tab to To, Size and Seed)
    Ctrl+L              the samples drawn before (Up/Down opens one)
    Ctrl+G              the sampled logs (Up/Down opens one)
    Ctrl+Down, Ctrl+Up  next / previous sampled log
    Ctrl+R              read the log (read-only)
    Ctrl+K              the checklist (the first check not yet marked)
    Y, A, N             on a check: yes / not applicable, saved at once, on to the next check;
                        no: the cursor goes to the check's note

One way to mark, as the checklist's hint says (:data:`MARK_HINT`): Y yes, A not applicable,
N no, then type what was missing and press Enter, which saves the "no" with its note and goes
on to the next check. In the note Tab does not leave it (typed letters never become answers
on another check) and Esc cancels the "no". Only a "no" has a note: a check marked Y or A
again has its note cleared. Up/Down move between the checks.

Drawing over a period that overlaps a sample drawn before asks first (issue 22): Enter
leaves out the logs already sampled (a log sampled twice would be marked twice), Alt+A
allows them (recorded with the sample), Esc cancels. The same seed, period and size over the
same logs draw the same sample (the seed is shown, and listed with each sample drawn).

Beside each check the page says what asbdesk's own records say (issue 22): the rating, the
re-contact's allocation and outcome, the occurrence recorded or still waiting in its queue,
whether a crime-recording prompt fired, and the THRIVE headings written where the log's pack
asks for THRIVE (its sixth check).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QDate, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QFocusEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDateEdit,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from asbdesk.core.vocabulary import RAG_RATINGS, SAMPLE_ANSWERS, SAMPLE_CHECKS, THRIVE
from asbdesk.gui import tasks
from asbdesk.gui.a11y import name_inner_parts, new_announcements, say, show_text
from asbdesk.gui.i18n import QT_TRANSLATE_NOOP
from asbdesk.gui.words import local_day, local_text, sample_check_words

if TYPE_CHECKING:  # SQLAlchemy loads off the GUI thread, with the first read
    from asbdesk.storage.records import Actor
    from asbdesk.storage.store import Store
    from asbdesk.storage.supervision import SampleItemRecord, SampleRecord

DEFAULT_DAYS = 30
DEFAULT_SIZE = 20
SEED_LIMIT = 2_147_483_647
# The keys for the answers, in SAMPLE_ANSWERS' order: yes, no, not applicable.
ANSWER_KEYS: dict[str, str] = dict(zip(SAMPLE_ANSWERS, ("Y", "N", "A"), strict=True))
# Words shown on the page, marked for translation here (QT_TRANSLATE_NOOP) and translated
# where shown (:func:`shown`): the values stay the English source text.
ANSWER_WORDS: dict[str, str] = dict(
    zip(
        SAMPLE_ANSWERS,
        (
            QT_TRANSLATE_NOOP("SamplePage", "Yes"),
            QT_TRANSLATE_NOOP("SamplePage", "No"),
            QT_TRANSLATE_NOOP("SamplePage", "Not applicable"),
        ),
        strict=True,
    )
)
ANSWER_MARKS: dict[str, str] = dict(zip(SAMPLE_ANSWERS, ("✔", "✘", "–"), strict=True))
LOW_RAG = RAG_RATINGS[0]  # green, lowest first: the one rating that needs no occurrence
# The one way to mark a check, as the checklist says it on screen (tests follow it key by key).
MARK_KEYS = QT_TRANSLATE_NOOP(
    "SamplePage", "Y yes · A not applicable · N no, then type what was missing and press Enter"
)
MARK_HINT = QT_TRANSLATE_NOOP(
    "SamplePage",
    "Y yes · A not applicable · N no, then type what was missing and press Enter · Up/Down between checks",
)
NOTE_HINT = QT_TRANSLATE_NOOP("SamplePage", "What was missing? Enter saves the 'no' · Esc cancels it")
METHOD_WORDS = {
    "ring_back": QT_TRANSLATE_NOOP("SamplePage", "a ring back"),
    "email": QT_TRANSLATE_NOOP("SamplePage", "an e-mail"),
    "visit": QT_TRANSLATE_NOOP("SamplePage", "a visit"),
}
OUTCOME_WORDS = {
    "reached": QT_TRANSLATE_NOOP("SamplePage", "reached"),
    "not_reached": QT_TRANSLATE_NOOP("SamplePage", "not reached"),
    "declined": QT_TRANSLATE_NOOP("SamplePage", "declined"),
}


def shown(words: str) -> str:
    """One of this page's words above (ANSWER_WORDS, MARK_HINT …) as the person reads them."""
    return QCoreApplication.translate("SamplePage", words)


def utc_now() -> datetime:
    return datetime.now(UTC)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def _day(iso: str) -> str:
    """A day kept as ISO text, as a person reads it ('7 Dec 2026')."""
    try:
        return local_day(date.fromisoformat(iso))
    except (TypeError, ValueError):
        return str(iso)


def _when(moment: datetime | None) -> str:
    return QCoreApplication.translate("sampling", " on {0}").format(local_text(moment)) if moment else ""


def _recontact_hint(item: SampleItemRecord) -> str:
    work = item.recontact
    if work is None:
        if item.contact_method:
            method = (
                shown(METHOD_WORDS[item.contact_method])
                if item.contact_method in METHOD_WORDS
                else item.contact_method.replace("_", " ")
            )
            return QCoreApplication.translate(
                "sampling", "The caller asked for {0}: asbdesk allocates no re-contact for it"
            ).format(method)
        return QCoreApplication.translate("sampling", "No further contact was asked for (likely not applicable)")
    asked = QCoreApplication.translate("sampling", "The caller asked for {0}").format(
        shown(METHOD_WORDS[work["method"]])
        if work["method"] in METHOD_WORDS
        else QCoreApplication.translate("sampling", "further contact")
    )
    if work["open"]:
        if not work["assigned_to"]:
            return QCoreApplication.translate(
                "sampling", "{0}: not allocated yet (it waits in the re-contacts queue)"
            ).format(asked)
        return QCoreApplication.translate("sampling", "{0}: allocated to {1}, no outcome recorded yet").format(
            asked, work["assigned_to"]
        )
    outcome = (
        shown(OUTCOME_WORDS[work["outcome"]])
        if work["outcome"] in OUTCOME_WORDS
        else work["outcome"] or QCoreApplication.translate("sampling", "closed")
    )
    letter = QCoreApplication.translate("sampling", ", the letter sent") if work["letter"] else ""
    return QCoreApplication.translate("sampling", "{0}: {1}{2} (recorded by {3}{4})").format(
        asked, outcome, letter, work["by"], _when(work["at"])
    )


def _occurrence_hint(item: SampleItemRecord) -> str:
    rag = item.rag.upper()
    if item.rag == LOW_RAG:
        return QCoreApplication.translate("sampling", "{0}: no occurrence is required (likely not applicable)").format(
            rag
        )
    work = item.occurrence
    if work is None:
        return QCoreApplication.translate(
            "sampling", "{0}: an occurrence is required; asbdesk holds no record of one"
        ).format(rag)
    if work["open"]:
        return QCoreApplication.translate(
            "sampling", "{0}: an occurrence is required; none recorded yet (it waits in the occurrences queue)"
        ).format(rag)
    return QCoreApplication.translate("sampling", "{0}: occurrence {1} recorded by {2}{3}").format(
        rag, work["reference"], work["by"], _when(work["at"])
    )


def _thrive_hint(item: SampleItemRecord) -> str:
    written, every = item.thrive_written, len(THRIVE)
    if len(written) == every:
        return QCoreApplication.translate("sampling", "THRIVE present: written under all {0} headings").format(every)
    if not written:
        return QCoreApplication.translate(
            "sampling", "THRIVE absent: nothing written under any of the {0} headings"
        ).format(every)
    missing = ", ".join(h for h in THRIVE if h not in written)
    return QCoreApplication.translate(
        "sampling", "THRIVE written under {0} of {1} headings ({2}); missing: {3}"
    ).format(len(written), every, ", ".join(written), missing)


def hints(item: SampleItemRecord) -> dict[str, str]:
    """What asbdesk's own records say beside each check: where to look, never the answer."""
    said = {
        "response_appropriate": QCoreApplication.translate(
            "sampling", "Rated {0}: was the response right for that?"
        ).format(item.rag.upper()),
        "recontact_completed": _recontact_hint(item),
        "occurrence_created": _occurrence_hint(item),
        "crime_recorded": (
            QCoreApplication.translate("sampling", "A crime-recording prompt fired on this call")
            if item.crime_prompt_fired
            else QCoreApplication.translate("sampling", "No crime-recording prompt fired (likely not applicable)")
        ),
    }
    if item.thrive_asked:
        said["thrive_recorded"] = QCoreApplication.translate("sampling", "{0} (the {1} pack asks for THRIVE)").format(
            _thrive_hint(item), item.pack_id
        )
    return said


class CheckRow(QFrame):
    """One checklist item: its words, the answer given and a hint from the record. It takes
    the keyboard: Y / A / N (the page's actions) answer it, Up / Down move between checks;
    any other letter is refused in words (it never answers anything)."""

    moved = Signal(int)
    stray = Signal(str)

    def __init__(self, number: int, check: str) -> None:
        super().__init__()
        self.number, self.check = number, check
        self.setObjectName("sampleCheck")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.words = QLabel(f"{number}. {sample_check_words(check)}")
        self.words.setWordWrap(True)
        self.answer = QLabel()
        self.answer.setObjectName("sampleAnswer")
        self.answer.setWordWrap(True)
        self.hint = QLabel()
        self.hint.setObjectName("keyHint")
        self.hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(self.words)
        layout.addWidget(self.answer)
        layout.addWidget(self.hint)
        self.show_state(self.tr("Not marked"), "", len(SAMPLE_CHECKS))

    def show_state(self, state: str, hint: str, of: int) -> None:
        self.answer.setText(state)
        self.hint.setText(hint)
        self.hint.setVisible(bool(hint))
        self.setAccessibleName(self.tr("Check {0} of {1}: {2}").format(self.number, of, sample_check_words(self.check)))
        self.setAccessibleDescription(f"{state}. {hint} {shown(MARK_HINT)}.".replace(". .", "."))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt)
        if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down) and not event.modifiers():
            self.moved.emit(-1 if event.key() == Qt.Key.Key_Up else 1)
            return
        text = event.text()
        if text.strip() and text.isprintable() and not event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier:
            event.accept()  # Y, A and N are the page's actions and never arrive here
            self.stray.emit(text)
            return
        super().keyPressEvent(event)


class NoteEdit(QLineEdit):
    """The note of a "no", shown only while the check is "no" (or waiting for its note): N on
    the check puts the cursor here. Enter saves the "no" with the note; Esc cancels it; Tab
    does not leave (what is typed next must not answer another check)."""

    submitted = Signal()
    cancelled = Signal()
    tabbed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # reached by N, never by Tab
        self.hide()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt)
        plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain:
            event.accept()
            self.submitted.emit()
            return
        if event.key() == Qt.Key.Key_Escape and plain:
            event.accept()
            self.cancelled.emit()
            return
        super().keyPressEvent(event)

    def event(self, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
        ):
            event.accept()  # Esc is the note's own (it cancels the "no"), not a window's shortcut
            return True
        return super().event(event)

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802 (Qt's names)
        self.tabbed.emit()
        return True  # the cursor stays in the note


class DateField(QDateEdit):
    """A day as YYYY-MM-DD: typed whole from the year on (the cursor arrives there), or Up/Down
    on the part the cursor is in (Left/Right between the parts). Tab leaves the field, as in
    every other field (QDateEdit's own Tab walks its parts first)."""

    def __init__(self, day: date, name: str) -> None:
        super().__init__(_qdate(day))
        self.setDisplayFormat("yyyy-MM-dd")
        self.setCalendarPopup(False)
        self.setAccessibleName(name)
        self._moved_on = False

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt)
        if event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and not event.modifiers() & ~(
            Qt.KeyboardModifier.ShiftModifier
        ):
            event.accept()
            forward = event.key() == Qt.Key.Key_Tab and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            QWidget.focusNextPrevChild(self, forward)  # typing "-" still moves on a part, as in Qt
            return
        if event.text() == "-" and self._moved_on:
            event.accept()  # the part just typed was full and Qt moved on already: not again
            self._moved_on = False
            return
        before = self.currentSectionIndex()
        super().keyPressEvent(event)
        self._moved_on = event.text().isdigit() and self.currentSectionIndex() != before

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt)
        super().focusInEvent(event)
        self.setSelectedSection(QDateEdit.Section.YearSection)  # ready to type the whole date
        self._moved_on = False


class SamplePage(QWidget):
    """Dip sampling: the draw row, the samples drawn, the sampled logs, the log read-only and
    the checklist beside it. See the module's docstring for the keys."""

    def __init__(self, store: Store, actor: Actor, *, clock: Callable[[], datetime] | None = None) -> None:
        super().__init__()
        self.store, self.actor = store, actor
        self.clock = clock or utc_now
        self.sample: SampleRecord | None = None
        self.items: list[SampleItemRecord] = []
        self.marks: dict[int, dict[str, tuple[str, str]]] = {}  # item id -> check -> (answer, note)
        self.waiting: dict[tuple[int, str], str] = {}  # an answer waiting for its note ("no")
        self.saving: dict[tuple[int, str], str] = {}  # answers on their way to the database
        self.notes: dict[tuple[int, str], str] = {}  # notes typed and not yet saved
        self.log_texts: dict[str, str] = {}  # reference -> the stored log (each view audited once)
        self.asked_sample: int | None = None
        self.drawing = False
        self.overlap_box: QMessageBox | None = None  # the question before a draw that overlaps
        self._started = False
        self._build()
        self._build_actions()
        self.refresh_samples(open_latest=True)

    # ------------------------------------------------------------------ building

    def _build(self) -> None:
        today = self.clock().date()
        self.from_date = DateField(today - timedelta(days=DEFAULT_DAYS - 1), self.tr("From: first day of the period"))
        self.to_date = DateField(today, self.tr("To: last day of the period (inclusive)"))
        self.size_box = QSpinBox()
        self.size_box.setRange(1, 10_000)
        self.size_box.setValue(DEFAULT_SIZE)
        self.size_box.setAccessibleName(self.tr("Size: how many logs to sample"))
        self.seed_box = QSpinBox()
        self.seed_box.setRange(0, SEED_LIMIT)
        self.seed_box.setValue(random.randint(100_000, 999_999))
        self.seed_box.setAccessibleName(self.tr("Seed: the same seed draws the same sample again"))
        self.draw_button = QPushButton(self.tr("Draw (Ctrl+D)"))
        self.draw_button.setAccessibleName(self.tr("Draw the sample"))
        self.draw_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.draw_button.clicked.connect(self.draw)
        row = QHBoxLayout()
        for text, field in (
            (self.tr("From"), self.from_date),
            (self.tr("To"), self.to_date),
            (self.tr("Size"), self.size_box),
            (self.tr("Seed"), self.seed_box),
        ):
            label = QLabel(text)
            label.setBuddy(field)
            name_inner_parts(field)
            row.addWidget(label)
            row.addWidget(field)
            field.installEventFilter(self)
            if isinstance(field, QSpinBox | QDateEdit):
                field.lineEdit().installEventFilter(self)  # Enter reaches the spin box's own line edit
        row.addWidget(self.draw_button)
        row.addStretch(1)

        self.samples = QListWidget()
        self.samples.setAccessibleName(self.tr("Samples drawn before (Ctrl+L)"))
        self.samples.setWordWrap(True)
        self.samples.currentRowChanged.connect(self._sample_chosen)
        self.logs = QListWidget()
        self.samples.itemActivated.connect(lambda _entry: self.logs.setFocus())  # Enter: to its logs
        self.logs.setAccessibleName(self.tr("Sampled logs (Ctrl+G; Ctrl+Down and Ctrl+Up from anywhere)"))
        self.logs.currentRowChanged.connect(self._log_chosen)
        self.logs.itemActivated.connect(lambda _entry: self.focus_checklist())  # Enter: to its checks
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel(self.tr("Samples drawn (Ctrl+L)")))
        left_layout.addWidget(self.samples, 1)
        left_layout.addWidget(QLabel(self.tr("Sampled logs (Ctrl+G)")))
        left_layout.addWidget(self.logs, 3)

        self.log_title = QLabel(self.tr("No log open"))
        self.log_title.setWordWrap(True)
        self.log = QPlainTextEdit()
        self.log.setReadOnly(True)
        self.log.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.log.setAccessibleName(self.tr("The sampled log, read-only (Ctrl+R)"))
        self.log.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByKeyboard | Qt.TextInteractionFlag.TextSelectableByMouse
        )
        from asbdesk.gui.dialogs import fixed_font

        self.log.setFont(fixed_font())
        middle = QWidget()
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 0, 0, 0)
        middle_layout.addWidget(self.log_title)
        middle_layout.addWidget(self.log, 1)

        self.rows: list[CheckRow] = []
        self.note_edits: list[NoteEdit] = []
        checklist = QWidget()
        grid = QGridLayout(checklist)
        grid.setContentsMargins(0, 0, 0, 0)
        heading = QLabel(self.tr("Checklist (Ctrl+K)"))
        heading.setObjectName("reportSection")
        self.mark_hint = QLabel()
        self.mark_hint.setObjectName("keyHint")
        self.mark_hint.setWordWrap(True)
        show_text(self.mark_hint, self.tr("How to mark a check"), shown(MARK_HINT))
        grid.addWidget(heading, 0, 0)
        grid.addWidget(self.mark_hint, 1, 0)
        for n, check in enumerate(SAMPLE_CHECKS, 1):
            check_row = CheckRow(n, check)
            check_row.moved.connect(lambda step, k=n - 1: self._move_check(k, step))
            check_row.stray.connect(lambda text, k=n - 1: self._stray_key(k, text))
            note = NoteEdit()
            note.setPlaceholderText(shown(NOTE_HINT))
            note.setAccessibleName(self.tr("Note on check {0}: {1}").format(n, sample_check_words(check)))
            note.setAccessibleDescription(shown(NOTE_HINT))
            note.textEdited.connect(lambda text, k=n - 1: self._note_typed(k, text))
            note.submitted.connect(lambda k=n - 1: self._note_entered(k))
            note.cancelled.connect(lambda k=n - 1: self._note_cancelled(k))
            note.tabbed.connect(lambda k=n - 1: self._note_tabbed(k))
            grid.addWidget(check_row, 2 * n, 0)
            grid.addWidget(note, 2 * n + 1, 0)
            self.rows.append(check_row)
            self.note_edits.append(note)
        grid.setRowStretch(2 * len(SAMPLE_CHECKS) + 2, 1)
        for check_row, after in zip(self.rows, self.rows[1:], strict=False):
            QWidget.setTabOrder(check_row, after)  # the notes are reached by N only

        splitter = QSplitter(Qt.Orientation.Horizontal)
        for pane in (left, middle, checklist):
            splitter.addWidget(pane)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 4)
        splitter.setStretchFactor(2, 3)
        splitter.setSizes([420, 520, 420])

        self.refusal = QLabel()
        self.refusal.setObjectName("refusal")
        show_text(self.refusal, self.tr("Refused"), "")
        self.refusal.setWordWrap(True)
        self.refusal.hide()
        self.status = QLabel()
        self.status.setObjectName("sampleStatus")
        show_text(self.status, self.tr("Sample status"), self.tr("No sample open: Ctrl+D draws one"))
        self.announcements = new_announcements()
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.refusal)
        layout.addWidget(self.status)
        self._show_item()

    def _build_actions(self) -> None:
        """Every command is a QAction on the page, one shortcut each, live while the page
        (or, for the answers, a check) has the keyboard."""
        self.actions_by_name: dict[str, QAction] = {}

        def add(name: str, text: str, key: str, slot: Callable[[], None], on_checks: bool = False) -> None:
            action = QAction(text, self)
            action.setShortcut(QKeySequence(key))
            action.triggered.connect(lambda _checked=False, run=slot: run())
            self.addAction(action)
            if on_checks:  # a letter: only while a check has the keyboard, never in a text box
                action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
                for check_row in self.rows:
                    check_row.addAction(action)
            else:
                action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.actions_by_name[name] = action

        add("draw", self.tr("Draw a sample"), "Ctrl+D", self.draw)
        add("draw_row", self.tr("Period, size and seed"), "Ctrl+Shift+D", self.focus_draw_row)
        add("samples", self.tr("Samples drawn before"), "Ctrl+L", lambda: self.samples.setFocus())
        add("logs", self.tr("Sampled logs"), "Ctrl+G", lambda: self.logs.setFocus())
        add("next_log", self.tr("Next sampled log"), "Ctrl+Down", lambda: self.step_log(1))
        add("previous_log", self.tr("Previous sampled log"), "Ctrl+Up", lambda: self.step_log(-1))
        add("read", self.tr("Read the log"), "Ctrl+R", lambda: self.log.setFocus())
        add("checklist", self.tr("The checklist"), "Ctrl+K", self.focus_checklist)
        for answer in SAMPLE_ANSWERS:
            add(
                f"mark_{answer}",
                self.tr("Mark the check: {0}").format(shown(ANSWER_WORDS[answer]).lower()),
                ANSWER_KEYS[answer],
                partial(self.mark, answer),
                on_checks=True,
            )

    def showEvent(self, event) -> None:  # noqa: N802 (Qt)
        super().showEvent(event)
        if not self._started:
            self._started = True
            self.from_date.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt)
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            self.draw()
            return True
        return super().eventFilter(watched, event)

    def _background(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_failed: Callable[[str], None],
        write: bool = False,
    ) -> None:
        """Storage work off the GUI thread (changes one at a time, in order); what it reports
        reaches the page only while the page is still there (closed, it is let go)."""

        def done(value: Any) -> None:
            if shiboken6.isValid(self):
                on_done(value)

        def failed(message: str) -> None:
            if shiboken6.isValid(self):
                on_failed(message)

        (tasks.write if write else tasks.run)(fn, done, failed)

    # ------------------------------------------------------------------ words

    def say(self, text: str) -> None:
        show_text(self.status, self.tr("Sample status"), text)

    def refuse(self, text: str) -> None:
        """Said on the page and announced at once (again each time it is refused)."""
        show_text(self.refusal, self.tr("Refused"), text)
        self.refusal.show()
        self.announce(text, assertive=True)

    def announce(self, text: str, assertive: bool = False) -> None:
        """To a screen reader, from the widget with the keyboard; kept in :attr:`announcements`."""
        say(self, self.announcements, text, assertive)

    def _clear_refusal(self) -> None:
        show_text(self.refusal, self.tr("Refused"), "")
        self.refusal.hide()

    def _failed(self, message: str) -> None:
        self.refuse(message)
        self._show_progress()

    # ------------------------------------------------------------------ samples

    def refresh_samples(self, open_latest: bool = False, select: int | None = None) -> None:
        from asbdesk.storage import supervision

        store, actor = self.store, self.actor

        def done(samples: list[dict]) -> None:
            self._show_samples(samples, select)
            if open_latest and samples and self.sample is None:
                self.samples.setCurrentRow(0)

        self._background(lambda: supervision.list_samples(store, actor), done, self._failed)

    def _show_samples(self, samples: list[dict], select: int | None) -> None:
        chosen = select if select is not None else (self.sample.id if self.sample else None)
        self.samples.blockSignals(True)
        self.samples.clear()
        for s in samples:
            entry = QListWidgetItem(self._sample_line(s))
            entry.setData(Qt.ItemDataRole.UserRole + 1, s)
            entry.setData(Qt.ItemDataRole.UserRole, s["id"])
            self.samples.addItem(entry)
            if s["id"] == chosen:
                self.samples.setCurrentItem(entry)
        self.samples.blockSignals(False)

    @staticmethod
    def _sample_line(s: dict) -> str:
        overlap = (
            QCoreApplication.translate("SamplePage", "; logs already sampled allowed")
            if s.get("overlap_allowed")
            else QCoreApplication.translate("SamplePage", "; {0} already sampled left out").format(s["left_out"])
            if s.get("left_out")
            else ""
        )
        return QCoreApplication.translate(
            "SamplePage", "Sample {0}: {1} to {2}, {3} logs, seed {4}, by {5} — {6} of {7} checks marked{8}"
        ).format(
            s["id"], _day(s["from"]), _day(s["to"]), s["size"], s["seed"], s["drawn_by"], s["marked"], s["of"], overlap
        )

    def _count_marks_listed(self) -> None:
        """The open sample's line in the list counts the marks made since it was listed."""
        if self.sample is None:
            return
        for row in range(self.samples.count()):
            entry = self.samples.item(row)
            if entry.data(Qt.ItemDataRole.UserRole) == self.sample.id:
                listed = dict(entry.data(Qt.ItemDataRole.UserRole + 1))
                listed["marked"] = sum(len(self.marks.get(item.id, {})) for item in self.items)
                entry.setData(Qt.ItemDataRole.UserRole + 1, listed)
                entry.setText(self._sample_line(listed))

    def _sample_chosen(self, row: int) -> None:
        entry = self.samples.item(row) if row >= 0 else None
        if entry is not None:
            self.open_sample(int(entry.data(Qt.ItemDataRole.UserRole)))

    def open_sample(self, sample_id: int, then: Callable[[], None] | None = None) -> None:
        from asbdesk.storage import supervision

        store, actor = self.store, self.actor
        self.asked_sample = sample_id

        def done(sample: SampleRecord) -> None:
            if self.asked_sample == sample_id:
                self._show_sample(sample)
                if then is not None:
                    then()

        self.say(self.tr("Opening sample {0}…").format(sample_id))
        self._background(lambda: supervision.get_sample(store, actor, sample_id), done, self._failed)

    def _period(self) -> tuple[datetime, datetime]:
        first, last = _pydate(self.from_date.date()), _pydate(self.to_date.date())
        return datetime.combine(first, time(), UTC), datetime.combine(last, time(), UTC) + timedelta(days=1)

    def draw(self) -> None:
        """Draw from the draw row. A period that overlaps a sample drawn before is asked about
        first: logs already sampled are left out unless the supervisor allows them (issue 22)."""
        from asbdesk.storage import supervision

        if self.drawing:  # a key pressed twice draws once (each draw is recorded and audited)
            return
        start, end = self._period()
        store, actor = self.store, self.actor
        self._clear_refusal()
        self.drawing = True
        self.say(
            self.tr("Drawing from {0} to {1}…").format(
                local_day(start.date()), local_day((end - timedelta(days=1)).date())
            )
        )

        def failed(message: str) -> None:
            self.drawing = False
            self._failed(message)

        def checked(overlaps: dict[str, Any]) -> None:
            if not overlaps["already"]:
                self._draw(start, end, allow_overlap=False)
            else:
                self._ask_overlap(start, end, overlaps)

        self._background(lambda: supervision.sample_overlaps(store, actor, start, end), checked, failed)

    def _ask_overlap(self, start: datetime, end: datetime, overlaps: dict[str, Any]) -> None:
        """Ask before drawing over logs already sampled: Enter leaves them out, Alt+A allows
        them (recorded with the sample), Esc cancels."""
        logs, already = overlaps["logs"], overlaps["already"]
        fresh = logs - already
        held = "; ".join(
            self.tr("sample {0} ({1} to {2}, drawn by {3}) holds {4}").format(
                s["id"], _day(s["from"]), _day(s["to"]), s["drawn_by"], s["logs"]
            )
            for s in overlaps["samples"]
        )
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Logs already sampled"))
        box.setText(
            self.tr("{0} of the {1} logs taken from {2} to {3} are already in an overlapping sample: {4}.").format(
                already, logs, local_day(start.date()), local_day((end - timedelta(days=1)).date()), held
            )
        )
        box.setInformativeText(
            self.tr("A log in two samples would be marked twice. ")
            + (
                self.tr("Enter draws from the {0} not yet sampled; ").format(fresh)
                if fresh
                else self.tr("Every log of the period is already sampled; ")
            )
            + self.tr(
                "Alt+A allows logs already sampled (the sample records it; compliance counts each log's latest mark once); Esc cancels."
            )
        )
        leave = (
            box.addButton(self.tr("Draw from the {0} not yet sampled").format(fresh), QMessageBox.ButtonRole.AcceptRole)
            if fresh
            else None
        )
        allow = box.addButton(self.tr("&Allow logs already sampled"), QMessageBox.ButtonRole.YesRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(leave or cancel)
        box.setEscapeButton(cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.overlap_box = box

        def answered(_result: int) -> None:
            self.overlap_box = None
            self.window().activateWindow()  # the page takes the keyboard back (as a window manager would)
            self.from_date.setFocus(Qt.FocusReason.OtherFocusReason)
            clicked = box.clickedButton()
            if leave is not None and clicked is leave:
                self._draw(start, end, allow_overlap=False)
            elif clicked is allow:
                self._draw(start, end, allow_overlap=True)
            else:
                self.drawing = False
                self.say(self.tr("Not drawn: nothing was changed"))

        box.finished.connect(answered)
        box.open()

    def _draw(self, start: datetime, end: datetime, *, allow_overlap: bool) -> None:
        from asbdesk.storage import supervision

        size, seed = self.size_box.value(), self.seed_box.value()
        store, actor = self.store, self.actor
        self.say(
            self.tr("Drawing {0} logs from {1} to {2} with seed {3}…").format(
                size, local_day(start.date()), local_day((end - timedelta(days=1)).date()), seed
            )
        )

        def done(sample: SampleRecord) -> None:
            self.drawing = False
            self.asked_sample = sample.id
            self._show_sample(sample)
            self.refresh_samples(select=sample.id)
            self.focus_checklist()

        def failed(message: str) -> None:
            self.drawing = False
            self._failed(message)

        self._background(
            lambda: supervision.draw_sample(store, actor, start, end, size, seed, allow_overlap=allow_overlap),
            done,
            failed,
            write=True,
        )

    def _show_sample(self, sample: SampleRecord) -> None:
        self.sample = sample
        self.items = list(sample.items)
        for item in self.items:
            self.marks[item.id] = dict(item.marks)  # a mark still on its way shows as "Saving"
        self.logs.blockSignals(True)
        self.logs.clear()
        for item in self.items:
            self.logs.addItem(QListWidgetItem(self._log_line(item)))
        self.logs.blockSignals(False)
        self.logs.setCurrentRow(0 if self.items else -1)
        if not self.items:
            self._show_item()
        self._show_progress()

    # ------------------------------------------------------------------ logs

    def _log_line(self, item: SampleItemRecord) -> str:
        marked = len(self.marks.get(item.id, {}))
        return self.tr("{0}. {1} · {2} · {3} · {4}/{5} marked").format(
            item.position, item.reference, item.operator, item.rag.upper(), marked, len(item.checks)
        )

    def current_item(self) -> SampleItemRecord | None:
        row = self.logs.currentRow()
        return self.items[row] if 0 <= row < len(self.items) else None

    def _log_chosen(self, _row: int) -> None:
        self._show_item()
        item = self.current_item()
        if item is None:
            return
        reference = item.reference
        if reference in self.log_texts:
            self._show_log(reference)
            return
        store, actor = self.store, self.actor

        def done(text: str) -> None:
            self.log_texts[reference] = text
            self._show_log(reference)

        def failed(message: str) -> None:
            current = self.current_item()
            if current is not None and current.reference == reference:
                self.log.setPlainText(self.tr("The log could not be opened: {0}").format(message))
            self._failed(message)

        self.log.setPlainText(self.tr("Opening the log…"))
        self._background(lambda: store.contact_log(actor, reference).log_text, done, failed)

    def _show_log(self, reference: str) -> None:
        item = self.current_item()
        if item is not None and item.reference == reference:
            self.log.setPlainText(self.log_texts[reference])

    def step_log(self, step: int) -> None:
        if not self.items:
            self.refuse(self.tr("No sample open: Ctrl+D draws one, Ctrl+L opens one drawn before"))
            return
        checks_focused = self._focused_check() is not None or self._focused_note() is not None
        row = max(0, min(len(self.items) - 1, self.logs.currentRow() + step))
        self.logs.setCurrentRow(row)
        if checks_focused:
            self.focus_checklist()

    def _show_item(self) -> None:
        item = self.current_item()
        for k, check in enumerate(SAMPLE_CHECKS):
            self.rows[k].setVisible(item is None or check in item.checks)
            if item is None:
                self.rows[k].show_state(self.tr("No log open"), "", len(SAMPLE_CHECKS))
                self.note_edits[k].setText("")
                self.note_edits[k].hide()
                continue
            self._show_check(item, k)
        if item is None:
            self.log_title.setText(self.tr("No log open"))
            self.log.setPlainText("")
        else:
            also = (
                self.tr(" — also in sample {0} (compliance counts its latest mark)").format(
                    ", ".join(str(n) for n in item.other_samples)
                )
                if item.other_samples
                else ""
            )
            self.log_title.setText(
                self.tr("Log {0} of {1}: {2}, taken by {3} on {4}, rated {5}{6}").format(
                    item.position,
                    len(self.items),
                    item.reference,
                    item.operator,
                    local_text(item.started_at),
                    item.rag.upper(),
                    also,
                )
            )

    def _show_check(self, item: SampleItemRecord, k: int) -> None:
        check = SAMPLE_CHECKS[k]
        key = (item.id, check)
        stored = self.marks.get(item.id, {}).get(check)
        if key in self.saving:
            state = self.tr("Saving: {0}…").format(shown(ANSWER_WORDS[self.saving[key]]))
        elif key in self.waiting:
            state = self.tr("{0} No: waiting for the note (type what was missing, then Enter; Esc cancels)").format(
                ANSWER_MARKS["no"]
            )
        elif stored is not None:
            state = self.tr("{0} {1} (saved)").format(ANSWER_MARKS[stored[0]], shown(ANSWER_WORDS[stored[0]]))
        else:
            state = self.tr("Not marked")
        self.rows[k].show_state(state, hints(item).get(check, ""), len(item.checks))
        note = self.note_edits[k]
        is_no = key in self.waiting or self.saving.get(key) == "no" or (stored is not None and stored[0] == "no")
        if note.hasFocus() and not is_no:
            self.rows[k].setFocus(Qt.FocusReason.OtherFocusReason)
        wanted = self.notes.get(key, stored[1] if stored is not None else "") if is_no else ""
        if note.text() != wanted:
            note.setText(wanted)
        note.setVisible(is_no and check in item.checks)

    def _show_progress(self) -> None:
        if self.sample is None:
            return
        done = sum(set(item.checks) <= set(self.marks.get(item.id, {})) for item in self.items)
        overlap = (
            self.tr("; logs already sampled allowed")
            if self.sample.overlap_allowed
            else self.tr("; {0} logs already sampled left out").format(self.sample.left_out)
            if self.sample.left_out
            else ""
        )
        self.say(
            self.tr("{0} of {1} logs fully marked — sample {2}, {3} to {4}, seed {5}{6}").format(
                done,
                len(self.items),
                self.sample.id,
                local_day(self.sample.period_start.date()),
                local_day((self.sample.period_end - timedelta(days=1)).date()),
                self.sample.seed,
                overlap,
            )
        )

    # ------------------------------------------------------------------ focus

    def focus_draw_row(self) -> None:
        self.from_date.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _applicable(self) -> list[int]:
        """The rows of the checks that apply to the open log, in order."""
        item = self.current_item()
        checks = item.checks if item is not None else SAMPLE_CHECKS
        return [k for k, check in enumerate(SAMPLE_CHECKS) if check in checks]

    def focus_checklist(self) -> None:
        item = self.current_item()
        marked = self.marks.get(item.id, {}) if item else {}
        rows = self._applicable()
        first = next((k for k in rows if SAMPLE_CHECKS[k] not in marked), rows[0])
        self.rows[first].setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _focused_check(self) -> int | None:
        widget = QApplication.focusWidget()
        return next((k for k, check_row in enumerate(self.rows) if check_row is widget), None)

    def _focused_note(self) -> int | None:
        widget = QApplication.focusWidget()
        return next((k for k, note in enumerate(self.note_edits) if note is widget), None)

    def _move_check(self, k: int, step: int) -> None:
        rows = self._applicable()
        here = rows.index(k) if k in rows else 0
        self.rows[rows[max(0, min(len(rows) - 1, here + step))]].setFocus(Qt.FocusReason.OtherFocusReason)

    # ------------------------------------------------------------------ marks

    def _note_typed(self, k: int, text: str) -> None:
        item = self.current_item()
        if item is not None:
            self.notes[(item.id, SAMPLE_CHECKS[k])] = text

    def _stray_key(self, k: int, text: str) -> None:
        self.refuse(
            self.tr("'{0}' does nothing on a check, and nothing was marked: {1}").format(text, shown(MARK_KEYS))
        )

    def mark(self, answer: str) -> None:
        """Mark the check that has the keyboard: yes and not applicable are saved at once (the
        check's note cleared) and the cursor goes on; no puts the cursor in the check's note."""
        k = self._focused_check()
        if k is None:
            return
        item = self.current_item()
        if item is None:
            self.refuse(self.tr("No log open: Ctrl+D draws a sample, Ctrl+L opens one drawn before"))
            return
        check = SAMPLE_CHECKS[k]
        key = (item.id, check)
        self._clear_refusal()
        if answer == "no":
            self.waiting[key] = answer
            self._show_check(item, k)
            note = self.note_edits[k]
            note.setFocus(Qt.FocusReason.OtherFocusReason)
            note.end(False)
            return
        self.waiting.pop(key, None)
        self.notes.pop(key, None)  # only a "no" has a note
        self._save(item, k, answer, "")
        self._move_check(k, 1)

    def _note_entered(self, k: int) -> None:
        item = self.current_item()
        if item is None:
            self.refuse(self.tr("No log open: Ctrl+D draws a sample, Ctrl+L opens one drawn before"))
            return
        check = SAMPLE_CHECKS[k]
        note = self.note_edits[k].text().strip()
        if not note:
            self.refuse(
                self.tr(
                    "A 'no' needs a note: say what was missing for '{0}', then press Enter (Esc cancels the 'no')"
                ).format(sample_check_words(check))
            )
            return
        self._save(item, k, "no", note)
        self._move_check(k, 1)

    def _note_cancelled(self, k: int) -> None:
        """Esc in the note: the "no" waiting for it is cancelled (a saved answer stays)."""
        item = self.current_item()
        if item is not None:
            key = (item.id, SAMPLE_CHECKS[k])
            self.waiting.pop(key, None)
            self.notes.pop(key, None)
            self._show_check(item, k)
            self.say(self.tr("The 'no' on check {0} was not saved: nothing was changed").format(k + 1))
        self._clear_refusal()
        self.rows[k].setFocus(Qt.FocusReason.OtherFocusReason)

    def _note_tabbed(self, _k: int) -> None:
        self.refuse(self.tr("Type what was missing, then Enter saves the 'no' (Esc cancels it); Tab stays in the note"))

    def _save(self, item: SampleItemRecord, k: int, answer: str, note: str) -> None:
        from asbdesk.storage import supervision

        check = SAMPLE_CHECKS[k]
        key = (item.id, check)
        store, actor, item_id = self.store, self.actor, item.id
        self.waiting.pop(key, None)
        self.saving[key] = answer
        self._clear_refusal()
        self._show_check(item, k)

        def done(_result: object) -> None:
            self.saving.pop(key, None)
            self.marks.setdefault(item_id, {})[check] = (answer, note)
            if self.notes.get(key, note).strip() == note:
                self.notes.pop(key, None)  # saved as typed: nothing left to keep
            self._mark_shown(item_id)
            self._announce_saved(item_id, k, answer)

        def failed(message: str) -> None:
            self.saving.pop(key, None)
            if answer == "no":
                self.waiting[key] = answer
            self.refuse(self.tr("Not saved: {0}").format(message))
            self._mark_shown(item_id)
            current = self.current_item()
            if current is not None and current.id == item_id and message.startswith("note:"):
                self.note_edits[k].setFocus(Qt.FocusReason.OtherFocusReason)

        self._background(
            lambda: supervision.mark_sample(store, actor, item_id, check, answer, note), done, failed, write=True
        )

    def _announce_saved(self, item_id: int, k: int, answer: str) -> None:
        """A mark saved, in words, then the check the cursor is on now with its hint from the
        record (what a sighted supervisor reads beside it)."""
        words = self.tr("Check {0} saved: {1}.").format(k + 1, shown(ANSWER_WORDS[answer]))
        current, now_on = self.current_item(), self._focused_check()
        if current is not None and current.id == item_id and now_on is not None and now_on != k:
            row = self.rows[now_on]
            words += self.tr(" Now on {0}. {1}.").format(row.accessibleName(), row.answer.text())
            hint = row.hint.text()
            if hint:
                words += self.tr(" Hint: {0}").format(hint)
        self.announce(words)

    def _mark_shown(self, item_id: int) -> None:
        """A mark saved (or refused): its check, the log's line and the counts."""
        for row, item in enumerate(self.items):
            if item.id == item_id:
                entry = self.logs.item(row)
                if entry is not None:
                    entry.setText(self._log_line(item))
                current = self.current_item()
                if current is not None and current.id == item_id:
                    for k in range(len(SAMPLE_CHECKS)):
                        self._show_check(item, k)
        self._count_marks_listed()
        self._show_progress()
