"""Training mode (issue 11): a scripted scenario taken on the desk, on a sandbox database of
its own, with the caller's words beside the question and a scorecard at the end.

``asbdesk --training`` runs :func:`run_training`: a trainee picks a scenario
(:class:`ScenarioPicker`: Enter picks, Esc quits, Alt+S saves the trainer sheet) or a trainer
assigns one (``--scenario``); the desk opens on a sandbox seeded from it (never the live
database) with "TRAINING — NOT A REAL CALL" in its title, in a banner and at the head of
every log and slip. The "Caller says" pane (:class:`CallerSaysPane`) gives the caller's
opening, what they volunteer, and their reply to the question the trainee is on. The trainee
finds the caller, takes the call and saves it (Ctrl+Enter) as on a real call; when the log
is closed the :class:`ScorecardDialog` shows each expected item met or missed (Alt+P PDF,
Alt+C CSV, Esc closes) and the result is recorded. ``--trainer`` opens the
:class:`TrainerWindow` instead: results by trainee, by scenario, every attempt, the items
most often missed, Ctrl+Shift+C exports them as CSV.

The desk's hooks are the ``training`` argument of :class:`~asbdesk.gui.desk.DeskWindow`:
it calls the :class:`TrainingContext` when it builds, binds a contact, sees it change,
finishes, saves and closes. Storage is imported late (``asbdesk.storage.training``): the
window paints first.
"""

from __future__ import annotations

import html
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from asbdesk import paths
from asbdesk.gui import tasks
from asbdesk.gui.a11y import new_announcements, say, show_text
from asbdesk.gui.documents import TRAINING_LINE, question_words
from asbdesk.gui.i18n import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from asbdesk.core.engine import Assessment
    from asbdesk.core.packs import Pack
    from asbdesk.core.scenarios import Scenario, Scorecard
    from asbdesk.core.session import CallSession
    from asbdesk.gui.desk import DeskWindow
    from asbdesk.storage.training import Results, Sandbox, TrainingResult

MODIFIER_KEYS = frozenset(
    {
        Qt.Key.Key_Shift,
        Qt.Key.Key_Control,
        Qt.Key.Key_Alt,
        Qt.Key.Key_AltGr,
        Qt.Key.Key_Meta,
        Qt.Key.Key_Super_L,
        Qt.Key.Key_Super_R,
        Qt.Key.Key_CapsLock,
    }
)
NO_REPLY = QT_TRANSLATE_NOOP("CallerSaysPane", "“I don't know, sorry.”")


def training_title(scenario: Scenario) -> str:
    return f"{TRAINING_LINE} — {scenario.data.title}"


def _shown(value: Any) -> str:
    if value is None:
        return QCoreApplication.translate("training", "nothing")
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value) or QCoreApplication.translate("training", "none")
    return str(value)


def _short(text: str, limit: int = 110) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _table(headers: tuple[str, ...], name: str) -> QTableWidget:
    """A read-only table driven by the keyboard: arrows move, Tab leaves it."""
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.setAccessibleName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setTabKeyNavigation(False)
    table.setWordWrap(True)
    table.verticalHeader().hide()
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: list[tuple[str, ...]]) -> None:
    table.setRowCount(len(rows))
    headers = [
        (h.text() if (h := table.horizontalHeaderItem(c)) is not None else "") for c in range(table.columnCount())
    ]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QTableWidgetItem(value)
            if not value.strip():  # an empty cell is never a nameless stop for a screen reader
                header = headers[c].replace("&", "") if c < len(headers) else ""
                item.setData(
                    Qt.ItemDataRole.AccessibleTextRole,
                    QCoreApplication.translate("training", "{0}: none").format(header)
                    if header
                    else QCoreApplication.translate("training", "none"),
                )
            table.setItem(r, c, item)
    table.resizeColumnsToContents()
    table.resizeRowsToContents()
    if rows:
        table.setCurrentCell(0, 0)


# ------------------------------------------------------------------ the scenarios


def load_shipped(pack: Pack | None = None) -> tuple[list[Scenario], list[str]]:
    """Every shipped scenario that loads, and the problems of those that do not; with
    ``pack`` (``--training --pack``), those written for its id, taken on that pack."""
    from asbdesk.core.scenarios import ScenarioError, load_scenario, scenarios_for, shipped

    if pack is not None:
        scenarios, errors = scenarios_for(pack)
        return scenarios, [str(error).splitlines()[0] for error in errors]
    found, problems = [], []
    for path in shipped():
        try:
            found.append(load_scenario(path))
        except ScenarioError as error:
            problems.append(str(error).splitlines()[0])
    return found, problems


def save_trainer_sheet(scenario: Scenario) -> Path:
    """The scenario's trainer sheet as a PDF in the documents folder; returns where."""
    from asbdesk.gui.dialogs import free_path
    from asbdesk.gui.documents import write_trainer_sheet_pdf

    path = free_path(paths.documents_dir(), f"trainer-sheet-{scenario.id}", ".pdf")
    write_trainer_sheet_pdf(scenario, path)
    return path


