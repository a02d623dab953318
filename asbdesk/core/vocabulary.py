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

# The review windows the all-flags view and `flags list --due` filter by (issue 22.4): a flag is
# reviewed monthly (seed 002 'Record'); overdue the day after its review date, "week" from
# today to seven days on, "later" after that (asbdesk's own, to plan the month's reviews).
FlagDue = Literal["overdue", "week", "later"]
FLAG_DUE: Final[tuple[FlagDue, ...]] = get_args(FlagDue)
FLAG_DUE_WORDS: Final[dict[str, str]] = {"overdue": "overdue", "week": "due within 7 days", "later": "due later"}

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

# The supervisor's queues (issue 10), each from seed 002: flags "must be authorised by a
# supervisor" and reviewed monthly ("Record"); overrides queued for review (PRODUCT.md);
# re-contacts the caller asked for, allocated to officers ("Ring Backs and Reassurance
# Visits"); an occurrence for every red and amber incident (dip sampling, "Responsibilities").
ReviewKind = Literal["flag-request", "flag-review", "override", "recontact", "occurrence"]
REVIEW_KINDS: Final[tuple[ReviewKind, ...]] = get_args(ReviewKind)
REVIEW_KIND_WORDS: Final[dict[str, str]] = {
    "flag-request": "Flag requests",
    "flag-review": "Flag reviews due",
    "override": "Overrides",
    "recontact": "Re-contacts",
    "occurrence": "Occurrences",
}

# The further contact a supervisor allocates to an officer: "the requested contact (ring
# back or email)" (seed 002 "Ring Backs and Reassurance Visits"); a visit is made by the
# deployment policy's PCSO appointment, not allocated here. These are option ids of the
# pack's contact-preference question.
RecontactMethod = Literal["ring_back", "email"]
RECONTACT_METHODS: Final[tuple[RecontactMethod, ...]] = get_args(RecontactMethod)

# What came of a re-contact. "not_reached" on a ring back sends the letter (seed 002: "If the
# ring back is unsuccessful, and no contact made, individuals must send a letter").
RecontactOutcome = Literal["reached", "not_reached", "declined"]
RECONTACT_OUTCOMES: Final[tuple[RecontactOutcome, ...]] = get_args(RecontactOutcome)

# One try at a re-contact, recorded as it is made (issue 22.2; seed 002: "individuals must
# record all actions taken ... for audit purposes"): what came of it. Each method has its
# own: a ring back rings (no answer, a voicemail left, a number that is not theirs), an
# e-mail is sent (or comes back); either may reach the caller.
RecontactAttemptResult = Literal[
    "no_answer", "left_voicemail", "wrong_number", "email_sent", "email_bounced", "reached"
]
RECONTACT_ATTEMPT_RESULTS: Final[tuple[RecontactAttemptResult, ...]] = get_args(RecontactAttemptResult)
RECONTACT_ATTEMPTS_BY_METHOD: Final[dict[str, tuple[RecontactAttemptResult, ...]]] = {
    "ring_back": ("no_answer", "left_voicemail", "wrong_number", "reached"),
    "email": ("email_sent", "email_bounced", "reached"),
}
RECONTACT_ATTEMPT_WORDS: Final[dict[str, str]] = {
    "no_answer": "no answer",
    "left_voicemail": "left voicemail",
    "wrong_number": "wrong number",
    "email_sent": "e-mail sent",
    "email_bounced": "e-mail bounced",
    "reached": "reached",
}

# The dip-sample checklist: seed 002's three ("Responsibilities": "confirming that ..."),
# crime recorded where a crime-recording prompt fired (seeds 000/001), the risk assessment
# retained (issue 10), and the THRIVE rationale written (seed 001: "WMP currently employs the
# THRIVE ... risk assessment model"; seed 002 'Initial Contact': grading "in line with the
# THRIVE model"): that one only on logs taken on a pack that asks for THRIVE (``pack.thrive``,
# issue 22). id -> the words on the checklist.
SampleCheck = Literal[
    "response_appropriate",
    "recontact_completed",
    "occurrence_created",
    "crime_recorded",
    "assessment_retained",
    "thrive_recorded",
]
SAMPLE_CHECKS: Final[tuple[SampleCheck, ...]] = get_args(SampleCheck)
SAMPLE_CHECK_WORDS: Final[dict[str, str]] = {
    "response_appropriate": "The appropriate level of response has been given to the incident",
    "recontact_completed": "All recontact has been completed as requested",
    "occurrence_created": "A non-crime occurrence was created for a red or amber incident",
    "crime_recorded": "A crime was recorded where a crime-recording prompt fired",
    "assessment_retained": "The risk assessment was retained",
    "thrive_recorded": "The THRIVE rationale was recorded (threat, harm, risk, investigation, vulnerability, engagement)",
}
# The checks on every sampled log; THRIVE_CHECK is added where the log's pack asks for THRIVE.
THRIVE_CHECK: Final[SampleCheck] = "thrive_recorded"
BASE_SAMPLE_CHECKS: Final[tuple[SampleCheck, ...]] = tuple(c for c in SAMPLE_CHECKS if c != THRIVE_CHECK)
SampleAnswer = Literal["yes", "no", "na"]
SAMPLE_ANSWERS: Final[tuple[SampleAnswer, ...]] = get_args(SampleAnswer)

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
    "REVIEW_KINDS": REVIEW_KINDS,
    "RECONTACT_METHODS": RECONTACT_METHODS,
    "RECONTACT_OUTCOMES": RECONTACT_OUTCOMES,
    "RECONTACT_ATTEMPT_RESULTS": RECONTACT_ATTEMPT_RESULTS,
    "SAMPLE_CHECKS": SAMPLE_CHECKS,
    "SAMPLE_ANSWERS": SAMPLE_ANSWERS,
}
