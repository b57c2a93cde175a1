"""The plausibility check: a crawl in which many of a committee's members, liaisons, officers or subgroups vanish at
once is held back.

A participation table that shrank together with its counters (a site glitch, a half-migrated page) passes every
completeness check, and so do liaison lists the parser no longer finds (no counter states how many liaisons a
committee has; the headings it reads are remembered, not seen: shared/iso-site/NOTES.md §2.6) and a subgroup table
whose columns were renamed, while a real mass departure is rare. So before a snapshot is stored, each part of a
JUDGED table that its crawl judged complete is compared with the latest earlier snapshot of the same source whose
part for that committee (or for the whole table) is complete. When more than `max_vanish` of the rows held there
are gone (and at least MIN_VANISHED of them: a small committee's churn is no glitch), the part is stored as
`suspect`: kept and reported, but left out of history, latest_* and default diffs (they use complete parts only)
until a user accepts it (`casco accept`). A snapshot with a suspect part is partial.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import duckdb
import pyarrow as pa

from casco_watch.pipeline.collect import CollectedSnapshot
from casco_watch.pipeline.completeness import LISTED_BY
from casco_watch.pipeline.parts import Part
from casco_watch.pipeline.series import snapshot_changed
from casco_watch.pipeline.sql_files import run_statements, sql_text
from casco_watch.schemas import (
    Committee,
    Liaison,
    Membership,
    Officer,
    PartStatus,
    Record,
    Snapshot,
    SnapshotStatus,
    Subgroup,
)

DEFAULT_MAX_VANISH = 0.2
"""The share of a committee's members (or liaisons) that may vanish in one crawl before the part is suspect."""
MIN_VANISHED = 3
"""Fewer rows gone than this is ordinary churn whatever the share: one of a small committee's five members leaving."""
JUDGED: dict[type[Record], tuple[str, tuple[str, ...]]] = {
    Membership: ("members", Membership.key),
    Liaison: ("liaisons", Liaison.key),
    Officer: ("officers", ("committee_id",)),
    Subgroup: ("subgroups", ("committee_id",)),
}
"""The record tables judged: what a committee's rows of each are called, and what a row is matched by. Memberships
and liaisons by their natural keys, ISO's ids alone, so a relabelled row is not one gone; officers and subgroups are
keyed by names and references, labels, so only by their committee: only a part emptied at once counts as vanished
(a subgroup table whose columns were renamed reads as none), never a relabelling."""
LISTS = {listing: listed for listed, listing in LISTED_BY.values()}
"""Tables whose rows list the subjects of a table kept whole, whose pages a crawl finds from the list (memberships
list member bodies, liaisons organizations: completeness.LISTED_BY): a list held back holds back what it lists (the
pages of the rows it lost were never read, so the labels would shrink); accepting the list's last suspect part
accepts it too."""
_HELD_BACK = "stored as suspect, out of diffs and history until `casco accept` confirms it"


class AcceptError(Exception):
    """The part named cannot be accepted; the message says why and what can be."""


def validate_max_vanish(max_vanish: float) -> float:
    if not 0 <= max_vanish <= 1:
        raise ValueError(f"max_vanish is a share of a part's rows, from 0 to 1 (0.2 is 20%), not {max_vanish!r}")
    return max_vanish


@dataclass(frozen=True)
class Suspect:
    """A part (`record_table` of `committee_id`, None for the table whole) read whole whose rows vanished at once."""

    committee_id: int | None
    reason: str
    record_table: str = Membership.table


