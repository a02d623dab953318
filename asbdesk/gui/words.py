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


# The supervisor's words (issue 23.3): the queues, the review windows, the dip sample's checks,
# a re-contact's method and attempts, a flag's state. asbdesk.core.vocabulary and
# asbdesk.storage.supervision keep the same words in English for the CLI and the log;
# tests/gui/test_words.py holds them equal.
_REVIEW_KIND_WORDS = {
    "flag-request": QT_TRANSLATE_NOOP("Words", "Flag requests"),
    "flag-review": QT_TRANSLATE_NOOP("Words", "Flag reviews due"),
    "override": QT_TRANSLATE_NOOP("Words", "Overrides"),
    "recontact": QT_TRANSLATE_NOOP("Words", "Re-contacts"),
    "occurrence": QT_TRANSLATE_NOOP("Words", "Occurrences"),
}
_FLAG_DUE_WORDS = {
    "overdue": QT_TRANSLATE_NOOP("Words", "overdue"),
    "week": QT_TRANSLATE_NOOP("Words", "due within 7 days"),
    "later": QT_TRANSLATE_NOOP("Words", "due later"),
}
_SAMPLE_CHECK_WORDS = {
    "response_appropriate": QT_TRANSLATE_NOOP(
        "Words", "The appropriate level of response has been given to the incident"
    ),
    "recontact_completed": QT_TRANSLATE_NOOP("Words", "All recontact has been completed as requested"),
    "occurrence_created": QT_TRANSLATE_NOOP("Words", "A non-crime occurrence was created for a red or amber incident"),
    "crime_recorded": QT_TRANSLATE_NOOP("Words", "A crime was recorded where a crime-recording prompt fired"),
    "assessment_retained": QT_TRANSLATE_NOOP("Words", "The risk assessment was retained"),
    "thrive_recorded": QT_TRANSLATE_NOOP(
        "Words",
        "The THRIVE rationale was recorded (threat, harm, risk, investigation, vulnerability, engagement)",
    ),
}
_METHOD_WORDS = {
    "ring_back": QT_TRANSLATE_NOOP("Words", "ring back"),
    "email": QT_TRANSLATE_NOOP("Words", "e-mail"),
}
_ATTEMPT_WORDS = {
    "no_answer": QT_TRANSLATE_NOOP("Words", "no answer"),
    "left_voicemail": QT_TRANSLATE_NOOP("Words", "left voicemail"),
    "wrong_number": QT_TRANSLATE_NOOP("Words", "wrong number"),
    "email_sent": QT_TRANSLATE_NOOP("Words", "e-mail sent"),
    "email_bounced": QT_TRANSLATE_NOOP("Words", "e-mail bounced"),
    "reached": QT_TRANSLATE_NOOP("Words", "reached"),
}
_OUTCOME_WORDS = {
    "reached": QT_TRANSLATE_NOOP("Words", "reached"),
    "not_reached": QT_TRANSLATE_NOOP("Words", "not reached"),
    "declined": QT_TRANSLATE_NOOP("Words", "declined"),
    "agreed": QT_TRANSLATE_NOOP("Words", "agreed"),
    "disagreed": QT_TRANSLATE_NOOP("Words", "disagreed"),
    "recorded": QT_TRANSLATE_NOOP("Words", "recorded"),
}
_RAG_WORDS = {
    "red": QT_TRANSLATE_NOOP("Words", "red"),
    "amber": QT_TRANSLATE_NOOP("Words", "amber"),
    "green": QT_TRANSLATE_NOOP("Words", "green"),
}
_OVERRIDE_FIELD_WORDS = {
    "risk_level": QT_TRANSLATE_NOOP("Words", "risk level"),
    "grade": QT_TRANSLATE_NOOP("Words", "grade"),
}
# A flag's status (requested, active, rejected, removed) and what its history records.
_FLAG_STATE_WORDS = {
    "requested": QT_TRANSLATE_NOOP("Words", "requested"),
    "active": QT_TRANSLATE_NOOP("Words", "active"),
    "rejected": QT_TRANSLATE_NOOP("Words", "rejected"),
    "removed": QT_TRANSLATE_NOOP("Words", "removed"),
    "authorised": QT_TRANSLATE_NOOP("Words", "authorised"),
    "refused": QT_TRANSLATE_NOOP("Words", "refused"),
    "reviewed": QT_TRANSLATE_NOOP("Words", "reviewed"),
    "undone": QT_TRANSLATE_NOOP("Words", "undone"),
}


def review_kind_words(kind: str) -> str:
    """A queue's name ('Flag requests', …), in the desk's language."""
    return _named(_REVIEW_KIND_WORDS, kind)


def flag_due_words(due: str) -> str:
    """'overdue', 'due within 7 days' or 'due later', in the desk's language."""
    return _named(_FLAG_DUE_WORDS, due)


def sample_check_words(check: str) -> str:
    """A dip-sample check as the checklist words it, in the desk's language."""
    return _named(_SAMPLE_CHECK_WORDS, check)


def method_words(method: str) -> str:
    """A re-contact's method: 'ring back' or 'e-mail', in the desk's language."""
    return _named(_METHOD_WORDS, method)


def attempt_words(result: str) -> str:
    """What came of one try at a re-contact ('no answer', …), in the desk's language."""
    return _named(_ATTEMPT_WORDS, result)


def outcome_words(outcome: str) -> str:
    """What came of a re-contact or a review ('not reached', 'agreed', …), in the desk's language."""
    return _named(_OUTCOME_WORDS, outcome)


