"""Welsh (issue 23 item 3): every word a person reads in the GUI goes through tr().

The checker parses each ``asbdesk/gui/*.py`` (ast, nothing imported or run) and names, by
file:line, each string literal or f-string a person reads that is not the text of a
``tr(...)``, ``QCoreApplication.translate(...)`` or ``QT_TRANSLATE_NOOP(...)`` (the forms
``pyside6-lupdate`` collects for translators). A person reads:

- the text arguments of Qt's text calls (``setText``, ``setWindowTitle``, ``addTab``,
  ``QMessageBox.warning`` …) and of the constructors of widgets that show words (``QLabel``,
  ``QPushButton``, ``QAction`` …);
- what a model's ``data()`` / ``headerData()`` returns;
- what a signal for the operator's eyes or ears emits (its name says status, speak, refused …);
- everything that flows into those: a local variable or list built up and then shown, a
  module-level table or constant shown, a helper function whose result is shown, a parameter
  a helper shows (its callers' arguments), an attribute ``self.x`` shown.

A literal that is not words is allowed by :func:`allowed` (its rule and reasons are there).
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeGuard

import pytest

GUI = Path(__file__).resolve().parents[2] / "asbdesk" / "gui"

TEXT_CALLS = frozenset(
    {
        "setText",
        "setWindowTitle",
        "setPlaceholderText",
        "setToolTip",
        "setStatusTip",
        "setWhatsThis",
        "setAccessibleName",
        "setAccessibleDescription",
        "showMessage",
        "setTitle",
        "addTab",
        "insertTab",
        "setTabText",
        "setTabToolTip",
        "addItem",
        "addItems",
        "insertItem",
        "insertItems",
        "setItemText",
        "setHorizontalHeaderLabels",
        "setVerticalHeaderLabels",
        "setHeaderData",
        "addMenu",
        "addAction",
        "addButton",
        "addRow",
        "insertRow",
        "setLabelText",
        "setPrefix",
        "setSuffix",
        "setSpecialValueText",
        "setPlainText",
        "appendPlainText",
        "insertPlainText",
        "setHtml",
        "setMarkdown",
        "setInformativeText",
        "setDetailedText",
        "setStringList",
        "setButtonText",
        "setPlaceholder",
    }
)
# Widgets (and a few Qt objects) whose constructor takes words a person reads.
TEXT_CONSTRUCTORS = frozenset(
    {
        "QLabel",
        "QPushButton",
        "QToolButton",
        "QCheckBox",
        "QRadioButton",
        "QGroupBox",
        "QMenu",
        "QAction",
        "QCommandLinkButton",
        "QMessageBox",
        "QTableWidgetItem",
        "QListWidgetItem",
        "QTreeWidgetItem",
        "QStandardItem",
        "QProgressDialog",
    }
)
# Where a call's words are when not every argument is words (the rest: data, widgets, roles).
TEXT_POSITIONS = {
    "addItem": {0},
    "insertItem": {1},
    "setItemText": {1},
    "addTab": {1},
    "insertTab": {2},
    "setTabText": {1},
    "setTabToolTip": {1},
    "setHeaderData": {2},
    "addRow": {0},
    "insertRow": {1},
    "addButton": {0},
    "showMessage": {0},
}
# Calls whose result is made of their arguments' words.
PASS_THROUGH = frozenset(
    {"e", "escape", "str", "sorted", "list", "tuple", "reversed", "min", "max", "next", "dict", "set", "enumerate"}
)
# item.setData(Qt.ItemDataRole.ToolTipRole, words): the roles whose data a person reads.
TEXT_ROLE = re.compile(
    r"DisplayRole|ToolTipRole|StatusTipRole|WhatsThisRole|AccessibleTextRole|AccessibleDescriptionRole"
)
MESSAGE_BOXES = frozenset({"information", "warning", "critical", "question", "about"})
MODEL_TEXT = frozenset({"data", "headerData"})
# A signal whose words the window shows or speaks (the desk's status, speak, refused …).
SHOWN_SIGNAL = re.compile(r"status|speak|said|say|refus|message|announce|notice|fail|warn|error", re.IGNORECASE)
TRANSLATORS = frozenset({"tr", "translate", "QT_TRANSLATE_NOOP", "QT_TR_NOOP", "QT_TRANSLATE_NOOP3"})
# Methods whose result is made from their receiver (and, for these, their arguments): the
# words of ``", ".join(parts)`` are ``parts``'; of ``WORDS.get(kind, "unknown")`` the default.
ARGUMENTS_SHOWN = frozenset({"join", "format", "get", "replace", "ljust", "rjust", "center", "escape"})

# --- what is not words ---------------------------------------------------------------------
# Key sequences named on screen ("Ctrl+N", "Alt+Shift+F5"): Qt's own key names, shown the
# same in English and Welsh desktops (QKeySequence.toString would give the same words).
KEY_SEQUENCE = re.compile(
    r"^((Ctrl|Alt|Shift|Meta)\+)*(F\d{1,2}|[A-Z0-9]|Return|Enter|Esc|Tab|Backspace|Del|Up|Down|PgUp|PgDown|Home|End|Space)$"
)
MARKUP = re.compile(r"<[^<>]*>|&[a-z]+;|&#\d+;")
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%[-+ #0-9.]*[sdifr]|%\d")
# Style in a document's markup (``margin-top:4px; font-size:9pt``), a colour (``#ffe7a3``), a
# length (``9pt``): the page's look, not its words.
STYLE = re.compile(r"^[\s;]*([a-z-]+:[^\s;][^;]*(;\s*|$))+$|^#[0-9a-fA-F]{3,8}$|^-?\d+(\.\d+)?(pt|px|em|%)$")
# An identifier (``not_reached``): data a words function turns into words; the translation
# belongs in that function's table, not at its callers.
IDENTIFIER = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)+$")
# Literals with letters that are still not words, each with its reason.
NOT_WORDS = {
    "asbdesk": "the application's name: a proper name, the same in every language",
}


def allowed(text: str) -> bool:
    """True for a literal that is no words: once markup (``<b>``, ``&nbsp;``), placeholders
    (``{0}``, ``%s``) are taken out no letter is left ("", " · ", "{0}: {1}", "%", "✔"); a
    key sequence ("Ctrl+N", "Alt+{0}"); style (:data:`STYLE`); an identifier; or one of
    :data:`NOT_WORDS`."""
    if text in NOT_WORDS or KEY_SEQUENCE.match(text.strip()) or IDENTIFIER.match(text):
        return True
    if STYLE.match(PLACEHOLDER.sub("0", text)) or KEY_SEQUENCE.match(PLACEHOLDER.sub("X", text).strip()):
        return True
    bare = PLACEHOLDER.sub("", MARKUP.sub("", text))
    return not any(ch.isalpha() for ch in bare)


# --- the checker ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    file: str
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.text!r}"


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _is_function(node: ast.AST, name: str) -> TypeGuard[Function]:
    return isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == name


def _literal_words(call: ast.Call) -> bool:
    """The words of a tr()/translate() call are written in it (not a name marked elsewhere)."""
    words = call.args[1:2] if _name(call.func) in ("translate", "QT_TRANSLATE_NOOP") else call.args[:1]
    return any(isinstance(w, ast.Constant) for w in words)


def _literal_text(node: ast.JoinedStr) -> str:
    return "".join(
        part.value if isinstance(part, ast.Constant) else "{" + ast.unparse(part.value) + "}" for part in node.values
    )


@dataclass
class _Scope:
    """A function (or the module): its own names, and those of them that reach the screen
    (whole, or only some columns of the rows of a table: ``for key, label in rows``)."""

    node: ast.AST
    names: set[str] = field(default_factory=set)
    shown: dict[str, frozenset[int] | None] = field(default_factory=dict)


Function = ast.FunctionDef | ast.AsyncFunctionDef


class _Module:
    def __init__(self, file: str, tree: ast.Module) -> None:
        self.file = file
        self.tree = tree
        self.parents: dict[ast.AST, ast.AST] = {}
        for parent in ast.walk(tree):
            for child in ast.iter_child_nodes(parent):
                self.parents[child] = parent
        self.scopes: dict[ast.AST, _Scope] = {tree: _Scope(tree)}
        self.functions: dict[str, list[Function]] = {}
        self.imported: dict[str, tuple[str, str]] = {}  # local name -> (module file, name there)
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                scope = _Scope(node)
                args = node.args
                scope.names |= {a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)}
                scope.names |= {a.arg for a in (args.vararg, args.kwarg) if a is not None}
                for inner in self._own_nodes(node):
                    if isinstance(inner, ast.Name) and isinstance(inner.ctx, ast.Store):
                        scope.names.add(inner.id)
                    elif isinstance(inner, ast.FunctionDef | ast.AsyncFunctionDef):
                        scope.names.add(inner.name)
                self.scopes[node] = scope
                if not isinstance(node, ast.Lambda):
                    self.functions.setdefault(node.name, []).append(node)
            elif isinstance(node, ast.ImportFrom) and node.module:
                for alias in node.names:
                    if node.module == "asbdesk.gui":
                        self.imported[alias.asname or alias.name] = (f"{alias.name}.py", "")
                    elif node.module.startswith("asbdesk.gui."):
                        target = node.module.rsplit(".", 1)[1] + ".py"
                        self.imported[alias.asname or alias.name] = (target, alias.name)
        module_scope = self.scopes[tree]
        for inner in self._own_nodes(tree):
            if isinstance(inner, ast.Name) and isinstance(inner.ctx, ast.Store):
                module_scope.names.add(inner.id)
        self.shown_attributes: set[str] = set()  # self.x shown: every ``self.x = …`` is text
        self.shown_fields: set[str] = set()  # other.x shown: the field x of this module's records
        self.records: dict[str, list[str]] = {}  # dataclass name -> its fields, in order
        self.classes = {node.name: node for node in tree.body if isinstance(node, ast.ClassDef)}
        for node in tree.body:
            if isinstance(node, ast.ClassDef) and any("dataclass" in ast.unparse(d) for d in node.decorator_list):
                self.records[node.name] = [
                    n.target.id for n in node.body if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name)
                ]

    def _own_nodes(self, root: ast.AST) -> Iterator[ast.AST]:
        """The nodes of ``root`` outside any function nested in it."""
        stack = list(ast.iter_child_nodes(root))
        while stack:
            node = stack.pop()
            yield node
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef):
                stack.extend(ast.iter_child_nodes(node))
            elif isinstance(node, ast.ClassDef):
                stack.extend(n for n in node.body if not isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef))

    def is_method(self, function: Function) -> bool:
        return isinstance(self.parents.get(function), ast.ClassDef)

    def scope_of(self, node: ast.AST) -> _Scope:
        here = self.parents.get(node)
        while here is not None and not isinstance(here, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            here = self.parents.get(here)
        return self.scopes[here if here is not None else self.tree]

    def resolve(self, name: str, at: ast.AST) -> _Scope:
        """The scope ``name`` belongs to, seen from ``at`` (Python's rule, less class bodies)."""
        scope = self.scope_of(at)
        while scope.node is not self.tree and name not in scope.names:
            scope = self.scope_of(scope.node)
        return scope


def _parameters(function: Function, method_call: bool) -> list[str]:
    params = [a.arg for a in (*function.args.posonlyargs, *function.args.args)]
    if method_call and params and params[0] in ("self", "cls"):
        params = params[1:]
    return params


def _returns_a_path(function: Function) -> bool:
    """A file's path: its name is a file name, not words (``free_path``, ``save_pdf``)."""
    return function.returns is not None and "Path" in ast.unparse(function.returns)


class Checker:
    """Finds the untranslated words of a set of GUI modules (names flow between them: a helper
    of one module shows what another passes it)."""

    def __init__(self, sources: dict[str, str]) -> None:
        self.modules = {name: _Module(name, ast.parse(text)) for name, text in sources.items()}
        self.findings: set[Finding] = set()
        self.shown_parameters: set[tuple[Function, str]] = set()
        self.shown_functions: set[Function] = set()  # every return of these is shown
        self._changed = True

    def run(self) -> list[Finding]:
        while self._changed:
            self._changed = False
            for module in self.modules.values():
                for node in ast.walk(module.tree):
                    for expr, columns in self._shown_roots(module, node):
                        self._shown(module, expr, columns)
        for module in self.modules.values():
            self._unseen_by_lupdate(module)
        return sorted(self.findings, key=lambda f: (f.file, f.line, f.text))

    def _unseen_by_lupdate(self, module: _Module) -> None:
        """Words passed to tr() that a translator is never offered: lupdate does not read inside
        an f-string, and files ``other.tr("…")`` under the name ``other``, not the class that
        translates it at run time."""
        for node in ast.walk(module.tree):
            if isinstance(node, ast.JoinedStr):
                for inner in ast.walk(node):
                    if isinstance(inner, ast.Call) and _name(inner.func) in TRANSLATORS and _literal_words(inner):
                        self._flag(module, inner, "tr() inside an f-string: " + ast.unparse(inner))
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "tr"
                and _name(node.func.value) != "self"
            ):
                self._flag(module, node, "tr() not on self: " + ast.unparse(node))

    def _mark(self, collection: set, item) -> None:
        if item not in collection:
            collection.add(item)
            self._changed = True

    def _mark_name(self, scope: _Scope, name: str, columns: frozenset[int] | None) -> None:
        if name in scope.shown:
            before = scope.shown[name]
            if before is None or (columns is not None and columns <= before):
                return
            columns = None if columns is None else before | columns
        scope.shown[name] = columns
        self._changed = True

    def _callees(self, module: _Module, func: ast.expr) -> list[tuple[Function, bool]]:
        """The functions of the GUI a call may reach (and whether it is a method call)."""
        if isinstance(func, ast.Name):
            scope = module.resolve(func.id, func)
            local = [
                f for f in module.functions.get(func.id, []) if not module.is_method(f) and module.scope_of(f) is scope
            ]
            if local:
                return [(f, False) for f in local]
            if func.id in module.classes:  # a class made here: its __init__ takes the arguments
                return [(f, True) for f in module.classes[func.id].body if _is_function(f, "__init__")]
            where = module.imported.get(func.id)
            if where and where[0] in self.modules and where[1]:
                there = self.modules[where[0]]
                return [(f, False) for f in there.functions.get(where[1], []) if not there.is_method(f)]
        elif isinstance(func, ast.Attribute):
            owner = func.value.id if isinstance(func.value, ast.Name) else ""
            where = module.imported.get(owner)
            if where and where[0] in self.modules and not where[1]:  # a module: tasks.run
                return [(f, False) for f in self.modules[where[0]].functions.get(func.attr, [])]
            # a method: of this module's classes (self.say, self.rows[k].show_state)
            return [(f, True) for f in module.functions.get(func.attr, []) if module.is_method(f)]
        return []

    def _shown_roots(self, module: _Module, node: ast.AST) -> Iterator[tuple[ast.expr, frozenset[int] | None]]:
        """The expressions at ``node`` whose value a person reads."""
        if isinstance(node, ast.Call):
            name = _name(node.func)
            if name in TRANSLATORS:
                return
            if isinstance(node.func, ast.Attribute) and name in TEXT_CALLS:
                positions = TEXT_POSITIONS.get(name)
                for position, argument in enumerate(node.args):
                    if positions is None or position in positions:
                        yield argument, None
                yield from ((k.value, None) for k in node.keywords if k.arg in ("text", "title", "label"))
            elif name == "setData" and len(node.args) >= 2 and TEXT_ROLE.search(ast.unparse(node.args[0])):
                yield node.args[1], None
            elif name == "drawText" and node.args:
                yield node.args[-1], None
            elif name in TEXT_CONSTRUCTORS:
                yield from ((a, None) for a in node.args)
                yield from ((k.value, None) for k in node.keywords if k.arg in ("text", "title"))
            elif self._message_box(node) or self._shown_signal(node):
                yield from ((a, None) for a in node.args)
            if isinstance(node.func, ast.Name) and node.func.id in module.records:
                fields = module.records[node.func.id]
                made = [(fields[i], a) for i, a in enumerate(node.args) if i < len(fields)]
                made += [(k.arg, k.value) for k in node.keywords if k.arg]
                yield from ((a, None) for f, a in made if f in module.shown_fields)
            callees = self._callees(module, node.func)
            for function, method_call in callees:
                params = _parameters(function, method_call)
                passed = [(params[i], a) for i, a in enumerate(node.args) if i < len(params)]
                passed += [(k.arg, k.value) for k in node.keywords if k.arg]
                for param, argument in passed:
                    if (function, param) in self.shown_parameters:
                        yield argument, None
                    if (function, param + "()") in self.shown_parameters:  # a callback whose result is shown
                        if isinstance(argument, ast.Lambda):
                            yield argument.body, None
                        elif isinstance(argument, ast.Name) and self._parameter_of(module, argument):
                            self._mark(
                                self.shown_parameters, (self._parameter_of(module, argument), argument.id + "()")
                            )
                        else:
                            for callback, _ in self._callees(module, argument):
                                self._mark(self.shown_functions, callback)
            if isinstance(node.func, ast.Attribute) and name in ("append", "extend", "insert", "add", "appendleft"):
                # words added to a list (or set) that is shown
                columns = self._target_columns(module, node.func.value)
                if columns is not False:
                    for added in node.args[-1:]:
                        if columns is not None and isinstance(added, ast.Tuple):  # one row
                            yield from ((part, None) for i, part in enumerate(added.elts) if i in columns)
                        else:
                            yield added, columns
        elif isinstance(node, ast.Return) and node.value is not None:
            function = module.scope_of(node).node
            if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef) and (
                function.name in MODEL_TEXT or function in self.shown_functions
            ):
                yield node.value, None
        elif isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple | ast.List):
                    for part, value in zip(target.elts, node.value.elts, strict=False):
                        columns = self._target_columns(module, part)
                        if columns is not False:
                            yield value, columns
                    continue
                columns = self._target_columns(module, target)
                if columns is not False:
                    yield node.value, columns
        elif isinstance(node, ast.For | ast.comprehension):
            target = node.target
            if isinstance(target, ast.Tuple):
                shown = frozenset(
                    i for i, part in enumerate(target.elts) if self._target_columns(module, part) is not False
                )
                if shown:
                    yield node.iter, frozenset({-1}) if _is_enumerate(node.iter) and shown == {1} else shown
            elif self._target_columns(module, target) is not False:
                yield node.iter, None

    @staticmethod
    def _message_box(node: ast.Call) -> bool:
        """QMessageBox.warning(parent, title, text) and the like."""
        func = node.func
        return isinstance(func, ast.Attribute) and func.attr in MESSAGE_BOXES and _name(func.value) == "QMessageBox"

    @staticmethod
    def _shown_signal(node: ast.Call) -> bool:
        """self.status_did_change.emit(words): a signal for the operator's eyes or ears."""
        func = node.func
        return isinstance(func, ast.Attribute) and func.attr == "emit" and bool(SHOWN_SIGNAL.search(_name(func.value)))

    @staticmethod
    def _parameter_of(module: _Module, name: ast.Name) -> Function | None:
        """The function ``name`` is a parameter of, if it is one."""
        function = module.resolve(name.id, name).node
        if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef) and name.id in {
            a.arg for a in (*function.args.posonlyargs, *function.args.args, *function.args.kwonlyargs)
        }:
            return function
        return None

    def _target_columns(self, module: _Module, target: ast.expr) -> frozenset[int] | bool | None:
        """False when nothing of ``target`` is shown; else the columns shown (None: all)."""
        if isinstance(target, ast.Name):
            scope = module.resolve(target.id, target)
            return scope.shown.get(target.id, False)
        if isinstance(target, ast.Attribute):
            return None if _name(target.value) == "self" and target.attr in module.shown_attributes else False
        if isinstance(target, ast.Tuple | ast.List):
            return None if any(self._target_columns(module, part) is not False for part in target.elts) else False
        if isinstance(target, ast.Starred | ast.Subscript):
            return self._target_columns(module, target.value)
        return False

    def _shown(self, module: _Module, node: ast.expr, columns: frozenset[int] | None = None) -> None:
        """``node``'s value is read by a person (``columns``: only these columns of its rows):
        flag its literals, follow its names."""
        if isinstance(node, ast.Constant):
            if isinstance(node.value, str) and not allowed(node.value):
                self._flag(module, node, node.value)
        elif isinstance(node, ast.JoinedStr):
            text = _literal_text(node)
            if not allowed(text):
                self._flag(module, node, _literal_text(node))
            for part in node.values:
                if isinstance(part, ast.FormattedValue):
                    self._shown(module, part.value)
        elif isinstance(node, ast.Call):
            self._shown_call(module, node, columns)
        elif isinstance(node, ast.Name):
            if node.id == "self":
                return
            scope = module.resolve(node.id, node)
            self._mark_name(scope, node.id, columns)
            function = scope.node
            if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef) and node.id in {
                a.arg for a in (*function.args.posonlyargs, *function.args.args, *function.args.kwonlyargs)
            }:
                self._mark(self.shown_parameters, (function, node.id))
            if scope.node is module.tree and node.id in module.imported:
                where = module.imported[node.id]
                if where[0] in self.modules and where[1]:
                    self._mark_name(self.modules[where[0]].scopes[self.modules[where[0]].tree], where[1], columns)
        elif isinstance(node, ast.Attribute):
            if _name(node.value) == "self":
                self._mark(module.shown_attributes, node.attr)
            else:  # a field of a record made here (UndoEntry(words, …) shown as entry.words)
                self._mark(module.shown_fields, node.attr)
        elif isinstance(node, ast.Subscript):
            self._shown(module, node.value)
        elif isinstance(node, ast.IfExp):
            self._shown(module, node.body, columns)
            self._shown(module, node.orelse, columns)
        elif isinstance(node, ast.BoolOp):
            for value in node.values:
                self._shown(module, value, columns)
        elif isinstance(node, ast.BinOp):
            self._shown(module, node.left, columns)
            self._shown(module, node.right, columns)
        elif isinstance(node, ast.List | ast.Tuple | ast.Set):
            for element in node.elts:
                if columns is not None and isinstance(element, ast.Tuple):
                    for i, part in enumerate(element.elts):
                        if i in columns:
                            self._shown(module, part)
                else:
                    self._shown(module, element)
        elif isinstance(node, ast.Dict):
            for value in node.values:
                self._shown(module, value)
        elif isinstance(node, ast.ListComp | ast.SetComp | ast.GeneratorExp):
            self._shown(module, node.elt, columns)
        elif isinstance(node, ast.DictComp):
            self._shown(module, node.value)
        elif isinstance(node, ast.Starred | ast.NamedExpr):
            self._shown(module, node.value, columns)
        elif isinstance(node, ast.Lambda):
            self._shown(module, node.body, columns)

    def _shown_call(self, module: _Module, node: ast.Call, columns: frozenset[int] | None) -> None:
        name = _name(node.func)
        if name in TRANSLATORS:
            # the words are the translator's; a table looked up in it must be marked for
            # lupdate (QT_TRANSLATE_NOOP) where it is made
            words = node.args[1:2] if name == "translate" else node.args[:1]
            for argument in words:
                if not isinstance(argument, ast.Constant | ast.JoinedStr):
                    self._shown(module, argument)
            return
        if isinstance(node.func, ast.Name):
            scope = module.resolve(node.func.id, node)
            function = scope.node
            if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef) and node.func.id in {
                a.arg for a in (*function.args.posonlyargs, *function.args.args, *function.args.kwonlyargs)
            }:
                self._mark(self.shown_parameters, (function, node.func.id + "()"))
                return
        callees = self._callees(module, node.func)
        if callees:
            for function, _ in callees:
                if not _returns_a_path(function):
                    self._mark(self.shown_functions, function)
            return
        if isinstance(node.func, ast.Attribute):
            self._shown(module, node.func.value)  # "…".join, WORDS.get, text.upper
            if name in ARGUMENTS_SHOWN:
                for argument in node.args[1:] if name == "get" else node.args:
                    self._shown(module, argument)
                for keyword in node.keywords:
                    self._shown(module, keyword.value)
        elif isinstance(node.func, ast.Name) and node.func.id in PASS_THROUGH:
            if (
                node.func.id == "dict"
                and node.args
                and _name(node.args[0].func if isinstance(node.args[0], ast.Call) else node.args[0]) == "zip"
            ):
                zipped = node.args[0]
                assert isinstance(zipped, ast.Call)
                for argument in zipped.args[1:]:
                    self._shown(module, argument)
                return
            for argument in node.args:
                self._shown(module, argument, columns)

    def _flag(self, module: _Module, node: ast.expr, text: str) -> None:
        self.findings.add(Finding(module.file, node.lineno, text))


