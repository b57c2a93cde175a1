"""The DuckDB file: opening it safely, keeping its schema current, writing one snapshot atomically.

Every statement that defines storage or history lives in `pipeline/sql/`; this
module only runs them. A snapshot is written in one transaction, so a crash or
a kill during the write leaves the database exactly as it was before.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import duckdb
import pyarrow as pa

from casco_watch.pipeline.collect import CollectedSnapshot
from casco_watch.schemas import COMMITTEE_KEYED_TABLES, RECORD_TABLES, Snapshot

SCHEMA_VERSION = 2
_UPGRADES = {1: "upgrade_1_to_2.sql"}
"""From each older schema version, the file that brings it one version up."""
DEFAULT_DB = Path("output") / "casco.duckdb"


class DatabaseError(Exception):
    """A problem with the database file that the user can act on; the message says what to do."""


def sql_text(name: str) -> str:
    """The text of one file in pipeline/sql/."""
    return resources.files("casco_watch.pipeline").joinpath("sql", name).read_text(encoding="utf-8")


def _connect(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as error:
        if "lock" in str(error).lower():
            raise DatabaseError(
                f"the database {path} is in use by another process (a crawl may be running); "
                "wait for it to finish, or use --db to work on another file"
            ) from error
        raise DatabaseError(f"cannot open the database {path}: {error}") from error
    except duckdb.Error as error:
        raise DatabaseError(f"{path} is not a DuckDB database this tool can open: {error}") from error


def _schema_version(con: duckdb.DuckDBPyConnection, path: Path, read_only: bool) -> int | None:
    tables = {row[0] for row in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    if not tables:
        return None
    if "casco_meta" not in tables:
        raise DatabaseError(f"{path} holds tables but is not a casco-watch database; choose another --db path")
    rows = con.execute("SELECT value FROM casco_meta WHERE key = 'schema_version'").fetchall()
    if not rows:
        raise DatabaseError(f"{path} has no schema version recorded; it was not written by casco-watch")
    version = int(rows[0][0])
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
    return version


def _install_schema(con: duckdb.DuckDBPyConnection, version: int | None) -> None:
    """Upgrade an older file step by step, create missing tables, (re)create the views and macros: one transaction."""
    con.begin()
    for step in range(version or SCHEMA_VERSION, SCHEMA_VERSION):
        con.execute(sql_text(_UPGRADES[step]))
    con.execute(sql_text("schema.sql"))
    for table in RECORD_TABLES:
        part_committee = "committee_id" if table in COMMITTEE_KEYED_TABLES else "NULL::BIGINT"
        con.execute(sql_text("part_rows.sql").format(table=table, part_committee=part_committee))
    con.execute(sql_text("history.sql"))
    for table in RECORD_TABLES:
        con.execute(sql_text("latest_records.sql").format(table=table))
    con.execute(
        "INSERT OR REPLACE INTO casco_meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)]
    )
    con.commit()


def open_database(path: Path | str = DEFAULT_DB, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (and for writing, create or bring up to date) a casco-watch database."""
    path = Path(path)
    if read_only:
        if not path.exists():
            raise DatabaseError(f"no database at {path} yet; run `casco crawl` (or `casco demo`) first, or pass --db")
        con = _connect(path, read_only=True)
        if _schema_version(con, path, read_only=True) is None:
            con.close()
            raise DatabaseError(f"{path} is empty; run `casco crawl` first")
        return con
    path.parent.mkdir(parents=True, exist_ok=True)
    con = _connect(path, read_only=False)
    try:
        _install_schema(con, _schema_version(con, path, read_only=False))
    except BaseException:
        con.close()
        raise
    return con


def write_snapshot(
    con: duckdb.DuckDBPyConnection, collected: CollectedSnapshot, *, max_vanish: float | None = None
) -> int:
    """Write the snapshot row and its tables in one transaction; sets and returns its new snapshot_id.

    First, in the same transaction, the plausibility check may mark memberships parts suspect
    (`max_vanish`: the share of a committee's seats one crawl may lose; None for the default).
    """
    from casco_watch.pipeline.plausibility import check_plausibility  # imported here: it reads its SQL from this module

    snapshot = collected.snapshot
    con.begin()
    try:
        check_plausibility(con, collected, max_vanish)
        snapshot_id = con.execute("SELECT coalesce(max(snapshot_id), 0) + 1 FROM snapshots").fetchall()[0][0]
        row = {**snapshot.column_values(), "snapshot_id": snapshot_id}
        con.execute(
            f"INSERT INTO snapshots ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", list(row.values())
        )
        parts = pa.Table.from_pylist([part.model_dump() for part in snapshot.parts])
        for table, rows in (("snapshot_parts", parts), *collected.tables.items()):
            if rows.num_rows == 0:
                continue
            con.register("incoming_rows", rows)
            try:
                con.execute(
                    f"INSERT INTO {table} BY NAME SELECT {snapshot_id}::INTEGER AS snapshot_id, * FROM incoming_rows"
                )
            finally:
                con.unregister("incoming_rows")
        con.commit()
    except BaseException:
        con.rollback()
        raise
    snapshot.snapshot_id = snapshot_id
    return snapshot_id


def read_snapshots(con: duckdb.DuckDBPyConnection, snapshot_id: int | None = None) -> list[Snapshot]:
    """The stored snapshots (or the one with `snapshot_id`), oldest first."""
    result = con.execute(sql_text("read_snapshots.sql"), {"snapshot_id": snapshot_id})
    columns = [description[0] for description in result.description]
    return [Snapshot(**dict(zip(columns, row))) for row in result.fetchall()]
