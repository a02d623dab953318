"""Storage benchmarks: find a caller and load what the desk shows; save under concurrency.

Targets (issue 3, issue 8 item 6, issue 24), for each backend: finding a caller by phone,
by postcode or by name prefix and loading their flags, history and repeat result, p95
under 15 ms warm (cold reported); a save, p95 under 30 ms with 20 concurrent writers on
PostgreSQL; each no more than 2x the same work written by hand.

The hand-written side (HandSQL) does the same work as asbdesk through the bare driver, with
plain SQL and bound parameters: the role check, the same queries, the same record objects,
the engine's repeat rule, and the same rows written in the same transactions. A save writes
what ``Store.save_contact`` writes: the contact (with the call kept in ``call_input``), its
supervisor's work items (override review, occurrence, re-contact: the rules written out
here), and the audit entry carrying the SHA-256 digest of the contact row and of each work
item as read back, chained to the entry before it with the same SHA-256 chain hash (both
written out here, not imported: a test holds them against ``Store.verify_audit``). A view
of a caller's record writes its audit entry with the person row's digest, as asbdesk does.
After the saves the bench counts the rows each side added, table by table, and stops with
an error unless they are equal.

Lookups are interleaved: each kind of lookup alternates asbdesk and hand SQL, one lookup
each, in ABBA order, every lookup on a different sampled caller (the two sides never share
a caller, so neither warms the other's rows). Warm (the default): every caller is
looked up once, by the side that is timed on it, before the timed pass. ``--cold``: a fresh
process for every batch of lookups, on callers and search keys never touched before in the
run (the process connects and is warmed on one pair of other callers first, as a desk that
has been open all shift). Nothing is restarted and no cache is dropped: the server's shared
buffers and the OS page cache keep what anything else read, so "cold" means not touched by
this run, and the output says so. The machine's load (os.getloadavg) is printed beside each
figure; garbage collection runs as it does in the desk.

Everything the bench writes is removed at the end, in a ``finally`` (also after an error or
Ctrl+C): the contacts it saved and their work items (and anything a supervisor attached to
them meanwhile). What it cannot remove is printed: the audit trail is append-only (a
trigger, migration 0004), so its audit entries (the saves' and the views') stay, in chains
named ``bench@bench-app-*`` and ``bench@bench-hand-*``, and ``asbdesk audit verify`` names
the removed contacts and work items as deleted outside asbdesk. ``--remove-leftovers`` only
removes the contacts (and work items) that an earlier, killed run left behind, including
those of the bench before issue 24 (workstations ``bench-ws-N``).

    python bench/storage_generate.py --database URL      # once
    python bench/storage_bench.py --database URL          # warm lookups and saves
    python bench/storage_bench.py --database URL --cold   # lookups in fresh processes on untouched callers
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import os
import random
import signal
import statistics
import time
import uuid
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, text

from asbdesk.core.call import Call, InputError, Override, call_from_json, call_to_json
from asbdesk.core.engine import Engine
from asbdesk.core.normalise import name_key, phone_display
from asbdesk.core.packs.registry import resolve_pack
from asbdesk.core.render import REFERENCE_PLACEHOLDER, render_text
from asbdesk.storage import models as m
from asbdesk.storage.records import (
    PERMISSIONS,
    Actor,
    CallerContext,
    ContactRecord,
    FlagRecord,
    HistoryEntry,
    LocationRecord,
    PersonSummary,
)
from asbdesk.storage.store import Store, reference_for, refuse_nul

NOW = datetime(2026, 11, 23, 14, 5, tzinfo=UTC)
ACTOR = Actor("bench", "bench-ws")  # kept for bench/sqlite_read_under_write.py
USER = "bench"  # the call handler storage_generate.py adds
APP_LOOKUPS = Actor(USER, "bench-app-lookups")
HAND_LOOKUPS = Actor(USER, "bench-hand-lookups")
KINDS = ("phone", "postcode", "name prefix")
# The workstations the bench saves from: side "app" or "hand", and the writer's number. The
# bench before issue 24 saved from "bench-ws-N" (storage_generate.py's contacts are all from
# "bench-ws" by "handler-NN", never by "bench").
SAVE_WORKSTATIONS = ("bench-app-ws-%", "bench-hand-ws-%")
OLD_SAVE_WORKSTATIONS = ("bench-ws-%",)


def save_actor(side: str, index: int) -> Actor:
    return Actor(USER, f"bench-{side}-ws-{index}")


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def load_now() -> tuple[float, float, float]:
    return os.getloadavg()


def load_words(start: tuple[float, float, float], end: tuple[float, float, float]) -> str:
    return f"load {start[0]:.2f}->{end[0]:.2f} (1 min), {end[1]:.2f} (5 min), {end[2]:.2f} (15 min)"


SQLITE_STAMP = "%Y-%m-%d %H:%M:%S.%f"

# The row digest's column types, written out from asbdesk/storage/models.py for the tables
# the hand side reads back: each value is put in the form asbdesk's SQLAlchemy types give
# (aware UTC datetimes, dates, booleans, parsed JSON) before it is hashed.
TIMES = {
    "contact": {"started_at", "saved_at"},
    "work_item": {"created_at", "due_at", "assigned_at", "closed_at"},
    "person": {"created_at"},
}
DATES = {"person": {"date_of_birth"}}
BOOLS = {"contact": {"is_repeat", "vulnerable", "consent"}, "work_item": {"open"}}
JSONS = {"contact": {"answers", "assessment", "call_input"}, "work_item": {"details"}}
# Columns added after rows were first hashed: left out of the digest while NULL.
LATER_COLUMNS = {"audit_key", "overlap_allowed", "left_out", "call_input"}
GENESIS = "0" * 64


def canonical(table: str, column: str, value: Any) -> Any:
    """A stored value as the row digest hashes it."""
    if value is None:
        return None
    if column in TIMES.get(table, ()):
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return value.isoformat(timespec="microseconds")
    if column in DATES.get(table, ()):
        return value if isinstance(value, str) else value.isoformat()
    if column in BOOLS.get(table, ()):
        return bool(value)
    if column in JSONS.get(table, ()) and isinstance(value, str):
        return json.loads(value)
    return value


def row_digest(table: str, row: dict[str, Any]) -> str:
    """SHA-256 of a row's columns as the database holds them (asbdesk: store._digest_of)."""
    body = {}
    for column, value in row.items():
        value = canonical(table, column, value)
        if value is not None or column not in LATER_COLUMNS:
            body[column] = value
    text_ = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(text_.encode("utf-8")).hexdigest()


