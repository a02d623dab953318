"""Training scenarios (issue 11): the format checked at load with file:line errors, the
expected outcome run through the engine (``scenario check``), attempts scored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from asbdesk.cli import main
from asbdesk.core import scenarios
from asbdesk.core.call import parse_call
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
        ('  phone: "0121 496 0417"', '  phone: "01632 960 417"', "caller.phone", "is not a valid phone number"),
    ],
)
def test_a_bad_scenario_is_refused_naming_file_line_and_item(tmp_path, old, new, item, message):
    path = _edited(tmp_path, old, new)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    [issue] = caught.value.issues
    assert issue.file == path.name and issue.item == item and message in issue.message
    assert issue.line == _line_of(path, new.split("\n")[0].strip())


def test_the_id_must_match_the_file_and_yaml_errors_are_located(tmp_path):
    with pytest.raises(ScenarioError, match="must match the file name 'other'"):
        load_scenario(_copy(tmp_path, name="other"))
    broken = _copy(tmp_path, HATE.read_text(encoding="utf-8").replace("objectives:", "objectives: [", 1))
    with pytest.raises(ScenarioError) as caught:
        load_scenario(broken)
    [issue] = caught.value.issues
    assert issue.line == _line_of(broken, "objectives: [")
    assert issue.message == "the '[' opened on this line is never closed with ']'"
    with pytest.raises(ScenarioError, match="unknown key"):
        load_scenario(_edited(tmp_path, "rare_high_harm: true", "rare_high_harm: true\nhidden: 1"))


def test_a_walk_in_needs_a_pack_with_wording_for_the_public(tmp_path):
    path = _edited(tmp_path, "pack: west-mercia\nchannel: phone", "pack: avon-and-somerset\nchannel: walk-in")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert any("takes no walk-ins" in i.message or "unknown" in i.message for i in caught.value.issues)


def test_check_fails_when_the_pack_no_longer_gives_the_expected_outcome(tmp_path, capsys):
    path = _edited(tmp_path, "  rag: amber", "  rag: red")
    code = main(["scenario", "check", str(path)])
    out = capsys.readouterr().out
    assert code == 1
    assert "FAIL west-mercia-hate: RAG: the scenario expects red, the pack 'west-mercia' now gives amber" in out
    assert main(["scenario", "check", str(HATE)]) == 0


def _attempt(scenario, **changes):
    data = scenario.expected_input()
    data.update(changes)
    return data


def test_a_good_attempt_scores_100_and_each_mistake_is_missed_with_its_source():
    scenario = load_scenario(HATE)
    good = parse_call(scenario.pack, _attempt(scenario))
    card = scenarios.score(scenario, good, ("hate_mandatory_attendance",), elapsed_s=300, keys=140)
    assert card.score == 100 and card.missed() == ()
    # Q8 answered No: no hate prompt, so nothing to acknowledge, the wrong grade.
    answers = {**scenario.answers(), "q8": False}
    wrong = parse_call(scenario.pack, _attempt(scenario, answers=answers))
    card = scenarios.score(scenario, wrong, (), elapsed_s=500)
    missed = {i.item: i for i in card.missed()}
    assert set(missed) == {"prompt acknowledged: hate_mandatory_attendance", "grade", "RAG", "time taken"}
    assert missed["prompt acknowledged: hate_mandatory_attendance"].actual == "did not fire"
    assert "Seed 003 Annex B" in missed["prompt acknowledged: hate_mandatory_attendance"].source
    assert missed["time taken"].expected == "within 420 s" and missed["time taken"].actual == "500 s"
    assert card.score == round(100 * (len(card.items) - 4) / len(card.items))
    # Q8 not asked at all, and THRIVE left empty.
    skipped = {k: v for k, v in scenario.answers().items() if k != "q8"}
    bare = parse_call(scenario.pack, _attempt(scenario, answers=skipped, rationale={}))
    missed = {i.item: i for i in scenarios.score(scenario, bare, ()).missed()}
    assert missed["mandatory questions asked"].actual == "2 of 3 (not asked: q8)"
    assert "Seed 003 Annex B (West Mercia, 8" in missed["mandatory questions asked"].source
    assert missed["THRIVE written"].actual == "0 of 6 headings"


def test_time_at_the_target_is_met_one_second_over_is_not():
    scenario = load_scenario(HATE)
    call = parse_call(scenario.pack, _attempt(scenario))
    met = {i.item: i.met for i in scenarios.score(scenario, call, ("hate_mandatory_attendance",), 420).items}
    over = {i.item: i.met for i in scenarios.score(scenario, call, ("hate_mandatory_attendance",), 421).items}
    assert met["time taken"] and not over["time taken"]


def test_risk_level_at_least_both_sides(tmp_path):
    at_least = load_scenario(_edited(tmp_path, "  risk_level: standard", "  risk_level: {at_least: standard}"))
    call = at_least.expected_call()
    assert {i.item: i.met for i in scenarios.score(at_least, call, ("hate_mandatory_attendance",)).items}["risk level"]
    higher = load_scenario(_edited(tmp_path, "  risk_level: standard", "  risk_level: {at_least: medium}"))
    item = {i.item: i for i in scenarios.score(higher, higher.expected_call(), ()).items}["risk level"]
    assert (item.met, item.expected, item.actual) == (False, "at least medium", "standard")


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
        json.dumps({**_attempt(scenario), "acknowledged": ["hate_mandatory_attendance"], "elapsed_s": 200, "keys": 90})
    )
    assert main(["scenario", "score", "west-mercia-hate", "--attempt", str(attempt)]) == 0
    scored = json.loads(capsys.readouterr().out)
    assert scored["scenario"] == "west-mercia-hate" and scored["score"] == 100
    assert all(set(i) >= {"item", "expected", "actual", "met"} for i in scored["items"])


@pytest.mark.parametrize(
    ("attempt", "field"),
    [
        ({"acknowledged": "hate"}, "acknowledged"),
        ({"elapsed_s": -1}, "elapsed_s"),
        ({"keys": 1.5}, "keys"),
        ({"answers": {"q8": "perhaps"}}, "answers.q8"),
        ({"incident_code": None}, "incident_code"),
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


def test_a_referral_withheld_for_want_of_consent_needs_its_reason_written():
    scenario = load_scenario(scenarios.find_scenario("cambridgeshire-consent-refused"))
    assert scenario.data.expected.withheld
    rid = scenario.data.expected.withheld[0]

    def item(**changes):
        call = parse_call(scenario.pack, _attempt(scenario, **changes))
        items = {i.item: i for i in scenarios.score(scenario, call, ()).items}
        return items[f"referral withheld (no consent): {rid}"]

    assert item().met and item().actual == "not made, why written"
    unwritten = {k: v for k, v in scenario.expected_input()["consent_not_made"].items() if k != rid}
    missed = item(consent_not_made=unwritten)
    assert (missed.met, missed.actual) == (False, "not made, why not written")
    assert "Seed 003 para 34" in missed.source
    shared = item(consent_not_made=unwritten, shared_without_consent={rid: "Safeguarding: the caller is at risk"})
    assert (shared.met, shared.actual) == (False, "made without consent")
