"""The supervisor's commands (issue 10): ``review``, ``flags``, ``overrides``, ``recontact``,
``occurrences``, ``sample`` and ``report``. The same storage calls as the supervisor's desk
(asbdesk.storage.supervision); who acts comes from the login, as for every command.

Exit codes as asbdesk's: 2 bad input, naming the field (an unknown id, an empty reason, a
bad date); 3 the database, or an action the signed-in user's role may not do (refused in
words and written to the audit trail).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from asbdesk.core.vocabulary import FLAG_DUE, FLAG_KINDS, RECONTACT_ATTEMPT_RESULTS, REVIEW_KINDS, SAMPLE_CHECKS

Handler = Callable[[argparse.Namespace], int]


def add_parsers(commands: Any, database_option: Callable[[argparse.ArgumentParser], None]) -> None:
    def common(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        database_option(p)
        p.add_argument("--user", help="optional: must be you (who you are comes from your login)")
        return p

    review = commands.add_parser("review", help="the supervisor's queues")
    review_commands = review.add_subparsers(dest="review_command", metavar="REVIEW_COMMAND", required=True)
    listing = common(review_commands.add_parser("list", help="what waits in the queues, most urgent first"))
    listing.add_argument("--kind", choices=REVIEW_KINDS, help="one queue only")
    listing.add_argument("--format", choices=("json", "text"), default="text")

    flags = commands.add_parser("flags", help="list the active flags; authorise, refuse, maintain or remove a flag")
    flag_commands = flags.add_subparsers(dest="flags_command", metavar="FLAGS_COMMAND", required=True)
    p = common(flag_commands.add_parser("list", help="every active flag, the soonest monthly review first"))
    p.add_argument("--kind", type=lambda text: text.replace("-", "_"), choices=FLAG_KINDS, help="one kind of flag only")
    p.add_argument(
        "--due",
        choices=FLAG_DUE,
        help="the monthly review: overdue, week (due today to 7 days on) or later (after that)",
    )
    p.add_argument("--area", help="a postcode district (LS6), an area (LS), a sector (LS6 2) or a postcode")
    p.add_argument("--format", choices=("json", "text"), default="text")
    for action, words in (
        ("authorise", "authorise a requested flag (the reason: why it is necessary)"),
        ("refuse", "refuse a requested flag"),
        ("maintain", "keep an active flag at its monthly review (the reason: the review's note)"),
        ("remove", "remove an active flag"),
    ):
        p = common(flag_commands.add_parser(action, help=words))
        p.add_argument("id", type=_positive("ID"), help="the flag's id (asbdesk review list)")
        p.add_argument("--reason", required=True)

    overrides = commands.add_parser("overrides", help="review an operator's override (supervisor)")
    override_commands = overrides.add_subparsers(dest="overrides_command", metavar="OVERRIDES_COMMAND", required=True)
    p = common(override_commands.add_parser("review", help="agree or disagree, with a comment the operator sees"))
    p.add_argument("id", type=_positive("ID"), help="the override's id (asbdesk review list --kind override)")
    verdict = p.add_mutually_exclusive_group(required=True)
    verdict.add_argument("--agree", action="store_true")
    verdict.add_argument(
        "--disagree",
        action="store_true",
        help="re-grade the contact: its call assessed again with --to (default: the value asbdesk computed); "
        "the log is amended and the follow-up the new grade needs is opened",
    )
    p.add_argument("--comment", required=True)
    p.add_argument(
        "--to",
        metavar="VALUE",
        help="with --disagree: the risk level or grade (the field the operator overrode) the contact should have",
    )

    recontact = commands.add_parser("recontact", help="re-contacts the callers asked for (supervisor)")
    recontact_commands = recontact.add_subparsers(dest="recontact_command", metavar="RECONTACT_COMMAND", required=True)
    p = common(recontact_commands.add_parser("allocate", help="allocate to an officer"))
    p.add_argument("id", type=_positive("ID"))
    p.add_argument("--to", required=True, help="the officer: a user of asbdesk or a name")
    p = common(recontact_commands.add_parser("attempt", help="record one try at an allocated re-contact (issue 22.2)"))
    p.add_argument("id", type=_positive("ID"))
    p.add_argument(
        "--result",
        required=True,
        choices=[r.replace("_", "-") for r in RECONTACT_ATTEMPT_RESULTS],
        help="a ring back: no-answer, left-voicemail, wrong-number or reached; an e-mail: email-sent, "
        "email-bounced or reached",
    )
    p.add_argument("--officer", help="the officer who made it (default: the officer allocated)")
    p.add_argument("--at", help="when it was made, YYYY-MM-DDTHH:MM in local time (default: now)")
    p.add_argument("--note", default="")
    p = common(
        recontact_commands.add_parser("show", help="a re-contact: how to reach the caller, its attempts in order")
    )
    p.add_argument("id", type=_positive("ID"))
    p.add_argument("--format", choices=("json", "text"), default="text")
    p = common(recontact_commands.add_parser("outcome", help="record what came of it (an allocated re-contact)"))
    p.add_argument("id", type=_positive("ID"))
    outcome = p.add_mutually_exclusive_group(required=True)
    outcome.add_argument("--reached", dest="outcome", action="store_const", const="reached")
    outcome.add_argument("--not-reached", dest="outcome", action="store_const", const="not_reached")
    outcome.add_argument("--declined", dest="outcome", action="store_const", const="declined")
    p.add_argument(
        "--letter",
        help="a ring back not reached: write the letter for posting to this new file (PDF), once the outcome is stored",
    )
    p.add_argument(
        "--language",
        choices=("en", "cy", "both"),
        help="with --letter: English, Welsh, or both (the Welsh letter, then the English) when the pack offers "
        "Welsh (default: the force's choice in its pack)",
    )
    p.add_argument("--note", default="")

    occurrences = commands.add_parser("occurrences", help="occurrences for red and amber incidents (supervisor)")
    occurrence_commands = occurrences.add_subparsers(
        dest="occurrences_command", metavar="OCCURRENCES_COMMAND", required=True
    )
    p = common(occurrence_commands.add_parser("record", help="record the occurrence reference created"))
    p.add_argument("id", type=_positive("ID"))
    p.add_argument("--reference", required=True, help="the occurrence's reference in the records system")

    sample = commands.add_parser("sample", help="dip-sample logs (supervisor)")
    sample_commands = sample.add_subparsers(dest="sample_command", metavar="SAMPLE_COMMAND", required=True)
    p = common(sample_commands.add_parser("draw", help="draw a reproducible random sample, stratified by operator"))
    _period_options(p)
    p.add_argument("--size", required=True, type=_positive("--size"))
    p.add_argument("--seed", required=True, type=_whole("--seed"))
    p.add_argument(
        "--allow-overlap",
        action="store_true",
        help="draw logs already in a sample of an overlapping period too (recorded with the sample; "
        "without it they are left out, so no log is marked twice)",
    )
    p.add_argument("--format", choices=("json", "text"), default="text")
    p = common(sample_commands.add_parser("list", help="the samples drawn"))
    p.add_argument("--format", choices=("json", "text"), default="text")
    p = common(sample_commands.add_parser("show", help="a sample's logs and marks"))
    p.add_argument("id", type=_positive("ID"))
    p.add_argument("--format", choices=("json", "text"), default="text")
    p = common(sample_commands.add_parser("mark", help="mark one checklist item on one sampled log"))
    p.add_argument("item", type=_positive("ITEM"), help="the sampled log's item id (asbdesk sample show)")
    p.add_argument("--check", required=True, choices=SAMPLE_CHECKS)
    answer = p.add_mutually_exclusive_group(required=True)
    answer.add_argument("--yes", dest="answer", action="store_const", const="yes")
    answer.add_argument("--no", dest="answer", action="store_const", const="no")
    answer.add_argument("--na", dest="answer", action="store_const", const="na", help="not applicable")
    p.add_argument("--note", default="", help="what was missing (required with --no; only --no has a note)")

    report = commands.add_parser("report", help="compliance and hotspot reports (supervisor)")
    report_commands = report.add_subparsers(dest="report_command", metavar="REPORT_COMMAND", required=True)
    for name, words in (
        ("compliance", "dip-sample compliance per checklist item, operator and month"),
        ("hotspots", "repeat locations and callers, incidents by postcode district by week, top codes"),
    ):
        p = common(report_commands.add_parser(name, help=words))
        _period_options(p)
        p.add_argument(
            "--format", choices=("json", "csv", "text") if name == "compliance" else ("json", "csv"), default="json"
        )
        p.add_argument("--output", help="file to write (default: standard output)")
        if name == "hotspots":
            p.add_argument("--top", type=_positive("--top"), default=20, help="how many of each ranking")


def _positive(name: str) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{name} must be a whole number, not '{text}'") from None
        if value < 1:
            raise argparse.ArgumentTypeError(f"{name} must be 1 or more, not {value}")
        return value

    return parse


def _whole(name: str) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            return int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{name} must be a whole number, not '{text}'") from None

    return parse


def _period_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--from", dest="start", required=True, help="first day (YYYY-MM-DD), inclusive")
    p.add_argument("--to", dest="end", required=True, help="last day (YYYY-MM-DD), inclusive")


FIRST_YEAR, LAST_YEAR = 1900, 2999


def period(args: argparse.Namespace) -> tuple[datetime, datetime]:
    """--from and --to as [start, end) in UTC, whole days."""
    from asbdesk.cli import BadInput
    from asbdesk.core.files import shown

    days = {}
    for option, value in (("--from", args.start), ("--to", args.end)):
        try:
            day = date.fromisoformat(value)
        except ValueError:
            raise BadInput(f"{option}: '{shown(value, 40)}' is not a date (use YYYY-MM-DD)") from None
        if not FIRST_YEAR <= day.year <= LAST_YEAR:  # as the headless input's times (1900-2999)
            raise BadInput(f"{option}: the year {day.year} is outside {FIRST_YEAR}-{LAST_YEAR}")
        days[option] = day
    start = datetime.combine(days["--from"], time(), UTC)
    end = datetime.combine(days["--to"], time(), UTC) + timedelta(days=1)
    if end <= start:
        raise BadInput("--to: must not be before --from")
    return start, end


def _run(args: argparse.Namespace, work: Callable[[Any, Any], int]) -> int:
    """Open the store, sign in from the login, run; what the user can fix (an unknown id, an
    empty reason) is bad input (exit 2) naming the field."""
    from asbdesk.cli import BadInput, open_as
    from asbdesk.storage.database import InvalidData, NotFound

    store, actor = open_as(args, getattr(args, "user", None))
    try:
        return work(store, actor)
    except (InvalidData, NotFound) as error:
        raise BadInput(str(error)) from None
    finally:
        store.close()


def _review(args: argparse.Namespace) -> int:
    from asbdesk.storage import supervision

    def work(store: Any, actor: Any) -> int:
        items = supervision.review_items(store, actor, args.kind)
        if args.format == "json":
            print(json.dumps([i.to_json() for i in items], indent=2, ensure_ascii=False))
        elif not items:
            print("nothing waiting")
        else:
            for i in items:
                due = i.due_at.astimezone().strftime("%d %b %Y %H:%M")
                print(f"{i.kind:<12} {i.id:>6}  due {due}  {i.contact_reference or '-':<15}  {i.summary}")
        return 0

    return _run(args, work)


def _flags(args: argparse.Namespace) -> int:
    from asbdesk.storage import supervision

    def work(store: Any, actor: Any) -> int:
        if args.flags_command == "list":
            _list_flags(supervision.active_flags(store, actor, args.kind, args.due, args.area), args)
            return 0
        flag = supervision.decide_flag(store, actor, args.flags_command, args.id, args.reason)
        review = f"; next review {flag.review_due}" if flag.status == "active" and flag.review_due else ""
        print(f"flag {flag.id}: {flag.status}{review}")
        return 0

    return _run(args, work)


def _list_flags(flags: list[Any], args: argparse.Namespace) -> None:
    if args.format == "json":
        print(json.dumps([f.to_json() for f in flags], indent=2, ensure_ascii=False))
        return
    if not flags:
        print("no active flags" + (" like that" if args.kind or args.due or args.area else ""))
        return
    for f in flags:
        due = f"review due {_day(f.review_due)}" if f.review_due else "no review date"
        due += " OVERDUE" if f.due == "overdue" else ""
        area = f.area or "no address on record"
        print(f"flag {f.id:>6}  {due:<30}  {f.summary} ({area}), authorised by {f.authorised_by or '-'}")


def _day(day: date) -> str:
    return f"{day.day} {day.strftime('%b %Y')}"


def _overrides(args: argparse.Namespace) -> int:
    from asbdesk.storage import supervision

    def work(store: Any, actor: Any) -> int:
        done = supervision.review_override(store, actor, args.id, bool(args.agree), args.comment, args.to)
        print(f"override {done.id} on {done.contact_reference}: {done.outcome}")
        if done.regrade is not None:
            print(f"{done.contact_reference} {done.regrade.words()}")
            print(f"the log is amended (amendment {done.regrade.number}); the operator is told")
        return 0

    return _run(args, work)


def _recontact(args: argparse.Namespace) -> int:
    from asbdesk.storage import supervision

    def work(store: Any, actor: Any) -> int:
        command = args.recontact_command
        if command == "allocate":
            done = supervision.allocate_recontact(store, actor, args.id, args.to)
            print(f"recontact {done.id} on {done.contact_reference}: allocated to {done.assigned_to}")
            return 0
        if command == "attempt":
            at = _local_time("--at", args.at) if args.at else None
            result = args.result.replace("-", "_")
            attempt = supervision.record_attempt(store, actor, args.id, result, args.note, officer=args.officer, at=at)
            print(
                f"recontact {args.id}: attempt {_when(attempt.attempted_at)} by {attempt.attempted_by}: {attempt.words}"
            )
            return 0
        if command == "show":
            _show_recontact(supervision.recontact_detail(store, actor, args.id), args.format)
            return 0
        letter = None
        if args.language and not args.letter:
            from asbdesk.cli import BadInput

            raise BadInput("--language: the language of the letter for posting; give it with --letter")
        if args.letter:
            path = _letter_path(args.letter)
            # Refused in words before anything is laid out: an e-mail re-contact, one closed,
            # not allocated, not tried, or whose caller was reached (issue 22.2).
            content = _letter_pdf(supervision.letter_for(store, actor, args.id), args.language)
            letter = supervision.LetterFile(path, content)
        done = supervision.record_recontact(store, actor, args.id, args.outcome, letter, args.note)
        written = f"; letter for posting written to {args.letter}" if letter else ""
        print(f"recontact {done.id} on {done.contact_reference}: {(done.outcome or '').replace('_', ' ')}{written}")
        return 0

    return _run(args, work)


def _when(moment: datetime) -> str:
    local = moment.astimezone()
    return f"{local.day} {local.strftime('%b %Y %H:%M')}"


def _local_time(option: str, value: str) -> datetime:
    """A time typed on the command line: ISO 8601; without a zone, the machine's local time."""
    from asbdesk.cli import BadInput
    from asbdesk.core.files import shown

    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise BadInput(f"{option}: '{shown(value, 40)}' is not a time (use YYYY-MM-DDTHH:MM, local time)") from None
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise BadInput(f"{option}: the year {moment.year} is outside {FIRST_YEAR}-{LAST_YEAR}")
    return moment.astimezone() if moment.tzinfo is None else moment


