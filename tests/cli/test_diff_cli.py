"""`casco diff` and `casco history` run for real against real DuckDB files."""

import csv
import io
import json

import pytest

from casco_watch.pipeline.store import open_database
from tests.cli.test_cli import assert_one_line_error
from tests.conftest import database_made_once, own_copy_of
from casco_watch.fixture_site.site_data import CASCO_ID, NOVEMBER_CHANGES, STATES, site
from tests.pipeline.conftest import seats, store_snapshot
from tests.pipeline.test_changes import (
    CASCO,
    EVERY_KIND_COUNTED,
    FEB,
    JAN,
    MAR,
    after_records,
    before_records,
)


def _three_snapshots(con) -> None:
    store_snapshot(con, JAN, before_records())
    store_snapshot(con, FEB, after_records())
    store_snapshot(con, MAR, seats(CASCO, "P", 2034), status="partial")


@pytest.fixture(scope="session")
def three_snapshots_made(tmp_path_factory):
    return database_made_once(tmp_path_factory, "diff-cli-db", _three_snapshots)


@pytest.fixture
def db(three_snapshots_made, tmp_path):
    return own_copy_of(three_snapshots_made, tmp_path)


@pytest.mark.parametrize("command", ["diff", "history"])
def test_the_commands_are_registered_with_help(casco, command):
    result = casco(command, "--help")
    assert result.returncode == 0 and "--db" in result.stdout and "--format" in result.stdout


