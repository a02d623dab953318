"""The graded log as plain text: ready to paste into command and control, print, or keep.

Deterministic: the same assessment always gives the same text, byte for byte
(golden tests hold it). Lines are wrapped at 78 characters so they paste cleanly.
"""

from __future__ import annotations

import re
from datetime import datetime, tzinfo

from asbdesk.core.call import CallerDetails
from asbdesk.core.engine import CHILD_PROTECTION_QUOTE, Assessment, RepeatResult
from asbdesk.core.vocabulary import FLAG_SUBJECT_WORDS, MUST_ACKNOWLEDGE, THRIVE

WIDTH = 78
REFERENCE_PLACEHOLDER = "[allocated when the log is saved]"
# A caller added on a workstation while the shared database was away (issue 20): the log
# says so, and the database writes whom it found or added when the log is delivered.
OFFLINE_CALLER = "added offline on this workstation"
OFFLINE_CALLER_PENDING = "[found or added when the log is delivered]"
CALLER_NOT_KNOWN = "caller not known"
NOT_GIVEN = "not given"


def local_time(moment: datetime, tz: tzinfo | None = None) -> str:
    """A time as a person reads it: local (the machine's zone unless ``tz``), to the minute,
    with the zone's name, e.g. '23 Nov 2026 14:05 GMT'. Times are stored in UTC."""
    local = moment.astimezone(tz)
    return f"{local.day} {local.strftime('%b %Y %H:%M')} {local.tzname() or ''}".rstrip()


def repeat_status(repeat: RepeatResult) -> str:
    """E.g. '3 incidents in the last 30 days, this one included (2 before it): repeat victim'
    (PRODUCT.md step 2). The current report counts as one (seed 003 Annex D.1), so the
    words say how many came before it: that is what the history table beside it lists."""
    noun = "incident" if repeat.count == 1 else "incidents"
    if repeat.window_days is None:
        return f"{repeat.count} {noun} known; this pack has no repeat rule"
    before = repeat.count - 1
    head = f"{repeat.count} {noun} in the last {repeat.window_days} days, this one included ({before} before it)"
    if repeat.is_repeat:
        return f"{head}: {repeat.label}"
    return f"{head}: not a {repeat.label} ({repeat.threshold} or more make a {repeat.label})"


# textwrap's whitespace (tabs expanded first, then each of these becomes a space) and its
# chunks: runs of that whitespace, and the words between them.
_WHITESPACE = "\t\n\x0b\x0c\r "
_TO_SPACE = {ord(c): " " for c in _WHITESPACE}
_CHUNKS = re.compile(f"([{re.escape(_WHITESPACE)}]+)")


def _wrap(text: str, indent: str = "  ", hanging: str | None = None) -> list[str]:
    """``textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent=hanging,
    break_long_words=True, break_on_hyphens=False)``, line for line, in time linear in
    ``text``. textwrap slices the rest of a word longer than a line off it, and strips
    it, once per line it fills: a 50 MB answer without a space took hours (issue 13.2).
    Here that rest is an offset into the word, and whether it is blank is known from
    where the word's last non-blank character is, found once."""
    subsequent = indent if hanging is None else hanging
    chunks = [c for c in _CHUNKS.split(text.expandtabs(8).translate(_TO_SPACE)) if c]
    chunks.reverse()  # a stack: the next chunk is chunks[-1], from offset `start`
    start = 0
    blank_from: int | None = None  # chunks[-1][i:] is blank for i >= blank_from (len of its rstrip)
    lines: list[str] = []

    def top_is_blank() -> bool:  # chunks[-1][start:].strip() == ""
        nonlocal blank_from
        if blank_from is None:
            blank_from = len(chunks[-1].rstrip())
        return start >= blank_from

    def pop() -> str:
        nonlocal start, blank_from
        chunk = chunks.pop()
        piece = chunk[start:] if start else chunk
        start, blank_from = 0, None
        return piece

    while chunks:
        line: list[str] = []
        used = 0
        prefix = subsequent if lines else indent
        width = WIDTH - len(prefix)
        if lines and top_is_blank():  # no line starts with blanks (but the first may)
            pop()
        while chunks and used + len(chunks[-1]) - start <= width:
            piece = pop()
            line.append(piece)
            used += len(piece)
        if chunks and len(chunks[-1]) - start > width:  # fits no line: break it
            end = start + (width - used if width >= 1 else 1)
            line.append(chunks[-1][start:end])
            start = end
            if start >= len(chunks[-1]):  # only with an indent wider than a line (textwrap loops there)
                pop()
            used = sum(map(len, line))
        if line and not line[-1].strip():  # no line ends with blanks
            used -= len(line.pop())
        if line:
            lines.append(prefix + "".join(line))
    return lines or [indent.rstrip()]


