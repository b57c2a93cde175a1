"""Part digests, kept as snapshots are written, so a diff reads only the parts whose rows changed.

Over years of weekly crawls most parts of two neighbouring snapshots hold the
same rows; comparing their digests (pipeline/sql/history.sql, `part_changed`)
spares the diff the planning of queries that would find nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

import duckdb

from casco_watch.pipeline.sql_files import sql_text
from casco_watch.schemas import RECORD_TABLES


def record_digests(
    con: duckdb.DuckDBPyConnection, snapshot_id: int | None = None, tables: Iterable[str] = RECORD_TABLES
) -> None:
    """Digest the parts of snapshot `snapshot_id` just written (None: of every stored snapshot), in the caller's
    transaction. `tables`: those the snapshot wrote rows to (a table without rows has no part to digest)."""
    for table in tables:
        con.execute(sql_text("part_digests.sql").format(table=table), {"snapshot_id": snapshot_id})
