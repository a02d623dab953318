"""SQLite: loading a picked caller while another process holds the write lock (issue 24.2).

Target: a picked caller loads in < 50 ms while another process writes; reads never wait
for the busy timeout. What is timed is what the desk calls when the operator picks a
caller (``Store.caller_context``, then the repeat rule over the history it shows), each
pick on a person not loaded before in this run. A second PROCESS (plain sqlite3) holds a
write transaction open and keeps inserting into it for the whole measured phase, then
rolls back. The baseline is the same read written by hand on the bare driver (the same
rows, bench/storage_bench.py's HandSQL) with its view kept in memory to be written later,
as asbdesk does for SQLite; the two sides alternate pick by pick, in either order. A
second phase does the same with no writer. The machine's load is printed beside each
figure. Every view asbdesk recorded must be in the audit trail once the writer lets go.

    python bench/sqlite_read_under_write.py                     # a new temporary database
    python bench/sqlite_read_under_write.py --people 200 --contacts 1000 --picks 20   # tiny
    python bench/sqlite_read_under_write.py --database sqlite:////tmp/bench.sqlite
      (an existing bench/storage_generate.py database: its audit trail gains the views)

The temporary database (and its folder) is removed at the end, whatever happens.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import multiprocessing
import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sqlalchemy import func, select
from storage_bench import ACTOR, NOW, HandSQL, p95
from storage_generate import generate

from asbdesk.core.engine import Engine
from asbdesk.core.packs.registry import resolve_pack
from asbdesk.storage import models as m
from asbdesk.storage.database import SQLITE_BUSY_TIMEOUT
from asbdesk.storage.records import Actor
from asbdesk.storage.store import Store

TARGET_MS = 50.0


class DeferredViewHand(HandSQL):
    """HandSQL's caller read and view, the view written as asbdesk writes it on SQLite: at
    once if the write lock is free this instant, else kept to be written later. The same
    rows read and, with the lock free, the same view written; nothing waited for."""

    def __init__(self, store: Store) -> None:
        super().__init__(store, Actor(ACTOR.username, "bench-hand-ws"))  # a chain of its own
        self.views: list[tuple[str, Any]] = []
        self.writing = False

    def begin(self, write: bool) -> None:
        if not write:
            super().begin(False)
            return
        self.q("PRAGMA busy_timeout=0")
        try:
            super().begin(True)
            self.writing = True
        except sqlite3.OperationalError:
            self.writing = False  # SQLITE_BUSY: another connection holds the lock
        finally:
            self.q(f"PRAGMA busy_timeout={int(SQLITE_BUSY_TIMEOUT * 1000)}")

    def audit(self, action: str, entity: str, entity_id: Any, new: dict | None = None) -> None:
        if self.writing:
            super().audit(action, entity, entity_id, new)
        else:
            self.views.append((entity, entity_id))


def hold_write_lock(path: str, started: Any, stop: Any) -> None:
    """Another process: BEGIN IMMEDIATE, an insert every 20 ms until told to stop, ROLLBACK
    (nothing it wrote stays)."""
    other = sqlite3.connect(path, isolation_level=None, timeout=30)
    other.execute("BEGIN IMMEDIATE")
    try:
        n = 0
        while True:
            other.execute(
                "INSERT INTO person (given_name, family_name, given_key, family_key, created_at) VALUES (?, ?, ?, ?, ?)",
                ("Held", f"Writer{n}", "held", f"writer{n}", NOW.isoformat()),
            )
            n += 1
            started.set()
            if stop.wait(0.02):
                break
    finally:
        other.execute("ROLLBACK")
        other.close()


def load() -> str:
    return "load " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def summary(samples: list[float]) -> dict[str, float]:
    return {"median": statistics.median(samples), "p95": p95(samples), "max": max(samples), "n": len(samples)}


def measure(store: Store, hand: DeferredViewHand, engine: Engine, people: list[int]) -> tuple[list[float], list[float]]:
    """Pick each person once, app and hand alternating, the order flipped every pair."""
    app_ms: list[float] = []
    hand_ms: list[float] = []
    for i in range(0, len(people) - 1, 2):
        pair = [("app", people[i]), ("hand", people[i + 1])]
        if (i // 2) % 2:
            pair.reverse()
        for side, person_id in pair:
            t0 = time.perf_counter()
            if side == "app":
                context = store.caller_context(ACTOR, person_id, NOW)
                engine.caller_repeat(NOW, context.history_items())  # the desk's next step
                app_ms.append((time.perf_counter() - t0) * 1000)
            else:
                hand.context(person_id, NOW, engine)  # the repeat rule included
                hand_ms.append((time.perf_counter() - t0) * 1000)
    return app_ms, hand_ms


def views_in_trail(store: Store) -> int:
    with store._read() as session:
        return int(
            session.scalar(
                select(func.count()).where(m.AuditEntry.action == "view", m.AuditEntry.workstation == ACTOR.workstation)
            )
            or 0
        )


def run(url: str, picks: int, seed: int) -> dict[str, Any]:
    path = url.removeprefix("sqlite:///")
    store = Store.open(url, clock=lambda: NOW)
    engine = Engine(resolve_pack("default"))
    hand = DeferredViewHand(store)
    try:
        with store._read() as session:
            ids = list(session.scalars(select(m.Person.id)))
        if len(ids) < 2 * picks + 4:
            raise SystemExit(f"the database has {len(ids)} people; {2 * picks + 4} are needed for {picks} picks")
        chosen = random.Random(seed).sample(ids, 2 * picks + 4)
        # Connect and prepare before timing (a desk runs all shift), on people not measured.
        measure(store, hand, engine, chosen[:4])
        store.wait_for_audit(30)
        views_before = views_in_trail(store)
        under, free = chosen[4 : 4 + picks], chosen[4 + picks :]

        context = multiprocessing.get_context("spawn")
        started, stop = context.Event(), context.Event()
        writer = context.Process(target=hold_write_lock, args=(path, started, stop), daemon=True)
        writer.start()
        try:
            if not started.wait(30):
                raise SystemExit("the writing process never took the write lock")
            load_under = load()
            app_under, hand_under = measure(store, hand, engine, under)
            held_to_the_end = writer.is_alive() and not stop.is_set()
        finally:
            stop.set()
            writer.join(30)
        if not held_to_the_end:
            raise SystemExit("the writing process let go before the measured picks were done")
        load_free = load()
        audited = store.wait_for_audit(60)
        app_free, hand_free = measure(store, hand, engine, free)
        store.wait_for_audit(60)
        views_written = views_in_trail(store) - views_before
    finally:
        hand.close()
        store.close()
    return {
        "picks": picks,
        "busy_timeout_ms": SQLITE_BUSY_TIMEOUT * 1000,
        "under_write": {"app": summary(app_under), "hand": summary(hand_under), "load": load_under},
        "no_writer": {"app": summary(app_free), "hand": summary(hand_free), "load": load_free},
        "views_expected": len(app_under) + len(app_free),
        "views_written": views_written,
        "views_all_written": audited and views_written == len(app_under) + len(app_free),
        "target_met": p95(app_under) < TARGET_MS,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="an existing SQLite database (default: a new temporary one)")
    parser.add_argument("--people", type=int, default=20_000, help="people in the temporary database")
    parser.add_argument("--contacts", type=int, default=100_000, help="contacts in the temporary database")
    parser.add_argument(
        "--picks", type=int, default=100, help="people picked in each phase, half by asbdesk, half by hand"
    )
    parser.add_argument("--seed", type=int, default=24)
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()

    folder = None
    try:
        if args.database:
            if not args.database.startswith("sqlite:///"):
                raise SystemExit("--database must be a SQLite URL (sqlite:///PATH)")
            url = args.database
        else:
            folder = tempfile.mkdtemp(prefix="asbdesk-readbench-")
            url = f"sqlite:///{folder}/bench.sqlite"
            t0 = time.perf_counter()
            with contextlib.redirect_stdout(io.StringIO()):
                generate(url, args.people, args.contacts, args.seed, create=False)
            print(f"generated {args.people:,} people, {args.contacts:,} contacts in {time.perf_counter() - t0:.0f} s")
        result = run(url, args.picks, args.seed)
    finally:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)

    print(
        f"SQLite, picked caller loaded (caller_context + repeat rule), {args.picks // 2} picks a side a phase, "
        f"each on a person not loaded before; busy timeout {result['busy_timeout_ms']:.0f} ms"
    )
    for phase, words in (("under_write", "another process holding the write lock"), ("no_writer", "no writer")):
        figures = result[phase]
        app, hand = figures["app"], figures["hand"]
        print(
            f"  {words:40} asbdesk median {app['median']:6.2f} ms p95 {app['p95']:6.2f} ms max {app['max']:6.1f} | "
            f"hand SQL median {hand['median']:6.2f} ms p95 {hand['p95']:6.2f} ms | "
            f"ratio p95 {app['p95'] / hand['p95']:.2f}x | {figures['load']}"
        )
    print(
        f"  views recorded after the writer let go: {result['views_written']} of {result['views_expected']}; "
        f"target p95 < {TARGET_MS:.0f} ms under the write: {'met' if result['target_met'] else 'MISSED'}"
    )
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2, default=str), encoding="utf-8")
    if not result["views_all_written"]:
        raise SystemExit("not every view reached the audit trail")


if __name__ == "__main__":
    main()
