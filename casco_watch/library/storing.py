"""`store_snapshot`: records of any source judged and stored as one snapshot, through the one commit path."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from casco_watch.library.connections import Database
from casco_watch.pipeline.collect import CrawlItem, SnapshotCollector
from casco_watch.pipeline.commit import Committed, commit_snapshot, refuse_future_date
from casco_watch.pipeline.store import WRITER_LOCK_TIMEOUT
from casco_watch.schemas import RecordBatch
from casco_watch.schemas.snapshot import SourceKind


def store_snapshot(
    db: Database,
    items: Iterable[CrawlItem],
    *,
    source_kind: SourceKind,
    source: str,
    scope: str,
    as_of: dt.date,
    covers: Iterable[str] | None = None,
    page_kinds: Iterable[str] = (),
    requested_committees: Iterable[int] = (),
    lock_timeout: float = WRITER_LOCK_TIMEOUT,
    max_vanish: float | None = None,
) -> Committed:
    """Judge validated records (and Rejects, PageVisits, PageFailures) as one snapshot and store it.

    Returns what was committed: `.snapshot` as stored, and `.skipped` when the same
    content for the same day was stored already (then `.snapshot` is that one).
    `covers` names the tables the source set out to fill (default: the tables of
    the records given); `page_kinds` the pages read, which switches on the
    checks that need them (counters against participation rows, a page per member).
    `max_vanish` is the share of a committee's seats (or liaisons) that may vanish at once before
    they are held back as suspect (default 0.2; see pipeline/plausibility.py).
    An `as_of` after today raises FutureDateError.
    """
    refuse_future_date(as_of)
    items = list(items)
    if covers is None:
        records = (part for item in items for part in (item.records if isinstance(item, RecordBatch) else (item,)))
        covers = {record.table for record in records if hasattr(record, "table")}
    collector = SnapshotCollector(
        source_kind=source_kind,
        source=source,
        scope=scope,
        covers=covers,
        page_kinds=page_kinds,
        spiders=[],
        requested_committees=requested_committees,
    )
    collector.add_all(items)
    return commit_snapshot(db, collector.finish(as_of), lock_timeout=lock_timeout, max_vanish=max_vanish)