def chain_hash(
    seq: int,
    at: datetime,
    username: str,
    workstation: str,
    action: str,
    entity: str,
    entity_id: str,
    old: Any,
    new: Any,
    prev_hash: str,
) -> str:
    """SHA-256 of an audit entry's fields and the hash of the entry before it (asbdesk:
    store.entry_hash)."""
    moment = at.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds")
    body = json.dumps(
        [seq, moment, username, workstation, action, entity, entity_id, old, new, prev_hash],
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        default=str,
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def work_rules(saved: datetime, assessment: dict[str, Any]) -> list[tuple[str, datetime, dict[str, Any]]]:
    """The supervisor's work a saved contact leaves (asbdesk: store.work_for), written out:
    an override to review within a day, the occurrence of an amber or red incident at once,
    a re-contact by ring back or e-mail within a day."""
    items: list[tuple[str, datetime, dict[str, Any]]] = []
    override = assessment.get("override") or {}
    if override:
        items.append(("override", saved + timedelta(days=1), {"field": override.get("field")}))
    if assessment["rag"] in ("amber", "red"):
        items.append(("occurrence", saved, {"rag": assessment["rag"]}))
    method = assessment.get("contact_method")
    if method in ("ring_back", "email"):
        caller = assessment.get("caller") or {}
        reach = {key: caller[key] for key in ("phone", "email") if isinstance(caller.get(key), str)}
        items.append(("recontact", saved + timedelta(days=1), {"method": method, **reach}))
    return items


class HandSQL:
    """The desk's lookups and saves written by hand against the bare DBAPI connection.

    The same work as asbdesk: the role read from app_user in the transaction, the same
    queries (one round trip per kind of data), the same record objects, the engine's
    repeat rule over the fetched history, the same rows written (see the module's
    docstring), and the same transactions (SQLite: BEGIN to read, BEGIN IMMEDIATE to
    write; PostgreSQL: the driver's default read committed). What it leaves out is
    SQLAlchemy.
    """

    def __init__(self, store: Store, actor: Actor = ACTOR) -> None:
        self.backend = store.backend
        self.sqlite = self.backend == "sqlite"
        self.raw = store.engine.raw_connection()
        self.mark = "%s" if self.backend == "postgresql" else "?"
        self.actor = actor

    def q(self, sql: str, params: tuple = ()) -> list[tuple]:
        cursor = self.raw.cursor()
        cursor.execute(sql.replace("?", self.mark), params)
        rows = cursor.fetchall() if cursor.description else []
        cursor.close()
        return rows

    def q_dicts(self, sql: str, params: tuple = ()) -> list[dict[str, Any]]:
        cursor = self.raw.cursor()
        cursor.execute(sql.replace("?", self.mark), params)
        names = [d[0] for d in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        cursor.close()
        return rows

    def begin(self, write: bool) -> None:
        if self.sqlite:
            self.q("BEGIN IMMEDIATE" if write else "BEGIN")

    def rollback(self) -> None:
        try:
            self.raw.rollback()
        except Exception:  # the error being raised matters, not this one
            pass

    def when(self, value):  # a stored instant as an aware UTC datetime, as UTCDateTime gives it
        if value is None:
            return None
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)

    def bind_time(self, value: datetime):
        return value.astimezone(UTC).replace(tzinfo=None).strftime(SQLITE_STAMP) if self.sqlite else value

    def authorise(self, permission: str) -> str:
        rows = self.q("SELECT role, active FROM app_user WHERE username = ?", (self.actor.username,))
        if not rows or not rows[0][1] or rows[0][0] not in PERMISSIONS[permission]:
            raise PermissionError(self.actor.username)
        return rows[0][0]

    def summaries(self, people: list[tuple], matched_on: str) -> list[PersonSummary]:
        """Numbers, addresses and e-mail addresses of the people, in one round trip."""
        ids = tuple(p[0] for p in people)
        if not ids:
            return []
        marks = ", ".join("?" for _ in ids)
        rows = self.q(
            f"SELECT 0, person_id, id, e164, NULL, NULL, NULL FROM phone WHERE person_id IN ({marks}) "
            f"UNION ALL SELECT 1, pl.person_id, l.id, NULL, l.line1, l.town, l.postcode FROM person_location pl "
            f"JOIN location l ON l.id = pl.location_id WHERE pl.person_id IN ({marks}) "
            f"UNION ALL SELECT 2, person_id, id, address, NULL, NULL, NULL FROM email WHERE person_id IN ({marks})",
            ids + ids + ids,
        )
        phones: dict[int, list[str]] = {}
        locations: dict[int, list[LocationRecord]] = {}
        emails: dict[int, list[str]] = {}
        for kind, person_id, row_id, value, line1, town, code in sorted(rows, key=lambda r: (r[0], r[2])):
            if kind == 0:
                phones.setdefault(person_id, []).append(value)
            elif kind == 1:
                locations.setdefault(person_id, []).append(LocationRecord(row_id, line1, town, code))
            else:
                emails.setdefault(person_id, []).append(value)
        return [
            PersonSummary(
                p[0],
                p[1],
                p[2],
                date.fromisoformat(p[3]) if isinstance(p[3], str) else p[3],
                tuple(phones.get(p[0], ())),
                tuple(locations.get(p[0], ())),
                matched_on,
                tuple(emails.get(p[0], ())),
            )
            for p in people
        ]

    def find(self, kind: str, key: str) -> list[PersonSummary]:
        high = key + "\U0010ffff"
        self.begin(False)
        try:
            self.authorise("read_person")
            person = "SELECT id, given_name, family_name, date_of_birth FROM person WHERE id IN ({}) ORDER BY family_key, given_key"
            if kind == "phone":
                people = self.q(
                    person.format("SELECT DISTINCT person_id FROM phone WHERE e164 >= ? AND e164 < ? LIMIT 20"),
                    (key, high),
                )
            elif kind == "postcode":
                people = self.q(
                    person.format(
                        "SELECT pl.person_id FROM person_location pl JOIN location l ON l.id = pl.location_id "
                        "WHERE l.postcode_key >= ? AND l.postcode_key < ? LIMIT 20"
                    ),
                    (key, high),
                )
            else:
                cols = "id, given_name, family_name, date_of_birth, family_key, given_key"
                rows = self.q(
                    f"SELECT 0, * FROM (SELECT {cols} FROM person WHERE family_key >= ? AND family_key < ? ORDER BY family_key, given_key LIMIT 20) a "
                    f"UNION ALL SELECT 1, * FROM (SELECT {cols} FROM person WHERE given_key >= ? AND given_key < ? ORDER BY given_key, family_key LIMIT 20) b",
                    (key, high, key, high),
                )
                rows.sort(key=lambda r: (r[0], (r[5], r[6]) if r[0] == 0 else (r[6], r[5])))
                found: dict[int, tuple] = {}
                for row in rows:
                    found.setdefault(row[1], row[1:5])
                people = list(found.values())[:20]
            out = self.summaries(people, kind if kind != "name prefix" else "name")
            self.raw.commit()
        except BaseException:
            self.rollback()
            raise
        return out

    def context(self, person_id: int, now: datetime, engine: Engine) -> CallerContext:
        self.begin(False)
        try:
            context = self._read_context(person_id, now)
            self.raw.commit()
        except BaseException:
            self.rollback()
            raise
        self.begin(True)  # the view, in its own write transaction after the read, as asbdesk does
        try:
            self.audit("view", "person", person_id)
            self.raw.commit()
        except BaseException:
            self.rollback()
            raise
        engine.caller_repeat(now, context.history_items())  # the desk's next step, as below
        return context

    def _read_context(self, person_id: int, now: datetime) -> CallerContext:
        self.authorise("read_person")
        person = self.q("SELECT id, given_name, family_name, date_of_birth FROM person WHERE id = ?", (person_id,))
        [summary] = self.summaries(person, "id")
        locs = tuple(loc.id for loc in summary.locations)
        live = "status = 'active' AND (expires_at IS NULL OR expires_at > ?)"
        at = self.bind_time(now)
        lookups, params = [f"SELECT id FROM flag WHERE person_id = ? AND {live}"], [person_id, at]
        if summary.phones:
            lookups.append(
                f"SELECT id FROM flag WHERE phone_e164 IN ({', '.join('?' for _ in summary.phones)}) AND {live}"
            )
            params += [*summary.phones, at]
        if locs:
            lookups.append(f"SELECT id FROM flag WHERE location_id IN ({', '.join('?' for _ in locs)}) AND {live}")
            params += [*locs, at]
        flags = tuple(
            FlagRecord(
                r[0],
                r[1],
                r[2],
                "person" if r[3] is not None else "phone" if r[4] else "location",
                r[3],
                r[4],
                r[5],
                r[6],
                r[7],
                r[8],
                r[9],
                r[10],
                self.when(r[11]),
                r[12],
                date.fromisoformat(r[13]) if isinstance(r[13], str) else r[13],
                self.when(r[14]),
                r[15],
                r[16],
                r[17],
            )
            for r in self.q(
                "SELECT id, kind, status, person_id, phone_e164, location_id, negate_risk, officer_action, inform, linked_references, "
                "requested_by, requested_at, authorised_by, review_due, expires_at, removal_reason, necessity, refusal_reason FROM flag "
                f"WHERE id IN ({' UNION ALL '.join(lookups)}) ORDER BY id",
                tuple(params),
            )
        )
        cols = "id, reference, started_at, channel, incident_code, category, risk_level, grade, rag, person_id, location_id"
        sql = f"SELECT 0, * FROM (SELECT {cols} FROM contact WHERE person_id = ? ORDER BY started_at DESC LIMIT 200) a"
        hparams: tuple = (person_id,)
        if locs:
            sql += f" UNION ALL SELECT 1, * FROM (SELECT {cols} FROM contact WHERE location_id IN ({', '.join('?' for _ in locs)}) ORDER BY started_at DESC LIMIT 200) b"
            hparams += locs
        by_tag: dict[int, list[HistoryEntry]] = {0: [], 1: []}
        for tag, cid, ref, started, *rest in self.q(sql, hparams):
            by_tag[tag].append(HistoryEntry(cid, ref, self.when(started), *rest))
        newest = lambda items: tuple(sorted(items, key=lambda h: (h.started_at, h.contact_id), reverse=True))  # noqa: E731
        return CallerContext(summary, flags, newest(by_tag[0]), newest(by_tag[1]))

    def digests(self, table: str, key: str, values: Iterable[Any]) -> dict[str, str]:
        """The digests of rows read back by key, key (as text) -> SHA-256."""
        values = tuple(values)
        if not values:
            return {}
        rows = self.q_dicts(f"SELECT * FROM {table} WHERE {key} IN ({', '.join('?' for _ in values)})", values)
        return {str(row[key]): row_digest(table, row) for row in rows}

    def audit(
        self,
        action: str,
        entity: str,
        entity_id,
        new: dict | None = None,
        rows: dict[str, tuple[Any, ...]] | None = None,
    ) -> None:
        """Append an entry to the login's chain at this workstation, with the digest of the
        entity's own row (a contact by reference, a person by id) and of ``rows`` (table ->
        ids) as read back in this transaction."""
        chain = f"{self.actor.username}@{self.actor.workstation.replace('@', '-')}"[:128]
        lock = " FOR UPDATE" if self.backend == "postgresql" else ""
        head = self.q("SELECT seq, hash FROM audit_head WHERE chain = ?" + lock, (chain,))
        if not head:
            self.q(
                "INSERT INTO audit_head (chain, seq, hash) VALUES (?, 0, ?) ON CONFLICT (chain) DO NOTHING",
                (chain, GENESIS),
            )
            head = self.q("SELECT seq, hash FROM audit_head WHERE chain = ?" + lock, (chain,))
        own = {"contact": "reference", "person": "id"}.get(entity)
        if own is not None:
            digest = self.digests(entity, own, (entity_id,)).get(str(entity_id))
            if digest is not None:
                new = {**(new or {}), "row": digest}
        vouched = {
            table: found for table, ids in sorted((rows or {}).items()) if (found := self.digests(table, "id", ids))
        }
        if vouched:
            new = {**(new or {}), "rows": vouched}
        seq, prev = head[0][0] + 1, head[0][1]
        digest = chain_hash(
            seq, NOW, self.actor.username, self.actor.workstation, action, entity, str(entity_id), None, new, prev
        )
        self.q(
            "INSERT INTO audit_entry (chain, seq, at, username, workstation, action, entity, entity_id, old, new, prev_hash, hash) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                chain,
                seq,
                self.bind_time(NOW),
                self.actor.username,
                self.actor.workstation,
                action,
                entity,
                str(entity_id),
                json.dumps(None),  # SQLAlchemy's JSON keeps None as JSON null, as asbdesk's entry has it
                json.dumps(new),
                prev,
                digest,
            ),
        )
        self.q("UPDATE audit_head SET seq = ?, hash = ? WHERE chain = ?", (seq, digest, chain))

    def save(self, record: ContactRecord) -> str:
        """The contact, its work items and its audit entry, in one write transaction."""
        if (
            record.flag_requests
            or record.new_caller is not None
            or (record.assessment.get("caller") or {}).get("email")
        ):
            raise NotImplementedError("the bench's saves carry no flag requests, caller added offline or e-mail")
        for name, value in (
            ("uuid", record.uuid),
            ("answers", record.answers),
            ("log_text", record.log_text),
            ("assessment", record.assessment),
            ("actor", (self.actor.username, self.actor.workstation)),
        ):
            refuse_nul(name, value)  # the same checks as save_contact, before any SQL
        a = record.assessment
        if record.call is not None:
            refuse_nul("call", record.call)
            try:  # the kept call reads back and is the call assessed, as save_contact checks
                kept = call_from_json(record.call)
            except InputError as error:
                raise ValueError(f"the call kept cannot be read: {error}") from None
            if kept.incident_code != a["incident"]["code"]:
                raise ValueError("the call kept is not the call assessed")
        self.begin(True)
        try:
            reference = self._save(record)
            self.raw.commit()
        except BaseException:
            self.rollback()
            raise
        return reference

    def _save(self, record: ContactRecord) -> str:
        a = record.assessment
        self.authorise("write_contact")
        if self.q("SELECT id FROM contact WHERE uuid = ?", (record.uuid,)):
            return "already saved"
        if self.sqlite:
            number = self.q("UPDATE counter SET value = value + 1 WHERE name = 'contact_reference' RETURNING value")[0][
                0
            ]
        else:
            number = self.q("SELECT nextval('contact_reference_seq')")[0][0]
        reference = reference_for(record.saved_at.year, number)
        override = a.get("override") or {}
        [(contact_id,)] = self.q(
            "INSERT INTO contact (uuid, reference, channel, started_at, saved_at, operator, workstation, person_id, location_id, "
            "incident_code, category, pack_id, pack_version, pack_hash, risk_level, grade, rag, is_repeat, vulnerable, "
            "override_field, override_reason, review_status, contact_preference, consent, answers, assessment, log_text, "
            "call_input) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "RETURNING id",
            (
                record.uuid,
                reference,
                a["channel"],
                self.bind_time(record.started_at),
                self.bind_time(record.saved_at),
                self.actor.username,
                self.actor.workstation,
                record.person_id,
                record.location_id,
                a["incident"]["code"],
                a["incident"]["category"],
                a["pack"]["id"],
                a["pack"]["version"],
                a["pack"]["hash"],
                a["risk"]["level"],
                a["grade"]["id"],
                a["rag"],
                bool(a["repeat"]["is_repeat"]),
                bool(a["vulnerable"]),
                override.get("field"),
                override.get("reason"),
                "pending" if override else None,
                a.get("contact_preference"),
                a.get("consent"),
                json.dumps(record.answers),
                json.dumps({**a, "reference": reference}),
                record.log_text.replace(REFERENCE_PLACEHOLDER, reference),
                json.dumps(record.call),
            ),
        )
        self.q("DELETE FROM draft WHERE uuid = ?", (record.uuid,))
        work = work_rules(record.saved_at, a)
        work_ids: tuple[int, ...] = ()
        if work:
            rows = ", ".join("(?, ?, ?, ?, ?, ?)" for _ in work)
            params: list[Any] = []
            for kind, due, details in work:
                at = self.bind_time(record.saved_at)
                params += [kind, contact_id, at, self.bind_time(due), True, json.dumps(details)]
            work_ids = tuple(
                r[0]
                for r in self.q(
                    f"INSERT INTO work_item (kind, contact_id, created_at, due_at, open, details) VALUES {rows} RETURNING id",
                    tuple(params),
                )
            )
        self.audit(
            "create",
            "contact",
            reference,
            {
                "uuid": record.uuid,
                "incident_code": a["incident"]["code"],
                "risk_level": a["risk"]["level"],
                "grade": a["grade"]["id"],
                "rag": a["rag"],
                "person_id": record.person_id,
                "location_id": record.location_id,
                "override": override.get("field"),
            },
            rows={"work_item": work_ids} if work_ids else None,
        )
        return reference

    def close(self) -> None:
        self.raw.close()


