"""What the audit costs a save: a new caller and a contact that leaves work (issue 20).

Each round is what the desk does for a caller not seen before: ``add_person`` (a name, a
phone number, an address) then ``save_contact`` with an override of the grade (a work
item to review), a ring back asked for (another), a red or amber rating on most rounds
(the occurrence to record) and a flag request (the flag and its event). Times each call
separately (wall clock), and the two together in this process's CPU time (the whole of
the work on SQLite, the client's share on PostgreSQL: steadier than the wall clock on a
machine shared with other work), one writer, on a fresh database of the backend given:

    python bench/audit_save_bench.py --database sqlite:////tmp/audit_save.sqlite --rounds 300
    python bench/audit_save_bench.py --database postgresql://postgres@127.0.0.1/audit_save --create --rounds 300

Run it on two checkouts (before and after a change) to compare.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from asbdesk.core.call import Call, make_override
from asbdesk.core.engine import Engine
from asbdesk.core.packs.registry import resolve_pack
from asbdesk.core.render import render_text
from asbdesk.storage.records import Actor, AddressInput, ContactRecord, FlagRequest, NewPerson
from asbdesk.storage.store import Store

NOW = datetime(2026, 11, 23, 14, 5, tzinfo=UTC)
ACTOR = Actor("bench", "bench-ws")


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def fresh(url: str, create: bool) -> None:
    if url.startswith("sqlite:///"):
        for suffix in ("", "-wal", "-shm"):
            Path(url.removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)
    elif create:
        target = make_url(url)
        admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{target.database}"'))
        admin.dispose()


def records(count: int, seed: int) -> list[tuple[NewPerson, ContactRecord, FlagRequest]]:
    pack = resolve_pack("default")
    engine = Engine(pack)
    rng = random.Random(seed)
    order = [g.id for g in pack.grade_order]
    out = []
    for i in range(count):
        when = NOW - timedelta(minutes=i)
        answers = {
            "weapons": rng.random() < 0.3,
            "hate": rng.random() < 0.3,
            "children": rng.random() < 0.5,
            "further_contact": True,
            "contact_method": "ring_back",
        }
        call = Call(rng.choice(["801", "802", "803", "804"]), when, "phone", answers)
        computed = engine.assess(call).grade
        chosen = order[(order.index(computed) + 1) % len(order)]
        assessment = engine.assess(replace(call, override=make_override(pack, "grade", chosen, "Bench: a reason.")))
        person = NewPerson(
            f"Given{i}",
            f"Family{seed}x{i}",
            (f"0113 496 {i % 10000:04d}",),
            (AddressInput(f"{i} Bench Row", "LS1 4AP", "Leeds"),),
        )
        record = ContactRecord(
            str(uuid.uuid4()), when, when + timedelta(minutes=6), assessment.to_dict(), answers, render_text(assessment)
        )
        flag = FlagRequest("repeat_victim", negate_risk="Bench: called before.")
        out.append((person, record, flag))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--create", action="store_true", help="drop and create the PostgreSQL database first")
    parser.add_argument("--rounds", type=int, default=300)
    parser.add_argument("--seed", type=int, default=20)
    args = parser.parse_args()
    fresh(args.database, args.create)
    store = Store.open(args.database, migrate=True, clock=lambda: NOW)
    store.ensure_user("bench", "Bench Handler", "call_handler")
    work = records(args.rounds + 10, args.seed)
    people: list[float] = []
    saves: list[float] = []
    cpu: list[float] = []  # this process's CPU time for both calls (all of it on SQLite; the client's on PostgreSQL)
    try:
        for n, (person, record, flag) in enumerate(work):
            c0, t0 = time.process_time(), time.perf_counter()
            summary = store.add_person(ACTOR, person)
            t1 = time.perf_counter()
            record = replace(
                record,
                person_id=summary.id,
                location_id=summary.locations[0].id,
                flag_requests=(replace(flag, person_id=summary.id),),
            )
            store.save_contact(ACTOR, record)
            t2, c2 = time.perf_counter(), time.process_time()
            if n >= 10:  # the first ten warm the process and the connection
                people.append((t1 - t0) * 1000)
                saves.append((t2 - t1) * 1000)
                cpu.append((c2 - c0) * 1000)
        verified = store.verify_audit()
    finally:
        store.close()
    both = [a + b for a, b in zip(people, saves, strict=True)]
    print(f"{store.description}: {len(saves)} rounds; the trail verifies: {verified.ok}")
    for label, samples in (("add_person", people), ("save_contact", saves), ("both", both), ("both, CPU", cpu)):
        print(f"  {label:13s} median {statistics.median(samples):6.2f} ms   p95 {p95(samples):6.2f} ms")


if __name__ == "__main__":
    main()
