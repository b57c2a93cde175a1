"""Questions asked of a stored database: its snapshots, what changed, timelines, SQL, exports, reconciliation.

Every call reads only (a path is opened read-only for the call, waiting up to
`lock_timeout` while a writer holds the file) and imports neither click nor Scrapy.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from casco_watch.library.connections import Database, reading
from casco_watch.pipeline import spool
from casco_watch.pipeline.catalog import (
    EXPORT_FORMATS,
    ExportError,
    confine_to_database,
    database_as_of,
    export_tables,
    stream_query,
)
from casco_watch.pipeline.changes import Diff, Rows, diff_snapshots
from casco_watch.pipeline.commit import refuse_future_date
from casco_watch.pipeline.history import committee_timeline as _committee_timeline
from casco_watch.pipeline.history import deliverable_timeline as _deliverable_timeline
from casco_watch.pipeline.history import member_timeline as _member_timeline
from casco_watch.pipeline.reconcile import Reconciliation
from casco_watch.pipeline.reconcile import reconcile as _reconcile
from casco_watch.pipeline.store import READER_LOCK_TIMEOUT, DatabaseError, default_db, open_database, read_snapshots
from casco_watch.schemas import Snapshot


def snapshots(db: Database | None = None, *, lock_timeout: float = READER_LOCK_TIMEOUT) -> list[Snapshot]:
    """Every stored snapshot, oldest first (`db` by default the CASCO_DB environment variable's, as for `casco`)."""
    with reading(db, lock_timeout) as con:
        return read_snapshots(con)


def spooled(db: str | Path | None = None) -> list[spool.SpoolEntry]:
    """The finished snapshots waiting in the spool beside `db` for the next command that writes (docs/locking.md)."""
    return spool.pending(default_db() if db is None else Path(db))


def diff(
    db: Database | None = None,
    from_snapshot: int | None = None,
    to_snapshot: int | None = None,
    committee: int | None = None,
    *,
    lock_timeout: float = READER_LOCK_TIMEOUT,
) -> Diff:
    """What changed between two snapshots; by default each part of the newest against its last complete state.

    `.summary()` is the `summary` of `casco diff --format json`, `.to_dict()` its whole JSON.
    """
    with reading(db, lock_timeout) as con:
        return diff_snapshots(con, from_snapshot, to_snapshot, committee)


def member_timeline(
    db: Database, member: str | int, committee: int | None = None, *, lock_timeout: float = READER_LOCK_TIMEOUT
) -> Rows:
    """A member body's seats (committee, status, from, to), by acronym or ISO member id: `casco history --member`."""
    with reading(db, lock_timeout) as con:
        return _member_timeline(con, str(member), committee)


def committee_timeline(db: Database, committee: int, *, lock_timeout: float = READER_LOCK_TIMEOUT) -> Rows:
    """A committee's P and O counts per complete snapshot and the seats changed: `casco history --committee`."""
    with reading(db, lock_timeout) as con:
        return _committee_timeline(con, committee)


def deliverable_timeline(db: Database, deliverable: str | int, *, lock_timeout: float = READER_LOCK_TIMEOUT) -> Rows:
    """A document's periods (status, stage, from, to), by ISO id or any reference it had: `casco history --deliverable`."""
    with reading(db, lock_timeout) as con:
        return _deliverable_timeline(con, str(deliverable))


@contextmanager
def query_batches(
    db: Database, sql: str, as_of: dt.date | None = None, *, lock_timeout: float = READER_LOCK_TIMEOUT
) -> Iterator[tuple[list[str], Iterator[list[tuple]]]]:
    """Run SQL that reads the database and nothing else: its columns, and its rows in batches read while the
    block runs (a result of any size in constant memory).

    A path is opened read-only and confined to itself (no files, extensions or other
    databases); with `as_of`, it is an in-memory copy without the snapshots dated later.
    An open connection is used as it is, and cannot be taken back in time.
    """
    if as_of is not None:
        refuse_future_date(as_of)
    if isinstance(db, duckdb.DuckDBPyConnection):
        if as_of is not None:
            raise DatabaseError("a query as of a date needs the database's path, not an open connection")
        yield stream_query(db, sql)
        return
    opened = (database_as_of(Path(db), as_of, lock_timeout) if as_of is not None
              else open_database(db, read_only=True, lock_timeout=lock_timeout))
    with opened as con:
        confine_to_database(con)
        yield stream_query(con, sql)


def query(
    db: Database, sql: str, as_of: dt.date | None = None, *, lock_timeout: float = READER_LOCK_TIMEOUT
) -> list[dict]:
    """`casco query`: the rows of SQL that reads the database (as it stood on `as_of`), one dict per row.

    Bad SQL, or SQL that reaches beyond the database, raises DatabaseError saying why.
    """
    with query_batches(db, sql, as_of, lock_timeout=lock_timeout) as (columns, batches):
        return [dict(zip(columns, row)) for batch in batches for row in batch]


@dataclass(frozen=True)
class Exported:
    """What `export` wrote: one file per stored table, in `format`, of every snapshot or of `snapshot` only."""

    files: list[Path]
    format: str
    snapshot: int | None


def export(
    db: Database,
    out_dir: str | Path,
    format: str = "parquet",
    snapshot: int | None = None,
    force: bool = False,
    *,
    lock_timeout: float = READER_LOCK_TIMEOUT,
) -> Exported:
    """`casco export`: every stored table written by DuckDB's COPY to `out_dir`, one file each (parquet, csv, json).

    Files already there are left alone and ExportError raised, unless `force`; an unknown
    snapshot raises DatabaseError.
    """
    if format not in EXPORT_FORMATS:
        raise ExportError(f"cannot export as {format!r}; choose one of {', '.join(sorted(EXPORT_FORMATS))}")
    with reading(db, lock_timeout) as con:
        files = export_tables(con, format, Path(out_dir), snapshot, overwrite=force)
    return Exported(files, format, snapshot)


def reconcile(db: Database, committee: int | None = None, *, lock_timeout: float = READER_LOCK_TIMEOUT) -> Reconciliation:
    """`casco reconcile`: per committee, where the latest complete site data and the Open Data snapshot nearest
    in date disagree (members, P/O status, liaisons; documents and stages). ReconcileError when nothing compares."""
    with reading(db, lock_timeout) as con:
        return _reconcile(con, committee)
