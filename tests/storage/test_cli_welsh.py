"""The CLI's documents for the public in Welsh (issue 23.3): `assess --format slip --language`
prints the walk-in slip, `recontact outcome --letter F --language` writes the ring-back letter;
Welsh asked of a pack that offers none is refused in words (exit 2) and nothing is stored."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from asbdesk.core.packs import load_pack
from asbdesk.core.packs.registry import pack_files
from asbdesk.core.site import Force
from asbdesk.storage import supervision as sv
from tests.gui.test_documents import pdf_text
from tests.storage.conftest import ADA, ANN, NOW, SAM
from tests.storage.helpers import contact, run_cli
from tests.storage.test_cli_recontact import _still_open, _url
from tests.storage.test_recontact import RING_BACK, _elsie, _item
from tests.welsh_pack import FORCE_CY, welsh_pack_dir

WALK_IN = {
    "incident_code": "802",
    "channel": "walk-in",
    "reference": "ASB-2026-000777",
    "now": "2026-11-23T14:05:00Z",
    "answers": {"further_contact": True, "contact_method": "visit"},
}


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("ASBDESK_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("ASBDESK_DATABASE_URL", raising=False)
    monkeypatch.setenv("TZ", "UTC")


@pytest.fixture
def call_file(tmp_path):
    path = tmp_path / "call.json"
    path.write_text(json.dumps(WALK_IN), encoding="utf-8")
    return path


@pytest.fixture
def welsh_dir(tmp_path):
    return welsh_pack_dir(tmp_path)


def slip(capsys, pack, call_file, *extra):
    return run_cli(capsys, "assess", "--pack", str(pack), "--input", str(call_file), "--format", "slip", *extra)


def test_assess_prints_the_slip_in_welsh(capsys, welsh_dir, call_file):
    code, out, err = slip(capsys, welsh_dir, call_file, "--language", "cy")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[:4] == [
        FORCE_CY,
        "ADRODDIAD AM YMDDYGIAD GWRTHGYMDEITHASOL",
        "=" * 66,
        "Eich cyfeirnod:     ASB-2026-000777",
    ]
    assert "Cysylltu â chi:     Ymweliad personol, fel y gofynnoch chi." in lines
    assert "Your reference" not in out and all(len(line) <= 66 for line in lines)


def test_assess_prints_the_forces_default_bilingual_and_english_when_asked(capsys, welsh_dir, call_file):
    code, out, _ = slip(capsys, welsh_dir, call_file)
    assert code == 0 and out.index("Eich cyfeirnod:") < out.index("Your reference:")
    code, out, _ = slip(capsys, welsh_dir, call_file, "--language", "en")
    assert code == 0 and out.startswith("Your local police force\nANTI-SOCIAL BEHAVIOUR REPORT\n")
    assert "Eich" not in out


def test_welsh_is_refused_in_words_for_a_pack_without_it(capsys, call_file):
    code, out, err = slip(capsys, "default", call_file, "--language", "cy")
    assert (code, out) == (2, "")
    assert err == (
        "asbdesk: --language: pack 'default' offers no Welsh wording for the public (no public.welsh block), "
        "so its documents for the public are in English only\n"
    )
    code, out, _ = slip(capsys, "default", call_file)
    assert code == 0 and "Your reference:     ASB-2026-000777" in out


def test_the_slip_needs_a_walk_in_with_its_reference_and_language_needs_the_slip(capsys, tmp_path, welsh_dir):
    path = tmp_path / "phone.json"
    path.write_text(json.dumps({**WALK_IN, "channel": "phone"}), encoding="utf-8")
    code, _, err = slip(capsys, welsh_dir, path)
    assert code == 2 and "the slip is for a report made at the front counter" in err
    path.write_text(json.dumps({k: v for k, v in WALK_IN.items() if k != "reference"}), encoding="utf-8")
    code, _, err = slip(capsys, welsh_dir, path)
    assert code == 2 and "the slip gives the report's reference" in err
    code, _, err = run_cli(capsys, "assess", "--pack", str(welsh_dir), "--input", str(path), "--language", "cy")
    assert code == 2 and "--language: the language of the walk-in slip; give it with --format slip" in err
    code, _, err = slip(capsys, welsh_dir, path, "--language", "fr")
    assert code == 2 and "invalid choice: 'fr'" in err


# ------------------------------------------------------------------ the letter


def ring_back_on(store, pack_dir):
    """A ring back taken on ``pack_dir``'s pack (published, so the letter finds its wording),
    allocated and tried once; the site set."""
    pack = load_pack(pack_dir)
    store.publish_pack(
        ADA,
        pack_id=pack.id,
        version=pack.version,
        sha256=pack.content_hash,
        files=pack_files(pack),
        reason="the force's own pack, with its Welsh",
        checks={"scenarios": []},
    )
    store.set_site(ADA, Force("Demoshire Police", ("1 Example Street", "Leeds"), "LS1 4AP"))
    elsie = _elsie(store)
    saved = store.save_contact(
        ANN,
        contact(
            NOW - timedelta(days=1),
            answers=RING_BACK,
            person_id=elsie.id,
            location_id=elsie.locations[0].id,
            pack=str(pack_dir),
            caller={"name": "Elsie Garside", "phone": "0114 496 0456"},
        ),
    )
    item = _item(store, saved.reference)
    sv.allocate_recontact(store, SAM, item.id, "PC 4471 Dar")
    sv.record_attempt(store, SAM, item.id, "no_answer", "")
    return item


def sam(capsys, store, *args):
    return run_cli(capsys, *args, "--user", "sam", "--database", _url(store))


def test_the_letter_in_welsh_by_command(capsys, store, welsh_dir, tmp_path):
    item = ring_back_on(store, welsh_dir)
    letter = tmp_path / "llythyr.pdf"
    code, out, err = sam(
        capsys,
        store,
        "recontact",
        "outcome",
        str(item.id),
        "--not-reached",
        "--letter",
        str(letter),
        "--language",
        "cy",
    )
    assert code == 0, err
    assert out.endswith(f"letter for posting written to {letter}\n")
    text = pdf_text(letter)
    assert text.startswith(FORCE_CY) and "Annwyl Elsie Garside" in text and "Yn gywir" in text
    assert "Dear" not in text


def test_a_welsh_letter_from_a_pack_without_welsh_is_refused_and_nothing_stored(capsys, store, tmp_path):
    from tests.storage.test_recontact import _ring_back

    store.set_site(ADA, Force("Demoshire Police", ("1 Example Street", "Leeds"), "LS1 4AP"))
    item = _ring_back(store)
    sv.record_attempt(store, SAM, item.id, "no_answer", "")
    letter = tmp_path / "letter.pdf"
    code, _out, err = sam(
        capsys,
        store,
        "recontact",
        "outcome",
        str(item.id),
        "--not-reached",
        "--letter",
        str(letter),
        "--language",
        "cy",
    )
    assert code == 2
    assert "--language: pack 'default' offers no Welsh wording for the public (no public.welsh block)" in err
    assert not letter.exists() and _still_open(store, item)
    code, _out, err = sam(capsys, store, "recontact", "outcome", str(item.id), "--not-reached", "--language", "cy")
    assert code == 2 and "--language: the language of the letter for posting; give it with --letter" in err
    assert _still_open(store, item)