def _field(label: str, value: str) -> list[str]:
    head = f"{label + ':':<21} "
    return _wrap(value, "  " + head, " " * (2 + len(head)))


def with_offline_caller(text: str) -> str:
    """The log of a call whose caller was added offline: two lines heading the CALLER section
    saying so (under the channel in a log without one), the second filled in by the database
    on delivery (:func:`offline_caller_delivered`)."""
    lines = text.split("\n")
    at = next((n + 1 for n, line in enumerate(lines) if line == "CALLER"), None)
    if at is None:
        at = next((n + 1 for n, line in enumerate(lines) if line.startswith("  Channel:")), 2)
    added = _field("Caller", OFFLINE_CALLER) + _field("On delivery", OFFLINE_CALLER_PENDING)
    return "\n".join(lines[:at] + added + lines[at:])


def offline_caller_delivered(text: str, outcome: str) -> str:
    """The log with whom the database found or added for its offline caller, in words."""
    [pending] = _field("On delivery", OFFLINE_CALLER_PENDING)
    return text.replace(pending, "\n".join(_field("On delivery", outcome)), 1)


def phone_words(e164: str) -> str:
    """A phone number as a UK reader dials it: '+441134960555' -> '0113 496 0555' (a number
    abroad in the international format); what cannot be read is printed as it is."""
    import phonenumbers  # only for a log with a phone number in it

    from asbdesk.core.normalise import phone_display

    try:
        return phone_display(e164)
    except phonenumbers.NumberParseException:
        return e164


def caller_lines(caller: CallerDetails | None) -> list[str]:
    """The CALLER section: who called and each active flag with its instructions to whoever
    acts on the call (seed 002 "Record"; issue 21.7)."""
    lines = ["", "CALLER"]
    if caller is None:
        return [*lines, f"  {CALLER_NOT_KNOWN}"]
    lines += _field("Name", caller.name or NOT_GIVEN)
    lines += _field("Phone", phone_words(caller.phone) if caller.phone else NOT_GIVEN)
    lines += _field("Address", caller.address or NOT_GIVEN)
    if caller.email:  # given when e-mail is how the caller chose to be contacted (issue 22.2)
        lines += _field("E-mail", caller.email)
    lines += _field("Active flags", str(len(caller.flags)) if caller.flags else "none")
    for flag in caller.flags:
        on = FLAG_SUBJECT_WORDS.get(flag.subject, flag.subject)
        lines += _wrap(f"FLAG: {flag.kind.replace('_', ' ').upper()} (on the {on})", "  - ", "    ")
        for label, text in flag.instructions() or (("Instructions", "none recorded"),):
            lines += _wrap(f"{label}: {text}", "    ", "      ")
    return lines


