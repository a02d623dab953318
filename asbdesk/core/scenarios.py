"""Training scenarios (issue 11): a scripted call on a pack, its caller, what the caller says,
and the outcome a trainee must reach; checked against the pack at load, run through the
engine (``check``) and used to score a recorded attempt (``score``).

A scenario is one YAML file (``resources/scenarios/<id>.yaml``), read with the pack
loader's limits and line numbers: every problem is reported as ``file:line: item: what``.
The format is documented in docs/scenarios.md. Pure Python: no Qt, no database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from asbdesk.core.call import Call, HistoryItem, InputError, parse_call
from asbdesk.core.engine import Engine
from asbdesk.core.files import shown
from asbdesk.core.normalise import NormaliseError, phone_e164, postcode
from asbdesk.core.packs import Pack, PackError, PackIssue
from asbdesk.core.packs.loader import SourceMap, _compose, _read_limited, item_name, schema_issues
from asbdesk.core.packs.model import Code, Id
from asbdesk.core.suggest import did_you_mean
from asbdesk.core.vocabulary import THRIVE, Channel, FlagKind, FlagSubject, Rag

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
        """The call as a trainee who gets everything right records it."""
        return parse_call(self.pack, self.expected_input(now))

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
        raise ScenarioError(path.stem, schema_issues(error, content, source, ScenarioData)) from None
    if data.id != path.stem:
        file_, line = source.locate(("id",))
        raise ScenarioError(
            path.stem, [PackIssue(file_, line, "id", f"'{data.id}' must match the file name '{path.stem}'")]
        )
    pack = (packs or {}).get(data.pack)
    if pack is None:
        from asbdesk.core.packs.registry import PackNotFound, resolve_pack

        try:
            pack = resolve_pack(data.pack)
        except (PackNotFound, PackError) as error:
            file_, line = source.locate(("pack",))
            raise ScenarioError(data.id, [PackIssue(file_, line, "pack", str(error).splitlines()[0])]) from None
    scenario = Scenario(data, path, pack)
    problems = _references(scenario)
    if problems:
        located = []
        for where, message in problems:
            file_, line = source.locate(where)
            located.append(PackIssue(file_, line, item_name(where, content), message))
        raise ScenarioError(data.id, located)
    return scenario


def _references(scenario: Scenario) -> list[tuple[tuple[Any, ...], str]]:
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
    checks = (
        (("caller", "phone"), caller.phone, phone_e164),
        (("caller", "address", "postcode"), caller.address and caller.address.postcode, postcode),
    )
    for where, value, normalise in checks:
        if value:
            try:
                normalise(value)
            except NormaliseError as error:  # the sandbox stores it as the desk would: refused there too
                problems.append((where, str(error)))
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
    return problems


# ------------------------------------------------------------------ checking and scoring


@dataclass(frozen=True)
class Item:
    """One thing scored: what was expected, what was done, met or not, and (when missed)
    why it matters, from the pack's own source."""

    item: str
    expected: Any
    actual: Any
    met: bool
    source: str = ""

    def to_json(self) -> dict[str, Any]:
        out = {"item": self.item, "expected": self.expected, "actual": self.actual, "met": self.met}
        if self.source:
            out["source"] = self.source
        return out


@dataclass(frozen=True)
class Scorecard:
    scenario: str
    items: tuple[Item, ...]
    elapsed_s: float | None = None
    keys: int | None = None

    @property
    def score(self) -> int:
        """Per cent of the items met, rounded."""
        return round(100 * sum(i.met for i in self.items) / len(self.items)) if self.items else 0

    def missed(self) -> tuple[Item, ...]:
        return tuple(i for i in self.items if not i.met)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "scenario": self.scenario,
            "score": self.score,
            "items": [i.to_json() for i in self.items],
        }
        if self.elapsed_s is not None:
            out["elapsed_s"] = self.elapsed_s
        if self.keys is not None:
            out["keys"] = self.keys
        return out

    def text(self) -> str:
        lines = ["TRAINING — NOT A REAL CALL", f"Scenario {self.scenario}: score {self.score}%", ""]
        for i in self.items:
            lines.append(
                f"{'MET   ' if i.met else 'MISSED'}  {i.item}: expected {_shown(i.expected)}, done {_shown(i.actual)}"
            )
            if not i.met and i.source:
                lines.append(f"        why: {i.source}")
        if self.keys is not None:
            lines.append(f"Key presses: {self.keys}")
        return "\n".join(lines) + "\n"


def _shown(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value) or "none"
    return str(value)


