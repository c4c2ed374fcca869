"""The session store: where events are recorded durably, and sessions exported and imported.

``open_store()`` gives the embedded SQLite store, or the PostgreSQL one for a
``postgresql://`` URL; everything else talks to the ``SessionStore`` interface. Errors are
``StoreError`` subclasses with one-line messages.
"""

from .base import SessionStore
from .errors import (
    AccessDenied,
    AmbiguousSession,
    BadExport,
    DatabaseMissing,
    ForeignStore,
    SeqConflict,
    ServerUnreachable,
    SessionExists,
    SessionNotFound,
    StoreCorrupt,
    StoreError,
    StoreFull,
    StoreLocked,
    StoreReadOnly,
    StoreTooNew,
)
from .header import ENDED, RUNNING, SessionHeader, new_session_id
from .jsonl import export_session, export_text, import_session, read_export
from .location import open_store, store_location, store_path, store_url
from .sqlite import SqliteStore

__all__ = [
    "ENDED",
    "RUNNING",
    "AccessDenied",
    "AmbiguousSession",
    "BadExport",
    "DatabaseMissing",
    "ForeignStore",
    "SeqConflict",
    "ServerUnreachable",
    "SessionExists",
    "SessionHeader",
    "SessionNotFound",
    "SessionStore",
    "SqliteStore",
    "StoreCorrupt",
    "StoreError",
    "StoreFull",
    "StoreLocked",
    "StoreReadOnly",
    "StoreTooNew",
    "export_session",
    "export_text",
    "import_session",
    "new_session_id",
    "open_store",
    "read_export",
    "store_location",
    "store_path",
    "store_url",
]
