"""The national layer: rules every pack in England and Wales inherits.

Crime recording (NCRS), the ASB Case Review (2014 Act s104), stalking screening and
the emergency rule are national, not local: they are written once, here, and apply
to every pack. A pack does not copy them; it says

- which of its incident codes report which offence (``offence`` on a code),
- which of its own answers mean what the rules read (``national.signals``: e.g. its
  weapons question is the ``weapons`` signal); for a signal the pack does not map, the
  national layer asks its own question (``NATIONAL_QUESTIONS``, asbdesk wording: the danger
  question first, the others after the code's own questions), so a crime is prompted by what the caller describes, not only by
  the code the operator picked,
- its local case review parameters (never past the statutory ceiling), and
- any rule it switches off, with a written reason and its source
  (``national.switched_off``), which ``packs show`` prints.

A rule that is on but has nothing in the pack to fire it (the harassment rule in a pack
with no personal or harassment code) is a validation error: the pack must give one or
switch the rule off with a reason.

The prompt wording is ours, not copied from copyrighted checklists; each rule names
the law or document it rests on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from asbdesk.core.conditions import All, AnswerTest, AnyOf, Condition, IncidentCount, IncidentIs
from asbdesk.core.packs.model import Grade, PromptRule, Question, QuestionSet
from asbdesk.core.vocabulary import PromptKind

if TYPE_CHECKING:
    from asbdesk.core.packs.model import PackData

CASE_REVIEW_SOURCE = (
    "Anti-social Behaviour, Crime and Policing Act 2014 s104 (ASB Case Review): s104(1)(a) a complaint "
    "by 'that person, or any other person'; s104(4) three qualifying complaints in six months; s105(1) "
    "behaviour 'causing harassment, alarm or distress', whatever it was logged as; s104(11) a complaint "
    "made within one month of the behaviour; seed 002 'ASB Case Review/Community Trigger'"
)
NCRS_SOURCE = (
    "National Crime Recording Standard, victim-focused recording: seed 000 s3.5 (i 'No Victim - No Crime', "
    "ii 'Unwilling Victims'); seed 001 (61% compliance)"
)
HARASSMENT_SOURCE = (
    f"{NCRS_SOURCE}; seed 000 (the national counting rules for stalking and harassment); seed 004 s4.3 "
    "(harassment properly recorded); asbdesk mapping: 'two or more occasions (a course of conduct)', an "
    "earlier such report on record counting as the second, and the stalking answer (someone repeatedly "
    "following, watching or contacting the caller) as a course of conduct come from the Protection from "
    "Harassment Act 1997, not the seeds"
)
HATE_SOURCE = (
    "Hate crime definition, five monitored strands on the victim's perception: seed 002 'Hate crime'; NCRS seed 000"
)
STALKING_SOURCE = (
    "Seed 004 s6.1-6.2 (Cambridgeshire: the response to harassment and stalking is in the force manual of "
    "standards for domestic abuse; DASH risk assessment has a stalking section; MASH referral when the DASH risk is "
    "medium or high); FOUR is the Suzy Lamplugh Trust's National Stalking Helpline mnemonic, which is "
    "not in the seeds; asbdesk mapping: 'two or more harassment reports' (or a harassment report that "
    "happened before) as a course of conduct comes from the Protection from Harassment Act 1997, not the seeds"
)
EMERGENCY_SOURCE = (
    "Seed 003 Annex B (Avon and Somerset Q2 weapons, Q7 immediate danger); THRIVE, seed 001; "
    "asbdesk mapping: 'violence in progress' as an emergency signal, and immediate danger or weapons as an "
    "emergency grade, are not in the seeds"
)

FOUR = "FOUR: Fixated, Obsessive, Unwanted, Repeated"

# What each signal means: the pack maps one of its own answers (a condition) to it.
SIGNALS = {
    "immediate_danger": "the caller or someone else is in immediate danger",
    "weapons": "weapons are involved",
    "violence_in_progress": "violence is happening now",
    "happened_before": "the caller says this has happened to them before",
    "hate": "the caller perceives hostility or prejudice against a protected characteristic",
    "alarm_distress": "threatening or abusive behaviour caused harassment, alarm or distress",
    "violence": "someone was physically assaulted",
    "property_damage": "property was damaged",
    "stalking": "the caller describes being followed, watched or harassed by someone fixated on them",
}


def case_review_text(threshold: int, window_months: int) -> str:
    return (
        f"ASB Case Review threshold met: {threshold} or more qualifying complaints of ASB in the "
        f"{window_months} months up to this report, by the caller or anyone else about behaviour at "
        "the address, whatever code they were logged under (this report counts; one incident "
        "reported several times counts once). Tell the caller they can ask for an ASB Case Review "
        "and how to do so."
    )


# Said in the case review prompt when a counted complaint's behaviour date is not known.
CASE_REVIEW_ASSUMED = (
    "Each complaint counted is taken to have been made within one month of the behaviour it "
    "reports (s104(11)): the record does not say when the behaviour happened."
)
NATIONAL_PREFIX = "national."


# NCRS victim-focused recording, said with every crime-recording prompt (seed 000 3.5 i, ii;
# asbdesk wording of the two principles).
NCRS_VICTIM = (
    "A victim who confirms the crime but declines to support an investigation or prosecution "
    "is still recorded. Where no victim (or person acting for them) can be found or identified, "
    "record a crime related incident until the victim comes forward (NCRS: 'No Victim - No Crime')."
)

CRIME_RECORDING_TEXTS = {
    "harassment": (
        "Consider recording a crime of harassment: the conduct has happened on two or more "
        "occasions (a course of conduct), or the caller describes being repeatedly followed, "
        "watched or contacted. The victim's account is enough."
    ),
    "alarm_distress": (
        "Consider recording a public order crime: the caller confirms harassment, alarm or "
        "distress caused by threatening or abusive behaviour."
    ),
    "criminal_damage": "Consider recording a crime of criminal damage.",
    "assault": "Consider recording a crime of assault.",
    "hate": (
        "Possible hate crime or incident: the victim perceives it to be motivated by hostility or "
        "prejudice because of disability, race, religion, sexual orientation or transgender "
        "identity. Consider recording a hate crime, or a non-crime hate incident where there is "
        "clear evidence of hostility."
    ),
}
CRIME_RECORDING_TEXTS = {name: f"{text} {NCRS_VICTIM}" for name, text in CRIME_RECORDING_TEXTS.items()}

STALKING_TEXT = (
    f"Stalking or harassment: complete the force's stalking screening. Remember {FOUR}. "
    "Cambridgeshire's route (its domestic abuse standards, seed 004): the DASH risk assessment "
    "with its stalking section, and a MASH referral if the DASH risk is medium or high; follow "
    "your own force's route where it differs."
)

EMERGENCY_TEXT = (
    "Emergency: immediate danger, weapons, or violence in progress. Grade as an emergency and "
    "deploy now; keep the caller on the line if it is safe."
)

# The grade an emergency gets in a pack whose own grading names none.
EMERGENCY_GRADE = Grade(
    id="national.emergency",
    label="Emergency",
    description="Deploy now (the national emergency rule; asbdesk wording).",
    attendance=True,
)


NATIONAL_SET_ID = "national"
SAFETY_SET_ID = "national_safety"
QUESTION_PREFIX = "national_"
_OWN_WORDING = "asbdesk wording for the national rule"

# The national layer's own questions, asked where a pack maps no answer to the signal.
# Wording ours (the seeds give none for every force); each names the rule it serves.
NATIONAL_QUESTIONS: dict[str, tuple[str, str, str]] = {
    # signal: (question text, the rule it serves, source)
    "immediate_danger": (
        "Is anyone in immediate danger, are weapons involved, or is violence happening now?",
        "emergency",
        EMERGENCY_SOURCE,
    ),
    "violence": ("Has anyone been assaulted or physically hurt?", "crime_recording.assault", NCRS_SOURCE),
    "property_damage": ("Has anything been damaged?", "crime_recording.criminal_damage", NCRS_SOURCE),
    "alarm_distress": (
        "Has threatening or abusive behaviour caused you harassment, alarm or distress?",
        "crime_recording.alarm_distress",
        NCRS_SOURCE,
    ),
    "hate": (
        "Do you think this happened because of hostility towards someone's disability, race, religion, "
        "sexual orientation or transgender identity (or what the offender thinks it is)?",
        "crime_recording.hate",
        HATE_SOURCE,
    ),
    "stalking": (
        "Is someone repeatedly following, watching or contacting you when you do not want them to?",
        "stalking_screening",
        STALKING_SOURCE,
    ),
}
_EMERGENCY_SIGNALS = ("immediate_danger", "weapons", "violence_in_progress")


def _asked_nationally(data: PackData) -> list[str]:
    """The signals the national layer asks about itself in this pack, in a fixed order."""
    mapped = set(data.national.signals)
    off = set(data.national.switched_off)
    asked = []
    for signal, (_, rule, _) in NATIONAL_QUESTIONS.items():
        covered = mapped & set(_EMERGENCY_SIGNALS) if signal == "immediate_danger" else {signal} & mapped
        if not covered and rule not in off:
            asked.append(signal)
    return asked


def national_question_sets(data: PackData) -> tuple[QuestionSet | None, QuestionSet | None]:
    """The national questions this pack needs: the safety question (asked first in every
    call) and the crime-recording screening (asked after the code's own questions, before
    the closing ones). None where the pack maps the signals itself."""

    def question(signal: str) -> Question:
        text, rule, source = NATIONAL_QUESTIONS[signal]
        return Question(
            id=f"{QUESTION_PREFIX}{signal}",
            text=text,
            type="yes_no",
            mandatory=True,
            show_if=data.national.follow_up.get(signal),  # type: ignore[call-overload]
            source=f"{_OWN_WORDING} '{rule}': {source}",
        )

    asked = _asked_nationally(data)
    safety = tuple(question(s) for s in asked if s == "immediate_danger")
    screening = tuple(question(s) for s in asked if s != "immediate_danger")
    return (
        QuestionSet(
            id=SAFETY_SET_ID,
            title="Safety first (national emergency rule; asbdesk wording)",
            source=EMERGENCY_SOURCE,
            questions=safety,
        )
        if safety
        else None,
        QuestionSet(
            id=NATIONAL_SET_ID,
            title="National screening: crime recording and stalking (asbdesk wording)",
            source="asbdesk national layer: NCRS (seeds 000/001), stalking (seed 004)",
            questions=screening,
        )
        if screening
        else None,
    )


class _Parts:
    """The pack's codes and signals, as the conditions the national rules are made of."""

    def __init__(self, data: PackData) -> None:
        self.data = data
        self.asked = set(_asked_nationally(data))

    def signal(self, name: str) -> Condition | None:
        own = self.data.national.signals.get(name)  # type: ignore[call-overload]
        if own is not None:
            return own
        if name in self.asked:
            return _followed_up(self.data, name)
        return None

    def codes(self, *offences: str, personal: bool = False) -> tuple[str, ...]:
        return tuple(
            c.code for c in self.data.codes if c.offence in offences or (personal and c.category == "personal")
        )

    def incident(self, *offences: str, personal: bool = False) -> Condition | None:
        codes = self.codes(*offences, personal=personal)
        return IncidentIs(codes=codes) if codes else None