def make_records(count: int, seed: int, people: int) -> list[ContactRecord]:
    """Real assessments and logs rendered by asbdesk.core, varied by code, answers, an
    operator's override now and then, a re-contact asked for now and then, and time; the
    call kept with each, as the desk saves it. The same seed gives the same contents (new
    uuids), so both sides save the same contacts."""
    engine = Engine(resolve_pack("default"))
    rng = random.Random(seed)
    out = []
    for i in range(count):
        when = NOW - timedelta(minutes=i)
        answers: dict[str, Any] = {
            "weapons": rng.random() < 0.1,
            "hate": rng.random() < 0.15,
            "children": rng.random() < 0.2,
            "further_contact": rng.random() < 0.3,
        }
        if answers["further_contact"]:
            answers["contact_method"] = rng.choice(["visit", "ring_back", "email"])
        override = Override("risk_level", "medium", "Caller sounded frightened") if rng.random() < 0.1 else None
        call = Call(rng.choice(["801", "802", "803", "804"]), when, "phone", answers, override=override)
        assessment = engine.assess(call)
        out.append(
            ContactRecord(
                str(uuid.uuid4()),
                when,
                NOW,
                assessment.to_dict(),
                answers,
                render_text(assessment),
                rng.randint(1, people),
                call=call_to_json(call),
            )
        )
    return out


