"""Issue 19.6: a YAML mistake in a pack or a scenario is named in words, at the line of the
mistake, not in the parser's words one line late ("mapping values are not allowed here")."""

from __future__ import annotations

import pytest
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from asbdesk.core.packs import load_pack
from asbdesk.core.packs.yamlerrors import FALLBACK, explain
from asbdesk.core.scenarios import ScenarioError, load_scenario
from tests.conftest import REPO
from tests.core.test_pack_validation import QUESTIONS, problems, write_pack

# The fixture's questions.yaml, line by line (what each mistake below edits):
#  5       - id: q1
#  6         text: Were weapons involved or mentioned?
#  7         type: yes_no
# 11       - id: q2
# 12         text: What type?
# 13         type: single
# 14         show_if: {answer: q1, equals: true}
# 16           - {id: knife, label: Knife, score: 2}
# 17           - {id: other, label: Other, score: 1}
INDENTED = "this line is indented differently from the lines above it"
LIST_ITEM = "this list item ('- ') is indented differently from the items above it"
NO_COLON = (
    "a 'key: value' line is expected here but it has no ': ' (if it continues the text above, indent it like that text)"
)

MISTAKES = [
    # (id, text replaced, its replacement, line of the mistake, message)
    ("tab-indent", "        type: yes_no", "\ttype: yes_no", 7, "a tab character; use spaces"),
    ("tab-after-colon", "        type: yes_no", "        type:\tyes_no", 7, "a tab character; use spaces"),
    ("indented-more", "        type: yes_no", "         type: yes_no", 7, INDENTED),
    ("indented-less", "        type: yes_no", "       type: yes_no", 7, INDENTED),
    # ruamel stops on line 13; the mistake is on line 12
    (
        "no-space-after-colon",
        "        text: What type?",
        "        text:What",
        12,
        "put a space after the colon: 'text: What', not 'text:What'",
    ),
    ("no-colon", "        type: single", "        type single", 13, NO_COLON),
    # ruamel stops where the next quote is found, lines later
    (
        "unclosed-quote",
        "        text: What type?",
        '        text: "What type?',
        12,
        'the quote (") opened on this line is never closed',
    ),
    (
        "unclosed-quote-at-the-end",
        "{id: other, label: Other,",
        '{id: other, label: "Other,',
        17,
        'the quote (") opened on this line is never closed',
    ),
    (
        "quote-closed-early",
        "        text: What type?",
        '        text: "What "type"?"',
        12,
        'text follows the closing quote ("): a " inside the text is written \\"',
    ),
    (
        "unclosed-brace",
        "{answer: q1, equals: true}",
        "{answer: q1, equals: true",
        14,
        "the '{' opened on this line is never closed with '}'",
    ),
    (
        "unclosed-brace-in-a-list",
        "{id: knife, label: Knife, score: 2}",
        "{id: knife, label: Knife, score: 2",
        16,
        "the '{' opened on this line is never closed with '}'",
    ),
    (
        "colon-in-text",
        "        text: What type?",
        "        text: Weapons: what type?",
        12,
        'a colon followed by a space inside the text; put the text in quotes: text: "Weapons: what type?"',
    ),
    (
        "colon-in-text-in-braces",
        "label: Knife,",
        "label: Knife: kitchen,",
        16,
        "a second ': ' in one entry of this { }: put text that has a colon in quotes, or add the missing comma",
    ),
    ("list-item-indented-less", "      - id: q2", "     - id: q2", 11, LIST_ITEM),
    ("list-item-indented-more", "      - id: q2", "       - id: q2", 11, LIST_ITEM),
    (
        "text-starting-with-a-reserved-character",
        "        text: What type?",
        "        text: @type",
        12,
        "text cannot start with '@' here; put the text in quotes",
    ),
    (
        "text-starting-with-a-bracket",
        "        text: What type?",
        "        text: [Weapons] what type?",
        12,
        "text that starts with '{' or '[' must be put in quotes",
    ),
    # Inside { }: a quote closed early, a quote left open, a comma left out (issue 22.5:
    # scenarios write every reply this way).
    (
        "apostrophe-in-single-quotes-in-braces",
        "label: Knife,",
        "label: 'Knife, the caller's',",
        16,
        "text follows the closing quote ('): a ' inside the text is written ''",
    ),
    (
        "quote-left-open-in-braces",
        "label: Knife,",
        'label: "Knife,',
        16,
        'the quote (") opened on this line is never closed',
    ),
    (
        "comma-missing-after-quoted-text-in-braces",
        "label: Knife,",
        'label: "Knife"',
        16,
        "a comma is missing after the quoted text, before 'score:'",
    ),
    # A key line with no colon above the next key: ruamel stops a line late, on the next key.
    ("no-colon-above-a-key", "        text: What type?", "        text What type?", 12, NO_COLON),
    (
        "control-character",
        "        text: What type?",
        "        text: What\x07type?",
        12,
        "a control character (U+0007) that pack files may not hold; remove it",
    ),
]