def _followed_up(data: PackData, signal: str) -> Condition:
    """The national question's "yes" (after the pack's broader answer, where it follows one)."""
    answer = AnswerTest(question=f"{QUESTION_PREFIX}{signal}", op="equals", value=True)
    broader = data.national.follow_up.get(signal)  # type: ignore[call-overload]
    return answer if broader is None else All((broader, answer))


def hate_signal(data: PackData) -> Condition | None:
    """What the national layer reads as hate in this pack where the pack says so itself: its
    own five-strand answer (``signals.hate``), or the national five-strand question asked
    after its broader one (``follow_up.hate``). None where the pack says nothing (the
    national question is then asked of every call)."""
    own = data.national.signals.get("hate")
    if own is not None:
        return own
    return _followed_up(data, "hate") if "hate" in data.national.follow_up else None


def _any(*parts: Condition | None) -> Condition | None:
    present = tuple(p for p in parts if p is not None)
    if not present:
        return None
    return present[0] if len(present) == 1 else AnyOf(present)


def _all(*parts: Condition | None) -> Condition | None:
    if any(p is None for p in parts):
        return None
    return All(tuple(parts))  # type: ignore[arg-type]


@dataclass(frozen=True)
class NationalRule:
    name: str  # as a pack names it in 'switched_off'
    kind: PromptKind
    source: str
    text: Callable[[PackData], str]
    when: Callable[[_Parts], Condition | None]  # None: nothing in the pack can fire it
    needs: str  # what a pack must give for the rule to fire, for the validation message

    @property
    def prompt_id(self) -> str:
        return f"national.{self.name}"


