"""`asbdesk recontact attempt|show|outcome` (issue 22 item 2) on SQLite and PostgreSQL: each
attempt recorded and listed in order with how to reach the caller; an outcome only on an
allocated item; the letter only for a ring back not reached, never over a file, and no file
at all when the outcome is refused (exit 2, in words)."""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta

import pytest

from asbdesk.cli_supervisor import _when
from asbdesk.core.site import Force
from asbdesk.storage import supervision as sv
from tests.storage.conftest import ADA, NOW, SAM
from tests.storage.helpers import run_cli
from tests.storage.test_recontact import EMAIL, RING_BACK, _elsie, _item, _save


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("ASBDESK_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("ASBDESK_DATABASE_URL", raising=False)


@pytest.fixture
def ring(store):
    """A ring back from Elsie Garside, allocated; the force's site set (the letter's sender)."""
    store.set_site(ADA, Force("Demoshire Police", ("1 Example Street", "Leeds"), "LS1 4AP"))
    saved = _save(store, _elsie(store), RING_BACK, caller={"name": "Elsie Garside", "phone": "0114 496 0456"})
    item = _item(store, saved.reference)
    sv.allocate_recontact(store, SAM, item.id, "PC 4471 Dar")
    return item


def sam(capsys, store, *args):
    return run_cli(capsys, *args, "--user", "sam", "--database", _url(store))


def _url(store):
    return store.engine.url.render_as_string(hide_password=False)


def _still_open(store, item):
    return item.id in {i.id for i in sv.review_items(store, SAM, "recontact")}


def test_attempts_by_command_listed_in_order_with_how_to_reach_the_caller(capsys, store, ring):
    item = str(ring.id)
    at = (NOW - timedelta(hours=2)).astimezone().strftime("%Y-%m-%dT%H:%M")
    code, out, err = sam(capsys, store, "recontact", "attempt", item, "--result", "no-answer", "--at", at)
    assert (code, err) == (0, "")
    assert out == f"recontact {item}: attempt {_when(NOW - timedelta(hours=2))} by PC 4471 Dar: no answer\n"
    code, out, _ = sam(  # no --at: made now (the command's clock)
        capsys, store, "recontact", "attempt", item, "--result", "left-voicemail", "--note", "Said we would write"
    )
    assert code == 0 and out.endswith("by PC 4471 Dar: left voicemail\n")
    [last] = sv.recontact_detail(store, SAM, ring.id)["attempts"][1:]
    earlier = (NOW - timedelta(hours=3)).astimezone().strftime("%Y-%m-%dT%H:%M")
    code, out, _ = sam(
        capsys, store, "recontact", "attempt", item, "--result", "no-answer", "--at", earlier, "--officer", "PCSO Holt"
    )
    assert code == 0
    code, out, _ = sam(capsys, store, "recontact", "show", item)
    assert code == 0
    assert out.splitlines() == [
        f"recontact {item} on {ring.contact_reference}: ring back, allocated to PC 4471 Dar, open",
        "  caller:   Elsie Garside",
        "  phone:    0114 496 0456 (also 0113 496 0123)",
        "  e-mail:   none given",
        "  address:  4 Canal Row, Leeds, LS1 4AP",
        "  attempts:",
        f"    1. {_when(NOW - timedelta(hours=3))}  PCSO Holt: no answer",
        f"    2. {_when(NOW - timedelta(hours=2))}  PC 4471 Dar: no answer",
        f"    3. {_when(last.attempted_at)}  PC 4471 Dar: left voicemail  (Said we would write)",
    ]
    code, out, _ = sam(capsys, store, "recontact", "show", item, "--format", "json")
    shown = json.loads(out)
    assert shown["caller"]["phone"] == "0114 496 0456" and shown["caller"]["email"] is None
    assert [(a["by"], a["result"]) for a in shown["attempts"]] == [
        ("PCSO Holt", "no_answer"),
        ("PC 4471 Dar", "no_answer"),
        ("PC 4471 Dar", "left_voicemail"),
    ]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--result", "email-sent"), "is a ring back: its attempts are no answer, left voicemail"),
        (("--result", "no-answer", "--at", "yesterday"), "--at: 'yesterday' is not a time"),
        (("--result", "no-answer", "--at", "2999-01-01T09:00"), "at: 1 Jan 2999 09:00 is still to come"),
        (
            ("--result", "no-answer", "--at", "2026-11-01T09:00"),
            "at: 1 Nov 2026 09:00 is before the call asking for it",
        ),
        (("--result", "maybe"), "--result: invalid choice"),
    ],
)
def test_an_attempt_refused_exits_2_in_words(capsys, store, ring, args, words):
    code, _out, err = sam(capsys, store, "recontact", "attempt", str(ring.id), *args)
    assert code == 2 and words in err and "Traceback" not in err
    assert sv.recontact_detail(store, SAM, ring.id)["attempts"] == []


