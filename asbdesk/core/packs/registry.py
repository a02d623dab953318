"""Finding packs by id among the shipped ones, or by folder path."""

from __future__ import annotations

from pathlib import Path

from asbdesk.core.packs import Pack, load_pack
from asbdesk.core.resources import packs_dir

DEFAULT_PACK = "default"


class PackNotFound(LookupError):
    """No shipped pack has this id and no folder has this path."""


def shipped_pack_ids() -> list[str]:
    return sorted(p.name for p in packs_dir().iterdir() if p.is_dir() and not p.name.startswith((".", "_")))


def resolve_pack(name: str) -> Pack:
    """Load a shipped pack by id, or a pack folder by path."""
    folder = packs_dir() / name
    if not folder.is_dir():
        path = Path(name)
        if path.is_dir():
            folder = path
        else:
            known = ", ".join(shipped_pack_ids())
            raise PackNotFound(f"unknown pack '{name}' (shipped packs: {known}; or give a pack folder)")
    return load_pack(folder)
