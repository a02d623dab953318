"""Where the shipped data lives: ``resources/``, ``ui/`` and ``db/``.

In a wheel or a PyInstaller bundle they sit inside the package (pyproject's
force-include, build.spec); in a source checkout they are at the repository top.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parents[2]  # the repository top, in a source checkout


def data_dir(name: str) -> Path:
    """The folder ``name`` ('resources', 'ui' or 'db') as shipped with this install: inside
    the package (a wheel, a PyInstaller bundle: found through importlib.resources), else at
    the top of a source checkout."""
    candidates = [Path(str(files("asbdesk") / name)), _CHECKOUT / name]
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"asbdesk's '{name}' folder is missing from this install (looked in {candidates[-1]})")


def packs_dir() -> Path:
    return data_dir("resources") / "packs"
