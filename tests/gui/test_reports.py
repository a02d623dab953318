"""The supervisor's reports page driven by keys (issue 10): compliance and hotspots for a
period, with counts worked out by hand below, and the exports."""

from __future__ import annotations

import stat
from datetime import UTC, datetime, time, timedelta

import pytest
from PySide6.QtCore import Qt

from asbdesk import paths
from asbdesk.core.render import local_time
from asbdesk.gui.reports import ReportsPage
from asbdesk.storage import supervision
from asbdesk.storage.records import Actor, AddressInput, NewPerson
from tests.gui.keys import CTRL, SHIFT, focused, press, type_text
from tests.storage.conftest import ANN, NOW, SAM
from tests.storage.helpers import contact

BOB = Actor("bob", "desk-03")
DAY = timedelta(days=1)


def days_ago(n: int) -> datetime:
    return NOW - n * DAY


@pytest.fixture
def reports_store(desk_store):
    """Six logs in the default period (the last 30 days: 25 October to 23 November 2026) and
    one older; every log in the period dip-sampled and marked: recontact completed not
    applicable on all six; response appropriate yes on all but bob's of 3 days ago (no); crime
    recorded no on ann's of 2 days ago.

    ann: Elsie Garside at 4 Canal Row, LS1 4AP, 2, 5 and 9 days ago (ISO weeks 47, 47, 46),
         and 40 days ago (code 803: outside the period);
    bob: Tom Yates at 12 Moor Lane, LS6 2QT, 3 and 10 days ago (weeks 47, 46); and a log
         with no caller or location 1 day ago (code 802).
    """
    store = desk_store
    store.ensure_user("bob", "Bob Handler", "call_handler")
    elsie = store.add_person(ANN, NewPerson("Elsie", "Garside", (), (AddressInput("4 Canal Row", "LS1 4AP", "Leeds"),)))
    tom = store.add_person(BOB, NewPerson("Tom", "Yates", (), (AddressInput("12 Moor Lane", "LS6 2QT", "Leeds"),)))
    for days in (2, 5, 9):
        store.save_contact(ANN, contact(days_ago(days), person_id=elsie.id, location_id=elsie.locations[0].id))
    store.save_contact(ANN, contact(days_ago(40), code="803", person_id=elsie.id, location_id=elsie.locations[0].id))
    for days in (3, 10):
        store.save_contact(BOB, contact(days_ago(days), person_id=tom.id, location_id=tom.locations[0].id))
    store.save_contact(BOB, contact(days_ago(1), code="802"))

    start = datetime.combine((NOW - 29 * DAY).date(), time(), UTC)
    end = datetime.combine(NOW.date(), time(), UTC) + DAY
    sample = supervision.draw_sample(store, SAM, start, end, size=10, seed=7)
    assert len(sample.items) == 6  # every log in the period
    logged = {(i.operator, (NOW - i.started_at).days): i.id for i in sample.items}
    for item in sample.items:
        supervision.mark_sample(store, SAM, item.id, "recontact_completed", "na")
        answer = "no" if logged[("bob", 3)] == item.id else "yes"
        note = "graded too low" if answer == "no" else ""  # only a "no" has a note (issue 22)
        supervision.mark_sample(store, SAM, item.id, "response_appropriate", answer, note)
    supervision.mark_sample(store, SAM, logged[("ann", 2)], "crime_recorded", "no", "prompt fired, none recorded")
    return store


@pytest.fixture
def page(qtbot, reports_store):
    return open_page(qtbot, reports_store, SAM)


def open_page(qtbot, store, actor) -> ReportsPage:
    page = ReportsPage(store, actor, clock=lambda: NOW)
    qtbot.addWidget(page)
    page.resize(1300, 800)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(lambda: page.isActiveWindow(), timeout=5_000)
    qtbot.waitUntil(lambda: focused() is page.start_edit, timeout=5_000)
    return page


def run_by_keys(qtbot, page, key=Qt.Key.Key_Return, modifier=CTRL) -> None:
    before = page.status.text()
    press(qtbot, key, modifier)
    qtbot.waitUntil(lambda: not page.running and page.status.text() != before, timeout=10_000)


