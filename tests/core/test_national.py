"""Issue 9: national law in every pack, consent that gates sharing, logs that never
contradict themselves, and repeat victims recognised in every force (seeds cited)."""

from __future__ import annotations

import pytest

from asbdesk.core.call import InputError
from asbdesk.core.packs import load_pack
from asbdesk.core.packs.national import HATE_ATTENDANCE, NATIONAL_PROMPT_IDS
from tests.core.conftest import ago, run, shipped
from tests.core.test_pack_validation import RULES, problems, write_pack

FORCE_PACKS = ["avon-and-somerset", "cambridgeshire", "west-mercia", "west-yorkshire"]


def fired(result) -> set[str]:
    return {p.id for p in result.prompts}


# ---------------------------------------------------------------- national rules everywhere


@pytest.mark.parametrize("pack_id", [*FORCE_PACKS, "default"])
def test_every_national_rule_applies_in_every_shipped_pack(pack_id):
    # Crime recording (seeds 000/001), ASB Case Review (2014 Act s104; seed 002), stalking
    # screening (seed 004) and the emergency rule apply to every force in England and Wales.
    pack = shipped(pack_id)
    assert set(NATIONAL_PROMPT_IDS) <= {p.id for p in pack.prompts}
    # Only the hate attendance check (not a national prompt) may be switched off (issue 19.6).
    assert set(pack.data.national.switched_off) <= {HATE_ATTENDANCE}
    assert pack.emergency_grade in pack.grades


def test_west_yorkshire_405_with_an_earlier_harassment_report_prompts_crime_and_stalking():
    # The audit's case: a West Yorkshire 405 call with earlier harassment reports.
    earlier = {"incident_code": "405", "history": [{"occurred_at": ago(days=12), "incident_code": "405"}]}
    result = run("west-yorkshire", earlier)
    assert {"national.crime_recording.harassment", "national.stalking_screening"} <= fired(result)
    first_time = run("west-yorkshire", {"incident_code": "405"})
    assert not {"national.crime_recording.harassment", "national.stalking_screening"} & fired(first_time)


@pytest.mark.parametrize(
    ("code", "rule"),
    [
        ("480", "national.crime_recording.criminal_damage"),
        ("400", "national.crime_recording.assault"),
        ("401", "national.crime_recording.alarm_distress"),
        ("804", "national.crime_recording.hate"),
        ("621", "national.crime_recording.hate"),
    ],
)
def test_west_yorkshire_crime_codes_get_the_crime_recording_prompt(code, rule):
    assert rule in fired(run("west-yorkshire", {"incident_code": code}))
    assert rule not in fired(run("west-yorkshire", {"incident_code": "802"}))


@pytest.mark.parametrize("pack_id", FORCE_PACKS)
def test_what_the_caller_describes_prompts_crime_recording_not_only_the_code(pack_id):
    # Seed 003 Annex G (Sussex): damage described on an ASB call. No force pack maps a
    # damage answer of its own, so the national layer asks.
    code = shipped(pack_id).data.codes[0].code
    damaged = run(pack_id, {"incident_code": code, "answers": {"national_property_damage": True}})
    assert "national.crime_recording.criminal_damage" in fired(damaged)
    undamaged = run(pack_id, {"incident_code": code, "answers": {"national_property_damage": False}})
    assert "national.crime_recording.criminal_damage" not in fired(undamaged)


@pytest.mark.parametrize(("earlier_days", "due"), [((10, 40), True), ((10,), False), ((10, 185), False)])
def test_case_review_in_a_force_pack_three_in_six_calendar_months(earlier_days, due):
    # 2014 Act s104: 3 complaints in 6 months, this report counting.
    history = [{"occurred_at": ago(days=d), "incident_code": "personal"} for d in earlier_days]
    result = run("cambridgeshire", {"incident_code": "personal", "history": history})
    assert ("national.case_review" in fired(result)) is due


