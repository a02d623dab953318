"""bench/sqlite_read_under_write.py at a tiny size: it runs to the end, prints its figures
with the machine's load, every view it recorded reaches the audit trail, and it leaves no
temporary database behind. (Speed itself is checked in test_sqlite_locking.py.)"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import REPO

BENCH = REPO / "bench" / "sqlite_read_under_write.py"


def test_the_read_under_write_bench_runs_small_and_cleans_up(tmp_path):
    report = tmp_path / "figures.json"
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    command = [sys.executable, str(BENCH), "--people", "120", "--contacts", "600", "--picks", "6"]
    done = subprocess.run(
        [*command, "--json", str(report)],
        cwd=REPO,
        env={**os.environ, "TMPDIR": str(scratch)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    result = json.loads(report.read_text(encoding="utf-8"))
    for phase in ("under_write", "no_writer"):
        for side in ("app", "hand"):
            figures = result[phase][side]
            assert figures["n"] == 3 and 0 < figures["median"] <= figures["p95"] <= figures["max"]
        assert result[phase]["load"].startswith("load ")
    assert result["views_expected"] == 6 and result["views_written"] == 6 and result["views_all_written"]
    printed = done.stdout
    assert "another process holding the write lock" in printed and "hand SQL median" in printed
    assert "ratio p95" in printed and "load " in printed
    assert list(scratch.iterdir()) == [], "the bench left its temporary database behind"
