"""Every core refusal a person reads has a message id (issue 23.3): raised with a constant of
asbdesk/core/messages.py and the values of its fields, never with words written in place,
so the desk can show it translated; ``str()`` stays the English the CLI and tests read."""

from __future__ import annotations

import ast
import shutil
import string
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest

import asbdesk.core
from asbdesk.core import messages
from asbdesk.core.call import InputError, check_text, parse_call
from asbdesk.core.files import FileRefused, read_limited
from asbdesk.core.messages import Message
from asbdesk.core.normalise import NormaliseError, phone_e164, postcode
from asbdesk.core.session import CallSession, SessionError
from tests.core.conftest import NOW
from tests.core.conftest import engine as shipped_engine

CORE = Path(asbdesk.core.__file__).parent

# The refusals a person reads, and which positional argument carries the words.
WORDS_AT = {
    "SessionError": 0,
    "NormaliseError": 0,
    "FileRefused": 0,
    "SlipError": 0,
    "_NotJson": 0,
    "_refuse": 0,  # CallSession._refuse: a refusal the session keeps
    "InputError": 1,  # InputError(field, words)
    "Message": 0,
}


def _called(node: ast.Call) -> str | None:
    func = node.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None


def _written_in_place(arg: ast.expr) -> bool:
    """Words made on the spot rather than a message id: a string, an f-string, a sum or
    %-format of strings, str()/repr()/.format()."""
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        return True
    if isinstance(arg, (ast.JoinedStr, ast.BinOp)):
        return True
    if isinstance(arg, ast.IfExp):
        return _written_in_place(arg.body) or _written_in_place(arg.orelse)
    if isinstance(arg, ast.Call):
        return _called(arg) in ("str", "repr", "format")
    return False


def refusals_without_id(source: str, filename: str) -> list[str]:
    """``file:line`` of every refusal in ``source`` whose words are written in place."""
    bad = []
    for node in ast.walk(ast.parse(source, filename)):
        if not isinstance(node, ast.Call):
            continue
        name = _called(node)
        if name not in WORDS_AT:
            continue
        index = WORDS_AT[name]
        arg = node.args[index] if len(node.args) > index else None
        if arg is None or _written_in_place(arg):
            bad.append(f"{filename}:{node.lineno}: {name}(...) without a message id")
    return bad


def _core_sources() -> list[tuple[Path, str]]:
    return [(path, path.read_text(encoding="utf-8")) for path in sorted(CORE.rglob("*.py"))]


def test_the_checker_finds_words_written_in_place_and_passes_message_ids():
    planted = """
from asbdesk.core import messages
def f(code, error):
    raise SessionError(f"'{code}' is not an incident code")
def g():
    raise InputError("now", "is required")
def h(error):
    raise NormaliseError(str(error))
def i(code, pack, error):
    raise SessionError(messages.UNKNOWN_CODE, code=code, pack=pack)
def j(error):
    raise InputError("caller.phone", error.words) from None
def k():
    raise FileRefused("a" + "b")
def m(self):
    raise self._refuse("Not saved: " "twice")
"""
    assert refusals_without_id(planted, "planted.py") == [
        "planted.py:4: SessionError(...) without a message id",
        "planted.py:6: InputError(...) without a message id",
        "planted.py:8: NormaliseError(...) without a message id",
        "planted.py:14: FileRefused(...) without a message id",
        "planted.py:16: _refuse(...) without a message id",
    ]


def test_every_refusal_in_the_core_is_raised_with_a_message_id():
    bad = [line for path, source in _core_sources() for line in refusals_without_id(source, str(path))]
    assert bad == []


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def _message_sites():
    """(where, constant names, the field names given) for each refusal naming a message
    constant directly (``messages.X``, or ``messages.X if ... else messages.Y``)."""
    for path, source in _core_sources():
        for node in ast.walk(ast.parse(source)):
            if not isinstance(node, ast.Call) or _called(node) not in WORDS_AT:
                continue
            index = WORDS_AT[_called(node)]
            arg = node.args[index] if len(node.args) > index else None
            options = [arg.body, arg.orelse] if isinstance(arg, ast.IfExp) else [arg]
            names = [
                a.attr
                for a in options
                if isinstance(a, ast.Attribute) and isinstance(a.value, ast.Name) and a.value.id == "messages"
            ]
            if not names:
                continue
            given = {k.arg for k in node.keywords if k.arg is not None}
            if _called(node) == "Message" and len(node.args) > 1 and isinstance(node.args[1], ast.Dict):
                given = {k.value for k in node.args[1].keys if isinstance(k, ast.Constant)}
            yield f"{path.name}:{node.lineno}", names, given


def test_each_refusal_gives_exactly_the_fields_its_message_names():
    sites = list(_message_sites())
    assert len(sites) > 100  # the AST walk found the raises (a broken walk would check nothing)
    wrong = []
    for where, names, given in sites:
        for name in names:
            template = getattr(messages, name)
            if _fields(template) != given:
                wrong.append(f"{where}: {name} needs {sorted(_fields(template))}, given {sorted(given)}")
    assert wrong == []


