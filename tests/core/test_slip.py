"""The walk-in slip: plain English for the member of the public, never the handler's jargon."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from asbdesk.core.packs.registry import shipped_pack_ids
from asbdesk.core.site import Force
from asbdesk.core.slip import LABEL_WIDTH, WIDTH, SlipError, walk_in_slip
from tests.core.conftest import run, shipped

LONDON = ZoneInfo("Europe/London")
WINTER = datetime(2026, 11, 23, 14, 5, tzinfo=UTC)  # GMT: 14:05
SUMMER = datetime(2026, 7, 4, 9, 30, tzinfo=UTC)  # BST: 10:30
REFERENCE = "ASB-2026-000123"

# A walk-in for each shipped pack that fires at least one response plan.
SCENARIOS = {
    "default": {"answers": {"further_contact": True, "contact_method": "ring_back"}},
    "cambridgeshire": {},
    "avon-and-somerset": {"answers": {"q13": True}},
    "west-mercia": {"answers": {"q8": True}},
    "west-yorkshire": {"answers": {"further_contact": True, "contact_method": "visit"}},
}
LABEL = re.compile(r"^([A-Z][A-Za-z ]+:) +\S")


def walk_in(pack_id: str, now: datetime = WINTER, **extra):
    pack = shipped(pack_id)
    data = {"incident_code": next(iter(pack.codes)), "channel": "walk-in", "now": now.isoformat()}
    data.update(SCENARIOS[pack_id])
    data.update(extra)
    return run(pack_id, data)


def slip_for(pack_id: str, now: datetime = WINTER, **extra) -> tuple[str, object]:
    assessment = walk_in(pack_id, now, **extra)
    return walk_in_slip(assessment, REFERENCE, shipped(pack_id), tz=LONDON), assessment


def flat(text: str) -> str:
    return " ".join(text.split())


def test_scenarios_cover_every_shipped_pack():
    assert set(SCENARIOS) == set(shipped_pack_ids())


@pytest.mark.parametrize("pack_id", sorted(SCENARIOS))
def test_every_shipped_pack_is_walk_in_ready(pack_id):
    pack = shipped(pack_id)
    assert pack.walk_in_ready
    assert all(plan.public for plan in pack.data.responses)


@pytest.mark.parametrize("pack_id", sorted(SCENARIOS))
def test_slip_speaks_to_the_public(pack_id):
    pack = shipped(pack_id)
    text, assessment = slip_for(pack_id)
    assert assessment.response_ids, "the scenario must fire a response plan"
    joined = flat(text)
    assert text.startswith(pack.data.public.force + "\n")
    assert REFERENCE in text
    assert "23 November 2026 at 14:05" in text
    plans = {plan.id: plan for plan in pack.data.responses}
    for plan_id in assessment.response_ids:
        assert flat(plans[plan_id].public) in joined, plan_id
    assert flat(pack.data.public.contact) in joined
    assert "999" in text
    assert re.search(r"quote your reference", text, re.I)
    for line in assessment.response:
        assert flat(line) not in joined, f"internal response text on the slip: {line!r}"
    for jargon in ("CC3", "NPT", "Niche", "Storm", "SPIN", "SARA", "non crime 301", "not chosen", "+00:00"):
        assert jargon not in text, jargon


@pytest.mark.parametrize("pack_id", sorted(SCENARIOS))
def test_no_internal_text_for_any_plan_that_fires(pack_id):
    # every plan's public text differs from its internal text
    for plan in shipped(pack_id).data.responses:
        assert all(flat(line) != flat(plan.public) for line in plan.text), plan.id


@pytest.mark.parametrize(
    "when, expected",
    [(WINTER, "23 November 2026 at 14:05"), (SUMMER, "4 July 2026 at 10:30")],
    ids=["winter-GMT", "summer-BST"],
)
def test_time_is_local(when, expected):
    text, _ = slip_for("west-yorkshire", when)
    assert expected in text
    assert when.isoformat() not in text


def test_default_zone_is_the_machines():
    assessment = walk_in("west-yorkshire")
    local = WINTER.astimezone()
    text = walk_in_slip(assessment, REFERENCE, shipped("west-yorkshire"))
    assert f"{local.day} November 2026 at {local:%H:%M}" in text


def test_contact_preference_only_when_recorded():
    text, assessment = slip_for("west-yorkshire")
    assert assessment.contact_preference == "A personal visit"
    assert "By a personal visit, as you asked." in text
    pack = shipped("west-yorkshire")
    plans = {plan.id: plan for plan in pack.data.responses}
    assert flat(plans["visit"].public) in flat(text)

    text, assessment = slip_for("west-yorkshire", answers={})
    assert assessment.contact_preference is None
    assert "as you asked" not in text
    assert "How we contact you" not in text
    assert "not chosen" not in text


@pytest.mark.parametrize("pack_id", sorted(SCENARIOS))
def test_columns_are_aligned_and_width_kept(pack_id):
    text, _ = slip_for(pack_id)
    lines = text.splitlines()
    labelled = [line for line in lines if LABEL.match(line)]
    assert len(labelled) >= 4
    for line in labelled:
        label = LABEL.match(line).group(1)
        assert len(line) - len(line[len(label) :].lstrip()) == LABEL_WIDTH, line
    in_block = False
    for line in lines:
        assert len(line) <= WIDTH, line
        if LABEL.match(line):
            in_block = True
        elif not line.strip():
            in_block = False
        elif in_block:  # a wrapped value, or a further item: under the value column
            assert line.startswith(" " * LABEL_WIDTH), line
            indent = len(line) - len(line.lstrip())
            assert indent in (LABEL_WIDTH, LABEL_WIDTH + 2), line


def test_several_next_steps_are_listed_each_once():
    text, assessment = slip_for(
        "west-yorkshire",
        answers={"further_contact": True, "contact_method": "ring_back"},
        override={"risk_level": "high", "reason": "test"},
    )
    bullets = [line for line in text.splitlines() if line[LABEL_WIDTH : LABEL_WIDTH + 2] == "- "]
    assert len(bullets) == len(
        {flat(p.public) for p in shipped("west-yorkshire").data.responses if p.id in assessment.response_ids}
    )
    assert len(bullets) >= 2


def test_pack_without_public_block_refuses_the_slip(tmp_path):
    from asbdesk.core.call import Call
    from asbdesk.core.engine import Engine
    from asbdesk.core.packs import load_pack
    from tests.core.test_pack_validation import write_pack

    pack = load_pack(write_pack(tmp_path))
    assert not pack.walk_in_ready
    assessment = Engine(pack).assess(Call("801", WINTER, "walk-in"))
    with pytest.raises(SlipError, match="no wording for the public"):
        walk_in_slip(assessment, REFERENCE, pack, LONDON)


def test_same_assessment_same_slip():
    assessment = walk_in("default")
    pack = shipped("default")
    assert walk_in_slip(assessment, REFERENCE, pack, LONDON) == walk_in_slip(assessment, REFERENCE, pack, LONDON)


# ------------------------------------------------------------------ the site on the slip (issue 19)

SITE = Force(
    name="Demoshire Police",
    address=("ASB Hub", "1 Example Street", "Leeds"),
    postcode="LS1 4AP",
    phone="+441134960999",
    email="asb@demoshire.police.uk",
    website="https://www.demoshire.police.uk",
    signatory="Inspector A. Khan",
)


def test_the_site_heads_the_slip_with_the_teams_number_email_and_website():
    assessment = walk_in("default")
    text = walk_in_slip(assessment, REFERENCE, shipped("default"), tz=LONDON, force=SITE)
    assert text.splitlines()[0] == "Demoshire Police"
    assert "Your local police force" not in text
    body = flat(text)
    assert "Call our ASB team on 0113 496 0999." in body
    assert "Call 101, the police non-emergency number." in body  # beside 101, not instead of it
    assert "E-mail: asb@demoshire.police.uk" in body
    assert "Website: https://www.demoshire.police.uk" in body
    assert "In an emergency: Call 999." in body
    assert all(len(line) <= WIDTH for line in text.splitlines())


def test_a_site_without_numbers_falls_back_to_101_and_999_only():
    assessment = walk_in("default")
    text = walk_in_slip(assessment, REFERENCE, shipped("default"), tz=LONDON, force=Force(name="Demoshire Police"))
    assert text.splitlines()[0] == "Demoshire Police"
    body = flat(text)
    assert "ASB team" not in body and "E-mail" not in body and "Website" not in body
    assert "To contact us: Call 101, the police non-emergency number." in body
    assert "In an emergency: Call 999." in body


def test_without_a_site_the_slip_keeps_the_packs_force_name():
    text, _ = slip_for("west-mercia")
    assert text.splitlines()[0] == "West Mercia Police"


def test_the_slip_for_the_public_does_not_change_with_the_caller():
    # Issue 21.7: who called goes in the log, never on the slip handed over at the counter.
    caller = {
        "name": "Elsie Garside",
        "phone": "0113 496 0555",
        "address": {"line1": "4 Canal Row", "postcode": "LS1 4AP"},
    }
    without, plain = slip_for("default")
    with_caller, known = slip_for("default", caller=caller)
    assert known.caller is not None and plain.caller is None
    assert with_caller == without
    for said in ("Elsie", "Garside", "0113", "496", "Canal Row", "LS1 4AP"):
        assert said not in with_caller
