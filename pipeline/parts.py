"""A part of a snapshot as a value: a record table for one committee, or the table kept whole.

Completeness, history and diffs are all judged per part; a part travels as this
value, into SQL as a struct, and is spelled as text only where a person or a
JSON reader sees it.
"""

from __future__ import annotations

from typing import NamedTuple

from casco_watch.schemas import SnapshotPart


class Part(NamedTuple):
    """One record table for one committee (ISO's numeric id), or with `committee_id` None the table whole."""

    table: str
    committee_id: int | None = None

    @classmethod
    def of(cls, part: SnapshotPart) -> Part:
        """The part a snapshot's completeness row is about."""
        return cls(part.record_table, part.committee_id)

    @property
    def key(self) -> str:
        """'memberships:54998', or 'memberships' for the table whole: how `casco diff --format json` names it."""
        return self.table if self.committee_id is None else f"{self.table}:{self.committee_id}"

    @property
    def label(self) -> str:
        """'memberships of committee 54998', or 'memberships': for lists of parts, where a table alone is whole."""
        return self.table if self.committee_id is None else f"{self.table} of committee {self.committee_id}"

    @property
    def name(self) -> str:
        """'memberships of committee 54998', or 'memberships (whole table)': a part named on its own."""
        return self.label if self.committee_id is not None else f"{self.table} (whole table)"

    def sql(self) -> dict[str, str | int | None]:
        """The part as a DuckDB struct parameter {table, committee_id}, as `records_at` (history.sql) takes it."""
        return {"table": self.table, "committee_id": self.committee_id}
