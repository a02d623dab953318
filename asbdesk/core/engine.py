"""The assessment engine: pack + call -> graded assessment. Pure Python, no I/O.

The facts are decided in a fixed order (``conditions.Phase``): which questions
are visible, scores, repeat results, vulnerability, levels, prompts, grade, RAG,
then responses and referrals. The overall risk level is the highest level the
pack computes (matrix, decision table, level rules) unless the operator
overrides it with a written reason (issue 2).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from asbdesk.core.call import Call, HistoryItem, RequestedFlag, consent_prompt_id
from asbdesk.core.conditions import AnswerTest, Facts, Incident, IncidentCount, IncidentIs, node_words, raised_by
from asbdesk.core.packs import Pack
from asbdesk.core.packs.model import PromptRule, Question
from asbdesk.core.packs.model import Referral as ReferralRule
from asbdesk.core.packs.national import CASE_REVIEW_ASSUMED, EMERGENCY_GRADE, NATIONAL_PREFIX
from asbdesk.core.vocabulary import MUST_ACKNOWLEDGE, RAG_RATINGS

if TYPE_CHECKING:  # only named in an annotation
    from asbdesk.core.call import CallerDetails

CONSENT_SOURCE = (
    "Seed 003 para 34: 'written, informed consent from victims is needed before their information can be "
    "entered onto the system'; Annex D consent form: 'If there are child protection concerns, information "
    "will be shared regardless'"
)

# Seed 003 Annex D.3, the consent form (line 590): where the pack's answers mean child
# protection concerns (its 'consent.child_protection'), a referral that needs consent is
# made without it, and the log says why in the seed's words (issue 21.5).
CHILD_PROTECTION_QUOTE = (
    "If there are child protection concerns, information will be shared regardless of whether this form is signed"
)
CHILD_PROTECTION_BASIS = "child protection concerns (seed 003 Annex D.3, consent form)"


def _withheld_text(rule: ReferralRule, consent: bool | None) -> str:
    why = "the caller refused consent" if consent is False else "the caller's consent was not recorded"
    return (
        f"Referral not made — {rule.to}: it shares the caller's personal information and {why}. "
        "Record why it was not made, or the lawful basis for sharing without consent "
        "(e.g. safeguarding) with the reason written."
    )


@dataclass(frozen=True)
class AskedQuestion:
    id: str
    set_id: str
    text: str
    type: str
    mandatory: bool
    audience: str
    answer: Any  # canonical value, or None
    answer_label: str | None
    declined: str | None  # decline reason label
    section: str | None
    score: int | None


@dataclass(frozen=True)
class RepeatResult:
    rule: str | None
    label: str | None
    is_repeat: bool
    count: int
    threshold: int | None
    window_days: int | None
    incidents: tuple[dict[str, str], ...]
    source: str | None


@dataclass(frozen=True)
class FiredPrompt:
    id: str
    kind: str
    text: str
    source: str
    # What raised a national prompt: the answers, the code, the reports counted (issue 21)
    because: tuple[str, ...] = ()


@dataclass(frozen=True)
class WithheldReferral:
    """A referral that would share the caller's information, not made for want of consent."""

    id: str
    to: str
    consent: bool | None  # False: refused; None: not recorded
    reason: str | None  # why it was not made, as the operator wrote it (None: not yet written)

    def line(self) -> str:
        why = "consent refused" if self.consent is False else "consent not recorded"
        return f"{self.to}: NOT MADE ({why}) – {self.reason or 'REASON NOT RECORDED'}"


@dataclass(frozen=True)
class Referral:
    id: str
    to: str
    text: str
    within_hours: int | None
    source: str
    shared_without_consent: str | None = None  # the lawful basis the operator wrote

    def line(self) -> str:
        due = f" (within {self.within_hours} hours)" if self.within_hours else ""
        basis = f" [shared without consent: {self.shared_without_consent}]" if self.shared_without_consent else ""
        return f"{self.to}: {self.text}{due}{basis}"


@dataclass(frozen=True)
class RecordedAcknowledgement:
    """A prompt the operator acknowledged during the call that the final assessment no
    longer fires (an override lowered the risk, an answer changed): kept in the log with
    when it was acknowledged, as the desk said it would be (issue 21.7)."""

    id: str
    kind: str
    text: str
    at: datetime


