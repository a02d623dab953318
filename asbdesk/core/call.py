"""What the operator has entered for one call, checked against a pack.

``parse_call(pack, data)`` turns the headless JSON input (PRODUCT.md, "Headless
interface") into a :class:`Call`, or raises :class:`InputError` naming the field
and the value that is wrong. The GUI builds a :class:`Call` directly.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any, Mapping

from asbdesk.core.conditions import CHANNELS, FLAG_KINDS, normalise_channel
from asbdesk.core.packs import Pack
from asbdesk.core.packs.model import Question
from asbdesk.core.timeutil import parse_instant

THRIVE = ("threat", "harm", "risk", "investigation", "vulnerability", "engagement")

# Prompts that decide whether someone is sent now: they stay pinned on the desk and
# must be acknowledged by key before the call is finished (issue 7). Hate ->
# MANDATORY attendance (West Mercia, seed 003 Annex G); immediate danger or weapons ->
# emergency; safeguarding a vulnerable person (seed 002 "Vulnerability").
MUST_ACKNOWLEDGE = ("mandatory_attendance", "emergency", "safeguarding")

# What a flag may be on (seed 002 "Record": the caller, the address or the phone number).
FLAG_SUBJECTS = ("person", "location", "phone")


class InputError(ValueError):
    """Bad input for an assessment; ``field`` names where (e.g. ``answers.q13``)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class HistoryItem:
    occurred_at: datetime
    incident_code: str
    incident_id: str | None = None  # reports sharing an id are one incident (several agencies)


@dataclass(frozen=True)
class Override:
    field: str  # "risk_level" or "grade"
    value: str
    reason: str


@dataclass(frozen=True)
class RequestedFlag:
    """A flag the operator asks for during the call; a supervisor authorises it (seed 002
    "Authority"). The fields are the information seed 002 lists for a Storm flag."""

    kind: str
    on: str  # person | location | phone
    negate_risk: str = ""
    officer_action: str = ""
    inform: str = ""
    linked_references: str = ""

    def line(self) -> str:
        on = {"person": "the caller", "location": "the address", "phone": "the phone number"}[self.on]
        parts = [f"{self.kind.replace('_', ' ')} on {on} (requested, awaiting supervisor)"]
        for label, value in (("negate risk", self.negate_risk), ("attending officer", self.officer_action),
                             ("inform", self.inform), ("linked", self.linked_references)):
            if value.strip():
                parts.append(f"{label}: {value.strip()}")
        return "; ".join(parts)


@dataclass(frozen=True)
class Call:
    incident_code: str
    now: datetime
    channel: str = "phone"
    answers: Mapping[str, Any] = field(default_factory=dict)
    declined: Mapping[str, str] = field(default_factory=dict)  # question id -> decline reason id
    history: tuple[HistoryItem, ...] = ()
    override: Override | None = None
    rationale: Mapping[str, str] = field(default_factory=dict)  # THRIVE heading -> operator's text
    reference: str | None = None
    flags: tuple[str, ...] = ()  # kinds of the active flags shown for this caller
    acknowledged: Mapping[str, datetime] = field(default_factory=dict)  # prompt id -> when acknowledged
    flag_requests: tuple[RequestedFlag, ...] = ()
    operator: str | None = None
    # referral id -> the lawful basis, written, for sharing without the caller's consent
    shared_without_consent: Mapping[str, str] = field(default_factory=dict)
    # referral id -> why a referral needing consent was not made (consent refused or not asked)
    not_made_reasons: Mapping[str, str] = field(default_factory=dict)

    def with_answer(self, question_id: str, value: Any) -> "Call":
        """A copy with one answer set (``None`` clears it)."""
        answers = dict(self.answers)
        if value is None:
            answers.pop(question_id, None)
        else:
            answers[question_id] = value
        return replace(self, answers=answers)


