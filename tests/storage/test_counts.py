"""The counts kept as contacts are saved (asbdesk.storage.counts, issue 24.2) and the hotspots
report read from them: equal to counting the contacts, and to the report that groups them."""

from __future__ import annotations

import importlib.util
import sys
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select, text

from asbdesk.storage import counts
from asbdesk.storage import models as m
from asbdesk.storage import supervision as sv
from tests.conftest import REPO
from tests.storage.conftest import SAM
from tests.storage.helpers import contact
from tests.storage.test_supervision import _person, _save

spec = importlib.util.spec_from_file_location("storage_generate", REPO / "bench" / "storage_generate.py")
assert spec is not None and spec.loader is not None
storage_generate = importlib.util.module_from_spec(spec)
sys.modules["storage_generate"] = storage_generate
spec.loader.exec_module(storage_generate)


def _tables(store) -> dict[str, set[tuple]]:
    with store.engine.connect() as connection:
        return {
            table: {tuple(row) for row in connection.execute(text(f"SELECT kind, {key}, {at}, n FROM {table}"))}
            for table, key, at in (
                ("contact_count_month", "subject_id", "month"),
                ("contact_count_day", "key", "day"),
            )
        }


def _recounted(store) -> dict[str, set[tuple]]:
    """The counts as :func:`counts.rebuild` makes them from the contacts (then put back)."""
    with store.engine.connect() as connection:
        transaction = connection.begin()
        counts.rebuild(connection)
        found = {
            table: {tuple(row) for row in connection.execute(text(f"SELECT kind, {key}, {at}, n FROM {table}"))}
            for table, key, at in (
                ("contact_count_month", "subject_id", "month"),
                ("contact_count_day", "key", "day"),
            )
        }
        transaction.rollback()
    return found


def _midnight(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), UTC)


def test_each_contact_saved_is_counted_by_the_database_in_its_month_and_day(store):
    elsie = _person(store)
    ben = _person(store, "Ben", "Ashdown", "9 Mill Lane", "BD1 4RL")
    # The last instant of November and the first of December: different months and days.
    _save(store, elsie, when=datetime(2026, 11, 30, 23, 59, 59, 999999, tzinfo=UTC), answers={})
    _save(store, elsie, when=datetime(2026, 12, 1, 0, 0, tzinfo=UTC), answers={})
    _save(store, ben, when=datetime(2026, 12, 1, 9, 30, tzinfo=UTC), code="802", answers={})
    store.save_contact(sv_actor := SAM, contact(datetime(2026, 12, 1, 10, tzinfo=UTC), code="802", answers={}))
    assert sv_actor  # a contact with no caller and no address is counted by its code alone
    found = _tables(store)
    assert found == _recounted(store)
    place, person = elsie.locations[0].id, elsie.id
    assert ("location", place, date(2026, 11, 1), 1) in {
        (k, s, _day(at), n) for k, s, at, n in found["contact_count_month"]
    }
    assert {(k, s, _day(at), n) for k, s, at, n in found["contact_count_month"] if s in (place, person)} >= {
        ("location", place, date(2026, 12, 1), 1),
        ("person", person, date(2026, 11, 1), 1),
        ("person", person, date(2026, 12, 1), 1),
    }
    days = {(k, key, _day(at), n) for k, key, at, n in found["contact_count_day"]}
    assert days == {
        ("code", "801", date(2026, 11, 30), 1),
        ("code", "801", date(2026, 12, 1), 1),
        ("code", "802", date(2026, 12, 1), 2),
        ("district", "LS1", date(2026, 11, 30), 1),
        ("district", "LS1", date(2026, 12, 1), 1),
        ("district", "BD1", date(2026, 12, 1), 1),
    }


def _day(value) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value


