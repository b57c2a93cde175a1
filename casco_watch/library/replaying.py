"""A capture replayed as a crawl: which spider and arguments it runs with, and whether it is stored already.

A casco-watch archive names its crawl (spider, arguments, date); another tool's capture does not, so its
committees come from the caller or from the committee pages it holds, its date from the capture itself.
A replay records the capture's sha256 as the snapshot's `content_digest`: the same capture replayed for
the same day again stores nothing. A re-parse records none, since its point is to read the same archive
again with changed parsers. The crawl itself runs in a child process (`casco_watch.runner.crawl_job`).
`replay` is the library's call, and `casco crawl --replay`'s; `casco_watch.library.crawling.reparse` plans its
re-parse here too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from casco_watch.archives.captures import Capture, CaptureError, ForeignCapture, file_digest, read_capture
from casco_watch.archives.crawl_archive import CrawlArchive
from casco_watch.pipeline.store import DatabaseError, open_database, read_snapshots, stored_content
from casco_watch.runner.crawl_events import Event
from casco_watch.runner.crawl_job import CrawlOutcome, run_crawl
from casco_watch.runner.crawl_lock import writing_turn
from casco_watch.runner.crawl_options import CrawlArgumentError, check_writable_database
from casco_watch.runner.crawl_request import CrawlRequest, crawl_settings
from casco_watch.schemas import Derivation, Snapshot

REPLAY_SETTINGS = {
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_DELAY": 0,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
    "CASCO_RETRY_BACKOFF_MAX": 0,
}
"""No network, so no politeness; a recorded Retry-After must not make a replay wait either."""
FOREIGN_SETTINGS = {"ROBOTSTXT_OBEY": False, "RETRY_ENABLED": False}
"""A capture made by a person holds no robots.txt as a rule, and one answer per URL: asking again gets the same."""


@dataclass(frozen=True)
class Replay:
    """What replaying a capture runs, or the snapshot that already holds it."""

    capture: Capture
    request: CrawlRequest
    already_stored: Snapshot | None


def _original_snapshot(archive: CrawlArchive, db_path: Path) -> int | None:
    """The snapshot in `db_path` that this archive was written for, if the database holds it.

    An archive whose snapshot waited in the spool has no snapshot_id; the snapshot naming its file is the one.
    """
    stored = _stored(db_path, lambda con: read_snapshots(con, archive.snapshot_id)) or []
    return next((snapshot.snapshot_id for snapshot in stored
                 if snapshot.derivation is None and snapshot.archive
                 and Path(snapshot.archive).name == archive.path.name), None)


def _stored(db_path: Path, read):
    if not db_path.exists():
        return None
    try:
        with open_database(db_path, read_only=True) as con:
            return read(con)
    except DatabaseError:
        return None


def _already_stored(db_path: Path, digest: str, as_of: dt.date) -> Snapshot | None:
    def read(con):
        found = stored_content(con, digest, as_of)
        return read_snapshots(con, found)[0] if found is not None else None

    return _stored(db_path, read)


def plan_replay(
    capture: Capture,
    db_path: Path,
    *,
    committees: tuple[int, ...] = (),
    as_of: dt.date | None = None,
    derivation: Derivation = Derivation.REPLAY,
    derived_from: int | None = None,
    settings: Mapping[str, object] | None = None,
) -> Replay:
    """The crawl that replays `capture` into `db_path`, with `settings` (`crawl_settings`) over the replay's own.

    CaptureError when a foreign capture names no committee; CrawlArgumentError when committees or a date are
    given for a casco-watch archive, which records its own; FutureDateError for a date after today."""
    if isinstance(capture, CrawlArchive):
        if committees or (as_of is not None and derivation == Derivation.REPLAY):
            raise CrawlArgumentError("--replay takes the committees and date of a casco-watch archive from the "
                                     "archive; --committee and --as-of are for captures made by other tools", None)
        spider, as_of = capture.spider, as_of or capture.as_of
        spider_args = {**capture.arguments, "as_of": as_of.isoformat()}
        extra: dict[str, object] = {}
        if derivation == Derivation.REPLAY and derived_from is None:
            derived_from = _original_snapshot(capture, db_path)
    else:
        committees = committees or capture.committees()
        if not committees:
            raise CaptureError(f"{capture.path} holds no committee page; name the committees with --committee")
        spider, as_of = "casco", as_of or capture.as_of
        spider_args = {"base_url": capture.site(), "committees": ",".join(map(str, committees)),
                       "follow_liaisons": "False", "as_of": as_of.isoformat()}
        extra = FOREIGN_SETTINGS
    digest = None if derivation == Derivation.REPARSE else (
        capture.digest if isinstance(capture, ForeignCapture) else file_digest(capture.path))
    replaying = {**REPLAY_SETTINGS, **extra, "CASCO_REPLAY": str(capture.path.resolve()),
                 "CASCO_DERIVATION": derivation, "CASCO_DERIVED_FROM": derived_from, "CASCO_CONTENT_DIGEST": digest}
    request = CrawlRequest(db_path, spider, spider_args, {**replaying, **(settings or crawl_settings())},
                           reading=capture.path)
    return Replay(capture, request, _already_stored(db_path, digest, as_of) if digest else None)


def replay(
    db: str | Path,
    capture: str | Path | Capture,
    *,
    committees: tuple[int, ...] = (),
    as_of: dt.date | None = None,
    settings: Mapping[str, object] | None = None,
    echo_log: bool = False,
    on_event: Callable[[Event], None] | None = None,
) -> CrawlOutcome:
    """Replay a capture (casco-watch's archive, or a WARC, WARC.GZ, WACZ or HAR of another tool) into `db`.

    Returns the outcome: the stored Snapshot, the crawl's log file and the capture read (`archive`). The same
    capture replayed for the same day again stores nothing: the outcome is `skipped` and holds the snapshot
    stored before. A capture that cannot be read raises ArchiveError (CaptureError for another tool's file);
    a crawl that stores nothing, CrawlError; a database that cannot be written, CrawlArgumentError. Waits for
    its turn to write `db`, as `casco crawl` does. `settings`: from `casco_watch.runner.crawl_request.crawl_settings`
    (--set, lock timeout, ...); `on_event` receives the crawl's events (`casco_watch.runner.crawl_events`).
    """
    db_path = Path(db)
    read = capture if isinstance(capture, Capture) else read_capture(capture)
    check_writable_database(db_path)
    with writing_turn(db_path):
        plan = plan_replay(read, db_path, committees=tuple(committees), as_of=as_of, settings=settings)
        if plan.already_stored is not None:
            return CrawlOutcome(plan.already_stored, db_path, None, skipped=True)
        return run_crawl(plan.request, echo_log=echo_log, on_event=on_event)
