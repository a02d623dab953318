"""A pack in words, for a force's policy lead: ``asbdesk packs show PACK --format text``.

``condition_in_words(condition, pack)`` says a condition in English, naming questions
by id with a short form of their text, options, levels and grades by their labels.
``pack_text(pack)`` is every part of the pack, each rule with its condition in words and
its source, wrapped at 100 characters. Items whose source says they are asbdesk's own
mapping, reading or wording (not in the force's source) are marked, and counted at the top.

Pure Python: no Qt, no database.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from asbdesk.core.conditions import (
    All,
    Always,
    AnswerTest,
    AnyOf,
    ChannelIs,
    Condition,
    FlagActive,
    GradeIs,
    IncidentCount,
    IncidentIs,
    LevelTest,
    Not,
    PromptFired,
    PromptKindFired,
    RagIs,
    RepeatIs,
    ScoreTest,
    VulnerableIs,
)
from asbdesk.core.packs.loader import PathKey
from asbdesk.core.packs.national import CASE_REVIEW_SOURCE, HATE_ATTENDANCE, HATE_ATTENDANCE_SOURCE, RULES, SIGNALS
from asbdesk.core.packs.provenance import PHRASES, Mark, mark

if TYPE_CHECKING:
    from asbdesk.core.packs import Pack
    from asbdesk.core.packs.model import Question

WIDTH = 100
SHORT_TEXT = 40  # characters of a question's text quoted beside its id
SHORT_LABEL = 50  # characters of an option's label in a condition
MARKERS = PHRASES  # what a source says of asbdesk's own part (asbdesk.core.packs.provenance)
_OPAQUE_ID = re.compile(r"^[Qq]\d+[a-z]?$")


# --------------------------------------------------------------------------- conditions


def condition_in_words(condition: Condition, pack: Pack) -> str:
    """The condition in English, e.g. ``{answer: q2, equals: true}`` -> 'Q2 "Were weapons
    involved or mentioned?" is Yes'."""
    wording = _WORDINGS.get(type(condition))
    if wording is None:  # a new kind of condition: tests/core/test_pack_text.py fails on it
        return f"a {type(condition).__name__} condition"
    return wording(condition, pack)


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 3].rsplit(" ", 1)[0].rstrip(",;:.")
    return cut + "..."


def _question_name(question_id: str, pack: Pack) -> str:
    name = question_id.upper() if _OPAQUE_ID.match(question_id) else question_id
    question = pack.questions.get(question_id)
    if question is None:
        return name
    text = _shorten(question.text.strip().rstrip(":;,. "), SHORT_TEXT)
    if text.lower().replace(" ", "_") == question_id.lower():
        return name  # the text says no more than the id ("Repeat:")
    return f'{name} "{text}"'


def _option_label(question: Question | None, value: Any) -> str:
    if isinstance(value, bool):
        option_id = "yes" if value else "no"
        if question is not None:
            for option in question.options:
                if option.id == option_id:
                    return _shorten(option.label, SHORT_LABEL)
        return "Yes" if value else "No"
    if isinstance(value, str):
        if question is not None:
            for option in question.options:
                if option.id == value:
                    return f'"{_shorten(option.label.rstrip(";, "), SHORT_LABEL)}"'
        return f'"{_shorten(value, SHORT_LABEL)}"'
    return _number(value)


def _number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _or(items: Sequence[str], word: str = "or") -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {word} {items[-1]}"


def _one_of(items: Sequence[str]) -> str:
    """Unambiguous beside 'and'/'or': 'either "a" or "b"', 'one of "a", "b", "c"'."""
    if len(items) == 1:
        return items[0]
    if len(items) == 2:
        return f"either {items[0]} or {items[1]}"
    return f"one of {', '.join(items)}"


def _answer_test(c: AnswerTest, pack: Pack) -> str:
    question = pack.questions.get(c.question)
    name = _question_name(c.question, pack)
    op, value = c.op, c.value
    if op == "answered":
        return f"{name} is answered" if value else f"{name} is not answered"
    if op == "equals":
        return f"{name} is {_option_label(question, value)}"
    if op == "in":
        return f"{name} is {_one_of([_option_label(question, v) for v in value])}"
    if op == "includes":
        return f"{name} includes {_option_label(question, value)}"
    if op == "includes_any":
        labels = [_option_label(question, v) for v in value]
        return f"{name} includes {labels[0] if len(labels) == 1 else 'at least one of ' + ', '.join(labels)}"
    words = {"at_least": "at least", "at_most": "at most", "greater_than": "more than", "less_than": "less than"}
    return f"{name} is {words.get(op, op.replace('_', ' '))} {_number(value)}"