def test_a_contact_removed_or_moved_by_the_owner_is_taken_off_its_counts(store):
    elsie = _person(store)
    ben = _person(store, "Ben", "Ashdown", "9 Mill Lane", "BD1 4RL")
    for day in (3, 4):
        _save(store, elsie, when=datetime(2026, 11, day, 12, tzinfo=UTC), answers={})
    with store.engine.begin() as connection:  # as the owner (nobody else may: roles.PRIVILEGES)
        first = connection.execute(select(m.Contact.id).order_by(m.Contact.id)).scalars().first()
        connection.execute(
            text(
                "UPDATE contact SET started_at = :at, location_id = :place, person_id = :person, "
                "incident_code = '802' WHERE id = :id"
            ),
            {
                # SQLite keeps naive UTC text (models.UTCDateTime), PostgreSQL an aware time
                "at": "2026-10-31 12:00:00.000000"
                if store.backend == "sqlite"
                else datetime(2026, 10, 31, 12, tzinfo=UTC),
                "place": ben.locations[0].id,
                "person": ben.id,
                "id": first,
            },
        )
    assert _tables(store) == _recounted(store)
    with store.engine.begin() as connection:
        connection.execute(text("DELETE FROM work_item"))
        connection.execute(text("DELETE FROM contact"))
    assert _tables(store) == {"contact_count_month": set(), "contact_count_day": set()}


@pytest.fixture
def generated(db_url, store):
    """10,000 people with 20,000 contacts over five years (bench/storage_generate.py: skewed
    callers, a few with hundreds of contacts), loaded with the counting triggers off and
    counted afterwards; then ten more saved through asbdesk, counted by the triggers."""
    storage_generate.generate(db_url, 10_000, 20_000, seed=7, create=False, light=True)
    elsie = _person(store)
    for hours in range(10):
        _save(store, elsie, when=storage_generate.NOW - timedelta(days=20, hours=hours), answers={})
    return store


@pytest.mark.parametrize(
    ("first", "last", "top"),
    [
        (date(2025, 11, 23), date(2026, 11, 23), 20),  # a year to the generator's "now"
        (date(2025, 11, 23), date(2026, 11, 23), 1),
        (date(2025, 11, 23), date(2026, 11, 23), 1000),  # more places than repeat: every repeat one
        (date(2026, 10, 1), date(2026, 11, 1), 20),  # one calendar month
        (date(2026, 10, 17), date(2026, 11, 3), 5),  # across a month's end
        (date(2026, 11, 2), date(2026, 11, 3), 20),  # one day
        (date(2022, 1, 1), date(2027, 1, 1), 20),  # every contact
    ],
)
def test_the_hotspots_read_from_the_counts_equal_the_contacts_grouped(generated, first, last, top):
    start, end = _midnight(first), _midnight(last)
    report = sv.hotspots(generated, SAM, start, end, top=top)
    with generated._write() as session:
        grouped = sv._hotspots_grouped(session, generated.backend, start, end, top)
    assert report.to_json() == grouped.to_json()
    assert report.codes and report.districts
    if last - first > timedelta(days=7):  # repeat locations and callers too: the ranking is tested
        assert report.locations and report.callers


def _load(store, contacts: list[tuple[int, datetime]]) -> None:
    """(caller number, when) contacts as plain SQL inserts (the triggers count them), each
    caller a person at an address of their own."""
    callers = sorted({n for n, _ in contacts})
    row = dict.fromkeys(("override_field", "override_reason", "review_status", "contact_preference", "consent"))
    with store.engine.begin() as connection:
        for n in callers:
            connection.execute(
                m.Person.__table__.insert(),
                {
                    "id": n,
                    "given_name": f"G{n}",
                    "family_name": f"F{n}",
                    "given_key": f"g{n}",
                    "family_key": f"f{n}",
                    "created_at": datetime(2020, 1, 1, tzinfo=UTC),
                },
            )
            connection.execute(
                m.Location.__table__.insert(),
                {
                    "id": n,
                    "line1": f"{n} Mill Lane",
                    "town": "Leeds",
                    "postcode": f"LS{n % 20 + 1} 4AP",
                    "postcode_key": f"LS{n % 20 + 1}4AP",
                    "line1_key": f"{n}mill",
                    "created_at": datetime(2020, 1, 1, tzinfo=UTC),
                },
            )
        connection.execute(
            m.Contact.__table__.insert(),
            [
                {
                    **row,
                    "uuid": f"00000000-0000-0000-0000-{i:012d}",
                    "reference": f"ASB-T-{i}",
                    "channel": "phone",
                    "started_at": when,
                    "saved_at": when,
                    "operator": "ann",
                    "workstation": "t",
                    "person_id": n,
                    "location_id": n,
                    "incident_code": "801",
                    "category": "personal",
                    "pack_id": "default",
                    "pack_version": "1.0",
                    "pack_hash": "0" * 64,
                    "risk_level": "standard",
                    "grade": "g",
                    "rag": "green",
                    "is_repeat": False,
                    "vulnerable": False,
                    "answers": {},
                    "assessment": {},
                    "log_text": "",
                }
                for i, (n, when) in enumerate(contacts, 1)
            ],
        )


