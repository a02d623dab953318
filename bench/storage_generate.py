"""Generate a realistic large asbdesk database for the storage benchmarks.

Default scale: 1,000,000 people and 5,000,000 contacts (a large force keeps years
of ASB: the Met alone recorded 419,765 ASB incidents in 2010/11, seed 003).
The schema comes from the real migrations; rows are bulk-loaded (COPY on
PostgreSQL) with the contact indexes rebuilt afterwards.

    python bench/storage_generate.py --database sqlite:////tmp/bench.sqlite
    python bench/storage_generate.py --database postgresql://postgres@127.0.0.1/asbdesk_bench --create
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import string
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from asbdesk.core.normalise import name_key
from asbdesk.storage import counts
from asbdesk.storage import models as m
from asbdesk.storage.database import make_engine, normalise_url, upgrade

NOW = datetime(2026, 11, 23, 14, 5, tzinfo=UTC)
CODES = [
    ("801", "personal"),
    ("802", "nuisance"),
    ("803", "environmental"),
    ("804", "personal"),
    ("405", "other"),
    ("480", "other"),
]
AREA = ["113", "114", "117", "121", "161", "1223", "1603", "1904", "20"]
TOWNS = ["Leeds", "Sheffield", "Bristol", "Birmingham", "Manchester", "Cambridge", "Norwich", "York", "London"]
STREET_WORDS = [
    "Mill",
    "Chapel",
    "Station",
    "Beck",
    "Canal",
    "Church",
    "Park",
    "Victoria",
    "Albert",
    "Moor",
    "Bank",
    "Croft",
]
STREET_KINDS = ["Road", "Lane", "Street", "Close", "Fold", "Row", "Terrace", "Avenue"]


def syllable_names(rng: random.Random, count: int) -> list[str]:
    vowels, consonants = "aeiouy", "bcdfghjklmnprstvwz"
    names = set()
    while len(names) < count:
        parts = [rng.choice(consonants).upper()]
        for _ in range(rng.randint(2, 4)):
            parts.append(rng.choice(vowels) + rng.choice(consonants))
        names.add("".join(parts))
    return sorted(names)


def postcode(rng: random.Random) -> str:
    outward = rng.choice(["LS", "S", "BS", "B", "M", "CB", "NR", "YO", "N", "SE", "HD", "BD"]) + str(rng.randint(1, 29))
    return f"{outward} {rng.randint(0, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"


def contacts_per_person(rng: random.Random, people: int, contacts: int, cap: int = 800) -> list[int]:
    """Zipf-like contacts per person: about half the callers call once, most of the rest
    two to five times, and a few (repeat victims, nuisance neighbours) hundreds of times.
    People are drawn in random order until ``contacts`` are placed; the rest have none
    (known from another caller's report or an address)."""
    counts = [0] * people
    order = list(range(people))
    rng.shuffle(order)
    left = contacts
    for i in order:
        if left <= 0:
            break
        n = min(cap, left, int(rng.paretovariate(1.1)))
        counts[i] = n
        left -= n
    for _ in range(left):  # more contacts than this distribution gives people: spread the rest
        counts[rng.randrange(people)] += 1
    return counts


def real_payloads() -> list[tuple[str, str, str]]:
    """A few real assessments rendered by asbdesk.core (answers, assessment JSON, log text),
    with @REF@ and @NOW@ where each contact's reference and time go."""
    from asbdesk.core.call import Call
    from asbdesk.core.engine import Engine
    from asbdesk.core.packs.registry import resolve_pack
    from asbdesk.core.render import render_text

    engine = Engine(resolve_pack("default"))
    out = []
    for _n, answers in enumerate(
        [
            {"weapons": False, "hate": False},
            {"weapons": False, "hate": True},
            {"weapons": True, "hate": False},
            {"weapons": False, "hate": False, "children": True},
        ]
    ):
        assessment = engine.assess(Call("801", NOW, "phone", answers, reference="@REF@"))
        data = assessment.to_dict()
        data["now"] = "@NOW@"
        text_ = render_text(assessment).replace(NOW.strftime("%d %b %Y %H:%M UTC"), "@NOW@")
        out.append((json.dumps(answers), json.dumps(data), text_))
    return out


def stamp(moment: datetime, backend: str) -> str:
    if backend == "sqlite":  # SQLAlchemy's SQLite DateTime text format, naive UTC
        return moment.strftime("%Y-%m-%d %H:%M:%S.%f")
    return moment.isoformat()


def generate(url: str, people: int, contacts: int, seed: int, create: bool, light: bool = False) -> None:
    url = normalise_url(url)
    backend = make_url(url).get_backend_name()
    if create and backend == "postgresql":
        target = make_url(url)
        admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{target.database}"'))
        admin.dispose()
    engine = make_engine(url)
    upgrade(engine)
    rng = random.Random(seed)
    given = syllable_names(rng, 600)
    family = syllable_names(rng, 4000)
    started = time.perf_counter()
    created = stamp(NOW - timedelta(days=2000), backend)

    locations = max(1, people * 2 // 5)

    def location_rows() -> Iterator[tuple]:
        seen = set()
        for i in range(1, locations + 1):
            code = postcode(rng)
            line1 = f"{rng.randint(1, 400)} {rng.choice(STREET_WORDS)} {rng.choice(STREET_KINDS)}"
            while (code, line1) in seen:
                line1 = f"{rng.randint(1, 9999)}{rng.choice(string.ascii_uppercase)} {rng.choice(STREET_WORDS)} {rng.choice(STREET_KINDS)}"
            seen.add((code, line1))
            yield (i, line1, rng.choice(TOWNS), code, code.replace(" ", ""), name_key(line1), created)

    person_location = [rng.randint(1, locations) for _ in range(people)]

    def person_rows() -> Iterator[tuple]:
        for i in range(1, people + 1):
            g, f = rng.choice(given), rng.choice(family)
            yield (i, g, f, name_key(g), name_key(f), created)

    def phone_rows() -> Iterator[tuple]:
        numbers = set()
        pid = 0
        for person in range(1, people + 1):
            for _ in range(2 if rng.random() < 0.2 else 1):
                area = rng.choice(AREA)
                while True:
                    number = f"+44{area}{rng.randint(0, 10 ** (10 - len(area)) - 1):0{10 - len(area)}d}"
                    if number not in numbers:
                        break
                numbers.add(number)
                pid += 1
                yield (pid, person, number)

    def link_rows() -> Iterator[tuple]:
        yield from enumerate(person_location, 1)

    per_person = contacts_per_person(rng, people, contacts)
    # --light: an empty assessment and log (a few bytes a contact, not 15-19 KB), so the
    # reference 1M / 5M fits on disk for benchmarks that never read the payload (the
    # supervisor's queues and reports); the lookups' benchmark needs the real ones.
    payloads = [("{}", "{}", "")] if light else real_payloads()

    def contact_rows() -> Iterator[tuple]:
        cid = 0
        for person, n in enumerate(per_person, 1):
            location = person_location[person - 1]
            for _ in range(n):
                cid += 1
                code, category = rng.choice(CODES)
                when = NOW - timedelta(minutes=rng.randint(1, 5 * 365 * 24 * 60))
                level = rng.choices(["standard", "medium", "high"], [80, 17, 3])[0]
                reference = f"ASB-{when.year}-{cid:07d}"
                answers, assessment, log_text = payloads[cid % len(payloads)]
                # The same real payload, made this contact's: its reference, time and code.
                moment = when.isoformat()
                assessment = (
                    assessment.replace("@REF@", reference)
                    .replace("@NOW@", moment)
                    .replace('"code": "801"', f'"code": "{code}"')
                )
                log_text = log_text.replace("@REF@", reference).replace("@NOW@", when.strftime("%d %b %Y %H:%M UTC"))
                yield (
                    cid,
                    str(uuid.UUID(int=rng.getrandbits(128))),
                    reference,
                    "phone",
                    stamp(when, backend),
                    stamp(when + timedelta(minutes=7), backend),
                    f"handler-{cid % 60:02d}",  # 60 call handlers (a dip sample is stratified by them)
                    "bench-ws",
                    person,
                    location,
                    code,
                    category,
                    "default",
                    "1.0",
                    "0" * 64,
                    level,
                    "response" if level != "standard" else "no_attendance",
                    {"standard": "green", "medium": "amber", "high": "red"}[level],
                    False,
                    False,
                    None,
                    None,
                    None,
                    None,
                    None,
                    answers,
                    assessment,
                    log_text,
                    None,  # call_input (migration 0010): a generated contact keeps no call, as one saved before it
                )

    def flag_rows() -> Iterator[tuple]:
        fid = 0
        for person in rng.sample(range(1, people + 1), max(1, people // 100)):
            fid += 1
            yield (
                fid,
                "vulnerable_victim",
                "active",
                person,
                None,
                None,
                "Speak slowly",
                "",
                "",
                "",
                "bench",
                created,
                "bench-super",
                created,
                None,
                None,
                None,
                None,
                None,
                "Bench: necessary",  # necessity (migration 0005)
                None,  # refusal_reason
            )
        for location in rng.sample(range(1, locations + 1), max(1, locations // 200)):
            fid += 1
            yield (
                fid,
                "location",
                "active",
                None,
                None,
                location,
                "Repeat location",
                "",
                "",
                "",
                "bench",
                created,
                "bench-super",
                created,
                None,
                None,
                None,
                None,
                None,
                "Bench: necessary",  # necessity (migration 0005)
                None,  # refusal_reason
            )

    contact_columns = [c.name for c in m.Contact.__table__.columns]
    flag_columns = [c.name for c in m.Flag.__table__.columns]
    tables = [
        ("location", ["id", "line1", "town", "postcode", "postcode_key", "line1_key", "created_at"], location_rows),
        ("person", ["id", "given_name", "family_name", "given_key", "family_key", "created_at"], person_rows),
        ("phone", ["id", "person_id", "e164"], phone_rows),
        ("person_location", ["person_id", "location_id"], link_rows),
        ("contact", contact_columns, contact_rows),
        ("flag", flag_columns, flag_rows),
    ]
    with engine.begin() as connection:
        for index in m.Contact.__table__.indexes:
            index.drop(connection)
        counts.drop_triggers(connection)  # counted once, after the load
    for table, columns, rows in tables:
        t0 = time.perf_counter()
        if backend == "postgresql":
            raw = engine.raw_connection()
            try:
                with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                    for row in rows():
                        copy.write_row(row)
                raw.commit()
            finally:
                raw.close()
        else:
            db = sqlite3.connect(make_url(url).database, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=OFF")
            db.execute("BEGIN")
            placeholders = ", ".join("?" for _ in columns)
            batch = []
            for row in rows():
                batch.append(row)
                if len(batch) == 50_000:
                    db.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})", batch)
                    batch.clear()
            if batch:
                db.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})", batch)
            db.execute("COMMIT")
            db.close()
        print(f"  {table}: loaded in {time.perf_counter() - t0:.1f} s", flush=True)
    t0 = time.perf_counter()
    with engine.begin() as connection:
        for index in m.Contact.__table__.indexes:
            index.create(connection)
        counts.rebuild(connection)
        counts.create_triggers(connection)
        user_table = m.User.__table__
        connection.execute(
            user_table.insert(),
            [
                {
                    "username": "bench",
                    "display_name": "Bench Handler",
                    "role": "call_handler",
                    "active": True,
                    "created_at": NOW,
                },
                {
                    "username": "bench-super",
                    "display_name": "Bench Supervisor",
                    "role": "supervisor",
                    "active": True,
                    "created_at": NOW,
                },
            ],
        )
        if backend == "postgresql":
            connection.execute(text(f"SELECT setval('contact_reference_seq', {contacts})"))
            for table in ("person", "phone", "location", "contact", "flag"):
                connection.execute(
                    text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
                )
            connection.execute(text("ANALYZE"))
        else:
            connection.execute(text("UPDATE counter SET value = :v WHERE name = 'contact_reference'"), {"v": contacts})
            connection.execute(text("ANALYZE"))
    print(f"  indexes, counts and statistics: {time.perf_counter() - t0:.1f} s", flush=True)
    print(f"generated {people:,} people, {contacts:,} contacts in {time.perf_counter() - started:.0f} s: {url}")
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--contacts", type=int, default=5_000_000)
    parser.add_argument("--seed", type=int, default=419765)
    parser.add_argument("--create", action="store_true", help="(PostgreSQL) drop and create the database first")
    parser.add_argument(
        "--light", action="store_true", help="empty payloads: the full 1M / 5M in a few GB (supervisor benchmark)"
    )
    args = parser.parse_args()
    generate(args.database, args.people, args.contacts, args.seed, args.create, args.light)


if __name__ == "__main__":
    main()
