"""Each way a pack can be wrong is rejected with its file, line, item and reason."""

from __future__ import annotations

import textwrap
from datetime import UTC
from pathlib import Path

import pytest

from asbdesk.core.packs import PackError, load_pack

PACK = """\
pack:
  id: tiny
  name: Tiny test pack
  version: "1.0"
  source: test fixture
levels:
  - {id: standard, label: Standard}
  - {id: high, label: High}
"""

CODES = """\
codes:
  - code: "801"
    label: Personal ASB
    category: personal
    question_sets: [main]
"""

QUESTIONS = """\
question_sets:
  - id: main
    title: Main
    questions:
      - id: q1
        text: Were weapons involved or mentioned?
        type: yes_no
        options:
          - {id: no, label: "No", score: 0}
          - {id: yes, label: "Yes", score: 5}
      - id: q2
        text: What type?
        type: single
        show_if: {answer: q1, equals: true}
        options:
          - {id: knife, label: Knife, score: 2}
          - {id: other, label: Other, score: 1}
"""

RULES = """\
matrix:
  title: Matrix
  source: test fixture
  sections:
    - {id: s1, label: Section one, questions: [q1, q2]}
  thresholds:
    - {level: standard, min: 0, max: 4}
    - {level: high, min: 5}
grading:
  source: test fixture
  grades:
    - {id: attend, label: Attend}
    - {id: later, label: Later}
  rules:
    - {when: {level: high}, grade: attend, source: test fixture}
  default: later
rag:
  source: test fixture
"""


