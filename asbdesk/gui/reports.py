"""The supervisor's reports page (issue 10): compliance with the dip-sample checklist, and
ASB hotspots and demand, for a period.

Keyboard first: From and To are date fields (Tab between them, type or use the arrow keys);
Ctrl+Enter (or F5) runs both reports off the GUI thread; Ctrl+Shift+C saves the compliance
report as CSV, Ctrl+Shift+P as PDF, Ctrl+Shift+H saves hotspots as CSV, each in the user's
documents folder with the period in the file name, and the page says where. A period that
ends before it starts, a refusal or a failure is said in words on the page.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QDate, Qt
from PySide6.QtGui import QAction, QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from asbdesk.gui import tasks
from asbdesk.gui.a11y import name_inner_parts, new_announcements, say, show_text
from asbdesk.gui.documents import ComplianceChart, long_date, percent
from asbdesk.gui.i18n import QT_TRANSLATE_NOOP
from asbdesk.gui.words import local_text, sample_check_words

if TYPE_CHECKING:
    from asbdesk.storage.records import Actor
    from asbdesk.storage.store import Store
    from asbdesk.storage.supervision import ComplianceReport, HotspotReport

DEFAULT_DAYS = 30
HEAT_COLOUR = QColor("#b3361e")


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def _table(name: str, headers: Sequence[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.setAccessibleName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setTabKeyNavigation(False)  # Tab moves on to the next table, arrows move in it
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(False)
    table.setWordWrap(False)
    return table


def _cell(text: Any, numeric: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(str(text))
    if numeric:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def _fill(table: QTableWidget, rows: Sequence[Sequence[Any]], numeric_from: int = 1, fit: bool = True) -> None:
    """``rows`` into ``table``; the columns from ``numeric_from`` on are counts (right-aligned).
    ``fit``: every column to its contents now (False leaves the header's own modes to it:
    a stretched column stays stretched)."""
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.setItem(r, c, _cell(value, c >= numeric_from))
    if fit:
        table.resizeColumnsToContents()


def heat_colours(count: int, most: int) -> tuple[QColor, QColor]:
    """The background and text colours of a heat-table cell: the more incidents, the deeper
    the shade (the number is written in the cell too: colour is never the only telling)."""
    share = count / most if most else 0.0
    background = QColor(
        round(255 + (HEAT_COLOUR.red() - 255) * share),
        round(255 + (HEAT_COLOUR.green() - 255) * share),
        round(255 + (HEAT_COLOUR.blue() - 255) * share),
    )
    return background, QColor("white") if share > 0.5 else QColor("black")


class DateField(QDateEdit):
    """A date typed as YYYY-MM-DD (digits move on through year, month and day by themselves;
    the arrow keys step a part). Tab leaves the field, as every other field's Tab does,
    rather than stepping through its parts."""

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802 (Qt's names)
        return QWidget.focusNextPrevChild(self, next)


class ReportsPage(QWidget):
    """Compliance and hotspots for a period, with their exports (QActions on the page)."""

    def __init__(
        self, store: Store, actor: Actor, *, clock: Callable[[], datetime] | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store, self.actor = store, actor
        self.clock = clock or (lambda: datetime.now(UTC))
        self.compliance: ComplianceReport | None = None
        self.hotspots: HotspotReport | None = None
        self.running = False
        self._run_number = 0
        self.last_saved: Path | None = None

        today = self.clock().astimezone().date()
        self.start_edit = self._date_field(
            today - timedelta(days=DEFAULT_DAYS - 1), self.tr("From: first day of the period")
        )
        self.end_edit = self._date_field(today, self.tr("To: last day of the period"))
        from_label, to_label = QLabel(self.tr("&From")), QLabel(self.tr("&To"))
        from_label.setBuddy(self.start_edit)
        to_label.setBuddy(self.end_edit)
        self.run_button = QPushButton(self.tr("Run reports (Ctrl+Enter)"))
        self.run_button.setAutoDefault(False)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        show_text(
            self.status,
            self.tr("Reports status"),
            self.tr("Choose the period and press Ctrl+Enter to run the reports."),
        )
        self.announcements = new_announcements()
        for field in (self.start_edit, self.end_edit):
            name_inner_parts(field)
        self.status.setObjectName("reportsStatus")

        period = QHBoxLayout()
        period.setSpacing(8)
        for widget in (from_label, self.start_edit, to_label, self.end_edit, self.run_button):
            period.addWidget(widget)
            if widget is not self.run_button:
                widget.setMinimumWidth(widget.sizeHint().width())
        period.addStretch(1)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Reports: compliance (Alt+C) and hotspots (Alt+H)"))
        self.tabs.addTab(self._compliance_tab(), self.tr("&Compliance"))
        self.tabs.addTab(self._hotspots_tab(), self.tr("&Hotspots"))

        layout = QVBoxLayout(self)
        layout.addLayout(period)
        layout.addWidget(self.status)
        layout.addWidget(self.tabs, 1)

        self.run_action = self._action(
            self.tr("Run reports"),
            ("Ctrl+Return", "Ctrl+Enter", "F5"),
            self.run_reports,
            self.tr("run both reports for the period"),
        )
        self.compliance_csv_action = self._action(
            self.tr("Save compliance as CSV"),
            ("Ctrl+Shift+C",),
            self.save_compliance_csv,
            self.tr("compliance report to CSV"),
        )
        self.compliance_pdf_action = self._action(
            self.tr("Save compliance as PDF"),
            ("Ctrl+Shift+P",),
            self.save_compliance_pdf,
            self.tr("compliance report to PDF"),
        )
        self.hotspots_csv_action = self._action(
            self.tr("Save hotspots as CSV"),
            ("Ctrl+Shift+H",),
            self.save_hotspots_csv,
            self.tr("hotspots report to CSV"),
        )
        self.run_button.clicked.connect(self.run_reports)
        self.setTabOrder(self.start_edit, self.end_edit)
        self.setTabOrder(self.end_edit, self.run_button)
        self.start_edit.setFocus()

    # ------------------------------------------------------------------ building

    def _date_field(self, day: date, name: str) -> QDateEdit:
        field = DateField(_qdate(day))
        field.setDisplayFormat("yyyy-MM-dd")
        field.setCalendarPopup(False)
        field.setAccessibleName(name)
        field.setKeyboardTracking(True)
        return field

    def _action(self, text: str, keys: Sequence[str], slot: Callable[[], Any], tip: str) -> QAction:
        action = QAction(text, self)
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setToolTip(f"{text} ({keys[0].replace('Return', 'Enter')}): {tip}")
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _section(self, grid: QGridLayout, row: int, column: int, title: str, widget: QWidget, span: int = 1) -> QLabel:
        label = QLabel(title)
        label.setBuddy(widget)
        label.setObjectName("reportSection")
        grid.addWidget(label, row, column, 1, span)
        grid.addWidget(widget, row + 1, column, 1, span)
        return label

    def _compliance_tab(self) -> QWidget:
        self.items_table = _table(
            self.tr("Compliance by checklist item"),
            (self.tr("Checklist item"), self.tr("Yes"), self.tr("No"), self.tr("Not applicable"), self.tr("Rate")),
        )
        self.operators_table = _table(
            self.tr("Compliance by operator"),
            (self.tr("Operator"), self.tr("Logs sampled"), self.tr("Yes"), self.tr("No"), self.tr("Rate")),
        )
        self.months_table = _table(
            self.tr("Compliance by month"),
            (self.tr("Month"), self.tr("Logs sampled"), self.tr("Yes"), self.tr("No"), self.tr("Rate")),
        )
        # Each operator's "no" notes, for feedback (issue 22): the log, the check, what was missing.
        self.notes_table = _table(
            self.tr("No notes by operator, for feedback"),
            (
                self.tr("Operator"),
                self.tr("Log"),
                self.tr("Checklist item"),
                self.tr("Marked"),
                self.tr("What was missing"),
            ),
        )
        self.notes_table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)  # the note
        self.read_label = QLabel()
        self.read_label.setObjectName("keyHint")
        self.read_label.setWordWrap(True)
        self.read_label.setAccessibleName(self._read_role())
        self.chart = ComplianceChart()
        chart_area = QScrollArea()
        chart_area.setWidget(self.chart)
        chart_area.setWidgetResizable(True)
        chart_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        tab = QWidget()
        grid = QGridLayout(tab)
        grid.addWidget(self.read_label, 0, 0, 1, 2)
        self.items_label = self._section(grid, 1, 0, self.tr("By checklist item"), self.items_table)
        self.operators_label = self._section(grid, 3, 0, self.tr("By operator"), self.operators_table)
        self.months_label = self._section(grid, 5, 0, self.tr("By month"), self.months_table)
        chart_label = QLabel(self.tr("Chart"))
        chart_label.setObjectName("reportSection")
        grid.addWidget(chart_label, 1, 1)
        grid.addWidget(chart_area, 2, 1, 5, 1)
        self.notes_label = self._section(
            grid, 7, 0, self.tr("'No' notes by operator, for feedback"), self.notes_table, 2
        )
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        return tab

    def _hotspots_tab(self) -> QWidget:
        self.locations_table = _table(
            self.tr("Repeat locations"),
            (self.tr("Rank"), self.tr("Location"), self.tr("Postcode"), self.tr("Incidents")),
        )
        self.callers_table = _table(
            self.tr("Repeat callers"), (self.tr("Rank"), self.tr("Caller"), self.tr("Incidents"))
        )
        self.codes_table = _table(
            self.tr("Top incident codes"), (self.tr("Rank"), self.tr("Incident code"), self.tr("Incidents"))
        )
        self.heat_table = _table(self.tr("Incidents by postcode district and week"), (self.tr("District"),))
        self.heat_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        tab = QWidget()
        grid = QGridLayout(tab)
        self.locations_label = self._section(grid, 0, 0, self.tr("Repeat locations"), self.locations_table)
        self.callers_label = self._section(grid, 0, 1, self.tr("Repeat callers"), self.callers_table)
        self.codes_label = self._section(grid, 0, 2, self.tr("Top incident codes"), self.codes_table)
        self.heat_label = self._section(
            grid, 2, 0, self.tr("Incidents by postcode district and ISO week"), self.heat_table, span=3
        )
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(2, 1)
        grid.setRowStretch(1, 1)
        grid.setRowStretch(3, 1)
        return tab

    # ------------------------------------------------------------------ running

    def period(self) -> tuple[datetime, datetime] | None:
        """[start, end) in UTC whole days, as ``asbdesk report --from --to`` reads them; None
        (and the page says why) when To is before From."""
        first, last = _pydate(self.start_edit.date()), _pydate(self.end_edit.date())
        if last < first:
            self.say(
                self.tr(
                    "The period is the wrong way round: To ({0}) is before From ({1}). Change one of the dates and run again."
                ).format(long_date(last), long_date(first)),
                error=True,
            )
            return None
        start = datetime.combine(first, time(), UTC)
        return start, datetime.combine(last, time(), UTC) + timedelta(days=1)

    def run_reports(self) -> None:
        period = self.period()
        if period is None:
            return
        start, end = period
        store, actor = self.store, self.actor
        self._run_number += 1
        number = self._run_number
        self.running = True
        self.say(
            self.tr("Running the reports for {0} to {1}…").format(
                long_date(start.date()), long_date((end - timedelta(days=1)).date())
            )
        )

        def work() -> tuple[ComplianceReport, HotspotReport]:
            from asbdesk.storage import supervision

            return supervision.compliance(store, actor, start, end), supervision.hotspots(store, actor, start, end)

        def done(result: tuple[ComplianceReport, HotspotReport]) -> None:
            if number == self._run_number:
                self.running = False
                self.show_reports(*result)

        def failed(words: str) -> None:
            if number == self._run_number:
                self.running = False
                self.say(self.tr("The reports could not be run: {0}").format(words), error=True)

        tasks.run(work, done, failed)

    def _read_role(self) -> str:
        return self.tr("What the compliance report read")

    def say(self, words: str, error: bool = False) -> None:
        """The status line, announced to a screen reader (assertive for an error)."""
        show_text(self.status, self.tr("Reports status"), words)
        say(self, self.announcements, words, assertive=error)
        if self.status.property("error") != error:
            self.status.setProperty("error", error)  # the style sheet: dark red on pale red
            self.status.style().unpolish(self.status)
            self.status.style().polish(self.status)

    # ------------------------------------------------------------------ showing

    def show_reports(self, compliance: ComplianceReport, hotspots: HotspotReport) -> None:
        self.compliance, self.hotspots = compliance, hotspots
        self._show_compliance(compliance)
        self._show_hotspots(hotspots)
        sampled = sum(o["sampled"] for o in compliance.operators)
        incidents = sum(sum(weeks.values()) for weeks in hotspots.heat.values())
        marks = compliance.read["marks"]
        logs = (self.tr("{0} sampled log") if sampled == 1 else self.tr("{0} sampled logs")).format(sampled)
        read = (self.tr("{0} mark read") if marks == 1 else self.tr("{0} marks read")).format(marks)
        self.say(
            self.tr("Reports for {0}: {1} ({2}, {3} counted), {4} with a location. ").format(
                self._period_words(compliance), logs, read, compliance.read["counted"], self._incidents(incidents)
            )
            + self.tr("Save: Ctrl+Shift+C compliance CSV, Ctrl+Shift+P compliance PDF, Ctrl+Shift+H hotspots CSV.")
        )

    def _incidents(self, count: int) -> str:
        return (self.tr("{0} incident") if count == 1 else self.tr("{0} incidents")).format(count)

    @staticmethod
    def _period_words(report: ComplianceReport | HotspotReport) -> str:
        return QCoreApplication.translate("ReportsPage", "{0} to {1}").format(
            long_date(report.start.date()), long_date((report.end - timedelta(days=1)).date())
        )

    def _show_compliance(self, report: ComplianceReport) -> None:
        _fill(
            self.items_table,
            [(sample_check_words(i["check"]), i["yes"], i["no"], i["na"], percent(i["rate"])) for i in report.items],
        )
        _fill(
            self.operators_table,
            [(o["operator"], o["sampled"], o["yes"], o["no"], percent(o["rate"])) for o in report.operators],
        )
        _fill(
            self.months_table,
            [(p["period"], p["sampled"], p["yes"], p["no"], percent(p["rate"])) for p in report.periods],
        )
        self.operators_label.setText(
            self.tr("By operator ({0})").format(len(report.operators))
            if report.operators
            else self.tr("By operator: no logs sampled in this period")
        )
        self.months_label.setText(
            self.tr("By month") if report.periods else self.tr("By month: no logs marked in this period")
        )
        notes = [
            (
                o["operator"],
                n["reference"],
                sample_check_words(n["check"]),
                f"{n['marked_by']}, {local_text(datetime.fromisoformat(n['marked_at']))}",
                n["note"],
            )
            for o in report.operators
            for n in o["no_notes"]
        ]
        _fill(self.notes_table, notes, numeric_from=5, fit=False)  # words only; the note as wide as the page
        self.notes_label.setText(
            self.tr("'No' notes by operator, for feedback ({0})").format(len(notes))
            if notes
            else self.tr("'No' notes by operator: no check was marked no in this period")
        )
        show_text(
            self.read_label,
            self._read_role(),
            self.tr("{0}. Read: {1}.").format(run_words(report), read_words(report)),
        )
        self.chart.set_report(report)

    def _show_hotspots(self, report: HotspotReport) -> None:
        _fill(
            self.locations_table,
            [(r["rank"], r["location"], r["postcode"], r["count"]) for r in report.locations],
            3,
        )
        _fill(self.callers_table, [(r["rank"], r["caller"], r["count"]) for r in report.callers], 2)
        _fill(self.codes_table, [(r["rank"], r["code"], r["count"]) for r in report.codes], 2)
        for table, label, title, found in (
            (self.locations_table, self.locations_label, self.tr("Repeat locations"), report.locations),
            (self.callers_table, self.callers_label, self.tr("Repeat callers"), report.callers),
            (self.codes_table, self.codes_label, self.tr("Top incident codes"), report.codes),
        ):
            label.setText(f"{title} ({len(found)})" if found else self.tr("{0}: none in this period").format(title))
            table.setAccessibleDescription(label.text())
        heat = self.heat_table
        heat.clear()
        heat.setColumnCount(len(report.weeks) + 2)
        heat.setHorizontalHeaderLabels([self.tr("District"), *report.weeks, self.tr("Total")])
        heat.setRowCount(len(report.districts))
        most = max((n for weeks in report.heat.values() for n in weeks.values()), default=0)
        for r, district in enumerate(report.districts):
            heat.setItem(r, 0, _cell(district))
            for c, week in enumerate(report.weeks, 1):
                count = report.heat[district].get(week, 0)
                item = _cell(count, numeric=True)
                background, ink = heat_colours(count, most)
                item.setBackground(QBrush(background))
                item.setForeground(QBrush(ink))
                item.setToolTip(self.tr("{0}, week {1}: {2}").format(district, week, self._incidents(count)))
                heat.setItem(r, c, item)
            heat.setItem(r, len(report.weeks) + 1, _cell(sum(report.heat[district].values()), numeric=True))
        heat.resizeColumnsToContents()
        self.heat_label.setText(
            self.tr("Incidents by postcode district and ISO week (the deeper the shade, the more incidents)")
            if report.districts
            else self.tr("Incidents by postcode district and ISO week: none in this period")
        )

    # ------------------------------------------------------------------ saving

    def _save(self, what: str, report: Any, stem: str, suffix: str, write: Callable[[Path], None]) -> Path | None:
        if report is None:
            self.say(self.tr("Run the reports first (Ctrl+Enter), then save the {0}.").format(what), error=True)
            return None
        from asbdesk import paths
        from asbdesk.gui.dialogs import free_path

        first, last = report.start.date(), (report.end - timedelta(days=1)).date()
        try:
            path = free_path(paths.documents_dir(), f"{stem}-{first.isoformat()}-to-{last.isoformat()}", suffix)
            write(path)
        except OSError as error:
            self.say(self.tr("The {0} could not be saved: {1}").format(what, error.strerror or error), error=True)
            return None
        self.last_saved = path
        self.say(self.tr("{0}{1} saved to {2}").format(what[0].upper(), what[1:], path))
        return path

    def save_compliance_csv(self) -> Path | None:
        from asbdesk.storage.supervision import compliance_csv

        report = self.compliance

        def write(path: Path) -> None:
            assert report is not None
            _write_text(path, compliance_csv(report))

        return self._save(self.tr("compliance CSV"), report, "compliance", ".csv", write)

    def save_compliance_pdf(self) -> Path | None:
        from asbdesk.gui.documents import write_compliance_pdf

        report = self.compliance

        def write(path: Path) -> None:
            assert report is not None
            write_compliance_pdf(report, path)

        return self._save(self.tr("compliance PDF"), report, "compliance", ".pdf", write)

    def save_hotspots_csv(self) -> Path | None:
        from asbdesk.storage.supervision import hotspots_csv

        report = self.hotspots

        def write(path: Path) -> None:
            assert report is not None
            _write_text(path, hotspots_csv(report))

        return self._save(self.tr("hotspots CSV"), report, "hotspots", ".csv", write)


def _write_text(path: Path, text: str) -> None:
    from asbdesk import paths

    with paths.open_private(path, "x", encoding="utf-8", newline="") as handle:
        handle.write(text)


def _counted(n: int, one: str, many: str) -> str:
    return (
        QCoreApplication.translate("ReportsPage", one)
        if n == 1
        else QCoreApplication.translate("ReportsPage", many).format(n)
    )


_ONE_SAMPLE = QT_TRANSLATE_NOOP("ReportsPage", "1 sample")
_SAMPLES = QT_TRANSLATE_NOOP("ReportsPage", "{0} samples")
_ONE_LOG = QT_TRANSLATE_NOOP("ReportsPage", "1 sampled log")
_LOGS = QT_TRANSLATE_NOOP("ReportsPage", "{0} sampled logs")
_ONE_MARK = QT_TRANSLATE_NOOP("ReportsPage", "1 mark")
_MARKS = QT_TRANSLATE_NOOP("ReportsPage", "{0} marks")
_ONE_EARLIER = QT_TRANSLATE_NOOP("ReportsPage", "1 earlier mark")
_EARLIER = QT_TRANSLATE_NOOP("ReportsPage", "{0} earlier marks")


def read_words(report: ComplianceReport) -> str:
    """What the report read (``ComplianceReport.read_words``, storage's English for the CLI),
    in the desk's language: '1 sample, 6 sampled logs, 13 marks read; 13 counted (…)'."""
    r = report.read
    left = r["marks"] - r["counted"]
    samples = _counted(r["samples"], _ONE_SAMPLE, _SAMPLES)
    logs = _counted(r["logs"], _ONE_LOG, _LOGS)
    marks = _counted(r["marks"], _ONE_MARK, _MARKS)
    if left:
        return QCoreApplication.translate(
            "ReportsPage",
            "{0}, {1}, {2} read; {3} counted (each log's latest mark per checklist item; {4} of logs sampled more than once left out)",
        ).format(samples, logs, marks, r["counted"], _counted(left, _ONE_EARLIER, _EARLIER))
    return QCoreApplication.translate(
        "ReportsPage", "{0}, {1}, {2} read; {3} counted (each log's latest mark per checklist item)"
    ).format(samples, logs, marks, r["counted"])


def run_words(report: ComplianceReport) -> str:
    """Who ran the report and when (``ComplianceReport.run_words``), in the desk's language:
    'Run by Sam Supervisor (sam) on 23 Nov 2026 14:05 GMT'."""
    if report.run_at is None:
        return QCoreApplication.translate("ReportsPage", "Run by {0}").format(report.runner())
    zone = report.run_at.astimezone().tzname() or ""
    when = f"{local_text(report.run_at)} {zone}".rstrip()
    return QCoreApplication.translate("ReportsPage", "Run by {0} on {1}").format(report.runner(), when)