def _is_enumerate(node: ast.expr) -> bool:
    return isinstance(node, ast.Call) and _name(node.func) == "enumerate"


def untranslated(sources: dict[str, str]) -> list[Finding]:
    """The words of ``sources`` (file name -> Python source) a person reads untranslated
    (read together: a helper of one shows what another passes it, e.g. the desk's ``announce``)."""
    return Checker(sources).run()


def gui_sources() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(GUI.glob("*.py"))}


# --- the tests -----------------------------------------------------------------------------


def test_every_word_of_the_gui_goes_through_tr():
    findings = untranslated(gui_sources())
    assert not findings, "words a person reads, not through tr():\n" + "\n".join(map(str, findings))


def found(source: str) -> list[str]:
    return [f.text for f in untranslated({"planted.py": source})]


PLANTED = """
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

HEADERS = ("Due", "Summary")
SHOWN = {"a": QT_TRANSLATE_NOOP("Page", "Kept")}


def words(n):
    return f"{n} calls"


def heading(kind):
    return "Flag " + kind


class Page(QWidget):
    def __init__(self):
        super().__init__()
        self.label = QLabel("Caller")
        self.label.setText(self.tr("Risk {0}").format(3))
        self.setWindowTitle(f"Log {self.number}")
        self.box.setToolTip(self.tr("Fine"))
        QMessageBox.warning(self, self.tr("Cannot save"), "Try again")
        self.say(words(2))
        self.status.setText(heading(self.tr("kind")))
        parts = ["Before"]
        parts.append("After")
        self.notes.setPlainText("\\n".join(parts))
        self.shown = QCoreApplication.translate("Page", SHOWN["a"])
        self.setObjectName("caller-page")
        self.key.setText("Ctrl+N")
        self.separator.setText(" · ")

    def say(self, text):
        self.line.showMessage(text)

    def headerData(self, section, orientation, role):
        return HEADERS[section]
"""


