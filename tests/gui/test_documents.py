"""The supervisor's documents: the ring-back letter, the compliance PDF and chart (issue 10)."""

from __future__ import annotations

import hashlib
import shutil
import stat
import subprocess
import unicodedata
from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter

from asbdesk.core.render import local_time
from asbdesk.core.site import Force
from asbdesk.gui.documents import (
    ComplianceChart,
    describe_compliance,
    letter_pdf,
    letter_text,
    paint_compliance,
    write_compliance_pdf,
    write_letter_pdf,
)
from asbdesk.storage.supervision import ComplianceReport, Letter

ON = date(2026, 11, 23)


SITE = Force(
    name="Demoshire Police",
    address=("ASB Hub", "1 Example Street", "Leeds"),
    postcode="LS1 4AP",
    phone="+441134960999",
    email="asb@demoshire.police.uk",
    website="https://www.demoshire.police.uk",
    signatory="Inspector A. Khan, ASB Hub",
)


def a_letter(
    pack: str = "west-yorkshire", officer: str | None = "PC 1234 Holroyd", force: Force | None = SITE, **words
) -> Letter:
    return Letter(
        reference="ASB-2026-000123",
        pack_id=pack,
        reported_at=datetime(2026, 11, 20, 9, 30, tzinfo=UTC),
        caller_name="Elsie Garside",
        address_lines=("4 Canal Row", "Leeds", "LS1 4AP"),
        officer=officer,
        force=force,
        public_contact=words.get("public_contact", "Call 101, the police non-emergency number."),
        promised=words.get("promised"),
    )


def pdf_text(path) -> str:
    exe = shutil.which("pdftotext")
    if exe is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    done = subprocess.run([exe, str(path), "-"], capture_output=True, text=True, timeout=60, check=True)
    return " ".join(unicodedata.normalize("NFKC", done.stdout).split())  # Qt sets "fi" as a ligature


def test_letter_text_says_who_what_and_how_to_reach_us():
    text = letter_text(a_letter(), on=ON)
    flat = " ".join(text.split())
    assert text.startswith("Demoshire Police\nASB Hub\n1 Example Street\nLeeds\nLS1 4AP\nASB team: 0113 496 0999\n")
    assert "Your local police force" not in text
    for line in ("Elsie Garside", "4 Canal Row", "Leeds", "LS1 4AP"):
        assert f"\n{line}\n" in text
    assert "23 November 2026" in text
    assert "Your report of anti-social behaviour, reference ASB-2026-000123, on 20 November 2026" in text
    assert "could not reach you" in flat
    assert "continue to support you" in flat
    assert (
        "To contact us: call our ASB team on 0113 496 0999, or call 101, the police non-emergency number. "
        "You can also e-mail us at asb@demoshire.police.uk. Please quote your reference ASB-2026-000123." in flat
    )
    assert "Call 999." in flat
    # Signed by the allocated officer and the site's signatory, for the force.
    assert text.rstrip().endswith("Yours sincerely,\n\nPC 1234 Holroyd\nInspector A. Khan, ASB Hub\nDemoshire Police")


def test_a_site_without_a_phone_gives_the_packs_101_wording_only():
    force = Force(name="Demoshire Police", address=("1 Example Street", "Leeds"), postcode="LS1 4AP")
    flat = " ".join(letter_text(a_letter(force=force, officer=None), on=ON).split())
    assert "To contact us: Call 101, the police non-emergency number. Please quote" in flat
    assert "ASB team" not in flat and "e-mail" not in flat


def test_the_promise_made_at_the_report_is_quoted():
    flat = " ".join(letter_text(a_letter(promised="We will ring you back."), on=ON).split())
    assert "When you made your report, we told you: “We will ring you back.”" in flat


def test_no_site_no_letter_and_the_refusal_says_what_to_set(qapp, tmp_path):
    path = tmp_path / "letter.pdf"
    with pytest.raises(ValueError, match="no site is set on this database: .*asbdesk site set FILE.yaml"):
        write_letter_pdf(a_letter(force=None), path, on=ON)
    assert not path.exists()


