"""Desk benchmarks (issue 4): start-up against a bare PySide6 window, and the time from
a key press on an answer to the assessment panel updated.

    QT_QPA_PLATFORM=offscreen python bench/desk_bench.py [--rounds 300]

Start-up is measured in fresh processes (median of several), each as a ratio to a bare
PySide6 window measured in the same run: first paint (the window shown and painted)
and ready-for-a-call (pack and database open, Ctrl+N possible).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time

BARE = textwrap.dedent(
    """
    import time; t0 = time.perf_counter()
    from PySide6.QtWidgets import QApplication, QMainWindow
    app = QApplication([]); w = QMainWindow(); w.resize(1360, 820); w.show(); w.grab()
    print(f"paint {(time.perf_counter() - t0) * 1000:.1f}")
    """
)

DESK = textwrap.dedent(
    """
    import time; t0 = time.perf_counter()
    import os
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication
    from asbdesk.gui import tasks
    app = QApplication([])
    from asbdesk.gui.desk import DeskWindow
    w = DeskWindow(); w.resize(1360, 820); w.show(); w.grab()
    print(f"paint {(time.perf_counter() - t0) * 1000:.1f}")
    from asbdesk.gui.app import open_backend
    tasks.run(lambda: open_backend(False, "default"), lambda ready: w.ready(*ready), print)
    loop = QEventLoop()
    def check():
        if w.engine is not None:
            loop.quit()
        else:
            QTimer.singleShot(5, check)
    check(); loop.exec()
    print(f"ready {(time.perf_counter() - t0) * 1000:.1f}")
    w.close()
    """
)


def measure(code: str, runs: int, env: dict) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {}
    for _ in range(runs):
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
        for line in done.stdout.splitlines():
            name, value = line.split()
            out.setdefault(name, []).append(float(value))
    return out


def key_to_panel(rounds: int) -> list[float]:
    from datetime import datetime, timezone

    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from asbdesk.core.engine import Engine
    from asbdesk.core.packs.registry import resolve_pack
    from asbdesk.gui.desk import DeskWindow
    from asbdesk.storage.outbox import Outbox, ResilientSaver
    from asbdesk.storage.records import Actor
    from asbdesk.storage.store import Store

    app = QApplication.instance() or QApplication([])
    home = tempfile.mkdtemp()
    store = Store.open(f"sqlite:///{home}/bench.sqlite")
    actor = Actor("bench", "bench")
    store.ensure_user("bench", "Bench", "call_handler")
    window = DeskWindow(clock=lambda: datetime(2026, 11, 23, 14, 5, tzinfo=timezone.utc))
    window.show()
    window.ready(Engine(resolve_pack("default")), ResilientSaver(store, Outbox(f"{home}/outbox.sqlite")), actor)
    QTest.keyClicks(window.code.lineEdit(), "801")
    QTest.keyClick(window.code.lineEdit(), Qt.Key.Key_Return)
    samples = []
    for i in range(rounds):
        window.session.go_to("weapons")
        before = window.panel.text()
        t0 = time.perf_counter()
        QTest.keyClick(window.questions, Qt.Key.Key_Y if i % 2 == 0 else Qt.Key.Key_N)
        window.panel.repaint()  # the panel updated and painted
        samples.append((time.perf_counter() - t0) * 1000)
        assert window.panel.text() != before
        app.processEvents()
    window.close()
    store.close()
    return samples


def memory_over_calls(calls: int) -> list[float]:
    """Resident memory (MB) after each of ``calls`` whole calls taken and saved in one session."""
    import resource  # noqa: F401  (Linux: read /proc for the current, not the peak, size)
    from datetime import datetime, timedelta, timezone

    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from asbdesk.core.engine import Engine
    from asbdesk.core.packs.registry import resolve_pack
    from asbdesk.gui import tasks
    from asbdesk.gui.desk import DeskWindow
    from asbdesk.storage.outbox import Outbox, ResilientSaver
    from asbdesk.storage.records import Actor
    from asbdesk.storage.store import Store

    def rss_mb() -> float:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1048576

    app = QApplication.instance() or QApplication([])
    home = tempfile.mkdtemp()
    store = Store.open(f"sqlite:///{home}/bench.sqlite")
    actor = Actor("bench", "bench")
    store.ensure_user("bench", "Bench", "call_handler")
    start = datetime(2026, 11, 23, 8, 0, tzinfo=timezone.utc)
    clock = [start]
    window = DeskWindow(clock=lambda: clock[0])
    window.show()
    window.ready(Engine(resolve_pack("default")), ResilientSaver(store, Outbox(f"{home}/outbox.sqlite")), actor)
    answers = {"immediate_danger": False, "weapons": False, "before": True, "hate": False, "vulnerable": False,
               "dm_pattern": "regular", "dm_harm": "moderate", "further_contact": False, "consent": True}
    sizes = []
    for n in range(calls):
        clock[0] = start + timedelta(minutes=7 * n)
        window.new_contact()
        QTest.keyClicks(window.code.lineEdit(), "802")
        QTest.keyClick(window.code.lineEdit(), Qt.Key.Key_Return)
        for qid, value in answers.items():
            window.session.answer(value, qid)
        window.last_saved = None
        window.finish_call()
        while window.last_saved is None:
            app.processEvents()
        window.log_dialog.close()
        tasks.wait_for_all(10_000)
        app.processEvents()
        app.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)  # as returning to the event loop would
        sizes.append(rss_mb())
    window.close()
    store.close()
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=300)
    parser.add_argument("--starts", type=int, default=7)
    args = parser.parse_args()
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
           "QT_LOGGING_RULES": "qt.qpa.*=false", "ASBDESK_HOME": tempfile.mkdtemp()}
    bare = measure(BARE, args.starts, env)
    desk = measure(DESK, args.starts, env)
    b, p, r = statistics.median(bare["paint"]), statistics.median(desk["paint"]), statistics.median(desk["ready"])
    print(f"start-up, median of {args.starts} fresh processes ({env['QT_QPA_PLATFORM']}):")
    print(f"  bare PySide6 window first paint {b:7.1f} ms")
    print(f"  asbdesk first paint             {p:7.1f} ms  ratio {p / b:4.2f}x  (target at most 1.5x)")
    print(f"  asbdesk ready for a call        {r:7.1f} ms  (target under 1000 ms)")
    os.environ.update({"QT_QPA_PLATFORM": env["QT_QPA_PLATFORM"], "QT_LOGGING_RULES": "qt.qpa.*=false"})
    samples = key_to_panel(args.rounds)
    ordered = sorted(samples)
    print(f"key press on an answer -> assessment panel updated and painted, {args.rounds} presses:")
    print(f"  median {statistics.median(samples):.2f} ms, p95 {ordered[int(0.95 * len(ordered))]:.2f} ms (target p95 under 16 ms)")
    sizes = memory_over_calls(100)
    growth = (sizes[-1] - sizes[9]) / sizes[9] * 100
    print(f"memory over 100 calls in one session: {sizes[9]:.1f} MB after 10, {sizes[-1]:.1f} MB after 100 "
          f"({growth:+.1f}%; target at most +10%)")
    sys.stdout.flush()
    os._exit(0)  # PySide6 can crash while Python tears its objects down; the figures are out


if __name__ == "__main__":
    main()
