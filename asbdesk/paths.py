"""The one place that knows where asbdesk keeps its files (STYLE.md habit 7).

Data (the local database, the outbox), config and logs come from platformdirs;
``ASBDESK_HOME`` moves all of them under one folder (tests, portable installs).
Nothing else in asbdesk touches the home directory.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "asbdesk"


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
    return Path(platformdirs.user_log_dir(APP, appauthor=False))


def data_dir() -> Path:
    path = _root("data")
    path.mkdir(parents=True, exist_ok=True)
    return path


def config_dir() -> Path:
    path = _root("config")
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_dir() -> Path:
    path = _root("logs")
    path.mkdir(parents=True, exist_ok=True)
    return path


def documents_dir() -> Path:
    """Where logs and slips the operator saves go (the user's documents folder)."""
    path = _root("documents")
    path.mkdir(parents=True, exist_ok=True)
    return path


def local_database_url() -> str:
    return f"sqlite:///{data_dir() / 'asbdesk.sqlite'}"


def demo_database_url() -> str:
    return f"sqlite:///{data_dir() / 'demo.sqlite'}"


def outbox_path() -> Path:
    return data_dir() / "outbox.sqlite"


def database_url() -> str:
    """The database to use: ASBDESK_DATABASE_URL, else the settings file, else local SQLite."""
    url = os.environ.get("ASBDESK_DATABASE_URL")
    if url:
        return url
    settings = config_dir() / "database_url"
    if settings.is_file():
        text = settings.read_text(encoding="utf-8").strip()
        if text:
            return text
    return local_database_url()
