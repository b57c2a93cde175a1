"""`casco accept`: the user confirms a suspect part, so history and diffs use it.

A part is suspect when too many of a committee's members vanished in one crawl
(pipeline/plausibility.py); only a person who has checked iso.org can say the
members really left.
"""

from __future__ import annotations

import datetime as dt

import click

from casco_watch.cli.changes import fail
from casco_watch.cli.options import ISO_ID, SNAPSHOT_ID, db_option, lock_timeout_option
from casco_watch.pipeline.plausibility import AcceptError, accept_part, part_name
from casco_watch.pipeline.store import DatabaseError, open_database, require_database
from casco_watch.publishing.rendering import db_flag
from casco_watch.runner.crawl_options import writable_database
from casco_watch.schemas import RECORD_TABLES, Membership, SnapshotStatus


@click.command()
@click.argument("snapshot_id", metavar="SNAPSHOT", type=SNAPSHOT_ID)
@click.option("--committee", "committee_id", type=ISO_ID,
              help="Committee id of the suspect part; leave out for a part that is a whole table (Open Data).")
@click.option("--table", "record_table", type=click.Choice(RECORD_TABLES), default=Membership.table, show_default=True)
@db_option
@lock_timeout_option(writes=True)
def accept(snapshot_id, committee_id, record_table, db_path, lock_timeout):
    """Accept a suspect part of SNAPSHOT as true: it becomes complete and enters history and diffs.

    Check on iso.org first that the members really left; `casco snapshots` shows why a part is suspect.
    """
    try:
        require_database(db_path)
        writable_database(db_path)
        with open_database(db_path, lock_timeout=lock_timeout) as con:
            status = accept_part(con, snapshot_id, committee_id, record_table, on=dt.date.today())
    except (AcceptError, DatabaseError) as error:
        fail(str(error))
    click.echo(f"Snapshot {snapshot_id}: {part_name(record_table, committee_id)} accepted; it is now complete.")
    if status == SnapshotStatus.COMPLETE:
        click.echo(f"Snapshot {snapshot_id} is complete. Next: `casco diff{db_flag(db_path)}` shows what changed.")
    else:
        click.echo(f"Snapshot {snapshot_id} stays {status}: other parts are not complete "
                   f"(`casco snapshots{db_flag(db_path)}` says why).")
