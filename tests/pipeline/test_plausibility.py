"""The plausibility check: many members (or liaisons) vanishing from a committee at once holds them back as suspect."""

import datetime as dt

import pyarrow as pa
import pytest
from pydantic import ValidationError

import casco_watch
from casco_watch.pipeline.changes import SnapshotChoiceError, diff_snapshots
from casco_watch.pipeline.collect import CollectedSnapshot
from casco_watch.pipeline.parts import Part
from casco_watch.pipeline.plausibility import AcceptError, Suspect, accept_part, judge_plausibility, settled, to_accept
from casco_watch.pipeline.store import read_snapshots, write_snapshot
from casco_watch.schemas import Snapshot, SnapshotPart

CASCO, TC_176 = 54998, 53882
OCTOBER, NOVEMBER, DECEMBER = dt.date(2026, 10, 1), dt.date(2026, 11, 1), dt.date(2026, 12, 1)


def crawled(as_of, seats, *, source_kind="site", statuses=None):
    """A judged crawl of the committees in `seats` ({committee or None: member ids}), one memberships part each."""
    now = dt.datetime(2026, 11, 27, 6, 0, tzinfo=dt.timezone.utc)
    statuses = statuses or {}
    parts = [SnapshotPart(record_table="memberships", committee_id=committee, status=statuses.get(committee, "complete"))
             for committee in seats]
    snapshot = Snapshot(
        started_at=now, finished_at=now, as_of=as_of, source_kind=source_kind, source="test", scope="test",
        covers=["memberships"], spiders=["test"], status="partial" if statuses else "complete", parts=parts,
        reasons=[f"{status} in a test" for status in statuses.values()],
    )
    rows = [{"committee_id": committee or CASCO, "member_id": member, "status": "P", "is_secretariat": False}
            for committee, members in seats.items() for member in members]
    return CollectedSnapshot(snapshot, {"memberships": pa.Table.from_pylist(rows)} if rows else {})


def stored_parts(con, snapshot_id):
    return {(p.committee_id, p.status) for p in read_snapshots(con, snapshot_id)[0].parts}


def test_a_committee_losing_more_than_a_fifth_of_its_members_at_once_is_suspect(con):
    write_snapshot(con, crawled(OCTOBER, {CASCO: range(1, 145)}))
    november = crawled(NOVEMBER, {CASCO: range(31, 145)})

    write_snapshot(con, november)

    reason = ("30 of the 144 members of committee 54998 in snapshot 1 (as of 2026-10-01) vanished at once, more than "
              "the 20% one crawl may lose (--max-vanish); stored as suspect, out of diffs and history until "
              "`casco accept` confirms it")
    stored = read_snapshots(con, 2)[0]
    assert (stored.status, stored.reasons) == ("partial", [reason])
    assert [(p.committee_id, p.status, p.reasons) for p in stored.parts] == [(CASCO, "suspect", [reason])]
    assert con.execute("SELECT count(*) FROM memberships WHERE snapshot_id = 2").fetchall() == [(114,)]


@pytest.mark.parametrize("seats, kept, max_vanish, status", [
    (144, range(29, 145), None, "complete"),  # 28 of 144 gone: 19%
    (100, range(21, 101), None, "complete"),  # 20 of 100: exactly the share, not more
    (100, range(22, 101), None, "suspect"),   # 21 of 100
    (144, range(16, 145), 0.1, "suspect"),    # 15 of 144 with --max-vanish 0.1
    (144, range(4, 145), 0.0, "suspect"),     # three gone with --max-vanish 0
    (144, range(3, 145), 0.0, "complete"),    # two gone: ordinary churn, whatever the share
    (5, range(3, 6), None, "complete"),       # two of five: 40%, still only two
    (10, range(4, 11), None, "suspect"),      # three of ten
    (144, range(0), 1.0, "complete"),         # everyone gone, but anything goes
])
def test_the_share_that_may_vanish_is_a_parameter(con, seats, kept, max_vanish, status):
    write_snapshot(con, crawled(OCTOBER, {CASCO: range(1, seats + 1)}))
    november = crawled(NOVEMBER, {CASCO: kept})
    stored = settled(november.snapshot, judge_plausibility(con, november, max_vanish))
    assert [part.status for part in stored.parts] == [status]
    assert stored.status == ("complete" if status == "complete" else "partial")


