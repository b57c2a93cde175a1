"""Gathering one crawl's records and events, judging them, and shaping them for storage: no Scrapy here.

The Scrapy item pipeline (`pipeline.snapshot`), the in-process Open Data
loader and `casco_watch.store_snapshot` all feed a `SnapshotCollector`, so a
snapshot is judged and laid out the same way whatever produced its records.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass

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
from casco_watch.schemas.folding import fold_record

CrawlItem = Record | Reject | Conflict | PageVisit | PageFailure | RecordBatch


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


@dataclass(frozen=True)
class Provenance:
    """Where a snapshot's pages came from when not straight off the network, as the spider or loader knows it:
    the archive it keeps or re-reads, how it was derived and from which snapshot, the digest of a file read."""

    archive: str | None = None
    derivation: str | None = None
    derived_from: int | None = None
    content_digest: str | None = None


@dataclass
class CollectedSnapshot:
    """A judged snapshot and its rows, one Arrow table per record table (without snapshot_id), ready to write."""

    snapshot: Snapshot
    tables: dict[str, pa.Table]


class SnapshotCollector:
    """Everything one crawl produced, folded by natural key (schemas.folding), until `finish` judges and lays it out."""

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
            if disagreements := fold_record(evidence.records, item):
                evidence.conflicts.append((
                    f"conflicting {type(item).__name__} records for {item.natural_key()}: " + "; ".join(disagreements),
                    (item.table, getattr(item, "committee_id", None)),
                ))
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
        self,
        as_of: dt.date,
        *,
        pages_by_status: dict[str, int] | None = None,
        spider_exceptions: int = 0,
        provenance: Provenance = Provenance(),
    ) -> CollectedSnapshot:
        """Judge the crawl, describe its snapshot once, and lay out its rows; a failed crawl keeps only its rejects."""
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
            **asdict(provenance),
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
