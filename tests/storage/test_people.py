"""Finding the caller: phone in any UK format, postcode, name prefix (both backends)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from asbdesk.storage import models as m
from asbdesk.storage.database import InvalidData, PermissionDenied
from asbdesk.storage.records import Actor, AddressInput, NewPerson
from tests.storage.conftest import ADA, ANN


@pytest.fixture
def zoe(store):
    return store.add_person(
        ANN,
        NewPerson(
            "Zoë", "O’Brien", ("01223 123456", "020 7946 0123"), (AddressInput("1 Mill Road", "cb1 2ab", "Cambridge"),)
        ),
    )


@pytest.mark.parametrize(
    "typed", ["01223 123456", "01223123456", "+44 1223 123456", "(01223) 123-456", "0044 1223 123456", "+441223123456"]
)
def test_phone_in_any_uk_format_finds_the_caller(store, zoe, typed):
    [found] = store.find_callers(ANN, typed)
    assert found.id == zoe.id and found.matched_on == "phone"
    assert found.phones == ("+441223123456", "+442079460123")


def test_partial_number_finds_as_you_type(store, zoe):
    assert [p.id for p in store.find_callers(ANN, "020 7946 01")] == [zoe.id]
    assert store.find_callers(ANN, "020 7946 09") == []


def test_invalid_phone_is_refused_and_nothing_is_stored(store):
    with pytest.raises(InvalidData, match="'01223 12' is not a valid phone number"):
        store.add_person(ANN, NewPerson("Al", "Ash", ("01223 12",)))
    with store.engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(m.Person)) == 0


@pytest.mark.parametrize("typed", ["CB1 2AB", "cb12ab", "cb1 2", "CB1"])
def test_postcode_search(store, zoe, typed):
    [found] = store.find_callers(ANN, typed)
    assert found.id == zoe.id and found.matched_on == "postcode"
    assert found.locations[0].postcode == "CB1 2AB"


def test_invalid_postcode_is_refused(store):
    with pytest.raises(InvalidData, match="'QQ1 ZZZ' is not a UK postcode"):
        store.add_person(ANN, NewPerson("Al", "Ash", (), (AddressInput("2 High St", "QQ1 ZZZ"),)))


@pytest.mark.parametrize(
    "typed", ["zoe", "ZO", "Zoë", "o'brien", "O’BRI", "zoe o", "o'brien, zoe", "obrien"[:1] + "'b"]
)
def test_name_prefix_is_case_and_accent_insensitive(store, zoe, typed):
    if typed == "o'b":
        typed = "O'B"
    assert [p.id for p in store.find_callers(ANN, typed)] == [zoe.id]


def test_name_search_does_not_match_the_middle(store, zoe):
    assert store.find_callers(ANN, "brien") == []
    assert store.find_callers(ANN, "zoe x") == []


def test_same_address_is_one_location(store, zoe):
    other = store.add_person(ANN, NewPerson("Ray", "O’Brien", (), (AddressInput("1  mill road", "CB12AB"),)))
    assert other.locations[0].id == zoe.locations[0].id


def test_administrator_may_not_read_people(store, zoe):
    with pytest.raises(PermissionDenied, match="'ada' \\(administrator\\) may not read people's records"):
        store.find_callers(ADA, "zoe")


def test_unknown_user_is_refused(store):
    with pytest.raises(PermissionDenied, match="'mallory' is not an active user"):
        store.find_callers(Actor("mallory", "x"), "zoe")


@pytest.mark.parametrize(
    "hostile",
    [
        "O'Brien\"; DROP TABLE person; --",
        "x" * 200,
        "🙂 Smile 👍🏽",
        "محمد الأحمد",
        "Robert'); DELETE FROM contact WHERE ('1'='1",
    ],
)
def test_hostile_names_are_stored_and_found_verbatim(store, hostile):
    person = store.add_person(ANN, NewPerson("Given", hostile))
    assert person.family_name == hostile
    found = store.find_callers(ANN, hostile[:20])
    assert [p.family_name for p in found] == [hostile]
