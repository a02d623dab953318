"""The database schema: SQLAlchemy 2 typed declarative, one Base with a naming convention.

The same models serve SQLite (one workstation) and PostgreSQL (a contact
centre); schema changes go through Alembic migrations in ``db/``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

# Roles and flag kinds: one list for the engine, the store and the CLI (and m.ROLES,
# m.FLAG_KINDS as before)
from asbdesk.core.vocabulary import (
    FLAG_KINDS,
    RECONTACT_ATTEMPT_RESULTS,
    RECONTACT_OUTCOMES,
    REVIEW_KINDS,
    ROLES,
    SAMPLE_ANSWERS,
    SAMPLE_CHECKS,
)

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Search keys are compared by prefix with >= and <: byte order on PostgreSQL (collation
# "C"), as SQLite's default BINARY collation does, so both backends agree.
SearchKey = String(200).with_variant(String(200, collation="C"), "postgresql")


class UTCDateTime(TypeDecorator):
    """Aware UTC datetimes in and out on both backends (SQLite stores no offset)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("asbdesk stores only timezone-aware times")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


Instant = UTCDateTime()


FLAG_STATUSES = ("requested", "active", "removed", "rejected", "expired")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, datetime: Instant}


class User(Base):
    __tablename__ = "app_user"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(32))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime]
    __table_args__ = (CheckConstraint(f"role IN {ROLES}", name="role"),)


class Person(Base):
    __tablename__ = "person"
    id: Mapped[int] = mapped_column(primary_key=True)
    given_name: Mapped[str] = mapped_column(String(200))
    family_name: Mapped[str] = mapped_column(String(200))
    given_key: Mapped[str] = mapped_column(SearchKey)
    family_key: Mapped[str] = mapped_column(SearchKey)
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime]
    # In search order, so the first 20 matches are read, not sorted (migration 0003).
    __table_args__ = (
        Index("ix_person_family_given", "family_key", "given_key"),
        Index("ix_person_given_family", "given_key", "family_key"),
    )


class Phone(Base):
    __tablename__ = "phone"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    e164: Mapped[str] = mapped_column(SearchKey, index=True)
    __table_args__ = (UniqueConstraint("person_id", "e164", name="person_number"),)


class Email(Base):
    """A caller's e-mail address (migration 0009, issue 22.2), kept as a phone number is: given
    on a call where e-mail was the chosen contact, written once (a new address is a new row)."""

    __tablename__ = "email"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    address: Mapped[str] = mapped_column(String(254))  # as email-validator normalised it
    __table_args__ = (UniqueConstraint("person_id", "address", name="person_address"),)


class Location(Base):
    __tablename__ = "location"
    id: Mapped[int] = mapped_column(primary_key=True)
    line1: Mapped[str] = mapped_column(String(200))
    town: Mapped[str] = mapped_column(String(100), default="")
    postcode: Mapped[str] = mapped_column(String(8))  # 'CB1 2AB'
    postcode_key: Mapped[str] = mapped_column(SearchKey, index=True)  # 'CB12AB'
    line1_key: Mapped[str] = mapped_column(SearchKey)
    created_at: Mapped[datetime]
    __table_args__ = (UniqueConstraint("postcode_key", "line1_key", name="address"),)


