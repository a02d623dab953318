"""A test pack that offers Welsh (issue 23.3): the default pack with a ``public.welsh`` block
and Welsh ``public_cy`` text on every response plan.

The shipped packs carry no Welsh (the seeds have none, and a pack's wording is never
invented): this fixture's Welsh is test wording only, written for these tests.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from tests.conftest import PACKS

PACK_ID = "welsh-test"
FORCE_CY = "Eich heddlu lleol"
CONTACT_CY = "Ffoniwch 101, rhif di-argyfwng yr heddlu."
CONTACT_METHODS_CY = {"visit": "Ymweliad personol", "ring_back": "Galwad yn ôl", "email": "E-bost"}

# Test wording: the Welsh of a few plans the tests read; the others get a plain sentence.
PUBLIC_CY = {
    "standard": (
        "Mae eich adroddiad wedi'i gofnodi. Ni fydd yr heddlu yn dod allan atoch ar gyfer yr adroddiad "
        "hwn; bydd eich tîm plismona bro lleol yn edrych arno."
    ),
    "visit": (
        "Gofynnoch am ymweliad. Os nad oes neb wedi ymweld â chi erbyn i'ch adroddiad gael ei drin, bydd "
        "swyddog cymorth cymunedol yr heddlu (SCCH) yn trefnu apwyntiad i'ch gweld."
    ),
    "ring_back_letter": (
        "Os byddwn yn eich ffonio'n ôl ac yn methu â chysylltu â chi, byddwn yn ysgrifennu atoch gyda'n "
        "manylion cyswllt i roi gwybod i chi ein bod yma o hyd i'ch cefnogi."
    ),
}


def welsh_pack_dir(tmp_path: Path, default: str = "both", without_welsh_for: str | None = None) -> Path:
    """Write the Welsh test pack under ``tmp_path`` and return its folder. ``default``: the
    force's default language; ``without_welsh_for``: a response plan left without its Welsh."""
    folder = tmp_path / PACK_ID
    shutil.copytree(PACKS / "default", folder)
    pack_yaml = folder / "pack.yaml"
    text = pack_yaml.read_text(encoding="utf-8")
    text = text.replace("\n  id: default\n", f"\n  id: {PACK_ID}\n", 1)
    methods = ", ".join(f"{k}: {v}" for k, v in CONTACT_METHODS_CY.items())
    welsh = (
        "public:\n"
        "  welsh:\n"
        f"    force: {FORCE_CY}\n"
        f"    contact: {CONTACT_CY}\n"
        f"    default: {default}\n"
        f"    contact_methods: {{{methods}}}\n"
        "    source: test wording (tests/welsh_pack.py)\n"
    )
    assert "\npublic:\n" in text
    pack_yaml.write_text(text.replace("\npublic:\n", "\n" + welsh, 1), encoding="utf-8")
    outcome = folder / "outcome.yaml"
    lines: list[str] = []
    plan = ""
    for line in outcome.read_text(encoding="utf-8").splitlines():
        found = re.match(r"^  - id: (\S+)$", line)
        if found:
            plan = found.group(1)
        if line == "    public: >-" and plan != without_welsh_for:
            cy = PUBLIC_CY.get(plan, f"Byddwn yn gweithredu ar eich adroddiad (cynllun {plan}).")
            lines.append(f'    public_cy: "{cy}"')
        lines.append(line)
    outcome.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder
