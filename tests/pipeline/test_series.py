"""The series and periods kept as snapshots are written always equal what their SQL definition computes afresh.

After each write, including the writes and changes that alter the series after the fact (a snapshot dated
before others, a partial re-read, an accepted suspect part, a spooled commit), the kept `part_series` and
`<table>_periods` must hold exactly the rows `series_in_force` and `fact_periods` give for the same file, and
each part's `changed` what `part_changed` computes from the part digests.
"""

from __future__ import annotations

import datetime as dt
import random

from casco_watch.pipeline.collect import SnapshotCollector
from casco_watch.pipeline.commit import commit_pending
from casco_watch.pipeline.plausibility import accept_part
from casco_watch.pipeline import spool
from casco_watch.pipeline.store import open_database
from casco_watch.schemas.records import HISTORY_FIELDS, Deliverable, Liaison, Officer
from tests.pipeline.conftest import seats, store_snapshot
from tests.pipeline.test_history import WEEKS, as_records, churned_seats


def kept_as_defined(con) -> None:
    series = ("source_kind, record_table, committee_id, snapshot_id, as_of, series_position, "
              "previous_snapshot_id, next_snapshot_id, next_as_of")
    changed = "part_changed(record_table, committee_id, previous_snapshot_id, snapshot_id)"
    assert sorted(con.execute(f"SELECT {series}, changed FROM part_series").fetchall(), key=str) == sorted(
        con.execute(f"SELECT {series}, {changed} FROM series_in_force").fetchall(), key=str)
    for table in HISTORY_FIELDS:
        kept = con.execute(f"SELECT * EXCLUDE (fact), fact::VARCHAR FROM {table}_periods ORDER BY ALL").fetchall()
        defined = con.execute(f"SELECT * EXCLUDE (fact), fact::VARCHAR FROM fact_periods('{table}') "
                              "ORDER BY ALL").fetchall()
        assert kept == defined, table


STAGES = ["40.20", "40.60", "40.60", "50.00", "60.60", "60.60"]
"""A project's stage week by week: it reaches DIS ballot, FDIS, then is published."""


def work_programme(week: int) -> list[Deliverable]:
    """CASCO's deliverables in `week`: a project moving through `STAGES`, a standard withdrawn in week 2, and a
    new project from week 4."""
    stage = STAGES[week]
    moving = Deliverable(deliverable_id=100, committee_id=1, reference="ISO/IEC DIS 17020" if week < 4 else
                         "ISO/IEC 17020:2026", status="published" if stage == "60.60" else "under_development",
                         stage=stage, edition=2, publication_date=dt.date(2026, 2, 1) if stage == "60.60" else None)
    old = Deliverable(deliverable_id=200, committee_id=1, reference="ISO/IEC 17043:2010",
                      status="withdrawn" if week >= 2 else "published", stage="95.99" if week >= 2 else "90.92")
    new = Deliverable(deliverable_id=300, committee_id=1, reference="ISO/IEC AWI 17029", status="under_development",
                      stage="20.00")
    return [moving, old, *([new] if week >= 4 else [])]


