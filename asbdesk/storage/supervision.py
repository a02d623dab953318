"""The supervisor's work (issue 10): queues, reviews, re-contacts, occurrences, dip samples,
the compliance report and hotspots.

Every function takes the :class:`Store` and the :class:`Actor`; the actor's role is read
from the database in the same transaction (``supervise`` or ``manage_flags``: a supervisor,
seed 002), every change is audited in the transaction that makes it, and a refusal is
audited too. The desk and the ``asbdesk review|flags|overrides|recontact|sample|report``
commands call the same functions.
"""

from __future__ import annotations

import functools
import hashlib
import os
import random
import re
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Date, String, and_, func, literal, select, tuple_, union, union_all, update

from asbdesk.core.normalise import NormaliseError, phone_display, postcode_key
from asbdesk.core.site import Force, occurrence_problem
from asbdesk.core.vocabulary import (
    BASE_SAMPLE_CHECKS,
    FLAG_DUE,
    FLAG_KINDS,
    FLAG_SUBJECT_WORDS,
    RECONTACT_ATTEMPT_RESULTS,
    RECONTACT_ATTEMPT_WORDS,
    RECONTACT_ATTEMPTS_BY_METHOD,
    RECONTACT_OUTCOMES,
    REVIEW_KINDS,
    SAMPLE_ANSWERS,
    SAMPLE_CHECK_WORDS,
    SAMPLE_CHECKS,
    THRIVE,
    THRIVE_CHECK,
)
from asbdesk.storage import models as m
from asbdesk.storage.database import InvalidData, NotFound
from asbdesk.storage.records import Actor, FlagRecord
from asbdesk.storage.store import Store, _flag_record, _reason, _table, _words, refuse_nul

REFERENCE = re.compile(r"ASB-\d{4}-\d{6}")
OFFICER_LIMIT = 200
OCCURRENCE_LIMIT = 32
NOTE_LIMIT = 2000
METHOD_WORDS = {"ring_back": "ring back", "email": "e-mail"}  # a re-contact's method, as a supervisor reads it
NOT_IDENTIFIED = "caller not identified"  # a re-contact's caller with no name on record


# ------------------------------------------------------------------ records


@dataclass(frozen=True)
class ReviewItem:
    """One item in a supervisor's queue. ``id`` is the flag's id for the flag queues and the
    work item's id for the others (what ``asbdesk flags|overrides|recontact ... ID`` take)."""

    kind: str
    id: int
    contact_reference: str | None
    created_at: datetime
    due_at: datetime
    summary: str
    details: dict[str, Any] = field(default_factory=dict)
    # What ``summary`` says, as data, for a window that words it in its own language
    # (asbdesk.gui.words.summary_words): ids, names and numbers, never English words.
    facts: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "id": self.id,
            "contact_reference": self.contact_reference,
            "created_at": self.created_at.isoformat(),
            "due_at": self.due_at.isoformat(),
            "summary": self.summary,
        }


@dataclass(frozen=True)
class NoticeRecord:
    id: int
    created_at: datetime
    author: str
    subject: str
    text: str


@dataclass(frozen=True)
class WorkRecord:
    """A work item after a change: what the desk and the CLI report back."""

    id: int
    kind: str
    contact_reference: str
    open: bool
    assigned_to: str | None
    outcome: str | None
    comment: str | None
    details: dict[str, Any]
    regrade: RegradeRecord | None = None  # a disagreement with an override: what it changed


@dataclass(frozen=True)
class RegradeRecord:
    """A supervisor's re-grade of a contact (issue 22.3): the amendment the log now ends with,
    the values before and after, and the follow-up it opened (work item kinds)."""

    number: int
    field: str
    from_value: str
    to_value: str
    before: dict[str, str]
    after: dict[str, str]
    follow_up: tuple[str, ...]
    amendment: str

    def words(self) -> str:
        """What changed, short enough for a status bar: 're-graded: risk level standard -> high,
        RAG GREEN -> RED; occurrence opened' (or '; no follow-up opened')."""
        changes = []
        for key, label in (("risk_level", "risk level"), ("grade", "grade"), ("rag", "RAG")):
            was, now = self.before[key], self.after[key]
            if was != now:
                shown = (was.upper(), now.upper()) if key == "rag" else (_words(was), _words(now))
                changes.append(f"{label} {shown[0]} -> {shown[1]}")
        opened = ", ".join(_words(kind) for kind in self.follow_up)
        return f"re-graded: {', '.join(changes)}; {f'{opened} opened' if opened else 'no follow-up opened'}"


@dataclass(frozen=True)
class AttemptRecord:
    """One try at a re-contact (issue 22.2): when, by which officer, what came of it, and
    which supervisor recorded it when."""

    id: int
    attempted_at: datetime
    attempted_by: str
    result: str
    note: str
    recorded_by: str
    recorded_at: datetime

    @property
    def words(self) -> str:
        """The result in words: 'no answer', 'left voicemail', 'e-mail sent' ..."""
        return RECONTACT_ATTEMPT_WORDS.get(self.result, self.result.replace("_", " "))

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "at": self.attempted_at.isoformat(),
            "by": self.attempted_by,
            "result": self.result,
            "note": self.note,
            "recorded_by": self.recorded_by,
            "recorded_at": self.recorded_at.isoformat(),
        }


@functools.lru_cache(maxsize=8192)
def phone_words(e164: str) -> str:
    """A number as a UK reader dials it ('+441134960555' -> '0113 496 0555'); what cannot be
    read is given as stored. Kept once worked out: phonenumbers takes about 65 µs a number,
    30 ms over a page of 500 re-contacts, paid again at every reload without it."""
    try:
        return phone_display(e164)
    except Exception:  # phonenumbers.NumberParseException: a number stored before it was checked
        return e164


@dataclass(frozen=True)
class RecontactCaller:
    """How to reach the caller who asked for the re-contact (issue 22.2): the number the call
    showed first (then the others on their record), the address the call was about, and the
    e-mail address they gave (else the newest on their record)."""

    name: str
    phones: tuple[str, ...]  # E.164, the call's first
    address: str
    email: str | None

    @property
    def phone(self) -> str | None:
        return self.phones[0] if self.phones else None

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "phone": phone_words(self.phones[0]) if self.phones else None,
            "phones": [phone_words(p) for p in self.phones],
            "address": self.address,
            "email": self.email,
        }


@dataclass(frozen=True)
class LetterFile:
    """The unsuccessful ring-back letter, laid out already (its PDF), and where to write it:
    :func:`record_recontact` writes it only once the outcome is stored, never over a file."""

    path: Path
    content: bytes


@dataclass(frozen=True)
class Letter:
    """What the unsuccessful ring-back letter needs (seed 002 'Ring Backs and Reassurance
    Visits': "a letter to the victim advising them of our continued support and contact
    details"); asbdesk.gui.documents lays it out as a PDF."""

    reference: str
    pack_id: str
    reported_at: datetime
    caller_name: str
    address_lines: tuple[str, ...]
    officer: str | None
    # Who writes (issue 19): the site's force (return address, the team's number, the
    # signatory), and the contact's pack's wording for the public: how to reach the force
    # (101) and what the caller was told would happen. None where the site or the pack
    # has none: the letter is then refused in words that say what to set.
    force: Force | None = None
    public_contact: str | None = None
    promised: str | None = None
    # The pack's Welsh (issue 23.3) where it offers Welsh: the force's Welsh name, the contact
    # line and the promise in Welsh; ``languages`` the languages the letter can be written in,
    # the force's default first (('en',) for a pack without Welsh).
    force_cy: str | None = None
    public_contact_cy: str | None = None
    promised_cy: str | None = None
    languages: tuple[str, ...] = ("en",)


@dataclass(frozen=True)
class SampleItemRecord:
    """One sampled log, with what asbdesk's own records say beside each check (issue 22):
    the occurrence work item, the re-contact work item, the THRIVE rationale written."""

    id: int
    position: int
    reference: str
    operator: str
    started_at: datetime
    rag: str
    crime_prompt_fired: bool
    recontact_requested: bool
    marks: dict[str, tuple[str, str]]  # check -> (answer, note)
    checks: tuple[str, ...] = BASE_SAMPLE_CHECKS  # the checks that apply to this log, in order
    pack_id: str = ""
    thrive_asked: bool = False  # the log's pack asks for the THRIVE rationale (pack.thrive)
    thrive_written: tuple[str, ...] = ()  # the THRIVE headings with something written, in order
    occurrence: dict[str, Any] | None = None  # {open, reference, by, at}: the occurrence work item
    recontact: dict[str, Any] | None = None  # {method, open, assigned_to, outcome, by, at, letter}
    other_samples: tuple[int, ...] = ()  # the other samples this log is in
    contact_method: str | None = None  # the further contact the caller asked for (an option id)


@dataclass(frozen=True)
class SampleRecord:
    id: int
    period_start: datetime
    period_end: datetime
    size: int
    seed: int
    drawn_by: str
    drawn_at: datetime
    items: tuple[SampleItemRecord, ...]
    # Issue 22: logs already in an overlapping sample allowed again (True) or left out
    # (False, with how many); None for a sample drawn before asbdesk asked.
    overlap_allowed: bool | None = None
    left_out: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "from": self.period_start.date().isoformat(),
            "to": (self.period_end - timedelta(days=1)).date().isoformat(),
            "size": self.size,
            "seed": self.seed,
            "drawn_by": self.drawn_by,
            "drawn_at": self.drawn_at.isoformat(),
            "overlap_allowed": self.overlap_allowed,
            "left_out": self.left_out,
            "items": [
                {
                    "item": i.id,
                    "position": i.position,
                    "reference": i.reference,
                    "operator": i.operator,
                    "checks": list(i.checks),
                    "marks": {c: {"answer": a, "note": n} for c, (a, n) in i.marks.items()},
                    "also_in_samples": list(i.other_samples),
                }
                for i in self.items
            ],
        }


def _rate(yes: int, no: int) -> float | None:
    """Compliance: yes out of the items that applied (yes + no); None when none applied."""
    return round(yes / (yes + no), 4) if yes + no else None


@dataclass(frozen=True)
class ComplianceReport:
    """Compliance with the dip-sample checklist. Each log counts once per checklist item, by
    its latest mark (a log in two samples is not counted twice: issue 22); ``read`` says how
    many samples, logs and marks were read and how many marks were counted."""

    start: datetime
    end: datetime
    items: tuple[dict[str, Any], ...]  # {check, label, yes, no, na, rate}
    operators: tuple[dict[str, Any], ...]  # {operator, sampled, yes, no, rate, no_notes: [...]}
    periods: tuple[dict[str, Any], ...]  # {period: 'YYYY-MM', sampled, yes, no, rate}
    read: dict[str, int] = field(default_factory=lambda: {"samples": 0, "logs": 0, "marks": 0, "counted": 0})
    run_by: str = ""  # the username who ran it
    run_by_name: str = ""  # their name as asbdesk knows it
    run_at: datetime | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "from": self.start.date().isoformat(),
            "to": (self.end - timedelta(days=1)).date().isoformat(),
            "run_by": self.run_by,
            "run_by_name": self.run_by_name,
            "run_at": self.run_at.isoformat() if self.run_at else None,
            "read": dict(self.read),
            "items": list(self.items),
            "operators": list(self.operators),
            "periods": list(self.periods),
        }

    def read_words(self) -> str:
        """What the report read, in words: '2 samples, 14 sampled logs, 72 marks read; 70
        counted (each log's latest mark per checklist item; 2 earlier marks left out)'."""
        r = self.read
        left = r["marks"] - r["counted"]
        return (
            f"{_count(r['samples'], 'sample')}, {_count(r['logs'], 'sampled log')}, {_count(r['marks'], 'mark')} "
            f"read; {r['counted']} counted (each log's latest mark per checklist item"
            + (f"; {_count(left, 'earlier mark')} of logs sampled more than once left out)" if left else ")")
        )

    def runner(self) -> str:
        """Who ran it: 'Sam Supervisor (sam)', or the username alone."""
        named = self.run_by_name and self.run_by_name != self.run_by
        return f"{self.run_by_name} ({self.run_by})" if named else self.run_by or "unknown"

    def run_words(self) -> str:
        """Who ran it and when: 'Run by Sam Supervisor (sam) on 23 Nov 2026 14:05 GMT'."""
        from asbdesk.core.render import local_time

        return f"Run by {self.runner()}" + (f" on {local_time(self.run_at)}" if self.run_at else "")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


@dataclass(frozen=True)
class HotspotReport:
    start: datetime
    end: datetime
    locations: tuple[dict[str, Any], ...]  # {location, postcode, count} repeat locations, most first
    callers: tuple[dict[str, Any], ...]  # {caller, count} repeat callers, most first
    districts: tuple[str, ...]  # postcode districts, most incidents first
    weeks: tuple[str, ...]  # ISO weeks 'YYYY-Www', oldest first
    heat: dict[str, dict[str, int]]  # district -> week -> incidents
    codes: tuple[dict[str, Any], ...]  # {code, count} most first

    def to_json(self) -> dict[str, Any]:
        return {
            "from": self.start.date().isoformat(),
            "to": (self.end - timedelta(days=1)).date().isoformat(),
            "repeat_locations": list(self.locations),
            "repeat_callers": list(self.callers),
            "districts": [
                {
                    "district": d,
                    "weeks": {w: self.heat[d].get(w, 0) for w in self.weeks},
                    "total": sum(self.heat[d].values()),
                }
                for d in self.districts
            ],
            "weeks": list(self.weeks),
            "incident_codes": list(self.codes),
        }


