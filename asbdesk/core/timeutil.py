"""Time helpers for rule windows. All times are timezone-aware."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache

from dateutil.relativedelta import relativedelta


@lru_cache(maxsize=256)  # called once per incident per rule with the same 'now'
def months_before(moment: datetime, months: int) -> datetime:
    """The same wall-clock time ``months`` calendar months earlier.

    The day is clamped to the end of a shorter month (31 August minus 6 months is
    28 or 29 February), as a person counting months on a calendar would
    (``dateutil.relativedelta`` does exactly that).
    """
    result: datetime = moment - relativedelta(months=months)
    return result


def months_after(moment: datetime, months: int) -> datetime:
    """``months`` calendar months later, the day clamped to the month's end."""
    return months_before(moment, -months)


def parse_instant(text: str) -> datetime:
    """Parse an ISO 8601 time. A time without an offset is taken as UTC."""
    if not isinstance(text, str):
        raise ValueError(f"expected an ISO 8601 time such as 2026-11-23T14:05:00Z, not {text!r}")
    value = text.strip()
    if value.endswith(("Z", "z")):
        value = value[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"'{text}' is not an ISO 8601 time such as 2026-11-23T14:05:00Z") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment
