"""Where the shipped data lives: ``resources/``, ``ui/`` and ``db/``.

In a wheel or a PyInstaller bundle they sit inside the package (pyproject's
force-include, build.spec); in a source checkout they are at the repository top.
"""

from __future__ import annotations

import sys
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent


def data_dir(name: str) -> Path:
    """The folder ``name`` ('resources', 'ui' or 'db') as shipped with this install."""
    candidates = [_PACKAGE / name, _PACKAGE.parent / name]
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates.insert(0, Path(bundle) / "asbdesk" / name)
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"asbdesk's '{name}' folder is missing from this install (looked in {candidates[-1]})")


def packs_dir() -> Path:
    return data_dir("resources") / "packs"
