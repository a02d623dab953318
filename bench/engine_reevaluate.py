"""Time to re-evaluate the largest shipped pack after one answer changes.

Target (issue 2): median under 1 ms, p95 under 2 ms on the development machine.
Baseline, measured in the same run: a hand-written sum of the matrix scores for
the same answers (the least any engine must do), so the ratio shows what the full
rules cost on this machine whatever its speed.

    python bench/engine_reevaluate.py [--rounds 5000]
"""

from __future__ import annotations

import argparse
import gc
import statistics
import time
from datetime import UTC, datetime, timedelta

from asbdesk.core.call import Call, HistoryItem
from asbdesk.core.engine import Engine
from asbdesk.core.packs.registry import resolve_pack, shipped_pack_ids
from asbdesk.core.render import render_text


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5000)
    args = parser.parse_args()

    packs = [resolve_pack(pack_id) for pack_id in shipped_pack_ids()]
    pack = max(packs, key=lambda p: (len(p.questions), len(p.prompts)))
    engine = Engine(pack)
    code = max(pack.codes, key=lambda c: len(pack.questions_for(c)))
    questions = pack.questions_for(code)
    now = datetime(2026, 11, 23, 14, 5, tzinfo=UTC)

    # A realistic call part-way through: every other question answered, a year of history.
    answers = {}
    for i, q in enumerate(questions):
        if i % 2 == 0 and q.type in ("yes_no", "single"):
            answers[q.id] = True if q.type == "yes_no" else q.options[-1].id
    history = tuple(HistoryItem(now - timedelta(days=7 * i + 1), code) for i in range(52))
    call = Call(code, now, "phone", answers, {}, history)

    # The answer that changes: cycle one scored question through its options.
    target = next(q for q in questions if pack.section_of.get(q.id) and q.type == "single")
    values = [o.id for o in target.options]
    scores = {qid: {o.id: o.score or 0 for o in pack.questions[qid].options} for qid in pack.section_of}

    def baseline(c: Call) -> int:
        total = 0
        for qid, table in scores.items():
            value = c.answers.get(qid)
            if value is not None:
                total += table["yes" if value is True else "no" if value is False else value]
        return total

    def timed(fn, rounds: int) -> list[float]:
        out = []
        for i in range(rounds):
            c = call.with_answer(target.id, values[i % len(values)])
            start = time.perf_counter_ns()
            fn(c)
            out.append((time.perf_counter_ns() - start) / 1e6)
        return out

    timed(engine.assess, 200)  # warm up
    gc.disable()
    try:
        base = timed(baseline, args.rounds)
        full = timed(engine.assess, args.rounds)
        with_text = timed(lambda c: render_text(engine.assess(c)), args.rounds)
    finally:
        gc.enable()

    print(
        f"pack {pack.id} {pack.version}: code {code}, {len(questions)} questions shown, "
        f"{len(pack.prompts)} prompts, {len(history)} history items, {args.rounds} rounds"
    )
    for name, samples in (
        ("baseline (matrix sum by hand)", base),
        ("engine.assess", full),
        ("assess + text log", with_text),
    ):
        print(f"  {name:<32} median {statistics.median(samples):8.4f} ms   p95 {percentile(samples, 0.95):8.4f} ms")
    print(f"  ratio engine/baseline (medians): {statistics.median(full) / statistics.median(base):.1f}x")
    ok = statistics.median(full) < 1.0 and percentile(full, 0.95) < 2.0
    print(f"  target median < 1 ms and p95 < 2 ms: {'met' if ok else 'NOT met'}")


if __name__ == "__main__":
    main()
