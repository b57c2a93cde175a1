"""casco-watch: an exact, dated record of ISO/CASCO and the committees around it.

The library (no Scrapy reactor, no child process but for `replay`), one call per `casco` command:

    import casco_watch
    db = "output/casco.duckdb"
    casco_watch.load_opendata("iso_technical_committees-2025-08-06.jsonl.gz", db)
    casco_watch.load_opendata("iso_technical_committees-2025-08-13.jsonl.gz", db)
    casco_watch.diff(db).summary()        # {'committees_added': 0, ..., 'memberships_joined': 12, ...}

- `open_database(path, read_only=False)`: a DuckDB connection to a casco-watch file (created if absent).
- `load_opendata(path_or_url, db, as_of=None)`: one ISO Open Data dump as one snapshot; returns `Committed`:
  `.snapshot` as stored, `.skipped` when the same file for the same day was stored already (nothing new stored).
- `store_snapshot(db, records, source_kind=..., source=..., scope=..., as_of=...)`: records of any source; `Committed`.
- `replay(db, capture, committees=(), as_of=None)`: a capture replayed as a crawl, in a child process: a crawl's
  own archive, or pages recorded by another tool (WARC, WACZ, HAR; docs/captures.md).
- `snapshots(db)`: the stored snapshots.
- `diff(db, from_snapshot=None, to_snapshot=None, committee=None)`: a `Diff`, `.summary()` and `.to_dict()`.
- `member_timeline(db, member)`, `committee_timeline(db, committee)`, `deliverable_timeline(db, deliverable)`:
  the timelines of `casco history`.
- `query(db, sql, as_of=None)`: rows (dicts) of SQL that reads the database only, as it stood on `as_of`.
- `export(db, out_dir, format="parquet", snapshot=None, force=False)`: one file per table; `Exported`.
- `report(db, out)`: the HTML page of `casco report`; `WrittenReport`.
- `reconcile(db, committee=None)`: where the site and Open Data disagree; `Reconciliation`.
- `accept(db, snapshot, committee, table="memberships")`: a suspect part made complete; `Accepted`.
- `notify(db, to, from_snapshot=None, to_snapshot=None)`: the changes sent to a webhook or apprise URL;
  `Notification` (`.sent`, or `.reason` nothing went out).

Errors are exceptions whose message says what to do: `DatabaseError`, `SnapshotChoiceError`, `HistoryLookupError`,
`ExportError`, `ReconcileError`, `AcceptError`, `NotifyError`, `DatasetError`. An as-of date after today raises
`FutureDateError`. Writers wait for the file (docs/locking.md); when it stays in use past `lock_timeout`,
`SnapshotSpooled` says where the snapshot waits for the next writer.
"""

from casco_watch.source_tree import map_source_tree

map_source_tree(__name__, __file__)

from casco_watch.library.opendata import DatasetError, load_opendata  # noqa: E402 (after the subpackages are mapped)
from casco_watch.library.publishing import WrittenReport, notify, report
from casco_watch.library.questions import (
    Exported,
    committee_timeline,
    deliverable_timeline,
    diff,
    export,
    member_timeline,
    query,
    reconcile,
    snapshots,
)
from casco_watch.library.review import Accepted, accept
from casco_watch.library.storing import store_snapshot
from casco_watch.archives.crawl_archive import ArchiveError
from casco_watch.archives.captures import CaptureError
from casco_watch.runner.crawl_job import CrawlError
from casco_watch.pipeline.catalog import ExportError
from casco_watch.pipeline.changes import Diff, SnapshotChoiceError
from casco_watch.pipeline.commit import Committed, FutureDateError, SnapshotSpooled
from casco_watch.pipeline.history import HistoryLookupError
from casco_watch.pipeline.plausibility import AcceptError
from casco_watch.pipeline.reconcile import Reconciliation, ReconcileError
from casco_watch.pipeline.store import DatabaseError, DatabaseInUse, open_database
from casco_watch.publishing.notify import Notification, NotifyError
from casco_watch.library.replaying import replay
from casco_watch.schemas import Snapshot

__all__ = [
    "AcceptError",
    "Accepted",
    "ArchiveError",
    "CaptureError",
    "Committed",
    "CrawlError",
    "DatabaseError",
    "DatabaseInUse",
    "DatasetError",
    "Diff",
    "ExportError",
    "Exported",
    "FutureDateError",
    "HistoryLookupError",
    "Notification",
    "NotifyError",
    "ReconcileError",
    "Reconciliation",
    "Snapshot",
    "SnapshotChoiceError",
    "SnapshotSpooled",
    "WrittenReport",
    "accept",
    "committee_timeline",
    "deliverable_timeline",
    "diff",
    "export",
    "load_opendata",
    "member_timeline",
    "notify",
    "open_database",
    "query",
    "reconcile",
    "replay",
    "report",
    "snapshots",
    "store_snapshot",
]
