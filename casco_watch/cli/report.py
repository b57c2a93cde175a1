"""`casco report`: write the static HTML page of casco_watch/publishing/report.py."""

from __future__ import annotations

from pathlib import Path

import click

from casco_watch.cli.errors import fail, said_as_one_line
from casco_watch.cli.options import ISO_ID, db_option
from casco_watch.library import publishing
from casco_watch.publishing.report import DEFAULT_REPORT


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
        with said_as_one_line():
            written = publishing.report(db_path, out, committee_ids)
    except OSError as error:
        fail(str(error))
    click.echo(f"Report written to {out}: {', '.join(written.references()) or 'no committee'}.")