def test_a_site_without_an_address_cannot_write_the_letter(qapp, tmp_path):
    path = tmp_path / "letter.pdf"
    with pytest.raises(ValueError, match="needs the force's return address.*force.address and force.postcode"):
        write_letter_pdf(a_letter(force=Force(name="Demoshire Police", phone="+441134960999")), path, on=ON)
    assert not path.exists()


def test_letter_pdf_is_a_private_pdf_with_the_callers_name_and_reference(qapp, tmp_path):
    path = tmp_path / "letter.pdf"
    digest = write_letter_pdf(a_letter(), path, on=ON)
    data = path.read_bytes()
    assert data.startswith(b"%PDF")
    assert digest == hashlib.sha256(data).hexdigest()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = pdf_text(path)
    assert "Elsie Garside" in text
    assert "ASB-2026-000123" in text
    assert "4 Canal Row" in text
    assert "Demoshire Police ASB Hub 1 Example Street Leeds LS1 4AP" in text
    assert "call our ASB team on 0113 496 0999, or call 101, the police" in text
    assert "Inspector A. Khan, ASB Hub" in text


def test_letter_pdf_is_never_written_over_an_existing_file(qapp, tmp_path):
    """Issue 22.2: a letter written over another (a recorded letter's checksum then no
    longer matches) is refused; the file there stays as it was."""
    path = tmp_path / "letter.pdf"
    path.write_text("old")
    path.chmod(0o644)
    with pytest.raises(FileExistsError):
        write_letter_pdf(a_letter(officer=None), path, on=ON)
    assert path.read_text() == "old" and stat.S_IMODE(path.stat().st_mode) == 0o644


def test_the_letter_is_laid_out_in_memory_the_same_as_on_file(qapp, tmp_path):
    content = letter_pdf(a_letter(), on=ON)
    assert content.startswith(b"%PDF")
    path = tmp_path / "letter.pdf"
    assert write_letter_pdf(a_letter(), path, on=ON) == hashlib.sha256(path.read_bytes()).hexdigest()
    assert "Elsie Garside" in pdf_text(path)


def test_a_pack_without_public_wording_cannot_write_the_letter(qapp, tmp_path):
    letter = a_letter(public_contact=None)
    with pytest.raises(ValueError, match="no public wording for letters"):
        letter_text(letter, on=ON)
    path = tmp_path / "letter.pdf"
    with pytest.raises(ValueError, match="no public wording for letters"):
        write_letter_pdf(letter, path, on=ON)
    assert not path.exists()


def test_letter_to_a_missing_folder_is_an_os_error(qapp, tmp_path):
    with pytest.raises(OSError):
        write_letter_pdf(a_letter(), tmp_path / "missing" / "letter.pdf", on=ON)


# ------------------------------------------------------------------ compliance

LABELS = (
    ("response_appropriate", "The appropriate level of response has been given to the incident"),
    ("recontact_completed", "All recontact has been completed as requested"),
    ("occurrence_created", "A non-crime occurrence was created for a red or amber incident"),
    ("crime_recorded", "A crime was recorded where a crime-recording prompt fired"),
    ("assessment_retained", "The risk assessment was retained"),
)


def a_report(yes: int, no: int, na: int = 0, operators: tuple[str, ...] = ("ann", "bob")) -> ComplianceReport:
    def rate(y: int, n: int) -> float | None:
        return round(y / (y + n), 4) if y + n else None

    items = tuple(
        {"check": c, "label": label, "yes": yes, "no": no, "na": na, "rate": rate(yes, no)} for c, label in LABELS
    )
    items = (*items[:-1], {**items[-1], "yes": 0, "no": 0, "na": 3, "rate": None})  # one check never applied

    def notes(op: str) -> list[dict]:
        return [
            {
                "reference": f"ASB-2026-{n:06d}",
                "started_at": "2026-11-20T09:30:00+00:00",
                "check": "crime_recorded",
                "label": "A crime was recorded where a crime-recording prompt fired",
                "note": f"{op} missed {n}",
                "marked_by": "sam",
                "marked_at": "2026-11-22T10:15:00+00:00",
                "sample": 1,
            }
            for n in range(1, no + 1)
        ]

    ops = tuple(
        {"operator": op, "sampled": 2, "yes": yes, "no": no, "rate": rate(yes, no), "no_notes": notes(op)}
        for op in operators
    )
    periods = ({"period": "2026-11", "sampled": 4, "yes": yes, "no": no, "rate": rate(yes, no)},)
    marks = len(operators) * (yes + no)
    return ComplianceReport(
        datetime(2026, 10, 24, tzinfo=UTC),
        datetime(2026, 11, 24, tzinfo=UTC),
        items,
        ops,
        periods,
        {"samples": 2, "logs": 2 * len(operators), "marks": marks + 1, "counted": marks},
        "sam",
        "Sam Supervisor",
        datetime(2026, 11, 23, 14, 5, tzinfo=UTC),
    )


