"""A call listened to with the real Orca screen reader (issue 23.2): scripts/orca_listen.py
starts Xvfb, the AT-SPI bus, Orca and the demo desk on a private D-Bus session, presses the
first keys of a call with xdotool and reads what Orca spoke from its debug log.

Needs the Debian packages xvfb xauth xdotool openbox at-spi2-core orca dbus-x11: without them
this skips with the reason, except where ASBDESK_REQUIRE_ORCA is set (CI sets it: there it fails).
About 45 seconds."""

from __future__ import annotations

import importlib.util
import os
import sys

import pytest

from tests.conftest import REPO

spec = importlib.util.spec_from_file_location("orca_listen", REPO / "scripts" / "orca_listen.py")
assert spec is not None and spec.loader is not None
orca_listen = importlib.util.module_from_spec(spec)
sys.modules["orca_listen"] = orca_listen
spec.loader.exec_module(orca_listen)


def test_the_speech_lines_are_read_from_orcas_log_without_the_echo_of_keys():
    log = (
        "19:00:17.054981 - SPEECH OUTPUT: 'Question 1 of 32: Are you in danger?'{'established': False}\n"
        "19:00:18.000000 - SPEECH OUTPUT: 'return ' {'established': False}\n"
        "19:00:19.500000 - EVENT MANAGER: SPEECH OUTPUT: 'not a speech line'\n"
        "19:00:20.250000 - SPEECH OUTPUT: 'Refused: it's mandatory.'{'established': False}\n"
    )
    lines = orca_listen.spoken_lines(log)
    assert lines == [(68417.054981, "Question 1 of 32: Are you in danger?"), (68420.25, "Refused: it's mandatory.")]
    steps = orca_listen.by_step([(68417.0, "first"), (68420.0, "second"), (68421.0, "end")], lines)
    assert steps == [
        {"step": "first", "spoken": ["Question 1 of 32: Are you in danger?"]},
        {"step": "second", "spoken": ["Refused: it's mandatory."]},
    ]


def _listen(window: str) -> dict[str, str]:
    gone = orca_listen.missing()
    if gone:
        if os.environ.get("ASBDESK_REQUIRE_ORCA"):
            pytest.fail(f"Orca cannot run here (ASBDESK_REQUIRE_ORCA is set): not installed: {', '.join(gone)}")
        pytest.skip(
            f"Orca cannot run here: not installed: {', '.join(gone)} (apt-get install xvfb xauth "
            "xdotool openbox at-spi2-core orca dbus-x11)"
        )
    env_speech = os.environ.pop("ASBDESK_SPEECH", None)  # the desk chooses for the Orca installed
    try:
        # A busy machine can leave Orca behind the keys (it speaks only what it has caught up
        # with): a session whose awaited words were not all spoken is listened to again.
        steps = orca_listen.listen(orca_listen.free_display(), window)
        for _again in range(2):  # at most three sessions: a busy machine rarely leaves Orca behind twice
            if not orca_listen.unheard(steps, window):
                break
            steps = orca_listen.listen(orca_listen.free_display(), window)
    finally:
        if env_speech is not None:
            os.environ["ASBDESK_SPEECH"] = env_speech
    return {step["step"]: " | ".join(step["spoken"]) for step in steps}


@pytest.fixture(scope="module")
def spoken():
    return _listen("desk")


@pytest.fixture(scope="module")
def training_spoken():
    return _listen("training")


@pytest.fixture(scope="module")
def supervisor_spoken():
    return _listen("supervisor")


def said(spoken, step_start: str) -> str:
    return next(words for step, words in spoken.items() if step.startswith(step_start))


def test_orca_says_the_flagged_repeat_caller_picked(spoken):
    words = said(spoken, "find the caller")
    assert "Caller: Amira Ashdown" in words and "repeat victim" in words, words
    assert "Flag vulnerable victim on the caller" in words and "Attending officer: Visit in person" in words, words


def test_orca_says_the_first_question_its_number_and_that_it_is_mandatory(spoken):
    words = said(spoken, "pick the incident code")
    assert "Question 1 of " in words and "mandatory: Are you in immediate danger?" in words, words
    assert "Y Yes, N No. Not answered yet." in words, words


def test_orca_says_the_answer_in_words_the_pinned_prompt_and_the_risk(spoken):
    words = said(spoken, "answer Yes")
    assert "Answer: Yes" in words and "New prompt. EMERGENCY: " in words, words
    assert "Ctrl+K to acknowledge" in words and "Risk now HIGH RISK" in words, words
    # Y moved on by itself (issue 23.4): the next question is said after the answer
    assert words.index("Answer: Yes") < words.index("Question 2 of "), words


def test_orca_says_each_acknowledgement(spoken):
    words = said(spoken, "acknowledge the prompts")
    assert "Acknowledged: EMERGENCY" in words and "Acknowledged: SAFEGUARDING" in words, words


def test_orca_says_the_refusal_in_its_words(spoken):
    words = said(spoken, "finish with mandatory questions open")
    assert "Refused: Not saved: question 2, 'Were weapons involved or mentioned?', is mandatory" in words, words


def test_orca_says_the_supervisors_queue_a_refusal_in_a_decision_and_the_next_item(supervisor_spoken):
    everything = " | ".join(supervisor_spoken.values())
    words = said(supervisor_spoken, "to the flag reviews and back")
    assert "Flag requests, most urgent first." in words and "flag on caller" in words, words
    assert "Authorise the flag dialog" in everything or "Necessity text" in everything, everything  # Ctrl+U
    words = said(supervisor_spoken, "authorise with no necessity written")
    assert "write why the flag is necessary" in words, words  # the refusal, in its words
    words = said(supervisor_spoken, "write the necessity")
    assert "table with 1 row" in words and "flag on caller" in words, words  # the next request


def test_orca_says_the_training_desks_caller_and_questions_as_on_the_desk(training_spoken):
    words = said(training_spoken, "find the scenario's caller")
    assert "Caller: Farid Lumb" in words and "not a repeat victim" in words, words
    words = said(training_spoken, "pick the incident code")
    assert "Question 1 of " in words and "mandatory: Is anyone in immediate danger" in words, words
    words = said(training_spoken, "answer No")
    assert "Answer: No" in words and "Question 2 of " in words, words


def test_a_step_whose_awaited_words_were_not_spoken_is_named():
    heard = [
        {"step": label, "spoken": [next(w for k, w in actions if k == "expect")]}
        for label, actions in orca_listen.DESK_STEPS
    ]
    assert orca_listen.unheard(heard) == []
    heard[-1] = {"step": heard[-1]["step"], "spoken": ["Y Yes, N No. Not answered yet."]}
    assert orca_listen.unheard(heard) == [f"{orca_listen.DESK_STEPS[-1][0]}: 'Refused: Not saved'"]


def test_a_session_that_runs_past_midnight_keeps_its_words_in_their_steps():
    # Marks and Orca's log are timed in seconds since midnight: a session from 23:59:58 to
    # 00:00:05 must not lose every word (CI once ran the desk's session across midnight).
    marks = [(86398.0, "first"), (86399.5, "second"), (3.0, "end")]
    words = [(86398.5, "Question 1"), (1.0, "Refused: Not saved")]
    steps = orca_listen.by_step(*orca_listen.over_midnight(marks, words))
    assert steps == [
        {"step": "first", "spoken": ["Question 1"]},
        {"step": "second", "spoken": ["Refused: Not saved"]},
    ]