def _case_review(parts: _Parts) -> Condition:
    # Every complaint whatever its code (a pack narrows it only with a reason), the caller's
    # and anyone's at the address, each incident once.
    review = parts.data.national.case_review
    return IncidentCount(
        at_least=review.threshold,
        within_months=review.window_months,
        categories=review.categories,
        at_address=True,
    )


def _harassment(parts: _Parts) -> Condition | None:
    # A course of conduct: this report is harassment or personal ASB and it happened before
    # (the caller says so, or an earlier such report is on record); or, whatever the code,
    # the caller describes someone repeatedly following, watching or contacting them (the
    # stalking signal: seed 000 on a course of conduct, seed 004 s4.3).
    codes = parts.codes("harassment", personal=True)
    return _any(
        _all(IncidentIs(codes=codes), _any(parts.signal("happened_before"), IncidentCount(at_least=2, codes=codes)))
        if codes
        else None,
        parts.signal("stalking"),
    )


def _stalking(parts: _Parts) -> Condition | None:
    harassment = parts.codes("harassment")
    return _any(
        IncidentCount(at_least=2, codes=harassment) if harassment else None,
        _all(parts.incident("harassment"), parts.signal("happened_before")) if harassment else None,
        parts.signal("stalking"),
    )


def _crime_rule(name: str, offence: str, signal: str, source: str) -> NationalRule:
    """A crime-recording rule that fires on a code reporting ``offence`` or on ``signal``."""
    return NationalRule(
        f"crime_recording.{name}",
        "crime_recording",
        source,
        lambda _: CRIME_RECORDING_TEXTS[name],
        lambda p: _any(p.incident(offence), p.signal(signal)),
        f"a code with offence '{offence}' or a signal '{signal}'",
    )


