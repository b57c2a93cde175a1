"""A capture replayed as a crawl: which spider and arguments it runs with, and whether it is stored already.

A casco-watch archive names its crawl (spider, arguments, date); another tool's capture does not, so its
committees come from the caller or from the committee pages it holds, its date from the capture itself.
A replay records the capture's sha256 as the snapshot's `content_digest`: the same capture replayed for
the same day again stores nothing. A re-parse records none, since its point is to read the same archive
again with changed parsers. The crawl itself runs in a child process (`casco_watch.runner.crawl_job`).
"""

from __future__ import annotations

import datetime as dt
import warnings
from dataclasses import dataclass
from pathlib import Path

from casco_watch.archives.crawl_archive import CrawlArchive
from casco_watch.archives.captures import Capture, CaptureError, ForeignCapture, file_digest, read_capture
from casco_watch.runner.crawl_job import run_crawl
from casco_watch.library import AlreadyStored
from casco_watch.pipeline.commit import refuse_future_date
from casco_watch.pipeline.store import DatabaseError, open_database, read_snapshots, stored_content
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
    spider: str
    spider_args: dict[str, str | None]
    settings: dict[str, object]
    as_of: dt.date
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
) -> Replay:
    """The crawl that replays `capture` into `db_path`; CaptureError when a foreign capture names no committee."""
    if isinstance(capture, CrawlArchive):
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
    settings = {**REPLAY_SETTINGS, **extra, "CASCO_REPLAY": str(capture.path.resolve()),
                "CASCO_DERIVATION": derivation, "CASCO_DERIVED_FROM": derived_from, "CASCO_CONTENT_DIGEST": digest}
    return Replay(capture, spider, spider_args, settings, as_of,
                  _already_stored(db_path, digest, as_of) if digest else None)


def replay(
    db: str | Path,
    capture: str | Path,
    *,
    committees: tuple[int, ...] = (),
    as_of: dt.date | None = None,
    settings: dict[str, object] | None = None,
) -> Snapshot:
    """Replay a capture (casco-watch's archive, or a WARC, WARC.GZ, WACZ or HAR of another tool) into `db`.

    Returns the stored Snapshot. The same capture replayed for the same day again stores nothing and
    returns the snapshot that holds it, with an `AlreadyStored` warning. A capture that cannot be read
    raises ArchiveError (CaptureError for another tool's file); a crawl that stores nothing, CrawlError.
    """
    db_path = Path(db)
    if as_of is not None:
        refuse_future_date(as_of)
    plan = plan_replay(read_capture(capture), db_path, committees=tuple(committees), as_of=as_of)
    if plan.already_stored is not None:
        warnings.warn(AlreadyStored(str(capture), plan.already_stored), stacklevel=2)
        return plan.already_stored
    return run_crawl(plan.spider, plan.spider_args, db_path, {**plan.settings, **(settings or {})}).snapshot
