"""Lint, format and types are part of the test run (issue 12): ruff and mypy, configured
in pyproject.toml, clean on the package, the tests, the benchmarks and the scripts."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TARGETS = ["asbdesk", "tests", "bench", "scripts"]


def tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: it comes with the test extras (pip install -e '.[test]')")
    return found


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)


def test_ruff_lint_is_clean():
    done = run(tool("ruff"), "check", *TARGETS)
    assert done.returncode == 0, done.stdout + done.stderr


def test_ruff_format_is_clean():
    done = run(tool("ruff"), "format", "--check", *TARGETS)
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_is_clean():
    done = run(tool("mypy"))
    assert done.returncode == 0, done.stdout + done.stderr


def test_ci_runs_the_readmes_test_command_verbatim():
    """The README's second command is what CI runs last, word for word."""
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"^(python3 -m venv \.venv && \.venv/bin/pip install -q -e '\.\[test\]' && .+)$", readme, re.M)
    assert found is not None, "the README's test command is not where it was"
    last = (ROOT / ".ci" / "run").read_text(encoding="utf-8").rstrip().splitlines()[-1]
    assert last == found.group(1)
