"""Five years of weekly crawls of 50 committees: each default answer timed against the plainest SQL on the same file.

Builds 260 weekly site snapshots of 50 committees (about 77 seats each, ~1M seat rows in all, seeded churn of
~0.5% of the seats a week: departures, arrivals, P/O switches), each crawl complete per committee, written
through `pipeline.store.write_snapshot` like any crawl. Then prints, each against hand-written SQL run in the
same process on the same file:

- the default diff (`casco diff`: the pairs, the snapshots, the labelled sections of the compared tables), and its memberships
  section alone, against a join of the two snapshots' seats;
- one committee's history (`casco history --committee`) against a grouped scan of its rows;
- members on a date (`members_as_of`) against a keyed lookup of that date's snapshot;
- the post-crawl hint (`previous_comparable`, what `casco crawl` prints last) against the newest earlier id;
- the time to write the last snapshot against the first (writing must not slow down as history grows).

The built file is cached under output/ (not committed), keyed by the parameters; --rebuild builds it again.
Run: python benchmarks/bench_years.py [--weeks 260] [--committees 50] [--churn 0.005] [--seed 18]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import time
from pathlib import Path

import pyarrow as pa

from bench_history import report, weekly_seats
from casco_watch.pipeline.changes import default_pairs, diff_snapshots, fetch_rows, previous_comparable
from casco_watch.pipeline.collect import CollectedSnapshot
from casco_watch.pipeline.history import committee_timeline
from casco_watch.pipeline.store import open_database, write_snapshot
from casco_watch.schemas import Snapshot, SnapshotPart

REPO = Path(__file__).resolve().parents[1]
FIRST_WEEK = dt.date(2021, 1, 4)
SEATS_PER_COMMITTEE, MEMBER_BODIES = 77, 170
COMMITTEE_TABLES = ("committees", "memberships")

JOIN_OF_TWO = """
SELECT committee_id, member_id, b.status, a.status
FROM (FROM memberships WHERE snapshot_id = $from_id) b
FULL JOIN (FROM memberships WHERE snapshot_id = $to_id) a USING (committee_id, member_id)
WHERE b.status IS DISTINCT FROM a.status
"""
GROUPED_SCAN = """
SELECT snapshot_id, count(*) FILTER (status = 'P'), count(*) FILTER (status = 'O')
FROM memberships WHERE committee_id = $committee GROUP BY snapshot_id ORDER BY snapshot_id
"""
KEYED_LOOKUP = """
SELECT m.member_id, b.acronym, m.status
FROM memberships m JOIN member_bodies b USING (snapshot_id, member_id)
WHERE m.snapshot_id = (SELECT max(snapshot_id) FROM snapshots WHERE as_of <= $on_date) AND m.committee_id = $committee
"""
MEMBERS_ON_A_DATE = "SELECT member_id, acronym, status FROM members_as_of($committee, $on_date)"
NEWEST_EARLIER = "SELECT max(snapshot_id) FROM snapshots WHERE snapshot_id < $snapshot_id AND status = 'complete'"


def first_seats(committees: list[int], members: list[int], seed: int) -> dict:
    """The first week's seats {(committee, member): status}: SEATS_PER_COMMITTEE members of each committee."""
    rng = random.Random(seed)
    return {(c, m): rng.choice("PO") for c in committees for m in rng.sample(members, SEATS_PER_COMMITTEE)}


def crawl_of(as_of: dt.date, committees: list[int], members: list[int], seats: dict) -> CollectedSnapshot:
    """One complete crawl of the named committees, laid out as the collector lays out a crawl."""
    moment = dt.datetime.combine(as_of, dt.time(6), tzinfo=dt.timezone.utc)
    keys = sorted(seats)
    tables = {
        "committees": pa.table({"committee_id": pa.array(committees, pa.int64()),
                                "reference": [f"ISO/TC {c}" for c in committees],
                                "title": [f"Committee {c}" for c in committees], "status": ["active"] * len(committees)}),
        "member_bodies": pa.table({"member_id": pa.array(members, pa.int64()), "acronym": [f"MB{m}" for m in members]}),
        "memberships": pa.table({"committee_id": pa.array([c for c, _ in keys], pa.int64()),
                                 "member_id": pa.array([m for _, m in keys], pa.int64()),
                                 "status": [seats[key] for key in keys], "is_secretariat": [False] * len(keys)}),
    }
    parts = [SnapshotPart(record_table=table, committee_id=c, status="complete")
             for table in COMMITTEE_TABLES for c in committees]
    parts.append(SnapshotPart(record_table="member_bodies", status="complete"))
    snapshot = Snapshot(
        started_at=moment, finished_at=moment, as_of=as_of, source_kind="site", source="benchmark",
        scope="benchmark:50-committees", covers=[*COMMITTEE_TABLES, "member_bodies"], spiders=["benchmark"],
        status="complete", reasons=[], pages_by_status={}, records={"Membership": len(keys)}, rejected={},
        tool_version="benchmark", parts=parts,
    )
    return CollectedSnapshot(snapshot, tables)


