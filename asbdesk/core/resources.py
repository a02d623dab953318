"""Where the shipped data lives: ``resources/``, ``ui/`` and ``db/``.

In a wheel or a PyInstaller bundle they sit inside the package (pyproject's
force-include, build.spec); in a source checkout they are at the repository top.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parents[1]  # the asbdesk package folder (a wheel, a bundle)
_CHECKOUT = _PACKAGE.parent  # the repository top, in a source checkout


def data_dir(name: str) -> Path:
    """The folder ``name`` ('resources', 'ui' or 'db') as shipped with this install: inside
    the package folder (a wheel, a PyInstaller bundle, which puts the package's files beside
    its modules), else at the top of a source checkout. (Not importlib.resources: ~5 ms to
    import before the desk's first paint, issue 24.2, for a package that is always a folder.)"""
    candidates = [_PACKAGE / name, _CHECKOUT / name]
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"asbdesk's '{name}' folder is missing from this install (looked in {candidates[-1]})")


def packs_dir() -> Path:
    return data_dir("resources") / "packs"
