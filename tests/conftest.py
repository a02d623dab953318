"""Root conftest. Qt must be told to render offscreen before anything imports it."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# One way to speak to a screen reader whatever Orca this machine has (asbdesk.gui.speech);
# tests of the other way set it themselves.
os.environ.setdefault("ASBDESK_SPEECH", "announcement")

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PACKS = REPO / "resources" / "packs"


@pytest.fixture(scope="session")
def packs_dir() -> Path:
    return PACKS