def painted(report: ComplianceReport | None) -> QImage:
    image = QImage(900, 700, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setPen(QColor("black"))
    paint_compliance(painter, QRectF(10, 10, 880, 680), report)
    painter.end()
    return image


def test_compliance_pdf_has_the_title_period_every_check_and_a_rate(qapp, tmp_path):
    path = tmp_path / "compliance.pdf"
    write_compliance_pdf(a_report(3, 1, 1), path)
    assert path.read_bytes().startswith(b"%PDF")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = pdf_text(path)
    assert "Compliance with the dip-sample checklist" in text
    assert "24 October 2026 to 23 November 2026" in text
    for _, label in LABELS:
        assert label in text
    assert "75.0%" in text
    assert "no data" in text
    for heading in ("By checklist item", "By operator", "By month", "2026-11", "ann", "bob"):
        assert heading in text


def test_compliance_pdf_names_who_ran_it_when_what_it_read_and_each_operators_no_notes(qapp, tmp_path):
    # Issue 22: a report an inspector reads says who ran it and when (on every page and in
    # the PDF's own properties), what it read, and each operator's "no" notes for feedback.
    path = tmp_path / "compliance.pdf"
    report = a_report(3, 2)
    write_compliance_pdf(report, path)
    text = pdf_text(path)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, timeout=60, check=True).stdout
    pages = int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))
    assert text.count(f"{report.run_words()} · page ") == pages  # every page's foot
    assert f"Run by Sam Supervisor (sam) on {local_time(report.run_at)}" in text
    assert "4 sampled logs, 11 marks read; 10 counted (each log's latest mark per checklist item; " in text
    assert "No\u2019 notes by operator, for feedback" in text
    for op in ("ann", "bob"):
        for n in (1, 2):
            assert f"{op} missed {n}" in text
    from PySide6.QtGui import QPdfWriter

    if hasattr(QPdfWriter, "setAuthor"):
        assert "Author:          Sam Supervisor (sam)" in info


def test_compliance_pdf_with_many_operators_runs_over_pages(qapp, tmp_path):
    path = tmp_path / "compliance.pdf"
    operators = tuple(f"operator{n:03d}" for n in range(120))
    write_compliance_pdf(a_report(1, 1, operators=operators), path)
    text = pdf_text(path)
    assert "operator000" in text
    assert "operator119" in text


def test_chart_paints_and_differs_between_reports(qapp):
    blank = QImage(900, 700, QImage.Format.Format_ARGB32)
    blank.fill(QColor("white"))
    good, poor = painted(a_report(9, 1)), painted(a_report(1, 9))
    assert good != blank
    assert good != poor
    assert painted(None) != blank  # "No report yet." in words


def test_chart_says_rates_in_words(qapp):
    words = describe_compliance(a_report(3, 1))
    assert "The appropriate level of response has been given to the incident: 75.0% (3 of 4)" in words
    assert "The risk assessment was retained: no data" in words
    assert "ann (2 logs sampled): 75.0%" in words


def test_chart_widget_grows_with_the_report(qtbot):
    chart = ComplianceChart()
    qtbot.addWidget(chart)
    empty = chart.height()
    chart.set_report(a_report(3, 1, operators=tuple(f"op{n}" for n in range(10))))
    assert chart.height() > empty
    assert "75.0%" in chart.accessibleDescription()
    chart.resize(700, chart.height())
    image = chart.grab().toImage()
    assert not image.isNull()
