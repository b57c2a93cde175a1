"""Last item pipeline: the Scrapy adapter over `pipeline.collect` and `pipeline.commit`.

It feeds every item to a SnapshotCollector, and when the crawl closes adds
what only Scrapy knows (responses by HTTP status, spider exceptions, and the
provenance casco_watch.crawler.archive_middlewares sets on the spider), commits
the judged snapshot (`pipeline.commit`: spooled, then one transaction, waiting
up to the CASCO_LOCK_TIMEOUT setting for the file) and announces it with the
`snapshot_stored` signal, which whoever runs the crawl may listen to; or, when
the file stayed in use, with `snapshot_spooled`: the snapshot waits in the spool.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import fields
from pathlib import Path

from casco_watch.pipeline.collect import Provenance, SnapshotCollector
from casco_watch.pipeline.commit import FutureDateError, SnapshotSpooled, commit_snapshot
from casco_watch.pipeline.plausibility import validate_max_vanish
from casco_watch.pipeline.store import DatabaseError

logger = logging.getLogger(__name__)

snapshot_stored = object()
"""Signal sent after a snapshot is committed, with `snapshot` (a schemas.Snapshot) and `db` (its Path)."""
snapshot_spooled = object()
"""Signal sent when the database stayed in use, with `snapshot` (no snapshot_id yet: it waits in the spool for
the next writer) and `reason` (where it waits and what commits it)."""

_STATUS_STAT = "downloader/response_status_count/"


def _as_date(value) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


class SnapshotPipeline:
    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.collector: SnapshotCollector | None = None
        self.max_vanish = validate_max_vanish(crawler.settings.getfloat("CASCO_MAX_VANISH"))

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self) -> None:
        spider = self.crawler.spider
        self.collector = SnapshotCollector(
            source_kind=spider.source_kind,
            source=spider.source,
            scope=spider.scope,
            covers=spider.covers,
            page_kinds=spider.page_kinds,
            spiders=[spider.name],
            requested_committees=spider.committee_ids,
        )

    def process_item(self, item):
        self.collector.add(item)
        return item

    def _stats(self) -> tuple[dict[str, int], int]:
        stats = self.crawler.stats.get_stats()
        pages = {key[len(_STATUS_STAT):]: value for key, value in stats.items() if key.startswith(_STATUS_STAT)}
        spider_exceptions = sum(
            value for key, value in stats.items() if key.startswith("spider_exceptions/") and key != "spider_exceptions/count"
        )
        return pages, spider_exceptions

    def _as_of(self) -> dt.date:
        spider = self.crawler.spider
        as_of = _as_date(getattr(spider, "as_of", None)) or _as_date(self.crawler.settings.get("CASCO_AS_OF"))
        return as_of or self.collector.started_at.date()

    def close_spider(self) -> None:
        pages_by_status, spider_exceptions = self._stats()
        spider = self.crawler.spider
        collected = self.collector.finish(
            self._as_of(),
            pages_by_status=pages_by_status,
            spider_exceptions=spider_exceptions,
            provenance=Provenance(**{f.name: getattr(spider, f.name, None) for f in fields(Provenance)}),
        )
        db_path = Path(self.crawler.settings.get("CASCO_DB"))
        lock_timeout = self.crawler.settings.getfloat("CASCO_LOCK_TIMEOUT")
        try:
            snapshot = commit_snapshot(
                db_path, collected, lock_timeout=lock_timeout, max_vanish=self.max_vanish
            ).snapshot
        except SnapshotSpooled as error:
            logger.warning("The snapshot was not stored yet: %s", error)
            self.crawler.signals.send_catch_log(snapshot_spooled, snapshot=collected.snapshot, reason=str(error))
            return
        except (DatabaseError, FutureDateError) as error:
            logger.error("The snapshot was not stored: %s", error)
            return
        logger.info("Stored snapshot %s (%s) in %s", snapshot.snapshot_id, snapshot.status, db_path)
        self.crawler.signals.send_catch_log(snapshot_stored, snapshot=snapshot, db=db_path)
