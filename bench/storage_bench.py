"""Storage benchmarks: find a caller and load what the desk shows; save under concurrency.

Targets (issue 3, issue 8 item 6), for each backend: finding a caller by phone, by
postcode or by name prefix and loading their flags, history and repeat result, p95
under 15 ms warm (cold reported); a save, p95 under 30 ms with 20 concurrent writers on
PostgreSQL over 2,000 saves; each no more than 2x the same work written by hand.

The hand-written side (HandSQL) does the same work as asbdesk through the bare driver:
the role check, the same queries, the same records, the engine's repeat rule, the audit
append with its SHA-256 chain hash, in the same transactions. Callers are sampled as
calls arrive (in proportion to their past contacts, never the same one twice running);
saves carry real assessments and logs rendered by asbdesk.core.

    python bench/storage_generate.py --database URL      # once
    python bench/storage_bench.py --database URL          # warm lookups and saves
    python bench/storage_bench.py --database URL --cold   # lookups after dropping caches (root)
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import statistics
import subprocess
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import bindparam, text

from asbdesk.core.call import Call
from asbdesk.core.engine import Engine
from asbdesk.core.normalise import name_key, phone_display
from asbdesk.core.packs.registry import resolve_pack
from asbdesk.core.render import REFERENCE_PLACEHOLDER, render_text
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
from asbdesk.storage.store import Store, _chain_for, entry_hash, reference_for, refuse_nul

NOW = datetime(2026, 11, 23, 14, 5, tzinfo=UTC)
ACTOR = Actor("bench", "bench-ws")


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def timed(fn: Callable[[], object], rounds: int) -> list[float]:
    out = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


SQLITE_STAMP = "%Y-%m-%d %H:%M:%S.%f"


class HandSQL:
    """The desk's lookups and saves written by hand against the bare DBAPI connection.

    The same work as asbdesk: the role read from app_user in the transaction, the same
    queries (one round trip per kind of data), the same record objects, the engine's
    repeat rule over the fetched history, the audit append with its real SHA-256 chain
    hash, and the same transactions (SQLite: BEGIN to read, BEGIN IMMEDIATE to write;
    PostgreSQL: the driver's default read committed). What it leaves out is SQLAlchemy.
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

    def begin(self, write: bool) -> None:
        if self.sqlite:
            self.q("BEGIN IMMEDIATE" if write else "BEGIN")

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
        ids = tuple(p[0] for p in people)
        if not ids:
            return []
        marks = ", ".join("?" for _ in ids)
        rows = self.q(
            f"SELECT person_id, id, e164, NULL, NULL, NULL FROM phone WHERE person_id IN ({marks}) "
            f"UNION ALL SELECT pl.person_id, l.id, NULL, l.line1, l.town, l.postcode FROM person_location pl "
            f"JOIN location l ON l.id = pl.location_id WHERE pl.person_id IN ({marks})",
            ids + ids,
        )
        phones: dict[int, list[str]] = {}
        locations: dict[int, list[LocationRecord]] = {}
        for person_id, row_id, number, line1, town, code in sorted(rows, key=lambda r: (r[2] is None, r[1])):
            if number is not None:
                phones.setdefault(person_id, []).append(number)
            else:
                locations.setdefault(person_id, []).append(LocationRecord(row_id, line1, town, code))
        return [
            PersonSummary(
                p[0], p[1], p[2], p[3], tuple(phones.get(p[0], ())), tuple(locations.get(p[0], ())), matched_on
            )
            for p in people
        ]

    def find(self, kind: str, key: str) -> list[PersonSummary]:
        high = key + "\U0010ffff"
        self.begin(False)
        self.authorise("read_person")
        person = "SELECT id, given_name, family_name, date_of_birth FROM person WHERE id IN ({}) ORDER BY family_key, given_key"
        if kind == "phone":
            people = self.q(
                person.format("SELECT DISTINCT person_id FROM phone WHERE e164 >= ? AND e164 < ? LIMIT 20"), (key, high)
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
        return out

    def context(self, person_id: int, now: datetime, engine: Engine) -> CallerContext:
        self.begin(False)
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
            )
            for r in self.q(
                "SELECT id, kind, status, person_id, phone_e164, location_id, negate_risk, officer_action, inform, linked_references, "
                "requested_by, requested_at, authorised_by, review_due, expires_at, removal_reason FROM flag "
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
        self.raw.commit()
        self.begin(True)  # the view, in its own write transaction after the read, as asbdesk does
        self.audit("view", "person", person_id)
        self.raw.commit()
        newest = lambda items: tuple(sorted(items, key=lambda h: (h.started_at, h.contact_id), reverse=True))  # noqa: E731
        history, at_locations = newest(by_tag[0]), newest(by_tag[1])
        context = CallerContext(summary, flags, history, at_locations)
        engine.caller_repeat(now, context.history_items())  # the desk's next step, as below
        return context

    def audit(self, action: str, entity: str, entity_id, new: dict | None = None) -> None:
        chain = _chain_for(self.actor)  # the login's chain at this workstation, as asbdesk's
        lock = " FOR UPDATE" if self.backend == "postgresql" else ""
        head = self.q("SELECT seq, hash FROM audit_head WHERE chain = ?" + lock, (chain,))
        if not head:
            self.q(
                "INSERT INTO audit_head (chain, seq, hash) VALUES (?, 0, ?) ON CONFLICT (chain) DO NOTHING",
                (chain, "0" * 64),
            )
            head = self.q("SELECT seq, hash FROM audit_head WHERE chain = ?" + lock, (chain,))
        entry = {
            "seq": head[0][0] + 1,
            "at": NOW,
            "username": self.actor.username,
            "workstation": self.actor.workstation,
            "action": action,
            "entity": entity,
            "entity_id": str(entity_id),
            "old": None,
            "new": new,
            "prev_hash": head[0][1],
        }
        digest = entry_hash(**entry)
        self.q(
            "INSERT INTO audit_entry (chain, seq, at, username, workstation, action, entity, entity_id, old, new, prev_hash, hash) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                chain,
                entry["seq"],
                self.bind_time(NOW),
                entry["username"],
                self.actor.workstation,
                action,
                entity,
                entry["entity_id"],
                None,
                None if new is None else json.dumps(new),
                entry["prev_hash"],
                digest,
            ),
        )
        self.q("UPDATE audit_head SET seq = ?, hash = ? WHERE chain = ?", (entry["seq"], digest, chain))

    def save(self, record: ContactRecord) -> str:
        refuse_nul("assessment", record.assessment)  # the same checks as save_contact, before any SQL
        refuse_nul("answers", record.answers)
        refuse_nul("log_text", record.log_text)
        a = record.assessment
        self.begin(True)
        self.authorise("write_contact")
        if self.q("SELECT id FROM contact WHERE uuid = ?", (record.uuid,)):
            self.raw.commit()
            return "already saved"
        if self.sqlite:
            number = self.q("UPDATE counter SET value = value + 1 WHERE name = 'contact_reference' RETURNING value")[0][
                0
            ]
        else:
            number = self.q("SELECT nextval('contact_reference_seq')")[0][0]
        reference = reference_for(record.saved_at.year, number)
        override = a.get("override") or {}
        self.q(
            "INSERT INTO contact (uuid, reference, channel, started_at, saved_at, operator, workstation, person_id, location_id, "
            "incident_code, category, pack_id, pack_version, pack_hash, risk_level, grade, rag, is_repeat, vulnerable, "
            "override_field, override_reason, review_status, contact_preference, consent, answers, assessment, log_text) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
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
            ),
        )
        self.q("DELETE FROM draft WHERE uuid = ?", (record.uuid,))
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
        )
        self.raw.commit()
        return reference

    def close(self) -> None:
        self.raw.close()


