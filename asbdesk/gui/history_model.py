"""A small table model of past contacts, the columns a call handler needs first."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QStyle, QTableView

from asbdesk.gui.i18n import QT_TRANSLATE_NOOP
from asbdesk.gui.words import local_text

if TYPE_CHECKING:
    from asbdesk.core.session import PastContact

# Risk, grade and reference before the incident's label: a narrow pane shows what
# matters and the (long) label is the column that stretches (issue 7).
# Marked for translators here, translated where shown (headerData).
HEADERS = (
    QT_TRANSLATE_NOOP("HistoryModel", "Date"),
    QT_TRANSLATE_NOOP("HistoryModel", "Risk"),
    QT_TRANSLATE_NOOP("HistoryModel", "Grade"),
    QT_TRANSLATE_NOOP("HistoryModel", "Reference"),
    QT_TRANSLATE_NOOP("HistoryModel", "Code"),
    QT_TRANSLATE_NOOP("HistoryModel", "Category"),
)
# Columns whose words may go onto a second line when the pane is narrow (issue 23.4); a
# category is one word, always shown whole. A reference may break after its hyphens
# ("ASB-2026-" / "000123"), on screen only: what is read out or copied is the reference.
WRAPPING = frozenset({0, 1, 2, 3, 4})
BREAK = "\u200b"  # a zero-width space: a place a line may break


def words(text: str) -> list[str]:
    """The pieces a cell's text may break into, for measuring."""
    return text.replace(BREAK, " ").split() or [""]


def words_of(identifier: str) -> str:
    """An id no pack in use names (a contact graded on another pack), in words:
    'national.emergency' -> 'emergency', 'no_attendance' -> 'no attendance'."""
    return identifier.rsplit(".", 1)[-1].replace("_", " ")


# The roles a cell answers with its text (the table, a screen reader, the tooltip).
TEXT_ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole})


class HistoryModel(QAbstractTableModel):
    """Each row's words made once, when the rows or the pack's words change: the view asks
    for every cell many times over as it measures and paints (issue 24.2: a caller picked
    with a long history kept the next key waiting)."""

    def __init__(self, labels: dict[str, str] | None = None) -> None:
        super().__init__()
        self._rows: tuple[PastContact, ...] = ()
        self._labels = labels or {}
        self._grades: dict[str, str] = {}
        self._levels: dict[str, str] = {}
        self._shown: tuple[tuple[str, ...], ...] = ()  # per row: the cells as shown
        self._said: tuple[tuple[str, ...], ...] = ()  # per row: the cells as read out

    def set_labels(
        self, labels: dict[str, str], grades: dict[str, str] | None = None, levels: dict[str, str] | None = None
    ) -> None:
        """The pack's words: codes' labels, grades' and risk levels' (as the graded log says them)."""
        self.beginResetModel()
        self._labels = dict(labels)
        self._grades = dict(grades or {})
        self._levels = dict(levels or {})
        self._words()
        self.endResetModel()

    def set_rows(self, rows: Sequence[PastContact]) -> None:
        self.beginResetModel()
        self._rows = tuple(rows)
        self._words()
        self.endResetModel()

    def _words(self) -> None:
        shown, said = [], []
        for entry in self._rows:
            cells = (
                local_text(entry.started_at),
                self._levels.get(entry.risk_level) or words_of(entry.risk_level),
                self._grades.get(entry.grade) or words_of(entry.grade),
                entry.reference,
                f"{entry.incident_code} {self._labels.get(entry.incident_code, '')}".strip(),
                entry.category,
            )
            said.append(cells)
            shown.append((*cells[:3], entry.reference.replace("-", "-" + BREAK), *cells[4:]))
        self._shown, self._said = tuple(shown), tuple(said)

    def column_texts(self, column: int) -> list[str]:
        """The column's cells as shown, top to bottom."""
        return [row[column] for row in self._shown]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008 (Qt: the signature Qt calls; an empty index is immutable)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008 (Qt: the signature Qt calls; an empty index is immutable)
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in TEXT_ROLES or not index.isValid():
            return None
        row = index.row()
        if not 0 <= row < len(self._shown):
            return None
        return (self._shown if role == Qt.ItemDataRole.DisplayRole else self._said)[row][index.column()]

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(HEADERS)
        ):
            return QCoreApplication.translate("HistoryModel", HEADERS[section])
        return None


class HistoryView(QTableView):
    """The history table: every cell's text whole, nothing elided (issue 23.4). Columns take
    the width of their text; when the pane is narrower, the columns of several words wrap onto
    more lines (each keeps its longest word) and the rows grow to hold them. Tab leaves it."""

    def __init__(self, model: HistoryModel) -> None:
        super().__init__()
        self.history = model
        self.setModel(model)
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.verticalHeader().hide()
        self.setTabKeyNavigation(False)  # Tab leaves the table instead of walking its cells
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setStretchLastSection(False)
        model.modelReset.connect(self.fit)

    def text_margin(self) -> int:
        """The room a cell keeps either side of its text (Qt's item views: the focus frame + 1)."""
        return self.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self) + 1

    def needed(self, column: int) -> tuple[int, int]:
        """(the width the column's longest text needs on one line, the width its longest word needs)."""
        metrics, room = self.fontMetrics(), 2 * self.text_margin() + 2
        header = self.horizontalHeader().sectionSizeHint(column)
        whole = word = header
        for text in self.history.column_texts(column):
            whole = max(whole, metrics.horizontalAdvance(text) + room)
            word = max(word, *(metrics.horizontalAdvance(w) + room for w in words(text)))
        return whole, (word if column in WRAPPING else whole)

    def fit(self) -> None:
        """Each column as wide as its text; what does not fit the pane wraps, the rows grow."""
        columns = range(self.model().columnCount())
        if not columns:
            return
        wanted = {c: self.needed(c) for c in columns}
        widths = {c: wanted[c][0] for c in columns}
        bar = self.verticalScrollBar()  # room for it kept: the rows grown may bring it
        room = self.viewport().width() - (0 if bar.isVisible() else bar.sizeHint().width())
        over = sum(widths.values()) - room
        if over > 0:
            # The widest columns give way first, down to a common width (never below their
            # longest word): a short column such as the date keeps its one line.
            def total(level: int) -> int:
                return sum(min(whole, max(word, level)) for whole, word in wanted.values())

            low, high = 0, max(widths.values())
            while low < high:
                level = (low + high + 1) // 2
                low, high = (level, high) if total(level) <= room else (low, level - 1)
            widths = {c: min(whole, max(word, low)) for c, (whole, word) in wanted.items()}
        elif over < 0:
            widths[4] += -over  # room to spare: the incident's label takes it
        header = self.horizontalHeader()
        for c in columns:
            if header.sectionSize(c) != widths[c]:
                header.resizeSection(c, widths[c])
        self.resizeRowsToContents()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt)
        super().resizeEvent(event)
        self.fit()
