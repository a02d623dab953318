"""Issue 20, by keys through the app's own start-up (open_backend) with the shared database
behind a TCP proxy: a desk started offline under a login unlike the OS account queues as
that login; a poisoned queue sets the refused contact aside and delivers the rest; a new
caller added offline is found again offline and added once on delivery; a workstation
no one has signed in on queues nothing, keeps the call, and saves it once back."""

from __future__ import annotations

import uuid as uuid_module

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import create_engine, func, select
from sqlalchemy.engine import make_url

from asbdesk.gui.desk import DeskWindow
from asbdesk.gui.words import local_text
from asbdesk.storage import models as m
from asbdesk.storage.outbox import Outbox
from asbdesk.storage.records import Actor
from asbdesk.storage.roles import roles_sql
from asbdesk.storage.store import Store, os_account
from tests.gui.keys import ALT, CTRL, find_caller, press, type_text, wait_dialog, wait_dialog_closed
from tests.gui.test_desk_close import save_by_keys, take_802
from tests.storage.conftest import NOW, PG_URL, drop_pg, fresh_pg_url
from tests.storage.helpers import contact
from tests.storage.proxy import TcpProxy


@pytest.fixture
def force_db(pg_template, monkeypatch):
    """A shared database with asbdesk's roles and a call handler whose login is not the OS
    account, reached through a proxy the test can cut; the desk's URL names the login."""
    url, name = fresh_pg_url(pg_template)
    login = f"ann_{uuid_module.uuid4().hex[:8]}"
    assert login != os_account()
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f"CREATE ROLE {login} LOGIN")
    owner = Store.open(url, migrate=False)
    with owner.engine.begin() as connection:
        connection.exec_driver_sql(roles_sql())
        connection.exec_driver_sql(f"GRANT asbdesk_call_handler TO {login}")
    owner.ensure_user(login, "Ann Handler", "call_handler")
    owner.ensure_user("sam", "Sam Supervisor", "supervisor")
    owner.close()
    proxy = TcpProxy()
    proxy.start()
    desk_url = make_url(proxy.url(name)).set(username=login).render_as_string(hide_password=False)
    monkeypatch.setenv("ASBDESK_DATABASE_URL", desk_url)
    yield url, login, proxy
    proxy.cut()
    drop_pg(name)
    with admin.connect() as connection:
        connection.exec_driver_sql(f"DROP ROLE IF EXISTS {login}")
    admin.dispose()


def start_desk(qtbot):
    """The desk as the app starts it: open_backend, then ready()."""
    from asbdesk.gui.app import open_backend

    engine_, saver, actor, using, force = open_backend(False)
    desk = DeskWindow(clock=lambda: NOW)
    qtbot.addWidget(desk)
    desk.resize(1360, 820)
    desk.ready(engine_, saver, actor, using, force)
    desk.show()
    qtbot.waitExposed(desk)
    desk.activateWindow()
    qtbot.waitUntil(lambda: "OFFLINE" in desk.status_db.text(), timeout=15_000)
    return desk, saver, actor


def add_caller_by_keys(qtbot, desk, fields: tuple[str, ...]) -> None:
    press(qtbot, Qt.Key.Key_P, CTRL)
    wait_dialog(qtbot)
    for text in fields:
        type_text(qtbot, text)
        press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_D, ALT)  # Add caller
    qtbot.waitUntil(lambda: desk.session.caller.known, timeout=15_000)
    wait_dialog_closed(qtbot, desk)


def stored(url: str, login: str):
    """The contacts and people as the database holds them, read by its owner."""
    owner = Store.open(url, migrate=False)
    try:
        with owner.engine.connect() as connection:
            contacts = connection.execute(
                select(m.Contact.uuid, m.Contact.operator, m.Contact.person_id, m.Contact.log_text).order_by(
                    m.Contact.id
                )
            ).all()
            people = connection.scalar(select(func.count()).select_from(m.Person))
        return contacts, people
    finally:
        owner.close()


