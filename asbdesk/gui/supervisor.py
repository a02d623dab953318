"""The supervisor's desk (issue 10 item 1): the queues of work a supervisor decides, keyboard only.

One tab per queue, most urgent first, each a table with the item's details read-only
beside it; every decision is a small dialog with a written reason. The storage layer
(:mod:`asbdesk.storage.supervision`) enforces the role and audits every action: this
window only shows what it says, refusals included, in words. Storage work runs off the
GUI thread (:mod:`asbdesk.gui.tasks`).

Keys
  Ctrl+1 … Ctrl+5   the queues: flag requests, flag reviews due, overrides, re-contacts,
                    occurrences (the table takes the keyboard: Up/Down, PgUp/PgDown,
                    Home/End; the details follow; Tab to the details)
  Ctrl+6, Ctrl+7 …  the further pages (from the desk: Ctrl+6 dip sample, Ctrl+7 reports)
  Ctrl+8            every active flag, the soonest monthly review first (the last tab,
                    :mod:`asbdesk.gui.supervisor_flags`): Alt+K the kind, Alt+U the review due
                    (all, overdue, due within 7 days, due later), Alt+A the postcode area;
                    Ctrl+M / Ctrl+X maintain or remove the chosen flag there too
  F5                on a queue or the active flags: read it and the counts again
  Ctrl+Z            undo the last decision made in this window (below)
  Ctrl+U            authorise the flag request (its necessity; reviewed a month on)
  Ctrl+R            refuse the flag request (the reason)
  Ctrl+M            maintain the flag at its monthly review (a note; next review a month on)
  Ctrl+X            remove the flag (the reason)
  Ctrl+G            agree with the override (a comment the operator sees)
  Ctrl+D            disagree with the override and re-grade the contact: the value it should
                    have (Up/Down; asbdesk's computed value first), Tab, a comment the
                    operator sees; the log is amended and the follow-up opened (issue 22.3)
  Ctrl+L            allocate the re-contact to an officer (a user or a name typed in)
  Ctrl+T            record an attempt at the allocated re-contact: a ring back Alt+N no
                    answer, Alt+V left voicemail, Alt+W wrong number, Alt+R reached; an
                    e-mail Alt+S sent, Alt+B bounced, Alt+R reached (Alt+O who, Alt+E note)
  Ctrl+O            record the re-contact's outcome: Alt+R reached, Alt+N not reached,
                    Alt+D declined (a ring back not reached, after its attempts, writes the
                    letter for posting once the outcome is stored)
  Ctrl+E            record the occurrence reference
In every dialog Ctrl+Enter records and Esc cancels; a refusal is said in the dialog and
what was typed stays.

After a decision (issue 22.4) the list is read again and the cursor goes to the item that was
below the decided one in the list as shown (the one above when it was the last; the same
item after an attempt, which keeps the re-contact open); the status bar says what was
decided and "Now on: <the item>", and the details show it. That selection belongs to the
read the decision started: another queue's cursor is never moved by it, and a later read
(F5, Ctrl+1 … 8 away and back) keeps the cursor on its item. When the item under the cursor
has gone from a list read again (decided at another desk), the cursor goes to the one that
was below it, and the status bar says so: never silently onto another item.

Ctrl+Z (Decide, "Undo last decision") takes back the last decision made in this window since
it opened, newest first (:mod:`asbdesk.storage.undo`): a flag authorised or refused (a
request again), maintained (its review date as before), removed (active again, its review
date as before); a re-contact allocated (as allocated before, or not); an occurrence
reference recorded (waiting again). Storage refuses it in words when the item changed since
("flag 12 was changed since by sue ..."); it is then taken off the stack. An override's
review, a re-contact's attempt and its outcome are not undone here: Ctrl+Z says so and the
next Ctrl+Z goes to the decision before it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QStringListModel,
    Qt,
    QTimer,
)
from PySide6.QtGui import QAction, QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QRadioButton,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from asbdesk.core.vocabulary import (
    RECONTACT_ATTEMPT_RESULTS,
    RECONTACT_ATTEMPTS_BY_METHOD,
    RECONTACT_OUTCOMES,
    REVIEW_KINDS,
)
from asbdesk.gui import tasks
from asbdesk.gui.a11y import new_announcements, say, show_text
from asbdesk.gui.i18n import QT_TRANSLATE_NOOP
from asbdesk.gui.supervisor_flags import KIND as FLAGS
from asbdesk.gui.supervisor_flags import FlagsPage, flag_heading
from asbdesk.gui.supervisor_flags import ItemTable as QueueTable
from asbdesk.gui.words import (
    attempt_words,
    decision_words,
    field_words,
    flag_kind_words,
    flag_state_words,
    flag_subject_words,
    local_day,
    local_text,
    method_words,
    outcome_words,
    phone_text,
    rag_words,
    review_kind_words,
    summary_words,
    why_not_words,
)

if TYPE_CHECKING:
    from asbdesk.storage.records import Actor
    from asbdesk.storage.store import Store
    from asbdesk.storage.supervision import ActiveFlag, Letter, LetterFile, ReviewItem
    from asbdesk.storage.undo import Decision


HEADERS = (
    QT_TRANSLATE_NOOP("QueueModel", "Due"),
    QT_TRANSLATE_NOOP("QueueModel", "Reference"),
    QT_TRANSLATE_NOOP("QueueModel", "Summary"),
)
OVERDUE = QT_TRANSLATE_NOOP("QueueModel", "OVERDUE")
OVERDUE_COLOUR = "#b00020"  # backs up the word, never replaces it
PAGE = 500  # items read at a time: the first page of any queue shows at once
DETAIL_DELAY_MS = 120  # holding Down through a queue reads the details of the row it stops on
FLAGS_KEY = "Ctrl+8"  # the active flags: after the queues (Ctrl+1 … 5) and further pages (Ctrl+6, 7)
SUMMARY_WORDS = 90  # "Now on: …" in the status bar names the item in at most this many characters


def _sv() -> Any:
    """The storage calls, imported on first use (SQLAlchemy loads after the window paints)."""
    from asbdesk.storage import supervision

    return supervision


def _undo() -> Any:
    from asbdesk.storage import undo

    return undo


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def is_overdue(item: ReviewItem, now: datetime) -> bool:
    """Past its due time. A flag review is due on a day (overdue the day after); a flag
    request has no due time of its own (storage dates it by the request), so is never
    marked overdue."""
    if item.kind == "flag-request":
        return False
    if item.kind == "flag-review":
        return item.due_at.date() < _utc(now).date()
    return _utc(item.due_at) < _utc(now)


def due_words(item: ReviewItem, now: datetime) -> str:
    """The Due column: local time (a day for flag reviews), 'OVERDUE' in words when past it."""
    if item.kind == "flag-request":
        return QCoreApplication.translate("supervisor", "requested {0}").format(local_text(item.created_at))
    when = local_day(item.due_at.date()) if item.kind == "flag-review" else local_text(item.due_at)
    overdue = QCoreApplication.translate("QueueModel", OVERDUE)
    return f"{overdue} {when}" if is_overdue(item, now) else when


class QueueModel(QAbstractTableModel):
    """One queue's items in a list, in the order storage gave them (most urgent first):
    no widget per row. A queue is read a page at a time (PAGE items): the first page shows
    at once however long the queue, and Qt asks for the next (``fetchMore``) as the
    supervisor scrolls to the end of what is shown; ``fetcher`` reads it off the GUI thread
    and ``append_items`` adds it."""

    def __init__(self, clock: Callable[[], datetime]) -> None:
        super().__init__()
        self._items: list[ReviewItem] = []
        self._clock = clock
        self._now = clock()
        self.more = False  # the last read filled its page: more may wait
        self.fetching = False
        self.fetcher: Callable[[ReviewItem], None] | None = None

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: N802, B008 (Qt)
        return not parent.isValid() and self.more and not self.fetching and bool(self._items)

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:  # noqa: N802, B008 (Qt)
        if self.canFetchMore(parent) and self.fetcher is not None:
            self.fetching = True
            self.fetcher(self._items[-1])

    def append_items(self, items: Sequence[ReviewItem], more: bool) -> None:
        """The next page, read after the last item shown (none shown twice)."""
        self.fetching = False
        self.more = more
        if items:
            self.beginInsertRows(QModelIndex(), len(self._items), len(self._items) + len(items) - 1)
            self._items.extend(items)
            self.endInsertRows()

    @property
    def items(self) -> list[ReviewItem]:
        return self._items

    def set_items(self, items: Sequence[ReviewItem], more: bool = False) -> None:
        self.beginResetModel()
        self._items = list(items)
        self._now = self._clock()
        self.more, self.fetching = more, False
        self.endResetModel()

    def item(self, row: int) -> ReviewItem | None:
        return self._items[row] if 0 <= row < len(self._items) else None

    def row_of(self, item_id: int) -> int | None:
        for row, item in enumerate(self._items):
            if item.id == item_id:
                return row
        return None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008 (Qt: the signature Qt calls; an empty index is immutable)
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008 (Qt: the signature Qt calls; an empty index is immutable)
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item = self.item(index.row()) if index.isValid() else None
        if item is None:
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor(OVERDUE_COLOUR)) if index.column() == 0 and is_overdue(item, self._now) else None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole):
            return None
        column = index.column()
        if column == 0:
            return due_words(item, self._now)
        if column == 1:
            return item.contact_reference or self.tr("no reference")
        return summary_words(item)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(HEADERS)
        ):
            return QCoreApplication.translate("QueueModel", HEADERS[section])
        return None


# ------------------------------------------------------------------ the details, as plain text


def _text(value: Any) -> str:
    if value is None or value == "":
        return "-"
    if value is True:
        return QCoreApplication.translate("supervisor", "yes")
    if value is False:
        return QCoreApplication.translate("supervisor", "no")
    if isinstance(value, datetime):
        return local_text(_utc(value))
    if isinstance(value, date):
        return local_day(value)
    if isinstance(value, (list, tuple)):
        return ", ".join(_text(v) for v in value) or "-"
    if isinstance(value, dict):
        return "; ".join(f"{str(k).replace('_', ' ')}: {_text(v)}" for k, v in value.items()) or "-"
    if isinstance(value, str) and _ISO_DAY.fullmatch(value):  # a date kept as text (a flag's history)
        return local_day(date.fromisoformat(value))
    return str(value)


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _words(identifier: Any) -> str:
    return str(identifier or "").replace("_", " ")


# The keys of a flag event's and a work item's details (asbdesk.storage.store: _flag_event,
# work_for), in words; each value in words where asbdesk names it (a flag's kind, …).
_DETAIL_KEYS = {
    "kind": QT_TRANSLATE_NOOP("supervisor", "kind"),
    "status": QT_TRANSLATE_NOOP("supervisor", "status"),
    "review_due": QT_TRANSLATE_NOOP("supervisor", "review due"),
    "reason": QT_TRANSLATE_NOOP("supervisor", "reason"),
    "note": QT_TRANSLATE_NOOP("supervisor", "note"),
    "undid": QT_TRANSLATE_NOOP("supervisor", "undid"),
    "field": QT_TRANSLATE_NOOP("supervisor", "field"),
    "rag": QT_TRANSLATE_NOOP("supervisor", "rag"),
}
_DETAIL_VALUES: dict[str, Callable[[str], str]] = {
    "kind": flag_kind_words,
    "status": flag_state_words,
    "undid": flag_state_words,
    "field": field_words,
    "rag": rag_words,
}


def _details_text(details: dict[str, Any]) -> str:
    """A flag event's or a work item's details: 'kind: vulnerable victim; reason: …'."""
    said = []
    for key, value in details.items():
        name = QCoreApplication.translate("supervisor", _DETAIL_KEYS[key]) if key in _DETAIL_KEYS else _words(key)
        words = _DETAIL_VALUES[key](str(value)) if key in _DETAIL_VALUES and value else _text(value)
        said.append(f"{name}: {words}")
    return "; ".join(said) or "-"


def detail_text(item: ReviewItem | ActiveFlag, detail: dict[str, Any], heading: str | None = None) -> str:
    """What the supervisor reads before deciding, as plain text (shown as text, never as
    markup): the flag request with the contact it came from, or the contact with its
    override (computed and chosen values, the operator's reason), answers and log.
    ``heading``: the first line, when not the queue's (an active flag's)."""
    lines = [heading or f"{review_kind_words(item.kind)}: {summary_words(item)}", ""]
    flag = detail.get("flag")
    if flag:
        lines += [
            QCoreApplication.translate("supervisor", "Flag {0}: {1} on the {2}, {3}").format(
                flag.get("id"),
                flag_kind_words(str(flag.get("kind") or "")),
                flag_subject_words(str(flag.get("subject") or "")),
                flag_state_words(str(flag.get("status") or "")),
            ),
            QCoreApplication.translate("supervisor", "  Requested by:          {0} at {1}").format(
                _text(flag.get("requested_by")), _text(flag.get("requested_at"))
            ),
            QCoreApplication.translate("supervisor", "  To negate risk:        {0}").format(
                _text(flag.get("negate_risk"))
            ),
            QCoreApplication.translate("supervisor", "  Officer action:        {0}").format(
                _text(flag.get("officer_action"))
            ),
            QCoreApplication.translate("supervisor", "  Who must be informed:  {0}").format(_text(flag.get("inform"))),
            QCoreApplication.translate("supervisor", "  Linked references:     {0}").format(
                _text(flag.get("linked_references"))
            ),
        ]
        if flag.get("necessity"):
            lines.append(
                QCoreApplication.translate("supervisor", "  Necessity:             {0}").format(flag["necessity"])
            )
        if flag.get("authorised_by"):
            lines.append(
                QCoreApplication.translate("supervisor", "  Authorised by:         {0}").format(flag["authorised_by"])
            )
        if flag.get("review_due"):
            lines.append(
                QCoreApplication.translate("supervisor", "  Review due:            {0}").format(
                    _text(flag["review_due"])
                )
            )
        events = detail.get("events") or []
        if events:
            lines += ["", QCoreApplication.translate("supervisor", "History")]
            lines += [
                f"  {_text(e.get('at'))}  {e.get('by')} {flag_state_words(str(e.get('action') or ''))}"
                + (f" ({_details_text(e['details'])})" if e.get("details") else "")
                for e in events
            ]
        lines.append("")
    work = detail.get("work")
    caller = detail.get("caller")
    if work and caller is not None:  # a re-contact: how to reach the caller, and every try (issue 22.2)
        lines += recontact_lines(work, caller, detail.get("attempts") or ())
    elif work:
        if work.get("assigned_to"):
            lines.append(QCoreApplication.translate("supervisor", "Allocated to: {0}").format(work["assigned_to"]))
        details = {k: v for k, v in (work.get("details") or {}).items() if k not in ("letter",)}
        if details:
            lines.append(QCoreApplication.translate("supervisor", "Details: {0}").format(_details_text(details)))
        lines.append("")
    contact = detail.get("contact")
    if contact is None:
        if flag:
            lines.append(QCoreApplication.translate("supervisor", "No contact is linked to this flag."))
        return "\n".join(lines).rstrip() + "\n"
    lines += [
        QCoreApplication.translate("supervisor", "Contact {0}").format(contact.get("reference")),
        QCoreApplication.translate("supervisor", "  Taken by:              {0} at {1}").format(
            _text(contact.get("operator")), _text(contact.get("started_at"))
        ),
        QCoreApplication.translate("supervisor", "  Incident code:         {0}").format(
            _text(contact.get("incident_code"))
        ),
        QCoreApplication.translate("supervisor", "  Risk level:            {0}").format(
            _words(contact.get("risk_level"))
        ),
        QCoreApplication.translate("supervisor", "  Grade:                 {0}").format(_words(contact.get("grade"))),
        QCoreApplication.translate("supervisor", "  RAG:                   {0}").format(
            str(contact.get("rag") or "-").upper()
        ),
    ]
    override = contact.get("override") or {}
    if override:
        lines += [
            "",
            QCoreApplication.translate("supervisor", "Override of the {0}").format(
                field_words(str(override.get("field") or ""))
            ),
            QCoreApplication.translate("supervisor", "  Computed:              {0}").format(
                _words(override.get("computed"))
            ),
            QCoreApplication.translate("supervisor", "  Chosen:                {0}").format(
                _words(override.get("chosen"))
            ),
            QCoreApplication.translate("supervisor", "  Operator's reason:     {0}").format(
                _text(override.get("reason"))
            ),
        ]
    answers = contact.get("answers") or {}
    lines += ["", QCoreApplication.translate("supervisor", "Answers")]
    lines += [f"  {_words(k)}: {_text(v)}" for k, v in answers.items()] or [
        QCoreApplication.translate("supervisor", "  none recorded")
    ]
    log_text = contact.get("log_text")
    if log_text:
        lines += ["", QCoreApplication.translate("supervisor", "Log"), log_text.rstrip()]
    return "\n".join(lines) + "\n"


def recontact_lines(work: dict[str, Any], caller: Any, attempts: Sequence[Any]) -> list[str]:
    """A re-contact's details: how to reach the caller (the number in the national format,
    the others on record, the address, the e-mail address), who it is allocated to, every
    attempt in the order made, and the outcome."""
    from asbdesk.storage.supervision import NOT_IDENTIFIED  # loaded: the details were read

    details = work.get("details") or {}
    method = str(details.get("method") or "")
    phones = [phone_text(p) for p in caller.phones]
    lines = [
        QCoreApplication.translate("supervisor", "Re-contact by {0}").format(method_words(method)),
        QCoreApplication.translate("supervisor", "  Caller:                {0}").format(
            QCoreApplication.translate("Words", "caller not identified")
            if caller.name == NOT_IDENTIFIED
            else caller.name
        ),
        QCoreApplication.translate("supervisor", "  Phone:                 {0}").format(
            phones[0] if phones else QCoreApplication.translate("supervisor", "none on record")
        ),
    ]
    if len(phones) > 1:
        lines.append(
            QCoreApplication.translate("supervisor", "  Other numbers:         {0}").format(", ".join(phones[1:]))
        )
    lines += [
        QCoreApplication.translate("supervisor", "  E-mail:                {0}").format(
            caller.email or QCoreApplication.translate("supervisor", "none given")
        ),
        QCoreApplication.translate("supervisor", "  Address:               {0}").format(
            caller.address or QCoreApplication.translate("supervisor", "none on record")
        ),
        QCoreApplication.translate("supervisor", "  Allocated to:          {0}").format(
            work.get("assigned_to") or QCoreApplication.translate("supervisor", "not allocated (Ctrl+L)")
        ),
        "",
        QCoreApplication.translate("supervisor", "Attempts, in the order made")
        if attempts
        else QCoreApplication.translate("supervisor", "Attempts: none recorded yet (Ctrl+T records one)"),
    ]
    for n, attempt in enumerate(attempts, 1):
        note = f": {attempt.note}" if attempt.note else ""
        lines.append(
            f"  {n}. {local_text(_utc(attempt.attempted_at))}  {attempt.attempted_by}: {attempt_words(attempt.result)}{note}"
        )
    if not work.get("open", True):
        lines += [
            "",
            QCoreApplication.translate("supervisor", "Outcome: {0}").format(
                outcome_words(str(work.get("outcome") or ""))
            )
            + (f": {work['comment']}" if work.get("comment") else ""),
        ]
        letter = details.get("letter")
        if letter:
            lines.append(
                QCoreApplication.translate("supervisor", "  Letter for posting: {0}").format(letter.get("file"))
            )
    lines.append("")
    return lines


# ------------------------------------------------------------------ a queue's page


class QueuePage(QWidget):
    """One queue: the table of items and the read-only details of the current one beside it."""

    def __init__(self, kind: str, clock: Callable[[], datetime]) -> None:
        super().__init__()
        self.kind = kind
        self.title = review_kind_words(kind)
        self.refiltered = False  # the active flags' only: read again for other filters
        self.model = QueueModel(clock)
        self.table = QueueTable()
        self.table.setObjectName(f"queue-{kind}")
        self.table.setAccessibleName(self.tr("{0}, most urgent first").format(review_kind_words(kind)))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab moves on to the details
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        rows = self.table.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # no row measured: 10,000 open at once
        rows.setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        columns = self.table.horizontalHeader()
        columns.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        columns.setStretchLastSection(True)
        width = self.table.fontMetrics().horizontalAdvance
        self.table.setColumnWidth(
            0, width(QCoreApplication.translate("QueueModel", OVERDUE) + " 00/00/0000 00:00") + 24
        )
        self.table.setColumnWidth(1, width("ASB-0000-000000") + 24)
        self.detail = QTextBrowser()
        self.detail.setObjectName(f"detail-{kind}")
        self.detail.setAccessibleName(self.tr("Details of the item"))
        self.detail.setOpenLinks(False)
        self.detail.setLineWrapMode(QTextBrowser.LineWrapMode.WidgetWidth)
        from asbdesk.gui.dialogs import fixed_font

        self.detail.setFont(fixed_font())
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)
        self.setFocusProxy(self.table)
        self.token = 0  # the latest load; an older answer is dropped
        self.loaded = False  # read at least once
        self.loading = False
        self.detail_for: int | None = None  # the item whose details are shown (or on their way)
        self.pending: Pending | None = None  # the selection to make after a decision or an undo

    def current_row(self) -> int:
        return self.table.current_row()

    def current_item(self) -> ReviewItem | None:
        return self.model.item(self.current_row())

    def select_row(self, row: int) -> None:
        self.table.select_row(row)


# ------------------------------------------------------------------ the dialogs


class ReasonEdit(QPlainTextEdit):
    """A written reason: Tab moves on (it does not type a tab); Ctrl+Enter records."""

    def __init__(self, name: str, placeholder: str) -> None:
        super().__init__()
        self.setTabChangesFocus(True)
        self.setAccessibleName(name)
        self.setPlaceholderText(placeholder)
        self.setMinimumHeight(90)


class DecisionDialog(QDialog):
    """A supervisor's decision: what it is about, the fields, the problem in words, Ctrl+Enter
    (or Enter on a one-line field) records, Esc cancels. The window does the recording
    (off the GUI thread); a refusal comes back here with everything typed kept."""

    def __init__(
        self,
        parent: QWidget,
        title: str,
        intro: str,
        rows: Sequence[tuple[str, QWidget]],
        hint: str,
        submit: Callable[[DecisionDialog], None],
        extra: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self._submit = submit
        self.recording = False
        form = QFormLayout(self)
        about = QLabel(intro)
        about.setWordWrap(True)
        about.setTextFormat(Qt.TextFormat.PlainText)
        about.setObjectName("about")
        form.addRow(about)
        if extra is not None:
            form.addRow(extra)
        for label, widget in rows:
            caption = QLabel(label)
            caption.setBuddy(widget)
            form.addRow(caption, widget)
        key_hint = QLabel(hint)
        key_hint.setObjectName("keyHint")
        key_hint.setWordWrap(True)
        form.addRow(key_hint)
        self.problem = QLabel()
        self.problem.setObjectName("problem")
        show_text(self.problem, self.tr("Problem"), "")
        self.announcements = new_announcements()
        self.problem.setWordWrap(True)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        form.addRow(self.problem)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        assert ok is not None and cancel is not None  # the box was made with both
        self.ok = ok
        ok.setText(self.tr("Record (Ctrl+Enter)"))
        cancel.setText(self.tr("Cancel (Esc)"))
        self.buttons.accepted.connect(self.record)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.record)

    def record(self) -> None:
        if not self.recording:
            self._submit(self)

    def busy(self, words: str) -> None:
        self.recording = True
        self.ok.setEnabled(False)
        show_text(self.problem, self.tr("Problem"), words)

    def refused(self, message: str) -> None:
        """Storage (or the letter) said no: say why here; nothing typed is lost."""
        self.recording = False
        self.ok.setEnabled(True)
        show_text(self.problem, self.tr("Problem"), message)
        self.adjustSize()
        # Said at once, and again each time it is refused (the cursor stays where it was).
        say(self, self.announcements, message, assertive=True)
        window = self.parentWidget()
        if isinstance(window, SupervisorWindow):
            window.announcements.append(message)

    def reject(self) -> None:
        if not self.recording:  # a decision being recorded finishes first
            super().reject()


# The Alt key that chooses each attempt's result in its dialog (the first letter of its words
# where no other result of the same method has it).
ATTEMPT_KEYS = {
    "no_answer": "N",
    "left_voicemail": "V",
    "wrong_number": "W",
    "email_sent": "S",
    "email_bounced": "B",
    "reached": "R",
}


# ------------------------------------------------------------------ after a decision: where the cursor goes


@dataclass
class Pending:
    """What the next read of a page selects, said in the status bar (issue 22.4): after a
    decision on ``item_id``, the item that was below it in the list as shown (or, when it was
    the last, the one above); after an undo (``select``), the item itself. It belongs to the
    read the decision or undo started (``token``, set when that read starts): a later read
    of the page (F5, Ctrl+1 … 8 away and back) does not carry it over."""

    item_id: int
    said: str
    select: bool = False
    token: int | None = None


def next_row(shown: Sequence[int], item_id: int, read: Sequence[int]) -> int | None:
    """The row, in the list just read, of the item that followed ``item_id`` in the list as it
    was shown (the first of those after it still listed), else of the nearest before it; the
    first row when none of them is listed; None when the list is empty."""
    rows = {identifier: row for row, identifier in enumerate(read)}
    if item_id in shown:
        at = list(shown).index(item_id)
        for candidate in (*shown[at + 1 :], *reversed(shown[:at])):
            if candidate in rows and candidate != item_id:
                return rows[candidate]
    return 0 if read else None


@dataclass(frozen=True)
class UndoEntry:
    """A decision made in this window, newest last. ``decision``: what storage can undo
    (:func:`asbdesk.storage.undo.undo_decision`); None, with ``why_not``, for what it cannot."""

    words: str
    decision: Decision | None = None
    why_not: str | None = None


@dataclass(frozen=True)
class _Refused:
    """An undo storage refused in words (changed since, not this supervisor's): never possible
    again, so taken off the stack."""

    words: str


def item_words(item: Any) -> str:
    """An item as the status bar names it: 'flag 13 — vulnerable victim flag on caller …'
    (the flag queues and the active flags) or 'ASB-2026-000123 — …'."""
    kind = getattr(item, "kind", "")
    is_flag = kind.startswith("flag-") or kind not in REVIEW_KINDS
    name = (
        QCoreApplication.translate("supervisor", "flag {0}").format(item.id)
        if is_flag
        else (item.contact_reference or QCoreApplication.translate("supervisor", "item {0}").format(item.id))
    )
    words = summary_words(item)
    summary = words if len(words) <= SUMMARY_WORDS else words[: SUMMARY_WORDS - 1] + "…"
    return f"{name} — {summary}"


# ------------------------------------------------------------------ the window


class SupervisorWindow(QMainWindow):
    """The supervisor's queues, counted in the status bar, with further pages (dip sample,
    reports) as further tabs."""

    def __init__(
        self,
        store: Store,
        actor: Actor,
        *,
        clock: Callable[[], datetime] | None = None,
        pages: Sequence[tuple[str, QWidget]] = (),
    ) -> None:
        super().__init__()
        self.store, self.actor = store, actor
        self.clock: Callable[[], datetime] = clock or store.clock
        self.setWindowTitle(self.tr("asbdesk supervisor – {0}").format(actor.username))
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setAccessibleName(self.tr("Supervisor's queues and pages (Ctrl+1 … Ctrl+8)"))
        self.tabs.tabBar().setAccessibleName(self.tr("Supervisor's queues and pages"))
        self.announcements = new_announcements()
        # What was just decided or undone and the item the cursor is now on (issue 22.4), above
        # the lists where it cannot be missed; the status bar says it too. Gone at the next move.
        self.notice = QLabel()
        self.notice.setObjectName("decisionNotice")
        self.notice.setAccessibleName(self.tr("Just done"))
        self.notice.setWordWrap(True)
        self.notice.setTextFormat(Qt.TextFormat.PlainText)
        self.notice.hide()
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.notice)
        column.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self.queues: dict[str, QueuePage] = {}
        for kind in REVIEW_KINDS:
            page = QueuePage(kind, self.clock)
            page.table.selectionModel().currentRowChanged.connect(
                lambda _current, _previous, page=page: self._current_changed(page)
            )
            self.queues[kind] = page
            self.tabs.addTab(page, review_kind_words(kind))
        self.pages: list[QWidget] = []
        for title, widget in pages:
            self.pages.append(widget)
            self.tabs.addTab(widget, title)
        self.flags = FlagsPage(local_day)
        self.flags.table.selectionModel().currentRowChanged.connect(
            lambda _current, _previous: self._current_changed(self.flags)
        )
        self.flags.filters_did_change.connect(self._filters_changed)
        self.tabs.addTab(self.flags, self.flags.title)
        self.undo_stack: list[UndoEntry] = []
        self._undoing = False
        self._selecting = False
        self.counts: dict[str, int] | None = None
        self.counts_label = QLabel()
        self.counts_label.setObjectName("queueCounts")
        show_text(self.counts_label, self._counts_role(), self.tr("Counting…"))
        self.statusBar().addPermanentWidget(self.counts_label)
        self.last_letter: Path | None = None
        self._closed = False
        self._officers = QStringListModel(self)
        self._detail_token = 0
        self._detail_timer = QTimer(self)
        self._detail_timer.setSingleShot(True)
        self._detail_timer.setInterval(DETAIL_DELAY_MS)
        self._detail_timer.timeout.connect(self._load_detail)
        self.actions_by_name: dict[str, QAction] = {}
        self._action_kinds: dict[str, str] = {}
        self._build_actions()
        self.tabs.currentChanged.connect(self._tab_changed)
        self.resize(1280, 760)
        self.refresh()
        self.queues[REVIEW_KINDS[0]].table.setFocus()

    # ------------------------------------------------------------------ actions

    def _build_actions(self) -> None:
        """Every command is a QAction in a menu: discoverable, one shortcut each."""
        queues = self.menuBar().addMenu(self.tr("&Queues"))
        decide = self.menuBar().addMenu(self.tr("&Decide"))

        def add(menu: Any, name: str, text: str, keys: str, slot: Callable[[], None], kind: str | None = None) -> None:
            action = QAction(text, self)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(lambda _checked=False, run=slot: run())
            menu.addAction(action)
            self.addAction(action)
            self.actions_by_name[name] = action
            if kind is not None:
                self._action_kinds[name] = kind

        numbered = [i for i in range(self.tabs.count()) if self.tabs.widget(i) is not self.flags]
        for number, index in zip((1, 2, 3, 4, 5, 6, 7, 9), numbered, strict=False):
            add(
                queues,
                f"page{number}",
                self.tabs.tabText(index),
                f"Ctrl+{number}",
                partial(self.show_page, index),
            )
        add(queues, "flags", self.flags.title, FLAGS_KEY, lambda: self.show_page(self.tabs.indexOf(self.flags)))
        queues.addSeparator()
        add(queues, "refresh", self.tr("Reload the queue and the counts"), "F5", self.refresh)

        add(decide, "undo", self.tr("Undo last decision"), "Ctrl+Z", self.undo_last)
        decide.addSeparator()
        add(decide, "authorise", self.tr("Authorise the flag…"), "Ctrl+U", self.authorise_flag, "flag-request")
        add(decide, "refuse", self.tr("Refuse the flag…"), "Ctrl+R", self.refuse_flag, "flag-request")
        decide.addSeparator()
        add(
            decide,
            "maintain",
            self.tr("Maintain the flag (monthly review)…"),
            "Ctrl+M",
            self.maintain_flag,
            "flag-review",
        )
        add(decide, "remove", self.tr("Remove the flag…"), "Ctrl+X", self.remove_flag, "flag-review")
        decide.addSeparator()
        add(
            decide,
            "agree",
            self.tr("Agree with the override…"),
            "Ctrl+G",
            lambda: self.review_override(True),
            "override",
        )
        add(
            decide,
            "disagree",
            self.tr("Disagree with the override…"),
            "Ctrl+D",
            lambda: self.review_override(False),
            "override",
        )
        decide.addSeparator()
        add(decide, "allocate", self.tr("Allocate the re-contact to an officer…"), "Ctrl+L", self.allocate, "recontact")
        add(
            decide,
            "attempt",
            self.tr("Record an attempt at the re-contact…"),
            "Ctrl+T",
            self.record_attempt,
            "recontact",
        )
        add(decide, "outcome", self.tr("Record the re-contact's outcome…"), "Ctrl+O", self.record_outcome, "recontact")
        decide.addSeparator()
        add(
            decide,
            "occurrence",
            self.tr("Record the occurrence reference…"),
            "Ctrl+E",
            self.record_occurrence,
            "occurrence",
        )
        self._update_actions()

    def _update_actions(self) -> None:
        page = self.current_list()
        # F5 reloads a queue; on a further page the page's own keys have it (Reports: F5 runs them).
        self.actions_by_name["refresh"].setEnabled(page is not None)
        for name, kind in self._action_kinds.items():
            self.actions_by_name[name].setEnabled(
                page is not None and _decides_on(kind, page.kind) and page.current_item() is not None
            )
        undo = self.actions_by_name["undo"]
        undo.setEnabled(not self._undoing)  # with nothing to undo, Ctrl+Z says so
        undo.setStatusTip(self.tr("Undo: {0}").format(self.undo_stack[-1].words) if self.undo_stack else "")

    # ------------------------------------------------------------------ pages and loading

    def current_queue(self) -> QueuePage | None:
        widget = self.tabs.currentWidget()
        return widget if isinstance(widget, QueuePage) else None

    def current_list(self) -> QueuePage | FlagsPage | None:
        """The page shown, if it is a list of items to decide on: a queue or the active flags."""
        widget = self.tabs.currentWidget()
        return widget if isinstance(widget, (QueuePage, FlagsPage)) else None

    def show_page(self, index: int) -> None:
        """Ctrl+1 …: that tab, with the keyboard in it (a queue's table)."""
        if not 0 <= index < self.tabs.count():
            return
        self.tabs.setCurrentIndex(index)
        widget = self.tabs.widget(index)
        if isinstance(widget, QueuePage):
            widget.table.setFocus()
        elif widget is not None:
            _focus_into(widget)

    def _tab_changed(self, _index: int) -> None:
        self.notice.hide()
        page = self.current_list()
        if page is not None:
            # What was read before shows at once (a queue of 10,000 included), its details
            # follow; the list is read again behind it and the current item kept.
            self._follow(page)
            self._load_list(page)
        self._update_actions()

    def refresh(self) -> None:
        """F5: the current list (a queue or the active flags) and every count, read again."""
        page = self.current_list()
        if page is not None:
            page.detail_for = None  # its details are read again too
            self._load_list(page)
        self._load_counts()

    def _load_list(self, page: QueuePage | FlagsPage) -> None:
        if isinstance(page, FlagsPage):
            self._load_flags(page)
        else:
            self._load_queue(page)

    def _begin_load(self, page: QueuePage | FlagsPage) -> int:
        """A new read of ``page``: an older one still on its way is dropped when it comes, and
        so is the selection a decision asked of it (a decision's next row is the next row of
        the read the decision started, never of a later one)."""
        page.token += 1
        page.loading = True
        if page.pending is not None:
            if page.pending.token is None:
                page.pending.token = page.token
            else:
                page.pending = None
        return page.token

    def _filters_changed(self) -> None:
        """Another list asked for: the cursor stays on its flag if listed, else goes to the
        first, without a word (a flag filtered out has not gone anywhere)."""
        self.flags.detail_for = None
        self.flags.refiltered = True
        self._load_flags(self.flags)

    def _load_flags(self, page: FlagsPage) -> None:
        """The active flags as filtered, the soonest review first: a page of them (more than
        that is said, and narrowed by the filters)."""
        token = self._begin_load(page)
        kind, due, area = page.filters()
        store, actor, limit = self.store, self.actor, PAGE + 1
        self._run(
            lambda: _sv().active_flags(store, actor, kind, due, area, limit=limit),
            lambda items: self._show_flags(page, token, items, limit),
            lambda words: self._list_failed(page, token, words),
        )

    def _show_flags(self, page: FlagsPage, token: int, items: list[ActiveFlag], limit: int) -> None:
        more = len(items) >= limit
        shown = items[: limit - 1]
        if token == page.token:
            page.show_count(len(shown), more)
        self._show_items(page, token, shown, more)

    def _load_queue(self, page: QueuePage) -> None:
        """The queue from its start: a page, or as many as were shown (the place is kept)."""
        token, kind = self._begin_load(page), page.kind
        store, actor = self.store, self.actor
        limit = max(PAGE, page.model.rowCount())
        if page.model.fetcher is None:
            page.model.fetcher = lambda last, page=page: self._fetch_more(page, last)
        self._run(
            lambda: _sv().review_items(store, actor, kind, limit=limit),
            lambda items: self._show_items(page, token, items, len(items) == limit),
            lambda words: self._list_failed(page, token, words),
        )

    def _fetch_more(self, page: QueuePage, last: ReviewItem) -> None:
        """The next page of a queue scrolled to its end, read after the last item shown."""
        token, kind = page.token, page.kind
        store, actor = self.store, self.actor

        def show(items: list[ReviewItem]) -> None:
            if token == page.token:  # not reloaded meanwhile
                page.model.append_items(items, len(items) == PAGE)

        def failed(words: str) -> None:
            page.model.fetching = False
            self.statusBar().showMessage(words)

        self._run(lambda: _sv().review_items(store, actor, kind, limit=PAGE, after=last), show, failed)

    def _show_items(self, page: QueuePage | FlagsPage, token: int, items: Sequence[Any], more: bool = False) -> None:
        """A list read: shown, with the cursor where the supervisor can see it is (issue 22.4).
        After this window's decision, on the item that was below the decided one (the one
        above when it was last); after an undo, on the item undone; otherwise on the same item,
        or, when it has gone (decided at another desk, no longer due), on the one that was below
        it. Wherever the cursor moved, the status bar names the item it is now on."""
        if token != page.token:
            return  # a newer load is on its way
        page.loading = False
        shown = [item.id for item in page.model.items]
        current = page.current_item()
        pending = page.pending if page.pending is not None and page.pending.token == token else None
        page.pending = None
        read = [item.id for item in items]
        page.model.set_items(items, more)
        page.loaded = True
        said: str | None = None
        row: int | None
        refiltered, page.refiltered = page.refiltered, False
        if refiltered and pending is None:
            row = read.index(current.id) if current is not None and current.id in read else (0 if read else None)
        elif pending is not None and pending.select and pending.item_id in read:
            row, said = read.index(pending.item_id), pending.said
        elif current is not None and current.id in read and (pending is None or pending.select):
            row, said = read.index(current.id), pending.said if pending is not None else None
        elif pending is not None:
            row, said = next_row(shown, pending.item_id, read), pending.said
        elif current is not None:
            row = next_row(shown, current.id, read)
            said = self.tr("{0} is no longer in {1}: decided meanwhile, or no longer listed.").format(
                item_words(current), page.title
            )
        else:
            row = 0 if read else None
        if row is not None:
            self._selecting = True  # the window moves the cursor: the notice stays
            try:
                page.select_row(row)
            finally:
                self._selecting = False
            self._follow(page)
        else:
            page.detail_for = None
            page.detail.setPlainText(
                self.tr("Nothing is waiting in {0}.").format(page.title)
                if isinstance(page, QueuePage)
                else self.tr("No active flag is listed.")
            )
        if said is not None and page is self.current_list():
            now_on = page.current_item()
            where = (
                self.tr("Now on: {0}.").format(item_words(now_on))
                if now_on is not None
                else self.tr("Now on: nothing: {0} is empty.").format(page.title)
            )
            self._say(f"{said} {where}")
        self._update_actions()
        self._prefetch()

    def _prefetch(self) -> None:
        """Read the queues not yet shown, one after another, so that each opens at once when
        its key is pressed (storage takes a few hundred milliseconds over 10,000 items)."""
        if any(page.loading for page in self.queues.values()):
            return
        waiting = [page for page in self.queues.values() if not page.loaded]
        if waiting:
            self._load_queue(waiting[0])

    def _list_failed(self, page: QueuePage | FlagsPage, token: int, words: str) -> None:
        if token != page.token:
            return
        page.loading = False  # not read in advance again: storage said no
        page.pending = None
        page.detail_for = None
        if isinstance(page, FlagsPage):  # a list filtered otherwise than it says is never shown
            page.model.set_items([])
            page.refused(words)
        page.detail.setPlainText(self.tr("{0} cannot be shown: {1}").format(page.title, words))
        self.statusBar().showMessage(words)
        self._update_actions()

    def _load_counts(self) -> None:
        store, actor = self.store, self.actor
        self._run(lambda: _sv().review_counts(store, actor), self._show_counts, self._counts_failed)

    def _show_counts(self, counts: dict[str, int]) -> None:
        self.counts = dict(counts)
        show_text(
            self.counts_label,
            self._counts_role(),
            " · ".join(f"{review_kind_words(k)} {counts.get(k, 0)}" for k in REVIEW_KINDS),
        )

    def _counts_failed(self, words: str) -> None:
        self.counts = None
        show_text(self.counts_label, self._counts_role(), self.tr("Queues not counted"))
        self.statusBar().showMessage(words)

    def _current_changed(self, page: QueuePage | FlagsPage) -> None:
        if page is self.current_list():
            if not self._selecting:
                self.notice.hide()  # the supervisor moved on: what it said was about the item left
            self._update_actions()
            self._follow(page)

    def _counts_role(self) -> str:
        return self.tr("Items waiting in each queue")

    def _say(self, words: str, not_undone: bool = False) -> None:
        """What was decided or undone and where the cursor is now: the notice above the lists
        and the status bar, and announced to a screen reader (assertive when ``not_undone``)."""
        show_text(self.notice, self.tr("Just done"), words)
        self.notice.show()
        self.statusBar().showMessage(words, 30000)
        say(self, self.announcements, words, assertive=not_undone)

    @staticmethod
    def _heading(page: QueuePage | FlagsPage, item: Any) -> str:
        return (
            flag_heading(item)
            if isinstance(page, FlagsPage)
            else f"{review_kind_words(item.kind)}: {summary_words(item)}"
        )

    def _follow(self, page: QueuePage | FlagsPage) -> None:
        """The details follow the current item: read (and audited as a view) once it stops
        on an item whose details are not shown yet."""
        item = page.current_item()
        if page is not self.current_list() or item is None or item.id == page.detail_for:
            return
        page.detail_for = item.id
        page.detail.setPlainText(self.tr("{0}\n\nReading the details…").format(self._heading(page, item)))
        self._detail_token += 1
        self._detail_timer.start()

    def _load_detail(self) -> None:
        page = self.current_list()
        item = page.current_item() if page is not None else None
        if page is None or item is None:
            return
        self._detail_token += 1
        token = self._detail_token
        store, actor = self.store, self.actor
        heading = self._heading(page, item)
        kind = "flag-review" if isinstance(page, FlagsPage) else item.kind  # an active flag: the flag's details

        def show(detail: dict[str, Any]) -> None:
            if token == self._detail_token:
                page.detail.setPlainText(detail_text(item, detail, heading))

        def failed(words: str) -> None:
            if token == self._detail_token:
                page.detail_for = None  # read again when it is chosen again
                page.detail.setPlainText(self.tr("{0}\n\nNo details: {1}").format(heading, words))
                self.statusBar().showMessage(words, 15000)

        self._run(lambda: _sv().review_detail(store, actor, kind, item.id), show, failed)

    def _run(
        self,
        work: Callable[[], Any],
        done: Callable[[Any], None],
        failed: Callable[[str], None],
        *,
        write: bool = False,
    ) -> None:
        """Storage work off the GUI thread (changes one at a time, in order); what it says back
        is dropped once the window has closed."""

        def if_open(callback: Callable[[Any], None]) -> Callable[[Any], None]:
            def call(value: Any) -> None:
                if not self._closed and shiboken6.isValid(self):
                    callback(value)

            return call

        (tasks.write if write else tasks.run)(work, if_open(done), if_open(failed))

    def idle(self) -> bool:
        """Nothing read or recorded is still on its way (tests, closing)."""
        return tasks.pending() == 0 and not self._detail_timer.isActive() and not self.flags.typing()

    # ------------------------------------------------------------------ deciding

    def _chosen(self, kind: str) -> tuple[Any, Any] | None:
        """The page shown and its current item, when a decision of ``kind``'s queue is made on
        it (maintain and remove: on the active flags too)."""
        page = self.current_list()
        item = page.current_item() if page is not None else None
        if page is None or item is None or not _decides_on(kind, page.kind):
            return None
        return page, item

    def _about(self, item: ReviewItem) -> str:
        reference = f"{item.contact_reference}: " if item.contact_reference else ""
        return f"{reference}{summary_words(item)}"

    def _open(
        self,
        page: QueuePage,
        item: ReviewItem,
        title: str,
        rows: Sequence[tuple[str, QWidget]],
        hint: str,
        submit: Callable[[DecisionDialog], None],
        intro: str | None = None,
        extra: QWidget | None = None,
    ) -> DecisionDialog:
        dialog = DecisionDialog(self, title, intro or self._about(item), rows, hint, submit, extra)
        dialog.finished.connect(lambda _result: self._back_from_dialog(page))
        dialog.open()
        rows[0][1].setFocus()
        return dialog

    def _back_from_dialog(self, page: QueuePage | FlagsPage) -> None:
        """A dialog closed: the window takes the keyboard back, in the queue."""
        self.activateWindow()
        page.table.setFocus()

    def _record(
        self,
        dialog: DecisionDialog,
        page: Any,
        item: Any,
        work: Callable[[], Any],
        said: Callable[[Any], str],
        *,
        stay: bool = False,
        kept: Callable[[Any], tuple[str, str]] | None = None,
    ) -> None:
        """Record off the GUI thread; done: the dialog closes, the status bar says what was
        done, and the list is read again with the cursor on the item that was below the decided
        one (:meth:`_show_items`; ``stay``: on the same item, still open, e.g. after an
        attempt). A decision storage can undo (:class:`asbdesk.storage.undo.Decision`) goes on
        the undo stack; one it cannot, with ``kept`` (its words and why not), goes there too,
        so that Ctrl+Z never skips it silently. Refused: said in the dialog."""
        dialog.busy(self.tr("Recording…"))

        def done(result: Any) -> None:
            dialog.recording = False
            dialog.accept()
            from asbdesk.storage.undo import Decision  # loaded: the decision was recorded

            if isinstance(result, Decision):
                self.undo_stack.append(UndoEntry(decision_words(result), result, why_not_words(result)))
                result = result.record
            elif kept is not None:
                words, why_not = kept(result)
                self.undo_stack.append(UndoEntry(words, None, why_not))
            text = said(result)
            page.pending = Pending(item.id, text, select=stay)
            self._say(text)
            self.refresh()  # the list, the item's details and every count

        self._run(work, done, dialog.refused, write=True)

    def _reason_dialog(
        self,
        kind: str,
        title: str,
        label: str,
        placeholder: str,
        work: Callable[[Any, str], Any],
        said: Callable[[Any, Any], str],
        intro: Callable[[Any], str] | None = None,
        kept: Callable[[Any], tuple[str, str]] | None = None,
    ) -> None:
        chosen = self._chosen(kind)
        if chosen is None:
            return
        page, item = chosen
        reason = ReasonEdit(label.replace("&", ""), placeholder)

        def submit(dialog: DecisionDialog) -> None:
            text = reason.toPlainText()
            self._record(dialog, page, item, lambda: work(item, text), lambda result: said(item, result), kept=kept)

        self._open(
            page,
            item,
            title,
            ((label, reason),),
            self.tr("Type it · Ctrl+Enter records · Esc cancels"),
            submit,
            intro(item) if intro else None,
        )

    def _flag(self, action: str) -> Callable[[Any, str], Any]:
        store, actor = self.store, self.actor
        return lambda item, reason: _undo().decide(store, actor, action, item.id, reason)

    def authorise_flag(self) -> None:
        from asbdesk.core.timeutil import months_after

        review = local_day(months_after(self.clock(), 1).date())
        self._reason_dialog(
            "flag-request",
            self.tr("Authorise the flag"),
            self.tr("&Necessity"),
            self.tr("Why the flag is necessary (required)"),
            self._flag("authorise"),
            lambda item, flag: self.tr("Flag {0} authorised: {1} is told; monthly review due {2}.").format(
                item.id, flag.requested_by, local_day(flag.review_due) if flag.review_due else review
            ),
            lambda item: self.tr("{0}\n\nAuthorised, it is reviewed monthly: the first review is due {1}.").format(
                self._about(item), review
            ),
        )

    def refuse_flag(self) -> None:
        self._reason_dialog(
            "flag-request",
            self.tr("Refuse the flag"),
            self.tr("&Reason"),
            self.tr("Why it is refused (required; the requester sees it)"),
            self._flag("refuse"),
            lambda item, flag: self.tr("Flag {0} refused: {1} is told why.").format(item.id, flag.requested_by),
        )

    def maintain_flag(self) -> None:
        from asbdesk.core.timeutil import months_after

        review = local_day(months_after(self.clock(), 1).date())
        self._reason_dialog(
            "flag-review",
            self.tr("Maintain the flag"),
            self.tr("&Note"),
            self.tr("Why the flag stays (required)"),
            self._flag("maintain"),
            lambda item, flag: self.tr("Flag {0} maintained: next review due {1}.").format(
                item.id, local_day(flag.review_due) if flag.review_due else review
            ),
            lambda item: self.tr("{0}\n\nMaintained, its next review is due {1}.").format(self._about(item), review),
        )

    def remove_flag(self) -> None:
        self._reason_dialog(
            "flag-review",
            self.tr("Remove the flag"),
            self.tr("&Reason"),
            self.tr("Why the flag is removed (required)"),
            self._flag("remove"),
            lambda item, _flag: self.tr("Flag {0} removed.").format(item.id),
        )

    def review_override(self, agree: bool) -> None:
        store, actor = self.store, self.actor
        if not agree:
            self.disagree_with_override()
            return
        self._reason_dialog(
            "override",
            self.tr("Agree with the override"),
            self.tr("&Comment"),
            self.tr("Your comment (required; the operator sees it at their next sign-in)"),
            lambda item, comment: _sv().review_override(store, actor, item.id, True, comment),
            lambda item, work: self.tr(
                "Override on {0} agreed: the operator sees your comment at their next sign-in."
            ).format(work.contact_reference),
            kept=lambda work: (
                self.tr("agreed with the override on {0}").format(work.contact_reference),
                self.tr("an override's review is not undone here: the operator has been told"),
            ),
        )

    def disagree_with_override(self) -> None:
        """Disagree and re-grade (issue 22.3): the value the contact should have (what asbdesk
        computed is offered first), and a comment the operator sees. The call is assessed again
        with it; the log is amended, the follow-up opened, the operator told."""
        chosen = self._chosen("override")
        if chosen is None:
            return
        page, item = chosen
        store, actor = self.store, self.actor
        value = QComboBox()
        value.setObjectName("regradeTo")
        value.setAccessibleName(self.tr("Re-grade to"))
        value.addItem(self.tr("Reading the values…"), None)
        comment = ReasonEdit(
            self.tr("Comment"), self.tr("Your comment (required; the operator sees it at their next sign-in)")
        )

        def submit(dialog: DecisionDialog) -> None:
            to, text = value.currentData(), comment.toPlainText()
            self._record(
                dialog,
                page,
                item,
                lambda: _sv().review_override(store, actor, item.id, False, text, to),
                lambda work: self.tr("Override on {0} disagreed: {1}; log amended, operator told.").format(
                    work.contact_reference, work.regrade.words() if work.regrade else ""
                ),
                kept=lambda work: (
                    self.tr("disagreed with the override on {0}").format(work.contact_reference),
                    self.tr("a re-grade is not undone here: the log is amended for good and the operator told"),
                ),
            )

        dialog = self._open(
            page,
            item,
            self.tr("Disagree with the override"),
            ((self.tr("&Re-grade to"), value), (self.tr("&Comment"), comment)),
            self.tr("Up/Down chooses the value · Tab to the comment · Ctrl+Enter records · Esc cancels"),
            submit,
            self.tr(
                "{0}\n\nDisagreeing re-grades the contact: its call is assessed again with the value you choose, "
                "the log is amended (never rewritten), the follow-up the new grade needs is opened and the "
                "operator is told."
            ).format(self._about(item)),
        )

        def offer(choices: Any) -> None:
            if not shiboken6.isValid(value):
                return
            value.clear()
            offered = [(key, label) for key, label in choices.choices if key != choices.chosen]
            for key, label in offered:
                computed = self.tr(" (computed)") if key == choices.computed else ""
                value.addItem(f"{label}{computed}", key)
            value.setCurrentIndex(next((i for i, (key, _) in enumerate(offered) if key == choices.computed), 0))

        def cannot(words: str) -> None:
            if shiboken6.isValid(dialog):
                value.clear()
                dialog.refused(words)

        self._run(lambda: _sv().regrade_choices(store, actor, item.id), offer, cannot)

    def allocate(self) -> None:
        chosen = self._chosen("recontact")
        if chosen is None:
            return
        page, item = chosen
        store, actor = self.store, self.actor
        officer = QLineEdit()
        officer.setAccessibleName(self.tr("Officer: a user or a name typed in"))
        officer.setPlaceholderText(self.tr("A user, or an officer's name and number (required)"))
        completer = QCompleter(self._officers, officer)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        officer.setCompleter(completer)
        assigned = item.details.get("assigned_to")
        if assigned:
            officer.setText(str(assigned))
            officer.selectAll()

        def submit(dialog: DecisionDialog) -> None:
            name = officer.text()
            self._record(
                dialog,
                page,
                item,
                lambda: _undo().decide(store, actor, "allocate", item.id, name),
                lambda work: self.tr("Re-contact on {0} allocated to {1}.").format(
                    work.contact_reference, work.assigned_to
                ),
            )

        self._open(
            page,
            item,
            self.tr("Allocate the re-contact"),
            ((self.tr("&Officer"), officer),),
            self.tr("Type a name (users are offered) · Enter or Ctrl+Enter records · Esc cancels"),
            submit,
        )
        self._run(lambda: _sv().active_officers(store, actor), self._officers.setStringList, lambda _words: None)

    def _radio_row(
        self, choices: Sequence[tuple[str, str, str]]
    ) -> tuple[QWidget, QButtonGroup, list[tuple[str, QRadioButton]]]:
        """Radio buttons in a row, each chosen by its own Alt key: (value, words, key letter)."""
        group = QButtonGroup(self)
        box = QWidget()
        line = QHBoxLayout(box)
        line.setContentsMargins(0, 0, 0, 0)
        keys: list[tuple[str, QRadioButton]] = []
        for value, words, letter in choices:
            key = f"Alt+{letter}"
            # An explicit shortcut, not a mnemonic: a mnemonic clicks the radio button a
            # moment later (animated), so a quick Ctrl+Enter would find nothing chosen.
            button = QRadioButton(f"{words.capitalize()} ({key})")
            button.setAccessibleName(words.capitalize())
            button.setObjectName(f"choice-{value}")
            button.setProperty("value", value)
            group.addButton(button)
            line.addWidget(button)
            keys.append((key, button))
        line.addStretch(1)
        group.setParent(box)
        return box, group, keys

    def record_attempt(self) -> None:
        """One try at the allocated re-contact (issue 22.2): what came of it, who made it (the
        officer allocated unless typed otherwise), an optional note; recorded as made now."""
        chosen = self._chosen("recontact")
        if chosen is None:
            return
        page, item = chosen
        store, actor = self.store, self.actor
        method = item.details.get("method")
        results = RECONTACT_ATTEMPTS_BY_METHOD.get(method or "", RECONTACT_ATTEMPT_RESULTS)
        box, group, keys = self._radio_row([(r, attempt_words(r), ATTEMPT_KEYS[r]) for r in results])
        officer = QLineEdit()
        officer.setAccessibleName(self.tr("Who made the attempt"))
        officer.setPlaceholderText(self.tr("The officer allocated, unless another made it"))
        officer.setText(str(item.details.get("assigned_to") or ""))
        note = ReasonEdit(self.tr("Note (optional)"), self.tr("What happened (optional)"))
        when = local_text(_utc(self.clock()))

        def submit(dialog: DecisionDialog) -> None:
            button = group.checkedButton()
            if button is None:
                words = ", ".join(attempt_words(r) for r in results)
                dialog.refused(self.tr("Choose what came of the attempt first: {0}.").format(words))
                return
            result, who, text = str(button.property("value")), officer.text().strip() or None, note.toPlainText()

            def said(attempt: Any) -> str:
                return self.tr("Attempt on {0} recorded: {1}, by {2} at {3}.").format(
                    item.contact_reference,
                    attempt_words(attempt.result),
                    attempt.attempted_by,
                    local_text(_utc(attempt.attempted_at)),
                )

            self._record(
                dialog,
                page,
                item,
                lambda: _sv().record_attempt(store, actor, item.id, result, text, officer=who),
                said,
                stay=True,
                kept=lambda attempt: (
                    self.tr("recorded an attempt on {0} ({1})").format(
                        item.contact_reference, attempt_words(attempt.result)
                    ),
                    self.tr(
                        'an attempt is kept as recorded (seed 002: "record all actions taken ... for audit purposes")'
                    ),
                ),
            )

        dialog = self._open(
            page,
            item,
            self.tr("Record an attempt at the re-contact"),
            ((self.tr("Result"), box), (self.tr("&Officer"), officer), (self.tr("Not&e"), note)),
            " · ".join(f"{key} {button.accessibleName().lower()}" for key, button in keys)
            + self.tr(
                " · Alt+O who made it · Alt+E the note · made now ({0}) · Ctrl+Enter records · Esc cancels"
            ).format(when),
            submit,
        )
        for key, button in keys:
            QShortcut(QKeySequence(key), dialog, lambda button=button: _choose(button))
        keys[0][1].setFocus()

    def record_outcome(self) -> None:
        chosen = self._chosen("recontact")
        if chosen is None:
            return
        page, item = chosen
        ring_back = item.details.get("method") == "ring_back"
        choices = []
        for outcome in RECONTACT_OUTCOMES:
            words = outcome_words(outcome)
            # Alt+R reached, Alt+N not reached, Alt+D declined: the English letters in every language
            choices.append((outcome, words, outcome[0].upper()))
        box, group, keys = self._radio_row(choices)
        note = ReasonEdit(self.tr("Note (optional)"), self.tr("What happened (optional)"))
        letter_words = (
            self.tr(" · not reached (after its attempts) writes the ring-back letter for posting")
            if ring_back
            else self.tr(" · an e-mail re-contact gets no letter")
        )

        def submit(dialog: DecisionDialog) -> None:
            button = group.checkedButton()
            if button is None:
                dialog.refused(
                    self.tr("Choose the outcome first: {0}.").format(
                        ", ".join(outcome_words(o) for o in RECONTACT_OUTCOMES)
                    )
                )
                return
            outcome = str(button.property("value"))
            if outcome == "not_reached" and ring_back:
                self._outcome_with_letter(dialog, page, item, note.toPlainText())
                return
            self._record_outcome(dialog, page, item, outcome, note.toPlainText())

        dialog = self._open(
            page,
            item,
            self.tr("Re-contact outcome"),
            ((self.tr("Outcome"), box), (self.tr("No&te"), note)),
            " · ".join(f"{key} {button.accessibleName().lower()}" for key, button in keys)
            + letter_words
            + self.tr(" · Alt+T the note · Ctrl+Enter records · Esc cancels"),
            submit,
        )
        for key, button in keys:
            QShortcut(QKeySequence(key), dialog, lambda button=button: _choose(button))
        keys[0][1].setFocus()

    def _record_outcome(
        self,
        dialog: DecisionDialog,
        page: QueuePage,
        item: ReviewItem,
        outcome: str,
        note: str,
        letter: LetterFile | None = None,
    ) -> None:
        store, actor = self.store, self.actor

        def said(work: Any) -> str:
            words = self.tr("Re-contact on {0}: {1}.").format(work.contact_reference, outcome_words(outcome))
            if letter is not None:
                self.last_letter = letter.path  # written: the outcome was stored
                words += self.tr(" The letter for posting was saved to {0}").format(letter.path)
            return words

        self._record(
            dialog,
            page,
            item,
            lambda: _sv().record_recontact(store, actor, item.id, outcome, letter, note),
            said,
            kept=lambda work: (
                self.tr("recorded the re-contact on {0} as {1}").format(work.contact_reference, outcome_words(outcome)),
                self.tr("a re-contact's outcome is not undone here (its letter may be posted already)"),
            ),
        )

    def _outcome_with_letter(self, dialog: DecisionDialog, page: QueuePage, item: ReviewItem, note: str) -> None:
        """A ring back not reached: whether it may have the letter is asked first (off the GUI
        thread: refused in words for one not tried, or whose caller was reached); the letter is
        laid out in memory (on the GUI thread: Qt); then the outcome is recorded with it, and
        storage writes the file once the outcome is stored, never over another."""
        store, actor = self.store, self.actor
        dialog.busy(self.tr("Writing the letter…"))

        def lay_out(letter: Letter) -> None:
            try:
                from asbdesk.gui.documents import letter_pdf
            except ImportError:
                dialog.refused(self.tr("The ring-back letter cannot be written: this asbdesk has no letter template."))
                return
            from asbdesk import paths
            from asbdesk.gui.dialogs import free_path

            try:
                content = letter_pdf(letter)
                path = free_path(paths.documents_dir(), f"ring-back-letter-{letter.reference}", ".pdf")
            except (OSError, ValueError) as error:
                dialog.refused(self.tr("The ring-back letter cannot be written: {0}").format(error))
                return
            self._record_outcome(dialog, page, item, "not_reached", note, _sv().LetterFile(path, content))

        self._run(lambda: _sv().letter_for(store, actor, item.id), lay_out, dialog.refused)

    def record_occurrence(self) -> None:
        chosen = self._chosen("occurrence")
        if chosen is None:
            return
        page, item = chosen
        store, actor = self.store, self.actor
        reference = QLineEdit()
        reference.setAccessibleName(self.tr("Occurrence reference (required)"))
        reference.setPlaceholderText(self.tr("The occurrence created for this incident (required)"))

        def submit(dialog: DecisionDialog) -> None:
            text = reference.text()
            self._record(
                dialog,
                page,
                item,
                lambda: _undo().decide(store, actor, "occurrence", item.id, text),
                lambda work: self.tr("Occurrence {0} recorded for {1}.").format(
                    work.details.get("occurrence", text.strip()), work.contact_reference
                ),
            )

        self._open(
            page,
            item,
            self.tr("Record the occurrence"),
            ((self.tr("&Occurrence reference"), reference),),
            self.tr("Enter or Ctrl+Enter records · Esc cancels"),
            submit,
        )

    # ------------------------------------------------------------------ undo (issue 22.4)

    def undo_last(self) -> None:
        """Ctrl+Z: the last decision made in this window, taken back by storage
        (:func:`asbdesk.storage.undo.undo_decision`) if nothing has changed the item since.
        One that cannot be undone (an override's review, an attempt, an outcome; changed
        since) is said, and taken off the stack: Ctrl+Z again goes to the one before it."""
        if self._undoing:
            return
        if not self.undo_stack:
            self._say(self.tr("Nothing left to undo in this window."))
            return
        entry = self.undo_stack[-1]
        decision = entry.decision
        if decision is None or not decision.undoable:
            self.undo_stack.remove(entry)
            self._say(
                self.tr("Not undone: {0} ({1}). {2}").format(entry.words, entry.why_not, self._before_words()),
                not_undone=True,
            )
            self._update_actions()
            return
        self._undoing = True
        self._update_actions()
        self.statusBar().showMessage(self.tr("Undoing: {0}…").format(entry.words))
        store, actor = self.store, self.actor

        def work() -> Any:
            from asbdesk.storage.database import InvalidData, NotFound

            try:
                return _undo().undo_decision(store, actor, decision)
            except (InvalidData, NotFound) as error:  # changed since, or not theirs: never possible again
                return _Refused(str(error))

        def done(result: Any) -> None:
            self._undoing = False
            if entry in self.undo_stack:
                self.undo_stack.remove(entry)
            if isinstance(result, _Refused):
                self._say(self.tr("Not undone: {0}. {1}").format(result.words, self._before_words()), not_undone=True)
                self._update_actions()
                return
            self._say(result.words)
            page = self.current_list()
            if page is not None and _lives_on(decision.kind, page.kind):
                page.pending = Pending(decision.item_id, result.words, select=True)
            self.refresh()

        def failed(words: str) -> None:  # the database away: the decision stays, Ctrl+Z tries again
            self._undoing = False
            self._say(self.tr("Not undone ({0}): {1} Ctrl+Z tries again.").format(entry.words, words), not_undone=True)
            self._update_actions()

        self._run(work, done, failed, write=True)

    def _before_words(self) -> str:
        if self.undo_stack:
            return self.tr("Ctrl+Z now undoes the decision before it: {0}.").format(self.undo_stack[-1].words)
        return self.tr("There is no decision before it to undo.")

    def showEvent(self, event: Any) -> None:  # noqa: N802 (Qt)
        # The desk shows this window again after it was closed (Ctrl+Shift+Q): what it reads
        # and records from then on reaches the screen again (closing had set it to drop them).
        self._closed = False
        super().showEvent(event)

    def closeEvent(self, event: Any) -> None:  # noqa: N802 (Qt)
        self._detail_timer.stop()
        self._closed = True
        tasks.wait_for_all(10_000)  # a decision on its way is recorded before the window goes
        super().closeEvent(event)


def supervisor_window(store: Store, actor: Actor, clock: Callable[[], datetime] | None = None) -> SupervisorWindow:
    """The supervisor's window as the desk opens it: the queues, then the dip sample and the
    reports as further pages (Ctrl+6, Ctrl+7)."""
    from asbdesk.gui.reports import ReportsPage
    from asbdesk.gui.sampling import SamplePage

    pages: tuple[tuple[str, QWidget], ...] = (
        (QCoreApplication.translate("SupervisorWindow", "Dip sample"), SamplePage(store, actor, clock=clock)),
        (QCoreApplication.translate("SupervisorWindow", "Reports"), ReportsPage(store, actor, clock=clock)),
    )
    return SupervisorWindow(store, actor, clock=clock, pages=pages)


def _decides_on(kind: str, page_kind: str) -> bool:
    """A decision of ``kind``'s queue is made on a page of ``page_kind``: its own queue, and
    for the monthly review's maintain and remove, the active flags."""
    return page_kind == kind or (kind == "flag-review" and page_kind == FLAGS)


def _lives_on(kind: str, page_kind: str) -> bool:
    """An item of storage's ``kind`` (undo.Decision.kind) is listed on a page of ``page_kind``."""
    if kind == "flag":
        return page_kind in ("flag-request", "flag-review", FLAGS)
    return page_kind == kind


def _choose(button: QRadioButton) -> None:
    button.setChecked(True)
    button.setFocus()


def _focus_into(widget: QWidget) -> None:
    """The keyboard into a page: its focus proxy or its first widget that takes focus."""
    if widget.focusPolicy() != Qt.FocusPolicy.NoFocus or widget.focusProxy() is not None:
        widget.setFocus()
        return
    for child in widget.findChildren(QWidget):
        if child.focusPolicy() & Qt.FocusPolicy.TabFocus and child.isVisibleTo(widget) and child.isEnabled():
            child.setFocus()
            return
    widget.setFocus()