RULES: tuple[NationalRule, ...] = (
    NationalRule(
        "emergency",
        "emergency",
        EMERGENCY_SOURCE,
        lambda _: EMERGENCY_TEXT,
        lambda p: _any(p.signal("immediate_danger"), p.signal("weapons"), p.signal("violence_in_progress")),
        "a signal 'immediate_danger', 'weapons' or 'violence_in_progress'",
    ),
    NationalRule(
        "case_review",
        "case_review",
        CASE_REVIEW_SOURCE,
        lambda d: case_review_text(d.national.case_review.threshold, d.national.case_review.window_months),
        _case_review,
        "nothing (it counts reports)",
    ),
    NationalRule(
        "crime_recording.harassment",
        "crime_recording",
        HARASSMENT_SOURCE,
        lambda _: CRIME_RECORDING_TEXTS["harassment"],
        _harassment,
        "a code with offence 'harassment' or category 'personal', or a signal 'stalking'",
    ),
    *(
        _crime_rule(name, offence, signal, source)
        for name, offence, signal, source in (
            ("alarm_distress", "public_order", "alarm_distress", NCRS_SOURCE),
            ("criminal_damage", "criminal_damage", "property_damage", NCRS_SOURCE),
            ("assault", "assault", "violence", NCRS_SOURCE),
            ("hate", "hate", "hate", HATE_SOURCE),
        )
    ),
    NationalRule(
        "stalking_screening",
        "stalking_screening",
        STALKING_SOURCE,
        lambda _: STALKING_TEXT,
        _stalking,
        "a code with offence 'harassment' or a signal 'stalking'",
    ),
)

