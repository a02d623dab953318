"""The trainer's commands (issue 11): ``asbdesk scenario list|show|check|score``.

``check`` runs each scenario's expected answers through the engine and exits 1, naming the
scenario and the item, when the pack no longer gives what the scenario expects (CI runs it,
so a pack change that breaks a scenario fails the build). ``score`` grades a recorded
attempt: the same JSON as ``assess`` input without the caller's history and flags (the
scenario gives them), plus optional ``acknowledged`` (prompt ids), ``flag_requests``,
``elapsed_s`` and ``keys``. Bad input exits 2 naming the field.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

Handler = Callable[[argparse.Namespace], int]


def add_parsers(commands: Any) -> None:
    scenario = commands.add_parser("scenario", help="training scenarios: list, show, check against the packs, score")
    sub = scenario.add_subparsers(dest="scenario_command", metavar="SCENARIO_COMMAND", required=True)
    listing = sub.add_parser("list", help="the shipped scenarios")
    listing.add_argument("--format", choices=("json", "text"), default="text")
    show = sub.add_parser("show", help="a scenario: the caller, the caller's script and the expected outcome")
    show.add_argument("id", help="scenario id, or a scenario .yaml file")
    show.add_argument("--format", choices=("json", "text"), default="json")
    check = sub.add_parser("check", help="run each scenario's answers through its pack: exit 1 if an outcome changed")
    which = check.add_mutually_exclusive_group(required=True)
    which.add_argument("id", nargs="?", help="scenario id, or a scenario .yaml file")
    which.add_argument(
        "--all", action="store_true", help="every shipped scenario (with --pack: every one written for that pack)"
    )
    check.add_argument(
        "--pack",
        metavar="ID|DIR",
        help="check against this pack (a shipped id, a pack folder, or a published ID@VERSION) instead of the "
        "shipped pack the scenario names; with --all only the scenarios written for its id",
    )
    check.add_argument(
        "--scenarios",
        metavar="DIR",
        action="append",
        default=[],
        help="also the scenarios in this folder (a force's own)",
    )
    score = sub.add_parser("score", help="score a recorded attempt against a scenario")
    score.add_argument("id", help="scenario id, or a scenario .yaml file")
    score.add_argument("--attempt", required=True, help="the attempt as JSON ('-' reads standard input)")
    score.add_argument("--format", choices=("json", "text", "csv"), default="json")
    score.add_argument(
        "--trainee", metavar="NAME", help="who took the call, for the scorecard (default: the attempt's operator)"
    )


def _load(name: str) -> Any:
    from asbdesk.cli import BadInput
    from asbdesk.core.scenarios import ScenarioError, find_scenario, load_scenario

    try:
        return load_scenario(find_scenario(name))
    except ScenarioError as error:
        raise BadInput(str(error)) from None


def _scenario(args: argparse.Namespace) -> int:
    from asbdesk.core import scenarios

    command = args.scenario_command
    if command == "list":
        found = []
        problems = []
        for path in scenarios.shipped():
            try:
                found.append(scenarios.summary(scenarios.load_scenario(path)))
            except scenarios.ScenarioError as error:
                problems.append(str(error))
        if args.format == "json":
            print(json.dumps(found, indent=2, ensure_ascii=False))
        else:
            for s in found:
                print(f"{s['id']:<36} {s['pack']:<18} {s['channel']:<8} {s['title']}")
        for problem in problems:
            print(f"asbdesk: {problem}", file=sys.stderr)
        return 1 if problems else 0
    if command == "show":
        scenario = _load(args.id)
        if args.format == "json":
            print(json.dumps(scenarios.as_json(scenario), indent=2, ensure_ascii=False))
        else:
            print(_show_text(scenario))
        return 0
    if command == "check":
        return _check(args)
    return _score(args)


def _check(args: argparse.Namespace) -> int:
    from asbdesk.cli import BadInput
    from asbdesk.cli import _load as load_pack_argument
    from asbdesk.core import scenarios

    for folder in args.scenarios:
        if not Path(folder).is_dir():
            raise BadInput(f"--scenarios: {folder} is not a folder")
    pack = load_pack_argument(args.pack, "--pack") if args.pack else None
    if pack is not None and args.all:
        found, errors = scenarios.scenarios_for(pack, [Path(f) for f in args.scenarios])
        if not found and not errors:
            print(f"asbdesk: no scenario is written for pack '{pack.id}' (shipped or in --scenarios)", file=sys.stderr)
            return 1
        failed = report_checks(found, errors)
        return 1 if failed else 0
    if args.all:
        paths = [*scenarios.shipped(), *(p for f in args.scenarios for p in scenarios.shipped(Path(f)))]
        found, errors = [], []
        for path in paths:
            try:
                found.append(scenarios.load_scenario(path))
            except scenarios.ScenarioError as error:
                errors.append(error)
        if not paths:
            print("asbdesk: no scenarios are shipped", file=sys.stderr)
            return 1
        return 1 if report_checks(found, errors) else 0
    try:
        path = scenarios.find_scenario(args.id)
        one = scenarios.load_scenario(path, {pack.id: pack} if pack is not None else None)
    except scenarios.ScenarioError as error:
        print(f"FAIL {error}")
        return 1
    if pack is not None and one.pack.id != pack.id:
        raise BadInput(f"--pack: scenario '{one.id}' is written for pack '{one.data.pack}', not '{pack.id}'")
    return 1 if report_checks([one], []) else 0


def check_results(found: list[Any]) -> list[tuple[Any, Any]]:
    """Each scenario with its check's scorecard (``card.not_met()`` empty: it passes)."""
    from asbdesk.core import scenarios

    return [(scenario, scenarios.check(scenario)) for scenario in found]