def _joined(items: Sequence[Condition], pack: Pack, word: str) -> str:
    parts = []
    for run in _runs(items):
        grouped = _same_question(run, pack, word)
        if grouped:
            parts.append(grouped)
            continue
        for item in run:
            text = condition_in_words(item, pack)
            parts.append(f"({text})" if isinstance(item, (All, AnyOf)) and len(item.items) > 1 else text)
    return f" {word} ".join(parts)


def _runs(items: Sequence[Condition]) -> list[list[Condition]]:
    """Neighbouring tests of the same question with the same operator, together."""
    runs: list[list[Condition]] = []
    for item in items:
        last = runs[-1][-1] if runs else None
        if (
            isinstance(item, AnswerTest)
            and isinstance(last, AnswerTest)
            and (item.question, item.op) == (last.question, last.op)
        ):
            runs[-1].append(item)
        else:
            runs.append([item])
    return runs


def _same_question(items: Sequence[Condition], pack: Pack, word: str) -> str | None:
    """'vulnerability_factors includes "Age" or "Hatred"' rather than the question nine times."""
    if len(items) < 2 or not all(isinstance(i, AnswerTest) for i in items):
        return None
    tests = [i for i in items if isinstance(i, AnswerTest)]
    first = tests[0]
    if any(t.question != first.question or t.op != first.op for t in tests):
        return None
    if first.op not in ("includes", "equals") or not all(isinstance(t.value, str) for t in tests):
        return None
    if first.op == "equals" and word == "and":
        return None  # one answer cannot equal two values: say it as written
    question = pack.questions.get(first.question)
    labels = [_option_label(question, t.value) for t in tests]
    verb = "includes" if first.op == "includes" else "is"
    return f"{_question_name(first.question, pack)} {verb} {_or(labels, word)}"


def _codes(codes: Sequence[str], pack: Pack) -> str:
    """'804, 805 or 806 (Hate ASB)': consecutive codes with the same label share it."""
    groups: list[tuple[list[str], str | None]] = []
    for code in codes:
        known = pack.codes.get(code)
        label = known.label if known else None
        if groups and groups[-1][1] == label:
            groups[-1][0].append(code)
        else:
            groups.append(([code], label))
    parts = []
    for i, (group, label) in enumerate(groups):
        last = i == len(groups) - 1
        words = _or(group) if last and len(groups) == 1 else ", ".join(group)
        parts.append(f"{words} ({label})" if label else words)
    return _or(parts)


def _incident(c: IncidentIs, pack: Pack) -> str:
    parts = []
    if c.codes:
        parts.append(f"the incident code is {_codes(c.codes, pack)}")
    if c.categories:
        parts.append(f"the incident category is {_or(list(c.categories))}")
    return " and ".join(parts) or "any incident"


def _incidents(c: IncidentCount, pack: Pack) -> str:
    kinds = f"{_or(list(c.categories))} " if c.categories else ""
    noun = "incident" if c.at_least == 1 else "incidents"
    text = f"at least {c.at_least} {kinds}{noun}"
    if c.codes:
        text += f" with code {_codes(c.codes, pack)}"
    windows = []
    if c.within_days is not None:
        windows.append(f"the last {c.within_days} day{'s' if c.within_days != 1 else ''}")
    if c.within_months is not None:
        windows.append(f"the last {c.within_months} calendar month{'s' if c.within_months != 1 else ''}")
    text += f" in {' and '.join(windows)}" if windows else " on record"
    if c.at_address:
        text += ", the caller's and anyone's at their address, each once, none made over a month after the behaviour"
    return text + " (this report counts)"


def _repeat(c: RepeatIs, pack: Pack) -> str:
    if c.rule is None:
        return "a repeat rule applies" if c.value else "no repeat rule applies"
    rule = next((r for r in pack.data.repeat_rules if r.id == c.rule), None)
    name = f"the repeat rule {c.rule}"
    if rule is not None:
        name += f" ({rule.label}: {rule.count} in {rule.window_days} days)"
    return f"{name} applies" if c.value else f"{name} does not apply"


