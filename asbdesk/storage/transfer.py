"""Moving data in and out: caller history from CSV, contacts to CSV or JSON.

Forces move history in by upload (seed 002: "completing an Excel upload"). Every
row is checked first; if any row is wrong, nothing is imported and the report
names each rejected row and why. Importing the same file twice adds nothing.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Iterable, TextIO

from sqlalchemy import select

from asbdesk.core.normalise import NormaliseError, name_key, phone_e164, postcode
from asbdesk.core.timeutil import parse_instant
from asbdesk.storage import models as m
from asbdesk.storage.database import InvalidData
from asbdesk.storage.records import Actor, AddressInput
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
    "channel",  # phone | walk-in
    "risk_level",  # standard | medium | high
    "grade",
    "rag",  # green | amber | red
    "external_reference",  # the other system's reference: makes re-imports idempotent
)
REQUIRED = ("occurred_at", "incident_code", "family_name")
IMPORT_NAMESPACE = uuid.UUID("6f1c3b1e-8c1a-4d5e-9b59-0a7c3a1f2e11")
EXPORT_COLUMNS = (
    "reference", "started_at", "channel", "incident_code", "category", "risk_level", "grade", "rag",
    "is_repeat", "vulnerable", "override_field", "override_reason", "contact_preference", "consent",
    "person_id", "location_id", "operator", "workstation", "pack_id", "pack_version", "pack_hash",
)


@dataclass(frozen=True)
class ImportRow:
    line: int
    occurred_at: datetime
    incident_code: str
    family_name: str
    given_name: str
    phone: str | None
    address: AddressInput | None
    channel: str
    risk_level: str
    grade: str
    rag: str
    external_reference: str | None

    @property
    def uuid(self) -> str:
        key = self.external_reference or f"{self.occurred_at.isoformat()}|{self.incident_code}|{self.family_name}|{self.phone}"
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


def parse_history_csv(stream: TextIO) -> tuple[list[ImportRow], list[tuple[int, str]]]:
    reader = csv.DictReader(stream)
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED if c not in header]
    unknown = [c for c in header if c not in IMPORT_COLUMNS]
    if missing or unknown:
        problems = []
        if missing:
            problems.append(f"missing column(s): {', '.join(missing)}")
        if unknown:
            problems.append(f"unknown column(s): {', '.join(unknown)} (known: {', '.join(IMPORT_COLUMNS)})")
        return [], [(1, "; ".join(problems))]
    rows, rejected = [], []
    for raw in reader:
        line = reader.line_num
        cells = {k.strip(): (v or "").strip() for k, v in raw.items() if k is not None}
        try:
            rows.append(_row(line, cells))
        except (InvalidData, NormaliseError, ValueError) as error:
            rejected.append((line, str(error)))
    return rows, rejected


def _row(line: int, c: dict[str, str]) -> ImportRow:
    for column in REQUIRED:
        if not c.get(column):
            raise InvalidData(f"{column}: is empty")
    try:
        occurred = parse_instant(c["occurred_at"])
    except ValueError as error:
        raise InvalidData(f"occurred_at: {error}") from None
    phone = None
    if c.get("phone"):
        try:
            phone = phone_e164(c["phone"])
        except NormaliseError as error:
            raise InvalidData(f"phone: {error}") from None
    address = None
    if c.get("address_line1") or c.get("postcode"):
        if not (c.get("address_line1") and c.get("postcode")):
            raise InvalidData("address_line1 and postcode: give both or neither")
        try:
            address = AddressInput(c["address_line1"], postcode(c["postcode"]), c.get("town", ""))
        except NormaliseError as error:
            raise InvalidData(f"postcode: {error}") from None
    channel = (c.get("channel") or "phone").lower().replace("_", "-")
    if channel not in ("phone", "walk-in"):
        raise InvalidData(f"channel: '{c['channel']}' is not phone or walk-in")
    risk = (c.get("risk_level") or "standard").lower()
    if risk not in ("standard", "medium", "high"):
        raise InvalidData(f"risk_level: '{c['risk_level']}' is not standard, medium or high")
    rag = (c.get("rag") or "green").lower()
    if rag not in ("green", "amber", "red"):
        raise InvalidData(f"rag: '{c['rag']}' is not green, amber or red")
    return ImportRow(
        line, occurred, c["incident_code"], c["family_name"], c.get("given_name", ""), phone, address,
        channel, risk, c.get("grade") or "imported", rag, c.get("external_reference") or None,
    )


def import_history(store: Store, actor: Actor, stream: TextIO) -> ImportReport:
    rows, rejected = parse_history_csv(stream)
    if rejected:
        log.info("history import refused: %d row(s) rejected", len(rejected))
        return ImportReport(len(rows) + len(rejected), 0, 0, tuple(rejected))
    imported = present = 0
    with store._session() as session:  # one transaction: all rows or none
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
                    uuid=row.uuid, reference=reference, channel=row.channel, started_at=row.occurred_at,
                    saved_at=row.occurred_at, operator=actor.username, workstation=actor.workstation,
                    person_id=person_id, location_id=location_id, incident_code=row.incident_code,
                    category="other", pack_id="import", pack_version="0", pack_hash="", risk_level=row.risk_level,
                    grade=row.grade, rag=row.rag, is_repeat=False, vulnerable=False, answers={},
                    assessment={"imported": True, "external_reference": row.external_reference, "line": row.line},
                    log_text=f"Imported history (external reference {row.external_reference or 'none'}).",
                )
            )
            session.flush()
            imported += 1
        store._audit(session, actor, "import", "contact", f"{imported} rows", None, {"imported": imported, "present": present})
    log.info("history import: %d imported, %d already present", imported, present)
    return ImportReport(len(rows), imported, present, ())


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
            .where(m.Person.family_key == family, m.Person.given_key == given,
                   m.Location.postcode_key == row.address.postcode.replace(" ", ""))
            .limit(1)
        )
        if found is not None:
            return found
    person = m.Person(given_name=row.given_name, family_name=row.family_name, given_key=given, family_key=family,
                      created_at=store.clock())
    session.add(person)
    session.flush()
    if row.phone:
        session.add(m.Phone(person_id=person.id, e164=row.phone))
    return person.id


def export_contacts(contacts: Iterable[dict[str, Any]], fmt: str) -> str:
    contacts = list(contacts)
    if fmt == "json":
        return json.dumps(contacts, indent=2, ensure_ascii=False) + "\n"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=EXPORT_COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in contacts:
        writer.writerow(row)
    return out.getvalue()
