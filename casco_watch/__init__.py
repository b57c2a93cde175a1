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
- `crawl(db, committees=(54998,), base_url=..., delay=..., max_duration=..., ...)`: a crawl of iso.org (or a
  copy of it) in a child process; returns a `CrawlOutcome` (`.snapshot`, `.log_file`, `.archive`).
- `replay(db, capture, committees=(), as_of=None)`: a capture replayed as a crawl, in a child process: a crawl's
  own archive, or pages recorded by another tool (WARC, WACZ, HAR; docs/captures.md). The same capture for
  the same day again stores nothing: the `CrawlOutcome` is `skipped` and holds the snapshot stored before.
- `reparse(db, snapshot)`: a stored snapshot's archive read again with today's parsers, as a new snapshot.
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

Where `db` may be left out (`open_database`, `load_opendata`, `snapshots`, `diff`), it is the file `casco` uses
without `--db`: the CASCO_DB environment variable, else output/casco.duckdb, read at each call.

Errors are exceptions whose message says what to do: `DatabaseError`, `SnapshotChoiceError`, `HistoryLookupError`,
`ExportError`, `ReconcileError`, `AcceptError`, `NotifyError`, `DatasetError`. An as-of date after today raises
`FutureDateError`. Writers wait for the file (docs/locking.md); when it stays in use past `lock_timeout`,
`SnapshotSpooled` says where the snapshot waits for the next writer.
"""

import importlib

from casco_watch.source_tree import map_source_tree

map_source_tree(__name__, __file__)

EXPORTS: dict[str, str] = {
    "AcceptError": "casco_watch.pipeline.plausibility",
    "Accepted": "casco_watch.library.review",
    "ArchiveError": "casco_watch.archives.crawl_archive",
    "CaptureError": "casco_watch.archives.captures",
    "Committed": "casco_watch.pipeline.commit",
    "CrawlArgumentError": "casco_watch.runner.crawl_options",
    "CrawlError": "casco_watch.runner.crawl_job",
    "CrawlInterrupted": "casco_watch.runner.crawl_job",
    "CrawlOutcome": "casco_watch.runner.crawl_job",
    "DatabaseError": "casco_watch.pipeline.store",
    "DatabaseInUse": "casco_watch.pipeline.store",
    "DatasetError": "casco_watch.library.opendata",
    "Diff": "casco_watch.pipeline.changes",
    "ExportError": "casco_watch.pipeline.catalog",
    "Exported": "casco_watch.library.questions",
    "FutureDateError": "casco_watch.pipeline.commit",
    "HistoryLookupError": "casco_watch.pipeline.history",
    "NoArchive": "casco_watch.library.crawling",
    "Notification": "casco_watch.publishing.notify",
    "NotifyError": "casco_watch.publishing.notify",
    "ReconcileError": "casco_watch.pipeline.reconcile",
    "Reconciliation": "casco_watch.pipeline.reconcile",
    "Snapshot": "casco_watch.schemas",
    "SnapshotChoiceError": "casco_watch.pipeline.changes",
    "SnapshotSpooled": "casco_watch.pipeline.commit",
    "WrittenReport": "casco_watch.library.publishing",
    "accept": "casco_watch.library.review",
    "committee_timeline": "casco_watch.library.questions",
    "crawl": "casco_watch.library.crawling",
    "deliverable_timeline": "casco_watch.library.questions",
    "diff": "casco_watch.library.questions",
    "export": "casco_watch.library.questions",
    "load_opendata": "casco_watch.library.opendata",
    "member_timeline": "casco_watch.library.questions",
    "notify": "casco_watch.library.publishing",
    "open_database": "casco_watch.pipeline.store",
    "query": "casco_watch.library.questions",
    "reconcile": "casco_watch.library.questions",
    "replay": "casco_watch.library.replaying",
    "reparse": "casco_watch.library.crawling",
    "report": "casco_watch.library.publishing",
    "snapshots": "casco_watch.library.questions",
    "store_snapshot": "casco_watch.library.storing",
}
"""Each public name -> the module that defines it, imported on first use (PEP 562), so `import casco_watch`
and every `casco` command load only the modules they use (the runner and Scrapy only for a crawl or replay)."""

__all__ = sorted(EXPORTS, key=lambda name: (name[0].islower(), name))


def __getattr__(name: str):
    if name not in EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(EXPORTS[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *EXPORTS})