def test_diff_as_json_compares_the_two_latest_complete_snapshots(casco, db):
    result = casco("diff", "--db", db, "--format", "json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert (payload["from"]["snapshot_id"], payload["to"]["snapshot_id"]) == (1, 2)
    assert payload["from"]["as_of"] == "2025-01-01" and payload["to"]["status"] == "complete"
    assert payload["warnings"] == []
    assert payload["summary"] == EVERY_KIND_COUNTED
    assert {"change": "p_to_o", "committee_id": CASCO, "committee_reference": "ISO/CASCO", "member_id": 1619,
            "acronym": "AFNOR", "country": "France", "before_status": "P", "after_status": "O"} in payload["memberships"]
    assert [len(payload[name]) for name in ("committees", "officers", "subgroups", "liaisons", "renames")] == [
        7, 3, 2, 5, 3]


def test_diff_as_csv_markdown_and_table(casco, db):
    as_csv = list(csv.DictReader(io.StringIO(casco("diff", "--db", db, "--format", "csv").stdout)))
    assert len(as_csv) == 26
    assert {"section": "officers", "change": "changed", "before_name": "Ann Able", "after_name": "Bob Baker"}.items() \
        <= next(row for row in as_csv if row["change"] == "changed").items()
    as_markdown = casco("diff", "--db", db, "--format", "markdown").stdout
    assert as_markdown.startswith("# Changes from snapshot 1") and "## memberships" in as_markdown
    assert "| p_to_o | 54998 | ISO/CASCO | 1619 | AFNOR | France | P | O |" in as_markdown
    as_table = casco("diff", "--db", db).stdout
    assert "summary: committees_added 1" in as_table and "Bob Baker" in as_table


def test_diff_of_one_committee(casco, db):
    payload = json.loads(casco("diff", "1", "2", "--committee", "400", "--db", db, "--format", "json").stdout)
    assert [row["change"] for row in payload["memberships"]] == ["joined"]
    assert payload["summary"]["memberships_joined"] == 1 and payload["summary"]["memberships_left"] == 0


def test_a_partial_snapshot_named_explicitly_comes_with_a_warning(casco, db):
    payload = json.loads(casco("diff", "2", "3", "--db", db, "--format", "json").stdout)
    assert payload["to"]["status"] == "partial"
    assert any("not compared: it is partial in snapshot 3" in warning for warning in payload["warnings"])
    assert "not compared: it is partial in snapshot 3" in casco("diff", "2", "3", "--db", db).stdout


def test_an_unchanged_pair_says_so(casco, tmp_path):
    path = tmp_path / "same.duckdb"
    with open_database(path) as con:
        for as_of in (JAN, FEB):
            store_snapshot(con, as_of, after_records())
    assert casco("diff", "--db", path).stdout.rstrip().endswith("No changes.")


def test_diff_errors_are_one_line(casco, db, tmp_path):
    assert_one_line_error(casco("diff", "1", "42", "--db", db), "there is no snapshot 42")
    assert_one_line_error(casco("diff", "2", "--db", db), "no later snapshot is complete for any of the same tables as snapshot 2")
    assert_one_line_error(casco("diff", "--db", tmp_path / "none.duckdb"), "no database at")
    single = tmp_path / "single.duckdb"
    with open_database(single) as con:
        store_snapshot(con, JAN, before_records())
    assert_one_line_error(casco("diff", "--db", single), "not yet two snapshots of one source that are complete", "casco diff FROM TO")


def test_history_of_a_member_and_of_a_committee(casco, db):
    seats_of_afnor = json.loads(casco("history", "--member", "afnor", "--db", db, "--format", "json").stdout)
    assert [(row["committee"], row["status"], row["valid_from"], row["valid_to"]) for row in seats_of_afnor] == [
        ("ISO/CASCO", "P", "2025-01-01", "2025-02-01"),
        ("ISO/CASCO", "O", "2025-02-01", None),
        ("ISO/TC 1", "P", "2025-01-01", "2025-02-01"),
    ]
    only_casco = json.loads(casco("history", "--member", "1619", "--committee", str(CASCO), "--db", db,
                                  "--format", "json").stdout)
    assert len(only_casco) == 2
    timeline = json.loads(casco("history", "--committee", str(CASCO), "--db", db, "--format", "json").stdout)
    assert [(row["p_members"], row["o_members"], row["joined"], row["left"]) for row in timeline] == [
        (3, 1, None, None), (2, 2, 1, 1)]
    assert "| 2025-02-01 |" in casco("history", "--committee", str(CASCO), "--db", db, "--format", "markdown").stdout


def test_history_errors(casco, db):
    assert_one_line_error(casco("history", "--member", "NOPE", "--db", db), "no member body has the acronym or id")
    assert_one_line_error(casco("history", "--committee", "7", "--db", db), "committee 7 has no members")
    assert_one_line_error(casco("history", "--deliverable", "ISO 9999:2099", "--db", db), "no document has the id or reference")
    assert casco("history", "--db", db).returncode == 2


def fixture_site_changes():
    """The whole diff of the fixture site from October to November, from the site's own data and change list."""
    october, november = site(STATES[0]), site(STATES[1])
    change, casco = NOVEMBER_CHANGES, october.committees[CASCO_ID]

    def seat(kind, member_id, before, after, state):
        body = state.member_bodies[member_id]
        return {"change": kind, "committee_id": CASCO_ID, "committee_reference": "ISO/CASCO", "member_id": member_id,
                "acronym": body.acronym, "country": body.country, "before_status": before, "after_status": after}

    def removed_liaison(kind, partner_id, partner, direction, category):
        return {"change": "removed", "committee_id": CASCO_ID, "committee_reference": "ISO/CASCO",
                "partner_kind": kind, "partner_id": partner_id, "partner": partner, "before_direction": direction,
                "after_direction": None, "before_category": category, "after_category": None}

    def document(kind, deliverable_id, before, after):
        reference = next(d.reference for state in (november, october) for d in state.work_programme(CASCO_ID)
                         if d.deliverable_id == deliverable_id)
        return {"change": kind, "committee_id": CASCO_ID, "committee_reference": "ISO/CASCO",
                "deliverable_id": deliverable_id, "reference": reference, "before": before, "after": after}

    stages = {d.deliverable_id: d.stage for d in october.work_programme(CASCO_ID)}
    published, withdrawn, started = (change["CASCO project published"][0], change["CASCO standard withdrawn"],
                                     change["CASCO project started"])
    ended_committee, ended_organization = change["CASCO committee liaison ended"], change["CASCO organization liaison ended"]
    renamed_id, new_acronym = change["member body renamed its acronym"]
    subgroup = change["CASCO subgroup added"]
    return {
        "committees": [],
        "memberships": [
            *(seat("joined", m, None, "P", november) for m in change["members joined CASCO as P"]),
            *(seat("left", m, "P" if m in casco.p_members else "O", None, october)
              for m in change["members left CASCO (one P, one O)"]),
            seat("p_to_o", change["CASCO member switched P to O"], "P", "O", november),
            seat("o_to_p", change["CASCO member switched O to P"], "O", "P", november),
        ],
        "officers": [{"change": "changed", "committee_id": CASCO_ID, "committee_reference": "ISO/CASCO",
                      "role": "chairperson",
                      "before_name": next(o.name for o in casco.officers if o.role == "chairperson"),
                      "after_name": change["new CASCO chairperson"].name}],
        "subgroups": [{"change": "added", "committee_id": CASCO_ID, "committee_reference": "ISO/CASCO",
                       "reference": subgroup.reference, "title": subgroup.title, "type": subgroup.type}],
        "liaisons": [
            *(removed_liaison("committee", ended_committee, october.committees[ended_committee].reference, direction,
                              None)
              for direction, partners in (("to", october.liaisons_to(CASCO_ID)),
                                          ("from", october.liaisons_from(CASCO_ID)))
              if ended_committee in partners),
            removed_liaison("organization", ended_organization, october.organizations[ended_organization].acronym,
                            "unspecified", dict(casco.organization_liaisons)[ended_organization]),
        ],
        "renames": [{"change": "renamed", "kind": "member_body", "id": renamed_id,
                     "before_acronym": october.member_bodies[renamed_id].acronym, "after_acronym": new_acronym,
                     "before_name": october.member_bodies[renamed_id].name,
                     "after_name": november.member_bodies[renamed_id].name}],
        "deliverables": [
            *(document("stage_changed", i, stages[i], stage) for i, stage in change["CASCO projects moved stage"].items()),
            document("published", published, stages[published], "60.60"),
            document("withdrawn", withdrawn, stages[withdrawn], "95.99"),
            document("added", started.deliverable_id, None, started.stage),
        ],
    }


def test_the_whole_diff_between_the_two_crawled_states_of_the_fixture_site(casco, crawled_states):
    change = NOVEMBER_CHANGES
    db = crawled_states.db
    for crawled in crawled_states.said.values():
        assert crawled.returncode == 0, crawled.stdout + crawled.stderr

    payload = json.loads(casco("diff", "--db", db, "--format", "json").stdout)

    expected = fixture_site_changes()
    assert payload["warnings"] == []
    for section, rows in expected.items():
        assert sorted(payload[section], key=json.dumps) == sorted(rows, key=json.dumps), section
    assert {name: count for name, count in payload["summary"].items() if count} == {
        "memberships_joined": 2, "memberships_left": 2, "p_to_o": 1, "o_to_p": 1,
        "liaisons_removed": len(expected["liaisons"]), "subgroups_added": 1, "member_bodies_renamed": 1,
        "status_changed": 2, "officers_changed": 1,
        "deliverables_added": 1, "stage_changed": len(change["CASCO projects moved stage"]), "published": 1,
        "withdrawn": 1,
    }
    stages = json.loads(casco("history", "--deliverable", "ISO/IEC FDIS 17043", "--db", db, "--format", "json").stdout)
    assert [(row["reference"], row["valid_from"], row["valid_to"], row["status"], row["stage"]) for row in stages] == [
        ("ISO/IEC FDIS 17043", STATES[0], STATES[1], "under_development", "50.20"),
        ("ISO/IEC 17043:2026", STATES[1], None, "published", "60.60"),
    ]


def test_a_committee_in_neither_snapshot_is_an_error_not_no_changes(casco, db):
    assert_one_line_error(casco("diff", "--committee", "999999", "--db", db),
                          "committee 999999 is in neither snapshot 1 nor snapshot 2", "check the id")


def test_a_markdown_diff_of_open_data_attributes_iso_open_data(casco, tmp_path):
    db = tmp_path / "opendata.duckdb"
    with open_database(db) as con:
        store_snapshot(con, JAN, before_records(), source_kind="opendata")
        store_snapshot(con, FEB, after_records(), source_kind="opendata")
    result = casco("diff", "--db", db, "--format", "markdown")
    assert result.returncode == 0, result.stderr
    assert result.stdout.rstrip().endswith("Source: ISO Open Data, © ISO, licensed ODC-By 1.0.")


def test_suggested_commands_quote_a_path_with_spaces(casco, tmp_path, db):
    spaced = tmp_path / "my reports" / "casco.duckdb"
    spaced.parent.mkdir()
    spaced.write_bytes(db.read_bytes())
    result = casco("reparse", "99", "--db", spaced)
    assert f"`casco snapshots --db '{spaced}'` lists them" in result.stderr
