"""Hostile CSV (issue 13): an import file is strict, all or nothing; an export is safe to open
in a spreadsheet (no formula runs from a cell), whatever column the text is in."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from asbdesk.storage import models as m
from asbdesk.storage.store import Store
from asbdesk.storage.transfer import (
    EXPORT_COLUMNS,
    MAX_CELL,
    MalformedCsv,
    export_contacts,
    import_history,
    parse_history_csv,
    spreadsheet_safe,
    write_csv,
)
from tests.storage.conftest import ANN, NOW, SAM
from tests.storage.helpers import contact, run_cli

HEADER = "occurred_at,incident_code,family_name,given_name,phone,address_line1,postcode,town,risk_level,rag,external_reference\n"
ROW = "2026-10-01T20:00:00Z,802,Holroyd,Isla,0113 496 0555,7 Beck Side,HD1 3LT,Huddersfield,medium,amber,NICHE-1\n"
LAST = "2026-11-02T09:10:00Z,803,Varley,Stan,,,,,,,NICHE-3\n"

HOSTILE_FORMULAS = ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "-1+2", "@SUM(A1)", "\t=1", "\r=1"]


def count(store, model) -> int:
    with store.engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(model))


def refused(text: str) -> MalformedCsv:
    with pytest.raises(MalformedCsv) as raised:
        parse_history_csv(io.StringIO(text))
    return raised.value


# ------------------------------------------------------------------ import: the file is refused, with the line


@pytest.mark.parametrize(
    ("body", "line", "words"),
    [
        # a cell too many: it was silently dropped
        (
            ROW + "2026-10-02T20:00:00Z,802,Ash,Jo,,,,,,,NICHE-2,surplus\n" + LAST,
            3,
            "12 cell(s), but the header has 11",
        ),
        # a cell too few
        (ROW + "2026-10-02T20:00:00Z,802,Ash\n" + LAST, 3, "3 cell(s), but the header has 11"),
        # an unbalanced quote never closed: the rest of the file was read as a name
        (ROW + '2026-10-02T20:00:00Z,802,"Ash,Jo,,,,,,,NICHE-2\n' + LAST, 3, "never closed (unbalanced quotes)"),
        # a quote inside an unquoted cell
        (ROW + '2026-10-02T20:00:00Z,802,As"h,Jo,,,,,,,NICHE-2\n' + LAST, 3, "unbalanced quotes"),
        # text after a closing quote
        (ROW + '2026-10-02T20:00:00Z,802,"As"h,Jo,,,,,,,NICHE-2\n' + LAST, 3, "after the closing quote"),
        # over the stated limit, and over csv's own (it was exit 70)
        (
            ROW + f"2026-10-02T20:00:00Z,802,{'A' * (MAX_CELL + 1)},Jo,,,,,,,NICHE-2\n" + LAST,
            3,
            f"family_name: {MAX_CELL + 1:,} characters, more than the {MAX_CELL:,} a cell may hold",
        ),
        (
            ROW + f"2026-10-02T20:00:00Z,802,{'A' * 131_073},Jo,,,,,,,NICHE-2\n" + LAST,
            3,
            "a cell of more than 131,072 characters",
        ),
        # NUL, bidi controls, other control characters
        (
            ROW + "2026-10-02T20:00:00Z,802,As\x00h,Jo,,,,,,,NICHE-2\n" + LAST,
            3,
            "family_name: contains a control character (U+0000)",
        ),
        (
            ROW + "2026-10-02T20:00:00Z,802,\u202ehsA,Jo,,,,,,,NICHE-2\n" + LAST,
            3,
            "family_name: contains a bidirectional text control (U+202E)",
        ),
        (
            ROW + "2026-10-02T20:00:00Z,802,Ash,\u2066Jo\u2069,,,,,,,NICHE-2\n" + LAST,
            3,
            "given_name: contains a bidirectional text control (U+2066)",
        ),
        (
            ROW + "2026-10-02T20:00:00Z,802,Ash,Jo,,,,,,,\x1b[31mNICHE-2\n" + LAST,
            3,
            "external_reference: contains a control character (U+001B)",
        ),
        # a multi-line record is reported at the line it starts on
        (ROW + '2026-10-02T20:00:00Z,802,"Ash\nJo",Jo,,,,,,\n' + LAST, 3, "10 cell(s), but the header has 11"),
    ],
    ids=[
        "extra-cell",
        "missing-cells",
        "quote-never-closed",
        "quote-in-cell",
        "text-after-quote",
        "over-limit",
        "over-csv-limit",
        "nul",
        "bidi-override",
        "bidi-isolate",
        "escape",
        "multi-line",
    ],
)
def test_a_malformed_file_is_refused_whole_with_the_line(store, body, line, words):
    error = refused(HEADER + body)
    assert any(at == line and words in why for at, why in error.problems), error.problems
    assert f"line {line}: " in str(error) and "nothing imported" in str(error)
    with pytest.raises(MalformedCsv):
        import_history(store, SAM, io.StringIO(HEADER + body))
    assert count(store, m.Contact) == 0 and count(store, m.Person) == 0  # not even the good rows


def test_duplicate_header_names_are_refused(store):
    error = refused(HEADER.replace("given_name", "family_name") + ROW)
    assert error.problems == ((1, "column(s) named more than once: family_name"),)
    error = refused(HEADER.rstrip("\n") + ",town\n" + ROW.rstrip("\n") + ",Leeds\n")
    assert error.problems == ((1, "column(s) named more than once: town"),)


def test_every_problem_is_reported_not_only_the_first():
    body = ROW + "2026-10-02T20:00:00Z,802,Ash\n" + "2026-10-03T20:00:00Z,802,Bo\x00b,,,,,,,,N-4\n" + LAST + '2026,"x\n'
    error = refused(HEADER + body)
    assert [line for line, _ in error.problems] == [3, 4, 6]


def test_well_formed_quoting_still_imports(store):
    body = '2026-10-01T20:00:00Z,802,"O\'Neill, ""Jo""",Isla,,,,,,,N-1\n\n2026-10-02T20:00:00Z,801,Ash,Jo,,,,"Leeds, West",,,N-2\r\n'
    report = import_history(store, SAM, io.StringIO("\ufeff" + HEADER + body))
    assert report.ok and report.imported == 2
    with store.engine.connect() as connection:
        assert connection.scalar(select(m.Person.family_name).order_by(m.Person.id)) == 'O\'Neill, "Jo"'


