"""Every active flag, on a page of the supervisor's window (issue 22 item 4, Ctrl+8).

Seed 002 'Storm Flag System': flags are authorised by a supervisor and reviewed monthly,
"to maintain or remove the flag". The page lists every active flag, the soonest review
first, and filters them by kind, by when the review is due and by postcode area; the
window (:mod:`asbdesk.gui.supervisor`) reads them off the GUI thread
(:func:`asbdesk.storage.supervision.active_flags`), shows the chosen flag's details and
history beside the list, and maintains (Ctrl+M) or removes (Ctrl+X) it with the same
dialogs as the review queue.

Keys on the page
  Alt+K   the kind: all, vulnerable victim, repeat victim, warning marker, location
          (Up/Down or the first letter choose; the list follows at once)
  Alt+U   when the monthly review is due: all, overdue (its day has passed), due within 7
          days (today to seven days on), due later
  Alt+A   the area: a postcode district (LS6), an area (LS), a sector (LS6 2) or a postcode;
          the list follows as you type, Enter goes to the list
  Up/Down the list (the details follow); Tab to the details
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from asbdesk.core.vocabulary import FLAG_DUE, FLAG_KINDS
from asbdesk.gui.a11y import name_inner_parts, show_text
from asbdesk.gui.i18n import QT_TRANSLATE_NOOP
from asbdesk.gui.words import flag_due_words, flag_kind_words, subject_words, summary_words

if TYPE_CHECKING:
    from asbdesk.storage.supervision import ActiveFlag

KIND = "active-flags"  # the page's kind, beside the queues' (REVIEW_KINDS)
TITLE = "Active flags"
HEADERS = (
    QT_TRANSLATE_NOOP("FlagsModel", "Review due"),
    QT_TRANSLATE_NOOP("FlagsModel", "Flag"),
    QT_TRANSLATE_NOOP("FlagsModel", "Kind"),
    QT_TRANSLATE_NOOP("FlagsModel", "Subject"),
    QT_TRANSLATE_NOOP("FlagsModel", "Area"),
    QT_TRANSLATE_NOOP("FlagsModel", "Authorised by"),
)
AREA_DELAY_MS = 300  # typing an area: the list is read again once the typing stops
OVERDUE_COLOUR = "#b00020"  # backs up the word, never replaces it


class FlagsModel(QAbstractTableModel):
    """The active flags in the order storage gave them (the soonest review first)."""

    def __init__(self, day_words: Callable[[date], str]) -> None:
        super().__init__()
        self._items: list[ActiveFlag] = []
        self._day_words = day_words

    @property
    def items(self) -> list[ActiveFlag]:
        return self._items

    def set_items(self, items: Sequence[ActiveFlag], more: bool = False) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def item(self, row: int) -> ActiveFlag | None:
        return self._items[row] if 0 <= row < len(self._items) else None

    def row_of(self, item_id: int) -> int | None:
        for row, item in enumerate(self._items):
            if item.id == item_id:
                return row
        return None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008 (Qt)
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008 (Qt)
        return 0 if parent.isValid() else len(HEADERS)

    def due_words(self, flag: ActiveFlag) -> str:
        if flag.review_due is None:
            return self.tr("no review date")
        day = self._day_words(flag.review_due)
        return self.tr("OVERDUE {0}").format(day) if flag.due == "overdue" else day

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        flag = self.item(index.row()) if index.isValid() else None
        if flag is None:
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            overdue = index.column() == 0 and flag.due == "overdue"
            return QBrush(QColor(OVERDUE_COLOUR)) if overdue else None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole):
            return None
        return (
            self.due_words(flag),
            str(flag.id),
            flag_kind_words(flag.kind),
            subject_words(flag.subject_kind, flag.subject_name) if flag.subject_kind else flag.subject,
            flag.area or self.tr("no address"),
            flag.authorised_by or "-",
        )[index.column()]

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(HEADERS)
        ):
            return QCoreApplication.translate("FlagsModel", HEADERS[section])
        return None


class ItemTable(QTableView):
    """A list of items to decide on (a queue, the active flags): Home and End go to the first
    and last item (a row is the item; there is nothing to move across)."""

    def moveCursor(  # noqa: N802 (Qt)
        self,
        action: QAbstractItemView.CursorAction,
        modifiers: Qt.KeyboardModifier,
    ) -> QModelIndex:
        rows = self.model().rowCount()
        if rows and action == QAbstractItemView.CursorAction.MoveHome:
            return self.model().index(0, 0)
        if rows and action == QAbstractItemView.CursorAction.MoveEnd:
            return self.model().index(rows - 1, 0)
        return super().moveCursor(action, modifiers)

    def current_row(self) -> int:
        index = self.currentIndex()
        return index.row() if index.isValid() else -1

    def select_row(self, row: int) -> None:
        """Choose row ``row`` and bring it into view; a row that is not there is ignored."""
        if not 0 <= row < self.model().rowCount():
            return
        index = self.model().index(row, 0)
        self.setCurrentIndex(index)
        self.selectRow(row)
        self.scrollTo(index)


class FlagsPage(QWidget):
    """The filters, the list of active flags and the chosen flag's details. The window loads
    it (``filters_did_change``: a filter changed, read the list again) and decides on it."""

    filters_did_change = Signal()

    def __init__(self, day_words: Callable[[date], str]) -> None:
        super().__init__()
        self.kind = KIND
        self.title = self.tr("Active flags")
        self.kind_box = QComboBox()
        self.kind_box.setObjectName("flags-kind")
        self.kind_box.setAccessibleName(self.tr("Kind of flag"))
        self.kind_box.addItem(self.tr("All kinds"), None)
        for kind in FLAG_KINDS:
            self.kind_box.addItem(flag_kind_words(kind), kind)
        self.due_box = QComboBox()
        self.due_box.setObjectName("flags-due")
        self.due_box.setAccessibleName(self.tr("Monthly review due"))
        self.due_box.addItem(self.tr("All"), None)
        for due in FLAG_DUE:
            self.due_box.addItem(flag_due_words(due).capitalize(), due)
        self.area_edit = QLineEdit()
        self.area_edit.setObjectName("flags-area")
        self.area_edit.setAccessibleName(self.tr("Postcode area"))
        self.area_edit.setPlaceholderText(self.tr("district, e.g. LS6 (or LS, LS6 2, LS6 2QT)"))
        self.area_edit.setMaxLength(16)
        self.area_edit.setMinimumWidth(
            self.area_edit.fontMetrics().horizontalAdvance(self.area_edit.placeholderText()) + 24
        )
        filters = QHBoxLayout()
        for text, widget in (
            (self.tr("&Kind"), self.kind_box),
            (self.tr("D&ue"), self.due_box),
            (self.tr("&Area"), self.area_edit),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            name_inner_parts(widget)
            filters.addWidget(label)
            filters.addWidget(widget)
        filters.addStretch(1)
        self.shown = QLabel()
        self.shown.setObjectName("flagsShown")
        self.shown.setAccessibleName(self._shown_role())
        self.shown.setWordWrap(True)
        self.shown.setTextFormat(Qt.TextFormat.PlainText)
        self.model = FlagsModel(day_words)
        self.table = ItemTable()
        self.table.setObjectName("active-flags")
        self.table.setAccessibleName(self.tr("Active flags, the soonest review first"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        rows = self.table.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        columns = self.table.horizontalHeader()
        columns.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        columns.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)  # the subject takes what is left
        columns.setStretchLastSection(False)
        width = self.table.fontMetrics().horizontalAdvance
        for column, sample in enumerate(
            ("OVERDUE 00 Sep 0000", "000000", "vulnerable victim", "", "LS00, LS00", "demo-supervisor")
        ):
            if sample:
                self.table.setColumnWidth(column, width(sample) + 24)
        self.detail = QTextBrowser()
        self.detail.setObjectName("detail-active-flags")
        self.detail.setAccessibleName(self.tr("Details of the flag"))
        self.detail.setOpenLinks(False)
        from asbdesk.gui.dialogs import fixed_font

        self.detail.setFont(fixed_font())
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(filters)
        layout.addWidget(self.shown)
        layout.addWidget(splitter, 1)
        self.setFocusProxy(self.table)
        self.setTabOrder(self.kind_box, self.due_box)
        self.setTabOrder(self.due_box, self.area_edit)
        self.setTabOrder(self.area_edit, self.table)
        self.setTabOrder(self.table, self.detail)
        self.token = 0
        self.loaded = False
        self.loading = False
        self.detail_for: int | None = None
        self.pending: Any = None  # the window's selection to make after a decision or an undo
        self.refiltered = False  # read again for other filters: no flag has gone anywhere
        self._area_timer = QTimer(self)
        self._area_timer.setSingleShot(True)
        self._area_timer.setInterval(AREA_DELAY_MS)
        self._area_timer.timeout.connect(self.filters_did_change.emit)
        self.kind_box.currentIndexChanged.connect(lambda _index: self.filters_did_change.emit())
        self.due_box.currentIndexChanged.connect(lambda _index: self.filters_did_change.emit())
        self.area_edit.textEdited.connect(lambda _text: self._area_timer.start())
        self.area_edit.returnPressed.connect(self._area_entered)

    def _area_entered(self) -> None:
        """Enter in the area: read the list now (if the typing had not) and go to it."""
        if self._area_timer.isActive():
            self._area_timer.stop()
            self.filters_did_change.emit()
        self.table.setFocus()

    def typing(self) -> bool:
        """An area typed and not yet read (tests, closing)."""
        return self._area_timer.isActive()

    def filters(self) -> tuple[str | None, str | None, str | None]:
        """(kind, due, area) as chosen; None for all."""
        area = self.area_edit.text().strip()
        return self.kind_box.currentData(), self.due_box.currentData(), area or None

    def filter_words(self) -> str:
        kind, due, area = self.filters()
        words = []
        if kind:
            words.append(self.tr("kind: {0}").format(flag_kind_words(kind)))
        if due:
            words.append(self.tr("review {0}").format(flag_due_words(due)))
        if area:
            words.append(self.tr("area {0}").format(area.upper()))
        return " · ".join(words)

    def show_count(self, shown: int, more: bool) -> None:
        """The line above the list: how many, with which filters."""
        chosen = self.filter_words()
        if more:
            text = self.tr(
                "The first {0} active flags, the soonest review first: narrow them with Alt+K, Alt+U or Alt+A"
            ).format(shown)
        elif shown == 0:
            text = self.tr("No active flags") + (self.tr(" like that") if chosen else "")
        else:
            text = (self.tr("{0} active flag") if shown == 1 else self.tr("{0} active flags")).format(shown)
        show_text(self.shown, self._shown_role(), f"{text} · {chosen}" if chosen and shown else text)

    def refused(self, words: str) -> None:
        """The list cannot be read as filtered (an area that is not one, the database away)."""
        show_text(self.shown, self._shown_role(), words)

    def _shown_role(self) -> str:
        return self.tr("Active flags shown")

    def current_row(self) -> int:
        return self.table.current_row()

    def current_item(self) -> ActiveFlag | None:
        return self.model.item(self.current_row())

    def select_row(self, row: int) -> None:
        self.table.select_row(row)


def flag_heading(flag: ActiveFlag) -> str:
    """The details' first line for an active flag."""
    return QCoreApplication.translate("supervisor_flags", "Active flag {0}: {1}").format(
        flag.id, summary_words(flag)
    ) + (f" ({flag.area})" if flag.area else "")
