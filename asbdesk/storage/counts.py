"""Contacts counted as they are saved, for the hotspots report (issue 24.2; migration 0011).

The hotspots report (seed 002: "ASB hotspots and demand generators") ranks a period's
locations and callers by how many contacts they had, and counts incidents by postcode
district and by incident code. Grouping a year's contacts four ways at every run took
15-19 s at 1,000,000 contacts; these tables keep the counts instead, kept by the database
itself in the same transaction as the contact's row (a trigger on ``contact``), so every
path that adds a contact (a call, an import, plain SQL) counts it:

- ``contact_count_month``: contacts per location and per caller (``kind`` 'location' or
  'person', ``subject_id``) per calendar month (``month``, its first day);
- ``contact_count_day``: contacts per incident code and per postcode district (``kind``
  'code' or 'district', ``key``) per day.

Days and months are UTC, as the report's periods are. A contact removed or moved (only the
database's owner can: a saved call is never changed otherwise, asbdesk.storage.roles) is
taken off its counts by the same trigger. A location's postcode is never changed (nobody
but the owner may), so a contact's district is the one its address had when it was saved.

:func:`rebuild` counts every contact again (the migration on an existing database, and a
bulk load that switched the triggers off: ``bench/storage_generate.py``)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

COUNTED = ("started_at", "location_id", "person_id", "incident_code")  # an UPDATE of these recounts


def _district(postcode: str) -> str:
    """The postcode district as asbdesk.storage.supervision._district makes it, in SQL:
    before the space, else all but the last three characters, else the postcode."""
    return (
        f"CASE WHEN strpos({postcode}, ' ') > 0 THEN substr({postcode}, 1, strpos({postcode}, ' ') - 1) "
        f"WHEN length({postcode}) > 3 THEN substr({postcode}, 1, length({postcode}) - 3) ELSE {postcode} END"
    )


def _sqlite_district(postcode: str) -> str:
    return _district(postcode).replace("strpos(", "instr(")


def _sqlite_change(row: str, sign: str) -> list[str]:
    """SQLite statements counting ``row`` (NEW or OLD) in (sign '+') or out (sign '-')."""
    month, day = f"substr({row}.started_at, 1, 7) || '-01'", f"substr({row}.started_at, 1, 10)"
    counts = [
        f"INSERT INTO contact_count_month (kind, subject_id, month, n) SELECT 'location', {row}.location_id, "
        f"{month}, 1 WHERE {row}.location_id IS NOT NULL ON CONFLICT (kind, subject_id, month) DO UPDATE SET n = n + 1;",
        f"INSERT INTO contact_count_month (kind, subject_id, month, n) SELECT 'person', {row}.person_id, "
        f"{month}, 1 WHERE {row}.person_id IS NOT NULL ON CONFLICT (kind, subject_id, month) DO UPDATE SET n = n + 1;",
        f"INSERT INTO contact_count_day (kind, key, day, n) SELECT 'code', {row}.incident_code, {day}, 1 "
        "WHERE true ON CONFLICT (kind, key, day) DO UPDATE SET n = n + 1;",
        f"INSERT INTO contact_count_day (kind, key, day, n) SELECT 'district', {_sqlite_district('l.postcode')}, "
        f"{day}, 1 FROM location l WHERE l.id = {row}.location_id ON CONFLICT (kind, key, day) DO UPDATE SET n = n + 1;",
    ]
    if sign == "+":
        return counts
    district = f"(SELECT {_sqlite_district('l.postcode')} FROM location l WHERE l.id = {row}.location_id)"
    gone = []
    for table, kind, key, at in (
        ("contact_count_month", "location", f"subject_id = {row}.location_id", f"month = {month}"),
        ("contact_count_month", "person", f"subject_id = {row}.person_id", f"month = {month}"),
        ("contact_count_day", "code", f"key = {row}.incident_code", f"day = {day}"),
        ("contact_count_day", "district", f"key = {district}", f"day = {day}"),
    ):
        where = f"kind = '{kind}' AND {key} AND {at}"
        gone += [f"UPDATE {table} SET n = n - 1 WHERE {where};", f"DELETE FROM {table} WHERE {where} AND n <= 0;"]
    return gone


def _sqlite_triggers() -> list[str]:
    columns = ", ".join(COUNTED)
    return [
        "CREATE TRIGGER contact_counted AFTER INSERT ON contact BEGIN " + " ".join(_sqlite_change("NEW", "+")) + " END",
        "CREATE TRIGGER contact_uncounted AFTER DELETE ON contact BEGIN "
        + " ".join(_sqlite_change("OLD", "-"))
        + " END",
        f"CREATE TRIGGER contact_recounted AFTER UPDATE OF {columns} ON contact BEGIN "
        + " ".join(_sqlite_change("OLD", "-") + _sqlite_change("NEW", "+"))
        + " END",
    ]


def _postgresql_functions(schema: str) -> list[str]:
    # SECURITY DEFINER: the counts are the owner's, kept by the trigger whoever saves the
    # contact; nobody else may write them (asbdesk.storage.roles gives supervisors SELECT).
    return [
        "CREATE OR REPLACE FUNCTION asbdesk_count_contact(c contact, delta integer) RETURNS void "
        f"LANGUAGE plpgsql SECURITY DEFINER SET search_path = {schema}, pg_catalog AS $$ "
        "DECLARE v_month date := date_trunc('month', c.started_at AT TIME ZONE 'UTC')::date; "
        "v_day date := (c.started_at AT TIME ZONE 'UTC')::date; v_district text; BEGIN "
        "IF c.location_id IS NOT NULL THEN "
        "INSERT INTO contact_count_month AS t (kind, subject_id, month, n) "
        "VALUES ('location', c.location_id, v_month, delta) "
        "ON CONFLICT (kind, subject_id, month) DO UPDATE SET n = t.n + delta; "
        f"SELECT {_district('l.postcode')} INTO v_district FROM location l WHERE l.id = c.location_id; "
        "INSERT INTO contact_count_day AS t (kind, key, day, n) VALUES ('district', v_district, v_day, delta) "
        "ON CONFLICT (kind, key, day) DO UPDATE SET n = t.n + delta; END IF; "
        "IF c.person_id IS NOT NULL THEN "
        "INSERT INTO contact_count_month AS t (kind, subject_id, month, n) VALUES ('person', c.person_id, v_month, delta) "
        "ON CONFLICT (kind, subject_id, month) DO UPDATE SET n = t.n + delta; END IF; "
        "INSERT INTO contact_count_day AS t (kind, key, day, n) VALUES ('code', c.incident_code, v_day, delta) "
        "ON CONFLICT (kind, key, day) DO UPDATE SET n = t.n + delta; "
        "IF delta < 0 THEN "
        "DELETE FROM contact_count_month WHERE kind = 'location' AND subject_id = c.location_id "
        "AND month = v_month AND n <= 0; "
        "DELETE FROM contact_count_month WHERE kind = 'person' AND subject_id = c.person_id "
        "AND month = v_month AND n <= 0; "
        "DELETE FROM contact_count_day WHERE kind = 'code' AND key = c.incident_code AND day = v_day AND n <= 0; "
        "DELETE FROM contact_count_day WHERE kind = 'district' AND key = v_district AND day = v_day AND n <= 0; "
        "END IF; END $$",
        "CREATE OR REPLACE FUNCTION asbdesk_contact_counted() RETURNS trigger "
        f"LANGUAGE plpgsql SECURITY DEFINER SET search_path = {schema}, pg_catalog AS $$ BEGIN "
        "IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM asbdesk_count_contact(OLD, -1); END IF; "
        "IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM asbdesk_count_contact(NEW, 1); END IF; "
        "RETURN NULL; END $$",
        # Called by the trigger's function only (as the owner): nobody may count by hand.
        "REVOKE ALL ON FUNCTION asbdesk_count_contact(contact, integer) FROM PUBLIC",
    ]


def _postgresql_triggers() -> list[str]:
    # Deferred to the commit: a day's count of a code is one row every desk's save updates,
    # so its lock is taken as the transaction commits, not held while the rest of the save
    # (work items, the audit entry) is written; still in the same transaction.
    deferred = "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION asbdesk_contact_counted()"
    return [
        f"CREATE CONSTRAINT TRIGGER contact_counted AFTER INSERT OR DELETE ON contact {deferred}",
        f"CREATE CONSTRAINT TRIGGER contact_recounted AFTER UPDATE OF {', '.join(COUNTED)} ON contact {deferred}",
    ]


TRIGGERS = ("contact_counted", "contact_uncounted", "contact_recounted")


def create_triggers(connection: Any) -> None:
    """The triggers (and on PostgreSQL their functions) that keep the counts."""
    if connection.dialect.name == "postgresql":
        schema = connection.execute(text("SELECT current_schema()")).scalar_one()
        statements = _postgresql_functions(f'"{schema}"') + _postgresql_triggers()
    else:
        statements = _sqlite_triggers()
    for statement in statements:
        connection.execute(text(statement))


def drop_triggers(connection: Any) -> None:
    """No more counting (a bulk load, then :func:`rebuild` and :func:`create_triggers`)."""
    on = " ON contact" if connection.dialect.name == "postgresql" else ""
    for name in TRIGGERS:
        connection.execute(text(f"DROP TRIGGER IF EXISTS {name}{on}"))


def rebuild(connection: Any) -> None:
    """Every contact counted again from scratch."""
    if connection.dialect.name == "postgresql":
        month = "date_trunc('month', c.started_at AT TIME ZONE 'UTC')::date"
        day = "(c.started_at AT TIME ZONE 'UTC')::date"
        district = _district("l.postcode")
    else:
        month, day = "substr(c.started_at, 1, 7) || '-01'", "substr(c.started_at, 1, 10)"
        district = _sqlite_district("l.postcode")
    for statement in (
        "DELETE FROM contact_count_month",
        "DELETE FROM contact_count_day",
        f"INSERT INTO contact_count_month (kind, subject_id, month, n) SELECT 'location', c.location_id, {month}, "
        f"count(*) FROM contact c WHERE c.location_id IS NOT NULL GROUP BY c.location_id, {month}",
        f"INSERT INTO contact_count_month (kind, subject_id, month, n) SELECT 'person', c.person_id, {month}, "
        f"count(*) FROM contact c WHERE c.person_id IS NOT NULL GROUP BY c.person_id, {month}",
        f"INSERT INTO contact_count_day (kind, key, day, n) SELECT 'code', c.incident_code, {day}, count(*) "
        f"FROM contact c GROUP BY c.incident_code, {day}",
        f"INSERT INTO contact_count_day (kind, key, day, n) SELECT 'district', {district}, {day}, count(*) "
        f"FROM contact c JOIN location l ON l.id = c.location_id GROUP BY {district}, {day}",
    ):
        connection.execute(text(statement))