def _score(c: ScoreTest, pack: Pack) -> str:
    what = "the total matrix score"
    if c.section:
        label = c.section
        if pack.data.matrix:
            label = next((s.label for s in pack.data.matrix.sections if s.id == c.section), c.section)
        what = f'the matrix score for section "{label}"'
    if c.at_least is not None and c.at_most is not None:
        return f"{what} is from {c.at_least} to {c.at_most}"
    if c.at_least is not None:
        return f"{what} is at least {c.at_least}"
    return f"{what} is at most {c.at_most}"


def _level(c: LevelTest, pack: Pack) -> str:
    label = f'"{pack.level_labels.get(c.level, c.level)}"'
    if not c.at_least:
        return f"the risk level is {label}"
    if pack.level_rank.get(c.level) == len(pack.level_rank) - 1:
        return f"the risk level is {label}"
    return f"the risk level is {label} or higher"


def _kind(kind: str) -> str:
    words = kind.replace("_", " ")
    return f"{'an' if words[:1] in 'aeiou' else 'a'} {words}"


def _prompt(c: PromptFired, pack: Pack) -> str:
    prompt = next((p for p in pack.prompts if p.id == c.prompt), None)
    kind = f" ({prompt.kind.replace('_', ' ')})" if prompt else ""
    return f"the prompt {c.prompt}{kind} fires"


def _grade(c: GradeIs, pack: Pack) -> str:
    labels = [f'"{pack.grades[g].label}"' if g in pack.grades else g for g in c.grades]
    return f"the grade is {_or(labels)}"


_CHANNELS = {"phone": "the report is by phone", "walk-in": "the report is made in person at the front counter"}

_WORDINGS: dict[type, Callable[[Any, Pack], str]] = {
    Always: lambda c, pack: "always" if c.value else "never",
    All: lambda c, pack: _joined(c.items, pack, "and"),
    AnyOf: lambda c, pack: _joined(c.items, pack, "or"),
    Not: lambda c, pack: f"not ({condition_in_words(c.item, pack)})",
    AnswerTest: _answer_test,
    IncidentIs: _incident,
    ChannelIs: lambda c, pack: _or([_CHANNELS.get(ch, f"the report comes by {ch}") for ch in c.channels]),
    FlagActive: lambda c, pack: (
        f"there is an active {_or([k.replace('_', ' ') for k in c.kinds])} flag "
        "(on the caller, their phone number or their address)"
    ),
    IncidentCount: _incidents,
    RepeatIs: _repeat,
    ScoreTest: _score,
    VulnerableIs: lambda c, pack: "the caller is vulnerable" if c.value else "the caller is not vulnerable",
    LevelTest: _level,
    PromptFired: _prompt,
    PromptKindFired: lambda c, pack: f"{_kind(c.kind)} prompt fires",
    GradeIs: _grade,
    RagIs: lambda c, pack: f"the RAG rating is {_or([r.capitalize() for r in c.ratings])}",
}


# --------------------------------------------------------------------------- the pack


@dataclass(frozen=True)
class Detail:
    """A line under an item (a condition, an option, a line of help); ``mark`` when this line
    is asbdesk's own though the item is not (a response's wording for the public)."""

    text: str
    mark: Mark | None = None


@dataclass(frozen=True)
class Entry:
    """One part of the pack in words: a ``heading``, a plain ``line``, an ``item`` (a head,
    its details and its source, marked when asbdesk's own) or the decision ``table``.

    Text may hold newlines (multi-line help): each line stays a line."""

    kind: Literal["title", "heading", "line", "item", "table"]
    text: str
    indent: int = 0
    hang: int = 4
    details: tuple[Detail, ...] = ()
    source: str | None = None  # printed under the item ("Source: ...")
    source_from: str | None = None  # no source of its own: whose it comes under ("its question set")
    mark: Mark | None = None
    rows: tuple[tuple[str, ...], ...] = ()  # a table: the header row, then one row per row option
    lines: tuple[Entry, ...] = ()  # a table as lines (the text format)


@dataclass(frozen=True)
class Outline:
    """A pack in words, part by part, as ``packs show`` prints it and the sign-off PDF lays it out."""

    entries: tuple[Entry, ...]

    @property
    def marks(self) -> list[Mark]:
        """Every mark, once per marked item or line."""
        found = []
        for entry in self.entries:
            if entry.mark:
                found.append(entry.mark)
            found += [d.mark for d in entry.details if d.mark]
        return found

    def count_line(self) -> str:
        marked = len(self.marks)
        return (
            f"{marked} item{' is' if marked == 1 else 's are'} asbdesk's own mapping, reading or wording, "
            f"or cite{'s' if marked == 1 else ''} no seed (marked [asbdesk ...] or [no seed cited])."
        )


