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

from casco_watch.pipeline.parts import Part
from casco_watch.pipeline.store import read_snapshots, sql_text
from casco_watch.schemas import COMMITTEE_KEYED_TABLES, Snapshot

SECTIONS = ("committees", "memberships", "officers", "subgroups", "liaisons", "renames", "deliverables")
"""Each is one query, pipeline/sql/diff_<section>.sql, run with $from_id, $to_id, $committee_id, $compared."""
_SECTION_TABLES = {"renames": ("member_bodies", "organizations")}
"""The record tables whose compared parts a section's rows come from: its own name, except where named here."""
_section_columns: dict[str, tuple[str, ...]] = {}
"""Each section's columns, learned once per process: a section none of whose tables is compared is not run."""

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
    """A query's result: column names and rows, in the shape `casco_watch.publishing.rendering.render_rows` prints."""

    columns: tuple[str, ...]
    rows: list[tuple]

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row)) for row in self.rows]


def fetch_rows(con: duckdb.DuckDBPyConnection, sql_file: str, parameters: dict[str, Any]) -> Rows:
    """Run one file of pipeline/sql/ with named parameters."""
    result = con.execute(sql_text(sql_file), parameters)
    columns = tuple(description[0] for description in result.description)
    return Rows(columns, result.fetchall())


@dataclass(frozen=True)
class Comparison:
    """One part and the two snapshots it was compared between."""

    part: Part
    from_id: int
    to_id: int


@dataclass
class Diff:
    before: Snapshot
    """The earliest snapshot any part was compared with (by default each part has its own, see `comparisons`)."""
    after: Snapshot
    compared: tuple[Part, ...]
    """The parts compared: complete in both snapshots of their comparison."""
    warnings: list[str] = field(default_factory=list)
    sections: dict[str, Rows] = field(default_factory=dict)
    comparisons: tuple[Comparison, ...] = ()
    """Per part, which snapshots it compares."""

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
            "compared": [part.key for part in self.compared],
            "comparisons": [{"part": c.part.key, "from": c.from_id, "to": c.to_id} for c in self.comparisons],
            "warnings": self.warnings,
            "summary": self.summary(),
            **{section: rows.records() for section, rows in self.sections.items()},
        }

    def is_empty(self) -> bool:
        return not any(rows.rows for rows in self.sections.values())

    def comparisons_text(self) -> str:
        """Which snapshots each part compares: `snapshot 1 to 3: memberships of committee 54998; ...`."""
        by_pair: dict[tuple[int, int], list[str]] = {}
        for comparison in self.comparisons:
            by_pair.setdefault((comparison.from_id, comparison.to_id), []).append(comparison.part.label)
        return "; ".join(f"snapshot {a} to {b}: {', '.join(parts)}" for (a, b), parts in sorted(by_pair.items())) or "nothing"


def load_snapshot(con: duckdb.DuckDBPyConnection, snapshot_id: int) -> Snapshot:
    found = read_snapshots(con, snapshot_id)
    if not found:
        raise SnapshotChoiceError(f"there is no snapshot {snapshot_id}; `casco snapshots` lists the stored ones")
    return found[0]


def _named_pair_from(con: duckdb.DuckDBPyConnection, from_id: int, committee_id: int | None) -> int:
    """The newest later snapshot comparable with `from_id` (a part in force of a same table and committee)."""
    found = fetch_rows(con, "comparable_snapshots.sql", {"from_id": from_id, "committee_id": committee_id}).rows
    if found:
        return found[0][1]
    about = f" of committee {committee_id}" if committee_id is not None else ""
    raise SnapshotChoiceError(
        f"no later snapshot is complete for any of the same tables{about} as snapshot {from_id}; "
        "name the snapshot to compare it with: `casco diff FROM TO` (`casco snapshots` lists them)"
    )


def default_pairs(
    con: duckdb.DuckDBPyConnection, to_id: int | None = None, committee_id: int | None = None
) -> list[tuple[Part, int | None, int, bool]]:
    """Per part in force of the target snapshot (`to_id`, else the newest one with an earlier part in its
    series): (part, the last earlier snapshot where that part was complete or None, target, whether a diff of
    the two can find anything in it)."""
    found = fetch_rows(con, "default_pairs.sql", {"to_id": to_id, "committee_id": committee_id,
                                                  "committee_tables": list(COMMITTEE_KEYED_TABLES)}).rows
    return [(Part(table, committee), *compared) for table, committee, *compared in found]


