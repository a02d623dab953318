"""Qt habits (issue 12 item 5): the application's own words go through tr(), and a
translation installed at start-up (Welsh first) changes them without touching code."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest
from PySide6.QtCore import QLocale, Qt

from asbdesk.gui import i18n


def menu_titles(window) -> list[str]:
    return [action.text() for action in window.menuBar().actions()]


@pytest.fixture
def welsh(qapp):
    translator = i18n.install_translation(qapp, QLocale("cy_GB"))
    yield translator
    i18n.install_translation(qapp, QLocale(QLocale.Language.English))  # removes it again


def test_the_desk_speaks_english_without_a_translation(desk):
    assert menu_titles(desk) == ["Call", "View"]


def test_the_welsh_translation_changes_the_desks_menus(welsh, desk):
    assert welsh is not None, "resources/translations/asbdesk_cy.qm did not load"
    assert menu_titles(desk) == ["Galwad", "Golwg"]
    assert desk.questions.options.accessibleName() == "Dewisiadau"
    assert desk.actions_by_name["new"].text() == "Cyswllt newydd (ffôn)"


def test_on_a_welsh_desk_a_refusal_by_keys_is_in_welsh(welsh, qtbot, desk):
    """The core's refusal (a message id) is shown in the shipped Welsh, by real keys."""
    from tests.gui.keys import pick_code, press

    pick_code(qtbot, desk, "801")
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # finish, mandatory questions open
    shown = desk.refusal.text()
    assert shown.startswith("Heb ei gadw: mae cwestiwn 1, ") and "yn orfodol" in shown, shown
    assert "mandatory" not in shown, shown


def _flag_requested_and_reviewed(store, person) -> None:
    """A flag request on the caller (queue 1) and a flag on a phone number overdue for its
    monthly review (queue 2)."""
    from datetime import timedelta

    from asbdesk.storage.records import FlagRequest
    from tests.storage.conftest import ANN, NOW, SAM

    store.request_flag(ANN, FlagRequest("vulnerable_victim", negate_risk="Lives alone", person_id=person.id))
    flag = store.request_flag(ANN, FlagRequest("warning_marker", negate_risk="Threats", phone="0113 496 0777"))
    store.authorise_flag(SAM, flag.id, "Necessary: threats made", review_due=(NOW - timedelta(days=3)).date())


def _queue_words(qtbot, window) -> tuple[list[str], str, str, str]:
    """The queues' tab names, the counts line, and the summary of the first item of the first
    two queues as the list shows it (Ctrl+2: the reviews' queue, by its key)."""
    from tests.gui.keys import press

    tabs = [window.tabs.tabText(i) for i in range(5)]
    request = window.queues["flag-request"].model.index(0, 2).data()
    press(qtbot, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.tabs.currentWidget() is window.queues["flag-review"], timeout=5_000)
    qtbot.waitUntil(window.idle, timeout=10_000)
    review = window.queues["flag-review"].model.index(0, 2).data()
    return tabs, window.counts_label.text(), request, review


def test_the_supervisors_queues_and_their_items_read_english_without_a_translation(
    qtbot, open_window, desk_store, elsie
):
    _flag_requested_and_reviewed(desk_store, elsie)
    window = open_window()
    tabs, counts, request, review = _queue_words(qtbot, window)
    assert tabs == ["Flag requests", "Flag reviews due", "Overrides", "Re-contacts", "Occurrences"]
    assert counts == "Flag requests 1 · Flag reviews due 1 · Overrides 0 · Re-contacts 0 · Occurrences 0"
    assert request == "vulnerable victim flag on caller Elsie Garside, requested by ann"
    assert review == "warning marker flag on phone number 0113 496 0777: monthly review overdue by 3 days"
    detail = window.queues["flag-review"].detail.toPlainText()
    assert "ann requested (kind: warning marker)" in detail, detail  # the flag's history, ids in words


def test_on_a_welsh_desk_the_supervisors_queues_and_their_items_are_welsh(welsh, qtbot, open_window, desk_store, elsie):
    """Issue 23.3: the queues' names and what each item says, composed in the window from the
    item's facts, in the shipped Welsh; names, numbers and usernames as stored."""
    _flag_requested_and_reviewed(desk_store, elsie)
    window = open_window()
    tabs, counts, request, review = _queue_words(qtbot, window)
    assert tabs == ["Ceisiadau am faner", "Adolygiadau baner yn ddyledus", "Diystyru", "Ailgysylltu", "Achosion"]
    assert counts.startswith("Ceisiadau am faner 1 · Adolygiadau baner yn ddyledus 1 · "), counts
    assert request == "baner dioddefwr agored i niwed ar y galwr Elsie Garside, cais gan ann"
    assert review == "baner marciwr rhybudd ar y rhif ffôn 0113 496 0777: adolygiad misol 3 diwrnod yn hwyr", review
    detail = window.queues["flag-review"].detail.toPlainText()
    assert detail.startswith("Adolygiadau baner yn ddyledus: baner "), detail
    assert "warning marker" not in detail and "phone number" not in detail, detail
    assert "ann cais wedi'i wneud (math: marciwr rhybudd)" in detail, detail


PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\d|%n")
KEY = re.compile(r"\b(?:Ctrl|Alt|Shift)\+[\w+]+|\b(?:PgUp|PgDn|Esc|F\d+)\b")


def _mnemonic(text: str) -> str | None:
    """The Alt key a label's '&' gives (hints and the README name the English one), if any."""
    found = re.search(r"&([^&\s])", text.replace("&&", ""))
    return found.group(1).lower() if found else None


