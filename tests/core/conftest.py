from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from asbdesk.core.call import Call, HistoryItem, parse_call
from asbdesk.core.engine import Assessment, Engine
from asbdesk.core.packs import Pack, load_pack
from tests.conftest import PACKS

NOW = datetime(2026, 11, 23, 14, 5, tzinfo=UTC)

# The source documents the packs quote (000_*.txt to 004_*.txt) are not in this repository:
# they are the project's shared/seeds folder, expected beside the clone (../shared/seeds).
SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


def seeds_or_skip() -> Path:
    """The seeds folder; without it the wording checks skip (locally) or fail (under CI),
    saying where the seeds are expected and how to put them there."""
    if not SEEDS.is_dir() or not any(SEEDS.glob("00*.txt")):
        where = (
            f"the seeds (the project's source documents 000_*.txt to 004_*.txt) are expected at {SEEDS}, "
            "i.e. ../shared/seeds beside this clone: clone asbdesk into a folder beside the project's "
            "shared/ folder, or copy shared/seeds there (README, 'Test it')"
        )
        if os.environ.get("CI"):
            pytest.fail(f"CI must check wording against the seeds, but {where}")
        pytest.skip(f"wording not checked against the seeds: {where}")
    return SEEDS


@cache
def shipped(pack_id: str) -> Pack:
    return load_pack(PACKS / pack_id)


@cache
def engine(pack_id: str) -> Engine:
    return Engine(shipped(pack_id))


def run(pack_id: str, data: dict[str, Any]) -> Assessment:
    """Assess headless-style input (validated exactly as the CLI does)."""
    data = {"now": NOW.isoformat(), **data}
    return engine(pack_id).assess(parse_call(shipped(pack_id), data))


def ago(**delta: float) -> str:
    return (NOW - timedelta(**delta)).isoformat()


@pytest.fixture
def now() -> datetime:
    return NOW


__all__ = ["NOW", "Call", "HistoryItem", "ago", "engine", "run", "shipped"]
