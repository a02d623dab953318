"""The slip handed to a member of the public at the front counter.

Plain words only, from the pack's wording for the public (its ``public`` block
and each response plan's ``public`` text): never the call handler's instructions.
Laid out in two aligned columns, 66 characters wide, so it prints on a receipt
printer or on A4 in a monospace font. Pure Python: no Qt, no database.

In English, in Welsh or bilingual (Welsh first, then English) when the pack offers Welsh
(``public.welsh``, issue 23.3): asbdesk's own words are in :mod:`asbdesk.core.public_words`.
"""

from __future__ import annotations

import textwrap
from datetime import UTC, datetime, tzinfo
from typing import cast

from asbdesk.core import messages
from asbdesk.core.engine import Assessment
from asbdesk.core.messages import Refused
from asbdesk.core.packs import Pack
from asbdesk.core.public_words import MONTHS as MONTHS_BY_LANGUAGE
from asbdesk.core.public_words import WORDS, Language, LanguageError, parts, word
from asbdesk.core.public_words import format_when as _format_when
from asbdesk.core.public_words import language as public_words_language
from asbdesk.core.site import Force

WIDTH = 66
"""No line of the slip is longer than this."""

LABEL_WIDTH = 20
"""Every value starts in this column (labels are padded to it)."""

EMERGENCY = WORDS["en"]["call_999"]
NOTHING_FIRED = WORDS["en"]["slip.nothing"]
MONTHS = MONTHS_BY_LANGUAGE["en"]


class SlipError(Refused):
    """The slip cannot be printed from this pack (it has no wording for the public)."""


def local_time(moment: datetime, tz: tzinfo | None = None) -> datetime:
    """``moment`` (UTC; naive is taken as UTC) in ``tz``, or the machine's local zone."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(tz) if tz is not None else moment.astimezone()


def format_when(moment: datetime, lang: str = "en") -> str:
    """E.g. '23 November 2026 at 14:05' (own month names whatever the locale)."""
    return _format_when(moment, lang)


def next_steps(assessment: Assessment, pack: Pack, lang: str = "en") -> list[str]:
    """The public text (``lang`` 'cy': the Welsh) of the response plans that fired, in pack
    order, each once."""
    plans = {plan.id: plan for plan in pack.data.responses}
    out: list[str] = []
    for plan_id in assessment.response_ids:
        plan = plans.get(plan_id)
        text = (plan.public_cy if lang == "cy" else plan.public) if plan is not None else None
        if text is None:
            wanted = messages.PLAN_HAS_NO_WELSH_PUBLIC_WORDING if lang == "cy" else messages.PLAN_HAS_NO_PUBLIC_WORDING
            raise SlipError(wanted, plan=plan_id, pack=pack.id)
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


def _contact_phrase(label: str, lang: str = "en") -> str:
    """'A ring back' -> 'By a ring back, as you asked.'; Welsh: 'Galwad yn ôl, fel y gofynnoch chi.'"""
    label = label.strip().rstrip(".")
    if lang == "en" and label[:1].isupper() and not label[1:2].isupper():  # keep "SMS", lower "A ring back"
        label = label[0].lower() + label[1:]
    return word("slip.as_asked", lang).format(label)


def slip_language(pack: Pack, language: str | None = None) -> Language:
    """The language the slip (or letter) is written in: ``language`` when given (the person's
    choice), else the force's default in its pack (English when it offers no Welsh). Raises
    :class:`SlipError` for Welsh from a pack that offers none, or a language that is not one."""
    try:
        chosen = public_words_language(language) if language is not None else None
    except LanguageError:
        raise SlipError(messages.NOT_A_DOCUMENT_LANGUAGE, text=language) from None
    if chosen is None:
        return cast(Language, pack.public_languages[0])
    if chosen != "en" and not pack.offers_welsh:
        raise SlipError(messages.PACK_OFFERS_NO_WELSH, pack=pack.id)
    return chosen


def walk_in_slip(
    assessment: Assessment,
    reference: str,
    pack: Pack,
    tz: tzinfo | None = None,
    force: Force | None = None,
    language: str | None = None,
) -> str:
    """The slip for a member of the public who reported at the front counter.

    ``tz`` is the zone the times are printed in; by default the machine's own. ``force`` is
    the site (issue 19): the force's name heads the slip and the ASB team's number, e-mail
    and website are given beside the pack's own contact wording (101); without a site, or
    a site without them, the slip gives 101 and 999 only, under the pack's force name.
    ``language``: 'en', 'cy' or 'both' (Welsh, then English); by default the force's choice
    in its pack (:func:`slip_language`). Raises :class:`SlipError` when the pack is not
    walk-in ready (no ``public`` block), or for Welsh from a pack that offers none.
    """
    public = pack.data.public
    if public is None:
        raise SlipError(messages.PACK_NOT_WALK_IN_READY, pack=pack.id)
    lang = slip_language(pack, language)
    reference = reference.strip()
    if not reference:
        raise SlipError(messages.SLIP_NEEDS_REFERENCE)
    names = [_force_name(pack, force, part) for part in parts(lang)]
    lines: list[str] = []
    for name in dict.fromkeys(names):  # the force's name once when it is the same in both
        lines += _wrap(name, "", "")
    lines += [word("slip.title", part) for part in parts(lang)]
    lines.append("=" * WIDTH)
    for n, part in enumerate(parts(lang)):
        if n:
            lines += ["", "-" * WIDTH]
        lines += _body(assessment, reference, pack, tz, force, part)
    lines += ["", "=" * WIDTH]
    for part in parts(lang):
        lines += _wrap(word("slip.quote", part).format(reference), "", "")
    return "\n".join(lines) + "\n"


def _force_name(pack: Pack, force: Force | None, lang: str) -> str:
    """The site's name (it has no Welsh one) in English; in Welsh, the pack's Welsh name."""
    public = pack.data.public
    assert public is not None
    if lang == "cy" and public.welsh is not None:
        return public.welsh.force
    return force.name if force is not None else public.force


def _body(
    assessment: Assessment, reference: str, pack: Pack, tz: tzinfo | None, force: Force | None, lang: str
) -> list[str]:
    """The slip's fields in one language."""
    public = pack.data.public
    assert public is not None
    welsh = public.welsh if lang == "cy" else None
    lines: list[str] = []
    lines += _field(word("slip.reference", lang), reference)
    lines += _field(word("slip.reported", lang), format_when(local_time(assessment.now, tz), lang))
    lines.append("")
    lines += _items(word("slip.next", lang), next_steps(assessment, pack, lang) or [word("slip.nothing", lang)])
    if assessment.contact_preference:
        label = assessment.contact_preference
        if welsh is not None:
            label = welsh.contact_methods.get(assessment.contact_method or "", label)
        lines.append("")
        lines += _field(word("slip.contact_you", lang), _contact_phrase(label, lang))
    lines.append("")
    contact = [" ".join((welsh.contact if welsh is not None else public.contact).split())]
    if force is not None and force.phone_words:
        contact.insert(0, word("slip.team", lang).format(force.phone_words))
    lines += _items(word("slip.contact_us", lang), contact)
    if force is not None and force.email:
        lines += _field(word("slip.email", lang), force.email)
    if force is not None and force.website:
        lines += _field(word("slip.website", lang), force.website)
    lines += _field(word("slip.emergency", lang), word("call_999", lang))
    return lines
