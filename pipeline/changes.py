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
from casco_watch.schemas import COMMITTEE_KEYED_TABLES, Snapshot

SECTIONS = ("committees", "memberships", "officers", "subgroups", "liaisons", "renames", "deliverables")
"""Each is one query, pipeline/sql/diff_<section>.sql, run with $from_id, $to_id, $committee_id, $compared."""

_COUNTED = {
    "committees_added": ("committees", "added"),
    "committees_removed": ("committees", "removed"),
    "committees_renamed": ("committees", "renamed"),
    "committees_title_changed": ("committees", "title_changed"),
    "committees_scope_changed": ("committees", "scope_changed"),
    "committees_status_changed": ("committees", "status_changed"),
    "committees_secretariat_changed": ("committees", "secretariat_changed"),
    "memberships_joined": ("memberships", "joined"),
    "memberships_left": ("memberships", "left"),
    "p_to_o": ("memberships", "p_to_o"),
    "o_to_p": ("memberships", "o_to_p"),
    "liaisons_added": ("liaisons", "added"),
    "liaisons_removed": ("liaisons", "removed"),
    "liaisons_category_changed": ("liaisons", "category_changed"),
    "liaisons_direction_changed": ("liaisons", "direction_changed"),
    "subgroups_added": ("subgroups", "added"),
    "subgroups_removed": ("subgroups", "removed"),
    "member_bodies_renamed": ("renames", "member_body"),
    "organizations_renamed": ("renames", "organization"),
    "deliverables_added": ("deliverables", "added"),
    "deliverables_removed": ("deliverables", "removed"),
    "stage_changed": ("deliverables", "stage_changed"),
    "published": ("deliverables", "published"),
    "withdrawn": ("deliverables", "withdrawn"),
    "deliverables_edition_changed": ("deliverables", "edition_changed"),
    "deliverables_title_changed": ("deliverables", "title_changed"),
}
"""Each count of the summary, and the (section, kind of change) of the rows it counts; renames by their kind."""
SUMMARY_KEYS = (
    "committees_added", "committees_removed", "committees_renamed", "committees_title_changed",
    "committees_scope_changed", "committees_status_changed", "committees_secretariat_changed",
    "memberships_joined", "memberships_left", "status_changed", "p_to_o", "o_to_p",
    "liaisons_added", "liaisons_removed", "liaisons_category_changed", "liaisons_direction_changed",
    "officers_changed", "subgroups_added", "subgroups_removed", "member_bodies_renamed", "organizations_renamed",
    "deliverables_added", "deliverables_removed", "stage_changed", "published", "withdrawn",
    "deliverables_edition_changed", "deliverables_title_changed",
)
"""The summary's keys, in the order it is shown: every kind of change a diff lists, `status_changed` (P->O and
O->P together) and `officers_changed`."""


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
    """The parts both snapshots hold complete ('memberships', 'officers:54998'); only these were compared."""
    warnings: list[str] = field(default_factory=list)
    sections: dict[str, Rows] = field(default_factory=dict)

    def summary(self) -> dict[str, int]:
        """How many changes of each kind the sections list; a kind no count names is an error, never a silent zero."""
        counts = Counter(
            (section, record["kind"] if section == "renames" else record["change"])
            for section, rows in self.sections.items()
            if section != "officers"
            for record in rows.records()
        )
        if uncounted := counts.keys() - set(_COUNTED.values()):
            raise ValueError(f"the diff summary has no count for {sorted(uncounted)}")
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


def _comparable_pair(
    con: duckdb.DuckDBPyConnection, from_id: int | None, to_id: int | None, committee_id: int | None
) -> tuple[int, int]:
    found = fetch_rows(
        con, "comparable_snapshots.sql", {"from_id": from_id, "to_id": to_id, "committee_id": committee_id}
    ).rows
    if found:
        return found[0]
    about = f" of committee {committee_id}" if committee_id is not None else ""
    if from_id is not None:
        raise SnapshotChoiceError(
            f"no later snapshot is complete for any of the same tables{about} as snapshot {from_id}; "
            "name the snapshot to compare it with: `casco diff FROM TO` (`casco snapshots` lists them)"
        )
    raise SnapshotChoiceError(
        f"there are not yet two snapshots of one source that are complete for the same tables{about}; "
        "crawl again (`casco crawl`), or name two snapshots: `casco diff FROM TO` (`casco snapshots` lists them)"
    )


def previous_comparable(con: duckdb.DuckDBPyConnection, snapshot_id: int) -> int | None:
    """The newest earlier snapshot `snapshot_id` can be compared with (a complete part in common), if any."""
    found = fetch_rows(con, "comparable_snapshots.sql", {"from_id": None, "to_id": snapshot_id, "committee_id": None}).rows
    return found[0][0] if found else None


