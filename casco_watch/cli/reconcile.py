"""`casco reconcile`: where ISO's committee pages and its Open Data dataset disagree, committee by committee."""

from __future__ import annotations

import click

from casco_watch.cli.changes import fail, read_database
from casco_watch.cli.options import ISO_ID, db_option, lock_timeout_option
from casco_watch.pipeline.reconcile import (
    CommitteeReconciliation,
    ReconcileError,
    SourcePair,
    WorkProgrammeReconciliation,
)
from casco_watch.pipeline.reconcile import (
    reconcile as reconcile_sources,
)
from casco_watch.publishing.rendering import to_json


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


def _reconciled(con, committee_id):
    try:
        return reconcile_sources(con, committee_id)
    except ReconcileError as error:
        fail(str(error))


@click.command()
@click.option("--committee", "committee_id", type=ISO_ID, help="Only this committee (ISO committee id).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@db_option
@lock_timeout_option(writes=False)
def reconcile(committee_id, fmt, db_path, lock_timeout):
    """Compare the latest complete site data with the Open Data snapshot nearest in date.

    For each committee both list members of: members on one side only, P/O status that differs, and liaison
    partners named on one side only (by kind and id: Open Data states no direction or category). For each
    committee whose work programme both hold (Open Data's deliverables dataset): documents on one side only,
    or at different stages.
    """
    found = read_database(db_path, lock_timeout, lambda con: _reconciled(con, committee_id))
    if fmt == "json":
        click.echo(to_json({"committees": [entry.to_dict() for entry in found.committees],
                            "work_programmes": [entry.to_dict() for entry in found.work_programmes]}))
        return
    entries = [*found.committees, *found.work_programmes]
    differing = sum(not entry.agrees() for entry in entries)
    click.echo("\n".join([*map(audit_text, found.committees), *map(work_programme_text, found.work_programmes)]))
    click.echo(f"\n{len(found.committees)} committee(s) and {len(found.work_programmes)} work programme(s) compared, "
               f"{differing} with differences.")