def make_records(count: int, seed: int, people: int) -> list[ContactRecord]:
    """Real assessments and logs rendered by asbdesk.core, varied by code, answers and time."""
    engine = Engine(resolve_pack("default"))
    rng = random.Random(seed)
    out = []
    for i in range(count):
        when = NOW - timedelta(minutes=i)
        answers = {"weapons": rng.random() < 0.1, "hate": rng.random() < 0.15, "children": rng.random() < 0.2}
        assessment = engine.assess(Call(rng.choice(["801", "802", "803", "804"]), when, "phone", answers))
        out.append(
            ContactRecord(
                str(uuid.uuid4()),
                when,
                NOW,
                assessment.to_dict(),
                answers,
                render_text(assessment),
                rng.randint(1, people),
            )
        )
    return out


def save_worker(url: str, saves: int, index: int, by_hand: bool, people: int, pace_ms: float) -> list[float]:
    """One workstation saving ``saves`` contacts, pausing 0..2 x pace_ms between them (0: back to back)."""
    store = Store.open(url, migrate=False, clock=lambda: NOW)
    rng = random.Random(index * 2 + by_hand)
    records = make_records(saves + 3, index * 2 + by_hand, people)
    actor = Actor("bench", f"bench-ws-{index}")
    hand = HandSQL(store, actor) if by_hand else None
    out = []
    try:
        # A workstation runs all shift: connect and prepare before timing.
        warm = records[:3]
        records = records[3:]
        for record in warm:
            hand.save(record) if hand else store.save_contact(actor, record)
        for record in records:
            t0 = time.perf_counter()
            if hand:
                hand.save(record)
            else:
                store.save_contact(actor, record)
            out.append((time.perf_counter() - t0) * 1000)
            if pace_ms:
                time.sleep(rng.uniform(0, 2 * pace_ms) / 1000)
    finally:
        if hand:
            hand.close()
        store.close()
    return out


