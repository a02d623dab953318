"""Database work off the GUI thread (STYLE.md: never block the screen on storage).

``run(fn, on_done, on_failed)`` runs ``fn`` in Qt's thread pool and calls back on
the GUI thread. A :class:`StorageError` reaches ``on_failed`` as words for the
operator; anything else is our bug, logged with its traceback and shown plainly.
"""

from __future__ import annotations

import logging
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class _Relay(QObject):
    done = Signal(object)
    failed = Signal(str)


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.fn, self.relay = fn, relay

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as error:
            from asbdesk.storage.database import StorageError  # imported late: the window paints first

            if isinstance(error, StorageError):
                self.relay.failed.emit(str(error))
            else:  # our bug: keep the desk alive, say so, log the details
                log.exception("background task failed")
                self.relay.failed.emit("Something went wrong in asbdesk (the details are in the log). Nothing entered is lost.")
        else:
            self.relay.done.emit(result)


_alive: set[_Relay] = set()
_writes: QThreadPool | None = None


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
    fn: Callable[[], Any], on_done: Callable[[Any], None], on_failed: Callable[[str], None], pool: QThreadPool | None = None
) -> None:
    relay = _Relay()
    _alive.add(relay)  # keep the relay alive until it has reported

    def finish(callback: Callable[[Any], None], value: Any) -> None:
        _alive.discard(relay)
        relay.deleteLater()  # its connections (and the callbacks they hold) go with it
        callback(value)

    relay.done.connect(lambda value: finish(on_done, value))
    relay.failed.connect(lambda message: finish(on_failed, message))
    (pool or QThreadPool.globalInstance()).start(_Task(fn, relay))


def wait_for_all(timeout_ms: int) -> bool:
    """Block until every background task has finished (closing the desk, tests)."""
    done = _write_pool().waitForDone(timeout_ms)
    return QThreadPool.globalInstance().waitForDone(timeout_ms) and done
