"""Training scenarios (issue 11): the format checked at load with file:line errors, the
expected outcome run through the engine (``scenario check``), attempts scored."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from asbdesk.cli import main
from asbdesk.core import scenarios
from asbdesk.core.scenarios import ScenarioError, load_scenario

HATE = scenarios.scenarios_dir() / "west-mercia-hate.yaml"


def _copy(tmp_path: Path, text: str | None = None, name: str = "west-mercia-hate") -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(text if text is not None else HATE.read_text(encoding="utf-8"), encoding="utf-8")
    return path


def _edited(tmp_path: Path, old: str, new: str) -> Path:
    text = HATE.read_text(encoding="utf-8")
    assert old in text
    return _copy(tmp_path, text.replace(old, new, 1))


def _line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def test_every_shipped_scenario_loads_and_its_pack_gives_what_it_expects():
    paths = scenarios.shipped()
    assert paths, "no scenarios shipped"
    for path in paths:
        card = scenarios.check(load_scenario(path))
        assert card.missed() == (), f"{path.name}: {[i.to_json() for i in card.missed()]}"
        assert card.score == 100


@pytest.mark.parametrize(
    ("old", "new", "item", "message"),
    [
        (
            "    q8: {",
            "    q88: {",
            "script.replies.q88",
            "unknown question 'q88' in pack 'west-mercia'; did you mean 'q8'? (known: ",
        ),
        ("  grade: mandatory_attendance", "  grade: attend_now", "expected.grade", "unknown grade 'attend_now'"),
        ("  risk_level: standard", "  risk_level: {at_least: severe}", "expected.risk_level", "unknown risk level"),
        (
            "  acknowledged: [hate_mandatory_attendance]",
            "  acknowledged: [hate]",
            "expected.acknowledged[0]",
            "unknown prompt 'hate'",
        ),
        (
            "incident_code: personal\n  questions",
            "incident_code: '999'\n  questions",
            "expected.incident_code",
            "unknown incident code '999'",
        ),
        (
            "answer: true}\n    national_hate",
            "answer: maybe}\n    national_hate",
            "script.replies.q8.answer",
            "answers.q8",
        ),
        ("  rag: amber", "  rag: purple", "expected.rag", "unknown value 'purple' (known: green, amber, red)"),
        ("pack: west-mercia", "pack: kent", "pack", "kent"),
        ("  time_target_s: 420", "  time_target_s: 5", "expected.time_target_s", "greater than or equal to 30"),
        (
            "  time_target_s: 420",
            "  time_target_s: 420\n  flag_requests: [{kind: repeat_victim, on: garden}]",
            "expected.flag_requests[0].on",
            "unknown value",
        ),
    ],
)
def test_a_bad_scenario_is_refused_naming_file_line_and_item(tmp_path, old, new, item, message):
    path = _edited(tmp_path, old, new)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    [issue] = caught.value.issues
    assert issue.file == path.name and issue.item == item and message in issue.message
    assert issue.line == _line_of(
        path, new.split("\n")[-1].strip() if "flag_requests" in new else new.split("\n")[0].strip()
    )


# ------------------------------------------------------------------ Ofcom's drama numbers (issue 22.5)


@pytest.mark.parametrize(
    ("phone", "message"),
    [
        # A real Birmingham number, valid to the phone check: not in any drama range.
        ("0121 245 0417", "'0121 245 0417' is not in Ofcom's ranges of numbers for drama"),
        # One past the end of Birmingham's range (0121 496 0000-0999).
        ("0121 496 1000", "'0121 496 1000' is not in Ofcom's ranges of numbers for drama"),
        ("0113 496 1417", "is not in Ofcom's ranges of numbers for drama"),
        # In Ofcom's ranges, but the desk's phone check (libphonenumber) refuses them: the
        # sandbox could not store the caller.
        ("07700 900461", "is in Ofcom's drama range for mobile (07700 900000-900999), but the desk's phone check"),
        ("01632 960 417", "is in Ofcom's drama range for no area (01632 960000-960999)"),
    ],
)
def test_a_phone_outside_the_drama_ranges_is_refused_at_its_line(tmp_path, phone, message):
    path = _edited(tmp_path, '  phone: "0121 496 0417"', f'  phone: "{phone}"')
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    [issue] = caught.value.issues
    assert (issue.item, issue.line) == ("caller.phone", _line_of(path, f'phone: "{phone}"'))
    assert message in issue.message
    assert "0113 496 0000-0999 (Leeds)" in issue.message  # what to use instead


@pytest.mark.parametrize(
    "phone", ["0121 496 0000", "0121 496 0999", "+44 121 496 0417", "(0113) 4960152", "020 7946 0361", "0161 496 0214"]
)
def test_a_phone_inside_the_drama_ranges_loads(tmp_path, phone):
    path = _edited(tmp_path, '  phone: "0121 496 0417"', f'  phone: "{phone}"')
    assert load_scenario(path).data.caller.phone == phone


def test_every_shipped_scenario_uses_a_drama_number():
    for path in scenarios.shipped():
        phone = load_scenario(path).data.caller.phone
        assert phone is None or scenarios.drama_range(phone) is not None, path.name


# ------------------------------------------------------------------ YAML mistakes (issue 22.5)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        # An apostrophe inside single quotes ends the text early.
        (
            '    national_stalking: {says: "No, not following us, no.", answer: false}',
            "    national_stalking: {says: 'No, they don't follow us', answer: false}",
            "text follows the closing quote ('): a ' inside the text is written ''",
        ),
        # A quote left open runs on to the next line's quote: said on the line it opened.
        (
            '    national_violence: {says: "No, nobody touched us.", answer: false}',
            '    national_violence: {says: "No, nobody touched us., answer: false}',
            'the quote (") opened on this line is never closed',
        ),
        (
            '    national_violence: {says: "No, nobody touched us.", answer: false}',
            '    national_violence: {says: "No, nobody touched us." answer: false}',
            "a comma is missing after the quoted text, before 'answer:'",
        ),
        (
            '    national_violence: {says: "No, nobody touched us.", answer: false}',
            "    national_violence: {says: [laughs] no, answer: false}",
            "text that starts with '{' or '[' must be put in quotes",
        ),
        # 'given_name Farid': read with the line below as one key, stopped a line late.
        ("  given_name: Farid", "  given_name Farid", "a 'key: value' line is expected here but it has no ': '"),
        (
            '    - "It\'s been going on since we moved in, in the summer."',
            '    -"It\'s been going on since we moved in, in the summer."',
            "put a space after the '-' of a list item: '- \"It's been going on",
        ),
    ],
)
def test_a_yaml_mistake_is_named_in_words_at_its_line(tmp_path, old, new, message):
    path = _edited(tmp_path, old, new)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    [issue] = caught.value.issues
    assert issue.line == _line_of(path, new.strip()), (issue.line, issue.message)
    assert message in issue.message
    assert "Input should be" not in issue.message and "mapping values" not in issue.message


# ------------------------------------------------------------------ impossible expectations (issue 22.5)


def test_an_impossible_expected_combination_is_named_at_the_scenarios_line(tmp_path, capsys):
    # West Mercia rates every high-risk call red ('High risk'): a green one cannot happen,
    # whatever a trainee answers. Said at the scenario's line, not as a pack regression.
    path = _edited(tmp_path, "  risk_level: standard", "  risk_level: high\n  rag_was: x")
    path.write_text(path.read_text(encoding="utf-8").replace("\n  rag_was: x", "").replace("rag: amber", "rag: green"))
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    [issue] = caught.value.issues
    assert (issue.item, issue.line) == ("expected.rag", _line_of(path, "rag: green"))
    assert issue.message.startswith(
        "impossible: high risk with a green RAG: pack 'west-mercia' rates every such call red"
    )
    code = main(["scenario", "check", str(path)])
    out = capsys.readouterr().out
    assert code == 1
    assert f"west-mercia-hate.yaml:{issue.line}: expected.rag: impossible: high risk with a green RAG" in out
    assert "now gives" not in out  # not worded as a pack that changed
    # Checked against a pack under trial (--pack, a publication), the same expectation is
    # what that pack now gives: worded as a change of the pack, for whoever changed it.
    from asbdesk.core.packs.registry import resolve_pack

    trial = load_scenario(path, {"west-mercia": resolve_pack("west-mercia")})
    assert [i.key for i in scenarios.check(trial).not_met()] == ["risk_level", "rag"]


def test_an_impossible_grade_is_named_and_a_possible_one_is_not(tmp_path):
    # West Yorkshire grades every high-level call 'Allocate to an Inspector' first.
    red = scenarios.scenarios_dir() / "west-yorkshire-red.yaml"
    text = red.read_text(encoding="utf-8")
    path = tmp_path / red.name
    path.write_text(text.replace("  grade: inspector", "  grade: npt_sergeant"), encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    [issue] = caught.value.issues
    assert issue.item == "expected.grade" and issue.line == _line_of(path, "grade: npt_sergeant")
    assert issue.message == (
        "impossible: high risk graded 'Allocate to an NPT sergeant': "
        "pack 'west-yorkshire' grades every such call 'Allocate to an Inspector' first"
    )
    # Medium and amber can happen (the amber scenario): loads, and check reports it as the
    # outcome the pack gives, not as impossible.
    path.write_text(text.replace("  risk_level: high", "  risk_level: {at_least: medium}"), encoding="utf-8")
    assert load_scenario(path).data.expected.grade == "inspector"


def test_check_fails_when_the_pack_no_longer_gives_the_expected_outcome(tmp_path, capsys):
    # Medium risk with MANDATORY attendance and amber can happen in West Mercia; this call
    # gives standard: the pack (or the scenario) changed.
    path = _edited(tmp_path, "  risk_level: standard", "  risk_level: medium")
    code = main(["scenario", "check", str(path)])
    out = capsys.readouterr().out
    assert code == 1
    assert (
        "FAIL west-mercia-hate: risk level: the scenario expects Medium risk, the pack 'west-mercia' now gives "
        "Standard risk"
    ) in out
    assert main(["scenario", "check", str(HATE)]) == 0


def test_check_all_passes_for_every_shipped_scenario(capsys):
    assert main(["scenario", "check", "--all"]) == 0
    out = capsys.readouterr().out
    assert out.count("ok   ") == len(scenarios.shipped()) and "FAIL" not in out


# ------------------------------------------------------------------ scoring


def _attempt(scenario, **changes):
    data = scenario.attempt_input()
    data.update(changes)
    return data


def _scored(scenario, data=None, acknowledged=None, **extra):
    data = _attempt(scenario) if data is None else data
    attempt = scenarios.parse_attempt(scenario, data)
    acks = attempt.acknowledged if acknowledged is None else acknowledged
    return scenarios.score(scenario, attempt.call, acks, **extra)


def _by_key(card):
    return {i.key: i for i in card.items}


def test_a_good_attempt_scores_100():
    scenario = load_scenario(HATE)
    card = _scored(scenario, acknowledged=("hate_mandatory_attendance",), elapsed_s=300, keys=140, trainee="tess")
    assert card.score == 100 and card.missed() == () and card.not_met() == ()
    assert (card.trainee, card.title, card.keys) == ("tess", scenario.data.title, 140)
    assert card.taken_at == scenarios.CHECK_NOW


def test_one_wrong_answer_is_one_missed_item_the_rest_follow_from_it():
    """Q8 answered No: before issue 22.5 it cost the prompt, the grade and the RAG (three
    items). Now the answer is the one missed item; the prompt, the grade, the RAG and the
    time follow from it and are not counted."""
    scenario = load_scenario(HATE)
    answers = {**scenario.answers(), "q8": False}
    card = _scored(scenario, _attempt(scenario, answers=answers), acknowledged=(), elapsed_s=300)
    items = _by_key(card)
    assert [i.key for i in card.missed()] == ["answers"]
    answer = items["answers"]
    assert answer.actual.startswith("11 of 12 (to 'Do you think it is because of you or your family")
    assert "the caller said yes, recorded no" in answer.actual
    follows = {k for k, i in items.items() if i.follows}
    assert follows == {"prompt:hate_mandatory_attendance", "grade", "rag", "time"}
    assert all(items[k].follows == "answers as the caller gave them" for k in follows)
    assert items["grade"].actual == "Standard response" and not items["grade"].met
    counted = card.counted()
    assert card.score == round(100 * (len(counted) - 1) / len(counted))
    # The same call with the answer right: every item met.
    assert _scored(scenario, acknowledged=("hate_mandatory_attendance",), elapsed_s=300).score == 100


def test_an_item_missed_on_its_own_still_counts():
    """An override is the trainee's own act: the grade it changes does not follow from
    anything else, and counts."""
    scenario = load_scenario(HATE)
    override = {"grade": "standard", "reason": "The caller sounded calm, so no attendance needed"}
    card = _scored(scenario, _attempt(scenario, override=override), acknowledged=("hate_mandatory_attendance",))
    items = _by_key(card)
    assert items["grade"].counted and not items["grade"].met
    assert items["grade"].why == (
        "The grade for this call is 'MANDATORY attendance' (A potential hate crime has been identified (Q8))."
    )
    assert "grade" in {i.key for i in card.missed()}


def test_a_question_not_asked_misses_once_and_thrive_left_empty_is_missed():
    scenario = load_scenario(HATE)
    skipped = {k: v for k, v in scenario.answers().items() if k != "q8"}
    card = _scored(scenario, _attempt(scenario, answers=skipped, rationale={}), acknowledged=())
    items = _by_key(card)
    assert {i.key for i in card.missed()} == {"questions", "thrive"}
    assert items["questions"].actual.startswith("0 of 1 asked (not asked: 'Do you think it is because")
    assert items["questions"].expected == "1 of 1 asked (and 2 MANDATORY the desk requires)"
    assert items["questions"].source == "Seed 003 Annex B (West Mercia, 8 'Prompt')"
    assert {k for k, i in items.items() if i.follows} == {"prompt:hate_mandatory_attendance", "grade", "rag"}
    assert items["thrive"].actual == "0 of 6 headings"


def test_a_wrong_code_is_one_missed_item():
    scenario = load_scenario(scenarios.find_scenario("west-yorkshire-amber"))
    card = _scored(scenario, _attempt(scenario, incident_code="803"), elapsed_s=100)
    items = _by_key(card)
    assert items["incident_code"].actual == "Environmental ASB (803)" and not items["incident_code"].met
    assert [i.key for i in card.missed()] == ["incident_code"], card.text()
    assert items["time"].follows == "incident code"


def test_no_free_items_what_the_desk_does_earns_no_point():
    scenario = load_scenario(HATE)
    card = _scored(scenario, acknowledged=("hate_mandatory_attendance",))
    items = _by_key(card)
    # Q1, Q5, Q8 are MANDATORY in West Mercia: the desk does not pass them unanswered.
    assert items["questions"].free == scenarios.DESK_ASKS and not items["questions"].counted
    assert "questions" not in {i.key for i in card.counted()}
    # The MANDATORY attendance prompt is raised by Q8's answer: it counts.
    assert items["prompt:hate_mandatory_attendance"].counted
    # The ASB Case Review is raised by the caller's history alone (before any answer), and
    # the desk shows and logs it by itself: no point for it.
    review = load_scenario(scenarios.find_scenario("west-yorkshire-case-review-neighbours"))
    card = scenarios.check(review)
    assert _by_key(card)["prompt:national.case_review"].free == scenarios.DESK_RAISES
    # Not acknowledged (an attempt from outside the desk), it still counts as missed.
    attempt = scenarios.parse_attempt(review, review.attempt_input())
    missed = _by_key(scenarios.score(review, attempt.call, ()))["prompt:national.case_review"]
    assert missed.counted and not missed.met and missed.actual == "not acknowledged"


def test_time_counts_only_when_the_call_was_right():
    scenario = load_scenario(HATE)
    right = _by_key(_scored(scenario, acknowledged=("hate_mandatory_attendance",), elapsed_s=23))["time"]
    assert right.met and right.counted and right.actual == "23 s"
    slow = _by_key(_scored(scenario, acknowledged=("hate_mandatory_attendance",), elapsed_s=421))["time"]
    assert not slow.met and slow.counted and slow.expected == "within 420 s"
    at_target = _by_key(_scored(scenario, acknowledged=("hate_mandatory_attendance",), elapsed_s=420))["time"]
    assert at_target.met
    # A rushed, wrong call earns nothing for time.
    wrong = {**scenario.answers(), "q8": False}
    rushed = _by_key(_scored(scenario, _attempt(scenario, answers=wrong), acknowledged=(), elapsed_s=23))["time"]
    assert not rushed.met and not rushed.counted and rushed.follows == "answers as the caller gave them"


def test_the_storm_flag_objective_is_met_by_a_flag_request_not_by_acknowledging():
    scenario = load_scenario(scenarios.find_scenario("west-yorkshire-amber"))
    assert "storm_flag" not in scenario.data.expected.acknowledged
    prompts = [p.id for p in scenario.pack.prompts]
    key = "flag:repeat_victim"
    # The prompt that suggests a flag acknowledged, no flag requested: missed.
    card = _scored(scenario, _attempt(scenario, flag_requests=[]), acknowledged=tuple(prompts))
    item = _by_key(card)[key]
    assert (item.met, item.actual, item.item) == (False, "not requested", "flag requested: repeat victim flag")
    assert item.source == "Seed 002 'Storm Flag System'"
    # Requested (Ctrl+F on the desk; flag_requests in an attempt): met, with nothing acknowledged.
    card = _scored(scenario, _attempt(scenario, flag_requests=[{"kind": "repeat_victim", "on": "location"}]))
    assert _by_key(card)[key].met
    # Another kind of flag does not meet it.
    card = _scored(scenario, _attempt(scenario, flag_requests=[{"kind": "warning_marker"}]))
    assert not _by_key(card)[key].met


def test_risk_level_at_least_both_sides(tmp_path):
    at_least = load_scenario(_edited(tmp_path, "  risk_level: standard", "  risk_level: {at_least: standard}"))
    assert _by_key(scenarios.check(at_least))["risk_level"].met
    higher = load_scenario(_edited(tmp_path, "  risk_level: standard", "  risk_level: {at_least: medium}"))
    item = _by_key(scenarios.score(higher, higher.expected_call(), ()))["risk_level"]
    assert (item.met, item.expected, item.actual) == (False, "at least Medium risk", "Standard risk")


def test_the_why_is_one_short_sentence_with_its_source_in_words():
    """The grade's 'why' was a 900-character paragraph with raw ids (issue 22.5)."""
    scenario = load_scenario(scenarios.find_scenario("west-yorkshire-amber"))
    answers = {**scenario.answers(), "repeat": [], "physical_injury": True}
    card = _scored(scenario, _attempt(scenario, answers=answers), acknowledged=())
    for item in card.items:
        if item.counted and not item.met:
            assert item.why and len(item.why) <= 300, item
            assert item.why.count(". ") == 0 and item.why.endswith((".", "…")), item.why
            assert item.source and len(item.source) <= 110, item.source
    grade = _by_key(scenarios.check(scenario))["grade"]
    assert grade.expected == "Allocate to an NPT sergeant" and "npt_sergeant" not in grade.why
    assert grade.why == "The grade for this call is 'Allocate to an NPT sergeant' (Amber (medium level incident))."
    assert grade.source == "Seed 002 ASB Service Standards (Amber intervention plan)"
    text = card.text()
    assert "npt_sergeant" not in text and "ring_back" not in text and "repeat_victim" not in text
    assert "Taken: 15 Jan 2026 14:00" in text


