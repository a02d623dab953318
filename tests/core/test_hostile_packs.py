"""Packs are untrusted input (issue 13): each attack a security probe made on the loader is
refused like any invalid pack, naming the file and the limit, in bounded time and memory,
through the library (PackError) and the command line (exit 1 for validate, 2 for assess)."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import pytest

from asbdesk.core import limits
from asbdesk.core.packs import PackError, load_pack, loader
from tests.conftest import REPO
from tests.core.test_pack_validation import CODES, PACK, QUESTIONS, RULES, write_pack

try:
    import resource
except ImportError:  # pragma: no cover - Windows: no address-space limit, the timeout still holds
    resource = None  # type: ignore[assignment]

CALL = {"incident_code": "801", "now": "2026-11-23T14:05:00Z", "answers": {}}
TIMEOUT = 20  # seconds a hostile pack may take, with 1 GB of address space, before the test fails
SECRET = "root:x:0"  # from /etc/passwd: must never be printed

assert PACK and CODES and RULES  # the fixture pack these attacks are added to


def refused(folder: Path) -> list[str]:
    with pytest.raises(PackError) as caught:
        load_pack(folder)
    return [str(issue) for issue in caught.value.issues]


def _limit_memory() -> None:  # runs in the child before exec
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def cli(*args: str, tmp_path: Path) -> tuple[int, str, float]:
    """Run asbdesk as a subprocess with 1 GB of address space; return exit code, output, seconds."""
    import subprocess

    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("ASBDESK_DEBUG", None)
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "asbdesk", *args],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        preexec_fn=_limit_memory if resource is not None else None,
        env=env,
        cwd=tmp_path,
    )
    return done.returncode, done.stdout + done.stderr, time.monotonic() - start


def assert_refused_by_cli(folder: Path, *words: str) -> None:
    """`packs validate` exits 1 and `assess --pack` exits 2, within the subprocess's bounds, naming the
    limit; no secret shown."""
    call = folder.parent / "call.json"
    call.write_text(json.dumps(CALL), encoding="utf-8")
    for args, expected in (
        (("packs", "validate", str(folder)), 1),
        (("assess", "--pack", str(folder), "--input", str(call)), 2),
    ):
        # Bounded by the subprocess's timeout and 1 GB of memory, not timed: speed is for the benchmarks.
        code, output, _seconds = cli(*args, tmp_path=folder.parent)
        assert code == expected, output
        assert "internal error" not in output and "Traceback" not in output
        assert SECRET not in output
        for word in words:
            assert word in output, output


def alias_bomb() -> str:
    """Nine levels of nine aliases: 9**9 (387 million) strings once expanded."""
    lines = ['a0: &a0 ["lol"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    return "prompts:\n  - " + "\n    ".join(lines) + "\n"


# ------------------------------------------------------------------ the probe's attacks


def test_alias_bomb_is_refused_by_node_count(tmp_path):
    folder = write_pack(tmp_path, extra_yaml=alias_bomb())
    problems = refused(folder)
    assert len(problems) == 1
    assert problems[0].startswith("extra.yaml:")
    assert f"more than {loader.MAX_NODES:,} YAML nodes" in problems[0] and "(limit for packs)" in problems[0]


def test_alias_bomb_is_refused_by_the_cli_in_bounded_time_and_memory(tmp_path):
    folder = write_pack(tmp_path, extra_yaml=alias_bomb())
    assert_refused_by_cli(folder, "extra.yaml:", "YAML nodes", "(limit for packs)")


def test_many_plain_aliases_are_refused(tmp_path):
    text = "prompts:\n  - &one x\n" + "".join("  - *one\n" for _ in range(loader.MAX_ALIASES + 1))
    problems = refused(write_pack(tmp_path, extra_yaml=text))
    assert problems == [
        f"extra.yaml:{loader.MAX_ALIASES + 3}: more than {loader.MAX_ALIASES} YAML aliases "
        "in one file (limit for packs)"
    ]


@pytest.mark.parametrize("text", ["[" * 100_000, "[" * 5_000 + "]" * 5_000], ids=["100k-open", "5k-closed"])
def test_deep_flow_nesting_is_refused(tmp_path, text):
    folder = write_pack(tmp_path, questions_yaml=QUESTIONS + "x: " + text + "\n")
    line = QUESTIONS.count("\n") + 1
    assert refused(folder) == [f"questions.yaml:{line}: YAML nesting deeper than 40 levels (limit for packs)"]


def test_deep_block_nesting_is_refused(tmp_path):
    text = "prompts:\n  " + "- " * 5_000 + "x\n"  # compact block lists, 5,000 deep
    problems = refused(write_pack(tmp_path, extra_yaml=text))
    assert len(problems) == 1 and "YAML nesting deeper than 40 levels (limit for packs)" in problems[0]
    assert problems[0].startswith("extra.yaml:")


def test_deep_nesting_is_refused_by_the_cli_in_bounded_time_and_memory(tmp_path):
    folder = write_pack(tmp_path, questions_yaml=QUESTIONS + "x: " + "[" * 100_000 + "\n")
    assert_refused_by_cli(folder, "questions.yaml:", "YAML nesting deeper than 40 levels (limit for packs)")


def test_nesting_at_the_limit_is_allowed_one_more_is_not(tmp_path):
    def pack(name: str, lists: int) -> Path:
        (tmp_path / name).mkdir()
        deep = "[" * lists + "x" + "]" * lists  # inside the file's mapping, a list and a mapping: 3 levels
        rule = f"responses:\n  - {{id: r, when: {{always: true}}, text: {deep}, source: test fixture}}\n"
        return write_pack(tmp_path / name, extra_yaml=rule)

    at_limit = refused(pack("at", loader.MAX_DEPTH - 3))  # refused by the schema, not by the depth limit
    assert at_limit and not any("nesting" in p for p in at_limit)
    assert refused(pack("past", loader.MAX_DEPTH - 2)) == [
        "extra.yaml:2: YAML nesting deeper than 40 levels (limit for packs)"
    ]


def test_python_tags_are_refused(tmp_path):
    folder = write_pack(tmp_path, extra_yaml="prompts: !!python/name:os.system\n")
    assert refused(folder) == [
        "extra.yaml:1: YAML tag '!!python/name:os.system' is not allowed in packs "
        "(only plain data: text, numbers, true/false, lists and mappings)"
    ]
    assert_refused_by_cli(folder, "extra.yaml:1:", "!!python/name:os.system", "not allowed in packs")


@pytest.mark.parametrize(
    "tag", ["!!python/object/apply:os.system ['true']", "!!binary aGVsbG8=", "!!set {a}", "!local x"]
)
def test_other_tags_are_refused(tmp_path, tag):
    problems = refused(write_pack(tmp_path, extra_yaml=f"prompts:\n  - {tag}\n"))
    assert len(problems) == 1 and problems[0].startswith("extra.yaml:2: YAML tag ")


def test_self_referencing_alias_is_refused(tmp_path):
    folder = write_pack(tmp_path, extra_yaml="prompts: &loop [*loop]\n")
    assert refused(folder) == [
        "extra.yaml:1: YAML alias *loop refers to a list or mapping it is inside (recursive data is not allowed in packs)"
    ]
    assert_refused_by_cli(folder, "extra.yaml:1:", "recursive data is not allowed")


def test_symlink_to_a_file_outside_is_refused_unread(tmp_path):
    folder = write_pack(tmp_path)
    (folder / "passwd.yaml").symlink_to("/etc/passwd")
    problems = refused(folder)
    assert problems == [
        "passwd.yaml: a symbolic link: pack files must be plain files in the pack folder (links are refused and not followed)"
    ]
    assert_refused_by_cli(folder, "passwd.yaml:", "symbolic link")


def test_symlink_inside_the_folder_is_refused_too(tmp_path):
    folder = write_pack(tmp_path)
    (folder / "codes.yaml").rename(folder / "codes.txt")
    (folder / "codes.yaml").symlink_to("codes.txt")
    assert refused(folder) == [
        "codes.yaml: a symbolic link: pack files must be plain files in the pack folder (links are refused and not followed)"
    ]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_is_not_read(tmp_path):
    folder = write_pack(tmp_path)
    os.mkfifo(folder / "fifo.yaml")  # reading it would block for ever
    assert refused(folder) == ["fifo.yaml: not a plain file (a pack holds plain .yaml files only)"]


@pytest.mark.parametrize(
    "rule, words",
    [
        (
            "vulnerability:\n  - {id: v, when: {incidents: {at_least: 2, within_months: 99999}}, reason: r, source: test fixture}",
            "'within_months' must be a whole number from 1 to 120 (limit for packs), not 99999",
        ),
        (
            "vulnerability:\n  - {id: v, when: {incidents: {at_least: 2, within_days: 99999}}, reason: r, source: test fixture}",
            "'within_days' must be a whole number from 1 to 3,660 (limit for packs), not 99999",
        ),
        (
            "vulnerability:\n  - {id: v, when: {incidents: {at_least: 99999}}, reason: r, source: test fixture}",
            "'at_least' must be a whole number from 1 to 1,000 (limit for packs), not 99999",
        ),
        (
            "national:\n  signals:\n    happened_before: {incidents: {at_least: 2, within_months: 99999}}",
            "'within_months' must be a whole number from 1 to 120 (limit for packs)",
        ),
        ("national:\n  case_review: {window_months: 99999}", "less than or equal to 120"),
        (
            "repeat_rules:\n  - {id: r, label: repeat, count: 2, window_days: 99999, source: test fixture}",
            "less than or equal to 3660",
        ),
        (
            "repeat_rules:\n  - {id: r, label: repeat, count: 99999, window_days: 30, source: test fixture}",
            "less than or equal to 1000",
        ),
        (
            "vulnerability:\n  - {id: v, when: {score: {at_least: 99999}}, reason: r, source: test fixture}",
            "'at_least' must be a whole number from 0 to 1,000 (limit for packs)",
        ),
        (
            "vulnerability:\n  - {id: v, when: {answer: q1, at_least: 1.0e+999}, reason: r, source: test fixture}",
            "'at_least' must be a number from -1,000,000 to 1,000,000 (limit for packs)",
        ),
        (
            "vulnerability:\n  - {id: v, when: {answer: q1, less_than: .nan}, reason: r, source: test fixture}",
            "'less_than' must be a number from -1,000,000 to 1,000,000 (limit for packs)",
        ),
        (
            "referrals:\n  - {id: f, when: {always: true}, to: x, within_hours: 99999, text: t, source: test fixture}",
            "less than or equal to 8784",
        ),
    ],
    ids=[
        "within_months",
        "within_days",
        "incidents-at_least",
        "signal-within_months",
        "case_review",
        "repeat-window_days",
        "repeat-count",
        "score-at_least",
        "answer-inf",
        "answer-nan",
        "within_hours",
    ],
)
def test_numbers_out_of_range_are_refused(tmp_path, rule, words):
    problems = refused(write_pack(tmp_path, extra_yaml=rule + "\n"))
    assert len(problems) == 1 and problems[0].startswith("extra.yaml:") and words in problems[0], problems


def test_huge_window_is_refused_by_validate_and_assess(tmp_path):
    rule = "vulnerability:\n  - {id: v, when: {incidents: {at_least: 2, within_months: 99999}}, reason: r, source: test fixture}\n"
    folder = write_pack(tmp_path, extra_yaml=rule)
    assert_refused_by_cli(folder, "extra.yaml:2:", "within_months", "from 1 to 120 (limit for packs)")


@pytest.mark.parametrize("field, value", [("score", 1001), ("score", -1001)])
def test_scores_out_of_range_are_refused(tmp_path, field, value):
    questions = QUESTIONS.replace("score: 5}", f"{field}: {value}}}")
    problems = refused(write_pack(tmp_path, questions_yaml=questions))
    assert any(p.startswith("questions.yaml:10:") and "1000" in p for p in problems), problems


def test_thresholds_out_of_range_are_refused(tmp_path):
    problems = refused(write_pack(tmp_path, rules_yaml=RULES.replace("min: 5}", "min: 5, max: 99999}")))
    assert any(p.startswith("rules.yaml:") and "less than or equal to 1000" in p for p in problems), problems


def test_the_limits_in_conditions_and_schema_agree_with_the_loader(tmp_path):
    """conditions.py and model.py hold the loader's numbers: at the limit loads, one past is refused."""

    def rule(condition: str) -> str:
        return f"vulnerability:\n  - {{id: v, when: {condition}, reason: r, source: test fixture}}\n"

    cases = [
        (rule("{incidents: {at_least: 2, within_days: %d}}"), limits.MAX_WINDOW_DAYS),
        (rule("{incidents: {at_least: 2, within_months: %d}}"), limits.MAX_WINDOW_MONTHS),
        (rule("{incidents: {at_least: %d}}"), limits.MAX_COUNT),
        (rule("{score: {at_most: %d}}"), limits.MAX_SCORE),
        (rule("{answer: q1, at_most: %d}"), limits.MAX_ANSWER_NUMBER),
        (
            "repeat_rules:\n  - {id: r, label: x, count: 2, window_days: %d, source: test fixture}\n",
            limits.MAX_WINDOW_DAYS,
        ),
        ("repeat_rules:\n  - {id: r, label: x, count: %d, window_days: 30, source: test fixture}\n", limits.MAX_COUNT),
        (
            "referrals:\n  - {id: f, when: {always: true}, to: x, within_hours: %d, text: t, source: test fixture}\n",
            limits.MAX_WITHIN_HOURS,
        ),
    ]
    for i, (text, limit) in enumerate(cases):
        at = tmp_path / f"at{i}"
        at.mkdir()
        pack = write_pack(at, extra_yaml=text % limit)
        try:
            load_pack(pack)
        except PackError as error:  # the answer test on a yes/no question is refused for its type only
            assert all("limit" not in str(p) and "less than or equal" not in str(p) for p in error.issues), error
        past = tmp_path / f"past{i}"
        past.mkdir()
        problems = refused(write_pack(past, extra_yaml=text % (limit + 1)))
        assert any(f"{limit:,}" in p or f"{limit}" in p for p in problems), (text, problems)