def test_the_checker_names_a_planted_literal_and_lets_translated_words_pass():
    assert found(PLANTED) == [
        "Due",
        "Summary",
        "{n} calls",
        "Flag ",
        "Caller",
        "Log {self.number}",
        "Try again",
        "Before",
        "After",
    ]


def test_a_callback_whose_result_is_shown_is_checked():
    source = """
class Window(QMainWindow):
    def _record(self, run, said):
        self.statusBar().showMessage(said(run()))

    def decide(self):
        def said(result):
            return f"Decided {result}"

        self._record(lambda: 1, said)
        self._record(lambda: 2, lambda result: "Done")
        self._record(lambda: "not shown", lambda result: self.tr("Fine"))
"""
    assert found(source) == ["Decided {result}", "Done"]


def test_words_reaching_the_screen_through_a_class_or_a_passed_on_callback_are_checked():
    source = """
class Dialog(QDialog):
    def __init__(self, title, key):
        super().__init__()
        self.setWindowTitle(title)


class Window(QMainWindow):
    def _record(self, said):
        self.statusBar().showMessage(said())

    def _decide(self, said):
        self._record(said)

    def go(self, item, painter):
        Dialog("Refuse the flag", "refuse")
        self._decide(lambda: "Refused")
        item.setData(Qt.ItemDataRole.ToolTipRole, "Due today")
        item.setData(Qt.ItemDataRole.UserRole, "due-today")
        painter.drawText(rect, flags, "page 1")
"""
    assert found(source) == ["Refuse the flag", "Refused", "Due today", "page 1"]