class ScenarioPicker(QDialog):
    """The shipped scenarios (title, pack, channel, seed; rare high-harm calls marked): Enter
    takes the highlighted one, Esc quits, Alt+S saves its trainer sheet (PDF)."""

    def __init__(
        self, scenarios: list[Scenario], problems: list[str] | None = None, current: str | None = None
    ) -> None:
        super().__init__()
        self.scenarios = scenarios
        self.chosen: Scenario | None = None
        self.setWindowTitle(self.tr("{0} — pick a scenario").format(TRAINING_LINE))
        banner = QLabel(self.tr("{0}: pick a scenario").format(TRAINING_LINE))
        banner.setObjectName("trainingBanner")
        self.table = _table(
            (self.tr("Scenario"), self.tr("Pack"), self.tr("Channel"), self.tr("Rare, high harm"), self.tr("Seed")),
            self.tr("Training scenarios"),
        )
        _fill(
            self.table,
            [
                (
                    s.data.title,
                    s.data.pack,
                    self.tr("walk-in") if s.data.channel == "walk-in" else self.tr("phone"),
                    self.tr("RARE, HIGH HARM") if s.data.rare_high_harm else "",
                    _short(s.data.seed),
                )
                for s in scenarios
            ],
        )
        self.table.setWordWrap(False)  # one line a scenario: the whole seed is shown below
        self.table.resizeRowsToContents()
        self.table.setColumnWidth(0, min(self.table.columnWidth(0), 460))
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(lambda _index: self.pick())
        self.objectives = QLabel()
        self.objectives.setWordWrap(True)
        self.objectives.setTextFormat(Qt.TextFormat.RichText)
        self.objectives.setAccessibleName(self._objectives_role())
        self.table.currentCellChanged.connect(lambda *_: self._show_objectives())
        self.saved_to = QLabel()
        self.saved_to.setObjectName("savedTo")
        self.saved_to.setWordWrap(True)
        self.problems = QLabel("\n".join(self.tr("Not offered: {0}").format(p) for p in problems or ()))
        self.problems.setWordWrap(True)
        self.problems.setVisible(bool(problems))
        hint = QLabel(self.tr("Up/Down to choose · Enter to start · Alt+S trainer sheet (PDF) · Esc to quit"))
        hint.setObjectName("keyHint")
        start = QPushButton(self.tr("Start (Enter)"))
        start.setAutoDefault(False)
        start.clicked.connect(self.pick)
        sheet = QPushButton(self.tr("Trainer sheet PDF (Alt+S)"))
        sheet.setAutoDefault(False)
        sheet.clicked.connect(self.save_sheet)
        self.sheet_shortcut = QShortcut(QKeySequence("Alt+S"), self, self.save_sheet)
        quit_ = QPushButton(self.tr("Quit (Esc)"))
        quit_.setAutoDefault(False)
        quit_.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        for button in (start, sheet):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(quit_)
        layout = QVBoxLayout(self)
        layout.addWidget(banner)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.objectives)
        layout.addWidget(self.problems)
        layout.addWidget(hint)
        layout.addWidget(self.saved_to)
        layout.addLayout(buttons)
        self.resize(1200, 640)
        row = next((n for n, s in enumerate(scenarios) if s.id == current), None)
        if row is not None:  # back from a scenario: it is highlighted, Enter takes it again
            self.table.setCurrentCell(row, 0)
        self.table.setFocus()
        self._show_objectives()

    def current(self) -> Scenario | None:
        row = self.table.currentRow()
        return self.scenarios[row] if 0 <= row < len(self.scenarios) else None

    def _show_objectives(self) -> None:
        scenario = self.current()
        if scenario is None:
            show_text(
                self.objectives,
                self._objectives_role(),
                self.tr("No scenario is shipped.") if not self.scenarios else "",
            )
            return
        e = html.escape
        show_text(
            self.objectives,
            self._objectives_role(),
            self.tr("<b>{0}</b> (pack {1})<br><b>Objectives:</b> {2}<br><small><b>Source:</b> {3}</small>").format(
                e(scenario.data.title),
                e(scenario.pack.name),
                e(" · ".join(scenario.data.objectives)),
                e(" ".join(scenario.data.seed.split())),
            ),
        )

    def _objectives_role(self) -> str:
        return self.tr("Learning objectives")

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.pick()  # Enter picks; the dialog has no default button to press instead
            return
        super().keyPressEvent(event)

    def pick(self) -> None:
        scenario = self.current()
        if scenario is None or self.chosen is not None:
            return  # Enter reaches the table (activated) and the dialog: one scenario is taken once
        self.chosen = scenario
        self.accept()

    def save_sheet(self) -> Path | None:
        scenario = self.current()
        if scenario is None:
            return None
        try:
            path = save_trainer_sheet(scenario)
        except OSError as error:
            self.saved_to.setText(self.tr("The trainer sheet was not saved: {0}").format(error))
            return None
        self.saved_to.setText(self.tr("Trainer sheet saved to {0}").format(path))
        return path


# ------------------------------------------------------------------ the caller's words