def previous_comparable(con: duckdb.DuckDBPyConnection, snapshot_id: int) -> int | None:
    """The newest earlier snapshot some part of `snapshot_id` is compared with by default, if any."""
    earlier = [from_id for _, from_id, _, _ in default_pairs(con, snapshot_id) if from_id is not None]
    return max(earlier) if earlier else None


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
    con: duckdb.DuckDBPyConnection, from_id: int, to_id: int | None = None, committee_id: int | None = None
) -> tuple[Snapshot, Snapshot]:
    """The named pair to compare; a missing TO is the newest later snapshot comparable with FROM."""
    if to_id is None:
        to_id = _named_pair_from(con, from_id, committee_id)
    before, after = load_snapshot(con, from_id), load_snapshot(con, to_id)
    if before.snapshot_id == after.snapshot_id:
        raise SnapshotChoiceError(f"snapshot {from_id} cannot be compared with itself; name two different snapshots")
    return before, after


def comparable_parts(before: Snapshot, after: Snapshot) -> tuple[tuple[Part, ...], list[str]]:
    """The parts both snapshots hold complete (a committee's part, or the table whole),
    and why the other parts either of them covers were left out (one line per cause)."""
    parts = [{Part.of(part): part for part in snapshot.parts} for snapshot in (before, after)]
    compared, left_out = [], {}
    for table in sorted({part.table for found in parts for part in found}):
        committees = sorted({p.committee_id for found in parts for p in found
                             if p.table == table and p.committee_id is not None})
        for committee in committees or [None]:
            sides = [found.get(Part(table, committee)) or found.get(Part(table)) for found in parts]
            if all(side is not None and side.status == "complete" for side in sides):
                compared.append(Part(table, committee))
                continue
            for snapshot, side in zip((before, after), sides):
                if side is None:
                    why = f"snapshot {snapshot.snapshot_id} did not collect it"
                elif side.status != "complete":
                    why = f"it is {side.status} in snapshot {snapshot.snapshot_id} ({'; '.join(side.reasons) or 'no reason recorded'})"
                else:
                    continue
                left_out.setdefault(why, []).append(Part(table, committee).label)
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


def _columns(con: duckdb.DuckDBPyConnection, section: str, parameters: dict[str, Any]) -> tuple[str, ...]:
    """A section's columns, without running it (planning a section costs more than the join it compares)."""
    if section not in _section_columns:
        described = con.execute(f"DESCRIBE {sql_text(f'diff_{section}.sql')}", parameters).fetchall()
        _section_columns[section] = tuple(column for column, *_ in described)
    return _section_columns[section]


def _changed(
    con: duckdb.DuckDBPyConnection, compared: tuple[Part, ...], before: Snapshot, after: Snapshot
) -> list[Part]:
    """The parts of `compared` in which a diff of the two snapshots can find anything (changed_parts.sql)."""
    parameters = {"compared": [part.sql() for part in compared],
                  "from_id": before.snapshot_id, "to_id": after.snapshot_id}
    changed = {Part(*row) for row in fetch_rows(con, "changed_parts.sql", parameters).rows}
    return [part for part in compared if part in changed]


def _section_rows(
    con: duckdb.DuckDBPyConnection, changed: dict[tuple[int, int], list[Part]], committee_id: int | None
) -> dict[str, Rows]:
    """Every section's changes, one query per section and pair of snapshots, over the parts of that pair whose
    rows changed (`part_changed`): a section none of whose tables has such a part is not run."""
    sections: dict[str, Rows] = {}
    for (from_id, to_id), parts in sorted(changed.items()):
        compared = [part.sql() for part in parts]
        parameters = {"from_id": from_id, "to_id": to_id, "committee_id": committee_id, "compared": compared}
        tables = {part.table for part in parts}
        for section in SECTIONS:
            if tables.isdisjoint(_SECTION_TABLES.get(section, (section,))):
                found = Rows(_columns(con, section, parameters), [])
            else:
                found = fetch_rows(con, f"diff_{section}.sql", parameters)
                _section_columns.setdefault(section, found.columns)
            earlier = sections.get(section)
            sections[section] = found if earlier is None else Rows(found.columns, earlier.rows + found.rows)
    if len(changed) > 1:
        order = lambda row: tuple((value is None, value) for value in row)  # noqa: E731
        sections = {name: Rows(rows.columns, sorted(rows.rows, key=order)) for name, rows in sections.items()}
    return sections


