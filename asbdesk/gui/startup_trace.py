"""Start-up marks for bench/desk_bench.py, written only when ASBDESK_STARTUP_TRACE names a file.

Each mark is one line appended to that file, ``NAME AGE_MS EPOCH``: the process's age in
milliseconds (its start time in /proc/self/stat against /proc/uptime: clock-tick
resolution, and it includes the interpreter's own start-up) and ``time.time()`` at the same
moment, so the program that started the process can time the mark from its own clock.
The marks name moments of the start-up and nothing else: no personal data.

- ``paint``: the window's first paint has reached the screen (DeskWindow.first_painted);
- ``built``: the desk's widgets are made and painted (the caller search among them);
- ``widgets``: the caller search has been painted with the keyboard in it: the operator
  can type into it;
- ``ready``: the pack and the database are open (DeskWindow.ready has run).
"""

from __future__ import annotations

import os
import time
from typing import Any

VARIABLE = "ASBDESK_STARTUP_TRACE"


def process_age_ms() -> float:
    """Time since the kernel started this process (includes the interpreter's start-up)."""
    try:
        with open("/proc/self/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        start_ticks = int(fields[19])  # field 22 of stat (starttime), after pid and comm
        with open("/proc/uptime") as handle:
            uptime = float(handle.read().split()[0])
        return (uptime - start_ticks / os.sysconf("SC_CLK_TCK")) * 1000
    except (OSError, ValueError, IndexError):
        return float("nan")


def mark(name: str) -> None:
    """Append ``name``, the process's age and the epoch time to the trace file, if one is set."""
    path = os.environ.get(VARIABLE)
    if not path:
        return
    epoch = time.time()
    with open(path, "a", encoding="ascii") as handle:
        handle.write(f"{name} {process_age_ms():.1f} {epoch:.6f}\n")


def watch_widgets(search: Any) -> None:
    """Mark ``built`` once ``search`` (the caller search box) has been painted, and ``widgets``
    once it has been painted while it has the keyboard: a zero timer posted at its paint runs
    once that paint has reached the screen."""
    if not os.environ.get(VARIABLE):
        return
    from PySide6.QtCore import QEvent, QObject, QTimer

    class Watch(QObject):
        built = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt)
            if event.type() == QEvent.Type.Paint:
                if not self.built:
                    self.built = True
                    QTimer.singleShot(0, lambda: mark("built"))
                if search.hasFocus() and search.isEnabled():
                    search.removeEventFilter(self)
                    QTimer.singleShot(0, lambda: mark("widgets"))
            return False

    search.installEventFilter(Watch(search))  # a child of the box: lives as long as it does