def _wrap(text: str, indent: int = 0, hang: int = 4) -> list[str]:
    """``text`` wrapped at WIDTH, the first line at ``indent``, the rest ``hang`` further in;
    each line of a multi-line text (help written line by line) starts a line of its own,
    ``hang`` in."""
    lines: list[str] = []
    for number, part in enumerate(text.split("\n")):
        start = indent if number == 0 else indent + hang
        lines += textwrap.wrap(
            part,
            width=WIDTH,
            initial_indent=" " * start,
            subsequent_indent=" " * (indent + hang + (2 if number else 0)),
            break_on_hyphens=False,
        ) or ([""] if number == 0 else [])
    return lines


class _Writer:
    def __init__(self, pack: Pack) -> None:
        self.pack = pack
        self.entries: list[Entry] = []

    def words(self, condition: Condition) -> str:
        return condition_in_words(condition, self.pack)

    def heading(self, text: str) -> None:
        self.entries.append(Entry("heading", text, hang=2))

    def line(self, text: str, indent: int = 0, hang: int = 4) -> None:
        self.entries.append(Entry("line", text, indent, hang))

    def when(self, condition: Condition) -> str:
        if isinstance(condition, Always):
            return "Always." if condition.value else "Never."
        return f"When {self.words(condition)}."

    def mark(self, **what: Any) -> Mark | None:
        return mark(self.pack, **what)

    def under(self, path: PathKey, leave_out: str | None = None) -> list[PathKey]:
        """The paths of the item at ``path`` and of everything written inside it (but
        ``leave_out``, a part shown as a line of its own), for the comments on them."""
        return [
            p
            for p in self.pack.source_map.paths_under(path)
            if leave_out is None or p[len(path) : len(path) + 1] != (leave_out,)
        ]

    def item(
        self,
        head: str,
        source: str | None,
        indent: int = 2,
        details: Iterable[str | Detail] = (),
        show_source: bool = True,
        mark: Mark | None = None,
        source_from: str | None = None,
    ) -> None:
        """One item: its head (with its mark), details below it, then its source."""
        self.entries.append(
            Entry(
                "item",
                head,
                indent,
                details=tuple(d if isinstance(d, Detail) else Detail(d) for d in details),
                source=source if show_source else None,
                source_from=source_from if source is None else None,
                mark=mark,
            )
        )


def pack_outline(pack: Pack) -> Outline:
    """Every part of the pack in words, each item with its source and, where it is asbdesk's
    own, its mark (asbdesk.core.packs.provenance)."""
    d = pack.data
    w = _Writer(pack)
    _head(w)
    _codes_section(w)
    _question_sets_section(w)
    _assessment_section(w)
    w.heading("Prompts (national rules first, then the pack's own):")
    own = {p.id: i for i, p in enumerate(d.prompts)}
    for p in pack.prompts:
        index = own.get(p.id)
        national = index is None  # the national layer's (national.py)
        w.item(
            f"{p.id} [{p.kind.replace('_', ' ')}]: {p.text}",
            p.source,
            details=[w.when(p.when)],
            mark=w.mark(
                source=p.source,
                words=[p.text],
                paths=() if index is None else w.under(("prompts", index)),
                national=national,
            ),
        )
    _national_section(w)
    _grading_section(w)
    _rag_section(w)
    w.heading("Responses (every plan whose condition holds, in this order):")
    for i, plan in enumerate(d.responses):
        details: list[str | Detail] = [w.when(plan.when)]
        if plan.attendance is not None:
            details.append("Police attend." if plan.attendance else "No police attendance.")
        if plan.grades:
            details.append(f"Only with the grade {_or([_grade_label(pack, g) for g in plan.grades])}.")
        details += [f"- {text}" for text in plan.text]
        if plan.public:
            public_mark = w.mark(
                source=None,
                parent_source=plan.source,
                words=[plan.public],
                paths=w.under(("responses", i, "public")),
            )
            details.append(Detail(f"For the public: {plan.public}", public_mark))
        if plan.public_cy:
            details.append(f"For the public, in Welsh: {plan.public_cy}")
        plan_mark = w.mark(source=plan.source, words=plan.text, paths=w.under(("responses", i), leave_out="public"))
        w.item(plan.id, plan.source, details=details, mark=plan_mark)
    if not d.responses:
        w.line("none", 2)
    w.heading("Referrals:")
    for i, referral in enumerate(d.referrals):
        head = f"{referral.id}: to {referral.to}"
        if referral.within_hours:
            head += f" within {referral.within_hours} hours"
        if referral.requires_consent:
            head += " (only with the caller's consent)"
        w.item(
            head,
            referral.source,
            details=[w.when(referral.when), referral.text],
            mark=w.mark(source=referral.source, words=[referral.to, referral.text], paths=w.under(("referrals", i))),
        )
    if not d.referrals:
        w.line("none", 2)
    protection = d.consent.child_protection
    if protection is not None:  # seed 003 Annex D.3: shared regardless of the consent form
        w.item(
            "child protection concerns: referrals that need the caller's consent are made without it",
            protection.source,
            details=[w.when(protection.when)],
            mark=w.mark(source=protection.source, paths=w.under(("consent", "child_protection"))),
        )
    return Outline(tuple(w.entries))


