"""The supervisor's dip sample (issue 10.2): draw a reproducible random sample of logs from a
period, stratified by operator, read each sampled log beside the checklist and mark it.

A thin view over :mod:`asbdesk.storage.supervision` (``draw_sample``, ``list_samples``,
``get_sample``, ``mark_sample``): every read and every mark runs off the GUI thread, each
mark is saved the moment it is made, and a refusal (a "no" without a note, a call handler at
the page, a database out of reach) is said in words on the page. A note typed is kept, per
log and per check, until it is saved: moving between checks, logs or samples loses nothing.
The log is shown read-only, as stored; opening one is a view of a person's record (audited).

Keys (each a QAction on the page, one shortcut each):

    Ctrl+D              draw a sample from the From / To / Size / Seed row (or Enter in the row)
    Ctrl+Shift+D        to the draw row (From; Tab to To, Size and Seed)
    Ctrl+L              the samples drawn before (Up/Down opens one)
    Ctrl+G              the sampled logs (Up/Down opens one)
    Ctrl+Down, Ctrl+Up  next / previous sampled log
    Ctrl+R              read the log (read-only)
    Ctrl+K              the checklist (the first check not yet marked)
    Ctrl+E              the note on the check
    Y, N, A             on a check: yes / no / not applicable, saved at once; on to the next check
    Up, Down            between the checks; Tab to the check's note, where Enter saves it

A "no" needs a note saying what was missing: N on a check without one puts the cursor in its
note, and Enter there saves the "no" with it. The same seed, period and size over the same
logs draw the same sample (the seed is shown, and listed with each sample drawn).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal
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
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from asbdesk.core.vocabulary import RAG_RATINGS, SAMPLE_ANSWERS, SAMPLE_CHECK_WORDS, SAMPLE_CHECKS
from asbdesk.gui import tasks
from asbdesk.gui.history_model import local_text

if TYPE_CHECKING:  # SQLAlchemy loads off the GUI thread, with the first read
    from asbdesk.storage.records import Actor
    from asbdesk.storage.store import Store
    from asbdesk.storage.supervision import SampleItemRecord, SampleRecord

DEFAULT_DAYS = 30
DEFAULT_SIZE = 20
SEED_LIMIT = 2_147_483_647
# The keys for the answers, in SAMPLE_ANSWERS' order: yes, no, not applicable.
ANSWER_KEYS: dict[str, str] = dict(zip(SAMPLE_ANSWERS, ("Y", "N", "A"), strict=True))
ANSWER_WORDS: dict[str, str] = dict(zip(SAMPLE_ANSWERS, ("Yes", "No", "Not applicable"), strict=True))
ANSWER_MARKS: dict[str, str] = dict(zip(SAMPLE_ANSWERS, ("✔", "✘", "–"), strict=True))
LOW_RAG = RAG_RATINGS[0]  # green, lowest first: the one rating that needs no occurrence


def utc_now() -> datetime:
    return datetime.now(UTC)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def hints(item: SampleItemRecord) -> dict[str, str]:
    """What the record says beside each check: where to look, never the answer."""
    rag = item.rag.upper()
    said = {"response_appropriate": f"Rated {rag}: was the response right for that?"}
    said["recontact_completed"] = (
        "The caller asked for further contact"
        if item.recontact_requested
        else "No further contact was asked for (likely not applicable)"
    )
    said["occurrence_created"] = (
        f"{rag}: no occurrence is required (likely not applicable)"
        if item.rag == LOW_RAG
        else f"{rag}: an occurrence is required"
    )
    said["crime_recorded"] = (
        "A crime-recording prompt fired on this call"
        if item.crime_prompt_fired
        else "No crime-recording prompt fired (likely not applicable)"
    )
    return said


class CheckRow(QFrame):
    """One checklist item: its words, the answer given and a hint from the record. It takes
    the keyboard: Y / N / A (the page's actions) answer it, Up / Down move between checks."""

    moved = Signal(int)
    entered = Signal()

    def __init__(self, number: int, check: str) -> None:
        super().__init__()
        self.number, self.check = number, check
        self.setObjectName("sampleCheck")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.words = QLabel(f"{number}. {SAMPLE_CHECK_WORDS[check]}")
        self.words.setWordWrap(True)
        self.answer = QLabel()
        self.answer.setObjectName("sampleAnswer")
        self.hint = QLabel()
        self.hint.setObjectName("keyHint")
        self.hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(self.words)
        layout.addWidget(self.answer)
        layout.addWidget(self.hint)
        self.show_state(self.tr("Not marked"), "")

    def show_state(self, state: str, hint: str) -> None:
        self.answer.setText(f"{state}   (Y yes · N no · A not applicable)")
        self.hint.setText(hint)
        self.hint.setVisible(bool(hint))
        self.setAccessibleName(f"Check {self.number} of {len(SAMPLE_CHECKS)}: {SAMPLE_CHECK_WORDS[self.check]}")
        self.setAccessibleDescription(f"{state}. {hint}".strip())

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt)
        super().focusInEvent(event)
        self.entered.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt)
        if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down) and not event.modifiers():
            self.moved.emit(-1 if event.key() == Qt.Key.Key_Up else 1)
            return
        super().keyPressEvent(event)