def test_a_referral_withheld_for_want_of_consent_needs_its_reason_written():
    scenario = load_scenario(scenarios.find_scenario("cambridgeshire-consent-refused"))
    assert scenario.data.expected.withheld
    rid = scenario.data.expected.withheld[0]

    def item(**changes):
        return _by_key(_scored(scenario, _attempt(scenario, **changes), acknowledged=()))[f"withheld:{rid}"]

    assert item().met and item().actual == "not made, why written"
    unwritten = {k: v for k, v in scenario.expected_input()["consent_not_made"].items() if k != rid}
    missed = item(consent_not_made=unwritten)
    assert (missed.met, missed.actual) == (False, "not made, why not written")
    assert missed.source == "Seed 003 para 34"
    shared = item(consent_not_made=unwritten, shared_without_consent={rid: "Safeguarding: the caller is at risk"})
    assert (shared.met, shared.actual) == (False, "made without consent")


# ------------------------------------------------------------------ the attempt file (issue 22.5)


def test_an_attempt_is_scored_with_the_scenarios_history_whatever_the_file_says(tmp_path, capsys):
    """The same answers scored 50 % with the history copied in and 10 % without (issue 22):
    the history is the scenario's. An attempt with no history scores as the scenario's
    caller; one that brings its own is refused in words."""
    scenario = load_scenario(scenarios.find_scenario("west-yorkshire-amber"))
    assert scenario.data.caller.history  # reported five weeks ago: a repeat victim
    attempt = tmp_path / "attempt.json"
    attempt.write_text(json.dumps({**_attempt(scenario), "elapsed_s": 200}))
    assert main(["scenario", "score", "west-yorkshire-amber", "--attempt", str(attempt)]) == 0
    scored = json.loads(capsys.readouterr().out)
    assert scored["score"] == 100, scored
    # The caller's history came from the scenario: the repeat rule and the amber grade hold.
    call = scenarios.parse_attempt(scenario, _attempt(scenario)).call
    assert [h.incident_code for h in call.history] == ["802"]
    assert call.history == scenario.history(call.now)
    for key, value in (
        ("history", []),
        ("history", [{"occurred_at": "2025-12-12T13:00:00Z", "incident_code": "802"}]),
        ("address_history", []),
        ("flags", ["vulnerable_victim"]),
    ):
        attempt.write_text(json.dumps({**_attempt(scenario), key: value}))
        assert main(["scenario", "score", "west-yorkshire-amber", "--attempt", str(attempt)]) == 2
        captured = capsys.readouterr()
        assert captured.out == ""
        assert captured.err.startswith(f"asbdesk: {key}: an attempt does not bring the caller's")
        assert "scenario 'west-yorkshire-amber' gives it" in captured.err and f"take '{key}' out" in captured.err
    attempt.write_text(
        json.dumps({**_attempt(scenario), "caller": {"name": "Priya Chauhan", "flags": [{"kind": "location"}]}})
    )
    assert main(["scenario", "score", "west-yorkshire-amber", "--attempt", str(attempt)]) == 2
    assert capsys.readouterr().err.startswith("asbdesk: caller.flags: an attempt does not bring the caller's flags")


