"""Conditions: a small declarative language, parsed from pack YAML, never eval-ed.

A condition is one mapping with one operator key (plus that operator's own keys)::

    {all: [c, ...]}  {any: [c, ...]}  {not: c}  {always: true}
    {answer: q13, equals: true}          {answer: q2, in: [a, b]}
    {answer: q9, includes: opt}          {answer: q4, answered: true}
    {answer: n, at_least: 3}             {answer: n, at_most: 9}
    {incident: {codes: ["405"], categories: [personal]}}
    {channel: walk-in}
    {flag: vulnerable_victim}            # an active flag on the caller, phone or address
    {incidents: {at_least: 2, within_days: 30, within_months: 6,
                 codes: [...], categories: [...]}}     # current report + history
    {repeat: true}   {vulnerable: true}
    {score: {at_least: 12, section: offence}}
    {level: {at_least: medium}}   {level: high}
    {prompt: hate_attendance}     {prompt_kind: emergency}
    {grade: response}             {rag: [amber, red]}

Each operator belongs to a *phase* of the assessment: a condition may only refer
to facts decided before the phase it is used in (a question's ``show_if`` cannot
ask for the grade). The pack loader checks that, and every question, option,
prompt, grade and level named, when the pack loads (STYLE.md habit 3).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import IntEnum
from typing import Any

from asbdesk.core.limits import MAX_ANSWER_NUMBER, MAX_COUNT, MAX_SCORE, MAX_WINDOW_DAYS, MAX_WINDOW_MONTHS
from asbdesk.core.timeutil import months_before
from asbdesk.core.vocabulary import CATEGORIES, CHANNELS, FLAG_KINDS, RAG_RATINGS


class Phase(IntEnum):
    """The order facts are decided in; a condition may use facts of its phase or earlier."""

    QUESTIONS = 0  # answers, incident, channel, incident counts
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

    phase: Phase = Phase.QUESTIONS

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


ANSWER_OPS = ("equals", "in", "includes", "answered", "at_least", "at_most", "greater_than", "less_than")


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
        if self.op == "in":
            for i, value in enumerate(self.value):
                if isinstance(value, str):
                    yield Ref("option", value, self.question, ("in", i))
        elif self.op in ("equals", "includes") and isinstance(self.value, str):
            yield Ref("option", self.value, self.question, (self.op,))

    def to_data(self) -> Any:
        value = list(self.value) if self.op == "in" else self.value
        return {"answer": self.question, self.op: value}


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
    channel: str

    def evaluate(self, facts: Facts) -> bool:
        return facts.channel == self.channel

    def to_data(self) -> Any:
        return {"channel": self.channel}


@dataclass(frozen=True)
class FlagActive(Condition):
    """An active flag of this kind is on the caller, their phone number or their address."""

    kind: str

    def evaluate(self, facts: Facts) -> bool:
        return self.kind in facts.flags

    def to_data(self) -> Any:
        return {"flag": self.kind}


@dataclass(frozen=True)
class IncidentCount(Condition):
    """At least N incidents (the current report counts as one) in a window up to ``now``."""

    at_least: int
    within_days: int | None = None
    within_months: int | None = None
    codes: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()

    def count(self, facts: Facts) -> int:
        return len(self.matching(facts))

    def matching(self, facts: Facts) -> list[Incident]:
        return [
            incident
            for incident in facts.incidents
            if in_window(incident.occurred_at, facts.now, self.within_days, self.within_months)
            and (incident.any_kind or not self.codes or incident.code in self.codes)
            and (incident.any_kind or not self.categories or incident.category in self.categories)
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
                }
            )
        }


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
    phase = Phase.VULNERABILITY

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
    phase = Phase.VULNERABILITY

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
    phase = Phase.LEVELS

    def evaluate(self, facts: Facts) -> bool:
        return facts.vulnerable is self.value

    def to_data(self) -> Any:
        return {"vulnerable": self.value}


@dataclass(frozen=True)
class LevelTest(Condition):
    level: str
    at_least: bool  # False: exactly this level
    phase = Phase.PROMPTS

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
    phase = Phase.GRADING

    def evaluate(self, facts: Facts) -> bool:
        return self.prompt in facts.prompts

    def refs(self) -> Iterator[Ref]:
        yield Ref("prompt", self.prompt, path=("prompt",))

    def to_data(self) -> Any:
        return {"prompt": self.prompt}


@dataclass(frozen=True)
class PromptKindFired(Condition):
    kind: str
    phase = Phase.GRADING

    def evaluate(self, facts: Facts) -> bool:
        return self.kind in facts.prompt_kinds

    def refs(self) -> Iterator[Ref]:
        yield Ref("prompt_kind", self.kind, path=("prompt_kind",))

    def to_data(self) -> Any:
        return {"prompt_kind": self.kind}


@dataclass(frozen=True)
class GradeIs(Condition):
    grades: tuple[str, ...]
    phase = Phase.RAG

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
    phase = Phase.OUTCOMES

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
    parser = _PARSERS.get(key)
    if parser is None:
        known = ", ".join(sorted([*_PARSERS, "answer"]))
        raise ConditionError(f"unknown condition operator '{key}' (known: {known})")
    try:
        return parser(value)
    except ConditionError as error:
        raise ConditionError(str(error), (key, *error.path)) from None


def _parse_list(key: str, value: Any) -> tuple[Condition, ...]:
    if not isinstance(value, list) or not value:
        raise ConditionError(f"'{key}' needs a non-empty list of conditions")
    items = []
    for i, item in enumerate(value):
        try:
            items.append(parse_condition(item))
        except ConditionError as error:
            raise ConditionError(str(error), (i, *error.path)) from None
    return tuple(items)


def _parse_answer(data: Mapping[str, Any]) -> Condition:
    question = data["answer"]
    if not isinstance(question, str) or not question:
        raise ConditionError("'answer' must name a question id", ("answer",))
    ops = [k for k in data if k != "answer"]
    if len(ops) != 1 or ops[0] not in ANSWER_OPS:
        raise ConditionError(
            f"an answer test needs exactly one of {', '.join(ANSWER_OPS)}; found {sorted(map(str, ops)) or 'none'}"
        )
    op = ops[0]
    value = data[op]
    if op == "in":
        if not isinstance(value, list) or not value:
            raise ConditionError("'in' needs a non-empty list", (op,))
        value = tuple(value)
    elif op == "answered":
        if not isinstance(value, bool):
            raise ConditionError("'answered' must be true or false", (op,))
    elif op in ("at_least", "at_most", "greater_than", "less_than") and (
        isinstance(value, bool) or not isinstance(value, (int, float))
    ):
        raise ConditionError(f"'{op}' needs a number, not {_show(value)}", (op,))
    elif op == "includes" and not isinstance(value, str):
        raise ConditionError("'includes' needs an option id", (op,))
    elif op == "equals" and not isinstance(value, (bool, str, int, float)):
        raise ConditionError(f"'equals' needs true/false, an option id, a number or text, not {_show(value)}", (op,))
    # Packs are untrusted input (asbdesk.core.limits): numbers within range (NaN is out of it).
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if number and not -MAX_ANSWER_NUMBER <= value <= MAX_ANSWER_NUMBER:
        raise ConditionError(
            f"'{op}' must be a number from {-MAX_ANSWER_NUMBER:,} to {MAX_ANSWER_NUMBER:,} (limit for packs), "
            f"not {_show(value)}",
            (op,),
        )
    return AnswerTest(question, op, value)


def _strings(value: Any, what: str, allowed: Sequence[str] | None = None) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        if isinstance(item, int) and not isinstance(item, bool):
            item = str(item)  # incident codes such as 801 read from YAML as numbers
        if not isinstance(item, str):
            raise ConditionError(f"{what} must be text, not {_show(item)}")
        if allowed is not None and item not in allowed:
            raise ConditionError(f"unknown {what} '{item}' (known: {', '.join(allowed)})")
        out.append(item)
    return tuple(out)


def _check_keys(value: Any, allowed: set[str], what: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ConditionError(f"'{what}' needs a mapping")
    unknown = set(map(str, value)) - allowed
    if unknown:
        raise ConditionError(f"unknown key(s) {sorted(unknown)} in '{what}' (allowed: {sorted(allowed)})")
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
        _strings(value.get("codes", []), "incident code"),
        _strings(value.get("categories", []), "category", CATEGORIES),
    )


def _parse_incidents(value: Any) -> Condition:
    value = _check_keys(value, {"at_least", "within_days", "within_months", "codes", "categories"}, "incidents")
    if "at_least" not in value:
        raise ConditionError("'incidents' needs 'at_least'")
    days = value.get("within_days")
    months = value.get("within_months")
    return IncidentCount(
        at_least=_positive_int(value["at_least"], "at_least", maximum=MAX_COUNT),
        within_days=None if days is None else _positive_int(days, "within_days", maximum=MAX_WINDOW_DAYS),
        within_months=None if months is None else _positive_int(months, "within_months", maximum=MAX_WINDOW_MONTHS),
        codes=_strings(value.get("codes", []), "incident code"),
        categories=_strings(value.get("categories", []), "category", CATEGORIES),
    )


def _parse_bool(key: str):
    def parse(value: Any) -> bool:
        if not isinstance(value, bool):
            raise ConditionError(f"'{key}' must be true or false, not {_show(value)}")
        return value

    return parse


def _parse_repeat(value: Any) -> Condition:
    if isinstance(value, bool):
        return RepeatIs(None, value)
    if isinstance(value, str):
        return RepeatIs(value, True)
    raise ConditionError(f"'repeat' must be true, false or a repeat rule id, not {_show(value)}")


def _parse_score(value: Any) -> Condition:
    value = _check_keys(value, {"section", "at_least", "at_most"}, "score")
    if "at_least" not in value and "at_most" not in value:
        raise ConditionError("'score' needs 'at_least' or 'at_most'")
    section = value.get("section")
    if section is not None and not isinstance(section, str):
        raise ConditionError("'section' must be a section id")
    bounds = {}
    for key in ("at_least", "at_most"):
        if key in value:
            bounds[key] = _positive_int(value[key], key, minimum=0, maximum=MAX_SCORE)
    return ScoreTest(section, bounds.get("at_least"), bounds.get("at_most"))


def _parse_level(value: Any) -> Condition:
    if isinstance(value, str):
        return LevelTest(value, at_least=False)
    if not isinstance(value, Mapping):
        raise ConditionError(f"'level' needs a level id, or {{at_least: level id}}, not {_show(value)}")
    value = _check_keys(value, {"at_least"}, "level")
    if not isinstance(value.get("at_least"), str):
        raise ConditionError("'level' needs a level id, or {at_least: level id}")
    return LevelTest(value["at_least"], at_least=True)


def _parse_id(key: str, cls: type):
    def parse(value: Any) -> Condition:
        if not isinstance(value, str) or not value:
            raise ConditionError(f"'{key}' must name one id, not {_show(value)}")
        return cls(value)

    return parse


_PARSERS = {
    "all": lambda v: All(_parse_list("all", v)),
    "any": lambda v: AnyOf(_parse_list("any", v)),
    "not": lambda v: Not(parse_condition(v)),
    "always": lambda v: Always(_parse_bool("always")(v)),
    "incident": _parse_incident,
    "channel": lambda v: ChannelIs(_strings(normalise_channel(v), "channel", CHANNELS)[0]),
    "incidents": _parse_incidents,
    "flag": lambda v: FlagActive(_strings(v, "flag kind", FLAG_KINDS)[0]),
    "repeat": _parse_repeat,
    "vulnerable": lambda v: VulnerableIs(_parse_bool("vulnerable")(v)),
    "score": _parse_score,
    "level": _parse_level,
    "prompt": _parse_id("prompt", PromptFired),
    "prompt_kind": _parse_id("prompt_kind", PromptKindFired),
    "grade": lambda v: GradeIs(_strings(v, "grade")),
    "rag": lambda v: RagIs(_strings(v, "RAG rating", RAG_RATINGS)),
}


def _prefixed(ref: Ref, prefix: tuple[Any, ...]) -> Ref:
    return Ref(ref.kind, ref.name, ref.question, prefix + ref.path)


def _drop_empty(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v not in (None, [], ())}


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
