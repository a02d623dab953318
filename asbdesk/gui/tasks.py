"""Database work off the GUI thread (STYLE.md: never block the screen on storage).

``run(fn, on_done, on_failed)`` runs ``fn`` in Qt's thread pool and calls back on
the GUI thread. A :class:`StorageError` reaches ``on_failed`` as words for the
operator; anything else is our bug, logged with its traceback and shown plainly.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class _Relay(QObject):
    """One relay for every task: a result crosses to the GUI thread with its task's
    number. (A QObject per task cost PySide6 a reference to None each time.)"""

    done = Signal(int, object)
    failed = Signal(int, str)

    def __init__(self) -> None:
        super().__init__()
        self.waiting: dict[int, tuple[Callable[[Any], None], Callable[[str], None]]] = {}
        self.done.connect(self._done)
        self.failed.connect(self._failed)

    def _done(self, number: int, value: Any) -> None:
        on_done, _ = self.waiting.pop(number)
        on_done(value)

    def _failed(self, number: int, message: str) -> None:
        _, on_failed = self.waiting.pop(number)
        on_failed(message)


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], Any], number: int) -> None:
        super().__init__()
        self.fn, self.number = fn, number

    def run(self) -> None:
        relay = _relay()
        try:
            result = self.fn()
        except Exception as error:
            from asbdesk.storage.database import StorageError  # imported late: the window paints first

            if isinstance(error, StorageError):
                relay.failed.emit(self.number, str(error))
            else:  # our bug: keep the desk alive, say so, log the details
                log.exception("background task failed")
                relay.failed.emit(
                    self.number,
                    QCoreApplication.translate(
                        "tasks",
                        "Something went wrong in asbdesk (the details are in the log). Nothing entered is lost.",
                    ),
                )
        else:
            relay.done.emit(self.number, result)


_the_relay: _Relay | None = None
_numbers = itertools.count(1)
_writes: QThreadPool | None = None


def _relay() -> _Relay:
    global _the_relay
    if _the_relay is None:  # made on the GUI thread by the first run()
        _the_relay = _Relay()
    return _the_relay


def pending() -> int:
    """How many tasks have not reported yet."""
    return len(_relay().waiting)


def _write_pool() -> QThreadPool:
    # One thread: a call's drafts and its save reach the database in the order they
    # were made, so an older draft never lands after a newer one or after the save.
    global _writes
    if _writes is None:
        _writes = QThreadPool()
        _writes.setMaxThreadCount(1)
    return _writes


def write(fn: Callable[[], Any], on_done: Callable[[Any], None], on_failed: Callable[[str], None]) -> None:
    """Like :func:`run`, for changes: applied one at a time, in order."""
    run(fn, on_done, on_failed, pool=_write_pool())


def run(
    fn: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_failed: Callable[[str], None],
    pool: QThreadPool | None = None,
) -> None:
    """Run ``fn`` off the GUI thread; ``on_done(result)`` or ``on_failed(words)`` on it."""
    number = next(_numbers)
    _relay().waiting[number] = (on_done, on_failed)
    (pool or QThreadPool.globalInstance()).start(_Task(fn, number))


def wait_for_all(timeout_ms: int) -> bool:
    """Block until every background task has finished (closing the desk, tests)."""
    done = _write_pool().waitForDone(timeout_ms)
    return QThreadPool.globalInstance().waitForDone(timeout_ms) and done
