"""The site file (issue 19): read with the packs' YAML reader, every problem at its line."""

from __future__ import annotations

import re

import pytest

from asbdesk.core.site import Force, SiteError, force_text, parse_site
from tests.conftest import REPO


def test_the_documented_example_is_a_valid_site_file():
    doc = (REPO / "docs" / "site.md").read_text(encoding="utf-8")
    example = re.search(r"```yaml\n(.*?)```", doc, re.DOTALL)
    assert example is not None
    force = parse_site(example.group(1), "site.yaml")
    assert force.name == "Demoshire Police"
    assert force.postal_lines[-1] == "LS1 4AP"
    assert force.phone == "+441134960999" and force.phone_words == "0113 496 0999"


def test_only_the_name_is_required():
    assert parse_site("force:\n  name: Demoshire Police\n") == Force("Demoshire Police")


def test_every_problem_is_reported_at_once_each_at_its_line():
    text = "force:\n  name: ''\n  address: 1 Example Street\n  website: ftp://x\n  phone: nope\n"
    with pytest.raises(SiteError) as caught:
        parse_site(text)
    assert [str(i) for i in caught.value.issues] == [
        "site.yaml:2: force.name: is required",
        "site.yaml:3: force.address: must be a list of lines (one '- ' item for each line of the address)",
        "site.yaml:4: force.website: 'ftp://x' is not a web address (write it in full, e.g. https://www.example.police.uk)",
        "site.yaml:5: force.phone: 'nope' is not a phone number",
    ]


def test_address_lines_are_bounded_both_sides():
    six = "".join(f"    - line {n}\n" for n in range(6))
    assert len(parse_site(f"force:\n  name: x\n  address:\n{six}  postcode: LS1 4AP\n").address) == 6
    seven = six + "    - line 6\n"
    with pytest.raises(SiteError, match="has 7 lines; the limit is 6"):
        parse_site(f"force:\n  name: x\n  address:\n{seven}  postcode: LS1 4AP\n")
    long = "x" * 100
    assert parse_site(f"force:\n  name: {long}\n").name == long
    with pytest.raises(SiteError, match="101 characters long; the limit is 100"):
        parse_site(f"force:\n  name: {long}x\n")


def test_a_two_line_name_is_refused():
    with pytest.raises(SiteError, match="force.name: must be one line"):
        parse_site('force:\n  name: "Demoshire\\nPolice"\n')


def test_the_text_shown_says_what_is_not_set():
    assert "No site is set" in force_text(None)
    shown = force_text(Force("Demoshire Police"))
    assert "(not set: letters cannot be written)" in shown
    assert "(not set: the public are given 101 and 999 only)" in shown


def test_from_json_checks_again():
    assert Force.from_json(Force("x", phone="+441134960999").to_json()).phone_words == "0113 496 0999"
    with pytest.raises(ValueError):
        Force.from_json({"name": "x", "phone": "123"})


def test_an_occurrence_pattern_comes_with_an_example_that_matches_it():
    # Issue 22.6: the force's own form of occurrence reference, checked when it is set.
    base = "force:\n  name: Demoshire Police\n"
    ok = parse_site(base + "  occurrence_pattern: '\\d{2}/\\d{6}/\\d{2}'\n  occurrence_example: 13/123456/26\n")
    assert ok.occurrence_problem("26/000417/07") is None
    assert "e.g. 13/123456/26" in (ok.occurrence_problem("PSO-26-1") or "")
    for text, line, words in (
        (base + "  occurrence_pattern: '\\d+'\n", 3, "force.occurrence_example: the occurrence pattern and an example"),
        (base + "  occurrence_pattern: '\\d+'\n  occurrence_example: ABC\n", 4, "'ABC' does not match"),
        (base + "  occurrence_pattern: '(\\d'\n  occurrence_example: '1'\n", 3, "is not a regular expression"),
    ):
        with pytest.raises(SiteError) as caught:
            parse_site(text)
        [issue] = caught.value.issues
        assert issue.line == line and words in str(issue), str(issue)