@pytest.fixture
def composed(monkeypatch) -> list[int]:
    """The most YAML nodes any one parse composed: the work a hostile pack costs, counted
    (not timed: speed is for the benchmarks) — bounded when it stops at the budget."""
    most = [0]
    count = loader._LimitedComposer.count

    def counting(self, event, size):
        most[0] = max(most[0], self.nodes + size)
        return count(self, event, size)

    monkeypatch.setattr(loader._LimitedComposer, "count", counting)
    return most


def test_many_conditions_are_refused_by_node_count_in_bounded_time(tmp_path, composed):
    """200,000 conditions took 15 s and 610 MB; a 1 MB file holds 28,000, refused by node count
    as soon as the budget is passed: nothing past it is composed."""
    text = "vulnerability:\n  - id: v1\n    reason: r\n    source: test fixture\n    when:\n      any:\n"
    text += "      - {answer: q1, equals: true}\n" * 28_000
    folder = write_pack(tmp_path, extra_yaml=text)
    problems = refused(folder)
    assert composed[0] <= loader.MAX_NODES + 1  # stopped at the first node past the budget
    assert len(problems) == 1 and problems[0].startswith("extra.yaml:") and "YAML nodes" in problems[0]
    assert_refused_by_cli(folder, "extra.yaml:", f"more than {loader.MAX_NODES:,} YAML nodes")