# ------------------------------------------------------------------ queues


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time(), UTC)


def _subject_parts(flag: Any) -> tuple[str, str]:
    """What a flag is on (vocabulary.FLAG_SUBJECTS) and its name: ('person', 'Elsie Garside')."""
    if flag.person_id is not None:
        return "person", f"{flag.given_name or ''} {flag.family_name or ''}".strip()
    if flag.phone_e164:
        return "phone", phone_words(flag.phone_e164)
    return "location", f"{flag.line1 or ''}, {flag.postcode or ''}"


def _subject_words(flag: Any) -> str:
    subject, name = _subject_parts(flag)
    return f"{FLAG_SUBJECT_WORDS[subject]} {name}"


def _flag_facts(flag: Any) -> dict[str, Any]:
    subject, name = _subject_parts(flag)
    return {"flag_kind": flag.kind, "subject": subject, "name": name}


def _at(moment: datetime) -> Any:
    return literal(moment, m.Instant)


def _day(day: date) -> Any:
    return literal(day, Date())


def _flag_rows(session: Any, where: Any, order: Any, limit: int | None = None) -> list[Any]:
    flag, person, location = m.Flag, m.Person, m.Location
    statement = (
        select(
            flag.id,
            flag.kind,
            flag.person_id,
            flag.phone_e164,
            flag.requested_by,
            flag.requested_at,
            flag.review_due,
            flag.linked_references,
            flag.negate_risk,
            person.given_name,
            person.family_name,
            location.line1,
            location.postcode,
        )
        .outerjoin(person, person.id == flag.person_id)
        .outerjoin(location, location.id == flag.location_id)
        .where(where)
        .order_by(*order)
        .limit(limit)
    )
    return list(session.connection().execute(statement).all())


def _origin(linked: str) -> str | None:
    found = REFERENCE.findall(linked or "")
    return found[-1] if found else None


def _first_phone(work: Any, contact: Any) -> Any:
    """The number the call showed (its caller's, as the log prints it, kept with the work
    item by the save), else the first on the caller's record: one column, read by the database."""
    first = select(m.Phone.e164).where(m.Phone.person_id == contact.person_id).order_by(m.Phone.id).limit(1)
    return func.coalesce(work.details["phone"].as_string(), first.scalar_subquery())


def _given_email(work: Any, contact: Any) -> Any:
    """The e-mail address the caller gave on the call, else the newest on their record."""
    newest = select(m.Email.address).where(m.Email.person_id == contact.person_id).order_by(m.Email.id.desc())
    return func.coalesce(work.details["email"].as_string(), newest.limit(1).scalar_subquery())


def _work_rows(session: Any, kind: str, limit: int | None = None, after: ReviewItem | None = None) -> list[Any]:
    work, contact, person = m.WorkItem, m.Contact, m.Person
    reach: tuple[Any, ...] = ()
    if kind == "recontact":  # how to reach the caller (issue 22.2), and how often it was tried
        attempts = select(func.count()).where(m.RecontactAttempt.work_item_id == work.id).scalar_subquery()
        reach = (
            _first_phone(work, contact).label("phone"),
            _given_email(work, contact).label("email"),
            m.Location.line1,
            m.Location.town,
            m.Location.postcode,
            attempts.label("attempts"),
        )
    statement = (
        select(
            work.id,
            work.created_at,
            work.due_at,
            work.assigned_to,
            # Only the re-contact's method, read by the database: decoding every row's JSON
            # cost half the time of a 10,000-item queue.
            work.details["method"].as_string().label("method"),
            contact.reference,
            contact.operator,
            contact.incident_code,
            contact.risk_level,
            contact.grade,
            contact.rag,
            contact.override_field,
            contact.override_reason,
            contact.contact_preference,
            person.given_name,
            person.family_name,
            *reach,
        )
        .join(contact, contact.id == work.contact_id)
        .outerjoin(person, person.id == contact.person_id)
        .where(work.kind == kind, work.open.is_(True))
        .order_by(work.due_at, work.id)
        .limit(limit)
    )
    if reach:
        statement = statement.outerjoin(m.Location, m.Location.id == contact.location_id)
    if after is not None:
        statement = statement.where(tuple_(work.due_at, work.id) > tuple_(_at(after.due_at), after.id))
    return list(session.connection().execute(statement).all())  # plain rows: no ORM per row


def _address(line1: str | None, town: str | None, postcode: str | None) -> str:
    return ", ".join(x for x in (line1, town, postcode) if x)


def reach_words(phone: str | None, email: str | None, address: str) -> str:
    """How to reach a caller in a line: '0113 496 0123 · elsie@example.org · 4 Canal Row, LS1 4AP'."""
    parts = [phone_words(phone) if phone else "", email or "", address]
    return " · ".join(p for p in parts if p) or "no number, e-mail or address on record"


def _caller(row: Any) -> str:
    return _caller_name(row) or NOT_IDENTIFIED


def _caller_name(row: Any) -> str:
    return f"{row.given_name or ''} {row.family_name or ''}".strip()


def _work_facts(kind: str, row: Any) -> dict[str, Any]:
    """What :func:`_work_summary` says, as data (ReviewItem.facts)."""
    if kind == "override":
        chosen = row.risk_level if row.override_field == "risk_level" else row.grade
        return {
            "field": row.override_field or "",
            "chosen": chosen or "",
            "operator": row.operator,
            "reason": row.override_reason or "",
        }
    if kind == "recontact":
        return {
            "method": row.method or "",
            "caller": _caller_name(row),
            "rag": row.rag,
            "assigned_to": row.assigned_to,
            "attempts": int(row.attempts or 0),
            "phone": phone_words(row.phone) if row.phone else "",
            "email": row.email or "",
            "address": _address(row.line1, row.town, row.postcode),
        }
    return {"rag": row.rag, "incident_code": row.incident_code, "grade": row.grade or "", "operator": row.operator}


def _work_summary(kind: str, row: Any) -> str:
    if kind == "override":
        field_ = _words(row.override_field or "")
        chosen = row.risk_level if row.override_field == "risk_level" else row.grade
        return f"{field_} set to {_words(chosen)} by {row.operator}: {row.override_reason or ''}"
    if kind == "recontact":
        method = METHOD_WORDS.get(row.method or "", _words(row.method or ""))
        allocated = f"allocated to {row.assigned_to}" if row.assigned_to else "not allocated"
        tried = f", {row.attempts} attempt{'s' * (row.attempts != 1)}" if row.attempts else ""
        reach = reach_words(row.phone, row.email, _address(row.line1, row.town, row.postcode))
        return f"{method} for {_caller(row)} ({row.rag}), {allocated}{tried}: {reach}"
    return f"{row.rag} {row.incident_code} ({_words(row.grade)}) taken by {row.operator}: no occurrence recorded"


def review_items(
    store: Store,
    actor: Actor,
    kind: str | None = None,
    on: date | None = None,
    *,
    limit: int | None = None,
    after: ReviewItem | None = None,
) -> list[ReviewItem]:
    """Every open item in the supervisor's queues (or one queue), most urgent first:
    flag requests, flags due or overdue for review on ``on`` (default today), overrides,
    re-contacts and occurrences.

    One queue may be read a page at a time: ``limit`` items, those after ``after`` (the
    last item of the page before) in the queue's order. Keyed on (due, id), so an item
    closed meanwhile at another desk neither hides nor repeats one; the desk shows the first
    page of a queue of 10,000 at once and reads on as the supervisor scrolls."""
    if kind is not None and kind not in REVIEW_KINDS:
        raise InvalidData(f"kind: unknown queue '{kind}' (queues: {', '.join(REVIEW_KINDS)})")
    if kind is None and (limit is not None or after is not None):
        raise InvalidData("kind: a page (limit, after) is of one queue")
    if limit is not None and limit < 1:
        raise InvalidData("limit: at least 1")
    today = on or store.clock().date()
    items: list[ReviewItem] = []
    with store._read() as session:
        store._authorise(session, actor, "supervise")
        if kind in (None, "flag-request"):
            where = m.Flag.status == "requested"
            if after is not None:
                where = and_(where, tuple_(m.Flag.requested_at, m.Flag.id) > tuple_(_at(after.due_at), after.id))
            for row in _flag_rows(session, where, (m.Flag.requested_at, m.Flag.id), limit):
                items.append(
                    ReviewItem(
                        "flag-request",
                        row.id,
                        _origin(row.linked_references),
                        row.requested_at,
                        row.requested_at,
                        f"{_words(row.kind)} flag on {_subject_words(row)}, requested by {row.requested_by}",
                        facts={**_flag_facts(row), "requested_by": row.requested_by},
                    )
                )
        if kind in (None, "flag-review"):
            due = and_(m.Flag.status == "active", m.Flag.review_due <= today)
            if after is not None:
                due = and_(due, tuple_(m.Flag.review_due, m.Flag.id) > tuple_(_day(after.due_at.date()), after.id))
            for row in _flag_rows(session, due, (m.Flag.review_due, m.Flag.id), limit):
                overdue = (today - row.review_due).days
                when = f"overdue by {overdue} day{'s' * (overdue != 1)}" if overdue else "due today"
                items.append(
                    ReviewItem(
                        "flag-review",
                        row.id,
                        _origin(row.linked_references),
                        row.requested_at,
                        _start_of(row.review_due),
                        f"{_words(row.kind)} flag on {_subject_words(row)}: monthly review {when}",
                        facts={**_flag_facts(row), "overdue_days": overdue},
                    )
                )
        for work_kind in ("override", "recontact", "occurrence"):
            if kind in (None, work_kind):
                for row in _work_rows(session, work_kind, limit, after):
                    details = {"assigned_to": row.assigned_to, "rag": row.rag, "method": row.method}
                    if work_kind == "recontact":
                        details["caller"] = _caller(row)
                        details["attempts"] = int(row.attempts or 0)
                    items.append(
                        ReviewItem(
                            work_kind,
                            row.id,
                            row.reference,
                            row.created_at,
                            row.due_at,
                            _work_summary(work_kind, row),
                            details,
                            _work_facts(work_kind, row),
                        )
                    )
    shown = [i.contact_reference for i in items if i.kind == "recontact"]
    if shown:
        # The re-contact queue shows each caller's number, address and e-mail: a read of
        # their records, audited as one view naming every contact shown (issue 22.2).
        store._record_view(actor, "recontact_queue", f"{len(shown)} shown", {"contacts": shown})
    return items


def review_counts(store: Store, actor: Actor, on: date | None = None) -> dict[str, int]:
    """How many items wait in each queue (the status bar)."""
    today = on or store.clock().date()
    counts: dict[str, int] = {}
    with store._read() as session:
        store._authorise(session, actor, "supervise")
        count = select(func.count()).select_from(m.Flag)
        counts["flag-request"] = session.scalar(count.where(m.Flag.status == "requested")) or 0
        counts["flag-review"] = session.scalar(count.where(m.Flag.status == "active", m.Flag.review_due <= today)) or 0
        open_work = select(m.WorkItem.kind, func.count()).where(m.WorkItem.open.is_(True)).group_by(m.WorkItem.kind)
        found = dict(session.execute(open_work).all())
    for kind in ("override", "recontact", "occurrence"):
        counts[kind] = int(found.get(kind, 0))
    return counts


def review_detail(store: Store, actor: Actor, kind: str, item_id: int) -> dict[str, Any]:
    """Everything the supervisor reads before deciding: the flag with the contact it came
    from, or the contact's log, answers and override (computed and chosen values, reason).
    Reading a contact is a view of a person's record: audited."""
    if kind not in REVIEW_KINDS:
        raise InvalidData(f"kind: unknown queue '{kind}' (queues: {', '.join(REVIEW_KINDS)})")
    viewed: str | None = None
    with store._read() as session:
        store._authorise(session, actor, "supervise")
        if kind.startswith("flag-"):
            flag = session.get(m.Flag, item_id)
            if flag is None:
                raise NotFound(f"no flag with id {item_id}")
            detail: dict[str, Any] = {"flag": asdict(_flag_record(flag))}
            events = session.scalars(select(m.FlagEvent).where(m.FlagEvent.flag_id == item_id).order_by(m.FlagEvent.id))
            detail["events"] = [{"at": e.at, "by": e.by, "action": e.action, "details": e.details} for e in events]
            reference = _origin(flag.linked_references)
            contact = session.scalar(select(m.Contact).where(m.Contact.reference == reference)) if reference else None
        else:
            work = session.get(m.WorkItem, item_id)
            if work is None or work.kind != kind:
                raise NotFound(f"no {kind} item with id {item_id}")
            detail = {
                "work": {
                    "id": work.id,
                    "open": work.open,
                    "assigned_to": work.assigned_to,
                    "outcome": work.outcome,
                    "comment": work.comment,
                    "details": work.details,
                }
            }
            contact = session.get(m.Contact, work.contact_id)
            if kind == "recontact" and contact is not None:
                detail["caller"] = _recontact_caller(session, contact)
                detail["attempts"] = _attempts(session, work.id)
        if contact is not None:
            override = (contact.assessment or {}).get("override") or {}
            detail["contact"] = {
                "reference": contact.reference,
                "operator": contact.operator,
                "started_at": contact.started_at,
                "incident_code": contact.incident_code,
                "risk_level": contact.risk_level,
                "grade": contact.grade,
                "rag": contact.rag,
                "answers": contact.answers,
                "override": override,
                "log_text": contact.log_text,
            }
            viewed = contact.reference
    if viewed is not None:
        store._record_view(actor, "contact", viewed)
    return detail


