"""What changed between two snapshots: choosing the pair, then running the diff SQL in pipeline/sql/.

Python only decides which snapshots to compare and which tables both of them
set out to collect; every change is found by the set-based queries in
`pipeline/sql/diff_*.sql`, keyed by ISO ids.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import duckdb

from casco_watch.pipeline.store import read_snapshots, sql_text
from casco_watch.schemas import Snapshot

SECTIONS = ("committees", "memberships", "officers", "subgroups", "liaisons", "renames")
"""Each is one query, pipeline/sql/diff_<section>.sql, run with $from_id, $to_id, $committee_id, $compared."""

SUMMARY_KEYS = (
    "committees_added",
    "committees_removed",
    "committees_renamed",
    "memberships_joined",
    "memberships_left",
    "status_changed",
    "p_to_o",
    "o_to_p",
    "liaisons_added",
    "liaisons_removed",
    "officers_changed",
)
_COUNTED = {
    "committees_added": ("committees", "added"),
    "committees_removed": ("committees", "removed"),
    "committees_renamed": ("committees", "renamed"),
    "memberships_joined": ("memberships", "joined"),
    "memberships_left": ("memberships", "left"),
    "p_to_o": ("memberships", "p_to_o"),
    "o_to_p": ("memberships", "o_to_p"),
    "liaisons_added": ("liaisons", "added"),
    "liaisons_removed": ("liaisons", "removed"),
}


class SnapshotChoiceError(Exception):
    """The snapshots asked for (or the default pair) cannot be compared; the message says what to do."""


@dataclass(frozen=True)
class Rows:
    """A query's result: column names and rows, in the shape `casco_watch.output.render_rows` prints."""

    columns: tuple[str, ...]
    rows: list[tuple]

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row)) for row in self.rows]


def fetch_rows(con: duckdb.DuckDBPyConnection, sql_file: str, parameters: dict[str, Any]) -> Rows:
    """Run one file of pipeline/sql/ with named parameters."""
    result = con.execute(sql_text(sql_file), parameters)
    columns = tuple(description[0] for description in result.description)
    return Rows(columns, result.fetchall())


@dataclass
class Diff:
    before: Snapshot
    after: Snapshot
    compared: tuple[str, ...]
    """The record tables both snapshots set out to collect; only these were compared."""
    warnings: list[str] = field(default_factory=list)
    sections: dict[str, Rows] = field(default_factory=dict)

    def summary(self) -> dict[str, int]:
        counts = Counter(
            (section, record["change"]) for section, rows in self.sections.items() for record in rows.records()
        )
        summary = {name: counts[key] for name, key in _COUNTED.items()}
        summary["status_changed"] = summary["p_to_o"] + summary["o_to_p"]
        summary["officers_changed"] = len(self.sections["officers"].rows)
        return {name: summary[name] for name in SUMMARY_KEYS}

    def to_dict(self) -> dict[str, Any]:
        """The whole diff as plain JSON values: what `casco diff --format json` prints."""
        return {
            "from": self.before.model_dump(mode="json"),
            "to": self.after.model_dump(mode="json"),
            "compared": list(self.compared),
            "warnings": self.warnings,
            "summary": self.summary(),
            **{section: rows.records() for section, rows in self.sections.items()},
        }

    def is_empty(self) -> bool:
        return not any(rows.rows for rows in self.sections.values())


def load_snapshot(con: duckdb.DuckDBPyConnection, snapshot_id: int) -> Snapshot:
    found = read_snapshots(con, snapshot_id)
    if not found:
        raise SnapshotChoiceError(f"there is no snapshot {snapshot_id}; `casco snapshots` lists the stored ones")
    return found[0]


def _latest_pair(con: duckdb.DuckDBPyConnection) -> tuple[int, int]:
    found = fetch_rows(con, "latest_pair.sql", {}).rows
    if not found:
        raise SnapshotChoiceError(
            "there are not yet two complete snapshots of the same source and scope to compare; "
            "crawl again (`casco crawl`), or name two snapshots: `casco diff FROM TO` (`casco snapshots` lists them)"
        )
    return found[0]


def _latest_after(con: duckdb.DuckDBPyConnection, before: Snapshot) -> int:
    found = fetch_rows(
        con, "latest_in_series.sql", {"source_kind": before.source_kind, "scope": before.scope}
    ).rows
    if not found or found[0][0] == before.snapshot_id:
        raise SnapshotChoiceError(
            f"no complete snapshot of the same source and scope is newer than snapshot {before.snapshot_id}; "
            "name the snapshot to compare it with: `casco diff FROM TO`"
        )
    return found[0][0]


def choose_snapshots(
    con: duckdb.DuckDBPyConnection, from_id: int | None = None, to_id: int | None = None
) -> tuple[Snapshot, Snapshot]:
    """The pair to compare: as named; a missing TO is the latest complete snapshot of FROM's series;
    with neither, the two latest complete snapshots of the series updated last."""
    if from_id is None:
        from_id, to_id = _latest_pair(con)
    before = load_snapshot(con, from_id)
    after = load_snapshot(con, _latest_after(con, before) if to_id is None else to_id)
    if before.snapshot_id == after.snapshot_id:
        raise SnapshotChoiceError(f"snapshot {from_id} cannot be compared with itself; name two different snapshots")
    return before, after


def _warnings(before: Snapshot, after: Snapshot) -> list[str]:
    """What the reader must know before trusting the diff."""
    warnings = []
    for snapshot in (before, after):
        if snapshot.status == "failed":
            warnings.append(f"{snapshot.describe()} failed and holds no records, so nothing was compared")
        elif snapshot.status == "partial":
            reasons = "; ".join(snapshot.reasons) or "no reason recorded"
            warnings.append(
                f"{snapshot.describe()} is partial, its data is incomplete ({reasons}): "
                "what it lacks shows as removed or left"
            )
    if (before.source_kind, before.scope) != (after.source_kind, after.scope):
        warnings.append(
            f"the snapshots come from different sources or scopes ({before.source_kind} {before.scope!r} vs "
            f"{after.source_kind} {after.scope!r}): differences may reflect what was collected, not what changed"
        )
    for table in sorted(set(before.covers) ^ set(after.covers)):
        missing = before if table not in before.covers else after
        warnings.append(f"{table} not compared: snapshot {missing.snapshot_id} did not collect them")
    if before.as_of > after.as_of:
        warnings.append(f"snapshot {before.snapshot_id} is newer than snapshot {after.snapshot_id}: the diff runs backwards")
    return warnings


def diff_snapshots(
    con: duckdb.DuckDBPyConnection,
    from_id: int | None = None,
    to_id: int | None = None,
    committee_id: int | None = None,
) -> Diff:
    """Every change between two snapshots (by default the two latest complete ones of a series)."""
    before, after = choose_snapshots(con, from_id, to_id)
    has_records = "failed" not in (before.status, after.status)
    compared = tuple(sorted(set(before.covers) & set(after.covers))) if has_records else ()
    parameters = {
        "from_id": before.snapshot_id,
        "to_id": after.snapshot_id,
        "committee_id": committee_id,
        "compared": list(compared),
    }
    sections = {section: fetch_rows(con, f"diff_{section}.sql", parameters) for section in SECTIONS}
    return Diff(before, after, compared, _warnings(before, after), sections)
