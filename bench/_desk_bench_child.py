"""One measurement of bench/desk_bench.py in a fresh process (run by it; not on its own).

    python bench/_desk_bench_child.py callmix|keys|calls ARGS...

The parent runs it with the python of a fresh, non-editable install of asbdesk (a temporary
venv), so ``asbdesk`` is imported from there, never from this checkout.  Every figure is
printed as ``name value...`` on its own line, flushed at once.  Garbage collection is left
as it runs (``gc_enabled`` says so).
"""

import gc
import os
import sys
import time


def say(name: str, *values: object) -> None:
    sys.stdout.write(" ".join([name, *(f"{v:.3f}" if isinstance(v, float) else str(v) for v in values)]) + "\n")
    sys.stdout.flush()


def rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1048576


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


def dialog_has_keyboard() -> bool:
    """A modal dialog is up and holds the keyboard."""
    from PySide6.QtWidgets import QApplication

    dialog, widget = QApplication.activeModalWidget(), QApplication.focusWidget()
    return dialog is not None and widget is not None and dialog.isAncestorOf(widget)


def back_at_desk(window) -> bool:
    """No dialog is up and the desk's window holds the keyboard."""
    from PySide6.QtWidgets import QApplication

    widget = QApplication.focusWidget()
    return QApplication.activeModalWidget() is None and widget is not None and window.isAncestorOf(widget)


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
        say("yesno", value)
    os._exit(0)


# --------------------------------------------------------------------------- callmix

# The scripted call: a repeat victim rings about youths who target her at home.  What she
# says, by question, on 802; every other question is passed with Enter (twice when the
# desk moved on by itself after an answer's own key, as an operator does).
CALLER_TYPED = "ashdown"  # the caller search, letter by letter
CALLER_NAME = "Amira Ashdown"  # the row picked in the results
CODE_TYPED = "802"
CALL_ANSWERS: dict[str, object] = {
    "immediate_danger": False,
    "weapons": False,
    "what_happening": "youths kicking a ball at her windows",
    "physical_or_verbal": "verbal",
    "how_many": "4",
    "before": True,
    "how_often": "every night",
    "targeted": True,
    "hate": True,  # a mandatory attendance prompt, pinned: Ctrl+K
    "vulnerable": True,
    "vulnerability_factors": ["age", "ill_health"],
    "dm_pattern": "regular",
    "dm_harm": "moderate",
    "national_property_damage": True,
    "national_hate": False,
    "further_contact": True,
    "contact_method": "ring_back",
    "consent": True,
}


