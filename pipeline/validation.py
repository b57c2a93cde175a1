"""First item pipeline: every item is a validated record, a Reject, a batch of those, or a crawl event.

Parsers already build records through `schemas.validate_record`; a spider may
also yield a plain dict naming its `record_type`, which is validated here.
Counts of valid and rejected records go into the crawl stats.
"""

from __future__ import annotations

from typing import Any

from casco_watch.schemas import RECORD_TYPES, PageFailure, PageVisit, Record, RecordBatch, Reject, validate_record


class UnknownItem(TypeError):
    """A spider yielded something that is neither a record nor a crawl event: a programming error."""


class ValidationPipeline:
    def __init__(self, crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_item(self, item: Any):
        if isinstance(item, dict):
            payload = dict(item)
            record_type = payload.pop("record_type", None)
            if record_type not in RECORD_TYPES:
                raise UnknownItem(f"dict item without a known record_type: {record_type!r}")
            item = validate_record(RECORD_TYPES[record_type], payload, source_url=payload.pop("source_url", None))
        for part in item.records if isinstance(item, RecordBatch) else (item,):
            self._count(part)
        return item

    def _count(self, item: Any) -> None:
        stats = self.crawler.stats
        if isinstance(item, Record):
            stats.inc_value(f"casco/records/{type(item).__name__}")
        elif isinstance(item, Reject):
            stats.inc_value(f"casco/rejected/{item.record_type}")
        elif isinstance(item, PageFailure):
            stats.inc_value(f"casco/page_failures/{item.page_kind}")
        elif not isinstance(item, PageVisit):
            raise UnknownItem(f"unexpected item of type {type(item).__name__}")
