"""ISO's two publications side by side: the committee pages against the Open Data datasets.

Each committee that both list members of is compared between the latest
complete site snapshot and the complete Open Data snapshot nearest in date:
seats on one side only, seats whose P/O status differs and, when both set out
to collect them, liaison partners named on one side only. Each committee whose
work programme both hold (the site's catalogue and standard pages, Open Data's
deliverables dataset) is compared the same way: documents on one side only, or
at different stages. The set work is done by pipeline/sql/reconcile_*.sql; this
module picks the pairs and groups rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import duckdb

from casco_watch.pipeline.changes import fetch_rows
from casco_watch.pipeline.store import sql_text


class ReconcileError(Exception):
    """Nothing can be compared; the message says what to load or crawl first."""


@dataclass
class SourcePair:
    """One committee's latest complete site snapshot and the Open Data snapshot it is compared with."""

    committee_id: int
    reference: str
    site_snapshot_id: int
    site_as_of: dt.date
    opendata_snapshot_id: int
    opendata_as_of: dt.date

    def pair_dict(self) -> dict[str, Any]:
        return {
            "committee_id": self.committee_id,
            "reference": self.reference,
            "site_snapshot_id": self.site_snapshot_id,
            "site_as_of": self.site_as_of.isoformat(),
            "opendata_snapshot_id": self.opendata_snapshot_id,
            "opendata_as_of": self.opendata_as_of.isoformat(),
        }


def _one_side(rows: list[dict[str, Any]], missing: str) -> list[dict[str, Any]]:
    """The rows one source lacks (its value `missing` is None)."""
    return [row for row in rows if row[missing] is None]


def _both_sides(rows: list[dict[str, Any]], site: str, opendata: str) -> list[dict[str, Any]]:
    return [row for row in rows if None not in (row[site], row[opendata])]


@dataclass
class CommitteeReconciliation(SourcePair):
    compares_liaisons: bool
    seats: list[dict[str, Any]] = field(default_factory=list)
    """Every seat the sources state differently: member_id, acronym, site_status, opendata_status."""
    partners: list[dict[str, Any]] = field(default_factory=list)
    """Every liaison partner only one source names: partner_kind, partner_id, partner_label, on_site, in_opendata."""

    @property
    def only_on_site(self) -> list[dict[str, Any]]:
        return _one_side(self.seats, "opendata_status")

    @property
    def only_in_opendata(self) -> list[dict[str, Any]]:
        return _one_side(self.seats, "site_status")

    @property
    def status_differs(self) -> list[dict[str, Any]]:
        return _both_sides(self.seats, "site_status", "opendata_status")

    @property
    def liaisons_only_on_site(self) -> list[dict[str, Any]]:
        return [partner for partner in self.partners if partner["on_site"]]

    @property
    def liaisons_only_in_opendata(self) -> list[dict[str, Any]]:
        return [partner for partner in self.partners if partner["in_opendata"]]

    def agrees(self) -> bool:
        return not self.seats and not self.partners

    def to_dict(self) -> dict[str, Any]:
        """The entry of `casco reconcile --format json`: ids only, keyed as ISO keys them."""

        def partner_keys(partners):
            return [{"partner_kind": p["partner_kind"], "partner_id": p["partner_id"]} for p in partners]

        return {
            **self.pair_dict(),
            "compared": ["memberships", "liaisons"] if self.compares_liaisons else ["memberships"],
            "only_on_site": [seat["member_id"] for seat in self.only_on_site],
            "only_in_opendata": [seat["member_id"] for seat in self.only_in_opendata],
            "status_differs": [
                {"member_id": seat["member_id"], "site": seat["site_status"], "opendata": seat["opendata_status"]}
                for seat in self.status_differs
            ],
            "liaisons_only_on_site": partner_keys(self.liaisons_only_on_site),
            "liaisons_only_in_opendata": partner_keys(self.liaisons_only_in_opendata),
        }


@dataclass
class WorkProgrammeReconciliation(SourcePair):
    documents: list[dict[str, Any]] = field(default_factory=list)
    """Every document the sources state differently: deliverable_id, reference, site_stage, opendata_stage."""

    @property
    def only_on_site(self) -> list[dict[str, Any]]:
        return _one_side(self.documents, "opendata_stage")

    @property
    def only_in_opendata(self) -> list[dict[str, Any]]:
        return _one_side(self.documents, "site_stage")

    @property
    def stage_differs(self) -> list[dict[str, Any]]:
        return _both_sides(self.documents, "site_stage", "opendata_stage")

    def agrees(self) -> bool:
        return not self.documents

    def to_dict(self) -> dict[str, Any]:
        """The entry of `casco reconcile --format json` under `work_programmes`: ids only."""
        return {
            **self.pair_dict(),
            "only_on_site": [d["deliverable_id"] for d in self.only_on_site],
            "only_in_opendata": [d["deliverable_id"] for d in self.only_in_opendata],
            "stage_differs": [
                {"deliverable_id": d["deliverable_id"], "site": d["site_stage"], "opendata": d["opendata_stage"]}
                for d in self.stage_differs
            ],
        }


@dataclass
class Reconciliation:
    committees: list[CommitteeReconciliation]
    work_programmes: list[WorkProgrammeReconciliation]


def reconcile(con: duckdb.DuckDBPyConnection, committee_id: int | None = None) -> Reconciliation:
    """Every committee both sources cover (or only `committee_id`), each with what the two disagree on: its
    members and liaisons, and its work programme."""
    found = _committees(con, committee_id)
    programmes = _work_programmes(con, committee_id)
    if not found and not programmes:
        raise ReconcileError(_nothing_to_compare(committee_id))
    return Reconciliation(found, programmes)


def _work_programmes(con: duckdb.DuckDBPyConnection, committee_id: int | None) -> list[WorkProgrammeReconciliation]:
    pairs = con.sql(sql_text("reconcile_deliverable_pairs.sql"), params={"committee_id": committee_id}).to_arrow_table()
    found = {row["committee_id"]: WorkProgrammeReconciliation(**row) for row in pairs.to_pylist()}
    if not found:
        return []
    con.register("reconcile_deliverable_pairs", pairs)
    try:
        for document in fetch_rows(con, "reconcile_deliverables.sql", {}).records():
            found[document.pop("committee_id")].documents.append(document)
    finally:
        con.unregister("reconcile_deliverable_pairs")
    return list(found.values())


def _committees(con: duckdb.DuckDBPyConnection, committee_id: int | None) -> list[CommitteeReconciliation]:
    pairs = con.sql(sql_text("reconcile_pairs.sql"), params={"committee_id": committee_id}).to_arrow_table()
    if pairs.num_rows == 0:
        return []
    found = {row["committee_id"]: CommitteeReconciliation(**row) for row in pairs.to_pylist()}
    con.register("reconcile_pairs", pairs)
    try:
        for seat in fetch_rows(con, "reconcile_memberships.sql", {}).records():
            found[seat.pop("committee_id")].seats.append(seat)
        for partner in fetch_rows(con, "reconcile_liaisons.sql", {}).records():
            found[partner.pop("committee_id")].partners.append(partner)
    finally:
        con.unregister("reconcile_pairs")
    return list(found.values())


def _nothing_to_compare(committee_id: int | None) -> str:
    which = f"committee {committee_id} is not" if committee_id is not None else "no committee is"
    return (
        f"{which} in both a complete site snapshot and a complete Open Data snapshot; "
        "crawl the site (`casco crawl --committee ID`) and load Open Data "
        "(`casco crawl --source opendata --dataset FILE` or `casco import-opendata FILE`; for the work programme, "
        "the deliverables dataset), then try again"
    )
