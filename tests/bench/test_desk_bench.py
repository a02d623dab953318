"""bench/desk_bench.py at a tiny size: it runs to the end through a fresh install, prints every
figure, and leaves no temporary venv behind. Figures are checked for presence, never for speed."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from tests.conftest import REPO

NUMBER = r"(\d+(?:\.\d+)?)"


def figures(pattern: str, text: str) -> list[float]:
    found = re.findall(pattern, text)
    assert found, f"no line matching {pattern!r} in:\n{text}"
    return [float(v) for match in found for v in (match if isinstance(match, tuple) else (match,))]


def test_desk_bench_tiny_prints_every_figure_and_cleans_up(tmp_path):
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = {**os.environ, "TMPDIR": str(scratch), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [
            sys.executable,
            str(REPO / "bench" / "desk_bench.py"),
            *("--runs", "1", "--calls", "11", "--presses", "5", "--calls-timed", "1", "--key-gap-ms", "5"),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=600,
        check=False,
    )
    out = done.stdout
    assert done.returncode == 0, out + done.stderr

    # The fresh install: bytecode in the compiled venv only; the venvs are gone.
    compiled, plain = figures(r"asbdesk \.pyc files: (\d+) compiled, (\d+) not compiled", out)
    assert compiled > 50 and plain == 0
    [work] = re.findall(r"temporary folder \(venvs, ASBDESK_HOME\): (\S+)", out)
    assert work.startswith(str(scratch))
    assert not os.path.exists(work)
    assert list(scratch.iterdir()) == []

    # 1. Start-up, both installs: every mark from Popen and as the process's age.
    for label in ("bare-window first paint", "asbdesk --demo first paint", "asbdesk widgets painted"):
        values = figures(rf"{label} +{NUMBER} ms \( *{NUMBER}\)", out)
        assert len(values) == 4 and all(v > 0 for v in values), (label, values)
    for label in ("asbdesk widgets, search focused", "asbdesk ready \\(pack, database\\)"):
        values = figures(rf"{label} +{NUMBER} ms \( *{NUMBER}\)", out)
        assert len(values) == 4 and all(v > 0 for v in values), (label, values)
    paint = figures(rf"asbdesk --demo first paint +{NUMBER} ms", out)
    widgets = figures(rf"asbdesk widgets, search focused +{NUMBER} ms", out)
    assert all(w > p for w, p in zip(widgets, paint, strict=True))  # the widgets come after the first paint
    ratios = figures(
        rf"first paint desk/bare {NUMBER}x (?:PASS|MISS).*widgets desk/bare paint {NUMBER}x (?:PASS|MISS)", out
    )
    assert len(ratios) == 4 and all(r > 0 for r in ratios)
    assert len(re.findall(r"load \d+\.\d\d-\d+\.\d\d", out)) == 4  # the load beside each start-up figure

    # 2. Keys over the scripted call, Ctrl+Enter to the log, and every kind of key pressed.
    p50, p95, worst = figures(rf"all keys: p50 {NUMBER} ms, p95 {NUMBER} ms, max {NUMBER} ms", out)
    assert 0 < p50 <= p95 <= worst
    s50, s95, _ = figures(
        rf"log dialog shown with the keyboard and painted: p50 {NUMBER} ms, p95 {NUMBER} ms, max {NUMBER}", out
    )
    assert 0 < s50 <= s95
    c50, c95 = figures(
        rf"Enter on a caller -> their record read, shown and painted.*: p50 {NUMBER} ms, p95 {NUMBER} ms", out
    )
    assert 0 < c50 <= c95
    for kind in (
        "Ctrl+N",
        "caller search letter",
        "Tab to results",
        "Enter (pick caller)",
        "incident code digit",
        "Enter (code)",
        "yes/no",
        "choice digit",
        "multi digit",
        "typed answer",
        "Enter (answer)",
        "Enter (pass)",
        "Ctrl+K",
        "Escape (close log)",
    ):
        assert re.search(rf"\n +{re.escape(kind)} +n= *[1-9]", out), kind
    assert figures(rf"Y/N alternately .*p50 {NUMBER} ms, p95 {NUMBER} ms", out)[0] > 0

    # 3. Memory over whole calls, and the summary with a verdict on every target.
    assert figures(rf"RSS {NUMBER} MB after call 10, {NUMBER} MB after call 11", out)[0] > 0
    assert len(re.findall(r"(?m)^.+ (?:PASS|MISS)$", out.split("summary", 1)[1])) == 10