class CallerSaysPane(QWidget):
    """What the caller says: their name and number as they give them, the opening, what they
    volunteer, and — as the trainee reaches each question — their reply to it. Self-paced:
    the reply to the question on screen is shown at the foot, earlier ones above it."""

    def __init__(self, scenario: Scenario) -> None:
        super().__init__()
        self.scenario = scenario
        self.setObjectName("callerSays")
        self.heard: list[str] = []  # question ids reached, in order
        title = QLabel(self.tr("<b>Caller says</b> (training script)"))
        self.transcript = QTextBrowser()
        self.transcript.setAccessibleName(self.tr("Caller says: what the caller has said so far"))
        self.transcript.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keyboard stays on the call
        self.transcript.setMinimumHeight(110)
        self.now = QLabel()
        self.now.setObjectName("callerSaysNow")
        self.now.setWordWrap(True)
        self.now.setTextFormat(Qt.TextFormat.RichText)
        self.now.setAccessibleName(self._now_role())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(title)
        layout.addWidget(self.transcript, 1)
        layout.addWidget(self.now)
        self.question_id: str | None = None
        self.show_question(None, False, False)

    def opening_html(self) -> str:
        e = html.escape
        d = self.scenario.data
        caller = d.caller
        who = f"{caller.given_name} {caller.family_name}"
        intro = (
            self.tr("“I'm {0}, calling from {1}.”").format(who, caller.phone)
            if caller.phone and d.channel == "phone"
            else self.tr("“My name's {0}.”").format(who)
            + (
                self.tr(" (lives at {0}, {1})").format(caller.address.line1, caller.address.postcode)
                if caller.address
                else ""
            )
        )
        where = self.tr("At the counter") if d.channel == "walk-in" else self.tr("On the phone")
        parts = [f"<p><b>{where}:</b> {e(intro)}</p>"]
        parts.append(f"<p>“{e(' '.join(d.script.opening.split()))}”</p>")
        for line in d.script.volunteers:
            parts.append(self.tr("<p><i>Unasked:</i> “{0}”</p>").format(e(line)))
        return "".join(parts)

    def reply(self, question_id: str) -> str:
        """What the caller says to this question (or that they do not know)."""
        reply = self.scenario.data.script.replies.get(question_id)
        return f"“{reply.says}”" if reply is not None else QCoreApplication.translate("CallerSaysPane", NO_REPLY)

    def show_question(self, question_id: str | None, code_picked: bool, finished: bool) -> None:
        e = html.escape
        pack = self.scenario.pack
        channel = self.scenario.data.channel
        if question_id is not None and question_id not in self.heard:
            self.heard.append(question_id)
        self.question_id = question_id
        earlier = [
            f"<p><small>{e(question_words(pack, q, channel))}</small><br>{e(self.reply(q))}</p>"
            for q in self.heard
            if q != question_id
        ]
        self.transcript.setHtml(self.opening_html() + "".join(earlier))
        bar = self.transcript.verticalScrollBar()
        bar.setValue(bar.maximum())
        if finished:
            text = self.tr("The call is over: the caller thanks you.")
        elif question_id is not None:
            note = (
                ""
                if question_id in self.scenario.data.script.replies
                else self.tr(" <small>(no scripted reply: record what fits, or move on)</small>")
            )
            text = f"<small>{e(question_words(pack, question_id, channel))}</small><br><b>{e(self.reply(question_id))}</b>{note}"
        elif code_picked:
            text = self.tr("Every question asked. Write THRIVE (Ctrl+T), then Ctrl+Enter to finish.")
        elif self.scenario.data.channel == "walk-in":
            text = self.tr(
                "At the front counter: Ctrl+Shift+N for a walk-in, find them by name, then pick the incident code."
            )
        else:
            text = self.tr("Find the caller (Ctrl+N: their number or name), then pick the incident code (Ctrl+I).")
        show_text(self.now, self._now_role(), text)

    def _now_role(self) -> str:
        return self.tr("Caller says, to this question")

    def current_text(self) -> str:
        """The words shown for the question on screen, as plain text."""
        from PySide6.QtGui import QTextDocumentFragment

        return QTextDocumentFragment.fromHtml(self.now.text()).toPlainText()


# ------------------------------------------------------------------ the scorecard


def scorecard_csv(card: Scorecard) -> str:
    """scenario, trainee, date, score, then the item, its result, expected, done, why and the
    source: one row per item (``asbdesk.storage.training.scorecard_csv``)."""
    from asbdesk.storage.training import scorecard_csv as csv_of

    return csv_of(card)


BACK_KEYS = "Ctrl+Shift+S"  # back to the scenario picker, from the desk and from the scorecard