def test_emergency_in_a_pack_with_no_emergency_grade_of_its_own():
    # Cambridgeshire names no emergency grade: the national one is used, with its response
    # first, and the standard-risk "No police attendance required" is not printed under it.
    result = run("cambridgeshire", {"incident_code": "nuisance", "answers": {"national_immediate_danger": True}})
    assert "national.emergency" in fired(result)
    assert (result.grade, result.grade_label) == ("national.emergency", "Emergency")
    assert result.response[0].startswith("Emergency: Deploy now")
    assert not any("No police attendance required" in line for line in result.response)
    calm = run("cambridgeshire", {"incident_code": "nuisance", "answers": {"national_immediate_danger": False}})
    assert calm.grade == "no_attendance" and "national.emergency" not in fired(calm)


# ---------------------------------------------------------------- consent gates sharing


HIGH = {"dm_pattern": "regular", "dm_harm": "significant"}
SHARED = {"cloud_system", "case_conference", "joint_case_conference"}


def test_cambridgeshire_cloud_entry_needs_consent():
    # Seed 003 para 34: written, informed consent before information is entered onto the system.
    given = run("cambridgeshire", {"incident_code": "personal", "answers": {**HIGH, "consent": True}})
    assert {r.id for r in given.referrals} >= SHARED
    assert not {p.id for p in given.prompts if p.kind == "consent"}
    refused = run("cambridgeshire", {"incident_code": "personal", "answers": {**HIGH, "consent": False}})
    assert not SHARED & {r.id for r in refused.referrals}
    assert "duty_manager" in {r.id for r in refused.referrals}  # telling a manager shares nothing outside
    prompts = {p.id: p for p in refused.prompts if p.kind == "consent"}
    assert set(prompts) == {"consent.cloud_system", "consent.case_conference", "consent.joint_case_conference"}
    assert "the caller refused consent" in prompts["consent.cloud_system"].text
    assert "lawful basis" in prompts["consent.cloud_system"].text
    unasked = run("cambridgeshire", {"incident_code": "personal", "answers": HIGH})
    assert not SHARED & {r.id for r in unasked.referrals}
    assert "consent was not recorded" in next(p.text for p in unasked.prompts if p.id == "consent.cloud_system")


def test_sharing_without_consent_needs_the_lawful_basis_written():
    basis = "Safeguarding: child protection concerns (Annex D consent form)"
    result = run(
        "cambridgeshire",
        {
            "incident_code": "personal",
            "answers": {**HIGH, "consent": False},
            "shared_without_consent": {"cloud_system": basis},
        },
    )
    cloud = next(r for r in result.referrals if r.id == "cloud_system")
    assert cloud.shared_without_consent == basis and basis in cloud.line()
    assert "consent.case_conference" in fired(result) and "consent.cloud_system" not in fired(result)
    with pytest.raises(InputError, match="shared_without_consent.cloud_system.*lawful basis"):
        run("cambridgeshire", {"incident_code": "personal", "shared_without_consent": {"cloud_system": "ok"}})
    with pytest.raises(InputError, match="shared_without_consent.duty_manager.*not a referral that needs"):
        run(
            "cambridgeshire",
            {"incident_code": "personal", "shared_without_consent": {"duty_manager": "safeguarding reasons"}},
        )


def test_a_referral_needing_consent_in_a_pack_that_asks_for_none_is_refused(tmp_path):
    rules = RULES + (
        "referrals:\n  - {id: share, when: {level: high}, to: Partners, text: Share it., source: test fixture, "
        "requires_consent: true}\n"
    )
    [problem] = problems(write_pack(tmp_path, rules_yaml=rules))
    assert "referral 'share' needs the caller's consent but the pack asks for none" in problem


# ---------------------------------------------------------------- a log that never contradicts itself


