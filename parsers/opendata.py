"""ISO Open Data `iso_technical_committees`: one JSON line -> the records it states, or Rejects.

The dataset is a plain list of committees, each with its member bodies (P and O),
its secretariat and its liaisons, all identified by ISO's numeric ids. It carries
no counters, officers or subgroups, and no liaison direction or category, so
those stay unset rather than guessed.

What the real dumps (June–August 2025) hold, and how each case is read:
- "nothing" is spelled several ways: a list is `null` rather than `[]`; a missing
  secretariat is `null` in July dumps but `{"id": null, "acronym": null}` in June
  ones; a missing scope is `null` or `{"en": null}`; a committee liaison's
  `reference` is `null` in June and an absent key later. All of these read as
  "not stated": no record, or a None field.
- committee liaisons point to committees outside the dataset (IEC committees),
  whose reference is never given: such a Liaison has no partner_label.
- old reference spellings such as `ISO/IEC/JTC 4` are kept as published;
  `schemas.references` accepts them, so a later respelling is a label change.
- list order changes between dumps; records carry no position, so order alone
  never makes a difference.
- a list naming one member or partner twice states one fact: it yields one
  record (the first entry). No dump so far does this.
- a member listed as both P and O is a contradiction: it becomes a Membership
  Reject, and neither status is recorded.
French titles and scopes, `childrenId` (the inverse of `parentId`) and `sortKey`
are not recorded.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
from collections.abc import Iterator
from email.utils import parsedate_to_datetime
from functools import lru_cache
from typing import Any

from casco_watch.schemas import (
    COMMITTEE_KEYED_TABLES,
    Committee,
    Conflict,
    Liaison,
    LossCause,
    MemberBody,
    Membership,
    Organization,
    PageFailure,
    PageKind,
    Record,
    Reject,
    validate_record,
)
from casco_watch.schemas.crawl import MODELS_OF_PAGE
from casco_watch.schemas.folding import Folded, fold_record

DATASET_MODELS: tuple[type[Record], ...] = MODELS_OF_PAGE["dataset"]
"""The kinds of record the dataset states: a snapshot of it covers exactly their tables."""
DATASET_COVERS = tuple(model.table for model in DATASET_MODELS)
DATASET_SCOPE = "opendata:iso_technical_committees"
"""What a snapshot of the dataset set out to collect: every committee the dataset holds."""
LATEST_URL = (
    "https://isopublicstorageprod.blob.core.windows.net/opendata/_latest/"
    "iso_technical_committees/json/iso_technical_committees.jsonl"
)
"""Where ISO publishes the current committees dataset (no date in its name: dated by Last-Modified)."""

_GZIP_MAGIC = b"\x1f\x8b"
_LABELS = (MemberBody, Organization)
"""The records every committee line repeats for its members and partners."""
_DATE_IN_NAME = re.compile(r"(?<!\d)(\d{4}-\d{2}-\d{2})(?!\d)")


def dataset_date(name: str) -> dt.date | None:
    """The date a dump's path or URL carries (`iso_technical_committees-2025-07-02.jsonl.gz`), if any.

    When it holds several, the last one (the nearest the file name) is the dump's.
    """
    for found in reversed(_DATE_IN_NAME.findall(name)):
        try:
            return dt.date.fromisoformat(found)
        except ValueError:
            continue
    return None


def last_modified_date(header: bytes | str | None) -> dt.date | None:
    """The date of an HTTP Last-Modified header, if it holds a readable one."""
    if not header:
        return None
    try:
        return parsedate_to_datetime(header.decode("latin-1") if isinstance(header, bytes) else header).date()
    except (TypeError, ValueError):
        return None


def dataset_as_of(
    source: str, given: dt.date | None, last_modified: bytes | str | None
) -> tuple[dt.date | None, str | None]:
    """The date a dataset's snapshot carries, and a warning when the server's Last-Modified disagrees with it.

    The one dating rule of every Open Data entry point (library, `casco import-opendata`, the `opendata`
    spider): an explicit as-of; else the date in the file name or URL, since kept dumps are named by the day
    they were taken while Last-Modified may only say when a copy was made; else Last-Modified; else None.
    """
    named, served = dataset_date(source), last_modified_date(last_modified)
    warning = None
    if given is None and named and served and named != served:
        warning = (f"{source} is dated {named} by its name, which wins over the server's Last-Modified "
                   f"date {served}; give --as-of if the name is wrong")
    return given or named or served, warning


UNDATED = (
    "cannot tell the date of {source}: no --as-of, no Last-Modified header and no date in its name "
    "(iso_technical_committees-YYYY-MM-DD.jsonl.gz); give --as-of YYYY-MM-DD"
)
"""Why a dataset is refused rather than dated today: a wrong date would put its changes on the wrong day."""


def unreadable_dataset(url: str, page_kind: PageKind, error: Exception) -> PageFailure:
    """A dataset whose bytes are not a readable gzip file: a lost page, never a crash."""
    return PageFailure(url=url, page_kind=page_kind, cause=LossCause.UNREADABLE,
                       reason=f"not a readable gzip file: {error}")


def _english(value: Any) -> Any:
    """`{"en": ..., "fr": ...}` -> the English text; a bare value is passed on for validation to judge."""
    return value.get("en") if isinstance(value, dict) else value


def _entries(line: dict[str, Any], field: str) -> list[tuple[int | str | None, Any]]:
    """A list field's entries with their ids (`_entry_id`), one per id (first kept), with `null` read as an empty list."""
    value = line.get(field)
    if value is None:
        return []
    if not isinstance(value, list):
        return [(_entry_id(value), value)]
    entries, seen = [], set()
    for entry in value:
        entry_id = _entry_id(entry)
        if entry_id is None or entry_id not in seen:
            entries.append((entry_id, entry))
            seen.add(entry_id)
    return entries


