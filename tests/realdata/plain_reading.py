"""The real ISO Open Data dumps read with nothing but json and gzip: the independent account tests check against.

None of casco-watch's code is used here, so that the product is checked
against a separate reading of the same files.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import REPO

DUMPS_DIR = REPO.parent / "shared" / "iso-open-data"
DUMPS = sorted(DUMPS_DIR.glob("iso_technical_committees-*.jsonl.gz"))

MEMBERSHIP_CHANGES = ("joined", "left", "P->O", "O->P")
CHANGES = (*MEMBERSHIP_CHANGES, "liaison added", "liaison removed")


@dataclass
class Dump:
    """One dump as the plain reading sees it; every set is keyed by ISO ids only."""

    as_of: dt.date
    references: dict[int, str | None] = field(default_factory=dict)
    memberships: dict[tuple[int, int], str] = field(default_factory=dict)
    liaisons: set[tuple[int, str, int]] = field(default_factory=set)
    member_bodies: set[int] = field(default_factory=set)
    organizations: set[int] = field(default_factory=set)
    member_order: dict[int, list[int]] = field(default_factory=dict)
    described: dict[int, dict[str, object]] = field(default_factory=dict)
    """Per committee: the words of its English title and scope, its status and secretariat id."""
    acronyms: dict[tuple[str, int], str | None] = field(default_factory=dict)
    """('member_body' or 'organization', id) -> acronym."""

    def counts(self) -> dict[str, int]:
        statuses = Counter(self.memberships.values())
        kinds = Counter(kind for _, kind, _ in self.liaisons)
        return {
            "committees": len(self.references),
            "p_memberships": statuses["P"],
            "o_memberships": statuses["O"],
            "committee_liaisons": kinds["committee"],
            "organization_liaisons": kinds["organization"],
            "member_bodies": len(self.member_bodies),
            "organizations": len(self.organizations),
        }


def words(value):
    """The English words of a title or scope, without markup or layout (ISO's scopes carry HTML)."""
    text = value.get("en") if isinstance(value, dict) else value
    return " ".join(re.sub(r"<[^>]*>", " ", text).split()) if text else None


def read_dump(path: Path) -> Dump:
    dump = Dump(as_of=dt.date.fromisoformat(re.search(r"\d{4}-\d{2}-\d{2}", path.name).group()))
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                continue
            row = json.loads(line)
            committee = row["id"]
            dump.references[committee] = row["reference"]
            dump.described[committee] = {
                "title": words(row["title"]),
                "scope": words(row["scope"]),
                "status": row["status"],
                "secretariat": (row["secretariat"] or {}).get("id"),
            }
            dump.member_order[committee] = []
            for key, status in (("pMembers", "P"), ("oMembers", "O")):
                for member in row[key] or []:
                    assert (committee, member["id"]) not in dump.memberships, "a member listed twice in one committee"
                    dump.memberships[committee, member["id"]] = status
                    dump.member_bodies.add(member["id"])
                    dump.acronyms["member_body", member["id"]] = member["acronym"]
                    dump.member_order[committee].append(member["id"])
            if (row["secretariat"] or {}).get("id"):
                dump.member_bodies.add(row["secretariat"]["id"])
            for partner in row["committeeLiaisons"] or []:
                dump.liaisons.add((committee, "committee", partner["id"]))
            for partner in row["organizationLiaisons"] or []:
                dump.liaisons.add((committee, "organization", partner["id"]))
                dump.organizations.add(partner["id"])
                dump.acronyms["organization", partner["id"]] = partner["acronym"]
    return dump


def changes_between(before: Dump, after: Dump) -> dict[str, set[tuple[int, str, int]]]:
    """What changed from one dump to the next, as (committee, 'member' or partner kind, id)."""
    common = before.memberships.keys() & after.memberships.keys()

    def members(keys):
        return {(committee, "member", member) for committee, member in keys}

    return {
        "joined": members(after.memberships.keys() - before.memberships.keys()),
        "left": members(before.memberships.keys() - after.memberships.keys()),
        "P->O": members(k for k in common if (before.memberships[k], after.memberships[k]) == ("P", "O")),
        "O->P": members(k for k in common if (before.memberships[k], after.memberships[k]) == ("O", "P")),
        "liaison added": after.liaisons - before.liaisons,
        "liaison removed": before.liaisons - after.liaisons,
    }


def skip_without_dumps() -> None:
    if not DUMPS:
        pytest.skip(f"the real ISO Open Data dumps are not in {DUMPS_DIR} (../shared/iso-open-data from the repo root)")
