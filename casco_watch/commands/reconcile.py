"""`casco reconcile`: where ISO's committee pages and its Open Data dataset disagree, committee by committee."""

from __future__ import annotations

import click

from casco_watch.commands import ISO_ID, db_option, lock_timeout_option
from casco_watch.commands.changes import fail, read_database
from casco_watch.output import to_json
from casco_watch.pipeline.reconcile import CommitteeReconciliation, ReconcileError, reconcile as reconcile_sources


def _seat(seat: dict) -> str:
    return f"{seat['acronym']} ({seat['member_id']})"


def _partner(partner: dict) -> str:
    label = f" {partner['partner_label']}" if partner["partner_label"] else ""
    return f"{partner['partner_kind']} {partner['partner_id']}{label}"


def audit_text(entry: CommitteeReconciliation) -> str:
    """One committee as a short audit: what was compared with what, then each kind of disagreement."""
    lines = [
        f"{entry.reference} ({entry.committee_id}): site snapshot {entry.site_snapshot_id} of {entry.site_as_of} "
        f"against Open Data snapshot {entry.opendata_snapshot_id} of {entry.opendata_as_of}"
    ]
    findings = [
        ("members only on the site", [f"{_seat(s)} {s['site_status']}" for s in entry.only_on_site]),
        ("members only in Open Data", [f"{_seat(s)} {s['opendata_status']}" for s in entry.only_in_opendata]),
        ("P/O status differs", [f"{_seat(s)} site {s['site_status']}, Open Data {s['opendata_status']}"
                                for s in entry.status_differs]),
        ("liaisons only on the site", [_partner(p) for p in entry.liaisons_only_on_site]),
        ("liaisons only in Open Data", [_partner(p) for p in entry.liaisons_only_in_opendata]),
    ]
    lines += [f"  {title} ({len(items)}): {'; '.join(items)}" for title, items in findings if items]
    if not entry.compares_liaisons:
        lines.append("  liaisons not compared: one of the two snapshots did not set out to collect them")
    if entry.agrees():
        lines.append("  the two sources agree on every member" + (" and liaison" if entry.compares_liaisons else ""))
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
    partners named on one side only (by kind and id: Open Data states no direction or category).
    """
    entries = read_database(db_path, lock_timeout, lambda con: _reconciled(con, committee_id))
    if fmt == "json":
        click.echo(to_json({"committees": [entry.to_dict() for entry in entries]}))
        return
    differing = sum(not entry.agrees() for entry in entries)
    click.echo("\n".join(audit_text(entry) for entry in entries))
    click.echo(f"\n{len(entries)} committee(s) compared, {differing} with differences.")