def test_words_lupdate_would_not_offer_a_translator_are_named():
    source = """
class Page(QWidget):
    def show(self, desk):
        self.label.setText(f"<b>{self.tr('Risk')}</b>")
        menu = desk.menuBar().addMenu(desk.tr("Training"))
        self.other.setText(self.tr("Fine"))
"""
    assert found(source) == ["tr() inside an f-string: self.tr('Risk')", "tr() not on self: desk.tr('Training')"]


def test_a_field_of_a_record_shown_is_checked():
    source = """
@dataclass
class Entry:
    words: str
    key: str


def show(label, entry):
    label.setText(entry.words)


first = Entry("Flag removed", "flag-removed")
second = Entry(key="undo", words=QCoreApplication.translate("undo", "Flag kept"))
"""
    assert found(source) == ["Flag removed"]


def test_each_place_a_person_reads_is_checked_both_ways():
    untranslated_label = "label.setText('Saved')"
    assert found(untranslated_label) == ["Saved"]
    assert found("label.setText(self.tr('Saved'))") == []
    assert found("label.setText(QCoreApplication.translate('Page', 'Saved'))") == []
    assert found("button = QPushButton('&Save')") == ["&Save"]
    assert found("button = QPushButton(self.tr('&Save'))") == []
    assert found("status.emit('Refused')\nrefused.emit('No')") == ["Refused", "No"]
    assert found("self.status_did_change.emit('Saved')") == ["Saved"]
    assert found("self.moved.emit('up')") == []  # not shown
    assert found("self.setStyleSheet('color: red')") == []  # not words
    assert found("d = {'kind': 1}\nlabel.setText(str(d['kind']))") == []  # a key is not shown
    assert found("WORDS = {'ring_back': 'a ring back'}\nlabel.setText(WORDS.get(k, 'unknown'))") == [
        "a ring back",
        "unknown",
    ]
    assert (
        found(
            "WORDS = {'ring_back': QT_TRANSLATE_NOOP('Page', 'a ring back')}\n"
            "label.setText(QCoreApplication.translate('Page', WORDS[k]))"
        )
        == []
    )
    assert found(
        "WORDS = {'ring_back': 'a ring back'}\nlabel.setText(QCoreApplication.translate('Page', WORDS[k]))"
    ) == ["a ring back"]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", False),
        (" · ", False),
        ("{0}: {1}", False),
        ("%", False),
        ("<b>{0}</b>", False),
        ("Ctrl+N", False),
        ("Ctrl+Shift+S", False),
        ("F5", False),
        ("asbdesk", False),
        ("Alt+{0}", False),
        ("not_reached", False),
        ("margin-top:{0}px; font-size:9pt", False),
        ("; color:{colour}", False),
        ("#ffe7a3", False),
        ("9pt", False),
        ("not reached", True),
        ("Note: see", True),
        ("a", True),
        ("{0} calls", True),
        ("<b>Risk</b>", True),
        ("Ctrl+Now", True),
        ("OK", True),
    ],
)
def test_what_is_not_words(text, words):
    assert allowed(text) is not words