@pytest.mark.parametrize(
    ("earlier", "grade", "printed"),
    [
        (2, "response", False),  # 3 in 30 days, this one counting: graded "Response" (seed 003 Annex D.1)
        (1, "no_attendance", True),  # 2 in 30 days: standard risk, no attendance
    ],
)
def test_cambridgeshire_three_in_30_days_never_prints_no_attendance_under_response(earlier, grade, printed):
    history = [{"occurred_at": ago(days=3 + i), "incident_code": "personal"} for i in range(earlier)]
    result = run("cambridgeshire", {"incident_code": "personal", "history": history})
    assert result.level == "standard" and result.grade == grade
    assert any("No police attendance required" in line for line in result.response) is printed
    if grade == "response":
        assert any('graded "Response"' in line for line in result.response)


def test_response_follows_an_overridden_grade():
    override = {"grade": "no_attendance", "reason": "Caller asked for advice only"}
    result = run(
        "cambridgeshire",
        {
            "incident_code": "personal",
            "answers": {"dm_pattern": "regular", "dm_harm": "moderate"},
            "override": override,
        },
    )
    assert result.level == "medium" and result.grade == "no_attendance"
    assert not any("Officers attend" in line for line in result.response)


@pytest.mark.parametrize("pairing", ["grades: [attend]", "when: {grade: attend}"])
def test_validation_refuses_a_plan_paired_with_a_grade_saying_the_opposite(tmp_path, pairing):
    rules = RULES.replace("{id: attend, label: Attend}", "{id: attend, label: Attend, attendance: true}")
    when = "" if pairing.startswith("when") else "when: {level: high}, "
    plan = f"responses:\n  - {{id: stay, {when}{pairing}, attendance: false, text: [No police attendance required.], source: x y z}}\n"
    [problem] = problems(write_pack(tmp_path, rules_yaml=rules + plan))
    assert "response plan 'stay' says no police attend but is paired with the grade 'Attend'" in problem
    agreeing = tmp_path / "agreeing"
    agreeing.mkdir()
    assert load_pack(write_pack(agreeing, rules_yaml=rules + plan.replace("attendance: false", "attendance: true")))


# ---------------------------------------------------------------- repeat victims in every force


@pytest.mark.parametrize("pack_id", ["avon-and-somerset", "west-mercia"])
@pytest.mark.parametrize(("days", "repeat"), [((2, 29), True), ((2,), False), ((2, 30.01), False)])
def test_avon_and_west_mercia_recognise_repeat_victims(pack_id, days, repeat):
    # Avon and Somerset: respond to 100% of vulnerable and repeat victims; West Mercia flags
    # repeat victims (seed 003 para 26). 3 in 30 days is an asbdesk mapping (Annex D.1).
    history = [{"occurred_at": ago(days=d), "incident_code": "nuisance"} for d in days]
    result = run(pack_id, {"incident_code": "nuisance", "history": history})
    assert result.repeat.is_repeat is repeat
    if pack_id == "avon-and-somerset":
        assert (result.grade == "ring_back_24h") is repeat
    else:
        assert ("repeat_victim" in fired(result)) is repeat


@pytest.mark.parametrize("pack_id", ["avon-and-somerset", "west-mercia"])
def test_an_active_repeat_victim_flag_counts(pack_id):
    flagged = run(pack_id, {"incident_code": "nuisance", "flags": ["repeat_victim"]})
    plain = run(pack_id, {"incident_code": "nuisance"})
    if pack_id == "avon-and-somerset":
        assert (flagged.grade, plain.grade) == ("ring_back_24h", "standard")
    else:
        assert "repeat_victim" in fired(flagged) and "repeat_victim" not in fired(plain)


