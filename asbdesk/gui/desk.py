"""The desk: one call from Ctrl+N to the saved, graded log, keyboard only.

A thin Qt view over :class:`asbdesk.core.session.CallSession` (the call) and the
storage layer (the caller, saving). Storage work runs off the GUI thread; the
session is pure Python and answers within a frame.
"""

from __future__ import annotations

import html
from datetime import datetime, timezone
from typing import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from typing import TYPE_CHECKING

from asbdesk.gui import tasks
from asbdesk.gui.history_model import HistoryModel

if TYPE_CHECKING:  # the engine, pydantic and SQLAlchemy load after the window has painted
    from asbdesk.core.engine import Assessment, Engine
    from asbdesk.core.session import CallSession
    from asbdesk.storage.outbox import ResilientSaver
    from asbdesk.storage.records import Actor, CallerContext, FlagRequest, PersonSummary, SaveResult


def _said_in_words(error: Exception) -> bool:
    """A SessionError: the operator cannot do this now, and the message says why."""
    return isinstance(error, _late().session.SessionError)


def _late():
    """The domain modules, imported on first use (after first paint)."""
    from types import SimpleNamespace

    from asbdesk.core import render, session
    from asbdesk.core.call import HistoryItem
    from asbdesk.storage import records

    return SimpleNamespace(render=render, session=session, HistoryItem=HistoryItem, records=records)


# Colour backs up the words (RISK: HIGH ...), never replaces them.
LEVEL_COLOUR = {"standard": "#1b5e20", "medium": "#8a5300", "high": "#b00020"}
RAG_WORDS = {"green": "GREEN", "amber": "AMBER", "red": "RED"}


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


class QuestionView(QWidget):
    """One generic view for every question the engine shows (not a class per question)."""

    moved = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.session: CallSession | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Question")
        self.position = QLabel()
        self.position.setObjectName("questionPosition")
        self.text = QLabel()
        self.text.setObjectName("questionText")
        self.text.setWordWrap(True)
        self.help = QLabel()
        self.help.setObjectName("questionHelp")
        self.help.setWordWrap(True)
        self.options = QListWidget()
        self.options.setAccessibleName("Options")
        self.options.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.entry = QLineEdit()
        self.entry.setAccessibleName("Answer")
        self.entry.returnPressed.connect(self._commit_text)
        self.keys = QLabel()
        self.keys.setObjectName("keyHint")
        layout = QVBoxLayout(self)
        for widget in (self.position, self.text, self.help, self.options, self.entry, self.keys):
            layout.addWidget(widget)
        layout.addStretch(1)

    def bind(self, session: CallSession) -> None:
        self.session = session
        self.refresh()

    def refresh(self) -> None:
        session = self.session
        question = session.question() if session else None
        if question is None:
            done = session is not None and session.incident_code is not None
            self.position.setText("All questions passed: Ctrl+Enter to finish and save" if done else "")
            self.text.setText("" if done else "Pick the incident code to bring up its questions.")
            for widget in (self.help, self.options, self.entry):
                widget.hide()
            self.keys.setText("")
            return
        ids = session.visible_ids()
        mandatory = " — mandatory" if question.mandatory else ""
        who = " (your judgement)" if question.audience == "operator" else ""
        self.position.setText(f"Question {ids.index(question.id) + 1} of {len(ids)}{mandatory}{who}")
        text = question.text_in_person if session.channel == "walk-in" and question.text_in_person else question.text
        self.text.setText(text)
        self.text.setAccessibleName(f"Question: {text}")
        self.help.setText(question.help or "")
        self.help.setVisible(bool(question.help))
        answer = session.answers.get(question.id)
        declined = session.declined.get(question.id)
        self.options.clear()
        if question.type in ("yes_no", "single", "multi"):
            chosen = set(answer) if isinstance(answer, tuple) else {("yes" if answer else "no") if isinstance(answer, bool) else answer}
            for n, option in enumerate(question.options, 1):
                key = ("Y" if option.id == "yes" else "N") if question.type == "yes_no" else str(n)
                mark = "☑" if option.id in chosen else "☐"
                self.options.addItem(f"{mark}  [{key}]  {option.label}")
            self.options.show()
            self.entry.hide()
            keys = "Y / N" if question.type == "yes_no" else f"1–{len(question.options)}"
            if question.type == "multi":
                keys += " (toggle)"
        else:
            self.options.hide()
            self.entry.show()
            self.entry.setText("" if answer is None else str(answer))
            keys = "type, then Enter"
        state = f"   Declined: {declined.replace('_', ' ')}" if declined else ""
        self.keys.setText(f"{keys} · Enter next · Ctrl+Backspace back · Ctrl+D declined / not safe to ask{state}")
        if question.type in ("text", "number", "date") and self.isVisible():
            self.entry.setFocus()

    def _commit_text(self) -> None:
        question = self.session.question() if self.session else None
        if question is None:
            return
        raw = self.entry.text().strip()
        value: object = raw or None
        if raw and question.type == "number":
            try:
                value = float(raw) if "." in raw else int(raw)
            except ValueError:
                self.window().statusBar().showMessage(f"'{raw}' is not a number", 6000)
                return
        try:
            self.session.answer(value)
            self._next()
        except Exception as error:  # SessionError: said in words
            if not _said_in_words(error):
                raise
            self.window().statusBar().showMessage(str(error), 8000)

    def _next(self) -> None:
        try:
            self.session.next()
        except Exception as error:  # SessionError: said in words
            if not _said_in_words(error):
                raise
            self.window().statusBar().showMessage(str(error), 8000)
        self.moved.emit()
        if not self.entry.isVisible():
            self.setFocus()

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt)
        session = self.session
        if session is None or session.question() is None:
            return super().keyPressEvent(event)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            self._next()
        elif event.key() == Qt.Key.Key_Backspace and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            session.back()
            self.moved.emit()
        elif event.text() and session.key(event.text()):
            pass
        else:
            super().keyPressEvent(event)


