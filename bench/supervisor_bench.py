"""The supervisor's desk on a large force's database, against hand-written SQL doing the same work.

    python bench/supervisor_bench.py --database sqlite:////tmp/bench.sqlite [--runs 7]
        [--per-queue 10000] [--months 12] [--per-sample 200]

On a database from ``bench/storage_generate.py`` it adds ``--per-queue`` items to each
queue (flag requests, flags due for review, overrides, re-contacts, occurrences) and a year
of monthly dip samples (``--months`` x ``--per-sample`` logs, every checklist item marked,
a tenth of each sample's logs drawn again from the sample before and marked again later),
then times, asbdesk and the baseline interleaved (asbdesk, hand, asbdesk, hand...), medians
of ``--runs``, and a "cold" figure for each side (its first run in a fresh process: a
subprocess of this bench; the OS file cache is not dropped and no server is restarted):

- each queue's first page as the window opens it: ``review_items(kind, limit=PAGE)``, the
  table model filled and the table painted (target < 200 ms); the storage part alone
  (``review_items``) against the baseline: the same page (same columns, joins and order as
  ``supervision._flag_rows`` / ``_work_rows``) by hand SQL, turned into the same values (a
  dict per row with its summary words), and, for the re-contact queue, the same audit entry
  (the view of the callers shown) written by hand;
- the compliance report for a year (target < 1 s) against the same counting by hand SQL and
  Python (each log's latest mark per checklist item; per item, operator, month), with the
  same audit entry written by hand;
- the hotspots report for a year (target < 1 s) against the same report by hand SQL grouping
  the contacts themselves (asbdesk reads the counts its triggers keep); the two reports are
  compared ("equal: yes/no"), as are the queue pages and the compliance reports.

Everything the bench adds (work items, flags, samples, sample items, marks, and its user if
it had to add one) is inserted with plain SQL, never through asbdesk, so no audit entry
names it, and is deleted at the end (try/finally). The audit entries the timed reports and
views append (one per report run, one per re-contact page read; chains
``<user>@supbench`` and ``<user>@supbench-hand``) cannot be deleted: the trail is
append-only by trigger. They name no row the bench deletes, and each chain stays whole
(``asbdesk audit verify`` finds nothing to say of them).
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import os
import random
import statistics
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from functools import partial
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import Table, create_engine, delete, event, func, insert, select, text  # noqa: E402
from sqlalchemy.engine import Engine, make_url  # noqa: E402

NOW = datetime(2026, 11, 23, 14, 5, tzinfo=UTC)
# A year of whole days (UTC midnights, as the desk and the CLI ask): 24 Nov 2025 to 23 Nov 2026.
END = datetime.combine(NOW.date() + timedelta(days=1), clock_time(), UTC)
START = END - timedelta(days=365)
WORKSTATION, HAND_WORKSTATION = "supbench", "supbench-hand"
MARKER = "supbench"  # requested_by / drawn_by / details of what the bench adds
SUPERVISORS = ("bench-super", "supbench")  # the generator's supervisor, else one the bench adds
TOP = 20
GENESIS = "0" * 64
TARGETS_MS = {"queue": 200.0, "compliance": 1000.0, "hotspots": 1000.0}
QUEUES = ("flag-request", "flag-review", "override", "recontact", "occurrence")


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load {one:.2f} {five:.2f} {fifteen:.2f}"


def mark(ms: float, target: float) -> str:
    return "PASS" if ms < target else "MISS"


# ------------------------------------------------------------------ hand SQL: the baseline


def hand_engine(url: str) -> Engine:
    """A plain SQLAlchemy engine (no asbdesk code), with the connection settings asbdesk's
    engine uses on SQLite (WAL, mmap, page cache, foreign keys, busy timeout)."""
    from asbdesk.storage.database import normalise_url  # the URL's driver name only

    url = normalise_url(url)
    if make_url(url).get_backend_name() != "sqlite":
        return create_engine(url)
    engine = create_engine(url, connect_args={"timeout": 0.25})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi: Any, _record: Any) -> None:
        dbapi.isolation_level = None  # BEGIN is ours (hand_tx)
        for pragma in (
            "foreign_keys=ON",
            "journal_mode=WAL",
            "synchronous=NORMAL",
            "busy_timeout=250",
            "mmap_size=1073741824",
            "cache_size=-65536",
        ):
            dbapi.execute(f"PRAGMA {pragma}")

    return engine


@contextmanager
def hand_tx(engine: Engine, write: bool) -> Iterator[Any]:
    """One transaction: on SQLite a deferred BEGIN to read, BEGIN IMMEDIATE to write (as asbdesk)."""
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")
        yield connection
        connection.commit()


class Hand:
    """The same work as asbdesk's supervisor reads, by hand-written SQL with bound parameters."""

    def __init__(self, url: str, username: str) -> None:
        self.engine = hand_engine(url)
        self.sqlite = self.engine.dialect.name == "sqlite"
        self.username = username

    def at(self, moment: datetime) -> Any:
        return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f") if self.sqlite else moment

    def day(self, value: date) -> Any:
        return value.isoformat() if self.sqlite else value

    def read_at(self, value: Any) -> datetime:
        if isinstance(value, str):
            return datetime.fromisoformat(value).replace(tzinfo=UTC)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)

    def read_day(self, value: Any) -> date:
        return date.fromisoformat(value) if isinstance(value, str) else value

    def json_text(self, column: str, key: str) -> str:
        return f"json_extract({column}, '$.{key}')" if self.sqlite else f"({column} ->> '{key}')"

    def authorise(self, connection: Any) -> None:
        row = connection.execute(
            text("SELECT role, active FROM app_user WHERE username = :u"), {"u": self.username}
        ).first()
        if row is None or not row.active or row.role not in ("supervisor", "administrator"):
            raise SystemExit(f"{self.username} may not supervise")

    def audit(self, connection: Any, action: str, entity: str, entity_id: str, new: Any) -> None:
        """Append an entry to this user's chain as asbdesk does: lock the head, hash, insert, move the head."""
        chain = f"{self.username}@{HAND_WORKSTATION}"
        lock = "" if self.sqlite else " FOR UPDATE"
        head = connection.execute(
            text(f"SELECT seq, hash FROM audit_head WHERE chain = :c{lock}"), {"c": chain}
        ).first()
        if head is None:
            connection.execute(
                text("INSERT INTO audit_head (chain, seq, hash) VALUES (:c, 0, :h)"), {"c": chain, "h": GENESIS}
            )
            seq, previous = 1, GENESIS
        else:
            seq, previous = head.seq + 1, head.hash
        moment = NOW.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds")
        body = json.dumps(
            [seq, moment, self.username, HAND_WORKSTATION, action, entity, entity_id, None, new, previous],
            sort_keys=True,
            separators=(",", ":"),
            ensure_ascii=False,
            default=str,
        )
        digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
        as_json = ":new" if self.sqlite else "CAST(:new AS JSON)"
        connection.execute(
            text(
                "INSERT INTO audit_entry (chain, seq, at, username, workstation, action, entity, entity_id, "
                f"old, new, prev_hash, hash) VALUES (:c, :seq, :at, :u, :w, :a, :e, :eid, NULL, {as_json}, :p, :h)"
            ),
            {
                "c": chain,
                "seq": seq,
                "at": self.at(NOW),
                "u": self.username,
                "w": HAND_WORKSTATION,
                "a": action,
                "e": entity,
                "eid": entity_id,
                "new": None if new is None else json.dumps(new),
                "p": previous,
                "h": digest,
            },
        )
        connection.execute(
            text("UPDATE audit_head SET seq = :seq, hash = :h WHERE chain = :c"), {"seq": seq, "h": digest, "c": chain}
        )

    # -------------------------------------------------------------- a queue's first page

    FLAG_SQL = (
        "SELECT f.id, f.kind, f.person_id, f.phone_e164, f.requested_by, f.requested_at, f.review_due, "
        "f.linked_references, f.negate_risk, p.given_name, p.family_name, l.line1, l.postcode "
        "FROM flag f LEFT JOIN person p ON p.id = f.person_id LEFT JOIN location l ON l.id = f.location_id "
    )

    def queue_page(self, kind: str, limit: int) -> list[dict[str, Any]]:
        with hand_tx(self.engine, write=False) as connection:
            self.authorise(connection)
            if kind == "flag-request":
                rows = connection.execute(
                    text(self.FLAG_SQL + "WHERE f.status = 'requested' ORDER BY f.requested_at, f.id LIMIT :n"),
                    {"n": limit},
                ).all()
                page = [self.flag_request(row) for row in rows]
            elif kind == "flag-review":
                rows = connection.execute(
                    text(
                        self.FLAG_SQL + "WHERE f.status = 'active' AND f.review_due <= :today "
                        "ORDER BY f.review_due, f.id LIMIT :n"
                    ),
                    {"today": self.day(NOW.date()), "n": limit},
                ).all()
                page = [self.flag_review(row) for row in rows]
            else:
                page = [self.work(kind, row) for row in connection.execute(*self.work_sql(kind, limit)).all()]
        shown = [item["contact_reference"] for item in page if kind == "recontact"]
        if shown:  # asbdesk audits the callers' details shown: one view entry per page read
            with hand_tx(self.engine, write=True) as connection:
                self.audit(connection, "view", "recontact_queue", f"{len(shown)} shown", {"contacts": shown})
        return page

    def work_sql(self, kind: str, limit: int) -> tuple[Any, dict[str, Any]]:
        reach, joins = "", ""
        if kind == "recontact":
            reach = (
                f", coalesce({self.json_text('w.details', 'phone')}, "
                "(SELECT ph.e164 FROM phone ph WHERE ph.person_id = c.person_id ORDER BY ph.id LIMIT 1)) AS phone"
                f", coalesce({self.json_text('w.details', 'email')}, "
                "(SELECT em.address FROM email em WHERE em.person_id = c.person_id ORDER BY em.id DESC LIMIT 1)) "
                "AS email, l.line1, l.town, l.postcode, "
                "(SELECT count(*) FROM recontact_attempt a WHERE a.work_item_id = w.id) AS attempts"
            )
            joins = " LEFT JOIN location l ON l.id = c.location_id"
        sql = (
            "SELECT w.id, w.created_at, w.due_at, w.assigned_to, "
            f"{self.json_text('w.details', 'method')} AS method, c.reference, c.operator, c.incident_code, "
            "c.risk_level, c.grade, c.rag, c.override_field, c.override_reason, c.contact_preference, "
            f"p.given_name, p.family_name{reach} FROM work_item w JOIN contact c ON c.id = w.contact_id "
            f"LEFT JOIN person p ON p.id = c.person_id{joins} WHERE w.kind = :kind AND w.open = :open "
            "ORDER BY w.due_at, w.id LIMIT :n"
        )
        return text(sql), {"kind": kind, "open": True, "n": limit}

    @staticmethod
    def subject(row: Any) -> tuple[str, str]:
        from asbdesk.storage.supervision import phone_words

        if row.person_id is not None:
            return "person", f"{row.given_name or ''} {row.family_name or ''}".strip()
        if row.phone_e164:
            return "phone", phone_words(row.phone_e164)
        return "location", f"{row.line1 or ''}, {row.postcode or ''}"

    def flag_item(self, kind: str, row: Any, due: datetime, summary: str, facts: dict[str, Any]) -> dict[str, Any]:
        from asbdesk.storage.supervision import REFERENCE

        found = REFERENCE.findall(row.linked_references or "")
        subject, name = self.subject(row)
        return {
            "kind": kind,
            "id": row.id,
            "contact_reference": found[-1] if found else None,
            "created_at": self.read_at(row.requested_at),
            "due_at": due,
            "summary": summary,
            "details": {},
            "facts": {"flag_kind": row.kind, "subject": subject, "name": name, **facts},
        }

    def flag_request(self, row: Any) -> dict[str, Any]:
        from asbdesk.core.vocabulary import FLAG_SUBJECT_WORDS

        subject, name = self.subject(row)
        words = f"{row.kind.replace('_', ' ')} flag on {FLAG_SUBJECT_WORDS[subject]} {name}"
        return self.flag_item(
            "flag-request",
            row,
            self.read_at(row.requested_at),
            f"{words}, requested by {row.requested_by}",
            {"requested_by": row.requested_by},
        )

    def flag_review(self, row: Any) -> dict[str, Any]:
        from asbdesk.core.vocabulary import FLAG_SUBJECT_WORDS

        due = self.read_day(row.review_due)
        overdue = (NOW.date() - due).days
        when = f"overdue by {overdue} day{'s' * (overdue != 1)}" if overdue else "due today"
        subject, name = self.subject(row)
        words = f"{row.kind.replace('_', ' ')} flag on {FLAG_SUBJECT_WORDS[subject]} {name}"
        return self.flag_item(
            "flag-review",
            row,
            datetime.combine(due, clock_time(), UTC),
            f"{words}: monthly review {when}",
            {"overdue_days": overdue},
        )

    def work(self, kind: str, row: Any) -> dict[str, Any]:
        from asbdesk.storage.supervision import METHOD_WORDS, NOT_IDENTIFIED, phone_words

        name = f"{row.given_name or ''} {row.family_name or ''}".strip()
        details: dict[str, Any] = {"assigned_to": row.assigned_to, "rag": row.rag, "method": row.method}
        if kind == "override":
            chosen = row.risk_level if row.override_field == "risk_level" else row.grade
            summary = (
                f"{(row.override_field or '').replace('_', ' ')} set to {chosen.replace('_', ' ')} by "
                f"{row.operator}: {row.override_reason or ''}"
            )
            facts = {
                "field": row.override_field or "",
                "chosen": chosen or "",
                "operator": row.operator,
                "reason": row.override_reason or "",
            }
        elif kind == "recontact":
            caller = name or NOT_IDENTIFIED
            attempts = int(row.attempts or 0)
            details["caller"], details["attempts"] = caller, attempts
            address = ", ".join(x for x in (row.line1, row.town, row.postcode) if x)
            phone = phone_words(row.phone) if row.phone else ""
            reach = " · ".join(p for p in (phone, row.email or "", address) if p)
            method = METHOD_WORDS.get(row.method or "", (row.method or "").replace("_", " "))
            allocated = f"allocated to {row.assigned_to}" if row.assigned_to else "not allocated"
            tried = f", {attempts} attempt{'s' * (attempts != 1)}" if attempts else ""
            summary = (
                f"{method} for {caller} ({row.rag}), {allocated}{tried}: "
                f"{reach or 'no number, e-mail or address on record'}"
            )
            facts = {
                "method": row.method or "",
                "caller": name,
                "rag": row.rag,
                "assigned_to": row.assigned_to,
                "attempts": attempts,
                "phone": phone,
                "email": row.email or "",
                "address": address,
            }
        else:
            summary = (
                f"{row.rag} {row.incident_code} ({row.grade.replace('_', ' ')}) taken by {row.operator}: "
                "no occurrence recorded"
            )
            facts = {
                "rag": row.rag,
                "incident_code": row.incident_code,
                "grade": row.grade or "",
                "operator": row.operator,
            }
        return {
            "kind": kind,
            "id": row.id,
            "contact_reference": row.reference,
            "created_at": self.read_at(row.created_at),
            "due_at": self.read_at(row.due_at),
            "summary": summary,
            "details": details,
            "facts": facts,
        }

    # -------------------------------------------------------------- compliance

    def compliance(self, start: datetime, end: datetime) -> dict[str, Any]:
        from asbdesk.core.vocabulary import SAMPLE_CHECK_WORDS, SAMPLE_CHECKS

        span = {"s": self.at(start), "e": self.at(end)}
        with hand_tx(self.engine, write=True) as connection:
            self.authorise(connection)
            marks = connection.execute(
                text(
                    "SELECT i.contact_id, i.operator, i.sample_id, c.reference, c.started_at, k.id, k.check_id, "
                    "k.answer, k.note, k.marked_by, k.marked_at FROM sample_mark k "
                    "JOIN sample_item i ON i.id = k.item_id JOIN contact c ON c.id = i.contact_id "
                    "WHERE c.started_at >= :s AND c.started_at < :e"
                ),
                span,
            ).all()
            sampled_rows = connection.execute(
                text(
                    "SELECT i.operator, i.contact_id, i.sample_id FROM sample_item i "
                    "JOIN contact c ON c.id = i.contact_id WHERE c.started_at >= :s AND c.started_at < :e"
                ),
                span,
            ).all()
            connection.execute(
                text("SELECT display_name FROM app_user WHERE username = :u"), {"u": self.username}
            ).scalar()
            self.audit(connection, "report", "compliance", f"{start.date()}..{end.date()}", None)
        latest: dict[tuple[int, str], tuple[Any, datetime]] = {}
        for row in marks:
            marked = self.read_at(row.marked_at)
            held = latest.get((row.contact_id, row.check_id))
            if held is None or (marked, row.id) > (held[1], held[0].id):
                latest[row.contact_id, row.check_id] = (row, marked)
        checks: dict[str, Counter[str]] = {c: Counter() for c in SAMPLE_CHECKS}
        operators: dict[str, Counter[str]] = defaultdict(Counter)
        months: dict[str, Counter[str]] = defaultdict(Counter)
        month_logs: dict[str, set[int]] = defaultdict(set)
        notes: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row, marked in latest.values():
            started = self.read_at(row.started_at)
            checks[row.check_id][row.answer] += 1
            operators[row.operator][row.answer] += 1
            month = started.strftime("%Y-%m")
            months[month][row.answer] += 1
            month_logs[month].add(row.contact_id)
            if row.answer == "no":
                notes[row.operator].append(
                    {
                        "reference": row.reference,
                        "started_at": started.isoformat(),
                        "check": row.check_id,
                        "label": SAMPLE_CHECK_WORDS[row.check_id],
                        "note": row.note,
                        "marked_by": row.marked_by,
                        "marked_at": marked.isoformat(),
                        "sample": row.sample_id,
                    }
                )

        def rate(c: Counter[str]) -> float | None:
            return round(c["yes"] / (c["yes"] + c["no"]), 4) if c["yes"] + c["no"] else None

        order = {c: n for n, c in enumerate(SAMPLE_CHECKS)}
        sampled: dict[str, set[int]] = defaultdict(set)
        for operator, contact_id, _sample in sampled_rows:
            sampled[operator].add(contact_id)
        return {
            "items": [
                {
                    "check": c,
                    "label": SAMPLE_CHECK_WORDS[c],
                    "yes": checks[c]["yes"],
                    "no": checks[c]["no"],
                    "na": checks[c]["na"],
                    "rate": rate(checks[c]),
                }
                for c in SAMPLE_CHECKS
            ],
            "operators": [
                {
                    "operator": op,
                    "sampled": len(sampled[op]),
                    "yes": operators[op]["yes"],
                    "no": operators[op]["no"],
                    "rate": rate(operators[op]),
                    "no_notes": sorted(notes[op], key=lambda n: (n["started_at"], n["reference"], order[n["check"]])),
                }
                for op in sorted(sampled)
            ],
            "periods": [
                {
                    "period": key,
                    "sampled": len(month_logs[key]),
                    "yes": months[key]["yes"],
                    "no": months[key]["no"],
                    "rate": rate(months[key]),
                }
                for key in sorted(months)
            ],
            "read": {
                "samples": len({s for _o, _c, s in sampled_rows}),
                "logs": len({c for _o, c, _s in sampled_rows}),
                "marks": len(marks),
                "counted": len(latest),
            },
        }

    # -------------------------------------------------------------- hotspots

    def hotspots(self, start: datetime, end: datetime, top: int = TOP) -> dict[str, Any]:
        """The report grouping the period's contacts directly: four groupings, ranks with
        ties (rank() <= top keeps every row tied with the top-th, as asbdesk does)."""
        span = {"s": self.at(start), "e": self.at(end), "top": top}
        period = "c.started_at >= :s AND c.started_at < :e"
        if self.sqlite:
            district = (
                "CASE WHEN instr(l.postcode, ' ') > 0 THEN substr(l.postcode, 1, instr(l.postcode, ' ') - 1) "
                "WHEN length(l.postcode) > 3 THEN substr(l.postcode, 1, length(l.postcode) - 3) ELSE l.postcode END"
            )
            day = "date(c.started_at)"
        else:
            district = (
                "CASE WHEN strpos(l.postcode, ' ') > 0 THEN split_part(l.postcode, ' ', 1) "
                "WHEN length(l.postcode) > 3 THEN left(l.postcode, length(l.postcode) - 3) ELSE l.postcode END"
            )
            day = "CAST(c.started_at AT TIME ZONE 'UTC' AS DATE)"
        with hand_tx(self.engine, write=True) as connection:
            self.authorise(connection)
            locations = connection.execute(
                text(
                    "SELECT * FROM (SELECT l.line1, l.town, l.postcode, g.n, rank() OVER (ORDER BY g.n DESC) AS r "
                    f"FROM (SELECT c.location_id AS id, count(*) AS n FROM contact c WHERE {period} "
                    "GROUP BY c.location_id HAVING count(*) >= 2) g JOIN location l ON l.id = g.id) x "
                    "WHERE r <= :top ORDER BY n DESC, postcode, line1"
                ),
                span,
            ).all()
            callers = connection.execute(
                text(
                    "SELECT * FROM (SELECT p.given_name, p.family_name, g.n, rank() OVER (ORDER BY g.n DESC) AS r "
                    f"FROM (SELECT c.person_id AS id, count(*) AS n FROM contact c WHERE {period} "
                    "GROUP BY c.person_id HAVING count(*) >= 2) g JOIN person p ON p.id = g.id) x "
                    "WHERE r <= :top ORDER BY n DESC, family_name, given_name"
                ),
                span,
            ).all()
            by_day = connection.execute(
                text(
                    f"SELECT {district} AS district, {day} AS day, count(*) AS n FROM contact c "
                    f"JOIN location l ON l.id = c.location_id WHERE {period} GROUP BY 1, 2"
                ),
                span,
            ).all()
            codes = connection.execute(
                text(
                    "SELECT * FROM (SELECT c.incident_code, count(*) AS n, rank() OVER (ORDER BY count(*) DESC) AS r "
                    f"FROM contact c WHERE {period} GROUP BY c.incident_code) x WHERE r <= :top "
                    "ORDER BY n DESC, incident_code"
                ),
                span,
            ).all()
            self.audit(connection, "report", "hotspots", f"{start.date()}..{end.date()}", None)

        def week(day: date) -> str:
            year, number, _ = day.isocalendar()
            return f"{year}-W{number:02d}"

        heat: dict[str, Counter[str]] = defaultdict(Counter)
        for district_, when, n in by_day:
            heat[district_][week(self.read_day(when))] += int(n)
        weeks: list[str] = []
        cursor = start.date()
        while cursor < end.date():
            if week(cursor) not in weeks:
                weeks.append(week(cursor))
            cursor += timedelta(days=1)
        districts = sorted(heat, key=lambda d: (-sum(heat[d].values()), d))
        return {
            "locations": [
                {
                    "rank": r.r,
                    "location": ", ".join(x for x in (r.line1, r.town) if x),
                    "postcode": r.postcode,
                    "count": int(r.n),
                }
                for r in locations
            ],
            "callers": [
                {"rank": r.r, "caller": f"{r.given_name} {r.family_name}".strip(), "count": int(r.n)} for r in callers
            ],
            "districts": districts,
            "weeks": weeks,
            "heat": {d: dict(heat[d]) for d in districts},
            "codes": [{"rank": r.r, "code": r.incident_code, "count": int(r.n)} for r in codes],
        }


