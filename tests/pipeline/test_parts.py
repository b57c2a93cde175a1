"""A part of a snapshot is a value (table, committee), spelled as text only where people or JSON readers see it."""

import datetime as dt

from casco_watch.pipeline.parts import Part
from casco_watch.schemas import SnapshotPart
from tests.pipeline.conftest import seats, store_snapshot

CASCO, OTHER = 54998, 60000


def test_a_committees_part_and_a_whole_table_are_told_apart_by_their_committee():
    assert Part("memberships", CASCO) != Part("memberships") == Part("memberships", None)
    assert Part("memberships", CASCO) == ("memberships", CASCO)
    assert Part.of(SnapshotPart(record_table="officers", committee_id=CASCO, status="partial")) == Part("officers", CASCO)


def test_a_part_is_spelled_for_json_for_lists_and_on_its_own():
    assert (Part("memberships", CASCO).key, Part("member_bodies").key) == (f"memberships:{CASCO}", "member_bodies")
    assert (Part("memberships", CASCO).label, Part("member_bodies").label) == (
        f"memberships of committee {CASCO}", "member_bodies")
    assert (Part("memberships", CASCO).name, Part("member_bodies").name) == (
        f"memberships of committee {CASCO}", "member_bodies (whole table)")


def test_records_at_reads_the_parts_it_is_given_as_structs(con):
    store_snapshot(con, dt.date(2026, 1, 5), [*seats(CASCO, "P", 1619), *seats(OTHER, "O", 2064)])

    def members(*parts: Part) -> list[tuple]:
        compared = [part.sql() for part in parts]
        return con.execute("SELECT committee_id, member_id FROM records_at('memberships', 1, NULL, $compared) "
                           "ORDER BY ALL", {"compared": compared}).fetchall()

    assert members(Part("memberships", CASCO)) == [(CASCO, 1619)]
    assert members(Part("memberships")) == [(CASCO, 1619), (OTHER, 2064)]
    assert members(Part("officers", OTHER), Part("memberships", OTHER)) == [(OTHER, 2064)]
    assert members() == []