def test_the_counts_bound_the_search_to_few_candidates_where_counts_are_skewed(store):
    # As a force's year looks: most callers call once or twice, a few dozen call most weeks.
    # The ranking reads the monthly counts first: here only the frequent callers have four or
    # more in some month, and the 20th of them has more than the 13 months' three each any
    # other caller can have, so only they are counted exactly.
    year = datetime(2025, 11, 23, tzinfo=UTC)
    contacts = [
        (n, year + timedelta(days=(n * 37 + k * 151) % 365, hours=k % 20))
        for n in range(100, 2100)
        for k in range(1 + n % 2)
    ]
    contacts += [(n, year + timedelta(days=k * 365 // (40 + n), hours=1)) for n in range(1, 31) for k in range(40 + n)]
    _load(store, contacts)
    start, end = year, year + timedelta(days=365)
    with store._write() as session:
        found = sv._counted(session, "person", start, end, 20)
        assert found is not None
        candidates = list(found)
        grouped = sv._hotspots_grouped(session, store.backend, start, end, 20)
    assert set(candidates) <= set(range(1, 31)) and len(candidates) >= 20
    assert sv.hotspots(store, SAM, start, end).to_json() == grouped.to_json()
    assert [c["caller"] for c in grouped.callers][:3] == ["G30 F30", "G29 F29", "G28 F28"]


def test_a_period_not_of_whole_days_is_grouped_from_the_contacts(store):
    elsie = _person(store)
    for hours in (1, 5):
        _save(store, elsie, when=datetime(2026, 11, 3, hours, tzinfo=UTC), answers={})
    # From 03:00: the 01:00 contact is outside, which whole days could not say.
    report = sv.hotspots(store, SAM, datetime(2026, 11, 3, 3, tzinfo=UTC), datetime(2026, 11, 4, tzinfo=UTC))
    assert [c["count"] for c in report.codes] == [1]
    whole = sv.hotspots(store, SAM, datetime(2026, 11, 3, tzinfo=UTC), datetime(2026, 11, 4, tzinfo=UTC))
    assert [c["count"] for c in whole.codes] == [2]
    assert [r["count"] for r in whole.locations] == [2]


def test_nobody_but_the_owner_may_count_by_hand_on_postgresql(store):
    # The trigger's counting function runs as the owner (SECURITY DEFINER): a login of any
    # asbdesk role calling it directly would bend the hotspots, so only the owner may.
    if store.backend != "postgresql":
        pytest.skip("PostgreSQL's roles: SQLite has none")
    elsie = _person(store)
    _save(store, elsie, when=datetime(2026, 11, 3, 12, tzinfo=UTC), answers={})
    with store.engine.connect() as connection:
        connection.execute(text("DROP ROLE IF EXISTS asbdesk_counts_probe"))
        connection.execute(text("CREATE ROLE asbdesk_counts_probe NOLOGIN"))
        connection.execute(text("GRANT SELECT ON contact TO asbdesk_counts_probe"))
        connection.commit()
        try:
            connection.execute(text("SET ROLE asbdesk_counts_probe"))
            with pytest.raises(Exception, match="permission denied for function asbdesk_count_contact"):
                connection.execute(text("SELECT asbdesk_count_contact(c, 100) FROM contact c"))
            connection.rollback()
        finally:
            connection.execute(text("RESET ROLE"))
            connection.execute(text("REVOKE ALL ON contact FROM asbdesk_counts_probe"))
            connection.execute(text("DROP ROLE asbdesk_counts_probe"))
            connection.commit()
    assert _tables(store) == _recounted(store)
