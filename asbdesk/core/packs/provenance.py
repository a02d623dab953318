"""Whose words an item of a pack is: the seed's, or asbdesk's own.

A policy owner signs off a pack item by item (``asbdesk packs show ID --format pdf``). The
seeds are the specification (PRODUCT.md): wording, scores and rules come from them
verbatim. Where asbdesk had to write or read something itself, the item is marked, by
this rule, wherever it is:

1. **The national layer** (``national.py``): its prompts, its questions and its emergency
   grade are asbdesk's wording ("The prompt wording is ours"), whatever law they rest on.
2. **Said on the item**: its own ``source``, its own words (a grade's description, a
   question's help) or a YAML comment written on it (the shipped packs mark their wording
   for the public so: ``# asbdesk wording for the public, from seed ...``) says "asbdesk
   wording", "asbdesk mapping" or "asbdesk reading" (each tagged as said), or names
   asbdesk otherwise ("asbdesk uses ...": tagged ``asbdesk``).
3. **No seed cited**: its source (its own, or the one it comes under: a question's set's,
   a grade's grading scheme's) cites no seed ("seed 003 ...", "seeds 000/001"), or there
   is none: tagged ``no seed cited``.

A parent's words do not mark its children (a grading scheme whose source says one grade
is asbdesk's wording does not mark the others), but a child with no source of its own is
checked for rule 3 against its parent's.

Pure Python: no Qt, no database.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from asbdesk.core.packs.loader import PathKey

if TYPE_CHECKING:
    from asbdesk.core.packs import Pack

PHRASES = ("asbdesk mapping", "asbdesk reading", "asbdesk wording")
NATIONAL_WORDING = "asbdesk wording"
NAMED = "asbdesk"
NO_SEED = "no seed cited"
TAGS = (*PHRASES, NAMED, NO_SEED)

LEGEND = (
    ("asbdesk wording", "asbdesk's own words, not the source's (the source says what they are built from)"),
    (
        "asbdesk mapping",
        "asbdesk's own mapping of the source onto the pack (a rule, number or link the source does not give)",
    ),
    ("asbdesk reading", "asbdesk's own reading of what the source says"),
    ("asbdesk", "the source names asbdesk as the author of part of it"),
    ("no seed cited", "the source cites none of the seeds, so nothing here is checked against them"),
)

_SEED = re.compile(r"\bseeds?\s+00\d", re.IGNORECASE)
_NAMED = re.compile(r"\basbdesk\b(?![/.]\w)", re.IGNORECASE)  # not a path such as asbdesk/core/...


@dataclass(frozen=True)
class Mark:
    """Why an item is marked as asbdesk's own: its tags (from TAGS) and where that was read."""

    tags: tuple[str, ...]
    why: str

    def __str__(self) -> str:
        return " ".join(f"[{tag}]" for tag in self.tags)


def cites_a_seed(source: str | None) -> bool:
    """True when ``source`` cites one of the seeds (``seed 003``, ``Seeds 000/001``)."""
    return bool(source and _SEED.search(source))


def _said(text: str) -> tuple[str, ...]:
    lowered = text.lower()
    found = tuple(phrase for phrase in PHRASES if phrase in lowered)
    if found:
        return found
    return (NAMED,) if _NAMED.search(text) else ()


def mark(
    pack: Pack,
    *,
    source: str | None,
    parent_source: str | None = None,
    words: Iterable[str | None] = (),
    paths: Iterable[PathKey] = (),
    national: bool = False,
) -> Mark | None:
    """The mark of one item, or None when it is the seed's: ``source`` is its own source,
    ``parent_source`` the one it comes under (checked only when it has none), ``words`` its
    own wording, ``paths`` where it is written in the pack (for the comments on it), and
    ``national`` true for an item of the national layer."""
    if national:
        return Mark((NATIONAL_WORDING,), "the national layer's own wording (asbdesk/core/packs/national.py)")
    tags: list[str] = []
    whys: list[str] = []

    def note(text: str | None, why: str) -> None:
        found = _said(text or "")
        if found:
            tags.extend(tag for tag in found if tag not in tags)
            whys.append(why)

    note(source, "its source says so")
    for text in words:
        note(text, "its own words say so")
    for path in paths:
        for comment in pack.source_map.comments_on(path):
            file, line = pack.source_map.locate(path)
            note(comment, f"the comment on it in {file}" + (f" (line {line})" if line else ""))
    if len(tags) > 1 and NAMED in tags:
        tags.remove(NAMED)
    if tags:
        return Mark(tuple(tags), "; ".join(dict.fromkeys(whys)))
    cited = source if source is not None else parent_source
    if not cites_a_seed(cited):
        return Mark((NO_SEED,), "its source cites no seed" if cited else "it has no source")
    return None
