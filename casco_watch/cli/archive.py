"""`casco reparse` and `casco crawl --replay`: a crawl run again from a capture, with no network.

A casco-watch archive replays its own crawl (spider and arguments as recorded), dated like the original
and linked to it (derivation 'replay' or 'reparse', derived_from); another tool's capture (WARC, WACZ,
HAR) replays as a crawl of the committees it holds, dated by the capture (casco_watch.library.replaying). The
original snapshot is never touched. The capture is read whole and checked here first, so a damaged one is
refused before a crawl process starts and nothing is stored; the same capture replayed again is not stored
twice.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from casco_watch.archives.captures import Capture, CaptureError, read_capture
from casco_watch.archives.crawl_archive import (
    ArchiveError,
    CrawlArchive,
    resolve_archive_path,
)
from casco_watch.cli.errors import fail
from casco_watch.cli.options import SNAPSHOT_ID, db_option
from casco_watch.cli.outcome import crawl_and_report
from casco_watch.library.replaying import Replay, plan_replay
from casco_watch.pipeline.store import DatabaseError, open_database, read_snapshots
from casco_watch.publishing.rendering import db_flag, shown_path
from casco_watch.runner.crawl_lock import writing_turn
from casco_watch.schemas import Derivation

NOT_STORED = "it cannot be replayed, and nothing was stored"


def _checked(path: Path) -> Capture:
    """The capture read whole; a bad file given is a usage error (exit 2), a damaged crawl archive an error."""
    try:
        return read_capture(path)
    except CaptureError as error:
        click.echo(f"casco: {error}; {NOT_STORED}", err=True)
        sys.exit(2)
    except ArchiveError as error:
        fail(f"{error}; {NOT_STORED}")


def replay(plan: Replay, db_path: Path, settings: dict, verbose: bool) -> int:
    """Run the replay's crawl into `db_path`, saying it reads a capture; the exit code of its snapshot."""
    return crawl_and_report(plan.spider, plan.spider_args, db_path, {**plan.settings, **settings}, verbose,
                            reading=plan.capture.path)


def replay_capture(path: Path, db_path: Path, settings: dict, verbose: bool, committees: tuple[int, ...] = (),
                   as_of: dt.date | None = None) -> int:
    """`casco crawl --replay FILE`: a new snapshot from a capture, unless the same capture is stored already."""
    capture = _checked(path)
    if isinstance(capture, CrawlArchive) and (committees or as_of):
        raise click.UsageError("--replay takes the committees and date of a casco-watch archive from the archive; "
                               "--committee and --as-of are for captures made by other tools")
    try:
        plan = plan_replay(capture, db_path, committees=committees, as_of=as_of)
    except CaptureError as error:
        click.echo(f"casco: {error}; {NOT_STORED}", err=True)
        sys.exit(2)
    if plan.already_stored is not None:
        stored = plan.already_stored
        click.echo(f"Skipped {shown_path(path)}: the same capture as of {stored.as_of} is already stored as "
                   f"snapshot {stored.snapshot_id} in {shown_path(db_path)}; nothing new was stored.")
        return 0
    return replay(plan, db_path, settings, verbose)


@click.command()
@click.argument("snapshot_id", type=SNAPSHOT_ID)
@click.option("--verbose", is_flag=True, help="Show the crawl log on the terminal.")
@db_option
def reparse(snapshot_id, verbose, db_path):
    """Rebuild a snapshot from its archive with today's parsers, offline.

    The result is a new snapshot (derivation 'reparse', derived from SNAPSHOT_ID, same as-of date); the
    original stays as it was. Use it once the parser knows a page it did not understand before.
    """
    try:
        with open_database(db_path, read_only=True) as con:
            stored = read_snapshots(con, snapshot_id)
    except DatabaseError as error:
        fail(str(error))
    if not stored:
        fail(f"there is no snapshot {snapshot_id} in {db_path}; `casco snapshots{db_flag(db_path)}` lists them")
    original = stored[0]
    if not original.archive:
        fail(f"snapshot {snapshot_id} has no archive (only site crawls keep one), so it cannot be re-parsed")
    path = resolve_archive_path(original.archive, db_path)
    if not path.exists():
        fail(f"the archive of snapshot {snapshot_id} is missing: {path}; restore it there to re-parse")
    plan = plan_replay(_checked(path), db_path, as_of=original.as_of, derivation=Derivation.REPARSE,
                        derived_from=snapshot_id)
    with writing_turn(db_path):
        sys.exit(replay(plan, db_path, {}, verbose))
