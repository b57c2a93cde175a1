"""`casco snapshots`, `casco query` and `casco export`: reading what is stored, through casco_watch/library/questions.py."""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

import click

from casco_watch.cli.errors import said_as_one_line
from casco_watch.cli.options import (
    SNAPSHOT_ID,
    AsOfDate,
    db_option,
    lock_timeout_option,
)
from casco_watch.cli.outcome import spool_note
from casco_watch.library import questions
from casco_watch.pipeline.catalog import EXPORT_FORMATS
from casco_watch.publishing.answers import render_snapshots
from casco_watch.publishing.rendering import (
    TABLE_ROW_LIMIT,
    more_rows_note,
    render_rows,
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
    with said_as_one_line(spool_note(db_path)):
        stored = questions.snapshots(db_path, lock_timeout=lock_timeout)
    click.echo(render_snapshots(stored, questions.spooled(db_path), fmt))


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
    with said_as_one_line(), questions.query_batches(db_path, sql, on_date, lock_timeout=lock_timeout) as found:
        columns, batches = found
        if fmt != "table":
            write_rows(columns, batches, fmt, sys.stdout)
            return
        rows = list(itertools.islice(itertools.chain.from_iterable(batches), TABLE_ROW_LIMIT + 1))
    click.echo(render_rows(columns, rows[:TABLE_ROW_LIMIT], fmt))
    if len(rows) > TABLE_ROW_LIMIT:
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
    with said_as_one_line():
        exported = questions.export(db_path, out_dir, fmt, snapshot_id, force, lock_timeout=lock_timeout)
    for path in exported.files:
        click.echo(str(path))
