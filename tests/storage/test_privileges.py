"""Issue 20.1: the privileges, tested as each login through plain SQL (psql's rights, not asbdesk's).

One login of each role tries every action on every table: its own rows and other people's,
rows written in its own name and in someone else's, its own audit chain moved forward and
back, and other people's chains. What each statement should do is read from
``asbdesk.storage.roles.PRIVILEGES``, the data docs/storage.md's table is made from: a
statement that breaks a condition names the condition (the right's label), and is then
expected to be refused (42501: a missing privilege, a row-level security policy or a
trigger) or to touch no row (another's rows are invisible to it). Every statement runs in
a transaction rolled back afterwards, so each starts from the same database.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from asbdesk.core.vocabulary import ROLES, SAMPLE_CHECKS
from asbdesk.storage import models as m
from asbdesk.storage import supervision as sv
from asbdesk.storage.records import Actor, AddressInput, FlagRequest, NewPerson
from asbdesk.storage.roles import ACTIONS, GROUP, PRIVILEGES, chain_owner, privileges_table, roles_sql
from asbdesk.storage.store import _chain_for
from tests.storage.conftest import NOW
from tests.storage.helpers import contact
from tests.storage.logins import SharedDatabase

ROOT = Path(__file__).resolve().parents[2]
PROBERS = {role: role for role in ROLES}  # one login of each role tries everything


@dataclass(frozen=True)
class Probe:
    """One statement a login tries. ``breaks``: the labels of the rights (roles.PRIVILEGES)
    whose condition it breaks; a login whose right has one of them gets ``when_broken``:
    'refused' (42501) or 'none' (no row read, changed or removed). ``setup``: statements
    run first in the same transaction, which every login may run."""

    action: str
    sql: str
    breaks: frozenset[str] = frozenset()
    when_broken: str = "refused"
    setup: tuple[str, ...] = ()
    says: str = ""


def probe(action: str, sql: str, *breaks: str, none: bool = False, setup: tuple[str, ...] = (), says: str = ""):
    return Probe(action, sql, frozenset(breaks), "none" if none else "refused", setup, says)


_CONTACT_COLUMNS = [c.name for c in m.Contact.__table__.columns if c.name != "id"]


def _copy_contact(source: str, **values: str) -> str:
    """INSERT a contact copied from ``source`` (an id placeholder) with ``values`` set (SQL)."""
    columns = ", ".join(_CONTACT_COLUMNS)
    chosen = ", ".join(values.get(c, c) for c in _CONTACT_COLUMNS)
    return f"INSERT INTO contact ({columns}) SELECT {chosen} FROM contact WHERE id = {source}"


ISSUED = "'ASB-2026-' || lpad(currval('contact_reference_seq')::text, 6, '0')"
NEXT = ("SELECT nextval('contact_reference_seq')",)
ENTRY = "INSERT INTO audit_entry (chain, seq, at, username, workstation, action, entity, entity_id, prev_hash, hash)"
FLAG = (
    "INSERT INTO flag (kind, status, person_id, negate_risk, officer_action, inform, linked_references, "
    "requested_by, requested_at"
)
WORK = "INSERT INTO work_item (kind, contact_id, created_at, due_at, open, details"
DRAFT = "INSERT INTO draft (uuid, operator, workstation, updated_at, payload)"
ATTEMPT = (
    "INSERT INTO recontact_attempt (work_item_id, attempted_at, attempted_by, result, note, recorded_by, recorded_at)"
)
REVISION = (
    "INSERT INTO contact_revision (contact_id, number, made_at, made_by, field, from_value, to_value, reason, "
    "before, after, assessment, amendment)"
)
REVISED = "'grade', 'response', 'emergency', 'a toy gun is a weapon', '{{}}', '{{}}', '{{}}', 'AMENDMENT 9'"

PROBES: dict[str, list[Probe]] = {
    "alembic_version": [
        probe("SELECT", "SELECT count(*) FROM alembic_version"),
        probe("INSERT", "INSERT INTO alembic_version VALUES ('9999')"),
        probe("UPDATE", "UPDATE alembic_version SET version_num = '9999'"),
        probe("DELETE", "DELETE FROM alembic_version"),
    ],
    "app_user": [
        probe("SELECT", "SELECT count(*) FROM app_user WHERE username = '{other}'"),
        probe(
            "INSERT",
            "INSERT INTO app_user (username, display_name, role, active, created_at) "
            "VALUES ('made_by_probe', 'M', 'administrator', true, now())",
            says="a new administrator",
        ),
        probe("UPDATE", "UPDATE app_user SET role = 'administrator' WHERE username = '{me}'", says="self-promoted"),
        probe("DELETE", "DELETE FROM app_user WHERE username = '{other}'"),
    ],
    "person": [
        probe("SELECT", "SELECT count(*) FROM person WHERE id = {other_person}"),
        probe(
            "INSERT",
            "INSERT INTO person (given_name, family_name, given_key, family_key, created_at) "
            "VALUES ('P', 'Q', 'p', 'q', now())",
        ),
        probe("UPDATE", "UPDATE person SET family_name = 'X' WHERE id = {other_person}"),
        probe("DELETE", "DELETE FROM person WHERE id = {spare_person}"),
    ],
    "phone": [
        probe("SELECT", "SELECT count(*) FROM phone WHERE person_id = {other_person}"),
        probe("INSERT", "INSERT INTO phone (person_id, e164) VALUES ({spare_person}, '+447700900123')"),
        probe("UPDATE", "UPDATE phone SET e164 = '+447700900999' WHERE person_id = {other_person}"),
        probe("DELETE", "DELETE FROM phone WHERE person_id = {other_person}"),
    ],
    "email": [
        probe("SELECT", "SELECT count(*) FROM email WHERE person_id = {other_person}"),
        probe("INSERT", "INSERT INTO email (person_id, address) VALUES ({spare_person}, 'probe@example.org')"),
        probe("UPDATE", "UPDATE email SET address = 'x@example.org' WHERE person_id = {other_person}"),
        probe("DELETE", "DELETE FROM email WHERE person_id = {other_person}"),
    ],
    "location": [
        probe("SELECT", "SELECT count(*) FROM location WHERE id = {other_location}"),
        probe(
            "INSERT",
            "INSERT INTO location (line1, town, postcode, postcode_key, line1_key, created_at) "
            "VALUES ('9 Probe Row', '', 'LS1 4AP', 'LS14AP', '9 probe row', now())",
        ),
        probe("UPDATE", "UPDATE location SET line1 = 'X' WHERE id = {other_location}"),
        probe("DELETE", "DELETE FROM location WHERE id = {other_location}"),
    ],
    "person_location": [
        probe("SELECT", "SELECT count(*) FROM person_location WHERE person_id = {other_person}"),
        probe(
            "INSERT", "INSERT INTO person_location (person_id, location_id) VALUES ({spare_person}, {other_location})"
        ),
        probe("UPDATE", "UPDATE person_location SET location_id = location_id WHERE person_id = {other_person}"),
        probe("DELETE", "DELETE FROM person_location WHERE person_id = {other_person}"),
    ],
    "contact": [
        probe("SELECT", "SELECT count(*) FROM contact WHERE operator = '{other}'"),
        probe(
            "INSERT",
            _copy_contact("{my_contact}", uuid="'probe-uuid'", reference=ISSUED, operator="'{me}'"),
            setup=NEXT,
            says="a call in its own name, with the reference just issued to it",
        ),
        probe(
            "INSERT",
            _copy_contact("{my_contact}", uuid="'probe-uuid'", reference=ISSUED, operator="'{other}'"),
            "own call",
            setup=NEXT,
            says="a call in another's name",
        ),
        probe(
            "INSERT",
            _copy_contact("{my_contact}", uuid="'probe-uuid'", reference="'ASB-2026-999999'", operator="'{me}'"),
            "own call",
            setup=NEXT,
            says="a reference another desk will be given: its save would fail",
        ),
        probe(
            "INSERT",
            _copy_contact(
                "{other_contact}", uuid="'probe-uuid'", reference=ISSUED, operator="'{me}'", review_status="'agreed'"
            ),
            "own call",
            setup=NEXT,
            says="an override agreed by nobody",
        ),
        probe("UPDATE", "UPDATE contact SET review_status = 'agreed' WHERE id = {other_contact}"),
        probe(
            "UPDATE",
            "UPDATE contact SET grade = 'emergency', review_status = 'disagreed', "
            "log_text = log_text || chr(10) || 'AMENDMENT 1' WHERE id = {other_contact}",
            says="a re-grade that amends the log",
        ),
        probe(
            "UPDATE",
            "UPDATE contact SET risk_level = 'standard' WHERE id = {other_contact}",
            "review, re-grade by amending the log",
            says="a re-grade the log does not say",
        ),
        probe(
            "UPDATE",
            "UPDATE contact SET log_text = 'ASB GRADED LOG (rewritten)' WHERE id = {other_contact}",
            "review, re-grade by amending the log",
            says="a log rewritten",
        ),
        probe(
            "UPDATE",
            "UPDATE contact SET operator = '{me}' WHERE id = {other_contact}",
            "review, re-grade by amending the log",
        ),
        probe("DELETE", "DELETE FROM contact WHERE id = {my_contact}"),
    ],
    "flag": [
        probe("SELECT", "SELECT count(*) FROM flag WHERE requested_by = '{other}'"),
        probe(
            "INSERT", FLAG + ") VALUES ('repeat_victim', 'requested', {other_person}, '', '', '', '', '{me}', now())"
        ),
        probe(
            "INSERT",
            FLAG + ") VALUES ('repeat_victim', 'requested', {other_person}, '', '', '', '', '{other}', now())",
            "own request",
            says="a request in another's name",
        ),
        probe(
            "INSERT",
            FLAG + ", authorised_by, authorised_at) VALUES "
            "('repeat_victim', 'active', {other_person}, '', '', '', '', '{me}', now(), '{me}', now())",
            "own request",
            says="a flag active without a supervisor",
        ),
        probe(
            "UPDATE",
            "UPDATE flag SET status = 'active', authorised_by = '{me}', authorised_at = now(), necessity = 'n' "
            "WHERE id = {other_flag}",
            says="authorise a request",
        ),
        probe(
            "UPDATE",
            "UPDATE flag SET status = 'active', authorised_by = '{other_supervisor}', authorised_at = now() "
            "WHERE id = {other_flag}",
            "decision, as yourself",
            says="authorised in another supervisor's name",
        ),
        probe("UPDATE", "UPDATE flag SET requested_by = '{me}' WHERE id = {other_flag}", "decision, as yourself"),
        probe(
            "UPDATE",
            "UPDATE flag SET status = 'requested', authorised_by = NULL, authorised_at = NULL, review_due = NULL, "
            "necessity = NULL WHERE id = {my_decided_flag}",
            says="its own authorisation undone (issue 22.4): its own name cleared",
        ),
        probe(
            "UPDATE",
            "UPDATE flag SET status = 'requested', authorised_by = NULL, authorised_at = NULL, review_due = NULL, "
            "necessity = NULL WHERE id = {other_decided_flag}",
            "decision, as yourself",
            says="another supervisor's authorisation undone: their name cleared",
        ),
        probe("DELETE", "DELETE FROM flag WHERE id = {my_flag}"),
    ],
    "flag_event": [
        probe("SELECT", "SELECT count(*) FROM flag_event WHERE by = '{other}'"),
        probe(
            "INSERT",
            "INSERT INTO flag_event (flag_id, at, by, action, details) VALUES ({my_flag}, now(), '{me}', 'requested', '{{}}')",
        ),
        probe(
            "INSERT",
            "INSERT INTO flag_event (flag_id, at, by, action, details) VALUES ({my_flag}, now(), '{me}', 'authorised', '{{}}')",
            "own request",
            says="a decision by someone who may not decide",
        ),
        probe(
            "INSERT",
            "INSERT INTO flag_event (flag_id, at, by, action, details) "
            "VALUES ({other_flag}, now(), '{me}', 'requested', '{{}}')",
            "own request",
        ),
        probe(
            "INSERT",
            "INSERT INTO flag_event (flag_id, at, by, action, details) "
            "VALUES ({other_flag}, now(), '{other_supervisor}', 'authorised', '{{}}')",
            "own request",
            "as yourself",
            says="'authorised by <supervisor>', forged",
        ),
        probe("UPDATE", "UPDATE flag_event SET action = 'authorised' WHERE by = '{other}'"),
        probe("DELETE", "DELETE FROM flag_event WHERE by = '{other}'"),
    ],
    "work_item": [
        probe("SELECT", "SELECT count(*) FROM work_item WHERE id = {other_item}", "own call's", none=True),
        probe("SELECT", "SELECT count(*) FROM work_item WHERE id = {my_item}"),
        probe("INSERT", WORK + ") VALUES ('occurrence', {my_contact}, now(), now(), true, '{{}}')"),
        probe(
            "INSERT",
            WORK + ") VALUES ('occurrence', {other_plain_contact}, now(), now(), true, '{{}}')",
            "own call's, open",
            "own call's or your re-grade's, open",
            says="work in a supervisor's queue for another's call",
        ),
        probe(
            "INSERT",
            WORK + ") VALUES ('occurrence', {regraded_by_me}, now(), now(), true, '{{}}')",
            "own call's, open",
            says="the follow-up of a re-grade",
        ),
        probe(
            "INSERT",
            WORK + ", outcome, closed_by, closed_at) VALUES "
            "('occurrence', {my_contact}, now(), now(), false, '{{}}', 'recorded', '{me}', now())",
            "own call's, open",
            "own call's or your re-grade's, open",
            says="work closed by its own operator",
        ),
        probe(
            "INSERT",
            WORK + ", assigned_to, assigned_by) VALUES "
            "('occurrence', {my_contact}, now(), now(), true, '{{}}', 'PC 1', '{other_supervisor}')",
            "own call's, open",
            "own call's or your re-grade's, open",
        ),
        probe(
            "UPDATE",
            "UPDATE work_item SET open = false, outcome = 'recorded', closed_by = '{me}', closed_at = now() "
            "WHERE id = {other_item}",
        ),
        probe(
            "UPDATE",
            "UPDATE work_item SET open = false, outcome = 'recorded', closed_by = '{other_supervisor}' "
            "WHERE id = {other_item}",
            "allocate, close, as yourself",
            says="closed in another supervisor's name",
        ),
        probe(
            "UPDATE",
            "UPDATE work_item SET contact_id = {my_contact} WHERE id = {other_item}",
            "allocate, close, as yourself",
        ),
        probe(
            "UPDATE",
            "UPDATE work_item SET open = true, outcome = NULL, closed_by = NULL, closed_at = NULL "
            "WHERE id = {my_closed_item}",
            says="its own closing undone (issue 22.4): open again, its own name cleared",
        ),
        probe(
            "UPDATE",
            "UPDATE work_item SET assigned_to = NULL, assigned_by = NULL, assigned_at = NULL WHERE id = {other_recontact}",
            "allocate, close, as yourself",
            says="another supervisor's allocation undone: their name cleared",
        ),
        probe("DELETE", "DELETE FROM work_item WHERE id = {my_item}"),
    ],
    "recontact_attempt": [
        probe("SELECT", "SELECT count(*) FROM recontact_attempt WHERE id = {other_attempt}"),
        probe("INSERT", ATTEMPT + " VALUES ({other_recontact}, now(), 'PC 1', 'no_answer', '', '{me}', now())"),
        probe(
            "INSERT",
            ATTEMPT + " VALUES ({other_recontact}, now(), 'PC 1', 'reached', '', '{other_supervisor}', now())",
            "as yourself, allocated",
            says="an attempt recorded in another supervisor's name",
        ),
        probe(
            "INSERT",
            ATTEMPT + " VALUES ({my_item}, now(), 'PC 1', 'no_answer', '', '{me}', now())",
            "as yourself, allocated",
            says="an attempt at a re-contact allocated to no one",
        ),
        probe("UPDATE", "UPDATE recontact_attempt SET result = 'reached' WHERE id = {other_attempt}"),
        probe("DELETE", "DELETE FROM recontact_attempt WHERE id = {other_attempt}"),
    ],
    "contact_revision": [
        probe("SELECT", "SELECT count(*) FROM contact_revision"),
        probe("INSERT", REVISION + " VALUES ({other_contact}, 9, now(), '{me}', " + REVISED + ")"),
        probe(
            "INSERT",
            REVISION + " VALUES ({other_contact}, 9, now(), '{other_supervisor}', " + REVISED + ")",
            "as yourself",
            says="a re-grade in another supervisor's name",
        ),
        probe("UPDATE", "UPDATE contact_revision SET reason = 'x'"),
        probe("DELETE", "DELETE FROM contact_revision"),
    ],
    **{
        table: [
            probe("SELECT", f"SELECT count(*) FROM {table}"),
            probe("INSERT", f"INSERT INTO {table} VALUES ('person', {key}, '2026-01-01', 1)"),
            probe("UPDATE", f"UPDATE {table} SET n = n + 1"),
            probe("DELETE", f"DELETE FROM {table}"),
        ]
        for table, key in (("contact_count_month", "1"), ("contact_count_day", "'801'"))
    },
    "notice": [
        probe(
            "SELECT",
            "SELECT count(*) FROM notice WHERE recipient <> '{me}' AND author <> '{me}'",
            "to or from you",
            none=True,
        ),
        probe("SELECT", "SELECT count(*) FROM notice WHERE recipient = '{me}'"),
        probe(
            "INSERT",
            "INSERT INTO notice (recipient, created_at, author, subject, text) VALUES ('{other}', now(), '{me}', 's', 't')",
        ),
        probe(
            "INSERT",
            "INSERT INTO notice (recipient, created_at, author, subject, text) "
            "VALUES ('{other}', now(), '{other_supervisor}', 's', 't')",
            "as yourself",
        ),
        probe("UPDATE", "UPDATE notice SET seen_at = now() WHERE recipient = '{me}'"),
        probe("UPDATE", "UPDATE notice SET seen_at = now() WHERE recipient <> '{me}'", "seen, to you", none=True),
        probe("UPDATE", "UPDATE notice SET text = 'x' WHERE recipient = '{me}'", "seen, to you"),
        probe("DELETE", "DELETE FROM notice WHERE recipient = '{me}'"),
    ],
    "dip_sample": [
        probe("SELECT", "SELECT count(*) FROM dip_sample WHERE id = {other_sample}"),
        probe(
            "INSERT",
            "INSERT INTO dip_sample (period_start, period_end, size, seed, drawn_by, drawn_at) "
            "VALUES (now(), now(), 1, 1, '{me}', now())",
        ),
        probe(
            "INSERT",
            "INSERT INTO dip_sample (period_start, period_end, size, seed, drawn_by, drawn_at) "
            "VALUES (now(), now(), 1, 1, '{other_supervisor}', now())",
            "as yourself",
        ),
        # Issue 22 (0008): whether logs already sampled were allowed, and how many left out,
        # are written with the sample and kept as drawn.
        probe(
            "INSERT",
            "INSERT INTO dip_sample (period_start, period_end, size, seed, drawn_by, drawn_at, overlap_allowed, "
            "left_out) VALUES (now(), now(), 1, 1, '{me}', now(), true, 0)",
        ),
        probe("UPDATE", "UPDATE dip_sample SET seed = 2 WHERE id = {my_sample}"),
        probe("UPDATE", "UPDATE dip_sample SET overlap_allowed = false, left_out = 3 WHERE id = {my_sample}"),
        probe("DELETE", "DELETE FROM dip_sample WHERE id = {my_sample}"),
    ],
    "sample_item": [
        probe("SELECT", "SELECT count(*) FROM sample_item WHERE id = {other_sample_item}"),
        probe(
            "INSERT",
            "INSERT INTO sample_item (sample_id, contact_id, operator, position) "
            "VALUES ({my_sample}, {other_contact}, '{other}', 1)",
        ),
        probe(
            "INSERT",
            "INSERT INTO sample_item (sample_id, contact_id, operator, position) "
            "VALUES ({other_sample}, {other_plain_contact}, '{other}', 9)",
            "own sample",
        ),
        probe(
            "INSERT",
            "INSERT INTO sample_item (sample_id, contact_id, operator, position) "
            "VALUES ({my_sample}, {other_contact}, '{me}', 1)",
            "own sample",
            says="a log sampled under another operator",
        ),
        probe("UPDATE", "UPDATE sample_item SET operator = '{me}' WHERE id = {other_sample_item}"),
        probe("DELETE", "DELETE FROM sample_item WHERE id = {other_sample_item}"),
    ],
    "sample_mark": [
        probe("SELECT", "SELECT count(*) FROM sample_mark WHERE id = {other_mark}"),
        probe(
            "INSERT",
            "INSERT INTO sample_mark (item_id, check_id, answer, note, marked_by, marked_at) "
            "VALUES ({other_sample_item}, '{second_check}', 'yes', '', '{me}', now())",
        ),
        probe(
            "INSERT",
            "INSERT INTO sample_mark (item_id, check_id, answer, note, marked_by, marked_at) "
            "VALUES ({other_sample_item}, '{second_check}', 'yes', '', '{other_supervisor}', now())",
            "as yourself",
        ),
        probe(
            "UPDATE",
            "UPDATE sample_mark SET answer = 'no', note = 'n', marked_by = '{me}', marked_at = now() WHERE id = {other_mark}",
        ),
        probe(
            "UPDATE",
            "UPDATE sample_mark SET answer = 'no', note = 'n' WHERE id = {other_mark}",
            "as yourself",
            says="re-marked, leaving the mark in another's name",
        ),
        probe("UPDATE", "UPDATE sample_mark SET item_id = item_id WHERE id = {other_mark}", "as yourself"),
        probe("DELETE", "DELETE FROM sample_mark WHERE id = {other_mark}"),
    ],
    "audit_entry": [
        probe("SELECT", "SELECT count(*) FROM audit_entry WHERE username = '{other}'", "own", none=True),
        probe("SELECT", "SELECT count(*) FROM audit_entry WHERE username = '{me}'"),
        probe("INSERT", ENTRY + " VALUES ('{my_chain}', 1000, now(), '{me}', 'w', 'probe', 'x', 'x', 'x', 'x')"),
        probe(
            "INSERT",
            ENTRY + " VALUES ('{other_chain}', 1000, now(), '{me}', 'w', 'probe', 'x', 'x', 'x', 'x')",
            "own name, own chain",
            says="an entry in another's chain (it would take that desk's next number)",
        ),
        probe(
            "INSERT",
            ENTRY + " VALUES ('{my_chain}', 1000, now(), '{other}', 'w', 'probe', 'x', 'x', 'x', 'x')",
            "own name, own chain",
            says="an entry in another's name",
        ),
        probe(
            "INSERT",
            ENTRY + " VALUES ('desk-01', 1000, now(), '{me}', 'w', 'probe', 'x', 'x', 'x', 'x')",
            "own name, own chain",
            says="an entry in a workstation's chain of before",
        ),
        probe("UPDATE", "UPDATE audit_entry SET action = 'x' WHERE username = '{me}'"),
        probe("DELETE", "DELETE FROM audit_entry WHERE username = '{me}'"),
    ],
    "audit_head": [
        probe("SELECT", "SELECT count(*) FROM audit_head WHERE chain = '{other_chain}'", "own chains", none=True),
        probe("SELECT", "SELECT count(*) FROM audit_head WHERE chain = '{my_chain}'"),
        probe("INSERT", "INSERT INTO audit_head (chain, seq, hash) VALUES ('{me}@probe', 0, repeat('0', 64))"),
        probe(
            "INSERT",
            "INSERT INTO audit_head (chain, seq, hash) VALUES ('{other}@probe', 0, repeat('0', 64))",
            "new own chain",
            says="a chain started for another (their desk could not start it)",
        ),
        probe(
            "INSERT",
            "INSERT INTO audit_head (chain, seq, hash) VALUES ('desk-99', 0, repeat('0', 64))",
            "new own chain",
        ),
        probe(
            "INSERT",
            "INSERT INTO audit_head (chain, seq, hash) VALUES ('{me}@probe', 7, 'x')",
            "new own chain",
        ),
        probe(
            "UPDATE",
            "UPDATE audit_head SET seq = seq + 1, hash = 'next' WHERE chain = '{my_chain}'",
            setup=(
                ENTRY + " SELECT chain, seq + 1, now(), '{me}', 'w', 'probe', 'x', 'x', hash, 'next' "
                "FROM audit_head WHERE chain = '{my_chain}'",
            ),
            says="its own head, one entry forward, as asbdesk appends",
        ),
        probe(
            "UPDATE",
            "UPDATE audit_head SET seq = 1 WHERE chain = '{other_chain}'",
            "own chain, forward",
            none=True,
            says="another's head moved (issue 20: every other desk then failed to save)",
        ),
        probe(
            "UPDATE",
            "UPDATE audit_head SET seq = seq - 1 WHERE chain = '{my_chain}'",
            "own chain, forward",
            says="its own head moved back",
        ),
        probe(
            "UPDATE",
            "UPDATE audit_head SET seq = seq + 5 WHERE chain = '{my_chain}'",
            "own chain, forward",
            says="its own head moved past entries that are not there",
        ),
        probe(
            "UPDATE",
            "UPDATE audit_head SET seq = seq + 1, hash = 'next' WHERE chain = '{my_chain}'",
            "own chain, forward",
            setup=(
                ENTRY + " SELECT chain, seq + 1, now(), '{me}', 'w', 'probe', 'x', 'x', 'not-the-head', 'next' "
                "FROM audit_head WHERE chain = '{my_chain}'",
            ),
            says="its own head moved to an entry that does not follow it",
        ),
        probe("UPDATE", "UPDATE audit_head SET chain = '{other}@x' WHERE chain = '{my_chain}'", "own chain, forward"),
        probe("DELETE", "DELETE FROM audit_head WHERE chain = '{my_chain}'"),
    ],
    "counter": [
        probe("SELECT", "SELECT count(*) FROM counter"),
        probe("INSERT", "INSERT INTO counter (name, value) VALUES ('x', 1)"),
        probe("UPDATE", "UPDATE counter SET value = value + 1"),
        probe("DELETE", "DELETE FROM counter"),
    ],
    "draft": [
        probe("SELECT", "SELECT count(*) FROM draft WHERE operator = '{me}'"),
        probe("SELECT", "SELECT count(*) FROM draft WHERE operator = '{other}'", "own", none=True),
        probe("INSERT", DRAFT + " VALUES ('probe-draft', '{me}', 'w', now(), '{{}}')"),
        probe("INSERT", DRAFT + " VALUES ('probe-draft', '{other}', 'w', now(), '{{}}')", "own"),
        probe("UPDATE", "UPDATE draft SET payload = '{{\"a\": 1}}' WHERE operator = '{me}'"),
        probe("UPDATE", "UPDATE draft SET payload = '{{\"a\": 1}}' WHERE operator = '{other}'", "own", none=True),
        probe("UPDATE", "UPDATE draft SET operator = '{other}' WHERE operator = '{me}'", "own", says="given away"),
        probe("DELETE", "DELETE FROM draft WHERE operator = '{me}'"),
        probe("DELETE", "DELETE FROM draft WHERE operator = '{other}'", "own", none=True),
    ],
    "site": [
        probe("SELECT", "SELECT count(*) FROM site"),
        probe(
            "INSERT",
            "INSERT INTO site (id, force, updated_by, updated_at) VALUES (1, '{{}}', '{me}', now()) "
            "ON CONFLICT (id) DO NOTHING",
        ),
        probe(
            "INSERT",
            "INSERT INTO site (id, force, updated_by, updated_at) VALUES (1, '{{}}', '{other_admin}', now()) "
            "ON CONFLICT (id) DO NOTHING",
            "as yourself",
        ),
        probe("UPDATE", "UPDATE site SET force = '{{}}', updated_by = '{me}', updated_at = now()"),
        probe("UPDATE", "UPDATE site SET force = '{{}}'", "as yourself", says="changed, in another's name"),
        probe("UPDATE", "UPDATE site SET id = 1", "as yourself"),
        probe("DELETE", "DELETE FROM site"),
    ],
    "published_pack": [
        probe("SELECT", "SELECT count(*) FROM published_pack"),
        probe(
            "INSERT",
            "INSERT INTO published_pack (pack_id, version, sha256, files, size, published_by, published_at, reason, "
            "checks) VALUES ('x', '1', 'x', '{{}}', 0, '{me}', now(), 'r', '{{}}')",
        ),
        probe(
            "INSERT",
            "INSERT INTO published_pack (pack_id, version, sha256, files, size, published_by, published_at, reason, "
            "checks) VALUES ('x', '1', 'x', '{{}}', 0, '{other_admin}', now(), 'r', '{{}}')",
            "as yourself",
        ),
        probe("UPDATE", "UPDATE published_pack SET reason = 'x'"),
        probe("DELETE", "DELETE FROM published_pack"),
    ],
}


def expected(role: str, table: str, probe: Probe) -> str:
    """What ``probe`` should do for a login of ``role``, from PRIVILEGES alone."""
    right = PRIVILEGES[table].right(role, probe.action)
    if right is None:
        return "refused"
    return probe.when_broken if right.label in probe.breaks else "done"


# ------------------------------------------------------------------ the force


RED_RING_BACK = {"weapons": True, "further_contact": True, "contact_method": "ring_back"}
OVERRIDE = {"grade": "response", "reason": "toy gun, seen by the caller"}


@pytest.fixture(scope="module")
def force(pg_template):
    """A shared database with the roles applied: a login of each role to try things (the
    probers), and the other people whose rows they try them on, whose work was done as
    asbdesk does it."""
    shared = SharedDatabase(pg_template)
    try:
        for role in ROLES:
            shared.add(PROBERS[role], role)
        others = {"other": "call_handler", "other_supervisor": "supervisor", "other_admin": "administrator"}
        for person, role in others.items():
            shared.add(person, role)
        names = {"other": shared.logins["other"]}
        names |= {key: shared.logins[key] for key in ("other_supervisor", "other_admin")}
        owner = shared.owner
        them, their_supervisor = Actor(names["other"], "desk-o"), Actor(names["other_supervisor"], "desk-s")
        person = owner.add_person(
            them, NewPerson("Zoë", "Okafor", ("0113 496 0123",), (AddressInput("4 Canal Row", "LS1 4AP", "Leeds"),))
        )
        spare = owner.add_person(them, NewPerson("Ian", "Spare"))
        where = {"person_id": person.id, "location_id": person.locations[0].id}
        saved = owner.save_contact(them, contact(NOW, answers=RED_RING_BACK, override=OVERRIDE, **where))
        plain = owner.save_contact(them, contact(NOW, **where))
        emailed = {"further_contact": True, "contact_method": "email"}  # her e-mail address kept with her
        owner.save_contact(them, contact(NOW, answers=emailed, caller={"email": "zoe@example.org"}, **where))
        recontact = next(
            i.id
            for i in sv.review_items(owner, their_supervisor, "recontact")
            if i.contact_reference == saved.reference
        )
        sv.allocate_recontact(owner, their_supervisor, recontact, "PC 4471 Dar")
        attempt = sv.record_attempt(owner, their_supervisor, recontact, "no_answer")
        flag = owner.request_flag(them, FlagRequest("vulnerable_victim", person_id=person.id))
        decided = owner.request_flag(them, FlagRequest("location", location_id=person.locations[0].id))
        owner.authorise_flag(their_supervisor, decided.id, "Necessary")
        refused = owner.request_flag(them, FlagRequest("warning_marker", person_id=person.id))
        owner.refuse_flag(their_supervisor, refused.id, "Not needed")  # a notice and an event by the supervisor
        owner.save_draft(them, "their-draft", {"answers": {}})
        sample = sv.draw_sample(owner, their_supervisor, NOW - timedelta(days=1), NOW + timedelta(days=1), 1, seed=1)
        sv.mark_sample(owner, their_supervisor, sample.items[0].id, SAMPLE_CHECKS[0], "yes")
        from asbdesk.core.site import Force

        their_administrator = Actor(names["other_admin"], "admin")
        owner.set_site(their_administrator, Force("Demoshire Police"))
        owner.publish_pack(
            their_administrator, pack_id="x", version="1", sha256="0" * 64, files={}, reason="r", checks={}
        )
        with owner.engine.begin() as connection:

            def run(sql: str, **values: object) -> object:
                result = connection.execute(text(sql), values)
                return result.scalar() if result.returns_rows else None

            names |= {
                "other_chain": _chain_for(them),
                "other_person": person.id,
                "spare_person": spare.id,
                "other_location": person.locations[0].id,
                "other_contact": saved.contact_id,
                "other_plain_contact": plain.contact_id,
                "other_flag": flag.id,
                "other_decided_flag": decided.id,
                "other_recontact": recontact,
                "other_attempt": attempt.id,
                "other_item": run(
                    "SELECT id FROM work_item WHERE contact_id = :c AND kind = 'occurrence'", c=saved.contact_id
                ),
                "other_sample": sample.id,
                "other_sample_item": sample.items[0].id,
                "other_mark": run("SELECT id FROM sample_mark"),
                "second_check": SAMPLE_CHECKS[1],
            }
            rows: dict[str, dict[str, object]] = {}
            for role, person_name in PROBERS.items():
                me = shared.logins[person_name]
                copy = _copy_contact(":source", uuid=":uuid", reference=":reference", operator=":me")
                my_contact = run(
                    copy + " RETURNING id",
                    source=plain.contact_id,
                    uuid=f"mine-{role}",
                    reference=f"ASB-2026-9{len(rows):05d}",
                    me=me,
                )
                rows[role] = {
                    "me": me,
                    "my_chain": f"{me}@setup",  # ensure_user's entry, written for them at setup
                    "my_contact": my_contact,
                    "my_item": run(
                        "INSERT INTO work_item (kind, contact_id, created_at, due_at, open, details) "
                        "VALUES ('recontact', :c, now(), now(), true, '{}') RETURNING id",
                        c=my_contact,
                    ),
                    "my_flag": run(
                        FLAG + ") VALUES ('repeat_victim', 'requested', :p, '', '', '', '', :me, now()) RETURNING id",
                        p=person.id,
                        me=me,
                    ),
                    "my_decided_flag": run(
                        FLAG + ", authorised_by, authorised_at, review_due, necessity) VALUES ('repeat_victim', "
                        "'active', :p, '', '', '', '', :me, now(), :me, now(), current_date, 'n') RETURNING id",
                        p=person.id,
                        me=me,
                    ),
                    "my_closed_item": run(
                        "INSERT INTO work_item (kind, contact_id, created_at, due_at, open, details, outcome, closed_by, "
                        "closed_at) VALUES ('override', :c, now(), now(), false, '{}', 'agreed', :me, now()) "
                        "RETURNING id",
                        c=my_contact,
                        me=me,
                    ),
                    "my_sample": run(
                        "INSERT INTO dip_sample (period_start, period_end, size, seed, drawn_by, drawn_at) "
                        "VALUES (now(), now(), 0, 1, :me, now()) RETURNING id",
                        me=me,
                    ),
                }
                # Another's call this login re-graded: its follow-up is theirs to open (issue 22.3).
                regraded = run(
                    copy + " RETURNING id",
                    source=plain.contact_id,
                    uuid=f"regraded-{role}",
                    reference=f"ASB-2026-8{len(rows):05d}",
                    me=names["other"],
                )
                run(
                    REVISION + " VALUES (:c, 1, now(), :me, 'grade', 'a', 'b', 'r', '{}', '{}', '{}', 'x')",
                    c=regraded,
                    me=me,
                )
                rows[role]["regraded_by_me"] = regraded
                run(DRAFT + " VALUES (:uuid, :me, 'w', now(), '{}')", uuid=f"draft-{role}", me=me)
                run(
                    "INSERT INTO notice (recipient, created_at, author, subject, text) "
                    "VALUES (:me, now(), :them, 's', 't')",
                    me=me,
                    them=names["other_supervisor"],
                )
        yield shared, names, rows
    finally:
        shared.close()


def _outcome(connection, probe: Probe, values: dict[str, object]) -> str:
    """'done' (a row read, added, changed or removed), 'none' (no row), 'refused' (42501),
    or the error's SQLSTATE."""
    transaction = connection.begin()
    try:
        for statement in probe.setup:
            connection.execute(text(statement.format(**values)))
        result = connection.execute(text(probe.sql.format(**values)))
        if probe.action == "SELECT":
            return "done" if result.scalar() else "none"
        if probe.action == "INSERT":
            return "done"
        return "done" if result.rowcount else "none"
    except DBAPIError as error:
        state = getattr(error.orig, "sqlstate", None)
        return "refused" if state == "42501" else f"error {state}"
    finally:
        transaction.rollback()