def test_the_node_budget_is_for_the_whole_pack(tmp_path):
    per_file = loader.MAX_NODES // 3
    files = {f"extra{i}_yaml": f"prompts{i}:\n" + "  - x\n" * per_file for i in range(4)}
    problems = refused(write_pack(tmp_path, **files))
    assert any("YAML nodes in the pack" in p for p in problems) and not any("extra3.yaml" in p for p in problems)


def test_200000_conditions_in_several_files_are_refused(tmp_path, composed):
    line = "      - {answer: q1, equals: true}\n"
    files = {f"part{i}_yaml": f"rules{i}:\n" + line * 25_000 for i in range(8)}
    problems = refused(write_pack(tmp_path, **files))
    assert composed[0] <= loader.MAX_NODES + 1  # the budget is the pack's: no file composed past it
    assert any("YAML nodes" in p for p in problems)


def test_a_file_over_1_mb_is_refused_unparsed(tmp_path):
    folder = write_pack(tmp_path, extra_yaml="# padding\n" * 110_000)
    assert refused(folder) == ["extra.yaml: file larger than 1,000,000 bytes (limit for packs)"]
    assert_refused_by_cli(folder, "extra.yaml:", "larger than 1,000,000 bytes (limit for packs)")


def test_a_pack_over_5_mb_is_refused(tmp_path):
    folder = write_pack(tmp_path)
    for i in range(6):
        (folder / f"pad{i}.yaml").write_text("#" * 999_000 + "\n", encoding="utf-8")
    problems = refused(folder)
    assert problems == ["pad5.yaml: the pack's .yaml files together are larger than 5,000,000 bytes (limit for packs)"]


