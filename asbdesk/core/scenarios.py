"""Training scenarios (issue 11): a scripted call on a pack, its caller, what the caller says,
and the outcome a trainee must reach; checked against the pack at load, run through the
engine (``check``) and used to score a recorded attempt (``score``).

A scenario is one YAML file (``resources/scenarios/<id>.yaml``), read with the pack
loader's limits and line numbers: every problem is reported as ``file:line: item: what``.
The format is documented in docs/scenarios.md. Pure Python: no Qt, no database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from asbdesk.core import messages
from asbdesk.core.call import (
    Call,
    HistoryItem,
    InputError,
    RequestedFlag,
    check_text,
    consent_prompt_id,
    normalise_answer,
    parse_call,
)
from asbdesk.core.engine import Engine
from asbdesk.core.files import shown
from asbdesk.core.messages import Message
from asbdesk.core.normalise import NormaliseError, phone_e164, postcode
from asbdesk.core.packs import Pack, PackError, PackIssue
from asbdesk.core.packs.loader import SourceMap, _compose, _read_limited, item_name, schema_issues
from asbdesk.core.packs.model import Code, Id
from asbdesk.core.render import local_time
from asbdesk.core.suggest import did_you_mean
from asbdesk.core.vocabulary import (
    FLAG_KINDS,
    FLAG_SUBJECTS,
    RAG_RATINGS,
    THRIVE,
    Channel,
    FlagKind,
    FlagSubject,
    Rag,
)

MAX_SCENARIO_BYTES = 200_000
Text = Annotated[str, Field(min_length=1, max_length=2000)]
# A fixed moment for `scenario check` (the engine's answers do not depend on the date; the
# history's days_ago are counted back from it).
CHECK_NOW = datetime(2026, 1, 15, 14, 0, tzinfo=UTC)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Address(_Model):
    line1: Text
    postcode: Text
    town: str = ""


class PastContact(_Model):
    """An earlier report by this caller, put in the sandbox's history."""

    days_ago: int = Field(ge=0, le=3650)
    incident_code: Code


class ScenarioFlag(_Model):
    """An active flag put in the sandbox (authorised), on the caller, their address or phone."""

    kind: FlagKind
    on: FlagSubject = "person"
    negate_risk: str = ""
    officer_action: str = ""


class Caller(_Model):
    given_name: Text
    family_name: Text
    phone: str | None = None
    address: Address | None = None
    history: tuple[PastContact, ...] = ()
    # Earlier reports by other people about behaviour at the caller's address (the ASB Case
    # Review counts them: 2014 Act s104(1)(a)); needs the caller's address
    address_history: tuple[PastContact, ...] = ()
    flags: tuple[ScenarioFlag, ...] = ()


class Reply(_Model):
    """What the caller says when asked a question, and the answer it means (what a trainee
    who listens well records). ``answer`` absent: the caller will not say (decline)."""

    says: Text
    answer: Any = None


class Script(_Model):
    opening: Text  # what the caller says first
    volunteers: tuple[Text, ...] = ()  # said unasked, at any time
    replies: dict[Id, Reply] = Field(default_factory=dict)


class AtLeast(_Model):
    at_least: Id


class ExpectedFlag(_Model):
    """A flag the trainee should request (Ctrl+F on the desk): seed 002 'Storm Flag System',
    "a flag in order to quickly identify vulnerable and repeat victims". ``on`` left out:
    on the caller, their address or their phone, whichever the trainee judges."""

    kind: FlagKind
    on: FlagSubject | None = None


class Expected(_Model):
    incident_code: Code
    questions: tuple[Id, ...] = ()  # must be asked (answered or declined with a reason)
    risk_level: Id | AtLeast
    acknowledged: tuple[str, ...] = ()  # prompt ids to acknowledge (MANDATORY ATTENDANCE...)
    grade: Id
    rag: Rag
    referrals: tuple[Id, ...] = ()
    # Referrals that share the caller's information and must NOT be made, for want of consent
    # (seed 003 para 34): the trainee writes why each was not made.
    withheld: tuple[Id, ...] = ()
    # Flags to request (Ctrl+F): the Storm flag objective is met by a request, not by
    # acknowledging the prompt that suggests one.
    flag_requests: tuple[ExpectedFlag, ...] = ()
    contact_preference: Id | None = None  # the option id of the pack's contact-preference question
    thrive: bool = True  # the THRIVE rationale written under every heading (seed 001)
    time_target_s: int | None = Field(default=None, ge=30, le=3600)


class ScenarioData(_Model):
    id: Id
    title: Text
    pack: Id
    channel: Channel = "phone"
    seed: Text  # where it comes from: the seed and its section
    rare_high_harm: bool = False  # rare, high-harm calls are repeated in training
    objectives: tuple[Text, ...] = Field(min_length=1)
    caller: Caller
    script: Script
    expected: Expected


@dataclass(frozen=True)
class Scenario:
    data: ScenarioData
    path: Path
    pack: Pack

    @property
    def id(self) -> str:
        return self.data.id

    def answers(self) -> dict[str, Any]:
        """The answers a trainee who listens well records: each reply's answer."""
        return {qid: r.answer for qid, r in self.data.script.replies.items() if r.answer is not None}

    def declined(self) -> dict[str, str]:
        """Questions the caller will not answer: declined with the pack's first reason."""
        reasons = [r.id for r in self.pack.data.pack.decline_reasons] or ["caller_declined"]
        return {qid: reasons[0] for qid, r in self.data.script.replies.items() if r.answer is None}

    def history(self, now: datetime) -> tuple[HistoryItem, ...]:
        return _items(now, self.data.caller.history)

    def address_history(self, now: datetime) -> tuple[HistoryItem, ...]:
        """Other people's reports at the caller's address (2 hours before the day's time: never
        the same moment as one of the caller's own)."""
        return _items(now, self.data.caller.address_history, hours=2)

    def flag_kinds(self) -> tuple[str, ...]:
        return tuple(f.kind for f in self.data.caller.flags)

    def expected_call(self, now: datetime = CHECK_NOW) -> Call:
        """The call as a trainee who gets everything right records it (the flags to request
        requested, on the caller unless the scenario says where)."""
        return replace(parse_call(self.pack, self.expected_input(now)), flag_requests=self.expected_flag_requests())

    def expected_flag_requests(self) -> tuple[RequestedFlag, ...]:
        return tuple(RequestedFlag(f.kind, f.on or "person") for f in self.data.expected.flag_requests)

    def attempt_input(self, now: datetime = CHECK_NOW) -> dict[str, Any]:
        """A right attempt as ``scenario score`` reads it: the ``assess`` input without the
        caller's history and flags (the scenario gives those), with the flag requests."""
        data = {k: v for k, v in self.expected_input(now).items() if k not in SCENARIO_GIVES}
        data["flag_requests"] = [{"kind": f.kind, "on": f.on} for f in self.expected_flag_requests()]
        return data

    def expected_input(self, now: datetime = CHECK_NOW) -> dict[str, Any]:
        """The same call as headless ``assess`` input (what ``scenario score`` reads)."""
        e = self.data.expected
        return {
            "incident_code": e.incident_code,
            "now": now.isoformat(),
            "channel": self.data.channel,
            "answers": self.answers(),
            "declined": self.declined(),
            "history": [
                {"occurred_at": h.occurred_at.isoformat(), "incident_code": h.incident_code} for h in self.history(now)
            ],
            "address_history": [
                {"occurred_at": h.occurred_at.isoformat(), "incident_code": h.incident_code}
                for h in self.address_history(now)
            ],
            "flags": list(self.flag_kinds()),
            "rationale": {heading: f"{heading} considered (scenario {self.id})" for heading in THRIVE},
            "consent_not_made": {rid: "The caller refused consent to share their details." for rid in e.withheld},
        }


