"""What every parser returns, and the error it raises for a page it does not recognise."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from casco_watch.schemas import LossCause, PageKind, PageVisit, Record, RecordBatch, Reject


class PageLayoutError(ValueError):
    """The page is not in a layout the parser knows; the message says what was missing."""

    cause: ClassVar[LossCause] = LossCause.LAYOUT


@dataclass(frozen=True)
class ParsedPage:
    url: str
    page_kind: PageKind
    subject_id: int | None
    records: list[Record | Reject] = field(default_factory=list)

    def visit(self) -> PageVisit:
        return PageVisit(url=self.url, page_kind=self.page_kind, subject_id=self.subject_id)

    def batch(self) -> RecordBatch:
        return RecordBatch(records=tuple(self.records), visit=self.visit())

    def of_type(self, model: type[Record]) -> list[Record]:
        return [record for record in self.records if isinstance(record, model)]
