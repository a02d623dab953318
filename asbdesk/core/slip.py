"""The slip handed to a member of the public at the front counter.

Plain English only, from the pack's wording for the public (its ``public`` block
and each response plan's ``public`` text): never the call handler's instructions.
Laid out in two aligned columns, 66 characters wide, so it prints on a receipt
printer or on A4 in a monospace font. Pure Python: no Qt, no database.
"""

from __future__ import annotations

import textwrap
from datetime import UTC, datetime, tzinfo

from asbdesk.core import messages
from asbdesk.core.engine import Assessment
from asbdesk.core.messages import Refused
from asbdesk.core.packs import Pack
from asbdesk.core.site import Force

WIDTH = 66
"""No line of the slip is longer than this."""

LABEL_WIDTH = 20
"""Every value starts in this column (labels are padded to it)."""

EMERGENCY = "Call 999."
NOTHING_FIRED = "Your report has been recorded."

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


class SlipError(Refused):
    """The slip cannot be printed from this pack (it has no wording for the public)."""


def local_time(moment: datetime, tz: tzinfo | None = None) -> datetime:
    """``moment`` (UTC; naive is taken as UTC) in ``tz``, or the machine's local zone."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(tz) if tz is not None else moment.astimezone()


def format_when(moment: datetime) -> str:
    """E.g. '23 November 2026 at 14:05' (English month names whatever the locale)."""
    return f"{moment.day} {MONTHS[moment.month - 1]} {moment.year} at {moment:%H:%M}"


def next_steps(assessment: Assessment, pack: Pack) -> list[str]:
    """The public text of the response plans that fired, in pack order, each once."""
    plans = {plan.id: plan for plan in pack.data.responses}
    out: list[str] = []
    for plan_id in assessment.response_ids:
        plan = plans.get(plan_id)
        text = plan.public if plan is not None else None
        if text is None:
            raise SlipError(messages.PLAN_HAS_NO_PUBLIC_WORDING, plan=plan_id, pack=pack.id)
        text = " ".join(text.split())
        if text not in out:
            out.append(text)
    return out


def _field(label: str, value: str) -> list[str]:
    head = f"{label + ':':<{LABEL_WIDTH}}"
    return _wrap(value, head, " " * LABEL_WIDTH)


def _items(label: str, values: list[str]) -> list[str]:
    """One label, several items: each a bullet in the value column, wrapped under itself."""
    if len(values) == 1:
        return _field(label, values[0])
    lines: list[str] = []
    for i, value in enumerate(values):
        head = f"{label + ':':<{LABEL_WIDTH}}" if i == 0 else " " * LABEL_WIDTH
        lines += _wrap(value, head + "- ", " " * (LABEL_WIDTH + 2))
    return lines


def _wrap(text: str, first: str, rest: str) -> list[str]:
    return textwrap.wrap(
        " ".join(text.split()),
        WIDTH,
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=True,
        break_on_hyphens=False,
    ) or [first.rstrip()]


def _contact_phrase(label: str) -> str:
    """'A ring back' -> 'By a ring back, as you asked.'"""
    label = label.strip().rstrip(".")
    if label[:1].isupper() and not label[1:2].isupper():  # keep "SMS", lower "A ring back"
        label = label[0].lower() + label[1:]
    return f"By {label}, as you asked."


def walk_in_slip(
    assessment: Assessment, reference: str, pack: Pack, tz: tzinfo | None = None, force: Force | None = None
) -> str:
    """The slip for a member of the public who reported at the front counter.

    ``tz`` is the zone the times are printed in; by default the machine's own. ``force`` is
    the site (issue 19): the force's name heads the slip and the ASB team's number, e-mail
    and website are given beside the pack's own contact wording (101); without a site, or
    a site without them, the slip gives 101 and 999 only, under the pack's force name.
    Raises :class:`SlipError` when the pack is not walk-in ready (no ``public`` block).
    """
    public = pack.data.public
    if public is None:
        raise SlipError(messages.PACK_NOT_WALK_IN_READY, pack=pack.id)
    reference = reference.strip()
    if not reference:
        raise SlipError(messages.SLIP_NEEDS_REFERENCE)
    title = "ANTI-SOCIAL BEHAVIOUR REPORT"
    lines: list[str] = []
    lines += _wrap(force.name if force is not None else public.force, "", "")
    lines += [title, "=" * WIDTH]
    lines += _field("Your reference", reference)
    lines += _field("Reported", format_when(local_time(assessment.now, tz)))
    lines.append("")
    lines += _items("What happens next", next_steps(assessment, pack) or [NOTHING_FIRED])
    if assessment.contact_preference:
        lines.append("")
        lines += _field("How we contact you", _contact_phrase(assessment.contact_preference))
    lines.append("")
    contact = [" ".join(public.contact.split())]
    if force is not None and force.phone_words:
        contact.insert(0, f"Call our ASB team on {force.phone_words}.")
    lines += _items("To contact us", contact)
    if force is not None and force.email:
        lines += _field("E-mail", force.email)
    if force is not None and force.website:
        lines += _field("Website", force.website)
    lines += _field("In an emergency", EMERGENCY)
    lines += ["", "=" * WIDTH]
    lines += _wrap(f"Please quote your reference {reference} whenever you contact us about this report.", "", "")
    return "\n".join(lines) + "\n"