# ------------------------------------------------------------------ every active flag (issue 22.4)

# The review windows (vocabulary.FLAG_DUE): a flag is reviewed monthly (seed 002 'Record': "will
# be responsible for reviewing flags on a monthly basis"); overdue as the review queue counts it
# (due on a day, overdue the day after); "week", to seven days on, is asbdesk's own.
DUE_SOON_DAYS = 7
FLAG_LIST_LIMIT = 10_000
_AREA = re.compile(r"[A-Z]{1,2}")
_DISTRICT = re.compile(r"[A-Z]{1,2}\d[A-Z\d]?")
_SECTOR = re.compile(r"([A-Z]{1,2}\d[A-Z\d]?) (\d)")


@dataclass(frozen=True)
class ActiveFlag:
    """One active flag as the all-flags view lists it: the subject in words (a phone number
    as people dial it), the postcode districts it is about, when its monthly review is due
    (``due``: overdue, week, later, or None without a review date), who authorised it."""

    id: int
    kind: str
    subject: str
    area: str | None
    review_due: date | None
    due: str | None
    authorised_by: str | None
    authorised_at: datetime | None
    requested_by: str
    contact_reference: str | None
    # ``subject`` as data, for a window that words it in its own language: what the flag is
    # on (vocabulary.FLAG_SUBJECTS) and its name, number or address.
    subject_kind: str = ""
    subject_name: str = ""

    @property
    def summary(self) -> str:
        return f"{_words(self.kind)} flag on {self.subject}"

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "subject": self.subject,
            "area": self.area,
            "review_due": self.review_due.isoformat() if self.review_due else None,
            "due": self.due,
            "authorised_by": self.authorised_by,
            "authorised_at": self.authorised_at.isoformat() if self.authorised_at else None,
            "requested_by": self.requested_by,
            "contact_reference": self.contact_reference,
        }


def flag_due(review_due: date | None, today: date) -> str | None:
    """Which window a review date is in on ``today``: overdue (the day after it), week (today
    to seven days on), later; None without one."""
    if review_due is None:
        return None
    if review_due < today:
        return "overdue"
    return "week" if review_due <= today + timedelta(days=DUE_SOON_DAYS) else "later"


def area_key(text: str) -> tuple[str, str]:
    """An area typed for the all-flags view, as (form, what the stored postcode key must
    match): a postcode area ('LS'), a district ('LS6': the outward code, as the hotspots
    report groups incidents, :func:`_district`), a sector ('LS6 2') or a whole postcode.
    Anything else is refused in words."""
    typed = re.sub(r"\s+", " ", (text or "").strip().upper())
    refuse_nul("area", typed)
    if _AREA.fullmatch(typed):
        return "area", typed
    if _DISTRICT.fullmatch(typed):
        return "district", typed
    sector = _SECTOR.fullmatch(typed)
    if sector:
        return "sector", sector[1] + sector[2]
    try:
        return "postcode", postcode_key(typed)
    except NormaliseError:
        raise InvalidData(
            f"area: '{text.strip()[:40]}' is not a postcode district (e.g. LS6), an area (LS), a sector (LS6 2) "
            "or a postcode (LS6 2QT)"
        ) from None


def _area_match(key: Any, form: str, value: str) -> Any:
    """The stored postcode key (no space: outward code then the 3-character inward code) in
    the area typed; bound parameters only."""
    if form == "area":  # the letters, then the district's digit: 'L' is not 'LS'
        return and_(key >= value + "0", key < value + ":")  # ':' follows '9' (byte order, both backends)
    if form == "district":
        return key.like(value + "___")  # the outward code and exactly an inward code
    if form == "sector":
        return key.like(value + "__")
    return key == value


def _flag_postcodes(active: Any) -> Any:
    """Each active flag's postcodes: its address's; a caller's addresses on record; for a
    phone number, the addresses of the callers with that number."""
    flag, location, lives, phone = m.Flag, m.Location, m.PersonLocation, m.Phone
    columns = (flag.id.label("flag_id"), location.postcode_key.label("key"), location.postcode.label("postcode"))
    own = select(*columns).join(location, location.id == flag.location_id).where(active)
    person = (
        select(*columns)
        .join(lives, lives.person_id == flag.person_id)
        .join(location, location.id == lives.location_id)
        .where(active)
    )
    number = (
        select(*columns)
        .join(phone, phone.e164 == flag.phone_e164)
        .join(lives, lives.person_id == phone.person_id)
        .join(location, location.id == lives.location_id)
        .where(active)
    )
    return union(own, person, number).subquery("flag_postcode")


def active_flags(
    store: Store,
    actor: Actor,
    kind: str | None = None,
    due: str | None = None,
    area: str | None = None,
    on: date | None = None,
    *,
    limit: int | None = None,
) -> list[ActiveFlag]:
    """Every active flag (seed 002 'Storm Flag System': authorised by a supervisor, reviewed
    monthly), the soonest review first (the longest overdue at the top, flags without a
    review date last); of one ``kind``, in one ``due`` window on ``on`` (default today), in
    one ``area`` (:func:`area_key`); at most ``limit``.

    A flag's area is the postcode district of its address, of its caller's addresses on
    record, or of the addresses of the callers with its phone number: a flag is in every
    district it is about. The list names callers, numbers and addresses: it is audited as a
    view of the flags shown (issue 20)."""
    if kind is not None and kind not in FLAG_KINDS:
        raise InvalidData(f"kind: unknown flag kind '{kind}' (kinds: {', '.join(FLAG_KINDS)})")
    if due is not None and due not in FLAG_DUE:
        raise InvalidData(f"due: '{due}' is not one of {', '.join(FLAG_DUE)}")
    if limit is not None and not 1 <= limit <= FLAG_LIST_LIMIT:
        raise InvalidData(f"limit: between 1 and {FLAG_LIST_LIMIT}")
    wanted = area_key(area) if area is not None and area.strip() else None
    today = on or store.clock().date()
    flag = m.Flag
    active = flag.status == "active"
    where = [active]
    if kind is not None:
        where.append(flag.kind == kind)
    soon = today + timedelta(days=DUE_SOON_DAYS)
    if due == "overdue":
        where.append(flag.review_due < _day(today))
    elif due == "week":
        where += [flag.review_due >= _day(today), flag.review_due <= _day(soon)]
    elif due == "later":
        where.append(flag.review_due > _day(soon))
    with store._read() as session:
        store._authorise(session, actor, "supervise")
        postcodes = _flag_postcodes(active)
        if wanted is not None:
            where.append(flag.id.in_(select(postcodes.c.flag_id).where(_area_match(postcodes.c.key, *wanted))))
        rows = (
            session.connection()
            .execute(
                select(
                    flag.id,
                    flag.kind,
                    flag.person_id,
                    flag.phone_e164,
                    flag.review_due,
                    flag.authorised_by,
                    flag.authorised_at,
                    flag.requested_by,
                    flag.linked_references,
                    m.Person.given_name,
                    m.Person.family_name,
                    m.Location.line1,
                    m.Location.postcode,
                )
                .outerjoin(m.Person, m.Person.id == flag.person_id)
                .outerjoin(m.Location, m.Location.id == flag.location_id)
                .where(*where)
                .order_by(flag.review_due.is_(None), flag.review_due, flag.id)  # no review date: last, on both
                .limit(limit)
            )
            .all()
        )
        districts: dict[int, set[str]] = defaultdict(set)
        if rows:
            shown_ids = [r.id for r in rows]
            for flag_id, postcode in session.connection().execute(
                select(postcodes.c.flag_id, postcodes.c.postcode).where(postcodes.c.flag_id.in_(shown_ids))
            ):
                districts[flag_id].add(_district(postcode))
    flags = [
        ActiveFlag(
            r.id,
            r.kind,
            _subject_words(r),
            ", ".join(sorted(districts[r.id])) or None,
            r.review_due,
            flag_due(r.review_due, today),
            r.authorised_by,
            r.authorised_at,
            r.requested_by,
            _origin(r.linked_references),
            *_subject_parts(r),
        )
        for r in rows
    ]
    if flags:
        store._record_view(actor, "active_flags", f"{len(flags)} shown", {"flags": [f.id for f in flags]})
    return flags


# ------------------------------------------------------------------ flags (the Store's own methods)


def decide_flag(store: Store, actor: Actor, action: str, flag_id: int, reason: str) -> FlagRecord:
    """``asbdesk flags authorise|refuse|maintain|remove ID --reason TEXT``."""
    if action == "authorise":
        return store.authorise_flag(actor, flag_id, reason)
    if action == "refuse":
        return store.refuse_flag(actor, flag_id, reason)
    if action == "maintain":
        return store.review_flag(actor, flag_id, _reason("reason", reason, needed="write what the review found"))
    if action == "remove":
        return store.remove_flag(actor, flag_id, reason)
    raise InvalidData(f"action: unknown flag action '{action}'")


# ------------------------------------------------------------------ work items


def _open_work(session: Any, kind: str, item_id: int) -> m.WorkItem:
    work = session.get(m.WorkItem, item_id, with_for_update=True)
    if work is None or work.kind != kind:
        raise NotFound(f"no {kind} item with id {item_id}")
    if not work.open:
        raise InvalidData(f"{kind} item {item_id} is closed already ({_words(work.outcome or '')})")
    return work


def _work_record(work: m.WorkItem, reference: str) -> WorkRecord:
    return WorkRecord(
        work.id, work.kind, reference, work.open, work.assigned_to, work.outcome, work.comment, dict(work.details)
    )


def _close(store: Store, work: m.WorkItem, actor: Actor, outcome: str, comment: str | None = None) -> None:
    work.open, work.outcome, work.comment = False, outcome, comment
    work.closed_by, work.closed_at = actor.username, store.clock()


def review_override(
    store: Store, actor: Actor, item_id: int, agree: bool, comment: str, to: str | None = None
) -> WorkRecord:
    """Agree or disagree with an operator's override; the operator sees the comment at
    their next sign-in, and the contact's review status is no longer 'pending'.

    Disagreeing re-grades the contact (issue 22.3): the call as it was taken is assessed
    again with the supervisor's value of the overridden field (``to``; by default the value
    asbdesk computed), the contact takes the new risk level, grade and RAG, the re-grade is
    kept as a revision with both assessments, the log is amended with it (never rewritten),
    and the follow-up the new grade needs (an occurrence, a re-contact) is opened in the
    queues. Refused in words, with nothing changed, when the call cannot be assessed again
    as it was taken."""
    comment = _reason("comment", comment, needed="write your comment for the operator (they are shown it)")
    if agree and to is not None:
        raise InvalidData("to: a new value is given only when you disagree with the override")
    outcome = "agreed" if agree else "disagreed"
    plan = None if agree else _plan_regrade(store, actor, item_id, to, comment)
    with store._write() as session:
        store._authorise(session, actor, "supervise")
        work = _open_work(session, "override", item_id)
        contact = session.get(m.Contact, work.contact_id, with_for_update=True)
        assert contact is not None  # a foreign key
        regrade = None if plan is None else _regrade(store, session, actor, contact, plan, comment)
        _close(store, work, actor, outcome, comment)
        contact.review_status = outcome
        said = f"{actor.username} {outcome} with your override of the {_words(contact.override_field or '')} on {contact.reference}: {comment}"
        if regrade is not None:
            said = f"{said.rstrip('.')}. The contact is {regrade.words()}."
        store._notify(session, actor, contact.operator, contact.reference, said)
        store._audit(
            session,
            actor,
            "review",
            "override",
            work.id,
            None,
            {"outcome": outcome, **({"revision": regrade.number} if regrade else {})},
        )
        old = {"review_status": "pending", **(regrade.before if regrade else {})}
        store._audit(
            session,
            actor,
            "review",
            "contact",
            contact.reference,
            old,
            {"review_status": outcome, **(regrade.after if regrade else {})},
        )
        return replace(_work_record(work, contact.reference), regrade=regrade)


@dataclass(frozen=True)
class _RegradePlan:
    """A re-grade worked out before the write: the contact as it was read, the call as it
    was taken re-assessed (``before``: it gave what was saved) and with the supervisor's
    value (``after``)."""

    contact_id: int
    saved: tuple[str, str, str]  # risk_level, grade, rag as read
    field: str
    from_value: str
    to_value: str
    before: Any  # Assessment
    after: Any  # Assessment


def _values(risk_level: str, grade: str, rag: str) -> dict[str, str]:
    return {"risk_level": risk_level, "grade": grade, "rag": rag}