def write_pack(tmp_path: Path, **files: str) -> Path:
    folder = tmp_path / "tiny"
    folder.mkdir()
    contents = {"pack.yaml": PACK, "codes.yaml": CODES, "questions.yaml": QUESTIONS, "rules.yaml": RULES}
    contents.update(
        {name.replace("_", ".", 1) if name.endswith("_yaml") else name: text for name, text in files.items()}
    )
    for name, text in contents.items():
        if text is not None:
            (folder / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


def problems(folder: Path) -> list[str]:
    with pytest.raises(PackError) as caught:
        load_pack(folder)
    return [str(issue) for issue in caught.value.issues]


def test_the_fixture_pack_is_valid(tmp_path):
    pack = load_pack(write_pack(tmp_path))
    assert pack.id == "tiny"
    assert pack.score_range == (0, 7)
    assert len(pack.content_hash) == 64


def test_hash_changes_with_content(tmp_path):
    first = load_pack(write_pack(tmp_path)).content_hash
    (tmp_path / "tiny" / "codes.yaml").write_text(CODES.replace("Personal ASB", "Personal ASB!"), encoding="utf-8")
    assert load_pack(tmp_path / "tiny").content_hash != first


def test_unknown_key_names_file_line_and_item(tmp_path):
    questions = QUESTIONS.replace("        type: single\n", "        type: single\n        colour: red\n")
    assert problems(write_pack(tmp_path, questions_yaml=questions)) == [
        "questions.yaml:14: question_sets[main].questions[q2].colour: unknown key (known: id, text, "
        "text_in_person, help, type, options, mandatory, show_if, audience, source)"
    ]


def test_a_misspelt_key_gets_the_nearest_known_one(tmp_path):
    questions = QUESTIONS.replace("        show_if:", "        shw_if:")
    [problem] = problems(write_pack(tmp_path, questions_yaml=questions))
    assert problem.startswith(
        "questions.yaml:14: question_sets[main].questions[q2].shw_if: unknown key; did you mean 'show_if'?"
    )


def test_missing_required_key(tmp_path):
    codes = CODES.replace("    category: personal\n", "")
    assert problems(write_pack(tmp_path, codes_yaml=codes)) == [
        "codes.yaml:2: codes[801].category: required key is missing"
    ]


def test_wrong_value_kind(tmp_path):
    questions = QUESTIONS.replace("score: 5", "score: lots")
    [problem] = problems(write_pack(tmp_path, questions_yaml=questions))
    assert problem.startswith("questions.yaml:10: question_sets[main].questions[q1].options[yes].score:")
    assert "integer" in problem and "'lots'" in problem


def test_unknown_category(tmp_path):
    [problem] = problems(write_pack(tmp_path, codes_yaml=CODES.replace("personal", "personl")))
    assert problem == (
        "codes.yaml:4: codes[801].category: unknown value 'personl'; did you mean 'personal'? "
        "(known: personal, nuisance, environmental, other)"
    )


def test_duplicate_question_id(tmp_path):
    questions = (
        QUESTIONS + "  - id: second\n    title: Second\n    questions:\n      - {id: q1, text: Again?, type: yes_no}\n"
    )
    assert problems(write_pack(tmp_path, questions_yaml=questions)) == [
        "questions.yaml:21: question_sets[second].questions[q1].id: duplicate question id 'q1' (also in question set 'main')"
    ]


def test_duplicate_option_id_points_at_the_second_option(tmp_path):
    # Issue 19.6: the option listed twice (line 17), not the question (line 11).
    questions = QUESTIONS.replace("{id: other,", "{id: knife,")
    [problem] = problems(write_pack(tmp_path, questions_yaml=questions))
    assert problem == (
        "questions.yaml:17: question_sets[main].questions[q2].options[knife].id: option 'knife' is listed twice "
        "in question 'q2' (first at questions.yaml:16)"
    )


def test_duplicate_option_in_block_style_points_at_its_own_line(tmp_path):
    questions = QUESTIONS.replace(
        "          - {id: other, label: Other, score: 1}\n",
        "          - id: other\n            label: Other\n            score: 1\n          - id: knife\n            label: Knife again\n            score: 1\n",
    )
    [problem] = problems(write_pack(tmp_path, questions_yaml=questions))
    assert problem.startswith("questions.yaml:20: question_sets[main].questions[q2].options[knife].id: option 'knife'")
    assert problem.endswith("(first at questions.yaml:16)")


def test_duplicate_yes_no_option_points_at_the_second_option(tmp_path):
    questions = QUESTIONS.replace('{id: no, label: "No", score: 0}', '{id: yes, label: "No", score: 0}').replace(
        '          - {id: yes, label: "Yes", score: 5}\n',
        '          - {id: yes, label: "Yes", score: 5}\n          - {id: no, label: "No", score: 0}\n',
    )
    [problem] = problems(write_pack(tmp_path, questions_yaml=questions))
    assert problem.startswith("questions.yaml:10: question_sets[main].questions[q1].options[yes].id: option 'yes'")


def test_duplicate_yaml_key(tmp_path):
    codes = CODES.replace("    category: personal\n", "    category: personal\n    category: nuisance\n")
    assert problems(write_pack(tmp_path, codes_yaml=codes)) == [
        "codes.yaml:5: codes[0]: the key 'category' is given twice (first on line 4); keep one"
    ]


def test_yaml_syntax_error_has_line(tmp_path):
    # The bracket is opened on line 6; ruamel stops where the file ends (line 7).
    [problem] = problems(write_pack(tmp_path, codes_yaml=CODES + "  - code: [unclosed\n"))
    assert problem == "codes.yaml:6: the '[' opened on this line is never closed with ']'"


def test_top_level_key_in_two_files(tmp_path):
    [problem] = problems(write_pack(tmp_path, more_yaml="codes: []\n"))
    assert problem == "more.yaml:1: codes: already defined in codes.yaml"


def test_unknown_top_level_key(tmp_path):
    [problem] = problems(write_pack(tmp_path, more_yaml="flags: []\n"))
    assert problem.startswith("more.yaml:1: flags: unknown top-level key (known: pack, levels, codes")
    again = tmp_path / "again"
    again.mkdir()
    [problem] = problems(write_pack(again, more_yaml="prompt: []\n"))
    assert problem.startswith("more.yaml:1: prompt: unknown top-level key; did you mean 'prompts'? (known: pack,")


def test_reference_to_unknown_question(tmp_path):
    questions = QUESTIONS.replace("{answer: q1, equals: true}", "{answer: q9, equals: true}")
    assert problems(write_pack(tmp_path, questions_yaml=questions)) == [
        "questions.yaml:14: question_sets[main].questions[q2].show_if.answer: unknown question 'q9' (known: q1, q2)"
    ]


def test_a_misspelt_question_gets_the_nearest_known_one(tmp_path):
    questions = QUESTIONS.replace("{answer: q1, equals: true}", "{answer: Q1, equals: true}")
    assert problems(write_pack(tmp_path, questions_yaml=questions)) == [
        "questions.yaml:14: question_sets[main].questions[q2].show_if.answer: unknown question 'Q1'; did you mean "
        "'q1'? (known: q1, q2)"
    ]


def test_reference_to_option_of_another_question(tmp_path):
    rules = RULES.replace("{when: {level: high}", "{when: {answer: q2, equals: maybe}")
    [problem] = problems(write_pack(tmp_path, rules_yaml=rules))
    assert problem == "rules.yaml:15: grading.rules[0].when: 'q2' has no option(s) ['maybe'] (known: knife, other)"
    rules = RULES.replace("{when: {level: high}", "{when: {answer: q2, equals: knive}")
    again = tmp_path / "again"
    again.mkdir()
    [problem] = problems(write_pack(again, rules_yaml=rules))
    assert problem.endswith("'q2' has no option(s) ['knive']; did you mean 'knife'? (known: knife, other)")


def test_yes_no_tested_with_an_option_id(tmp_path):
    questions = QUESTIONS.replace("{answer: q1, equals: true}", "{answer: q1, equals: yes}")
    [problem] = problems(write_pack(tmp_path, questions_yaml=questions))
    assert "'q1' is a yes/no question: test it with 'equals: true' or 'equals: false'" in problem
    assert problem.startswith("questions.yaml:14: question_sets[main].questions[q2].show_if:")


def test_cycle_between_questions(tmp_path):
    questions = QUESTIONS.replace(
        "        text: Were weapons involved or mentioned?\n",
        "        text: Were weapons involved or mentioned?\n        show_if: {answer: q2, equals: knife}\n",
    )
    [problem] = problems(write_pack(tmp_path, questions_yaml=questions))
    assert "show_if conditions form a cycle: q1 -> q2 -> q1" in problem or "cycle: q2 -> q1 -> q2" in problem
    assert problem.startswith("questions.yaml:")


def test_condition_using_a_fact_decided_later(tmp_path):
    questions = QUESTIONS.replace("{answer: q1, equals: true}", "{grade: attend}")
    [problem] = problems(write_pack(tmp_path, questions_yaml=questions))
    assert problem == (
        "questions.yaml:14: question_sets[main].questions[q2].show_if: refers to something decided after "
        "the question visibility (it needs RAG rules)"
    )


def test_malformed_condition_is_named_with_its_place(tmp_path):
    questions = QUESTIONS.replace("{answer: q1, equals: true}", "{any: [{answer: q1, equals: true}, {eval: x}]}")
    [problem] = problems(write_pack(tmp_path, questions_yaml=questions))
    assert problem.startswith(
        "questions.yaml:14: question_sets[main].questions[q2].show_if: unknown condition operator 'eval'"
    )
    assert "(at any[1])" in problem


def test_overlapping_thresholds(tmp_path):
    rules = RULES.replace("{level: high, min: 5}", "{level: high, min: 4}")
    assert problems(write_pack(tmp_path, rules_yaml=rules)) == [
        "rules.yaml:8: matrix.thresholds[1]: overlap: score 4 is already covered by the threshold before"
    ]


def test_gapped_thresholds(tmp_path):
    rules = RULES.replace("{level: high, min: 5}", "{level: high, min: 7}")
    assert problems(write_pack(tmp_path, rules_yaml=rules)) == [
        "rules.yaml:8: matrix.thresholds[1]: gap: no level covers scores 5 to 6"
    ]


def test_thresholds_that_stop_short_of_the_top_score(tmp_path):
    rules = RULES.replace("{level: high, min: 5}", "{level: high, min: 5, max: 6}")
    assert problems(write_pack(tmp_path, rules_yaml=rules)) == [
        "rules.yaml:8: matrix.thresholds[1]: scores up to 7 are possible but the last threshold ends at 6"
    ]


def test_thresholds_must_start_at_zero(tmp_path):
    rules = RULES.replace("{level: standard, min: 0, max: 4}", "{level: standard, min: 1, max: 4}")
    assert problems(write_pack(tmp_path, rules_yaml=rules)) == [
        "rules.yaml:7: matrix.thresholds[0]: gap: no level covers scores 0 to 0"
    ]


def test_scored_question_without_scores(tmp_path):
    questions = QUESTIONS.replace("{id: other, label: Other, score: 1}", "{id: other, label: Other}")
    assert problems(write_pack(tmp_path, questions_yaml=questions)) == [
        "rules.yaml:5: matrix.sections[s1].questions[1]: question 'q2' is scored but option(s) ['other'] have no score"
    ]


def test_unknown_question_set_and_level_and_grade(tmp_path):
    codes = CODES.replace("[main]", "[main, extra]")
    rules = RULES.replace("{level: high, min: 5}", "{level: severe, min: 5}").replace("default: later", "default: soon")
    found = problems(write_pack(tmp_path, codes_yaml=codes, rules_yaml=rules))
    assert "codes.yaml:5: codes[801].question_sets[1]: unknown question set 'extra' (known: main)" in found
    assert "rules.yaml:8: matrix.thresholds[1].level: unknown level 'severe' (known: standard, high)" in found
    assert "rules.yaml:16: grading.default: unknown grade 'soon' (known: attend, later)" in found


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        (
            "codes",
            "[main]",
            "[mian]",
            "codes.yaml:5: codes[801].question_sets[0]: unknown question set 'mian'; did you mean 'main'? (known: main)",
        ),
        (
            "rules",
            "{level: high, min: 5}",
            "{level: hihg, min: 5}",
            "rules.yaml:8: matrix.thresholds[1].level: unknown level 'hihg'; did you mean 'high'? (known: standard, high)",
        ),
        (
            "rules",
            "grade: attend",
            "grade: atend",
            "rules.yaml:15: grading.rules[0].grade: unknown grade 'atend'; did you mean 'attend'? (known: attend, later)",
        ),
        (
            "rules",
            "{when: {level: high}",
            "{when: {level: hihg}",
            "rules.yaml:15: grading.rules[0].when.level: unknown level 'hihg'; did you mean 'high'? (known: standard, high)",
        ),
        (
            "rules",
            "questions: [q1, q2]",
            "questions: [q1, q22]",
            "rules.yaml:5: matrix.sections[s1].questions[1]: unknown question 'q22'; did you mean 'q2'? (known: q1, q2)",
        ),
        (
            "rules",
            "{when: {level: high}",
            "{when: {prompt: national.crime_recording.hat}",
            "rules.yaml:15: grading.rules[0].when.prompt: unknown prompt 'national.crime_recording.hat'; did you mean 'national.crime_recording.hate'? (known: national.emergency, national.case_review, national.crime_recording.harassment, national.crime_recording.alarm_distress, national.crime_recording.criminal_damage, national.crime_recording.assault, national.crime_recording.hate, national.stalking_screening)",
        ),
        (
            "rules",
            "{when: {level: high}",
            "{when: {channel: walkin}",
            "rules.yaml:15: grading.rules[0].when: unknown channel 'walkin'; did you mean 'walk-in'? (known: phone, walk-in) (at channel)",
        ),
    ],
    ids=["question-set", "level", "grade", "level-in-condition", "question", "prompt", "channel"],
)
def test_every_unknown_id_says_did_you_mean_and_lists_the_known_ones(tmp_path, file, old, new, expected):
    texts = {"codes": CODES, "rules": RULES}
    assert old in texts[file]
    folder = write_pack(tmp_path, **{f"{file}_yaml": texts[file].replace(old, new, 1)})
    assert problems(folder) == [expected]


