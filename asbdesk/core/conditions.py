"""Conditions: a small declarative language, parsed from pack YAML, never eval-ed.

A condition is one mapping with one operator key (plus that operator's own keys)::

    {all: [c, ...]}  {any: [c, ...]}  {not: c}  {always: true}
    {answer: q13, equals: true}          {answer: q2, in: [a, b]}
    {answer: q9, includes: opt}          {answer: q9, includes_any: [opt, other]}
    {answer: q4, answered: true}
    {answer: n, at_least: 3}             {answer: n, at_most: 9}
    {incident: {codes: ["405"], categories: [personal]}}
    {channel: walk-in}                   {channel: [phone, walk-in]}   # a list: any of them
    {flag: vulnerable_victim}            # an active flag on the caller, phone or address
    {flag: [vulnerable_victim, repeat_victim]}                       # a list: any of them
    {incidents: {at_least: 2, within_days: 30, within_months: 6,
                 codes: [...], categories: [...]}}     # current report + history
    {incidents: {at_least: 3, within_months: 6, at_address: true}}  # + anyone's at the address
    {repeat: true}   {vulnerable: true}
    {score: {at_least: 12, section: offence}}
    {level: {at_least: medium}}   {level: high}
    {prompt: hate_attendance}     {prompt_kind: emergency}
    {grade: response}             {rag: [amber, red]}

Each operator belongs to a *phase* of the assessment: a condition may only refer
to facts decided before the phase it is used in (a question's ``show_if`` cannot
ask for the grade). The pack loader checks that, and every question, option,
prompt, grade and level named, when the pack loads (STYLE.md habit 3).

``OPERATORS`` is the language as one table: each operator's name, the value it
takes (in words), the node it parses to and the phase whose facts it reads. The
parser, the message for an unknown operator, each node's phase and the table in
docs/packs.md (``operator_table()``, kept equal to it by a test) all come from it.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import IntEnum
from typing import Any

from asbdesk.core.limits import MAX_ANSWER_NUMBER, MAX_COUNT, MAX_SCORE, MAX_WINDOW_DAYS, MAX_WINDOW_MONTHS
from asbdesk.core.suggest import did_you_mean
from asbdesk.core.timeutil import months_after, months_before
from asbdesk.core.vocabulary import CATEGORIES, CHANNELS, FLAG_KINDS, RAG_RATINGS


class Phase(IntEnum):
    """The order facts are decided in; a condition may use facts of its phase or earlier."""

    QUESTIONS = 0  # answers, incident, channel, flags, incident counts (show_if, mandatory)
    VULNERABILITY = 1  # + repeat results, scores
    LEVELS = 2  # + vulnerable
    PROMPTS = 3  # + the overall risk level
    GRADING = 4  # + prompts fired
    RAG = 5  # + grade
    OUTCOMES = 6  # + RAG (responses, referrals)


PHASE_NAMES = {
    Phase.QUESTIONS: "question visibility",
    Phase.VULNERABILITY: "vulnerability rules",
    Phase.LEVELS: "level rules",
    Phase.PROMPTS: "prompts",
    Phase.GRADING: "grading",
    Phase.RAG: "RAG rules",
    Phase.OUTCOMES: "responses and referrals",
}


def normalise_channel(value: Any) -> Any:
    """'walk_in', 'Walk-in' and 'walk in' all mean the front counter."""
    if isinstance(value, str):
        return value.strip().lower().replace("_", "-").replace(" ", "-")
    return value


class ConditionError(ValueError):
    """A condition in a pack is malformed. ``path`` is relative to the condition."""

    def __init__(self, message: str, path: tuple[Any, ...] = ()) -> None:
        super().__init__(message)
        self.path = path


@dataclass(frozen=True)
class Ref:
    """Something a condition names that the pack must define."""

    kind: str  # question | option | level | prompt | prompt_kind | grade | section | repeat_rule | code
    name: str
    question: str | None = None  # for options: the question they belong to
    path: tuple[Any, ...] = ()


@dataclass(frozen=True)
class Incident:
    """One incident counted by repeat and threshold rules."""

    occurred_at: datetime
    code: str
    category: str
    key: tuple[Any, ...]  # incidents with the same key are one incident (several agencies)
    any_kind: bool = False  # the call being taken before its code is picked: counts for every filter
    at_address: bool = False  # known from the address's history only (a complaint by someone else)
    behaviour_at: datetime | None = None  # when the behaviour complained of happened, where known
    reference: str | None = None  # the incident id or reference on record


@dataclass
class Facts:
    """What is known at evaluation time. Later phases fill in more fields."""

    answers: Mapping[str, Any]
    incident_code: str
    incident_category: str
    channel: str
    now: datetime
    incidents: Sequence[Incident]  # current report first, then distinct history
    level_rank: Mapping[str, int]
    # The current report, the caller's history and then the complaints at their address
    # that are not the caller's, each incident once (the ASB Case Review's count)
    at_address: Sequence[Incident] = ()
    flags: frozenset[str] = frozenset()  # kinds of the active flags on the caller, phone or address
    repeat: Mapping[str, bool] = field(default_factory=dict)
    score_total: int = 0
    score_sections: Mapping[str, int] = field(default_factory=dict)
    vulnerable: bool = False
    level: str | None = None
    prompts: frozenset[str] = frozenset()
    prompt_kinds: frozenset[str] = frozenset()
    grade: str | None = None
    rag: str | None = None


class Condition:
    """Base of every condition node."""

    @property
    def phase(self) -> Phase:
        """The phase whose facts this node reads (from its row in OPERATORS)."""
        return _PHASE_OF[type(self)]

    def evaluate(self, facts: Facts) -> bool:  # pragma: no cover - abstract
        raise NotImplementedError

    def refs(self) -> Iterator[Ref]:
        return iter(())

    def children(self) -> tuple[Condition, ...]:
        """The conditions this one combines (all/any/not); none for a leaf."""
        return ()

    def walk(self) -> Iterator[Condition]:
        """This condition and every condition inside it."""
        yield self
        for child in self.children():
            yield from child.walk()

    def max_phase(self) -> Phase:
        return max((self.phase, *(child.max_phase() for child in self.children())))

    def to_data(self) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError


@dataclass(frozen=True)
class Always(Condition):
    value: bool

    def evaluate(self, facts: Facts) -> bool:
        return self.value

    def to_data(self) -> Any:
        return {"always": self.value}


@dataclass(frozen=True)
class All(Condition):
    items: tuple[Condition, ...]

    def evaluate(self, facts: Facts) -> bool:
        return all(item.evaluate(facts) for item in self.items)

    def refs(self) -> Iterator[Ref]:
        for i, item in enumerate(self.items):
            for ref in item.refs():
                yield _prefixed(ref, ("all", i))

    def children(self) -> tuple[Condition, ...]:
        return self.items

    def to_data(self) -> Any:
        return {"all": [i.to_data() for i in self.items]}


@dataclass(frozen=True)
class AnyOf(Condition):
    items: tuple[Condition, ...]

    def evaluate(self, facts: Facts) -> bool:
        return any(item.evaluate(facts) for item in self.items)

    def refs(self) -> Iterator[Ref]:
        for i, item in enumerate(self.items):
            for ref in item.refs():
                yield _prefixed(ref, ("any", i))

    def children(self) -> tuple[Condition, ...]:
        return self.items

    def to_data(self) -> Any:
        return {"any": [i.to_data() for i in self.items]}


@dataclass(frozen=True)
class Not(Condition):
    item: Condition

    def evaluate(self, facts: Facts) -> bool:
        return not self.item.evaluate(facts)

    def refs(self) -> Iterator[Ref]:
        for ref in self.item.refs():
            yield _prefixed(ref, ("not",))

    def children(self) -> tuple[Condition, ...]:
        return (self.item,)

    def to_data(self) -> Any:
        return {"not": self.item.to_data()}


@dataclass(frozen=True)
class AnswerTest(Condition):
    """A test on one question's answer. An answer to a hidden question is no answer."""

    question: str
    op: str
    value: Any

    def evaluate(self, facts: Facts) -> bool:
        answered = self.question in facts.answers
        if self.op == "answered":
            return answered is bool(self.value)
        if not answered:
            return False
        answer = facts.answers[self.question]
        op = self.op
        if op == "equals":
            if isinstance(answer, bool) or isinstance(self.value, bool):
                return answer is self.value
            return answer == self.value
        if op == "in":
            return answer in self.value
        if op == "includes":
            return isinstance(answer, (list, tuple, frozenset)) and self.value in answer
        if op == "includes_any":
            return isinstance(answer, (list, tuple, frozenset)) and any(v in answer for v in self.value)
        if isinstance(answer, bool) or not isinstance(answer, (int, float)):
            return False
        if op == "at_least":
            return answer >= self.value
        if op == "at_most":
            return answer <= self.value
        if op == "greater_than":
            return answer > self.value
        return answer < self.value  # less_than

    def refs(self) -> Iterator[Ref]:
        yield Ref("question", self.question, path=("answer",))
        if self.op in _LIST_VALUED:
            for i, value in enumerate(self.value):
                if isinstance(value, str):
                    yield Ref("option", value, self.question, (self.op, i))
        elif self.op in ("equals", "includes") and isinstance(self.value, str):
            yield Ref("option", self.value, self.question, (self.op,))

    def to_data(self) -> Any:
        value = list(self.value) if self.op in _LIST_VALUED else self.value
        return {"answer": self.question, self.op: value}


_LIST_VALUED = ("in", "includes_any")  # answer tests whose value is a list (kept as a tuple)


@dataclass(frozen=True)
class IncidentIs(Condition):
    codes: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()

    def evaluate(self, facts: Facts) -> bool:
        if self.codes and facts.incident_code not in self.codes:
            return False
        return not self.categories or facts.incident_category in self.categories

    def refs(self) -> Iterator[Ref]:
        for i, code in enumerate(self.codes):
            yield Ref("code", code, path=("incident", "codes", i))

    def to_data(self) -> Any:
        return {"incident": _drop_empty({"codes": list(self.codes), "categories": list(self.categories)})}


@dataclass(frozen=True)
class ChannelIs(Condition):
    """The report comes by one of these channels."""

    channels: tuple[str, ...]

    def evaluate(self, facts: Facts) -> bool:
        return facts.channel in self.channels

    def to_data(self) -> Any:
        return {"channel": _one_or_list(self.channels)}


@dataclass(frozen=True)
class FlagActive(Condition):
    """An active flag of one of these kinds is on the caller, their phone number or their address."""

    kinds: tuple[str, ...]

    def evaluate(self, facts: Facts) -> bool:
        return not facts.flags.isdisjoint(self.kinds)

    def to_data(self) -> Any:
        return {"flag": _one_or_list(self.kinds)}