@dataclass(frozen=True)
class RecordedConsentDecision:
    """What the operator wrote for a referral needing consent (why it was not made, or the
    lawful basis for sharing it) that the final assessment does not print beside the
    referral: kept in the log with why it no longer applies (issue 21.7)."""

    referral_id: str
    to: str
    shared: bool  # True: the lawful basis for sharing without consent; False: why not made
    text: str
    why: str  # why it no longer applies, in words

    def line(self) -> str:
        what = "lawful basis for sharing without consent" if self.shared else "not made"
        return f"{self.to}: {what} – {self.text} ({self.why})"


@dataclass(frozen=True)
class OverrideResult:
    field: str
    computed: str
    chosen: str
    reason: str
    direction: str  # lower | raise | same
    needs_review: bool


@dataclass(frozen=True)
class Assessment:
    pack_id: str
    pack_version: str
    pack_hash: str
    incident_code: str
    incident_label: str
    category: str
    channel: str
    now: datetime
    reference: str | None
    questions: tuple[AskedQuestion, ...]
    ignored_answers: tuple[str, ...]
    unanswered_mandatory: tuple[str, ...]
    score: int
    score_range: tuple[int, int]
    sections: dict[str, int]
    section_labels: dict[str, str]
    matrix_level: str | None
    decision_level: str | None
    decision_table: str | None  # the table's title, when the pack has one
    level_reasons: tuple[str, ...]
    computed_level: str
    level: str
    level_label: str
    level_labels: dict[str, str]
    repeat: RepeatResult
    repeat_rules: tuple[RepeatResult, ...]
    vulnerable: bool
    vulnerability_reasons: tuple[str, ...]
    prompts: tuple[FiredPrompt, ...]
    computed_grade: str
    grade: str
    grade_label: str
    rag: str
    rag_reasons: tuple[str, ...]
    response: tuple[str, ...]
    referrals: tuple[Referral, ...]
    override: OverrideResult | None
    contact_preference: str | None
    consent: bool | None
    rationale: dict[str, str]
    warnings: tuple[str, ...] = field(default=())
    acknowledged: dict[str, datetime] = field(default_factory=dict)  # fired prompt id -> when acknowledged
    flag_requests: tuple[RequestedFlag, ...] = ()
    operator: str | None = None
    response_ids: tuple[str, ...] = ()  # the ids of the response plans that fired, in pack order
    withheld_referrals: tuple[WithheldReferral, ...] = ()  # not made: no consent (seed 003 para 34)
    contact_method: str | None = None  # the option id behind contact_preference (re-contact work, issue 10)
    caller: CallerDetails | None = None  # who called, as the log prints it; None: not known
    child_protection: bool = False  # the pack's consent.child_protection holds (seed 003 Annex D.3)
    # What the operator acknowledged or wrote during the call that the final assessment no
    # longer prints in its place (issue 21.7): kept, in the log's "recorded during the call".
    recorded_acknowledgements: tuple[RecordedAcknowledgement, ...] = ()
    recorded_consent: tuple[RecordedConsentDecision, ...] = ()

    def unacknowledged(self) -> tuple[FiredPrompt, ...]:
        """Prompts that must be acknowledged before finishing and are not yet."""
        return tuple(p for p in self.prompts if p.kind in MUST_ACKNOWLEDGE and p.id not in self.acknowledged)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of PRODUCT.md's headless interface (and more detail)."""
        return {
            "pack": {"id": self.pack_id, "version": self.pack_version, "hash": self.pack_hash},
            "incident": {"code": self.incident_code, "label": self.incident_label, "category": self.category},
            "channel": self.channel,
            "now": self.now.isoformat(),
            "reference": self.reference,
            "risk": {
                "score": self.score,
                "max_score": self.score_range[1],
                "sections": dict(self.sections),
                "matrix_level": self.matrix_level,
                "decision_level": self.decision_level,
                "level_reasons": list(self.level_reasons),
                "computed_level": self.computed_level,
                "level": self.level,
                "level_label": self.level_label,
            },
            "repeat": {
                "is_repeat": self.repeat.is_repeat,
                "count": self.repeat.count,
                "window_days": self.repeat.window_days,
                "threshold": self.repeat.threshold,
                "rule": self.repeat.rule,
                "label": self.repeat.label,
                "incidents": list(self.repeat.incidents),
            },
            "repeat_rules": [asdict(r) for r in self.repeat_rules],
            "vulnerable": self.vulnerable,
            "vulnerability_reasons": list(self.vulnerability_reasons),
            "prompts": [asdict(p) for p in self.prompts],
            "grade": {"id": self.grade, "label": self.grade_label, "computed": self.computed_grade},
            "rag": self.rag,
            "rag_reasons": list(self.rag_reasons),
            "response": list(self.response),
            "referrals": [r.line() for r in self.referrals],
            "referral_details": [asdict(r) for r in self.referrals],
            "referrals_not_made": [asdict(w) for w in self.withheld_referrals],
            "override": asdict(self.override) if self.override else None,
            "unanswered_mandatory": list(self.unanswered_mandatory),
            "ignored_answers": list(self.ignored_answers),
            "questions": [
                {k: (list(v) if isinstance(v, tuple) else v) for k, v in asdict(q).items()} for q in self.questions
            ],
            "contact_preference": self.contact_preference,
            "contact_method": self.contact_method,
            "consent": self.consent,
            "rationale": dict(self.rationale),
            "warnings": list(self.warnings),
            "acknowledged": {k: v.isoformat() for k, v in self.acknowledged.items()},
            "flag_requests": [asdict(f) for f in self.flag_requests],
            "operator": self.operator,
            "caller": asdict(self.caller) if self.caller is not None else None,
            "child_protection": self.child_protection,
            "recorded_during_call": {
                "acknowledged": [{**asdict(r), "at": r.at.isoformat()} for r in self.recorded_acknowledgements],
                "consent_decisions": [asdict(r) for r in self.recorded_consent],
            },
        }


