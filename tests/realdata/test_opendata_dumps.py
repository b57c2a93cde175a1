"""The real ISO Open Data dumps, read twice: once by a plain reading written here, once by the product.

The plain reading uses json and gzip only, none of casco-watch's code, so that
the product is checked against an independent account of the same files:
per dump, how many committees, P and O memberships and liaisons there are;
per consecutive pair of dumps, who joined, left, or switched P/O, and which
liaisons came and went. The product's side runs for real: `casco import-opendata`,
then `casco query` reading the stored snapshots back (in process, through click's CliRunner).
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
from collections import Counter
from itertools import pairwise
from pathlib import Path

import pytest

from casco_watch.parsers.opendata import parse_dataset_line
from casco_watch.schemas import Liaison, Membership, Reject
from tests.conftest import run_casco
from tests.realdata.plain_reading import CHANGES, DUMPS, DUMPS_DIR, MEMBERSHIP_CHANGES, Dump, changes_between, read_dump

pytestmark = pytest.mark.skipif(
    not DUMPS, reason=f"the real ISO Open Data dumps are not in {DUMPS_DIR} (../shared/iso-open-data from the repo root)"
)

@pytest.fixture(scope="module")
def dumps() -> list[Dump]:
    return sorted((read_dump(path) for path in DUMPS), key=lambda dump: dump.as_of)


@pytest.fixture(scope="module")
def expected_changes(dumps) -> dict[tuple[str, str], set]:
    return {
        (after.as_of.isoformat(), change): rows
        for before, after in pairwise(dumps)
        for change, rows in changes_between(before, after).items()
    }


def test_the_plain_reading_matches_the_published_committee_counts(dumps):
    assert [len(dump.references) for dump in dumps][:4] == [785, 785, 785, 787]
    assert all(787 <= len(dump.references) <= 788 for dump in dumps[4:])


def test_the_dumps_hold_real_churn_of_every_kind(expected_changes):
    totals = Counter({change: 0 for change in CHANGES})
    for (_, change), rows in expected_changes.items():
        totals[change] += len(rows)
    assert min(totals.values()) > 0, totals


@pytest.mark.parametrize("path", DUMPS, ids=lambda path: path.name[25:35])
def test_the_parser_states_what_the_plain_reading_finds(path, dumps):
    expected = next(dump for dump in dumps if dump.as_of.isoformat() in path.name)
    records = [
        record
        for number, line in enumerate(gzip.decompress(path.read_bytes()).split(b"\n"), start=1)
        for record in parse_dataset_line(line, number, str(path))
    ]
    assert [record for record in records if isinstance(record, Reject)] == []
    memberships = {(m.committee_id, m.member_id): m.status for m in records if isinstance(m, Membership)}
    liaisons = {(l.committee_id, l.partner_kind, l.partner_id) for l in records if isinstance(l, Liaison)}
    assert memberships == expected.memberships
    assert liaisons == expected.liaisons


# --- the product end to end: `casco import-opendata`, then `casco query` ---------------------------------------


@pytest.fixture(scope="module")
def database(opendata_db) -> Path:
    return opendata_db


def query(db: Path, sql: str) -> list[dict]:
    completed = run_casco("query", sql, "--db", db, "--format", "json")
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout)


def test_each_dump_is_one_complete_snapshot_dated_by_its_file_in_date_order(database, dumps):
    rows = query(
        database,
        "SELECT snapshot_id, as_of, source_kind, scope, status, reasons, "
        "(SELECT count(*) FROM rejects r WHERE r.snapshot_id = s.snapshot_id) AS rejects "
        "FROM snapshots s ORDER BY snapshot_id",
    )
    assert [row["as_of"] for row in rows] == [dump.as_of.isoformat() for dump in dumps]
    assert {(row["source_kind"], row["scope"], row["status"], row["rejects"]) for row in rows} == {
        ("opendata", "opendata:iso_technical_committees", "complete", 0)
    }


def test_stored_counts_equal_the_plain_reading(database, dumps):
    def count(table: str, where: str = "TRUE") -> str:
        return f"(SELECT count(*) FROM {table} t WHERE t.snapshot_id = s.snapshot_id AND {where})"

    rows = query(
        database,
        f"""
        SELECT as_of,
               {count("committees")} AS committees,
               {count("memberships", "status = 'P'")} AS p_memberships,
               {count("memberships", "status = 'O'")} AS o_memberships,
               {count("liaisons", "partner_kind = 'committee'")} AS committee_liaisons,
               {count("liaisons", "partner_kind = 'organization'")} AS organization_liaisons,
               {count("member_bodies")} AS member_bodies,
               {count("organizations")} AS organizations
        FROM snapshots s ORDER BY as_of
        """,
    )
    assert {row.pop("as_of"): row for row in rows} == {dump.as_of.isoformat(): dump.counts() for dump in dumps}


_PAIRS = """
    pairs AS (
        SELECT * FROM (
            SELECT as_of, snapshot_id AS after_id, lag(snapshot_id) OVER (ORDER BY as_of) AS before_id
            FROM snapshots WHERE source_kind = 'opendata'
        ) WHERE before_id IS NOT NULL
    )"""


def _side(side: str, table: str, item: str, where: str = "TRUE") -> str:
    """One snapshot of every pair (`after_id` or `before_id`), labelled by the later dump's date."""
    return (
        f"SELECT p.as_of, t.committee_id, {item} FROM pairs p JOIN {table} t ON t.snapshot_id = p.{side} WHERE {where}"
    )