def test_a_long_list_of_known_ids_is_cut(tmp_path):
    codes = CODES + "".join(
        f"  - {{code: 'c{n:02}', label: Code {n}, category: nuisance, question_sets: [main]}}\n" for n in range(20)
    )
    rules = (
        RULES
        + "repeat_rules:\n  - {id: r, label: repeat, count: 3, window_days: 30, codes: [c99x], source: test fixture}\n"
    )
    [problem] = problems(write_pack(tmp_path, codes_yaml=codes, rules_yaml=rules))
    assert problem.endswith(
        "unknown incident code 'c99x' (known: 801, c00, c01, c02, c03, c04, c05, c06, c07, c08, c09, c10, ... and 9 more)"
    )


def test_yes_no_question_needs_exactly_yes_and_no(tmp_path):
    questions = QUESTIONS.replace('{id: no, label: "No", score: 0}', '{id: nope, label: "No", score: 0}')
    [problem] = problems(write_pack(tmp_path, questions_yaml=questions))
    assert "a yes_no question has exactly the options 'yes' and 'no', found ['nope', 'yes']" in problem


def test_pack_id_must_match_folder(tmp_path):
    [problem] = problems(write_pack(tmp_path, pack_yaml=PACK.replace("id: tiny", "id: other")))
    assert problem == "pack.yaml:2: pack.id: the pack id 'other' must match its folder name 'tiny'"


