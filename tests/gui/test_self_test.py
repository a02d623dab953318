import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PACKS


def self_test(*args: str) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("asbdesk", path=str(Path(sys.executable).parent)) or shutil.which("asbdesk")
    assert exe is not None
    return subprocess.run([exe, "--self-test", *args], capture_output=True, text=True, timeout=120)


def test_self_test_exits_0_after_a_real_call():
    done = self_test()
    assert done.returncode == 0, done.stderr
    assert "asbdesk self-test passed: 5 packs loaded; on pack default 1.0" in done.stdout
    assert "saved as ASB-" in done.stdout
    assert done.stderr == ""


def test_self_test_takes_its_call_through_the_pack_given(tmp_path):
    """Issue 19: ``--self-test --pack ID|DIR``: the scripted call on that pack (CI runs it on
    every shipped pack); a force's own folder as well as a shipped id."""
    done = self_test("--pack", "west-mercia")
    assert done.returncode == 0, done.stderr
    assert "on pack west-mercia 1.0" in done.stdout
    folder = tmp_path / "cambridgeshire"
    shutil.copytree(PACKS / "cambridgeshire", folder)
    done = self_test("--pack", str(folder))
    assert done.returncode == 0, done.stderr
    assert "on pack cambridgeshire 1.0" in done.stdout


@pytest.mark.parametrize("pack", ["no-such-pack", "/nowhere/at/all"])
def test_self_test_on_an_unknown_pack_is_refused_in_words(pack):
    done = self_test("--pack", pack)
    assert done.returncode == 2
    assert done.stderr.startswith("asbdesk: pack: unknown pack")
    assert "Traceback" not in done.stderr
