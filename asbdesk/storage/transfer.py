"""Moving data in and out: caller history from CSV, contacts to CSV or JSON.

Forces move history in by upload (seed 002: "completing an Excel upload"). Every
row is checked first; if any row is wrong, nothing is imported and the report
names each rejected row and why. Importing the same file twice adds nothing.

The file is hostile until checked (issue 13): a malformed CSV (cell count, quotes, a
header naming a column twice, a cell too long or holding a control character) is refused
whole with :class:`MalformedCsv`. Every CSV cell exported is made safe to open in a
spreadsheet (:func:`spreadsheet_safe`: no formula runs from it).
"""

from __future__ import annotations

import csv
import io
import json
import logging
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, TextIO, get_args

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from asbdesk.core.normalise import NormaliseError, name_key, phone_e164, postcode
from asbdesk.core.timeutil import parse_instant
from asbdesk.core.vocabulary import CHANNELS, RAG_RATINGS, Channel, Rag
from asbdesk.storage import models as m
from asbdesk.storage.database import InvalidData, classify
from asbdesk.storage.records import Actor, AddressInput, StoredContact
from asbdesk.storage.store import Store, reference_for

log = logging.getLogger(__name__)

IMPORT_COLUMNS = (
    "occurred_at",  # required, ISO 8601
    "incident_code",  # required
    "family_name",  # required
    "given_name",
    "phone",
    "address_line1",
    "postcode",
    "town",
    "channel",  # CHANNELS: phone | walk-in
    "risk_level",  # IMPORT_RISK_LEVELS: standard | medium | high
    "grade",
    "rag",  # RAG_RATINGS: green | amber | red
    "external_reference",  # the other system's reference: makes re-imports idempotent
)
REQUIRED = ("occurred_at", "incident_code", "family_name")
# The risk levels a history row may carry, lowest first (the default). No pack is at hand
# here: imported history comes from another system and is saved under pack "import", so
# the three national levels are accepted as before. Where a pack is loaded, its own
# levels are read from it (Pack.level_rank), never written out.
ImportRisk = Literal["standard", "medium", "high"]
IMPORT_RISK_LEVELS: tuple[str, ...] = get_args(ImportRisk)
IMPORT_NAMESPACE = uuid.UUID("6f1c3b1e-8c1a-4d5e-9b59-0a7c3a1f2e11")
EXPORT_COLUMNS = (
    "reference",
    "started_at",
    "channel",
    "incident_code",
    "category",
    "risk_level",
    "grade",
    "rag",
    "is_repeat",
    "vulnerable",
    "override_field",
    "override_reason",
    "contact_preference",
    "consent",
    "person_id",
    "location_id",
    "operator",
    "workstation",
    "pack_id",
    "pack_version",
    "pack_hash",
)