RULE_NAMES = tuple(rule.name for rule in RULES)
NATIONAL_PROMPT_IDS = tuple(rule.prompt_id for rule in RULES)

# What the national layer reads as hate must lead to MANDATORY attendance: a prompt of kind
# mandatory_attendance, a grading rule on it and a response plan for that grade, as West
# Mercia's Q8 does. A pack that does not do so switches it off under 'national.switched_off',
# with a reason and its source, like a national rule (checks._check_hate_attendance).
HATE_ATTENDANCE: Final = "mandatory_attendance.hate"
HATE_ATTENDANCE_SOURCE = (
    "Seed 003 Annex B (WEST MERCIA): 'There is a prompt for mandatory action when a potential hate crime "
    "is identified'; question 8: 'If Yes, MANDATORY attendance'; asked of every pack by asbdesk (issue 19.6)"
)
SWITCHABLE = (*RULE_NAMES, HATE_ATTENDANCE)  # what 'national.switched_off' may name


def hate_attendance_on(data: PackData) -> bool:
    """Whether what the national layer reads as hate must lead to mandatory attendance: the
    pack has not switched it off, and the hate crime-recording rule (which reads hate) is on."""
    off = data.national.switched_off
    return HATE_ATTENDANCE not in off and "crime_recording.hate" not in off


def hate_codes(data: PackData) -> tuple[int, ...]:
    """The indexes of the codes the national layer reads as hate (offence 'hate')."""
    return tuple(i for i, code in enumerate(data.codes) if code.offence == "hate")


def set_ids_for(data: PackData, code: str, safety: bool, national: bool) -> list[str]:
    """The question sets a call on ``code`` asks, in order: the national safety set (where the
    pack asks it), the code's own sets, the national screening set, then the closing set."""
    own = {c.code: c.question_sets for c in data.codes}[code]  # KeyError for an unknown code, as before
    set_ids = [*((SAFETY_SET_ID,) if safety else ()), *own]
    if national:
        set_ids.append(NATIONAL_SET_ID)
    close = data.pack.close
    if close and close.question_set not in set_ids:
        set_ids.append(close.question_set)
    return set_ids


def national_prompts(data: PackData) -> list[PromptRule]:
    """The prompt rules of every national rule the pack has not switched off, in a fixed
    order. A rule nothing in the pack can fire is left out (validation reports it)."""
    parts = _Parts(data)
    prompts: list[PromptRule] = []
    for rule in RULES:
        if rule.name in data.national.switched_off:
            continue
        when = rule.when(parts)
        if when is not None:
            prompts.append(
                PromptRule(id=rule.prompt_id, kind=rule.kind, text=rule.text(data), when=when, source=rule.source)
            )
    return prompts


def unfireable(data: PackData) -> list[NationalRule]:
    """National rules that are on but that nothing in the pack can fire."""
    parts = _Parts(data)
    return [r for r in RULES if r.name not in data.national.switched_off and r.when(parts) is None]


def emergency_signals(data: PackData) -> list[tuple[str, Condition]]:
    """Each emergency signal the pack can raise, with the condition that raises it (the
    pack's own answer, or the national safety question)."""
    parts = _Parts(data)
    found = [(name, parts.signal(name)) for name in _EMERGENCY_SIGNALS]
    return [(name, condition) for name, condition in found if condition is not None]


def emergency_rule_on(data: PackData) -> bool:
    return "emergency" not in data.national.switched_off


def emergency_grade_id(data: PackData) -> str | None:
    """The grade an emergency prompt gives: the pack's own, else the national one."""
    if not emergency_rule_on(data):
        return data.grading.emergency
    return data.grading.emergency or EMERGENCY_GRADE.id


def grades_of(data: PackData) -> tuple[Grade, ...]:
    """The pack's grades, most urgent first, with the national emergency grade on top when
    the emergency rule is on and the pack names no emergency grade of its own."""
    if emergency_rule_on(data) and data.grading.emergency is None:
        return (EMERGENCY_GRADE, *data.grading.grades)
    return data.grading.grades