# ------------------------------------------------------------------ asbdesk's side, as values


def asbdesk_page(item: Any) -> dict[str, Any]:
    return {
        "kind": item.kind,
        "id": item.id,
        "contact_reference": item.contact_reference,
        "created_at": item.created_at,
        "due_at": item.due_at,
        "summary": item.summary,
        "details": item.details,
        "facts": item.facts,
    }


def asbdesk_compliance(report: Any) -> dict[str, Any]:
    return {
        "items": list(report.items),
        "operators": list(report.operators),
        "periods": list(report.periods),
        "read": dict(report.read),
    }


def asbdesk_hotspots(report: Any) -> dict[str, Any]:
    return {
        "locations": list(report.locations),
        "callers": list(report.callers),
        "districts": list(report.districts),
        "weeks": list(report.weeks),
        "heat": report.heat,
        "codes": list(report.codes),
    }


def differences(ours: dict[str, Any], hand: dict[str, Any]) -> list[str]:
    return [key for key in ours if ours[key] != hand.get(key)]


_VIEW: list[Any] = []


def table_view() -> tuple[Any, Any]:
    """The supervisor window's queue table (made once, as the window is)."""
    if not _VIEW:
        from PySide6.QtWidgets import QApplication, QTableView

        from asbdesk.gui.supervisor import QueueModel

        _VIEW.append(QApplication.instance() or QApplication([]))
        model = QueueModel(lambda: NOW)
        view = QTableView()
        view.setModel(model)
        view.resize(820, 780)
        _VIEW.extend((model, view))
    return _VIEW[1], _VIEW[2]


