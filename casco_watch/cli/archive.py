"""`casco reparse` and `casco crawl --replay`: a crawl run again from a capture, with no network.

A casco-watch archive replays its own crawl (spider and arguments as recorded), dated like the original
and linked to it (derivation 'replay' or 'reparse', derived_from); another tool's capture (WARC, WACZ,
HAR) replays as a crawl of the committees it holds, dated by the capture (casco_watch.library.replaying). The
original snapshot is never touched. The library reads the capture whole before a crawl process starts, so a
damaged one is refused and nothing is stored; the same capture replayed again is not stored twice. Here the
commands call `casco_watch.replay` and `casco_watch.reparse` and say what they did or why they refused.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from casco_watch.archives.captures import CaptureError, read_capture
from casco_watch.archives.crawl_archive import ArchiveError
from casco_watch.cli.errors import fail
from casco_watch.cli.options import SNAPSHOT_ID, db_option, usage_errors
from casco_watch.cli.outcome import report_crawl
from casco_watch.library import crawling
from casco_watch.library.replaying import replay
from casco_watch.pipeline.changes import SnapshotChoiceError
from casco_watch.pipeline.store import DatabaseError
from casco_watch.publishing.rendering import db_flag, shown_path

NOT_STORED = "it cannot be replayed, and nothing was stored"


@contextmanager
def _refusals() -> Iterator[None]:
    """A capture given that cannot be read is a usage error (exit 2); a damaged crawl archive, a snapshot without
    an archive or none at all, an error (exit 1). Nothing was stored."""
    try:
        with usage_errors():
            yield
    except CaptureError as error:
        click.echo(f"casco: {error}; {NOT_STORED}", err=True)
        sys.exit(2)
    except crawling.NoArchive as error:
        fail(str(error))
    except ArchiveError as error:
        fail(f"{error}; {NOT_STORED}")
    except (DatabaseError, SnapshotChoiceError) as error:
        fail(str(error))


def replay_capture(path: Path, db_path: Path, settings: dict, verbose: bool, committees: tuple[int, ...] = (),
                   as_of: dt.date | None = None) -> int:
    """`casco crawl --replay FILE`: a new snapshot from a capture, unless the same capture is stored already."""
    with _refusals():
        capture = read_capture(path)
        return report_crawl(lambda on_event: replay(db_path, capture, committees=committees, as_of=as_of,
                                                    settings=settings, echo_log=verbose, on_event=on_event),
                            db_path, verbose, reading=path)


@click.command()
@click.argument("snapshot_id", type=SNAPSHOT_ID)
@click.option("--verbose", is_flag=True, help="Show the crawl log on the terminal.")
@db_option
def reparse(snapshot_id, verbose, db_path):
    """Rebuild a snapshot from its archive with today's parsers, offline.

    The result is a new snapshot (derivation 'reparse', derived from SNAPSHOT_ID, same as-of date); the
    original stays as it was. Use it once the parser knows a page it did not understand before.
    """
    with _refusals():
        try:
            sys.exit(report_crawl(lambda on_event: crawling.reparse(db_path, snapshot_id, echo_log=verbose,
                                                                    on_event=on_event), db_path, verbose))
        except SnapshotChoiceError:
            fail(f"there is no snapshot {snapshot_id} in {shown_path(db_path)}; "
                 f"`casco snapshots{db_flag(db_path)}` lists them")
