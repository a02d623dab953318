"""A small table model of past contacts, the columns a call handler needs first."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QDateTime, QLocale, QModelIndex, QPersistentModelIndex, Qt

if TYPE_CHECKING:
    from asbdesk.core.session import PastContact

# Risk, grade and reference before the incident's label: a narrow pane shows what
# matters and the (long) label is the column that stretches (issue 7).
HEADERS = ("Date", "Risk", "Grade", "Reference", "Code", "Category")


# Dates as a person reads them, whatever the locale's short form (which can read "7 01 2027"):
# the day, the month's short name in the desk's language, the year (issue 22.6).
DAY_FORMAT = "d MMM yyyy"
TIME_FORMAT = f"{DAY_FORMAT} HH:mm"


def local_text(moment: datetime) -> str:
    """A stored (UTC) time as the operator reads it: local, e.g. '7 Jan 2027 14:03'."""
    local = QDateTime.fromMSecsSinceEpoch(int(moment.timestamp() * 1000))
    return QLocale().toString(local, TIME_FORMAT)


class HistoryModel(QAbstractTableModel):
    def __init__(self, labels: dict[str, str] | None = None) -> None:
        super().__init__()
        self._rows: tuple[PastContact, ...] = ()
        self._labels = labels or {}

    def set_labels(self, labels: dict[str, str]) -> None:
        self.beginResetModel()
        self._labels = dict(labels)
        self.endResetModel()

    def set_rows(self, rows: Sequence[PastContact]) -> None:
        self.beginResetModel()
        self._rows = tuple(rows)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008 (Qt: the signature Qt calls; an empty index is immutable)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008 (Qt: the signature Qt calls; an empty index is immutable)
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole):
            return None
        entry = self._rows[index.row()]
        values = (
            local_text(entry.started_at),
            entry.risk_level,
            entry.grade,
            entry.reference,
            f"{entry.incident_code} {self._labels.get(entry.incident_code, '')}".strip(),
            entry.category,
        )
        return values[index.column()]

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(HEADERS)
        ):
            return HEADERS[section]
        return None
