"""The ``asbdesk`` command: the headless interface (PRODUCT.md, "Headless interface").

Exit codes: 0 success; 1 a check that found a problem (``packs validate``,
``audit verify``, an import with rejected rows) or ``packs diff`` found differences; 2 bad input (unknown pack, code,
question or option, wrong value type, override without reason, malformed JSON, an
import file that is not well-formed CSV),
always with a message naming the field and never a traceback; 3 the database
(unreachable, newer than this app, not upgraded, permission refused); 70 an
internal error (a bug: please report it).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from asbdesk import __version__
from asbdesk.core.vocabulary import ROLES  # standard library only: the CLI still starts fast
from asbdesk.logfile import configure_logging  # imports logging only when called

EXIT_OK, EXIT_INVALID, EXIT_BAD_INPUT, EXIT_STORAGE, EXIT_BUG = 0, 1, 2, 3, 70
# The demo users ``--demo --as ROLE`` signs in as. The administrator has no desk: their
# work is the commands (``asbdesk --demo --as administrator site show``, ``packs publish``).
DEMO_ROLES = ("call_handler", "front_counter", "supervisor", "administrator")


class BadInput(Exception):
    """Input the user can fix; the message says what and where."""


# The options before any command that take a value (the next word is theirs, not a command).
_VALUE_OPTIONS = frozenset({"--as", "--pack", "--scenario", "--trainee"})


def _names_no_command(words: Sequence[str]) -> bool:
    """True when the line names no command and asks for no help (the desk, training, the
    self-test): such a line is parsed without building the sub-commands (issue 24.2: the
    desk's start). An abbreviated option or anything else unexpected: False (the whole
    parser then says what is wrong, as it always has)."""
    value_next = False
    for word in words:
        if value_next:
            value_next = False
        elif word in ("-h", "--help"):
            return False
        elif word in _VALUE_OPTIONS:
            value_next = True
        elif not word.startswith("--"):
            return False
    return True


def _parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line. ``command="assess"``: only what ``asbdesk assess ...`` is parsed
    with (the options before any command, and ``assess``), so that a headless assessment
    builds no other sub-command and imports none of their modules (issue 24). Once argparse
    has picked a sub-command, the rest of the line is that sub-command's alone, so the
    result, the help and the errors are those of the whole parser. ``command="desk"``: the
    options before any command only, for a line that names none (:func:`_names_no_command`)."""
    parser = argparse.ArgumentParser(
        prog="asbdesk",
        description="asbdesk: guided ASB call handling, live risk assessment and the graded log.",
    )
    parser.add_argument("--version", action="version", version=f"asbdesk {__version__}")
    parser.add_argument("--demo", action="store_true", help="open the desk on the demo database as the demo operator")
    parser.add_argument(
        "--as",
        dest="as_role",
        choices=DEMO_ROLES,
        default="call_handler",
        help="with --demo: sign in as the demo user of this role (default: %(default)s)",
    )
    parser.add_argument(
        "--self-test", action="store_true", help="check this install end to end without a screen, then exit"
    )
    parser.add_argument(
        "--pack",
        dest="desk_pack",
        metavar="ID|DIR",
        help="try a pack on the desk, in training or in the self-test (shipped id, pack folder or a published "
        "ID@VERSION); a pack that is not the one in force shows TRIAL PACK. With --demo: the demo of that shipped pack",
    )
    training = parser.add_argument_group("training (a sandbox of its own, never the live database)")
    training.add_argument("--training", action="store_true", help="take a scripted scenario on a sandbox desk")
    training.add_argument("--scenario", help="with --training: the scenario (otherwise pick one)")
    training.add_argument("--trainee", help="with --training: the trainee's name (default: your login)")
    training.add_argument("--trainer", action="store_true", help="with --training: the trainer's view of results")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    if command == "desk":
        return parser

    def database_option(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--database", help="database URL (default: ASBDESK_DATABASE_URL, the settings, or the local database)"
        )

    assess = commands.add_parser("assess", help="assess one call without the GUI")
    assess.add_argument("--pack", default="default", help="pack id or pack folder (default: %(default)s)")
    assess.add_argument("--input", required=True, help="call as JSON; '-' reads standard input")
    assess.add_argument(
        "--format",
        choices=("json", "text", "slip"),
        default="json",
        help="slip: the walk-in slip for the member of the public (a walk-in call with its reference)",
    )
    assess.add_argument(
        "--language",
        choices=("en", "cy", "both"),
        help="with --format slip: English, Welsh, or both (Welsh first) when the pack offers Welsh "
        "(default: the force's choice in its pack)",
    )
    if command == "assess":
        return parser

    packs = commands.add_parser("packs", help="list, show and validate policy packs")
    pack_commands = packs.add_subparsers(dest="packs_command", metavar="PACKS_COMMAND", required=True)
    listing = pack_commands.add_parser("list", help="the shipped packs")
    listing.add_argument("--format", choices=("text", "json"), default="text")
    show = pack_commands.add_parser("show", help="every code, question, option, score and threshold of a pack")
    show.add_argument("pack", help="pack id or pack folder")
    show.add_argument(
        "--format", choices=("json", "text", "pdf"), default="text", help="pdf: the sign-off document (needs --out)"
    )
    show.add_argument("--out", help="with --format pdf: the PDF file to write (never overwritten)")
    diff = pack_commands.add_parser(
        "diff", help="what changed from pack A to pack B, in words (exit 0 no differences, 1 differences)"
    )
    diff.add_argument("old", metavar="A", help="the pack as it was: pack id, pack folder or published ID@VERSION")
    diff.add_argument("new", metavar="B", help="the pack as it is now: pack id, pack folder or published ID@VERSION")
    diff.add_argument("--format", choices=("text", "json"), default="text")
    database_option(diff)  # where published versions (ID@VERSION) are read from
    validate = pack_commands.add_parser("validate", help="check a pack folder and report every problem")
    validate.add_argument("path", help="pack folder (or a folder of pack folders)")
    from asbdesk import cli_admin

    cli_admin.add_pack_parsers(pack_commands, database_option)

    db = commands.add_parser("db", help="the database: upgrade its schema, show its state")
    db_commands = db.add_subparsers(dest="db_command", metavar="DB_COMMAND", required=True)
    database_option(db_commands.add_parser("upgrade", help="bring the schema up to this version of asbdesk"))
    database_option(db_commands.add_parser("status", help="which database, and its schema version"))
    roles = db_commands.add_parser(
        "roles", help="the PostgreSQL roles and rights for a shared database (prints the SQL)"
    )
    database_option(roles)
    roles.add_argument(
        "--apply", action="store_true", help="run it (as the owner of the tables) instead of printing it"
    )

    outbox = commands.add_parser("outbox", help="logs saved while the shared database was away")
    outbox_commands = outbox.add_subparsers(dest="outbox_command", metavar="OUTBOX_COMMAND", required=True)
    status = outbox_commands.add_parser("status", help="what waits, the oldest, the last error, the last delivery")
    status.add_argument("--format", choices=("text", "json"), default="text")
    database_option(
        outbox_commands.add_parser("send", help="deliver now: exit 0 when the outbox is empty, 1 when some remain")
    )
    set_aside = outbox_commands.add_parser(
        "set-aside",
        help="contacts the database refused, kept on this workstation: list, retry once the cause is fixed, or "
        "export to re-key (supervisor or administrator)",
    )
    set_aside_commands = set_aside.add_subparsers(dest="set_aside_command", metavar="SET_ASIDE_COMMAND", required=True)
    for action, words in (
        ("list", "the contacts set aside, oldest first, each with why"),
        ("retry", "put a set-aside contact back in the queue, in its place (once its cause is fixed)"),
        ("export", "write a set-aside contact to a JSON file (0600, never overwritten) for a supervisor to re-key"),
    ):
        p = set_aside_commands.add_parser(action, help=words)
        if action == "list":
            p.add_argument("--format", choices=("text", "json"), default="text")
        else:
            p.add_argument("id", metavar="ID", help="the contact's id (asbdesk outbox set-aside list)")
        if action == "export":
            p.add_argument("--out", required=True, help="the file to write (never overwritten)")
        database_option(p)
        p.add_argument("--user", help="optional: must be you (who you are comes from your login)")

    audit = commands.add_parser("audit", help="the audit trail")
    audit_commands = audit.add_subparsers(dest="audit_command", metavar="AUDIT_COMMAND", required=True)
    verify = audit_commands.add_parser("verify", help="check that no audit entry or audited row was changed or deleted")
    database_option(verify)
    verify.add_argument("--checkpoint", help="also check against this signed checkpoint (needs --public-key)")
    verify.add_argument("--public-key", help="the administrator's public key the checkpoint was signed with")
    verify.add_argument(
        "--fingerprint",
        metavar="sha256:HEX",
        help="the checkpoint key's fingerprint from the administrator's own copy (as keygen printed it): "
        "a checkpoint signed with another key is refused",
    )
    keygen = audit_commands.add_parser("keygen", help="make the administrator's Ed25519 key pair for checkpoints")
    keygen.add_argument("--private", required=True, help="where to write the private key (kept by the administrator)")
    keygen.add_argument("--public", required=True, help="where to write the public key")
    trust = audit_commands.add_parser(
        "trust", help="record the checkpoint key's fingerprint in the site (administrator; audited)"
    )
    trust.add_argument("--public-key", required=True, help="the administrator's public key (from keygen)")
    trust.add_argument("--user", help="optional: must be you (who you are comes from your login)")
    database_option(trust)
    checkpoint = audit_commands.add_parser(
        "checkpoint", help="sign each chain's head and the counts, to keep outside the database"
    )
    database_option(checkpoint)
    checkpoint.add_argument("--key", required=True, help="the administrator's private key")
    checkpoint.add_argument("--out", help="write the checkpoint here (default: print it)")

    users = commands.add_parser("users", help="manage users")
    user_commands = users.add_subparsers(dest="users_command", metavar="USERS_COMMAND", required=True)
    add = user_commands.add_parser("add", help="add a user (the first must be an administrator)")
    add.add_argument("username")
    add.add_argument("--name", required=True, help="display name")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--by", help="optional: must be you (who you are comes from your login, not from this flag)")
    database_option(add)

    imp = commands.add_parser("import", help="import caller history from CSV (all rows or none)")
    imp.add_argument("file", help="CSV with columns occurred_at, incident_code, family_name, ... ('-' for stdin)")
    imp.add_argument("--user", help="optional: must be you, a supervisor or administrator (from your login)")
    database_option(imp)

    exp = commands.add_parser("export", help="export contacts started in a date range")
    exp.add_argument("--from", dest="start", required=True, help="first day (YYYY-MM-DD), inclusive")
    exp.add_argument("--to", dest="end", required=True, help="last day (YYYY-MM-DD), inclusive")
    exp.add_argument("--format", choices=("csv", "json"), default="csv")
    exp.add_argument("--user", help="optional: must be you, a supervisor or administrator (from your login)")
    exp.add_argument("--output", help="file to write (default: standard output)")
    database_option(exp)

    demo = commands.add_parser("demo", help="create the demo database: fictional callers, history and flags")
    demo.add_argument("--database", help="database URL (default: demo.sqlite in the data folder)")
    demo.add_argument("--reset", action="store_true", help="start the demo database afresh")

    from asbdesk import cli_supervisor, cli_training

    cli_supervisor.add_parsers(commands, database_option)
    cli_training.add_parsers(commands)
    cli_admin.add_parsers(commands, database_option)
    return parser


