"""Where the session store lives, and opening it.

``--store`` wins, then the ``BREACHSIM_STORE`` environment variable, then one file per user in
the platform's data folder (``~/.local/share/breachsim/sessions.sqlite3`` on Linux). A
``postgresql://`` or ``postgres://`` URL there names a PostgreSQL database instead of a file
(``postgres.py``; docs/shared-store.md).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import platformdirs

from .base import SessionStore
from .errors import StoreError
from .sqlite import DEFAULT_BUSY_TIMEOUT, DEFAULT_SYNCHRONOUS, SqliteStore

ENV_VAR = "BREACHSIM_STORE"
FILENAME = "sessions.sqlite3"
_SCHEMES = ("postgresql://", "postgres://")
#: ``Path("postgresql://host/db")`` is ``postgresql:/host/db``: one slash short.
_COLLAPSED = re.compile(r"^(postgres(ql)?):/(?!/)")
NEEDS_EXTRA = ("the PostgreSQL store needs the postgres extra: "
               "pip install 'breachsim[postgres]'")


def store_location(location: str | Path | None = None) -> str | Path:
    """The store to open: a PostgreSQL URL as text, or the path of a SQLite file."""
    if location is None:
        location = os.environ.get(ENV_VAR, "").strip() or None
    if location is not None and (url := store_url(location)):
        return url
    return store_path(location)


def store_url(location: str | Path) -> str | None:
    """``location`` as a PostgreSQL URL, or ``None`` when it is a file path."""
    text = str(location)
    if isinstance(location, Path):
        text = _COLLAPSED.sub(r"\1://", text)
    return text if text.startswith(_SCHEMES) else None


def store_path(path: str | Path | None = None) -> Path:
    if path is not None:
        return Path(path).expanduser()
    from_env = os.environ.get(ENV_VAR, "").strip()
    if from_env:
        return Path(from_env).expanduser()
    return platformdirs.user_data_path("breachsim", appauthor=False) / FILENAME


def open_store(path: str | Path | None = None, *, synchronous: str = DEFAULT_SYNCHRONOUS,
               busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
               read_only: bool = False, existing: bool = False) -> SessionStore:
    """Open the store for writing (creating it and its folders if needed), or for reading
    only, writing nothing (a missing store is then created as for writing, empty). With
    ``existing``, a store file that is not there is refused, not made: a command that takes
    part in a session already running must not start an empty store at a mistyped path.

    ``synchronous`` and ``busy_timeout`` are SQLite's; PostgreSQL commits durably and waits
    for other writers without them."""
    location = store_location(path)
    if isinstance(location, str):
        try:
            from .postgres import PostgresStore  # only here: psycopg takes long to import
        except ModuleNotFoundError as exc:
            if (exc.name or "").split(".")[0] != "psycopg":
                raise
            raise StoreError(NEEDS_EXTRA, code="pg_extra_missing") from None
        return PostgresStore(location, read_only=read_only)
    if existing and not location.exists():
        raise StoreError(f"no session store at {location}: no session has run with it yet; "
                         f"--store or {ENV_VAR} names the store the session runs in",
                         code="no_store", path=str(location))
    return SqliteStore(location, synchronous=synchronous, busy_timeout=busy_timeout,
                       read_only=read_only and location.exists())
