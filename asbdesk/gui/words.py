"""Dates and phone numbers as a person reads them on screen (issue 23.4): one place for each.

Every window (desk, supervisor's queues, active flags, dip sample, reports, training) shows a
stored time through :func:`local_text` ("7 Dec 2026 03:03", local time; times are stored in
UTC), a day through :func:`local_day` ("7 Dec 2026") and a number through :func:`phone_text`
("0113 496 0636"). The month's short names are English words put through ``translate`` here,
and only here: a Welsh desk translates them once, whatever the machine's locale (whose own
short form can read "7 12 2026")."""

from __future__ import annotations

import functools
from datetime import UTC, date, datetime

from PySide6.QtCore import QCoreApplication


def month_abbreviations() -> tuple[str, ...]:
    """The twelve short month names, in the desk's language."""
    t = QCoreApplication.translate
    return (
        t("Dates", "Jan"),
        t("Dates", "Feb"),
        t("Dates", "Mar"),
        t("Dates", "Apr"),
        t("Dates", "May"),
        t("Dates", "Jun"),
        t("Dates", "Jul"),
        t("Dates", "Aug"),
        t("Dates", "Sep"),
        t("Dates", "Oct"),
        t("Dates", "Nov"),
        t("Dates", "Dec"),
    )


def local_day(day: date) -> str:
    """A calendar day, e.g. '7 Dec 2026'."""
    return f"{day.day} {month_abbreviations()[day.month - 1]} {day.year}"


def local_text(moment: datetime) -> str:
    """A stored time as the operator reads it: local, to the minute, e.g. '7 Dec 2026 03:03'.
    A time without a zone is a stored one, in UTC."""
    local = (moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)).astimezone()
    return f"{local_day(local.date())} {local:%H:%M}"


@functools.lru_cache(maxsize=8192)
def phone_text(number: str) -> str:
    """A phone number as a UK reader dials it: '+441134960636' -> '0113 496 0636' (a number
    abroad in the international format). The graded log's own function, so screen and log
    agree; what cannot be read is shown as it is."""
    from asbdesk.core.render import phone_words  # phonenumbers loads on the first number shown

    try:
        return phone_words(number)
    except Exception:  # a number stored before it was checked: shown as stored, never a traceback
        return number
