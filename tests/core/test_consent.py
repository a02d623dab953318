"""Consent to share (issue 21 items 5 and 7): child protection shares regardless (seed 003
Annex D.3), consent prompts come when the referral they hold back is possible, and what the
operator wrote or acknowledged stays in the log whatever the final risk."""

from __future__ import annotations

from datetime import timedelta

import pytest

from asbdesk.core.engine import CHILD_PROTECTION_BASIS, CHILD_PROTECTION_QUOTE
from asbdesk.core.packs import load_pack
from asbdesk.core.render import render_text
from asbdesk.core.session import CONSENT, CallSession, SessionError
from tests.core.conftest import NOW, engine, run, seeds_or_skip
from tests.core.test_pack_validation import problems, write_pack

HIGH_CAMBS = {"dm_pattern": "regular", "dm_harm": "significant"}
SHARED_CAMBS = {"cloud_system", "case_conference", "joint_case_conference"}
HIGH_DEFAULT = {"immediate_danger": False, "dm_pattern": "escalating", "dm_harm": "significant"}
SHARED_DEFAULT = {"partnership_system", "case_conference"}


def flat(text: str) -> str:
    return " ".join(text.split())


# ---------------------------------------------------------------- child protection (item 5)


def test_the_quote_is_seed_003_verbatim():
    seed = next(seeds_or_skip().glob("003_*.txt")).read_text(encoding="utf-8")
    [line] = [n for n, text in enumerate(seed.splitlines(), 1) if CHILD_PROTECTION_QUOTE in text]
    assert line == 590  # Annex D.3, the consent form


@pytest.mark.parametrize(
    ("pack_id", "shared"), [("cambridgeshire", SHARED_CAMBS), ("default", SHARED_DEFAULT)], ids=["cambs", "default"]
)
def test_child_protection_concerns_share_the_referrals_that_need_consent(pack_id, shared):
    code = "personal" if pack_id == "cambridgeshire" else "802"
    high = HIGH_CAMBS if pack_id == "cambridgeshire" else HIGH_DEFAULT
    concerns = run(pack_id, {"incident_code": code, "answers": {**high, "consent": False, "child_protection": True}})
    assert concerns.child_protection
    made = {r.id: r for r in concerns.referrals}
    assert shared <= set(made)
    assert {made[r].shared_without_consent for r in shared} == {CHILD_PROTECTION_BASIS}
    assert not concerns.withheld_referrals and not [p for p in concerns.prompts if p.kind == "consent"]
    text = flat(render_text(concerns))
    assert f"[shared without consent: {CHILD_PROTECTION_BASIS}]" in text
    assert (
        f"Child protection: concerns recorded: referrals that need the caller's consent are made without it. '{CHILD_PROTECTION_QUOTE}' (seed 003 Annex D.3, consent form)"
        in text
    )
    assert concerns.to_dict()["child_protection"] is True

    none = run(pack_id, {"incident_code": code, "answers": {**high, "consent": False, "child_protection": False}})
    assert not none.child_protection
    assert not shared & {r.id for r in none.referrals}
    assert {w.id for w in none.withheld_referrals} == shared
    assert "Child protection:" not in render_text(none)


def test_the_child_protection_question_is_asked_only_without_consent():
    # Consent given: the question is not shown, so an answer to it is ignored, and the
    # referrals are made with the consent, not on a basis.
    given = run(
        "cambridgeshire",
        {"incident_code": "personal", "answers": {**HIGH_CAMBS, "consent": True, "child_protection": True}},
    )
    assert "child_protection" not in [q.id for q in given.questions]
    assert given.ignored_answers == ("child_protection",) and not given.child_protection
    assert all(r.shared_without_consent is None for r in given.referrals)
    unasked = run("cambridgeshire", {"incident_code": "personal", "answers": HIGH_CAMBS})
    assert "child_protection" in [q.id for q in unasked.questions]  # consent not yet recorded
    declined = run(
        "cambridgeshire",
        {
            "incident_code": "personal",
            "answers": {**HIGH_CAMBS, "child_protection": True},
            "declined": {"consent": "caller_declined"},
        },
    )
    assert declined.child_protection and {r.id for r in declined.referrals} >= SHARED_CAMBS


def test_packs_without_a_referral_that_needs_consent_mark_nothing():
    for pack_id in ("west-yorkshire", "avon-and-somerset", "west-mercia"):
        data = engine(pack_id).pack.data
        assert data.consent.child_protection is None
        assert not any(r.requires_consent for r in data.referrals), pack_id


CONSENT_PACK = """\
consent:
  child_protection:
    when: {answer: q1, equals: true}
    source: test fixture
"""
REFERRAL_NEEDING_CONSENT = """\
referrals:
  - id: shared_system
    when: {level: high}
    to: Shared system
    text: Enter the case on the shared system.
    source: test fixture
    requires_consent: true
"""