def test_offline_start_queues_as_the_remembered_login_and_a_poisoned_queue_moves_on(qtbot, force_db, capsys):
    url, login, proxy = force_db
    from asbdesk import paths
    from asbdesk.cli import main

    # The workstation as the probe left it: the login signed in once, by a command (never by
    # the desk), and a contact queued under the OS account, which the database does not know.
    assert main(["outbox", "send"]) == 0  # nothing to send; signs in, and the login is remembered
    Outbox(paths.outbox_path()).put(Actor(os_account(), "desk-01"), contact(NOW))
    capsys.readouterr()
    proxy.cut()

    desk, saver, actor = start_desk(qtbot)
    try:
        assert actor.username == login and saver.queue_as.login == login and not saver.queue_as.confirmed
        qtbot.waitUntil(
            lambda: (
                f"saves queue here as {login} (the login last signed in on this workstation" in desk.status_db.text()
            ),
            timeout=15_000,
        )
        assert f"operator {login}" in desk.status_db.text()
        # OFFLINE across the window, with what it means, and said (issue 23.4).
        banner = desk.offline_banner.text()
        assert desk.offline_banner.isVisible() and banner.startswith("OFFLINE — the shared database cannot be reached.")
        assert "Calls are kept on this workstation and sent when it is back" in banner
        assert "history and flags shown may be out of date" in banner and banner in desk.announcements

        # A new caller, offline, by keys: added here under a local id.
        add_caller_by_keys(qtbot, desk, ("Wyn", "Jowett", "0113 496 0999", "2 Beck Side", "Huddersfield", "hd1 3lt"))
        local = desk.session.caller.person_id
        assert local < 0 and desk.session.caller.name == "Wyn Jowett"
        take_802(qtbot, desk)
        save_by_keys(qtbot, desk)
        assert desk.last_saved.queued
        assert "Caller:               added offline on this workstation" in desk.last_log
        assert "On delivery:          [found or added when the log is delivered]" in desk.last_log
        assert (  # who called heads the CALLER section, as typed (issue 21.7)
            "CALLER\n"
            "  Caller:               added offline on this workstation\n"
            "  On delivery:          [found or added when the log is delivered]\n"
            "  Name:                 Wyn Jowett\n"
            "  Phone:                0113 496 0999\n"
            "  Address:              2 Beck Side, Huddersfield, HD1 3LT\n"
        ) in desk.last_log
        assert f"Operator:             {login}" in desk.last_log
        dialog = wait_dialog(qtbot)
        # No reference yet: the queued log is named by its caller and time, not by a uuid (issue 23.4).
        assert dialog.windowTitle() == f"Graded log, queued to send: Wyn Jowett, {local_text(NOW)}"
        said = "Shared database unreachable: the log is kept in the outbox and will be sent."
        assert desk.message_line.text() == said and said in desk.announcements
        press(qtbot, Qt.Key.Key_Escape)
        wait_dialog_closed(qtbot, desk)

        # The same caller rings again before delivery: the offline lookup finds the same local id.
        find_caller(qtbot, desk, "Jowett")
        assert desk.session.caller.person_id == local
        assert "OFFLINE: history may be incomplete" in desk.repeat.text()
        assert desk.person_history.rowCount() == 1  # the first call, queued
        take_802(qtbot, desk)
        desk.last_saved = None
        save_by_keys(qtbot, desk)
        assert desk.last_saved.queued
        qtbot.waitUntil(lambda: "3 log(s) waiting to send" in desk.status_db.text(), timeout=15_000)
        assert len(saver.outbox) == 3

        proxy.start()  # back: the sender delivers in order; the poisoned one is set aside
        qtbot.waitUntil(lambda: len(saver.outbox) == 0, timeout=60_000)
        qtbot.waitUntil(lambda: "connected" in desk.status_db.text(), timeout=15_000)
        qtbot.waitUntil(
            lambda: (
                (
                    f"1 need attention (user not active: '{os_account()}' is not an active user of this "
                    "database; set aside for a supervisor)"
                )
                in desk.status_db.text()
            ),
            timeout=15_000,
        )
        print("\nDESK STATUS BAR:", desk.status_db.text())
    finally:
        desk.close()
        saver.store.close()

    contacts, people = stored(url, login)
    assert [c.operator for c in contacts] == [login, login]  # queued as the login, delivered as it
    assert contacts[0].person_id == contacts[1].person_id and people == 1  # one new caller, added once
    assert f"On delivery:          added as a new person (person {contacts[0].person_id})" in contacts[0].log_text
    assert "On delivery:          matched: the person an earlier contact" in contacts[1].log_text
    assert main(["outbox", "status"]) == 0
    out = capsys.readouterr().out
    print("OUTBOX STATUS:\n" + out)
    assert "need attention: 1 (asbdesk outbox set-aside list)\n" in out
    assert f"queued as '{os_account()}': user not active: '{os_account()}' is not an active user" in out
    assert f"while offline:  saves queue here as '{login}' (the login last signed in on this workstation, " in out


def test_a_workstation_no_one_signed_in_on_queues_nothing_and_keeps_the_call(qtbot, force_db):
    url, login, proxy = force_db
    proxy.cut()
    desk, saver, actor = start_desk(qtbot)
    try:
        assert saver.queue_as.login is None and actor.username == os_account()
        qtbot.waitUntil(
            lambda: (
                "no one has signed in to this database on this workstation, so saves cannot be queued"
                in desk.status_db.text()
            ),
            timeout=15_000,
        )
        assert "operator not known until the database answers" in desk.status_db.text()
        assert desk.offline_banner.isVisible() and "no one has signed in to it on this workstation" in (
            desk.offline_banner.text()
        )
        take_802(qtbot, desk)
        uuid = desk.session.uuid
        qtbot.waitUntil(lambda: any(u == uuid for u, _, _ in saver.outbox.drafts(actor)), timeout=10_000)
        press(qtbot, Qt.Key.Key_Return, CTRL)
        qtbot.waitUntil(lambda: desk.refusal.text().startswith("Not saved:"), timeout=15_000)
        assert "No one has signed in to this database on this workstation" in desk.refusal.text()
        assert "nothing is lost" in desk.refusal.text() and desk.last_saved is None
        assert len(saver.outbox) == 0 and any(u == uuid for u, _, _ in saver.outbox.drafts(actor))

        proxy.start()  # back: the database says who this is; the call on screen is theirs
        qtbot.waitUntil(lambda: f"operator {login}" in desk.status_db.text(), timeout=30_000)
        assert desk.session.operator == login
        qtbot.waitUntil(lambda: not desk.offline_banner.isVisible(), timeout=15_000)  # back: the banner goes
        assert "Back online: the shared database can be reached again." in desk.announcements
        save_by_keys(qtbot, desk)
        assert desk.last_saved.reference and not desk.last_saved.queued
        assert f"Operator:             {login}" in desk.last_log
    finally:
        desk.close()
        saver.store.close()
    contacts, _ = stored(url, login)
    assert [(c.uuid, c.operator) for c in contacts] == [(uuid, login)]
