"""`casco reparse` and `casco crawl --replay`: a crawl run again from its archive, with no network.

Both run the crawl's own spider, with the arguments its archive records, through the ArchiveReplay
middleware, and store a new snapshot dated like the original and linked to it (derivation 'replay' or
'reparse', derived_from). The original snapshot is never touched. The archive is read whole and checked
here first, so a damaged one is refused before a crawl process starts and nothing is stored.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from casco_watch.crawl_lock import writing_turn
from casco_watch.archive import ArchiveError, CrawlArchive, read_archive, resolve_archive_path
from casco_watch.commands import SNAPSHOT_ID, db_option
from casco_watch.commands.changes import fail
from casco_watch.output import db_flag
from casco_watch.pipeline.store import DatabaseError, open_database, read_snapshots

REPLAY_SETTINGS = {
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_DELAY": 0,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
    "CASCO_RETRY_BACKOFF_MAX": 0,
}
"""No network, so no politeness; a recorded Retry-After must not make a replay wait either."""


def _checked(path: Path) -> CrawlArchive:
    try:
        return read_archive(path)
    except ArchiveError as error:
        fail(f"{error}; it cannot be replayed, and nothing was stored")


def replay(archive: CrawlArchive, db_path: Path, settings: dict, verbose: bool, *, derivation: str,
           derived_from: int | None, as_of) -> int:
    """Run the archived crawl again from the archive into `db_path`; the exit code of its snapshot."""
    from casco_watch.cli import crawl_and_report  # cli imports this module to register its commands

    spider_args = {**archive.arguments, "as_of": as_of.isoformat()}
    replay_settings = {
        **REPLAY_SETTINGS,
        **settings,
        "CASCO_REPLAY": str(archive.path.resolve()),
        "CASCO_DERIVATION": derivation,
        "CASCO_DERIVED_FROM": derived_from,
    }
    return crawl_and_report(archive.spider, spider_args, db_path, replay_settings, verbose)


def _original_snapshot(archive: CrawlArchive, db_path: Path) -> int | None:
    """The snapshot in `db_path` that this archive was written for, if the database holds it."""
    if not db_path.exists():
        return None
    try:
        with open_database(db_path, read_only=True) as con:
            stored = read_snapshots(con, archive.snapshot_id)
    except DatabaseError:
        return None
    if stored and stored[0].archive and Path(stored[0].archive).name == archive.path.name:
        return archive.snapshot_id
    return None


def replay_archive(path: Path, db_path: Path, settings: dict, verbose: bool) -> int:
    """`casco crawl --replay ARCHIVE`: a new snapshot from the archive, dated like the crawl that wrote it."""
    archive = _checked(path)
    return replay(archive, db_path, settings, verbose, derivation="replay",
                  derived_from=_original_snapshot(archive, db_path), as_of=archive.as_of)


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
    archive = _checked(path)
    with writing_turn(db_path):
        sys.exit(replay(archive, db_path, {}, verbose, derivation="reparse",
                        derived_from=snapshot_id, as_of=original.as_of))