class DeskWindow(QMainWindow):
    """The call handler's screen. Call :meth:`ready` once the pack and database are open."""

    def __init__(self, clock: Callable[[], datetime] = utc_now) -> None:
        super().__init__()
        self.clock = clock
        self.setWindowTitle("asbdesk")
        self.engine: Engine | None = None
        self.saver: ResilientSaver | None = None
        self.actor: Actor | None = None
        self.session: CallSession | None = None
        self.context: CallerContext | None = None
        self.last_saved: SaveResult | None = None
        self.last_log = ""
        self.last_slip = ""
        self.flag_requests: list[FlagRequest] = []
        self.recoverable: dict | None = None
        self._build()
        self.statusBar().showMessage("Opening the database and the policy pack…")

    # ------------------------------------------------------------------ layout

    def _build(self) -> None:
        self.recover_bar = QPushButton()
        self.recover_bar.setObjectName("recoverBar")
        self.recover_bar.setAccessibleName("Carry on with the unfinished contact")
        self.recover_bar.clicked.connect(self.recover_draft)
        self.recover_bar.hide()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Caller: phone number, name or postcode")
        self.search.setAccessibleName("Find caller by phone, name or postcode")
        self.results = QListWidget()
        self.results.setAccessibleName("Matching callers")
        self.flag_banner = QLabel()
        self.flag_banner.setObjectName("flagBanner")
        self.flag_banner.setWordWrap(True)
        self.flag_banner.setAccessibleName("Active flags")
        self.flag_banner.hide()
        self.repeat = QLabel()
        self.repeat.setObjectName("repeatStatus")
        self.repeat.setWordWrap(True)
        self.person_history = HistoryModel()
        self.place_history = HistoryModel()
        tabs = QTabWidget()
        for model, title in ((self.person_history, "Caller's history"), (self.place_history, "Address history")):
            view = QTableView()
            view.setModel(model)
            view.setWordWrap(False)
            view.verticalHeader().hide()
            model.modelReset.connect(view.resizeColumnsToContents)
            view.setAccessibleName(title)
            view.horizontalHeader().setStretchLastSection(True)
            tabs.addTab(view, title)
        left = QWidget()
        column = QVBoxLayout(left)
        for widget in (self.search, self.results, self.flag_banner, self.repeat, tabs):
            column.addWidget(widget)

        self.code = QComboBox()
        self.code.setEditable(True)
        self.code.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.code.setAccessibleName("Incident code")
        self.code.lineEdit().setPlaceholderText("Incident code: type to filter")
        self.questions = QuestionView()
        self.finish = QPushButton("Finish and save (Ctrl+Enter)")
        self.finish.setAccessibleName("Finish and save the graded log")
        self.finish.clicked.connect(self.finish_call)
        middle = QWidget()
        centre = QVBoxLayout(middle)
        centre.addWidget(self.recover_bar)
        centre.addWidget(self.code)
        centre.addWidget(self.questions, 1)
        centre.addWidget(self.finish)

        self.panel = QLabel()
        self.panel.setObjectName("assessment")
        self.panel.setWordWrap(True)
        self.panel.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.panel.setAccessibleName("Live assessment")
        self.panel.setTextFormat(Qt.TextFormat.RichText)

        # THRIVE: the operator's rationale, in the log under these headings (seed 001).
        self.thrive: dict[str, QLineEdit] = {}
        right = QWidget()
        side = QVBoxLayout(right)
        scroll = QScrollArea()
        scroll.setWidget(self.panel)
        scroll.setWidgetResizable(True)  # long prompt lists scroll; the window keeps its size
        side.addWidget(scroll, 1)
        form = QFormLayout()
        for heading in ("threat", "harm", "risk", "investigation", "vulnerability", "engagement"):
            edit = QLineEdit()
            edit.setAccessibleName(f"THRIVE {heading}")
            edit.editingFinished.connect(lambda h=heading, e=edit: self._rationale(h, e.text()))
            self.thrive[heading] = edit
            form.addRow(heading.capitalize(), edit)
        side.addLayout(form)

        split = QSplitter()
        for widget in (left, middle, right):
            split.addWidget(widget)
        split.setSizes([360, 520, 400])
        self.setCentralWidget(split)
        self.setTabOrder(self.search, self.results)
        self.setTabOrder(self.results, self.code)
        self.setTabOrder(self.code, self.questions)
        self.setTabOrder(self.questions, self.finish)

        self._search_timer = QTimer(self, singleShot=True, interval=200)
        self._search_timer.timeout.connect(self._run_search)
        self.search.textEdited.connect(lambda _: self._search_timer.start())
        self.search.returnPressed.connect(self._pick_first_result)
        self.results.itemActivated.connect(lambda item: self._load_caller(item.data(Qt.ItemDataRole.UserRole)))
        self.code.activated.connect(self._pick_code)
        self.code.lineEdit().returnPressed.connect(self._pick_typed_code)
        self.questions.moved.connect(self._save_draft)
        QShortcut(QKeySequence("Ctrl+N"), self, self.new_contact)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.finish_call)
        QShortcut(QKeySequence("Ctrl+Enter"), self, self.finish_call)
        QShortcut(QKeySequence("Ctrl+D"), self, self.decline)
        QShortcut(QKeySequence("Ctrl+Shift+N"), self, lambda: self.new_contact("walk-in"))
        QShortcut(QKeySequence("Ctrl+O"), self, self.open_override)
        QShortcut(QKeySequence("Ctrl+F"), self, self.open_flag_request)
        QShortcut(QKeySequence("Ctrl+R"), self, self.recover_draft)
        QShortcut(QKeySequence("Ctrl+P"), self, self.open_new_person)
        self.channel_label = QLabel()
        self.channel_label.setObjectName("channel")
        self.statusBar().addPermanentWidget(self.channel_label)
        self.status_db = QLabel()
        self.statusBar().addPermanentWidget(self.status_db)

    # ------------------------------------------------------------------ wiring

    def ready(self, engine: Engine, saver: ResilientSaver, actor: Actor) -> None:
        self.engine, self.saver, self.actor = engine, saver, actor
        pack = engine.pack
        self.person_history._labels = self.place_history._labels = {c: pack.codes[c].label for c in pack.codes}
        self.code.clear()
        for code in pack.codes.values():
            self.code.addItem(f"{code.code} — {code.label}", code.code)
        self.code.setCurrentIndex(-1)
        completer = QCompleter(self.code.model(), self.code)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.code.setCompleter(completer)
        self.status_db.setText(
            f"{saver.store.description} · operator {actor.username} · pack {pack.id} {pack.version}"
        )
        self.statusBar().showMessage("Ready: Ctrl+N for a new contact, Ctrl+Shift+N for a walk-in", 5000)
        self.new_contact()
        store = saver.store
        tasks.run(lambda: store.drafts(actor), self._offer_draft, lambda _message: None)
        outbox = saver.outbox
        tasks.run(lambda: len(outbox), self._show_outbox, lambda _message: None)  # a file: not on the GUI thread

    def new_contact(self, channel: str = "phone") -> None:
        if self.engine is None:
            return
        self.session = _late().session.CallSession(self.engine, self.clock(), channel)
        self.session.subscribe(self._session_changed)
        self.context = None
        self.flag_requests = []
        self.channel_label.setText("WALK-IN (front counter)" if channel == "walk-in" else "PHONE")
        self.search.clear()
        self.results.clear()
        self.flag_banner.hide()
        self.repeat.setText("No caller picked yet.")
        self.person_history.set_rows(())
        self.place_history.set_rows(())
        for edit in self.thrive.values():
            edit.clear()
        self.code.setCurrentIndex(-1)
        self.code.setEditText("")
        self.questions.bind(self.session)
        self._show_assessment(None)
        self.search.setFocus()

    def _session_changed(self, aspects: frozenset[str]) -> None:
        session = _late().session
        QUESTION, ANSWERS, ASSESSMENT = session.QUESTION, session.ANSWERS, session.ASSESSMENT  # noqa: N806
        if aspects & {QUESTION, ANSWERS}:
            self.questions.refresh()
        if ASSESSMENT in aspects:
            self._show_assessment(self.session.assessment)
        if ANSWERS in aspects:
            self._save_draft()

    # ------------------------------------------------------------------ caller

    def _run_search(self) -> None:
        text = self.search.text()
        saver, actor = self.saver, self.actor
        tasks.run(lambda: saver.store.find_callers(actor, text), self._show_results, self._failed)

    def _show_results(self, people: list[PersonSummary]) -> None:
        self.results.clear()
        for person in people:
            place = person.locations[0] if person.locations else None
            where = f", {place.line1}, {place.postcode}" if place else ""
            self.results.addItem(f"{person.name}{where}")
            self.results.item(self.results.count() - 1).setData(Qt.ItemDataRole.UserRole, person.id)
        if people:
            self.results.setCurrentRow(0)

    def _pick_first_result(self) -> None:
        if self._search_timer.isActive():
            self._search_timer.stop()
            text = self.search.text()
            saver, actor = self.saver, self.actor
            tasks.run(lambda: saver.store.find_callers(actor, text), lambda people: (self._show_results(people), self._pick_first_result()), self._failed)
            return
        item = self.results.currentItem()
        if item is not None:
            self._load_caller(item.data(Qt.ItemDataRole.UserRole))

    def _load_caller(self, person_id: int) -> None:
        saver, actor, engine, now = self.saver, self.actor, self.engine, self.clock()
        tasks.run(lambda: saver.caller_context(actor, person_id, now, engine), self._show_caller, self._failed)

    def _show_caller(self, context: CallerContext) -> None:
        self.context = context
        if context.flags:
            lines = []
            for flag in context.flags:
                on = {"person": "caller", "phone": "phone number", "location": "address"}[flag.subject]
                parts = [f"<b>FLAG — {flag.kind.replace('_', ' ').upper()}</b> (on the {on})"]
                for label, value in (("Negate risk", flag.negate_risk), ("Attending officer", flag.officer_action), ("Inform", flag.inform)):
                    if value:
                        parts.append(f"{label}: {html.escape(value)}")
                lines.append("<br>".join(parts))
            self.flag_banner.setText("<br><br>".join(lines))
            self.flag_banner.setAccessibleDescription(self.flag_banner.text())
            self.flag_banner.show()
        else:
            self.flag_banner.hide()
        late = _late()
        render, session_module, HistoryItem = late.render, late.session, late.HistoryItem  # noqa: N806
        incomplete = "" if context.complete else " — OFFLINE: history may be incomplete"
        self.repeat.setText(f"{context.person.name}: {render.repeat_status(context.repeat)}{incomplete}")
        self.person_history.set_rows(context.history)
        self.place_history.set_rows(context.location_history)
        location = context.person.locations[0].id if context.person.locations else None
        history = tuple(HistoryItem(h.started_at, h.incident_code, h.reference) for h in context.history)
        kinds = tuple(sorted({flag.kind for flag in context.flags}))
        self.session.set_caller(session_module.Caller(context.person.id, location, history, kinds))
        self.code.setFocus()

    # ------------------------------------------------------------------ the call

    def _pick_code(self, index: int) -> None:
        code = self.code.itemData(index)
        if code is None:
            return
        self.session.pick_code(code)
        self.questions.setFocus()
        self.questions.refresh()

    def _pick_typed_code(self) -> None:
        """Enter in the code box picks the first code whose text contains what was typed."""
        typed = self.code.currentText().strip().lower()
        for index in range(self.code.count()):
            if typed and typed in self.code.itemText(index).lower():
                self.code.setCurrentIndex(index)
                self._pick_code(index)
                return
        self.statusBar().showMessage(f"No incident code matches '{typed}'", 6000)

    def decline(self) -> None:
        if self.session is None or self.session.question() is None:
            return
        reasons = self.engine.pack.data.pack.decline_reasons
        from PySide6.QtWidgets import QInputDialog

        label, ok = QInputDialog.getItem(self, "Not answered", "Why is there no answer?", [r.label for r in reasons], 0, False)
        if ok:
            self.session.decline(next(r.id for r in reasons if r.label == label))
            self.questions.setFocus()

    def _show_assessment(self, a: Assessment | None) -> None:
        if a is None:
            self.panel.setText("<p>The assessment appears here as answers come in.</p>")
            return
        esc = html.escape
        repeat_status = _late().render.repeat_status
        colour = LEVEL_COLOUR.get(a.level, "#000")
        rows = [f"<h2 style='color:{colour}'>Risk: {esc(a.level_label.upper())}</h2>"]
        if a.section_labels:
            sections = ", ".join(f"{esc(a.section_labels[s])} {v}" for s, v in a.sections.items())
            rows.append(f"<p>Matrix score <b>{a.score}</b> of {a.score_range[1]} ({sections})</p>")
        if a.decision_table:
            rows.append(f"<p>Decision table: {esc(a.level_labels[a.decision_level]) if a.decision_level else 'not completed'}</p>")
        rows.append(f"<p>Repeat: {esc(repeat_status(a.repeat))}</p>")
        rows.append(f"<p>Vulnerable: <b>{'YES' if a.vulnerable else 'no indicator recorded'}</b></p>")
        for prompt in a.prompts:
            rows.append(
                f"<p class='prompt'><b>{esc(prompt.kind.replace('_', ' ').upper())}</b>: {esc(prompt.text)}"
                f"<br><small>{esc(prompt.source)}</small></p>"
            )
        rows.append(f"<p>Grade: <b>{esc(a.grade_label)}</b> · RAG: <b>{RAG_WORDS[a.rag]}</b></p>")
        if a.response:
            rows.append("<p><b>Response</b></p><ul>" + "".join(f"<li>{esc(line)}</li>" for line in a.response) + "</ul>")
        if a.referrals:
            rows.append("<p><b>Referrals</b></p><ul>" + "".join(f"<li>{esc(r.line())}</li>" for r in a.referrals) + "</ul>")
        if a.unanswered_mandatory:
            rows.append(f"<p>Still needed: {len(a.unanswered_mandatory)} mandatory question(s)</p>")
        self.panel.setText("".join(rows))

    def _save_draft(self) -> None:
        if self.session is None or self.saver is None:
            return
        draft, saver, actor = self.session.to_draft(), self.saver, self.actor
        tasks.write(lambda: saver.store.save_draft(actor, draft["uuid"], draft), lambda _: None, lambda _message: None)

    def finish_call(self) -> None:
        session = self.session
        if session is None or session.incident_code is None:
            self.statusBar().showMessage("Pick the incident code first.", 6000)
            return
        now = self.clock()
        try:
            assessment, text = session.finish(now)
        except Exception as error:  # SessionError: said in words
            if not _said_in_words(error):
                raise
            self.statusBar().showMessage(str(error), 10000)
            return
        record = _late().records.ContactRecord(
            uuid=session.uuid,
            started_at=session.started_at,
            saved_at=now,
            assessment=assessment.to_dict(),
            answers={k: list(v) if isinstance(v, tuple) else v for k, v in session.answers.items()},
            log_text=text,
            person_id=session.caller.person_id,
            location_id=session.caller.location_id,
            flag_requests=tuple(self.flag_requests),
        )
        saver, actor = self.saver, self.actor
        def save():
            result = saver.save(actor, record)
            return result, len(saver.outbox)

        tasks.write(save, lambda done: self._saved(done[0], text, done[1]), self._failed)

    def _saved(self, result: SaveResult, text: str, waiting: int) -> None:
        render = _late().render
        self.last_saved = result
        reference = result.reference or f"(queued: {result.uuid[:8]})"
        if result.queued:
            self.statusBar().showMessage("Shared database unreachable: the log is kept in the outbox and will be sent.", 15000)
            self.last_log = text
        else:
            self.last_log = text.replace(render.REFERENCE_PLACEHOLDER, result.reference)
            self.statusBar().showMessage(f"Saved {result.reference}", 15000)
        self.last_slip = ""
        if self.session.channel == "walk-in":
            self.last_slip = render.walk_in_slip(self.session.engine.assess(self.session.call(self.clock())), reference)
        self._show_outbox(waiting)
        previous = getattr(self, "log_dialog", None)
        if previous is not None:
            try:
                previous.close()  # deletes itself on close
            except RuntimeError:
                pass  # already closed and deleted by Qt
        from asbdesk.gui.dialogs import LogDialog

        self.log_dialog = LogDialog(self, self.last_log, self.last_slip)
        self.log_dialog.open()

    def _show_outbox(self, waiting: int) -> None:
        where = self.saver.store.description
        state = f"OFFLINE: {waiting} log(s) waiting to send" if waiting else "connected"
        self.status_db.setText(f"{where} ({state}) · operator {self.actor.username} · pack {self.engine.pack.id} {self.engine.pack.version}")

    # ------------------------------------------------------------------ override, flags, drafts

    def open_override(self) -> None:
        if self.session is None or self.session.assessment is None:
            self.statusBar().showMessage("Pick the incident code first.", 6000)
            return
        from asbdesk.gui.dialogs import OverrideDialog

        dialog = OverrideDialog(self, self.session)
        if dialog.exec() == dialog.DialogCode.Accepted:
            self.statusBar().showMessage("Override recorded: it goes to a supervisor for review.", 8000)

    def open_flag_request(self) -> None:
        if self.session is None:
            return
        from asbdesk.gui.dialogs import FlagDialog

        dialog = FlagDialog(self, self.session.caller, self.context)
        if dialog.exec() == dialog.DialogCode.Accepted and dialog.request is not None:
            self.flag_requests.append(dialog.request)
            self.statusBar().showMessage("Flag requested: a supervisor will authorise it when the log is saved.", 8000)

    def _rationale(self, heading: str, text: str) -> None:
        if self.session is not None and self.session.rationale.get(heading, "") != text:
            self.session.set_rationale(heading, text)

    def open_new_person(self) -> None:
        """A caller not yet known: add them, then carry on as if found."""
        if self.saver is None:
            return
        from asbdesk.gui.dialogs import PersonDialog

        dialog = PersonDialog(self)
        dialog.open()

    def add_person(self, person, dialog) -> None:
        saver, actor = self.saver, self.actor

        def added(summary) -> None:
            dialog.accept()
            self._load_caller(summary.id)

        tasks.write(lambda: saver.store.add_person(actor, person), added, dialog.refused)

    def _offer_draft(self, drafts: list) -> None:
        if not drafts:
            return
        _uuid, updated, payload = drafts[-1]
        self.recoverable = payload
        self.recover_bar.setText(f"An unfinished contact from {updated.strftime('%d %b %H:%M')} was kept: Ctrl+R to carry on with it")
        self.recover_bar.show()

    def recover_draft(self) -> None:
        if not self.recoverable:
            return
        try:
            session = _late().session.CallSession.from_draft(self.engine, self.recoverable)
        except Exception as error:  # SessionError: said in words
            if not _said_in_words(error):
                raise
            self.statusBar().showMessage(str(error), 10000)
            return
        self.session = session
        session.subscribe(self._session_changed)
        self.channel_label.setText("WALK-IN (front counter)" if session.channel == "walk-in" else "PHONE")
        if session.incident_code:
            index = self.code.findData(session.incident_code)
            self.code.setCurrentIndex(index)
        self.questions.bind(session)
        self._show_assessment(session.assessment)
        self.recover_bar.hide()
        self.recoverable = None
        self.questions.setFocus()
        self.statusBar().showMessage("Unfinished contact restored: every answer is back.", 8000)

    def _failed(self, message: str) -> None:
        self.statusBar().showMessage(message, 15000)

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt)
        # Let drafts and saves in flight finish before the window (and the app) goes.
        tasks.wait_for_all(10_000)
        super().closeEvent(event)