def sample_callers(store: Store, count: int, seed: int, by: str = "calls") -> tuple[list[tuple], str]:
    """Callers as calls arrive: a person is picked in proportion to their contacts (so
    the few who call hundreds of times come up often, and most picks are people with one
    or two), never the same person twice in a row. ``by="callers"``: every person who has
    called is equally likely (most then have one or two contacts, few have hundreds). Returns (person id, family name, phone,
    postcode, their contact count) and a line describing the mix."""
    rng = random.Random(seed)
    with store.engine.connect() as connection:
        counts = connection.execute(
            text("SELECT person_id, count(*) FROM contact WHERE person_id IS NOT NULL GROUP BY person_id")
        ).all()
        ids, weights = [c[0] for c in counts], [c[1] for c in counts]
        picks: list[int] = []
        while len(picks) < count:
            pid = rng.choices(ids, weights)[0] if by == "calls" else rng.choice(ids)
            if not picks or picks[-1] != pid:
                picks.append(pid)
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
    sample = [(*by_id[p], n_of[p]) for p in picks if p in by_id]
    ns = [s[4] for s in sample]
    mix = (
        f"{len(sample)} callers ({len(set(s[0] for s in sample))} distinct): {sum(n <= 2 for n in ns)} with 1-2 contacts, "
        f"{sum(3 <= n < 100 for n in ns)} with 3-99, {sum(n >= 100 for n in ns)} with 100+ (max {max(ns)}); "
        f"name prefixes start with {len(set(s[1][0] for s in sample))} different letters"
    )
    return sample, mix


def drop_caches(store_url: str, backend: str) -> str:
    """Empty the OS page cache and, on PostgreSQL, restart the server (empty shared buffers)."""
    said = []
    try:
        subprocess.run(["sync"], check=True)
        with open("/proc/sys/vm/drop_caches", "w") as f:
            f.write("3\n")
        said.append("OS page cache dropped")
    except OSError as error:
        said.append(f"OS page cache NOT dropped ({error})")
    if backend == "postgresql":
        done = subprocess.run(["pg_ctlcluster", "15", "main", "restart"], capture_output=True, text=True)
        said.append(
            "PostgreSQL restarted" if done.returncode == 0 else f"PostgreSQL NOT restarted ({done.stderr.strip()})"
        )
        for _ in range(50):  # until it accepts connections
            if subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1"]).returncode == 0:
                break
            time.sleep(0.2)
    return ", ".join(said)


def lookups(store: Store, hand: HandSQL, engine: Engine, sample: list[tuple], kind: str, by_hand: bool) -> list[float]:
    """Time each lookup the desk makes: find by phone/postcode/name prefix, then load the caller."""
    out = []
    for pid, family, e164, code, _ in sample:
        if kind == "phone":
            typed, key = phone_display(e164), e164
        elif kind == "postcode":
            typed, key = code, code.replace(" ", "")
        else:
            typed = family[:3]
            key = name_key(typed)
        t0 = time.perf_counter()
        if by_hand:
            found = hand.find(kind, key)
            hand.context(pid, NOW, engine)  # the handler picks the caller from the list
        else:
            found = store.find_callers(ACTOR, typed)
            context = store.caller_context(ACTOR, pid, NOW)
            engine.caller_repeat(NOW, context.history_items())  # what the desk shows with it
        out.append((time.perf_counter() - t0) * 1000)
        assert found
    return out