def _placeholders(text: str) -> list[str]:
    """The fields format() fills, and the literal braces ({{ }}) as they are."""
    literal = text.count("{{"), text.count("}}")
    return [*sorted(PLACEHOLDER.findall(text.replace("{{", "").replace("}}", ""))), str(literal)]


def test_the_welsh_translation_is_complete_and_keeps_placeholders_keys_and_mnemonics():
    """Every string of the code has a finished Welsh translation (a new string without one
    fails here: translate it, then run scripts/update_translations.sh), and each keeps the
    English's placeholders, key names and the Alt key of its '&' (a Welsh word without that
    letter shows it after: 'Math (&K)'; the hints and the README name the English key)."""
    problems = []
    for context in ElementTree.parse(i18n.translations_dir() / "asbdesk_cy.ts").getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            source = message.findtext("source") or ""
            if translation is None or translation.get("type") in ("vanished", "obsolete"):
                continue
            welsh = translation.text or ""
            where = f"{name}: {source!r}"
            if translation.get("type") == "unfinished" or not welsh.strip():
                problems.append(f"{where} is not translated")
                continue
            if _placeholders(source) != _placeholders(welsh):
                problems.append(f"{where}: placeholders differ in {welsh!r}")
            if sorted(KEY.findall(source)) != sorted(KEY.findall(welsh)):
                problems.append(f"{where}: key names differ in {welsh!r}")
            if _mnemonic(source) != _mnemonic(welsh):
                problems.append(f"{where}: the Alt key differs in {welsh!r} (keep the English key: 'Math (&K)')")
    assert not problems, f"{len(problems)} problems, e.g.:\n" + "\n".join(problems[:20])


def test_the_language_comes_from_asbdesk_lang_or_the_system(monkeypatch, qapp):
    monkeypatch.setenv(i18n.LANGUAGE_VARIABLE, "cy")
    assert i18n.wanted_locale().language() == QLocale.Language.Welsh
    assert i18n.load_translator(i18n.wanted_locale()) is not None
    monkeypatch.delenv(i18n.LANGUAGE_VARIABLE)
    assert i18n.wanted_locale() == QLocale.system()
    assert i18n.load_translator(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)) is None
    assert i18n.load_translator(QLocale(QLocale.Language.Welsh, QLocale.Country.UnitedKingdom)) is not None


def test_every_shipped_translation_is_compiled_and_current():
    """Each .ts has its compiled .qm beside it (scripts/update_translations.sh)."""
    folder = i18n.translations_dir()
    sources = sorted(folder.glob("asbdesk_*.ts"))
    assert [ts.stem for ts in sources] == ["asbdesk_cy"]
    for ts in sources:
        qm = ts.with_suffix(".qm")
        assert qm.is_file(), f"{qm.name} is missing: run scripts/update_translations.sh"


def _messages(ts) -> set[tuple[str, str]]:
    """(context, source) of each message a .ts holds, less those gone from the code."""
    found = set()
    for context in ElementTree.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is None or translation.get("type") not in ("vanished", "obsolete"):
                found.add((name, message.findtext("source") or ""))
    return found


ROOT = Path(__file__).resolve().parents[2]


def lupdate_sources() -> list[Path]:
    """The files scripts/update_translations.sh gives lupdate (its ``sources=(...)`` line,
    globs expanded): the test and the script read one list, so they cannot drift."""
    script = (ROOT / "scripts" / "update_translations.sh").read_text(encoding="utf-8")
    found = re.search(r"^sources=\((.*)\)$", script, re.MULTILINE)
    assert found is not None, "scripts/update_translations.sh has no sources=(...) line"
    return sorted({path for pattern in found.group(1).split() for path in ROOT.glob(pattern)})


def test_lupdate_reads_the_gui_and_the_cores_refusals():
    sources = lupdate_sources()
    assert ROOT / "asbdesk" / "core" / "messages.py" in sources
    assert set(sources) >= set((ROOT / "asbdesk" / "gui").glob("*.py"))
    assert not [p for p in sources if p.parent.name == "core" and p.name != "messages.py"]


def test_the_welsh_file_holds_every_string_of_the_code(tmp_path):
    """A tr() string added without running scripts/update_translations.sh is not offered to
    translators: lupdate on the sources must find exactly what the shipped .ts holds."""
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    if not lupdate.exists():
        lupdate = Path(shutil.which("pyside6-lupdate") or "pyside6-lupdate")
    fresh = tmp_path / "fresh.ts"
    subprocess.run(
        [str(lupdate), *(str(p) for p in lupdate_sources()), "-ts", str(fresh)],
        check=True,
        capture_output=True,
    )
    shipped = _messages(i18n.translations_dir() / "asbdesk_cy.ts")
    assert _messages(fresh) == shipped, "run scripts/update_translations.sh"


def test_no_alias_hides_a_translation_from_lupdate():
    """lupdate finds tr(), translate() and QT_TRANSLATE_NOOP() by name: words passed to an alias
    (``t = QCoreApplication.translate``) are never offered to translators."""
    alias = re.compile(r"^\s*\w+\s*=\s*(?:QCoreApplication\.translate|self\.tr|QT_TRANSLATE_NOOP)\s*$", re.M)
    found = [
        f"{path.name}:{text[: m.start()].count(chr(10)) + 1}"
        for path in lupdate_sources()
        for text in [path.read_text(encoding="utf-8")]
        for m in alias.finditer(text)
    ]
    assert not found, f"aliases lupdate cannot see: {found}"
