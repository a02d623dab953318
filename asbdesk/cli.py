"""The ``asbdesk`` command: the headless interface (PRODUCT.md, "Headless interface").

Exit codes: 0 success; 1 a check that found a problem (``packs validate``,
``audit verify``, an import with rejected rows); 2 bad input (unknown pack, code,
question or option, wrong value type, override without reason, malformed JSON),
always with a message naming the field and never a traceback; 3 the database
(unreachable, newer than this app, not upgraded, permission refused); 70 an
internal error (a bug: please report it).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any, Mapping, Sequence, TextIO

from asbdesk import __version__

EXIT_OK, EXIT_INVALID, EXIT_BAD_INPUT, EXIT_STORAGE, EXIT_BUG = 0, 1, 2, 3, 70


class BadInput(Exception):
    """Input the user can fix; the message says what and where."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="asbdesk",
        description="asbdesk: guided ASB call handling, live risk assessment and the graded log.",
    )
    parser.add_argument("--version", action="version", version=f"asbdesk {__version__}")
    parser.add_argument("--demo", action="store_true", help="open the desk on the demo database as the demo operator")
    parser.add_argument("--self-test", action="store_true", help="check this install end to end without a screen, then exit")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    assess = commands.add_parser("assess", help="assess one call without the GUI")
    assess.add_argument("--pack", default="default", help="pack id or pack folder (default: %(default)s)")
    assess.add_argument("--input", required=True, help="call as JSON; '-' reads standard input")
    assess.add_argument("--format", choices=("json", "text"), default="json")

    packs = commands.add_parser("packs", help="list, show and validate policy packs")
    pack_commands = packs.add_subparsers(dest="packs_command", metavar="PACKS_COMMAND", required=True)
    listing = pack_commands.add_parser("list", help="the shipped packs")
    listing.add_argument("--format", choices=("text", "json"), default="text")
    show = pack_commands.add_parser("show", help="every code, question, option, score and threshold of a pack")
    show.add_argument("pack", help="pack id or pack folder")
    show.add_argument("--format", choices=("json", "text"), default="text")
    validate = pack_commands.add_parser("validate", help="check a pack folder and report every problem")
    validate.add_argument("path", help="pack folder (or a folder of pack folders)")

    def database_option(p: argparse.ArgumentParser) -> None:
        p.add_argument("--database", help="database URL (default: ASBDESK_DATABASE_URL, the settings, or the local database)")

    db = commands.add_parser("db", help="the database: upgrade its schema, show its state")
    db_commands = db.add_subparsers(dest="db_command", metavar="DB_COMMAND", required=True)
    database_option(db_commands.add_parser("upgrade", help="bring the schema up to this version of asbdesk"))
    database_option(db_commands.add_parser("status", help="which database, and its schema version"))

    outbox = commands.add_parser("outbox", help="logs saved while the shared database was away")
    outbox_commands = outbox.add_subparsers(dest="outbox_command", metavar="OUTBOX_COMMAND", required=True)
    status = outbox_commands.add_parser("status", help="what waits, the oldest, the last error, the last delivery")
    status.add_argument("--format", choices=("text", "json"), default="text")
    database_option(outbox_commands.add_parser("send", help="deliver now: exit 0 when the outbox is empty, 1 when some remain"))

    audit = commands.add_parser("audit", help="the audit trail")
    audit_commands = audit.add_subparsers(dest="audit_command", metavar="AUDIT_COMMAND", required=True)
    database_option(audit_commands.add_parser("verify", help="check that no audit entry was changed or deleted"))

    users = commands.add_parser("users", help="manage users")
    user_commands = users.add_subparsers(dest="users_command", metavar="USERS_COMMAND", required=True)
    add = user_commands.add_parser("add", help="add a user (the first must be an administrator)")
    add.add_argument("username")
    add.add_argument("--name", required=True, help="display name")
    add.add_argument("--role", required=True, choices=("call_handler", "front_counter", "supervisor", "trainer", "administrator"))
    add.add_argument("--by", help="the administrator adding this user (not needed for the first user)")
    database_option(add)

    imp = commands.add_parser("import", help="import caller history from CSV (all rows or none)")
    imp.add_argument("file", help="CSV with columns occurred_at, incident_code, family_name, ... ('-' for stdin)")
    imp.add_argument("--user", required=True, help="the supervisor or administrator importing")
    database_option(imp)

    exp = commands.add_parser("export", help="export contacts started in a date range")
    exp.add_argument("--from", dest="start", required=True, help="first day (YYYY-MM-DD), inclusive")
    exp.add_argument("--to", dest="end", required=True, help="last day (YYYY-MM-DD), inclusive")
    exp.add_argument("--format", choices=("csv", "json"), default="csv")
    exp.add_argument("--user", required=True, help="the supervisor or administrator exporting")
    exp.add_argument("--output", help="file to write (default: standard output)")
    database_option(exp)

    demo = commands.add_parser("demo", help="create the demo database: fictional callers, history and flags")
    demo.add_argument("--database", help="database URL (default: demo.sqlite in the data folder)")
    demo.add_argument("--reset", action="store_true", help="start the demo database afresh")
    return parser