PACK_WITH_CONSENT = """\
pack:
  id: tiny
  name: Tiny test pack
  version: "1.0"
  source: test fixture
  close: {question_set: main, consent: q1}
levels:
  - {id: standard, label: Standard}
  - {id: high, label: High}
"""


def test_child_protection_is_checked_as_other_conditions_are(tmp_path):
    pack = PACK_WITH_CONSENT
    for name in ("ok", "unknown", "nothing", "nosource"):
        (tmp_path / name).mkdir()
    ok = load_pack(
        write_pack(tmp_path / "ok", pack_yaml=pack, consent_yaml=CONSENT_PACK, referrals_yaml=REFERRAL_NEEDING_CONSENT)
    )
    assert ok.data.consent.child_protection is not None
    unknown = CONSENT_PACK.replace("answer: q1", "answer: q9")
    assert problems(
        write_pack(tmp_path / "unknown", pack_yaml=pack, consent_yaml=unknown, referrals_yaml=REFERRAL_NEEDING_CONSENT)
    ) == ["consent.yaml:3: consent.child_protection.when.answer: unknown question 'q9' (known: q1, q2)"]
    nothing_to_share = problems(write_pack(tmp_path / "nothing", consent_yaml=CONSENT_PACK))
    assert nothing_to_share == [
        "consent.yaml:2: consent.child_protection: no referral in this pack needs the caller's consent, so child "
        "protection concerns would share nothing more: mark the referrals that share the caller's information "
        "requires_consent, or leave consent.child_protection out"
    ]
    no_source = CONSENT_PACK.replace("    source: test fixture\n", "")
    [problem] = problems(
        write_pack(
            tmp_path / "nosource", pack_yaml=pack, consent_yaml=no_source, referrals_yaml=REFERRAL_NEEDING_CONSENT
        )
    )
    assert problem.startswith("consent.yaml:") and "consent.child_protection.source" in problem


# ---------------------------------------------------------------- recorded during the call (item 7)


def test_an_acknowledged_prompt_that_no_longer_fires_stays_with_its_time():
    high = {**HIGH_DEFAULT, "vulnerable": True, "consent": True}
    fired = run("default", {"incident_code": "802", "answers": high, "acknowledged": ["high_risk_priority"]})
    assert "high_risk_priority" in fired.acknowledged and not fired.recorded_acknowledgements  # still fires: in PROMPTS
    lowered = run(
        "default",
        {
            "incident_code": "802",
            "answers": high,
            "acknowledged": ["high_risk_priority"],
            "override": {"risk_level": "medium", "reason": "Offender arrested and bailed away"},
        },
    )
    assert "high_risk_priority" not in {p.id for p in lowered.prompts}
    [kept] = lowered.recorded_acknowledgements
    assert (kept.id, kept.kind, kept.at) == ("high_risk_priority", "safeguarding", NOW)
    text = flat(render_text(lowered))
    assert "RECORDED DURING THE CALL" in text
    assert f"[SAFEGUARDING] {kept.text} Acknowledged by the operator at" in text
    assert lowered.to_dict()["recorded_during_call"]["acknowledged"][0]["at"] == NOW.isoformat()
    assert "RECORDED DURING THE CALL" not in render_text(fired)


def test_a_consent_decision_for_a_referral_no_longer_due_stays():
    data = {
        "incident_code": "802",
        "answers": {**HIGH_DEFAULT, "consent": False},
        "consent_not_made": {"partnership_system": "Caller fears the neighbour will find out"},
        "shared_without_consent": {"case_conference": "Safeguarding: the caller is 84 and lives alone"},
    }
    due = run("default", data)
    assert not due.recorded_consent  # printed beside their referrals
    text = flat(render_text(due))
    assert "NOT MADE (consent refused) – Caller fears the neighbour will find out" in text
    lowered = run(
        "default", {**data, "override": {"risk_level": "medium", "reason": "Offender arrested and bailed away"}}
    )
    assert [(r.referral_id, r.shared, r.why) for r in lowered.recorded_consent] == [
        ("partnership_system", False, "the referral is no longer due"),
        ("case_conference", True, "the referral is no longer due"),
    ]
    text = flat(render_text(lowered))
    assert (
        "[CONSENT] Partnership case management system: not made – Caller fears the neighbour will find out (the referral is no longer due)"
        in text
    )
    assert (
        "[CONSENT] Joint agency case conference: lawful basis for sharing without consent – Safeguarding: the caller is 84 and lives alone"
        in text
    )


