"""Whose words each item of a pack is (asbdesk.core.packs.provenance): the rule that marks
asbdesk's own wording in ``packs show`` and the sign-off PDF, on the shipped packs and on
copies changed one thing at a time."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from asbdesk.core.packs import load_pack
from asbdesk.core.packs.describe import Entry, pack_outline, pack_text
from asbdesk.core.packs.loader import read_comments
from asbdesk.core.packs.provenance import NO_SEED, cites_a_seed
from tests.conftest import PACKS
from tests.core.conftest import shipped

SHIPPED = ["default", "cambridgeshire", "avon-and-somerset", "west-mercia", "west-yorkshire"]


def items(pack_id_or_pack) -> list[Entry]:
    pack = shipped(pack_id_or_pack) if isinstance(pack_id_or_pack, str) else pack_id_or_pack
    return [e for e in pack_outline(pack).entries if e.kind == "item"]


def item(entries: list[Entry], head_start: str) -> Entry:
    found = [e for e in entries if e.text.startswith(head_start)]
    assert len(found) == 1, (head_start, [e.text[:60] for e in found])
    return found[0]


def copy_pack(tmp_path: Path, pack_id: str, edit: dict[str, tuple[str, str]]) -> Path:
    """A copy of a shipped pack with ``edit`` {file: (old, new)} applied (each old text once)."""
    folder = tmp_path / pack_id
    shutil.copytree(PACKS / pack_id, folder)
    for name, (old, new) in edit.items():
        path = folder / name
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, (name, old)
        path.write_text(text.replace(old, new), encoding="utf-8")
    return folder


@pytest.mark.parametrize("pack_id", SHIPPED)
def test_every_item_whose_source_cites_no_seed_is_marked(pack_id):
    for entry in items(pack_id):
        if entry.source is not None and not cites_a_seed(entry.source):
            assert entry.mark is not None, entry.text


@pytest.mark.parametrize("pack_id", SHIPPED)
def test_every_item_whose_source_names_asbdesk_is_marked(pack_id):
    for entry in items(pack_id):
        if entry.source and re.search(r"\basbdesk\b(?!/)", entry.source, re.I):
            assert entry.mark is not None, entry.text


@pytest.mark.parametrize("pack_id", SHIPPED)
def test_the_national_layers_wording_is_marked_wherever_it_is(pack_id):
    """Its sources cite the law and the seeds, but the words are asbdesk's (national.py)."""
    pack = shipped(pack_id)
    entries = items(pack)
    for prompt in pack.prompts:
        if prompt.id.startswith("national."):
            marked = item(entries, f"{prompt.id} [")
            assert marked.mark and marked.mark.tags == ("asbdesk wording",), prompt.id
    for qset in (pack.safety_set, pack.national_set):
        for question in qset.questions if qset else ():
            assert item(entries, f"{question.id}: ").mark, question.id
    if "national.emergency" in pack.grades:
        assert item(entries, "national.emergency: Emergency").mark


@pytest.mark.parametrize("pack_id", SHIPPED)
def test_wording_for_the_public_marked_in_a_comment_is_marked(pack_id):
    """The shipped packs' wording for the public is asbdesk's: each carries the YAML comment
    '# asbdesk wording for the public, ...' (docs/packs.md); the comment marks it."""
    pack = shipped(pack_id)
    entries = pack_outline(pack).entries
    public = [d for e in entries for d in e.details if d.text.startswith("For the public: ")]
    assert len(public) == sum(1 for plan in pack.data.responses if plan.public) > 0
    for detail in public:
        assert detail.mark and "asbdesk wording" in detail.mark.tags, detail.text
        assert "the comment on it in outcome.yaml" in detail.mark.why
    head = item(list(entries), "For the public (walk-in slip): ")
    assert head.mark and head.mark.tags == ("asbdesk wording",)


def test_a_verbatim_seed_item_is_not_marked():
    entries = items("west-mercia")
    q8 = item(entries, "Q8 (yes/no, MANDATORY): Do you think it is because of you")
    assert q8.mark is None and q8.source == "Seed 003 Annex B (West Mercia, 8 'Prompt')"
    assert item(entries, "mandatory_attendance: MANDATORY attendance").mark is None  # the grade, verbatim
    assert item(entries, "hate_mandatory_attendance [").mark is None


