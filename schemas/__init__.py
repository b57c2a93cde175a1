"""Pydantic models of everything casco-watch records."""

from casco_watch.schemas.crawl import PageFailure, PageKind, PageVisit, RecordBatch, Reject, validate_record
from casco_watch.schemas.records import (
    COMMITTEE_KEYED_TABLES,
    MODEL_OF_TABLE,
    RECORD_TABLES,
    RECORD_TYPES,
    Committee,
    Deliverable,
    Liaison,
    MemberBody,
    Membership,
    Officer,
    Organization,
    Record,
    Subgroup,
)
from casco_watch.schemas.snapshot import COMPLETE, FAILED, PARTIAL, SUSPECT, TOOL_VERSION, Snapshot, SnapshotPart

__all__ = [
    "COMMITTEE_KEYED_TABLES",
    "COMPLETE",
    "FAILED",
    "MODEL_OF_TABLE",
    "PARTIAL",
    "RECORD_TABLES",
    "RECORD_TYPES",
    "SUSPECT",
    "Snapshot",
    "SnapshotPart",
    "TOOL_VERSION",
    "Committee",
    "Deliverable",
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
