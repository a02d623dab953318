"""One call as a plain model, from the new contact to the finished log (no Qt, no SQL).

The desk's pages mirror a :class:`CallSession`: they call its methods when the
operator acts and redraw what its change events name (STYLE.md habit 5). The
session holds the *whole* call — the caller and what was shown about them, the
answers, the current question, THRIVE, the override, flag requests, acknowledged
prompts, the last refusal — so a draft of it brings back everything the operator
saw (issue 7: recovery lost the caller). It enforces the call's rules: a mandatory
question is not passed without an answer or a recorded reason; an override needs a
written reason; prompts that decide whether someone is sent must be acknowledged;
and a finished call is closed: what was saved is what was shown.
"""

from __future__ import annotations

import uuid as uuid_module
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime, tzinfo
from typing import Any

from asbdesk.core import messages
from asbdesk.core.call import (
    MAX_TEXT_CHARS,
    Call,
    CallerDetails,
    CallerFlag,
    HistoryItem,
    InputError,
    Override,
    RequestedFlag,
    check_text,
    consent_text_problem,
    make_override,
    normalise_answer,
)
from asbdesk.core.engine import Assessment, Engine, FiredPrompt, RepeatResult
from asbdesk.core.messages import Message, Refused
from asbdesk.core.packs.model import Question
from asbdesk.core.render import render_text
from asbdesk.core.vocabulary import CHANNELS, FLAG_KINDS, FLAG_SUBJECTS, MUST_ACKNOWLEDGE, THRIVE

# What a change touched, so each panel redraws only that (STYLE.md habit 4).
CODE, CALLER, ANSWERS, QUESTION, ASSESSMENT, OVERRIDE = (
    "code",
    "caller",
    "answers",
    "question",
    "assessment",
    "override",
)
RATIONALE, FLAGS, ACKNOWLEDGED, REFUSAL, FINISHED = "rationale", "flags", "acknowledged", "refusal", "finished"
CONSENT, EMAIL, TYPING = "consent", "email", "typing"

# The contact-preference option that means e-mail (the default and West Yorkshire packs'
# "An email", seed 002 'Ring Backs and Reassurance Visits'; a re-contact method,
# vocabulary.RECONTACT_METHODS): choosing it asks for the caller's address (issue 22.2).
EMAIL_OPTION = "email"

DRAFT_VERSION = 2

# The question types answered by typing, then Enter
TYPED = ("text", "number", "date")
# Text typed but not yet Entered that a draft keeps: no more than an answer may hold
_TYPING_LIMIT = MAX_TEXT_CHARS

Listener = Callable[[frozenset[str]], None]


class SessionError(Refused):
    """The operator cannot do this now; the message says why, in words (with its message
    id: ``SessionError(messages.UNKNOWN_CODE, code=..., pack=...)``)."""


# An active flag as the desk showed it, with its instructions; the log prints the same.
FlagShown = CallerFlag


@dataclass(frozen=True)
class PastContact:
    """One row of a caller's or an address's history, as shown."""

    reference: str
    started_at: datetime
    incident_code: str
    category: str
    risk_level: str
    grade: str
    rag: str = ""
    channel: str = "phone"


@dataclass(frozen=True)
class Caller:
    """The caller as the desk knows them: who, and everything shown the moment they were picked."""

    person_id: int | None = None
    location_id: int | None = None
    history: tuple[HistoryItem, ...] = ()  # what the repeat rules count
    # Complaints by anyone at the caller's address (their own among them): what the ASB Case
    # Review counts with the caller's (2014 Act s104(1)(a))
    address_history: tuple[HistoryItem, ...] = ()
    flags: tuple[FlagShown, ...] = ()
    name: str = ""
    phone: str | None = None  # the first number on record (E.164), for a flag on the phone
    address: str = ""
    person_history: tuple[PastContact, ...] = ()  # newest first
    location_history: tuple[PastContact, ...] = ()
    complete: bool = True  # False: shown from the last copy while the shared database was away
    email: str | None = None  # the newest e-mail address on record: offered when e-mail is chosen

    @property
    def flag_kinds(self) -> tuple[str, ...]:
        return tuple(sorted({f.kind for f in self.flags}))

    @property
    def known(self) -> bool:
        return self.person_id is not None or bool(self.name)

    def details(self) -> CallerDetails | None:
        """Who called, as the log prints it; None when no caller was picked."""
        if not self.known:
            return None
        return CallerDetails(self.name, self.phone, self.address, self.flags)


