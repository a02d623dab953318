"""Hostile input to `asbdesk assess` (issue 13.2): exit 2 naming the field, nothing on
standard output, never exit 70; the limits at and over; controls refused; the text
renderer equal to textwrap, line for line, however long the text."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import textwrap

import pytest

from asbdesk.core.call import (
    INPUT_KEYS,
    MAX_HISTORY_ITEMS,
    MAX_INPUT_BYTES,
    MAX_INTEGER_DIGITS,
    MAX_JSON_DEPTH,
    MAX_TEXT_CHARS,
    Call,
)
from asbdesk.core.render import WIDTH, _wrap, render_text
from tests.conftest import REPO
from tests.core.conftest import NOW, engine
from tests.test_cli import CALL, cli

TEXT_Q = "what_happening"  # a text question of the default pack, shown for 802
BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]


def assess(capsys, stdin: str, fmt: str = "json") -> tuple[int, str, str]:
    return cli(capsys, "assess", "--pack", "default", "--input", "-", "--format", fmt, stdin=stdin)


def refused(capsys, stdin: str, field: str, words: str = "", fmt: str = "json") -> str:
    code, out, err = assess(capsys, stdin, fmt)
    assert code == 2, err
    assert out == ""
    assert err.startswith(f"asbdesk: {field}: "), err
    assert words in err
    assert "Traceback" not in err and "internal error" not in err
    return err


def accepted(capsys, stdin: str, fmt: str = "json") -> str:
    code, out, err = assess(capsys, stdin, fmt)
    assert (code, err) == (0, "")
    return out


def call(**changes) -> str:
    return json.dumps({**CALL, **changes})


def history(n: int) -> list[dict]:
    return [{"occurred_at": "2026-11-09T20:30:00Z", "incident_code": "802"}] * n


# ------------------------------------------------------------------ the probe's crashes (exit 70 before)


@pytest.mark.parametrize("fmt", ["json", "text"])
@pytest.mark.parametrize(
    ("stdin", "field", "words"),
    [
        (call(declined={"consent": []}), "declined.consent", "unknown reason []"),
        (call(declined={"consent": ["caller_declined"]}), "declined.consent", "unknown reason"),
        (call(override={"risk_level": [], "reason": "because"}), "override.risk_level", "unknown risk level []"),
        (call(override={"grade": ["emergency"], "reason": "because"}), "override.grade", "unknown grade"),
        (call(now="0001-01-01T00:00:00Z"), "now", "year 1 is out of range"),
        (call(now="0001-01-01T00:30:00+01:00"), "now", "year 1 is out of range"),
        (
            call(history=[{"occurred_at": "0001-01-01T00:00:00Z", "incident_code": "802"}]),
            "history[0].occurred_at",
            "out of range",
        ),
        (call(answers={TEXT_Q: "\ud800"}), f"answers.{TEXT_Q}", "lone surrogate (U+D800) at position 1"),
        (
            '{"incident_code": "802", "now": "2026-11-23T14:05:00Z", "reference": ' + "9" * 5000 + "}",
            "input",
            "5,000 digits",
        ),
        ("[" * 100_000 + "]" * 100_000, "input", f"more than {MAX_JSON_DEPTH} deep"),
    ],
    ids=[
        "declined-list",
        "declined-list-of-ids",
        "override-risk-level-list",
        "override-grade-list",
        "now-year-1",
        "now-year-1-offset",
        "history-year-1",
        "lone-surrogate",
        "integer-5000-digits",
        "nested-100000",
    ],
)
def test_probe_crash_is_now_exit_2_naming_the_field(capsys, fmt, stdin, field, words):
    refused(capsys, stdin, field, words, fmt)


def test_lone_surrogate_through_the_installed_entry_point_writes_nothing():
    """The probe saw 3,711 bytes of JSON on stdout before the crash: a real UTF-8 stdout."""
    done = subprocess.run(
        [sys.executable, "-m", "asbdesk", "assess", "--input", "-"],
        input='{"incident_code": "802", "now": "2026-11-23T14:05:00Z", "rationale": {"harm": "a\\ud800b"}}',
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
    )
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    assert "rationale.harm: contains a lone surrogate (U+D800) at position 2" in done.stderr


def test_output_that_the_console_cannot_encode_is_still_whole_json():
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    done = subprocess.run(
        [sys.executable, "-m", "asbdesk", "assess", "--input", "-"],
        input=call(answers={TEXT_Q: "caf\u00e9 \u2014 \u00e0 c\u00f4t\u00e9"}),  # json.dumps escapes: ASCII in
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
        env=env,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert json.loads(done.stdout)["pack"]["id"] == "default"


# ------------------------------------------------------------------ unknown keys


def test_typo_in_a_top_level_key_is_refused_with_the_known_keys(capsys):
    err = refused(capsys, call(answer={"weapons": True}), "answer", "unknown key; did you mean 'answers'?")
    assert f"(known keys: {', '.join(INPUT_KEYS)})" in err


def test_every_known_key_is_read(capsys):
    full = {
        "incident_code": "801",
        "now": "2026-11-23T14:05:00Z",
        "channel": "phone",
        "answers": {"weapons": True, "weapons_type": "knife"},
        "declined": {"consent": "caller_declined"},
        "history": history(1),
        "address_history": history(1),
        "override": {"risk_level": "medium", "reason": "written reason"},
        "rationale": {"threat": "t"},
        "reference": "REF1",
        "flags": ["vulnerable_victim"],
        "acknowledged": ["national.emergency"],
        "operator": "op",
        "shared_without_consent": {"partnership_system": "safeguarding: the caller is at risk"},
        "consent_not_made": {"case_conference": "the caller refused consent"},
        "caller": {
            "name": "Elsie Garside",
            "phone": "0113 496 0555",
            "address": {"line1": "4 Canal Row", "town": "Leeds", "postcode": "LS1 4AP"},
            "flags": [{"kind": "vulnerable_victim", "on": "person", "officer_action": "Visit in person"}],
        },
    }
    assert set(full) == set(INPUT_KEYS)
    accepted(capsys, json.dumps(full))


def test_a_key_with_controls_is_shown_escaped(capsys):
    err = refused(capsys, call(answers={"a\u202eb": True}), "answers.'a\\u202eb'", "unknown question id")
    assert "\u202e" not in err


# ------------------------------------------------------------------ sizes: at and over each limit


def padded(size: int) -> str:
    text = call()
    return text[:-1] + " " * (size - len(text.encode("utf-8"))) + "}"


def test_whole_input_at_the_limit_is_read(capsys):
    assert len(padded(MAX_INPUT_BYTES).encode("utf-8")) == MAX_INPUT_BYTES
    accepted(capsys, padded(MAX_INPUT_BYTES))


def test_whole_input_over_the_limit_is_refused_unparsed(capsys):
    refused(capsys, padded(MAX_INPUT_BYTES + 1), "input", f"larger than the limit of {MAX_INPUT_BYTES:,} bytes")


def test_whole_input_limit_counts_bytes_not_characters(capsys):
    text = call(reference="é" * (MAX_INPUT_BYTES // 2))  # fewer characters than the limit, more bytes
    refused(capsys, text, "input", f"{MAX_INPUT_BYTES:,} bytes")


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (lambda s: call(answers={TEXT_Q: s}), f"answers.{TEXT_Q}"),
        (lambda s: call(rationale={"risk": s}), "rationale.risk"),
        (lambda s: call(override={"grade": "response", "reason": s}), "override.reason"),
        (lambda s: call(reference=s), "reference"),
        (lambda s: call(operator=s), "operator"),
        (lambda s: call(caller={"name": s}), "caller.name"),
        (
            lambda s: call(caller={"name": "E", "flags": [{"kind": "location", "officer_action": s}]}),
            "caller.flags[0].officer_action",
        ),
    ],
    ids=["answer", "rationale", "override-reason", "reference", "operator", "caller-name", "flag-instruction"],
)
def test_text_at_and_over_the_limit(capsys, make, field):
    accepted(capsys, make("x" * MAX_TEXT_CHARS), "text")
    refused(
        capsys, make("x" * (MAX_TEXT_CHARS + 1)), field, f"is 10,001 characters long; the limit is {MAX_TEXT_CHARS:,}"
    )


def test_history_at_and_over_the_limit(capsys):
    accepted(capsys, call(history=history(MAX_HISTORY_ITEMS)))
    refused(capsys, call(history=history(MAX_HISTORY_ITEMS + 1)), "history", f"the limit is {MAX_HISTORY_ITEMS:,}")


def nested(depth: int) -> str:  # the reference holds lists nested to `depth` in all
    inner = "[" * (depth - 1) + "]" * (depth - 1)
    return '{"incident_code": "802", "now": "2026-11-23T14:05:00Z", "reference": ' + inner + "}"


def test_nesting_at_and_over_the_limit(capsys):
    refused(capsys, nested(MAX_JSON_DEPTH), "reference", "must be text")  # parsed: the field is wrong
    refused(capsys, nested(MAX_JSON_DEPTH + 1), "input", f"more than {MAX_JSON_DEPTH} deep (the limit)")


def test_brackets_inside_strings_are_not_nesting(capsys):
    accepted(capsys, call(answers={TEXT_Q: "[{" * 100 + '\\"' + "[" * 100}))


def test_integer_digits_at_and_over_the_limit(capsys):
    def with_id(digits: int) -> str:
        return call(history=[{"occurred_at": "2026-11-09T20:30:00Z", "incident_code": "802"}])[:-3] + (
            ', "incident_id": ' + "7" * digits + "}]}"
        )

    accepted(capsys, with_id(MAX_INTEGER_DIGITS))
    refused(capsys, with_id(MAX_INTEGER_DIGITS + 1), "input", f"4,301 digits; the limit is {MAX_INTEGER_DIGITS:,}")


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_not_json(capsys, constant):
    refused(capsys, call()[:-1] + f', "reference": {constant}}}', "input", f"{constant} is not a JSON number")


@pytest.mark.parametrize("when", ["1899-12-31T23:59:59Z", "3000-01-01T00:00:00Z", "9999-12-31T23:59:59-01:00"])
def test_times_out_of_range(capsys, when):
    refused(capsys, call(now=when), "now", "out of range (1900 to 2999)")


# ------------------------------------------------------------------ control characters


def test_nul_in_now(capsys):
    refused(capsys, call(now="2026-11-23T14:05:00\x00"), "now", "contains a control character (U+0000) at position 20")


def test_nul_in_an_answer(capsys):
    refused(capsys, call(answers={TEXT_Q: "a\x00b"}), f"answers.{TEXT_Q}", "control character (U+0000) at position 2")


@pytest.mark.parametrize("char", BIDI, ids=[f"U+{ord(c):04X}" for c in BIDI])
def test_each_bidi_control_in_an_answer(capsys, char):
    err = refused(
        capsys,
        call(answers={TEXT_Q: f"abc{char}def"}),
        f"answers.{TEXT_Q}",
        f"contains a bidirectional text control (U+{ord(char):04X}) at position 4",
    )
    assert char not in err


@pytest.mark.parametrize("char", ["\x01", "\x1b", "\x0b", "\x7f", "\x9b"], ids=["SOH", "ESC", "VT", "DEL", "CSI"])
def test_other_controls_in_an_answer(capsys, char):
    refused(capsys, call(answers={TEXT_Q: f"x{char}"}), f"answers.{TEXT_Q}", f"(U+{ord(char):04X}) at position 2")


@pytest.mark.parametrize("char", ["\ud800", "\udbff", "\udc00", "\udfff"])
def test_lone_surrogates(capsys, char):
    refused(capsys, call(answers={TEXT_Q: char}), f"answers.{TEXT_Q}", f"lone surrogate (U+{ord(char):04X})")


def test_tab_and_newline_are_text(capsys):
    out = accepted(capsys, call(answers={TEXT_Q: "one\ttwo\nthree"}), "text")
    assert "one     two three" in out  # wrapped as the log always has


def test_windows_line_endings_are_text(capsys):
    out = accepted(capsys, call(answers={TEXT_Q: "one\r\ntwo"}), "text")
    assert "one two" in " ".join(out.split())


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"rationale": {"harm": "\x00"}}, "rationale.harm"),
        ({"override": {"grade": "response", "reason": "why\u202e"}}, "override.reason"),
        ({"reference": "REF\x00"}, "reference"),
        ({"operator": "op\u2066"}, "operator"),
        (
            {"history": [{"occurred_at": "2026-11-09T20:30:00Z", "incident_code": "80\x002"}]},
            "history[0].incident_code",
        ),
        (
            {"history": [{"occurred_at": "2026-11-09T20:30:00Z", "incident_code": "802", "incident_id": "\u202d"}]},
            "history[0].incident_id",
        ),
        ({"history": [{"occurred_at": "2026-11-09T20:30:00\x00", "incident_code": "802"}]}, "history[0].occurred_at"),
        (
            {"incident_code": "801", "shared_without_consent": {"partnership_system": "safeguarding \x1b[2J now"}},
            "shared_without_consent.partnership_system",
        ),
    ],
    ids=["rationale", "reason", "reference", "operator", "history-code", "history-id", "history-time", "consent"],
)
def test_controls_in_every_text_field(capsys, changes, field):
    err = refused(capsys, call(**changes), field, "contains a ")
    assert "control character (U+" in err or "bidirectional text control (U+" in err


# ------------------------------------------------------------------ the renderer: textwrap's lines, linearly


def textwrap_lines(text: str, indent: str, hanging: str) -> list[str]:
    return textwrap.wrap(
        text, WIDTH, initial_indent=indent, subsequent_indent=hanging, break_long_words=True, break_on_hyphens=False
    ) or [indent.rstrip()]


def test_wrap_gives_textwraps_lines():
    pieces = [
        "a",
        "b",
        "-",
        " ",
        "  ",
        "\t",
        "\n",
        "\r",
        "\x0b",
        "\x0c",
        "\u00a0",
        "\u2003",
        "\x1c",
        "é",
        "x" * 70,
        "y" * 200,
        " " * 100,
        "\u00a0" * 90,
    ]
    rng = random.Random(13)
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        indent, hanging = rng.choice(["", "  ", "  - ", " " * 40]), rng.choice(["", "    ", " " * 70])
        assert _wrap(text, indent, hanging) == textwrap_lines(text, indent, hanging), repr(text)


def test_a_long_answer_renders_whole():
    """A word far longer than a line: textwrap's quadratic case (the timing is left to
    bench/render_linear.py: timed tests are not used here)."""
    answer = "".join(chr(ord("a") + i % 26) for i in range(100_000))
    lines = render_text(engine("default").assess(Call("802", NOW, answers={TEXT_Q: answer}))).splitlines()
    start = lines.index(next(line for line in lines if line.startswith("     Answer: abcdef")))
    expected = textwrap_lines(f"Answer: {answer}", "     ", "       ")
    assert lines[start : start + len(expected)] == expected
    assert all(len(line) <= WIDTH for line in expected)
    assert "".join(line.strip() for line in expected) == f"Answer: {answer}"