@dataclass(frozen=True)
class IncidentCount(Condition):
    """At least N incidents (the current report counts as one) in a window up to ``now``."""

    at_least: int
    within_days: int | None = None
    within_months: int | None = None
    codes: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    # Also count complaints by anyone about behaviour at the caller's address, and only
    # complaints made within one month of the behaviour where that is known (the ASB Case
    # Review: 2014 Act s104(1)(a) "that person, or any other person"; s104(11)).
    at_address: bool = False

    def count(self, facts: Facts) -> int:
        return len(self.matching(facts))

    def matching(self, facts: Facts) -> list[Incident]:
        return [
            incident
            for incident in (facts.at_address or facts.incidents if self.at_address else facts.incidents)
            if in_window(incident.occurred_at, facts.now, self.within_days, self.within_months)
            and (incident.any_kind or not self.codes or incident.code in self.codes)
            and (incident.any_kind or not self.categories or incident.category in self.categories)
            and not (self.at_address and late_complaint(incident))
        ]

    def evaluate(self, facts: Facts) -> bool:
        return self.count(facts) >= self.at_least

    def refs(self) -> Iterator[Ref]:
        for i, code in enumerate(self.codes):
            yield Ref("code", code, path=("incidents", "codes", i))

    def to_data(self) -> Any:
        return {
            "incidents": _drop_empty(
                {
                    "at_least": self.at_least,
                    "within_days": self.within_days,
                    "within_months": self.within_months,
                    "codes": list(self.codes),
                    "categories": list(self.categories),
                    "at_address": self.at_address or None,
                }
            )
        }


def raised_by(condition: Condition, facts: Facts) -> list[Condition]:
    """The tests that made ``condition`` hold: its leaves that hold, reached through the
    'all' and 'any' branches that hold (a 'not' is a leaf: what is absent raised nothing)."""
    if not condition.evaluate(facts):
        return []
    if isinstance(condition, (All, AnyOf)):
        return [leaf for item in condition.items for leaf in raised_by(item, facts)]
    return [condition]


def node_words(condition: Condition) -> str:
    """A condition as the pack writes it, on one line (for a log line that names it)."""
    return json.dumps(condition.to_data(), ensure_ascii=False, separators=(", ", ": "))


def late_complaint(incident: Incident) -> bool:
    """A complaint made more than one month after the behaviour it reports (known only
    where the behaviour's time is given): it does not qualify for the ASB Case Review
    (2014 Act s104(11))."""
    return incident.behaviour_at is not None and incident.occurred_at > months_after(incident.behaviour_at, 1)


