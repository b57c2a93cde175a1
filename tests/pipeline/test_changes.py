"""Diffs between snapshots: every kind of change, found by id, between the right pair of snapshots."""

import datetime as dt
from collections import Counter

import pytest

from casco_watch.pipeline.changes import SUMMARY_KEYS, SnapshotChoiceError, diff_snapshots
from casco_watch.pipeline.parts import Part
from casco_watch.pipeline.store import open_database
from casco_watch.schemas.records import Committee, Liaison, MemberBody, Officer, Organization, Subgroup
from tests.pipeline.conftest import seats, store_snapshot
from tests.realdata.plain_reading import DUMPS, Dump, read_dump

JAN, FEB, MAR, APR = (dt.date(2025, month, 1) for month in (1, 2, 3, 4))
CASCO = 54998


def member_bodies(din_acronym="DIN", ansi_name="American National Standards Institute"):
    return [
        MemberBody(member_id=2034, acronym="SIS", country="Sweden"),
        MemberBody(member_id=1619, acronym="AFNOR", country="France"),
        MemberBody(member_id=2064, acronym="BSI", country="United Kingdom"),
        MemberBody(member_id=2188, acronym=din_acronym, country="Germany"),
        MemberBody(member_id=1500, acronym="ANSI", name=ansi_name, country="United States"),
    ]


def unchanged_records():
    return [
        Officer(committee_id=CASCO, role="vice_chair", name="Vic One"),
        Liaison(committee_id=CASCO, partner_kind="organization", partner_id=500, partner_label="IAF", category="A"),
        Organization(organization_id=500, acronym="IAF", name="International Accreditation Forum"),
    ]


def before_records():
    return [
        *unchanged_records(),
        Committee(committee_id=CASCO, reference="ISO/CASCO", title="Conformity assessment", secretariat_member_id=2034),
        Committee(committee_id=100, reference="ISO/TC 1", title="Screw threads"),
        Committee(committee_id=200, reference="ISO/TC 2", title="Fasteners"),
        Committee(committee_id=300, reference="ISO/TC 3", title="Limits and fits"),
        *member_bodies(),
        *seats(CASCO, "P", 2034, 1619, 2188),
        *seats(CASCO, "O", 2064),
        *seats(100, "P", 1619),
        Officer(committee_id=CASCO, role="chairperson", name="Ann Able"),
        Officer(committee_id=CASCO, role="secretary", name="Carl Clerk"),
        Subgroup(committee_id=CASCO, reference="ISO/CASCO/WG 1", title="Old group", type="working_group"),
        Liaison(committee_id=CASCO, partner_kind="organization", partner_id=501, partner_label="ILAC", category="A"),
        Liaison(committee_id=CASCO, partner_kind="organization", partner_id=502, partner_label="OIML", category="A"),
        Liaison(committee_id=CASCO, partner_kind="committee", partner_id=200, partner_label="ISO/TC 2", direction="to"),
        Organization(organization_id=501, acronym="ILAC", name="ILAC"),
    ]


def after_records():
    """Every kind of change against before_records()."""
    return [
        *unchanged_records(),
        Committee(committee_id=CASCO, reference="ISO/CASCO", title="Conformity assessment", secretariat_member_id=2064),
        Committee(committee_id=200, reference="ISO/TC 2/SC 1", title="Fasteners and bolts"),
        Committee(committee_id=300, reference="ISO/TC 3", title="Limits and fits", status="suspended", scope="Fits."),
        Committee(committee_id=400, reference="ISO/TC 4", title="Rolling bearings"),
        *member_bodies(din_acronym="DIN e.V.", ansi_name="ANSI Inc."),
        *seats(CASCO, "P", 2034, 2064),
        *seats(CASCO, "O", 1619, 1500),
        *seats(400, "P", 2188),
        Officer(committee_id=CASCO, role="chairperson", name="Bob Baker"),
        Officer(committee_id=CASCO, role="committee_manager", name="Dana Desk"),
        Subgroup(committee_id=CASCO, reference="ISO/CASCO/WG 2", title="New group", type="working_group"),
        Liaison(committee_id=CASCO, partner_kind="organization", partner_id=501, partner_label="ILAC", category="B"),
        Liaison(committee_id=CASCO, partner_kind="organization", partner_id=503, partner_label="EC", category="A"),
        Liaison(committee_id=CASCO, partner_kind="committee", partner_id=200, partner_label="ISO/TC 2", direction="from"),
        Liaison(committee_id=CASCO, partner_kind="committee", partner_id=300, partner_label="ISO/TC 3"),
        Organization(organization_id=501, acronym="ILAC", name="International Laboratory Accreditation Cooperation"),
    ]


NO_DELIVERABLE_CHANGES = {
    "deliverables_added": 0, "deliverables_removed": 0, "stage_changed": 0, "published": 0, "withdrawn": 0,
    "deliverables_edition_changed": 0, "deliverables_title_changed": 0,
}
"""The committees dataset holds no deliverables, nor do these snapshots."""

EVERY_KIND_COUNTED = {
    "committees_added": 1, "committees_removed": 1, "committees_renamed": 1, "committees_title_changed": 1,
    "committees_scope_changed": 1, "committees_status_changed": 1, "committees_secretariat_changed": 1,
    "memberships_joined": 2, "memberships_left": 2, "p_to_o": 1, "o_to_p": 1, "liaisons_added": 2,
    "liaisons_removed": 1, "liaisons_category_changed": 1, "liaisons_direction_changed": 1, "subgroups_added": 1,
    "subgroups_removed": 1, "member_bodies_renamed": 2, "organizations_renamed": 1, "status_changed": 2,
    "officers_changed": 3, **NO_DELIVERABLE_CHANGES,
}
"""The summary of the diff from before_records() to after_records()."""


def records(diff, section):
    return diff.sections[section].records()


@pytest.fixture
def two_snapshots(con):
    return store_snapshot(con, JAN, before_records()), store_snapshot(con, FEB, after_records())


def test_every_kind_of_change_is_reported_exactly(con, two_snapshots):
    diff = diff_snapshots(con)

    assert (diff.before.snapshot_id, diff.after.snapshot_id) == two_snapshots
    assert diff.warnings == []
    assert records(diff, "committees") == [
        {"change": "added", "committee_id": 400, "reference": "ISO/TC 4", "before": None, "after": "Rolling bearings"},
        {"change": "removed", "committee_id": 100, "reference": "ISO/TC 1", "before": "Screw threads", "after": None},
        {"change": "renamed", "committee_id": 200, "reference": "ISO/TC 2/SC 1", "before": "ISO/TC 2",
         "after": "ISO/TC 2/SC 1"},
        {"change": "scope_changed", "committee_id": 300, "reference": "ISO/TC 3", "before": None, "after": "Fits."},
        {"change": "secretariat_changed", "committee_id": CASCO, "reference": "ISO/CASCO", "before": "SIS",
         "after": "BSI"},
        {"change": "status_changed", "committee_id": 300, "reference": "ISO/TC 3", "before": "active",
         "after": "suspended"},
        {"change": "title_changed", "committee_id": 200, "reference": "ISO/TC 2/SC 1", "before": "Fasteners",
         "after": "Fasteners and bolts"},
    ]
    seat = ("change", "committee_id", "committee_reference", "member_id", "acronym", "country", "before_status",
            "after_status")
    assert records(diff, "memberships") == [dict(zip(seat, row)) for row in [
        ("joined", 400, "ISO/TC 4", 2188, "DIN e.V.", "Germany", None, "P"),
        ("joined", CASCO, "ISO/CASCO", 1500, "ANSI", "United States", None, "O"),
        ("left", 100, "ISO/TC 1", 1619, "AFNOR", "France", "P", None),
        ("left", CASCO, "ISO/CASCO", 2188, "DIN", "Germany", "P", None),
        ("o_to_p", CASCO, "ISO/CASCO", 2064, "BSI", "United Kingdom", "O", "P"),
        ("p_to_o", CASCO, "ISO/CASCO", 1619, "AFNOR", "France", "P", "O"),
    ]]
    officer = ("change", "committee_id", "committee_reference", "role", "before_name", "after_name")
    assert records(diff, "officers") == [dict(zip(officer, row)) for row in [
        ("added", CASCO, "ISO/CASCO", "committee_manager", None, "Dana Desk"),
        ("changed", CASCO, "ISO/CASCO", "chairperson", "Ann Able", "Bob Baker"),
        ("removed", CASCO, "ISO/CASCO", "secretary", "Carl Clerk", None),
    ]]
    assert records(diff, "subgroups") == [
        {"change": "added", "committee_id": CASCO, "committee_reference": "ISO/CASCO", "reference": "ISO/CASCO/WG 2",
         "title": "New group", "type": "working_group"},
        {"change": "removed", "committee_id": CASCO, "committee_reference": "ISO/CASCO",
         "reference": "ISO/CASCO/WG 1", "title": "Old group", "type": "working_group"},
    ]
    liaison = ("change", "committee_id", "committee_reference", "partner_kind", "partner_id", "partner",
               "before_direction", "after_direction", "before_category", "after_category")
    assert records(diff, "liaisons") == [dict(zip(liaison, row)) for row in [
        ("added", CASCO, "ISO/CASCO", "committee", 300, "ISO/TC 3", None, "unspecified", None, None),
        ("added", CASCO, "ISO/CASCO", "organization", 503, "EC", None, "unspecified", None, "A"),
        ("category_changed", CASCO, "ISO/CASCO", "organization", 501, "ILAC", "unspecified", "unspecified", "A", "B"),
        ("direction_changed", CASCO, "ISO/CASCO", "committee", 200, "ISO/TC 2", "to", "from", None, None),
        ("removed", CASCO, "ISO/CASCO", "organization", 502, "OIML", "unspecified", None, "A", None),
    ]]
    rename = ("change", "kind", "id", "before_acronym", "after_acronym", "before_name", "after_name")
    assert records(diff, "renames") == [dict(zip(rename, row)) for row in [
        ("renamed", "member_body", 1500, "ANSI", "ANSI", "American National Standards Institute", "ANSI Inc."),
        ("renamed", "member_body", 2188, "DIN", "DIN e.V.", None, None),
        ("renamed", "organization", 501, "ILAC", "ILAC", "ILAC", "International Laboratory Accreditation Cooperation"),
    ]]
    assert diff.summary() == EVERY_KIND_COUNTED


def test_the_summary_counts_every_row_the_diff_lists(con, two_snapshots):
    diff = diff_snapshots(con)
    summary = diff.summary()
    listed = sum(len(rows.rows) for rows in diff.sections.values())
    assert sum(summary.values()) - summary["status_changed"] == listed


def test_a_committee_filter_keeps_that_committee_and_the_bodies_involved_in_it(con, two_snapshots):
    diff = diff_snapshots(con, *two_snapshots, committee_id=400)
    assert [row["change"] for row in records(diff, "committees")] == ["added"]
    assert [(row["change"], row["member_id"]) for row in records(diff, "memberships")] == [("joined", 2188)]
    assert [row["id"] for row in records(diff, "renames")] == [2188]
    assert not diff.sections["liaisons"].rows and not diff.sections["officers"].rows


def test_an_unchanged_pair_gives_an_empty_diff(con):
    store_snapshot(con, JAN, after_records())
    store_snapshot(con, FEB, list(reversed(after_records())))
    diff = diff_snapshots(con)
    assert diff.is_empty()
    assert diff.summary() == dict.fromkeys(SUMMARY_KEYS, 0)
    assert diff.warnings == []


def test_a_partial_snapshot_is_never_chosen_by_default_and_never_shows_members_leaving(con):
    first = store_snapshot(con, JAN, seats(CASCO, "P", 1619, 2064))
    second = store_snapshot(con, FEB, seats(CASCO, "P", 1619, 2064, 2188))
    store_snapshot(con, MAR, seats(CASCO, "P", 1619), status="partial")
    store_snapshot(con, APR, [], status="failed")

    diff = diff_snapshots(con)
    assert (diff.before.snapshot_id, diff.after.snapshot_id) == (first, second)
    assert diff.summary()["memberships_left"] == 0
    assert [(row["change"], row["member_id"]) for row in records(diff, "memberships")] == [("joined", 2188)]


def test_a_partial_or_failed_snapshot_named_explicitly_compares_nothing_it_holds_partial_and_says_why(con):
    complete = store_snapshot(con, JAN, seats(CASCO, "P", 1619, 2064))
    partial = store_snapshot(con, FEB, seats(CASCO, "P", 1619), status="partial")
    failed = store_snapshot(con, MAR, [], status="failed")

    diff = diff_snapshots(con, complete, partial)
    assert diff.is_empty() and diff.compared == ()
    assert diff.warnings == ["committees, deliverables, liaisons, member_bodies, memberships, officers, organizations, subgroups "
                             "not compared: it is partial in snapshot 2 (partial in a test)"]

    diff = diff_snapshots(con, complete, failed)
    assert diff.is_empty() and diff.compared == ()
    assert "failed and holds no records, so nothing was compared" in diff.warnings[0]


def test_a_table_is_compared_only_when_both_snapshots_collected_it(con):
    store_snapshot(con, JAN, [*seats(CASCO, "P", 1619), Officer(committee_id=CASCO, role="chairperson", name="Ann")])
    store_snapshot(con, FEB, seats(CASCO, "P", 1619, 2064), covers=("memberships",))
    diff = diff_snapshots(con)
    assert diff.compared == (Part("memberships"),)
    assert diff.summary()["officers_changed"] == 0 and diff.summary()["memberships_joined"] == 1
    assert diff.warnings == ["committees, deliverables, liaisons, member_bodies, officers, organizations, subgroups "
                             "not compared: "
                             "snapshot 2 did not collect it"]


def test_the_default_pair_comes_from_one_source(con):
    site_first = store_snapshot(con, JAN, seats(CASCO, "P", 1619))
    site_second = store_snapshot(con, MAR, seats(CASCO, "P", 2064))
    opendata = store_snapshot(con, APR, seats(100, "P", 1619), source_kind="opendata", scope="all committees")

    diff = diff_snapshots(con)
    assert (diff.before.snapshot_id, diff.after.snapshot_id) == (site_first, site_second)
    assert diff_snapshots(con, site_first).after.snapshot_id == site_second

    mixed = diff_snapshots(con, site_second, opendata)
    assert any("different sources (site vs opendata)" in warning for warning in mixed.warnings)


def test_too_few_complete_snapshots_or_an_unknown_id_is_a_clear_error(con):
    first = store_snapshot(con, JAN, seats(CASCO, "P", 1619))
    store_snapshot(con, FEB, seats(CASCO, "P", 1619), status="partial")
    with pytest.raises(SnapshotChoiceError, match="not yet two snapshots of one source that are complete for the same tables"):
        diff_snapshots(con)
    with pytest.raises(SnapshotChoiceError, match="no later snapshot is complete for any of the same tables as snapshot 1"):
        diff_snapshots(con, first)
    with pytest.raises(SnapshotChoiceError, match="there is no snapshot 42"):
        diff_snapshots(con, first, 42)
    with pytest.raises(SnapshotChoiceError, match="cannot be compared with itself"):
        diff_snapshots(con, first, first)


