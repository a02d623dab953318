"""A supervisor's decision taken back within the session (issue 22 item 4): Ctrl+Z on the
supervisor's window.

:func:`decide` makes a decision through the same storage calls as the queues and the
commands (a flag authorised, refused, maintained at its monthly review or removed, seed 002
'Storm Flag System'; a re-contact allocated; an occurrence reference recorded) and keeps,
in this process, what the item was before it and what the decision left. :func:`undo_decision`
writes the state before back, in one transaction, only:

- for the supervisor who made it, with the :class:`Store` it was made through (one sign-in:
  a decision made at another desk, by a command, or before the window was opened again is
  not undone here);
- while the item is still exactly as the decision left it (a flag: no event in its history
  since, its columns as left; a work item: its columns as left and, for a re-contact, no
  attempt recorded since). Otherwise it is refused in words naming who changed it, and
  nothing is written.

An undo adds a ``flag_event`` "undone" to a flag's history (kept for ever, seed 002: a
flag's history is kept), tells the requester again where the decision had told them (their
flag request; the officer a re-contact was allocated to), and writes an audit entry with
action ``undo`` naming the decision undone, the columns as they were and as they are again.
It writes only the columns the decision wrote, which the supervisor's grants allow
(roles.py), clearing a name only where it is the supervisor's own.

An override's review is not undone here (the operator has been told; a disagreement re-grades
the contact and amends its log, which is never rewritten, issue 22.3); nor is a re-contact's
attempt or outcome (an attempt is a record of what an officer did; an outcome may have
written the letter for posting).
"""

from __future__ import annotations

import secrets
import threading
import weakref
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select

from asbdesk.storage import models as m
from asbdesk.storage import supervision as sv
from asbdesk.storage.database import InvalidData, NotFound
from asbdesk.storage.records import Actor, FlagRecord
from asbdesk.storage.store import Store, _words

FLAG_ACTIONS = ("authorise", "refuse", "maintain", "remove")
UNDOABLE = (*FLAG_ACTIONS, "allocate", "occurrence")
# The event each flag decision writes (Store.authorise_flag ... remove_flag), and its words.
FLAG_EVENTS = {"authorise": "authorised", "refuse": "refused", "maintain": "reviewed", "remove": "removed"}
PAST = {**FLAG_EVENTS, "maintain": "maintained", "allocate": "allocated", "occurrence": "recorded"}
# What a supervisor's decision changes on a flag (roles.py: the supervisor's UPDATE).
FLAG_DECISION_COLUMNS = (
    "status",
    "authorised_by",
    "authorised_at",
    "review_due",
    "necessity",
    "refusal_reason",
    "removed_by",
    "removed_at",
    "removal_reason",
)
KEPT_LIMIT = 500  # decisions kept per sign-in for undo; the oldest go first


@dataclass(frozen=True)
class Decision:
    """A decision made through :func:`decide`: what the window shows and hands back to
    :func:`undo_decision`. ``kind`` is where the item lives: 'flag', 'recontact' or
    'occurrence'. ``undoable`` is False (``why_not`` says why) when the item changed at
    another desk while the decision was made, so the state before it is not known."""

    token: str
    action: str
    kind: str
    item_id: int
    made_by: str
    words: str
    record: Any  # FlagRecord or supervision.WorkRecord
    undoable: bool = True
    why_not: str | None = None
    # What ``words`` says, as data, for a window that words it in its own language
    # (asbdesk.gui.words.decision_words): a flag's kind, what it is on and its name; a
    # re-contact's contact and officer; an occurrence's reference and contact.
    facts: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Undone:
    """An undo done: the decision, and what the item is again, in words."""

    decision: Decision
    words: str


@dataclass(frozen=True)
class _Kept:
    decision: Decision
    before: dict[str, Any]
    after: dict[str, Any]
    event_id: int | None = None  # a flag's: the decision's own event
    attempts: int = 0  # a re-contact's attempts when allocated
    reference: str = ""  # a work item's contact
    requester: str = ""  # a flag's requester


_KEPT: weakref.WeakKeyDictionary[Store, dict[str, _Kept]] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def _keep(store: Store, kept: _Kept) -> None:
    with _LOCK:
        decisions = _KEPT.setdefault(store, {})
        decisions[kept.decision.token] = kept
        while len(decisions) > KEPT_LIMIT:
            decisions.pop(next(iter(decisions)))


def _flag_state(flag: m.Flag) -> dict[str, Any]:
    return {column: getattr(flag, column) for column in FLAG_DECISION_COLUMNS}


def _flag_words(session: Any, flag_id: int) -> tuple[str, str, dict[str, Any]]:
    """'vulnerable victim flag on caller Elsie Garside', who requested it, and the same as data."""
    rows = sv._flag_rows(session, m.Flag.id == flag_id, (m.Flag.id,), 1)
    if not rows:
        raise NotFound(f"no flag with id {flag_id}")
    row = rows[0]
    return f"{_words(row.kind)} flag on {sv._subject_words(row)}", row.requested_by, sv._flag_facts(row)


