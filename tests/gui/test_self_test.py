import shutil
import subprocess
import sys
from pathlib import Path


def test_self_test_exits_0_after_a_real_call():
    exe = shutil.which("asbdesk", path=str(Path(sys.executable).parent)) or shutil.which("asbdesk")
    done = subprocess.run([exe, "--self-test"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "asbdesk self-test passed: 5 packs loaded, one call of" in done.stdout
    assert "saved as ASB-" in done.stdout
    assert done.stderr == ""
