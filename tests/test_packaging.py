"""ui/, resources/ and db/ ship inside the wheel, and an installed copy finds its packs."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

import pytest

from tests.conftest import REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(REPO)],
        check=True,
        timeout=300,
    )
    [path] = out.glob("asbdesk-*.whl")
    return path


def test_wheel_holds_ui_resources_and_db(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for pack in ("default", "cambridgeshire", "avon-and-somerset", "west-mercia", "west-yorkshire"):
        assert f"asbdesk/resources/packs/{pack}/pack.yaml" in names
    assert "asbdesk/ui/desk.qss" in names
    assert "asbdesk/db/README.md" in names
    assert not any(name.startswith("tests/") for name in names)


def test_installed_wheel_finds_its_packs(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True,
        timeout=300,
    )
    code = (
        "import asbdesk.core.resources as r, asbdesk.cli as c; "
        "print(r.packs_dir()); raise SystemExit(c.main(['packs', 'validate', str(r.packs_dir())]))"
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[0] == str(target / "asbdesk" / "resources" / "packs")
    assert "default: OK" in done.stdout


def test_the_bundle_holds_every_module_the_migrations_import():
    # Alembic reads db/versions/*.py as files, so PyInstaller never sees their imports: a
    # module of asbdesk a migration imports must be among build.spec's hidden imports, or the
    # bundle stops at its first database with an ImportError (0011 and asbdesk.storage.counts).
    import ast

    spec = (REPO / "build.spec").read_text(encoding="utf-8")
    hidden = next(
        node for node in ast.walk(ast.parse(spec)) if isinstance(node, ast.keyword) and node.arg == "hiddenimports"
    )
    named = {element.value for element in hidden.value.elts}  # type: ignore[attr-defined]
    needed = set()
    for migration in sorted((REPO / "db" / "versions").glob("*.py")):
        for node in ast.walk(ast.parse(migration.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("asbdesk"):
                needed |= {
                    f"{node.module}.{alias.name}" if node.module == "asbdesk.storage" else node.module
                    for alias in node.names
                }
            elif isinstance(node, ast.Import):
                needed |= {alias.name for alias in node.names if alias.name.startswith("asbdesk")}
    assert needed, "no migration imports asbdesk: this test has nothing to check"
    assert needed <= named, f"build.spec's hiddenimports lack {sorted(needed - named)}"
