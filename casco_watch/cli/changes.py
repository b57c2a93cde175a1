"""`casco diff` and `casco history`: what changed between snapshots, and timelines of seats and documents.

Each command parses its options, asks the library (casco_watch/library/questions.py) and prints the answer
(casco_watch/publishing/answers.py); a problem the user can act on is one line on stderr and exit code 1.
"""

from __future__ import annotations

import click

from casco_watch.cli.errors import said_as_one_line
from casco_watch.cli.options import ISO_ID, SNAPSHOT_ID, db_option, lock_timeout_option
from casco_watch.library import questions
from casco_watch.publishing.answers import render_diff
from casco_watch.publishing.rendering import render_rows

FORMATS = ("table", "json", "csv", "markdown")

format_option = click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)


@click.command()
@click.argument("from_id", metavar="[FROM]", type=SNAPSHOT_ID, required=False)
@click.argument("to_id", metavar="[TO]", type=SNAPSHOT_ID, required=False)
@click.option("--committee", "committee_id", type=ISO_ID, help="Only changes in this committee (ISO committee id).")
@format_option
@db_option
@lock_timeout_option(writes=False)
def diff(from_id, to_id, committee_id, fmt, db_path, lock_timeout):
    """What changed between two snapshots, keyed by ISO ids.

    By default each part (a table, per committee) of the newest snapshot against the last snapshot where that
    part was complete, so after a partial crawl nothing is missed; the output says which snapshots each part
    compares. With FROM only, FROM against the newest later snapshot comparable with it. Named snapshots
    compare only the parts both hold complete, with a warning for the others.
    """
    with said_as_one_line():
        changes = questions.diff(db_path, from_id, to_id, committee_id, lock_timeout=lock_timeout)
    click.echo(render_diff(changes, fmt))


@click.command()
@click.option("--member", help="Member body: acronym (e.g. AFNOR) or ISO member id.")
@click.option("--committee", "committee_id", type=ISO_ID, help="Committee id: its P/O counts per snapshot, "
              "or with --member only that committee's seats.")
@click.option("--deliverable", help="A standard or project: ISO id or reference (e.g. 'ISO/IEC 17025:2017').")
@format_option
@db_option
@lock_timeout_option(writes=False)
def history(member, committee_id, deliverable, fmt, db_path, lock_timeout):
    """Timelines from the complete snapshots: a member's seats, a committee's members, or a document's stages.

    --member lists each seat (committee, status, from, to); `valid_to` is the date of the first complete
    snapshot without it, empty while it is held. An acronym that named several member bodies over time
    lists them all. --committee alone gives P and O counts per snapshot and the seats that changed.
    --deliverable gives a document's periods: each status and stage, from when to when it held.
    """
    if deliverable is not None and (member is not None or committee_id is not None):
        raise click.UsageError("--deliverable goes alone, without --member or --committee")
    if deliverable is None and member is None and committee_id is None:
        raise click.UsageError("give --member ACRONYM|ID, --committee ID, --deliverable ID|REFERENCE, or both of the first two")
    with said_as_one_line():
        if deliverable is not None:
            title = f"Stages of {deliverable}"
            timeline = questions.deliverable_timeline(db_path, deliverable, lock_timeout=lock_timeout)
        elif member is not None:
            title = f"Seats of {member}" + (f" in committee {committee_id}" if committee_id else "")
            timeline = questions.member_timeline(db_path, member, committee_id, lock_timeout=lock_timeout)
        else:
            title = f"Members of committee {committee_id}"
            timeline = questions.committee_timeline(db_path, committee_id, lock_timeout=lock_timeout)
    click.echo(render_rows(timeline.columns, timeline.rows, fmt, title=title))