def _regradable(store: Store, contact: m.Contact) -> tuple[Any, Any]:
    """The pack and the engine's call for a saved contact, or InvalidData saying in words
    why the call cannot be assessed again as it was taken."""
    from asbdesk import paths
    from asbdesk.core.call import InputError, call_from_json
    from asbdesk.storage.in_force import pack_of_contact

    reference = contact.reference
    if contact.call_input is None:
        raise InvalidData(
            f"{reference} was saved before asbdesk kept the call as it was taken, so it cannot be re-graded "
            "here: agree instead and re-grade it on command and control, or leave it in the queue"
        )
    try:
        call = call_from_json(contact.call_input)
    except InputError as error:
        raise InvalidData(
            f"{reference}: the call kept with it cannot be read ({error}); it cannot be re-graded"
        ) from None
    pack = pack_of_contact(store, contact.pack_id, contact.pack_hash, paths.cache_dir())
    if pack is None or pack.content_hash != contact.pack_hash:
        raise InvalidData(
            f"{reference} was taken on pack {contact.pack_id} {contact.pack_version} "
            f"(content {contact.pack_hash[:12]}), which is neither published on this database nor shipped "
            "with this asbdesk: it cannot be re-assessed, so it cannot be re-graded"
        )
    return pack, call


@dataclass(frozen=True)
class RegradeChoices:
    """What a supervisor may re-grade an overridden contact to: the field the operator
    overrode, each of its values with its label (most urgent first for grades, lowest first
    for levels, as the pack lists them), the value asbdesk computed and the operator's."""

    field: str
    choices: tuple[tuple[str, str], ...]
    computed: str
    chosen: str


def regrade_choices(store: Store, actor: Actor, item_id: int) -> RegradeChoices:
    """The values a disagreement may set (the desk's Ctrl+D offers them); refused in words
    when the contact cannot be re-graded (its call not kept, its pack not found)."""
    with store._read() as session:
        store._authorise(session, actor, "supervise")
        work = session.get(m.WorkItem, item_id)
        if work is None or work.kind != "override":
            raise NotFound(f"no override item with id {item_id}")
        contact = session.get(m.Contact, work.contact_id)
        assert contact is not None  # a foreign key
        pack, _call = _regradable(store, contact)
        override = (contact.assessment or {}).get("override") or {}
    field_ = str(override.get("field") or contact.override_field)
    if field_ == "risk_level":
        choices = tuple((level, pack.level_labels[level]) for level in pack.level_rank)
    else:
        choices = tuple((grade.id, grade.label) for grade in pack.grade_order)
    return RegradeChoices(field_, choices, str(override.get("computed")), str(override.get("chosen")))


def _plan_regrade(store: Store, actor: Actor, item_id: int, to: str | None, comment: str) -> _RegradePlan:
    from asbdesk.core.call import Override
    from asbdesk.core.engine import Engine

    with store._read() as session:
        store._authorise(session, actor, "supervise")
        work = session.get(m.WorkItem, item_id)
        if work is None or work.kind != "override":
            raise NotFound(f"no override item with id {item_id}")
        if not work.open:
            raise InvalidData(f"override item {item_id} is closed already ({_words(work.outcome or '')})")
        contact = session.get(m.Contact, work.contact_id)
        assert contact is not None  # a foreign key
        pack, call = _regradable(store, contact)
        saved = (contact.risk_level, contact.grade, contact.rag)
        reference, contact_id = contact.reference, contact.id
    engine = Engine(pack)
    before = engine.assess(call)
    if (before.level, before.grade, before.rag) != saved or before.override is None:
        raise InvalidData(
            f"{reference}: assessing the call again as it was taken gives risk level {before.level}, grade "
            f"{before.grade}, RAG {before.rag}, not the {saved[0]}, {saved[1]}, {saved[2]} it was saved with: "
            "it cannot be re-graded here"
        )
    o = before.override
    what = _words(o.field)
    known = pack.level_rank if o.field == "risk_level" else pack.grades
    chosen = to if to is not None else o.computed
    if chosen not in known:
        raise InvalidData(f"to: {chosen!r} is not a {what} of pack {pack.id} (known: {', '.join(known)})")
    if chosen == o.chosen:
        raise InvalidData(
            f"to: the operator chose {what} {o.chosen}; to disagree, choose another {what} "
            f"(asbdesk computed {o.computed})"
        )
    override = None if chosen == o.computed else Override(o.field, chosen, comment)
    after = engine.assess(replace(call, override=override))
    return _RegradePlan(contact_id, saved, o.field, o.chosen, chosen, before, after)


def _follow_up_words(item: dict[str, Any]) -> str:
    if item["kind"] == "occurrence":
        return (
            f"an occurrence for this {item['details']['rag']} incident, due at once (seed 002: confirmed red "
            "or amber incidents must be immediately referred to NPT supervision)"
        )
    if item["kind"] == "recontact":
        return f"{_method_words(item['details'].get('method'))}, due by {_when(item['due_at'])}"
    return f"{_words(item['kind'])}, due by {_when(item['due_at'])}"


def _regrade(
    store: Store, session: Any, actor: Actor, contact: m.Contact, plan: _RegradePlan, comment: str
) -> RegradeRecord:
    """Write the re-grade planned: the contact's new values, its revision, the amended log,
    the follow-up work. The contact must be as it was when the plan was made."""
    from asbdesk.core.render import render_amendment
    from asbdesk.storage.store import work_for

    if (contact.risk_level, contact.grade, contact.rag) != plan.saved:
        raise InvalidData(f"{contact.reference} was changed since you read it: read it again and decide then")
    now = store.clock()
    after = plan.after
    before_values = _values(*plan.saved)
    after_values = _values(after.level, after.grade, after.rag)
    existing = set(session.scalars(select(m.WorkItem.kind).where(m.WorkItem.contact_id == contact.id)))
    number = 1 + (
        session.scalar(
            select(func.count()).select_from(m.ContactRevision).where(m.ContactRevision.contact_id == contact.id)
        )
        or 0
    )
    # The new values and the amendment reach the database in one UPDATE: it refuses a re-grade
    # the log does not say (roles.py, "amend").
    contact.risk_level, contact.grade, contact.rag = after.level, after.grade, after.rag
    contact.review_status = "disagreed"
    opened = [item for item in work_for(contact, after.to_dict(), since=now) if item["kind"] not in existing]
    amendment = render_amendment(
        number, now, actor.username, comment, plan.before, after, tuple(_follow_up_words(i) for i in opened)
    )
    contact.log_text = f"{contact.log_text.rstrip(chr(10))}\n\n{amendment}\n"
    revision = m.ContactRevision(
        contact_id=contact.id,
        number=number,
        made_at=now,
        made_by=actor.username,
        field=plan.field,
        from_value=plan.from_value,
        to_value=plan.to_value,
        reason=comment,
        before=before_values,
        after=after_values,
        assessment={**after.to_dict(), "reference": contact.reference},
        amendment=amendment,
    )
    session.add(revision)
    session.flush()  # the revision first: the database lets a supervisor open its follow-up (roles.py)
    for item in opened:
        session.add(m.WorkItem(**item))
    session.flush()
    return RegradeRecord(
        number,
        plan.field,
        plan.from_value,
        plan.to_value,
        before_values,
        after_values,
        tuple(item["kind"] for item in opened),
        amendment,
    )


def _recontact_caller(session: Any, contact: m.Contact) -> RecontactCaller:
    """How to reach the caller of a contact (a read of their record: the caller audits it)."""
    caller = (contact.assessment or {}).get("caller") or {}
    person = session.get(m.Person, contact.person_id) if contact.person_id else None
    location = session.get(m.Location, contact.location_id) if contact.location_id else None
    phones: list[str] = [caller["phone"]] if isinstance(caller.get("phone"), str) else []
    email = caller.get("email") if isinstance(caller.get("email"), str) else None
    if person is not None:
        phones += [
            p
            for p in session.scalars(select(m.Phone.e164).where(m.Phone.person_id == person.id).order_by(m.Phone.id))
            if p not in phones
        ]
        if email is None:
            email = session.scalar(
                select(m.Email.address).where(m.Email.person_id == person.id).order_by(m.Email.id.desc()).limit(1)
            )
    name = f"{person.given_name} {person.family_name}".strip() if person is not None else str(caller.get("name") or "")
    address = (
        _address(location.line1, location.town, location.postcode) if location else str(caller.get("address") or "")
    )
    return RecontactCaller(name or NOT_IDENTIFIED, tuple(phones), address, email)


def _attempts(session: Any, item_id: int) -> list[AttemptRecord]:
    """A re-contact's attempts in the order they were made (then as recorded)."""
    attempt = m.RecontactAttempt
    rows = session.scalars(
        select(attempt).where(attempt.work_item_id == item_id).order_by(attempt.attempted_at, attempt.id)
    )
    return [
        AttemptRecord(a.id, a.attempted_at, a.attempted_by, a.result, a.note, a.recorded_by, a.recorded_at)
        for a in rows
    ]


def allocate_recontact(store: Store, actor: Actor, item_id: int, officer: str) -> WorkRecord:
    """Allocate a requested re-contact to an officer: a user of asbdesk or a name typed in
    (seed 002: "The supervisor will then allocate the Storm logs to their officers")."""
    return _allocate_recontact(store, actor, item_id, officer).record


@dataclass(frozen=True)
class WorkChange:
    """A work item's decision and the item's state before and after it, read in the
    decision's transaction (what :mod:`asbdesk.storage.undo` writes back and checks)."""

    record: WorkRecord
    before: dict[str, Any]
    after: dict[str, Any]
    attempts: int = 0


# What a supervisor's decision changes on a work item (roles.py: the supervisor's UPDATE).
WORK_DECISION_COLUMNS = (
    "assigned_to",
    "assigned_by",
    "assigned_at",
    "open",
    "outcome",
    "comment",
    "closed_by",
    "closed_at",
    "details",
)


def work_state(work: m.WorkItem) -> dict[str, Any]:
    """The columns a decision changes, as they are now (``details`` copied)."""
    state = {column: getattr(work, column) for column in WORK_DECISION_COLUMNS}
    state["details"] = dict(state["details"] or {})
    return state


def _allocate_recontact(store: Store, actor: Actor, item_id: int, officer: str) -> WorkChange:
    officer = _reason("officer", officer, OFFICER_LIMIT, needed="name the officer the re-contact goes to")
    with store._write() as session:
        store._authorise(session, actor, "supervise")
        work = _open_work(session, "recontact", item_id)
        before = work_state(work)
        old = work.assigned_to
        work.assigned_to, work.assigned_by, work.assigned_at = officer, actor.username, store.clock()
        reference = session.scalar(select(m.Contact.reference).where(m.Contact.id == work.contact_id)) or ""
        if session.scalar(select(m.User.id).where(m.User.username == officer)) is not None:
            store._notify(
                session, actor, officer, reference, f"{actor.username} allocated you the re-contact on {reference}."
            )
        store._audit(session, actor, "allocate", "recontact", work.id, {"to": old}, {"to": officer})
        attempts = session.scalar(select(func.count()).where(m.RecontactAttempt.work_item_id == work.id)) or 0
        return WorkChange(_work_record(work, reference), before, work_state(work), int(attempts))


def active_officers(store: Store, actor: Actor) -> list[str]:
    """The active users' names, offered when allocating a re-contact (any officer's name may
    be typed instead). A supervisor's read: refused, like the queues, for anyone else."""
    with store._read() as session:
        store._authorise(session, actor, "supervise")
        return list(session.scalars(select(m.User.username).where(m.User.active.is_(True)).order_by(m.User.username)))


def _method_words(method: str | None) -> str:
    return {"ring_back": "a ring back", "email": "an e-mail re-contact"}.get(method or "", "a re-contact")


def _not_allocated(item_id: int) -> InvalidData:
    return InvalidData(
        f"recontact {item_id} is not allocated: allocate it to an officer first (Ctrl+L, or asbdesk recontact "
        "allocate), then record what they did"
    )


def _attempt_words(attempt: AttemptRecord) -> str:
    return f"the attempt of {_when(attempt.attempted_at)} by {attempt.attempted_by}"


def _when(moment: datetime) -> str:
    """A time as the supervisor reads it: '7 Jan 2027 14:03', local."""
    local = moment.astimezone()
    return f"{local.day} {local.strftime('%b %Y %H:%M')}"


