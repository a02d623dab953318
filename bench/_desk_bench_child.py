import time

T0 = time.perf_counter()

"""One measurement of bench/desk_bench.py in a fresh process (run by it; not on its own).

    python bench/_desk_bench_child.py bare|desk|keys|calls|build [N]

Every figure is printed as ``name value`` on its own line, flushed at once, so the parent
can also time the line's arrival from its own Popen.  Times are milliseconds since ``T0``
(this script's first line); ``age`` lines give the process's own age (from /proc, jiffy
resolution) at the same moment, which includes the interpreter's start-up.
"""

import os  # noqa: E402
import sys  # noqa: E402


def say(name: str, value: float) -> None:
    sys.stdout.write(f"{name} {value:.3f}\n")
    sys.stdout.flush()


def since_t0() -> float:
    return (time.perf_counter() - T0) * 1000


def process_age_ms() -> float:
    """Time since the kernel started this process (includes interpreter start-up)."""
    try:
        with open("/proc/self/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        start_ticks = int(fields[19])  # field 22 of stat (starttime), after pid and comm
        with open("/proc/uptime") as handle:
            uptime = float(handle.read().split()[0])
        return (uptime - start_ticks / os.sysconf("SC_CLK_TCK")) * 1000
    except (OSError, ValueError, IndexError):
        return float("nan")


def rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1048576


def watch_first_paint(app, window_type, on_painted) -> None:
    """Call ``on_painted`` once the first paint of a top-level ``window_type`` has been
    processed: a Paint event reaches the window (the whole tree is painted in the same
    sync), and a zero timer posted then runs only after that sync has returned."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class FirstPaint(QObject):
        seen = False

        def eventFilter(self, watched, event):  # noqa: N802 (Qt)
            if (
                not self.seen
                and event.type() == QEvent.Type.Paint
                and isinstance(watched, window_type)
                and watched.isWindow()
            ):
                self.seen = True
                QTimer.singleShot(0, on_painted)
            return False

    watch = FirstPaint(app)
    app.installEventFilter(watch)
    app._bench_first_paint = watch  # kept alive with the app


def bare() -> None:
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1360, 820)

    def painted() -> None:
        say("paint", since_t0())
        say("paint_age", process_age_ms())
        app.quit()

    watch_first_paint(app, QMainWindow, painted)
    window.show()
    app.exec()
    os._exit(0)


def desk() -> None:
    """The real start-up path: asbdesk.gui.app.run_desk(demo=True), watched from outside."""
    from PySide6.QtWidgets import QApplication

    import asbdesk.gui.app as desk_app  # the app module: its imports are part of the figure
    from asbdesk.gui import tasks

    say("import", since_t0())
    # run_desk uses the QApplication that exists; making it here (as run_desk would) only
    # lets the paint watch be installed before the window is shown.
    app = QApplication(sys.argv[:1])
    original_ready = desk_app.DeskWindow.ready
    state = {"painted": False, "ready": False}

    def finish_if_done() -> None:
        if state["painted"] and state["ready"]:
            tasks.wait_for_all(10_000)  # the draft and outbox look-ups ready() started
            app.quit()

    def ready(self, *args) -> None:
        original_ready(self, *args)
        say("ready", since_t0())
        say("ready_age", process_age_ms())
        state["ready"] = True
        finish_if_done()

    def painted() -> None:
        say("paint", since_t0())
        say("paint_age", process_age_ms())
        state["painted"] = True
        finish_if_done()

    desk_app.DeskWindow.ready = ready
    watch_first_paint(app, desk_app.DeskWindow, painted)
    desk_app.run_desk(demo=True)
    os._exit(0)  # PySide6 can crash while Python tears its objects down; the figures are out


def build() -> None:
    """Build the demo database once, so every measured start opens the same one."""
    from asbdesk.gui.app import open_backend

    t = time.perf_counter()
    _engine, saver, _actor, _using, _force = open_backend(True)
    say("build", (time.perf_counter() - t) * 1000)
    saver.store.close()
    os._exit(0)


# --------------------------------------------------------------------------- keys


def shown_desk():
    """App, style sheet, DeskWindow shown and ready on the demo database, with the keyboard."""
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from asbdesk.gui.app import DeskWindow, open_backend, style_sheet

    app = QApplication(sys.argv[:1])
    app.setApplicationName("asbdesk")
    app.setStyleSheet(style_sheet())
    window = DeskWindow()
    window.resize(1360, 820)
    window.show()
    window.ready(*open_backend(True))
    QTest.qWaitForWindowExposed(window, 5000)
    window.activateWindow()
    deadline = time.monotonic() + 5
    while not (window.isActiveWindow() and QApplication.focusWidget() is not None) and time.monotonic() < deadline:
        QTest.qWait(5)
    if QApplication.focusWidget() is None:
        raise SystemExit("the desk never got the keyboard focus")
    return app, window


def focused():
    from PySide6.QtWidgets import QApplication

    widget = QApplication.focusWidget()
    if widget is None:  # QTest would abort the process
        raise SystemExit("no widget has the keyboard focus")
    return widget


def keys() -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    presses = int(sys.argv[2])
    _app, window = shown_desk()
    ctrl = Qt.KeyboardModifier.ControlModifier
    QTest.keyClick(focused(), Qt.Key.Key_N, ctrl)  # new contact: cursor in the caller search
    QTest.keyClick(focused(), Qt.Key.Key_I, ctrl)  # the incident code box
    QTest.keyClicks(focused(), "801")
    QTest.keyClick(focused(), Qt.Key.Key_Return)
    QTest.keyClick(focused(), Qt.Key.Key_N)  # immediate danger: no (and on to the next by itself)
    question = window.session.question()
    if question is None or question.type != "yes_no":
        raise SystemExit(f"expected a yes/no question on 801, got {question and question.id}")
    say("keys_question_is_" + question.id, 0)
    samples = []
    for i in range(presses):
        before = window.session.answers.get(question.id)
        t = time.perf_counter()
        # The answer and the move to the next question it makes by itself (issue 23.4)
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Y if i % 2 == 0 else Qt.Key.Key_N)
        QApplication.sendPostedEvents()
        QApplication.processEvents()
        window.repaint()  # the whole window, synchronously
        samples.append((time.perf_counter() - t) * 1000)
        if window.session.answers.get(question.id) == before or window.session.current == question.id:
            raise SystemExit(f"press {i} did not change the answer and move on")
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backspace, ctrl)  # back to it, not timed
        QApplication.processEvents()
        if window.session.current != question.id:
            raise SystemExit(f"Ctrl+Backspace after press {i} did not go back to '{question.id}'")
    for value in samples:
        say("key", value)
    os._exit(0)


# --------------------------------------------------------------------------- calls

# What a caller typically says on an 802 call, by question; any other mandatory question
# gets the first option (or "1"/"x" when typed).
ANSWERS_802 = {
    "immediate_danger": False,
    "weapons": False,
    "before": False,
    "hate": False,
    "vulnerable": False,
    "dm_pattern": "isolated",
    "dm_harm": "low",
    "further_contact": True,
    "contact_method": "ring_back",
    "consent": True,
}


def calls() -> None:
    """``N`` short 802 calls by keys, one step per timer tick inside app.exec()."""
    import gc

    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    total = int(sys.argv[2])
    app, window = shown_desk()
    ctrl = Qt.KeyboardModifier.ControlModifier

    def press(key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
        QTest.keyClick(focused(), key, modifier)

    def answer(question, value):
        """The keys for ``value``, then Enter where the answer needs it: a yes/no or single
        choice moves on by itself (issue 23.4)."""
        if question.type == "yes_no":
            press(Qt.Key.Key_Y if value else Qt.Key.Key_N)
        elif question.type in ("single", "multi"):
            ids = [o.id for o in question.options]
            chosen = value if isinstance(value, (list, tuple)) else [value]
            for option in chosen:
                press(getattr(Qt.Key, f"Key_{ids.index(option) + 1 if option in ids else 1}"))
        else:
            QTest.keyClicks(focused(), str(value))
        if window.session.current == question.id:
            press(Qt.Key.Key_Return)

    def pass_by(question):
        """Enter past an optional question; reached by an answer's own key, the first Enter is
        refused as one pressed out of habit: Enter again."""
        press(Qt.Key.Key_Return)
        if window.session.current == question.id:
            press(Qt.Key.Key_Return)

    def default(question):
        if question.type == "yes_no":
            return False
        if question.type in ("single", "multi"):
            return question.options[0].id
        return "1" if question.type == "number" else "x"

    def settle(ticks: int = 30):
        for _ in range(ticks):
            yield

    def wait(condition, what: str, seconds: float = 10):
        deadline = time.monotonic() + seconds
        while not condition():
            if time.monotonic() > deadline:
                raise SystemExit(f"timed out waiting for {what}")
            yield

    def dialog_has_keyboard() -> bool:
        dialog, widget = QApplication.activeModalWidget(), QApplication.focusWidget()
        return dialog is not None and widget is not None and dialog.isAncestorOf(widget)

    def back_at_desk() -> bool:
        widget = QApplication.focusWidget()
        return QApplication.activeModalWidget() is None and widget is not None and window.isAncestorOf(widget)

    def measure(label: str):
        yield from settle()
        gc.collect()
        say(f"rss_{label}", rss_mb())
        say(f"none_{label}", sys.getrefcount(None))
        say(f"objects_{label}", len(gc.get_objects()))

    def one_call():
        yield from wait(back_at_desk, "the desk to have the keyboard")
        press(Qt.Key.Key_N, ctrl)
        yield
        if focused() not in (window.code, window.code.lineEdit()):
            press(Qt.Key.Key_I, ctrl)
            yield
        QTest.keyClicks(focused(), "802")
        yield
        press(Qt.Key.Key_Return)
        yield
        for _ in range(80):
            question = window.session.question()
            if question is None:
                break
            if question.mandatory:
                answer(question, ANSWERS_802.get(question.id, default(question)))
            else:
                pass_by(question)
            yield
        while window.session.unacknowledged():
            press(Qt.Key.Key_K, ctrl)
            yield
        previous = window.last_saved
        press(Qt.Key.Key_Return, ctrl)
        if window.session.refusal:
            raise SystemExit(f"finish refused: {window.session.refusal}")
        yield from wait(lambda: window.last_saved is not previous, "the save")
        yield from wait(dialog_has_keyboard, "the log dialog")
        press(Qt.Key.Key_Escape)
        yield
        yield from wait(back_at_desk, "the log dialog to close")

    def driver():
        started = time.perf_counter()
        for n in range(1, total + 1):
            yield from one_call()
            if n == min(10, total):
                yield from measure("10")
                started = time.perf_counter()
        yield from measure("end")
        say("calls_ms_each", (time.perf_counter() - started) * 1000 / max(1, total - 10))
        say("calls_done", total)

    steps = driver()
    timer = QTimer()
    timer.setInterval(1)

    def tick() -> None:
        try:
            next(steps)
        except StopIteration:
            timer.stop()
            app.quit()
        except BaseException as error:  # report, then leave the loop
            timer.stop()
            sys.stdout.write(f"error {error!r}\n")
            sys.stdout.flush()
            app.exit(1)

    timer.timeout.connect(tick)
    timer.start()
    app.exec()
    os._exit(0)


if __name__ == "__main__":
    {"bare": bare, "desk": desk, "keys": keys, "calls": calls, "build": build}[sys.argv[1]]()
