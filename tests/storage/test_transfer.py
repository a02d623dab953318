"""CSV import (validated, all or nothing, idempotent), export, demo data (both backends)."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from asbdesk.core.packs.registry import resolve_pack
from asbdesk.storage import models as m
from asbdesk.storage.database import PermissionDenied
from asbdesk.storage.demo import DEMO_OPERATOR, build_demo
from asbdesk.storage.supervision import review_counts, review_items
from asbdesk.storage.transfer import export_contacts, import_history
from tests.storage.conftest import ANN, NOW, SAM
from tests.storage.helpers import contact, engine

GOOD = """occurred_at,incident_code,family_name,given_name,phone,address_line1,postcode,town,risk_level,rag,external_reference
2026-10-01T20:00:00Z,802,Holroyd,Isla,0113 496 0555,7 Beck Side,hd1 3lt,Huddersfield,medium,amber,NICHE-1
2026-10-20T21:30:00Z,801,Holroyd,Isla,+44 113 496 0555,7 Beck Side,HD1 3LT,Huddersfield,,,NICHE-2
2026-11-02T09:10:00Z,803,Varley,Stan,,,,,,,NICHE-3
"""


def count(store, model) -> int:
    with store.engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(model))


def test_import_links_rows_to_people_and_is_idempotent(store):
    report = import_history(store, SAM, io.StringIO(GOOD))
    assert report.ok and (report.imported, report.already_present) == (3, 0)
    [isla] = store.find_callers(ANN, "0113 496 0555")
    ctx = store.caller_context(ANN, isla.id, NOW)
    assert [h.incident_code for h in ctx.history] == ["801", "802"]  # both rows, one person (same phone)
    assert isla.locations[0].postcode == "HD1 3LT"
    again = import_history(store, SAM, io.StringIO(GOOD))
    assert (again.imported, again.already_present) == (0, 3)
    assert count(store, m.Contact) == 3


def test_a_bad_row_means_nothing_is_imported(store):
    bad = (
        GOOD
        + "not a date,801,Ash,,,,,,,,X\n2026-11-03T10:00:00Z,801,Ash,,01223 12,,,,,,Y\n2026-11-04T10:00:00Z,801,Ash,,,1 High St,NOTAPOSTCODE,,,,Z\n2026-11-05T10:00:00Z,,Ash,,,,,,,,W\n"
    )
    report = import_history(store, SAM, io.StringIO(bad))
    assert not report.ok and report.imported == 0
    assert [line for line, _ in report.rejected] == [5, 6, 7, 8]
    messages = dict(report.rejected)
    assert "occurred_at: 'not a date' is not an ISO 8601 time" in messages[5]
    assert "phone: '01223 12' is not a valid phone number" in messages[6]
    assert "postcode: 'NOTAPOSTCODE' is not a UK postcode" in messages[7]
    assert messages[8] == "incident_code: is empty"
    assert count(store, m.Contact) == 0 and count(store, m.Person) == 0
    assert "Nothing imported: 4 of 7 row(s) rejected." in report.text()


def test_import_header_is_checked(store):
    report = import_history(store, SAM, io.StringIO("when,code\n2026-01-01,801\n"))
    assert report.rejected == (
        (
            1,
            "missing column(s): occurred_at, incident_code, family_name; unknown column(s): when, code (known: occurred_at, incident_code, family_name, given_name, phone, address_line1, postcode, town, channel, risk_level, grade, rag, external_reference)",
        ),
    )


def test_import_and_export_need_permission(store):
    with pytest.raises(PermissionDenied, match="may not import or export data"):
        import_history(store, ANN, io.StringIO(GOOD))
    with pytest.raises(PermissionDenied):
        store.contacts_between(ANN, NOW - timedelta(days=1), NOW)


def test_export_range_csv_and_json(store):
    for days in (0, 1, 40):
        store.save_contact(ANN, contact(NOW - timedelta(days=days)))
    rows = store.contacts_between(SAM, NOW - timedelta(days=2), NOW + timedelta(seconds=1))
    assert len(rows) == 2
    parsed = list(csv.DictReader(io.StringIO(export_contacts(rows, "csv"))))
    assert [r["reference"] for r in parsed] == [rows[0].reference, rows[1].reference]
    assert parsed[0]["pack_id"] == "default"
    full = json.loads(export_contacts(rows, "json"))
    assert full[0]["log_text"].startswith("ASB GRADED LOG")
    # Typed on the way out, ISO 8601 on the page: the same instant read back from either.
    assert datetime.fromisoformat(full[0]["started_at"]) == rows[0].started_at == NOW - timedelta(days=1)
    assert datetime.fromisoformat(parsed[1]["started_at"]) == rows[1].started_at
    assert full[0]["is_repeat"] is rows[0].is_repeat and parsed[0]["is_repeat"] in ("True", "False")


def test_demo_data_is_coherent(store):
    summary = build_demo(store, resolve_pack("default"), NOW)
    assert summary.people == 36 and summary.contacts > 40 and summary.repeat_callers == 6
    repeaters = 0
    with store.engine.connect() as connection:
        ids = connection.scalars(select(m.Person.id)).all()
    for person_id in ids:
        ctx = store.caller_context(DEMO_OPERATOR, person_id, NOW)
        repeaters += engine().caller_repeat(NOW, ctx.history_items()).is_repeat
        assert all(
            p.startswith(("+44113496", "+44114496", "+44117496", "+44121496", "+44161496", "+44207946"))
            for p in ctx.person.phones
        )
    assert repeaters >= 6
    # Work for the demo supervisor (issue 10): two flag requests, one flag overdue for review,
    # and recent overrides, re-contacts and occurrences (older ones already dealt with).
    counts = review_counts(store, SAM, NOW.date())
    assert (counts["flag-request"], counts["flag-review"]) == (2, 1)
    assert all(counts[kind] >= 2 for kind in ("override", "recontact", "occurrence")), counts
    assert {i.created_at >= NOW - timedelta(weeks=6) for i in review_items(store, SAM, "override")} == {True}
    assert store.verify_audit(SAM).ok