def in_window(when: datetime, now: datetime, days: int | None, months: int | None) -> bool:
    """True when ``when`` is no later than ``now`` and no more than the window before it.

    "N in D days" means no more than D x 24 hours before now (issue 2); a window in
    months is calendar months (the ASB Case Review's "6 months").
    """
    if when > now:
        return False
    if days is not None and (now - when).total_seconds() > days * 86400:
        return False
    return months is None or when >= months_before(now, months)


@dataclass(frozen=True)
class RepeatIs(Condition):
    rule: str | None  # None: any repeat rule
    value: bool = True

    def evaluate(self, facts: Facts) -> bool:
        hit = facts.repeat.get(self.rule, False) if self.rule else any(facts.repeat.values())
        return hit is self.value

    def refs(self) -> Iterator[Ref]:
        if self.rule:
            yield Ref("repeat_rule", self.rule, path=("repeat",))

    def to_data(self) -> Any:
        return {"repeat": self.rule if self.rule else self.value}


@dataclass(frozen=True)
class ScoreTest(Condition):
    section: str | None
    at_least: int | None
    at_most: int | None

    def evaluate(self, facts: Facts) -> bool:
        score = facts.score_sections.get(self.section, 0) if self.section else facts.score_total
        if self.at_least is not None and score < self.at_least:
            return False
        return self.at_most is None or score <= self.at_most

    def refs(self) -> Iterator[Ref]:
        if self.section:
            yield Ref("section", self.section, path=("score", "section"))

    def to_data(self) -> Any:
        return {"score": _drop_empty({"section": self.section, "at_least": self.at_least, "at_most": self.at_most})}


@dataclass(frozen=True)
class VulnerableIs(Condition):
    value: bool

    def evaluate(self, facts: Facts) -> bool:
        return facts.vulnerable is self.value

    def to_data(self) -> Any:
        return {"vulnerable": self.value}


@dataclass(frozen=True)
class LevelTest(Condition):
    level: str
    at_least: bool  # False: exactly this level

    def evaluate(self, facts: Facts) -> bool:
        if facts.level is None:
            return False
        if self.at_least:
            return facts.level_rank[facts.level] >= facts.level_rank[self.level]
        return facts.level == self.level

    def refs(self) -> Iterator[Ref]:
        yield Ref("level", self.level, path=("level",))

    def to_data(self) -> Any:
        return {"level": {"at_least": self.level} if self.at_least else self.level}


@dataclass(frozen=True)
class PromptFired(Condition):
    prompt: str

    def evaluate(self, facts: Facts) -> bool:
        return self.prompt in facts.prompts

    def refs(self) -> Iterator[Ref]:
        yield Ref("prompt", self.prompt, path=("prompt",))

    def to_data(self) -> Any:
        return {"prompt": self.prompt}


@dataclass(frozen=True)
class PromptKindFired(Condition):
    kind: str

    def evaluate(self, facts: Facts) -> bool:
        return self.kind in facts.prompt_kinds

    def refs(self) -> Iterator[Ref]:
        yield Ref("prompt_kind", self.kind, path=("prompt_kind",))

    def to_data(self) -> Any:
        return {"prompt_kind": self.kind}


@dataclass(frozen=True)
class GradeIs(Condition):
    grades: tuple[str, ...]

    def evaluate(self, facts: Facts) -> bool:
        return facts.grade in self.grades

    def refs(self) -> Iterator[Ref]:
        for i, grade in enumerate(self.grades):
            yield Ref("grade", grade, path=("grade", i))

    def to_data(self) -> Any:
        return {"grade": list(self.grades)}


@dataclass(frozen=True)
class RagIs(Condition):
    ratings: tuple[str, ...]

    def evaluate(self, facts: Facts) -> bool:
        return facts.rag in self.ratings

    def to_data(self) -> Any:
        return {"rag": list(self.ratings)}


# --------------------------------------------------------------------------- parsing


def parse_condition(data: Any) -> Condition:
    """Parse the YAML form of a condition; raise ConditionError naming the bad part."""
    if isinstance(data, Condition):
        return data
    if not isinstance(data, Mapping):
        raise ConditionError(f"a condition must be a mapping such as {{answer: q1, equals: true}}, not {_show(data)}")
    if "answer" in data:
        return _parse_answer(data)
    if len(data) != 1:
        raise ConditionError(f"a condition needs exactly one operator, found {sorted(map(str, data))}")
    ((key, value),) = data.items()
    operator = _BY_NAME.get(key)
    if operator is None or operator.answer_test:
        if operator is not None:
            raise ConditionError(f"'{key}' tests an answer: write it beside 'answer: <question id>'")
        known = sorted([*(o.name for o in OPERATORS if not o.answer_test), "answer"])
        raise ConditionError(f"unknown condition operator '{key}'{did_you_mean(key, known, limit=len(known))}")
    try:
        return operator.parse(value)
    except ConditionError as error:
        raise ConditionError(str(error), (key, *error.path)) from None


