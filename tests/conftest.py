"""Root conftest. Qt must be told to render offscreen before anything imports it."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PACKS = REPO / "resources" / "packs"


@pytest.fixture(scope="session")
def packs_dir() -> Path:
    return PACKS
