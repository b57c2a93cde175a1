"""Last item pipeline: gather one crawl in memory, judge it, and store it as one snapshot.

Nothing reaches the database until the crawl closes; then the snapshot row,
its records (unless the crawl failed) and its rejects go in one transaction,
loaded in bulk through Arrow.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections import Counter
from pathlib import Path

import pyarrow as pa

from casco_watch.settings import TOOL_VERSION
from casco_watch.pipeline.completeness import FAILED, CrawlEvidence, judge
from casco_watch.pipeline.store import SnapshotRow, open_database, write_snapshot
from casco_watch.schemas import PageFailure, PageVisit, Record, RecordBatch, Reject

logger = logging.getLogger(__name__)

_STATUS_STAT = "downloader/response_status_count/"


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _merge(kept: Record, incoming: Record) -> tuple[Record, list[str]]:
    """Two records with one natural key: fill gaps; disagreeing values are reported, the later kept."""
    merged, disagreements = kept.model_dump(), []
    for name, value in incoming.model_dump().items():
        if value is None or value == merged[name]:
            continue
        if merged[name] is not None:
            disagreements.append(f"{name}: {merged[name]!r} vs {value!r}")
        merged[name] = value
    return type(kept).model_validate(merged), disagreements


class SnapshotPipeline:
    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.started_at = _utc_now()
        self.evidence: CrawlEvidence | None = None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    @property
    def spider(self):
        return self.crawler.spider

    def open_spider(self) -> None:
        self.started_at = _utc_now()
        self.evidence = CrawlEvidence(
            page_kinds=frozenset(self.spider.page_kinds),
            requested_committees=tuple(self.spider.committee_ids),
        )

    def process_item(self, item):
        if isinstance(item, RecordBatch):
            for record in item.records:
                self._gather(record)
            if item.visit is not None:
                self._gather(item.visit)
        else:
            self._gather(item)
        return item

    def _gather(self, item) -> None:
        evidence = self.evidence
        if isinstance(item, Record):
            bucket = evidence.records.setdefault(type(item), {})
            key = item.natural_key()
            if key in bucket and bucket[key] != item:
                bucket[key], disagreements = _merge(bucket[key], item)
                if disagreements:
                    evidence.conflicts.append(
                        f"conflicting {type(item).__name__} records for {key}: " + "; ".join(disagreements)
                    )
            else:
                bucket[key] = item
        elif isinstance(item, Reject):
            evidence.rejects.append(item)
        elif isinstance(item, PageVisit):
            evidence.visits.append(item)
        elif isinstance(item, PageFailure):
            evidence.failures.append(item)

    def _stats(self) -> tuple[dict[str, int], int]:
        stats = self.crawler.stats.get_stats()
        pages = {key[len(_STATUS_STAT):]: value for key, value in stats.items() if key.startswith(_STATUS_STAT)}
        spider_exceptions = sum(
            value for key, value in stats.items() if key.startswith("spider_exceptions/") and key != "spider_exceptions/count"
        )
        return dict(sorted(pages.items())), spider_exceptions

    def _as_of(self) -> dt.date:
        as_of = getattr(self.spider, "as_of", None) or self.crawler.settings.get("CASCO_AS_OF")
        if isinstance(as_of, str):
            as_of = dt.date.fromisoformat(as_of)
        return as_of or self.started_at.date()

    def _tables(self, store_records: bool) -> dict[str, pa.Table]:
        tables = {}
        if store_records:
            for model, records in self.evidence.records.items():
                tables[model.table] = pa.table(
                    {field: [getattr(record, field) for record in records.values()] for field in model.model_fields}
                )
        tables["rejects"] = pa.Table.from_pylist(
            [
                {
                    "record_type": reject.record_type,
                    "source_url": reject.source_url,
                    "line_number": reject.line_number,
                    "payload": json.dumps(reject.payload, default=str, ensure_ascii=False),
                    "errors": reject.errors,
                }
                for reject in self.evidence.rejects
            ]
        )
        return tables

    def close_spider(self) -> None:
        evidence = self.evidence
        pages_by_status, evidence.spider_exceptions = self._stats()
        verdict = judge(evidence)
        snapshot = SnapshotRow(
            started_at=self.started_at,
            finished_at=_utc_now(),
            as_of=self._as_of(),
            source_kind=self.spider.source_kind,
            source=self.spider.source,
            scope=self.spider.scope,
            covers=sorted(self.spider.covers),
            spiders=[self.spider.name],
            status=verdict.status,
            reasons=verdict.reasons,
            pages_by_status=pages_by_status,
            records={model.__name__: len(records) for model, records in evidence.records.items()}
            if verdict.status != FAILED
            else {},
            rejected=dict(Counter(reject.record_type for reject in evidence.rejects)),
            tool_version=TOOL_VERSION,
        )
        db_path = Path(self.crawler.settings.get("CASCO_DB"))
        con = open_database(db_path)
        try:
            write_snapshot(con, snapshot, self._tables(store_records=verdict.status != FAILED))
        finally:
            con.close()
        logger.info("Stored snapshot %s (%s) in %s", snapshot.snapshot_id, snapshot.status, db_path)
        outcome_file = self.crawler.settings.get("CASCO_OUTCOME_FILE")
        if outcome_file:
            outcome = {
                "snapshot_id": snapshot.snapshot_id,
                "status": snapshot.status,
                "reasons": snapshot.reasons,
                "pages_by_status": snapshot.pages_by_status,
                "records": snapshot.records,
                "rejected": snapshot.rejected,
                "as_of": snapshot.as_of.isoformat(),
                "db": str(db_path),
            }
            pending = Path(f"{outcome_file}.pending")
            pending.write_text(json.dumps(outcome, indent=2), encoding="utf-8")
            pending.replace(outcome_file)
