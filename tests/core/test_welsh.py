"""Welsh for the public (issue 23.3): a pack that offers Welsh words everything the public read
in both languages, or is refused at load with file and line; the walk-in slip in English,
Welsh or both (Welsh first), every line at most 66 columns."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from asbdesk.core.call import parse_call
from asbdesk.core.engine import Engine
from asbdesk.core.packs import load_pack
from asbdesk.core.packs.describe import pack_text
from asbdesk.core.packs.diff import diff_packs, diff_text
from asbdesk.core.public_words import MONTHS, WORDS, LanguageError, format_when, language, long_date
from asbdesk.core.site import Force
from asbdesk.core.slip import WIDTH, SlipError, slip_language, walk_in_slip
from tests.core.conftest import shipped
from tests.core.test_pack_validation import PACK, PUBLIC, problems, write_pack
from tests.welsh_pack import CONTACT_CY, FORCE_CY, PUBLIC_CY, welsh_pack_dir

LONDON = ZoneInfo("Europe/London")
WINTER = datetime(2026, 11, 23, 14, 5, tzinfo=UTC)
REFERENCE = "ASB-2026-000123"
SITE = Force(
    name="Demoshire Police",
    address=("ASB Hub", "1 Example Street", "Leeds"),
    postcode="LS1 4AP",
    phone="+441134960999",
    email="asb@demoshire.police.uk",
    website="https://www.demoshire.police.uk",
)

WELSH = """\
  welsh:
    force: Heddlu Bach
    contact: Ffoniwch 101.
"""

RESPONSES = """\
responses:
  - id: attend
    when: {level: high}
    text: [Deploy now.]
    source: test fixture
    public: Officers will come to see you.
    public_cy: Bydd swyddogion yn dod i'ch gweld.
  - id: later
    when: {level: standard}
    text: [NPT to review on CC3.]
    source: test fixture
    public: Your neighbourhood team will look at your report.
    public_cy: Bydd eich tîm bro yn edrych ar eich adroddiad.
