"""Every active flag for the supervisor (issue 22 item 4), on SQLite and PostgreSQL: the
subject in words, the review due, who authorised it, filtered by kind, by review window
(boundaries both sides) and by postcode district; a supervisor's read, audited."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from asbdesk.storage import models as m
from asbdesk.storage import supervision as sv
from asbdesk.storage.database import InvalidData, PermissionDenied
from asbdesk.storage.records import AddressInput, FlagRequest, NewPerson
from tests.storage.conftest import ANN, NOW, SAM
from tests.storage.helpers import run_cli

TODAY = NOW.date()


def _flag(store, request, review_days=30, authorise=True):
    flag = store.request_flag(ANN, request)
    if authorise:
        store.authorise_flag(SAM, flag.id, "Necessary", review_due=TODAY + timedelta(days=review_days))
    return flag


@pytest.fixture
def people(store):
    elsie = store.add_person(
        ANN, NewPerson("Elsie", "Garside", ("0113 496 0123",), (AddressInput("4 Canal Row", "LS1 4AP", "Leeds"),))
    )
    carys = store.add_person(
        ANN, NewPerson("Carys", "O'Hara", ("0117 496 0662",), (AddressInput("33 Mill Lane", "BD1 4RL", "Bradford"),))
    )
    ben = store.add_person(
        ANN,
        NewPerson(
            "Ben",
            "Holroyd",
            (),
            (AddressInput("33 Canal Wharf", "LS11 5PS", "Leeds"), AddressInput("2 Beck Side", "LS12 1AB", "Leeds")),
        ),
    )
    return elsie, carys, ben


@pytest.fixture
def flags(store, people):
    """A caller's, a phone number's and an address's flag, active; and a request, a refusal and
    a removal, which are not."""
    elsie, carys, ben = people
    person = _flag(store, FlagRequest("vulnerable_victim", person_id=elsie.id), review_days=-3)
    phone = _flag(store, FlagRequest("warning_marker", phone="+441174960662"), review_days=5)
    place = _flag(store, FlagRequest("location", location_id=ben.locations[0].id), review_days=20)
    _flag(store, FlagRequest("repeat_victim", person_id=elsie.id), authorise=False)
    refused = _flag(store, FlagRequest("repeat_victim", person_id=carys.id), authorise=False)
    store.refuse_flag(SAM, refused.id, "Not needed")
    removed = _flag(store, FlagRequest("repeat_victim", person_id=ben.id))
    store.remove_flag(SAM, removed.id, "Moved away")
    return person, phone, place


def test_every_active_flag_the_soonest_review_first_in_words(store, flags):
    person, phone, place = flags
    listed = sv.active_flags(store, SAM)
    assert [f.id for f in listed] == [person.id, phone.id, place.id]
    first, second, third = listed
    assert first.summary == "vulnerable victim flag on caller Elsie Garside"
    assert second.subject == "phone number 0117 496 0662"  # the national format, not +44
    assert third.subject == "address 33 Canal Wharf, LS11 5PS"
    assert [f.review_due for f in listed] == [
        TODAY - timedelta(days=3),
        TODAY + timedelta(days=5),
        TODAY + timedelta(days=20),
    ]
    assert [f.due for f in listed] == ["overdue", "week", "later"]
    assert {f.authorised_by for f in listed} == {"sam"}
    assert [f.area for f in listed] == ["LS1", "BD1", "LS11"]  # the phone's by its caller's address
    assert set(first.to_json()) == {
        "id",
        "kind",
        "subject",
        "area",
        "review_due",
        "due",
        "authorised_by",
        "authorised_at",
        "requested_by",
        "contact_reference",
    }


@pytest.mark.parametrize(
    ("days", "window"),
    [(-1, "overdue"), (0, "week"), (1, "week"), (7, "week"), (8, "later")],
)
def test_the_review_windows_at_their_boundaries(store, people, days, window):
    """Due yesterday: overdue; today: not overdue, due within 7 days; 7 days on: within; 8: later."""
    elsie = people[0]
    flag = _flag(store, FlagRequest("vulnerable_victim", person_id=elsie.id), review_days=days)
    for due in sv.FLAG_DUE:
        assert [f.id for f in sv.active_flags(store, SAM, due=due)] == ([flag.id] if due == window else []), due
    assert sv.flag_due(TODAY + timedelta(days=days), TODAY) == window


def test_the_window_is_read_on_the_day_asked(store, people):
    flag = _flag(store, FlagRequest("vulnerable_victim", person_id=people[0].id), review_days=8)
    assert [f.id for f in sv.active_flags(store, SAM, due="later")] == [flag.id]
    tomorrow = TODAY + timedelta(days=1)
    assert [f.id for f in sv.active_flags(store, SAM, due="week", on=tomorrow)] == [flag.id]
    assert sv.active_flags(store, SAM, due="overdue", on=TODAY + timedelta(days=8)) == []
    assert [f.id for f in sv.active_flags(store, SAM, due="overdue", on=TODAY + timedelta(days=9))] == [flag.id]


def test_by_kind(store, flags):
    person, phone, _place = flags
    assert [f.id for f in sv.active_flags(store, SAM, kind="warning_marker")] == [phone.id]
    assert [f.id for f in sv.active_flags(store, SAM, kind="vulnerable_victim")] == [person.id]
    assert sv.active_flags(store, SAM, kind="repeat_victim") == []  # requested, refused, removed: none active


def test_by_area_a_district_is_not_its_longer_neighbours(store, people, flags):
    person, phone, place = flags
    ben = people[2]
    second_address = _flag(store, FlagRequest("repeat_victim", person_id=ben.id))  # LS11 5PS and LS12 1AB

    def ids(area):
        return [f.id for f in sv.active_flags(store, SAM, area=area)]

    assert ids("LS1") == [person.id]  # LS1 4AP, not LS11 or LS12
    assert ids("ls11") == [place.id, second_address.id]
    assert ids("LS12") == [second_address.id]  # a caller is in every district they live in
    assert ids("LS") == [person.id, place.id, second_address.id]
    assert ids("L") == []  # Liverpool's area is not Leeds's
    assert ids("BD1") == [phone.id]  # a number by its callers' addresses
    assert ids("LS1 4") == [person.id]  # a sector
    assert ids(" ls1  4ap ") == [person.id]  # a postcode, as typed
    assert ids("LS1 4AQ") == []
    assert ids("") == ids("  ") == [person.id, phone.id, place.id, second_address.id]  # no area: all
    listed = {f.id: f.area for f in sv.active_flags(store, SAM)}
    assert listed[second_address.id] == "LS11, LS12"


@pytest.mark.parametrize("area", ["LS1%", "LS_", "LS6 2Q", "'; DROP TABLE flag; --", "12"])
def test_an_area_that_is_not_one_is_refused_in_words(store, flags, area):
    with pytest.raises(InvalidData) as refused:
        sv.active_flags(store, SAM, area=area)
    assert str(refused.value) == (
        f"area: '{area}' is not a postcode district (e.g. LS6), an area (LS), a sector (LS6 2) or a postcode (LS6 2QT)"
    )
    with pytest.raises(InvalidData, match="area contains a NUL character"):
        sv.active_flags(store, SAM, area="LS1\x00")


def test_a_kind_window_or_limit_that_is_not_one_is_refused_in_words(store, flags):
    with pytest.raises(InvalidData, match="kind: unknown flag kind 'vulnerable'"):
        sv.active_flags(store, SAM, kind="vulnerable")
    with pytest.raises(InvalidData, match="due: 'soon' is not one of overdue, week, later"):
        sv.active_flags(store, SAM, due="soon")
    with pytest.raises(InvalidData, match="limit"):
        sv.active_flags(store, SAM, limit=0)
    assert len(sv.active_flags(store, SAM, limit=2)) == 2


def test_a_supervisors_read_audited_as_a_view_of_the_flags_shown(store, flags):
    with pytest.raises(PermissionDenied, match="'ann' \\(call handler\\) may not"):
        sv.active_flags(store, ANN)
    shown = sv.active_flags(store, SAM, area="LS1")
    with store.engine.connect() as connection:
        views = connection.execute(
            select(m.AuditEntry.username, m.AuditEntry.entity_id, m.AuditEntry.new).where(
                m.AuditEntry.action == "view", m.AuditEntry.entity == "active_flags"
            )
        ).all()
    assert [(v.username, v.entity_id, v.new) for v in views] == [("sam", "1 shown", {"flags": [shown[0].id]})]
    assert sv.active_flags(store, SAM, area="YO1") == []  # nothing shown: no view


# ------------------------------------------------------------------ asbdesk flags list


def _sam(capsys, store, *args):
    url = store.engine.url.render_as_string(hide_password=False)
    return run_cli(capsys, "flags", "list", *args, "--user", "sam", "--database", url)


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("ASBDESK_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("ASBDESK_DATABASE_URL", raising=False)


def test_flags_list_by_command_as_text_and_json(capsys, store, flags, home):
    person, phone, _place = flags
    code, out, err = _sam(capsys, store)
    assert code == 0, err
    lines = out.splitlines()
    assert len(lines) == 3
    assert lines[0].startswith(f"flag {person.id:>6}  review due ")
    assert (
        "OVERDUE" in lines[0] and "vulnerable victim flag on caller Elsie Garside (LS1), authorised by sam" in lines[0]
    )
    assert "phone number 0117 496 0662 (BD1)" in lines[1]
    code, out, _ = _sam(capsys, store, "--kind", "warning-marker", "--area", "BD1", "--format", "json")
    listed = json.loads(out)
    assert code == 0 and [(f["id"], f["subject"], f["area"]) for f in listed] == [
        (phone.id, "phone number 0117 496 0662", "BD1")
    ]
    # A command runs on today's date (the tests' flags are dated from NOW): the window it is in.
    window = sv.flag_due(TODAY + timedelta(days=5), datetime.now(UTC).date())
    for due in sv.FLAG_DUE:
        code, out, _ = _sam(capsys, store, "--due", due, "--area", "BD1")
        assert code == 0
        assert ("0117 496 0662" in out) == (due == window) and ("OVERDUE" in out) == (due == window == "overdue")
        if due != window:
            assert out == "no active flags like that\n"


def test_flags_list_refuses_bad_input_naming_the_field_and_a_call_handler(capsys, store, flags, home):
    code, _out, err = _sam(capsys, store, "--due", "soon")
    assert code == 2 and "--due" in err
    code, _out, err = _sam(capsys, store, "--kind", "vulnerable")
    assert code == 2 and "--kind" in err
    code, _out, err = _sam(capsys, store, "--area", "LS1%")
    assert code == 2 and "area: 'LS1%' is not a postcode district" in err and "Traceback" not in err
    url = store.engine.url.render_as_string(hide_password=False)
    code, _out, err = run_cli(capsys, "flags", "list", "--user", "ann", "--database", url)
    assert code == 3 and "'ann' (call handler) may not" in err


def test_flags_list_on_the_demo_as_its_supervisor(capsys, home):
    code, out, err = run_cli(capsys, "--demo", "--as", "supervisor", "flags", "list", "--format", "json")
    assert code == 0, err
    listed = json.loads(out)
    assert len(listed) == 3 and {f["authorised_by"] for f in listed} == {"demo-supervisor"}
    assert listed[0]["due"] == "overdue"  # the demo's flag overdue for its monthly review
    code, _out, err = run_cli(capsys, "--demo", "flags", "list")
    assert code == 3 and "may not" in err
