"""What can go wrong with a session store, as errors a user can read.

Every error the store lets out is a ``StoreError`` whose message is one line saying what is wrong
and what to do; the command line prints it and exits. Raw ``sqlite3`` errors never leave the
store (see ``sqlite_errors.py``), nor do ``psycopg`` errors (``pg_errors.py``).
"""

from __future__ import annotations

#: The "what to do" of most errors about the store file itself.
CHOOSE_ANOTHER = "choose another store with --store PATH or BREACHSIM_STORE"


class StoreError(Exception):
    """Base of every error the store raises; ``str(error)`` is the one-line message.

    ``code`` and ``values`` name the situation for an interface that says it in another
    language (the app's catalogue has ``store.<code>``); the message stays the English one."""

    def __init__(self, message: str, code: str | None = None, **values: object):
        super().__init__(message)
        self.code = code
        self.values = values


class StoreCorrupt(StoreError):
    """The file is not a SQLite database, or it is damaged."""


class ForeignStore(StoreError):
    """The file is a SQLite database, but another program's."""


class StoreTooNew(StoreError):
    """The store was written by a newer breachsim: its schema has migrations this one lacks."""


class StoreLocked(StoreError):
    """Another process held the store's write lock for longer than the busy timeout."""


class StoreReadOnly(StoreError):
    """The store, its folder or its disk cannot be written."""


class StoreFull(StoreError):
    """The disk holding the store is full."""


class ServerUnreachable(StoreError):
    """The PostgreSQL server cannot be reached, or the connection to it was lost."""


class AccessDenied(StoreError):
    """The PostgreSQL server refused the user: a wrong password, or a missing privilege."""


class DatabaseMissing(StoreError):
    """The PostgreSQL server has no database of the name the URL gives."""


class SessionNotFound(StoreError):
    """No session has this id (or starts with this prefix)."""


class AmbiguousSession(StoreError):
    """A prefix matches more than one session."""


class SessionExists(StoreError):
    """A session with this id is already in the store."""


class SeqConflict(StoreError):
    """The log moved on: another writer appended first. Re-read the events and retry.

    ``current`` is the session's highest seq at the time of the conflict.
    """

    def __init__(self, message: str, current: int):
        super().__init__(message)
        self.current = current


class BadExport(StoreError):
    """A JSONL export file that cannot be imported; the message starts with ``file:line:col``."""
