"""Demo data: realistic, plainly fictional callers so a newcomer sees the product working.

Every person is invented; phone numbers are in Ofcom's ranges reserved for drama
(e.g. 0113 496 0xxx), so none can ring a real line. Each contact is assessed
through the real engine and saved through the real storage API.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from asbdesk.core.call import Call
from asbdesk.core.engine import Engine
from asbdesk.core.packs import Pack
from asbdesk.core.render import render_text
from asbdesk.storage.records import Actor, AddressInput, ContactRecord, FlagRequest, NewPerson
from asbdesk.storage.store import Store

DEMO_OPERATOR = Actor("demo", "demo-desk")
DEMO_SUPERVISOR = Actor("demo-supervisor", "demo-desk")
DEMO_USERS = (
    ("demo", "Demo Call Handler", "call_handler"),
    ("demo-counter", "Demo Front Counter", "front_counter"),
    ("demo-supervisor", "Demo Supervisor", "supervisor"),
    ("demo-trainer", "Demo Trainer", "trainer"),
    ("demo-admin", "Demo Administrator", "administrator"),
)

GIVEN = [
    "Amira",
    "Ben",
    "Carys",
    "Dev",
    "Elsie",
    "Farid",
    "Grace",
    "Harvey",
    "Isla",
    "Jamal",
    "Kerry",
    "Leon",
    "Maisie",
    "Nuala",
    "Oskar",
    "Priya",
    "Quentin",
    "Rhian",
    "Stan",
    "Tomasz",
    "Uma",
    "Vera",
    "Wyn",
    "Zoë",
]
FAMILY = [
    "Ashdown",
    "Brackley",
    "Cobbold",
    "Dunmore",
    "Ellery",
    "Fenwick",
    "Garside",
    "Holroyd",
    "Ibbotson",
    "Jowett",
    "Kershaw",
    "Lumb",
    "Murgatroyd",
    "Nuttall",
    "O’Hara",
    "Pickles",
    "Quarmby",
    "Roebuck",
    "Sugden",
    "Thackray",
    "Uttley",
    "Varley",
    "Whiteley",
    "Yeadon",
]
STREETS = [
    ("Larkspur Close", "LS6 2QT", "Leeds"),
    ("Canal Wharf", "LS11 5PS", "Leeds"),
    ("Mill Lane", "BD1 4RL", "Bradford"),
    ("Chapel Fold", "HX1 2JR", "Halifax"),
    ("Station Road", "WF1 1XY", "Wakefield"),
    ("Beck Side", "HD1 3LT", "Huddersfield"),
]
DRAMA_PREFIXES = ["0113 496 0", "0114 496 0", "0117 496 0", "0121 496 0", "0161 496 0", "020 7946 0"]


@dataclass(frozen=True)
class DemoSummary:
    people: int
    contacts: int
    flags: int
    repeat_callers: int


def ensure_demo(store: Store, pack: Pack, now: datetime) -> DemoSummary | None:
    """Fill an empty database with the demo; leave one that already holds people alone."""
    from sqlalchemy import func, select

    from asbdesk.storage.models import Person

    with store.engine.connect() as connection:
        if connection.execute(select(func.count()).select_from(Person)).scalar():
            return None
    return build_demo(store, pack, now)


def build_demo(store: Store, pack: Pack, now: datetime, seed: int = 2026) -> DemoSummary:
    rng = random.Random(seed)
    for username, name, role in DEMO_USERS:
        store.ensure_user(username, name, role)
    engine = Engine(pack)
    codes = [c for c in pack.codes]
    people = []
    for i in range(36):
        street, code, town = STREETS[i % len(STREETS)]
        number = f"{rng.randint(1, 60)} {street}"
        phones = (f"{DRAMA_PREFIXES[i % len(DRAMA_PREFIXES)]}{rng.randint(0, 999):03d}",)
        people.append(
            store.add_person(
                DEMO_OPERATOR,
                NewPerson(
                    GIVEN[i % len(GIVEN)],
                    FAMILY[(i * 7 + i // len(GIVEN)) % len(FAMILY)],
                    phones,
                    (AddressInput(number, code, town),),
                ),
            )
        )
    contacts = 0
    repeat_callers = 0
    for index, person in enumerate(people):
        if index % 6 == 0:  # a repeat caller: 3 or more in the last 30 days
            days = sorted(rng.sample(range(1, 29), 3))
            repeat_callers += 1
        else:
            days = sorted(rng.sample(range(3, 120), rng.randint(0, 3)))
        for day in reversed(days):
            started = now - timedelta(days=day, hours=rng.randint(0, 12), minutes=rng.randint(0, 59))
            answers = _answers(rng, pack)
            assessment = engine.assess(
                Call(rng.choice(codes[:3]) if len(codes) > 3 else codes[0], started, "phone", answers)
            )
            store.save_contact(
                DEMO_OPERATOR,
                ContactRecord(
                    uuid=str(uuid.UUID(int=rng.getrandbits(128))),
                    started_at=started,
                    saved_at=started + timedelta(minutes=rng.randint(4, 12)),
                    assessment=assessment.to_dict(),
                    answers={k: list(v) if isinstance(v, tuple) else v for k, v in answers.items()},
                    log_text=render_text(assessment),
                    person_id=person.id,
                    location_id=person.locations[0].id,
                ),
            )
            contacts += 1
    flags = 0
    flagged = [
        FlagRequest(
            "vulnerable_victim",
            negate_risk="Lives alone; hard of hearing: speak slowly and confirm details.",
            officer_action="Visit in person; do not leave a card.",
            inform="PCSO for the ward",
            person_id=people[0].id,
        ),
        FlagRequest(
            "location",
            negate_risk="Repeat ASB location: youths gather in the alley behind the shops.",
            officer_action="Check the rear alley on arrival.",
            inform="NPT sergeant",
            location_id=people[1].locations[0].id,
        ),
        FlagRequest(
            "warning_marker",
            negate_risk="Caller's neighbour has been violent towards officers.",
            officer_action="Attend in pairs.",
            phone=people[2].phones[0],
        ),
    ]
    for request in flagged:
        flag = store.request_flag(DEMO_OPERATOR, request)
        store.authorise_flag(DEMO_SUPERVISOR, flag.id, "Necessary: see the request")
        flags += 1
    store.request_flag(
        DEMO_OPERATOR, FlagRequest("repeat_victim", negate_risk="Three calls this month.", person_id=people[6].id)
    )
    flags += 1
    return DemoSummary(len(people), contacts, flags, repeat_callers)


def _answers(rng: random.Random, pack: Pack) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for qid, question in pack.questions.items():
        if question.show_if is not None or rng.random() < 0.5:
            continue
        if question.type == "yes_no":
            answers[qid] = rng.random() < 0.25
        elif question.type == "single":
            answers[qid] = rng.choice(question.options).id
    return answers