# ---------------------------------------------------------------- the national layer


def test_a_pack_without_a_national_block_inherits_every_national_rule(tmp_path):
    from asbdesk.core.packs.national import NATIONAL_PROMPT_IDS

    pack = load_pack(write_pack(tmp_path))
    assert [p.id for p in pack.prompts] == list(NATIONAL_PROMPT_IDS)
    # No answer of the pack is mapped, so the national layer asks its own questions.
    asked = [q.id for q in pack.questions_for("801")]
    assert asked[0] == "national_immediate_danger" and asked[1:3] == ["q1", "q2"]
    assert asked[3:] == [
        "national_violence",
        "national_property_damage",
        "national_alarm_distress",
        "national_hate",
        "national_stalking",
    ]
    # Its emergency grade is the national one: the pack names none.
    assert pack.emergency_grade == "national.emergency" and pack.grade_order[0].label == "Emergency"


def test_a_signal_the_pack_maps_replaces_the_national_question(tmp_path):
    rules = RULES + "national:\n  signals:\n    weapons: {answer: q1, equals: true}\n"
    pack = load_pack(write_pack(tmp_path, rules_yaml=rules))
    asked = [q.id for q in pack.questions_for("801")]
    assert "national_immediate_danger" not in asked and asked[:2] == ["q1", "q2"]


