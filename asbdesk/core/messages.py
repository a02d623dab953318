"""Every refusal the core gives a person, with a message id (issue 23.3): the desk shows it
in the person's language, the CLI and the tests read the English.

Each refusal is a module constant: its name is the message's code, its value the English
template with named fields (``str.format``). ``QT_TRANSLATE_NOOP`` only marks the text for
``pyside6-lupdate`` (scripts/update_translations.sh reads this file with the GUI sources):
the core never imports Qt. The GUI translates a refusal with
``asbdesk.gui.i18n.refusal_words``, in the context ``"Refusal"``.

A refusal is raised with its id and the values of its fields::

    raise SessionError(messages.UNKNOWN_CODE, code=code, pack=pack.id)

and ``str(error)`` is the English words, as before. A field's value may itself be a
:class:`Message` (a refusal carried inside another): it is translated with it. Words that
are not ours (a library's error, a pack's question text) go in as fields, untranslated.

The refusals for a force's IT team rather than the call handler — a pack's or a scenario's
authoring errors (``ConditionError``, the pack checks, ``ScenarioError``, ``SiteError``) —
are not here: they stay in English, the language of the files they are about.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

CONTEXT = "Refusal"  # the translation context of every message here


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name lupdate looks for
    """Marks ``text`` for pyside6-lupdate (in ``context``); returns it unchanged."""
    return text


# ---------------------------------------------------------------- the call (session.py)

UNKNOWN_CHANNEL = QT_TRANSLATE_NOOP("Refusal", "unknown channel '{channel}' ({channels})")
CONTACT_FINISHED = QT_TRANSLATE_NOOP(
    "Refusal", "This contact is finished and saved: the log is closed. Ctrl+N starts a new contact."
)
PICK_CODE_FIRST = QT_TRANSLATE_NOOP("Refusal", "pick the incident code first")
CALLER_CHOSE_EMAIL = QT_TRANSLATE_NOOP(
    "Refusal",
    "Question {number}: the caller chose e-mail: type their e-mail address, then Enter "
    "(or choose another way to contact them)",
)
NOT_SAVED_CALLER_CHOSE_EMAIL = QT_TRANSLATE_NOOP(
    "Refusal",
    "Not saved: Question {number}: the caller chose e-mail: type their e-mail address, then Enter "
    "(or choose another way to contact them)",
)
UNKNOWN_CODE = QT_TRANSLATE_NOOP("Refusal", "'{code}' is not an incident code of pack '{pack}'")
QUESTION_NOT_SHOWN = QT_TRANSLATE_NOOP("Refusal", "question '{question}' is not shown for this call")
NO_QUESTION_TO_ANSWER = QT_TRANSLATE_NOOP("Refusal", "there is no question to answer")
TYPED_ANSWER = QT_TRANSLATE_NOOP("Refusal", "this question takes typed text, then Enter")
NO_QUESTION_TO_DECLINE = QT_TRANSLATE_NOOP("Refusal", "there is no question to decline")
UNKNOWN_REASON = QT_TRANSLATE_NOOP("Refusal", "unknown reason '{reason}' (reasons: {reasons})")
MANDATORY = QT_TRANSLATE_NOOP(
    "Refusal",
    "Question {number}, '{text}', is mandatory: answer it, or Ctrl+D to record why it was not asked",
)
# Enter out of habit after a one-key answer that already moved on (issue 23.4)
NOT_ANSWERED_YES_NO = QT_TRANSLATE_NOOP(
    "Refusal",
    "Question {number} is not answered yet (the desk moved on by itself after your answer): "
    "Y or N to answer it, or Enter again to pass it",
)
NOT_ANSWERED_OPTIONS = QT_TRANSLATE_NOOP(
    "Refusal",
    "Question {number} is not answered yet (the desk moved on by itself after your answer): "
    "{keys} to answer it, or Enter again to pass it",
)
NOT_ANSWERED_TYPED = QT_TRANSLATE_NOOP(
    "Refusal",
    "Question {number} is not answered yet (the desk moved on by itself after your answer): "
    "type the answer, then Enter, or Enter again to pass it",
)
UNKNOWN_THRIVE_HEADING = QT_TRANSLATE_NOOP("Refusal", "unknown THRIVE heading '{heading}'")
EMAIL_REFUSED = QT_TRANSLATE_NOOP("Refusal", "The caller's e-mail address: {problem}")
UNKNOWN_FLAG_TYPE = QT_TRANSLATE_NOOP("Refusal", "unknown flag type '{kind}'")
FLAG_SUBJECT = QT_TRANSLATE_NOOP("Refusal", "a flag is on the caller, the address or the phone number, not '{subject}'")
FIND_CALLER_FIRST = QT_TRANSLATE_NOOP(
    "Refusal", "Find the caller first: a flag needs a person, an address or a phone number."
)
NOT_A_CONSENT_REFERRAL = QT_TRANSLATE_NOOP("Refusal", "'{referral}' is not a referral that needs the caller's consent")
CONSENT_TEXT_REFUSED = QT_TRANSLATE_NOOP("Refusal", "{to}: {problem}")
LAWFUL_BASIS = QT_TRANSLATE_NOOP("Refusal", "the lawful basis for sharing without consent")
WHY_NOT_MADE = QT_TRANSLATE_NOOP("Refusal", "why the referral was not made")
NOT_SAVED_PICK_CODE = QT_TRANSLATE_NOOP("Refusal", "Pick the incident code first: its questions come up by themselves.")
NOT_SAVED_MANDATORY = QT_TRANSLATE_NOOP(
    "Refusal",
    "Not saved: question {number}, '{text}', is mandatory. Answer it, or Ctrl+D to record why it was not asked.",
)
NOT_SAVED_MANDATORY_AND_MORE = QT_TRANSLATE_NOOP(
    "Refusal",
    "Not saved: question {number}, '{text}', is mandatory (and {more} more). "
    "Answer it, or Ctrl+D to record why it was not asked.",
)
NOT_SAVED_ACKNOWLEDGE = QT_TRANSLATE_NOOP("Refusal", "Not saved: acknowledge the {kind} prompt first (Ctrl+K): {text}")
NOT_SAVED_CONSENT = QT_TRANSLATE_NOOP(
    "Refusal",
    "Not saved: the referral to {to} was not made (no consent to share). "
    "Ctrl+K to write why, or the lawful basis for sharing it anyway.",
)
DRAFT_OTHER_VERSION = QT_TRANSLATE_NOOP(
    "Refusal",
    "this unfinished contact was saved by a different version of asbdesk (draft version {version}; "
    "this one reads 1 and {current})",
)
DRAFT_UNREADABLE = QT_TRANSLATE_NOOP("Refusal", "this unfinished contact cannot be read back ({where}: {problem})")
DRAFT_OTHER_PACK = QT_TRANSLATE_NOOP("Refusal", "this unfinished contact was taken with pack '{taken}', not '{pack}'")
PACK_CHANGED = QT_TRANSLATE_NOOP("Refusal", "the pack has changed: {problem}")
PACK_CHANGED_QUESTION = QT_TRANSLATE_NOOP("Refusal", "the pack has changed: question '{question}' no longer exists")
PACK_CHANGED_CODE = QT_TRANSLATE_NOOP("Refusal", "the pack has changed: incident code '{code}' no longer exists")
TYPED_TEXT_REFUSED = QT_TRANSLATE_NOOP("Refusal", "{what} {problem}")
THE_REASON = QT_TRANSLATE_NOOP("Refusal", "The reason")
THE_EMAIL_ADDRESS = QT_TRANSLATE_NOOP("Refusal", "The e-mail address")
WHAT_YOU_WROTE = QT_TRANSLATE_NOOP("Refusal", "What you wrote")
KEY_MEANS_NOTHING = QT_TRANSLATE_NOOP("Refusal", "key {key} means nothing on question '{question}'")

# ---------------------------------------------------------------- input (call.py)

FIELD_PROBLEM = QT_TRANSLATE_NOOP("Refusal", "{field}: {problem}")
TEXT_TOO_LONG = QT_TRANSLATE_NOOP("Refusal", "is {length:,} characters long; the limit is {limit:,}")
TEXT_UNSAFE_CHARACTER = QT_TRANSLATE_NOOP("Refusal", "contains {what} (U+{code:04X}) at position {position}")
A_LONE_SURROGATE = QT_TRANSLATE_NOOP("Refusal", "a lone surrogate")
A_BIDI_CONTROL = QT_TRANSLATE_NOOP("Refusal", "a bidirectional text control")
A_CONTROL_CHARACTER = QT_TRANSLATE_NOOP("Refusal", "a control character")
NOT_A_JSON_NUMBER = QT_TRANSLATE_NOOP("Refusal", "{name} is not a JSON number (numbers must be finite)")
INTEGER_TOO_LONG = QT_TRANSLATE_NOOP("Refusal", "an integer has {digits:,} digits; the limit is {limit:,}")
INPUT_TOO_LARGE = QT_TRANSLATE_NOOP("Refusal", "is larger than the limit of {limit:,} bytes")
INPUT_TOO_DEEP = QT_TRANSLATE_NOOP("Refusal", "nests objects and lists more than {limit} deep (the limit)")
MALFORMED_JSON = QT_TRANSLATE_NOOP("Refusal", "malformed JSON at line {line} column {column}: {problem}")
VALUE_UNREADABLE = QT_TRANSLATE_NOOP("Refusal", "a value cannot be read ({problem})")
NOT_YES_NO = QT_TRANSLATE_NOOP("Refusal", "'{question}' is a yes/no question: give true or false, not {value}")
NOT_AN_OPTION = QT_TRANSLATE_NOOP("Refusal", "{value} is not an option of '{question}' (options: {options})")
NOT_A_LIST_OF_OPTIONS = QT_TRANSLATE_NOOP("Refusal", "'{question}' takes a list of option ids, not {value}")
NOT_A_NUMBER = QT_TRANSLATE_NOOP("Refusal", "'{question}' takes a number, not {value}")
NOT_TEXT = QT_TRANSLATE_NOOP("Refusal", "'{question}' takes text, not {value}")
NOT_A_DATE = QT_TRANSLATE_NOOP("Refusal", "'{question}' takes a date such as 2026-11-23, not {value}")
NOT_A_JSON_OBJECT = QT_TRANSLATE_NOOP("Refusal", "must be a JSON object")
UNKNOWN_KEY = QT_TRANSLATE_NOOP("Refusal", "unknown key (known keys: {known})")
UNKNOWN_KEY_DID_YOU_MEAN = QT_TRANSLATE_NOOP("Refusal", "unknown key; did you mean '{close}'? (known keys: {known})")
REQUIRED = QT_TRANSLATE_NOOP("Refusal", "is required")
UNKNOWN_INCIDENT_CODE = QT_TRANSLATE_NOOP("Refusal", "unknown incident code {code} in pack '{pack}' (known: {known})")
NOW_REQUIRED = QT_TRANSLATE_NOOP("Refusal", "is required (ISO 8601, e.g. 2026-11-23T14:05:00Z)")
MUST_BE_ONE_OF = QT_TRANSLATE_NOOP("Refusal", "must be one of {known}, not {value}")
ANSWERS_NOT_AN_OBJECT = QT_TRANSLATE_NOOP("Refusal", "must be an object of question id -> answer")
UNKNOWN_QUESTION_ID = QT_TRANSLATE_NOOP("Refusal", "unknown question id {question} in pack '{pack}'")
DECLINED_NOT_AN_OBJECT = QT_TRANSLATE_NOOP("Refusal", "must be an object of question id -> reason id")
UNKNOWN_REASON_ID = QT_TRANSLATE_NOOP("Refusal", "unknown reason {reason} (known: {known})")
ANSWERED_AND_DECLINED = QT_TRANSLATE_NOOP("Refusal", "the question is both answered and declined")
RATIONALE_NOT_AN_OBJECT = QT_TRANSLATE_NOOP("Refusal", "must be an object with any of {headings}")
UNKNOWN_THRIVE_KEY = QT_TRANSLATE_NOOP("Refusal", "unknown THRIVE heading (known: {headings})")
MUST_BE_TEXT = QT_TRANSLATE_NOOP("Refusal", "must be text")
MUST_BE_TEXT_NOT = QT_TRANSLATE_NOOP("Refusal", "must be text, not {value}")
FLAGS_NOT_A_LIST = QT_TRANSLATE_NOOP("Refusal", "must be a list of flag kinds ({known})")
UNKNOWN_FLAG_KIND = QT_TRANSLATE_NOOP("Refusal", "unknown flag kind {kind} (known: {known})")
ACKNOWLEDGED_NOT_A_LIST = QT_TRANSLATE_NOOP("Refusal", "must be a list of prompt ids")
UNKNOWN_PROMPT_ID = QT_TRANSLATE_NOOP("Refusal", "unknown prompt id {prompt} in pack '{pack}'")
SHARED_AND_NOT_MADE = QT_TRANSLATE_NOOP("Refusal", "the referral is both shared without consent and not made")
CALLER_NOT_AN_OBJECT = QT_TRANSLATE_NOOP(
    "Refusal", "must be an object {{name, phone, address, email, flags}} (leave it out if not known)"
)
ADDRESS_NOT_AN_OBJECT = QT_TRANSLATE_NOOP("Refusal", "must be an object {{line1, town, postcode}}")
ADDRESS_TOO_LITTLE = QT_TRANSLATE_NOOP("Refusal", "give at least the first line or the postcode")
CALLER_TOO_LITTLE = QT_TRANSLATE_NOOP(
    "Refusal", "give at least one of name, phone, address or email (leave caller out if not known)"
)
LIST_OF_SHAPE = QT_TRANSLATE_NOOP("Refusal", "must be a list of {shape}")
TOO_MANY_ITEMS = QT_TRANSLATE_NOOP("Refusal", "has {count:,} items; the limit is {limit:,}")
OBJECT_OF_SHAPE = QT_TRANSLATE_NOOP("Refusal", "must be an object {shape}")
CONSENT_NOT_AN_OBJECT = QT_TRANSLATE_NOOP("Refusal", "must be an object of referral id -> {what}")
NOT_A_CONSENT_REFERRAL_KNOWN = QT_TRANSLATE_NOOP(
    "Refusal", "not a referral that needs the caller's consent (those are: {known})"
)
NONE_IN_THIS_PACK = QT_TRANSLATE_NOOP("Refusal", "none in this pack")
CONSENT_TEXT_TOO_SHORT = QT_TRANSLATE_NOOP("Refusal", "write {what}, at least {minimum} characters")
LAWFUL_BASIS_EXAMPLE = QT_TRANSLATE_NOOP(
    "Refusal", "the lawful basis for sharing without consent (e.g. safeguarding: why)"
)
HISTORY_NOT_A_LIST = QT_TRANSLATE_NOOP("Refusal", "must be a list of {{occurred_at, incident_code}}")
HISTORY_ITEM_NOT_AN_OBJECT = QT_TRANSLATE_NOOP("Refusal", "must be an object {{occurred_at, incident_code}}")
NOT_AN_INCIDENT_CODE = QT_TRANSLATE_NOOP("Refusal", "must be an incident code, not {value}")
BEHAVIOUR_AFTER_COMPLAINT = QT_TRANSLATE_NOOP("Refusal", "is after the complaint was made (occurred_at)")
OVERRIDE_WHAT = QT_TRANSLATE_NOOP("Refusal", "only the risk level or the grade can be overridden, not {value}")
UNKNOWN_RISK_LEVEL = QT_TRANSLATE_NOOP("Refusal", "unknown risk level {value} (known: {known})")
UNKNOWN_GRADE = QT_TRANSLATE_NOOP("Refusal", "unknown grade {value} (known: {known})")
OVERRIDE_NEEDS_REASON = QT_TRANSLATE_NOOP(
    "Refusal", "an override needs a written reason; it goes to a supervisor for review"
)
OVERRIDE_NOT_AN_OBJECT = QT_TRANSLATE_NOOP("Refusal", "must be an object {{risk_level or grade, reason}}")
OVERRIDE_ONE_FIELD = QT_TRANSLATE_NOOP("Refusal", "give exactly one of risk_level or grade")
YEAR_OUT_OF_RANGE = QT_TRANSLATE_NOOP("Refusal", "year {year} is out of range ({low} to {high})")

# ---------------------------------------------------------------- a trainee's attempt (scenarios.py)

ATTEMPT_NOT_AN_OBJECT = QT_TRANSLATE_NOOP(
    "Refusal", "must be a JSON object (the assess input, plus acknowledged, elapsed_s, keys)"
)
SCENARIO_GIVES_HISTORY = QT_TRANSLATE_NOOP("Refusal", "{count} earlier report(s) by the caller")
SCENARIO_GIVES_ADDRESS_HISTORY = QT_TRANSLATE_NOOP("Refusal", "{count} report(s) by others at the address")
SCENARIO_GIVES_FLAGS = QT_TRANSLATE_NOOP("Refusal", "{count} active flag(s)")
ATTEMPT_BRINGS_SCENARIO_PART = QT_TRANSLATE_NOOP(
    "Refusal",
    "an attempt does not bring the caller's {what}: scenario '{scenario}' gives it ({given}), "
    "so that every attempt is scored on the same caller; take '{key}' out",
)
ATTEMPT_BRINGS_FLAGS = QT_TRANSLATE_NOOP(
    "Refusal", "an attempt does not bring the caller's flags: scenario '{scenario}' gives them ({given}); take them out"
)
NOT_A_PROMPT_OF_PACK = QT_TRANSLATE_NOOP("Refusal", "'{prompt}' is not a prompt of pack '{pack}'{hint}")
SECONDS_NOT_NEGATIVE = QT_TRANSLATE_NOOP("Refusal", "must be a number of seconds, 0 or more")
KEYS_NOT_NEGATIVE = QT_TRANSLATE_NOOP("Refusal", "must be a whole number, 0 or more")
UNKNOWN_KEY_HINT = QT_TRANSLATE_NOOP("Refusal", "unknown key{hint}")
UNKNOWN_FLAG_KIND_HINT = QT_TRANSLATE_NOOP("Refusal", "unknown flag kind {kind}{hint}")

# ---------------------------------------------------------------- what was typed (normalise.py)

PHONE_NEEDED = QT_TRANSLATE_NOOP("Refusal", "a phone number is needed")
NOT_A_PHONE = QT_TRANSLATE_NOOP("Refusal", "'{text}' is not a phone number")
PHONE_NOT_VALID = QT_TRANSLATE_NOOP(
    "Refusal", "'{text}' is not a valid phone number (check the digits and the area code)"
)
EMAIL_NEEDED = QT_TRANSLATE_NOOP("Refusal", "an e-mail address is needed")
EMAIL_TOO_LONG = QT_TRANSLATE_NOOP("Refusal", "an e-mail address is at most {limit} characters ({length:,} given)")
NOT_AN_EMAIL = QT_TRANSLATE_NOOP("Refusal", "'{text}' is not an e-mail address ({problem})")
POSTCODE_NEEDED = QT_TRANSLATE_NOOP("Refusal", "a postcode is needed")
NOT_A_POSTCODE = QT_TRANSLATE_NOOP("Refusal", "'{text}' is not a UK postcode (e.g. CB1 2AB)")

# ---------------------------------------------------------------- files (files.py)

FILE_MISSING = QT_TRANSLATE_NOOP("Refusal", "{what}: {path} does not exist")
FILE_UNREADABLE = QT_TRANSLATE_NOOP("Refusal", "{what}: cannot read {path} ({problem})")
FILE_IS_A_FOLDER = QT_TRANSLATE_NOOP("Refusal", "{what}: {path} is a folder, not a file")
FILE_NOT_REGULAR = QT_TRANSLATE_NOOP(
    "Refusal", "{what}: {path} is not a regular file (a device, pipe or socket is never read)"
)
FILE_TOO_LARGE = QT_TRANSLATE_NOOP("Refusal", "{what}: {path} is {size:,} bytes; the limit is {limit:,}")
FILE_GREW_TOO_LARGE = QT_TRANSLATE_NOOP("Refusal", "{what}: {path} is larger than the limit of {limit:,} bytes")

# ---------------------------------------------------------------- the walk-in slip (slip.py)

PLAN_HAS_NO_PUBLIC_WORDING = QT_TRANSLATE_NOOP(
    "Refusal", "response plan '{plan}' of pack '{pack}' has no wording for the public"
)
PACK_NOT_WALK_IN_READY = QT_TRANSLATE_NOOP(
    "Refusal",
    "pack '{pack}' has no wording for the public (no 'public' block), so it cannot be used for a walk-in report",
)
SLIP_NEEDS_REFERENCE = QT_TRANSLATE_NOOP("Refusal", "a walk-in slip needs the report's reference")
PLAN_HAS_NO_WELSH_PUBLIC_WORDING = QT_TRANSLATE_NOOP(
    "Refusal", "response plan '{plan}' of pack '{pack}' has no wording for the public in Welsh"
)
PACK_OFFERS_NO_WELSH = QT_TRANSLATE_NOOP(
    "Refusal",
    "pack '{pack}' offers no Welsh wording for the public (no public.welsh block), so its "
    "documents for the public are in English only",
)
NOT_A_DOCUMENT_LANGUAGE = QT_TRANSLATE_NOOP(
    "Refusal", "the language is en (English), cy (Welsh) or both (Welsh and English), not '{text}'"
)


# ---------------------------------------------------------------- the machinery


def codes() -> dict[str, str]:
    """Template -> the name of its constant (its code), for every message here."""
    return {
        value: name
        for name, value in vars(sys.modules[__name__]).items()
        if name.isupper() and name != "CONTEXT" and isinstance(value, str)
    }


@dataclass(frozen=True)
class Message:
    """Words for a person: a template with the values of its fields. ``str()`` is English.
    A template that is none of this module's (words from elsewhere, passed on as they
    are: :func:`as_given`) has no code and is never formatted or translated."""

    template: str
    args: Mapping[str, Any] = field(default_factory=dict)

    @property
    def code(self) -> str | None:
        return _codes().get(self.template)

    def __str__(self) -> str:
        if self.code is None:
            return self.template
        return self.template.format(**{k: str(v) if isinstance(v, Message) else v for k, v in self.args.items()})


def as_given(text: str) -> Message:
    """Words that are not asbdesk's (a library's error): carried as they are, untranslated."""
    return Message(text)


_CODES: dict[str, str] | None = None


def _codes() -> dict[str, str]:
    global _CODES
    if _CODES is None:
        _CODES = codes()
    return _CODES


def words(template: str | Message, args: Mapping[str, Any] | None = None) -> Message:
    """``template`` with ``args`` as a :class:`Message` (a Message is taken as it is)."""
    if isinstance(template, Message):
        return template
    return Message(template, dict(args or {}))


class Refused(ValueError):
    """A refusal a person reads, with its message id: ``str(error)`` is the English words,
    ``error.words`` the :class:`Message` the GUI translates.

    Raised as ``SessionError(messages.UNKNOWN_CODE, code=code, pack=pack.id)``, or with a
    :class:`Message` carried from another refusal. Code outside the core may still raise
    one with words of its own (a plain string: shown as it is, untranslated)."""

    def __init__(self, template: str | Message, /, **args: Any) -> None:
        self.words = words(template, args)
        super().__init__(str(self.words))

    @property
    def code(self) -> str | None:
        return self.words.code

    @property
    def template(self) -> str:
        return self.words.template

    @property
    def args_for_words(self) -> Mapping[str, Any]:
        return self.words.args


__all__ = ["CONTEXT", "QT_TRANSLATE_NOOP", "Message", "Refused", "as_given", "codes", "words"]
