"""What the operator has entered for one call, checked against a pack.

``parse_call(pack, data)`` turns the headless JSON input (PRODUCT.md, "Headless
interface") into a :class:`Call`, or raises :class:`InputError` naming the field
and the value that is wrong. The GUI builds a :class:`Call` directly.
"""

from __future__ import annotations

import difflib
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from itertools import accumulate
from typing import Any

from asbdesk.core import messages
from asbdesk.core.conditions import normalise_channel
from asbdesk.core.messages import Message, Refused, as_given, words
from asbdesk.core.packs import Pack
from asbdesk.core.packs.model import Question
from asbdesk.core.timeutil import parse_instant
from asbdesk.core.vocabulary import (
    CHANNELS,
    FLAG_KINDS,
    FLAG_SUBJECT_WORDS,
    FLAG_SUBJECTS,
    OVERRIDE_FIELDS,
    THRIVE,
)

# The keys of the headless input, every one parse_call reads (and no other: a key not
# listed is refused, so a typo such as "answer" is not silently ignored).
INPUT_KEYS = (
    "incident_code",
    "now",
    "channel",
    "answers",
    "declined",
    "history",
    "address_history",
    "override",
    "rationale",
    "reference",
    "flags",
    "acknowledged",
    "operator",
    "shared_without_consent",
    "consent_not_made",
    "caller",
)

# Limits on headless input (issue 13.2: input is untrusted). README, "The headless
# interface", lists them; every one is named in the message that refuses it.
MAX_INPUT_BYTES = 2_000_000  # the whole JSON input, checked before it is parsed
MAX_JSON_DEPTH = 32  # nesting of objects and lists (a real call needs 3)
MAX_INTEGER_DIGITS = 4_300  # Python's own default int_max_str_digits, whatever the environment says
MAX_TEXT_CHARS = 10_000  # each text: an answer, a rationale, a reason, a reference, a name, an id
MAX_TIME_CHARS = 64  # an ISO 8601 time ("2026-11-23T14:05:00.123456+05:30" is 32)
MAX_HISTORY_ITEMS = 1_000  # past incidents given with one call
MAX_CALLER_FLAGS = 100  # active flags given with the caller (a real caller has one or two)
MIN_YEAR, MAX_YEAR = 1900, 2999  # 'now' and history times: the rule windows reach 10 years back

# Refused in any text (issue 13.2): C0 controls but tab and newline (NUL, ESC for terminal
# escapes, CR), DEL and the C1 controls (U+009B is an escape introducer too), the bidi
# embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069: they reorder what a
# reader of the log sees) and lone surrogates (no UTF-8 for them: the output could not be
# written).
_UNSAFE_CHAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


class InputError(Refused):
    """Bad input for an assessment; ``field`` names where (e.g. ``answers.q13``), ``problem``
    what is wrong with it (a message id with its values: ``InputError("now", messages.REQUIRED)``);
    ``message`` is the problem in English."""

    def __init__(self, field: str, problem: str | Message, /, **args: Any) -> None:
        self.field = field
        self.problem = words(problem, args)
        self.message = str(self.problem)
        super().__init__(messages.FIELD_PROBLEM, field=field, problem=self.problem)


def check_text(value: str, where: str, limit: int = MAX_TEXT_CHARS) -> str:
    """The one check every text from outside passes (headless input and the desk's typed
    answers): at most ``limit`` characters, no control character (NUL and the other C0
    controls but tab, newline and carriage return — text pasted from Windows ends lines
    with CR LF —, DEL, C1), no bidi embedding, override or isolate, no lone
    surrogate. Returns ``value``; raises InputError naming ``where``, the character and its
    position (counting from 1)."""
    if len(value) > limit:
        raise InputError(where, messages.TEXT_TOO_LONG, length=len(value), limit=limit)
    bad = _UNSAFE_CHAR.search(value)
    if bad is not None:
        code = ord(bad.group())
        what = (
            messages.A_LONE_SURROGATE
            if 0xD800 <= code <= 0xDFFF
            else messages.A_BIDI_CONTROL
            if 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069
            else messages.A_CONTROL_CHARACTER
        )
        raise InputError(where, messages.TEXT_UNSAFE_CHARACTER, what=Message(what), code=code, position=bad.start() + 1)
    return value


