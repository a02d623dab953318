"""Policy packs: load, validate and index a folder of YAML.

``load_pack(path)`` returns a :class:`Pack` ready for the engine, or raises
:class:`PackError` listing every problem with file, line, item and message.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from asbdesk.core.packs.checks import check_pack, question_score_range
from asbdesk.core.packs.loader import PackError, PackIssue, SourceMap, item_name, parse_pack_data, read_pack_files
from asbdesk.core.packs.model import Grade, IncidentCode, PackData, PromptRule, Question, QuestionSet
from asbdesk.core.packs.national import (
    emergency_grade_id,
    grades_of,
    national_prompts,
    national_question_sets,
    set_ids_for,
)

__all__ = ["Pack", "PackError", "PackIssue", "load_pack"]


class Pack:
    """A validated pack with the indexes the engine needs. Immutable once built."""

    def __init__(self, data: PackData, folder: Path, content_hash: str, source_map: SourceMap | None = None) -> None:
        self.data = data
        self.folder = folder
        self.content_hash = content_hash
        # Where each item was written (file and line) and the files' comments; empty for a
        # pack built in code.
        self.source_map: SourceMap = source_map if source_map is not None else SourceMap({}, {})
        # The national layer every pack inherits: its prompts first, and its emergency grade
        # where the pack names none (asbdesk.core.packs.national).
        self.prompts: tuple[PromptRule, ...] = (*national_prompts(data), *data.prompts)
        self.grade_order: tuple[Grade, ...] = grades_of(data)  # most urgent first
        self.emergency_grade: str | None = emergency_grade_id(data)
        self.codes: dict[str, IncidentCode] = {c.code: c for c in data.codes}
        # The national questions (asked first, in every call) where the pack maps no answer
        # to what a national rule reads.
        self.safety_set, self.national_set = national_question_sets(data)
        sets = (*(s for s in (self.safety_set, self.national_set) if s), *data.question_sets)
        self.question_sets: dict[str, QuestionSet] = {s.id: s for s in sets}
        self.questions: dict[str, Question] = {q.id: q for s in sets for q in s.questions}
        self.level_rank: dict[str, int] = {level.id: i for i, level in enumerate(data.levels)}
        self.level_labels: dict[str, str] = {level.id: level.label for level in data.levels}
        self.grades: dict[str, Grade] = {g.id: g for g in self.grade_order}
        self.section_of: dict[str, str] = {}
        if data.matrix:
            for section in data.matrix.sections:
                for qid in section.questions:
                    self.section_of[qid] = section.id

    @property
    def id(self) -> str:
        return self.data.pack.id

    @property
    def version(self) -> str:
        return self.data.pack.version

    @property
    def name(self) -> str:
        return self.data.pack.name

    @property
    def walk_in_ready(self) -> bool:
        """True when the pack has a 'public' block, so a walk-in slip can be printed.

        Loading guarantees every response plan then has 'public' text. A pack
        without the block is not for front-counter use: refuse the walk-in.
        """
        return self.data.public is not None

    @property
    def offers_welsh(self) -> bool:
        """True when the pack words what the public read in Welsh too (``public.welsh``):
        loading guarantees every response plan then has ``public_cy`` text."""
        return self.data.public is not None and self.data.public.welsh is not None

    @property
    def public_languages(self) -> tuple[str, ...]:
        """The languages its documents for the public can be written in, the force's default
        first: ('en',) without Welsh; e.g. ('both', 'cy', 'en') with it."""
        public = self.data.public
        if public is None or public.welsh is None:
            return ("en",)
        default = public.welsh.default
        return (default, *(lang for lang in ("both", "cy", "en") if lang != default))

    def questions_for(self, code: str) -> tuple[Question, ...]:
        """The national safety question, every question the code brings up in order, the
        national screening questions, then the closing questions."""
        set_ids = set_ids_for(self.data, code, self.safety_set is not None, self.national_set is not None)
        return tuple(q for set_id in set_ids for q in self.question_sets[set_id].questions)

    @cached_property
    def score_range(self) -> tuple[int, int]:
        """The lowest and highest total the matrix can give."""
        low = high = 0
        for qid in self.section_of:
            q_low, q_high = question_score_range(self.questions[qid])
            low += q_low
            high += q_high
        return low, high

    def section_range(self, section_id: str) -> tuple[int, int]:
        low = high = 0
        for qid, sid in self.section_of.items():
            if sid == section_id:
                q_low, q_high = question_score_range(self.questions[qid])
                low += q_low
                high += q_high
        return low, high


def load_pack(folder: str | Path) -> Pack:
    """Load and validate the pack in ``folder``; raise PackError naming every problem."""
    folder = Path(folder)
    if not folder.is_dir():
        raise PackError(folder.name, [PackIssue(str(folder), None, "", "no such pack folder")])
    data, source, issues, digest = read_pack_files(folder)
    if issues:
        raise PackError(folder.name, issues)
    parsed, issues = parse_pack_data(data, source)
    if parsed is None:
        raise PackError(folder.name, issues)

    def locate(path: tuple[object, ...]) -> str:
        file, line = source.locate(path)
        return f"{file}:{line}" if line else file

    problems = check_pack(parsed, locate)
    if problems:
        issues = []
        for path, message in problems:
            file, line = source.locate(path)
            issues.append(PackIssue(file, line, item_name(path, data), message))
        raise PackError(parsed.pack.id, issues)
    if parsed.pack.id != folder.name:
        file, line = source.locate(("pack", "id"))
        raise PackError(
            folder.name,
            [
                PackIssue(
                    file, line, "pack.id", f"the pack id '{parsed.pack.id}' must match its folder name '{folder.name}'"
                )
            ],
        )
    return Pack(parsed, folder, digest, source)