def test_a_reason_written_before_consent_was_given_or_child_protection_shared_it_stays():
    reason = {"consent_not_made": {"cloud_system": "Caller refused: fears the neighbour finds out"}}
    consented = run(
        "cambridgeshire", {"incident_code": "personal", "answers": {**HIGH_CAMBS, "consent": True}, **reason}
    )
    assert [r.why for r in consented.recorded_consent] == ["the caller's consent was recorded after all"]
    protected = run(
        "cambridgeshire",
        {"incident_code": "personal", "answers": {**HIGH_CAMBS, "consent": False, "child_protection": True}, **reason},
    )
    assert [r.why for r in protected.recorded_consent] == [
        "shared regardless: child protection concerns (seed 003 Annex D.3)"
    ]
    assert "cloud_system" in {r.id for r in protected.referrals}


# ---------------------------------------------------------------- consent prompts at the right time (item 7)


def session_802(answers: dict) -> tuple[CallSession, list[frozenset[str]]]:
    s = CallSession(engine("default"), NOW)
    seen: list[frozenset[str]] = []
    s.subscribe(seen.append)
    s.pick_code("802")
    for qid, value in answers.items():
        s.answer(value, qid)
    return s, seen


def test_consent_prompts_are_not_pinned_before_the_consent_question():
    s, _ = session_802({"immediate_danger": True, **{k: v for k, v in HIGH_DEFAULT.items() if k != "immediate_danger"}})
    assert {p.kind for p in s.pinned_prompts()} == {"emergency"}  # no CONSENT under the EMERGENCY
    assert {s.referral_for(p) for p in s.held_back()} == SHARED_DEFAULT  # held back all the same
    assert s.consent_open() == () and not s.consent_due()


@pytest.mark.parametrize("how", ["no", "declined"])
def test_consent_prompts_are_pinned_once_consent_is_answered(how):
    s, seen = session_802(HIGH_DEFAULT)
    if how == "no":
        s.answer(False, "consent")
    else:
        s.decline("caller_declined", "consent")
    assert s.consent_due() and CONSENT in seen[-1]
    assert {s.referral_for(p) for p in s.consent_open()} == SHARED_DEFAULT
    assert {p.kind for p in s.pinned_prompts()} == {"consent"}
    s.answer(True, "consent")
    assert s.consent_open() == () and s.held_back() == ()  # consent given: nothing held back


def tiny_session(tmp_path) -> CallSession:
    """A pack whose consent question is not mandatory, and a call on it at high risk: the
    shared-system referral is due and held back for want of consent."""
    from asbdesk.core.engine import Engine
    from tests.core.test_pack_validation import QUESTIONS

    pack_yaml = PACK_WITH_CONSENT.replace("consent: q1", "consent: consent")
    questions = QUESTIONS + "      - id: consent\n        text: Do you consent to sharing?\n        type: yes_no\n"
    folder = write_pack(
        tmp_path, pack_yaml=pack_yaml, questions_yaml=questions, referrals_yaml=REFERRAL_NEEDING_CONSENT
    )
    s = CallSession(Engine(load_pack(folder)), NOW)
    s.pick_code("801")
    s.answer(True, "q1")  # score 5: high
    assert [s.referral_for(p) for p in s.held_back()] == ["shared_system"]
    return s


def test_every_question_passed_brings_the_prompts_up(tmp_path):
    s = tiny_session(tmp_path)
    while not s.at_end:
        assert not s.consent_due() and s.consent_open() == ()
        if s.is_mandatory() and s.current not in s.answers:
            s.decline("caller_declined")  # the national layer's questions: a reason each
        s.next()  # the consent question passed unanswered
    assert "consent" not in s.answers and s.consent_due()
    assert [s.referral_for(p) for p in s.consent_open()] == ["shared_system"]


def test_never_asked_the_prompts_come_at_the_finish_and_the_save_is_refused(tmp_path):
    s = tiny_session(tmp_path)
    seen: list[frozenset[str]] = []
    s.subscribe(seen.append)
    for qid in s.unanswered_mandatory():
        s.decline("caller_declined", qid)
    assert not s.consent_due() and not s.at_end
    with pytest.raises(SessionError, match="Not saved: the referral to Shared system was not made"):
        s.finish(NOW + timedelta(minutes=5))
    assert s.finished is None and s.consent_due() and CONSENT in seen[-1]
    assert [s.referral_for(p) for p in s.consent_open()] == ["shared_system"]
    s.record_consent_decision("shared_system", False, "Caller was not asked: the line dropped")
    _, text = s.finish(NOW + timedelta(minutes=5))
    assert "NOT MADE (consent not recorded) – Caller was not asked: the line dropped" in flat(text)


def test_packs_show_says_when_child_protection_shares_regardless():
    from asbdesk.core.packs.describe import pack_text

    text = flat(pack_text(engine("cambridgeshire").pack))
    assert (
        "child protection concerns: referrals that need the caller's consent are made without it "
        'When child_protection "Are there child protection concerns?" is Yes.'
    ) in text
    assert "child protection concerns: referrals" not in pack_text(engine("west-mercia").pack)
