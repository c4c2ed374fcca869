"""Whether a file is a store of ours, judged from its first bytes before SQLite opens it.

Opening a store switches it to WAL mode, a write, before its schema can be read; another
program's database must be refused before that, and left as it was. The SQLite file header
(https://www.sqlite.org/fileformat.html) says enough: its ``application_id``, its
``user_version``, its journal mode and whether its schema is empty.
"""

from __future__ import annotations

from pathlib import Path

from .migrations import APPLICATION_ID, foreign
from .sqlite_errors import not_a_database

_MAGIC = b"SQLite format 3\x00"
#: The file header and the b-tree header of page 1, which holds the schema.
_READ = 108
_WAL = 2
_LEAF_TABLE = 0x0D


def check_ours(path: Path, location: str) -> None:
    """Refuse, reading only, a file that is not a store of ours nor a new, empty one."""
    try:
        with path.open("rb") as handle:
            head = handle.read(_READ)
    except OSError:
        return  # missing (a new store) or unreadable: SQLite says which
    if not head:
        return
    if len(head) < _READ or not head.startswith(_MAGIC):
        raise not_a_database(location)
    version = int.from_bytes(head[60:64], "big")
    app_id = int.from_bytes(head[68:72], "big")
    if app_id == APPLICATION_ID or (app_id == 0 and version == 0 and _maybe_new(path, head)):
        return
    raise foreign(location)


def _maybe_new(path: Path, head: bytes) -> bool:
    """An empty database, or one in WAL mode whose newest pages (a new store's first
    migration among them) are in its ``-wal`` file, where the schema check reads them."""
    empty_schema = head[100] == _LEAF_TABLE and head[103:105] == b"\0\0"
    return empty_schema or (head[18] == _WAL and Path(f"{path}-wal").exists())
