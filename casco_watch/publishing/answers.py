"""What the reading commands print: the library's results (diffs, snapshot lists, reconciliations, acceptances,
notifications) as text for people or JSON for programs. Nothing here knows click.

The notification's Markdown is `diff_as_text(diff, "markdown")`, the same text `casco diff --format markdown` prints.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from casco_watch.pipeline.parts import Part
from casco_watch.pipeline.plausibility import accept_command, to_accept
from casco_watch.publishing.rendering import OPEN_DATA_ATTRIBUTION, db_flag, printable, render_rows, snapshot_json, to_json
from casco_watch.schemas import PartStatus, SnapshotStatus, SourceKind

if TYPE_CHECKING:
    from casco_watch.pipeline.changes import Diff
    from casco_watch.pipeline.commit import Committed
    from casco_watch.pipeline.reconcile import CommitteeReconciliation, Reconciliation, SourcePair, WorkProgrammeReconciliation
    from casco_watch.pipeline.spool import SpoolEntry
    from casco_watch.schemas import Snapshot

SNAPSHOT_COLUMNS = ("snapshot_id", "as_of", "status", "source_kind", "scope", "records", "rejected", "reasons")


def render_snapshots(stored: Sequence[Snapshot], waiting: Sequence[SpoolEntry], fmt: str) -> str:
    """`casco snapshots`: the stored snapshots, then those waiting in the spool (JSON: one object holding both)."""
    if fmt == "json":
        spooled = [{"spool": str(entry.path), **snapshot_json(entry.snapshot)} for entry in waiting]
        for entry in spooled:
            del entry["snapshot_id"]
        return to_json({"snapshots": [snapshot_json(snapshot) for snapshot in stored], "spooled": spooled})
    rows = [tuple(getattr(snapshot, name) for name in SNAPSHOT_COLUMNS) for snapshot in stored]
    text = render_rows(SNAPSHOT_COLUMNS, rows, fmt, title="Snapshots")
    if not waiting:
        return text
    spooled = [(str(entry.path), *(getattr(entry.snapshot, name) for name in SNAPSHOT_COLUMNS[1:])) for entry in waiting]
    return text + "\n" + render_rows(["spool", *SNAPSHOT_COLUMNS[1:]], spooled, fmt,
                                     title="Waiting in the spool (the next command that writes commits them)")


def diff_as_csv(diff: Diff) -> str:
    """All change rows in one CSV: a `section` column, then the union of the sections' columns."""
    columns = ["section"] + list(dict.fromkeys(c for rows in diff.sections.values() for c in rows.columns))
    rows = [
        [section] + [record.get(column) for column in columns[1:]]
        for section, section_rows in diff.sections.items()
        for record in section_rows.records()
    ]
    return render_rows(columns, rows, "csv")


def diff_as_text(diff: Diff, fmt: str) -> str:
    """The diff for people: heading, warnings, summary, then one table per kind of change."""
    heading = f"Changes from {diff.before.describe()} to {diff.after.describe()}"
    summary = ", ".join(f"{name} {count}" for name, count in diff.summary().items())
    sections = [(name, rows) for name, rows in diff.sections.items() if rows.rows]
    if fmt == "markdown":
        parts = [f"# {heading}", f"Compared: {diff.comparisons_text()}",
                 *(f"> warning: {warning}" for warning in diff.warnings), f"Summary: {summary}"]
    else:
        parts = [heading, f"compared: {diff.comparisons_text()}",
                 *(f"warning: {warning}" for warning in diff.warnings), f"summary: {summary}"]
    parts += [render_rows(rows.columns, rows.rows, fmt, title=name) for name, rows in sections]
    if not sections:
        parts.append("No changes.")
    if SourceKind.OPENDATA in (diff.before.source_kind, diff.after.source_kind):
        parts.append(OPEN_DATA_ATTRIBUTION)
    return printable("\n\n".join(parts))


def render_diff(diff: Diff, fmt: str) -> str:
    """`casco diff` in `fmt`: json (the whole diff), csv (every change row), markdown or table."""
    if fmt == "json":
        return to_json(diff.to_dict())
    if fmt == "csv":
        return diff_as_csv(diff)
    return diff_as_text(diff, fmt)


def _seat(seat: dict) -> str:
    return f"{seat['acronym']} ({seat['member_id']})"


def _partner(partner: dict) -> str:
    label = f" {partner['partner_label']}" if partner["partner_label"] else ""
    return f"{partner['partner_kind']} {partner['partner_id']}{label}"


def _pair_line(entry: SourcePair, what: str = "") -> str:
    return (f"{entry.reference} ({entry.committee_id}){what}: site snapshot {entry.site_snapshot_id} of "
            f"{entry.site_as_of} against Open Data snapshot {entry.opendata_snapshot_id} of {entry.opendata_as_of}")


def _finding_lines(findings: list[tuple[str, list[str]]]) -> list[str]:
    return [f"  {title} ({len(items)}): {'; '.join(items)}" for title, items in findings if items]


