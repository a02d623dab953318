"""The headless interface: exit codes, messages, output shape."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys

import pytest

from asbdesk.cli import main
from tests.conftest import PACKS, REPO

CALL = {"incident_code": "802", "now": "2026-11-23T14:05:00Z", "answers": {"weapons": True}}


def cli(capsys, *args: str, stdin: str | None = None) -> tuple[int, str, str]:
    code = main(list(args), stdin=io.StringIO(stdin) if stdin is not None else None)
    out, err = capsys.readouterr()
    return code, out, err


def test_assess_json_from_stdin(capsys):
    code, out, err = cli(capsys, "assess", "--pack", "default", "--input", "-", stdin=json.dumps(CALL))
    assert (code, err) == (0, "")
    result = json.loads(out)
    assert result["pack"]["id"] == "default" and len(result["pack"]["hash"]) == 64
    assert result["incident"] == {"code": "802", "label": "Nuisance ASB", "category": "nuisance"}
    assert result["grade"]["id"] == "emergency"
    assert result["rag"] == "red"
    assert {"score", "sections", "level"} <= set(result["risk"])
    assert {"is_repeat", "count", "window_days"} <= set(result["repeat"])
    assert all({"id", "kind", "text"} <= set(p) for p in result["prompts"])
    assert isinstance(result["vulnerable"], bool)
    assert all(isinstance(line, str) for line in result["response"] + result["referrals"])
    assert isinstance(result["unanswered_mandatory"], list)


def test_assess_text_from_file(capsys, tmp_path):
    path = tmp_path / "call.json"
    path.write_text(json.dumps(CALL), encoding="utf-8")
    code, out, _ = cli(capsys, "assess", "--pack", "default", "--input", str(path), "--format", "text")
    assert code == 0
    assert out.startswith("ASB GRADED LOG\n")
    assert "[EMERGENCY]" in out


@pytest.mark.parametrize(
    ("args", "stdin", "words"),
    [
        (("--pack", "nope"), json.dumps(CALL), "pack: unknown pack 'nope'"),
        ((), json.dumps({**CALL, "incident_code": "999"}), "incident_code: unknown incident code '999'"),
        ((), json.dumps({**CALL, "answers": {"zz": True}}), "answers.zz: unknown question id 'zz'"),
        ((), json.dumps({**CALL, "answers": {"dm_harm": "huge"}}), "answers.dm_harm: 'huge' is not an option"),
        ((), json.dumps({**CALL, "answers": {"weapons": "y"}}), "answers.weapons: 'weapons' is a yes/no question"),
        (
            (),
            json.dumps({**CALL, "override": {"risk_level": "high"}}),
            "override.reason: an override needs a written reason",
        ),
        ((), '{"incident_code": ', "input: malformed JSON at line 1 column 19"),
        ((), "", "input: malformed JSON"),
    ],
)
def test_bad_input_exits_2_with_the_field(capsys, args, stdin, words):
    code, out, err = cli(capsys, "assess", *(args or ("--pack", "default")), "--input", "-", stdin=stdin)
    assert code == 2
    assert out == ""
    assert words in err
    assert "Traceback" not in err


def test_missing_input_file(capsys, tmp_path):
    code, _, err = cli(capsys, "assess", "--input", str(tmp_path / "none.json"))
    assert code == 2 and "cannot read" in err


def test_packs_list(capsys):
    code, out, _ = cli(capsys, "packs", "list", "--format", "json")
    assert code == 0
    rows = {row["id"]: row for row in json.loads(out)}
    assert {"default", "cambridgeshire", "avon-and-somerset", "west-mercia", "west-yorkshire"} <= set(rows)
    assert all(row["valid"] for row in rows.values())


def test_packs_show_cambridgeshire_has_every_matrix_question_with_scores(capsys):
    code, out, _ = cli(capsys, "packs", "show", "cambridgeshire", "--format", "json")
    assert code == 0
    pack = json.loads(out)
    questions = {q["id"]: q for q in pack["questions"]}
    scored = [qid for section in pack["matrix"]["sections"] for qid in section["questions"]]
    assert len(scored) == 9
    assert questions["ram_perpetrator_history"]["text"] == (
        "Does the perpetrator (or their associates) have a history of or reputation for intimidation or harassment?"
    )
    assert [(o["label"], o["score"]) for o in questions["ram_how_affected"]["options"]] == [
        ("Not at all", 0),
        ("Changed routine or avoid locations", 2),
        ("Distressed.", 4),
        ("Affected physical or mental health", 6),
    ]
    assert pack["matrix"]["thresholds"] == [
        {"level": "standard", "min": 0, "max": 11},
        {"level": "medium", "min": 12, "max": 23},
        {"level": "high", "min": 24},
    ]
    assert questions["ram_officer_reasons"]["show_if"] == {"answer": "ram_officer_assessment", "answered": True}
    assert questions["ch_before"]["mandatory"] is True


def test_packs_show_text(capsys):
    code, out, _ = cli(capsys, "packs", "show", "default")
    assert code == 0 and "Matrix: Risk Assessment Matrix (RAM) (scores 0-31)" in out


def _copy(tmp_path, pack_id: str, old: str = "", new: str = "", name: str = "pack.yaml"):
    folder = tmp_path / pack_id
    shutil.copytree(PACKS / pack_id, folder)
    if old:
        path = folder / name
        path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    return folder


def test_packs_diff_equal_is_exit_0_and_says_no_differences(capsys, tmp_path):
    code, out, err = cli(capsys, "packs", "diff", "west-mercia", str(_copy(tmp_path, "west-mercia")))
    assert (code, err) == (0, "")
    assert "No differences: the two packs are the same files." in out


def test_packs_diff_different_is_exit_1_in_words(capsys, tmp_path):
    folder = _copy(tmp_path, "west-mercia", 'version: "1.0"', 'version: "1.1"')
    code, out, err = cli(capsys, "packs", "diff", "west-mercia", str(folder))
    assert (code, err) == (1, "")
    lines = out.splitlines()
    assert lines[0].startswith("A: west-mercia 1.0 (West Mercia Police – ASB call handling questions), sha256:")
    assert lines[1].startswith("B: west-mercia 1.1 ") and str(folder) in lines[1]
    assert "1 difference, A → B:" in out
    assert "\nThe pack\n  Pack version: 1.0 → 1.1  [pack.yaml:7]\n" in out


def test_packs_diff_json(capsys, tmp_path):
    folder = _copy(tmp_path, "default", "within_hours: 72\n", "within_hours: 48\n", "outcome.yaml")
    code, out, _ = cli(capsys, "packs", "diff", "default", str(folder), "--format", "json")
    assert code == 1
    result = json.loads(out)
    lines = (PACKS / "default" / "outcome.yaml").read_text(encoding="utf-8").splitlines()
    at = f"outcome.yaml:{1 + next(n for n, line in enumerate(lines) if line.strip() == 'within_hours: 72')}"
    assert {k: result["old"][k] for k in ("id", "version")} == {"id": "default", "version": "1.0"}
    assert len(result["old"]["hash"]) == 64 and result["new"]["hash"] != result["old"]["hash"]
    assert result["equal"] is False
    assert result["changes"] == [
        {
            "kind": "referral",
            "section": "Referrals",
            "item": "case_conference",
            "what": "time limit",
            "before": "within 72 hours",
            "after": "within 48 hours",
            "words": "Referral case_conference time limit: within 72 hours → within 48 hours",
            "old_at": at,
            "new_at": at,
        }
    ]
    code, out, _ = cli(capsys, "packs", "diff", "default", "default", "--format", "json")
    assert code == 0 and json.loads(out)["changes"] == [] and json.loads(out)["equal"] is True


def test_packs_diff_of_two_shipped_packs(capsys):
    code, out, _ = cli(capsys, "packs", "diff", "default", "west-mercia")
    assert code == 1
    for heading in ("The pack", "Codes", "Questions", "Risk matrix", "Decision table", "Grades", "Prompts"):
        assert f"\n{heading}\n" in out


def test_packs_diff_names_the_argument_it_cannot_read(capsys, tmp_path):
    code, out, err = cli(capsys, "packs", "diff", "nope", "default")
    assert (code, out) == (2, "")
    assert err.startswith("asbdesk: A: unknown pack 'nope' (shipped packs: ")
    code, out, err = cli(capsys, "packs", "diff", "default", str(tmp_path / "missing"))
    assert code == 2 and err.startswith("asbdesk: B: unknown pack ")
    bad = _copy(tmp_path, "west-mercia", 'version: "1.0"', "version: one")
    code, out, err = cli(capsys, "packs", "diff", "default", str(bad))
    assert code == 2 and out == ""
    assert err.startswith("asbdesk: B: policy pack 'west-mercia' is not valid (1 problem(s)):")
    assert "pack.yaml:7: pack.version:" in err


def test_packs_show_pdf_needs_out_and_out_needs_pdf(capsys, tmp_path):
    code, _, err = cli(capsys, "packs", "show", "default", "--format", "pdf")
    assert code == 2 and "--out: the sign-off document is a PDF file: give --out FILE.pdf" in err
    code, _, err = cli(capsys, "packs", "show", "default", "--out", str(tmp_path / "x.pdf"))
    assert code == 2 and "--out: only with --format pdf" in err
    code, _, err = cli(capsys, "packs", "show", "default", "--format", "pdf", "--out", str(tmp_path / "x.txt"))
    assert code == 2 and "give a file name ending .pdf, not 'x.txt'" in err
    code, _, err = cli(capsys, "packs", "show", "default", "--format", "pdf", "--out", str(tmp_path / "no" / "x.pdf"))
    assert code == 2 and "does not exist" in err
    taken = tmp_path / "taken.pdf"
    taken.write_bytes(b"someone's file")
    code, out, err = cli(capsys, "packs", "show", "default", "--format", "pdf", "--out", str(taken))
    assert (code, out) == (2, "")
    assert f"--out: {taken} already exists; asbdesk never overwrites a file: give a new name" in err
    assert taken.read_bytes() == b"someone's file"


def test_packs_validate_good_and_bad(capsys, tmp_path):
    assert cli(capsys, "packs", "validate", str(PACKS))[0] == 0
    bad = tmp_path / "bad"
    shutil.copytree(PACKS / "cambridgeshire", bad)
    text = (bad / "assessment.yaml").read_text(encoding="utf-8").replace("min: 12, max: 23", "min: 13, max: 23")
    (bad / "assessment.yaml").write_text(text, encoding="utf-8")
    code, out, _ = cli(capsys, "packs", "validate", str(bad))
    assert code == 1
    assert "assessment.yaml:" in out and "gap: no level covers scores 12 to 12" in out
    assert cli(capsys, "packs", "validate", str(tmp_path / "missing"))[0] == 2


def test_yaml_mistakes_are_printed_in_words_at_their_line(capsys, tmp_path):
    # Issue 19.6: packs validate and scenario check name the mistake and its line.
    bad = tmp_path / "bad"
    shutil.copytree(PACKS / "west-mercia", bad)
    text = (bad / "questions.yaml").read_text(encoding="utf-8")
    (bad / "questions.yaml").write_text(text.replace("        type: text", "\ttype: text", 1), encoding="utf-8")
    line = text.splitlines().index("        type: text") + 1
    code, out, _ = cli(capsys, "packs", "validate", str(bad))
    assert code == 1 and f"questions.yaml:{line}: a tab character; use spaces" in out
    scenario = REPO / "resources" / "scenarios" / "west-mercia-hate.yaml"
    broken = tmp_path / scenario.name
    broken.write_text(
        scenario.read_text(encoding="utf-8").replace("channel: phone", "channel:phone", 1), encoding="utf-8"
    )
    code, out, err = cli(capsys, "scenario", "check", str(broken))
    assert code != 0
    assert f"{scenario.name}:5: put a space after the colon: 'channel: phone', not 'channel:phone'" in out + err


def test_installed_console_script():
    exe = shutil.which("asbdesk", path=str(REPO / ".venv" / "bin")) or shutil.which("asbdesk")
    assert exe, "the asbdesk console script is not installed"
    done = subprocess.run(
        [exe, "assess", "--pack", "cambridgeshire", "--input", "-"],
        input=json.dumps({"incident_code": "nope", "now": "2026-11-23T14:05:00Z"}),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "incident_code: unknown incident code 'nope'" in done.stderr


def test_module_entry_point():
    done = subprocess.run(
        [sys.executable, "-m", "asbdesk", "packs", "list"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0 and "cambridgeshire" in done.stdout


def test_no_display_is_said_in_words_not_a_qt_abort(tmp_path):
    import os
    import subprocess
    import sys

    from asbdesk.cli import no_display_reason

    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["ASBDESK_HOME"] = str(tmp_path)
    done = subprocess.run([sys.executable, "-m", "asbdesk"], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "there is no display" in done.stderr and "--self-test" in done.stderr and "assess" in done.stderr
    assert "xcb" not in done.stderr and "Traceback" not in done.stderr
    # Either side of the rule: a display, or an explicit platform, means the desk may start.
    assert no_display_reason({"DISPLAY": ":0"}, "linux") is None
    assert no_display_reason({"QT_QPA_PLATFORM": "offscreen"}, "linux") is None
    assert no_display_reason({}, "win32") is None
    assert no_display_reason({}, "linux") is not None
