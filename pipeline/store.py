"""The DuckDB file: opening it safely, keeping its schema current, writing one snapshot atomically.

Every statement that defines storage or history lives in `pipeline/sql/`; this
module only runs them. A snapshot is written in one transaction, so a crash or
a kill during the write leaves the database exactly as it was before.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import re
import time
from pathlib import Path

import duckdb
import pyarrow as pa

from casco_watch.pipeline.collect import CollectedSnapshot
from casco_watch.pipeline.digests import record_digests
from casco_watch.pipeline.plausibility import judge_later, judge_plausibility, settled
from casco_watch.pipeline.series import rebuild_all, record_snapshot
from casco_watch.pipeline.sql_files import sql_text
from casco_watch.schemas import (
    COMMITTEE_KEYED_TABLES,
    HISTORY_FIELDS,
    MODEL_OF_TABLE,
    RECORD_TABLES,
    PageRow,
    Snapshot,
    SnapshotPart,
)

SCHEMA_VERSION = 6
"""6 adds no table: it marks the files whose views and macros are kept by `schema_digest`, so a casco-watch from
before the digest (which re-created its own views on every write and left the digest as it was) refuses to
write to them instead of leaving views this version would then trust."""
_UPGRADES = {1: "upgrade_1_to_2.sql", 2: "upgrade_2_to_3_pages.sql", 4: "upgrade_4_to_5.sql"}
"""From each older schema version, the file that brings it one version up."""
_SERIES_KEPT = 5
"""The first schema version that keeps the series and periods (pipeline/series.py) and part digests
(pipeline/digests.py), from which the series' `changed` is read; older files get them built, as does a file
written before a table's periods were kept (schemas.HISTORY_FIELDS)."""
_TABLE_UPGRADES = {
    2: (RECORD_TABLES, "upgrade_2_to_3.sql", "upgrade_2_to_3_rows.sql"),
    3: ((PageRow.table,), "upgrade_3_to_4_pages.sql", "upgrade_3_to_4_pages_rows.sql"),
}
"""From each older schema version, the tables rebuilt and the files run for each (as {table}) before and after
schema.sql to bring it up: a table that gains a CHECK is moved aside, recreated, and its rows moved back."""
READER_LOCK_TIMEOUT = 30.0
"""Seconds a reading command waits for a writer to let go of the file."""
WRITER_LOCK_TIMEOUT = 600.0
"""Seconds a writer waits to commit a finished snapshot; the snapshot stays in the spool if the lock never comes."""
_FIRST_PAUSE, _LONGEST_PAUSE = 0.05, 1.0
"""Backoff between attempts to open a locked file: short, since a reader holds it for one command only."""

logger = logging.getLogger(__name__)


def default_db() -> Path:
    """The database when none is named, for every command, crawl and library call: the CASCO_DB environment
    variable, else output/casco.duckdb. Read when called, so each call sees the environment it runs in."""
    return Path(os.environ.get("CASCO_DB") or Path("output") / "casco.duckdb")


class DatabaseError(Exception):
    """A problem with the database file that the user can act on; the message says what to do."""


class NotADatabase(DatabaseError):
    """The file is not a DuckDB database at all (SQLite, text, empty): nothing of casco-watch can be in it."""


class DatabaseInUse(DatabaseError):
    """Another process held the file for longer than we were willing to wait; `holder` names it."""

    def __init__(self, message: str, holder: str):
        super().__init__(message)
        self.holder = holder


