"""Run the installed Orca with its debug log written out line by line (run by
scripts/orca_session.sh with the system Python, which has Orca's modules).

Orca writes its debug log through a buffered file: the last few kilobytes (on a busy machine,
all of what it said for the last key) reach the disk only when the buffer fills or Orca exits
cleanly, so a listener reading the log, or a session that stops Orca, can miss words Orca did
speak. This flushes after each line Orca logs, then runs Orca as ``orca`` would.

    /usr/bin/python3 scripts/orca_flushed.py [ORCA ARGUMENTS...]
"""

from __future__ import annotations

import runpy
import shutil
import sys

from orca import debug  # type: ignore[import-not-found]

_println = debug.println


def println(*arguments: object, **keywords: object) -> None:
    _println(*arguments, **keywords)
    if debug.debugFile is not None:
        debug.debugFile.flush()


debug.println = println
orca = shutil.which("orca")
if orca is None:
    raise SystemExit("orca is not installed (apt-get install orca)")
sys.argv[0] = orca
runpy.run_path(orca, run_name="__main__")