class PersonLocation(Base):
    __tablename__ = "person_location"
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), primary_key=True)
    location_id: Mapped[int] = mapped_column(
        ForeignKey("location.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class Contact(Base):
    """One call or walk-in, with everything asked, answered and decided."""

    __tablename__ = "contact"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)  # made by the client: delivery is idempotent
    reference: Mapped[str] = mapped_column(String(32), unique=True)
    channel: Mapped[str] = mapped_column(String(16))
    started_at: Mapped[datetime]
    saved_at: Mapped[datetime]
    operator: Mapped[str] = mapped_column(String(64))
    workstation: Mapped[str] = mapped_column(String(128))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    location_id: Mapped[int | None] = mapped_column(ForeignKey("location.id"))
    incident_code: Mapped[str] = mapped_column(String(32))
    category: Mapped[str] = mapped_column(String(16))
    pack_id: Mapped[str] = mapped_column(String(64))
    pack_version: Mapped[str] = mapped_column(String(16))
    pack_hash: Mapped[str] = mapped_column(String(64))
    risk_level: Mapped[str] = mapped_column(String(32))
    grade: Mapped[str] = mapped_column(String(64))
    rag: Mapped[str] = mapped_column(String(8))
    is_repeat: Mapped[bool] = mapped_column(Boolean)
    vulnerable: Mapped[bool] = mapped_column(Boolean)
    override_field: Mapped[str | None] = mapped_column(String(16))
    override_reason: Mapped[str | None] = mapped_column(Text)
    review_status: Mapped[str | None] = mapped_column(String(16))  # 'pending' for overrides
    contact_preference: Mapped[str | None] = mapped_column(String(64))
    consent: Mapped[bool | None] = mapped_column(Boolean)
    answers: Mapped[dict[str, Any]]
    assessment: Mapped[dict[str, Any]]
    log_text: Mapped[str] = mapped_column(Text)
    # The call as it was assessed (asbdesk.core.call.call_to_json; migration 0010): a
    # supervisor who disagrees with an override re-assesses this call (issue 22.3). NULL for
    # contacts saved before it was kept: they cannot be re-graded, and the refusal says so.
    call_input: Mapped[dict[str, Any] | None]
    __table_args__ = (
        Index("ix_contact_person_started", "person_id", "started_at"),
        Index("ix_contact_location_started", "location_id", "started_at"),
        Index("ix_contact_started_at", "started_at"),
    )


class ContactCountMonth(Base):
    """Contacts per location and per caller per calendar month (UTC), kept by a trigger on
    ``contact`` (asbdesk.storage.counts, migration 0011) for the hotspots report."""

    __tablename__ = "contact_count_month"
    kind: Mapped[str] = mapped_column(String(8), primary_key=True)  # 'location' | 'person'
    subject_id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    month: Mapped[date] = mapped_column(Date, primary_key=True)  # the month's first day
    n: Mapped[int]
    __table_args__ = (Index("ix_contact_count_month_rank", "kind", "month", "n", "subject_id"),)


class ContactCountDay(Base):
    """Contacts per incident code and per postcode district per day (UTC), kept by a
    trigger on ``contact`` (asbdesk.storage.counts, migration 0011) for the hotspots report."""

    __tablename__ = "contact_count_day"
    kind: Mapped[str] = mapped_column(String(8), primary_key=True)  # 'code' | 'district'
    key: Mapped[str] = mapped_column(String(32), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    n: Mapped[int]
    __table_args__ = (Index("ix_contact_count_day_period", "kind", "day", "key", "n"),)


class Flag(Base):
    """A Storm-style flag on a person, a phone number or an address (seed 002 'Storm Flag System')."""

    __tablename__ = "flag"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    phone_e164: Mapped[str | None] = mapped_column(SearchKey, index=True)
    location_id: Mapped[int | None] = mapped_column(ForeignKey("location.id"), index=True)
    # "Information that would be pertinent to record on a flag" (seed 002):
    negate_risk: Mapped[str] = mapped_column(Text, default="")  # to assist a call taker/dispatcher to negate risk
    officer_action: Mapped[str] = mapped_column(Text, default="")  # action required of an attending officer
    inform: Mapped[str] = mapped_column(Text, default="")  # officers/partners that need informing
    linked_references: Mapped[str] = mapped_column(Text, default="")  # linked occurrence numbers
    requested_by: Mapped[str] = mapped_column(String(64))
    requested_at: Mapped[datetime]
    authorised_by: Mapped[str | None] = mapped_column(String(64))
    authorised_at: Mapped[datetime | None]
    review_due: Mapped[date | None] = mapped_column(Date)
    expires_at: Mapped[datetime | None]
    removed_by: Mapped[str | None] = mapped_column(String(64))
    removed_at: Mapped[datetime | None]
    removal_reason: Mapped[str | None] = mapped_column(Text)
    # The supervisor's reasons (issue 10): why the flag is necessary ("assesses their
    # necessity", seed 002 "Authority"), or why a request was refused.
    necessity: Mapped[str | None] = mapped_column(Text)
    refusal_reason: Mapped[str | None] = mapped_column(Text)
    __table_args__ = (
        Index("ix_flag_status_review_due", "status", "review_due"),
        CheckConstraint(f"kind IN {FLAG_KINDS}", name="kind"),
        CheckConstraint(f"status IN {FLAG_STATUSES}", name="status"),
        CheckConstraint(
            "(CASE WHEN person_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN phone_e164 IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN location_id IS NULL THEN 0 ELSE 1 END) = 1",
            name="one_subject",
        ),
    )


# The work a saved contact leaves for a supervisor (issue 10); flags have their own table.
WORK_KINDS = tuple(kind for kind in REVIEW_KINDS if not kind.startswith("flag-"))
WORK_OUTCOMES = ("agreed", "disagreed", *RECONTACT_OUTCOMES, "recorded")


class WorkItem(Base):
    """One thing a supervisor must do about a saved contact: review its override, allocate
    and close the re-contact the caller asked for, record the occurrence of a red or amber
    incident. Open until closed with an outcome; kept for ever."""

    __tablename__ = "work_item"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    contact_id: Mapped[int] = mapped_column(ForeignKey("contact.id"))
    created_at: Mapped[datetime]
    due_at: Mapped[datetime]
    open: Mapped[bool] = mapped_column(Boolean)
    assigned_to: Mapped[str | None] = mapped_column(String(200))  # an officer: a user or free text
    assigned_by: Mapped[str | None] = mapped_column(String(64))
    assigned_at: Mapped[datetime | None]
    outcome: Mapped[str | None] = mapped_column(String(16))
    comment: Mapped[str | None] = mapped_column(Text)
    closed_by: Mapped[str | None] = mapped_column(String(64))
    closed_at: Mapped[datetime | None]
    details: Mapped[dict[str, Any]]
    __table_args__ = (
        UniqueConstraint("kind", "contact_id", name="kind_contact"),
        Index("ix_work_item_queue", "kind", "open", "due_at"),
        CheckConstraint(f"kind IN {WORK_KINDS}", name="kind"),
        CheckConstraint(f"outcome IS NULL OR outcome IN {WORK_OUTCOMES}", name="outcome"),
    )


class RecontactAttempt(Base):
    """One try at a re-contact (migration 0009, issue 22.2): when, by whom, what came of it;
    recorded by a supervisor in their own name, kept for ever, never changed (seed 002:
    "individuals must record all actions taken ... for audit purposes")."""

    __tablename__ = "recontact_attempt"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    work_item_id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), ForeignKey("work_item.id"), index=True
    )
    attempted_at: Mapped[datetime]
    attempted_by: Mapped[str] = mapped_column(String(200))  # the officer: a user or a name, as allocated
    result: Mapped[str] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[datetime]
    __table_args__ = (CheckConstraint(f"result IN {RECONTACT_ATTEMPT_RESULTS}", name="result"),)