def build(path: Path, args) -> dict:
    """Write every week through write_snapshot; returns the rows and each write's seconds."""
    committees = [1000 + number for number in range(args.committees)]
    members = [5000 + number for number in range(MEMBER_BODIES)]
    writes, rows = [], 0
    path.unlink(missing_ok=True)
    with open_database(path) as con:
        seats = first_seats(committees, members, args.seed)
        for week, seats in enumerate(weekly_seats(seats, args.weeks, args.churn, args.seed)):
            collected = crawl_of(FIRST_WEEK + dt.timedelta(weeks=week), committees, members, seats)
            start = time.perf_counter()
            write_snapshot(con, collected)
            writes.append(time.perf_counter() - start)
            rows += len(seats)
        con.execute("CHECKPOINT")
    return {"rows": rows, "writes": writes, "committee": committees[len(committees) // 2]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weeks", type=int, default=260)
    parser.add_argument("--committees", type=int, default=50)
    parser.add_argument("--churn", type=float, default=0.005, help="share of seats changing each week")
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--rebuild", action="store_true", help="build the file again even when cached")
    args = parser.parse_args()

    name = f"bench_years-w{args.weeks}-c{args.committees}-churn{args.churn}-seed{args.seed}"
    path, facts_path = REPO / "output" / f"{name}.duckdb", REPO / "output" / f"{name}.json"
    if args.rebuild or not (path.exists() and facts_path.exists()):
        start = time.perf_counter()
        facts = build(path, args)
        facts["built_seconds"] = time.perf_counter() - start
        facts_path.write_text(json.dumps(facts), encoding="utf-8")
    facts = json.loads(facts_path.read_text(encoding="utf-8"))
    open_database(path).close()  # a cached file gets this code's views and macros
    writes = facts["writes"]
    print(f"{args.weeks} weekly snapshots of {args.committees} committees, {facts['rows']:,} seat rows "
          f"(~{args.churn:.1%} churn a week), written through write_snapshot in {facts['built_seconds']:.1f} s ({path})")
    report("writing one snapshot: the last 10 (median)", statistics.median(writes[-10:]),
           statistics.median(writes[:10]), "s", "the first 10 (median)")

    committee, last = facts["committee"], args.weeks
    on_date = FIRST_WEEK + dt.timedelta(weeks=args.weeks // 2, days=3)
    with open_database(path, read_only=True) as con:
        default = diff_snapshots(con)
        assert (default.before.snapshot_id, default.after.snapshot_id) == (last - 1, last)
        plain_changes = con.execute(JOIN_OF_TWO, {"from_id": last - 1, "to_id": last}).fetchall()
        assert len(default.sections["memberships"].rows) == len(plain_changes), "the diff and the join disagree"
        ours = con.execute(MEMBERS_ON_A_DATE, {"committee": committee, "on_date": on_date}).fetchall()
        assert sorted(ours) == sorted(con.execute(KEYED_LOOKUP, {"committee": committee, "on_date": on_date}).fetchall())
        assert previous_comparable(con, last) == last - 1

        def query(sql, **parameters):
            return lambda: con.execute(sql, parameters).fetchall()

        join = query(JOIN_OF_TWO, from_id=last - 1, to_id=last)
        compare("the default diff (casco diff)", lambda: diff_snapshots(con), join, "a join of the two snapshots' seats")
        changed = [part.sql() for part, _, _, part_changed in default_pairs(con, last) if part_changed]
        seats_changed = {"from_id": last - 1, "to_id": last, "committee_id": None, "compared": changed}
        compare("  its memberships section alone", lambda: fetch_rows(con, "diff_memberships.sql", seats_changed),
                join, "a join of the two snapshots' seats")
        compare("one committee's history", lambda: committee_timeline(con, committee),
                query(GROUPED_SCAN, committee=committee), "a grouped scan of its rows")
        compare("members on a date (members_as_of)", query(MEMBERS_ON_A_DATE, committee=committee, on_date=on_date),
                query(KEYED_LOOKUP, committee=committee, on_date=on_date), "a keyed lookup")
        compare("the post-crawl hint (previous_comparable)", lambda: previous_comparable(con, last),
                query(NEWEST_EARLIER, snapshot_id=last), "the newest earlier snapshot id")


def compare(name: str, ours, plain, plain_name: str, repeat: int = 21) -> None:
    """Time `ours` and `plain` in turns, after a warm-up, so a change of load falls on both alike; print the
    medians of wall time, and of CPU time, which other processes on a loaded machine disturb less."""
    ours(), plain()
    wall: dict[object, list[float]] = {ours: [], plain: []}
    cpu: dict[object, list[float]] = {ours: [], plain: []}
    for _ in range(repeat):
        for run in (ours, plain):
            started, cpu_started = time.perf_counter(), time.process_time()
            run()
            wall[run].append(time.perf_counter() - started)
            cpu[run].append(time.process_time() - cpu_started)
    report(name, statistics.median(wall[ours]), statistics.median(wall[plain]), "s", plain_name)
    ours_cpu, plain_cpu = statistics.median(cpu[ours]), statistics.median(cpu[plain])
    print(f"{'':<44} CPU {ours_cpu:>8.4g} s vs {plain_cpu:.4g} s: ratio {ours_cpu / plain_cpu:6.2f}")


if __name__ == "__main__":
    main()