def _last_event(session: Any, flag_id: int) -> int:
    return int(session.scalar(select(func.max(m.FlagEvent.id)).where(m.FlagEvent.flag_id == flag_id)) or 0)


def decide(store: Store, actor: Actor, action: str, item_id: int, text: str) -> Decision:
    """Make a decision and keep what its undo needs: ``authorise``, ``refuse``, ``maintain``
    or ``remove`` a flag (``text`` the reason or note), ``allocate`` a re-contact (``text``
    the officer), record an ``occurrence`` (``text`` its reference)."""
    if action not in UNDOABLE:
        raise InvalidData(f"action: '{action}' is not one of {', '.join(UNDOABLE)}")
    token = secrets.token_hex(16)
    if action in FLAG_ACTIONS:
        return _decide_flag(store, actor, action, item_id, text, token)
    if action == "allocate":
        change = sv._allocate_recontact(store, actor, item_id, text)
        record = change.record
        words = f"allocated the re-contact on {record.contact_reference} to {record.assigned_to}"
        facts = {"reference": record.contact_reference, "officer": record.assigned_to}
        kind = "recontact"
    else:
        change = sv._record_occurrence(store, actor, item_id, text)
        record = change.record
        words = f"recorded occurrence {record.details.get('occurrence')} for {record.contact_reference}"
        facts = {"reference": record.contact_reference, "occurrence": record.details.get("occurrence")}
        kind = "occurrence"
    decision = Decision(token, action, kind, item_id, actor.username, words, record, facts=facts)
    _keep(
        store,
        _Kept(decision, change.before, change.after, attempts=change.attempts, reference=record.contact_reference),
    )
    return decision


def _decide_flag(store: Store, actor: Actor, action: str, flag_id: int, text: str, token: str) -> Decision:
    # The flag as it is, and the last event in its history; then the decision (the Store's own
    # transaction); then its event must be the next in the history: no other decision came
    # between, so the state read first is the one it changed.
    with store._read() as session:
        store._authorise(session, actor, "supervise")
        flag = session.get(m.Flag, flag_id)
        if flag is None:
            raise NotFound(f"no flag with id {flag_id}")
        before, last = _flag_state(flag), _last_event(session, flag_id)
        about, requester, facts = _flag_words(session, flag_id)
    record: FlagRecord = sv.decide_flag(store, actor, action, flag_id, text)
    with store._read() as session:
        flag = session.get(m.Flag, flag_id)
        assert flag is not None  # decided just now; flags are never deleted
        after = _flag_state(flag)
        first = session.execute(
            select(m.FlagEvent.id, m.FlagEvent.by, m.FlagEvent.action)
            .where(m.FlagEvent.flag_id == flag_id, m.FlagEvent.id > last)
            .order_by(m.FlagEvent.id)
            .limit(1)
        ).first()
    words = f"{PAST[action]} flag {flag_id} ({about})"
    if first is None or first.by != actor.username or first.action != FLAG_EVENTS[action]:
        return Decision(
            token,
            action,
            "flag",
            flag_id,
            actor.username,
            words,
            record,
            undoable=False,
            why_not=f"flag {flag_id} was changed at another desk while you decided it",
            facts=facts,
        )
    decision = Decision(token, action, "flag", flag_id, actor.username, words, record, facts=facts)
    _keep(store, _Kept(decision, before, after, event_id=first.id, requester=requester))
    return decision


def _kept(store: Store, actor: Actor, decision: Decision) -> _Kept:
    with _LOCK:
        kept = _KEPT.get(store, {}).get(decision.token)
    if kept is None:
        why = (
            f" ({decision.why_not})"
            if decision.why_not
            else ": only a decision made in this window since you signed in can be undone"
        )
        raise InvalidData(f"{decision.words} cannot be undone here{why}")
    if kept.decision.made_by != actor.username:
        raise InvalidData(f"{kept.decision.words} was decided by {kept.decision.made_by}: only they can undo it")
    return kept


def _forget(store: Store, token: str) -> None:
    with _LOCK:
        _KEPT.get(store, {}).pop(token, None)


def _day_words(day: date) -> str:
    """'17 Nov 2026', as the supervisor reads a day."""
    return f"{day.day} {day.strftime('%b %Y')}"


