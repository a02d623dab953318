"""The style sheet (``ui/desk.qss``) on the widgets its rules can select, as each is polished.

An application-wide style sheet makes Qt draw every widget through its style-sheet style: with
any sheet at all, even of one rule, building the desk's 130 widgets took 8-12 ms longer (issue
24.2: the desk's widgets on screen). Here the application keeps its own style, behind a proxy
that gives each widget the rules whose selectors can pick it (by type and object name) as the
widget is polished, before it is first shown. Qt then applies those rules as it always did: their
properties, pseudo-states (``:focus``) and property conditions (``[invalid="true"]``), and the
children of a widget with a sheet are styled by it as before. Widgets no rule names are drawn by
the application's style, as an application sheet without a rule for them drew them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtWidgets import QApplication, QProxyStyle, QWidget

COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
SELECTOR = re.compile(r"\s*([A-Za-z_]\w*)(?:#([\w-]+))?")
MARK = "asbdesk_style_rules"  # set on a widget once its rules are found (polished again: not twice)


@dataclass(frozen=True)
class Rule:
    kind: str  # the widget class the selector names (it matches subclasses too)
    name: str | None  # the object name after '#', if any
    text: str  # the rule for this one selector, as Qt reads it


def rules(sheet: str) -> list[Rule]:
    """Each selector of ``sheet`` with its declarations, in the sheet's order. A selector
    that does not start with a widget class (none in ``ui/desk.qss``) is refused."""
    found = []
    for selectors, body in RULE.findall(COMMENT.sub("", sheet)):
        for selector in selectors.split(","):
            match = SELECTOR.match(selector)
            if match is None:
                raise ValueError(f"style sheet: a selector that names no widget class: {selector.strip()!r}")
            found.append(Rule(match.group(1), match.group(2), f"{selector.strip()} {{{body.strip()}}}"))
    return found


class ScopedSheets(QProxyStyle):
    """The application's style; each widget a rule can select gets those rules as its own sheet."""

    def __init__(self, sheet: str, base: str) -> None:
        super().__init__(base)  # the style the application had (the platform's, or one asked for)
        self._rules = rules(sheet)
        self._by_kind: dict[tuple[str, str], str] = {}  # (class, object name) -> its rules

    def sheet_for(self, widget: QWidget) -> str:
        key = (widget.metaObject().className(), widget.objectName())
        if key not in self._by_kind:
            self._by_kind[key] = "\n".join(
                rule.text
                for rule in self._rules
                if widget.inherits(rule.kind) and (rule.name is None or rule.name == widget.objectName())
            )
        return self._by_kind[key]

    def polish(self, target, /):  # Qt's three overloads (widget, application, palette) in one
        if isinstance(target, QWidget) and target.property(MARK) is None:
            target.setProperty(MARK, True)
            text = self.sheet_for(target)
            if text and not target.styleSheet():
                target.setStyleSheet(text)  # Qt polishes it again with the sheet's style: marked
        return super().polish(target)


_installed: ScopedSheets | None = None


def install(app: QApplication, sheet: str) -> None:
    """The sheet for every widget of ``app`` from now on, on the widgets it can select."""
    global _installed
    if isinstance(app.style(), ScopedSheets):
        return
    app.setStyleSheet("")
    _installed = ScopedSheets(sheet, app.style().name())  # kept: the application does not keep it
    app.setStyle(_installed)
