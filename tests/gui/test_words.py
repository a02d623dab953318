"""asbdesk's own names for flags, prompts and the repeat status, in the desk's language
(asbdesk.gui.words): in English they read exactly as the core's words in the log."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLocale

from asbdesk.core.engine import RepeatResult
from asbdesk.core.render import repeat_status
from asbdesk.core.vocabulary import FLAG_KINDS, FLAG_SUBJECT_WORDS, FLAG_SUBJECTS, PROMPT_KINDS
from asbdesk.gui import i18n
from asbdesk.gui.words import flag_kind_words, flag_subject_words, prompt_kind_words, repeat_words


def repeat(count: int, window: int | None = 30, is_repeat: bool = False) -> RepeatResult:
    return RepeatResult("r", "repeat victim", is_repeat, count, 3, window, (), None)


@pytest.mark.parametrize(
    "result",
    [repeat(1), repeat(2), repeat(3, is_repeat=True), repeat(4, is_repeat=True), repeat(1, None), repeat(5, None)],
)
def test_in_english_the_repeat_status_reads_as_in_the_log(qapp, result):
    assert repeat_words(result) == repeat_status(result)


def test_in_english_flags_and_prompts_are_named_as_in_the_vocabulary(qapp):
    assert [flag_kind_words(k) for k in FLAG_KINDS] == [k.replace("_", " ") for k in FLAG_KINDS]
    assert [flag_subject_words(s) for s in FLAG_SUBJECTS] == [FLAG_SUBJECT_WORDS[s] for s in FLAG_SUBJECTS]
    assert [prompt_kind_words(k) for k in PROMPT_KINDS] == [k.replace("_", " ") for k in PROMPT_KINDS]
    assert flag_kind_words("not_a_kind") == "not a kind"  # an id asbdesk does not know: in words


def test_on_a_welsh_desk_they_are_welsh(qapp):
    i18n.install_translation(qapp, QLocale("cy_GB"))
    try:
        assert flag_kind_words("vulnerable_victim") != "vulnerable victim"
        assert flag_subject_words("person") != "caller"
        assert prompt_kind_words("emergency") != "emergency"
        said = repeat_words(repeat(4, is_repeat=True))
        assert "incidents" not in said and said.startswith("4 ") and said.endswith(": repeat victim")
    finally:
        i18n.install_translation(qapp, QLocale(QLocale.Language.English))
