"""Welsh on what the public and the trainee read (issue 23.3): the ring-back letter in Welsh or
bilingual (the Welsh letter first), the scorecard in the desk's language, and the desk's log
dialog choosing the slip's language by one key (real key events), offered only by a pack
that words its public text in Welsh."""

from __future__ import annotations

from dataclasses import replace
from html import escape

import pytest
from PySide6.QtCore import Qt

from asbdesk.core.engine import Engine
from asbdesk.core.packs import load_pack
from asbdesk.gui.documents import letter_language, letter_pdf, letter_text, scorecard_html
from asbdesk.storage.outbox import Outbox, ResilientSaver
from tests.gui.keys import ALT, CTRL, SHIFT, focused, press, wait_dialog
from tests.gui.test_desk_close import save_by_keys, take_802
from tests.gui.test_documents import ON, a_letter, pdf_text
from tests.storage.conftest import ANN, NOW
from tests.welsh_pack import CONTACT_CY, FORCE_CY, PUBLIC_CY, welsh_pack_dir

PROMISED = "If we ring you back and cannot reach you, we will write to you."
PROMISED_CY = "Os byddwn yn eich ffonio'n ôl ac yn methu â chysylltu â chi, byddwn yn ysgrifennu atoch."


def welsh_letter(languages=("both", "cy", "en"), **changes):
    letter = replace(
        a_letter(promised=PROMISED),
        force_cy=FORCE_CY,
        public_contact_cy=CONTACT_CY,
        promised_cy=PROMISED_CY,
        languages=languages,
    )
    return replace(letter, **changes)


# ------------------------------------------------------------------ the letter


def test_the_letter_in_welsh():
    text = letter_text(welsh_letter(), on=ON, language="cy")
    flat = " ".join(text.split())
    assert text.startswith(f"{FORCE_CY}\nASB Hub\n1 Example Street\nLeeds\nLS1 4AP\n")
    assert "\nTîm ymddygiad gwrthgymdeithasol: 0113 496 0999\n" in text
    assert "\n23 Tachwedd 2026\n" in text
    assert "Eich adroddiad am ymddygiad gwrthgymdeithasol, cyfeirnod ASB-2026-000123, ar 20 Tachwedd 2026" in text
    assert "\nAnnwyl Elsie Garside,\n" in text
    assert f"Pan wnaethoch eich adroddiad, dywedom wrthych: “{PROMISED_CY}”" in flat
    assert (
        "I gysylltu â ni: ffoniwch ein tîm ymddygiad gwrthgymdeithasol ar 0113 496 0999, neu ffoniwch 101, rhif "
        "di-argyfwng yr heddlu. Gallwch hefyd anfon e-bost atom yn asb@demoshire.police.uk. Nodwch eich "
        "cyfeirnod ASB-2026-000123." in flat
    )
    assert "Mewn argyfwng: Ffoniwch 999." in flat
    assert text.rstrip().endswith(f"Yn gywir,\n\nPC 1234 Holroyd\nInspector A. Khan, ASB Hub\n{FORCE_CY}")
    for english in ("Dear", "Yours sincerely", "November", "Call 999", "ASB team:", PROMISED):
        assert english not in text, english


def test_the_bilingual_letter_is_the_welsh_then_the_english():
    text = letter_text(welsh_letter(), on=ON)  # the force's default: both
    welsh, english = text.split("\n" + "-" * 66 + "\n\n")
    assert welsh == letter_text(welsh_letter(), on=ON, language="cy")
    assert english == letter_text(welsh_letter(), on=ON, language="en")
    assert english.startswith("Demoshire Police\n") and "Dear Elsie Garside," in english
    assert f"When you made your report, we told you: “{PROMISED}”" in " ".join(english.split())


def test_the_forces_default_and_the_persons_choice():
    assert letter_language(welsh_letter(languages=("cy", "both", "en"))) == "cy"
    assert letter_language(welsh_letter(), "en") == "en"
    assert letter_language(a_letter()) == "en"  # a pack without Welsh
    assert letter_text(a_letter(), on=ON, language="en") == letter_text(a_letter(), on=ON)


def test_a_pack_without_welsh_refuses_a_welsh_letter_in_words():
    for lang in ("cy", "both"):
        with pytest.raises(ValueError, match="pack 'west-yorkshire' offers no Welsh wording for the public"):
            letter_text(a_letter(), on=ON, language=lang)
    with pytest.raises(ValueError, match="not 'fr'"):
        letter_text(welsh_letter(), on=ON, language="fr")


