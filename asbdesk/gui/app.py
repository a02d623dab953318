"""Starting the desk: paint the window first, then open the pack and the database off
the GUI thread, then sign the operator in."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from asbdesk.core.resources import data_dir
from asbdesk.gui import tasks
from asbdesk.gui.desk import DeskWindow


def style_sheet() -> str:
    path = Path(data_dir("ui")) / "desk.qss"
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def open_backend(demo: bool, pack_id: str):
    """Heavy work, off the GUI thread: the pack, the database, the outbox, the operator."""
    import getpass
    import socket

    from asbdesk import paths
    from asbdesk.core.engine import Engine
    from asbdesk.core.packs.registry import resolve_pack
    from asbdesk.storage.outbox import Outbox, ResilientSaver
    from asbdesk.storage.records import Actor
    from asbdesk.storage.store import Store

    engine = Engine(resolve_pack(pack_id))
    if demo:
        from datetime import datetime, timezone

        from asbdesk.storage.demo import DEMO_OPERATOR, ensure_demo

        store = Store.open(paths.demo_database_url(), migrate=True)
        ensure_demo(store, engine.pack, datetime.now(timezone.utc))
        actor = DEMO_OPERATOR
    else:
        from asbdesk.storage.database import DatabaseUnavailable

        url = paths.database_url()
        try:
            store = Store.open(url)
        except DatabaseUnavailable:
            # The shared database is down at launch: open OFFLINE; calls are taken with
            # the last known context, saves queue, and the desk comes online by itself.
            store = Store.open_offline(url)
        actor = Actor(getpass.getuser(), socket.gethostname())
    return engine, ResilientSaver(store, Outbox(paths.outbox_path())), actor


def run_desk(demo: bool = False, pack_id: str = "default") -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("asbdesk")
    app.setStyleSheet(style_sheet())
    window = DeskWindow()
    window.resize(1360, 820)
    window.show()

    def failed(message: str) -> None:
        window.statusBar().showMessage(f"Cannot start: {message}")

    def painted() -> None:
        # Only after the first paint: the desk's widgets, then the pack and the database off
        # the GUI thread (an import on a worker thread still holds the interpreter, so it
        # must not start before the operator sees the window).
        window.build()
        tasks.run(lambda: open_backend(demo, pack_id), lambda ready: window.ready(*ready), failed)

    window.first_painted.connect(painted)
    return app.exec()
