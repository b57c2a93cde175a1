"""Pydantic models of everything casco-watch records."""

from schemas.crawl import PageFailure, PageKind, PageVisit, RecordBatch, Reject, validate_record
from schemas.records import (
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