def test_judging_leaves_the_crawl_as_it_was_and_the_stored_snapshot_is_built_anew(con):
    write_snapshot(con, crawled(OCTOBER, {CASCO: range(1, 145), TC_176: range(1, 11)}))
    november = crawled(NOVEMBER, {CASCO: range(31, 145), TC_176: range(1, 11)})
    as_crawled = november.snapshot.model_copy(deep=True)

    (suspect,) = judge_plausibility(con, november)
    stored = settled(november.snapshot, [suspect], snapshot_id=2)

    assert november.snapshot == as_crawled
    with pytest.raises(ValidationError, match="frozen"):
        november.snapshot.status = "partial"
    assert (stored.snapshot_id, stored.status, stored.reasons) == (2, "partial", [suspect.reason])
    assert [(p.committee_id, p.status, p.reasons) for p in stored.parts] == [
        (CASCO, "suspect", [suspect.reason]), (TC_176, "complete", []),
    ]
    assert write_snapshot(con, november) == stored and november.snapshot == as_crawled


def test_settling_an_already_partial_snapshot_adds_the_suspect_reason_and_keeps_its_own():
    crawl = crawled(NOVEMBER, {CASCO: range(5), TC_176: range(5)}, statuses={TC_176: "partial"}).snapshot
    stored = settled(crawl, [Suspect(CASCO, "vanished")])
    assert (stored.status, stored.reasons) == ("partial", ["partial in a test", "vanished"])
    assert [p.status for p in stored.parts] == ["suspect", "partial"]


def test_a_share_outside_0_to_1_is_refused(con):
    with pytest.raises(ValueError, match="from 0 to 1"):
        judge_plausibility(con, crawled(NOVEMBER, {CASCO: range(5)}), 20)


def test_each_committee_is_judged_alone_and_new_members_do_not_offset_leavers(con):
    write_snapshot(con, crawled(OCTOBER, {CASCO: range(1, 11), TC_176: range(1, 11)}))
    write_snapshot(con, crawled(NOVEMBER, {CASCO: range(6, 50), TC_176: range(1, 12)}))
    assert stored_parts(con, 2) == {(CASCO, "suspect"), (TC_176, "complete")}


def test_the_comparison_is_with_the_latest_earlier_complete_part_of_the_same_source(con):
    write_snapshot(con, crawled(OCTOBER, {CASCO: range(1, 101)}))
    write_snapshot(con, crawled(dt.date(2026, 10, 15), {CASCO: range(1, 51)}, statuses={CASCO: "partial"}))
    write_snapshot(con, crawled(dt.date(2026, 10, 20), {CASCO: range(1, 11)}, source_kind="opendata"))
    write_snapshot(con, crawled(DECEMBER, {CASCO: range(1, 11)}))  # later than November: not earlier
    assert judge_plausibility(con, crawled(NOVEMBER, {CASCO: range(1, 96)})) == []


def test_a_suspect_part_is_no_baseline_so_a_lasting_drop_stays_suspect_until_accepted(con):
    write_snapshot(con, crawled(OCTOBER, {CASCO: range(1, 101)}))
    write_snapshot(con, crawled(NOVEMBER, {CASCO: range(51, 101)}))
    write_snapshot(con, crawled(DECEMBER, {CASCO: range(51, 101)}))
    assert stored_parts(con, 3) == {(CASCO, "suspect")}
    accept_part(con, 3, CASCO)
    january = crawled(dt.date(2027, 1, 1), {CASCO: range(51, 101)})
    assert judge_plausibility(con, january) == []


def test_a_whole_table_part_is_judged_over_all_its_seats(con):
    write_snapshot(con, crawled(OCTOBER, {None: range(1, 101)}, source_kind="opendata"))
    write_snapshot(con, crawled(NOVEMBER, {None: range(31, 101)}, source_kind="opendata"))
    assert stored_parts(con, 2) == {(None, "suspect")}
    assert read_snapshots(con, 2)[0].reasons[0].startswith("30 of the 100 memberships in snapshot 1")


def test_incomplete_parts_and_first_crawls_are_left_as_they_are(con):
    first = crawled(OCTOBER, {CASCO: range(1, 101)})
    assert judge_plausibility(con, first) == []
    write_snapshot(con, first)
    lost = crawled(NOVEMBER, {CASCO: range(0)}, statuses={CASCO: "partial"})
    assert judge_plausibility(con, lost) == []
    assert [(p.status, p.reasons) for p in write_snapshot(con, lost).parts] == [("partial", [])]