class ContactRevision(Base):
    """A re-grade of a saved contact (migration 0010, issue 22.3): a supervisor disagreed
    with the operator's override and set the risk level or grade themselves. The contact's
    own columns then hold the revised values; its ``assessment`` stays the one the operator
    saved and ``assessment`` here is the re-assessment, so both are kept; the log is
    amended (the revision's text appended), never rewritten. Written once, never changed."""

    __tablename__ = "contact_revision"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    contact_id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), ForeignKey("contact.id"))
    number: Mapped[int]  # the log's amendment number: 1, 2, ...
    made_at: Mapped[datetime]
    made_by: Mapped[str] = mapped_column(String(64))
    field: Mapped[str] = mapped_column(String(16))  # risk_level | grade, as the override's
    from_value: Mapped[str] = mapped_column(String(64))  # the value the contact held (the operator's)
    to_value: Mapped[str] = mapped_column(String(64))  # the supervisor's
    reason: Mapped[str] = mapped_column(Text)
    before: Mapped[dict[str, Any]]  # risk_level, grade, rag as they were
    after: Mapped[dict[str, Any]]  # risk_level, grade, rag as re-assessed
    assessment: Mapped[dict[str, Any]]  # the re-assessment (Assessment.to_dict())
    amendment: Mapped[str] = mapped_column(Text)  # the text appended to the log
    __table_args__ = (UniqueConstraint("contact_id", "number", name="contact_number"),)


class Notice(Base):
    """Something a user is told at their next sign-in: the outcome of their flag request,
    a supervisor's comment on their override (issue 10)."""

    __tablename__ = "notice"
    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    author: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str] = mapped_column(String(64))  # e.g. 'flag 12', 'ASB-2026-000123'
    text: Mapped[str] = mapped_column(Text)
    seen_at: Mapped[datetime | None]
    __table_args__ = (Index("ix_notice_recipient_seen", "recipient", "seen_at"),)


class DipSample(Base):
    """A reproducible random sample of logs from a period, stratified by operator (issue 10)."""

    __tablename__ = "dip_sample"
    id: Mapped[int] = mapped_column(primary_key=True)
    period_start: Mapped[datetime]
    period_end: Mapped[datetime]  # exclusive
    size: Mapped[int] = mapped_column(Integer)
    seed: Mapped[int] = mapped_column(BigInteger)
    drawn_by: Mapped[str] = mapped_column(String(64))
    drawn_at: Mapped[datetime]
    # Issue 22 (migration 0008): logs already in an overlapping sample were allowed again
    # (true) or left out (false), and how many were left out; NULL on samples drawn before.
    overlap_allowed: Mapped[bool | None] = mapped_column(Boolean)
    left_out: Mapped[int | None] = mapped_column(Integer)