def open_queue(store: Any, actor: Any, kind: str, page: int) -> tuple[float, float, list[Any]]:
    """Open a queue as the window does: its first page read, the model filled, the table
    painted. Returns (storage ms, whole ms, items)."""
    from asbdesk.storage import supervision as sv

    model, view = table_view()
    started = time.perf_counter()
    items = sv.review_items(store, actor, kind, on=NOW.date(), limit=page)
    read = time.perf_counter()
    model.set_items(items)
    view.grab()  # paints the visible rows
    done = time.perf_counter()
    return (read - started) * 1000, (done - started) * 1000, items


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = fn()
    return (time.perf_counter() - started) * 1000, result


# ------------------------------------------------------------------ what the bench adds


@dataclass
class Added:
    """The bench's rows, by table, to delete at the end (children before parents)."""

    user: str | None = None
    rows: dict[str, list[int]] = field(default_factory=dict)


TABLES_IN_DELETE_ORDER = ("sample_mark", "sample_item", "dip_sample", "work_item", "flag")


def inserted(connection: Any, table: Any, rows: list[dict[str, Any]]) -> list[int]:
    if not rows:
        return []
    return [r[0] for r in connection.execute(insert(table).returning(table.c.id), rows).all()]


def supervisor(engine: Engine, added: Added) -> str:
    from asbdesk.storage import models as m

    with engine.begin() as connection:
        for name in SUPERVISORS:
            row = connection.execute(select(m.User.role, m.User.active).where(m.User.username == name)).first()
            if row is not None and row.active and row.role == "supervisor":
                return name
        name = SUPERVISORS[-1]
        connection.execute(
            insert(m.User),
            {
                "username": name,
                "display_name": "Supervisor Bench",
                "role": "supervisor",
                "active": True,
                "created_at": NOW,
            },
        )
    added.user = name
    return name