def test_a_complete_part_with_no_rows_at_all_lost_every_seat(con):
    write_snapshot(con, crawled(OCTOBER, {CASCO: range(1, 101)}))
    emptied = crawled(NOVEMBER, {CASCO: range(0)})
    (suspect,) = judge_plausibility(con, emptied)
    assert suspect.committee_id == CASCO and suspect.reason.startswith("100 of the 100 members of committee 54998")


def test_accepting_a_suspect_part_makes_it_and_its_snapshot_complete_and_the_diff_shows_the_leavers(db_path, con):
    write_snapshot(con, crawled(OCTOBER, {CASCO: range(1, 145)}))
    write_snapshot(con, crawled(NOVEMBER, {CASCO: range(31, 145)}))
    with pytest.raises(SnapshotChoiceError):
        casco_watch.diff(con)

    assert accept_part(con, 2, CASCO, on=dt.date(2026, 11, 29)) == "complete"

    stored = read_snapshots(con, 2)[0]
    assert stored.status == "complete"
    assert stored.reasons[-1] == "memberships of committee 54998 accepted by the user on 2026-11-29"
    assert stored.parts[0].status == "complete"
    assert stored.parts[0].reasons[-1] == "accepted by the user on 2026-11-29"
    assert casco_watch.diff(con).summary()["memberships_left"] == 30


def test_a_snapshot_stays_partial_while_another_part_is_incomplete(con):
    write_snapshot(con, crawled(OCTOBER, {CASCO: range(1, 101), TC_176: range(1, 11)}))
    write_snapshot(con, crawled(NOVEMBER, {CASCO: range(51, 101), TC_176: range(0)}, statuses={TC_176: "partial"}))
    assert accept_part(con, 2, CASCO) == "partial"
    assert stored_parts(con, 2) == {(CASCO, "complete"), (TC_176, "partial")}


@pytest.mark.parametrize("snapshot_id, committee, message", [
    (9, CASCO, "there is no snapshot 9; `casco snapshots` lists the stored ones"),
    (2, TC_176, "memberships of committee 53882 is partial in snapshot 2: it lacks data, which accepting cannot mend; "
                "crawl again; its suspect parts: casco accept 2 --committee 54998"),
    (1, CASCO, "memberships of committee 54998 is already complete in snapshot 1; snapshot 1 has no suspect part"),
    (2, None, "snapshot 2 has no part memberships (whole table); its suspect parts: casco accept 2 --committee 54998"),
])
def test_only_a_suspect_part_can_be_accepted(con, snapshot_id, committee, message):
    write_snapshot(con, crawled(OCTOBER, {CASCO: range(1, 101), TC_176: range(1, 11)}))
    write_snapshot(con, crawled(NOVEMBER, {CASCO: range(51, 101), TC_176: range(0)}, statuses={TC_176: "partial"}))
    with pytest.raises(AcceptError) as error:
        accept_part(con, snapshot_id, committee)
    assert str(error.value) == message
    assert stored_parts(con, 2) == {(CASCO, "suspect"), (TC_176, "partial")}


def crawled_liaisons(as_of, partners, *, label="ORG"):
    """A judged crawl of CASCO's members 1-10 and the organizations in liaison with each committee in `partners`
    ({committee: organization ids}), a memberships and a liaisons part each, every partner labelled `label`."""
    crawl = crawled(as_of, {committee: range(1, 11) for committee in partners})
    parts = [*crawl.snapshot.parts, *(SnapshotPart(record_table="liaisons", committee_id=committee, status="complete")
                                      for committee in partners)]
    rows = [{"committee_id": committee, "partner_kind": "organization", "partner_id": partner,
             "partner_label": f"{label} {partner}", "direction": "unspecified", "category": "A"}
            for committee, ids in partners.items() for partner in ids]
    tables = {**crawl.tables, **({"liaisons": pa.Table.from_pylist(rows)} if rows else {})}
    return CollectedSnapshot(crawl.snapshot.model_copy(update={"parts": parts}), tables)


