"""The plausibility check: a crawl in which many of a committee's members vanish at once is held back.

A participation table that shrank together with its counters (a site glitch, a
half-migrated page) passes every completeness check, while a real mass
departure is rare. So before a snapshot is stored, each memberships part its
crawl judged complete is compared with the latest earlier snapshot of the same
source whose part for that committee (or for the whole table) is complete. When
more than `max_vanish` of the seats held there are gone (and at least
MIN_VANISHED of them: a small committee's churn is no glitch), the part is stored as
`suspect`: kept and reported, but left out of history, latest_* and default
diffs (they use complete parts only) until a user accepts it (`casco accept`).
A snapshot with a suspect part is partial.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pyarrow as pa

from casco_watch.pipeline.collect import CollectedSnapshot
from casco_watch.pipeline.parts import Part
from casco_watch.pipeline.series import snapshot_changed
from casco_watch.pipeline.sql_files import sql_text
from casco_watch.schemas import Membership, PartStatus, SnapshotStatus

DEFAULT_MAX_VANISH = 0.2
"""The share of a committee's seats that may vanish in one crawl before its memberships part is suspect."""
MIN_VANISHED = 3
"""Fewer seats gone than this is ordinary churn whatever the share: one of a small committee's five members leaving."""

_NO_SEATS = pa.table({"committee_id": pa.array([], pa.int64()), "member_id": pa.array([], pa.int64())})


class AcceptError(Exception):
    """The part named cannot be accepted; the message says why and what can be."""


def validate_max_vanish(max_vanish: float) -> float:
    if not 0 <= max_vanish <= 1:
        raise ValueError(f"max_vanish is a share of the seats, from 0 to 1 (0.2 is 20%), not {max_vanish!r}")
    return max_vanish


def check_plausibility(
    con: duckdb.DuckDBPyConnection, collected: CollectedSnapshot, max_vanish: float | None = None
) -> list[str]:
    """Mark as suspect each complete memberships part that loses more than `max_vanish` of its seats
    (None: DEFAULT_MAX_VANISH).

    Changes `collected.snapshot` in place (the parts, the reasons, and the
    status from complete to partial) and returns the reasons added. Meant to run
    in the transaction that stores the snapshot, so it compares with exactly what
    the snapshot is stored after.
    """
    max_vanish = validate_max_vanish(DEFAULT_MAX_VANISH if max_vanish is None else max_vanish)
    snapshot = collected.snapshot
    checked = {
        part.committee_id: part
        for part in snapshot.parts
        if part.record_table == Membership.table and part.status == PartStatus.COMPLETE
    }
    if not checked:
        return []
    con.register("checked_parts", pa.table({"committee_id": pa.array(list(checked), pa.int64())}))
    con.register("incoming_seats", collected.tables.get(Membership.table, _NO_SEATS).select(_NO_SEATS.column_names))
    try:
        compared = con.execute(
            sql_text("plausibility_vanished.sql"), {"source_kind": snapshot.source_kind, "as_of": snapshot.as_of}
        ).fetchall()
    finally:
        con.unregister("checked_parts")
        con.unregister("incoming_seats")
    reasons = []
    for committee_id, previous_id, previous_as_of, seats, vanished in compared:
        if vanished < MIN_VANISHED or vanished / seats <= max_vanish:
            continue
        held = f"members of committee {committee_id}" if committee_id is not None else "memberships"
        reason = (
            f"{vanished} of the {seats} {held} in snapshot {previous_id} (as of {previous_as_of}) vanished at once, "
            f"more than the {max_vanish:.0%} one crawl may lose (--max-vanish); stored as suspect, out of diffs and "
            "history until `casco accept` confirms it"
        )
        checked[committee_id].status = PartStatus.SUSPECT
        checked[committee_id].reasons.append(reason)
        reasons.append(reason)
    snapshot.reasons.extend(reasons)
    if reasons and snapshot.status == SnapshotStatus.COMPLETE:
        snapshot.status = SnapshotStatus.PARTIAL
    return reasons


def accept_part(
    con: duckdb.DuckDBPyConnection,
    snapshot_id: int,
    committee_id: int | None,
    record_table: str = Membership.table,
    on: dt.date | None = None,
) -> str:
    """Turn a suspect part complete, noting the user's acceptance; returns the snapshot's status afterwards.

    The snapshot turns complete when its last part does; the part enters its series and history. One transaction.
    """
    acceptance = f"accepted by the user on {(on or dt.date.today()).isoformat()}"
    con.begin()
    try:
        parts = con.execute(sql_text("plausibility_parts.sql"), {"snapshot_id": snapshot_id}).fetchall()
        _check_acceptable(snapshot_id, record_table, committee_id, parts)
        parameters = {"snapshot_id": snapshot_id, "record_table": record_table, "committee_id": committee_id}
        con.execute(sql_text("plausibility_accept.sql"), {**parameters, "acceptance": acceptance})
        snapshot_changed(con, snapshot_id)
        status = con.execute(
            sql_text("plausibility_settle.sql"),
            {"snapshot_id": snapshot_id, "acceptance": f"{Part(record_table, committee_id).name} {acceptance}"},
        ).fetchall()[0][0]
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return status


def _check_acceptable(snapshot_id: int, record_table: str, committee_id: int | None, parts: list[tuple]) -> None:
    """Only a suspect part can be accepted: a partial one lacks data, which no acceptance can mend."""
    if not parts:
        raise AcceptError(f"there is no snapshot {snapshot_id}; `casco snapshots` lists the stored ones")
    statuses = {(table, committee): status for table, committee, status in parts if table is not None}
    status = statuses.get((record_table, committee_id))
    if status == PartStatus.SUSPECT:
        return
    named = Part(record_table, committee_id).name
    problem = {
        None: f"snapshot {snapshot_id} has no part {named}",
        PartStatus.COMPLETE: f"{named} is already complete in snapshot {snapshot_id}",
    }.get(status, f"{named} is {status} in snapshot {snapshot_id}: it lacks data, which accepting cannot mend; crawl again")
    commands = [
        f"casco accept {snapshot_id}"
        + (f" --committee {committee}" if committee is not None else "")
        + (f" --table {table}" if table != Membership.table else "")
        for (table, committee), part_status in statuses.items()
        if part_status == PartStatus.SUSPECT
    ]
    hint = f"; its suspect parts: {', '.join(commands)}" if commands else f"; snapshot {snapshot_id} has no suspect part"
    raise AcceptError(problem + hint)