def test_an_unallocated_recontact_takes_no_attempt_and_no_outcome(capsys, store):
    saved = _save(store, _elsie(store), RING_BACK)
    item = _item(store, saved.reference)
    for args in (("attempt", str(item.id), "--result", "no-answer"), ("outcome", str(item.id), "--reached")):
        code, _out, err = sam(capsys, store, "recontact", *args)
        assert code == 2 and f"recontact {item.id} is not allocated: allocate it to an officer first" in err
    assert _still_open(store, item)


def test_the_letter_is_written_once_the_outcome_is_stored(capsys, store, ring, tmp_path):
    letter = tmp_path / "letter.pdf"
    code, _out, err = sam(capsys, store, "recontact", "outcome", str(ring.id), "--not-reached", "--letter", str(letter))
    assert code == 2 and "no attempt is recorded" in err and not letter.exists()
    sam(capsys, store, "recontact", "attempt", str(ring.id), "--result", "no-answer")
    code, out, err = sam(capsys, store, "recontact", "outcome", str(ring.id), "--not-reached", "--letter", str(letter))
    assert code == 0, err
    assert (
        out == f"recontact {ring.id} on {ring.contact_reference}: not reached; letter for posting written to {letter}\n"
    )
    data = letter.read_bytes()
    assert data.startswith(b"%PDF")
    code, out, _ = sam(capsys, store, "recontact", "show", str(ring.id))
    assert "closed: not reached" in out.splitlines()[0]
    assert f"  letter:   {letter} (sha256 {hashlib.sha256(data).hexdigest()})" in out


def test_a_closed_recontact_exits_2_and_leaves_no_letter(capsys, store, ring, tmp_path):
    """The issue's own case: `recontact outcome ID --letter F` on a closed item exited 2 and
    left a PDF with the caller's name and address."""
    sam(capsys, store, "recontact", "attempt", str(ring.id), "--result", "no-answer")
    assert sam(capsys, store, "recontact", "outcome", str(ring.id), "--declined")[0] == 0
    letter = tmp_path / "letter.pdf"
    code, _out, err = sam(capsys, store, "recontact", "outcome", str(ring.id), "--not-reached", "--letter", str(letter))
    assert code == 2 and "is closed already (declined): no letter was written" in err
    assert not letter.exists() and list(tmp_path.glob("*.pdf")) == []


def test_an_existing_file_is_not_written_over(capsys, store, ring, tmp_path):
    sam(capsys, store, "recontact", "attempt", str(ring.id), "--result", "no-answer")
    letter = tmp_path / "letter.pdf"
    letter.write_bytes(b"the letter posted last week")
    code, _out, err = sam(capsys, store, "recontact", "outcome", str(ring.id), "--not-reached", "--letter", str(letter))
    assert code == 2 and f"--letter: {letter} exists already: a letter is never written over another file" in err
    assert letter.read_bytes() == b"the letter posted last week"
    assert _still_open(store, ring)


@pytest.mark.parametrize(
    ("attempt", "outcome", "words"),
    [
        ("reached", "--reached", "reached the caller"),
        ("no-answer", "--reached", "letter: the caller was reached: the letter is for a ring back not reached"),
        ("no-answer", "--declined", "letter: the caller declined: the letter is for a ring back not reached"),
    ],
)
def test_no_letter_when_the_caller_was_reached(capsys, store, ring, tmp_path, attempt, outcome, words):
    sam(capsys, store, "recontact", "attempt", str(ring.id), "--result", attempt)
    letter = tmp_path / "letter.pdf"
    code, _out, err = sam(capsys, store, "recontact", "outcome", str(ring.id), outcome, "--letter", str(letter))
    assert code == 2 and words in err
    assert not letter.exists() and _still_open(store, ring)


def test_no_letter_for_an_email_recontact(capsys, store, tmp_path):
    saved = _save(store, _elsie(store), EMAIL, caller={"name": "Elsie Garside", "email": "elsie@example.org"})
    item = _item(store, saved.reference)
    sv.allocate_recontact(store, SAM, item.id, "PC 4471 Dar")
    code, _out, err = sam(capsys, store, "recontact", "attempt", str(item.id), "--result", "email-sent")
    assert code == 0, err
    code, out, _ = sam(capsys, store, "recontact", "show", str(item.id))
    assert "  e-mail:   elsie@example.org" in out and "PC 4471 Dar: e-mail sent" in out.splitlines()[-1]
    letter = tmp_path / "letter.pdf"
    code, _out, err = sam(capsys, store, "recontact", "outcome", str(item.id), "--not-reached", "--letter", str(letter))
    assert code == 2 and "is an e-mail re-contact: the letter is for a ring back not reached" in err
    assert not letter.exists()
    code, out, err = sam(capsys, store, "recontact", "outcome", str(item.id), "--not-reached")
    assert code == 0, err


def test_a_call_handler_may_not_record_or_read_attempts(capsys, store, ring):
    url = _url(store)
    for args in (("attempt", str(ring.id), "--result", "no-answer"), ("show", str(ring.id))):
        code, _out, err = run_cli(capsys, "recontact", *args, "--user", "ann", "--database", url)
        assert code == 3 and "'ann' (call handler) may not do a supervisor's work" in err
