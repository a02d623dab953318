"""``diff_packs``: what changed between two packs, in words a policy owner reads (issue 19).

Each test copies a shipped pack folder, changes one thing in its YAML as an administrator
would, and checks the exact words (and where the item is written) of the difference."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from asbdesk.core.packs import load_pack
from asbdesk.core.packs.diff import KINDS, Change, diff_json, diff_packs, diff_text
from tests.conftest import PACKS
from tests.core.conftest import shipped


def changed(tmp_path: Path, pack_id: str, *edits: tuple[str, str, str]) -> Path:
    """A copy of the shipped pack with each edit (file, old text, new text) made once."""
    folder = tmp_path / "new" / pack_id
    shutil.copytree(PACKS / pack_id, folder)
    for name, old, new in edits:
        path = folder / name
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, (name, old)
        path.write_text(text.replace(old, new), encoding="utf-8")
    return folder


def line_of(folder: Path, name: str, text: str) -> str:
    """'questions.yaml:46': the line of ``name`` holding ``text``."""
    lines = (folder / name).read_text(encoding="utf-8").splitlines()
    return f"{name}:{next(i for i, line in enumerate(lines, 1) if text in line)}"


def diff(tmp_path: Path, pack_id: str, *edits: tuple[str, str, str]) -> list[Change]:
    return diff_packs(shipped(pack_id), load_pack(changed(tmp_path, pack_id, *edits)))


def words(changes: list[Change]) -> list[str]:
    return [c.words for c in changes]


WM = "west-mercia"


def test_a_reworded_question(tmp_path):
    old_text, new_text = (
        "How have you or your family been affected by this?",
        "How has this affected you or your family?",
    )
    (change,) = diff(tmp_path, WM, ("questions.yaml", f"text: {old_text}", f"text: {new_text}"))
    assert change.words == f'Question q9 (set west_mercia) reworded: "{old_text}" → "{new_text}"'
    assert (change.kind, change.item, change.what, change.before, change.after) == (
        "question",
        "q9",
        "reworded",
        old_text,
        new_text,
    )
    at = line_of(PACKS / WM, "questions.yaml", old_text)
    assert change.old_at == change.new_at == at and change.where() == at


def test_an_added_and_a_removed_option_and_a_score(tmp_path):
    option = "          - {id: occasionally, label: occasionally, score: 3}\n"
    added = diff(
        tmp_path / "a",
        "default",
        ("questions.yaml", option, option + "          - {id: often, label: Often, score: 4}\n"),
    )
    assert words(added) == ['Option ram_how_often/often added: "Often" (score 4)']
    assert added[0].new_at == "questions.yaml:162" and added[0].old_at is None
    removed = diff(tmp_path / "r", "default", ("questions.yaml", option, ""))
    assert words(removed) == ['Option ram_how_often/occasionally removed: "occasionally" (score 3)']
    score = diff(tmp_path / "s", "default", ("questions.yaml", option, option.replace("score: 3", "score: 4")))
    assert words(score) == ["Option ram_how_often/occasionally score 3 → 4"]


def test_a_threshold(tmp_path):
    changes = diff(
        tmp_path,
        "default",
        (
            "assessment.yaml",
            "{level: standard, min: 0, max: 11}\n    - {level: medium, min: 12, max: 23}",
            "{level: standard, min: 0, max: 12}\n    - {level: medium, min: 13, max: 23}",
        ),
    )
    assert words(changes) == ["Risk matrix: standard upper limit 11 → 12", "Risk matrix: medium threshold 12 → 13"]
    assert [c.where() for c in changes] == ["assessment.yaml:9", "assessment.yaml:10"]


def test_a_decision_table_cell(tmp_path):
    (change,) = diff(
        tmp_path,
        "default",
        (
            "assessment.yaml",
            "regular:    {low: standard, moderate: medium,",
            "regular:    {low: standard, moderate: high,",
        ),
    )
    assert change.words == "Decision table: dm_pattern regular × dm_harm moderate: medium → high"
    assert change.where() == "assessment.yaml:20"


def test_a_grade_label(tmp_path):
    (change,) = diff(tmp_path, WM, ("outcome.yaml", "label: Standard response", "label: Standard police response"))
    assert change.words == 'Grade standard relabelled: "Standard response" → "Standard police response"'
    assert (change.before, change.after) == ("Standard response", "Standard police response")  # the words, bare
    assert change.section == "Grades"


def test_a_response_line(tmp_path):
    (change,) = diff(
        tmp_path,
        WM,
        (
            "outcome.yaml",
            "    text:\n      - If Yes, MANDATORY attendance\n",
            "    text:\n      - MANDATORY attendance\n",
        ),
    )
    assert change.words == (
        'Response plan mandatory_attendance line reworded: "If Yes, MANDATORY attendance" → "MANDATORY attendance"'
    )


def test_a_referral(tmp_path):
    changes = diff(tmp_path, "default", ("outcome.yaml", "    within_hours: 72\n", "    within_hours: 48\n"))
    assert words(changes) == ["Referral case_conference time limit: within 72 hours → within 48 hours"]
    assert changes[0].where() == line_of(PACKS / "default", "outcome.yaml", "within_hours: 72")


def test_a_referral_added_and_removed(tmp_path):
    text = (PACKS / "default" / "outcome.yaml").read_text(encoding="utf-8")
    start = text.index("  - id: case_conference\n")
    end = text.index("  - id:", start + 5)
    (change,) = diff(tmp_path, "default", ("outcome.yaml", text[start:end], ""))
    assert change.words == (
        'Referral case_conference removed: to "Joint agency case conference" within 72 hours when {level: high}: '
        '"For high risk cases a joint agency case conference must be called as soon as practicable and in any '
        'case within 72 hours."'
    )


def test_a_prompt(tmp_path):
    old = "Repeat victim – previous incidents have been reported from this caller."
    new = "Repeat victim, incidents have been reported from this caller before."
    (change,) = diff(tmp_path, WM, ("outcome.yaml", f"text: {old}", f"text: {new}"))
    assert change.words == f'Prompt repeat_victim reworded: "{old}" → "{new}"'
    assert change.section == "Prompts"


def test_wording_for_the_public(tmp_path):
    changes = diff(
        tmp_path,
        WM,
        ("pack.yaml", "contact: Call 101, the police non-emergency number.", "contact: Call 101 or visit our website."),
        ("outcome.yaml", "officer will come to see you.", "officer will visit you."),
    )
    assert words(changes) == [
        'Wording for the public: how to contact it: "Call 101, the police non-emergency number." → '
        '"Call 101 or visit our website."',
        "Wording for the public, response plan mandatory_attendance reworded: "
        '"Because you think this may be happening because of who you or your family are, an officer will come to '
        'see you." → "Because you think this may be happening because of who you or your family are, an officer '
        'will visit you."',
    ]


def test_a_condition_as_written(tmp_path):
    (change,) = diff(
        tmp_path,
        WM,
        (
            "questions.yaml",
            "        show_if: {answer: q5, equals: true}\n",
            "        show_if: {any: [{answer: q5, equals: true}, {answer: q2, equals: true}]}\n",
        ),
    )
    assert change.words == (
        "Question q6 (set west_mercia) condition: shown when {answer: q5, equals: true} → "
        "shown when {any: [{answer: q5, equals: true}, {answer: q2, equals: true}]}"
    )


def test_mandatory_and_a_question_added(tmp_path):
    changes = diff(
        tmp_path,
        WM,
        (
            "questions.yaml",
            "        type: yes_no\n        source: Seed 003 Annex B (West Mercia, 2)\n",
            "        type: yes_no\n        mandatory: true\n        source: Seed 003 Annex B (West Mercia, 2)\n"
            "      - id: q2a\n        text: When did it last happen?\n        type: date\n"
            "        show_if: {answer: q2, equals: true}\n        source: force policy 12\n",
        ),
    )
    assert words(changes) == [
        "Question q2 (set west_mercia) mandatory: no → yes",
        'Question q2a (set west_mercia) added: "When did it last happen?" (date, shown when {answer: q2, equals: true})',
    ]


def test_a_renamed_question_is_said_to_be_a_rename(tmp_path):
    changes = diff(tmp_path, WM, ("questions.yaml", "      - id: q10\n", "      - id: q10a\n"))
    assert words(changes) == [
        'Question q10 (set west_mercia) removed: "Is there anyone that you can contact to support you at this time?" '
        "(renamed: the same question is added as q10a)",
        'Question q10a (set west_mercia) added: "Is there anyone that you can contact to support you at this time?" '
        "(yes/no) (renamed from q10)",
    ]


def test_help_is_compared_line_by_line(tmp_path):
    (change,) = diff(tmp_path, "cambridgeshire", ("questions.yaml", "E – Economic issues?", "E – Money issues?"))
    assert (
        change.words
        == 'Question ch_vulnerable (set call_handling) help line reworded: "E – Economic issues?" → "E – Money issues?"'
    )


def test_the_version_and_the_name(tmp_path):
    changes = diff(tmp_path, WM, ("pack.yaml", 'version: "1.0"', 'version: "1.1"'))
    assert words(changes) == ["Pack version: 1.0 → 1.1"]
    assert changes[0].where() == line_of(PACKS / WM, "pack.yaml", "version:")


def test_asking_for_the_thrive_rationale(tmp_path):
    # Issue 22: whether a pack asks for THRIVE decides the dip sample's THRIVE check.
    changes = diff(
        tmp_path,
        WM,
        (
            "pack.yaml",
            '  version: "1.0"\n',
            '  version: "1.0"\n  thrive:\n    source: Seed 001 (the force employs THRIVE)\n',
        ),
    )
    assert words(changes) == [
        'Pack THRIVE rationale (checked in a dip sample): not asked → asked: "Seed 001 (the force employs THRIVE)"'
    ]


def test_the_national_layer_as_each_pack_expands_it(tmp_path):
    """Taking away the follow-up on the pack's hate answer: the national layer asks its own
    five-strand question in every call and its hate prompt reads that alone."""
    follow_up = "  follow_up:\n    hate: {answer: q8, equals: true}\n"
    changes = diff(tmp_path, WM, ("outcome.yaml", follow_up, ""))
    assert words(changes) == [
        "Question national_hate (set national) condition: shown when {answer: q8, equals: true} → shown always",
        "National rules: the pack's broader answer the national hate question follows removed (was {answer: q8, "
        "equals: true}; the national question is asked in every call)",
        "Prompt national.crime_recording.hate condition: {all: [{answer: q8, equals: true}, {answer: national_hate, "
        "equals: true}]} → {answer: national_hate, equals: true}",
    ]
    assert changes[0].new_at is None  # the national layer is asbdesk's code, not a pack file


def test_equal_packs_and_packs_differing_only_in_comments(tmp_path):
    pack = shipped(WM)
    assert diff_packs(pack, load_pack(changed(tmp_path / "same", WM))) == []
    assert "No differences: the two packs are the same files." in diff_text(pack, pack, [])
    commented = load_pack(
        changed(tmp_path / "c", WM, ("questions.yaml", "question_sets:\n", "# a note\nquestion_sets:\n"))
    )
    assert diff_packs(pack, commented) == []
    assert "No differences in what the packs say; the files differ only in comments or layout" in diff_text(
        pack, commented, []
    )


def test_changes_come_in_the_order_a_policy_owner_reads_a_pack(tmp_path):
    changes = diff(
        tmp_path,
        WM,
        ("outcome.yaml", "officer will come to see you.", "officer will visit you."),
        ("outcome.yaml", "label: Standard response", "label: Standard police response"),
        ("questions.yaml", "text: How have you or your family", "text: How have you and your family"),
        ("pack.yaml", 'version: "1.0"', 'version: "1.1"'),
        ("codes.yaml", "label: ASB – Nuisance,", "label: ASB – Nuisance (noise),"),
    )
    assert [c.kind for c in changes] == ["pack", "code", "question", "grade", "public"]
    text = diff_text(shipped(WM), load_pack(tmp_path / "new" / WM), changes)
    assert "5 differences, A → B:" in text
    sections = [line for line in text.splitlines() if line and not line.startswith(("  ", "A: ", "B: ", "5 "))]
    assert sections == ["The pack", "Codes", "Questions", "Grades", "Wording for the public"]
    assert '  Grade standard relabelled: "Standard response" → "Standard police response"  [outcome.yaml:' in text


@pytest.mark.parametrize(("a", "b"), [("default", "west-mercia"), ("default", "cambridgeshire")])
def test_two_shipped_packs(a, b):
    changes = diff_packs(shipped(a), shipped(b))
    kinds = {c.kind for c in changes}
    expected = {
        "pack",
        "code",
        "question set",
        "question",
        "decision table",
        "level rule",
        "vulnerability rule",
        "national",
        "grade",
        "grade rule",
        "rag",
        "response",
        "referral",
        "prompt",
        "public",
    }
    assert expected <= kinds, expected - kinds
    assert [KINDS.index(c.kind) for c in changes] == sorted(KINDS.index(c.kind) for c in changes)
    for change in changes:
        assert "Condition(" not in change.words and "PromptRule(" not in change.words and "None" not in change.words
    result = diff_json(shipped(a), shipped(b), changes)
    assert result["old"]["hash"] == shipped(a).content_hash and result["new"]["id"] == b
    assert result["equal"] is False and len(result["changes"]) == len(changes)
    assert set(result["changes"][0]) == {
        "kind",
        "item",
        "what",
        "before",
        "after",
        "words",
        "old_at",
        "new_at",
        "section",
    }


def test_the_diff_module_imports_neither_qt_nor_the_database():
    import subprocess
    import sys

    from tests.conftest import REPO

    code = (
        "import sys, asbdesk.core.packs.diff\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'PyQt6', 'sqlalchemy')]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO)


def test_long_lists_are_matched_position_by_position_in_bounded_time():
    """A pack is untrusted: two lists of thousands of lines are not matched line by line
    (time growing with the square of their length), but position by position."""
    import time

    from asbdesk.core.packs.diff import MAX_MATCHED, _lines, _merged

    old = [f"line {i}" for i in range(MAX_MATCHED * 5)]
    new = [*old[1:], "the last"]
    start = time.monotonic()
    paired = _lines(old, new)
    assert time.monotonic() - start < 2
    assert paired[0] == ("reworded", "line 0", "line 1") and len(paired) == len(old)
    assert _merged(old, old) == old
    assert _merged(old, new) == ["line 0", *new]  # the removed one first, then the new order


def test_child_protection_changed_and_removed(tmp_path):
    # Seed 003 Annex D.3 (issue 21.5): what a policy owner signs off when the mark changes.
    (change,) = diff(
        tmp_path,
        "default",
        (
            "outcome.yaml",
            "    when: {answer: child_protection, equals: true}\n",
            "    when: {answer: child_protection, equals: false}\n",
        ),
    )
    assert change.words == (
        "Child protection concerns (referrals needing consent made without it) condition: "
        "{answer: child_protection, equals: true} → {answer: child_protection, equals: false}"
    )
    assert change.where() == line_of(PACKS / "default", "outcome.yaml", "{answer: child_protection, equals: true}")
    text = (PACKS / "cambridgeshire" / "outcome.yaml").read_text(encoding="utf-8")
    block = text[text.index("consent:\n") :]
    (removed,) = diff(tmp_path / "again", "cambridgeshire", ("outcome.yaml", block, ""))
    assert removed.words == "Child protection concerns (referrals needing consent made without it) removed"
    assert removed.section == "Referrals"