def _show_recontact(shown: dict[str, Any], format_: str) -> None:
    from asbdesk.storage.supervision import phone_words

    caller, attempts = shown["caller"], shown["attempts"]
    if format_ == "json":
        data = {**shown, "caller": caller.to_json(), "attempts": [a.to_json() for a in attempts]}
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return
    method = (shown["method"] or "re-contact").replace("_", " ")
    allocated = f"allocated to {shown['assigned_to']}" if shown["assigned_to"] else "not allocated"
    state = "open" if shown["open"] else f"closed: {(shown['outcome'] or '').replace('_', ' ')}"
    print(f"recontact {shown['id']} on {shown['reference']}: {method}, {allocated}, {state}")
    others = [phone_words(p) for p in caller.phones[1:]]
    phone = phone_words(caller.phone) if caller.phone else "none on record"
    print(f"  caller:   {caller.name}")
    print(f"  phone:    {phone}" + (f" (also {', '.join(others)})" if others else ""))
    print(f"  e-mail:   {caller.email or 'none given'}")
    print(f"  address:  {caller.address or 'none on record'}")
    if not attempts:
        print("  attempts: none recorded")
    else:
        print("  attempts:")
        for n, attempt in enumerate(attempts, 1):
            note = f"  ({attempt.note})" if attempt.note else ""
            print(f"    {n}. {_when(attempt.attempted_at)}  {attempt.attempted_by}: {attempt.words}{note}")
    if shown["comment"]:
        print(f"  note:     {shown['comment']}")
    if shown["letter"]:
        print(f"  letter:   {shown['letter'].get('file')} (sha256 {shown['letter'].get('sha256')})")


