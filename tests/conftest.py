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


@pytest.fixture(scope="session", autouse=True)
def _pack_compose_cache(tmp_path_factory):
    """Composed pack files are cached in a folder of the test run's own, never the user's
    (asbdesk.core.packs.loader); subprocesses with their own ASBDESK_HOME keep theirs."""
    from asbdesk.core.packs import loader

    loader.use_compose_cache(tmp_path_factory.mktemp("pack-cache"))
    yield
    loader.use_compose_cache(None)


@pytest.fixture(scope="session")
def packs_dir() -> Path:
    return PACKS