def test_a_committee_losing_its_liaisons_at_once_is_suspect_and_its_members_are_judged_apart(con):
    write_snapshot(con, crawled_liaisons(OCTOBER, {CASCO: range(1, 30), TC_176: range(1, 11)}))

    stored = write_snapshot(con, crawled_liaisons(NOVEMBER, {CASCO: range(0), TC_176: range(1, 11)}))

    reason = ("29 of the 29 liaisons of committee 54998 in snapshot 1 (as of 2026-10-01) vanished at once, more than "
              "the 20% one crawl may lose (--max-vanish); stored as suspect, out of diffs and history until "
              "`casco accept` confirms it")
    assert (stored.status, stored.reasons) == ("partial", [reason])
    assert [(p.record_table, p.committee_id, p.status) for p in stored.parts] == [
        ("memberships", CASCO, "complete"), ("memberships", TC_176, "complete"),
        ("liaisons", CASCO, "suspect"), ("liaisons", TC_176, "complete"),
    ]


def test_liaisons_are_known_by_their_partners_ids_so_relabelled_ones_have_not_vanished(con):
    write_snapshot(con, crawled_liaisons(OCTOBER, {CASCO: range(1, 30)}))
    relabelled = crawled_liaisons(NOVEMBER, {CASCO: range(1, 30)}, label="Renamed")
    assert judge_plausibility(con, relabelled) == []
    three_gone = crawled_liaisons(NOVEMBER, {CASCO: range(4, 30)})
    assert judge_plausibility(con, three_gone) == []  # 3 of 29: 10%
    (suspect,) = judge_plausibility(con, three_gone, 0.1)
    assert (suspect.record_table, suspect.committee_id) == ("liaisons", CASCO)
    assert suspect.reason.startswith("3 of the 29 liaisons of committee 54998 in snapshot 1")


def test_a_suspect_liaisons_part_is_accepted_with_its_table_named(con):
    write_snapshot(con, crawled_liaisons(OCTOBER, {CASCO: range(1, 30)}))
    write_snapshot(con, crawled_liaisons(NOVEMBER, {CASCO: range(0)}))
    with pytest.raises(AcceptError, match="its suspect parts: casco accept 2 --committee 54998 --table liaisons$"):
        accept_part(con, 2, CASCO)
    assert accept_part(con, 2, CASCO, "liaisons") == "complete"
    assert stored_parts(con, 2) == {(CASCO, "complete")}


def test_a_crawl_dated_before_one_stored_earlier_holds_back_what_the_later_one_lost(con):
    """A capture of October replayed after November's bad crawl was stored: November's part is judged against it as
    if it had come in after it, so the default diff never reports the members November lost to its glitch."""
    write_snapshot(con, crawled(NOVEMBER, {CASCO: range(31, 145), TC_176: range(1, 11)}))
    assert read_snapshots(con, 1)[0].status == "complete"  # no earlier snapshot to judge it by, yet

    october = write_snapshot(con, crawled(OCTOBER, {CASCO: range(1, 145), TC_176: range(1, 11)}))

    assert october.status == "complete"
    november = read_snapshots(con, 1)[0]
    reason = ("30 of the 144 members of committee 54998 in snapshot 2 (as of 2026-10-01) vanished at once, more than "
              "the 20% one crawl may lose (--max-vanish); stored as suspect, out of diffs and history until "
              "`casco accept` confirms it (snapshot 2, dated before it, was stored after it)")
    assert (november.status, november.reasons) == ("partial", [reason])
    assert {p.committee_id: (p.status, p.reasons) for p in november.parts} == {
        CASCO: ("suspect", [reason]), TC_176: ("complete", [])}
    assert diff_snapshots(con).summary()["memberships_left"] == 0
    assert con.execute("SELECT count(*) FROM latest_memberships WHERE committee_id = ?", [CASCO]).fetchall() == [(144,)]

    assert accept_part(con, 1, CASCO) == "complete"
    assert diff_snapshots(con, 2, 1).summary()["memberships_left"] == 30


def test_a_crawl_dated_before_one_stored_earlier_leaves_a_plausible_later_one_as_it_was(con):
    write_snapshot(con, crawled(NOVEMBER, {CASCO: range(3, 145)}))
    write_snapshot(con, crawled(OCTOBER, {CASCO: range(1, 145)}))
    assert stored_parts(con, 1) == {(CASCO, "complete")} and read_snapshots(con, 1)[0].status == "complete"


def test_a_part_held_back_only_with_its_list_is_not_offered_for_acceptance_of_its_own():
    suspects = [Part("memberships", CASCO), Part("member_bodies"), Part("organizations")]
    assert to_accept(suspects) == [Part("memberships", CASCO), Part("organizations")]