def _holder(error: duckdb.Error) -> str:
    """The process DuckDB names as holding the file's lock, with its command line when it can be read."""
    found = re.search(r"\(PID (\d+)\)", str(error))
    if not found:
        return "a process DuckDB did not name"
    pid = found.group(1)
    try:
        command = " ".join(Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace").replace("\0", " ").split())
    except OSError:
        command = ""
    command = command if len(command) <= 80 else command[:77] + "..."
    return f"PID {pid}: {command}" if command else f"PID {pid}"


NO_EXTENSION_LOADING = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
"""Set on every connection: DuckDB must never fetch or load code because a file or a query names an extension.

They are SET right after connecting rather than given as connect config: DuckDB refuses a second connection
to one file in a process whose config differs, which would break any library caller or test that also opens
the file. The settings belong to the open database, so they hold for every connection to it; and a file that
is not DuckDB, the one thing that made DuckDB load an extension while connecting, is refused before."""
NO_PROGRESS_BAR = {"enable_progress_bar": False}
"""Set on every connection too: a long query (an upgrade of a million rows) must not draw DuckDB's progress bar
into a command's output or a crawl's log."""
_DUCKDB_MAGIC, _MAGIC_OFFSET = b"DUCK", 8
"""A DuckDB file carries these bytes after its 8-byte header checksum."""
MEMORY = ":memory:"


def refuse_foreign_file(path: Path) -> None:
    """NotADatabase when `path` exists and is not a DuckDB file, before DuckDB is asked to open it.

    Given a SQLite file, DuckDB would reach for its sqlite extension; this check keeps it from ever trying.
    """
    try:
        with open(path, "rb") as file:
            head = file.read(_MAGIC_OFFSET + len(_DUCKDB_MAGIC))
    except FileNotFoundError:
        return
    except IsADirectoryError:
        raise NotADatabase(f"{path} is a folder, not a casco-watch database; give --db a file path") from None
    except OSError as error:
        raise DatabaseError(f"cannot read {path}: {error.strerror}") from None
    if head[_MAGIC_OFFSET:] != _DUCKDB_MAGIC:
        raise NotADatabase(
            f"{path} is not a casco-watch database (not a DuckDB file); choose another --db path"
        )


def reading_failed(error: BaseException) -> bool:
    """Whether DuckDB could not read its own file to the end: the file is damaged, not the request."""
    return isinstance(error, duckdb.IOException) and "read enough bytes" in str(error)


def damaged_database(error: duckdb.IOException) -> DatabaseError:
    """A DuckDB file that cannot be read to its end (cut short, overwritten); DuckDB's message names the file."""
    return DatabaseError(
        f"a database could not be read: {str(error).splitlines()[0]}. The file is damaged (perhaps cut short): "
        "restore it from a copy or use --db for another file"
    )


def _connect(path: Path, read_only: bool, lock_timeout: float) -> duckdb.DuckDBPyConnection:
    """Connect, retrying with backoff while another process holds a conflicting lock, up to `lock_timeout` seconds.

    DuckDB allows one writing process or any number of reading ones per file, and
    fails at once otherwise; waiting here turns a moment's overlap into a delay
    instead of lost work.
    """
    if str(path) != MEMORY:
        refuse_foreign_file(path)
    deadline = time.monotonic() + lock_timeout
    pause = _FIRST_PAUSE
    announced = False
    while True:
        try:
            con = duckdb.connect(str(path), read_only=read_only)
            con.execute("; ".join(f"SET {name} = {str(value).lower()}"
                                  for name, value in {**NO_EXTENSION_LOADING, **NO_PROGRESS_BAR}.items()))
            return con
        except duckdb.IOException as error:
            if "lock" not in str(error).lower():
                raise damaged_database(error) if reading_failed(error) else DatabaseError(
                    f"cannot open the database {path}: {str(error).splitlines()[0]}") from error
            holder = _holder(error)
            if time.monotonic() >= deadline:
                raise DatabaseInUse(
                    f"the database {path} is in use by another process ({holder}); waited {lock_timeout:g} s. "
                    "Try again when it has finished, raise --lock-timeout, or use --db for another file",
                    holder,
                ) from error
            if not announced:
                logger.warning(
                    "waiting up to %g s to open %s for %s: it is held by %s",
                    lock_timeout, path, "reading" if read_only else "writing", holder,
                )
                announced = True
            time.sleep(min(pause, max(deadline - time.monotonic(), 0)))
            pause = min(pause * 2, _LONGEST_PAUSE)
        except duckdb.Error as error:
            raise DatabaseError(f"{path} is not a DuckDB database this tool can open: {error}") from error


def _stored_schema(con: duckdb.DuckDBPyConnection, path: Path, read_only: bool) -> tuple[int | None, str | None]:
    """The file's schema version (None: an empty file) and the digest of the schema last installed in it.

    casco_meta is read first: opening a casco-watch file lists no tables of the catalog."""
    try:
        try:
            meta = dict(con.execute(
                "SELECT key, value FROM casco_meta WHERE key IN ('schema_version', 'schema_digest')").fetchall())
        except duckdb.CatalogException:
            if con.execute("SELECT table_name FROM duckdb_tables()").fetchall():
                raise DatabaseError(
                    f"{path} holds tables but is not a casco-watch database; choose another --db path") from None
            return None, None
    except duckdb.IOException as error:
        raise damaged_database(error) from error
    if "schema_version" not in meta:
        raise DatabaseError(f"{path} has no schema version recorded; it was not written by casco-watch")
    version = int(meta["schema_version"])
    if version > SCHEMA_VERSION:
        raise DatabaseError(
            f"{path} was written by a newer casco-watch (schema {version}; this one knows {SCHEMA_VERSION}); "
            "upgrade casco-watch to read it"
        )
    if version < SCHEMA_VERSION and read_only:
        raise DatabaseError(
            f"{path} has schema {version}, older than this casco-watch's {SCHEMA_VERSION}; "
            "run one writing command on it (e.g. `casco crawl` or `casco import-opendata`) to upgrade it in place"
        )
    return version, meta.get("schema_digest")


def _views_sql() -> str:
    """The views and macros over the tables of schema.sql, each per-table file filled in for every table, in the
    order they build on each other: one script, run in one execute."""
    part_rows, kept_history, latest_records = map(sql_text, ("part_rows.sql", "kept_history.sql", "latest_records.sql"))
    parts = []
    for table in RECORD_TABLES:
        part_committee = "committee_id" if table in COMMITTEE_KEYED_TABLES else "NULL::BIGINT"
        parts.append(part_rows.format(table=table, part_committee=part_committee))
    parts.append(sql_text("history.sql"))
    for table, fields in HISTORY_FIELDS.items():
        fact = "{" + ", ".join(f"'{field}': {field}" for field in fields) + "}"
        parts.append(kept_history.format(table=table, name=MODEL_OF_TABLE[table].__name__.lower(), fact=fact))
    parts.append(sql_text("history_periods.sql"))
    parts += [latest_records.format(table=table) for table in RECORD_TABLES]
    return "\n".join(parts)


def _schema_digest(tables_sql: str, views_sql: str) -> str:
    """What casco_meta keeps of the schema a writing open installed: a file whose digest matches has it all, so
    the open leaves it alone; any change to a file of it (or to the tables it is filled in for) installs it again."""
    return hashlib.sha256(f"{SCHEMA_VERSION}\n{tables_sql}\n{views_sql}".encode()).hexdigest()


def _install_schema(con: duckdb.DuckDBPyConnection, version: int | None, tables_sql: str, views_sql: str) -> None:
    """Upgrade an older file step by step, create missing tables, (re)create the views and macros: one transaction."""
    con.begin()
    steps = range(version or SCHEMA_VERSION, SCHEMA_VERSION)
    existing = {row[0] for row in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    for step in steps:
        if step in _UPGRADES:
            con.execute(sql_text(_UPGRADES[step]))
    rebuilt = [(step, table) for step in steps if step in _TABLE_UPGRADES
               for table in _TABLE_UPGRADES[step][0] if table in existing]
    for step, table in rebuilt:
        con.execute(sql_text(_TABLE_UPGRADES[step][1]).format(table=table))
    con.execute(tables_sql)
    for step, table in rebuilt:
        con.execute(sql_text(_TABLE_UPGRADES[step][2]).format(table=table))
    con.execute(views_sql)
    new_periods = [table for table in HISTORY_FIELDS if f"{table}_periods" not in existing]
    if version is not None and (version < _SERIES_KEPT or new_periods):
        if version < _SERIES_KEPT:
            record_digests(con)
        rebuild_all(con)
    con.execute(
        "INSERT OR REPLACE INTO casco_meta VALUES ('schema_version', ?), ('schema_digest', ?)",
        [str(SCHEMA_VERSION), _schema_digest(tables_sql, views_sql)],
    )
    con.commit()


def require_database(path: Path) -> None:
    """DatabaseError unless a file is at `path`: for commands that read or change what is stored, never create it."""
    if not path.exists():
        raise DatabaseError(f"no database at {path} yet; run `casco crawl` (or `casco demo`) first, or pass --db")


def memory_database() -> duckdb.DuckDBPyConnection:
    """An empty casco-watch database in memory: the schema, views and macros, and no rows."""
    con = _connect(Path(MEMORY), read_only=False, lock_timeout=0)
    _install_schema(con, None, sql_text("schema.sql"), _views_sql())
    return con


def open_database(
    path: Path | str | None = None, *, read_only: bool = False, lock_timeout: float | None = None
) -> duckdb.DuckDBPyConnection:
    """Open (and for writing, create or bring up to date) a casco-watch database: `path`, else `default_db()`.

    While another process holds a conflicting lock, wait up to `lock_timeout`
    seconds (default READER_LOCK_TIMEOUT or WRITER_LOCK_TIMEOUT), then raise DatabaseInUse.
    """
    path = default_db() if path is None else Path(path)
    if lock_timeout is None:
        lock_timeout = READER_LOCK_TIMEOUT if read_only else WRITER_LOCK_TIMEOUT
    if read_only:
        require_database(path)
        con = _connect(path, read_only=True, lock_timeout=lock_timeout)
        try:
            version, _ = _stored_schema(con, path, read_only=True)
        except BaseException:
            con.close()
            raise
        if version is None:
            con.close()
            raise DatabaseError(f"{path} is empty; run `casco crawl` first")
        return con
    path.parent.mkdir(parents=True, exist_ok=True)
    con = _connect(path, read_only=False, lock_timeout=lock_timeout)
    try:
        version, digest = _stored_schema(con, path, read_only=False)
        tables_sql, views_sql = sql_text("schema.sql"), _views_sql()
        if (version, digest) != (SCHEMA_VERSION, _schema_digest(tables_sql, views_sql)):
            _install_schema(con, version, tables_sql, views_sql)
    except duckdb.IOException as error:
        con.close()
        raise damaged_database(error) from error
    except BaseException:
        con.close()
        raise
    return con


def write_snapshot(
    con: duckdb.DuckDBPyConnection, collected: CollectedSnapshot, *, max_vanish: float | None = None
) -> Snapshot:
    """Write the snapshot row and its tables in one transaction; returns the snapshot as stored, with its new id.

    The same transaction digests the snapshot's parts (pipeline/digests.py) and brings the kept series and
    history periods up to date (pipeline/series.py).
    First, in it, the plausibility check may judge parts suspect (pipeline/plausibility.py:
    `max_vanish`, the share of a committee's seats or liaisons one crawl may lose; None for the default).
    """
    con.begin()
    try:
        suspects = judge_plausibility(con, collected, max_vanish)
        snapshot_id = con.execute("SELECT coalesce(max(snapshot_id), 0) + 1 FROM snapshots").fetchall()[0][0]
        snapshot = settled(collected.snapshot, suspects, snapshot_id)
        row = snapshot.column_values()
        con.execute(
            f"INSERT INTO snapshots ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", list(row.values())
        )
        parts = pa.Table.from_pylist([part.model_dump() for part in snapshot.parts])
        for table, rows in ((SnapshotPart.table, parts), *collected.tables.items()):
            if rows.num_rows == 0:
                continue
            con.register("incoming_rows", rows)
            try:
                con.execute(
                    f"INSERT INTO {table} BY NAME SELECT {snapshot_id}::INTEGER AS snapshot_id, * FROM incoming_rows"
                )
            finally:
                con.unregister("incoming_rows")
        record_digests(con, snapshot_id, [table for table, rows in collected.tables.items()
                                          if table in RECORD_TABLES and rows.num_rows])
        record_snapshot(con, snapshot_id, snapshot.as_of)
        for reason in judge_later(con, snapshot_id, max_vanish):
            logger.warning(reason)
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return snapshot


def stored_twin(con: duckdb.DuckDBPyConnection, snapshot: Snapshot) -> tuple[int, bool] | None:
    """The id of a stored snapshot that `snapshot` repeats, and whether it is the very same run (see stored_twin.sql)."""
    found = con.execute(
        sql_text("stored_twin.sql"),
        {name: getattr(snapshot, name) for name in ("started_at", "finished_at", "source", "content_digest", "as_of")},
    ).fetchall()
    return (found[0][0], found[0][1]) if found else None


def stored_content(con: duckdb.DuckDBPyConnection, content_digest: str, as_of: dt.date) -> int | None:
    """The id of a stored snapshot read from the same content for the same day (see stored_twin.sql), if any."""
    found = con.execute(
        sql_text("stored_twin.sql"),
        {"started_at": None, "finished_at": None, "source": None, "content_digest": content_digest, "as_of": as_of},
    ).fetchall()
    return found[0][0] if found else None


def read_snapshots(con: duckdb.DuckDBPyConnection, *snapshot_ids: int | None) -> list[Snapshot]:
    """The stored snapshots with `snapshot_ids`, read in one query (all when none is named), oldest first."""
    chosen = [snapshot_id for snapshot_id in snapshot_ids if snapshot_id is not None]
    result = con.execute(sql_text("read_snapshots.sql"), {"snapshot_ids": chosen or None})
    columns = [description[0] for description in result.description]
    return [Snapshot(**dict(zip(columns, row))) for row in result.fetchall()]
