"""The words asbdesk itself fixes, written once; every layer imports them from here.

Each word list is a ``Literal`` type and the tuple of its values (``typing.get_args``), so a
type checker and the runtime checks read the same list. This module imports nothing but
the standard library: the core, the storage, the GUI and the CLI can all use it.

What a *pack* decides is not here: its risk levels, grades, questions and decline reasons
are read from the pack (a force may have two levels or four). Only the defaults a pack
falls back to are.

``tests/test_vocabulary.py`` fails if any of these lists is written out again elsewhere.
"""

from __future__ import annotations

from typing import Final, Literal, get_args

# How the report comes in: by phone, or in person at the front counter.
Channel = Literal["phone", "walk-in"]
CHANNELS: Final[tuple[Channel, ...]] = get_args(Channel)

# RAG ratings, lowest first (the engine takes the highest any rule gives).
Rag = Literal["green", "amber", "red"]
RAG_RATINGS: Final[tuple[Rag, ...]] = get_args(Rag)

# The operator's THRIVE rationale, under these headings, in this order (seed 001).
ThriveHeading = Literal["threat", "harm", "risk", "investigation", "vulnerability", "engagement"]
THRIVE: Final[tuple[ThriveHeading, ...]] = get_args(ThriveHeading)

# The kinds of flag a person, an address or a phone number may carry (seed 002 "Record").
FlagKind = Literal["vulnerable_victim", "repeat_victim", "warning_marker", "location"]
FLAG_KINDS: Final[tuple[FlagKind, ...]] = get_args(FlagKind)

# What a flag may be on (seed 002 "Record": the caller, the address or the phone number),
# and the words for each.
FlagSubject = Literal["person", "location", "phone"]
FLAG_SUBJECTS: Final[tuple[FlagSubject, ...]] = get_args(FlagSubject)
FLAG_SUBJECT_WORDS: Final[dict[str, str]] = {"person": "caller", "location": "address", "phone": "phone number"}

# The people who use asbdesk; the ones who take calls (read people's records, save
# contacts, request flags) are all but the administrator.
Role = Literal["call_handler", "front_counter", "supervisor", "trainer", "administrator"]
ROLES: Final[tuple[Role, ...]] = get_args(Role)
CALL_TAKERS: Final[tuple[Role, ...]] = tuple(role for role in ROLES if role != "administrator")

# Incident categories (an incident code is in one).
Category = Literal["personal", "nuisance", "environmental", "other"]
CATEGORIES: Final[tuple[Category, ...]] = get_args(Category)

# The kinds of prompt a pack's rules (and the national rules) may fire.
PromptKind = Literal[
    "mandatory_attendance",
    "crime_recording",
    "case_review",
    "stalking_screening",
    "emergency",
    "vulnerability",
    "safeguarding",
    "repeat",
    "information",
    "consent",
]
PROMPT_KINDS: Final[tuple[PromptKind, ...]] = get_args(PromptKind)

# Prompts that decide whether someone is sent: they stay pinned on the desk and must be
# acknowledged by key before the call is finished (issue 7). Hate -> MANDATORY attendance
# (West Mercia, seed 003 Annex G); immediate danger or weapons -> emergency; safeguarding
# a vulnerable person (seed 002 "Vulnerability").
MUST_ACKNOWLEDGE: Final[tuple[PromptKind, ...]] = ("mandatory_attendance", "emergency", "safeguarding")

# What an operator may override, always with a written reason (issue 2).
OverrideField = Literal["risk_level", "grade"]
OVERRIDE_FIELDS: Final[tuple[OverrideField, ...]] = get_args(OverrideField)

# Why a question has no answer, when a pack names no reasons of its own: id -> label.
DEFAULT_DECLINE_REASONS: Final[dict[str, str]] = {
    "caller_declined": "caller declined",
    "not_safe_to_ask": "not safe to ask",
}

# Every word list above, by name: tests/test_vocabulary.py checks none is repeated.
WORD_LISTS: Final[dict[str, tuple[str, ...]]] = {
    "CHANNELS": CHANNELS,
    "RAG_RATINGS": RAG_RATINGS,
    "THRIVE": THRIVE,
    "FLAG_KINDS": FLAG_KINDS,
    "FLAG_SUBJECTS": FLAG_SUBJECTS,
    "ROLES": ROLES,
    "CALL_TAKERS": CALL_TAKERS,
    "CATEGORIES": CATEGORIES,
    "PROMPT_KINDS": PROMPT_KINDS,
    "MUST_ACKNOWLEDGE": MUST_ACKNOWLEDGE,
    "OVERRIDE_FIELDS": OVERRIDE_FIELDS,
    "DEFAULT_DECLINE_REASONS": tuple(DEFAULT_DECLINE_REASONS),
}
