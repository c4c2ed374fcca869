"""Turn ``sqlite3`` and file-system errors into ``StoreError``s a user can act on.

SQLite reports what went wrong as a result code (``sqlite_errorcode``, extended; the low byte
is the primary code). The code, not the English message, decides the error class.
"""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from .errors import (
    CHOOSE_ANOTHER,
    StoreCorrupt,
    StoreError,
    StoreFull,
    StoreLocked,
    StoreReadOnly,
)

_READ_ONLY = {sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM}


def translate(exc: sqlite3.Error, location: str, busy_timeout: float) -> StoreError:
    code = getattr(exc, "sqlite_errorcode", -1) & 0xFF
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return StoreLocked(f"{location} is locked by another process (waited {busy_timeout:g} s); "
                           "close other breachsim windows using it, or try again",
                           code="locked", location=location)
    if code == sqlite3.SQLITE_NOTADB:
        return not_a_database(location)
    if code == sqlite3.SQLITE_CORRUPT:
        return StoreCorrupt(f"{location} is damaged ({exc}); move it aside and import your "
                            f"session exports into a new store, or {CHOOSE_ANOTHER}",
                            code="damaged", location=location)
    if code in _READ_ONLY:
        return StoreReadOnly(f"cannot write to {location}: the file, its folder or the disk is "
                             f"read-only ({exc}); fix the permissions or {CHOOSE_ANOTHER}",
                             code="read_only", location=location)
    if code == sqlite3.SQLITE_FULL:
        return StoreFull(f"the disk holding {location} is full; free some space and try again",
                         code="full", location=location)
    if code == sqlite3.SQLITE_IOERR:
        return StoreError(f"cannot read or write {location} (disk I/O error: {exc}); check the "
                          f"disk, or {CHOOSE_ANOTHER}", code="io", location=location)
    return StoreError(f"{location}: unexpected database error ({exc}); please report this")


def not_a_database(location: str) -> StoreCorrupt:
    return StoreCorrupt(f"{location} is not a breachsim session store (not a SQLite database, "
                        f"or its header is damaged); move it aside or {CHOOSE_ANOTHER}",
                        code="not_a_store", location=location)


def folder_error(exc: OSError, location: str) -> StoreError:
    """An error creating the store's folder."""
    why = exc.strerror or str(exc)
    if isinstance(exc, PermissionError) or exc.errno == errno.EROFS:
        return StoreReadOnly(f"cannot create the folder for {location}: {why}; "
                             f"fix the permissions or {CHOOSE_ANOTHER}")
    return StoreError(f"cannot create the folder for {location}: {why}; {CHOOSE_ANOTHER}")


@contextmanager
def translated(location: str, busy_timeout: float) -> Iterator[None]:
    try:
        yield
    except sqlite3.Error as exc:
        raise translate(exc, location, busy_timeout) from exc
