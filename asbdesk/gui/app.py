"""Starting the desk: paint the window first, then open the pack and the database off
the GUI thread, then sign the operator in."""

from __future__ import annotations

import sys
from datetime import UTC
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication

from asbdesk.core.resources import data_dir
from asbdesk.gui import speech, startup_trace, style, tasks
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
    from asbdesk.logfile import configure_logging
    from asbdesk.storage import in_force
    from asbdesk.storage.outbox import Outbox, ResilientSaver
    from asbdesk.storage.records import Actor
    from asbdesk.storage.store import Store, os_account

    configure_logging()  # here, not before the window: ~20 ms of imports and folders (issue 24.2)

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
        from asbdesk.storage import signin
        from asbdesk.storage.database import DatabaseUnavailable

        url = paths.database_url()
        try:
            store = Store.open(url)
            # The database login (or the account owning the local file), remembered on this
            # workstation for a start while the database is away.
            identity = signin.sign_in(store)
            queue_as = signin.QueueAs(identity, confirmed=True)
            using = in_force.choose(store, pack, cache)
            force = _site(store, cache)
        except DatabaseUnavailable:
            # The shared database is down at launch: open OFFLINE; calls are taken with
            # the last known context and the pack and site last in force, saves queue, and
            # the desk comes online by itself.
            store = Store.open_offline(url)
            # Saves queue under the login last signed in to this database from here (the
            # database checks it again when they are delivered); with none, nothing is
            # queued (the desk says so) and calls are kept as drafts. The operating-system
            # account only names the drafts until the database says who this is.
            queue_as = signin.remembered(store.engine.url)
            identity = queue_as.login or os_account()
            using = in_force.choose_offline(store.description, pack, cache)
            force = in_force.remembered_force(store.description, cache)
        actor = Actor(identity, socket.gethostname())
        saver = ResilientSaver(store, Outbox(paths.outbox_path()), queue_as)
        return Engine(using.pack), saver, actor, using, force
    return Engine(using.pack), ResilientSaver(store, Outbox(paths.outbox_path())), actor, using, force


def _site(store, cache):
    """The site (who the force is on paper), kept on the workstation for offline and training."""
    from asbdesk.storage import in_force

    record = store.site()
    force = record.force if record is not None else None
    in_force.remember(store.description, cache, force=force, keep_publication=True)
    return force


def application() -> QApplication:
    """The running QApplication (made if there is none), with asbdesk's name, translation
    and style sheet: the desk, training and the self-test all start here."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("asbdesk")
    install_translation(app)  # before the first window: its words are looked up as it is made
    speech.detect_in_background()  # which way a screen reader here speaks (the Orca installed)
    style.install(app, style_sheet())  # on the widgets its rules name (issue 24.2)
    return app


def run_desk(demo: bool = False, pack: str | None = None, demo_role: str = "call_handler") -> int:
    start_desk(demo, pack, demo_role)
    return application().exec()


def start_desk(demo: bool = False, pack: str | None = None, demo_role: str = "call_handler") -> DeskWindow:
    """The desk's window shown; after its first paint its widgets (the caller search takes
    keys from then on), then the pack and the database opened off the GUI thread."""
    application()
    window = DeskWindow()
    window.resize(1360, 820)
    window.show()

    def failed(message: str) -> None:
        # On the message line, whole and said (issue 23.4): the reason is often long.
        window.tell(QCoreApplication.translate("DeskWindow", "Cannot start: {0}").format(message))

    def painted() -> None:
        # Only after the first paint: the desk's widgets, then the pack and the database off
        # the GUI thread (an import on a worker thread still holds the interpreter, so it
        # must not start before the operator sees the window).
        startup_trace.mark("paint")  # nothing unless ASBDESK_STARTUP_TRACE is set (bench/desk_bench.py)
        window.build()
        startup_trace.watch_widgets(window.search)
        # The widgets painted now, and the event loop round once more (what was posted by
        # the paint, keys typed meanwhile), before the worker starts: its imports hold the
        # interpreter most of the time, so the GUI thread then waits its turn at every step
        # (issue 24.2: the caller search on screen and taking keys).
        window.repaint()
        QTimer.singleShot(0, window, lambda: tasks.run(lambda: open_backend(demo, pack, demo_role), opened, failed))

    def opened(ready) -> None:
        window.ready(*ready)
        startup_trace.mark("ready")

    window.first_painted.connect(painted)
    return window