def test_every_message_is_used_formats_and_is_unique():
    codes = messages.codes()
    constants = [v for n, v in vars(messages).items() if n.isupper() and n != "CONTEXT" and isinstance(v, str)]
    assert len(constants) > 100 and len(codes) == len(constants), "two messages share a template"
    used = "\n".join(source for path, source in _core_sources() if path.name != "messages.py")
    unused = [name for name in codes.values() if f"messages.{name}" not in used]
    assert unused == []
    for template in codes:
        fields = _fields(template)
        assert all(name.isidentifier() for name in fields), template  # named, never {} or {0}
        template.format(**dict.fromkeys(fields, 1))  # a bad field or format spec raises here


def test_lupdate_finds_every_message_in_the_refusal_context(tmp_path):
    """QT_TRANSLATE_NOOP marks each constant for pyside6-lupdate (run into tmp_path only)."""
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    if not lupdate.exists():
        lupdate = Path(shutil.which("pyside6-lupdate") or "pyside6-lupdate")
    ts = tmp_path / "refusals.ts"
    subprocess.run([str(lupdate), messages.__file__, "-ts", str(ts)], check=True, capture_output=True)
    found = {
        (context.findtext("name"), message.findtext("source"))
        for context in ElementTree.parse(ts).getroot().iter("context")
        for message in context.iter("message")
    }
    assert found == {("Refusal", template) for template in messages.codes()}


# ------------------------------------------------------------------ through the real code


@pytest.fixture
def engine():
    return shipped_engine("default")


def test_a_session_refusal_keeps_its_english_and_names_its_message(engine):
    session = CallSession(engine, NOW)
    with pytest.raises(SessionError) as caught:
        session.pick_code("nonsense")
    error = caught.value
    assert str(error) == f"'nonsense' is not an incident code of pack '{engine.pack.id}'"
    assert error.code == "UNKNOWN_CODE" and error.template == messages.UNKNOWN_CODE
    assert error.args_for_words == {"code": "nonsense", "pack": engine.pack.id}


def test_a_refusal_kept_by_the_session_carries_its_message(engine):
    session = CallSession(engine, NOW)
    session.pick_code("801")
    first = session.question()
    assert first is not None and session.is_mandatory()
    with pytest.raises(SessionError):
        session.next()
    refusal = session.refusal
    assert refusal is not None and refusal.words is not None
    assert refusal.words.code == "MANDATORY" and refusal.words.args["text"] == first.text
    assert (
        refusal.message
        == str(refusal.words)
        == f"Question 1, '{first.text}', is mandatory: " + ("answer it, or Ctrl+D to record why it was not asked")
    )


def test_a_refusal_inside_a_refusal_keeps_both_ids(engine):
    session = CallSession(engine, NOW)
    session.pick_code("801")
    with pytest.raises(SessionError) as caught:
        session.set_override("risk_level", "HIGH", "because\x1b[2J")
    words = caught.value.words
    assert words.code == "TYPED_TEXT_REFUSED"
    assert words.args["what"].code == "THE_REASON"
    inner = words.args["problem"]
    assert inner.code == "TEXT_UNSAFE_CHARACTER" and inner.args["what"].code == "A_CONTROL_CHARACTER"
    assert str(caught.value) == "The reason contains a control character (U+001B) at position 8"


def test_input_errors_keep_field_and_message_and_carry_the_id(engine):
    with pytest.raises(InputError) as caught:
        parse_call(engine.pack, {"incident_code": "801"})
    error = caught.value
    assert (error.field, error.message, str(error)) == (
        "now",
        "is required (ISO 8601, e.g. 2026-11-23T14:05:00Z)",
        "now: is required (ISO 8601, e.g. 2026-11-23T14:05:00Z)",
    )
    assert error.code == "FIELD_PROBLEM" and error.problem.code == "NOW_REQUIRED"
    with pytest.raises(InputError) as caught:
        check_text("x" * 11, "typed", limit=10)
    assert caught.value.message == "is 11 characters long; the limit is 10"
    check_text("x" * 10, "typed", limit=10)  # the boundary passes
    with pytest.raises(InputError) as caught:
        parse_call(engine.pack, {"incident_code": "801", "now": "2026-11-23T14:05:00Z", "history": "x"})
    assert caught.value.message == "must be a list of {occurred_at, incident_code}"  # braces kept


def test_a_phone_postcode_and_file_refused_in_words_with_ids(tmp_path):
    with pytest.raises(NormaliseError) as caught:
        phone_e164("12")
    assert str(caught.value) == "'12' is not a valid phone number (check the digits and the area code)"
    assert caught.value.code == "PHONE_NOT_VALID"
    with pytest.raises(NormaliseError) as caught:
        postcode(" zz ")
    assert (str(caught.value), caught.value.code) == ("'zz' is not a UK postcode (e.g. CB1 2AB)", "NOT_A_POSTCODE")
    big = tmp_path / "big"
    big.write_bytes(b"x" * 2001)
    with pytest.raises(FileRefused) as caught:
        read_limited(big, 2000)
    assert str(caught.value) == f"file: {big} is 2,001 bytes; the limit is 2,000"
    assert caught.value.code == "FILE_TOO_LARGE"
    assert read_limited(big, 2001) == b"x" * 2001


def test_words_from_elsewhere_are_kept_as_they_are():
    error = SessionError("a {brace} of words from the CLI")
    assert str(error) == "a {brace} of words from the CLI" and error.code is None
    assert str(messages.as_given("50% {x}")) == "50% {x}" and messages.as_given("y").code is None
    assert str(Message(messages.CALLER_NOT_AN_OBJECT)).startswith("must be an object {name, phone")