@dataclass(frozen=True)
class Refusal:
    """Why the last thing the operator tried was refused; it stays until they act."""

    message: str
    question_id: str | None = None
    words: Message | None = field(default=None, compare=False)  # its message id: the desk translates it


@dataclass(frozen=True)
class Draft:
    """Everything needed to carry on after a crash, validated when read back."""

    version: int
    uuid: str
    pack: dict[str, str]
    started_at: datetime
    channel: str
    operator: str | None
    incident_code: str | None
    caller: Caller
    answers: dict[str, Any]
    declined: dict[str, str]
    override: Override | None
    rationale: dict[str, str]
    acknowledged: dict[str, datetime]
    flag_requests: tuple[RequestedFlag, ...]
    current: str | None
    at_end: bool = False
    shared_without_consent: dict[str, str] = field(default_factory=dict)
    not_made_reasons: dict[str, str] = field(default_factory=dict)
    email: str | None = None  # the caller's e-mail address, typed when e-mail is the chosen contact
    # Text typed into the current question's answer but not yet Entered: {question id: text}.
    # Recovery puts it back in the entry, not as an answer (issue 23.4).
    typing: dict[str, str] = field(default_factory=dict)


_draft_adapter: Any = None


def _drafts() -> Any:
    global _draft_adapter
    if _draft_adapter is None:
        from pydantic import TypeAdapter

        _draft_adapter = TypeAdapter(Draft)
    return _draft_adapter


@dataclass
class _Finished:
    assessment: Assessment
    text: str
    call: Call  # what was assessed: kept with the contact (issue 22.3)