@pytest.mark.parametrize(("old", "new", "line", "message"), [m[1:] for m in MISTAKES], ids=[m[0] for m in MISTAKES])
def test_each_mistake_is_named_in_words_at_its_line(tmp_path, old, new, line, message):
    assert old in QUESTIONS
    folder = write_pack(tmp_path, questions_yaml=QUESTIONS.replace(old, new, 1))
    assert problems(folder) == [f"questions.yaml:{line}: {message}"]


def test_a_key_given_twice_points_at_the_second_and_names_the_first(tmp_path):
    questions = QUESTIONS.replace("        type: single\n", "        type: single\n        type: multi\n", 1)
    assert problems(write_pack(tmp_path, questions_yaml=questions)) == [
        "questions.yaml:14: question_sets[0].questions[1]: the key 'type' is given twice (first on line 13); keep one"
    ]


JARGON = ("mapping values", "token", "scalar", "<block", "simple key", "flow ", "expected <", "stream")


@pytest.mark.parametrize(
    "text",
    [
        "a: [x,, y]\n",
        "a: 1\n...\nb: 2\n",
        "a:\n  text: | x\n  b: 1\n",
        "a: {b: 1}}\n",
        "a:\n  - x\n  b: 1\n",
        "a:\n  text: - x\n",
        "a: !<tag:x\n",
        *(new for _, old, new, _, _ in MISTAKES if "\x07" not in new),
    ],
)
def test_no_message_uses_the_parser_s_words(text):
    try:
        YAML(typ="safe", pure=True).compose(text)
    except YAMLError as error:
        line, message = explain(text, error)
    else:  # a fragment of the fixture: valid YAML on its own is not the point here
        return
    assert line is not None
    assert not any(word in message for word in JARGON), message


def test_an_unknown_mistake_still_names_its_line_in_words():
    text = "a: 1\nb: !<tag:x\n"
    with pytest.raises(YAMLError) as caught:
        YAML(typ="safe", pure=True).compose(text)
    assert explain(text, caught.value) == (2, FALLBACK)


def test_a_fixed_pack_loads(tmp_path):
    # The mistakes above, corrected as the messages say, give the fixture pack again.
    fixed = QUESTIONS.replace("        text: What type?", '        text: "Weapons: what type?"')
    assert load_pack(write_pack(tmp_path, questions_yaml=fixed)).questions["q2"].text == "Weapons: what type?"


# ------------------------------------------------------------------ scenarios use the same words

HATE = REPO / "resources" / "scenarios" / "west-mercia-hate.yaml"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "rare_high_harm: true",
            "rare_high_harm:true",
            "put a space after the colon: 'rare_high_harm: true', not 'rare_high_harm:true'",
        ),
        (
            "channel: phone",
            "channel: phone: landline",
            'a colon followed by a space inside the text; put the text in quotes: channel: "phone: landline"',
        ),
        ("pack: west-mercia", "\tpack: west-mercia", "a tab character; use spaces"),
    ],
    ids=["no-space", "colon-in-text", "tab"],
)
def test_scenario_yaml_errors_are_in_words_at_their_line(tmp_path, old, new, message):
    text = HATE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / HATE.name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if old in row)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert [str(i) for i in caught.value.issues] == [f"{HATE.name}:{line}: {message}"]