def audit_text(entry: CommitteeReconciliation) -> str:
    """One committee as a short audit: what was compared with what, then each kind of disagreement."""
    lines = [_pair_line(entry)]
    findings = [
        ("members only on the site", [f"{_seat(s)} {s['site_status']}" for s in entry.only_on_site]),
        ("members only in Open Data", [f"{_seat(s)} {s['opendata_status']}" for s in entry.only_in_opendata]),
        ("P/O status differs", [f"{_seat(s)} site {s['site_status']}, Open Data {s['opendata_status']}"
                                for s in entry.status_differs]),
        ("liaisons only on the site", [_partner(p) for p in entry.liaisons_only_on_site]),
        ("liaisons only in Open Data", [_partner(p) for p in entry.liaisons_only_in_opendata]),
    ]
    lines += _finding_lines(findings)
    if not entry.compares_liaisons:
        lines.append("  liaisons not compared: one of the two snapshots did not set out to collect them")
    if entry.agrees():
        lines.append("  the two sources agree on every member" + (" and liaison" if entry.compares_liaisons else ""))
    return "\n".join(lines)


def _document(document: dict, stage: str) -> str:
    return f"{document['reference']} ({document['deliverable_id']}) {document[stage]}"


def work_programme_text(entry: WorkProgrammeReconciliation) -> str:
    """One committee's work programme as a short audit, like `audit_text`."""
    lines = [_pair_line(entry, " work programme")]
    findings = [
        ("documents only on the site", [_document(d, "site_stage") for d in entry.only_on_site]),
        ("documents only in Open Data", [_document(d, "opendata_stage") for d in entry.only_in_opendata]),
        ("stage differs", [f"{d['reference']} ({d['deliverable_id']}) site {d['site_stage']}, Open Data "
                           f"{d['opendata_stage']}" for d in entry.stage_differs]),
    ]
    lines += _finding_lines(findings)
    if entry.agrees():
        lines.append("  the two sources agree on every document and its stage")
    return "\n".join(lines)


def render_reconciliation(found: Reconciliation, fmt: str) -> str:
    """`casco reconcile`: JSON of every comparison, or one short audit per committee and a count of differences."""
    if fmt == "json":
        return to_json({"committees": [entry.to_dict() for entry in found.committees],
                        "work_programmes": [entry.to_dict() for entry in found.work_programmes]})
    differing = sum(not entry.agrees() for entry in [*found.committees, *found.work_programmes])
    audits = [*map(audit_text, found.committees), *map(work_programme_text, found.work_programmes)]
    return "\n".join(audits) + (f"\n\n{len(found.committees)} committee(s) and {len(found.work_programmes)} "
                                f"work programme(s) compared, {differing} with differences.")


def suspect_lines(snapshot: Snapshot, db_path: Path | str) -> list[str]:
    """What a stored snapshot holds back as suspect and the `casco accept` that lets diffs and history use it, a
    line per part a person accepts (`plausibility.to_accept`): said after a crawl and after each dump imported."""
    confirms = "ISO's dataset" if snapshot.source_kind == SourceKind.OPENDATA else "iso.org"
    return [f"  suspect: {part.name}; if {confirms} confirms it, "
            f"`{accept_command(snapshot.snapshot_id, part.table, part.committee_id)}{db_flag(db_path)}` lets diffs and "
            "history use it"
            for part in to_accept([Part.of(part) for part in snapshot.parts if part.status == PartStatus.SUSPECT])]


def accepted_text(snapshot_id: int, part: str, snapshot_status: str, db_path: Path,
                  compared_with: int | None = None) -> str:
    """`casco accept`: the part now complete, what it changed and how to send that, and whether its snapshot is
    complete, with the next command to run."""
    said = f"Snapshot {snapshot_id}: {part} accepted; it is now complete."
    if compared_with is not None:
        said += (f"\nWhat it changed since snapshot {compared_with} was in no default diff or notification (a later "
                 f"crawl is compared with snapshot {snapshot_id}): `casco diff {compared_with} {snapshot_id}"
                 f"{db_flag(db_path)}` shows it, `casco notify {compared_with} {snapshot_id} --to URL"
                 f"{db_flag(db_path)}` sends it.")
    if snapshot_status == SnapshotStatus.COMPLETE:
        return said + f"\nSnapshot {snapshot_id} is complete. Next: `casco diff{db_flag(db_path)}` shows what changed."
    return said + (f"\nSnapshot {snapshot_id} stays {snapshot_status}: other parts are not complete "
                   f"(`casco snapshots{db_flag(db_path)}` says why).")


def notification_text(target: str, changes: Diff | None, reason: str | None) -> str:
    """What a notification did: the snapshots whose changes went to `target`, or why nothing was sent."""
    if changes is None:
        return f"Notification: nothing sent, {reason}."
    return (f"Notification: sent the changes from snapshot {changes.before.snapshot_id} "
            f"to snapshot {changes.after.snapshot_id} to {target}.")


def imported_text(outcomes: Sequence[Committed], db_path: Path) -> str:
    """`casco import-opendata`: how many snapshots were stored, by status, and how many dumps were skipped."""
    statuses = [outcome.snapshot.status for outcome in outcomes if not outcome.skipped]
    skipped = len(outcomes) - len(statuses)
    counts = [f"{statuses.count(s)} {s}" for s in SnapshotStatus if s in statuses]
    return (f"{len(statuses)} snapshot(s) stored in {db_path}" + (": " + ", ".join(counts) if counts else "") +
            (f"; {skipped} skipped (already stored)" if skipped else ""))