def _each(items: list[Any], parse: Callable[[Any], Any]) -> tuple[Any, ...]:
    """Each item parsed; an error names the item's place in the list."""
    out = []
    for i, item in enumerate(items):
        try:
            out.append(parse(item))
        except ConditionError as error:
            raise ConditionError(str(error), (i, *error.path)) from None
    return tuple(out)


def _parse_list(key: str, value: Any) -> tuple[Condition, ...]:
    if not isinstance(value, list) or not value:
        raise ConditionError(f"'{key}' needs a non-empty list of conditions, not {_show(value)}")
    return _each(value, parse_condition)


def _parse_answer(data: Mapping[str, Any]) -> Condition:
    question = data["answer"]
    if not isinstance(question, str) or not question:
        raise ConditionError("'answer' must name a question id", ("answer",))
    ops = [k for k in data if k != "answer"]
    operator = _BY_NAME.get(ops[0]) if len(ops) == 1 else None
    if operator is None or not operator.answer_test:
        raise ConditionError(
            f"an answer test needs exactly one of {', '.join(ANSWER_OPS)}; found {sorted(map(str, ops)) or 'none'}"
        )
    op = operator.name
    try:
        value = operator.parse(data[op])
    except ConditionError as error:
        raise ConditionError(str(error), (op, *error.path)) from None
    return AnswerTest(question, op, value)


def _in_range(value: Any, op: str) -> Any:
    # Packs are untrusted input (asbdesk.core.limits): numbers within range (NaN is out of it).
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if number and not -MAX_ANSWER_NUMBER <= value <= MAX_ANSWER_NUMBER:
        raise ConditionError(
            f"'{op}' must be a number from {-MAX_ANSWER_NUMBER:,} to {MAX_ANSWER_NUMBER:,} (limit for packs), "
            f"not {_show(value)}"
        )
    return value


def _answer_value(op: str) -> Callable[[Any], Any]:
    """true/false (a yes/no answer), an option id, a number or text."""

    def parse(value: Any) -> Any:
        if not isinstance(value, (bool, str, int, float)):
            raise ConditionError(f"'{op}' needs true/false, an option id, a number or text, not {_show(value)}")
        return _in_range(value, op)

    return parse


def _answer_values(op: str, item: Callable[[Any], Any]) -> Callable[[Any], tuple[Any, ...]]:
    """A non-empty list, each item parsed by ``item``; kept as a tuple."""

    def parse(value: Any) -> tuple[Any, ...]:
        if not isinstance(value, list) or not value:
            raise ConditionError(f"'{op}' needs a non-empty list, not {_show(value)}")
        return _each(value, item)

    return parse