def record_attempt(
    store: Store,
    actor: Actor,
    item_id: int,
    result: str,
    note: str = "",
    *,
    officer: str | None = None,
    at: datetime | None = None,
) -> AttemptRecord:
    """Record one try at an allocated re-contact (issue 22.2; seed 002: "individuals must
    record all actions taken ... for audit purposes"): what came of it (a ring back: no
    answer, left voicemail, wrong number, reached; an e-mail: sent, bounced, reached), by
    whom (the allocated officer unless ``officer`` says who), when (now unless ``at``, which may
    not be in the future nor before the call), with an optional note."""
    if result not in RECONTACT_ATTEMPT_RESULTS:
        known = ", ".join(RECONTACT_ATTEMPT_RESULTS)
        raise InvalidData(f"result: '{result}' is not a result of an attempt ({known})")
    note = (note or "").strip()
    refuse_nul("note", note)
    if len(note) > NOTE_LIMIT:
        raise InvalidData(f"note: at most {NOTE_LIMIT} characters ({len(note)} given)")
    if officer is not None:
        officer = " ".join(officer.split())
        refuse_nul("officer", officer)
        if not officer:
            raise InvalidData("officer: who made the attempt (leave it out for the officer allocated)")
        if len(officer) > OFFICER_LIMIT:
            raise InvalidData(f"officer: at most {OFFICER_LIMIT} characters ({len(officer)} given)")
    if at is not None and at.tzinfo is None:
        raise InvalidData("at: a time with its zone (asbdesk stores times in UTC)")
    with store._write() as session:
        store._authorise(session, actor, "supervise")
        work = _open_work(session, "recontact", item_id)
        if not work.assigned_to:
            raise _not_allocated(item_id)
        method = work.details.get("method")
        allowed = RECONTACT_ATTEMPTS_BY_METHOD.get(method or "", RECONTACT_ATTEMPT_RESULTS)
        if result not in allowed:
            words = ", ".join(RECONTACT_ATTEMPT_WORDS[r] for r in allowed)
            raise InvalidData(
                f"result: recontact {item_id} is {_method_words(method)}: its attempts are {words}, "
                f"not '{RECONTACT_ATTEMPT_WORDS[result]}'"
            )
        now = store.clock()
        when = at or now
        started = session.scalar(select(m.Contact.started_at).where(m.Contact.id == work.contact_id))
        if when > now:
            raise InvalidData(f"at: {_when(when)} is still to come: record an attempt once it is made")
        if started is not None and when < started:
            raise InvalidData(f"at: {_when(when)} is before the call asking for it ({_when(started)})")
        row = m.RecontactAttempt(
            work_item_id=work.id,
            attempted_at=when,
            attempted_by=officer or work.assigned_to,
            result=result,
            note=note,
            recorded_by=actor.username,
            recorded_at=now,
        )
        session.add(row)
        session.flush()
        store._audit(
            session, actor, "attempt", "recontact_attempt", row.id, None, {"recontact": work.id, "result": result}
        )
        return AttemptRecord(row.id, when, row.attempted_by, result, note, actor.username, now)


def recontact_detail(store: Store, actor: Actor, item_id: int) -> dict[str, Any]:
    """A re-contact as ``asbdesk recontact show`` prints it: the contact, the method, how to
    reach the caller, who it is allocated to, every attempt in order and the outcome. A read
    of the caller's record: audited as a view of the contact."""
    with store._read() as session:
        store._authorise(session, actor, "supervise")
        work = session.get(m.WorkItem, item_id)
        if work is None or work.kind != "recontact":
            raise NotFound(f"no recontact item with id {item_id}")
        contact = session.get(m.Contact, work.contact_id)
        assert contact is not None  # a foreign key
        shown = {
            "id": work.id,
            "reference": contact.reference,
            "method": work.details.get("method"),
            "open": work.open,
            "assigned_to": work.assigned_to,
            "caller": _recontact_caller(session, contact),
            "attempts": _attempts(session, work.id),
            "outcome": work.outcome,
            "comment": work.comment,
            "letter": work.details.get("letter"),
        }
    store._record_view(actor, "contact", shown["reference"])
    return shown


def _reached(attempts: list[AttemptRecord]) -> AttemptRecord | None:
    return next((a for a in attempts if a.result == "reached"), None)


def _outcome_refused(work: m.WorkItem, attempts: list[AttemptRecord], outcome: str, letter: bool) -> InvalidData | None:
    """Why this outcome (with or without the letter) may not be recorded on this re-contact,
    in words; None when it may. Seed 002: "If the ring back is unsuccessful, and no contact
    made, individuals must send a letter"; the letter is for that and for nothing else."""
    item_id = work.id
    if not work.assigned_to:
        return _not_allocated(item_id)
    method = work.details.get("method")
    reached = _reached(attempts)
    if letter:
        if method != "ring_back":
            return InvalidData(
                f"letter: recontact {item_id} is {_method_words(method)}: the letter is for a ring back not "
                "reached (seed 002), so none was written"
            )
        if outcome != "not_reached":
            said = "the caller was reached" if outcome == "reached" else f"the caller {_words(outcome)}"
            return InvalidData(
                f"letter: {said}: the letter is for a ring back not reached (seed 002), so none was written"
            )
    if outcome == "not_reached":
        if reached is not None:
            return InvalidData(
                f"outcome: {_attempt_words(reached)} reached the caller: record reached (or declined), not "
                "not reached" + (", and no letter was written" if letter else "")
            )
        if not attempts:
            return InvalidData(
                f"outcome: no attempt is recorded on recontact {item_id}: record each attempt first (when, by "
                "whom, what came of it), then not reached" + (": no letter was written" if letter else "")
            )
        if method == "ring_back" and not letter:
            return InvalidData(
                f"letter: recontact {item_id} is a ring back not reached: the letter must be produced "
                "(seed 002: 'If the ring back is unsuccessful ... send a letter')"
            )
    return None


def letter_for(store: Store, actor: Actor, item_id: int) -> Letter:
    """The details the unsuccessful ring-back letter is addressed with (read, audited as a
    view of the caller's record). Refused in words, before anything is read, where no letter
    may be written: an e-mail re-contact, one closed already, not allocated, with no attempt
    recorded, or with an attempt that reached the caller."""
    with store._read() as session:
        store._authorise(session, actor, "supervise")
        work = session.get(m.WorkItem, item_id)
        if work is None or work.kind != "recontact":
            raise NotFound(f"no recontact item with id {item_id}")
        if not work.open:
            raise InvalidData(
                f"recontact {item_id} is closed already ({_words(work.outcome or '')}): no letter was written"
            )
        refused = _outcome_refused(work, _attempts(session, item_id), "not_reached", letter=True)
        if refused is not None:
            raise refused
        contact = session.get(m.Contact, work.contact_id)
        assert contact is not None
        person = session.get(m.Person, contact.person_id) if contact.person_id else None
        location = session.get(m.Location, contact.location_id) if contact.location_id else None
        if person is None or location is None:
            raise InvalidData(f"recontact {item_id}: {contact.reference} has no caller's name and address to write to")
        reference, pack_id, pack_hash, started_at = (
            contact.reference,
            contact.pack_id,
            contact.pack_hash,
            contact.started_at,
        )
        caller = f"{person.given_name} {person.family_name}".strip()
        address = tuple(x for x in (location.line1, location.town, location.postcode) if x)
        officer = work.assigned_to
    site = store.site()
    words = _public_words(store, pack_id, pack_hash)
    letter = Letter(
        reference,
        pack_id,
        started_at,
        caller,
        address,
        officer,
        site.force if site is not None else None,
        **words,
    )
    store._record_view(actor, "contact", letter.reference)
    return letter


RING_BACK_LETTER_PLAN = "ring_back_letter"
"""The response plan whose wording for the public promised the letter (seed 002)."""


def _public_words(store: Store, pack_id: str, pack_hash: str) -> dict[str, Any]:
    """The contact's pack's wording for the public: its contact line (101) and the ring-back
    plan's promise, and their Welsh where the pack offers Welsh (the :class:`Letter` fields).
    The pack the contact was taken on (published or shipped); nothing when it cannot be
    found or has no wording for the public."""
    from asbdesk import paths
    from asbdesk.storage.in_force import pack_of_contact

    pack = pack_of_contact(store, pack_id, pack_hash, paths.cache_dir())
    public = pack.data.public if pack is not None else None
    if pack is None or public is None:
        return {}
    plan = next((p for p in pack.data.responses if p.id == RING_BACK_LETTER_PLAN and p.public), None)

    def flat(text: str | None) -> str | None:
        return " ".join(text.split()) if text else None

    words: dict[str, Any] = {
        "public_contact": flat(public.contact),
        "promised": flat(plan.public) if plan else None,
        "languages": pack.public_languages,
    }
    if public.welsh is not None:
        words.update(
            force_cy=public.welsh.force,
            public_contact_cy=flat(public.welsh.contact),
            promised_cy=flat(plan.public_cy) if plan else None,
        )
    return words


def _write_letter(letter: LetterFile) -> Path:
    """The letter's PDF into its file, made for it (0600: it holds the caller's name and
    address) and never over another; a file half written is removed."""
    from asbdesk import paths

    path = letter.path
    try:
        handle = paths.open_private(path, "xb")
    except FileExistsError:
        raise InvalidData(
            f"letter: {path} exists already: a letter is never written over another file, so nothing was "
            "written or recorded (give another file name)"
        ) from None
    except OSError as error:
        raise InvalidData(
            f"letter: cannot write {path} ({error.strerror or type(error).__name__}): nothing was recorded"
        ) from None
    try:
        with handle:
            handle.write(letter.content)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as error:
        path.unlink(missing_ok=True)
        raise InvalidData(
            f"letter: cannot write {path} ({error.strerror or type(error).__name__}): nothing was recorded"
        ) from None
    return path


def record_recontact(
    store: Store,
    actor: Actor,
    item_id: int,
    outcome: str,
    letter: LetterFile | None = None,
    note: str = "",
) -> WorkRecord:
    """Close an allocated re-contact: reached, not reached or declined. Not reached needs an
    attempt recorded and none that reached the caller; a ring back not reached is followed by
    the letter (seed 002), and only it: ``letter`` is its PDF and file.

    The letter is written after the outcome and its audit entry are stored, in their
    transaction, just before it commits, and never over an existing file; a refusal before
    that writes nothing, and a commit that fails removes the file. So a letter on disk is
    always one whose outcome was recorded, and its recorded checksum is the file's."""
    if outcome not in RECONTACT_OUTCOMES:
        raise InvalidData(f"outcome: '{outcome}' is not one of {', '.join(RECONTACT_OUTCOMES)}")
    note = (note or "").strip()
    refuse_nul("note", note)
    if len(note) > NOTE_LIMIT:
        raise InvalidData(f"note: at most {NOTE_LIMIT} characters ({len(note)} given)")
    written: Path | None = None
    try:
        with store._write() as session:
            store._authorise(session, actor, "supervise")
            work = _open_work(session, "recontact", item_id)
            refused = _outcome_refused(work, _attempts(session, item_id), outcome, letter is not None)
            if refused is not None:
                raise refused
            if letter is not None:
                digest = hashlib.sha256(letter.content).hexdigest()
                work.details = {**work.details, "letter": {"file": str(letter.path), "sha256": digest}}
            _close(store, work, actor, outcome, note or None)
            reference = session.scalar(select(m.Contact.reference).where(m.Contact.id == work.contact_id)) or ""
            store._audit(
                session, actor, "close", "recontact", work.id, None, {"outcome": outcome, "letter": letter is not None}
            )
            record = _work_record(work, reference)
            if letter is not None:
                session.flush()  # the outcome is in the database (uncommitted) before the letter is written
                written = _write_letter(letter)
    except BaseException:
        if written is not None:  # the outcome was not kept: neither is its letter
            written.unlink(missing_ok=True)
        raise
    return record


def record_occurrence(store: Store, actor: Actor, item_id: int, occurrence: str) -> WorkRecord:
    """Record the occurrence reference created for a red or amber incident, in the force's
    form of reference (the site's occurrence pattern, or asbdesk's default: issue 22.6)."""
    return _record_occurrence(store, actor, item_id, occurrence).record


def _record_occurrence(store: Store, actor: Actor, item_id: int, occurrence: str) -> WorkChange:
    occurrence = _reason("occurrence", occurrence, OCCURRENCE_LIMIT, needed="give the occurrence reference")
    with store._write() as session:
        store._authorise(session, actor, "supervise")
        site = session.get(m.Site, 1)
        problem = occurrence_problem(occurrence, Force.from_json(site.force) if site else None)
        if problem:
            raise InvalidData(f"occurrence: {problem}")
        work = _open_work(session, "occurrence", item_id)
        before = work_state(work)
        work.details = {**work.details, "occurrence": occurrence}
        _close(store, work, actor, "recorded")
        reference = session.scalar(select(m.Contact.reference).where(m.Contact.id == work.contact_id)) or ""
        store._audit(session, actor, "record", "occurrence", work.id, None, {"occurrence": occurrence})
        return WorkChange(_work_record(work, reference), before, work_state(work))


# ------------------------------------------------------------------ notices


def unseen_notices(store: Store, actor: Actor) -> list[NoticeRecord]:
    """What supervisors decided about this user's requests and overrides since they last looked."""
    with store._read() as session:
        store._authorise(session, actor, "read_notices")
        rows = session.scalars(
            select(m.Notice)
            .where(m.Notice.recipient == actor.username, m.Notice.seen_at.is_(None))
            .order_by(m.Notice.id)
        ).all()
        return [NoticeRecord(n.id, n.created_at, n.author, n.subject, n.text) for n in rows]


def mark_notices_seen(store: Store, actor: Actor, ids: list[int]) -> None:
    if not ids:
        return
    with store._write() as session:
        store._authorise(session, actor, "read_notices")
        seen = list(
            session.scalars(
                update(m.Notice)
                .where(m.Notice.id.in_(ids), m.Notice.recipient == actor.username, m.Notice.seen_at.is_(None))
                .values(seen_at=store.clock())
                .returning(m.Notice.id)
            )
        )
        if seen:  # the notice rows changed (seen_at): audited with their digests (issue 20)
            store._wrote(session, "notice", seen)
            store._audit(session, actor, "seen", "notices", actor.username, None, {"count": len(seen)})


# ------------------------------------------------------------------ dip sampling