def _plain(value: Any) -> Any:
    """A value as the audit trail keeps it (JSON)."""
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def _changed(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The columns the undo writes back: (as the decision left them, as they are again)."""
    columns = [c for c in after if after[c] != before[c]]
    return {c: _plain(after[c]) for c in columns}, {c: _plain(before[c]) for c in columns}


def undo_decision(store: Store, actor: Actor, decision: Decision) -> Undone:
    """Take back ``decision`` (made by :func:`decide` through this ``store``, by ``actor``),
    if the item is still as it left it; refused in words otherwise, and nothing written."""
    kept = _kept(store, actor, decision)
    undone = _undo_flag(store, actor, kept) if kept.decision.kind == "flag" else _undo_work(store, actor, kept)
    _forget(store, decision.token)
    return undone


def _undo_flag(store: Store, actor: Actor, kept: _Kept) -> Undone:
    decision = kept.decision
    with store._write() as session:
        store._authorise(session, actor, "manage_flags")
        flag = session.get(m.Flag, decision.item_id, with_for_update=True)
        if flag is None:
            raise NotFound(f"no flag with id {decision.item_id}")
        since = session.execute(
            select(m.FlagEvent.by, m.FlagEvent.action, m.FlagEvent.at)
            .where(m.FlagEvent.flag_id == flag.id, m.FlagEvent.id > (kept.event_id or 0))
            .order_by(m.FlagEvent.id.desc())
            .limit(1)
        ).first()
        if since is not None:
            raise InvalidData(
                f"flag {flag.id} was changed since by {since.by} ({_words(since.action)} at {sv._when(since.at)}): "
                f"{decision.words} was not undone"
            )
        if _flag_state(flag) != kept.after:
            raise InvalidData(
                f"flag {flag.id} was changed since outside asbdesk (it is {flag.status} now): "
                f"{decision.words} was not undone"
            )
        old, new = _changed(kept.before, kept.after)
        for column, value in kept.before.items():
            setattr(flag, column, value)
        store._flag_event(session, flag, actor, "undone", {"undid": FLAG_EVENTS[decision.action], **new})
        if decision.action in ("authorise", "refuse"):
            store._notify(
                session,
                actor,
                kept.requester,
                f"flag {flag.id}",
                f"{actor.username} took back their decision on your request for a {_words(flag.kind)} flag "
                f"(it was {FLAG_EVENTS[decision.action]}): it waits for a supervisor's decision again.",
            )
        store._audit(session, actor, "undo", "flag", flag.id, old, {**new, "undid": decision.action})
        review = flag.review_due
    due = f"its monthly review due {_day_words(review)}" if review else "no review date"
    again = {
        "authorise": "it waits in Flag requests again",
        "refuse": "it waits in Flag requests again",
        "maintain": f"it is active with {due} again",
        "remove": f"it is active again, {due}",
    }[decision.action]
    return Undone(decision, f"Undone: {decision.words}. {again[:1].upper()}{again[1:]}.")


def _undo_work(store: Store, actor: Actor, kept: _Kept) -> Undone:
    decision = kept.decision
    with store._write() as session:
        store._authorise(session, actor, "supervise")
        work = session.get(m.WorkItem, decision.item_id, with_for_update=True)
        if work is None or work.kind != decision.kind:
            raise NotFound(f"no {decision.kind} item with id {decision.item_id}")
        what = f"the {'re-contact' if work.kind == 'recontact' else 'occurrence'} on {kept.reference}"
        now = sv.work_state(work)
        attempts = session.execute(
            select(m.RecontactAttempt.recorded_by, m.RecontactAttempt.recorded_at)
            .where(m.RecontactAttempt.work_item_id == work.id)
            .order_by(m.RecontactAttempt.id.desc())
        ).all()
        if now != kept.after or len(attempts) != kept.attempts:
            if now["closed_by"] != kept.after["closed_by"] or now["open"] != kept.after["open"]:
                by = f" by {now['closed_by']} (closed: {_words(now['outcome'] or '')})" if now["closed_by"] else ""
            elif now["assigned_by"] != kept.after["assigned_by"] or now["assigned_to"] != kept.after["assigned_to"]:
                by = f" by {now['assigned_by']} (allocated to {now['assigned_to']})" if now["assigned_by"] else ""
            elif len(attempts) != kept.attempts and attempts:
                by = f" by {attempts[0].recorded_by} (an attempt recorded at {sv._when(attempts[0].recorded_at)})"
            else:
                by = " outside asbdesk"
            raise InvalidData(f"{what} was changed since{by}: {decision.words} was not undone")
        previous_by = kept.before["assigned_by"]
        if decision.action == "allocate" and previous_by not in (None, actor.username):
            # The database lets a login write only its own name (roles.py, names trigger).
            raise InvalidData(
                f"{what} was allocated by {previous_by} before you allocated it: an undo cannot write their "
                f"allocation back in their name; allocate it again (Ctrl+L): {decision.words} was not undone"
            )
        old, new = _changed(kept.before, kept.after)
        for column, value in kept.before.items():
            setattr(work, column, value)
        if decision.action == "allocate":
            officer = kept.after["assigned_to"]
            if officer and session.scalar(select(m.User.id).where(m.User.username == officer)) is not None:
                store._notify(
                    session,
                    actor,
                    officer,
                    kept.reference,
                    f"{actor.username} took back the re-contact on {kept.reference} they had allocated to you.",
                )
        store._audit(session, actor, "undo", work.kind, work.id, old, {**new, "undid": decision.action})
        assigned = work.assigned_to
    if decision.action == "allocate":
        again = f"it is allocated to {assigned} again" if assigned else "it is not allocated again"
    else:
        again = "it waits in Occurrences again"
    return Undone(decision, f"Undone: {decision.words}. {again[:1].upper()}{again[1:]}.")
