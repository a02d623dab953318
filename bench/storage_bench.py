"""Storage benchmarks: find a caller and load what the desk shows; save under concurrency.

Targets (issue 3), for each backend at 1,000,000 people / 5,000,000 contacts:
finding a caller by phone, by postcode or by name prefix and loading their flags,
history and repeat result, p95 under 15 ms; a save, p95 under 30 ms with 20
concurrent writers on PostgreSQL. Each is measured against the same work written
by hand in SQL through the bare driver, in the same run, and quoted as a ratio.

    python bench/storage_generate.py --database URL      # once
    python bench/storage_bench.py --database URL
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import statistics
import time
import uuid
from datetime import datetime, timedelta, timezone
from typing import Callable

from sqlalchemy import text

from asbdesk.core.call import Call
from asbdesk.core.engine import Engine
from asbdesk.core.normalise import phone_display
from asbdesk.core.packs.registry import resolve_pack
from asbdesk.core.render import render_text
from asbdesk.storage.records import Actor, ContactRecord
from asbdesk.storage.store import Store

NOW = datetime(2026, 11, 23, 14, 5, tzinfo=timezone.utc)
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


class HandSQL:
    """The same lookups and writes written by hand against the bare DBAPI connection."""

    def __init__(self, store: Store, chain: str = "bench-ws") -> None:
        self.backend = store.backend
        self.raw = store.engine.raw_connection()
        self.mark = "%s" if self.backend == "postgresql" else "?"
        self.chain = chain

    def q(self, sql: str, params: tuple = ()) -> list[tuple]:
        cursor = self.raw.cursor()
        cursor.execute(sql.replace("?", self.mark), params)
        rows = cursor.fetchall() if cursor.description else []
        cursor.close()
        return rows

    def find_and_load(self, kind: str, key: str) -> None:
        high = key + "\U0010ffff"
        if kind == "phone":
            ids = self.q("SELECT DISTINCT person_id FROM phone WHERE e164 >= ? AND e164 < ? LIMIT 20", (key, high))
        elif kind == "postcode":
            ids = self.q(
                "SELECT pl.person_id FROM person_location pl JOIN location l ON l.id = pl.location_id "
                "WHERE l.postcode_key >= ? AND l.postcode_key < ? LIMIT 20", (key, high))
        else:
            ids = self.q("SELECT id FROM person WHERE family_key >= ? AND family_key < ? ORDER BY family_key, given_key LIMIT 20", (key, high))
            more = self.q("SELECT id FROM person WHERE given_key >= ? AND given_key < ? ORDER BY given_key, family_key LIMIT 20", (key, high))
            ids = list(dict.fromkeys(ids + more))[:20]
        person_ids = tuple(i[0] for i in ids)
        marks = ", ".join("?" for _ in person_ids) or "NULL"
        self.q(f"SELECT id, given_name, family_name FROM person WHERE id IN ({marks})", person_ids)
        self.q(f"SELECT person_id, e164 FROM phone WHERE person_id IN ({marks})", person_ids)
        self.q(f"SELECT pl.person_id, l.* FROM person_location pl JOIN location l ON l.id = pl.location_id WHERE pl.person_id IN ({marks})", person_ids)
        first = person_ids[0]
        phones = [r[0] for r in self.q("SELECT e164 FROM phone WHERE person_id = ?", (first,))]
        locs = [r[0] for r in self.q("SELECT location_id FROM person_location WHERE person_id = ?", (first,))]
        pm = ", ".join("?" for _ in phones) or "NULL"
        lm = ", ".join("?" for _ in locs) or "NULL"
        self.q(
            f"SELECT * FROM flag WHERE status = 'active' AND (person_id = ? OR phone_e164 IN ({pm}) OR location_id IN ({lm}))",
            (first, *phones, *locs))
        self.q("SELECT id, reference, started_at, incident_code, risk_level, grade, rag FROM contact WHERE person_id = ? ORDER BY started_at DESC LIMIT 200", (first,))
        self.q(f"SELECT id, reference, started_at, incident_code, risk_level, grade, rag FROM contact WHERE location_id IN ({lm}) ORDER BY started_at DESC LIMIT 200", tuple(locs))
        self._audit("view", "person", str(first))
        self.raw.commit()

    def _audit(self, action: str, entity: str, entity_id: str) -> None:
        lock = " FOR UPDATE" if self.backend == "postgresql" else ""
        head = self.q("SELECT seq, hash FROM audit_head WHERE chain = ?" + lock, (self.chain,))
        if not head:
            self.q("INSERT INTO audit_head (chain, seq, hash) VALUES (?, 0, ?) ON CONFLICT (chain) DO NOTHING", (self.chain, "0" * 64))
            head = self.q("SELECT seq, hash FROM audit_head WHERE chain = ?" + lock, (self.chain,))
        seq = head[0][0] + 1
        self.q(
            "INSERT INTO audit_entry (chain, seq, at, username, workstation, action, entity, entity_id, prev_hash, hash) "
            "VALUES (?, ?, ?, 'bench', ?, ?, ?, ?, ?, ?)",
            (self.chain, seq, NOW.replace(tzinfo=None) if self.backend == "sqlite" else NOW, self.chain, action, entity,
             entity_id, head[0][1], uuid.uuid4().hex * 2))
        self.q("UPDATE audit_head SET seq = ?, hash = ? WHERE chain = ?", (seq, "0" * 64, self.chain))

    def save(self, record: ContactRecord, number: str) -> None:
        if self.backend == "sqlite":
            self.q("BEGIN IMMEDIATE")
        a = record.assessment
        when = record.started_at.replace(tzinfo=None) if self.backend == "sqlite" else record.started_at
        self.q(
            "INSERT INTO contact (uuid, reference, channel, started_at, saved_at, operator, workstation, person_id, location_id, "
            "incident_code, category, pack_id, pack_version, pack_hash, risk_level, grade, rag, is_repeat, vulnerable, "
            "answers, assessment, log_text) VALUES (?, ?, 'phone', ?, ?, 'bench', 'bench-ws', ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (record.uuid, f"HAND-{number}", when, when, record.person_id, a["incident"]["code"], a["incident"]["category"],
             a["pack"]["id"], a["pack"]["version"], a["pack"]["hash"], a["risk"]["level"], a["grade"]["id"], a["rag"],
             bool(a["repeat"]["is_repeat"]), bool(a["vulnerable"]), json.dumps(record.answers), json.dumps(a), record.log_text))
        self._audit("create", "contact", f"HAND-{number}")
        self.raw.commit()

    def close(self) -> None:
        self.raw.close()


def save_worker(url: str, saves: int, index: int, by_hand: bool, people: int, pace_ms: float) -> list[float]:
    """One workstation saving ``saves`` contacts, pausing 0..2 x pace_ms between them (0: back to back)."""
    store = Store.open(url, migrate=False, clock=lambda: NOW)
    engine = Engine(resolve_pack("default"))
    rng = random.Random(index * 2 + by_hand)
    records = []
    for i in range(saves + 3):
        assessment = engine.assess(Call("801", NOW - timedelta(minutes=i), "phone", {"weapons": False, "hate": i % 7 == 0}))
        records.append(ContactRecord(str(uuid.uuid4()), NOW - timedelta(minutes=i), NOW, assessment.to_dict(), {"hate": i % 7 == 0},
                                     render_text(assessment), rng.randint(1, people)))
    actor = Actor("bench", f"bench-ws-{index}")
    hand = HandSQL(store, actor.workstation) if by_hand else None
    out = []
    try:
        # A workstation runs all shift: connect and prepare before timing.
        warm = records[:3]
        records = records[3:]
        for j, record in enumerate(warm):
            if hand:
                hand.save(record, f"warm-{int(pace_ms)}-{index}-{j}")
            else:
                store.save_contact(actor, record)
        for j, record in enumerate(records):
            t0 = time.perf_counter()
            if hand:
                hand.save(record, f"{int(pace_ms)}-{index}-{j}")
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--rounds", type=int, default=300)
    parser.add_argument("--writers", type=int, default=20)
    parser.add_argument("--saves", type=int, default=25, help="saves per writer")
    parser.add_argument("--pace-ms", type=float, default=200, help="mean pause between one writer's saves")
    args = parser.parse_args()

    store = Store.open(args.database, migrate=False, clock=lambda: NOW)
    engine = Engine(resolve_pack("default"))
    rng = random.Random(7)
    with store.engine.connect() as connection:
        people = connection.execute(text("SELECT count(*) FROM person")).scalar()
        contacts = connection.execute(text("SELECT count(*) FROM contact")).scalar()
        sample = connection.execute(
            text(
                "SELECT p.id, p.family_name, ph.e164, l.postcode FROM person p JOIN phone ph ON ph.person_id = p.id "
                "JOIN person_location pl ON pl.person_id = p.id JOIN location l ON l.id = pl.location_id "
                "WHERE p.id IN :ids"
            ).bindparams(__import__("sqlalchemy").bindparam("ids", expanding=True)),
            {"ids": [rng.randint(1, people) for _ in range(args.rounds * 2)]},
        ).all()
    print(f"{store.description}: {people:,} people, {contacts:,} contacts; {args.rounds} lookups of each kind")
    targets = {
        "phone": [(phone_display(r[2]), r[2]) for r in sample],
        "postcode": [(r[3], r[3].replace(" ", "")) for r in sample],
        "name prefix": [(r[1][:3], r[1][:3].lower()) for r in sample],
    }
    hand = HandSQL(store)
    results = {}
    for kind, queries in targets.items():
        picks = iter(queries * 2)
        theirs = iter(queries * 2)

        def ours() -> None:
            typed, _ = next(picks)
            found = store.find_callers(ACTOR, typed)
            store.caller_context(ACTOR, found[0].id, NOW, engine)

        def by_hand() -> None:
            _, key = next(theirs)
            hand.find_and_load("phone" if kind == "phone" else "postcode" if kind == "postcode" else "name", key)

        timed(ours, 20), timed(by_hand, 20)  # warm caches
        a, b = timed(ours, args.rounds), timed(by_hand, args.rounds)
        results[kind] = (a, b)

    for kind, (a, b) in results.items():
        print(f"  find by {kind:<12} + flags, history, repeat: asbdesk median {statistics.median(a):6.2f} ms, p95 {p95(a):6.2f} ms "
              f"| hand SQL median {statistics.median(b):6.2f} ms, p95 {p95(b):6.2f} ms | ratio p95 {p95(a) / p95(b):4.1f}x "
              f"| target p95 < 15 ms: {'met' if p95(a) < 15 else 'NOT met'}")

    writers = args.writers if store.backend == "postgresql" else 1
    # Each writer is a process with its own connection, as each workstation is.
    ctx = multiprocessing.get_context("spawn")
    for pace in (args.pace_ms, 0):
        jobs = [(args.database, args.saves, i, False, people, pace) for i in range(writers)]
        with ctx.Pool(writers) as pool:
            ours_lat = [x for part in pool.starmap(save_worker, jobs) for x in part]
            hand_lat = [x for part in pool.starmap(save_worker, [(*j[:3], True, *j[4:]) for j in jobs]) for x in part]
        load = f"each pausing ~{pace:.0f} ms between saves" if pace else "back to back (saturated)"
        target = " | target p95 < 30 ms: " + ("met" if p95(ours_lat) < 30 else "NOT met") if store.backend == "postgresql" and pace else ""
        print(f"  save, {writers} writer process(es) {load}, {len(ours_lat)} saves: asbdesk median {statistics.median(ours_lat):6.2f} ms, "
              f"p95 {p95(ours_lat):6.2f} ms | hand SQL median {statistics.median(hand_lat):6.2f} ms, p95 {p95(hand_lat):6.2f} ms "
              f"| ratio p95 {p95(ours_lat) / p95(hand_lat):4.1f}x{target}")
    hand.close()
    with store.engine.begin() as connection:  # leave the benchmark database as it was
        connection.execute(text("DELETE FROM contact WHERE operator = 'bench' AND log_text <> 'bench'"))
    store.close()


if __name__ == "__main__":
    main()