def _items(now: datetime, past: tuple[PastContact, ...], hours: int = 1) -> tuple[HistoryItem, ...]:
    return tuple(HistoryItem(now - timedelta(days=h.days_ago, hours=hours), h.incident_code) for h in past)


class ScenarioError(Exception):
    """A scenario could not be loaded; ``issues`` lists every problem (file, line, item)."""

    def __init__(self, name: str, issues: list[PackIssue]) -> None:
        self.name = name
        self.issues = issues
        lines = "\n".join(f"  {issue}" for issue in issues)
        super().__init__(f"training scenario '{name}' is not valid ({len(issues)} problem(s)):\n{lines}")


def load_scenario(path: str | Path, packs: dict[str, Pack] | None = None) -> Scenario:
    """Load one scenario file and check every reference to its pack; raise ScenarioError."""
    path = Path(path)
    file = path.name
    raw, refused = _read_limited(path, MAX_SCENARIO_BYTES)
    if raw is None:
        raise ScenarioError(path.stem, [PackIssue(file, None, "", refused or "cannot be read")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ScenarioError(path.stem, [PackIssue(file, None, "", f"not UTF-8 text ({error.reason})")]) from None
    issues: list[PackIssue] = []
    content, lines, _used = _compose(text, file, issues)
    if issues:
        raise ScenarioError(path.stem, issues)
    if not isinstance(content, dict):
        raise ScenarioError(path.stem, [PackIssue(file, 1, "", "a scenario is a mapping (id, title, pack, ...)")])
    source = SourceMap(dict.fromkeys(content, file), {file: lines})
    try:
        data = ScenarioData.model_validate(content)
    except ValidationError as error:
        issues = schema_issues(error, content, source, ScenarioData)
        raise ScenarioError(path.stem, [_in_words(issue, text) for issue in issues]) from None
    if data.id != path.stem:
        file_, line = source.locate(("id",))
        raise ScenarioError(
            path.stem, [PackIssue(file_, line, "id", f"'{data.id}' must match the file name '{path.stem}'")]
        )
    pack = (packs or {}).get(data.pack)
    # Impossible expectations are the scenario's mistake when judged against the pack it is
    # written for; against a pack under trial (--pack, a publication) they are what the pack
    # now gives, and check says so as a change of the pack.
    own_pack = pack is None
    if pack is None:
        from asbdesk.core.packs.registry import PackNotFound, resolve_pack

        try:
            pack = resolve_pack(data.pack)
        except (PackNotFound, PackError) as error:
            file_, line = source.locate(("pack",))
            raise ScenarioError(data.id, [PackIssue(file_, line, "pack", str(error).splitlines()[0])]) from None
    scenario = Scenario(data, path, pack)
    problems = _references(scenario, own_pack)
    if problems:
        located = []
        for where, message in problems:
            file_, line = source.locate(where)
            located.append(PackIssue(file_, line, item_name(where, content), message))
        raise ScenarioError(data.id, located)
    return scenario


_NOT_A_LIST = ("Input should be a valid tuple", "Input should be a valid list")


def _in_words(issue: PackIssue, text: str) -> PackIssue:
    """A list written as text says so in words, at its line: '-"Hello"' (no space after the
    '-') is text to YAML, not a list item (pydantic would say 'Input should be a valid tuple')."""
    if not issue.message.startswith(_NOT_A_LIST):
        return issue
    lines = text.splitlines()
    start = issue.line or 0
    for n in range(start, min(start + 20, len(lines))):
        stripped = lines[n].lstrip()
        if stripped.startswith("-") and not stripped.startswith(("- ", "---")) and len(stripped) > 1:
            shown_item = stripped[1:31]
            return replace(
                issue,
                line=n + 1,
                message=f"put a space after the '-' of a list item: '- {shown_item}', not '-{shown_item}'",
            )
        if stripped and not stripped.startswith("#") and n > start:
            break
    return replace(issue, message="must be a list: one '- ' item a line, or [a, b]")


def _references(scenario: Scenario, own_pack: bool = True) -> list[tuple[tuple[Any, ...], str]]:
    """Every reference to the pack checked: codes, question ids and answers, levels, grades,
    prompts, referrals, the contact-preference option; the walk-in channel needs a pack
    with wording for the public."""
    pack, data = scenario.pack, scenario.data
    problems: list[tuple[tuple[Any, ...], str]] = []
    e = data.expected

    def known(what: str, value: str, choices: Any) -> str:
        return f"unknown {what} '{value}' in pack '{pack.id}'{did_you_mean(value, sorted(choices))}"

    if e.incident_code not in pack.codes:
        problems.append((("expected", "incident_code"), known("incident code", e.incident_code, pack.codes)))
    for key in ("history", "address_history"):
        for n, past in enumerate(getattr(data.caller, key)):
            if past.incident_code not in pack.codes:
                problems.append(
                    (("caller", key, n, "incident_code"), known("incident code", past.incident_code, pack.codes))
                )
    if data.caller.address_history and data.caller.address is None:
        problems.append(
            (("caller", "address_history"), "reports at the caller's address need the caller's address ('address')")
        )
    for qid in data.script.replies:
        if qid not in pack.questions:
            problems.append((("script", "replies", qid), known("question", qid, pack.questions)))
    for n, qid in enumerate(e.questions):
        if qid not in pack.questions:
            problems.append((("expected", "questions", n), known("question", qid, pack.questions)))
    level = e.risk_level.at_least if isinstance(e.risk_level, AtLeast) else e.risk_level
    if level not in pack.level_rank:
        problems.append((("expected", "risk_level"), known("risk level", level, pack.level_rank)))
    if e.grade not in pack.grades:
        problems.append((("expected", "grade"), known("grade", e.grade, pack.grades)))
    prompt_ids = {p.id for p in pack.prompts}
    for n, pid in enumerate(e.acknowledged):
        if pid not in prompt_ids:
            problems.append((("expected", "acknowledged", n), known("prompt", pid, prompt_ids)))
    referral_ids = {r.id for r in pack.data.referrals}
    for field_ in ("referrals", "withheld"):
        for n, rid in enumerate(getattr(e, field_)):
            if rid not in referral_ids:
                problems.append((("expected", field_, n), known("referral", rid, referral_ids)))
    close = pack.data.pack.close
    if e.contact_preference is not None:
        question = pack.questions.get(close.contact_preference) if close and close.contact_preference else None
        if question is None:
            problems.append((("expected", "contact_preference"), f"pack '{pack.id}' records no contact preference"))
        elif e.contact_preference not in {o.id for o in question.options}:
            problems.append(
                (
                    ("expected", "contact_preference"),
                    known("contact option", e.contact_preference, [o.id for o in question.options]),
                )
            )
    caller = data.caller
    if caller.phone:
        refused = drama_phone_problem(caller.phone)
        if refused:
            problems.append((("caller", "phone"), refused))
    if caller.address and caller.address.postcode:
        try:
            postcode(caller.address.postcode)
        except NormaliseError as error:  # the sandbox stores it as the desk would: refused there too
            problems.append((("caller", "address", "postcode"), str(error)))
    for n, flag in enumerate(e.flag_requests):
        if flag.on == "location" and caller.address is None:
            problems.append(
                (("expected", "flag_requests", n, "on"), "a flag on the address needs the caller's address")
            )
        if flag.on == "phone" and not caller.phone:
            problems.append((("expected", "flag_requests", n, "on"), "a flag on the phone needs the caller's phone"))
    if data.channel == "walk-in" and not pack.walk_in_ready:
        problems.append((("channel",), f"pack '{pack.id}' has no wording for the public: it takes no walk-ins"))
    if not problems:  # the answers themselves, as the engine reads them
        try:
            scenario.expected_call()
        except InputError as error:
            path: tuple[Any, ...] = ("script", "replies")
            if error.field.startswith("answers."):
                path = ("script", "replies", error.field.split(".", 1)[1].split(".")[0], "answer")
            problems.append((path, f"{error.field}: {error.message}"))
    if not problems and own_pack:
        problems.extend(impossible(scenario))
    return problems


# ------------------------------------------------------------------ phone numbers for drama

# Ofcom's "Telephone numbers for drama purposes" (TV, radio and film): ranges never given to
# anyone, so a scenario never puts a real person's number in a trainee's hands. Each range:
# where it is, the first and the last number (national format). 0113 496 0000-0999 is the
# same range as 01134 960000-960999, written as Leeds numbers are dialled.
DRAMA_RANGES: tuple[tuple[str, str, str], ...] = (
    ("Leeds", "0113 496 0000", "0113 496 0999"),
    ("Sheffield", "0114 496 0000", "0114 496 0999"),
    ("Nottingham", "0115 496 0000", "0115 496 0999"),
    ("Leicester", "0116 496 0000", "0116 496 0999"),
    ("Bristol", "0117 496 0000", "0117 496 0999"),
    ("Reading", "0118 496 0000", "0118 496 0999"),
    ("Birmingham", "0121 496 0000", "0121 496 0999"),
    ("Edinburgh", "0131 496 0000", "0131 496 0999"),
    ("Glasgow", "0141 496 0000", "0141 496 0999"),
    ("Liverpool", "0151 496 0000", "0151 496 0999"),
    ("Manchester", "0161 496 0000", "0161 496 0999"),
    ("Tyneside, Durham and Sunderland", "0191 498 0000", "0191 498 0999"),
    ("London", "020 7946 0000", "020 7946 0999"),
    ("Northern Ireland", "028 9649 6000", "028 9649 6999"),
    ("Cardiff", "029 2018 0000", "029 2018 0999"),
    ("no area", "01632 960000", "01632 960999"),
    ("mobile", "07700 900000", "07700 900999"),
    ("freephone", "08081 570000", "08081 570999"),
    ("premium rate", "0909 879 0000", "0909 879 0999"),
    ("UK-wide", "03069 990000", "03069 990999"),
)


def _national_digits(text: str) -> str:
    """'+44 113 496 0152', '0113 496 0152', '(0113) 4960152' -> '01134960152'."""
    digits = "".join(c for c in text if c.isdigit())
    if text.strip().startswith("+44"):
        return "0" + digits[2:]
    if digits.startswith("0044"):
        return "0" + digits[4:]
    return digits


def drama_range(text: str) -> tuple[str, str, str] | None:
    """The Ofcom drama range ``text`` is in, or None."""
    digits = _national_digits(text)
    for where, first, last in DRAMA_RANGES:
        low, high = _national_digits(first), _national_digits(last)
        if len(digits) == len(low) and low <= digits <= high:
            return where, first, last
    return None


def storable_drama_ranges() -> tuple[tuple[str, str, str], ...]:
    """The drama ranges the desk can store (Google's libphonenumber, which the desk checks
    numbers with, refuses a few of them as numbers no one can have)."""
    found = []
    for where, first, last in DRAMA_RANGES:
        try:
            phone_e164(first)
        except NormaliseError:
            continue
        found.append((where, first, last))
    return tuple(found)


def range_words(first: str, last: str) -> str:
    """'0113 496 0000', '0113 496 0999' -> '0113 496 0000-0999'."""
    return f"{first}-{last.rsplit(' ', 1)[-1]}"


def drama_phone_problem(text: str) -> str | None:
    """Why a scenario's phone number is refused, in words, or None: it must be in Ofcom's
    drama ranges (docs/scenarios.md) and one the desk can store in the sandbox."""
    found = drama_range(text)
    storable = storable_drama_ranges()
    examples = ", ".join(f"{range_words(first, last)} ({where})" for where, first, last in storable[:4])
    if found is None:
        return (
            f"'{shown(text, 40)}' is not in Ofcom's ranges of numbers for drama: a scenario uses only numbers "
            f"no one can have, e.g. {examples} (docs/scenarios.md lists them all)"
        )
    try:
        phone_e164(text)
    except NormaliseError:
        return (
            f"'{shown(text, 40)}' is in Ofcom's drama range for {found[0]} ({range_words(found[1], found[2])}), but the "
            f"desk's phone check does not take it as a number, so the sandbox could not store it: use another "
            f"range, e.g. {examples}"
        )
    return None


# ------------------------------------------------------------------ impossible expectations


def _certain(condition: Any, pack: Pack, level: str | None, grade: str | None) -> bool | None:
    """Whether ``condition`` holds for every call at ``level`` (and ``grade``): True, False,
    or None when it depends on something else (answers, prompts, history ...)."""
    from asbdesk.core.conditions import All, Always, AnyOf, GradeIs, LevelTest, Not

    if isinstance(condition, Always):
        return condition.value
    if isinstance(condition, LevelTest):
        if level is None:
            return None
        rank = pack.level_rank
        return rank[level] >= rank[condition.level] if condition.at_least else level == condition.level
    if isinstance(condition, GradeIs):
        return None if grade is None else grade in condition.grades
    if isinstance(condition, Not):
        inner = _certain(condition.item, pack, level, grade)
        return None if inner is None else not inner
    if isinstance(condition, (All, AnyOf)):
        values = [_certain(c, pack, level, grade) for c in condition.items]
        decisive, other = (False, True) if isinstance(condition, All) else (True, False)
        if decisive in values:
            return decisive
        return other if all(v is other for v in values) else None
    return None


def _rag_refusal(pack: Pack, level: str, grade: str, rag: str) -> str | None:
    """Why no call at ``level`` graded ``grade`` can be rated ``rag`` in ``pack``, or None."""
    rules = pack.data.rag.rules
    order = RAG_RATINGS.index
    for rule in rules:
        if order(rule.rating) > order(rag) and _certain(rule.when, pack, level, grade) is True:
            return f"pack '{pack.id}' rates every such call {rule.rating} ('{_first_sentence(rule.reason, 90).rstrip('.')}')"
    if pack.data.rag.default != rag and all(
        r.rating != rag or _certain(r.when, pack, level, grade) is False for r in rules
    ):
        return f"no rule of pack '{pack.id}' rates such a call {rag}"
    return None


def _grade_refusal(pack: Pack, level: str, grade: str) -> str | None:
    """Why no call at ``level`` can be graded ``grade`` in ``pack`` (its grading rules are
    read in order, the first that holds gives the grade), or None."""
    if grade == pack.emergency_grade:
        return None  # given by the emergency prompt, whatever the rules say
    for rule in pack.data.grading.rules:
        holds = _certain(rule.when, pack, level, None)
        if rule.grade == grade and holds is not False:
            return None
        if rule.grade != grade and holds is True:
            label = pack.grades[rule.grade].label
            return f"pack '{pack.id}' grades every such call '{label}' first"
    if pack.data.grading.default == grade:
        return None
    return f"no grading rule of pack '{pack.id}' gives '{pack.grades[grade].label}'"


def impossible(scenario: Scenario) -> list[tuple[tuple[Any, ...], str]]:
    """Expected outcomes the pack cannot give together, whatever the answers: e.g. 'high risk
    with a green RAG' where every high-risk call is rated red. Said at the scenario's line,
    as the scenario's mistake (not as a pack that no longer gives it)."""
    pack, e = scenario.pack, scenario.data.expected
    rank = pack.level_rank
    if isinstance(e.risk_level, AtLeast):
        levels = [lv for lv in rank if rank[lv] >= rank[e.risk_level.at_least]]
        said = f"{e.risk_level.at_least} risk or higher"
    else:
        levels = [e.risk_level]
        said = f"{e.risk_level} risk"
    problems: list[tuple[tuple[Any, ...], str]] = []
    grade_reasons = [_grade_refusal(pack, level, e.grade) for level in levels]
    if all(grade_reasons):
        problems.append(
            (
                ("expected", "grade"),
                f"impossible: {said} graded '{pack.grades[e.grade].label}': {grade_reasons[0]}",
            )
        )
    rag_reasons = [_rag_refusal(pack, level, e.grade, e.rag) for level in levels]
    if all(rag_reasons):
        article = "an" if e.rag == "amber" else "a"
        problems.append((("expected", "rag"), f"impossible: {said} with {article} {e.rag} RAG: {rag_reasons[0]}"))
    return problems


# ------------------------------------------------------------------ checking and scoring

MET, MISSED, FOLLOWS, NOT_SCORED = "met", "missed", "follows", "not scored"
# What the desk does for the trainee earns no point (issue 22.5, "no free items").
DESK_ASKS = "the desk does not pass a MANDATORY question without an answer or a reason"
DESK_RAISES = "the code and the caller's record raise it before any answer, and the desk pins or logs it by itself"
NOTHING_TO_JUDGE = "no question with a scripted reply was asked"
THRIVE_SOURCE = "Seed 001 (THRIVE)"
SCRIPT_SOURCE = "the caller's words in this scenario"


@dataclass(frozen=True)
class Item:
    """One thing scored: what was expected and what was done, in words; met or not; and when
    missed, ``why`` (one sentence) and ``source`` (the seed, short). An item that is not met
    only because an earlier one was missed ``follows`` from that one and is not counted; an
    item the desk does for the trainee is ``free`` (not counted either)."""

    item: str
    expected: Any
    actual: Any
    met: bool
    source: str = ""
    why: str = ""
    key: str = ""
    follows: str = ""
    free: str = ""

    @property
    def counted(self) -> bool:
        return not self.follows and not self.free

    @property
    def result(self) -> str:
        if self.follows:
            return FOLLOWS
        if self.free:
            return NOT_SCORED
        return MET if self.met else MISSED

    def explanation(self) -> str:
        """What the scorecard prints under the item: why it was missed and the source, that it
        follows from another, or why it earns no point; nothing for an item met."""
        if self.follows:
            return f"follows from '{self.follows}': not counted again"
        if self.free:
            return f"not scored: {self.free}"
        if self.met:
            return ""
        return " ".join(part for part in (self.why, f"Source: {self.source}." if self.source else "") if part)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "key": self.key,
            "item": self.item,
            "expected": self.expected,
            "actual": self.actual,
            "met": self.met,
            "counted": self.counted,
            "result": self.result,
        }
        if self.follows:
            out["follows"] = self.follows
        if self.free:
            out["not_scored"] = self.free
        if not self.met and self.counted:
            out["why"] = self.why
            out["source"] = self.source
        return out


@dataclass(frozen=True)
class Scorecard:
    scenario: str
    items: tuple[Item, ...]
    elapsed_s: float | None = None
    keys: int | None = None
    title: str = ""
    trainee: str = ""
    taken_at: datetime | None = None

    def counted(self) -> tuple[Item, ...]:
        return tuple(i for i in self.items if i.counted)

    @property
    def score(self) -> int:
        """Per cent of the counted items met, rounded."""
        counted = self.counted()
        return round(100 * sum(i.met for i in counted) / len(counted)) if counted else 0

    def missed(self) -> tuple[Item, ...]:
        """The items missed and counted (the mistakes themselves, not what follows from them)."""
        return tuple(i for i in self.items if i.counted and not i.met)

    def not_met(self) -> tuple[Item, ...]:
        """Every item not met, counted or not (``scenario check`` needs them all met)."""
        return tuple(i for i in self.items if not i.met)

    def taken(self) -> str:
        return local_time(self.taken_at) if self.taken_at is not None else "not known"

    def to_json(self) -> dict[str, Any]:
        counted = self.counted()
        out: dict[str, Any] = {
            "scenario": self.scenario,
            "title": self.title,
            "trainee": self.trainee or None,
            "date": self.taken_at.isoformat() if self.taken_at is not None else None,
            "score": self.score,
            "counted": len(counted),
            "met": sum(i.met for i in counted),
            "items": [i.to_json() for i in self.items],
        }
        if self.elapsed_s is not None:
            out["elapsed_s"] = self.elapsed_s
        if self.keys is not None:
            out["keys"] = self.keys
        return out

    def text(self) -> str:
        counted = self.counted()
        head = f"Scenario: {self.title} ({self.scenario})" if self.title else f"Scenario: {self.scenario}"
        lines = [
            "TRAINING — NOT A REAL CALL",
            head,
            f"Trainee: {self.trainee or 'not given'} · Taken: {self.taken()}",
            f"Score: {self.score}% ({sum(i.met for i in counted)} of {len(counted)} items met)",
            "",
        ]
        for i in self.items:
            lines.append(
                f"{i.result.upper():<11} {i.item}: expected {shown_value(i.expected)}, done {shown_value(i.actual)}"
            )
            explanation = i.explanation()
            if explanation:
                lines.append(f"{'':<11} {'why: ' if i.result == MISSED else ''}{explanation}")
        extra = []
        if self.elapsed_s is not None:
            extra.append(f"Time taken: {round(self.elapsed_s)} s")
        if self.keys is not None:
            extra.append(f"Key presses: {self.keys}")
        if extra:
            lines.append(" · ".join(extra))
        return "\n".join(lines) + "\n"


def shown_value(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value) or "none"
    return str(value)


def _first_sentence(text: str, limit: int = 160) -> str:
    """The first sentence of ``text`` (or its first ``limit`` characters), on one line."""
    flat = " ".join(str(text).split())
    for stop in (". ", "! ", "? "):
        cut = flat.find(stop)
        if cut > 0:
            flat = flat[: cut + 1]
    if len(flat) > limit:
        flat = flat[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return flat if flat.endswith((".", "!", "?", "…")) else flat + "."


def _label(text: str, limit: int = 70) -> str:
    """A prompt's or question's words, short enough to name an item: up to its first ': '
    or '. ' where that leaves a phrase, else its first ``limit`` characters."""
    flat = " ".join(str(text).split())
    for stop in (": ", ". "):
        cut = flat.find(stop)
        if 8 <= cut <= limit:
            return flat[:cut]
    return _first_sentence(flat, limit).rstrip(".")


_ASBDESK_ONLY = ("asbdesk mapping", "asbdesk wording", "asbdesk reading")


def short_source(text: str | None, limit: int = 110) -> str:
    """The source as the scorecard cites it: up to its first '; ', ': ' or '. ' outside
    brackets (the seed and its section, not the quotation after it)."""
    if not text:
        return ""
    flat = " ".join(str(text).split())
    depth = 0
    cut = len(flat)
    for n, char in enumerate(flat):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(0, depth - 1)
        elif depth == 0 and char in ";:." and flat[n + 1 : n + 2] in (" ", ""):
            if char == "." and (n == 0 or flat[n - 1].isdigit() or flat[n - 2 : n].lower() in ("ss", " s")):
                continue  # 's104.' or 'para 3.' is part of the reference
            cut = n
            break
    short = flat[:cut].strip()
    if short.lower() in _ASBDESK_ONLY:
        import re

        seed = re.search(r"[Ss]eed (\d{3})", flat)
        short = f"{short} of seed {seed.group(1)}" if seed else short
    if len(short) > limit:
        short = short[: limit - 1].rsplit(" ", 1)[0] + "…"
    return short


def _code_words(pack: Pack, code: str | None) -> str:
    if code is None:
        return "none"
    found = pack.codes.get(code)
    if found is None:
        return code
    return f"{found.label} ({code})" if code.isdigit() else found.label


def _question_words(pack: Pack, qid: str) -> str:
    question = pack.questions.get(qid)
    return f"'{_label(question.text, 60).rstrip(':')}'" if question is not None else qid


def _answer_words(pack: Pack, qid: str, value: Any, declined: str | None = None) -> str:
    if declined is not None:
        reason = next((r.label for r in pack.data.pack.decline_reasons if r.id == declined), declined)
        return f"declined ({reason})"
    question = pack.questions.get(qid)
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if question is not None and question.options:
        labels = {o.id: o.label for o in question.options}
        if isinstance(value, (list, tuple)):
            return ", ".join(labels.get(v, str(v)) for v in value) or "none"
        return labels.get(value, str(value))
    return str(value)


def _level_words(pack: Pack, level: str) -> str:
    return pack.level_labels.get(level, level)


def _flag_words(kind: str, on: str | None = None) -> str:
    where = {"person": "the caller", "location": "the address", "phone": "the phone number"}
    return kind.replace("_", " ") + (f" flag on {where.get(on, on)}" if on else " flag")


@dataclass(frozen=True)
class _Calls:
    """What scoring needs to read a call: the engine and the scenario's right call."""

    scenario: Scenario
    engine: Engine
    right: Any  # the right call's assessment: its reasons say why

    def assess(self, call: Call) -> Any:
        return self.engine.assess(call)


def _scripted(scenario: Scenario, qid: str) -> tuple[Any, str | None]:
    """The answer a good call handler records for ``qid`` (normalised), or the decline reason."""
    reply = scenario.data.script.replies.get(qid)
    pack = scenario.pack
    if reply is None or reply.answer is None:
        return None, scenario.declined().get(qid) or _first_reason(pack)
    return normalise_answer(pack.questions[qid], reply.answer, f"script.replies.{qid}"), None


def _first_reason(pack: Pack) -> str:
    reasons = [r.id for r in pack.data.pack.decline_reasons] or ["caller_declined"]
    return reasons[0]


def _same_answer(pack: Pack, qid: str, wanted: Any, given: Any) -> bool:
    question = pack.questions[qid]
    if question.type == "text":
        return isinstance(given, str) and bool(given.strip())  # the trainee's own words
    if question.type == "multi":
        return set(wanted or ()) == set(given or ())
    return bool(wanted == given)


def _wrong_answers(scenario: Scenario, call: Call) -> tuple[list[str], list[str]]:
    """The questions with a scripted reply the trainee asked, and those recorded otherwise
    than the caller gave them (an answer where the caller would not say, or the reverse)."""
    judged, wrong = [], []
    pack = scenario.pack
    for qid in scenario.data.script.replies:
        if qid not in call.answers and qid not in call.declined:
            continue  # not asked: the questions item says so where it matters
        judged.append(qid)
        wanted, reason = _scripted(scenario, qid)
        if reason is not None:
            if qid not in call.declined:
                wrong.append(qid)
        elif qid in call.declined or not _same_answer(pack, qid, wanted, call.answers.get(qid)):
            wrong.append(qid)
    return judged, wrong


def _repaired(scenario: Scenario, call: Call, keys: set[str], questions: list[str], wrong: list[str]) -> Call:
    """The trainee's call with the missed primary items (``keys``) put right: the code, the
    questions not asked, the answers recorded otherwise; everything else as they did it."""
    answers, declined = dict(call.answers), dict(call.declined)
    mend = [*(questions if "questions" in keys else ()), *(wrong if "answers" in keys else ())]
    for qid in mend:
        wanted, reason = _scripted(scenario, qid)
        answers.pop(qid, None)
        declined.pop(qid, None)
        if reason is not None:
            declined[qid] = reason
        else:
            answers[qid] = wanted
    code = scenario.data.expected.incident_code if "incident_code" in keys else call.incident_code
    return replace(call, incident_code=code, answers=answers, declined=declined)


PRIMARY = ("incident_code", "questions", "answers")  # what the trainee records; the rest follows


def _outcome_items(
    scenario: Scenario, calls: _Calls, call: Call, acknowledged: tuple[str, ...] | list[str]
) -> list[Item]:
    """The items the engine decides from what was recorded: level, prompts, grade, RAG,
    referrals, contact preference (met or not, with why and the source)."""
    pack, e = scenario.pack, scenario.data.expected
    a = calls.assess(call)
    right = calls.right
    items: list[Item] = []

    rank = pack.level_rank
    if isinstance(e.risk_level, AtLeast):
        wanted = f"at least {_level_words(pack, e.risk_level.at_least)}"
        level_met = rank.get(a.level, -1) >= rank[e.risk_level.at_least]
    else:
        wanted = _level_words(pack, e.risk_level)
        level_met = a.level == e.risk_level
    reason, source = _level_reason(pack, right)
    items.append(Item("risk level", wanted, _level_words(pack, a.level), level_met, source, reason, "risk_level"))

    fired = {p.id: p for p in a.prompts}
    for pid in e.acknowledged:
        rule = next((p for p in pack.prompts if p.id == pid), None)
        text = rule.text if rule is not None else pid
        prompt = fired.get(pid)
        done = "acknowledged" if pid in acknowledged else "not acknowledged"
        items.append(
            Item(
                f"prompt acknowledged: {_label(text)}",
                "raised and acknowledged",
                done if prompt is not None else "not raised",
                pid in acknowledged and prompt is not None,
                short_source(rule.source if rule is not None else ""),
                _first_sentence(text),
                f"prompt:{pid}",
            )
        )

    grade_rule = next((r for r in pack.data.grading.rules if r.grade == e.grade), None)
    grade = pack.grades[e.grade]
    items.append(
        Item(
            "grade",
            grade.label,
            pack.grades[a.grade].label if a.grade in pack.grades else a.grade,
            a.grade == e.grade,
            short_source(grade_rule.source if grade_rule is not None else pack.data.grading.source),
            f"The grade for this call is '{grade.label}'"
            + (f" ({_first_sentence(grade.description, 90).rstrip('.')})." if grade.description else "."),
            "grade",
        )
    )
    rag_reason = right.rag_reasons[0] if right.rag_reasons else ""
    rag_rule = next((r for r in pack.data.rag.rules if r.reason == rag_reason and r.rating == e.rag), None)
    items.append(
        Item(
            "RAG",
            e.rag,
            a.rag,
            a.rag == e.rag,
            short_source(rag_rule.source if rag_rule is not None else pack.data.rag.source),
            f"This call is rated {e.rag}"
            + (f": {_first_sentence(rag_reason, 120).rstrip('.')}." if rag_reason else "."),
            "rag",
        )
    )

    made = {r.id for r in a.referrals}
    for rid in e.referrals:
        referral = next((r for r in pack.data.referrals if r.id == rid), None)
        items.append(
            Item(
                f"referral: {referral.to if referral else rid}",
                "made",
                "made" if rid in made else "not made",
                rid in made,
                short_source(referral.source if referral else ""),
                _first_sentence(referral.text if referral else rid),
                f"referral:{rid}",
            )
        )
    withheld = {w.id: w for w in a.withheld_referrals}
    for rid in e.withheld:
        referral = next((r for r in pack.data.referrals if r.id == rid), None)
        not_made = withheld.get(rid)
        outcome = (
            "made without consent"
            if rid in made
            else "not made, why written"
            if not_made is not None and not_made.reason
            else "not made, why not written"
        )
        items.append(
            Item(
                f"referral withheld (no consent): {referral.to if referral else rid}",
                "not made, why written",
                outcome,
                outcome == "not made, why written",
                "Seed 003 para 34",
                "Written, informed consent is needed before the caller's information is shared: "
                "without it, do not make the referral and write why.",
                f"withheld:{rid}",
            )
        )
    if e.contact_preference is not None:
        close = pack.data.pack.close
        qid = close.contact_preference if close and close.contact_preference else ""
        items.append(
            Item(
                "contact preference recorded",
                _answer_words(pack, qid, e.contact_preference),
                _answer_words(pack, qid, a.contact_method),
                a.contact_method == e.contact_preference,
                "Seed 002 'Ring Backs and Reassurance Visits'",
                "Ask by which method the caller would like to be contacted (a visit, a ring back or an email).",
                "contact_preference",
            )
        )
    return items


def _level_reason(pack: Pack, right: Any) -> tuple[str, str]:
    """Why the right call has its level (one sentence) and the source of that rule."""
    label = _level_words(pack, right.level)
    if not right.level_reasons:
        return f"{label}: nothing in this call raises the level.", ""
    first = right.level_reasons[0]
    data = pack.data
    source = ""
    if data.matrix is not None and first.startswith(f"{data.matrix.title}:"):
        source = data.matrix.source or ""
    elif data.decision_table is not None and first.startswith(f"{data.decision_table.title}:"):
        source = data.decision_table.source or ""
    else:
        rule = next((r for r in data.level_rules if r.reason == first), None)
        source = rule.source if rule is not None else ""
    return f"{label} here: {_first_sentence(first, 120).rstrip('.')}.", short_source(source)


def score(
    scenario: Scenario,
    call: Call,
    acknowledged: tuple[str, ...] | list[str] = (),
    elapsed_s: float | None = None,
    keys: int | None = None,
    *,
    trainee: str = "",
) -> Scorecard:
    """Score what the trainee recorded (``call``, its flag requests; the prompts they
    acknowledged, the time taken and key presses) against the scenario's expected outcome.

    Fair (issue 22.5; docs/scenarios.md, "How dependent items are scored"): what the engine
    decides from the recorded call (level, prompts, grade, RAG, referrals, contact
    preference) and is wrong only because of a missed code, question or answer follows from
    that miss and is not counted again; the time counts only when the outcome is right; what
    the desk does for the trainee earns no point."""
    pack, e = scenario.pack, scenario.data.expected
    engine = Engine(pack)
    calls = _Calls(scenario, engine, engine.assess(replace(scenario.expected_call(call.now), override=None)))
    mine = calls.assess(call)
    items: list[Item] = []

    code = pack.codes.get(e.incident_code)
    items.append(
        Item(
            "incident code",
            _code_words(pack, e.incident_code),
            _code_words(pack, call.incident_code),
            call.incident_code == e.incident_code,
            short_source(code.source if code is not None else ""),
            f"What the caller describes is {_code_words(pack, e.incident_code)}: its questions follow from the code.",
            "incident_code",
        )
    )

    asked = set(call.answers) | set(call.declined)
    forced = {q.id for q in mine.questions if q.mandatory and q.id in asked}
    scope = [q for q in e.questions if q not in forced]
    not_asked = [q for q in scope if q not in asked]
    if e.questions and not scope:
        items.append(
            Item(
                "questions asked",
                f"{len(e.questions)} asked",
                f"{len(e.questions)} asked",
                True,
                key="questions",
                free=DESK_ASKS,
            )
        )
    elif scope:
        besides = len(e.questions) - len(scope)
        extra = f" (and {besides} MANDATORY the desk requires)" if besides else ""
        first = not_asked[0] if not_asked else scope[0]
        more = f" and {len(not_asked) - 1} more" if len(not_asked) > 1 else ""
        items.append(
            Item(
                "questions asked",
                f"{len(scope)} of {len(scope)} asked{extra}",
                f"{len(scope) - len(not_asked)} of {len(scope)} asked"
                + (f" (not asked: {', '.join(_question_words(pack, q) for q in not_asked)})" if not_asked else ""),
                not not_asked,
                short_source(pack.questions[first].source),
                f"Ask {_question_words(pack, first)}{more}: answered, or declined with the caller's reason.",
                "questions",
            )
        )

    judged, wrong = _wrong_answers(scenario, call)
    if judged:
        detail = ""
        if wrong:
            qid = wrong[0]
            wanted, reason = _scripted(scenario, qid)
            detail = (
                f"to {_question_words(pack, qid)} the caller said {_answer_words(pack, qid, wanted, reason)}, "
                f"recorded {_answer_words(pack, qid, call.answers.get(qid), call.declined.get(qid))}"
            )
        items.append(
            Item(
                "answers as the caller gave them",
                f"{len(judged)} of {len(judged)} as the caller said",
                f"{len(judged) - len(wrong)} of {len(judged)}"
                + (f" ({detail}" + (f"; {len(wrong) - 1} more" if len(wrong) > 1 else "") + ")" if wrong else ""),
                not wrong,
                SCRIPT_SOURCE,
                f"Record what the caller says: {detail}." if wrong else "",
                "answers",
            )
        )
    else:
        items.append(
            Item(
                "answers as the caller gave them",
                "as the caller said",
                "none judged",
                True,
                key="answers",
                free=NOTHING_TO_JUDGE,
            )
        )

    items.extend(_outcome_items(scenario, calls, call, acknowledged))

    requested = [(f.kind, f.on) for f in call.flag_requests]
    for flag in e.flag_requests:
        match = [on for kind, on in requested if kind == flag.kind]
        met = bool(match) and (flag.on is None or flag.on in match)
        items.append(
            Item(
                f"flag requested: {_flag_words(flag.kind, flag.on)}",
                "requested (Ctrl+F)",
                "requested"
                if met
                else (f"requested on {_flag_words(flag.kind, match[0])}" if match else "not requested"),
                met,
                "Seed 002 'Storm Flag System'",
                "A flag quickly identifies vulnerable and repeat victims on every later call: request it "
                "for a supervisor to authorise.",
                f"flag:{flag.kind}",
            )
        )

    if e.thrive:
        written = [h for h in THRIVE if str(call.rationale.get(h, "")).strip()]
        items.append(
            Item(
                "THRIVE written",
                f"{len(THRIVE)} of {len(THRIVE)} headings",
                f"{len(written)} of {len(THRIVE)} headings",
                len(written) == len(THRIVE),
                THRIVE_SOURCE,
                "Write the THRIVE rationale (threat, harm, risk, investigation, vulnerability, engagement) at first contact.",
                "thrive",
            )
        )

    items = _dependencies(scenario, calls, call, acknowledged, items, not_asked, wrong)

    if e.time_target_s is not None and elapsed_s is not None:
        outcome = {i.key: i for i in items if i.key in ("incident_code", "risk_level", "grade", "rag")}
        wrong_outcome = next((i for i in outcome.values() if not i.met), None)
        items.append(
            Item(
                "time taken",
                f"within {e.time_target_s} s",
                f"{round(elapsed_s)} s",
                elapsed_s <= e.time_target_s and wrong_outcome is None,
                "the scenario's time target",
                "Take the call within the time target, with the right outcome.",
                "time",
                follows=(wrong_outcome.follows or wrong_outcome.item) if wrong_outcome is not None else "",
            )
        )
    return Scorecard(
        scenario.id,
        tuple(items),
        elapsed_s,
        keys,
        title=scenario.data.title,
        trainee=trainee,
        taken_at=call.now,
    )


def _dependencies(
    scenario: Scenario,
    calls: _Calls,
    call: Call,
    acknowledged: tuple[str, ...] | list[str],
    items: list[Item],
    not_asked: list[str],
    wrong: list[str],
) -> list[Item]:
    """Mark what follows from a missed code, question or answer, and what the desk gives.

    An outcome item not met is put right in turn by each missed primary item (the code, the
    questions not asked, the answers recorded otherwise) and then by all of them: if the
    engine then gives it, it follows from that item and is not counted. A prompt the code and
    the caller's record raise before any answer (the Case Review from the history) is one the
    desk cannot let the trainee miss (it pins it until acknowledged, or shows and logs it):
    met, it earns no point; not acknowledged (an attempt from outside the desk), it counts."""
    by_key = {i.key: i for i in items}
    missed_primary = [k for k in PRIMARY if k in by_key and not by_key[k].met]

    # A prompt the trainee's call never raised could not be acknowledged: put right, the
    # desk would have raised it and had it acknowledged.
    never_raised = [p.id for p in scenario.pack.prompts if p.id not in {f.id for f in calls.assess(call).prompts}]
    acted_on = (*acknowledged, *never_raised)

    def outcome(c: Call) -> dict[str, bool]:
        return {i.key: i.met for i in _outcome_items(scenario, calls, c, acted_on)}

    # The questions not asked because the code (or an answer) kept them off the screen.
    questions = by_key.get("questions")
    if questions is not None and not questions.met:
        shown = {q.id for q in calls.assess(call).questions}
        if not any(q in shown for q in not_asked):
            for key in ("incident_code", "answers"):
                if key in missed_primary:
                    mended = calls.assess(_repaired(scenario, call, {key}, not_asked, wrong))
                    if all(q in {x.id for x in mended.questions} for q in not_asked):
                        by_key["questions"] = replace(questions, follows=by_key[key].item)
                        break

    def root(key: str) -> str:
        item = by_key[key]
        return item.follows or item.item

    outcome_keys = [i.key for i in items if i.key not in (*PRIMARY, "thrive") and not i.key.startswith("flag:")]
    unmet = [k for k in outcome_keys if not by_key[k].met]
    if unmet and missed_primary:
        tries = [[k] for k in missed_primary]
        if len(missed_primary) > 1:
            tries.append(list(missed_primary))
        results = [(keys, outcome(_repaired(scenario, call, set(keys), not_asked, wrong))) for keys in tries]
        for key in unmet:
            for keys, met in results:
                if met.get(key):
                    names = list(dict.fromkeys(root(k) for k in keys))
                    by_key[key] = replace(by_key[key], follows=" and ".join(names))
                    break
    raised = [k for k in outcome_keys if k.startswith("prompt:") and by_key[k].met]
    if raised:
        blank = replace(
            call,
            answers={},
            declined={},
            override=None,
            rationale={},
            acknowledged={},
            shared_without_consent={},
            not_made_reasons={},
            flag_requests=(),
        )
        by_record = {p.id for p in calls.assess(blank).prompts}
        for key in raised:
            if key.removeprefix("prompt:") in by_record:
                by_key[key] = replace(by_key[key], free=DESK_RAISES)
    return [by_key[i.key] for i in items]


def check(scenario: Scenario) -> Scorecard:
    """The scenario's own answers through the engine: every item must be met, or the pack
    no longer produces what the scenario expects (``asbdesk scenario check``)."""
    call = scenario.expected_call()
    assessment = Engine(scenario.pack).assess(call)
    acknowledged = tuple(p.id for p in assessment.prompts)
    return score(scenario, call, acknowledged)


# ------------------------------------------------------------------ attempts

# What an attempt may carry beside the ``assess`` input, and what it may not: the scenario
# gives the caller's history and flags, so that every attempt is scored on the same caller.
ATTEMPT_KEYS = ("acknowledged", "elapsed_s", "keys", "flag_requests")
SCENARIO_GIVES = ("history", "address_history", "flags")
MAX_FLAG_REQUESTS = 20
_FLAG_REQUEST_KEYS = ("kind", "on", "negate_risk", "officer_action", "inform", "linked_references")


@dataclass(frozen=True)
class Attempt:
    """A recorded attempt: the call (with the scenario's history and flags), the prompts
    acknowledged, the time taken and the key presses."""

    call: Call
    acknowledged: tuple[str, ...]
    elapsed_s: float | None
    keys: int | None


def parse_attempt(scenario: Scenario, data: Any) -> Attempt:
    """An attempt (the ``assess`` input plus ``acknowledged``, ``elapsed_s``, ``keys`` and
    ``flag_requests``) read against the scenario; raises InputError naming the field. The
    caller's history, the address's history and the flags are the scenario's: an attempt that
    brings its own is refused."""
    if not isinstance(data, dict):
        raise InputError("attempt", messages.ATTEMPT_NOT_AN_OBJECT)
    data = dict(data)
    caller = scenario.data.caller
    given = {
        "history": Message(messages.SCENARIO_GIVES_HISTORY, {"count": len(caller.history)}),
        "address_history": Message(messages.SCENARIO_GIVES_ADDRESS_HISTORY, {"count": len(caller.address_history)}),
        "flags": Message(messages.SCENARIO_GIVES_FLAGS, {"count": len(caller.flags)}),
    }
    for key in SCENARIO_GIVES:
        if key in data:
            raise InputError(
                key,
                messages.ATTEMPT_BRINGS_SCENARIO_PART,
                what=key.replace("_", " "),
                scenario=scenario.id,
                given=given[key],
                key=key,
            )
    who = data.get("caller")
    if isinstance(who, dict) and who.get("flags"):
        raise InputError("caller.flags", messages.ATTEMPT_BRINGS_FLAGS, scenario=scenario.id, given=given["flags"])
    extra = {k: data.pop(k) for k in ATTEMPT_KEYS if k in data}
    acknowledged = extra.get("acknowledged", [])
    if not isinstance(acknowledged, list) or not all(isinstance(p, str) for p in acknowledged):
        raise InputError("acknowledged", messages.ACKNOWLEDGED_NOT_A_LIST)
    pack = scenario.pack
    known = [p.id for p in pack.prompts] + [consent_prompt_id(r.id) for r in pack.data.referrals if r.requires_consent]
    for n, pid in enumerate(acknowledged):
        check_text(pid, f"acknowledged[{n}]")
        if pid not in known:
            raise InputError(
                f"acknowledged[{n}]",
                messages.NOT_A_PROMPT_OF_PACK,
                prompt=shown(pid, 60),
                pack=pack.id,
                hint=did_you_mean(pid, known),
            )
    elapsed = extra.get("elapsed_s")
    if elapsed is not None and (isinstance(elapsed, bool) or not isinstance(elapsed, (int, float)) or elapsed < 0):
        raise InputError("elapsed_s", messages.SECONDS_NOT_NEGATIVE)
    if isinstance(elapsed, float) and elapsed != elapsed:
        raise InputError("elapsed_s", messages.SECONDS_NOT_NEGATIVE)
    keys = extra.get("keys")
    if keys is not None and (isinstance(keys, bool) or not isinstance(keys, int) or keys < 0):
        raise InputError("keys", messages.KEYS_NOT_NEGATIVE)
    requests = _flag_requests(extra.get("flag_requests", []))
    call = parse_call(pack, data)
    now = call.now
    call = replace(
        call,
        history=scenario.history(now),
        address_history=scenario.address_history(now),
        flags=tuple(dict.fromkeys([*scenario.flag_kinds(), *call.flags])),
        flag_requests=requests,
    )
    return Attempt(call, tuple(acknowledged), elapsed, keys)


def _flag_requests(items: Any) -> tuple[RequestedFlag, ...]:
    shape = "{kind, on, negate_risk, officer_action, inform, linked_references}"
    if not isinstance(items, list):
        raise InputError("flag_requests", messages.LIST_OF_SHAPE, shape=shape)
    if len(items) > MAX_FLAG_REQUESTS:
        raise InputError("flag_requests", messages.TOO_MANY_ITEMS, count=len(items), limit=MAX_FLAG_REQUESTS)
    found = []
    for n, item in enumerate(items):
        where = f"flag_requests[{n}]"
        if not isinstance(item, dict):
            raise InputError(where, messages.OBJECT_OF_SHAPE, shape=shape)
        for key in item:
            if key not in _FLAG_REQUEST_KEYS:
                raise InputError(
                    f"{where}.{shown(str(key), 40)}",
                    messages.UNKNOWN_KEY_HINT,
                    hint=did_you_mean(key, _FLAG_REQUEST_KEYS),
                )
        kind, on = item.get("kind"), item.get("on", "person")
        if kind not in FLAG_KINDS:
            raise InputError(
                f"{where}.kind",
                messages.UNKNOWN_FLAG_KIND_HINT,
                kind=repr(shown(str(kind), 40)),
                hint=did_you_mean(kind, FLAG_KINDS),
            )
        if on not in FLAG_SUBJECTS:
            raise InputError(
                f"{where}.on", messages.MUST_BE_ONE_OF, known=", ".join(FLAG_SUBJECTS), value=repr(shown(str(on), 40))
            )
        texts = {}
        for key in _FLAG_REQUEST_KEYS[2:]:
            value = item.get(key, "")
            if not isinstance(value, str):
                raise InputError(f"{where}.{key}", messages.MUST_BE_TEXT)
            texts[key] = check_text(value, f"{where}.{key}")
        found.append(RequestedFlag(kind, on, **texts))
    return tuple(found)


# ------------------------------------------------------------------ the shipped scenarios


def scenarios_dir() -> Path:
    from asbdesk.core.resources import data_dir

    return Path(data_dir("resources")) / "scenarios"


def shipped(folder: Path | None = None) -> list[Path]:
    folder = folder or scenarios_dir()
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


def find_scenario(name: str, folder: Path | None = None) -> Path:
    """A shipped scenario by id, or a scenario file by path."""
    given = Path(name)
    if given.suffix in (".yaml", ".yml") and given.is_file():
        return given
    for path in shipped(folder):
        if path.stem == name:
            return path
    known = ", ".join(p.stem for p in shipped(folder)) or "none"
    raise ScenarioError(shown(name, 80), [PackIssue(shown(name, 80), None, "", f"no such scenario (shipped: {known})")])


def summary(scenario: Scenario) -> dict[str, Any]:
    d = scenario.data
    return {"id": d.id, "title": d.title, "pack": d.pack, "channel": d.channel, "seed": d.seed}


def as_json(scenario: Scenario) -> dict[str, Any]:
    return scenario.data.model_dump(mode="json")


def pack_named_in(path: Path) -> str | None:
    """The pack id a scenario file is written for (its ``pack:``), read without checking the
    rest; None when the file cannot be read as a scenario (loading it says why)."""
    raw, _refused = _read_limited(path, MAX_SCENARIO_BYTES)
    if raw is None:
        return None
    try:
        content, _lines, _used = _compose(raw.decode("utf-8"), path.name, [])
    except UnicodeDecodeError:
        return None
    pack = content.get("pack") if isinstance(content, dict) else None
    return pack if isinstance(pack, str) else None


def scenarios_for(pack: Pack, folders: Sequence[Path] = ()) -> tuple[list[Scenario], list[ScenarioError]]:
    """Every scenario written for ``pack``'s id (issue 19): the shipped ones and those in
    ``folders`` (a force's own), each loaded against ``pack`` itself (a trial folder, a
    published version), not the shipped pack of that id. Returns those that load and the
    errors of those that do not (a file whose pack cannot be read counts as an error)."""
    found: list[Scenario] = []
    problems: list[ScenarioError] = []
    seen: set[Path] = set()
    for path in [*shipped(), *(p for folder in folders for p in shipped(Path(folder)))]:
        real = path.resolve()
        if real in seen:
            continue
        seen.add(real)
        named = pack_named_in(path)
        if named is not None and named != pack.id:
            continue  # written for another pack
        try:
            found.append(load_scenario(path, {pack.id: pack}))
        except ScenarioError as error:
            problems.append(error)
    return found, problems