def test_unknown_prompt_ids_in_acknowledged_are_refused(tmp_path, capsys):
    scenario = load_scenario(HATE)
    attempt = tmp_path / "attempt.json"
    attempt.write_text(
        json.dumps({**_attempt(scenario), "acknowledged": ["hate_mandatory_attendance", "hate_mandatory"]})
    )
    assert main(["scenario", "score", "west-mercia-hate", "--attempt", str(attempt)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(
        "asbdesk: acknowledged[1]: 'hate_mandatory' is not a prompt of pack 'west-mercia'; "
        "did you mean 'hate_mandatory_attendance'?"
    )
    # Known ones (the pack's, the national ones, a consent prompt) are taken.
    attempt.write_text(
        json.dumps({**_attempt(scenario), "acknowledged": ["hate_mandatory_attendance", "national.emergency"]})
    )
    assert main(["scenario", "score", "west-mercia-hate", "--attempt", str(attempt)]) == 0
    capsys.readouterr()


def test_scenario_commands(tmp_path, capsys):
    assert main(["scenario", "list", "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert {"id": "west-mercia-hate", "pack": "west-mercia", "channel": "phone"}.items() <= next(
        s for s in listed if s["id"] == "west-mercia-hate"
    ).items()
    assert all(set(s) == {"id", "title", "pack", "channel", "seed"} for s in listed)
    assert main(["scenario", "show", "west-mercia-hate", "--format", "json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["expected"]["grade"] == "mandatory_attendance" and shown["script"]["replies"]["q8"]["answer"] is True
    scenario = load_scenario(HATE)
    attempt = tmp_path / "attempt.json"
    attempt.write_text(
        json.dumps(
            {
                **_attempt(scenario),
                "operator": "tess",
                "acknowledged": ["hate_mandatory_attendance"],
                "elapsed_s": 200,
                "keys": 90,
            }
        )
    )
    assert main(["scenario", "score", "west-mercia-hate", "--attempt", str(attempt)]) == 0
    scored = json.loads(capsys.readouterr().out)
    assert scored["scenario"] == "west-mercia-hate" and scored["score"] == 100
    assert (scored["trainee"], scored["date"]) == ("tess", "2026-01-15T14:00:00+00:00")
    assert all(set(i) >= {"key", "item", "expected", "actual", "met", "counted", "result"} for i in scored["items"])
    assert main(["scenario", "score", "west-mercia-hate", "--attempt", str(attempt), "--format", "text"]) == 0
    text = capsys.readouterr().out
    assert "Trainee: tess · Taken: 15 Jan 2026 14:00" in text and "Score: 100%" in text


def test_the_scorecard_csv_has_scenario_trainee_date_and_score_columns(tmp_path, capsys):
    scenario = load_scenario(HATE)
    attempt = tmp_path / "attempt.json"
    answers = {**scenario.answers(), "q8": False}
    attempt.write_text(json.dumps({**_attempt(scenario, answers=answers), "elapsed_s": 200}))
    args = ["scenario", "score", "west-mercia-hate", "--attempt", str(attempt), "--format", "csv", "--trainee", "tess"]
    assert main(args) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert list(rows[0])[:4] == ["scenario", "trainee", "date", "score"]
    card = _scored(scenario, _attempt(scenario, answers=answers), elapsed_s=200)
    assert {(r["scenario"], r["trainee"], r["score"]) for r in rows} == {("west-mercia-hate", "tess", str(card.score))}
    local = scenarios.CHECK_NOW.astimezone().strftime("%Y-%m-%d %H:%M")
    assert {r["date"] for r in rows} == {local}
    by_item = {r["item"]: r for r in rows}
    assert by_item["grade"]["result"] == "follows" and by_item["answers as the caller gave them"]["result"] == "missed"
    assert by_item["answers as the caller gave them"]["source"] == scenarios.SCRIPT_SOURCE


@pytest.mark.parametrize(
    ("attempt", "field"),
    [
        ({"acknowledged": "hate"}, "acknowledged"),
        ({"elapsed_s": -1}, "elapsed_s"),
        ({"keys": 1.5}, "keys"),
        ({"answers": {"q8": "perhaps"}}, "answers.q8"),
        ({"incident_code": None}, "incident_code"),
        ({"flag_requests": [{"kind": "storm"}]}, "flag_requests[0].kind"),
        ({"flag_requests": [{"kind": "repeat_victim", "where": "person"}]}, "flag_requests[0].where"),
    ],
)
def test_a_bad_attempt_exits_2_naming_the_field(tmp_path, capsys, attempt, field):
    scenario = load_scenario(HATE)
    path = tmp_path / "attempt.json"
    data = {**_attempt(scenario), **attempt}
    data = {k: v for k, v in data.items() if v is not None}
    path.write_text(json.dumps(data))
    assert main(["scenario", "score", "west-mercia-hate", "--attempt", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"asbdesk: {field}") and "Traceback" not in err


def test_an_unknown_scenario_exits_2(capsys):
    assert main(["scenario", "show", "no-such-scenario"]) == 2
    assert "no such scenario" in capsys.readouterr().err


def test_the_documented_attempt_scores_as_documented(tmp_path, capsys, monkeypatch):
    """docs/scenarios.md's attempt JSON, scored, prints the scorecard the docs show."""
    import time

    from tests.conftest import REPO

    monkeypatch.setenv("TZ", "Europe/London")
    time.tzset()
    try:
        doc = (REPO / "docs" / "scenarios.md").read_text(encoding="utf-8")
        section = doc[doc.index("### The attempt JSON") :]
        start = section.index("```json\n") + len("```json\n")
        attempt = tmp_path / "attempt.json"
        attempt.write_text(section[start : section.index("```", start)], encoding="utf-8")
        output = doc[doc.index("#### Output") :]
        start = output.index("```\n") + len("```\n")
        expected = output[start : output.index("```", start)]
        assert main(["scenario", "score", "west-yorkshire-amber", "--attempt", str(attempt), "--format", "text"]) == 0
        assert capsys.readouterr().out == expected
    finally:
        monkeypatch.undo()
        time.tzset()