class SampleItem(Base):
    __tablename__ = "sample_item"
    id: Mapped[int] = mapped_column(primary_key=True)
    sample_id: Mapped[int] = mapped_column(ForeignKey("dip_sample.id"), index=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contact.id"))
    operator: Mapped[str] = mapped_column(String(64))
    position: Mapped[int] = mapped_column(Integer)
    __table_args__ = (
        UniqueConstraint("sample_id", "contact_id", name="sample_contact"),
        Index("ix_sample_item_contact_id", "contact_id"),  # the samples a log is in (issue 22)
    )


class SampleMark(Base):
    """One checklist item marked on one sampled log; marked again, the row is updated (audited)."""

    __tablename__ = "sample_mark"
    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("sample_item.id"))
    check_id: Mapped[str] = mapped_column(String(32))
    answer: Mapped[str] = mapped_column(String(8))
    note: Mapped[str] = mapped_column(Text, default="")
    marked_by: Mapped[str] = mapped_column(String(64))
    marked_at: Mapped[datetime]
    __table_args__ = (
        UniqueConstraint("item_id", "check_id", name="item_check"),
        CheckConstraint(f"check_id IN {SAMPLE_CHECKS}", name="check_id"),
        CheckConstraint(f"answer IN {SAMPLE_ANSWERS}", name="answer"),
    )


class FlagEvent(Base):
    """Every change to a flag, kept for ever."""

    __tablename__ = "flag_event"
    id: Mapped[int] = mapped_column(primary_key=True)
    flag_id: Mapped[int] = mapped_column(ForeignKey("flag.id"), index=True)
    at: Mapped[datetime]
    by: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    details: Mapped[dict[str, Any]]


class AuditEntry(Base):
    """Append-only, hash-chained: editing or deleting a row breaks the chain."""

    __tablename__ = "audit_entry"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    chain: Mapped[str] = mapped_column(String(128), server_default="main")  # the workstation that wrote it
    seq: Mapped[int] = mapped_column(BigInteger)
    at: Mapped[datetime]
    username: Mapped[str] = mapped_column(String(64))
    workstation: Mapped[str] = mapped_column(String(128))
    action: Mapped[str] = mapped_column(String(32))
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str] = mapped_column(String(64))
    old: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    new: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    __table_args__ = (UniqueConstraint("chain", "seq"),)


class AuditHead(Base):
    """One row per chain: its last sequence number and hash. Locked while appending, so a
    chain never forks; one chain per workstation, so workstations never wait for each other."""

    __tablename__ = "audit_head"
    id: Mapped[int] = mapped_column(primary_key=True)
    chain: Mapped[str] = mapped_column(String(128), unique=True, server_default="main")
    seq: Mapped[int] = mapped_column(BigInteger)
    hash: Mapped[str] = mapped_column(String(64))


class Counter(Base):
    """Counters where the database has no sequences (SQLite): the contact reference."""

    __tablename__ = "counter"
    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)


class Draft(Base):
    """An unfinished contact, saved after every answer so a crash loses nothing."""

    __tablename__ = "draft"
    uuid: Mapped[str] = mapped_column(String(36), primary_key=True)
    operator: Mapped[str] = mapped_column(String(64), index=True)
    workstation: Mapped[str] = mapped_column(String(128))
    updated_at: Mapped[datetime]
    payload: Mapped[dict[str, Any]]


class Site(Base):
    """Who the force is, for everything the public reads (issue 19): one row, set by an
    administrator, every change audited. ``force`` is :class:`asbdesk.core.site.Force` as JSON."""

    __tablename__ = "site"
    id: Mapped[int] = mapped_column(primary_key=True)
    force: Mapped[dict[str, Any]]
    updated_by: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime]
    # The fingerprint of the administrator's checkpoint key, 'sha256:' and 64 hex digits
    # (issue 20, migration 0007): a checkpoint signed with another key is refused.
    audit_key: Mapped[str | None] = mapped_column(String(71))
    __table_args__ = (CheckConstraint("id = 1", name="one_row"),)


class PublishedPack(Base):
    """A policy pack published to every workstation on this database (issue 19). The newest
    row is the pack in force; publishing an earlier version again (a roll-back) adds a row.
    A pack id and version name one content: the same version with other files is refused."""

    __tablename__ = "published_pack"
    id: Mapped[int] = mapped_column(primary_key=True)
    pack_id: Mapped[str] = mapped_column(String(64))
    version: Mapped[str] = mapped_column(String(16))
    sha256: Mapped[str] = mapped_column(String(64))
    files: Mapped[dict[str, Any]]  # file name -> its text, exactly as published
    size: Mapped[int] = mapped_column(Integer)
    published_by: Mapped[str] = mapped_column(String(64))
    published_at: Mapped[datetime]
    reason: Mapped[str] = mapped_column(Text)
    restores: Mapped[int | None] = mapped_column(ForeignKey("published_pack.id"))
    checks: Mapped[dict[str, Any]]  # the training scenarios run before publishing, and what they gave
    __table_args__ = (Index("ix_published_pack_pack_version", "pack_id", "version"),)