class ImportRow(BaseModel):
    """One row of a history CSV, validated cell by cell (pydantic). A cell left empty takes
    the column's default; each problem is said with its column's name."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    line: int  # in the file, for the report
    occurred_at: datetime
    incident_code: str
    family_name: str
    given_name: str = ""
    phone: str | None = None  # E.164
    address_line1: str = ""
    postcode: str = ""
    town: str = ""
    channel: Channel = CHANNELS[0]
    risk_level: ImportRisk = "standard"  # the lowest: IMPORT_RISK_LEVELS[0]
    grade: str = "imported"
    rag: Rag = RAG_RATINGS[0]
    external_reference: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _defaults_for_empty_cells(cls, cells: Any) -> Any:
        if isinstance(cells, dict):
            cells = {column: value.strip() if isinstance(value, str) else value for column, value in cells.items()}
            return {column: value for column, value in cells.items() if value != ""}
        return cells

    @field_validator("occurred_at", mode="before")
    @classmethod
    def _instant(cls, value: Any) -> datetime:
        return parse_instant(value) if isinstance(value, str) else value

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str | None) -> str | None:
        return phone_e164(value) if value else None

    @field_validator("postcode")
    @classmethod
    def _postcode(cls, value: str) -> str:
        return postcode(value) if value else ""

    @field_validator("channel", "risk_level", "rag", mode="before")
    @classmethod
    def _lower(cls, value: Any) -> Any:
        return value.lower() if isinstance(value, str) else value

    @field_validator("channel", mode="before")
    @classmethod
    def _walk_in(cls, value: Any) -> Any:
        return value.replace("_", "-") if isinstance(value, str) else value

    @model_validator(mode="after")
    def _whole_address(self) -> ImportRow:
        if bool(self.address_line1) != bool(self.postcode):
            raise ValueError("address_line1 and postcode: give both or neither")
        return self

    @property
    def address(self) -> AddressInput | None:
        return AddressInput(self.address_line1, self.postcode, self.town) if self.postcode else None

    @property
    def uuid(self) -> str:
        key = (
            self.external_reference
            or f"{self.occurred_at.isoformat()}|{self.incident_code}|{self.family_name}|{self.phone}"
        )
        return str(uuid.uuid5(IMPORT_NAMESPACE, key))


@dataclass(frozen=True)
class ImportReport:
    rows: int
    imported: int
    already_present: int
    rejected: tuple[tuple[int, str], ...]  # (line in the file, what is wrong)

    @property
    def ok(self) -> bool:
        return not self.rejected

    def text(self) -> str:
        if self.rejected:
            lines = [f"Nothing imported: {len(self.rejected)} of {self.rows} row(s) rejected."]
            lines += [f"  line {line}: {why}" for line, why in self.rejected]
            return "\n".join(lines)
        return f"Imported {self.imported} contact(s); {self.already_present} already present; {self.rows} row(s) read."


# The most characters a cell may hold. The longest real value (an address line, a name)
# is a few hundred; anything near this is not a history export.
MAX_CELL = 10_000
# Characters refused in any cell: NUL and the other C0/C1 control characters (tab, CR and
# LF excepted: they can be quoted in a cell), and the Unicode bidirectional controls, which
# make text display in an order other than the one stored (a name that reads as another).
_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_REFUSED = {chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, *range(0x80, 0xA0))}
_REFUSED |= set(_BIDI)


class MalformedCsv(InvalidData):
    """The file is not a well-formed history CSV (cell count, quotes, duplicate header,
    a cell too long or holding a control character): nothing in it is imported. ``problems``
    is ((line in the file, what is wrong), ...)."""

    def __init__(self, problems: list[tuple[int, str]]) -> None:
        self.problems = tuple(problems)
        lines = [f"not a well-formed history CSV, nothing imported ({len(self.problems)} problem(s)):"]
        lines += [f"  line {line}: {why}" for line, why in self.problems]
        super().__init__("\n".join(lines))


def _quote_problem(raw: str) -> str | None:
    """What is wrong with the quotes of one record as it stands in the file, or None.

    Python's csv (even ``strict``) takes a quote inside an unquoted cell (``Hol"royd``) as
    a character of the cell; here a quote may only open a cell, close it, or be doubled
    inside a quoted cell. An opened quote never closed is reported too."""
    quoted = closed = False
    start = True
    i = 0
    while i < len(raw):
        c = raw[i]
        if quoted:
            if c == '"':
                if raw[i + 1 : i + 2] == '"':
                    i += 2
                    continue
                quoted, closed = False, True
        elif c in ",\r\n":
            start, closed = True, False
        elif closed:
            return "text after the closing quote of a cell"
        elif c == '"':
            if not start:
                return "a quote inside a cell that does not start with a quote (unbalanced quotes)"
            quoted, start = True, False
        else:
            start = False
        i += 1
    return "a quote is opened and never closed (unbalanced quotes)" if quoted else None


def _cell_problem(column: str, value: str) -> str | None:
    if len(value) > MAX_CELL:
        return f"{column}: {len(value):,} characters, more than the {MAX_CELL:,} a cell may hold"
    bad = next((ch for ch in value if ch in _REFUSED), None)
    if bad is not None:
        kind = "a bidirectional text control" if bad in _BIDI else "a control character"
        return f"{column}: contains {kind} (U+{ord(bad):04X}), which is not allowed"
    return None


def _records(stream: TextIO) -> Iterable[tuple[int, list[str], str]]:
    """(first line of the record, its cells, its text as in the file) for each record.
    csv reads only the lines of one record at a time, so the lines it asked for since the
    last record are that record's text."""
    consumed: list[str] = []

    def lines() -> Iterable[str]:
        for line in stream:
            consumed.append(line)
            yield line

    reader = csv.reader(lines(), strict=True)
    first = 1
    while True:
        consumed.clear()
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            # Nothing after this can be read reliably: the caller stops here.
            why = str(error)
            if "field larger than field limit" in why:
                why = f"a cell of more than {csv.field_size_limit():,} characters (a cell may hold {MAX_CELL:,})"
            elif "unexpected end of data" in why:
                why = "a quote is opened and never closed (unbalanced quotes)"
            elif "expected after" in why:
                why = "text after the closing quote of a cell (unbalanced quotes)"
            raise MalformedCsv([(first, f"not readable as CSV: {why}")]) from None
        yield first, cells, "".join(consumed)
        first = reader.line_num + 1


