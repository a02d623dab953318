"""The ASB Case Review counts complaints by anyone at the caller's address, as the desk reads
them from the database (issue 21.1; 2014 Act s104(1)(a) "that person, or any other person"),
on both backends: a neighbour's complaint at the caller's address counts, one at the next
street does not, and the caller's own complaint seen again at the address counts once."""

from __future__ import annotations

from datetime import timedelta

from asbdesk.core.call import Call
from asbdesk.gui.desk import caller_from_context
from asbdesk.storage.records import AddressInput, NewPerson
from tests.storage.conftest import ANN, NOW
from tests.storage.helpers import contact, engine

CASE_REVIEW = "national.case_review"


def _people(store):
    caller = store.add_person(ANN, NewPerson("Isla", "Holroyd", (), (AddressInput("4 Canal Row", "LS1 4AP", "Leeds"),)))
    neighbour = store.add_person(ANN, NewPerson("Tom", "Reyes", (), (AddressInput("4 Canal Row", "LS1 4AP", "Leeds"),)))
    street = store.add_person(ANN, NewPerson("Una", "Bell", (), (AddressInput("6 Lock Street", "LS1 4AQ", "Leeds"),)))
    return caller, neighbour, street


def _case_review(store, caller) -> tuple[bool, tuple[str, ...]]:
    desk_caller = caller_from_context(store.caller_context(ANN, caller.id, NOW))
    call = Call("802", NOW, history=desk_caller.history, address_history=desk_caller.address_history)
    fired = [p for p in engine().assess(call).prompts if p.id == CASE_REVIEW]
    return bool(fired), fired[0].because if fired else ()


def test_a_neighbours_complaint_at_the_address_counts_and_the_next_streets_does_not(store):
    caller, neighbour, street = _people(store)
    home = caller.locations[0].id
    mine = store.save_contact(ANN, contact(NOW - timedelta(days=20), code="802", person_id=caller.id, location_id=home))
    store.save_contact(
        ANN,
        contact(NOW - timedelta(days=40), code="802", person_id=street.id, location_id=street.locations[0].id),
    )
    assert _case_review(store, caller) == (False, ())  # this report, mine: two

    # The neighbour's own record of 4 Canal Row is the same address, matched by the store.
    assert neighbour.locations[0].id == home
    theirs = store.save_contact(
        ANN, contact(NOW - timedelta(days=60), code="400", person_id=neighbour.id, location_id=home)
    )
    fired, because = _case_review(store, caller)
    assert fired
    assert len(because) == 3  # this report, mine (once, though it is at the address too), theirs
    assert any(mine.reference in line and "(the caller's)" in line for line in because)
    assert any(theirs.reference in line and "by another person" in line for line in because)