class ScorecardDialog(QDialog):
    """The score, and each expected item met or missed with what was expected, what was done
    and (for a missed one) why, in a sentence, with its source; items that follow from an
    earlier miss, or that the desk does for the trainee, are shown and not counted. Alt+P
    saves a PDF, Alt+C a CSV, Ctrl+Shift+S goes back to the scenarios, Esc closes."""

    def __init__(
        self,
        parent: QWidget | None,
        card: Scorecard,
        scenario: Scenario,
        trainee: str,
        back: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.card, self.scenario, self.trainee = card, scenario, trainee
        self.setWindowTitle(self.tr("{0} — scorecard: {1}").format(TRAINING_LINE, scenario.data.title))
        banner = QLabel(TRAINING_LINE)
        banner.setObjectName("trainingBanner")
        counted = card.counted()
        met = sum(i.met for i in counted)
        self.score = QLabel(
            self.tr("<h2>Score: {0}%</h2><p>{1} of {2} items met · {3} · trainee {4} · taken {5}</p>").format(
                card.score,
                met,
                len(counted),
                html.escape(scenario.data.title),
                html.escape(trainee),
                html.escape(card.taken()),
            )
        )
        self.score_words = self.tr("Score {0} per cent: {1} of {2} items met, {3}, trainee {4}.").format(
            card.score, met, len(counted), scenario.data.title, trainee
        )
        self.score.setAccessibleName(self.score_words)
        self.announcements = new_announcements()
        self.table = _table(
            (
                self.tr("Item"),
                self.tr("Result"),
                self.tr("Expected"),
                self.tr("Done"),
                self.tr("Why (and the source)"),
            ),
            self.tr("Scorecard"),
        )
        _fill(
            self.table,
            [(i.item, i.result.upper(), _shown(i.expected), _shown(i.actual), i.explanation()) for i in card.items],
        )
        for row, item in enumerate(card.items):
            if item.counted and not item.met:
                for column in range(self.table.columnCount()):
                    cell = self.table.item(row, column)
                    if cell is None:
                        continue
                    font = cell.font()
                    font.setBold(True)
                    cell.setFont(font)
        self.table.setWordWrap(True)
        self.table.resizeColumnsToContents()  # again: a missed item is in bold, which is wider
        for column, widest in ((0, 280), (2, 200), (3, 220)):
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), widest))
        # The why takes the rest of the width and wraps: read whole, never cut off at the edge.
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        header.sectionResized.connect(lambda *_: self.table.resizeRowsToContents())
        self.table.resizeRowsToContents()
        extra = []
        if card.elapsed_s is not None:
            extra.append(self.tr("Time taken: {0} s").format(round(card.elapsed_s)))
        if card.keys is not None:
            extra.append(self.tr("Key presses: {0}").format(card.keys))
        self.extra = QLabel(" · ".join(extra))
        self.saved_to = QLabel()
        self.saved_to.setObjectName("savedTo")
        self.saved_to.setWordWrap(True)
        self.saved_to.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QHBoxLayout()
        self.shortcuts: dict[str, QShortcut] = {}
        actions: list[tuple[str, str, str, Callable[[], Any]]] = [
            ("pdf", self.tr("Save as PDF"), "Alt+P", self.save_pdf),
            ("csv", self.tr("Save as CSV"), "Alt+C", self.save_csv),
        ]
        self.back = back
        if back is not None:
            actions.append(("back", self.tr("Back to the scenarios"), BACK_KEYS, self.go_back))
        for key, label, keys, action in actions:
            button = QPushButton(f"{label} ({keys})")
            button.setAutoDefault(False)
            button.clicked.connect(action)
            buttons.addWidget(button)
            self.shortcuts[key] = QShortcut(QKeySequence(keys), self, action)
        buttons.addStretch(1)
        close = QPushButton(self.tr("Close (Esc)"))
        close.setAutoDefault(False)
        close.clicked.connect(self.accept)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(banner)
        layout.addWidget(self.score)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.extra)
        layout.addWidget(self.saved_to)
        layout.addLayout(buttons)
        self.resize(1280, 660)
        self.table.setFocus()

    def showEvent(self, event: Any) -> None:  # noqa: N802 (Qt)
        super().showEvent(event)
        if not self.announcements:  # the score, said once as the scorecard opens
            say(self, self.announcements, self.score_words)
        # The why column's width is known once laid out: the rows grow to show it whole.
        QTimer.singleShot(0, self.table.resizeRowsToContents)

    def go_back(self) -> None:
        """Close the scorecard and go back to the scenario picker."""
        back = self.back
        self.accept()
        if back is not None:
            back()

    def _stem(self) -> str:
        trainee = "".join(c if c.isalnum() or c in "-_" else "-" for c in self.trainee) or "trainee"
        return f"training-scorecard-{self.scenario.id}-{trainee}"

    def save_pdf(self) -> Path | None:
        from asbdesk.gui.dialogs import free_path
        from asbdesk.gui.documents import write_scorecard_pdf
        from asbdesk.storage.in_force import workstation_force

        path = free_path(paths.documents_dir(), self._stem(), ".pdf")
        try:
            force = workstation_force()
            write_scorecard_pdf(self.card, self.scenario, self.trainee, path, force.name if force else "")
        except OSError as error:
            self.saved_to.setText(self.tr("The PDF was not saved: {0}").format(error))
            return None
        self.saved_to.setText(self.tr("Scorecard PDF saved to {0}").format(path))
        return path

    def save_csv(self) -> Path | None:
        from asbdesk.gui.dialogs import free_path

        path = free_path(paths.documents_dir(), self._stem(), ".csv")
        try:
            with paths.open_private(path, "x", encoding="utf-8", newline="") as handle:
                handle.write(scorecard_csv(self.card))
        except OSError as error:
            self.saved_to.setText(self.tr("The CSV was not saved: {0}").format(error))
            return None
        self.saved_to.setText(self.tr("Scorecard CSV saved to {0}").format(path))
        return path


# ------------------------------------------------------------------ training mode in the desk


class _KeyCounter(QObject):
    """Counts the trainee's key presses in the desk and its dialogs: one per key pressed
    (modifiers alone not counted; a shortcut counts, though Qt sends it no KeyPress). Every
    press reaches the focused widget first as a ShortcutOverride, so that is what is counted."""

    def __init__(self, window: QWidget) -> None:
        super().__init__()
        self.window = window
        self.count = 0

    def _ours(self, widget: QWidget) -> bool:
        w: QWidget | None = widget
        while w is not None:
            if w is self.window:
                return True
            w = w.parentWidget()
        return False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt)
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and not event.isAutoRepeat()
            and event.key() not in MODIFIER_KEYS
            and watched is QApplication.focusWidget()
            and isinstance(watched, QWidget)
            and self._ours(watched)
        ):
            self.count += 1
        return False


