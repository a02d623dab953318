"""The shape of a policy pack, checked field by field when it loads.

Everything that differs between forces is here as data (PRODUCT.md, "Policy
packs"). Cross-references (a condition naming a question, a threshold naming a
level) are checked afterwards in ``asbdesk.core.packs.checks``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    model_validator,
)

from asbdesk.core.conditions import Always, Condition, ConditionError, Facts, parse_condition
from asbdesk.core.limits import MAX_COUNT, MAX_SCORE, MAX_WINDOW_DAYS, MAX_WINDOW_MONTHS, MAX_WITHIN_HOURS
from asbdesk.core.vocabulary import DEFAULT_DECLINE_REASONS as DEFAULT_DECLINE_REASON_LABELS
from asbdesk.core.vocabulary import Category, PromptKind, Rag

Id = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", max_length=64)]


def _code_text(value: Any) -> Any:
    # Storm codes such as 801 read from YAML as numbers; they are identifiers.
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


Code = Annotated[str, BeforeValidator(_code_text), Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", max_length=32)]


def _condition(value: Any) -> Condition:
    try:
        return parse_condition(value)
    except ConditionError as error:
        where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.path)
        raise ValueError(f"{error}" + (f" (at {where.lstrip('.')})" if where else "")) from None


Cond = Annotated[Any, BeforeValidator(_condition), PlainSerializer(lambda c: c.to_data(), return_type=Any)]


def _mandatory(value: Any) -> Any:
    # true/false, or a condition on the call so far (as XLSForm's 'required'); {always: ...} is a bool.
    if isinstance(value, bool):
        return value
    if not isinstance(value, Mapping):
        raise ValueError(
            f"'mandatory' must be true, false or a condition such as {{answer: q1, equals: true}}, not {repr(value)[:60]}"
        )
    condition = _condition(value)
    return condition.value if isinstance(condition, Always) else condition


# A question's 'mandatory': a bool, or a Condition (checked in the question phase like show_if).
Mandatory = Annotated[
    Any,
    BeforeValidator(_mandatory),
    PlainSerializer(lambda m: m if isinstance(m, bool) else m.to_data(), return_type=Any),
]

QuestionType = Literal["yes_no", "single", "multi", "number", "text", "date"]
# The offences a code reports, read by the national crime-recording rules (NCRS, seeds 000/001).
Offence = Literal["harassment", "public_order", "criminal_damage", "assault", "hate"]
# What the national rules read from a pack's own answers (asbdesk.core.packs.national).
Signal = Literal[
    "immediate_danger",
    "weapons",
    "violence_in_progress",
    "happened_before",
    "hate",
    "alarm_distress",
    "violence",
    "property_damage",
    "stalking",
]
NationalRuleName = Literal[
    "emergency",
    "case_review",
    "crime_recording.harassment",
    "crime_recording.alarm_distress",
    "crime_recording.criminal_damage",
    "crime_recording.assault",
    "crime_recording.hate",
    "stalking_screening",
    # Not a prompt of the national layer: the check that hate leads to mandatory attendance
    # (national.HATE_ATTENDANCE), switched off the same way, with a reason and its source.
    "mandatory_attendance.hate",
]
Source = Annotated[str, Field(min_length=3)]
Text = Annotated[str, Field(min_length=1)]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Option(Model):
    id: Id
    label: Text
    score: int | None = Field(default=None, ge=-MAX_SCORE, le=MAX_SCORE)


class Question(Model):
    id: Id
    text: Text
    text_in_person: Text | None = None  # wording for the front counter, where the pack gives it
    help: Text | None = None  # aide-memoire shown beside the question (e.g. KEEP SAFE)
    type: QuestionType
    options: tuple[Option, ...] = ()
    # true/false, or a condition (a Condition, which is always truthy): ask is_mandatory(facts),
    # or read the engine's evaluated AskedQuestion.mandatory, rather than the truth of this field.
    mandatory: Mandatory = False
    show_if: Cond | None = None
    audience: Literal["caller", "operator"] = "caller"
    source: Source | None = None

    @property
    def mandatory_when(self) -> Condition:
        """When the question must be answered (or a reason recorded): Always(...) for true/false."""
        return self.mandatory if isinstance(self.mandatory, Condition) else Always(bool(self.mandatory))

    def is_mandatory(self, facts: Facts) -> bool:
        """Whether it is mandatory with these facts (the question phase's: answers, incident, ...)."""
        return self.mandatory_when.evaluate(facts)

    @model_validator(mode="before")
    @classmethod
    def _yes_no_options(cls, data: Any) -> Any:
        # A yes/no question always has the options "yes" and "no"; a pack names
        # them only to give scores or its own labels (RAM "0 – No / 3 – Yes").
        if isinstance(data, dict) and data.get("type") == "yes_no" and "options" not in data:
            data = {**data, "options": [{"id": "yes", "label": "Yes"}, {"id": "no", "label": "No"}]}
        return data

    @model_validator(mode="after")
    def _options_fit_type(self) -> Question:
        # An option listed twice is reported by checks.py, on the second option's own line.
        ids = [o.id for o in self.options]
        if self.type == "yes_no" and set(ids) != {"no", "yes"}:
            raise ValueError(f"a yes_no question has exactly the options 'yes' and 'no', found {ids}")
        if self.type in ("single", "multi") and len(ids) < 2:
            raise ValueError(f"a {self.type} question needs at least two options")
        if self.type in ("number", "text", "date") and ids:
            raise ValueError(f"a {self.type} question takes no options")
        return self


class QuestionSet(Model):
    id: Id
    title: Text
    source: Source | None = None
    questions: tuple[Question, ...] = Field(min_length=1)


class IncidentCode(Model):
    code: Code
    label: Text
    category: Category
    question_sets: tuple[Id, ...] = ()
    offence: Offence | None = None  # a code that reports a crime: the national crime-recording rules read it
    source: Source | None = None


class Level(Model):
    id: Id
    label: Text


class Threshold(Model):
    level: Id
    min: int = Field(ge=0, le=MAX_SCORE)
    max: int | None = Field(default=None, ge=0, le=MAX_SCORE)


class Section(Model):
    id: Id
    label: Text
    questions: tuple[Id, ...] = Field(min_length=1)


class Matrix(Model):
    title: Text
    source: Source
    sections: tuple[Section, ...] = Field(min_length=1)
    thresholds: tuple[Threshold, ...] = Field(min_length=1)


class DecisionTable(Model):
    title: Text
    source: Source
    rows: Id  # a single-choice question: the pattern
    columns: Id  # a single-choice question: the harm
    cells: dict[Id, dict[Id, Id]]


class RepeatRule(Model):
    id: Id
    label: Text  # e.g. "repeat victim"
    count: int = Field(ge=1, le=MAX_COUNT)
    window_days: int = Field(ge=1, le=MAX_WINDOW_DAYS)
    codes: tuple[Code, ...] = ()
    categories: tuple[Category, ...] = ()
    source: Source


class VulnerabilityRule(Model):
    id: Id
    when: Cond
    reason: Text
    source: Source


class LevelRule(Model):
    id: Id
    when: Cond
    level: Id
    reason: Text
    source: Source


class PromptRule(Model):
    id: Id
    kind: PromptKind
    text: Text
    when: Cond
    source: Source


class Grade(Model):
    id: Id
    label: Text
    description: Text | None = None
    # Whether police attend at this grade; response plans that say the opposite are not used
    # with it (a log must not print "Officers attend" under "No police attendance required").
    attendance: bool | None = None


class GradeRule(Model):
    when: Cond
    grade: Id
    source: Source


class Grading(Model):
    source: Source
    grades: tuple[Grade, ...] = Field(min_length=1)
    rules: tuple[GradeRule, ...] = ()
    default: Id
    emergency: Id | None = None  # the grade given when an emergency prompt fires


class RagRule(Model):
    when: Cond
    rating: Rag
    reason: Text
    source: Source


class RagScheme(Model):
    source: Source
    default: Rag = "green"
    rules: tuple[RagRule, ...] = ()


class ResponsePlan(Model):
    id: Id
    when: Cond
    text: tuple[Text, ...] = Field(min_length=1)
    source: Source
    # What happens next and when, in plain English for the member of the public
    # (printed on the walk-in slip). Required when the pack has a 'public' block.
    public: Text | None = None
    # The same in Welsh: required of every plan with 'public' text when the pack offers Welsh
    # (public.welsh), refused when it does not (issue 23.3).
    public_cy: Text | None = None
    # Whether this plan sends police (True) or says none attend (False); it is used only
    # with a final grade that says the same (or says nothing about attendance).
    attendance: bool | None = None
    # The final grades this plan is for; empty: any grade its attendance agrees with.
    grades: tuple[Id, ...] = ()


class Referral(Model):
    id: Id
    when: Cond
    to: Text
    within_hours: int | None = Field(default=None, ge=1, le=MAX_WITHIN_HOURS)
    text: Text
    source: Source
    # The referral shares the caller's personal information with another body: without the
    # caller's consent it is not made and the operator records why, or the lawful basis for
    # sharing anyway (seed 003 para 34: written, informed consent first).
    requires_consent: bool = False


class CaseReview(Model):
    """ASB Case Review (Anti-social Behaviour, Crime and Policing Act 2014 s104): a pack may
    lower the threshold or lengthen the window, never go past the statutory ceiling of 3
    complaints in 6 months (a higher count or a shorter window would deny reviews the Act gives)."""

    threshold: int = Field(default=3, ge=1, le=3)
    window_months: int = Field(default=6, ge=6, le=MAX_WINDOW_MONTHS)
    # Empty: every complaint counts whatever its code, crime codes included (s105(1): behaviour
    # "causing harassment, alarm or distress"). A pack narrows it only with a written reason.
    categories: tuple[Category, ...] = ()
    reason: Annotated[str, Field(min_length=20)] | None = None  # why the count is narrowed
    source: Source | None = None  # where the force set its own threshold, or narrowed the count

    @model_validator(mode="after")
    def _narrowed_with_reason(self) -> CaseReview:
        if self.categories and (self.reason is None or self.source is None):
            raise ValueError(
                "the ASB Case Review counts every complaint whatever its code (2014 Act s104(1), s105(1)): "
                "a pack that narrows it to some categories gives a 'reason' and its 'source'"
            )
        return self


class SwitchedOff(Model):
    """A national rule a force does not apply: only with a written reason and its source."""

    reason: Annotated[str, Field(min_length=20)]
    source: Source


class National(Model):
    """The national layer every pack inherits (asbdesk.core.packs.national): the pack says
    which of its answers mean what the rules read (signals), its local case review
    parameters, and any rule it switches off with a reason."""

    signals: dict[Signal, Cond] = {}
    # Signals the national layer asks its own question for only after one of the pack's own,
    # broader answers (e.g. hate: the five monitored strands, asked after a "yes" to a
    # question that also names age, gender or "any other reason"): signal -> that answer.
    follow_up: dict[Signal, Cond] = {}
    source: Source | None = None  # where the signal mapping comes from (most are asbdesk readings)
    case_review: CaseReview = CaseReview()
    switched_off: dict[NationalRuleName, SwitchedOff] = {}

    @model_validator(mode="after")
    def _mapped_or_followed_up(self) -> National:
        both = sorted(set(self.signals) & set(self.follow_up))
        if both:
            raise ValueError(
                f"the signal '{both[0]}' is both mapped to the pack's answer (signals) and asked as a follow-up "
                "(follow_up): give one"
            )
        return self


class Close(Model):
    """The contact-and-consent step that ends every call."""

    question_set: Id
    contact_preference: Id | None = None
    consent: Id | None = None


class ChildProtection(Model):
    """The answers that mean child protection concerns: referrals that need the caller's
    consent are then made without it, and the log says why (seed 003 Annex D.3, the consent
    form: "If there are child protection concerns, information will be shared regardless of
    whether this form is signed")."""

    when: Cond
    source: Source


class ConsentRules(Model):
    """When information is shared whatever the caller's consent (issue 21.5)."""

    child_protection: ChildProtection | None = None


class DeclineReason(Model):
    id: Id
    label: Text


DEFAULT_DECLINE_REASONS = tuple(
    DeclineReason(id=id_, label=label) for id_, label in DEFAULT_DECLINE_REASON_LABELS.items()
)


class Thrive(Model):
    """The force asks its operators for a THRIVE rationale (threat, harm, risk, investigation,
    vulnerability, engagement) on every call, and says where: the supervisor's dip sample
    then checks it was written (issue 22). A pack without it does not ask."""

    source: Source


class PackInfo(Model):
    id: Id
    name: Text
    version: Annotated[str, Field(pattern=r"^\d+(\.\d+)*$")]
    source: Source  # the seed(s) the pack is faithful to
    description: Text | None = None
    close: Close | None = None
    decline_reasons: tuple[DeclineReason, ...] = DEFAULT_DECLINE_REASONS
    thrive: Thrive | None = None  # the pack asks for the THRIVE rationale (the dip sample checks it)


class PublicWelsh(Model):
    """The force's wording for the public in Welsh (issue 23.3, the Welsh Language Standards):
    a pack with it offers Welsh, and then words everything the public read in both languages
    (every response plan's ``public_cy``, each contact method's Welsh name)."""

    force: Text  # e.g. "Heddlu De Cymru"
    contact: Text  # e.g. "Ffoniwch 101, rhif ffôn di-argyfwng yr heddlu."
    # The Welsh name of each option of the contact-preference question (pack.close), as the
    # slip says how we will contact the person: option id -> Welsh words.
    contact_methods: dict[Id, Text] = {}
    # The force's choice for its documents when nobody chooses otherwise: bilingual (Welsh
    # first), Welsh only or English only. The person's choice at the desk or the CLI wins.
    default: Literal["both", "cy", "en"] = "both"
    source: Source | None = None


class Public(Model):
    """The force as the public knows it: printed on the slip handed over at the front counter.

    A pack with this block is ready for walk-in use (every response plan must then
    carry ``public`` text); a pack without it is not. With ``welsh`` it also offers Welsh.
    """

    force: Text  # e.g. "West Yorkshire Police"
    contact: Text  # how the public contact the force, e.g. "Call 101, the police non-emergency number."
    source: Source | None = None
    welsh: PublicWelsh | None = None


class PackData(Model):
    pack: PackInfo
    levels: tuple[Level, ...] = Field(min_length=1)
    codes: tuple[IncidentCode, ...] = Field(min_length=1)
    question_sets: tuple[QuestionSet, ...] = ()
    matrix: Matrix | None = None
    decision_table: DecisionTable | None = None
    repeat_rules: tuple[RepeatRule, ...] = ()
    vulnerability: tuple[VulnerabilityRule, ...] = ()
    level_rules: tuple[LevelRule, ...] = ()
    prompts: tuple[PromptRule, ...] = ()
    national: National = National()
    grading: Grading
    rag: RagScheme
    responses: tuple[ResponsePlan, ...] = ()
    referrals: tuple[Referral, ...] = ()
    consent: ConsentRules = ConsentRules()
    public: Public | None = None  # wording for the public: set for packs used at the front counter


TOP_LEVEL_KEYS = tuple(PackData.model_fields)
