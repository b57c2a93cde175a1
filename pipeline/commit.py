"""Committing a finished snapshot: stored in one transaction once the file is free, spooled to disk meanwhile.

Every writer goes through `commit_snapshot`: the Scrapy item pipeline at the end
of a crawl and the library's `store_snapshot` / `load_opendata`. So no finished
snapshot is lost because another process had the database open (it waits in the
spool, see pipeline/spool.py), none is dated after today, and none is stored twice
(a spool committed again, or the same dump for the same day, finds its stored twin).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from casco_watch.pipeline import spool
from casco_watch.pipeline.collect import CollectedSnapshot
from casco_watch.pipeline.store import (
    WRITER_LOCK_TIMEOUT,
    DatabaseError,
    DatabaseInUse,
    open_database,
    read_snapshots,
    stored_twin,
    write_snapshot,
)
from casco_watch.schemas import Snapshot

logger = logging.getLogger(__name__)


class FutureDateError(ValueError):
    """An as-of date after today: a snapshot records a day that has happened."""


class SnapshotSpooled(DatabaseInUse):
    """The database stayed in use past the lock timeout; the snapshot waits in the spool for the next writer."""


@dataclass(frozen=True)
class Committed:
    """The snapshot as stored; `skipped` when it repeated one already stored, which is then the one given."""

    snapshot: Snapshot
    skipped: bool = False


def today() -> dt.date:
    """The later of the local and the UTC date: crawls are dated in UTC, people think in local time."""
    return max(dt.date.today(), dt.datetime.now(dt.timezone.utc).date())


def refuse_future_date(as_of: dt.date) -> None:
    if as_of > today():
        raise FutureDateError(
            f"the as-of date {as_of} is after today ({today()}): a snapshot records a day that has happened; "
            "give a date up to today"
        )


def _commit(
    con: duckdb.DuckDBPyConnection,
    snapshot: Snapshot,
    load: Callable[[], CollectedSnapshot],
    max_vanish: float | None = None,
) -> Committed:
    """Write the snapshot unless a twin is stored; `load` gives its tables, read only when they are written."""
    twin = stored_twin(con, snapshot)
    if twin is None:
        return Committed(write_snapshot(con, load(), max_vanish=max_vanish))
    snapshot_id, same_run = twin
    return Committed(read_snapshots(con, snapshot_id)[0], skipped=not same_run)


def _commit_spooled(
    con: duckdb.DuckDBPyConnection,
    db_path: Path,
    own: str | None = None,
    max_vanish: float | None = None,
    own_collected: CollectedSnapshot | None = None,
) -> dict[str, Committed | Exception]:
    """Commit the spool of `db_path` in order; what was not this command's `own` entry is reported as it goes in.

    `max_vanish` is the plausibility share for the `own` entry; others spooled by other commands get the default.
    The `own` entry's tables are taken from `own_collected`, still in memory, rather than read back from disk.
    """
    outcomes: dict[str, Committed | Exception] = {}
    # Listed only once the file is ours: another writer may have committed some meanwhile.
    for entry in spool.pending(db_path):
        try:
            mine = entry.name == own
            share = max_vanish if mine else None
            load = (lambda: own_collected) if mine and own_collected is not None else entry.load
            committed = outcomes[entry.name] = _commit(con, entry.snapshot, load, share)
        except (duckdb.Error, OSError, pa.ArrowException) as error:
            logger.error("could not commit the spooled snapshot %s: %s; it stays in the spool", entry.path, error)
            outcomes[entry.name] = error
            continue
        spool.discard(entry)
        if entry.name != own:
            stored = committed.snapshot
            logger.info(
                "%s the spooled snapshot of %s (as of %s) %s %s",
                "skipped" if committed.skipped else "committed", entry.snapshot.source, entry.snapshot.as_of,
                "already stored as" if committed.skipped else "as", stored.describe(),
            )
    return outcomes


def commit_pending(db_path: Path, *, lock_timeout: float = WRITER_LOCK_TIMEOUT) -> dict[str, Committed | Exception]:
    """Commit every snapshot spooled for `db_path`, oldest first, each in its own transaction.

    Returns, by spool entry name, what was committed or the error that left the
    entry in the spool; one bad entry does not hold back those after it.
    Raises DatabaseInUse if the file stays locked for `lock_timeout` seconds.
    """
    with open_database(db_path, lock_timeout=lock_timeout) as con:
        return _commit_spooled(con, db_path)


def _commit_if_free(db_path: Path, collected: CollectedSnapshot, max_vanish: float | None) -> Committed | None:
    """Commit at once, after the spool, when the file is free now; None when it is in use.

    A snapshot whose source can be read again needs no copy on disk while nothing stands in its way: writing the
    spool's Parquet files (fsync'd) and removing them cost an Open Data import ~0.1 s of CPU and more of waiting.
    If the commit fails, it is spooled after all and DatabaseError says where it is kept.
    """
    try:
        con = open_database(db_path, lock_timeout=0)
    except DatabaseInUse:
        return None
    with con:
        _commit_spooled(con, db_path)
        try:
            return _commit(con, collected.snapshot, lambda: collected, max_vanish)
        except (duckdb.Error, OSError, pa.ArrowException) as error:
            entry = spool.spool(db_path, collected)
            raise DatabaseError(f"could not store the snapshot: {error}; it is kept in {entry.path}") from error


def commit_snapshot(
    db: Path | str | duckdb.DuckDBPyConnection,
    collected: CollectedSnapshot,
    *,
    lock_timeout: float = WRITER_LOCK_TIMEOUT,
    max_vanish: float | None = None,
    spool_first: bool = True,
) -> Committed:
    """Store a finished snapshot without ever losing it, after any snapshots still waiting in the spool.

    Given a path, the snapshot is spooled beside the database, then committed as
    soon as the file can be opened for writing, waiting up to `lock_timeout`
    seconds; if it cannot, SnapshotSpooled says where it waits. `spool_first=False`
    (for a source that can be read again, such as a dump file) commits at once
    when the file is free and spools only when it is not. Given an open
    connection, it is written there directly: that connection already holds the file.
    `max_vanish` goes to the plausibility check (pipeline/plausibility.py; None: its default).
    """
    refuse_future_date(collected.snapshot.as_of)
    if isinstance(db, duckdb.DuckDBPyConnection):
        return _commit(db, collected.snapshot, lambda: collected, max_vanish)
    db_path = Path(db)
    if not spool_first and (committed := _commit_if_free(db_path, collected, max_vanish)) is not None:
        return committed
    entry = spool.spool(db_path, collected)
    try:
        with open_database(db_path, lock_timeout=lock_timeout) as con:
            outcome = _commit_spooled(
                con, db_path, own=entry.name, max_vanish=max_vanish, own_collected=collected
            ).get(entry.name)
            if outcome is None:  # another writer committed it first: find it stored
                outcome = _commit(con, entry.snapshot, entry.load, max_vanish)
    except DatabaseInUse as error:
        raise SnapshotSpooled(
            f"the database {db_path} stayed in use by another process ({error.holder}) for {lock_timeout:g} s, "
            f"so the snapshot (as of {collected.snapshot.as_of}, {collected.snapshot.status}) is kept in {entry.path}; "
            "the next command that writes to the database commits it, and `casco snapshots` lists it",
            error.holder,
        ) from error
    if isinstance(outcome, Exception):
        raise DatabaseError(f"could not store the snapshot: {outcome}; it is kept in {entry.path}") from outcome
    return outcome
