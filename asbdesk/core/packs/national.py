"""National rules that any pack can switch on (all are on in the default pack).

The wording is ours, not copied from copyrighted checklists; each rule names the
law or seed it rests on. A pack supplies only *when* each fires, in terms of its
own questions; the case review threshold is a number and a window.
"""

from __future__ import annotations

from asbdesk.core.conditions import IncidentCount
from asbdesk.core.packs.model import National, PromptRule

CASE_REVIEW_SOURCE = (
    "Anti-social Behaviour, Crime and Policing Act 2014 s104 (ASB Case Review); "
    "seed 002 'ASB Case Review/Community Trigger'"
)
NCRS_SOURCE = "National Crime Recording Standard, victim-focused recording: seed 000 s3.5; seed 001 (61% compliance)"
HATE_SOURCE = "Hate crime definition, five monitored strands on the victim's perception: seed 002 'Hate crime'; NCRS seed 000"
STALKING_SOURCE = "Seed 004 s6.2 (DASH risk assessment, stalking section; MASH referral for medium or high risk)"
EMERGENCY_SOURCE = "Seed 003 Annex B (Avon and Somerset Q2 weapons, Q7 immediate danger); THRIVE, seed 001"

FOUR = "FOUR: Fixated, Obsessive, Unwanted, Repeated"


def case_review_text(threshold: int, window_months: int) -> str:
    return (
        f"ASB Case Review threshold met: {threshold} or more qualifying complaints of ASB in the "
        f"{window_months} months up to this report (this report counts; one incident reported to "
        "several agencies counts once). Tell the caller they can ask for an ASB Case Review and "
        "how to do so."
    )


CRIME_RECORDING_TEXTS = {
    "harassment": (
        "Consider recording a crime of harassment: the conduct has happened on two or more "
        "occasions (a course of conduct). The victim's account is enough; a victim who does not "
        "want a prosecution is still recorded (NCRS)."
    ),
    "alarm_distress": (
        "Consider recording a public order crime: the caller confirms harassment, alarm or "
        "distress caused by threatening or abusive behaviour (NCRS)."
    ),
    "criminal_damage": "Consider recording a crime of criminal damage (NCRS).",
    "assault": "Consider recording a crime of assault (NCRS).",
    "hate": (
        "Possible hate crime or incident: the victim perceives it to be motivated by hostility or "
        "prejudice because of disability, race, religion, sexual orientation or transgender "
        "identity. Consider recording a hate crime, or a non-crime hate incident where there is "
        "clear evidence of hostility (NCRS)."
    ),
}

STALKING_TEXT = (
    "Stalking or harassment: complete the force's stalking screening and the DASH risk "
    f"assessment with its stalking section. Remember {FOUR}. If the risk is medium or high, "
    "make a MASH referral."
)

EMERGENCY_TEXT = (
    "Emergency: immediate danger, weapons, or violence in progress. Grade as an emergency and "
    "deploy now; keep the caller on the line if it is safe."
)

NATIONAL_PROMPT_IDS = (
    "national.case_review",
    *(f"national.crime_recording.{name}" for name in CRIME_RECORDING_TEXTS),
    "national.stalking_screening",
    "national.emergency",
)


def national_prompts(national: National) -> list[PromptRule]:
    """The prompt rules for the national rules a pack switches on, in a fixed order."""
    prompts: list[PromptRule] = []
    if national.emergency:
        prompts.append(
            PromptRule(
                id="national.emergency",
                kind="emergency",
                text=EMERGENCY_TEXT,
                when=national.emergency.when,
                source=EMERGENCY_SOURCE,
            )
        )
    if national.case_review:
        review = national.case_review
        prompts.append(
            PromptRule(
                id="national.case_review",
                kind="case_review",
                text=case_review_text(review.threshold, review.window_months),
                when=IncidentCount(
                    at_least=review.threshold,
                    within_months=review.window_months,
                    categories=review.categories,
                ),
                source=CASE_REVIEW_SOURCE,
            )
        )
    if national.crime_recording:
        for name, text in CRIME_RECORDING_TEXTS.items():
            when = getattr(national.crime_recording, name)
            if when is not None:
                prompts.append(
                    PromptRule(
                        id=f"national.crime_recording.{name}",
                        kind="crime_recording",
                        text=text,
                        when=when,
                        source=HATE_SOURCE if name == "hate" else NCRS_SOURCE,
                    )
                )
    if national.stalking_screening:
        prompts.append(
            PromptRule(
                id="national.stalking_screening",
                kind="stalking_screening",
                text=STALKING_TEXT,
                when=national.stalking_screening.when,
                source=STALKING_SOURCE,
            )
        )
    return prompts