def pack_text(pack: Pack) -> str:
    """Every part of the pack in words, no line longer than 100 characters."""
    outline = pack_outline(pack)
    lines: list[str] = []
    for entry in outline.entries:
        lines += _entry_lines(entry, bool(lines) and lines[-1] != "")
    # The count goes under the title, once every item has been seen.
    lines = lines[:1] + _wrap(outline.count_line(), 0, 2) + lines[1:]
    return "\n".join(line.rstrip() for line in lines)


def _marked(lines: list[str], mark: Mark | None, indent: int) -> list[str]:
    """``lines`` with ``mark`` after the last, never split across lines."""
    if mark is None:
        return lines
    tags = str(mark)
    if len(lines[-1]) + 1 + len(tags) <= WIDTH:
        return [*lines[:-1], f"{lines[-1]} {tags}"]
    return [*lines, *_wrap(tags, indent + 4)]


def _entry_lines(entry: Entry, after_text: bool) -> list[str]:
    if entry.kind == "heading":
        return ([""] if after_text else []) + _wrap(entry.text, 0, entry.hang)
    if entry.kind == "table":
        return [line for sub in entry.lines for line in _entry_lines(sub, True)]
    lines = _marked(_wrap(entry.text, entry.indent, entry.hang), entry.mark, entry.indent)
    if entry.kind != "item":
        return lines
    inner = entry.indent + 4
    for detail in entry.details:
        lines += _marked(_wrap(detail.text, inner), detail.mark, inner)
    if entry.source:
        lines += _wrap(f"Source: {entry.source}", inner)
    elif entry.source_from:
        lines += _wrap(f"Source: as {entry.source_from}, above", inner)
    return lines


def _national_section(w: _Writer) -> None:
    """The national layer as this pack inherits it: each rule on or switched off (with the
    written reason), the case review parameters, what the rules read from the pack's
    answers, and the questions the layer asks where the pack maps none."""
    pack, national = w.pack, w.pack.data.national
    w.heading("National rules (the same in every force; asbdesk/core/packs/national.py):")
    for rule in RULES:
        off = national.switched_off.get(rule.name)  # type: ignore[call-overload]  # a rule name is a NationalRuleName
        if off is None:
            w.line(f"{rule.name}: on", 2)
        else:
            path = ("national", "switched_off", rule.name)
            w.item(
                f"{rule.name}: SWITCHED OFF by this pack. Reason: {off.reason}",
                off.source,
                mark=w.mark(source=off.source, words=[off.reason], paths=w.under(path)),
            )
    # Not a prompt but a check at load: hate leads to MANDATORY attendance (West Mercia Q8).
    off = national.switched_off.get(HATE_ATTENDANCE)
    if off is None:
        w.item(
            f"{HATE_ATTENDANCE}: on (what is read as hate leads to MANDATORY attendance)",
            HATE_ATTENDANCE_SOURCE,
            mark=w.mark(source=HATE_ATTENDANCE_SOURCE),
        )
    else:
        path = ("national", "switched_off", HATE_ATTENDANCE)
        w.item(
            f"{HATE_ATTENDANCE}: SWITCHED OFF by this pack. Reason: {off.reason}",
            off.source,
            mark=w.mark(source=off.source, words=[off.reason], paths=w.under(path)),
        )
    review = national.case_review
    w.item(
        f"ASB Case Review: {review.threshold} qualifying complaints in {review.window_months} calendar months "
        "(statutory ceiling: 3 in 6), by the caller or anyone at their address, counting "
        + (f"only {', '.join(review.categories)} ({review.reason})" if review.categories else "every code"),
        review.source or CASE_REVIEW_SOURCE,
        mark=w.mark(source=review.source, parent_source=CASE_REVIEW_SOURCE, paths=w.under(("national", "case_review"))),
    )
    if national.signals:
        w.heading("What the national rules read from this pack's answers:")
        for name, condition in national.signals.items():
            w.line(f"{name} ({SIGNALS[name]}): {w.words(condition)}", 2, 6)
        w.item(
            "This mapping",
            national.source,
            mark=w.mark(source=national.source, paths=w.under(("national", "signals"))),
        )
    asked = [q for qset in (pack.safety_set, pack.national_set) if qset for q in qset.questions]
    if asked:
        w.heading("Questions the national layer asks (this pack maps no answer to them; asbdesk wording):")
        for question in asked:
            after = f", asked only when {w.words(question.show_if)}" if question.show_if is not None else ""
            w.item(
                f"{question.id}: {question.text} (yes/no, MANDATORY{after})",
                question.source,
                mark=w.mark(source=question.source, national=True),
            )