def score(
    scenario: Scenario,
    call: Call,
    acknowledged: tuple[str, ...] | list[str] = (),
    elapsed_s: float | None = None,
    keys: int | None = None,
) -> Scorecard:
    """Score what the trainee recorded (``call``; the prompts they acknowledged, the time
    taken and key presses) against the scenario's expected outcome."""
    pack, e = scenario.pack, scenario.data.expected
    assessment = Engine(pack).assess(call)
    items: list[Item] = []

    def add(item: str, expected: Any, actual: Any, met: bool, source: str = "") -> None:
        items.append(Item(item, expected, actual, met, "" if met else source))

    code = pack.codes.get(e.incident_code)
    add(
        "incident code",
        e.incident_code,
        call.incident_code,
        call.incident_code == e.incident_code,
        (code.source or "") if code is not None else "",
    )
    asked = set(call.answers) | set(call.declined)
    must = list(e.questions)
    done = [q for q in must if q in asked]
    missed_questions = [q for q in must if q not in asked]
    sources = "; ".join(f"{q}: {pack.questions[q].source}" for q in missed_questions if pack.questions[q].source)
    add(
        "mandatory questions asked",
        f"{len(must)} of {len(must)}",
        f"{len(done)} of {len(must)}" + (f" (not asked: {', '.join(missed_questions)})" if missed_questions else ""),
        not missed_questions,
        sources,
    )
    rank = pack.level_rank
    if isinstance(e.risk_level, AtLeast):
        wanted = f"at least {e.risk_level.at_least}"
        level_met = rank.get(assessment.level, -1) >= rank[e.risk_level.at_least]
    else:
        wanted = e.risk_level
        level_met = assessment.level == e.risk_level
    add("risk level", wanted, assessment.level, level_met, "; ".join(assessment.level_reasons))
    fired = {p.id: p for p in assessment.prompts}
    for pid in e.acknowledged:
        prompt = fired.get(pid)
        add(
            f"prompt acknowledged: {pid}",
            "acknowledged",
            "acknowledged" if pid in acknowledged else ("not acknowledged" if prompt else "did not fire"),
            pid in acknowledged and prompt is not None,
            prompt.source if prompt is not None else next((p.source for p in pack.prompts if p.id == pid), ""),
        )
    grading = pack.data.grading.source
    add("grade", e.grade, assessment.grade, assessment.grade == e.grade, grading)
    rag_source = pack.data.rag.source
    add("RAG", e.rag, assessment.rag, assessment.rag == e.rag, "; ".join(assessment.rag_reasons) or rag_source)
    made = {r.id for r in assessment.referrals}
    for rid in e.referrals:
        referral = next((r for r in pack.data.referrals if r.id == rid), None)
        add(
            f"referral: {rid}",
            "made",
            "made" if rid in made else "not made",
            rid in made,
            referral.source if referral else "",
        )
    withheld = {w.id: w for w in assessment.withheld_referrals}
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
        add(
            f"referral withheld (no consent): {rid}",
            "not made, why written",
            outcome,
            outcome == "not made, why written",
            "Seed 003 para 34: written, informed consent from victims is needed before their information is shared"
            + (f"; {referral.source}" if referral else ""),
        )
    if e.contact_preference is not None:
        add(
            "contact preference recorded",
            e.contact_preference,
            assessment.contact_method,
            assessment.contact_method == e.contact_preference,
            "Seed 002 'Ring Backs and Reassurance Visits': the caller is asked by which method they would like to be contacted",
        )
    if e.thrive:
        written = [h for h in THRIVE if str(call.rationale.get(h, "")).strip()]
        add(
            "THRIVE written",
            f"{len(THRIVE)} of {len(THRIVE)} headings",
            f"{len(written)} of {len(THRIVE)} headings",
            len(written) == len(THRIVE),
            "Seed 001: THRIVE (threat, harm, risk, investigation, vulnerability, engagement) recorded at first contact",
        )
    if e.time_target_s is not None and elapsed_s is not None:
        add(
            "time taken",
            f"within {e.time_target_s} s",
            f"{round(elapsed_s)} s",
            elapsed_s <= e.time_target_s,
            "the scenario's time target",
        )
    return Scorecard(scenario.id, tuple(items), elapsed_s, keys)


def check(scenario: Scenario) -> Scorecard:
    """The scenario's own answers through the engine: every item must be met, or the pack
    no longer produces what the scenario expects (``asbdesk scenario check``)."""
    call = scenario.expected_call()
    assessment = Engine(scenario.pack).assess(call)
    acknowledged = tuple(p.id for p in assessment.prompts)
    return score(scenario, call, acknowledged)


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
