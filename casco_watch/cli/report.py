"""`casco report`: write the static HTML page of casco_watch/publishing/report.py."""

from __future__ import annotations

from pathlib import Path

import click

from casco_watch.cli.changes import fail
from casco_watch.cli.options import ISO_ID, db_option
from casco_watch.pipeline.store import DatabaseError
from casco_watch.publishing.report import DEFAULT_REPORT, write_report


@click.command()
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_REPORT, show_default=True,
              help="The HTML file to write (replaced whole).")
@click.option("--committee", "committee_ids", type=ISO_ID, multiple=True,
              help="Committee id (repeatable). Default: every committee in the latest site data, else ISO/CASCO.")
@db_option
def report(out, committee_ids, db_path):
    """Write one self-contained HTML page: latest complete data, latest changes, P/O timelines.

    It loads nothing from the network (inline styles, SVG charts), so it can be mailed or archived as it is.
    """
    try:
        written = write_report(db_path, out, committee_ids or None)
    except (DatabaseError, OSError) as error:
        fail(str(error))
    references = ", ".join(section.committee["reference"] for section in written.sections) or "no committee"
    click.echo(f"Report written to {out}: {references}.")
