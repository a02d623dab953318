"""Sweep every shipped pack: it loads, it is cited, and each item is reachable and sane."""

from __future__ import annotations

import re

import pytest

from asbdesk.core.packs.registry import shipped_pack_ids
from tests.conftest import PACKS
from tests.core.conftest import run, seeds_or_skip, shipped

REQUIRED = {"default", "cambridgeshire", "west-yorkshire", "avon-and-somerset", "west-mercia"}


def test_all_required_packs_ship():
    assert set(shipped_pack_ids()) >= REQUIRED


@pytest.mark.parametrize("pack_id", shipped_pack_ids())
def test_pack_loads_and_is_cited(pack_id):
    pack = shipped(pack_id)
    assert pack.id == pack_id
    assert re.search(r"[Ss]eed 00\d", pack.data.pack.source), "the pack must cite its seed"
    for rule in (*pack.prompts, *pack.data.responses, *pack.data.referrals, *pack.data.repeat_rules):
        assert rule.source, f"{rule.id} has no source"
    assert {level.id for level in pack.data.levels} == {"standard", "medium", "high"}


@pytest.mark.parametrize("pack_id", shipped_pack_ids())
def test_every_code_assesses_with_no_answers(pack_id):
    pack = shipped(pack_id)
    for code in pack.codes:
        result = run(pack_id, {"incident_code": code})
        assert result.level == "standard" or result.level_reasons, code
        assert result.grade in pack.grades


@pytest.mark.parametrize("pack_id", shipped_pack_ids())
def test_every_question_set_is_used(pack_id):
    pack = shipped(pack_id)
    used = {s for code in pack.data.codes for s in code.question_sets}
    if pack.data.pack.close:
        used.add(pack.data.pack.close.question_set)
    assert {s.id for s in pack.data.question_sets} == used


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("**", "")).strip()


@pytest.mark.parametrize("pack_id", ["cambridgeshire", "avon-and-somerset", "west-mercia", "west-yorkshire", "default"])
def test_question_wording_is_verbatim_from_the_seeds(pack_id):
    seeds = " ".join(_normalise(p.read_text(encoding="utf-8")) for p in sorted(seeds_or_skip().glob("00*.txt")))
    pack = shipped(pack_id)
    for question in pack.questions.values():
        source = question.source or ""
        if "wording ours" in source or "built from that sentence" in source or "asbdesk wording" in source:
            continue  # the national layer's own wording, or a question the policy describes but does not word
        if question.text.startswith("Guidance on Decision Making –"):
            continue  # the table's heading and the axis it asks for
        assert _normalise(question.text) in seeds, f"{question.id}: {question.text!r} is not in the seeds"
        for option in question.options:
            if question.type != "yes_no" or option.score is not None:
                assert _normalise(option.label) in seeds, f"{question.id}.{option.id}: {option.label!r}"


def test_ram_scores_match_annex_d3():
    pack = shipped("cambridgeshire")
    scores = {
        qid: [o.score for o in pack.questions[qid].options]
        for section in pack.data.matrix.sections
        for qid in section.questions
    }
    assert scores == {
        "ram_how_often": [0, 3, 5],
        "ram_getting_worse": [0, 2],
        "ram_know_offenders": [0, 1, 2],
        "ram_targeted": [0, 1, 2],
        "ram_hate": [0, 3],
        "ram_perpetrator_history": [0, 2, 3, 5],
        "ram_how_affected": [0, 2, 4, 6],
        "ram_support": [0, 1, 3],
        "ram_personal_risk": [0, 3],
    }


def test_packs_folder_holds_only_packs():
    assert all((p / "pack.yaml").is_file() for p in PACKS.iterdir() if p.is_dir())
