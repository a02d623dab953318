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
from typing import Any

from PySide6.QtCore import QCoreApplication

from asbdesk.gui.i18n import QT_TRANSLATE_NOOP


def month_abbreviations() -> tuple[str, ...]:
    """The twelve short month names, in the desk's language."""
    return (
        QCoreApplication.translate("Dates", "Jan"),
        QCoreApplication.translate("Dates", "Feb"),
        QCoreApplication.translate("Dates", "Mar"),
        QCoreApplication.translate("Dates", "Apr"),
        QCoreApplication.translate("Dates", "May"),
        QCoreApplication.translate("Dates", "Jun"),
        QCoreApplication.translate("Dates", "Jul"),
        QCoreApplication.translate("Dates", "Aug"),
        QCoreApplication.translate("Dates", "Sep"),
        QCoreApplication.translate("Dates", "Oct"),
        QCoreApplication.translate("Dates", "Nov"),
        QCoreApplication.translate("Dates", "Dec"),
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


# asbdesk's own names for a flag's kind, what it is on and a prompt's kind (asbdesk.core.vocabulary
# keeps the ids): English here, translated where shown.
_FLAG_KIND_WORDS = {
    "vulnerable_victim": QT_TRANSLATE_NOOP("Words", "vulnerable victim"),
    "repeat_victim": QT_TRANSLATE_NOOP("Words", "repeat victim"),
    "warning_marker": QT_TRANSLATE_NOOP("Words", "warning marker"),
    "location": QT_TRANSLATE_NOOP("Words", "location"),
}
_FLAG_SUBJECT_WORDS = {
    "person": QT_TRANSLATE_NOOP("Words", "caller"),
    "location": QT_TRANSLATE_NOOP("Words", "address"),
    "phone": QT_TRANSLATE_NOOP("Words", "phone number"),
}
_PROMPT_KIND_WORDS = {
    "mandatory_attendance": QT_TRANSLATE_NOOP("Words", "mandatory attendance"),
    "crime_recording": QT_TRANSLATE_NOOP("Words", "crime recording"),
    "case_review": QT_TRANSLATE_NOOP("Words", "case review"),
    "stalking_screening": QT_TRANSLATE_NOOP("Words", "stalking screening"),
    "emergency": QT_TRANSLATE_NOOP("Words", "emergency"),
    "vulnerability": QT_TRANSLATE_NOOP("Words", "vulnerability"),
    "safeguarding": QT_TRANSLATE_NOOP("Words", "safeguarding"),
    "repeat": QT_TRANSLATE_NOOP("Words", "repeat"),
    "information": QT_TRANSLATE_NOOP("Words", "information"),
    "consent": QT_TRANSLATE_NOOP("Words", "consent"),
}


def _named(table: dict[str, str], identifier: str) -> str:
    words = table.get(identifier)
    return QCoreApplication.translate("Words", words) if words else identifier.replace("_", " ")


def flag_kind_words(kind: str) -> str:
    """'vulnerable victim' for ``vulnerable_victim``, in the desk's language."""
    return _named(_FLAG_KIND_WORDS, kind)


def flag_subject_words(subject: str) -> str:
    """'caller', 'address' or 'phone number' for what a flag is on, in the desk's language."""
    return _named(_FLAG_SUBJECT_WORDS, subject)


def prompt_kind_words(kind: str) -> str:
    """'emergency', 'mandatory attendance', … for a prompt's kind, in the desk's language."""
    return _named(_PROMPT_KIND_WORDS, kind)


def repeat_words(repeat: Any) -> str:
    """The repeat status as the desk says it, in its language, e.g. '3 incidents in the last 30
    days, this one included (2 before it): repeat victim' (asbdesk.core.render.repeat_status
    words the log). The current report counts as one (seed 003 Annex D.1); the label and its
    threshold are the pack's."""
    if repeat.window_days is None:
        if repeat.count == 1:
            return QCoreApplication.translate("Words", "{0} incident known; this pack has no repeat rule").format(1)
        return QCoreApplication.translate("Words", "{0} incidents known; this pack has no repeat rule").format(
            repeat.count
        )
    if repeat.count == 1:
        head = QCoreApplication.translate(
            "Words", "1 incident in the last {0} days, this one included (0 before it)"
        ).format(repeat.window_days)
    else:
        head = QCoreApplication.translate(
            "Words", "{0} incidents in the last {1} days, this one included ({2} before it)"
        ).format(repeat.count, repeat.window_days, repeat.count - 1)
    if repeat.is_repeat:
        return f"{head}: {repeat.label}"
    return QCoreApplication.translate("Words", "{0}: not a {1} ({2} or more make a {1})").format(
        head, repeat.label, repeat.threshold
    )
