"""What history costs: a year of weekly snapshots of every ISO committee, measured against plain SQL.

Builds 52 weekly snapshots from the real 2025-08-13 Open Data dump (its committees,
member bodies and ~31,000 seats) plus synthetic churn (~0.5% of seats a week:
joins, departures, P/O switches), written through `pipeline.store.write_snapshot`.
Then reports, each against a hand-written reference run in the same process:

- stored bytes per membership row, against a plain table of the same rows in its own file
  (without and with the schema's primary key, whose index is most of the difference);
- one `casco diff` (all sections, and the membership query alone) against a bare FULL OUTER JOIN;
- a full scan of `membership_history` against a plain scan of `memberships`, and a
  `memberships_as_of(date)` slice against reading that snapshot's rows.

Run: python benchmarks/bench_history.py [--weeks 52] [--churn 0.005] [--dump PATH]
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import random
import statistics
import tempfile
import time
from pathlib import Path

import duckdb
import pyarrow as pa

from casco_watch.pipeline.changes import diff_snapshots, fetch_rows
from casco_watch.pipeline.collect import CollectedSnapshot
from casco_watch.pipeline.parts import Part
from casco_watch.pipeline.store import open_database, write_snapshot
from casco_watch.schemas import Snapshot, SnapshotPart

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DUMP = REPO.parent / "shared" / "iso-open-data" / "iso_technical_committees-2025-08-13.jsonl.gz"
FIRST_WEEK = dt.date(2025, 8, 13)

FULL_OUTER_JOIN = """
SELECT committee_id, member_id, b.status AS before_status, a.status AS after_status
FROM (SELECT * FROM memberships WHERE snapshot_id = $from_id) b
FULL OUTER JOIN (SELECT * FROM memberships WHERE snapshot_id = $to_id) a USING (committee_id, member_id)
WHERE b.status IS DISTINCT FROM a.status
"""
HISTORY_SCAN = "SELECT count(*), sum(member_id), max(valid_to), count(*) FILTER (is_current) FROM membership_history"
PLAIN_SCAN = "SELECT count(*), sum(member_id), max(status), count(*) FILTER (is_secretariat) FROM memberships"
AS_OF_SLICE = "SELECT count(*), sum(member_id) FROM memberships_as_of($on_date)"
SNAPSHOT_ROWS = "SELECT count(*), sum(member_id) FROM memberships WHERE snapshot_id = $snapshot_id"


def read_dump(path: Path):
    """Committees, member bodies and seats of one dump, read with json and gzip only."""
    committees, bodies, seats = [], {}, {}
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in map(json.loads, lines):
            title = (line["title"] or {}).get("en") or line["reference"]
            committees.append({"committee_id": line["id"], "reference": line["reference"], "title": title,
                               "status": line["status"].lower()})
            for status, field in (("P", "pMembers"), ("O", "oMembers")):
                for entry in line[field] or []:
                    seats[(line["id"], entry["id"])] = status
                    bodies[entry["id"]] = entry["acronym"] or str(entry["id"])
    member_bodies = [{"member_id": member, "acronym": acronym} for member, acronym in bodies.items()]
    return pa.Table.from_pylist(committees), pa.Table.from_pylist(member_bodies), seats


def weekly_seats(seats: dict, weeks: int, churn: float, seed: int = 2025):
    """The seat map week by week: each week ~`churn` of the seats change (40% leave, 40% join, 20% switch)."""
    rng = random.Random(seed)
    committees = sorted({committee for committee, _ in seats})
    members = sorted({member for _, member in seats})
    seats = dict(seats)
    for _ in range(weeks):
        yield seats
        changes = max(1, round(len(seats) * churn))
        for key in rng.sample(list(seats), changes * 2 // 5):
            del seats[key]
        joined = 0
        while joined < changes * 2 // 5:
            key = (rng.choice(committees), rng.choice(members))
            if key not in seats:
                seats[key] = rng.choice("PO")
                joined += 1
        for key in rng.sample(list(seats), changes // 5):
            seats[key] = "O" if seats[key] == "P" else "P"


def seats_table(seats: dict) -> pa.Table:
    keys = list(seats)
    return pa.table({
        "committee_id": pa.array([c for c, _ in keys], pa.int64()),
        "member_id": pa.array([m for _, m in keys], pa.int64()),
        "status": pa.array(list(seats.values()), pa.string()),
        "is_secretariat": pa.array([False] * len(keys), pa.bool_()),
    })


COVERS = ["committees", "member_bodies", "memberships"]


def snapshot_row(as_of: dt.date, rows: int) -> Snapshot:
    moment = dt.datetime.combine(as_of, dt.time(6), tzinfo=dt.timezone.utc)
    return Snapshot(
        started_at=moment, finished_at=moment, as_of=as_of, source_kind="opendata", source="benchmark",
        scope="benchmark:all-committees", covers=COVERS, spiders=["benchmark"],
        status="complete", reasons=[], pages_by_status={}, records={"Membership": rows}, rejected={},
        tool_version="benchmark", parts=[SnapshotPart(record_table=table, status="complete") for table in COVERS],
    )


def timed(run, repeat: int = 7) -> float:
    """Median wall time of `run()` in seconds, after one warm-up."""
    run()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def query(con: duckdb.DuckDBPyConnection, sql: str, parameters: dict):
    return lambda: con.execute(sql, parameters).fetchall()


def report(name: str, ours: float, reference: float, unit: str, reference_name: str) -> None:
    print(f"{name:<44} {ours:>12.4g} {unit:<6} vs {reference_name:<32} {reference:>12.4g} {unit:<6} ratio {ours / reference:6.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weeks", type=int, default=52)
    parser.add_argument("--churn", type=float, default=0.005, help="share of seats changing each week")
    parser.add_argument("--dump", type=Path, default=DEFAULT_DUMP)
    args = parser.parse_args()

    committees, member_bodies, seats = read_dump(args.dump)
    with tempfile.TemporaryDirectory() as folder:
        history_db, plain_db, keyed_db = (Path(folder) / f"{name}.duckdb" for name in ("history", "plain", "keyed"))
        start = time.perf_counter()
        weeks = [seats_table(week) for week in weekly_seats(seats, args.weeks, args.churn)]
        built = time.perf_counter() - start
        with open_database(history_db) as con:
            start = time.perf_counter()
            for number, week in enumerate(weeks):
                as_of = FIRST_WEEK + dt.timedelta(weeks=number)
                tables = {"committees": committees, "member_bodies": member_bodies, "memberships": week}
                write_snapshot(con, CollectedSnapshot(snapshot_row(as_of, week.num_rows), tables))
            written = time.perf_counter() - start
            con.execute("CHECKPOINT")
        rows = sum(week.num_rows for week in weeks)
        all_rows = pa.concat_tables(
            week.add_column(0, "snapshot_id", pa.array([number + 1] * week.num_rows, pa.int32()))
            for number, week in enumerate(weeks)
        )
        for path, key in ((plain_db, ""), (keyed_db, ", PRIMARY KEY (snapshot_id, committee_id, member_id)")):
            with duckdb.connect(str(path)) as plain:
                plain.execute(f"CREATE TABLE memberships (snapshot_id INTEGER, committee_id BIGINT, member_id BIGINT, "
                              f"status VARCHAR, is_secretariat BOOLEAN{key})")
                plain.execute("INSERT INTO memberships FROM all_rows")
                plain.execute("CHECKPOINT")

        print(f"{args.weeks} weekly snapshots of {committees.num_rows} committees, {rows:,} membership rows "
              f"(~{args.churn:.1%} churn a week); built in {built:.2f} s, written through write_snapshot in {written:.2f} s")
        stored = history_db.stat().st_size / rows
        report("stored bytes per membership row (whole file)", stored, plain_db.stat().st_size / rows, "B",
               "plain table, own file")
        report("stored bytes per membership row (whole file)", stored, keyed_db.stat().st_size / rows, "B",
               "plain table + the same primary key")

        with open_database(history_db, read_only=True) as con:
            last, before = args.weeks, args.weeks - 1
            pair = {"from_id": before, "to_id": last}
            seats_compared = {**pair, "committee_id": None, "compared": [Part("memberships").sql()]}
            seat_changes = fetch_rows(con, "diff_memberships.sql", seats_compared)
            reference_changes = con.execute(FULL_OUTER_JOIN, pair).fetchall()
            assert len(seat_changes.rows) == len(reference_changes), "the diff and the FULL OUTER JOIN disagree"
            periods = con.execute("SELECT count(*) FROM membership_history").fetchall()[0][0]
            print(f"one week's diff: {len(seat_changes.rows)} seat changes; membership_history: {periods:,} periods")
            reference = timed(query(con, FULL_OUTER_JOIN, pair))
            report("casco diff, all sections (diff_snapshots)", timed(lambda: diff_snapshots(con, before, last)),
                   reference, "s", "hand-written FULL OUTER JOIN")
            report("casco diff, memberships query (labelled)",
                   timed(lambda: fetch_rows(con, "diff_memberships.sql", seats_compared)),
                   reference, "s", "hand-written FULL OUTER JOIN")
            report("full scan of membership_history", timed(query(con, HISTORY_SCAN, {})),
                   timed(query(con, PLAIN_SCAN, {})), "s", "plain scan of memberships")
            middle = args.weeks // 2
            report("memberships_as_of(date) slice",
                   timed(query(con, AS_OF_SLICE, {"on_date": FIRST_WEEK + dt.timedelta(weeks=middle - 1)})),
                   timed(query(con, SNAPSHOT_ROWS, {"snapshot_id": middle})), "s", "one snapshot's rows")


if __name__ == "__main__":
    main()
