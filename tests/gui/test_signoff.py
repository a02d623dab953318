"""The sign-off document (``asbdesk packs show ID --format pdf --out FILE``; issue 19): read
back from the PDF as a policy owner would read it."""

from __future__ import annotations

import re
import shutil
import stat
import subprocess
from datetime import datetime
from pathlib import Path

import pytest

from asbdesk.cli import main
from asbdesk.core.packs.describe import pack_outline
from asbdesk.core.packs.provenance import LEGEND
from asbdesk.core.packs.registry import resolve_pack
from asbdesk.gui.signoff import write_signoff_pdf
from tests.gui.test_documents import pdf_text

PRODUCED = datetime(2026, 11, 23, 14, 5).astimezone()


def raw_lines(path: Path) -> list[str]:
    """The PDF's text line by line, as pdftotext reads it (lines kept)."""
    exe = shutil.which("pdftotext")
    if exe is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    done = subprocess.run([exe, str(path), "-"], capture_output=True, text=True, timeout=60, check=True)
    return [line.strip() for line in done.stdout.splitlines()]


@pytest.fixture(scope="module")
def west_mercia(tmp_path_factory, qapp) -> tuple[Path, str]:
    path = tmp_path_factory.mktemp("signoff") / "west-mercia.pdf"
    write_signoff_pdf(resolve_pack("west-mercia"), path, produced=PRODUCED)
    return path, pdf_text(path)


def test_it_names_the_pack_its_version_and_hash_and_when_it_was_made(west_mercia):
    path, text = west_mercia
    pack = resolve_pack("west-mercia")
    assert text.startswith("Policy pack sign-off West Mercia Police – ASB call handling questions")
    assert f"Id {pack.id} Version {pack.version} sha256 hash {pack.content_hash}" in text
    assert "Produced 23 November 2026 at 14:05 by asbdesk" in text
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_bytes().startswith(b"%PDF")


def test_it_has_a_block_to_sign(west_mercia):
    _, text = west_mercia
    assert "Sign-off I have read every item of this policy pack" in text
    assert "Name Role Signature Date" in text


def test_every_page_names_the_pack(west_mercia):
    path, _ = west_mercia
    pages = [
        p
        for p in subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout.split("\f")
        if p.strip()
    ]
    hash_start = resolve_pack("west-mercia").content_hash[:16]
    for number, page in enumerate(pages, 1):
        flat = " ".join(page.split())
        assert f"Policy pack west-mercia version 1.0 · sha256 {hash_start}… · page {number} of {len(pages)}" in flat


def test_questions_verbatim_with_their_sources(west_mercia):
    _, text = west_mercia
    assert (
        "Q8 (yes/no, MANDATORY): Do you think it is because of you or your family's faith (any), ethnicity, "
        "sexuality, age, disability, health issues or any other reason? Source: Seed 003 Annex B (West Mercia, 8 'Prompt')"
    ) in text
    assert "Q6 (text): If Yes, how often (and are they linked) Shown when Q5" in text


def test_asbdesk_wording_is_marked_and_the_seeds_is_not(west_mercia):
    _, text = west_mercia
    # The national layer's question: asbdesk's wording.
    assert "national_property_damage: Has anything been damaged? (yes/no, MANDATORY) [asbdesk wording]" in text
    # Wording for the public, marked by the comment on it in outcome.yaml.
    assert "an officer will come to see you. [asbdesk wording]" in text
    # West Mercia's Q8 and its mandatory attendance prompt are the seed's own words.
    q8 = text[text.index("Q8 (yes/no, MANDATORY)") : text.index("Source: Seed 003 Annex B (West Mercia, 8 'Prompt')")]
    assert "[asbdesk" not in q8
    prompt = text[text.index("hate_mandatory_attendance [mandatory attendance]") :]
    assert "[asbdesk" not in prompt[: prompt.index("Source:")]


def test_every_mark_is_in_the_pdf_with_the_legend(west_mercia):
    _, text = west_mercia
    marks = pack_outline(resolve_pack("west-mercia")).marks
    found = re.findall(r"\[(asbdesk(?: mapping| reading| wording)?|no seed cited)\]", text)
    assert len(found) == sum(len(mark.tags) for mark in marks) + len(LEGEND)  # each line once
    assert f"{len(marks)} items are marked as asbdesk's own" in text
    for tag, words in LEGEND:
        assert f"[{tag}] {words}" in text


def test_multi_line_help_keeps_its_lines(qapp, tmp_path):
    path = tmp_path / "cambridgeshire.pdf"
    write_signoff_pdf(resolve_pack("cambridgeshire"), path, produced=PRODUCED)
    lines = raw_lines(path)
    at = lines.index("Help: Consider the following factors:")
    assert lines[at + 1 : at + 4] == [
        "K – Keep the Victim safe",
        "E – Economic issues?",
        "E – Equality and Discrimination?",
    ]


def test_the_decision_table_is_a_table(qapp, tmp_path):
    path = tmp_path / "default.pdf"
    write_signoff_pdf(resolve_pack("default"), path, produced=PRODUCED)
    text = pdf_text(path)
    assert "dm_pattern \\ dm_harm" in text
    assert "Regular occurrence, likely to continue without intervention" in text  # the whole label


def test_it_never_overwrites_a_file(qapp, tmp_path):
    path = tmp_path / "taken.pdf"
    path.write_bytes(b"a policy owner's signed copy")
    with pytest.raises(FileExistsError):
        write_signoff_pdf(resolve_pack("west-mercia"), path)
    assert path.read_bytes() == b"a policy owner's signed copy"


def test_the_command_writes_it_and_says_where(qapp, tmp_path, capsys):
    path = tmp_path / "signoff.pdf"
    code = main(["packs", "show", "west-mercia", "--format", "pdf", "--out", str(path)])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    assert out.startswith(f"sign-off document for west-mercia 1.0 written to {path} (sha256 of the PDF: ")
    assert "Policy pack sign-off" in pdf_text(path)
    code = main(["packs", "show", "west-mercia", "--format", "pdf", "--out", str(path)])
    out, err = capsys.readouterr()
    assert (code, out) == (2, "") and "already exists; asbdesk never overwrites a file" in err