def _letter_path(text: str) -> Path:
    """Where the letter goes: a new PDF file in a folder that exists (never over a file)."""
    from asbdesk.cli import BadInput

    path = Path(text)
    if path.suffix.lower() != ".pdf":
        raise BadInput(f"--letter: the letter is written as a PDF; give a file name ending .pdf, not '{path.name}'")
    if not path.parent.is_dir():
        raise BadInput(f"--letter: the folder {path.parent} does not exist")
    if path.exists() or path.is_symlink():
        raise BadInput(
            f"--letter: {path} exists already: a letter is never written over another file, so nothing was "
            "written or recorded (give another file name)"
        )
    return path


def _letter_pdf(letter: Any, language: str | None = None) -> bytes:
    from asbdesk.cli import BadInput

    qt_application()
    from asbdesk.gui.documents import letter_language, letter_pdf

    try:
        letter_language(letter, language)
    except ValueError as error:  # Welsh asked of a pack that offers none: nothing stored
        raise BadInput(f"--language: {error}") from None
    try:
        return letter_pdf(letter, language=language)
    except ValueError as error:  # no site, or the pack has no public wording to write with
        raise BadInput(f"--letter: {error}") from None
    except OSError as error:
        raise BadInput(f"--letter: the letter could not be laid out: {error}") from None