def save_worker(url: str, saves: int, index: int, people: int, pace_ms: float, seed: int, ready: Any) -> dict[str, Any]:
    """One workstation process saving ``saves`` contacts through asbdesk and as many by hand,
    alternating in ABBA order (even writers start with asbdesk, odd ones by hand), each side
    with its own connection and audit chain, pausing 0..2 x pace_ms before its first save and
    after each save (0: back to back). Both sides save the same contents. Timing starts when
    every writer is ready (``ready``: a barrier), so no writer is timed while the others
    still start up."""
    try:
        store = Store.open(url, migrate=False, clock=lambda: NOW)
        hand = HandSQL(store, save_actor("hand", index))
    except BaseException:
        ready.abort()
        raise
    rng = random.Random(seed * 1000 + index)
    app_actor = save_actor("app", index)
    out: dict[str, Any] = {"app": [], "hand": []}
    try:
        try:
            app_records = make_records(saves + 3, seed * 1000 + index, people)
            hand_records = make_records(saves + 3, seed * 1000 + index, people)
            for app_record, hand_record in zip(app_records[:3], hand_records[:3], strict=True):
                # A workstation runs all shift: connect and prepare before timing.
                store.save_contact(app_actor, app_record)
                hand.save(hand_record)
        except BaseException:
            ready.abort()
            raise
        ready.wait(600)
        out["load_start"] = load_now()
        if pace_ms:
            # Workstations do not save in step: each starts at its own moment, as it goes on
            # (without this, all writers' first saves hit the server at the same instant).
            time.sleep(rng.uniform(0, 2 * pace_ms) / 1000)
        for n in range(saves):
            pair = [("app", app_records[3 + n]), ("hand", hand_records[3 + n])]
            if (n + index) % 2:  # ABBA, and half the writers start with each side
                pair.reverse()
            for side, record in pair:
                t0 = time.perf_counter()
                if side == "app":
                    store.save_contact(app_actor, record)
                else:
                    hand.save(record)
                out[side].append((time.perf_counter() - t0) * 1000)
                if pace_ms:
                    time.sleep(rng.uniform(0, 2 * pace_ms) / 1000)
    finally:
        hand.close()
        store.close()
    return out