# --- what a translator writes reaches the screen ---------------------------------------------

TINY_TS = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="cy_GB">
<context><name>QueueModel</name>
<message><source>Due</source><translation>Erbyn</translation></message>
<message><source>no reference</source><translation>dim cyfeirnod</translation></message>
</context>
<context><name>SamplePage</name>
<message><source>Yes</source><translation>Ie</translation></message>
</context>
<context><name>HistoryModel</name>
<message><source>Date</source><translation>Dyddiad</translation></message>
</context>
<context><name>Compliance</name>
<message><source>no data</source><translation>dim data</translation></message>
<message><source>{0} ({1} logs sampled)</source><translation>{0} ({1} cofnod wedi'u samplu)</translation></message>
</context>
<context><name>TrainingLine</name>
<message><source>TRAINING — NOT A REAL CALL</source><translation>HYFFORDDIANT — NID GALWAD GO IAWN</translation></message>
</context>
<context><name>TrainerSheet</name>
<message><source>Yes</source><translation>Ie</translation></message>
</context>
</TS>
"""


@pytest.fixture
def tiny_welsh(qapp, tmp_path):
    """A translation of a few strings, compiled with lrelease and installed for the test."""
    from PySide6.QtCore import QTranslator

    lrelease = Path(sys.executable).parent / "pyside6-lrelease"
    if not lrelease.exists():
        lrelease = Path(shutil.which("pyside6-lrelease") or "pyside6-lrelease")
    source, compiled = tmp_path / "tiny_cy.ts", tmp_path / "tiny_cy.qm"
    source.write_text(TINY_TS, encoding="utf-8")
    subprocess.run([str(lrelease), str(source), "-qm", str(compiled)], check=True, capture_output=True)
    translator = QTranslator()
    assert translator.load(str(compiled))
    qapp.installTranslator(translator)
    yield
    qapp.removeTranslator(translator)


def test_a_table_marked_where_it_is_made_is_translated_where_it_is_shown(tiny_welsh):
    """QT_TRANSLATE_NOOP at the table, QCoreApplication.translate where shown: the same context,
    so the translator's words reach the screen; the table itself keeps the English."""
    from datetime import UTC, datetime

    from PySide6.QtCore import Qt

    from asbdesk.gui import sampling, supervisor

    model = supervisor.QueueModel(lambda: datetime(2026, 12, 7, tzinfo=UTC))
    assert model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) == "Erbyn"
    assert model.headerData(1, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) == "Reference"  # not translated
    assert model.tr("no reference") == "dim cyfeirnod"
    assert sampling.shown(sampling.ANSWER_WORDS["yes"]) == "Ie"
    assert sampling.ANSWER_WORDS["yes"] == "Yes"


def test_the_documents_and_the_history_are_translated_where_shown(tiny_welsh):
    """Each word marked where it is made is looked up in the same context where it is shown:
    the history's column, the compliance report's words, the trainer sheet's."""
    from types import SimpleNamespace

    from PySide6.QtCore import Qt

    from asbdesk.gui import documents, history_model

    model = history_model.HistoryModel()
    assert model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) == "Dyddiad"
    assert model.headerData(1, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) == "Risk"  # not translated
    assert history_model.HEADERS[0] == "Date"
    assert documents.percent(None) == "dim data"
    assert documents.percent(0.5) == "50.0%"
    assert documents._operator_words({"operator": "ann", "sampled": 2}) == "ann (2 cofnod wedi'u samplu)"
    assert documents._operator_words({"operator": "ann", "sampled": 1}) == "ann (1 log sampled)"  # not translated
    assert documents.training_line() == "HYFFORDDIANT — NID GALWAD GO IAWN"
    assert documents.TRAINING_LINE == "TRAINING — NOT A REAL CALL"
    pack = SimpleNamespace(questions={})  # a yes/no answer needs no more of the pack
    assert documents.answer_words(pack, "any", True) == "Ie"
    assert documents.answer_words(pack, "any", False) == "No"
