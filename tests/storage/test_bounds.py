"""The storage boundary refuses in words what no backend can hold (issue 20.5), alike on
SQLite and PostgreSQL; one unreadable draft never hides the others."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from asbdesk.storage.database import InvalidData
from asbdesk.storage.outbox import Outbox
from asbdesk.storage.records import AddressInput, NewPerson
from tests.storage.conftest import ADA, ANN


def test_a_lone_surrogate_is_refused_in_words_not_as_an_encoding_error(store):
    person = NewPerson("Zo\ud800e", "Okafor", ("0113 496 0123",), (AddressInput("4 Canal Row", "LS1 4AP", "Leeds"),))
    with pytest.raises(InvalidData, match=r"given_name contains a lone surrogate \(U\+D800\) at position 3"):
        store.add_person(ANN, person)
    with pytest.raises(InvalidData, match="the search contains a lone surrogate"):
        store.find_callers(ANN, "Oka\udfff")


@pytest.mark.parametrize(
    ("username", "name", "words"),
    [
        ("", "Ann", "is not a login name"),
        ("ann smith", "Ann", "is not a login name"),
        ("a" * 65, "Ann", "is not a login name"),
        ("ann\x00", "Ann", "is not a login name"),
        ("ann", "   ", "a user's full name is needed"),
        ("ann", "x" * 201, "is 201 characters long; the limit is 200"),
        ("ann", "Ann\u202e", "a bidirectional text control (U+202E)"),
    ],
)
def test_usernames_and_names_are_checked_alike_on_both_backends(store, username, name, words):
    with pytest.raises(InvalidData, match=words.replace("(", r"\(").replace(")", r"\)").replace("+", r"\+")):
        store.add_user(ADA, username, name, "call_handler")
    with store.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM app_user WHERE role = 'call_handler'")).scalar() == 1


def test_the_longest_username_and_name_fit_on_both_backends(store):
    store.add_user(ADA, "a" * 64, "x" * 200, "call_handler")
    assert store.role(type(ADA)("a" * 64, "desk")) == "call_handler"


def test_one_unreadable_draft_does_not_hide_the_others(tmp_path):
    outbox = Outbox(tmp_path / "outbox.sqlite")
    try:
        outbox.save_draft(ANN, "good", {"version": 2, "answers": {}})
        outbox.save_draft(ANN, "bad", {"version": 2})
        with outbox.engine.begin() as connection:  # a damaged row, as a disk error would leave it
            connection.exec_driver_sql("UPDATE draft SET payload = '{not json' WHERE uuid = 'bad'")
        assert [uuid for uuid, _, _ in outbox.drafts(ANN)] == ["good"]
    finally:
        outbox.close()