def cells(table) -> list[list[str]]:
    return [
        [table.item(r, c).text() if table.item(r, c) else "" for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]


def test_the_period_defaults_to_the_last_30_days(page):
    assert page.start_edit.text() == "2026-10-25"
    assert page.end_edit.text() == "2026-11-23"
    shortcuts = {a.shortcut().toString() for a in page.actions()}
    assert {"Ctrl+Return", "Ctrl+Shift+C", "Ctrl+Shift+P", "Ctrl+Shift+H"} <= shortcuts


def test_ctrl_enter_runs_both_reports_with_the_counts_worked_out_by_hand(qtbot, page):
    run_by_keys(qtbot, page)
    assert page.status.text().startswith(
        "Reports for 25 October 2026 to 23 November 2026: 6 sampled logs (13 marks read, 13 counted)"
    )
    assert page.read_label.text() == (
        f"Run by Sam Supervisor (sam) on {local_time(NOW)}. Read: 1 sample, 6 sampled logs, 13 marks read; "
        "13 counted (each log's latest mark per checklist item)."
    )
    assert cells(page.items_table) == [
        ["The appropriate level of response has been given to the incident", "5", "1", "0", "83.3%"],
        ["All recontact has been completed as requested", "0", "0", "6", "no data"],
        ["A non-crime occurrence was created for a red or amber incident", "0", "0", "0", "no data"],
        ["A crime was recorded where a crime-recording prompt fired", "0", "1", "0", "0.0%"],
        ["The risk assessment was retained", "0", "0", "0", "no data"],
        [
            "The THRIVE rationale was recorded (threat, harm, risk, investigation, vulnerability, engagement)",
            "0",
            "0",
            "0",
            "no data",
        ],
    ]
    # Each operator's "no" notes, for feedback (issue 22).
    assert [row[:3] + row[4:] for row in cells(page.notes_table)] == [
        [
            "ann",
            page.compliance.operators[0]["no_notes"][0]["reference"],
            "A crime was recorded where a crime-recording prompt fired",
            "prompt fired, none recorded",
        ],
        [
            "bob",
            page.compliance.operators[1]["no_notes"][0]["reference"],
            "The appropriate level of response has been given to the incident",
            "graded too low",
        ],
    ]
    assert page.notes_label.text() == "'No' notes by operator, for feedback (2)"
    assert cells(page.operators_table) == [["ann", "3", "3", "1", "75.0%"], ["bob", "3", "2", "1", "66.7%"]]
    assert cells(page.months_table) == [["2026-11", "6", "5", "2", "71.4%"]]
    words = page.chart.accessibleDescription()
    assert "ann (3 logs sampled): 75.0% (3 of 4)" in words
    assert "bob (3 logs sampled): 66.7% (2 of 3)" in words

    assert cells(page.locations_table) == [
        ["1", "4 Canal Row, Leeds", "LS1 4AP", "3"],
        ["2", "12 Moor Lane, Leeds", "LS6 2QT", "2"],
    ]
    assert cells(page.callers_table) == [["1", "Elsie Garside", "3"], ["2", "Tom Yates", "2"]]
    assert cells(page.codes_table) == [["1", "801", "5"], ["2", "802", "1"]]
    heat = page.heat_table
    headers = [heat.horizontalHeaderItem(c).text() for c in range(heat.columnCount())]
    assert headers == ["District", "2026-W43", "2026-W44", "2026-W45", "2026-W46", "2026-W47", "2026-W48", "Total"]
    assert cells(heat) == [
        ["LS1", "0", "0", "0", "1", "2", "0", "3"],
        ["LS6", "0", "0", "0", "1", "1", "0", "2"],
    ]
    # shaded by count: the busiest cell deepest, an empty one white; the number is written too
    busiest, one, none = (
        heat.item(0, 5).background().color(),
        heat.item(0, 4).background().color(),
        heat.item(0, 1).background().color(),
    )
    assert none.name() == "#ffffff"
    assert busiest.lightness() < one.lightness() < none.lightness()


def test_f5_runs_too(qtbot, page):
    run_by_keys(qtbot, page, Qt.Key.Key_F5, Qt.KeyboardModifier.NoModifier)
    assert page.compliance is not None
    assert page.hotspots is not None


def test_a_period_typed_in_counts_only_its_logs(qtbot, page):
    type_text(qtbot, "20261115")  # From: 15 November; 9 and 10 days ago fall outside
    assert page.start_edit.text() == "2026-11-15"
    run_by_keys(qtbot, page)
    assert cells(page.operators_table) == [["ann", "2", "2", "1", "66.7%"], ["bob", "2", "1", "1", "50.0%"]]
    assert cells(page.locations_table) == [["1", "4 Canal Row, Leeds", "LS1 4AP", "2"]]
    assert page.callers_label.text() == "Repeat callers (1)"
    assert cells(page.codes_table) == [["1", "801", "3"], ["2", "802", "1"]]


def test_to_before_from_is_said_in_words(qtbot, page):
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is page.end_edit
    type_text(qtbot, "20261001")
    assert page.end_edit.text() == "2026-10-01"
    press(qtbot, Qt.Key.Key_Return, CTRL)
    assert "wrong way round" in page.status.text()
    assert "To (1 October 2026) is before From (25 October 2026)" in page.status.text()
    assert page.compliance is None


def test_saving_before_running_is_said_in_words(qtbot, page):
    press(qtbot, Qt.Key.Key_C, CTRL | SHIFT)
    assert page.status.text() == "Run the reports first (Ctrl+Enter), then save the compliance CSV."
    assert not list(paths.documents_dir().iterdir())


def test_exports_write_private_files_named_for_the_period(qtbot, page, reports_store):
    run_by_keys(qtbot, page)
    start = datetime(2026, 10, 25, tzinfo=UTC)
    end = datetime(2026, 11, 24, tzinfo=UTC)
    folder = paths.documents_dir()

    press(qtbot, Qt.Key.Key_C, CTRL | SHIFT)
    compliance_file = folder / "compliance-2026-10-25-to-2026-11-23.csv"
    assert page.status.text() == f"Compliance CSV saved to {compliance_file}"
    expected = supervision.compliance_csv(supervision.compliance(reports_store, SAM, start, end))
    assert compliance_file.read_bytes().decode("utf-8") == expected
    assert "response_appropriate" in expected

    press(qtbot, Qt.Key.Key_H, CTRL | SHIFT)
    hotspots_file = folder / "hotspots-2026-10-25-to-2026-11-23.csv"
    assert page.status.text() == f"Hotspots CSV saved to {hotspots_file}"
    expected = supervision.hotspots_csv(supervision.hotspots(reports_store, SAM, start, end))
    assert hotspots_file.read_bytes().decode("utf-8") == expected

    press(qtbot, Qt.Key.Key_P, CTRL | SHIFT)
    pdf = folder / "compliance-2026-10-25-to-2026-11-23.pdf"
    assert page.status.text() == f"Compliance PDF saved to {pdf}"
    assert pdf.read_bytes().startswith(b"%PDF")

    press(qtbot, Qt.Key.Key_C, CTRL | SHIFT)  # saved again: a new file, the first one kept
    assert page.status.text() == f"Compliance CSV saved to {folder / 'compliance-2026-10-25-to-2026-11-23-2.csv'}"
    for path in folder.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_a_call_handler_is_refused_in_words(qtbot, reports_store):
    page = open_page(qtbot, reports_store, ANN)
    run_by_keys(qtbot, page)
    text = page.status.text()
    assert text.startswith("The reports could not be run: ")
    assert "Traceback" not in text
    assert page.compliance is None


def test_a_folder_that_cannot_be_written_is_said_in_words(qtbot, page, monkeypatch, tmp_path):
    run_by_keys(qtbot, page)
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the folder should be")
    monkeypatch.setattr(paths, "documents_dir", lambda: blocked)
    press(qtbot, Qt.Key.Key_H, CTRL | SHIFT)
    assert page.status.text().startswith("The hotspots CSV could not be saved: ")
