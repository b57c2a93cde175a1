"""The series and the history periods, kept as snapshots are written, so history questions are lookups.

Which part of which snapshot is in force is defined once, in SQL (`parts_in_force`
and `fact_periods`, pipeline/sql/history.sql). This module keeps what they define
written down in `part_series` and `<table>_periods` (each table of
schemas.HISTORY_FIELDS), inside the transaction that changes it: a snapshot that only appends to its series extends, ends and opens
periods from its own rows, at a cost that does not grow with history; a re-read
(which supersedes parts of its original), an acceptance (a suspect part coming
into force) or a snapshot dated before others rebuilds just the series it touches.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pyarrow as pa

from casco_watch.pipeline.sql_files import run_statements, sql_text
from casco_watch.schemas import HISTORY_FIELDS

Series = tuple[str, str, int | None]
"""(source_kind, record_table, committee_id): one series; committee_id None for a table kept whole."""


def rebuild(con: duckdb.DuckDBPyConnection, series: list[Series]) -> None:
    """Lay `series` and their periods out again from their definition."""
    if not series:
        return
    rows = pa.table({
        "source_kind": pa.array([kind for kind, _, _ in series], pa.string()),
        "record_table": pa.array([table for _, table, _ in series], pa.string()),
        "committee_id": pa.array([committee for _, _, committee in series], pa.int64()),
    })
    con.register("rebuilt_series", rows)
    try:
        run_statements(con, "series_rebuild.sql")
        for table in HISTORY_FIELDS:
            run_statements(con, "periods_rebuild.sql", table=table)
    finally:
        con.unregister("rebuilt_series")


def rebuild_all(con: duckdb.DuckDBPyConnection) -> None:
    """Every series and period from the stored snapshots: for a file written before they were kept."""
    rebuild(con, con.execute(sql_text("series_every.sql")).fetchall())


def snapshot_changed(con: duckdb.DuckDBPyConnection, snapshot_id: int) -> None:
    """Rebuild the series a change to a stored snapshot's parts touches (an accepted suspect part)."""
    rebuild(con, con.execute(sql_text("series_touched.sql"), {"snapshot_id": snapshot_id}).fetchall())


def previous_in_series(con: duckdb.DuckDBPyConnection, snapshot_id: int, record_table: str,
                       committee_id: int | None) -> int | None:
    """The snapshot a part of `snapshot_id` in force is compared with by default (its series' previous), if any."""
    found = con.execute(sql_text("series_previous.sql"), {
        "snapshot_id": snapshot_id, "record_table": record_table, "committee_id": committee_id}).fetchall()
    return found[0][0] if found else None


def record_snapshot(con: duckdb.DuckDBPyConnection, snapshot_id: int, as_of: dt.date) -> None:
    """Bring the series and periods up to date with a snapshot just written, in the caller's transaction."""
    if con.execute(sql_text("series_appendable.sql"), {"snapshot_id": snapshot_id}).fetchall()[0][0]:
        run_statements(con, "series_append.sql", {"snapshot_id": snapshot_id})
        appended = {table for (table,) in con.execute(sql_text("series_appended_tables.sql"),
                                                      {"snapshot_id": snapshot_id}).fetchall()}
        for table in HISTORY_FIELDS:
            if table in appended:
                run_statements(con, "periods_append.sql", {"snapshot_id": snapshot_id, "as_of": as_of}, table=table)
        return
    snapshot_changed(con, snapshot_id)