class Engine:
    """Assesses calls against one pack. Cheap to build; holds only indexes of the pack."""

    def __init__(self, pack: Pack) -> None:
        self.pack = pack
        data = pack.data
        self._lowest = data.levels[0].id
        self._deps = {
            q.id: tuple(r.name for r in q.show_if.refs() if r.kind == "question")
            for q in pack.questions.values()
            if q.show_if is not None
        }
        self._set_of = {q.id: s.id for s in pack.question_sets.values() for q in s.questions}
        self._asked: dict[str, tuple[Question, ...]] = {code: pack.questions_for(code) for code in pack.codes}
        self._decline_labels = {r.id: r.label for r in data.pack.decline_reasons}
        self._scores = {qid: {o.id: o.score or 0 for o in pack.questions[qid].options} for qid in pack.section_of}

    # ------------------------------------------------------------------ steps

    def visible_questions(self, call: Call) -> tuple[tuple[Question, ...], dict[str, Any], Facts]:
        """The questions shown for this call, in order; the answers that count; the facts so far."""
        pack = self.pack
        code = pack.codes[call.incident_code]
        asked = self._asked[call.incident_code]
        asked_ids = {q.id for q in asked}
        counted: dict[str, Any] = {}
        facts = Facts(
            answers=counted,
            incident_code=code.code,
            incident_category=code.category,
            channel=call.channel,
            now=call.now,
            incidents=self.incidents(call.now, call.history, call.incident_code, call.reference),
            level_rank=pack.level_rank,
            flags=frozenset(call.flags),
        )
        facts.at_address = self.at_address(facts.incidents, call.address_history)
        memo: dict[str, bool] = {}

        def visible(qid: str) -> bool:
            if qid in memo:
                return memo[qid]
            if qid not in asked_ids:
                memo[qid] = False
                return False
            memo[qid] = False  # cycles are rejected at load; this guards the recursion anyway
            question = pack.questions[qid]
            if question.show_if is None:
                shown = True
            else:
                for dep in self._deps[qid]:
                    visible(dep)
                shown = question.show_if.evaluate(facts)
            memo[qid] = shown
            if shown and qid in call.answers:
                counted[qid] = call.answers[qid]
            return shown

        shown = tuple(q for q in asked if visible(q.id))
        return shown, counted, facts

    def incidents(
        self, now: datetime, history: Sequence[HistoryItem], current_code: str | None, reference: str | None = None
    ) -> tuple[Incident, ...]:
        """The current report first, then each distinct earlier incident.

        Reports sharing an ``incident_id`` (one incident reported to several agencies),
        or the same time and code, count once. With no ``current_code`` (the caller is
        known but the code not yet picked) the current report counts for every rule.
        """
        codes = self.pack.codes
        current = codes.get(current_code) if current_code else None
        seen: set[tuple[Any, ...]] = {(now, current_code)}
        if reference:
            seen.add(("id", reference))
        out = [
            Incident(now, current.code, current.category, (now, current.code), reference=reference)
            if current
            else Incident(now, "", "other", (now, None), any_kind=True, reference=reference)
        ]
        out.extend(self._distinct(history, seen))
        return tuple(out)

    def _distinct(
        self, history: Sequence[HistoryItem], seen: set[tuple[Any, ...]], at_address: bool = False
    ) -> list[Incident]:
        """The items of ``history`` not already ``seen`` (which they join), as incidents."""
        codes = self.pack.codes
        out = []
        for item in history:
            key = ("id", item.incident_id) if item.incident_id else (item.occurred_at, item.incident_code)
            if key in seen:
                continue
            seen.add(key)
            known = codes.get(item.incident_code)
            category = known.category if known else "other"
            out.append(
                Incident(
                    item.occurred_at,
                    item.incident_code,
                    category,
                    key,
                    False,
                    at_address,
                    item.behaviour_at,
                    item.incident_id,
                )
            )
        return out

    def at_address(self, incidents: Sequence[Incident], address_history: Sequence[HistoryItem]) -> tuple[Incident, ...]:
        """The caller's incidents, then the complaints at their address that are not among
        them (one incident reported by several people counts once): what the ASB Case
        Review counts (2014 Act s104(1)(a), "that person, or any other person")."""
        seen = {i.key for i in incidents} | {("id", i.reference) for i in incidents if i.reference}
        return (*incidents, *self._distinct(address_history, seen, at_address=True))

    def _repeat(self, facts: Facts) -> tuple[RepeatResult, ...]:
        results = []
        for rule in self.pack.data.repeat_rules:
            counter = IncidentCount(rule.count, rule.window_days, None, rule.codes, rule.categories)
            matching = counter.matching(facts)
            results.append(
                RepeatResult(
                    rule=rule.id,
                    label=rule.label,
                    is_repeat=len(matching) >= rule.count,
                    count=len(matching),
                    threshold=rule.count,
                    window_days=rule.window_days,
                    incidents=tuple(
                        {"occurred_at": i.occurred_at.isoformat(), "incident_code": i.code} for i in matching
                    ),
                    source=rule.source,
                )
            )
        return tuple(results)

    def _fired(self, rule: PromptRule, facts: Facts) -> FiredPrompt:
        """A prompt that fired; a national one says what raised it (the case review, each
        complaint it counted, and what it assumed)."""
        if not rule.id.startswith(NATIONAL_PREFIX):
            return FiredPrompt(rule.id, rule.kind, rule.text, rule.source)
        text = rule.text
        because: list[str] = []
        for node in raised_by(rule.when, facts):
            if isinstance(node, AnswerTest) and node.question in facts.answers:
                question = self.pack.questions[node.question]
                because.append(f"answer to '{question.text}': {_label(question, facts.answers[node.question])}")
            elif isinstance(node, IncidentIs):
                because.append(f"incident code {facts.incident_code} ({self.pack.codes[facts.incident_code].label})")
            elif isinstance(node, IncidentCount):
                counted = node.matching(facts)
                because.extend(self._complaint(incident, i == 0) for i, incident in enumerate(counted))
                if node.at_address and any(i.behaviour_at is None for i in counted):
                    text += " " + CASE_REVIEW_ASSUMED
            else:
                because.append(node_words(node))
        return FiredPrompt(rule.id, rule.kind, text, rule.source, tuple(dict.fromkeys(because)))

    def _complaint(self, incident: Incident, current: bool) -> str:
        """One complaint a count took in, in words."""
        if current:
            return f"this report ({incident.occurred_at.date().isoformat()})"
        known = self.pack.codes.get(incident.code)
        what = f"{incident.code} {known.label}" if known else incident.code
        ref = f", {incident.reference}" if incident.reference else ""
        whose = "at the caller's address, by another person" if incident.at_address else "the caller's"
        return f"{what} on {incident.occurred_at.date().isoformat()}{ref} ({whose})"

    def caller_repeat(self, now: datetime, history: Sequence[HistoryItem]) -> RepeatResult:
        """Whether a caller just picked is a repeat caller, before the incident code is known:
        the pack's first repeat rule over their history, the call being taken counted as one
        incident of any kind (seed 003 Annex D.1). Once a code is picked, :meth:`assess` says."""
        incidents = self.incidents(now, history, None)
        facts = Facts({}, "", incidents[0].category, "phone", now, incidents, self.pack.level_rank)
        return self.primary_repeat(self._repeat(facts), len(incidents))

    def primary_repeat(self, results: Sequence[RepeatResult], incident_count: int) -> RepeatResult:
        return results[0] if results else RepeatResult(None, None, False, incident_count, None, None, (), None)

    def assess(self, call: Call) -> Assessment:
        pack = self.pack
        data = pack.data
        shown, counted, facts = self.visible_questions(call)
        shown_ids = {q.id for q in shown}
        ignored = tuple(qid for qid in call.answers if qid not in shown_ids)
        warnings = [
            f"history incident code '{item.incident_code}' is not in pack '{pack.id}': counted as category 'other'"
            for item in call.history
            if item.incident_code not in pack.codes
        ]

        # Scores: only visible, answered questions in the matrix count.
        sections: dict[str, int] = {}
        question_scores: dict[str, int] = {}
        if data.matrix:
            for section in data.matrix.sections:
                total = 0
                for qid in section.questions:
                    if qid in counted:
                        score = self._score(pack.questions[qid], counted[qid])
                        question_scores[qid] = score
                        total += score
                sections[section.id] = total
        score = sum(sections.values())
        facts.score_total = score
        facts.score_sections = sections

        # Repeat rules: the current report counts as one incident.
        repeat_results = self._repeat(facts)
        facts.repeat = {r.rule: r.is_repeat for r in repeat_results if r.rule}
        primary = self.primary_repeat(repeat_results, len(facts.incidents))

        reasons = tuple(rule.reason for rule in data.vulnerability if rule.when.evaluate(facts))
        facts.vulnerable = bool(reasons)

        # Levels: the highest of what the pack computes.
        rank = pack.level_rank
        candidates = [self._lowest]
        level_reasons = []
        matrix_level = None
        if data.matrix:
            for threshold in data.matrix.thresholds:
                if score >= threshold.min and (threshold.max is None or score <= threshold.max):
                    matrix_level = threshold.level
            if matrix_level is not None:
                candidates.append(matrix_level)
                level_reasons.append(f"{data.matrix.title}: score {score} = {pack.level_labels[matrix_level]}")
        decision_level = None
        table = data.decision_table
        if table and table.rows in counted and table.columns in counted:
            decision_level = table.cells[counted[table.rows]][counted[table.columns]]
            candidates.append(decision_level)
            level_reasons.append(f"{table.title}: {pack.level_labels[decision_level]}")
        for rule in data.level_rules:
            if rule.when.evaluate(facts):
                candidates.append(rule.level)
                level_reasons.append(rule.reason)
        computed_level = max(candidates, key=rank.__getitem__)

        override = call.override
        override_result = None
        level = computed_level
        if override and override.field == "risk_level":
            level = override.value
            override_result = _override_result(override, computed_level, rank)
        facts.level = level

        prompts = tuple(self._fired(p, facts) for p in pack.prompts if p.when.evaluate(facts))
        facts.prompts = frozenset(p.id for p in prompts)
        facts.prompt_kinds = frozenset(p.kind for p in prompts)

        grading = data.grading
        if pack.emergency_grade and "emergency" in facts.prompt_kinds:
            computed_grade = pack.emergency_grade
        else:
            computed_grade = next((r.grade for r in grading.rules if r.when.evaluate(facts)), grading.default)
        grade = computed_grade
        if override and override.field == "grade":
            grade = override.value
            grade_rank = {g.id: i for i, g in enumerate(reversed(pack.grade_order))}  # listed most urgent first
            override_result = _override_result(override, computed_grade, grade_rank)
        facts.grade = grade

        fired_rag = [r for r in data.rag.rules if r.when.evaluate(facts)]
        rag = max([data.rag.default, *(r.rating for r in fired_rag)], key=RAG_RATINGS.index)  # listed lowest first
        facts.rag = rag

        # The response follows the final grade: a plan that says police attend is not printed
        # under a grade that says they do not, nor the other way round (seed 003 Annex D.1).
        final_grade = pack.grades[grade]
        response: list[str] = []
        response_ids: list[str] = []
        for plan in data.responses:
            if plan.grades and grade not in plan.grades:
                continue
            if None not in (plan.attendance, final_grade.attendance) and plan.attendance != final_grade.attendance:
                continue
            if plan.when.evaluate(facts):
                response_ids.append(plan.id)
                response.extend(line for line in plan.text if line not in response)
        if grade == EMERGENCY_GRADE.id:
            response.insert(0, f"{EMERGENCY_GRADE.label}: {EMERGENCY_GRADE.description}")

        close = data.pack.close
        contact = consent = method = None
        if close and close.contact_preference and close.contact_preference in counted:
            contact = _label(pack.questions[close.contact_preference], counted[close.contact_preference])
            chosen = counted[close.contact_preference]
            method = chosen if isinstance(chosen, str) else None
        if close and close.consent and close.consent in counted:
            value = counted[close.consent]
            consent = value if isinstance(value, bool) else None

        # A referral that shares the caller's information needs their consent (seed 003
        # para 34); without it the operator records why it was not made, or the
        # lawful basis for sharing anyway. Where the pack's answers mean child protection
        # concerns it is shared regardless (seed 003 Annex D.3, consent form).
        protection = data.consent.child_protection
        child_protection = protection is not None and protection.when.evaluate(facts)
        referrals: list[Referral] = []
        withheld: list[WithheldReferral] = []
        consent_prompts: list[FiredPrompt] = []
        for referral_rule in data.referrals:
            if not referral_rule.when.evaluate(facts):
                continue
            basis = call.shared_without_consent.get(referral_rule.id)
            if not basis and child_protection:
                basis = CHILD_PROTECTION_BASIS
            if referral_rule.requires_consent and consent is not True and not basis:
                reason = call.not_made_reasons.get(referral_rule.id)
                withheld.append(WithheldReferral(referral_rule.id, referral_rule.to, consent, reason))
                if reason is None:  # the operator has still to say why (or share on a lawful basis)
                    consent_prompts.append(
                        FiredPrompt(
                            consent_prompt_id(referral_rule.id),
                            "consent",
                            _withheld_text(referral_rule, consent),
                            CONSENT_SOURCE,
                        )
                    )
                continue
            shared = basis if referral_rule.requires_consent and consent is not True else None
            referrals.append(
                Referral(
                    referral_rule.id,
                    referral_rule.to,
                    referral_rule.text,
                    referral_rule.within_hours,
                    referral_rule.source,
                    shared,
                )
            )
        prompts = (*prompts, *consent_prompts)
        recorded_consent = _recorded_consent(call, data.referrals, referrals, withheld, consent)

        # A question's 'mandatory' may be a condition on the answers so far (question phase).
        mandatory = {q.id: q.is_mandatory(facts) for q in shown}
        asked = tuple(self._asked_question(q, call, counted, question_scores, mandatory[q.id]) for q in shown)
        unanswered = tuple(q.id for q in shown if mandatory[q.id] and q.id not in counted and q.id not in call.declined)

        code = pack.codes[call.incident_code]
        return Assessment(
            pack_id=pack.id,
            pack_version=pack.version,
            pack_hash=pack.content_hash,
            incident_code=code.code,
            incident_label=code.label,
            category=code.category,
            channel=call.channel,
            now=call.now,
            reference=call.reference,
            questions=asked,
            ignored_answers=ignored,
            unanswered_mandatory=unanswered,
            score=score,
            score_range=pack.score_range,
            sections=sections,
            section_labels={s.id: s.label for s in data.matrix.sections} if data.matrix else {},
            matrix_level=matrix_level,
            decision_level=decision_level,
            decision_table=table.title if table else None,
            level_reasons=tuple(level_reasons),
            computed_level=computed_level,
            level=level,
            level_label=pack.level_labels[level],
            level_labels=dict(pack.level_labels),
            repeat=primary,
            repeat_rules=tuple(repeat_results),
            vulnerable=facts.vulnerable,
            vulnerability_reasons=reasons,
            prompts=prompts,
            computed_grade=computed_grade,
            grade=grade,
            grade_label=pack.grades[grade].label,
            rag=rag,
            rag_reasons=tuple(r.reason for r in fired_rag if r.rating == rag),
            response=tuple(response),
            referrals=tuple(referrals),
            withheld_referrals=tuple(withheld),
            override=override_result,
            contact_preference=contact,
            contact_method=method,
            consent=consent,
            rationale=dict(call.rationale),
            warnings=tuple(warnings),
            response_ids=tuple(response_ids),
            acknowledged={p.id: call.acknowledged[p.id] for p in prompts if p.id in call.acknowledged},
            flag_requests=tuple(call.flag_requests),
            operator=call.operator,
            caller=call.caller,
            child_protection=child_protection,
            recorded_acknowledgements=self._recorded_acknowledgements(call, prompts),
            recorded_consent=recorded_consent,
        )

    def _recorded_acknowledgements(
        self, call: Call, fired: Sequence[FiredPrompt]
    ) -> tuple[RecordedAcknowledgement, ...]:
        """Prompts acknowledged during the call that no longer fire, oldest first (then in
        the pack's order); an id the pack has no prompt for is left out."""
        firing = {p.id for p in fired}
        order = {p.id: i for i, p in enumerate(self.pack.prompts)}
        rules = {p.id: p for p in self.pack.prompts}
        gone = [pid for pid in call.acknowledged if pid not in firing and pid in rules]
        gone.sort(key=lambda pid: (call.acknowledged[pid], order[pid]))
        return tuple(
            RecordedAcknowledgement(pid, rules[pid].kind, rules[pid].text, call.acknowledged[pid]) for pid in gone
        )

    def _score(self, question: Question, value: Any) -> int:
        scores = self._scores[question.id]
        if question.type == "multi":
            return sum(scores[v] for v in value)
        return scores[_option_id(question, value)]

    def _asked_question(
        self, question: Question, call: Call, counted: dict[str, Any], scores: dict[str, int], mandatory: bool
    ) -> AskedQuestion:
        answer = counted.get(question.id)
        declined = call.declined.get(question.id)
        text = question.text
        if call.channel == "walk-in" and question.text_in_person:
            text = question.text_in_person
        return AskedQuestion(
            id=question.id,
            set_id=self._set_of[question.id],
            text=text,
            type=question.type,
            mandatory=mandatory,
            audience=question.audience,
            answer=answer,
            answer_label=None if answer is None else _label(question, answer),
            declined=self._decline_labels.get(declined) if declined else None,
            section=self.pack.section_of.get(question.id),
            score=scores.get(question.id),
        )


