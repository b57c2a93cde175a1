"""Reading a casco-watch database for people: the list of snapshots, ad-hoc SQL, exports."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import duckdb

from casco_watch.pipeline.store import DatabaseError, sql_text
from casco_watch.schemas import RECORD_TABLES

STORED_TABLES = ("snapshots", "snapshot_parts", *RECORD_TABLES, "pages", "rejects")
"""Every table a snapshot writes to."""
EXPORT_FORMATS = {"parquet": "parquet", "csv": "csv", "json": "json"}


def run_query(con: duckdb.DuckDBPyConnection, sql: str) -> tuple[list[str], list[tuple]]:
    """Run user SQL; any DuckDB error (syntax, read-only, missing table) becomes a one-line DatabaseError."""
    try:
        result = con.execute(sql)
        description = result.description or []
        columns = [column[0] for column in description]
        rows = result.fetchall() if columns else []
    except duckdb.Error as error:
        first_line = str(error).strip().splitlines()[0]
        raise DatabaseError(f"the query failed: {first_line}") from error
    json_columns = [index for index, column in enumerate(description) if str(column[1]) == "JSON"]
    if json_columns:
        rows = [
            tuple(json.loads(value) if index in json_columns and value is not None else value
                  for index, value in enumerate(row))
            for row in rows
        ]
    return columns, rows


def show_tables_as_of(con: duckdb.DuckDBPyConnection, on_date: dt.date) -> None:
    """Make this connection see the database as it stood on `on_date`: later snapshots are hidden everywhere."""
    catalog = con.execute("SELECT current_database()").fetchall()[0][0]
    template = sql_text("as_of_views.sql")
    for table in STORED_TABLES:
        con.execute(template.format(table=table, catalog=catalog.replace('"', '""'), on_date=on_date.isoformat()))


def require_snapshot(con: duckdb.DuckDBPyConnection, snapshot_id: int) -> None:
    if not con.execute("SELECT 1 FROM snapshots WHERE snapshot_id = ?", [snapshot_id]).fetchall():
        raise DatabaseError(f"there is no snapshot {snapshot_id}; `casco snapshots` lists them")


def export_tables(
    con: duckdb.DuckDBPyConnection, fmt: str, out_dir: Path, snapshot_id: int | None = None
) -> list[Path]:
    """Write `snapshots` and every record table to `out_dir` with DuckDB's own COPY, one file per table."""
    if snapshot_id is not None:
        require_snapshot(con, snapshot_id)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for table in STORED_TABLES:
        target = out_dir / f"{table}.{fmt}"
        where = "" if snapshot_id is None else f" WHERE snapshot_id = {int(snapshot_id)}"
        con.execute(
            f"COPY (SELECT * FROM {table}{where} ORDER BY ALL) TO '{_sql_string(target)}' (FORMAT {EXPORT_FORMATS[fmt]})"
        )
        written.append(target)
    return written


def _sql_string(path: Path) -> str:
    return str(path).replace("'", "''")
