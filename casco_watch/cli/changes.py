"""`casco diff` and `casco history`: what changed between snapshots, and timelines of seats and documents.

The commands only parse options, call pipeline.changes / pipeline.history on a
read-only connection and print; a problem the user can act on is one line on
stderr and exit code 1.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
import duckdb

from casco_watch.cli.options import ISO_ID, SNAPSHOT_ID, db_option, lock_timeout_option
from casco_watch.exit_codes import EXIT_ERROR
from casco_watch.pipeline.changes import Diff, Rows, SnapshotChoiceError, diff_snapshots
from casco_watch.pipeline.history import (
    HistoryLookupError,
    committee_timeline,
    deliverable_timeline,
    member_timeline,
)
from casco_watch.pipeline.store import DatabaseError, open_database
from casco_watch.publishing.rendering import (
    OPEN_DATA_ATTRIBUTION,
    printable,
    render_rows,
    to_json,
)
from casco_watch.schemas import SourceKind

FORMATS = ("table", "json", "csv", "markdown")
USER_ERRORS = (DatabaseError, SnapshotChoiceError, HistoryLookupError)

format_option = click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)


def fail(message: str) -> None:
    click.echo(f"casco: {message}", err=True)
    sys.exit(EXIT_ERROR)


def read_database(db_path: Path, lock_timeout: float, read):
    """Run `read(con)` on a read-only connection, turning what the user can fix into a one-line error."""
    try:
        with open_database(db_path, read_only=True, lock_timeout=lock_timeout) as con:
            return read(con)
    except USER_ERRORS as error:
        fail(str(error))
    except duckdb.CatalogException as error:
        fail(
            f"{db_path} lacks the history views this casco-watch reads ({str(error).splitlines()[0]}); "
            "write to it once with this version (e.g. `casco crawl`) to install them"
        )


def render_timeline(timeline: Rows, fmt: str, title: str) -> str:
    return render_rows(timeline.columns, timeline.rows, fmt, title=title)


def diff_as_csv(diff: Diff) -> str:
    """All change rows in one CSV: a `section` column, then the union of the sections' columns."""
    columns = ["section"] + list(dict.fromkeys(c for rows in diff.sections.values() for c in rows.columns))
    rows = [
        [section] + [record.get(column) for column in columns[1:]]
        for section, section_rows in diff.sections.items()
        for record in section_rows.records()
    ]
    return render_rows(columns, rows, "csv")


def diff_as_text(diff: Diff, fmt: str) -> str:
    """The diff for people: heading, warnings, summary, then one table per kind of change."""
    heading = f"Changes from {diff.before.describe()} to {diff.after.describe()}"
    summary = ", ".join(f"{name} {count}" for name, count in diff.summary().items())
    sections = [(name, rows) for name, rows in diff.sections.items() if rows.rows]
    if fmt == "markdown":
        parts = [f"# {heading}", f"Compared: {diff.comparisons_text()}",
                 *(f"> warning: {warning}" for warning in diff.warnings), f"Summary: {summary}"]
        parts += [render_rows(rows.columns, rows.rows, "markdown", title=name) for name, rows in sections]
    else:
        parts = [heading, f"compared: {diff.comparisons_text()}",
                 *(f"warning: {warning}" for warning in diff.warnings), f"summary: {summary}"]
        parts += [render_rows(rows.columns, rows.rows, "table", title=name) for name, rows in sections]
    if not sections:
        parts.append("No changes.")
    if SourceKind.OPENDATA in (diff.before.source_kind, diff.after.source_kind):
        parts.append(OPEN_DATA_ATTRIBUTION)
    return printable("\n\n".join(parts))


def render_diff(diff: Diff, fmt: str) -> str:
    if fmt == "json":
        return to_json(diff.to_dict())
    if fmt == "csv":
        return diff_as_csv(diff)
    return diff_as_text(diff, fmt)


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
    changes = read_database(db_path, lock_timeout, lambda con: diff_snapshots(con, from_id, to_id, committee_id))
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
    if deliverable is not None:
        if member is not None or committee_id is not None:
            raise click.UsageError("--deliverable goes alone, without --member or --committee")
        timeline = read_database(db_path, lock_timeout, lambda con: deliverable_timeline(con, deliverable))
        click.echo(render_timeline(timeline, fmt, f"Stages of {deliverable}"))
        return
    if member is None and committee_id is None:
        raise click.UsageError("give --member ACRONYM|ID, --committee ID, --deliverable ID|REFERENCE, or both of the first two")
    if member is not None:
        timeline = read_database(db_path, lock_timeout, lambda con: member_timeline(con, member, committee_id))
        title = f"Seats of {member}" + (f" in committee {committee_id}" if committee_id else "")
    else:
        timeline = read_database(db_path, lock_timeout, lambda con: committee_timeline(con, committee_id))
        title = f"Members of committee {committee_id}"
    click.echo(render_timeline(timeline, fmt, title))
