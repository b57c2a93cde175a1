"""casco_watch.query, export, reconcile, snapshots and diff: the reading commands as calls, on real Open Data."""

import datetime as dt
import json
import subprocess
import sys
import textwrap

import duckdb
import pytest

import casco_watch
from casco_watch.schemas import Committee, Membership
from tests.casco_watch.real_dumps import largest_committee, own_copy, two_dumps_db  # noqa: F401 (fixtures)
from tests.conftest import REPO
from tests.realdata.plain_reading import DUMPS, changes_between, read_dump


def test_query_gives_one_dict_per_row_as_the_dump_states_it(two_dumps_db):
    rows = casco_watch.query(two_dumps_db, "SELECT committee_id, member_id, status FROM memberships WHERE snapshot_id = 2")
    assert {(row["committee_id"], row["member_id"]): row["status"] for row in rows} == read_dump(DUMPS[-1]).memberships


def test_query_as_of_a_date_sees_only_the_snapshots_of_that_day_and_before(two_dumps_db):
    first_day = read_dump(DUMPS[-2]).as_of
    assert casco_watch.query(two_dumps_db, "SELECT snapshot_id, as_of FROM snapshots", as_of=first_day) == [
        {"snapshot_id": 1, "as_of": first_day}]
    with pytest.raises(casco_watch.FutureDateError):
        casco_watch.query(two_dumps_db, "SELECT 1", as_of=dt.date.today() + dt.timedelta(days=2))


def test_query_reads_the_database_and_nothing_else(two_dumps_db):
    with pytest.raises(casco_watch.DatabaseError, match="the query failed"):
        casco_watch.query(two_dumps_db, f"SELECT * FROM read_text('{REPO / 'README.md'}')")
    with pytest.raises(casco_watch.DatabaseError, match="the query failed"):
        casco_watch.query(two_dumps_db, "DELETE FROM snapshots")
    assert len(casco_watch.snapshots(two_dumps_db)) == 2


def test_export_writes_one_file_per_table_and_keeps_what_it_finds_unless_forced(two_dumps_db, tmp_path):
    out = tmp_path / "export"
    exported = casco_watch.export(two_dumps_db, out, format="parquet", snapshot=2)
    assert (exported.format, exported.snapshot) == ("parquet", 2)
    assert {path.name for path in exported.files} >= {"snapshots.parquet", "memberships.parquet"}
    assert all(path.parent == out and path.exists() for path in exported.files)
    seats = duckdb.sql(f"SELECT count(*) FROM '{out / 'memberships.parquet'}'").fetchall()[0][0]
    assert seats == len(read_dump(DUMPS[-1]).memberships)

    with pytest.raises(casco_watch.ExportError, match="nothing was written"):
        casco_watch.export(two_dumps_db, out, format="parquet")
    assert casco_watch.export(two_dumps_db, out, format="parquet", force=True).files == exported.files
    with pytest.raises(casco_watch.DatabaseError, match="there is no snapshot 9"):
        casco_watch.export(two_dumps_db, tmp_path / "other", format="csv", snapshot=9)
    with pytest.raises(casco_watch.ExportError, match="cannot export as 'xlsx'"):
        casco_watch.export(two_dumps_db, tmp_path / "other", format="xlsx")


def site_disagreeing_on(db, committee: int) -> tuple[int, int]:
    """A site snapshot of `committee` as the newest dump states it, but one seat missing and one status turned:
    the seats it leaves out and turns."""
    dump = read_dump(DUMPS[-1])
    seats = sorted((member, status) for (owner, member), status in dump.memberships.items() if owner == committee)
    (left_out, _), (turned, status) = seats[0], seats[1]
    records = [Committee(committee_id=committee, reference=dump.references[committee], title="as on the site"),
               *(Membership(committee_id=committee, member_id=member, status=status) for member, status in seats[2:]),
               Membership(committee_id=committee, member_id=turned, status="O" if status == "P" else "P")]
    stored = casco_watch.store_snapshot(db, records, source_kind="site", source="test", scope=f"site:committees={committee}",
                                        as_of=dump.as_of, covers=["committees", "memberships"])
    assert stored.snapshot.status == "complete", stored.snapshot.reasons
    return left_out, turned


def test_reconcile_finds_the_seats_the_site_and_open_data_disagree_on(own_copy):
    committee = largest_committee(DUMPS[-1])
    left_out, turned = site_disagreeing_on(own_copy, committee)

    found = casco_watch.reconcile(own_copy, committee=committee)

    assert isinstance(found, casco_watch.Reconciliation) and found.work_programmes == []
    (entry,) = found.committees
    assert (entry.committee_id, entry.site_snapshot_id, entry.opendata_snapshot_id) == (committee, 3, 2)
    assert [seat["member_id"] for seat in entry.only_in_opendata] == [left_out]
    assert [seat["member_id"] for seat in entry.status_differs] == [turned]
    assert entry.only_on_site == []


def test_reconcile_without_site_data_says_what_to_load(two_dumps_db):
    with pytest.raises(casco_watch.ReconcileError, match="crawl the site"):
        casco_watch.reconcile(two_dumps_db)


READ_ONLY_CALLS = textwrap.dedent(
    """
    import json, sys
    import casco_watch
    db, out = sys.argv[1:]
    answers = {
        "snapshots": len(casco_watch.snapshots(db)),
        "diff": casco_watch.diff(db, 1, 2).summary()["memberships_joined"],
        "query": casco_watch.query(db, "SELECT count(*) AS n FROM snapshots")[0]["n"],
        "export": len(casco_watch.export(db, out + "/export", format="csv").files),
        "report": casco_watch.report(db, out + "/report.html").path.exists(),
        "reconcile": len(casco_watch.reconcile(db).committees),
    }
    loaded = sorted({name.split(".")[0] for name in sys.modules} & {"click", "scrapy", "twisted"})
    print(json.dumps({"answers": answers, "loaded": loaded}))
    """
)


def test_the_reading_calls_import_neither_click_nor_scrapy_nor_twisted(own_copy, tmp_path):
    site_disagreeing_on(own_copy, largest_committee(DUMPS[-1]))
    ran = subprocess.run([sys.executable, "-c", READ_ONLY_CALLS, own_copy, tmp_path], cwd=REPO, capture_output=True,
                         text=True, timeout=300)
    assert ran.returncode == 0, ran.stderr
    said = json.loads(ran.stdout)
    assert said["loaded"] == []
    joined = changes_between(read_dump(DUMPS[-2]), read_dump(DUMPS[-1]))["joined"]
    assert said["answers"] == {"snapshots": 3, "diff": len(joined), "query": 3,
                               "export": len(casco_watch.export(own_copy, tmp_path / "again", format="csv").files),
                               "report": True, "reconcile": 1}


def test_history_calls_answer_by_id_or_acronym_and_say_what_they_cannot_find(two_dumps_db):
    committee = largest_committee(DUMPS[-1])
    dump = read_dump(DUMPS[-1])
    seats = casco_watch.member_timeline(two_dumps_db, "BSI", committee=committee).records()
    assert [(seat["committee_id"], seat["status"]) for seat in seats] == [(committee, dump.memberships[committee, 2064])]
    counts = casco_watch.committee_timeline(two_dumps_db, committee).records()
    assert counts[-1]["p_members"] == sum(1 for (owner, _), status in dump.memberships.items()
                                          if owner == committee and status == "P")
    with pytest.raises(casco_watch.HistoryLookupError, match="no document has the id or reference 'ISO 9001'"):
        casco_watch.deliverable_timeline(two_dumps_db, "ISO 9001")
