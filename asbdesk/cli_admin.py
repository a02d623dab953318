"""The administrator's commands (issue 19): the site, and publishing policy packs.

``site set FILE.yaml`` / ``site show``: who the force is on paper. ``packs publish``,
``packs published``: the pack every workstation uses for its next call, with the diff
against the pack in force and the training scenarios run first. Who acts comes from the
login, as for every command; the storage layer refuses anyone but an administrator, and
the refusal is audited.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

Handler = Callable[[argparse.Namespace], int]


def add_parsers(commands: Any, database_option: Callable[[argparse.ArgumentParser], None]) -> None:
    site = commands.add_parser("site", help="who the force is on paper: name, address, numbers (administrator)")
    sub = site.add_subparsers(dest="site_command", metavar="SITE_COMMAND", required=True)
    set_ = sub.add_parser("set", help="set the site from a YAML file (see docs/site.md)")
    set_.add_argument("file", help="the site file: YAML with a top-level 'force:' mapping")
    set_.add_argument("--user", help="optional: must be you (who you are comes from your login)")
    database_option(set_)
    show = sub.add_parser("show", help="the site and the pack in force")
    show.add_argument("--format", choices=("json", "text"), default="text")
    show.add_argument("--user", help="optional: must be you (who you are comes from your login)")
    database_option(show)


def add_pack_parsers(pack_commands: Any, database_option: Callable[[argparse.ArgumentParser], None]) -> None:
    publish = pack_commands.add_parser(
        "publish",
        help="publish a pack to every workstation on this database (administrator): diff, scenarios, then stored",
    )
    publish.add_argument(
        "pack",
        metavar="DIR|ID|ID@VERSION",
        help="a pack folder, a shipped id, or a version published before (roll back)",
    )
    publish.add_argument("--reason", required=True, help="why: kept with the publication and in the audit trail")
    publish.add_argument(
        "--scenarios",
        metavar="DIR",
        action="append",
        default=[],
        help="the force's own training scenarios (besides the shipped ones) to run before publishing",
    )
    publish.add_argument(
        "--accept-changes",
        action="store_true",
        help="publish although a scenario no longer gives its expected outcome (the change is meant)",
    )
    publish.add_argument("--user", help="optional: must be you (who you are comes from your login)")
    database_option(publish)
    published = pack_commands.add_parser("published", help="every pack published on this database, newest first")
    published.add_argument("--format", choices=("json", "text"), default="text")
    published.add_argument("--user", help="optional: must be you (who you are comes from your login)")
    database_option(published)


def _site(args: argparse.Namespace) -> int:
    from asbdesk.cli_supervisor import _run

    if args.site_command == "set":
        from asbdesk.cli import BadInput
        from asbdesk.core.site import SiteError, read_site

        try:
            force = read_site(Path(args.file))
        except SiteError as error:
            raise BadInput(f"the site file was not used ({len(error.issues)} problem(s)):\n{error}") from None

        def set_site(store: Any, actor: Any) -> int:
            store.set_site(actor, force)
            print(f"site set: {force.name} (audited as '{actor.username}'); every desk uses it from its next call")
            return 0

        return _run(args, set_site)

    def show(store: Any, _actor: Any) -> int:
        from asbdesk.core.packs.registry import DEFAULT_PACK, resolve_pack
        from asbdesk.core.site import force_text

        record = store.site()
        in_force = store.pack_in_force()
        if in_force is not None:
            pack = {
                "id": in_force.pack_id,
                "version": in_force.version,
                "sha256": in_force.sha256,
                "published_by": in_force.published_by,
                "published_at": in_force.published_at.isoformat(),
            }
        else:
            shipped = resolve_pack(DEFAULT_PACK)
            pack = {
                "id": shipped.id,
                "version": shipped.version,
                "sha256": shipped.content_hash,
                "published_by": None,
                "published_at": None,
            }
        if args.format == "json":
            force = None
            if record is not None:
                force = record.force.to_json()
                force["phone"] = record.force.phone_words
            audit_key = record.audit_key if record is not None else None
            print(json.dumps({"force": force, "pack": pack, "audit_key": audit_key}, indent=2, ensure_ascii=False))
            return 0
        print(force_text(record.force if record is not None else None))
        if record is not None:
            print(f"{'Set by:':<19}{record.updated_by}, {record.updated_at.astimezone():%d %b %Y %H:%M}")
        where = (
            f"published by {pack['published_by']}"
            if pack["published_by"]
            else "shipped; no pack published on this database"
        )
        print(f"{'Pack in force:':<19}{pack['id']} {pack['version']} ({where})")
        print(f"{'sha256:':<19}{pack['sha256']}")
        if record is not None:
            print(f"{'Checkpoint key:':<19}{record.audit_key or 'none recorded (asbdesk audit trust)'}")
        return 0

    return _run(args, show)


def _published(args: argparse.Namespace) -> int:
    from asbdesk.cli_supervisor import _run

    def listing(store: Any, _actor: Any) -> int:
        publications = store.publications()
        if args.format == "json":
            print(json.dumps([p.to_json() for p in publications], indent=2, ensure_ascii=False))
            return 0
        if not publications:
            print("nothing published on this database: every desk uses the shipped 'default' pack")
            return 0
        for n, p in enumerate(publications):
            state = "IN FORCE" if n == 0 else ""
            back = f" (brings back #{p.restores})" if p.restores else ""
            print(
                f"#{p.number:<4} {p.pack_id}@{p.version:<8} {p.published_at.astimezone():%d %b %Y %H:%M} "
                f"{p.published_by:<16} {state:<8} {p.reason}{back}"
            )
        return 0

    return _run(args, listing)


def _publish(args: argparse.Namespace) -> int:
    from asbdesk.cli_supervisor import _run

    def publish(store: Any, actor: Any) -> int:
        import io

        from asbdesk import paths
        from asbdesk.cli import BadInput, _load
        from asbdesk.cli_training import check_results, report_results
        from asbdesk.core.packs.diff import diff_packs, diff_text
        from asbdesk.core.packs.registry import DEFAULT_PACK, pack_files, resolve_pack
        from asbdesk.core.scenarios import scenarios_for
        from asbdesk.storage import in_force

        store.require(actor, "publish_pack")  # refused (and audited) before anything is read or run
        for folder in args.scenarios:
            if not Path(folder).is_dir():
                raise BadInput(f"--scenarios: {folder} is not a folder")
        cache = paths.cache_dir()
        restores = None
        if "@" in args.pack and not Path(args.pack).is_dir():
            try:
                publication = in_force.find_publication(store, args.pack)
            except in_force.UnknownPublication as error:
                raise BadInput(f"pack: {error}") from None
            pack = in_force.load_publication(store, publication, cache)
            restores = publication.number
        else:
            pack = _load(args.pack)
        current_publication = store.pack_in_force()
        current = (
            in_force.load_publication(store, current_publication, cache)
            if current_publication is not None
            else resolve_pack(DEFAULT_PACK)
        )
        where = (
            f"#{current_publication.number}, published by {current_publication.published_by}"
            if current_publication is not None
            else "shipped; nothing published yet"
        )
        print(f"Pack in force: {current.id} {current.version} ({where})")
        print(f"To publish:    {pack.id} {pack.version} (sha256:{pack.content_hash})")
        if current_publication is not None and current.content_hash == pack.content_hash:
            print("This pack is already in force: nothing published.")
            return 0
        changes = diff_packs(current, pack)
        print()
        print(diff_text(current, pack, changes).rstrip())
        print()
        found, errors = scenarios_for(pack, [Path(f) for f in args.scenarios])
        results = check_results(found)
        out = io.StringIO()
        failed = report_results(results, errors, out)
        print(f"Training scenarios written for '{pack.id}': {len(found) + len(errors)}")
        sys.stdout.write(out.getvalue())
        if failed and not args.accept_changes:
            print(
                f"NOT PUBLISHED: {failed} scenario(s) no longer give their expected outcome on this pack. "
                "Fix the pack, or the scenarios, or publish with --accept-changes if the change is meant.",
                file=sys.stderr,
            )
            return 1
        checks = {
            "scenarios": [
                {"id": scenario.id, "missed": [item.item for item in card.missed()]} for scenario, card in results
            ]
            + [{"id": error.name, "error": str(error).splitlines()[0]} for error in errors],
            "accepted_changes": bool(failed),
            "changes": len(changes),
            "replaces": current_publication.number if current_publication is not None else None,
        }
        done = store.publish_pack(
            actor,
            pack_id=pack.id,
            version=pack.version,
            sha256=pack.content_hash,
            files=pack_files(pack),
            reason=args.reason,
            checks=checks,
            restores=restores,
        )
        back = f", bringing back #{restores}" if restores else ""
        accepted = f"; {failed} scenario(s) changed, accepted" if failed else ""
        print(
            f"Published {pack.id} {pack.version} as #{done.number}{back}{accepted}: every desk takes it at its next call."
        )
        return 0

    return _run(args, publish)


COMMANDS: dict[str, Handler] = {"site": _site}
PACK_COMMANDS: dict[str, Handler] = {"published": _published, "publish": _publish}