def parse_history_csv(stream: TextIO) -> tuple[list[ImportRow], list[tuple[int, str]]]:
    """The rows of a history CSV and the rows rejected, with their line numbers.

    Raises :class:`MalformedCsv` when the file itself is not acceptable (a row with more or
    fewer cells than the header, a header naming a column twice, unbalanced quotes, a cell
    over :data:`MAX_CELL` characters or holding a control character): the whole file is
    refused, never part of it read. Python's csv limit on a cell (``field_size_limit``,
    131,072 by default) is process-wide and is left alone; longer cells end reading."""
    records = iter(_records(stream))
    first = next(records, None)
    if first is None:
        return [], [(1, "the file is empty: no header row")]
    _, raw_header, header_text = first
    header = [h.strip() for h in raw_header]
    if header:
        header[0] = header[0].lstrip("\ufeff")  # a byte order mark read as text
    problems: list[tuple[int, str]] = []
    quotes = _quote_problem(header_text)
    if quotes:
        problems.append((1, quotes))
    problems += [(1, why) for why in filter(None, (_cell_problem("header", h) for h in header))]
    duplicates = sorted({h for h in header if header.count(h) > 1})
    if duplicates:
        problems.append((1, f"column(s) named more than once: {', '.join(duplicates)}"))
    missing = [c for c in REQUIRED if c not in header]
    unknown = [c for c in header if c not in IMPORT_COLUMNS]
    if problems:
        raise MalformedCsv(problems)
    if missing or unknown:
        wrong = []
        if missing:
            wrong.append(f"missing column(s): {', '.join(missing)}")
        if unknown:
            wrong.append(f"unknown column(s): {', '.join(unknown)} (known: {', '.join(IMPORT_COLUMNS)})")
        return [], [(1, "; ".join(wrong))]
    rows, rejected = [], []
    try:
        for line, cells, text in records:
            if not cells:
                continue  # a blank line
            why = _quote_problem(text)
            if why is None and len(cells) != len(header):
                why = f"{len(cells)} cell(s), but the header has {len(header)}"
            if why is None:
                why = (
                    "; ".join(filter(None, (_cell_problem(column, v) for column, v in zip(header, cells, strict=True))))
                    or None
                )
            if why is not None:
                problems.append((line, why))
                continue
            if problems:
                continue  # the file is refused anyway: only its problems are reported
            try:
                rows.append(_row(line, {k: v.strip() for k, v in zip(header, cells, strict=True)}))
            except (InvalidData, NormaliseError, ValueError) as error:
                rejected.append((line, str(error)))
    except MalformedCsv as error:  # csv cannot read on: report it after what was found before
        problems += error.problems
    if problems:
        raise MalformedCsv(problems)
    return rows, rejected


def _either(words: tuple[str, ...]) -> str:
    """'phone or walk-in', 'green, amber or red'."""
    return f"{', '.join(words[:-1])} or {words[-1]}" if len(words) > 1 else words[0]


def _row(line: int, cells: dict[str, str]) -> ImportRow:
    """The row's cells as an :class:`ImportRow`, or InvalidData naming each wrong column."""
    try:
        return ImportRow.model_validate({**cells, "line": line})
    except ValidationError as error:
        raise InvalidData("; ".join(_said(problem) for problem in error.errors())) from None


def _said(problem: Any) -> str:
    """One pydantic problem as the report says it: 'phone: '01223 12' is not a valid phone number'."""
    column = str(problem["loc"][0]) if problem["loc"] else ""
    if problem["type"] == "missing":
        return f"{column}: is empty"
    if problem["type"] == "literal_error":  # a word from a fixed list (channel, risk level, rag)
        allowed = get_args(ImportRow.model_fields[column].annotation)
        return f"{column}: '{problem['input']}' is not {_either(allowed)}"
    cause = problem.get("ctx", {}).get("error")
    said = str(cause) if cause is not None else problem["msg"]
    return f"{column}: {said}" if column and not said.startswith(f"{column}") else said


def import_history(store: Store, actor: Actor, stream: TextIO) -> ImportReport:
    """Import every row of ``stream`` or none. Raises :class:`MalformedCsv` (nothing
    imported) when the file is not a well-formed history CSV."""
    try:
        rows, rejected = parse_history_csv(stream)
    except MalformedCsv as error:
        log.info("history import refused: not a well-formed CSV (%d problem(s))", len(error.problems))
        raise
    if rejected:
        log.info("history import refused: %d row(s) rejected", len(rejected))
        return ImportReport(len(rows) + len(rejected), 0, 0, tuple(rejected))
    imported = present = 0
    with _in_words(store), store._session() as session:  # one transaction: all rows or none
        store._authorise(session, actor, "import_export")
        for row in rows:
            if session.scalar(select(m.Contact.id).where(m.Contact.uuid == row.uuid)) is not None:
                present += 1
                continue
            person_id = _person_for(store, session, row)
            location_id = store._location(session, row.address, row.address.postcode).id if row.address else None
            if location_id is not None and not session.get(m.PersonLocation, (person_id, location_id)):
                session.add(m.PersonLocation(person_id=person_id, location_id=location_id))
            reference = reference_for(row.occurred_at.year, store._next_reference_number(session))
            session.add(
                m.Contact(
                    uuid=row.uuid,
                    reference=reference,
                    channel=row.channel,
                    started_at=row.occurred_at,
                    saved_at=row.occurred_at,
                    operator=actor.username,
                    workstation=actor.workstation,
                    person_id=person_id,
                    location_id=location_id,
                    incident_code=row.incident_code,
                    category="other",
                    pack_id="import",
                    pack_version="0",
                    pack_hash="",
                    risk_level=row.risk_level,
                    grade=row.grade,
                    rag=row.rag,
                    is_repeat=False,
                    vulnerable=False,
                    answers={},
                    assessment={"imported": True, "external_reference": row.external_reference, "line": row.line},
                    log_text=f"Imported history (external reference {row.external_reference or 'none'}).",
                )
            )
            session.flush()
            store._audit(session, actor, "import", "contact", reference, None, {"uuid": row.uuid, "line": row.line})
            imported += 1
        store._audit(
            session, actor, "import", "history", f"{imported} rows", None, {"imported": imported, "present": present}
        )
    log.info("history import: %d imported, %d already present", imported, present)
    return ImportReport(len(rows), imported, present, ())