def _grade_label(pack: Pack, grade_id: str) -> str:
    grade = pack.grades.get(grade_id)
    return f'"{grade.label}"' if grade else grade_id


def _head(w: _Writer) -> None:
    pack, d = w.pack, w.pack.data
    w.entries.append(Entry("title", f"{pack.name} ({pack.id} {pack.version})", hang=2))
    w.line(f"Source: {d.pack.source}")
    if d.pack.description:
        w.line(f"Description: {d.pack.description}")
    w.line(f"Hash: sha256:{pack.content_hash}")
    levels = ", ".join(f'{level.id} "{level.label}"' for level in d.levels)
    w.line(f"Risk levels, lowest first: {levels}")
    close = d.pack.close
    if close:
        parts = [f"Closing question set (every call): {close.question_set}"]
        if close.contact_preference:
            parts.append(f"contact preference: {_question_name(close.contact_preference, pack)}")
        if close.consent:
            parts.append(f"consent: {_question_name(close.consent, pack)}")
        w.line("; ".join(parts))
    w.line("Reasons a question may be left unasked: " + ", ".join(f'"{r.label}"' for r in d.pack.decline_reasons))
    if d.pack.thrive:  # issue 22: the dip sample checks the rationale was written on these logs
        w.item("THRIVE rationale asked on every call (the dip sample checks it)", d.pack.thrive.source, indent=0)
    else:
        w.line("THRIVE rationale: not asked by this pack (its logs have no THRIVE check in a dip sample)")
    if d.public:
        w.item(
            f"For the public (walk-in slip): {d.public.force}. {d.public.contact}",
            d.public.source,
            indent=0,
            mark=w.mark(
                source=None,
                parent_source=d.public.source or d.pack.source,
                words=[d.public.force, d.public.contact],
                paths=[p for p in w.under(("public",)) if p[1:2] != ("source",)],
            ),
        )
        welsh = d.public.welsh
        if welsh is not None:
            methods = "; ".join(f"{k}: {v}" for k, v in welsh.contact_methods.items())
            w.item(
                f"In Welsh (the slip and letter are offered in Welsh; the force's default: "
                f"{_LANGUAGE_WORDS[welsh.default]}): {welsh.force}. {welsh.contact}"
                + (f" Contact methods: {methods}." if methods else ""),
                welsh.source,
                indent=0,
            )
    else:
        w.line("Not for walk-in reports: the pack has no wording for the public.")


_LANGUAGE_WORDS = {"both": "Welsh and English, Welsh first", "cy": "Welsh", "en": "English"}


def _codes_section(w: _Writer) -> None:
    pack = w.pack
    w.heading("Codes (what each brings up):")
    for i, c in enumerate(pack.data.codes):
        extra = f"; offence: {c.offence.replace('_', ' ')}" if c.offence else ""
        sets = ", ".join(c.question_sets) or "no question set"
        w.item(
            f"{c.code} {c.label} ({c.category}{extra}) -> {sets}",
            c.source,
            mark=w.mark(source=c.source, words=[c.label], paths=w.under(("codes", i))),
        )


def _unused_sets(pack: Pack) -> list[str]:
    used = {s for code in pack.data.codes for s in code.question_sets}
    if pack.data.pack.close:
        used.add(pack.data.pack.close.question_set)
    return [s.id for s in pack.data.question_sets if s.id not in used]


