"""A damaged ISO Open Data dump is held back as suspect, never read as departures: one committee's member lists
emptied, or the file cut short at a line's end (still valid gzip and JSON Lines). Each is a small share of a
dataset's 30,000 seats, so the whole-table check alone let them through (pipeline/plausibility.py)."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from pathlib import Path

import casco_watch
from tests.casco_watch.real_dumps import largest_committee, own_copy, two_dumps_db  # noqa: F401 (fixtures)
from tests.realdata.plain_reading import DUMPS, read_dump, skip_without_dumps

HELD_BACK = "stored as suspect, out of diffs and history until `casco accept` confirms it"


def dated_copy(dump: Path, folder: Path, as_of: str, damage: Callable[[list[dict]], list[dict]]) -> Path:
    """`dump`'s rows, damaged, written as the dump of `as_of` (a week after the newest real one, say)."""
    with gzip.open(dump, "rt", encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines if line.strip()]
    copy = folder / f"iso_technical_committees-{as_of}.jsonl.gz"
    with gzip.open(copy, "wt", encoding="utf-8") as out:
        out.writelines(json.dumps(row) + "\n" for row in damage(rows))
    return copy


def part_statuses(snapshot) -> dict[str, str]:
    return {part.record_table: part.status for part in snapshot.parts}


def test_a_committee_whose_lists_were_emptied_holds_back_the_memberships(own_copy, tmp_path):  # noqa: F811
    committee = largest_committee(DUMPS[-1])
    seats = sum(owner == committee for owner, _ in read_dump(DUMPS[-1]).memberships)
    emptied = dated_copy(DUMPS[-1], tmp_path, "2025-08-20", lambda rows: [
        {**row, "pMembers": None, "oMembers": None} if row["id"] == committee else row for row in rows])

    stored = casco_watch.load_opendata(emptied, own_copy).snapshot

    assert part_statuses(stored) == {"committees": "complete", "liaisons": "complete", "member_bodies": "suspect",
                                     "memberships": "suspect", "organizations": "complete"}  # bodies go with their list
    assert stored.reasons == [
        "1 committee(s) still listed lost more than the 20% of their members one crawl may lose (--max-vanish) at "
        f"once since snapshot 2 (as of 2025-08-13): {committee}: {seats} of {seats}; {HELD_BACK}"]
    assert casco_watch.diff(own_copy).summary()["memberships_left"] == 0


def test_a_dump_cut_short_at_a_lines_end_holds_back_its_committees_members_and_liaisons(own_copy, tmp_path):  # noqa: F811
    whole = read_dump(DUMPS[-1])
    cut = dated_copy(DUMPS[-1], tmp_path, "2025-08-27", lambda rows: rows[:-100])

    stored = casco_watch.load_opendata(cut, own_copy).snapshot

    assert part_statuses(stored) == {"committees": "suspect", "liaisons": "suspect", "member_bodies": "suspect",
                                     "memberships": "suspect", "organizations": "suspect"}
    assert stored.reasons[0].startswith(f"100 of the {len(whole.references)} committees in snapshot 2 (as of "
                                        "2025-08-13) vanished at once from the dataset, with their members and liaisons")
    # nothing of snapshot 3 is in force, so the default diff is still the last real week's, snapshot 1 to 2
    assert casco_watch.diff(own_copy).summary() == casco_watch.diff(own_copy, 1, 2).summary()


def test_a_damaged_dump_stored_before_the_good_earlier_one_is_held_back_when_that_one_comes(tmp_path):
    """History rebuilt from kept dumps, the newer imported first: the older one, stored after, judges it."""
    skip_without_dumps()
    committee = largest_committee(DUMPS[-1])
    emptied = dated_copy(DUMPS[-1], tmp_path, "2025-08-20", lambda rows: [
        {**row, "pMembers": None, "oMembers": None} if row["id"] == committee else row for row in rows])
    db = tmp_path / "casco.duckdb"
    assert casco_watch.load_opendata(emptied, db).snapshot.status == "complete"  # nothing earlier to judge it by

    assert casco_watch.load_opendata(DUMPS[-1], db).snapshot.status == "complete"

    later = next(snapshot for snapshot in casco_watch.snapshots(db) if snapshot.snapshot_id == 1)
    assert (later.snapshot_id, later.status) == (1, "partial")
    assert part_statuses(later)["memberships"] == part_statuses(later)["member_bodies"] == "suspect"
    assert later.reasons[0].endswith("(snapshot 2, dated before it, was stored after it)")
    assert casco_watch.diff(db).summary()["memberships_left"] == 0