def no_display_reason(environ: Mapping[str, str] | None = None, platform: str | None = None) -> str | None:
    """Why the desk cannot open a window here, in words, or None. Without this, Qt aborts
    with a message about the xcb plugin that tells an operator nothing (issue 7)."""
    environ = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    if not platform.startswith("linux") or environ.get("QT_QPA_PLATFORM"):
        return None
    if environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"):
        return None
    return (
        "there is no display to open the desk on (neither DISPLAY nor WAYLAND_DISPLAY is set). "
        "Start asbdesk from a desktop session. Without a screen: 'asbdesk --self-test' checks this install, "
        "and 'asbdesk assess --pack PACK --input FILE.json' assesses a call headless."
    )


def main(argv: Sequence[str] | None = None, stdin: TextIO | None = None) -> int:
    words = sys.argv[1:] if argv is None else list(argv)
    mode = "assess" if words[:1] == ["assess"] else "desk" if _names_no_command(words) else None
    args = _parser(mode).parse_args(words)
    looking_only = args.command == "db" and args.db_command == "status"  # makes nothing, not even the log folder
    on_database = {} if args.command in (None, "assess") else storage_commands()
    if args.command in on_database and not looking_only:
        configure_logging()
    try:
        if args.desk_pack is not None and args.command is not None and not args.demo:
            raise BadInput(
                "--pack: before a command only with --demo (the demo of that pack); "
                "otherwise it goes with the desk, --training or --self-test, and commands take their own --pack"
            )
        if args.demo and args.command in NOT_WITH_DEMO:
            raise BadInput(f"--demo: not with '{args.command}': {NOT_WITH_DEMO[args.command]}")
        if args.demo and args.command in ("assess", "packs", "scenario"):
            raise BadInput(f"--demo: not with '{args.command}', which reads no database")
        if args.command == "assess":
            return _assess(args, stdin or sys.stdin)
        if args.command == "packs":
            from asbdesk.cli_admin import PACK_COMMANDS

            handlers = {
                "list": _packs_list,
                "show": _packs_show,
                "validate": _packs_validate,
                "diff": _packs_diff,
                **PACK_COMMANDS,
            }
            return handlers[args.packs_command](args)
        if args.command in on_database:
            from asbdesk.storage.store import acting

            with acting(*_command_words(args)):
                return on_database[args.command](args)
        if args.command == "scenario":
            from asbdesk.cli_training import COMMANDS as TRAINING_COMMANDS

            return TRAINING_COMMANDS["scenario"](args)
        if args.self_test:
            from asbdesk.gui.selftest import run_self_test

            return run_self_test(_trial_pack(args.desk_pack))
        problem = no_display_reason()
        if problem:
            print(f"asbdesk: {problem}", file=sys.stderr)
            return 2
        if args.training or args.trainer or args.scenario or args.trainee:
            if not args.training:
                raise BadInput("--scenario, --trainee and --trainer go with --training")
            if args.demo:
                raise BadInput("--training: not with --demo (training has a sandbox of its own)")
            from asbdesk.gui.training import run_training
            from asbdesk.storage.store import os_account

            configure_logging()
            pack = _trial_pack(args.desk_pack)
            return run_training(args.scenario, args.trainee or os_account(), args.trainer, pack)
        if args.as_role != "call_handler" and not args.demo:
            raise BadInput("--as: only with --demo (otherwise who you are comes from your login)")
        if args.as_role == "administrator":
            raise BadInput(
                "--as administrator: the administrator has no desk; their work is the commands, e.g. "
                "'asbdesk --demo --as administrator site show' or '... packs published'"
            )
        if args.demo and args.desk_pack is not None:
            from asbdesk.core.packs.registry import shipped_pack_ids

            if args.desk_pack not in shipped_pack_ids():
                raise BadInput(f"--pack: with --demo, a shipped pack id ({', '.join(shipped_pack_ids())})")
        elif args.desk_pack is not None and "@" not in args.desk_pack:
            _load(args.desk_pack)  # refused here, in words, before any window opens
        from asbdesk.gui.app import run_desk  # no command: the desk

        # The desk's log file is set up with the database, off the GUI thread, once the
        # window is on screen (logging, its handlers and the folders: ~20 ms; issue 24.2).
        return run_desk(demo=args.demo, pack=args.desk_pack, demo_role=args.as_role)
    except BadInput as error:
        print(f"asbdesk: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # output piped into e.g. head, which stopped reading
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as error:
        storage = sys.modules.get("asbdesk.storage.database")
        if storage is not None and isinstance(error, storage.BadDatabaseUrl):
            print(f"asbdesk: {_url_source(args)}: {error}", file=sys.stderr)  # bad input: say where it came from
            return EXIT_BAD_INPUT
        if storage is not None and isinstance(error, storage.StorageError):
            print(f"asbdesk: {error}", file=sys.stderr)  # the database: down, newer, refused
            return EXIT_STORAGE
        sql = sys.modules.get("sqlalchemy.exc")
        if storage is not None and sql is not None and isinstance(error, (sql.DBAPIError, sql.TimeoutError)):
            # A driver error that reached here unclassified (e.g. a constraint the caller did
            # not expect): its text can quote the values sent, so only the classified words.
            print(f"asbdesk: {storage.classify(error)}", file=sys.stderr)
            return EXIT_STORAGE
        # A bug: say so plainly, no traceback unless asked for. The exception's message is
        # not shown: it can quote the data being handled (ASBDESK_DEBUG=1 shows everything).
        if os.environ.get("ASBDESK_DEBUG"):
            raise
        print(
            f"asbdesk: internal error ({type(error).__module__}.{type(error).__qualname__}). This is a bug in asbdesk; "
            "run again with ASBDESK_DEBUG=1 for details and report it.",
            file=sys.stderr,
        )
        return EXIT_BUG


def _load(name: str, field: str | None = None, database: str | None = None):
    """A pack by shipped id, folder, or published ``ID@VERSION`` (read from the database:
    ``database``, else the one this workstation uses); ``field`` names the argument in a
    refusal ('A', 'B', '--pack'; default 'pack')."""
    from asbdesk.core.packs import PackError
    from asbdesk.core.packs.registry import PackNotFound, resolve_pack

    try:
        if "@" in name and not Path(name).is_dir():
            return _load_published(name, database, field or "pack")
        return resolve_pack(name)
    except PackNotFound as error:
        raise BadInput(f"{field or 'pack'}: {error}") from None
    except PackError as error:
        raise BadInput(f"{field}: {error}" if field else str(error)) from None


def _load_published(name: str, database: str | None, field: str = "pack"):
    from asbdesk import paths
    from asbdesk.storage import in_force
    from asbdesk.storage.store import Store

    store = Store.open(database or paths.database_url())
    try:
        publication = in_force.find_publication(store, name)
        return in_force.load_publication(store, publication, paths.cache_dir())
    except in_force.UnknownPublication as error:
        raise BadInput(f"{field}: {error}") from None
    finally:
        store.close()


def _read_json(source: str, stdin: TextIO) -> Any:
    """The call input, parsed within the limits of asbdesk.core.call (issue 13.2): no more
    than MAX_INPUT_BYTES is read, and the size and nesting are checked before parsing."""
    from asbdesk.core.call import MAX_INPUT_BYTES, InputError, decode_input

    try:
        if source == "-":
            text = stdin.read(MAX_INPUT_BYTES + 1)  # characters: each at least a byte
        else:
            with Path(source).open("rb") as file:
                text = file.read(MAX_INPUT_BYTES + 1).decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise BadInput(f"input: cannot read {source}: {getattr(error, 'strerror', None) or error}") from None
    try:
        return decode_input(text)
    except InputError as error:
        raise BadInput(str(error)) from None


def _url_source(args: argparse.Namespace) -> str:
    """Where the database URL in use came from, to name it in a refusal."""
    if getattr(args, "database", None):
        return "--database"
    if os.environ.get("ASBDESK_DATABASE_URL"):
        return "ASBDESK_DATABASE_URL"
    return "the database URL in the settings (database_url in the config folder)"


def _trial_pack(name: str | None) -> Any:
    """``--pack ID|DIR`` for the self-test and training: the pack, loaded now (refused in
    words, exit 2, when it is unknown or invalid), or None for the usual one."""
    return None if name is None else _load(name)


def _write_whole(text: str, ascii_text: str | None = None) -> None:
    """Write the whole output in one go, after everything that can fail has run: an error
    never follows part of a result. Where standard output cannot encode it (an ASCII
    console), ``ascii_text`` or escapes take the place of the characters it lacks."""
    encoding = getattr(sys.stdout, "encoding", None)
    if encoding:
        try:
            text.encode(encoding)
        except (UnicodeEncodeError, LookupError):
            text = ascii_text if ascii_text is not None else text.encode("ascii", "backslashreplace").decode("ascii")
    sys.stdout.write(text)
    sys.stdout.flush()


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
    if args.language and args.format != "slip":
        raise BadInput("--language: the language of the walk-in slip; give it with --format slip")
    assessment = Engine(pack).assess(call)
    if args.format == "slip":
        _write_whole(_slip(pack, call, assessment, args.language))
    elif args.format == "text":
        _write_whole(render_text(assessment))
    else:
        result = assessment.to_dict()
        _write_whole(
            json.dumps(result, indent=2, ensure_ascii=False) + "\n",
            json.dumps(result, indent=2, ensure_ascii=True) + "\n",
        )
    return EXIT_OK


def _slip(pack: Any, call: Any, assessment: Any, language: str | None) -> str:
    """The walk-in slip of an assessed call (issue 23.3: in Welsh or both where the pack offers
    Welsh), under the pack's force name (this command reads no site)."""
    from asbdesk.core.slip import SlipError, slip_language, walk_in_slip

    if call.channel != "walk-in":
        raise BadInput(
            '--format slip: the slip is for a report made at the front counter; give "channel": "walk-in" in the call'
        )
    if not (call.reference or "").strip():
        raise BadInput('--format slip: the slip gives the report\'s reference; give "reference" in the call')
    try:
        slip_language(pack, language)
    except SlipError as error:
        raise BadInput(f"--language: {error}") from None
    try:
        return walk_in_slip(assessment, call.reference, pack, language=language)
    except SlipError as error:
        raise BadInput(f"--format slip: {error}") from None


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
    if args.out and args.format != "pdf":
        raise BadInput("--out: only with --format pdf (text and json go to standard output)")
    if args.format == "pdf":
        return _packs_signoff(args)
    pack = _load(args.pack)
    if args.format == "json":
        json.dump(pack_as_json(pack), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return EXIT_OK
    from asbdesk.core.packs.describe import pack_text

    print(pack_text(pack))
    return EXIT_OK


def _packs_signoff(args: argparse.Namespace) -> int:
    """The sign-off document: the pack item by item, with its sources and asbdesk's own
    wording marked, as a PDF written to --out (a new file only, made 0600)."""
    if not args.out:
        raise BadInput("--out: the sign-off document is a PDF file: give --out FILE.pdf")
    path = Path(args.out)
    if path.suffix.lower() != ".pdf":
        raise BadInput(
            f"--out: the sign-off document is written as a PDF; give a file name ending .pdf, not '{path.name}'"
        )
    if path.exists() or path.is_symlink():
        raise BadInput(f"--out: {path} already exists; asbdesk never overwrites a file: give a new name")
    if not path.parent.is_dir():
        raise BadInput(f"--out: the folder {path.parent} does not exist")
    pack = _load(args.pack)
    from asbdesk.cli_supervisor import qt_application

    qt_application()
    from asbdesk.gui.signoff import write_signoff_pdf

    try:
        digest = write_signoff_pdf(pack, path)
    except FileExistsError:
        raise BadInput(f"--out: {path} already exists; asbdesk never overwrites a file: give a new name") from None
    except OSError as error:
        raise BadInput(f"--out: cannot write {path}: {error.strerror or error}") from None
    print(f"sign-off document for {pack.id} {pack.version} written to {path} (sha256 of the PDF: {digest})")
    return EXIT_OK


def _packs_diff(args: argparse.Namespace) -> int:
    """What changed from A to B, in words: exit 0 when nothing did, 1 when something did."""
    from asbdesk.core.packs.diff import diff_json, diff_packs, diff_text

    old = _load(args.old, "A", args.database)
    new = _load(args.new, "B", args.database)
    changes = diff_packs(old, new)
    if args.format == "json":
        result = diff_json(old, new, changes)
        _write_whole(
            json.dumps(result, indent=2, ensure_ascii=False) + "\n",
            json.dumps(result, indent=2, ensure_ascii=True) + "\n",
        )
    else:
        _write_whole(diff_text(old, new, changes))
    return EXIT_INVALID if changes else EXIT_OK


def _packs_validate(args: argparse.Namespace) -> int:
    from asbdesk.core.packs import PackError, load_pack

    path = Path(args.path)
    if not path.is_dir():
        raise BadInput(f"path: {args.path} is not a folder")
    folders = (
        [path]
        if any(path.glob("*.yaml")) or any(path.glob("*.yml"))
        else sorted(p for p in path.iterdir() if p.is_dir())
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


def _command_words(args: argparse.Namespace) -> tuple[str, str | None]:
    """The command as typed, without its options' values (a reason or a name is the user's
    text), and the id it acts on: for the audit row of a refusal (issue 22.6)."""
    words = [args.command]
    words += [str(value) for key, value in sorted(vars(args).items()) if key.endswith("_command") and value]
    target = next((str(getattr(args, key)) for key in ("id", "item") if getattr(args, key, None) is not None), None)
    return " ".join(words), target


def _open_store(args: argparse.Namespace, migrate: bool | None = None):
    from asbdesk import paths
    from asbdesk.storage.store import Store

    return Store.open(args.database or paths.database_url(), migrate=migrate)


def open_as(args: argparse.Namespace, claimed: str | None = None, option: str = "--user") -> tuple[Any, Any]:
    """The store and who is acting: with ``--demo``, the demo database (fictional people)
    signed in as its demo user of ``--as``'s role, as the desk does; otherwise the configured
    database and the login (:func:`_actor`). Every command that reads or writes the
    database opens it here, so ``--demo`` means the same everywhere (issue 22.6)."""
    if not getattr(args, "demo", False):
        store = _open_store(args)
        try:
            return store, _actor(store, claimed, option)
        except BaseException:
            store.close()
            raise
    if getattr(args, "database", None):
        raise BadInput("--database: not with --demo, which always uses the demo database")
    if claimed is not None:
        raise BadInput(f"{option}: not with --demo, which signs in as the demo user of --as's role")
    from asbdesk.core.packs.registry import DEFAULT_PACK, shipped_pack_ids
    from asbdesk.storage.demo import demo_actor, open_demo

    pack = getattr(args, "desk_pack", None) or DEFAULT_PACK
    if pack not in shipped_pack_ids():
        raise BadInput(f"--pack: with --demo, a shipped pack id ({', '.join(shipped_pack_ids())})")
    return open_demo(pack, datetime.now(UTC)), demo_actor(args.as_role)


# Commands that do not work on a database, or only on this workstation's: --demo is refused
# for them in words rather than ignored (issue 22.6).
NOT_WITH_DEMO = {
    "db": "it works on the configured database; the demo database is made and upgraded by 'asbdesk --demo'",
    "outbox": "the outbox holds this workstation's real logs, never the demo's",
    "demo": "it makes the demo database itself ('asbdesk demo --reset' starts it afresh)",
}


def _actor(store: Any, claimed: str | None, option: str = "--user"):
    """Who is acting: the database login (PostgreSQL) or the operating-system account that
    owns the local file (SQLite), never a name typed on the command line. A name given with
    ``--user``/``--by`` must be that identity (issue 13)."""
    import socket

    from asbdesk.storage.records import Actor

    identity = signed_in(store)
    if claimed is not None and claimed != identity:
        raise BadInput(
            f"{option} {claimed}: you are signed in as '{identity}'. asbdesk takes who you are from the "
            "database login (shared database) or your operating-system account (local database)."
        )
    return Actor(identity, socket.gethostname())


def signed_in(store: Any) -> str:
    """The database's word on who is running this command, remembered on this workstation
    for a desk that starts while the database is away (issue 20)."""
    from asbdesk.storage.signin import sign_in

    return sign_in(store)


def _db(args: argparse.Namespace) -> int:
    from asbdesk import paths
    from asbdesk.storage.database import describe, make_engine, schema_state, upgrade

    url = args.database or paths.database_url(create=args.db_command != "status")
    if args.db_command == "status":  # looks only: makes no folder, no file (issue 20)
        from asbdesk.storage.database import check_url

        local = check_url(url)
        if local.get_backend_name() == "sqlite" and local.database and not Path(local.database).is_file():
            print(f"{describe(url)}: no database there yet ('asbdesk db upgrade' or the desk makes it)")
            return EXIT_INVALID
    if args.db_command == "roles":
        from asbdesk.storage.roles import roles_sql

        if not args.apply:
            sys.stdout.write(roles_sql())
            return EXIT_OK
        if not url.startswith("postgresql"):
            raise BadInput(
                "--apply: roles are for a shared PostgreSQL database; a local database is private to its owner"
            )
    engine = make_engine(url, create=args.db_command != "status")
    try:
        if args.db_command == "roles":
            with engine.begin() as connection:
                connection.exec_driver_sql(roles_sql().replace("BEGIN;", "").replace("COMMIT;", ""))
            print(f"{describe(url)}: asbdesk roles and rights applied")
        elif args.db_command == "upgrade":
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
    from asbdesk.storage import audit
    from asbdesk.storage.database import InvalidData

    if args.audit_command == "keygen":
        try:
            new_key = audit.generate_keys(Path(args.private), Path(args.public))
        except InvalidData as error:
            raise BadInput(f"--private/--public: {error}") from None
        print(
            f"Key pair written; public key {new_key}.\n"
            "Keep the private key away from the database and its administrators' everyday accounts.\n"
            "Write the fingerprint down where the database cannot change it (print it, keep it with the "
            "private key), then record it in the site: asbdesk audit trust --public-key "
            f"{args.public}"
        )
        return EXIT_OK
    if args.audit_command == "trust":
        from asbdesk.cli_supervisor import _run

        fingerprint = audit.public_key_fingerprint(Path(args.public_key))

        def trust(store: Any, actor: Any) -> int:
            store.trust_audit_key(actor, fingerprint)
            print(
                f"checkpoint key {fingerprint} recorded in the site (audited as '{actor.username}'): a checkpoint "
                "signed with any other key is refused. Check it against your own copy of the fingerprint."
            )
            return EXIT_OK

        return _run(args, trust)
    if args.audit_command == "verify" and bool(args.checkpoint) != bool(args.public_key):
        raise BadInput("--checkpoint and --public-key go together")
    if args.audit_command == "verify" and args.fingerprint and not args.checkpoint:
        raise BadInput("--fingerprint: of the key a checkpoint was signed with; give --checkpoint and --public-key")
    store, actor = open_as(args)
    try:
        if args.audit_command == "checkpoint":
            store.require(actor, "verify_audit")  # refused (and audited) for anyone else
            try:
                made = audit.make_checkpoint(store, Path(args.key), datetime.now(UTC))
            except InvalidData as error:
                raise BadInput(f"--key: {error}") from None
            text = json.dumps(made, indent=2, sort_keys=True) + "\n"
            if args.out:
                try:
                    with paths_open_new(args.out) as out:
                        out.write(text)
                except OSError as error:
                    raise BadInput(f"--out: cannot write {args.out} ({error.strerror or error})") from None
                print(
                    f"Checkpoint of {made['entries']} entries in {len(made['chains'])} chain(s) written to {args.out}"
                )
            else:
                sys.stdout.write(text)
            return EXIT_OK
        report = store.verify_audit(actor)  # supervisors and administrators only (issue 20)
        problems = list(report.problems)
        notes = list(report.notes)
        if args.checkpoint:
            try:
                checkpoint = audit.read_checkpoint(Path(args.checkpoint))
                problems += audit.check_against(store, checkpoint, Path(args.public_key), args.fingerprint)
                notes.append(_key_note(store, audit.public_key_fingerprint(Path(args.public_key)), args.fingerprint))
            except InvalidData as error:
                raise BadInput(f"--checkpoint/--public-key: {error}") from None
    finally:
        store.close()
    against = f" and against the checkpoint {args.checkpoint}" if args.checkpoint else ""
    if not problems:
        print(f"{store.description}: audit trail intact ({report.entries} entries){against}")
        for note in notes:
            print(f"  note: {note}")
        return EXIT_OK
    print(f"{store.description}: AUDIT TRAIL BROKEN ({report.entries} entries){against}")
    for problem in problems:
        print(f"  {problem}")
    for note in notes:
        print(f"  note: {note}")
    return EXIT_INVALID


def paths_open_new(path: str) -> TextIO:
    """A new text file for asbdesk's own output, never over an existing one."""
    return Path(path).open("x", encoding="utf-8")


def _key_note(store: Any, signer: str, expected: str | None) -> str:
    """Which anchors the checkpoint's key was held against (issue 20), in words."""
    site = store.site()
    recorded = site.audit_key if site is not None else None
    if recorded is None:
        held = (
            "the site records no checkpoint key (asbdesk audit trust): a checkpoint and public key replaced "
            "together are caught only by your own copy of the fingerprint"
        )
    else:
        held = f"the site records {recorded}"
    copy = (
        "your copy (--fingerprint) was compared"
        if expected
        else "compare it with your own copy of the fingerprint (or give it with --fingerprint)"
    )
    return f"checkpoint key {signer}; {held}; {copy}"


def _outbox(args: argparse.Namespace) -> int:
    from asbdesk import paths
    from asbdesk.storage.outbox import Outbox

    outbox = Outbox(paths.outbox_path())
    if args.outbox_command == "set-aside":
        return _set_aside(args, outbox)
    if args.outbox_command == "status":
        from asbdesk.storage.signin import remembered

        status = outbox.status()
        queue_as = remembered(paths.database_url())  # read here: the database is not asked
        if args.format == "json":
            print(json.dumps({**status.to_json(), "queue_as": queue_as.login}, indent=2))
        else:
            print(f"waiting:        {status.waiting}")
            print(f"oldest:         {_when(status.oldest) if status.waiting else '-'}")
            print(f"last delivered: {_when(status.last_delivered)}")
            print(f"last error:     {status.last_error or '-'}")
            attention = status.need_attention
            print(f"need attention: {len(attention)}" + (" (asbdesk outbox set-aside list)" if attention else ""))
            for item in attention:
                print(f"  {item.id}  queued as '{item.queued_as}': {item.words}")
            print(f"while offline:  {queue_as.words()}")
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
        signed_in(store)
        delivered = outbox.flush(store)
    finally:
        store.close()
    status = outbox.status()
    attention = status.need_attention
    aside = f"; {len(attention)} set aside (need attention: asbdesk outbox set-aside list)" if attention else ""
    print(f"delivered {len(delivered)}; {status.waiting} waiting{aside}")
    if status.waiting:
        print(f"not delivered: {status.last_error or 'unknown reason'}", file=sys.stderr)
    for item in attention:
        print(f"set aside: {item.id}: {item.words}", file=sys.stderr)
    return EXIT_INVALID if status.waiting or attention else EXIT_OK


def _when(moment) -> str:
    return moment.astimezone().strftime("%d %b %Y %H:%M %Z") if moment else "never"


def _set_aside(args: argparse.Namespace, outbox: Any) -> int:
    """``asbdesk outbox set-aside list|retry ID|export ID --out FILE``: for a supervisor or an
    administrator, the role read from the database. While it cannot be reached nothing is
    done: the role cannot be checked (``outbox status`` shows what is set aside meanwhile)."""
    from asbdesk.storage.database import DatabaseUnavailable
    from asbdesk.storage.outbox import UnknownSetAside

    try:
        store = _open_store(args)
    except DatabaseUnavailable as error:
        raise type(error)(
            f"{error} Contacts set aside are listed, retried and exported by a supervisor or an administrator, "
            "and only the database can say who that is: try again once it answers ('asbdesk outbox status' "
            "shows them meanwhile)."
        ) from None
    try:
        actor = _actor(store, args.user)
        store.require(actor, "handle_set_aside")
    finally:
        store.close()
    if args.set_aside_command == "list":
        kept = outbox.set_aside()
        if args.format == "json":
            print(json.dumps([s.to_json() for s in kept], indent=2))
            return EXIT_OK
        if not kept:
            print("Nothing is set aside in this workstation's outbox.")
        for s in kept:
            tries = f"{s.attempts} attempt{'s' if s.attempts != 1 else ''}"
            print(
                f"{s.id}  queued {_when(s.queued_at)} as '{s.queued_as}' on {s.workstation}; "
                f"set aside {_when(s.set_aside_at)} after {tries}"
            )
            print(f"          {s.words}")
            if s.exported_at is not None:
                print(f"          exported to {s.exported_to} on {_when(s.exported_at)}: re-key it from there")
        if any(s.exported_at is None for s in kept):
            print(
                "Once the cause is fixed: asbdesk outbox set-aside retry ID; "
                "to re-key it: asbdesk outbox set-aside export ID --out FILE"
            )
        return EXIT_OK
    try:
        if args.set_aside_command == "retry":
            found = outbox.retry(args.id)
            print(
                f"{found.id} is back in the queue, in its place: it is sent as '{found.queued_as}' by the desk on "
                f"this workstation (or 'asbdesk outbox send' signed in as '{found.queued_as}')"
            )
            return EXIT_OK
        path = Path(args.out)
        try:
            found = outbox.export(args.id, path, by=actor.username)
        except FileExistsError:
            raise BadInput(f"--out: {args.out} exists; asbdesk never overwrites a file") from None
        except OSError as error:
            raise BadInput(f"--out: cannot write {args.out}: {error.strerror or error}") from None
    except UnknownSetAside as error:
        raise BadInput(f"ID: {error}") from None
    print(
        f"{found.id} written to {found.exported_to} (readable by you only): re-key it, then keep the file as the "
        "force keeps logs; it is no longer sent from this workstation"
    )
    return EXIT_OK


def _users(args: argparse.Namespace) -> int:
    from asbdesk.storage.database import InvalidData
    from asbdesk.storage.store import check_user_names

    try:  # the names checked here, as the storage layer does on both backends: bad input, exit 2
        check_user_names(args.username, args.name)
    except InvalidData as error:
        raise BadInput(str(error)) from None
    store, actor = open_as(args, args.by, "--by")
    try:
        if store.has_users():
            store.add_user(actor, args.username, args.name, args.role)
        elif args.username != actor.username:
            raise BadInput(
                f"username: the first user must be you ('{actor.username}'), an administrator, "
                f"not '{args.username}': asbdesk users add {actor.username} --name ... --role administrator"
            )
        else:
            store.add_user(None, args.username, args.name, args.role)
    finally:
        store.close()
    print(f"added {args.role.replace('_', ' ')} '{args.username}'")
    return EXIT_OK


def _import(args: argparse.Namespace) -> int:
    import io

    from asbdesk.core.files import FileRefused, read_limited
    from asbdesk.storage.transfer import MAX_IMPORT_BYTES, MalformedCsv, import_history

    # Bounded before anything is parsed (issue 20): a regular file of at most
    # MAX_IMPORT_BYTES, or as much of standard input; /dev/zero is refused, not read.
    try:
        if args.file == "-":
            text = sys.stdin.read(MAX_IMPORT_BYTES + 1)
            if len(text) > MAX_IMPORT_BYTES:
                raise FileRefused(f"file: standard input is larger than the limit of {MAX_IMPORT_BYTES:,} bytes")
        else:
            text = read_limited(args.file, MAX_IMPORT_BYTES, "file").decode("utf-8-sig")
    except FileRefused as error:
        raise BadInput(str(error)) from None
    except (OSError, UnicodeDecodeError) as error:
        raise BadInput(f"file: cannot read {args.file}: {getattr(error, 'strerror', None) or error}") from None
    store, actor = open_as(args, args.user)
    try:
        report = import_history(store, actor, io.StringIO(text))
    except MalformedCsv as error:  # the file itself is wrong: bad input, exit 2, nothing imported
        raise BadInput(f"{args.file}: {error}") from None
    finally:
        store.close()
    print(report.text())
    return EXIT_OK if report.ok else EXIT_INVALID


def _export(args: argparse.Namespace) -> int:
    from asbdesk.cli_supervisor import period
    from asbdesk.storage.transfer import export_contacts

    start, end = period(args)
    store, actor = open_as(args, args.user)
    try:
        text = export_contacts(store.contacts_between(actor, start, end), args.format)
    finally:
        store.close()
    if args.output:
        from asbdesk.paths import open_private

        try:  # personal data: a new file (or one overwritten) is readable by this user only
            with open_private(args.output, "w", encoding="utf-8", newline="") as out:
                out.write(text)
        except OSError as error:
            raise BadInput(f"--output: cannot write {args.output}: {error.strerror or error}") from None
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _demo(args: argparse.Namespace) -> int:

    from sqlalchemy.engine import make_url

    from asbdesk import paths
    from asbdesk.core.packs.registry import DEFAULT_PACK, resolve_pack
    from asbdesk.storage.database import describe
    from asbdesk.storage.demo import ensure_demo
    from asbdesk.storage.store import Store

    url = args.database or paths.demo_database_url()
    parsed = make_url(url)
    if args.reset and parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{parsed.database}{suffix}").unlink(missing_ok=True)
    store = Store.open(url, migrate=True)
    try:
        summary = ensure_demo(store, resolve_pack(DEFAULT_PACK), datetime.now(UTC))
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


def storage_commands() -> dict[str, Any]:
    """The commands that work on a database, by name: the supervisor's and the
    administrator's modules are imported here, when one of them may be asked for (not for
    ``assess`` or the desk: issue 24)."""
    from asbdesk.cli_admin import COMMANDS as ADMIN_COMMANDS
    from asbdesk.cli_supervisor import COMMANDS

    return {
        **COMMANDS,
        **ADMIN_COMMANDS,
        "db": _db,
        "outbox": _outbox,
        "audit": _audit,
        "users": _users,
        "import": _import,
        "export": _export,
        "demo": _demo,
    }