def normalise_answer(question: Question, value: Any, where: str) -> Any:
    """Check one answer against its question's type; return it in canonical form."""
    kind = question.type
    if kind == "yes_no":
        if isinstance(value, bool):
            return value
        raise InputError(where, f"'{question.id}' is a yes/no question: give true or false, not {_show(value)}")
    options = [o.id for o in question.options]
    if kind == "single":
        if isinstance(value, str) and value in options:
            return value
        raise InputError(where, f"{_show(value)} is not an option of '{question.id}' (options: {', '.join(options)})")
    if kind == "multi":
        if not isinstance(value, list):
            raise InputError(where, f"'{question.id}' takes a list of option ids, not {_show(value)}")
        for item in value:
            if not isinstance(item, str) or item not in options:
                raise InputError(
                    where, f"{_show(item)} is not an option of '{question.id}' (options: {', '.join(options)})"
                )
        chosen = set(value)
        return tuple(o for o in options if o in chosen)
    if kind == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise InputError(where, f"'{question.id}' takes a number, not {_show(value)}")
        return value
    if kind == "text":
        if not isinstance(value, str):
            raise InputError(where, f"'{question.id}' takes text, not {_show(value)}")
        return value
    # date
    if isinstance(value, str):
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    raise InputError(where, f"'{question.id}' takes a date such as 2026-11-23, not {_show(value)}")


def parse_call(pack: Pack, data: Any) -> Call:
    """Validate headless input against ``pack``; raise InputError naming the field."""
    if not isinstance(data, Mapping):
        raise InputError("input", "must be a JSON object")
    code = data.get("incident_code")
    if isinstance(code, int) and not isinstance(code, bool):
        code = str(code)
    if code is None:
        raise InputError("incident_code", "is required")
    if not isinstance(code, str) or code not in pack.codes:
        known = ", ".join(pack.codes)
        raise InputError("incident_code", f"unknown incident code {_show(code)} in pack '{pack.id}' (known: {known})")
    if "now" not in data:
        raise InputError("now", "is required (ISO 8601, e.g. 2026-11-23T14:05:00Z)")
    now = _instant(data["now"], "now")
    channel = normalise_channel(data.get("channel", "phone"))
    if channel not in CHANNELS:
        raise InputError("channel", f"must be one of {', '.join(CHANNELS)}, not {_show(data.get('channel'))}")

    answers_in = data.get("answers", {})
    if not isinstance(answers_in, Mapping):
        raise InputError("answers", "must be an object of question id -> answer")
    answers: dict[str, Any] = {}
    for qid, value in answers_in.items():
        question = pack.questions.get(qid)
        if question is None:
            raise InputError(f"answers.{qid}", f"unknown question id '{qid}' in pack '{pack.id}'")
        if value is None:
            continue
        answers[qid] = normalise_answer(question, value, f"answers.{qid}")

    declined_in = data.get("declined", {})
    if not isinstance(declined_in, Mapping):
        raise InputError("declined", "must be an object of question id -> reason id")
    reasons = {r.id for r in pack.data.pack.decline_reasons}
    declined: dict[str, str] = {}
    for qid, reason in declined_in.items():
        if qid not in pack.questions:
            raise InputError(f"declined.{qid}", f"unknown question id '{qid}' in pack '{pack.id}'")
        if reason not in reasons:
            raise InputError(f"declined.{qid}", f"unknown reason {_show(reason)} (known: {', '.join(sorted(reasons))})")
        if qid in answers:
            raise InputError(f"declined.{qid}", "the question is both answered and declined")
        declined[qid] = reason

    history = _history(data.get("history", []))
    override = _override(pack, data.get("override"))

    rationale_in = data.get("rationale", {})
    if not isinstance(rationale_in, Mapping):
        raise InputError("rationale", f"must be an object with any of {', '.join(THRIVE)}")
    rationale = {}
    for key, text in rationale_in.items():
        if key not in THRIVE:
            raise InputError(f"rationale.{key}", f"unknown THRIVE heading (known: {', '.join(THRIVE)})")
        if not isinstance(text, str):
            raise InputError(f"rationale.{key}", "must be text")
        rationale[key] = text

    reference = data.get("reference")
    if reference is not None and not isinstance(reference, str):
        raise InputError("reference", "must be text")
    flags_in = data.get("flags", [])
    if not isinstance(flags_in, list):
        raise InputError("flags", f"must be a list of flag kinds ({', '.join(FLAG_KINDS)})")
    for i, kind in enumerate(flags_in):
        if kind not in FLAG_KINDS:
            raise InputError(f"flags[{i}]", f"unknown flag kind {_show(kind)} (known: {', '.join(FLAG_KINDS)})")
    acknowledged_in = data.get("acknowledged", [])
    if not isinstance(acknowledged_in, list):
        raise InputError("acknowledged", "must be a list of prompt ids")
    known_prompts = {p.id for p in pack.prompts} | {consent_prompt_id(r.id) for r in pack.data.referrals if r.requires_consent}
    for i, prompt_id in enumerate(acknowledged_in):
        if prompt_id not in known_prompts:
            raise InputError(f"acknowledged[{i}]", f"unknown prompt id {_show(prompt_id)} in pack '{pack.id}'")
    operator = data.get("operator")
    if operator is not None and not isinstance(operator, str):
        raise InputError("operator", "must be text")
    shared = _consent_texts(pack, data, "shared_without_consent", "the lawful basis for sharing without consent (e.g. safeguarding: why)")
    not_made = _consent_texts(pack, data, "consent_not_made", "why the referral was not made")
    both = sorted(set(shared) & set(not_made))
    if both:
        raise InputError(f"consent_not_made.{both[0]}", "the referral is both shared without consent and not made")
    return Call(
        code, now, channel, answers, declined, history, override, rationale, reference, tuple(dict.fromkeys(flags_in)),
        acknowledged={prompt_id: now for prompt_id in acknowledged_in}, operator=operator,
        shared_without_consent=shared, not_made_reasons=not_made,
    )


