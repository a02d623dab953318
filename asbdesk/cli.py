"""The ``asbdesk`` command: the headless interface (PRODUCT.md, "Headless interface").

Exit codes: 0 success; 1 a pack that ``packs validate`` found invalid; 2 bad
input (unknown pack, code, question or option, wrong value type, override
without reason, malformed JSON), always with a message naming the field and
never a traceback; 70 an internal error (a bug: please report it).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any, Sequence, TextIO

from asbdesk import __version__

EXIT_OK, EXIT_INVALID, EXIT_BAD_INPUT, EXIT_BUG = 0, 1, 2, 70


class BadInput(Exception):
    """Input the user can fix; the message says what and where."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="asbdesk",
        description="asbdesk: guided ASB call handling, live risk assessment and the graded log.",
    )
    parser.add_argument("--version", action="version", version=f"asbdesk {__version__}")
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
    return parser


def main(argv: Sequence[str] | None = None, stdin: TextIO | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "assess":
            return _assess(args, stdin or sys.stdin)
        if args.command == "packs":
            return {"list": _packs_list, "show": _packs_show, "validate": _packs_validate}[args.packs_command](args)
        _parser().print_help()
        return EXIT_OK
    except BadInput as error:
        print(f"asbdesk: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # output piped into e.g. head, which stopped reading
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as error:  # a bug: say so plainly, no traceback unless asked for
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
    """Everything in a pack, with national rules expanded into prompts."""
    data = pack.data.model_dump(mode="json", exclude_none=True)
    data["pack"]["hash"] = pack.content_hash
    data["prompts"] = [p.model_dump(mode="json") for p in pack.prompts]
    data["questions"] = [
        {"set": qset.id, **q.model_dump(mode="json", exclude_none=True)}
        for qset in pack.data.question_sets
        for q in qset.questions
    ]
    data["score_range"] = list(pack.score_range)
    return data


def _packs_show(args: argparse.Namespace) -> int:
    pack = _load(args.pack)
    if args.format == "json":
        json.dump(pack_as_json(pack), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return EXIT_OK
    d = pack.data
    out = [f"{pack.name} ({pack.id} {pack.version})", f"Source: {d.pack.source}", f"Hash: sha256:{pack.content_hash}", ""]
    out.append("Codes:")
    out += [f"  {c.code:<14} {c.label} [{c.category}] -> {', '.join(c.question_sets) or '-'}" for c in d.codes]
    for qset in d.question_sets:
        out += ["", f"Question set {qset.id}: {qset.title}"]
        for q in qset.questions:
            flags = " (mandatory)" if q.mandatory else ""
            condition = f"  [shown if {json.dumps(q.show_if.to_data())}]" if q.show_if else ""
            out.append(f"  {q.id:<24} {q.type:<7} {q.text}{flags}{condition}")
            for o in q.options:
                score = "" if o.score is None else f" = {o.score}"
                out.append(f"      {o.id}: {o.label}{score}")
    if d.matrix:
        out += ["", f"Matrix: {d.matrix.title} (scores {pack.score_range[0]}-{pack.score_range[1]})"]
        for t in d.matrix.thresholds:
            upper = "+" if t.max is None else f"-{t.max}"
            out.append(f"  {t.min}{upper}: {pack.level_labels[t.level]}")
    out += ["", "Prompts:"] + [f"  {p.id} [{p.kind}]: {p.text}" for p in pack.prompts]
    out += ["", "Grades:"] + [f"  {g.id}: {g.label}" for g in d.grading.grades]
    print("\n".join(out))
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