def question_details(q: Question, words: Callable[[Condition], str]) -> list[str]:
    """What is said under a question: when it is shown and mandatory, its wording in person,
    its help (each of its lines kept), its options with their scores."""
    details = []
    if q.show_if is not None:
        details.append(f"Shown when {words(q.show_if)}.")
    if isinstance(q.mandatory, Condition):
        details.append(f"Mandatory when {words(q.mandatory_when)}.")
    if q.text_in_person:
        details.append(f"In person: {q.text_in_person}")
    if q.help:
        details.append(f"Help: {q.help}")
    plain_yes_no = q.type == "yes_no" and all(o.score is None and o.label == o.id.capitalize() for o in q.options)
    for o in () if plain_yes_no else q.options:
        score = "" if o.score is None else f" (score {o.score})"
        details.append(f"- {o.label}{score}")
    return details


def question_head(q: Question) -> str:
    """'Q5 (yes/no, MANDATORY): Have you or your family had problems like this before (Y/N)'."""
    flags = [q.type.replace("_", "/")]
    if q.audience == "operator":
        flags.append("operator's judgement")
    if isinstance(q.mandatory, Condition):
        flags.append("conditionally MANDATORY")
    elif q.mandatory:
        flags.append("MANDATORY")
    name = q.id.upper() if _OPAQUE_ID.match(q.id) else q.id
    return f"{name} ({', '.join(flags)}): {q.text}"


def _question_sets_section(w: _Writer) -> None:
    pack = w.pack
    unused = _unused_sets(pack)
    w.heading(f"Question sets no code brings up: {', '.join(unused) if unused else 'none'}")
    for si, qset in enumerate(pack.data.question_sets):
        w.heading(f"Question set {qset.id}: {qset.title}")
        if qset.source:
            w.item(
                f"Source: {qset.source}",
                qset.source,
                show_source=False,
                mark=w.mark(source=qset.source, words=[qset.title], paths=[("question_sets", si)]),
            )
        for qi, q in enumerate(qset.questions):
            w.item(
                question_head(q),
                q.source,
                details=question_details(q, w.words),
                source_from="its question set" if qset.source else None,
                mark=w.mark(
                    source=q.source,
                    parent_source=qset.source,
                    words=[q.text, q.text_in_person, q.help, *(o.label for o in q.options)],
                    paths=w.under(("question_sets", si, "questions", qi)),
                ),
            )


def _assessment_section(w: _Writer) -> None:
    pack, d = w.pack, w.pack.data
    if d.matrix:
        m = d.matrix
        w.heading(f"Matrix: {m.title} (scores {pack.score_range[0]}-{pack.score_range[1]})")
        w.item(
            "The matrix",
            m.source,
            mark=w.mark(source=m.source, paths=[("matrix",), *w.under(("matrix", "sections"))]),
        )
        for section in m.sections:
            low, high = pack.section_range(section.id)
            questions = ", ".join(q.upper() if _OPAQUE_ID.match(q) else q for q in section.questions)
            w.line(f'Section {section.id} "{section.label}" (scores {low}-{high}): {questions}', 2)
        w.item(
            "Thresholds",
            None,
            details=[f"Score {t.min}{_upper(t.max)}: {pack.level_labels.get(t.level, t.level)}" for t in m.thresholds],
            indent=2,
            mark=w.mark(source=None, parent_source=m.source, paths=w.under(("matrix", "thresholds"))),
            source_from="the matrix",
        )
    if d.decision_table:
        _decision_table(w)
    w.heading("Repeat rules (the first is the one shown):")
    for i, r in enumerate(d.repeat_rules):
        what = f"{_or(list(r.categories))} incidents" if r.categories else "incidents"
        codes = f" with code {_codes(r.codes, pack)}" if r.codes else ""
        w.item(
            f'{r.id} "{r.label}": {r.count} or more {what}{codes} in {r.window_days} days (this report counts)',
            r.source,
            mark=w.mark(source=r.source, words=[r.label], paths=w.under(("repeat_rules", i))),
        )
    if not d.repeat_rules:
        w.line("none", 2)
    w.heading("Vulnerability rules (the caller is vulnerable when any applies):")
    for i, v in enumerate(d.vulnerability):
        w.item(
            f"{v.id}: {v.reason}",
            v.source,
            details=[w.when(v.when)],
            mark=w.mark(source=v.source, words=[v.reason], paths=w.under(("vulnerability", i))),
        )
    if not d.vulnerability:
        w.line("none", 2)
    w.heading("Level rules (each raises the risk level when it applies):")
    for i, rule in enumerate(d.level_rules):
        label = pack.level_labels.get(rule.level, rule.level)
        w.item(
            f'{rule.id} -> "{label}": {rule.reason}',
            rule.source,
            details=[w.when(rule.when)],
            mark=w.mark(source=rule.source, words=[rule.reason], paths=w.under(("level_rules", i))),
        )
    if not d.level_rules:
        w.line("none", 2)