def render_text(a: Assessment, tz: tzinfo | None = None) -> str:
    """The graded log; times in local time (``tz``, or the machine's zone)."""
    lines: list[str] = ["ASB GRADED LOG", "=" * 14]
    lines += _field("Reference", a.reference or REFERENCE_PLACEHOLDER)
    lines += _field("Time", local_time(a.now, tz))
    if a.operator:
        lines += _field("Operator", a.operator)
    lines += _field("Channel", "Walk-in (front counter)" if a.channel == "walk-in" else "Phone")
    lines += _field("Incident", f"{a.incident_code} {a.incident_label} (category: {a.category})")
    lines += caller_lines(a.caller)

    lines += ["", "RISK"]
    level = a.level_label.upper()
    lines += _field("Risk level", level if a.level == a.computed_level else f"{level} (override, see below)")
    if a.section_labels:
        lines += _field("Matrix score", f"{a.score} of {a.score_range[1]}")
        for section, score in a.sections.items():
            lines.append(f"    {a.section_labels[section]:<20}{score:>3}")
    if a.matrix_level:
        lines += _field("Matrix level", _level(a, a.matrix_level))
    if a.decision_table:
        lines += _field("Decision table", _level(a, a.decision_level) if a.decision_level else "not completed")
    for reason in a.level_reasons:
        lines += _wrap(f"- {reason}", "    ", "      ")
    lines += _field("Computed level", _level(a, a.computed_level))

    if a.override:
        o = a.override
        what = "Risk level" if o.field == "risk_level" else "Grade"
        lines += ["", "OVERRIDE"]
        by = f" by {a.operator}" if a.operator else ""
        lines += _field(what, f"computed {o.computed}, chosen {o.chosen} ({o.direction}){by}")
        lines += _field("Reason", o.reason)
        lines += _field("Supervisor review", "required" if o.needs_review else "not required")

    lines += ["", "REPEAT"]
    lines += _wrap(repeat_status(a.repeat))
    for result in a.repeat_rules[1:]:
        lines += _wrap(repeat_status(result))

    lines += ["", "VULNERABILITY"]
    lines += _field("Vulnerable", "YES" if a.vulnerable else "no indicator recorded")
    for reason in a.vulnerability_reasons:
        lines += _wrap(f"- {reason}", "    ", "      ")

    lines += ["", "PROMPTS"]
    if not a.prompts:
        lines.append("  none")
    for prompt in a.prompts:
        lines += _wrap(f"[{prompt.kind.replace('_', ' ').upper()}] {prompt.text}", "  - ", "    ")
        if prompt.because:
            lines += _wrap(f"Raised by: {'; '.join(prompt.because)}", "    ", "    ")
        lines += _wrap(f"Source: {prompt.source}", "    ", "    ")
        if prompt.kind in MUST_ACKNOWLEDGE:
            at = a.acknowledged.get(prompt.id)
            lines += _wrap(
                f"Acknowledged by the operator at {local_time(at, tz)}" if at else "NOT ACKNOWLEDGED", "    ", "    "
            )

    lines += ["", "GRADE AND RESPONSE"]
    grade = a.grade_label if a.grade == a.computed_grade else f"{a.grade_label} (override, see above)"
    lines += _field("Grade", grade)
    rag = a.rag.upper() + (f" ({'; '.join(a.rag_reasons)})" if a.rag_reasons else "")
    lines += _field("RAG", rag)
    lines.append("  Response:")
    lines += [line for text in a.response for line in _wrap(text, "  - ", "    ")] or ["    none"]
    lines.append("  Referrals:")
    lines += [line for r in a.referrals for line in _wrap(r.line(), "  - ", "    ")] or ["    none"]
    if a.withheld_referrals:
        lines.append("  Referrals not made (no consent to share, seed 003 para 34):")
        lines += [line for w in a.withheld_referrals for line in _wrap(w.line(), "  - ", "    ")]

    if a.flag_requests:
        lines += ["", "FLAGS REQUESTED"]
        for flag in a.flag_requests:
            lines += _wrap(flag.line(), "  - ", "    ")

    lines += ["", "QUESTIONS ASKED"]
    # The paste-ready log lists what was answered, declined or is mandatory; optional
    # questions left blank are counted (the structured record keeps every question).
    skipped = 0
    for n, q in enumerate(a.questions, 1):
        if q.answer is None and not q.declined and not q.mandatory:
            skipped += 1
            continue
        mark = " *" if q.mandatory else ""
        lines += _wrap(f"{n}. [{q.id}]{mark} {q.text}", "  ", "     ")
        if q.answer is not None:
            answer = q.answer_label or ""
            if q.score is not None:
                answer += f"  (score {q.score})"
        elif q.declined:
            answer = f"not answered: {q.declined}"
        else:
            answer = "NOT ANSWERED"
        lines += _wrap(f"Answer: {answer}", "     ", "       ")
    lines.append(f"  (* mandatory; {skipped} optional question(s) shown but not answered)")
    if a.unanswered_mandatory:
        lines += _field("Unanswered mandatory", ", ".join(a.unanswered_mandatory))
    if a.ignored_answers:
        lines += _field("Ignored answers", ", ".join(a.ignored_answers) + " (questions not shown)")

    lines += ["", "CONTACT AND CONSENT"]
    lines += _field("Contact preference", a.contact_preference or "not recorded")
    consent = {True: "yes", False: "no", None: "not recorded"}[a.consent]
    lines += _field("Consent to sharing", consent)
    if a.child_protection:
        lines += _field(
            "Child protection",
            f"concerns recorded: referrals that need the caller's consent are made without it. "
            f"'{CHILD_PROTECTION_QUOTE}' (seed 003 Annex D.3, consent form)",
        )

    if a.recorded_acknowledgements or a.recorded_consent:
        lines += ["", "RECORDED DURING THE CALL"]
        lines += _wrap("Acknowledged or written by the operator; no longer in force with the final assessment.")
        for ack in a.recorded_acknowledgements:
            lines += _wrap(f"[{ack.kind.replace('_', ' ').upper()}] {ack.text}", "  - ", "    ")
            lines += _wrap(
                f"Acknowledged by the operator at {local_time(ack.at, tz)}; the prompt no longer fires",
                "    ",
                "    ",
            )
        for decision in a.recorded_consent:
            lines += _wrap(f"[CONSENT] {decision.line()}", "  - ", "    ")

    lines += ["", "THRIVE RATIONALE"]
    for heading in THRIVE:
        lines += _field(heading.capitalize(), a.rationale.get(heading, "").strip() or "-")

    lines += ["", "PACK"]
    lines += _field("Pack", f"{a.pack_id} version {a.pack_version}")
    lines.append(f"  {'Content hash:':<22}sha256:{a.pack_hash}")  # never wrapped: it is compared whole
    for warning in a.warnings:
        lines += _wrap(f"Warning: {warning}")
    return "\n".join(lines) + "\n"


