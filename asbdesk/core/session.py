"""One call as a plain model, from the new contact to the finished log (no Qt, no SQL).

The desk's pages mirror a :class:`CallSession`: they call its methods when the
operator acts and redraw what its change events name (STYLE.md habit 5). The
session holds the answers, the current question, the override and the live
assessment, and enforces the call's rules: a mandatory question is not passed
without an answer or a recorded reason; an override needs a written reason.
"""

from __future__ import annotations

import uuid as uuid_module
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Callable, Iterable

from asbdesk.core.call import THRIVE, Call, HistoryItem, InputError, Override, normalise_answer
from asbdesk.core.engine import Assessment, Engine
from asbdesk.core.packs.model import Question
from asbdesk.core.render import render_text

# What a change touched, so each panel redraws only that (STYLE.md habit 4).
CODE, CALLER, ANSWERS, QUESTION, ASSESSMENT, OVERRIDE = "code", "caller", "answers", "question", "assessment", "override"

Listener = Callable[[frozenset[str]], None]


class SessionError(ValueError):
    """The operator cannot do this now; the message says why, in words."""


@dataclass(frozen=True)
class Caller:
    person_id: int | None = None
    location_id: int | None = None
    history: tuple[HistoryItem, ...] = ()
    flags: tuple[str, ...] = ()  # kinds of the caller's active flags


