"""Frozen records that leave the storage layer (no live ORM objects reach the GUI)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Self

from asbdesk.core.call import HistoryItem
from asbdesk.core.site import Force
from asbdesk.core.vocabulary import CALL_TAKERS, ROLES

PERMISSIONS: dict[str, frozenset[str]] = {
    # Who may do what, checked where the data is read or changed (not by hiding buttons).
    "read_person": frozenset(CALL_TAKERS),
    "write_contact": frozenset(CALL_TAKERS),
    "request_flag": frozenset(CALL_TAKERS),
    "manage_flags": frozenset({"supervisor"}),  # seed 002: "Flags must be authorised by a supervisor"
    # Review overrides, allocate re-contacts, record occurrences, dip-sample, report (issue 10;
    # seed 002: the NPT Inspector/ASB Hub Supervisor dip samples, the supervisor allocates).
    "supervise": frozenset({"supervisor"}),
    "import_export": frozenset({"supervisor", "administrator"}),
    "read_notices": frozenset(ROLES),  # what a supervisor decided about your request or override
    "verify_audit": frozenset({"supervisor", "administrator"}),
    "manage_users": frozenset({"administrator"}),
    # The force's own desk (issue 19): who the force is on paper, and the pack in force.
    "manage_site": frozenset({"administrator"}),
    "publish_pack": frozenset({"administrator"}),
    # A workstation's contacts the database refused, set aside in its outbox (issue 20):
    # retried once the cause is fixed, or exported for re-keying.
    "handle_set_aside": frozenset({"supervisor", "administrator"}),
}


PERMISSION_WORDS = {
    "read_person": "read people's records",
    "write_contact": "save contacts",
    "request_flag": "request flags",
    "manage_flags": "authorise, review or remove flags",
    "supervise": "do a supervisor's work (reviews, re-contacts, occurrences, dip samples, reports)",
    "import_export": "import or export data",
    "read_notices": "read notices",
    "verify_audit": "verify the audit trail",
    "manage_users": "manage users",
    "manage_site": "set the site (the force's name, address and numbers)",
    "publish_pack": "publish policy packs",
    "handle_set_aside": "retry or export contacts set aside in a workstation's outbox",
}


_codecs: dict[type, Any] = {}


def _codec(kind: type) -> Any:
    """The pydantic TypeAdapter that writes ``kind`` as JSON-ready data and reads it back,
    validated (made on first use: pydantic's schema build stays off the start-up path)."""
    if kind not in _codecs:
        from pydantic import TypeAdapter

        _codecs[kind] = TypeAdapter(kind)
    return _codecs[kind]


class JsonRecord:
    """A record kept as JSON (the outbox, a caller's last copy, an export) and read back
    validated field by field by pydantic: a damaged copy raises ValidationError (a
    ValueError), never a half-built record."""

    def to_json(self) -> dict[str, Any]:
        """JSON-ready data: times in ISO 8601, tuples as lists."""
        return _codec(type(self)).dump_python(self, mode="json")

    @classmethod
    def from_json(cls, data: Any) -> Self:
        return _codec(cls).validate_python(data)


@dataclass(frozen=True)
class Actor:
    """Who is acting, from where. The role is re-read from the database on every call."""

    username: str
    workstation: str


@dataclass(frozen=True)
class AddressInput:
    line1: str
    postcode: str
    town: str = ""


@dataclass(frozen=True)
class NewPerson:
    given_name: str
    family_name: str
    phones: tuple[str, ...] = ()
    addresses: tuple[AddressInput, ...] = ()
    date_of_birth: date | None = None


@dataclass(frozen=True)
class LocationRecord:
    id: int
    line1: str
    town: str
    postcode: str


@dataclass(frozen=True)
class PersonSummary:
    id: int
    given_name: str
    family_name: str
    date_of_birth: date | None
    phones: tuple[str, ...]  # E.164
    locations: tuple[LocationRecord, ...]
    matched_on: str  # phone | postcode | name
    emails: tuple[str, ...] = ()  # oldest first: the last is the newest given (migration 0009)

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()


@dataclass(frozen=True)
class FlagRecord:
    id: int
    kind: str
    status: str
    subject: str  # person | phone | location
    person_id: int | None
    phone_e164: str | None
    location_id: int | None
    negate_risk: str
    officer_action: str
    inform: str
    linked_references: str
    requested_by: str
    requested_at: datetime
    authorised_by: str | None
    review_due: date | None
    expires_at: datetime | None
    removal_reason: str | None
    necessity: str | None = None
    refusal_reason: str | None = None


@dataclass(frozen=True)
class FlagEventRecord:
    at: datetime
    by: str
    action: str
    details: dict[str, Any]


@dataclass(frozen=True)
class FlagRequest:
    """Anyone may request a flag; a supervisor authorises it (seed 002 'Authority')."""

    kind: str
    negate_risk: str = ""
    officer_action: str = ""
    inform: str = ""
    linked_references: str = ""
    person_id: int | None = None
    phone: str | None = None  # any UK format; stored as E.164
    location_id: int | None = None
    expires_at: datetime | None = None


@dataclass(frozen=True)
class HistoryEntry:
    contact_id: int
    reference: str
    started_at: datetime
    channel: str
    incident_code: str
    category: str
    risk_level: str
    grade: str
    rag: str
    person_id: int | None
    location_id: int | None


@dataclass(frozen=True)
class CallerContext(JsonRecord):
    """Everything the desk shows the moment a caller is picked. Whether the caller is a
    repeat caller is the pack's to say: the core counts :meth:`history_items` with its
    repeat rules (``Engine.caller_repeat``); storage only reads the history."""

    person: PersonSummary
    flags: tuple[FlagRecord, ...]
    history: tuple[HistoryEntry, ...]  # the person's, newest first
    location_history: tuple[HistoryEntry, ...]  # at the person's addresses, newest first
    complete: bool = True  # False when shown from a cache while the shared database is away

    def history_items(self) -> tuple[HistoryItem, ...]:
        """The person's history as the repeat rules count it."""
        return tuple(HistoryItem(h.started_at, h.incident_code, h.reference) for h in self.history)

    def address_items(self) -> tuple[HistoryItem, ...]:
        """The complaints at the person's addresses, by anyone, as the ASB Case Review counts
        them (the person's own, the same references, count once)."""
        return tuple(HistoryItem(h.started_at, h.incident_code, h.reference) for h in self.location_history)


@dataclass(frozen=True)
class NewCaller(JsonRecord):
    """A caller added on a workstation while the shared database was away (issue 20): kept
    there under a local id (negative, so never a database id) and delivered with the
    contact, where the database finds them (the same phone number, or the same name at the
    same postcode) or adds them, in the contact's own transaction. In the contact, a
    ``person_id``, ``location_id`` or flag request naming the local id means this caller
    (their first address, for a location). ``person_id``: who an earlier contact from this
    workstation for the same caller was delivered to."""

    local_id: int
    person: NewPerson  # as typed, checked and normalised (E.164 numbers, postcodes) when added
    added_at: datetime
    person_id: int | None = None


@dataclass(frozen=True)
class ContactRecord(JsonRecord):
    """A finished contact as the desk hands it to storage (and to the outbox, as JSON)."""

    uuid: str
    started_at: datetime
    saved_at: datetime
    assessment: dict[str, Any]  # Assessment.to_dict()
    answers: dict[str, Any]
    log_text: str  # rendered with the reference placeholder; the reference is filled in on save
    person_id: int | None = None
    location_id: int | None = None
    flag_requests: tuple[FlagRequest, ...] = field(default=())
    new_caller: NewCaller | None = None
    # The call as it was assessed (asbdesk.core.call.call_to_json): a supervisor who
    # disagrees with an override re-assesses it (issue 22.3). None: a record queued by a
    # version before 0.x kept none (the contact can then not be re-graded, and says so).
    call: dict[str, Any] | None = None


@dataclass(frozen=True)
class StoredContact(JsonRecord):
    """A saved contact as it leaves storage: the log a supervisor reads, a row an export writes."""

    reference: str
    uuid: str
    channel: str
    started_at: datetime
    saved_at: datetime
    operator: str
    workstation: str
    person_id: int | None
    location_id: int | None
    incident_code: str
    category: str
    pack_id: str
    pack_version: str
    pack_hash: str
    risk_level: str
    grade: str
    rag: str
    is_repeat: bool
    vulnerable: bool
    override_field: str | None
    override_reason: str | None
    review_status: str | None
    contact_preference: str | None
    consent: bool | None
    answers: dict[str, Any]
    assessment: dict[str, Any]
    log_text: str


@dataclass(frozen=True)
class SaveResult:
    """What a save touched, so each panel refreshes only what changed (STYLE.md habit 4)."""

    uuid: str
    reference: str | None  # None while queued in the outbox
    contact_id: int | None
    created: bool  # False: this uuid was already saved (a repeated delivery)
    queued: bool = False
    person_id: int | None = None
    location_id: int | None = None
    flag_ids: tuple[int, ...] = ()
    # A caller added offline: how the database knew them on delivery, in words ("matched:
    # the same phone number", "matched: the same name and postcode", "added").
    new_caller: str | None = None


@dataclass(frozen=True)
class AuditReport:
    entries: int
    ok: bool
    problems: tuple[str, ...]
    # What this verify could not hold, in words (not a problem found): e.g. rows of a table
    # this login may not all read.
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class SiteRecord:
    """The site as stored: the force, and who set it when (issue 19)."""

    force: Force
    updated_by: str
    updated_at: datetime
    # The fingerprint of the administrator's checkpoint key (issue 20, ``asbdesk audit
    # trust``): a checkpoint signed with another key is refused.
    audit_key: str | None = None


@dataclass(frozen=True)
class Publication:
    """One publication of a policy pack (issue 19); the newest is the pack in force.
    ``restores`` is the earlier publication a roll-back brought back."""

    number: int
    pack_id: str
    version: str
    sha256: str
    size: int
    published_by: str
    published_at: datetime
    reason: str
    restores: int | None
    checks: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "id": self.pack_id,
            "version": self.version,
            "sha256": self.sha256,
            "size": self.size,
            "published_by": self.published_by,
            "published_at": self.published_at.isoformat(),
            "reason": self.reason,
            "restores": self.restores,
            "checks": self.checks,
        }