MIN_CONSENT_TEXT = 10  # characters: a reason, not a keystroke


def consent_text_problem(text: object, what: str) -> str | None:
    """Why a written consent decision is not acceptable, or None."""
    if not isinstance(text, str) or len(text.strip()) < MIN_CONSENT_TEXT:
        return f"write {what}, at least {MIN_CONSENT_TEXT} characters"
    return None


def _consent_texts(pack: Pack, data: Mapping[str, Any], key: str, what: str) -> dict[str, str]:
    """Referral id -> written text, for referrals that need the caller's consent."""
    given = data.get(key, {})
    if not isinstance(given, Mapping):
        raise InputError(key, f"must be an object of referral id -> {what}")
    needing_consent = {r.id for r in pack.data.referrals if r.requires_consent}
    texts: dict[str, str] = {}
    for referral_id, text in given.items():
        if referral_id not in needing_consent:
            known = ", ".join(sorted(needing_consent)) or "none in this pack"
            raise InputError(f"{key}.{referral_id}", f"not a referral that needs the caller's consent (those are: {known})")
        problem = consent_text_problem(text, what)
        if problem:
            raise InputError(f"{key}.{referral_id}", problem)
        texts[referral_id] = text.strip()
    return texts


def consent_prompt_id(referral_id: str) -> str:
    """The prompt shown in place of a referral the caller has not consented to."""
    return f"consent.{referral_id}"


def _history(items: Any) -> tuple[HistoryItem, ...]:
    if not isinstance(items, list):
        raise InputError("history", "must be a list of {occurred_at, incident_code}")
    out = []
    for i, item in enumerate(items):
        where = f"history[{i}]"
        if not isinstance(item, Mapping):
            raise InputError(where, "must be an object {occurred_at, incident_code}")
        if "occurred_at" not in item:
            raise InputError(f"{where}.occurred_at", "is required")
        code = item.get("incident_code")
        if isinstance(code, int) and not isinstance(code, bool):
            code = str(code)
        if not isinstance(code, str) or not code:
            raise InputError(f"{where}.incident_code", f"must be an incident code, not {_show(code)}")
        incident_id = item.get("incident_id")
        if incident_id is not None and not isinstance(incident_id, (str, int)):
            raise InputError(f"{where}.incident_id", "must be text")
        out.append(
            HistoryItem(
                _instant(item["occurred_at"], f"{where}.occurred_at"),
                code,
                None if incident_id is None else str(incident_id),
            )
        )
    return tuple(out)


def _override(pack: Pack, data: Any) -> Override | None:
    if data is None:
        return None
    if not isinstance(data, Mapping):
        raise InputError("override", "must be an object {risk_level or grade, reason}")
    fields = [k for k in ("risk_level", "grade") if data.get(k) is not None]
    if len(fields) != 1:
        raise InputError("override", "give exactly one of risk_level or grade")
    name = fields[0]
    value = data[name]
    known = pack.level_rank if name == "risk_level" else pack.grades
    if value not in known:
        raise InputError(f"override.{name}", f"unknown {name.replace('_', ' ')} {_show(value)} (known: {', '.join(known)})")
    reason = data.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        raise InputError("override.reason", "an override needs a written reason")
    return Override(name, value, reason.strip())


def _instant(value: Any, where: str) -> datetime:
    try:
        return parse_instant(value)
    except ValueError as error:
        raise InputError(where, str(error)) from None


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
