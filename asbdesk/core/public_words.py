"""asbdesk's own words on what the public and trainees read, in English and in Welsh: the
walk-in slip, the ring-back letter and the trainee's scorecard (issue 23.3).

A force in Wales offers Welsh on what the public receive (the Welsh Language Standards): a
pack that offers Welsh (``public.welsh``) gives its own wording in both languages, and these
are asbdesk's fixed words around it (labels, standard sentences, month names).

**The Welsh below needs review by a Welsh speaker before a force goes live.** It was written
for asbdesk, not taken from a force's approved wording; the terms to check first are listed
in ``REVIEW_FIRST``.

Pure Python (no Qt): the slip and the letter are laid out from this table; the GUI's
scorecard reads it too. ``both`` is the bilingual document: Welsh first, then English (the
Welsh Language Standards: Welsh is not to be treated less favourably than English).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Literal

Language = Literal["en", "cy", "both"]
LANGUAGES: tuple[Language, ...] = ("en", "cy", "both")
"""English, Welsh, bilingual (Welsh then English)."""

LANGUAGE_NAMES: Mapping[str, str] = {"en": "English", "cy": "Welsh", "both": "Welsh and English"}

MONTHS: Mapping[str, tuple[str, ...]] = {
    "en": (
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
    ),
    "cy": (
        "Ionawr",
        "Chwefror",
        "Mawrth",
        "Ebrill",
        "Mai",
        "Mehefin",
        "Gorffennaf",
        "Awst",
        "Medi",
        "Hydref",
        "Tachwedd",
        "Rhagfyr",
    ),
}

# Each key in both languages; "{0}" is filled in by the document. NEEDS REVIEW BY A WELSH SPEAKER.
WORDS: Mapping[str, Mapping[str, str]] = {
    "en": {
        # the walk-in slip
        "slip.title": "ANTI-SOCIAL BEHAVIOUR REPORT",
        "slip.reference": "Your reference",
        "slip.reported": "Reported",
        "slip.next": "What happens next",
        "slip.nothing": "Your report has been recorded.",
        "slip.contact_you": "How we contact you",
        "slip.as_asked": "By {0}, as you asked.",
        "slip.contact_us": "To contact us",
        "slip.team": "Call our ASB team on {0}.",
        "slip.email": "E-mail",
        "slip.website": "Website",
        "slip.emergency": "In an emergency",
        "slip.quote": "Please quote your reference {0} whenever you contact us about this report.",
        "when": "{0} at {1}",
        # shared
        "call_999": "Call 999.",
        # the ring-back letter (seed 002 'Ring Backs and Reassurance Visits': "send a letter to
        # the victim advising them of our continued support and contact details")
        "letter.subject": "Your report of anti-social behaviour, reference {0}, on {1}",
        "letter.greeting": "Dear {0},",
        "letter.tried": (
            "You asked us to ring you back about your report. We tried to ring you back, but we could "
            "not reach you, so we are writing to you instead."
        ),
        "letter.promised": "When you made your report, we told you: “{0}”",
        "letter.support": (
            "We want you to know that we continue to support you. If the behaviour you reported carries on, "
            "or you would like to talk to us about it, please get in touch with us."
        ),
        "letter.contact": "To contact us: {0}",
        "letter.team": "call our ASB team on {0}, or ",
        "letter.email": " You can also e-mail us at {0}.",
        "letter.quote": " Please quote your reference {0}.",
        "letter.emergency": "In an emergency: {0}",
        "letter.closing": "Yours sincerely,",
        "letter.team_line": "ASB team: {0}",
        # the trainee's scorecard
        "score.training": "TRAINING — NOT A REAL CALL",
        "score.title": "Scorecard: {0}",
        "score.scenario": "Scenario",
        "score.pack": "pack",
        "score.trainee": "trainee",
        "score.taken": "taken",
        "score.score": "Score: {0}% ({1} of {2} items met)",
        "score.item": "Item",
        "score.result": "Result",
        "score.expected": "Expected",
        "score.done": "Done",
        "score.why": "Why",
        "score.time": "Time taken: {0} s",
        "score.keys": "Key presses: {0}",
        "result.met": "MET",
        "result.missed": "MISSED",
        "result.follows": "FOLLOWS",
        "result.not scored": "NOT SCORED",
        "score.nothing": "nothing",
        "score.none": "none",
        "score.file_title": "{0}: scorecard {1} {2}",
        "letter.title": "Letter about {0}",
    },
    "cy": {
        "slip.title": "ADRODDIAD AM YMDDYGIAD GWRTHGYMDEITHASOL",
        "slip.reference": "Eich cyfeirnod",
        "slip.reported": "Adroddwyd",
        "slip.next": "Y camau nesaf",
        "slip.nothing": "Mae eich adroddiad wedi'i gofnodi.",
        "slip.contact_you": "Cysylltu â chi",
        "slip.as_asked": "{0}, fel y gofynnoch chi.",
        "slip.contact_us": "I gysylltu â ni",
        "slip.team": "Ffoniwch ein tîm ymddygiad gwrthgymdeithasol ar {0}.",
        "slip.email": "E-bost",
        "slip.website": "Gwefan",
        "slip.emergency": "Mewn argyfwng",
        "slip.quote": "Nodwch eich cyfeirnod {0} bob tro y byddwch yn cysylltu â ni am yr adroddiad hwn.",
        "when": "{0} am {1}",
        "call_999": "Ffoniwch 999.",
        "letter.subject": "Eich adroddiad am ymddygiad gwrthgymdeithasol, cyfeirnod {0}, ar {1}",
        "letter.greeting": "Annwyl {0},",
        "letter.tried": (
            "Gofynnoch i ni eich ffonio'n ôl am eich adroddiad. Fe wnaethom geisio eich ffonio'n ôl, ond "
            "nid oedd modd i ni gysylltu â chi, felly rydym yn ysgrifennu atoch yn lle hynny."
        ),
        "letter.promised": "Pan wnaethoch eich adroddiad, dywedom wrthych: “{0}”",
        "letter.support": (
            "Rydym am i chi wybod ein bod yn parhau i'ch cefnogi. Os yw'r ymddygiad y gwnaethoch adrodd "
            "amdano yn parhau, neu os hoffech siarad â ni amdano, cysylltwch â ni."
        ),
        "letter.contact": "I gysylltu â ni: {0}",
        "letter.team": "ffoniwch ein tîm ymddygiad gwrthgymdeithasol ar {0}, neu ",
        "letter.email": " Gallwch hefyd anfon e-bost atom yn {0}.",
        "letter.quote": " Nodwch eich cyfeirnod {0}.",
        "letter.emergency": "Mewn argyfwng: {0}",
        "letter.closing": "Yn gywir,",
        "letter.team_line": "Tîm ymddygiad gwrthgymdeithasol: {0}",
        "score.training": "HYFFORDDIANT — NID GALWAD GO IAWN",
        "score.title": "Cerdyn sgorio: {0}",
        "score.scenario": "Senario",
        "score.pack": "pecyn",
        "score.trainee": "hyfforddai",
        "score.taken": "dyddiad",
        "score.score": "Sgôr: {0}% ({1} o {2} eitem wedi'u cyflawni)",
        "score.item": "Eitem",
        "score.result": "Canlyniad",
        "score.expected": "Disgwyliedig",
        "score.done": "Wedi'i wneud",
        "score.why": "Pam",
        "score.time": "Amser a gymerwyd: {0} eiliad",
        "score.keys": "Bysellau a wasgwyd: {0}",
        "result.met": "CYFLAWNWYD",
        "result.missed": "METHWYD",
        "result.follows": "YN DILYN",
        "result.not scored": "HEB SGÔR",
        "score.nothing": "dim byd",
        "score.none": "dim",
        "score.file_title": "{0}: cerdyn sgorio {1} {2}",
        "letter.title": "Llythyr ynghylch {0}",
    },
}

REVIEW_FIRST = (
    "ymddygiad gwrthgymdeithasol (anti-social behaviour)",
    "cyfeirnod (reference)",
    "Adroddwyd (Reported)",
    "Y camau nesaf (What happens next)",
    "Ffoniwch 999. / Mewn argyfwng (Call 999. / In an emergency)",
    "the letter's sentences (letter.tried, letter.support)",
    "Cerdyn sgorio, CYFLAWNWYD / METHWYD (the scorecard's results)",
)
"""The terms a Welsh-speaking reviewer should check first (README, 'Language')."""


class LanguageError(ValueError):
    """A language asbdesk cannot write a document in, or Welsh from a pack that offers none."""


def language(text: str) -> Language:
    """'en', 'cy' or 'both' (also 'english', 'welsh', 'cymraeg', 'bilingual'), any case."""
    said = text.strip().lower()
    aliases = {"english": "en", "welsh": "cy", "cymraeg": "cy", "bilingual": "both", "dwyieithog": "both"}
    said = aliases.get(said, said)
    if said not in LANGUAGES:
        raise LanguageError(f"the language is en (English), cy (Welsh) or both (Welsh and English), not '{text}'")
    return said


def word(key: str, lang: str) -> str:
    """asbdesk's fixed words ``key`` in ``lang`` ('en' or 'cy')."""
    return WORDS[lang][key]


def long_date(day: date, lang: str = "en") -> str:
    """E.g. '23 November 2026', '23 Tachwedd 2026' (own month names whatever the locale: Qt sets
    the C library's locale, so strftime's %B could print another language)."""
    return f"{day.day} {MONTHS[lang][day.month - 1]} {day.year}"


def format_when(moment: datetime, lang: str = "en") -> str:
    """E.g. '23 November 2026 at 14:05', '23 Tachwedd 2026 am 14:05'."""
    return word("when", lang).format(long_date(moment.date(), lang), f"{moment:%H:%M}")


def parts(lang: Language) -> tuple[str, ...]:
    """The languages a document is written in, in order: bilingual is Welsh, then English."""
    return ("cy", "en") if lang == "both" else (lang,)
