"""GUI tests: real Qt widgets, offscreen (the root conftest sets QT_QPA_PLATFORM)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from asbdesk.storage.outbox import Outbox, ResilientSaver
from asbdesk.storage.records import AddressInput, FlagRequest, NewPerson
from asbdesk.storage.store import Store

from tests.storage.conftest import ANN, NOW, SAM
from tests.storage.helpers import contact, engine


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
        desk_store.save_contact(ANN, contact(NOW - timedelta(days=days), person_id=person.id, location_id=person.locations[0].id))
    flag = desk_store.request_flag(
        ANN,
        FlagRequest("location", negate_risk="Youths gather in the alley behind the shops", officer_action="Check the rear alley",
                    location_id=person.locations[0].id),
    )
    desk_store.authorise_flag(SAM, flag.id)
    return person


@pytest.fixture
def desk(qtbot, desk_store, tmp_path):
    from asbdesk.gui.desk import DeskWindow

    window = DeskWindow(clock=lambda: NOW)
    qtbot.addWidget(window)
    window.ready(engine("default"), ResilientSaver(desk_store, Outbox(tmp_path / "outbox.sqlite")), ANN)
    window.show()
    qtbot.waitExposed(window)
    return window


from tests.storage.conftest import pg_template  # noqa: E402,F401  (shared PostgreSQL fixture)
