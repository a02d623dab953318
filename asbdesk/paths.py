"""The one place that knows where asbdesk keeps its files (STYLE.md habit 7).

Data (the local database, the outbox), config and logs come from platformdirs;
``ASBDESK_HOME`` moves all of them under one folder (tests, portable installs).
Nothing else in asbdesk touches the home directory.

Everything asbdesk keeps is personal data, so what it creates is private to the user:
folders 0700, files 0600 (:func:`private_dir`, :func:`create_private_file`,
:func:`open_private`). The process umask is left alone (a library must not change it);
modes are given when a file or folder is made. Folders and files that already exist are
not changed, except a file asbdesk writes its own data into (an export, see
:func:`open_private`).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import IO, Any

import platformdirs

APP = "asbdesk"
DIR_MODE = 0o700
FILE_MODE = 0o600


def private_dir(path: Path | str) -> Path:
    """``path`` as a folder, each missing folder on the way made 0700 (``Path.mkdir(parents=True,
    mode=...)`` gives the mode to the last one only). Existing folders are left as they are."""
    path = Path(path)
    missing = []
    for folder in (path, *path.parents):
        if folder.is_dir():
            break
        missing.append(folder)
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=DIR_MODE)
        except FileExistsError:
            if not folder.is_dir():
                raise
            continue  # made by another process meanwhile: not ours to change
        if os.name == "posix":
            os.chmod(folder, DIR_MODE)  # the umask may have taken bits off (or left group ones on)
    return path


def create_private_file(path: Path | str) -> bool:
    """Create ``path`` empty with mode 0600 unless it exists (then it is left as it is), so
    that whatever opens it next (SQLite, a log handler) finds it private. True if made here."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        return False
    try:
        if os.name == "posix":
            os.fchmod(fd, FILE_MODE)
    finally:
        os.close(fd)
    return True


def open_private(path: Path | str, mode: str = "w", **kwargs: Any) -> IO[Any]:
    """``open(path, mode)`` for a file asbdesk fills with its own data (an export, a log): a
    new file is made 0600; an existing regular file written from the start (``"w"``) is
    made 0600 too, before anything is written, since what goes in is personal data. A
    device or pipe (``/dev/stdout``) is written as it is. Modes ``w``, ``a``, ``x`` (+ ``b``)."""
    flags = {
        "w": os.O_WRONLY | os.O_CREAT | os.O_TRUNC,
        "a": os.O_WRONLY | os.O_CREAT | os.O_APPEND,
        "x": os.O_WRONLY | os.O_CREAT | os.O_EXCL,
    }[mode.replace("b", "").replace("t", "")]
    fd = os.open(path, flags | getattr(os, "O_BINARY", 0), FILE_MODE)
    try:
        if os.name == "posix":
            info = os.fstat(fd)
            if (
                stat.S_ISREG(info.st_mode)
                and stat.S_IMODE(info.st_mode) != FILE_MODE
                and (info.st_size == 0 or mode.startswith("w"))
            ):
                os.fchmod(fd, FILE_MODE)
        return os.fdopen(fd, mode, **kwargs)
    except BaseException:
        os.close(fd)
        raise


def _root(kind: str) -> Path:
    home = os.environ.get("ASBDESK_HOME")
    if home:
        return Path(home) / kind
    if kind == "data":
        return Path(platformdirs.user_data_dir(APP, appauthor=False))
    if kind == "config":
        return Path(platformdirs.user_config_dir(APP, appauthor=False))
    if kind == "documents":
        return Path(platformdirs.user_documents_dir()) / APP
    if kind == "cache":
        return Path(platformdirs.user_cache_dir(APP, appauthor=False))
    return Path(platformdirs.user_log_dir(APP, appauthor=False))


def data_dir(*, create: bool = True) -> Path:
    """The data folder; made (0700) unless ``create`` is False (``asbdesk db status`` makes nothing)."""
    path = _root("data")
    return private_dir(path) if create else path


def config_dir(*, create: bool = True) -> Path:
    path = _root("config")
    return private_dir(path) if create else path


def log_dir() -> Path:
    path = _root("logs")
    return private_dir(path)


def documents_dir() -> Path:
    """Where logs and slips the operator saves go (the user's documents folder)."""
    path = _root("documents")
    return private_dir(path)


def local_database_url(*, create: bool = True) -> str:
    return f"sqlite:///{data_dir(create=create) / 'asbdesk.sqlite'}"


def demo_database_url(pack_id: str = "default") -> str:
    """The demo database of a shipped pack (``asbdesk --demo --pack ID``): each pack's demo
    has callers whose history is in that pack's incident codes."""
    name = "demo.sqlite" if pack_id == "default" else f"demo-{pack_id}.sqlite"
    return f"sqlite:///{data_dir() / name}"


def cache_dir() -> Path:
    """Copies asbdesk can make again: published packs laid out as folders, the last site seen."""
    return private_dir(_root("cache"))


def outbox_path() -> Path:
    return data_dir() / "outbox.sqlite"


def database_url(*, create: bool = True) -> str:
    """The database to use: ASBDESK_DATABASE_URL, else the settings file, else local SQLite.
    ``create=False``: no folder is made on the way (to look, not to use)."""
    url = os.environ.get("ASBDESK_DATABASE_URL")
    if url:
        return url
    settings = config_dir(create=create) / "database_url"
    if settings.is_file():
        text = settings.read_text(encoding="utf-8").strip()
        if text:
            return text
    return local_database_url(create=create)
