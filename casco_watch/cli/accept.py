"""`casco accept`: the user confirms a suspect part (casco_watch/library/review.py), so history and diffs use it."""

from __future__ import annotations

import click

from casco_watch.cli.errors import said_as_one_line
from casco_watch.cli.options import ISO_ID, SNAPSHOT_ID, db_option, lock_timeout_option, writable_database
from casco_watch.library import review
from casco_watch.pipeline.parts import Part
from casco_watch.pipeline.store import require_database
from casco_watch.publishing.answers import accepted_text
from casco_watch.schemas import RECORD_TABLES, Membership


@click.command()
@click.argument("snapshot_id", metavar="SNAPSHOT", type=SNAPSHOT_ID)
@click.option("--committee", "committee_id", type=ISO_ID,
              help="Committee id of the suspect part; leave out for a part that is a whole table (Open Data).")
@click.option("--table", "record_table", type=click.Choice(RECORD_TABLES), default=Membership.table, show_default=True)
@db_option
@lock_timeout_option(writes=True)
def accept(snapshot_id, committee_id, record_table, db_path, lock_timeout):
    """Accept a suspect part of SNAPSHOT as true: it becomes complete and enters history and diffs.

    Check on iso.org first that the members really left (or the liaisons ended); `casco snapshots` shows why a
    part is suspect.
    """
    with said_as_one_line():
        require_database(db_path)
        writable_database(db_path)
        accepted = review.accept(db_path, snapshot_id, committee_id, record_table, lock_timeout=lock_timeout)
    click.echo(accepted_text(snapshot_id, Part(record_table, committee_id).name, accepted.snapshot_status, db_path,
                             accepted.compared_with))