def test_too_many_files_are_refused(tmp_path):
    folder = write_pack(tmp_path)
    for i in range(loader.MAX_PACK_FILES):
        (folder / f"empty{i:03}.yaml").write_text("", encoding="utf-8")
    assert refused(folder) == [f"tiny: more than {loader.MAX_PACK_FILES} .yaml files (limit for packs)"]


def test_too_many_questions_are_refused(tmp_path):
    """The show_if cycle check walks chains of questions; a chain of thousands must not reach it."""
    chain = "".join(
        f"      - {{id: c{i}, text: t, type: yes_no, show_if: {{answer: c{i - 1}, answered: true}}}}\n"
        for i in range(1, 3_000)
    )
    text = (
        QUESTIONS + "  - id: chain\n    title: Chain\n    questions:\n      - {id: c0, text: t, type: yes_no}\n" + chain
    )
    folder = write_pack(tmp_path, questions_yaml=text)
    assert refused(folder) == [
        f"questions.yaml:1: question_sets: more than {loader.MAX_QUESTIONS} questions (limit for packs)"
    ]
    assert_refused_by_cli(folder, "questions.yaml:1:", f"more than {loader.MAX_QUESTIONS} questions")


@pytest.mark.parametrize(
    "value, words",
    [
        ("2024-13-45", "bad value: month must be in 1..12"),
        ("9" * 5_000, "bad value: a number with more than 4,300 digits"),
        ("{<<: {a: 1}}", "YAML merge keys ('<<') are not supported in packs"),
        ("{? {? {a: 1}: 1}: 1}", "a key must be text"),
        ("[a", "the '[' opened on this line is never closed with ']'"),
    ],
    ids=["bad-date", "huge-number", "merge-key", "mapping-key", "syntax"],
)
def test_odd_yaml_values_are_reported_not_crashed_on(tmp_path, value, words):
    folder = write_pack(tmp_path, extra_yaml=f"prompts:\n  - x: {value}\n")
    problems = refused(folder)
    assert any(p.startswith("extra.yaml:") and words in p for p in problems), problems


