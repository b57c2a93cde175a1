"""What casco-watch knows about one crawl besides its records: the one definition of a snapshot.

The `snapshots` table (pipeline/sql/schema.sql) has exactly these columns in
this order (tests/schemas/test_tables_match_models.py checks it); the snapshot
a crawl child reports stored to its parent, the library's return values,
`casco snapshots` and the diff's `from`/`to` are all this model. Its `parts` live in `snapshot_parts`.
"""

from __future__ import annotations

import datetime as dt
import json
from importlib.metadata import PackageNotFoundError, version
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field, field_validator

from casco_watch.schemas.vocabulary import Derivation, PartStatus, SnapshotStatus, SourceKind

try:
    TOOL_VERSION = version("casco-watch")
except PackageNotFoundError:
    TOOL_VERSION = "0+unknown"


class SnapshotPart(BaseModel):
    """How complete one part of a snapshot is: a record table, for one committee or (None) as a whole.

    A snapshot can be partial while most of its parts are complete (an unknown
    officer label leaves the memberships exact); history and diffs use each
    complete part. `suspect` parts were read whole but look implausible.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)
    table: ClassVar[str] = "snapshot_parts"

    record_table: str
    committee_id: int | None = None
    status: PartStatus
    reasons: list[str] = Field(default_factory=list)


def content_digest(sha256_hex: str) -> str:
    """A snapshot's `content_digest`, from the sha256 of the bytes it was read from (a dataset as downloaded, a
    replayed capture): the same file for the same day is stored once, whichever entry point read it."""
    return f"sha256:{sha256_hex}"


class Snapshot(BaseModel):
    """One crawl: when, from where, what it set out to collect, and how complete it turned out.

    `snapshot_id` is None until the snapshot is stored. `scope` names what was
    asked for; `covers` the record tables the crawl meant to fill. Frozen: its
    producer (`pipeline.collect`) describes it once, and judging after that
    (`pipeline.plausibility`) builds the stored one anew from a verdict.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)
    table: ClassVar[str] = "snapshots"

    snapshot_id: int | None = None
    started_at: dt.datetime
    finished_at: dt.datetime
    as_of: dt.date
    source_kind: SourceKind
    source: str
    scope: str
    covers: list[str]
    spiders: list[str]
    status: SnapshotStatus
    reasons: list[str] = Field(default_factory=list)
    pages_by_status: dict[str, int] = Field(default_factory=dict)
    records: dict[str, int] = Field(default_factory=dict)
    rejected: dict[str, int] = Field(default_factory=dict)
    tool_version: str = TOOL_VERSION
    archive: str | None = None
    derived_from: int | None = None
    derivation: Derivation | None = None
    content_digest: str | None = None
    parts: list[SnapshotPart] = Field(default_factory=list)
    """Stored in `snapshot_parts`, not in `snapshots`."""

    @field_validator("pages_by_status", "records", "rejected", mode="before")
    @classmethod
    def _stored_json(cls, value: object) -> object:
        """DuckDB hands JSON columns back as text."""
        return json.loads(value) if isinstance(value, str) else value

    def describe(self) -> str:
        return f"snapshot {self.snapshot_id} ({self.as_of}, {self.source_kind}, {self.status})"

    def column_values(self) -> dict[str, object]:
        """The row for `snapshots`: JSON columns as JSON text, everything else as it is."""
        row = self.model_dump(exclude={"parts"})
        for name in ("pages_by_status", "records", "rejected"):
            row[name] = json.dumps(row[name], sort_keys=True)
        return row