class CallSession:
    def __init__(
        self,
        engine: Engine,
        started_at: datetime,
        channel: str = "phone",
        uuid: str | None = None,
        operator: str | None = None,
    ) -> None:
        if channel not in CHANNELS:
            raise SessionError(messages.UNKNOWN_CHANNEL, channel=channel, channels=" or ".join(CHANNELS))
        self.engine = engine
        self.pack = engine.pack
        self.uuid = uuid or str(uuid_module.uuid4())
        self.started_at = started_at
        self.channel = channel
        self.operator = operator
        self.incident_code: str | None = None
        self.caller = Caller()
        self.answers: dict[str, Any] = {}
        self.declined: dict[str, str] = {}
        self.override: Override | None = None
        self.rationale: dict[str, str] = {}
        self.acknowledged: dict[str, datetime] = {}
        self.flag_requests: list[RequestedFlag] = []
        # Referrals needing consent the caller did not give: referral id -> written text
        self.shared_without_consent: dict[str, str] = {}
        self.not_made_reasons: dict[str, str] = {}
        # The caller's e-mail address, when e-mail is how they chose to be contacted (checked)
        self.email: str | None = None
        self.current: str | None = None  # the question id in front of the operator
        # Text typed into the current question's answer, not yet Entered: (question id, text),
        # kept in the draft; dropped when the question is answered or left (as the screen drops it)
        self._typing: tuple[str, str] | None = None
        # The question the call moved to by itself after a one-key answer, until the operator
        # acts again: an Enter pressed there out of habit does not pass it unanswered.
        self._moved_to: str | None = None
        self.at_end = False  # every question passed: "Ctrl+Enter to finish"
        self.assessment: Assessment | None = None
        self.refusal: Refusal | None = None
        self.finished: _Finished | None = None
        self._listeners: list[Listener] = []
        # A save refused while a referral was held back for want of consent: its prompt is
        # due from then on, though the consent question was never answered (issue 21.7).
        self._consent_at_finish = False
        self._consent_was_due = False

    # ------------------------------------------------------------------ events

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener(aspects)`` after every change; returns a function that unsubscribes."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def _changed(self, *aspects: str, reassess: bool = True) -> None:
        touched = set(aspects)
        if reassess and self.incident_code is not None:
            self.assessment = self.engine.assess(self.call(self.started_at))
            touched.add(ASSESSMENT)
            if self.current is not None and self.current not in self.visible_ids():
                self.current = self._first_unanswered()  # the question in front vanished
                self.at_end = self.current is None
                touched.add(QUESTION)
        if self._typing is not None and self._typing[0] != self.current:
            self._typing = None  # the question was left: what was typed there goes with it
            touched.add(TYPING)
        due = self.consent_due()
        if due != self._consent_was_due:  # the consent prompts come into view (or go)
            self._consent_was_due = due
            touched.add(CONSENT)
        for listener in list(self._listeners):
            listener(frozenset(touched))

    def _editable(self) -> None:
        if self.finished is not None:
            raise SessionError(messages.CONTACT_FINISHED)

    def _clear_refusal(self, touched: list[str]) -> None:
        if self.refusal is not None:
            self.refusal = None
            touched.append(REFUSAL)

    def _refuse(self, template: str, question_id: str | None = None, **args: Any) -> SessionError:
        """Keep the refusal on the session (the desk shows it until the operator acts) and
        move to the question it names. ``template``: a message id (core.messages)."""
        error = SessionError(template, **args)
        self.refusal = Refusal(str(error), question_id, error.words)
        aspects = [REFUSAL]
        if question_id is not None and question_id in self.visible_ids():
            self.current, self.at_end = question_id, False
            aspects.append(QUESTION)
        self._changed(*aspects, reassess=False)
        return error

    # ------------------------------------------------------------------ state

    def call(self, now: datetime) -> Call:
        if self.incident_code is None:
            raise SessionError(messages.PICK_CODE_FIRST)
        return Call(
            incident_code=self.incident_code,
            now=now,
            channel=self.channel,
            answers=dict(self.answers),
            declined=dict(self.declined),
            history=self.caller.history,
            address_history=self.caller.address_history,
            override=self.override,
            rationale=dict(self.rationale),
            flags=self.caller.flag_kinds,
            acknowledged=dict(self.acknowledged),
            flag_requests=tuple(self.flag_requests),
            operator=self.operator,
            shared_without_consent=dict(self.shared_without_consent),
            not_made_reasons=dict(self.not_made_reasons),
            caller=self._caller_details(),
        )

    def _caller_details(self) -> CallerDetails | None:
        """Who called, as the log prints it: with the e-mail address only while e-mail is the
        chosen contact (typed, then another method chosen: the log does not carry it)."""
        details = self.caller.details()
        if self.email is None or not self.email_wanted():
            return details
        return replace(details or CallerDetails(), email=self.email)

    def email_question(self) -> str | None:
        """The pack's contact-preference question when one of its options is e-mail."""
        close = self.pack.data.pack.close
        qid = close.contact_preference if close is not None else None
        question = self.pack.questions.get(qid) if qid else None
        if question is None or EMAIL_OPTION not in {o.id for o in question.options}:
            return None
        return question.id

    def email_wanted(self) -> bool:
        """E-mail is the chosen contact: the caller's address is asked for (issue 22.2)."""
        qid = self.email_question()
        return qid is not None and self.answers.get(qid) == EMAIL_OPTION and qid in self.visible_ids()

    def _email_missing(self, template: str = messages.CALLER_CHOSE_EMAIL) -> SessionError | None:
        if not self.email_wanted() or self.email is not None:
            return None
        qid = self.email_question()
        assert qid is not None  # email_wanted
        number = self.visible_ids().index(qid) + 1
        return self._refuse(template, qid, number=number)

    def questions(self) -> tuple[Question, ...]:
        """The questions shown now, in order (follow-ups appear when their condition holds)."""
        if self.assessment is None:
            return ()
        return tuple(self.pack.questions[q.id] for q in self.assessment.questions)

    def visible_ids(self) -> list[str]:
        return [q.id for q in self.questions()]

    def question(self) -> Question | None:
        return self.pack.questions[self.current] if self.current else None

    @property
    def typing(self) -> str:
        """Text typed into the current question's answer but not yet Entered ("" if none)."""
        return self._typing[1] if self._typing is not None and self._typing[0] == self.current else ""

    def set_typing(self, text: str) -> None:
        """What is in the current question's answer entry, not yet Entered: kept in the draft so
        that a crash loses none of it; recovery puts it back in the entry, not as an answer.
        Not checked as an answer is (that happens at Enter); never longer than an answer may be."""
        self._editable()
        question = self.question()
        if question is None or question.type not in TYPED:
            return
        kept = (question.id, text[:_TYPING_LIMIT]) if text else None
        if kept != self._typing:
            self._typing = kept
            self._changed(TYPING, reassess=False)

    def moves_on_by_itself(self, question: Question) -> bool:
        """Whether an answer to ``question`` given by its one key moves to the next question
        (issue 23.4): a yes/no or a single choice does, unless it opens a further field (e-mail
        chosen as the contact asks for the address); a multiple choice or typed answer waits
        for Enter."""
        if question.type == "yes_no":
            return True
        return question.type == "single" and not (question.id == self.email_question() and self.email_wanted())

    def is_mandatory(self, question_id: str | None = None) -> bool:
        """Whether a shown question (the current one by default) is mandatory now: its
        'mandatory' may be a condition on the answers so far, evaluated by the engine."""
        qid = question_id or self.current
        if self.assessment is None or qid is None:
            return False
        return any(q.mandatory for q in self.assessment.questions if q.id == qid)

    def _first_unanswered(self) -> str | None:
        for qid in self.visible_ids():
            if qid not in self.answers and qid not in self.declined:
                return qid
        return None

    def pinned_prompts(self) -> tuple[FiredPrompt, ...]:
        """Prompts that must stay in view: those to acknowledge (MUST_ACKNOWLEDGE kinds) and,
        once consent is due (:meth:`consent_due`), referrals not made for want of consent,
        until the operator writes why."""
        if self.assessment is None:
            return ()
        due = self.consent_due()
        return tuple(p for p in self.assessment.prompts if p.kind in MUST_ACKNOWLEDGE or (p.kind == "consent" and due))

    def unacknowledged(self) -> tuple[FiredPrompt, ...]:
        return tuple(p for p in self.pinned_prompts() if p.kind in MUST_ACKNOWLEDGE and p.id not in self.acknowledged)

    def consent_due(self) -> bool:
        """Whether a referral held back for want of consent is for the operator to explain
        now: once the pack's consent question is answered or declined, or, when it never
        was, at the finish (every question passed, or a save refused for it). Before then
        the caller has not been asked: a CONSENT prompt pinned from the second question
        on, under an EMERGENCY, was noise (issue 21.7)."""
        close = self.pack.data.pack.close
        question = close.consent if close is not None else None
        if question is not None and (question in self.answers or question in self.declined):
            return True
        return self.at_end or self._consent_at_finish

    def held_back(self) -> tuple[FiredPrompt, ...]:
        """Every referral not made for want of consent whose reason is still to be written,
        due or not: a save is refused while there is one."""
        return tuple(p for p in self.assessment.prompts if p.kind == "consent") if self.assessment else ()

    def consent_open(self) -> tuple[FiredPrompt, ...]:
        """Referrals not made for want of consent whose reason is still to be written, once
        consent is due (the ones pinned)."""
        return tuple(p for p in self.pinned_prompts() if p.kind == "consent")

    def referral_for(self, prompt: FiredPrompt) -> str:
        """The referral id a consent prompt stands for."""
        return prompt.id.removeprefix("consent.")

    # ------------------------------------------------------------------ the call

    def set_caller(self, caller: Caller) -> None:
        self._editable()
        self.caller = caller
        self._changed(CALLER)

    def pick_code(self, code: str) -> None:
        self._editable()
        if code not in self.pack.codes:
            raise SessionError(messages.UNKNOWN_CODE, code=code, pack=self.pack.id)
        same = code == self.incident_code
        self.incident_code = code
        self.assessment = self.engine.assess(self.call(self.started_at))
        touched = [CODE, ASSESSMENT, QUESTION]
        self._clear_refusal(touched)
        self._moved_to = None
        if not same or self.current not in self.visible_ids():
            # A new code starts at its first question still open (answers shared by both
            # sets are kept); re-picking the same code keeps the operator's place.
            visible = self.visible_ids()
            self.current = self._first_unanswered() or (visible[0] if visible else None)
            self.at_end = False
        self._changed(*touched, reassess=False)

    def go_to(self, question_id: str) -> None:
        self._editable()
        if question_id not in self.visible_ids():
            raise SessionError(messages.QUESTION_NOT_SHOWN, question=question_id)
        self.current, self.at_end = question_id, False
        self._moved_to = None
        touched = [QUESTION]
        self._clear_refusal(touched)
        self._changed(*touched, reassess=False)

    def answer(self, value: Any, question_id: str | None = None) -> None:
        """Answer the current (or a named) question; ``None`` clears the answer."""
        self._editable()
        qid = question_id or self.current
        if qid is None:
            raise SessionError(messages.NO_QUESTION_TO_ANSWER)
        question = self.pack.questions[qid]
        if value is None:
            self.answers.pop(qid, None)
        else:
            if question.type == "multi" and isinstance(value, tuple):
                value = list(value)
            try:
                self.answers[qid] = normalise_answer(question, value, f"answers.{qid}")
            except InputError as error:
                raise SessionError(error.problem) from None
            self.declined.pop(qid, None)
        if self._typing is not None and self._typing[0] == qid:
            self._typing = None  # Entered (or cleared): no longer only typed
        touched = [ANSWERS]
        self._clear_refusal(touched)
        self._changed(*touched)

    def option_key(self, question: Question, number: int) -> str | None:
        """The option id the operator's n-th option stands for (1-based), or None."""
        if question.type in ("yes_no", "single", "multi") and 1 <= number <= len(question.options):
            return question.options[number - 1].id
        return None

    def choose(self, option_id: str) -> None:
        """Pick an option of the current question (toggle it on a multiple choice). A yes/no or
        single choice then moves on by itself (:meth:`moves_on_by_itself`), also on a question
        answered before: its key again changes the answer and moves on."""
        question = self.question()
        if question is None:
            raise SessionError(messages.NO_QUESTION_TO_ANSWER)
        if question.type == "yes_no":
            self.answer(option_id == "yes")
        elif question.type == "single":
            self.answer(option_id)
        elif question.type == "multi":
            chosen = list(self.answers.get(question.id, ()))
            chosen = [o for o in chosen if o != option_id] if option_id in chosen else [*chosen, option_id]
            self.answer(chosen or None)
            return
        else:
            raise SessionError(messages.TYPED_ANSWER)
        if self.current == question.id and self.moves_on_by_itself(question):
            self.next()
            self._moved_to = self.current

    def _not_passed_by_habit(self, question: Question) -> SessionError | None:
        """The first Enter on an unanswered optional question the call moved to by itself
        (after a one-key answer, nothing done since) does not pass it: an Enter pressed out of
        habit after Y must not skip the next question unasked. It says so; Enter again passes it."""
        if self._moved_to != question.id or question.id in self.answers or question.id in self.declined:
            return None
        self._moved_to = None
        number = self.visible_ids().index(question.id) + 1
        if question.type == "yes_no":
            return self._refuse(messages.NOT_ANSWERED_YES_NO, question.id, number=number)
        if question.type in ("single", "multi"):
            keys = f"1–{min(9, len(question.options))}"
            return self._refuse(messages.NOT_ANSWERED_OPTIONS, question.id, number=number, keys=keys)
        return self._refuse(messages.NOT_ANSWERED_TYPED, question.id, number=number)

    def key(self, key: str) -> bool:
        """One keystroke on the current question: Y/N for yes/no, 1-9 for options (toggles a
        multiple choice). A yes/no or single choice then moves on by itself (:meth:`choose`).
        Returns whether the key meant something here."""
        question = self.question()
        if question is None:
            return False
        key = key.lower()
        if question.type == "yes_no" and key in ("y", "n"):
            self.choose("yes" if key == "y" else "no")
            return True
        if question.type in ("single", "multi") and key.isdigit():
            option = self.option_key(question, int(key))
            if option is not None:
                self.choose(option)
                return True
        return False

    def decline(self, reason_id: str, question_id: str | None = None) -> None:
        """Record why a question was not answered ("caller declined", "not safe to ask")."""
        self._editable()
        qid = question_id or self.current
        reasons = {r.id for r in self.pack.data.pack.decline_reasons}
        if qid is None:
            raise SessionError(messages.NO_QUESTION_TO_DECLINE)
        if reason_id not in reasons:
            raise SessionError(messages.UNKNOWN_REASON, reason=reason_id, reasons=", ".join(sorted(reasons)))
        self.answers.pop(qid, None)
        self.declined[qid] = reason_id
        if self._typing is not None and self._typing[0] == qid:
            self._typing = None  # declined: what was typed is not kept as if still to be Entered
        touched = [ANSWERS]
        self._clear_refusal(touched)
        self._changed(*touched)

    def next(self) -> str | None:
        """Move on; a mandatory question needs an answer or a reason first. Returns the new
        current question id, or None when every question has been passed."""
        self._editable()
        question = self.question()
        if (
            question is not None
            and self.is_mandatory(question.id)
            and question.id not in self.answers
            and question.id not in self.declined
        ):
            raise self._refuse(
                messages.MANDATORY,
                question.id,
                number=self.visible_ids().index(question.id) + 1,
                text=question.text,
            )
        if question is not None and not self.is_mandatory(question.id):
            habit = self._not_passed_by_habit(question)
            if habit is not None:
                raise habit
        if question is not None and question.id == self.email_question():
            missing = self._email_missing()
            if missing is not None:
                raise missing
        self._moved_to = None
        ids = self.visible_ids()
        position = ids.index(self.current) if self.current in ids else -1
        self.current = ids[position + 1] if position + 1 < len(ids) else None
        self.at_end = self.current is None
        touched = [QUESTION]
        self._clear_refusal(touched)
        self._changed(*touched, reassess=False)
        return self.current

    def back(self) -> str | None:
        """One question back; from the end ("all questions passed") to the last question."""
        self._editable()
        ids = self.visible_ids()
        if not ids:
            return None
        position = ids.index(self.current) if self.current in ids else len(ids)
        self.current, self.at_end = ids[max(0, position - 1)], False
        self._moved_to = None
        touched = [QUESTION]
        self._clear_refusal(touched)
        self._changed(*touched, reassess=False)
        return self.current

    def set_operator(self, operator: str) -> None:
        """Who is taking the call, once the database can say (a desk that started while it
        was away, with no one signed in on the workstation before: issue 20). A finished
        call keeps the operator it was saved with."""
        if self.finished is None and operator != self.operator:
            self.operator = operator
            self._changed()

    def set_rationale(self, heading: str, text: str) -> None:
        self._editable()
        if heading not in THRIVE:
            raise SessionError(messages.UNKNOWN_THRIVE_HEADING, heading=heading)
        _typed(text, heading.capitalize())
        if text.strip():
            self.rationale[heading] = text
        else:
            self.rationale.pop(heading, None)
        self._changed(RATIONALE, reassess=False)

    def set_override(self, field: str, value: str, reason: str) -> None:
        """Override the risk level or the grade; refused without a written reason."""
        self._editable()
        if reason and reason.strip():
            _typed(reason, Message(messages.THE_REASON))  # refused as any typed text is, in the desk's words
        try:
            self.override = make_override(self.pack, field, value, reason)  # the rules headless input keeps too
        except InputError as error:
            raise SessionError(error.problem) from None
        self._changed(OVERRIDE)

    def clear_override(self) -> None:
        self._editable()
        self.override = None
        self._changed(OVERRIDE)

    def set_email(self, text: str) -> None:
        """The caller's e-mail address, when e-mail is how they chose to be contacted: checked
        (email-validator, form only) and refused in words; an empty one clears it."""
        self._editable()
        from asbdesk.core.normalise import NormaliseError, email_address  # email-validator: only when typed

        if not text or not text.strip():
            self.email = None
        else:
            _typed(text, Message(messages.THE_EMAIL_ADDRESS))
            try:
                self.email = email_address(text)
            except NormaliseError as error:
                raise self._refuse(messages.EMAIL_REFUSED, self.email_question(), problem=error.words) from None
        touched = [EMAIL]
        self._clear_refusal(touched)
        self._changed(*touched)

    def request_flag(self, request: RequestedFlag) -> None:
        """Ask for a flag; saved with the log as 'requested' for a supervisor (seed 002)."""
        self._editable()
        if request.kind not in FLAG_KINDS:
            raise SessionError(messages.UNKNOWN_FLAG_TYPE, kind=request.kind)
        for name in ("negate_risk", "officer_action", "inform", "linked_references"):
            _typed(getattr(request, name, "") or "", name.replace("_", " ").capitalize())
        if request.on not in FLAG_SUBJECTS:
            raise SessionError(messages.FLAG_SUBJECT, subject=request.on)
        available = {
            "person": self.caller.person_id is not None,
            "location": self.caller.location_id is not None,
            "phone": self.caller.phone is not None,
        }
        if not available[request.on]:
            raise SessionError(messages.FIND_CALLER_FIRST)
        self.flag_requests.append(request)
        self._changed(FLAGS)

    def acknowledge(self, at: datetime, prompt_id: str | None = None) -> FiredPrompt | None:
        """Acknowledge a pinned prompt (the first open one unless named); returns it."""
        self._editable()
        open_prompts = self.unacknowledged()
        prompt = next((p for p in open_prompts if prompt_id in (None, p.id)), None)
        if prompt is None:
            return None
        self.acknowledged[prompt.id] = at
        touched = [ACKNOWLEDGED]
        self._clear_refusal(touched)
        self._changed(*touched)
        return prompt

    def record_consent_decision(self, referral_id: str, share: bool, text: str) -> None:
        """For a referral not made for want of consent: write why it was not made, or share
        it anyway on a lawful basis (e.g. safeguarding), written (seed 003 para 34)."""
        self._editable()
        needing = {r.id: r for r in self.pack.data.referrals if r.requires_consent}
        if referral_id not in needing:
            raise SessionError(messages.NOT_A_CONSENT_REFERRAL, referral=referral_id)
        what = Message(messages.LAWFUL_BASIS if share else messages.WHY_NOT_MADE)
        _typed(text, Message(messages.WHAT_YOU_WROTE))
        problem = consent_text_problem(text, what)
        if problem:
            raise SessionError(messages.CONSENT_TEXT_REFUSED, to=needing[referral_id].to, problem=problem)
        self.shared_without_consent.pop(referral_id, None)
        self.not_made_reasons.pop(referral_id, None)
        (self.shared_without_consent if share else self.not_made_reasons)[referral_id] = text.strip()
        touched = [CONSENT]
        self._clear_refusal(touched)
        self._changed(*touched)

    def caller_repeat(self, now: datetime) -> RepeatResult:
        """The caller's repeat status: the assessment's once a code is picked, before that
        the pack's repeat rule over the caller's history (a recovered draft keeps it)."""
        if self.assessment is not None:
            return self.assessment.repeat
        return self.engine.caller_repeat(now, self.caller.history)

    def unanswered_mandatory(self) -> tuple[str, ...]:
        return self.assessment.unanswered_mandatory if self.assessment else ()

    def finish(self, now: datetime, tz: tzinfo | None = None) -> tuple[Assessment, str]:
        """The final assessment and its text log; the session is closed from then on.
        Refused while a mandatory question is open or a pinned prompt unacknowledged: the
        refusal stays on the session and the cursor goes to what it names."""
        if self.finished is not None:
            return self.finished.assessment, self.finished.text
        if self.incident_code is None:
            raise self._refuse(messages.NOT_SAVED_PICK_CODE)
        missing = self.unanswered_mandatory()
        if missing:
            first = self.pack.questions[missing[0]]
            number = self.visible_ids().index(first.id) + 1
            if len(missing) > 1:
                raise self._refuse(
                    messages.NOT_SAVED_MANDATORY_AND_MORE,
                    first.id,
                    number=number,
                    text=first.text,
                    more=len(missing) - 1,
                )
            raise self._refuse(messages.NOT_SAVED_MANDATORY, first.id, number=number, text=first.text)
        missing_email = self._email_missing(messages.NOT_SAVED_CALLER_CHOSE_EMAIL)
        if missing_email is not None:
            raise missing_email
        waiting = self.unacknowledged()
        if waiting:
            prompt = waiting[0]
            raise self._refuse(
                messages.NOT_SAVED_ACKNOWLEDGE, kind=prompt.kind.replace("_", " ").upper(), text=prompt.text
            )
        withheld = self.held_back()
        if withheld:
            self._consent_at_finish = True  # never asked: the prompts are due now, pinned with the refusal
            to = next(r.to for r in self.pack.data.referrals if r.id == self.referral_for(withheld[0]))
            raise self._refuse(messages.NOT_SAVED_CONSENT, to=to)
        call = self.call(now)
        assessment = self.engine.assess(call)
        text = render_text(assessment, tz)
        self.finished = _Finished(assessment, text, call)
        self._changed(FINISHED, reassess=False)
        return assessment, text

    def reopen(self) -> None:
        """The save was refused (not queued): the operator may correct the call."""
        if self.finished is not None:
            self.finished = None
            self._changed(FINISHED, reassess=False)

    # ------------------------------------------------------------------ drafts

    def to_draft(self) -> dict[str, Any]:
        """Everything needed to carry on after a crash (JSON-ready)."""
        draft = Draft(
            version=DRAFT_VERSION,
            uuid=self.uuid,
            pack={"id": self.pack.id, "version": self.pack.version, "hash": self.pack.content_hash},
            started_at=self.started_at,
            channel=self.channel,
            operator=self.operator,
            incident_code=self.incident_code,
            caller=self.caller,
            answers={k: list(v) if isinstance(v, tuple) else v for k, v in self.answers.items()},
            declined=dict(self.declined),
            override=self.override,
            rationale=dict(self.rationale),
            acknowledged=dict(self.acknowledged),
            flag_requests=tuple(self.flag_requests),
            current=self.current,
            at_end=self.at_end,
            shared_without_consent=dict(self.shared_without_consent),
            not_made_reasons=dict(self.not_made_reasons),
            email=self.email,
            typing={self.current: self.typing} if self.current is not None and self.typing else {},
        )
        return _drafts().dump_python(draft, mode="json")

    @classmethod
    def from_draft(cls, engine: Engine, data: dict[str, Any]) -> CallSession:
        """Rebuild a session from a draft. A draft this version cannot read, or answers the
        pack no longer knows, are refused in words."""
        from pydantic import ValidationError

        if not isinstance(data, dict) or data.get("version") not in (1, DRAFT_VERSION):
            version = data.get("version") if isinstance(data, dict) else None
            raise SessionError(messages.DRAFT_OTHER_VERSION, version=repr(version), current=DRAFT_VERSION)
        if data["version"] == 1:
            data = _draft_from_v1(data)
        try:
            draft: Draft = _drafts().validate_python(data)
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            raise SessionError(messages.DRAFT_UNREADABLE, where=where, problem=first["msg"]) from None
        if draft.pack["id"] != engine.pack.id:
            raise SessionError(messages.DRAFT_OTHER_PACK, taken=draft.pack["id"], pack=engine.pack.id)
        session = cls(engine, draft.started_at, draft.channel, draft.uuid, draft.operator)
        session.caller = draft.caller
        for qid, value in draft.answers.items():
            if qid not in engine.pack.questions:
                raise SessionError(messages.PACK_CHANGED_QUESTION, question=qid)
            try:
                session.answers[qid] = normalise_answer(engine.pack.questions[qid], value, f"answers.{qid}")
            except InputError as error:
                raise SessionError(messages.PACK_CHANGED, problem=error.words) from None
        session.declined = dict(draft.declined)
        session.override = draft.override
        session.rationale = dict(draft.rationale)
        session.acknowledged = dict(draft.acknowledged)
        session.flag_requests = list(draft.flag_requests)
        session.shared_without_consent = dict(draft.shared_without_consent)
        session.not_made_reasons = dict(draft.not_made_reasons)
        session.email = draft.email
        if draft.incident_code is not None:
            if draft.incident_code not in engine.pack.codes:
                raise SessionError(messages.PACK_CHANGED_CODE, code=draft.incident_code)
            session.incident_code = draft.incident_code
            session.assessment = engine.assess(session.call(session.started_at))
        visible = session.visible_ids()
        if draft.current in visible:
            session.current = draft.current
        elif draft.at_end and visible:
            session.at_end = True
        else:
            session.current = session._first_unanswered()
            session.at_end = session.current is None and bool(visible)
        typed = draft.typing.get(session.current or "")
        question = session.question()
        if typed and question is not None and question.type in TYPED:
            # Back in the entry as it was, not as an answer: Enter checks it as any typed answer
            session._typing = (question.id, typed[:_TYPING_LIMIT])
        session._consent_was_due = session.consent_due()
        return session