Caller = tuple[int, str, str, str, int]  # person id, family name, a phone, a postcode, their contacts


def sample_callers(
    store: Store, count: int, seed: int, by: str = "calls", distinct: bool = False
) -> tuple[list[Caller], str]:
    """Callers as calls arrive: a person is picked in proportion to their contacts (so
    the few who call hundreds of times come up often, and most picks are people with one
    or two), never the same person twice in a row. ``by="callers"``: every person who has
    called is equally likely (most then have one or two contacts, few have hundreds).
    ``distinct``: no person twice (for cold lookups). Returns (person id, family name, phone,
    postcode, their contact count) and a line describing the mix."""
    rng = random.Random(seed)
    with store.engine.connect() as connection:
        counts = connection.execute(
            text("SELECT person_id, count(*) FROM contact WHERE person_id IS NOT NULL GROUP BY person_id")
        ).all()
        ids, weights = [c[0] for c in counts], [c[1] for c in counts]
        picks: list[int] = []
        taken: set[int] = set()
        tries = 0
        while len(picks) < count and tries < count * 200:
            tries += 1
            pid = rng.choices(ids, weights)[0] if by == "calls" else rng.choice(ids)
            if (picks and picks[-1] == pid) or (distinct and pid in taken):
                continue
            picks.append(pid)
            taken.add(pid)
        rows = connection.execute(
            text(
                "SELECT p.id, p.family_name, min(ph.e164), min(l.postcode) FROM person p JOIN phone ph ON ph.person_id = p.id "
                "JOIN person_location pl ON pl.person_id = p.id JOIN location l ON l.id = pl.location_id "
                "WHERE p.id IN :ids GROUP BY p.id, p.family_name"
            ).bindparams(bindparam("ids", expanding=True)),
            {"ids": sorted(set(picks))},
        ).all()
    by_id = {r[0]: r for r in rows}
    n_of = dict(counts)
    sample: list[Caller] = [(*by_id[p], n_of[p]) for p in picks if p in by_id]
    ns = [s[4] for s in sample] or [0]
    mix = (
        f"{len(sample)} callers ({len(set(s[0] for s in sample))} distinct): {sum(n <= 2 for n in ns)} with 1-2 contacts, "
        f"{sum(3 <= n < 100 for n in ns)} with 3-99, {sum(n >= 100 for n in ns)} with 100+ (max {max(ns)}); "
        f"name prefixes start with {len(set(s[1][0] for s in sample))} different letters"
    )
    return sample, mix


def typed_and_key(caller: Caller, kind: str) -> tuple[str, str]:
    """What the handler types, and the search key the hand side looks up."""
    _, family, e164, code, _ = caller
    if kind == "phone":
        return phone_display(e164), e164
    if kind == "postcode":
        return code, code.replace(" ", "")
    return family[:3], name_key(family[:3])


def look_up(side: str, store: Store, actor: Actor, hand: HandSQL, engine: Engine, caller: Caller, kind: str) -> float:
    """One lookup as the desk makes it: find by phone/postcode/name prefix, then load the
    caller picked from the list and count the repeat rule over their history. Returns ms."""
    typed, key = typed_and_key(caller, kind)
    t0 = time.perf_counter()
    if side == "hand":
        found = hand.find(kind, key)
        hand.context(caller[0], NOW, engine)
    else:
        found = store.find_callers(actor, typed)
        context = store.caller_context(actor, caller[0], NOW)
        engine.caller_repeat(NOW, context.history_items())  # what the desk shows with it
    elapsed = (time.perf_counter() - t0) * 1000
    if not found:
        raise RuntimeError(f"a {kind} lookup found nobody: the sample does not match the database")
    return elapsed


