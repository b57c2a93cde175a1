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
- `replay(db, capture, committees=(), as_of=None)`: a capture replayed as a crawl, in a child process: a crawl's
  own archive, or pages recorded by another tool (WARC, WACZ, HAR; docs/captures.md). The same capture for
  the same day again stores nothing and returns the stored snapshot with an `AlreadyStored` warning.
- `snapshots(db)`: the stored snapshots.
- `diff(db, from_snapshot=None, to_snapshot=None, committee=None)`: a `Diff`, `.summary()` and `.to_dict()`.
- `member_timeline(db, member)`, `committee_timeline(db, committee)`: the timelines of `casco history`.

An as-of date after today raises `FutureDateError`. Writers wait for the file (docs/locking.md); when it
stays in use past `lock_timeout`, `SnapshotSpooled` says where the snapshot waits for the next writer.
"""

import importlib

from casco_watch.source_tree import map_source_tree

map_source_tree(__name__, __file__)

EXPORTS: dict[str, str] = {
    "AlreadyStored": "casco_watch.library",
    "ArchiveError": "casco_watch.archives.crawl_archive",
    "CaptureError": "casco_watch.archives.captures",
    "CrawlError": "casco_watch.runner.crawl_job",
    "DatabaseError": "casco_watch.pipeline.store",
    "DatabaseInUse": "casco_watch.pipeline.store",
    "DatasetError": "casco_watch.library",
    "Diff": "casco_watch.pipeline.changes",
    "FutureDateError": "casco_watch.pipeline.commit",
    "HistoryLookupError": "casco_watch.pipeline.history",
    "Snapshot": "casco_watch.schemas",
    "SnapshotChoiceError": "casco_watch.pipeline.changes",
    "SnapshotSpooled": "casco_watch.pipeline.commit",
    "committee_timeline": "casco_watch.library",
    "diff": "casco_watch.library",
    "load_opendata": "casco_watch.library",
    "member_timeline": "casco_watch.library",
    "open_database": "casco_watch.pipeline.store",
    "replay": "casco_watch.library.replaying",
    "snapshots": "casco_watch.library",
    "store_snapshot": "casco_watch.library",
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
