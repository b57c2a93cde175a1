"""End to end: a partial crawl's complete parts are used, and a committee's history survives a change of scope.

Real `casco crawl` runs over the fixture site on 127.0.0.1; what the diff must
report is worked out from the fixture data, not from the tool.
"""

import json

from casco_watch.fixture_site.server import FixtureSite, fixture_pages
from casco_watch.fixture_site.site_data import CASCO_ID, NOVEMBER_CHANGES, STATES, TC_176_ID, site
from tests.conftest import LOOPBACK
from tests.fixture_oracle import FaultySite



def crawl(casco, base_url, db, as_of, *committees):
    arguments = [argument for committee in committees for argument in ("--committee", committee)]
    return casco("crawl", "--base-url", base_url, "--db", db, "--as-of", as_of, *arguments, *LOOPBACK)


def casco_membership_changes():
    """(change, member id) for CASCO between the two fixture states, from the fixture data."""
    before, after = (site(state).committees[CASCO_ID] for state in STATES)
    seats = [{m: "P" for m in c.p_members} | {m: "O" for m in c.o_members} for c in (before, after)]
    changes = {(("joined" if m not in seats[0] else "left" if m not in seats[1] else
                 "p_to_o" if seats[0][m] == "P" else "o_to_p"), m)
               for m in seats[0].keys() | seats[1].keys() if seats[0].get(m) != seats[1].get(m)}
    return sorted(changes)


def membership_changes(diff, committee_id=CASCO_ID):
    return sorted((row["change"], row["member_id"]) for row in diff["memberships"] if row["committee_id"] == committee_id)


def test_the_expected_casco_changes_are_the_ones_the_fixture_plants():
    joined, left = NOVEMBER_CHANGES["members joined CASCO as P"], NOVEMBER_CHANGES["members left CASCO (one P, one O)"]
    assert casco_membership_changes() == sorted(
        [*(("joined", m) for m in joined), *(("left", m) for m in left),
         ("p_to_o", NOVEMBER_CHANGES["CASCO member switched P to O"]),
         ("o_to_p", NOVEMBER_CHANGES["CASCO member switched O to P"])])


def test_an_unknown_officer_role_exits_3_yet_the_default_diff_reports_the_membership_changes_exactly(
        casco, crawled_october, tmp_path):
    db = crawled_october.copy(tmp_path / "crawled")
    casco_page = f"/committee/{CASCO_ID}.html"
    unknown_role = fixture_pages(STATES[1])[casco_page.lstrip("/")].replace(
        '<div class="entry-label">Vice-chair</div>', '<div class="entry-label">Convenor</div>')
    assert "Convenor" in unknown_role
    assert crawled_october.said[STATES[0]].returncode == 0
    with FaultySite(STATES[1], page_overrides={casco_page: unknown_role.encode()}) as november:
        result = crawl(casco, november.base_url, db, STATES[1])

    assert result.returncode == 3, result.stdout + result.stderr
    assert "PARTIAL" in result.stdout and "Convenor" in result.stdout
    diff = json.loads(casco("diff", "--db", db, "--format", "json").stdout)
    assert (diff["from"]["snapshot_id"], diff["to"]["snapshot_id"]) == (1, 2)
    assert membership_changes(diff) == casco_membership_changes()
    assert diff["officers"] == [] and f"officers:{CASCO_ID}" not in diff["compared"]
    assert any(f"officers of committee {CASCO_ID} not compared: it is partial in snapshot 2" in warning
               and "Convenor" in warning for warning in diff["warnings"])
    latest = json.loads(casco("query", f"SELECT snapshot_id, count(*) AS seats FROM latest_memberships "
                                       f"WHERE committee_id = {CASCO_ID} GROUP BY ALL", "--db", db, "--format", "json").stdout)
    assert latest == [{"snapshot_id": 2, "seats": len(site(STATES[1]).committees[CASCO_ID].p_members)
                       + len(site(STATES[1]).committees[CASCO_ID].o_members)}]
    officers = json.loads(casco("query", f"SELECT DISTINCT snapshot_id FROM latest_officers WHERE committee_id = {CASCO_ID}",
                                "--db", db, "--format", "json").stdout)
    assert officers == [{"snapshot_id": 1}]


def test_adding_a_committee_to_the_crawl_keeps_casco_history_and_its_default_diff_exact(casco, crawled_october,
                                                                                      tmp_path):
    db = crawled_october.copy(tmp_path / "crawled")
    assert crawled_october.said[STATES[0]].returncode == 0
    with FixtureSite(STATES[1]) as november:
        assert crawl(casco, november.base_url, db, STATES[1], CASCO_ID, TC_176_ID).returncode == 0

    diffs = [json.loads(casco("diff", *arguments, "--db", db, "--format", "json").stdout)
             for arguments in ((), ("--committee", str(CASCO_ID)))]
    for diff in diffs:
        assert (diff["from"]["snapshot_id"], diff["to"]["snapshot_id"]) == (1, 2)
        assert membership_changes(diff) == casco_membership_changes()
        assert membership_changes(diff, TC_176_ID) == [] and diff["summary"]["committees_added"] == 0
    assert any(f"memberships of committee {TC_176_ID}" in warning and "no snapshot before 2 holds it complete" in warning
               for warning in diffs[0]["warnings"])
    history = json.loads(casco("history", "--committee", str(CASCO_ID), "--db", db, "--format", "json").stdout)
    assert [row["snapshot_id"] for row in history] == [1, 2]
    assert history[1]["joined"] == len(NOVEMBER_CHANGES["members joined CASCO as P"])