@pytest.mark.parametrize(("role", "table"), list(itertools.product(ROLES, PRIVILEGES)))
def test_each_login_may_do_to_each_table_exactly_what_the_table_of_privileges_says(force, role, table):
    shared, names, rows = force
    values = {**names, **rows[role]}
    engine = shared.engine(PROBERS[role])
    with engine.connect() as connection:
        found = {
            (probe.action, probe.sql, probe.says): (_outcome(connection, probe, values), expected(role, table, probe))
            for probe in PROBES[table]
        }
    wrong = {key: outcome for key, outcome in found.items() if outcome[0] != outcome[1]}
    assert not wrong, "\n".join(f"{a} {s} ({w}): {o} where {e} was expected" for (a, s, w), (o, e) in wrong.items())


def test_the_statements_try_every_action_and_every_condition_of_every_table():
    """The probes cover the table of privileges: every table, every action, and each
    condition both met (a statement that is done) and broken (one that is refused or reads
    nothing); and they name only conditions that exist."""
    for table, rights in PRIVILEGES.items():
        probes = PROBES[table]
        assert {p.action for p in probes} == set(ACTIONS), table
        for action in ACTIONS:
            given = rights.rights.get(action, ())
            # One right per role and action (TableRights.right takes the first), one label each.
            assert len([role for r in given for role in r.roles]) == len({role for r in given for role in r.roles})
            assert len([r.label for r in given if r.label]) == len({r.label for r in given if r.label})
            labels = {r.label for r in given if r.label}
            named = set().union(*(p.breaks for p in probes if p.action == action))
            assert named <= labels, (table, action, named - labels)
            for label in labels:
                assert any(label in p.breaks for p in probes if p.action == action), (table, action, label)
                assert any(label not in p.breaks for p in probes if p.action == action), (table, action, label)