# A JSON string, escapes included (possessive: no backtracking on an unterminated one).
_JSON_STRING = re.compile(r'"[^"\\]*+(?:\\.[^"\\]*+)*+"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_BRACKET_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


class _NotJson(Refused):
    pass


def _refuse_constant(name: str) -> Any:
    raise _NotJson(messages.NOT_A_JSON_NUMBER, name=name)


def _integer(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_INTEGER_DIGITS:
        raise _NotJson(messages.INTEGER_TOO_LONG, digits=len(digits.lstrip("-")), limit=MAX_INTEGER_DIGITS)
    return int(digits)


def json_depth(text: str) -> int:
    """How deeply ``text``'s objects and lists nest, found without recursion or parsing:
    brackets counted outside strings (linear, in C)."""
    brackets = _NOT_BRACKET.sub("", _JSON_STRING.sub("", text))
    return max(accumulate(map(_BRACKET_STEP.__getitem__, brackets)), default=0)


def decode_input(text: str) -> Any:
    """The headless input's JSON, within the limits (size, nesting, integer digits, no NaN
    or Infinity); raise InputError on field ``input`` otherwise."""
    size = len(text) if len(text) > MAX_INPUT_BYTES else len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_INPUT_BYTES:
        raise InputError("input", messages.INPUT_TOO_LARGE, limit=MAX_INPUT_BYTES)
    if json_depth(text) > MAX_JSON_DEPTH:
        raise InputError("input", messages.INPUT_TOO_DEEP, limit=MAX_JSON_DEPTH)
    try:
        return json.loads(text, parse_int=_integer, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        raise InputError(
            "input", messages.MALFORMED_JSON, line=error.lineno, column=error.colno, problem=error.msg
        ) from None
    except _NotJson as error:
        raise InputError("input", error.words) from None
    except RecursionError:  # not reached after the depth check; kept as a guard
        raise InputError("input", messages.INPUT_TOO_DEEP, limit=MAX_JSON_DEPTH) from None
    except ValueError as error:  # e.g. an integer past Python's int_max_str_digits
        raise InputError("input", messages.VALUE_UNREADABLE, problem=str(error)) from None


@dataclass(frozen=True)
class HistoryItem:
    """An earlier complaint: when it was made and under which code."""

    occurred_at: datetime
    incident_code: str
    incident_id: str | None = None  # reports sharing an id are one incident (several agencies)
    # When the behaviour complained of happened, where known: a complaint counts toward the
    # ASB Case Review only if made within one month of it (2014 Act s104(11)).
    behaviour_at: datetime | None = None


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
        on = f"the {FLAG_SUBJECT_WORDS[self.on]}"
        parts = [f"{self.kind.replace('_', ' ')} on {on} (requested, awaiting supervisor)"]
        for label, value in (
            ("negate risk", self.negate_risk),
            ("attending officer", self.officer_action),
            ("inform", self.inform),
            ("linked", self.linked_references),
        ):
            if value.strip():
                parts.append(f"{label}: {value.strip()}")
        return "; ".join(parts)


# What a flag tells whoever acts on the call, in the words seed 002 "Record" lists for a
# Storm flag, as the log prints them.
FLAG_INSTRUCTIONS = (
    ("negate_risk", "Information to negate risk"),
    ("officer_action", "Attending officer"),
    ("inform", "Inform"),
    ("linked_references", "Linked references"),
)


@dataclass(frozen=True)
class CallerFlag:
    """An active flag shown for the caller, their phone number or their address, with its
    instructions (seed 002 "Record": the information to negate risk, actions for the
    attending officer, who must be informed, linked references)."""

    kind: str
    subject: str  # person | phone | location
    negate_risk: str = ""
    officer_action: str = ""
    inform: str = ""
    linked_references: str = ""

    def instructions(self) -> tuple[tuple[str, str], ...]:
        """(label, text) for each instruction the flag carries, in seed 002's order."""
        return tuple(
            (label, value.strip()) for name, label in FLAG_INSTRUCTIONS if (value := getattr(self, name)).strip()
        )


@dataclass(frozen=True)
class CallerDetails:
    """Who called, as the graded log says it (issue 21.7: a log pasted into command and
    control must say who called and what each active flag asks of the attending officer)."""

    name: str = ""
    phone: str | None = None  # E.164; the log prints it in the UK national format
    address: str = ""  # one line: "4 Canal Row, Leeds, LS1 4AP"
    flags: tuple[CallerFlag, ...] = ()
    # The address the caller asked to be e-mailed at, when e-mail is how they chose to be
    # contacted (issue 22.2: the re-contact is made to it); checked by email-validator.
    email: str | None = None


def address_line(line1: str, town: str, postcode_text: str) -> str:
    """An address on one line, parts left blank left out: '4 Canal Row, Leeds, LS1 4AP'."""
    return ", ".join(part.strip() for part in (line1, town, postcode_text) if part and part.strip())


@dataclass(frozen=True)
class Call:
    incident_code: str
    now: datetime
    channel: str = "phone"
    answers: Mapping[str, Any] = field(default_factory=dict)
    declined: Mapping[str, str] = field(default_factory=dict)  # question id -> decline reason id
    history: tuple[HistoryItem, ...] = ()  # the caller's own earlier complaints
    override: Override | None = None
    rationale: Mapping[str, str] = field(default_factory=dict)  # THRIVE heading -> operator's text
    reference: str | None = None
    flags: tuple[str, ...] = ()  # kinds of the active flags shown for this caller
    acknowledged: Mapping[str, datetime] = field(default_factory=dict)  # prompt id -> when acknowledged
    flag_requests: tuple[RequestedFlag, ...] = ()
    operator: str | None = None
    caller: CallerDetails | None = None  # who called, as the log prints it; None: not known
    # referral id -> the lawful basis, written, for sharing without the caller's consent
    shared_without_consent: Mapping[str, str] = field(default_factory=dict)
    # referral id -> why a referral needing consent was not made (consent refused or not asked)
    not_made_reasons: Mapping[str, str] = field(default_factory=dict)
    # Complaints by anyone about behaviour at the caller's address (the caller's own may be
    # among them: one incident counts once). The ASB Case Review counts them: 2014 Act
    # s104(1)(a), "that person, or any other person".
    address_history: tuple[HistoryItem, ...] = ()

    def with_answer(self, question_id: str, value: Any) -> Call:
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
        raise InputError(where, messages.NOT_YES_NO, question=question.id, value=_show(value))
    options = [o.id for o in question.options]
    if kind == "single":
        if isinstance(value, str) and value in options:
            return value
        raise InputError(
            where, messages.NOT_AN_OPTION, value=_show(value), question=question.id, options=", ".join(options)
        )
    if kind == "multi":
        if not isinstance(value, list):
            raise InputError(where, messages.NOT_A_LIST_OF_OPTIONS, question=question.id, value=_show(value))
        for item in value:
            if not isinstance(item, str) or item not in options:
                raise InputError(
                    where, messages.NOT_AN_OPTION, value=_show(item), question=question.id, options=", ".join(options)
                )
        chosen = set(value)
        return tuple(o for o in options if o in chosen)
    if kind == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise InputError(where, messages.NOT_A_NUMBER, question=question.id, value=_show(value))
        return value
    if kind == "text":
        if not isinstance(value, str):
            raise InputError(where, messages.NOT_TEXT, question=question.id, value=_show(value))
        return check_text(value, where)
    # date
    if isinstance(value, str):
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    raise InputError(where, messages.NOT_A_DATE, question=question.id, value=_show(value))


def parse_call(pack: Pack, data: Any) -> Call:
    """Validate headless input against ``pack``; raise InputError naming the field."""
    if not isinstance(data, Mapping):
        raise InputError("input", messages.NOT_A_JSON_OBJECT)
    for key in data:
        if key not in INPUT_KEYS:
            close = difflib.get_close_matches(key, INPUT_KEYS, n=1) if len(key) <= 40 else []
            _unknown_key(_key(key), close, INPUT_KEYS)
    code = data.get("incident_code")
    if isinstance(code, int) and not isinstance(code, bool):
        code = str(code)
    if code is None:
        raise InputError("incident_code", messages.REQUIRED)
    if not isinstance(code, str) or code not in pack.codes:
        known = ", ".join(pack.codes)
        raise InputError("incident_code", messages.UNKNOWN_INCIDENT_CODE, code=_show(code), pack=pack.id, known=known)
    if "now" not in data:
        raise InputError("now", messages.NOW_REQUIRED)
    now = _instant(data["now"], "now")
    channel = normalise_channel(data.get("channel", "phone"))
    if channel not in CHANNELS:
        raise InputError(
            "channel", messages.MUST_BE_ONE_OF, known=", ".join(CHANNELS), value=_show(data.get("channel"))
        )

    answers_in = data.get("answers", {})
    if not isinstance(answers_in, Mapping):
        raise InputError("answers", messages.ANSWERS_NOT_AN_OBJECT)
    answers: dict[str, Any] = {}
    for qid, value in answers_in.items():
        question = pack.questions.get(qid)
        if question is None:
            raise InputError(f"answers.{_key(qid)}", messages.UNKNOWN_QUESTION_ID, question=_show(qid), pack=pack.id)
        if value is None:
            continue
        answers[qid] = normalise_answer(question, value, f"answers.{qid}")

    declined_in = data.get("declined", {})
    if not isinstance(declined_in, Mapping):
        raise InputError("declined", messages.DECLINED_NOT_AN_OBJECT)
    reasons = {r.id for r in pack.data.pack.decline_reasons}
    declined: dict[str, str] = {}
    for qid, reason in declined_in.items():
        if qid not in pack.questions:
            raise InputError(f"declined.{_key(qid)}", messages.UNKNOWN_QUESTION_ID, question=_show(qid), pack=pack.id)
        if not isinstance(reason, str) or reason not in reasons:
            raise InputError(
                f"declined.{qid}", messages.UNKNOWN_REASON_ID, reason=_show(reason), known=", ".join(sorted(reasons))
            )
        if qid in answers:
            raise InputError(f"declined.{qid}", messages.ANSWERED_AND_DECLINED)
        declined[qid] = reason

    history = _history(data.get("history", []))
    address_history = _history(data.get("address_history", []), "address_history")
    override = _override(pack, data.get("override"))

    rationale_in = data.get("rationale", {})
    if not isinstance(rationale_in, Mapping):
        raise InputError("rationale", messages.RATIONALE_NOT_AN_OBJECT, headings=", ".join(THRIVE))
    rationale = {}
    for key, text in rationale_in.items():
        if key not in THRIVE:
            raise InputError(f"rationale.{_key(key)}", messages.UNKNOWN_THRIVE_KEY, headings=", ".join(THRIVE))
        if not isinstance(text, str):
            raise InputError(f"rationale.{key}", messages.MUST_BE_TEXT)
        rationale[key] = check_text(text, f"rationale.{key}")

    reference = data.get("reference")
    if reference is not None and not isinstance(reference, str):
        raise InputError("reference", messages.MUST_BE_TEXT)
    if reference is not None:
        check_text(reference, "reference")
    flags_in = data.get("flags", [])
    if not isinstance(flags_in, list):
        raise InputError("flags", messages.FLAGS_NOT_A_LIST, known=", ".join(FLAG_KINDS))
    for i, kind in enumerate(flags_in):
        if not isinstance(kind, str) or kind not in FLAG_KINDS:
            raise InputError(f"flags[{i}]", messages.UNKNOWN_FLAG_KIND, kind=_show(kind), known=", ".join(FLAG_KINDS))
    caller = _caller(data.get("caller"))
    acknowledged_in = data.get("acknowledged", [])
    if not isinstance(acknowledged_in, list):
        raise InputError("acknowledged", messages.ACKNOWLEDGED_NOT_A_LIST)
    known_prompts = {p.id for p in pack.prompts} | {
        consent_prompt_id(r.id) for r in pack.data.referrals if r.requires_consent
    }
    for i, prompt_id in enumerate(acknowledged_in):
        if not isinstance(prompt_id, str) or prompt_id not in known_prompts:
            raise InputError(f"acknowledged[{i}]", messages.UNKNOWN_PROMPT_ID, prompt=_show(prompt_id), pack=pack.id)
    operator = data.get("operator")
    if operator is not None and not isinstance(operator, str):
        raise InputError("operator", messages.MUST_BE_TEXT)
    if operator is not None:
        check_text(operator, "operator")
    shared = _consent_texts(pack, data, "shared_without_consent", Message(messages.LAWFUL_BASIS_EXAMPLE))
    not_made = _consent_texts(pack, data, "consent_not_made", "why the referral was not made")
    both = sorted(set(shared) & set(not_made))
    if both:
        raise InputError(f"consent_not_made.{both[0]}", messages.SHARED_AND_NOT_MADE)
    return Call(
        code,
        now,
        channel,
        answers,
        declined,
        history,
        override,
        rationale,
        reference,
        # A flag given with the caller is an active flag shown for them: the pack's rules read it too.
        tuple(dict.fromkeys([*flags_in, *(f.kind for f in (caller.flags if caller else ()))])),
        acknowledged={prompt_id: now for prompt_id in acknowledged_in},
        operator=operator,
        caller=caller,
        shared_without_consent=shared,
        not_made_reasons=not_made,
        address_history=address_history,
    )


_CALLER_KEYS = ("name", "phone", "address", "email", "flags")
_ADDRESS_KEYS = ("line1", "town", "postcode")
_FLAG_KEYS = ("kind", "on", *(name for name, _ in FLAG_INSTRUCTIONS))


def _known_keys(data: Mapping[str, Any], known: tuple[str, ...], where: str) -> None:
    for key in data:
        if key not in known:
            close = difflib.get_close_matches(key, known, n=1) if isinstance(key, str) and len(key) <= 40 else []
            _unknown_key(f"{where}.{_key(key)}", close, known)


def _unknown_key(where: str, close: list[str], known: tuple[str, ...]) -> None:
    if close:
        raise InputError(where, messages.UNKNOWN_KEY_DID_YOU_MEAN, close=close[0], known=", ".join(known))
    raise InputError(where, messages.UNKNOWN_KEY, known=", ".join(known))


def _text(data: Mapping[str, Any], key: str, where: str) -> str:
    value = data.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InputError(f"{where}.{key}", messages.MUST_BE_TEXT_NOT, value=_show(value))
    return check_text(value, f"{where}.{key}").strip()


def _caller(data: Any) -> CallerDetails | None:
    """The optional ``caller`` of headless input: who called, as the log prints it. Absent
    (or null): the caller is not known, and the log says so."""
    from asbdesk.core.normalise import (  # phonenumbers, email-validator: only when needed
        NormaliseError,
        email_address,
        phone_e164,
        postcode,
    )

    if data is None:
        return None
    if not isinstance(data, Mapping):
        raise InputError("caller", messages.CALLER_NOT_AN_OBJECT)
    _known_keys(data, _CALLER_KEYS, "caller")
    name = _text(data, "name", "caller")
    phone = None
    typed = _text(data, "phone", "caller")
    if typed:
        try:
            phone = phone_e164(typed)
        except NormaliseError as error:
            raise InputError("caller.phone", error.words) from None
    address = ""
    where = data.get("address")
    if where is not None:
        if not isinstance(where, Mapping):
            raise InputError("caller.address", messages.ADDRESS_NOT_AN_OBJECT)
        _known_keys(where, _ADDRESS_KEYS, "caller.address")
        line1, town = _text(where, "line1", "caller.address"), _text(where, "town", "caller.address")
        code = _text(where, "postcode", "caller.address")
        if code:
            try:
                code = postcode(code)
            except NormaliseError as error:
                raise InputError("caller.address.postcode", error.words) from None
        if not line1 and not code:
            raise InputError("caller.address", messages.ADDRESS_TOO_LITTLE)
        address = address_line(line1, town, code)
    email = None
    typed = _text(data, "email", "caller")
    if typed:
        try:
            email = email_address(typed)
        except NormaliseError as error:
            raise InputError("caller.email", error.words) from None
    flags = _caller_flags(data.get("flags", []))
    if not (name or phone or address or email):
        raise InputError("caller", messages.CALLER_TOO_LITTLE)
    return CallerDetails(name, phone, address, flags, email)


def _objects(items: Any, key: str, limit: int, shape: str) -> list[tuple[str, Mapping[str, Any]]]:
    """A list of at most ``limit`` objects of the input at ``key``, each with its place
    (``key[i]``); refused naming the list or the item otherwise. ``shape``: '{a, b, ...}'."""
    if not isinstance(items, list):
        raise InputError(key, messages.LIST_OF_SHAPE, shape=shape)
    if len(items) > limit:
        raise InputError(key, messages.TOO_MANY_ITEMS, count=len(items), limit=limit)
    for i, item in enumerate(items):
        if not isinstance(item, Mapping):
            raise InputError(f"{key}[{i}]", messages.OBJECT_OF_SHAPE, shape=shape)
    return [(f"{key}[{i}]", item) for i, item in enumerate(items)]


def _caller_flags(items: Any) -> tuple[CallerFlag, ...]:
    flags = []
    shape = "{kind, on, negate_risk, officer_action, inform, linked_references}"
    for where, item in _objects(items, "caller.flags", MAX_CALLER_FLAGS, shape):
        _known_keys(item, _FLAG_KEYS, where)
        kind = item.get("kind")
        if not isinstance(kind, str) or kind not in FLAG_KINDS:
            raise InputError(f"{where}.kind", messages.UNKNOWN_FLAG_KIND, kind=_show(kind), known=", ".join(FLAG_KINDS))
        on = item.get("on", "person")
        if not isinstance(on, str) or on not in FLAG_SUBJECTS:
            raise InputError(f"{where}.on", messages.MUST_BE_ONE_OF, known=", ".join(FLAG_SUBJECTS), value=_show(on))
        texts = {name: _text(item, name, where) for name, _ in FLAG_INSTRUCTIONS}
        flags.append(CallerFlag(kind, on, **texts))
    return tuple(flags)


MIN_CONSENT_TEXT = 10  # characters: a reason, not a keystroke


def consent_text_problem(text: object, what: str | Message) -> Message | None:
    """Why a written consent decision is not acceptable, or None."""
    if not isinstance(text, str) or len(text.strip()) < MIN_CONSENT_TEXT:
        return Message(messages.CONSENT_TEXT_TOO_SHORT, {"what": what, "minimum": MIN_CONSENT_TEXT})
    return None


def _consent_texts(pack: Pack, data: Mapping[str, Any], key: str, what: str | Message) -> dict[str, str]:
    """Referral id -> written text, for referrals that need the caller's consent."""
    given = data.get(key, {})
    if not isinstance(given, Mapping):
        raise InputError(key, messages.CONSENT_NOT_AN_OBJECT, what=what)
    needing_consent = {r.id for r in pack.data.referrals if r.requires_consent}
    texts: dict[str, str] = {}
    for referral_id, text in given.items():
        if referral_id not in needing_consent:
            known = ", ".join(sorted(needing_consent)) or Message(messages.NONE_IN_THIS_PACK)
            raise InputError(f"{key}.{_key(referral_id)}", messages.NOT_A_CONSENT_REFERRAL_KNOWN, known=known)
        problem = consent_text_problem(text, what)
        if problem:
            raise InputError(f"{key}.{referral_id}", problem)
        texts[referral_id] = check_text(text, f"{key}.{referral_id}").strip()
    return texts


def consent_prompt_id(referral_id: str) -> str:
    """The prompt shown in place of a referral the caller has not consented to."""
    return f"consent.{referral_id}"


def _history(items: Any, key: str = "history") -> tuple[HistoryItem, ...]:
    if not isinstance(items, list):
        raise InputError(key, messages.HISTORY_NOT_A_LIST)
    if len(items) > MAX_HISTORY_ITEMS:
        raise InputError(key, messages.TOO_MANY_ITEMS, count=len(items), limit=MAX_HISTORY_ITEMS)
    out = []
    for i, item in enumerate(items):
        where = f"{key}[{i}]"
        if not isinstance(item, Mapping):
            raise InputError(where, messages.HISTORY_ITEM_NOT_AN_OBJECT)
        if "occurred_at" not in item:
            raise InputError(f"{where}.occurred_at", messages.REQUIRED)
        code = item.get("incident_code")
        if isinstance(code, int) and not isinstance(code, bool):
            code = str(code)
        if not isinstance(code, str) or not code:
            raise InputError(f"{where}.incident_code", messages.NOT_AN_INCIDENT_CODE, value=_show(code))
        check_text(code, f"{where}.incident_code")
        incident_id = item.get("incident_id")
        if incident_id is not None and (isinstance(incident_id, bool) or not isinstance(incident_id, (str, int))):
            raise InputError(f"{where}.incident_id", messages.MUST_BE_TEXT)
        if isinstance(incident_id, str):
            check_text(incident_id, f"{where}.incident_id")
        occurred_at = _instant(item["occurred_at"], f"{where}.occurred_at")
        behaviour_at = item.get("behaviour_at")
        if behaviour_at is not None:
            behaviour_at = _instant(behaviour_at, f"{where}.behaviour_at")
            if behaviour_at > occurred_at:
                raise InputError(f"{where}.behaviour_at", messages.BEHAVIOUR_AFTER_COMPLAINT)
        out.append(HistoryItem(occurred_at, code, None if incident_id is None else str(incident_id), behaviour_at))
    return tuple(out)


def make_override(pack: Pack, field: Any, value: Any, reason: Any) -> Override:
    """The override rules, in one place for the headless input and the desk's session:
    only the risk level or the grade, to one of the pack's own levels or grades, with a
    written reason (which passes the check every typed text passes). Raises InputError
    naming ``override``, ``override.<field>`` or ``override.reason``."""
    if field not in OVERRIDE_FIELDS:
        raise InputError("override", messages.OVERRIDE_WHAT, value=_show(field))
    known = pack.level_rank if field == "risk_level" else pack.grades
    if not isinstance(value, str) or value not in known:
        unknown = messages.UNKNOWN_RISK_LEVEL if field == "risk_level" else messages.UNKNOWN_GRADE
        raise InputError(f"override.{field}", unknown, value=_show(value), known=", ".join(known))
    if not isinstance(reason, str) or not reason.strip():
        raise InputError("override.reason", messages.OVERRIDE_NEEDS_REASON)
    return Override(field, value, check_text(reason, "override.reason").strip())


def _override(pack: Pack, data: Any) -> Override | None:
    if data is None:
        return None
    if not isinstance(data, Mapping):
        raise InputError("override", messages.OVERRIDE_NOT_AN_OBJECT)
    fields = [k for k in OVERRIDE_FIELDS if data.get(k) is not None]
    if len(fields) != 1:
        raise InputError("override", messages.OVERRIDE_ONE_FIELD)
    return make_override(pack, fields[0], data[fields[0]], data.get("reason"))


def _instant(value: Any, where: str) -> datetime:
    if isinstance(value, str):
        check_text(value, where, MAX_TIME_CHARS)
    try:
        moment = parse_instant(value)
    except ValueError as error:
        raise InputError(where, as_given(str(error))) from None
    if not MIN_YEAR <= moment.year <= MAX_YEAR:  # year 1 with an offset is year 0 in UTC: a crash later
        raise InputError(where, messages.YEAR_OUT_OF_RANGE, year=moment.year, low=MIN_YEAR, high=MAX_YEAR)
    return moment


def _key(key: str) -> str:
    """A key from the input as it may appear in a field name: as given when it is short
    and plain, else escaped and shortened (a message must not carry controls or megabytes)."""
    if len(key) <= 60 and key.isprintable():
        return key
    return _show(key)


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


# ------------------------------------------------------------------ the call as taken, kept

_call_adapter: Any = None


def _call_codec() -> Any:
    global _call_adapter
    if _call_adapter is None:
        from pydantic import TypeAdapter  # only when a call is kept or read back

        _call_adapter = TypeAdapter(Call)
    return _call_adapter


def call_to_json(call: Call) -> dict[str, Any]:
    """The call exactly as it was taken, JSON-ready (times in ISO 8601, with each prompt's
    time of acknowledgement): kept with the saved contact so that a supervisor who disagrees
    with an override re-assesses the same call (issue 22.3), not a reading of its log."""
    data: dict[str, Any] = _call_codec().dump_python(call, mode="json")
    return data


def call_from_json(data: Any) -> Call:
    """A kept call read back, validated field by field; a damaged copy raises InputError
    naming the first field that is wrong."""
    from pydantic import ValidationError

    try:
        call: Call = _call_codec().validate_python(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "call"
        raise InputError(f"call.{where}", as_given(first["msg"])) from None
    return call
