"""The rows of `pages` and `rejects`, and the list of every stored table, derived from the models.

Each stored model names its table (`table`) and has exactly its columns after
`snapshot_id` (tests/schemas/test_tables_match_models.py), so a list of tables
is never written out by hand.
"""

from __future__ import annotations

import json
from typing import ClassVar

from pydantic import BaseModel, ConfigDict

from casco_watch.schemas.crawl import PageFailure, PageVisit, Reject
from casco_watch.schemas.records import RECORD_TYPES
from casco_watch.schemas.snapshot import Snapshot, SnapshotPart
from casco_watch.schemas.vocabulary import LossCause, PageKind, PageOutcome


class PageRow(BaseModel):
    """A page a crawl read or lost, with where its raw copy sits in the snapshot's archive."""

    model_config = ConfigDict(extra="forbid")
    table: ClassVar[str] = "pages"

    url: str
    page_kind: PageKind
    subject_id: int | None = None
    http_status: int | None = None
    outcome: PageOutcome
    reason: str | None = None
    warc_record_id: str | None = None
    payload_digest: str | None = None
    challenge: str | None = None
    cause: LossCause | None = None

    @classmethod
    def of(cls, event: PageVisit | PageFailure) -> PageRow:
        outcome = PageOutcome.LOST if isinstance(event, PageFailure) else PageOutcome.PARSED
        return cls(outcome=outcome, **event.model_dump())


class RejectRow(BaseModel):
    """A record refused by validation, kept whole (its payload as JSON text) with its errors."""

    model_config = ConfigDict(extra="forbid")
    table: ClassVar[str] = "rejects"

    record_type: str
    source_url: str | None = None
    line_number: int | None = None
    payload: str
    errors: list[str]

    @classmethod
    def of(cls, reject: Reject) -> RejectRow:
        return cls(
            **reject.model_dump(exclude={"payload"}),
            payload=json.dumps(reject.payload, default=str, ensure_ascii=False),
        )


STORED_MODELS: tuple[type[BaseModel], ...] = (Snapshot, SnapshotPart, *RECORD_TYPES.values(), PageRow, RejectRow)
"""Every model a snapshot is stored as, one table each."""
STORED_TABLES: tuple[str, ...] = tuple(model.table for model in STORED_MODELS)
"""Every table a snapshot writes to."""
