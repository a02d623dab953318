"""Layering (STYLE.md habit 1): the core imports neither Qt nor SQL, enforced by import-linter;
and the tests keep to the public surface they test."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO


def test_import_linter_contracts_hold():
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which("lint-imports")
    assert exe, "import-linter is not installed (pip install -e '.[test]')"
    done = subprocess.run([exe], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Contracts: 3 kept, 0 broken." in done.stdout


def test_core_has_no_eval_or_exec():
    for path in (REPO / "asbdesk" / "core").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls = {n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
        assert not calls & {"eval", "exec", "compile", "__import__"}, path


def test_no_test_reaches_into_the_stores_private_session():
    """Tests use the Store's public methods, or ``store.engine.begin()``/``connect()`` with Core
    statements where raw SQL is the point (an insider's tampering, a count of rows, a broken
    schema); never the Store's own transaction plumbing, which would test it against itself."""
    needle = "._session" + "("  # split so that this file does not find itself
    offenders = [
        f"{path.relative_to(REPO)}:{number}"
        for path in sorted((REPO / "tests").rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if needle in line
    ]
    assert not offenders, "tests reach into the Store's private session: " + ", ".join(offenders)


def test_every_csv_goes_through_the_one_spreadsheet_safe_writer():
    """Issue 20: one CSV writer (asbdesk.storage.transfer.write_csv, formulas defused) for every
    CSV asbdesk writes; any other csv.writer or DictWriter in the package fails this test."""
    found = []
    for path in sorted((REPO / "asbdesk").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and node.attr in ("writer", "DictWriter")
                and isinstance(node.value, ast.Name)
                and node.value.id == "csv"
            ):
                found.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert found == [f"asbdesk/storage/transfer.py:{_write_csv_line()}"], found


def _write_csv_line() -> int:
    source = (REPO / "asbdesk" / "storage" / "transfer.py").read_text(encoding="utf-8").splitlines()
    start = next(n for n, line in enumerate(source) if line.startswith("def write_csv("))
    return next(n for n, line in enumerate(source[start:], start + 1) if "csv.writer(" in line)