def test_odd_yaml_values_through_the_cli(tmp_path):
    folder = write_pack(tmp_path, extra_yaml="prompts:\n  - x: 2024-13-45\n    y: {<<: {a: 1}}\n")
    assert_refused_by_cli(folder, "extra.yaml:2:", "month must be in 1..12", "merge keys")


def test_a_null_key_is_still_reported_as_unknown(tmp_path):
    problems = refused(write_pack(tmp_path, extra_yaml="~: 1\n"))
    assert problems and problems[0].startswith("extra.yaml:1: None: unknown top-level key")


def test_the_fixture_pack_still_loads(tmp_path):
    assert load_pack(write_pack(tmp_path)).id == "tiny"


def test_every_shipped_pack_loads():
    from tests.conftest import PACKS

    for folder in sorted(p for p in PACKS.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))):
        assert load_pack(folder).id == folder.name


# ------------------------------------------------------------------ each limit: at it loads, one past is refused


def _fixture_nodes() -> int:
    return sum(loader._compose(text, "x.yaml", [])[2] for text in (PACK, CODES, QUESTIONS, RULES))


@pytest.mark.parametrize("past", [0, 1], ids=["at", "past"])
def test_node_budget_boundary(tmp_path, past):
    padding = loader.MAX_NODES - _fixture_nodes() - 3 + past  # the mapping, its key and the list: 3 nodes
    problems = refused(write_pack(tmp_path, extra_yaml="padding:\n" + "  - x\n" * padding))
    assert any("YAML nodes" in p for p in problems) == bool(past), problems[:3]


@pytest.mark.parametrize("past", [0, 1], ids=["at", "past"])
def test_alias_boundary(tmp_path, past):
    text = "padding:\n  - &one x\n" + "  - *one\n" * (loader.MAX_ALIASES + past)
    problems = refused(write_pack(tmp_path, extra_yaml=text))
    assert any("YAML aliases" in p for p in problems) == bool(past), problems[:3]