def test_every_table_of_the_database_is_in_the_table_of_privileges(force):
    shared, _, _ = force
    with shared.owner.engine.connect() as connection:
        tables = set(connection.scalars(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")))
    assert tables == set(PRIVILEGES) == {*m.Base.metadata.tables, "alembic_version"}


def test_the_docs_hold_the_table_of_privileges_as_the_data_says():
    docs = (ROOT / "docs" / "storage.md").read_text(encoding="utf-8")
    assert privileges_table() in docs


@pytest.mark.parametrize("role", ROLES)
def test_no_login_may_lock_a_table_others_write_but_where_its_rights_say(force, role):
    """PostgreSQL lets LOCK TABLE take any mode with a table's UPDATE, DELETE or TRUNCATE
    right: a login holding SHARE on audit_head in an open transaction would stop every
    desk's saves. Column UPDATE rights do not count, so only the tables where a role has a
    whole-table UPDATE or a DELETE (an administrator's app_user, a taker's own drafts) can be
    locked, which docs/storage.md says."""
    shared, _, _ = force
    engine = shared.engine(PROBERS[role])
    may_lock = {
        table
        for table, rights in PRIVILEGES.items()
        if rights.right(role, "DELETE") or (rights.right(role, "UPDATE") and not rights.right(role, "UPDATE").columns)
    }
    locked = set()
    with engine.connect() as connection:
        for table in PRIVILEGES:
            transaction = connection.begin()
            try:
                connection.exec_driver_sql("SET LOCAL lock_timeout = '5s'")
                connection.exec_driver_sql(f"LOCK TABLE {table} IN SHARE MODE")
                locked.add(table)
            except DBAPIError as error:
                assert error.orig.sqlstate == "42501", table
            finally:
                transaction.rollback()
    assert locked == may_lock


@pytest.mark.parametrize("chain", ["ann@desk-01", "jsmith@FORCE.POLICE.UK@desk-01", "ann@", "desk-01", "main", "@x"])
def test_the_database_reads_a_chains_login_as_asbdesk_does(force, chain):
    shared, _, _ = force
    with shared.owner.engine.connect() as connection:
        assert connection.scalar(text("SELECT asbdesk_chain_owner(:c)"), {"c": chain}) == chain_owner(chain)


def test_applied_again_over_an_older_run_the_rights_are_exactly_the_tables(pg_template):
    """An older `db roles` gave wider rights (UPDATE on every column of audit_head, which
    let any login move any chain; counter's UPDATE; a policy letting everyone read the whole
    trail). Applied again, the database holds exactly the GRANTs and policies PRIVILEGES
    makes, to nobody else (PUBLIC included), and nothing of the older run."""
    shared = SharedDatabase(pg_template)
    try:
        with shared.owner.engine.begin() as connection:
            for statement in (
                "GRANT SELECT, INSERT, UPDATE ON audit_head TO asbdesk_call_handler",
                "GRANT UPDATE ON counter TO asbdesk_call_handler, asbdesk_administrator",
                "GRANT SELECT, INSERT ON work_item, draft TO PUBLIC",
                "CREATE POLICY asbdesk_read ON audit_entry FOR SELECT USING (true)",
            ):
                connection.exec_driver_sql(statement)
            connection.exec_driver_sql(roles_sql())
            tables = connection.execute(
                text(
                    "SELECT c.relname, a.grantee::regrole::text, a.privilege_type "
                    "FROM pg_class c, aclexplode(c.relacl) a "
                    "WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' AND a.grantee <> c.relowner"
                )
            ).all()
            columns = connection.execute(
                text(
                    "SELECT c.relname, t.attname, a.grantee::regrole::text, a.privilege_type "
                    "FROM pg_attribute t JOIN pg_class c ON c.oid = t.attrelid, aclexplode(t.attacl) a "
                    "WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'"
                )
            ).all()
            policies = connection.execute(
                text("SELECT tablename, policyname FROM pg_policies WHERE schemaname = 'public'")
            ).all()
    finally:
        shared.close()
    want_tables, want_columns, want_policies = set(), set(), set()
    for table, rights in PRIVILEGES.items():
        for action in ACTIONS:
            for n, right in enumerate(rights.rights.get(action, ()), 1):
                for role in right.roles:
                    if right.columns:
                        want_columns |= {(table, column, GROUP[role], action) for column in right.columns}
                    else:
                        want_tables.add((table, GROUP[role], action))
                if rights.secured:
                    want_policies.add((table, f"asbdesk_{action.lower()}_{n}"))
    assert set(tables) == want_tables
    assert set(columns) == want_columns
    assert set(policies) == want_policies