class CallSession:
    def __init__(
        self,
        engine: Engine,
        started_at: datetime,
        channel: str = "phone",
        uuid: str | None = None,
    ) -> None:
        if channel not in ("phone", "walk-in"):
            raise SessionError(f"unknown channel '{channel}' (phone or walk-in)")
        self.engine = engine
        self.pack = engine.pack
        self.uuid = uuid or str(uuid_module.uuid4())
        self.started_at = started_at
        self.channel = channel
        self.incident_code: str | None = None
        self.caller = Caller()
        self.answers: dict[str, Any] = {}
        self.declined: dict[str, str] = {}
        self.override: Override | None = None
        self.rationale: dict[str, str] = {}
        self.current: str | None = None  # the question id in front of the operator
        self.assessment: Assessment | None = None
        self._listeners: list[Listener] = []

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
                touched.add(QUESTION)
        for listener in list(self._listeners):
            listener(frozenset(touched))

    # ------------------------------------------------------------------ state

    def call(self, now: datetime) -> Call:
        if self.incident_code is None:
            raise SessionError("pick the incident code first")
        return Call(
            incident_code=self.incident_code,
            now=now,
            channel=self.channel,
            answers=dict(self.answers),
            declined=dict(self.declined),
            history=self.caller.history,
            override=self.override,
            rationale=dict(self.rationale),
            flags=self.caller.flags,
        )

    def questions(self) -> tuple[Question, ...]:
        """The questions shown now, in order (follow-ups appear when their condition holds)."""
        if self.assessment is None:
            return ()
        return tuple(self.pack.questions[q.id] for q in self.assessment.questions)

    def visible_ids(self) -> list[str]:
        return [q.id for q in self.questions()]

    def question(self) -> Question | None:
        return self.pack.questions[self.current] if self.current else None

    def _first_unanswered(self) -> str | None:
        for qid in self.visible_ids():
            if qid not in self.answers and qid not in self.declined:
                return qid
        return None

    # ------------------------------------------------------------------ the call

    def set_caller(self, caller: Caller) -> None:
        self.caller = caller
        self._changed(CALLER)

    def pick_code(self, code: str) -> None:
        if code not in self.pack.codes:
            raise SessionError(f"'{code}' is not an incident code of pack '{self.pack.id}'")
        self.incident_code = code
        self.current = None
        self.assessment = self.engine.assess(self.call(self.started_at))
        self.current = self.visible_ids()[0] if self.visible_ids() else None
        self._changed(CODE, ASSESSMENT, QUESTION, reassess=False)

    def go_to(self, question_id: str) -> None:
        if question_id not in self.visible_ids():
            raise SessionError(f"question '{question_id}' is not shown for this call")
        self.current = question_id
        self._changed(QUESTION, reassess=False)

    def answer(self, value: Any, question_id: str | None = None) -> None:
        """Answer the current (or a named) question; ``None`` clears the answer."""
        qid = question_id or self.current
        if qid is None:
            raise SessionError("there is no question to answer")
        question = self.pack.questions[qid]
        if value is None:
            self.answers.pop(qid, None)
        else:
            if question.type == "multi" and isinstance(value, tuple):
                value = list(value)
            try:
                self.answers[qid] = normalise_answer(question, value, f"answers.{qid}")
            except InputError as error:
                raise SessionError(error.message) from None
            self.declined.pop(qid, None)
        self._changed(ANSWERS)

    def key(self, key: str) -> bool:
        """One keystroke on the current question: Y/N for yes/no, 1-9 for options (toggles a
        multiple choice). Returns whether the key meant something here."""
        question = self.question()
        if question is None:
            return False
        key = key.lower()
        if question.type == "yes_no" and key in ("y", "n"):
            self.answer(key == "y")
            return True
        if question.type in ("single", "multi") and key.isdigit() and 1 <= int(key) <= len(question.options):
            option = question.options[int(key) - 1].id
            if question.type == "single":
                self.answer(option)
            else:
                chosen = list(self.answers.get(question.id, ()))
                chosen = [o for o in chosen if o != option] if option in chosen else chosen + [option]
                self.answer(chosen or None)
            return True
        return False

    def decline(self, reason_id: str, question_id: str | None = None) -> None:
        """Record why a question was not answered ("caller declined", "not safe to ask")."""
        qid = question_id or self.current
        reasons = {r.id for r in self.pack.data.pack.decline_reasons}
        if qid is None:
            raise SessionError("there is no question to decline")
        if reason_id not in reasons:
            raise SessionError(f"unknown reason '{reason_id}' (reasons: {', '.join(sorted(reasons))})")
        self.answers.pop(qid, None)
        self.declined[qid] = reason_id
        self._changed(ANSWERS)

    def next(self) -> str | None:
        """Move on; a mandatory question needs an answer or a reason first. Returns the new
        current question id, or None when every question has been passed."""
        question = self.question()
        if question is not None and question.mandatory and question.id not in self.answers and question.id not in self.declined:
            raise SessionError(f"'{question.text}' must be answered, or a reason recorded for not asking it")
        ids = self.visible_ids()
        position = ids.index(self.current) if self.current in ids else -1
        self.current = ids[position + 1] if position + 1 < len(ids) else None
        self._changed(QUESTION, reassess=False)
        return self.current

    def back(self) -> str | None:
        ids = self.visible_ids()
        if not ids:
            return None
        position = ids.index(self.current) if self.current in ids else len(ids)
        self.current = ids[max(0, position - 1)]
        self._changed(QUESTION, reassess=False)
        return self.current

    def set_rationale(self, heading: str, text: str) -> None:
        if heading not in THRIVE:
            raise SessionError(f"unknown THRIVE heading '{heading}'")
        self.rationale[heading] = text
        self._changed(ANSWERS)

    def set_override(self, field: str, value: str, reason: str) -> None:
        """Override the risk level or the grade; refused without a written reason."""
        if field not in ("risk_level", "grade"):
            raise SessionError("only the risk level or the grade can be overridden")
        known = self.pack.level_rank if field == "risk_level" else self.pack.grades
        if value not in known:
            raise SessionError(f"unknown {field.replace('_', ' ')} '{value}'")
        if not reason or not reason.strip():
            raise SessionError("an override needs a written reason; it goes to a supervisor for review")
        self.override = Override(field, value, reason.strip())
        self._changed(OVERRIDE)

    def clear_override(self) -> None:
        self.override = None
        self._changed(OVERRIDE)

    def unanswered_mandatory(self) -> tuple[str, ...]:
        return self.assessment.unanswered_mandatory if self.assessment else ()

    def finish(self, now: datetime) -> tuple[Assessment, str]:
        """The final assessment and its text log; refused while a mandatory question is open."""
        missing = self.unanswered_mandatory()
        if missing:
            texts = "; ".join(self.pack.questions[q].text for q in missing[:3])
            raise SessionError(f"{len(missing)} mandatory question(s) need an answer or a reason: {texts}")
        assessment = self.engine.assess(self.call(now))
        return assessment, render_text(assessment)

    # ------------------------------------------------------------------ drafts

    def to_draft(self) -> dict[str, Any]:
        """Everything needed to carry on after a crash (JSON-ready)."""
        return {
            "version": 1,
            "uuid": self.uuid,
            "pack": {"id": self.pack.id, "version": self.pack.version, "hash": self.pack.content_hash},
            "started_at": self.started_at.isoformat(),
            "channel": self.channel,
            "incident_code": self.incident_code,
            "caller": {
                "person_id": self.caller.person_id,
                "location_id": self.caller.location_id,
                "history": [
                    {"occurred_at": h.occurred_at.isoformat(), "incident_code": h.incident_code, "incident_id": h.incident_id}
                    for h in self.caller.history
                ],
                "flags": list(self.caller.flags),
            },
            "answers": {k: list(v) if isinstance(v, tuple) else v for k, v in self.answers.items()},
            "declined": dict(self.declined),
            "override": None if self.override is None else {"field": self.override.field, "value": self.override.value, "reason": self.override.reason},
            "rationale": dict(self.rationale),
            "current": self.current,
        }

    @classmethod
    def from_draft(cls, engine: Engine, draft: dict[str, Any]) -> "CallSession":
        """Rebuild a session from a draft. Answers the pack no longer knows are refused in words."""
        if draft.get("version") != 1:
            raise SessionError("this unfinished contact was saved by a different version of asbdesk")
        if draft["pack"]["id"] != engine.pack.id:
            raise SessionError(f"this unfinished contact was taken with pack '{draft['pack']['id']}', not '{engine.pack.id}'")
        session = cls(engine, datetime.fromisoformat(draft["started_at"]), draft["channel"], draft["uuid"])
        caller = draft["caller"]
        session.caller = Caller(
            caller["person_id"],
            caller["location_id"],
            tuple(HistoryItem(datetime.fromisoformat(h["occurred_at"]), h["incident_code"], h["incident_id"]) for h in caller["history"]),
            tuple(caller.get("flags", ())),
        )
        if draft["incident_code"] is not None:
            session.pick_code(draft["incident_code"])
        for qid, value in draft["answers"].items():
            if qid not in engine.pack.questions:
                raise SessionError(f"the pack has changed: question '{qid}' no longer exists")
            session.answers[qid] = normalise_answer(engine.pack.questions[qid], value, f"answers.{qid}")
        session.declined = dict(draft["declined"])
        if draft["override"]:
            o = draft["override"]
            session.override = Override(o["field"], o["value"], o["reason"])
        session.rationale = dict(draft["rationale"])
        session._changed(ANSWERS, OVERRIDE)
        if draft["current"] in session.visible_ids():
            session.current = draft["current"]
        return session


def replay(session: CallSession, keys: Iterable[str]) -> None:
    """Drive a session by keys as the desk would: a key answers, Enter moves on."""
    for key in keys:
        if key == "\n":
            session.next()
        elif not session.key(key):
            raise SessionError(f"key {key!r} means nothing on question '{session.current}'")


__all__ = ["CallSession", "Caller", "SessionError", "replay"]