def _allocate(strata: dict[str, int], size: int) -> dict[str, int]:
    """How many of ``size`` to draw from each operator's logs: every operator with logs gets
    one while there are enough to go round, the rest in proportion (largest remainder)."""
    total = sum(strata.values())
    if size >= total:
        return dict(strata)
    operators = sorted(strata)
    share = {op: 0 for op in operators}
    if size >= len(operators):
        for op in operators:
            share[op] = 1
    left = size - sum(share.values())
    spare = {op: strata[op] - share[op] for op in operators}
    spare_total = sum(spare.values())
    if left and spare_total:
        exact = {op: left * spare[op] / spare_total for op in operators}
        for op in operators:
            share[op] += int(exact[op])
        remainder = size - sum(share.values())
        for op in sorted(operators, key=lambda o: (-(exact[o] - int(exact[o])), o))[:remainder]:
            share[op] += 1
    if size < len(operators):  # fewer than the operators: the largest strata, ties by name
        for op in sorted(operators, key=lambda o: (-strata[o], o))[:size]:
            share[op] = 1
    return share


def _in_overlapping_samples(start: datetime, end: datetime) -> Any:
    """(contact id, sample id) of each log started in [start, end) that is already in a sample
    whose period overlaps [start, end)."""
    item, sample, contact = m.SampleItem, m.DipSample, m.Contact
    return (
        select(item.contact_id, item.sample_id)
        .join(sample, sample.id == item.sample_id)
        .join(contact, contact.id == item.contact_id)
        .where(
            sample.period_start < end,
            sample.period_end > start,
            contact.started_at >= start,
            contact.started_at < end,
        )
    )


def sample_overlaps(store: Store, actor: Actor, start: datetime, end: datetime) -> dict[str, Any]:
    """What a draw over [start, end) would meet (the desk asks before it draws): ``logs``
    taken in the period, ``already`` of them in an overlapping sample, and each overlapping
    sample that holds some ({id, from, to, drawn_by, logs})."""
    if end <= start:
        raise InvalidData("to: must not be before from")
    with store._read() as session:
        store._authorise(session, actor, "supervise")
        logs = session.scalar(
            select(func.count()).select_from(m.Contact).where(m.Contact.started_at >= start, m.Contact.started_at < end)
        )
        held = session.execute(_in_overlapping_samples(start, end)).all()
        per_sample = Counter(sample_id for _contact, sample_id in held)
        samples = (
            session.scalars(select(m.DipSample).where(m.DipSample.id.in_(per_sample)).order_by(m.DipSample.id)).all()
            if per_sample
            else []
        )
        return {
            "logs": int(logs or 0),
            "already": len({contact_id for contact_id, _sample in held}),
            "samples": [
                {
                    "id": s.id,
                    "from": s.period_start.date().isoformat(),
                    "to": (s.period_end - timedelta(days=1)).date().isoformat(),
                    "drawn_by": s.drawn_by,
                    "logs": per_sample[s.id],
                }
                for s in samples
            ],
        }


def draw_sample(
    store: Store,
    actor: Actor,
    start: datetime,
    end: datetime,
    size: int,
    seed: int,
    *,
    allow_overlap: bool = False,
) -> SampleRecord:
    """Draw ``size`` logs started in [start, end), stratified by operator, reproducibly: the
    same period, size and seed over the same logs draw the same sample.

    A log already in a sample whose period overlaps this one is left out (a log drawn twice
    would be marked twice: issue 22), unless ``allow_overlap``: the supervisor said so, and
    the sample records it (``overlap_allowed``, ``left_out``; the audit entry too)."""
    if size < 1:
        raise InvalidData("size: at least 1")
    if end <= start:
        raise InvalidData("to: must not be before from")
    with store._write() as session:
        store._authorise(session, actor, "supervise")
        rows = session.execute(
            select(m.Contact.id, m.Contact.operator)
            .where(m.Contact.started_at >= start, m.Contact.started_at < end)
            .order_by(m.Contact.id)
        ).all()
        last_day = (end - timedelta(days=1)).date()
        if not rows:
            raise InvalidData(f"from/to: no logs were taken between {start.date()} and {last_day}")
        held = session.execute(_in_overlapping_samples(start, end)).all()
        already = {contact_id for contact_id, _sample in held}
        overlapping = sorted({sample_id for _contact, sample_id in held})
        candidates = rows if allow_overlap else [r for r in rows if r[0] not in already]
        if not candidates:
            raise InvalidData(
                f"from/to: all {len(rows)} logs taken between {start.date()} and {last_day} are already in "
                f"{'an overlapping sample' if len(overlapping) == 1 else 'overlapping samples'} "
                f"({', '.join(str(n) for n in overlapping)}): a log sampled twice would be marked twice. "
                "Choose another period, or allow logs already sampled"
            )
        by_operator: dict[str, list[int]] = defaultdict(list)
        for contact_id, operator in candidates:
            by_operator[operator].append(contact_id)
        rng = random.Random(seed)
        share = _allocate({op: len(ids) for op, ids in by_operator.items()}, size)
        chosen = [
            (contact_id, op)
            for op in sorted(by_operator)
            for contact_id in sorted(rng.sample(by_operator[op], share[op]))
        ]
        left_out = len(rows) - len(candidates)
        sample = m.DipSample(
            period_start=start,
            period_end=end,
            size=len(chosen),
            seed=seed,
            drawn_by=actor.username,
            drawn_at=store.clock(),
            overlap_allowed=allow_overlap,
            left_out=left_out,
        )
        session.add(sample)
        session.flush()
        items = _table(m.SampleItem)
        drawn = session.scalars(
            items.insert().returning(items.c.id),
            [
                {"sample_id": sample.id, "contact_id": cid, "operator": op, "position": n}
                for n, (cid, op) in enumerate(chosen, 1)
            ],
        )
        store._wrote(session, "sample_item", drawn)
        again = len({cid for cid, _op in chosen} & already)
        store._audit(
            session,
            actor,
            "draw",
            "dip_sample",
            sample.id,
            None,
            {
                "size": len(chosen),
                "seed": seed,
                "logs": len(rows),
                "overlap_allowed": allow_overlap,
                "left_out": left_out,
                "already_sampled_drawn": again,
                "overlapping_samples": overlapping,
            },
        )
        sample_id = sample.id
    return get_sample(store, actor, sample_id)


# Whether a pack asks for THRIVE, by (database, pack id, content hash): a pack of one hash
# never changes, and loading one takes a tenth of a second, so each is looked up once a run.
_THRIVE_ASKED: dict[tuple[str, str, str], bool] = {}


class _PackQuestions:
    """Whether the pack a contact was taken on asks for the THRIVE rationale (the published
    pack of that hash, else the shipped pack of that id), each pack looked up once."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def thrive(self, pack_id: str, pack_hash: str) -> bool:
        key = (self.store.description, pack_id, pack_hash)
        if key not in _THRIVE_ASKED:
            from asbdesk import paths
            from asbdesk.storage.in_force import pack_of_contact

            pack = pack_of_contact(self.store, pack_id, pack_hash, paths.cache_dir())
            _THRIVE_ASKED[key] = pack is not None and pack.data.pack.thrive is not None
        return _THRIVE_ASKED[key]

    def checks(self, pack_id: str, pack_hash: str) -> tuple[str, ...]:
        """The checklist for a log taken on this pack."""
        return (*BASE_SAMPLE_CHECKS, THRIVE_CHECK) if self.thrive(pack_id, pack_hash) else BASE_SAMPLE_CHECKS


def list_samples(store: Store, actor: Actor) -> list[dict[str, Any]]:
    """Every sample drawn, newest first: its period, size, seed, who drew it, whether logs
    already sampled were allowed or left out, and how many of its checks are marked (``of``:
    the checks that apply to its logs, THRIVE's where the log's pack asks for it)."""
    with store._read() as session:
        store._authorise(session, actor, "supervise")
        marked = (
            select(m.SampleItem.sample_id, func.count(m.SampleMark.id))
            .join(m.SampleMark, m.SampleMark.item_id == m.SampleItem.id)
            .group_by(m.SampleItem.sample_id)
        )
        marks = dict(session.execute(marked).all())
        packs = session.execute(
            select(m.SampleItem.sample_id, m.Contact.pack_id, m.Contact.pack_hash, func.count())
            .join(m.Contact, m.Contact.id == m.SampleItem.contact_id)
            .group_by(m.SampleItem.sample_id, m.Contact.pack_id, m.Contact.pack_hash)
        ).all()
        samples: list[dict[str, Any]] = [
            {
                "id": s.id,
                "from": s.period_start.date().isoformat(),
                "to": (s.period_end - timedelta(days=1)).date().isoformat(),
                "size": s.size,
                "seed": s.seed,
                "drawn_by": s.drawn_by,
                "drawn_at": s.drawn_at.isoformat(),
                "overlap_allowed": s.overlap_allowed,
                "left_out": s.left_out,
                "marked": int(marks.get(s.id, 0)),
            }
            for s in session.scalars(select(m.DipSample).order_by(m.DipSample.id.desc()))
        ]
    questions = _PackQuestions(store)
    checks: Counter[int] = Counter()
    for sample_id, pack_id, pack_hash, count in packs:
        checks[sample_id] += int(count) * len(questions.checks(pack_id, pack_hash))
    return [{**s, "of": checks[int(s["id"])]} for s in samples]


def _work_words(work: Any) -> dict[str, Any]:
    """A work item as the dip sample's hints read it."""
    details = work.details or {}
    return {
        "open": bool(work.open),
        "method": details.get("method"),
        "assigned_to": work.assigned_to,
        "outcome": work.outcome,
        "reference": details.get("occurrence"),
        "letter": bool(details.get("letter")),
        "by": work.closed_by,
        "at": work.closed_at,
    }


def get_sample(store: Store, actor: Actor, sample_id: int) -> SampleRecord:
    """A sample with its logs, their marks and what asbdesk's records say beside each check
    (the occurrence and re-contact work items, the THRIVE rationale written)."""
    with store._read() as session:
        store._authorise(session, actor, "supervise")
        sample = session.get(m.DipSample, sample_id)
        if sample is None:
            raise NotFound(f"no dip sample with id {sample_id}")
        rows = session.execute(
            select(
                m.SampleItem.id,
                m.SampleItem.position,
                m.SampleItem.operator,
                m.SampleItem.contact_id,
                m.Contact.reference,
                m.Contact.started_at,
                m.Contact.rag,
                m.Contact.pack_id,
                m.Contact.pack_hash,
                m.Contact.assessment,
            )
            .join(m.Contact, m.Contact.id == m.SampleItem.contact_id)
            .where(m.SampleItem.sample_id == sample_id)
            .order_by(m.SampleItem.position)
        ).all()
        marks: dict[int, dict[str, tuple[str, str]]] = defaultdict(dict)
        for mark in session.scalars(
            select(m.SampleMark)
            .join(m.SampleItem, m.SampleItem.id == m.SampleMark.item_id)
            .where(m.SampleItem.sample_id == sample_id)
        ):
            marks[mark.item_id][mark.check_id] = (mark.answer, mark.note)
        in_sample = select(m.SampleItem.contact_id).where(m.SampleItem.sample_id == sample_id)
        work: dict[tuple[int, str], dict[str, Any]] = {
            (w.contact_id, w.kind): _work_words(w)
            for w in session.scalars(
                select(m.WorkItem).where(
                    m.WorkItem.contact_id.in_(in_sample), m.WorkItem.kind.in_(("occurrence", "recontact"))
                )
            )
        }
        others: dict[int, list[int]] = defaultdict(list)
        for contact_id, other in session.execute(
            select(m.SampleItem.contact_id, m.SampleItem.sample_id)
            .where(m.SampleItem.contact_id.in_(in_sample), m.SampleItem.sample_id != sample_id)
            .order_by(m.SampleItem.sample_id)
        ):
            others[contact_id].append(other)
        snapshot = (
            sample.id,
            sample.period_start,
            sample.period_end,
            sample.size,
            sample.seed,
            sample.drawn_by,
            sample.drawn_at,
            sample.overlap_allowed,
            sample.left_out,
        )
    questions = _PackQuestions(store)
    items = []
    for r in rows:
        assessment = r.assessment or {}
        rationale = assessment.get("rationale") or {}
        items.append(
            SampleItemRecord(
                r.id,
                r.position,
                r.reference,
                r.operator,
                r.started_at,
                r.rag,
                any(p.get("kind") == "crime_recording" for p in assessment.get("prompts", [])),
                assessment.get("contact_method") is not None,
                dict(marks.get(r.id, {})),
                checks=questions.checks(r.pack_id, r.pack_hash),
                pack_id=r.pack_id,
                thrive_asked=questions.thrive(r.pack_id, r.pack_hash),
                thrive_written=tuple(h for h in THRIVE if str(rationale.get(h) or "").strip()),
                occurrence=work.get((r.contact_id, "occurrence")),
                recontact=work.get((r.contact_id, "recontact")),
                other_samples=tuple(others.get(r.contact_id, ())),
                contact_method=assessment.get("contact_method"),
            )
        )
    number, start, end, size, seed, drawn_by, drawn_at, overlap_allowed, left_out = snapshot
    return SampleRecord(number, start, end, size, seed, drawn_by, drawn_at, tuple(items), overlap_allowed, left_out)