def require_committee(con: duckdb.DuckDBPyConnection, committee_id: int, before: Snapshot, after: Snapshot) -> None:
    """SnapshotChoiceError unless `committee_id` has a record in `before` or `after`."""
    template = sql_text("committee_in_pair.sql")
    rows = " UNION ALL ".join(template.format(table=table) for table in COMMITTEE_KEYED_TABLES)
    parameters = {"committee_id": committee_id, "from_id": before.snapshot_id, "to_id": after.snapshot_id}
    if not con.execute(f"SELECT EXISTS ({rows})", parameters).fetchall()[0][0]:
        raise SnapshotChoiceError(
            f"committee {committee_id} is in neither snapshot {before.snapshot_id} nor snapshot {after.snapshot_id}; "
            "check the id (ISO's numeric committee id, e.g. 54998 for ISO/CASCO)"
        )


def choose_snapshots(
    con: duckdb.DuckDBPyConnection,
    from_id: int | None = None,
    to_id: int | None = None,
    committee_id: int | None = None,
) -> tuple[Snapshot, Snapshot]:
    """The pair to compare: as named; a missing TO is the newest later snapshot comparable with FROM; with
    neither, the newest snapshot and the newest earlier one of its source complete for a same table and committee."""
    if from_id is None or to_id is None:
        from_id, to_id = _comparable_pair(con, from_id, None, committee_id)
    before, after = load_snapshot(con, from_id), load_snapshot(con, to_id)
    if before.snapshot_id == after.snapshot_id:
        raise SnapshotChoiceError(f"snapshot {from_id} cannot be compared with itself; name two different snapshots")
    return before, after


def _part_label(table: str, committee_id: int | None) -> str:
    return table if committee_id is None else f"{table} of committee {committee_id}"


def comparable_parts(before: Snapshot, after: Snapshot) -> tuple[tuple[str, ...], list[str]]:
    """The parts both snapshots hold complete ('memberships', or 'memberships:54998' for one committee's),
    and why the other parts either of them covers were left out (one line per cause)."""
    parts = [{(part.record_table, part.committee_id): part for part in snapshot.parts} for snapshot in (before, after)]
    compared, left_out = [], {}
    for table in sorted({table for found in parts for table, _ in found}):
        committees = sorted({c for found in parts for t, c in found if t == table and c is not None})
        for committee in committees or [None]:
            sides = [found.get((table, committee)) or found.get((table, None)) for found in parts]
            if all(side is not None and side.status == "complete" for side in sides):
                compared.append(table if committee is None else f"{table}:{committee}")
                continue
            for snapshot, side in zip((before, after), sides):
                if side is None:
                    why = f"snapshot {snapshot.snapshot_id} did not collect it"
                elif side.status != "complete":
                    why = f"it is {side.status} in snapshot {snapshot.snapshot_id} ({'; '.join(side.reasons) or 'no reason recorded'})"
                else:
                    continue
                left_out.setdefault(why, []).append(_part_label(table, committee))
    return tuple(compared), [f"{', '.join(labels)} not compared: {why}" for why, labels in left_out.items()]


def _warnings(before: Snapshot, after: Snapshot, left_out: list[str]) -> list[str]:
    """What the reader must know before trusting the diff."""
    warnings = [
        f"{snapshot.describe()} failed and holds no records, so nothing was compared"
        for snapshot in (before, after)
        if snapshot.status == "failed"
    ]
    if before.source_kind != after.source_kind:
        warnings.append(
            f"the snapshots come from different sources ({before.source_kind} vs {after.source_kind}): "
            "differences may reflect what each source publishes, not what changed"
        )
    warnings += left_out
    if before.as_of > after.as_of:
        warnings.append(f"snapshot {before.snapshot_id} is newer than snapshot {after.snapshot_id}: the diff runs backwards")
    return warnings


def diff_snapshots(
    con: duckdb.DuckDBPyConnection,
    from_id: int | None = None,
    to_id: int | None = None,
    committee_id: int | None = None,
) -> Diff:
    """Every change between two snapshots, in the parts both hold complete (by default the newest comparable pair)."""
    before, after = choose_snapshots(con, from_id, to_id, committee_id)
    if committee_id is not None:
        require_committee(con, committee_id, before, after)
    compared, left_out = comparable_parts(before, after)
    parameters = {
        "from_id": before.snapshot_id,
        "to_id": after.snapshot_id,
        "committee_id": committee_id,
        "compared": list(compared),
    }
    sections = {section: fetch_rows(con, f"diff_{section}.sql", parameters) for section in SECTIONS}
    return Diff(before, after, compared, _warnings(before, after, left_out), sections)
