"""`casco snapshots`, `casco query` and `casco export`: reading what is stored."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from casco_watch.cli.changes import fail
from casco_watch.cli.options import (
    SNAPSHOT_ID,
    AsOfDate,
    db_option,
    lock_timeout_option,
)
from casco_watch.cli.outcome import spool_note
from casco_watch.pipeline import spool
from casco_watch.pipeline.catalog import (
    EXPORT_FORMATS,
    ExportError,
    confine_to_database,
    database_as_of,
    export_tables,
    run_query,
    stream_query,
)
from casco_watch.pipeline.store import (
    DatabaseError,
    open_database,
    read_snapshots,
)
from casco_watch.publishing.rendering import (
    TABLE_ROW_LIMIT,
    more_rows_note,
    render_rows,
    snapshot_json,
    to_json,
    write_rows,
)


@click.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@db_option
@lock_timeout_option(writes=False)
def snapshots(fmt, db_path, lock_timeout):
    """List the stored snapshots with their status, scope and counts, then any waiting in the spool.

    JSON is one object: `snapshots`, the stored ones, and `spooled`, those waiting, each with the `spool` folder it
    waits in and no snapshot_id yet; every `parts` entry is {table, committee_id, status, reasons}.
    """
    try:
        with open_database(db_path, read_only=True, lock_timeout=lock_timeout) as con:
            stored = read_snapshots(con)
    except DatabaseError as error:
        fail(str(error) + spool_note(db_path))
    waiting = spool.pending(db_path)
    if fmt == "json":
        spooled = [{"spool": str(entry.path), **snapshot_json(entry.snapshot)} for entry in waiting]
        for entry in spooled:
            del entry["snapshot_id"]
        click.echo(to_json({"snapshots": [snapshot_json(snapshot) for snapshot in stored], "spooled": spooled}))
        return
    columns = ["snapshot_id", "as_of", "status", "source_kind", "scope", "records", "rejected", "reasons"]
    rows = [tuple(getattr(snapshot, name) for name in columns) for snapshot in stored]
    click.echo(render_rows(columns, rows, fmt, title="Snapshots"))
    if waiting:
        spooled = [(str(entry.path), *(getattr(entry.snapshot, name) for name in columns[1:])) for entry in waiting]
        click.echo(render_rows(["spool", *columns[1:]], spooled, fmt,
                               title="Waiting in the spool (the next command that writes commits them)"))


@click.command()
@click.argument("sql")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--as-of", "on_date", type=AsOfDate(),
              help="Answer as the database stood on this date, up to today: snapshots dated later are left out "
                   "of every table and view.")
@db_option
@lock_timeout_option(writes=False)
def query(sql, fmt, on_date, db_path, lock_timeout):
    """Run SQL that can read the database and nothing else (tables: snapshots, committees, memberships, ...;
    views: latest_*, *_history). No file, extension or other database can be reached.

    The table format shows the first 1,000 rows; csv and json give them all, written as they are read.
    """
    try:
        opened = (database_as_of(db_path, on_date, lock_timeout) if on_date
                  else open_database(db_path, read_only=True, lock_timeout=lock_timeout))
        with opened as con:
            confine_to_database(con)
            if fmt != "table":
                columns, batches = stream_query(con, sql)
                write_rows(columns, batches, fmt, sys.stdout)
                return
            columns, rows, more = run_query(con, sql, TABLE_ROW_LIMIT)
    except DatabaseError as error:
        fail(str(error))
    click.echo(render_rows(columns, rows, fmt))
    if more:
        click.echo(more_rows_note(TABLE_ROW_LIMIT))


@click.command()
@click.option("--format", "fmt", type=click.Choice(sorted(EXPORT_FORMATS)), required=True)
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True, help="Directory to write into.")
@click.option("--snapshot", "snapshot_id", type=SNAPSHOT_ID, help="Only this snapshot (default: all).")
@click.option("--force", is_flag=True, help="Overwrite files an earlier export left in --out.")
@db_option
@lock_timeout_option(writes=False)
def export(fmt, out_dir, snapshot_id, force, db_path, lock_timeout):
    """Export the snapshots and record tables with DuckDB's COPY, one file per table."""
    try:
        with open_database(db_path, read_only=True, lock_timeout=lock_timeout) as con:
            written = export_tables(con, fmt, out_dir, snapshot_id, overwrite=force)
    except (DatabaseError, ExportError) as error:
        fail(str(error))
    for path in written:
        click.echo(str(path))
