"""GUI tests: real Qt widgets, offscreen (the root conftest sets QT_QPA_PLATFORM)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from asbdesk.storage.outbox import Outbox, ResilientSaver
from asbdesk.storage.records import AddressInput, FlagRequest, NewPerson
from asbdesk.storage.store import Store
from tests.storage.conftest import ANN, NOW, SAM
from tests.storage.helpers import contact, engine


@pytest.fixture(autouse=True)
def styled(qapp):
    """Every window styled as the app styles it (asbdesk.gui.style: the sheet on the widgets
    its rules name, as each is polished), whichever test runs first."""
    from asbdesk.gui.app import style_sheet
    from asbdesk.gui.style import install

    install(qapp, style_sheet())


@pytest.fixture
def desk_store(tmp_path):
    store = Store.open(f"sqlite:///{tmp_path / 'desk.sqlite'}", clock=lambda: NOW)
    store.ensure_user("ann", "Ann Handler", "call_handler")
    store.ensure_user("sam", "Sam Supervisor", "supervisor")
    yield store
    store.close()


@pytest.fixture
def flagged_caller(desk_store):
    """A repeat caller at a flagged address: two earlier contacts in the last 30 days."""
    person = desk_store.add_person(
        ANN, NewPerson("Elsie", "Garside", ("0113 496 0123",), (AddressInput("4 Canal Row", "LS1 4AP", "Leeds"),))
    )
    for days in (4, 17):
        desk_store.save_contact(
            ANN, contact(NOW - timedelta(days=days), person_id=person.id, location_id=person.locations[0].id)
        )
    flag = desk_store.request_flag(
        ANN,
        FlagRequest(
            "location",
            negate_risk="Youths gather in the alley behind the shops",
            officer_action="Check the rear alley",
            location_id=person.locations[0].id,
        ),
    )
    desk_store.authorise_flag(SAM, flag.id, "Necessary: see the request")
    return person


@pytest.fixture
def elsie(desk_store):
    """A caller with a number and an address (LS1 4AP): the supervisor's tests' caller."""
    return desk_store.add_person(
        ANN, NewPerson("Elsie", "Garside", ("0113 496 0123",), (AddressInput("4 Canal Row", "LS1 4AP", "Leeds"),))
    )


@pytest.fixture
def open_window(qtbot, desk_store):
    """The supervisor's window, shown and focused as on a real screen, every read settled."""
    from asbdesk.gui.supervisor import SupervisorWindow

    def make(actor=SAM, pages=()):
        window = SupervisorWindow(desk_store, actor, clock=lambda: NOW, pages=pages)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(lambda: window.isActiveWindow(), timeout=5_000)
        qtbot.waitUntil(window.idle, timeout=10_000)
        return window

    return make


@pytest.fixture(autouse=True)
def private_home(tmp_path, monkeypatch):
    """Files the desk saves (logs, PDFs) go under a folder of the test's own."""
    monkeypatch.setenv("ASBDESK_HOME", str(tmp_path / "home"))


@pytest.fixture
def desk_for(qtbot, desk_store, tmp_path):
    """A desk on the given pack, shown and focused as on a real screen."""
    from asbdesk.gui.desk import DeskWindow

    def make(pack: str = "default") -> DeskWindow:
        window = DeskWindow(clock=lambda: NOW)
        qtbot.addWidget(window)
        window.resize(1360, 820)
        window.ready(engine(pack), ResilientSaver(desk_store, Outbox(tmp_path / f"outbox-{pack}.sqlite")), ANN)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(lambda: window.isActiveWindow(), timeout=5_000)
        return window

    return make


@pytest.fixture
def desk(desk_for):
    return desk_for("default")


from tests.storage.conftest import pg_template  # noqa: E402,F401  (shared PostgreSQL fixture)