def _field(entry: Any, name: str) -> Any:
    return entry.get(name) if isinstance(entry, dict) else None


def _entry_id(entry: Any) -> int | str | None:
    """The id an entry can be matched by; a malformed one (a list, a dict) matches nothing and fails validation later."""
    entry_id = _field(entry, "id")
    return entry_id if isinstance(entry_id, (int, str)) else None


@lru_cache(maxsize=8192)
def _label_record(model: type[Record], record_id: Any, acronym: Any) -> Record | None:
    """The MemberBody or Organization an (id, acronym) entry states, validated once per dump, not once per line.

    Every committee line repeats its members and partners: one dump names 161
    member bodies 31,000 times. An invalid entry gives None, so the caller
    validates it in place and the Reject carries its own line number.
    """
    record = validate_record(model, _label_payload(model, record_id, acronym))
    return record if isinstance(record, Record) else None


def _label_payload(model: type[Record], record_id: Any, acronym: Any) -> dict[str, Any]:
    return {"member_id" if model is MemberBody else "organization_id": record_id, "acronym": acronym}


def _reject(record_type: str, payload: dict[str, Any], error: str, source: str, line_number: int) -> Reject:
    return Reject(record_type=record_type, source_url=source, line_number=line_number, payload=payload, errors=[error])


class _LineReader:
    """Builds the records of one line, every one through `validate_record`."""

    def __init__(self, line: dict[str, Any], line_number: int, source: str) -> None:
        self.line = line
        self.line_number = line_number
        self.source = source
        self.committee_id = line["id"]
        self.records: list[Record | Reject] = []

    def add(self, model: type[Record], payload: dict[str, Any]) -> None:
        self.records.append(validate_record(model, payload, source_url=self.source, line_number=self.line_number))

    def add_labelled(self, model: type[MemberBody | Organization], record_id: Any, acronym: Any) -> None:
        """A member body or organization known by id and acronym, validated once per distinct pair."""
        try:
            known = _label_record(model, record_id, acronym)
        except TypeError:  # an unhashable (malformed) entry cannot be cached; validate it in place
            known = None
        if known is not None:
            self.records.append(known)
        else:
            self.add(model, _label_payload(model, record_id, acronym))

    def reject(self, record_type: str, payload: dict[str, Any], error: str) -> None:
        self.records.append(_reject(record_type, payload, error, self.source, self.line_number))

    def committee(self) -> None:
        line, secretariat = self.line, self.line.get("secretariat")
        status = line.get("status")
        self.add(
            Committee,
            {
                "committee_id": self.committee_id,
                "reference": line.get("reference"),
                "title": _english(line.get("title")),
                "status": status.lower() if isinstance(status, str) else status,
                "parent_id": line.get("parentId"),
                "secretariat_member_id": _field(secretariat, "id"),
                "creation_date": line.get("creationDate"),
                "scope": _english(line.get("scope")),
            },
        )

    def members(self) -> None:
        secretariat = self.line.get("secretariat")
        secretariat_id = _field(secretariat, "id")
        by_status = {status: _entries(self.line, field) for status, field in (("P", "pMembers"), ("O", "oMembers"))}
        observing = dict(by_status["O"])
        both = {entry_id for entry_id, _ in by_status["P"]} & observing.keys() - {None}
        for status, entries in by_status.items():
            for entry_id, entry in entries:
                member_id = _field(entry, "id")
                self.add_labelled(MemberBody, member_id, _field(entry, "acronym"))
                if entry_id not in both:
                    self.add(
                        Membership,
                        {
                            "committee_id": self.committee_id,
                            "member_id": member_id,
                            "status": status,
                            "is_secretariat": member_id is not None and member_id == secretariat_id,
                        },
                    )
                elif status == "P":
                    self.reject(
                        "Membership",
                        {"committee_id": self.committee_id, "pMembers": entry, "oMembers": observing[member_id]},
                        f"member {member_id} is listed both as participating (P) and observing (O)",
                    )
        if secretariat_id is not None:
            self.add_labelled(MemberBody, secretariat_id, _field(secretariat, "acronym"))

    def liaisons(self) -> None:
        for _, entry in _entries(self.line, "committeeLiaisons"):
            self._liaison("committee", entry, _field(entry, "reference"))
        for _, entry in _entries(self.line, "organizationLiaisons"):
            acronym = _field(entry, "acronym")
            self._liaison("organization", entry, acronym)
            self.add_labelled(Organization, _field(entry, "id"), acronym)

    def _liaison(self, partner_kind: str, entry: Any, label: Any) -> None:
        self.add(
            Liaison,
            {
                "committee_id": self.committee_id,
                "partner_kind": partner_kind,
                "partner_id": _field(entry, "id"),
                "partner_label": label,
                "direction": "unspecified",
                "category": None,
            },
        )


