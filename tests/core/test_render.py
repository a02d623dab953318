"""Golden tests of the graded log as text: same assessment, same bytes.

The expected logs are syrupy snapshots, one plain-text file each in
``__snapshots__/test_render/``. After a deliberate change to the log, regenerate them with
``.venv/bin/pytest tests/core/test_render.py --snapshot-update`` and read the diff.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

from asbdesk.core.call import RequestedFlag
from asbdesk.core.engine import Engine
from asbdesk.core.packs.registry import resolve_pack
from asbdesk.core.render import local_time, render_text, repeat_status
from tests.core.conftest import ago, run

LONDON = ZoneInfo("Europe/London")

CASES = {
    "default_emergency_repeat": (
        "default",
        {
            "incident_code": "801",
            "reference": "ASB-2026-000123",
            "answers": {
                "immediate_danger": False,
                "weapons": True,
                "weapons_type": "kitchen knife",
                "before": True,
                "how_often": "every weekend since August",
                "hate": False,
                "vulnerable": True,
                "vulnerability_factors": ["age", "ill_health"],
                "ram_how_often": "frequently",
                "ram_how_affected": "health_affected",
                "ram_know_offenders": "yes",
                "further_contact": True,
                "contact_method": "ring_back",
                "consent": True,
            },
            "declined": {"dm_pattern": "not_safe_to_ask"},
            "history": [
                {"occurred_at": ago(days=6), "incident_code": "801"},
                {"occurred_at": ago(days=20), "incident_code": "802"},
            ],
            "rationale": {"threat": "Neighbour seen with a knife on the landing.", "vulnerability": "Caller is 84."},
            # Who called, with the active flag's instructions (issue 21.7): the phone typed
            # in one format, printed in the UK national one.
            "caller": {
                "name": "Elsie Garside",
                "phone": "+44 113 496 0555",
                "address": {"line1": "4 Canal Row", "town": "Leeds", "postcode": "ls14ap"},
                "flags": [
                    {
                        "kind": "vulnerable_victim",
                        "on": "person",
                        "negate_risk": "Lives alone; hard of hearing",
                        "officer_action": "Visit in person; do not leave a card",
                        "inform": "NPT sergeant, Leeds North West",
                        "linked_references": "ASB-2026-000098",
                    },
                    {"kind": "location", "on": "location", "officer_action": "Check the rear alley"},
                ],
            },
        },
    ),
    # An override lowers high to medium after the operator acknowledged SAFEGUARDING and wrote
    # why the partnership referral was not made: both stay in the log (issue 21.7). A caller
    # known by the phone number only.
    "default_recorded_after_override": (
        "default",
        {
            "incident_code": "802",
            "answers": {
                "immediate_danger": False,
                "vulnerable": True,
                "vulnerability_factors": ["age"],
                "dm_pattern": "escalating",
                "dm_harm": "significant",
                "consent": False,
            },
            "acknowledged": ["high_risk_priority"],
            "consent_not_made": {"partnership_system": "Caller fears the neighbour will find out"},
            "shared_without_consent": {"case_conference": "Safeguarding: the caller is 84 and lives alone"},
            "override": {"risk_level": "medium", "reason": "Offender arrested and bailed away from the street."},
            "caller": {"phone": "0113 496 0999"},
        },
    ),
    # Child protection concerns: the referrals that need consent are made without it and the
    # log says why in seed 003's words (Annex D.3, consent form).
    "cambridgeshire_child_protection": (
        "cambridgeshire",
        {
            "incident_code": "personal",
            "answers": {
                "national_immediate_danger": False,
                "ch_before": False,
                "ch_vulnerable": False,
                "dm_pattern": "regular",
                "dm_harm": "significant",
                "consent": False,
                "child_protection": True,
            },
        },
    ),
    "cambridgeshire_override": (
        "cambridgeshire",
        {
            "incident_code": "nuisance",
            "channel": "walk-in",
            "answers": {
                "ch_before": False,
                "ch_vulnerable": False,
                "dm_pattern": "regular",
                "dm_harm": "significant",
                "consent": False,
            },
            "override": {"risk_level": "medium", "reason": "Music noise only; caller says she is not frightened."},
        },
    ),
}


class TextLog(SingleFileSnapshotExtension):
    """A snapshot is the log itself, as a .txt file a reviewer reads in a diff."""

    _write_mode = WriteMode.TEXT
    file_extension = "txt"


@pytest.fixture
def golden(snapshot):
    return snapshot.use_extension(TextLog)


@pytest.mark.parametrize("name", sorted(CASES))
def test_text_log_matches_golden(name, golden):
    pack, data = CASES[name]
    result = run(pack, data)
    # The pack's hash changes with any edit to the pack; its presence is checked below.
    text = render_text(result, LONDON).replace(result.pack_hash, "<pack content hash>")
    assert text == golden


def test_rendering_is_deterministic():
    pack, data = CASES["default_emergency_repeat"]
    assert render_text(run(pack, data), LONDON) == render_text(run(pack, data), LONDON)


def test_lines_fit_for_pasting():
    pack, data = CASES["default_emergency_repeat"]
    assert max(len(line) for line in render_text(run(pack, data)).splitlines()) <= 78 + len("sha256:") + 64


def test_log_holds_what_the_issue_lists():
    pack, data = CASES["default_emergency_repeat"]
    result = run(pack, data)
    text = render_text(result)
    for needle in [
        "Reference:            ASB-2026-000123",
        "Channel:              Phone",
        "Incident:             801 Personal ASB (category: personal)",
        "Matrix score:         12 of 31",
        "3 incidents in the last 30 days, this one included (2 before it): repeat",
        "[EMERGENCY]",
        "Grade:                Emergency",
        "RAG:                  RED",
        "[weapons_type] What type?",
        "Answer: kitchen knife",
        "Answer: not answered: not safe to ask",
        "Contact preference:   A ring back",
        "Consent to sharing:   yes",
        "Threat:               Neighbour seen with a knife on the landing.",
        "Harm:                 -",
        f"sha256:{result.pack_hash}",
        "Pack:                 default version 1.0",
    ]:
        assert needle in text, needle


def test_override_and_walk_in_in_log():
    pack, data = CASES["cambridgeshire_override"]
    text = render_text(run(pack, data))
    assert "Channel:              Walk-in (front counter)" in text
    assert "computed high, chosen medium (lower)" in text
    assert "Reason:               Music noise only; caller says she is not frightened." in text
    assert "Supervisor review:    required" in text


def test_repeat_status_wording():
    one = run("cambridgeshire", {"incident_code": "personal"})
    assert repeat_status(one.repeat) == (
        "1 incident in the last 30 days, this one included (0 before it): not a repeat victim (3 or more make a repeat victim)"
    )


def test_times_are_local_with_the_zone_named_winter_and_summer():
    assert local_time(datetime(2026, 11, 23, 14, 5, 59, 123456, tzinfo=UTC), LONDON) == "23 Nov 2026 14:05 GMT"
    assert local_time(datetime(2026, 7, 1, 14, 5, tzinfo=UTC), LONDON) == "1 Jul 2026 15:05 BST"


def test_log_time_is_local_not_iso():
    pack, data = CASES["cambridgeshire_override"]
    text = render_text(run(pack, data), LONDON)
    time_line = next(line for line in text.splitlines() if line.startswith("  Time:"))
    assert time_line == "  Time:                 23 Nov 2026 14:05 GMT"  # not 2026-11-23T14:05:00+00:00


def test_acknowledgements_operator_and_flag_requests_are_in_the_log():
    from tests.core.conftest import NOW

    engine = Engine(resolve_pack("default"))
    from asbdesk.core.call import Call

    call = Call("801", NOW, answers={"immediate_danger": True}, operator="ann")
    fired = engine.assess(call)
    emergency = next(p for p in fired.prompts if p.kind == "emergency")
    assert "NOT ACKNOWLEDGED" in render_text(fired, LONDON)
    assert fired.unacknowledged() == (emergency,)
    flag = RequestedFlag("vulnerable_victim", "person", negate_risk="Lives alone")
    acknowledged = engine.assess(
        Call(
            "801",
            NOW,
            answers={"immediate_danger": True},
            operator="ann",
            acknowledged={emergency.id: NOW},
            flag_requests=(flag,),
        )
    )
    text = render_text(acknowledged, LONDON)
    assert "NOT ACKNOWLEDGED" not in text and acknowledged.unacknowledged() == ()
    assert f"Acknowledged by the operator at {local_time(NOW, LONDON)}" in text
    assert "Operator:             ann" in text
    flat = " ".join(text.split())
    assert (
        "FLAGS REQUESTED" in text
        and "vulnerable victim on the caller (requested, awaiting supervisor); negate risk: Lives alone" in flat
    )
    stored = acknowledged.to_dict()
    assert (
        stored["acknowledged"] == {emergency.id: NOW.isoformat()}
        and stored["flag_requests"][0]["kind"] == "vulnerable_victim"
    )


# ---------------------------------------------------------------- who called (issue 21.7)


def caller_section(text: str) -> list[str]:
    lines = text.splitlines()
    start = lines.index("CALLER")
    return lines[start : lines.index("", start)]


def test_the_log_says_who_called_and_what_each_flag_says_to_do():
    pack, data = CASES["default_emergency_repeat"]
    assert caller_section(render_text(run(pack, data))) == [
        "CALLER",
        "  Name:                 Elsie Garside",
        "  Phone:                0113 496 0555",  # typed "+44 113 496 0555": printed as a UK reader dials it
        "  Address:              4 Canal Row, Leeds, LS1 4AP",
        "  Active flags:         2",
        "  - FLAG: VULNERABLE VICTIM (on the caller)",
        "    Information to negate risk: Lives alone; hard of hearing",
        "    Attending officer: Visit in person; do not leave a card",
        "    Inform: NPT sergeant, Leeds North West",
        "    Linked references: ASB-2026-000098",
        "  - FLAG: LOCATION (on the address)",
        "    Attending officer: Check the rear alley",
    ]


def test_an_unknown_caller_is_said_to_be_not_known():
    pack, data = CASES["cambridgeshire_override"]
    result = run(pack, data)
    assert result.caller is None and result.to_dict()["caller"] is None
    assert caller_section(render_text(result)) == ["CALLER", "  caller not known"]


def test_what_is_not_given_is_said_and_a_number_abroad_keeps_its_country():
    result = run("default", {"incident_code": "802", "caller": {"name": "Émile Dubois", "phone": "+33 1 23 45 67 89"}})
    assert caller_section(render_text(result)) == [
        "CALLER",
        "  Name:                 Émile Dubois",
        "  Phone:                +33 1 23 45 67 89",
        "  Address:              not given",
        "  Active flags:         none",
    ]
    flag = run(
        "default",
        {
            "incident_code": "802",
            "caller": {"phone": "0117 496 0662", "flags": [{"kind": "warning_marker", "on": "phone"}]},
        },
    )
    assert caller_section(render_text(flag))[-2:] == [
        "  - FLAG: WARNING MARKER (on the phone number)",
        "    Instructions: none recorded",
    ]


def test_the_caller_is_in_the_json_with_the_number_as_stored():
    pack, data = CASES["default_emergency_repeat"]
    caller = run(pack, data).to_dict()["caller"]
    assert (caller["name"], caller["phone"], caller["address"]) == (
        "Elsie Garside",
        "+441134960555",
        "4 Canal Row, Leeds, LS1 4AP",
    )
    assert caller["flags"][0]["officer_action"] == "Visit in person; do not leave a card"
