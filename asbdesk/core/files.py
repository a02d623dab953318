"""Reading a file a person names, within limits (issue 20): only a regular file, never
more than a stated size, refused in words before anything is read when it is a device, a
pipe, a folder or too large. ``/dev/zero`` is refused at once, not read until memory runs
out.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from asbdesk.core import messages
from asbdesk.core.messages import Refused


class FileRefused(Refused):
    """The file cannot be used; the message says why, in words."""


def read_limited(path: str | Path, limit: int, what: str = "file") -> bytes:
    """The bytes of ``path``: a regular file of at most ``limit`` bytes. Raises
    :class:`FileRefused` naming ``what`` and the limit otherwise (checked with fstat
    before reading, and again while reading, since a file can grow)."""
    path = Path(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise FileRefused(messages.FILE_MISSING, what=what, path=path) from None
    except OSError as error:
        raise FileRefused(
            messages.FILE_UNREADABLE, what=what, path=path, problem=error.strerror or type(error).__name__
        ) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise FileRefused(messages.FILE_IS_A_FOLDER, what=what, path=path)
        if not stat.S_ISREG(info.st_mode):
            raise FileRefused(messages.FILE_NOT_REGULAR, what=what, path=path)
        if info.st_size > limit:
            raise FileRefused(messages.FILE_TOO_LARGE, what=what, path=path, size=info.st_size, limit=limit)
    except BaseException:
        os.close(fd)
        raise
    with os.fdopen(fd, "rb") as handle:
        try:
            data = handle.read(limit + 1)
        except OSError as error:
            raise FileRefused(
                messages.FILE_UNREADABLE, what=what, path=path, problem=error.strerror or type(error).__name__
            ) from None
    if len(data) > limit:
        raise FileRefused(messages.FILE_GREW_TOO_LARGE, what=what, path=path, limit=limit)
    return data


def shown(value: object, limit: int = 80) -> str:
    """``value`` as it may be quoted in a message: at most ``limit`` characters (a 900 KB
    value is never echoed whole), the rest counted."""
    text = value if isinstance(value, str) else repr(value)
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text) - limit:,} more characters)"