def test_switching_a_national_rule_off_needs_a_written_reason_and_source(tmp_path):
    rules = RULES + "national:\n  switched_off:\n    stalking_screening: {reason: no, source: x}\n"
    found = problems(write_pack(tmp_path, rules_yaml=rules))
    assert any("national.switched_off.stalking_screening.reason" in p and "at least 20 characters" in p for p in found)
    assert any("national.switched_off.stalking_screening.source" in p and "at least 3 characters" in p for p in found)


def test_a_rule_switched_off_with_a_reason_is_gone_and_its_question_not_asked(tmp_path):
    rules = RULES + (
        "national:\n  switched_off:\n    stalking_screening:\n"
        "      reason: The force screens for stalking on its separate domestic abuse line.\n"
        "      source: test fixture\n"
    )
    pack = load_pack(write_pack(tmp_path, rules_yaml=rules))
    assert "national.stalking_screening" not in {p.id for p in pack.prompts}
    assert "national_stalking" not in pack.questions


def test_an_unknown_national_rule_cannot_be_switched_off(tmp_path):
    rules = RULES + "national:\n  switched_off:\n    curfew: {reason: twenty characters or more here, source: x y z}\n"
    assert any("national.switched_off.curfew" in p for p in problems(write_pack(tmp_path, rules_yaml=rules)))


