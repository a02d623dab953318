"""What is in force on a database, as a workstation sees it (issue 19): the published pack
every desk uses for its next call, and the site (who the force is on paper).

Both come from the database. The workstation keeps its last copy (the pack laid out as a
folder under the cache, the site and the publication's details in a small JSON file), so
a desk that starts while the shared database is away uses what was last in force, and the
training desk, which never opens the live database, still prints the force's name.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from asbdesk.core.files import shown
from asbdesk.core.packs import Pack
from asbdesk.core.packs.registry import DEFAULT_PACK, PackNotFound, materialise, resolve_pack, shipped_pack_ids
from asbdesk.core.site import Force
from asbdesk.storage.records import Publication
from asbdesk.storage.store import Store

log = logging.getLogger(__name__)

PUBLISHED_SEPARATOR = "@"  # ID@VERSION names a published version: west-mercia@1.1


@dataclass(frozen=True)
class PackInUse:
    """The pack a desk takes calls on, where it came from, and whether it is on trial.

    ``publication`` is the publication the pack was loaded from (None for a shipped pack or
    a folder); ``in_force`` the newest publication on the database (None when nothing was
    ever published: the desks then use the shipped default, and that is not a trial).
    """

    pack: Pack
    publication: Publication | None
    in_force: Publication | None
    trial: bool

    def words(self) -> str:
        pack = self.pack
        name = f"pack {pack.id} {pack.version}"
        if self.trial:
            return f"TRIAL PACK {pack.id} {pack.version} (not the pack in force)"
        if self.publication is not None:
            return f"{name} (published {self.publication.published_at.astimezone():%d %b %Y} by {self.publication.published_by})"
        return f"{name} (shipped; no pack published on this database)"

    def log_line(self) -> str | None:
        """The lines every log taken on a trial pack starts with (two, as narrow as the
        log), or None."""
        if not self.trial:
            return None
        in_force = (
            f"{self.in_force.pack_id} {self.in_force.version}"
            if self.in_force is not None
            else f"{DEFAULT_PACK} (shipped)"
        )
        return (
            f"TRIAL PACK: {self.pack.id} {self.pack.version} (sha256:{self.pack.content_hash[:12]}…)\n"
            f"  is not the pack in force on this database ({in_force})"
        )


class UnknownPublication(LookupError):
    """``ID@VERSION`` names no publication on this database."""


def _root(cache: Path) -> Path:
    path = cache / "packs"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def load_publication(store: Store, publication: Publication, cache: Path) -> Pack:
    """The pack of one publication, laid out under the cache and loaded (checked) like a folder."""
    folder = _root(cache) / publication.sha256 / publication.pack_id
    if folder.is_dir():
        try:
            pack = resolve_pack(str(folder))
            if pack.content_hash == publication.sha256:
                return pack
        except Exception:  # a damaged copy: lay it out again from the database
            log.warning("the cached copy of publication %d is damaged; laying it out again", publication.number)
    files = store.publication_files(publication.number)
    return materialise(files, publication.pack_id, publication.sha256, _root(cache))


def find_publication(store: Store, name: str) -> Publication:
    """The newest publication of ``ID@VERSION``."""
    pack_id, _, version = name.partition(PUBLISHED_SEPARATOR)
    for publication in store.publications():
        if publication.pack_id == pack_id and publication.version == version:
            return publication
    known = sorted({f"{p.pack_id}{PUBLISHED_SEPARATOR}{p.version}" for p in store.publications()})
    listed = ", ".join(known) if known else "none: nothing has been published on this database"
    raise UnknownPublication(f"no published version '{shown(name, 80)}' (published: {listed})")


def resolve(name: str, store: Store | None, cache: Path) -> tuple[Pack, Publication | None]:
    """A pack by shipped id, folder, or (with a database) published ``ID@VERSION``."""
    if PUBLISHED_SEPARATOR in name and not Path(name).is_dir():
        if store is None:
            raise UnknownPublication(f"'{name}' names a published version: it needs the database")
        publication = find_publication(store, name)
        return load_publication(store, publication, cache), publication
    return resolve_pack(name), None


def choose(store: Store, requested: str | None, cache: Path) -> PackInUse:
    """The pack a desk uses: the one asked for (a trial unless it is what the desk would use
    anyway), else the pack in force, else the shipped default. Remembers what is in force."""
    in_force = store.pack_in_force()
    if in_force is not None:
        current = load_publication(store, in_force, cache)
        current_from: Publication | None = in_force
    else:
        current, current_from = resolve_pack(DEFAULT_PACK), None
    remember(store.description, cache, publication=in_force, keep_site=True)
    if requested is None:
        return PackInUse(current, current_from, in_force, trial=False)
    pack, publication = resolve(requested, store, cache)
    return PackInUse(pack, publication, in_force, trial=pack.content_hash != current.content_hash)


def choose_offline(description: str, requested: str | None, cache: Path) -> PackInUse:
    """The database is away: the pack last in force on this workstation (or as asked)."""
    memory = recall(description, cache)
    in_force = _publication(memory.get("publication"))
    current: Pack | None = None
    if in_force is not None:
        folder = _root(cache) / in_force.sha256 / in_force.pack_id
        try:
            current = resolve_pack(str(folder))
        except Exception:
            log.warning("the pack last in force is not in the cache; the desk starts on the shipped default")
            in_force = None
    if current is None:
        current = resolve_pack(DEFAULT_PACK)
    if requested is None:
        return PackInUse(current, in_force, in_force, trial=False)
    if PUBLISHED_SEPARATOR in requested and not Path(requested).is_dir():
        raise UnknownPublication(f"'{requested}' names a published version: the database is needed and is away")
    pack = resolve_pack(requested)
    return PackInUse(pack, None, in_force, trial=pack.content_hash != current.content_hash)


def newer_in_force(store: Store, using: PackInUse) -> Publication | None:
    """The publication in force now if it is not the one the desk is using (a desk on trial
    stays on its trial pack: it is told, not switched)."""
    in_force = store.pack_in_force()
    if in_force is None:
        return None
    if using.in_force is not None and using.in_force.number == in_force.number:
        return None
    return in_force


# ------------------------------------------------------------------ the workstation's memory


def _memory_file(cache: Path) -> Path:
    return cache / "in-force.json"


def _read_memory(cache: Path) -> dict[str, Any]:
    try:
        data = json.loads(_memory_file(cache).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def recall(description: str, cache: Path) -> dict[str, Any]:
    entry = _read_memory(cache).get(description)
    return entry if isinstance(entry, dict) else {}


def remember(
    description: str,
    cache: Path,
    *,
    publication: Publication | None = None,
    force: Force | None = None,
    keep_site: bool = False,
    keep_publication: bool = False,
) -> None:
    """Keep the workstation's copy of what is in force on ``description``'s database."""
    from asbdesk import paths

    data = _read_memory(cache)
    found = data.get(description)
    entry: dict[str, Any] = found if isinstance(found, dict) else {}
    new = dict(entry)
    if not keep_publication:
        new["publication"] = publication.to_json() if publication is not None else None
    if not keep_site:
        new["force"] = force.to_json() if force is not None else None
    if new == entry:
        return
    data[description] = new
    try:
        paths.private_dir(cache)
        with paths.open_private(_memory_file(cache), "w", encoding="utf-8") as handle:
            json.dump(data, handle, indent=1)
    except OSError as error:  # the workstation's copy only: the desk goes on without it
        log.warning(
            "what is in force could not be kept on this workstation (%s)", error.strerror or type(error).__name__
        )


def remembered_force(description: str, cache: Path) -> Force | None:
    data = recall(description, cache).get("force")
    if not isinstance(data, dict):
        return None
    try:
        return Force.from_json(data)
    except ValueError:
        return None


def _publication(data: Any) -> Publication | None:
    if not isinstance(data, dict):
        return None
    try:
        return Publication(
            number=int(data["number"]),
            pack_id=str(data["id"]),
            version=str(data["version"]),
            sha256=str(data["sha256"]),
            size=int(data["size"]),
            published_by=str(data["published_by"]),
            published_at=datetime.fromisoformat(data["published_at"]),
            reason=str(data["reason"]),
            restores=data.get("restores"),
            checks=dict(data.get("checks") or {}),
        )
    except (KeyError, TypeError, ValueError):
        return None


__all__ = [
    "PackInUse",
    "PackNotFound",
    "UnknownPublication",
    "choose",
    "choose_offline",
    "find_publication",
    "load_publication",
    "newer_in_force",
    "pack_of_contact",
    "remember",
    "remembered_force",
    "resolve",
    "workstation_force",
]


def pack_of_contact(store: Store, pack_id: str, pack_hash: str, cache: Path) -> Pack | None:
    """The pack a contact was taken on: the publication with its hash, else the shipped pack
    of its id (a contact from before publishing, or from a shipped pack); None if neither."""
    for publication in store.publications():
        if publication.sha256 == pack_hash:
            try:
                return load_publication(store, publication, cache)
            except Exception:
                log.warning("publication %d cannot be loaded for a contact's wording", publication.number)
                break
    if pack_id not in shipped_pack_ids():  # never a folder of that name wherever asbdesk was started
        return None
    try:
        return resolve_pack(pack_id)
    except Exception:
        return None


def workstation_force() -> Force | None:
    """The site last seen on the database this workstation uses (training, which never opens
    that database, prints the force's name from it)."""
    from asbdesk import paths
    from asbdesk.storage.database import describe

    try:
        return remembered_force(describe(paths.database_url()), paths.cache_dir())
    except (OSError, ValueError):
        return None
