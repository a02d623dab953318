from __future__ import annotations

from datetime import datetime, timedelta, timezone
from functools import lru_cache
from typing import Any

import pytest

from asbdesk.core.call import Call, HistoryItem, parse_call
from asbdesk.core.engine import Assessment, Engine
from asbdesk.core.packs import Pack, load_pack

from tests.conftest import PACKS

NOW = datetime(2026, 11, 23, 14, 5, tzinfo=timezone.utc)


@lru_cache(maxsize=None)
def shipped(pack_id: str) -> Pack:
    return load_pack(PACKS / pack_id)


@lru_cache(maxsize=None)
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


__all__ = ["Call", "HistoryItem", "NOW", "ago", "engine", "run", "shipped"]