def interleaved(
    store: Store, hand: HandSQL, engine: Engine, pairs: list[tuple[Caller, Caller]], kind: str
) -> tuple[list[float], list[float]]:
    """Each pair: asbdesk on its caller and hand SQL on the other, in ABBA order."""
    app_ms: list[float] = []
    hand_ms: list[float] = []
    for n, (app_caller, hand_caller) in enumerate(pairs):
        order = [("app", app_caller), ("hand", hand_caller)]
        if n % 2:
            order.reverse()
        for side, caller in order:
            ms = look_up(side, store, APP_LOOKUPS, hand, engine, caller, kind)
            (app_ms if side == "app" else hand_ms).append(ms)
    return app_ms, hand_ms


def cold_batch(
    url: str, kind: str, warm_pair: tuple[Caller, Caller], pairs: list[tuple[Caller, Caller]]
) -> tuple[list[float], list[float]]:
    """In a fresh process: connect and warm the process on one pair of other callers, then
    time the pairs (callers and keys not touched before in this run)."""
    store = Store.open(url, migrate=False, clock=lambda: NOW)
    hand = HandSQL(store, HAND_LOOKUPS)
    engine = Engine(resolve_pack("default"))
    try:
        interleaved(store, hand, engine, [warm_pair], kind)
        return interleaved(store, hand, engine, pairs, kind)
    finally:
        hand.close()
        store.close()


def untouched_pairs(
    sample: list[Caller], kind: str, count: int, used: set[tuple[str, str]]
) -> list[tuple[Caller, Caller]]:
    """``count`` pairs of callers not looked up before in this run, whose search key for
    ``kind`` nobody looked up before either (``used`` is updated)."""
    chosen: list[Caller] = []
    for caller in sample:
        key, person = (kind, typed_and_key(caller, kind)[1]), ("person", str(caller[0]))
        if key in used or person in used:
            continue
        used.update((key, person))
        chosen.append(caller)
        if len(chosen) == 2 * count:
            break
    return list(zip(chosen[0::2], chosen[1::2], strict=True))


def line(label: str, a: list[float], b: list[float], target: float | None, load: str) -> str:
    verdict = (
        ""
        if target is None
        else f" | target p95 < {target:.0f} ms: "
        + ("met" if p95(a) < target else f"NOT met (+{p95(a) - target:.2f} ms)")
    )
    ratio = p95(a) / p95(b)
    return (
        f"  {label}: asbdesk median {statistics.median(a):6.2f} ms, p95 {p95(a):6.2f} ms (n={len(a)}) "
        f"| hand SQL median {statistics.median(b):6.2f} ms, p95 {p95(b):6.2f} ms (n={len(b)}) | ratio p95 {ratio:4.2f}x"
        f"{'' if ratio <= 2 else ' (over 2x)'}{verdict} | {load}"
    )


def figures(a: list[float], b: list[float], start: tuple, end: tuple) -> dict[str, Any]:
    return {
        "app": {"median": statistics.median(a), "p95": p95(a), "n": len(a)},
        "hand": {"median": statistics.median(b), "p95": p95(b), "n": len(b)},
        "ratio_p95": p95(a) / p95(b),
        "load_start": list(start),
        "load_end": list(end),
    }


# ---------------------------------------------------------------- rows, and clean-up


# Kept by the database's own triggers for every contact, either side's alike (migration 0011:
# the hotspots' counts), so not one side's rows; taken off again as the clean-up removes them.
COUNTED_BY_TRIGGER = ("contact_count_day", "contact_count_month")


def table_names() -> list[str]:
    return sorted(m.Base.metadata.tables)


def row_counts(store: Store) -> dict[str, int]:
    with store.engine.connect() as connection:
        return {
            name: int(connection.execute(text(f"SELECT count(*) FROM {name}")).scalar() or 0) for name in table_names()
        }


def max_ids(store: Store) -> dict[str, int]:
    """The highest contact and audit entry ids now: what the bench adds comes after."""
    with store.engine.connect() as connection:
        return {
            name: int(connection.execute(text(f"SELECT coalesce(max(id), 0) FROM {name}")).scalar() or 0)
            for name in ("contact", "audit_entry")
        }


def chain_heads(store: Store) -> dict[str, int]:
    """How many audit chains each side's writers have (a chain's head row is added once)."""
    with store.engine.connect() as connection:
        return {
            side: int(
                connection.execute(
                    text("SELECT count(*) FROM audit_head WHERE chain LIKE :chain"),
                    {"chain": f"{USER}@bench-{side}-ws-%"},
                ).scalar()
                or 0
            )
            for side in ("app", "hand")
        }


def rows_by_side(store: Store, after: dict[str, int], heads_before: dict[str, int]) -> dict[str, dict[str, int]]:
    """The rows each side's saves added after ``after`` (max ids), table by table."""
    out = {}
    heads = chain_heads(store)
    with store.engine.connect() as connection:
        for side in ("app", "hand"):
            params = {"ws": f"bench-{side}-ws-%", "chain": f"{USER}@bench-{side}-ws-%", "user": USER}
            mine = "operator = :user AND workstation LIKE :ws AND id > :contact"
            p = {**params, "contact": after["contact"], "entry": after["audit_entry"]}
            out[side] = {
                "contact": connection.execute(text(f"SELECT count(*) FROM contact WHERE {mine}"), p).scalar(),
                "work_item": connection.execute(
                    text(f"SELECT count(*) FROM work_item WHERE contact_id IN (SELECT id FROM contact WHERE {mine})"), p
                ).scalar(),
                "audit_entry": connection.execute(
                    text("SELECT count(*) FROM audit_entry WHERE chain LIKE :chain AND id > :entry"), p
                ).scalar(),
                "audit_head": heads[side] - heads_before[side],
            }
    return {side: {table: int(n or 0) for table, n in counts.items()} for side, counts in out.items()}