def mark_sample(store: Store, actor: Actor, item_id: int, check: str, answer: str, note: str = "") -> None:
    """Mark one checklist item on one sampled log yes / no / not applicable. A "no" needs a
    note saying what was missing, and only a "no" has one: marked yes or not applicable, the
    check's note is cleared (issue 22). Marked again, the mark is replaced (audited, old and
    new). The THRIVE check applies only to a log whose pack asks for THRIVE."""
    if check not in SAMPLE_CHECKS:
        raise InvalidData(f"check: '{check}' is not one of {', '.join(SAMPLE_CHECKS)}")
    if answer not in SAMPLE_ANSWERS:
        raise InvalidData(f"answer: '{answer}' is not one of {', '.join(SAMPLE_ANSWERS)}")
    note = (note or "").strip()
    refuse_nul("note", note)
    if answer == "no" and not note:
        raise InvalidData(f"note: say what was missing when '{SAMPLE_CHECK_WORDS[check]}' is marked no")
    if answer != "no" and note:
        raise InvalidData(
            f"note: only a 'no' has a note (what was missing); '{SAMPLE_CHECK_WORDS[check]}' marked "
            f"{'yes' if answer == 'yes' else 'not applicable'} has none"
        )
    if len(note) > 2000:
        raise InvalidData(f"note: at most 2000 characters ({len(note)} given)")
    if check == THRIVE_CHECK:
        with store._read() as session:
            store._authorise(session, actor, "supervise")
            log = session.execute(
                select(m.Contact.reference, m.Contact.pack_id, m.Contact.pack_hash)
                .join(m.SampleItem, m.SampleItem.contact_id == m.Contact.id)
                .where(m.SampleItem.id == item_id)
            ).first()
        if log is not None and not _PackQuestions(store).thrive(log.pack_id, log.pack_hash):
            raise InvalidData(
                f"check: {log.reference} was taken on the pack '{log.pack_id}', which does not ask for the "
                f"THRIVE rationale: '{THRIVE_CHECK}' does not apply to it"
            )
    with store._write() as session:
        store._authorise(session, actor, "supervise")
        if session.get(m.SampleItem, item_id) is None:
            raise NotFound(f"no sampled log with item id {item_id}")
        mark = session.scalar(
            select(m.SampleMark).where(m.SampleMark.item_id == item_id, m.SampleMark.check_id == check)
        )
        old = {"answer": mark.answer, "note": mark.note} if mark else None
        if mark is None:
            mark = m.SampleMark(item_id=item_id, check_id=check)
            session.add(mark)
        mark.answer, mark.note, mark.marked_by, mark.marked_at = answer, note, actor.username, store.clock()
        store._audit(session, actor, "mark", "sample_mark", f"{item_id}:{check}", old, {"answer": answer, "note": note})


# ------------------------------------------------------------------ reports


def compliance(store: Store, actor: Actor, start: datetime, end: datetime) -> ComplianceReport:
    """Compliance with the dip-sample checklist for logs started in [start, end): per
    checklist item, per operator and per month, as yes out of yes + no (not applicable
    left out), with the counts, and each operator's "no" notes for feedback.

    Each log counts once per checklist item, by its latest mark (latest ``marked_at``, then
    the later row): a log drawn into two samples and marked in both is not counted twice
    (issue 22). The report says what it read (samples, logs, marks) and what it counted,
    and who ran it when."""
    if end <= start:
        raise InvalidData("to: must not be before from")
    item, mark, contact = m.SampleItem, m.SampleMark, m.Contact
    with store._write() as session:
        store._authorise(session, actor, "supervise")
        in_period = and_(contact.started_at >= start, contact.started_at < end)
        marks = session.execute(
            select(
                item.contact_id,
                item.operator,
                item.sample_id,
                contact.reference,
                contact.started_at,
                mark.id,
                mark.check_id,
                mark.answer,
                mark.note,
                mark.marked_by,
                mark.marked_at,
            )
            .join(item, item.id == mark.item_id)
            .join(contact, contact.id == item.contact_id)
            .where(in_period)
        ).all()
        sampled_rows = session.execute(
            select(item.operator, item.contact_id, item.sample_id)
            .join(contact, contact.id == item.contact_id)
            .where(in_period)
        ).all()
        run_by_name = session.scalar(select(m.User.display_name).where(m.User.username == actor.username)) or ""
        run_at = store.clock()
        store._audit(session, actor, "report", "compliance", f"{start.date()}..{end.date()}", None, None)
    latest: dict[tuple[int, str], Any] = {}
    for row in marks:
        key = (row.contact_id, row.check_id)
        held = latest.get(key)
        if held is None or (row.marked_at, row.id) > (held.marked_at, held.id):
            latest[key] = row
    counted = list(latest.values())
    checks: dict[str, Counter[str]] = {c: Counter() for c in SAMPLE_CHECKS}
    by_operator: dict[str, Counter[str]] = defaultdict(Counter)
    months: dict[str, Counter[str]] = defaultdict(Counter)
    month_logs: dict[str, set[int]] = defaultdict(set)
    notes: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in counted:
        checks[row.check_id][row.answer] += 1
        by_operator[row.operator][row.answer] += 1
        month = row.started_at.strftime("%Y-%m")
        months[month][row.answer] += 1
        month_logs[month].add(row.contact_id)
        if row.answer == "no":
            notes[row.operator].append(
                {
                    "reference": row.reference,
                    "started_at": row.started_at.isoformat(),
                    "check": row.check_id,
                    "label": SAMPLE_CHECK_WORDS[row.check_id],
                    "note": row.note,
                    "marked_by": row.marked_by,
                    "marked_at": row.marked_at.isoformat(),
                    "sample": row.sample_id,
                }
            )
    order = {c: n for n, c in enumerate(SAMPLE_CHECKS)}
    items = tuple(
        {
            "check": c,
            "label": SAMPLE_CHECK_WORDS[c],
            "yes": checks[c]["yes"],
            "no": checks[c]["no"],
            "na": checks[c]["na"],
            "rate": _rate(checks[c]["yes"], checks[c]["no"]),
        }
        for c in SAMPLE_CHECKS
    )
    sampled: dict[str, set[int]] = defaultdict(set)
    for operator, contact_id, _sample in sampled_rows:
        sampled[operator].add(contact_id)
    operators = tuple(
        {
            "operator": op,
            "sampled": len(sampled[op]),
            "yes": by_operator[op]["yes"],
            "no": by_operator[op]["no"],
            "rate": _rate(by_operator[op]["yes"], by_operator[op]["no"]),
            "no_notes": sorted(notes[op], key=lambda n: (n["started_at"], n["reference"], order[n["check"]])),
        }
        for op in sorted(sampled)
    )
    periods = tuple(
        {
            "period": key,
            "sampled": len(month_logs[key]),
            "yes": months[key]["yes"],
            "no": months[key]["no"],
            "rate": _rate(months[key]["yes"], months[key]["no"]),
        }
        for key in sorted(months)
    )
    read = {
        "samples": len({sample for _op, _contact, sample in sampled_rows}),
        "logs": len({contact_id for _op, contact_id, _sample in sampled_rows}),
        "marks": len(marks),
        "counted": len(counted),
    }
    return ComplianceReport(start, end, items, operators, periods, read, actor.username, run_by_name, run_at)


def _district(postcode: str) -> str:
    """The postcode district (outward code): 'LS6 2QT' -> 'LS6'."""
    return postcode.split(" ")[0] if " " in postcode else postcode[:-3] or postcode


def hotspots(store: Store, actor: Actor, start: datetime, end: datetime, top: int = 20) -> HotspotReport:
    """ASB hotspots and demand generators for [start, end) (seed 002 'Responsibilities'):
    repeat locations and repeat callers ranked with counts, incidents by postcode district
    by ISO week, and the top incident codes.

    A period of whole days (UTC midnights, as the desk and the CLI ask) is read from the
    counts the database keeps as contacts are saved (asbdesk.storage.counts, issue 24.2):
    well under a second for a year of a million contacts, where grouping the contacts took
    15-19 s. Any other period groups the contacts themselves (:func:`_hotspots_grouped`);
    both give the same report (tests/storage/test_counts.py)."""
    if end <= start:
        raise InvalidData("to: must not be before from")
    if not 1 <= top <= 1000:
        raise InvalidData("top: between 1 and 1000")
    with store._write() as session:
        store._authorise(session, actor, "supervise")
        if _midnight(start) and _midnight(end):
            report = _hotspots_counted(session, start, end, top)
        else:
            report = _hotspots_grouped(session, store.backend, start, end, top)
        store._audit(session, actor, "report", "hotspots", f"{start.date()}..{end.date()}", None, None)
    return report


def _midnight(moment: datetime) -> bool:
    return moment.astimezone(UTC).time() == time()


def _iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _hotspot_report(
    start: datetime, end: datetime, locations: list, callers: list, heat: dict[str, Counter[str]], codes: list
) -> HotspotReport:
    weeks = []
    cursor = start.date()
    while cursor < end.date():
        label = _iso_week(cursor)
        if label not in weeks:
            weeks.append(label)
        cursor += timedelta(days=1)
    districts = tuple(sorted(heat, key=lambda d: (-sum(heat[d].values()), d)))
    return HotspotReport(
        start,
        end,
        tuple(
            {
                "rank": rank,
                "location": ", ".join(x for x in (r.line1, r.town) if x),
                "postcode": r.postcode,
                "count": int(r.n),
            }
            for rank, r in locations
        ),
        tuple(
            {"rank": rank, "caller": f"{r.given_name} {r.family_name}".strip(), "count": int(r.n)}
            for rank, r in callers
        ),
        districts,
        tuple(weeks),
        {d: dict(heat[d]) for d in districts},
        tuple({"rank": rank, "code": r.incident_code, "count": int(r.n)} for rank, r in codes),
    )


def _hotspots_grouped(session: Any, backend: str, start: datetime, end: datetime, top: int) -> HotspotReport:
    """The report by grouping the period's contacts (any period; the counts' reference)."""
    contact, location = m.Contact, m.Location
    in_period = and_(contact.started_at >= start, contact.started_at < end)
    n = func.count().label("n")
    day = func.date(contact.started_at) if backend == "sqlite" else func.date_trunc("day", contact.started_at)
    by_day = session.execute(
        select(location.postcode, day, n)
        .join(contact, contact.location_id == location.id)
        .where(in_period)
        .group_by(location.postcode, day)
    ).all()
    heat: dict[str, Counter[str]] = defaultdict(Counter)
    for postcode, when, count in by_day:
        moment = (
            date.fromisoformat(when) if isinstance(when, str) else when.date() if isinstance(when, datetime) else when
        )
        heat[_district(postcode)][_iso_week(moment)] += count
    codes = _top_codes(session, select(contact.incident_code, n).where(in_period).group_by(contact.incident_code), top)
    return _hotspot_report(
        start,
        end,
        _ranked_locations(session, _grouped("location", start, end), 2, top),
        _ranked_callers(session, _grouped("person", start, end), 2, top),
        heat,
        codes,
    )


def _hotspots_counted(session: Any, start: datetime, end: datetime, top: int) -> HotspotReport:
    """The report from the counts kept as contacts are saved (a period of whole days)."""
    day = m.ContactCountDay
    in_days = and_(day.day >= start.date(), day.day < end.date())
    # Each district's days summed by week in the database (a year: 53 weeks, not 365 days).
    monday: Any = (
        func.date(day.day, "-" + func.cast((func.strftime("%w", day.day) + 6) % 7, String) + " days")
        if session.bind.dialect.name == "sqlite"
        else func.date_trunc("week", day.day)
    )
    week = func.cast(monday, String).label("monday")  # as text: a year of weeks, no date parsed per row
    heat: dict[str, Counter[str]] = defaultdict(Counter)
    for district, first_day, count in session.execute(
        select(day.key, week, func.sum(day.n)).where(day.kind == "district", in_days).group_by(day.key, week)
    ):
        heat[district][_iso_week(date.fromisoformat(first_day[:10]))] += int(count)
    by_code = select(day.key.label("incident_code"), func.sum(day.n).label("n"))
    codes = _top_codes(session, by_code.where(day.kind == "code", in_days).group_by(day.key), top)
    return _hotspot_report(
        start,
        end,
        _counted_ranking(session, "location", start, end, top),
        _counted_ranking(session, "person", start, end, top),
        heat,
        codes,
    )


def _counted_ranking(session: Any, kind: str, start: datetime, end: datetime, top: int) -> list[tuple[int, Any]]:
    """The repeat locations or callers of [start, end) ranked as :func:`_ranked_locations` and
    :func:`_ranked_callers` rank them, from the counts: the few the top can hold (ties and
    all), their places or names read by id, ordered by the database as those are."""
    found = _counted(session, kind, start, end, top)
    if found is None or len(found) > _ID_CHUNK:  # the counts cannot narrow it, or ties by the thousand
        by_database = _ranked_locations if kind == "location" else _ranked_callers
        return by_database(session, _grouped(kind, start, end), 2, top)
    if kind == "location":
        location = m.Location
        query: Any = select(location.id, location.line1, location.town, location.postcode).order_by(
            location.postcode, location.line1, location.id
        )
        table_id = location.id
    else:
        person = m.Person
        query = select(person.id, person.given_name, person.family_name).order_by(
            person.family_name, person.given_name, person.id
        )
        table_id = person.id
    rows = session.execute(query.where(table_id.in_(list(found)))).all()
    # Most first; within a count, the order the database gave (stable sort).
    shown = sorted(((found[row.id], row) for row in rows), key=lambda pair: -pair[0])
    ranked, rank = [], 0
    for place, (n, row) in enumerate(shown, 1):
        if place == 1 or n != shown[place - 2][0]:
            rank = place
        ranked.append((rank, SimpleNamespace(**row._mapping, n=n)))  # as the grouped ranking's rows
    return ranked