@contextmanager
def _in_words(store: Store) -> Iterator[None]:
    """A constraint the database enforces (the store passes IntegrityError on for its
    callers to decide) becomes the StorageError in words: PostgreSQL's text quotes the
    values (``DETAIL: Key (...)=(...)``), which must not reach the user or the log."""
    try:
        yield
    except IntegrityError as error:
        storage_error = classify(error, store.description)
        orig = getattr(error, "orig", None) or error
        code = getattr(orig, "sqlstate", None) or getattr(orig, "sqlite_errorname", None) or ""
        log.warning(
            "%s: history import refused: %s (%s %s)",
            store.description,
            type(storage_error).__name__,
            type(orig).__name__,
            code,
        )
        raise storage_error from None


def _person_for(store: Store, session: Any, row: ImportRow) -> int:
    if row.phone:
        found = session.scalar(select(m.Phone.person_id).where(m.Phone.e164 == row.phone).limit(1))
        if found is not None:
            return found
    family, given = name_key(row.family_name), name_key(row.given_name)
    if row.address:
        found = session.scalar(
            select(m.Person.id)
            .join(m.PersonLocation, m.PersonLocation.person_id == m.Person.id)
            .join(m.Location, m.Location.id == m.PersonLocation.location_id)
            .where(
                m.Person.family_key == family,
                m.Person.given_key == given,
                m.Location.postcode_key == row.address.postcode.replace(" ", ""),
            )
            .limit(1)
        )
        if found is not None:
            return found
    person = m.Person(
        given_name=row.given_name,
        family_name=row.family_name,
        given_key=given,
        family_key=family,
        created_at=store.clock(),
    )
    session.add(person)
    session.flush()
    if row.phone:
        session.add(m.Phone(person_id=person.id, e164=row.phone))
    return person.id


# A history CSV is read whole before any row is imported (all rows or none): at most this
# many bytes, refused before reading (about 150,000 rows of a typical history export).
MAX_IMPORT_BYTES = 50_000_000

# A cell starting with one of these is read as a formula by Excel, LibreOffice and Google
# Sheets (``=HYPERLINK(...)``, ``+cmd|' /C calc'!A0``, ``@SUM(...)``, ``-1+2``); tab and
# carriage return can hide such a start. OWASP's advice: put a single quote in front.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """``value`` as a CSV cell a spreadsheet shows as text: a text starting with ``=``,
    ``+``, ``-``, ``@``, tab or carriage return gets a leading ``'``. Numbers stay numbers;
    None stays empty."""
    if value is None or (isinstance(value, (int, float)) and not isinstance(value, bool)):
        return value
    text = value if isinstance(value, str) else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def write_csv(out: TextIO, columns: Iterable[str], rows: Iterable[dict[str, Any]]) -> None:
    """Every CSV asbdesk writes goes through here: every cell, the header's too, is made
    :func:`spreadsheet_safe`, whatever its column (names, reasons, answers). Lines end in
    CRLF (RFC 4180): Python's csv then quotes a cell holding a carriage return, which with a
    bare LF it writes as it is, splitting the row for whoever reads it."""
    columns = list(columns)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([spreadsheet_safe(c) for c in columns])
    for row in rows:
        writer.writerow([spreadsheet_safe(row.get(c)) for c in columns])


def export_contacts(contacts: Iterable[StoredContact], fmt: str, columns: Iterable[str] = EXPORT_COLUMNS) -> str:
    """Saved contacts as JSON (every field) or CSV (``columns``), times in ISO 8601."""
    rows = [contact.to_json() for contact in contacts]
    if fmt == "json":
        return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
    out = io.StringIO()
    write_csv(out, columns, rows)
    return out.getvalue()