"""


@pytest.fixture(scope="module")
def welsh(tmp_path_factory):
    return load_pack(welsh_pack_dir(tmp_path_factory.mktemp("welsh")))


def assess(pack, contact_method: str = "ring_back"):
    data = {
        "incident_code": "802",
        "channel": "walk-in",
        "now": WINTER.isoformat(),
        "answers": {"further_contact": True, "contact_method": contact_method},
    }
    return Engine(pack).assess(parse_call(pack, data))


# ------------------------------------------------------------------ the pack


def test_a_pack_with_welsh_for_everything_loads_and_offers_welsh(tmp_path):
    pack = load_pack(write_pack(tmp_path, pack_yaml=PACK + PUBLIC + WELSH, outcome_yaml=RESPONSES))
    assert pack.offers_welsh
    assert pack.data.public.welsh.force == "Heddlu Bach"
    assert pack.public_languages == ("both", "cy", "en")  # bilingual unless the force says otherwise
    assert pack.data.responses[1].public_cy == "Bydd eich tîm bro yn edrych ar eich adroddiad."


def test_a_pack_without_welsh_offers_english_only():
    pack = shipped("default")
    assert not pack.offers_welsh and pack.public_languages == ("en",)


def test_the_forces_default_language_comes_first(tmp_path):
    pack = load_pack(
        write_pack(tmp_path, pack_yaml=PACK + PUBLIC + WELSH + "    default: cy\n", outcome_yaml=RESPONSES)
    )
    assert pack.public_languages == ("cy", "both", "en")


def test_a_plan_without_its_welsh_is_refused_with_file_and_line(tmp_path):
    responses = RESPONSES.replace("    public_cy: Bydd swyddogion yn dod i'ch gweld.\n", "")
    assert problems(write_pack(tmp_path, pack_yaml=PACK + PUBLIC + WELSH, outcome_yaml=responses)) == [
        "outcome.yaml:6: responses[attend].public: response plan 'attend' has no Welsh 'public_cy' text: the "
        "pack offers Welsh (public.welsh), so every wording for the public is given in Welsh and English"
    ]


def test_welsh_on_a_plan_of_a_pack_that_offers_no_welsh_is_refused(tmp_path):
    assert problems(write_pack(tmp_path, pack_yaml=PACK + PUBLIC, outcome_yaml=RESPONSES)) == [
        f"outcome.yaml:{line}: responses[{plan}].public_cy: response plan '{plan}' has Welsh 'public_cy' text "
        "but the pack does not offer Welsh: add public.welsh (the force's name and contact in Welsh), or take "
        "'public_cy' out"
        for line, plan in ((7, "attend"), (13, "later"))
    ]


def test_the_welsh_block_needs_the_forces_name_and_contact_and_a_known_default(tmp_path):
    welsh = "  welsh:\n    force: Heddlu Bach\n    default: welsh\n"
    found = problems(write_pack(tmp_path, pack_yaml=PACK + PUBLIC + welsh, outcome_yaml=RESPONSES))
    assert any(p == "pack.yaml:12: public.welsh.contact: required key is missing" for p in found), found
    assert "pack.yaml:14: public.welsh.default: unknown value 'welsh' (known: both, cy, en)" in found


def test_the_welsh_fixture_missing_one_plans_welsh_is_refused(tmp_path):
    found = problems(welsh_pack_dir(tmp_path, without_welsh_for="visit"))
    assert len(found) == 1
    assert found[0].startswith("outcome.yaml:")
    assert "responses[visit].public: response plan 'visit' has no Welsh 'public_cy' text" in found[0]


def test_every_contact_method_needs_its_welsh_and_none_unknown(tmp_path):
    folder = welsh_pack_dir(tmp_path)
    pack_yaml = folder / "pack.yaml"
    text = pack_yaml.read_text(encoding="utf-8")
    pack_yaml.write_text(text.replace(", email: E-bost}", ", post: Post}"), encoding="utf-8")
    found = problems(folder)
    assert any(
        "public.welsh.contact_methods: public.welsh.contact_methods has no Welsh for 'email'" in p for p in found
    ), found
    assert any(
        "public.welsh.contact_methods.post: public.welsh.contact_methods names 'post', which is not an option "
        "of the contact-preference question 'contact_method' (visit, ring_back, email)" in p
        for p in found
    ), found


def test_no_shipped_pack_invents_welsh():
    # The seeds have no Welsh: a shipped pack's wording is never invented (issue 23.3).
    for pack_id in ("default", "cambridgeshire", "avon-and-somerset", "west-mercia", "west-yorkshire"):
        pack = shipped(pack_id)
        assert not pack.offers_welsh
        assert all(plan.public_cy is None for plan in pack.data.responses)


def test_describe_shows_the_welsh(welsh):
    text = " ".join(pack_text(welsh).split())
    assert f"{FORCE_CY}. {CONTACT_CY}" in text
    assert "the force's default: Welsh and English, Welsh first" in text
    assert f"For the public, in Welsh: {PUBLIC_CY['visit']}" in text
    assert "In Welsh" not in pack_text(shipped("default"))


def test_diff_compares_the_welsh(tmp_path, welsh):
    folder = welsh_pack_dir(tmp_path, default="cy")
    outcome = folder / "outcome.yaml"
    outcome.write_text(
        outcome.read_text(encoding="utf-8").replace("Gofynnoch am ymweliad.", "Gofynnoch chi am ymweliad."),
        encoding="utf-8",
    )
    changed = load_pack(folder)
    text = diff_text(welsh, changed, diff_packs(welsh, changed))
    assert "Wording for the public in Welsh: the default language: both → cy  [pack.yaml:" in text
    assert '"Gofynnoch am ymweliad.' in text and '→ "Gofynnoch chi am ymweliad.' in text
    assert "Wording for the public in Welsh, response plan visit reworded:" in text
    added = diff_text(shipped("default"), welsh, diff_packs(shipped("default"), welsh))
    assert f'Welsh offered: the force "{FORCE_CY}", contact "{CONTACT_CY}", documents by default in both' in added


# ------------------------------------------------------------------ asbdesk's own words


def test_every_word_has_its_welsh_and_the_same_places_to_fill():
    assert set(WORDS["en"]) == set(WORDS["cy"])
    for key, english in WORDS["en"].items():
        assert english.count("{") == WORDS["cy"][key].count("{"), key
        assert WORDS["cy"][key] != english, key  # each one translated


def test_welsh_months_and_dates():
    assert MONTHS["cy"][0] == "Ionawr" and MONTHS["cy"][11] == "Rhagfyr" and len(MONTHS["cy"]) == 12
    assert long_date(date(2026, 3, 1), "cy") == "1 Mawrth 2026"
    assert format_when(datetime(2026, 11, 23, 14, 5), "cy") == "23 Tachwedd 2026 am 14:05"
    assert format_when(datetime(2026, 11, 23, 14, 5)) == "23 November 2026 at 14:05"


def test_a_language_in_words():
    assert [language(x) for x in ("en", "CY", "Cymraeg", "bilingual", " both ")] == ["en", "cy", "cy", "both", "both"]
    with pytest.raises(LanguageError, match="en \\(English\\), cy \\(Welsh\\) or both"):
        language("fr")


# ------------------------------------------------------------------ the slip


def test_the_slip_in_welsh(welsh):
    text = walk_in_slip(assess(welsh), REFERENCE, welsh, LONDON, language="cy")
    lines = text.splitlines()
    assert lines[:5] == [
        FORCE_CY,
        "ADRODDIAD AM YMDDYGIAD GWRTHGYMDEITHASOL",
        "=" * WIDTH,
        "Eich cyfeirnod:     ASB-2026-000123",
        "Adroddwyd:          23 Tachwedd 2026 am 14:05",
    ]
    assert "Cysylltu â chi:     Galwad yn ôl, fel y gofynnoch chi." in lines
    assert "I gysylltu â ni:    Ffoniwch 101, rhif di-argyfwng yr heddlu." in lines
    assert "Mewn argyfwng:      Ffoniwch 999." in lines
    assert lines[-2:] == [
        "Nodwch eich cyfeirnod ASB-2026-000123 bob tro y byddwch yn",
        "cysylltu â ni am yr adroddiad hwn.",
    ]
    flat = " ".join(text.split())
    assert PUBLIC_CY["ring_back_letter"] in flat
    for english in ("Your reference", "Call 999", "What happens next", "November", "If we ring you back"):
        assert english not in text, english


def test_the_slip_in_english_from_a_welsh_pack(welsh):
    text = walk_in_slip(assess(welsh), REFERENCE, welsh, LONDON, language="en")
    assert text.splitlines()[:2] == ["Your local police force", "ANTI-SOCIAL BEHAVIOUR REPORT"]
    assert "How we contact you: By a ring back, as you asked." in text.splitlines()
    assert "Eich" not in text and "Ffoniwch" not in text


def test_the_bilingual_slip_is_welsh_first_then_english(welsh):
    text = walk_in_slip(assess(welsh, "visit"), REFERENCE, welsh, LONDON, force=SITE)  # the force's default: both
    lines = text.splitlines()
    assert lines[:5] == [
        FORCE_CY,
        "Demoshire Police",
        "ADRODDIAD AM YMDDYGIAD GWRTHGYMDEITHASOL",
        "ANTI-SOCIAL BEHAVIOUR REPORT",
        "=" * WIDTH,
    ]
    assert lines.index("Eich cyfeirnod:     ASB-2026-000123") < lines.index("-" * WIDTH)
    assert lines.index("-" * WIDTH) < lines.index("Your reference:     ASB-2026-000123")
    assert "Cysylltu â chi:     Ymweliad personol, fel y gofynnoch chi." in lines
    assert "How we contact you: By a personal visit, as you asked." in lines
    assert (
        "E-bost:             asb@demoshire.police.uk" in lines
        and "E-mail:             asb@demoshire.police.uk" in lines
    )
    assert lines.count("Mewn argyfwng:      Ffoniwch 999.") == 1 and lines.count("In an emergency:    Call 999.") == 1
    flat = " ".join(text.split())
    assert "Ffoniwch ein tîm ymddygiad gwrthgymdeithasol ar 0113 496 0999." in flat
    assert flat.index("Nodwch eich cyfeirnod") < flat.index("Please quote your reference")


@pytest.mark.parametrize("lang", ["en", "cy", "both"])
@pytest.mark.parametrize("force", [None, SITE], ids=["no site", "site"])
@pytest.mark.parametrize("method", ["ring_back", "visit", "email"])
def test_no_line_of_the_slip_is_wider_than_66_in_any_language(welsh, lang, force, method):
    text = walk_in_slip(assess(welsh, method), REFERENCE, welsh, LONDON, force=force, language=lang)
    widths = [len(line) for line in text.splitlines()]
    assert max(widths) <= WIDTH
    assert max(widths) >= WIDTH - 10  # wrapped near the edge, not cut short


def test_a_pack_without_welsh_refuses_a_welsh_slip_in_words():
    pack = shipped("default")
    assessment = assess(pack)
    for lang in ("cy", "both"):
        with pytest.raises(SlipError, match="pack 'default' offers no Welsh wording for the public"):
            walk_in_slip(assessment, REFERENCE, pack, LONDON, language=lang)
    assert walk_in_slip(assessment, REFERENCE, pack, LONDON, language="en") == walk_in_slip(
        assessment, REFERENCE, pack, LONDON
    )
    with pytest.raises(SlipError, match="not 'gaelic'"):
        slip_language(pack, "gaelic")


def test_the_forces_default_prints_when_nobody_chooses(tmp_path):
    pack = load_pack(welsh_pack_dir(tmp_path, default="cy"))
    text = walk_in_slip(assess(pack), REFERENCE, pack, LONDON)
    assert text.startswith(FORCE_CY + "\nADRODDIAD") and "Your reference" not in text


def test_the_welsh_fixture_is_a_copy_of_the_default_pack(welsh):
    assert welsh.id == "welsh-test"
    assert {p.id for p in welsh.data.responses} == {p.id for p in shipped("default").data.responses}
    assert all(p.public_cy for p in welsh.data.responses)