_MEMBER = "'member' AS kind, t.member_id AS id"
_PARTNER = "t.partner_kind AS kind, t.partner_id AS id"
_CHANGE_SQL = {
    "joined": (_side("after_id", "memberships", _MEMBER), "EXCEPT", _side("before_id", "memberships", _MEMBER)),
    "left": (_side("before_id", "memberships", _MEMBER), "EXCEPT", _side("after_id", "memberships", _MEMBER)),
    "P->O": (_side("before_id", "memberships", _MEMBER, "t.status = 'P'"), "INTERSECT",
             _side("after_id", "memberships", _MEMBER, "t.status = 'O'")),
    "O->P": (_side("before_id", "memberships", _MEMBER, "t.status = 'O'"), "INTERSECT",
             _side("after_id", "memberships", _MEMBER, "t.status = 'P'")),
    "liaison added": (_side("after_id", "liaisons", _PARTNER), "EXCEPT", _side("before_id", "liaisons", _PARTNER)),
    "liaison removed": (_side("before_id", "liaisons", _PARTNER), "EXCEPT", _side("after_id", "liaisons", _PARTNER)),
}


@pytest.fixture(scope="module")
def stored_changes(database) -> dict[tuple[str, str], set]:
    union = "\nUNION ALL\n".join(
        f"SELECT '{change}' AS change, * FROM ({first} {operator} {second})"
        for change, (first, operator, second) in _CHANGE_SQL.items()
    )
    rows = query(database, f"WITH {_PAIRS} {union}")
    found: dict[tuple[str, str], set] = {}
    for row in rows:
        found.setdefault((row["as_of"], row["change"]), set()).add((row["committee_id"], row["kind"], row["id"]))
    return found


def test_stored_changes_between_consecutive_dumps_equal_the_plain_reading(stored_changes, expected_changes):
    nonempty = {key: rows for key, rows in expected_changes.items() if rows}
    assert stored_changes == nonempty


def test_members_listed_in_another_order_make_no_change(stored_changes, dumps):
    """06-11 and 06-12 list many committees' members in another order: those members must show no change."""
    first, second = dumps[0], dumps[1]
    assert (first.as_of, second.as_of) == (dt.date(2025, 6, 11), dt.date(2025, 6, 12))
    reordered = {
        committee
        for committee in first.references.keys() & second.references.keys()
        if first.member_order[committee] != second.member_order[committee]
    }
    unchanged_but_moved = {
        (committee, "member", member)
        for committee in reordered
        for member in first.member_order[committee]
        if first.memberships[committee, member] == second.memberships.get((committee, member))
    }
    assert len(reordered) >= 10 and len(unchanged_but_moved) >= 100
    changed = set().union(
        *(rows for (as_of, change), rows in stored_changes.items()
          if as_of == second.as_of.isoformat() and change in MEMBERSHIP_CHANGES)
    )
    assert not unchanged_but_moved & changed
