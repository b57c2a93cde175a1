"""Reading a casco-watch database for people: the list of snapshots, ad-hoc SQL, exports."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from casco_watch.pipeline import series
from casco_watch.pipeline.store import (
    DatabaseError,
    damaged_database,
    memory_database,
    open_database,
    reading_failed,
    sql_text,
)
from casco_watch.schemas import STORED_TABLES

EXPORT_FORMATS = {"parquet": "parquet", "csv": "csv", "json": "json"}


class ExportError(Exception):
    """The export cannot be written where asked; the message says why and what to do. Nothing was overwritten."""


def confine_to_database(con: duckdb.DuckDBPyConnection) -> None:
    """Let this (read-only) connection reach its database and nothing else, for good: see confine_to_database.sql."""
    con.execute(sql_text("confine_to_database.sql"))


QUERY_BATCH_ROWS = 10_000
"""Rows fetched from DuckDB at a time when a query's whole result is streamed out (csv, json)."""


@contextmanager
def _query_errors() -> Iterator[None]:
    """Any DuckDB error (syntax, read-only, a refused file access) becomes a one-line DatabaseError."""
    try:
        yield
    except duckdb.Error as error:
        if reading_failed(error):
            raise damaged_database(error) from error
        first_line = str(error).strip().splitlines()[0]
        if isinstance(error, duckdb.PermissionException) or "configuration has been locked" in first_line:
            first_line += " (a query reads this database only; `casco export` writes files)"
        raise DatabaseError(f"the query failed: {first_line}") from error


def _json_decoder(description: list) -> Callable[[list[tuple]], list[tuple]]:
    """Rows with their JSON columns (which DuckDB hands back as text) read as JSON values."""
    json_columns = {index for index, column in enumerate(description) if str(column[1]) == "JSON"}
    if not json_columns:
        return lambda rows: rows
    return lambda rows: [
        tuple(json.loads(value) if index in json_columns and value is not None else value
              for index, value in enumerate(row))
        for row in rows
    ]


def _execute(con: duckdb.DuckDBPyConnection, sql: str) -> duckdb.DuckDBPyConnection:
    """User SQL run; text holding no statement at all (blank, comments only) is refused with an example."""
    with _query_errors():
        result = con.execute(sql)
    if result is None:
        raise DatabaseError("the query holds no SQL statement; give one, e.g. \"SELECT * FROM snapshots\"")
    return result


def run_query(
    con: duckdb.DuckDBPyConnection, sql: str, limit: int
) -> tuple[list[str], list[tuple], bool]:
    """Run user SQL: its columns, its first `limit` rows and whether more were left."""
    result = _execute(con, sql)
    with _query_errors():
        description = result.description or []
        rows = result.fetchmany(limit + 1) if description else []
    more = len(rows) > limit
    return [column[0] for column in description], _json_decoder(description)(rows[:limit]), more


def stream_query(
    con: duckdb.DuckDBPyConnection, sql: str, batch_rows: int = QUERY_BATCH_ROWS
) -> tuple[list[str], Iterator[list[tuple]]]:
    """Run user SQL: its columns, and its rows in batches fetched as they are read, so no result is held whole."""
    result = _execute(con, sql)
    description = result.description or []
    decode = _json_decoder(description)

    def batches() -> Iterator[list[tuple]]:
        if not description:
            return
        while True:
            with _query_errors():
                rows = result.fetchmany(batch_rows)
            if not rows:
                return
            yield decode(rows)

    return [column[0] for column in description], batches()


def database_as_of(path: Path, on_date: dt.date, lock_timeout: float) -> duckdb.DuckDBPyConnection:
    """The database as it stood on `on_date`, in memory: a copy holding no snapshot dated later.

    The later rows are not hidden behind views but left out, so no qualified name
    (`file.main.snapshots`, `memory.main.snapshots`) can reach them.
    """
    template = sql_text("as_of_rows.sql")
    with open_database(path, read_only=True, lock_timeout=lock_timeout) as stored:
        kept = {table: stored.sql(template.format(table=table), params={"on_date": on_date}).to_arrow_table()
                for table in (*STORED_TABLES, "part_digests")}
    con = memory_database()
    for table, rows in kept.items():
        con.register("kept_rows", rows)
        try:
            con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM kept_rows")
        finally:
            con.unregister("kept_rows")
    series.rebuild_all(con)
    return con


def require_snapshot(con: duckdb.DuckDBPyConnection, snapshot_id: int) -> None:
    if not con.execute("SELECT 1 FROM snapshots WHERE snapshot_id = ?", [snapshot_id]).fetchall():
        raise DatabaseError(f"there is no snapshot {snapshot_id}; `casco snapshots` lists them")


def export_targets(fmt: str, out_dir: Path) -> list[Path]:
    """The files an export in `fmt` writes: one per stored table."""
    return [out_dir / f"{table}.{fmt}" for table in STORED_TABLES]


def export_tables(
    con: duckdb.DuckDBPyConnection, fmt: str, out_dir: Path, snapshot_id: int | None = None, *, overwrite: bool = False
) -> list[Path]:
    """Write `snapshots` and every record table to `out_dir` with DuckDB's own COPY, one file per table.

    Existing files are refused unless `overwrite`, before anything is written.
    """
    if snapshot_id is not None:
        require_snapshot(con, snapshot_id)
    targets = export_targets(fmt, out_dir)
    if not overwrite and (existing := [target for target in targets if target.exists()]):
        names = ", ".join(target.name for target in existing)
        raise ExportError(
            f"{out_dir} already holds {names}; nothing was written. Pass --force to overwrite, or choose another --out"
        )
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for table, target in zip(STORED_TABLES, targets):
            where = "" if snapshot_id is None else f" WHERE snapshot_id = {int(snapshot_id)}"
            con.execute(
                f"COPY (SELECT * FROM {table}{where} ORDER BY ALL) TO '{_sql_string(target)}' "
                f"(FORMAT {EXPORT_FORMATS[fmt]})"
            )
    except (OSError, duckdb.IOException, duckdb.PermissionException) as error:
        if reading_failed(error):
            raise damaged_database(error) from error
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error).splitlines()[0]
        raise ExportError(f"cannot write the export to {out_dir}: {reason}; choose a folder you can write to") from error
    return targets


def _sql_string(path: Path) -> str:
    return str(path).replace("'", "''")