def _answer_number(op: str) -> Callable[[Any], Any]:
    def parse(value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConditionError(f"'{op}' needs a number, not {_show(value)}")
        return _in_range(value, op)

    return parse


def _option_id(op: str) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        if not isinstance(value, str) or not value:
            raise ConditionError(f"'{op}' needs an option id, not {_show(value)}")
        return value

    return parse


def _strings(value: Any, what: str, allowed: Sequence[str] | None = None, key: str | None = None) -> tuple[str, ...]:
    """One name, or a non-empty list of them (an empty list names nothing: refused)."""
    if isinstance(value, list) and not value:
        raise ConditionError(f"'{key or what}' needs one {what} or a non-empty list of them, not an empty list")
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        if isinstance(item, int) and not isinstance(item, bool):
            item = str(item)  # incident codes such as 801 read from YAML as numbers
        if not isinstance(item, str):
            raise ConditionError(f"{what} must be text, not {_show(item)}")
        if not item:
            raise ConditionError(f"{what} must not be empty text")
        if allowed is not None and item not in allowed:
            raise ConditionError(f"unknown {what} '{item}'{did_you_mean(item, allowed, limit=len(allowed))}")
        out.append(item)
    return tuple(out)


def _check_keys(value: Any, allowed: set[str], what: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ConditionError(f"'{what}' needs a mapping")
    unknown = set(map(str, value)) - allowed
    if unknown:
        first = sorted(unknown)[0]
        close = difflib.get_close_matches(first, sorted(allowed), n=1) if len(first) <= 64 else []
        hint = f"; did you mean '{close[0]}'?" if close else ""
        raise ConditionError(f"unknown key(s) {sorted(unknown)} in '{what}'{hint} (allowed: {sorted(allowed)})")
    return value


def _positive_int(value: Any, what: str, minimum: int = 1, maximum: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ConditionError(f"'{what}' must be a whole number of at least {minimum}, not {_show(value)}")
    if maximum is not None and value > maximum:
        raise ConditionError(
            f"'{what}' must be a whole number from {minimum} to {maximum:,} (limit for packs), not {_show(value)}"
        )
    return value


def _parse_incident(value: Any) -> Condition:
    value = _check_keys(value, {"codes", "categories"}, "incident")
    if not value:
        raise ConditionError("'incident' needs 'codes' or 'categories'")
    return IncidentIs(
        _names_under(value, "codes", "incident code"),
        _names_under(value, "categories", "category", CATEGORIES),
    )


def _names_under(
    value: Mapping[str, Any], key: str, what: str, allowed: Sequence[str] | None = None
) -> tuple[str, ...]:
    """The names under an optional key (none when it is absent; an empty list is refused)."""
    if key not in value:
        return ()
    try:
        return _strings(value[key], what, allowed, key)
    except ConditionError as error:
        raise ConditionError(str(error), (key, *error.path)) from None


def _parse_incidents(value: Any) -> Condition:
    value = _check_keys(
        value, {"at_least", "within_days", "within_months", "codes", "categories", "at_address"}, "incidents"
    )
    if "at_least" not in value:
        raise ConditionError("'incidents' needs 'at_least'")
    days = value.get("within_days")
    months = value.get("within_months")
    return IncidentCount(
        at_least=_positive_int(value["at_least"], "at_least", maximum=MAX_COUNT),
        within_days=None if days is None else _positive_int(days, "within_days", maximum=MAX_WINDOW_DAYS),
        within_months=None if months is None else _positive_int(months, "within_months", maximum=MAX_WINDOW_MONTHS),
        codes=_names_under(value, "codes", "incident code"),
        categories=_names_under(value, "categories", "category", CATEGORIES),
        at_address=_parse_bool("at_address")(value.get("at_address", False)),
    )


def _parse_bool(key: str) -> Callable[[Any], bool]:
    def parse(value: Any) -> bool:
        if not isinstance(value, bool):
            raise ConditionError(f"'{key}' must be true or false, not {_show(value)}")
        return value

    return parse


def _parse_repeat(value: Any) -> Condition:
    if isinstance(value, bool):
        return RepeatIs(None, value)
    if isinstance(value, str) and value:  # an empty id would read as "any repeat rule"
        return RepeatIs(value, True)
    raise ConditionError(f"'repeat' must be true, false or a repeat rule id, not {_show(value)}")


def _parse_score(value: Any) -> Condition:
    value = _check_keys(value, {"section", "at_least", "at_most"}, "score")
    if "at_least" not in value and "at_most" not in value:
        raise ConditionError("'score' needs 'at_least' or 'at_most'")
    section = value.get("section")
    if section is not None and (not isinstance(section, str) or not section):  # "" would read as the total
        raise ConditionError(f"'section' must be a section id, not {_show(section)}", ("section",))
    bounds = {}
    for key in ("at_least", "at_most"):
        if key in value:
            bounds[key] = _positive_int(value[key], key, minimum=0, maximum=MAX_SCORE)
    return ScoreTest(section, bounds.get("at_least"), bounds.get("at_most"))


def _parse_level(value: Any) -> Condition:
    if isinstance(value, str) and value:
        return LevelTest(value, at_least=False)
    if not isinstance(value, Mapping):
        raise ConditionError(f"'level' needs a level id, or {{at_least: level id}}, not {_show(value)}")
    value = _check_keys(value, {"at_least"}, "level")
    if not isinstance(value.get("at_least"), str) or not value["at_least"]:
        raise ConditionError("'level' needs a level id, or {at_least: level id}")
    return LevelTest(value["at_least"], at_least=True)


def _parse_id(key: str, cls: Callable[[str], Condition]) -> Callable[[Any], Condition]:
    def parse(value: Any) -> Condition:
        if not isinstance(value, str) or not value:
            raise ConditionError(f"'{key}' must name one id, not {_show(value)}")
        return cls(value)

    return parse


def _parse_channel(value: Any) -> Condition:
    channels = [normalise_channel(v) for v in value] if isinstance(value, list) else normalise_channel(value)
    return ChannelIs(_strings(channels, "channel", CHANNELS, "channel"))


# --------------------------------------------------------------------------- the language, as one table


@dataclass(frozen=True)
class Operator:
    """One operator of the condition language (one row of OPERATORS)."""

    name: str  # the key in the YAML mapping
    value: str  # the value it takes, in words (the table in docs/packs.md)
    node: type[Condition]  # the node it parses to
    phase: Phase  # the phase whose facts it reads: usable there and in every later phase
    parse: Callable[[Any], Any]  # its YAML value -> the node (an answer test: -> the value the node keeps)
    example: Mapping[str, Any]  # a valid condition using it
    answer_test: bool = False  # written beside 'answer: <question id>'


_ANY = "any of them"
OPERATORS: tuple[Operator, ...] = (
    Operator(
        "all",
        "a non-empty list of conditions: all of them hold",
        All,
        Phase.QUESTIONS,
        lambda v: All(_parse_list("all", v)),
        {"all": [{"answer": "q13", "equals": True}, {"channel": "walk-in"}]},
    ),
    Operator(
        "any",
        "a non-empty list of conditions: at least one holds",
        AnyOf,
        Phase.QUESTIONS,
        lambda v: AnyOf(_parse_list("any", v)),
        {"any": [{"answer": "q13", "equals": True}, {"flag": "vulnerable_victim"}]},
    ),
    Operator(
        "not",
        "one condition: it does not hold",
        Not,
        Phase.QUESTIONS,
        lambda v: Not(parse_condition(v)),
        {"not": {"answer": "q13", "equals": False}},
    ),
    Operator(
        "always",
        "true or false",
        Always,
        Phase.QUESTIONS,
        lambda v: Always(_parse_bool("always")(v)),
        {"always": True},
    ),
    Operator(
        "equals",
        "true or false (a yes/no question), an option id (single choice) or a number (a number question)",
        AnswerTest,
        Phase.QUESTIONS,
        _answer_value("equals"),
        {"answer": "q13", "equals": True},
        answer_test=True,
    ),
    Operator(
        "in",
        f"a non-empty list of option ids (single choice): {_ANY}",
        AnswerTest,
        Phase.QUESTIONS,
        _answer_values("in", _answer_value("in")),
        {"answer": "dm_harm", "in": ["moderate", "significant"]},
        answer_test=True,
    ),
    Operator(
        "includes",
        "an option id: a multiple-choice answer includes it",
        AnswerTest,
        Phase.QUESTIONS,
        _option_id("includes"),
        {"answer": "factors", "includes": "age"},
        answer_test=True,
    ),
    Operator(
        "includes_any",
        "a non-empty list of option ids: a multiple-choice answer includes at least one",
        AnswerTest,
        Phase.QUESTIONS,
        _answer_values("includes_any", _option_id("includes_any")),
        {"answer": "factors", "includes_any": ["age", "disability"]},
        answer_test=True,
    ),
    Operator(
        "answered",
        "true or false: the question is (not) answered",
        AnswerTest,
        Phase.QUESTIONS,
        _parse_bool("answered"),
        {"answer": "q4", "answered": True},
        answer_test=True,
    ),
    *(
        Operator(
            op,
            f"a number: the answer to a number question is {words} it",
            AnswerTest,
            Phase.QUESTIONS,
            _answer_number(op),
            {"answer": "people", op: number},
            answer_test=True,
        )
        for op, words, number in (
            ("at_least", "at least", 3),
            ("at_most", "at most", 9),
            ("greater_than", "more than", 2),
            ("less_than", "less than", 10),
        )
    ),
    Operator(
        "incident",
        "{codes: [...], categories: [...]}, either or both: the current report's code and category",
        IncidentIs,
        Phase.QUESTIONS,
        _parse_incident,
        {"incident": {"codes": ["405"], "categories": ["personal"]}},
    ),
    Operator(
        "channel",
        f"a channel ({', '.join(CHANNELS)}), or a non-empty list of them: {_ANY}",
        ChannelIs,
        Phase.QUESTIONS,
        _parse_channel,
        {"channel": "walk-in"},
    ),
    Operator(
        "flag",
        f"a flag kind ({', '.join(FLAG_KINDS)}), or a non-empty list of them: {_ANY} is active on the "
        "caller, their phone number or their address",
        FlagActive,
        Phase.QUESTIONS,
        lambda v: FlagActive(_strings(v, "flag kind", FLAG_KINDS, "flag")),
        {"flag": ["vulnerable_victim", "repeat_victim"]},
    ),
    Operator(
        "incidents",
        "{at_least: N, within_days?, within_months?, codes?, categories?, at_address?}: incidents on record, this "
        "report counting; with at_address: true, complaints by anyone at the caller's address count too (each "
        "incident once) and a complaint made over a month after the behaviour does not",
        IncidentCount,
        Phase.QUESTIONS,
        _parse_incidents,
        {"incidents": {"at_least": 2, "within_days": 30, "categories": ["personal"]}},
    ),
    Operator(
        "repeat",
        "true or false (any repeat rule), or a repeat rule id",
        RepeatIs,
        Phase.VULNERABILITY,
        _parse_repeat,
        {"repeat": "three_in_30_days"},
    ),
    Operator(
        "score",
        "{at_least?, at_most?, section?}: the matrix score, total or of one section",
        ScoreTest,
        Phase.VULNERABILITY,
        _parse_score,
        {"score": {"at_least": 12, "section": "offence"}},
    ),
    Operator(
        "vulnerable",
        "true or false",
        VulnerableIs,
        Phase.LEVELS,
        lambda v: VulnerableIs(_parse_bool("vulnerable")(v)),
        {"vulnerable": True},
    ),
    Operator(
        "level",
        "a level id (exactly that level), or {at_least: level id}",
        LevelTest,
        Phase.PROMPTS,
        _parse_level,
        {"level": {"at_least": "medium"}},
    ),
    Operator(
        "prompt",
        "a prompt id: it fired",
        PromptFired,
        Phase.GRADING,
        _parse_id("prompt", PromptFired),
        {"prompt": "hate_attendance"},
    ),
    Operator(
        "prompt_kind",
        "a prompt kind: a prompt of that kind fired",
        PromptKindFired,
        Phase.GRADING,
        _parse_id("prompt_kind", PromptKindFired),
        {"prompt_kind": "emergency"},
    ),
    Operator(
        "grade",
        f"a grade id, or a non-empty list of them: {_ANY}",
        GradeIs,
        Phase.RAG,
        lambda v: GradeIs(_strings(v, "grade", key="grade")),
        {"grade": ["response"]},
    ),
    Operator(
        "rag",
        f"a RAG rating ({', '.join(RAG_RATINGS)}), or a non-empty list of them: {_ANY}",
        RagIs,
        Phase.OUTCOMES,
        lambda v: RagIs(_strings(v, "RAG rating", RAG_RATINGS, "rag")),
        {"rag": ["amber", "red"]},
    ),
)
_BY_NAME = {o.name: o for o in OPERATORS}
ANSWER_OPS = tuple(o.name for o in OPERATORS if o.answer_test)
_PHASE_OF: dict[type[Condition], Phase] = {o.node: o.phase for o in OPERATORS}


def operator_table() -> str:
    """OPERATORS as the Markdown table in docs/packs.md (tests/core/test_conditions.py keeps them equal)."""
    rows = ["| operator | takes | e.g. | first usable in |", "|---|---|---|---|"]
    for o in OPERATORS:
        name = f"`answer: <question id>, {o.name}: ...`" if o.answer_test else f"`{o.name}`"
        if o.node in (All, AnyOf, Not):
            where = "as the conditions inside it"
        elif o.phase == Phase.QUESTIONS:
            where = "anywhere"
        else:
            where = PHASE_NAMES[o.phase]
        rows.append(f"| {name} | {o.value} | `{flow(o.example)}` | {where} |")
    return "\n".join(rows) + "\n"


def flow(data: Any) -> str:
    """``data`` in YAML flow style, as a pack writes it: ``{answer: q13, equals: true}``."""
    if isinstance(data, bool):
        return "true" if data else "false"
    if isinstance(data, Mapping):
        return "{" + ", ".join(f"{key}: {flow(value)}" for key, value in data.items()) + "}"
    if isinstance(data, (list, tuple)):
        return "[" + ", ".join(flow(item) for item in data) + "]"
    if isinstance(data, str) and (
        not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.-]*", data) or data.lower() in ("true", "false", "null")
    ):
        return json.dumps(data)
    return str(data)


def _prefixed(ref: Ref, prefix: tuple[Any, ...]) -> Ref:
    return Ref(ref.kind, ref.name, ref.question, prefix + ref.path)


def _one_or_list(names: tuple[str, ...]) -> Any:
    """One name as itself, several as a list (what the pack wrote)."""
    return names[0] if len(names) == 1 else list(names)


def _drop_empty(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v not in (None, [], ())}


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
