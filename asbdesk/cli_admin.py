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
            print(json.dumps({"force": force, "pack": pack}, indent=2, ensure_ascii=False))
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


COMMANDS: dict[str, Handler] = {"site": _site}
PACK_COMMANDS: dict[str, Handler] = {"published": _published}