def judge_plausibility(
    con: duckdb.DuckDBPyConnection, collected: CollectedSnapshot, max_vanish: float | None = None
) -> list[Suspect]:
    """The complete parts of `collected`'s JUDGED tables that lose more than `max_vanish` of their rows
    (None: DEFAULT_MAX_VANISH), and for a dataset kept whole those its committees say are implausible;
    `collected` is left as it is (`settled` builds the snapshot stored).

    Meant to run in the transaction that stores the snapshot, so it compares with
    exactly what the snapshot is stored after.
    """
    max_vanish = validate_max_vanish(DEFAULT_MAX_VANISH if max_vanish is None else max_vanish)
    snapshot = collected.snapshot
    whole = {part.record_table for part in snapshot.parts
             if part.committee_id is None and part.status == PartStatus.COMPLETE}
    suspects = []
    for model, (rows_called, keys) in JUDGED.items():
        checked = [part.committee_id for part in snapshot.parts
                   if part.record_table == model.table and part.status == PartStatus.COMPLETE]
        if checked:
            with _judged_rows(con, collected.tables.get(model.table), keys, checked):
                suspects += _vanished_parts(con, model, rows_called, keys, snapshot.source_kind, snapshot.as_of,
                                            max_vanish)
    if Committee.table in whole and Committee.table in collected.tables:
        with _judged_rows(con, collected.tables.get(Membership.table), ("committee_id", "member_id"),
                          committees=collected.tables[Committee.table]):
            suspects += _dataset_suspects(con, whole, snapshot.source_kind, snapshot.as_of, max_vanish)
    return suspects


@contextmanager
def _judged_rows(
    con: duckdb.DuckDBPyConnection, rows: pa.Table | None, keys: tuple[str, ...],
    checked: list[int | None] = (), committees: pa.Table | None = None,
) -> Iterator[None]:
    """Register what the judging SQL reads of an incoming snapshot (or, all empty, while it reads a stored one):
    the parts checked, the rows' `keys`, and a dataset's committees."""
    empty = pa.table({key: pa.nulls(0) for key in keys})
    con.register("checked_parts", pa.table({"committee_id": pa.array(checked, pa.int64())}))
    con.register("incoming_rows", rows.select(list(keys)) if rows is not None else empty)
    con.register("incoming_committees", committees.select(["committee_id"]) if committees is not None
                 else pa.table({"committee_id": pa.nulls(0)}))
    try:
        yield
    finally:
        for registered in ("checked_parts", "incoming_rows", "incoming_committees"):
            con.unregister(registered)


def _listed_with(held_back: Suspect) -> tuple[tuple[str, None], str]:
    """The part of the table kept whole that a held-back list lists, and why it is held back with it."""
    return (LISTS[held_back.record_table], None), (
        f"held back with {Part(held_back.record_table, held_back.committee_id).name}, which lists them")


def _dataset_suspects(
    con: duckdb.DuckDBPyConnection, whole: set[str], source_kind: str, as_of: dt.date, max_vanish: float,
    judged_id: int | None = None,
) -> list[Suspect]:
    """A dataset kept whole (an Open Data dump) judged committee by committee, which its whole-table parts alone
    cannot be: one committee's emptied lists, or a dump cut short at a line's end (still valid gzip and JSON),
    are a small share of 30,000 seats. Suspect: the whole memberships part when a committee still listed lost more
    than `max_vanish` of its seats (at least MIN_VANISHED); the whole committees, memberships and liaisons parts
    (those in `whole`) when MIN_VANISHED or more committees are gone at once (the ten real weekly dumps lose none of
    the first kind, and at most two committees a week). The dataset judged: plausibility_dataset.sql."""
    listed = con.execute(sql_text("plausibility_dataset.sql"),
                         {"source_kind": source_kind, "as_of": as_of, "judged_id": judged_id}).fetchall()
    if not listed:
        return []
    previous_id, previous_as_of = listed[0][:2]
    since = f"in snapshot {previous_id} (as of {previous_as_of})"
    suspects = []
    gone = [committee_id for _, _, committee_id, still_listed, _, _ in listed if not still_listed]
    if len(gone) >= MIN_VANISHED:
        reason = (f"{len(gone)} of the {len(listed)} committees {since} vanished at once from the dataset, with their "
                  f"members and liaisons (ids {_some(gone)}): a dump cut short or an export failed part-way looks "
                  f"like this; {_HELD_BACK}")
        suspects += [Suspect(None, reason, table) for table in (Committee.table, Membership.table, Liaison.table)
                     if table in whole]
    emptied = [(committee_id, held, vanished) for _, _, committee_id, still_listed, held, vanished in listed
               if still_listed and held and _implausible(held, vanished, max_vanish)]
    if emptied and Membership.table in whole:
        reason = (f"{len(emptied)} committee(s) still listed lost more than the {max_vanish:.0%} of their members "
                  f"one crawl may lose (--max-vanish) at once since snapshot {previous_id} (as of {previous_as_of}): "
                  f"{_some([f'{committee_id}: {vanished} of {held}' for committee_id, held, vanished in emptied])}; "
                  f"{_HELD_BACK}")
        suspects.append(Suspect(None, reason, Membership.table))
    return suspects


def _some(items: list, shown: int = 5) -> str:
    return ", ".join(map(str, items[:shown])) + (f" and {len(items) - shown} more" if len(items) > shown else "")


def _vanished_parts(
    con: duckdb.DuckDBPyConnection, model: type[Record], rows_called: str, keys: tuple[str, ...], source_kind: str,
    as_of: dt.date, max_vanish: float, judged_id: int | None = None, previous_id: int | None = None,
) -> list[Suspect]:
    """The judged parts of `model`'s table (plausibility_vanished.sql: an incoming snapshot's, or stored snapshot
    `judged_id`'s that follow `previous_id`) that lose more than `max_vanish` of their rows."""
    compared = con.execute(
        sql_text("plausibility_vanished.sql").format(
            table=model.table, keys=", ".join(keys), key_match=" AND ".join(f"i.{key} = m.{key}" for key in keys)),
        {"source_kind": source_kind, "as_of": as_of, "judged_id": judged_id, "previous_id": previous_id},
    ).fetchall()
    return [Suspect(committee_id, _vanished(vanished, held, _whose(model, rows_called, committee_id), compared_id,
                                           compared_as_of, max_vanish), model.table)
            for committee_id, compared_id, compared_as_of, held, vanished in compared
            if _implausible(held, vanished, max_vanish)]


def _implausible(held: int, vanished: int, max_vanish: float) -> bool:
    return vanished >= MIN_VANISHED and vanished / held > max_vanish


def _whose(model: type[Record], rows_called: str, committee_id: int | None) -> str:
    return f"{rows_called} of committee {committee_id}" if committee_id is not None else model.table


def _vanished(vanished: int, held: int, whose: str, previous_id: int, previous_as_of, max_vanish: float) -> str:
    return (f"{vanished} of the {held} {whose} in snapshot {previous_id} (as of {previous_as_of}) vanished at once, "
            f"more than the {max_vanish:.0%} one crawl may lose (--max-vanish); {_HELD_BACK}")


def judge_later(con: duckdb.DuckDBPyConnection, snapshot_id: int, max_vanish: float | None = None) -> list[str]:
    """After snapshot `snapshot_id` was written dated before snapshots stored earlier (a capture of last month
    replayed today, an older dump imported after newer ones), judge each later part it now precedes in its series
    against it by the same SQL as an incoming snapshot, as that part would have been judged had it come in after
    it (and a later dataset kept whole, committee by committee); one losing more than `max_vanish` of its rows is
    held back as suspect with what it lists, its snapshot turning partial, and its series rebuilt. Returns what was
    held back, one line per part. Otherwise a bad crawl stored first would stand, and the good earlier one stored
    later would make every row it lost a change. In the caller's transaction, after the series were brought up to
    date."""
    max_vanish = validate_max_vanish(DEFAULT_MAX_VANISH if max_vanish is None else max_vanish)
    said = []
    for later_id, source_kind, as_of, follows_as_dataset in con.execute(
            sql_text("plausibility_later.sql"), {"snapshot_id": snapshot_id}).fetchall():
        suspects = []
        for model, (rows_called, keys) in JUDGED.items():
            with _judged_rows(con, None, keys):
                suspects += _vanished_parts(con, model, rows_called, keys, source_kind, as_of, max_vanish,
                                            judged_id=later_id, previous_id=snapshot_id)
        if follows_as_dataset:
            with _judged_rows(con, None, ("committee_id", "member_id")):
                suspects += _dataset_suspects(con, _whole_parts(con, later_id), source_kind, as_of, max_vanish,
                                              judged_id=later_id)
        if suspects:
            said += _hold_back(con, later_id, suspects, f" (snapshot {snapshot_id}, dated before it, was stored after it)")
            snapshot_changed(con, later_id)
    return said


def _whole_parts(con: duckdb.DuckDBPyConnection, snapshot_id: int) -> set[str]:
    """The tables stored snapshot `snapshot_id` holds complete as a whole (an Open Data dump's)."""
    return {table for table, committee_id, status in con.execute(sql_text("plausibility_parts.sql"),
                                                                  {"snapshot_id": snapshot_id}).fetchall()
            if table is not None and committee_id is None and status == PartStatus.COMPLETE}


