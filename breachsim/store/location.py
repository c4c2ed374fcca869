"""Where the session store lives, and opening it.

``--store PATH`` wins, then the ``BREACHSIM_STORE`` environment variable, then one file per
user in the platform's data folder (``~/.local/share/breachsim/sessions.sqlite3`` on Linux).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from .base import SessionStore
from .sqlite import DEFAULT_BUSY_TIMEOUT, DEFAULT_SYNCHRONOUS, SqliteStore

ENV_VAR = "BREACHSIM_STORE"
FILENAME = "sessions.sqlite3"


def store_path(path: str | Path | None = None) -> Path:
    if path is not None:
        return Path(path).expanduser()
    from_env = os.environ.get(ENV_VAR, "").strip()
    if from_env:
        return Path(from_env).expanduser()
    return platformdirs.user_data_path("breachsim", appauthor=False) / FILENAME


def open_store(path: str | Path | None = None, *, synchronous: str = DEFAULT_SYNCHRONOUS,
               busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
               read_only: bool = False) -> SessionStore:
    """Open the store for writing (creating it and its folders if needed), or for reading
    only, writing nothing (a missing store is then created as for writing, empty)."""
    path = store_path(path)
    return SqliteStore(path, synchronous=synchronous, busy_timeout=busy_timeout,
                       read_only=read_only and path.exists())