def rag_words(rag: str | None) -> str:
    """'red', 'amber' or 'green', in the desk's language."""
    return _named(_RAG_WORDS, str(rag))


def field_words(field: str) -> str:
    """What an override changed: 'risk level' or 'grade', in the desk's language."""
    return _named(_OVERRIDE_FIELD_WORDS, field)


def flag_state_words(state: str) -> str:
    """A flag's status or the event in its history ('active', 'authorised', …), in the desk's language."""
    return _named(_FLAG_STATE_WORDS, state)


def flag_words(kind: str, subject: str, name: str) -> str:
    """'vulnerable victim flag on caller Elsie Garside', in the desk's language."""
    return QCoreApplication.translate("Words", "{0} flag on {1} {2}").format(
        flag_kind_words(kind), flag_subject_words(subject), name
    )


def subject_words(subject: str, name: str) -> str:
    """What a flag is on, named: 'caller Elsie Garside', in the desk's language."""
    return QCoreApplication.translate("Words", "{0} {1}").format(flag_subject_words(subject), name)


def summary_words(item: Any) -> str:
    """A queue item's summary (``ReviewItem.summary``, worded by storage in English for the CLI)
    in the desk's language, from the item's ``facts``; the stored summary when it has none. An
    active flag's summary likewise."""
    facts = getattr(item, "facts", None) or {}
    kind = getattr(item, "kind", "")
    if getattr(item, "subject_kind", ""):  # an active flag (storage.supervision.ActiveFlag)
        return flag_words(kind, item.subject_kind, item.subject_name)
    if not facts:
        return str(item.summary)
    if kind in ("flag-request", "flag-review"):
        flag = flag_words(facts["flag_kind"], facts["subject"], facts["name"])
        if kind == "flag-request":
            return QCoreApplication.translate("Words", "{0}, requested by {1}").format(flag, facts["requested_by"])
        days = int(facts["overdue_days"])
        if days == 0:
            return QCoreApplication.translate("Words", "{0}: monthly review due today").format(flag)
        if days == 1:
            return QCoreApplication.translate("Words", "{0}: monthly review overdue by 1 day").format(flag)
        return QCoreApplication.translate("Words", "{0}: monthly review overdue by {1} days").format(flag, days)
    if kind == "override":
        return QCoreApplication.translate("Words", "{0} set to {1} by {2}: {3}").format(
            field_words(facts["field"]), str(facts["chosen"]).replace("_", " "), facts["operator"], facts["reason"]
        )
    if kind == "recontact":
        allocated = (
            QCoreApplication.translate("Words", "allocated to {0}").format(facts["assigned_to"])
            if facts["assigned_to"]
            else QCoreApplication.translate("Words", "not allocated")
        )
        attempts = int(facts["attempts"])
        if attempts == 1:
            allocated = QCoreApplication.translate("Words", "{0}, 1 attempt").format(allocated)
        elif attempts:
            allocated = QCoreApplication.translate("Words", "{0}, {1} attempts").format(allocated, attempts)
        reach = " · ".join(
            p for p in (facts["phone"], facts["email"], facts["address"]) if p
        ) or QCoreApplication.translate("Words", "no number, e-mail or address on record")
        return QCoreApplication.translate("Words", "{0} for {1} ({2}), {3}: {4}").format(
            method_words(facts["method"]),
            facts["caller"] or QCoreApplication.translate("Words", "caller not identified"),
            rag_words(facts["rag"]),
            allocated,
            reach,
        )
    return QCoreApplication.translate("Words", "{0} {1} ({2}) taken by {3}: no occurrence recorded").format(
        rag_words(facts["rag"]), facts["incident_code"], str(facts["grade"]).replace("_", " "), facts["operator"]
    )


def decision_words(decision: Any) -> str:
    """A supervisor's decision as the undo names it ('authorised flag 13 (vulnerable victim flag
    on caller Elsie Garside)'; ``storage.undo.Decision.words`` in English), in the desk's
    language, from the decision's ``facts``; the stored words when it has none."""
    facts = getattr(decision, "facts", None) or {}
    if not facts:
        return str(decision.words)
    if decision.kind == "flag":
        about = flag_words(facts["flag_kind"], facts["subject"], facts["name"])
        if decision.action == "authorise":
            return QCoreApplication.translate("Words", "authorised flag {0} ({1})").format(decision.item_id, about)
        if decision.action == "refuse":
            return QCoreApplication.translate("Words", "refused flag {0} ({1})").format(decision.item_id, about)
        if decision.action == "maintain":
            return QCoreApplication.translate("Words", "maintained flag {0} ({1})").format(decision.item_id, about)
        if decision.action == "remove":
            return QCoreApplication.translate("Words", "removed flag {0} ({1})").format(decision.item_id, about)
        return str(decision.words)
    if decision.action == "allocate":
        return QCoreApplication.translate("Words", "allocated the re-contact on {0} to {1}").format(
            facts["reference"], facts["officer"]
        )
    if decision.action == "occurrence":
        return QCoreApplication.translate("Words", "recorded occurrence {0} for {1}").format(
            facts["occurrence"], facts["reference"]
        )
    return str(decision.words)


def why_not_words(decision: Any) -> str | None:
    """Why a decision cannot be undone (``Decision.why_not``: storage's one reason, a flag
    changed at another desk meanwhile), in the desk's language."""
    if decision.why_not and decision.kind == "flag":
        return QCoreApplication.translate("Words", "flag {0} was changed at another desk while you decided it").format(
            decision.item_id
        )
    return None if decision.why_not is None else str(decision.why_not)