class NoteEdit(QLineEdit):
    """The note on one check. Enter saves it (with the answer waiting for it, or the answer
    already given) and goes no further."""

    submitted = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt)
        if (
            event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            event.accept()
            self.submitted.emit()
            return
        super().keyPressEvent(event)


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
        self.last_check = 0  # the check last in the keyboard's hands (Ctrl+E goes to its note)
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
        grid.addWidget(QLabel(self.tr("Checklist (Ctrl+K): Y / N / A, Up/Down; Tab to the note, Enter saves it")), 0, 0)
        for n, check in enumerate(SAMPLE_CHECKS, 1):
            check_row = CheckRow(n, check)
            check_row.moved.connect(lambda step, k=n - 1: self._move_check(k, step))
            check_row.entered.connect(lambda k=n - 1: setattr(self, "last_check", k))
            note = NoteEdit()
            note.setPlaceholderText(self.tr("Note: what was missing (Enter saves)"))
            note.setAccessibleName(f"Note on check {n}: {SAMPLE_CHECK_WORDS[check]}")
            note.textEdited.connect(lambda text, k=n - 1: self._note_typed(k, text))
            note.submitted.connect(lambda k=n - 1: self._note_entered(k))
            grid.addWidget(check_row, 2 * n - 1, 0)
            grid.addWidget(note, 2 * n, 0)
            self.rows.append(check_row)
            self.note_edits.append(note)
        grid.setRowStretch(2 * len(SAMPLE_CHECKS) + 1, 1)
        for check_row, note in zip(self.rows, self.note_edits, strict=True):
            QWidget.setTabOrder(check_row, note)
        for note, check_row in zip(self.note_edits, self.rows[1:], strict=False):
            QWidget.setTabOrder(note, check_row)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        for pane in (left, middle, checklist):
            splitter.addWidget(pane)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 4)
        splitter.setStretchFactor(2, 3)
        splitter.setSizes([420, 520, 420])

        self.refusal = QLabel()
        self.refusal.setObjectName("refusal")
        self.refusal.setAccessibleName(self.tr("Refused"))
        self.refusal.setWordWrap(True)
        self.refusal.hide()
        self.status = QLabel(self.tr("No sample open: Ctrl+D draws one"))
        self.status.setObjectName("sampleStatus")
        self.status.setAccessibleName(self.tr("Sample status"))
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
        add("note", self.tr("Note on the check"), "Ctrl+E", self.focus_note)
        for answer in SAMPLE_ANSWERS:
            add(
                f"mark_{answer}",
                f"Mark the check: {ANSWER_WORDS[answer].lower()}",
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
        self.status.setText(text)

    def refuse(self, text: str) -> None:
        self.refusal.setText(text)
        self.refusal.show()

    def _clear_refusal(self) -> None:
        self.refusal.clear()
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
        return (
            f"Sample {s['id']}: {s['from']} to {s['to']}, {s['size']} logs, seed {s['seed']}, "
            f"by {s['drawn_by']} — {s['marked']} of {s['of']} checks marked"
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

        self.say(f"Opening sample {sample_id}…")
        self._background(lambda: supervision.get_sample(store, actor, sample_id), done, self._failed)

    def draw(self) -> None:
        from asbdesk.storage import supervision

        if self.drawing:  # a key pressed twice draws once (each draw is recorded and audited)
            return
        first, last = _pydate(self.from_date.date()), _pydate(self.to_date.date())
        start = datetime.combine(first, time(), UTC)
        end = datetime.combine(last, time(), UTC) + timedelta(days=1)
        size, seed = self.size_box.value(), self.seed_box.value()
        store, actor = self.store, self.actor
        self._clear_refusal()
        self.say(f"Drawing {size} logs from {first.isoformat()} to {last.isoformat()} with seed {seed}…")

        def done(sample: SampleRecord) -> None:
            self.drawing = False
            self.asked_sample = sample.id
            self._show_sample(sample)
            self.refresh_samples(select=sample.id)
            self.focus_checklist()

        def failed(message: str) -> None:
            self.drawing = False
            self._failed(message)

        self.drawing = True
        self._background(
            lambda: supervision.draw_sample(store, actor, start, end, size, seed), done, failed, write=True
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
        return f"{item.position}. {item.reference} · {item.operator} · {item.rag.upper()} · {marked}/{len(SAMPLE_CHECKS)} marked"

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
                self.log.setPlainText(f"The log could not be opened: {message}")
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
            note = self.note_edits[k]
            if item is None:
                self.rows[k].show_state(self.tr("No log open"), "")
                note.setText("")
                continue
            self._show_check(item, k)
            key = (item.id, check)
            stored = self.marks.get(item.id, {}).get(check, ("", ""))[1]
            note.setText(self.notes.get(key, stored))
        if item is None:
            self.log_title.setText(self.tr("No log open"))
            self.log.setPlainText("")
        else:
            self.log_title.setText(
                f"Log {item.position} of {len(self.items)}: {item.reference}, taken by {item.operator} "
                f"on {local_text(item.started_at)}, rated {item.rag.upper()}"
            )

    def _show_check(self, item: SampleItemRecord, k: int) -> None:
        check = SAMPLE_CHECKS[k]
        key = (item.id, check)
        if key in self.saving:
            state = f"Saving: {ANSWER_WORDS[self.saving[key]]}…"
        elif key in self.waiting:
            state = f"{ANSWER_WORDS[self.waiting[key]]}: waiting for the note (type it, then Enter)"
        elif check in self.marks.get(item.id, {}):
            answer = self.marks[item.id][check][0]
            state = f"{ANSWER_MARKS[answer]} {ANSWER_WORDS[answer]} (saved)"
        else:
            state = self.tr("Not marked")
        self.rows[k].show_state(state, hints(item).get(check, ""))

    def _show_progress(self) -> None:
        if self.sample is None:
            return
        done = sum(len(self.marks.get(item.id, {})) == len(SAMPLE_CHECKS) for item in self.items)
        self.say(
            f"{done} of {len(self.items)} logs fully marked — sample {self.sample.id}, "
            f"{self.sample.period_start.date().isoformat()} to "
            f"{(self.sample.period_end - timedelta(days=1)).date().isoformat()}, seed {self.sample.seed}"
        )

    # ------------------------------------------------------------------ focus

    def focus_draw_row(self) -> None:
        self.from_date.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def focus_checklist(self) -> None:
        item = self.current_item()
        marked = self.marks.get(item.id, {}) if item else {}
        first = next((k for k, check in enumerate(SAMPLE_CHECKS) if check not in marked), 0)
        self.rows[first].setFocus(Qt.FocusReason.ShortcutFocusReason)

    def focus_note(self) -> None:
        self.note_edits[self.last_check].setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _focused_check(self) -> int | None:
        widget = QApplication.focusWidget()
        return next((k for k, check_row in enumerate(self.rows) if check_row is widget), None)

    def _focused_note(self) -> int | None:
        widget = QApplication.focusWidget()
        return next((k for k, note in enumerate(self.note_edits) if note is widget), None)

    def _move_check(self, k: int, step: int) -> None:
        self.rows[max(0, min(len(self.rows) - 1, k + step))].setFocus(Qt.FocusReason.OtherFocusReason)

    # ------------------------------------------------------------------ marks

    def _note_typed(self, k: int, text: str) -> None:
        item = self.current_item()
        if item is not None:
            self.notes[(item.id, SAMPLE_CHECKS[k])] = text

    def mark(self, answer: str) -> None:
        """Mark the check that has the keyboard."""
        k = self._focused_check()
        if k is None:
            return
        item = self.current_item()
        if item is None:
            self.refuse(self.tr("No log open: Ctrl+D draws a sample, Ctrl+L opens one drawn before"))
            return
        check = SAMPLE_CHECKS[k]
        note = self.note_edits[k].text().strip()
        if answer == "no" and not note:
            self.waiting[(item.id, check)] = answer
            self._show_check(item, k)
            self.refuse(
                f"A 'no' needs a note: say what was missing for '{SAMPLE_CHECK_WORDS[check]}', "
                "then press Enter to save it"
            )
            self.note_edits[k].setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self._save(item, k, answer, note)
        self._move_check(k, 1)

    def _note_entered(self, k: int) -> None:
        item = self.current_item()
        if item is None:
            self.refuse(self.tr("No log open: Ctrl+D draws a sample, Ctrl+L opens one drawn before"))
            return
        check = SAMPLE_CHECKS[k]
        key = (item.id, check)
        answer = self.waiting.get(key) or self.marks.get(item.id, {}).get(check, ("", ""))[0]
        note = self.note_edits[k].text().strip()
        if not answer:
            self.refuse(self.tr("The note is kept: press Y, N or A on the check to mark it"))
            self.rows[k].setFocus(Qt.FocusReason.OtherFocusReason)
            return
        if answer == "no" and not note:
            self.refuse(f"A 'no' needs a note: say what was missing for '{SAMPLE_CHECK_WORDS[check]}'")
            return
        self._save(item, k, answer, note)
        self._move_check(k, 1)

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

        def failed(message: str) -> None:
            self.saving.pop(key, None)
            if answer == "no":
                self.waiting[key] = answer
            self.refuse(f"Not saved: {message}")
            self._mark_shown(item_id)
            current = self.current_item()
            if current is not None and current.id == item_id and message.startswith("note:"):
                self.note_edits[k].setFocus(Qt.FocusReason.OtherFocusReason)

        self._background(
            lambda: supervision.mark_sample(store, actor, item_id, check, answer, note), done, failed, write=True
        )

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
