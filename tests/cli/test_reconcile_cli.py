"""`casco reconcile`: a real crawl of the fixture site's ISO/TC 176 against Open Data files with planted differences."""

import datetime as dt
import json
import subprocess

import pytest

import casco_watch
from casco_watch.fixture_site.server import FixtureSite
from casco_watch.fixture_site.site_data import STATES, TC_176_ID, site
from tests.cli.test_cli import assert_one_line_error
from tests.conftest import casco_executable
from tests.spiders.test_site_crawl import LOOPBACK

CRAWLED_ON = dt.date.fromisoformat(STATES[0])
BSI, SCC, ANSI, BNSI = 2064, 1619, 2188, 1549
NEWCOMER = 513271  # ANSA, in no seat of ISO/TC 176 on the fixture site
ASQ, PLANTED_ORGANIZATION, PLANTED_COMMITTEE = 2753, 999001, 999002
ISO_9001 = {"id": 62085, "deliverableType": "IS", "supplementType": None, "reference": "ISO 9001:2015",
            "publicationDate": "2015-09-15", "edition": 5, "icsCode": [], "ownerCommittee": "ISO/TC 176",
            "currentStage": 9093, "replaces": [], "replacedBy": [], "languages": ["en"], "pages": {"en": 29}}
"""A document of ISO/TC 176 in Open Data only: the fixture site's TC 176 catalogue is empty."""


def opendata_line(committee_id: int, state=STATES[0]) -> dict:
    """A committee as ISO Open Data writes it, stating exactly what the fixture site's pages state."""
    data = site(state)
    committee = data.committees[committee_id]

    def bodies(ids):
        return [{"id": member, "acronym": data.member_bodies[member].acronym} for member in ids]

    return {
        "id": committee_id,
        "reference": committee.reference,
        "status": committee.status.capitalize(),
        "title": {"en": committee.title, "fr": None},
        "secretariat": bodies([committee.secretariat_id])[0] if committee.secretariat_id else None,
        "pMembers": bodies(committee.p_members),
        "oMembers": bodies(committee.o_members),
        "committeeLiaisons": [{"id": partner, "reference": data.committees[partner].reference}
                              for partner in sorted(data.liaison_committees(committee_id))],
        "organizationLiaisons": [{"id": org, "acronym": data.organizations[org].acronym}
                                 for org, _ in committee.organization_liaisons],
    }


def planted(line: dict) -> dict:
    """BSI gone, ANSA added as P, SCC and ANSI swapped P to O, BNSI O to P; ASQ gone, two partners added."""
    line = json.loads(json.dumps(line))
    line["pMembers"] = [m for m in line["pMembers"] if m["id"] not in (BSI, SCC, ANSI)]
    line["oMembers"] = [m for m in line["oMembers"] if m["id"] != BNSI]
    line["pMembers"] += [{"id": NEWCOMER, "acronym": "ANSA"}, {"id": BNSI, "acronym": "BNSI"}]
    line["oMembers"] += [{"id": SCC, "acronym": "SCC"}, {"id": ANSI, "acronym": "ANSI"}]
    line["organizationLiaisons"] = [o for o in line["organizationLiaisons"] if o["id"] != ASQ]
    line["organizationLiaisons"].append({"id": PLANTED_ORGANIZATION, "acronym": "PLANTED"})
    line["committeeLiaisons"].append({"id": PLANTED_COMMITTEE, "reference": "ISO/TC 999"})
    return line