def test_periods_kept_while_writing_in_date_order_equal_their_definition(con):
    liaisons = [Liaison(committee_id=1, partner_kind="committee", partner_id=7, direction="to", category=None)]
    chairs = ["Ann", "Bob", "Bob", "Ann", "Cy", "Cy"]
    for week, state in enumerate(churned_seats(18, 6)):
        chair = Officer(committee_id=1, role="chairperson", name=chairs[week])
        store_snapshot(con, WEEKS[week], [*as_records(state), chair, *(liaisons if week % 2 else []),
                                          *work_programme(week)],
                       status="partial" if week == 3 else "complete")
        kept_as_defined(con)
    assert con.execute("SELECT name, valid_from, valid_to FROM officer_history ORDER BY valid_from").fetchall() == [
        ("Ann", WEEKS[0], WEEKS[1]), ("Bob", WEEKS[1], WEEKS[4]), ("Cy", WEEKS[4], None)]
    assert con.execute("SELECT deliverable_id, stage, status, reference, valid_from, valid_to, is_current "
                       "FROM deliverable_history ORDER BY deliverable_id, valid_from").fetchall() == [
        (100, "40.20", "under_development", "ISO/IEC DIS 17020", WEEKS[0], WEEKS[1], False),
        (100, "40.60", "under_development", "ISO/IEC DIS 17020", WEEKS[1], WEEKS[4], False),
        (100, "60.60", "published", "ISO/IEC 17020:2026", WEEKS[4], None, True),
        (200, "90.92", "published", "ISO/IEC 17043:2010", WEEKS[0], WEEKS[2], False),
        (200, "95.99", "withdrawn", "ISO/IEC 17043:2010", WEEKS[2], None, True),
        (300, "20.00", "under_development", "ISO/IEC AWI 17029", WEEKS[4], None, True),
    ]
    assert con.execute("SELECT deliverable_id, stage FROM deliverables_as_of(?) ORDER BY ALL", [WEEKS[3]]).fetchall() == [
        (100, "40.60"), (200, "95.99")]


def test_a_snapshot_dated_before_others_a_partial_reparse_and_an_acceptance_rebuild_what_they_touch(con):
    rng = random.Random(3)
    states = list(churned_seats(5, 5))
    for week in (0, 2, 4):
        store_snapshot(con, WEEKS[week], [*as_records(states[week]), *work_programme(week)])
    store_snapshot(con, WEEKS[1], [*as_records(states[1]), *work_programme(1)])
    kept_as_defined(con)
    store_snapshot(con, WEEKS[2], [*as_records(states[3]), *work_programme(4)], reparse_of=2,
                   partial_tables=("liaisons", "deliverables"))
    kept_as_defined(con)
    assert con.execute("SELECT stage, valid_from, valid_to FROM deliverable_history WHERE deliverable_id = 100 "
                       "ORDER BY valid_from").fetchall() == [
        ("40.20", WEEKS[0], WEEKS[1]), ("40.60", WEEKS[1], WEEKS[4]), ("60.60", WEEKS[4], None)]
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
        store_snapshot(con, WEEKS[1], work_programme(0), covers=("deliverables",))
    collector = SnapshotCollector(source_kind="site", source="test", scope="test",
                                  covers=["memberships", "deliverables"], page_kinds=(), spiders=["test"])
    collector.add_all([*seats(54998, "P", 1619), *work_programme(2)])
    spool.spool(db_path, collector.finish(WEEKS[2]))
    commit_pending(db_path)
    with open_database(db_path) as con:
        kept_as_defined(con)
        assert con.execute("SELECT member_id, valid_to FROM membership_history ORDER BY ALL").fetchall() == [
            (1619, None), (2064, WEEKS[2])]
        assert con.execute("SELECT deliverable_id, stage, valid_from, valid_to FROM deliverable_history "
                           "WHERE deliverable_id = 200 ORDER BY valid_from").fetchall() == [
            (200, "90.92", WEEKS[1], WEEKS[2]), (200, "95.99", WEEKS[2], None)]


def test_a_file_written_before_a_tables_periods_were_kept_gets_them_built_when_opened_for_writing(db_path):
    with open_database(db_path) as con:
        for week in range(3):
            store_snapshot(con, WEEKS[week], work_programme(week), covers=("deliverables",))
        con.execute("DROP TABLE deliverables_periods")
        # Its schema was another, so its digest too: the next writing open installs this one.
        con.execute("UPDATE casco_meta SET value = 'before deliverables_periods' WHERE key = 'schema_digest'")
    with open_database(db_path) as con:
        kept_as_defined(con)
        assert con.execute("SELECT deliverable_id, stage, valid_from, valid_to FROM deliverable_history "
                           "WHERE deliverable_id = 200 ORDER BY valid_from").fetchall() == [
            (200, "90.92", WEEKS[0], WEEKS[2]), (200, "95.99", WEEKS[2], None)]