def qt_application() -> None:
    """PDFs are laid out by Qt, which needs an application object; without a screen (a
    server, a script) Qt draws offscreen."""
    import os

    from asbdesk.cli import no_display_reason

    if no_display_reason() and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:
        global _APP
        _APP = QApplication(sys.argv[:1])


_APP: Any = None


def _occurrences(args: argparse.Namespace) -> int:
    from asbdesk.storage import supervision

    def work(store: Any, actor: Any) -> int:
        done = supervision.record_occurrence(store, actor, args.id, args.reference)
        print(f"occurrence {done.id} on {done.contact_reference}: recorded as {args.reference.strip()}")
        return 0

    return _run(args, work)


def _sample(args: argparse.Namespace) -> int:
    from asbdesk.storage import supervision

    def show(sample: Any) -> None:
        if args.format == "json":
            print(json.dumps(sample.to_json(), indent=2, ensure_ascii=False))
            return
        print(f"sample {sample.id}: {len(sample.items)} logs, seed {sample.seed}, drawn by {sample.drawn_by}")
        if sample.overlap_allowed:
            print("  logs already in an overlapping sample were allowed (--allow-overlap)")
        elif sample.left_out:
            print(f"  {sample.left_out} logs already in an overlapping sample were left out")
        for item in sample.items:
            marked = ", ".join(f"{c}={a}" for c, (a, _note) in sorted(item.marks.items())) or "not marked"
            print(f"  item {item.id:>5}  {item.reference}  {item.operator:<16} {item.rag:<6} {marked}")

    def work(store: Any, actor: Any) -> int:
        command = args.sample_command
        if command == "draw":
            start, end = period(args)
            show(
                supervision.draw_sample(
                    store, actor, start, end, args.size, args.seed, allow_overlap=args.allow_overlap
                )
            )
        elif command == "show":
            show(supervision.get_sample(store, actor, args.id))
        elif command == "list":
            samples = supervision.list_samples(store, actor)
            if args.format == "json":
                print(json.dumps(samples, indent=2))
            for s in samples if args.format == "text" else ():
                overlap = (
                    ", logs already sampled allowed"
                    if s["overlap_allowed"]
                    else f", {s['left_out']} already sampled left out"
                    if s["left_out"]
                    else ""
                )
                print(
                    f"sample {s['id']}: {s['from']} to {s['to']}, {s['size']} logs, seed {s['seed']}{overlap}, "
                    f"{s['marked']} of {s['of']} checks marked"
                )
        else:
            supervision.mark_sample(store, actor, args.item, args.check, args.answer, args.note)
            print(f"item {args.item}: {args.check} marked {args.answer}")
        return 0

    return _run(args, work)