@pytest.mark.parametrize(
    ("threshold", "months", "ok"),
    [(3, 6, True), (2, 6, True), (3, 12, True), (4, 6, False), (3, 5, False), (3, 121, False)],
)
def test_case_review_threshold_never_past_the_statutory_ceiling(tmp_path, threshold, months, ok):
    # 2014 Act s104: a force may set its threshold at no more than 3 complaints in 6 months.
    rules = RULES + f"national:\n  case_review: {{threshold: {threshold}, window_months: {months}}}\n"
    folder = write_pack(tmp_path, rules_yaml=rules)
    if ok:
        assert "national.case_review" in {p.id for p in load_pack(folder).prompts}
    else:
        [problem] = problems(folder)
        assert "national.case_review" in problem


def test_harassment_needs_a_personal_or_harassment_code_or_a_reason(tmp_path):
    # With no personal or harassment code the stalking answer still raises it (a course of
    # conduct, issue 21.2); with the stalking rule switched off too, nothing can.
    codes = CODES.replace("category: personal", "category: nuisance")
    no_stalking = RULES + (
        "national:\n  switched_off:\n    stalking_screening:\n"
        "      reason: The force screens for stalking on its separate domestic abuse line.\n"
        "      source: test fixture\n"
    )
    (tmp_path / "fireable").mkdir()
    fireable = load_pack(write_pack(tmp_path / "fireable", codes_yaml=codes))
    [harassment] = [p for p in fireable.prompts if p.id == "national.crime_recording.harassment"]
    assert "national_stalking" in {r.name for r in harassment.when.refs() if r.kind == "question"}
    [problem] = problems(write_pack(tmp_path, codes_yaml=codes, rules_yaml=no_stalking))
    assert (
        "the national rule 'crime_recording.harassment' applies to every force but nothing in this pack can fire it"
        in problem
    )
    assert "offence 'harassment' or category 'personal', or a signal 'stalking'" in problem
    again = tmp_path / "again"
    again.mkdir()
    with_405 = codes + "  - {code: '405', label: Harassment, category: other, offence: harassment}\n"
    assert "national.crime_recording.harassment" in {
        p.id for p in load_pack(write_pack(again, codes_yaml=with_405, rules_yaml=no_stalking)).prompts
    }


def test_national_question_ids_are_kept_for_the_national_layer(tmp_path):
    questions = QUESTIONS.replace("- id: q2", "- id: national_q2")
    assert any("kept for the national questions" in p for p in problems(write_pack(tmp_path, questions_yaml=questions)))


def test_every_problem_is_reported_at_once(tmp_path):
    codes = CODES.replace("[main]", "[nothing]")
    questions = QUESTIONS.replace("{answer: q1, equals: true}", "{answer: q9, equals: true}")
    assert len(problems(write_pack(tmp_path, codes_yaml=codes, questions_yaml=questions))) == 2


def test_not_utf8(tmp_path):
    folder = write_pack(tmp_path)
    (folder / "codes.yaml").write_bytes(b"codes: [\xff]\n")
    [problem] = problems(folder)
    assert problem.startswith("codes.yaml: not UTF-8 text")