@pytest.mark.parametrize("past", [0, 1], ids=["at", "past"])
def test_file_size_boundary(tmp_path, past):
    folder = write_pack(tmp_path)
    (folder / "pad.yaml").write_bytes(b"#" * (loader.MAX_FILE_BYTES - 1 + past) + b"\n")
    if past:
        assert refused(folder) == ["pad.yaml: file larger than 1,000,000 bytes (limit for packs)"]
    else:
        assert load_pack(folder).id == "tiny"


@pytest.mark.parametrize("past", [0, 1], ids=["at", "past"])
def test_pack_size_boundary(tmp_path, past):
    folder = write_pack(tmp_path)
    room = loader.MAX_PACK_BYTES - sum(p.stat().st_size for p in folder.iterdir()) + past
    for i in range(5):
        size = min(room, loader.MAX_FILE_BYTES)
        room -= size
        (folder / f"pad{i}.yaml").write_bytes(b"#" * (size - 1) + b"\n")
    if past:  # the last file read (rules.yaml) is one byte too many
        assert refused(folder) == [
            "rules.yaml: the pack's .yaml files together are larger than 5,000,000 bytes (limit for packs)"
        ]
    else:
        assert load_pack(folder).id == "tiny"


@pytest.mark.parametrize("past", [0, 1], ids=["at", "past"])
def test_file_count_boundary(tmp_path, past):
    folder = write_pack(tmp_path)
    for i in range(loader.MAX_PACK_FILES - len(list(folder.iterdir())) + past):
        (folder / f"empty{i:03}.yaml").write_text("", encoding="utf-8")
    if past:
        assert refused(folder) == [f"tiny: more than {loader.MAX_PACK_FILES} .yaml files (limit for packs)"]
    else:
        assert load_pack(folder).id == "tiny"


@pytest.mark.parametrize("past", [0, 1], ids=["at", "past"])
def test_question_count_boundary(tmp_path, past):
    more = "".join(f"      - {{id: m{i}, text: t, type: yes_no}}\n" for i in range(loader.MAX_QUESTIONS - 2 + past))
    folder = write_pack(tmp_path, questions_yaml=QUESTIONS + "  - id: more\n    title: More\n    questions:\n" + more)
    problems = refused(folder) if past else []
    if not past:
        try:
            load_pack(folder)
        except PackError as error:  # the extra set is used by no code: refused for that only
            problems = [str(issue) for issue in error.issues]
    assert any("questions (limit for packs)" in p for p in problems) == bool(past), problems[:3]


# ------------------------------------------------------------------ YAML 1.2 and anchors


@pytest.mark.parametrize(
    "version, problem",
    [
        ("1.1", "extra.yaml:2: '%YAML 1.1' is not allowed in packs: packs are YAML 1.2"),  # line of its ---
        ("1.3", "extra.yaml:1: this '%YAML' version is not allowed: packs are YAML 1.2"),
    ],
    ids=["1.1", "1.3"],
)
def test_a_yaml_version_other_than_1_2_is_refused(tmp_path, version, problem):
    """A %YAML 1.1 directive would bring back yes/no/on/off booleans (the option id ``no``)."""
    assert refused(write_pack(tmp_path, extra_yaml=f"%YAML {version}\n---\nprompts: [no]\n")) == [problem]


def test_a_yaml_1_2_directive_is_allowed(tmp_path):
    codes = "%YAML 1.2\n---\n" + CODES
    assert load_pack(write_pack(tmp_path, codes_yaml=codes)).id == "tiny"


def test_yes_no_on_off_are_text(tmp_path):
    from asbdesk.core.packs.loader import _compose

    issues: list = []
    data, _lines, _used = _compose("a: [yes, no, on, off, y, n, true, false, 017, 0o17, 1_000]\n", "x.yaml", issues)
    assert not issues
    assert data == {"a": ["yes", "no", "on", "off", "y", "n", True, False, 17, 15, 1000]}


def test_an_anchor_defined_twice_is_refused(tmp_path):
    folder = write_pack(tmp_path, extra_yaml="padding:\n  - &a x\n  - &a y\n  - *a\n")
    assert refused(folder) == ["extra.yaml:3: YAML anchor &a is defined twice in the file"]