def _typed(text: str, what: str | Message) -> None:
    """Text the operator typed passes the same check as headless input (no control or bidi
    characters, bounded length): refused in words, nothing changed."""
    try:
        check_text(text, str(what))
    except InputError as error:
        raise SessionError(messages.TYPED_TEXT_REFUSED, what=what, problem=error.problem) from None


def _draft_from_v1(data: dict[str, Any]) -> dict[str, Any]:
    """Drafts written before the caller's context was kept (issue 7): ids and history only."""
    found = data.get("caller")
    caller = dict(found) if isinstance(found, dict) else {}  # a call saved before a caller was picked
    flags = caller.get("flags", ())
    caller["flags"] = [{"kind": kind, "subject": "person"} for kind in (flags if isinstance(flags, list) else ())]
    return {
        **data,
        "version": DRAFT_VERSION,
        "caller": caller,
        "operator": None,
        "acknowledged": {},
        "flag_requests": [],
    }


def replay(session: CallSession, keys: Iterable[str]) -> None:
    """Drive a session by keys as the desk would: a key answers (a yes/no or single choice
    moves on by itself), Enter moves on."""
    for key in keys:
        if key == "\n":
            session.next()
        elif not session.key(key):
            raise SessionError(messages.KEY_MEANS_NOTHING, key=repr(key), question=session.current)


__all__ = ["TYPED", "CallSession", "Caller", "Draft", "FlagShown", "PastContact", "Refusal", "SessionError", "replay"]