def test_empty_folder(tmp_path):
    (tmp_path / "empty").mkdir()
    assert problems(tmp_path / "empty") == ["empty: the folder holds no .yaml files"]


def test_walk_in_wording_where_the_pack_gives_it(tmp_path):
    from datetime import datetime

    from asbdesk.core.call import Call
    from asbdesk.core.engine import Engine

    questions = QUESTIONS.replace(
        "        text: Were weapons involved or mentioned?\n",
        "        text: Were weapons involved or mentioned?\n        text_in_person: Did you see or hear of any weapons?\n",
    )
    engine = Engine(load_pack(write_pack(tmp_path, questions_yaml=questions)))
    now = datetime(2026, 11, 23, 14, 5, tzinfo=UTC)
    by_phone = next(q.text for q in engine.assess(Call("801", now, "phone")).questions if q.id == "q1")
    at_counter = next(q.text for q in engine.assess(Call("801", now, "walk-in")).questions if q.id == "q1")
    assert (by_phone, at_counter) == ("Were weapons involved or mentioned?", "Did you see or hear of any weapons?")


PUBLIC = """\
public:
  force: Tiny Police
  contact: Call 101, the police non-emergency number.
"""

RESPONSES = """\
responses:
  - id: attend
    when: {level: high}
    text: [Deploy now.]
    source: test fixture
    public: Officers will come to see you.
  - id: later
    when: {level: standard}
    text: [NPT to review on CC3.]
    source: test fixture
"""


def test_public_block_needs_public_text_on_every_response_plan(tmp_path):
    folder = write_pack(tmp_path, pack_yaml=PACK + PUBLIC, outcome_yaml=RESPONSES)
    found = problems(folder)
    assert len(found) == 1
    assert found[0].startswith("outcome.yaml:7: responses[later].public: response plan 'later' has no 'public' text")


def test_pack_without_public_block_is_valid_but_not_walk_in_ready(tmp_path):
    pack = load_pack(write_pack(tmp_path, outcome_yaml=RESPONSES))
    assert pack.data.public is None
    assert not pack.walk_in_ready


def test_pack_with_public_block_and_text_is_walk_in_ready(tmp_path):
    responses = RESPONSES + "    public: Your neighbourhood team will look at your report.\n"
    pack = load_pack(write_pack(tmp_path, pack_yaml=PACK + PUBLIC, outcome_yaml=responses))
    assert pack.walk_in_ready
    assert pack.data.public.force == "Tiny Police"


def test_unknown_key_in_public_block(tmp_path):
    public = PUBLIC + "  phone: '101'\n"
    assert problems(write_pack(tmp_path, pack_yaml=PACK + public)) == [
        "pack.yaml:12: public.phone: unknown key (known: force, contact, source, welsh)"
    ]


def test_public_block_needs_force_and_contact(tmp_path):
    assert problems(write_pack(tmp_path, pack_yaml=PACK + "public:\n  force: Tiny Police\n")) == [
        "pack.yaml:9: public.contact: required key is missing"
    ]


def test_every_show_if_cycle_is_reported_once(tmp_path):
    questions = "question_sets:\n  - id: main\n    title: Main\n    questions:\n" + "".join(
        f"      - {{id: {q}, text: {q}?, type: yes_no, show_if: {{answer: {after}, equals: true}}}}\n"
        for q, after in (("a", "c"), ("b", "a"), ("c", "b"), ("x", "y"), ("y", "x"))
    )
    rules = RULES.replace("questions: [q1, q2]", "questions: [a]").replace(
        "{level: high, min: 5}", "{level: high, min: 5}"
    )
    found = [p for p in problems(write_pack(tmp_path, questions_yaml=questions, rules_yaml=rules)) if "cycle" in p]
    assert len(found) == 2
    assert any("a -> c -> b -> a" in p for p in found) and any("x -> y -> x" in p or "y -> x -> y" in p for p in found)
