"""ISO Open Data `iso_deliverables_metadata`: one row (a JSON line, or a CSV row) -> one Deliverable, or a Reject.

The dataset is every ISO deliverable, recognised by its fields (`id`,
`deliverableType`, `reference`, `currentStage`, `ownerCommittee`). It names
the owning committee by reference ("ISO/CASCO", "ISO/TC 176/SC 2"), never by
id, so the caller says which id a reference stands for (`committee_of`). What
is read, and how:
- `currentStage` is an integer (9093 is stage 90.93); the status follows from
  it: a substage 98 before publication (abandoned, rejected, deleted) is
  `deleted`, anything before 60.60 `under_development`, 95.99 `withdrawn`,
  the rest (60.60 to 95.92: published, under review, withdrawal ballot) `published`;
- `publicationDate` becomes the first day of its month, as the site gives it;
- `title` is `{"en": ...}` in JSON and the column `title.en` in CSV; `pages` may
  be `{"en": n}`; `replaces` / `replacedBy` are lists of ids (in CSV, a JSON list
  or ids separated by commas, semicolons or `|`);
- `deliverableType`, `supplementType`, `icsCode`, `languages` and `scope` are not
  recorded.
Lines are read one at a time: the whole of ISO never sits in memory as text.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterable, Iterator
from itertools import chain
from typing import Any

from casco_watch.schemas import Deliverable, Record, Reject, validate_record
from casco_watch.schemas.stages import stage_of_integer

DELIVERABLES_DATASET = "iso_deliverables_metadata"
DELIVERABLES_SCOPE = f"opendata:{DELIVERABLES_DATASET}"
DELIVERABLE_FIELDS = frozenset({"id", "deliverableType", "reference", "currentStage", "ownerCommittee"})
"""The fields by which a file is recognised as the deliverables dataset."""
_MONTH = re.compile(r"^(\d{4})-(\d{2})(?:-\d{2})?")
_ID_SEPARATORS = re.compile(r"[,;|\s]+")


def is_deliverables_row(fields: Iterable[str]) -> bool:
    return DELIVERABLE_FIELDS <= set(fields)


def status_of_stage(stage: str) -> str:
    if stage < "60.60":
        return "deleted" if stage.endswith(".98") else "under_development"
    return "withdrawn" if stage == "95.99" else "published"


def _english(row: dict[str, Any], field: str) -> Any:
    value = row.get(field, row.get(f"{field}.en"))
    return value.get("en") if isinstance(value, dict) else value


def _number(value: Any) -> Any:
    """An integer from JSON or from a CSV cell ("3"); anything else is passed on for validation to judge."""
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None if value == "" else value


def _ids(value: Any) -> Any:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        text = value.strip()
        return json.loads(text) if text.startswith("[") else [_number(part) for part in _ID_SEPARATORS.split(text) if part]
    return [_number(v) if isinstance(v, str) else v for v in value] if isinstance(value, list) else value


def _stage(value: Any) -> Any:
    number = _number(value)
    return stage_of_integer(number) if isinstance(number, int) and not isinstance(number, bool) else value


def _month(value: Any) -> Any:
    found = _MONTH.match(value) if isinstance(value, str) else None
    return f"{found.group(1)}-{found.group(2)}-01" if found else (value or None)


def parse_deliverable(
    row: dict[str, Any], line_number: int, source: str, committee_of: Callable[[str], int | None]
) -> Record | Reject:
    """The Deliverable one row states; a Reject naming the problem when its owner is unknown or a value invalid."""
    owner = row.get("ownerCommittee")
    stage = _stage(row.get("currentStage"))
    payload = {
        "deliverable_id": _number(row.get("id")),
        "committee_id": committee_of(owner) if isinstance(owner, str) else None,
        "reference": row.get("reference"),
        "title": _english(row, "title"),
        "status": status_of_stage(stage) if isinstance(stage, str) and re.fullmatch(r"\d\d\.\d\d", stage) else None,
        "stage": stage,
        "edition": _number(row.get("edition")),
        "pages": _number(_english(row, "pages")),
        "publication_date": _month(row.get("publicationDate")),
        "replaces": _ids(row.get("replaces")),
        "replaced_by": _ids(row.get("replacedBy")),
    }
    if payload["committee_id"] is None:
        return _reject(
            {**payload, "ownerCommittee": owner},
            f"ownerCommittee: {owner!r} is no committee this database knows; load ISO Open Data's committees "
            "dataset (casco import-opendata) or crawl the committee first",
            source,
            line_number,
        )
    return validate_record(Deliverable, payload, source_url=source, line_number=line_number)


def deliverable_rows(lines: Iterable[bytes], source: str) -> Iterator[tuple[int, dict[str, Any] | Reject]]:
    """(line number, row) for each row of a JSON Lines or CSV file given line by line; a line that is not a
    JSON object becomes a Reject. The format is told by the first non-blank line: `{` starts JSON Lines."""
    lines = iter(lines)
    first = next((line for line in lines if line.strip()), None)
    if first is None:
        return
    rest = chain([first], lines)
    if not first.lstrip().startswith(b"{"):
        reader = csv.DictReader(line.decode("utf-8-sig") for line in rest)
        for row in reader:
            yield reader.line_num, row
        return
    for number, line in enumerate(rest, start=1):
        if line.strip():
            yield number, _json_row(line, number, source)


def _json_row(line: bytes, number: int, source: str) -> dict[str, Any] | Reject:
    try:
        value = json.loads(line)
    except ValueError as error:
        return _reject({"line": line.decode("utf-8", errors="replace")}, f"line {number} is not JSON: {error}", source, number)
    if not isinstance(value, dict):
        return _reject({"line": value}, f"line {number} is not a JSON object", source, number)
    return value


def _reject(payload: dict[str, Any], error: str, source: str, line_number: int) -> Reject:
    return Reject(record_type="Deliverable", source_url=source, line_number=line_number, payload=payload, errors=[error])