def test_why_a_referral_was_not_made_is_written_into_the_log():
    from asbdesk.core.render import render_text

    reason = "Caller refused: does not want the council told"
    result = run(
        "cambridgeshire",
        {
            "incident_code": "personal",
            "answers": {**HIGH, "consent": False},
            "consent_not_made": {"cloud_system": reason},
        },
    )
    assert "consent.cloud_system" not in fired(result) and "consent.case_conference" in fired(result)
    [cloud] = [w for w in result.withheld_referrals if w.id == "cloud_system"]
    assert cloud.reason == reason and cloud.consent is False
    text = " ".join(render_text(result).split())  # the log wraps long lines
    assert "Referrals not made (no consent to share, seed 003 para 34):" in text
    assert "NOT MADE (consent refused) – Caller refused: does not want the council told" in text
    assert "NOT MADE (consent refused) – REASON NOT RECORDED" in text  # the case conference
    with pytest.raises(InputError, match="consent_not_made.cloud_system.*both shared without consent and not made"):
        run(
            "cambridgeshire",
            {
                "incident_code": "personal",
                "consent_not_made": {"cloud_system": reason},
                "shared_without_consent": {"cloud_system": reason},
            },
        )


def test_the_desk_session_will_not_finish_until_each_withheld_referral_is_explained():
    from datetime import timedelta

    from asbdesk.core.session import CallSession, SessionError
    from tests.core.conftest import NOW, engine

    s = CallSession(engine("cambridgeshire"), NOW)
    s.pick_code("personal")
    for qid in [q.id for q in s.engine.pack.questions_for("personal") if q.id.startswith("national_")]:
        s.answer(False, qid)
    for qid, value in {"ch_before": False, "ch_vulnerable": False, **HIGH, "consent": False}.items():
        s.answer(value, qid)
    assert [s.referral_for(p) for p in s.consent_open()] == ["cloud_system", "case_conference", "joint_case_conference"]
    with pytest.raises(
        SessionError,
        match="Not saved: the referral to internet cloud-based IT system .* was not made \\(no consent to share\\)",
    ):
        s.finish(NOW + timedelta(minutes=5))
    with pytest.raises(SessionError, match="at least 10 characters"):
        s.record_consent_decision("cloud_system", False, "no")
    s.record_consent_decision("cloud_system", False, "Caller refused: fears the neighbour finds out")
    s.record_consent_decision("case_conference", True, "Safeguarding: a child at the address is at risk")
    s.record_consent_decision("joint_case_conference", False, "Caller refused: no other agency to be told")
    restored = CallSession.from_draft(engine("cambridgeshire"), s.to_draft())
    assert (
        restored.not_made_reasons == s.not_made_reasons and restored.shared_without_consent == s.shared_without_consent
    )
    assessment, text = s.finish(NOW + timedelta(minutes=5))
    text = " ".join(text.split())  # the log wraps long lines
    assert [r.id for r in assessment.referrals if r.shared_without_consent] == ["case_conference"]
    assert "[shared without consent: Safeguarding: a child at the address is at risk]" in text
    assert "fears the neighbour finds out" in text


def test_packs_show_prints_a_switched_off_rule_with_its_reason(tmp_path):
    from asbdesk.core.packs.describe import pack_text

    reason = "The force screens for stalking on its separate domestic abuse line."
    rules = RULES + (
        f"national:\n  switched_off:\n    stalking_screening:\n      reason: {reason}\n      source: force policy 12\n"
    )
    text = pack_text(load_pack(write_pack(tmp_path, rules_yaml=rules)))
    flat = " ".join(text.split())
    assert f"stalking_screening: SWITCHED OFF by this pack. Reason: {reason}" in flat
    assert "Source: force policy 12" in flat and "emergency: on" in flat
    assert "national_property_damage: Has anything been damaged? (yes/no, MANDATORY)" in flat
    assert "national_stalking" not in flat  # its question goes with the rule


def test_every_shipped_pack_shows_every_national_rule_on():
    from asbdesk.core.packs.describe import pack_text

    for pack_id in [*FORCE_PACKS, "default"]:
        text = pack_text(shipped(pack_id))
        for name in ("emergency", "case_review", "crime_recording.harassment", "stalking_screening"):
            assert f"  {name}: on" in text