def _default_diff(con: duckdb.DuckDBPyConnection, to_id: int | None, committee_id: int | None) -> Diff:
    """Each part of the target snapshot against the last snapshot where that part was complete."""
    pairs = default_pairs(con, to_id, committee_id)
    comparisons = [Comparison(part, from_id, target) for part, from_id, target, _ in pairs if from_id is not None]
    if not comparisons:
        about = f" of committee {committee_id}" if committee_id is not None else ""
        raise SnapshotChoiceError(
            f"there are not yet two snapshots of one source that are complete for the same tables{about}; "
            "crawl again (`casco crawl`), or name two snapshots: `casco diff FROM TO` (`casco snapshots` lists them)"
        )
    read = {snapshot.snapshot_id: snapshot for snapshot in read_snapshots(
        con, comparisons[0].to_id, *{c.from_id for c in comparisons})}
    after = read[comparisons[0].to_id]
    earlier = [read[from_id] for from_id in sorted({c.from_id for c in comparisons})]
    before = min(earlier, key=lambda snapshot: (snapshot.as_of, snapshot.snapshot_id))
    if committee_id is not None:
        require_committee(con, committee_id, before, after)
    in_force = {part for part, _, _, _ in pairs}
    first = [part.label for part, from_id, _, _ in pairs if from_id is None]
    warnings = [f"{', '.join(first)} not compared: no snapshot before {after.snapshot_id} holds it complete"] if first else []
    left_out: dict[str, list[str]] = {}
    for part in after.parts:
        if Part.of(part) in in_force:
            continue
        if committee_id is not None and part.committee_id not in (None, committee_id):
            continue
        why = (
            f"it is {part.status} in snapshot {after.snapshot_id} ({'; '.join(part.reasons) or 'no reason recorded'}); "
            "the next crawl where it is complete is compared with its last complete state"
            if part.status != "complete" else f"snapshot {after.snapshot_id} was re-read and its re-reading holds it"
        )
        left_out.setdefault(why, []).append(Part.of(part).label)
    collected = {Part.of(part) for part in after.parts}
    not_collected = {
        Part.of(part) for snapshot in earlier for part in snapshot.parts
        if Part.of(part) not in collected and part.status == "complete"
        and (committee_id is None or part.committee_id in (None, committee_id))
    }
    if not_collected:
        left_out[f"snapshot {after.snapshot_id} did not collect it"] = [part.label for part in sorted(
            not_collected, key=lambda part: (part.table, part.committee_id or 0))]
    warnings += [f"{', '.join(labels)} not compared: {why}" for why, labels in left_out.items()]
    changed: dict[tuple[int, int], list[Part]] = {(c.from_id, c.to_id): [] for c in comparisons}
    for part, from_id, target, part_changed in pairs:
        if part_changed:
            changed[(from_id, target)].append(part)
    sections = _section_rows(con, changed, committee_id)
    return Diff(before, after, tuple(c.part for c in comparisons), warnings, sections, tuple(comparisons))


def diff_snapshots(
    con: duckdb.DuckDBPyConnection,
    from_id: int | None = None,
    to_id: int | None = None,
    committee_id: int | None = None,
) -> Diff:
    """Every change between two snapshots, in the parts both hold complete; by default (no FROM) each part of
    the newest snapshot (or TO) against the last snapshot where that part was complete."""
    if from_id is None:
        return _default_diff(con, to_id, committee_id)
    before, after = choose_snapshots(con, from_id, to_id, committee_id)
    if committee_id is not None:
        require_committee(con, committee_id, before, after)
    compared, left_out = comparable_parts(before, after)
    sections = _section_rows(con, {(before.snapshot_id, after.snapshot_id): _changed(con, compared, before, after)},
                             committee_id)
    comparisons = tuple(Comparison(part, before.snapshot_id, after.snapshot_id) for part in compared)
    return Diff(before, after, compared, _warnings(before, after, left_out), sections, comparisons)
