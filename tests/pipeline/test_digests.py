"""Part digests, kept as snapshots are written, let a diff leave out the parts whose rows did not change.

A diff must find exactly what it found when it read every part; the digests only spare it the queries that
would find nothing. The series keep, per part, whether it changed since the previous snapshot of its series.
"""

from __future__ import annotations

import datetime as dt

import pytest

from casco_watch.pipeline.changes import diff_snapshots
from casco_watch.pipeline.collect import SnapshotCollector
from casco_watch.pipeline.digests import record_digests
from casco_watch.pipeline.store import DatabaseError, open_database, write_snapshot
from casco_watch.schemas import SnapshotPart
from casco_watch.schemas.records import Committee, MemberBody
from tests.pipeline.conftest import seats, store_snapshot

CASCO, OTHER = 54998, 60000
JAN, FEB, MAR = dt.date(2026, 1, 5), dt.date(2026, 2, 2), dt.date(2026, 3, 2)


def per_committee(con, as_of: dt.date, records: list) -> int:
    """A crawl of CASCO and OTHER, complete per committee as a site crawl is, with the member bodies whole."""
    collector = SnapshotCollector(source_kind="site", source="test", scope="test",
                                  covers=("committees", "memberships", "member_bodies"), page_kinds=(), spiders=["test"])
    collector.add_all(records)
    collected = collector.finish(as_of)
    collected.snapshot.status, collected.snapshot.reasons = "complete", []
    collected.snapshot.parts = [
        SnapshotPart(record_table=table, committee_id=committee, status="complete")
        for table, committee in [("member_bodies", None), *((t, c) for t in ("committees", "memberships")
                                                              for c in (CASCO, OTHER))]
    ]
    return write_snapshot(con, collected)


def committees(secretariat: int = 2064) -> list:
    return [Committee(committee_id=CASCO, reference="ISO/CASCO", title="Conformity assessment",
                      secretariat_member_id=secretariat),
            Committee(committee_id=OTHER, reference="ISO/TC 1", title="Screw threads")]


def bodies(bsi: str = "BSI") -> list:
    return [MemberBody(member_id=2064, acronym=bsi, country="United Kingdom"),
            MemberBody(member_id=1619, acronym="SIS", country="Sweden")]


def digests(con, snapshot_id: int) -> dict:
    return {(table, committee): digest for table, committee, digest in con.execute(
        "SELECT record_table, committee_id, digest FROM part_digests WHERE snapshot_id = ?", [snapshot_id]).fetchall()}


def test_each_part_with_rows_is_digested_as_it_is_written_and_equal_rows_digest_equal(con):
    first = store_snapshot(con, JAN, [*committees(), *bodies(), *seats(CASCO, "P", 2064, 1619), *seats(OTHER, "O", 1619)])
    second = store_snapshot(con, FEB, [*bodies(), *committees(), *seats(OTHER, "O", 1619), *seats(CASCO, "P", 1619),
                                       *seats(CASCO, "O", 2064)])
    before, after = digests(con, first), digests(con, second)
    assert set(before) == {("committees", CASCO), ("committees", OTHER), ("member_bodies", None),
                           ("memberships", CASCO), ("memberships", OTHER)}
    assert {part for part in before if before[part] != after[part]} == {("memberships", CASCO)}


def test_digests_written_one_snapshot_at_a_time_equal_those_of_every_snapshot_at_once(con):
    for as_of, member in ((JAN, 1619), (FEB, 2064), (MAR, 1619)):
        store_snapshot(con, as_of, [*committees(), *bodies(), *seats(CASCO, "P", member)])
    kept = sorted(con.execute("FROM part_digests").fetchall(), key=str)
    con.begin()
    con.execute("DELETE FROM part_digests")
    record_digests(con)
    afresh = sorted(con.execute("FROM part_digests").fetchall(), key=str)
    con.rollback()
    assert kept == afresh and len(kept) == 3 * 4


def changed(con, snapshot_id: int) -> dict:
    return {(table, committee): flag for table, committee, flag in con.execute(
        "SELECT record_table, committee_id, changed FROM part_series WHERE snapshot_id = ?", [snapshot_id]).fetchall()}


def test_the_series_say_which_parts_changed_and_the_committees_change_with_their_secretariats_acronym(con):
    first = per_committee(con, JAN, [*committees(), *bodies(), *seats(CASCO, "P", 2064), *seats(OTHER, "O", 1619)])
    second = per_committee(con, FEB, [*committees(), *bodies(), *seats(CASCO, "O", 2064), *seats(OTHER, "O", 1619)])
    third = per_committee(con, MAR, [*committees(), *bodies(bsi="BSI Group"), *seats(CASCO, "O", 2064),
                                     *seats(OTHER, "O", 1619)])

    assert set(changed(con, first).values()) == {None}
    assert changed(con, second) == {("member_bodies", None): False, ("committees", CASCO): False,
                                    ("committees", OTHER): False, ("memberships", CASCO): True,
                                    ("memberships", OTHER): False}
    assert changed(con, third) == {("member_bodies", None): True, ("committees", CASCO): True,
                                   ("committees", OTHER): True, ("memberships", CASCO): False,
                                   ("memberships", OTHER): False}
    diff = diff_snapshots(con)
    assert [(row["change"], row["before"], row["after"]) for row in diff.to_dict()["committees"]] == [
        ("secretariat_changed", "BSI", "BSI Group")]
    assert diff.summary()["member_bodies_renamed"] == 1 and diff.summary()["memberships_joined"] == 0


def test_a_schema_4_file_gets_the_digests_and_the_series_changes_on_its_first_write(db_path):
    """Schema 4 is today's schema without `part_digests` and without `part_series.changed`."""
    with open_database(db_path) as con:
        for as_of, status, bsi in ((JAN, "P", "BSI"), (FEB, "O", "BSI"), (MAR, "O", "BSI Group")):
            per_committee(con, as_of, [*committees(), *bodies(bsi), *seats(CASCO, status, 2064), *seats(OTHER, "O", 1619)])
        kept = {table: sorted(con.execute(f"FROM {table}").fetchall(), key=str) for table in ("part_digests", "part_series")}
        diff = diff_snapshots(con).to_dict()
        con.execute("DROP TABLE part_digests")
        con.execute("ALTER TABLE part_series DROP COLUMN changed")
        con.execute("UPDATE casco_meta SET value = '4' WHERE key = 'schema_version'")
    with pytest.raises(DatabaseError, match="schema 4, older than .* run one writing command on it"):
        open_database(db_path, read_only=True)

    with open_database(db_path) as con:
        assert {table: sorted(con.execute(f"FROM {table}").fetchall(), key=str) for table in kept} == kept
    with open_database(db_path, read_only=True) as con:
        assert diff_snapshots(con).to_dict() == diff
