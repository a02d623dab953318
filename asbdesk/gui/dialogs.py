"""The desk's dialogs: the graded log, override, flag request, new caller.

Loaded when first opened, so the desk paints without them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from asbdesk.gui.desk import _late, _said_in_words

if TYPE_CHECKING:
    from asbdesk.core.session import Caller, CallSession
    from asbdesk.gui.desk import DeskWindow
    from asbdesk.storage.records import CallerContext, FlagRequest


class LogDialog(QDialog):
    """The graded log as text: Copy (for command and control), Save, Print, Save as PDF;
    at the front counter also the slip for the member of the public."""

    def __init__(self, parent: QWidget, text: str, slip: str = "") -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # one call's log does not outlive it
        self.setWindowTitle("Graded log")
        self.log, self.slip = text, slip
        self.text = QPlainTextEdit(text)
        self.text.setReadOnly(True)
        self.text.setAccessibleName("Graded log text")
        buttons = QHBoxLayout()
        for label, action in (
            ("&Copy", lambda: QGuiApplication.clipboard().setText(text)),
            ("&Save…", self._save),
            ("&Print…", lambda: self._print(self.log)),
            ("Save as P&DF…", self._pdf),
        ):
            button = QPushButton(label)
            button.clicked.connect(action)
            buttons.addWidget(button)
        if slip:
            button = QPushButton("Print &slip…")
            button.setAccessibleName("Print the slip for the member of the public")
            button.clicked.connect(lambda: self._print(self.slip))
            buttons.addWidget(button)
        buttons.addStretch(1)
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addLayout(buttons)
        self.resize(720, 640)

    def save_to(self, path: str) -> None:
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(self.log)

    def pdf_to(self, path: str, text: str | None = None) -> None:
        from PySide6.QtGui import QFont, QPageLayout, QPageSize, QTextDocument
        from PySide6.QtPrintSupport import QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(path)
        printer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait, printer.pageLayout().margins()))
        document = QTextDocument()
        document.setDefaultFont(QFont("DejaVu Sans Mono", 9))
        document.setPlainText(text if text is not None else self.log)
        document.print_(printer)

    def _save(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save the graded log", "graded-log.txt", "Text (*.txt)")
        if path:
            self.save_to(path)

    def _pdf(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save the graded log as PDF", "graded-log.pdf", "PDF (*.pdf)")
        if path:
            self.pdf_to(path)

    def _print(self, text: str) -> None:
        from PySide6.QtGui import QTextDocument
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter()
        if QPrintDialog(printer, self).exec() == QDialog.DialogCode.Accepted:
            document = QTextDocument()
            document.setPlainText(text)
            document.print_(printer)


class PersonDialog(QDialog):
    """A new caller: name, phone number, address. A bad number or postcode is refused in
    words and everything typed stays in the form."""

    def __init__(self, desk: DeskWindow) -> None:
        super().__init__(desk)
        self.desk = desk
        self.setWindowTitle("New caller")
        self.fields: dict[str, QLineEdit] = {}
        form = QFormLayout(self)
        for key, label in (("given", "Given name"), ("family", "Family name"), ("phone", "Phone number"),
                           ("line1", "Address (first line)"), ("town", "Town"), ("postcode", "Postcode")):
            edit = QLineEdit()
            edit.setAccessibleName(label)
            self.fields[key] = edit
            form.addRow(label, edit)
        self.problem = QLabel()
        self.problem.setObjectName("problem")
        self.problem.setWordWrap(True)
        form.addRow(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def submit(self) -> None:
        records = _late().records
        f = {k: e.text().strip() for k, e in self.fields.items()}
        addresses = (records.AddressInput(f["line1"], f["postcode"], f["town"]),) if f["line1"] or f["postcode"] else ()
        self.problem.setText("Adding…")
        self.desk.add_person(records.NewPerson(f["given"], f["family"], (f["phone"],) if f["phone"] else (), addresses), self)

    def refused(self, message: str) -> None:
        self.problem.setText(message)  # the form keeps what was typed


class OverrideDialog(QDialog):
    """Override the risk level or the grade: OK stays off until a reason is written."""

    def __init__(self, parent: QWidget, session: CallSession) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Override")
        pack = session.pack
        self.field = QComboBox()
        self.field.setAccessibleName("What to override")
        self.field.addItem("Risk level", "risk_level")
        self.field.addItem("Grade", "grade")
        self.value = QComboBox()
        self.value.setAccessibleName("Chosen value")
        self.reason = QPlainTextEdit()
        self.reason.setAccessibleName("Reason for the override (required)")
        self.reason.setPlaceholderText("Why? (required; a supervisor reviews every override)")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Override", self.field)
        form.addRow("To", self.value)
        form.addRow("Reason", self.reason)
        form.addRow(self.buttons)

        def fill() -> None:
            self.value.clear()
            if self.field.currentData() == "risk_level":
                for level in pack.data.levels:
                    self.value.addItem(level.label, level.id)
            else:
                for grade in pack.data.grading.grades:
                    self.value.addItem(grade.label, grade.id)

        self.field.currentIndexChanged.connect(lambda _: fill())
        fill()
        self.reason.textChanged.connect(self._check)
        self._check()

    def _check(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.reason.toPlainText().strip()))

    def _accept(self) -> None:
        try:
            self.session.set_override(self.field.currentData(), self.value.currentData(), self.reason.toPlainText())
        except Exception as error:  # SessionError: said in words
            if not _said_in_words(error):
                raise
            self.reason.setPlaceholderText(str(error))
            return
        self.accept()


class FlagDialog(QDialog):
    """Request a flag; it is saved with the log as 'requested' for a supervisor to authorise."""

    KINDS = (("vulnerable_victim", "Vulnerable victim"), ("repeat_victim", "Repeat victim"),
             ("warning_marker", "Warning marker"), ("location", "Location"))

    def __init__(self, parent: QWidget, caller: Caller, context: CallerContext | None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Request a flag")
        self.request: FlagRequest | None = None
        self.caller, self.context = caller, context
        self.kind = QComboBox()
        self.kind.setAccessibleName("Flag type")
        for kind, label in self.KINDS:
            self.kind.addItem(label, kind)
        self.subject = QComboBox()
        self.subject.setAccessibleName("Flag on")
        if caller.person_id is not None:
            self.subject.addItem("the caller", "person")
        if caller.location_id is not None:
            self.subject.addItem("the address", "location")
        if context and context.person.phones:
            self.subject.addItem(f"the phone number {context.person.phones[0]}", "phone")
        self.fields = {}
        form = QFormLayout(self)
        form.addRow("Type", self.kind)
        form.addRow("On", self.subject)
        # The information seed 002 lists for a Storm flag.
        for key, label in (("negate_risk", "Information to negate risk"), ("officer_action", "Action for the attending officer"),
                           ("inform", "Who must be informed"), ("linked_references", "Linked references")):
            edit = QLineEdit()
            edit.setAccessibleName(label)
            self.fields[key] = edit
            form.addRow(label, edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        if self.subject.count() == 0:
            buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
            form.addRow(QLabel("Find the caller first: a flag needs a person, an address or a phone number."))

    def _accept(self) -> None:
        on = self.subject.currentData()
        values = {k: e.text().strip() for k, e in self.fields.items()}
        self.request = _late().records.FlagRequest(
            kind=self.kind.currentData(),
            person_id=self.caller.person_id if on == "person" else None,
            location_id=self.caller.location_id if on == "location" else None,
            phone=self.context.person.phones[0] if on == "phone" and self.context else None,
            **values,
        )
        self.accept()
