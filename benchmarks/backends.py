"""The two session stores a multi-process benchmark measures: ``RUNS`` new SQLite files in a
temporary folder, then ``RUNS`` new databases on a throwaway PostgreSQL server that waits for
the disk (or a server given by its URL)."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path


def on_each_backend(measure: Callable[[str, list[str]], None], runs: int,
                    url: str | None = None) -> None:
    """``measure(name, locations)`` on SQLite and on PostgreSQL."""
    with tempfile.TemporaryDirectory() as scratch:
        measure("SQLite", [str(Path(scratch, f"{run}.sqlite3")) for run in range(runs)])
    if url is not None:
        measure("PostgreSQL", [url] * runs)
        return
    from tests.pg_support import durable_server

    with durable_server() as server:
        if server is None:
            print("  PostgreSQL: not measured (no PostgreSQL server programs on this machine)")
            return
        measure("PostgreSQL", [server.url(server.new_database()) for _ in range(runs)])
