"""Pydantic models of everything casco-watch records."""

from casco_watch.schemas.crawl import PageFailure, PageKind, PageVisit, RecordBatch, Reject, validate_record
from casco_watch.schemas.records import (
    RECORD_TYPES,
    Committee,
    Liaison,
    MemberBody,
    Membership,
    Officer,
    Organization,
    Record,
    Subgroup,
)

__all__ = [
    "RECORD_TYPES",
    "Committee",
    "Liaison",
    "MemberBody",
    "Membership",
    "Officer",
    "Organization",
    "PageFailure",
    "PageKind",
    "PageVisit",
    "Record",
    "RecordBatch",
    "Reject",
    "Subgroup",
    "validate_record",
]