def test_asbdesk_words_inside_an_item_mark_it_though_its_source_cites_a_seed():
    # West Yorkshire's help for the vulnerability considerations says it is an asbdesk mapping;
    # West Mercia's 'Standard response' grade says so in its description.
    wy = item(items("west-yorkshire"), "vulnerability_factors (multi")
    assert wy.source == "Seed 002 'Assessing vulnerability'"
    assert wy.mark and wy.mark.tags == ("asbdesk mapping",) and "its own words" in wy.mark.why
    standard = item(items("west-mercia"), "standard: Standard response")
    assert standard.mark and standard.mark.tags == ("asbdesk wording",)


def test_asbdesk_named_without_a_phrase_is_marked_asbdesk():
    repeat = item(items("west-yorkshire"), "two_or_more ")
    assert repeat.mark and repeat.mark.tags == ("asbdesk",)  # "... read as 90 days by asbdesk"
    assert 'two_or_more "repeat victim": 2 or more incidents in 90 days (this report counts) [asbdesk]' in (
        pack_text(shipped("west-yorkshire"))
    )


def test_a_source_that_cites_no_seed_or_none_is_marked(tmp_path):
    folder = copy_pack(
        tmp_path,
        "west-mercia",
        {
            "questions.yaml": (
                "source: Seed 003 Annex B (West Mercia, 4)\n",
                "source: Force policy ASB-12, section 4\n",
            ),
            "codes.yaml": (
                ", source: \"Seed 003 section 2 NSIRA 2012 box ('Nuisance')\"}",
                "}",
            ),
        },
    )
    entries = items(load_pack(folder))
    q4 = item(entries, "Q4 (text): ")
    assert q4.mark and q4.mark.tags == (NO_SEED,) and q4.mark.why == "its source cites no seed"
    nuisance = item(entries, "nuisance ASB – Nuisance")
    assert nuisance.mark and nuisance.mark.why == "it has no source"
    assert "Q4 (text): Do you know who is involved, their names and where they live? [no seed cited]" in pack_text(
        load_pack(folder)
    )


def test_a_comment_marks_only_the_item_it_is_written_on(tmp_path):
    folder = copy_pack(
        tmp_path,
        "west-mercia",
        {
            "questions.yaml": (
                "      - id: q9\n",
                "      # asbdesk reading: the seed's question 9 in full\n      - id: q9\n",
            )
        },
    )
    entries = items(load_pack(folder))
    assert item(entries, "Q9 (text)").mark.tags == ("asbdesk reading",)
    assert item(entries, "Q10 (yes/no)").mark is None
    assert item(entries, "Q7 (text)").mark is None


def test_multi_line_help_keeps_its_lines():
    text = pack_text(shipped("cambridgeshire"))
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip() == "Help: Consider the following factors:")
    assert [line.strip() for line in lines[at + 1 : at + 4]] == [
        "K – Keep the Victim safe",
        "E – Economic issues?",
        "E – Equality and Discrimination?",
    ]


def test_comments_are_read_outside_quotes_and_block_scalars():
    text = (
        "# a whole line\n"
        "a: 1  # at the end\n"
        'b: "not # a comment"  # but this is\n'
        "c: the victim's view # read\n"
        "d: 'it''s # quoted'\n"
        "help: |-\n"
        "  # part of the help\n"
        "  K – Keep the Victim safe\n"
        "e: x#y\n"
        "  # after the block\n"
    )
    comments = read_comments(text)
    assert comments.full == {1: "a whole line", 10: "after the block"}
    assert comments.inline == {2: "at the end", 3: "but this is", 4: "read"}


def test_a_comment_above_a_top_level_key_is_the_files_not_an_items(tmp_path):
    folder = copy_pack(
        tmp_path,
        "west-mercia",
        {"questions.yaml": ("question_sets:\n", "# asbdesk wording: a note on the whole file\nquestion_sets:\n")},
    )
    pack = load_pack(folder)
    assert pack_outline(pack).marks == pack_outline(shipped("west-mercia")).marks
