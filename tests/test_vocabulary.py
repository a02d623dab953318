"""One vocabulary (issue 12.1): the word lists asbdesk fixes (channels, RAG ratings, THRIVE
headings, flag kinds and subjects, roles, categories, prompt kinds...) are written once,
in asbdesk/core/vocabulary.py, and imported everywhere else: never written out again."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from asbdesk.core import vocabulary

PACKAGE = Path(vocabulary.__file__).resolve().parents[1]
HOME = Path(vocabulary.__file__).resolve()


def _strings(node: ast.expr) -> tuple[str, ...] | None:
    """The strings of a tuple, list or set literal (or a Literal[...]'s arguments) made of
    string constants only; None for anything else."""
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        items = node.elts
    elif isinstance(node, ast.Subscript) and _is_literal(node.value):
        items = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
    else:
        return None
    words = tuple(i.value for i in items if isinstance(i, ast.Constant) and isinstance(i.value, str))
    return words if len(words) == len(items) >= 2 else None


def _is_literal(node: ast.expr) -> bool:
    return (isinstance(node, ast.Name) and node.id == "Literal") or (
        isinstance(node, ast.Attribute) and node.attr == "Literal"
    )


def repeats(source: str) -> list[tuple[int, str]]:
    """(line, vocabulary name) for each literal in ``source`` that holds the same words as
    one of the vocabulary's lists (in any order: a set, a shuffled tuple or a Literal too)."""
    wanted = {frozenset(words): name for name, words in vocabulary.WORD_LISTS.items()}
    nodes = [n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.expr)]
    inside_literal = {id(n.slice) for n in nodes if isinstance(n, ast.Subscript) and _is_literal(n.value)}
    found = []
    for node in nodes:
        if id(node) in inside_literal:
            continue  # reported once, as the Literal
        words = _strings(node)
        if words is not None and len(set(words)) == len(words) and frozenset(words) in wanted:
            found.append((node.lineno, wanted[frozenset(words)]))
    return found


def test_no_word_list_is_written_out_twice():
    found = [
        f"{path.relative_to(PACKAGE.parent)}:{line}: {name} written out again; import it from asbdesk.core.vocabulary"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.resolve() != HOME
        for line, name in repeats(path.read_text(encoding="utf-8"))
    ]
    assert found == []


@pytest.mark.parametrize(
    "source",
    [
        'CHANNELS = ("phone", "walk-in")',
        'order = ["green", "amber", "red"]',
        'if rag not in ("red", "green", "amber"): pass',
        'ok = frozenset({"call_handler", "front_counter", "supervisor", "trainer"})',
        'Rag = Literal["green", "amber", "red"]',
        'Channel = typing.Literal["phone", "walk-in"]',
        'for field in ("risk_level", "grade"): pass',
    ],
)
def test_the_scan_finds_a_repeated_list(source):
    assert repeats(source), source  # the test above can fail


@pytest.mark.parametrize(
    "source",
    [
        'x = ("phone",)',
        'x = ("phone", "walk-in", "email")',
        'x = ("green", "amber")',
        'x = {"green": 0, "amber": 1, "red": 2}',  # a mapping keyed by the words (labels) is not the list
    ],
)
def test_the_scan_leaves_other_lists_alone(source):
    assert repeats(source) == []


def test_every_list_is_its_literal_type():
    from typing import get_args

    pairs = [
        (vocabulary.CHANNELS, vocabulary.Channel),
        (vocabulary.RAG_RATINGS, vocabulary.Rag),
        (vocabulary.THRIVE, vocabulary.ThriveHeading),
        (vocabulary.FLAG_KINDS, vocabulary.FlagKind),
        (vocabulary.FLAG_SUBJECTS, vocabulary.FlagSubject),
        (vocabulary.ROLES, vocabulary.Role),
        (vocabulary.CATEGORIES, vocabulary.Category),
        (vocabulary.PROMPT_KINDS, vocabulary.PromptKind),
        (vocabulary.OVERRIDE_FIELDS, vocabulary.OverrideField),
    ]
    for words, literal in pairs:
        assert words == get_args(literal)
    assert set(vocabulary.MUST_ACKNOWLEDGE) <= set(vocabulary.PROMPT_KINDS)
    assert set(vocabulary.CALL_TAKERS) < set(vocabulary.ROLES)
    assert set(vocabulary.FLAG_SUBJECT_WORDS) == set(vocabulary.FLAG_SUBJECTS)


def test_the_vocabulary_depends_on_nothing():
    """Every layer imports it, the GUI before its window paints: the standard library only."""
    tree = ast.parse(HOME.read_text(encoding="utf-8"))
    imported = {
        alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names
    } | {node.module.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    assert imported <= {"__future__", "typing"}


def test_the_old_names_still_import():
    from asbdesk.core import conditions
    from asbdesk.core.packs import model
    from asbdesk.storage import models

    assert conditions.CHANNELS is vocabulary.CHANNELS
    assert conditions.RAG_RATINGS is vocabulary.RAG_RATINGS
    assert conditions.FLAG_KINDS is vocabulary.FLAG_KINDS
    assert conditions.CATEGORIES is vocabulary.CATEGORIES
    assert model.PromptKind is vocabulary.PromptKind
    assert model.Category is vocabulary.Category
    assert models.ROLES is vocabulary.ROLES
    assert [r.id for r in model.DEFAULT_DECLINE_REASONS] == list(vocabulary.DEFAULT_DECLINE_REASONS)