@dataclass
class TrainingContext:
    """A scenario under way on the desk: the desk calls these hooks. ``sandbox`` is set once
    the sandbox database is open (off the GUI thread); it is discarded when the desk closes."""

    scenario: Scenario
    trainee: str
    sandbox: Sandbox | None = None
    timer: Callable[[], float] = time.monotonic
    record_results: bool = True
    desk: DeskWindow | None = field(default=None, repr=False)
    pane: CallerSaysPane | None = field(default=None, repr=False)
    banner: QLabel | None = field(default=None, repr=False)
    card: Scorecard | None = field(default=None, repr=False)
    result: TrainingResult | None = field(default=None, repr=False)
    scorecard: ScorecardDialog | None = field(default=None, repr=False)
    outbox_file: Path | None = None
    discarded: bool = False
    _counter: _KeyCounter | None = field(default=None, repr=False)
    _started: float = 0.0
    _started_at: datetime | None = None
    _scored: str | None = None  # the session uuid last scored
    _attempt_open: bool = False
    # Back to the scenario picker (Ctrl+Shift+S): set by run_training; None: the desk alone.
    leave: Callable[[], None] | None = field(default=None, repr=False)
    back_action: QAction | None = field(default=None, repr=False)
    confirm: QMessageBox | None = field(default=None, repr=False)

    @property
    def title(self) -> str:
        return training_title(self.scenario)

    @property
    def keys(self) -> int:
        return self._counter.count if self._counter is not None else 0

    def mark(self, text: str) -> str:
        """A log or slip, headed TRAINING — NOT A REAL CALL."""
        return text if not text or text.startswith(TRAINING_LINE) else f"{TRAINING_LINE}\n{text}"

    # ---- the desk's hooks

    def attach(self, desk: DeskWindow) -> None:
        """The desk has built its widgets: a banner above them, the caller's words under the
        question, key presses counted."""
        self.desk = desk
        desk.setWindowTitle(QCoreApplication.translate("TrainingContext", "asbdesk — {0}").format(self.title))
        self.banner = QLabel()
        self.banner.setObjectName("trainingBanner")
        show_text(
            self.banner,
            TRAINING_LINE,
            QCoreApplication.translate("TrainingContext", "{0}   ·   trainee {1}").format(self.title, self.trainee),
        )
        self.banner.setWordWrap(True)
        central = desk.takeCentralWidget()
        frame = QWidget()
        column = QVBoxLayout(frame)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.banner)
        if central is not None:
            column.addWidget(central, 1)
        desk.setCentralWidget(frame)
        self.pane = CallerSaysPane(self.scenario)
        middle = desk.questions.parentWidget()
        layout = middle.layout() if middle is not None else None
        if isinstance(layout, QVBoxLayout):
            layout.insertWidget(layout.indexOf(desk.questions) + 1, self.pane, 1)
        else:  # pragma: no cover - the desk's middle column is a QVBoxLayout
            column.addWidget(self.pane)
        status = QLabel(QCoreApplication.translate("TrainingContext", "TRAINING"))
        status.setObjectName("trainingStatus")
        desk.statusBar().addPermanentWidget(status)
        if self.leave is not None:
            show_text(
                self.banner,
                TRAINING_LINE,
                QCoreApplication.translate(
                    "TrainingContext", "{0}   ·   trainee {1}   ·   {2}: back to the scenarios"
                ).format(self.title, self.trainee, BACK_KEYS),
            )
            menu = desk.menuBar().addMenu(QCoreApplication.translate("TrainingContext", "Training"))
            back = QAction(QCoreApplication.translate("TrainingContext", "Back to the scenarios"), desk)
            back.setShortcut(QKeySequence(BACK_KEYS))
            back.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            back.triggered.connect(lambda _checked=False: self.back_to_scenarios())
            menu.addAction(back)
            desk.addAction(back)
            self.back_action = back
        self._counter = _KeyCounter(desk)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self._counter)

    def bound(self, session: CallSession) -> None:
        """A contact on the desk. The attempt (its time and keys) starts with the first one
        after the desk opens or after a save: Ctrl+N to find the caller, or starting again,
        does not restart the clock."""
        if not self._attempt_open:
            self._attempt_open = True
            self._started = self.timer()
            self._started_at = session.started_at
            if self._counter is not None:
                self._counter.count = 0
        self.changed(session)

    def changed(self, session: CallSession, aspects: frozenset[str] = frozenset()) -> None:
        if self.pane is not None:
            self.pane.show_question(session.current, session.incident_code is not None, session.finished is not None)

    def saved(self, session: CallSession, assessment: Assessment) -> None:
        """The attempt is saved in the sandbox: score it now; the scorecard shows once the
        log is closed; the result is recorded."""
        if self._scored == session.uuid or self.desk is None:
            return
        self._scored = session.uuid
        self._attempt_open = False  # the next contact is a new attempt
        from asbdesk.core.scenarios import score

        desk = self.desk
        card = score(
            self.scenario,
            session.call(desk.clock()),
            dealt_with(session, assessment),
            elapsed_s=round(self.timer() - self._started, 1),
            keys=self.keys,
            trainee=self.trainee,
        )
        self.card = card
        desk.statusBar().showMessage(
            QCoreApplication.translate(
                "TrainingContext", "TRAINING: scored {0}%. Close the log (Esc) to see the scorecard."
            ).format(card.score),
            15000,
        )
        if self.record_results:
            scenario_id, trainee = self.scenario.id, self.trainee
            started_at = self._started_at or datetime.now(UTC)

            def record() -> Any:
                from asbdesk.storage.training import Results

                return Results().record(scenario_id, trainee, started_at, card)

            def recorded(result: Any) -> None:
                self.result = result

            tasks.write(
                record,
                recorded,
                lambda message: desk.statusBar().showMessage(
                    QCoreApplication.translate("TrainingContext", "Result not recorded: {0}").format(message)
                ),
            )
        dialog = desk.log_dialog
        if dialog is not None and dialog.isVisible():
            dialog.saved_to.setText(
                QCoreApplication.translate("TrainingContext", "TRAINING: close the log (Esc) to see your scorecard.")
            )

            def after_log(_result: int) -> None:
                dialog.finished.disconnect(after_log)
                self.show_scorecard()

            dialog.finished.connect(after_log)
        else:
            self.show_scorecard()

    def under_way(self) -> bool:
        """A call on the desk with something recorded (the caller found, a code, an answer,
        a reason, THRIVE, a flag) and not yet saved: leaving would lose it unscored."""
        session = self.desk.session if self.desk is not None else None
        if session is None or session.finished is not None:
            return False
        return bool(
            session.caller.known
            or session.incident_code is not None
            or session.answers
            or session.declined
            or any(text.strip() for text in session.rationale.values())
            or session.flag_requests
        )

    def back_to_scenarios(self) -> None:
        """Ctrl+Shift+S: leave this scenario for the picker. A call under way (not yet saved)
        would not be scored: the trainee is asked first (Enter leaves, Esc stays)."""
        leave, desk = self.leave, self.desk
        if leave is None or desk is None:
            return
        if not self.under_way():
            leave()
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            QCoreApplication.translate("TrainingContext", "{0} — leave the scenario?").format(TRAINING_LINE),
            QCoreApplication.translate(
                "TrainingContext",
                "Leave this scenario for the list of scenarios? The call under way is not saved or scored, and the sandbox goes.\n\nEnter: leave · Esc: stay",
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            desk,
        )
        box.setDefaultButton(QMessageBox.StandardButton.Yes)
        box.setEscapeButton(QMessageBox.StandardButton.No)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        before = QApplication.focusWidget()

        def answered(button: Any) -> None:
            if box.standardButton(button) == QMessageBox.StandardButton.Yes:
                leave()
                return
            desk.activateWindow()  # staying: the cursor back where it was
            if before is not None and desk.isAncestorOf(before):
                before.setFocus()

        box.buttonClicked.connect(answered)
        self.confirm = box
        box.open()  # not exec(): the desk's loop carries on, as it does for the scorecard

    def _back_from_scorecard(self) -> None:
        self.back_to_scenarios()

    def show_scorecard(self) -> None:
        if self.card is None or self.desk is None:
            return
        desk = self.desk
        dialog = ScorecardDialog(
            desk,
            self.card,
            self.scenario,
            self.trainee,
            back=self._back_from_scorecard if self.leave is not None else None,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.scorecard = dialog

        def closed(_result: int) -> None:
            self.scorecard = None
            desk.activateWindow()
            desk.questions.setFocus()

        dialog.finished.connect(closed)
        dialog.open()

    def closed(self) -> None:
        """The desk has closed (its saves and outbox done): the sandbox goes."""
        app = QApplication.instance()
        if self._counter is not None and app is not None:
            app.removeEventFilter(self._counter)
        if self.discarded:
            return
        self.discarded = True  # even with no sandbox yet: one that opens after is deleted at once
        if self.sandbox is None:
            return
        from asbdesk.storage.training import discard_sandbox

        discard_sandbox(self.sandbox)
        if self.outbox_file is not None:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{self.outbox_file}{suffix}").unlink(missing_ok=True)


def dealt_with(session: CallSession, assessment: Assessment) -> tuple[str, ...]:
    """The prompts the trainee dealt with, for the scorecard: those acknowledged by key (Ctrl+K:
    the kinds the desk pins until acknowledged) and every other prompt the saved call showed —
    the desk has no key for those (a crime-recording or repeat-victim prompt is shown in the
    assessment and goes into the log), and it saves nothing until the pinned ones are done."""
    from asbdesk.core.vocabulary import MUST_ACKNOWLEDGE

    keyed = list(session.acknowledged)
    shown = [p.id for p in assessment.prompts if p.kind not in MUST_ACKNOWLEDGE and p.id not in keyed]
    return (*keyed, *shown)


def open_training_backend(scenario: Scenario, trainee: str, now: datetime, url: str | None = None) -> tuple:
    """Off the GUI thread: the sandbox seeded from the scenario, the pack's engine, a saver
    over the sandbox with an outbox in the sandbox's folder, the sandbox's operator."""
    from asbdesk.core.engine import Engine
    from asbdesk.storage.outbox import Outbox, ResilientSaver
    from asbdesk.storage.training import open_sandbox, training_dir

    sandbox = open_sandbox(scenario, trainee, now, url=url)
    outbox = sandbox_folder(sandbox, training_dir()) / f"outbox-{sandbox_stem(sandbox)}.sqlite"
    return sandbox, Engine(scenario.pack), ResilientSaver(sandbox.store, Outbox(outbox)), sandbox.actor, outbox


def sandbox_folder(sandbox: Any, fallback: Path) -> Path:
    """The folder of the sandbox's database file (its SQLite URL), else ``fallback``."""
    from sqlalchemy.engine import make_url

    try:
        database = make_url(str(sandbox.url)).database
    except Exception:  # not a URL SQLAlchemy reads: the training folder
        database = None
    if database and database != ":memory:":
        return Path(database).parent
    return fallback


def sandbox_stem(sandbox: Any) -> str:
    from sqlalchemy.engine import make_url

    try:
        database = make_url(str(sandbox.url)).database
    except Exception:
        database = None
    return Path(database).stem if database else "sandbox"


def training_desk(context: TrainingContext, clock: Callable[[], datetime] | None = None) -> DeskWindow:
    """A desk in training mode (not yet ready: :func:`run_training` opens the sandbox)."""
    from asbdesk.gui.desk import DeskWindow, utc_now

    return DeskWindow(clock=clock or utc_now, training=context)


class TrainingRun:
    """``asbdesk --training``: the scenario picker, then the desk on a sandbox of its own for
    the scenario chosen; Ctrl+Shift+S (on the desk or its scorecard) goes back to the picker
    as often as the trainee likes. Each scenario gets a new sandbox; the one left goes with
    its desk. Esc in the picker ends training."""

    def __init__(self, trainee: str, pack: Pack | None = None) -> None:
        self.trainee = trainee
        self.pack = pack
        self.window: DeskWindow | None = None
        self.picker: ScenarioPicker | None = None
        self.status = {"code": 0}
        self._shipped: tuple[list[Scenario], list[str]] | None = None

    def shipped(self) -> tuple[list[Scenario], list[str]]:
        if self._shipped is None:
            self._shipped = load_shipped(self.pack)
        return self._shipped

    def pick(self, current: str | None = None) -> ScenarioPicker:
        """The picker, shown (not modal: the desk it replaces is closed behind it), with
        ``current`` (the scenario just left) highlighted."""
        scenarios, problems = self.shipped()
        picker = ScenarioPicker(scenarios, problems, current)
        picker.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        picker.accepted.connect(lambda: self._picked(picker))
        picker.destroyed.connect(lambda *_: self._forget(picker))
        self.picker = picker
        picker.show()
        picker.raise_()
        picker.activateWindow()
        return picker

    def _forget(self, picker: ScenarioPicker) -> None:
        if self.picker is picker:
            self.picker = None

    def _picked(self, picker: ScenarioPicker) -> None:
        if picker.chosen is not None:
            self.start(picker.chosen)  # shown before the picker goes: the application carries on

    def back(self) -> None:
        """Back to the picker: it is shown first, then the desk closes (its saves finish, its
        sandbox is deleted)."""
        window = self.window
        self.window = None
        self.pick(window.training.scenario.id if window is not None and window.training is not None else None)
        if window is not None:
            window.close()
            window.deleteLater()

    def start(self, scenario: Scenario) -> DeskWindow:
        """The desk for ``scenario``: it paints, then its sandbox is opened behind it."""
        trainee = self.trainee
        status = self.status
        context = TrainingContext(scenario, trainee, leave=self.back)
        window = training_desk(context)
        window.resize(1360, 860)
        window.show()
        window.raise_()
        window.activateWindow()
        self.window = window

        def failed(message: str) -> None:
            status["code"] = status["code"] or 1
            print(f"asbdesk: cannot start the training desk: {message}", file=sys.stderr)
            window.statusBar().showMessage(
                QCoreApplication.translate("TrainingRun", "Cannot start the training desk: {0}").format(message)
            )
            if context.banner is not None:
                show_text(
                    context.banner,
                    TRAINING_LINE,
                    QCoreApplication.translate("TrainingRun", "{0} — cannot start: {1}").format(TRAINING_LINE, message),
                )

        def opened(backend: tuple) -> None:
            sandbox, engine, saver, actor, outbox = backend
            context.sandbox, context.outbox_file = sandbox, outbox
            if context.discarded:  # left for the picker before the sandbox was open
                from asbdesk.storage.training import discard_sandbox

                saver.outbox.close()
                discard_sandbox(sandbox)
                for suffix in ("", "-wal", "-shm", "-journal"):
                    Path(f"{outbox}{suffix}").unlink(missing_ok=True)
                return
            from asbdesk.storage.in_force import workstation_force

            window.ready(engine, saver, actor, None, workstation_force())  # the force on the slip, as on the live desk
            window.statusBar().showMessage(
                QCoreApplication.translate("TrainingRun", "{0}: the caller's words are under the question. ").format(
                    TRAINING_LINE
                )
                + (
                    QCoreApplication.translate("TrainingRun", "Ctrl+Shift+N for a walk-in, then find them.")
                    if scenario.data.channel == "walk-in"
                    else QCoreApplication.translate("TrainingRun", "Ctrl+N to find them.")
                )
                + QCoreApplication.translate("TrainingRun", " {0}: back to the scenarios.").format(BACK_KEYS),
                15000,
            )

        def open_backend() -> tuple:
            from asbdesk.storage.training import SandboxRefused

            try:
                return open_training_backend(scenario, trainee, datetime.now(UTC))
            except SandboxRefused as error:
                status["code"] = 2
                from asbdesk.storage.database import StorageError

                raise StorageError(str(error)) from None

        def painted() -> None:
            window.build()
            tasks.run(open_backend, opened, failed)

        window.first_painted.connect(painted)
        return window


def run_training(scenario_id: str | None, trainee: str, trainer: bool = False, pack: Pack | None = None) -> int:
    """``asbdesk --training``: the scenario picker (or the scenario given), then the desk on
    a sandbox of its own, back to the picker by Ctrl+Shift+S; ``trainer=True``: the trainer's
    view. ``pack`` (``--pack``): the scenarios written for its id, taken on that pack (a force
    trying its own). Returns the exit status."""
    from asbdesk.gui.app import application

    app = application()
    if trainer:
        from asbdesk.storage.database import StorageError
        from asbdesk.storage.training import Results

        try:
            results = Results()
        except StorageError as error:
            print(f"asbdesk: {error}", file=sys.stderr)
            return 2
        trainer_window = TrainerWindow(results)
        trainer_window.resize(1200, 760)
        trainer_window.show()
        return app.exec()
    from asbdesk.core.scenarios import ScenarioError, find_scenario, load_scenario

    run = TrainingRun(trainee, pack)
    if scenario_id is None:
        scenarios, problems = run.shipped()
        if pack is not None and not scenarios and not problems:
            print(f"asbdesk: no training scenario is written for pack '{pack.id}'", file=sys.stderr)
            return 2
        from asbdesk.storage.training import sweep_stale_sandboxes

        sweep_stale_sandboxes(datetime.now(UTC))  # left by a desk that was killed, not closed
        run.pick()
    else:
        try:
            scenario = load_scenario(find_scenario(scenario_id), {pack.id: pack} if pack is not None else None)
        except ScenarioError as error:
            print(str(error), file=sys.stderr)
            return 2
        if pack is not None and scenario.pack.id != pack.id:
            print(
                f"asbdesk: --pack: scenario '{scenario.id}' is written for pack '{scenario.data.pack}'", file=sys.stderr
            )
            return 2
        from asbdesk.storage.training import sweep_stale_sandboxes

        sweep_stale_sandboxes(datetime.now(UTC))  # left by a desk that was killed, not closed
        run.start(scenario)
    result = app.exec()
    return run.status["code"] or result


# ------------------------------------------------------------------ the trainer's view


def _when(value: Any) -> str:
    if isinstance(value, datetime):
        from asbdesk.gui.words import local_text

        return local_text(value)
    return "" if value is None else str(value)


def _number(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.1f}".rstrip("0").rstrip(".")
    return str(value)


def _attempt_row(result: TrainingResult) -> tuple[str, ...]:
    """One attempt: when it finished, trainee, scenario, score, items missed, time, keys."""
    missed = result.missed()
    return (
        _when(result.finished_at),
        result.trainee,
        result.scenario,
        f"{result.score}%",
        "; ".join(missed) if missed else QCoreApplication.translate("training", "none"),
        _number(result.elapsed_s),
        _number(result.keys),
    )


class TrainerWindow(QMainWindow):
    """The trainer's view: results by trainee and by scenario, every attempt (newest first),
    the items most often missed. Alt+T/Alt+S/Alt+A/Alt+M switch tables, Ctrl+R reads them
    again, Ctrl+Shift+C exports every attempt as CSV to the documents folder, Ctrl+W closes."""

    def __init__(self, results: Results) -> None:
        super().__init__()
        self.results = results
        self.setWindowTitle(self.tr("asbdesk — trainer's view: training results (not real calls)"))
        banner = QLabel(self.tr("Trainer's view: training results (TRAINING — NOT REAL CALLS)"))
        banner.setObjectName("trainingBanner")
        self.by_trainee = _table(
            (self.tr("Trainee"), self.tr("Attempts"), self.tr("Average"), self.tr("Best"), self.tr("Last attempt")),
            self.tr("Results by trainee"),
        )
        self.by_scenario = _table(
            (self.tr("Scenario"), self.tr("Attempts"), self.tr("Average"), self.tr("Best"), self.tr("Last attempt")),
            self.tr("Results by scenario"),
        )
        self.attempts = _table(
            (
                self.tr("Finished"),
                self.tr("Trainee"),
                self.tr("Scenario"),
                self.tr("Score"),
                self.tr("Missed"),
                self.tr("Time (s)"),
                self.tr("Keys"),
            ),
            self.tr("Every attempt, newest first"),
        )
        self.missed = _table(
            (self.tr("Item"), self.tr("Missed"), self.tr("Attempts"), self.tr("Missed in")),
            self.tr("Items most often missed"),
        )
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Training results (Alt+T, Alt+S, Alt+A, Alt+M)"))
        for table, title in (
            (self.by_trainee, self.tr("By &trainee")),
            (self.by_scenario, self.tr("By &scenario")),
            (self.attempts, self.tr("&Attempts")),
            (self.missed, self.tr("&Most missed")),
        ):
            self.tabs.addTab(table, title)
        self.tabs.currentChanged.connect(self._tab_changed)
        hint = QLabel(
            self.tr(
                "Alt+T by trainee · Alt+S by scenario · Alt+A every attempt · Alt+M most missed · Ctrl+R read again · Ctrl+Shift+C export CSV · Ctrl+W close"
            )
        )
        hint.setObjectName("keyHint")
        frame = QWidget()
        layout = QVBoxLayout(frame)
        layout.addWidget(banner)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(hint)
        self.setCentralWidget(frame)
        menu = self.menuBar().addMenu(self.tr("Training"))
        for text, keys, slot in (
            (self.tr("Read the results again"), "Ctrl+R", self.refresh),
            (self.tr("Export every attempt as CSV"), "Ctrl+Shift+C", self.export_csv),
            (self.tr("Close"), "Ctrl+W", self.close),
        ):
            action = menu.addAction(text)
            action.setShortcut(QKeySequence(keys))
            action.triggered.connect(lambda _checked=False, run=slot: run())
        self.refresh()
        self.by_trainee.setFocus()

    def _tab_changed(self, index: int) -> None:
        table = self.tabs.widget(index)
        if table is not None:
            table.setFocus()

    def refresh(self) -> None:
        r = self.results
        self._summary(self.by_trainee, r.by_trainee(), "trainee")
        self._summary(self.by_scenario, r.by_scenario(), "scenario")
        attempts = [_attempt_row(a) for a in reversed(r.all())]  # oldest first: newest at the top
        _fill(self.attempts, attempts)
        _fill(
            self.missed,
            [
                (
                    str(m["item"]),
                    str(m["missed"]),
                    str(m["attempts"]),
                    self.tr("{0}% of attempts").format(round(100 * float(m["rate"])))
                    if m.get("rate") is not None
                    else "",
                )
                for m in r.most_missed(20)
            ],
        )
        self.statusBar().showMessage(self.tr("{0} attempt(s) recorded.").format(len(attempts)), 8000)

    @staticmethod
    def _summary(table: QTableWidget, rows: list[dict[str, Any]], key: str) -> None:
        _fill(
            table,
            [
                (
                    str(row.get(key, "")),
                    str(row.get("attempts", "")),
                    f"{_number(row.get('average'))}%" if row.get("average") is not None else "",
                    f"{_number(row.get('best'))}%" if row.get("best") is not None else "",
                    _when(row.get("last_at")),
                )
                for row in rows
            ],
        )

    def export_csv(self) -> Path | None:
        from asbdesk.gui.dialogs import free_path

        path = free_path(paths.documents_dir(), "training-results", ".csv")
        try:
            text = self.results.csv()
            with paths.open_private(path, "x", encoding="utf-8", newline="") as handle:
                handle.write(text)
        except OSError as error:
            self.statusBar().showMessage(self.tr("The results were not exported: {0}").format(error))
            return None
        self.statusBar().showMessage(self.tr("Results exported to {0}").format(path))
        self.exported_to = path
        return path
