"""The first-contact report: a few lines per page not understood, at most five pages, the rest counted."""

import datetime as dt

from casco_watch import store_snapshot
from casco_watch.runner.first_contact import first_contact_report
from casco_watch.schemas import Committee, LossCause, PageFailure, PageVisit, Reject

BASE = "http://127.0.0.1:8000"


def member_page(member_id):
    return f"{BASE}/member/{member_id}.html"


def rejected(url, *errors):
    return Reject(record_type="MemberBody", source_url=url, payload={"member_id": 1}, errors=list(errors))


def test_each_page_names_its_problems_and_the_rest_are_counted(tmp_path):
    db = tmp_path / "casco.duckdb"
    members = range(1001, 1008)
    items = [Committee(committee_id=54998, reference="ISO/CASCO", title="Conformity assessment", status="active")]
    items += [PageVisit(url=member_page(m), page_kind="member", subject_id=m, http_status=200) for m in members]
    items += [rejected(member_page(m), f"country: unknown label {m}") for m in members]
    items += [rejected(member_page(1001), *(f"problem {n}" for n in range(1, 5)))]
    items += [PageFailure(url=f"{BASE}/organization/9.html", page_kind="organization", http_status=200,
                          cause=LossCause.LAYOUT, reason="no organization details list found"),
              PageFailure(url=f"{BASE}/organization/8.html", page_kind="organization", http_status=404,
                          cause=LossCause.NOT_FOUND, reason="HTTP 404")]
    snapshot = store_snapshot(db, items, source_kind="site", source=BASE, scope="site:test", as_of=dt.date(2026, 10, 1)).snapshot

    report = first_contact_report(snapshot, db)

    assert report[0].startswith("  First contact: 8 pages fetched but not fully understood.")
    assert f"`casco reparse {snapshot.snapshot_id} --db {db}`" in report[0]
    assert report[1:8] == [
        f"    * {member_page(1001)} (member page)",
        "        country: unknown label 1001",
        "        problem 1",
        "        problem 2",
        "        ... and 2 more problems",
        "        no archived copy (the crawl kept no archive)",
        f"    * {member_page(1002)} (member page)",
    ]
    assert sum(line.startswith("    * ") for line in report) == 5
    assert report[-1].startswith("    ... and 3 more pages: casco query --db")
    assert f"{BASE}/organization/8.html" not in "\n".join(report), "an HTTP error is not a page misunderstood"


def test_a_dataset_has_no_pages_and_so_no_first_contact(tmp_path):
    db = tmp_path / "casco.duckdb"
    committee = Committee(committee_id=54998, reference="ISO/CASCO", title="Conformity assessment", status="active")
    line_rejected = Reject(record_type="Membership", line_number=7, payload={}, errors=["status: unknown 'X'"])
    snapshot = store_snapshot(db, [committee, line_rejected], source_kind="opendata", source="dump.jsonl",
                              scope="opendata", as_of=dt.date(2026, 10, 1)).snapshot

    assert snapshot.rejected == {"Membership": 1}
    assert first_contact_report(snapshot, db) == []