def test_cell_checks_leave_a_value_at_the_limit_alone():
    rows, rejected = parse_history_csv(io.StringIO(HEADER + f"2026-10-02T20:00:00Z,802,{'A' * MAX_CELL},Jo,,,,,,,N\n"))
    assert len(rows) == 1 and not rejected


# ------------------------------------------------------------------ import from the command line: exit 2


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("ASBDESK_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("ASBDESK_DATABASE_URL", raising=False)
    return tmp_path / "home"


def cli(capsys, *args):
    return run_cli(capsys, *args)


@pytest.mark.parametrize(
    "body",
    [
        ROW + "2026-10-02T20:00:00Z,802,Ash,Jo,,,,,,,NICHE-2,surplus\n" + LAST,
        ROW + '2026-10-02T20:00:00Z,802,"Ash,Jo,,,,,,,NICHE-2\n' + LAST,
        ROW + f"2026-10-02T20:00:00Z,802,{'A' * 131_073},Jo,,,,,,,NICHE-2\n" + LAST,
        ROW + "2026-10-02T20:00:00Z,802,\u202eAsh,Jo,,,,,,,NICHE-2\n" + LAST,
    ],
    ids=["extra-cell", "quote-never-closed", "over-csv-limit", "bidi"],
)
def test_cli_import_of_a_malformed_file_exits_2_and_imports_nothing(capsys, home, tmp_path, body):
    assert cli(capsys, "users", "add", "ada", "--name", "Ada Admin", "--role", "administrator", "--by", "ada")[0] == 0
    path = tmp_path / "history.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    code, out, err = cli(capsys, "import", str(path), "--user", "ada")
    assert code == 2, err
    assert "line 3: " in err and "nothing imported" in err and "internal error" not in err and "Traceback" not in err
    assert out == ""
    store = Store.open(f"sqlite:///{home / 'data' / 'asbdesk.sqlite'}")
    try:
        assert count(store, m.Contact) == 0
    finally:
        store.close()


def test_cli_import_duplicate_header_exits_2(capsys, home, tmp_path):
    assert cli(capsys, "users", "add", "ada", "--name", "Ada Admin", "--role", "administrator", "--by", "ada")[0] == 0
    path = tmp_path / "history.csv"
    path.write_text(HEADER.replace("town", "postcode") + ROW, encoding="utf-8")
    code, _, err = cli(capsys, "import", str(path), "--user", "ada")
    assert code == 2 and "line 1: column(s) named more than once: postcode" in err


# ------------------------------------------------------------------ export: no formula runs from a cell


@pytest.mark.parametrize("text", HOSTILE_FORMULAS)
def test_a_formula_start_gets_a_quote_in_front(text):
    assert spreadsheet_safe(text) == "'" + text


@pytest.mark.parametrize("text", ["Holroyd", "1+2", "ASB-2026-000001", "", " =1", "'=1", "O'Neill"])
def test_harmless_text_is_left_alone(text):
    assert spreadsheet_safe(text) == text


def test_numbers_stay_numbers():
    assert (spreadsheet_safe(-1), spreadsheet_safe(-1.5), spreadsheet_safe(None), spreadsheet_safe(True)) == (
        -1,
        -1.5,
        None,
        "True",
    )


def read_cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


@pytest.mark.parametrize("text", HOSTILE_FORMULAS)
def test_every_exported_cell_is_neutralised_whatever_its_column(text):
    columns = (*EXPORT_COLUMNS, "family_name", "given_name", "answers", text)  # even a column's name
    row = {c: text for c in columns}
    out = io.StringIO()
    write_csv(out, columns, [row, row])  # what every CSV export writes through
    rows = read_cells(out.getvalue())
    assert len(rows) == 3 and all(len(cells) == len(columns) for cells in rows)
    for cells in rows[1:]:
        assert cells == ["'" + text] * len(columns)
    assert rows[0][-1] == "'" + text and rows[0][: len(EXPORT_COLUMNS)] == list(EXPORT_COLUMNS)


def test_exported_imported_data_and_override_reasons_are_neutralised(store):
    # From an import: the incident code and grade come from the file as they are.
    body = (
        '2026-11-20T10:00:00Z,"=HYPERLINK(""http://x"",""y"")",Holroyd,Isla,,,,,,,N-1\n'
        "2026-11-20T11:00:00Z,+cmd|' /C calc'!A0,Varley,Stan,,,,,,,N-2\n"
    )
    header = "occurred_at,incident_code,family_name,given_name,phone,address_line1,postcode,town,risk_level,rag,grade\n"
    report = import_history(
        store, SAM, io.StringIO(header + body.replace(",N-1\n", ",@SUM(A1)\n").replace(",N-2\n", ",-1+2\n"))
    )
    assert report.ok, report.text()
    # From an operator: an override's reason.
    store.save_contact(
        ANN,
        contact(NOW, answers={"weapons": True}, override={"grade": "response", "reason": '=HYPERLINK("http://x","y")'}),
    )
    rows = store.contacts_between(SAM, NOW - timedelta(days=7), NOW + timedelta(seconds=1))
    exported = read_cells(export_contacts(rows, "csv"))
    header_row, cells = exported[0], exported[1:]
    by_column = [dict(zip(header_row, c, strict=True)) for c in cells]
    assert [r["incident_code"] for r in by_column[:2]] == ['\'=HYPERLINK("http://x","y")', "'+cmd|' /C calc'!A0"]
    assert [r["grade"] for r in by_column[:2]] == ["'@SUM(A1)", "'-1+2"]
    assert by_column[2]["override_reason"] == '\'=HYPERLINK("http://x","y")'
    for row in cells:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    # JSON keeps the data as it is: it is not opened by spreadsheets as formulas.
    assert '"=HYPERLINK' in export_contacts(rows, "json")