def _upper(top: int | None) -> str:
    return " or more" if top is None else f" to {top}"


def _full_label(question: Question | None, option_id: str) -> str:
    """An option's whole label (the decision table's rows and columns in the sign-off PDF)."""
    option = next((o for o in question.options if o.id == option_id), None) if question else None
    return option.label if option else option_id


def _decision_table(w: _Writer) -> None:
    pack = w.pack
    table = w.pack.data.decision_table
    assert table is not None
    w.heading(f"Decision table: {table.title}")
    w.item(
        f"Rows: {_question_name(table.rows, pack)}; columns: {_question_name(table.columns, pack)}",
        table.source,
        mark=w.mark(source=table.source, words=[table.title], paths=[("decision_table",)]),
    )
    rows_q, cols_q = pack.questions.get(table.rows), pack.questions.get(table.columns)
    lines = []
    columns = list(dict.fromkeys(col for cells in table.cells.values() for col in cells))
    grid = [(f"{table.rows} \\ {table.columns}", *(_full_label(cols_q, col) for col in columns))]
    for row, cells in table.cells.items():
        lines.append(Entry("line", f"When {table.rows} is {_option_label(rows_q, row)}:", 2))
        for col, level in cells.items():
            words = f"and {table.columns} is {_option_label(cols_q, col)}: {pack.level_labels.get(level, level)}"
            lines.append(Entry("line", words, 6))
        grid.append(
            (
                _full_label(rows_q, row),
                *(pack.level_labels.get(cells.get(col, ""), cells.get(col, "")) for col in columns),
            )
        )
    w.entries.append(Entry("table", table.title, rows=tuple(grid), lines=tuple(lines)))


def _grading_section(w: _Writer) -> None:
    pack, g = w.pack, w.pack.data.grading
    w.heading("Grades (most urgent first):")
    w.item("The grading scheme", g.source, mark=w.mark(source=g.source, paths=[("grading",)]))
    own = {grade.id: i for i, grade in enumerate(g.grades)}
    for grade in pack.grade_order:
        text = f"{grade.id}: {grade.label}"
        if grade.description:
            text += f" – {grade.description.rstrip('.')}"
        if grade.attendance is not None:
            text += ". Police attend." if grade.attendance else ". No police attendance."
        index = own.get(grade.id)
        w.item(
            text,
            None,
            mark=w.mark(
                source=None,
                parent_source=g.source,
                words=[grade.label, grade.description],
                paths=() if index is None else w.under(("grading", "grades", index)),
                national=index is None,  # the national emergency grade (national.py)
            ),
        )
    if pack.emergency_grade:
        w.line(f"When an emergency prompt fires: {_grade_label(pack, pack.emergency_grade)}", 2)
    w.heading("Grade rules (the first that applies gives the grade):")
    for i, rule in enumerate(g.rules):
        w.item(
            f"{i + 1}. {_grade_label(pack, rule.grade)}",
            rule.source,
            details=[w.when(rule.when)],
            mark=w.mark(source=rule.source, paths=w.under(("grading", "rules", i))),
        )
    w.line(f"Otherwise: {_grade_label(pack, g.default)}", 2)


def _rag_section(w: _Writer) -> None:
    rag = w.pack.data.rag
    w.heading("RAG rules (the highest rating that applies):")
    w.item("The RAG scheme", rag.source, mark=w.mark(source=rag.source, paths=[("rag",)]))
    for i, rule in enumerate(rag.rules):
        w.item(
            f"{rule.rating.capitalize()}: {rule.reason}",
            rule.source,
            details=[w.when(rule.when)],
            mark=w.mark(source=rule.source, words=[rule.reason], paths=w.under(("rag", "rules", i))),
        )
    w.line(f"Otherwise: {rag.default.capitalize()}", 2)