def seed(engine: Engine, added: Added, per_queue: int, months: int, per_sample: int) -> None:
    """Queues and samples, with plain inserts (no audit entry names them), ids kept in ``added``."""
    from asbdesk.core.vocabulary import SAMPLE_ANSWERS, SAMPLE_CHECKS
    from asbdesk.storage import models as m

    rng = random.Random(10)
    with engine.begin() as connection:
        people = connection.execute(select(func.max(m.Person.id))).scalar() or 0
        top = connection.execute(select(func.max(m.Contact.id))).scalar() or 0
        taken = set(connection.execute(select(m.WorkItem.kind, m.WorkItem.contact_id)).all())
        ids = rng.sample(range(1, top + 1), min(top, 3 * per_queue + len(taken)))
        work_rows = []
        for n, kind in enumerate(("override", "recontact", "occurrence")):
            free = [c for c in ids if (kind, c) not in taken][n * per_queue : (n + 1) * per_queue]
            for k, contact_id in enumerate(free):
                at = NOW - timedelta(minutes=k * 7)
                details = {"method": "ring_back"} if kind == "recontact" else {"rag": "red"}
                work_rows.append(
                    {
                        "kind": kind,
                        "contact_id": contact_id,
                        "created_at": at,
                        "due_at": at,
                        "open": True,
                        "details": {**details, "bench": MARKER},
                    }
                )
        added.rows["work_item"] = inserted(connection, m.WorkItem.__table__, work_rows)
        added.rows["flag"] = inserted(
            connection,
            m.Flag.__table__,
            [
                {
                    "kind": "vulnerable_victim",
                    "status": status,
                    "person_id": rng.randint(1, people),
                    "negate_risk": "Bench flag",
                    "officer_action": "",
                    "inform": "",
                    "linked_references": "",
                    "requested_by": MARKER,
                    "requested_at": NOW - timedelta(days=40, minutes=k),
                    "review_due": (NOW - timedelta(days=k % 20)).date() if status == "active" else None,
                }
                for status in ("requested", "active")
                for k in range(per_queue)
            ],
        )
        samples: list[int] = []
        items: list[int] = []
        marks: list[dict[str, Any]] = []
        before: list[tuple[Any, ...]] = []
        for month in range(months):
            first = START + timedelta(days=month * 30)
            last = min(first + timedelta(days=30), END)
            logs = connection.execute(
                select(m.Contact.id, m.Contact.operator)
                .where(m.Contact.started_at >= first, m.Contact.started_at < last)
                .order_by(m.Contact.id)
            ).all()
            chosen = rng.sample(logs, min(per_sample, len(logs)))
            again = before[: max(1, per_sample // 10)] if before else []  # logs drawn before, marked again
            (sample_id,) = inserted(
                connection,
                m.DipSample.__table__,
                [
                    {
                        "period_start": first,
                        "period_end": last,
                        "size": len(chosen) + len(again),
                        "seed": month,
                        "drawn_by": MARKER,
                        "drawn_at": NOW,
                        "overlap_allowed": True,
                        "left_out": 0,
                    }
                ],
            )
            samples.append(sample_id)
            rows = [
                {"sample_id": sample_id, "contact_id": cid, "operator": op, "position": n}
                for n, (cid, op) in enumerate([*chosen, *again], 1)
            ]
            new_items = inserted(connection, m.SampleItem.__table__, rows)
            items += new_items
            marks += [
                {
                    "item_id": item_id,
                    "check_id": check,
                    "answer": rng.choices(SAMPLE_ANSWERS, (70, 20, 10))[0],
                    "note": "Bench note",
                    "marked_by": MARKER,
                    "marked_at": NOW - timedelta(days=months - month),
                }
                for item_id in new_items
                for check in SAMPLE_CHECKS
            ]
            before = [tuple(log) for log in chosen]
        added.rows["dip_sample"] = samples
        added.rows["sample_item"] = items
        added.rows["sample_mark"] = inserted(connection, m.SampleMark.__table__, marks)


def clean_up(engine: Engine, added: Added) -> None:
    from asbdesk.storage import models as m

    tables: dict[str, Table] = {t.name: t for t in m.Base.metadata.sorted_tables}
    with engine.begin() as connection:
        for name in TABLES_IN_DELETE_ORDER:
            ids = added.rows.get(name, [])
            for at in range(0, len(ids), 5000):
                connection.execute(delete(tables[name]).where(tables[name].c.id.in_(ids[at : at + 5000])))
        if added.user:
            connection.execute(delete(m.User).where(m.User.username == added.user))
    added.rows.clear()
    added.user = None


def row_counts(engine: Engine) -> dict[str, int]:
    """Rows in every table asbdesk has, but the audit trail (append-only)."""
    from asbdesk.storage import models as m

    with engine.connect() as connection:
        return {
            t.name: int(connection.execute(select(func.count()).select_from(t)).scalar() or 0)
            for t in m.Base.metadata.sorted_tables
            if t.name not in ("audit_entry", "audit_head")
        }


# ------------------------------------------------------------------ a cold run (a fresh process)


def cold_child(url: str, side: str, what: str, username: str, page: int) -> None:
    """The first run of one side in this fresh process: prints {"ms": ..., "storage_ms": ...}."""
    result: dict[str, float] = {}
    if side == "hand":
        # The words the rows are made into, loaded before the timer as asbdesk's side has them.
        import asbdesk.core.vocabulary
        import asbdesk.storage.supervision  # noqa: F401

        hand = Hand(url, username)
        with hand.engine.connect() as connection:  # connected before the timer, as Store.open is
            connection.execute(text("SELECT 1"))
        if what.startswith("queue:"):
            result["ms"], _ = timed(lambda: hand.queue_page(what[6:], page))
        elif what == "compliance":
            result["ms"], _ = timed(lambda: hand.compliance(START, END))
        else:
            result["ms"], _ = timed(lambda: hand.hotspots(START, END))
        hand.engine.dispose()
    else:
        from asbdesk.storage import supervision as sv
        from asbdesk.storage.records import Actor
        from asbdesk.storage.store import Store

        actor = Actor(username, WORKSTATION)
        store = Store.open(url, migrate=False, clock=lambda: NOW)
        try:
            if what.startswith("queue:"):
                table_view()  # the window is there before a queue opens
                result["storage_ms"], result["ms"], _ = open_queue(store, actor, what[6:], page)
            elif what == "compliance":
                result["ms"], _ = timed(lambda: sv.compliance(store, actor, START, END))
            else:
                result["ms"], _ = timed(lambda: sv.hotspots(store, actor, START, END))
        finally:
            store.close()
    print(json.dumps(result))


def cold(url: str, side: str, what: str, username: str, page: int) -> dict[str, float]:
    command = [sys.executable, str(Path(__file__).resolve()), "--database", url, "--cold-child", side, what]
    command += ["--user", username, "--page", str(page)]
    done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=600)
    if done.returncode:
        raise SystemExit(f"cold run {side} {what} failed:\n{done.stderr[-2000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


# ------------------------------------------------------------------ the bench


def median(values: list[float]) -> float:
    return statistics.median(values)


def run(url: str, runs: int, per_queue: int, months: int, per_sample: int) -> bool:
    """Seed, measure, clean up; True if every comparison was equal and the tables are as before."""
    from asbdesk.gui.supervisor import PAGE
    from asbdesk.storage import supervision as sv
    from asbdesk.storage.records import Actor
    from asbdesk.storage.store import Store

    table_view()
    store = Store.open(url, migrate=True, clock=lambda: NOW)
    before = row_counts(store.engine)
    added = Added()
    hand = Hand(url, "")
    all_equal = True
    try:
        username = supervisor(store.engine, added)
        actor = Actor(username, WORKSTATION)
        hand.username = username
        seed(store.engine, added, per_queue, months, per_sample)
        # The tables' statistics brought up to date, as autovacuum does within a minute of a
        # load like this: without them PostgreSQL plans the pages as if the queues were empty.
        with store.engine.begin() as connection:
            connection.execute(text("ANALYZE"))
        print(
            f"{store.description}: {runs} runs each side, interleaved (asbdesk, hand, ...), medians; "
            f"one warm-up each first, not timed; cold = the first run in a fresh process "
            f"(connected, modules loaded; OS file cache not dropped); gc on; {load()}"
        )
        print(
            f"  added: {', '.join(f'{len(v)} {k}' for k, v in added.rows.items())}; period {START.date()}..{END.date()}"
        )
        for kind in QUEUES:
            cold_ours = cold(url, "asbdesk", f"queue:{kind}", username, PAGE)
            cold_hand = cold(url, "hand", f"queue:{kind}", username, PAGE)
            storage, whole, plain = [], [], []
            items: list[Any] = []
            page: list[dict[str, Any]] = []
            open_queue(store, actor, kind, PAGE)  # one warm-up each, not timed
            hand.queue_page(kind, PAGE)
            for _ in range(runs):
                read_ms, whole_ms, items = open_queue(store, actor, kind, PAGE)
                storage.append(read_ms)
                whole.append(whole_ms)
                ms, page = timed(partial(hand.queue_page, kind, PAGE))
                plain.append(ms)
            same = [asbdesk_page(i) for i in items] == page
            all_equal &= same
            print(
                f"  queue {kind:<12} first {len(items):>3}: opens {median(whole):6.1f} ms "
                f"[{mark(median(whole), TARGETS_MS['queue'])} < 200] (cold {cold_ours['ms']:6.1f}); "
                f"storage alone {median(storage):6.1f} ms (cold {cold_ours['storage_ms']:6.1f}) vs hand SQL "
                f"{median(plain):6.1f} ms (cold {cold_hand['ms']:6.1f}): {median(storage) / median(plain):4.2f}x "
                f"warm, {cold_ours['storage_ms'] / cold_hand['ms']:4.2f}x cold; same page: {'yes' if same else 'no'}; "
                f"{load()}"
            )
        reports: list[tuple[str, Callable[[], Any], Callable[[], dict[str, Any]], Callable[[Any], dict[str, Any]]]] = [
            (
                "compliance",
                lambda: sv.compliance(store, actor, START, END),
                lambda: hand.compliance(START, END),
                asbdesk_compliance,
            ),
            (
                "hotspots",
                lambda: sv.hotspots(store, actor, START, END),
                lambda: hand.hotspots(START, END),
                asbdesk_hotspots,
            ),
        ]
        for name, ours_fn, hand_fn, as_values in reports:
            cold_ours = cold(url, "asbdesk", name, username, PAGE)
            cold_hand = cold(url, "hand", name, username, PAGE)
            ours_ms, hand_ms = [], []
            report: Any = None
            by_hand: dict[str, Any] = {}
            ours_fn(), hand_fn()  # one warm-up each, not timed
            for _ in range(runs):
                ms, report = timed(ours_fn)
                ours_ms.append(ms)
                ms, by_hand = timed(hand_fn)
                hand_ms.append(ms)
            differ = differences(as_values(report), by_hand)
            all_equal &= not differ
            size = (
                f"{report.read['counted']} marks counted of {report.read['marks']} on {report.read['logs']} logs"
                if name == "compliance"
                else f"{sum(sum(w.values()) for w in report.heat.values())} contacts at a location"
            )
            print(
                f"  {name} for a year ({size}): {median(ours_ms):7.1f} ms "
                f"[{mark(median(ours_ms), TARGETS_MS[name])} < 1000] (cold {cold_ours['ms']:7.1f}); hand SQL "
                f"{median(hand_ms):7.1f} ms (cold {cold_hand['ms']:7.1f}): {median(ours_ms) / median(hand_ms):5.2f}x "
                f"warm, {cold_ours['ms'] / cold_hand['ms']:5.2f}x cold; "
                f"equal: {'yes' if not differ else 'no (' + ', '.join(differ) + ')'}; {load()}"
            )
        print(
            "  both sides append an audit entry per report run and per re-contact page read (asbdesk "
            f"to {username}@{WORKSTATION}, hand SQL to {username}@{HAND_WORKSTATION})"
        )
    finally:
        store.wait_for_audit()
        clean_up(store.engine, added)
        after = row_counts(store.engine)
        store.close()
        hand.engine.dispose()
    changed = sorted(name for name in before if before[name] != after.get(name))
    print(
        "  cleaned up: every row the bench added was deleted; rows per table as before (audit trail aside): "
        + ("yes" if not changed else f"no ({', '.join(changed)})")
    )
    print("  left: the audit entries above (the trail is append-only by trigger: they cannot be deleted)")
    return all_equal and not changed


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--per-queue", type=int, default=10_000, help="items added to each queue")
    parser.add_argument("--months", type=int, default=12, help="monthly dip samples added (at most 12)")
    parser.add_argument("--per-sample", type=int, default=200, help="logs in each sample")
    parser.add_argument("--cold-child", nargs=2, metavar=("SIDE", "WHAT"), help=argparse.SUPPRESS)
    parser.add_argument("--user", help=argparse.SUPPRESS)
    parser.add_argument("--page", type=int, default=500, help=argparse.SUPPRESS)
    args = parser.parse_args()
    assert gc.isenabled()
    if args.cold_child:
        side, what = args.cold_child
        cold_child(args.database, side, what, args.user, args.page)
        return
    ok = run(args.database, args.runs, args.per_queue, min(args.months, 12), args.per_sample)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
