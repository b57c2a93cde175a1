"""Gathering one crawl's records and events, judging them, and shaping them for storage: no Scrapy here.

The Scrapy item pipeline (`pipeline.snapshot`), the in-process Open Data
loader and `casco_watch.store_snapshot` all feed a `SnapshotCollector`, so a
snapshot is judged and laid out the same way whatever produced its records.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import pyarrow as pa

from casco_watch.pipeline.completeness import CrawlEvidence, judge
from casco_watch.schemas import (
    Conflict,
    PageFailure,
    PageRow,
    PageVisit,
    Record,
    RecordBatch,
    Reject,
    RejectRow,
    Snapshot,
    SnapshotStatus,
)

CrawlItem = Record | Reject | Conflict | PageVisit | PageFailure | RecordBatch


def utc_now() -> dt.datetime:
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


@dataclass
class CollectedSnapshot:
    """A judged snapshot and its rows, one Arrow table per record table (without snapshot_id), ready to write."""

    snapshot: Snapshot
    tables: dict[str, pa.Table]


class SnapshotCollector:
    """Everything one crawl produced, folded by natural key, until `finish` judges and lays it out."""

    def __init__(
        self,
        *,
        source_kind: str,
        source: str,
        scope: str,
        covers: Iterable[str],
        page_kinds: Iterable[str],
        spiders: Iterable[str],
        requested_committees: Iterable[int] = (),
    ) -> None:
        self.started_at = utc_now()
        self.description = {
            "source_kind": source_kind,
            "source": source,
            "scope": scope,
            "covers": sorted(covers),
            "spiders": list(spiders),
        }
        self.evidence = CrawlEvidence(
            page_kinds=frozenset(page_kinds),
            requested_committees=tuple(requested_committees),
            covers=tuple(self.description["covers"]),
        )

    def add(self, item: CrawlItem) -> None:
        if isinstance(item, RecordBatch):
            for part in item.records:
                self.add(part)
            if item.visit is not None:
                self.add(item.visit)
            return
        evidence = self.evidence
        if isinstance(item, Record):
            bucket = evidence.records.setdefault(type(item), {})
            key = item.natural_key()
            kept = bucket.get(key)
            if kept is not None and kept is not item and kept != item:
                bucket[key], disagreements = _merge(bucket[key], item)
                if disagreements:
                    committee = getattr(item, "committee_id", None)
                    evidence.conflicts.append((
                        f"conflicting {type(item).__name__} records for {key}: " + "; ".join(disagreements),
                        (item.table, committee),
                    ))
            else:
                bucket[key] = item
        elif isinstance(item, Reject):
            evidence.rejects.append(item)
        elif isinstance(item, Conflict):
            evidence.conflicts += [(item.reason, (table, item.committee_id)) for table in item.tables]
        elif isinstance(item, PageVisit):
            evidence.visits.append(item)
        elif isinstance(item, PageFailure):
            evidence.failures.append(item)
        else:
            raise TypeError(f"not a record or crawl event: {type(item).__name__}")

    def add_all(self, items: Iterable[CrawlItem]) -> None:
        for item in items:
            self.add(item)

    def finish(
        self, as_of: dt.date, *, pages_by_status: dict[str, int] | None = None, spider_exceptions: int = 0
    ) -> CollectedSnapshot:
        """Judge the crawl and lay out its rows; a failed crawl keeps only its rejects."""
        evidence = self.evidence
        evidence.spider_exceptions = spider_exceptions
        verdict = judge(evidence)
        stored = verdict.status != SnapshotStatus.FAILED
        snapshot = Snapshot(
            started_at=self.started_at,
            finished_at=utc_now(),
            as_of=as_of,
            **self.description,
            status=verdict.status,
            reasons=verdict.reasons,
            parts=verdict.parts,
            pages_by_status=dict(sorted((pages_by_status or {}).items())),
            records={model.__name__: len(records) for model, records in evidence.records.items()} if stored else {},
            rejected=dict(Counter(reject.record_type for reject in evidence.rejects)),
        )
        return CollectedSnapshot(snapshot, self._tables(store_records=stored))

    def _tables(self, store_records: bool) -> dict[str, pa.Table]:
        tables = {}
        if store_records:
            for model, records in self.evidence.records.items():
                tables[model.table] = pa.table(
                    {field: [getattr(record, field) for record in records.values()] for field in model.model_fields}
                )
        events = (*self.evidence.visits, *self.evidence.failures)
        tables[PageRow.table] = pa.Table.from_pylist([PageRow.of(event).model_dump() for event in events])
        tables[RejectRow.table] = pa.Table.from_pylist([RejectRow.of(reject).model_dump() for reject in self.evidence.rejects])
        return tables
