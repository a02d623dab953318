"""``asbdesk assess`` starts lean (issue 24): it builds only its own sub-command's parser and
imports neither the other commands' modules nor phonenumbers, while every help and every
refusal of the command line reads as before."""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import subprocess
import sys

import pytest

from asbdesk import cli
from tests.conftest import REPO


def _through(parser: argparse.ArgumentParser, words: list[str]) -> tuple[object, str, str]:
    """What parsing ``words`` gives: the namespace (or the exit code), standard output and error."""
    out, err = io.StringIO(), io.StringIO()
    result: object = None
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            result = vars(parser.parse_args(words))
        except SystemExit as exit_:
            result = ("exit", exit_.code)
    return result, out.getvalue(), err.getvalue()


def _commands(parser: argparse.ArgumentParser, prefix: list[str]):
    yield prefix
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _commands(sub, [*prefix, name])


ASSESS_LINES = [
    ["assess", "--help"],
    ["assess"],  # --input missing
    ["assess", "--input"],
    ["assess", "--input", "call.json"],
    ["assess", "--input", "-", "--pack", "west-mercia", "--format", "slip", "--language", "both"],
    ["assess", "--input", "x", "--format", "pdf"],
    ["assess", "--input", "x", "--bogus"],
    ["assess", "--input", "x", "--demo"],
    ["assess", "--version"],
    ["assess", "--input", "x", "extra"],
]


@pytest.mark.parametrize("words", ASSESS_LINES, ids=[" ".join(w) for w in ASSESS_LINES])
def test_the_assess_parser_parses_as_the_whole_one(monkeypatch, words):
    monkeypatch.setenv("COLUMNS", "100")
    assert _through(cli._parser("assess"), words) == _through(cli._parser(), words)


# Lines that name no command (the desk, training, the self-test), and lines that look like it.
DESK_LINES = [
    [],
    ["--demo"],
    ["--demo", "--as", "supervisor"],
    ["--demo", "--as=trainer"],
    ["--as", "administrator", "--demo"],
    ["--pack", "west-mercia"],
    ["--pack", "review"],  # a pack folder named like a command is the pack's, not the command
    ["--pack=default", "--self-test"],
    ["--training", "--scenario", "s1", "--trainee", "Ann", "--trainer"],
    ["--demo", "--as", "nobody"],  # refused: not a role
    ["--demo", "--as"],  # refused: --as needs a role
    ["--bogus"],
    ["--version"],
]


@pytest.mark.parametrize("words", DESK_LINES, ids=[" ".join(w) or "(nothing)" for w in DESK_LINES])
def test_a_line_naming_no_command_parses_as_the_whole_parser_does(monkeypatch, words):
    """Issue 24.2: the desk's own line is parsed without building every sub-command."""
    monkeypatch.setenv("COLUMNS", "100")
    assert cli._names_no_command(words)
    assert _through(cli._parser("desk"), words) == _through(cli._parser(), words)


@pytest.mark.parametrize(
    "words",
    [
        ["review"],
        ["--demo", "site", "show"],
        ["--demo", "--as", "administrator", "site", "show"],
        ["--help"],
        ["-h"],
        ["--dem", "review"],
        ["-x"],
        ["asses"],
    ],
)
def test_a_line_naming_a_command_or_help_takes_the_whole_parser(words):
    assert not cli._names_no_command(words)


def test_the_desk_parser_builds_no_sub_command():
    [subparsers] = [a for a in cli._parser("desk")._actions if isinstance(a, argparse._SubParsersAction)]
    assert subparsers.choices == {}


def test_main_gives_every_help_as_the_whole_parser_does(monkeypatch):
    """Every command's --help through main() (assess through its lean parser) is the whole
    parser's, word for word."""
    monkeypatch.setenv("COLUMNS", "100")
    lines = list(_commands(cli._parser(), []))
    assert ["assess"] in lines and ["packs", "publish"] in lines and ["review"] in lines
    for words in lines:
        expected = _through(cli._parser(), [*words, "--help"])
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), pytest.raises(SystemExit) as exit_:
            cli.main([*words, "--help"])
        assert (("exit", exit_.value.code), out.getvalue(), err.getvalue()) == expected, words
        assert out.getvalue().startswith(f"usage: asbdesk {' '.join(words)}".rstrip())


def test_the_top_help_still_lists_every_command(monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    _result, out, _err = _through(cli._parser(), ["--help"])
    for command in ("assess", "packs", "db", "review", "flags", "report", "scenario", "site", "demo"):
        assert f"\n    {command} " in out, command


LEAN_CHECK = """
import json, sys
from asbdesk.cli import main
code = main(["assess", "--input", sys.argv[1]])
sys.stdout.flush()
names = ("asbdesk.cli_supervisor", "asbdesk.cli_admin", "asbdesk.cli_training", "phonenumbers", "asbdesk.storage", "PySide6", "sqlalchemy")
print(json.dumps({"code": code, "loaded": [n for n in names if n in sys.modules]}))
"""


def _assess_in_a_child(tmp_path, call: dict) -> tuple[dict, dict]:
    path = tmp_path / "call.json"
    path.write_text(json.dumps(call), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO), "ASBDESK_HOME": str(tmp_path / "home")}
    done = subprocess.run(
        [sys.executable, "-c", LEAN_CHECK, str(path)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    result, _, last = done.stdout.rstrip("\n").rpartition("\n")
    return json.loads(result), json.loads(last)


def test_assess_imports_none_of_the_other_commands(tmp_path):
    call = {"incident_code": "801", "now": "2026-11-23T14:05:00+00:00", "answers": {"immediate_danger": True}}
    result, seen = _assess_in_a_child(tmp_path, call)
    assert seen == {"code": 0, "loaded": []}
    assert result["grade"]
    again, seen_again = _assess_in_a_child(tmp_path, call)  # the pack read from the cache this time
    assert (again, seen_again) == (result, seen)
    assert list((tmp_path / "home" / "cache" / "pack-yaml").glob("*.marshal"))


def test_a_caller_s_phone_still_goes_through_phonenumbers(tmp_path):
    call = {
        "incident_code": "801",
        "now": "2026-11-23T14:05:00+00:00",
        "answers": {"immediate_danger": True},
        "caller": {"name": "Test Caller", "phone": "01223 123456"},
    }
    result, seen = _assess_in_a_child(tmp_path, call)
    assert seen == {"code": 0, "loaded": ["phonenumbers"]}
    assert "+441223123456" in json.dumps(result)
