"""The series and periods kept as snapshots are written always equal what their SQL definition computes afresh.

After each write, including the writes and changes that alter the series after the fact (a snapshot dated
before others, a partial re-read, an accepted suspect part, a spooled commit), the kept `part_series` and
`<table>_periods` must hold exactly the rows `series_in_force` and `fact_periods` give for the same file.
"""

from __future__ import annotations

import datetime as dt
import random

from casco_watch.pipeline.collect import SnapshotCollector
from casco_watch.pipeline.commit import commit_pending
from casco_watch.pipeline.plausibility import accept_part
from casco_watch.pipeline import spool
from casco_watch.pipeline.series import HISTORIES
from casco_watch.pipeline.store import open_database
from casco_watch.schemas.records import Liaison, Officer
from tests.pipeline.conftest import seats, store_snapshot
from tests.pipeline.test_history import WEEKS, as_records, churned_seats


def kept_as_defined(con) -> None:
    series = ("source_kind, record_table, committee_id, snapshot_id, as_of, series_position, "
              "previous_snapshot_id, next_snapshot_id, next_as_of")
    assert sorted(con.execute(f"SELECT {series} FROM part_series").fetchall()) == sorted(
        con.execute(f"SELECT {series} FROM series_in_force").fetchall())
    for table, facts in HISTORIES.items():
        kept = con.execute(f"SELECT * EXCLUDE (fact), fact::VARCHAR FROM {table}_periods ORDER BY ALL").fetchall()
        defined = con.execute(f"SELECT * EXCLUDE (fact), fact::VARCHAR FROM fact_periods('{table}', '{facts}') "
                              "ORDER BY ALL").fetchall()
        assert kept == defined, table


def test_periods_kept_while_writing_in_date_order_equal_their_definition(con):
    liaisons = [Liaison(committee_id=1, partner_kind="committee", partner_id=7, direction="to", category=None)]
    chairs = ["Ann", "Bob", "Bob", "Ann", "Cy", "Cy"]
    for week, state in enumerate(churned_seats(18, 6)):
        chair = Officer(committee_id=1, role="chairperson", name=chairs[week])
        store_snapshot(con, WEEKS[week], [*as_records(state), chair, *(liaisons if week % 2 else [])],
                       status="partial" if week == 3 else "complete")
        kept_as_defined(con)
    assert con.execute("SELECT name, valid_from, valid_to FROM officer_history ORDER BY valid_from").fetchall() == [
        ("Ann", WEEKS[0], WEEKS[1]), ("Bob", WEEKS[1], WEEKS[4]), ("Cy", WEEKS[4], None)]


def test_a_snapshot_dated_before_others_a_partial_reparse_and_an_acceptance_rebuild_what_they_touch(con):
    rng = random.Random(3)
    states = list(churned_seats(5, 5))
    for week in (0, 2, 4):
        store_snapshot(con, WEEKS[week], as_records(states[week]))
    store_snapshot(con, WEEKS[1], as_records(states[1]))
    kept_as_defined(con)
    store_snapshot(con, WEEKS[2], as_records(states[3]), reparse_of=2, partial_tables=("liaisons",))
    kept_as_defined(con)
    held = store_snapshot(con, WEEKS[5], seats(1, "P", *rng.sample(range(100, 130), 3)))
    assert con.execute("SELECT count(*) FROM part_series WHERE snapshot_id = ? AND record_table = 'memberships'",
                       [held]).fetchall() == [(0,)]
    accept_part(con, held, None)
    kept_as_defined(con)
    assert con.execute("SELECT count(*) FROM part_series WHERE snapshot_id = ? AND record_table = 'memberships'",
                       [held]).fetchall() == [(1,)]


def test_a_spooled_snapshot_committed_later_enters_the_kept_series(db_path):
    with open_database(db_path) as con:
        store_snapshot(con, WEEKS[0], seats(54998, "P", 1619, 2064))
    collector = SnapshotCollector(source_kind="site", source="test", scope="test", covers=["memberships"],
                                  page_kinds=(), spiders=["test"])
    collector.add_all(seats(54998, "P", 1619))
    spool.spool(db_path, collector.finish(WEEKS[1]))
    commit_pending(db_path)
    with open_database(db_path) as con:
        kept_as_defined(con)
        assert con.execute("SELECT member_id, valid_to FROM membership_history ORDER BY ALL").fetchall() == [
            (1619, None), (2064, WEEKS[1])]