def _committee_problem(value: Any) -> tuple[dict[str, Any], str | None]:
    """What of the line can be kept as a payload, and why it cannot be read as a committee (None if it can)."""
    if not isinstance(value, dict):
        return {"value": value}, f"a JSON {type(value).__name__}, not an object"
    committee_id = value.get("id")
    if committee_id is None:
        return value, "a committee without an id"
    if isinstance(committee_id, bool) or not isinstance(committee_id, int) or committee_id <= 0:
        return value, f"a committee whose id {committee_id!r} is not a positive integer"
    return value, None


def parse_dataset_line(line: str | bytes, line_number: int, source: str) -> list[Record | Reject]:
    """The records one dataset line states, or Rejects saying why it could not be read.

    A blank line states nothing and yields no record (JSON Lines files often end with one).
    """
    if not line.strip():
        return []
    try:
        value = json.loads(line)
    except ValueError as error:
        text = line.decode("utf-8", errors="replace") if isinstance(line, bytes) else line
        payload, problem = {"line": text}, f"not JSON: {error}"
    else:
        payload, problem = _committee_problem(value)
    if problem:
        return [_reject("Committee", payload, f"line {line_number} is {problem}", source, line_number)]
    reader = _LineReader(value, line_number, source)
    reader.committee()
    reader.members()
    reader.liaisons()
    return reader.records


def dataset_lines(body: bytes) -> list[bytes]:
    """The file's lines, decompressed first when it is gzip'd (known by its magic bytes, whatever its name).

    Split on newlines only: `str.splitlines` would also cut at U+2028 and other
    separators that may sit inside JSON strings. A broken gzip stream raises OSError or EOFError.
    """
    if body.startswith(_GZIP_MAGIC):
        body = gzip.decompress(body)
    return body.split(b"\n")


def _states_committee(item: Record | Reject) -> bool:
    """Whether an item is a fact about its line's own committee (its Committee, a Membership, a Liaison)."""
    return isinstance(item, Record) and item.table in COMMITTEE_KEYED_TABLES


def _committee_facts(items: list[Record | Reject]) -> dict[str, set[Record]]:
    """What one line states about its own committee, by table."""
    facts: dict[str, set[Record]] = {}
    for item in items:
        if _states_committee(item):
            facts.setdefault(item.table, set()).add(item)
    return facts


def _repeat_conflict(
    committee_id: int, first: tuple[int, list[Record | Reject]], line_number: int, items: list[Record | Reject]
) -> Conflict | None:
    """None when a repeated committee's line states what its first line did; else a Conflict naming what differs."""
    first_line, first_facts, facts = first[0], _committee_facts(first[1]), _committee_facts(items)
    tables = sorted(table for table in first_facts.keys() | facts.keys()
                    if first_facts.get(table, set()) != facts.get(table, set()))
    if not tables:
        return None
    differences = "; ".join(
        f"{table}: {len(first_facts.get(table, set()) - facts.get(table, set()))} only on line {first_line}, "
        f"{len(facts.get(table, set()) - first_facts.get(table, set()))} only on line {line_number}"
        for table in tables
    )
    return Conflict(
        reason=f"committee {committee_id} is listed twice, on lines {first_line} and {line_number}, and the two "
        f"disagree ({differences}); line {first_line} is kept",
        committee_id=committee_id,
        tables=tuple(tables),
    )


def parse_dataset(body: bytes, source: str) -> Iterator[Record | Reject | Conflict]:
    """Every record the whole file states, each natural key once when its copies agree, and every Reject.

    Every committee line repeats its members' and partners' MemberBody and
    Organization records (31,000 copies of 161 member bodies in one dump). A copy
    that adds nothing is dropped here by the collector's own fold (schemas.folding),
    so dropping it changes nothing; copies that disagree are passed on, for the
    snapshot's judge to report. A committee's own facts are stated once (a repeated
    committee's are dropped below), so they are left to the collector to fold.
    A committee listed on two lines is read from the first; when the lines state
    different facts about it, a Conflict names the tables that differ (an exact
    repeat folds quietly).
    """
    folded: Folded = {}
    first_lines: dict[int, tuple[int, list[Record | Reject]]] = {}
    for number, line in enumerate(dataset_lines(body), start=1):
        items = parse_dataset_line(line, number, source)
        committee_id = next((item.committee_id for item in items if _states_committee(item)), None)
        if committee_id is not None:
            first = first_lines.setdefault(committee_id, (number, items))
            if first[0] != number:
                if conflict := _repeat_conflict(committee_id, first, number, items):
                    yield conflict
                items = [item for item in items if not _states_committee(item)]
        for item in items:
            if isinstance(item, _LABELS) and fold_record(folded, item) is None:
                continue
            yield item