def line(label: str, a: list[float], b: list[float], target: float | None) -> str:
    verdict = (
        ""
        if target is None
        else f" | target p95 < {target:.0f} ms: "
        + ("met" if p95(a) < target else f"NOT met (+{p95(a) - target:.2f} ms)")
    )
    ratio = p95(a) / p95(b)
    return (
        f"  {label}: asbdesk median {statistics.median(a):6.2f} ms, p95 {p95(a):6.2f} ms "
        f"| hand SQL median {statistics.median(b):6.2f} ms, p95 {p95(b):6.2f} ms | ratio p95 {ratio:4.2f}x"
        f"{'' if ratio <= 2 else ' (over 2x)'}{verdict}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--rounds", type=int, default=300, help="lookups of each kind, each side")
    parser.add_argument("--writers", type=int, default=20)
    parser.add_argument("--saves", type=int, default=100, help="saves per writer (20 x 100 = 2,000 on PostgreSQL)")
    parser.add_argument("--pace-ms", type=float, default=200, help="mean pause between one writer's saves")
    parser.add_argument(
        "--cold",
        action="store_true",
        help="lookups only, each side after dropping the OS page cache (and restarting PostgreSQL)",
    )
    parser.add_argument("--no-saves", action="store_true")
    parser.add_argument(
        "--sampling",
        choices=("calls", "callers"),
        default="calls",
        help="calls: a person in proportion to their contacts (default); callers: every caller alike",
    )
    args = parser.parse_args()

    store = Store.open(args.database, migrate=False, clock=lambda: NOW)
    engine = Engine(resolve_pack("default"))
    with store.engine.connect() as connection:
        people = connection.execute(text("SELECT count(*) FROM person")).scalar()
        contacts = connection.execute(text("SELECT count(*) FROM contact")).scalar()
    kinds = ("phone", "postcode", "name prefix")
    print(
        f"{store.description}: {people:,} people, {contacts:,} contacts; {args.rounds} lookups of each kind, each side, "
        f"{'COLD' if args.cold else 'warm'}"
    )
    # Different callers for each kind and side, so one side never warms the other's rows.
    sample, mix = sample_callers(store, args.rounds * 6 + 10, seed=7 if not args.cold else 11, by=args.sampling)
    print(f"  sample ({args.sampling}): {mix}")
    parts = {
        (kind, side): sample[10 + (2 * k + side) * args.rounds : 10 + (2 * k + side + 1) * args.rounds]
        for k, kind in enumerate(kinds)
        for side in (0, 1)
    }
    hand = HandSQL(store)
    results = {}
    if args.cold:
        for kind in kinds:
            for side in (0, 1):
                lookups(store, hand, engine, sample[:10], kind, bool(side))  # the process warm, not the data
                hand.close()
                store.engine.dispose()
                print(
                    f"  before {kind} {'hand SQL' if side else 'asbdesk'}: {drop_caches(args.database, store.backend)}",
                    flush=True,
                )
                hand = HandSQL(store)
                results[kind, side] = lookups(store, hand, engine, parts[kind, side], kind, bool(side))
    else:
        for kind in kinds:
            for side in (0, 1):  # warm the caches on the whole sample first
                lookups(store, hand, engine, parts[kind, side], kind, bool(side))
            for side in (0, 1):
                results[kind, side] = lookups(store, hand, engine, parts[kind, side], kind, bool(side))
    for kind in kinds:
        print(line(f"find by {kind:<11} + flags, history, repeat", results[kind, 0], results[kind, 1], 15), flush=True)
    hand.close()

    if not args.cold and not args.no_saves:
        writers = args.writers if store.backend == "postgresql" else 1
        # Each writer is a process with its own connection, as each workstation is.
        ctx = multiprocessing.get_context("spawn")
        for pace in (args.pace_ms, 0):
            jobs = [(args.database, args.saves, i, False, people, pace) for i in range(writers)]
            with ctx.Pool(writers) as pool:
                ours_lat = [x for part in pool.starmap(save_worker, jobs) for x in part]
                hand_lat = [
                    x for part in pool.starmap(save_worker, [(*j[:3], True, *j[4:]) for j in jobs]) for x in part
                ]
            load = f"each pausing ~{pace:.0f} ms between saves" if pace else "back to back (saturated)"
            target = 30 if store.backend == "postgresql" and pace else None
            print(
                line(
                    f"save, {writers} writer process(es) {load}, {len(ours_lat)} + {len(hand_lat)} saves",
                    ours_lat,
                    hand_lat,
                    target,
                ),
                flush=True,
            )
        with store.engine.begin() as connection:  # leave the benchmark database as it was
            connection.execute(text("DELETE FROM contact WHERE operator = 'bench' AND workstation LIKE 'bench-ws-%'"))
    store.close()


if __name__ == "__main__":
    main()
