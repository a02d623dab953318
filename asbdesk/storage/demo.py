"""Demo data: realistic, plainly fictional callers so a newcomer sees the product working.

Every person is invented; phone numbers are in Ofcom's ranges reserved for drama
(e.g. 0113 496 0xxx), so none can ring a real line. Each contact is assessed
through the real engine and saved through the real storage API.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from asbdesk.core.call import Call, CallerDetails, address_line, call_to_json, make_override
from asbdesk.core.engine import Engine
from asbdesk.core.packs import Pack
from asbdesk.core.render import render_text
from asbdesk.core.site import Force
from asbdesk.core.vocabulary import RECONTACT_METHODS
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

# Why a demo operator overrode the grade: (to a more urgent one, to a less urgent one).
OVERRIDE_REASONS = (
    "Caller sounded frightened and the group is still outside: officers should attend now.",
    "Caller known to the ward team, who are visiting tomorrow: a PCSO visit suits.",
)

# Why each demo flag was authorised (the supervisor "assesses their necessity", seed 002).
NECESSITY = (
    "Lives alone and cannot hear callers clearly: call takers must know at once.",
    "Three reports from this alley in a month: officers need the rear access.",
    "Violence towards officers recorded: attending alone is unsafe.",
)


def demo_actor(role: str) -> Actor:
    """The demo user of ``role`` (``asbdesk --demo --as supervisor``)."""
    for username, _name, user_role in DEMO_USERS:
        if user_role == role:
            return Actor(username, "demo-desk")
    raise ValueError(f"no demo user has the role '{role}'")


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


# The demo's force (issue 19): plainly fictional, with a phone number in Ofcom's drama range,
# so the slip and the letter show what a force's own site gives them.
DEMO_FORCE = Force(
    name="Demoshire Police (fictional: asbdesk demo)",
    address=("Anti-Social Behaviour Hub", "Demoshire Police Headquarters", "1 Example Street", "Leeds"),
    postcode="LS1 4AP",
    phone="+441134960999",
    email="asb.hub@demoshire.police.example",
    website="https://demoshire.police.example",
    signatory="Inspector Demo Signatory, ASB Hub",
)


def ensure_demo(store: Store, pack: Pack, now: datetime) -> DemoSummary | None:
    """Fill an empty database with the demo; leave one that already holds people alone
    (but give it the demo site if it has none: demo databases made before issue 19)."""
    from sqlalchemy import func, select

    from asbdesk.storage.models import Person

    with store.engine.connect() as connection:
        if connection.execute(select(func.count()).select_from(Person)).scalar():
            if store.site() is None:
                store.ensure_user("demo-admin", "Demo Administrator", "administrator")
                store.set_site(demo_actor("administrator"), DEMO_FORCE)
            return None
    return build_demo(store, pack, now)


def open_demo(pack_id: str, now: datetime) -> Store:
    """The demo database of a shipped pack, made on first use (``asbdesk --demo [--pack ID]``)."""
    from asbdesk import paths
    from asbdesk.core.packs.registry import resolve_pack

    pack = resolve_pack(pack_id)
    store = Store.open(paths.demo_database_url(pack.id), migrate=True)
    try:
        ensure_demo(store, pack, now)
    except BaseException:
        store.close()
        raise
    return store


def build_demo(store: Store, pack: Pack, now: datetime, seed: int = 2026) -> DemoSummary:
    rng = random.Random(seed)
    for username, name, role in DEMO_USERS:
        store.ensure_user(username, name, role)
    store.set_site(demo_actor("administrator"), DEMO_FORCE)
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
    counter = demo_actor("front_counter")
    saved = 0
    for index, person in enumerate(people):
        place = person.locations[0]
        # Who called, as the log says it (issue 21.7); their flags come later, below.
        caller = CallerDetails(
            person.name,
            person.phones[0] if person.phones else None,
            address_line(place.line1, place.town, place.postcode),
        )
        if index % 6 == 0:  # a repeat caller: 3 or more in the last 30 days
            days = sorted(rng.sample(range(1, 29), 3))
            repeat_callers += 1
        else:
            days = sorted(rng.sample(range(3, 120), rng.randint(0, 3)))
        for day in reversed(days):
            started = now - timedelta(days=day, hours=rng.randint(0, 12), minutes=rng.randint(0, 59))
            answers = _answers(rng, pack)
            saved += 1
            # Work for the demo supervisor (issue 10): every fourth caller asked to be rung
            # back or e-mailed; every sixth contact's grade was overridden, with a reason.
            if saved % 4 == 1 and "contact_method" in pack.questions:
                answers.update(further_contact=True, contact_method=rng.choice(RECONTACT_METHODS))
            walk_in = saved % 4 == 0 and pack.data.public is not None
            call = Call(
                rng.choice(codes[:3]) if len(codes) > 3 else codes[0],
                started,
                "walk-in" if walk_in else "phone",
                answers,
                # E-mail chosen: the address the caller gave (issue 22.2), fictional (example.org).
                caller=replace(caller, email=_demo_email(person.name))
                if answers.get("contact_method") == "email"
                else caller,
            )
            assessment = engine.assess(call)
            if saved % 6 == 0:
                order = [g.id for g in pack.grade_order]  # most urgent first
                chosen = order[min(order.index(assessment.grade) + 1, len(order) - 1)]
                if chosen == assessment.grade:
                    chosen = order[order.index(assessment.grade) - 1]
                lower = order.index(chosen) > order.index(assessment.grade)
                reason = OVERRIDE_REASONS[lower]
                call = replace(call, override=make_override(pack, "grade", chosen, reason))
                assessment = engine.assess(call)
            store.save_contact(
                counter if walk_in else DEMO_OPERATOR,
                ContactRecord(
                    uuid=str(uuid.UUID(int=rng.getrandbits(128))),
                    started_at=started,
                    saved_at=started + timedelta(minutes=rng.randint(4, 12)),
                    assessment=assessment.to_dict(),
                    answers={k: list(v) if isinstance(v, tuple) else v for k, v in answers.items()},
                    log_text=render_text(assessment),
                    person_id=person.id,
                    location_id=person.locations[0].id,
                    call=call_to_json(call),
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
    for n, request in enumerate(flagged):
        flag = store.request_flag(DEMO_OPERATOR, request)
        # The last one is overdue for its monthly review (its review date six days ago).
        review = (now - timedelta(days=6)).date() if n == len(flagged) - 1 else None
        store.authorise_flag(DEMO_SUPERVISOR, flag.id, NECESSITY[n], review_due=review)
        flags += 1
    store.request_flag(
        DEMO_OPERATOR, FlagRequest("repeat_victim", negate_risk="Three calls this month.", person_id=people[6].id)
    )
    store.request_flag(
        counter,
        FlagRequest(
            "vulnerable_victim",
            negate_risk="Uses a wheelchair; the caller's carer visits mornings only.",
            officer_action="Arrange visits for the afternoon.",
            person_id=people[12].id,
        ),
    )
    flags += 2
    _older_work_done(store, now)
    return DemoSummary(len(people), contacts, flags, repeat_callers)


def _demo_email(name: str) -> str:
    """A fictional caller's e-mail address at example.org (RFC 2606: never anyone's)."""
    return ".".join("".join(c for c in part.lower() if "a" <= c <= "z") for part in name.split()) + "@example.org"


def _older_work_done(store: Store, now: datetime) -> None:
    """The demo supervisor has kept up: occurrences are recorded up to two weeks ago,
    re-contacts made and overrides reviewed up to six weeks ago; the queues hold the rest."""
    from asbdesk.storage import supervision

    for item in supervision.review_items(store, DEMO_SUPERVISOR):
        weeks = 2 if item.kind == "occurrence" else 6
        if item.created_at >= now - timedelta(weeks=weeks):
            continue
        if item.kind == "occurrence":
            supervision.record_occurrence(store, DEMO_SUPERVISOR, item.id, f"PSO-{item.id:06d}")
        elif item.kind == "recontact":
            # Allocated, tried (an e-mail sent first, or a ring back unanswered), then reached.
            supervision.allocate_recontact(store, DEMO_SUPERVISOR, item.id, "PCSO 4471 Dar")
            first = "email_sent" if item.details.get("method") == "email" else "no_answer"
            tried = item.created_at + timedelta(hours=20)
            supervision.record_attempt(store, DEMO_SUPERVISOR, item.id, first, at=tried)
            supervision.record_attempt(store, DEMO_SUPERVISOR, item.id, "reached", at=tried + timedelta(hours=3))
            supervision.record_recontact(store, DEMO_SUPERVISOR, item.id, "reached", note="Spoke to the caller.")
        elif item.kind == "override":
            supervision.review_override(
                store, DEMO_SUPERVISOR, item.id, True, "Agreed: the reason given justifies the change."
            )


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
