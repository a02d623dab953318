"""Time to render the graded log (``render_text``) with one huge text answer, doubling.

Issue 13.2: a 50 MB answer did not render in 300 s because textwrap slices and strips
the rest of an over-long word once per line it fills (quadratic). The renderer's
``_wrap`` is now linear: each doubling of the answer should roughly double the time
(ratio ~2x; 4x would be quadratic). Headless input caps an answer at 10,000
characters, but the desk renders whatever the session holds, so the renderer itself
must stay linear. Two shapes: one word without a space (the old worst case) and words.

    python bench/render_linear.py [--sizes 1 2 4 8] [--runs 3]
"""

from __future__ import annotations

import argparse
import gc
import time
from datetime import UTC, datetime

from asbdesk.core.call import Call
from asbdesk.core.engine import Engine
from asbdesk.core.packs.registry import resolve_pack
from asbdesk.core.render import render_text

NOW = datetime(2026, 11, 23, 14, 5, tzinfo=UTC)
MB = 1_000_000


def best_time(engine: Engine, answer: str, runs: int) -> float:
    # Built as the desk builds it (a Call, not headless JSON: no 10,000-character cap).
    assessment = engine.assess(Call("801", NOW, answers={"weapons": True, "weapons_type": answer}))
    best = float("inf")
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        text = render_text(assessment, UTC)
        best = min(best, time.perf_counter() - start)
    assert len(text) > len(answer)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 2, 4, 8], help="answer sizes in MB")
    parser.add_argument("--runs", type=int, default=3, help="best of this many renders per size")
    args = parser.parse_args()
    engine = Engine(resolve_pack("default"))
    shapes = {"one word": lambda n: "x" * n, "words": lambda n: ("abcdefg " * (n // 8 + 1))[:n]}
    for shape, make in shapes.items():
        print(f"render_text, answer of {shape} (best of {args.runs}):")
        previous = None
        for size in args.sizes:
            seconds = best_time(engine, make(size * MB), args.runs)
            ratio = f"{seconds / previous:.2f}x the previous" if previous else ""
            print(f"  {size:>3} MB  {seconds * 1000:9.1f} ms  {ratio}")
            previous = seconds


if __name__ == "__main__":
    main()
