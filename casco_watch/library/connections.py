"""How a library call reaches the database it is given: a path, opened for the call only, or an open connection."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from casco_watch.pipeline.store import READER_LOCK_TIMEOUT, DatabaseError, default_db, open_database

Database = str | Path | duckdb.DuckDBPyConnection


@contextmanager
def reading(db: Database | None, lock_timeout: float = READER_LOCK_TIMEOUT) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to `db` (None: `default_db()`, the CASCO_DB environment variable's, as for `casco`)
    for the length of the block; an open connection is used as it is.

    A file from before the history views reads as a DatabaseError that says how to install them.
    """
    db = default_db() if db is None else db
    try:
        if isinstance(db, duckdb.DuckDBPyConnection):
            yield db
            return
        with open_database(db, read_only=True, lock_timeout=lock_timeout) as con:
            yield con
    except duckdb.CatalogException as error:
        raise DatabaseError(
            f"{db} lacks the history views this casco-watch reads ({str(error).splitlines()[0]}); "
            "write to it once with this version (e.g. `casco crawl`) to install them"
        ) from error
