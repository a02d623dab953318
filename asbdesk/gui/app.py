"""Starting the desk: paint the window first, then open the pack and the database off
the GUI thread, then sign the operator in."""

from __future__ import annotations

import getpass
import socket
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from asbdesk import paths
from asbdesk.core.resources import data_dir
from asbdesk.gui import tasks
from asbdesk.gui.desk import DeskWindow


def style_sheet() -> str:
    path = Path(data_dir("ui")) / "desk.qss"
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def open_backend(demo: bool, pack_id: str):
    """Heavy work, off the GUI thread: the pack, the database, the outbox, the operator."""
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
        store = Store.open(paths.database_url())
        actor = Actor(getpass.getuser(), socket.gethostname())
    return engine, ResilientSaver(store, Outbox(paths.outbox_path())), actor


def run_desk(demo: bool = False, pack_id: str = "default") -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("asbdesk")
    app.setStyleSheet(style_sheet())
    window = DeskWindow()
    window.resize(1360, 820)
    window.show()  # first paint before any heavy import or database work

    def failed(message: str) -> None:
        window.statusBar().showMessage(f"Cannot start: {message}")

    tasks.run(lambda: open_backend(demo, pack_id), lambda ready: window.ready(*ready), failed)
    return app.exec()
