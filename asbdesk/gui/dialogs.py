"""The desk's dialogs: the graded log, override, consent decision, flag request, new caller.

Loaded when first opened, so the desk paints without them. Every dialog is driven
by keyboard alone: each button has its own Alt key, text boxes let Tab move on, and
Ctrl+Enter accepts in every dialog that has an OK (each says so); every widget that takes
the focus has a name a screen reader says (issue 23).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFont, QFontDatabase, QFontInfo, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from asbdesk import paths
from asbdesk.core.vocabulary import FLAG_KINDS
from asbdesk.gui.domain import late, said_in_words
from asbdesk.gui.i18n import refusal_words
from asbdesk.gui.words import flag_kind_words, phone_text

if TYPE_CHECKING:
    from asbdesk.core.session import CallSession
    from asbdesk.storage.records import NewPerson

    # What the new-caller form hands its person to: the desk's add_person, which saves
    # off the GUI thread and then calls dialog.accept() or dialog.refused(message).
    AddPerson = Callable[[NewPerson, "PersonDialog"], None]


def fixed_font() -> QFont:
    """The log and the slip line up in columns: a monospace font. The platform's fixed
    font first; where it resolves to a proportional one (some minimal platforms), the
    first installed fixed-pitch family."""
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    if QFontInfo(font).fixedPitch():
        return font
    families = QFontDatabase.families()
    preferred = ("DejaVu Sans Mono", "Noto Sans Mono", "Liberation Mono", "Consolas", "Courier New", "Menlo")
    for family in (*[f for f in preferred if f in families], *families):
        if QFontDatabase.isFixedPitch(family):
            font = QFont(family, font.pointSize())
            break
    font.setStyleHint(QFont.StyleHint.Monospace)
    font.setFixedPitch(True)
    return font


def free_path(folder: Path, stem: str, suffix: str) -> Path:
    """``folder/stem.suffix``, or ``stem-2``, ``stem-3``… if taken: never overwrite a saved log."""
    path = folder / f"{stem}{suffix}"
    n = 2
    while path.exists():
        path = folder / f"{stem}-{n}{suffix}"
        n += 1
    return path


class LogDialog(QDialog):
    """The graded log as text: Copy (for command and control), Save, Print, Save as PDF;
    at the front counter also the slip for the member of the public. Files go to the
    user's documents folder and the dialog says where.

    The desk keeps one and shows each call's log in it (:meth:`show_log`): a new dialog
    per call cost PySide6 6.11 about 200 references to None each time one was shown."""

    def __init__(self, parent: QWidget, text: str = "", slip: str = "", name: str = "graded-log") -> None:
        super().__init__(parent)
        self.log, self.slip, self.name, self.header = "", "", name, ""
        # The slip in each language the pack offers, the force's default first; Alt+W goes to
        # the next (issue 23.3: the person at the counter may ask for Welsh or English).
        self.slips: dict[str, str] = {}
        self.slip_language = ""
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        # Read-only text takes no keys by default: PgDown, arrows and Ctrl+End read the whole
        # log from the keyboard (the desk is keyboard-only), and a screen reader follows.
        self.text.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByKeyboard | Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.text.setFont(fixed_font())
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.text.setAccessibleName(self.tr("Graded log text"))
        self.saved_to = QLabel()
        self.saved_to.setObjectName("savedTo")
        self.saved_to.setWordWrap(True)
        self.saved_to.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        # Each button has its own Alt key, as an explicit shortcut: a mnemonic ("&Save")
        # does not fire while the read-only log text has the focus, which it has.
        actions = [
            ("copy", self.tr("Copy"), "Alt+C", self.copy),
            ("save", self.tr("Save text"), "Alt+S", lambda: self.save_text()),
            ("print", self.tr("Print…"), "Alt+P", lambda: self._print(self.log)),
            ("pdf", self.tr("Save as PDF"), "Alt+D", lambda: self.save_pdf()),
            ("slip", self.tr("Print slip…"), "Alt+L", lambda: self._print(self.slip) if self.slip else None),
            (
                "slip_pdf",
                self.tr("Slip as PDF"),
                "Alt+I",
                lambda: self.save_pdf(self.slip, f"{self.name}-slip") if self.slip else None,
            ),
            ("slip_language", self.tr("Slip language"), "Alt+W", self.next_slip_language),
        ]
        self.shortcuts: dict[str, QShortcut] = {}
        for key, label, keys, action in actions:
            button = QPushButton(f"{label} ({keys})")
            button.setAutoDefault(False)
            button.clicked.connect(action)
            self.shortcuts[key] = QShortcut(QKeySequence(keys), self, action)
            buttons.addWidget(button)
            self.buttons[key] = button
        buttons.addStretch(1)
        close = QPushButton(self.tr("Close (Esc)"))
        close.clicked.connect(self.accept)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(self.saved_to)
        layout.addLayout(buttons)
        self.resize(760, 680)
        self.show_log(text, slip, name)

    def show_log(
        self,
        text: str,
        slip: str = "",
        name: str = "graded-log",
        header: str = "",
        slips: dict[str, str] | None = None,
    ) -> None:
        """Put this call's log (and slip, at the front counter) in the dialog. ``header`` heads
        the log's PDF: the force's name from the site (issue 19). ``slips``: the slip in each
        language the pack offers ('both', 'cy', 'en'), the default first; with more than one,
        Alt+W changes the language the slip prints in."""
        self.log, self.slip, self.name, self.header = text, slip, name, header
        self.slips = dict(slips or {})
        self.slip_language = next((lang for lang, words in self.slips.items() if words == slip), "")
        self.setWindowTitle(self.tr("Graded log {0}").format(name))
        self.text.setPlainText(text)
        self._say("")
        for key in ("slip", "slip_pdf"):
            self.buttons[key].setVisible(bool(slip))
            self.shortcuts[key].setEnabled(bool(slip))
        choice = bool(slip) and len(self.slips) > 1 and bool(self.slip_language)
        self.buttons["slip_language"].setVisible(choice)
        self.shortcuts["slip_language"].setEnabled(choice)
        self._name_slip_language()
        self.text.setFocus()

    def _language_words(self, lang: str) -> str:
        return {
            "both": self.tr("Welsh and English"),
            "cy": self.tr("Welsh"),
            "en": self.tr("English"),
        }.get(lang, lang)

    def _name_slip_language(self) -> None:
        """The button says the language the slip prints in now, and the key that changes it."""
        self.buttons["slip_language"].setText(
            self.tr("Slip in {0} (Alt+W)").format(self._language_words(self.slip_language))
        )

    def next_slip_language(self) -> None:
        """The slip in the next language the pack offers (Welsh and English, Welsh, English)."""
        if len(self.slips) < 2 or self.slip_language not in self.slips:
            return
        order = list(self.slips)
        self.slip_language = order[(order.index(self.slip_language) + 1) % len(order)]
        self.slip = self.slips[self.slip_language]
        self._name_slip_language()
        self._say(self.tr("The slip prints in {0}.").format(self._language_words(self.slip_language)))

    def _say(self, words: str) -> None:
        """Where the log went. The line takes the focus on a click (its path can be copied), so
        it is shown only with words in it: never a focusable label with nothing to name it."""
        self.saved_to.setText(words)
        self.saved_to.setVisible(bool(words))

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.log)
        self._say(self.tr("Copied: paste it into command and control."))

    def save_text(self) -> Path:
        path = free_path(paths.documents_dir(), self.name, ".txt")
        with paths.open_private(path, "x", encoding="utf-8") as handle:  # 0600: a log holds personal data
            handle.write(self.log)
        self._say(self.tr("Saved to {0}").format(path))
        return path

    def save_pdf(self, text: str | None = None, stem: str | None = None) -> Path:
        path = free_path(paths.documents_dir(), stem or self.name, ".pdf")
        paths.create_private_file(path)  # 0600 before Qt writes it (Qt keeps an existing file's mode)
        self.pdf_to(str(path), text)
        self._say(self.tr("PDF saved to {0}").format(path))
        return path

    def pdf_to(self, path: str, text: str | None = None) -> None:
        from PySide6.QtGui import QPageLayout, QPageSize, QTextDocument
        from PySide6.QtPrintSupport import QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(path)
        printer.setPageLayout(
            QPageLayout(
                QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait, printer.pageLayout().margins()
            )
        )
        document = QTextDocument()
        font = fixed_font()
        font.setPointSize(9)
        document.setDefaultFont(font)
        if text is None:  # the log: headed by the force, as a partner reads it
            text = f"{self.header}\n\n{self.log}" if self.header else self.log
        document.setPlainText(text)
        document.print_(printer)

    def _print(self, text: str) -> None:
        from PySide6.QtGui import QTextDocument
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter()
        if QPrintDialog(printer, self).exec() == QDialog.DialogCode.Accepted:
            document = QTextDocument()
            document.setDefaultFont(fixed_font())
            document.setPlainText(text)
            document.print_(printer)


class PersonDialog(QDialog):
    """A new caller: name, phone number, address. Every field that cannot be used is named
    at once, in words, marked on screen and in its accessible description, and the cursor
    goes to the first; everything typed stays in the form (issue 23.4)."""

    def __init__(self, parent: QWidget, add_person: AddPerson) -> None:
        super().__init__(parent)
        self.add_person = add_person
        self.adding = False  # a save is on its way: a second Enter must not add the caller twice
        self.setWindowTitle(self.tr("New caller"))
        self.setMinimumWidth(460)
        self.fields: dict[str, QLineEdit] = {}
        self.labels: dict[str, str] = {}
        form = QFormLayout()
        for key, label in (
            ("given", self.tr("&Given name")),
            ("family", self.tr("&Family name")),
            ("phone", self.tr("&Phone number")),
            ("line1", self.tr("&Address (first line)")),
            ("town", self.tr("&Town")),
            ("postcode", self.tr("P&ostcode")),
        ):
            edit = QLineEdit()
            edit.setAccessibleName(label.replace("&", ""))
            self.fields[key] = edit
            self.labels[key] = label.replace("&", "")
            caption = QLabel(label)
            caption.setBuddy(edit)
            form.addRow(caption, edit)
        key_hint = QLabel(self.tr("Tab moves on · Enter or Ctrl+Enter adds the caller · Esc cancels"))
        key_hint.setObjectName("keyHint")
        # No fixed accessible name: a screen reader reads the problem itself. Plain text: what
        # was typed is quoted back and must not be taken for markup.
        self.problem = QLabel()
        self.problem.setObjectName("problem")
        self.problem.setWordWrap(True)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert ok is not None  # the box was made with an OK button
        ok.setText(self.tr("A&dd caller (Ctrl+Enter)"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.submit)
        # The message has a row of its own between the form and the buttons: a long
        # refusal wraps there instead of running over OK/Cancel.
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(key_hint)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)

    def problems(self) -> dict[str, str]:
        """Each field that cannot be used, by key, with why in words, in the form's order: the
        same rules the store applies (a name, a UK number, an address with its postcode)."""
        from asbdesk.core.normalise import NormaliseError, phone_e164, postcode

        f = {k: e.text().strip() for k, e in self.fields.items()}
        found: dict[str, str] = {}
        if not (f["given"] or f["family"]):
            needed = self.tr("required (one of them at least)")
            found["given"] = found["family"] = needed
        if f["phone"]:
            try:
                phone_e164(f["phone"])
            except NormaliseError as error:
                found["phone"] = refusal_words(error)
        if f["line1"] or f["town"] or f["postcode"]:  # an address is being given: all of it
            if not f["line1"]:
                found["line1"] = self.tr("required with an address")
            if not f["postcode"]:
                found["postcode"] = self.tr("required with an address (e.g. LS1 4AP)")
            else:
                try:
                    postcode(f["postcode"])
                except NormaliseError as error:
                    found["postcode"] = refusal_words(error)
        return found

    def submit(self) -> None:
        if self.adding:
            return
        found = self.problems()
        for key, edit in self.fields.items():
            self._mark(edit, found.get(key, ""))
        if found:
            # Both names missing is one problem, said once, with both fields marked.
            no_name = "given" in found and found.get("family") == found["given"]
            lines = [
                self.tr("{0}: {1}").format(
                    self.tr("Given name or family name") if no_name and key == "given" else self.labels[key], words
                )
                for key, words in found.items()
                if not (no_name and key == "family")
            ]
            self.problem.setText("\n".join(lines))
            self.fields[next(iter(found))].setFocus(Qt.FocusReason.OtherFocusReason)
            self.adjustSize()
            return
        records = late().records
        f = {k: e.text().strip() for k, e in self.fields.items()}
        addresses = (records.AddressInput(f["line1"], f["postcode"], f["town"]),) if f["line1"] or f["postcode"] else ()
        self.adding = True
        self.problem.setText(self.tr("Adding…"))
        self.add_person(
            records.NewPerson(f["given"], f["family"], (f["phone"],) if f["phone"] else (), addresses), self
        )

    @staticmethod
    def _mark(edit: QLineEdit, problem: str) -> None:
        """Highlight a bad field (ui/desk.qss styles ``invalid``) and say why to a screen reader."""
        edit.setProperty("invalid", bool(problem))
        edit.setAccessibleDescription(problem)
        style = edit.style()
        style.unpolish(edit)  # a dynamic property is styled only once the widget is polished again
        style.polish(edit)

    def refused(self, message: str) -> None:
        self.adding = False
        self.problem.setText(message)  # the form keeps what was typed
        self.adjustSize()


class ReasonEdit(QPlainTextEdit):
    """A written reason: Tab moves on (it does not type a tab); Ctrl+Enter accepts."""

    def __init__(self) -> None:
        super().__init__()
        self.setTabChangesFocus(True)


class WrittenDecisionDialog(QDialog):
    """A decision the operator records with a written reason: labelled fields, a reason box
    (Tab moves on), the problem said in words, Ctrl+Enter or the OK button's Alt key records,
    Esc cancels. Subclasses give the fields and ``record()``, which raises SessionError."""

    def __init__(
        self,
        parent: QWidget,
        session: CallSession,
        title: str,
        ok_text: str,
        rows: tuple[tuple[str, QWidget], ...],
        hint: str,
        intro: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.session = session
        self.setWindowTitle(title)
        self.problem = QLabel()
        self.problem.setObjectName("problem")
        self.problem.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert ok is not None  # the box was made with an OK button
        self.ok = ok
        self.ok.setText(ok_text)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        if intro:
            what = QLabel(intro)
            what.setWordWrap(True)
            form.addRow(what)
        for label, widget in rows:
            caption = QLabel(label)
            caption.setBuddy(widget)
            form.addRow(caption, widget)
        key_hint = QLabel(hint)
        key_hint.setObjectName("keyHint")
        form.addRow(key_hint)
        form.addRow(self.problem)
        form.addRow(self.buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self._accept)

    def record(self) -> None:  # pragma: no cover - each dialog records its own decision
        raise NotImplementedError

    def _accept(self) -> None:
        try:
            self.record()
        except Exception as error:  # SessionError: said in words
            if not said_in_words(error):
                raise
            self.problem.setText(refusal_words(error))
            return
        self.accept()


class OverrideDialog(WrittenDecisionDialog):
    """Override the risk level or the grade: Record stays off until a reason is written."""

    def __init__(self, parent: QWidget, session: CallSession) -> None:
        pack = session.pack
        self.field = QComboBox()
        # The widgets are made before the dialog (QDialog's __init__ takes them): the
        # words are looked up by context name, not self.tr().
        self.field.setAccessibleName(QCoreApplication.translate("OverrideDialog", "What to override"))
        self.field.addItem(QCoreApplication.translate("OverrideDialog", "Risk level"), "risk_level")
        self.field.addItem(QCoreApplication.translate("OverrideDialog", "Grade"), "grade")
        self.value = QComboBox()
        self.value.setAccessibleName(QCoreApplication.translate("OverrideDialog", "Chosen value"))
        self.reason = ReasonEdit()
        self.reason.setAccessibleName(
            QCoreApplication.translate("OverrideDialog", "Reason for the override (required)")
        )
        self.reason.setPlaceholderText(
            QCoreApplication.translate("OverrideDialog", "Why? (required; a supervisor reviews every override)")
        )
        super().__init__(
            parent,
            session,
            QCoreApplication.translate("OverrideDialog", "Override"),
            QCoreApplication.translate("OverrideDialog", "&Record override"),
            (
                (QCoreApplication.translate("OverrideDialog", "&Override"), self.field),
                (QCoreApplication.translate("OverrideDialog", "&To"), self.value),
                (QCoreApplication.translate("OverrideDialog", "R&eason"), self.reason),
            ),
            QCoreApplication.translate("OverrideDialog", "Tab moves on · Ctrl+Enter or Alt+R records · Esc cancels"),
        )
        computed = session.assessment

        def fill() -> None:
            self.value.clear()
            if self.field.currentData() == "risk_level":
                for level in pack.data.levels:
                    self.value.addItem(level.label, level.id)
                current = computed.level if computed else None
            else:
                for grade in pack.grade_order:
                    self.value.addItem(grade.label, grade.id)
                current = computed.grade if computed else None
            if current is not None:
                self.value.setCurrentIndex(max(0, self.value.findData(current)))

        self.field.currentIndexChanged.connect(lambda _: fill())
        fill()
        self.reason.textChanged.connect(self._check)
        self._check()

    def _check(self) -> None:
        self.ok.setEnabled(bool(self.reason.toPlainText().strip()))

    def record(self) -> None:
        self.session.set_override(self.field.currentData(), self.value.currentData(), self.reason.toPlainText())


class ConsentDialog(WrittenDecisionDialog):
    """A referral that shares the caller's information was not made for want of consent
    (seed 003 para 34): write why, or share it anyway on a lawful basis, written."""

    def __init__(self, parent: QWidget, session: CallSession, prompt) -> None:
        self.referral_id = session.referral_for(prompt)
        self.choice = QComboBox()
        self.choice.setAccessibleName(
            QCoreApplication.translate("ConsentDialog", "Not made, or shared on a lawful basis")
        )
        self.choice.addItem(QCoreApplication.translate("ConsentDialog", "Not made – write why"), False)
        self.choice.addItem(
            QCoreApplication.translate(
                "ConsentDialog", "Share without consent – write the lawful basis (e.g. safeguarding)"
            ),
            True,
        )
        self.text = ReasonEdit()
        self.text.setAccessibleName(
            QCoreApplication.translate(
                "ConsentDialog", "Why it was not made, or the lawful basis for sharing (required)"
            )
        )
        self.text.setPlaceholderText(
            QCoreApplication.translate("ConsentDialog", "Required, in words (at least 10 characters)")
        )
        super().__init__(
            parent,
            session,
            QCoreApplication.translate("ConsentDialog", "Referral not made: no consent"),
            QCoreApplication.translate("ConsentDialog", "&Record"),
            (
                (QCoreApplication.translate("ConsentDialog", "&Decision"), self.choice),
                (QCoreApplication.translate("ConsentDialog", "&Why"), self.text),
            ),
            QCoreApplication.translate(
                "ConsentDialog", "Type why · Alt+D to share instead · Ctrl+Enter or Alt+R records · Esc cancels"
            ),
            intro=prompt.text,
        )
        self.text.setFocus()

    def record(self) -> None:
        self.session.record_consent_decision(self.referral_id, bool(self.choice.currentData()), self.text.toPlainText())


class FlagDialog(QDialog):
    """Request a flag; it goes on the call (shown at once, kept in the draft, printed in
    the log) and is saved with the log as 'requested' for a supervisor to authorise."""

    KINDS = FLAG_KINDS  # shown in words: flag_kind_words, "Vulnerable victim"

    def __init__(self, parent: QWidget, session: CallSession) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Request a flag"))
        self.session = session
        caller = session.caller
        self.kind = QComboBox()
        self.kind.setAccessibleName(self.tr("Flag type"))
        for kind in self.KINDS:
            self.kind.addItem(flag_kind_words(kind).capitalize(), kind)
        self.subject = QComboBox()
        self.subject.setAccessibleName(self.tr("Flag on"))
        if caller.person_id is not None:
            self.subject.addItem(self.tr("the caller"), "person")
        if caller.location_id is not None:
            self.subject.addItem(self.tr("the address {0}").format(caller.address), "location")
        if caller.phone:
            self.subject.addItem(self.tr("the phone number {0}").format(phone_text(caller.phone)), "phone")
        self.fields: dict[str, QLineEdit] = {}
        form = QFormLayout(self)
        for label, widget in ((self.tr("T&ype"), self.kind), (self.tr("&On"), self.subject)):
            caption = QLabel(label)
            caption.setBuddy(widget)
            form.addRow(caption, widget)
        # The information seed 002 lists for a Storm flag.
        for key, label in (
            ("negate_risk", self.tr("Information to &negate risk")),
            ("officer_action", self.tr("&Action for the attending officer")),
            ("inform", self.tr("&Who must be informed")),
            ("linked_references", self.tr("&Linked references")),
        ):
            edit = QLineEdit()
            edit.setAccessibleName(label.replace("&", ""))
            self.fields[key] = edit
            caption = QLabel(label)
            caption.setBuddy(edit)
            form.addRow(caption, edit)
        key_hint = QLabel(self.tr("Tab moves on · Ctrl+Enter or Alt+R requests the flag · Esc cancels"))
        key_hint.setObjectName("keyHint")
        form.addRow(key_hint)
        self.problem = QLabel()
        self.problem.setObjectName("problem")
        self.problem.setWordWrap(True)
        form.addRow(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert ok is not None  # the box was made with an OK button
        self.ok = ok
        self.ok.setText(self.tr("&Request flag"))
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        # Enter in a line edit presses the default button; Ctrl+Enter records as in every
        # other dialog of the desk (it did nothing here before issue 23).
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self._accept)
        if self.subject.count() == 0:
            self.ok.setEnabled(False)
            self.problem.setText(self.tr("Find the caller first: a flag needs a person, an address or a phone number."))

    def _accept(self) -> None:
        if not self.ok.isEnabled():  # nothing to put the flag on: the problem already says so
            return
        values = {k: e.text().strip() for k, e in self.fields.items()}
        request = late().RequestedFlag(kind=self.kind.currentData(), on=self.subject.currentData(), **values)
        try:
            self.session.request_flag(request)
        except Exception as error:  # SessionError: said in words
            if not said_in_words(error):
                raise
            self.problem.setText(refusal_words(error))
            return
        self.accept()
