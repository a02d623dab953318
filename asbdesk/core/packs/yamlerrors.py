"""YAML mistakes in plain words, at the line of the mistake (issue 19.6).

ruamel.yaml reports a mistake in its parser's words ("mapping values are not allowed
here", "found character '\\t' that cannot start any token") and often on the line where
it gave up, one line after the mistake: a missing space after a colon on line 9 is
reported on line 10, an unclosed quote where the file ends. ``explain`` turns each
mistake a policy analyst makes by hand-editing a pack or a scenario into a sentence
and the line to fix; anything it does not recognise still gets a sentence without
parser jargon that names the line where reading stopped.

The translation reads only the error, the text and (for a few mistakes) the tokens the
scanner read before it stopped; it never changes what is accepted.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.tokens import (
    FlowMappingEndToken,
    FlowMappingStartToken,
    FlowSequenceEndToken,
    FlowSequenceStartToken,
    ScalarToken,
    Token,
)

# ruamel counts these as line breaks (so do the line numbers of every other message).
_BREAKS = re.compile(r"\r\n|[\n\r\x85\u2028\u2029]")
# 'key:value' where a key's colon has no space after it: 'id:q1', '- id:q1'.
_NO_SPACE = re.compile(r"^\s*(?:-\s+)?([A-Za-z0-9_.\-\"']+):(\S.*)$")
_INDENT = re.compile(r"^[ \t]*")

TAB = "a tab character; use spaces"
INDENTED = "this line is indented differently from the lines above it"
LIST_ITEM = "this list item ('- ') is indented differently from the items above it"
NOT_AN_ITEM = "this line is indented like the list items above it but does not start with '- '"
NO_COLON = (
    "a 'key: value' line is expected here but it has no ': ' (if it continues the text above, indent it like that text)"
)
FALLBACK = "this line cannot be read: check its indentation, colons and quotes, and those of the line above"


@dataclass(frozen=True)
class _Context:
    text: str
    lines: list[str]
    line: int  # 0-based line where ruamel stopped
    column: int
    index: int  # character offset where ruamel stopped
    context_line: int | None  # 0-based line of what it was reading (a quote, a bracket, a key)
    context_column: int | None
    problem: str
    context: str

    def source(self, line: int) -> str:
        return self.lines[line] if 0 <= line < len(self.lines) else ""

    def previous_content_line(self, line: int) -> int | None:
        """The nearest line above ``line`` that holds something other than a comment."""
        for n in range(line - 1, -1, -1):
            stripped = self.source(n).strip()
            if stripped and not stripped.startswith("#"):
                return n
        return None


def explain(text: str, error: YAMLError) -> tuple[int | None, str]:
    """The line (1-based) of the mistake and what it is, in words."""
    if isinstance(error, ReaderError):
        return _reader(text, error)
    mark = getattr(error, "problem_mark", None)
    if mark is None:
        return None, FALLBACK.replace("this line", "the file")
    context_mark = getattr(error, "context_mark", None)
    ctx = _Context(
        text=text,
        lines=_BREAKS.split(text),
        line=mark.line,
        column=mark.column,
        index=mark.index,
        context_line=context_mark.line if context_mark is not None else None,
        context_column=context_mark.column if context_mark is not None else None,
        problem=str(getattr(error, "problem", None) or ""),
        context=str(getattr(error, "context", None) or ""),
    )
    tab = _tab(ctx)
    if tab is not None:
        return tab + 1, TAB
    for rule in _RULES:
        found = rule(ctx)
        if found is not None:
            line, message = found
            return line + 1, message
    return ctx.line + 1, FALLBACK


def _reader(text: str, error: ReaderError) -> tuple[int | None, str]:
    line = len(_BREAKS.findall(text[: error.position])) + 1 if isinstance(error.position, int) else None
    if isinstance(error.character, int):
        return line, f"a control character (U+{error.character:04X}) that pack files may not hold; remove it"
    return line, "a character that cannot be read; save the file as UTF-8 text"


def _tab(ctx: _Context) -> int | None:
    """A tab where YAML expects spaces: named on its own line, wherever ruamel stopped."""
    if "'\\t'" in ctx.problem:
        return ctx.line
    first = ctx.context_line if ctx.context_line is not None else ctx.line
    for n in range(min(first, ctx.line), ctx.line + 1):
        if "\t" in _INDENT.match(ctx.source(n)).group():  # type: ignore[union-attr]
            return n
    return None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _quote_suggestion(line: str) -> str:
    """``text: Is it: yes`` as ``text: "Is it: yes"``, to show the fix."""
    stripped = line.strip()
    dash = ""
    if stripped.startswith("- "):
        dash, stripped = "- ", stripped[2:].lstrip()
    key, sep, value = stripped.partition(": ")
    value = value.strip()
    if not sep or not value or '"' in value or len(stripped) > 60:
        return ""
    return f': {dash}{key}: "{value}"'


def _missing_space(ctx: _Context, line: int) -> tuple[int, str] | None:
    match = _NO_SPACE.match(ctx.source(line))
    if match is None or match.group(2).startswith(("/", "\\")):  # a URL or a path is text
        return None
    key, value = match.group(1), match.group(2)
    return line, f"put a space after the colon: '{key}: {value[:30]}', not '{key}:{value[:30]}'"


def _mapping_values(ctx: _Context) -> tuple[int, str] | None:
    """'mapping values are not allowed here': a ': ' where YAML cannot start a key."""
    if ctx.problem != "mapping values are not allowed here":
        return None
    here = ctx.source(ctx.line)
    before = here[: ctx.column]
    body = before.strip()
    if body.startswith("- "):
        body = body[2:]
    if ": " in body or body.endswith(":"):  # the line already has its key: this colon is in the text
        return ctx.line, "a colon followed by a space inside the text; put the text in quotes" + _quote_suggestion(here)
    above = ctx.previous_content_line(ctx.line)
    if above is not None:
        fixed = _missing_space(ctx, above)
        if fixed is not None:
            return fixed
        text = ctx.source(above)
        stripped = text.strip()
        if _indent(text) == _indent(here) and ":" not in stripped and not stripped.startswith(("- ", "#")):
            # 'given_name Priya' above 'family_name: Chauhan': YAML reads the two lines as one
            # key and stops at the colon below; the line to fix is the one with no colon.
            return above, NO_COLON
    return ctx.line, INDENTED


def _simple_key(ctx: _Context) -> tuple[int, str] | None:
    """'could not find expected ':'': a line read as a key has no colon (reported a line late)."""
    if "could not find expected ':'" not in ctx.problem or ctx.context_line is None:
        return None
    line = ctx.context_line
    fixed = _missing_space(ctx, line)
    if fixed is not None:
        return fixed
    return line, NO_COLON


def _quoted(ctx: _Context) -> tuple[int, str] | None:
    """A quote opened and never closed: the file ends inside it."""
    if "quoted scalar" not in ctx.context or ctx.context_line is None:
        return None
    quote = ctx.source(ctx.context_line)[ctx.context_column or 0 : (ctx.context_column or 0) + 1] or '"'
    return ctx.context_line, f"the quote ({quote}) opened on this line is never closed"


def _open_brackets(text: str, index: int) -> list[Token]:
    """The '[' and '{' still open where the scanner stopped, innermost last."""
    stack: list[Token] = []
    try:
        for token in YAML(typ="safe", pure=True).scan(text):
            if token.start_mark.index >= index:
                break
            if isinstance(token, (FlowMappingStartToken, FlowSequenceStartToken)):
                stack.append(token)
            elif isinstance(token, (FlowMappingEndToken, FlowSequenceEndToken)) and stack:
                stack.pop()
    except YAMLError:
        pass
    return stack


def _flow(ctx: _Context) -> tuple[int, str] | None:
    """Inside [ ] or { }: a bracket left open, a colon in text, a missing comma, an empty entry."""
    stack = _open_brackets(ctx.text, ctx.index)
    if not stack:
        return None
    opener = stack[-1]
    opening = "{" if isinstance(opener, FlowMappingStartToken) else "["
    closing = "}" if opening == "{" else "]"
    here = ctx.source(ctx.line)
    first_colon = here.find(": ")
    at_line_start = first_colon < 0 or ctx.column <= first_colon
    if (
        "<stream end>" in ctx.problem
        or "end of stream" in ctx.problem
        or (opener.start_mark.line < ctx.line and at_line_start)
    ):
        # What follows reads as the next lines of the file, not as entries of the list:
        # the bracket was never closed.
        return opener.start_mark.line, f"the '{opening}' opened on this line is never closed with '{closing}'"
    if "but got ':'" in ctx.problem:
        return ctx.line, (
            f"a second ': ' in one entry of this {opening} {closing}: put text that has a colon in quotes, "
            "or add the missing comma"
        )
    if "found ','" in ctx.problem:
        return ctx.line, "an empty entry between two commas"
    quoted = _quote_before(ctx)
    if quoted is not None:
        return quoted
    return ctx.line, f"this {opening} {closing} is not written as entries separated by commas"


def _quote_before(ctx: _Context) -> tuple[int, str] | None:
    """Text straight after a quoted text: the quote was closed too early (a ' inside '...')
    or not on its line (it ran on to the next quote, lines below)."""
    if "'<scalar>'" not in ctx.problem:
        return None
    tokens = _tokens_before(ctx.text, ctx.index)
    last = tokens[-1] if tokens else None
    if isinstance(last, (FlowMappingEndToken, FlowSequenceEndToken)):
        return ctx.line, "text that starts with '{' or '[' must be put in quotes"
    if not (isinstance(last, ScalarToken) and last.style in ("'", '"')):
        return None
    if last.start_mark.line != last.end_mark.line:
        return last.start_mark.line, f"the quote ({last.style}) opened on this line is never closed"
    key = re.match(r"\s+([A-Za-z_][\w.-]*):(\s|$)", ctx.source(ctx.line)[last.end_mark.column :])
    if key is not None:
        return ctx.line, f"a comma is missing after the quoted text, before '{key.group(1)}:'"
    inside = '\\"' if last.style == '"' else "''"
    return (
        ctx.line,
        f"text follows the closing quote ({last.style}): a {last.style} inside the text is written {inside}",
    )


def _tokens_before(text: str, index: int) -> list[Token]:
    """The tokens the scanner reads before ``index`` (a few, kept from the end)."""
    tokens: list[Token] = []
    try:
        for token in YAML(typ="safe", pure=True).scan(text):
            if token.start_mark.index >= index:
                break
            tokens.append(token)
            del tokens[:-4]
    except YAMLError:
        pass
    return tokens


def _block_end(ctx: _Context) -> tuple[int, str] | None:
    """'expected <block end>, but found ...': something at an indentation YAML did not expect."""
    if "expected <block end>" not in ctx.problem:
        return None
    if "'<block sequence start>'" in ctx.problem or "found '-'" in ctx.problem:
        return ctx.line, LIST_ITEM
    if "'<block mapping start>'" in ctx.problem:
        return ctx.line, INDENTED
    if "found '?'" in ctx.problem:
        return ctx.line, NOT_AN_ITEM
    if "found '}'" in ctx.problem or "found ']'" in ctx.problem:
        closing = ctx.problem[-2]
        opening = "{" if closing == "}" else "["
        return ctx.line, f"a '{closing}' with no '{opening}' open before it"
    if "'<scalar>'" in ctx.problem:
        tokens = _tokens_before(ctx.text, ctx.index)
        last = tokens[-1] if tokens else None
        if isinstance(last, (FlowMappingEndToken, FlowSequenceEndToken)):
            return ctx.line, "text that starts with '{' or '[' must be put in quotes"
        if isinstance(last, ScalarToken) and last.style in ("'", '"'):
            if last.start_mark.line != last.end_mark.line:
                return last.start_mark.line, f"the quote ({last.style}) opened on this line is never closed"
            inside = '\\"' if last.style == '"' else "''"
            return ctx.line, (
                f"text follows the closing quote ({last.style}): a {last.style} inside the text is written {inside}"
            )
        return ctx.line, INDENTED  # text below a value, indented as neither it nor the next key
    return None


_STARTS = {
    "mapping keys are not allowed here": "?",
    "sequence entries are not allowed here": "-",
}


def _cannot_start(ctx: _Context) -> tuple[int, str] | None:
    """Text beginning with a character YAML keeps for itself (@, `, %, &, !, ?, - ...)."""
    char = None
    match = re.search(r"found character '(.)' that cannot start any token", ctx.problem)
    if match:
        char = match.group(1)
    elif ctx.problem in _STARTS:
        char = _STARTS[ctx.problem]
    elif "while scanning an anchor" in ctx.context or "while scanning an alias" in ctx.context:
        char = "&" if "anchor" in ctx.context else "*"
    elif "while scanning a tag" in ctx.context:
        char = "!"
    elif "while scanning a block scalar" in ctx.context:
        return ctx.line, "after '|' or '>' the text starts on the next line, indented"
    if char is None:
        return None
    return ctx.line, f"text cannot start with '{char}' here; put the text in quotes"


def _documents(ctx: _Context) -> tuple[int, str] | None:
    if "expected a single document" in ctx.context:
        return ctx.line, "a second document starts here ('---' or '...'); a pack file holds one"
    return None


_RULES: tuple[Callable[[_Context], tuple[int, str] | None], ...] = (
    _quoted,
    _simple_key,
    _mapping_values,
    _flow,
    _block_end,
    _cannot_start,
    _documents,
)


def version_line(text: str) -> int | None:
    """The line of a ``%YAML`` directive, for the one mistake ruamel reports with no line."""
    for n, line in enumerate(_BREAKS.split(text)):
        if line.startswith("%YAML"):
            return n + 1
    return None


__all__ = ["explain", "version_line"]
