"""Cross-reference checks run once a pack's fields have the right shape.

Duplicate ids, dangling references, options that do not belong to their
question, conditions that ask for facts not yet decided, cycles between
questions, scores that are missing, and thresholds that overlap or leave gaps:
each is reported with the path of the item so the loader can name file and line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from graphlib import CycleError, TopologicalSorter
from typing import Any

from asbdesk.core.conditions import PHASE_NAMES, All, AnswerTest, AnyOf, Condition, Facts, GradeIs, Incident, Phase
from asbdesk.core.packs.model import IncidentCode, PackData, Question, ResponsePlan
from asbdesk.core.packs.national import (
    HATE_ATTENDANCE,
    NATIONAL_PROMPT_IDS,
    NATIONAL_SET_ID,
    QUESTION_PREFIX,
    SAFETY_SET_ID,
    emergency_grade_id,
    emergency_rule_on,
    emergency_signals,
    grades_of,
    hate_attendance_on,
    hate_codes,
    hate_signal,
    national_prompts,
    national_question_sets,
    set_ids_for,
    unfireable,
)
from asbdesk.core.suggest import did_you_mean, unknown
from asbdesk.core.vocabulary import PROMPT_KINDS, RAG_RATINGS

PathKey = tuple[Any, ...]
Problem = tuple[PathKey, str]
# Where a second item named in a message is: "questions.yaml:40" (the loader's source map),
# so a message can name both lines, e.g. a condition and the later question it reads.
Locate = Callable[[PathKey], str]


def _no_lines(path: PathKey) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")


def check_pack(pack: PackData, locate: Locate = _no_lines) -> list[Problem]:
    """Every cross-reference problem, each with the path of the item it is about.
    ``locate`` says where another item is, for messages that name two places."""
    problems: list[Problem] = []
    own = _check_ids(pack, problems, locate)
    # A pack's conditions may also read the national layer's own questions it asks (e.g.
    # 'national_immediate_danger' raising the level: issue 21.4); a matrix may not score them.
    national_asked = [q for qset in national_question_sets(pack) if qset for q in qset.questions]
    questions = {**own, **{q.id: q for q in national_asked}}
    _check_codes_and_sets(pack, problems)
    _check_matrix(pack, own, problems)
    _check_decision_table(pack, own, problems)
    _check_conditions(pack, questions, problems, own)
    if not _check_cycles(pack, problems):  # a cycle always reads a later question: said once
        _check_question_order(pack, questions, problems, locate)
    _check_hate_attendance(pack, questions, problems, locate)
    _check_grading(pack, problems)
    _check_emergency(pack, questions, problems)
    _check_national(pack, problems)
    _check_responses(pack, problems)
    _check_consent(pack, problems)
    _check_public(pack, problems)
    return problems


def _duplicates(items: Iterable[tuple[int, str]], path: PathKey, what: str, problems: list[Problem]) -> None:
    seen: dict[str, int] = {}
    for index, ident in items:
        if ident in seen:
            problems.append(((*path, index), f"duplicate {what} '{ident}' (first at item {seen[ident] + 1})"))
        else:
            seen[ident] = index


def _check_ids(pack: PackData, problems: list[Problem], locate: Locate) -> dict[str, Question]:
    _duplicates(enumerate(level.id for level in pack.levels), ("levels",), "level id", problems)
    _duplicates(enumerate(c.code for c in pack.codes), ("codes",), "incident code", problems)
    _duplicates(enumerate(s.id for s in pack.question_sets), ("question_sets",), "question set id", problems)
    for name in ("repeat_rules", "vulnerability", "level_rules", "prompts", "responses", "referrals"):
        _duplicates(enumerate(r.id for r in getattr(pack, name)), (name,), "id", problems)
    _duplicates(enumerate(g.id for g in pack.grading.grades), ("grading", "grades"), "grade id", problems)
    _duplicates(enumerate(r.id for r in pack.pack.decline_reasons), ("pack", "decline_reasons"), "reason id", problems)
    for i, prompt in enumerate(pack.prompts):
        if prompt.id.startswith(("national.", "consent.")):
            problems.append(
                (
                    ("prompts", i, "id"),
                    "ids starting 'national.' or 'consent.' are kept for the national rules and for referrals "
                    "withheld without consent",
                )
            )
    for s, qset in enumerate(pack.question_sets):
        if qset.id in (NATIONAL_SET_ID, SAFETY_SET_ID):
            problems.append(
                (("question_sets", s, "id"), f"the question set id '{qset.id}' is kept for the national questions")
            )
        for q, question in enumerate(qset.questions):
            where = ("question_sets", s, "questions", q, "options")
            first: dict[str, int] = {}
            for o, option in enumerate(question.options):
                if option.id in first:  # on the second option's own line, not the question's
                    problems.append(
                        (
                            (*where, o, "id"),
                            f"option '{option.id}' is listed twice in question '{question.id}' "
                            f"(first at {locate((*where, first[option.id], 'id'))})",
                        )
                    )
                else:
                    first[option.id] = o
            if question.id.startswith(QUESTION_PREFIX):
                problems.append(
                    (
                        ("question_sets", s, "questions", q, "id"),
                        f"question ids starting '{QUESTION_PREFIX}' are kept for the national questions",
                    )
                )
    # Answers are keyed by question id across the whole call, so ids are unique pack-wide.
    questions: dict[str, Question] = {}
    set_of: dict[str, str] = {}
    for s, qset in enumerate(pack.question_sets):
        for q, question in enumerate(qset.questions):
            if question.id in questions:
                problems.append(
                    (
                        ("question_sets", s, "questions", q, "id"),
                        f"duplicate question id '{question.id}' (also in question set '{set_of[question.id]}')",
                    )
                )
            else:
                questions[question.id] = question
                set_of[question.id] = qset.id
    return questions


def _check_codes_and_sets(pack: PackData, problems: list[Problem]) -> None:
    sets = [s.id for s in pack.question_sets]
    for c, code in enumerate(pack.codes):
        for i, set_id in enumerate(code.question_sets):
            if set_id not in sets:
                problems.append((("codes", c, "question_sets", i), unknown("question set", set_id, sets)))
    close = pack.pack.close
    if close:
        if close.question_set not in sets:
            problems.append((("pack", "close", "question_set"), unknown("question set", close.question_set, sets)))
        else:
            in_close = [q.id for s in pack.question_sets if s.id == close.question_set for q in s.questions]
            for key in ("contact_preference", "consent"):
                qid = getattr(close, key)
                if qid is not None and qid not in in_close:
                    problems.append(
                        (
                            ("pack", "close", key),
                            f"'{qid}' is not a question of the set '{close.question_set}'{did_you_mean(qid, in_close)}",
                        )
                    )
    codes = [c.code for c in pack.codes]
    for r, repeat_rule in enumerate(pack.repeat_rules):
        for i, code_id in enumerate(repeat_rule.codes):
            if code_id not in codes:
                problems.append((("repeat_rules", r, "codes", i), unknown("incident code", code_id, codes)))


def question_score_range(question: Question) -> tuple[int, int]:
    """The lowest and highest score one answer to this question can give (0 if unanswered)."""
    scores = [o.score or 0 for o in question.options]
    if question.type == "multi":
        return min(0, sum(s for s in scores if s < 0)), max(0, sum(s for s in scores if s > 0))
    return min(0, *scores), max(0, *scores)


def _check_matrix(pack: PackData, questions: dict[str, Question], problems: list[Problem]) -> None:
    matrix = pack.matrix
    if matrix is None:
        return
    levels = [level.id for level in pack.levels]
    _duplicates(enumerate(s.id for s in matrix.sections), ("matrix", "sections"), "section id", problems)
    placed: dict[str, str] = {}
    top = 0
    for s, section in enumerate(matrix.sections):
        for i, qid in enumerate(section.questions):
            path = ("matrix", "sections", s, "questions", i)
            question = questions.get(qid)
            if question is None:
                problems.append((path, unknown("question", qid, questions)))
                continue
            if qid in placed:
                problems.append((path, f"question '{qid}' is already scored in section '{placed[qid]}'"))
                continue
            placed[qid] = section.id
            if question.type not in ("yes_no", "single", "multi"):
                problems.append((path, f"question '{qid}' is a {question.type} question and cannot be scored"))
                continue
            unscored = [o.id for o in question.options if o.score is None]
            if unscored:
                problems.append((path, f"question '{qid}' is scored but option(s) {unscored} have no score"))
            top += question_score_range(question)[1]
    expected = 0
    thresholds = matrix.thresholds
    for t, threshold in enumerate(thresholds):
        where = ("matrix", "thresholds", t)
        if threshold.level not in levels:
            problems.append(((*where, "level"), unknown("level", threshold.level, levels)))
        if threshold.max is not None and threshold.max < threshold.min:
            problems.append((where, f"max {threshold.max} is below min {threshold.min}"))
        if threshold.min > expected:
            problems.append((where, f"gap: no level covers scores {expected} to {threshold.min - 1}"))
        elif threshold.min < expected:
            problems.append((where, f"overlap: score {threshold.min} is already covered by the threshold before"))
        if threshold.max is None and t != len(thresholds) - 1:
            problems.append((where, "only the last threshold may be open-ended (no max)"))
        expected = (threshold.max if threshold.max is not None else threshold.min) + 1
    last = thresholds[-1]
    if last.max is not None and last.max < top:
        problems.append(
            (
                ("matrix", "thresholds", len(thresholds) - 1),
                f"scores up to {top} are possible but the last threshold ends at {last.max}",
            )
        )
    ranks = {level.id: i for i, level in enumerate(pack.levels)}
    order = [ranks.get(t.level, -1) for t in thresholds]
    if -1 not in order and order != sorted(order):
        problems.append(
            (("matrix", "thresholds"), "thresholds must rise through the levels in the order 'levels' lists them")
        )


def _check_decision_table(pack: PackData, questions: dict[str, Question], problems: list[Problem]) -> None:
    table = pack.decision_table
    if table is None:
        return
    levels = [level.id for level in pack.levels]
    axes = {}
    for axis in ("rows", "columns"):
        qid = getattr(table, axis)
        question = questions.get(qid)
        if question is None:
            problems.append((("decision_table", axis), unknown("question", qid, questions)))
        elif question.type != "single":
            problems.append((("decision_table", axis), f"question '{qid}' must be a single-choice question"))
        else:
            axes[axis] = [o.id for o in question.options]
    if len(axes) != 2:
        return
    for row in axes["rows"]:
        if row not in table.cells:
            problems.append((("decision_table", "cells"), f"no row for option '{row}' of '{table.rows}'"))
    for row, cells in table.cells.items():
        if row not in axes["rows"]:
            problems.append(
                (
                    ("decision_table", "cells", row),
                    f"'{row}' is not an option of '{table.rows}'{did_you_mean(row, axes['rows'])}",
                )
            )
            continue
        for column in axes["columns"]:
            if column not in cells:
                problems.append(
                    (("decision_table", "cells", row), f"no cell for option '{column}' of '{table.columns}'")
                )
        for column, level in cells.items():
            if column not in axes["columns"]:
                problems.append(
                    (
                        ("decision_table", "cells", row, column),
                        f"'{column}' is not an option of '{table.columns}'{did_you_mean(column, axes['columns'])}",
                    )
                )
            elif level not in levels:
                problems.append((("decision_table", "cells", row, column), unknown("level", level, levels)))


def conditions_of(pack: PackData) -> Iterator[tuple[PathKey, Condition, Phase]]:
    """Every condition in the pack with its path and the phase it is evaluated in."""
    for s, qset in enumerate(pack.question_sets):
        for q, question in enumerate(qset.questions):
            if question.show_if is not None:
                yield ("question_sets", s, "questions", q, "show_if"), question.show_if, Phase.QUESTIONS
            if isinstance(question.mandatory, Condition):  # true/false needs no checking
                yield ("question_sets", s, "questions", q, "mandatory"), question.mandatory, Phase.QUESTIONS
    for name, phase in (
        ("vulnerability", Phase.VULNERABILITY),
        ("level_rules", Phase.LEVELS),
        ("prompts", Phase.PROMPTS),
        ("responses", Phase.OUTCOMES),
        ("referrals", Phase.OUTCOMES),
    ):
        for i, rule in enumerate(getattr(pack, name)):
            yield (name, i, "when"), rule.when, phase
    for i, rule in enumerate(pack.grading.rules):
        yield ("grading", "rules", i, "when"), rule.when, Phase.GRADING
    for i, rule in enumerate(pack.rag.rules):
        yield ("rag", "rules", i, "when"), rule.when, Phase.RAG
    for name, when in pack.national.signals.items():
        yield ("national", "signals", name), when, Phase.PROMPTS
    if pack.consent.child_protection is not None:  # read with the referrals it lets through
        yield ("consent", "child_protection", "when"), pack.consent.child_protection.when, Phase.OUTCOMES


_NUMERIC_OPS = ("at_least", "at_most", "greater_than", "less_than")


def _no_options(question: Question, bad: list[Any]) -> str:
    """ "'q2' has no option(s) ['maybe']; did you mean 'other'? (known: knife, other)"."""
    options = [o.id for o in question.options]
    return f"'{question.id}' has no option(s) {bad}{did_you_mean(bad[0], options)}"


def _answer_problem(test: AnswerTest, question: Question) -> str | None:
    op, value, kind = test.op, test.value, question.type
    options = {o.id for o in question.options}
    if op == "answered":
        return None
    if kind == "yes_no":
        if op == "equals" and isinstance(value, bool):
            return None
        return f"'{question.id}' is a yes/no question: test it with 'equals: true' or 'equals: false'"
    if kind == "single":
        if op in ("equals", "in"):
            bad = [v for v in (value if op == "in" else (value,)) if v not in options]
            return _no_options(question, bad) if bad else None
        return f"'{question.id}' is a single-choice question: use 'equals' or 'in' with option ids"
    if kind == "multi":
        if op == "includes":
            return None if value in options else _no_options(question, [value])
        if op == "includes_any":
            bad = [v for v in value if v not in options]
            return _no_options(question, bad) if bad else None
        return (
            f"'{question.id}' is a multiple-choice question: use 'includes' with an option id, "
            "or 'includes_any' with a list of them"
        )
    if kind == "number":
        if op in _NUMERIC_OPS or (op == "equals" and isinstance(value, (int, float)) and not isinstance(value, bool)):
            return None
        return f"'{question.id}' is a number question: use at_least, at_most, greater_than, less_than or equals"
    return f"'{question.id}' is a {kind} question: only 'answered' can test it"


def _check_conditions(
    pack: PackData, questions: dict[str, Question], problems: list[Problem], own: dict[str, Question]
) -> None:
    """Every condition's phase and names; an unknown question is listed against the pack's
    ``own`` questions (the national ones it asks are readable too, not offered)."""
    names: dict[str, list[str]] = {
        "level": [level.id for level in pack.levels],
        "prompt": [*(p.id for p in pack.prompts), *NATIONAL_PROMPT_IDS],
        "prompt_kind": list(PROMPT_KINDS),
        "grade": [g.id for g in grades_of(pack)],
        "section": [s.id for s in pack.matrix.sections] if pack.matrix else [],
        "repeat_rule": [r.id for r in pack.repeat_rules],
        "code": [c.code for c in pack.codes],
    }
    for path, condition, phase in conditions_of(pack):
        if condition.max_phase() > phase:
            problems.append(
                (
                    path,
                    f"refers to something decided after the {PHASE_NAMES[phase]} "
                    f"(it needs {PHASE_NAMES[condition.max_phase()]})",
                )
            )
        for ref in condition.refs():
            where = path + ref.path
            if ref.kind == "question":
                if ref.name not in questions:
                    problems.append((where, unknown("question", ref.name, own)))
            elif ref.kind == "option":
                continue  # checked with the answer test below, knowing the question's type
            elif ref.name not in names[ref.kind]:
                problems.append((where, unknown(ref.kind.replace("_", " "), ref.name, names[ref.kind])))
        for test in (c for c in condition.walk() if isinstance(c, AnswerTest)):
            question = questions.get(test.question)
            if question is not None:
                message = _answer_problem(test, question)
                if message:
                    problems.append((path, message))


def _check_cycles(pack: PackData, problems: list[Problem]) -> bool:
    """show_if conditions must not form a cycle; each cycle is reported once, found without
    recursion (graphlib), so a hostile pack's long chain cannot exhaust the stack. True when
    there is one."""
    depends: dict[str, set[str]] = {}
    where: dict[str, PathKey] = {}
    for s, qset in enumerate(pack.question_sets):
        for q, question in enumerate(qset.questions):
            where[question.id] = ("question_sets", s, "questions", q, "show_if")
            if question.show_if is not None:
                depends[question.id] = {r.name for r in question.show_if.refs() if r.kind == "question"}
    depends = {qid: names & where.keys() for qid, names in depends.items()}  # unknown ids are reported elsewhere
    found = False
    for _ in range(len(depends) + 1):
        try:
            tuple(TopologicalSorter(depends).static_order())
            return found
        except CycleError as error:
            cycle = list(reversed(error.args[1]))  # graphlib lists it against the edges
            problems.append((where[cycle[0]], "show_if conditions form a cycle: " + " -> ".join(cycle)))
            found = True
            depends[cycle[0]].discard(cycle[1])  # break it, then look for the next one
    return found


def _listed(codes: list[str], limit: int = 5) -> str:
    shown = ", ".join(f"'{c}'" for c in codes[:limit])
    more = f" and {len(codes) - limit} more" if len(codes) > limit else ""
    return f"incident code{'s' if len(codes) > 1 else ''} {shown}{more}"


def _check_question_order(
    pack: PackData, questions: dict[str, Question], problems: list[Problem], locate: Locate
) -> None:
    """A question's show_if or mandatory may only read answers to questions asked BEFORE it,
    in the order each incident code asks them (``Pack.questions_for``: the national safety
    question, the code's sets, the national screening, the closing set). A condition that
    reads a later question, or one the code never asks before it, tests an answer not yet
    given when the call reaches the question: it is passed over (or not marked mandatory)
    and can only appear after the operator has moved on."""
    safety, national = national_question_sets(pack)
    set_index = {qs.id: i for i, qs in reversed(list(enumerate(pack.question_sets)))}  # the first of an id
    where: dict[str, PathKey] = {}  # question id -> its path (the first, if given twice)
    for s, qset in enumerate(pack.question_sets):
        for q, question in enumerate(qset.questions):
            where.setdefault(question.id, ("question_sets", s, "questions", q))
    # (condition path, question read, later or missing) -> codes where it is so
    found: dict[tuple[PathKey, str, bool], list[str]] = {}
    asking: dict[str, list[str]] = {}  # question id -> codes that ask it
    for code in pack.codes:
        if any(set_id not in set_index for set_id in code.question_sets):
            continue  # an unknown set is reported by _check_codes_and_sets
        position: dict[str, int] = {}
        order: list[tuple[int, int, Question]] = []
        for set_id in set_ids_for(pack, code.code, safety is not None, national is not None):
            national_set = {NATIONAL_SET_ID: national, SAFETY_SET_ID: safety}.get(set_id)
            if national_set is not None:
                for question in national_set.questions:
                    position.setdefault(question.id, len(position))
                continue
            if set_id not in set_index:
                continue  # an unknown closing set is reported elsewhere
            s = set_index[set_id]
            for q, question in enumerate(pack.question_sets[s].questions):
                if question.id not in position:
                    position[question.id] = len(position)
                    order.append((s, q, question))
        for s, q, question in order:
            asking.setdefault(question.id, []).append(code.code)
            here = position[question.id]
            for field in ("show_if", "mandatory"):
                condition = getattr(question, field)
                if not isinstance(condition, Condition):
                    continue
                for ref in condition.refs():
                    if ref.kind != "question" or ref.name not in questions or ref.name == question.id:
                        continue  # unknown ids and cycles are reported by their own checks
                    at = position.get(ref.name)
                    if at is None or at > here:
                        key = (("question_sets", s, "questions", q, field, *ref.path), ref.name, at is not None)
                        found.setdefault(key, []).append(code.code)
    for (path, name, later), codes in found.items():
        qid = pack.question_sets[path[1]].questions[path[3]].id
        everywhere = codes == asking.get(qid, [])
        read = f"reads '{name}' ({locate(where[name])})"
        if later:
            when = "" if everywhere else f" for {_listed(codes)}"
            message = f"{read}, which is asked after this question{when}"
        else:
            message = f"{read}, which {_listed(codes)} does not ask before this question"
        problems.append((path, f"{message}: a condition may only read answers to questions asked before it"))


def _check_grading(pack: PackData, problems: list[Problem]) -> None:
    grades = [g.id for g in pack.grading.grades]
    levels = [level.id for level in pack.levels]
    if pack.grading.default not in grades:
        problems.append((("grading", "default"), unknown("grade", pack.grading.default, grades)))
    if pack.grading.emergency is not None and pack.grading.emergency not in grades:
        problems.append((("grading", "emergency"), unknown("grade", pack.grading.emergency, grades)))
    for i, rule in enumerate(pack.grading.rules):
        if rule.grade not in grades:
            problems.append((("grading", "rules", i, "grade"), unknown("grade", rule.grade, grades)))
    for i, level_rule in enumerate(pack.level_rules):
        if level_rule.level not in levels:
            problems.append((("level_rules", i, "level"), unknown("level", level_rule.level, levels)))


def _check_national(pack: PackData, problems: list[Problem]) -> None:
    """Every national rule applies unless switched off with a reason: one that nothing in
    the pack can fire is a gap in the pack, not a rule switched off by silence."""
    for rule in unfireable(pack):
        problems.append(
            (
                ("national",),
                f"the national rule '{rule.name}' applies to every force but nothing in this pack can fire it: "
                f"give {rule.needs}, or switch it off under 'national.switched_off' with a reason and its source",
            )
        )


# ---------------------------------------------------------------- hate -> MANDATORY attendance

_WHEN = datetime(2026, 1, 1, tzinfo=UTC)  # any moment: the check gives no history
_MAX_ROUTES = 20  # answer combinations tried per hate signal (an 'all' of 'any's multiplies)
_NO_VALUE = object()


def _satisfying(test: AnswerTest) -> Any:
    """An answer that passes ``test`` (what a caller might say), or _NO_VALUE."""
    op, value = test.op, test.value
    if op in ("equals", "at_least", "at_most"):
        return value
    if op == "in":
        return value[0]
    if op == "includes_any":
        return [value[0]]
    if op == "includes":
        return [value]
    if op == "greater_than":
        return value + 1
    if op == "less_than":
        return value - 1
    return True if value is True else _NO_VALUE  # answered: true (any answer) / false (none)


def _answer_routes(condition: Condition) -> list[dict[str, Any]]:
    """The answers (a few combinations) that can make ``condition`` hold."""
    if isinstance(condition, AnswerTest):
        value = _satisfying(condition)
        return [] if value is _NO_VALUE else [{condition.question: value}]
    if isinstance(condition, AnyOf):
        return [r for item in condition.items for r in _answer_routes(item)][:_MAX_ROUTES]
    if isinstance(condition, All):
        routes: list[dict[str, Any]] = [{}]
        for item in condition.items:
            options = _answer_routes(item) or [{}]
            routes = [{**r, **o} for r in routes for o in options][:_MAX_ROUTES]
        return routes
    return [{}]


def _route_words(route: dict[str, Any], questions: dict[str, Question]) -> str:
    parts = []
    for qid, value in route.items():
        kind = questions[qid].type if qid in questions else ""
        if kind == "yes_no" and isinstance(value, bool):
            parts.append(f"a '{'yes' if value else 'no'}' to '{qid}'")
        elif kind == "multi" and isinstance(value, list):
            parts.append(f"'{value[0]}' ticked in '{qid}'")
        else:
            parts.append(f"the answer {value!r} to '{qid}'")
    return " with ".join(parts)


class _Outcome:
    """What one hate call (only that answer given, or only that code picked) leads to,
    decided in the engine's order but at the lowest risk level and with no history."""

    def __init__(self, pack: PackData, code: IncidentCode, answers: dict[str, Any]) -> None:
        self.pack = pack
        self.grades = {g.id: g for g in grades_of(pack)}
        self.facts = Facts(
            answers=answers,
            incident_code=code.code,
            incident_category=code.category,
            channel="phone",
            now=_WHEN,
            incidents=(Incident(_WHEN, code.code, code.category, (_WHEN, code.code)),),
            level_rank={level.id: i for i, level in enumerate(pack.levels)},
            repeat={r.id: False for r in pack.repeat_rules},
            level=pack.levels[0].id,
        )

    def with_prompts(self, drop: set[str]) -> Facts:
        """The facts once the prompts have fired, leaving out ``drop``."""
        fired = [p for p in (*national_prompts(self.pack), *self.pack.prompts) if p.when.evaluate(self.facts)]
        kept = [p for p in fired if p.id not in drop]
        return replace(self.facts, prompts=frozenset(p.id for p in kept), prompt_kinds=frozenset(p.kind for p in kept))

    def with_grade(self, facts: Facts, grade: str) -> Facts:
        graded = replace(facts, grade=grade)
        fired = [r.rating for r in self.pack.rag.rules if r.when.evaluate(graded)]
        graded.rag = max([self.pack.rag.default, *fired], key=RAG_RATINGS.index)
        return graded

    def printed(self, plan: ResponsePlan, facts: Facts) -> bool:
        """Whether the engine prints ``plan`` with these facts (it follows the grade)."""
        grade = self.grades.get(facts.grade or "")
        if plan.grades and facts.grade not in plan.grades:
            return False
        if (
            grade is not None
            and None not in (plan.attendance, grade.attendance)
            and plan.attendance != grade.attendance
        ):
            return False
        return plan.when.evaluate(facts)


def _attendance_gap(pack: PackData, outcome: _Outcome, locate: Locate) -> str | None:
    """Why this hate call does not lead to MANDATORY attendance, or None when it does: a
    prompt of kind mandatory_attendance, the grading rule on it, the response plan for that
    grade (West Mercia Q8, seed 003 Annex B)."""
    fired = [
        (i, p)
        for i, p in enumerate(pack.prompts)
        if p.kind == "mandatory_attendance" and p.when.evaluate(outcome.facts)
    ]
    if not fired:
        return "fires no mandatory_attendance prompt"
    index, prompt = fired[0]
    named = f"fires '{prompt.id}' ({locate(('prompts', index))})"
    with_prompt = outcome.with_prompts(set())
    without = outcome.with_prompts({p.id for _, p in fired})
    if "emergency" in with_prompt.prompt_kinds:
        return None  # graded an emergency: officers are sent anyway
    rules = pack.grading.rules
    r = next((i for i, rule in enumerate(rules) if rule.when.evaluate(with_prompt)), None)
    if r is None or rules[r].when.evaluate(without):
        return f"{named} but no grading rule on it sets the grade"
    grade = outcome.grades.get(rules[r].grade)
    if grade is None:
        return None  # an unknown grade is reported by _check_grading
    graded_by = f"graded '{grade.label}' ({locate(('grading', 'rules', r))})"
    if grade.attendance is False:
        return f"{named}, {graded_by}, a grade where police do not attend"
    graded = outcome.with_grade(with_prompt, grade.id)
    ungraded = outcome.with_grade(without, pack.grading.default)
    if not any(outcome.printed(p, graded) and not outcome.printed(p, ungraded) for p in pack.responses):
        return f"{named}, {graded_by}, but no response plan follows"
    return None


# ---------------------------------------------------------------- emergency -> risk of injury

_NO_INJURY = re.compile(r"\bno risk of (physical )?injury", re.IGNORECASE)


def _check_emergency(pack: PackData, questions: dict[str, Question], problems: list[Problem]) -> None:
    """An answer that makes the call an Emergency never leaves a rating or a plan beside it
    that says there is no risk of injury (issue 21.4; seed 002 ASB Service Standards: Green
    'No risk of physical injury', Red 'Risk of physical injury.'). The shipped packs raise the
    level for it (a level rule on the emergency answers); validation holds the words."""
    grade = emergency_grade_id(pack)
    if not emergency_rule_on(pack) or grade is None:
        return
    reported: set[str] = set()
    for name, signal in emergency_signals(pack):
        path: PathKey = ("national", "signals", name) if name in pack.national.signals else ("national",)
        for route in _answer_routes(signal):
            words = _route_words(route, questions)
            if not route or not set(route) <= questions.keys() or words in reported:
                continue
            for code in pack.codes:
                said = _no_injury_beside(pack, _Outcome(pack, code, route), signal, grade)
                if said:
                    reported.add(words)
                    problems.append(
                        (
                            path,
                            f"{words} makes the call an Emergency but the rating or plan beside it says "
                            f"'{said}': raise the level for the emergency answers, or leave them out of that rule",
                        )
                    )
                    break


def _no_injury_beside(pack: PackData, outcome: _Outcome, signal: Condition, grade: str) -> str | None:
    """What says 'no risk of injury' beside this emergency call (RAG reason or plan line)."""
    if not signal.evaluate(outcome.facts):
        return None
    rank = outcome.facts.level_rank
    fired = [rule.level for rule in pack.level_rules if rule.when.evaluate(outcome.facts)]
    outcome.facts.level = max([pack.levels[0].id, *fired], key=lambda level: rank.get(level, 0))
    graded = outcome.with_grade(outcome.with_prompts(set()), grade)
    said = [r.reason for r in pack.rag.rules if r.when.evaluate(graded) and _NO_INJURY.search(r.reason)]
    said += [
        line
        for plan in pack.responses
        if outcome.printed(plan, graded)
        for line in plan.text
        if _NO_INJURY.search(line)
    ]
    return said[0] if said else None


_HATE_FIX = (
    "hate must lead to MANDATORY attendance (a prompt, a grading rule on it, a response plan: West Mercia Q8, "
    f"seed 003 Annex B) unless '{HATE_ATTENDANCE}' is switched off under national.switched_off with a reason "
    "and its source"
)


def _check_hate_attendance(
    pack: PackData, questions: dict[str, Question], problems: list[Problem], locate: Locate
) -> None:
    """Every question and code the national layer reads as hate (the answers of the 'hate'
    signal, the codes with offence 'hate') leads to MANDATORY attendance, unless switched off."""
    if not hate_attendance_on(pack):
        return
    for c in hate_codes(pack):
        code = pack.codes[c]
        gap = _attendance_gap(pack, _Outcome(pack, code, {}), locate)
        if gap:
            problems.append((("codes", c, "offence"), f"code '{code.code}' (offence: hate) {gap}; {_HATE_FIX}"))
    signal = hate_signal(pack)
    if signal is None:
        return
    safety, national = national_question_sets(pack)
    sets = {s.id: [q.id for q in s.questions] for s in (*pack.question_sets, *(n for n in (safety, national) if n))}
    where = {
        question.id: ("question_sets", s, "questions", q)
        for s, qset in reversed(list(enumerate(pack.question_sets)))
        for q, question in reversed(list(enumerate(qset.questions)))
    }  # the first place each question is given
    asks = {
        code.code: {
            qid
            for set_id in set_ids_for(pack, code.code, safety is not None, national is not None)
            for qid in sets.get(set_id, ())
        }
        for code in pack.codes
    }
    reported: set[str] = set()
    for route in _answer_routes(signal):
        if not route or not set(route) <= questions.keys():
            continue  # a signal that reads no answer; an unknown question is reported elsewhere
        gaps: list[tuple[str, str]] = []
        tried = 0
        for code in pack.codes:
            outcome = _Outcome(pack, code, route)
            if not set(route) <= asks[code.code] or not signal.evaluate(outcome.facts):
                continue
            tried += 1
            gap = _attendance_gap(pack, outcome, locate)
            if gap:
                gaps.append((code.code, gap))
        first = next(iter(route))
        if not gaps or first in reported:
            continue
        reported.add(first)
        codes = [c for c, _ in gaps]
        when = "" if len(codes) == tried else f" (for {_listed(codes)})"
        problems.append(
            (
                where[first],
                f"{_route_words(route, questions)} is read as hate but {gaps[0][1]}{when}; {_HATE_FIX}",
            )
        )


def _grades_named(condition: Condition) -> set[str] | None:
    """The grades a condition requires, when it requires one at its top (alone or in 'all')."""
    items = condition.children() if isinstance(condition, All) else (condition,)
    named = [set(c.grades) for c in items if isinstance(c, GradeIs)]
    return set.intersection(*named) if named else None


def _check_responses(pack: PackData, problems: list[Problem]) -> None:
    """A response plan and a grade must not say opposite things about attendance."""
    grades = {g.id: g for g in grades_of(pack)}
    for i, plan in enumerate(pack.responses):
        named = set(plan.grades)
        for j, grade_id in enumerate(plan.grades):
            if grade_id not in grades:
                problems.append((("responses", i, "grades", j), unknown("grade", grade_id, grades)))
        in_condition = _grades_named(plan.when)
        if in_condition is not None:
            named |= in_condition
        if plan.attendance is None:
            continue
        for grade_id in sorted(named):
            grade = grades.get(grade_id)
            if grade is not None and grade.attendance is not None and grade.attendance != plan.attendance:
                said = "police attend" if plan.attendance else "no police attend"
                problems.append(
                    (
                        ("responses", i),
                        f"response plan '{plan.id}' says {said} but is paired with the grade '{grade.label}', "
                        "which says the opposite",
                    )
                )


def _check_consent(pack: PackData, problems: list[Problem]) -> None:
    close = pack.pack.close
    for i, referral in enumerate(pack.referrals):
        if referral.requires_consent and (close is None or close.consent is None):
            problems.append(
                (
                    ("referrals", i, "requires_consent"),
                    f"referral '{referral.id}' needs the caller's consent but the pack asks for none: "
                    "name the consent question in pack.close.consent",
                )
            )
    if pack.consent.child_protection is not None and not any(r.requires_consent for r in pack.referrals):
        problems.append(
            (
                ("consent", "child_protection"),
                "no referral in this pack needs the caller's consent, so child protection concerns would "
                "share nothing more: mark the referrals that share the caller's information requires_consent, "
                "or leave consent.child_protection out",
            )
        )


def _check_public(pack: PackData, problems: list[Problem]) -> None:
    """A pack with a 'public' block is used at the front counter: every response
    plan then needs wording for the member of the public (the walk-in slip). A pack
    that offers Welsh (public.welsh) words all of it in both languages (issue 23.3)."""
    _check_welsh(pack, problems)
    if pack.public is None:
        return
    for i, plan in enumerate(pack.responses):
        if plan.public is None:
            problems.append(
                (
                    ("responses", i, "public"),
                    f"response plan '{plan.id}' has no 'public' text: the pack has a 'public' block "
                    "(walk-in use), so every response plan needs wording for the member of the public",
                )
            )


def _check_welsh(pack: PackData, problems: list[Problem]) -> None:
    welsh = pack.public.welsh if pack.public is not None else None
    for i, plan in enumerate(pack.responses):
        if welsh is None and plan.public_cy is not None:
            problems.append(
                (
                    ("responses", i, "public_cy"),
                    f"response plan '{plan.id}' has Welsh 'public_cy' text but the pack does not offer Welsh: "
                    "add public.welsh (the force's name and contact in Welsh), or take 'public_cy' out",
                )
            )
        elif welsh is not None and plan.public is not None and plan.public_cy is None:
            problems.append(
                (
                    ("responses", i, "public"),
                    f"response plan '{plan.id}' has no Welsh 'public_cy' text: the pack offers Welsh "
                    "(public.welsh), so every wording for the public is given in Welsh and English",
                )
            )
        elif welsh is not None and plan.public is None and plan.public_cy is not None:
            problems.append(
                (
                    ("responses", i, "public_cy"),
                    f"response plan '{plan.id}' has Welsh 'public_cy' text but no English 'public' text: give both",
                )
            )
    if welsh is None:
        return
    where = ("public", "welsh", "contact_methods")
    qid = pack.pack.close.contact_preference if pack.pack.close is not None else None
    question = next((q for qset in pack.question_sets for q in qset.questions if q.id == qid), None)
    options = [o.id for o in question.options] if question is not None else []
    missing = [o for o in options if o not in welsh.contact_methods]
    if missing:
        problems.append(
            (
                where if welsh.contact_methods else ("public", "welsh"),
                f"public.welsh.contact_methods has no Welsh for {', '.join(repr(o) for o in missing)}: the pack "
                f"offers Welsh, and the slip says in Welsh how we contact the person (question '{qid}')",
            )
        )
    for option in welsh.contact_methods:
        if option not in options:
            said = f"an option of the contact-preference question '{qid}'" if qid else "a contact method"
            problems.append(
                (
                    (*where, option),
                    f"public.welsh.contact_methods names '{option}', which is not {said}"
                    + (f" ({', '.join(options)})" if options else ": the pack has no close.contact_preference"),
                )
            )