def assess(pack: Pack, call: Call) -> Assessment:
    """Assess one call (builds a throwaway Engine; keep an Engine for repeated use)."""
    return Engine(pack).assess(call)


def _option_id(question: Question, value: Any) -> Any:
    if question.type == "yes_no":
        return "yes" if value else "no"
    return value


def _label(question: Question, value: Any) -> str:
    labels = {o.id: o.label for o in question.options}
    if question.type == "multi":
        return " | ".join(labels[v] for v in value)
    if question.type in ("yes_no", "single"):
        return labels[_option_id(question, value)]
    return str(value)


def _recorded_consent(
    call: Call,
    rules: Sequence[ReferralRule],
    made: Sequence[Referral],
    withheld: Sequence[WithheldReferral],
    consent: bool | None,
) -> tuple[RecordedConsentDecision, ...]:
    """Each consent decision the operator wrote that the log does not print beside its
    referral (the referral is no longer due, consent was given after all, or child
    protection shares it regardless), in the pack's order of referrals."""
    printed = {
        r.id
        for r in made
        if r.shared_without_consent and r.shared_without_consent == call.shared_without_consent.get(r.id)
    }
    printed |= {w.id for w in withheld if w.reason is not None}
    due = {r.id for r in made} | {w.id for w in withheld}
    out = []
    for rule in rules:
        for shared, texts in ((True, call.shared_without_consent), (False, call.not_made_reasons)):
            text = texts.get(rule.id)
            if text is None or rule.id in printed:
                continue
            if rule.id not in due:
                why = "the referral is no longer due"
            elif consent is True:
                why = "the caller's consent was recorded after all"
            else:  # due without consent, yet not printed beside it: child protection shared it
                why = "shared regardless: child protection concerns (seed 003 Annex D.3)"
            out.append(RecordedConsentDecision(rule.id, rule.to, shared, text, why))
    return tuple(out)


def _override_result(override: Any, computed: str, rank: dict[str, int]) -> OverrideResult:
    if rank[override.value] < rank[computed]:
        direction = "lower"
    elif rank[override.value] > rank[computed]:
        direction = "raise"
    else:
        direction = "same"
    # Every override is queued for supervisor review (PRODUCT.md step 7); a lowering
    # one is the case the review exists for (issue 2).
    return OverrideResult(override.field, computed, override.value, override.reason, direction, True)