def test_the_bilingual_letter_pdf_holds_both_welsh_first(qapp):
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "letter.pdf"
        path.write_bytes(letter_pdf(welsh_letter(), on=ON))
        text = pdf_text(path)
    assert "Annwyl Elsie Garside" in text and "Dear Elsie Garside" in text
    assert text.index("Annwyl Elsie Garside") < text.index("Dear Elsie Garside")
    assert text.index("Yn gywir") < text.index("Dear Elsie Garside")  # the Welsh letter whole, first


def pdf_title(path) -> str:
    """The title in a PDF's own properties (what a viewer's title bar shows)."""
    import shutil
    import subprocess

    exe = shutil.which("pdfinfo")
    if exe is None:
        pytest.skip("pdfinfo (poppler-utils) is not installed")
    done = subprocess.run([exe, str(path)], capture_output=True, text=True, timeout=60, check=True)
    return next(line.split(":", 1)[1].strip() for line in done.stdout.splitlines() if line.startswith("Title:"))


@pytest.mark.parametrize(
    ("language", "title"),
    [
        ("en", "Letter about ASB-2026-000123"),
        ("cy", "Llythyr ynghylch ASB-2026-000123"),
        ("both", "Llythyr ynghylch ASB-2026-000123 / Letter about ASB-2026-000123"),
    ],
)
def test_the_letter_pdf_is_titled_in_its_language(qapp, tmp_path, language, title):
    path = tmp_path / "letter.pdf"
    path.write_bytes(letter_pdf(welsh_letter(), on=ON, language=language))
    assert pdf_title(path) == title


# ------------------------------------------------------------------ the scorecard


@pytest.fixture
def card_and_scenario():
    from asbdesk.core import scenarios
    from asbdesk.core.scenarios import find_scenario, load_scenario

    scenario = load_scenario(find_scenario("west-mercia-hate"))
    return scenarios.check(scenario), scenario


def test_the_scorecard_in_welsh(card_and_scenario):
    card, scenario = card_and_scenario
    html = scorecard_html(card, scenario, "Tess Trainee", "Heddlu Bach", language="cy")
    assert "<b>HYFFORDDIANT — NID GALWAD GO IAWN</b>" in html
    assert f"<h2>Cerdyn sgorio: {escape(scenario.data.title)}</h2>" in html
    assert "Senario <b>west-mercia-hate</b> · pecyn <b>west-mercia</b> · hyfforddai <b>Tess Trainee</b>" in html
    counted = card.counted()
    met = sum(i.met for i in counted)
    assert f"Sgôr: <b>{card.score}%</b> ({met} o {len(counted)} eitem wedi&#x27;u cyflawni)" in html
    for heading in ("Eitem", "Canlyniad", "Disgwyliedig", "Wedi&#x27;i wneud", "Pam"):
        assert f">{heading}</th>" in html, heading
    assert "CYFLAWNWYD" in html
    for english in ("Scorecard:", "TRAINING", "Score:", ">Item<", ">MET<"):
        assert english not in html, english


def test_the_scorecard_follows_the_desk_language(card_and_scenario, monkeypatch):
    card, scenario = card_and_scenario
    monkeypatch.setenv("ASBDESK_LANG", "cy")
    assert "Cerdyn sgorio:" in scorecard_html(card, scenario, "Tess Trainee")
    monkeypatch.setenv("ASBDESK_LANG", "en")
    english = scorecard_html(card, scenario, "Tess Trainee")
    assert "Scorecard:" in english and "Cerdyn" not in english
    assert f"Score: <b>{card.score}%</b>" in english


def test_the_scorecard_pdf_is_titled_in_its_language(qapp, tmp_path, card_and_scenario):
    from asbdesk.gui.documents import write_scorecard_pdf

    card, scenario = card_and_scenario
    welsh, english = tmp_path / "cy.pdf", tmp_path / "en.pdf"
    write_scorecard_pdf(card, scenario, "Tess Trainee", welsh, language="cy")
    write_scorecard_pdf(card, scenario, "Tess Trainee", english, language="en")
    assert pdf_title(welsh) == "HYFFORDDIANT — NID GALWAD GO IAWN: cerdyn sgorio west-mercia-hate Tess Trainee"
    assert pdf_title(english) == "TRAINING — NOT A REAL CALL: scorecard west-mercia-hate Tess Trainee"


