"""The supervisor's desk on a large force's database (issue 10 targets).

    python bench/supervisor_bench.py --database sqlite:////tmp/bench.sqlite [--runs 7]

On the 1M people / 5M contacts database from ``bench/storage_generate.py``, it puts
10,000 items in each queue (flag requests, flags overdue for review, overrides,
re-contacts, occurrences) and a year of monthly dip samples (12 x 200 logs, every
checklist item marked), then times, median of ``--runs``:

- each queue opening: its first page read (``review_items(kind, limit=PAGE)``, as the
  window reads it), the table model filled and the table painted (the whole path to the
  rows on screen; target < 200 ms), against a baseline of the same page read with one
  plain SQL query (no model, no records); and, for scale, the whole queue of 10,000 read
  and filled the same way (what scrolling to its end costs, spread over the pages);
- the compliance report for the year (target < 2 s), against the same counts by hand in SQL;
- the hotspots report for the year (no target; reported).

The work it adds is kept in the database (run it again and it is reused, not doubled).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, select, text

from asbdesk.core.vocabulary import REVIEW_KINDS, SAMPLE_ANSWERS, SAMPLE_CHECKS
from asbdesk.storage import models as m
from asbdesk.storage import supervision as sv
from asbdesk.storage.records import Actor
from asbdesk.storage.store import Store

NOW = datetime(2026, 11, 23, 14, 5, tzinfo=UTC)
SUPERVISOR = Actor("bench-supervisor", "bench")
PER_QUEUE = 10_000
MONTHS, PER_SAMPLE = 12, 200


def median_ms(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def seed_work(store: Store) -> None:
    """10,000 items in each queue, once."""
    store.ensure_user(SUPERVISOR.username, "Bench Supervisor", "supervisor")
    with store.engine.begin() as connection:
        have = connection.execute(select(func.count()).select_from(m.WorkItem)).scalar() or 0
        if have >= 3 * PER_QUEUE:
            return
        rng = random.Random(10)
        top = connection.execute(select(func.max(m.Contact.id))).scalar() or 0
        people = connection.execute(select(func.max(m.Person.id))).scalar() or 0
        ids = rng.sample(range(1, top + 1), 3 * PER_QUEUE)
        for n, kind in enumerate(("override", "recontact", "occurrence")):
            rows = []
            for k, contact_id in enumerate(ids[n * PER_QUEUE : (n + 1) * PER_QUEUE]):
                at = NOW - timedelta(minutes=k * 7)
                details = {"method": "ring_back"} if kind == "recontact" else {"rag": "red"}
                rows.append(
                    {
                        "kind": kind,
                        "contact_id": contact_id,
                        "created_at": at,
                        "due_at": at,
                        "open": True,
                        "details": details,
                    }
                )
            connection.execute(m.WorkItem.__table__.insert(), rows)
        for status in ("requested", "active"):
            connection.execute(
                m.Flag.__table__.insert(),
                [
                    {
                        "kind": "vulnerable_victim",
                        "status": status,
                        "person_id": rng.randint(1, people),
                        "negate_risk": "Bench flag",
                        "officer_action": "",
                        "inform": "",
                        "linked_references": "",
                        "requested_by": "bench",
                        "requested_at": NOW - timedelta(days=40, minutes=k),
                        "review_due": (NOW - timedelta(days=k % 20)).date() if status == "active" else None,
                    }
                    for k in range(PER_QUEUE)
                ],
            )


def seed_samples(store: Store) -> tuple[datetime, datetime]:
    """A dip sample a month for the year to NOW, every item marked."""
    start, end = NOW - timedelta(days=365), NOW
    with store.engine.connect() as connection:
        if connection.execute(select(func.count()).select_from(m.DipSample)).scalar():
            return start, end
    rng = random.Random(11)
    for month in range(MONTHS):
        month_start = start + timedelta(days=month * 30)
        sample = sv.draw_sample(store, SUPERVISOR, month_start, month_start + timedelta(days=30), PER_SAMPLE, month)
        with store.engine.begin() as connection:
            connection.execute(
                m.SampleMark.__table__.insert(),
                [
                    {
                        "item_id": item.id,
                        "check_id": check,
                        "answer": rng.choices(SAMPLE_ANSWERS, (70, 20, 10))[0],
                        "note": "",
                        "marked_by": SUPERVISOR.username,
                        "marked_at": NOW,
                    }
                    for item in sample.items
                    for check in SAMPLE_CHECKS
                ],
            )
    return start, end


_VIEW: list = []


def model_fill(items: list) -> int:
    """Fill the supervisor window's table model with every row and paint the table, as
    opening a queue does (the rows on screen are drawn, each cell's text made by the model)."""
    from PySide6.QtWidgets import QTableView

    from asbdesk.gui.supervisor import QueueModel

    if not _VIEW:
        model = QueueModel(lambda: NOW)
        view = QTableView()
        view.setModel(model)
        view.resize(820, 780)
        _VIEW.extend((model, view))
    model, view = _VIEW
    model.set_items(items)
    view.grab()  # paints the visible rows
    return int(model.rowCount())


RAW_QUEUES = {
    "flag-request": "SELECT f.id, f.requested_at, p.given_name, p.family_name FROM flag f "
    "LEFT JOIN person p ON p.id = f.person_id WHERE f.status = 'requested' ORDER BY f.requested_at, f.id",
    "flag-review": "SELECT f.id, f.review_due, p.given_name, p.family_name FROM flag f "
    "LEFT JOIN person p ON p.id = f.person_id WHERE f.status = 'active' AND f.review_due <= :today "
    "ORDER BY f.review_due, f.id",
}
RAW_WORK = (
    "SELECT w.id, w.due_at, c.reference, c.rag, p.given_name FROM work_item w JOIN contact c ON c.id = w.contact_id "
    "LEFT JOIN person p ON p.id = c.person_id WHERE w.kind = :kind AND w.open = true ORDER BY w.due_at, w.id"
)
RAW_COMPLIANCE = (
    "SELECT k.check_id, k.answer, count(*) FROM sample_mark k JOIN sample_item i ON i.id = k.item_id "
    "JOIN contact c ON c.id = i.contact_id WHERE c.started_at >= :s AND c.started_at < :e GROUP BY k.check_id, k.answer"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])  # noqa: F841 - the model needs one
    store = Store.open(args.database, migrate=True, clock=lambda: NOW)
    try:
        seed_work(store)
        start, end = seed_samples(store)
        sqlite = store.backend == "sqlite"
        bind = {"today": NOW.date(), "s": start, "e": end}
        if sqlite:
            bind = {
                "today": NOW.date().isoformat(),
                "s": start.strftime("%Y-%m-%d %H:%M:%S"),
                "e": end.strftime("%Y-%m-%d %H:%M:%S"),
            }
        print(f"{store.description}: {args.runs} runs, medians")
        from asbdesk.gui.supervisor import PAGE

        for kind in REVIEW_KINDS:
            items = sv.review_items(store, SUPERVISOR, kind, on=NOW.date())
            sql = RAW_QUEUES.get(kind, RAW_WORK)

            def raw(sql: str = sql, kind: str = kind, limit: int = PAGE) -> int:
                with store.engine.connect() as connection:
                    return len(connection.execute(text(f"{sql} LIMIT {limit}"), {**bind, "kind": kind}).all())

            def opening(kind: str = kind) -> int:
                return model_fill(sv.review_items(store, SUPERVISOR, kind, on=NOW.date(), limit=PAGE))

            def whole(kind: str = kind) -> int:
                return model_fill(sv.review_items(store, SUPERVISOR, kind, on=NOW.date()))

            ours, floor = median_ms(opening, args.runs), median_ms(raw, args.runs)
            everything = median_ms(whole, max(3, args.runs // 2))
            floor_all = median_ms(partial(raw, limit=len(items) + 1), max(3, args.runs // 2))
            print(
                f"  queue {kind:<13} {len(items):>6} waiting: opens (first {PAGE}) {ours:6.1f} ms (target < 200), "
                f"plain SQL {floor:5.1f} ms, {ours / floor:4.1f}x; all {len(items)} {everything:6.1f} ms, "
                f"plain SQL {floor_all:5.1f} ms, {everything / floor_all:4.1f}x"
            )

        def raw_compliance() -> int:
            with store.engine.connect() as connection:
                return len(connection.execute(text(RAW_COMPLIANCE), bind).all())

        ours = median_ms(lambda: sv.compliance(store, SUPERVISOR, start, end), args.runs)
        floor = median_ms(raw_compliance, args.runs)
        report = sv.compliance(store, SUPERVISOR, start, end)
        marks = sum(r["yes"] + r["no"] + r["na"] for r in report.items)
        print(
            f"  compliance, a year ({marks} marks on {sum(o['sampled'] for o in report.operators)} logs): "
            f"{ours:7.1f} ms (target < 2000)  counts by hand in SQL {floor:6.1f} ms  ratio {ours / floor:4.1f}x"
        )
        hot = median_ms(lambda: sv.hotspots(store, SUPERVISOR, start, end), max(3, args.runs // 2))
        with store.engine.connect() as connection:
            year = connection.execute(
                select(func.count())
                .select_from(m.Contact)
                .where(m.Contact.started_at >= start, m.Contact.started_at < end)
            ).scalar()
        print(f"  hotspots, a year ({year} contacts): {hot:7.1f} ms (no target)")
    finally:
        store.close()


if __name__ == "__main__":
    main()
