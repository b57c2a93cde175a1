"""Reading a casco-watch database for people: the list of snapshots, ad-hoc SQL, exports."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import duckdb

from casco_watch.pipeline.series import HISTORIES
from casco_watch.pipeline.store import DatabaseError, sql_text
from casco_watch.schemas import RECORD_TABLES

STORED_TABLES = ("snapshots", "snapshot_parts", *RECORD_TABLES, "pages", "rejects")
"""Every table a snapshot writes to."""
EXPORT_FORMATS = {"parquet": "parquet", "csv": "csv", "json": "json"}


class ExportError(Exception):
    """The export cannot be written where asked; the message says why and what to do. Nothing was overwritten."""


def confine_to_database(con: duckdb.DuckDBPyConnection) -> None:
    """Let this (read-only) connection reach its database and nothing else, for good: see confine_to_database.sql."""
    con.execute(sql_text("confine_to_database.sql"))


def run_query(
    con: duckdb.DuckDBPyConnection, sql: str, limit: int | None = None
) -> tuple[list[str], list[tuple], bool]:
    """Run user SQL: its columns, its rows (the first `limit` only, fetched lazily) and whether more were left.

    Any DuckDB error (syntax, read-only, a refused file access) becomes a one-line DatabaseError.
    """
    try:
        result = con.execute(sql)
        description = result.description or []
        columns = [column[0] for column in description]
        if not columns:
            rows = []
        elif limit is None:
            rows = result.fetchall()
        else:
            rows = result.fetchmany(limit + 1)
    except duckdb.Error as error:
        first_line = str(error).strip().splitlines()[0]
        if isinstance(error, duckdb.PermissionException) or "configuration has been locked" in first_line:
            first_line += " (a query reads this database only; `casco export` writes files)"
        raise DatabaseError(f"the query failed: {first_line}") from error
    more = limit is not None and len(rows) > limit
    rows = rows[:limit] if more else rows
    json_columns = [index for index, column in enumerate(description) if str(column[1]) == "JSON"]
    if json_columns:
        rows = [
            tuple(json.loads(value) if index in json_columns and value is not None else value
                  for index, value in enumerate(row))
            for row in rows
        ]
    return columns, rows, more


def show_tables_as_of(con: duckdb.DuckDBPyConnection, on_date: dt.date) -> None:
    """Make this connection see the database as it stood on `on_date`: later snapshots are hidden everywhere."""
    catalog = con.execute("SELECT current_database()").fetchall()[0][0]
    template = sql_text("as_of_views.sql")
    for table in STORED_TABLES:
        con.execute(template.format(table=table, catalog=catalog.replace('"', '""'), on_date=on_date.isoformat()))
    for table, facts in HISTORIES.items():
        con.execute(sql_text("as_of_kept.sql").format(table=table, facts=facts))


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
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error).splitlines()[0]
        raise ExportError(f"cannot write the export to {out_dir}: {reason}; choose a folder you can write to") from error
    return targets


def _sql_string(path: Path) -> str:
    return str(path).replace("'", "''")
