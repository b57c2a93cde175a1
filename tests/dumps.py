"""Small ISO Open Data dumps written by tests: ISO/CASCO's line in ISO's key layout, with the members a test chooses."""

from __future__ import annotations

import json
from pathlib import Path


ACRONYMS = {2064: "BSI", 1619: "SCC", 2188: "ANSI", 1511: "DIN", 2034: "AFNOR"}


def casco_line(participants=(2064, 1619), observers=(2188,)) -> dict:
    return {
        "id": 54998,
        "reference": "ISO/CASCO",
        "status": "Active",
        "title": {"en": "Committee on conformity assessment"},
        "secretariat": {"id": 2064, "acronym": "BSI"},
        "creationDate": "1970-01-01",
        "scope": {"en": "Conformity assessment"},
        "parentId": None,
        "childrenId": None,
        "pMembers": [{"id": member, "acronym": ACRONYMS[member]} for member in participants],
        "oMembers": [{"id": member, "acronym": ACRONYMS[member]} for member in observers],
        "committeeLiaisons": [],
        "organizationLiaisons": [],
        "sortKey": "ISO/CASCO",
    }


def write_dump(folder: Path, day: str, **members) -> Path:
    """`iso_technical_committees-<day>.jsonl` in `folder`, dated `day` by its name like a kept dump."""
    path = folder / f"iso_technical_committees-{day}.jsonl"
    path.write_text(json.dumps(casco_line(**members)) + "\n", encoding="utf-8")
    return path