def bench_contacts(store: Store, after: int | None, workstations: tuple[str, ...]) -> list[int]:
    """The ids of the contacts the bench saved (operator 'bench', a bench workstation):
    after contact id ``after`` (this run's: an index range), or all of them (a whole scan)."""
    where = " OR ".join(f"workstation LIKE :ws{n}" for n in range(len(workstations)))
    params: dict[str, Any] = {f"ws{n}": pattern for n, pattern in enumerate(workstations)}
    params["user"] = USER
    sql = f"SELECT id FROM contact WHERE operator = :user AND ({where})"
    if after is not None:
        sql += " AND id > :after"
        params["after"] = after
    with store.engine.connect() as connection:
        return [int(r[0]) for r in connection.execute(text(sql), params)]


# What may hang off a saved contact, children first: a supervisor may have acted on the
# bench's contacts while it ran (they are in the queues). (table, column, parent query)
DEPENDENTS = (
    ("sample_mark", "item_id", "SELECT id FROM sample_item WHERE contact_id IN :ids"),
    ("sample_item", "contact_id", None),
    ("recontact_attempt", "work_item_id", "SELECT id FROM work_item WHERE contact_id IN :ids"),
    ("contact_revision", "contact_id", None),
    ("work_item", "contact_id", None),
    ("contact", "id", None),
)


def remove_contacts(store: Store, ids: list[int]) -> dict[str, int]:
    """Delete the contacts and every row that refers to them, children first, in one
    transaction a chunk at a time. Returns rows deleted per table."""
    deleted = {table: 0 for table, _, _ in DEPENDENTS}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        with store.engine.begin() as connection:
            for table, column, parent in DEPENDENTS:
                where = f"{column} IN ({parent})" if parent else f"{column} IN :ids"
                statement = text(f"DELETE FROM {table} WHERE {where}").bindparams(bindparam("ids", expanding=True))
                deleted[table] += connection.execute(statement, {"ids": chunk}).rowcount or 0
    return deleted


class CleanUp:
    """Removes what the bench saved, once, whatever happened; Ctrl+C waits for it."""

    def __init__(self, store: Store, before: dict[str, int], start_ids: dict[str, int]) -> None:
        self.store, self.before, self.start_ids = store, before, start_ids
        self.report: dict[str, Any] = {}

    def run(self) -> dict[str, Any]:
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            print("clean-up: removing the contacts and work items the bench saved (Ctrl+C waits)", flush=True)
            ids = bench_contacts(self.store, self.start_ids["contact"], SAVE_WORKSTATIONS)
            deleted = remove_contacts(self.store, ids)
            after = row_counts(self.store)
            changed = {t: after[t] - self.before[t] for t in table_names() if after[t] != self.before[t]}
            kept = {t: n for t, n in changed.items() if t in ("audit_entry", "audit_head")}
            other = {t: n for t, n in changed.items() if t not in kept}
            self.report = {"deleted": deleted, "after": after, "left_in_audit": kept, "other_changes": other}
            print(f"  deleted: {', '.join(f'{t} {n}' for t, n in deleted.items() if n) or 'nothing'}")
            print(
                "  left behind: "
                + (", ".join(f"{t} +{n}" for t, n in kept.items()) or "nothing")
                + ": the audit trail is append-only (a trigger, migration 0004), so this run's entries stay, in "
                "chains bench@bench-app-* and bench@bench-hand-*"
                + (
                    "; `asbdesk audit verify` names the contacts and work items removed here as deleted outside "
                    "asbdesk, and the contact reference counter (SQLite) or sequence (PostgreSQL) stays advanced"
                    if deleted["contact"]
                    else ""
                )
            )
            if other:
                print(f"  OTHER TABLES CHANGED while the bench ran (not by its saves?): {other}")
            else:
                print("  every other table has the row count it had before the bench")
            return self.report
        finally:
            signal.signal(signal.SIGINT, previous)


# ---------------------------------------------------------------- the run