def write_dump(directory, on: str, lines: list[dict]):
    path = directory / f"iso_technical_committees-{on}.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    return path


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    """TC 176 crawled from the fixture site on 2026-10-01, and three Open Data dumps around that date: the
    nearest (2026-10-03) has the planted differences, the others agree with the site."""
    directory = tmp_path_factory.mktemp("reconcile")
    path = directory / "casco.duckdb"
    with FixtureSite(STATES[0]) as fixture:
        arguments = ["crawl", "--base-url", fixture.base_url, "--committee", TC_176_ID, "--as-of", STATES[0],
                     "--db", path, *LOOPBACK]
        crawl = subprocess.run([casco_executable(), *map(str, arguments)], capture_output=True, text=True, timeout=300)
    assert crawl.returncode == 0, crawl.stdout + crawl.stderr
    casco_line = opendata_line(54998)
    for on, tc_176 in (("2026-09-20", opendata_line(TC_176_ID)), ("2026-10-03", planted(opendata_line(TC_176_ID))),
                       ("2026-10-06", opendata_line(TC_176_ID))):
        snapshot = casco_watch.load_opendata(write_dump(directory, on, [casco_line, tc_176]), path).snapshot
        assert snapshot.status == "complete", snapshot.reasons
    deliverables = directory / "iso_deliverables_metadata-2026-10-02.jsonl"
    deliverables.write_text(json.dumps(ISO_9001) + "\n")
    snapshot = casco_watch.load_opendata(deliverables, path, committees=[TC_176_ID]).snapshot
    assert snapshot.status == "complete", snapshot.reasons
    return path


def test_json_lists_exactly_the_planted_differences(casco, db):
    result = casco("reconcile", "--format", "json", "--db", db)

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"committees": [{
        "committee_id": TC_176_ID,
        "reference": "ISO/TC 176",
        "site_snapshot_id": 1,
        "site_as_of": "2026-10-01",
        "opendata_snapshot_id": 3,
        "opendata_as_of": "2026-10-03",
        "compared": ["memberships", "liaisons"],
        "only_on_site": [BSI],
        "only_in_opendata": [NEWCOMER],
        "status_differs": [
            {"member_id": ANSI, "site": "P", "opendata": "O"},
            {"member_id": BNSI, "site": "O", "opendata": "P"},
            {"member_id": SCC, "site": "P", "opendata": "O"},
        ],
        "liaisons_only_on_site": [{"partner_kind": "organization", "partner_id": ASQ}],
        "liaisons_only_in_opendata": [
            {"partner_kind": "committee", "partner_id": PLANTED_COMMITTEE},
            {"partner_kind": "organization", "partner_id": PLANTED_ORGANIZATION},
        ],
    }], "work_programmes": [{
        "committee_id": TC_176_ID,
        "reference": "ISO/TC 176",
        "site_snapshot_id": 1,
        "site_as_of": "2026-10-01",
        "opendata_snapshot_id": 5,
        "opendata_as_of": "2026-10-02",
        "only_on_site": [],
        "only_in_opendata": [ISO_9001["id"]],
        "stage_differs": [],
    }]}


def test_the_table_reads_as_an_audit(casco, db):
    result = casco("reconcile", "--db", db)

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "ISO/TC 176 (53882): site snapshot 1 of 2026-10-01 against Open Data snapshot 3 of 2026-10-03",
        "  members only on the site (1): BSI (2064) P",
        "  members only in Open Data (1): ANSA (513271) P",
        "  P/O status differs (3): ANSI (2188) site P, Open Data O; BNSI (1549) site O, Open Data P; "
        "SCC (1619) site P, Open Data O",
        "  liaisons only on the site (1): organization 2753 ASQ",
        "  liaisons only in Open Data (2): committee 999002 ISO/TC 999; organization 999001 PLANTED",
        "ISO/TC 176 (53882) work programme: site snapshot 1 of 2026-10-01 against Open Data snapshot 5 of 2026-10-02",
        "  documents only in Open Data (1): ISO 9001:2015 (62085) 90.93",
        "",
        "1 committee(s) and 1 work programme(s) compared, 2 with differences.",
    ]


def test_a_committee_only_one_source_covers_is_a_one_line_error(casco, db):
    assert_one_line_error(casco("reconcile", "--committee", "54998", "--db", db),
                          "committee 54998 is not in both a complete site snapshot and a complete Open Data snapshot")