def expected_summary(before: Dump, after: Dump) -> dict[str, int]:
    """The summary of a diff of two real dumps, worked out in plain Python."""
    kept = before.references.keys() & after.references.keys()
    moves = Counter(before.memberships[seat] + after.memberships[seat] for seat in before.memberships.keys() & after.memberships.keys())
    described = Counter(
        field for c in kept for field, value in before.described[c].items() if after.described[c][field] != value
    )
    renamed = Counter(kind for kind, i in before.acronyms.keys() & after.acronyms.keys()
                      if before.acronyms[kind, i] != after.acronyms[kind, i])
    return {
        "committees_added": len(after.references.keys() - before.references.keys()),
        "committees_removed": len(before.references.keys() - after.references.keys()),
        "committees_renamed": sum(before.references[c] != after.references[c] for c in kept),
        "committees_title_changed": described["title"],
        "committees_scope_changed": described["scope"],
        "committees_status_changed": described["status"],
        "committees_secretariat_changed": described["secretariat"],
        "memberships_joined": len(after.memberships.keys() - before.memberships.keys()),
        "memberships_left": len(before.memberships.keys() - after.memberships.keys()),
        "p_to_o": moves["PO"],
        "o_to_p": moves["OP"],
        "liaisons_added": len(after.liaisons - before.liaisons),
        "liaisons_removed": len(before.liaisons - after.liaisons),
        "liaisons_category_changed": 0,
        "liaisons_direction_changed": 0,
        "subgroups_added": 0,
        "subgroups_removed": 0,
        "member_bodies_renamed": renamed["member_body"],
        "organizations_renamed": renamed["organization"],
        "status_changed": moves["PO"] + moves["OP"],
        "officers_changed": 0,
        **NO_DELIVERABLE_CHANGES,
    }


def test_each_consecutive_pair_of_real_dumps_matches_a_plain_reading(opendata_db):
    readings = [read_dump(path) for path in DUMPS]
    with open_database(opendata_db, read_only=True) as con:
        ids = [row[0] for row in con.execute("SELECT snapshot_id FROM snapshots ORDER BY as_of").fetchall()]
        assert len(ids) == len(readings)
        summaries = [diff_snapshots(con, *pair).summary() for pair in zip(ids, ids[1:])]
        assert diff_snapshots(con).after.snapshot_id == ids[-1]
    expected = [expected_summary(before, after) for before, after in zip(readings, readings[1:])]
    assert summaries == expected
    assert sum(summary["memberships_joined"] + summary["p_to_o"] for summary in summaries) > 0


def test_subgroups_respelled_with_their_parents_reference_are_neither_removed_nor_added(con):
    """`ISO/IEC/JTC 4` became `ISO/IEC JTC 4` under the same id (NOTES); its subgroups' references follow. A
    subcommittee is matched by its own committee id, a working group by its designation, type and title."""
    jtc_4 = 10000004

    def jtc_4_as(reference: str, working_group: str = "WG 1") -> list:
        return [Committee(committee_id=jtc_4, reference=reference, title="Joint technical committee 4"),
                Subgroup(committee_id=jtc_4, reference=f"{reference}/SC 1", title="Foundations", type="subcommittee",
                         subgroup_id=10000005),
                Subgroup(committee_id=jtc_4, reference=f"{reference}/{working_group}", title="Terms",
                         type="working_group")]

    store_snapshot(con, JAN, jtc_4_as("ISO/IEC/JTC 4"))
    store_snapshot(con, FEB, jtc_4_as("ISO/IEC JTC 4"))
    store_snapshot(con, MAR, jtc_4_as("ISO/IEC JTC 4", "WG 2"))

    respelled = diff_snapshots(con, 1, 2)
    assert [row["change"] for row in respelled.sections["committees"].records()] == ["renamed"]
    assert respelled.sections["subgroups"].rows == []
    replaced = diff_snapshots(con, 2, 3).sections["subgroups"].records()
    assert [(row["change"], row["reference"]) for row in replaced] == [
        ("added", "ISO/IEC JTC 4/WG 2"), ("removed", "ISO/IEC JTC 4/WG 1")]