def run_lookups(args: argparse.Namespace, store: Store, engine: Engine, out: dict[str, Any]) -> None:
    mode = "COLD" if args.cold else "warm"
    seed = args.seed if args.seed is not None else (random.randrange(1_000_000) if args.cold else 7)
    print(
        f"  lookups, {mode}: {args.rounds} of each kind each side, interleaved (asbdesk and hand SQL alternating in "
        f"ABBA order, each lookup on a different caller); sample seed {seed}"
    )
    if args.cold:
        print(
            f"  cold = a fresh process for every {args.batch} lookups a side, on callers and search keys not touched "
            "before in this run (the process connects and is warmed on one other pair first); nothing is restarted "
            "and no cache is dropped, so the server's buffers and the OS page cache keep whatever else read them"
        )
    else:
        print("  warm = every caller looked up once, by the side timed on it, before the timed pass")
    per_kind = args.rounds * 2 + (2 * ((args.rounds + args.batch - 1) // args.batch) if args.cold else 0)
    sample, mix = sample_callers(store, per_kind * len(KINDS) * 2 + 20, seed, by=args.sampling, distinct=args.cold)
    print(f"  sample ({args.sampling}): {mix}")
    results: dict[str, Any] = {}
    if not args.cold:
        hand = HandSQL(store, HAND_LOOKUPS)
        try:
            for k, kind in enumerate(KINDS):
                part = sample[k * 2 * args.rounds : (k + 1) * 2 * args.rounds]
                pairs = list(zip(part[0::2], part[1::2], strict=True))
                interleaved(store, hand, engine, pairs, kind)  # touch every key once
                start = load_now()
                app_ms, hand_ms = interleaved(store, hand, engine, pairs, kind)
                end = load_now()
                results[kind] = figures(app_ms, hand_ms, start, end)
                print(
                    line(f"find by {kind:<11} + flags, history, repeat", app_ms, hand_ms, 15, load_words(start, end)),
                    flush=True,
                )
        finally:
            hand.close()
    else:
        used: set[tuple[str, str]] = set()
        ctx = multiprocessing.get_context("spawn")
        for kind in KINDS:
            app_ms: list[float] = []
            hand_ms: list[float] = []
            start = load_now()
            left = args.rounds
            while left > 0:
                size = min(args.batch, left)
                pairs = untouched_pairs(sample, kind, size + 1, used)
                if len(pairs) < size + 1:
                    raise SystemExit(f"not enough untouched callers for cold {kind} lookups: lower --rounds")
                with ProcessPoolExecutor(max_workers=1, mp_context=ctx) as fresh:
                    a, b = fresh.submit(cold_batch, args.database, kind, pairs[0], pairs[1:]).result()
                app_ms += a
                hand_ms += b
                left -= size
            end = load_now()
            results[kind] = figures(app_ms, hand_ms, start, end)
            print(
                line(f"find by {kind:<11} + flags, history, repeat", app_ms, hand_ms, 15, load_words(start, end)),
                flush=True,
            )
    out["lookups"] = {"mode": mode, "seed": seed, "results": results}


def run_saves(args: argparse.Namespace, store: Store, people: int, out: dict[str, Any]) -> None:
    writers = args.writers if store.backend == "postgresql" else 1
    print(
        f"  saves: {writers} writer process(es), each a workstation saving {args.saves} contacts through asbdesk and "
        f"{args.saves} by hand, alternating (ABBA), each side on its own connection and audit chain, the same contents"
    )
    store.wait_for_audit(60)  # SQLite: the lookups' views, if any are still to be written
    ids_before = max_ids(store)
    heads_before = chain_heads(store)
    counts_before = row_counts(store)
    ctx = multiprocessing.get_context("spawn")
    phases = []
    for n, pace in enumerate((args.pace_ms, 0)):
        with ctx.Manager() as manager, ctx.Pool(writers) as pool:
            ready = manager.Barrier(writers)
            jobs = [(args.database, args.saves, i, people, pace, args.seed_saves + n, ready) for i in range(writers)]
            parts = pool.starmap(save_worker, jobs)
        start, end = parts[0]["load_start"], load_now()
        app_ms = [x for part in parts for x in part["app"]]
        hand_ms = [x for part in parts for x in part["hand"]]
        load = f"each pausing ~{pace:.0f} ms after each save" if pace else "back to back (saturated)"
        target = 30 if store.backend == "postgresql" and pace else None
        print(
            line(f"save, {writers} writer(s) {load}", app_ms, hand_ms, target, load_words(start, end)),
            flush=True,
        )
        phases.append({"pace_ms": pace, **figures(app_ms, hand_ms, start, end)})
    sides = rows_by_side(store, ids_before, heads_before)
    counts_after = row_counts(store)
    added = {
        t: counts_after[t] - counts_before[t]
        for t in table_names()
        if counts_after[t] != counts_before[t] and t not in COUNTED_BY_TRIGGER
    }
    equal = sides["app"] == sides["hand"]
    accounted = {t: sides["app"].get(t, 0) + sides["hand"].get(t, 0) for t in added}
    print(
        "  rows the saves added: asbdesk "
        + ", ".join(f"{t} {n}" for t, n in sides["app"].items())
        + " | hand SQL "
        + ", ".join(f"{t} {n}" for t, n in sides["hand"].items())
        + (" | equal" if equal else " | NOT EQUAL")
    )
    out["saves"] = {"writers": writers, "phases": phases, "rows": sides, "rows_equal": equal, "added": added}
    if not equal:
        raise SystemExit("the two sides' saves wrote different numbers of rows: the figures above are not comparable")
    if accounted != added:
        raise SystemExit(f"rows were added that neither side's saves account for: {added} against {accounted}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--rounds", type=int, default=300, help="lookups of each kind, each side")
    parser.add_argument("--writers", type=int, default=20, help="writer processes (PostgreSQL; SQLite: 1)")
    parser.add_argument("--saves", type=int, default=50, help="saves per writer per side, in each of the two phases")
    parser.add_argument("--pace-ms", type=float, default=200, help="mean pause after each of a writer's saves")
    parser.add_argument("--cold", action="store_true", help="lookups only, in fresh processes on untouched callers")
    parser.add_argument("--batch", type=int, default=25, help="cold: lookups a side in each fresh process")
    parser.add_argument("--no-saves", action="store_true")
    parser.add_argument("--no-lookups", action="store_true")
    parser.add_argument("--seed", type=int, help="the callers' sample (default: 7 warm, a new one cold)")
    parser.add_argument("--seed-saves", type=int, default=11, help="the saved contacts' contents")
    parser.add_argument(
        "--sampling",
        choices=("calls", "callers"),
        default="calls",
        help="calls: a person in proportion to their contacts (default); callers: every caller alike",
    )
    parser.add_argument("--json", help="also write the figures and row counts to this file")
    parser.add_argument(
        "--remove-leftovers",
        action="store_true",
        help="only remove the contacts (and work items) earlier runs of the bench left behind, then stop",
    )
    args = parser.parse_args(argv)

    store = Store.open(args.database, migrate=False, clock=lambda: NOW)
    if args.remove_leftovers:
        try:
            ids = bench_contacts(store, None, SAVE_WORKSTATIONS + OLD_SAVE_WORKSTATIONS)
            deleted = remove_contacts(store, ids)
            print(f"removed what earlier bench runs saved: {', '.join(f'{t} {n}' for t, n in deleted.items())}")
        finally:
            store.close()
        return
    engine = Engine(resolve_pack("default"))
    before = row_counts(store)
    start_ids = max_ids(store)
    out: dict[str, Any] = {"database": store.description, "backend": store.backend, "before": before}
    print(
        f"{store.description}: {before['person']:,} people, {before['contact']:,} contacts; "
        f"{'COLD' if args.cold else 'warm'}; load at start " + " ".join(f"{x:.2f}" for x in load_now())
    )
    clean_up = CleanUp(store, before, start_ids)
    interrupted = False
    try:
        if not args.no_lookups:
            run_lookups(args, store, engine, out)
        if not args.cold and not args.no_saves:
            run_saves(args, store, before["person"], out)
    except KeyboardInterrupt:
        interrupted = out["interrupted"] = True
        print("interrupted (Ctrl+C): no more figures", flush=True)
    finally:
        store.wait_for_audit(60)  # SQLite: views written after the lock was free
        try:
            out["clean_up"] = clean_up.run()
        finally:
            store.close()
            if args.json:
                with open(args.json, "w", encoding="utf-8") as handle:
                    json.dump(out, handle, indent=2, default=str)
    if interrupted:
        raise SystemExit(130)


if __name__ == "__main__":
    main()
