"""casco-watch: an exact, dated record of ISO/CASCO and the committees around it.

The library (no Scrapy reactor, no child process):

    import casco_watch
    db = "output/casco.duckdb"
    casco_watch.load_opendata("iso_technical_committees-2025-08-06.jsonl.gz", db)
    casco_watch.load_opendata("iso_technical_committees-2025-08-13.jsonl.gz", db)
    casco_watch.diff(db).summary()        # {'committees_added': 0, ..., 'memberships_joined': 12, ...}

- `open_database(path, read_only=False)`: a DuckDB connection to a casco-watch file (created if absent).
- `load_opendata(path_or_url, db, as_of=None)`: one ISO Open Data dump as one snapshot; the same file for
  the same day again stores nothing and returns the stored snapshot with an `AlreadyStored` warning.
- `store_snapshot(db, records, source_kind=..., source=..., scope=..., as_of=...)`: records of any source.
- `crawl(db, committees=(54998,), base_url=..., delay=..., max_duration=..., ...)`: a crawl of iso.org (or a
  copy of it) in a child process; returns a `CrawlOutcome` (`.snapshot`, `.log_file`, `.archive`).
- `replay(db, capture, committees=(), as_of=None)`: a capture replayed as a crawl, in a child process: a crawl's
  own archive, or pages recorded by another tool (WARC, WACZ, HAR; docs/captures.md). The same capture for
  the same day again stores nothing: the `CrawlOutcome` is `skipped` and holds the snapshot stored before.
- `reparse(db, snapshot)`: a stored snapshot's archive read again with today's parsers, as a new snapshot.
- `snapshots(db)`: the stored snapshots.
- `diff(db, from_snapshot=None, to_snapshot=None, committee=None)`: a `Diff`, `.summary()` and `.to_dict()`.
- `member_timeline(db, member)`, `committee_timeline(db, committee)`: the timelines of `casco history`.

An as-of date after today raises `FutureDateError`. Writers wait for the file (docs/locking.md); when it
stays in use past `lock_timeout`, `SnapshotSpooled` says where the snapshot waits for the next writer.
"""

from casco_watch.source_tree import map_source_tree

map_source_tree(__name__, __file__)

from casco_watch.library import (  # noqa: E402 (after the source tree's subpackages are mapped)
    AlreadyStored,
    DatasetError,
    committee_timeline,
    diff,
    load_opendata,
    member_timeline,
    snapshots,
    store_snapshot,
)
from casco_watch.archives.crawl_archive import ArchiveError
from casco_watch.archives.captures import CaptureError
from casco_watch.runner.crawl_job import CrawlError, CrawlInterrupted, CrawlOutcome
from casco_watch.runner.crawl_options import CrawlArgumentError
from casco_watch.library.crawling import NoArchive, crawl, reparse
from casco_watch.pipeline.changes import Diff, SnapshotChoiceError
from casco_watch.pipeline.commit import FutureDateError, SnapshotSpooled
from casco_watch.pipeline.history import HistoryLookupError
from casco_watch.pipeline.store import DatabaseError, DatabaseInUse, open_database
from casco_watch.library.replaying import replay
from casco_watch.schemas import Snapshot

__all__ = [
    "AlreadyStored",
    "ArchiveError",
    "CaptureError",
    "CrawlArgumentError",
    "CrawlError",
    "CrawlInterrupted",
    "CrawlOutcome",
    "DatabaseError",
    "DatabaseInUse",
    "DatasetError",
    "Diff",
    "FutureDateError",
    "HistoryLookupError",
    "NoArchive",
    "Snapshot",
    "SnapshotChoiceError",
    "SnapshotSpooled",
    "committee_timeline",
    "crawl",
    "diff",
    "load_opendata",
    "member_timeline",
    "open_database",
    "replay",
    "reparse",
    "snapshots",
    "store_snapshot",
]