def test_an_empty_cell_of_the_scorecard_is_worded_in_its_language():
    from asbdesk.gui.documents import _shown

    assert (_shown(None, "cy"), _shown([], "cy")) == ("dim byd", "dim")
    assert (_shown(None, "en"), _shown([], "en")) == ("nothing", "none")
    assert _shown(["a", "b"], "cy") == "a, b"  # values are the scoring's, as they are


# ------------------------------------------------------------------ the desk's log dialog


@pytest.fixture
def welsh_desk(qtbot, desk_store, tmp_path):
    """The desk on the Welsh test pack (the force's default: bilingual), shown and focused."""
    from asbdesk.gui.desk import DeskWindow

    pack = load_pack(welsh_pack_dir(tmp_path))
    window = DeskWindow(clock=lambda: NOW)
    qtbot.addWidget(window)
    window.resize(1360, 820)
    window.ready(Engine(pack), ResilientSaver(desk_store, Outbox(tmp_path / "outbox.sqlite")), ANN)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow(), timeout=5_000)
    return window


def walk_in_saved(qtbot, desk):
    press(qtbot, Qt.Key.Key_N, CTRL | SHIFT)
    assert desk.session.channel == "walk-in"
    take_802(qtbot, desk)
    save_by_keys(qtbot, desk)
    dialog = wait_dialog(qtbot)
    assert dialog is desk.log_dialog and focused() is dialog.text
    return dialog


def test_alt_w_prints_the_slip_in_the_language_the_person_asks_for(qtbot, welsh_desk):
    dialog = walk_in_saved(qtbot, welsh_desk)
    reference = welsh_desk.last_saved.reference
    button = dialog.buttons["slip_language"]
    assert button.isVisible() and button.text() == "Slip in Welsh and English (Alt+W)"
    assert dialog.slip.startswith(f"{FORCE_CY}\nYour local police force\nADRODDIAD")
    assert f"Eich cyfeirnod:     {reference}" in dialog.slip and f"Your reference:     {reference}" in dialog.slip

    press(qtbot, Qt.Key.Key_W, ALT)
    assert button.text() == "Slip in Welsh (Alt+W)"
    assert dialog.saved_to.text() == "The slip prints in Welsh."
    assert f"Eich cyfeirnod:     {reference}" in dialog.slip and "Your reference" not in dialog.slip
    assert PUBLIC_CY["ring_back_letter"] in " ".join(dialog.slip.split())
    assert focused() is dialog.text  # the log keeps the keyboard

    press(qtbot, Qt.Key.Key_I, ALT)  # the slip as PDF: what prints is the Welsh one
    saved = dialog.saved_to.text().removeprefix("PDF saved to ")
    printed = pdf_text(saved)
    assert "Eich cyfeirnod" in printed and "Your reference" not in printed

    press(qtbot, Qt.Key.Key_W, ALT)
    assert button.text() == "Slip in English (Alt+W)"
    assert f"Your reference:     {reference}" in dialog.slip and "Eich" not in dialog.slip
    press(qtbot, Qt.Key.Key_W, ALT)  # round again: the force's default
    assert button.text() == "Slip in Welsh and English (Alt+W)"
    assert dialog.slip == welsh_desk.last_slips["both"]
    assert all(len(line) <= 66 for text in welsh_desk.last_slips.values() for line in text.splitlines())


def test_a_pack_without_welsh_offers_no_language_key(qtbot, desk):
    dialog = walk_in_saved(qtbot, desk)
    assert list(desk.last_slips) == ["en"]
    assert not dialog.buttons["slip_language"].isVisible()
    assert not dialog.shortcuts["slip_language"].isEnabled()
    before = dialog.slip
    press(qtbot, Qt.Key.Key_W, ALT)
    assert dialog.slip == before and "Your reference" in before and "Eich" not in before
    assert dialog.saved_to.text() == ""


def test_a_phone_call_has_no_slip_and_no_language_key(qtbot, welsh_desk):
    take_802(qtbot, welsh_desk)
    save_by_keys(qtbot, welsh_desk)
    dialog = wait_dialog(qtbot)
    assert welsh_desk.last_slips == {} and dialog.slip == ""
    assert not dialog.buttons["slip_language"].isVisible()
    assert not dialog.shortcuts["slip_language"].isEnabled()
