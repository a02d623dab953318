"""A small table model of past contacts (date, code, category, risk, grade)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

if TYPE_CHECKING:
    from asbdesk.storage.records import HistoryEntry

HEADERS = ("Date", "Code", "Category", "Risk", "Grade", "Reference")


class HistoryModel(QAbstractTableModel):
    def __init__(self, labels: dict[str, str] | None = None) -> None:
        super().__init__()
        self._rows: tuple[HistoryEntry, ...] = ()
        self._labels = labels or {}

    def set_rows(self, rows: Sequence[HistoryEntry]) -> None:
        self.beginResetModel()
        self._rows = tuple(rows)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802 (Qt)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802 (Qt)
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        entry = self._rows[index.row()]
        values = (
            entry.started_at.strftime("%d %b %Y %H:%M"),
            f"{entry.incident_code} {self._labels.get(entry.incident_code, '')}".strip(),
            entry.category,
            entry.risk_level,
            entry.grade,
            entry.reference,
        )
        return values[index.column()]

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal and 0 <= section < len(HEADERS):
            return HEADERS[section]
        return None
