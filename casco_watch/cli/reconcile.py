"""`casco reconcile`: where ISO's committee pages and its Open Data dataset disagree, committee by committee."""

from __future__ import annotations

import click

from casco_watch.cli.errors import said_as_one_line
from casco_watch.cli.options import ISO_ID, db_option, lock_timeout_option
from casco_watch.library import questions
from casco_watch.publishing.answers import render_reconciliation


@click.command()
@click.option("--committee", "committee_id", type=ISO_ID, help="Only this committee (ISO committee id).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@db_option
@lock_timeout_option(writes=False)
def reconcile(committee_id, fmt, db_path, lock_timeout):
    """Compare the latest complete site data with the Open Data snapshot nearest in date.

    For each committee both list members of: members on one side only, P/O status that differs, and liaison
    partners named on one side only (by kind and id: Open Data states no direction or category). For each
    committee whose work programme both hold (Open Data's deliverables dataset): documents on one side only,
    or at different stages.
    """
    with said_as_one_line():
        found = questions.reconcile(db_path, committee_id, lock_timeout=lock_timeout)
    click.echo(render_reconciliation(found, fmt))
