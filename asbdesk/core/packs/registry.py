"""Finding packs by id among the shipped ones, or by folder path."""

from __future__ import annotations

from pathlib import Path

from asbdesk.core.packs import Pack, PackError, PackIssue, load_pack
from asbdesk.core.resources import packs_dir

DEFAULT_PACK = "default"


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
            raise PackError(name, [PackIssue(name, None, "", f"no such pack (shipped packs: {known})")])
    return load_pack(folder)
