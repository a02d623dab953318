"""Database work off the GUI thread (STYLE.md: never block the screen on storage).

``run(fn, on_done, on_failed)`` runs ``fn`` in Qt's thread pool and calls back on
the GUI thread. A :class:`StorageError` reaches ``on_failed`` as words for the
operator; anything else is our bug, logged with its traceback and shown plainly.
"""

from __future__ import annotations

import logging
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from asbdesk.storage.database import StorageError

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
        except StorageError as error:
            self.relay.failed.emit(str(error))
        except Exception:  # our bug: keep the desk alive, say so, log the details
            log.exception("background task failed")
            self.relay.failed.emit("Something went wrong in asbdesk (the details are in the log). Nothing entered is lost.")
        else:
            self.relay.done.emit(result)


_alive: set[_Relay] = set()


def run(fn: Callable[[], Any], on_done: Callable[[Any], None], on_failed: Callable[[str], None]) -> None:
    relay = _Relay()
    _alive.add(relay)  # keep the relay alive until it has reported

    def finish(callback: Callable[[Any], None], value: Any) -> None:
        _alive.discard(relay)
        callback(value)

    relay.done.connect(lambda value: finish(on_done, value))
    relay.failed.connect(lambda message: finish(on_failed, message))
    QThreadPool.globalInstance().start(_Task(fn, relay))