def callmix() -> None:
    """``N`` whole scripted calls by keys, each key timed to the whole window repainted.

    Each key: QTest.keyClick to QApplication.focusWidget(), posted events sent,
    processEvents(), window.repaint() (synchronous, the whole window); then ``gap`` ms of the
    real event loop (timers, the draft write, worker threads' results) before the next key,
    as an operator's typing leaves.  Waits the operator sees but no key causes at once (the
    search's 200 ms debounce filling the list, the picked caller loading) are waited out,
    untimed as keys; the picked caller shown is its own figure, from Enter to the record
    shown and painted.  Ctrl+Enter is timed from the key to the log dialog shown with the
    keyboard and painted (dialog.repaint()).  Lines: ``key CALL MS KIND``, ``shown CALL MS``
    and ``save CALL MS``."""
    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    total, gap = int(sys.argv[2]), int(sys.argv[3])
    _app, window = shown_desk()
    ctrl = Qt.KeyboardModifier.ControlModifier
    none = Qt.KeyboardModifier.NoModifier
    call = 0

    def idle(ms: int) -> None:
        if ms > 0:
            QTest.qWait(ms)

    def wait(condition, what: str, seconds: float = 10) -> None:
        deadline = time.monotonic() + seconds
        while not condition():
            if time.monotonic() > deadline:
                raise SystemExit(f"call {call}: timed out waiting for {what}")
            QTest.qWait(2)

    def timed(kind: str, key, modifier=none, gap_after: bool = True) -> None:
        widget = focused()
        t = time.perf_counter()
        QTest.keyClick(widget, key, modifier)
        QApplication.sendPostedEvents()
        QApplication.processEvents()
        window.repaint()  # the whole window, synchronously
        say("key", call, (time.perf_counter() - t) * 1000, kind)
        if gap_after:
            idle(gap)

    def typed(kind: str, text: str) -> None:
        for character in text:
            timed(kind, character)

    def answer(question, value) -> None:
        if question.type == "yes_no":
            timed("yes/no", Qt.Key.Key_Y if value else Qt.Key.Key_N)
        elif question.type == "single":
            n = [o.id for o in question.options].index(value) + 1
            timed("choice digit", getattr(Qt.Key, f"Key_{n}"))
        elif question.type == "multi":
            for option in value:
                n = [o.id for o in question.options].index(option) + 1
                timed("multi digit", getattr(Qt.Key, f"Key_{n}"))
            timed("Enter (answer)", Qt.Key.Key_Return)
        else:
            if focused() is not window.questions.entry:
                raise SystemExit(f"call {call}: the typed answer box has not the keyboard on {question.id}")
            typed("typed answer", str(value))
            timed("Enter (answer)", Qt.Key.Key_Return)
        if window.session.current == question.id:
            raise SystemExit(f"call {call}: the desk did not move on from {question.id}")

    def pass_by(question) -> None:
        timed("Enter (pass)", Qt.Key.Key_Return)
        if window.session.current == question.id:
            timed("Enter (pass)", Qt.Key.Key_Return)

    wake = QTimer()  # wakes the wait for the log dialog at least every 50 ms (its deadline)
    wake.setInterval(50)
    for call in range(1, total + 1):
        wait(lambda: back_at_desk(window), "the desk to have the keyboard")
        timed("Ctrl+N", Qt.Key.Key_N, ctrl)
        if focused() is not window.search:
            raise SystemExit(f"call {call}: Ctrl+N did not put the cursor in the caller search")
        typed("caller search letter", CALLER_TYPED)

        def listed() -> bool:
            return any(window.results.item(i).text().startswith(CALLER_NAME) for i in range(window.results.count()))

        wait(listed, f"{CALLER_NAME} in the search results")
        timed("Tab to results", Qt.Key.Key_Tab)
        if focused() is not window.results:
            raise SystemExit(f"call {call}: Tab did not reach the results")
        while not window.results.currentItem().text().startswith(CALLER_NAME):
            timed("Down (pick caller)", Qt.Key.Key_Down)
        # Enter on the caller is timed as every key is; then, untimed as a key, the caller's
        # record read and shown (flags, both histories laid out and painted), timed from the
        # same Enter as its own figure ("shown"); then the gap an operator leaves before the
        # first digit of the code, as between any two keys.
        picked_at = time.perf_counter()
        timed("Enter (pick caller)", Qt.Key.Key_Return, gap_after=False)
        wait(lambda: window.session.caller.known and focused() in (window.code, window.code.lineEdit()), "the caller")
        QApplication.sendPostedEvents()
        QApplication.processEvents()
        window.repaint()
        say("shown", call, (time.perf_counter() - picked_at) * 1000)
        idle(gap)
        typed("incident code digit", CODE_TYPED)
        timed("Enter (code)", Qt.Key.Key_Return)
        if window.session.incident_code != CODE_TYPED:
            raise SystemExit(f"call {call}: code {CODE_TYPED} not taken")
        for _ in range(80):
            question = window.session.question()
            if question is None:
                break
            if question.id in CALL_ANSWERS:
                answer(question, CALL_ANSWERS[question.id])
            elif question.mandatory:
                raise SystemExit(f"call {call}: the script has no answer for the mandatory {question.id}")
            else:
                pass_by(question)
        acknowledged = 0
        while window.session.unacknowledged():
            timed("Ctrl+K", Qt.Key.Key_K, ctrl)
            acknowledged += 1
            if acknowledged > 20:
                raise SystemExit(f"call {call}: Ctrl+K does not acknowledge the pinned prompts")
        if not acknowledged:
            raise SystemExit(f"call {call}: the scripted call pinned no prompt to acknowledge")
        previous = window.last_saved
        widget = focused()
        t = time.perf_counter()
        QTest.keyClick(widget, Qt.Key.Key_Return, ctrl)
        deadline = time.monotonic() + 30
        wake.start()
        while not (dialog_has_keyboard() and window.last_saved is not previous):
            if window.session.refusal:
                raise SystemExit(f"call {call}: finish refused: {window.session.refusal}")
            if time.monotonic() > deadline:
                raise SystemExit(f"call {call}: timed out waiting for the log dialog")
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
        wake.stop()
        QApplication.sendPostedEvents()
        QApplication.processEvents()
        QApplication.activeModalWidget().repaint()  # the log dialog, synchronously
        say("save", call, (time.perf_counter() - t) * 1000)
        idle(gap)
        timed("Escape (close log)", Qt.Key.Key_Escape)
        wait(lambda: back_at_desk(window), "the log dialog to close")
    say("calls_done", total)
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
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtTest import QTest

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

    def measure(label: str):
        yield from settle()
        gc.collect()
        say(f"rss_{label}", rss_mb())
        say(f"none_{label}", sys.getrefcount(None))
        say(f"objects_{label}", len(gc.get_objects()))

    def one_call():
        yield from wait(lambda: back_at_desk(window), "the desk to have the keyboard")
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
        yield from wait(lambda: back_at_desk(window), "the log dialog to close")

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
    say("gc_enabled", int(gc.isenabled()))
    {"callmix": callmix, "keys": keys, "calls": calls}[sys.argv[1]]()