def _report(args: argparse.Namespace) -> int:
    from asbdesk.storage import supervision

    start, end = period(args)

    def work(store: Any, actor: Any) -> int:
        if args.report_command == "compliance":
            report: Any = supervision.compliance(store, actor, start, end)
            text = (
                supervision.compliance_csv(report)
                if args.format == "csv"
                else supervision.compliance_text(report)
                if args.format == "text"
                else None
            )
        else:
            report = supervision.hotspots(store, actor, start, end, args.top)
            text = supervision.hotspots_csv(report) if args.format == "csv" else None
        if text is None:
            text = json.dumps(report.to_json(), indent=2, ensure_ascii=False) + "\n"
        _output(args, text)
        return 0

    return _run(args, work)


def _output(args: argparse.Namespace, text: str) -> None:
    from asbdesk.cli import BadInput

    if not args.output:
        sys.stdout.write(text)
        return
    from asbdesk.paths import open_private

    try:  # names and addresses: readable by this user only
        with open_private(args.output, "w", encoding="utf-8", newline="") as out:
            out.write(text)
    except OSError as error:
        raise BadInput(f"--output: cannot write {args.output}: {error.strerror or error}") from None


COMMANDS: dict[str, Handler] = {
    "review": _review,
    "flags": _flags,
    "overrides": _overrides,
    "recontact": _recontact,
    "occurrences": _occurrences,
    "sample": _sample,
    "report": _report,
}