def _hold_back(con: duckdb.DuckDBPyConnection, snapshot_id: int, suspects: list[Suspect], why: str) -> list[str]:
    """Hold back the `suspects` parts of stored snapshot `snapshot_id`, and what each list lists, each reason (with
    `why`) said once on the snapshot; what was held back, one line per part."""
    said, on_snapshot = [], set()
    for suspect in suspects:
        reason = suspect.reason + why
        run_statements(con, "plausibility_hold_back.sql", {
            "snapshot_id": snapshot_id, "record_table": suspect.record_table, "committee_id": suspect.committee_id,
            "reason": reason, "on_snapshot": reason not in on_snapshot})
        on_snapshot.add(reason)
        if suspect.record_table in LISTS:
            (listed, _), listed_reason = _listed_with(suspect)
            run_statements(con, "plausibility_hold_back.sql", {
                "snapshot_id": snapshot_id, "record_table": listed, "committee_id": None, "reason": listed_reason,
                "on_snapshot": False})
        said.append(f"snapshot {snapshot_id} now holds {Part(suspect.record_table, suspect.committee_id).name} back "
                    f"as suspect: {reason}")
    return said


def settled(snapshot: Snapshot, suspects: list[Suspect], snapshot_id: int | None = None) -> Snapshot:
    """The snapshot as stored, a new value: numbered `snapshot_id`, its `suspects` parts suspect with their
    reasons (and the parts of the tables kept whole that a suspect list lists: LISTS), and partial when it
    has one."""
    reasons_of: dict[tuple[str, int | None], list[str]] = {}
    for suspect in suspects:
        reasons_of.setdefault((suspect.record_table, suspect.committee_id), []).append(suspect.reason)
    for suspect in suspects:
        if suspect.record_table in LISTS:
            part, reason = _listed_with(suspect)
            reasons_of.setdefault(part, []).append(reason)
    parts = [
        part.model_copy(update={"status": PartStatus.SUSPECT,
                                "reasons": [*part.reasons, *reasons_of[part.record_table, part.committee_id]]})
        if part.status == PartStatus.COMPLETE and (part.record_table, part.committee_id) in reasons_of
        else part
        for part in snapshot.parts
    ]
    complete = snapshot.status == SnapshotStatus.COMPLETE
    return snapshot.model_copy(update={
        "snapshot_id": snapshot_id,
        "parts": parts,
        "reasons": [*snapshot.reasons, *dict.fromkeys(suspect.reason for suspect in suspects)],
        "status": SnapshotStatus.PARTIAL if suspects and complete else snapshot.status,
    })


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
        listed = LISTS.get(record_table)
        if listed and not any(table == record_table and status == PartStatus.SUSPECT
                              for table, committee, status in parts if (table, committee) != (record_table, committee_id)):
            con.execute(sql_text("plausibility_accept.sql"), {
                "snapshot_id": snapshot_id, "record_table": listed, "committee_id": None,
                "acceptance": f"{acceptance}, with {Part(record_table, committee_id).name}"})
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
    suspects = [Part(table, committee) for (table, committee), part_status in statuses.items()
                if part_status == PartStatus.SUSPECT]
    commands = [accept_command(snapshot_id, part.table, part.committee_id) for part in to_accept(suspects)]
    hint = f"; its suspect parts: {', '.join(commands)}" if commands else f"; snapshot {snapshot_id} has no suspect part"
    raise AcceptError(problem + hint)


def accept_command(snapshot_id: int | None, record_table: str, committee_id: int | None) -> str:
    """The `casco accept` command line that accepts one suspect part (without --db)."""
    return (f"casco accept {snapshot_id}" + (f" --committee {committee_id}" if committee_id is not None else "")
            + (f" --table {record_table}" if record_table != Membership.table else ""))


def to_accept(suspects: list[Part]) -> list[Part]:
    """The suspect parts a person accepts, of a snapshot's `suspects`: not a part held back only with a list that
    is suspect too (LISTS), which is accepted with that list's last part."""
    listed = {LISTS[part.table] for part in suspects if part.table in LISTS}
    return [part for part in suspects if not (part.committee_id is None and part.table in listed)]
