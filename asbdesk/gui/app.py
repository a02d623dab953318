"""Starting the desk: paint the window first, then open the pack and the database off
the GUI thread, then sign the operator in."""

from __future__ import annotations

import sys
from datetime import UTC
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from asbdesk.core.resources import data_dir
from asbdesk.gui import tasks
from asbdesk.gui.desk import DeskWindow
from asbdesk.gui.i18n import install_translation


def style_sheet() -> str:
    path = Path(data_dir("ui")) / "desk.qss"
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def open_backend(demo: bool, pack: str | None = None, demo_role: str = "call_handler"):
    """Heavy work, off the GUI thread: the database, the pack in force (or the one asked for,
    on trial), the site, the outbox, the operator."""
    import socket

    from asbdesk import paths
    from asbdesk.core.engine import Engine
    from asbdesk.storage import in_force
    from asbdesk.storage.outbox import Outbox, ResilientSaver
    from asbdesk.storage.records import Actor
    from asbdesk.storage.store import Store, os_account

    cache = paths.cache_dir()
    if demo:
        from datetime import datetime

        from asbdesk.core.packs.registry import DEFAULT_PACK
        from asbdesk.storage.demo import demo_actor, open_demo

        store = open_demo(pack or DEFAULT_PACK, datetime.now(UTC))
        # The demo of a shipped pack runs on that pack: on trial only if another was published here.
        using = in_force.choose(store, pack, cache)
        if using.in_force is None:
            using = in_force.PackInUse(using.pack, None, None, trial=False)
        force = _site(store, cache)
        actor = demo_actor(demo_role)
    else:
        from asbdesk.storage.database import DatabaseUnavailable

        url = paths.database_url()
        try:
            store = Store.open(url)
            identity = store.identity()  # the database login, or the account owning the local file
            remember_identity(store.description, identity)
            using = in_force.choose(store, pack, cache)
            force = _site(store, cache)
        except DatabaseUnavailable:
            # The shared database is down at launch: open OFFLINE; calls are taken with
            # the last known context and the pack and site last in force, saves queue, and
            # the desk comes online by itself.
            store = Store.open_offline(url)
            # Who the database last said this account is; the database checks the login
            # again (row-level security) when the queued saves are delivered.
            identity = remembered_identity(store.description) or os_account()
            using = in_force.choose_offline(store.description, pack, cache)
            force = in_force.remembered_force(store.description, cache)
        actor = Actor(identity, socket.gethostname())
    return Engine(using.pack), ResilientSaver(store, Outbox(paths.outbox_path())), actor, using, force


def _site(store, cache):
    """The site (who the force is on paper), kept on the workstation for offline and training."""
    from asbdesk.storage import in_force

    record = store.site()
    force = record.force if record is not None else None
    in_force.remember(store.description, cache, force=force, keep_publication=True)
    return force


def _identities_file() -> Path:
    from asbdesk import paths

    return paths.private_dir(paths.config_dir()) / "identity.json"


def remembered_identity(database: str) -> str | None:
    """The login the database last confirmed for this operating-system account."""
    import json

    try:
        known = json.loads(_identities_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    from asbdesk.storage.store import os_account

    entry = known.get(database) if isinstance(known, dict) else None
    return entry["login"] if isinstance(entry, dict) and entry.get("account") == os_account() else None


def remember_identity(database: str, login: str) -> None:
    import json

    from asbdesk import paths
    from asbdesk.storage.store import os_account

    path = _identities_file()
    try:
        known = json.loads(path.read_text(encoding="utf-8"))
        known = known if isinstance(known, dict) else {}
    except (OSError, ValueError):
        known = {}
    if known.get(database) == {"account": os_account(), "login": login}:
        return
    known[database] = {"account": os_account(), "login": login}
    with paths.open_private(path, "w", encoding="utf-8") as handle:
        json.dump(known, handle)


def application() -> QApplication:
    """The running QApplication (made if there is none), with asbdesk's name, translation
    and style sheet: the desk, training and the self-test all start here."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("asbdesk")
    install_translation(app)  # before the first window: its words are looked up as it is made
    app.setStyleSheet(style_sheet())
    return app


def run_desk(demo: bool = False, pack: str | None = None, demo_role: str = "call_handler") -> int:
    app = application()
    window = DeskWindow()
    window.resize(1360, 820)
    window.show()

    def failed(message: str) -> None:
        window.statusBar().showMessage(QCoreApplication.translate("DeskWindow", "Cannot start: {0}").format(message))

    def painted() -> None:
        # Only after the first paint: the desk's widgets, then the pack and the database off
        # the GUI thread (an import on a worker thread still holds the interpreter, so it
        # must not start before the operator sees the window).
        window.build()
        tasks.run(lambda: open_backend(demo, pack, demo_role), lambda ready: window.ready(*ready), failed)

    window.first_painted.connect(painted)
    return app.exec()