def configure_logging() -> None:
    """Application log file in the log folder. Log lines carry references, counts and
    error kinds, never personal data (names, numbers, addresses, answers)."""
    import logging
    from logging.handlers import RotatingFileHandler

    from asbdesk import paths

    root = logging.getLogger("asbdesk")
    target = str(paths.log_dir() / "asbdesk.log")
    for old in [h for h in root.handlers if isinstance(h, RotatingFileHandler)]:
        if old.baseFilename == target:
            return
        root.removeHandler(old)  # the log folder moved (ASBDESK_HOME changed)
        old.close()
    handler = RotatingFileHandler(target, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def no_display_reason(environ: Mapping[str, str] | None = None, platform: str | None = None) -> str | None:
    """Why the desk cannot open a window here, in words, or None. Without this, Qt aborts
    with a message about the xcb plugin that tells an operator nothing (issue 7)."""
    environ = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    if not platform.startswith("linux") or environ.get("QT_QPA_PLATFORM"):
        return None
    if environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"):
        return None
    return ("there is no display to open the desk on (neither DISPLAY nor WAYLAND_DISPLAY is set). "
            "Start asbdesk from a desktop session. Without a screen: 'asbdesk --self-test' checks this install, "
            "and 'asbdesk assess --pack PACK --input FILE.json' assesses a call headless.")


def main(argv: Sequence[str] | None = None, stdin: TextIO | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command in STORAGE_COMMANDS:
        configure_logging()
    try:
        if args.command == "assess":
            return _assess(args, stdin or sys.stdin)
        if args.command == "packs":
            return {"list": _packs_list, "show": _packs_show, "validate": _packs_validate}[args.packs_command](args)
        if args.command in STORAGE_COMMANDS:
            return STORAGE_COMMANDS[args.command](args)
        if args.self_test:
            from asbdesk.gui.selftest import run_self_test

            return run_self_test()
        problem = no_display_reason()
        if problem:
            print(f"asbdesk: {problem}", file=sys.stderr)
            return 2
        from asbdesk.gui.app import run_desk  # no command: the desk

        configure_logging()
        return run_desk(demo=args.demo)
    except BadInput as error:
        print(f"asbdesk: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # output piped into e.g. head, which stopped reading
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as error:
        storage = sys.modules.get("asbdesk.storage.database")
        if storage is not None and isinstance(error, storage.StorageError):
            print(f"asbdesk: {error}", file=sys.stderr)  # the database: down, newer, refused
            return EXIT_STORAGE
        # A bug: say so plainly, no traceback unless asked for.
        if os.environ.get("ASBDESK_DEBUG"):
            raise
        print(
            f"asbdesk: internal error ({type(error).__name__}: {error}). This is a bug in asbdesk; "
            "run again with ASBDESK_DEBUG=1 for details and report it.",
            file=sys.stderr,
        )
        return EXIT_BUG


def _load(name: str):
    from asbdesk.core.packs import PackError
    from asbdesk.core.packs.registry import PackNotFound, resolve_pack

    try:
        return resolve_pack(name)
    except PackNotFound as error:
        raise BadInput(f"pack: {error}") from None
    except PackError as error:
        raise BadInput(str(error)) from None


def _read_json(source: str, stdin: TextIO) -> Any:
    try:
        text = stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise BadInput(f"input: cannot read {source}: {getattr(error, 'strerror', None) or error}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise BadInput(f"input: malformed JSON at line {error.lineno} column {error.colno}: {error.msg}") from None


def _assess(args: argparse.Namespace, stdin: TextIO) -> int:
    from asbdesk.core.call import InputError, parse_call
    from asbdesk.core.engine import Engine
    from asbdesk.core.render import render_text

    pack = _load(args.pack)
    data = _read_json(args.input, stdin)
    try:
        call = parse_call(pack, data)
    except InputError as error:
        raise BadInput(str(error)) from None
    assessment = Engine(pack).assess(call)
    if args.format == "text":
        sys.stdout.write(render_text(assessment))
    else:
        json.dump(assessment.to_dict(), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    return EXIT_OK


def _packs_list(args: argparse.Namespace) -> int:
    from asbdesk.core.packs import PackError
    from asbdesk.core.packs.registry import resolve_pack, shipped_pack_ids

    rows = []
    for pack_id in shipped_pack_ids():
        try:
            pack = resolve_pack(pack_id)
            rows.append({"id": pack.id, "name": pack.name, "version": pack.version, "valid": True})
        except PackError as error:
            rows.append({"id": pack_id, "name": None, "version": None, "valid": False, "error": str(error)})
    if args.format == "json":
        json.dump(rows, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        for row in rows:
            status = f"{row['version']:<6} {row['name']}" if row["valid"] else "INVALID (asbdesk packs validate)"
            print(f"{row['id']:<20} {status}")
    return EXIT_OK


def pack_as_json(pack: Any) -> dict[str, Any]:
    """Everything in a pack, with the national layer expanded: its prompts, its questions
    (where the pack maps no answer to a signal) and its emergency grade."""
    data = pack.data.model_dump(mode="json", exclude_none=True)
    data["pack"]["hash"] = pack.content_hash
    data["prompts"] = [p.model_dump(mode="json") for p in pack.prompts]
    data["question_sets"] = [qset.model_dump(mode="json", exclude_none=True) for qset in pack.question_sets.values()]
    data["questions"] = [
        {"set": qset.id, **q.model_dump(mode="json", exclude_none=True)}
        for qset in pack.question_sets.values()
        for q in qset.questions
    ]
    data["grading"]["grades"] = [g.model_dump(mode="json", exclude_none=True) for g in pack.grade_order]
    data["grading"]["emergency"] = pack.emergency_grade
    data["score_range"] = list(pack.score_range)
    return data


def _packs_show(args: argparse.Namespace) -> int:
    pack = _load(args.pack)
    if args.format == "json":
        json.dump(pack_as_json(pack), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return EXIT_OK
    from asbdesk.core.packs.describe import pack_text

    print(pack_text(pack))
    return EXIT_OK


def _packs_validate(args: argparse.Namespace) -> int:
    from asbdesk.core.packs import PackError, load_pack

    path = Path(args.path)
    if not path.is_dir():
        raise BadInput(f"path: {args.path} is not a folder")
    folders = [path] if any(path.glob("*.yaml")) or any(path.glob("*.yml")) else sorted(
        p for p in path.iterdir() if p.is_dir()
    )
    if not folders:
        raise BadInput(f"path: {args.path} holds no pack (no .yaml files)")
    bad = 0
    for folder in folders:
        try:
            pack = load_pack(folder)
        except PackError as error:
            bad += 1
            print(f"{folder}: INVALID\n{error}")
        else:
            print(f"{folder}: OK ({pack.id} {pack.version}, {len(pack.codes)} codes, {len(pack.questions)} questions)")
    return EXIT_INVALID if bad else EXIT_OK


# ---------------------------------------------------------------------------- storage commands


def _open_store(args: argparse.Namespace, migrate: bool | None = None):
    from asbdesk import paths
    from asbdesk.storage.store import Store

    return Store.open(args.database or paths.database_url(), migrate=migrate)


def _actor(username: str):
    import socket

    from asbdesk.storage.records import Actor

    return Actor(username, socket.gethostname())


def _db(args: argparse.Namespace) -> int:
    from asbdesk import paths
    from asbdesk.storage.database import describe, make_engine, schema_state, upgrade

    url = args.database or paths.database_url()
    engine = make_engine(url)
    try:
        if args.db_command == "upgrade":
            before, after = upgrade(engine)
            what = "already at" if before == after else f"upgraded from {before or 'empty'} to"
            print(f"{describe(url)}: {what} schema version {after}")
        else:
            current, head = schema_state(engine)
            state = "current" if current == head else f"needs 'asbdesk db upgrade' to {head}"
            print(f"{describe(url)}: schema version {current or 'empty'} ({state})")
    finally:
        engine.dispose()
    return EXIT_OK


def _audit(args: argparse.Namespace) -> int:
    store = _open_store(args)
    try:
        report = store.verify_audit()
    finally:
        store.close()
    if report.ok:
        print(f"{store.description}: audit trail intact ({report.entries} entries)")
        return EXIT_OK
    print(f"{store.description}: AUDIT TRAIL BROKEN ({report.entries} entries)")
    for problem in report.problems:
        print(f"  {problem}")
    return EXIT_INVALID


def _outbox(args: argparse.Namespace) -> int:
    from asbdesk import paths
    from asbdesk.storage.outbox import Outbox

    outbox = Outbox(paths.outbox_path())
    if args.outbox_command == "status":
        status = outbox.status()
        if args.format == "json":
            print(json.dumps(status.to_json(), indent=2))
        else:
            def when(moment):
                return moment.astimezone().strftime("%d %b %Y %H:%M %Z") if moment else "never"

            print(f"waiting:        {status.waiting}")
            print(f"oldest:         {when(status.oldest) if status.waiting else '-'}")
            print(f"last delivered: {when(status.last_delivered)}")
            print(f"last error:     {status.last_error or '-'}")
        return EXIT_OK
    from asbdesk.storage.database import DatabaseUnavailable

    try:
        store = _open_store(args)
    except DatabaseUnavailable as error:
        waiting = outbox.status().waiting
        print(f"delivered 0; {waiting} waiting")
        if waiting:
            print(f"not delivered: {error}", file=sys.stderr)
        return EXIT_INVALID if waiting else EXIT_OK
    try:
        delivered = outbox.flush(store)
    finally:
        store.close()
    status = outbox.status()
    print(f"delivered {len(delivered)}; {status.waiting} waiting")
    if status.waiting:
        print(f"not delivered: {status.last_error or 'unknown reason'}", file=sys.stderr)
        return EXIT_INVALID
    return EXIT_OK


def _users(args: argparse.Namespace) -> int:
    store = _open_store(args)
    try:
        store.add_user(_actor(args.by) if args.by else None, args.username, args.name, args.role)
    finally:
        store.close()
    print(f"added {args.role.replace('_', ' ')} '{args.username}'")
    return EXIT_OK


def _import(args: argparse.Namespace) -> int:
    import io

    from asbdesk.storage.transfer import import_history

    try:
        text = sys.stdin.read() if args.file == "-" else Path(args.file).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise BadInput(f"file: cannot read {args.file}: {getattr(error, 'strerror', None) or error}") from None
    store = _open_store(args)
    try:
        report = import_history(store, _actor(args.user), io.StringIO(text))
    finally:
        store.close()
    print(report.text())
    return EXIT_OK if report.ok else EXIT_INVALID


def _export(args: argparse.Namespace) -> int:
    from datetime import date, datetime, time, timedelta, timezone

    from asbdesk.storage.transfer import export_contacts

    try:
        start = datetime.combine(date.fromisoformat(args.start), time(), timezone.utc)
        end = datetime.combine(date.fromisoformat(args.end), time(), timezone.utc) + timedelta(days=1)
    except ValueError as error:
        raise BadInput(f"--from/--to: {error} (use YYYY-MM-DD)") from None
    if end <= start:
        raise BadInput("--to: must not be before --from")
    store = _open_store(args)
    try:
        text = export_contacts(store.contacts_between(_actor(args.user), start, end), args.format)
    finally:
        store.close()
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _demo(args: argparse.Namespace) -> int:
    from datetime import datetime, timezone

    from asbdesk import paths
    from asbdesk.core.packs.registry import DEFAULT_PACK, resolve_pack
    from asbdesk.storage.database import describe
    from asbdesk.storage.demo import ensure_demo
    from asbdesk.storage.store import Store

    url = args.database or paths.demo_database_url()
    if url.startswith("sqlite:///") and args.reset:
        for suffix in ("", "-wal", "-shm"):
            Path(url[len("sqlite:///") :] + suffix).unlink(missing_ok=True)
    store = Store.open(url, migrate=True)
    try:
        summary = ensure_demo(store, resolve_pack(DEFAULT_PACK), datetime.now(timezone.utc))
    finally:
        store.close()
    if summary is None:
        print(f"{describe(url)} already holds demo data (use --reset to start afresh)")
        return EXIT_OK
    print(
        f"{describe(url)}: {summary.people} fictional people, {summary.contacts} contacts, "
        f"{summary.repeat_callers} repeat callers, {summary.flags} flags. Users: demo (call handler), "
        "demo-counter, demo-supervisor, demo-trainer, demo-admin."
    )
    return EXIT_OK


STORAGE_COMMANDS = {"db": _db, "outbox": _outbox, "audit": _audit, "users": _users, "import": _import, "export": _export, "demo": _demo}