def report_checks(found: list[Any], errors: list[Any], out: Any = None) -> int:
    """Print ``ok``/``FAIL`` for each scenario; the number that failed (errors included)."""
    return report_results(check_results(found), errors, out)


def report_results(results: list[tuple[Any, Any]], errors: list[Any], out: Any = None) -> int:
    """Print ``ok``/``FAIL`` for each checked scenario; the number that failed (errors included)."""
    from asbdesk.core import scenarios

    out = out or sys.stdout
    failed = 0
    for error in errors:
        print(f"FAIL {error}", file=out)
        failed += 1
    for scenario, card in results:
        missed = card.not_met()
        if missed:
            failed += 1
            for item in missed:
                print(
                    f"FAIL {scenario.id}: {item.item}: the scenario expects {scenarios.shown_value(item.expected)}, "
                    f"the pack '{scenario.pack.id}' now gives {scenarios.shown_value(item.actual)} (version {scenario.pack.version})",
                    file=out,
                )
        else:
            print(f"ok   {scenario.id} ({scenario.pack.id} {scenario.pack.version}, {len(card.items)} items)", file=out)
    return failed


def _score(args: argparse.Namespace) -> int:
    from asbdesk.cli import BadInput, _read_json
    from asbdesk.core import scenarios
    from asbdesk.core.call import InputError

    scenario = _load(args.id)
    data = _read_json(args.attempt, sys.stdin)
    try:
        attempt = scenarios.parse_attempt(scenario, data)
    except InputError as error:
        raise BadInput(str(error)) from None
    trainee = args.trainee if args.trainee is not None else attempt.call.operator or ""
    if args.trainee is not None:
        from asbdesk.core.call import check_text

        try:
            check_text(trainee, "--trainee", 200)
        except InputError as error:
            raise BadInput(str(error)) from None
    card = scenarios.score(
        scenario, attempt.call, attempt.acknowledged, attempt.elapsed_s, attempt.keys, trainee=trainee
    )
    if args.format == "json":
        print(json.dumps(card.to_json(), indent=2, ensure_ascii=False))
    elif args.format == "csv":
        from asbdesk.storage.training import scorecard_csv

        sys.stdout.write(scorecard_csv(card))
    else:
        sys.stdout.write(card.text())
    return 0


def _show_text(scenario: Any) -> str:
    d = scenario.data
    lines = [
        f"{d.title} ({d.id}) — TRAINING — NOT A REAL CALL",
        f"Pack {d.pack}, {d.channel}; from {d.seed}",
        "Objectives:",
        *(f"  - {o}" for o in d.objectives),
        f"Caller: {d.caller.given_name} {d.caller.family_name}",
        f"Opening: {d.script.opening}",
        *(f"Volunteers: {v}" for v in d.script.volunteers),
        "Replies:",
        *(f'  {qid}: "{r.says}" -> {r.answer!r}' for qid, r in d.script.replies.items()),
        f"Expected: {d.expected.model_dump(mode='json', exclude_none=True)}",
    ]
    return "\n".join(lines)


COMMANDS: dict[str, Handler] = {"scenario": _scenario}
