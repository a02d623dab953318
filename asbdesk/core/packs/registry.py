"""Finding packs: shipped ones by id, pack folders by path, and published ones (issue 19)
from the files the database keeps, laid out in a cache folder and loaded like any other."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from asbdesk.core.files import shown
from asbdesk.core.packs import Pack, PackError, PackIssue, load_pack
from asbdesk.core.resources import packs_dir

DEFAULT_PACK = "default"
PACK_SUFFIXES = (".yaml", ".yml")


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
            raise PackNotFound(f"unknown pack '{shown(name, 80)}' (shipped packs: {known}; or give a pack folder)")
    return load_pack(folder)


def files_digest(files: Mapping[str, bytes]) -> str:
    """The pack's content hash from its files, as :func:`load_pack` computes it (the
    loader's digest: each file's name and bytes, in name order)."""
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + files[name] + b"\0")
    return digest.hexdigest()


def pack_files(pack: Pack) -> dict[str, str]:
    """The text of each file of a loaded pack, to publish. Raises PackError when the files
    changed on disk since the pack was loaded (their hash no longer matches)."""
    folder = pack.folder
    raw = {
        path.name: path.read_bytes()
        for path in sorted(folder.iterdir())
        if path.suffix in PACK_SUFFIXES and path.is_file() and not path.is_symlink()
    }
    if files_digest(raw) != pack.content_hash:
        raise PackError(pack.id, [PackIssue(str(folder), None, "", "the pack's files changed while it was read")])
    return {name: data.decode("utf-8") for name, data in raw.items()}


def materialise(files: Mapping[str, str], pack_id: str, sha256: str, root: Path, *, again: bool = True) -> Pack:
    """Load a published pack from its files: written once under ``root/<sha256>/<pack_id>/``
    (a folder named as the pack, as the loader requires) and loaded and checked like any
    pack folder. Raises PackError when the files do not give ``sha256``."""
    raw = {name: text.encode("utf-8") for name, text in files.items()}
    bad = [name for name in raw if Path(name).name != name or not name.endswith(PACK_SUFFIXES)]
    if bad or not raw:
        raise PackError(pack_id, [PackIssue(", ".join(bad) or pack_id, None, "", "not a pack file name")])
    if files_digest(raw) != sha256:
        raise PackError(pack_id, [PackIssue(pack_id, None, "", "the published files do not match their sha256")])
    final = root / sha256 / pack_id
    if not final.is_dir():
        (root / sha256).mkdir(parents=True, exist_ok=True, mode=0o700)
        staging = Path(tempfile.mkdtemp(prefix=f".{pack_id}-", dir=root / sha256))
        try:
            for name, data in raw.items():
                (staging / name).write_bytes(data)
            try:
                os.rename(staging, final)
            except OSError:
                if not final.is_dir():  # not another process that laid it out first
                    raise
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)
    pack = load_pack(final)
    if pack.content_hash != sha256:  # the cached folder was changed by hand: lay it out again
        shutil.rmtree(final, ignore_errors=True)
        if again:
            return materialise(files, pack_id, sha256, root, again=False)
        raise PackError(pack_id, [PackIssue(str(final), None, "", "the cached copy cannot be laid out again")])
    return pack