def _level(a: Assessment, level: str) -> str:
    return a.level_labels.get(level, level)


def _change(before: str, after: str) -> str:
    return before if before == after else f"{before} -> {after}"


def render_amendment(
    number: int,
    at: datetime,
    by: str,
    reason: str,
    before: Assessment,
    after: Assessment,
    follow_up: tuple[str, ...] = (),
    tz: tzinfo | None = None,
) -> str:
    """The text a supervisor's re-grade appends to a saved log (issue 22.3): the log above
    it stays as the operator saved it; this says what changed, who changed it, when and
    why, and the response and referrals the new grade gives. ``before`` is the call as it
    was saved, re-assessed; ``after`` the same call with the supervisor's choice."""
    title = f"AMENDMENT {number}: SUPERVISOR'S RE-GRADE"
    lines = [title, "=" * len(title)]
    lines += _field("Time", local_time(at, tz))
    lines += _field("Supervisor", by)
    o = before.override
    if o is not None:
        if o.field == "risk_level":
            what, computed, chosen = "risk level", _level(before, o.computed), _level(before, o.chosen)
        else:
            what, computed, chosen = "grade", o.computed.replace("_", " "), o.chosen.replace("_", " ")
        lines += _field(
            "Review", f"disagreed with the operator's override of the {what} (computed {computed}, chosen {chosen})"
        )
    lines += _field("Risk level", _change(before.level_label.upper(), after.level_label.upper()))
    lines += _field("Grade", _change(before.grade_label, after.grade_label))
    lines += _field("RAG", _change(before.rag.upper(), after.rag.upper()))
    lines += _field("Reason", reason)
    lines.append("  Response now:")
    lines += [line for text in after.response for line in _wrap(text, "  - ", "    ")] or ["    none"]
    lines.append("  Referrals now:")
    lines += [line for r in after.referrals for line in _wrap(r.line(), "  - ", "    ")] or ["    none"]
    lines.append("  Follow-up opened:")
    lines += [line for text in follow_up for line in _wrap(text, "  - ", "    ")] or ["    none"]
    lines += _wrap(
        "The log above is as the operator saved it; this amendment replaces its risk level, grade, RAG, "
        "response and referrals.",
        "  ",
        "  ",
    )
    return "\n".join(lines)