_ID_CHUNK = 5_000  # ids bound in one statement (SQLite binds at most 32,766)


def _counted(
    session: Any, kind: str, start: datetime, end: datetime, top: int, at_least: int = 2
) -> dict[int, int] | None:
    """{id: n} of the locations or callers (``kind``) with the most contacts in [start, end):
    every one the top ``top`` (with ties) can hold, with their exact counts, found from the
    monthly counts without grouping the period's contacts; None where the counts cannot
    narrow it (then group them: :func:`_grouped`).

    A subject counted fewer than ``t`` times in each of the period's M months has fewer than
    M(t - 1) + 1 contacts in it. So: take the subjects with ``t`` or more in some month of the
    period (few, for a high ``t``) and count their contacts in the period exactly. When the
    top-th of them has more than M(t - 1), no other subject can reach or tie it: done.
    Otherwise lower ``t`` until that holds (halve it while fewer than ``top`` have been
    found) and count again; at ``t`` of 1 every subject with a contact in the period is one."""
    counts = m.ContactCountMonth
    months = _months(start, end)
    # A first threshold: the top-th highest count of one subject in one month of the period
    # (each month's highest read down its index, a month at a time).
    highest = sorted(
        (
            n
            for month in months
            for n in session.scalars(
                select(counts.n).where(counts.kind == kind, counts.month == month).order_by(counts.n.desc()).limit(top)
            )
        ),
        reverse=True,
    )
    t = highest[top - 1] if len(highest) >= top else 1
    while t > 1:
        candidates = session.scalars(
            select(counts.subject_id).where(counts.kind == kind, counts.month.in_(months), counts.n >= t).distinct()
        ).all()
        exact = _exact(session, kind, candidates, start, end)
        ranked = sorted((n for n in exact.values() if n >= at_least), reverse=True)
        if len(ranked) < top:  # too few yet to know where the top ends: cast wider
            if len(months) * (t - 1) < at_least:
                return {i: n for i, n in exact.items() if n >= at_least}
            t //= 2
            continue
        if len(months) * (t - 1) < ranked[top - 1]:
            return {i: n for i, n in exact.items() if n >= ranked[top - 1]}
        t = (ranked[top - 1] - 1) // len(months) + 1  # the highest t for which M(t - 1) < the top-th
    return None


def _grouped(kind: str, start: datetime, end: datetime) -> Any:
    """(id, n) of every location or caller with a contact in [start, end): the contacts grouped."""
    contact = m.Contact
    column = contact.location_id if kind == "location" else contact.person_id
    in_period = and_(contact.started_at >= start, contact.started_at < end)
    return (
        select(column.label("id"), func.count().label("n"))
        .where(in_period, column.is_not(None))
        .group_by(column)
        .subquery()
    )


def _exact(session: Any, kind: str, ids: list[int], start: datetime, end: datetime) -> dict[int, int]:
    """The contacts of each of ``ids`` in [start, end) (see :func:`_exact_counts`)."""
    found: dict[int, int] = {}
    for first in range(0, len(ids), _ID_CHUNK):
        for subject, n in session.execute(_exact_counts(kind, ids[first : first + _ID_CHUNK], start, end)):
            found[subject] = int(n)
    return found


def _months(start: datetime, end: datetime) -> list[date]:
    """The first days of the calendar months [start, end) touches."""
    month, last = start.date().replace(day=1), (end - timedelta(microseconds=1)).date().replace(day=1)
    months = []
    while month <= last:
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return months


def _exact_counts(kind: str, candidates: list[int], start: datetime, end: datetime) -> Any:
    """(id, n): the contacts of each of ``candidates`` in [start, end), from the monthly counts
    of the months wholly inside it and the contacts themselves in the part-months at its ends
    (each looked up by id: the ids are bound, so the database reads only theirs)."""
    contact, counts = m.Contact, m.ContactCountMonth
    column = contact.location_id if kind == "location" else contact.person_id
    whole_from = (
        start
        if start.day == 1 and _midnight(start)
        else _start_of((start.date().replace(day=1) + timedelta(days=32)).replace(day=1))
    )
    whole_to = _start_of(end.date().replace(day=1))  # end is a midnight (whole days only)
    parts: list[Any] = []
    if whole_from < whole_to:
        parts.append(
            select(counts.subject_id.label("id"), counts.n.label("n")).where(
                counts.kind == kind,
                counts.subject_id.in_(candidates),
                counts.month >= whole_from.date(),
                counts.month < whole_to.date(),
            )
        )
        edges = [(start, whole_from), (whole_to, end)]
    else:
        edges = [(start, end)]
    for begin, finish in edges:
        if begin < finish:
            parts.append(
                select(column.label("id"), func.count().label("n"))
                .where(column.in_(candidates), contact.started_at >= begin, contact.started_at < finish)
                .group_by(column)
            )
    together = union_all(*parts).subquery() if len(parts) > 1 else parts[0].subquery()
    return select(together.c.id, func.sum(together.c.n).label("n")).group_by(together.c.id)


def _top_codes(session: Any, grouped: Any, top: int) -> list[tuple[int, Any]]:
    counted = grouped.subquery()
    return _top_with_ties(
        session,
        select(counted.c.incident_code, counted.c.n),
        counted.c.n,
        (counted.c.n.desc(), counted.c.incident_code),
        top,
    )


def _ranked_locations(session: Any, counted: Any, at_least: int, top: int) -> list[tuple[int, Any]]:
    location = m.Location
    return _top_with_ties(
        session,
        select(location.line1, location.town, location.postcode, counted.c.n).join(
            counted, counted.c.id == location.id
        ),
        counted.c.n,
        (counted.c.n.desc(), location.postcode, location.line1, location.id),
        top,
        at_least,
    )


def _ranked_callers(session: Any, counted: Any, at_least: int, top: int) -> list[tuple[int, Any]]:
    person = m.Person
    return _top_with_ties(
        session,
        select(person.given_name, person.family_name, counted.c.n).join(counted, counted.c.id == person.id),
        counted.c.n,
        (counted.c.n.desc(), person.family_name, person.given_name, person.id),
        top,
        at_least,
    )


def _top_with_ties(
    session: Any, query: Any, count: Any, order: tuple[Any, ...], top: int, at_least: int = 1
) -> list[tuple[int, Any]]:
    """The ``top`` rows of a query over counts with their ranks, ties ranked together ("1, 2,
    2, 4") and never cut: a row tied with the last one shown is shown too (issue 22.6). Rows
    counted fewer than ``at_least`` times are left out. ``count``: the query's count column
    (of a grouped subquery); ``order``: most first, then the tie-breaks."""
    rows = session.execute(query.where(count >= at_least).order_by(*order).limit(top)).all()
    if len(rows) == top:  # the last place may be shared with rows past the limit
        rows = session.execute(query.where(count >= rows[-1].n).order_by(*order)).all()
    ranked, rank = [], 0
    for place, row in enumerate(rows, 1):
        if place == 1 or row.n != rows[place - 2].n:
            rank = place
        ranked.append((rank, row))
    return ranked


# ------------------------------------------------------------------ CSV


def _percent(rate: float | None) -> str:
    return "" if rate is None else f"{rate * 100:.1f}"


def compliance_csv(report: ComplianceReport) -> str:
    """The compliance report as one CSV (``section`` says what each row is): the report's own
    rows (period, who ran it and when, what it read and counted), a row per checklist item,
    per operator and per month with the counts and the rate in per cent, then each
    operator's "no" notes (the log, the check, the note, who marked it when). Spreadsheet-safe."""
    import io

    from asbdesk.storage.transfer import write_csv

    rows: list[dict[str, Any]] = [
        {"section": "report", "name": "period", "label": f"{report.start.date()} to {_last_day(report.end)}"},
        {"section": "report", "name": "run_by", "label": report.runner()},
        {"section": "report", "name": "run_at", "label": report.run_at.isoformat() if report.run_at else ""},
    ]
    for what, words in (
        ("samples", "samples read"),
        ("logs", "sampled logs read"),
        ("marks", "marks read"),
        ("counted", "marks counted (each log's latest per checklist item)"),
    ):
        rows.append(
            {
                "section": "report",
                "name": f"{what}_read" if what != "counted" else "marks_counted",
                "label": words,
                "count": report.read[what],
            }
        )
    for i in report.items:
        rows.append({"section": "item", "name": i["check"], "label": i["label"], **_counts(i), "na": i["na"]})
    for o in report.operators:
        rows.append({"section": "operator", "name": o["operator"], "sampled": o["sampled"], **_counts(o)})
    for p in report.periods:
        rows.append({"section": "month", "name": p["period"], "sampled": p["sampled"], **_counts(p)})
    for o in report.operators:
        for n in o["no_notes"]:
            rows.append(
                {
                    "section": "no_note",
                    "name": o["operator"],
                    "label": n["label"],
                    "reference": n["reference"],
                    "started_at": n["started_at"],
                    "note": n["note"],
                    "marked_by": n["marked_by"],
                    "marked_at": n["marked_at"],
                }
            )
    out = io.StringIO()
    write_csv(out, COMPLIANCE_CSV_COLUMNS, rows)
    return out.getvalue()


COMPLIANCE_CSV_COLUMNS = (
    "section",
    "name",
    "label",
    "count",
    "sampled",
    "yes",
    "no",
    "na",
    "rate_percent",
    "reference",
    "started_at",
    "note",
    "marked_by",
    "marked_at",
)


def _last_day(end: datetime) -> date:
    return (end - timedelta(days=1)).date()


def compliance_text(report: ComplianceReport) -> str:
    """The compliance report as plain text for a person: the period, who ran it and when,
    what it read, the tables, and each operator's "no" notes for feedback."""
    from asbdesk.core.render import local_time

    lines = [
        f"COMPLIANCE WITH THE DIP-SAMPLE CHECKLIST: logs started {report.start.date()} to {_last_day(report.end)}",
        report.run_words(),
        f"Read: {report.read_words()}.",
        "The rate is yes out of yes + no; not applicable is left out.",
        "",
        "BY CHECKLIST ITEM",
    ]
    for i in report.items:
        lines.append(f"  {i['label']}")
        lines.append(f"      yes {i['yes']}, no {i['no']}, not applicable {i['na']}: {_rate_words(i['rate'])}")
    for heading, rows, key, verb in (
        ("BY OPERATOR", report.operators, "operator", "sampled"),
        ("BY MONTH", report.periods, "period", "marked"),
    ):
        lines += ["", heading]
        lines += [
            f"  {r[key]}: {_count(r['sampled'], 'log')} {verb}; yes {r['yes']}, no {r['no']}: {_rate_words(r['rate'])}"
            for r in rows
        ]
        if not rows:
            lines.append(f"  No logs were {verb} in this period.")
    lines += ["", '"NO" NOTES BY OPERATOR, FOR FEEDBACK']
    noted = [o for o in report.operators if o["no_notes"]]
    for o in noted:
        lines.append(f"  {o['operator']} ({_count(len(o['no_notes']), 'no')})")
        for n in o["no_notes"]:
            lines.append(f"    {n['reference']} ({local_time(datetime.fromisoformat(n['started_at']))}): {n['label']}")
            lines.append(
                f"      \u201c{n['note']}\u201d ({n['marked_by']}, {local_time(datetime.fromisoformat(n['marked_at']))})"
            )
    if not noted:
        lines.append("  No check was marked no in this period.")
    return "\n".join(lines) + "\n"


def _rate_words(rate: float | None) -> str:
    return "no data (nothing applied)" if rate is None else f"{rate * 100:.1f}%"


def _counts(row: dict[str, Any]) -> dict[str, Any]:
    return {"yes": row["yes"], "no": row["no"], "rate_percent": _percent(row["rate"])}


def hotspots_csv(report: HotspotReport) -> str:
    """Hotspots and demand as one CSV: ``table`` is repeat_location, repeat_caller,
    district_week (the heat table, one row per district and week) or incident_code."""
    import io

    from asbdesk.storage.transfer import write_csv

    rows: list[dict[str, Any]] = []
    for r in report.locations:
        rows.append(
            {
                "table": "repeat_location",
                "rank": r["rank"],
                "name": f"{r['location']}, {r['postcode']}",
                "count": r["count"],
            }
        )
    for r in report.callers:
        rows.append({"table": "repeat_caller", "rank": r["rank"], "name": r["caller"], "count": r["count"]})
    for rank, district in enumerate(report.districts, 1):
        for week in report.weeks:
            rows.append(
                {
                    "table": "district_week",
                    "rank": rank,
                    "name": district,
                    "week": week,
                    "count": report.heat[district].get(week, 0),
                }
            )
    for r in report.codes:
        rows.append({"table": "incident_code", "rank": r["rank"], "name": r["code"], "count": r["count"]})
    out = io.StringIO()
    write_csv(out, ("table", "rank", "name", "week", "count"), rows)
    return out.getvalue()
